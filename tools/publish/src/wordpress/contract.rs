//! The contract's documents from the mapped posts, pure: `site.json`,
//! `home.json`, every category's list pages and every article, with "Tin
//! khác" from the article's own category. The same posts always give the
//! same bytes, so a republish rewrites only what changed.

use std::collections::{BTreeMap, HashMap};

use ban_tin::model::{Article, ArticleSummary, Category, CategoryListPage, Home, HomeSection, Image, PageLink, Site, StaticPage};

use super::map::{WpCategory, WpImage, WpPage, WpPost};

/// Articles per list page (the sample's size).
pub const PAGE_SIZE: usize = 10;
/// "Tin nổi bật": the newest articles with an image.
pub const FEATURED: usize = 5;
/// Items per category on the home page.
pub const SECTION_ITEMS: usize = 5;
/// "Tin khác" per article.
pub const RELATED: usize = 5;
/// The folder, under the API base, that holds the featured images.
pub const MEDIA_FOLDER: &str = "media/wp";

/// The portal, from the REST API's index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteInfo {
    pub name: String,
    pub tagline: Option<String>,
    /// The public origin (`site.json`'s `url`).
    pub url: Option<String>,
}

/// The file an image is kept as (under [`MEDIA_FOLDER`]): a hash of its
/// address (so a replaced image is a new file) and its extension.
pub fn media_file(image: &WpImage) -> String {
    let hash = image.source_url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
    let path = image.source_url.split(['?', '#']).next().unwrap_or_default();
    let extension = path.rsplit_once('.').map(|(_, extension)| extension.to_ascii_lowercase()).unwrap_or_default();
    let extension = match extension.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" => extension.as_str(),
        _ => "img",
    };
    format!("{}-{hash:016x}.{extension}", image.media_id)
}

fn image_of(image: &WpImage) -> Image {
    image.contract_image(format!("{MEDIA_FOLDER}/{}", media_file(image)))
}

/// The category an article is published under: the first of its
/// categories that the site has.
fn primary_category<'a>(post: &WpPost, categories: &'a HashMap<u64, &'a WpCategory>) -> Option<&'a WpCategory> {
    post.category_ids.iter().find_map(|id| categories.get(id).copied())
}

