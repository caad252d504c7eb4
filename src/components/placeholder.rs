use leptos::prelude::*;

use crate::text;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceholderKind {
    Home,
    List,
    Article,
}

/// Grey blocks with the size of what is coming, so nothing jumps when it arrives.
#[component]
pub fn Placeholder(kind: PlaceholderKind) -> impl IntoView {
    let lines = |count: usize| {
        (0..count).map(|_| view! { <span class="app-placeholder__line"></span> }).collect_view()
    };
    let blocks = match kind {
        PlaceholderKind::Article => view! {
            <span class="app-placeholder__crumbs"></span>
            <span class="app-placeholder__title"></span>
            <span class="app-placeholder__meta"></span>
            {lines(3)}
            <span class="app-placeholder__figure"></span>
            {lines(8)}
        }
        .into_any(),
        PlaceholderKind::List => view! {
            <span class="app-placeholder__crumbs"></span>
            <span class="app-placeholder__title"></span>
            {(0..10).map(|_| view! { <span class="app-placeholder__card"></span> }).collect_view()}
        }
        .into_any(),
        PlaceholderKind::Home => view! {
            <span class="app-placeholder__feature"></span>
            {(0..6).map(|_| view! { <span class="app-placeholder__card"></span> }).collect_view()}
        }
        .into_any(),
    };
    view! {
        <div class="app-placeholder" aria-busy="true">
            <span class="app-visually-hidden" role="status">{text::LOADING}</span>
            {blocks}
        </div>
    }
}
