//! `--only images-page`: a camera photograph on a phone, and beside
//! WordPress's own theme. Runs only when named.
//!
//! 1. The reference article with its lead image replaced by a photograph:
//!    [`PHOTO_FILE`] of Debian's [`PHOTO_PACKAGE`] (a phone camera's
//!    photograph of 4224 × 3168, CC BY-SA 4.0; `apt-get download` into
//!    `target/bench/`, never committed nor used by a test), scaled down to
//!    [`PHOTO_SIZE`] (the same 4:3: no crop, no padding, no upscaling) and
//!    encoded as a JPEG of quality [`PHOTO_QUALITY`] with an EXIF block that
//!    carries GPS (the sample's writer, `content_gen::photo::exif`).
//!    (`ukui-wallpapers`, which the other image phases use, holds 3D renders
//!    and drawings, not photographs: smooth gradients that compress ten
//!    times better than a photograph.) A copy of the sample with
//!    that change and the sample itself are published with the release
//!    `publish` (`--app dist`), served like the bench serves the sample
//!    (`TestServer`, the pages precompressed, gzip/brotli), and loaded in
//!    Chromium, interleaved, on a phone (375 × 812 CSS px, 2 device pixels
//!    per px, slow 4G + 4× CPU: `measure::set_throttling`) and on the
//!    1280 × 900 desktop window (1 device pixel per px, unthrottled).
//! 2. The same article and photograph in a real WordPress
//!    (`e2e::wordpress::WordPress`, `tools/wordpress/photo.php`: uploaded
//!    through WordPress's media handling, featured image and a block-editor
//!    image in the body): WordPress's own theme page against our page for
//!    the same post, published with `publish --from wordpress`.
//!
//! Every load starts with an empty HTTP cache (`Network.clearBrowserCache`,
//! the cache left on within the load, so an image the app re-renders at its
//! takeover is not fetched twice). Image bytes are the `transferSize` of the
//! page's image resources (Resource Timing: initiator `img`, or an image
//! file's extension), after the load and again after scrolling to the end
//! (lazy images). When the lead photo is painted: Element Timing's
//! `renderTime` for the lead `<img>` (an `elementtiming` attribute is put on
//! every `<img>` as it is parsed), from navigation start, with the area of
//! it that was on screen (a phone shows the article's photo below the
//! title and lead, under the first screen).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use content_gen::photo::{Coordinate, PhotoScene, PhotoSpec};
use e2e::{Page, TestServer};
use serde_json::{json, Value};

use crate::dataset::REFERENCE_ARTICLE;
use crate::{baseline, measure, publishing, sizes, stats};

pub const PHASE: &str = "images-page";

/// The photograph: Debian's package, the file, and the size it is scaled down to.
const PHOTO_PACKAGE: &str = "lomiri-wallpapers-16.04";
const PHOTO_FILE: &str = "Dragonfly_by_Bolly.jpg";
const PHOTO_SIZE: (u32, u32) = (4000, 3000);
/// What a camera writes at its "fine" setting.
const PHOTO_QUALITY: u8 = 92;
const PHONE: (u32, u32) = (375, 812);
const LEAD_OURS: &str = ".app-article__figure img";
const LEAD_WORDPRESS: &str = ".wp-block-post-featured-image img";
const HEADING: &str = "## Images: photographs on phones";

/// Puts `elementtiming` on every `<img>` as it is parsed or inserted, and
/// records Element Timing entries (installed after `js::INIT`).
const IMG_INIT: &str = r#"(() => {
  if (window.__benchImg) return;
  const I = window.__benchImg = { el: [], err: null };
  let n = 0;
  const tag = img => { if (!img.hasAttribute('elementtiming')) img.setAttribute('elementtiming', 'bench-' + (n++)); };
  new MutationObserver(ms => { for (const m of ms) for (const node of m.addedNodes) {
    if (node.nodeType !== 1) continue;
    if (node.tagName === 'IMG') tag(node); else if (node.querySelectorAll) node.querySelectorAll('img').forEach(tag);
  } }).observe(document, { childList: true, subtree: true });
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) I.el.push({ id: e.identifier, url: e.url, render: e.renderTime || e.loadTime, load: e.loadTime,
      visible: e.intersectionRect ? Math.round(e.intersectionRect.width * e.intersectionRect.height) : null }); })
      .observe({ type: 'element', buffered: true });
  } catch (e) { I.err = String(e); }
})();"#;

/// Loaded, taken over when `arguments[1]`, the lead image `arguments[0]`
/// decoded, every eager image finished.
const READY: &str = r#"const B = window.__bench;
if (!B || document.readyState !== 'complete') return false;
if (arguments[1] && B.moved === null) return false;
const lead = document.querySelector(arguments[0]);
if (!lead || !lead.complete || !lead.naturalWidth) return false;
return Array.from(document.images).filter(i => i.loading !== 'lazy').every(i => i.complete);"#;

const IMAGE_ENTRIES: &str = r#"const isImage = r => r.initiatorType === 'img' || /\.(avif|webp|jpe?g|png|gif|svg)([?#]|$)/i.test(r.name);
const images = performance.getEntriesByType('resource').filter(isImage)
  .map(r => [r.name.replace(location.origin, ''), r.transferSize, r.encodedBodySize, r.initiatorType, Math.round(r.responseEnd)]);
const imageBytes = images.reduce((s, r) => s + r[1], 0);"#;

/// The lead image and the page's image bytes after the load.
fn image_result() -> String {
    format!(
        r#"{IMAGE_ENTRIES}
const lead = document.querySelector(arguments[0]);
const I = window.__benchImg || {{ el: [] }};
const src = lead ? lead.currentSrc : '';
const hits = I.el.filter(e => e.url === src && e.render > 0);
return {{ leadSrc: src.replace(location.origin, ''), leadNatural: lead ? [lead.naturalWidth, lead.naturalHeight] : null,
  leadBox: lead ? [lead.clientWidth, lead.clientHeight] : null, leadTop: lead ? Math.round(lead.getBoundingClientRect().top + scrollY) : null,
  screen: [innerWidth, innerHeight], shown: hits.length ? Math.min(...hits.map(e => e.render)) : null, shownVisible: hits.length ? hits[0].visible : null,
  elementEntries: I.el.length, elementErr: I.err || null, imageBytes, images, dpr: devicePixelRatio, width: innerWidth }};"#
    )
}

