//! Components mounted alone in a real DOM.

use ban_tin::components::*;
use ban_tin::model::{self, ApiError};
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{mount, precedes, settle};

fn reference_article() -> model::Article {
    model::decode_article(include_str!("../fixtures/reference-article.json")).unwrap()
}

fn site() -> model::Site {
    model::decode_site(include_str!("../fixtures/site.json")).unwrap()
}

#[wasm_bindgen_test]
async fn site_header_shows_name_date_line_and_marks_current_category() {
    let site = site();
    let current = RwSignal::new(Some("thi-dua-khen-thuong".to_string()));
    let page = mount(move || {
        view! {
            <SiteHeader site=Signal::stored(Some(site)) date_line="Thứ năm, Ngày 20 Tháng 6 Năm 2024".to_string() current_category=current />
        }
    });
    settle().await;
    assert_eq!(page.text(".app-header__name"), "Cổng thông tin điện tử Thành phố Thanh Vân");
    assert_eq!(page.text(".app-header__date"), "Thứ năm, Ngày 20 Tháng 6 Năm 2024");
    let links = page.find_all("a.app-nav__link");
    assert_eq!(links.len(), 3);
    assert_eq!(links[1].get_attribute("href").as_deref(), Some("/chuyen-muc/thi-dua-khen-thuong"));
    assert_eq!(links[1].get_attribute("aria-current").as_deref(), Some("page"));
    assert_eq!(links[0].get_attribute("aria-current"), None);

    current.set(Some("thong-bao".to_string()));
    settle().await;
    assert_eq!(links[1].get_attribute("aria-current"), None);
    assert_eq!(links[2].get_attribute("aria-current").as_deref(), Some("page"));
}

#[wasm_bindgen_test]
async fn site_header_menu_button_toggles_and_escape_closes() {
    let site = site();
    let page = mount(move || {
        view! { <SiteHeader site=Signal::stored(Some(site)) date_line=String::new() current_category=Signal::stored(None::<String>) /> }
    });
    settle().await;
    assert_eq!(page.attr(".app-nav__toggle", "aria-expanded").as_deref(), Some("false"));
    page.click(".app-nav__toggle");
    settle().await;
    assert_eq!(page.attr(".app-nav__toggle", "aria-expanded").as_deref(), Some("true"));
    assert!(page.find(".app-nav__list").class_list().contains("app-nav__list--open"));

    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let escape = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    page.find(".app-nav__link").dispatch_event(&escape).unwrap();
    settle().await;
    assert_eq!(page.attr(".app-nav__toggle", "aria-expanded").as_deref(), Some("false"));
    let active = crate::support::document().active_element().unwrap();
    assert!(active.class_list().contains("app-nav__toggle"), "focus returns to the menu button");
}

#[wasm_bindgen_test]
async fn article_view_renders_the_reference_layout_in_order() {
    let article = reference_article();
    let page = mount(move || view! { <ArticleView article=article site_name="Thanh Vân".to_string() /> });
    settle().await;

    assert_eq!(page.find_all("h1").len(), 1);
    assert_eq!(page.text("h1.app-article__title"), "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2021");
    assert_eq!(page.text(".app-article__category"), "Thi đua khen thưởng");
    assert_eq!(page.text("time.app-article__time"), "22/12/2021 08:03");
    assert_eq!(page.attr("time.app-article__time", "datetime").as_deref(), Some("2021-12-22T08:03:00+07:00"));
    assert!(page.text(".app-article__updated").contains("23/12/2021 09:15"));
    assert!(page.text(".app-article__lead").starts_with("Sáng 22/12"));
    assert_eq!(page.text("figure.app-article__figure figcaption"), "Quang cảnh hội nghị tại hội trường thành phố");
    assert_eq!(page.attr("figure.app-article__figure img", "alt").as_deref(), Some("Quang cảnh hội nghị"));
    assert_eq!(page.attr("figure.app-article__figure img", "width").as_deref(), Some("800"));
    assert_eq!(page.attr("figure.app-article__figure img", "src").as_deref(), Some("/api/media/hoi-nghi.svg"));
    assert!(page.text(".app-article__body").contains("Đoạn thứ hai."));
    assert_eq!(page.text(".app-article__body strong"), "chữ đậm", "allowed markup is rebuilt");
    assert!(!page.has(".app-article__body script"), "the body's script is dropped");
    assert_eq!(page.text(".app-article__author"), "Tác giả: Minh Châu");

    for (label, selector) in [
        ("Gửi Email", "a.app-article-actions__email"),
        ("In trang", "button.app-article-actions__print"),
        ("Lưu", "button.app-article-actions__save"),
    ] {
        assert_eq!(page.text(selector), label);
    }

    let related = page.find_all(".app-related__item");
    assert_eq!(related.len(), 2);
    let first = related[0].text_content().unwrap_or_default();
    assert!(first.trim().ends_with("(10/12/2021 14:30)"), "{first}");
    let second = related[1].text_content().unwrap_or_default();
    assert!(second.contains("Phát động thi đua & \"khen thưởng\" 2022"), "{second}");
    assert!(second.trim().ends_with("(02/11/2021 14:05)"), "UTC time shown in UTC+7: {second}");
    assert_eq!(page.text(".app-related__title"), "Tin khác");
    assert_eq!(page.attr("a.app-related__more", "href").as_deref(), Some("/chuyen-muc/thi-dua-khen-thuong"));
    assert_eq!(page.attr("a.app-related__more", "aria-label").as_deref(), Some("Xem tiếp tin Thi đua khen thưởng"));

    let order = [
        ".app-breadcrumbs",
        ".app-article__category",
        ".app-article-actions",
        "h1",
        ".app-article__time",
        ".app-article__lead",
        ".app-article__figure",
        ".app-article__body",
        ".app-article__author",
        ".app-related",
    ];
    for pair in order.windows(2) {
        assert!(precedes(&page.find(pair[0]), &page.find(pair[1])), "{} must come before {}", pair[0], pair[1]);
    }
}

