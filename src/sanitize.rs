//! The allowlist sanitiser for `body_html`, the untrusted article HTML that
//! the CMS sends.
//!
//! Two layers, kept apart on purpose:
//! - **decisions**, plain functions on strings with no web-sys type in their
//!   signatures, tested on the host: which elements stay ([`element_policy`],
//!   [`output_tag_name`]), which attributes stay and how they are rewritten
//!   ([`clean_attribute`], [`clean_attributes`]), which URLs are acceptable
//!   ([`url_scheme`], [`is_allowed_href`], [`is_allowed_src`]) and where a
//!   link leads ([`link_kind`]), what a `picture` keeps ([`picture_is_kept`],
//!   [`element_policy_in`]) and which `srcset`, `sizes`, `media` and `type`
//!   values pass ([`parse_srcset`], [`clean_sizes`], [`clean_media`],
//!   [`clean_image_type`]);
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
//! - responsive images: a `picture` is rebuilt (bare) when its first `img`
//!   child is kept ([`picture_is_kept`]), else unwrapped; its `source`
//!   children *before* that image are kept ([`element_policy_in`]) when
//!   they have a valid `srcset`, and a `type` and `media`, if any, that pass;
//!   a `source` anywhere else goes, as before. The publisher writes
//!   `picture` with AVIF and WebP sources and WordPress writes
//!   `img srcset sizes`: without them a phone downloads the desktop file;
//! - `srcset` (on `img` and `source`) is kept only when *every* candidate
//!   passes ([`parse_srcset`]: the HTML standard's split, each URL checked
//!   exactly as a `src` with [`is_allowed_src`], descriptors `<int>w` or
//!   `<float>x` only), else dropped whole; `sizes` only in a small CSS
//!   grammar ([`clean_sizes`]: conditions on `min-width`/`max-width`,
//!   lengths, `calc`/`min`/`max`), so nothing in it can fetch or escape;
//! - attributes: see [`allowed_attributes`]; everything else (`on*`, `style`,
//!   `class`, `id`, `name`, `data-*`, …) is dropped;
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
/// as text. `picture` is *not* here: it is kept or unwrapped
/// ([`ElementPolicy::Picture`]), so its `img` survives either way; `source`
/// is, except directly inside a kept `picture` ([`element_policy_in`]).
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
    /// A `picture`: rebuilt (without attributes) when its image is kept
    /// ([`picture_is_kept`]), else unwrapped like any unknown element.
    Picture,
}

/// Where an element sits, as far as the policy cares: a `source` means
/// something only as a child of a kept `picture`, before that picture's
/// `img` (the browser only reads the sources before the image).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Parent {
    /// Anywhere else (including inside an unwrapped `picture`, or inside an
    /// element that is itself inside a `picture`).
    #[default]
    Other,
    /// Directly inside a kept `picture`, before its first `img` child.
    PictureBeforeImage,
    /// Directly inside a kept `picture`, at or after its first `img` child.
    PictureAfterImage,
}

/// The policy for an HTML-namespace element, by local name (case-insensitive).
/// Elements of other namespaces are dropped with their content before this is
/// asked.
pub fn element_policy(tag: &str) -> ElementPolicy {
    let tag = tag.to_ascii_lowercase();
    if tag == "picture" {
        ElementPolicy::Picture
    } else if ALLOWED_ELEMENTS.contains(&tag.as_str()) {
        ElementPolicy::Keep
    } else if DROPPED_WITH_CONTENT.contains(&tag.as_str()) {
        ElementPolicy::DropWithContent
    } else {
        ElementPolicy::Unwrap
    }
}

/// The policy for an HTML-namespace element with the walk's context:
/// [`element_policy`], except that a `source` directly inside a kept
/// `picture`, before its image, is kept (if [`clean_attributes`] accepts
/// it). A `source` anywhere else (in `video`, `audio`, after the image, or
/// under some other element) goes, as [`DROPPED_WITH_CONTENT`] says.
pub fn element_policy_in(parent: Parent, tag: &str) -> ElementPolicy {
    if parent == Parent::PictureBeforeImage && tag.eq_ignore_ascii_case("source") {
        ElementPolicy::Keep
    } else {
        element_policy(tag)
    }
}

/// The context of the next children of a kept `picture` once the walk has
/// visited one of them, `tag`: its first `img` ends the sources.
pub fn parent_after(parent: Parent, tag: &str) -> Parent {
    if parent == Parent::PictureBeforeImage && tag.eq_ignore_ascii_case("img") {
        Parent::PictureAfterImage
    } else {
        parent
    }
}