/// Scrolls to the end half a screen at a time, waits for every visible
/// image (at most `arguments[0]` ms), and counts the image bytes again.
fn scrolled_result() -> String {
    format!(
        r#"const limit = arguments[0];
const sleep = ms => new Promise(r => setTimeout(r, ms));
return (async () => {{
  const t0 = performance.now();
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {{ scrollTo(0, y); await sleep(80); }}
  scrollTo(0, document.documentElement.scrollHeight);
  const shown = () => Array.from(document.images).filter(i => i.getBoundingClientRect().width > 0);
  while (performance.now() - t0 < limit && !shown().every(i => i.complete)) await sleep(100);
  await sleep(300);
  {IMAGE_ENTRIES}
  return {{ imageBytes, images, complete: shown().every(i => i.complete), count: document.images.length }};
}})();"#
    )
}

/// The photograph as published in part 1 and uploaded in part 2.
struct Photo {
    path: PathBuf,
    width: u32,
    height: u32,
    bytes: u64,
    source_size: (u32, u32),
    source_bytes: u64,
}

/// One page to load: its tab (server), path, lead image, whether the app takes over.
struct Target<'a> {
    page: &'a Page,
    path: String,
    lead: &'static str,
    takeover: bool,
}

pub async fn run(root: &Path, bench_dir: &Path, runs: usize, write_docs: bool, quick: bool) -> Result<(), String> {
    let started = Instant::now();
    let load_start = crate::load_average();
    let dir = bench_dir.join(PHASE);
    std::fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    let app = e2e::app_dist();
    if !app.join("index.html").is_file() {
        return Err(format!("{} has no index.html: build the app first (`trunk build --release`)", app.display()));
    }
    let step = |what: &str| crate::step(started, &format!("{PHASE}: {what}"));

    // 1. The photograph, the content copy, both sites published.
    step("the photograph");
    let photo = prepare_photo(bench_dir, &dir)?;
    eprintln!("bench: {} ({} × {}, {} bytes)", photo.path.display(), photo.width, photo.height, photo.bytes);
    step("building the release publish binary");
    let binary = publishing::build_binary(root)?;
    let cache = dir.join("image-cache");
    let content = photo_content(root, &dir, &photo)?;
    let article_page = crate::page_file(&format!("/bai-viet/{REFERENCE_ARTICLE}"), 1);
    let photo_site = dir.join("site-photo");
    let svg_site = dir.join("site-svg");
    step("publishing the sample with the photograph");
    publish(&binary, &[&content.display().to_string()], &photo_site, &cache, &dir.join("publish-photo.log"))?;
    step("publishing the sample as it is (its SVG)");
    publish(&binary, &[&root.join("content/api").display().to_string()], &svg_site, &cache, &dir.join("publish-svg.log"))?;
    for site in [&photo_site, &svg_site] {
        precompress_page(site, &article_page)?;
    }

    // 2. WordPress with the same article and photograph, and our site published from it.
    step("WordPress: installing, seeding, uploading the photograph");
    let wordpress = tokio::task::block_in_place(|| start_wordpress(root, &photo, &dir));
    let wp_site = dir.join("site-wordpress");
    let wp_publish = match &wordpress {
        Ok((wp, post)) => {
            step("publish --from wordpress");
            let state = dir.join("wordpress-state");
            let _ = std::fs::remove_dir_all(&state);
            let args = ["wordpress".to_string(), "--url".into(), wp.url().to_string(), "--state".into(), state.display().to_string()];
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            tokio::task::block_in_place(|| publish(&binary, &args, &wp_site, &cache, &dir.join("publish-wordpress.log"))).and_then(|run| {
                let slug = post["slug"].as_str().unwrap_or(REFERENCE_ARTICLE).to_string();
                precompress_page(&wp_site, &crate::page_file(&format!("/bai-viet/{slug}"), 1))?;
                eprintln!("bench: published from WordPress in {:.1} s", run.wall.as_secs_f64());
                Ok(slug)
            })
        }
        Err(e) => Err(e.clone()),
    };

    // 3. Served on loopback, measured in Chromium.
    let serve = |dir: &Path| TestServer::builder(dir).with_compression(true).with_precompressed(true).start();
    let photo_server = serve(&photo_site);
    let svg_server = serve(&svg_site);
    let wp_site_server = wp_publish.as_ref().ok().map(|_| serve(&wp_site));
    step("starting Chromium");
    let browser = measure::start_browser().await;
    let photo_page = browser.page(photo_server.base_url());
    let svg_page = browser.page(svg_server.base_url());
    measure::install_init_script(&photo_page, &json!({})).await?;
    measure::try_cdp(&photo_page, "Page.addScriptToEvaluateOnNewDocument", json!({ "source": IMG_INIT })).await?;
    measure::set_cache_disabled(&photo_page, false).await?;
    let chromium = measure::browser_version(&photo_page).await.unwrap_or_else(|| "Chromium".into());

    let article_path = format!("/bai-viet/{REFERENCE_ARTICLE}");
    let ours = |page| Target { page, path: article_path.clone(), lead: LEAD_OURS, takeover: true };
    step(&format!("photo page and SVG page on the phone, throttled ({runs} runs each)"));
    measure::set_viewport(&photo_page, Some(PHONE)).await?;
    measure::set_throttling(&photo_page, true).await?;
    let phone = loads(&[ours(&photo_page), ours(&svg_page)], runs, true).await?;
    step(&format!("photo page at 1280 px ({runs} runs)"));
    measure::set_viewport(&photo_page, None).await?;
    measure::set_throttling(&photo_page, false).await?;
    let desktop = loads(&[ours(&photo_page)], runs, false).await?;

    let mut wp_samples = None;
    if let (Ok((wp, _)), Ok(slug), Some(server)) = (&wordpress, &wp_publish, &wp_site_server) {
        let wp_page = browser.page(wp.url());
        let our_page = browser.page(server.base_url());
        let targets = [
            Target { page: &wp_page, path: format!("/{slug}/"), lead: LEAD_WORDPRESS, takeover: false },
            Target { page: &our_page, path: format!("/bai-viet/{slug}"), lead: LEAD_OURS, takeover: true },
        ];
        step(&format!("WordPress's theme page and ours on the phone, throttled ({runs} runs each)"));
        measure::set_viewport(&wp_page, Some(PHONE)).await?;
        measure::set_throttling(&wp_page, true).await?;
        let phone = loads(&targets, runs, true).await;
        step(&format!("WordPress's theme page and ours at 1280 px ({runs} runs each)"));
        measure::set_viewport(&wp_page, None).await?;
        measure::set_throttling(&wp_page, false).await?;
        let desktop = loads(&targets, runs, false).await;
        wp_samples = Some(phone.and_then(|p| desktop.map(|d| (p, d))));
    }
    browser.close().await;
    drop(photo_server);
    drop(svg_server);
    drop(wp_site_server);
    let wp_post = match wordpress {
        Ok((wp, post)) => {
            let _ = tokio::task::block_in_place(|| wp.stop());
            Some(post)
        }
        Err(_) => None,
    };

    // 4. The table.
    let raw = json!({
        "photo": { "path": photo.path, "width": photo.width, "height": photo.height, "bytes": photo.bytes },
        "phone": { "photo": phone[0], "svg": phone[1] },
        "desktop": { "photo": desktop[0] },
        "wordpress_post": wp_post,
        "wordpress": match &wp_samples {
            Some(Ok((p, d))) => json!({ "phone": { "wordpress": p[0], "ours": p[1] }, "desktop": { "wordpress": d[0], "ours": d[1] } }),
            Some(Err(e)) => json!({ "error": e }),
            None => json!({ "error": wp_publish.as_ref().err() }),
        },
    });
    let _ = std::fs::write(dir.join("raw.json"), serde_json::to_string_pretty(&raw).unwrap_or_default());
    let report = Report {
        photo: &photo,
        phone: &phone,
        desktop: &desktop[0],
        wordpress: match (&wp_samples, &wp_publish) {
            (Some(Ok((p, d))), Ok(_)) => Ok(WordPressResult { phone: p, desktop: d, post: wp_post.clone().unwrap_or(Value::Null) }),
            (Some(Err(e)), _) | (None, Err(e)) => Err(e.clone()),
            (_, Err(e)) => Err(e.clone()),
            (None, Ok(_)) => Err("WordPress was not measured".into()),
        },
        runs,
    };
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    let load = load_start.map(|l| format!("{l:.1}")).unwrap_or_else(|| "?".into());
    let md = format!("{}\n\n{}", header(&load, quick, runs, minutes, &chromium), report.markdown());
    println!("{md}");
    let path = bench_dir.join(format!("{PHASE}.md"));
    std::fs::write(&path, &md).map_err(|e| format!("write {}: {e}", path.display()))?;
    eprintln!("bench: written to {} (every sample in {})", path.display(), dir.join("raw.json").display());
    if write_docs {
        let docs = root.join("docs/PERFORMANCE.md");
        let old = std::fs::read_to_string(&docs).map_err(|e| format!("read {}: {e}", docs.display()))?;
        let section = format!("{HEADING}\n\n{INTRO}\n{md}\n");
        std::fs::write(&docs, put_section(&old, &section)).map_err(|e| format!("write {}: {e}", docs.display()))?;
        eprintln!("bench: the section \"{}\" of {} rewritten", &HEADING[3..], docs.display());
    }
    Ok(())
}

