//! Security and a clean console, as tests that can fail:
//!
//! - reading the browser console fails loudly when it cannot be read, and it
//!   does catch a deliberate error and a deliberate CSP violation;
//! - the Content-Security-Policy is enforced (a copy of the app shell with an
//!   inline script, an inline handler and a `javascript:` link sees all three
//!   blocked; the same copy without the policy sees them run), and no page
//!   state or interaction of the app violates it;
//! - no page a resident lands on logs an error (the favicon included);
//! - the whole XSS corpus (`tests/fixtures/xss-vectors.txt`) goes through the
//!   app end to end: served by the API as article bodies, judged in the live
//!   DOM by an oracle written here (not the sanitiser's own tables), every
//!   element poked, every surviving link clicked; once under the policy (a
//!   payload that escaped the sanitiser shows as a violation) and once with
//!   the policy removed (it would run: the sanitiser alone is tested).

use std::time::{Duration, Instant};

use e2e::fantoccini::Locator;
use e2e::{console_errors, csp_violations, Fault, Page};
use regex::Regex;
use serde_json::{json, Value};

use crate::support::{self, str_of, REFERENCE_CATEGORY, REFERENCE_SLUG};
use crate::toolkit;

// ----- the policy as shipped --------------------------------------------------------------

/// The `<meta http-equiv="Content-Security-Policy">` tag of a page, whole.
fn csp_meta_re() -> Regex {
    Regex::new(r#"<meta http-equiv="Content-Security-Policy" content="([^"]+)"\s*/?>"#).unwrap()
}

/// The policy of the CSP meta tag in `html`; panics (naming `what`) if none.
fn page_policy(html: &str, what: &str) -> String {
    csp_meta_re()
        .captures(html)
        .unwrap_or_else(|| panic!("no CSP meta tag in {what}"))[1]
        .to_string()
}

/// `html` without its CSP meta tag (asserting there was one).
fn without_policy(html: &str) -> String {
    let stripped = csp_meta_re().replace(html, "").into_owned();
    assert_ne!(stripped, html, "the page had no CSP meta tag to remove");
    assert!(
        !stripped.contains("Content-Security-Policy"),
        "a second policy is left in the page"
    );
    stripped
}

fn read_dist(relative: &str) -> String {
    let path = e2e::dist().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

// ----- 1. The console can be read, and reading it can fail ------------------------------------

#[tokio::test]
async fn console_reading_catches_a_deliberate_error_and_fails_without_a_log() {
    let t = e2e::start().await;
    let page = t.page.clone();
    page.goto("/").await;
    page.wait_for("html[data-app]").await;
    page.console_logs().await; // start clean

    page.exec("console.error('e2e: a deliberate console error')")
        .await;
    let logs = page.console_logs().await;
    let errors = console_errors(&logs);
    assert!(
        errors
            .iter()
            .any(|line| line.contains("e2e: a deliberate console error")),
        "the deliberate console.error was not read back as an error: {logs:#?}"
    );
    assert!(
        page.console_logs()
            .await
            .iter()
            .all(|line| !line.contains("deliberate")),
        "reading the console empties it"
    );

    // With the session gone the log cannot be read: that must fail the
    // test that asked, not pass it with an empty list.
    page.client()
        .clone()
        .close()
        .await
        .expect("end the WebDriver session");
    assert!(
        page.try_console_logs().await.is_err(),
        "a closed session has no readable log"
    );
    let asked = tokio::spawn(async move { page.console_logs().await }).await;
    match asked {
        Err(join) if join.is_panic() => {}
        Err(join) => panic!("console_logs neither returned nor panicked: {join}"),
        Ok(lines) => panic!("console_logs returned {lines:?} without a session instead of failing"),
    }
    drop(t);
}

// ----- 2. The policy is shipped and enforced ------------------------------------------------------

/// The probe: the app shell (with its policy, or without), plus an inline
/// script, an element with an inline handler and a `javascript:` link, each
/// of which records that it ran.
fn csp_probe(shell: &str) -> String {
    let head = "<meta charset=\"utf-8\" />";
    assert!(
        shell.contains(head),
        "the shell starts its head with {head}"
    );
    let script = "<script>window.__e2eInline = 'ran';</script>";
    // After the policy (which must come before any script to govern it).
    let with_script = match csp_meta_re().find(shell) {
        Some(meta) => format!("{}{script}{}", &shell[..meta.end()], &shell[meta.end()..]),
        None => shell.replacen(head, &format!("{head}{script}"), 1),
    };
    let body = Regex::new(r"<body[^>]*>").unwrap();
    let opening = body
        .find(&with_script)
        .expect("the shell has a <body>")
        .as_str()
        .to_string();
    with_script.replacen(
        &opening,
        &format!(
            "{opening}<img id=\"e2e-probe-image\" src=\"/e2e/none.png\" alt=\"\" onerror=\"window.__e2eHandler = 'ran'\">\
             <a id=\"e2e-probe-link\" href=\"javascript:window.__e2eLink = 'ran'; void 0\">liên kết thử</a>"
        ),
        1,
    )
}

/// Loads a probe page, clicks its link; returns which of the three ran.
async fn run_probe(page: &Page, path: &str) -> Value {
    page.goto(path).await;
    page.wait_for("#e2e-probe-link").await;
    // Let the image fail and its handler (if allowed) run.
    page.wait_until(
        "the probe image to fail",
        "const i = document.getElementById('e2e-probe-image'); return !!i && i.complete",
        vec![],
    )
    .await;
    page.exec("document.getElementById('e2e-probe-link').scrollIntoView({block: 'center'})")
        .await;
    match page.client().find(Locator::Css("#e2e-probe-link")).await {
        Ok(link) => link
            .click()
            .await
            .unwrap_or_else(|e| panic!("click the probe link: {e}")),
        Err(e) => panic!("find the probe link: {e}"),
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    page.exec("return { inline: window.__e2eInline ?? null, handler: window.__e2eHandler ?? null, link: window.__e2eLink ?? null }")
        .await
}

#[tokio::test]
async fn content_security_policy_is_shipped_and_enforced() {
    // What the build wrote: the same policy in every kind of page, strict.
    let shell = read_dist("app-shell.html");
    let policy = page_policy(&shell, "dist/app-shell.html");
    for page in [
        "index.html".to_string(),
        "404.html".to_string(),
        format!("bai-viet/{REFERENCE_SLUG}/index.html"),
        format!("chuyen-muc/{REFERENCE_CATEGORY}/index.html"),
    ] {
        let html = read_dist(&page);
        assert_eq!(
            page_policy(&html, &page),
            policy,
            "{page} carries another policy than the shell"
        );
        let meta_at = html.find("Content-Security-Policy").unwrap();
        let first_script = html.find("<script").unwrap_or(usize::MAX);
        assert!(
            meta_at < first_script,
            "{page}: the CSP meta must precede every <script>"
        );
    }
    let script_src = Regex::new(
        r"(?:^|;)\s*script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+ 'wasm-unsafe-eval'\s*(?:;|$)",
    )
    .unwrap();
    assert!(script_src.is_match(&policy), "script-src in {policy:?}");
    for directive in ["object-src 'none'", "base-uri 'self'", "style-src 'self'"] {
        let re = Regex::new(&format!(
            r"(?:^|;)\s*{}\s*(?:;|$)",
            regex::escape(directive)
        ))
        .unwrap();
        assert!(re.is_match(&policy), "{directive} in {policy:?}");
    }
    assert!(
        !policy.contains("'unsafe-inline'") && !policy.contains("'unsafe-eval'"),
        "{policy:?}"
    );
    let header_policy = read_dist("content-security-policy.txt");
    assert!(
        header_policy
            .trim()
            .starts_with(policy.trim_end_matches(';').trim())
            && header_policy.contains("frame-ancestors 'none'"),
        "content-security-policy.txt {header_policy:?} is the meta policy plus frame-ancestors"
    );

    // Enforced: the probe under the shipped policy runs nothing, and each
    // attempt is a violation in the console. Without the policy all three
    // run, so the probe would have seen it.
    let t = e2e::start().await;
    let page = &t.page;
    let html = "text/html; charset=utf-8";
    t.server
        .inject("/e2e/csp-probe", Fault::body(html, csp_probe(&shell)));
    t.server.inject(
        "/e2e/csp-probe-without-policy",
        Fault::body(html, csp_probe(&without_policy(&shell))),
    );

    page.goto("/").await;
    page.wait_for("html[data-app]").await;
    page.console_logs().await; // start clean
    let ran = run_probe(page, "/e2e/csp-probe").await;
    assert_eq!(
        ran,
        json!({ "inline": null, "handler": null, "link": null }),
        "under the policy something ran"
    );
    // The app's own (hashed) inline scripts still run: it starts.
    page.wait_for("html[data-app]").await;
    let logs = page.console_logs().await;
    let violations = csp_violations(&logs);
    for (what, needle) in [
        ("inline script", "inline script"),
        ("inline event handler", "event handler"),
        ("javascript: link", "javascript"),
    ] {
        assert!(
            violations.iter().any(|line| line.to_ascii_lowercase().contains(needle)),
            "no console violation for the {what} (looked for {needle:?}) in {violations:#?}\nwhole console: {logs:#?}"
        );
    }
    assert!(
        console_errors(&logs).len() >= 3,
        "each violation is an error in the console: {logs:#?}"
    );

    let ran = run_probe(page, "/e2e/csp-probe-without-policy").await;
    assert_eq!(
        ran,
        json!({ "inline": "ran", "handler": "ran", "link": "ran" }),
        "without the policy the probe must run (else it proves nothing)"
    );
    let logs = page.console_logs().await;
    assert!(
        csp_violations(&logs).is_empty(),
        "no policy, no violation: {logs:#?}"
    );
    t.close().await;
}

/// `fetch("/<name>_bg.wasm", {"integrity":"…", …})` in Trunk's loader script.
fn wasm_fetch_re() -> Regex {
    Regex::new(r#"fetch\("([^"]+_bg\.wasm)", \{"integrity":"([^"]+)""#).unwrap()
}

/// Every `integrity` in the shipped pages is the SHA-384 of the file as served,
/// as the browser computes it: Trunk writes them before its hooks run, the
/// hooks rewrite the files, and `tools/hash-names.mjs` writes the final ones
/// (the wasm's on the loader's `fetch`, not on its preload, where Chromium
/// ignores it). A stale one would make the browser refuse the file.
#[tokio::test]
async fn subresource_integrity_matches_the_shipped_files() {
    let tag_re = Regex::new(r"<(?:link|script)\b[^>]*>").unwrap();
    let attr = |tag: &str, name: &str| {
        Regex::new(&format!(r#"\s{name}="([^"]*)""#))
            .unwrap()
            .captures(tag)
            .map(|c| c[1].to_string())
    };
    // (page, URL, integrity) of every tag that has one.
    let mut expected: Vec<(String, String, String)> = Vec::new();
    for page in [
        "index.html".to_string(),
        "app-shell.html".to_string(),
        format!("bai-viet/{REFERENCE_SLUG}/index.html"),
    ] {
        let html = read_dist(&page);
        let mut loader = false;
        for tag in tag_re.find_iter(&html).map(|m| m.as_str()) {
            let Some(integrity) = attr(tag, "integrity") else {
                continue;
            };
            let url = attr(tag, "href")
                .or_else(|| attr(tag, "src"))
                .unwrap_or_else(|| panic!("{page}: {tag} has an integrity but no URL"));
            loader |= attr(tag, "rel").as_deref() == Some("modulepreload");
            expected.push((page.clone(), url, integrity));
        }
        assert!(
            loader,
            "{page}: no modulepreload (the JS loader) with an integrity"
        );
        // The loader script's fetch of the wasm.
        let fetches: Vec<_> = wasm_fetch_re()
            .captures_iter(&html)
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .collect();
        assert_eq!(fetches.len(), 1, "{page}: one fetch of the wasm with an integrity: {fetches:?}");
        for (url, integrity) in fetches {
            expected.push((page.clone(), url, integrity));
        }
    }

    let t = e2e::start().await;
    let page = &t.page;
    page.goto("/").await;
    let urls: Vec<Value> = expected.iter().map(|(_, url, _)| json!(url)).collect();
    let actual = page
        .exec_with(
            "return Promise.all(arguments[0].map(u => fetch(u, { cache: 'no-store' })
               .then(r => r.arrayBuffer())
               .then(b => crypto.subtle.digest('SHA-384', b))
               .then(d => 'sha384-' + btoa(String.fromCharCode(...new Uint8Array(d))))))",
            vec![Value::Array(urls)],
        )
        .await;
    for (i, (page, url, integrity)) in expected.iter().enumerate() {
        assert_eq!(
            actual[i].as_str(),
            Some(integrity.as_str()),
            "{page}: the integrity of {url} is not the file's SHA-384"
        );
    }
}

// ----- 3. No violation on any page or after any interaction -----------------------------------

/// The CSP violations and panics in the console since the last read, each
/// prefixed by `step`.
async fn console_problems(page: &Page, step: &str) -> Vec<String> {
    let logs = page.console_logs().await;
    csp_violations(&logs)
        .into_iter()
        .chain(toolkit::panics(&logs))
        .map(|line| format!("{step}: {line}"))
        .collect()
}

#[tokio::test]
async fn no_csp_violation_on_any_page_or_after_interactions() {
    let t = e2e::start().await;
    let page = &t.page;
    let mut problems: Vec<String> = Vec::new();
    let article = format!("/bai-viet/{REFERENCE_SLUG}");
    let article_api = format!("/api/articles/{REFERENCE_SLUG}.json");
    page.goto("/").await;
    page.console_logs().await; // start clean

    // Each page a resident can land on, as a first load.
    let landings: [(&str, String, &str); 7] = [
        ("home", "/".into(), ".app-home .app-featured"),
        (
            "list",
            format!("/chuyen-muc/{REFERENCE_CATEGORY}"),
            ".app-category-page .app-article-card",
        ),
        (
            "list page 2",
            format!("/chuyen-muc/{REFERENCE_CATEGORY}?trang=2"),
            ".app-category-page .app-article-card",
        ),
        ("article", article.clone(), "section.app-related"),
        ("not found", "/khong-co-trang-nay".into(), ".app-not-found"),
        // A URL without a page of its own gets the bare app shell (its
        // preload script included): an unknown one, and a search.
        ("app shell", "/duong-dan/khong-co".into(), ".app-not-found"),
        ("search", "/tim-kiem?q=thi+dua".into(), ".app-search-result mark"),
    ];
    for (step, path, ready) in &landings {
        page.goto(path).await;
        page.wait_for("html[data-app]").await;
        page.wait_for(ready).await;
        page.wait_for("footer.app-footer .app-footer__name").await;
        assert!(
            page.exists("meta[http-equiv='Content-Security-Policy']")
                .await,
            "{step} {path}: the policy is in the live document"
        );
        problems.extend(console_problems(page, &format!("{step} {path}")).await);
    }

    // In-app states: not found through the API, the error notice and its retry.
    toolkit::spa_navigate(page, "/bai-viet/bai-viet-khong-co-that").await;
    page.wait_for(".app-not-found").await;
    problems.extend(console_problems(page, "in-app not found").await);
    t.server.inject_once(&article_api, Fault::Status(500));
    t.server.inject_once(&article_api, Fault::Status(500));
    toolkit::spa_navigate(page, &article).await;
    page.wait_for(".app-error-notice button.app-error-notice__retry")
        .await;
    problems.extend(console_problems(page, "error notice").await);
    page.click("button.app-error-notice__retry").await;
    page.wait_for("h1.app-article__title").await;
    problems.extend(console_problems(page, "retry").await);

    // Interactions on the article: text size, theme, save, copy link.
    for button in ["larger", "larger", "smaller", "default"] {
        page.click(&format!("button.app-reading-controls__{button}"))
            .await;
        problems.extend(console_problems(page, &format!("text size {button}")).await);
    }
    let themes = page
        .exec("return Array.from(document.querySelectorAll('.app-reading-controls__select option'), o => o.value)")
        .await;
    let themes: Vec<String> = serde_json::from_value(themes).unwrap();
    assert!(themes.len() >= 3, "theme options {themes:?}");
    for theme in themes.iter().rev().chain(themes.first()) {
        page.exec_with(
            "const s = document.querySelector('.app-reading-controls__select');
             s.value = arguments[0];
             s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(theme)],
        )
        .await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        problems.extend(console_problems(page, &format!("theme {theme:?}")).await);
    }
    page.click("button.app-article-actions__save").await;
    t.browser
        .wait_for_download_named(&format!("{REFERENCE_SLUG}.html"), Duration::from_secs(15))
        .await;
    problems.extend(console_problems(page, "save").await);
    page.cdp(
        "Browser.grantPermissions",
        json!({ "origin": t.server.base_url(), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
    )
    .await;
    page.click(".app-article-actions__copy").await;
    page.wait_for_text(".app-article-actions__status", "Đã sao chép liên kết")
        .await;
    problems.extend(console_problems(page, "copy link").await);

    // The phone menu: open it, follow a category, open it again, Escape.
    page.emulate_viewport(375, 812, true).await;
    let toggle = "nav.app-nav button.app-nav__toggle";
    page.click(toggle).await;
    let site = support::site(&t.server);
    let slug = str_of(&site["categories"][0]["slug"], "slug");
    page.click(&format!(
        "nav.app-nav a.app-nav__link[href='/chuyen-muc/{slug}']"
    ))
    .await;
    page.wait_for_path(&format!("/chuyen-muc/{slug}")).await;
    page.wait_for(".app-category-page .app-article-card").await;
    page.click(toggle).await;
    page.press(e2e::Key::Escape).await;
    page.wait_until(
        "the menu to close",
        "return document.querySelector(arguments[0]).getAttribute('aria-expanded') === 'false'",
        vec![json!(toggle)],
    )
    .await;
    page.clear_viewport_emulation().await;
    problems.extend(console_problems(page, "phone menu").await);

    // A reload with a stored theme (the inline settings script runs before
    // the app).
    page.exec("localStorage.setItem('ban-tin.theme', 'dark')")
        .await;
    page.refresh().await;
    page.wait_for("html[data-app]").await;
    assert_eq!(
        page.exec("return document.documentElement.getAttribute('data-theme')")
            .await,
        json!("dark")
    );
    problems.extend(console_problems(page, "reload with a stored theme").await);

    t.close().await;
    assert!(
        problems.is_empty(),
        "CSP violations or panics:\n{}",
        problems.join("\n")
    );
}

// ----- 4. A clean console -------------------------------------------------------------------------

/// The icon the page asks for: its `<link rel="icon">` (first one), else
/// the browser's default `/favicon.ico`. `None` for an icon that needs no
/// request (`data:`).
async fn icon_path(page: &Page) -> Option<String> {
    let href = page
        .exec(
            "const l = document.querySelector('link[rel~=\"icon\" i]');
             return l ? l.href : new URL('/favicon.ico', location.href).href",
        )
        .await;
    let href = href.as_str().unwrap_or_default();
    let url = url::Url::parse(href).ok()?;
    (url.scheme() == "http" && url.host_str() == Some("127.0.0.1")).then(|| url.path().to_string())
}

#[tokio::test]
async fn no_console_error_on_home_category_article_and_not_found() {
    // One fresh browser per page: Chromium asks for the icon once per
    // profile, so each page must be the first one its browser shows.
    let server = e2e::TestServer::start(e2e::dist());
    let pages: [(&str, String, &str); 4] = [
        ("home", "/".into(), ".app-home .app-featured"),
        (
            "category",
            format!("/chuyen-muc/{REFERENCE_CATEGORY}"),
            ".app-category-page .app-article-card",
        ),
        (
            "article",
            format!("/bai-viet/{REFERENCE_SLUG}"),
            "section.app-related",
        ),
        ("not found", "/khong-co-trang-nay".into(), ".app-not-found"),
    ];
    let mut report = Vec::new();
    for (kind, path, ready) in &pages {
        let browser = e2e::Browser::start().await;
        let page = browser.page(server.base_url());
        let requests_before = server.requests().len();
        page.goto(path).await;
        page.wait_for("html[data-app]").await;
        page.wait_for(ready).await;
        page.wait_for("footer.app-footer .app-footer__name").await;
        // Wait for the icon's answer (it comes after the load event), then
        // for its log line.
        if let Some(icon) = icon_path(&page).await {
            let asked = || {
                let request = format!("GET {icon}");
                server.requests()[requests_before..]
                    .iter()
                    .any(|r| *r == request)
            };
            let deadline = Instant::now() + Duration::from_secs(5);
            while !asked() && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            if !asked() {
                eprintln!("{kind} {path}: the browser did not ask for {icon} within 5 s");
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let logs = page.console_logs().await;
        report.extend(
            console_errors(&logs)
                .into_iter()
                .map(|line| format!("{kind} {path}: {line}")),
        );
        drop(page);
        browser.close().await;
    }
    assert!(report.is_empty(), "console errors:\n{}", report.join("\n"));
}

// ----- 5. The XSS corpus through the app ---------------------------------------------------------

const VECTORS: &str = include_str!("../../../fixtures/xss-vectors.txt");

#[path = "../../../fixtures/xss_corpus.rs"]
mod xss_corpus;
use xss_corpus::{Vector, ORACLE_ELEMENTS, ORACLE_IMAGE_SCHEMES, ORACLE_LINK_SCHEMES};

/// The corpus as the browser test reads it.
fn vectors() -> Vec<Vector> {
    xss_corpus::vectors(VECTORS)
}

/// Installs, in the current document, what sees a payload run: a marker for
/// this document, dialogs that record instead of opening, and a list of the
/// policy's violation events. In-app navigations keep them; a new document
/// needs them again.
///
/// One kind of report is not a payload at work and is counted apart: Chromium
/// checks inline handlers and styles against the page's policy while *any*
/// in-page HTML parser reads markup, the sanitiser's inert `DOMParser`
/// document included, and reports them on the document from the app's script
/// (nothing runs there). A payload at work in the live page is reported on
/// its element (a handler, when it would run: setting one is not reported),
/// or from the page itself (a `javascript:` URL); a style let into the live
/// page is the oracle's to catch.
const INSTALL_DETECTORS: &str = "
    window.__e2eDocument = arguments[0];
    window.__e2eDialogs = [];
    for (const name of ['alert', 'confirm', 'prompt']) {
        window[name] = (message) => { window.__e2eDialogs.push(name + '(' + String(message) + ')'); };
    }
    window.__e2eViolations = [];
    window.__e2eInertParseReports = 0;
    const appScript = (file) => { try { const u = new URL(file); return u.origin === location.origin && u.pathname.endsWith('.js'); } catch (e) { return false; } };
    document.addEventListener('securitypolicyviolation', (e) => {
        const inertParse = e.target === document && appScript(e.sourceFile)
            && ['script-src-attr', 'style-src-attr', 'style-src-elem'].includes(e.effectiveDirective);
        if (inertParse) { window.__e2eInertParseReports += 1; return; }
        const on = e.target === document ? 'the document' : '<' + (e.target.localName || e.target.nodeName) + '>';
        window.__e2eViolations.push(e.effectiveDirective + ' on ' + on + ' from ' + (e.sourceFile || '?') + ': ' + (e.sample || e.blockedURI || ''));
    });
    return true;";

/// What the detectors saw, then cleared: `{ xss, dialogs, violations,
/// inertParseReports, path }` (`xss` is `typeof` + value of `window.__xss`,
/// null when unset), or null when the document is no longer the one they
/// were installed in (`arguments[0]`).
const READ_DETECTORS: &str = "
    if (window.__e2eDocument !== arguments[0]) return null;
    const seen = {
        xss: typeof window.__xss === 'undefined' ? null : typeof window.__xss + ' ' + String(window.__xss),
        dialogs: window.__e2eDialogs.splice(0),
        violations: window.__e2eViolations.splice(0),
        inertParseReports: window.__e2eInertParseReports,
        path: location.pathname,
    };
    window.__e2eInertParseReports = 0;
    try { delete window.__xss; } catch (e) {}
    return seen;";

/// `show(line)`: an in-app navigation (as a click on a link) from the
/// article on screen to the vector's article, waiting for its title *and its
/// own body* (its first paragraph names the line): judging the previous
/// article's body, left on screen, would judge nothing. One round trip per
/// vector. Resolves to null, or to what it was waiting for when it gave up.
const SHOW_FN: &str = "
    const e2eSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const e2eGo = async (path, ready) => {
        const a = document.createElement('a');
        a.href = path;
        a.textContent = 'e2e';
        document.body.appendChild(a);
        a.click();
        a.remove();
        const until = performance.now() + 10000;
        while (!ready()) {
            if (performance.now() > until) return false;
            await e2eSleep(10);
        }
        return true;
    };
    const show = async (line) => {
        const ready = () => {
            const h = document.querySelector('h1.app-article__title');
            const p = document.querySelector('article .app-article__body > p');
            return !!h && h.textContent === 'XSS ' + line && !!p && p.textContent === 'Dòng ' + line + '.';
        };
        if (!await e2eGo('/bai-viet/xss-' + line, ready)) return 'the article XSS ' + line + ' with its own body';
        return null;
    };";

/// Judges the article body in the live DOM with the oracle, checks that the
/// lead is the vector as text, and fires on every body element the events
/// inline handlers listen for (plain, non-bubbling `Event`s: handlers on the
/// element run, nothing follows a link). `judge(elements, linkSchemes,
/// imageSchemes, vector)` returns `{ problems, links }`.
const JUDGE_FN: &str = "
    const judge = (elements, linkSchemes, imageSchemes, vector) => {
        const allowed = new Map(elements);
        const problems = [];
        const body = document.querySelector('article .app-article__body');
        if (!body) return { problems: ['no article body'], links: 0 };
        const lead = document.querySelector('.app-article__lead');
        if (!lead || lead.textContent !== vector || lead.children.length !== 0)
            problems.push('the lead is not the vector as text: ' + (lead ? JSON.stringify(lead.innerHTML) : 'missing'));
        const scheme = (value) => { try { return new URL(value, location.href).protocol; } catch (e) { return 'not a URL'; } };
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_ALL);
        const all = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.nodeType === Node.TEXT_NODE) continue;
            // The framework's own empty marker, before the body's first
            // paragraph (which the test wrote): nothing the sanitiser made.
            if (node.nodeType === Node.COMMENT_NODE && node.data === '' && node === body.firstChild) continue;
            if (node.nodeType !== Node.ELEMENT_NODE) {
                problems.push('a node of type ' + node.nodeType + ' ' + JSON.stringify(node.data ?? '') + ' in <' + node.parentNode.localName + '>');
                continue;
            }
            all.push(node);
            const tag = node.localName;
            if (node.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push('<' + tag + '> in namespace ' + node.namespaceURI);
            if (!allowed.has(tag)) { problems.push('element <' + tag + '>'); continue; }
            for (const { name, value } of Array.from(node.attributes)) {
                const show = '<' + tag + ' ' + name + '=' + JSON.stringify(value) + '>';
                if (!allowed.get(tag).includes(name)) { problems.push(show + ': attribute not allowed'); continue; }
                if (name === 'href' && !linkSchemes.includes(scheme(value))) problems.push(show + ': scheme ' + scheme(value));
                if (name === 'src' && !imageSchemes.includes(scheme(value))) problems.push(show + ': scheme ' + scheme(value));
                // Every piece of a srcset between whitespace and commas that is not a descriptor is a URL to judge.
                if (name === 'srcset')
                    for (const piece of value.split(/[\\s,]+/))
                        if (piece && !/^[0-9.]+[wx]$/.test(piece) && !imageSchemes.includes(scheme(piece)))
                            problems.push(show + ': srcset scheme ' + scheme(piece));
                if ((name === 'sizes' || name === 'media') && (/url\\(/i.test(value) || !/^[A-Za-z0-9 .()+*\\/:,-]*$/.test(value)))
                    problems.push(show + ': more than CSS lengths');
                if (name === 'type' && !['image/avif', 'image/webp', 'image/jpeg', 'image/png', 'image/gif'].includes(value))
                    problems.push(show + ': type');
                if (name === 'target' && value !== '_blank') problems.push(show + ': target other than _blank');
                if (name === 'rel' && value.split(/\\s+/).some((t) => t && !['noopener', 'noreferrer', 'external'].includes(t)))
                    problems.push(show + ': rel token');
                if (['width', 'height', 'colspan', 'rowspan'].includes(name) && !/^[0-9]{1,6}$/.test(value))
                    problems.push(show + ': not a plain number');
                if (name === 'scope' && !['row', 'col', 'rowgroup', 'colgroup'].includes(value)) problems.push(show + ': scope');
                if (name === 'loading' && value !== 'lazy') problems.push(show + ': loading');
                if (name === 'decoding' && value !== 'async') problems.push(show + ': decoding');
            }
            if (tag === 'img' && !node.hasAttribute('src')) problems.push('<img> without src');
            if (tag === 'source' && node.parentElement.localName !== 'picture') problems.push('<source> outside a picture');
            if (node.getAttribute('target') === '_blank' && !(node.getAttribute('rel') || '').split(/\\s+/).includes('noopener'))
                problems.push('<' + tag + ' target=_blank> without rel=noopener');
        }
        const events = ['click', 'dblclick', 'mousedown', 'mouseup', 'mouseover', 'mouseenter', 'mouseout', 'mouseleave',
            'pointerover', 'pointerenter', 'pointerdown', 'focus', 'focusin', 'blur', 'load', 'error', 'toggle',
            'beforetoggle', 'close', 'input', 'change', 'start', 'begin', 'animationstart', 'transitionend', 'scroll',
            'keydown', 'copy', 'submit'];
        for (const element of all) {
            try { element.focus(); } catch (e) {}
            for (const name of events) element.dispatchEvent(new Event(name));
        }
        if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
        return { problems, links: body.querySelectorAll('a[href]').length };
    };";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Policy {
    /// The pages as shipped: a payload that escaped the sanitiser is blocked
    /// and shows as a violation.
    Enforced,
    /// Every page route answers the app shell without its CSP meta tag: a
    /// payload that escaped the sanitiser runs and sets `window.__xss`.
    Removed,
}

/// The corpus walk: one browser, in-app navigations, a new document only
/// when a clicked link leaves the page.
struct Walk<'a> {
    page: &'a Page,
    policy: Policy,
    /// The token of the document whose detectors are installed.
    document: u64,
    failures: Vec<String>,
    /// Reports of the inert parse (see `INSTALL_DETECTORS`), for the record.
    inert_parse_reports: u64,
}

impl Walk<'_> {
    /// A fresh document on a sample article, with the detectors installed
    /// before any vector is shown in it.
    async fn new_document(&mut self) {
        self.document += 1;
        self.page.goto(&format!("/bai-viet/{REFERENCE_SLUG}")).await;
        self.page.wait_for("html[data-app]").await;
        self.page.wait_for("h1.app-article__title").await;
        self.page
            .exec_with(INSTALL_DETECTORS, vec![json!(self.document)])
            .await;
        let live = self
            .page
            .exists("meta[http-equiv='Content-Security-Policy']")
            .await;
        assert_eq!(
            live,
            self.policy == Policy::Enforced,
            "the CSP meta in the live document under {:?}",
            self.policy
        );
    }

    /// Records a failure for anything the detectors saw (`READ_DETECTORS`'s answer).
    fn record(&mut self, what: &str, seen: &Value) {
        self.inert_parse_reports += seen["inertParseReports"].as_u64().unwrap_or(0);
        if let Some(xss) = seen["xss"].as_str() {
            self.failures
                .push(format!("{what}: window.__xss was set ({xss})"));
        }
        for key in ["dialogs", "violations"] {
            for entry in seen[key].as_array().into_iter().flatten() {
                self.failures.push(format!("{what}: {key}: {entry}"));
            }
        }
    }

    /// Reads the console: a panic is a failure; so is any CSP report when
    /// the policy is removed. Under the policy the in-page events judge
    /// (they tell a payload at work from the inert parse; the console does not).
    async fn console(&mut self, what: &str) {
        let logs = self.page.console_logs().await;
        for line in toolkit::panics(&logs) {
            self.failures.push(format!("{what}: console: {line}"));
        }
        if self.policy == Policy::Removed {
            for line in csp_violations(&logs) {
                self.failures.push(format!("{what}: console: {line}"));
            }
        }
    }

    /// Reads (and clears) the detectors and the console, recording anything
    /// seen; false when the document is no longer the one they watch.
    async fn detectors(&mut self, what: &str) -> bool {
        let seen = self
            .page
            .exec_with(READ_DETECTORS, vec![json!(self.document)])
            .await;
        self.console(what).await;
        if seen.is_null() {
            return false;
        }
        self.record(what, &seen);
        true
    }

    /// Proves the detectors can see a payload run (or be blocked) here: an
    /// inline handler and a `javascript:` link planted by hand, outside the
    /// sanitiser.
    async fn prove_detectors(&mut self) {
        let page = self.page;
        page.exec(
            "const img = document.createElement('img');
             img.id = 'e2e-canary-image';
             img.setAttribute('onerror', \"window.__xss = 'canary'; alert('canary')\");
             img.src = '/e2e/none.png';
             document.body.appendChild(img);
             const a = document.createElement('a');
             a.id = 'e2e-canary-link';
             a.href = \"javascript:window.__xssLink = 'canary'; void 0\";
             a.textContent = 'canary';
             document.body.prepend(a);",
        )
        .await;
        match page.client().find(Locator::Css("#e2e-canary-link")).await {
            Ok(link) => link
                .click()
                .await
                .unwrap_or_else(|e| panic!("click the canary link: {e}")),
            Err(e) => panic!("find the canary link: {e}"),
        }
        let expected = match self.policy {
            Policy::Removed => {
                "window.__xss === 'canary' && window.__xssLink === 'canary' && window.__e2eDialogs.includes('alert(canary)')"
            }
            Policy::Enforced => "window.__e2eViolations.length >= 2",
        };
        page.wait_until(
            &format!("the planted payloads to be seen under {:?}", self.policy),
            &format!("return {expected}"),
            vec![],
        )
        .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        let seen = page
            .exec_with(READ_DETECTORS, vec![json!(self.document)])
            .await;
        let logs = page.console_logs().await;
        match self.policy {
            Policy::Removed => {
                assert_eq!(seen["xss"], json!("string canary"), "{seen}");
                assert!(
                    csp_violations(&logs).is_empty(),
                    "no policy, no violation: {logs:#?}"
                );
            }
            Policy::Enforced => {
                assert!(
                    seen["xss"].is_null(),
                    "the planted handler ran under the policy: {seen}"
                );
                assert!(
                    seen["dialogs"].as_array().is_some_and(Vec::is_empty),
                    "{seen}"
                );
                let violations = seen["violations"].to_string();
                assert!(
                    violations.contains("on <img>") && violations.contains("on the document"),
                    "the handler is reported on its element, the link on the document: {seen}"
                );
                assert!(
                    csp_violations(&logs).len() >= 2,
                    "the blocked canaries are in the console: {logs:#?}"
                );
            }
        }
        page.exec(
            "document.getElementById('e2e-canary-image').remove();
             document.getElementById('e2e-canary-link').remove();
             delete window.__xssLink;",
        )
        .await;
    }

    /// Proves the oracle can fail here: elements and attributes it must
    /// refuse, planted by hand in the body of the article on screen, are
    /// each reported.
    async fn prove_oracle(&mut self) {
        let script = format!(
            "{JUDGE_FN}
             const body = document.querySelector('article .app-article__body');
             const probe = document.createElement('div');
             probe.setAttribute('data-x', '1');
             const add = (tag, attributes, namespace) => {{
                 const e = namespace ? document.createElementNS(namespace, tag) : document.createElement(tag);
                 for (const [name, value] of attributes) e.setAttribute(name, value);
                 e.textContent = 'x';
                 probe.appendChild(e);
             }};
             add('a', [['href', 'java\\tscript:void(0)']]);
             add('a', [['href', 'https://example.com/'], ['target', '_blank']]);
             add('img', [['src', 'data:image/gif;base64,R0lGODlhAQABAAAAACw=']]);
             add('span', [['class', 'x']]);
             add('h1', []);
             add('form', []);
             add('a', [], 'http://www.w3.org/2000/svg');
             probe.appendChild(document.createComment('c'));
             body.appendChild(probe);
             const lead = document.querySelector('.app-article__lead').textContent;
             const judged = judge(arguments[0], arguments[1], arguments[2], lead);
             probe.remove();
             return judged.problems;"
        );
        let problems = self
            .page
            .exec_with(
                &script,
                vec![
                    json!(ORACLE_ELEMENTS),
                    json!(ORACLE_LINK_SCHEMES),
                    json!(ORACLE_IMAGE_SCHEMES),
                ],
            )
            .await;
        let problems = problems.to_string();
        for expected in [
            "data-x",
            "scheme javascript:",
            "without rel=noopener",
            "scheme data:",
            "<span class",
            "element <h1>",
            "element <form>",
            "in namespace http://www.w3.org/2000/svg",
            "a node of type 8",
        ] {
            assert!(
                problems.contains(expected),
                "the oracle did not report {expected:?}: {problems}"
            );
        }
        assert!(
            self.detectors("the oracle's own check").await,
            "the document changed"
        );
        assert!(
            self.failures.is_empty(),
            "the oracle's probe set off a detector: {:#?}",
            self.failures
        );
    }

    /// Shows the vector's article (`SHOW_FN`); panics if it does not come.
    async fn show(&mut self, vector: &Vector) {
        let script = format!("{SHOW_FN}\nreturn show(arguments[0]);");
        let waited = self.page.exec_with(&script, vec![json!(vector.line)]).await;
        if let Some(what) = waited.as_str() {
            self.page
                .fail(&format!(
                    "line {}: timed out waiting for {what}",
                    vector.line
                ))
                .await;
        }
    }

    /// Shows the vector's article, judges it and fires its events, and reads
    /// the detectors, in one round trip; returns how many links the body
    /// kept, or None when the document changed under the events.
    async fn show_and_judge(&mut self, vector: &Vector, what: &str) -> Option<usize> {
        let script = format!(
            "{SHOW_FN}\n{JUDGE_FN}\n
             const [elements, linkSchemes, imageSchemes, vector, line, token] = arguments;
             return (async () => {{
                 if (window.__e2eDocument !== token) return {{ lost: true }};
                 const waited = await show(line);
                 if (waited) return {{ waited }};
                 const judged = judge(elements, linkSchemes, imageSchemes, vector);
                 const seen = (function () {{ {READ_DETECTORS} }}).apply(null, [token]);
                 return {{ judged, seen }};
             }})();"
        );
        let answer = self
            .page
            .exec_with(
                &script,
                vec![
                    json!(ORACLE_ELEMENTS),
                    json!(ORACLE_LINK_SCHEMES),
                    json!(ORACLE_IMAGE_SCHEMES),
                    json!(vector.html),
                    json!(vector.line),
                    json!(self.document),
                ],
            )
            .await;
        if answer["lost"] == json!(true) {
            panic!("{what}: the walk lost its document before the vector was shown");
        }
        if let Some(waited) = answer["waited"].as_str() {
            self.page
                .fail(&format!("{what}: timed out waiting for {waited}"))
                .await;
        }
        for problem in answer["judged"]["problems"]
            .as_array()
            .into_iter()
            .flatten()
        {
            self.failures
                .push(format!("{what}: {}", problem.as_str().unwrap_or_default()));
        }
        self.console(what).await;
        if answer["seen"].is_null() {
            self.failures.push(format!(
                "{what}: the document changed while the events were fired"
            ));
            return None;
        }
        let seen = answer["seen"].clone();
        self.record(what, &seen);
        Some(answer["judged"]["links"].as_u64().unwrap_or(0) as usize)
    }

    /// Clicks every link left in the body, like a resident: a link that
    /// opens a tab is followed there and the tab closed; one that leaves the
    /// document is followed and the walk comes back in a new document.
    async fn click_links(&mut self, vector: &Vector, count: usize) {
        let what = format!("line {} {:?}", vector.line, vector.html);
        let path = format!("/bai-viet/xss-{}", vector.line);
        let client = self.page.client().clone();
        let main = client.window().await.expect("the current window");
        for index in 0..count {
            let links = client
                .find_all(Locator::Css("article .app-article__body a[href]"))
                .await
                .unwrap_or_default();
            let Some(link) = links.into_iter().nth(index) else {
                self.failures.push(format!("{what}: link {index} vanished"));
                break;
            };
            let href = link.attr("href").await.ok().flatten().unwrap_or_default();
            let target = link.attr("target").await.ok().flatten().unwrap_or_default();
            let element = serde_json::to_value(&link).unwrap();
            let _ = self
                .page
                .try_exec(
                    "arguments[0].scrollIntoView({block: 'center'})",
                    vec![element.clone()],
                )
                .await;
            if link.click().await.is_err() {
                // Not clickable as a user would (no box): follow it as a
                // script click does, which still runs a `javascript:` URL.
                let _ = self
                    .page
                    .try_exec("arguments[0].click()", vec![element])
                    .await;
            }
            let link_what = format!("{what}, link {href:?} (target {target:?})");

            // A new tab: where it went, whether a payload ran there.
            let deadline =
                Instant::now() + Duration::from_millis(if target == "_blank" { 1500 } else { 150 });
            let others = loop {
                let windows = client.windows().await.unwrap_or_default();
                let others: Vec<_> = windows.into_iter().filter(|w| *w != main).collect();
                if !others.is_empty() || Instant::now() >= deadline {
                    break others;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            };
            for other in others {
                client
                    .switch_to_window(other)
                    .await
                    .expect("switch to the new tab");
                let url = client
                    .current_url()
                    .await
                    .map(|u| u.to_string())
                    .unwrap_or_default();
                if is_script_url(&url) {
                    self.failures
                        .push(format!("{link_what}: opened a tab on {url}"));
                }
                if let Ok(Value::String(kind)) =
                    client.execute("return typeof window.__xss", vec![]).await
                {
                    if kind != "undefined" {
                        self.failures
                            .push(format!("{link_what}: window.__xss set in the new tab"));
                    }
                }
                client.close_window().await.expect("close the new tab");
                client
                    .switch_to_window(main.clone())
                    .await
                    .expect("back to the main window");
            }

            // This tab: still our document (where a `javascript:` URL runs)?
            let settle = Instant::now() + Duration::from_secs(5);
            let seen = loop {
                match self
                    .page
                    .try_exec(READ_DETECTORS, vec![json!(self.document)])
                    .await
                {
                    Ok(seen) => break seen,
                    Err(_) if Instant::now() < settle => {
                        tokio::time::sleep(Duration::from_millis(100)).await
                    }
                    Err(e) => panic!("{link_what}: the page does not answer: {e}"),
                }
            };
            self.console(&link_what).await;
            match seen["path"].as_str() {
                Some(current) => {
                    self.record(&link_what, &seen);
                    if current != path {
                        self.show(vector).await;
                    }
                }
                None => {
                    let url = self.page.current_url().await;
                    if is_script_url(&url) {
                        self.failures
                            .push(format!("{link_what}: the tab went to {url}"));
                    }
                    self.new_document().await;
                    self.show(vector).await;
                }
            }
        }
    }
}

/// A URL that runs or makes a document of its own text.
fn is_script_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("javascript:") || lower.starts_with("data:") || lower.starts_with("vbscript:")
}

async fn xss_corpus(policy: Policy) {
    let started = Instant::now();
    let vectors = vectors();
    assert!(
        vectors.len() >= 70,
        "the corpus holds {} vectors",
        vectors.len()
    );
    let t = e2e::start_app_shell().await;
    let page = &t.page;
    if policy == Policy::Removed {
        let shell = without_policy(&read_dist("app-shell.html"));
        for route in ["/", "/bai-viet/*", "/chuyen-muc/*"] {
            t.server.inject(
                route,
                Fault::body("text/html; charset=utf-8", shell.clone()),
            );
        }
    }
    let site = support::site(&t.server);
    let category = &site["categories"][0];
    for vector in &vectors {
        let document = json!({
            "slug": format!("xss-{}", vector.line),
            "title": format!("XSS {}", vector.line),
            "category": { "slug": category["slug"], "name": category["name"] },
            "published_at": "2021-12-22T08:03:00+07:00",
            "lead": vector.html,
            "body_html": format!("<p>Dòng {}.</p>{}", vector.line, vector.html),
        });
        t.server.inject(
            &format!("/api/articles/xss-{}.json", vector.line),
            Fault::json(document.to_string()),
        );
    }

    let mut walk = Walk {
        page,
        policy,
        document: 0,
        failures: Vec::new(),
        inert_parse_reports: 0,
    };
    walk.new_document().await;
    page.console_logs().await; // start clean
    walk.prove_detectors().await;
    walk.prove_oracle().await;

    let mut links_clicked = 0;
    for vector in &vectors {
        let what = format!("line {} {:?}", vector.line, vector.html);
        let Some(links) = walk.show_and_judge(vector, &what).await else {
            walk.new_document().await;
            continue;
        };
        if links > 0 {
            walk.click_links(vector, links).await;
            links_clicked += links;
            if !walk.detectors(&format!("{what} after its links")).await {
                walk.new_document().await;
            }
        }
    }

    // Late ones: images failing, timers.
    tokio::time::sleep(Duration::from_millis(500)).await;
    if !walk.detectors("at the end").await {
        walk.failures
            .push("at the end: the document changed".to_string());
    }
    eprintln!(
        "xss corpus {policy:?}: {} vectors, {links_clicked} links clicked, {} documents, \
         {} CSP reports of the sanitiser's inert parse, {:.1} s",
        vectors.len(),
        walk.document,
        walk.inert_parse_reports,
        started.elapsed().as_secs_f64()
    );
    let failures = walk.failures;
    t.close().await;
    assert!(
        failures.is_empty(),
        "{} failure(s) in {} vectors under {policy:?}:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn xss_corpus_through_the_app_under_the_policy() {
    xss_corpus(Policy::Enforced).await;
}

#[tokio::test]
async fn xss_corpus_through_the_app_without_the_policy() {
    xss_corpus(Policy::Removed).await;
}

// ----- 6. Text fields stay text ------------------------------------------------------------------

/// Markup in every field that is not the body (title, lead, author, image
/// caption and alt, a related title) is shown as text, in the page and in
/// `document.title`; the body keeps only its harmless part. Served with the
/// policy removed, so a payload that became markup would run and be seen.
#[tokio::test]
async fn text_fields_with_markup_stay_text() {
    let t = e2e::start_app_shell().await;
    let page = &t.page;
    let shell = without_policy(&read_dist("app-shell.html"));
    t.server.inject(
        "/bai-viet/*",
        Fault::body("text/html; charset=utf-8", shell),
    );
    let slug = "bai-viet-doc-hai";
    let title = r#"<img src=x onerror="window.__xss='title'">Tiêu đề"#;
    let lead = r#"<b onmouseover="window.__xss='lead'">Mở đầu</b>"#;
    let author = r#"<i onclick="window.__xss='author'">Tác giả</i>"#;
    let caption = r#"<svg onload="window.__xss='caption'"></svg>Chú thích"#;
    let alt = r#""><img src=x onerror="window.__xss='alt'">"#;
    let related = r#"<img src=x onerror="window.__xss='related'">Tin liên quan"#;
    let body = r#"<p>Đoạn mở đầu.</p><script>window.__xss='body script'</script><img src=x onerror="window.__xss='body img'"><a href="javascript:window.__xss='body link'">x</a>"#;
    let site = support::site(&t.server);
    let category = &site["categories"][0];
    let document = json!({
        "slug": slug,
        "title": title,
        "category": { "slug": category["slug"], "name": category["name"] },
        "published_at": "2021-12-22T08:03:00+07:00",
        "lead": lead,
        "image": { "src": "media/khong-co.png", "alt": alt, "caption": caption },
        "body_html": body,
        "author": author,
        "related": [{ "slug": "bai-lien-quan", "title": related, "published_at": "2021-12-20T08:00:00+07:00" }],
    });
    t.server.inject(
        &format!("/api/articles/{slug}.json"),
        Fault::json(document.to_string()),
    );

    // Detectors first, then the article by an in-app navigation.
    page.goto(&format!("/bai-viet/{REFERENCE_SLUG}")).await;
    page.wait_for("h1.app-article__title").await;
    assert!(
        !page
            .exists("meta[http-equiv='Content-Security-Policy']")
            .await,
        "the policy is removed"
    );
    page.exec_with(INSTALL_DETECTORS, vec![json!(1)]).await;
    toolkit::spa_navigate(page, &format!("/bai-viet/{slug}")).await;
    page.wait_for_text(".app-article__body", "Đoạn mở đầu.")
        .await;
    let text_of = |css: &str| {
        let css = css.to_string();
        async move {
            page.exec_with(
                "const e = document.querySelector(arguments[0]);
                 return e ? { text: e.textContent, elements: e.querySelectorAll('*').length } : null",
                vec![json!(css)],
            )
            .await
        }
    };
    assert_eq!(
        text_of("h1.app-article__title").await,
        json!({ "text": title, "elements": 0 }),
        "the title"
    );
    assert_eq!(
        text_of(".app-article__lead").await,
        json!({ "text": lead, "elements": 0 }),
        "the lead"
    );
    assert_eq!(
        text_of(".app-article__caption").await,
        json!({ "text": caption, "elements": 0 }),
        "the caption"
    );
    let author_text = text_of(".app-article__author").await;
    assert!(
        author_text["text"]
            .as_str()
            .is_some_and(|text| text.ends_with(author)),
        "the author as text: {author_text}"
    );
    assert_eq!(
        page.count(".app-article__author i").await,
        0,
        "no markup in the author line"
    );
    assert_eq!(
        page.attr("img.app-article__image", "alt").await.as_deref(),
        Some(alt),
        "the alt is an attribute value"
    );
    let related_link = text_of("section.app-related li a").await;
    assert_eq!(
        related_link,
        json!({ "text": related, "elements": 0 }),
        "the related title"
    );
    let doc_title = page.title().await;
    assert!(
        doc_title.starts_with("<img src=x"),
        "document.title shows the title as text: {doc_title:?}"
    );

    // Everything that could run: hover, click, focus; the body's link.
    page.exec(
        "for (const e of document.querySelectorAll('article.app-article *, section.app-related *')) {
             for (const name of ['mouseover', 'click', 'focus', 'load', 'error']) e.dispatchEvent(new Event(name));
         }",
    )
    .await;
    if let Ok(link) = page
        .client()
        .find(Locator::Css(".app-article__body a"))
        .await
    {
        let _ = link.click().await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = page.exec_with(READ_DETECTORS, vec![json!(1)]).await;
    assert!(!seen.is_null(), "the document changed");
    assert_eq!(seen["xss"], Value::Null, "injected code ran: {seen}");
    assert_eq!(seen["dialogs"], json!([]), "{seen}");
    let dangerous = page
        .exec(
            "return Array.from(document.body.querySelectorAll('*')).filter(e =>
                 (e.tagName === 'SCRIPT' && !e.src && e.type !== 'application/json' && e.closest('article, section.app-related')) ||
                 Array.from(e.attributes).some(x => x.name.startsWith('on') || /^\\s*javascript:/i.test(x.value))
             ).map(e => e.outerHTML.slice(0, 200))",
        )
        .await;
    assert_eq!(dangerous, json!([]), "dangerous nodes in the page");
    assert_eq!(page.current_path().await, format!("/bai-viet/{slug}"));
    let logs = page.console_logs().await;
    assert!(
        toolkit::panics(&logs).is_empty(),
        "the app panicked: {logs:#?}"
    );
    t.close().await;
}
