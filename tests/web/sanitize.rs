//! The sanitiser in a real browser: a corpus of XSS and mutation-XSS vectors
//! must leave no script running and nothing in the DOM that the test's own
//! oracle (a fixed list of elements, attributes and URL schemes, judged with
//! the browser's URL parser; not the sanitiser's tables) does not allow;
//! benign CMS markup must come through unchanged but for the documented
//! rewrites; hostile sizes must not crash it. The same corpus goes through
//! the whole app, served by the API, in the end-to-end `security` tests.

use ban_tin::sanitize::{sanitize_body, sanitize_to_html_string, sanitize_to_saved_html_string, MAX_DEPTH};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, Node};

use crate::support::document;

const VECTORS: &str = include_str!("../fixtures/xss-vectors.txt");
const BENIGN: &str = include_str!("../fixtures/benign-cms.html");
const BENIGN_EXPECTED: &str = include_str!("../fixtures/benign-cms.expected.html");

/// The origin the sanitiser is told the page has (links into the app are
/// recognised against it).
const ORIGIN: &str = "https://thanhvan.gov.vn";

/// Globals a payload sets: the flag itself, and what the dialog traps record.
const FLAG: &str = "__xss";
const DIALOG_FLAG: &str = "__xss_dialog";

#[path = "../fixtures/xss_corpus.rs"]
mod xss_corpus;
use xss_corpus::{
    is_plain_css_size, srcset_pieces, Vector, ORACLE_ELEMENTS, ORACLE_IMAGE_SCHEMES, ORACLE_LINK_SCHEMES,
    ORACLE_SOURCE_TYPES,
};

#[path = "../fixtures/responsive_images.rs"]
mod responsive_images;

/// The corpus, tokens expanded, each payload renumbered with its line.
fn vectors() -> Vec<Vector> {
    xss_corpus::vectors(VECTORS)
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a test page has a window")
}

