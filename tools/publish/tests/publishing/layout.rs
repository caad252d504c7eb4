//! The published folder: one file per URL of the site, laid out as
//! `docs/API.md` ("Published folder") says, each page with its own `h1`,
//! its document carried inert, and its canonical link; the feeds, the site
//! map and `robots.txt` beside them; nothing else touched.

use std::collections::BTreeSet;

use ban_tin::model::{decode_article, decode_category_page, decode_home, decode_site, decode_static_page};
use ban_tin::text;
use markup5ever_rcdom::Handle;
use publish::resolve::{resolve, Resolved};
use publish::shell::is_app_shell;
use publish::{publish, ContentFrom};

use crate::support::{
    attribute, collapse, elements, expected_files, expected_layout, file_names, folders, generated_files, head_and_body, options, output_with_shell,
    parse_document, published_api, read_json, sample_with_pages, search_files, snapshot, static_page_slugs, text_content, ASSETS, ORIGIN,
    SHELL_KEPT_SCRIPTS, SHELL_ONLY_SCRIPT, TEST_PAGES,
};

/// The inert JSON scripts of a page: `data-api-path` → text.
fn embedded_documents(root: &Handle) -> Vec<(String, String)> {
    elements(root, "script")
        .iter()
        .filter(|script| attribute(script, "type").as_deref() == Some("application/json"))
        .map(|script| (attribute(script, "data-api-path").unwrap_or_default(), text_content(script)))
        .collect()
}

/// The text of the other scripts (the shell's).
fn other_scripts(root: &Handle) -> Vec<String> {
    elements(root, "script")
        .iter()
        .filter(|script| attribute(script, "type").as_deref() != Some("application/json"))
        .map(text_content)
        .collect()
}

/// Whether the embedded text is the same document as the content's file,
/// compared as the app decodes both.
fn same_document(document: &str, embedded: &str, source: &str) -> bool {
    if document == "site.json" {
        decode_site(embedded).ok() == decode_site(source).ok() && decode_site(source).is_ok()
    } else if document == "home.json" {
        decode_home(embedded).ok() == decode_home(source).ok() && decode_home(source).is_ok()
    } else if document.starts_with("categories/") {
        decode_category_page(embedded).ok() == decode_category_page(source).ok() && decode_category_page(source).is_ok()
    } else if document.starts_with("pages/") {
        decode_static_page(embedded).ok() == decode_static_page(source).ok() && decode_static_page(source).is_ok()
    } else {
        decode_article(embedded).ok() == decode_article(source).ok() && decode_article(source).is_ok()
    }
}

