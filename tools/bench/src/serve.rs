//! The bench's own static server: `e2e::TestServer`'s behaviour (site root
//! with the single-page-app fallback, `/api/` from another directory, real
//! 404s there, `Cache-Control: no-cache`, precompressed files, on-the-fly
//! gzip/brotli) plus `TCP_NODELAY`, as production servers set it (nginx's
//! `tcp_nodelay on` is the default).
//!
//! Without `TCP_NODELAY`, a response written in two pieces (headers, then a
//! compressed body) waits for the client's delayed ACK: about 40 ms per JSON
//! document on a kept-alive loopback connection, which would swamp the
//! in-app navigation times. `e2e::TestServer` does not set it (yet), so the
//! bench uses this server unless `--e2e-server` is given.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
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

struct Dirs {
    root: PathBuf,
    api: PathBuf,
}

pub struct Server {
    base_url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `root` (deep links get `root/index.html`) and `api` under `/api/`,
    /// on `127.0.0.1:<free port>`, from a thread and runtime of its own.
    pub fn start(root: &Path, api: &Path) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("nonblocking listener");
        let addr: SocketAddr = listener.local_addr().expect("local addr");
        let dirs = Arc::new(Dirs {
            root: root.to_path_buf(),
            api: api.to_path_buf(),
        });
        let router = Router::new()
            .fallback(move |req: Request| handle(dirs.clone(), req))
            .layer(CompressionLayer::new());
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("bench-server-{}", addr.port()))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("server runtime");
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)
                        .expect("tokio listener")
                        .tap_io(|stream| {
                            let _ = stream.set_nodelay(true);
                        });
                    tokio::select! {
                        result = axum::serve(listener, router) => {
                            if let Err(e) = result {
                                eprintln!("bench: server on {addr} stopped: {e}");
                            }
                        }
                        _ = stop_rx => {}
                    }
                });
                runtime.shutdown_timeout(Duration::from_secs(2));
            })
            .expect("spawn server thread");
        Server {
            base_url: format!("http://127.0.0.1:{}", addr.port()),
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve_dir(dir: &Path, req: Request) -> Response {
    let service = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    match service.oneshot(req).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

async fn handle(dirs: Arc<Dirs>, mut req: Request) -> Response {
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    let mut response = if path == "/api" || path.starts_with("/api/") {
        let target = req.uri().path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
        let stripped = target.strip_prefix("/api").unwrap_or(target);
        let stripped = if stripped.starts_with('/') { stripped.to_string() } else { format!("/{stripped}") };
        *req.uri_mut() = stripped.parse::<Uri>().unwrap_or_else(|_| Uri::from_static("/"));
        serve_dir(&dirs.api, req).await
    } else {
        let response = serve_dir(&dirs.root, req).await;
        if response.status() == StatusCode::NOT_FOUND && (method == Method::GET || method == Method::HEAD) {
            match tokio::fs::read(dirs.root.join("index.html")).await {
                Ok(bytes) => {
                    let mut response = Response::new(if method == Method::HEAD { Body::empty() } else { Body::from(bytes) });
                    response
                        .headers_mut()
                        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
                    response
                }
                Err(_) => (StatusCode::NOT_FOUND, "no index.html").into_response(),
            }
        } else {
            response
        }
    };
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}
