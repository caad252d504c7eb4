//! A reader is never left stuck: failures of `site.json`, the home page and
//! list pages recover, a document that names another page is an error with
//! "Thử lại", and a late list page never replaces the one the reader moved to.
//! These go through the app shell (`start_app_shell`), where the app fetches
//! every document itself, as for a page published since the last run.

use std::time::Duration;

use e2e::Fault;
use serde_json::json;

use crate::support::{self, str_of, REFERENCE_CATEGORY, REFERENCE_SLUG};
use crate::toolkit;

/// Two 500s: the request and its automatic retry both fail.
fn fail_twice(server: &e2e::TestServer, path: &str) {
    server.inject_once(path, Fault::Status(500));
    server.inject_once(path, Fault::Status(500));
}

#[tokio::test]
async fn a_failed_site_json_is_asked_again_at_the_next_navigation() {
    let t = e2e::start_app_shell().await;
    let page = &t.page;
    let site = support::site(&t.server);
    let categories = site["categories"].as_array().map_or(0, Vec::len);
    t.server.reset_hits();
    fail_twice(&t.server, "/api/site.json");
    page.goto("/").await;
    page.wait_for(".app-home .app-featured").await;
    toolkit::wait_for_console(page, "site.json failed").await;
    assert_eq!(page.count("nav.app-nav a.app-nav__link").await, 0, "site.json failed: no categories yet");
    assert_eq!(t.server.hits("/api/site.json"), 2, "one request and one automatic retry");

    // The next page the reader opens brings the navigation back.
    let list = format!("/chuyen-muc/{REFERENCE_CATEGORY}");
    toolkit::spa_navigate(page, &list).await;
    page.wait_for_count("nav.app-nav a.app-nav__link", categories).await;
    assert_eq!(page.count("nav.app-nav a.app-nav__link").await, categories);
    assert_eq!(page.text(".app-header__name").await.to_lowercase(), support::SITE_NAME.to_lowercase());
    assert_eq!(t.server.hits("/api/site.json"), 3, "asked again once");
    t.close().await;
}

#[tokio::test]
async fn a_failed_home_or_list_page_offers_a_working_retry() {
    let t = e2e::start_app_shell().await;
    let page = &t.page;
    let cases = [
        ("/", "/api/home.json".to_string(), ".app-home .app-featured"),
        (
            "/chuyen-muc/thi-dua-khen-thuong?trang=2",
            format!("/api/categories/{REFERENCE_CATEGORY}/page-2.json"),
            ".app-category-page .app-article-card",
        ),
    ];
    for (path, api, ready) in cases {
        t.server.reset_hits();
        fail_twice(&t.server, &api);
        page.goto(path).await;
        page.wait_for(".app-error-notice button.app-error-notice__retry").await;
        assert!(page.text(".app-error-notice__message").await.contains("sự cố"), "{path}: the server's failure");
        assert!(page.exists("nav.app-nav a.app-nav__link").await, "{path}: the navigation stays");
        assert_eq!(t.server.hits(&api), 2, "{path}: one request and one automatic retry");
        page.click("button.app-error-notice__retry").await;
        page.wait_for(ready).await;
        page.wait_gone(".app-error-notice").await;
        assert_eq!(t.server.hits(&api), 3, "{path}: one click, one request");
    }
    t.close().await;
}

#[tokio::test]
async fn a_document_for_another_article_is_a_bad_document() {
    let t = e2e::start_app_shell().await;
    let page = &t.page;
    let mut article = support::reference_article(&t.server);
    article["slug"] = json!("mot-bai-khac");
    let api = format!("/api/articles/{REFERENCE_SLUG}.json");
    t.server.inject(&api, Fault::json(article.to_string()));
    page.goto(&format!("/bai-viet/{REFERENCE_SLUG}")).await;
    page.wait_for(".app-error-notice button.app-error-notice__retry").await;
    assert!(page.text(".app-error-notice__message").await.contains("không hợp lệ"));
    assert!(!page.exists(".app-placeholder").await, "not a placeholder forever");
    t.server.clear(&api);
    page.click("button.app-error-notice__retry").await;
    page.wait_for("h1.app-article__title").await;
    t.close().await;
}

#[tokio::test]
async fn a_late_list_page_never_replaces_the_next_one() {
    let t = e2e::start_app_shell().await;
    let page = &t.page;
    let first_title = |page_number: u32| {
        let list = support::api_json(&t.server, &format!("/api/categories/{REFERENCE_CATEGORY}/page-{page_number}.json"));
        str_of(&list["items"][0]["title"], "items[0].title").to_string()
    };
    let (two, three) = (first_title(2), first_title(3));
    assert_ne!(two, three);
    page.goto(&format!("/chuyen-muc/{REFERENCE_CATEGORY}")).await;
    page.wait_for(".app-category-page .app-article-card").await;
    t.server.inject(
        &format!("/api/categories/{REFERENCE_CATEGORY}/page-2.json"),
        Fault::Delay(Duration::from_secs(2)),
    );

    // Page 2, then 50 ms later page 3; the page records the first item's
    // title and the URL on every change from then on.
    page.exec_with(
        "const [two, three] = arguments;
         window.__seen = { titles: [], urls: [] };
         const record = () => {
             const first = document.querySelector('.app-category-page__item h2, .app-category-page__item h3');
             const text = first ? first.textContent.trim() : null;
             const { titles, urls } = window.__seen;
             if (titles.length === 0 || titles[titles.length - 1] !== text) titles.push(text);
             if (urls.length === 0 || urls[urls.length - 1] !== location.search) urls.push(location.search);
         };
         new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
         const go = href => {
             const a = document.createElement('a');
             a.href = href;
             a.textContent = 'e2e';
             document.body.appendChild(a);
             a.click();
             a.remove();
         };
         go(two);
         setTimeout(() => go(three), 50);",
        vec![
            json!(format!("/chuyen-muc/{REFERENCE_CATEGORY}?trang=2")),
            json!(format!("/chuyen-muc/{REFERENCE_CATEGORY}?trang=3")),
        ],
    )
    .await;
    page.wait_for_text(".app-category-page__item h2, .app-category-page__item h3", &three).await;
    // Until the server has sent page 2's late answer, and a little after.
    let page_two = format!("/api/categories/{REFERENCE_CATEGORY}/page-2.json");
    let asked = t.server.arrivals(&page_two).first().copied().expect("page 2 was asked for");
    let answered = asked + Duration::from_millis(2_300);
    tokio::time::sleep(answered.saturating_duration_since(std::time::Instant::now())).await;
    let seen = page.exec("return window.__seen;").await;
    let titles: Vec<Option<String>> = serde_json::from_value(seen["titles"].clone()).unwrap();
    assert!(
        !titles.iter().flatten().any(|title| title.contains(&two)),
        "page 2's late answer was shown: first titles in order {titles:?}, URLs {}",
        seen["urls"]
    );
    assert!(
        titles.last().cloned().flatten().is_some_and(|title| title.contains(&three)),
        "page 3 is shown at the end: {titles:?}; URLs {}",
        seen["urls"]
    );
    assert_eq!(page.current_path().await, format!("/chuyen-muc/{REFERENCE_CATEGORY}?trang=3"));
    t.close().await;
}
