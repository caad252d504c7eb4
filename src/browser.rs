//! The only module that talks to `window()`: printing, downloads, clipboard,
//! sharing, scrolling, focus and the page's own settings.
//!
//! Every call tolerates a missing API (old browser, test runner) and reports
//! failure as a value; nothing here panics.
//!
//! On the host (the publishing step renders the same components to HTML)
//! there is no window: every call answers as a browser without that API
//! would, except [`origin`] and [`meta_content`], which answer from the
//! [`HostPage`] the publisher sets, so absolute URLs and media URLs in the
//! pre-rendered page are the deployed site's.

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[cfg(target_arch = "wasm32")]
fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// No window on the host: calling a wasm-bindgen import there would panic.
#[cfg(not(target_arch = "wasm32"))]
fn window() -> Option<web_sys::Window> {
    None
}

/// What a page rendered on the host knows of where it will be served.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostPage {
    /// The deployed site's origin, e.g. `https://thanhvan.gov.vn`.
    pub origin: String,
    /// The `api-base` meta of the deployed shell, e.g. `/api/`.
    pub api_base: String,
}

thread_local! {
    static HOST_PAGE: std::cell::RefCell<HostPage> = std::cell::RefCell::new(HostPage::default());
}

/// Sets what [`origin`] and `meta_content("api-base")` answer on this
/// thread when there is no window (pre-rendering on the host).
pub fn set_host_page(page: HostPage) {
    HOST_PAGE.with(|host| *host.borrow_mut() = page);
}

fn host_page() -> HostPage {
    HOST_PAGE.with(|host| host.borrow().clone())
}

pub fn document() -> Option<web_sys::Document> {
    window().and_then(|window| window.document())
}

/// Whether the static markup (`#app-boot`: the boot shell or a
/// pre-rendered page) holds an element matching `selector`.
pub fn static_markup_has(selector: &str) -> bool {
    document()
        .and_then(|document| document.query_selector(&format!("#app-boot {selector}")).ok().flatten())
        .is_some()
}

