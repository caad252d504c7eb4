//! Accessibility: axe-core (WCAG 2.1 A/AA) on every page type, theme and
//! width; keyboard use; focus and announcements after navigation; reading
//! settings; reduced motion.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use e2e::{Fault, Harness, Key, Page};
use serde_json::{json, Value};

use crate::support::{self, str_of, REFERENCE_CATEGORY, REFERENCE_SLUG};
use crate::toolkit;

// ----- 13. axe-core -------------------------------------------------------------------

/// `axe.min.js` from the npm tools (`$BANTIN_TOOLS` or `~/.local/share/ban-tin`).
fn axe_source() -> String {
    let tools = std::env::var_os("BANTIN_TOOLS")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".local/share/ban-tin")
        });
    let path = tools.join("node/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core not found at {} ({e}); tools/setup.sh installs it",
            path.display()
        )
    })
}

const THEMES: [&str; 3] = ["normal", "high-contrast", "dark"];

/// Chooses a theme with the app's own control (its change handler) and waits
/// until it applies and has been painted.
async fn choose_theme(page: &Page, theme: &str) {
    page.exec_with(
        "const s = document.querySelector('.app-reading-controls__select');
         s.value = arguments[0];
         s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![json!(theme)],
    )
    .await;
    page.wait_until(
        &format!("data-theme={theme}"),
        "return document.documentElement.getAttribute('data-theme') === arguments[0]",
        vec![json!(theme)],
    )
    .await;
    page.exec(
        "return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100))))",
    )
    .await;
}

/// Runs axe (WCAG 2.0/2.1 A and AA) on the document; one line per violation
/// and node.
async fn axe_violations(page: &Page, label: &str) -> Vec<String> {
    let result = page
        .exec(
            "return axe.run(document, {
                 runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                 resultTypes: ['violations'],
             }).then(r => r.violations.map(v => ({
                 id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => ({
                     target: n.target.join(' '),
                     html: n.html.slice(0, 160),
                     summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300),
                 })),
             })))",
        )
        .await;
    let mut lines = Vec::new();
    for v in result.as_array().cloned().unwrap_or_default() {
        let mut line = format!(
            "[{label}] {} ({}): {}",
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or("?")
        );
        for n in v["nodes"].as_array().cloned().unwrap_or_default() {
            line.push_str(&format!(
                "\n      - {}  {}\n        {}",
                n["target"].as_str().unwrap_or(""),
                n["html"].as_str().unwrap_or(""),
                n["summary"].as_str().unwrap_or("")
            ));
        }
        lines.push(line);
    }
    lines
}

