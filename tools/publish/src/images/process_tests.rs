//! `ImageCache::process` and `process_all` on originals shaped like what
//! editors upload: rotated phone photographs full of metadata, files that
//! lie about their size or stop half way, GIFs, SVG emblems.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use image::RgbaImage;
use sha2::{Digest, Sha256};

use super::fixtures::{self, contains};
use super::*;

/// A fresh cache folder, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let path = std::env::temp_dir().join(format!("publish-images-{}-{}", std::process::id(), name));
        let _ = std::fs::remove_dir_all(&path);
        Folder(path)
    }

    fn cache(&self) -> ImageCache {
        ImageCache::open(&self.0).unwrap()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn variant_bytes(cache: &ImageCache, variant: &Variant) -> Vec<u8> {
    std::fs::read(cache.file(&variant.name)).unwrap()
}

/// The widest JPEG, decoded.
fn preview_pixels(cache: &ImageCache, processed: &Processed) -> RgbaImage {
    let preview = processed.preview().unwrap();
    image::load_from_memory(&variant_bytes(cache, preview))
        .unwrap()
        .into_rgba8()
}

fn close(pixel: [u8; 4], colour: [u8; 3]) -> bool {
    (0..3).all(|i| pixel[i].abs_diff(colour[i]) <= 40)
}

fn shape(processed: &Processed) -> Vec<(&'static str, u32, u32)> {
    processed
        .variants
        .iter()
        .map(|v| (v.media_type, v.width, v.height))
        .collect()
}

#[test]
fn every_exif_orientation_is_applied() {
    let folder = Folder::new("orientation");
    let cache = folder.cache();
    // (orientation, where the top-left mark is shown: right?, bottom?, sides swapped?)
    let cases = [
        (1, false, false, false),
        (2, true, false, false),
        (3, true, true, false),
        (4, false, true, false),
        (5, false, false, true),
        (6, true, false, true),
        (7, true, true, true),
        (8, false, true, true),
    ];
    for (orientation, right, bottom, swapped) in cases {
        let original = fixtures::jpeg(&fixtures::marked(48, 24), &[fixtures::exif(orientation, false)]);
        let processed = cache.process(&original, &Limits::default()).unwrap();
        let (w, h) = if swapped { (24, 48) } else { (48, 24) };
        assert_eq!(
            shape(&processed),
            [(MODERN.media_type(), w, h), ("image/jpeg", w, h)],
            "orientation {}",
            orientation
        );
        let shown = preview_pixels(&cache, &processed);
        let x = if right { w - 4 } else { 3 };
        let y = if bottom { h - 4 } else { 3 };
        assert!(
            close(shown.get_pixel(x, y).0, fixtures::MARK),
            "orientation {}: {:?} at {},{}",
            orientation,
            shown.get_pixel(x, y),
            x,
            y
        );
        // The opposite corner is ground.
        let (ox, oy) = (w - 1 - x, h - 1 - y);
        assert!(
            close(shown.get_pixel(ox, oy).0, fixtures::GROUND),
            "orientation {}: opposite corner",
            orientation
        );
    }
}

#[test]
fn no_metadata_reaches_any_output() {
    let profile = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let original = fixtures::jpeg(
        &fixtures::gradient(200, 150),
        &[
            fixtures::exif(6, true),
            fixtures::xmp(),
            fixtures::comment("Ảnh: phóng viên, điện thoại của tôi"),
            fixtures::photoshop(),
            fixtures::icc(&profile),
        ],
    );
    // The fixture does carry what must go.
    for needle in [
        &b"Exif\0\0"[..],
        b"GPS",
        b"http://ns.adobe.com/xap",
        b"Photoshop 3.0",
        b"ICC_PROFILE",
    ] {
        assert!(contains(&original, needle));
    }
    assert!(fixtures::jpeg_segments(&original).iter().any(|(m, _)| *m == 0xFE));

    let folder = Folder::new("metadata");
    let cache = folder.cache();
    let processed = cache.process(&original, &Limits::default()).unwrap();
    assert_eq!(
        shape(&processed),
        [(MODERN.media_type(), 150, 200), ("image/jpeg", 150, 200)]
    );
    let mut webp = Vec::new();
    for variant in &processed.variants {
        let bytes = variant_bytes(&cache, variant);
        check_no_metadata(variant.media_type, &bytes);
        if variant.media_type == "image/jpeg" {
            webp.push(
                encode_modern(
                    ModernFormat::Webp,
                    &image::load_from_memory(&bytes).unwrap().into_rgba8(),
                    75.0,
                )
                .unwrap(),
            );
        }
    }
    // The other modern encoder writes none either.
    for bytes in webp {
        check_no_metadata("image/webp", &bytes);
    }
}

fn check_no_metadata(media_type: &str, bytes: &[u8]) {
    let header: Vec<u8> = match media_type {
        "image/jpeg" => {
            let segments = fixtures::jpeg_segments(bytes);
            for (marker, _) in &segments {
                assert!(
                    ![0xE1, 0xE2, 0xED, 0xFE].contains(marker),
                    "a JPEG output has segment FF{:02X}",
                    marker
                );
            }
            segments.into_iter().flat_map(|(_, payload)| payload).collect()
        }
        "image/avif" => {
            let boxes = fixtures::iso_boxes(bytes);
            let kinds: Vec<&str> = boxes.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(kinds, ["ftyp", "meta", "mdat"]);
            let meta = &boxes[1].1;
            // Exif and XMP would be items of type "Exif" and "mime"; a profile "colr" of type "prof".
            for needle in [&b"Exif"[..], b"mime", b"prof"] {
                assert!(
                    !contains(meta, needle),
                    "AVIF meta has {:?}",
                    String::from_utf8_lossy(needle)
                );
            }
            boxes
                .into_iter()
                .filter(|(k, _)| k != "mdat")
                .flat_map(|(_, b)| b)
                .collect()
        }
        "image/webp" => {
            for kind in fixtures::riff_chunks(bytes) {
                assert!(
                    ["VP8 ", "VP8L", "VP8X", "ALPH"].contains(&kind.as_str()),
                    "WebP chunk {:?}",
                    kind
                );
            }
            bytes.to_vec()
        }
        other => panic!("unexpected {}", other),
    };
    for needle in [
        &b"Exif"[..],
        b"GPS",
        b"http://ns.adobe.com/xap",
        b"Photoshop",
        b"ICC_PROFILE",
        "phóng viên".as_bytes(),
    ] {
        assert!(
            !contains(&header, needle),
            "{} has {:?}",
            media_type,
            String::from_utf8_lossy(needle)
        );
    }
}

#[test]
fn a_display_p3_photograph_is_published_in_srgb() {
    let profile = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let flat = RgbaImage::from_pixel(64, 64, image::Rgba([234, 51, 35, 255]));
    let tagged = fixtures::jpeg(&flat, &[fixtures::icc(&profile)]);
    let untagged = fixtures::jpeg(&flat, &[]);
    let folder = Folder::new("p3");
    let cache = folder.cache();
    let from_p3 = preview_pixels(&cache, &cache.process(&tagged, &Limits::default()).unwrap());
    let from_srgb = preview_pixels(&cache, &cache.process(&untagged, &Limits::default()).unwrap());
    let [r, g, b, _] = from_p3.get_pixel(32, 32).0;
    assert!(
        r >= 245 && g <= 20 && b <= 20,
        "P3 (234, 51, 35) is sRGB red, got {:?}",
        (r, g, b)
    );
    assert!(close(from_srgb.get_pixel(32, 32).0, [234, 51, 35]));
}

#[test]
fn a_png_that_claims_50000_by_50000_is_refused_at_once() {
    let bomb = fixtures::png_claiming(50_000, 50_000);
    assert!(bomb.len() < 8 * 1024, "{} bytes", bomb.len());
    let folder = Folder::new("bomb");
    let cache = folder.cache();
    let before = peak_rss_kb();
    let started = Instant::now();
    let result = cache.process(&bomb, &Limits::default());
    let took = started.elapsed();
    assert_eq!(
        result,
        Err(ImageError::TooManyPixels {
            width: 50_000,
            height: 50_000
        })
    );
    assert!(took < Duration::from_secs(1), "took {:?}", took);
    if let (Some(before), Some(after)) = (before, peak_rss_kb()) {
        assert!(
            after.saturating_sub(before) < 100 * 1024,
            "peak RSS grew by {} kB",
            after - before
        );
    }
    // Within the limit by pixels, the same lie is a damaged file, not a panic.
    let small_lie = fixtures::png_claiming(2_000, 2_000);
    assert!(matches!(
        cache.process(&small_lie, &Limits::default()),
        Err(ImageError::Corrupt(_))
    ));
    assert_eq!(cache.encoded_count(), 0);
}

/// The process' peak resident set (VmHWM), Linux only.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn limits_on_bytes_and_pixels_are_the_callers() {
    let folder = Folder::new("limits");
    let cache = folder.cache();
    let original = fixtures::png(&fixtures::gradient(300, 200));
    let few_bytes = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    assert_eq!(
        cache.process(&original, &few_bytes),
        Err(ImageError::TooManyBytes {
            bytes: original.len() as u64,
            max_bytes: 100
        })
    );
    let few_pixels = Limits {
        max_pixels: 300 * 200 - 1,
        ..Limits::default()
    };
    assert_eq!(
        cache.process(&original, &few_pixels),
        Err(ImageError::TooManyPixels {
            width: 300,
            height: 200
        })
    );
    // Done once, the image is still refused under a lower limit.
    cache.process(&original, &Limits::default()).unwrap();
    assert_eq!(
        cache.process(&original, &few_pixels),
        Err(ImageError::TooManyPixels {
            width: 300,
            height: 200
        })
    );
}

