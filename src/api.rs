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
use crate::model::{self, ApiError, Article, CategoryListPage, Home, Site, StaticPage};
use crate::routes;

/// How long a request may take before the reader is told the server is slow.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Pause before the one automatic retry of a transient failure.
pub const RETRY_BACKOFF: Duration = Duration::from_millis(400);

thread_local! {
    /// Raw answers by URL (JSON text, or a search index file), kept for the
    /// session: going back is instant.
    static CACHE: RefCell<HashMap<String, Rc<[u8]>>> = RefCell::new(HashMap::new());
    /// Requests under way by URL (see `fetch_shared`).
    static PENDING: RefCell<HashMap<String, Pending>> = RefCell::new(HashMap::new());
    /// URLs whose last request failed (see `fetch_with_retry`).
    static FAILED: RefCell<std::collections::HashSet<String>> = RefCell::new(std::collections::HashSet::new());
    /// What the boot's attempts failed with, by URL, until a page asks.
    static BOOT_FAILURES: RefCell<HashMap<String, ApiError>> = RefCell::new(HashMap::new());
    /// URLs a page has asked for: a boot failure for them is the page's own
    /// answer already, never one to hand out later (see `load`).
    static PAGE_ASKED: RefCell<std::collections::HashSet<String>> = RefCell::new(std::collections::HashSet::new());
    /// Requests under way, for the progress bar.
    /// An `Arc` signal: an arena signal created here would belong to whichever
    /// effect first read it and be disposed when that effect re-runs.
    static IN_FLIGHT: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

/// The API base: `<meta name="api-base">` from `index.html`, else `/api/`.
pub fn api_base() -> String {
    thread_local! {
        static API_BASE: String = browser::meta_content("api-base").unwrap_or_else(|| "/api/".to_string());
    }
    // On the host the publisher sets the base per run: read it every time.
    if cfg!(not(target_arch = "wasm32")) {
        return browser::meta_content("api-base").unwrap_or_else(|| "/api/".to_string());
    }
    API_BASE.with(Clone::clone)
}

/// A media `src` from the contract, resolved against the API base.
pub fn media_url(src: &str) -> String {
    routes::media_url(&api_base(), src)
}

/// The bytes of a media file at `url` (the image a saved article embeds):
/// one GET with the usual timeout, no retry, kept in no cache of ours.
pub async fn media_bytes(url: &str) -> Result<Vec<u8>, ApiError> {
    fetch_body(url, None, false).await
}

/// How many requests are under way (reactive).
pub fn requests_in_flight() -> u32 {
    IN_FLIGHT.with(|count| count.get())
}

pub async fn site() -> Result<Site, ApiError> {
    site_for(Asker::Page).await
}

pub async fn home() -> Result<Home, ApiError> {
    home_for(Asker::Page).await
}

pub async fn category_page(slug: String, page: u32) -> Result<CategoryListPage, ApiError> {
    category_page_for(slug, page, Asker::Page).await
}

pub async fn article(slug: String) -> Result<Article, ApiError> {
    article_for(slug, Asker::Page).await
}

/// A search the backend answers (`search.json?…`, in the list page's shape).
pub async fn server_search(path: String) -> Result<model::CategoryListPage, ApiError> {
    load(&path, model::decode_category_page, Asker::Page).await
}

pub async fn static_page(slug: String) -> Result<StaticPage, ApiError> {
    static_page_for(slug, Asker::Page).await
}

/// Fetches `site.json` before the app mounts.
pub async fn warm_site() {
    let _ = site_for(Asker::Boot).await;
}

/// Fetches the document a page will show before the app mounts.
pub async fn warm(document: routes::PageDocument) {
    let _ = match document {
        routes::PageDocument::Home => home_for(Asker::Boot).await.map(drop),
        routes::PageDocument::Category { slug, page } => category_page_for(slug, page, Asker::Boot).await.map(drop),
        routes::PageDocument::Article { slug } => article_for(slug, Asker::Boot).await.map(drop),
        routes::PageDocument::StaticPage { slug } => static_page_for(slug, Asker::Boot).await.map(drop),
    };
}

async fn site_for(asker: Asker) -> Result<Site, ApiError> {
    load("site.json", model::decode_site, asker).await
}

async fn home_for(asker: Asker) -> Result<Home, ApiError> {
    load(&routes::PageDocument::Home.api_path(), model::decode_home, asker).await
}

async fn category_page_for(slug: String, page: u32, asker: Asker) -> Result<CategoryListPage, ApiError> {
    if !model::is_valid_slug(&slug) || page == 0 {
        return Err(ApiError::NotFound);
    }
    // A list that says it is another page than the one asked for is a bad
    // document (never cached), not a page to show.
    let decode = |text: &str| {
        let list = model::decode_category_page(text)?;
        if list.category.slug != slug || list.page != page {
            return Err(ApiError::Decode(format!(
                "asked for page {page} of {slug:?}, got page {} of {:?}",
                list.page, list.category.slug
            )));
        }
        Ok(list)
    };
    let path = routes::PageDocument::Category { slug: slug.clone(), page }.api_path();
    load(&path, decode, asker).await
}

async fn article_for(slug: String, asker: Asker) -> Result<Article, ApiError> {
    if !model::is_valid_slug(&slug) {
        return Err(ApiError::NotFound);
    }
    // A document that names another article is a bad document (never cached).
    let decode = |text: &str| {
        let article = model::decode_article(text)?;
        if article.slug != slug {
            return Err(ApiError::Decode(format!("asked for {slug:?}, got the article {:?}", article.slug)));
        }
        Ok(article)
    };
    load(&article_path(&slug), decode, asker).await
}

async fn static_page_for(slug: String, asker: Asker) -> Result<StaticPage, ApiError> {
    if !model::is_valid_slug(&slug) {
        return Err(ApiError::NotFound);
    }
    let decode = |text: &str| {
        let page = model::decode_static_page(text)?;
        if page.slug != slug {
            return Err(ApiError::Decode(format!("asked for the page {slug:?}, got {:?}", page.slug)));
        }
        Ok(page)
    };
    load(&routes::PageDocument::StaticPage { slug: slug.clone() }.api_path(), decode, asker).await
}

fn article_path(slug: &str) -> String {
    routes::PageDocument::Article { slug: slug.to_string() }.api_path()
}

/// Fetches an article into the cache ahead of a likely click.
pub fn prefetch_article(slug: &str) {
    if !model::is_valid_slug(slug) {
        return;
    }
    let url = routes::api_url(&api_base(), &article_path(slug));
    if cached(&url).is_some() || PENDING.with(|pending| pending.borrow().contains_key(&url)) {
        return;
    }
    let slug = slug.to_string();
    leptos::task::spawn_local(async move {
        if let Ok(text) = fetch_shared(&url, None).await {
            if model::decode_article(&as_text(&text)).is_ok_and(|article| article.slug == slug) {
                store(&url, text);
            }
        }
    });
}

/// The attribute of a pre-rendered page's inert JSON scripts that names
/// the document's path under the API base (`site.json`,
/// `articles/{slug}.json`, …). Written by `prerender`.
pub const EMBEDDED_PATH_ATTRIBUTE: &str = "data-api-path";

/// Moves the documents a pre-rendered page carries
/// (`<script type="application/json" data-api-path="…">`) into the session
/// cache, as if they had been fetched; returns how many. Each is still
/// decoded by the page that reads it, like a fetched one.
pub fn adopt_embedded_documents() -> usize {
    let Some(document) = browser::document() else { return 0 };
    let selector = format!("script[type=\"application/json\"][{EMBEDDED_PATH_ATTRIBUTE}]");
    let Ok(scripts) = document.query_selector_all(&selector) else { return 0 };
    let mut adopted = 0;
    for index in 0..scripts.length() {
        let Some(script) = scripts.item(index).and_then(|node| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node).ok())
        else {
            continue;
        };
        let (Some(path), Some(text)) = (script.get_attribute(EMBEDDED_PATH_ATTRIBUTE), script.text_content()) else {
            continue;
        };
        store(&routes::api_url(&api_base(), &path), Rc::from(text.into_bytes()));
        // The cache holds it now; the page need not keep a second copy.
        script.remove();
        adopted += 1;
    }
    adopted
}

