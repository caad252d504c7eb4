use leptos::prelude::*;

use crate::api;
use crate::browser;
use crate::components::{ArticleActions, ArticleBody, Breadcrumbs, Crumb, ResponsiveImage};
use crate::format::{format_iso_datetime, format_vn_datetime};
use crate::model::{Article, ArticleSummary};
use crate::picture::ImageRole;
use crate::routes;
use crate::text;

/// A whole article, top to bottom as on the reference page.
#[component]
pub fn ArticleView(article: Article, #[prop(into)] site_name: Signal<String>) -> impl IntoView {
    let category_href = routes::category_href(&article.category.slug, 1);
    let trail = vec![
        Crumb::link(text::HOME, routes::home_href()),
        Crumb::link(article.category.name.clone(), category_href.clone()),
    ];
    let updated = article.meaningful_update().map(|updated| {
        view! {
            <span class="app-article__updated">
                " · "{text::UPDATED}": "
                <time datetime=format_iso_datetime(&updated)>{format_vn_datetime(&updated)}</time>
            </span>
        }
    });
    let figure = article.image.clone().map(|image| {
        let caption = image.caption.clone().map(|caption| view! { <figcaption class="app-article__caption">{caption}</figcaption> });
        view! {
            <figure class="app-article__figure">
                <ResponsiveImage image=image.clone() role=ImageRole::Lead class="app-article__image" alt=image.alt.clone() />
                {caption}
            </figure>
        }
    });
    let author = article.author.clone().filter(|author| !author.trim().is_empty()).map(|author| {
        view! { <p class="app-article__author"><span class="app-visually-hidden">{text::AUTHOR_LABEL}": "</span>{author}</p> }
    });
    let source_url = format!("{}{}", browser::origin(), routes::article_href(&article.slug));
    let related = (!article.related.is_empty()).then(|| {
        view! {
            <RelatedList items=article.related.clone() category_name=article.category.name.clone() category_href=category_href.clone() />
        }
    });
    view! {
        <article class="app-article">
            <Breadcrumbs trail=trail />
            <p class="app-article__category">
                <a href=category_href.clone()>{article.category.name.clone()}</a>
            </p>
            <ArticleActions article=article.clone() site_name=site_name />
            <h1 class="app-article__title" tabindex="-1">{article.title.clone()}</h1>
            <p class="app-article__meta">
                <span class="app-visually-hidden">{text::PUBLISHED}" "</span>
                <time class="app-article__time" datetime=format_iso_datetime(&article.published_at)>
                    {format_vn_datetime(&article.published_at)}
                </time>
                {updated}
            </p>
            <p class="app-article__lead">{article.lead.clone()}</p>
            {figure}
            <ArticleBody html=article.body_html.clone() />
            {author}
            <p class="app-article__source">{text::SOURCE}": "{source_url}</p>
        </article>
        {related}
    }
}

/// "Tin khác": related items as `Title (dd/mm/yyyy HH:MM)`, then "xem tiếp".
#[component]
fn RelatedList(items: Vec<ArticleSummary>, category_name: String, category_href: String) -> impl IntoView {
    let items = items
        .into_iter()
        .map(|item| {
            let slug = item.slug.clone();
            view! {
                <li class="app-related__item">
                    <a href=routes::article_href(&item.slug) on:mouseenter=move |_| api::prefetch_article(&slug)>
                        {item.title.clone()}
                    </a>
                    " "
                    <span class="app-related__time">
                        "(" <time datetime=format_iso_datetime(&item.published_at)>{format_vn_datetime(&item.published_at)}</time> ")"
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="app-related" aria-labelledby="app-related-title">
            <h2 class="app-related__title" id="app-related-title">{text::RELATED}</h2>
            <ul class="app-related__list">{items}</ul>
            <p class="app-related__more-line">
                <a class="app-related__more" href=category_href aria-label=text::see_more_label(&category_name)>
                    {text::SEE_MORE}
                </a>
            </p>
        </section>
    }
}
