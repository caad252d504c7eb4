use leptos::prelude::*;

use crate::browser;
use crate::sanitize;

/// The article's body: `body_html` from the CMS, rebuilt node by node from
/// the sanitiser's allowlist. In the browser it never goes through
/// `innerHTML`; a body that cannot be inserted shows the error notice in its
/// place (its "Thử lại" inserts it again), never an empty article.
#[cfg(not(feature = "ssr"))]
#[component]
pub fn ArticleBody(html: String) -> impl IntoView {
    use crate::components::ErrorNotice;
    use crate::model::ApiError;

    let container = NodeRef::<leptos::html::Div>::new();
    let html = StoredValue::new(html);
    let failed = RwSignal::new(false);
    let insert = move |element: &web_sys::HtmlDivElement| {
        let Some(document) = browser::document() else { return };
        // The container holds the sanitiser's output and nothing else: the
        // comment the renderer leaves in an empty element goes, and so does
        // whatever a failed attempt left behind.
        element.set_text_content(None);
        let fragment = html.with_value(|html| sanitize::sanitize_body(&document, html, &browser::origin()));
        match element.append_child(&fragment) {
            Ok(_) => failed.set(false),
            Err(error) => {
                web_sys::console::warn_2(&"Bản tin: could not insert the article body".into(), &error);
                failed.set(true);
            }
        }
    };
    container.on_load(move |element| insert(&element));
    let retry = move || {
        if let Some(element) = container.get_untracked() {
            insert(&element);
        }
    };
    let notice = move || {
        failed.get().then(|| {
            let error = ApiError::Decode("the article body could not be inserted".to_string());
            view! { <ErrorNotice error=error on_retry=retry nested=true /> }
        })
    };
    view! {
        <div class="app-article__body" node_ref=container hidden=move || failed.get()></div>
        {notice}
    }
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
