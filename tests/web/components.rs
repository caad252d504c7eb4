//! Components mounted alone in a real DOM.

use ban_tin::components::*;
use ban_tin::model::{self, ApiError};
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{mount, mount_marked, precedes, run_js, settle, wait_until, Patch};

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
    assert!(!page.has("picture") && !page.has("img[srcset]"), "without variants the lead image is a bare <img>");
    assert_eq!(page.attr("img.app-article__image", "fetchpriority").as_deref(), Some("high"));
    assert_eq!(page.attr("img.app-article__image", "loading"), None, "the lead image is never lazy");
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

/// `/anh/3fa9c0d1e2b34455-{width}.{extension}` in the formats the
/// publisher writes, listed widest first so the order is the app's own.
fn photo_variants() -> Vec<model::ImageVariant> {
    let mut variants = Vec::new();
    for (media_type, extension) in [("image/jpeg", "jpg"), ("image/webp", "webp"), ("image/avif", "avif")] {
        for width in [1200, 720, 480] {
            variants.push(model::ImageVariant {
                src: format!("/anh/3fa9c0d1e2b34455-{width}.{extension}"),
                media_type: media_type.to_string(),
                width,
                height: width * 9 / 16,
            });
        }
    }
    variants
}

/// The reference article as the publisher rewrites it: its image with variants.
fn photo_article() -> model::Article {
    let mut article = reference_article();
    let image = article.image.as_mut().unwrap();
    image.src = "/anh/3fa9c0d1e2b34455-1200.jpg".to_string();
    image.width = Some(1200);
    image.height = Some(675);
    image.variants = photo_variants();
    article
}

fn candidates(extension: &str) -> String {
    [480, 720, 1200].map(|width| format!("/anh/3fa9c0d1e2b34455-{width}.{extension} {width}w")).join(", ")
}

const LEAD_SIZES: &str = "(min-width: 48rem) min(46rem, calc(100vw - 3rem)), calc(100vw - 2rem)";

/// With variants, the lead image is a `<picture>`: AVIF, then WebP, then
/// the `<img>` with its JPEGs, all sized for the article column; the image
/// keeps its class, size and alt, and is fetched first, not lazily.
#[wasm_bindgen_test]
async fn lead_image_with_variants_is_a_picture_fetched_first() {
    let article = photo_article();
    let page = mount(move || view! { <ArticleView article=article site_name="S".to_string() /> });
    settle().await;
    let sources = page.find_all("figure.app-article__figure > picture.app-picture > source");
    let attributes: Vec<_> = sources
        .iter()
        .map(|source| (source.get_attribute("type"), source.get_attribute("srcset"), source.get_attribute("sizes")))
        .collect();
    assert_eq!(
        attributes,
        [
            (Some("image/avif".to_string()), Some(candidates("avif")), Some(LEAD_SIZES.to_string())),
            (Some("image/webp".to_string()), Some(candidates("webp")), Some(LEAD_SIZES.to_string())),
        ]
    );
    let img = "figure.app-article__figure > picture > img.app-article__image";
    assert!(precedes(&sources[1], &page.find(img)), "the <img> comes last in <picture>");
    assert_eq!(page.attr(img, "src").as_deref(), Some("/anh/3fa9c0d1e2b34455-1200.jpg"));
    assert_eq!(page.attr(img, "srcset"), Some(candidates("jpg")));
    assert_eq!(page.attr(img, "sizes").as_deref(), Some(LEAD_SIZES));
    assert_eq!(page.attr(img, "width").as_deref(), Some("1200"));
    assert_eq!(page.attr(img, "height").as_deref(), Some("675"));
    assert_eq!(page.attr(img, "alt").as_deref(), Some("Quang cảnh hội nghị"));
    assert_eq!(page.attr(img, "fetchpriority").as_deref(), Some("high"));
    assert_eq!(page.attr(img, "loading"), None);
    assert_eq!(page.attr(img, "decoding").as_deref(), Some("async"));
    assert_eq!(page.text("figure.app-article__figure figcaption"), "Quang cảnh hội nghị tại hội trường thành phố");
    // <picture> takes no box (the stylesheet's own rule, applied here
    // alone): the image stays the figure's block, as a bare <img> was.
    let rule = include_str!("../../style/components.css")
        .lines()
        .find(|line| line.trim_start().starts_with(".app-picture {"))
        .expect("components.css styles .app-picture");
    let style_element = crate::support::document().create_element("style").unwrap();
    style_element.set_text_content(Some(rule));
    crate::support::document().body().unwrap().append_child(&style_element).unwrap();
    let picture = page.find("picture.app-picture");
    let style = web_sys::window().unwrap().get_computed_style(&picture).unwrap().unwrap();
    let display = style.get_property_value("display").unwrap();
    style_element.remove();
    assert_eq!(display, "contents");
}

