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
