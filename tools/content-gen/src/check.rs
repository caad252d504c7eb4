//! Validation of a content folder, as a backend export or the sample.
//!
//! Every JSON file must validate against its schema **and** decode with the
//! app's own `model::decode_*`; then the cross-references must hold:
//!
//! - every summary (home `featured` and `sections`, list items, `related`)
//!   points to an existing `articles/{slug}.json`;
//! - every category of `site.json` has `page-1.json` .. `page-{total_pages}.json`
//!   and no page beyond; each page's `page` is its file's number; the pages
//!   agree on `total_pages`/`total_items`; the items add up to `total_items`;
//!   all pages but the last are full, and `total_pages = max(1, ceil(total_items / page size))`;
//! - list items belong to the list's category, appear once, newest first,
//!   and every article appears in its category's list;
//! - each article's file name is its slug, its category exists in
//!   `site.json`, and its `related` does not contain itself;
//! - every page `site.json` lists has its `pages/{slug}.json`, whose slug is
//!   its file name and whose language is the link's; every file in `pages/`
//!   is listed (as every article is listed in its category); each slug is
//!   listed once; every related portal's `url` is one the app links;
//! - every image `src` relative to the API base names an existing file.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use crate::model::{self, ApiError, ArticleSummary, Image};
use crate::routes::{self, PageDocument};
use crate::schema::{self, Kind};

/// What a valid folder holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub categories: usize,
    pub articles: usize,
    /// Articles per category slug, in site order.
    pub per_category: Vec<(String, usize)>,
    pub list_pages: usize,
    /// Static pages (`pages/{slug}.json`).
    pub pages: usize,
    /// Articles with a lead image.
    pub articles_with_image: usize,
    /// Files under `media/`.
    pub media_files: usize,
    /// Bytes of every file checked (JSON and media).
    pub bytes: u64,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} categories, {} articles ({} with an image), {} list pages, {} static pages, home, site, {} media files, {:.1} KB",
            self.categories,
            self.articles,
            self.articles_with_image,
            self.list_pages,
            self.pages,
            self.media_files,
            self.bytes as f64 / 1024.0
        )
    }
}

/// How many schema complaints are reported per file.
const SCHEMA_ERRORS_PER_FILE: usize = 5;

/// What is kept of an article once it is checked (not the body: 100 000 of them must fit).
struct ArticleInfo {
    category: String,
    published_at: DateTime<FixedOffset>,
    has_image: bool,
}

/// The result of loading one article file, from a worker thread.
struct LoadedArticle {
    file_slug: String,
    info: Option<ArticleInfo>,
    related: Vec<String>,
    media: Vec<(String, String)>,
    errors: Vec<String>,
    bytes: u64,
}

