use leptos::prelude::*;

use crate::api;
use crate::components::ResponsiveImage;
use crate::format::{format_iso_datetime, format_vn_datetime};
use crate::model::ArticleSummary;
use crate::picture::ImageRole;
use crate::routes;

/// One item of a list: thumbnail, title link, time and lead.
#[component]
pub fn ArticleCard(
    summary: ArticleSummary,
    /// Heading level of the title inside its list (2 on category pages, 3 under a home section).
    #[prop(default = 2)]
    heading_level: u8,
    /// Whether to show the lead (compact lists leave it out).
    #[prop(default = true)]
    show_lead: bool,
) -> impl IntoView {
    let href = routes::article_href(&summary.slug);
    let slug = summary.slug.clone();
    // Start fetching on hover or touch, so the click finds the article cached.
    let prefetch = move || api::prefetch_article(&slug);
    let prefetch_on_touch = prefetch.clone();
    let title_link = view! {
        <a
            class="app-article-card__link"
            href=href.clone()
            on:mouseenter=move |_| prefetch()
            on:touchstart=move |_| prefetch_on_touch()
        >
            {summary.title.clone()}
        </a>
    };
    let title = if heading_level >= 3 {
        view! { <h3 class="app-article-card__title">{title_link}</h3> }.into_any()
    } else {
        view! { <h2 class="app-article-card__title">{title_link}</h2> }.into_any()
    };
    let has_thumbnail = summary.thumbnail.is_some();
    let thumbnail = summary.thumbnail.clone().map(|image| {
        // The title beside it says what the card is: the thumbnail is decoration.
        view! { <ResponsiveImage image=image role=ImageRole::Thumbnail class="app-article-card__thumb" alt="" /> }
    });
    let lead = summary
        .lead
        .clone()
        .filter(|lead| show_lead && !lead.trim().is_empty())
        .map(|lead| view! { <p class="app-article-card__lead">{lead}</p> });
    view! {
        <article class="app-article-card" class:app-article-card--with-thumb=has_thumbnail>
            {thumbnail}
            <div class="app-article-card__text">
                {title}
                <time class="app-article-card__time" datetime=format_iso_datetime(&summary.published_at)>
                    {format_vn_datetime(&summary.published_at)}
                </time>
                {lead}
            </div>
        </article>
    }
}
