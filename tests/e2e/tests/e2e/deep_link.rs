//! A list page opened directly by URL.

use serde_json::json;

use crate::support::{self, assert_page_basics, REFERENCE_CATEGORY};

#[tokio::test]
async fn deep_link() {
    let t = e2e::start().await;
    let page = &t.page;
    let site = support::site(&t.server);
    let site_name = support::str_of(&site["name"], "site.name");
    let data = support::api_json(
        &t.server,
        &format!("/api/categories/{REFERENCE_CATEGORY}/page-2.json"),
    );
    let category_name = support::str_of(&data["category"]["name"], "category.name");
    let first_title = support::str_of(&data["items"][0]["title"], "items[0].title");

    let path = format!("/chuyen-muc/{REFERENCE_CATEGORY}?trang=2");
    page.goto(&path).await;
    page.wait_for(".app-category-page").await;
    let current = "nav.app-pagination a.app-pagination__link[aria-current='page']";
    page.wait_until(
        "page 2 to be current",
        "const c = document.querySelector(arguments[0]); return !!c && c.innerText.trim() === '2'",
        vec![json!(current)],
    )
    .await;
    assert_eq!(page.count(current).await, 1);
    assert_eq!(page.current_path().await, path, "the URL is kept");
    assert_eq!(page.text(".app-category-page h1").await, category_name);
    assert_eq!(
        page.wait_for_text(".app-article-card a.app-article-card__link", first_title)
            .await,
        first_title,
        "the first card is page 2's first item"
    );
    assert!(page.text("nav.app-breadcrumbs").await.contains("Trang chủ"));

    // Previous leads to the canonical page-1 URL and is enabled.
    let prev = "nav.app-pagination a.app-pagination__prev";
    assert_ne!(
        page.attr(prev, "aria-disabled").await.as_deref(),
        Some("true")
    );
    let prev_href = page.attr(prev, "href").await.unwrap_or_default();
    assert!(
        prev_href.ends_with(&format!("/chuyen-muc/{REFERENCE_CATEGORY}")),
        "prev href {prev_href}"
    );

    // Page 2's title names the page ("{category} - Trang 2 | {site}").
    assert_page_basics(page, site_name, None).await;
    let title = page.title().await;
    assert!(
        title.starts_with(category_name) && title.contains('2'),
        "title {title:?}"
    );
    t.close().await;
}
