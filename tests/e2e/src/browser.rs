//! chromedriver + headless Chromium, confined to loopback, cleaned up on drop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use crate::{Page, TempDir};

/// Chrome's smallest window width; narrower viewports are emulated.
pub const MIN_WINDOW_WIDTH: u32 = 500;

/// Options for a [`Browser`]; `Browser::builder().window_size(375, 812).start().await`.
#[derive(Clone, Debug)]
pub struct BrowserBuilder {
    width: u32,
    height: u32,
    extra_args: Vec<String>,
    chrome: PathBuf,
    chromedriver: PathBuf,
    lang: String,
    javascript: bool,
    startup_timeout: Duration,
}

impl Default for BrowserBuilder {
    fn default() -> Self {
        let from_env = |name: &str, default: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(default))
        };
        BrowserBuilder {
            width: 1280,
            height: 900,
            extra_args: Vec::new(),
            chrome: from_env("CHROME", "/usr/bin/chromium"),
            chromedriver: from_env("CHROMEDRIVER", "/usr/bin/chromedriver"),
            lang: "vi-VN".into(),
            javascript: true,
            startup_timeout: Duration::from_secs(60),
        }
    }
}

impl BrowserBuilder {
    /// The viewport size in CSS pixels (the window size in new headless mode).
    /// Below [`MIN_WINDOW_WIDTH`] the window stays 500 px wide and the viewport
    /// is emulated as a phone's (touch, mobile, device pixel ratio 1).
    pub fn window_size(mut self, width: u32, height: u32) -> Self {
        self.width = width;
        self.height = height;
        self
    }

    /// Turns the page's JavaScript off with Chromium's own content setting
    /// (as a reader who disabled it would): pages run no script at all.
    /// WebDriver commands still work; they run outside the page's scripts.
    pub fn javascript(mut self, on: bool) -> Self {
        self.javascript = on;
        self
    }

    /// An extra Chromium command-line argument (`--foo=bar`).
    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.extra_args.push(arg.into());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.extra_args.extend(args.into_iter().map(Into::into));
        self
    }

    /// `--lang` and `Accept-Language` (default `vi-VN`).
    pub fn lang(mut self, lang: &str) -> Self {
        self.lang = lang.into();
        self
    }

    pub fn chrome_binary(mut self, path: impl Into<PathBuf>) -> Self {
        self.chrome = path.into();
        self
    }

    pub fn chromedriver(mut self, path: impl Into<PathBuf>) -> Self {
        self.chromedriver = path.into();
        self
    }

    /// Starts chromedriver and opens a session; panics with chromedriver's log
    /// when that fails.
    pub async fn start(self) -> Browser {
        match self.try_start().await {
            Ok(browser) => browser,
            Err(message) => panic!("{message}"),
        }
    }

    pub async fn try_start(self) -> Result<Browser, String> {
        let temp = TempDir::new("browser").map_err(|e| format!("e2e: temp dir: {e}"))?;
        let profile = temp.path().join("profile");
        let downloads = temp.path().join("downloads");
        for dir in [&profile, &downloads] {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("e2e: create {}: {e}", dir.display()))?;
        }
        let mut browser = Browser {
            client: None,
            driver: None,
            driver_port: 0,
            marker: temp.path().to_string_lossy().into_owned(),
            downloads,
            temp: Some(temp),
        };
        // A free port can be taken between probing and chromedriver's bind: retry.
        let mut last_error = String::new();
        for _attempt in 0..3 {
            match browser.spawn_driver(&self) {
                Ok(()) => {
                    last_error.clear();
                    break;
                }
                Err(e) => last_error = e,
            }
        }
        if !last_error.is_empty() {
            return Err(last_error);
        }

        let capabilities = self.capabilities(&profile, &browser.downloads);
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        let url = format!("http://127.0.0.1:{}", browser.driver_port);
        let client = match tokio::time::timeout(self.startup_timeout, builder.connect(&url)).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => {
                return Err(format!(
                    "e2e: new WebDriver session failed: {e}\n{}",
                    browser.driver_log_tail()
                ))
            }
            Err(_) => {
                return Err(format!(
                    "e2e: new WebDriver session timed out after {:?}\n{}",
                    self.startup_timeout,
                    browser.driver_log_tail()
                ))
            }
        };
        client
            .update_timeouts(TimeoutConfiguration::new(
                Some(Duration::from_secs(30)),
                Some(Duration::from_secs(60)),
                Some(Duration::ZERO),
            ))
            .await
            .map_err(|e| format!("e2e: set timeouts: {e}"))?;
        browser.client = Some(client);
        Ok(browser)
    }

    fn chrome_args(&self, profile: &Path) -> Vec<String> {
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-default-apps",
            "--disable-domain-reliability",
            "--disable-client-side-phishing-detection",
            "--disable-breakpad",
            "--metrics-recording-only",
            "--no-pings",
            "--no-proxy-server",
            "--password-store=basic",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1 , EXCLUDE ::1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push(format!("--window-size={},{}", self.width, self.height));
        args.push(format!("--lang={}", self.lang));
        args.extend(self.extra_args.iter().cloned());
        args
    }

    fn capabilities(&self, profile: &Path, downloads: &Path) -> serde_json::Map<String, Value> {
        let primary = self.lang.split('-').next().unwrap_or("vi");
        let caps = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "unhandledPromptBehavior": "dismiss and notify",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": self.chrome.to_string_lossy(),
                "args": self.chrome_args(profile),
                "prefs": {
                    "download.default_directory": downloads.to_string_lossy(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "safebrowsing.enabled": false,
                    "intl.accept_languages": format!("{},{primary}", self.lang),
                },
            },
        });
        let mut caps = match caps {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        if !self.javascript {
            caps["goog:chromeOptions"]["prefs"]["profile.managed_default_content_settings.javascript"] = json!(2);
        }
        if self.width < MIN_WINDOW_WIDTH {
            // Chrome windows are never narrower than 500 px, even headless: a
            // phone-sized viewport needs device emulation (which also makes
            // `<meta name="viewport">` apply, as on a phone).
            caps["goog:chromeOptions"]["mobileEmulation"] = json!({
                "deviceMetrics": {
                    "width": self.width,
                    "height": self.height,
                    "pixelRatio": 1.0,
                    "touch": true,
                    "mobile": true,
                }
            });
        }
        caps
    }
}

