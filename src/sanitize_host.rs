//! The sanitiser's walk on the host, for pre-rendered pages: html5ever
//! parses `body_html` as the browser's `DOMParser` does (a whole document,
//! scripting off), and the walk writes markup for what the same decisions
//! ([`super::element_policy`], [`super::clean_attributes`], …) accept.
//!
//! Only in the host build (feature `ssr`); the wasm never carries a parser.
//! What it writes holds only allowlisted elements with cleaned attributes;
//! every text and attribute value is escaped, and no raw-text element
//! (`script`, `style`, `textarea`, …) is ever written, so the markup means
//! the same thing when a browser parses it.

use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{ns, ParseOpts};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

use super::{clean_attributes, element_policy, output_tag_name, ElementPolicy, MAX_DEPTH};

/// Elements written without an end tag.
const VOID_ELEMENTS: &[&str] = &["br", "hr", "img"];

/// Parses `html` as a whole document with scripting off, like `DOMParser`.
fn parse(html: &str) -> RcDom {
    let options = ParseOpts {
        tree_builder: TreeBuilderOpts { scripting_enabled: false, ..Default::default() },
        ..Default::default()
    };
    html5ever::parse_document(RcDom::default(), options).one(html)
}

/// The first child element of `node` with this local name (HTML namespace).
fn child_element(node: &Handle, name: &str) -> Option<Handle> {
    node.children
        .borrow()
        .iter()
        .find(|child| matches!(&child.data, NodeData::Element { name: qual, .. } if qual.ns == ns!(html) && &*qual.local == name))
        .cloned()
}

/// Text as the serialiser writes it in content: `&`, `<`, `>` and
/// no-break spaces escaped.
fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

/// An attribute value inside double quotes: `&`, `"`, `<`, `>` and
/// no-break spaces escaped.
fn push_attribute_value(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

/// One level of the walk: the children still to visit, the end tag to write
/// when they are done, and how many kept elements enclose them.
struct Frame {
    children: Vec<Handle>,
    next: usize,
    end_tag: Option<String>,
    depth: usize,
}

/// The sanitised body of `html` as markup, for a page rendered on the
/// host. `origin` is the deployed site's origin, which tells links into the
/// app from others. Never panics; iterative, so any nesting depth is safe.
pub fn sanitize_to_html_string(html: &str, origin: &str) -> String {
    let dom = parse(html);
    let Some(body) = child_element(&dom.document, "html").and_then(|root| child_element(&root, "body")) else {
        return String::new();
    };
    let mut out = String::with_capacity(html.len());
    let mut stack = vec![Frame { children: body.children.borrow().clone(), next: 0, end_tag: None, depth: 0 }];
    while let Some(frame) = stack.last_mut() {
        let Some(node) = frame.children.get(frame.next).cloned() else {
            if let Some(end_tag) = stack.pop().and_then(|frame| frame.end_tag) {
                out.push_str(&end_tag);
            }
            continue;
        };
        frame.next += 1;
        let depth = frame.depth;
        match &node.data {
            NodeData::Text { contents } => push_text(&mut out, &contents.borrow()),
            NodeData::Element { name, attrs, .. } => {
                if name.ns != ns!(html) {
                    continue;
                }
                let tag = name.local.to_ascii_lowercase();
                let unwrap = Frame { children: node.children.borrow().clone(), next: 0, end_tag: None, depth };
                match element_policy(&tag) {
                    ElementPolicy::DropWithContent => {}
                    ElementPolicy::Unwrap => stack.push(unwrap),
                    ElementPolicy::Keep if depth >= MAX_DEPTH => stack.push(unwrap),
                    ElementPolicy::Keep => {
                        let attrs = attrs.borrow();
                        // Attributes in no namespace only, as `getAttribute` on an HTML element sees them.
                        let pairs: Vec<(&str, &str)> = attrs
                            .iter()
                            .filter(|attr| attr.name.ns == ns!() && attr.name.prefix.is_none())
                            .map(|attr| (&*attr.name.local, &*attr.value))
                            .collect();
                        let Some(attributes) = clean_attributes(&tag, &pairs, origin) else { continue };
                        let output_tag = output_tag_name(&tag);
                        out.push('<');
                        out.push_str(&output_tag);
                        for (name, value) in &attributes {
                            out.push(' ');
                            out.push_str(name);
                            out.push_str("=\"");
                            push_attribute_value(&mut out, value);
                            out.push('"');
                        }
                        out.push('>');
                        if VOID_ELEMENTS.contains(&output_tag.as_str()) {
                            continue;
                        }
                        stack.push(Frame {
                            children: node.children.borrow().clone(),
                            next: 0,
                            end_tag: Some(format!("</{output_tag}>")),
                            depth: depth + 1,
                        });
                    }
                }
            }
            // Comments, processing instructions, doctypes: dropped.
            _ => {}
        }
    }
    out
}

/// Elements whose end starts a new line of text, for [`text_of`].
const BLOCK_ELEMENTS: &[&str] = &[
    "address", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
];

/// The readable text of `html` (what the sanitised body shows), blocks
/// separated by a space: for a page's meta description. Never panics.
pub fn text_of(html: &str) -> String {
    enum Visit {
        Node(Handle),
        /// The end of a block element.
        Space,
    }
    let dom = parse(html);
    let Some(body) = child_element(&dom.document, "html").and_then(|root| child_element(&root, "body")) else {
        return String::new();
    };
    let mut out = String::new();
    let mut stack: Vec<Visit> = body.children.borrow().iter().rev().map(|child| Visit::Node(child.clone())).collect();
    while let Some(visit) = stack.pop() {
        let node = match visit {
            Visit::Space => {
                out.push(' ');
                continue;
            }
            Visit::Node(node) => node,
        };
        match &node.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { name, .. } if name.ns == ns!(html) => {
                let tag = name.local.to_ascii_lowercase();
                if element_policy(&tag) == ElementPolicy::DropWithContent {
                    continue;
                }
                if BLOCK_ELEMENTS.contains(&tag.as_str()) {
                    stack.push(Visit::Space);
                }
                stack.extend(node.children.borrow().iter().rev().map(|child| Visit::Node(child.clone())));
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
