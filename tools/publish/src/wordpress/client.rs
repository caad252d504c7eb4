//! The only part of the WordPress source that speaks HTTP: the REST API's
//! root (`/wp-json/`, or `/?rest_route=` when pretty permalinks are off),
//! paged listings through `X-WP-TotalPages`, media downloads, a timeout on
//! every request, and a count of requests for the run's report.
//!
//! Nothing an answer holds is trusted: a status other than 2xx, an HTML page
//! or PHP's warnings where JSON should be, or JSON that does not parse is an
//! error naming the URL and what was wrong.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::Value;

use crate::source::SourceError;

/// How the REST API is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiRoot {
    /// `http://host/wp-json/wp/v2/posts?…`
    Pretty,
    /// `http://host/?rest_route=/wp/v2/posts&…` (plain permalinks).
    RestRoute,
}

/// A WordPress site's REST API.
pub struct Client {
    /// The site's address with a trailing slash (`http://host/`).
    site: String,
    agent: ureq::Agent,
    root: ApiRoot,
    requests: AtomicUsize,
}

/// Pages of a listing, and images, asked for at once (a `php -S` or
/// PHP-FPM pool serves a few at a time; more only queue there).
pub const PARALLEL: usize = 4;

/// The most bytes one answer may have (a page of 100 posts with their
/// bodies, or one image).
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// One answer: its status, body and `X-WP-TotalPages`.
struct Answer {
    status: u16,
    body: Vec<u8>,
    total_pages: Option<u32>,
    content_type: String,
}

/// At most `max` characters of `text` on one line, for messages.
pub fn snippet(text: &str, max: usize) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        line
    } else {
        format!("{}…", line.chars().take(max).collect::<String>())
    }
}

/// The JSON of an answer's body, or why it is not JSON: an HTML page (an
/// error page of the server or a plugin), text before the JSON (PHP's
/// warnings and notices print there), or JSON that does not parse.
pub fn parse_json(body: &str) -> Result<Value, String> {
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    match serde_json::from_str::<Value>(body) {
        Ok(value) => Ok(value),
        Err(error) => {
            let trimmed = body.trim_start();
            let json_start = trimmed.find(['{', '[']);
            if trimmed.is_empty() {
                Err("an empty answer where JSON was expected".into())
            } else if json_start.is_some_and(|start| start > 0) && serde_json::from_str::<Value>(&trimmed[json_start.unwrap_or(0)..]).is_ok() {
                let before = &trimmed[..json_start.unwrap_or(0)];
                Err(format!("output before the JSON (a PHP warning or notice?): {:?}", snippet(before, 160)))
            } else if trimmed.starts_with('<') {
                Err(format!("an HTML page instead of JSON: {:?}", snippet(trimmed, 160)))
            } else {
                Err(format!("invalid JSON ({error}): {:?}", snippet(trimmed, 80)))
            }
        }
    }
}

impl Client {
    /// A client for the site at `url` (`http://host/` or `http://host/blog/`);
    /// every request gives up after `timeout`.
    pub fn new(url: &str, timeout: Duration) -> Client {
        let site = if url.ends_with('/') { url.to_string() } else { format!("{url}/") };
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(3)
            .user_agent("ban-tin-publish")
            .build();
        Client { site, agent: config.into(), root: ApiRoot::Pretty, requests: AtomicUsize::new(0) }
    }

