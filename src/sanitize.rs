//! The allowlist sanitiser for `body_html`, the untrusted article HTML that
//! the CMS sends.
//!
//! Two layers, kept apart on purpose:
//! - **decisions**, plain functions on strings with no web-sys type in their
//!   signatures, tested on the host: which elements stay ([`element_policy`],
//!   [`output_tag_name`]), which attributes stay and how they are rewritten
//!   ([`clean_attribute`], [`clean_attributes`]), which URLs are acceptable
//!   ([`url_scheme`], [`is_allowed_href`], [`is_allowed_src`]) and where a
//!   link leads ([`link_kind`]);
//! - **the walker** ([`sanitize_body`], [`sanitize_to_html_string`],
//!   [`sanitize_to_saved_html_string`]): the browser's own parser reads the
//!   HTML into an inert document (no scripts run, nothing loads), the walker
//!   visits its `<body>` and *builds a new tree* in the live document from
//!   what the decisions accept: fresh elements, fresh text nodes, attributes
//!   set one by one.
//!
//! What this module deliberately never does: assign markup to `innerHTML` or
//! otherwise serialise and re-parse. Mutation XSS lives in that round trip
//! (markup that means one thing when parsed and another once serialised and
//! parsed again); building nodes sidesteps it. The only serialisations are
//! [`sanitize_to_html_string`] and [`sanitize_to_saved_html_string`]
//! *reading* `innerHTML` of the already clean tree (the latter for the saved
//! file, after making its links and images absolute); what they yield holds
//! only allowlisted elements, and every text in it is escaped by the
//! serialiser.
//!
//! Policy in short (the constants below are the source of truth):
//! - elements in [`ALLOWED_ELEMENTS`] are rebuilt; `h1` becomes `h2`, because
//!   the article page owns the page's only `h1` (the article title);
//! - elements in [`DROPPED_WITH_CONTENT`] vanish with everything inside them
//!   (scripts, styles, embedded documents and plugins, forms and controls,
//!   media, head-only elements, raw-text elements, foreign content);
//! - any other HTML element is unwrapped: it goes, its children stay;
//! - any element outside the HTML namespace (SVG, MathML) goes with its
//!   subtree, whatever its name;
//! - comments, processing instructions, doctypes and CDATA sections go;
//! - attributes: see [`allowed_attributes`]; everything else (`on*`, `style`,
//!   `class`, `id`, `name`, `srcset`, `data-*`, …) is dropped;
//! - beyond [`MAX_DEPTH`] nested kept elements, deeper elements are unwrapped
//!   too, so a hostile document cannot build a tree deep enough to hurt
//!   layout, and the walk itself is iterative (no recursion at all).

/// The HTML namespace: the only one whose elements may pass.
pub const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// How deep kept elements may nest in the output. Deeper elements are
/// unwrapped (their text stays, their structure goes). Real articles nest
/// perhaps ten levels (a table in a list in a blockquote).
pub const MAX_DEPTH: usize = 64;

/// Elements rebuilt in the output (with `h1`, which becomes `h2`).
#[rustfmt::skip]
pub const ALLOWED_ELEMENTS: &[&str] = &[
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small",
    "mark", "blockquote", "q", "cite", "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption", "img", "table",
    "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "hr", "pre", "code", "abbr", "span", "div",
];

/// Elements dropped together with their whole subtree: their content is
/// code, an embedded document, a form control's state, raw text the author
/// never meant to show, or metadata.
///
/// Beyond the obvious ones (`script`, `style`, `template`, `iframe`, `object`,
/// `embed`, `noscript`, `svg`, `math`, forms and controls), this covers:
/// head-only elements (`head`, `title`, `link`, `meta`, `base`); frames and
/// plugins (`frame`, `frameset`, `applet`, `param`, `portal`, `fencedframe`);
/// media and drawing (`audio`, `video`, `source`, `track`, `canvas`), whose
/// inner content is fallback for old browsers; `dialog` (modal UI); the
/// options of a select list (`option`, `optgroup`, `datalist`,
/// `selectedcontent`); and the obsolete raw-text elements `xmp`, `noembed`,
/// `noframes`, `plaintext`, whose content is unparsed markup that would show
/// as text. `picture` is *not* here: it is unwrapped, so its `img` survives.
#[rustfmt::skip]
pub const DROPPED_WITH_CONTENT: &[&str] = &[
    // code and styles
    "script", "style", "template",
    // embedded documents and plugins
    "iframe", "object", "embed", "applet", "param", "frame", "frameset", "portal", "fencedframe",
    // parsed differently when scripting is on or off
    "noscript",
    // foreign content (also caught by the namespace check)
    "svg", "math",
    // forms and controls
    "form", "textarea", "select", "button", "input", "option", "optgroup", "datalist", "selectedcontent",
    // head-only
    "head", "title", "link", "meta", "base",
    // media and drawing
    "audio", "video", "source", "track", "canvas",
    // modal UI
    "dialog",
    // obsolete raw-text elements
    "xmp", "noembed", "noframes", "plaintext",
];

