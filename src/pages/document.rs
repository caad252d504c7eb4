//! Loading and showing one page's document: the resource, the placeholder,
//! late answers, and the failure view with "Thử lại", shared by the home,
//! category, article, information and search pages.
//!
//! It is one non-generic function on purpose: a `LocalResource`, its
//! `Transition` and `Suspend` are instantiated per value and future type,
//! so each page with its own types carried its own copy of that machinery
//! (docs/PERFORMANCE.md, "Size diet"). Here the typed work (fetching,
//! decoding, the page's view) happens in the page's closures, and what
//! crosses the resource is always the same [`Answer`].

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{Placeholder, PlaceholderKind};
use crate::model::ApiError;
use crate::pages::failure_view;
use crate::SiteContext;

/// What a page shows for its loaded document. Called inside the page's
/// `Suspend`, so the titles and announcements it registers belong to the
/// page and go with it.
pub type ShowDocument = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// What a page shows instead when its document fails; the callback asks again.
pub type ShowFailure = Arc<dyn Fn(ApiError, Arc<dyn Fn() + Send + Sync>) -> AnyView + Send + Sync>;

/// A page's answer for one key: its view, or why there is none.
pub type DocumentFuture = Pin<Box<dyn Future<Output = Result<ShowDocument, ApiError>>>>;

/// A page's request for the document of `key`.
pub type LoadDocument = Rc<dyn Fn(String) -> DocumentFuture>;

/// One answer, with the key it was asked for.
#[derive(Clone)]
struct Answer {
    key: String,
    outcome: Result<ShowDocument, ApiError>,
}

/// Loads the document of `key` (the page's slug, list page, …) whenever it
/// changes, and shows it. The placeholder of `kind` shows until the first
/// answer; after that the previous page stays until the next one is ready
/// (a `Transition`). An answer for a key the reader has already left is
/// never shown; a failure shows not-found or the error notice, whose
/// "Thử lại" asks again, unless the page shows failures its own way
/// (`on_failure`). Signals `load` reads before its future starts are
/// tracked: a change loads again.
pub fn document_view(key: Signal<String>, load: LoadDocument, kind: PlaceholderKind, on_failure: Option<ShowFailure>) -> AnyView {
    let site = SiteContext::current();
    let resource = LocalResource::new(move || {
        let key = key.get();
        let answer = load(key.clone());
        async move { Answer { key, outcome: answer.await } }
    });
    view! {
        <Transition fallback=move || view! { <Placeholder kind=kind /> }>
            {move || {
                let on_failure = on_failure.clone();
                Suspend::new(async move {
                    let answer = resource.await;
                    match answer.outcome {
                        _ if answer.key != key.get_untracked() => view! { <Placeholder kind=kind /> }.into_any(),
                        Ok(show) => show(),
                        Err(error) => match &on_failure {
                            Some(show_failure) => show_failure(error, Arc::new(move || resource.refetch())),
                            None => failure_view(error, site, move || resource.refetch()),
                        },
                    }
                })
            }}
        </Transition>
    }
    .into_any()
}
