//! `e2e::start().await`: the built app, a server for it and a browser on it.

use std::path::PathBuf;

use crate::{Browser, BrowserBuilder, Page, ServerBuilder, TestServer};

/// Everything one test needs. Dropping it (also when a test panics) stops the
/// browser and the server; [`Harness::close`] does the same politely.
#[derive(Debug)]
pub struct Harness {
    pub page: Page,
    pub browser: Browser,
    pub server: TestServer,
}

/// Options for [`Harness`]: `Harness::builder().window_size(375, 812).start().await`.
#[derive(Default)]
pub struct HarnessBuilder {
    root: Option<PathBuf>,
    server: Option<Box<dyn FnOnce(ServerBuilder) -> ServerBuilder>>,
    browser: BrowserBuilder,
}

impl std::fmt::Debug for HarnessBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HarnessBuilder")
            .field("root", &self.root)
            .field("server", &self.server.as_ref().map(|_| "<configure>"))
            .field("browser", &self.browser)
            .finish()
    }
}

impl HarnessBuilder {
    /// Serve this directory instead of [`crate::dist()`].
    pub fn root(mut self, dir: impl Into<PathBuf>) -> Self {
        self.root = Some(dir.into());
        self
    }

    /// Adjust the server: `.server(|s| s.with_compression(true))`.
    pub fn server(
        mut self,
        configure: impl FnOnce(ServerBuilder) -> ServerBuilder + 'static,
    ) -> Self {
        self.server = Some(Box::new(configure));
        self
    }

    /// Adjust the browser: `.browser(|b| b.arg("--force-dark-mode"))`.
    pub fn browser(mut self, configure: impl FnOnce(BrowserBuilder) -> BrowserBuilder) -> Self {
        self.browser = configure(self.browser);
        self
    }

    pub fn window_size(mut self, width: u32, height: u32) -> Self {
        self.browser = self.browser.window_size(width, height);
        self
    }

    pub async fn start(self) -> Harness {
        let root = self.root.unwrap_or_else(crate::dist);
        let mut server = TestServer::builder(root);
        if let Some(configure) = self.server {
            server = configure(server);
        }
        let server = server.start();
        let browser = self.browser.start().await;
        let page = browser.page(server.base_url());
        Harness {
            page,
            browser,
            server,
        }
    }
}

impl Harness {
    pub fn builder() -> HarnessBuilder {
        HarnessBuilder::default()
    }

    /// Ends the browser session, then stops chromedriver and the server.
    pub async fn close(self) {
        let Harness {
            page,
            browser,
            server,
        } = self;
        drop(page);
        browser.close().await;
        drop(server);
    }
}

/// The release app ([`crate::dist()`], built once per process), served on a free
/// port, with a fresh 1280×900 headless Chromium.
pub async fn start() -> Harness {
    HarnessBuilder::default().start().await
}

/// Like [`start`], but every app route answers the bare app shell (as for a
/// page published since the last run), so the app fetches each page's
/// document itself: the first load goes through `api` and its faults.
pub async fn start_app_shell() -> Harness {
    HarnessBuilder::default().server(|server| server.app_shell_only(true)).start().await
}