/// Attributes the sanitiser adds on its own: `loading="lazy"` and
/// `decoding="async"` on every `img`; `target="_blank"` with
/// `rel="noopener noreferrer"` on links to other origins; `rel="external"`
/// on links to this origin outside the app's routes.
pub const ADDED_ATTRIBUTES: &[(&str, &str)] = &[("img", "loading"), ("img", "decoding"), ("a", "target"), ("a", "rel")];

/// What becomes of an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementPolicy {
    /// Rebuilt in the output, with its cleaned attributes and its children.
    Keep,
    /// Left out, its children take its place.
    Unwrap,
    /// Left out together with everything inside it.
    DropWithContent,
}

/// The policy for an HTML-namespace element, by local name (case-insensitive).
/// Elements of other namespaces are dropped with their content before this is
/// asked.
pub fn element_policy(tag: &str) -> ElementPolicy {
    let tag = tag.to_ascii_lowercase();
    if ALLOWED_ELEMENTS.contains(&tag.as_str()) {
        ElementPolicy::Keep
    } else if DROPPED_WITH_CONTENT.contains(&tag.as_str()) {
        ElementPolicy::DropWithContent
    } else {
        ElementPolicy::Unwrap
    }
}

/// The tag a kept element gets in the output. `h1` becomes `h2`: the article
/// page already has its one `h1`, the article's title, and a CMS `h1` in the
/// body is a section heading one level below it.
pub fn output_tag_name(tag: &str) -> String {
    let tag = tag.to_ascii_lowercase();
    if tag == "h1" {
        "h2".to_string()
    } else {
        tag
    }
}

/// The attributes an element may keep, in the order they are written out.
/// Those of [`ADDED_ATTRIBUTES`] come on top.
pub fn allowed_attributes(tag: &str) -> &'static [&'static str] {
    match tag.to_ascii_lowercase().as_str() {
        "a" => &["href", "title"],
        "img" => &["src", "alt", "width", "height"],
        "th" | "td" => &["colspan", "rowspan", "scope"],
        "abbr" => &["title"],
        _ => &[],
    }
}

/// Where an acceptable `href` leads, which decides `target` and `rel`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// A page of this app (`/bai-viet/…`, `/chuyen-muc/…`, `/trang/…` on this origin):
    /// written as the root-relative path, with no `target`, so the router
    /// intercepts the click and navigates inside the app.
    InApp(String),
    /// Another origin: opens in a new tab, `rel="noopener noreferrer"`.
    External,
    /// This origin, but not one of the app's routes (a PDF under `/uploads/`,
    /// a fragment, a path relative to the article): `rel="external"` tells
    /// the router to let the browser load it, in the same tab.
    Site,
    /// `mailto:` or `tel:`: no target, the system handles it.
    Mail,
}

/// Whether `c` is an ASCII control character (U+0000–U+001F, U+007F) or
/// whitespace, which the URL parser strips (tab and newlines anywhere,
/// controls and spaces at the ends). Stripping them everywhere, and Unicode
/// whitespace too, only ever makes a scheme easier to see, never harder.
fn is_url_noise(c: char) -> bool {
    c.is_ascii_control() || c.is_whitespace()
}

/// Trims what the URL parser would trim at the ends: controls and spaces.
fn trim_url(value: &str) -> &str {
    value.trim_matches(|c: char| c <= ' ' || c == '\u{7f}')
}

/// `value` with every control character and whitespace removed.
fn compact_url(value: &str) -> String {
    value.chars().filter(|&c| !is_url_noise(c)).collect()
}

/// The scheme of a URL as the browser would see it, lower-cased, or `None`
/// for a relative URL.
///
/// `value` comes from the DOM, so character references are already decoded.
/// Controls and whitespace are removed everywhere (the URL parser drops tabs
/// and newlines inside the value and trims the ends), then the scheme is the
/// text before the first `:`, if that text holds no `/`, `?` or `#` (else the
/// colon belongs to a path, query or fragment of a relative URL).
/// An empty scheme (`":x"`) is reported as `Some("")`, which no allowlist
/// accepts.
pub fn url_scheme(value: &str) -> Option<String> {
    let compact = compact_url(value);
    let colon = compact.find(':')?;
    let before = &compact[..colon];
    if before.contains(['/', '?', '#']) {
        return None;
    }
    Some(before.to_ascii_lowercase())
}