#[wasm_bindgen_test]
async fn article_without_optional_fields_renders_without_them() {
    let mut article = reference_article();
    article.image = None;
    article.author = None;
    article.updated_at = None;
    article.related.clear();
    let page = mount(move || view! { <ArticleView article=article site_name="S".to_string() /> });
    settle().await;
    assert!(page.has("h1.app-article__title"));
    assert!(!page.has(".app-article__figure"));
    assert!(!page.has(".app-article__author"));
    assert!(!page.has(".app-article__updated"));
    assert!(!page.has(".app-related"));
}

#[wasm_bindgen_test]
async fn article_card_shows_title_link_time_lead_and_sized_thumbnail() {
    let mut summary = reference_article().summary();
    summary.published_at = chrono::DateTime::parse_from_rfc3339("2021-01-01T00:07:00+07:00").unwrap();
    let page = mount(move || view! { <ArticleCard summary=summary /> });
    settle().await;
    assert_eq!(page.attr("a.app-article-card__link", "href").as_deref(), Some("/bai-viet/hoi-nghi-tong-ket-thi-dua"));
    assert_eq!(page.text("time.app-article-card__time"), "01/01/2021 00:07");
    assert!(page.text(".app-article-card__lead").starts_with("Sáng 22/12"));
    assert_eq!(page.attr("img.app-article-card__thumb", "width").as_deref(), Some("800"));
    assert_eq!(page.attr("img.app-article-card__thumb", "height").as_deref(), Some("450"));
    assert_eq!(page.attr("img.app-article-card__thumb", "loading").as_deref(), Some("lazy"));
}

#[wasm_bindgen_test]
async fn pagination_links_pages_and_marks_the_current_one() {
    let page = mount(|| view! { <Pagination category_slug="kinh-te".to_string() page=2 total_pages=3 /> });
    settle().await;
    let links = page.find_all("a.app-pagination__link");
    let hrefs: Vec<_> = links.iter().filter_map(|link| link.get_attribute("href")).collect();
    assert_eq!(hrefs, ["/chuyen-muc/kinh-te", "/chuyen-muc/kinh-te?trang=2", "/chuyen-muc/kinh-te?trang=3"]);
    assert_eq!(links[1].get_attribute("aria-current").as_deref(), Some("page"));
    assert_eq!(page.attr("a.app-pagination__prev", "href").as_deref(), Some("/chuyen-muc/kinh-te"));
    assert_eq!(page.attr("a.app-pagination__next", "href").as_deref(), Some("/chuyen-muc/kinh-te?trang=3"));

    let first = mount(|| view! { <Pagination category_slug="kinh-te".to_string() page=1 total_pages=3 /> });
    settle().await;
    assert!(!first.has(".app-pagination__prev"));
    let single = mount(|| view! { <Pagination category_slug="kinh-te".to_string() page=1 total_pages=1 /> });
    settle().await;
    assert!(!single.has("nav.app-pagination"));
}

