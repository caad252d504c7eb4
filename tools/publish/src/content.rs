//! The checking pass: every document the site needs, read and decoded
//! before anything is written, following the contract from `site.json` the
//! way the app does (categories → their list pages → the articles listed).
//! What it keeps is small (slugs and page counts), so 100 000 articles fit.

use std::collections::BTreeSet;

use ban_tin::model::{self, ApiError, Site};
use ban_tin::routes::PageDocument;

use crate::source::{Source, SourceError};

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

/// What the site holds: enough to render and to know which files are stale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentIndex {
    pub site: Site,
    /// Each category's slug and its number of list pages.
    pub categories: Vec<(String, u32)>,
    /// Every article listed by some category, sorted.
    pub articles: Vec<String>,
}

impl ContentIndex {
    /// Every page that gets a pre-rendered file.
    pub fn pages(&self) -> Vec<PageDocument> {
        let mut pages = vec![PageDocument::Home];
        for (slug, total) in &self.categories {
            pages.extend((1..=*total).map(|page| PageDocument::Category { slug: slug.clone(), page }));
        }
        pages.extend(self.articles.iter().map(|slug| PageDocument::Article { slug: slug.clone() }));
        pages
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

/// The checking pass over `source`.
pub fn index(source: &dyn Source) -> Result<ContentIndex, ContentError> {
    let site = read(source, "site.json", model::decode_site)?;
    // The home page must exist and decode; its items must be published articles.
    let home = read(source, &PageDocument::Home.api_path(), model::decode_home)?;
    let mut categories = Vec::new();
    let mut articles = BTreeSet::new();
    for category in &site.categories {
        if !model::is_valid_slug(&category.slug) {
            return Err(invalid(source, "site.json", format!("category slug {:?} is not a valid slug", category.slug)));
        }
        let mut total = 1;
        let mut page = 1;
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
            }
            for item in &list.items {
                if !model::is_valid_slug(&item.slug) {
                    return Err(invalid(source, &path, format!("lists article slug {:?}, which is not a valid slug", item.slug)));
                }
                articles.insert(item.slug.clone());
            }
            page += 1;
        }
        categories.push((category.slug.clone(), total));
    }
    for slug in &articles {
        let path = PageDocument::Article { slug: slug.clone() }.api_path();
        let article = read(source, &path, model::decode_article)?;
        if &article.slug != slug {
            return Err(invalid(source, &path, format!("its slug is {:?}, not {slug:?}", article.slug)));
        }
    }
    let listed = home.featured.iter().chain(home.sections.iter().flat_map(|section| section.items.iter()));
    for item in listed {
        if !articles.contains(&item.slug) {
            return Err(invalid(source, "home.json", format!("links article {:?}, which no category lists", item.slug)));
        }
    }
    Ok(ContentIndex { site, categories, articles: articles.into_iter().collect() })
}
