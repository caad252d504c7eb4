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
use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

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
    // One pass over the JSON that keeps only what shows an image: a run
    // reads every document, so it builds none of them as a value.
    let mut found = Found::default();
    let mut reader = serde_json::Deserializer::from_str(document);
    if (Walk { found: &mut found, slot: None }).deserialize(&mut reader).is_err() {
        return Vec::new();
    }
    let mut urls: Vec<String> = found.sources.iter().map(|src| resolve(src.trim(), api_prefix)).collect();
    if let Some(page) = page_of(path) {
        let directory = page.rsplit_once('/').map_or("/", |(directory, _)| directory);
        for body in &found.bodies {
            urls.extend(body_image_sources(body).iter().map(|src| resolve(src.trim(), &format!("{directory}/"))));
        }
    }
    urls
}

/// The page a document's body is shown on: `/bai-viet/{slug}` for an
/// article, `/trang/{slug}` for a static page.
pub(crate) fn page_of(path: &str) -> Option<String> {
    let slug = |prefix: &str| path.strip_prefix(prefix).and_then(|rest| rest.strip_suffix(".json")).map(str::to_string);
    slug("articles/").map(|slug| format!("/bai-viet/{slug}")).or_else(|| slug("pages/").map(|slug| format!("/trang/{slug}")))
}

/// What a document shows, at any depth: the `src` of every image (an
/// object with a string `src` and an `alt`), and every `body_html`.
#[derive(Default)]
struct Found {
    sources: Vec<String>,
    bodies: Vec<String>,
}

/// The keys that matter; any other is walked for what it holds.
enum Key {
    Src,
    Alt,
    Body,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct KeyName;
        impl Visitor<'_> for KeyName {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "src" => Key::Src,
                    "alt" => Key::Alt,
                    "body_html" => Key::Body,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_str(KeyName)
    }
}

/// A walk over one JSON value; a string lands in `slot` when there is one.
struct Walk<'a> {
    found: &'a mut Found,
    slot: Option<&'a mut Option<String>>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON document")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, value: &str) -> Result<(), E> {
        if let Some(slot) = self.slot {
            *slot = Some(value.to_string());
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while items.next_element_seed(Walk { found: &mut *self.found, slot: None })?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (mut src, mut has_alt, mut body) = (None, false, None);
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::Src => Some(&mut src),
                Key::Body => Some(&mut body),
                Key::Alt => {
                    has_alt = true;
                    None
                }
                Key::Other => None,
            };
            map.next_value_seed(Walk { found: &mut *self.found, slot })?;
        }
        if let (Some(src), true) = (src, has_alt) {
            self.found.sources.push(src);
        }
        self.found.bodies.extend(body);
        Ok(())
    }
}

/// `src` against the folder `base` (`/api/`, `/bai-viet/`): absolute URLs
/// and root paths as they are, relative ones joined.
pub(crate) fn resolve(src: &str, base: &str) -> String {
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

/// Where the original of an image the run publishes is read from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Original {
    /// A file under the API base (`media/x.jpg`), read from the source.
    ApiFile(String),
    /// An `http(s)` URL on a host the run copies images from (the CMS).
    Remote(String),
}

/// What a run copies: images under the API base, and images on the hosts
/// of `hosts` (`cms.thanhvan.gov.vn`, `127.0.0.1:8080`: the HTTP source's,
/// WordPress's, those given with `--copy-images-from`), whatever their
/// scheme, so an `http://` CMS is not lost to the CSP or to mixed content.
#[derive(Clone, Debug, Default)]
pub struct MediaScope {
    /// The API base as a path of the portal (`/api/`), when it is one.
    pub api_prefix: Option<String>,
    /// The API base as an absolute URL, when it is one.
    pub api_base_url: Option<String>,
    /// The portal's public origin.
    pub origin: String,
    pub hosts: Vec<String>,
}

/// The host (and port) of an `http(s)` URL, lower-cased.
pub fn host_of(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    (!host.is_empty()).then(|| host.to_string())
}

/// Where the original of `url` (from [`image_urls`]) is, if the run copies it.
pub fn original_of(url: &str, scope: &MediaScope) -> Option<Original> {
    if let Some(prefix) = &scope.api_prefix {
        if let Some(file) = under_api_base(url, prefix, &scope.origin) {
            return Some(Original::ApiFile(file));
        }
    }
    if let Some(base) = &scope.api_base_url {
        let clean = url.split(['?', '#']).next().unwrap_or(url);
        if let Some((head, rest)) = clean.split_at_checked(base.len()) {
            if head.eq_ignore_ascii_case(base) && !rest.contains("..") {
                if let Some(file) = under_api_base(&format!("/{rest}"), "/", &scope.origin) {
                    return Some(Original::ApiFile(file));
                }
            }
        }
    }
    let host = host_of(url)?;
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    scope.hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(&host)).then(|| Original::Remote(url.to_string()))
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
