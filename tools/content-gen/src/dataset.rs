//! A dataset in memory (site, articles, static pages, media) and how it
//! becomes the contract's folder layout on disk.
//!
//! Lists, home and "Tin khác" are derived here, by the same rules for the
//! sample and for synthetic sets: lists newest first (ties by slug), home
//! `featured` = the 5 newest articles with an image, one home section per
//! category (site order) with its 5 newest items.

use std::fs;
use std::io;
use std::path::Path;

use crate::model::{Article, ArticleSummary, Category, CategoryListPage, Home, HomeSection, Image, Site, StaticPage};
use crate::routes::PageDocument;

/// A media file, written at `path` (relative to the dataset root, e.g. `media/a.svg`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaFile {
    pub path: String,
    pub content: Vec<u8>,
}

#[derive(Clone, Debug)]
pub struct Dataset {
    pub site: Site,
    pub articles: Vec<Article>,
    /// The static pages, written to `pages/{slug}.json` (`site.pages` links to them).
    pub pages: Vec<StaticPage>,
    pub media: Vec<MediaFile>,
    pub page_size: usize,
}

/// How many items home shows per block.
pub const HOME_FEATURED: usize = 5;
pub const HOME_SECTION_ITEMS: usize = 5;

/// What a write produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
}

impl Dataset {
    /// For each site category (in site order), the indices of its articles, newest first.
    pub fn category_lists(&self) -> Vec<Vec<usize>> {
        let mut lists = vec![Vec::new(); self.site.categories.len()];
        let position = |slug: &str| self.site.categories.iter().position(|c| c.slug == slug);
        for (i, article) in self.articles.iter().enumerate() {
            if let Some(c) = position(&article.category.slug) {
                lists[c].push(i);
            }
        }
        for list in &mut lists {
            self.sort_newest_first(list);
        }
        lists
    }

    fn sort_newest_first(&self, list: &mut [usize]) {
        list.sort_by(|&a, &b| {
            let (a, b) = (&self.articles[a], &self.articles[b]);
            b.published_at.cmp(&a.published_at).then_with(|| a.slug.cmp(&b.slug))
        });
    }

    /// All articles, newest first.
    pub fn newest_first(&self) -> Vec<usize> {
        let mut all: Vec<usize> = (0..self.articles.len()).collect();
        self.sort_newest_first(&mut all);
        all
    }

    /// Fills every article's "Tin khác": `count(article)` items of its own
    /// category, the nearest in time first (the next older, the next newer,
    /// ...). When the category is too small for 3, nearby articles of other
    /// categories complete the list.
    pub fn assign_related(&mut self, count: impl Fn(&Article) -> usize) {
        let lists = self.category_lists();
        let all = self.newest_first();
        let mut global_position = vec![0usize; self.articles.len()];
        for (p, &i) in all.iter().enumerate() {
            global_position[i] = p;
        }
        let mut related: Vec<Vec<usize>> = vec![Vec::new(); self.articles.len()];
        for list in &lists {
            for (p, &i) in list.iter().enumerate() {
                let want = count(&self.articles[i]);
                let picked = &mut related[i];
                for step in 1..list.len() {
                    if picked.len() >= want {
                        break;
                    }
                    if p + step < list.len() {
                        picked.push(list[p + step]);
                    }
                    if picked.len() < want && step <= p {
                        picked.push(list[p - step]);
                    }
                }
                if picked.len() < 3.min(want) {
                    let g = global_position[i];
                    for step in 1..all.len() {
                        if picked.len() >= 3 {
                            break;
                        }
                        for candidate in [g.checked_add(step), g.checked_sub(step)].into_iter().flatten() {
                            if let Some(&j) = all.get(candidate) {
                                if j != i && !picked.contains(&j) && picked.len() < 3 {
                                    picked.push(j);
                                }
                            }
                        }
                    }
                }
            }
        }
        let summaries: Vec<Vec<ArticleSummary>> =
            related.iter().map(|items| items.iter().map(|&j| related_summary(&self.articles[j])).collect()).collect();
        for (article, items) in self.articles.iter_mut().zip(summaries) {
            article.related = items;
        }
    }

    /// The list pages of every category, in site order.
    pub fn category_pages(&self) -> Vec<Vec<CategoryListPage>> {
        let lists = self.category_lists();
        let page_size = self.page_size.max(1);
        self.site
            .categories
            .iter()
            .zip(&lists)
            .map(|(category, list)| {
                let total_items = list.len();
                let total_pages = total_items.div_ceil(page_size).max(1);
                (0..total_pages)
                    .map(|p| CategoryListPage {
                        category: category.clone(),
                        page: p as u32 + 1,
                        total_pages: total_pages as u32,
                        total_items: total_items as u32,
                        items: list
                            .iter()
                            .skip(p * page_size)
                            .take(page_size)
                            .map(|&i| list_summary(&self.articles[i]))
                            .collect(),
                    })
                    .collect()
            })
            .collect()
    }

