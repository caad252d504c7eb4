//! Which file of a published folder answers a request, with which status
//! and `Content-Type`: the rules of `deploy/nginx.conf`, as pure functions
//! that `publish serve` (behind `make serve`) and the end-to-end test server
//! both use. The end-to-end layer runs Debian's nginx with that file and
//! `publish serve` side by side on one corpus of URLs and requires the same
//! status, bytes and `Content-Type` (`tests/e2e/tests/e2e/nginx.rs`); a
//! change here or there that the other does not follow fails that test.
//!
//! The path is first normalised as nginx does ([`normalize_path`]):
//! percent-escapes decoded, `//` merged, `.` and `..` segments applied; a
//! bad escape, a NUL or a `..` above the root is nginx's 400, which the
//! configuration answers as `404.html` with status 404. Then:
//!
//! - `/` → `index.html` (else the app shell).
//! - `/bai-viet/{slug}` → `bai-viet/{slug}/index.html`; without that file,
//!   the app shell if the API folder has `articles/{slug}.json` (published
//!   since the last run), else `404.html` with status 404. Anything else
//!   under `/bai-viet/` (an upper-case or malformed slug, a trailing slash,
//!   the page's own `index.html`) is a 404, as the app reads it.
//! - `/chuyen-muc/{slug}` with `?trang=n` ([`list_page`]; absent = 1) →
//!   the page's file; without it, the shell if the API folder has the list
//!   page, else 404. A `trang` that is not a page number is a 404.
//! - `/trang/{slug}` (a static page): like an article, with `pages/`.
//! - `/api/…`: the document, else 404 (never the shell).
//! - A path whose last segment has a dot (`rss.xml`, assets, `search/…`):
//!   the file, else 404.
//! - Anything else: the file, else the app shell (a search URL, routes
//!   added later).

use ban_tin::routes::{PageDocument, NOT_FOUND_FILE, PAGE_QUERY, SHELL_FILE};

/// The answer to one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// A path relative to the published folder.
    pub file: String,
    pub status: u16,
}

impl Resolved {
    fn ok(file: impl Into<String>) -> Self {
        Resolved { file: file.into(), status: 200 }
    }

    fn not_found() -> Self {
        Resolved { file: NOT_FOUND_FILE.to_string(), status: 404 }
    }
}

/// The answer to a raw request target (`/path?query`, as on the request
/// line, percent-escapes and all). `exists` says whether a relative path is
/// a file in the published folder; `api_prefix` is where the API documents
/// are in it (`api/`), or `None` when the API is served elsewhere.
pub fn resolve_target(target: &str, api_prefix: Option<&str>, exists: impl Fn(&str) -> bool) -> Resolved {
    let (raw_path, query) = target.split_once('?').unwrap_or((target, ""));
    let Some(path) = normalize_path(raw_path) else {
        // nginx: 400, answered by `error_page 400 =404 /404.html`.
        return Resolved::not_found();
    };
    resolve_with_page(&path, list_page(query), api_prefix, exists)
}

/// [`resolve_target`] for a path already normalised and the raw value of
/// `?trang=` (`None`: no `trang` in the query).
pub fn resolve(path: &str, trang: Option<&str>, api_prefix: Option<&str>, exists: impl Fn(&str) -> bool) -> Resolved {
    let page = match trang {
        None => Some(1),
        Some(value) => page_number(value),
    };
    resolve_with_page(path, page, api_prefix, exists)
}

fn resolve_with_page(path: &str, page: Option<u32>, api_prefix: Option<&str>, exists: impl Fn(&str) -> bool) -> Resolved {
    // `location = /`: try_files /index.html /app-shell.html.
    if path == "/" {
        return Resolved::ok(if exists("index.html") { "index.html" } else { SHELL_FILE });
    }
    // `location ^~ /bai-viet/`, `/chuyen-muc/`, `/trang/`.
    let route = [("/bai-viet/", 0), ("/chuyen-muc/", 1), ("/trang/", 2)]
        .into_iter()
        .find_map(|(prefix, kind)| path.strip_prefix(prefix).map(|rest| (rest, kind)));
    if let Some((slug, kind)) = route {
        if !ban_tin::model::is_valid_slug(slug) {
            return Resolved::not_found();
        }
        let slug = slug.to_string();
        let document = match kind {
            0 => PageDocument::Article { slug },
            2 => PageDocument::StaticPage { slug },
            _ => match page {
                Some(page) => PageDocument::Category { slug, page },
                None => return Resolved::not_found(),
            },
        };
        let file = document.published_file();
        if exists(&file) {
            return Resolved::ok(file);
        }
        // Published since the last run? The app can show it from the API.
        let in_api = match api_prefix {
            Some(prefix) => exists(&format!("{prefix}{}", document.api_path())),
            None => true,
        };
        return if in_api { Resolved::ok(SHELL_FILE) } else { Resolved::not_found() };
    }
    let relative = path.trim_start_matches('/');
    if !relative.is_empty() && !relative.ends_with('/') && exists(relative) {
        return Resolved::ok(relative);
    }
    // `location ^~ /api/` and `location ~ "\.[^/]*$"`: a missing document
    // or asset is a real 404, never the shell.
    let last_segment = path.rsplit('/').next().unwrap_or("");
    if path.starts_with("/api/") || last_segment.contains('.') {
        return Resolved::not_found();
    }
    Resolved::ok(SHELL_FILE)
}