const INTRO: &str = "Written by `cargo run --locked --release -p bench -- --only images-page --write-docs` (`tools/bench/src/images_page.rs`; this section only). The reference article (`/bai-viet/hoi-nghi-tong-ket-cong-tac-thi-dua-khen-thuong-nam-2021`) with its lead image replaced by a camera photograph of 4000 × 3000: `Dragonfly_by_Bolly.jpg` from Debian's `lomiri-wallpapers-16.04` (a phone camera's photograph of foliage against the sky, 4224 × 3168, CC BY-SA 4.0; fetched with `apt-get download` into `target/bench/`, never committed), scaled down to 4000 × 3000 (the same 4:3: no crop, no padding, no upscaling) and encoded as a JPEG of quality 92 with an EXIF block carrying GPS, as a camera writes it. (`ukui-wallpapers`, tried first, holds 3D renders and drawings, not photographs: its `rhythm.jpg` re-encoded the same way is 0.70 MB at 3840 × 2400, and its 720 px AVIF 8.9 kB.) A copy of the sample with that change, and the sample as it is (its SVG drawing), are published with the release `publish --app dist`, served as the bench serves the sample (loopback, pages precompressed, gzip/brotli) and loaded in headless Chromium, interleaved: on a phone (375 × 812 CSS px, 2 device pixels per px, DevTools' slow 4G + 4× CPU, as the first-load rows) and in the 1280 × 900 window (1 device pixel per px, unthrottled). Then the same article and photograph go into Debian's WordPress 6.1 (`tools/wordpress/photo.php`: uploaded through WordPress's media handling, which makes its own `-scaled` copy and sizes with GD; the featured image, and a block-editor image in the body written by `wp_get_attachment_image()`, so `srcset`/`sizes` are WordPress's), and WordPress's own theme page (Twenty Twenty-Three, the only theme Debian ships) is compared with our page for the same post, published with `publish --from wordpress`. Every load starts with an empty HTTP cache. Image bytes: the `transferSize` of the page's image resources (Resource Timing), after the load, and after scrolling to the end (lazy images). Lead photo painted: Element Timing's `renderTime` of the lead `<img>` (the bench puts `elementtiming` on every `<img>` as it is parsed), from navigation start; Chromium reports it also for an image below the screen, with its visible area. Medians; CLS as the worst session window.\n";

