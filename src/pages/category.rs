use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api;
use crate::navigation;
use std::rc::Rc;
use std::sync::Arc;

use crate::components::{ArticleCard, Breadcrumbs, Crumb, Pagination, PlaceholderKind};
use crate::model::{ApiError, CategoryListPage};
use crate::pages::announce_when_rendered;
use crate::pages::document::{document_view, LoadDocument, ShowDocument};
use crate::routes;
use crate::text;
use crate::SiteContext;

/// `/chuyen-muc/{slug}?trang=N`: one page of a category's list.
#[component]
pub fn CategoryPage() -> impl IntoView {
    let site = SiteContext::current();
    let params = use_params_map();
    let query = use_query_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let page = Memo::new(move |_| routes::parse_page_query(query.read().get(routes::PAGE_QUERY).as_deref()));
    Effect::new(move |_| site.current_category.set(Some(slug.get())));

    // The key names the list page asked for: a slow page 2 that arrives
    // after the reader moved on to page 3 is never shown.
    let key = Signal::derive(move || list_key(&slug.get(), page.get()));
    let load: LoadDocument = Rc::new(move |_key: String| {
        let (slug, page) = (slug.get_untracked(), page.get_untracked());
        Box::pin(async move {
            let list = match page {
                Some(page) => api::category_page(slug, page).await?,
                None => return Err(ApiError::NotFound),
            };
            // A page number past the end is as unknown as a missing page.
            if list.page > list.total_pages {
                return Err(ApiError::NotFound);
            }
            let show: ShowDocument = Arc::new(move || {
                let title = match list.page {
                    1 => list.category.name.clone(),
                    n => format!("{} - {} {n}", list.category.name, text::PAGE),
                };
                let description = list.category.description.clone().unwrap_or_else(|| list.category.name.clone());
                announce_when_rendered(title.clone(), description);
                navigation::document_title(move || text::document_title(&title, &site.name.get()));
                view! { <CategoryListView list=list.clone() /> }.into_any()
            });
            Ok(show)
        })
    });
    view! {
        <div class="app-category-page">
            {document_view(key, load, PlaceholderKind::List, None)}
        </div>
    }
}

/// The document key of a list page (see `document_view`).
fn list_key(slug: &str, page: Option<u32>) -> String {
    match page {
        Some(page) => format!("{slug}?{page}"),
        None => format!("{slug}?"),
    }
}

#[component]
pub fn CategoryListView(list: CategoryListPage) -> impl IntoView {
    let trail = vec![Crumb::link(text::HOME, routes::home_href()), Crumb::current(list.category.name.clone())];
    let description = list
        .category
        .description
        .clone()
        .map(|description| view! { <p class="app-category-page__description">{description}</p> });
    let items = list
        .items
        .into_iter()
        .map(|summary| view! { <li class="app-category-page__item"><ArticleCard summary=summary /></li> })
        .collect_view();
    view! {
        <Breadcrumbs trail=trail />
        <h1 class="app-category-page__title" tabindex="-1">{list.category.name.clone()}</h1>
        {description}
        <ul class="app-category-page__list">{items}</ul>
        <Pagination pages=routes::ListPages::Category(list.category.slug.clone()) page=list.page total_pages=list.total_pages />
    }
}
