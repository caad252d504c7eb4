//! Route patterns and the hrefs that lead to them; pure.
//!
//! Every link in the app is built here, so the URL scheme
//! (`/chuyen-muc/{slug}?trang=N`, `/bai-viet/{slug}`, `/trang/{slug}`, the
//! feeds and the site map the publishing step writes) lives in one place.

/// The query parameter that selects a list page ("trang" = page).
pub const PAGE_QUERY: &str = "trang";

pub fn home_href() -> String {
    "/".to_string()
}

pub fn article_href(slug: &str) -> String {
    format!("/bai-viet/{slug}")
}

/// A static page (`pages/{slug}.json`): about the agency, contacts, …
pub fn static_page_href(slug: &str) -> String {
    format!("/trang/{slug}")
}

/// The slug of the static page that the app completes with a list of every
/// category and page (the site map, "Sơ đồ cổng").
pub const SITE_MAP_PAGE: &str = "so-do-cong";
/// The slug of the static page that the app completes with the list of the
/// site's RSS feeds.
pub const FEEDS_PAGE: &str = "rss";

/// The RSS feed of the whole site, written by the publishing step.
pub const SITE_FEED: &str = "/rss.xml";

/// The RSS feed of one category, written by the publishing step.
pub fn category_feed_href(slug: &str) -> String {
    format!("/rss/{slug}.xml")
}

/// The site map for search engines (`sitemap.xml`, an index of sitemaps
/// past 50 000 URLs), written by the publishing step.
pub const SITE_MAP_FILE: &str = "/sitemap.xml";

/// An external link from the contract (a related portal's `url`), if it is
/// an absolute `http(s)` URL: `javascript:`, `data:` and relative links
/// from a CMS never become an `href`.
pub fn external_href(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"))?;
    let host_ok = !rest.is_empty() && !rest.starts_with('/') && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    host_ok.then(|| url.to_string())
}

/// The search page (`/tim-kiem?q=…`).
pub const SEARCH_PATH: &str = "/tim-kiem";
/// The search page's query parameters: the words, the category filter and
/// the date range (`dd/mm/yyyy`).
pub const SEARCH_QUERY: &str = "q";
pub const SEARCH_CATEGORY: &str = "chuyen-muc";
pub const SEARCH_FROM: &str = "tu";
pub const SEARCH_TO: &str = "den";

/// What a search page shows: the words and the filters as the URL carries
/// them (`/tim-kiem?q=thi+dua&chuyen-muc=kinh-te&tu=01/01/2024&den=31/12/2024&trang=2`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchParams {
    pub query: String,
    pub category: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl SearchParams {
    /// Reads the parameters as the page gets them (blank values are absent).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> SearchParams {
        let value = |name: &str| get(name).map(|value| value.trim().to_string()).filter(|value| !value.is_empty());
        SearchParams {
            query: value(SEARCH_QUERY).unwrap_or_default(),
            category: value(SEARCH_CATEGORY),
            from: value(SEARCH_FROM),
            to: value(SEARCH_TO),
        }
    }

    /// The search page's URL for these parameters and result page `page`.
    pub fn href(&self, page: u32) -> String {
        let mut href = format!("{SEARCH_PATH}?{SEARCH_QUERY}={}", encode_query_value(self.query.trim()));
        let filters = [(SEARCH_CATEGORY, &self.category), (SEARCH_FROM, &self.from), (SEARCH_TO, &self.to)];
        for (name, value) in filters {
            if let Some(value) = value.as_deref().map(str::trim).filter(|value| !value.is_empty()) {
                href.push_str(&format!("&{name}={}", encode_query_value(value)));
            }
        }
        if page > 1 {
            href.push_str(&format!("&{PAGE_QUERY}={page}"));
        }
        href
    }

    pub fn has_filters(&self) -> bool {
        self.category.is_some() || self.from.is_some() || self.to.is_some()
    }
}