#[test]
fn truncated_and_lying_files_are_clear_errors() {
    let folder = Folder::new("truncated");
    let cache = folder.cache();
    let limits = Limits::default();
    let jpeg = fixtures::jpeg(&fixtures::noise(120, 90, 3), &[fixtures::exif(1, true)]);
    let half = &jpeg[..jpeg.len() / 2];
    match cache.process(half, &limits) {
        Err(ImageError::Corrupt(why)) => assert!(why.contains("truncated"), "{}", why),
        other => panic!("{:?}", other),
    }
    let png = fixtures::png(&fixtures::noise(120, 90, 4));
    assert!(matches!(
        cache.process(&png[..png.len() / 2], &limits),
        Err(ImageError::Corrupt(_))
    ));
    assert!(matches!(
        cache.process(&png[..20], &limits),
        Err(ImageError::Corrupt(_))
    ));
    // A ".jpg" holding PNG bytes is read as the PNG it is.
    let processed = cache.process(&png, &limits).unwrap();
    assert_eq!(
        shape(&processed),
        [(MODERN.media_type(), 120, 90), ("image/jpeg", 120, 90)]
    );
    // Random bytes and an HTML error page are not images.
    assert_eq!(
        cache.process(&fixtures::noise(10, 10, 5).into_raw(), &limits),
        Err(ImageError::NotAnImage)
    );
    assert_eq!(
        cache.process(b"<html><body>502 Bad Gateway</body></html>", &limits),
        Err(ImageError::NotAnImage)
    );
    assert_eq!(cache.process(b"", &limits), Err(ImageError::NotAnImage));
    assert_eq!(cache.encoded_count(), 1);
}

