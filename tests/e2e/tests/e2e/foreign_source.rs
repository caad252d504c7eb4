//! A portal published from another CMS's API: a small corpus written here,
//! with no article, category or page slug in common with the Thanh Vân
//! sample, served over HTTP as the "CMS API", published with the release
//! app (`--app dist`) into a site of its own, served, and walked in
//! Chromium in-app: home → a category → an article → "Tin khác" → a
//! search result. Every title shown is the source's, every image loads,
//! and no request ever names a sample slug: the published folder is
//! self-contained (its `api/` is the documents the run read).

use std::collections::BTreeSet;
use std::path::Path;

use e2e::{Harness, Key, TempDir, TestServer};
use serde_json::{json, Value};

const ORIGIN: &str = "https://doimay.example.gov.vn";
const SITE_NAME: &str = "Cổng thông tin điện tử xã Đồi Mây";

/// (category slug, name, its articles: slug, title, lead).
type Corpus = [(&'static str, &'static str, [(&'static str, &'static str, &'static str); 3]); 2];

const CORPUS: Corpus = [
    (
        "nong-san-doi-may",
        "Nông sản Đồi Mây",
        [
            ("doi-may-thu-hoach-che-shan-tuyet-vu-xuan", "Đồi Mây thu hoạch chè Shan tuyết vụ xuân", "Các hộ trồng chè trên sườn Đồi Mây bắt đầu hái lứa chè xuân đầu tiên."),
            ("hop-tac-xa-mat-ong-rung-doi-may-ra-mat", "Hợp tác xã mật ong rừng Đồi Mây ra mắt", "Mười hai hộ nuôi ong góp vốn lập hợp tác xã, đóng chai mật ong mang nhãn Đồi Mây."),
            ("doi-may-trong-moi-nam-hecta-que", "Đồi Mây trồng mới năm héc-ta quế", "Xã hỗ trợ cây giống để bà con phủ xanh đồi trọc bằng cây quế."),
        ],
    ),
    (
        "le-hoi-doi-may",
        "Lễ hội Đồi Mây",
        [
            ("le-hoi-hoa-ban-doi-may-nam-nay", "Lễ hội hoa ban Đồi Mây năm nay", "Hoa ban nở trắng các bản, lễ hội kéo dài ba ngày cuối tuần."),
            ("giai-dua-thuyen-doc-moc-tren-ho-may", "Giải đua thuyền độc mộc trên hồ Mây", "Mười đội thuyền của các thôn tranh tài trên mặt hồ Mây."),
            ("dem-hat-then-ben-bep-lua-doi-may", "Đêm hát then bên bếp lửa Đồi Mây", "Các nghệ nhân hát then, đàn tính bên bếp lửa nhà sàn."),
        ],
    ),
];

const PAGE_SLUG: &str = "gioi-thieu-xa-doi-may";

fn write(dir: &Path, relative: &str, value: &Value) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder for the corpus");
    std::fs::write(&path, serde_json::to_vec_pretty(value).expect("JSON")).expect("a corpus file");
}

fn image(slug: &str, title: &str) -> Value {
    json!({ "src": format!("media/{slug}.svg"), "alt": format!("Ảnh minh họa: {title}"), "width": 800, "height": 450 })
}

/// The photograph the CMS keeps in its uploads and its first article's
/// body shows by an `http://` URL on the CMS: a copy of one of the sample's
/// photographs (a camera's JPEG with its EXIF and GPS position).
const CMS_PHOTO: &str = "wp-content/uploads/2026/03/anh-doi-che.jpg";

/// The corpus under `{root}/api/`, as the CMS at `cms` (`http://host:port`)
/// serves it.
fn write_corpus(root: &Path, cms: &str) {
    let photo = std::fs::read_dir(e2e::workspace_root().join("content/api/media"))
        .expect("the sample's media")
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "jpg"))
        .expect("a photograph in the sample");
    let target = root.join(CMS_PHOTO);
    std::fs::create_dir_all(target.parent().expect("a folder")).expect("the uploads folder");
    std::fs::copy(photo, target).expect("the CMS's photograph");
    let api = root.join("api");
    let mut categories = Vec::new();
    let mut sections = Vec::new();
    let mut featured = Vec::new();
    for (index, (category, name, articles)) in CORPUS.iter().enumerate() {
        let category_ref = json!({ "slug": category, "name": name });
        categories.push(json!({ "slug": category, "name": name, "description": format!("Tin {name} của xã.") }));
        let mut items = Vec::new();
        for (number, (slug, title, lead)) in articles.iter().enumerate() {
            let published_at = format!("2026-0{}-1{number}T08:0{number}:00+07:00", index + 3);
            let summary = json!({
                "slug": slug, "title": title, "published_at": published_at, "lead": lead,
                "thumbnail": image(slug, title), "category": category_ref,
            });
            items.push(summary.clone());
            if number == 0 {
                featured.push(summary);
            }
            let related: Vec<Value> = articles
                .iter()
                .filter(|(other, _, _)| other != slug)
                .map(|(other, other_title, _)| json!({ "slug": other, "title": other_title, "published_at": "2026-02-01T09:00:00+07:00" }))
                .collect();
            write(
                &api,
                &format!("articles/{slug}.json"),
                &json!({
                    "slug": slug, "title": title, "category": category_ref, "published_at": published_at, "lead": lead,
                    "body_html": if index == 0 && number == 0 {
                        format!("<p>{lead}</p><p><img src=\"{cms}/{CMS_PHOTO}\" alt=\"Đồi chè Shan tuyết\" width=\"3456\" height=\"2304\"></p><p>Ủy ban nhân dân xã Đồi Mây thông tin.</p>")
                    } else {
                        format!("<p>{lead}</p><p>Ủy ban nhân dân xã Đồi Mây thông tin.</p>")
                    },
                    "author": "Ban biên tập xã Đồi Mây", "image": image(slug, title), "related": related,
                }),
            );
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 450\" width=\"800\" height=\"450\"><title>{title}</title>\
                 <rect width=\"800\" height=\"450\" fill=\"#2f6b3a\"/><circle cx=\"{}\" cy=\"200\" r=\"90\" fill=\"#f2d16b\"/></svg>",
                200 + 100 * number
            );
            std::fs::create_dir_all(api.join("media")).expect("media folder");
            std::fs::write(api.join(format!("media/{slug}.svg")), svg).expect("an image");
        }
        sections.push(json!({ "category": categories[index], "items": items }));
        write(
            &api,
            &format!("categories/{category}/page-1.json"),
            &json!({ "category": categories[index], "page": 1, "total_pages": 1, "total_items": 3, "items": items }),
        );
    }
    write(&api, "home.json", &json!({ "featured": featured, "sections": sections }));
    write(
        &api,
        &format!("pages/{PAGE_SLUG}.json"),
        &json!({ "slug": PAGE_SLUG, "title": "Giới thiệu xã Đồi Mây", "body_html": "<p>Xã Đồi Mây nằm giữa núi và hồ Mây.</p>" }),
    );
    write(
        &api,
        "site.json",
        &json!({
            "name": SITE_NAME, "url": ORIGIN, "tagline": "Thông tin chính thống của xã Đồi Mây",
            "categories": categories,
            "pages": [{ "slug": PAGE_SLUG, "title": "Giới thiệu xã Đồi Mây" }],
        }),
    );
}

