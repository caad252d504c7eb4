//! Everything that does not exist shows the not-found state.

use crate::support::{self, NOT_FOUND_HEADING};

async fn assert_not_found(page: &e2e::Page, path: &str) {
    page.goto(path).await;
    page.wait_for(".app-not-found").await;
    let heading = page.wait_for_text("h1", NOT_FOUND_HEADING).await;
    assert_eq!(heading, NOT_FOUND_HEADING, "{path}");
    assert_eq!(page.count("h1").await, 1, "{path}: one h1");
    assert!(
        page.exists(".app-not-found a[href='/']").await,
        "{path}: a link home"
    );
    assert!(
        !page.exists(".app-error-notice").await,
        "{path}: not-found is not an error"
    );
}

#[tokio::test]
async fn not_found() {
    let t = e2e::start().await;
    let site = support::site(&t.server);
    let site_name = support::str_of(&site["name"], "site.name").to_string();

    assert_not_found(&t.page, "/khong-co-trang-nay").await;

    t.server.reset_hits();
    assert_not_found(&t.page, "/bai-viet/khong-ton-tai").await;
    // The server answered the pre-rendered not-found page after looking
    // for the document in the folder's own api/: the app takes that answer
    // and does not ask again (a request that could only log a 404).
    assert_eq!(
        t.server.hits("/api/articles/khong-ton-tai.json"),
        0,
        "the app trusts the server's 404 page"
    );
    assert_eq!(t.server.get("/api/articles/khong-ton-tai.json").status, 404);

    assert_not_found(&t.page, "/chuyen-muc/khong-ton-tai").await;
    assert_not_found(
        &t.page,
        &format!("/chuyen-muc/{}?trang=99", support::REFERENCE_CATEGORY),
    )
    .await;

    // The home link works.
    t.page.click(".app-not-found a[href='/']").await;
    t.page.wait_for_path("/").await;
    t.page.wait_for(".app-home").await;
    assert!(t.page.title().await.ends_with(&site_name));

    t.close().await;
}
