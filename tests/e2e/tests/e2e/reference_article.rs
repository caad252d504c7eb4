//! The reference article, opened by deep link: every part, in order.

use crate::support::{
    self, assert_page_basics, dated_suffix_re, font_weight, REFERENCE_CATEGORY, REFERENCE_SLUG,
    REFERENCE_TIME,
};

#[tokio::test]
async fn reference_article() {
    let t = e2e::start().await;
    let page = &t.page;
    let site = support::site(&t.server);
    let site_name = support::str_of(&site["name"], "site.name");
    let article = support::reference_article(&t.server);
    let title = support::str_of(&article["title"], "article.title");
    let category_name = support::str_of(&article["category"]["name"], "article.category.name");

    page.goto(&format!("/bai-viet/{REFERENCE_SLUG}")).await;
    page.wait_for("article.app-article").await;
    assert_eq!(
        page.wait_for_text("article.app-article h1.app-article__title", title)
            .await,
        title
    );

    // Breadcrumb and category.
    let crumbs = page.text("nav.app-breadcrumbs").await;
    assert!(crumbs.contains("Trang chủ"), "breadcrumb {crumbs:?}");
    assert_eq!(page.text_content(".app-article__category").await, category_name);

    // Actions.
    assert!(page
        .text(".app-article-actions a.app-article-actions__email")
        .await
        .contains("Gửi Email"));
    let mailto = page
        .attr("a.app-article-actions__email", "href")
        .await
        .unwrap_or_default();
    assert!(mailto.starts_with("mailto:"), "email href {mailto:?}");
    assert!(page
        .text(".app-article-actions button.app-article-actions__print")
        .await
        .contains("In trang"));
    assert!(page
        .text(".app-article-actions button.app-article-actions__save")
        .await
        .contains("Lưu"));

    // Time, lead, figure, body, author.
    assert_eq!(page.text("time.app-article__time").await, REFERENCE_TIME);
    let lead = page.text(".app-article__lead").await;
    assert!(!lead.is_empty(), "lead is empty");
    let lead_weight = page.style(".app-article__lead", "font-weight").await;
    assert!(
        font_weight(&lead_weight) >= 600,
        "lead font-weight {lead_weight}"
    );

    page.wait_until(
        "the figure's image to load",
        "const i = document.querySelector('figure.app-article__figure img'); return !!i && i.complete && i.naturalWidth > 0",
        vec![],
    )
    .await;
    let caption = page.text("figure.app-article__figure figcaption").await;
    assert!(!caption.is_empty(), "figcaption is empty");
    assert!(
        !page.text(".app-article__body").await.is_empty(),
        "body is empty"
    );

    let author = page.text(".app-article__author").await;
    assert!(!author.is_empty(), "author is empty");
    let align = page.style(".app-article__author", "text-align").await;
    assert!(
        align == "right" || align == "end",
        "author text-align {align}"
    );
    let author_weight = page.style(".app-article__author", "font-weight").await;
    assert!(
        font_weight(&author_weight) >= 600,
        "author font-weight {author_weight}"
    );

    // Related: "Tin khác", ≥ 3 dated items, "xem tiếp" to the category.
    let related_heading = page.text_content("section.app-related :is(h2, h3, h4)").await;
    assert!(
        related_heading.contains("Tin khác"),
        "related heading {related_heading:?}"
    );
    let items = page.texts("section.app-related .app-related__item").await;
    assert!(items.len() >= 3, "only {} related items", items.len());
    for item in &items {
        assert!(
            dated_suffix_re().is_match(item),
            "related item without (dd/mm/yyyy HH:MM): {item:?}"
        );
    }
    let links = page
        .attrs("section.app-related .app-related__item a", "href")
        .await;
    assert!(links.len() >= items.len(), "every related item has a link");
    for href in links.iter().flatten() {
        assert!(href.contains("/bai-viet/"), "related link {href}");
    }
    let more = page.text("section.app-related a.app-related__more").await;
    assert!(
        more.to_lowercase().contains("xem tiếp"),
        "more link {more:?}"
    );
    let more_href = page
        .attr("a.app-related__more", "href")
        .await
        .unwrap_or_default();
    assert!(
        more_href.ends_with(&format!("/chuyen-muc/{REFERENCE_CATEGORY}")),
        "xem tiếp href {more_href:?}"
    );

    page.assert_document_order(&[
        "nav.app-breadcrumbs",
        ".app-article-actions",
        "h1.app-article__title",
        "time.app-article__time",
        ".app-article__lead",
        "figure.app-article__figure",
        ".app-article__body",
        ".app-article__author",
        "section.app-related",
    ])
    .await;

    assert_page_basics(page, site_name, Some(title)).await;
    t.close().await;
}