/// Every slug of the sample: its articles, categories and static pages.
fn sample_slugs() -> BTreeSet<String> {
    let api = e2e::workspace_root().join("content/api");
    let mut slugs = BTreeSet::new();
    for folder in ["articles", "pages"] {
        for entry in std::fs::read_dir(api.join(folder)).expect("the sample").flatten() {
            slugs.insert(entry.file_name().to_string_lossy().trim_end_matches(".json").to_string());
        }
    }
    for entry in std::fs::read_dir(api.join("categories")).expect("the sample").flatten() {
        slugs.insert(entry.file_name().to_string_lossy().into_owned());
    }
    slugs
}

/// The parts of a request's path and query (`GET /api/articles/x.json?y=z`
/// → `api`, `articles`, `x`, `y`, `z`), without extensions.
fn request_words(request: &str) -> Vec<String> {
    let target = request.split_whitespace().nth(1).unwrap_or(request);
    target
        .split(['/', '?', '&', '='])
        .map(|part| part.trim_end_matches(".json").trim_end_matches(".svg").trim_end_matches(".html").to_string())
        .filter(|part| !part.is_empty())
        .collect()
}

/// The photograph in the first article's body, which the CMS keeps at an
/// `http://` URL: shown from the portal's own `anh/` (a variant the
/// browser chose), so neither the CSP, mixed content nor the CMS going
/// private can lose it.
async fn body_photo_is_the_portals(page: &e2e::Page, cms: &str) {
    let shown = page
        .wait_until(
            "the body's photograph to load",
            "const i = document.querySelector('.app-article__body img'); return i && i.complete && i.naturalWidth > 0 ? i.currentSrc : null",
            vec![],
        )
        .await;
    let shown = shown.as_str().unwrap_or_default();
    assert!(shown.contains("/anh/") && !shown.starts_with(cms), "the body's photograph comes from {shown}");
}

