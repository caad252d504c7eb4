//! Pre-rendered pages (the publishing step): readable with JavaScript off
//! and when the wasm fails, and taken over by the app without the reader
//! seeing anything move, lose their scroll position or their selection.

use std::time::Duration;

use e2e::{Fault, Harness, Page, TestServer};
use serde_json::{json, Value};

use crate::actions::{body_sentence, print_text};
use crate::support::{self, str_of, NOT_FOUND_HEADING, REFERENCE_CATEGORY, REFERENCE_SLUG, REFERENCE_TIME};
use crate::toolkit::{normalize_ws, site_origin};

/// The URL path of the app's wasm in dist/ (its name carries a hash).
fn wasm_path() -> String {
    let dist = e2e::dist();
    let name = std::fs::read_dir(&dist)
        .expect("read dist/")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with("_bg.wasm"))
        .expect("dist/ holds the app's wasm");
    format!("/{name}")
}

/// Controls that only work with the app: present in the markup, never visible without it.
const APP_ONLY_CONTROLS: [&str; 5] = [
    ".app-article-actions__print",
    ".app-article-actions__save",
    ".app-article-actions__copy, .app-article-actions__share",
    ".app-reading-controls",
    ".app-nav__toggle",
];

/// `[visibility, tabbable]` of the first element matching each selector.
async fn visibility(page: &Page, css: &str) -> String {
    let value = page
        .exec_with(
            "const e = document.querySelector(arguments[0]); return e ? getComputedStyle(e).visibility : 'absent';",
            vec![json!(css)],
        )
        .await;
    value.as_str().unwrap_or("?").to_string()
}

/// What a reader without the app must find on the reference article, the
/// second page of its category, the home page and an unknown article.
/// `label` says which way the app is missing.
async fn reads_without_the_app(t: &Harness, label: &str) {
    let page = &t.page;
    let server = &t.server;
    let article = support::reference_article(server);
    let title = str_of(&article["title"], "title");

    // The article, whole.
    page.goto(&format!("/bai-viet/{REFERENCE_SLUG}")).await;
    assert_eq!(page.text("h1.app-article__title").await, title, "{label}: title");
    assert_eq!(page.text("time.app-article__time").await, REFERENCE_TIME, "{label}: time");
    assert_eq!(
        normalize_ws(&page.text(".app-article__lead").await),
        normalize_ws(str_of(&article["lead"], "lead")),
        "{label}: lead"
    );
    assert_eq!(
        normalize_ws(&page.text(".app-article__caption").await),
        normalize_ws(str_of(&article["image"]["caption"], "caption")),
        "{label}: caption"
    );
    assert!(page.exists("figure.app-article__figure img.app-article__image").await, "{label}: image");
    let body = normalize_ws(&page.text(".app-article__body").await);
    let sentence = body_sentence(str_of(&article["body_html"], "body_html"));
    assert!(body.contains(&sentence), "{label}: body lacks {sentence:?}: {body}");
    assert!(
        page.text(".app-article__author").await.contains(str_of(&article["author"], "author")),
        "{label}: author"
    );
    let source = page.text(".app-article__source").await;
    assert!(
        source.contains(&format!("{}/bai-viet/{REFERENCE_SLUG}", site_origin(server))),
        "{label}: source line {source:?}"
    );
    // "Gửi Email" works as a plain link; what needs the app is invisible.
    let mailto = page.attr("a.app-article-actions__email", "href").await.unwrap_or_default();
    assert!(mailto.starts_with("mailto:?subject="), "{label}: email link {mailto:?}");
    assert_eq!(visibility(page, "a.app-article-actions__email").await, "visible", "{label}: email link hidden");
    for control in APP_ONLY_CONTROLS {
        assert_eq!(visibility(page, control).await, "hidden", "{label}: {control} must not be a dead button");
    }
    assert!(!page.exists("html[data-app]").await, "{label}: the app must not have run");
    // The date line is today's in UTC+7, or nothing, never a stale date.
    let date_line = page.text_content(".app-header__date").await;
    let date_line = date_line.trim();
    assert!(
        date_line.is_empty() || date_line == e2e::vietnamese_date_line_now(),
        "{label}: date line {date_line:?}"
    );
    // "Tin khác" and "xem tiếp" lead to other pre-rendered pages.
    let related = page.attrs("section.app-related li a", "href").await;
    assert_eq!(related.len(), article["related"].as_array().map_or(0, Vec::len), "{label}: Tin khác");
    for href in related.iter().flatten().chain(page.attr("a.app-related__more", "href").await.iter()) {
        let response = server.get(href);
        assert_eq!(response.status, 200, "{label}: {href}");
        assert!(response.text().contains("<h1"), "{label}: {href} is not a pre-rendered page");
    }

    // The browser's own print gives the print layout.
    let dir = e2e::TempDir::new("print-static").unwrap();
    let (_, printed) = print_text(page, &dir, "static").await;
    let printed = normalize_ws(&printed);
    assert!(printed.contains(&normalize_ws(title)), "{label}: printed title");
    assert!(printed.contains("Nguồn:"), "{label}: printed source line");
    for absent in ["Tin khác", "Bỏ qua, đến nội dung chính", "Cỡ chữ"] {
        assert!(!printed.contains(absent), "{label}: {absent:?} printed: {printed}");
    }

    // A category's second page: its list, and pagination that works as links.
    page.goto(&format!("/chuyen-muc/{REFERENCE_CATEGORY}?trang=2")).await;
    let heading = page.text(".app-category-page h1").await;
    assert!(!heading.is_empty(), "{label}: category heading");
    let items = page.texts(".app-category-page__item h2, .app-category-page__item h3").await;
    assert!(!items.is_empty(), "{label}: page 2 lists articles");
    let list_json = support::api_json(server, &format!("/api/categories/{REFERENCE_CATEGORY}/page-2.json"));
    let first_title = str_of(&list_json["items"][0]["title"], "items[0].title");
    assert!(items.iter().any(|item| item.contains(first_title)), "{label}: {first_title:?} not in {items:?}");
    let pages = page.attrs(".app-pagination a", "href").await;
    assert!(!pages.is_empty(), "{label}: pagination links");
    for href in pages.iter().flatten() {
        assert_eq!(server.get(href).status, 200, "{label}: pagination link {href}");
    }
    page.click(".app-pagination a[href$='/chuyen-muc/thi-dua-khen-thuong']").await;
    page.wait_for_path(&format!("/chuyen-muc/{REFERENCE_CATEGORY}")).await;
    assert_eq!(page.text(".app-category-page h1").await, heading, "{label}: page 1 by its link");

    // Home: featured stories and a section per category, links to pages.
    page.goto("/").await;
    assert!(page.exists(".app-featured h1").await, "{label}: home heading");
    assert!(page.count(".app-home-section").await > 0, "{label}: home sections");
    page.click(".app-featured__lead a").await;
    page.wait_for("h1.app-article__title").await;
    assert!(page.current_path().await.starts_with("/bai-viet/"), "{label}: a featured story opens");

    // An unknown article: the not-found page, with status 404.
    assert_eq!(server.get("/bai-viet/khong-co-bai-nay").status, 404);
    page.goto("/bai-viet/khong-co-bai-nay").await;
    assert_eq!(page.text(".app-not-found h1").await, NOT_FOUND_HEADING, "{label}: not found");
}

