use leptos::prelude::*;

use crate::components::{ReadingControls, SearchForm};
use crate::model;
use crate::routes;
use crate::text;

/// The header of every page: the site's name, today's date line, and the
/// categories as a navigation bar that folds into a menu on narrow screens.
#[component]
pub fn SiteHeader(
    #[prop(into)] site: Signal<Option<model::Site>>,
    /// `Thứ năm, Ngày 20 Tháng 6 Năm 2024`, computed by the caller for UTC+7.
    date_line: String,
    /// The category the current page belongs to, marked in the navigation.
    #[prop(into)]
    current_category: Signal<Option<String>>,
) -> impl IntoView {
    let (menu_open, set_menu_open) = signal(false);
    let toggle_ref = NodeRef::<leptos::html::Button>::new();
    let name = move || site.with(|site| site.as_ref().map(|site| site.name.clone()));
    let tagline = move || site.with(|site| site.as_ref().and_then(|site| site.tagline.clone()));
    // The English page, named in English for readers who do not read Vietnamese.
    let english = move || {
        site.with(|site| site.as_ref().and_then(|site| site.english_page().map(|page| routes::static_page_href(&page.slug))))
            .map(|href| {
                view! {
                    <a class="app-header__english" href=href lang="en" hreflang="en">{text::ENGLISH}</a>
                }
            })
    };

    let links = move || {
        let categories = site.with(|site| site.as_ref().map(|site| site.categories.clone()).unwrap_or_default());
        categories
            .into_iter()
            .map(|category| {
                let slug = category.slug.clone();
                let is_current = move || current_category.with(|current| current.as_deref() == Some(slug.as_str()));
                view! {
                    <li class="app-nav__item">
                        <a
                            class="app-nav__link"
                            href=routes::category_href(&category.slug, 1)
                            aria-current=move || is_current().then_some("page")
                            on:click=move |_| set_menu_open.set(false)
                        >
                            {category.name}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };

    let close_on_escape = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && menu_open.get_untracked() {
            set_menu_open.set(false);
            if let Some(button) = toggle_ref.get_untracked() {
                let _ = button.focus();
            }
        }
    };

    view! {
        <header class="app-header">
            <div class="app-container app-header__inner">
                <div class="app-header__top">
                    <p class="app-header__date">{date_line}</p>
                    {english}
                    <SearchForm />
                    <ReadingControls />
                </div>
                <a class="app-header__home" href="/">
                    <span class="app-header__emblem" aria-hidden="true"></span>
                    <span class="app-header__titles">
                        <span class="app-header__name">
                            {move || name().unwrap_or_else(|| text::SITE_NAME_FALLBACK.to_string())}
                        </span>
                        {move || tagline().map(|tagline| view! { <span class="app-header__tagline">{tagline}</span> })}
                    </span>
                </a>
            </div>
            <nav class="app-nav" aria-label=text::MAIN_NAV_LABEL on:keydown=close_on_escape>
                <div class="app-container app-nav__inner">
                    <button
                        type="button"
                        class="app-nav__toggle app-needs-app"
                        node_ref=toggle_ref
                        aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                        aria-controls="app-nav-list"
                        aria-label=move || if menu_open.get() { text::MENU_CLOSE } else { text::MENU_OPEN }
                        on:click=move |_| set_menu_open.update(|open| *open = !*open)
                    >
                        <span class="app-nav__toggle-icon" aria-hidden="true"></span>
                        <span class="app-nav__toggle-text">{text::MENU}</span>
                    </button>
                    <ul class="app-nav__list" class:app-nav__list--open=menu_open id="app-nav-list">
                        <li class="app-nav__item">
                            <a
                                class="app-nav__link--home app-nav__home"
                                href="/"
                                aria-current=move || current_category.with(|current| current.as_deref() == Some("")).then_some("page")
                                on:click=move |_| set_menu_open.set(false)
                            >
                                {text::HOME}
                            </a>
                        </li>
                        {links}
                    </ul>
                </div>
            </nav>
        </header>
    }
}
