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

use super::{
    clean_attributes, element_policy, element_policy_in, output_tag_name, parent_after, picture_is_kept, ElementPolicy,
    Parent, MAX_DEPTH,
};

/// Elements written without an end tag.
const VOID_ELEMENTS: &[&str] = &["br", "hr", "img", "source"];

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
/// when they are done, how many kept elements enclose them, and what
/// encloses them (a kept `picture` or not).
struct Frame {
    children: Vec<Handle>,
    next: usize,
    end_tag: Option<String>,
    depth: usize,
    context: Parent,
}

/// The attributes of an element in no namespace, as `getAttribute` on an
/// HTML element sees them.
fn plain_attributes(attrs: &[html5ever::Attribute]) -> Vec<(&str, &str)> {
    attrs
        .iter()
        .filter(|attr| attr.name.ns == ns!() && attr.name.prefix.is_none())
        .map(|attr| (&*attr.name.local, &*attr.value))
        .collect()
}

/// Whether `picture` is kept: [`picture_is_kept`] on its first `img` child.
fn keeps_picture(picture: &Handle, depth: usize, origin: &str) -> bool {
    let children = picture.children.borrow();
    let image = children.iter().find_map(|child| match &child.data {
        NodeData::Element { name, attrs, .. } if name.ns == ns!(html) && &*name.local == "img" => {
            Some(attrs.borrow().clone())
        }
        _ => None,
    });
    let pairs = image.as_deref().map(plain_attributes);
    picture_is_kept(pairs.as_deref(), depth, origin)
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
    let mut stack = vec![Frame {
        children: body.children.borrow().clone(),
        next: 0,
        end_tag: None,
        depth: 0,
        context: Parent::Other,
    }];
    while let Some(frame) = stack.last_mut() {
        let Some(node) = frame.children.get(frame.next).cloned() else {
            if let Some(end_tag) = stack.pop().and_then(|frame| frame.end_tag) {
                out.push_str(&end_tag);
            }
            continue;
        };
        frame.next += 1;
        let depth = frame.depth;
        let context = frame.context;
        match &node.data {
            NodeData::Text { contents } => push_text(&mut out, &contents.borrow()),
            NodeData::Element { name, attrs, .. } => {
                if name.ns != ns!(html) {
                    continue;
                }
                let tag = name.local.to_ascii_lowercase();
                frame.context = parent_after(context, &tag);
                let unwrap =
                    Frame { children: node.children.borrow().clone(), next: 0, end_tag: None, depth, context: Parent::Other };
                let (keep, children_context) = match element_policy_in(context, &tag) {
                    ElementPolicy::DropWithContent => continue,
                    ElementPolicy::Unwrap => (false, Parent::Other),
                    ElementPolicy::Keep => (depth < MAX_DEPTH, Parent::Other),
                    ElementPolicy::Picture => (keeps_picture(&node, depth, origin), Parent::PictureBeforeImage),
                };
                if !keep {
                    stack.push(unwrap);
                    continue;
                }
                let attrs = attrs.borrow();
                let Some(attributes) = clean_attributes(&tag, &plain_attributes(&attrs), origin) else { continue };
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
                    context: children_context,
                });
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

#[cfg(test)]
mod tests {
    //! The host walk of responsive images: the cases the browser walk's
    //! tests run too (`tests/fixtures/responsive_images.rs`), compared byte
    //! for byte.
    use super::sanitize_to_html_string;
    use crate::sanitize::responsive_images;

    const ORIGIN: &str = "https://thanhvan.gov.vn";

    #[test]
    fn responsive_images_as_the_browser_walk_writes_them() {
        let mut failures = Vec::new();
        for (input, expected) in responsive_images::CASES {
            let actual = sanitize_to_html_string(input, ORIGIN);
            if actual != *expected {
                failures.push(format!("{input:?}\n   got {actual:?}\n  want {expected:?}"));
            }
            let again = sanitize_to_html_string(&actual, ORIGIN);
            if again != actual {
                failures.push(format!("{input:?}: sanitised again, {actual:?} becomes {again:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_picture_at_the_depth_limit_is_unwrapped_and_its_image_kept_where_it_fits() {
        let depth = super::MAX_DEPTH;
        for wrappers in [depth - 2, depth - 1, depth] {
            let html = format!(
                "{}<picture><source srcset=\"/a.webp\"><img src=\"/a.jpg\"></picture>{}",
                "<div>".repeat(wrappers),
                "</div>".repeat(wrappers)
            );
            let out = sanitize_to_html_string(&html, ORIGIN);
            let kept = out.contains("<picture><source srcset=\"/a.webp\"><img ");
            assert_eq!(kept, wrappers + 1 < depth, "{wrappers} wrappers: {out}");
            assert!(!out.contains("<source") || kept, "{wrappers} wrappers: a source outside a picture: {out}");
        }
    }
}