/// The page a query string asks for, read as `deploy/nginx.conf`'s maps
/// read it: no `trang` key (case-sensitive, as the app's
/// `URLSearchParams`) is page 1; otherwise the value nginx's `$arg_trang`
/// gives (the first `trang=`, key compared without case) must be a page
/// number ([`page_number`]).
pub fn list_page(query: &str) -> Option<u32> {
    let given = query.split('&').any(|pair| pair.split('=').next() == Some(PAGE_QUERY));
    if !given {
        return Some(1);
    }
    page_number(nginx_arg(query, PAGE_QUERY).unwrap_or(""))
}

/// A raw (still percent-encoded) `trang` value as a page number: optional
/// spaces (`+`, `%20`) around it, an optional plus sign (`%2B`), leading
/// zeros, then 1 to 10 digits. The forms the app reads as that page
/// (`src/routes.rs` `parse_page_query` on the decoded value); `""`, `0`,
/// `-1`, `abc` are not pages, nor is a number past `u32`.
pub fn page_number(raw: &str) -> Option<u32> {
    let mut rest = strip_spaces(raw, true);
    rest = strip_spaces(rest, false);
    rest = rest.strip_prefix("%2B").or_else(|| rest.strip_prefix("%2b")).unwrap_or(rest);
    let digits = rest.trim_start_matches('0');
    let valid = (1..=10).contains(&digits.len()) && digits.bytes().all(|byte| byte.is_ascii_digit());
    if !valid {
        return None;
    }
    digits.parse::<u32>().ok()
}

/// `text` without the spaces (`+`, `%20`) at its front or back.
fn strip_spaces(mut text: &str, front: bool) -> &str {
    loop {
        let stripped = if front {
            text.strip_prefix('+').or_else(|| text.strip_prefix("%20"))
        } else {
            text.strip_suffix('+').or_else(|| text.strip_suffix("%20"))
        };
        match stripped {
            Some(shorter) => text = shorter,
            None => return text,
        }
    }
}

/// nginx's `$arg_{name}` (`ngx_http_arg`): the value after the first
/// `name=` that starts the query or follows a `&`, the name compared
/// without case.
fn nginx_arg<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        key.eq_ignore_ascii_case(name).then_some(value)
    })
}

/// A request path as nginx normalises it before matching locations
/// (`ngx_http_parse_complex_uri` with `merge_slashes on`): `%XX` decoded
/// (a decoded `/` or `.` counts as one), runs of `/` merged, `.` segments
/// dropped, `..` segments remove the one before. `None` where nginx answers
/// 400: a path not starting with `/`, a bad escape, a NUL, a `..` above
/// the root. Bytes that are not UTF-8 become U+FFFD (no published file has
/// such a name either way).
pub fn normalize_path(raw: &str) -> Option<String> {
    if !raw.starts_with('/') {
        return None;
    }
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let hex = bytes.get(index + 1..index + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            if value == 0 {
                return None;
            }
            decoded.push(value);
            index += 3;
        } else {
            decoded.push(byte);
            index += 1;
        }
    }
    let decoded = String::from_utf8_lossy(&decoded);
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = decoded.split('/').skip(1).collect();
    let mut trailing_slash = false;
    for (position, part) in parts.iter().enumerate() {
        let last = position + 1 == parts.len();
        match *part {
            "" | "." => trailing_slash = last,
            ".." => {
                segments.pop()?;
                trailing_slash = last;
            }
            segment => {
                segments.push(segment);
                trailing_slash = false;
            }
        }
    }
    let mut path = format!("/{}", segments.join("/"));
    if trailing_slash && !segments.is_empty() {
        path.push('/');
    }
    Some(path)
}

