//! The browser phases: first loads, in-app navigation, scale, memory.
//!
//! Every time is taken inside the page with `performance.now()`; the Rust
//! side only polls for "done", so WebDriver round trips never count.

use std::time::{Duration, Instant};

use e2e::{Browser, Page};
use serde_json::{json, Value};

use crate::dataset::NavItem;
use crate::js;

/// Slow 4G as DevTools defines it, plus a 4× slower CPU.
pub const LATENCY_MS: f64 = 150.0;
pub const DOWNLOAD_BYTES_PER_S: f64 = 200_000.0; // 1.6 Mbit/s
pub const UPLOAD_BYTES_PER_S: f64 = 93_750.0; // 750 kbit/s
pub const CPU_SLOWDOWN: f64 = 4.0;

const POLL: Duration = Duration::from_millis(20);

/// Chromium, with what the bench needs on top of the harness's loopback-only flags.
pub async fn start_browser() -> Browser {
    Browser::builder()
        .args([
            // performance.memory without the coarse quantisation.
            "--enable-precise-memory-info",
            // "Back" on the static baseline is then a real page load (from the
            // HTTP cache), not a restore from the back/forward cache.
            "--disable-features=BackForwardCache",
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows",
            // Hundreds of navigations in a few seconds exceed Chromium's limit
            // of 200 history calls per 10 s ("Throttling navigation to prevent
            // the browser from hanging"); no reader clicks that fast.
            "--disable-ipc-flooding-protection",
        ])
        .start()
        .await
}

/// A DevTools command that may fail without ending the bench.
pub async fn try_cdp(page: &Page, cmd: &str, params: Value) -> Result<Value, String> {
    page.webdriver(
        http::Method::POST,
        "goog/cdp/execute",
        Some(json!({ "cmd": cmd, "params": params })),
    )
    .await
    .map_err(|e| format!("CDP {cmd}: {e}"))
}

/// Installs the observers of [`js::INIT`] in every document this tab opens.
pub async fn install_init_script(page: &Page, expect: &Value) -> Result<(), String> {
    let source = js::INIT.replace("__EXPECT__", &expect.to_string());
    try_cdp(page, "Page.enable", json!({})).await?;
    try_cdp(page, "Network.enable", json!({})).await?;
    try_cdp(page, "Page.addScriptToEvaluateOnNewDocument", json!({ "source": source })).await?;
    Ok(())
}

pub async fn set_cache_disabled(page: &Page, disabled: bool) -> Result<(), String> {
    try_cdp(page, "Network.setCacheDisabled", json!({ "cacheDisabled": disabled })).await.map(|_| ())
}

/// Slow 4G + 4× CPU, or neither.
pub async fn set_throttling(page: &Page, on: bool) -> Result<(), String> {
    let network = if on {
        json!({ "offline": false, "latency": LATENCY_MS, "downloadThroughput": DOWNLOAD_BYTES_PER_S, "uploadThroughput": UPLOAD_BYTES_PER_S })
    } else {
        json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 })
    };
    try_cdp(page, "Network.emulateNetworkConditions", network).await?;
    try_cdp(page, "Emulation.setCPUThrottlingRate", json!({ "rate": if on { CPU_SLOWDOWN } else { 1.0 } })).await?;
    Ok(())
}

/// The browser's product string (`HeadlessChrome/156.…`).
pub async fn browser_version(page: &Page) -> Option<String> {
    let value = try_cdp(page, "Browser.getVersion", json!({})).await.ok()?;
    value.get("product").and_then(Value::as_str).map(str::to_string)
}

fn truthy(value: &Value) -> bool {
    !matches!(value, Value::Null | Value::Bool(false))
}

/// Polls `script` until it returns something truthy (script errors, e.g.
/// while a document is replaced, count as "not yet").
async fn poll(page: &Page, script: &str, args: Vec<Value>, timeout: Duration, what: &str) -> Result<Value, String> {
    let deadline = Instant::now() + timeout;
    let mut last;
    loop {
        match page.try_exec(script, args.clone()).await {
            Ok(value) if truthy(&value) => return Ok(value),
            Ok(value) => last = value.to_string(),
            Err(e) => last = e.to_string(),
        }
        if Instant::now() > deadline {
            let url = page.current_path().await;
            return Err(format!("timed out after {timeout:?} waiting for {what} on {url} (last: {last})"));
        }
        tokio::time::sleep(POLL).await;
    }
}

async fn exec(page: &Page, script: &str, args: Vec<Value>) -> Result<Value, String> {
    let value = page.try_exec(script, args).await.map_err(|e| format!("script failed: {e}"))?;
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        return Err(error.to_string());
    }
    if let Some(error) = value.as_str() {
        return Err(error.to_string());
    }
    Ok(value)
}