/// Whether a `picture` at `depth` (kept elements around it) is kept: its
/// first `img` child (`first_image`, that image's attributes; `None` when
/// it has none) is itself kept by [`clean_attributes`], one level deeper,
/// still within [`MAX_DEPTH`]. Otherwise the `picture` is unwrapped, its
/// sources go and its image (if any) stands alone.
pub fn picture_is_kept(first_image: Option<&[(&str, &str)]>, depth: usize, origin: &str) -> bool {
    depth + 1 < MAX_DEPTH && first_image.is_some_and(|attributes| clean_attributes("img", attributes, origin).is_some())
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
        "img" => &["src", "srcset", "sizes", "alt", "width", "height"],
        "source" => &["srcset", "type", "media", "sizes"],
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
        ("img" | "source", "srcset") => clean_srcset(value),
        ("img" | "source", "sizes") => clean_sizes(value),
        ("source", "media") => clean_media(value),
        ("source", "type") => clean_image_type(value),
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
    let clean = |name: &'static str| lookup(name).and_then(|value| clean_attribute(&tag, name, value, origin));
    if tag == "img" {
        let src = clean("src")?;
        out.push(("loading", "lazy".to_string()));
        out.push(("decoding", "async".to_string()));
        out.push(("src", src));
        // `sizes` only means something beside a `srcset` of widths.
        if let Some(srcset) = clean("srcset") {
            out.push(("srcset", srcset));
            if let Some(sizes) = clean("sizes") {
                out.push(("sizes", sizes));
            }
        }
        for name in ["alt", "width", "height"] {
            if let Some(value) = lookup(name).and_then(|value| clean_attribute("img", name, value, origin)) {
                out.push((name, value));
            }
        }
        return Some(out);
    }
    if tag == "source" {
        // `srcset` is required. A `type` or `media` that does not pass drops
        // the whole source: without it, the source would be chosen where
        // its author did not mean it (a format the browser cannot decode,
        // an art-directed crop on every screen).
        let srcset = clean("srcset")?;
        for name in ["type", "media"] {
            if lookup(name).is_some() {
                out.push((name, clean(name)?));
            }
        }
        out.push(("srcset", srcset));
        if let Some(sizes) = clean("sizes") {
            out.push(("sizes", sizes));
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
// Responsive images: `srcset`, `sizes`, `media` and `type`, as pure decisions.

/// At most this many candidates in a `srcset`; a longer list is dropped
/// whole. A publisher writes a handful (the sizes it encoded).
pub const MAX_SRCSET_CANDIDATES: usize = 32;

/// At most this many characters in a `sizes` or `media` value.
pub const MAX_SIZES_LENGTH: usize = 300;

/// The image formats a `source` may announce in `type`.
pub const SOURCE_TYPES: &[&str] = &["image/avif", "image/webp", "image/jpeg", "image/png", "image/gif"];

/// The ASCII whitespace of HTML (what `srcset` splits on).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r')
}

/// One image candidate of a `srcset`: its URL and its descriptor (`720w`,
/// `2x`, or empty, which means `1x`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageCandidate<'a> {
    pub url: &'a str,
    pub descriptor: &'a str,
}

/// What a descriptor says, once read. A density is kept as its digits
/// with no leading or trailing zeros (`01.50` is `1.5`), so two equal
/// densities compare equal without float code in the wasm.
#[derive(Clone, Debug, PartialEq)]
enum Descriptor {
    Width(u32),
    Density(String),
}

/// Whether `number` is digits with an optional fraction (`3`, `0.5`, `.5`),
/// at most 8 characters: no sign, no exponent.
fn is_plain_number(number: &str) -> bool {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    number.len() <= 8
        && digits(whole)
        && digits(fraction)
        && !(whole.is_empty() && fraction.is_empty())
        && !(number.contains('.') && fraction.is_empty())
}

/// Reads a descriptor: `<integer>w` (1 to 99 999) or `<float>x` (digits, an
/// optional fraction, above zero), lower-case as the HTML parser requires;
/// empty is `1x`. No sign, no exponent, no `h`.
fn read_descriptor(descriptor: &str) -> Option<Descriptor> {
    if descriptor.is_empty() {
        return Some(Descriptor::Density("1".into()));
    }
    if let Some(width) = descriptor.strip_suffix('w') {
        if width.is_empty() || width.len() > 5 || !width.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let width: u32 = width.parse().ok()?;
        return (width > 0).then_some(Descriptor::Width(width));
    }
    let density = descriptor.strip_suffix('x')?;
    if !is_plain_number(density) {
        return None;
    }
    let (whole, fraction) = density.split_once('.').unwrap_or((density, ""));
    let (whole, fraction) = (whole.trim_start_matches('0'), fraction.trim_end_matches('0'));
    let normal = if fraction.is_empty() { whole.to_string() } else { format!("{}.{fraction}", if whole.is_empty() { "0" } else { whole }) };
    // Zero is no density.
    (!whole.is_empty() || !fraction.is_empty()).then_some(Descriptor::Density(normal))
}

/// The candidates of a `srcset`, split as the HTML standard's parser splits
/// them, or `None` unless the whole list is valid.
///
/// The split (HTML, "parse a srcset attribute"): skip whitespace; the URL
/// is the run of non-whitespace that follows, so it may hold commas
/// (`https://a/b,c.jpg 1x` is one candidate); a comma *ending* that run
/// ends the candidate (`a.jpg, b.jpg 2x`); otherwise the descriptor follows,
/// up to a comma. Where the browser forgives, this refuses: an empty list,
/// an empty candidate (leading, doubled or trailing comma), more than one
/// descriptor, a descriptor other than `<int>w` or `<float>x`, widths mixed
/// with densities, the same width or density twice, more than
/// [`MAX_SRCSET_CANDIDATES`] candidates, and any URL that
/// [`is_allowed_src`] would refuse as an image's `src`.
pub fn parse_srcset(value: &str) -> Option<Vec<ImageCandidate<'_>>> {
    let mut candidates = Vec::new();
    let mut read: Vec<Descriptor> = Vec::new();
    let mut rest = value.trim_start_matches(is_html_space);
    if rest.is_empty() {
        return None;
    }
    loop {
        if rest.starts_with(',') {
            return None;
        }
        let end = rest.find(is_html_space).unwrap_or(rest.len());
        let (token, after) = rest.split_at(end);
        rest = after;
        let (url, descriptor, ended_by_comma) = if token.ends_with(',') {
            let url = token.trim_end_matches(',');
            if token.len() - url.len() > 1 {
                return None;
            }
            (url, "", true)
        } else {
            rest = rest.trim_start_matches(is_html_space);
            let end = rest.find(|c: char| is_html_space(c) || c == ',').unwrap_or(rest.len());
            let (descriptor, after) = rest.split_at(end);
            rest = after.trim_start_matches(is_html_space);
            match rest.strip_prefix(',') {
                Some(after) => {
                    rest = after;
                    (token, descriptor, true)
                }
                None if rest.is_empty() => (token, descriptor, false),
                // A second descriptor, or a second URL without a comma.
                None => return None,
            }
        };
        if !is_allowed_src(url) {
            return None;
        }
        let descriptor_read = read_descriptor(descriptor)?;
        let mixed = read.first().is_some_and(|first| {
            matches!(first, Descriptor::Width(_)) != matches!(descriptor_read, Descriptor::Width(_))
        });
        if mixed || read.contains(&descriptor_read) {
            return None;
        }
        read.push(descriptor_read);
        candidates.push(ImageCandidate { url: trim_url(url), descriptor });
        if candidates.len() > MAX_SRCSET_CANDIDATES {
            return None;
        }
        rest = rest.trim_start_matches(is_html_space);
        if rest.is_empty() {
            return (!ended_by_comma).then_some(candidates);
        }
        if !ended_by_comma {
            return None;
        }
    }
}