#[tokio::test]
async fn reads_with_javascript_disabled() {
    let t = Harness::builder().browser(|browser| browser.javascript(false)).start().await;
    t.page.goto("/").await;
    // Really off: even the inline theme script did not run.
    assert_eq!(t.page.exec("return document.documentElement.getAttribute('data-theme');").await, Value::Null);
    reads_without_the_app(&t, "JavaScript disabled").await;
    t.close().await;
}

#[tokio::test]
async fn reads_when_the_wasm_fails() {
    let t = e2e::start().await;
    t.server.inject(&wasm_path(), Fault::Status(503));
    reads_without_the_app(&t, "wasm failing").await;
    assert!(t.server.hits(&wasm_path()) > 0, "the wasm was asked for");
    t.close().await;
}

/// Recorded in the page from its first script on: the state right before
/// the app takes over (after the test's scroll and selection), and right
/// after, once the app has painted its first frame.
const TAKEOVER_PROBE: &str = r#"
(() => {
  const describe = () => {
    const main = document.querySelector('main');
    const copy = main ? main.cloneNode(true) : null;
    if (copy) copy.querySelectorAll('.app-needs-app').forEach(e => e.remove());
    const h1 = document.querySelector('h1');
    const r = h1 ? h1.getBoundingClientRect() : null;
    const box = css => {
      const e = document.querySelector(css);
      if (!e) return null;
      const b = e.getBoundingClientRect();
      return [b.left, b.top + scrollY, b.width, b.height];
    };
    return {
      landmarks: ['header.app-header', 'nav.app-nav', 'main', '.app-article-actions', 'footer.app-footer'].map(box),
      text: copy ? copy.textContent.replace(/\s+/g, ' ').trim() : null,
      header: (document.querySelector('.app-header__titles') || {}).textContent,
      nav: Array.from(document.querySelectorAll('.app-nav__link')).map(a => a.textContent),
      h1: r ? [r.left, r.top + scrollY, r.width, r.height] : null,
      scrollY: scrollY,
      selection: String(getSelection()),
      active: document.activeElement ? document.activeElement.tagName : null,
    };
  };
  window.__takeover = {};
  document.addEventListener('DOMContentLoaded', () => {
    const paragraph = document.querySelector('.app-article__body p');
    const text = paragraph && paragraph.firstChild;
    if (text && text.nodeType === 3 && text.length > 30) {
      const range = document.createRange();
      range.setStart(text, 5);
      range.setEnd(text, 30);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }
    scrollTo(0, 300);
    window.__takeover.before = describe();
    new MutationObserver((_, observer) => {
      if (!document.documentElement.hasAttribute('data-app')) return;
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__takeover.after = describe(); }));
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-app'] });
  });
})();
"#;

