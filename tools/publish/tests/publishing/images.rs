//! The images of a run: one that cannot be published (truncated, lying
//! about its format, a decompression bomb, missing) is left out of the
//! documents that show it with a warning naming the document and the URL,
//! and the rest of the site publishes; a republish of an unchanged site
//! encodes nothing.

use publish::{publish, ContentFrom};
use serde_json::json;

use crate::support::{item_slugs, options, output_with_shell, read_json, sample_copy, write_json, ORIGIN};

/// A PNG whose header claims 50 000 × 50 000 pixels, in a few bytes.
fn png_bomb() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // The start of the pixels (a zlib stream of zeros), as a bomb has.
    let mut idat = b"IDAT".to_vec();
    idat.extend_from_slice(&[0x78, 0x9c, 0xed, 0xc1, 0x01, 0x0d, 0x00, 0x00, 0x00, 0xc2, 0xa0, 0xf7, 0x4f, 0x6d, 0x0e]);
    png.extend_from_slice(&((idat.len() - 4) as u32).to_be_bytes());
    png.extend_from_slice(&idat);
    png.extend_from_slice(&crc32(&idat).to_be_bytes());
    png
}

/// PNG's CRC-32 (ISO 3309), bit by bit.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn a_bad_image_is_left_out_with_a_warning_and_the_site_publishes() {
    let content = sample_copy("bad-images-content");
    let photo = std::fs::read_dir(content.join("media"))
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "jpg"))
        .expect("a photograph in the sample");
    let bytes = std::fs::read(&photo).unwrap();
    let bad: [(&str, Vec<u8>, &str); 4] = [
        ("media/cat-nua.jpg", bytes[..bytes.len() / 2].to_vec(), "truncated"),
        ("media/khong-phai-anh.jpg", b"<html><body>404</body></html>".to_vec(), "not an image"),
        ("media/bom-nen.png", png_bomb(), "50000"),
        ("media/khong-co.jpg", Vec::new(), "missing"),
    ];
    let slugs = item_slugs(&read_json(content.path(), "categories/kinh-te/page-1.json"));
    for ((file, bytes, _), slug) in bad.iter().zip(&slugs) {
        if !bytes.is_empty() {
            std::fs::write(content.join(file), bytes).unwrap();
        }
        let mut article = read_json(content.path(), &format!("articles/{slug}.json"));
        article["image"] = json!({ "src": file, "alt": "Ảnh hỏng" });
        write_json(content.path(), &format!("articles/{slug}.json"), &article);
    }
    let out = output_with_shell("bad-images-out");
    let report = publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).expect("the site publishes");
    assert_eq!(report.image_warnings.len(), bad.len(), "{:#?}", report.image_warnings);
    for ((file, _, cause), slug) in bad.iter().zip(&slugs) {
        let warning = report.image_warnings.iter().find(|warning| warning.url.ends_with(file)).unwrap_or_else(|| panic!("{file}: no warning"));
        assert_eq!(warning.document, format!("articles/{slug}.json"), "{warning}");
        let message = warning.to_string().to_lowercase();
        assert!(message.contains(cause) && message.contains(&format!("/api/{file}")) && message.contains("left out"), "{file}: {warning}");
        // Left out of the document and its page; the page is there.
        assert!(read_json(out.path(), &format!("api/articles/{slug}.json")).get("image").is_none(), "{file}");
        let page = std::fs::read_to_string(out.path().join(format!("bai-viet/{slug}/index.html"))).unwrap();
        assert!(!page.contains("app-article__figure"), "{file}: a figure is shown");
    }
    assert!(report.images > 0 && report.articles >= 100);
}

#[test]
fn a_republish_of_an_unchanged_site_encodes_no_image() {
    let content = sample_copy("images-again-content");
    let out = output_with_shell("images-again-out");
    let first = publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).unwrap();
    assert!(first.images >= 84 && first.image_files > first.images, "{} images in {} files", first.images, first.image_files);
    let again = publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).unwrap();
    assert_eq!(again.images_encoded, 0);
    assert!(!again.switched, "nothing changed: {:?}", again.changes.written);
    // A fresh cache encodes the photographs again, once each.
    let cache = crate::support::TempDir::new("images-fresh-cache");
    let mut fresh = options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN));
    fresh.image_cache = Some(cache.path().to_path_buf());
    let cold = publish(&fresh).unwrap();
    let photographs = std::fs::read_dir(content.join("media")).unwrap().flatten().filter(|entry| entry.path().extension().is_some_and(|e| e == "jpg")).count();
    assert_eq!(cold.images_encoded, photographs, "each photograph once; drawings are passed through");
    assert!(!cold.switched, "the same bytes, the same names: {:?}", cold.changes.written);
}