/// Candidates written back as a `srcset`: `url descriptor, url descriptor`.
fn write_srcset<'a>(candidates: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (url, descriptor) in candidates {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(url);
        if !descriptor.is_empty() {
            out.push(' ');
            out.push_str(descriptor);
        }
    }
    out
}

/// The cleaned `srcset` of an `img` or `source`: [`parse_srcset`]'s
/// candidates written back in one canonical form, or `None` to drop it.
pub fn clean_srcset(value: &str) -> Option<String> {
    let candidates = parse_srcset(value)?;
    Some(write_srcset(candidates.iter().map(|candidate| (candidate.url, candidate.descriptor))))
}

/// A clean `srcset` with every URL passed through `rewrite` (the saved
/// copy makes them absolute), or `None` if one cannot be rewritten or the
/// result is no longer a valid `srcset` (it is parsed again).
pub fn rewrite_srcset(value: &str, rewrite: impl Fn(&str) -> Option<String>) -> Option<String> {
    let candidates = parse_srcset(value)?;
    let urls: Vec<String> = candidates.iter().map(|candidate| rewrite(candidate.url)).collect::<Option<_>>()?;
    let rewritten = write_srcset(urls.iter().zip(&candidates).map(|(url, candidate)| (url.as_str(), candidate.descriptor)));
    let again = parse_srcset(&rewritten)?;
    let same = again.len() == candidates.len() && again.iter().zip(&urls).all(|(candidate, url)| candidate.url == url);
    same.then_some(rewritten)
}

/// A token of a `sizes` or `media` value, with whether whitespace precedes it.
#[derive(Clone, Debug, PartialEq)]
enum CssToken {
    /// A length: a number with one of the units `px`, `em`, `rem`, `vw`.
    Length,
    /// A plain number (a factor or divisor in `calc`); whether it is zero.
    Number { zero: bool },
    /// `calc(`, `min(` or `max(`.
    Function(&'static str),
    /// `and`, `min-width` or `max-width`.
    Word(&'static str),
    Open,
    Close,
    Comma,
    Colon,
    Operator(char),
}

/// The tokens of `value`, or `None` at the first character the grammar has
/// no use for: quotes, `;`, `\`, `%`, `url(`, `!`, braces, any other word
/// or unit.
fn css_tokens(value: &str) -> Option<Vec<(CssToken, bool)>> {
    let mut tokens = Vec::new();
    let mut chars = value.char_indices().peekable();
    let mut space = false;
    while let Some(&(start, c)) = chars.peek() {
        if is_html_space(c) {
            space = true;
            chars.next();
            continue;
        }
        let token = if c.is_ascii_digit() || c == '.' {
            let mut end = start;
            while let Some(&(i, d)) = chars.peek() {
                if d.is_ascii_digit() || d == '.' {
                    end = i + 1;
                    chars.next();
                } else {
                    break;
                }
            }
            let number = &value[start..end];
            if !is_plain_number(number) {
                return None;
            }
            let mut unit_end = end;
            while let Some(&(i, u)) = chars.peek() {
                if u.is_ascii_alphabetic() {
                    unit_end = i + 1;
                    chars.next();
                } else {
                    break;
                }
            }
            match value[end..unit_end].to_ascii_lowercase().as_str() {
                "" => CssToken::Number { zero: number.bytes().all(|b| b == b'0' || b == b'.') },
                "px" | "em" | "rem" | "vw" => CssToken::Length,
                _ => return None,
            }
        } else if c.is_ascii_alphabetic() {
            let mut end = start;
            while let Some(&(i, w)) = chars.peek() {
                if w.is_ascii_alphanumeric() || w == '-' {
                    end = i + 1;
                    chars.next();
                } else {
                    break;
                }
            }
            let word = value[start..end].to_ascii_lowercase();
            if chars.peek().is_some_and(|&(_, next)| next == '(') {
                chars.next();
                CssToken::Function(match word.as_str() {
                    "calc" => "calc",
                    "min" => "min",
                    "max" => "max",
                    _ => return None,
                })
            } else {
                CssToken::Word(match word.as_str() {
                    "and" => "and",
                    "min-width" => "min-width",
                    "max-width" => "max-width",
                    _ => return None,
                })
            }
        } else {
            chars.next();
            match c {
                '(' => CssToken::Open,
                ')' => CssToken::Close,
                ',' => CssToken::Comma,
                ':' => CssToken::Colon,
                '+' | '-' | '*' | '/' => CssToken::Operator(c),
                _ => return None,
            }
        };
        tokens.push((token, space));
        space = false;
    }
    Some(tokens)
}

/// How deep `calc`, `min`, `max` and parentheses may nest.
const MAX_CSS_NESTING: usize = 8;

/// A recursive-descent reader of the `sizes` and `media` grammar over
/// [`css_tokens`]. Every method returns `None` when the input does not fit.
struct CssReader {
    tokens: Vec<(CssToken, bool)>,
    next: usize,
}

/// What a math expression computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CssType {
    Length,
    Number,
}

impl CssReader {
    fn peek(&self) -> Option<&CssToken> {
        self.tokens.get(self.next).map(|(token, _)| token)
    }

