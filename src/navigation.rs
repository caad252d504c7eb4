//! What happens between two pages: scroll position, focus and the
//! screen-reader announcement of the new page.
//!
//! The browser cannot restore scroll positions in an app whose content
//! arrives after the URL changes, so the app records them per history entry
//! and restores them on back/forward once the page's content is there. On
//! every other navigation the new page starts at the top with focus on its
//! `h1`, and a polite live region says the new title.
//!
//! It also names the document ([`document_title`]), which `leptos_meta`'s
//! `<Title>` did before the size diet (3 kB gzip for this one tag).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::prelude::*;

use crate::browser;

#[derive(Default)]
struct NavigationState {
    /// The URL whose content was last announced: one announcement per page.
    last_ready: Option<String>,
    /// Where back/forward should land, taken when the `popstate` happened
    /// (before the old page's removal scrolls the window).
    pending_restore: Option<f64>,
    /// Last scroll position of each URL seen this session.
    positions: HashMap<String, f64>,
}

thread_local! {
    static STATE: RefCell<NavigationState> = RefCell::new(NavigationState::default());
    // Arc, not arena: see `api::IN_FLIGHT`.
    static ANNOUNCEMENT: ArcRwSignal<String> = ArcRwSignal::new(String::new());
    /// The titles of the mounted pages, oldest first: (call order, text).
    static TITLES: RefCell<Vec<(u64, String)>> = const { RefCell::new(Vec::new()) };
    static NEXT_TITLE: Cell<u64> = const { Cell::new(0) };
}

/// Starts recording scroll positions; called once by `App`.
pub fn install() {
    browser::take_over_scroll_restoration();
    browser::on_window_event("scroll", || {
        let url = browser::current_path_and_query();
        let y = browser::scroll_y();
        STATE.with(|state| state.borrow_mut().positions.insert(url, y));
    });
    browser::on_window_event("popstate", || {
        let url = browser::current_path_and_query();
        STATE.with(|state| {
            let mut state = state.borrow_mut();
            state.pending_restore = Some(state.positions.get(&url).copied().unwrap_or(0.0));
        });
    });
}

/// The live region's text (reactive).
pub fn announcement() -> String {
    ANNOUNCEMENT.with(|text| text.get())
}

/// Called by a page once its content (or its error/not-found state) is in
/// the DOM: sets the description, announces the title, and places scroll and
/// focus. The first page of a visit keeps the browser's own focus and scroll.
pub fn page_ready(title: &str, description: &str) {
    browser::set_meta_description(description);
    let url = browser::current_path_and_query();
    let key = format!("{url}\u{1f}{title}");
    let (first_visit, restore) = STATE.with(|state| {
        let mut state = state.borrow_mut();
        if state.last_ready.as_deref() == Some(key.as_str()) {
            return (None, None);
        }
        let first = state.last_ready.is_none();
        state.last_ready = Some(key.clone());
        (Some(first), state.pending_restore.take())
    });
    let Some(first_visit) = first_visit else { return };
    if first_visit {
        return;
    }
    ANNOUNCEMENT.with(|text| text.set(title.to_string()));
    // After layout, so the restored position exists in the new content.
    request_animation_frame(move || {
        browser::scroll_to_y(restore.unwrap_or(0.0));
        browser::focus_first("main h1");
    });
}

/// Names the document `text` (reactive) for as long as the calling
/// component lives.
///
/// `App` calls it with the site's name, every page with its own title. The
/// latest call whose component still lives wins: while the next page loads,
/// or once a page is gone, the title falls back to the one before it, as
/// `leptos_meta`'s `<Title>` did. It renders nothing, so pre-rendered pages
/// are unchanged; on the host nothing happens (the publisher writes the head).
pub fn document_title(text: impl Fn() -> String + 'static) {
    keep_title(Box::new(text));
}

/// The body of [`document_title`], not generic, so it exists once in the wasm.
fn keep_title(text: Box<dyn Fn() -> String>) {
    let id = NEXT_TITLE.with(|next| next.replace(next.get() + 1));
    Effect::new(move |_| {
        let text = text();
        TITLES.with(|titles| {
            let mut titles = titles.borrow_mut();
            match titles.iter_mut().find(|(entry, _)| *entry == id) {
                Some(entry) => entry.1 = text,
                None => {
                    let at = titles.partition_point(|(entry, _)| *entry < id);
                    titles.insert(at, (id, text));
                }
            }
        });
        show_current_title();
    });
    on_cleanup(move || {
        TITLES.with(|titles| titles.borrow_mut().retain(|(entry, _)| *entry != id));
        show_current_title();
    });
}

fn show_current_title() {
    if let Some(title) = TITLES.with(|titles| titles.borrow().last().map(|(_, text)| text.clone())) {
        browser::set_document_title(&title);
    }
}