/// On the pre-rendered not-found page (`404.html`), hands the current
/// page's first look `NotFound` for its document, as a failed boot request
/// would be, instead of asking for it: a server answers that page for a
/// page URL only after looking for the document in the published folder's
/// own `api/` (`deploy/nginx.conf`, `publish::resolve`), so the request
/// could only get a 404 again, which the browser logs as an error.
/// "Thử lại" and later visits ask as usual. An API elsewhere
/// (`--api-base`) is not the folder's: the server did not look there, so
/// it is asked.
pub fn adopt_not_found(document: &routes::PageDocument) {
    let base = api_base();
    if base != "/api/" {
        return;
    }
    let url = routes::api_url(&base, &document.api_path());
    BOOT_FAILURES.with(|failures| failures.borrow_mut().insert(url, ApiError::NotFound));
}

/// A document's bytes as text. Invalid UTF-8 becomes U+FFFD, as the
/// browser's own `Response.text()` would have it.
pub fn as_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

fn cached(url: &str) -> Option<Rc<[u8]>> {
    CACHE.with(|cache| cache.borrow().get(url).cloned())
}

fn store(url: &str, text: Rc<[u8]>) {
    CACHE.with(|cache| cache.borrow_mut().insert(url.to_string(), text));
}

/// Who asks for a document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asker {
    /// A page (or the shell): its request is aborted when it goes away.
    Page,
    /// The boot, before the app mounts: a failure is kept for the page that
    /// asks next, which shows it instead of requesting a failing document again.
    Boot,
}