/// Checks the folder `dir`; `Err` lists every problem found, one line each,
/// each starting with the file it is about.
pub fn check_dataset(dir: &Path) -> Result<Summary, Vec<String>> {
    let mut errors = Vec::new();
    let mut summary = Summary::default();
    if !dir.is_dir() {
        return Err(vec![format!("{}: not a folder", dir.display())]);
    }

    // site.json
    let Some(site) = load(dir, "site.json", Kind::Site, model::decode_site, &mut errors, &mut summary.bytes) else {
        errors.push("site.json: cannot continue without a valid site.json".to_string());
        return Err(errors);
    };
    let mut site_slugs = BTreeSet::new();
    for category in &site.categories {
        if !site_slugs.insert(category.slug.clone()) {
            errors.push(format!("site.json: category slug {:?} appears twice", category.slug));
        }
    }
    summary.categories = site.categories.len();
    check_pages(dir, &site, &mut errors, &mut summary);

    // articles/*.json, loaded in parallel.
    let article_files = list_files(dir, "articles", &mut errors);
    let loaded = parallel(&article_files, |path| load_article(dir, path, &site_slugs));
    let mut articles: HashMap<String, ArticleInfo> = HashMap::with_capacity(loaded.len());
    let mut media_refs: BTreeMap<String, String> = BTreeMap::new();
    let mut related_refs: Vec<(String, Vec<String>)> = Vec::new();
    for item in loaded {
        errors.extend(item.errors);
        summary.bytes += item.bytes;
        for (src, from) in item.media {
            media_refs.entry(src).or_insert(from);
        }
        if let Some(info) = item.info {
            related_refs.push((item.file_slug.clone(), item.related));
            articles.insert(item.file_slug, info);
        }
    }
    summary.articles = articles.len();
    summary.articles_with_image = articles.values().filter(|a| a.has_image).count();
    for (slug, related) in &related_refs {
        for target in related {
            if !articles.contains_key(target) {
                errors.push(format!("articles/{slug}.json: related item {target:?} has no articles/{target}.json"));
            }
        }
    }

    // categories/{slug}/page-{n}.json
    let mut listed: HashSet<String> = HashSet::with_capacity(articles.len());
    for category in &site.categories {
        let count = check_category(dir, category, &articles, &mut listed, &mut media_refs, &mut errors, &mut summary);
        summary.per_category.push((category.slug.clone(), count));
    }
    if let Ok(entries) = fs::read_dir(dir.join("categories")) {
        let mut names: Vec<String> = entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        for name in names {
            if !site_slugs.contains(&name) {
                errors.push(format!("categories/{name}: not a category of site.json"));
            }
        }
    }
    let mut unlisted: Vec<&String> = articles.keys().filter(|slug| !listed.contains(*slug)).collect();
    unlisted.sort();
    for slug in unlisted {
        let category = &articles[slug].category;
        errors.push(format!("articles/{slug}.json: not listed in any page of categories/{category}/"));
    }

    // home.json
    if let Some(home) = load(dir, "home.json", Kind::Home, model::decode_home, &mut errors, &mut summary.bytes) {
        for (i, item) in home.featured.iter().enumerate() {
            check_summary("home.json", &format!("featured[{i}]"), item, &articles, &mut media_refs, &mut errors);
        }
        for (s, section) in home.sections.iter().enumerate() {
            if !site_slugs.contains(&section.category.slug) {
                errors.push(format!(
                    "home.json: sections[{s}] is category {:?}, which site.json does not have",
                    section.category.slug
                ));
            }
            for (i, item) in section.items.iter().enumerate() {
                let at = format!("sections[{s}].items[{i}]");
                check_summary("home.json", &at, item, &articles, &mut media_refs, &mut errors);
            }
        }
    }

    // Media referenced relative to the API base must exist.
    for (src, from) in &media_refs {
        match media_path(src) {
            Err(reason) => errors.push(format!("{from}: image src {src:?} {reason}")),
            Ok(None) => {}
            Ok(Some(relative)) => {
                if !dir.join(&relative).is_file() {
                    errors.push(format!("{from}: image src {src:?} names {relative}, which does not exist"));
                }
            }
        }
    }
    let (media_files, media_bytes) = count_files(&dir.join("media"));
    summary.media_files = media_files;
    summary.bytes += media_bytes;

    if errors.is_empty() {
        Ok(summary)
    } else {
        Err(errors)
    }
}

/// Checks `site.json`'s `pages` and `links` against the folder `pages/`.
fn check_pages(dir: &Path, site: &model::Site, errors: &mut Vec<String>, summary: &mut Summary) {
    let mut listed: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, link) in site.pages.iter().enumerate() {
        if listed.contains_key(link.slug.as_str()) {
            errors.push(format!("site.json: pages[{i}] {:?} is listed twice", link.slug));
        } else {
            listed.insert(link.slug.as_str(), i);
        }
    }
    for (i, link) in site.links.iter().enumerate() {
        if routes::external_href(&link.url).is_none() {
            errors.push(format!(
                "site.json: links[{i}] url {:?} is not an absolute http(s) URL (the app would not link it)",
                link.url
            ));
        }
    }

    let mut files = BTreeSet::new();
    if let Ok(entries) = fs::read_dir(dir.join("pages")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            match name.strip_suffix(".json").filter(|slug| model::is_valid_slug(slug)) {
                Some(slug) => {
                    files.insert(slug.to_string());
                }
                None => errors.push(format!("pages/{name}: unexpected file (pages/ holds only {{slug}}.json)")),
            }
        }
    }
    for (&slug, &i) in &listed {
        if !files.contains(slug) {
            let file = PageDocument::StaticPage { slug: slug.to_string() }.api_path();
            errors.push(format!("{file}: missing (site.json lists it as pages[{i}])"));
        }
    }
    for slug in &files {
        let file = PageDocument::StaticPage { slug: slug.clone() }.api_path();
        let Some(page) = load(dir, &file, Kind::StaticPage, model::decode_static_page, errors, &mut summary.bytes)
        else {
            continue;
        };
        summary.pages += 1;
        if page.slug != *slug {
            errors.push(format!("{file}: slug is {:?}, the file name says {slug:?}", page.slug));
        }
        match listed.get(slug.as_str()) {
            None => {
                errors.push(format!("{file}: not listed in site.json's pages (every page is linked from the site)"))
            }
            Some(&i) => {
                let link_lang = site.pages[i].lang.as_deref().map_or("vi", model::content_lang);
                if link_lang != page.lang() {
                    errors.push(format!(
                        "{file}: the page is in {:?}, site.json's pages[{i}] says {link_lang:?}",
                        page.lang()
                    ));
                }
            }
        }
    }
}