/// A card's thumbnail with variants: a `<picture>` sized for the card's
/// column, loaded lazily.
#[wasm_bindgen_test]
async fn thumbnail_with_variants_is_a_lazy_picture_sized_for_the_card() {
    let summary = photo_article().summary();
    let page = mount(move || view! { <ArticleCard summary=summary /> });
    settle().await;
    let thumbnail_sizes = "(min-width: 40rem) 14rem, 8rem";
    let sources = page.find_all("article.app-article-card > picture.app-picture > source");
    assert_eq!(sources.len(), 2);
    for source in &sources {
        assert_eq!(source.get_attribute("sizes").as_deref(), Some(thumbnail_sizes));
    }
    let img = "picture > img.app-article-card__thumb";
    assert_eq!(page.attr(img, "srcset"), Some(candidates("jpg")));
    assert_eq!(page.attr(img, "sizes").as_deref(), Some(thumbnail_sizes));
    assert_eq!(page.attr(img, "loading").as_deref(), Some("lazy"));
    assert_eq!(page.attr(img, "decoding").as_deref(), Some("async"));
    assert_eq!(page.attr(img, "fetchpriority"), None);
    assert_eq!(page.attr(img, "width").as_deref(), Some("1200"));
    assert_eq!(page.attr(img, "height").as_deref(), Some("675"));
    assert_eq!(page.attr(img, "alt").as_deref(), Some(""));
}

