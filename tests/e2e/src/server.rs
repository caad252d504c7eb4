//! The static server the browser talks to: `dist/` with the single-page-app
//! fallback, real 404s under `/api/`, per-path fault injection and hit counts.
//!
//! It runs on its own thread and tokio runtime, so it works the same under any
//! test runtime (or none: the benchmark can use it from plain `main`). Dropping
//! the [`TestServer`] stops it and closes every connection, hung ones included.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::serve::ListenerExt;
use axum::Router;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// What to do to a request instead of (or before) serving it normally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Wait, then serve normally.
    Delay(Duration),
    /// Answer with this status and a short plain-text body.
    Status(u16),
    /// Serve only the first N bytes of the real response, with `Content-Length: N`.
    Truncate(usize),
    /// Answer 200 with this body instead of the real one.
    Body { content_type: String, body: Vec<u8> },
    /// Accept the request and never answer; the connection stays open until the
    /// server is dropped.
    Hang,
}

impl Fault {
    /// A 200 `application/json` body (malformed or wrong-shaped JSON welcome).
    pub fn json(body: impl Into<Vec<u8>>) -> Fault {
        Fault::Body {
            content_type: "application/json".into(),
            body: body.into(),
        }
    }

    /// A 200 body with any content type.
    pub fn body(content_type: &str, body: impl Into<Vec<u8>>) -> Fault {
        Fault::Body {
            content_type: content_type.into(),
            body: body.into(),
        }
    }
}

#[derive(Default)]
struct FaultSlot {
    once: VecDeque<Fault>,
    always: Option<Fault>,
}

struct Shared {
    root: PathBuf,
    api_dir: Option<PathBuf>,
    spa_fallback: bool,
    app_shell_only: bool,
    precompressed: bool,
    cache_control: Option<HeaderValue>,
    faults: Mutex<HashMap<String, FaultSlot>>,
    hits: Mutex<HashMap<String, usize>>,
    log: Mutex<Vec<String>>,
    arrivals: Mutex<Vec<(String, std::time::Instant)>>,
}

/// Options for a [`TestServer`]; `TestServer::builder(dir).start()`.
#[derive(Clone, Debug)]
pub struct ServerBuilder {
    root: PathBuf,
    api_dir: Option<PathBuf>,
    compression: bool,
    precompressed: bool,
    spa_fallback: bool,
    app_shell_only: bool,
    cache_control: Option<String>,
}

