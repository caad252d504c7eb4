//! The site map and `robots.txt`, read back with an XML parser
//! (`roxmltree`): every URL of the site once, absolute, with the date the
//! content gives it; past 50 000 URLs an index of sitemaps of at most
//! 50 000 each; surplus files of an earlier run deleted.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, FixedOffset};
use publish::sitemap::{robots_txt, sitemap_files, SiteUrl, MAX_URLS, NAMESPACE};
use publish::{publish, ContentFrom};
use roxmltree::Document;

use crate::support::{
    categories, listed_articles, options, output_with_shell, read_json, sample_with_pages, snapshot, static_page_slugs, ORIGIN,
    TEST_PAGES,
};

/// `(loc, lastmod)` of every `<url>` of a `<urlset>` (or `<sitemap>` of a
/// `<sitemapindex>`), checking the root element and its namespace.
fn entries(xml: &str, root: &str) -> Vec<(String, Option<String>)> {
    let document = Document::parse(xml).unwrap_or_else(|error| panic!("not well-formed XML: {error}"));
    let element = document.root_element();
    assert!(element.has_tag_name((NAMESPACE, root)), "root <{:?}>, expected <{root}>", element.tag_name());
    let entry = if root == "urlset" { "url" } else { "sitemap" };
    element
        .children()
        .filter(|node| node.is_element())
        .map(|node| {
            assert!(node.has_tag_name((NAMESPACE, entry)), "<{:?}> in <{root}>", node.tag_name());
            let text = |name: &str| node.children().find(|child| child.has_tag_name((NAMESPACE, name))).map(|child| child.text().unwrap_or_default().to_string());
            (text("loc").expect("every entry has a <loc>"), text("lastmod"))
        })
        .collect()
}

/// A W3C date-time as the site map must write it: seconds and `+07:00`.
fn parse_lastmod(text: &str) -> DateTime<FixedOffset> {
    assert!(text.len() == 25 && text.ends_with("+07:00"), "lastmod {text:?} is not in +07:00");
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|error| panic!("lastmod {text:?}: {error}"))
}

fn synthetic_urls(count: usize) -> Vec<SiteUrl> {
    let start = DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z").unwrap();
    (0..count)
        .map(|n| SiteUrl {
            loc: format!("{ORIGIN}/bai-viet/bai-viet-so-{n}"),
            // Not in order: each part's newest is somewhere inside it.
            lastmod: Some(start + Duration::minutes(((n * 7919) % count) as i64)),
        })
        .collect()
}

#[test]
fn past_fifty_thousand_urls_the_site_map_is_an_index_of_full_sitemaps() {
    let urls = synthetic_urls(2 * MAX_URLS + 1);
    let files = sitemap_files(ORIGIN, &urls);
    let names: Vec<&str> = files.iter().map(|file| file.file.as_str()).collect();
    assert_eq!(names, ["sitemap.xml", "sitemaps/sitemap-1.xml", "sitemaps/sitemap-2.xml", "sitemaps/sitemap-3.xml"]);

    let index = entries(&files[0].xml, "sitemapindex");
    let locs: Vec<&str> = index.iter().map(|(loc, _)| loc.as_str()).collect();
    assert_eq!(locs, (1..=3).map(|n| format!("{ORIGIN}/sitemaps/sitemap-{n}.xml")).collect::<Vec<_>>());
    let mut seen = BTreeSet::new();
    for ((_, index_lastmod), (part, expected_count)) in index.iter().zip(files[1..].iter().zip([MAX_URLS, MAX_URLS, 1])) {
        let listed = entries(&part.xml, "urlset");
        assert_eq!(listed.len(), expected_count, "{}", part.file);
        let mut newest = None;
        for (loc, lastmod) in listed {
            assert!(loc.starts_with(&format!("{ORIGIN}/")), "{loc} is not absolute");
            assert!(seen.insert(loc.clone()), "{loc} twice");
            let lastmod = parse_lastmod(&lastmod.expect("every synthetic URL has a date"));
            newest = newest.max(Some(lastmod));
        }
        let index_lastmod = parse_lastmod(index_lastmod.as_deref().expect("the index dates each sitemap"));
        assert_eq!(Some(index_lastmod), newest, "{}: the index's lastmod is not its newest URL's", part.file);
    }
    assert_eq!(seen.len(), urls.len());
    let expected: BTreeSet<String> = urls.into_iter().map(|url| url.loc).collect();
    assert_eq!(seen, expected);
}

#[test]
fn up_to_fifty_thousand_urls_the_site_map_is_one_urlset() {
    for count in [0, 1, MAX_URLS] {
        let urls = synthetic_urls(count);
        let files = sitemap_files(ORIGIN, &urls);
        assert_eq!(files.len(), 1, "{count}");
        assert_eq!(files[0].file, "sitemap.xml");
        let listed = entries(&files[0].xml, "urlset");
        assert_eq!(listed.len(), count);
        let locs: BTreeSet<&str> = listed.iter().map(|(loc, _)| loc.as_str()).collect();
        assert_eq!(locs.len(), count, "a URL twice");
    }
}