/// On `beforeprint` each photo of the article is capped at its file's
/// pixels / 150 dpi (the variant the browser chose), through a custom
/// property print.css reads; `afterprint` lifts it.
#[wasm_bindgen_test]
async fn printed_photos_are_capped_at_150_dpi() {
    ban_tin::browser::install_print_resolution();
    let article = photo_article();
    let page = mount(move || view! { <ArticleView article=article site_name="S".to_string() /> });
    let img: web_sys::HtmlImageElement = wasm_bindgen::JsCast::unchecked_into(page.find("img.app-article__image"));
    wait_until("the browser to choose a file", || !img.current_src().is_empty()).await;
    let chosen = img.current_src();
    let width: u32 = chosen
        .rsplit('-')
        .next()
        .and_then(|tail| tail.split('.').next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or_else(|| panic!("a variant: {chosen}"));
    let cap = |event: &str| {
        web_sys::window().unwrap().dispatch_event(&web_sys::Event::new(event).unwrap()).unwrap();
        web_sys::HtmlElement::style(&img).get_property_value("--print-max-width").unwrap()
    };
    // The file's pixels at 150 dpi, as CSS px (96 per inch), rounded down.
    let expected = width * 96 / 150;
    assert_eq!(cap("beforeprint"), format!("{expected}px"), "{chosen}");
    assert_eq!(cap("afterprint"), "");
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
    assert!(!page.has("picture"), "without variants the thumbnail is a bare <img>");
}

#[wasm_bindgen_test]
async fn pagination_links_pages_and_marks_the_current_one() {
    let page = mount(|| view! { <Pagination pages=ban_tin::routes::ListPages::Category("kinh-te".to_string()) page=2 total_pages=3 /> });
    settle().await;
    let links = page.find_all("a.app-pagination__link");
    let hrefs: Vec<_> = links.iter().filter_map(|link| link.get_attribute("href")).collect();
    assert_eq!(hrefs, ["/chuyen-muc/kinh-te", "/chuyen-muc/kinh-te?trang=2", "/chuyen-muc/kinh-te?trang=3"]);
    assert_eq!(links[1].get_attribute("aria-current").as_deref(), Some("page"));
    assert_eq!(page.attr("a.app-pagination__prev", "href").as_deref(), Some("/chuyen-muc/kinh-te"));
    assert_eq!(page.attr("a.app-pagination__next", "href").as_deref(), Some("/chuyen-muc/kinh-te?trang=3"));

    let first = mount(|| view! { <Pagination pages=ban_tin::routes::ListPages::Category("kinh-te".to_string()) page=1 total_pages=3 /> });
    settle().await;
    assert!(!first.has(".app-pagination__prev"));
    let single = mount(|| view! { <Pagination pages=ban_tin::routes::ListPages::Category("kinh-te".to_string()) page=1 total_pages=1 /> });
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
async fn site_footer_links_the_pages_and_related_portals_in_a_new_tab() {
    let site = site();
    let page = mount(move || view! { <SiteFooter site=Signal::stored(Some(site)) /> });
    settle().await;
    let pages = page.find_all("nav.app-footer__pages a");
    let hrefs: Vec<_> = pages.iter().filter_map(|link| link.get_attribute("href")).collect();
    assert_eq!(hrefs, ["/trang/gioi-thieu", "/trang/lien-he", "/trang/so-do-cong", "/trang/rss", "/trang/english"]);
    assert_eq!(pages[4].get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(pages[0].get_attribute("lang"), None, "Vietnamese links carry no lang of their own");
    assert_eq!(page.attr("nav.app-footer__pages", "aria-label").as_deref(), Some("Thông tin về cổng"));

    assert_eq!(page.text(".app-footer__portals h2"), "Liên kết website");
    let portals = page.find_all(".app-footer__portals a");
    // The javascript: and relative entries are not links at all.
    assert_eq!(portals.len(), 2, "{}", page.text(".app-footer__portals"));
    assert!(!page.text(".app-footer").contains("liên kết hỏng"));
    assert_eq!(portals[1].get_attribute("href").as_deref(), Some("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html?a=1&b=2"));
    for portal in &portals {
        assert_eq!(portal.get_attribute("target").as_deref(), Some("_blank"));
        assert_eq!(portal.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
        assert!(portal.text_content().unwrap_or_default().ends_with("(mở trong thẻ mới)"));
    }
}

#[wasm_bindgen_test]
async fn site_header_links_the_english_page_in_english() {
    let site = site();
    let page = mount(move || {
        view! { <SiteHeader site=Signal::stored(Some(site)) date_line=String::new() current_category=Signal::stored(None::<String>) /> }
    });
    settle().await;
    assert_eq!(page.text("a.app-header__english"), "English");
    assert_eq!(page.attr("a.app-header__english", "href").as_deref(), Some("/trang/english"));
    assert_eq!(page.attr("a.app-header__english", "lang").as_deref(), Some("en"));

    let mut without = self::site();
    without.pages.retain(|page| page.slug != "english");
    let page = mount(move || {
        view! { <SiteHeader site=Signal::stored(Some(without)) date_line=String::new() current_category=Signal::stored(None::<String>) /> }
    });
    settle().await;
    assert!(page.find_all("a.app-header__english").is_empty());
}

fn static_page(slug: &str, lang: Option<&str>, body_html: &str) -> model::StaticPage {
    model::StaticPage {
        slug: slug.to_string(),
        title: format!("Trang {slug}"),
        lang: lang.map(str::to_string),
        body_html: body_html.to_string(),
        updated_at: chrono::DateTime::parse_from_rfc3339("2026-03-02T09:30:00+07:00").ok(),
    }
}

#[wasm_bindgen_test]
async fn static_page_carries_its_language_and_a_sanitised_body() {
    let english = static_page(
        "english",
        Some("en"),
        r#"<h2 onclick="alert(1)">The city</h2><p>Welcome<script>window.pwned = 1</script> to <a href="javascript:alert(1)">Thanh Van</a>.</p>"#,
    );
    let page = mount(move || view! { <StaticPageView page=english /> });
    settle().await;
    assert_eq!(page.attr("article.app-static-page__content", "lang").as_deref(), Some("en"));
    assert_eq!(page.find_all("h1").len(), 1);
    assert_eq!(page.text("article h1"), "Trang english");
    assert_eq!(page.text("article .app-article__body h2"), "The city");
    assert!(page.find_all("script, [onclick]").is_empty());
    assert_eq!(page.find_all("a[href^=javascript]").len(), 0);
    assert_eq!(page.text("article .app-article__body p"), "Welcome to Thanh Van.");
    assert_eq!(page.attr(".app-static-page__updated time", "datetime").as_deref(), Some("2026-03-02T09:30:00+07:00"));
    // The breadcrumbs and the update line are the portal's, in Vietnamese, outside the English content.
    assert!(page.text(".app-static-page__updated").starts_with("Cập nhật"));
    assert_eq!(page.find_all("[lang=en] .app-breadcrumbs").len(), 0);

    let vietnamese = static_page("lien-he", None, "<p>Số 1 đường Trung Tâm</p>");
    let page = mount(move || view! { <StaticPageView page=vietnamese /> });
    settle().await;
    assert_eq!(page.attr("article.app-static-page__content", "lang").as_deref(), Some("vi"));
    assert!(page.find_all(".app-site-map, .app-feeds").is_empty());
}

#[wasm_bindgen_test]
async fn site_map_and_rss_pages_list_what_the_site_has() {
    let site_map = static_page("so-do-cong", None, "<p>Mọi chuyên mục và trang của cổng.</p>");
    let page = mount(move || {
        provide_context(ban_tin::SiteContext::new(Signal::stored(Some(site()))));
        view! { <StaticPageView page=site_map /> }
    });
    settle().await;
    let hrefs = |selector: &str| -> Vec<String> {
        page.find_all(selector).iter().filter_map(|link| link.get_attribute("href")).collect()
    };
    assert_eq!(
        hrefs(".app-site-map:first-of-type a"),
        ["/", "/chuyen-muc/tin-tuc-su-kien", "/chuyen-muc/thi-dua-khen-thuong", "/chuyen-muc/thong-bao"]
    );
    assert_eq!(page.find_all(".app-site-map")[1].query_selector_all("a").unwrap().length(), 5);

    let feeds = static_page("rss", None, "<p>RSS là gì?</p>");
    let page = mount(move || {
        provide_context(ban_tin::SiteContext::new(Signal::stored(Some(site()))));
        view! { <StaticPageView page=feeds /> }
    });
    settle().await;
    let links: Vec<String> = page.find_all(".app-feeds__link").iter().filter_map(|link| link.get_attribute("href")).collect();
    assert_eq!(links, ["/rss.xml", "/rss/tin-tuc-su-kien.xml", "/rss/thi-dua-khen-thuong.xml", "/rss/thong-bao.xml"]);
    assert_eq!(page.text(".app-feeds__link"), "Tin mới của toàn cổng");
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    assert!(page.text(".app-feeds__address").contains(&format!("{origin}/rss.xml")), "{}", page.text(".app-feeds__address"));
}

#[wasm_bindgen_test]
async fn search_result_highlights_the_words_as_written() {
    let summary = model::ArticleSummary {
        slug: "hoi-nghi".into(),
        title: "Hội nghị tổng kết công tác thi đua, khen thưởng <b>năm</b> 2021".into(),
        published_at: chrono::DateTime::parse_from_rfc3339("2021-12-22T08:03:00+07:00").unwrap(),
        lead: Some("THI ĐUA là động lực; thiết thực và đủa không phải là kết quả.".into()),
        thumbnail: None,
        category: Some(model::Category { slug: "thi-dua-khen-thuong".into(), name: "Thi đua khen thưởng".into(), description: None }),
    };
    let query = ban_tin::search::Query::parse("thi dua");
    let page = mount(move || view! { <SearchResult summary=summary query=query /> });
    settle().await;
    let marks = |selector: &str| -> Vec<String> {
        page.find_all(selector).iter().map(|mark| mark.text_content().unwrap_or_default()).collect()
    };
    assert_eq!(marks(".app-search-result__title mark"), ["thi", "đua"]);
    // The last word matches as a prefix ("đủa" starts with "dua" folded); "thiết" is not "thi".
    assert_eq!(marks(".app-search-result__lead mark"), ["THI", "ĐUA", "đủa"]);
    assert_eq!(
        page.text(".app-search-result__title"),
        "Hội nghị tổng kết công tác thi đua, khen thưởng <b>năm</b> 2021",
        "the title is text, whole, with its accents"
    );
    assert!(page.find_all(".app-search-result b").is_empty());
    assert_eq!(page.attr(".app-search-result__title a", "href").as_deref(), Some("/bai-viet/hoi-nghi"));
    assert_eq!(page.text(".app-search-result__category"), "Thi đua khen thưởng");
    assert_eq!(page.text(".app-search-result time"), "22/12/2021 08:03");
}

#[wasm_bindgen_test]
async fn search_form_is_a_plain_form_that_shows_the_current_words() {
    let context = ban_tin::SiteContext::new(Signal::stored(Some(site())));
    context.search_query.set("thi đua".into());
    let page = mount(move || {
        provide_context(context);
        view! { <SearchForm /> }
    });
    settle().await;
    assert_eq!(page.attr("form.app-search__form", "action").as_deref(), Some("/tim-kiem"));
    assert_eq!(page.attr("form.app-search__form", "method").as_deref(), Some("get"));
    assert_eq!(page.attr("form.app-search__form", "role").as_deref(), Some("search"));
    assert_eq!(page.attr("#app-search-input", "name").as_deref(), Some("q"));
    let input: web_sys::HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(page.find("#app-search-input"));
    assert_eq!(input.value(), "thi đua");
    assert_eq!(page.text("label[for=app-search-input]"), "Từ khóa tìm kiếm");
    assert_eq!(page.attr(".app-search__toggle", "aria-expanded").as_deref(), Some("false"));
    page.click(".app-search__toggle");
    settle().await;
    assert_eq!(page.attr(".app-search__toggle", "aria-expanded").as_deref(), Some("true"));
    assert!(page.find(".app-search").class_list().contains("app-search--open"));
    context.search_query.set(String::new());
    settle().await;
    assert_eq!(input.value(), "");
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

// ----- Errors that must not vanish ------------------------------------------
//
// Async tests run interleaved in one page: each patched browser API belongs
// to one test, or acts only inside a marked container.

/// Stands in for the Web Share API and the clipboard: `navigator.share`
/// records the URL and settles as `__shareTest.reject` says (a function
/// making the rejection, or null to succeed); `navigator.clipboard.writeText`
/// records the text and fails when `__shareTest.copyFails`.
const SHARE_PATCH: &str = "
    const t = window.__shareTest = {
        shares: [], copies: [], reject: null, copyFails: false,
        share: Object.getOwnPropertyDescriptor(Navigator.prototype, 'share'),
        clipboard: Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard'),
    };
    Object.defineProperty(Navigator.prototype, 'share', {
        configurable: true, writable: true,
        value: function (data) {
            t.shares.push(data.url);
            return t.reject ? Promise.reject(t.reject()) : Promise.resolve();
        },
    });
    const clipboard = {
        writeText(text) {
            t.copies.push(text);
            return t.copyFails ? Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) : Promise.resolve();
        },
    };
    Object.defineProperty(Navigator.prototype, 'clipboard', { configurable: true, get() { return clipboard; } });
";
const SHARE_RESTORE: &str = "
    const t = window.__shareTest;
    if (t.share) Object.defineProperty(Navigator.prototype, 'share', t.share); else delete Navigator.prototype.share;
    if (t.clipboard) Object.defineProperty(Navigator.prototype, 'clipboard', t.clipboard); else delete Navigator.prototype.clipboard;
    delete window.__shareTest;
";

fn js_strings(expression: &str) -> Vec<String> {
    let array: js_sys::Array = wasm_bindgen::JsCast::unchecked_into(run_js(&format!("return {expression};")));
    array.iter().filter_map(|value| value.as_string()).collect()
}

fn reference_url() -> String {
    format!("{}/bai-viet/{}", ban_tin::browser::origin(), reference_article().slug)
}

/// Clicks "Chia sẻ" with a share sheet that ends as `reject` says (`null`:
/// shared), the patch of [`SHARE_PATCH`] in place. Returns the status line
/// once the click has played out, and what went to the clipboard.
async fn share_ending_with(reject: &str, copy_fails: bool) -> (String, Vec<String>) {
    run_js(&format!(
        "const t = window.__shareTest; t.shares = []; t.copies = []; t.reject = {reject}; t.copyFails = {copy_fails};"
    ));
    let article = reference_article();
    let page = mount(move || view! { <ArticleActions article=article site_name="S".to_string() /> });
    settle().await;
    assert!(!page.has(".app-article-actions__copy"), "with Web Share there is no separate copy button");
    page.click("button.app-article-actions__share");
    wait_until("the share sheet to be asked", || js_strings("window.__shareTest.shares").len() == 1).await;
    assert_eq!(js_strings("window.__shareTest.shares"), [reference_url()]);
    // Whatever follows a rejection takes a few promise turns and no timer.
    for _ in 0..10 {
        settle().await;
        ban_tin::browser::sleep(std::time::Duration::from_millis(5)).await;
    }
    let status = page.text(".app-article-actions__status");
    (status, js_strings("window.__shareTest.copies"))
}

/// A share sheet that fails for any reason but the reader's cancel falls back
/// to copying the link and says so; a cancel or a share says nothing.
#[wasm_bindgen_test]
async fn failed_share_copies_the_link_and_says_so() {
    let _patch = Patch::new(SHARE_PATCH, SHARE_RESTORE);
    for reject in [
        "() => new DOMException('Permission denied', 'NotAllowedError')",
        "() => new TypeError('Failed to execute share on Navigator')",
        "() => new DOMException('Unsupported data', 'DataError')",
        "() => new DOMException('An earlier share has not yet completed.', 'InvalidStateError')",
        "() => 'not even an error'",
    ] {
        let (status, copies) = share_ending_with(reject, false).await;
        assert_eq!(copies, [reference_url()], "{reject}: the link is copied instead");
        assert_eq!(status, "Không chia sẻ được; đã sao chép liên kết", "{reject}");
    }

    let (status, copies) =
        share_ending_with("() => new DOMException('Permission denied', 'NotAllowedError')", true).await;
    assert_eq!(copies, [reference_url()]);
    assert_eq!(status, "Không chia sẻ được, cũng không sao chép được liên kết");

    let (status, copies) = share_ending_with("() => new DOMException('Share canceled', 'AbortError')", false).await;
    assert!(copies.is_empty(), "a cancelled share copies nothing: {copies:?}");
    assert_eq!(status, "", "the reader's cancel is not an error");

    let (status, copies) = share_ending_with("null", false).await;
    assert!(copies.is_empty() && status.is_empty(), "a done share: {status:?} {copies:?}");
}

/// `URL.createObjectURL` keeps the file's blob, or throws while
/// `__saveTest.fail` (what a full disk or a blocked download looks like
/// from the page); a download link's click is recorded instead of starting a
/// download.
const SAVE_PATCH: &str = "
    const t = window.__saveTest = {
        create: URL.createObjectURL,
        click: Object.getOwnPropertyDescriptor(HTMLAnchorElement.prototype, 'click'),
        fail: false, blobs: [], names: [],
    };
    URL.createObjectURL = function (blob) {
        if (t.fail) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        t.blobs.push(blob);
        return 'blob:' + location.origin + '/saved-test';
    };
    HTMLAnchorElement.prototype.click = function () {
        if (!this.download) return HTMLElement.prototype.click.call(this);
        t.names.push(this.download);
    };
";
const SAVE_RESTORE: &str = "
    const t = window.__saveTest;
    URL.createObjectURL = t.create;
    if (t.click) Object.defineProperty(HTMLAnchorElement.prototype, 'click', t.click); else delete HTMLAnchorElement.prototype.click;
    delete window.__saveTest;
";

/// A failed save is told in the status line, not only in the console; a
/// saved file has only absolute links and images, so they still lead to the
/// portal from a file opened from disk.
#[wasm_bindgen_test]
async fn save_failure_is_told_and_the_saved_file_links_absolutely() {
    let _patch = Patch::new(SAVE_PATCH, SAVE_RESTORE);

    run_js("window.__saveTest.fail = true;");
    let article = reference_article();
    let page = mount(move || view! { <ArticleActions article=article site_name="S".to_string() /> });
    settle().await;
    assert_eq!(page.text(".app-article-actions__status"), "");
    page.click("button.app-article-actions__save");
    wait_until("the status line to say the save failed", || {
        page.text(".app-article-actions__status") == "Không lưu được bài viết"
    })
    .await;
    assert_eq!(page.attr(".app-article-actions__status", "role").as_deref(), Some("status"));
    drop(page);

    run_js("window.__saveTest.fail = false;");
    let origin = ban_tin::browser::origin();
    let mut article = reference_article();
    article.body_html = format!(
        "<p>Xem <a href=\"/bai-viet/tin-mot\">tin một</a>, <a href=\"{origin}/chuyen-muc/thong-bao?trang=2\">thông báo</a>, \
         <a href=\"tai-lieu.pdf\">tài liệu</a>, <a href=\"#muc-2\">mục 2</a>, <a href=\"/uploads/./qd-12.pdf\">quyết định</a>, \
         <a href=\"//cdn.example.vn/a.pdf\">bản sao</a>, <a href=\"https://chinhphu.vn/\">Chính phủ</a>, \
         <a href=\"mailto:vanphong@thanhvan.gov.vn\">thư</a>, <a href=\"tel:02439999999\">điện thoại</a>.</p>\
         <p><img src=\"media/anh.jpg\" alt=\"a\"><img src=\"/uploads/b.png\" alt=\"b\"><img src=\"../c.png\" alt=\"c\">\
         <img src=\"https://cdn.example.vn/d.png\" alt=\"d\"></p>"
    );
    let page = mount(move || view! { <ArticleActions article=article site_name="S".to_string() /> });
    settle().await;
    page.click("button.app-article-actions__save");
    wait_until("the file to be offered", || js_strings("window.__saveTest.names").len() == 1).await;
    assert_eq!(js_strings("window.__saveTest.names"), ["hoi-nghi-tong-ket-thi-dua.html"]);
    assert_eq!(page.text(".app-article-actions__status"), "", "a save that worked says nothing");
    let text = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(run_js("return window.__saveTest.blobs[0].text();")))
        .await
        .unwrap()
        .as_string()
        .unwrap();

    let parsed = web_sys::DomParser::new()
        .unwrap()
        .parse_from_string(&text, web_sys::SupportedType::TextHtml)
        .unwrap();
    let values = |selector: &str, name: &str| -> Vec<String> {
        let list = parsed.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node).ok())
            .filter_map(|element| element.get_attribute(name))
            .collect()
    };
    let page_url = reference_url();
    let scheme = origin.split(':').next().unwrap();
    assert_eq!(
        values(".body a", "href"),
        [
            format!("{origin}/bai-viet/tin-mot"),
            format!("{origin}/chuyen-muc/thong-bao?trang=2"),
            format!("{origin}/bai-viet/tai-lieu.pdf"),
            format!("{page_url}#muc-2"),
            format!("{origin}/uploads/qd-12.pdf"),
            format!("{scheme}://cdn.example.vn/a.pdf"),
            "https://chinhphu.vn/".to_string(),
            "mailto:vanphong@thanhvan.gov.vn".to_string(),
            "tel:02439999999".to_string(),
        ],
        "{text}"
    );
    assert_eq!(
        values(".body img", "src"),
        [
            format!("{origin}/bai-viet/media/anh.jpg"),
            format!("{origin}/uploads/b.png"),
            format!("{origin}/c.png"),
            "https://cdn.example.vn/d.png".to_string(),
        ],
        "{text}"
    );
    for value in values("a[href]", "href").into_iter().chain(values("img[src]", "src")) {
        let lower = value.to_ascii_lowercase();
        assert!(
            ["http://", "https://", "mailto:", "tel:"].iter().any(|scheme| lower.starts_with(scheme)),
            "not absolute: {value:?} in {text}"
        );
    }
    assert_eq!(values("figure img", "src"), [format!("{origin}/api/media/hoi-nghi.svg")]);
    assert!(!text.to_ascii_lowercase().contains("<script"), "{text}");
    drop(page);

    // With variants, the 480 px JPEG goes inside the file when it is small
    // enough; a larger one, or one that does not download, is linked.
    let _fetch = Patch::new(IMAGE_FETCH_PATCH, IMAGE_FETCH_RESTORE);
    let image = "/anh/3fa9c0d1e2b34455-480.jpg";
    for (answer, expected_src, expected_width) in [
        ("jpeg", "data:image/jpeg;base64,/9j/4AECAw==".to_string(), "480"),
        ("large", format!("{origin}/anh/3fa9c0d1e2b34455-1200.jpg"), "1200"),
        ("missing", format!("{origin}/anh/3fa9c0d1e2b34455-1200.jpg"), "1200"),
    ] {
        run_js(&format!("const t = window.__saveTest; t.blobs = []; t.names = []; window.__imageFetchTest.answer = '{answer}';"));
        let article = photo_article();
        let page = mount(move || view! { <ArticleActions article=article site_name="S".to_string() /> });
        settle().await;
        page.click("button.app-article-actions__save");
        wait_until("the file to be offered", || js_strings("window.__saveTest.names").len() == 1).await;
        let text = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(run_js("return window.__saveTest.blobs[0].text();")))
            .await
            .unwrap()
            .as_string()
            .unwrap();
        let parsed = web_sys::DomParser::new().unwrap().parse_from_string(&text, web_sys::SupportedType::TextHtml).unwrap();
        let figure_image = parsed.query_selector("figure img").unwrap().unwrap();
        assert_eq!(figure_image.get_attribute("src"), Some(expected_src), "{answer}");
        assert_eq!(figure_image.get_attribute("width").as_deref(), Some(expected_width), "{answer}");
        assert_eq!(js_strings("window.__imageFetchTest.asked").last().map(|url| url.ends_with(image)), Some(true), "{answer}");
        assert_eq!(page.text(".app-article-actions__status"), "", "{answer}: the save worked");
    }
}

