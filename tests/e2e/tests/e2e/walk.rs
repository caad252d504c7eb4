//! A reader's walk: home → category → page 2 → article → related article →
//! back → back.

use serde_json::json;

use crate::support::{self, datetime_re, REFERENCE_CATEGORY};

const CARD: &str = ".app-category-page .app-article-card";
const CARD_LINK: &str = ".app-category-page .app-article-card a.app-article-card__link";
const CURRENT_PAGE: &str = "nav.app-pagination a.app-pagination__link[aria-current='page']";

/// The first card's title once the list shows page `n` (current link = n).
async fn wait_for_list_page(page: &e2e::Page, n: u32) -> String {
    page.wait_for_count(CARD, 1).await;
    page.wait_until(
        &format!("pagination to mark page {n} as current"),
        "const c = document.querySelector(arguments[0]); return !!c && c.innerText.trim() === arguments[1]",
        vec![json!(CURRENT_PAGE), json!(n.to_string())],
    )
    .await;
    page.text(CARD_LINK).await
}

#[tokio::test]
async fn walk() {
    let t = e2e::start().await;
    let page = &t.page;
    let site = support::site(&t.server);
    let site_name = support::str_of(&site["name"], "site.name").to_string();
    let list_path = format!("/chuyen-muc/{REFERENCE_CATEGORY}");

    page.goto("/").await;
    page.wait_for(".app-home").await;
    let section_link = format!(".app-home-section a[href$='{list_path}']");
    if page.exists(&section_link).await {
        page.click(&section_link).await;
    } else {
        page.click(&format!("nav.app-nav a.app-nav__link[href$='{list_path}']"))
            .await;
    }
    page.wait_for_path(&list_path).await;

    // Page 1: ten cards, formatted times, current page 1, no way back.
    let first_on_page_1 = wait_for_list_page(page, 1).await;
    assert_eq!(page.count(CARD).await, 10, "a full page has 10 cards");
    assert_eq!(page.count(CARD_LINK).await, 10);
    let times = page
        .texts(&format!("{CARD} time.app-article-card__time"))
        .await;
    assert_eq!(times.len(), 10);
    for time in &times {
        assert!(datetime_re().is_match(time), "card time {time:?}");
    }
    let prev = "nav.app-pagination a.app-pagination__prev";
    if page.exists(prev).await {
        assert_eq!(
            page.attr(prev, "aria-disabled").await.as_deref(),
            Some("true"),
            "prev on page 1"
        );
    }

    // Page 2.
    page.click(&format!(
        "nav.app-pagination a.app-pagination__link[href$='{list_path}?trang=2']"
    ))
    .await;
    page.wait_for_path(&format!("{list_path}?trang=2")).await;
    page.wait_until(
        "the list to show other articles",
        "const l = document.querySelector(arguments[0]); return !!l && l.innerText.trim() !== arguments[1]",
        vec![json!(CARD_LINK), json!(first_on_page_1)],
    )
    .await;
    let first_on_page_2 = wait_for_list_page(page, 2).await;
    assert_ne!(first_on_page_2, first_on_page_1);
    assert_eq!(page.count(CARD).await, 10);

    // The first card → its article.
    let article_href = page.attr(CARD_LINK, "href").await.expect("card link href");
    page.click(CARD_LINK).await;
    page.wait_for_path(&article_href).await;
    let h1 = page
        .wait_for_text("h1.app-article__title", &first_on_page_2)
        .await;
    assert_eq!(h1, first_on_page_2, "the article is the card's");
    page.wait_for_title(&format!("{first_on_page_2} | {site_name}"))
        .await;

    // The first "Tin khác" item → another article.
    let related = "section.app-related .app-related__item a";
    let related_href = page.attr(related, "href").await.expect("related href");
    let related_text = page.text(related).await;
    page.click(related).await;
    page.wait_for_path(&related_href).await;
    page.wait_until(
        "the related article's title",
        "const h = document.querySelector('h1.app-article__title');
         return !!h && h.innerText.trim() !== arguments[0] && arguments[1].startsWith(h.innerText.trim())",
        vec![json!(first_on_page_2), json!(related_text)],
    )
    .await;
    assert_ne!(page.text("h1").await, first_on_page_2);

    // Back: the previous article.
    page.back().await;
    page.wait_for_path(&article_href).await;
    page.wait_for_text("h1.app-article__title", &first_on_page_2)
        .await;
    assert_eq!(page.text("h1.app-article__title").await, first_on_page_2);

    // Back again: page 2 of the list.
    page.back().await;
    page.wait_for_path(&format!("{list_path}?trang=2")).await;
    assert_eq!(wait_for_list_page(page, 2).await, first_on_page_2);

    t.close().await;
}
