use leptos::prelude::*;

use crate::api;

/// A thin bar at the top of the window while content is being fetched.
/// Decorative: the placeholder's status text speaks to screen readers.
#[component]
pub fn ProgressBar() -> impl IntoView {
    let busy = move || api::requests_in_flight() > 0;
    view! {
        <div class="app-progress" class:app-progress--active=busy aria-hidden="true">
            <span class="app-progress__bar"></span>
        </div>
    }
}
