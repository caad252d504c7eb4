use leptos::prelude::*;

use crate::browser;
use crate::sanitize;

/// The article's body: `body_html` from the CMS, rebuilt node by node from
/// the sanitiser's allowlist. It never goes through `innerHTML`.
#[component]
pub fn ArticleBody(html: String) -> impl IntoView {
    let container = NodeRef::<leptos::html::Div>::new();
    container.on_load(move |element| {
        let Some(document) = browser::document() else { return };
        let fragment = sanitize::sanitize_body(&document, &html, &browser::origin());
        if let Err(error) = element.append_child(&fragment) {
            web_sys::console::warn_2(&"Bản tin: could not insert the article body".into(), &error);
        }
    });
    view! { <div class="app-article__body" node_ref=container></div> }
}
