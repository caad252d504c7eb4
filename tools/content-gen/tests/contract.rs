//! The content contract, end to end: the shipped sample, fresh generations,
//! large synthetic sets, broken folders, the JSON Schemas, and decoding that
//! never panics whatever bytes arrive.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Timelike};
use content_gen::dataset::Dataset;
use content_gen::model::{self, ApiError, Article, CategoryListPage, Home, Site, StaticPage};
use content_gen::rng::Rng;
use content_gen::routes;
use content_gen::schema::{self, Kind};
use content_gen::{check_dataset, sample, sample_pages, synth};
use serde_json::{json, Value};

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/api")
}

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("content-gen-test-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn read(dir: &Path, relative: &str) -> String {
    fs::read_to_string(dir.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn articles(dir: &Path) -> BTreeMap<String, Article> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir.join("articles")).unwrap() {
        let path = entry.unwrap().path();
        let article = model::decode_article(&fs::read_to_string(&path).unwrap()).unwrap();
        out.insert(article.slug.clone(), article);
    }
    out
}

fn page(dir: &Path, slug: &str, n: u32) -> CategoryListPage {
    model::decode_category_page(&read(dir, &format!("categories/{slug}/page-{n}.json"))).unwrap()
}

/// Every file under `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn shipped_sample_passes_the_check_and_has_what_the_app_needs() {
    let dir = shipped();
    let summary = check_dataset(&dir).unwrap_or_else(|errors| panic!("content/api is invalid:\n{}", errors.join("\n")));
    assert!(summary.categories >= 8, "{summary}");
    assert!(summary.articles >= 120, "{summary}");
    let per: BTreeMap<_, _> = summary.per_category.iter().cloned().collect();
    assert!(per["thi-dua-khen-thuong"] >= 25, "{per:?}");
    assert_eq!(summary.pages, 5, "{summary}");

    let site: Site = model::decode_site(&read(&dir, "site.json")).unwrap();
    assert_eq!(site.name, "Cổng thông tin điện tử Thành phố Thanh Vân");
    let slugs: Vec<&str> = site.categories.iter().map(|c| c.slug.as_str()).collect();
    for required in [
        "thi-dua-khen-thuong",
        "tin-tuc-su-kien",
        "chi-dao-dieu-hanh",
        "van-hoa-xa-hoi",
        "kinh-te",
        "thong-bao",
        "quy-hoach-do-thi",
        "cai-cach-hanh-chinh",
    ] {
        assert!(slugs.contains(&required), "missing category {required}");
    }
    assert!(site.categories.iter().all(|c| c.description.as_deref().is_some_and(|d| !d.is_empty())));
    let thi_dua = page(&dir, "thi-dua-khen-thuong", 1);
    assert!(thi_dua.total_pages >= 3, "{}", thi_dua.total_pages);
    assert_eq!(thi_dua.items.len(), 10);

    // The reference article.
    let all = articles(&dir);
    let reference = &all[sample::REFERENCE_SLUG];
    assert_eq!(reference.published_at.to_rfc3339(), "2021-12-22T08:03:00+07:00");
    assert_eq!(reference.category.slug, "thi-dua-khen-thuong");
    assert!(reference.title.starts_with("Hội nghị tổng kết công tác thi đua, khen thưởng năm 2021"));
    let image = reference.image.as_ref().expect("a photo");
    assert!(image.caption.as_deref().is_some_and(|c| !c.is_empty()));
    assert!(!image.alt.is_empty());
    assert_eq!((image.width, image.height), (Some(800), Some(450)));
    assert!(dir.join(&image.src).is_file());
    assert_eq!(reference.author.as_deref(), Some("Minh Châu"));
    assert!(!reference.lead.is_empty());
    assert!(reference.body_html.matches("<p>").count() >= 6);
    assert!((5..=8).contains(&reference.related.len()), "{}", reference.related.len());
    for item in &reference.related {
        assert_eq!(all[&item.slug].category.slug, "thi-dua-khen-thuong");
        assert_ne!(item.slug, reference.slug);
    }
}