    fn space_before(&self) -> bool {
        self.tokens.get(self.next).is_some_and(|(_, space)| *space)
    }

    fn take(&mut self, expected: &CssToken) -> Option<()> {
        (self.peek() == Some(expected)).then(|| self.next += 1)
    }

    fn at_end(&self) -> bool {
        self.next == self.tokens.len()
    }

    /// `(min-width: <length>)` or `(max-width: <length>)`, joined by `and`.
    fn condition(&mut self) -> Option<()> {
        loop {
            self.take(&CssToken::Open)?;
            match self.peek() {
                Some(CssToken::Word("min-width" | "max-width")) => self.next += 1,
                _ => return None,
            }
            self.take(&CssToken::Colon)?;
            self.take(&CssToken::Length)?;
            self.take(&CssToken::Close)?;
            if self.peek() != Some(&CssToken::Word("and")) {
                return Some(());
            }
            if !self.space_before() {
                return None;
            }
            self.next += 1;
            if !self.space_before() {
                return None;
            }
        }
    }

    /// A length, or `calc()`, `min()`, `max()` of lengths.
    fn size(&mut self) -> Option<()> {
        match self.factor(0)? {
            CssType::Length => Some(()),
            CssType::Number => None,
        }
    }

    /// A length, a number, a math function or a parenthesised sum.
    fn factor(&mut self, depth: usize) -> Option<CssType> {
        if depth > MAX_CSS_NESTING {
            return None;
        }
        let token = self.peek()?.clone();
        self.next += 1;
        match token {
            CssToken::Length => Some(CssType::Length),
            CssToken::Number { .. } if depth > 0 => Some(CssType::Number),
            CssToken::Open if depth > 0 => {
                let inside = self.sum(depth + 1)?;
                self.take(&CssToken::Close)?;
                Some(inside)
            }
            CssToken::Function(name) => {
                let first = self.sum(depth + 1)?;
                while name != "calc" && self.take(&CssToken::Comma).is_some() {
                    if self.sum(depth + 1)? != first {
                        return None;
                    }
                }
                self.take(&CssToken::Close)?;
                Some(first)
            }
            _ => None,
        }
    }

    /// Factors joined by `*` and `/`: a length times or over a number.
    fn product(&mut self, depth: usize) -> Option<CssType> {
        let mut kind = self.factor(depth)?;
        while let Some(&CssToken::Operator(operator @ ('*' | '/'))) = self.peek() {
            self.next += 1;
            let divisor_is_zero = matches!(self.peek(), Some(CssToken::Number { zero: true }));
            let right = self.factor(depth)?;
            kind = match (kind, right, operator) {
                (_, _, '/') if divisor_is_zero => return None,
                (CssType::Length, CssType::Length, _) | (CssType::Number, CssType::Length, '/') => return None,
                (CssType::Number, CssType::Number, _) => CssType::Number,
                _ => CssType::Length,
            };
        }
        Some(kind)
    }

    /// Products joined by `+` and `-` (with whitespace on both sides, as
    /// CSS requires), all of one type.
    fn sum(&mut self, depth: usize) -> Option<CssType> {
        let kind = self.product(depth)?;
        while let Some(CssToken::Operator('+' | '-')) = self.peek() {
            if !self.space_before() {
                return None;
            }
            self.next += 1;
            if !self.space_before() || self.product(depth)? != kind {
                return None;
            }
        }
        Some(kind)
    }
}

/// `value` with runs of ASCII whitespace as one space, trimmed; `None`
/// when too long.
fn collapse_css(value: &str) -> Option<String> {
    let collapsed = value.split(is_html_space).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty() && collapsed.len() <= MAX_SIZES_LENGTH).then_some(collapsed)
}

/// The cleaned `sizes` of an `img` or `source`, or `None` to drop it: a
/// comma-separated list of `[<condition>] <size>`, where a condition is
/// `(min-width: <length>)` or `(max-width: <length>)` joined by `and`, a
/// size is a length (`px`, `em`, `rem`, `vw`) or `calc()`, `min()`, `max()`
/// of lengths and numbers with `+ - * /`, and the whole is at most
/// [`MAX_SIZES_LENGTH`] characters. Nothing else: no `url(`, no quotes, no
/// `;`, no other function, unit or word. Whitespace is collapsed.
pub fn clean_sizes(value: &str) -> Option<String> {
    let collapsed = collapse_css(value)?;
    let mut reader = CssReader { tokens: css_tokens(&collapsed)?, next: 0 };
    loop {
        if reader.peek() == Some(&CssToken::Open) {
            reader.condition()?;
            if !reader.space_before() {
                return None;
            }
        }
        reader.size()?;
        if reader.at_end() {
            return Some(collapsed);
        }
        reader.take(&CssToken::Comma)?;
    }
}

/// The cleaned `media` of a `source`, or `None` (the source is then
/// dropped): one condition of the [`clean_sizes`] grammar, such as
/// `(min-width: 48rem) and (max-width: 80rem)`.
pub fn clean_media(value: &str) -> Option<String> {
    let collapsed = collapse_css(value)?;
    let mut reader = CssReader { tokens: css_tokens(&collapsed)?, next: 0 };
    reader.condition()?;
    reader.at_end().then_some(collapsed)
}

/// The cleaned `type` of a `source`: one of [`SOURCE_TYPES`] (ASCII case
/// ignored, written lower-case), else `None` (the source is then dropped).
/// No parameters (`; codecs=…`).
pub fn clean_image_type(value: &str) -> Option<String> {
    let value = value.trim_matches(is_html_space).to_ascii_lowercase();
    SOURCE_TYPES.contains(&value.as_str()).then_some(value)
}

// ---------------------------------------------------------------------------
// The host walker (pre-rendering): the same decisions over html5ever's tree.

#[cfg(feature = "ssr")]
#[path = "sanitize_host.rs"]
pub mod host;

