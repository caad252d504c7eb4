//! The sample's photographs as residents get them from the published
//! folder: the browser picks a published variant for its screen (a phone at
//! 375 px and twice the pixels, a desktop at 1280 px), in AVIF, with the
//! lead photo fetched first and nothing moving while it loads; printing
//! and the saved file show the photo with the network cut; and no file
//! the site publishes carries the camera's metadata (its GPS position).

use std::path::Path;

use e2e::{Harness, TempDir};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::first_load::LAYOUT_SHIFTS;
use crate::support::str_of;
use crate::toolkit;

/// The published articles whose lead image is a photograph (it has AVIF
/// variants), by slug.
fn photo_articles(site: &Path) -> Vec<Value> {
    let mut out = Vec::new();
    let dir = site.join("api/articles");
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let article: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let avif = article["image"]["variants"].as_array().is_some_and(|v| v.iter().any(|v| v["type"] == "image/avif"));
        if avif {
            out.push(article);
        }
    }
    out
}

fn one_photo_article() -> Value {
    let articles = photo_articles(&e2e::dist());
    assert!(articles.len() >= 5, "the sample has at least 5 photographs, found {}", articles.len());
    articles[0].clone()
}

/// The lead image once loaded: what the browser chose and how it is marked.
const LEAD_IMAGE: &str = "const img = document.querySelector('img.app-article__image');
    if (!img || !img.complete || img.naturalWidth === 0) return null;
    return { currentSrc: img.currentSrc, fetchpriority: img.getAttribute('fetchpriority'), loading: img.getAttribute('loading'),
             width: img.getAttribute('width'), height: img.getAttribute('height'),
             inPicture: img.parentElement.tagName === 'PICTURE',
             requested: performance.getEntriesByType('resource').filter(e => e.initiatorType === 'img').map(e => new URL(e.name).pathname) };";

#[tokio::test]
async fn the_browser_picks_a_published_variant_for_its_screen() {
    let article = one_photo_article();
    let slug = str_of(&article["slug"], "slug");
    let variants = article["image"]["variants"].as_array().expect("variants");
    let original = article["image"]["src"].as_str().unwrap_or_default();
    // (label, width, height, pixel ratio, mobile)
    for (label, width, height, ratio, mobile) in [("phone", 375, 812, 2.0, true), ("desktop", 1280, 900, 1.0, false)] {
        let t = Harness::builder().start().await;
        t.page.emulate_device(width, height, ratio, mobile).await;
        t.page.goto(&format!("/bai-viet/{slug}")).await;
        let lead = t.page.wait_until("the lead photograph to load", LEAD_IMAGE, vec![]).await;
        let current = lead["currentSrc"].as_str().unwrap_or_default();
        let path = current.split_once("//").and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..])).unwrap_or(current);
        let chosen = variants.iter().find(|variant| variant["src"] == path);
        let chosen = chosen.unwrap_or_else(|| panic!("{label}: {path} is not a published variant of {slug}: {variants:?}"));
        assert_eq!(chosen["type"], "image/avif", "{label}: the browser took {path}");
        assert_ne!(path, original, "{label}: the fallback, not a choice");
        // The smallest variant at least as wide as the column at this pixel ratio.
        let column = t.page.exec("return document.querySelector('img.app-article__image').getBoundingClientRect().width").await;
        let needed = column.as_f64().unwrap_or(0.0) * ratio;
        let avif_widths: Vec<u64> = variants.iter().filter(|v| v["type"] == "image/avif").filter_map(|v| v["width"].as_u64()).collect();
        let expected = avif_widths.iter().copied().filter(|w| *w as f64 >= needed).min().or(avif_widths.iter().copied().max());
        assert_eq!(chosen["width"].as_u64(), expected, "{label}: column {column} px × {ratio}: {chosen} among {avif_widths:?}");
        assert_eq!(lead["fetchpriority"], "high", "{label}: {lead}");
        assert_eq!(lead["loading"], Value::Null, "{label}: the lead photo is not lazy: {lead}");
        assert!(lead["inPicture"].as_bool() == Some(true) && lead["width"].is_string() && lead["height"].is_string(), "{label}: {lead}");
        // One photograph requested for the lead: no fallback, no original.
        let requests: Vec<&str> = lead["requested"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        assert!(!requests.iter().any(|r| r.starts_with("/api/media/")), "{label}: an original was requested: {requests:?}");
        assert!(!requests.contains(&original), "{label}: the JPEG fallback was requested too: {requests:?}");
        let shifts = t.page.exec(LAYOUT_SHIFTS).await;
        assert_eq!(shifts, json!([]), "{label}: the page moved while the photograph loaded");
        t.close().await;
    }
}

