//! The only module that fetches: the API base, typed requests, the session
//! cache, timeouts, retries and aborts.
//!
//! It knows URLs and JSON, nothing about views. Responses are decoded by the
//! pure functions of [`crate::model`], so nothing from the network can panic.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::browser;
use crate::model::{self, ApiError, Article, CategoryListPage, Home, Site};
use crate::routes;

/// How long a request may take before the reader is told the server is slow.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Pause before the one automatic retry of a transient failure.
pub const RETRY_BACKOFF: Duration = Duration::from_millis(400);

thread_local! {
    static API_BASE: String = browser::meta_content("api-base").unwrap_or_else(|| "/api/".to_string());
    /// Raw JSON text by URL, kept for the session: going back is instant.
    static CACHE: RefCell<HashMap<String, Rc<str>>> = RefCell::new(HashMap::new());
    /// Requests under way, for the progress bar.
    /// An `Arc` signal: an arena signal created here would belong to whichever
    /// effect first read it and be disposed when that effect re-runs.
    static IN_FLIGHT: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

/// The API base: `<meta name="api-base">` from `index.html`, else `/api/`.
pub fn api_base() -> String {
    API_BASE.with(Clone::clone)
}

/// A media `src` from the contract, resolved against the API base.
pub fn media_url(src: &str) -> String {
    routes::media_url(&api_base(), src)
}

/// How many requests are under way (reactive).
pub fn requests_in_flight() -> u32 {
    IN_FLIGHT.with(|count| count.get())
}

pub async fn site() -> Result<Site, ApiError> {
    get("site.json", model::decode_site).await
}

pub async fn home() -> Result<Home, ApiError> {
    get("home.json", model::decode_home).await
}

pub async fn category_page(slug: String, page: u32) -> Result<CategoryListPage, ApiError> {
    if !model::is_valid_slug(&slug) || page == 0 {
        return Err(ApiError::NotFound);
    }
    get(&format!("categories/{slug}/page-{page}.json"), model::decode_category_page).await
}

pub async fn article(slug: String) -> Result<Article, ApiError> {
    if !model::is_valid_slug(&slug) {
        return Err(ApiError::NotFound);
    }
    get(&format!("articles/{slug}.json"), model::decode_article).await
}

/// Fetches an article into the cache ahead of a likely click.
pub fn prefetch_article(slug: &str) {
    if !model::is_valid_slug(slug) {
        return;
    }
    let url = routes::api_url(&api_base(), &format!("articles/{slug}.json"));
    if cached(&url).is_some() {
        return;
    }
    leptos::task::spawn_local(async move {
        if let Ok(text) = fetch_text(&url, None).await {
            if model::decode_article(&text).is_ok() {
                store(&url, text);
            }
        }
    });
}

fn cached(url: &str) -> Option<Rc<str>> {
    CACHE.with(|cache| cache.borrow().get(url).cloned())
}

fn store(url: &str, text: String) {
    CACHE.with(|cache| cache.borrow_mut().insert(url.to_string(), Rc::from(text)));
}

/// Fetches and decodes one document, from the cache when it is there.
///
/// A transient failure is retried once after a short pause. Only documents
/// that decode are cached, so a broken answer is fetched again next time.
async fn get<T>(path: &str, decode: fn(&str) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let url = routes::api_url(&api_base(), path);
    if let Some(text) = cached(&url) {
        return decode(&text);
    }
    // Aborted when the reactive owner (the page) goes away: navigating on
    // cancels what the old page still waits for.
    let abort = web_sys::AbortController::new().ok();
    if let Some(controller) = abort.clone() {
        on_cleanup(move || controller.abort());
    }
    let signal = abort.as_ref().map(|controller| controller.signal());

    let mut result = fetch_text(&url, signal.as_ref()).await;
    if let Err(error) = &result {
        if error.is_transient() && !signal.as_ref().is_some_and(|signal| signal.aborted()) {
            log_failure(&url, error, "retrying once");
            browser::sleep(RETRY_BACKOFF).await;
            result = fetch_text(&url, signal.as_ref()).await;
        }
    }
    let decoded = result.and_then(|text| {
        let value = decode(&text)?;
        store(&url, text);
        Ok(value)
    });
    if let Err(error) = &decoded {
        log_failure(&url, error, "giving up");
    }
    decoded
}

fn log_failure(url: &str, error: &ApiError, what_next: &str) {
    let line = format!("Bản tin: GET {url} failed: {}; {what_next}", error.describe());
    web_sys::console::warn_1(&line.into());
}

/// One GET with a timeout; the text of a 2xx answer, else a typed error.
async fn fetch_text(url: &str, page_signal: Option<&web_sys::AbortSignal>) -> Result<String, ApiError> {
    // Our own controller so the timeout can abort; it follows the page's signal too.
    let controller = web_sys::AbortController::new().map_err(|_| ApiError::Network)?;
    let timed_out = Rc::new(std::cell::Cell::new(false));
    let timer = {
        let controller = controller.clone();
        let timed_out = Rc::clone(&timed_out);
        set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            TIMEOUT,
        )
        .ok()
    };
    let forward_abort = page_signal.map(|signal| {
        let controller = controller.clone();
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || controller.abort());
        signal.set_onabort(Some(wasm_bindgen::JsCast::unchecked_ref(closure.as_ref())));
        closure
    });

    IN_FLIGHT.with(|count| count.update(|n| *n += 1));
    let outcome = async {
        let response = gloo_net::http::Request::get(url)
            .abort_signal(Some(&controller.signal()))
            .send()
            .await
            .map_err(|_| ApiError::Network)?;
        match response.status() {
            404 | 410 => return Err(ApiError::NotFound),
            status if !response.ok() => return Err(ApiError::Http(status)),
            _ => {}
        }
        response.text().await.map_err(|_| ApiError::Network)
    }
    .await;
    IN_FLIGHT.with(|count| count.update(|n| *n = n.saturating_sub(1)));

    if let Some(timer) = timer {
        timer.clear();
    }
    if let (Some(signal), Some(_closure)) = (page_signal, forward_abort) {
        signal.set_onabort(None);
    }
    outcome.map_err(|error| if timed_out.get() { ApiError::Timeout } else { error })
}