#[test]
fn shipped_sample_has_the_variety_downstream_tests_rely_on() {
    let dir = shipped();
    let all = articles(&dir);
    let site = model::decode_site(&read(&dir, "site.json")).unwrap();
    let mut titles = BTreeSet::new();
    for article in all.values() {
        assert!(titles.insert(article.title.clone()), "duplicate title {}", article.title);
        assert!(model::is_valid_slug(&article.slug));
        assert!(!article.title.is_ascii(), "no diacritics in {:?}", article.title);
        assert_eq!(article.published_at.offset().local_minus_utc(), 7 * 3600, "{}", article.slug);
        assert!((2019..=2026).contains(&article.published_at.year()), "{}", article.slug);
        let minute = article.published_at.hour() * 60 + article.published_at.minute();
        assert!((7 * 60 + 30..=17 * 60 + 30).contains(&minute), "{} at {}", article.slug, article.published_at);
        if let Some(updated) = article.updated_at {
            assert!(updated >= article.published_at, "{}", article.slug);
        }
        assert!((3..=8).contains(&article.related.len()), "{}: {} related", article.slug, article.related.len());
        for item in &article.related {
            assert_ne!(item.slug, article.slug);
            assert_eq!(all[&item.slug].category.slug, article.category.slug, "{}", article.slug);
        }
        if let Some(image) = &article.image {
            assert!(image.src.starts_with("media/") && (image.src.ends_with(".svg") || image.src.ends_with(".jpg")));
            assert!(!image.alt.trim().is_empty());
            assert!(image.width.is_some() && image.height.is_some());
        }
    }
    let years: BTreeSet<i32> = all.values().map(|a| a.published_at.year()).collect();
    assert_eq!(years, (2019..=2026).collect(), "timestamps spread over 2019–2026");
    assert!(all.values().any(|a| a.meaningful_update().is_some()));
    assert!(all.values().any(|a| a.updated_at.is_some() && a.meaningful_update().is_none()));
    assert!(all.values().filter(|a| a.author.is_none()).count() >= 5);
    assert!(all.values().filter(|a| a.image.is_none()).count() >= 20);
    let with_image = all.values().filter(|a| a.image.is_some()).count();
    assert!(with_image >= 30, "{with_image}");
    let captioned = all.values().filter(|a| a.image.as_ref().is_some_and(|i| i.caption.is_some())).count();
    assert!(captioned * 2 > with_image, "most images have a caption");
    assert!(all.values().filter(|a| a.body_html.matches("<p>").count() >= 20).count() >= 3, "long articles");
    assert!(all.values().filter(|a| a.body_html.contains("<strong>")).count() >= 20);
    assert!(all.values().filter(|a| a.body_html.contains("<em>")).count() >= 20);
    assert!(all.values().any(|a| a.body_html.contains(r#"<a href="/bai-viet/"#)));
    assert!(all
        .values()
        .any(|a| a.body_html.contains(r#"<a href="https://"#) && a.body_html.contains("example.gov.vn")));
    assert!(!all.values().any(|a| a.body_html.contains("href=\"http://") || a.body_html.contains("<script")));

    // Exactly one article with a table; it also has lists and a quotation.
    let tables: Vec<&Article> = all.values().filter(|a| a.body_html.contains("<table")).collect();
    assert_eq!(tables.len(), 1);
    let table = tables[0];
    assert_eq!(table.title, sample::TABLE_TITLE);
    for tag in ["<caption>", "<thead>", "<tbody>", "<ul>", "<ol>", "<blockquote>", "<h2>"] {
        assert!(table.body_html.contains(tag), "{tag}");
    }
    assert!(table.body_html.matches("<p>").count() >= 20);

    // Characters that need escaping downstream.
    let special = all.values().find(|a| a.title == sample::SPECIAL_TITLE).expect("the special notice");
    assert_eq!(special.category.slug, "thong-bao");
    for c in ['"', '&', '?', '#', '%'] {
        assert!(special.title.contains(c), "{c}");
    }
    assert!(special.lead.contains('<') && special.lead.contains('&'));

    // An article with none of the optional fields.
    let bare = all.values().find(|a| a.title == sample::BARE_TITLE).unwrap();
    assert!(bare.image.is_none() && bare.author.is_none() && bare.updated_at.is_none());
    let bare_json: Value = serde_json::from_str(&read(&dir, &format!("articles/{}.json", bare.slug))).unwrap();
    for field in ["image", "author", "updated_at"] {
        assert!(bare_json.get(field).is_none(), "{field}");
    }

    // Home: the 5 newest articles with an image, then one section per category.
    let home: Home = model::decode_home(&read(&dir, "home.json")).unwrap();
    let mut with_images: Vec<&Article> = all.values().filter(|a| a.image.is_some()).collect();
    with_images.sort_by(|a, b| b.published_at.cmp(&a.published_at).then_with(|| a.slug.cmp(&b.slug)));
    let expected: Vec<&str> = with_images.iter().take(5).map(|a| a.slug.as_str()).collect();
    let featured: Vec<&str> = home.featured.iter().map(|s| s.slug.as_str()).collect();
    assert_eq!(featured, expected);
    assert!(home.featured.iter().all(|s| s.thumbnail.is_some() && s.category.is_some()));
    let sections: Vec<&str> = home.sections.iter().map(|s| s.category.slug.as_str()).collect();
    let site_order: Vec<&str> = site.categories.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(sections, site_order);
    for section in &home.sections {
        assert_eq!(section.items.len(), 5);
        assert_eq!(
            section.items,
            page(&dir, &section.category.slug, 1).items[..5]
                .iter()
                .map(|s| model::ArticleSummary { lead: None, ..s.clone() })
                .collect::<Vec<_>>()
        );
    }

    // Thumbnails on list items exactly when the article has an image.
    for category in &site.categories {
        let first = page(&dir, &category.slug, 1);
        for n in 1..=first.total_pages {
            for item in page(&dir, &category.slug, n).items {
                assert_eq!(item.thumbnail.is_some(), all[&item.slug].image.is_some(), "{}", item.slug);
            }
        }
    }

    // Illustrations: small, original SVG; and the few photographs.
    let mut photographs = 0;
    for entry in fs::read_dir(dir.join("media")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        if path.extension().is_some_and(|e| e == "jpg") {
            photographs += 1;
            assert!(bytes.len() <= 2_600_000, "{} is {} bytes", path.display(), bytes.len());
            continue;
        }
        assert!(bytes.len() < 6 * 1024, "{} is {} bytes", path.display(), bytes.len());
        assert!(bytes.starts_with(b"<svg xmlns=\"http://www.w3.org/2000/svg\""));
    }
    assert_eq!(photographs, sample::PHOTOGRAPHS.len());
}

/// The EXIF values of a JPEG file, read by a reader written here from the
/// TIFF layout (not from `photo::exif`): IFD0, then the Exif and GPS IFDs
/// it points to, as (tag, value bytes).
fn exif_fields(jpeg: &[u8]) -> BTreeMap<(&'static str, u16), Vec<u8>> {
    let segment = jpeg.windows(6).position(|w| w == b"Exif\0\0").expect("an Exif segment");
    let tiff = &jpeg[segment + 6..];
    let little = &tiff[..2] == b"II";
    let u16_at = |i: usize| if little { u16::from_le_bytes([tiff[i], tiff[i + 1]]) } else { u16::from_be_bytes([tiff[i], tiff[i + 1]]) };
    let u32_at = |i: usize| {
        let b = [tiff[i], tiff[i + 1], tiff[i + 2], tiff[i + 3]];
        if little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) }
    };
    let mut out = BTreeMap::new();
    let mut ifds = vec![("0", u32_at(4) as usize)];
    while let Some((name, at)) = ifds.pop() {
        for n in 0..u16_at(at) as usize {
            let entry = at + 2 + n * 12;
            let (tag, kind, count) = (u16_at(entry), u16_at(entry + 2), u32_at(entry + 4) as usize);
            let size = count * [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8][kind as usize];
            let value = if size <= 4 { tiff[entry + 8..entry + 8 + size].to_vec() } else {
                let offset = u32_at(entry + 8) as usize;
                tiff[offset..offset + size].to_vec()
            };
            match (name, tag) {
                ("0", 0x8769) => ifds.push(("exif", u32_at(entry + 8) as usize)),
                ("0", 0x8825) => ifds.push(("gps", u32_at(entry + 8) as usize)),
                _ => {}
            }
            out.insert((name, tag), value);
        }
    }
    out
}

#[test]
fn shipped_sample_photographs_are_camera_photographs() {
    use image::ImageDecoder;
    let dir = shipped();
    let all = articles(&dir);
    let mut turned = 0;
    for photo in &sample::PHOTOGRAPHS {
        let article = all.values().find(|a| a.title == photo.title).unwrap_or_else(|| panic!("{}", photo.title));
        let image = article.image.as_ref().expect("the photograph leads the article");
        assert_eq!(image.src, format!("media/{}.jpg", article.slug));
        assert_eq!(image.alt, photo.alt);
        assert_eq!(image.caption.as_deref(), Some(photo.caption));
        let bytes = fs::read(dir.join(&image.src)).unwrap();
        assert!(bytes.len() <= 2_600_000, "{}: {} bytes", image.src, bytes.len());
        assert_eq!(&bytes[..4], &[0xFF, 0xD8, 0xFF, 0xE1], "{}: EXIF right after SOI", image.src);

        // As a browser or the publisher reads it: the frame, the orientation, the picture as shown.
        let mut decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(&bytes)).unwrap();
        let (stored_width, stored_height) = decoder.dimensions();
        let orientation = decoder.orientation().unwrap();
        let shown = if orientation == image::metadata::Orientation::Rotate90 {
            turned += 1;
            (stored_height, stored_width)
        } else {
            assert_eq!(orientation, image::metadata::Orientation::NoTransforms, "{}", image.src);
            (stored_width, stored_height)
        };
        assert_eq!((image.width, image.height), (Some(shown.0), Some(shown.1)), "{}: the size as shown", image.src);
        assert!((3000..=4000).contains(&shown.0.max(shown.1)), "{}: {shown:?}", image.src);
        if photo.spec.orientation == 6 {
            assert!(stored_width > stored_height && shown.1 > shown.0, "{}: stored landscape, shown portrait", image.src);
        }
        let mut picture = image::DynamicImage::from_decoder(decoder).unwrap();
        picture.apply_orientation(orientation);
        let picture = picture.to_rgb8();
        // The sky is on top once turned: brighter and bluer than the bottom.
        let band = |rows: std::ops::Range<u32>| {
            let mut sum = [0u64; 3];
            for y in rows.clone().step_by(7) {
                for x in (0..picture.width()).step_by(7) {
                    let p = picture.get_pixel(x, y);
                    for c in 0..3 {
                        sum[c] += p[c] as u64;
                    }
                }
            }
            sum
        };
        let height = picture.height();
        let (top, bottom) = (band(0..height / 10), band(height * 9 / 10..height));
        assert!(top[2] > bottom[2], "{}: the sky is at the top as shown ({top:?} vs {bottom:?})", image.src);

        // What the camera wrote.
        let exif = exif_fields(&bytes);
        assert_eq!(exif[&("0", 0x010F)], b"Thanh Van Optics\0", "Make");
        assert_eq!(exif[&("0", 0x0110)], b"TV-24 Mark II\0", "Model");
        assert_eq!(exif[&("exif", 0x9003)], format!("{}\0", photo.spec.taken).into_bytes(), "DateTimeOriginal");
        assert_eq!(exif[&("gps", 0x0001)], b"N\0");
        assert_eq!(exif[&("gps", 0x0003)], b"E\0");
        let degrees = |value: &[u8]| {
            let r = |i: usize| u32::from_le_bytes(value[i..i + 4].try_into().unwrap()) as f64;
            r(0) / r(4) + r(8) / r(12) / 60.0 + r(16) / r(20) / 3600.0
        };
        let (latitude, longitude) = (degrees(&exif[&("gps", 0x0002)]), degrees(&exif[&("gps", 0x0004)]));
        assert!((15.9..16.2).contains(&latitude) && (108.0..108.4).contains(&longitude), "{latitude} N {longitude} E");
        let published = article.published_at;
        assert!(photo.spec.taken.starts_with(&published.format("%Y:%m").to_string()), "{}: taken {}", image.src, photo.spec.taken);
    }
    assert!(turned >= 2, "{turned} photographs are stored turned");
}

fn static_page(dir: &Path, slug: &str) -> StaticPage {
    model::decode_static_page(&read(dir, &format!("pages/{slug}.json"))).unwrap()
}

/// The element names of an HTML fragment, opening and closing tags alike.
fn tag_names(html: &str) -> BTreeSet<String> {
    html.split('<')
        .skip(1)
        .map(|rest| {
            let rest = rest.strip_prefix('/').unwrap_or(rest);
            rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>()
        })
        .collect()
}

#[test]
fn shipped_sample_has_its_static_pages_and_related_portals() {
    let dir = shipped();
    let site = model::decode_site(&read(&dir, "site.json")).unwrap();
    let slugs: Vec<&str> = site.pages.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["gioi-thieu", "lien-he", routes::SITE_MAP_PAGE, routes::FEEDS_PAGE, "english"]);
    assert_eq!(site.english_page().map(|p| p.slug.as_str()), Some("english"));
    let site_json: Value = serde_json::from_str(&read(&dir, "site.json")).unwrap();
    assert_eq!(site_json["pages"][4], json!({"slug": "english", "title": "English", "lang": "en"}));
    assert!(site_json["pages"][0].get("lang").is_none(), "Vietnamese pages leave lang out");

    let pages: BTreeMap<&str, StaticPage> = slugs.iter().map(|slug| (*slug, static_page(&dir, slug))).collect();
    // The elements the sanitiser keeps (docs/API.md, "body_html").
    const KEPT: &str = "p br h2 h3 h4 h5 h6 strong b em i u s sub sup small mark blockquote q cite ul ol li dl dt dd \
        figure figcaption img table caption thead tbody tfoot tr th td a hr pre code abbr span div";
    for link in &site.pages {
        let page = &pages[link.slug.as_str()];
        assert_eq!(
            (&page.slug, &page.title, page.lang()),
            (&link.slug, &link.title, link.lang.as_deref().unwrap_or("vi"))
        );
        for tag in tag_names(&page.body_html) {
            assert!(
                KEPT.split_whitespace().any(|kept| kept == tag),
                "{}: <{tag}> is not kept by the sanitiser",
                page.slug
            );
        }
        assert!(!page.body_html.contains("<h1"), "{}", page.slug);
        // Links inside the portal lead to pages and categories that exist.
        for part in page.body_html.split("href=\"").skip(1) {
            let href = &part[..part.find('"').unwrap()];
            if let Some(slug) = href.strip_prefix("/trang/") {
                assert!(slugs.contains(&slug), "{}: link to {href}", page.slug);
            } else if let Some(slug) = href.strip_prefix("/chuyen-muc/") {
                assert!(site.categories.iter().any(|c| c.slug == slug), "{}: link to {href}", page.slug);
            } else {
                assert!(
                    ["https://", "mailto:", "tel:+84"].iter().any(|scheme| href.starts_with(scheme)),
                    "{}: link to {href}",
                    page.slug
                );
            }
        }
        if page.lang() == "vi" {
            assert!(page.body_html.contains("thành phố") || page.body_html.contains("Cổng"), "{}", page.slug);
        }
    }

    // One page without an update time (the field left out), the others in +07:00.
    let without: Vec<&str> = pages.values().filter(|p| p.updated_at.is_none()).map(|p| p.slug.as_str()).collect();
    assert_eq!(without.len(), 1, "{without:?}");
    let raw: Value = serde_json::from_str(&read(&dir, &format!("pages/{}.json", without[0]))).unwrap();
    assert!(raw.get("updated_at").is_none());
    for page in pages.values().filter(|p| p.updated_at.is_some()) {
        assert_eq!(page.updated_at.unwrap().offset().local_minus_utc(), 7 * 3600, "{}", page.slug);
    }

    // "Giới thiệu": functions, leaders in a table, organisation in nested lists.
    let about = &pages["gioi-thieu"].body_html;
    for needle in [
        "<h2>",
        "<h3>",
        "<ul>",
        "<li>",
        "<caption>",
        "<th scope=\"col\">",
        "<th scope=\"row\">",
        "Chủ tịch",
        "Phó Chủ tịch",
        "Lê Hoàng Nam",
        "Văn phòng HĐND và UBND thành phố",
        "Phòng ",
        "phường",
        "xã",
    ] {
        assert!(about.contains(needle), "gioi-thieu lacks {needle:?}");
    }
    assert!(about.contains("<ul><li>"), "a nested list");
    // "Liên hệ": the footer's address, phone and email, with links to call and write.
    let contact = &pages["lien-he"].body_html;
    let footer = site.footer.as_ref().unwrap();
    for needle in
        [footer.address.as_deref().unwrap(), footer.phone.as_deref().unwrap(), footer.email.as_deref().unwrap()]
    {
        assert!(contact.contains(needle), "lien-he lacks {needle:?}");
    }
    assert!(contact.contains(&format!("href=\"mailto:{}\"", footer.email.as_deref().unwrap())));
    assert!(contact.contains("href=\"tel:+842003812345\""));
    assert!(contact.contains("Bộ phận Một cửa") && contact.contains("7 giờ 30"), "opening hours");
    // The well-known pages are short introductions: the app appends the lists.
    assert_eq!(pages[routes::SITE_MAP_PAGE].body_html.matches("<p>").count(), 1);
    assert!(!pages[routes::SITE_MAP_PAGE].body_html.contains("<li>"));
    assert!(pages[routes::FEEDS_PAGE].body_html.contains("RSS"));
    assert!(!pages[routes::FEEDS_PAGE].body_html.contains(".xml"), "the app lists the feeds");
    // The English page is in English, with the same contacts.
    let english = &pages["english"];
    assert_eq!(english.lang(), "en");
    for needle in ["People’s Committee", "Chairman", "tel:+842003812345", footer.email.as_deref().unwrap()] {
        assert!(english.body_html.contains(needle), "english lacks {needle:?}");
    }
    assert!(!english.body_html.contains("Ủy ban"));

    // "Liên kết website": a few related portals, absolute URLs the app links.
    assert!((4..=6).contains(&site.links.len()), "{}", site.links.len());
    for link in &site.links {
        assert!(!link.name.trim().is_empty());
        assert_eq!(routes::external_href(&link.url).as_deref(), Some(link.url.as_str()));
    }
    let urls: Vec<&str> = site.links.iter().map(|l| l.url.as_str()).collect();
    assert!(urls.contains(&"https://chinhphu.vn") && urls.contains(&"https://dichvucong.gov.vn"), "{urls:?}");
    assert_eq!(site.pages, sample_pages::page_links(&sample_pages::pages()));
}

#[test]
fn shipped_sample_equals_a_fresh_generation() {
    let temp = TempDir::new("fresh");
    sample::sample().write(&temp.0).unwrap();
    let fresh = tree(&temp.0);
    let committed = tree(&shipped());
    let fresh_names: BTreeSet<&String> = fresh.keys().collect();
    let committed_names: BTreeSet<&String> = committed.keys().collect();
    let missing: Vec<_> = fresh_names.difference(&committed_names).collect();
    let stale: Vec<_> = committed_names.difference(&fresh_names).collect();
    let regenerate = "run `cargo run -p content-gen --release -- generate --out content/api`";
    assert!(missing.is_empty() && stale.is_empty(), "missing {missing:?}, stale {stale:?}: {regenerate}");
    for (name, bytes) in &fresh {
        assert!(committed[name] == *bytes, "content/api/{name} differs from the generator: {regenerate}");
    }
}

#[test]
fn generation_is_deterministic_across_runs_and_page_sizes() {
    let a = TempDir::new("det-a");
    let b = TempDir::new("det-b");
    sample::sample().write(&a.0).unwrap();
    sample::sample().write(&b.0).unwrap();
    assert_eq!(tree(&a.0), tree(&b.0));
    // Another page size is another valid folder (same articles).
    let c = TempDir::new("det-c");
    sample::sample_with_page_size(7).write(&c.0).unwrap();
    let summary = check_dataset(&c.0).unwrap_or_else(|e| panic!("{}", e.join("\n")));
    assert_eq!(page(&c.0, "thi-dua-khen-thuong", 1).items.len(), 7);
    assert!(summary.list_pages > 19);
}

#[test]
fn large_generated_dataset_passes_the_check() {
    let temp = TempDir::new("large");
    let options = synth::Options { categories: 20, articles: 3000, seed: 42, page_size: 10, stress: true };
    let dataset = synth::synthetic(&options);
    dataset.write(&temp.0).unwrap();
    let summary = check_dataset(&temp.0)
        .unwrap_or_else(|e| panic!("{}", e.iter().take(20).cloned().collect::<Vec<_>>().join("\n")));
    assert_eq!(summary.categories, 20);
    assert_eq!(summary.articles, 3001);
    assert_eq!(summary.pages, 5, "synthetic sets carry the sample's static pages");
    assert_eq!(static_page(&temp.0, "english").lang(), "en");
    assert_eq!(summary.per_category.iter().map(|(_, n)| n).sum::<usize>(), 3001);
    // Uneven shares: the first category has many pages, so does the stress article's list.
    let first = &summary.per_category[0];
    assert!(first.1 > 300, "{first:?}");
    let stress = model::decode_article(&read(&temp.0, "articles/bai-viet-rat-dai.json")).unwrap();
    assert_eq!(stress.body_html.matches("<p>").count(), synth::STRESS_PARAGRAPHS);
    assert_eq!(stress.body_html.matches("<img ").count(), synth::STRESS_IMAGES);
    for n in 1..=synth::STRESS_IMAGES {
        assert!(temp.0.join(format!("media/bai-viet-rat-dai-{n:02}.svg")).is_file());
    }
    // One article in ten leads with a photograph, five files shared by all of them.
    let photographed: Vec<&model::Article> =
        dataset.articles.iter().filter(|a| a.image.as_ref().is_some_and(|i| i.src.ends_with(".jpg"))).collect();
    assert_eq!(photographed.len(), 3000 / synth::PHOTO_EVERY);
    let files: BTreeSet<&str> = photographed.iter().filter_map(|a| a.image.as_ref()).map(|i| i.src.as_str()).collect();
    assert_eq!(files.len(), sample::PHOTOGRAPHS.len(), "{files:?}");
    for file in files {
        assert_eq!(fs::read(temp.0.join(file)).unwrap(), sample::photograph_files()[file[15..16].parse::<usize>().unwrap() - 1]);
    }
    assert_eq!(page(&temp.0, &first.0, 1).items[0].slug, "bai-viet-rat-dai", "the stress article is the newest");
    // Same seed, same bytes.
    let again = synth::synthetic(&options);
    assert_eq!(again.articles, dataset.articles);
}

#[test]
fn empty_categories_still_have_a_first_page() {
    let temp = TempDir::new("empty");
    synth::synthetic(&synth::Options { categories: 9, articles: 3, seed: 5, page_size: 10, stress: false })
        .write(&temp.0)
        .unwrap();
    let summary = check_dataset(&temp.0).unwrap_or_else(|e| panic!("{}", e.join("\n")));
    let empty: Vec<&String> = summary.per_category.iter().filter(|(_, n)| *n == 0).map(|(s, _)| s).collect();
    assert!(!empty.is_empty());
    for slug in empty {
        let first = page(&temp.0, slug, 1);
        assert_eq!((first.page, first.total_pages, first.total_items, first.items.len()), (1, 1, 0, 0));
        assert!(!temp.0.join(format!("categories/{slug}/page-2.json")).exists());
    }
}

#[test]
fn the_writer_refuses_a_folder_that_is_not_a_dataset() {
    let temp = TempDir::new("refuse");
    fs::write(temp.0.join("notes.txt"), "keep me").unwrap();
    assert!(sample::sample().write(&temp.0).is_err());
    assert_eq!(fs::read_to_string(temp.0.join("notes.txt")).unwrap(), "keep me");
}

/// A small valid folder, broken one way by `break_it`, must be refused with a message containing `expected`.
fn assert_refused(name: &str, expected: &str, break_it: impl FnOnce(&Path, &Dataset)) {
    let temp = TempDir::new(name);
    let dataset =
        synth::synthetic(&synth::Options { categories: 3, articles: 45, seed: 9, page_size: 10, stress: false });
    dataset.write(&temp.0).unwrap();
    check_dataset(&temp.0).unwrap_or_else(|e| panic!("{name}: the unbroken folder fails: {e:?}"));
    break_it(&temp.0, &dataset);
    match check_dataset(&temp.0) {
        Ok(summary) => panic!("{name}: a broken folder passed: {summary}"),
        Err(errors) => assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{name}: expected an error containing {expected:?}, got:\n{}",
            errors.join("\n")
        ),
    }
}

fn edit_json(path: &Path, edit: impl FnOnce(&mut Value)) {
    let mut value: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    edit(&mut value);
    fs::write(path, serde_json::to_string(&value).unwrap()).unwrap();
}

#[test]
fn check_refuses_broken_folders_with_clear_messages() {
    let first_category = |d: &Dataset| d.site.categories[0].slug.clone();
    assert_refused("missing-article", "has no articles/", |dir, d| {
        let slug = &d.articles[0].slug;
        fs::remove_file(dir.join(format!("articles/{slug}.json"))).unwrap();
    });
    assert_refused("extra-page", "page beyond total_pages", |dir, d| {
        let c = first_category(d);
        let first = page(dir, &c, 1);
        fs::copy(
            dir.join(format!("categories/{c}/page-1.json")),
            dir.join(format!("categories/{c}/page-{}.json", first.total_pages + 1)),
        )
        .unwrap();
    });
    assert_refused("missing-page", "missing (total_pages", |dir, d| {
        let c = first_category(d);
        fs::remove_file(dir.join(format!("categories/{c}/page-2.json"))).unwrap();
    });
    assert_refused("wrong-page-number", "the file name says 2", |dir, d| {
        let c = first_category(d);
        edit_json(&dir.join(format!("categories/{c}/page-2.json")), |v| v["page"] = json!(3));
    });
    assert_refused("wrong-total", "total_items says", |dir, d| {
        let c = d.site.categories.last().unwrap().slug.clone();
        edit_json(&dir.join(format!("categories/{c}/page-1.json")), |v| {
            v["items"].as_array_mut().unwrap().pop();
        });
    });
    assert_refused("self-related", "related contains the article itself", |dir, d| {
        let a = &d.articles[0];
        edit_json(&dir.join(format!("articles/{}.json", a.slug)), |v| {
            v["related"][0]["slug"] = json!(a.slug);
            v["related"][0]["published_at"] = json!(a.published_at.to_rfc3339());
        });
    });
    assert_refused("unknown-category", "is not in site.json", |dir, d| {
        let a = &d.articles[0];
        edit_json(&dir.join(format!("articles/{}.json", a.slug)), |v| v["category"]["slug"] = json!("khong-co"));
    });
    assert_refused("missing-media", "does not exist", |dir, _| {
        fs::remove_dir_all(dir.join("media")).unwrap();
    });
    assert_refused("not-json", "not JSON", |dir, _| {
        fs::write(dir.join("home.json"), "{\"featured\": [").unwrap();
    });
    assert_refused("schema", "schema:", |dir, d| {
        let a = &d.articles[1];
        edit_json(&dir.join(format!("articles/{}.json", a.slug)), |v| v["title"] = json!("   "));
    });
    assert_refused("undecodable", "the app cannot decode it", |dir, d| {
        let a = &d.articles[2];
        edit_json(&dir.join(format!("articles/{}.json", a.slug)), |v| v["published_at"] = json!("2021-12-22 08:03"));
    });
    assert_refused("orphan-category", "not a category of site.json", |dir, _| {
        fs::create_dir_all(dir.join("categories/khong-co")).unwrap();
    });
    assert_refused("unlisted", "not listed in any page", |dir, d| {
        let mut extra = d.articles[0].clone();
        extra.slug = "bai-khong-duoc-liet-ke".to_string();
        fs::write(dir.join("articles/bai-khong-duoc-liet-ke.json"), serde_json::to_string(&extra).unwrap()).unwrap();
    });
    assert_refused("order", "newest first", |dir, d| {
        let c = first_category(d);
        edit_json(&dir.join(format!("categories/{c}/page-1.json")), |v| {
            v["items"].as_array_mut().unwrap().swap(0, 1);
        });
    });
    assert_refused("slug-mismatch", "the file name says", |dir, d| {
        let a = &d.articles[3];
        fs::rename(dir.join(format!("articles/{}.json", a.slug)), dir.join("articles/ten-khac.json")).unwrap();
    });
}

#[test]
fn check_refuses_broken_static_pages_naming_the_file() {
    assert_refused("page-missing", "pages/lien-he.json: missing (site.json lists it as pages[1])", |dir, _| {
        fs::remove_file(dir.join("pages/lien-he.json")).unwrap();
    });
    assert_refused("pages-folder-missing", "pages/gioi-thieu.json: missing", |dir, _| {
        fs::remove_dir_all(dir.join("pages")).unwrap();
    });
    assert_refused(
        "page-slug-differs",
        r#"pages/gioi-thieu.json: slug is "gioi-thieu-cu", the file name says"#,
        |dir, _| {
            edit_json(&dir.join("pages/gioi-thieu.json"), |v| v["slug"] = json!("gioi-thieu-cu"));
        },
    );
    assert_refused("page-unlisted", "pages/trang-an.json: not listed in site.json's pages", |dir, _| {
        fs::copy(dir.join("pages/lien-he.json"), dir.join("pages/trang-an.json")).unwrap();
        edit_json(&dir.join("pages/trang-an.json"), |v| v["slug"] = json!("trang-an"));
    });
    assert_refused("page-unlisted-in-site", "pages/english.json: not listed", |dir, _| {
        edit_json(&dir.join("site.json"), |v| {
            v["pages"].as_array_mut().unwrap().pop();
        });
    });
    assert_refused("page-listed-twice", r#"site.json: pages[5] "lien-he" is listed twice"#, |dir, _| {
        edit_json(&dir.join("site.json"), |v| {
            let again = v["pages"][1].clone();
            v["pages"].as_array_mut().unwrap().push(again);
        });
    });
    assert_refused("page-lang-fr", "pages/english.json: schema: /lang", |dir, _| {
        edit_json(&dir.join("pages/english.json"), |v| v["lang"] = json!("fr"));
    });
    assert_refused(
        "page-lang-differs",
        r#"pages/english.json: the page is in "vi", site.json's pages[4] says "en""#,
        |dir, _| {
            edit_json(&dir.join("pages/english.json"), |v| {
                v.as_object_mut().unwrap().remove("lang");
            });
        },
    );
    assert_refused("page-undecodable", "pages/rss.json: the app cannot decode it", |dir, _| {
        edit_json(&dir.join("pages/rss.json"), |v| {
            v.as_object_mut().unwrap().remove("body_html");
        });
    });
    assert_refused("page-stray-file", "pages/Gioi_Thieu.json: unexpected file", |dir, _| {
        fs::write(dir.join("pages/Gioi_Thieu.json"), "{}").unwrap();
    });
    assert_refused("link-not-http", "site.json: schema: /links", |dir, _| {
        edit_json(&dir.join("site.json"), |v| v["links"][0]["url"] = json!("javascript:alert(1)"));
    });
    assert_refused(
        "link-relative",
        "site.json: links[1] url \"/trang/lien-he\" is not an absolute http(s) URL",
        |dir, _| {
            edit_json(&dir.join("site.json"), |v| v["links"][1]["url"] = json!("/trang/lien-he"));
        },
    );
}

