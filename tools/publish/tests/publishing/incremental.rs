//! Republishing: a run rewrites exactly the pages whose markup changed and
//! deletes the pages that are gone. What "changed" means is computed here
//! from the content: the edited documents, mapped to the pages that carry
//! them, and the feeds that carry the edited articles, never from what the
//! publisher reports. Static pages and feeds that are gone are deleted too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use publish::{publish, ContentFrom, Report};
use serde_json::Value;

use crate::support::{
    attribute, categories, collapse, documents, elements, expected_files, expected_layout, expected_site, feed_items, file_names, folders, generated_files,
    item_links, item_slugs, options, output_with_shell, parse_document, published_api, published_file, read_json, sample_with_pages, search_files,
    snapshot, text_content, write_json, Snapshot, TempDir, ORIGIN, TEST_PAGES,
};

/// Rewrites every document `change` alters; returns their paths.
fn edit_documents(content: &Path, change: impl Fn(&str, &mut Value)) -> BTreeSet<String> {
    let mut changed = BTreeSet::new();
    for document in documents(content) {
        let before = read_json(content, &document);
        let mut after = before.clone();
        change(&document, &mut after);
        if after != before {
            write_json(content, &document, &after);
            changed.insert(document);
        }
    }
    changed
}

/// Sets the title of article `slug` wherever the content names it: its own
/// document and every summary of it (lists, home, "related").
fn retitle(content: &Path, slug: &str, title: &str) -> BTreeSet<String> {
    fn walk(value: &mut Value, slug: &str, title: &str) {
        match value {
            Value::Object(map) => {
                if map.get("slug").and_then(Value::as_str) == Some(slug) && map.contains_key("title") {
                    map.insert("title".into(), title.into());
                }
                map.values_mut().for_each(|value| walk(value, slug, title));
            }
            Value::Array(items) => items.iter_mut().for_each(|value| walk(value, slug, title)),
            _ => {}
        }
    }
    edit_documents(content, |_, value| walk(value, slug, title))
}

/// Deletes articles the way a CMS export would: their documents go, they
/// leave every list (category lists are paginated again with the same page
/// size, so the last pages may go), the home page and every "related".
/// Returns the documents changed and the documents removed.
fn remove_articles(content: &Path, slugs: &[String]) -> (BTreeSet<String>, BTreeSet<String>) {
    let gone = |item: &Value| slugs.iter().any(|slug| item["slug"].as_str() == Some(slug));
    let mut removed = BTreeSet::new();
    for slug in slugs {
        let document = format!("articles/{slug}.json");
        std::fs::remove_file(content.join(&document)).unwrap();
        removed.insert(document);
    }
    // New category pages, computed first, written by `edit_documents` below.
    let mut pages: Vec<(String, Value)> = Vec::new();
    for (category, total) in categories(content) {
        let path = |page: u32| format!("categories/{category}/page-{page}.json");
        let first = read_json(content, &path(1));
        let page_size = if total > 1 { first["items"].as_array().unwrap().len() } else { usize::MAX };
        let mut items = Vec::new();
        for page in 1..=total {
            items.extend(read_json(content, &path(page))["items"].as_array().unwrap().iter().filter(|item| !gone(item)).cloned());
        }
        let new_total = items.len().div_ceil(page_size).max(1) as u32;
        for page in 1..=new_total {
            let mut list = read_json(content, &path(page));
            let start = (page as usize - 1).saturating_mul(page_size).min(items.len());
            let end = start.saturating_add(page_size).min(items.len());
            list["items"] = Value::Array(items[start..end].to_vec());
            list["total_pages"] = new_total.into();
            list["total_items"] = items.len().into();
            pages.push((path(page), list));
        }
        for page in new_total + 1..=total {
            std::fs::remove_file(content.join(path(page))).unwrap();
            removed.insert(path(page));
        }
    }
    let changed = edit_documents(content, |document, value| {
        if let Some((_, list)) = pages.iter().find(|(path, _)| path == document) {
            *value = list.clone();
        } else if document == "home.json" {
            value["featured"].as_array_mut().unwrap().retain(|item| !gone(item));
            for section in value["sections"].as_array_mut().unwrap() {
                section["items"].as_array_mut().unwrap().retain(|item| !gone(item));
            }
        } else if document.starts_with("articles/") {
            if let Some(related) = value["related"].as_array_mut() {
                related.retain(|item| !gone(item));
            }
        }
    });
    (changed, removed)
}

