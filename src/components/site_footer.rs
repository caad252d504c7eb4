use leptos::prelude::*;

use crate::model;
use crate::routes;
use crate::text;

/// The portal's contact lines.
#[component]
pub fn SiteFooter(#[prop(into)] site: Signal<Option<model::Site>>) -> impl IntoView {
    let lines = move || {
        let site = site.get()?;
        let footer = site.footer.clone().unwrap_or_default();
        let line = |label: &'static str, value: Option<String>| {
            value.map(|value| {
                view! {
                    <p class="app-footer__line">
                        <span class="app-footer__label">{label}": "</span>{value}
                    </p>
                }
            })
        };
        let email = footer.email.clone().map(|email| {
            let href = format!("mailto:{email}");
            view! {
                <p class="app-footer__line">
                    <span class="app-footer__label">{text::FOOTER_EMAIL}": "</span>
                    <a href=href>{email}</a>
                </p>
            }
        });
        Some(view! {
            <p class="app-footer__name">{site.name.clone()}</p>
            {line(text::FOOTER_ADDRESS, footer.address)}
            {line(text::FOOTER_PHONE, footer.phone)}
            {email}
            {line(text::FOOTER_EDITOR, footer.editor)}
            {line(text::FOOTER_LICENSE, footer.license)}
        })
    };
    // The static pages ("Giới thiệu", "Liên hệ", "Sơ đồ cổng", …).
    let pages = move || {
        let pages = site.with(|site| site.as_ref().map(|site| site.pages.clone()).unwrap_or_default());
        (!pages.is_empty()).then(|| {
            let items = pages
                .into_iter()
                .map(|page| {
                    let lang = page.foreign_lang();
                    view! {
                        <li class="app-footer__page">
                            <a href=routes::static_page_href(&page.slug) lang=lang hreflang=lang>{page.title}</a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <nav class="app-footer__pages" aria-label=text::FOOTER_PAGES_LABEL>
                    <ul class="app-footer__page-list">{items}</ul>
                </nav>
            }
        })
    };
    // "Liên kết website": other agencies' portals, in a new tab. Only
    // http(s) addresses become links; the rest of an entry is dropped.
    let portals = move || {
        let links = site.with(|site| site.as_ref().map(|site| site.links.clone()).unwrap_or_default());
        let items: Vec<_> = links
            .into_iter()
            .filter_map(|link| routes::external_href(&link.url).map(|href| (link.name, href)))
            .filter(|(name, _)| !name.trim().is_empty())
            .collect();
        (!items.is_empty()).then(|| {
            let items = items
                .into_iter()
                .map(|(name, href)| {
                    view! {
                        <li class="app-footer__portal">
                            <a href=href target="_blank" rel="noopener noreferrer">
                                {name}
                                <span class="app-visually-hidden">" "{text::OPENS_IN_NEW_TAB}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="app-footer__portals" aria-labelledby="app-footer-portals-title">
                    <h2 class="app-footer__heading" id="app-footer-portals-title">{text::RELATED_PORTALS}</h2>
                    <ul class="app-footer__portal-list">{items}</ul>
                </section>
            }
        })
    };
    view! {
        <footer class="app-footer">
            <div class="app-container app-footer__inner">
                <div class="app-footer__contact">{lines}</div>
                {pages}
                {portals}
            </div>
        </footer>
    }
}
