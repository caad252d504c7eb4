//! Bản tin: a client-side-rendered Leptos frontend for Vietnamese city portals.
//!
//! Crate map (ARCHITECTURE.md has the long form):
//! - pure, host-tested: [`model`] (the JSON contract) and [`json`] (its
//!   reader), [`routes`] (URLs),
//!   [`format`] (Vietnamese dates in UTC+7), [`share`] (mailto and saved
//!   file), [`picture`] (responsive images), [`preferences`] (text size,
//!   theme), [`text`] (interface strings), the decisions of [`sanitize`];
//! - boundary: [`api`] is the only module that fetches, [`browser`] the only
//!   one that touches `window()`, [`navigation`] places scroll and focus;
//! - views: [`App`] with the head tags and the route table, [`pages`] (one
//!   per route) and [`components`].

#![recursion_limit = "256"]

pub mod api;
pub mod browser;
pub mod components;
pub mod format;
pub mod model;
pub mod navigation;
pub mod pages;
pub mod picture;
pub mod preferences;
pub mod head;
pub mod json;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod routes;
pub mod sanitize;
pub mod search;
pub mod share;
pub mod text;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{ProgressBar, SiteFooter, SiteHeader};
use crate::pages::{ArticlePage, CategoryPage, HomePage, InformationPage, NotFoundPage, SearchPage};

/// What every page knows about the site: `site.json` once loaded, and the
/// category the current page belongs to (for the navigation's mark).
#[derive(Clone, Copy)]
pub struct SiteContext {
    pub site: Signal<Option<model::Site>>,
    pub name: Signal<String>,
    pub tagline: Signal<Option<String>>,
    pub current_category: RwSignal<Option<String>>,
    /// The words of the search being shown, for the header's search field.
    pub search_query: RwSignal<String>,
}

/// Navigation inside the app for forms (the header's search field, the
/// search page's filters): provided inside the `Router`. Where it is
/// missing (a page rendered on the host, a component mounted alone), a
/// form submits as plain HTML.
#[derive(Clone, Copy)]
pub struct AppNavigation(pub Callback<String>);

impl AppNavigation {
    /// Goes to `href` inside the app; `false` when there is no app router.
    pub fn go(href: &str) -> bool {
        match use_context::<AppNavigation>() {
            Some(AppNavigation(navigate)) => {
                navigate.run(href.to_string());
                true
            }
            None => false,
        }
    }
}

/// Provides [`AppNavigation`] from inside the `Router`.
#[component]
fn ProvideNavigation() -> impl IntoView {
    let navigate = leptos_router::hooks::use_navigate();
    provide_context(AppNavigation(Callback::new(move |href: String| navigate(&href, Default::default()))));
}

impl SiteContext {
    pub fn new(site: Signal<Option<model::Site>>) -> Self {
        SiteContext {
            site,
            name: Signal::derive(move || {
                site.with(|site| site.as_ref().map(|site| site.name.clone()))
                    .unwrap_or_else(|| text::SITE_NAME_FALLBACK.to_string())
            }),
            tagline: Signal::derive(move || site.with(|site| site.as_ref().and_then(|site| site.tagline.clone()))),
            current_category: RwSignal::new(None),
            search_query: RwSignal::new(String::new()),
        }
    }

    /// The context `App` provides; a detached one when a component is
    /// mounted alone (browser tests), so a page never panics for lack of it.
    pub fn current() -> Self {
        use_context::<SiteContext>().unwrap_or_else(|| SiteContext::new(Signal::stored(None)))
    }
}

/// How long the boot shell waits for the first documents before the app
/// mounts without them.
const BOOT_WAIT: std::time::Duration = std::time::Duration::from_millis(1000);

/// Starts the app in the page the server sent.
///
/// A **pre-rendered page** (written by the publishing step, `tools/publish`)
/// carries its own JSON (`site.json` and the page's document) as inert
/// `application/json` scripts: `api` adopts them, so the app makes no
/// request for them, and the app takes over at once ([`take_over`]).
///
/// The **app shell** (URLs without a pre-rendered file) paints a static
/// boot shell; the app replaces it once `site.json` and the current page's
/// document are in the cache (normally at once: the shell preloads both
/// while the wasm downloads), or after [`BOOT_WAIT`] without them. Mounting
/// with the site's name and categories known means the header and the
/// navigation bar have their final size in the app's first frame, so
/// nothing below them shifts when they fill in; and the page can render its
/// content in that same frame.
pub fn mount() {
    use std::cell::Cell;
    use std::rc::Rc;

    if api::adopt_embedded_documents() > 0 {
        if browser::static_markup_has(".app-not-found") {
            let document = routes::page_document(&browser::current_path(), browser::query_param(routes::PAGE_QUERY).as_deref());
            if let Some(document) = document {
                api::adopt_not_found(&document);
            }
        }
        take_over();
        return;
    }

    // Two documents to wait for, plus the timer that ends the wait.
    let waiting = Rc::new(Cell::new(2u8));
    let mounted = Rc::new(Cell::new(false));
    let mount_now = {
        let mounted = Rc::clone(&mounted);
        move || {
            if mounted.replace(true) {
                return;
            }
            replace_static_markup();
        }
    };
    let one_done = {
        let mount_now = mount_now.clone();
        move || {
            waiting.set(waiting.get().saturating_sub(1));
            if waiting.get() == 0 {
                mount_now();
            }
        }
    };

    let path = browser::current_path();
    let page_query = browser::query_param(routes::PAGE_QUERY);
    let document = routes::page_document(&path, page_query.as_deref());
    // wasm-bindgen's executor: Leptos' own is set up by the mount itself.
    let site_done = one_done.clone();
    wasm_bindgen_futures::spawn_local(async move {
        api::warm_site().await;
        site_done();
    });
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(document) = document {
            api::warm(document).await;
        }
        one_done();
    });
    wasm_bindgen_futures::spawn_local(async move {
        browser::sleep(BOOT_WAIT).await;
        mount_now();
    });
}