/// Debian's `/etc/nginx/mime.types` (nginx 1.22), which Debian's
/// `nginx.conf` includes in `http`: extension → media type.
const MIME_TYPES: &[(&str, &str)] = &[
    ("html", "text/html"),
    ("htm", "text/html"),
    ("shtml", "text/html"),
    ("css", "text/css"),
    ("xml", "text/xml"),
    ("gif", "image/gif"),
    ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"),
    ("js", "application/javascript"),
    ("atom", "application/atom+xml"),
    ("rss", "application/rss+xml"),
    ("mml", "text/mathml"),
    ("txt", "text/plain"),
    ("jad", "text/vnd.sun.j2me.app-descriptor"),
    ("wml", "text/vnd.wap.wml"),
    ("htc", "text/x-component"),
    ("avif", "image/avif"),
    ("png", "image/png"),
    ("svg", "image/svg+xml"),
    ("svgz", "image/svg+xml"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("wbmp", "image/vnd.wap.wbmp"),
    ("webp", "image/webp"),
    ("ico", "image/x-icon"),
    ("jng", "image/x-jng"),
    ("bmp", "image/x-ms-bmp"),
    ("woff", "font/woff"),
    ("woff2", "font/woff2"),
    ("jar", "application/java-archive"),
    ("war", "application/java-archive"),
    ("ear", "application/java-archive"),
    ("json", "application/json"),
    ("hqx", "application/mac-binhex40"),
    ("doc", "application/msword"),
    ("pdf", "application/pdf"),
    ("ps", "application/postscript"),
    ("eps", "application/postscript"),
    ("ai", "application/postscript"),
    ("rtf", "application/rtf"),
    ("m3u8", "application/vnd.apple.mpegurl"),
    ("kml", "application/vnd.google-earth.kml+xml"),
    ("kmz", "application/vnd.google-earth.kmz"),
    ("xls", "application/vnd.ms-excel"),
    ("eot", "application/vnd.ms-fontobject"),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("odg", "application/vnd.oasis.opendocument.graphics"),
    ("odp", "application/vnd.oasis.opendocument.presentation"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("wmlc", "application/vnd.wap.wmlc"),
    ("wasm", "application/wasm"),
    ("7z", "application/x-7z-compressed"),
    ("cco", "application/x-cocoa"),
    ("jardiff", "application/x-java-archive-diff"),
    ("jnlp", "application/x-java-jnlp-file"),
    ("run", "application/x-makeself"),
    ("pl", "application/x-perl"),
    ("pm", "application/x-perl"),
    ("prc", "application/x-pilot"),
    ("pdb", "application/x-pilot"),
    ("rar", "application/x-rar-compressed"),
    ("rpm", "application/x-redhat-package-manager"),
    ("sea", "application/x-sea"),
    ("swf", "application/x-shockwave-flash"),
    ("sit", "application/x-stuffit"),
    ("tcl", "application/x-tcl"),
    ("tk", "application/x-tcl"),
    ("der", "application/x-x509-ca-cert"),
    ("pem", "application/x-x509-ca-cert"),
    ("crt", "application/x-x509-ca-cert"),
    ("xpi", "application/x-xpinstall"),
    ("xhtml", "application/xhtml+xml"),
    ("xspf", "application/xspf+xml"),
    ("zip", "application/zip"),
    ("bin", "application/octet-stream"),
    ("exe", "application/octet-stream"),
    ("dll", "application/octet-stream"),
    ("deb", "application/octet-stream"),
    ("dmg", "application/octet-stream"),
    ("iso", "application/octet-stream"),
    ("img", "application/octet-stream"),
    ("msi", "application/octet-stream"),
    ("msp", "application/octet-stream"),
    ("msm", "application/octet-stream"),
    ("mid", "audio/midi"),
    ("midi", "audio/midi"),
    ("kar", "audio/midi"),
    ("mp3", "audio/mpeg"),
    ("ogg", "audio/ogg"),
    ("m4a", "audio/x-m4a"),
    ("ra", "audio/x-realaudio"),
    ("3gpp", "video/3gpp"),
    ("3gp", "video/3gpp"),
    ("ts", "video/mp2t"),
    ("mp4", "video/mp4"),
    ("mpeg", "video/mpeg"),
    ("mpg", "video/mpeg"),
    ("mov", "video/quicktime"),
    ("webm", "video/webm"),
    ("flv", "video/x-flv"),
    ("m4v", "video/x-m4v"),
    ("mng", "video/x-mng"),
    ("asx", "video/x-ms-asf"),
    ("asf", "video/x-ms-asf"),
    ("wmv", "video/x-ms-wmv"),
    ("avi", "video/x-msvideo"),
];

/// The media types `deploy/nginx.conf`'s `charset_types` (plus `text/html`,
/// always) marks `; charset=utf-8`.
const CHARSET_TYPES: &[&str] =
    &["text/html", "text/css", "text/plain", "text/xml", "application/javascript", "application/rss+xml"];

/// The `Content-Type` nginx with `deploy/nginx.conf` gives a file (a path
/// relative to the published folder): the feeds' location (`rss.xml`,
/// `rss/{slug}.xml`) says RSS; otherwise Debian's table by extension
/// (compared without case, as nginx does), `application/octet-stream`
/// when it has none; `; charset=utf-8` for the text types.
pub fn content_type(file: &str) -> String {
    let file = file.trim_start_matches('/');
    let feed_name = |name: &str| !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let is_feed = file == "rss.xml"
        || file.strip_prefix("rss/").and_then(|rest| rest.strip_suffix(".xml")).is_some_and(feed_name);
    let media_type = if is_feed {
        "application/rss+xml"
    } else {
        let name = file.rsplit('/').next().unwrap_or("");
        let extension = name.rsplit_once('.').map(|(_, extension)| extension.to_ascii_lowercase());
        extension
            .and_then(|extension| MIME_TYPES.iter().find(|(known, _)| *known == extension).map(|(_, media)| *media))
            .unwrap_or("application/octet-stream")
    };
    if CHARSET_TYPES.contains(&media_type) {
        format!("{media_type}; charset=utf-8")
    } else {
        media_type.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // What nginx itself answers for such paths and queries is checked by
    // the end-to-end differential test (`tests/e2e/tests/e2e/nginx.rs`).
    #[test]
    fn paths_are_normalised() {
        let check = |raw: &str, expected: Option<&str>| assert_eq!(normalize_path(raw).as_deref(), expected, "{raw}");
        check("/", Some("/"));
        check("//bai-viet//x", Some("/bai-viet/x"));
        check("/a/../bai-viet/x", Some("/bai-viet/x"));
        check("/bai-viet/x/.", Some("/bai-viet/x/"));
        check("/bai-viet/x/..", Some("/bai-viet/"));
        check("/b%C3%A0i", Some("/bài"));
        check("/%2e%2e/etc/passwd", None);
        check("/../etc/passwd", None);
        check("/a/../../x", None);
        check("/x%", None);
        check("/x%zz", None);
        check("/x%00", None);
        check("x", None);
    }

    #[test]
    fn page_numbers() {
        let check = |query: &str, expected: Option<u32>| assert_eq!(list_page(query), expected, "{query:?}");
        check("", Some(1));
        check("q=1", Some(1));
        check("trang=1", Some(1));
        check("trang=01", Some(1));
        check("trang=2", Some(2));
        check("trang=+2", Some(2));
        check("trang=%2B2", Some(2));
        check("trang=%202%20", Some(2));
        check("a=b&trang=3", Some(3));
        check("trang=4294967295", Some(u32::MAX));
        for not_a_page in ["trang=", "trang", "trang=0", "trang=-1", "trang=abc", "trang=4294967296", "trang=12345678901", "trang=%2B%2B2"] {
            check(not_a_page, None);
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("x/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("rss.xml"), "application/rss+xml; charset=utf-8");
        assert_eq!(content_type("rss/kinh-te.xml"), "application/rss+xml; charset=utf-8");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("app-0123456789abcdef.js"), "application/javascript; charset=utf-8");
        assert_eq!(content_type("api/site.json"), "application/json");
        assert_eq!(content_type("app_bg.WASM"), "application/wasm");
        assert_eq!(content_type("app_bg.wasm.br"), "application/octet-stream");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn without_a_local_api_unknown_pages_get_the_shell() {
        let folder = |path: &str| path == "index.html";
        assert_eq!(resolve("/bai-viet/khong-co", None, None, folder), Resolved::ok("app-shell.html"));
        assert_eq!(resolve("/trang/khong-co", None, None, folder), Resolved::ok("app-shell.html"));
        assert_eq!(resolve("/bai-viet/Khong-Co", None, None, folder), Resolved::not_found());
    }
}
