//! `--only images-publish`: publishing with photographs.
//!
//! - One phone-size photograph (4000 × 3000 JPEG, made from a wallpaper)
//!   through the whole ladder in the bench's process, by the publisher's
//!   own `ImageCache::process` (decoding, resizing, every encoder).
//! - A dataset of articles (content-gen, 5 categories) whose lead images
//!   (and list thumbnails) are the photographs under other names, every
//!   file's bytes distinct: each copy has one of the original's
//!   highest-frequency quantisation steps changed (a valid JPEG whose
//!   decoded pixels differ slightly), so the cache, keyed by the
//!   original's bytes, cannot serve one copy's work for another.
//! - The release `publish` binary on it, as the publishing phase runs it
//!   (`--app dist`), with an empty image cache (cold: wall time, images
//!   per second and per core, CPU time, peak memory), then again on the
//!   unchanged site (every image from the cache).
//!
//! 1000 articles when the phone-size photograph's time says the cold run
//! fits in [`COLD_BUDGET`] on this machine's cores, else 200 and the
//! extrapolation to 1000 stated.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use image::imageops::FilterType;
use publish::images::{encode_jpeg, ImageCache, Limits};
use serde_json::{json, Value};

use super::{kb, thread_cpu, Photo};
use crate::publishing::{self, Run};

/// Articles of the full measurement, and of the reduced one.
const ARTICLES: usize = 1000;
const ARTICLES_REDUCED: usize = 200;
const CATEGORIES: u32 = 5;

/// What the cold run may take on this machine (the bench's budget).
const COLD_BUDGET: Duration = Duration::from_secs(25 * 60);

/// The phone-size photograph: 12 megapixels, 4:3, as phones take them.
const PHONE: (u32, u32) = (4000, 3000);

/// Where the lead images go in the content folder.
fn photo_src(index: usize) -> String {
    format!("media/anh-chup-{index:04}.jpg")
}

