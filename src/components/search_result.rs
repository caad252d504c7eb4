use leptos::prelude::*;

use crate::api;
use crate::format::{format_iso_datetime, format_vn_datetime};
use crate::model::ArticleSummary;
use crate::routes;
use crate::search::{highlight, Query};

/// `text` with the query's matches in `<mark>`: the original text, accents
/// and all, split by [`highlight`]; never the folded copy.
fn marked(text: &str, query: &Query) -> impl IntoView {
    highlight(text, query)
        .into_iter()
        .map(|(segment, matched)| {
            if matched {
                view! { <mark>{segment}</mark> }.into_any()
            } else {
                segment.into_any()
            }
        })
        .collect_view()
}

/// One search result, like an item of a category list: category, title
/// (a link), time and lead, with the matched syllables highlighted.
#[component]
pub fn SearchResult(summary: ArticleSummary, query: Query) -> impl IntoView {
    let href = routes::article_href(&summary.slug);
    let slug = summary.slug.clone();
    let category = summary.category.clone().map(|category| {
        view! {
            <p class="app-search-result__category">
                <a href=routes::category_href(&category.slug, 1)>{category.name}</a>
            </p>
        }
    });
    let lead = summary
        .lead
        .as_deref()
        .filter(|lead| !lead.trim().is_empty())
        .map(|lead| view! { <p class="app-search-result__lead">{marked(lead, &query)}</p> });
    view! {
        <article class="app-search-result">
            {category}
            <h2 class="app-search-result__title">
                <a href=href on:mouseenter=move |_| api::prefetch_article(&slug)>{marked(&summary.title, &query)}</a>
            </h2>
            <time class="app-search-result__time" datetime=format_iso_datetime(&summary.published_at)>
                {format_vn_datetime(&summary.published_at)}
            </time>
            {lead}
        </article>
    }
}