/// Whether `value` may be a link's `href`: `http`, `https`, `mailto`, `tel`,
/// or relative (which includes protocol-relative `//host/path`). Empty
/// values are refused.
pub fn is_allowed_href(value: &str) -> bool {
    if compact_url(value).is_empty() {
        return false;
    }
    match url_scheme(value).as_deref() {
        None => true,
        Some(scheme) => matches!(scheme, "http" | "https" | "mailto" | "tel"),
    }
}

/// Whether `value` may be an image's `src`: `http`, `https` or relative.
/// No `data:` (an SVG image can be a script vector elsewhere, and nothing
/// the CMS sends needs it), no `blob:`. Empty values are refused.
pub fn is_allowed_src(value: &str) -> bool {
    if compact_url(value).is_empty() {
        return false;
    }
    match url_scheme(value).as_deref() {
        None => true,
        Some(scheme) => matches!(scheme, "http" | "https"),
    }
}

/// Whether a root-relative path is one of the app's routes.
fn is_app_path(path: &str) -> bool {
    path.starts_with("/bai-viet/") || path.starts_with("/chuyen-muc/") || path.starts_with("/trang/")
}

/// Classifies an absolute URL (`compact`, noise removed) against `origin`.
fn absolute_link_kind(compact: &str, origin: &str) -> LinkKind {
    let origin = origin.trim_end_matches('/');
    if origin.is_empty() {
        return LinkKind::External;
    }
    let same_origin = compact.get(..origin.len()).is_some_and(|prefix| prefix.eq_ignore_ascii_case(origin));
    if !same_origin {
        return LinkKind::External;
    }
    let rest = &compact[origin.len()..];
    if rest.starts_with('/') {
        if is_app_path(rest) {
            LinkKind::InApp(rest.to_string())
        } else {
            LinkKind::Site
        }
    } else if rest.is_empty() || rest.starts_with('?') || rest.starts_with('#') {
        LinkKind::Site
    } else {
        // `:port`, `.evil.example`, `@evil.example`, `\`…: another origin, or
        // one that is not worth telling apart from another.
        LinkKind::External
    }
}

/// Where an `href` that passed [`is_allowed_href`] leads, seen from a page
/// on `origin` (e.g. `https://thanhvan.gov.vn`, no trailing slash).
///
/// Protocol-relative URLs (`//host/x`) take the page's scheme; those starting
/// with a backslash in either of the first two places (`/\host`, `\\host`),
/// which browsers read as protocol-relative too, are always external.
pub fn link_kind(href: &str, origin: &str) -> LinkKind {
    let compact = compact_url(href);
    match url_scheme(href).as_deref() {
        Some("mailto" | "tel") => LinkKind::Mail,
        Some(_) => absolute_link_kind(&compact, origin),
        None => {
            let mut first_two = compact.chars().take(2);
            let slashes = matches!((first_two.next(), first_two.next()), (Some('/' | '\\'), Some('/' | '\\')));
            if compact.starts_with("//") {
                match origin.split_once("://") {
                    Some((scheme, _)) if !scheme.is_empty() => {
                        absolute_link_kind(&format!("{scheme}:{compact}"), origin)
                    }
                    _ => LinkKind::External,
                }
            } else if slashes {
                LinkKind::External
            } else if is_app_path(&compact) {
                LinkKind::InApp(compact)
            } else {
                LinkKind::Site
            }
        }
    }
}

/// A plain decimal integer within `min..=max` (surrounding ASCII whitespace
/// allowed), written back without leading zeros.
fn bounded_integer(value: &str, min: u32, max: u32) -> Option<String> {
    let value = value.trim_matches(|c: char| c.is_ascii_whitespace());
    if value.is_empty() || value.len() > 6 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u32 = value.parse().ok()?;
    (min..=max).contains(&number).then(|| number.to_string())
}

