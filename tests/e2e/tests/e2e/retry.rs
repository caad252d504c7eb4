//! A failing API shows the error notice; "Thử lại" recovers once it works.

use e2e::Fault;

use crate::support::{self, REFERENCE_SLUG};

#[tokio::test]
async fn retry() {
    let t = e2e::start_app_shell().await;
    let page = &t.page;
    let article = support::reference_article(&t.server);
    let title = support::str_of(&article["title"], "article.title");
    let api_path = format!("/api/articles/{REFERENCE_SLUG}.json");

    // Lasting until cleared: the app's own automatic retry fails too.
    t.server.reset_hits();
    t.server.inject(&api_path, Fault::Status(500));
    page.goto(&format!("/bai-viet/{REFERENCE_SLUG}")).await;
    page.wait_for(".app-error-notice").await;
    let button = page
        .wait_for_text("button.app-error-notice__retry", "Thử lại")
        .await;
    assert_eq!(button, "Thử lại");
    let notice = page.text(".app-error-notice").await;
    assert!(
        !notice.is_ascii(),
        "the notice speaks Vietnamese: {notice:?}"
    );
    assert!(!page.exists("h1.app-article__title").await);
    assert!(
        t.server.hits(&api_path) >= 2,
        "a 500 is retried once automatically ({} requests)",
        t.server.hits(&api_path)
    );

    t.server.clear(&api_path);
    page.click("button.app-error-notice__retry").await;
    assert_eq!(
        page.wait_for_text("h1.app-article__title", title).await,
        title
    );
    page.wait_gone(".app-error-notice").await;

    t.close().await;
}