/// Reads, schema-checks and decodes one document; `None` if it cannot be decoded.
fn load<T>(
    dir: &Path,
    relative: &str,
    kind: Kind,
    decode: fn(&str) -> Result<T, ApiError>,
    errors: &mut Vec<String>,
    bytes: &mut u64,
) -> Option<T> {
    let raw = match fs::read(dir.join(relative)) {
        Ok(raw) => raw,
        Err(error) => {
            errors.push(format!("{relative}: cannot read: {error}"));
            return None;
        }
    };
    *bytes += raw.len() as u64;
    let Ok(text) = String::from_utf8(raw) else {
        errors.push(format!("{relative}: not UTF-8"));
        return None;
    };
    match serde_json::from_str::<Value>(&text) {
        Err(error) => {
            errors.push(format!("{relative}: not JSON: {error}"));
            return None;
        }
        Ok(value) => {
            for problem in schema::errors(kind, &value, SCHEMA_ERRORS_PER_FILE) {
                errors.push(format!("{relative}: schema: {problem}"));
            }
        }
    }
    match decode(&text) {
        Ok(value) => Some(value),
        Err(error) => {
            errors.push(format!("{relative}: the app cannot decode it: {}", error.describe()));
            None
        }
    }
}

fn load_article(dir: &Path, path: &Path, site_slugs: &BTreeSet<String>) -> LoadedArticle {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let relative = format!("articles/{name}");
    let mut out = LoadedArticle {
        file_slug: name.strip_suffix(".json").unwrap_or(&name).to_string(),
        info: None,
        related: Vec::new(),
        media: Vec::new(),
        errors: Vec::new(),
        bytes: 0,
    };
    if !name.ends_with(".json") {
        out.errors.push(format!("{relative}: unexpected file (articles/ holds only {{slug}}.json)"));
        return out;
    }
    let Some(article) = load(dir, &relative, Kind::Article, model::decode_article, &mut out.errors, &mut out.bytes)
    else {
        return out;
    };
    if article.slug != out.file_slug {
        out.errors.push(format!("{relative}: slug is {:?}, the file name says {:?}", article.slug, out.file_slug));
    }
    if !site_slugs.contains(&article.category.slug) {
        out.errors.push(format!("{relative}: category {:?} is not in site.json", article.category.slug));
    }
    let mut seen = HashSet::new();
    for item in &article.related {
        if item.slug == article.slug {
            out.errors.push(format!("{relative}: related contains the article itself"));
        }
        if !seen.insert(item.slug.as_str()) {
            out.errors.push(format!("{relative}: related lists {:?} twice", item.slug));
        }
        out.related.push(item.slug.clone());
        if let Some(image) = &item.thumbnail {
            out.media.push((image.src.clone(), relative.clone()));
        }
    }
    if let Some(image) = &article.image {
        out.media.push((image.src.clone(), relative.clone()));
    }
    out.info = Some(ArticleInfo {
        category: article.category.slug,
        published_at: article.published_at,
        has_image: article.image.is_some(),
    });
    out
}