    pub fn home(&self) -> Home {
        let featured = self
            .newest_first()
            .into_iter()
            .filter(|&i| self.articles[i].image.is_some())
            .take(HOME_FEATURED)
            .map(|i| {
                let article = &self.articles[i];
                ArticleSummary { category: Some(article.category.clone()), ..list_summary(article) }
            })
            .collect();
        let sections = self
            .site
            .categories
            .iter()
            .zip(self.category_lists())
            .map(|(category, list)| HomeSection {
                category: category.clone(),
                items: list
                    .iter()
                    .take(HOME_SECTION_ITEMS)
                    .map(|&i| ArticleSummary { lead: None, ..list_summary(&self.articles[i]) })
                    .collect(),
            })
            .collect();
        Home { featured, sections }
    }

    /// Writes the dataset under `out` in the contract's URL layout.
    ///
    /// `out` is emptied of a previous dataset first (`site.json`, `home.json`,
    /// `articles/`, `categories/`, `pages/`, `media/`); a folder holding anything else
    /// and no `site.json` is refused, so a wrong `--out` cannot wipe unrelated files.
    pub fn write(&self, out: &Path) -> io::Result<WriteStats> {
        prepare_out_dir(out)?;
        let mut stats = WriteStats::default();
        let put = |relative: &str, bytes: &[u8], stats: &mut WriteStats| -> io::Result<()> {
            fs::write(out.join(relative), bytes)?;
            stats.files += 1;
            stats.bytes += bytes.len() as u64;
            Ok(())
        };
        put("site.json", &to_json(&self.site), &mut stats)?;
        put("home.json", &to_json(&self.home()), &mut stats)?;

        fs::create_dir_all(out.join("categories"))?;
        for pages in self.category_pages() {
            let slug = &pages[0].category.slug;
            fs::create_dir_all(out.join("categories").join(slug))?;
            for page in &pages {
                put(&format!("categories/{slug}/page-{}.json", page.page), &to_json(page), &mut stats)?;
            }
        }

        if !self.pages.is_empty() {
            fs::create_dir_all(out.join("pages"))?;
        }
        for page in &self.pages {
            let path = PageDocument::StaticPage { slug: page.slug.clone() }.api_path();
            put(&path, &to_json(page), &mut stats)?;
        }

        fs::create_dir_all(out.join("media"))?;
        for file in &self.media {
            put(&file.path, &file.content, &mut stats)?;
        }

        fs::create_dir_all(out.join("articles"))?;
        let article_stats = write_articles(&self.articles, &out.join("articles"))?;
        stats.files += article_stats.files;
        stats.bytes += article_stats.bytes;
        Ok(stats)
    }
}

/// Article files, written by a few threads (large sets have 100 000 of them).
fn write_articles(articles: &[Article], dir: &Path) -> io::Result<WriteStats> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 4);
    let chunk = articles.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = articles
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || -> io::Result<WriteStats> {
                    let mut stats = WriteStats::default();
                    for article in part {
                        let bytes = to_json(article);
                        fs::write(dir.join(format!("{}.json", article.slug)), &bytes)?;
                        stats.files += 1;
                        stats.bytes += bytes.len() as u64;
                    }
                    Ok(stats)
                })
            })
            .collect();
        let mut total = WriteStats::default();
        for handle in handles {
            let stats = handle.join().expect("a writer thread panicked")?;
            total.files += stats.files;
            total.bytes += stats.bytes;
        }
        Ok(total)
    })
}

fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("contract types always serialise")
}

/// Empties `out` of a previous dataset, or refuses a folder that is not one.
pub fn prepare_out_dir(out: &Path) -> io::Result<()> {
    if !out.exists() {
        return fs::create_dir_all(out);
    }
    let mut entries = fs::read_dir(out)?.peekable();
    if entries.peek().is_none() {
        return Ok(());
    }
    if !out.join("site.json").is_file() {
        return Err(io::Error::other(format!(
            "refusing to write into {}: the folder is not empty and has no site.json (not a content folder)",
            out.display()
        )));
    }
    for name in ["site.json", "home.json"] {
        let path = out.join(name);
        if path.exists() {
            fs::remove_file(path)?;
        }
    }
    for name in ["articles", "categories", "pages", "media"] {
        let path = out.join(name);
        if path.exists() {
            fs::remove_dir_all(path)?;
        }
    }
    Ok(())
}

/// An image as a list shows it: no caption.
pub fn thumbnail(image: &Image) -> Image {
    Image { caption: None, ..image.clone() }
}

/// A list item: title, time, lead and thumbnail (no category: the list says it).
pub fn list_summary(article: &Article) -> ArticleSummary {
    ArticleSummary {
        slug: article.slug.clone(),
        title: article.title.clone(),
        published_at: article.published_at,
        lead: Some(article.lead.clone()),
        thumbnail: article.image.as_ref().map(thumbnail),
        category: None,
    }
}

/// A "Tin khác" item: title and time only.
pub fn related_summary(article: &Article) -> ArticleSummary {
    ArticleSummary {
        slug: article.slug.clone(),
        title: article.title.clone(),
        published_at: article.published_at,
        lead: None,
        thumbnail: None,
        category: None,
    }
}

/// A category as the contract carries it.
pub fn category(slug: &str, name: &str, description: Option<&str>) -> Category {
    Category { slug: slug.to_string(), name: name.to_string(), description: description.map(str::to_string) }
}
