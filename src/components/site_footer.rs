use leptos::prelude::*;

use crate::model;
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
    view! {
        <footer class="app-footer">
            <div class="app-container app-footer__inner">{lines}</div>
        </footer>
    }
}