#[wasm_bindgen_test]
async fn error_notice_offers_retry_except_for_not_found() {
    let retries = RwSignal::new(0);
    let page = mount(move || view! { <ErrorNotice error=ApiError::Http(503) on_retry=move || retries.update(|n| *n += 1) /> });
    settle().await;
    assert!(page.text(".app-error-notice__message").contains("Máy chủ đang gặp sự cố"));
    assert_eq!(page.text("button.app-error-notice__retry"), "Thử lại");
    page.click("button.app-error-notice__retry");
    page.click("button.app-error-notice__retry");
    assert_eq!(retries.get_untracked(), 2);

    let missing = mount(|| view! { <ErrorNotice error=ApiError::NotFound on_retry=|| () /> });
    settle().await;
    assert!(!missing.has("button.app-error-notice__retry"));

    let timeout = mount(|| view! { <ErrorNotice error=ApiError::Timeout on_retry=|| () /> });
    settle().await;
    assert!(timeout.text(".app-error-notice__message").contains("quá lâu"));
}

#[wasm_bindgen_test]
async fn breadcrumbs_link_all_but_the_current_step() {
    let page = mount(|| {
        view! { <Breadcrumbs trail=vec![Crumb::link("Trang chủ", "/"), Crumb::current("Kinh tế")] /> }
    });
    settle().await;
    assert_eq!(page.find_all("a.app-breadcrumbs__link").len(), 1);
    assert_eq!(page.attr("li[aria-current=page]", "aria-current").as_deref(), Some("page"));
    assert_eq!(page.text("li[aria-current=page]"), "Kinh tế");
}

#[wasm_bindgen_test]
async fn site_footer_prints_contact_lines() {
    let site = site();
    let page = mount(move || view! { <SiteFooter site=Signal::stored(Some(site)) /> });
    settle().await;
    let text = page.text(".app-footer");
    assert!(text.contains("Số 1 đường Trung Tâm"), "{text}");
    assert_eq!(page.attr(".app-footer a", "href").as_deref(), Some("mailto:banbientap@example.gov.vn"));
}

#[wasm_bindgen_test]
async fn reading_controls_apply_and_remember_text_size_and_theme() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let root = crate::support::document().document_element().unwrap();
    let page = mount(|| view! { <ReadingControls /> });
    settle().await;
    assert_eq!(root.get_attribute("data-text-size").as_deref(), Some("100"));
    assert_eq!(page.attr(".app-reading-controls__smaller", "aria-disabled").as_deref(), Some("true"));

    for _ in 0..10 {
        page.click(".app-reading-controls__larger");
    }
    settle().await;
    assert_eq!(root.get_attribute("data-text-size").as_deref(), Some("150"), "A+ stops at 150%");
    assert_eq!(storage.get_item("ban-tin.text-size").unwrap().as_deref(), Some("150"));
    assert_eq!(page.attr(".app-reading-controls__larger", "aria-disabled").as_deref(), Some("true"));

    page.click(".app-reading-controls__smaller");
    settle().await;
    assert_eq!(root.get_attribute("data-text-size").as_deref(), Some("137"));
    page.click(".app-reading-controls__default");
    settle().await;
    assert_eq!(root.get_attribute("data-text-size").as_deref(), Some("100"));

    let select: web_sys::HtmlSelectElement = wasm_bindgen::JsCast::unchecked_into(page.find(".app-reading-controls__select"));
    select.set_value("high-contrast");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    settle().await;
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("high-contrast"));
    assert_eq!(storage.get_item("ban-tin.theme").unwrap().as_deref(), Some("high-contrast"));
    select.set_value("dark");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    settle().await;
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    storage.clear().unwrap();
}

#[wasm_bindgen_test]
async fn listen_control_without_a_vietnamese_voice_is_disabled_with_a_reason() {
    let page = mount(|| view! { <ListenControl title="Tiêu đề".to_string() lead="Mở đầu".to_string() /> });
    settle().await;
    if !ban_tin::browser::speech_available() {
        assert!(!page.has(".app-listen__start"), "no Web Speech API: no control");
        return;
    }
    let has_voice = ban_tin::browser::vietnamese_voice().is_some();
    let button = page.find(".app-listen__start");
    assert_eq!(button.has_attribute("disabled"), !has_voice);
    if !has_voice {
        assert!(button.get_attribute("title").unwrap_or_default().contains("giọng đọc tiếng Việt"));
    }
}