#[tokio::test]
async fn print_and_the_saved_file_show_the_photograph_offline() {
    let article = one_photo_article();
    let slug = str_of(&article["slug"], "slug").to_string();
    let t = e2e::start().await;
    let dir = TempDir::new("images-print").expect("a temporary folder");
    t.page.goto(&format!("/bai-viet/{slug}")).await;
    t.page.wait_until("the lead photograph to load", LEAD_IMAGE, vec![]).await;
    t.page.wait_for("html[data-app]").await;
    t.page.cdp("Network.enable", json!({})).await;
    let conditions = |offline: bool| json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
    t.page.cdp("Network.emulateNetworkConditions", conditions(true)).await;
    let (pdf, _) = crate::actions::print_text(&t.page, &dir, &slug).await;
    t.page.cdp("Network.emulateNetworkConditions", conditions(false)).await;
    // `pdfimages -list`: page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio.
    let list = String::from_utf8_lossy(&toolkit::run("pdfimages", &["-list", pdf.to_str().unwrap()])).into_owned();
    let photos: Vec<(u64, u64)> = list
        .lines()
        .skip(2)
        .filter_map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let width: u64 = columns.get(3)?.parse().ok()?;
            let ppi: u64 = columns.get(12)?.parse().ok()?;
            (width >= 300).then_some((width, ppi))
        })
        .collect();
    assert!(!photos.is_empty(), "{slug}: no photograph in the printed page\n{list}");
    assert!(photos.iter().all(|(_, ppi)| *ppi >= 150), "{slug}: printed below 150 dpi: {photos:?}\n{list}");
    // The saved file carries its photograph (checked offline there).
    crate::actions::save_and_check(&t, &article).await;
    t.close().await;
}

/// What a published file must not carry: a JPEG's EXIF, XMP, comment or
/// Photoshop segments; an AVIF's or WebP's Exif and XMP.
fn metadata_in(file: &str, bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|window| window == needle);
    for (what, needle) in [("EXIF", &b"Exif\0\0"[..]), ("XMP", b"http://ns.adobe.com/xap")] {
        if contains(needle) {
            found.push(format!("{file}: {what}"));
        }
    }
    // AVIF's items and WebP's chunks are named at the start of the file.
    if file.ends_with(".avif") || file.ends_with(".webp") {
        let head = &bytes[..bytes.len().min(4096)];
        for needle in [&b"Exif"[..], b"EXIF", b"XMP ", b"mime"] {
            if head.windows(needle.len()).any(|window| window == needle) {
                found.push(format!("{file}: {}", String::from_utf8_lossy(needle)));
            }
        }
    }
    if file.ends_with(".jpg") {
        // Walk the segments up to the image data.
        let mut at = 2;
        while at + 4 <= bytes.len() && bytes[at] == 0xFF {
            let marker = bytes[at + 1];
            if marker == 0xDA {
                break;
            }
            if matches!(marker, 0xE1..=0xEF | 0xFE) {
                found.push(format!("{file}: segment FF{marker:02X}"));
            }
            at += 2 + usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        }
    }
    found
}