/// The `content` of `<meta name="{name}">` in `index.html`, if any.
pub fn meta_content(name: &str) -> Option<String> {
    if window().is_none() {
        return match name {
            "api-base" => Some(host_page().api_base).filter(|value| !value.trim().is_empty()),
            _ => None,
        };
    }
    let selector = format!("meta[name=\"{name}\"]");
    let element = document()?.query_selector(&selector).ok()??;
    element.get_attribute("content").filter(|value| !value.trim().is_empty())
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_millis() -> f64 {
    if window().is_none() {
        return 0.0;
    }
    js_sys::Date::now()
}

/// The site's public origin, e.g. `https://thanhvan.gov.vn`: the
/// `site-origin` meta a published page carries (so the article's address,
/// the email link and the saved file name the public site whichever host
/// serves the copy), else the page's own origin.
pub fn origin() -> String {
    match window() {
        Some(window) => meta_content("site-origin")
            .map(|origin| origin.trim().trim_end_matches('/').to_string())
            .unwrap_or_else(|| window.location().origin().unwrap_or_default()),
        None => host_page().origin,
    }
}

/// Resolves after `duration` (a `setTimeout` wrapped in a promise).
pub async fn sleep(duration: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
        if let Some(window) = window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        } else {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(window) = window() {
        if let Err(error) = window.print() {
            web_sys::console::warn_2(&"print() failed".into(), &error);
        }
    }
}

/// The custom property print.css caps an article's photos with.
const PRINT_MAX_WIDTH_PROPERTY: &str = "--print-max-width";

/// Keeps printed photos at 150 dpi or better: on `beforeprint`, each image
/// of the article gets its widest printable size
/// ([`crate::picture::print_max_width_px`] of the file's pixels) as
/// [`PRINT_MAX_WIDTH_PROPERTY`], which `style/print.css` uses; on
/// `afterprint` it goes. Set through the CSSOM, which the CSP's
/// `style-src 'self'` allows (it forbids only `style` attributes in markup).
pub fn install_print_resolution() {
    on_window_event("beforeprint", || cap_printed_images(true));
    on_window_event("afterprint", || cap_printed_images(false));
}

fn cap_printed_images(cap: bool) {
    let Some(document) = document() else { return };
    let Ok(images) = document.query_selector_all(".app-article img") else { return };
    for image in (0..images.length()).filter_map(|index| images.item(index)) {
        let Ok(image) = image.dyn_into::<web_sys::HtmlImageElement>() else { continue };
        let style = image.style();
        if !cap {
            let _ = style.remove_property(PRINT_MAX_WIDTH_PROPERTY);
            continue;
        }
        let current = image.current_src();
        // A drawing (SVG) prints sharp at any size.
        let path = current.split(['?', '#']).next().unwrap_or_default().to_ascii_lowercase();
        if current.is_empty() || path.ends_with(".svg") || path.starts_with("data:image/svg") {
            continue;
        }
        let pixels = shown_variant_width(&document, &image, &current).unwrap_or_else(|| image.natural_width());
        if pixels > 0 {
            // Rounded down, so the rounding never takes it under 150 dpi.
            let px = crate::picture::print_max_width_px(pixels);
            let _ = style.set_property(PRINT_MAX_WIDTH_PROPERTY, &format!("{px}px"));
        }
    }
}

/// The pixel width of the file `image` shows (`current`, absolute): the
/// `w` of the candidate naming it in the `<img>`'s or its `<source>`s'
/// `srcset`. (`naturalWidth` is that width divided by the density the
/// browser chose, so it says nothing of the file.)
fn shown_variant_width(document: &web_sys::Document, image: &web_sys::HtmlImageElement, current: &str) -> Option<u32> {
    let base = document.base_uri().ok().flatten().unwrap_or_default();
    let mut srcsets = vec![image.get_attribute("srcset").unwrap_or_default()];
    if let Some(picture) = image.parent_element().filter(|parent| parent.tag_name().eq_ignore_ascii_case("picture")) {
        if let Ok(sources) = picture.query_selector_all("source") {
            srcsets.extend(
                (0..sources.length())
                    .filter_map(|index| sources.item(index))
                    .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
                    .filter_map(|source| source.get_attribute("srcset")),
            );
        }
    }
    srcsets.iter().find_map(|srcset| {
        crate::picture::srcset_widths(srcset).into_iter().find_map(|(url, width)| {
            let absolute = web_sys::Url::new_with_base(url, &base).ok()?.href();
            (absolute == current).then_some(width)
        })
    })
}

/// Offers `contents` as a file download named `file_name`.
///
/// The object URL is revoked right after the click has started the download.
pub fn download(file_name: &str, mime: &str, contents: &str) -> Result<(), JsValue> {
    let document = document().ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document.body().ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    // Revoke on the next task: the click has handed the URL to the download by then.
    let revoke_url = url.clone();
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&revoke_url);
        },
        Duration::from_millis(0),
    );
    Ok(())
}

/// Whether the Web Share API is there (phones, some desktops).
pub fn can_share() -> bool {
    window()
        .map(|window| {
            js_sys::Reflect::has(&window.navigator(), &JsValue::from_str("share")).unwrap_or(false)
        })
        .unwrap_or(false)
}

/// Opens the system share sheet with a title and URL.
pub async fn share(title: &str, url: &str) -> Result<(), JsValue> {
    let window = window().ok_or_else(|| JsValue::from_str("no window"))?;
    let data = web_sys::ShareData::new();
    data.set_title(title);
    data.set_url(url);
    JsFuture::from(window.navigator().share_with_data(&data)).await.map(|_| ())
}

/// Writes `text` to the clipboard.
pub async fn copy_to_clipboard(text: &str) -> Result<(), JsValue> {
    let window = window().ok_or_else(|| JsValue::from_str("no window"))?;
    let clipboard = window.navigator().clipboard();
    if clipboard.is_undefined() {
        return Err(JsValue::from_str("no clipboard"));
    }
    JsFuture::from(clipboard.write_text(text)).await.map(|_| ())
}