#[test]
fn a_run_writes_one_page_per_url_and_nothing_else() {
    let content = sample_with_pages("layout-content");
    let out = output_with_shell("layout-out");
    let before = snapshot(out.path());
    let report = publish(&options(ContentFrom::Folder(content.path().into()), out.path(), None)).expect("the sample publishes");
    let after = snapshot(out.path());

    let layout = expected_layout(content.path());
    let articles = layout.keys().filter(|file| file.starts_with("bai-viet/")).count();
    // The sample exercises every kind of file.
    assert!(articles >= 100, "{articles} articles");
    assert!(layout.keys().any(|file| file.contains("/trang-2/")) && layout.keys().any(|file| file.contains("/trang-3/")));
    for slug in TEST_PAGES {
        assert!(layout.contains_key(&format!("trang/{slug}/index.html")), "{slug}");
    }
    assert!(static_page_slugs(content.path()).len() >= TEST_PAGES.len());
    let generated = generated_files(content.path());
    for file in ["rss.xml", "rss/kinh-te.xml", "sitemap.xml", "robots.txt"] {
        assert!(generated.contains(file), "{file}");
    }

    let search = search_files(content.path(), out.path());
    let api = published_api(content.path());
    assert!(api.iter().any(|file| file.starts_with("anh/")), "the sample's images are published with its documents");
    assert!(!api.iter().any(|file| file.starts_with("api/media/")), "no original is published");
    let expected: BTreeSet<String> = expected_files(&layout, &generated, &search).into_iter().chain(api.iter().cloned()).collect();
    let actual = file_names(&after);
    assert_eq!(
        actual,
        expected,
        "\nwritten but not expected: {:?}\nexpected but missing: {:?}",
        actual.difference(&expected).collect::<Vec<_>>(),
        expected.difference(&actual).collect::<Vec<_>>()
    );
    for asset in ASSETS {
        assert_eq!(after[asset], before[asset], "{asset} must be published as it is");
    }
    // The API folder is the content's documents, byte for byte (those that
    // show images, pointed at the published ones), not the copy of another
    // API the app folder had.
    for file in api.iter().filter(|file| file.starts_with("api/")) {
        let source = std::fs::read_to_string(content.path().join(file.trim_start_matches("api/"))).unwrap();
        let published = String::from_utf8(after[file].0.clone()).unwrap();
        if source.contains("\"src\"") {
            assert!(!published.contains("\"media/") && published.contains("\"/anh/"), "{file} does not show the published images");
        } else {
            assert!(published == source, "{file} is not the content's");
        }
    }
    assert_ne!(after["api/site.json"].0, before["api/site.json"].0);
    // The site is a link to its build, beside it.
    let link = std::fs::read_link(out.path()).expect("the site is a link to its build");
    let name = out.path().file_name().unwrap().to_string_lossy().into_owned();
    assert!(link.starts_with(format!("{name}.builds")) && link.is_relative(), "{}", link.display());
    assert!(folders(out.path()).iter().all(|folder| !folder.contains(".publish-staging")), "{:?}", folders(out.path()));
    assert_eq!(report.articles, articles);
    assert_eq!(report.pages, layout.len() - 1, "every page and 404.html");
    let written: BTreeSet<String> = report.changes.written.iter().cloned().collect();
    assert_eq!(
        written,
        layout.keys().cloned().chain(generated.iter().cloned()).chain(search.iter().cloned()).chain(api.iter().cloned()).collect::<BTreeSet<_>>()
    );
    assert!(report.changes.deleted.is_empty());
    assert_eq!(report.search_files, search.len());
    assert_eq!(report.search_bytes, search.iter().map(|file| after[file].0.len() as u64).sum::<u64>());
    assert_eq!(report.feeds, generated.iter().filter(|file| file.starts_with("rss")).count());
    assert_eq!(report.sitemaps, 1);

    // Pages are published for site.json's "url" when no origin is given.
    let site = read_json(content.path(), "site.json");
    let origin = site["url"].as_str().unwrap();
    assert_eq!(origin, "https://thanhvan.example.gov.vn");
    let site_text = std::fs::read_to_string(content.path().join("site.json")).unwrap();

    let mut failures = Vec::new();
    for (file, document) in &layout {
        let html = String::from_utf8(after[file].0.clone()).unwrap();
        let mut fail = |message: String| failures.push(format!("{file}: {message}"));
        if file == "app-shell.html" {
            if !is_app_shell(&html) || !html.contains(SHELL_ONLY_SCRIPT) {
                fail("is not the app shell with its preload script".into());
            }
            if !html.contains(&format!("<meta name=\"site-origin\" content=\"{origin}\" />")) {
                fail("does not name the site's origin".into());
            }
            continue;
        }
        // A page the next run must not take for the shell.
        if is_app_shell(&html) {
            fail("looks like the app shell".into());
        }
        let dom = parse_document(&html);
        let (head, body) = head_and_body(&dom);

        let expected_h1 = match document.as_deref() {
            None => text::NOT_FOUND_TITLE.to_string(),
            Some("home.json") => text::FEATURED.to_string(),
            Some(path) if path.starts_with("categories/") => {
                read_json(content.path(), path)["category"]["name"].as_str().unwrap().to_string()
            }
            Some(path) => read_json(content.path(), path)["title"].as_str().unwrap().to_string(),
        };
        let h1: Vec<String> = elements(&body, "h1").iter().map(|h1| collapse(&text_content(h1))).collect();
        if h1 != [expected_h1.clone()] {
            fail(format!("h1 {h1:?}, expected [{expected_h1:?}]"));
        }

        let embedded = embedded_documents(&dom.document);
        let paths: Vec<&str> = embedded.iter().map(|(path, _)| path.as_str()).collect();
        let expected_paths: Vec<&str> = std::iter::once("site.json").chain(document.as_deref()).collect();
        if paths != expected_paths {
            fail(format!("embedded documents {paths:?}, expected {expected_paths:?}"));
        }
        for (path, text) in &embedded {
            // The document as published: the content's, its images pointed
            // at anh/ (what the app reads from api/ after the page).
            let source = if path == "site.json" {
                site_text.clone()
            } else {
                std::fs::read_to_string(out.path().join("api").join(path)).unwrap_or_default()
            };
            if !same_document(path, text, &source) {
                fail(format!("the embedded {path} is not the published document"));
            }
        }
        if other_scripts(&dom.document) != SHELL_KEPT_SCRIPTS {
            fail(format!("scripts {:?}, expected the shell's {SHELL_KEPT_SCRIPTS:?}", other_scripts(&dom.document)));
        }

        let canonical: Vec<String> = elements(&head, "link")
            .iter()
            .filter(|link| attribute(link, "rel").as_deref() == Some("canonical"))
            .filter_map(|link| attribute(link, "href"))
            .collect();
        let expected_canonical: Vec<String> = crate::support::canonical_url(origin, file).into_iter().collect();
        if canonical != expected_canonical {
            fail(format!("canonical {canonical:?}, expected {expected_canonical:?}"));
        }
        let titles: Vec<String> = elements(&head, "title").iter().map(text_content).collect();
        if titles.len() != 1 || !titles[0].ends_with(site["name"].as_str().unwrap()) {
            fail(format!("titles {titles:?}"));
        }
    }
    assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_origin_option_wins_and_the_thread_count_changes_nothing() {
    let content = sample_with_pages("origin-content");
    let one = output_with_shell("origin-one-thread");
    let four = output_with_shell("origin-four-threads");
    let mut single = options(ContentFrom::Folder(content.path().into()), one.path(), Some(&format!("{ORIGIN}/")));
    single.threads = 1;
    publish(&single).unwrap();
    let mut parallel = options(ContentFrom::Folder(content.path().into()), four.path(), Some(ORIGIN));
    parallel.threads = 4;
    publish(&parallel).unwrap();

    let (one, four) = (snapshot(one.path()), snapshot(four.path()));
    assert_eq!(file_names(&one), file_names(&four));
    let differing: Vec<&String> = one.keys().filter(|file| one[*file].0 != four[*file].0).collect();
    assert!(differing.is_empty(), "differ between 1 and 4 threads: {differing:?}");

    let home = String::from_utf8(one["index.html"].0.clone()).unwrap();
    assert!(home.contains("<link rel=\"canonical\" href=\"https://thanhvan.gov.vn/\" />"), "{home}");
    assert!(!home.contains("thanhvan.example.gov.vn/\""), "site.json's url must not be used when an origin is given");
}

/// `resolve` (the rules of `deploy/nginx.conf`, `make serve`, the e2e
/// server; the end-to-end layer compares it with nginx itself) meets a
/// folder the publisher wrote: every page's URL is answered by that page's
/// file.
#[test]
fn every_url_of_a_published_folder_resolves_to_its_page() {
    let content = sample_with_pages("resolve-content");
    let out = output_with_shell("resolve-out");
    publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).unwrap();
    let exists = |relative: &str| out.join(relative).is_file();
    let mut failures = Vec::new();
    for file in expected_layout(content.path()).keys() {
        let Some(url) = crate::support::canonical_url("", file) else { continue };
        let (path, trang) = match url.split_once("?trang=") {
            Some((path, trang)) => (path.to_string(), Some(trang.to_string())),
            None => (url.clone(), None),
        };
        let resolved = resolve(&path, trang.as_deref(), Some("api/"), exists);
        if resolved != (Resolved { file: file.clone(), status: 200 }) {
            failures.push(format!("{url} → {resolved:?}, expected {file}"));
        }
    }
    // The feeds, the site map and robots.txt are served as they are.
    for file in generated_files(content.path()) {
        let resolved = resolve(&format!("/{file}"), None, Some("api/"), exists);
        if resolved != (Resolved { file: file.clone(), status: 200 }) {
            failures.push(format!("/{file} → {resolved:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let not_found = Resolved { file: "404.html".into(), status: 404 };
    assert_eq!(resolve("/bai-viet/khong-ton-tai", None, Some("api/"), exists), not_found);
    assert_eq!(resolve("/trang/khong-ton-tai", None, Some("api/"), exists), not_found);
    assert_eq!(resolve("/rss/khong-ton-tai.xml", None, Some("api/"), exists), not_found);
    assert_eq!(resolve("/chuyen-muc/kinh-te", Some("99"), Some("api/"), exists), not_found);
}
