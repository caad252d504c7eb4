//! Search (`/tim-kiem`): typed without diacritics on a phone, highlighted
//! results with their count said to screen readers, back to the same
//! results; filters; and the index failing.

use e2e::{Fault, Harness, Page};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::support::{self, str_of, REFERENCE_CATEGORY};
use crate::toolkit::spa_navigate;

/// Lowercase without tones and vowel marks, đ as d: an independent copy of
/// the folding the search promises, to judge what it highlights.
fn fold(text: &str) -> String {
    const GROUPS: [(&str, char); 7] = [
        ("aàáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("eèéẻẽẹêềếểễệ", 'e'),
        ("iìíỉĩị", 'i'),
        ("oòóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("uùúủũụưừứửữự", 'u'),
        ("yỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    text.to_lowercase()
        .chars()
        .map(|c| GROUPS.iter().find(|(group, _)| group.contains(c)).map_or(c, |(_, base)| *base))
        .collect()
}

/// The results on the page: `[category, title, time, lead]` of each.
async fn results(page: &Page) -> Vec<Value> {
    let value = page
        .exec(
            "return Array.from(document.querySelectorAll('.app-search-result')).map(r => [
                 (r.querySelector('.app-search-result__category') || {}).textContent || '',
                 r.querySelector('.app-search-result__title').textContent,
                 r.querySelector('time').getAttribute('datetime'),
                 (r.querySelector('.app-search-result__lead') || {}).textContent || '']);",
        )
        .await;
    value.as_array().cloned().unwrap_or_default()
}

async fn wait_for_status(page: &Page) -> String {
    let value = page
        .wait_until(
            "the search status line",
            "const s = document.querySelector('.app-search-page__status'); return s && s.textContent.trim() || null;",
            vec![],
        )
        .await;
    value.as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_phone_search_without_diacritics_finds_highlights_and_comes_back() {
    let t = Harness::builder().window_size(375, 812).start().await;
    let page = &t.page;
    page.goto("/").await;
    page.wait_for("html[data-app]").await;
    // On a phone the field is behind "Tìm kiếm".
    let field_shown = "const e = document.querySelector('#app-search-input'); return e.offsetParent !== null;";
    assert_eq!(page.exec(field_shown).await, Value::Bool(false), "the field waits behind its button");
    page.click(".app-search__toggle").await;
    assert_eq!(page.attr(".app-search__toggle", "aria-expanded").await.as_deref(), Some("true"));
    assert_eq!(page.exec(field_shown).await, Value::Bool(true));
    page.type_text("#app-search-input", "thi dua khen thuong").await;
    page.exec("window.__e2eSameDocument = true;").await;
    page.press(Key::Enter).await;
    page.wait_for_path("/tim-kiem?q=thi+dua+khen+thuong").await;
    let status = wait_for_status(page).await;
    assert_eq!(page.exec("return window.__e2eSameDocument === true;").await, Value::Bool(true), "no page load");
    let count: usize = status
        .strip_prefix("Tìm thấy ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("status {status:?}"));
    assert!(count >= 5, "{status}");
    assert_eq!(status, format!("Tìm thấy {count} kết quả cho “thi dua khen thuong”"));
    // The count is said to screen readers: the page's status line, and the announcement of the navigation.
    assert_eq!(page.attr(".app-search-page__status", "role").await.as_deref(), Some("status"));
    page.wait_for_text("[aria-live='polite']", &status).await;

    let shown = results(page).await;
    assert_eq!(shown.len(), count.min(10));
    // Every result has all four words somewhere; highlights mark the original, accented text.
    let marks: Vec<String> = page.texts(".app-search-result mark").await;
    assert!(!marks.is_empty());
    for mark in &marks {
        assert!(["thi", "dua", "khen", "thuong"].contains(&fold(mark).as_str()), "mark {mark:?}");
    }
    assert!(marks.iter().any(|mark| mark != &fold(mark)), "accented words are marked as written: {marks:?}");
    let title = str_of(&shown[0][1], "title").to_string();
    assert!(fold(&title).contains("thi dua") || fold(&title).contains("khen thuong"), "the best result is about it: {title}");
    assert_eq!(page.prop("#app-search-page-query", "value").await, json!("thi dua khen thuong"));
    assert_eq!(page.prop("#app-search-input", "value").await, json!("thi dua khen thuong"));

    // Open one, come back: the same results, the query still in the field.
    page.click(".app-search-result__title a").await;
    page.wait_for_text("h1.app-article__title", &title).await;
    page.back().await;
    page.wait_for_path("/tim-kiem?q=thi+dua+khen+thuong").await;
    assert_eq!(wait_for_status(page).await, status);
    page.wait_for(".app-search-result").await;
    assert_eq!(results(page).await, shown);
    assert_eq!(page.prop("#app-search-page-query", "value").await, json!("thi dua khen thuong"));
    t.close().await;
}

#[tokio::test]
async fn filters_narrow_the_results_and_nothing_found_says_what_to_try() {
    let t = e2e::start().await;
    let page = &t.page;
    let site = support::site(&t.server);
    let category_name = site["categories"]
        .as_array()
        .and_then(|categories| categories.iter().find(|category| category["slug"] == REFERENCE_CATEGORY))
        .map(|category| str_of(&category["name"], "name").to_string())
        .expect("the reference category");

    page.goto("/tim-kiem?q=thanh+pho").await;
    let all = wait_for_status(page).await;
    page.goto(&format!("/tim-kiem?q=thanh+pho&chuyen-muc={REFERENCE_CATEGORY}")).await;
    let filtered = wait_for_status(page).await;
    assert_ne!(all, filtered, "the category filter changes the results");
    for result in results(page).await {
        assert_eq!(result[0].as_str().map(str::trim), Some(category_name.as_str()), "{result}");
    }
    assert_eq!(page.prop("#app-search-page-category", "value").await, json!(REFERENCE_CATEGORY));

    // A date range: every result's time is inside it.
    page.goto("/tim-kiem?q=thong+bao&tu=01/01/2021&den=31/12/2022").await;
    wait_for_status(page).await;
    let dated = results(page).await;
    assert!(!dated.is_empty());
    for result in &dated {
        let time = str_of(&result[2], "datetime");
        assert!(time.as_bytes()[..4] == *b"2021" || time.as_bytes()[..4] == *b"2022", "{time}");
    }
    // The form on the page changes the filters without a page load.
    spa_navigate(page, "/tim-kiem?q=thong+bao").await;
    wait_for_status(page).await;

    page.goto("/tim-kiem?q=xyzkhongcotu&chuyen-muc=kinh-te").await;
    let nothing = wait_for_status(page).await;
    assert_eq!(nothing, "Không tìm thấy kết quả cho “xyzkhongcotu”");
    let suggestions = page.texts(".app-search-page__suggestions li").await;
    assert_eq!(suggestions.len(), 3, "spelling, fewer words, remove filters: {suggestions:?}");
    t.close().await;
}

#[tokio::test]
async fn an_index_that_cannot_be_fetched_offers_a_working_retry() {
    let t = e2e::start().await;
    let page = &t.page;
    t.server.inject("/search/manifest.json", Fault::Status(503));
    page.goto("/tim-kiem?q=thi+dua").await;
    page.wait_for(".app-error-notice button.app-error-notice__retry").await;
    assert_eq!(page.count("h1").await, 1, "the notice is nested under the page's h1");
    t.server.clear("/search/manifest.json");
    page.click(".app-error-notice button.app-error-notice__retry").await;
    let status = wait_for_status(page).await;
    assert!(status.starts_with("Tìm thấy "), "{status}");
    page.wait_for(".app-search-result").await;
    t.close().await;
}

#[tokio::test]
async fn a_backend_with_its_own_search_answers_search_json() {
    // A URL without a pre-rendered file: the app reads site.json itself.
    let t = e2e::start_app_shell().await;
    let mut site = support::site(&t.server);
    site["search"] = json!("server");
    t.server.inject("/api/site.json", Fault::json(site.to_string()));
    let article = support::reference_article(&t.server);
    let answer = json!({
        "category": { "slug": "tim-kiem", "name": "Kết quả tìm kiếm" },
        "page": 2, "total_pages": 3, "total_items": 21,
        "items": [{
            "slug": article["slug"], "title": article["title"], "published_at": article["published_at"],
            "lead": article["lead"], "category": article["category"]
        }]
    });
    t.server.inject("/api/search.json", Fault::json(answer.to_string()));
    let page = &t.page;
    page.goto("/tim-kiem?q=Thi+%C4%91ua&chuyen-muc=thong-bao&trang=2").await;
    assert_eq!(wait_for_status(page).await, "Tìm thấy 21 kết quả cho “Thi đua”");
    assert_eq!(page.count(".app-search-result").await, 1);
    // The backend's results are highlighted like the static index's.
    let marks: Vec<String> = page.texts(".app-search-result__title mark").await.iter().map(|mark| fold(mark)).collect();
    assert!(!marks.is_empty() && marks.chunks(2).all(|pair| pair == ["thi", "dua"]), "{marks:?} in {}", str_of(&article["title"], "title"));
    // (gloo-net ends a URL that has a query with an empty "&": harmless to any query parser.)
    let asked: Vec<String> = t
        .server
        .requests()
        .into_iter()
        .filter(|line| line.contains("/api/search.json"))
        .map(|line| line.trim_end_matches('&').to_string())
        .collect();
    assert_eq!(asked, ["GET /api/search.json?q=Thi+%C4%91ua&chuyen-muc=thong-bao&trang=2"], "{asked:?}");
    assert_eq!(t.server.hits("/search/manifest.json"), 0, "the static index is not read");
    assert_eq!(page.attr(".app-pagination__link[aria-current='page']", "href").await.as_deref(), Some("/tim-kiem?q=Thi+%C4%91ua&chuyen-muc=thong-bao&trang=2"));
    t.close().await;
}

/// The search page's own code, split off the main wasm: `/split_search-<hash>.wasm`.
fn search_module(t: &Harness) -> String {
    let names: Vec<String> = std::fs::read_dir(t.server.root())
        .expect("read the served folder")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("split_search-") && name.ends_with(".wasm"))
        .collect();
    assert_eq!(names.len(), 1, "one search module in the build: {names:?}");
    format!("/{}", names[0])
}

#[tokio::test]
async fn only_searching_fetches_the_search_code_and_only_once() {
    let t = e2e::start().await;
    let page = &t.page;
    let module = search_module(&t);
    let article = support::reference_article(&t.server);
    page.goto(&format!("/bai-viet/{}", str_of(&article["slug"], "slug"))).await;
    page.wait_for("html[data-app]").await;
    spa_navigate(page, "/").await;
    page.wait_for(".app-featured__title").await;
    assert_eq!(t.server.hits("/split_search-*"), 0, "an article and the home page do without the search code");

    // Focusing the header's field fetches it while the reader types.
    page.exec("document.querySelector('#app-search-input').focus();").await;
    let started = std::time::Instant::now();
    while t.server.hits(&module) == 0 {
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "focusing the search field did not fetch {module}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    spa_navigate(page, "/tim-kiem?q=thi+dua").await;
    let status = wait_for_status(page).await;
    assert!(status.starts_with("Tìm thấy ") && status.ends_with("cho “thi dua”"), "{status}");
    assert_eq!(t.server.hits(&module), 1, "the search used the code fetched on focus");

    spa_navigate(page, "/tim-kiem?q=thong+bao").await;
    page.wait_until(
        "the second search's status",
        "const s = document.querySelector('.app-search-page__status'); return s && s.textContent.includes('thong bao') || null;",
        vec![],
    )
    .await;
    page.wait_for(".app-search-result").await;
    assert_eq!(t.server.hits("/split_search-*"), 1, "the search code is fetched once, whatever the searches");
    t.close().await;
}

#[tokio::test]
async fn search_code_that_cannot_be_fetched_offers_a_working_retry() {
    let t = e2e::start().await;
    let page = &t.page;
    let module = search_module(&t);
    t.server.inject(&module, Fault::Status(503));
    // A search opened directly: the first that needs the code.
    page.goto("/tim-kiem?q=thi+dua").await;
    page.wait_for(".app-error-notice button.app-error-notice__retry").await;
    assert_eq!(page.count(".app-search-result").await, 0);
    assert_eq!(page.count("h1").await, 1, "the notice is nested under the page's h1");
    assert!(t.server.hits(&module) >= 1);
    t.server.clear(&module);
    page.click(".app-error-notice button.app-error-notice__retry").await;
    let status = wait_for_status(page).await;
    assert!(status.starts_with("Tìm thấy "), "{status}");
    page.wait_for(".app-search-result").await;
    assert_eq!(page.count(".app-error-notice").await, 0, "the notice is gone");
    t.close().await;
}