#[test]
fn schemas_reject_invalid_documents() {
    let reference = read(&shipped(), &format!("articles/{}.json", sample::REFERENCE_SLUG));
    let valid: Value = serde_json::from_str(&reference).unwrap();
    assert!(schema::errors(Kind::Article, &valid, 5).is_empty());
    let mut minimal = json!({
        "slug": "a", "title": "T", "category": {"slug": "c", "name": "C"},
        "published_at": "2021-12-22T08:03:00+07:00", "lead": "L", "body_html": "<p>x</p>", "related": [],
        "an_unknown_field": {"is": "allowed"}
    });
    assert!(schema::errors(Kind::Article, &minimal, 5).is_empty(), "{:?}", schema::errors(Kind::Article, &minimal, 5));
    minimal["author"] = Value::Null;
    assert!(schema::errors(Kind::Article, &minimal, 5).is_empty(), "null optional fields are allowed");

    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut v = valid.clone();
        edit(&mut v);
        v
    };
    let cases: Vec<(&str, Value)> = vec![
        (
            "missing title",
            broken(&|v| {
                v.as_object_mut().unwrap().remove("title");
            }),
        ),
        ("blank title", broken(&|v| v["title"] = json!(" "))),
        ("bad slug", broken(&|v| v["slug"] = json!("Hoi-Nghi"))),
        ("slug with a double hyphen", broken(&|v| v["slug"] = json!("hoi--nghi"))),
        ("slug with a path", broken(&|v| v["slug"] = json!("../etc/passwd"))),
        ("time without offset", broken(&|v| v["published_at"] = json!("2021-12-22T08:03:00"))),
        ("time without seconds", broken(&|v| v["published_at"] = json!("2021-12-22T08:03+07:00"))),
        ("date only", broken(&|v| v["published_at"] = json!("2021-12-22"))),
        ("impossible date", broken(&|v| v["published_at"] = json!("2021-02-30T08:03:00+07:00"))),
        ("related time without offset", broken(&|v| v["related"][0]["published_at"] = json!("2021-12-22T08:03:00"))),
        ("related bad slug", broken(&|v| v["related"][1]["slug"] = json!("a b"))),
        (
            "image without alt",
            broken(&|v| {
                v["image"].as_object_mut().unwrap().remove("alt");
            }),
        ),
        ("negative width", broken(&|v| v["image"]["width"] = json!(-1))),
        ("width beyond u32", broken(&|v| v["image"]["width"] = json!(4_294_967_296u64))),
        (
            "category without name",
            broken(&|v| {
                v["category"].as_object_mut().unwrap().remove("name");
            }),
        ),
        ("body is not a string", broken(&|v| v["body_html"] = json!(["<p>"]))),
        ("related is null", broken(&|v| v["related"] = Value::Null)),
    ];
    for (what, document) in &cases {
        assert!(!schema::errors(Kind::Article, document, 5).is_empty(), "the schema accepted an article with {what}");
    }

    let page_json: Value =
        serde_json::from_str(&read(&shipped(), "categories/thi-dua-khen-thuong/page-2.json")).unwrap();
    assert!(schema::errors(Kind::CategoryPage, &page_json, 5).is_empty());
    for (field, bad) in
        [("page", json!(0)), ("total_pages", json!(0)), ("total_items", json!(-3)), ("page", json!("2"))]
    {
        let mut v = page_json.clone();
        v[field] = bad.clone();
        assert!(!schema::errors(Kind::CategoryPage, &v, 5).is_empty(), "{field} = {bad}");
    }
    let site_json: Value = serde_json::from_str(&read(&shipped(), "site.json")).unwrap();
    assert!(schema::errors(Kind::Site, &site_json, 5).is_empty());
    let mut v = site_json.clone();
    v["categories"][0]["slug"] = json!("Tin Tuc");
    assert!(!schema::errors(Kind::Site, &v, 5).is_empty());
    let home_json: Value = serde_json::from_str(&read(&shipped(), "home.json")).unwrap();
    assert!(schema::errors(Kind::Home, &home_json, 5).is_empty());
    let mut v = home_json.clone();
    v.as_object_mut().unwrap().remove("sections");
    assert!(!schema::errors(Kind::Home, &v, 5).is_empty());
    assert!(!schema::errors(Kind::Home, &json!([]), 5).is_empty());

    // Static pages and the site's pages and links.
    let english: Value = serde_json::from_str(&read(&shipped(), "pages/english.json")).unwrap();
    assert!(schema::errors(Kind::StaticPage, &english, 5).is_empty());
    let minimal = json!({"slug": "gioi-thieu", "title": "Giới thiệu", "body_html": "", "lang": null, "updated_at": null, "extra": 1});
    assert!(
        schema::errors(Kind::StaticPage, &minimal, 5).is_empty(),
        "{:?}",
        schema::errors(Kind::StaticPage, &minimal, 5)
    );
    let edited = |value: &Value, edit: &dyn Fn(&mut Value)| {
        let mut v = value.clone();
        edit(&mut v);
        v
    };
    let bad_pages: Vec<(&str, Value)> = vec![
        ("lang fr", edited(&english, &|v| v["lang"] = json!("fr"))),
        ("lang en-US", edited(&english, &|v| v["lang"] = json!("en-US"))),
        (
            "no body",
            edited(&english, &|v| {
                v.as_object_mut().unwrap().remove("body_html");
            }),
        ),
        ("blank title", edited(&english, &|v| v["title"] = json!(""))),
        ("bad slug", edited(&english, &|v| v["slug"] = json!("English"))),
        ("update without offset", edited(&english, &|v| v["updated_at"] = json!("2026-01-05T09:40:00"))),
    ];
    for (what, document) in &bad_pages {
        assert!(!schema::errors(Kind::StaticPage, document, 5).is_empty(), "the schema accepted a page with {what}");
    }
    let mut v = site_json.clone();
    v["pages"] = Value::Null;
    v["links"] = Value::Null;
    assert!(schema::errors(Kind::Site, &v, 5).is_empty(), "pages and links may be null");
    v.as_object_mut().unwrap().remove("pages");
    v.as_object_mut().unwrap().remove("links");
    assert!(schema::errors(Kind::Site, &v, 5).is_empty(), "or absent");
    let bad_sites: Vec<(&str, Value)> = vec![
        ("a page in fr", edited(&site_json, &|v| v["pages"][0]["lang"] = json!("fr"))),
        (
            "a page without title",
            edited(&site_json, &|v| {
                v["pages"][0].as_object_mut().unwrap().remove("title");
            }),
        ),
        ("a page with a bad slug", edited(&site_json, &|v| v["pages"][0]["slug"] = json!("trang/gioi-thieu"))),
        ("a javascript: link", edited(&site_json, &|v| v["links"][0]["url"] = json!("javascript:alert(1)"))),
        ("a relative link", edited(&site_json, &|v| v["links"][0]["url"] = json!("/trang/lien-he"))),
        ("a link without host", edited(&site_json, &|v| v["links"][0]["url"] = json!("https:///x"))),
        ("a link with a space", edited(&site_json, &|v| v["links"][0]["url"] = json!("https://a b.vn"))),
        (
            "a link without name",
            edited(&site_json, &|v| {
                v["links"][0].as_object_mut().unwrap().remove("name");
            }),
        ),
        ("pages as an object", edited(&site_json, &|v| v["pages"] = json!({}))),
    ];
    for (what, document) in &bad_sites {
        assert!(!schema::errors(Kind::Site, document, 5).is_empty(), "the schema accepted a site with {what}");
    }
    let ok = edited(&site_json, &|v| v["links"][0]["url"] = json!("http://mic.gov.vn/x?a=1&b=2"));
    assert!(schema::errors(Kind::Site, &ok, 5).is_empty());

    // The app's test fixtures follow the contract too.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    if let Ok(text) = fs::read_to_string(fixtures.join("site.json")) {
        let mut value: Value = serde_json::from_str(&text).unwrap();
        // The fixture carries a few related-portal links outside the contract
        // on purpose (`javascript:`, relative), to test that the app does not
        // link them; everything else in it must follow the schema.
        if let Some(links) = value.get_mut("links").and_then(Value::as_array_mut) {
            links.retain(|link| link["url"].as_str().and_then(routes::external_href).is_some());
        }
        let errors = schema::errors(Kind::Site, &value, 5);
        assert!(errors.is_empty(), "tests/fixtures/site.json: {errors:?}");
    }
}