/// The line that says how and when the table was measured.
fn header(load: &str, quick: bool, runs: usize, minutes: f64, chromium: &str) -> String {
    let commit = crate::images::head_commit();
    let date = crate::now().format("%Y-%m-%d %H:%M UTC");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let quick = if quick { " --quick" } else { "" };
    format!(
        "`cargo run --locked --release -p bench -- --only {PHASE}{quick}` on {date} (commit {commit} plus the working tree; {chromium}; {cores} cores, load average {load} as it started; {runs} loads per page and setting; the phase took {minutes:.1} min)."
    )
}

// ----- the photograph and the sites -----------------------------------------------

/// The photograph scaled down to [`PHOTO_SIZE`] and encoded at
/// [`PHOTO_QUALITY`] with EXIF (GPS), made once.
fn prepare_photo(bench_dir: &Path, dir: &Path) -> Result<Photo, String> {
    let source = source_photo(bench_dir)?;
    let source_bytes = std::fs::metadata(&source).map(|m| m.len()).map_err(|e| format!("{}: {e}", source.display()))?;
    let source_size = image::image_dimensions(&source).map_err(|e| format!("{}: {e}", source.display()))?;
    let out = dir.join(format!("photo-{}x{}-q{PHOTO_QUALITY}-exif.jpg", PHOTO_SIZE.0, PHOTO_SIZE.1));
    if !out.is_file() {
        let (sw, sh) = source_size;
        // Scaled down only, and only at the same aspect ratio.
        let (width, height) = if sw >= PHOTO_SIZE.0 && sh >= PHOTO_SIZE.1 && u64::from(sw) * u64::from(PHOTO_SIZE.1) == u64::from(sh) * u64::from(PHOTO_SIZE.0) {
            PHOTO_SIZE
        } else {
            source_size
        };
        let decoded = image::open(&source).map_err(|e| format!("decode {}: {e}", source.display()))?;
        let decoded = if (width, height) == source_size { decoded } else { decoded.resize_exact(width, height, image::imageops::FilterType::Lanczos3) };
        let pixels = decoded.to_rgb8();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, PHOTO_QUALITY)
            .encode(pixels.as_raw(), width, height, image::ExtendedColorType::Rgb8)
            .map_err(|e| format!("encode {}: {e}", out.display()))?;
        // A camera's EXIF: make, model, time, and where (Hà Nội), right after SOI.
        let spec = PhotoSpec {
            scene: PhotoScene::RiversideFestival,
            width,
            height,
            orientation: 1,
            taken: "2021:12:22 08:03:00",
            latitude: Coordinate { degrees: 21, minutes: 1, centiseconds: 4012 },
            longitude: Coordinate { degrees: 105, minutes: 51, centiseconds: 1275 },
            seed: 0,
        };
        let mut file = jpeg[..2].to_vec();
        file.extend_from_slice(&content_gen::photo::exif(&spec));
        file.extend_from_slice(&jpeg[2..]);
        baseline::write_file(&out, &file)?;
    }
    let (width, height) = image::image_dimensions(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let bytes = std::fs::metadata(&out).map(|m| m.len()).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(Photo { path: out, width, height, bytes, source_size, source_bytes })
}

/// [`PHOTO_FILE`], from `apt-get download` of [`PHOTO_PACKAGE`] and
/// `dpkg-deb -x` into `target/bench/` (nothing is installed), once.
fn source_photo(bench_dir: &Path) -> Result<PathBuf, String> {
    let dir = bench_dir.join(PHOTO_PACKAGE);
    let path = dir.join("usr/share/backgrounds").join(PHOTO_FILE);
    if path.is_file() {
        return Ok(path);
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    eprintln!("bench: apt-get download {PHOTO_PACKAGE} into {}", dir.display());
    let download = || Command::new("apt-get").args(["download", "-q", PHOTO_PACKAGE]).current_dir(&dir).status().is_ok_and(|s| s.success());
    if !download() {
        // An old package list names a version the mirror no longer has.
        let _ = Command::new("apt-get").args(["update", "-q"]).status();
        if !download() {
            return Err(format!("apt-get download {PHOTO_PACKAGE} failed"));
        }
    }
    let deb = std::fs::read_dir(&dir)
        .map_err(|e| format!("read {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .ok_or(format!("apt-get download left no .deb in {}", dir.display()))?;
    let status = Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&dir).status().map_err(|e| format!("cannot run dpkg-deb: {e}"))?;
    let _ = std::fs::remove_file(&deb);
    if !status.success() || !path.is_file() {
        return Err(format!("dpkg-deb -x {} gave no {PHOTO_FILE}", deb.display()));
    }
    Ok(path)
}

/// A copy of the sample whose reference article shows the photograph
/// (every document that shows its image: the article and a list page).
fn photo_content(root: &Path, dir: &Path, photo: &Photo) -> Result<PathBuf, String> {
    let sample = root.join("content/api");
    let content = dir.join("content-photo");
    if content.exists() {
        std::fs::remove_dir_all(&content).map_err(|e| format!("remove {}: {e}", content.display()))?;
    }
    baseline::copy_tree(&sample, &content, &[]).map_err(|e| format!("copy {}: {e}", sample.display()))?;
    let article = crate::dataset::read_json(&content.join(crate::dataset::article_file(REFERENCE_ARTICLE)))?;
    let old = article["image"]["src"].as_str().ok_or("the reference article has no image")?.to_string();
    let new = format!("media/{REFERENCE_ARTICLE}.jpg");
    std::fs::copy(&photo.path, content.join(&new)).map_err(|e| format!("copy {}: {e}", photo.path.display()))?;
    let mut changed = 0;
    replace_in_documents(&content, &old, &new, photo.width, photo.height, &mut changed)?;
    if changed == 0 {
        return Err(format!("no document shows {old}"));
    }
    Ok(content)
}

fn replace_in_documents(dir: &Path, old: &str, new: &str, width: u32, height: u32, changed: &mut usize) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("read {}: {e}", dir.display()))?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            replace_in_documents(&path, old, new, width, height, changed)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
            if !text.contains(old) {
                continue;
            }
            let mut value: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            replace_image(&mut value, old, new, width, height);
            std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap_or_default()).map_err(|e| format!("write {}: {e}", path.display()))?;
            *changed += 1;
        }
    }
    Ok(())
}