/// Checks one category's pages; returns how many items it lists.
fn check_category(
    dir: &Path,
    category: &model::Category,
    articles: &HashMap<String, ArticleInfo>,
    listed: &mut HashSet<String>,
    media_refs: &mut BTreeMap<String, String>,
    errors: &mut Vec<String>,
    summary: &mut Summary,
) -> usize {
    let slug = &category.slug;
    let folder = format!("categories/{slug}");
    let mut numbers = BTreeSet::new();
    match fs::read_dir(dir.join(&folder)) {
        Err(_) => {
            errors.push(format!("{folder}/page-1.json: missing (every category has a page 1, even an empty one)"));
            return 0;
        }
        Ok(entries) => {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                match page_number(&name) {
                    Some(n) => {
                        numbers.insert(n);
                    }
                    None => {
                        errors.push(format!("{folder}/{name}: unexpected file (expected page-{{n}}.json, n from 1)"))
                    }
                }
            }
        }
    }
    let first_name = format!("{folder}/page-1.json");
    let Some(first) =
        load(dir, &first_name, Kind::CategoryPage, model::decode_category_page, errors, &mut summary.bytes)
    else {
        return 0;
    };
    let total_pages = first.total_pages.max(1);
    let total_items = first.total_items;
    for extra in numbers.iter().filter(|n| **n > total_pages) {
        errors.push(format!("{folder}/page-{extra}.json: page beyond total_pages ({total_pages})"));
    }
    let page_size = if total_pages > 1 { first.items.len() } else { first.items.len().max(1) };
    let mut seen_in_list: HashSet<String> = HashSet::new();
    let mut previous: Option<DateTime<FixedOffset>> = None;
    let mut item_count = 0usize;
    let mut page_now = Some(first);
    for n in 1..=total_pages {
        let file = format!("{folder}/page-{n}.json");
        let page = match page_now.take() {
            Some(page) => page,
            None => {
                if !numbers.contains(&n) {
                    errors.push(format!("{file}: missing (total_pages is {total_pages})"));
                    continue;
                }
                match load(dir, &file, Kind::CategoryPage, model::decode_category_page, errors, &mut summary.bytes) {
                    Some(page) => page,
                    None => continue,
                }
            }
        };
        summary.list_pages += 1;
        if page.page != n {
            errors.push(format!("{file}: \"page\" is {}, the file name says {n}", page.page));
        }
        if page.category.slug != *slug {
            errors.push(format!("{file}: category is {:?}, the folder says {slug:?}", page.category.slug));
        }
        if page.total_pages != total_pages || page.total_items != total_items {
            errors.push(format!(
                "{file}: total_pages/total_items are {}/{}, page 1 says {total_pages}/{total_items}",
                page.total_pages, page.total_items
            ));
        }
        let len = page.items.len();
        if n < total_pages && len != page_size {
            errors.push(format!("{file}: {len} items, but every page before the last has {page_size} (as page 1)"));
        }
        if n == total_pages && total_items > 0 && (len == 0 || len > page_size) {
            errors.push(format!("{file}: the last page has {len} items (expected 1 to {page_size})"));
        }
        for (i, item) in page.items.iter().enumerate() {
            item_count += 1;
            check_summary(&file, &format!("items[{i}]"), item, articles, media_refs, errors);
            if let Some(info) = articles.get(&item.slug) {
                if info.category != *slug {
                    errors.push(format!(
                        "{file}: items[{i}] {:?} belongs to category {:?}, not {slug:?}",
                        item.slug, info.category
                    ));
                }
            }
            if !seen_in_list.insert(item.slug.clone()) {
                errors.push(format!("{file}: items[{i}] {:?} is listed twice in {slug}", item.slug));
            }
            if let Some(before) = previous {
                if item.published_at > before {
                    errors.push(format!(
                        "{file}: items[{i}] {:?} is newer than the item before it (lists are newest first)",
                        item.slug
                    ));
                }
            }
            previous = Some(item.published_at);
            listed.insert(item.slug.clone());
        }
    }
    if item_count != total_items as usize {
        errors.push(format!("{folder}: the pages list {item_count} items, total_items says {total_items}"));
    }
    let expected_pages = (total_items as usize).div_ceil(page_size.max(1)).max(1);
    if total_items > 0 && expected_pages != total_pages as usize {
        errors.push(format!(
            "{folder}: total_pages is {total_pages}, but {total_items} items at {page_size} a page make {expected_pages}"
        ));
    }
    if total_items == 0 && total_pages != 1 {
        errors.push(format!("{folder}: an empty category has total_pages 1, not {total_pages}"));
    }
    item_count
}