#[tokio::test]
async fn a_portal_published_from_another_api_never_reads_the_sample() {
    let sample = sample_slugs();
    let titles: BTreeSet<String> = CORPUS.iter().flat_map(|(_, _, articles)| articles.iter().map(|(_, title, _)| title.to_string())).collect();
    for (category, _, articles) in &CORPUS {
        assert!(!sample.contains(*category), "{category} is a sample slug");
        for (slug, _, _) in articles {
            assert!(!sample.contains(*slug), "{slug} is a sample slug");
        }
    }
    assert!(!sample.contains(PAGE_SLUG));

    // The CMS: the corpus over HTTP.
    let cms_root = TempDir::new("foreign-cms").expect("a temporary folder");
    let cms = TestServer::start(cms_root.path());
    write_corpus(cms_root.path(), cms.base_url());

    // Published with the release app into a site of its own.
    e2e::dist();
    let parent = TempDir::new("foreign-site").expect("a temporary folder");
    let site = parent.path().join("site");
    let mut options = publish::Options::new(publish::ContentFrom::Url(format!("{}/api/", cms.base_url())), &site);
    options.app = Some(e2e::app_dist());
    // The sample's photographs are processed already (the same bytes).
    options.image_cache = Some(e2e::image_cache_dir());
    let report = publish::publish(&options).unwrap_or_else(|error| panic!("publishing from {}: {error}", cms.base_url()));
    assert_eq!(report.articles, 6);
    // The six drawings under the API base and the photograph on the CMS's
    // `http://` host, published under anh/: none is left out, none is read
    // from the CMS again by a reader.
    assert_eq!(report.images, 7, "every image the documents show is published");
    assert!(report.image_warnings.is_empty(), "{:?}", report.image_warnings);
    for (_, _, articles) in &CORPUS {
        for (slug, _, _) in articles {
            let article: Value = serde_json::from_slice(&std::fs::read(site.join(format!("api/articles/{slug}.json"))).expect("an article")).expect("JSON");
            let src = article["image"]["src"].as_str().unwrap_or_default();
            assert!(src.starts_with("/anh/") && site.join(&src[1..]).is_file(), "{slug}'s image: {src}");
            let body = article["body_html"].as_str().unwrap_or_default();
            assert!(!body.contains(cms.base_url()), "{slug}: the body still names the CMS: {body}");
        }
    }
    assert!(!site.join("api/articles").read_dir().expect("api/articles").flatten().any(|entry| {
        sample.contains(entry.file_name().to_string_lossy().trim_end_matches(".json"))
    }), "a sample document was published");

    // The file each article's lead image was published as (its drawing's
    // own bytes, under anh/).
    let published_image = |slug: &str| -> String {
        let article: Value = serde_json::from_slice(&std::fs::read(site.join(format!("api/articles/{slug}.json"))).expect("an article")).expect("JSON");
        article["image"]["src"].as_str().unwrap_or_default().to_string()
    };
    let t = Harness::builder().root(&site).start().await;
    let page = &t.page;

    // Home: the source's articles.
    page.goto("/").await;
    page.wait_for("html[data-app]").await;
    page.exec("window.__e2eSameDocument = true;").await;
    let shown = |texts: Vec<String>, where_: &str| {
        assert!(!texts.is_empty(), "{where_}: no title shown");
        for text in texts {
            assert!(titles.contains(text.trim()), "{where_}: {text:?} is not a title of the source");
        }
    };
    shown(page.texts("a.app-article-card__link").await, "home");

    // A category, in-app.
    let (category, name, articles) = &CORPUS[1];
    page.click(&format!("nav.app-nav a.app-nav__link[href$='/chuyen-muc/{category}']")).await;
    page.wait_for_path(&format!("/chuyen-muc/{category}")).await;
    page.wait_for_text("h1", name).await;
    page.wait_for_count(".app-category-page .app-article-card", 3).await;
    shown(page.texts(".app-category-page a.app-article-card__link").await, "category");

    // Its first article, with its image.
    let (slug, title, _) = articles[0];
    page.click(&format!(".app-category-page a.app-article-card__link[href$='/bai-viet/{slug}']")).await;
    page.wait_for_path(&format!("/bai-viet/{slug}")).await;
    page.wait_for_text("h1.app-article__title", title).await;
    page.wait_until(
        "the article's image to load",
        "const i = document.querySelector('figure.app-article__figure img'); return !!i && i.complete && i.naturalWidth > 0",
        vec![],
    )
    .await;
    shown(page.texts("section.app-related .app-related__item a").await, "Tin khác");

    // "Tin khác": the next article of the source.
    let (next_slug, next_title, _) = articles[1];
    page.click(&format!("section.app-related .app-related__item a[href$='/bai-viet/{next_slug}']")).await;
    page.wait_for_path(&format!("/bai-viet/{next_slug}")).await;
    page.wait_for_text("h1.app-article__title", next_title).await;
    page.wait_until(
        "the next article's image to load",
        "const i = document.querySelector('figure.app-article__figure img'); return !!i && i.complete && i.naturalWidth > 0 && i.currentSrc.endsWith(arguments[0])",
        vec![json!(published_image(next_slug))],
    )
    .await;

    // A search, without diacritics, and its result.
    page.type_text("#app-search-input", "che shan tuyet").await;
    page.press(Key::Enter).await;
    page.wait_for_path("/tim-kiem?q=che+shan+tuyet").await;
    page.wait_for(".app-search-result").await;
    shown(page.texts(".app-search-result__title a").await, "search");
    let (found_slug, found_title, _) = CORPUS[0].2[0];
    page.click(&format!(".app-search-result__title a[href$='/bai-viet/{found_slug}']")).await;
    page.wait_for_path(&format!("/bai-viet/{found_slug}")).await;
    page.wait_for_text("h1.app-article__title", found_title).await;
    body_photo_is_the_portals(page, cms.base_url()).await;
    page.wait_until(
        "the found article's image to load",
        "const i = document.querySelector('figure.app-article__figure img'); return !!i && i.complete && i.naturalWidth > 0 && i.currentSrc.endsWith(arguments[0])",
        vec![json!(published_image(found_slug))],
    )
    .await;
    assert_eq!(page.exec("return window.__e2eSameDocument === true;").await, json!(true), "every step was in-app");
    assert!(page.title().await.ends_with(SITE_NAME));

    // What was asked of the published site: the source's documents and
    // images, never a sample slug, and every document there.
    let requests = t.server.requests();
    let api_requests: Vec<&String> = requests.iter().filter(|request| request.contains(" /api/")).collect();
    assert!(api_requests.iter().any(|request| request.contains("/api/articles/")), "the walk read articles from the API: {requests:#?}");
    for request in &requests {
        let named: Vec<String> = request_words(request).into_iter().filter(|word| sample.contains(word)).collect();
        assert!(named.is_empty(), "{request} names the sample's {named:?}");
    }
    for request in api_requests {
        let path = request.split_whitespace().nth(1).unwrap_or_default().split('?').next().unwrap_or_default();
        assert!(site.join(path.trim_start_matches('/')).is_file(), "{request}: not in the published API");
    }
    t.close().await;
}