pub fn scroll_y() -> f64 {
    window().and_then(|window| window.scroll_y().ok()).unwrap_or(0.0)
}

pub fn scroll_to_y(y: f64) {
    if let Some(window) = window() {
        window.scroll_to_with_x_and_y(0.0, y);
    }
}

/// The app restores scroll positions itself, once the page's content is there.
pub fn take_over_scroll_restoration() {
    if let Some(history) = window().and_then(|window| window.history().ok()) {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
}

/// Moves keyboard and screen-reader focus to the first element matching `selector`.
pub fn focus_first(selector: &str) {
    let Some(element) = document().and_then(|document| document.query_selector(selector).ok().flatten()) else {
        return;
    };
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    }
}

/// Moves focus to the first element matching `selector` and scrolls it into view.
pub fn focus_and_reveal(selector: &str) {
    let Some(element) = document().and_then(|document| document.query_selector(selector).ok().flatten()) else {
        return;
    };
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        let _ = element.focus();
        element.scroll_into_view();
    }
}

/// Reads a remembered preference.
pub fn load_setting(key: &str) -> Option<String> {
    window()?.local_storage().ok()??.get_item(key).ok()?
}

/// Remembers a preference; private modes without storage just forget it.
pub fn save_setting(key: &str, value: &str) {
    if let Some(storage) = window().and_then(|window| window.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

/// Whether a CSS media query matches, e.g. `(prefers-color-scheme: dark)`.
pub fn media_matches(query: &str) -> bool {
    window()
        .and_then(|window| window.match_media(query).ok().flatten())
        .map(|list| list.matches())
        .unwrap_or(false)
}

/// Calls `handler` whenever the media query starts or stops matching.
pub fn on_media_change(query: &str, handler: impl Fn() + 'static) {
    let Some(list) = window().and_then(|window| window.match_media(query).ok().flatten()) else { return };
    let closure = wasm_bindgen::closure::Closure::<dyn Fn()>::new(handler);
    let _ = list.add_event_listener_with_callback("change", closure.as_ref().unchecked_ref());
    // Listens as long as the page lives (the controls are mounted once).
    closure.forget();
}

/// Sets an attribute on `<html>` (theme and text size switches).
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = document().and_then(|document| document.document_element()) {
        let _ = root.set_attribute(name, value);
    }
}

/// Calls `handler` on every `event` of the window, for the app's lifetime.
pub fn on_window_event(event: &str, handler: impl Fn() + 'static) {
    let Some(window) = window() else { return };
    let closure = wasm_bindgen::closure::Closure::<dyn Fn()>::new(handler);
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
        event,
        closure.as_ref().unchecked_ref(),
        &options,
    );
    // Listens as long as the page lives.
    closure.forget();
}

/// `location.pathname`.
pub fn current_path() -> String {
    window().and_then(|window| window.location().pathname().ok()).unwrap_or_default()
}