#[tokio::test]
async fn the_app_takes_over_without_moving_anything() {
    for (width, height) in [(1280, 900), (375, 812)] {
        let t = Harness::builder().window_size(width, height).start().await;
        takes_over_without_moving_anything(&t, width).await;
        t.close().await;
    }
}

async fn takes_over_without_moving_anything(t: &Harness, width: u32) {
    let page = &t.page;
    // A slow wasm leaves the reader time to scroll and select first.
    t.server.inject(&wasm_path(), Fault::Delay(Duration::from_millis(1200)));
    page.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": TAKEOVER_PROBE })).await;
    page.goto(&format!("/bai-viet/{REFERENCE_SLUG}")).await;
    let state = page
        .wait_until("the app to take over", "return window.__takeover && window.__takeover.after ? window.__takeover : null", vec![])
        .await;
    let (before, after) = (&state["before"], &state["after"]);
    assert!(before["text"].as_str().is_some_and(|text| text.len() > 500), "the pre-rendered article was there: {before}");
    for key in ["text", "header", "nav", "h1", "landmarks", "scrollY", "selection", "active"] {
        assert_eq!(before[key], after[key], "{width}px: {key} changed at the takeover\nbefore: {before}\nafter: {after}");
    }
    assert_eq!(before["scrollY"], json!(300), "the reader's scroll");
    assert_eq!(before["selection"].as_str().map(|text| text.chars().count()), Some(25), "the reader's selection: {before}");
    assert_eq!(before["active"], json!("BODY"), "focus is not stolen");

    // One copy of everything, no boot markup left.
    let counts = page
        .exec(
            "const ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id);
             return { duplicates: ids.filter((id, i) => ids.indexOf(id) !== i),
                      h1: document.querySelectorAll('h1').length, main: document.querySelectorAll('main').length,
                      boot: document.querySelectorAll('#app-boot').length,
                      json: document.querySelectorAll('script[type=\"application/json\"]').length };",
        )
        .await;
    assert_eq!(counts, json!({ "duplicates": [], "h1": 1, "main": 1, "boot": 0, "json": 0 }));

    // The page's JSON travelled with it: no request for it, nor for site.json.
    for document in [format!("/api/articles/{REFERENCE_SLUG}.json"), "/api/site.json".to_string()] {
        assert_eq!(t.server.hits(&document), 0, "{document} was requested: {:?}", t.server.requests());
    }

    // From now on navigation is in-app: no new document is loaded.
    page.exec("window.__sameDocument = true;").await;
    let article = support::reference_article(&t.server);
    let next_title = str_of(&article["related"][0]["title"], "related[0].title");
    page.click("section.app-related li a").await;
    page.wait_for_text("h1.app-article__title", next_title).await;
    assert_eq!(page.eval("window.__sameDocument === true").await, json!(true), "a full page load happened");
    assert!(t.server.hits("/api/articles/*") >= 1, "the next article came from the API");
}

/// Every pre-rendered page names itself for link previews; a server test of
/// the published files, no browser needed.
#[test]
fn link_previews_of_published_pages() {
    let server = TestServer::start(e2e::dist());
    let origin = site_origin(&server);
    let html = server.get(&format!("/bai-viet/{REFERENCE_SLUG}")).text();
    for tag in [
        format!("<link rel=\"canonical\" href=\"{origin}/bai-viet/{REFERENCE_SLUG}\""),
        "<meta property=\"og:type\" content=\"article\"".to_string(),
        format!("<meta property=\"og:url\" content=\"{origin}/bai-viet/{REFERENCE_SLUG}\""),
        // Its image is a drawing (SVG), which messengers do not show: the
        // portal's emblem, rendered as a PNG, with the small card.
        format!("<meta property=\"og:image\" content=\"{origin}/anh/"),
        "<meta property=\"og:image:width\" content=\"512\"".to_string(),
        "<meta property=\"article:published_time\" content=\"2021-12-22T08:03:00+07:00\"".to_string(),
        "<meta name=\"twitter:card\" content=\"summary\"".to_string(),
    ] {
        assert!(html.contains(&tag), "{tag} missing from the reference article's head");
    }
    let home = server.get("/").text();
    assert!(home.contains("<meta property=\"og:type\" content=\"website\""), "home og:type");
    assert!(!home.contains("rel=\"preload\" as=\"fetch\""), "a published page needs no JSON preload");
}