fn replace_image(value: &mut Value, old: &str, new: &str, width: u32, height: u32) {
    match value {
        Value::Object(map) => {
            if map.get("src").and_then(Value::as_str) == Some(old) {
                map.insert("src".into(), json!(new));
                map.insert("width".into(), json!(width));
                map.insert("height".into(), json!(height));
            }
            for child in map.values_mut() {
                replace_image(child, old, new, width, height);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|child| replace_image(child, old, new, width, height)),
        _ => {}
    }
}

/// `publish --from FROM… --app dist --out OUT --image-cache CACHE` into a fresh site.
fn publish(binary: &Path, from: &[&str], out: &Path, cache: &Path, log: &Path) -> Result<publishing::Run, String> {
    publishing::remove_site(out)?;
    let mut command = Command::new(binary);
    command.arg("--from").args(from).arg("--app").arg(e2e::app_dist()).arg("--out").arg(out).arg("--image-cache").arg(cache);
    eprintln!("bench: publish --from {} --out {}", from.join(" "), out.display());
    publishing::run_measured(command, log, Instant::now())
}

/// gzip -9 and brotli -q 11 beside the measured page and the SVGs under
/// `anh/`, as the bench precompresses the sample (the app's files come
/// with theirs from `dist/`; new files only, never written through a link).
fn precompress_page(site: &Path, page: &str) -> Result<(), String> {
    let mut files = vec![site.join(page)];
    if let Ok(entries) = std::fs::read_dir(site.join("anh")) {
        files.extend(entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "svg")));
    }
    for file in files {
        let name = file.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let bytes = std::fs::read(&file).map_err(|e| format!("read {}: {e}", file.display()))?;
        for (extension, compressed) in [("gz", sizes::gzip9(&bytes)), ("br", sizes::brotli11(&bytes))] {
            let target = file.with_file_name(format!("{name}.{extension}"));
            let _ = std::fs::remove_file(&target);
            std::fs::write(&target, compressed).map_err(|e| format!("write {}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// A WordPress with the seed's posts and the reference article as a post
/// with the photograph (`tools/wordpress/photo.php`); what that printed.
fn start_wordpress(root: &Path, photo: &Photo, dir: &Path) -> Result<(e2e::wordpress::WordPress, Value), String> {
    // 60 posts (the seed's least), one GD-drawn image among them.
    let wp = e2e::wordpress::WordPress::start(60, 1000)?;
    let article = root.join("content/api").join(crate::dataset::article_file(REFERENCE_ARTICLE));
    let started = Instant::now();
    let out = wp.php_script("photo.php", &[&photo.path.display().to_string(), &article.display().to_string()])?;
    let mut post: Value = serde_json::from_str(out.trim()).map_err(|e| format!("photo.php printed no JSON ({e}): {out}"))?;
    post["upload_s"] = json!(started.elapsed().as_secs_f64());
    let _ = std::fs::write(dir.join("wordpress-post.json"), serde_json::to_string_pretty(&post).unwrap_or_default());
    Ok((wp, post))
}

// ----- loads ----------------------------------------------------------------------

/// One unrecorded load of each target, then `runs` rounds of one load of
/// each, interleaved; the samples of each target.
async fn loads(targets: &[Target<'_>], runs: usize, throttled: bool) -> Result<Vec<Vec<Value>>, String> {
    let (settle, timeout) = if throttled { (800, Duration::from_secs(90)) } else { (300, Duration::from_secs(30)) };
    let mut samples = vec![Vec::new(); targets.len()];
    for target in targets {
        load(target, settle, timeout).await?;
    }
    for _ in 0..runs {
        for (target, out) in targets.iter().zip(samples.iter_mut()) {
            out.push(load(target, settle, timeout).await?);
        }
    }
    Ok(samples)
}

/// A fresh load (empty HTTP cache) of `target`: what `js::FIRST_LOAD_RESULT`
/// reads, with the image figures under `img` and, after scrolling to the
/// end, under `scrolled`.
async fn load(target: &Target<'_>, settle: u64, timeout: Duration) -> Result<Value, String> {
    let page = target.page;
    measure::try_cdp(page, "Network.clearBrowserCache", json!({})).await?;
    page.client().goto("about:blank").await.map_err(|e| format!("goto about:blank: {e}"))?;
    let url = page.url(&target.path);
    page.client().goto(&url).await.map_err(|e| format!("goto {url}: {e}"))?;
    let deadline = Instant::now() + timeout;
    loop {
        match page.try_exec(READY, vec![json!(target.lead), json!(target.takeover)]).await {
            Ok(Value::Bool(true)) => break,
            _ if Instant::now() > deadline => return Err(format!("{url}: not loaded with its lead image ({}) within {timeout:?}", target.lead)),
            _ => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    let mut result = exec(page, crate::js::FIRST_LOAD_RESULT, vec![json!(settle)]).await?;
    result["img"] = exec(page, &image_result(), vec![json!(target.lead)]).await?;
    let limit = if settle > 500 { 20_000 } else { 5_000 };
    result["scrolled"] = exec(page, &scrolled_result(), vec![json!(limit)]).await?;
    // The per-resource list of every resource is in `img`/`scrolled` for images; drop the rest.
    if let Some(map) = result.as_object_mut() {
        map.remove("resources");
        map.remove("long");
    }
    Ok(result)
}

async fn exec(page: &Page, script: &str, args: Vec<Value>) -> Result<Value, String> {
    page.try_exec(script, args).await.map_err(|e| format!("script failed: {e}"))
}

// ----- the report -----------------------------------------------------------------

struct WordPressResult<'a> {
    phone: &'a [Vec<Value>],
    desktop: &'a [Vec<Value>],
    post: Value,
}

struct Report<'a> {
    photo: &'a Photo,
    phone: &'a [Vec<Value>],
    desktop: &'a [Value],
    wordpress: Result<WordPressResult<'a>, String>,
    runs: usize,
}

/// The values at `path` (e.g. `["img", "imageBytes"]`) of each sample.
fn values(samples: &[Value], path: &[&str]) -> Vec<f64> {
    samples
        .iter()
        .filter_map(|s| path.iter().try_fold(s, |v, k| v.get(*k)).and_then(Value::as_f64))
        .collect()
}

fn median(samples: &[Value], path: &[&str]) -> Option<f64> {
    stats::median(&values(samples, path))
}

fn worst(samples: &[Value], path: &[&str]) -> Option<f64> {
    values(samples, path).into_iter().reduce(f64::max)
}

fn kb(bytes: f64) -> String {
    if bytes >= 1e6 {
        format!("{:.2} MB", bytes / 1e6)
    } else {
        format!("{:.1} kB", bytes / 1000.0)
    }
}

fn ms(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0} ms")).unwrap_or_else(|| "—".into())
}

/// `1/N` for a small ratio.
fn fraction(ratio: f64) -> String {
    if ratio > 0.0 && ratio < 1.0 {
        format!("1/{:.0} ({ratio:.3})", 1.0 / ratio)
    } else {
        format!("{ratio:.2}×")
    }
}

fn verdict(pass: Option<bool>) -> &'static str {
    match pass {
        Some(true) => "PASS",
        Some(false) => "**MISS**",
        None => "not measured",
    }
}

/// The most common file the lead image showed (path under the site), for the table.
fn lead_file(samples: &[Value]) -> String {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for s in samples {
        let src = s["img"]["leadSrc"].as_str().unwrap_or("").rsplit('/').next().unwrap_or("").to_string();
        match seen.iter_mut().find(|(name, _)| *name == src) {
            Some((_, n)) => *n += 1,
            None => seen.push((src, 1)),
        }
    }
    seen.sort_by(|a, b| b.1.cmp(&a.1));
    let shown = samples.first().and_then(|s| s["img"]["leadBox"].as_array().cloned()).unwrap_or_default();
    match (seen.first(), shown.as_slice()) {
        (Some((name, _)), [w, h]) if !name.is_empty() => format!("`{name}` shown at {w} × {h} CSS px"),
        (Some((name, _)), _) if !name.is_empty() => format!("`{name}`"),
        _ => "—".into(),
    }
}

/// The image files of one sample with their bytes, for the notes.
fn image_list(sample: Option<&Value>, key: &str) -> String {
    let Some(images) = sample.and_then(|s| s[key]["images"].as_array()) else { return "—".into() };
    images
        .iter()
        .map(|r| {
            let name = r[0].as_str().unwrap_or("").rsplit('/').next().unwrap_or("").to_string();
            format!("`{}` {}", name, kb(r[1].as_f64().unwrap_or(0.0)))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Report<'_> {
    fn markdown(&self) -> String {
        let mut rows: Vec<[String; 6]> = Vec::new();
        let original = self.photo.bytes as f64;
        let [photo, svg] = [&self.phone[0], &self.phone[1]];
        let first = ["img", "imageBytes"];
        let all = ["scrolled", "imageBytes"];
        let dims = format!("{} × {}", self.photo.width, self.photo.height);
        rows.push([
            "The photograph: the original an editor uploads (JPEG quality 92, EXIF with GPS)".into(),
            format!("{dims}, {}", kb(original)),
            format!("`{PHOTO_FILE}` ({PHOTO_PACKAGE}) as Debian ships it: {} × {}, {}", self.photo.source_size.0, self.photo.source_size.1, kb(self.photo.source_bytes as f64)),
            "—".into(),
            "4000 × 3000".into(),
            "—".into(),
        ]);
        let bytes_row = |label: String, samples: &[Value], limit: f64, rows: &mut Vec<[String; 6]>| {
            let m = median(samples, &first);
            let a = median(samples, &all);
            let ratio = m.map(|m| m / original);
            let ratio_all = a.map(|a| a / original);
            rows.push([
                label,
                format!("{} (scrolled to the end: {}); lead: {}", m.map(kb).unwrap_or("—".into()), a.map(kb).unwrap_or("—".into()), lead_file(samples)),
                format!("original {}", kb(original)),
                ratio.map(fraction).unwrap_or("—".into()),
                format!("≤ 1/{:.0}", 1.0 / limit),
                verdict(ratio.zip(ratio_all).map(|(r, a)| r <= limit && a <= limit)).into(),
            ]);
        };
        bytes_row("Phone 375 px, DPR 2, slow 4G + 4× CPU: image bytes transferred, photo page".into(), photo, 1.0 / 20.0, &mut rows);
        let (lcp_photo, lcp_svg) = (median(photo, &["lcp"]), median(svg, &["lcp"]));
        let lcp_ratio = lcp_photo.zip(lcp_svg).map(|(a, b)| a / b);
        let tag = |samples: &[Value]| samples.first().and_then(|s| s["lcpTag"].as_str()).unwrap_or("?").to_string();
        rows.push([
            "Phone, throttled: LCP, photo page vs the sample's page (its SVG drawing)".into(),
            format!("{} ({})", ms(lcp_photo), tag(photo)),
            format!("{} ({})", ms(lcp_svg), tag(svg)),
            lcp_ratio.map(|r| format!("{r:.2}×")).unwrap_or("—".into()),
            "≤ 1.2×".into(),
            verdict(lcp_ratio.map(|r| r <= 1.2)).into(),
        ]);
        let (cls, cls_worst) = (median(photo, &["cls"]), worst(photo, &["cls"]));
        rows.push([
            "Phone, throttled: CLS of the photo page, takeover included (median; worst run)".into(),
            format!("{:.3} (worst {:.3})", cls.unwrap_or(f64::NAN), cls_worst.unwrap_or(f64::NAN)),
            format!("SVG page: {:.3} (worst {:.3})", median(svg, &["cls"]).unwrap_or(f64::NAN), worst(svg, &["cls"]).unwrap_or(f64::NAN)),
            "—".into(),
            "0".into(),
            verdict(cls_worst.map(|c| c == 0.0)).into(),
        ]);
        let shown = median(photo, &["img", "shown"]);
        let shown_worst = worst(photo, &["img", "shown"]);
        // Where the photo is: painted is not seen when it lies below the screen.
        let first_img = photo.first().map(|s| &s["img"]);
        let top = first_img.and_then(|s| s["leadTop"].as_f64());
        let screen = first_img.and_then(|s| s["screen"][1].as_f64());
        let visible = first_img.and_then(|s| s["shownVisible"].as_f64());
        let below = matches!((top, screen), (Some(t), Some(h)) if t >= h);
        let label = match (top, screen) {
            (Some(t), Some(h)) if below => format!(
                "Phone, throttled: lead photo loaded, decoded and painted (Element Timing `renderTime` of the lead `<img>`, from navigation start; median, slowest run). Its top is at {t:.0} px, below the {h:.0} px screen (visible area when painted: {} px²): it is ready when a reader scrolls to it, not on screen before",
                visible.map(|v| format!("{v:.0}")).unwrap_or("?".into())
            ),
            _ => "Phone, throttled: lead photo on screen (Element Timing `renderTime` of the lead `<img>`, from navigation start; median, slowest run)".into(),
        };
        rows.push([
            label,
            format!("{} (slowest {})", ms(shown), ms(shown_worst)),
            format!("SVG page: {}", ms(median(svg, &["img", "shown"]))),
            "—".into(),
            "≤ 3 s".into(),
            verdict(shown.map(|s| s <= 3000.0)).into(),
        ]);
        bytes_row("Desktop 1280 px, DPR 1, unthrottled: image bytes transferred, photo page".into(), self.desktop, 1.0 / 8.0, &mut rows);

        match &self.wordpress {
            Ok(wp) => {
                for (label, samples) in [("Phone 375 px, DPR 2, slow 4G + 4× CPU", wp.phone), ("Desktop 1280 px, DPR 1, unthrottled", wp.desktop)] {
                    let (theirs, ours) = (&samples[0], &samples[1]);
                    for (when, key) in [("after the load", first), ("scrolled to the end", all)] {
                        let (t, o) = (median(theirs, &key), median(ours, &key));
                        let ratio = t.zip(o).map(|(t, o)| o / t);
                        rows.push([
                            format!("WordPress post with the photograph, {label}: image bytes {when}, our page vs WordPress's theme"),
                            format!("{}{}", o.map(kb).unwrap_or("—".into()), if key == first { format!("; lead: {}", lead_file(ours)) } else { String::new() }),
                            format!("{}{}", t.map(kb).unwrap_or("—".into()), if key == first { format!("; lead: {}", lead_file(theirs)) } else { String::new() }),
                            ratio.map(|r| format!("{r:.2}×")).unwrap_or("—".into()),
                            "< 1".into(),
                            verdict(ratio.map(|r| r < 1.0)).into(),
                        ]);
                    }
                }
                for (label, samples) in [("phone", wp.phone)] {
                    let (theirs, ours) = (&samples[0], &samples[1]);
                    let (o, t) = (median(ours, &["img", "shown"]), median(theirs, &["img", "shown"]));
                    let top = |samples: &[Value]| {
                        samples.first().and_then(|s| s["img"]["leadTop"].as_f64()).map(|t| format!(" (photo's top at {t:.0} px)")).unwrap_or_default()
                    };
                    rows.push([
                        format!("WordPress post, {label}, throttled: lead photo painted (Element Timing), our page vs WordPress's theme"),
                        format!("{}{}", ms(o), top(ours)),
                        format!("{}{}", ms(t), top(theirs)),
                        o.zip(t).map(|(o, t)| format!("{:.2}×", o / t)).unwrap_or("—".into()),
                        "reported".into(),
                        "—".into(),
                    ]);
                    rows.push([
                        format!("WordPress post, {label}, throttled: LCP, our page vs WordPress's theme"),
                        format!("{} ({})", ms(median(ours, &["lcp"])), tag(ours)),
                        format!("{} ({})", ms(median(theirs, &["lcp"])), tag(theirs)),
                        median(ours, &["lcp"]).zip(median(theirs, &["lcp"])).map(|(o, t)| format!("{:.2}×", o / t)).unwrap_or("—".into()),
                        "reported".into(),
                        "—".into(),
                    ]);
                }
            }
            Err(e) => rows.push([
                "WordPress side by side".into(),
                format!("not measured: {}", e.lines().next().unwrap_or("")),
                "—".into(),
                "—".into(),
                "< 1".into(),
                "not measured".into(),
            ]),
        }

        let mut md = String::from("| Measure | Measured | Against | Ratio | Target | Result |\n|---|---|---|---|---|---|\n");
        for row in &rows {
            md.push_str(&format!("| {} |\n", row.join(" | ")));
        }
        let (pass, miss) = (rows.iter().filter(|r| r[5] == "PASS").count(), rows.iter().filter(|r| r[5].contains("MISS")).count());
        md.push_str(&format!("\n{pass} targets met, {miss} missed ({} loads per page and setting, medians).\n", self.runs));
        md.push_str("\nWhat was fetched (first sample of each):\n\n");
        md.push_str(&format!(
            "- Photo page, phone: {}. Desktop: {}.\n",
            image_list(photo.first(), "img"),
            image_list(self.desktop.first(), "img"),
        ));
        md.push_str(&format!("- SVG page, phone: {}.\n", image_list(svg.first(), "img")));
        let place = |samples: &[Value]| {
            let s = samples.first().map(|s| &s["img"]);
            match s.map(|s| (s["leadTop"].as_f64(), s["leadBox"][1].as_f64(), s["screen"][1].as_f64())) {
                Some((Some(top), Some(height), Some(screen))) => format!("its top at {top:.0} px of a {screen:.0} px tall screen ({height:.0} px tall)"),
                _ => "—".into(),
            }
        };
        let tag = |samples: &[Value]| samples.first().and_then(|s| s["lcpTag"].as_str()).unwrap_or("?").to_string();
        md.push_str(&format!(
            "- The largest paint (LCP element) on the phone: `{}` on the photo page, `{}` on the SVG page; the lead photo: {} (Element Timing times its own paint). At 1280 px: {}.\n",
            tag(photo),
            tag(svg),
            place(photo),
            place(self.desktop),
        ));
        if let Ok(wp) = &self.wordpress {
            let files = wp.post["files"]
                .as_object()
                .map(|f| {
                    f.iter()
                        .map(|(name, v)| format!("{name} {} × {} {}", v[1], v[2], kb(v[3].as_f64().unwrap_or(0.0))))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            md.push_str(&format!(
                "- WordPress made from the upload (GD, {:.1} s): {files}.\n",
                wp.post["upload_s"].as_f64().unwrap_or(0.0)
            ));
            for (label, samples) in [("phone", wp.phone), ("desktop", wp.desktop)] {
                md.push_str(&format!(
                    "- WordPress's theme page, {label}, scrolled to the end: {}. Ours: {}.\n",
                    image_list(samples[0].first(), "scrolled"),
                    image_list(samples[1].first(), "scrolled")
                ));
            }
            let files = |s: Option<&Value>| s.and_then(|s| s["scrolled"]["images"].as_array()).map_or(0, |i| i.iter().filter(|r| !r[0].as_str().unwrap_or("").ends_with("favicon.svg")).count());
            let (ours, theirs) = (files(wp.phone[1].first()), files(wp.phone[0].first()));
            if ours > theirs {
                md.push_str(&format!(
                    "- On the phone our page fetches {ours} files of the one photograph, WordPress's theme {theirs}: the post's HTML shows WordPress's `large` size (1024 px) in the body, which the publisher copies and processes as an image of its own beside the featured image's original, while in WordPress's page the featured image's and the body image's `srcset`s list the same files, and the phone picks the same one for both.\n"
                ));
            }
        }
        // The desktop column against the ladder: which width the browser had to take.
        if let Some(img) = self.desktop.first().map(|s| &s["img"]) {
            let chosen = img["leadSrc"].as_str().and_then(|s| s.rsplit('-').next()).and_then(|s| s.split('.').next()).and_then(|w| w.parse::<f64>().ok());
            let column = img["leadBox"][0].as_f64();
            if let (Some(chosen), Some(column)) = (chosen, column) {
                if chosen > 1.3 * column {
                    md.push_str(&format!(
                        "- At 1280 px the photo is {column:.0} CSS px wide at 1 device pixel per px, and the browser takes the {chosen:.0} px variant: the ladder's step below it is narrower than the column.\n"
                    ));
                }
            }
        }
        md
    }
}

/// `old` with this phase's section replaced by `section`; without one,
/// `section` goes after the "## Images" section (the other image phases'),
/// else before "## Missed targets", else at the end.
fn put_section(old: &str, section: &str) -> String {
    let section = format!("{}\n\n", section.trim_end());
    let end_of = |start: usize, heading_len: usize| old[start + heading_len..].find("\n## ").map_or(old.len(), |at| start + heading_len + at + 1);
    if let Some(start) = old.find(&format!("\n{HEADING}\n")).map(|at| at + 1) {
        let end = end_of(start, HEADING.len());
        return format!("{}{section}{}", &old[..start], &old[end..]);
    }
    let at = match old.find("\n## Images\n").map(|at| at + 1) {
        Some(start) => Some(end_of(start, "## Images".len())),
        None => old.find("\n## Missed targets").map(|at| at + 1),
    };
    match at {
        Some(at) if at < old.len() => format!("{}{section}{}", &old[..at], &old[at..]),
        _ => format!("{}\n\n{section}", old.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_goes_after_the_images_section_and_is_replaced() {
        let doc = "# P\n\n## Images\n\nx\n\n## Missed targets\n\nm\n";
        let once = put_section(doc, &format!("{HEADING}\n\none"));
        assert_eq!(once, format!("# P\n\n## Images\n\nx\n\n{HEADING}\n\none\n\n## Missed targets\n\nm\n"));
        let twice = put_section(&once, &format!("{HEADING}\n\ntwo\n"));
        assert_eq!(twice, format!("# P\n\n## Images\n\nx\n\n{HEADING}\n\ntwo\n\n## Missed targets\n\nm\n"));
        let without = put_section("# P\n\n## Missed targets\n\nm\n", &format!("{HEADING}\n\nz"));
        assert_eq!(without, format!("# P\n\n{HEADING}\n\nz\n\n## Missed targets\n\nm\n"));
    }

    #[test]
    fn the_sample_image_is_replaced_wherever_it_is_shown() {
        let mut doc = json!({ "image": { "src": "media/a.svg", "width": 800, "height": 450, "alt": "x" }, "items": [{ "image": { "src": "media/a.svg" } }] });
        replace_image(&mut doc, "media/a.svg", "media/a.jpg", 3840, 2400);
        assert_eq!(doc["image"], json!({ "src": "media/a.jpg", "width": 3840, "height": 2400, "alt": "x" }));
        assert_eq!(doc["items"][0]["image"]["src"], "media/a.jpg");
    }
}