fn run(content: &TempDir, out: &TempDir) -> Report {
    // A rewrite after this pause shows in the modification time.
    std::thread::sleep(Duration::from_millis(20));
    publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).expect("the run succeeds")
}

/// What a test changed, to know which files a run must rewrite.
struct Edit<'a> {
    /// The documents rewritten.
    changed: &'a BTreeSet<String>,
    /// The documents removed.
    removed: &'a BTreeSet<String>,
    /// The articles whose title, lead or dates changed, or that are gone:
    /// the feeds that carry them change.
    articles: &'a [String],
    /// What each feed carried before the edit ([`feed_items`]).
    feeds_before: &'a BTreeMap<String, Vec<String>>,
}

/// The feeds and site map files a run must rewrite after `edit`, from the
/// content: a feed whose items are others now, or that carries (or
/// carried) an edited article; the site map when an article or a page
/// came or went.
fn expected_generated_writes(content: &TempDir, edit: &Edit<'_>) -> BTreeSet<String> {
    let feeds_after = feed_items(content.path());
    let mut out = BTreeSet::new();
    for (file, after) in &feeds_after {
        let before = edit.feeds_before.get(file);
        let carries = before.into_iter().flatten().chain(after).any(|slug| edit.articles.contains(slug));
        if before != Some(after) || carries {
            out.insert(file.clone());
        }
    }
    if edit.removed.iter().any(|document| document.starts_with("articles/") || document.starts_with("pages/")) {
        out.insert("sitemap.xml".to_string());
    }
    out
}

/// Checks a run against the documents it was given: the pages of `changed`
/// rewritten with the feeds and site map they change, and nothing else,
/// the pages of `removed` deleted, every other file byte-identical with its
/// old modification time, and the folder exactly the layout of the content.
/// The search index's files are written exactly when their bytes changed,
/// and those no longer needed are deleted.
fn check_run(content: &TempDir, out: &TempDir, before: &Snapshot, report: &Report, edit: &Edit<'_>) {
    let (changed, removed) = (edit.changed, edit.removed);
    let mut expected_written: BTreeSet<String> = changed.iter().filter_map(|document| published_file(document)).collect();
    expected_written.extend(expected_generated_writes(content, edit));
    let mut expected_deleted: BTreeSet<String> = removed.iter().filter_map(|document| published_file(document)).collect();
    let feeds_after = feed_items(content.path());
    expected_deleted.extend(edit.feeds_before.keys().filter(|file| !feeds_after.contains_key(*file)).cloned());
    let is_search = |file: &String| file.starts_with("search/");
    // The API folder and the images it shows (anh/) follow the documents.
    let is_api = |file: &String| file.starts_with("api/") || file.starts_with("anh/");
    let (search_written, written): (BTreeSet<String>, BTreeSet<String>) =
        report.changes.written.iter().cloned().partition(is_search);
    let (api_written, written): (BTreeSet<String>, BTreeSet<String>) = written.into_iter().partition(is_api);
    let (search_deleted, deleted): (BTreeSet<String>, BTreeSet<String>) =
        report.changes.deleted.iter().cloned().partition(is_search);
    let (api_deleted, deleted): (BTreeSet<String>, BTreeSet<String>) = deleted.into_iter().partition(is_api);
    assert_eq!(written, expected_written, "written");
    assert_eq!(report.changes.written.len(), written.len() + search_written.len() + api_written.len(), "a file written twice");
    assert_eq!(deleted, expected_deleted, "deleted");
    // The API folder follows the documents: the edited ones are new files,
    // the removed ones are gone, and so are the images no document shows.
    let api = |documents: &BTreeSet<String>| documents.iter().map(|document| format!("api/{document}")).collect::<BTreeSet<_>>();
    let api_after = published_api(content.path());
    let api_before: BTreeSet<String> = before.keys().filter(|file| is_api(file)).cloned().collect();
    assert_eq!(api_written, api(changed).union(&api_after.difference(&api_before).cloned().collect()).cloned().collect(), "documents written");
    assert_eq!(api_deleted, api_before.difference(&api_after).cloned().collect::<BTreeSet<_>>(), "documents deleted");
    assert!(api(removed).is_subset(&api_deleted), "{removed:?}");

    let after = snapshot(out.path());
    let search = search_files(content.path(), out.path());
    let search_before: BTreeSet<String> = before.keys().filter(|file| is_search(file)).cloned().collect();
    assert_eq!(search_deleted, search_before.difference(&search).cloned().collect::<BTreeSet<_>>(), "search files deleted");
    for file in &search {
        let bytes_changed = before.get(file).map(|(bytes, _)| bytes) != Some(&after[file].0);
        assert_eq!(search_written.contains(file), bytes_changed, "{file}: written exactly when its bytes changed");
    }
    let layout = expected_layout(content.path());
    let generated = generated_files(content.path());
    let published_api = published_api(content.path());
    let expected: BTreeSet<String> = expected_files(&layout, &generated, &search).into_iter().chain(published_api.iter().cloned()).collect();
    assert_eq!(file_names(&after), expected);
    assert_eq!(
        report.changes.unchanged + report.changes.written.len(),
        layout.len() + generated.len() + search.len() + published_api.len()
    );
    for (file, (bytes, modified)) in &after {
        if expected_written.contains(file) || api_written.contains(file) {
            assert_ne!(before.get(file).map(|(bytes, _)| bytes), Some(bytes), "{file} was reported written but is the same");
        } else if !search_written.contains(file) {
            let (old_bytes, old_modified) = &before[file];
            assert!(old_bytes == bytes && old_modified == modified, "{file} was touched");
        }
    }
    for file in expected_deleted {
        let folder = out.path().join(file.trim_end_matches("/index.html"));
        assert!(!folder.exists(), "{} is still there", folder.display());
    }
    // Every feed says what the content says it carries.
    for (file, slugs) in &feeds_after {
        let links = item_links(&String::from_utf8(after[file].0.clone()).unwrap());
        let expected: Vec<String> = slugs.iter().map(|slug| format!("{ORIGIN}/bai-viet/{slug}")).collect();
        assert_eq!(links, expected, "{file}");
    }
    assert!(folders(out.path()).iter().all(|folder| !folder.contains(".publish-staging")));
}

