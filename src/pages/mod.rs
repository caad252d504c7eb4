//! One component per route. Each page reads the URL and says what to load
//! (through `api`) and how to show it; `document::document_view` loads it
//! and renders the placeholder, the content, the not-found state or the
//! error notice.

mod article;
mod category;
mod document;
mod home;
mod not_found;
mod search;
mod static_page;

pub use article::ArticlePage;
pub use category::{CategoryListView, CategoryPage};
pub use home::{HomeContent, HomePage};
pub use not_found::NotFoundPage;
pub use search::{prefetch_search_code, SearchPage};
pub use static_page::InformationPage;

use leptos::prelude::*;

use crate::components::{ErrorNotice, NotFoundNotice};
use crate::model::ApiError;
use crate::navigation;
use crate::text;
use crate::SiteContext;

/// The view of a failed load: not-found for 404, else the error notice with
/// "Thử lại" bound to `retry`.
fn failure_view(error: ApiError, site: SiteContext, retry: impl Fn() + Send + Sync + 'static) -> AnyView {
    site.current_category.set(None);
    let title = match error {
        ApiError::NotFound => text::NOT_FOUND_TITLE,
        _ => text::ERROR_TITLE,
    };
    request_animation_frame(move || navigation::page_ready(title, title));
    match error {
        ApiError::NotFound => view! { <NotFoundNotice site_name=site.name /> }.into_any(),
        error => {
            let site_name = site.name;
            navigation::document_title(move || text::document_title(text::ERROR_TITLE, &site_name.get()));
            view! { <ErrorNotice error=error on_retry=move || retry() /> }
            .into_any()
        }
    }
}

/// Tells `navigation` that the page's content is in the DOM.
fn announce_when_rendered(title: String, description: String) {
    request_animation_frame(move || navigation::page_ready(&title, &description));
}
