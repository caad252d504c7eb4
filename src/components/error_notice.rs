use leptos::prelude::*;

use crate::model::ApiError;
use crate::text;

/// The reader-facing failure state: what went wrong in Vietnamese, and
/// "Thử lại" when trying again can help.
#[component]
pub fn ErrorNotice(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let retry = error.can_retry().then(|| {
        view! {
            <button type="button" class="app-button app-error-notice__retry" on:click=move |_| on_retry.run(())>
                {text::RETRY}
            </button>
        }
    });
    view! {
        <section class="app-error-notice" role="alert" aria-labelledby="app-error-notice-title">
            <h1 class="app-error-notice__title" id="app-error-notice-title" tabindex="-1">{text::ERROR_TITLE}</h1>
            <p class="app-error-notice__message">{error.message()}</p>
            {retry}
            <p class="app-error-notice__home"><a href="/">{text::BACK_HOME}</a></p>
        </section>
    }
}