/// Whether the page shows `title` as a heading or a link (not only in its
/// embedded JSON).
fn shows_title(html: &str, title: &str) -> bool {
    let dom = parse_document(html);
    elements(&dom.document, "h1")
        .into_iter()
        .chain(elements(&dom.document, "a"))
        .any(|node| collapse(&text_content(&node)) == title)
}

#[test]
fn republishing_rewrites_only_the_pages_that_show_a_changed_title() {
    let content = sample_with_pages("retitle-content");
    let out = output_with_shell("retitle-out");
    run(&content, &out);
    let first = snapshot(out.path());
    let feeds_before = feed_items(content.path());

    // Unchanged content: nothing written, nothing touched.
    let report = run(&content, &out);
    assert!(report.changes.written.is_empty(), "written: {:?}", report.changes.written);
    assert!(report.changes.deleted.is_empty());
    assert_eq!(snapshot(out.path()), first, "bytes and modification times must stay");

    // An article on the home page that other articles list as related.
    let home = read_json(content.path(), "home.json").to_string();
    let related_somewhere = |slug: &str| {
        documents(content.path()).iter().filter(|document| document.starts_with("articles/")).any(|document| {
            let article = read_json(content.path(), document);
            article["related"].as_array().is_some_and(|related| related.iter().any(|item| item["slug"] == slug))
        })
    };
    let target = layout_articles(&content)
        .into_iter()
        .find(|slug| home.contains(&format!("\"slug\":\"{slug}\"")) && related_somewhere(slug))
        .expect("the sample has an article on the home page that others list as related");
    let title = "Tiêu đề mới của bài viết đã được biên tập lại";
    let changed = retitle(content.path(), &target, title);
    assert!(changed.contains("home.json") && changed.contains(&format!("articles/{target}.json")), "{changed:?}");
    assert!(changed.iter().any(|document| document.starts_with("categories/")), "{changed:?}");
    assert!(changed.iter().filter(|document| document.starts_with("articles/")).count() >= 2, "{changed:?}");

    let report = run(&content, &out);
    let edit = Edit { changed: &changed, removed: &BTreeSet::new(), articles: std::slice::from_ref(&target), feeds_before: &feeds_before };
    check_run(&content, &out, &first, &report, &edit);
    // The search index shows the new title: its doc chunk is rewritten.
    assert!(report.changes.written.iter().any(|file| file.starts_with("search/d/")), "{:?}", report.changes.written);
    // The feeds that carry it say the new title.
    let carrying: Vec<&String> = feeds_before.iter().filter(|(_, slugs)| slugs.contains(&target)).map(|(file, _)| file).collect();
    for file in &carrying {
        let xml = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(xml.contains(&format!("<title>{title}</title>")), "{file} does not carry the new title");
        assert!(report.changes.written.contains(file), "{file}");
    }
    for document in &changed {
        let file = published_file(document).unwrap();
        let html = std::fs::read_to_string(out.join(&file)).unwrap();
        assert!(shows_title(&html, title), "{file} does not show the new title");
    }
    let article = std::fs::read_to_string(out.join(&format!("bai-viet/{target}/index.html"))).unwrap();
    let dom = parse_document(&article);
    let og_title = elements(&dom.document, "meta")
        .into_iter()
        .find(|meta| attribute(meta, "property").as_deref() == Some("og:title"))
        .and_then(|meta| attribute(&meta, "content"));
    assert_eq!(og_title.as_deref(), Some(title));
}