    /// Requests made so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn root(&self) -> ApiRoot {
        self.root
    }

    /// The URL of `route` (`/wp/v2/posts`) with `query` (already URL-safe).
    pub fn url(&self, route: &str, query: &[(&str, String)]) -> String {
        let query: String = query.iter().map(|(name, value)| format!("&{name}={value}")).collect();
        match self.root {
            ApiRoot::Pretty => format!("{}wp-json{route}{}", self.site, query.replacen('&', "?", 1)),
            ApiRoot::RestRoute => format!("{}?rest_route={route}{query}", self.site),
        }
    }

    fn fetch(&self, url: &str) -> Result<Answer, SourceError> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let fail = |cause: String| SourceError { location: url.to_string(), cause };
        let mut response = self.agent.get(url).call().map_err(|error| fail(describe(&error)))?;
        let total_pages = response
            .headers()
            .get("x-wp-totalpages")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse().ok());
        let content_type =
            response.headers().get("content-type").and_then(|value| value.to_str().ok()).unwrap_or_default().to_string();
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|error| fail(format!("reading the answer: {}", describe(&error))))?;
        Ok(Answer { status, body, total_pages, content_type })
    }

    /// The JSON at `url` and its `X-WP-TotalPages`.
    fn json_at(&self, url: &str) -> Result<(Value, Option<u32>), SourceError> {
        let answer = self.fetch(url)?;
        let fail = |cause: String| SourceError { location: url.to_string(), cause };
        let text = String::from_utf8_lossy(&answer.body);
        if !(200..300).contains(&answer.status) {
            return Err(fail(format!("HTTP status {}: {:?}", answer.status, snippet(&text, 160))));
        }
        let value = parse_json(&text).map_err(fail)?;
        Ok((value, answer.total_pages))
    }

    /// Finds the REST API: `/wp-json/`, else (when that answers 404, as
    /// without pretty permalinks) `/?rest_route=/`. Returns the API's index
    /// (the site's `name`, `description`, `url`).
    pub fn discover(&mut self) -> Result<Value, SourceError> {
        self.root = ApiRoot::Pretty;
        let pretty = format!("{}wp-json/", self.site);
        let answer = self.fetch(&pretty)?;
        if answer.status == 404 {
            self.root = ApiRoot::RestRoute;
            return self.json_at(&format!("{}?rest_route=/", self.site)).map(|(value, _)| value);
        }
        let text = String::from_utf8_lossy(&answer.body);
        if !(200..300).contains(&answer.status) {
            return Err(SourceError { location: pretty, cause: format!("HTTP status {}: {:?}", answer.status, snippet(&text, 160)) });
        }
        parse_json(&text).map_err(|cause| SourceError { location: pretty, cause })
    }

    /// Every item of a paged listing (`per_page=100`, pages 1 to
    /// `X-WP-TotalPages`), each with the URL of the page it came from, in
    /// page order. Page 1 says how many pages there are; the others are
    /// asked for [`PARALLEL`] at a time.
    pub fn list(&self, route: &str, query: &[(&str, String)]) -> Result<Vec<(Value, String)>, SourceError> {
        let page_url = |page: usize| {
            let mut query = query.to_vec();
            query.push(("per_page", "100".into()));
            query.push(("page", page.to_string()));
            self.url(route, &query)
        };
        let fetch_page = |page: usize| -> Result<(Vec<Value>, Option<u32>, String), SourceError> {
            let url = page_url(page);
            let (value, total_pages) = self.json_at(&url)?;
            let Value::Array(list) = value else {
                return Err(SourceError { location: url, cause: "a listing that is not a JSON array".into() });
            };
            Ok((list, total_pages, url))
        };
        let (first, total_pages, first_url) = fetch_page(1)?;
        let total_pages =
            total_pages.ok_or_else(|| SourceError { location: first_url.clone(), cause: "no X-WP-TotalPages header".into() })?;
        // Pages 2 to the last, each filled by whichever thread fetched it.
        type Page = Result<(Vec<Value>, Option<u32>, String), SourceError>;
        let slots: Vec<std::sync::Mutex<Option<Page>>> = (2..=total_pages as usize).map(|_| std::sync::Mutex::new(None)).collect();
        let next = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..PARALLEL.min(slots.len()) {
                scope.spawn(|| loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(slot) = slots.get(index) else { break };
                    let outcome = fetch_page(index + 2);
                    let failed = outcome.is_err();
                    if let Ok(mut slot) = slot.lock() {
                        *slot = Some(outcome);
                    }
                    if failed {
                        // The others stop at their next page.
                        next.store(usize::MAX / 2, Ordering::Relaxed);
                        break;
                    }
                });
            }
        });
        let mut items: Vec<(Value, String)> = first.into_iter().map(|item| (item, first_url.clone())).collect();
        for (index, slot) in slots.into_iter().enumerate() {
            let (list, _, url) = match slot.into_inner().ok().flatten() {
                Some(outcome) => outcome?,
                None => return Err(SourceError { location: page_url(index + 2), cause: "not fetched: an earlier page failed".into() }),
            };
            items.extend(list.into_iter().map(|item| (item, url.clone())));
        }
        Ok(items)
    }

    /// An image's bytes (`source_url` of a featured image): a 2xx answer
    /// whose type is `image/…`.
    pub fn image(&self, url: &str) -> Result<Vec<u8>, SourceError> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(SourceError { location: url.to_string(), cause: "not an http(s) image address".into() });
        }
        let answer = self.fetch(url)?;
        let fail = |cause: String| SourceError { location: url.to_string(), cause };
        if !(200..300).contains(&answer.status) {
            return Err(fail(format!("HTTP status {}", answer.status)));
        }
        if !answer.content_type.trim().to_ascii_lowercase().starts_with("image/") {
            return Err(fail(format!("not an image (Content-Type {:?})", answer.content_type)));
        }
        Ok(answer.body)
    }
}

/// A transport error in words: refused, timed out, or as ureq says it.
fn describe(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "no answer in time (timed out)".into(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused (is WordPress running?)".into()
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_json_is_named() {
        assert!(parse_json("[1, 2]").is_ok());
        assert!(parse_json("\u{feff}{\"a\": 1}").is_ok());
        let warning = parse_json("<br />\n<b>Warning</b>: Undefined index in plugin.php on line 3<br />\n[{\"id\": 1}]").unwrap_err();
        assert!(warning.starts_with("output before the JSON"), "{warning}");
        let html = parse_json("<!DOCTYPE html><html><body><h1>Lỗi máy chủ</h1></body></html>").unwrap_err();
        assert!(html.starts_with("an HTML page instead of JSON"), "{html}");
        let broken = parse_json("[{\"id\": 1,").unwrap_err();
        assert!(broken.starts_with("invalid JSON"), "{broken}");
        assert!(parse_json("  ").unwrap_err().starts_with("an empty answer"));
    }

    #[test]
    fn urls_follow_the_api_root() {
        let mut client = Client::new("http://127.0.0.1:9/", Duration::from_secs(1));
        let query = [("_fields", "id".to_string()), ("page", "2".to_string())];
        assert_eq!(client.url("/wp/v2/posts", &query), "http://127.0.0.1:9/wp-json/wp/v2/posts?_fields=id&page=2");
        client.root = ApiRoot::RestRoute;
        assert_eq!(client.url("/wp/v2/posts", &query), "http://127.0.0.1:9/?rest_route=/wp/v2/posts&_fields=id&page=2");
    }
}