pub fn run(root: &Path, bench_dir: &Path, photos: &[Photo], quick: bool) -> Result<String, String> {
    let work = bench_dir.join("images-publish");
    std::fs::create_dir_all(&work).map_err(|e| format!("create {}: {e}", work.display()))?;
    let app = e2e::app_dist();
    if !app.join("index.html").is_file() {
        return Err(format!("{} has no index.html: build the app first (`make build`, or the bench without --only)", app.display()));
    }
    let binary = publishing::build_binary(root)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut out = String::new();

    // 1. One phone-size photograph through the whole ladder.
    let phone = phone_photo(photos, &work)?;
    let cache_dir = work.join("phone-cache");
    let _ = std::fs::remove_dir_all(&cache_dir);
    let cache = ImageCache::open(&cache_dir)?;
    let original = std::fs::read(&phone).map_err(|e| format!("read {}: {e}", phone.display()))?;
    let (wall, cpu) = (Instant::now(), thread_cpu());
    let processed = cache.process(&original, &Limits::default()).map_err(|e| format!("the phone-size photograph: {e}"))?;
    let (phone_wall, phone_cpu) = (wall.elapsed(), thread_cpu().saturating_sub(cpu));
    let _ = std::fs::remove_dir_all(&cache_dir);
    let variants: Vec<String> = processed
        .variants
        .iter()
        .map(|v| format!("{} {} px {}", v.media_type.trim_start_matches("image/"), v.width, kb(v.bytes as f64)))
        .collect();
    out.push_str(&format!(
        "One phone-size photograph ({} × {} JPEG, {}, made from `{}`) through the whole ladder, in the bench's process on one core (`ImageCache::process`: decoding, resizing, every encoder): **{:.1} s** wall, {:.1} s CPU; {} files: {}.\n\n",
        PHONE.0,
        PHONE.1,
        kb(original.len() as f64),
        photos.first().map_or("?", |p| p.name.as_str()),
        phone_wall.as_secs_f64(),
        phone_cpu.as_secs_f64(),
        processed.variants.len(),
        variants.join(", ")
    ));

    // 2. How many articles fit the budget.
    let predicted = |articles: usize| phone_cpu.mul_f64(articles as f64 / cores as f64);
    let articles = if quick {
        20
    } else if predicted(ARTICLES) <= COLD_BUDGET {
        ARTICLES
    } else {
        ARTICLES_REDUCED
    };
    eprintln!(
        "bench: {articles} articles (1000 predicted at {:.0} min on {cores} cores from the phone-size photograph)",
        predicted(ARTICLES).as_secs_f64() / 60.0
    );

    // 3. The dataset.
    let content = work.join(format!("content-{articles}"));
    let copies = build_dataset(root, &content, articles, photos)?;

    // 4. Cold, then unchanged.
    let site = work.join("site");
    let images = work.join("site-image-cache");
    publishing::remove_site(&site)?;
    let _ = std::fs::remove_dir_all(&images);
    let publish_run = |log: &str| -> Result<(Run, ImageLine), String> {
        let mut command = Command::new(&binary);
        command.arg("--from").arg(&content).arg("--out").arg(&site).arg("--app").arg(&app).arg("--image-cache").arg(&images);
        eprintln!("bench: {} --from {} --out {} --app {} --image-cache {}", binary.display(), content.display(), site.display(), app.display(), images.display());
        let log = work.join(log);
        let run = publishing::run_measured(command, &log, Instant::now())?;
        let text = std::fs::read_to_string(&log).map_err(|e| format!("read {}: {e}", log.display()))?;
        let line = ImageLine::parse(&text).ok_or(format!("no `publish: N images …` line in {}", log.display()))?;
        Ok((run, line))
    };
    let (cold, cold_images) = publish_run("publish-cold.log")?;
    let (again, again_images) = publish_run("publish-unchanged.log")?;
    let cache_bytes = publishing::tree(&images.join("files")).1;
    publishing::remove_site(&site)?;
    let _ = std::fs::remove_dir_all(&images);

    let processed = cold_images.processed.max(1) as f64;
    let wall = cold.wall.as_secs_f64();
    let cpu = cold.cpu.map_or(f64::NAN, |c| c.as_secs_f64());
    let rss = |r: &Run| r.max_rss.map_or("?".into(), |b| format!("{:.0} MB", b as f64 / 1e6));
    out.push_str(&format!(
        "{articles} articles ({CATEGORIES} categories, content-gen) whose lead images are {} photographs under {} names, each file's bytes distinct ({copies}); the release `publish` binary with `--app dist --image-cache` (empty for the cold run), {cores} cores.\n\n",
        photos.len(),
        articles
    ));
    out.push_str("| Run | Wall time | Images processed | Images per second | Images per second per core | CPU time per image | Peak memory (RSS) |\n|---|---|---|---|---|---|---|\n");
    out.push_str(&format!(
        "| cold (empty image cache) | {wall:.1} s | {} of {} images ({} files under anh/) | {:.2} | {:.2} | {:.2} s | {} |\n",
        cold_images.processed,
        cold_images.images,
        cold_images.files,
        processed / wall,
        processed / wall / cores as f64,
        cpu / processed,
        rss(&cold)
    ));
    out.push_str(&format!(
        "| unchanged republish | {:.1} s | **{}** of {} images | — | — | — | {} |\n",
        again.wall.as_secs_f64(),
        again_images.processed,
        again_images.images,
        rss(&again)
    ));
    out.push_str(&format!("\nThe image cache held {} of variants after the cold run.", kb(cache_bytes as f64)));
    if articles < ARTICLES {
        let per_image = wall / processed;
        out.push_str(&format!(
            " {articles} articles, not {ARTICLES}: the phone-size photograph predicted {:.0} min for {ARTICLES} on {cores} cores, over the bench's {} min. At the measured {:.2} s of wall time per image, {ARTICLES} photographs would take about **{:.0} min** cold.",
            predicted(ARTICLES).as_secs_f64() / 60.0,
            COLD_BUDGET.as_secs() / 60,
            per_image,
            per_image * ARTICLES as f64 / 60.0
        ));
    }
    out.push('\n');
    Ok(out)
}

/// `publish: N images (M files under anh/), K processed, …`.
#[derive(Debug, PartialEq, Eq)]
struct ImageLine {
    images: u64,
    files: u64,
    processed: u64,
}

