//! Host tests of the pure modules against fixture documents. Unit tests sit
//! next to the code; this binary checks the modules together on real JSON.
#![cfg(not(target_arch = "wasm32"))]

use ban_tin::format::format_vn_datetime;
use ban_tin::model::{self, ApiError};
use ban_tin::routes;
use ban_tin::share;

const REFERENCE: &str = include_str!("fixtures/reference-article.json");
const SITE: &str = include_str!("fixtures/site.json");

#[test]
fn reference_fixture_decodes_and_formats_as_the_portal_prints_it() {
    let article = model::decode_article(REFERENCE).unwrap();
    assert_eq!(format_vn_datetime(&article.published_at), "22/12/2021 08:03");
    assert_eq!(article.category.slug, "thi-dua-khen-thuong");
    assert!(article.meaningful_update().is_some());
    let related: Vec<String> = article
        .related
        .iter()
        .map(|item| format!("{} ({})", item.title, format_vn_datetime(&item.published_at)))
        .collect();
    assert_eq!(
        related,
        [
            "Tuyên dương điển hình tiên tiến (10/12/2021 14:30)",
            "Phát động thi đua & \"khen thưởng\" 2022 (02/11/2021 14:05)"
        ]
    );
    assert_eq!(routes::media_url("/api/", &article.image.unwrap().src), "/api/media/hoi-nghi.svg");
}

#[test]
fn site_fixture_decodes() {
    let site = model::decode_site(SITE).unwrap();
    assert_eq!(site.categories.len(), 3);
    assert!(site.categories.iter().all(|category| model::is_valid_slug(&category.slug)));
}

/// Each broken document gives a typed decode error, never a panic.
#[test]
fn broken_documents_are_decode_errors() {
    let check = |text: &str| {
        assert!(matches!(model::decode_article(text), Err(ApiError::Decode(_))), "article: {text:?}");
        assert!(matches!(model::decode_site(text), Err(ApiError::Decode(_))), "site: {text:?}");
        assert!(matches!(model::decode_home(text), Err(ApiError::Decode(_))), "home: {text:?}");
        assert!(matches!(model::decode_category_page(text), Err(ApiError::Decode(_))), "list: {text:?}");
    };
    for cut in (0..REFERENCE.len()).step_by(7).filter(|cut| REFERENCE.is_char_boundary(*cut)) {
        check(&REFERENCE[..cut]);
    }
    check("<html><body>502 Bad Gateway</body></html>");
    check(&"[".repeat(100_000));
    check(r#"{"categories": "nope"}"#);
}

#[test]
fn mail_link_of_the_reference_article_round_trips() {
    let article = model::decode_article(REFERENCE).unwrap();
    let url = format!("https://thanhvan.example.gov.vn{}", routes::article_href(&article.slug));
    let link = share::article_mailto(&article.title, &article.lead, &url);
    assert!(link.starts_with("mailto:?subject=H%E1%BB%99i%20ngh%E1%BB%8B%20"));
    assert!(link.ends_with("%0D%0A%0D%0Ahttps%3A%2F%2Fthanhvan.example.gov.vn%2Fbai-viet%2Fhoi-nghi-tong-ket-thi-dua"));
}

/// `x-www-form-urlencoded` decoding as `URLSearchParams` does it: `+` is a
/// space, `%XX` a byte, the bytes UTF-8 (lossy).
fn form_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(&value[i + 1..i + 3], 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn page_documents_follow_the_shared_table() {
    let table = include_str!("fixtures/page-documents.txt");
    let mut checked = 0;
    for line in table.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()) {
        let (url, expected) = line.split_once('\t').unwrap_or_else(|| panic!("no tab in {line:?}"));
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        // The first `trang`, as URLSearchParams.get gives it.
        let trang = query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(key) == routes::PAGE_QUERY).then(|| form_decode(value))
        });
        let actual = routes::page_document(path, trang.as_deref()).map(|document| document.api_path());
        let expected = (expected != "-").then(|| expected.to_string());
        assert_eq!(actual, expected, "{url}");
        checked += 1;
    }
    assert!(checked >= 30, "the table has {checked} URLs");
}

/// The saved file of the reference article: its image and source at absolute
/// addresses, and a policy that lets absolute images load and no script run.
#[test]
fn saved_file_of_the_reference_article_points_only_at_absolute_addresses() {
    let article = model::decode_article(REFERENCE).unwrap();
    let url = format!("https://thanhvan.example.gov.vn{}", routes::article_href(&article.slug));
    let image = share::absolute_url(&url, &routes::media_url("/api/", &article.image.as_ref().unwrap().src));
    assert_eq!(image.as_deref(), Some("https://thanhvan.example.gov.vn/api/media/hoi-nghi.svg"));
    let body = share::absolute_url(&url, "/bai-viet/tin-mot").unwrap();
    let html = share::saved_article_html(&share::SavedArticle {
        article: &article,
        site_name: "Thanh Vân",
        source_url: &url,
        image_url: image.as_deref(),
        sanitized_body: &format!("<p><a href=\"{body}\">Tin một</a></p>"),
    });
    assert!(html.contains("<img src=\"https://thanhvan.example.gov.vn/api/media/hoi-nghi.svg\""), "{html}");
    assert!(html.contains("<a href=\"https://thanhvan.example.gov.vn/bai-viet/tin-mot\">"), "{html}");
    let csp = html
        .lines()
        .find(|line| line.contains("Content-Security-Policy"))
        .expect("the saved file carries its own policy");
    assert!(csp.contains("default-src 'none'") && csp.contains("img-src https:"), "{csp}");
    assert!(!csp.contains("script-src") && !csp.contains("unsafe-eval"), "{csp}");
    assert!(!html.to_ascii_lowercase().contains("<script"));
}