/// The backend's search document for these parameters
/// (`search.json?q=…&trang=N&chuyen-muc=…&tu=…&den=…`, `docs/API.md`).
pub fn search_api_path(params: &SearchParams, page: u32) -> String {
    let href = params.href(1);
    let query = href.split_once('?').map_or("", |(_, query)| query);
    format!("search.json?{query}&{PAGE_QUERY}={}", page.max(1))
}

/// A query-string value, percent-encoded as UTF-8 (unreserved characters
/// kept, a space as `+`, which every query parser reads as a space).
fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Which list a pagination bar pages through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListPages {
    Category(String),
    Search(SearchParams),
}

impl ListPages {
    pub fn href(&self, page: u32) -> String {
        match self {
            ListPages::Category(slug) => category_href(slug, page),
            ListPages::Search(params) => params.href(page),
        }
    }
}

/// A category list; page 1 has no query so that it has one canonical URL.
pub fn category_href(slug: &str, page: u32) -> String {
    if page <= 1 {
        format!("/chuyen-muc/{slug}")
    } else {
        format!("/chuyen-muc/{slug}?{PAGE_QUERY}={page}")
    }
}

/// What the `?trang=` value asks for: `None` when it is not a page number.
///
/// A missing value is page 1; `0`, negatives and garbage are not pages, and
/// the view shows the not-found state for them rather than guessing.
pub fn parse_page_query(value: Option<&str>) -> Option<u32> {
    match value {
        None => Some(1),
        Some(text) => text.trim().parse::<u32>().ok().filter(|page| *page >= 1),
    }
}

/// Joins the API base (which may be a path or an absolute URL) and a document path.
pub fn api_url(base: &str, path: &str) -> String {
    let base = base.trim();
    let base = if base.is_empty() { "/api/" } else { base };
    let path = path.trim_start_matches('/');
    if base.ends_with('/') {
        format!("{base}{path}")
    } else {
        format!("{base}/{path}")
    }
}

/// Resolves a media `src` from the contract: absolute URLs and root paths are
/// kept, and a relative path is read relative to the API base.
pub fn media_url(base: &str, src: &str) -> String {
    let src = src.trim();
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || src.starts_with('/') {
        src.to_string()
    } else {
        api_url(base, src)
    }
}

/// The API document a page of the app shows, found from its URL alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageDocument {
    Home,
    Category { slug: String, page: u32 },
    Article { slug: String },
    StaticPage { slug: String },
}

impl PageDocument {
    /// The document's path under the API base (`docs/API.md`).
    pub fn api_path(&self) -> String {
        match self {
            PageDocument::Home => "home.json".to_string(),
            PageDocument::Category { slug, page } => format!("categories/{slug}/page-{page}.json"),
            PageDocument::Article { slug } => format!("articles/{slug}.json"),
            PageDocument::StaticPage { slug } => format!("pages/{slug}.json"),
        }
    }

    /// The pre-rendered file of this page in a published folder
    /// (`docs/API.md`, "Published folder"): `index.html`,
    /// `bai-viet/{slug}/index.html`, `chuyen-muc/{slug}/index.html` for page
    /// 1, `chuyen-muc/{slug}/trang-{n}/index.html` for `?trang=n`, n ≥ 2,
    /// and `trang/{slug}/index.html`.
    pub fn published_file(&self) -> String {
        match self {
            PageDocument::Home => "index.html".to_string(),
            PageDocument::Category { slug, page: 0 | 1 } => format!("chuyen-muc/{slug}/index.html"),
            PageDocument::Category { slug, page } => format!("chuyen-muc/{slug}/trang-{page}/index.html"),
            PageDocument::Article { slug } => format!("bai-viet/{slug}/index.html"),
            PageDocument::StaticPage { slug } => format!("trang/{slug}/index.html"),
        }
    }
}

/// The app shell in a published folder: what URLs without a pre-rendered
/// file get (a search, an article published since the last run).
pub const SHELL_FILE: &str = "app-shell.html";
/// The not-found page of a published folder, sent with status 404.
pub const NOT_FOUND_FILE: &str = "404.html";

