//! The document's `<title>`, without `leptos_meta` (which cost 3 kB gzip
//! for this one tag).
//!
//! Every page mounts a [`DocumentTitle`], and `App` one with the site's
//! name beneath them all. The one mounted last that is still mounted names
//! the document: while the next page loads, or when a page goes, the title
//! falls back to the one beneath it, as `leptos_meta`'s `<Title>` did. On
//! the host (pre-rendering) nothing happens: the publisher writes the head.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;

use crate::browser;

thread_local! {
    /// The mounted titles, oldest first: (mount order, text).
    static TITLES: RefCell<Vec<(u64, String)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// Names the document while it is mounted; `text` is reactive.
#[component]
pub fn DocumentTitle(text: impl Fn() -> String + 'static) -> impl IntoView {
    keep_title(Box::new(text))
}

/// The body of [`DocumentTitle`], not generic, so it exists once in the wasm.
fn keep_title(text: Box<dyn Fn() -> String>) {
    let id = NEXT_ID.with(|next| next.replace(next.get() + 1));
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