fn global(name: &str) -> JsValue {
    Reflect::get(&window(), &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn clear_global(name: &str) {
    let _ = Reflect::delete_property(&window(), &JsValue::from_str(name));
}

/// Replaces `alert`, `confirm` and `prompt` with functions that record
/// their argument; returns the originals for [`restore_dialogs`].
fn trap_dialogs() -> Vec<(&'static str, JsValue)> {
    ["alert", "confirm", "prompt"]
        .into_iter()
        .map(|name| {
            let original = global(name);
            let trap = js_sys::Function::new_with_args("id", &format!("window.{DIALOG_FLAG} = String(id);"));
            Reflect::set(&window(), &JsValue::from_str(name), &trap).unwrap();
            (name, original)
        })
        .collect()
}

fn restore_dialogs(originals: Vec<(&'static str, JsValue)>) {
    for (name, original) in originals {
        let _ = Reflect::set(&window(), &JsValue::from_str(name), &original);
    }
}

async fn sleep(milliseconds: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, milliseconds).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn new_container() -> Element {
    let container = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    container
}

/// Every node under `root`, in document order, without recursion.
fn descendants(root: &Node) -> Vec<Node> {
    let mut out = Vec::new();
    let mut stack = vec![root.first_child()];
    while let Some(slot) = stack.last_mut() {
        let Some(node) = slot.take() else {
            stack.pop();
            continue;
        };
        *slot = node.next_sibling();
        stack.push(node.first_child());
        out.push(node);
    }
    out
}

fn elements(root: &Node) -> Vec<Element> {
    descendants(root).into_iter().filter_map(|node| node.dyn_into::<Element>().ok()).collect()
}

fn attributes(element: &Element) -> Vec<(String, String)> {
    let map = element.attributes();
    (0..map.length()).filter_map(|i| map.item(i)).map(|attr| (attr.name(), attr.value())).collect()
}

// ---------------------------------------------------------------------------
// The oracle: what sanitised output may hold, written down here from the
// security requirements and *not* taken from `src/sanitize.rs`. A sanitiser
// that starts to keep `style`, an `on*` handler, a `data:` image or a
// `javascript:` link is caught here even if its own tables and URL checks
// were changed to agree with it.

/// The only namespace output elements may live in.
const ORACLE_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// The page a body is shown on: relative URLs resolve against it.
const ORACLE_PAGE_URL: &str = "https://thanhvan.gov.vn/bai-viet/bai-mau";

/// The scheme the browser itself gives `value` as a URL on the article page
/// (the WHATWG parser: tabs and newlines removed, controls trimmed, character
/// references already decoded by the DOM), or why it is not a URL.
fn resolved_scheme(value: &str) -> Result<String, String> {
    web_sys::Url::new_with_base(value, ORACLE_PAGE_URL).map(|url| url.protocol()).map_err(|_| "not a URL".to_string())
}

/// What is wrong with one attribute value, by the oracle's rules.
fn bad_value(name: &str, value: &str) -> Option<String> {
    let digits = |v: &str| !v.is_empty() && v.len() <= 6 && v.bytes().all(|b| b.is_ascii_digit());
    match name {
        "href" | "src" => {
            let schemes = if name == "href" { ORACLE_LINK_SCHEMES } else { ORACLE_IMAGE_SCHEMES };
            match resolved_scheme(value) {
                Ok(scheme) if schemes.contains(&scheme.as_str()) => None,
                Ok(scheme) => Some(format!("resolves to scheme {scheme:?}")),
                Err(why) => Some(why),
            }
        }
        "srcset" => srcset_pieces(value).into_iter().find_map(|piece| match resolved_scheme(piece) {
            Ok(scheme) if ORACLE_IMAGE_SCHEMES.contains(&scheme.as_str()) => None,
            Ok(scheme) => Some(format!("a srcset URL resolves to scheme {scheme:?}")),
            Err(why) => Some(format!("a srcset URL is {why}")),
        }),
        "sizes" | "media" => (!is_plain_css_size(value)).then(|| "more than CSS lengths and conditions".to_string()),
        "type" => (!ORACLE_SOURCE_TYPES.contains(&value)).then(|| "type other than an image format".to_string()),
        "target" => (value != "_blank").then(|| "target other than _blank".to_string()),
        "rel" => value
            .split_ascii_whitespace()
            .any(|token| !["noopener", "noreferrer", "external"].contains(&token))
            .then(|| "rel token outside noopener/noreferrer/external".to_string()),
        "loading" => (value != "lazy").then(|| "loading other than lazy".to_string()),
        "decoding" => (value != "async").then(|| "decoding other than async".to_string()),
        "width" | "height" | "colspan" | "rowspan" => (!digits(value)).then(|| "not a plain number".to_string()),
        "scope" => (!["row", "col", "rowgroup", "colgroup"].contains(&value))
            .then(|| "scope outside row/col/rowgroup/colgroup".to_string()),
        _ => None,
    }
}

/// What in the tree under `root` the oracle does not allow. Empty when the
/// output is clean.
fn violations(root: &Node) -> Vec<String> {
    let mut found = Vec::new();
    for node in descendants(root) {
        let Some(element) = node.dyn_ref::<Element>() else {
            if node.node_type() != Node::TEXT_NODE {
                found.push(format!("a node of type {}", node.node_type()));
            }
            continue;
        };
        let tag = element.local_name();
        if element.namespace_uri().as_deref() != Some(ORACLE_NAMESPACE) {
            found.push(format!("<{tag}> in namespace {:?}", element.namespace_uri()));
        }
        let Some((_, allowed)) = ORACLE_ELEMENTS.iter().find(|(name, _)| *name == tag) else {
            found.push(format!("element <{tag}>"));
            continue;
        };
        for (name, value) in attributes(element) {
            if !allowed.contains(&name.as_str()) {
                found.push(format!("<{tag} {name}={value:?}>: attribute not allowed"));
            } else if let Some(why) = bad_value(&name, &value) {
                found.push(format!("<{tag} {name}={value:?}>: {why}"));
            }
        }
        if tag == "img" && element.get_attribute("src").is_none() {
            found.push("<img> without src".to_string());
        }
        // A source only chooses among images inside a picture; elsewhere
        // (video, audio) it would load other media.
        let parent_tag = element.parent_element().map(|parent| parent.local_name());
        if tag == "source" && parent_tag.as_deref() != Some("picture") {
            found.push(format!("<source> inside {parent_tag:?}, not a picture"));
        }
        if tag == "picture" && element.query_selector(":scope > img").ok().flatten().is_none() {
            found.push("<picture> without an image".to_string());
        }
        // A new tab opened by a link must not get a handle on this page.
        let opens_tab = element.get_attribute("target").as_deref() == Some("_blank");
        let noopener =
            element.get_attribute("rel").is_some_and(|rel| rel.split_ascii_whitespace().any(|t| t == "noopener"));
        if opens_tab && !noopener {
            found.push(format!("<{tag} target=_blank> without rel=noopener"));
        }
    }
    found
}

/// Fires, on every element under `root`, the events inline handlers in the
/// corpus listen for. Plain `Event`s, not `MouseEvent`s: a synthetic "click"
/// then runs `onclick` handlers but never follows a link.
fn provoke_events(root: &Node) {
    #[rustfmt::skip]
    const EVENTS: &[&str] = &[
        "click", "dblclick", "mousedown", "mouseup", "mouseover", "mouseenter", "mouseout", "mouseleave",
        "pointerover", "pointerenter", "pointerdown", "focus", "focusin", "blur", "load", "error", "toggle",
        "beforetoggle", "close", "input", "change", "start", "begin", "animationstart", "transitionend", "scroll",
        "keydown", "copy", "submit",
    ];
    for element in elements(root) {
        if let Some(html_element) = element.dyn_ref::<web_sys::HtmlElement>() {
            let _ = html_element.focus();
        }
        for name in EVENTS {
            if let Ok(event) = web_sys::Event::new(name) {
                let _ = element.dispatch_event(&event);
            }
        }
    }
}

/// Parses markup into an inert document's `<body>`: test data only.
fn parse_body(html: &str) -> web_sys::HtmlElement {
    web_sys::DomParser::new()
        .unwrap()
        .parse_from_string(html, web_sys::SupportedType::TextHtml)
        .unwrap()
        .body()
        .unwrap()
}

/// A canonical serialisation for comparing structure and text: attributes
/// sorted, runs of ASCII whitespace collapsed, whitespace-only text left out,
/// comments shown (so a stray one fails the comparison).
fn normalise(root: &Node) -> String {
    fn open(out: &mut String, element: &Element) {
        let mut attributes = attributes(element);
        attributes.sort();
        out.push('<');
        out.push_str(&element.local_name());
        for (name, value) in attributes {
            out.push_str(&format!(" {name}={value:?}"));
        }
        out.push('>');
    }
    let mut out = String::new();
    // (node, entered): a node is pushed once to open it and once to close it.
    let mut stack: Vec<(Node, bool)> = Vec::new();
    let mut child = root.last_child();
    while let Some(node) = child {
        child = node.previous_sibling();
        stack.push((node, false));
    }
    while let Some((node, entered)) = stack.pop() {
        if entered {
            if let Some(element) = node.dyn_ref::<Element>() {
                out.push_str(&format!("</{}>", element.local_name()));
            }
            continue;
        }
        match node.node_type() {
            Node::ELEMENT_NODE => {
                open(&mut out, node.unchecked_ref::<Element>());
                stack.push((node.clone(), true));
                let mut child = node.last_child();
                while let Some(inner) = child {
                    child = inner.previous_sibling();
                    stack.push((inner, false));
                }
            }
            Node::TEXT_NODE => {
                let text = collapse(&node.node_value().unwrap_or_default());
                if !text.trim_matches(' ').is_empty() {
                    out.push_str(&text);
                }
            }
            Node::COMMENT_NODE => out.push_str(&format!("<!--{}-->", node.node_value().unwrap_or_default())),
            other => out.push_str(&format!("<?node {other}?>")),
        }
    }
    out
}

fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Global flags the canary and the corpus use, cleared before a run.
fn reset_flags() {
    clear_global(FLAG);
    clear_global(DIALOG_FLAG);
    clear_global("__canary");
}

/// The harness can fail: an inline handler that the sanitiser would have
/// removed does set the flag when planted by hand, a hand-planted `onclick`
/// runs under the synthetic events, and the DOM checker reports what it must.
#[wasm_bindgen_test]
async fn harness_detects_live_handlers_and_forbidden_markup() {
    reset_flags();
    let container = new_container();
    let image = document().create_element("img").unwrap();
    image.set_attribute("onerror", "window.__canary = 'onerror'").unwrap();
    image.set_attribute("src", "/khong-ton-tai.png").unwrap();
    container.append_child(&image).unwrap();
    for _ in 0..40 {
        if !global("__canary").is_undefined() {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(global("__canary").as_string().as_deref(), Some("onerror"), "an img onerror must fire here");

    let paragraph = document().create_element("p").unwrap();
    paragraph.set_attribute("onclick", "window.__canary = 'onclick'").unwrap();
    container.append_child(&paragraph).unwrap();
    provoke_events(&container);
    assert_eq!(global("__canary").as_string().as_deref(), Some("onclick"), "synthetic events must run handlers");

    let found = violations(&container);
    assert!(found.iter().any(|v| v.contains("onerror")), "{found:?}");
    assert!(found.iter().any(|v| v.contains("onclick")), "{found:?}");
    let script = document().create_element("script").unwrap();
    container.append_child(&script).unwrap();
    assert!(violations(&container).iter().any(|v| v.contains("<script>")));
    container.remove();
    clear_global("__canary");
}

/// The oracle can fail: each of these trees, built by hand, breaks one rule,
/// and the oracle names it; a tree of what the rules allow passes.
#[wasm_bindgen_test]
fn oracle_rejects_what_it_must_and_accepts_clean_output() {
    // (tag, attributes, what the report must mention)
    #[rustfmt::skip]
    let cases: &[(&str, &[(&str, &str)], &str)] = &[
        ("a", &[("href", "javascript:alert(1)")], "scheme \"javascript:\""),
        ("a", &[("href", "java\tscript:alert(1)")], "scheme \"javascript:\""),
        ("a", &[("href", "\u{1}\u{1f} JavaScript:alert(1)")], "scheme \"javascript:\""),
        ("a", &[("href", "vbscript:x")], "scheme \"vbscript:\""),
        ("a", &[("href", "data:text/html,x")], "scheme \"data:\""),
        ("a", &[("href", "https://chinhphu.vn/"), ("target", "_blank")], "without rel=noopener"),
        ("a", &[("href", "/x"), ("target", "_self")], "target other than _blank"),
        ("a", &[("href", "/x"), ("rel", "opener")], "rel token"),
        ("a", &[("href", "/x"), ("ping", "/p")], "ping"),
        ("img", &[("src", "data:image/svg+xml,<svg/>")], "scheme \"data:\""),
        ("img", &[("src", "blob:https://thanhvan.gov.vn/x")], "scheme \"blob:\""),
        ("img", &[("src", "/a.jpg"), ("srcset", "/b.jpg 1x, javascript:alert(1) 2x")], "scheme \"javascript:\""),
        ("img", &[("src", "/a.jpg"), ("srcset", "/b.jpg 1x,data:image/png,AAAA 2x")], "scheme \"data:\""),
        ("img", &[("src", "/a.jpg"), ("srcset", "/b.jpg 320w"), ("sizes", "url(x) 100vw")], "CSS lengths"),
        ("source", &[("srcset", "/a.webp"), ("type", "image/svg+xml")], "type other than"),
        ("source", &[("srcset", "/a.webp"), ("media", "'x'")], "CSS lengths"),
        ("source", &[("srcset", "/a.webp"), ("src", "/a.mp4")], "src"),
        ("source", &[("srcset", "/a.webp")], "not a picture"),
        ("picture", &[], "without an image"),
        ("picture", &[("class", "x")], "class"),
        ("img", &[("src", "/a.jpg"), ("width", "100%")], "not a plain number"),
        ("img", &[("alt", "không có src")], "without src"),
        ("td", &[("colspan", "2"), ("scope", "everything")], "scope outside"),
        ("p", &[("style", "color:red")], "style"),
        ("p", &[("class", "x")], "class"),
        ("div", &[("id", "__xss")], "id"),
        ("span", &[("onclick", "x")], "onclick"),
        ("abbr", &[("title", "ok"), ("data-x", "1")], "data-x"),
        ("h1", &[], "element <h1>"),
        ("iframe", &[], "element <iframe>"),
        ("form", &[], "element <form>"),
        ("style", &[], "element <style>"),
    ];
    let mut failures = Vec::new();
    for (tag, attributes, expected) in cases {
        let container = new_container();
        let element = document().create_element(tag).unwrap();
        for (name, value) in *attributes {
            element.set_attribute(name, value).unwrap();
        }
        container.append_child(&element).unwrap();
        let found = violations(&container);
        if !found.iter().any(|v| v.contains(expected)) {
            failures.push(format!("<{tag} {attributes:?}>: expected a report of {expected:?}, got {found:?}"));
        }
        container.remove();
    }

    // Foreign namespaces and comments.
    let container = new_container();
    let svg = document().create_element_ns(Some("http://www.w3.org/2000/svg"), "a").unwrap();
    container.append_child(&svg).unwrap();
    container.append_child(&document().create_comment("x")).unwrap();
    let found = violations(&container);
    if !found.iter().any(|v| v.contains("namespace")) || !found.iter().any(|v| v.contains("type 8")) {
        failures.push(format!("an SVG <a> and a comment: {found:?}"));
    }
    container.remove();

    // What the rules allow passes.
    let clean = r#"<h2>Tiêu đề</h2><p>Chữ <a href="https://chinhphu.vn/" target="_blank" rel="noopener noreferrer" title="t">ngoài</a>, <a href="/bai-viet/x">trong</a>, <a href="/uploads/a.pdf" rel="external">tệp</a>, <a href="mailto:a@b.vn">thư</a>, <a href="tel:+84243">số</a>, <abbr title="Ủy ban nhân dân">UBND</abbr></p><figure><img loading="lazy" decoding="async" src="/a.jpg" alt="ảnh" width="640" height="480"><figcaption>Ảnh</figcaption></figure><table><tbody><tr><th scope="row">1</th><td colspan="2" rowspan="3">ô</td></tr></tbody></table><picture><source type="image/avif" media="(min-width: 48rem)" srcset="/a.avif 320w, https://cdn.example/b,c.avif 720w" sizes="(min-width: 48rem) min(46rem, calc(100vw - 3rem)), calc(100vw - 2rem)"><img loading="lazy" decoding="async" src="/a.jpg" srcset="/a.jpg 1x, //cdn.example/a2.jpg 2x" sizes="100vw" alt=""></picture>"#;
    let found = violations(&parse_body(clean));
    if !found.is_empty() {
        failures.push(format!("clean output was rejected: {found:?}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[wasm_bindgen_test]
async fn xss_corpus_runs_nothing_and_leaves_only_what_the_oracle_allows() {
    let vectors = vectors();
    assert!(vectors.len() >= 70, "the corpus holds {} vectors", vectors.len());
    reset_flags();
    let originals = trap_dialogs();
    let root = new_container();
    let mut failures = Vec::new();

    for vector in &vectors {
        let container = document().create_element("div").unwrap();
        root.append_child(&container).unwrap();
        container.append_child(&sanitize_body(&document(), &vector.html, ORIGIN)).unwrap();
        for violation in violations(&container) {
            failures.push(format!("line {}: {:?}\n    {violation}", vector.line, vector.html));
        }
        // The saved-file path: serialised and parsed again, still clean.
        let saved = sanitize_to_html_string(&document(), &vector.html, ORIGIN);
        for violation in violations(&parse_body(&saved)) {
            failures.push(format!("line {} (saved as {saved:?}): {:?}\n    {violation}", vector.line, vector.html));
        }
    }

    // Let images fail, handlers fire, timers run; then poke every element.
    sleep(100).await;
    provoke_events(&root);
    sleep(100).await;

    let describe = |value: JsValue| -> String {
        let id = value.as_string().or_else(|| value.as_f64().map(|n| n.to_string())).unwrap_or_else(|| {
            // A clobbered global: an element, not a number.
            format!("{value:?}")
        });
        let line = vectors.iter().find(|vector| vector.line.to_string() == id);
        match line {
            Some(vector) => format!("{id} (line {}: {:?})", vector.line, vector.html),
            None => format!("{id} (an encoded payload, or a clobbered global)"),
        }
    };
    let flag = global(FLAG);
    if !flag.is_undefined() {
        failures.push(format!("window.{FLAG} was set by {}", describe(flag)));
    }
    let dialog = global(DIALOG_FLAG);
    if !dialog.is_undefined() {
        failures.push(format!("a dialog was opened by {}", describe(dialog)));
    }

    root.remove();
    restore_dialogs(originals);
    assert!(
        failures.is_empty(),
        "{} failure(s) in {} vectors:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn benign_cms_markup_keeps_its_structure_and_text() {
    let container = new_container();
    container.append_child(&sanitize_body(&document(), BENIGN, ORIGIN)).unwrap();
    let expected = parse_body(BENIGN_EXPECTED);
    let (actual, expected_normal) = (normalise(&container), normalise(&expected));
    if actual != expected_normal {
        let position = actual.chars().zip(expected_normal.chars()).take_while(|(a, b)| a == b).count();
        let around = |s: &str| s.chars().skip(position.saturating_sub(80)).take(240).collect::<String>();
        panic!("differs at char {position}:\nactual:   …{}\nexpected: …{}", around(&actual), around(&expected_normal));
    }
    assert!(violations(&container).is_empty(), "{:?}", violations(&container));
    let text = |node: &Node| collapse(&node.text_content().unwrap_or_default());
    assert_eq!(text(&container), text(&parse_body(BENIGN)), "text must come through unchanged");
    assert!(text(&container).contains("Quyết định số 12/QĐ-UBND về việc khen thưởng"));
    container.remove();
}

#[wasm_bindgen_test]
fn documented_rewrites_one_by_one() {
    let cases: &[(&str, &str)] = &[
        ("<p>a<script>b</script>c</p>", "<p>ac</p>"),
        ("<section><p class=x id=y>đoạn</p></section>", "<p>đoạn</p>"),
        ("<h1>Tiêu đề</h1>", "<h2>Tiêu đề</h2>"),
        ("<img src=x onerror=alert(1)>", r#"<img loading="lazy" decoding="async" src="x">"#),
        ("<img src=\"javascript:alert(1)\" alt=a>", ""),
        ("<img alt=a>", ""),
        ("<a href=\"java&#x09;script:alert(1)\" title=t>x</a>", r#"<a title="t">x</a>"#),
        (
            "<a href=\" https://chinhphu.vn/ \">c</a>",
            r#"<a href="https://chinhphu.vn/" target="_blank" rel="noopener noreferrer">c</a>"#,
        ),
        ("<a href=\"https://thanhvan.gov.vn/bai-viet/x?y=1#z\">t</a>", r#"<a href="/bai-viet/x?y=1#z">t</a>"#),
        ("<a href=\"/chuyen-muc/thong-bao\" target=_blank>t</a>", r#"<a href="/chuyen-muc/thong-bao">t</a>"#),
        ("<a href=\"/uploads/a.pdf\">t</a>", r#"<a href="/uploads/a.pdf" rel="external">t</a>"#),
        ("<a href=\"mailto:a@thanhvan.gov.vn\">m</a>", r#"<a href="mailto:a@thanhvan.gov.vn">m</a>"#),
        ("<math><mi>x</mi></math>y", "y"),
        ("<svg><p>thoát</p></svg>", "<p>thoát</p>"),
        ("<!-- c -->t<?pi x?>", "t"),
        (
            "<table><tr><td colspan=2 rowspan=500 scope=COL>1</td></tr></table>",
            r#"<table><tbody><tr><td colspan="2" scope="col">1</td></tr></tbody></table>"#,
        ),
        (
            "<img src=/a.jpg width=640 height=99999>",
            r#"<img loading="lazy" decoding="async" src="/a.jpg" width="640">"#,
        ),
        ("<abbr title=\"Ủy ban nhân dân\" class=x>UBND</abbr>", r#"<abbr title="Ủy ban nhân dân">UBND</abbr>"#),
        ("a &lt; b &amp; c", "a &lt; b &amp; c"),
        ("<p title=\"&quot;><script>\">x</p>", "<p>x</p>"),
        ("<textarea>chữ</textarea><select><option>1</select>còn", "còn"),
        ("<font face=Arial><center>giữa</center></font>", "giữa"),
        (
            "<img src=/a.jpg srcset=\"/a.jpg 1x, /b.jpg 2x\" sizes=100vw>",
            r#"<img loading="lazy" decoding="async" src="/a.jpg" srcset="/a.jpg 1x, /b.jpg 2x" sizes="100vw">"#,
        ),
        ("<img src=/a.jpg srcset=\"/a.jpg 1x, javascript:alert(1) 2x\">", r#"<img loading="lazy" decoding="async" src="/a.jpg">"#),
        (
            "<picture><source srcset=/a.webp type=image/webp><img src=/a.jpg></picture>",
            r#"<picture><source type="image/webp" srcset="/a.webp"><img loading="lazy" decoding="async" src="/a.jpg"></picture>"#,
        ),
        ("<picture><source srcset=/a.webp></picture>", ""),
    ];
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let actual = sanitize_to_html_string(&document(), input, ORIGIN);
        if actual != *expected {
            failures.push(format!("{input:?}\n   got {actual:?}\n  want {expected:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The responsive-image cases the host walk runs too
/// (`tests/fixtures/responsive_images.rs`): the same markup, byte for byte,
/// and nothing the oracle refuses.
#[wasm_bindgen_test]
fn responsive_images_as_the_host_walk_writes_them() {
    let mut failures = Vec::new();
    for (input, expected) in responsive_images::CASES {
        let actual = sanitize_to_html_string(&document(), input, ORIGIN);
        if actual != *expected {
            failures.push(format!("{input:?}\n   got {actual:?}\n  want {expected:?}"));
        }
        let container = new_container();
        container.append_child(&sanitize_body(&document(), input, ORIGIN)).unwrap();
        for violation in violations(&container) {
            failures.push(format!("{input:?}: {violation}"));
        }
        container.remove();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The browser chooses among the kept sources as the publisher meant: the
/// AVIF source (Chromium decodes AVIF) before the JPEG fallback. The file
/// does not exist; `currentSrc` says which one the browser chose.
#[wasm_bindgen_test]
async fn the_browser_chooses_from_the_kept_sources() {
    let container = new_container();
    container.append_child(&sanitize_body(&document(), responsive_images::PUBLISHER_PICTURE, ORIGIN)).unwrap();
    let image: web_sys::HtmlImageElement =
        container.query_selector("picture > img").unwrap().expect("the image is kept").dyn_into().unwrap();
    // Load it now, as scrolling to it would.
    image.set_attribute("loading", "eager").unwrap();
    let mut current = String::new();
    for _ in 0..40 {
        current = image.current_src();
        if !current.is_empty() {
            break;
        }
        sleep(50).await;
    }
    let avif = ["/anh/9f2c41d07a6be3a1-320.avif", "/anh/5b0e8c2f14d97a63-720.avif"];
    assert!(avif.iter().any(|file| current.ends_with(file)), "the browser chose {current:?}");
    container.remove();
}

/// The saved copy makes every URL of a `srcset` absolute, not only `src`;
/// a candidate that cannot be made absolute takes its list with it.
#[wasm_bindgen_test]
fn the_saved_copy_makes_srcset_urls_absolute() {
    let page = "https://thanhvan.gov.vn/bai-viet/bai-mau";
    let saved = sanitize_to_saved_html_string(&document(), responsive_images::PUBLISHER_PICTURE, ORIGIN, page);
    let body = parse_body(&saved);
    let mut urls = Vec::new();
    for element in elements(&body) {
        if let Some(srcset) = element.get_attribute("srcset") {
            urls.extend(srcset_pieces(&srcset).into_iter().map(str::to_string));
        }
        if let Some(src) = element.get_attribute("src") {
            urls.push(src);
        }
    }
    assert_eq!(urls.len(), 7, "{saved}");
    assert!(urls.iter().all(|url| url.starts_with("https://thanhvan.gov.vn/anh/")), "{urls:?}");
    assert_eq!(body.query_selector_all("picture > source").unwrap().length(), 2, "{saved}");
    assert!(violations(&body).is_empty(), "{:?}", violations(&body));
}

#[wasm_bindgen_test]
fn ten_thousand_nested_divs_do_not_crash_and_depth_is_capped() {
    let depth = 10_000;
    let html = format!("{}đáy{}<p>sau</p>", "<div>".repeat(depth), "</div>".repeat(depth));
    let container = new_container();
    container.append_child(&sanitize_body(&document(), &html, ORIGIN)).unwrap();
    let text = container.text_content().unwrap_or_default();
    assert!(
        text.contains("đáy") && text.ends_with("sau"),
        "text kept: {:?}",
        text.chars().take(50).collect::<String>()
    );
    let deepest = elements(&container)
        .iter()
        .map(|element| {
            let mut levels = 0;
            let mut node = element.parent_node();
            while let Some(parent) = node {
                if parent.is_same_node(Some(&container)) {
                    break;
                }
                levels += 1;
                node = parent.parent_node();
            }
            levels + 1
        })
        .max()
        .unwrap_or(0);
    assert!(deepest <= MAX_DEPTH, "output nests {deepest} deep");
    assert!(deepest >= MAX_DEPTH / 2, "structure near the top is kept ({deepest} deep)");
    container.remove();
}

#[wasm_bindgen_test]
fn a_megabyte_of_text_is_kept_as_text() {
    let sentence = "Quyết định số 12/QĐ-UBND về việc khen thưởng <b>không phải thẻ</b>? ";
    let mut body = String::new();
    while body.len() < 1_048_576 {
        body.push_str(&sentence.replace('<', "&lt;"));
    }
    let html = format!("<p>{body}</p>");
    let container = new_container();
    container.append_child(&sanitize_body(&document(), &html, ORIGIN)).unwrap();
    let expected = body.replace("&lt;", "<");
    let text = container.text_content().unwrap_or_default();
    assert_eq!(text.len(), expected.len());
    assert!(text == expected, "text changed");
    assert_eq!(elements(&container).len(), 1, "one paragraph, no element made of the text");
    container.remove();
}