#[test]
fn no_published_file_carries_the_cameras_metadata() {
    let site = e2e::dist();
    let mut problems = Vec::new();
    let mut images = 0;
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((relative, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(&site.canonicalize().unwrap(), &site.canonicalize().unwrap(), &mut files);
    for (file, bytes) in &files {
        problems.extend(metadata_in(file, bytes));
        if let Some(name) = file.strip_prefix("anh/") {
            images += 1;
            // Named by its bytes: the first 16 hex digits of their SHA-256.
            let hash = format!("{:x}", Sha256::digest(bytes));
            if !name.starts_with(&hash[..16]) {
                problems.push(format!("{file}: not named by its bytes ({})", &hash[..16]));
            }
        }
    }
    assert!(images > 0, "no published image under anh/");
    // The photographs' originals are in the sample, with their metadata: the
    // check above can see it.
    let originals = std::fs::read_dir(e2e::workspace_root().join("content/api/media")).unwrap().flatten();
    let with_gps = originals.filter(|entry| entry.path().extension().is_some_and(|e| e == "jpg")).filter(|entry| {
        let bytes = std::fs::read(entry.path()).unwrap();
        !metadata_in("x.jpg", &bytes).is_empty()
    });
    assert!(with_gps.count() >= 5, "the sample's photographs carry EXIF with GPS");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A camera's photograph as a CMS keeps it: the sample's `index`th, with
/// `tag` after its end marker (as some cameras add data there), so its
/// bytes are new to the image cache and the run must encode it.
fn cms_photograph(index: usize, tag: &str) -> Vec<u8> {
    let media = e2e::workspace_root().join("content/api/media");
    let mut photos: Vec<_> = std::fs::read_dir(&media).unwrap().flatten().map(|entry| entry.path()).collect();
    photos.retain(|path| path.extension().is_some_and(|extension| extension == "jpg"));
    photos.sort();
    let mut bytes = std::fs::read(&photos[index]).unwrap();
    bytes.extend_from_slice(tag.as_bytes());
    bytes
}

/// How many times nginx answered `path` with `status`.
fn answered(nginx: &e2e::Nginx, path: &str, status: u16) -> usize {
    let needle = format!("\"GET {path} HTTP/1.1\" {status} ");
    nginx.access_log().lines().filter(|line| line.contains(&needle)).count()
}

#[test]
fn an_image_on_the_cms_is_downloaded_once_and_again_only_when_it_changes() {
    e2e::dist();
    let dir = TempDir::new("cms-images").expect("a temporary folder");
    // The CMS: Debian's nginx serving its uploads (ETag, Last-Modified, 304).
    let cms = dir.path().join("cms");
    let upload = "/wp-content/uploads/2026/12/anh-cong-truong.jpg";
    let file = cms.join(&upload[1..]);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let tag = format!("{}-{:?}", std::process::id(), std::time::SystemTime::now());
    std::fs::write(&file, cms_photograph(0, &tag)).unwrap();
    let nginx = e2e::Nginx::start(&cms);
    let host = format!("127.0.0.1:{}", nginx.port());

    // The content: the sample, one article showing the upload by its http:// URL.
    let content = dir.path().join("content");
    crate::nginx::copy_tree(&e2e::workspace_root().join("content/api"), &content);
    let slug = crate::support::REFERENCE_SLUG;
    let path = content.join(format!("articles/{slug}.json"));
    let mut article: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let body = format!("<p><img src=\"http://{host}{upload}\" alt=\"Công trường\"></p>{}", str_of(&article["body_html"], "body_html"));
    article["body_html"] = json!(body);
    std::fs::write(&path, serde_json::to_vec(&article).unwrap()).unwrap();

    let site = dir.path().join("site");
    let run = || {
        let mut options = publish::Options::new(publish::ContentFrom::Folder(content.clone()), &site);
        options.app = Some(e2e::app_dist());
        options.image_cache = Some(e2e::image_cache_dir());
        options.copy_images_from = vec![host.clone()];
        publish::publish(&options).unwrap_or_else(|error| panic!("{error}"))
    };
    let published_body = || -> String {
        let article: Value = serde_json::from_slice(&std::fs::read(site.join(format!("api/articles/{slug}.json"))).unwrap()).unwrap();
        str_of(&article["body_html"], "body_html").to_string()
    };

    // First run: downloaded once, encoded once, the body shows the portal's files.
    let first = run();
    assert_eq!((first.images_encoded, first.images_not_downloaded), (1, 0), "{:?}", first.image_warnings);
    assert_eq!(answered(&nginx, upload, 200), 1, "{}", nginx.access_log());
    let body = published_body();
    assert!(body.contains("<picture>") && body.contains("/anh/") && !body.contains(&host), "{body}");
    let page = std::fs::read_to_string(site.join(format!("bai-viet/{slug}/index.html"))).unwrap();
    assert!(!page.contains(&host), "the page names the CMS");

    // Unchanged on the CMS: asked, answered 304, nothing encoded.
    let second = run();
    assert_eq!((second.images_encoded, second.images_not_downloaded), (0, 1));
    assert_eq!((answered(&nginx, upload, 200), answered(&nginx, upload, 304)), (1, 1), "{}", nginx.access_log());
    assert_eq!(published_body(), body);

    // Replaced on the CMS by another photograph: downloaded and encoded
    // again, new names.
    std::fs::write(&file, cms_photograph(1, &tag)).unwrap();
    let third = run();
    assert_eq!((third.images_encoded, third.images_not_downloaded), (1, 0));
    assert_eq!(answered(&nginx, upload, 200), 2, "{}", nginx.access_log());
    let replaced = published_body();
    assert_ne!(replaced, body, "the new bytes have new names");

    // The CMS down: the last version stays published.
    drop(nginx);
    let fourth = run();
    assert_eq!((fourth.images_encoded, fourth.images_not_downloaded), (0, 1));
    assert!(fourth.image_warnings.is_empty(), "{:?}", fourth.image_warnings);
    assert_eq!(published_body(), replaced);
}