/// `fetch` of a `/anh/` file answers as `__imageFetchTest.answer` says: a
/// small JPEG, one over the 200 KiB cap, or a 404; other requests go on.
const IMAGE_FETCH_PATCH: &str = "
    const t = window.__imageFetchTest = { fetch: window.fetch, asked: [], answer: 'jpeg' };
    window.fetch = function (input, init) {
        const url = typeof input === 'string' ? input : input.url;
        if (!url.includes('/anh/')) return t.fetch.apply(this, arguments);
        t.asked.push(url);
        const jpeg = (length) => {
            const bytes = new Uint8Array(length);
            bytes.set([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
            return new Response(bytes, { status: 200, headers: { 'Content-Type': 'image/jpeg' } });
        };
        if (t.answer === 'jpeg') return Promise.resolve(jpeg(7));
        if (t.answer === 'large') return Promise.resolve(jpeg(200 * 1024 + 1));
        return Promise.resolve(new Response('', { status: 404 }));
    };
";
const IMAGE_FETCH_RESTORE: &str = "
    window.fetch = window.__imageFetchTest.fetch;
    delete window.__imageFetchTest;
";

/// `appendChild` into an article body container inside a
/// `[data-body-append-fails]` container throws.
const BODY_FAILS_PATCH: &str = "
    window.__bodyTest = { append: Node.prototype.appendChild };
    Node.prototype.appendChild = function (child) {
        if (this instanceof Element && this.classList.contains('app-article__body') && this.closest('[data-body-append-fails]')) {
            throw new DOMException('The new child element contains the parent.', 'HierarchyRequestError');
        }
        return window.__bodyTest.append.call(this, child);
    };
";
const BODY_RESTORE: &str = "
    if (window.__bodyTest) { Node.prototype.appendChild = window.__bodyTest.append; delete window.__bodyTest; }
";

#[wasm_bindgen_test]
async fn body_that_fails_to_insert_shows_the_error_notice() {
    let patch = Patch::new(BODY_FAILS_PATCH, BODY_RESTORE);
    let article = reference_article();
    let page = mount_marked("data-body-append-fails", move || view! { <ArticleView article=article site_name="S".to_string() /> });
    wait_until("the error notice", || page.has(".app-error-notice")).await;
    assert!(page.has(".app-article .app-error-notice"), "the notice is inside the article");
    assert_eq!(page.attr(".app-error-notice", "role").as_deref(), Some("alert"));
    assert!(!page.text(".app-error-notice__message").is_empty());
    assert_eq!(page.find_all("h1").len(), 1, "the article title stays the page's only h1");
    assert!(
        precedes(&page.find(".app-article__figure"), &page.find(".app-error-notice"))
            && precedes(&page.find(".app-error-notice"), &page.find(".app-article__author")),
        "the notice stands where the body would be"
    );
    assert!(!page.text(".app-article").contains("Đoạn thứ nhất"));
    assert!(page.find(".app-article__body").has_attribute("hidden"));

    drop(patch);
    page.click("button.app-error-notice__retry");
    wait_until("the body in place of the notice after \"Thử lại\"", || {
        page.has(".app-article__body strong") && !page.has(".app-error-notice")
    })
    .await;
    assert!(!page.find(".app-article__body").has_attribute("hidden"));
    assert!(page.text(".app-article__body").contains("Đoạn thứ hai."));
    assert!(!page.has(".app-article__body script"));
    let children = page.find(".app-article__body").child_nodes();
    let kinds: Vec<u16> = (0..children.length()).filter_map(|i| children.item(i)).map(|node| node.node_type()).collect();
    assert_eq!(kinds, [web_sys::Node::ELEMENT_NODE; 2], "the body holds the sanitiser's output alone, no marker comment");
}
