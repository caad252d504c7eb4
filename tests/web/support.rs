//! Mounting and querying helpers shared by the browser tests.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A container of its own in `<body>`, with the app's component mounted in it.
/// Dropping it unmounts the component and removes the container.
pub struct Mounted {
    pub root: web_sys::HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

pub fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a test page has a document")
}

pub fn mount<F, N>(view: F) -> Mounted
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    mount_marked("", view)
}

/// [`mount`] into a container that carries the attribute `marker` (when not
/// empty) from the start, so a patched browser API can act on this
/// component alone: tests run concurrently in one page.
pub fn mount_marked<F, N>(marker: &str, view: F) -> Mounted
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    if !marker.is_empty() {
        root.set_attribute(marker, "").unwrap();
    }
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), view);
    Mounted { root, _handle: Box::new(handle) }
}

impl Mounted {
    pub fn find(&self, selector: &str) -> web_sys::Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no element matches {selector:?} in {}", self.root.inner_html()))
    }

    pub fn find_all(&self, selector: &str) -> Vec<web_sys::Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|node| node.dyn_into().ok()).collect()
    }

    pub fn has(&self, selector: &str) -> bool {
        self.root.query_selector(selector).unwrap().is_some()
    }

    pub fn text(&self, selector: &str) -> String {
        self.find(selector).text_content().unwrap_or_default().trim().to_string()
    }

    pub fn attr(&self, selector: &str, name: &str) -> Option<String> {
        self.find(selector).get_attribute(name)
    }

    pub fn click(&self, selector: &str) {
        self.find(selector).unchecked_into::<web_sys::HtmlElement>().click();
    }
}

/// Lets effects, node-ref callbacks and spawned tasks run.
pub async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

/// Whether `a` comes before `b` in document order.
pub fn precedes(a: &web_sys::Element, b: &web_sys::Element) -> bool {
    a.compare_document_position(b) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0
}

/// Runs a script body in the test page (to stand in for a browser API) and
/// returns its result; a script that throws fails the test.
pub fn run_js(body: &str) -> wasm_bindgen::JsValue {
    js_sys::Function::new_no_args(body)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap_or_else(|error| panic!("script failed: {error:?}\n{body}"))
}

/// A browser API replaced for the length of one test: `install` runs at
/// once, `restore` when the patch is dropped, also when the test fails.
/// Async tests run interleaved in one page, so a patch must leave alone
/// what other tests do (one test per patched API, or a condition such as
/// [`mount_marked`]'s marker).
pub struct Patch {
    restore: &'static str,
}

impl Patch {
    pub fn new(install: &str, restore: &'static str) -> Patch {
        run_js(install);
        Patch { restore }
    }
}

impl Drop for Patch {
    fn drop(&mut self) {
        run_js(self.restore);
    }
}

/// Lets tasks, promises and timers run until `check` holds; panics after
/// about two seconds, naming `what`.
pub async fn wait_until(what: &str, check: impl Fn() -> bool) {
    for _ in 0..200 {
        if check() {
            return;
        }
        settle().await;
        ban_tin::browser::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}
