use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api;
use crate::navigation;
use crate::components::{ArticleCard, Breadcrumbs, Crumb, Pagination, Placeholder, PlaceholderKind};
use crate::model::{ApiError, CategoryListPage};
use crate::pages::{announce_when_rendered, failure_view};
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

    // Each answer comes with the (slug, page) it was asked for: a slow page 2
    // that arrives after the reader moved on to page 3 is never shown.
    let resource = LocalResource::new(move || {
        let slug = slug.get();
        let page = page.get();
        async move {
            let requested = (slug.clone(), page);
            let result = match page {
                Some(page) => api::category_page(slug, page).await,
                None => Err(ApiError::NotFound),
            };
            (requested, result)
        }
    });

    view! {
        <div class="app-category-page">
            <Transition fallback=|| view! { <Placeholder kind=PlaceholderKind::List /> }>
                {move || Suspend::new(async move {
                    let ((requested_slug, requested_page), result) = resource.await;
                    match result {
                        _ if requested_slug != slug.get_untracked() || requested_page != page.get_untracked() => {
                            view! { <Placeholder kind=PlaceholderKind::List /> }.into_any()
                        }
                        // A page number past the end is as unknown as a missing page.
                        Ok(list) if list.page > list.total_pages => failure_view(ApiError::NotFound, site, || {}),
                        Ok(list) => {
                            let title = match list.page {
                                1 => list.category.name.clone(),
                                n => format!("{} - {} {n}", list.category.name, text::PAGE),
                            };
                            let description = list.category.description.clone().unwrap_or_else(|| list.category.name.clone());
                            announce_when_rendered(title.clone(), description);
                            navigation::document_title(move || text::document_title(&title, &site.name.get()));
                            view! { <CategoryListView list=list /> }
                            .into_any()
                        }
                        Err(error) => failure_view(error, site, move || resource.refetch()),
                    }
                })}
            </Transition>
        </div>
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
