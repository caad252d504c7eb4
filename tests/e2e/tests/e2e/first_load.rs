//! The first load of a deep link. A pre-rendered page carries its JSON and
//! the app takes it over without moving anything (`prerendered.rs` has the
//! rest); the bare app shell (URLs without a pre-rendered file) requests the
//! page's JSON while the wasm downloads (preloads), each document exactly
//! once, and nothing on screen moves while the page fills in.

use serde_json::{json, Value};

use crate::support::{self, REFERENCE_CATEGORY, REFERENCE_SLUG};

/// The API documents requested so far: `[path, initiatorType]` per request.
const API_REQUESTS: &str = "return performance.getEntriesByType('resource')
    .filter(e => new URL(e.name).pathname.startsWith('/api/') && e.name.endsWith('.json'))
    .map(e => [new URL(e.name).pathname, e.initiatorType]);";

/// Layout shifts since the document started (buffered), without those
/// caused by input: `[score, [shifted nodes]]` each.
pub(crate) const LAYOUT_SHIFTS: &str = "return new Promise(resolve => {
    const shifts = [];
    const describe = n => !n ? '?' : n.nodeType !== 1 ? n.nodeName : n.tagName.toLowerCase() + (n.className ? '.' + String(n.className).split(' ').join('.') : '');
    const observer = new PerformanceObserver(list => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) shifts.push([e.value, (e.sources || []).map(s => describe(s.node))]);
    });
    observer.observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => { observer.disconnect(); resolve(shifts); }, 300);
});";

async fn api_requests(page: &e2e::Page) -> Vec<(String, String)> {
    let value = page.exec(API_REQUESTS).await;
    value
        .as_array()
        .into_iter()
        .flatten()
        .map(|pair| {
            let text = |i: usize| pair.get(i).and_then(Value::as_str).unwrap_or_default().to_string();
            (text(0), text(1))
        })
        .collect()
}

/// Loads `path` in a fresh document and waits for its heading and the navigation.
async fn load(page: &e2e::Page, path: &str, heading: &str) {
    page.goto("about:blank").await;
    page.goto(path).await;
    page.wait_for(heading).await;
    page.wait_for(".app-nav__link").await;
    // The app has taken over (pre-rendered page) or mounted (app shell).
    page.wait_for("html[data-app]").await;
    page.wait_until(
        "every eager image to have loaded",
        "return Array.from(document.images).every(i => i.loading === 'lazy' || i.complete)",
        vec![],
    )
    .await;
}

#[tokio::test]
async fn documents_are_preloaded_once() {
    let t = e2e::start_app_shell().await;
    let page = &t.page;
    let cases = [
        ("/", "/api/home.json", "h1.app-featured__title"),
        (
            &format!("/bai-viet/{REFERENCE_SLUG}") as &str,
            &format!("/api/articles/{REFERENCE_SLUG}.json") as &str,
            "h1.app-article__title",
        ),
        (
            &format!("/chuyen-muc/{REFERENCE_CATEGORY}?trang=2"),
            &format!("/api/categories/{REFERENCE_CATEGORY}/page-2.json"),
            ".app-category-page h1",
        ),
        (
            &format!("/chuyen-muc/{REFERENCE_CATEGORY}?trang=01"),
            &format!("/api/categories/{REFERENCE_CATEGORY}/page-1.json"),
            ".app-category-page h1",
        ),
    ];
    for (path, document, heading) in cases {
        load(page, path, heading).await;
        let requests = api_requests(page).await;
        for expected in ["/api/site.json", document] {
            let matching: Vec<_> = requests.iter().filter(|(p, _)| p == expected).collect();
            assert_eq!(
                matching.len(),
                1,
                "{path}: {expected} must be requested exactly once; all API requests: {requests:?}"
            );
            assert_eq!(
                matching[0].1, "link",
                "{path}: {expected} must come from index.html's preload, not a later fetch; all: {requests:?}"
            );
        }
    }
    t.close().await;
}

#[tokio::test]
async fn nothing_shifts_while_the_first_page_fills_in() {
    let article = format!("/bai-viet/{REFERENCE_SLUG}");
    let list = format!("/chuyen-muc/{REFERENCE_CATEGORY}");
    // Pre-rendered pages (the takeover included), then the bare app shell.
    for (width, height, shell_only) in [(1280u32, 900u32, false), (375, 812, false), (1280, 900, true), (375, 812, true)] {
        let t = e2e::Harness::builder()
            .window_size(width, height)
            .server(move |server| server.app_shell_only(shell_only))
            .start()
            .await;
        let page = &t.page;
        for (path, heading) in [(&article, "h1.app-article__title"), (&list, ".app-category-page h1")] {
            load(page, path, heading).await;
            let shifts = page.exec(LAYOUT_SHIFTS).await;
            let total: f64 = shifts
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.get(0).and_then(Value::as_f64))
                .sum();
            // CLS is reported with two decimals; 0.00 is the target.
            assert!(
                total < 0.005,
                "{path} at {width}px (app shell only: {shell_only}): layout shifts add up to {total:.4}: {}",
                json!(shifts)
            );
        }
        t.close().await;
    }
}