#[test]
fn the_ladder_is_never_upscaled() {
    let folder = Folder::new("ladder");
    let cache = folder.cache();
    let wide = cache
        .process(&fixtures::png(&fixtures::gradient(500, 333)), &Limits::default())
        .unwrap();
    let m = MODERN.media_type();
    assert_eq!(
        shape(&wide),
        [
            (m, 160, 107),
            (m, 240, 160),
            (m, 320, 213),
            (m, 480, 320),
            ("image/jpeg", 160, 107),
            ("image/jpeg", 240, 160),
            ("image/jpeg", 320, 213),
            ("image/jpeg", 480, 320)
        ]
    );
    assert_eq!(wide.preview().map(|v| v.width), Some(480));
    let small = cache
        .process(&fixtures::png(&fixtures::gradient(100, 40)), &Limits::default())
        .unwrap();
    assert_eq!(shape(&small), [(m, 100, 40), ("image/jpeg", 100, 40)]);
    for variant in wide.variants.iter().chain(&small.variants) {
        let bytes = variant_bytes(&cache, variant);
        assert_eq!(bytes.len() as u64, variant.bytes);
        if variant.media_type == "image/jpeg" {
            let decoded = image::load_from_memory(&bytes).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (variant.width, variant.height));
        }
    }
}

#[test]
fn names_change_when_and_only_when_the_bytes_do() {
    let picture = fixtures::gradient(100, 60);
    let mut touched = picture.clone();
    touched.put_pixel(50, 30, image::Rgba([255, 255, 255, 255]));
    let (a, b) = (Folder::new("names-a"), Folder::new("names-b"));
    let (cache_a, cache_b) = (a.cache(), b.cache());
    let first = cache_a.process(&fixtures::png(&picture), &Limits::default()).unwrap();
    let again = cache_b.process(&fixtures::png(&picture), &Limits::default()).unwrap();
    let other = cache_b.process(&fixtures::png(&touched), &Limits::default()).unwrap();
    assert_eq!(first, again);
    assert_ne!(first.original_sha256, other.original_sha256);
    for (x, y) in first.variants.iter().zip(&other.variants) {
        assert_ne!(x.name, y.name);
    }
    for variant in &first.variants {
        let hash: String = Sha256::digest(variant_bytes(&cache_a, variant))
            .iter()
            .map(|b| format!("{:02x}", b))
            .collect();
        let ext = if variant.media_type == "image/jpeg" {
            "jpg"
        } else {
            MODERN.extension()
        };
        assert_eq!(variant.name, format!("{}-{}.{}", &hash[..16], variant.width, ext));
    }
    assert_eq!(
        first.original_sha256,
        Sha256::digest(fixtures::png(&picture))
            .iter()
            .map(|b| format!("{:02x}", b))
            .collect::<String>()
    );
}