/// Fetches and decodes one document, from the cache when it is there.
///
/// A transient failure is retried once after a short pause. Only documents
/// that decode are cached, so a broken answer is fetched again next time
/// (except right after the boot's attempt, see [`Asker::Boot`]).
async fn load<T>(path: &str, decode: impl Fn(&str) -> Result<T, ApiError>, asker: Asker) -> Result<T, ApiError> {
    let url = routes::api_url(&api_base(), path);
    load_url(url, |bytes: &[u8]| decode(&as_text(bytes)), asker).await
}

/// The search index's files (`search::manifest_path()`, shards, …), which
/// the publishing step writes beside the pages: read from the site's root,
/// not the API base. Decoded by `decode`; cached for the session like the
/// documents, retried and aborted like them.
pub async fn search_file<T>(path: &str, decode: impl Fn(&[u8]) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let url = format!("/{}", path.trim_start_matches('/'));
    load_url(url, decode, Asker::Page).await
}

async fn load_url<T>(url: String, decode: impl Fn(&[u8]) -> Result<T, ApiError>, asker: Asker) -> Result<T, ApiError> {
    // The request's logic is one plain async function, not a copy per
    // document type: `decode` is handed to it as a `dyn` callback, and the
    // value it decodes comes back through `decoded` (docs/PERFORMANCE.md,
    // "Size diet").
    let mut decoded = None;
    load_checked(url, asker, &mut |bytes: &[u8]| {
        decoded = Some(decode(bytes)?);
        Ok(())
    })
    .await?;
    decoded.ok_or(ApiError::Network)
}

/// [`load_url`] without its type: `decode` reads the bytes into the
/// caller's value, or says why they are not a valid document.
async fn load_checked(url: String, asker: Asker, decode: &mut dyn FnMut(&[u8]) -> Result<(), ApiError>) -> Result<(), ApiError> {
    if let Some(text) = cached(&url) {
        return decode(&text);
    }
    if asker == Asker::Page {
        let first_ask = PAGE_ASKED.with(|asked| asked.borrow_mut().insert(url.clone()));
        // Only the first page to ask may be handed the boot's failure: it
        // is that page's first look. "Thử lại" and later visits ask again.
        let boot_failure = BOOT_FAILURES.with(|failures| failures.borrow_mut().remove(&url));
        if let (true, Some(error)) = (first_ask, boot_failure) {
            return Err(error);
        }
    }
    // Aborted when the reactive owner (the page) goes away: navigating on
    // cancels what the old page still waits for.
    let abort = (asker == Asker::Page).then(|| web_sys::AbortController::new().ok()).flatten();
    if let Some(controller) = abort.clone() {
        on_cleanup(move || controller.abort());
    }
    let signal = abort.as_ref().map(|controller| controller.signal());

    let decoded = fetch_shared(&url, signal).await.and_then(|text| {
        decode(&text)?;
        store(&url, text);
        Ok(())
    });
    if let Err(error) = &decoded {
        log_failure(&url, error, "giving up");
        // A page that joined this request while it was under way has its
        // answer already; keeping the failure would hand it to the page's
        // next attempt instead of asking the server again.
        let page_waiting = PAGE_ASKED.with(|asked| asked.borrow().contains(&url));
        if asker == Asker::Boot && !page_waiting {
            BOOT_FAILURES.with(|failures| failures.borrow_mut().insert(url, error.clone()));
        }
    }
    decoded
}

/// A request under way that others can wait for.
#[derive(Clone)]
struct Pending {
    /// Resolves (never rejects) once `outcome` is set.
    settled: js_sys::Promise,
    outcome: Rc<RefCell<Option<Result<Rc<[u8]>, ApiError>>>>,
}