/// `index.html`'s preload script and the Rust route table agree: each URL
/// of the shared table preloads exactly the document the table names (the
/// host test `page_documents_follow_the_shared_table` checks the Rust side).
#[tokio::test]
async fn preloads_follow_the_shared_table() {
    let t = e2e::start_app_shell().await;
    let page = &t.page;
    let table = include_str!("../../../fixtures/page-documents.txt");
    let mut mismatches = Vec::new();
    for line in table.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()) {
        let (url, expected) = line.split_once('\t').unwrap_or_else(|| panic!("no tab in {line:?}"));
        page.goto("about:blank").await;
        page.goto(url).await;
        let preloaded = page
            .exec(
                "return Array.from(document.querySelectorAll('link[rel=preload][as=fetch]'))
                     .map(l => new URL(l.href).pathname).filter(p => p.startsWith('/api/') && p !== '/api/site.json');",
            )
            .await;
        let expected = if expected == "-" { json!([]) } else { json!([format!("/api/{expected}")]) };
        if preloaded != expected {
            mismatches.push(format!("{url}: preloads {preloaded}, the table says {expected}"));
        }
    }
    t.close().await;
    assert!(mismatches.is_empty(), "index.html's preload script disagrees with the route table:\n{}", mismatches.join("\n"));
}

/// `?trang=` as a reader may type it, on published pages (the server picks
/// the file) and after the app has taken over (the app reads the URL).
#[tokio::test]
async fn odd_page_numbers() {
    let t = e2e::start().await;
    let page = &t.page;
    let list = |n: u32| support::api_json(&t.server, &format!("/api/categories/{REFERENCE_CATEGORY}/page-{n}.json"));
    let total = list(1)["total_pages"].as_u64().expect("total_pages") as u32;
    let first_title = |n: u32| list(n)["items"][0]["title"].as_str().unwrap_or_default().to_string();
    let cases: Vec<(String, Option<u32>)> = vec![
        ("abc".into(), None),
        ("0".into(), None),
        ("-1".into(), None),
        ("%2B2".into(), Some(2)),
        ("01".into(), Some(1)),
        ((total + 1).to_string(), None),
    ];
    for (trang, shows) in cases {
        let path = format!("/chuyen-muc/{REFERENCE_CATEGORY}?trang={trang}");
        let status = t.server.get(&path).status;
        page.goto(&path).await;
        page.wait_for("html[data-app]").await;
        match shows {
            Some(n) => {
                assert_eq!(status, 200, "{path}");
                let title = first_title(n);
                page.wait_for_text(".app-category-page__item h2, .app-category-page__item h3", &title).await;
            }
            None => {
                assert_eq!(status, 404, "{path}");
                page.wait_for_text("h1", support::NOT_FOUND_HEADING).await;
                assert!(!page.exists(".app-category-page__item").await, "{path}: no list");
            }
        }
    }
    t.close().await;
}

/// The inline script applies a remembered text size and theme before the
/// app runs, and only values the app itself accepts (`preferences::TextSize`
/// and `Theme`): a tampered value is ignored, never written into `<html>`.
/// The wasm is refused here, so what `<html>` carries is the script's doing.
#[tokio::test]
async fn remembered_settings_are_validated_before_the_app_runs() {
    let t = e2e::start().await;
    let page = &t.page;
    let wasm = std::fs::read_dir(e2e::dist())
        .expect("read dist/")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with("_bg.wasm"))
        .expect("dist/ holds the wasm");
    t.server.inject(&format!("/{wasm}"), e2e::Fault::Status(503));
    page.goto("/").await;
    let cases = [
        ("125", "dark", Some("125"), "dark"),
        (" 137 ", " high-contrast ", Some("137"), "high-contrast"),
        ("999", "tím", None, "normal"),
        ("<b>", "<script>", None, "normal"),
        ("1e2", "", None, "normal"),
    ];
    for (size, theme, applied_size, applied_theme) in cases {
        page.exec_with(
            "localStorage.setItem('ban-tin.text-size', arguments[0]); localStorage.setItem('ban-tin.theme', arguments[1]);",
            vec![json!(size), json!(theme)],
        )
        .await;
        page.goto("/").await;
        let root = page
            .exec("const r = document.documentElement; return [r.getAttribute('data-text-size'), r.getAttribute('data-theme'), r.hasAttribute('data-app')];")
            .await;
        assert_eq!(root, json!([applied_size, applied_theme, false]), "stored {size:?} / {theme:?}");
    }
    t.close().await;
}