/// Every page type × every theme at one window size.
async fn axe_at(width: u32, height: u32) {
    let t = Harness::builder().window_size(width, height).start().await;
    let page = &t.page;
    let source = axe_source();
    let article_api = format!("/api/articles/{REFERENCE_SLUG}.json");
    let pages: [(&str, String, &str); 8] = [
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
        ("not-found", "/khong-co-trang-nay".into(), ".app-not-found"),
        // Static pages: the organisation table of "Giới thiệu", and the English page.
        ("static page", "/trang/gioi-thieu".into(), ".app-static-page__content table"),
        ("english page", "/trang/english".into(), ".app-static-page__content[lang=en]"),
        // Search results with their highlighted words, and the search form.
        ("search", "/tim-kiem?q=thi+dua".into(), ".app-search-result mark"),
        (
            "error",
            format!("/bai-viet/{REFERENCE_SLUG}"),
            ".app-error-notice button.app-error-notice__retry",
        ),
    ];
    let mut report = Vec::new();
    let started = Instant::now();
    for (kind, path, ready) in &pages {
        if *kind == "error" {
            // A pre-rendered page carries its JSON: the error state comes
            // from an in-app navigation whose request fails (and its retry).
            t.server.inject_once(&article_api, Fault::Status(500));
            t.server.inject_once(&article_api, Fault::Status(500));
            toolkit::spa_navigate(page, path).await;
        } else {
            page.goto(path).await;
        }
        page.wait_for(ready).await;
        page.wait_for("footer.app-footer .app-footer__name").await;
        page.exec(&format!("{source}\n;return typeof window.axe;")).await;
        for theme in THEMES {
            choose_theme(page, theme).await;
            let label = format!("{kind} {path} · {theme} · {width}px");
            report.extend(axe_violations(page, &label).await);
        }
    }
    eprintln!(
        "axe at {width}px: {} page×theme runs in {:.1} s",
        pages.len() * THEMES.len(),
        started.elapsed().as_secs_f64()
    );
    t.close().await;
    assert!(
        report.is_empty(),
        "axe-core found {} WCAG 2.1 A/AA violation(s) at {width}px:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[tokio::test]
async fn axe_desktop() {
    axe_at(1280, 900).await;
}

#[tokio::test]
async fn axe_phone() {
    axe_at(375, 812).await;
}

// ----- 14. Keyboard ---------------------------------------------------------------------

async fn active_description(page: &Page) -> String {
    page.eval(
        "(() => { const e = document.activeElement; if (!e) return 'nothing';
           return e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : '')
             + ' ' + JSON.stringify((e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40)); })()",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

async fn open_reference(page: &Page) {
    page.goto(&format!("/bai-viet/{REFERENCE_SLUG}")).await;
    page.wait_for("article.app-article .app-article-actions__copy").await;
    page.wait_for("section.app-related").await;
    page.wait_for("nav.app-nav a.app-nav__link").await;
}

#[tokio::test]
async fn keyboard_desktop() {
    let t = e2e::start().await;
    let page = &t.page;
    let mut problems: Vec<String> = Vec::new();
    open_reference(page).await;

    // The first Tab of a fresh page: the skip link, visible.
    page.tab().await;
    if !page.active_element_matches("a.app-skip-link[href='#main']").await {
        problems.push(format!(
            "first Tab focused {} instead of a.app-skip-link[href=#main]",
            active_description(page).await
        ));
    } else {
        let rect = page
            .exec(
                "const r = document.activeElement.getBoundingClientRect();
                 return { top: r.top, left: r.left, bottom: r.bottom, right: r.right,
                          width: r.width, height: r.height, vw: innerWidth, vh: innerHeight };",
            )
            .await;
        let f = |k: &str| rect[k].as_f64().unwrap_or(f64::NAN);
        let inside = f("width") > 0.0
            && f("height") > 0.0
            && f("top") >= 0.0
            && f("left") >= 0.0
            && f("bottom") <= f("vh")
            && f("right") <= f("vw");
        if !inside {
            problems.push(format!("the focused skip link is not inside the viewport: {rect}"));
        }
        // Enter follows it: focus lands in main.
        page.press(Key::Enter).await;
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            let inside_main = page
                .exec(
                    "const m = document.getElementById('main');
                     return !!m && (document.activeElement === m || m.contains(document.activeElement))",
                )
                .await
                == Value::Bool(true);
            if inside_main {
                break;
            }
            if Instant::now() > deadline {
                problems.push(format!(
                    "Enter on the skip link left focus on {} (URL {}{}), not in main#main",
                    active_description(page).await,
                    page.current_path().await,
                    page.eval("location.hash").await.as_str().unwrap_or_default()
                ));
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    // Tab order from a fresh load up to the action bar: every visible
    // focusable element in DOM order, one Tab each.
    open_reference(page).await;
    let expected = page
        .exec(
            "const stop = document.querySelector('.app-article-actions__copy');
             const out = [];
             for (const e of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')) {
                 if (e.tabIndex < 0 || e.disabled) continue;
                 if (!e.checkVisibility({ visibilityProperty: true })) continue;
                 if (e.closest('[inert]')) continue;
                 e.setAttribute('data-e2e-tab', String(out.length));
                 out.push(e.tagName.toLowerCase() + '.' + String(e.className).trim().replace(/\\s+/g, '.')
                          + ' ' + JSON.stringify((e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40)));
                 if (e === stop) break;
             }
             return out;",
        )
        .await;
    let expected: Vec<String> = serde_json::from_value(expected).unwrap();
    // The stops the brief names, in this order.
    let landmarks = page
        .exec(
            "const idx = s => Array.from(document.querySelectorAll(s), e => e.getAttribute('data-e2e-tab'));
             return {
                 skip: idx('a.app-skip-link'),
                 larger: idx('.app-reading-controls__larger'),
                 select: idx('.app-reading-controls__select'),
                 nav: idx('nav.app-nav a.app-nav__link'),
                 email: idx('a.app-article-actions__email'),
                 print: idx('button.app-article-actions__print'),
                 save: idx('button.app-article-actions__save'),
                 copy: idx('.app-article-actions__copy'),
             };",
        )
        .await;
    let index_of = |key: &str| -> Vec<Option<usize>> {
        landmarks[key]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|v| v.as_str().and_then(|s| s.parse().ok()))
            .collect()
    };
    let mut previous = 0usize;
    for key in ["skip", "larger", "select", "nav", "email", "print", "save", "copy"] {
        let indices = index_of(key);
        if indices.is_empty() || indices.iter().any(Option::is_none) {
            problems.push(format!(
                "{key}: not a visible tab stop before the copy button ({indices:?}); order: {expected:#?}"
            ));
            continue;
        }
        for i in indices.into_iter().flatten() {
            if i < previous {
                problems.push(format!("{key} (tab stop {i}) comes before an earlier control ({previous})"));
            }
            previous = i;
        }
    }

    for (i, want) in expected.iter().enumerate() {
        page.tab().await;
        let got = page
            .eval("document.activeElement && document.activeElement.getAttribute('data-e2e-tab')")
            .await;
        if got != json!(i.to_string()) {
            problems.push(format!(
                "Tab #{} focused {} instead of {want}",
                i + 1,
                active_description(page).await
            ));
            break;
        }
        // A visible focus indicator on every stop (links at least 2 px).
        let outline = page
            .exec(
                "const s = getComputedStyle(document.activeElement);
                 return { width: parseFloat(s.outlineWidth) || 0, style: s.outlineStyle,
                          shadow: s.boxShadow, link: document.activeElement.tagName === 'A' };",
            )
            .await;
        let width = outline["width"].as_f64().unwrap_or(0.0);
        let style = outline["style"].as_str().unwrap_or("none");
        if width < 2.0 || style == "none" {
            problems.push(format!(
                "focused {want} has outline {width}px {style} (box-shadow {})",
                outline["shadow"]
            ));
        }
    }

    t.close().await;
    assert!(problems.is_empty(), "keyboard problems:\n- {}", problems.join("\n- "));
}

#[tokio::test]
async fn keyboard_phone_menu() {
    let t = Harness::builder().window_size(375, 812).start().await;
    let page = &t.page;
    open_reference(page).await;
    let toggle = "nav.app-nav button.app-nav__toggle";
    let links_visible = "return Array.from(document.querySelectorAll('nav.app-nav .app-nav__list a'))
                             .map(a => a.checkVisibility({ visibilityProperty: true }))";
    assert_eq!(page.attr(toggle, "aria-expanded").await.as_deref(), Some("false"));
    let hidden = page.exec(links_visible).await;
    assert!(
        hidden.as_array().unwrap().iter().all(|v| v == &json!(false)),
        "menu links visible before opening: {hidden}"
    );

    page.click(toggle).await;
    page.wait_until(
        "aria-expanded=true",
        "return document.querySelector(arguments[0]).getAttribute('aria-expanded') === 'true'",
        vec![json!(toggle)],
    )
    .await;
    let shown = page.exec(links_visible).await;
    let shown = shown.as_array().unwrap();
    assert!(
        !shown.is_empty() && shown.iter().all(|v| v == &json!(true)),
        "menu links after opening: {shown:?}"
    );

    // Into the menu with Tab, then Escape: closed, focus back on the toggle.
    page.exec_with("document.querySelector(arguments[0]).focus()", vec![json!(toggle)])
        .await;
    page.tab().await;
    assert!(
        page.active_element_matches("nav.app-nav .app-nav__list a").await,
        "Tab from the open toggle reaches the menu, not {:?}",
        page.active_element_attr("class").await
    );
    page.press(Key::Escape).await;
    page.wait_until(
        "aria-expanded=false after Escape",
        "return document.querySelector(arguments[0]).getAttribute('aria-expanded') === 'false'",
        vec![json!(toggle)],
    )
    .await;
    assert!(
        page.active_element_matches(toggle).await,
        "after Escape focus is on {:?}, not the toggle",
        page.active_element_attr("class").await
    );
    let hidden = page.exec(links_visible).await;
    assert!(
        hidden.as_array().unwrap().iter().all(|v| v == &json!(false)),
        "menu links after Escape: {hidden}"
    );
    t.close().await;
}

// ----- 15. Focus and announcement after navigation ------------------------------------------------

async fn assert_arrived(page: &Page, title: &str) {
    page.wait_until(
        &format!("the h1 {title:?}"),
        "const h = document.querySelector('main h1'); return !!h && h.textContent.trim() === arguments[0]",
        vec![json!(title)],
    )
    .await;
    page.wait_until(
        "focus on the new page's h1",
        "return document.activeElement === document.querySelector('main h1')",
        vec![],
    )
    .await;
    let live = page
        .wait_until(
            "the polite live region to say the title",
            "const r = document.querySelector('div[aria-live=\"polite\"]');
             return r && r.textContent.trim() === arguments[0] ? r.textContent.trim() : null",
            vec![json!(title)],
        )
        .await;
    assert_eq!(live, json!(title));
}

#[tokio::test]
async fn focus_after_navigation() {
    let t = e2e::start().await;
    let page = &t.page;
    let list = support::api_json(
        &t.server,
        &format!("/api/categories/{REFERENCE_CATEGORY}/page-1.json"),
    );
    let first = &list["items"][0];
    let title = str_of(&first["title"], "items[0].title");
    page.goto(&format!("/chuyen-muc/{REFERENCE_CATEGORY}")).await;
    page.click(".app-category-page .app-article-card a.app-article-card__link")
        .await;
    page.wait_for_path(&format!("/bai-viet/{}", str_of(&first["slug"], "slug")))
        .await;
    assert_arrived(page, title).await;
    assert_eq!(page.active_element_tag().await, "h1");

    // Once more, through "Tin khác".
    let related = "section.app-related .app-related__item a";
    let related_title = page.text(related).await;
    page.click(related).await;
    assert_arrived(page, &related_title).await;
    t.close().await;
}

// ----- 16. Reading settings survive a reload ---------------------------------------------------

fn px(value: &str) -> f64 {
    value.trim_end_matches("px").parse().unwrap_or(0.0)
}

#[tokio::test]
async fn settings_survive_reload() {
    let t = e2e::start().await;
    let page = &t.page;
    open_reference(page).await;
    let before = px(&page.style(".app-article__lead", "font-size").await);
    assert!(before > 0.0);

    page.click(".app-reading-controls__larger").await;
    page.click(".app-reading-controls__larger").await;
    page.wait_until(
        "data-text-size=125",
        "return document.documentElement.getAttribute('data-text-size') === '125'",
        vec![],
    )
    .await;
    let select = page.wait_for(".app-reading-controls__select").await;
    select
        .select_by_label("Tương phản cao")
        .await
        .expect("choose \"Tương phản cao\"");
    page.wait_until(
        "data-theme=high-contrast",
        "return document.documentElement.getAttribute('data-theme') === 'high-contrast'",
        vec![],
    )
    .await;

    page.refresh().await;
    page.wait_for(".app-article__lead").await;
    assert_eq!(page.attr("html", "data-text-size").await.as_deref(), Some("125"));
    assert_eq!(
        page.attr("html", "data-theme").await.as_deref(),
        Some("high-contrast")
    );
    assert_eq!(
        page.prop(".app-reading-controls__select", "value").await,
        json!("high-contrast"),
        "the control shows the remembered theme"
    );
    let after = px(&page.style(".app-article__lead", "font-size").await);
    assert!(
        after > before * 1.2,
        "lead font-size {before}px → {after}px at 125%"
    );

    // 320 px wide at the largest size: nothing overflows sideways.
    page.emulate_viewport(320, 640, true).await;
    for _ in 0..5 {
        if page.attr("html", "data-text-size").await.as_deref() == Some("150") {
            break;
        }
        page.click(".app-reading-controls__larger").await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(page.attr("html", "data-text-size").await.as_deref(), Some("150"));
    let mut overflow = Vec::new();
    for (path, ready) in [
        (format!("/bai-viet/{REFERENCE_SLUG}"), "section.app-related"),
        ("/".to_string(), ".app-home .app-featured"),
        (format!("/chuyen-muc/{REFERENCE_CATEGORY}"), ".app-article-card"),
    ] {
        page.goto(&path).await;
        page.wait_for(ready).await;
        page.wait_for("footer.app-footer .app-footer__name").await;
        let sizes = page
            .exec(
                "return [document.documentElement.scrollWidth, innerWidth,
                         document.documentElement.getAttribute('data-text-size'),
                         Array.from(document.querySelectorAll('body *'))
                             .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
                             .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + String(e.className))]",
            )
            .await;
        assert_eq!(sizes[1], json!(320), "{path}: viewport width");
        assert_eq!(sizes[2], json!("150"), "{path}: text size");
        if sizes[0].as_u64().unwrap_or(u64::MAX) > 320 {
            overflow.push(format!("{path}: scrollWidth {} > 320; wide: {}", sizes[0], sizes[3]));
        }
    }
    page.clear_viewport_emulation().await;
    t.close().await;
    assert!(overflow.is_empty(), "horizontal overflow at 320 px, 150%:\n{}", overflow.join("\n"));
}

// ----- 17. Reduced motion -------------------------------------------------------------------------

/// The longest of a computed `transition-duration` list, in milliseconds.
fn longest_ms(durations: &str) -> f64 {
    durations
        .split(',')
        .map(str::trim)
        .map(|d| {
            if let Some(ms) = d.strip_suffix("ms") {
                ms.parse::<f64>().unwrap_or(f64::INFINITY)
            } else if let Some(s) = d.strip_suffix('s') {
                s.parse::<f64>().map(|s| s * 1000.0).unwrap_or(f64::INFINITY)
            } else {
                f64::INFINITY
            }
        })
        .fold(0.0, f64::max)
}

#[tokio::test]
async fn reduced_motion() {
    let t = e2e::start().await;
    let page = &t.page;
    page.goto("/khong-co-trang-nay").await;
    page.wait_for(".app-not-found").await;
    let normal = page.style(".app-progress__bar", "transition-duration").await;
    assert!(longest_ms(&normal) >= 100.0, "without the preference: {normal:?}");

    page.cdp(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] }),
    )
    .await;
    assert_eq!(
        page.eval("matchMedia('(prefers-reduced-motion: reduce)').matches").await,
        json!(true)
    );
    let idle = page.style(".app-progress__bar", "transition-duration").await;
    assert!(longest_ms(&idle) <= 0.01, "idle bar transition-duration {idle:?}");

    // While a request is under way the bar is active.
    let api = format!("/api/articles/{REFERENCE_SLUG}.json");
    t.server.inject(&api, Fault::Delay(Duration::from_secs(3)));
    toolkit::spa_navigate(page, &format!("/bai-viet/{REFERENCE_SLUG}")).await;
    page.wait_for(".app-progress--active .app-progress__bar").await;
    let active = page
        .style(".app-progress--active .app-progress__bar", "transition-duration")
        .await;
    assert!(longest_ms(&active) <= 0.01, "active bar transition-duration {active:?}");
    t.server.clear(&api);
    t.close().await;
}

#[test]
fn longest_transition() {
    assert_eq!(longest_ms("0.3s, 0.3s"), 300.0);
    assert!(longest_ms("1e-05s, 1e-05s") <= 0.01);
    assert_eq!(longest_ms("0.01ms"), 0.01);
    assert_eq!(longest_ms("0s"), 0.0);
}