/// Takes over a pre-rendered page: the app renders the same components
/// from the same JSON, so its first frame shows what the static markup
/// showed, in the same place. The static markup is removed and the app
/// mounted in one task, and the page's content arrives in the microtasks
/// that follow (its documents are cached), before the browser paints; what
/// the reader had scrolled to and selected is put back on the new nodes
/// before that paint. Focus stays where the browser put it.
fn take_over() {
    let scroll = browser::scroll_position();
    let selection = browser::selection_in("main");
    replace_static_markup();
    browser::request_frame(move || {
        browser::scroll_to(scroll);
        if let Some(selection) = selection {
            browser::restore_selection_in("main", &selection);
        }
    });
}

/// Removes the static markup (`#app-boot`: the boot shell or the
/// pre-rendered page) and mounts the app, in one task so the browser never
/// paints the page without either. `data-app` on `<html>` then reveals the
/// controls that only work with the app (see `style/components.css`).
fn replace_static_markup() {
    if let Some(markup) = browser::document().and_then(|document| document.get_element_by_id("app-boot")) {
        markup.remove();
    }
    leptos::mount::mount_to_body(App);
    browser::set_root_attribute("data-app", "ready");
}

/// The whole app: head tags, shell, and the route table.
#[component]
pub fn App() -> impl IntoView {
    navigation::install();
    browser::install_print_resolution();

    // site.json feeds the header, navigation, footer and every title. Without
    // it the pages still work; a failure is logged by `api`, retried once
    // there, and asked again at the reader's next navigation.
    let site_resource = LocalResource::new(api::site);
    let site = Signal::derive(move || site_resource.get().and_then(Result::ok));
    let context = SiteContext::new(site);
    provide_context(context);

    let date_line = format::format_vn_date_line(&format::instant_from_millis(browser::now_millis()));

    navigation::document_title(move || context.name.get());
    view! {
        <Router>
            <ProvideNavigation />
            <SiteRetry site=site_resource />
            <PageFrame site=site date_line=date_line current_category=context.current_category>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/chuyen-muc/:slug") view=CategoryPage />
                    <Route path=path!("/bai-viet/:slug") view=ArticlePage />
                    <Route path=path!("/trang/:slug") view=InformationPage />
                    <Route path=path!("/tim-kiem") view=SearchPage />
                </Routes>
            </PageFrame>
        </Router>
    }
}

/// Asks for `site.json` again when the reader goes to another page while
/// it is missing, so one failed request does not empty the navigation for
/// the whole visit.
#[component]
fn SiteRetry(site: LocalResource<Result<model::Site, model::ApiError>>) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        let url = format!("{}{}", location.pathname.get(), location.search.get());
        let failed = site.with_untracked(|site| matches!(site, Some(Err(_))));
        if previous.is_some_and(|previous| previous != url) && failed {
            site.refetch();
        }
        url
    });
}

/// What every page has around its content: skip link, progress bar, header,
/// `main`, footer and the live region. The app and the pre-rendered pages
/// (`prerender`) both render it, so the two agree by construction.
#[component]
pub fn PageFrame(
    #[prop(into)] site: Signal<Option<model::Site>>,
    date_line: String,
    #[prop(into)] current_category: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        // The router would swallow the jump to #main; focus it ourselves.
        <a class="app-skip-link" href="#main" on:click=move |event| {
            event.prevent_default();
            browser::focus_and_reveal("#main");
        }>{text::SKIP_TO_CONTENT}</a>
        <ProgressBar />
        <SiteHeader site=site date_line=date_line current_category=current_category />
        <main class="app-main app-container" id="main" tabindex="-1">
            {children()}
        </main>
        <SiteFooter site=site />
        <div class="app-visually-hidden" aria-live="polite" aria-atomic="true">
            {navigation::announcement}
        </div>
    }
}