/// The responsive-image cases both walkers' tests run.
#[cfg(all(test, feature = "ssr"))]
#[path = "../tests/fixtures/responsive_images.rs"]
mod responsive_images;

// ---------------------------------------------------------------------------
// The walker: thin, and the only part that touches the DOM.

use wasm_bindgen::JsCast;
use web_sys::{Document, DocumentFragment, DomParser, Element, Node, SupportedType};

/// Parses `html` with the browser's parser into an inert document: scripts
/// do not run, images do not load, `<base>` affects nothing we read.
fn parse_inert(html: &str) -> Option<Document> {
    DomParser::new().ok()?.parse_from_string(html, SupportedType::TextHtml).ok()
}

/// One level of the walk: the next source node to visit at this level,
/// where its output goes, and what encloses it (a kept `picture` or not).
struct Frame {
    next: Option<Node>,
    parent: Node,
    depth: usize,
    context: Parent,
}

/// The attributes of `element` that the policy reads for `tag`, as
/// (name, value) pairs.
fn policy_attributes(element: &Element, tag: &str) -> Vec<(&'static str, String)> {
    allowed_attributes(tag).iter().filter_map(|&name| element.get_attribute(name).map(|value| (name, value))).collect()
}

/// Borrowed pairs for [`clean_attributes`].
fn as_pairs<'a>(values: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    values.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

/// The attributes of the first `img` child of `picture` (HTML namespace),
/// for [`picture_is_kept`].
fn first_image_attributes(picture: &Element) -> Option<Vec<(&'static str, String)>> {
    let children = picture.children();
    (0..children.length()).filter_map(|index| children.item(index)).find_map(|child| {
        let is_image = child.namespace_uri().as_deref() == Some(HTML_NAMESPACE)
            && child.local_name().eq_ignore_ascii_case("img");
        is_image.then(|| policy_attributes(&child, "img"))
    })
}