/// A phone's screen (`Some((width, height))` in CSS pixels: a mobile
/// viewport, overlay scrollbars, 2 device pixels per CSS pixel), or the
/// desktop window's own 1280 × 900 (`None`).
pub async fn set_viewport(page: &Page, size: Option<(u32, u32)>) -> Result<(), String> {
    match size {
        Some((width, height)) => try_cdp(
            page,
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 2, "mobile": true }),
        )
        .await
        .map(|_| ()),
        None => try_cdp(page, "Emulation.clearDeviceMetricsOverride", json!({})).await.map(|_| ()),
    }
}

/// Whether a load waits for the app to take over (`<html data-app>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takeover {
    /// A page of the app (pre-rendered or the app shell): wait for it.
    Wait,
    /// A page without scripts (the baseline).
    None,
}

/// One fresh page load of `path`: waits for `key` (`h1`, `list` or `body`)
/// in the DOM, the load event, the app's takeover (when expected) and the
/// eager images, lets paint entries settle for `settle_ms`, and returns
/// what [`js::FIRST_LOAD_RESULT`] reads.
pub async fn page_load(page: &Page, path: &str, key: &str, takeover: Takeover, settle_ms: u64, timeout: Duration) -> Result<Value, String> {
    page.client()
        .goto("about:blank")
        .await
        .map_err(|e| format!("goto about:blank: {e}"))?;
    let url = page.url(path);
    page.client().goto(&url).await.map_err(|e| format!("goto {url}: {e}"))?;
    let wait = takeover == Takeover::Wait;
    let what = if wait { format!("`{key}` and the takeover of {path}") } else { format!("`{key}` of {path}") };
    poll(page, js::READY, vec![json!(key), json!(wait)], timeout, &what).await?;
    exec(page, js::FIRST_LOAD_RESULT, vec![json!(settle_ms)]).await
}

/// Samples of one navigation kind.
#[derive(Clone, Debug, Default)]
pub struct NavSamples {
    /// Action → DOM condition, ms.
    pub dom: Vec<f64>,
    /// Action → the frame after it painted, ms.
    pub paint: Vec<f64>,
    /// Action → the article JSON request started / its response ended (cold clicks).
    pub fetch_start: Vec<f64>,
    pub fetch_end: Vec<f64>,
    /// `history.back()` → the `popstate` event (the browser's part of a back).
    pub popstate: Vec<f64>,
    /// `popstate` → DOM condition, per back that reported both (the app's part).
    pub after_popstate: Vec<f64>,
}