/// The text of `url`, with one retry of a transient failure. A second asker
/// while the first request is under way (a click on a link whose prefetch
/// has not finished, a page whose document the boot is still fetching)
/// waits for the same answer instead of asking the server again. `signal`
/// aborts the request only if this asker is the one that starts it.
async fn fetch_shared(url: &str, signal: Option<web_sys::AbortSignal>) -> Result<Rc<[u8]>, ApiError> {
    let pending = PENDING.with(|pending| pending.borrow().get(url).cloned()).unwrap_or_else(|| {
        let outcome = Rc::new(RefCell::new(None));
        let settled = {
            let outcome = Rc::clone(&outcome);
            let url = url.to_string();
            wasm_bindgen_futures::future_to_promise(async move {
                let result = fetch_with_retry(&url, signal.as_ref()).await.map(Rc::from);
                *outcome.borrow_mut() = Some(result);
                PENDING.with(|pending| pending.borrow_mut().remove(&url));
                Ok(wasm_bindgen::JsValue::UNDEFINED)
            })
        };
        let pending = Pending { settled, outcome };
        PENDING.with(|map| map.borrow_mut().insert(url.to_string(), pending.clone()));
        pending
    });
    let _ = wasm_bindgen_futures::JsFuture::from(pending.settled).await;
    let outcome = pending.outcome.borrow().clone();
    outcome.unwrap_or(Err(ApiError::Network))
}

/// Attempts after a failure go to the network: a retry must not be handed
/// the browser's copy, and Chromium would even attach it to the preload
/// still hanging from `index.html`.
async fn fetch_with_retry(url: &str, signal: Option<&web_sys::AbortSignal>) -> Result<Vec<u8>, ApiError> {
    let failed_before = FAILED.with(|failed| failed.borrow().contains(url));
    let mut result = fetch_body(url, signal, failed_before).await;
    let mut attempts = 1;
    while let Err(error) = &result {
        let Some(pause) = retry_after(attempts, error, signal.is_some_and(|signal| signal.aborted())) else { break };
        log_failure(url, error, "retrying once");
        browser::sleep(pause).await;
        result = fetch_body(url, signal, true).await;
        attempts += 1;
    }
    FAILED.with(|failed| {
        let mut failed = failed.borrow_mut();
        match &result {
            Ok(_) => failed.remove(url),
            Err(_) => failed.insert(url.to_string()),
        }
    });
    result
}

/// Whether to try again after `attempts` attempts that ended in `error`,
/// and after what pause: a transient failure is retried once, after
/// [`RETRY_BACKOFF`]; nothing is retried after the reader left the page.
pub fn retry_after(attempts: u32, error: &ApiError, aborted: bool) -> Option<Duration> {
    (attempts == 1 && error.is_transient() && !aborted).then_some(RETRY_BACKOFF)
}

fn log_failure(url: &str, error: &ApiError, what_next: &str) {
    let line = format!("Bản tin: GET {url} failed: {}; {what_next}", error.describe());
    web_sys::console::warn_1(&line.into());
}

/// One GET with a timeout; the body of a 2xx answer, else a typed error.
async fn fetch_body(url: &str, page_signal: Option<&web_sys::AbortSignal>, fresh: bool) -> Result<Vec<u8>, ApiError> {
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
        let cache = if fresh { web_sys::RequestCache::Reload } else { web_sys::RequestCache::Default };
        let response = gloo_net::http::Request::get(url)
            .cache(cache)
            .abort_signal(Some(&controller.signal()))
            .send()
            .await
            .map_err(|_| ApiError::Network)?;
        match response.status() {
            404 | 410 => return Err(ApiError::NotFound),
            status if !response.ok() => return Err(ApiError::Http(status)),
            _ => {}
        }
        response.binary().await.map_err(|_| ApiError::Network)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_times_out_after_ten_seconds() {
        assert_eq!(TIMEOUT, Duration::from_secs(10));
    }

    #[test]
    fn a_transient_failure_is_retried_once_after_a_short_pause() {
        for error in [ApiError::Timeout, ApiError::Network, ApiError::Http(500), ApiError::Http(503), ApiError::Http(429)] {
            assert_eq!(retry_after(1, &error, false), Some(Duration::from_millis(400)), "{error:?}");
            assert_eq!(retry_after(2, &error, false), None, "{error:?}: only once");
            assert_eq!(retry_after(1, &error, true), None, "{error:?}: not after the reader left");
        }
        for error in [ApiError::NotFound, ApiError::Http(403), ApiError::Decode("x".into())] {
            assert_eq!(retry_after(1, &error, false), None, "{error:?}: not transient");
        }
    }
}