impl ServerBuilder {
    /// Serve `/api/*` from this directory instead of `<root>/api/`.
    pub fn mount_api_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.api_dir = Some(dir.into());
        self
    }

    /// Compress responses on the fly (gzip, brotli) when the client accepts it.
    pub fn with_compression(mut self, on: bool) -> Self {
        self.compression = on;
        self
    }

    /// Serve `file.br` / `file.gz` next to `file` when present and accepted.
    pub fn with_precompressed(mut self, on: bool) -> Self {
        self.precompressed = on;
        self
    }

    /// Answer unknown non-API paths with `index.html` (default: on). Turn off
    /// for a plain static site.
    pub fn spa_fallback(mut self, on: bool) -> Self {
        self.spa_fallback = on;
        self
    }

    /// Answer every app route with the bare app shell, as a published
    /// folder does for a page published since the last run: the app then
    /// fetches the page's document itself (what the resilience tests
    /// exercise). Default: off (pre-rendered pages first).
    pub fn app_shell_only(mut self, on: bool) -> Self {
        self.app_shell_only = on;
        self
    }

    /// `Cache-Control` for every successful response. Default `no-cache`, so the
    /// browser revalidates and [`TestServer::hits`] sees every fetch the app makes;
    /// `None` sends no header (the browser's heuristics apply).
    pub fn cache_control(mut self, value: Option<&str>) -> Self {
        self.cache_control = value.map(str::to_string);
        self
    }

    /// Binds `127.0.0.1:0` and starts serving on a background thread.
    pub fn start(self) -> TestServer {
        assert!(
            self.root.is_dir(),
            "e2e: server root {} is not a directory",
            self.root.display()
        );
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            root: self.root.clone(),
            api_dir: self.api_dir.clone(),
            spa_fallback: self.spa_fallback,
            app_shell_only: self.app_shell_only,
            precompressed: self.precompressed,
            cache_control: self
                .cache_control
                .as_deref()
                .map(|v| HeaderValue::from_str(v).expect("valid Cache-Control value")),
            faults: Mutex::default(),
            hits: Mutex::default(),
            log: Mutex::default(),
            arrivals: Mutex::default(),
        });

        let state = shared.clone();
        let mut router = Router::new().fallback(move |req: Request| handle(state.clone(), req));
        if self.compression {
            router = router.layer(CompressionLayer::new());
        }

        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("e2e-server-{}", addr.port()))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("e2e-server-worker")
                    .enable_all()
                    .build()
                    .expect("server runtime");
                runtime.block_on(async move {
                    // TCP_NODELAY, as production servers set it (nginx's
                    // `tcp_nodelay on`): otherwise a response written in two
                    // pieces (headers, then a compressed body) waits ~40 ms
                    // for the client's delayed ACK on a kept-alive connection.
                    let listener = tokio::net::TcpListener::from_std(listener)
                        .expect("tokio listener")
                        .tap_io(|stream| {
                            let _ = stream.set_nodelay(true);
                        });
                    tokio::select! {
                        result = axum::serve(listener, router) => {
                            if let Err(e) = result {
                                eprintln!("e2e: server on {addr} stopped: {e}");
                            }
                        }
                        _ = stop_rx => {}
                    }
                });
                // Drops every connection task, including hung ones.
                runtime.shutdown_timeout(Duration::from_secs(2));
            })
            .expect("spawn server thread");

        TestServer {
            addr,
            base_url: format!("http://127.0.0.1:{}", addr.port()),
            shared,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }
}

/// A running server; see the module docs. Paths given to its methods are URL
/// paths without the query (`/api/site.json`); a path ending in `*` matches
/// every path with that prefix (`/api/*`).
pub struct TestServer {
    addr: SocketAddr,
    base_url: String,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer")
            .field("base_url", &self.base_url)
            .field("root", &self.shared.root)
            .field("api_dir", &self.shared.api_dir)
            .finish()
    }
}

impl TestServer {
    /// Options for serving `root` (normally [`crate::dist()`]).
    pub fn builder(root: impl Into<PathBuf>) -> ServerBuilder {
        ServerBuilder {
            root: root.into(),
            api_dir: None,
            compression: false,
            precompressed: false,
            spa_fallback: true,
            app_shell_only: false,
            cache_control: Some("no-cache".into()),
        }
    }

