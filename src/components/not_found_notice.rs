use leptos::prelude::*;

use crate::text;

/// "Không tìm thấy trang" with a way home; used by unknown routes and by
/// pages whose document answered 404.
#[component]
pub fn NotFoundNotice(#[prop(into)] site_name: Signal<String>) -> impl IntoView {
    crate::navigation::document_title(move || text::document_title(text::NOT_FOUND_TITLE, &site_name.get()));
    view! {
        <section class="app-not-found">
            <h1 class="app-not-found__title" tabindex="-1">{text::NOT_FOUND_TITLE}</h1>
            <p class="app-not-found__message">{text::NOT_FOUND_MESSAGE}</p>
            <p><a class="app-button app-not-found__home" href="/">{text::BACK_HOME}</a></p>
        </section>
    }
}