impl ImageLine {
    fn parse(log: &str) -> Option<ImageLine> {
        let line = log.lines().rev().find(|l| l.starts_with("publish: ") && l.contains(" images (") && l.contains(" processed"))?;
        let number = |text: &str| text.trim().parse().ok();
        let rest = line.strip_prefix("publish: ")?;
        let (images, rest) = rest.split_once(" images (")?;
        let (files, rest) = rest.split_once(" files under anh/), ")?;
        let (processed, _) = rest.split_once(" processed")?;
        Some(ImageLine { images: number(images)?, files: number(files)?, processed: number(processed)? })
    }
}

/// A 4000 × 3000 JPEG (quality 92, as phones save them) from the middle
/// 4:3 of the first photograph, scaled up: `images-publish/phone.jpg`.
fn phone_photo(photos: &[Photo], work: &Path) -> Result<PathBuf, String> {
    let path = work.join("phone.jpg");
    if path.is_file() {
        return Ok(path);
    }
    let photo = photos.first().ok_or("no photograph")?;
    let image = super::open_upright(&photo.path)?;
    let (w, h) = (image.width(), image.height());
    let crop_w = (h * 4 / 3).min(w);
    let crop_h = (crop_w * 3 / 4).min(h);
    let cropped = image.crop_imm((w - crop_w) / 2, (h - crop_h) / 2, crop_w, crop_h);
    let phone = cropped.resize_exact(PHONE.0, PHONE.1, FilterType::Lanczos3).into_rgba8();
    let bytes = encode_jpeg(&phone, 92).map_err(|e| format!("encode the phone-size photograph: {e}"))?;
    std::fs::write(&path, bytes).map_err(|e| format!("write {}: {e}", path.display()))?;
    Ok(path)
}

/// `jpeg` with the quantisation steps at the last `SLOTS` zigzag positions
/// of its first table raised by `copy`'s base-3 digits (0, 1 or 2 each;
/// lowered near the top of the range): a distinct, valid file per copy
/// (3⁶ = 729 per photograph). `None` when the file has no such table.
fn variant(jpeg: &[u8], copy: usize) -> Option<Vec<u8>> {
    const SLOTS: usize = 6;
    let mut out = jpeg.to_vec();
    let mut at = 2; // after SOI
    if out.get(..2) != Some(&[0xFF, 0xD8]) {
        return None;
    }
    while at + 4 <= out.len() {
        if out[at] != 0xFF {
            return None;
        }
        let marker = out[at + 1];
        let length = usize::from(u16::from_be_bytes([out[at + 2], out[at + 3]]));
        if marker == 0xDA {
            return None; // entropy-coded data: no table before it
        }
        if marker == 0xDB && length >= 2 + 65 && at + 2 + length <= out.len() {
            let precision = out[at + 4] >> 4;
            let table = at + 5;
            let mut digits = copy;
            for slot in 0..SLOTS {
                let offset = (digits % 3) as u16;
                digits /= 3;
                let position = 63 - slot;
                if precision == 0 {
                    let v = u16::from(out[table + position]);
                    out[table + position] = if v + offset <= 255 { v + offset } else { v - offset } as u8;
                } else {
                    let i = table + 2 * position;
                    if i + 1 >= at + 2 + length {
                        return None;
                    }
                    let v = u16::from_be_bytes([out[i], out[i + 1]]);
                    let changed = if v <= u16::MAX - offset { v + offset } else { v - offset };
                    out[i..i + 2].copy_from_slice(&changed.to_be_bytes());
                }
            }
            return Some(out);
        }
        at += 2 + length;
    }
    None
}