    /// Serves `root` with the defaults.
    pub fn start(root: impl Into<PathBuf>) -> TestServer {
        Self::builder(root).start()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>` (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The absolute URL of a path (`/x` → `http://127.0.0.1:<port>/x`).
    pub fn url(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.base_url)
        } else {
            format!("{}/{path}", self.base_url)
        }
    }

    pub fn root(&self) -> &Path {
        &self.shared.root
    }

    /// Applies `fault` to every request for `path` until [`clear`](Self::clear).
    pub fn inject(&self, path: &str, fault: Fault) {
        self.shared
            .faults
            .lock()
            .unwrap()
            .entry(path.to_string())
            .or_default()
            .always = Some(fault);
    }

    /// Queues `fault` for the next request for `path` only; calling it twice
    /// affects the next two requests, in order. Queued faults come before an
    /// [`inject`](Self::inject)ed one.
    pub fn inject_once(&self, path: &str, fault: Fault) {
        self.shared
            .faults
            .lock()
            .unwrap()
            .entry(path.to_string())
            .or_default()
            .once
            .push_back(fault);
    }

    /// Removes every fault (queued and lasting) for `path`.
    pub fn clear(&self, path: &str) {
        self.shared.faults.lock().unwrap().remove(path);
    }

    /// Removes every fault.
    pub fn clear_all(&self) {
        self.shared.faults.lock().unwrap().clear();
    }

    /// How many requests for `path` arrived (any method, faulted or not); a path
    /// ending in `*` sums every path with that prefix.
    pub fn hits(&self, path: &str) -> usize {
        let hits = self.shared.hits.lock().unwrap();
        match path.strip_suffix('*') {
            Some(prefix) => hits
                .iter()
                .filter(|(p, _)| p.starts_with(prefix))
                .map(|(_, n)| n)
                .sum(),
            None => hits.get(path).copied().unwrap_or(0),
        }
    }

    /// Forgets the hit counts and the request log.
    pub fn reset_hits(&self) {
        self.shared.hits.lock().unwrap().clear();
        self.shared.log.lock().unwrap().clear();
        self.shared.arrivals.lock().unwrap().clear();
    }

    /// When each request for `path` arrived (since the last
    /// [`reset_hits`](Self::reset_hits)), in order: the server's clock, so
    /// tests can measure the app's timeouts and retry pauses.
    pub fn arrivals(&self, path: &str) -> Vec<std::time::Instant> {
        self.shared
            .arrivals
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, at)| *at)
            .collect()
    }

    /// Every request so far, in arrival order, as `METHOD /path?query`.
    pub fn requests(&self) -> Vec<String> {
        self.shared.log.lock().unwrap().clone()
    }

    /// A blocking `GET` of `path` on this server (10 s timeout), e.g. to read
    /// `/api/site.json` the way the app sees it.
    pub fn get(&self, path: &str) -> crate::HttpResponse {
        let url = self.url(path);
        crate::http_get(&url, Duration::from_secs(10)).unwrap_or_else(|e| panic!("GET {url}: {e}"))
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Shared {
    fn record(&self, req: &Request) {
        let path = req.uri().path().to_string();
        let target = req
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str())
            .unwrap_or("/");
        self.log
            .lock()
            .unwrap()
            .push(format!("{} {target}", req.method()));
        self.arrivals.lock().unwrap().push((path.clone(), std::time::Instant::now()));
        *self.hits.lock().unwrap().entry(path).or_default() += 1;
    }

    /// The fault for this request, if any: exact path first, then the longest
    /// matching `prefix*`; a queued one-shot fault before a lasting one.
    fn take_fault(&self, path: &str) -> Option<Fault> {
        let mut faults = self.faults.lock().unwrap();
        let key = if faults.contains_key(path) {
            path.to_string()
        } else {
            faults
                .keys()
                .filter(|k| {
                    k.strip_suffix('*')
                        .is_some_and(|prefix| path.starts_with(prefix))
                })
                .max_by_key(|k| k.len())?
                .clone()
        };
        let slot = faults.get_mut(&key)?;
        let fault = slot.once.pop_front().or_else(|| slot.always.clone());
        if slot.once.is_empty() && slot.always.is_none() {
            faults.remove(&key);
        }
        fault
    }
}

async fn handle(state: Arc<Shared>, req: Request) -> Response {
    state.record(&req);
    let path = req.uri().path().to_string();
    match state.take_fault(&path) {
        None => serve(&state, req).await,
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            serve(&state, req).await
        }
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = if status.is_informational()
                || status == StatusCode::NO_CONTENT
                || status == StatusCode::NOT_MODIFIED
            {
                Body::empty()
            } else {
                Body::from(format!("injected fault: status {code}\n"))
            };
            let mut response = Response::new(body);
            *response.status_mut() = status;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            no_store(response)
        }
        Some(Fault::Truncate(len)) => {
            let response = serve(&state, req).await;
            let (mut parts, body) = response.into_parts();
            let bytes = match axum::body::to_bytes(body, usize::MAX).await {
                Ok(bytes) => bytes,
                Err(e) => {
                    return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
                }
            };
            let cut = bytes.slice(..len.min(bytes.len()));
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(cut.len()));
            parts.headers.remove(header::ETAG);
            parts.headers.remove(header::LAST_MODIFIED);
            no_store(Response::from_parts(parts, Body::from(cut)))
        }
        Some(Fault::Body { content_type, body }) => {
            let mut response = Response::new(Body::from(body));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_str(&content_type)
                    .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream")),
            );
            no_store(response)
        }
        Some(Fault::Hang) => {
            std::future::pending::<()>().await;
            unreachable!()
        }
    }
}