fn layout_articles(content: &TempDir) -> Vec<String> {
    expected_layout(content.path())
        .keys()
        .filter_map(|file| file.strip_prefix("bai-viet/").and_then(|rest| rest.strip_suffix("/index.html")))
        .map(str::to_string)
        .collect()
}

#[test]
fn deleted_articles_and_list_pages_beyond_the_last_disappear() {
    let content = sample_with_pages("delete-content");
    let out = output_with_shell("delete-out");
    run(&content, &out);
    let first = snapshot(out.path());
    let feeds_before = feed_items(content.path());

    // The category with the most list pages.
    let (category, total) = categories(content.path()).into_iter().max_by_key(|(_, total)| *total).unwrap();
    assert!(total >= 3, "the sample's longest list has {total} pages");
    let list = |page: u32| item_slugs(&read_json(content.path(), &format!("categories/{category}/page-{page}.json")));

    // One article of its first page, one on the home page if there is one.
    let home = read_json(content.path(), "home.json").to_string();
    let first_page = list(1);
    let victim = first_page.iter().find(|slug| home.contains(&format!("\"slug\":\"{slug}\""))).unwrap_or(&first_page[0]).clone();
    let (changed, removed) = remove_articles(content.path(), std::slice::from_ref(&victim));
    let report = run(&content, &out);
    let edit = Edit { changed: &changed, removed: &removed, articles: std::slice::from_ref(&victim), feeds_before: &feeds_before };
    check_run(&content, &out, &first, &report, &edit);
    assert!(report.changes.deleted.contains(&format!("bai-viet/{victim}/index.html")));
    assert!(!out.join(&format!("bai-viet/{victim}")).exists());
    assert!(report.changes.written.contains(&format!("rss/{category}.xml")), "{:?}", report.changes.written);
    assert!(!std::fs::read_to_string(out.join("sitemap.xml")).unwrap().contains(&format!("/bai-viet/{victim}<")));
    let second = snapshot(out.path());
    let feeds_before = feed_items(content.path());

    // Then as many as its last page holds: the list is one page shorter.
    let total = categories(content.path()).into_iter().find(|(slug, _)| *slug == category).unwrap().1;
    let count = list(total).len();
    let victims: Vec<String> = list(1).into_iter().take(count).collect();
    let (changed, removed) = remove_articles(content.path(), &victims);
    assert!(removed.contains(&format!("categories/{category}/page-{total}.json")), "{removed:?}");
    let report = run(&content, &out);
    let edit = Edit { changed: &changed, removed: &removed, articles: &victims, feeds_before: &feeds_before };
    check_run(&content, &out, &second, &report, &edit);
    let last = format!("chuyen-muc/{category}/trang-{total}");
    assert!(report.changes.deleted.contains(&format!("{last}/index.html")), "{:?}", report.changes.deleted);
    assert!(!out.join(&last).exists(), "{last} is still there");
    assert!(out.join(&format!("chuyen-muc/{category}/trang-{}/index.html", total - 1)).is_file());
}

/// Publishes, then checks that nothing was written or deleted.
fn assert_republish_writes_nothing(content: &TempDir, out: &TempDir) {
    let before = snapshot(out.path());
    let report = run(content, out);
    assert!(report.changes.written.is_empty(), "written: {:?}", report.changes.written);
    assert!(report.changes.deleted.is_empty(), "deleted: {:?}", report.changes.deleted);
    assert_eq!(snapshot(out.path()), before, "bytes and modification times must stay");
}