impl NavSamples {
    fn push(&mut self, value: &Value) {
        if let Some(dom) = value.get("dom").and_then(Value::as_f64) {
            self.dom.push(dom);
        }
        if let Some(paint) = value.get("paint").and_then(Value::as_f64) {
            self.paint.push(paint);
        }
        if let Some(v) = value.get("fetchStart").and_then(Value::as_f64) {
            self.fetch_start.push(v);
        }
        if let Some(v) = value.get("fetchEnd").and_then(Value::as_f64) {
            self.fetch_end.push(v);
        }
        if let Some(v) = value.get("popstate").and_then(Value::as_f64) {
            self.popstate.push(v);
            if let Some(dom) = value.get("dom").and_then(Value::as_f64) {
                self.after_popstate.push(dom - v);
            }
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct NavResult {
    /// `history.pushState` / `replaceState` calls made during the visits, and the visits.
    pub history_calls: Option<(f64, f64, usize)>,
    pub cold_open: NavSamples,
    pub cold_back: NavSamples,
    pub warm_open: NavSamples,
    pub warm_back: NavSamples,
}

/// Loads an app list page (pre-rendered), waits for the app to take it
/// over, and installs the in-app navigation helpers.
async fn open_app_list(page: &Page, list_href: &str) -> Result<(), String> {
    page_load(page, list_href, "list", Takeover::Wait, 0, Duration::from_secs(30)).await?;
    exec(page, "window.__benchStop && window.__benchStop(); return true;", vec![]).await?;
    exec(page, js::NAV_HELPERS, vec![]).await?;
    Ok(())
}

/// `result`, with the browser console's last lines added to an error.
async fn with_console<T>(page: &Page, result: Result<T, String>) -> Result<T, String> {
    match result {
        Ok(value) => Ok(value),
        Err(error) => {
            let logs = page.console_logs().await;
            let tail = logs[logs.len().saturating_sub(3)..].join(" / ");
            Err(if tail.is_empty() { error } else { format!("{error}; console: {tail}") })
        }
    }
}

/// In-app navigations: every item of `pool` once cold (its JSON not in the
/// session cache), then again warm, all in one document.
pub async fn app_navigation(page: &Page, pool: &[NavItem]) -> Result<NavResult, String> {
    let _ = page.console_logs().await;
    let result = app_navigation_inner(page, pool).await;
    with_console(page, result).await
}

async fn app_navigation_inner(page: &Page, pool: &[NavItem]) -> Result<NavResult, String> {
    let first = pool.first().ok_or("empty navigation pool")?;
    open_app_list(page, &first.list_href).await?;
    let mut result = NavResult::default();
    for warm in [false, true] {
        for item in pool {
            exec(page, "return window.__benchNav.goList(arguments[0], arguments[1])", vec![json!(item.list_href), json!(item.href)]).await?;
            let open = exec(page, "return window.__benchNav.open(arguments[0], arguments[1])", vec![json!(item.href), json!(item.title)]).await?;
            let back = exec(page, "return window.__benchNav.back(arguments[0])", vec![json!(item.href)]).await?;
            let (o, b) = if warm { (&mut result.warm_open, &mut result.warm_back) } else { (&mut result.cold_open, &mut result.cold_back) };
            o.push(&open);
            b.push(&back);
        }
    }
    let calls = exec(page, "return window.__benchHistory", vec![]).await?;
    if let (Some(push), Some(replace)) = (calls.get("pushState").and_then(Value::as_f64), calls.get("replaceState").and_then(Value::as_f64)) {
        result.history_calls = Some((push, replace, 2 * pool.len()));
    }
    Ok(result)
}

/// The same navigations on the static baseline (the baseline server's
/// mirror of the published pages, at the same paths): each one a full page
/// load (first visit of each page, then the same pages again from the HTTP cache).
pub async fn static_navigation(page: &Page, pool: &[NavItem]) -> Result<NavResult, String> {
    let timeout = Duration::from_secs(30);
    let mut result = NavResult::default();
    for warm in [false, true] {
        for item in pool {
            let list_path = item.list_href.clone();
            let article_path = item.href.clone();
            // The full URL: the app's server has the same paths on another port.
            if page.current_url().await != page.url(&list_path) {
                page_load(page, &list_path, "list", Takeover::None, 0, timeout).await?;
            }
            exec(page, js::STATIC_CLICK, vec![json!(article_path)]).await?;
            let open = poll(page, js::STATIC_ARRIVED, vec![json!(article_path), json!("h1")], timeout, &article_path).await?;
            exec(page, js::STATIC_BACK, vec![]).await?;
            let back = poll(page, js::STATIC_ARRIVED, vec![json!(list_path), json!("list")], timeout, &list_path).await?;
            let (o, b) = if warm { (&mut result.warm_open, &mut result.warm_back) } else { (&mut result.cold_open, &mut result.cold_back) };
            o.push(&open);
            b.push(&back);
        }
    }
    Ok(result)
}

/// JS heap and wasm memory at one moment, after forcing garbage collection.
#[derive(Clone, Debug, Default)]
pub struct MemorySample {
    pub js_heap: Option<f64>,
    pub wasm: Option<f64>,
    pub nodes: Option<f64>,
}

async fn memory_now(page: &Page) -> Result<MemorySample, String> {
    let _ = try_cdp(page, "HeapProfiler.enable", json!({})).await;
    for _ in 0..2 {
        try_cdp(page, "HeapProfiler.collectGarbage", json!({})).await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let _ = try_cdp(page, "HeapProfiler.disable", json!({})).await;
    let value = exec(page, js::MEMORY, vec![]).await?;
    Ok(MemorySample {
        js_heap: value.get("js").and_then(Value::as_f64),
        wasm: value.get("wasm").and_then(Value::as_f64),
        nodes: value.get("nodes").and_then(Value::as_f64),
    })
}

#[derive(Clone, Debug, Default)]
pub struct MemoryResult {
    pub early_visits: usize,
    pub late_visits: usize,
    pub early: MemorySample,
    pub late: MemorySample,
}

/// Memory after `early` and after `late` in-app visits (list → article → back).
pub async fn memory(page: &Page, pool: &[NavItem], early: usize, late: usize) -> Result<MemoryResult, String> {
    let first = pool.first().ok_or("empty navigation pool")?;
    open_app_list(page, &first.list_href).await?;
    let items: Vec<Value> = pool.iter().map(|i| json!({ "list": i.list_href, "href": i.href, "title": i.title })).collect();
    let items = Value::Array(items);
    let visit = |start: usize, n: usize| {
        let items = items.clone();
        async move { exec(page, "return window.__benchNav.visits(arguments[0], arguments[1], arguments[2])", vec![items, json!(start), json!(n)]).await }
    };
    visit(0, early).await?;
    let early_sample = memory_now(page).await?;
    let mut done = early;
    while done < late {
        let n = (late - done).min(50);
        visit(done, n).await?;
        done += n;
    }
    let late_sample = memory_now(page).await?;
    Ok(MemoryResult {
        early_visits: early,
        late_visits: late,
        early: early_sample,
        late: late_sample,
    })
}