/// Faulty answers must not be cached by the browser (or a retry would see them).
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

fn serve_dir(dir: &Path, precompressed: bool) -> ServeDir {
    let service = ServeDir::new(dir);
    if precompressed {
        service.precompressed_br().precompressed_gzip()
    } else {
        service
    }
}

async fn serve_files(service: ServeDir, req: Request) -> Response {
    match service.oneshot(req).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

async fn serve(state: &Shared, mut req: Request) -> Response {
    let path = req.uri().path().to_string();
    let api = is_api(&path);
    let method = req.method().clone();
    let page_request = !api && state.spa_fallback && (method == Method::GET || method == Method::HEAD);
    let mut response = if let (true, Some(api_dir)) = (api, &state.api_dir) {
        // /api/x?y → /x?y inside the mounted directory.
        let target = req
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str())
            .unwrap_or("/");
        let stripped = target.strip_prefix("/api").unwrap_or(target);
        let stripped = if stripped.starts_with('/') {
            stripped.to_string()
        } else {
            format!("/{stripped}")
        };
        *req.uri_mut() = stripped
            .parse::<Uri>()
            .unwrap_or_else(|_| Uri::from_static("/"));
        serve_files(serve_dir(api_dir, state.precompressed), req).await
    } else if page_request {
        let resolved = resolve_page(state, &path, req.uri().query());
        *req.uri_mut() = format!("/{}", resolved.file)
            .parse::<Uri>()
            .unwrap_or_else(|_| Uri::from_static("/"));
        let mut response = serve_files(serve_dir(&state.root, state.precompressed), req).await;
        if resolved.status == 404 && response.status().is_success() {
            *response.status_mut() = StatusCode::NOT_FOUND;
        }
        response
    } else {
        serve_files(serve_dir(&state.root, state.precompressed), req).await
    };
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        if let Some(value) = &state.cache_control {
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, value.clone());
        }
    }
    response
}

/// The file answering a page URL: the published folder's rules
/// (`publish::resolve`, those of `deploy/nginx.conf`). With an API
/// folder mounted from elsewhere, the pre-rendered pages (of the sample)
/// do not describe its content, so every app route gets the app shell.
/// A folder without `app-shell.html` or `404.html` (a bare Trunk build, a
/// test's own site) uses `index.html` for both.
fn resolve_page(state: &Shared, path: &str, query: Option<&str>) -> publish::resolve::Resolved {
    use publish::resolve::{resolve_target, Resolved};
    let exists = |relative: &str| state.root.join(relative).is_file();
    let shell = if exists(publish::SHELL_FILE) { publish::SHELL_FILE } else { "index.html" };
    let target = match query {
        Some(query) => format!("{path}?{query}"),
        None => path.to_string(),
    };
    let api_prefix = if state.api_dir.is_some() { None } else { Some("api/") };
    let shell_only = state.api_dir.is_some() || state.app_shell_only;
    let mut resolved = if shell_only && !exists(path.trim_start_matches('/')) {
        Resolved { file: shell.to_string(), status: 200 }
    } else {
        resolve_target(&target, api_prefix, exists)
    };
    if resolved.file == publish::SHELL_FILE {
        resolved.file = shell.to_string();
    }
    if resolved.file == publish::NOT_FOUND_FILE && !exists(publish::NOT_FOUND_FILE) {
        resolved.file = shell.to_string();
    }
    resolved
}