/// One parameter of `location.search`, decoded; `None` when absent.
pub fn query_param(name: &str) -> Option<String> {
    let search = window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// The current URL's path and query: the key of a history entry.
pub fn current_path_and_query() -> String {
    window()
        .map(|window| {
            let location = window.location();
            format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
        })
        .unwrap_or_default()
}

/// Updates `<meta name="description">` (present in `index.html`).
/// Sets `document.title` (through `components::DocumentTitle`).
pub fn set_document_title(title: &str) {
    if let Some(document) = document() {
        document.set_title(title);
    }
}

pub fn set_meta_description(content: &str) {
    let Some(document) = document() else { return };
    if let Ok(Some(meta)) = document.query_selector("meta[name=\"description\"]") {
        let _ = meta.set_attribute("content", content);
    }
}

fn speech_synthesis() -> Option<web_sys::SpeechSynthesis> {
    let window = window()?;
    // Reflect first: calling a missing getter through web-sys would throw.
    if !js_sys::Reflect::has(&window, &JsValue::from_str("speechSynthesis")).unwrap_or(false) {
        return None;
    }
    window.speech_synthesis().ok()
}

/// Whether the browser can speak at all (Web Speech API).
pub fn speech_available() -> bool {
    speech_synthesis().is_some()
}

/// An installed Vietnamese voice, if any.
pub fn vietnamese_voice() -> Option<web_sys::SpeechSynthesisVoice> {
    let voices = speech_synthesis()?.get_voices();
    voices
        .iter()
        .filter_map(|voice| voice.dyn_into::<web_sys::SpeechSynthesisVoice>().ok())
        .find(|voice| voice.lang().to_ascii_lowercase().starts_with("vi"))
}

/// Calls `handler` when the list of voices changes (it loads asynchronously).
pub fn on_voices_changed(handler: impl Fn() + 'static) {
    let Some(speech) = speech_synthesis() else { return };
    let closure = wasm_bindgen::closure::Closure::<dyn Fn()>::new(handler);
    speech.set_onvoiceschanged(Some(closure.as_ref().unchecked_ref()));
    closure.forget();
}

/// Reads `chunks` aloud one after another with `voice`; `on_end` runs after
/// the last one (or when speech is cancelled).
pub fn speak(chunks: Vec<String>, voice: &web_sys::SpeechSynthesisVoice, on_end: impl Fn() + 'static) {
    let Some(speech) = speech_synthesis() else { return };
    speech.cancel();
    let on_end = std::rc::Rc::new(on_end);
    let count = chunks.len();
    for (index, chunk) in chunks.into_iter().enumerate() {
        let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(&chunk) else { continue };
        utterance.set_lang("vi-VN");
        utterance.set_voice(Some(voice));
        if index + 1 == count {
            let on_end = std::rc::Rc::clone(&on_end);
            let closure = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || on_end());
            utterance.set_onend(Some(closure.as_ref().unchecked_ref()));
            closure.forget();
        }
        speech.speak(&utterance);
    }
}

pub fn pause_speech() {
    if let Some(speech) = speech_synthesis() {
        speech.pause();
    }
}

pub fn resume_speech() {
    if let Some(speech) = speech_synthesis() {
        speech.resume();
    }
}

pub fn stop_speech() {
    if let Some(speech) = speech_synthesis() {
        speech.cancel();
    }
}

/// The rendered text of the first element matching `selector`, paragraph by paragraph.
pub fn text_blocks(selector: &str) -> Vec<String> {
    let Some(element) = document().and_then(|document| document.query_selector(selector).ok().flatten()) else {
        return Vec::new();
    };
    let Ok(blocks) = element.query_selector_all("p, li, h2, h3, h4, h5, h6, blockquote, td, th, figcaption, dd, dt") else {
        return Vec::new();
    };
    let texts: Vec<String> = (0..blocks.length())
        .filter_map(|index| blocks.item(index))
        .filter_map(|node| node.text_content())
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|text| !text.is_empty())
        .collect();
    if texts.is_empty() {
        element.text_content().into_iter().filter(|text| !text.trim().is_empty()).collect()
    } else {
        texts
    }
}

/// The window's scroll offsets (x, y).
pub fn scroll_position() -> (f64, f64) {
    window()
        .map(|window| (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0)))
        .unwrap_or((0.0, 0.0))
}

pub fn scroll_to((x, y): (f64, f64)) {
    if let Some(window) = window() {
        window.scroll_to_with_x_and_y(x, y);
    }
}

/// Runs `callback` before the next paint.
pub fn request_frame(callback: impl FnOnce() + 'static) {
    let Some(window) = window() else { return };
    let closure = wasm_bindgen::closure::Closure::once_into_js(callback);
    let _ = window.request_animation_frame(closure.unchecked_ref());
}

/// The reader's text selection, as character offsets (UTF-16, as the DOM
/// counts) into the text of the first element matching `container`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextSelection {
    pub anchor: u32,
    pub focus: u32,
}

/// Elements whose text is left out of selection offsets: the controls that
/// only work with the app, whose labels may differ between the pre-rendered
/// page and the app (share or copy, a listen button or none).
const UNCOUNTED_CLASS: &str = "app-needs-app";