/// Rebuilds the children of `source` under `target`, in `document`.
/// Iterative: the stack lives on the heap, so any nesting depth is safe.
fn build_children(document: &Document, source: &Node, target: &Node, origin: &str) {
    let mut stack =
        vec![Frame { next: source.first_child(), parent: target.clone(), depth: 0, context: Parent::Other }];
    while let Some(frame) = stack.last_mut() {
        let Some(node) = frame.next.take() else {
            stack.pop();
            continue;
        };
        frame.next = node.next_sibling();
        let parent = frame.parent.clone();
        let depth = frame.depth;
        let context = frame.context;

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
                frame.context = parent_after(context, &tag);
                let unwrap = Frame { next: element.first_child(), parent: parent.clone(), depth, context: Parent::Other };
                let (keep, children_context) = match element_policy_in(context, &tag) {
                    ElementPolicy::DropWithContent => continue,
                    ElementPolicy::Unwrap => (false, Parent::Other),
                    ElementPolicy::Keep => (depth < MAX_DEPTH, Parent::Other),
                    ElementPolicy::Picture => {
                        let image = first_image_attributes(element);
                        let image_pairs = image.as_deref().map(as_pairs);
                        (picture_is_kept(image_pairs.as_deref(), depth, origin), Parent::PictureBeforeImage)
                    }
                };
                if !keep {
                    stack.push(unwrap);
                    continue;
                }
                let values = policy_attributes(element, &tag);
                let Some(attributes) = clean_attributes(&tag, &as_pairs(&values), origin) else { continue };
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
                stack.push(Frame {
                    next: element.first_child(),
                    parent: output.into(),
                    depth: depth + 1,
                    context: children_context,
                });
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
/// point into the reader's own disk). Every URL of a `srcset` (on `img` and
/// `source`) is made absolute the same way ([`rewrite_srcset`]): a relative
/// candidate left behind would be the one a high-density screen picks. A
/// link whose address cannot be made absolute keeps its text and loses its
/// `href`; such an image is left out (with its `picture`); such a `srcset`
/// goes (with its `sizes`), and a `source` with it.
/// The same fallback as [`sanitize_to_html_string`] if serialising fails.
pub fn sanitize_to_saved_html_string(document: &Document, html: &str, origin: &str, page_url: &str) -> String {
    let Some(holder) = sanitized_holder(document, html, origin) else {
        return crate::share::escape_html(html);
    };
    let absolute = |url: &str| crate::share::absolute_url(page_url, url);
    for (selector, attribute) in [("a[href]", "href"), ("img[src]", "src"), ("[srcset]", "srcset")] {
        let Ok(list) = holder.query_selector_all(selector) else { continue };
        // A static list: removing an element does not shift the others.
        for element in (0..list.length()).filter_map(|index| list.item(index)?.dyn_into::<Element>().ok()) {
            let value = element.get_attribute(attribute).unwrap_or_default();
            let url = if attribute == "srcset" { rewrite_srcset(&value, absolute) } else { absolute(&value) };
            match url {
                Some(url) => {
                    let _ = element.set_attribute(attribute, &url);
                }
                // An image goes, with its `picture` if it has one.
                None if attribute == "src" => match element.parent_element().filter(|p| p.local_name() == "picture") {
                    Some(picture) => picture.remove(),
                    None => element.remove(),
                },
                // A source without its candidates is nothing; an image keeps its `src`.
                None if attribute == "srcset" => {
                    if element.local_name() == "source" {
                        element.remove();
                    } else {
                        let _ = element.remove_attribute("srcset");
                        let _ = element.remove_attribute("sizes");
                    }
                }
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
                ("picture", Picture),
                ("PICTURE", Picture),
                ("source", DropWithContent),
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
                (&("img", "srcset", "a.jpg 2x"), some("a.jpg 2x")),
                (&("img", "srcset", "javascript:alert(1) 2x"), None),
                (&("img", "sizes", "100vw"), some("100vw")),
                (&("source", "type", "IMAGE/WEBP"), some("image/webp")),
                (&("source", "type", "image/svg+xml"), None),
                (&("source", "media", "(min-width: 48rem)"), some("(min-width: 48rem)")),
                (&("source", "media", "print"), None),
                (&("source", "src", "/a.jpg"), None),
                (&("picture", "class", "x"), None),
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
    fn srcsets() {
        let some = |s: &str| Some(s.to_string());
        check(
            |value: &str| clean_srcset(value),
            &[
                // The publisher's and WordPress's lists, as they write them.
                (
                    "/anh/aa-320.avif 320w, /anh/bb-720.avif 720w",
                    some("/anh/aa-320.avif 320w, /anh/bb-720.avif 720w"),
                ),
                (
                    "https://cms/x-300x200.jpg 300w, https://cms/x-768x512.jpg 768w, https://cms/x.jpg 1200w",
                    some("https://cms/x-300x200.jpg 300w, https://cms/x-768x512.jpg 768w, https://cms/x.jpg 1200w"),
                ),
                ("a.jpg", some("a.jpg")),
                ("a.jpg 1x, b.jpg 2x", some("a.jpg 1x, b.jpg 2x")),
                ("a.jpg, b.jpg 2x", some("a.jpg, b.jpg 2x")),
                ("a.jpg 1.5x", some("a.jpg 1.5x")),
                ("a.jpg .5x, b.jpg 1x", some("a.jpg .5x, b.jpg 1x")),
                ("  a.jpg\t320w ,\n b.jpg   640w  ", some("a.jpg 320w, b.jpg 640w")),
                ("a.jpg 1x,b.jpg 2x", some("a.jpg 1x, b.jpg 2x")),
                ("//cdn.example/a.jpg 2x", some("//cdn.example/a.jpg 2x")),
                ("HTTPS://CDN.EXAMPLE/A.JPG 2x", some("HTTPS://CDN.EXAMPLE/A.JPG 2x")),
                // Commas inside a URL belong to it (the standard's split).
                ("https://a/b,c.jpg 1x", some("https://a/b,c.jpg 1x")),
                ("a.jpg,b.jpg 2x", some("a.jpg,b.jpg 2x")),
                ("https://a/b,c.jpg 1x, https://a/d,e.jpg 2x", some("https://a/b,c.jpg 1x, https://a/d,e.jpg 2x")),
                // Empty candidates: leading, doubled, trailing commas.
                ("", None),
                ("   ", None),
                (",", None),
                (", a.jpg 1x", None),
                ("a.jpg 1x,, b.jpg 2x", None),
                ("a.jpg,, b.jpg 2x", None),
                ("a.jpg 1x,", None),
                ("a.jpg 1x, ", None),
                ("a.jpg,", None),
                // Descriptors.
                ("a.jpg 1x 2x", None),
                ("a.jpg 100w 2x", None),
                ("a.jpg b.jpg", None),
                ("a.jpg 0w", None),
                ("a.jpg 0x", None),
                ("a.jpg -1x", None),
                ("a.jpg +2x", None),
                ("a.jpg 1e1x", None),
                ("a.jpg 2.x", None),
                ("a.jpg 320W", None),
                ("a.jpg 2X", None),
                ("a.jpg 100h", None),
                ("a.jpg 100w 50h", None),
                ("a.jpg 999999w", None),
                ("a.jpg 1x (crop)", None),
                ("a.jpg x", None),
                ("a.jpg w", None),
                // Duplicates and mixtures.
                ("a.jpg, b.jpg 1x", None),
                ("a.jpg 2x, b.jpg 2.0x", None),
                ("a.jpg 320w, b.jpg 320w", None),
                ("a.jpg 320w, b.jpg 2x", None),
                ("a.jpg 320w, b.jpg", None),
                // Every URL checked as a `src`, wherever it stands.
                ("javascript:alert(1)", None),
                ("a.jpg 1x, javascript:alert(1) 2x", None),
                ("a.jpg 1x,javascript:alert(1) 2x", None),
                ("a.jpg, JavaScript:alert(1) 2x", None),
                ("a.jpg 1x, \u{1}javascript:alert(1) 2x", None),
                ("a.jpg 1x, java\u{b}script:alert(1) 2x", None),
                ("data:image/png;base64,AAAA 1x", None),
                ("data:image/svg+xml,<svg%20onload=alert(1)> 1x", None),
                ("a.jpg 1x, data:image/png,x 2x", None),
                ("blob:https://x/1 1x", None),
                ("vbscript:x 1x", None),
                ("/a.jpg 1x, DATA:image/png;base64,AAAA 2x", None),
                ("file:///etc/passwd 1x", None),
            ],
        );
        // A list of 32 candidates passes; one more is dropped whole.
        let list = |n: usize| (1..=n).map(|i| format!("/anh/a-{i}.jpg {i}w")).collect::<Vec<_>>().join(", ");
        assert_eq!(clean_srcset(&list(MAX_SRCSET_CANDIDATES)), Some(list(MAX_SRCSET_CANDIDATES)));
        assert_eq!(clean_srcset(&list(MAX_SRCSET_CANDIDATES + 1)), None);
        assert_eq!(clean_srcset(&list(10_000)), None);
        // A URL with a comma, split as the standard does.
        assert_eq!(
            parse_srcset("https://a/b,c.jpg 1x, d.jpg 2x"),
            Some(vec![
                ImageCandidate { url: "https://a/b,c.jpg", descriptor: "1x" },
                ImageCandidate { url: "d.jpg", descriptor: "2x" },
            ])
        );
        assert_eq!(
            parse_srcset("a.jpg, b.jpg 2x"),
            Some(vec![ImageCandidate { url: "a.jpg", descriptor: "" }, ImageCandidate { url: "b.jpg", descriptor: "2x" }])
        );
    }

    #[test]
    fn srcsets_made_absolute_for_the_saved_copy() {
        const PAGE: &str = "https://thanhvan.gov.vn/bai-viet/bai-mau";
        let absolute = |url: &str| crate::share::absolute_url(PAGE, url);
        check(
            |value: &str| rewrite_srcset(value, absolute),
            &[
                (
                    "/anh/a-320.avif 320w, anh/b-720.avif 720w",
                    Some(
                        "https://thanhvan.gov.vn/anh/a-320.avif 320w, https://thanhvan.gov.vn/bai-viet/anh/b-720.avif 720w"
                            .to_string(),
                    ),
                ),
                ("https://cdn.example/a.jpg, //cdn.example/b.jpg 2x", Some("https://cdn.example/a.jpg, https://cdn.example/b.jpg 2x".to_string())),
                ("a,b.jpg 1x", Some("https://thanhvan.gov.vn/bai-viet/a,b.jpg 1x".to_string())),
                ("javascript:x 1x", None),
            ],
        );
        assert_eq!(rewrite_srcset("a.jpg 1x, b.jpg 2x", |url| (url != "b.jpg").then(|| url.to_string())), None);
        // A rewrite that would change the split is refused.
        assert_eq!(rewrite_srcset("a.jpg 1x", |_| Some("x.jpg 2x".to_string())), None);
        assert_eq!(rewrite_srcset("a.jpg 1x", |_| Some("x.jpg,".to_string())), None);
    }

    #[test]
    fn sizes() {
        let same = |s: &str| Some(s.to_string());
        let publisher = "(min-width: 48rem) min(46rem, calc(100vw - 3rem)), calc(100vw - 2rem)";
        check(
            |value: &str| clean_sizes(value),
            &[
                (publisher, same(publisher)),
                ("(max-width: 768px) 100vw, 768px", same("(max-width: 768px) 100vw, 768px")),
                ("100vw", same("100vw")),
                ("  (max-width:600px)\n 480px,\t800px ", same("(max-width:600px) 480px, 800px")),
                ("(min-width: 40em) and (max-width: 80em) 50vw, 100vw", same("(min-width: 40em) and (max-width: 80em) 50vw, 100vw")),
                ("calc(100vw / 3)", same("calc(100vw / 3)")),
                ("calc(2 * 10rem + 2px)", same("calc(2 * 10rem + 2px)")),
                ("max(20rem, min(50vw, 40rem))", same("max(20rem, min(50vw, 40rem))")),
                ("calc((100vw - 2rem) / 2)", same("calc((100vw - 2rem) / 2)")),
                ("CALC(100VW - 2REM)", same("CALC(100VW - 2REM)")),
                ("0.5em", same("0.5em")),
                // Out of the grammar.
                ("", None),
                ("auto", None),
                ("50%", None),
                ("100", None),
                ("0", None),
                ("-100px", None),
                ("100vh", None),
                ("100vw 100vw", None),
                ("(max-width: 768px)", None),
                ("(max-width: 768px)100vw", None),
                ("(orientation: portrait) 100vw", None),
                ("(max-width: 768px) or (min-width: 2000px) 100vw", None),
                ("(max-width: 768px) and 100vw", None),
                ("(max-width: 768px)and (min-width: 1px) 100vw", None),
                ("(width > 600px) 100vw", None),
                ("screen and (max-width: 768px) 100vw", None),
                ("calc(100vw-2rem)", None),
                ("calc(100vw -2rem)", None),
                ("calc(100vw * 2rem)", None),
                ("calc(2 / 100vw)", None),
                ("calc(100vw / 0)", None),
                ("calc(100vw + 2)", None),
                ("calc(2 * 3)", None),
                ("calc(100vw, 2rem)", None),
                ("min(100vw, 3)", None),
                ("calc(100vw", None),
                ("calc(100vw))", None),
                ("100vw,", None),
                (",100vw", None),
                ("100vw,, 50vw", None),
                ("url(https://evil.example/x) 100vw", None),
                ("var(--x)", None),
                ("env(safe-area-inset-left)", None),
                ("attr(data-x)", None),
                ("\"100vw\"", None),
                ("'100vw'", None),
                ("100vw; background: red", None),
                ("100v\\w", None),
                ("100vw !important", None),
                ("100vw /* c */", None),
                ("{100vw}", None),
                ("100vw<script>", None),
            ],
        );
        let deep = format!("{}100vw{}", "calc(".repeat(9), ")".repeat(9));
        assert_eq!(clean_sizes(&deep), None);
        let nested = format!("{}100vw{}", "calc(".repeat(8), ")".repeat(8));
        assert_eq!(clean_sizes(&nested), Some(nested.clone()));
        let long = vec!["(max-width: 100px) 10px"; 20].join(", ");
        assert!(long.len() > MAX_SIZES_LENGTH);
        assert_eq!(clean_sizes(&long), None);
    }

    #[test]
    fn media_conditions_and_types() {
        let same = |s: &str| Some(s.to_string());
        check(
            |value: &str| clean_media(value),
            &[
                ("(min-width: 48rem)", same("(min-width: 48rem)")),
                ("(min-width: 30em) and (max-width: 60em)", same("(min-width: 30em) and (max-width: 60em)")),
                ("", None),
                ("screen", None),
                ("print and (min-width: 1px)", None),
                ("(min-width: 48rem) 100vw", None),
                ("(prefers-color-scheme: dark)", None),
                ("(min-width: 48rem), (max-width: 10rem)", None),
                ("(min-width: url(x))", None),
                ("(min-width: calc(10px + 2rem))", None),
            ],
        );
        check(
            |value: &str| clean_image_type(value),
            &[
                ("image/avif", same("image/avif")),
                ("image/webp", same("image/webp")),
                (" image/JPEG ", same("image/jpeg")),
                ("image/png", same("image/png")),
                ("image/gif", same("image/gif")),
                ("image/svg+xml", None),
                ("image/jxl", None),
                ("text/html", None),
                ("image/avif; codecs=av01", None),
                ("", None),
            ],
        );
    }

    #[test]
    fn pictures_and_their_sources() {
        use ElementPolicy::*;
        use Parent::*;
        check(
            |(parent, tag): &(Parent, &str)| element_policy_in(*parent, tag),
            &[
                (&(PictureBeforeImage, "source"), Keep),
                (&(PictureBeforeImage, "SOURCE"), Keep),
                (&(PictureAfterImage, "source"), DropWithContent),
                (&(Other, "source"), DropWithContent),
                (&(PictureBeforeImage, "img"), Keep),
                (&(PictureBeforeImage, "script"), DropWithContent),
                (&(PictureBeforeImage, "span"), Keep),
                (&(Other, "picture"), Picture),
            ],
        );
        check(
            |(parent, tag): &(Parent, &str)| parent_after(*parent, tag),
            &[
                (&(PictureBeforeImage, "source"), PictureBeforeImage),
                (&(PictureBeforeImage, "img"), PictureAfterImage),
                (&(PictureBeforeImage, "IMG"), PictureAfterImage),
                (&(PictureAfterImage, "source"), PictureAfterImage),
                (&(Other, "img"), Other),
            ],
        );
        let image: &[(&str, &str)] = &[("src", "/a.jpg"), ("alt", "ảnh")];
        assert!(picture_is_kept(Some(image), 0, ORIGIN));
        assert!(picture_is_kept(Some(image), MAX_DEPTH - 2, ORIGIN));
        assert!(!picture_is_kept(Some(image), MAX_DEPTH - 1, ORIGIN), "its image would be past the depth limit");
        assert!(!picture_is_kept(None, 0, ORIGIN));
        assert!(!picture_is_kept(Some(&[("src", "javascript:alert(1)")]), 0, ORIGIN));
        assert!(!picture_is_kept(Some(&[("srcset", "/a.jpg 1x")]), 0, ORIGIN), "an image needs its src");
    }

    #[test]
    fn responsive_attribute_sets() {
        let owned = |pairs: &[(&'static str, &str)]| -> Option<Vec<(&'static str, String)>> {
            Some(pairs.iter().map(|(name, value)| (*name, value.to_string())).collect())
        };
        let publisher_sizes = "(min-width: 48rem) min(46rem, calc(100vw - 3rem)), calc(100vw - 2rem)";
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)]);
        check(
            |(tag, attributes): &Case| clean_attributes(tag, attributes, ORIGIN),
            &[
                (
                    &(
                        "source",
                        &[("type", "image/avif"), ("srcset", "/anh/a-320.avif 320w, /anh/b-720.avif 720w"), ("sizes", publisher_sizes)][..],
                    ),
                    owned(&[
                        ("type", "image/avif"),
                        ("srcset", "/anh/a-320.avif 320w, /anh/b-720.avif 720w"),
                        ("sizes", publisher_sizes),
                    ]),
                ),
                (&("source", &[("srcset", "/a.webp")][..]), owned(&[("srcset", "/a.webp")])),
                (
                    &("source", &[("media", "(min-width: 48rem)"), ("srcset", "/wide.jpg")][..]),
                    owned(&[("media", "(min-width: 48rem)"), ("srcset", "/wide.jpg")]),
                ),
                (
                    &("source", &[("srcset", "/a.webp 1x"), ("sizes", "url(x)"), ("onerror", "x"), ("src", "/b.jpg")][..]),
                    owned(&[("srcset", "/a.webp 1x")]),
                ),
                (&("source", &[("src", "/a.webp")][..]), None),
                (&("source", &[("srcset", "javascript:alert(1)")][..]), None),
                (&("source", &[("srcset", "/a.jxl"), ("type", "image/jxl")][..]), None),
                (&("source", &[("srcset", "/a.webp"), ("type", "")][..]), None),
                (&("source", &[("srcset", "/a.jpg"), ("media", "print")][..]), None),
                (
                    &(
                        "img",
                        &[
                            ("src", "https://cms/x.jpg"),
                            ("srcset", "https://cms/x-300x200.jpg 300w, https://cms/x.jpg 1200w"),
                            ("sizes", "(max-width: 768px) 100vw, 768px"),
                            ("alt", "Ảnh"),
                            ("width", "1200"),
                            ("height", "800"),
                        ][..],
                    ),
                    owned(&[
                        ("loading", "lazy"),
                        ("decoding", "async"),
                        ("src", "https://cms/x.jpg"),
                        ("srcset", "https://cms/x-300x200.jpg 300w, https://cms/x.jpg 1200w"),
                        ("sizes", "(max-width: 768px) 100vw, 768px"),
                        ("alt", "Ảnh"),
                        ("width", "1200"),
                        ("height", "800"),
                    ]),
                ),
                (
                    &("img", &[("src", "/a.jpg"), ("srcset", "/a.jpg 1x, javascript:alert(1) 2x"), ("sizes", "100vw")][..]),
                    owned(&[("loading", "lazy"), ("decoding", "async"), ("src", "/a.jpg")]),
                ),
                (
                    &("img", &[("src", "/a.jpg"), ("srcset", "/a.jpg 320w"), ("sizes", "expression(alert(1))")][..]),
                    owned(&[("loading", "lazy"), ("decoding", "async"), ("src", "/a.jpg"), ("srcset", "/a.jpg 320w")]),
                ),
                (&("img", &[("srcset", "/a.jpg 1x")][..]), None),
                (&("picture", &[("class", "x"), ("id", "y")][..]), owned(&[])),
            ],
        );
    }

    #[test]
    fn added_attributes_are_only_the_documented_ones() {
        let attributes = [("href", "https://chinhphu.vn/"), ("src", "/a.jpg"), ("srcset", "/a.jpg 1x")];
        for tag in ALLOWED_ELEMENTS.iter().chain(&["picture", "source"]) {
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