#[test]
fn robots_txt_names_the_absolute_site_map() {
    let robots = robots_txt(ORIGIN);
    let lines: Vec<&str> = robots.lines().collect();
    assert!(lines.contains(&"User-agent: *") && lines.contains(&"Allow: /"), "{robots}");
    assert!(lines.contains(&format!("Sitemap: {ORIGIN}/sitemap.xml").as_str()), "{robots}");
}

#[test]
fn the_published_site_map_lists_every_page_once_with_its_date() {
    let content = sample_with_pages("sitemap-content");
    let out = output_with_shell("sitemap-out");
    let report = publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).unwrap();

    // Every URL and its date, from the documents.
    let date = |text: &str| DateTime::parse_from_rfc3339(text).unwrap();
    let mut expected: BTreeMap<String, Option<DateTime<FixedOffset>>> = BTreeMap::new();
    let mut article_dates = BTreeMap::new();
    for slug in listed_articles(content.path()) {
        let article = read_json(content.path(), &format!("articles/{slug}.json"));
        let lastmod = date(article["updated_at"].as_str().unwrap_or_else(|| article["published_at"].as_str().unwrap()));
        article_dates.insert(slug.clone(), lastmod);
        expected.insert(format!("{ORIGIN}/bai-viet/{slug}"), Some(lastmod));
    }
    // The home page and each category's first list page: dated by the
    // newest change among the articles they show.
    let home = read_json(content.path(), "home.json");
    let on_home = home["featured"].as_array().unwrap().iter().chain(
        home["sections"].as_array().unwrap().iter().flat_map(|section| section["items"].as_array().unwrap()),
    );
    expected.insert(format!("{ORIGIN}/"), on_home.map(|item| article_dates[item["slug"].as_str().unwrap()]).max());
    for (category, _) in categories(content.path()) {
        let first = read_json(content.path(), &format!("categories/{category}/page-1.json"));
        let newest = crate::support::item_slugs(&first).iter().map(|slug| article_dates[slug]).max();
        expected.insert(format!("{ORIGIN}/chuyen-muc/{category}"), newest);
    }
    for slug in static_page_slugs(content.path()) {
        let page = read_json(content.path(), &format!("pages/{slug}.json"));
        expected.insert(format!("{ORIGIN}/trang/{slug}"), page["updated_at"].as_str().map(date));
    }

    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let listed = entries(&xml, "urlset");
    assert_eq!(report.sitemaps, 1);
    assert_eq!(report.sitemap_urls, listed.len());
    let mut actual = BTreeMap::new();
    for (loc, lastmod) in listed {
        assert!(actual.insert(loc.clone(), lastmod.as_deref().map(parse_lastmod)).is_none(), "{loc} twice");
    }
    assert_eq!(actual.len(), expected.len());
    let differing: Vec<String> = expected
        .iter()
        .filter(|(loc, lastmod)| actual.get(*loc) != Some(lastmod))
        .map(|(loc, lastmod)| format!("{loc}: {:?}, expected {lastmod:?}", actual.get(loc)))
        .collect();
    assert!(differing.is_empty(), "{}", differing.join("\n"));
    // The test pages: one dated, one not.
    assert!(xml.contains(&format!("<loc>{ORIGIN}/trang/{}</loc><lastmod>2024-03-05T09:30:00+07:00</lastmod>", TEST_PAGES[0])), "{xml}");
    assert!(xml.contains(&format!("<loc>{ORIGIN}/trang/{}</loc></url>", TEST_PAGES[1])));

    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.lines().any(|line| line == format!("Sitemap: {ORIGIN}/sitemap.xml")), "{robots}");
}

#[test]
fn files_an_earlier_run_left_in_the_publishers_folders_are_deleted() {
    let content = sample_with_pages("surplus-content");
    let out = output_with_shell("surplus-out");
    publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).unwrap();
    // As a larger site (an index of sitemaps), a removed category and a
    // removed page would have left them.
    let stale = ["sitemaps/sitemap-1.xml", "sitemaps/sitemap-2.xml", "rss/chuyen-muc-cu.xml", "trang/trang-cu/index.html"];
    for file in stale {
        let path = out.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "<old/>").unwrap();
    }
    let before = snapshot(out.path());
    let report = publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).unwrap();
    assert!(report.changes.written.is_empty(), "{:?}", report.changes.written);
    let deleted: BTreeSet<&str> = report.changes.deleted.iter().map(String::as_str).collect();
    assert_eq!(deleted, stale.into_iter().collect::<BTreeSet<_>>());
    for gone in ["sitemaps", "rss/chuyen-muc-cu.xml", "trang/trang-cu"] {
        assert!(!out.join(gone).exists(), "{gone} is still there");
    }
    let after = snapshot(out.path());
    for (file, entry) in &after {
        assert!(before.get(file) == Some(entry), "{file} changed");
    }
    // Files outside the publisher's folders are never deleted.
    assert!(out.join("api/site.json").is_file());
}
