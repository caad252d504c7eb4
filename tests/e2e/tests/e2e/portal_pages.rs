//! The portal's static pages (`/trang/{slug}`: about the agency, contacts,
//! the site map, the RSS page, the English page), the footer's links, and
//! what the publishing step writes beside the pages: the RSS feeds the
//! pages point to, the site map and robots.txt.

use e2e::{Harness, Page, TestServer};
use serde_json::{json, Value};

use crate::support::{self, assert_page_basics, str_of, NOT_FOUND_HEADING, REFERENCE_CATEGORY, SITE_NAME};
use crate::toolkit::site_origin;

/// `(slug, title, lang)` of every page `site.json` lists.
fn listed_pages(server: &TestServer) -> Vec<(String, String, Option<String>)> {
    let site = support::site(server);
    let pages = site["pages"].as_array().cloned().unwrap_or_default();
    assert!(pages.len() >= 4, "the sample lists its static pages in site.json: {pages:?}");
    pages
        .iter()
        .map(|page| {
            (
                str_of(&page["slug"], "page.slug").to_string(),
                str_of(&page["title"], "page.title").to_string(),
                page["lang"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// The English page's slug and title.
fn english_page(server: &TestServer) -> (String, String) {
    listed_pages(server)
        .into_iter()
        .find(|(_, _, lang)| lang.as_deref() == Some("en"))
        .map(|(slug, title, _)| (slug, title))
        .expect("site.json lists a page with \"lang\": \"en\"")
}

/// Parses `text` as XML with the browser's own parser and returns
/// `[root element name, channel or first child title, number of items or
/// urls or sitemaps, the first link or loc]`; fails on a parser error.
async fn parse_xml(page: &Page, what: &str, text: &str) -> Value {
    let parsed = page
        .exec_with(
            "const d = new DOMParser().parseFromString(arguments[0], 'application/xml');
             const error = d.getElementsByTagName('parsererror')[0];
             if (error) return { error: error.textContent };
             const root = d.documentElement;
             const first = (name) => { const e = root.getElementsByTagName(name)[0]; return e ? e.textContent : null; };
             const items = root.getElementsByTagName('item').length || root.getElementsByTagName('url').length
                 || root.getElementsByTagName('sitemap').length;
             const links = Array.from(root.getElementsByTagName('item')).map(i => i.getElementsByTagName('link')[0].textContent);
             return { root: root.nodeName, version: root.getAttribute('version'), title: first('title'),
                      items, first_link: first('link'), first_loc: first('loc'), item_links: links,
                      dates: Array.from(root.getElementsByTagName('pubDate')).map(e => e.textContent) };",
            vec![json!(text)],
        )
        .await;
    assert!(parsed.get("error").is_none(), "{what} is not well-formed XML: {parsed}");
    parsed
}

#[tokio::test]
async fn static_pages_footer_links_and_feeds() {
    let t = e2e::start().await;
    let (page, server) = (&t.page, &t.server);
    let origin = site_origin(server);
    let pages = listed_pages(server);

    // The footer of the home page lists every page, and the related portals.
    page.goto("/").await;
    page.wait_for("html[data-app]").await;
    let footer_pages: Vec<String> = page.attrs("nav.app-footer__pages a", "href").await.into_iter().flatten().collect();
    let expected: Vec<String> = pages.iter().map(|(slug, _, _)| format!("/trang/{slug}")).collect();
    assert_eq!(footer_pages, expected, "footer page links");
    let site = support::site(server);
    let links = site["links"].as_array().cloned().unwrap_or_default();
    assert!(!links.is_empty(), "the sample lists related portals");
    let portal_hrefs = page.attrs(".app-footer__portals a", "href").await;
    let expected: Vec<Option<String>> = links.iter().map(|link| Some(str_of(&link["url"], "link.url").to_string())).collect();
    assert_eq!(portal_hrefs, expected, "related portal links");
    for (rel, target) in page.attrs(".app-footer__portals a", "rel").await.into_iter().zip(page.attrs(".app-footer__portals a", "target").await) {
        assert_eq!(rel.as_deref(), Some("noopener noreferrer"));
        assert_eq!(target.as_deref(), Some("_blank"));
    }

    // The header's "English" link leads, inside the app, to the English page,
    // whose content (not the page around it) is in English.
    let (english_slug, english_title) = english_page(server);
    page.exec("window.__e2eSameDocument = true;").await;
    page.click("a.app-header__english").await;
    page.wait_for_path(&format!("/trang/{english_slug}")).await;
    page.wait_for_text(".app-static-page__content h1", &english_title).await;
    assert_eq!(page.attr(".app-static-page__content", "lang").await.as_deref(), Some("en"));
    assert_eq!(page.attr("html", "lang").await.as_deref(), Some("vi"));
    assert_eq!(page.exec("return window.__e2eSameDocument === true;").await, Value::Bool(true), "in-app navigation");
    assert_page_basics(page, SITE_NAME, Some(&english_title)).await;

    // Every page opens by its own URL, pre-rendered, with its title and a body.
    for (slug, title, lang) in &pages {
        let response = server.get(&format!("/trang/{slug}"));
        assert_eq!(response.status, 200, "/trang/{slug}");
        assert!(response.text().contains("app-static-page__content"), "/trang/{slug} is pre-rendered");
        page.goto(&format!("/trang/{slug}")).await;
        page.wait_for("html[data-app]").await;
        assert_page_basics(page, SITE_NAME, Some(title)).await;
        assert_eq!(page.text(".app-static-page__content h1").await, *title);
        let expected_lang = if lang.as_deref() == Some("en") { "en" } else { "vi" };
        assert_eq!(page.attr(".app-static-page__content", "lang").await.as_deref(), Some(expected_lang), "{slug}");
        let body = page.text(".app-static-page__content .app-article__body").await;
        assert!(body.trim().len() > 20, "{slug} has a body: {body:?}");
        assert!(page.exists(&format!("nav.app-footer__pages a[href='/trang/{slug}']")).await);
    }

    // The site map lists every category and every page.
    page.goto("/trang/so-do-cong").await;
    let map_links: Vec<String> = page.attrs(".app-site-map a", "href").await.into_iter().flatten().collect();
    for category in site["categories"].as_array().cloned().unwrap_or_default() {
        let href = format!("/chuyen-muc/{}", str_of(&category["slug"], "category.slug"));
        assert!(map_links.contains(&href), "site map lacks {href}: {map_links:?}");
    }
    for (slug, _, _) in &pages {
        assert!(map_links.contains(&format!("/trang/{slug}")), "site map lacks /trang/{slug}");
    }

    // A category page names its feed and the site's; both answer valid RSS
    // whose items link to articles of the portal.
    page.goto(&format!("/chuyen-muc/{REFERENCE_CATEGORY}")).await;
    let feeds: Vec<String> =
        page.attrs("head link[rel='alternate'][type='application/rss+xml']", "href").await.into_iter().flatten().collect();
    assert_eq!(feeds, [format!("{origin}/rss.xml"), format!("{origin}/rss/{REFERENCE_CATEGORY}.xml")]);
    for feed in &feeds {
        let path = feed.strip_prefix(&origin).expect("feed URLs are on the site's origin");
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        let parsed = parse_xml(page, path, &response.text()).await;
        assert_eq!(parsed["root"], "rss", "{path}");
        assert_eq!(parsed["version"], "2.0", "{path}");
        let items = parsed["items"].as_u64().unwrap_or(0);
        assert!((1..=20).contains(&items), "{path}: {items} items");
        for link in parsed["item_links"].as_array().cloned().unwrap_or_default() {
            let link = link.as_str().unwrap_or_default().to_string();
            let article = link.strip_prefix(&format!("{origin}/bai-viet/")).unwrap_or_else(|| panic!("{path}: item link {link}"));
            assert_eq!(server.get(&format!("/bai-viet/{article}")).status, 200, "{link}");
        }
        for date in parsed["dates"].as_array().cloned().unwrap_or_default() {
            assert!(date.as_str().unwrap_or_default().ends_with(" +0700"), "{path}: pubDate {date}");
        }
    }

    // The RSS page lists the same feeds for readers.
    page.goto("/trang/rss").await;
    let listed: Vec<String> = page.attrs(".app-feeds__link", "href").await.into_iter().flatten().collect();
    assert_eq!(listed.len(), site["categories"].as_array().map_or(0, Vec::len) + 1, "{listed:?}");
    assert!(listed.contains(&"/rss.xml".to_string()) && listed.contains(&format!("/rss/{REFERENCE_CATEGORY}.xml")));

    // robots.txt points to the site map, which lists the static pages.
    let robots = server.get("/robots.txt");
    assert_eq!(robots.status, 200);
    assert!(robots.text().contains(&format!("Sitemap: {origin}/sitemap.xml")), "{}", robots.text());
    let sitemap = server.get("/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    let parsed = parse_xml(page, "sitemap.xml", &sitemap.text()).await;
    assert_eq!(parsed["root"], "urlset");
    assert!(sitemap.text().contains(&format!("<loc>{origin}/trang/{english_slug}</loc>")));

    // A page that does not exist is the not-found page, with status 404.
    assert_eq!(server.get("/trang/khong-co-trang-nay").status, 404);
    page.goto("/trang/khong-co-trang-nay").await;
    assert_eq!(page.text(".app-not-found h1").await, NOT_FOUND_HEADING);
    t.close().await;
}

#[tokio::test]
async fn the_english_page_is_in_english_with_and_without_the_app() {
    // Pre-rendered, read with JavaScript off.
    let t = Harness::builder().browser(|browser| browser.javascript(false)).start().await;
    let (english_slug, english_title) = english_page(&t.server);
    t.page.goto(&format!("/trang/{english_slug}")).await;
    assert_eq!(t.page.text(".app-static-page__content h1").await, english_title);
    assert_eq!(t.page.attr(".app-static-page__content", "lang").await.as_deref(), Some("en"));
    assert_eq!(t.page.attr("html", "lang").await.as_deref(), Some("vi"), "the portal around it stays Vietnamese");
    assert_eq!(t.page.attr("meta[property='og:locale']", "content").await.as_deref(), Some("en_US"));
    assert!(!t.page.exists("html[data-app]").await);
    assert!(t.page.exists("nav.app-footer__pages a").await, "footer links without the app");
    t.close().await;

    // Rendered by the app from pages/{slug}.json (a page published since the last run).
    let t = e2e::start_app_shell().await;
    t.page.goto(&format!("/trang/{english_slug}")).await;
    t.page.wait_for_text(".app-static-page__content h1", &english_title).await;
    assert_eq!(t.page.attr(".app-static-page__content", "lang").await.as_deref(), Some("en"));
    assert!(t.server.hits(&format!("/api/pages/{english_slug}.json")) > 0, "the app fetched the page's document");
    t.close().await;
}
