//! The sitemaps protocol (<https://www.sitemaps.org/protocol.html>) and
//! `robots.txt`: every URL of the site with the date it last changed, for
//! search engines. Pure: the URLs in, the files' text out.
//!
//! Up to [`MAX_URLS`] URLs, `sitemap.xml` is one `<urlset>`; past that it
//! is a `<sitemapindex>` of `sitemaps/sitemap-{n}.xml` files (n from 1) of
//! at most [`MAX_URLS`] URLs each, as the protocol requires. Dates are W3C
//! date-times in UTC+7 (`2021-12-22T08:03:00+07:00`) taken from the
//! content, never the time of the run, so unchanged content gives the same
//! bytes.

use ban_tin::routes;
use chrono::{DateTime, FixedOffset};

use crate::content::ContentIndex;
use crate::xml::{escape, w3c, DECLARATION};

/// The most URLs one sitemap may list (the protocol's limit).
pub const MAX_URLS: usize = 50_000;

/// The namespace of both `<urlset>` and `<sitemapindex>`.
pub const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The site map's file in the published folder: `sitemap.xml`.
pub fn sitemap_file() -> String {
    routes::SITE_MAP_FILE.trim_start_matches('/').to_string()
}

/// The `n`th sitemap of an index (from 1): `sitemaps/sitemap-{n}.xml`.
pub fn part_file(n: usize) -> String {
    format!("sitemaps/sitemap-{n}.xml")
}

/// One URL of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteUrl {
    /// Absolute.
    pub loc: String,
    /// When its page last changed; `None` leaves `<lastmod>` out.
    pub lastmod: Option<DateTime<FixedOffset>>,
}

/// One file of the site map: its path in the published folder and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitemapFile {
    pub file: String,
    pub xml: String,
}

fn absolute(origin: &str, href: &str) -> String {
    format!("{}{href}", origin.trim_end_matches('/'))
}

/// Every URL of the site, in a stable order: the home page (dated by the
/// newest change among the articles it shows), each category's first list
/// page in menu order (the same, of the articles that page shows),
/// the static pages in `site.json`'s order (dated by their `updated_at`,
/// else undated), then every article by slug (its `updated_at`, else its
/// `published_at`).
pub fn site_urls(origin: &str, index: &ContentIndex) -> Vec<SiteUrl> {
    let mut urls = Vec::with_capacity(1 + index.categories.len() + index.static_pages.len() + index.articles.len());
    let newest = |slugs: &[String]| slugs.iter().filter_map(|slug| index.lastmod(slug)).max();
    urls.push(SiteUrl { loc: absolute(origin, &routes::home_href()), lastmod: newest(&index.home_articles) });
    for category in &index.categories {
        let lastmod = newest(&category.first_page);
        urls.push(SiteUrl { loc: absolute(origin, &routes::category_href(&category.slug, 1)), lastmod });
    }
    for page in &index.static_pages {
        urls.push(SiteUrl { loc: absolute(origin, &routes::static_page_href(&page.slug)), lastmod: page.updated_at });
    }
    for article in &index.articles {
        urls.push(SiteUrl { loc: absolute(origin, &routes::article_href(&article.slug)), lastmod: Some(article.lastmod) });
    }
    urls
}

fn urlset(urls: &[SiteUrl]) -> String {
    let mut out = String::with_capacity(DECLARATION.len() + urls.len() * 128);
    out.push_str(DECLARATION);
    out.push_str(&format!("<urlset xmlns=\"{NAMESPACE}\">\n"));
    for url in urls {
        out.push_str("  <url><loc>");
        out.push_str(&escape(&url.loc));
        out.push_str("</loc>");
        if let Some(lastmod) = &url.lastmod {
            out.push_str("<lastmod>");
            out.push_str(&w3c(lastmod));
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// The site map of `urls`: `sitemap.xml` alone up to [`MAX_URLS`] URLs;
/// past that, `sitemap.xml` as an index and its `sitemaps/sitemap-{n}.xml`
/// files, each dated by its newest URL.
pub fn sitemap_files(origin: &str, urls: &[SiteUrl]) -> Vec<SitemapFile> {
    if urls.len() <= MAX_URLS {
        return vec![SitemapFile { file: sitemap_file(), xml: urlset(urls) }];
    }
    let mut index = String::from(DECLARATION);
    index.push_str(&format!("<sitemapindex xmlns=\"{NAMESPACE}\">\n"));
    let mut files = Vec::new();
    for (n, part) in urls.chunks(MAX_URLS).enumerate() {
        let file = part_file(n + 1);
        index.push_str("  <sitemap><loc>");
        index.push_str(&escape(&absolute(origin, &format!("/{file}"))));
        index.push_str("</loc>");
        if let Some(newest) = part.iter().filter_map(|url| url.lastmod).max() {
            index.push_str("<lastmod>");
            index.push_str(&w3c(&newest));
            index.push_str("</lastmod>");
        }
        index.push_str("</sitemap>\n");
        files.push(SitemapFile { file, xml: urlset(part) });
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, SitemapFile { file: sitemap_file(), xml: index });
    files
}

/// `robots.txt`: everything may be crawled, and where the site map is.
pub fn robots_txt(origin: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", absolute(origin, routes::SITE_MAP_FILE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(n: usize) -> SiteUrl {
        SiteUrl {
            loc: format!("https://thanhvan.gov.vn/bai-viet/bai-{n}"),
            lastmod: Some(DateTime::parse_from_rfc3339("2021-12-22T01:03:00Z").unwrap() + chrono::Duration::minutes(n as i64)),
        }
    }

    #[test]
    fn a_small_site_is_one_urlset() {
        let mut urls: Vec<SiteUrl> = (0..3).map(url).collect();
        urls[1].lastmod = None;
        urls[2].loc = "https://thanhvan.gov.vn/x?a=1&b=2".into();
        let files = sitemap_files("https://thanhvan.gov.vn", &urls);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].file, "sitemap.xml");
        let xml = &files[0].xml;
        assert!(xml.contains("<url><loc>https://thanhvan.gov.vn/bai-viet/bai-0</loc><lastmod>2021-12-22T08:03:00+07:00</lastmod></url>"), "{xml}");
        assert!(xml.contains("<url><loc>https://thanhvan.gov.vn/bai-viet/bai-1</loc></url>"), "{xml}");
        assert!(xml.contains("x?a=1&amp;b=2"), "{xml}");
    }

    #[test]
    fn past_the_limit_the_site_map_is_an_index() {
        let urls: Vec<SiteUrl> = (0..MAX_URLS + 2).map(url).collect();
        let files = sitemap_files("https://thanhvan.gov.vn/", &urls);
        let names: Vec<&str> = files.iter().map(|file| file.file.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemaps/sitemap-1.xml", "sitemaps/sitemap-2.xml"]);
        assert!(files[0].xml.contains("<sitemapindex"));
        assert!(files[0].xml.contains("<sitemap><loc>https://thanhvan.gov.vn/sitemaps/sitemap-2.xml</loc><lastmod>"));
        assert_eq!(files[1].xml.matches("<url>").count(), MAX_URLS);
        assert_eq!(files[2].xml.matches("<url>").count(), 2);
        assert_eq!(robots_txt("https://thanhvan.gov.vn"), "User-agent: *\nAllow: /\n\nSitemap: https://thanhvan.gov.vn/sitemap.xml\n");
    }
}