/// The cleaned value of one attribute, or `None` to drop it.
///
/// `tag` and `attr` are compared case-insensitively. `href` is checked with
/// [`is_allowed_href`] and, for links into the app, rewritten to the
/// root-relative path ([`link_kind`]); `src` with [`is_allowed_src`]; kept
/// URLs are trimmed of surrounding controls and whitespace.
pub fn clean_attribute(tag: &str, attr: &str, value: &str, origin: &str) -> Option<String> {
    let tag = tag.to_ascii_lowercase();
    let attr = attr.to_ascii_lowercase();
    match (tag.as_str(), attr.as_str()) {
        ("a", "href") => {
            if !is_allowed_href(value) {
                return None;
            }
            let trimmed = trim_url(value);
            Some(match link_kind(trimmed, origin) {
                LinkKind::InApp(path) => path,
                _ => trimmed.to_string(),
            })
        }
        ("img", "src") => is_allowed_src(value).then(|| trim_url(value).to_string()),
        ("a" | "abbr", "title") | ("img", "alt") => Some(value.to_string()),
        ("img", "width" | "height") => bounded_integer(value, 1, 10_000),
        ("th" | "td", "colspan" | "rowspan") => bounded_integer(value, 1, 100),
        ("th" | "td", "scope") => {
            let scope = value.trim_matches(|c: char| c.is_ascii_whitespace()).to_ascii_lowercase();
            matches!(scope.as_str(), "row" | "col" | "rowgroup" | "colgroup").then_some(scope)
        }
        _ => None,
    }
}