/// Which document the page at `path` (with `?trang=` = `page_query`) will ask
/// for, so it can be fetched before the app mounts; `None` for URLs that
/// show the not-found state. `index.html`'s preload script mirrors this.
pub fn page_document(path: &str, page_query: Option<&str>) -> Option<PageDocument> {
    let valid = |slug: &str| crate::model::is_valid_slug(slug).then(|| slug.to_string());
    if path == "/" {
        return Some(PageDocument::Home);
    }
    if let Some(slug) = path.strip_prefix("/bai-viet/").and_then(valid) {
        return Some(PageDocument::Article { slug });
    }
    if let Some(slug) = path.strip_prefix("/trang/").and_then(valid) {
        return Some(PageDocument::StaticPage { slug });
    }
    let slug = path.strip_prefix("/chuyen-muc/").and_then(valid)?;
    let page = parse_page_query(page_query)?;
    Some(PageDocument::Category { slug, page })
}

/// The page numbers a pagination bar shows: the first, the last, and two on
/// each side of the current one; `None` marks a gap ("…").
pub fn pagination_window(current: u32, total: u32) -> Vec<Option<u32>> {
    // Computed from the few pages shown, never by walking 1..=total: a
    // backend may claim billions of pages.
    let mut shown: Vec<u32> = vec![1, total];
    shown.extend((current.saturating_sub(2)..=current.saturating_add(2)).filter(|page| (1..=total).contains(page)));
    shown.retain(|page| (1..=total).contains(page));
    shown.sort_unstable();
    shown.dedup();
    let mut pages = Vec::with_capacity(shown.len() * 2);
    let mut previous = 0;
    for page in shown {
        if page > previous + 1 {
            pages.push(None);
        }
        pages.push(Some(page));
        previous = page;
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs() {
        assert_eq!(article_href("hoi-nghi"), "/bai-viet/hoi-nghi");
        assert_eq!(category_href("thi-dua-khen-thuong", 1), "/chuyen-muc/thi-dua-khen-thuong");
        assert_eq!(category_href("thi-dua-khen-thuong", 0), "/chuyen-muc/thi-dua-khen-thuong");
        assert_eq!(category_href("kinh-te", 3), "/chuyen-muc/kinh-te?trang=3");
        assert_eq!(home_href(), "/");
        assert_eq!(static_page_href("gioi-thieu"), "/trang/gioi-thieu");
        assert_eq!(category_feed_href("kinh-te"), "/rss/kinh-te.xml");
    }

    #[test]
    fn search_hrefs_carry_the_words_and_filters() {
        let mut params = SearchParams { query: " thi đua & khen ".into(), ..SearchParams::default() };
        assert_eq!(params.href(1), "/tim-kiem?q=thi+%C4%91ua+%26+khen");
        params.category = Some("kinh-te".into());
        params.from = Some("01/01/2024".into());
        params.to = Some(" ".into());
        assert_eq!(params.href(3), "/tim-kiem?q=thi+%C4%91ua+%26+khen&chuyen-muc=kinh-te&tu=01/01/2024&trang=3");
        let read = SearchParams::from_query(|name| match name {
            "q" => Some(" ủy ban ".into()),
            "chuyen-muc" => Some("".into()),
            "den" => Some("31/12/2024".into()),
            _ => None,
        });
        assert_eq!(read, SearchParams { query: "ủy ban".into(), category: None, from: None, to: Some("31/12/2024".into()) });
        assert!(read.has_filters());
        assert_eq!(ListPages::Category("kinh-te".into()).href(2), "/chuyen-muc/kinh-te?trang=2");
    }

    #[test]
    fn external_links_are_http_only() {
        assert_eq!(external_href(" https://chinhphu.vn "), Some("https://chinhphu.vn".into()));
        assert_eq!(external_href("HTTP://mic.gov.vn/x?a=1&b=2"), Some("HTTP://mic.gov.vn/x?a=1&b=2".into()));
        for bad in ["javascript:alert(1)", "data:text/html,x", "/trang/x", "//evil.vn", "https://", "https:///x", "ftp://a.vn", "https://a.vn/\nx", "https://a b.vn"] {
            assert_eq!(external_href(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn page_query() {
        for (input, expected) in [
            (None, Some(1)),
            (Some("2"), Some(2)),
            (Some(" 7 "), Some(7)),
            (Some("0"), None),
            (Some("-1"), None),
            (Some("abc"), None),
            (Some(""), None),
            (Some("99999999999"), None),
        ] {
            assert_eq!(parse_page_query(input), expected, "{input:?}");
        }
    }

    #[test]
    fn pagination_windows() {
        let check = |current, total, expected: &[Option<u32>]| {
            assert_eq!(pagination_window(current, total), expected, "{current}/{total}");
        };
        check(1, 1, &[Some(1)]);
        check(1, 3, &[Some(1), Some(2), Some(3)]);
        check(1, 10, &[Some(1), Some(2), Some(3), None, Some(10)]);
        check(6, 10, &[Some(1), None, Some(4), Some(5), Some(6), Some(7), Some(8), None, Some(10)]);
        check(10, 10, &[Some(1), None, Some(8), Some(9), Some(10)]);
        check(4, 7, &[Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), Some(7)]);
        assert!(pagination_window(1, 0).is_empty());
        // A huge total still gives a short bar.
        assert_eq!(pagination_window(5000, 10000).len(), 9);
        assert_eq!(pagination_window(u32::MAX, u32::MAX).len(), 5);
        assert_eq!(pagination_window(0, 3), &[Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn api_urls() {
        assert_eq!(api_url("/api/", "site.json"), "/api/site.json");
        assert_eq!(api_url("/api", "/site.json"), "/api/site.json");
        assert_eq!(api_url("", "home.json"), "/api/home.json");
        assert_eq!(
            api_url("https://cms.example.vn/v1/", "articles/a.json"),
            "https://cms.example.vn/v1/articles/a.json"
        );
    }

    #[test]
    fn media_urls() {
        assert_eq!(media_url("/api/", "media/a.svg"), "/api/media/a.svg");
        assert_eq!(media_url("https://cdn.vn/x/", "media/a.svg"), "https://cdn.vn/x/media/a.svg");
        assert_eq!(media_url("/api/", "/static/a.jpg"), "/static/a.jpg");
        assert_eq!(media_url("/api/", "HTTPS://img.vn/a.jpg"), "HTTPS://img.vn/a.jpg");
    }

    #[test]
    fn page_documents() {
        let check = |path: &str, query: Option<&str>, expected: Option<PageDocument>| {
            assert_eq!(page_document(path, query), expected, "{path} {query:?}");
        };
        let article = |slug: &str| Some(PageDocument::Article { slug: slug.into() });
        let category = |slug: &str, page| Some(PageDocument::Category { slug: slug.into(), page });
        check("/", None, Some(PageDocument::Home));
        check("/bai-viet/hoi-nghi-2021", None, article("hoi-nghi-2021"));
        check("/bai-viet/Hoi-Nghi", None, None);
        check("/bai-viet/", None, None);
        check("/bai-viet/a/b", None, None);
        check("/chuyen-muc/kinh-te", None, category("kinh-te", 1));
        check("/chuyen-muc/kinh-te", Some("3"), category("kinh-te", 3));
        check("/chuyen-muc/kinh-te", Some("+3"), category("kinh-te", 3));
        check("/chuyen-muc/kinh-te", Some("01"), category("kinh-te", 1));
        check("/chuyen-muc/kinh-te", Some("0"), None);
        check("/chuyen-muc/kinh-te", Some("x"), None);
        check("/chuyen-muc/kinh-te/", None, None);
        check("/trang/english", None, Some(PageDocument::StaticPage { slug: "english".into() }));
        check("/trang/", None, None);
        check("/trang/Lien_He", None, None);
        check("/khac", None, None);
    }
}
