//! Test-friendly helpers over a fantoccini [`Client`]: every wait polls with a
//! timeout, and every failure panics with the current URL, the visible text and
//! the browser console, so a red test says what the page showed.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::key::Key;
use fantoccini::wd::{PrintConfiguration, WebDriverCompatibleCommand};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

const POLL: Duration = Duration::from_millis(50);

/// The default wait: 10 s, or `BANTIN_E2E_TIMEOUT_MS`.
fn default_timeout() -> Duration {
    std::env::var("BANTIN_E2E_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(Duration::from_secs(10))
}

/// A browser tab bound to a server: relative paths resolve against `base_url`.
#[derive(Clone, Debug)]
pub struct Page {
    client: Client,
    base: String,
    timeout: Duration,
}

/// Any WebDriver endpoint below `/session/{id}/`, for what fantoccini lacks.
#[derive(Debug)]
struct SessionCommand {
    method: http::Method,
    path: String,
    body: Option<Value>,
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            self.method.clone(),
            self.body.as_ref().map(Value::to_string),
        )
    }
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

fn css_literal(css: &str) -> Value {
    Value::String(css.to_string())
}

impl Page {
    pub fn new(client: Client, base_url: &str) -> Page {
        Page {
            client,
            base: base_url.trim_end_matches('/').to_string(),
            timeout: default_timeout(),
        }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Changes the timeout of every wait made through this `Page`.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// A copy of this page handle with another wait timeout.
    pub fn with_timeout(&self, timeout: Duration) -> Page {
        Page {
            timeout,
            ..self.clone()
        }
    }

    /// `path` resolved against the server (absolute URLs pass through).
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http://")
            || path.starts_with("https://")
            || path.starts_with("data:")
            || path.starts_with("about:")
        {
            path.to_string()
        } else if path.starts_with('/') {
            format!("{}{path}", self.base)
        } else {
            format!("{}/{path}", self.base)
        }
    }

    // ----- navigation -------------------------------------------------------

    /// Loads `path` (relative to the server) and waits for the load event.
    pub async fn goto(&self, path: &str) {
        let url = self.url(path);
        if let Err(e) = self.client.goto(&url).await {
            self.fail(&format!("goto {url}: {e}")).await;
        }
    }

    pub async fn back(&self) {
        if let Err(e) = self.client.back().await {
            self.fail(&format!("history back: {e}")).await;
        }
    }

    pub async fn forward(&self) {
        if let Err(e) = self.client.forward().await {
            self.fail(&format!("history forward: {e}")).await;
        }
    }

    pub async fn refresh(&self) {
        if let Err(e) = self.client.refresh().await {
            self.fail(&format!("refresh: {e}")).await;
        }
    }