fn check_summary(
    file: &str,
    at: &str,
    item: &ArticleSummary,
    articles: &HashMap<String, ArticleInfo>,
    media_refs: &mut BTreeMap<String, String>,
    errors: &mut Vec<String>,
) {
    match articles.get(&item.slug) {
        None => errors.push(format!("{file}: {at} {:?} has no articles/{}.json", item.slug, item.slug)),
        Some(info) => {
            if info.published_at != item.published_at {
                errors.push(format!(
                    "{file}: {at} {:?} says published_at {}, the article says {}",
                    item.slug,
                    item.published_at.to_rfc3339(),
                    info.published_at.to_rfc3339()
                ));
            }
        }
    }
    if let Some(Image { src, .. }) = &item.thumbnail {
        media_refs.entry(src.clone()).or_insert_with(|| file.to_string());
    }
}

/// `page-12.json` gives 12; anything else (`page-0.json`, `page-01.json`) gives `None`.
pub fn page_number(name: &str) -> Option<u32> {
    let digits = name.strip_prefix("page-")?.strip_suffix(".json")?;
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The file a media `src` names inside the folder: `None` for absolute URLs
/// and root-relative paths (served from elsewhere), an error for paths that
/// escape the folder or use another scheme.
pub fn media_path(src: &str) -> Result<Option<String>, String> {
    let src = src.trim();
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || src.starts_with('/') {
        return Ok(None);
    }
    if let Some(colon) = src.find(':') {
        if !src[..colon].contains('/') {
            return Err("uses a scheme other than http/https".to_string());
        }
    }
    let path = src.split(['?', '#']).next().unwrap_or("");
    if path.is_empty()
        || path.contains('\\')
        || path.split('/').any(|part| part == ".." || part == "." || part.is_empty())
    {
        return Err("is not a clean relative path".to_string());
    }
    Ok(Some(percent_decode(path)))
}

fn percent_decode(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The files directly in `dir/sub`, sorted (an error if the folder is missing).
fn list_files(dir: &Path, sub: &str, errors: &mut Vec<String>) -> Vec<PathBuf> {
    match fs::read_dir(dir.join(sub)) {
        Err(error) => {
            errors.push(format!("{sub}/: cannot read: {error}"));
            Vec::new()
        }
        Ok(entries) => {
            let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            files.sort();
            files
        }
    }
}

/// How many files (recursively) and bytes a folder holds; zero if it does not exist.
fn count_files(dir: &Path) -> (usize, u64) {
    let mut count = 0;
    let mut bytes = 0;
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                let (c, b) = count_files(&path);
                count += c;
                bytes += b;
            } else {
                count += 1;
                bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    (count, bytes)
}

/// Maps `items` with a few threads, keeping their order.
fn parallel<T: Send>(items: &[PathBuf], f: impl Fn(&Path) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
    if threads == 1 || items.len() < 64 {
        return items.iter().map(|p| f(p)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|p| f(p)).collect::<Vec<T>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a checker thread panicked")).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        assert_eq!(page_number("page-1.json"), Some(1));
        assert_eq!(page_number("page-120.json"), Some(120));
        for bad in ["page-0.json", "page-01.json", "page-.json", "page-1.json.bak", "page-x.json", "index.json"] {
            assert_eq!(page_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn media_paths() {
        assert_eq!(media_path("media/a.svg"), Ok(Some("media/a.svg".to_string())));
        assert_eq!(media_path("media/a%20b.svg?v=2#x"), Ok(Some("media/a b.svg".to_string())));
        assert_eq!(media_path("https://cdn.example.vn/a.jpg"), Ok(None));
        assert_eq!(media_path("/static/a.jpg"), Ok(None));
        for bad in ["../a.svg", "media/../../a", "javascript:alert(1)", "media//a.svg", "a\\b", ""] {
            assert!(media_path(bad).is_err(), "{bad}");
        }
    }
}
