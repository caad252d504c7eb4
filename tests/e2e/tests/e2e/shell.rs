//! The frame around every page: header (site name, today's date), navigation,
//! skip link, main landmark, footer, language.

use crate::support::{self, assert_page_basics, date_line_re, REFERENCE_CATEGORY};

#[tokio::test]
async fn shell() {
    let t = e2e::start().await;
    let page = &t.page;
    let site = support::site(&t.server);
    let name = support::str_of(&site["name"], "site.name");
    assert_eq!(name, support::SITE_NAME, "reference content");
    let categories = site["categories"].as_array().expect("site.categories");
    assert!(!categories.is_empty());

    let before = e2e::vietnamese_date_line_now();
    page.goto("/").await;
    page.wait_for("header.app-header").await;
    // The date line is the app's (a pre-rendered page cannot know today).
    page.wait_for("html[data-app]").await;
    assert_eq!(
        page.wait_for_text("header.app-header .app-header__name", name)
            .await,
        name
    );

    // Today in UTC+7, exactly (either side of a midnight that passes meanwhile).
    let date = page.text("header.app-header .app-header__date").await;
    let after = e2e::vietnamese_date_line_now();
    assert!(
        date_line_re().is_match(&date),
        "date line {date:?} has the wrong shape"
    );
    assert!(
        date == before || date == after,
        "date line {date:?}, expected {after:?}"
    );

    // One navigation link per category.
    let links = "nav.app-nav a.app-nav__link";
    page.wait_for_count(links, categories.len()).await;
    assert_eq!(
        page.count(links).await,
        categories.len(),
        "nav links vs site.json categories"
    );
    let hrefs: Vec<String> = page
        .attrs(links, "href")
        .await
        .into_iter()
        .flatten()
        .collect();
    for category in categories {
        let slug = support::str_of(&category["slug"], "category.slug");
        assert!(
            hrefs
                .iter()
                .any(|h| h.ends_with(&format!("/chuyen-muc/{slug}"))),
            "no nav link for {slug} in {hrefs:?}"
        );
    }

    // Skip link: first focusable element, first Tab stop, pointing at main#main.
    assert_eq!(
        page.attr("a.app-skip-link", "href").await.as_deref(),
        Some("#main")
    );
    assert_eq!(page.count("main#main").await, 1);
    let first_focusable = page
        .exec(
            "const f = Array.from(document.querySelectorAll(
                 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]'))
               .filter(e => e.tabIndex >= 0);
             return f.length ? f[0].outerHTML.slice(0, 200) : null;",
        )
        .await;
    assert!(
        first_focusable
            .as_str()
            .unwrap_or_default()
            .contains("app-skip-link"),
        "first focusable element is {first_focusable}"
    );
    // Start sequential focus navigation from the top of the document (the app
    // may have focused its h1, and Chrome resumes Tab from the last focus).
    page.exec(
        "const s = document.createElement('span');
         s.id = 'e2e-focus-start'; s.tabIndex = -1;
         document.body.prepend(s); s.focus();",
    )
    .await;
    page.tab().await;
    page.exec("document.getElementById('e2e-focus-start')?.remove()")
        .await;
    assert!(
        page.active_element_matches("a.app-skip-link").await,
        "the first Tab focuses {:?} instead of the skip link",
        page.active_element_attr("class").await
    );

    page.wait_for("footer.app-footer").await;
    page.wait_for(".app-home .app-featured").await;
    assert_page_basics(page, name, Some("Trang chủ")).await;

    // On a category page, exactly its nav link is the current one.
    page.goto(&format!("/chuyen-muc/{REFERENCE_CATEGORY}"))
        .await;
    page.wait_for(".app-category-page").await;
    let current = format!("{links}[aria-current='page']");
    page.wait_for_count(&current, 1).await;
    assert_eq!(page.count(&current).await, 1);
    let href = page.attr(&current, "href").await.unwrap_or_default();
    assert!(
        href.ends_with(&format!("/chuyen-muc/{REFERENCE_CATEGORY}")),
        "current nav link {href}"
    );

    t.close().await;
}

/// The date line is Vietnam's date whatever the browser's time zone, at a
/// fixed instant where that zone's date is another day than Vietnam's.
#[tokio::test]
async fn date_line_in_another_time_zone() {
    // 2024-06-20 18:30 UTC: 21 June 01:30 in Vietnam, 20 June 11:30 in Los Angeles.
    // 2024-06-20 12:00 UTC: 20 June 19:00 in Vietnam, 21 June 02:00 in Kiritimati (UTC+14).
    let cases = [("America/Los_Angeles", 1_718_908_200_i64), ("Pacific/Kiritimati", 1_718_884_800)];
    let t = e2e::start().await;
    let page = &t.page;
    for (zone, unix_secs) in cases {
        page.cdp("Emulation.setTimezoneOverride", serde_json::json!({ "timezoneId": zone })).await;
        // A fixed clock for the page: Date.now() is all the app reads.
        page.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": format!("Date.now = () => {};", unix_secs * 1000) }),
        )
        .await;
        page.goto("about:blank").await;
        page.goto("/").await;
        page.wait_for("html[data-app]").await;
        let local_day = page.eval("new Date(Date.now()).getDate()").await;
        let expected = e2e::vietnamese_date_line(unix_secs);
        let vietnam_day: u64 = expected.split("Ngày ").nth(1).and_then(|rest| rest.split(' ').next()).and_then(|d| d.parse().ok()).unwrap_or(0);
        assert_ne!(local_day, serde_json::json!(vietnam_day), "{zone}: the browser's own date must differ from Vietnam's for this test");
        assert_eq!(page.text_content(".app-header__date").await.trim(), expected, "{zone}");
    }
    t.close().await;
}

/// "Theo thiết bị" follows the device's colour scheme and forced colours
/// while the page is open, without a reload.
#[tokio::test]
async fn system_theme_follows_the_device() {
    let t = e2e::start().await;
    let page = &t.page;
    page.goto("/").await;
    page.wait_for("html[data-app]").await;
    assert_eq!(page.prop(".app-reading-controls__select", "value").await, serde_json::json!("system"));
    page.exec("window.__sameDocument = true;").await;
    for (features, theme) in [
        (serde_json::json!([{ "name": "prefers-color-scheme", "value": "dark" }]), "dark"),
        (serde_json::json!([{ "name": "prefers-color-scheme", "value": "light" }]), "normal"),
        (serde_json::json!([{ "name": "forced-colors", "value": "active" }]), "high-contrast"),
        (serde_json::json!([{ "name": "forced-colors", "value": "none" }, { "name": "prefers-color-scheme", "value": "dark" }]), "dark"),
    ] {
        page.cdp("Emulation.setEmulatedMedia", serde_json::json!({ "features": features })).await;
        page.wait_until(
            &format!("data-theme to become {theme}"),
            "return document.documentElement.getAttribute('data-theme') === arguments[0] || null",
            vec![serde_json::json!(theme)],
        )
        .await;
    }
    assert_eq!(page.eval("window.__sameDocument === true").await, serde_json::json!(true), "no reload");
    t.close().await;
}