    pub async fn current_url(&self) -> String {
        match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => panic!("e2e: current URL: {e}"),
        }
    }

    /// Path and query of the current URL: `/chuyen-muc/x?trang=2`.
    pub async fn current_path(&self) -> String {
        match self.client.current_url().await {
            Ok(url) => match url.query() {
                Some(q) => format!("{}?{q}", url.path()),
                None => url.path().to_string(),
            },
            Err(e) => panic!("e2e: current URL: {e}"),
        }
    }

    /// `document.title`.
    pub async fn title(&self) -> String {
        self.exec("return document.title")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    // ----- scripts ------------------------------------------------------------

    /// Runs a script body (use `return` for a value) and returns its result.
    pub async fn exec(&self, js: &str) -> Value {
        self.exec_with(js, Vec::new()).await
    }

    /// [`exec`](Self::exec) with `arguments[i]` (elements may be passed via
    /// `serde_json::to_value(&element)`).
    pub async fn exec_with(&self, js: &str, args: Vec<Value>) -> Value {
        match self.client.execute(js, args).await {
            Ok(value) => value,
            Err(e) => {
                self.fail(&format!("script failed: {e}\n  script: {js}"))
                    .await
            }
        }
    }

    /// The script's result or its error, without panicking.
    pub async fn try_exec(&self, js: &str, args: Vec<Value>) -> Result<Value, CmdError> {
        self.client.execute(js, args).await
    }

    /// Evaluates a JavaScript expression: `page.eval("window.innerWidth")`.
    pub async fn eval(&self, expression: &str) -> Value {
        self.exec(&format!("return ({expression});")).await
    }

    // ----- waiting ------------------------------------------------------------

    /// Polls `js` (a script body with `return`) until it returns a truthy value,
    /// which is returned. Script errors (e.g. while the page navigates) count as
    /// "not yet". Panics after the timeout, describing `what`.
    pub async fn wait_until(&self, what: &str, js: &str, args: Vec<Value>) -> Value {
        let deadline = Instant::now() + self.timeout;
        let mut last: String;
        loop {
            match self.client.execute(js, args.clone()).await {
                Ok(value) if truthy(&value) => return value,
                Ok(value) => last = format!("last result: {value}"),
                Err(e) => last = format!("last error: {e}"),
            }
            if Instant::now() >= deadline {
                self.fail(&format!(
                    "timed out after {:?} waiting for {what} ({last})",
                    self.timeout
                ))
                .await;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until an element matches `css`, and returns the first.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.wait_until(
            &format!("an element matching `{css}`"),
            "return document.querySelector(arguments[0]) !== null",
            vec![css_literal(css)],
        )
        .await;
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            // It was there a moment ago: the page re-rendered; try once more.
            Err(_) => {
                tokio::time::sleep(POLL).await;
                match self.client.find(Locator::Css(css)).await {
                    Ok(element) => element,
                    Err(e) => {
                        self.fail(&format!("`{css}` vanished right after appearing: {e}"))
                            .await
                    }
                }
            }
        }
    }

    /// Waits until at least `n` elements match `css`; returns the count.
    pub async fn wait_for_count(&self, css: &str, n: usize) -> usize {
        let value = self
            .wait_until(
                &format!("at least {n} elements matching `{css}`"),
                "const n = document.querySelectorAll(arguments[0]).length; return n >= arguments[1] ? n : null",
                vec![css_literal(css), json!(n)],
            )
            .await;
        value.as_u64().unwrap_or(0) as usize
    }

    /// Waits until an element matching `css` has visible text containing `text`;
    /// returns that element's whole text (trimmed).
    pub async fn wait_for_text(&self, css: &str, text: &str) -> String {
        let value = self
            .wait_until(
                &format!("`{css}` with text containing {text:?}"),
                // textContent, not innerText: CSS text-transform must not change what is compared.
                "for (const e of document.querySelectorAll(arguments[0])) {
                     const t = (e.textContent ?? '').replace(/\\s+/g, ' ');
                     if (t.includes(arguments[1])) return t.trim() || ' ';
                 }
                 return null;",
                vec![css_literal(css), json!(text)],
            )
            .await;
        value.as_str().unwrap_or_default().trim().to_string()
    }

    /// Waits until no element matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        self.wait_until(
            &format!("no element matching `{css}`"),
            "return document.querySelector(arguments[0]) === null",
            vec![css_literal(css)],
        )
        .await;
    }

    /// Waits until the URL's path + query equals `path_and_query`.
    pub async fn wait_for_path(&self, path_and_query: &str) {
        self.wait_until(
            &format!("the URL to become {path_and_query}"),
            "return location.pathname + location.search === arguments[0]",
            vec![json!(path_and_query)],
        )
        .await;
    }

    /// Waits until `document.title` equals `title`.
    pub async fn wait_for_title(&self, title: &str) {
        self.wait_until(
            &format!("document.title == {title:?}"),
            "return document.title === arguments[0]",
            vec![json!(title)],
        )
        .await;
    }

    // ----- reading ------------------------------------------------------------

    /// The trimmed visible text (`innerText`) of the first match, waiting for it.
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await;
        let value = self
            .exec_with(
                "const e = document.querySelector(arguments[0]); return e ? (e.innerText ?? e.textContent) : null",
                vec![css_literal(css)],
            )
            .await;
        value.as_str().unwrap_or_default().trim().to_string()
    }

    /// The element's `textContent` with white space collapsed: the text as
    /// written, whatever CSS `text-transform` shows.
    pub async fn text_content(&self, css: &str) -> String {
        self.wait_for(css).await;
        let value = self
            .exec_with(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.replace(/\\s+/g, ' ') : null",
                vec![css_literal(css)],
            )
            .await;
        value.as_str().unwrap_or_default().trim().to_string()
    }

    /// The trimmed texts of every match (no waiting; may be empty).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let value = self
            .exec_with(
                "return Array.from(document.querySelectorAll(arguments[0]), e => (e.innerText ?? e.textContent ?? '').trim())",
                vec![css_literal(css)],
            )
            .await;
        serde_json::from_value(value).unwrap_or_default()
    }

    /// An attribute of the first match (waiting for the element).
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.wait_for(css).await;
        let value = self
            .exec_with(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null",
                vec![css_literal(css), json!(name)],
            )
            .await;
        value.as_str().map(str::to_string)
    }

    /// An attribute of every match (no waiting).
    pub async fn attrs(&self, css: &str, name: &str) -> Vec<Option<String>> {
        let value = self
            .exec_with(
                "return Array.from(document.querySelectorAll(arguments[0]), e => e.getAttribute(arguments[1]))",
                vec![css_literal(css), json!(name)],
            )
            .await;
        serde_json::from_value(value).unwrap_or_default()
    }

    /// A DOM property of the first match (`href` resolved, `naturalWidth`, …).
    pub async fn prop(&self, css: &str, name: &str) -> Value {
        self.wait_for(css).await;
        self.exec_with(
            "const e = document.querySelector(arguments[0]); return e ? e[arguments[1]] : null",
            vec![css_literal(css), json!(name)],
        )
        .await
    }

    /// A computed style property of the first match (`font-weight`, …).
    pub async fn style(&self, css: &str, property: &str) -> String {
        self.wait_for(css).await;
        let value = self
            .exec_with(
                "const e = document.querySelector(arguments[0]);
                 return e ? getComputedStyle(e).getPropertyValue(arguments[1]) : null",
                vec![css_literal(css), json!(property)],
            )
            .await;
        value.as_str().unwrap_or_default().trim().to_string()
    }

    /// How many elements match now (no waiting).
    pub async fn count(&self, css: &str) -> usize {
        self.exec_with(
            "return document.querySelectorAll(arguments[0]).length",
            vec![css_literal(css)],
        )
        .await
        .as_u64()
        .unwrap_or(0) as usize
    }

    /// Whether anything matches now (no waiting).
    pub async fn exists(&self, css: &str) -> bool {
        self.count(css).await > 0
    }

    /// `document.body.innerText`.
    pub async fn body_text(&self) -> String {
        self.client
            .execute(
                "return document.body ? document.body.innerText : ''",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Panics unless the first matches of `selectors` exist and follow each
    /// other in document order.
    pub async fn assert_document_order(&self, selectors: &[&str]) {
        for css in selectors {
            self.wait_for(css).await;
        }
        let value = self
            .exec_with(
                "const sels = arguments[0];
                 const els = sels.map(s => document.querySelector(s));
                 const missing = sels.filter((s, i) => !els[i]);
                 const wrong = [];
                 for (let i = 0; i + 1 < els.length; i++) {
                     if (!els[i] || !els[i + 1]) continue;
                     if (!(els[i].compareDocumentPosition(els[i + 1]) & Node.DOCUMENT_POSITION_FOLLOWING))
                         wrong.push(sels[i] + ' is not before ' + sels[i + 1]);
                 }
                 return { missing, wrong };",
                vec![json!(selectors)],
            )
            .await;
        let missing = value["missing"].as_array().map(Vec::len).unwrap_or(1);
        let wrong = value["wrong"].as_array().map(Vec::len).unwrap_or(1);
        if missing + wrong > 0 {
            self.fail(&format!(
                "document order of {selectors:?} is wrong: {value}"
            ))
            .await;
        }
    }

    // ----- acting -------------------------------------------------------------

    /// Waits for the first match of `css`, scrolls it to the middle of the
    /// viewport and clicks it like a user (retrying while something covers it).
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + self.timeout;
        loop {
            let element = self.wait_for(css).await;
            let _ = self
                .client
                .execute(
                    "arguments[0].scrollIntoView({block: 'center', inline: 'center'})",
                    vec![serde_json::to_value(&element).unwrap_or(Value::Null)],
                )
                .await;
            match element.click().await {
                Ok(()) => return,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(POLL).await;
                }
                Err(e) => self.fail(&format!("click on `{css}` failed: {e}")).await,
            }
        }
    }

    /// Clicks the first element matching `css` whose text contains `text`.
    pub async fn click_text(&self, css: &str, text: &str) {
        self.wait_for_text(css, text).await;
        let elements = match self.client.find_all(Locator::Css(css)).await {
            Ok(elements) => elements,
            Err(e) => self.fail(&format!("find `{css}`: {e}")).await,
        };
        for element in elements {
            if element
                .text()
                .await
                .map(|t| t.contains(text))
                .unwrap_or(false)
            {
                let _ = self
                    .client
                    .execute(
                        "arguments[0].scrollIntoView({block: 'center'})",
                        vec![serde_json::to_value(&element).unwrap_or(Value::Null)],
                    )
                    .await;
                if let Err(e) = element.click().await {
                    self.fail(&format!("click on `{css}` with text {text:?} failed: {e}"))
                        .await;
                }
                return;
            }
        }
        self.fail(&format!("no `{css}` with text {text:?} to click"))
            .await;
    }

    /// Types `text` into the element matching `css`, key by key, as a
    /// reader would (the element gets focus first).
    pub async fn type_text(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        if let Err(e) = element.click().await {
            self.fail(&format!("focus `{css}` to type: {e}")).await;
        }
        if let Err(e) = element.send_keys(text).await {
            self.fail(&format!("type into `{css}`: {e}")).await;
        }
    }

    /// Presses and releases one key (sent to the focused element).
    pub async fn press(&self, key: Key) {
        let code: char = key.into();
        let actions = KeyActions::new("keyboard".to_string())
            .then(KeyAction::Down { value: code })
            .then(KeyAction::Up { value: code });
        if let Err(e) = self.client.perform_actions(actions).await {
            self.fail(&format!("key press failed: {e}")).await;
        }
        let _ = self.client.release_actions().await;
    }

    /// Presses Tab.
    pub async fn tab(&self) {
        self.press(Key::Tab).await;
    }

    // ----- focus --------------------------------------------------------------

    pub async fn active_element(&self) -> Element {
        match self.client.active_element().await {
            Ok(element) => element,
            Err(e) => self.fail(&format!("active element: {e}")).await,
        }
    }

    /// Lower-case tag name of `document.activeElement` (`body` when nothing has focus).
    pub async fn active_element_tag(&self) -> String {
        self.eval("document.activeElement ? document.activeElement.tagName.toLowerCase() : ''")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn active_element_attr(&self, name: &str) -> Option<String> {
        self.exec_with(
            "const e = document.activeElement; return e ? e.getAttribute(arguments[0]) : null",
            vec![json!(name)],
        )
        .await
        .as_str()
        .map(str::to_string)
    }

    pub async fn active_element_text(&self) -> String {
        self.eval("document.activeElement ? document.activeElement.innerText.trim() : ''")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Whether `document.activeElement` matches `css`.
    pub async fn active_element_matches(&self, css: &str) -> bool {
        self.exec_with(
            "const e = document.activeElement; return !!e && e.matches(arguments[0])",
            vec![css_literal(css)],
        )
        .await
            == Value::Bool(true)
    }

    // ----- window, images, PDF ---------------------------------------------------

    /// Resizes the window (not below Chrome's 500 px minimum width; see
    /// [`emulate_viewport`](Self::emulate_viewport) for phones).
    pub async fn set_window_size(&self, width: u32, height: u32) {
        if let Err(e) = self.client.set_window_size(width, height).await {
            self.fail(&format!("set window size {width}x{height}: {e}"))
                .await;
        }
    }

    /// Emulates a viewport of any size (phones narrower than Chrome's 500 px
    /// window minimum included) in this tab, via DevTools.
    pub async fn emulate_viewport(&self, width: u32, height: u32, mobile: bool) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        )
        .await;
    }

    /// Emulates a device in this tab: its viewport and its device pixel
    /// ratio (a phone's 2 or 3, which decides the images a page loads).
    pub async fn emulate_device(&self, width: u32, height: u32, pixel_ratio: f64, mobile: bool) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": pixel_ratio, "mobile": mobile }),
        )
        .await;
    }

    /// Undoes [`emulate_viewport`](Self::emulate_viewport).
    pub async fn clear_viewport_emulation(&self) {
        self.cdp("Emulation.clearDeviceMetricsOverride", json!({}))
            .await;
    }

    /// `(window.innerWidth, window.innerHeight)`.
    pub async fn viewport(&self) -> (u64, u64) {
        let value = self
            .exec("return [window.innerWidth, window.innerHeight]")
            .await;
        (
            value[0].as_u64().unwrap_or(0),
            value[1].as_u64().unwrap_or(0),
        )
    }

    /// A PNG of the viewport, also written to `path` (parent dirs created).
    pub async fn screenshot(&self, path: impl AsRef<Path>) -> Vec<u8> {
        let png = match self.client.screenshot().await {
            Ok(png) => png,
            Err(e) => self.fail(&format!("screenshot: {e}")).await,
        };
        write_file(path.as_ref(), &png);
        png
    }

    /// A PNG of the whole page (beyond the viewport, via Chrome DevTools),
    /// also written to `path`.
    pub async fn screenshot_full_page(&self, path: impl AsRef<Path>) -> Vec<u8> {
        let metrics = self.cdp("Page.getLayoutMetrics", json!({})).await;
        let size = &metrics["cssContentSize"];
        let width = size["width"].as_f64().unwrap_or(0.0).ceil();
        let height = size["height"].as_f64().unwrap_or(0.0).ceil();
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 }
                }),
            )
            .await;
        let png = decode_base64(shot["data"].as_str().unwrap_or_default());
        write_file(path.as_ref(), &png);
        png
    }

    /// The page printed to PDF by the WebDriver print command (A4-ish default
    /// settings, backgrounds off, as a user's "print" would).
    pub async fn print_to_pdf(&self) -> Vec<u8> {
        match self.client.print(PrintConfiguration::default()).await {
            Ok(pdf) => pdf,
            Err(e) => self.fail(&format!("print to PDF: {e}")).await,
        }
    }

    // ----- raw access -----------------------------------------------------------

    /// Sends `method /session/{id}/{path}` with a JSON body and returns `value`.
    pub async fn webdriver(
        &self,
        method: http::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, CmdError> {
        self.client
            .issue_cmd(SessionCommand {
                method,
                path: path.trim_start_matches('/').to_string(),
                body,
            })
            .await
    }

    /// A Chrome DevTools Protocol command via chromedriver (`goog/cdp/execute`).
    pub async fn cdp(&self, command: &str, params: Value) -> Value {
        match self
            .webdriver(
                http::Method::POST,
                "goog/cdp/execute",
                Some(json!({ "cmd": command, "params": params })),
            )
            .await
        {
            Ok(value) => value,
            Err(e) => self.fail(&format!("CDP {command}: {e}")).await,
        }
    }

    /// Browser console entries since the last call (`LEVEL message`, e.g.
    /// `SEVERE http://… - Failed to load resource: …`); reading them empties
    /// the browser's buffer.
    ///
    /// Panics when the log cannot be read: a check on the console (CSP
    /// violations, panics, errors) that cannot see the console must fail,
    /// not pass on an empty list. Use [`try_console_logs`](Self::try_console_logs)
    /// where a missing log is acceptable.
    pub async fn console_logs(&self) -> Vec<String> {
        match self.try_console_logs().await {
            Ok(lines) => lines,
            Err(e) => {
                self.fail(&format!("cannot read the browser console: {e}"))
                    .await
            }
        }
    }

    /// [`console_logs`](Self::console_logs), or why the log could not be read
    /// (the session is gone, chromedriver refused `se/log`, an answer of
    /// another shape).
    pub async fn try_console_logs(&self) -> Result<Vec<String>, String> {
        let value = self
            .webdriver(
                http::Method::POST,
                "se/log",
                Some(json!({ "type": "browser" })),
            )
            .await
            .map_err(|e| format!("WebDriver se/log: {e}"))?;
        let Value::Array(entries) = value else {
            return Err(format!(
                "WebDriver se/log answered {value} instead of a list of entries"
            ));
        };
        entries
            .iter()
            .map(|e| match (e["level"].as_str(), e["message"].as_str()) {
                (Some(level), Some(message)) => Ok(format!("{level} {message}")),
                _ => Err(format!("a console entry without level or message: {e}")),
            })
            .collect()
    }

    /// Panics with `message` plus what the browser shows: URL, title, the start
    /// of the visible text and the recent console output.
    pub async fn fail(&self, message: &str) -> ! {
        let url = match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => format!("(unknown: {e})"),
        };
        let title = self
            .client
            .execute("return document.title", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let text = self.body_text().await;
        let snippet: String = text.chars().take(800).collect();
        let more = if text.chars().count() > 800 {
            " …"
        } else {
            ""
        };
        // Not `console_logs`: it fails through this very function.
        let logs = match self.try_console_logs().await {
            Ok(logs) => logs[logs.len().saturating_sub(15)..].join("\n    "),
            Err(e) => format!("(cannot read the console: {e})"),
        };
        panic!(
            "e2e: {message}\n  url: {url}\n  title: {title:?}\n  body text: {snippet:?}{more}\n  console:\n    {logs}"
        );
    }
}

fn write_file(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("e2e: create {}: {e}", parent.display()));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("e2e: write {}: {e}", path.display()));
}

fn decode_base64(data: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap_or_else(|e| panic!("e2e: bad base64 from the browser: {e}"))
}

/// The console entries of `logs` (from [`Page::console_logs`]) logged as
/// errors: Chromium's `SEVERE` level, which holds `console.error`, uncaught
/// exceptions, failed requests (`Failed to load resource: … 404`) and CSP
/// violations.
pub fn console_errors(logs: &[String]) -> Vec<String> {
    logs.iter()
        .filter(|line| line.starts_with("SEVERE "))
        .cloned()
        .collect()
}

/// The console entries of `logs` that report a Content-Security-Policy
/// violation (`Executing inline script violates the following Content
/// Security Policy directive …`, and the like for handlers, styles,
/// `javascript:` URLs, images, connections; older Chromium: `Refused to …`).
pub fn csp_violations(logs: &[String]) -> Vec<String> {
    logs.iter()
        .filter(|line| line.contains("Content Security Policy") || line.contains("Refused to "))
        .cloned()
        .collect()
}
