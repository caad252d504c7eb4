use leptos::prelude::*;

use crate::browser;
use crate::components::{ArticleBody, Breadcrumbs, Crumb};
use crate::format::{format_iso_datetime, format_vn_datetime};
use crate::model::{Site, StaticPage};
use crate::routes;
use crate::text;
use crate::SiteContext;

/// A static page of the portal (`/trang/{slug}`): its title and body, the
/// body through the same sanitiser as an article's. The content carries the
/// page's `lang`, so a screen reader reads the English page in English.
/// The site map and the RSS page get their generated lists after the body.
#[component]
pub fn StaticPageView(page: StaticPage) -> impl IntoView {
    let site = SiteContext::current().site;
    let trail = vec![Crumb::link(text::HOME, routes::home_href()), Crumb::current(page.title.clone())];
    let generated = match page.slug.as_str() {
        routes::SITE_MAP_PAGE => Some(view! { <SiteMapLists site=site /> }.into_any()),
        routes::FEEDS_PAGE => Some(view! { <FeedList site=site /> }.into_any()),
        _ => None,
    };
    let updated = page.updated_at.map(|updated| {
        view! {
            <p class="app-static-page__updated">
                {text::UPDATED}": "
                <time datetime=format_iso_datetime(&updated)>{format_vn_datetime(&updated)}</time>
            </p>
        }
    });
    view! {
        <div class="app-static-page">
            <Breadcrumbs trail=trail />
            <article class="app-static-page__content" lang=page.lang()>
                <h1 class="app-static-page__title" tabindex="-1">{page.title.clone()}</h1>
                <ArticleBody html=page.body_html.clone() />
            </article>
            {generated}
            {updated}
        </div>
    }
}

/// The site map: every category and every static page, from `site.json`.
#[component]
fn SiteMapLists(site: Signal<Option<Site>>) -> impl IntoView {
    let lists = move || {
        let site = site.get()?;
        let categories = site
            .categories
            .iter()
            .map(|category| {
                let description = category
                    .description
                    .clone()
                    .map(|description| view! { <span class="app-site-map__description">{description}</span> });
                view! {
                    <li class="app-site-map__item">
                        <a href=routes::category_href(&category.slug, 1)>{category.name.clone()}</a>
                        {description}
                    </li>
                }
            })
            .collect_view();
        let pages = site
            .pages
            .iter()
            .map(|page| {
                let lang = page.foreign_lang();
                view! {
                    <li class="app-site-map__item">
                        <a href=routes::static_page_href(&page.slug) lang=lang hreflang=lang>{page.title.clone()}</a>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="app-site-map" aria-labelledby="app-site-map-categories">
                <h2 class="app-site-map__title" id="app-site-map-categories">{text::SITE_MAP_CATEGORIES}</h2>
                <ul class="app-site-map__list">
                    <li class="app-site-map__item"><a href=routes::home_href()>{text::HOME}</a></li>
                    {categories}
                </ul>
            </section>
            <section class="app-site-map" aria-labelledby="app-site-map-pages">
                <h2 class="app-site-map__title" id="app-site-map-pages">{text::SITE_MAP_PAGES}</h2>
                <ul class="app-site-map__list">{pages}</ul>
            </section>
        })
    };
    view! { <div class="app-site-map__sections">{lists}</div> }
}

/// The RSS page's list: the whole site's feed, then one per category, each
/// with the address to paste into a feed reader.
#[component]
fn FeedList(site: Signal<Option<Site>>) -> impl IntoView {
    let feed = |name: String, href: String| {
        let address = format!("{}{href}", browser::origin());
        view! {
            <li class="app-feeds__item">
                <a class="app-feeds__link" href=href.clone() type="application/rss+xml">{name}</a>
                <span class="app-feeds__address">
                    <span class="app-visually-hidden">{text::FEED_ADDRESS}": "</span>
                    <code>{address}</code>
                </span>
            </li>
        }
    };
    let items = move || {
        let site = site.get()?;
        let categories = site
            .categories
            .iter()
            .map(|category| feed(category.name.clone(), routes::category_feed_href(&category.slug)))
            .collect_view();
        Some(view! {
            {feed(text::SITE_FEED.to_string(), routes::SITE_FEED.to_string())}
            {categories}
        })
    };
    view! {
        <section class="app-feeds" aria-labelledby="app-feeds-title">
            <h2 class="app-feeds__title" id="app-feeds-title">{text::FEEDS_HEADING}</h2>
            <ul class="app-feeds__list">{items}</ul>
        </section>
    }
}
