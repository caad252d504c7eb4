//! End-to-end harness for Bản tin.
//!
//! * [`dist()`] builds the release app once per process (`trunk build --release`).
//! * [`TestServer`] serves a `dist/` directory on `127.0.0.1:<free port>` with the
//!   single-page-app fallback, real 404s under `/api/`, fault injection and hit counts.
//! * [`Browser`] runs chromedriver + headless Chromium confined to loopback, and
//!   cleans every process and temporary directory up on drop.
//! * [`Page`] wraps the WebDriver client with waiting helpers whose failures
//!   explain themselves (URL, visible text, console).
//! * [`Nginx`] is Debian's nginx running the repository's `deploy/nginx.conf`
//!   over a published folder, as the test's own process, stopped on drop.
//! * [`wordpress::WordPress`] is a real WordPress (Debian's package, `php -S`,
//!   MariaDB on a socket) installed and seeded for one test, stopped on drop.
//! * [`start()`] = all three: `let t = e2e::start().await;` then `t.page`, `t.server`.
//!
//! ```no_run
//! # async fn demo() {
//! let t = e2e::start().await;
//! t.page.goto("/bai-viet/x").await;
//! let title = t.page.text("h1").await;
//! t.server.inject_once("/api/site.json", e2e::Fault::Status(500));
//! t.close().await;
//! # }
//! ```

mod browser;
mod date;
mod dist;
mod harness;
mod http;
pub mod nginx;
mod page;
pub mod procs;
mod server;
mod temp;
pub mod wordpress;

pub use browser::{Browser, BrowserBuilder, MIN_WINDOW_WIDTH};
pub use date::{vietnamese_date_line, vietnamese_date_line_now, VN_OFFSET_SECS};
pub use dist::{app_dist, dist, publish_binary, image_cache_dir, site_dir, target_dir, try_dist, workspace_root};
pub use harness::{start, start_app_shell, Harness, HarnessBuilder};
pub use http::{http_get, http_request, HttpResponse};
pub use nginx::Nginx;
pub use page::{console_errors, csp_violations, Page};
pub use server::{Fault, ServerBuilder, TestServer};
pub use temp::TempDir;

/// Re-exported so callers need not depend on fantoccini themselves.
pub use fantoccini;
pub use fantoccini::{elements::Element, key::Key};
