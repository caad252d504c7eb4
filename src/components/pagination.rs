use leptos::prelude::*;

use crate::routes;
use crate::text;

/// Previous / numbered / next links of a category list or of search
/// results, as real links (`?trang=N`).
#[component]
pub fn Pagination(pages: routes::ListPages, page: u32, total_pages: u32) -> impl IntoView {
    if total_pages <= 1 {
        return None;
    }
    let href = |target: u32| pages.href(target);
    let previous = (page > 1).then(|| {
        view! {
            <a class="app-pagination__prev" href=href(page - 1) rel="prev">"‹ "{text::PREVIOUS_PAGE}</a>
        }
    });
    let next = (page < total_pages).then(|| {
        view! {
            <a class="app-pagination__next" href=href(page + 1) rel="next">{text::NEXT_PAGE}" ›"</a>
        }
    });
    let numbers = routes::pagination_window(page, total_pages)
        .into_iter()
        .map(|item| match item {
            Some(number) => view! {
                <li class="app-pagination__item">
                    <a
                        class="app-pagination__link"
                        href=href(number)
                        aria-label=text::page_label(number)
                        aria-current=(number == page).then_some("page")
                    >
                        {number}
                    </a>
                </li>
            }
            .into_any(),
            None => view! { <li class="app-pagination__item app-pagination__gap" aria-hidden="true">"…"</li> }.into_any(),
        })
        .collect_view();
    Some(view! {
        <nav class="app-pagination" aria-label=text::PAGINATION_LABEL>
            {previous}
            <ul class="app-pagination__list">{numbers}</ul>
            {next}
        </nav>
    })
}
