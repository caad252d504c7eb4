use leptos::prelude::*;

use crate::browser;
use crate::sanitize;

/// The article's body: `body_html` from the CMS, rebuilt node by node from
/// the sanitiser's allowlist. In the browser it never goes through
/// `innerHTML`; a body that cannot be inserted shows the error notice.
#[cfg(not(feature = "ssr"))]
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

/// The article's body pre-rendered on the host: the same allowlist
/// decisions, walked over html5ever's parse ([`sanitize::host`]). The
/// markup written here holds only allowlisted elements and attributes, with
/// every text and attribute value escaped.
#[cfg(feature = "ssr")]
#[component]
pub fn ArticleBody(html: String) -> impl IntoView {
    let clean = sanitize::host::sanitize_to_html_string(&html, &browser::origin());
    view! { <div class="app-article__body" inner_html=clean></div> }
}