// ---------------------------------------------------------------------------
// Decoding never panics.

/// Runs every decoder on `text`; each must answer `Ok` or `Err(Decode)`.
fn decode_all(text: &str) {
    fn one<T>(name: &str, text: &str, decode: fn(&str) -> Result<T, ApiError>) {
        let result = panic::catch_unwind(AssertUnwindSafe(|| decode(text).map(|_| ())));
        match result {
            Err(_) => panic!("{name} panicked on {:?}", text.chars().take(300).collect::<String>()),
            Ok(Ok(())) | Ok(Err(ApiError::Decode(_))) => {}
            Ok(Err(other)) => panic!("{name} gave {other:?}, not a decode error"),
        }
    }
    one("decode_site", text, model::decode_site);
    one("decode_home", text, model::decode_home);
    one("decode_category_page", text, model::decode_category_page);
    one("decode_article", text, model::decode_article);
    one("decode_static_page", text, model::decode_static_page);
}

const FIELDS: [&str; 28] = [
    "slug",
    "title",
    "name",
    "categories",
    "category",
    "featured",
    "sections",
    "items",
    "page",
    "total_pages",
    "total_items",
    "published_at",
    "updated_at",
    "lead",
    "image",
    "thumbnail",
    "src",
    "alt",
    "caption",
    "width",
    "height",
    "body_html",
    "related",
    "footer",
    "pages",
    "links",
    "lang",
    "url",
];

