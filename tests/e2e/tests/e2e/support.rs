//! Shared facts about the reference content and checks every page must pass.

use e2e::{Page, TestServer};
use regex::Regex;
use serde_json::Value;

pub const SITE_NAME: &str = "Cổng thông tin điện tử Thành phố Thanh Vân";
pub const REFERENCE_SLUG: &str = "hoi-nghi-tong-ket-cong-tac-thi-dua-khen-thuong-nam-2021";
pub const REFERENCE_CATEGORY: &str = "thi-dua-khen-thuong";
pub const REFERENCE_TIME: &str = "22/12/2021 08:03";
pub const NOT_FOUND_HEADING: &str = "Không tìm thấy trang";

/// `dd/mm/yyyy HH:MM`, the whole string.
pub fn datetime_re() -> Regex {
    Regex::new(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$").unwrap()
}

/// Text ending with ` (dd/mm/yyyy HH:MM)`.
pub fn dated_suffix_re() -> Regex {
    Regex::new(r"\(\d{2}/\d{2}/\d{4} \d{2}:\d{2}\)$").unwrap()
}

/// `Thứ năm, Ngày 20 Tháng 6 Năm 2024` (no comma after the day).
pub fn date_line_re() -> Regex {
    Regex::new(r"^(Chủ nhật|Thứ (hai|ba|tư|năm|sáu|bảy)), Ngày [1-9][0-9]? Tháng (1[0-2]|[1-9]) Năm 20[0-9]{2}$")
        .unwrap()
}

/// A document of the API exactly as the server gives it to the app.
pub fn api_json(server: &TestServer, path: &str) -> Value {
    let response = server.get(path);
    assert_eq!(response.status, 200, "GET {path}: {}", response.text());
    response.json()
}

pub fn site(server: &TestServer) -> Value {
    api_json(server, "/api/site.json")
}

pub fn reference_article(server: &TestServer) -> Value {
    api_json(server, &format!("/api/articles/{REFERENCE_SLUG}.json"))
}

pub fn str_of<'a>(value: &'a Value, what: &str) -> &'a str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {value}"))
}

/// A computed `font-weight` as a number (`bold` = 700, `normal` = 400).
pub fn font_weight(value: &str) -> u32 {
    match value {
        "bold" | "bolder" => 700,
        "normal" | "" => 400,
        "lighter" => 300,
        number => number.parse::<f64>().map(|n| n as u32).unwrap_or(400),
    }
}

/// What every page must have: `<html lang="vi">`, one `h1`, a description and
/// `document.title` = `{page title} | {site name}` (the page title is checked
/// when given, otherwise only the suffix).
pub async fn assert_page_basics(page: &Page, site_name: &str, page_title: Option<&str>) {
    match page_title {
        Some(title) => page.wait_for_title(&format!("{title} | {site_name}")).await,
        None => {
            page.wait_until(
                &format!("document.title to end with \" | {site_name}\""),
                "return document.title.endsWith(' | ' + arguments[0]) && document.title.length > arguments[0].length + 3",
                vec![Value::from(site_name)],
            )
            .await;
        }
    }
    page.wait_for("h1").await;
    assert_eq!(
        page.attr("html", "lang").await.as_deref(),
        Some("vi"),
        "<html lang>"
    );
    assert_eq!(
        page.count("h1").await,
        1,
        "exactly one h1 on {}",
        page.current_path().await
    );
    let description = page
        .attr("meta[name='description']", "content")
        .await
        .unwrap_or_default();
    assert!(
        !description.trim().is_empty(),
        "meta description is empty on {}",
        page.current_path().await
    );
}
