use leptos::prelude::*;

use crate::routes::{self, SearchParams};
use crate::text;
use crate::{AppNavigation, SiteContext};

/// The header's search field. A plain `GET` form to `/tim-kiem`, so it
/// works as HTML; with the app, the search opens without a page load. On
/// phones it stays behind a "Tìm kiếm" button until opened. Focusing the
/// field starts fetching the search page's code, while the reader types.
#[component]
pub fn SearchForm() -> impl IntoView {
    let site = SiteContext::current();
    let (open, set_open) = signal(false);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        let Some(input) = input_ref.get_untracked() else { return };
        let query = input.value();
        if query.trim().is_empty() {
            // Nothing to look for: stay, and keep the reader in the field.
            event.prevent_default();
            let _ = input.focus();
            return;
        }
        let href = SearchParams { query, ..SearchParams::default() }.href(1);
        if AppNavigation::go(&href) {
            event.prevent_default();
            set_open.set(false);
        }
    };
    let toggle = move |_| {
        set_open.update(|open| *open = !*open);
        if open.get_untracked() {
            request_animation_frame(move || {
                if let Some(input) = input_ref.get_untracked() {
                    let _ = input.focus();
                }
            });
        }
    };
    view! {
        <div class="app-search" class:app-search--open=open>
            <button
                type="button"
                class="app-search__toggle app-needs-app"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="app-search-form"
                aria-label=move || if open.get() { text::SEARCH_CLOSE } else { text::SEARCH_OPEN }
                on:click=toggle
            >
                <span class="app-search__toggle-icon" aria-hidden="true"></span>
                <span class="app-search__toggle-text">{text::SEARCH}</span>
            </button>
            <form
                class="app-search__form"
                id="app-search-form"
                role="search"
                action=routes::SEARCH_PATH
                method="get"
                on:submit=submit
            >
                <label class="app-visually-hidden" for="app-search-input">{text::SEARCH_FIELD_LABEL}</label>
                <input
                    class="app-search__input"
                    id="app-search-input"
                    type="search"
                    name=routes::SEARCH_QUERY
                    autocomplete="off"
                    enterkeyhint="search"
                    placeholder=text::SEARCH
                    node_ref=input_ref
                    prop:value=move || site.search_query.get()
                    on:focus=|_| crate::pages::prefetch_search_code()
                />
                <button type="submit" class="app-search__submit">{text::SEARCH_SUBMIT}</button>
            </form>
        </div>
    }
}