#[test]
fn a_static_page_taken_off_the_site_is_deleted_with_its_folder() {
    let content = sample_with_pages("page-gone-content");
    let out = output_with_shell("page-gone-out");
    run(&content, &out);
    for slug in TEST_PAGES {
        assert!(out.join(&format!("trang/{slug}/index.html")).is_file(), "{slug}");
    }
    // The feeds, the site map and robots.txt are the same bytes too.
    assert_republish_writes_nothing(&content, &out);

    // The first test page leaves site.json and the content.
    let gone = TEST_PAGES[0];
    let mut site = read_json(content.path(), "site.json");
    site["pages"].as_array_mut().unwrap().retain(|page| page["slug"] != gone);
    write_json(content.path(), "site.json", &site);
    std::fs::remove_file(content.join(&format!("pages/{gone}.json"))).unwrap();
    let before = snapshot(out.path());
    let report = run(&content, &out);
    assert_eq!(report.changes.deleted, [format!("api/pages/{gone}.json"), format!("trang/{gone}/index.html")]);
    assert!(!out.join(&format!("trang/{gone}")).exists(), "its folder is still there");
    assert!(out.join(&format!("trang/{}/index.html", TEST_PAGES[1])).is_file());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains(&format!("/trang/{gone}<")) && sitemap.contains(&format!("/trang/{}<", TEST_PAGES[1])));
    // Every page shows site.json (its footer lists the pages): all are
    // rewritten; the feeds and robots.txt are not.
    let written: BTreeSet<String> = report.changes.written.iter().cloned().collect();
    let pages: BTreeSet<String> =
        expected_layout(content.path()).into_keys().filter(|file| file != "app-shell.html").collect();
    let expected: BTreeSet<String> = pages.into_iter().chain(["sitemap.xml".to_string(), "api/site.json".to_string()]).collect();
    assert_eq!(written, expected);
    let after = snapshot(out.path());
    for file in feed_items(content.path()).keys().map(String::as_str).chain(["robots.txt", "app-shell.html"]) {
        assert_eq!(after[file], before[file], "{file} was touched");
    }
    assert_republish_writes_nothing(&content, &out);

    // Without any static page, trang/ itself goes.
    let mut site = read_json(content.path(), "site.json");
    site["pages"] = serde_json::json!([]);
    write_json(content.path(), "site.json", &site);
    let report = run(&content, &out);
    assert!(report.changes.deleted.iter().all(|file| file.starts_with("trang/") || file.starts_with("api/pages/")), "{:?}", report.changes.deleted);
    assert!(!out.join("api/pages").exists(), "the API's pages are gone with them");
    assert!(!out.join("trang").exists(), "{:?}", folders(out.path()));
}

#[test]
fn a_category_taken_off_the_site_loses_its_feed() {
    let content = sample_with_pages("category-gone-content");
    let out = output_with_shell("category-gone-out");
    run(&content, &out);
    let (gone, total) = categories(content.path()).into_iter().last().unwrap();
    assert!(out.join(&format!("rss/{gone}.xml")).is_file());

    // The category leaves site.json, its lists and the home page; its
    // articles are no longer listed anywhere, so their pages go too.
    let articles: Vec<String> =
        (1..=total).flat_map(|page| item_slugs(&read_json(content.path(), &format!("categories/{gone}/page-{page}.json")))).collect();
    let mut site = read_json(content.path(), "site.json");
    site["categories"].as_array_mut().unwrap().retain(|category| category["slug"] != gone.as_str());
    write_json(content.path(), "site.json", &site);
    std::fs::remove_dir_all(content.join(&format!("categories/{gone}"))).unwrap();
    let mut home = read_json(content.path(), "home.json");
    home["sections"].as_array_mut().unwrap().retain(|section| section["category"]["slug"] != gone.as_str());
    home["featured"].as_array_mut().unwrap().retain(|item| !articles.iter().any(|slug| item["slug"] == slug.as_str()));
    write_json(content.path(), "home.json", &home);

    let report = run(&content, &out);
    assert!(report.changes.deleted.contains(&format!("rss/{gone}.xml")), "{:?}", report.changes.deleted);
    assert!(!out.join(&format!("rss/{gone}.xml")).exists());
    assert!(!out.join(&format!("chuyen-muc/{gone}")).exists());
    for slug in &articles {
        assert!(!out.join(&format!("bai-viet/{slug}")).exists(), "{slug}");
    }
    // The other feeds stay, and the folder is exactly what the content says.
    assert_eq!(file_names(&snapshot(out.path())), expected_site(content.path(), out.path()));
    assert!(report.changes.deleted.contains(&format!("search/c/{gone}.bin")), "{:?}", report.changes.deleted);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains(&format!("/chuyen-muc/{gone}<")));
    assert_republish_writes_nothing(&content, &out);
}
