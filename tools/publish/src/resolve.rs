//! Which file of a published folder answers a URL, and with which status:
//! the rules of the README's nginx configuration, as one pure function that
//! `publish serve` (behind `make serve`) and the end-to-end test server
//! both use.
//!
//! - `/` → `index.html`.
//! - `/bai-viet/{slug}` → `bai-viet/{slug}/index.html`; without that file,
//!   the app shell if the API folder has `articles/{slug}.json` (published
//!   since the last run), else `404.html` with status 404.
//! - `/chuyen-muc/{slug}` with `?trang=n` (absent = 1) → the page's file;
//!   without it, the shell if the API folder has the list page, else
//!   `404.html` (404). A `trang` that is not a page number is a 404.
//! - `/trang/{slug}` (a static page) → `trang/{slug}/index.html`; without
//!   it, the shell if the API folder has `pages/{slug}.json`, else
//!   `404.html` (404).
//! - Any other existing file (assets, `api/…`, `rss.xml`, `rss/…`,
//!   `sitemap.xml`, `sitemaps/…`, `robots.txt`) → itself.
//! - Anything else → the app shell (a search URL, routes added later).

use ban_tin::routes::{self, PageDocument, NOT_FOUND_FILE, SHELL_FILE};

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

/// The file for `path` (decoded, starting with `/`) and the raw value of
/// `?trang=`. `exists` says whether a relative path is a file in the
/// published folder; `api_prefix` is where the API documents are in it
/// (`api/`), or `None` when the API is elsewhere.
pub fn resolve(path: &str, trang: Option<&str>, api_prefix: Option<&str>, exists: impl Fn(&str) -> bool) -> Resolved {
    let app_route =
        path == "/" || path.starts_with("/bai-viet/") || path.starts_with("/chuyen-muc/") || path.starts_with("/trang/");
    if app_route {
        let Some(document) = routes::page_document(path, trang) else {
            return Resolved::not_found();
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
        return match (in_api, &document) {
            (true, _) | (_, PageDocument::Home) => Resolved::ok(SHELL_FILE),
            _ => Resolved::not_found(),
        };
    }
    let relative = path.trim_start_matches('/');
    let safe = !relative.split('/').any(|part| part == "..");
    if safe && !relative.is_empty() && exists(relative) {
        return Resolved::ok(relative);
    }
    if path.starts_with("/api/") || path.contains('.') {
        // A missing document or asset is a real 404, never the shell.
        return Resolved::not_found();
    }
    Resolved::ok(SHELL_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(path: &str) -> bool {
        [
            "index.html",
            "app-shell.html",
            "404.html",
            "bai-viet/le-khen-thuong/index.html",
            "chuyen-muc/kinh-te/index.html",
            "chuyen-muc/kinh-te/trang-2/index.html",
            "api/articles/le-khen-thuong.json",
            "api/articles/bai-moi.json",
            "api/categories/kinh-te/page-3.json",
            "trang/gioi-thieu/index.html",
            "api/pages/gioi-thieu.json",
            "api/pages/lien-he.json",
            "rss.xml",
            "rss/kinh-te.xml",
            "sitemap.xml",
            "sitemaps/sitemap-1.xml",
            "robots.txt",
            "ban-tin-0123456789abcdef_bg.wasm",
        ]
        .contains(&path)
    }

    fn check(path: &str, trang: Option<&str>, file: &str, status: u16) {
        assert_eq!(resolve(path, trang, Some("api/"), folder), Resolved { file: file.into(), status }, "{path} {trang:?}");
    }

    #[test]
    fn urls_resolve_like_the_nginx_configuration() {
        check("/", None, "index.html", 200);
        check("/bai-viet/le-khen-thuong", None, "bai-viet/le-khen-thuong/index.html", 200);
        check("/bai-viet/bai-moi", None, "app-shell.html", 200);
        check("/bai-viet/khong-co", None, "404.html", 404);
        check("/bai-viet/Sai_Slug", None, "404.html", 404);
        check("/chuyen-muc/kinh-te", None, "chuyen-muc/kinh-te/index.html", 200);
        check("/chuyen-muc/kinh-te", Some("1"), "chuyen-muc/kinh-te/index.html", 200);
        check("/chuyen-muc/kinh-te", Some("2"), "chuyen-muc/kinh-te/trang-2/index.html", 200);
        check("/chuyen-muc/kinh-te", Some("3"), "app-shell.html", 200);
        check("/chuyen-muc/kinh-te", Some("9"), "404.html", 404);
        check("/chuyen-muc/kinh-te", Some("abc"), "404.html", 404);
        check("/chuyen-muc/kinh-te", Some("0"), "404.html", 404);
        check("/trang/gioi-thieu", None, "trang/gioi-thieu/index.html", 200);
        check("/trang/lien-he", None, "app-shell.html", 200);
        check("/trang/khong-co", None, "404.html", 404);
        check("/trang/Gioi_Thieu", None, "404.html", 404);
        check("/trang/", None, "404.html", 404);
        check("/trang/gioi-thieu/", None, "404.html", 404);
        check("/rss.xml", None, "rss.xml", 200);
        check("/rss/kinh-te.xml", None, "rss/kinh-te.xml", 200);
        check("/rss/da-xoa.xml", None, "404.html", 404);
        check("/sitemap.xml", None, "sitemap.xml", 200);
        check("/sitemaps/sitemap-1.xml", None, "sitemaps/sitemap-1.xml", 200);
        check("/sitemaps/sitemap-2.xml", None, "404.html", 404);
        check("/robots.txt", None, "robots.txt", 200);
        check("/ban-tin-0123456789abcdef_bg.wasm", None, "ban-tin-0123456789abcdef_bg.wasm", 200);
        check("/api/site.json", None, "404.html", 404);
        check("/favicon.ico", None, "404.html", 404);
        check("/tim-kiem", None, "app-shell.html", 200);
        check("/../etc/passwd", None, "404.html", 404);
    }

    #[test]
    fn without_a_local_api_unknown_pages_get_the_shell() {
        assert_eq!(resolve("/bai-viet/khong-co", None, None, folder), Resolved::ok("app-shell.html"));
        assert_eq!(resolve("/trang/khong-co", None, None, folder), Resolved::ok("app-shell.html"));
    }
}
