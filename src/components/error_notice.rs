use leptos::prelude::*;

use crate::model::ApiError;
use crate::text;

/// The reader-facing failure state: what went wrong in Vietnamese, and
/// "Thử lại" when trying again can help.
///
/// `nested`: the notice stands inside a page that has its own `h1` (an
/// article whose body could not be shown), so its title is an `h2`.
#[component]
pub fn ErrorNotice(
    error: ApiError,
    #[prop(into)] on_retry: Callback<()>,
    #[prop(optional)] nested: bool,
) -> impl IntoView {
    let retry = error.can_retry().then(|| {
        view! {
            <button type="button" class="app-button app-error-notice__retry" on:click=move |_| on_retry.run(())>
                {text::RETRY}
            </button>
        }
    });
    let title = if nested {
        view! { <h2 class="app-error-notice__title" id="app-error-notice-title" tabindex="-1">{text::ERROR_TITLE}</h2> }
            .into_any()
    } else {
        view! { <h1 class="app-error-notice__title" id="app-error-notice-title" tabindex="-1">{text::ERROR_TITLE}</h1> }
            .into_any()
    };
    view! {
        <section class="app-error-notice" role="alert" aria-labelledby="app-error-notice-title">
            {title}
            <p class="app-error-notice__message">{error.message()}</p>
            {retry}
            <p class="app-error-notice__home"><a href="/">{text::BACK_HOME}</a></p>
        </section>
    }
}
