use leptos::prelude::*;

use crate::browser;
use crate::preferences::{self, effective_theme, TextSize, Theme, FORCED_COLORS_QUERY, PREFERS_DARK_QUERY};
use crate::text;

/// Applies the stored text size and theme to `<html>`; `index.html` does the
/// same with a tiny inline script before the wasm arrives, so nothing flashes.
pub fn apply_preferences(size: TextSize, theme: Theme) {
    browser::set_root_attribute("data-text-size", &size.stored());
    let effective =
        effective_theme(theme, browser::media_matches(PREFERS_DARK_QUERY), browser::media_matches(FORCED_COLORS_QUERY));
    browser::set_root_attribute("data-theme", effective.stored());
}

/// "A- A A+" and the colour theme, remembered in `localStorage`.
#[component]
pub fn ReadingControls() -> impl IntoView {
    let size = RwSignal::new(TextSize::parse(browser::load_setting(preferences::TEXT_SIZE_KEY).as_deref()));
    let theme = RwSignal::new(Theme::parse(browser::load_setting(preferences::THEME_KEY).as_deref()));
    Effect::new(move |_| {
        let (size, theme) = (size.get(), theme.get());
        apply_preferences(size, theme);
    });
    // "Theo thiết bị" follows the device while the page is open.
    for query in [PREFERS_DARK_QUERY, FORCED_COLORS_QUERY] {
        browser::on_media_change(query, move || {
            if let (Some(size), Some(theme)) = (size.try_get_untracked(), theme.try_get_untracked()) {
                apply_preferences(size, theme);
            }
        });
    }
    let set_size = move |next: TextSize| {
        size.set(next);
        browser::save_setting(preferences::TEXT_SIZE_KEY, &next.stored());
    };
    let on_theme = move |event: leptos::ev::Event| {
        let chosen = Theme::parse(Some(&event_target_value(&event)));
        theme.set(chosen);
        browser::save_setting(preferences::THEME_KEY, chosen.stored());
    };
    let options = Theme::ALL
        .into_iter()
        .map(|option| {
            view! {
                <option value=option.stored() selected=move || theme.get() == option>{option.label()}</option>
            }
        })
        .collect_view();
    view! {
        <div class="app-reading-controls app-needs-app" role="group" aria-label=text::READING_CONTROLS_LABEL>
            <span class="app-reading-controls__label" aria-hidden="true">{text::TEXT_SIZE_LABEL}</span>
            <button
                type="button"
                class="app-reading-controls__button app-reading-controls__smaller"
                aria-label=text::TEXT_SMALLER_NAME
                title=text::TEXT_SMALLER
                aria-disabled=move || size.get().is_smallest().to_string()
                on:click=move |_| set_size(size.get_untracked().smaller())
            >
                "A-"
            </button>
            <button
                type="button"
                class="app-reading-controls__button app-reading-controls__default"
                aria-label=text::TEXT_DEFAULT_NAME
                title=text::TEXT_DEFAULT
                aria-pressed=move || (size.get() == TextSize::default()).to_string()
                on:click=move |_| set_size(TextSize::default())
            >
                "A"
            </button>
            <button
                type="button"
                class="app-reading-controls__button app-reading-controls__larger"
                aria-label=text::TEXT_LARGER_NAME
                title=text::TEXT_LARGER
                aria-disabled=move || size.get().is_largest().to_string()
                on:click=move |_| set_size(size.get_untracked().larger())
            >
                "A+"
            </button>
            <label class="app-reading-controls__theme">
                <span class="app-reading-controls__label">{text::THEME_LABEL}</span>
                <select class="app-reading-controls__select" on:change=on_theme>{options}</select>
            </label>
        </div>
    }
}