fn summary(post: &WpPost, category: &Category) -> ArticleSummary {
    ArticleSummary {
        slug: post.slug.clone(),
        title: post.title.clone(),
        published_at: post.published_at,
        lead: Some(post.lead.clone()).filter(|lead| !lead.is_empty()),
        thumbnail: post.image.as_ref().map(|image| Image { caption: None, ..image_of(image) }),
        category: Some(category.clone()),
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    // Serialising the contract's own types cannot fail (string keys, no maps of other keys).
    serde_json::to_string(value).unwrap_or_default()
}

/// Every document of the site, as (path under the API base, JSON). Posts
/// none of whose categories the site has are left out. Categories without
/// an article are left out of the menu. WordPress pages are the static
/// pages, in `menu_order` (then id) order; a slug used twice (pages of
/// different parents) keeps its first page.
pub fn documents(site: &SiteInfo, categories: &[WpCategory], posts: &[&WpPost], pages: &[WpPage]) -> Vec<(String, String)> {
    let mut pages: Vec<&WpPage> = pages.iter().collect();
    pages.sort_by_key(|page| (page.menu_order, page.id));
    let mut seen = std::collections::BTreeSet::new();
    pages.retain(|page| seen.insert(page.slug.clone()));
    let by_id: HashMap<u64, &WpCategory> = categories.iter().map(|category| (category.id, category)).collect();
    // Each category's posts, newest first (the same instant: by slug).
    let mut lists: BTreeMap<u64, Vec<&WpPost>> = BTreeMap::new();
    for post in posts {
        if let Some(category) = primary_category(post, &by_id) {
            lists.entry(category.id).or_default().push(post);
        }
    }
    for list in lists.values_mut() {
        list.sort_by(|a, b| b.published_at.cmp(&a.published_at).then_with(|| a.slug.cmp(&b.slug)));
    }
    // Menu order: WordPress's categories in the order they were made (their ids).
    let mut menu: Vec<&WpCategory> = categories.iter().filter(|category| lists.contains_key(&category.id)).collect();
    menu.sort_by_key(|category| category.id);

    let mut files = Vec::new();
    let site_document = Site {
        name: site.name.clone(),
        url: site.url.clone(),
        tagline: site.tagline.clone(),
        categories: menu.iter().map(|category| category.category.clone()).collect(),
        footer: None,
        pages: pages.iter().map(|page| PageLink { slug: page.slug.clone(), title: page.title.clone(), lang: None }).collect(),
        links: Vec::new(),
        search: None,
    };
    files.push(("site.json".to_string(), json(&site_document)));
    for page in &pages {
        let document = StaticPage {
            slug: page.slug.clone(),
            title: page.title.clone(),
            lang: None,
            body_html: page.body_html.clone(),
            updated_at: Some(page.updated_at),
        };
        files.push((format!("pages/{}.json", page.slug), json(&document)));
    }

    let mut newest: Vec<(&WpPost, &Category)> =
        menu.iter().flat_map(|category| lists[&category.id].iter().map(move |post| (*post, &category.category))).collect();
    newest.sort_by(|a, b| b.0.published_at.cmp(&a.0.published_at).then_with(|| a.0.slug.cmp(&b.0.slug)));
    let home = Home {
        featured: newest
            .iter()
            .filter(|(post, _)| post.image.is_some())
            .take(FEATURED)
            .map(|(post, category)| summary(post, category))
            .collect(),
        sections: menu
            .iter()
            .map(|category| HomeSection {
                category: category.category.clone(),
                items: lists[&category.id].iter().take(SECTION_ITEMS).map(|post| summary(post, &category.category)).collect(),
            })
            .collect(),
    };
    files.push(("home.json".to_string(), json(&home)));

    for category in &menu {
        let list = &lists[&category.id];
        let total_pages = list.len().div_ceil(PAGE_SIZE).max(1);
        for (index, chunk) in list.chunks(PAGE_SIZE).enumerate() {
            let page = CategoryListPage {
                category: category.category.clone(),
                page: (index + 1) as u32,
                total_pages: total_pages as u32,
                total_items: list.len() as u32,
                items: chunk.iter().map(|post| summary(post, &category.category)).collect(),
            };
            files.push((format!("categories/{}/page-{}.json", category.category.slug, index + 1), json(&page)));
        }
        for (position, post) in list.iter().enumerate() {
            // "Tin khác": the articles published just before this one in its
            // category, then (for the oldest) the ones just after: a new
            // article changes the "Tin khác" of a few neighbours only.
            let older = list.iter().skip(position + 1);
            let newer = list[..position].iter().rev();
            let related = older.chain(newer).take(RELATED).map(|other| summary(other, &category.category)).collect();
            let article = Article {
                slug: post.slug.clone(),
                title: post.title.clone(),
                category: category.category.clone(),
                published_at: post.published_at,
                updated_at: Some(post.updated_at).filter(|updated| *updated > post.published_at),
                lead: post.lead.clone(),
                image: post.image.as_ref().map(image_of),
                body_html: post.body_html.clone(),
                author: post.author.clone(),
                related,
            };
            files.push((format!("articles/{}.json", post.slug), json(&article)));
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wordpress::map::gmt_to_vietnam;
    use ban_tin::model;

    fn post(id: u64, category: u64, day: u32, image: bool) -> WpPost {
        WpPost {
            id,
            slug: format!("bai-{id}"),
            title: format!("Bài {id}"),
            lead: format!("Mở đầu {id}"),
            body_html: "<p>Thân bài</p>".into(),
            published_at: gmt_to_vietnam(&format!("2026-09-{day:02}T01:00:00")).unwrap(),
            updated_at: gmt_to_vietnam(&format!("2026-09-{day:02}T01:00:00")).unwrap(),
            modified_gmt: format!("2026-09-{day:02}T01:00:00"),
            category_ids: vec![category],
            author: Some("Thu Hà".into()),
            image: image.then(|| WpImage {
                media_id: id,
                source_url: format!("http://wp.test/wp-content/uploads/{id}.png"),
                alt: "Ảnh".into(),
                caption: Some("Chú thích".into()),
                width: Some(800),
                height: Some(450),
            }),
        }
    }

    fn category(id: u64, slug: &str, name: &str) -> WpCategory {
        WpCategory { id, category: Category { slug: slug.into(), name: name.into(), description: None } }
    }

    #[test]
    fn documents_follow_the_contract() {
        let categories = [category(3, "kinh-te", "Kinh tế"), category(2, "tin-tuc", "Tin tức"), category(1, "trong", "Trống")];
        let posts: Vec<WpPost> = (1..=23).map(|id| post(id, if id <= 13 { 2 } else { 3 }, id as u32, id % 2 == 0)).collect();
        let refs: Vec<&WpPost> = posts.iter().collect();
        let site = SiteInfo { name: "Thanh Vân".into(), tagline: None, url: Some("https://thanhvan.gov.vn".into()) };
        let page = |id: u64, slug: &str, menu_order: i64| WpPage {
            id,
            slug: slug.into(),
            title: format!("Trang {id}"),
            body_html: "<p>Giới thiệu</p>".into(),
            updated_at: gmt_to_vietnam("2026-09-01T01:00:00").unwrap(),
            menu_order,
        };
        let pages = [page(9, "lien-he", 2), page(8, "gioi-thieu", 1), page(7, "lien-he", 3)];
        let files: BTreeMap<String, String> = documents(&site, &categories, &refs, &pages).into_iter().collect();
        let site = model::decode_site(&files["site.json"]).unwrap();
        assert_eq!(site.pages.iter().map(|p| (p.slug.as_str(), p.title.as_str())).collect::<Vec<_>>(), [("gioi-thieu", "Trang 8"), ("lien-he", "Trang 9")]);
        assert_eq!(model::decode_static_page(&files["pages/lien-he.json"]).unwrap().title, "Trang 9");
        // Menu in creation order, without the empty category.
        assert_eq!(site.categories.iter().map(|c| c.slug.as_str()).collect::<Vec<_>>(), ["tin-tuc", "kinh-te"]);
        let page2 = model::decode_category_page(&files["categories/tin-tuc/page-2.json"]).unwrap();
        assert_eq!((page2.page, page2.total_pages, page2.total_items, page2.items.len()), (2, 2, 13, 3));
        assert_eq!(page2.items[0].slug, "bai-3", "newest first");
        assert!(!files.contains_key("categories/tin-tuc/page-3.json"));
        let home = model::decode_home(&files["home.json"]).unwrap();
        assert_eq!(home.featured.iter().map(|s| s.slug.as_str()).collect::<Vec<_>>(), ["bai-22", "bai-20", "bai-18", "bai-16", "bai-14"]);
        assert_eq!(home.sections.len(), 2);
        let article = model::decode_article(&files["articles/bai-8.json"]).unwrap();
        assert_eq!(article.related.iter().map(|s| s.slug.as_str()).collect::<Vec<_>>(), ["bai-7", "bai-6", "bai-5", "bai-4", "bai-3"]);
        let oldest = model::decode_article(&files["articles/bai-1.json"]).unwrap();
        assert_eq!(oldest.related.iter().map(|s| s.slug.as_str()).collect::<Vec<_>>(), ["bai-2", "bai-3", "bai-4", "bai-5", "bai-6"]);
        let image = model::decode_article(&files["articles/bai-2.json"]).unwrap().image.unwrap();
        assert!(image.src.starts_with("media/wp/2-") && image.src.ends_with(".png"), "{}", image.src);
        assert_eq!(image.caption.as_deref(), Some("Chú thích"));
        assert_eq!(files.len(), 2 + 2 + 2 + 1 + 23);
    }
}