/// Text nodes under `root` in document order, skipping [`UNCOUNTED_CLASS`]
/// subtrees; iterative, like the sanitiser's walk.
fn counted_text_nodes(root: &web_sys::Node) -> Vec<web_sys::Node> {
    let mut out = Vec::new();
    let mut stack = vec![root.first_child()];
    while let Some(top) = stack.last_mut() {
        let Some(node) = top.take() else {
            stack.pop();
            continue;
        };
        *top = node.next_sibling();
        match node.node_type() {
            web_sys::Node::TEXT_NODE => out.push(node),
            web_sys::Node::ELEMENT_NODE => {
                let skip = node.dyn_ref::<web_sys::Element>().is_some_and(|element| element.class_list().contains(UNCOUNTED_CLASS));
                if !skip {
                    stack.push(node.first_child());
                }
            }
            _ => {}
        }
    }
    out
}

fn utf16_len(node: &web_sys::Node) -> u32 {
    node.node_value().map(|text| text.encode_utf16().count() as u32).unwrap_or(0)
}

/// The text offset of a DOM boundary point (`node`, `offset`) under `root`.
fn text_offset(root: &web_sys::Node, node: &web_sys::Node, offset: u32) -> Option<u32> {
    if !root.contains(Some(node)) {
        return None;
    }
    let texts = counted_text_nodes(root);
    let mut before = 0u32;
    if node.node_type() == web_sys::Node::TEXT_NODE {
        for text in &texts {
            if text.is_same_node(Some(node)) {
                return Some(before + offset.min(utf16_len(text)));
            }
            before += utf16_len(text);
        }
        return None;
    }
    // An element boundary: before its child number `offset` (or at its end).
    let children = node.child_nodes();
    let boundary = children.item(offset);
    for text in &texts {
        let past = match &boundary {
            Some(child) => child.is_same_node(Some(text)) || child.contains(Some(text)) || is_after(child, text),
            None => !node.contains(Some(text)) && is_after(node, text),
        };
        if past {
            return Some(before);
        }
        before += utf16_len(text);
    }
    Some(before)
}

/// Whether `other` follows `reference` in document order.
fn is_after(reference: &web_sys::Node, other: &web_sys::Node) -> bool {
    reference.compare_document_position(other) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0
}

/// The boundary point at text offset `offset` under `root`.
fn boundary_at(root: &web_sys::Node, offset: u32) -> Option<(web_sys::Node, u32)> {
    let mut before = 0u32;
    let mut last = None;
    for text in counted_text_nodes(root) {
        let length = utf16_len(&text);
        if offset <= before + length {
            return Some((text, offset - before));
        }
        before += length;
        last = Some((text, length));
    }
    last
}

/// The selection inside the first element matching `container`, if the
/// reader has selected something there.
pub fn selection_in(container: &str) -> Option<TextSelection> {
    let root: web_sys::Node = document()?.query_selector(container).ok()??.into();
    let selection = window()?.get_selection().ok()??;
    if selection.is_collapsed() {
        return None;
    }
    let anchor = text_offset(&root, &selection.anchor_node()?, selection.anchor_offset())?;
    let focus = text_offset(&root, &selection.focus_node()?, selection.focus_offset())?;
    Some(TextSelection { anchor, focus })
}

/// Selects the same text again under the first element matching
/// `container` (whose text is the same, in new nodes).
pub fn restore_selection_in(container: &str, selection: &TextSelection) {
    let Some(root) = document().and_then(|document| document.query_selector(container).ok().flatten()) else {
        return;
    };
    let root: web_sys::Node = root.into();
    let (Some((anchor, anchor_offset)), Some((focus, focus_offset))) =
        (boundary_at(&root, selection.anchor), boundary_at(&root, selection.focus))
    else {
        return;
    };
    if let Some(current) = window().and_then(|window| window.get_selection().ok().flatten()) {
        let _ = current.set_base_and_extent(&anchor, anchor_offset, &focus, focus_offset);
    }
}