/// The content-gen dataset in `content` (generated afresh), its lead
/// images replaced by copies of the photographs: articles in name order
/// take the photographs in turn. Returns how the copies differ.
fn build_dataset(root: &Path, content: &Path, articles: usize, photos: &[Photo]) -> Result<String, String> {
    if content.exists() {
        std::fs::remove_dir_all(content).map_err(|e| format!("remove {}: {e}", content.display()))?;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["run", "--locked", "--release", "-q", "-p", "content-gen", "--", "generate", "--out"])
        .arg(content)
        .args(["--categories", &CATEGORIES.to_string(), "--articles", &articles.to_string()])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("content-gen failed ({status})"));
    }
    let originals: Vec<(Vec<u8>, u32, u32)> = photos
        .iter()
        .map(|p| {
            let bytes = std::fs::read(&p.path).map_err(|e| format!("read {}: {e}", p.path.display()))?;
            // The size as shown (EXIF orientation applied), as the contract wants it.
            let (w, h) = super::open_upright(&p.path).map(|i| (i.width(), i.height()))?;
            Ok((bytes, w, h))
        })
        .collect::<Result<_, String>>()?;
    if originals.is_empty() {
        return Err("no photograph".into());
    }
    let dir = content.join("articles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("read {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut images = std::collections::HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for (index, path) in files.iter().enumerate() {
        let (bytes, width, height) = &originals[index % originals.len()];
        let copy = index / originals.len();
        let bytes = variant(bytes, copy).ok_or(format!("{} has no quantisation table to vary", photos[index % originals.len()].name))?;
        if !seen.insert(content_hash(&bytes)) {
            return Err(format!("copy {copy} of {} is not distinct", photos[index % originals.len()].name));
        }
        let src = photo_src(index);
        let target = content.join(&src);
        std::fs::create_dir_all(target.parent().unwrap_or(content)).map_err(|e| format!("create {}: {e}", target.display()))?;
        std::fs::write(&target, &bytes).map_err(|e| format!("write {}: {e}", target.display()))?;
        let mut article = crate::dataset::read_json(path)?;
        let slug = article.get("slug").and_then(Value::as_str).ok_or(format!("{} has no slug", path.display()))?.to_string();
        let alt = article.pointer("/image/alt").and_then(Value::as_str).unwrap_or("Ảnh chụp minh họa bài viết").to_string();
        let mut image = json!({ "src": src, "alt": alt, "width": width, "height": height });
        if let Some(caption) = article.pointer("/image/caption") {
            image["caption"] = caption.clone();
        }
        article["image"] = image;
        write_json(path, &article)?;
        images.insert(slug, json!({ "src": src, "alt": alt, "width": width, "height": height }));
    }
    // The lists' thumbnails show the same images.
    let mut lists = vec![content.join("home.json")];
    collect_json(&content.join("categories"), &mut lists);
    for path in lists {
        let mut document = crate::dataset::read_json(&path)?;
        set_thumbnails(&mut document, &images);
        write_json(&path, &document)?;
    }
    Ok(format!("copy k of a photograph has its 6 highest-frequency luma quantisation steps raised by k's base-3 digits: {} distinct files", seen.len()))
}

/// A hash of a file's bytes, to check that the copies differ (equal bytes
/// give equal values; the publisher's own key is SHA-256).
fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

fn write_json(path: &Path, value: &Value) -> Result<(), String> {
    let text = serde_json::to_string(value).map_err(|e| format!("serialise {}: {e}", path.display()))?;
    std::fs::write(path, text).map_err(|e| format!("write {}: {e}", path.display()))
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_json(&path, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
}

/// Every object with a `slug` of `images` and a `thumbnail` gets that image.
fn set_thumbnails(value: &mut Value, images: &std::collections::HashMap<String, Value>) {
    match value {
        Value::Object(map) => {
            let image = map.get("slug").and_then(Value::as_str).and_then(|slug| images.get(slug)).cloned();
            if let (Some(image), true) = (image, map.contains_key("thumbnail")) {
                map.insert("thumbnail".into(), image);
            }
            for child in map.values_mut() {
                set_thumbnails(child, images);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| set_thumbnails(item, images)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_line_is_read() {
        let log = "publish: 12 pages …: 3 written, 0 unchanged, 0 deleted\npublish: 1003 images (10030 files under anh/), 1000 processed, the rest from the image cache, 0 left out\n";
        assert_eq!(ImageLine::parse(log), Some(ImageLine { images: 1003, files: 10030, processed: 1000 }));
        assert_eq!(ImageLine::parse("publish: nothing"), None);
    }

    #[test]
    fn copies_are_distinct_valid_jpegs() {
        let picture = image::RgbaImage::from_fn(64, 48, |x, y| image::Rgba([(x * 4) as u8, (y * 5) as u8, ((x * y) % 256) as u8, 255]));
        let jpeg = encode_jpeg(&picture, 90).unwrap();
        let copies: Vec<Vec<u8>> = (0..5).map(|k| variant(&jpeg, k).unwrap()).collect();
        for (i, a) in copies.iter().enumerate() {
            assert!(image::load_from_memory(a).is_ok());
            for b in &copies[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(copies[0], jpeg);
    }
}