/// The attributes a kept element is written with, in a fixed order: the
/// cleaned ones of [`allowed_attributes`] plus those the sanitiser adds
/// ([`ADDED_ATTRIBUTES`]). `None` means the element itself is dropped: an
/// `img` without an acceptable `src`.
///
/// `attributes` are the element's (name, value) pairs; names are compared
/// case-insensitively and the first of a name wins (as in the DOM).
/// On `img`, `loading` and `decoding` come before `src`, so an image built
/// but not yet attached does not start loading eagerly.
pub fn clean_attributes(tag: &str, attributes: &[(&str, &str)], origin: &str) -> Option<Vec<(&'static str, String)>> {
    let tag = tag.to_ascii_lowercase();
    let lookup =
        |name: &str| attributes.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| *value);
    let mut out: Vec<(&'static str, String)> = Vec::new();
    if tag == "img" {
        let src = lookup("src").and_then(|value| clean_attribute("img", "src", value, origin))?;
        out.push(("loading", "lazy".to_string()));
        out.push(("decoding", "async".to_string()));
        out.push(("src", src));
        for name in ["alt", "width", "height"] {
            if let Some(value) = lookup(name).and_then(|value| clean_attribute("img", name, value, origin)) {
                out.push((name, value));
            }
        }
        return Some(out);
    }
    for &name in allowed_attributes(&tag) {
        if let Some(value) = lookup(name).and_then(|value| clean_attribute(&tag, name, value, origin)) {
            out.push((name, value));
        }
    }
    if tag == "a" {
        let kind = out.iter().find(|(name, _)| *name == "href").map(|(_, href)| link_kind(href, origin));
        match kind {
            Some(LinkKind::External) => {
                out.push(("target", "_blank".to_string()));
                out.push(("rel", "noopener noreferrer".to_string()));
            }
            Some(LinkKind::Site) => out.push(("rel", "external".to_string())),
            Some(LinkKind::InApp(_) | LinkKind::Mail) | None => {}
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------
// The host walker (pre-rendering): the same decisions over html5ever's tree.

#[cfg(feature = "ssr")]
#[path = "sanitize_host.rs"]
pub mod host;

// ---------------------------------------------------------------------------
// The walker: thin, and the only part that touches the DOM.

use wasm_bindgen::JsCast;
use web_sys::{Document, DocumentFragment, DomParser, Element, Node, SupportedType};

/// Parses `html` with the browser's parser into an inert document: scripts
/// do not run, images do not load, `<base>` affects nothing we read.
fn parse_inert(html: &str) -> Option<Document> {
    DomParser::new().ok()?.parse_from_string(html, SupportedType::TextHtml).ok()
}

/// One level of the walk: the next source node to visit at this level, and
/// where its output goes.
struct Frame {
    next: Option<Node>,
    parent: Node,
    depth: usize,
}

/// Rebuilds the children of `source` under `target`, in `document`.
/// Iterative: the stack lives on the heap, so any nesting depth is safe.
fn build_children(document: &Document, source: &Node, target: &Node, origin: &str) {
    let mut stack = vec![Frame { next: source.first_child(), parent: target.clone(), depth: 0 }];
    while let Some(frame) = stack.last_mut() {
        let Some(node) = frame.next.take() else {
            stack.pop();
            continue;
        };
        frame.next = node.next_sibling();
        let parent = frame.parent.clone();
        let depth = frame.depth;

        match node.node_type() {
            Node::TEXT_NODE => {
                let text = node.node_value().unwrap_or_default();
                let _ = parent.append_child(&document.create_text_node(&text));
            }
            Node::ELEMENT_NODE => {
                let Some(element) = node.dyn_ref::<Element>() else { continue };
                if element.namespace_uri().as_deref() != Some(HTML_NAMESPACE) {
                    continue;
                }
                let tag = element.local_name().to_ascii_lowercase();
                let unwrap = Frame { next: element.first_child(), parent: parent.clone(), depth };
                match element_policy(&tag) {
                    ElementPolicy::DropWithContent => {}
                    ElementPolicy::Unwrap => stack.push(unwrap),
                    ElementPolicy::Keep if depth >= MAX_DEPTH => stack.push(unwrap),
                    ElementPolicy::Keep => {
                        let values: Vec<(&str, String)> = allowed_attributes(&tag)
                            .iter()
                            .filter_map(|&name| element.get_attribute(name).map(|value| (name, value)))
                            .collect();
                        let pairs: Vec<(&str, &str)> =
                            values.iter().map(|(name, value)| (*name, value.as_str())).collect();
                        let Some(attributes) = clean_attributes(&tag, &pairs, origin) else { continue };
                        let Ok(output) = document.create_element(&output_tag_name(&tag)) else {
                            stack.push(unwrap);
                            continue;
                        };
                        for (name, value) in &attributes {
                            let _ = output.set_attribute(name, value);
                        }
                        if parent.append_child(&output).is_err() {
                            stack.push(unwrap);
                            continue;
                        }
                        stack.push(Frame { next: element.first_child(), parent: output.into(), depth: depth + 1 });
                    }
                }
            }
            // Comments, processing instructions, doctypes, CDATA: dropped.
            _ => {}
        }
    }
}

/// Sanitises `html` into a fragment of fresh nodes owned by `document`, for
/// the caller to append. `origin` is the page's origin (e.g.
/// `https://thanhvan.gov.vn`), which tells links into the app from others.
///
/// Never panics. If the browser's parser is unavailable, the fragment holds
/// `html` as one text node: visible as source, never interpreted.
pub fn sanitize_body(document: &Document, html: &str, origin: &str) -> DocumentFragment {
    let fragment = document.create_document_fragment();
    let Some(parsed) = parse_inert(html) else {
        let _ = fragment.append_child(&document.create_text_node(html));
        return fragment;
    };
    if let Some(body) = parsed.body() {
        build_children(document, &body, &fragment, origin);
    }
    fragment
}

/// The sanitised body as an HTML string, for the saved copy of an article.
/// It serialises the tree [`sanitize_body`] builds (appending it to a
/// detached `<div>` and *reading* `innerHTML`), so it holds exactly what the
/// page shows. Should even that fail, the input comes back escaped as text.
pub fn sanitize_to_html_string(document: &Document, html: &str, origin: &str) -> String {
    match sanitized_holder(document, html, origin) {
        Some(holder) => holder.inner_html(),
        None => crate::share::escape_html(html),
    }
}

/// The tree [`sanitize_body`] builds, in a detached `<div>` to be read.
fn sanitized_holder(document: &Document, html: &str, origin: &str) -> Option<Element> {
    let fragment = sanitize_body(document, html, origin);
    let holder = document.create_element("div").ok()?;
    holder.append_child(&fragment).ok()?;
    Some(holder)
}

/// The sanitised body as the saved copy of an article ("Lưu") holds it: the
/// tree [`sanitize_body`] builds, with every link and image made absolute
/// against `page_url`, the article's public address
/// ([`crate::share::absolute_url`]), so that they still lead to the portal
/// from a file opened from disk (where `/bai-viet/…` or `anh.jpg` would
/// point into the reader's own disk). A link whose address cannot be made
/// absolute keeps its text and loses its `href`; such an image is left out.
/// The same fallback as [`sanitize_to_html_string`] if serialising fails.
pub fn sanitize_to_saved_html_string(document: &Document, html: &str, origin: &str, page_url: &str) -> String {
    let Some(holder) = sanitized_holder(document, html, origin) else {
        return crate::share::escape_html(html);
    };
    for (selector, attribute) in [("a[href]", "href"), ("img[src]", "src")] {
        let Ok(list) = holder.query_selector_all(selector) else { continue };
        // A static list: removing an element does not shift the others.
        for element in (0..list.length()).filter_map(|index| list.item(index)?.dyn_into::<Element>().ok()) {
            let value = element.get_attribute(attribute).unwrap_or_default();
            match crate::share::absolute_url(page_url, &value) {
                Some(url) => {
                    let _ = element.set_attribute(attribute, &url);
                }
                None if attribute == "src" => element.remove(),
                None => {
                    for name in ["href", "target", "rel"] {
                        let _ = element.remove_attribute(name);
                    }
                }
            }
        }
    }
    holder.inner_html()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://thanhvan.gov.vn";

    /// One helper per decision: the input, and what the decision should say.
    fn check<I: std::fmt::Debug + ?Sized, O: PartialEq + std::fmt::Debug>(decide: impl Fn(&I) -> O, cases: &[(&I, O)]) {
        for (input, expected) in cases {
            let actual = decide(input);
            assert_eq!(&actual, expected, "input: {input:?}");
        }
    }

    #[test]
    fn element_policies() {
        use ElementPolicy::*;
        check(
            element_policy,
            &[
                ("p", Keep),
                ("P", Keep),
                ("h1", Keep),
                ("h6", Keep),
                ("img", Keep),
                ("a", Keep),
                ("table", Keep),
                ("td", Keep),
                ("abbr", Keep),
                ("div", Keep),
                ("script", DropWithContent),
                ("SCRIPT", DropWithContent),
                ("style", DropWithContent),
                ("template", DropWithContent),
                ("iframe", DropWithContent),
                ("object", DropWithContent),
                ("embed", DropWithContent),
                ("noscript", DropWithContent),
                ("svg", DropWithContent),
                ("math", DropWithContent),
                ("form", DropWithContent),
                ("textarea", DropWithContent),
                ("select", DropWithContent),
                ("button", DropWithContent),
                ("input", DropWithContent),
                ("title", DropWithContent),
                ("base", DropWithContent),
                ("meta", DropWithContent),
                ("link", DropWithContent),
                ("video", DropWithContent),
                ("audio", DropWithContent),
                ("dialog", DropWithContent),
                ("xmp", DropWithContent),
                ("noembed", DropWithContent),
                ("plaintext", DropWithContent),
                ("option", DropWithContent),
                ("section", Unwrap),
                ("font", Unwrap),
                ("center", Unwrap),
                ("details", Unwrap),
                ("summary", Unwrap),
                ("marquee", Unwrap),
                ("picture", Unwrap),
                ("body", Unwrap),
                ("html", Unwrap),
                ("my-widget", Unwrap),
                ("", Unwrap),
            ],
        );
    }

    #[test]
    fn output_tag_names() {
        check(
            output_tag_name,
            &[("h1", "h2".to_string()), ("H1", "h2".to_string()), ("h2", "h2".to_string()), ("P", "p".to_string())],
        );
    }

    #[test]
    fn every_allowed_element_is_kept_and_the_lists_do_not_overlap() {
        for tag in ALLOWED_ELEMENTS {
            assert_eq!(element_policy(tag), ElementPolicy::Keep, "{tag}");
            assert!(!DROPPED_WITH_CONTENT.contains(tag), "{tag} is in both lists");
        }
    }

    #[test]
    fn url_schemes() {
        let some = |s: &str| Some(s.to_string());
        check(
            url_scheme,
            &[
                ("https://example.com/", some("https")),
                ("HTTP://example.com/", some("http")),
                ("javascript:alert(1)", some("javascript")),
                ("JaVaScRiPt:alert(1)", some("javascript")),
                ("  javascript:alert(1)", some("javascript")),
                ("\u{0}\u{1}javascript:alert(1)", some("javascript")),
                ("java\tscript:alert(1)", some("javascript")),
                ("java\nscript:alert(1)", some("javascript")),
                ("java\r\nscript:alert(1)", some("javascript")),
                ("jav\u{7f}ascript:x", some("javascript")),
                ("javascript\t:x", some("javascript")),
                ("j a v a s c r i p t:x", some("javascript")),
                ("\u{a0}javascript:x", some("javascript")),
                ("vbscript:msgbox", some("vbscript")),
                ("data:text/html,<script>", some("data")),
                ("mailto:a@b.vn", some("mailto")),
                ("tel:+842439999999", some("tel")),
                (":nothing", some("")),
                ("/bai-viet/x", None),
                ("//cdn.example/x.png", None),
                ("bai-viet/x", None),
                ("./a:b", None),
                ("/a:b", None),
                ("?q=a:b", None),
                ("#a:b", None),
                ("anh.jpg", None),
                ("", None),
            ],
        );
    }

    #[test]
    fn hrefs() {
        check(
            is_allowed_href,
            &[
                ("https://example.com/", true),
                ("http://example.com/", true),
                ("mailto:vanphong@thanhvan.gov.vn", true),
                ("tel:02439999999", true),
                ("/bai-viet/x", true),
                ("tai-lieu.pdf", true),
                ("#muc-1", true),
                ("//example.com/x", true),
                ("javascript:alert(1)", false),
                (" JAVASCRIPT:alert(1)", false),
                ("java\tscript:alert(1)", false),
                ("\u{1}javascript:alert(1)", false),
                ("vbscript:x", false),
                ("data:text/html;base64,PHNjcmlwdD4=", false),
                ("file:///etc/passwd", false),
                ("blob:https://x/1", false),
                ("ftp://example.com", false),
                ("intent://x", false),
                (":x", false),
                ("", false),
                ("  \t ", false),
            ],
        );
    }

    #[test]
    fn srcs() {
        check(
            is_allowed_src,
            &[
                ("https://cdn.example/a.jpg", true),
                ("http://cdn.example/a.jpg", true),
                ("/media/a.jpg", true),
                ("a.jpg", true),
                ("//cdn.example/a.jpg", true),
                ("data:image/svg+xml,<svg onload=alert(1)>", false),
                ("data:image/png;base64,AAAA", false),
                ("javascript:alert(1)", false),
                ("mailto:a@b", false),
                ("blob:https://x/1", false),
                ("", false),
            ],
        );
    }

    #[test]
    fn link_kinds() {
        use LinkKind::*;
        let in_app = |s: &str| InApp(s.to_string());
        check(
            |href: &str| link_kind(href, ORIGIN),
            &[
                ("/bai-viet/khen-thuong-2021", in_app("/bai-viet/khen-thuong-2021")),
                ("/chuyen-muc/thong-bao?trang=2", in_app("/chuyen-muc/thong-bao?trang=2")),
                ("https://thanhvan.gov.vn/bai-viet/x#y", in_app("/bai-viet/x#y")),
                ("HTTPS://ThanhVan.gov.vn/chuyen-muc/a", in_app("/chuyen-muc/a")),
                ("https://thanhvan.gov.vn/trang/lien-he", in_app("/trang/lien-he")),
                ("//thanhvan.gov.vn/bai-viet/x", in_app("/bai-viet/x")),
                ("https://thanhvan.gov.vn/uploads/qd-12.pdf", Site),
                ("https://thanhvan.gov.vn", Site),
                ("https://thanhvan.gov.vn/", Site),
                ("/uploads/qd-12.pdf", Site),
                ("tai-lieu.pdf", Site),
                ("bai-viet/x", Site),
                ("#muc-1", Site),
                ("http://thanhvan.gov.vn/bai-viet/x", External),
                ("https://thanhvan.gov.vn.evil.example/bai-viet/x", External),
                ("https://thanhvan.gov.vn@evil.example/bai-viet/x", External),
                ("https://thanhvan.gov.vn:8443/bai-viet/x", External),
                ("https://chinhphu.vn/", External),
                ("//evil.example/bai-viet/x", External),
                ("/\\evil.example/bai-viet/x", External),
                ("\\\\evil.example/x", External),
                ("mailto:vanphong@thanhvan.gov.vn", Mail),
                ("tel:02439999999", Mail),
            ],
        );
        assert_eq!(link_kind("/bai-viet/x", ""), InApp("/bai-viet/x".to_string()));
        assert_eq!(link_kind("https://thanhvan.gov.vn/bai-viet/x", ""), External);
        assert_eq!(link_kind("//thanhvan.gov.vn/bai-viet/x", ""), External);
        assert_eq!(link_kind("/bai-viet/x", "https://thanhvan.gov.vn/"), InApp("/bai-viet/x".to_string()));
    }

    #[test]
    fn single_attributes() {
        let some = |s: &str| Some(s.to_string());
        check(
            |(tag, attr, value): &(&str, &str, &str)| clean_attribute(tag, attr, value, ORIGIN),
            &[
                (&("a", "href", "  https://chinhphu.vn/ \n"), some("https://chinhphu.vn/")),
                (&("a", "href", "https://thanhvan.gov.vn/bai-viet/x"), some("/bai-viet/x")),
                (&("a", "href", "/bai-\tviet/x"), some("/bai-viet/x")),
                (&("a", "href", "javascript:alert(1)"), None),
                (&("A", "HREF", "\u{0}javascript:alert(1)"), None),
                (&("a", "title", "Quyết định"), some("Quyết định")),
                (&("a", "target", "_self"), None),
                (&("a", "onclick", "alert(1)"), None),
                (&("a", "name", "x"), None),
                (&("abbr", "title", "Ủy ban nhân dân"), some("Ủy ban nhân dân")),
                (&("img", "src", " /media/a.jpg "), some("/media/a.jpg")),
                (&("img", "src", "data:image/svg+xml,x"), None),
                (&("img", "alt", ""), some("")),
                (&("img", "width", "640"), some("640")),
                (&("img", "width", " 0640 "), some("640")),
                (&("img", "width", "0"), None),
                (&("img", "width", "-1"), None),
                (&("img", "width", "+5"), None),
                (&("img", "width", "10000"), some("10000")),
                (&("img", "width", "10001"), None),
                (&("img", "height", "50%"), None),
                (&("img", "height", "1e3"), None),
                (&("img", "height", "99999999999999999999"), None),
                (&("img", "srcset", "a.jpg 2x"), None),
                (&("img", "onerror", "alert(1)"), None),
                (&("img", "title", "x"), None),
                (&("td", "colspan", "2"), some("2")),
                (&("th", "rowspan", "100"), some("100")),
                (&("td", "colspan", "101"), None),
                (&("td", "colspan", "0"), None),
                (&("th", "scope", "COL"), some("col")),
                (&("th", "scope", "rowgroup"), some("rowgroup")),
                (&("th", "scope", "everything"), None),
                (&("td", "style", "color:red"), None),
                (&("p", "class", "lead"), None),
                (&("p", "id", "x"), None),
                (&("div", "data-x", "1"), None),
                (&("span", "title", "x"), None),
                (&("a", "xlink:href", "javascript:alert(1)"), None),
                (&("button", "formaction", "javascript:alert(1)"), None),
                (&("iframe", "srcdoc", "<script>"), None),
            ],
        );
    }

    #[test]
    fn whole_attribute_sets() {
        let owned = |pairs: &[(&'static str, &str)]| -> Option<Vec<(&'static str, String)>> {
            Some(pairs.iter().map(|(name, value)| (*name, value.to_string())).collect())
        };
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)]);
        check(
            |(tag, attributes): &Case| clean_attributes(tag, attributes, ORIGIN),
            &[
                (
                    &("a", &[("href", "https://chinhphu.vn/"), ("onclick", "x"), ("title", "Chính phủ")][..]),
                    owned(&[
                        ("href", "https://chinhphu.vn/"),
                        ("title", "Chính phủ"),
                        ("target", "_blank"),
                        ("rel", "noopener noreferrer"),
                    ]),
                ),
                (&("a", &[("href", "/bai-viet/x"), ("target", "_top")][..]), owned(&[("href", "/bai-viet/x")])),
                (&("a", &[("href", "https://thanhvan.gov.vn/chuyen-muc/a")][..]), owned(&[("href", "/chuyen-muc/a")])),
                (&("a", &[("href", "/uploads/a.pdf")][..]), owned(&[("href", "/uploads/a.pdf"), ("rel", "external")])),
                (&("a", &[("href", "mailto:a@b.vn")][..]), owned(&[("href", "mailto:a@b.vn")])),
                (&("a", &[("href", "javascript:alert(1)"), ("title", "t")][..]), owned(&[("title", "t")])),
                (&("a", &[("id", "__proto__"), ("name", "x")][..]), owned(&[])),
                (
                    &(
                        "img",
                        &[("SRC", "/a.jpg"), ("alt", "Ảnh"), ("width", "80"), ("height", "x"), ("onerror", "y")][..],
                    ),
                    owned(&[
                        ("loading", "lazy"),
                        ("decoding", "async"),
                        ("src", "/a.jpg"),
                        ("alt", "Ảnh"),
                        ("width", "80"),
                    ]),
                ),
                (&("img", &[("src", "javascript:alert(1)"), ("alt", "x")][..]), None),
                (&("img", &[("alt", "no source")][..]), None),
                (&("img", &[("src", "")][..]), None),
                (
                    &("td", &[("colspan", "2"), ("rowspan", "200"), ("scope", "row"), ("class", "c")][..]),
                    owned(&[("colspan", "2"), ("scope", "row")]),
                ),
                (&("p", &[("style", "x:expression(alert(1))"), ("class", "a")][..]), owned(&[])),
                (
                    &("a", &[("href", "/x"), ("href", "javascript:alert(1)")][..]),
                    owned(&[("href", "/x"), ("rel", "external")]),
                ),
            ],
        );
    }

    #[test]
    fn added_attributes_are_only_the_documented_ones() {
        let attributes = [("href", "https://chinhphu.vn/"), ("src", "/a.jpg")];
        for tag in ALLOWED_ELEMENTS {
            if let Some(cleaned) = clean_attributes(tag, &attributes, ORIGIN) {
                for (name, _) in cleaned {
                    let allowed = allowed_attributes(tag).contains(&name)
                        || ADDED_ATTRIBUTES.iter().any(|(added_tag, added)| added_tag == tag && *added == name);
                    assert!(allowed, "{tag} got {name}");
                }
            }
        }
    }
}
