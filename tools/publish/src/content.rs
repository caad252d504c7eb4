//! The checking pass: every document the site needs, read and decoded
//! before anything is written, following the contract from `site.json` the
//! way the app does (categories → their list pages → the articles listed;
//! the static pages `site.json` lists).
//!
//! What it keeps is small, so 100 000 articles fit: slugs and page counts
//! for the pages, each article's slug and date for the sitemap, and the
//! newest [`FEED_ITEMS`] summaries of each category and of the whole site
//! for the feeds. Each article is then handed on ([`index_with`]), so the
//! search index is built from the same reading, one article at a time.

use std::collections::{BTreeSet, HashMap};

use ban_tin::model::{self, ApiError, ArticleSummary, Site};
use ban_tin::routes::PageDocument;
use chrono::{DateTime, FixedOffset};

use crate::source::{Source, SourceError};

/// How many items a feed carries: the newest of its list.
pub const FEED_ITEMS: usize = 20;

/// Why a run stopped: which document (file or URL) and what was wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentError {
    pub location: String,
    pub cause: String,
}

impl std::fmt::Display for ContentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.cause)
    }
}

impl std::error::Error for ContentError {}

impl From<SourceError> for ContentError {
    fn from(error: SourceError) -> Self {
        ContentError { location: error.location, cause: error.cause }
    }
}

/// A category of `site.json`, as the pages and its feed need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryEntry {
    pub slug: String,
    /// Its number of list pages.
    pub total_pages: u32,
    /// The articles its first list page shows (what dates that page in
    /// the sitemap).
    pub first_page: Vec<String>,
    /// The first [`FEED_ITEMS`] items of its list, in list order (newest
    /// first), each as its article's own summary (title, lead, category).
    pub latest: Vec<ArticleSummary>,
}

/// An article listed by some category, as the sitemap needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleEntry {
    pub slug: String,
    /// When it last changed: `updated_at`, else `published_at`.
    pub lastmod: DateTime<FixedOffset>,
}

/// A static page `site.json` lists (`pages/{slug}.json`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticPageEntry {
    pub slug: String,
    pub updated_at: Option<DateTime<FixedOffset>>,
}

/// What the site holds: enough to render, to write the feeds and the
/// sitemap, and to know which files are stale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentIndex {
    pub site: Site,
    /// The categories of `site.json`, in menu order.
    pub categories: Vec<CategoryEntry>,
    /// Every article listed by some category, sorted by slug.
    pub articles: Vec<ArticleEntry>,
    /// The site's newest [`FEED_ITEMS`] articles by `published_at` (ties:
    /// by slug), newest first, as their summaries.
    pub latest: Vec<ArticleSummary>,
    /// The static pages of `site.json`, in its order, each once.
    pub static_pages: Vec<StaticPageEntry>,
    /// The articles the home page shows, each once (what dates it in the
    /// sitemap).
    pub home_articles: Vec<String>,
}

impl ContentIndex {
    /// Every page that gets a pre-rendered file.
    pub fn pages(&self) -> Vec<PageDocument> {
        let mut pages = vec![PageDocument::Home];
        for category in &self.categories {
            pages.extend((1..=category.total_pages).map(|page| PageDocument::Category { slug: category.slug.clone(), page }));
        }
        pages.extend(self.static_pages.iter().map(|page| PageDocument::StaticPage { slug: page.slug.clone() }));
        pages.extend(self.articles.iter().map(|article| PageDocument::Article { slug: article.slug.clone() }));
        pages
    }

    /// When the article `slug` last changed, if some category lists it.
    pub fn lastmod(&self, slug: &str) -> Option<DateTime<FixedOffset>> {
        let at = self.articles.binary_search_by(|article| article.slug.as_str().cmp(slug)).ok()?;
        Some(self.articles[at].lastmod)
    }
}

/// Reads `path` and decodes it; a missing or malformed document is an error
/// naming where it was read.
pub fn read<T>(source: &dyn Source, path: &str, decode: fn(&str) -> Result<T, ApiError>) -> Result<T, ContentError> {
    let text = source
        .get(path)?
        .ok_or_else(|| ContentError { location: source.location(path), cause: "missing (404)".into() })?;
    decode(&text).map_err(|error| ContentError { location: source.location(path), cause: error.describe() })
}

fn invalid(source: &dyn Source, path: &str, cause: String) -> ContentError {
    ContentError { location: source.location(path), cause }
}

/// Whether the article published at `at` with `slug` comes before `other`
/// in the site's feed: newer first, the same instant by slug.
fn newer(at: &DateTime<FixedOffset>, slug: &str, other: &ArticleSummary) -> bool {
    (*at, std::cmp::Reverse(slug)) > (other.published_at, std::cmp::Reverse(other.slug.as_str()))
}

/// The checking pass over `source`.
pub fn index(source: &dyn Source) -> Result<ContentIndex, ContentError> {
    index_with(source, &mut |_| {})
}