/// A running chromedriver with one session. [`Browser::close`] ends the session
/// politely; dropping (also during a panic) kills chromedriver and every
/// Chromium process of this browser, and removes its temporary directories.
pub struct Browser {
    client: Option<Client>,
    driver: Option<Child>,
    driver_port: u16,
    /// The unique temp dir path; every Chromium process of this browser names it.
    marker: String,
    downloads: PathBuf,
    temp: Option<TempDir>,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser")
            .field("driver_port", &self.driver_port)
            .field("temp_dir", &self.marker)
            .finish()
    }
}

impl Browser {
    pub fn builder() -> BrowserBuilder {
        BrowserBuilder::default()
    }

    /// A 1280×900 browser with the default options.
    pub async fn start() -> Browser {
        BrowserBuilder::default().start().await
    }

    /// The WebDriver client (cheap to clone).
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("browser session is open")
    }

    /// A [`Page`] whose relative paths resolve against `base_url`.
    pub fn page(&self, base_url: &str) -> Page {
        Page::new(self.client().clone(), base_url)
    }

    /// The temporary directory holding the profile, downloads and logs.
    pub fn temp_dir(&self) -> &Path {
        Path::new(&self.marker)
    }

    /// chromedriver's own log (verbose WebDriver traffic).
    pub fn driver_log_path(&self) -> PathBuf {
        self.temp_dir().join("chromedriver.log")
    }

    /// Where downloads land.
    pub fn download_dir(&self) -> &Path {
        &self.downloads
    }

    /// Finished downloads (partial `.crdownload` / `.tmp` files excluded), sorted.
    pub fn downloads(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.downloads)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file())
                    .filter(|p| {
                        let name = p
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        !name.ends_with(".crdownload")
                            && !name.ends_with(".tmp")
                            && !name.starts_with(".com.google")
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// Waits until a finished download appears (and its size is stable), then
    /// returns its path. Panics after `timeout` with the directory listing.
    pub async fn wait_for_download(&self, timeout: Duration) -> PathBuf {
        let deadline = Instant::now() + timeout;
        let mut last: Option<(PathBuf, u64)> = None;
        loop {
            if let Some(path) = self.downloads().into_iter().next() {
                let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                if last.as_ref() == Some(&(path.clone(), size)) {
                    return path;
                }
                last = Some((path, size));
            }
            if Instant::now() > deadline {
                self.no_download_after("download", timeout);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the download called `name` has finished (no `.crdownload`
    /// beside it, size stable) and returns its bytes. Panics after `timeout`.
    pub async fn wait_for_download_named(&self, name: &str, timeout: Duration) -> Vec<u8> {
        let path = self.downloads.join(name);
        let partial = self.downloads.join(format!("{name}.crdownload"));
        let deadline = Instant::now() + timeout;
        let mut last_size: Option<u64> = None;
        loop {
            if let Ok(meta) = std::fs::metadata(&path) {
                let size = meta.len();
                if !partial.exists() && size > 0 && last_size == Some(size) {
                    return std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
                }
                last_size = Some(size);
            }
            if Instant::now() > deadline {
                self.no_download_after(&format!("download {name:?}"), timeout);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn no_download_after(&self, what: &str, timeout: Duration) -> ! {
        let listing: Vec<String> = std::fs::read_dir(&self.downloads)
            .map(|es| es.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        panic!(
            "e2e: no finished {what} in {} after {timeout:?} (contents: {listing:?})",
            self.downloads.display()
        );
    }

    /// Reads a downloaded file by name.
    pub fn read_download(&self, name: &str) -> Vec<u8> {
        let path = self.downloads.join(name);
        std::fs::read(&path)
            .unwrap_or_else(|e| panic!("e2e: read download {}: {e}", path.display()))
    }

    /// Ends the WebDriver session (Chromium quits), then cleans up as on drop.
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            let _ = tokio::time::timeout(Duration::from_secs(15), client.close()).await;
        }
        // Drop does the rest.
    }

    fn spawn_driver(&mut self, options: &BrowserBuilder) -> Result<(), String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("e2e: probe free port: {e}"))?
            .port();
        let dir = self.temp_dir().to_path_buf();
        let out = std::fs::File::create(dir.join("chromedriver.out"))
            .map_err(|e| format!("e2e: chromedriver.out: {e}"))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("e2e: chromedriver.out: {e}"))?;
        let child = Command::new(&options.chromedriver)
            .arg(format!("--port={port}"))
            .arg(format!(
                "--log-path={}",
                dir.join("chromedriver.log").display()
            ))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("e2e: cannot start {}: {e}", options.chromedriver.display()))?;
        self.driver = Some(child);
        self.driver_port = port;

        let deadline = Instant::now() + Duration::from_secs(20);
        let status_url = format!("http://127.0.0.1:{port}/status");
        loop {
            if let Some(child) = self.driver.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    self.driver = None;
                    return Err(format!(
                        "e2e: chromedriver exited early ({status}) on port {port}\n{}",
                        self.driver_log_tail()
                    ));
                }
            }
            if let Ok(response) = crate::http_get(&status_url, Duration::from_secs(1)) {
                if response.status == 200
                    && response.text().replace(' ', "").contains("\"ready\":true")
                {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                self.kill_driver();
                return Err(format!(
                    "e2e: chromedriver did not answer {status_url} within 20 s\n{}",
                    self.driver_log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn driver_log_tail(&self) -> String {
        let mut out = String::new();
        for name in ["chromedriver.out", "chromedriver.log"] {
            let path = self.temp_dir().join(name);
            if let Ok(text) = std::fs::read_to_string(&path) {
                let lines: Vec<&str> = text.lines().collect();
                let start = lines.len().saturating_sub(40);
                out.push_str(&format!(
                    "--- {} (last lines) ---\n{}\n",
                    path.display(),
                    lines[start..].join("\n")
                ));
            }
        }
        out
    }

    fn kill_driver(&mut self) {
        let root = self.driver.as_ref().map(|c| c.id() as i32);
        // Collect the whole tree before killing anything: once chromedriver is
        // gone its children are re-parented and only the marker finds them.
        let pids = crate::procs::related_pids(root, &self.marker);
        crate::procs::kill_pids(&pids);
        if let Some(mut child) = self.driver.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        // Stragglers that were forking while we looked.
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            let left = crate::procs::pids_with(&self.marker);
            if left.is_empty() || Instant::now() > deadline {
                break;
            }
            crate::procs::kill_pids(&left);
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The session task lives on the test's runtime; just forget the handle.
        self.client = None;
        self.kill_driver();
        if std::thread::panicking() {
            // Keep chromedriver's log for the post-mortem.
            let logs = crate::target_dir().join("e2e-logs");
            if std::fs::create_dir_all(&logs).is_ok() {
                let name = Path::new(&self.marker)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "browser".into());
                let kept = logs.join(format!("{name}-chromedriver.log"));
                if std::fs::copy(self.driver_log_path(), &kept).is_ok() {
                    eprintln!("e2e: chromedriver log kept at {}", kept.display());
                }
            }
        }
        self.temp.take();
    }
}