#[test]
fn a_republish_encodes_nothing() {
    let folder = Folder::new("republish");
    let original = fixtures::jpeg(&fixtures::gradient(200, 100), &[]);
    let first = {
        let cache = folder.cache();
        let first = cache.process(&original, &Limits::default()).unwrap();
        assert_eq!(cache.process(&original, &Limits::default()).unwrap(), first);
        assert_eq!(cache.encoded_count(), 1);
        first
    };
    let written: Vec<_> = first
        .variants
        .iter()
        .map(|v| {
            std::fs::metadata(folder.0.join("files").join(&v.name))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    // The next run: a new value over the same folder.
    let cache = folder.cache();
    assert_eq!(cache.process(&original, &Limits::default()).unwrap(), first);
    assert_eq!(cache.encoded_count(), 0);
    for (variant, modified) in first.variants.iter().zip(&written) {
        assert_eq!(
            std::fs::metadata(cache.file(&variant.name))
                .unwrap()
                .modified()
                .unwrap(),
            *modified
        );
    }
    // A record whose file is gone is a miss, and the file comes back.
    std::fs::remove_file(cache.file(&first.variants[1].name)).unwrap();
    assert_eq!(cache.process(&original, &Limits::default()).unwrap(), first);
    assert_eq!(cache.encoded_count(), 1);
    // So is a record of other settings, or a damaged one.
    let record = folder.0.join(format!("{}.json", first.original_sha256));
    let json = std::fs::read_to_string(&record)
        .unwrap()
        .replace(ENCODER_VERSION, "images/0");
    std::fs::write(&record, json).unwrap();
    assert_eq!(cache.process(&original, &Limits::default()).unwrap(), first);
    std::fs::write(&record, "{\"encoder\":").unwrap();
    assert_eq!(cache.process(&original, &Limits::default()).unwrap(), first);
    assert_eq!(cache.encoded_count(), 3);
    // No temporary file is left behind.
    let stray: Vec<_> = std::fs::read_dir(folder.0.join("files"))
        .unwrap()
        .chain(std::fs::read_dir(&folder.0).unwrap())
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{:?}", stray);
    // What a killed run left is removed when it is old, kept while a run
    // under way may still be writing it.
    let (old, young) = (folder.0.join("files/.tmp-1-1"), folder.0.join("files/.tmp-1-2"));
    std::fs::write(&old, b"half a file").unwrap();
    std::fs::write(&young, b"half a file").unwrap();
    let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
    folder.cache();
    assert!(!old.exists());
    assert!(young.exists());
}

#[test]
fn a_webp_original_is_read() {
    let folder = Folder::new("webp");
    let cache = folder.cache();
    let original = encode_modern(ModernFormat::Webp, &fixtures::marked(200, 100), 90.0).unwrap();
    let processed = cache.process(&original, &Limits::default()).unwrap();
    let m = MODERN.media_type();
    // 200 px: the 160 px step and its own width.
    assert_eq!(shape(&processed), [(m, 160, 80), (m, 200, 100), ("image/jpeg", 160, 80), ("image/jpeg", 200, 100)]);
    assert!(close(
        preview_pixels(&cache, &processed).get_pixel(10, 10).0,
        fixtures::MARK
    ));
}

#[test]
fn a_gif_gives_its_first_frame() {
    let folder = Folder::new("gif");
    let cache = folder.cache();
    let processed = cache.process(&fixtures::gif_two_frames(), &Limits::default()).unwrap();
    assert_eq!(
        shape(&processed),
        [(MODERN.media_type(), 40, 30), ("image/jpeg", 40, 30)]
    );
    assert!(close(
        preview_pixels(&cache, &processed).get_pixel(20, 15).0,
        [255, 0, 0]
    ));
}

#[test]
fn an_svg_is_passed_through_as_it_is() {
    let folder = Folder::new("svg");
    let cache = folder.cache();
    let emblem = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 48\"><circle cx=\"32\" cy=\"24\" r=\"20\" fill=\"#c00\"/></svg>";
    let processed = cache.process(emblem, &Limits::default()).unwrap();
    assert_eq!(processed.variants.len(), 1);
    let variant = &processed.variants[0];
    assert_eq!(
        (variant.media_type, variant.width, variant.height),
        ("image/svg+xml", 64, 48)
    );
    assert_eq!(variant.name, format!("{}.svg", &processed.original_sha256[..16]));
    assert_eq!(variant_bytes(&cache, variant), emblem);
    assert_eq!(processed.preview(), None);
    assert_eq!(cache.encoded_count(), 0);
}

#[test]
fn process_all_keeps_the_order_and_the_results_of_one_thread() {
    let originals: Vec<Vec<u8>> = vec![
        fixtures::png(&fixtures::gradient(180, 90)),
        b"not an image".to_vec(),
        fixtures::jpeg(&fixtures::noise(90, 60, 1), &[fixtures::exif(8, false)]),
        fixtures::png(&fixtures::gradient(180, 90)),
        fixtures::gif_two_frames(),
        fixtures::png(&fixtures::noise(170, 100, 2)),
    ];
    let (a, b) = (Folder::new("all-1"), Folder::new("all-2"));
    let (one_cache, two_cache) = (a.cache(), b.cache());
    let one = process_all(&one_cache, &originals, &Limits::default(), 1);
    let two = process_all(&two_cache, &originals, &Limits::default(), 0);
    assert_eq!(one, two);
    assert_eq!(one.len(), originals.len());
    assert_eq!(one[1], Err(ImageError::NotAnImage));
    assert_eq!(one[0], one[3]);
    for (original, result) in originals.iter().zip(&one) {
        if let Ok(processed) = result {
            let hash: String = Sha256::digest(original).iter().map(|b| format!("{:02x}", b)).collect();
            assert_eq!(processed.original_sha256, hash);
        }
    }
    assert_eq!(
        shape(one[2].as_ref().unwrap())[0].1,
        60,
        "orientation 8 swaps the sides"
    );
    // The duplicate is encoded once.
    assert_eq!(one_cache.encoded_count(), 4);
    assert_eq!(two_cache.encoded_count(), 4);
    let again = process_all(&two_cache, &originals, &Limits::default(), 0);
    assert_eq!(again, two);
    assert_eq!(two_cache.encoded_count(), 4);
}

#[test]
fn lookup_finds_what_was_processed_and_nothing_else() {
    let folder = Folder::new("lookup");
    let cache = folder.cache();
    let limits = Limits::default();
    let photo = cache
        .process(&fixtures::png(&fixtures::gradient(90, 60)), &limits)
        .unwrap();
    let emblem = cache
        .process(
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"32\" height=\"32\"/>",
            &limits,
        )
        .unwrap();
    // The next run, from the hashes alone (a download that did not change).
    let next = folder.cache();
    assert_eq!(next.lookup(&photo.original_sha256, &limits), Ok(Some(photo.clone())));
    assert_eq!(next.lookup(&emblem.original_sha256, &limits), Ok(Some(emblem)));
    assert_eq!(next.lookup(&"0".repeat(64), &limits), Ok(None));
    for hostile in [
        "../../etc/passwd",
        "",
        &photo.original_sha256.to_uppercase(),
        &photo.original_sha256[..63],
    ] {
        assert_eq!(next.lookup(hostile, &limits), Ok(None), "{:?}", hostile);
    }
    let tiny = Limits {
        max_pixels: 100,
        ..limits
    };
    assert_eq!(
        next.lookup(&photo.original_sha256, &tiny),
        Err(ImageError::TooManyPixels { width: 90, height: 60 })
    );
    assert_eq!(next.encoded_count(), 0);
}

#[test]
fn a_file_made_elsewhere_is_kept_under_the_same_naming_rule() {
    let folder = Folder::new("keep");
    let cache = folder.cache();
    let png = render_svg_png(b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"><rect width=\"8\" height=\"4\" fill=\"red\"/></svg>", 32).unwrap();
    let name = cache.keep_file(&png, 32, "png").unwrap();
    let hash: String = Sha256::digest(&png).iter().map(|b| format!("{:02x}", b)).collect();
    assert_eq!(name, format!("{}-32.png", &hash[..16]));
    assert_eq!(std::fs::read(cache.file(&name)).unwrap(), png);
    assert_eq!(cache.keep_file(&png, 32, "png"), Ok(name));
    assert!(cache.keep_file(&png, 32, "../png").is_err());
}
