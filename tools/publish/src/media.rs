//! The images a document shows that live under the API base, so a run can
//! publish them with the documents (`api/media/x.svg`) and the published
//! folder is self-contained.
//!
//! An `Image.src` (lead image, thumbnail: an object with `src` and `alt`)
//! resolves as the app resolves it (`routes::media_url`): relative to the
//! API base. An `<img src>` of a `body_html` resolves against the page the
//! body is shown on (`/bai-viet/{slug}`, `/trang/{slug}`), as a browser
//! does (docs/API.md, "body_html"). Either is published when the URL then
//! lies under the API base: a path of the portal, or an absolute URL on its
//! origin. What lies elsewhere (a CDN, the CMS's own host) is left as it is.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use serde_json::Value;

/// The paths under the API base (`media/x.svg`) of the images `document`
/// (the text of the contract document at `path`) shows. `api_prefix` is
/// the API base as a path of the portal (`/api/`); `origin` the portal's.
pub fn media_paths(path: &str, document: &str, api_prefix: &str, origin: &str) -> Vec<String> {
    let mut out: Vec<String> = image_urls(path, document, api_prefix).iter().filter_map(|url| under_api_base(url, api_prefix, origin)).collect();
    out.sort();
    out.dedup();
    out
}

/// The URL of every image `document` shows, as a root path of the portal
/// or an absolute URL (see the module docs).
pub fn image_urls(path: &str, document: &str, api_prefix: &str) -> Vec<String> {
    // Most lists carry no image at all: no parse for them.
    if !document.contains("\"src\"") && !document.contains("<img") && !document.contains("<IMG") {
        return Vec::new();
    }
    let Ok(value) = serde_json::from_str::<Value>(document) else { return Vec::new() };
    let page = page_of(path);
    let mut urls = Vec::new();
    collect(&value, api_prefix, page.as_deref(), &mut urls);
    urls
}

/// The page a document's body is shown on: `/bai-viet/{slug}` for an
/// article, `/trang/{slug}` for a static page.
fn page_of(path: &str) -> Option<String> {
    let slug = |prefix: &str| path.strip_prefix(prefix).and_then(|rest| rest.strip_suffix(".json")).map(str::to_string);
    slug("articles/").map(|slug| format!("/bai-viet/{slug}")).or_else(|| slug("pages/").map(|slug| format!("/trang/{slug}")))
}

/// Every image URL of `value`, as a path of the portal or an absolute URL.
fn collect(value: &Value, api_prefix: &str, page: Option<&str>, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let (Some(Value::String(src)), true) = (map.get("src"), map.contains_key("alt")) {
                out.push(resolve(src.trim(), api_prefix));
            }
            if let (Some(Value::String(body)), Some(page)) = (map.get("body_html"), page) {
                let directory = page.rsplit_once('/').map_or("/", |(directory, _)| directory);
                out.extend(body_image_sources(body).iter().map(|src| resolve(src.trim(), &format!("{directory}/"))));
            }
            for child in map.values() {
                collect(child, api_prefix, page, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, api_prefix, page, out)),
        _ => {}
    }
}

/// `src` against the folder `base` (`/api/`, `/bai-viet/`): absolute URLs
/// and root paths as they are, relative ones joined.
fn resolve(src: &str, base: &str) -> String {
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || src.starts_with('/') {
        src.to_string()
    } else {
        format!("{base}{src}")
    }
}

/// The path under the API base of `url` (from [`image_urls`]), if it lies
/// there and names a plain file of the contract's characters.
pub fn under_api_base(url: &str, api_prefix: &str, origin: &str) -> Option<String> {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    if url.starts_with("//") {
        return None;
    }
    let path = if url.starts_with('/') {
        url
    } else {
        let origin = origin.trim_end_matches('/');
        let (head, rest) = url.split_at_checked(origin.len())?;
        if !head.eq_ignore_ascii_case(origin) || !rest.starts_with('/') {
            return None;
        }
        rest
    };
    let path = without_dot_segments(path);
    let relative = path.strip_prefix(api_prefix)?;
    let plain = !relative.is_empty()
        && relative.split('/').all(|part| !part.is_empty())
        && relative.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
    // A document is published as a document, never as an image.
    (plain && !relative.ends_with(".json")).then(|| relative.to_string())
}

/// `/a/./b/../c` → `/a/c` (RFC 3986, 5.2.4), on a root path.
fn without_dot_segments(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (index, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                parts.pop();
            }
            segment => parts.push(segment),
        }
        // `/a/b/..` names the folder `/a/`.
        if index + 1 == segments.len() && matches!(*segment, "." | "..") {
            parts.push("");
        }
    }
    format!("/{}", parts.join("/"))
}

/// The `src` of every `<img>` start tag of `html`, as an HTML tokenizer
/// reads them (entities decoded, any quoting).
pub fn body_image_sources(html: &str) -> Vec<String> {
    if !html.to_ascii_lowercase().contains("<img") {
        return Vec::new();
    }
    struct Sources(RefCell<Vec<String>>);
    impl TokenSink for Sources {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token {
                if tag.kind == TagKind::StartTag && &*tag.name == "img" {
                    if let Some(src) = tag.attrs.iter().find(|attr| &*attr.name.local == "src") {
                        self.0.borrow_mut().push(src.value.to_string());
                    }
                }
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Sources(RefCell::default()), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(path: &str, document: &str, expected: &[&str]) {
        assert_eq!(media_paths(path, document, "/api/", "https://thanhvan.gov.vn"), expected, "{document}");
    }

    #[test]
    fn images_under_the_api_base_are_found_wherever_a_document_shows_them() {
        check("articles/a.json", r#"{"image":{"src":"media/a.svg","alt":"x"}}"#, &["media/a.svg"]);
        check("home.json", r#"{"featured":[{"thumbnail":{"src":"/api/media/b.svg?v=2","alt":""}}]}"#, &["media/b.svg"]);
        check("home.json", r#"{"x":{"src":"https://THANHVAN.gov.vn/api/media/c.png","alt":""}}"#, &["media/c.png"]);
        check(
            "articles/a.json",
            r#"{"body_html":"<p><IMG alt=x SRC='/api/media/d.jpg'><img src=\"../api/media/e&#46;jpg\"><img src=\"anh.jpg\"></p>"}"#,
            &["media/d.jpg", "media/e.jpg"],
        );
        // Elsewhere, or not a plain file: left alone.
        check("home.json", r#"{"x":{"src":"https://cdn.example.vn/api/media/a.svg","alt":""}}"#, &[]);
        check("home.json", r#"{"x":{"src":"//thanhvan.gov.vn/api/media/a.svg","alt":""}}"#, &[]);
        check("home.json", r#"{"x":{"src":"/uploads/a.svg","alt":""}}"#, &[]);
        check("home.json", r#"{"x":{"src":"media/../../etc/passwd","alt":""}}"#, &[]);
        check("home.json", r#"{"x":{"src":"media/ảnh.svg","alt":""}}"#, &[]);
        check("home.json", r#"{"x":{"src":"site.json","alt":""}}"#, &[]);
        // A "src" that is not an image's.
        check("home.json", r#"{"x":{"src":"media/a.svg"}}"#, &[]);
    }

    #[test]
    fn dot_segments_are_removed_as_a_browser_does() {
        assert_eq!(without_dot_segments("/bai-viet/../api/media/a.svg"), "/api/media/a.svg");
        assert_eq!(without_dot_segments("/a/./b/../c"), "/a/c");
        assert_eq!(without_dot_segments("/../../x"), "/x");
        assert_eq!(without_dot_segments("/a/b/.."), "/a/");
    }
}