const NUMBERS: [&str; 14] = [
    "0",
    "-1",
    "1",
    "10",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "1e400",
    "-1e400",
    "1.5",
    "-0.0",
    "99999999999999999999999999999999999999",
    "1E2",
    "0.000000000000000000000000001",
];

const STRINGS: [&str; 14] = [
    "\"\"",
    "\"a\"",
    "\"thi-dua-khen-thuong\"",
    "\"2021-12-22T08:03:00+07:00\"",
    "\"2021-12-22T08:03:00\"",
    "\"2021-02-30T08:03:00+07:00\"",
    "\"9999-12-31T23:59:60+23:59\"",
    "\"+275760-09-13T00:00:00Z\"",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "\"Thành phố Thanh Vân\"",
    "\"<script>alert(1)</script>\"",
    "\"\\\"&amp;#%?\"",
    "\"media/../../etc/passwd\"",
];

/// A random JSON text: contract field names as keys, awkward scalars.
fn random_json(rng: &mut Rng, depth: u32) -> String {
    let choice = if depth == 0 { rng.below(4) } else { rng.below(7) };
    match choice {
        0 => NUMBERS[rng.index(NUMBERS.len())].to_string(),
        1 => STRINGS[rng.index(STRINGS.len())].to_string(),
        2 => ["true", "false", "null"][rng.index(3)].to_string(),
        3 => format!("\"{}\"", rng.range(0, 1 << 40)),
        4 | 5 => {
            let n = rng.range(0, 5);
            let fields: Vec<String> = (0..n)
                .map(|_| format!("\"{}\":{}", FIELDS[rng.index(FIELDS.len())], random_json(rng, depth - 1)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        _ => {
            let n = rng.range(0, 4);
            let items: Vec<String> = (0..n).map(|_| random_json(rng, depth - 1)).collect();
            format!("[{}]", items.join(","))
        }
    }
}

/// Replaces one random node of `value` with a random value.
fn mutate_value(value: &mut Value, rng: &mut Rng) {
    let replace = |rng: &mut Rng| serde_json::from_str::<Value>(&random_json(rng, 2)).unwrap_or(Value::Null);
    match value {
        Value::Object(map) if !map.is_empty() && rng.chance(80) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = &keys[rng.index(keys.len())];
            match rng.below(3) {
                0 => {
                    map.remove(key);
                }
                1 => {
                    map.insert(key.clone(), replace(rng));
                }
                _ => mutate_value(map.get_mut(key).unwrap(), rng),
            }
        }
        Value::Array(items) if !items.is_empty() && rng.chance(80) => {
            let i = rng.index(items.len());
            mutate_value(&mut items[i], rng);
        }
        _ => *value = replace(rng),
    }
}

#[test]
fn decoding_never_panics() {
    let dir = shipped();
    let mut files = vec![
        read(&dir, "site.json"),
        read(&dir, "home.json"),
        read(&dir, "categories/thi-dua-khen-thuong/page-1.json"),
        read(&dir, &format!("articles/{}.json", sample::REFERENCE_SLUG)),
        read(&dir, &format!("articles/{}.json", sample::slug_of(sample::SPECIAL_TITLE))),
    ];
    files.push(read(&dir, &format!("articles/{}.json", sample::slug_of(sample::TABLE_TITLE))));
    files.push(read(&dir, "pages/english.json"));
    let mut inputs = 0usize;
    let mut rng = Rng::new(0xDEC0DE);

    // Every prefix (truncated JSON) of site.json and two articles; every
    // fourth prefix of the larger home, list page and long article.
    for (i, text) in files.iter().enumerate() {
        let step = if matches!(i, 0 | 3 | 4) { 1 } else { 4 };
        for cut in (0..=text.len()).step_by(step).filter(|c| text.is_char_boundary(*c)) {
            decode_all(&text[..cut]);
            inputs += 1;
        }
    }
    // Random byte mutations, read as lossy UTF-8 (invalid sequences included).
    const SPECIAL: &[u8] = b"\"{}[],:\\0-+eE.\xff\xc3\xe1";
    for _ in 0..2000 {
        let mut bytes = files[rng.index(files.len())].clone().into_bytes();
        for _ in 0..rng.range(1, 8) {
            let at = rng.index(bytes.len());
            match rng.below(4) {
                0 => bytes[at] = rng.next_u64() as u8,
                1 => bytes[at] = SPECIAL[rng.index(SPECIAL.len())],
                2 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, SPECIAL[rng.index(SPECIAL.len())]),
            }
        }
        decode_all(&String::from_utf8_lossy(&bytes));
        inputs += 1;
    }
    // Structured mutations: a real document with one node replaced or removed.
    let parsed: Vec<Value> = files.iter().map(|t| serde_json::from_str(t).unwrap()).collect();
    for _ in 0..1500 {
        let mut value = parsed[rng.index(parsed.len())].clone();
        for _ in 0..rng.range(1, 3) {
            mutate_value(&mut value, &mut rng);
        }
        decode_all(&value.to_string());
        inputs += 1;
    }
    // Random JSON of the wrong shapes.
    for _ in 0..1500 {
        decode_all(&random_json(&mut rng, 5));
        inputs += 1;
    }
    // Deep nesting, huge numbers, raw garbage.
    for n in [1, 2, 100, 127, 128, 129, 1000, 100_000] {
        for text in [
            "[".repeat(n),
            format!("{}{}", "[".repeat(n), "]".repeat(n)),
            "{\"a\":".repeat(n),
            format!("{{\"featured\":{}", "[".repeat(n)),
            format!("{{\"related\":[{}]}}", "{\"slug\":".repeat(n)),
        ] {
            decode_all(&text);
            inputs += 1;
        }
    }
    for number in NUMBERS {
        for field in ["page", "total_pages", "total_items", "width"] {
            let text = files[2].replacen(&format!("\"{field}\":"), &format!("\"{field}\":{number},\"x\":"), 1);
            decode_all(&text);
            decode_all(&files[3].replace("\"width\":800", &format!("\"width\":{number}")));
            inputs += 2;
        }
    }
    for _ in 0..300 {
        let len = rng.range(0, 200) as usize;
        decode_all(&String::from_utf8_lossy(&rng.bytes(len)));
        inputs += 1;
    }
    assert!(inputs >= 5000, "only {inputs} inputs");
    eprintln!("decoding_never_panics: {inputs} inputs");
}

#[test]
fn the_decoders_accept_every_shipped_document_and_the_page_numbers_match() {
    let dir = shipped();
    let site = model::decode_site(&read(&dir, "site.json")).unwrap();
    for category in &site.categories {
        let first = page(&dir, &category.slug, 1);
        assert_eq!(first.category, *category);
        let mut items = 0;
        for n in 1..=first.total_pages {
            let p = page(&dir, &category.slug, n);
            assert_eq!(p.page, n);
            items += p.items.len();
        }
        assert_eq!(items, first.total_items as usize);
        assert_eq!(first.total_pages as usize, items.div_ceil(sample::PAGE_SIZE).max(1));
        assert!(!dir.join(format!("categories/{}/page-{}.json", category.slug, first.total_pages + 1)).exists());
    }
}