/// The checking pass over `source`, giving each article, once checked, to
/// `on_article` (in slug order; each listed article once).
pub fn index_with(source: &dyn Source, on_article: &mut dyn FnMut(model::Article)) -> Result<ContentIndex, ContentError> {
    let site = read(source, "site.json", model::decode_site)?;
    // The home page must exist and decode; its items must be published articles.
    let home = read(source, &PageDocument::Home.api_path(), model::decode_home)?;
    let mut categories = Vec::new();
    let mut listed = BTreeSet::new();
    // The articles whose summaries a category feed carries.
    let mut feed_items: HashMap<String, Option<ArticleSummary>> = HashMap::new();
    for category in &site.categories {
        if !model::is_valid_slug(&category.slug) {
            return Err(invalid(source, "site.json", format!("category slug {:?} is not a valid slug", category.slug)));
        }
        let mut total = 1;
        let mut page = 1;
        let mut latest = Vec::new();
        let mut first_page = Vec::new();
        while page <= total {
            let path = PageDocument::Category { slug: category.slug.clone(), page }.api_path();
            let list = read(source, &path, model::decode_category_page)?;
            if list.page != page || list.category.slug != category.slug {
                return Err(invalid(
                    source,
                    &path,
                    format!("says it is page {} of {:?}, expected page {page} of {:?}", list.page, list.category.slug, category.slug),
                ));
            }
            if page == 1 {
                total = list.total_pages.max(1);
                first_page = list.items.iter().map(|item| item.slug.clone()).collect();
            }
            for item in list.items {
                if !model::is_valid_slug(&item.slug) {
                    return Err(invalid(source, &path, format!("lists article slug {:?}, which is not a valid slug", item.slug)));
                }
                if latest.len() < FEED_ITEMS && !latest.iter().any(|listed: &ArticleSummary| listed.slug == item.slug) {
                    feed_items.insert(item.slug.clone(), None);
                    latest.push(item.clone());
                }
                listed.insert(item.slug);
            }
            page += 1;
        }
        categories.push(CategoryEntry { slug: category.slug.clone(), total_pages: total, first_page, latest });
    }

    let mut static_pages: Vec<StaticPageEntry> = Vec::new();
    for link in &site.pages {
        if !model::is_valid_slug(&link.slug) {
            return Err(invalid(source, "site.json", format!("page slug {:?} is not a valid slug", link.slug)));
        }
        if static_pages.iter().any(|page| page.slug == link.slug) {
            continue;
        }
        let path = PageDocument::StaticPage { slug: link.slug.clone() }.api_path();
        let page = read(source, &path, model::decode_static_page)?;
        if page.slug != link.slug {
            return Err(invalid(source, &path, format!("its slug is {:?}, not {:?}", page.slug, link.slug)));
        }
        static_pages.push(StaticPageEntry { slug: page.slug, updated_at: page.updated_at });
    }

    let mut articles = Vec::with_capacity(listed.len());
    let mut latest: Vec<ArticleSummary> = Vec::with_capacity(FEED_ITEMS + 1);
    for slug in listed {
        let path = PageDocument::Article { slug: slug.clone() }.api_path();
        let article = read(source, &path, model::decode_article)?;
        if article.slug != slug {
            return Err(invalid(source, &path, format!("its slug is {:?}, not {slug:?}", article.slug)));
        }
        // A summary is made only for the few articles a feed carries.
        let newest = latest.len() < FEED_ITEMS || latest.last().is_some_and(|last| newer(&article.published_at, &slug, last));
        if newest {
            let at = latest.partition_point(|kept| !newer(&article.published_at, &slug, kept));
            latest.insert(at, article.summary());
            latest.truncate(FEED_ITEMS);
        }
        if let Some(wanted) = feed_items.get_mut(&slug) {
            *wanted = Some(article.summary());
        }
        articles.push(ArticleEntry { slug, lastmod: article.updated_at.unwrap_or(article.published_at) });
        on_article(article);
    }
    // Each feed item as its article says it (a list may leave out the lead).
    for category in &mut categories {
        for item in &mut category.latest {
            if let Some(Some(summary)) = feed_items.get(&item.slug) {
                *item = summary.clone();
            }
        }
    }

    let on_home = home.featured.iter().chain(home.sections.iter().flat_map(|section| section.items.iter()));
    let mut home_articles: Vec<String> = Vec::new();
    for item in on_home {
        if articles.binary_search_by(|article| article.slug.cmp(&item.slug)).is_err() {
            return Err(invalid(source, "home.json", format!("links article {:?}, which no category lists", item.slug)));
        }
        if !home_articles.contains(&item.slug) {
            home_articles.push(item.slug.clone());
        }
    }
    Ok(ContentIndex { site, categories, articles, latest, static_pages, home_articles })
}
