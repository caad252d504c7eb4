//! What the tests share: temporary folders, a synthetic app shell, the
//! published folder as a snapshot, the content read as plain JSON (so the
//! expectations are computed from the documents, not from the publisher's
//! own code), and a browser-like HTML parse to read pages back.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{ns, ParseOpts};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use publish::{ContentFrom, Options};
use serde_json::Value;

/// The origin pages are published for when a test passes one.
pub const ORIGIN: &str = "https://thanhvan.gov.vn";

/// The workspace root (`/work/main`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The sample content, `content/api/`.
pub fn sample_content() -> PathBuf {
    repo_root().join("content/api")
}

/// A fixture of the app, `tests/fixtures/{name}`.
pub fn fixture(name: &str) -> String {
    let path = repo_root().join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A folder under the system's temporary folder, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let number = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("publish-test-{}-{label}-{number}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // A published site is a link to its build in `{path}.builds/`.
        if std::fs::symlink_metadata(&self.0).is_ok_and(|metadata| metadata.file_type().is_symlink()) {
            let _ = std::fs::remove_file(&self.0);
        }
        let _ = std::fs::remove_dir_all(&self.0);
        let mut builds = self.0.clone().into_os_string();
        builds.push(".builds");
        let _ = std::fs::remove_dir_all(builds);
    }
}

/// A small app shell with the markers of `index.html` (see
/// `tools/publish/src/shell.rs`), standing in for what `trunk build` writes.
pub const SHELL: &str = r#"<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <meta name="api-base" content="/api/" />
    <!-- page-head -->
    <meta name="description" content="Cổng thông tin điện tử" />
    <title>Cổng thông tin điện tử</title>
    <!-- /page-head -->
    <script>window.__settings = 1;</script>
    <!-- shell-only -->
    <script>window.__preload = 1;</script>
    <!-- /shell-only -->
    <link rel="stylesheet" href="/app-0123456789abcdef.css" />
  </head>
  <body>
    <!-- page-body -->
    <div class="app-boot" id="app-boot" aria-hidden="true"><p>Đang tải…</p></div>
    <noscript><p class="app-noscript">Trang này cần JavaScript.</p></noscript>
    <!-- /page-body -->
    <script type="module">import init from "/ban-tin-0123456789abcdef.js"; init();</script>
  </body>
</html>
"#;

/// The scripts of [`SHELL`] that every pre-rendered page keeps, by their text.
pub const SHELL_KEPT_SCRIPTS: [&str; 2] =
    ["window.__settings = 1;", "import init from \"/ban-tin-0123456789abcdef.js\"; init();"];
/// The shell's preload script, which only the bare shell keeps.
pub const SHELL_ONLY_SCRIPT: &str = "window.__preload = 1;";

/// An output folder as Trunk leaves it: the shell, a few assets and its
/// copy of the sample's API (which a run never publishes: it writes its own).
pub fn output_with_shell(label: &str) -> TempDir {
    let out = TempDir::new(label);
    std::fs::write(out.join("index.html"), SHELL).unwrap();
    std::fs::write(out.join("app-0123456789abcdef.css"), "body{margin:0}").unwrap();
    std::fs::write(out.join("ban-tin-0123456789abcdef.js"), "export default function init(){}").unwrap();
    std::fs::create_dir_all(out.join("api")).unwrap();
    std::fs::write(out.join("api/site.json"), "{}").unwrap();
    out
}

/// The app's files [`output_with_shell`] puts besides the shell, which a
/// run must publish as they are.
pub const ASSETS: [&str; 2] = ["app-0123456789abcdef.css", "ban-tin-0123456789abcdef.js"];

/// A copy of the sample content that a test may change.
pub fn sample_copy(label: &str) -> TempDir {
    let dir = TempDir::new(label);
    copy_dir(&sample_content(), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The options of a run into `out`; `origin` `None` uses `site.json`'s.
pub fn options(from: ContentFrom, out: &Path, origin: Option<&str>) -> Options {
    let mut options = Options::new(from, out);
    options.origin = origin.map(str::to_string);
    options.threads = 2;
    options.image_cache = Some(image_cache());
    options
}

/// One image cache for every test run: the sample's photographs are
/// processed once, not once per test (the cache is keyed by their bytes,
/// and its writes are atomic, so tests at once can share it).
pub fn image_cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("image-cache")
}

/// Every file under `dir` with its bytes and modification time, by
/// relative path (`/`-separated).
pub type Snapshot = BTreeMap<String, (Vec<u8>, SystemTime)>;

pub fn snapshot(dir: &Path) -> Snapshot {
    fn walk(root: &Path, dir: &Path, out: &mut Snapshot) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                let modified = entry.metadata().unwrap().modified().unwrap();
                out.insert(relative, (std::fs::read(&path).unwrap(), modified));
            }
        }
    }
    let mut out = Snapshot::new();
    walk(dir, dir, &mut out);
    out
}

pub fn file_names(snapshot: &Snapshot) -> BTreeSet<String> {
    snapshot.keys().cloned().collect()
}

/// Every folder under `dir`, relative.
pub fn folders(dir: &Path) -> BTreeSet<String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                let path = entry.path();
                out.insert(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
                walk(root, &path, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

// ---------------------------------------------------------------------------
// The content as plain JSON.

pub fn read_json(content: &Path, document: &str) -> Value {
    let path = content.join(document);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

pub fn write_json(content: &Path, document: &str, value: &Value) {
    let path = content.join(document);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, serde_json::to_string(value).unwrap()).unwrap();
}

/// The JSON documents of a content folder (not its media), relative paths.
pub fn documents(content: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for document in ["site.json", "home.json"] {
        if content.join(document).is_file() {
            out.insert(document.to_string());
        }
    }
    for folder in ["articles", "categories", "pages"] {
        let root = content.join(folder);
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|extension| extension == "json") {
                    out.insert(path.strip_prefix(content).unwrap().to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    out
}

/// The published file that shows a document (the layout of `docs/API.md`,
/// "Published folder"), written out here rather than taken from the app.
pub fn published_file(document: &str) -> Option<String> {
    if document == "home.json" {
        return Some("index.html".into());
    }
    if let Some(slug) = document.strip_prefix("articles/").and_then(|rest| rest.strip_suffix(".json")) {
        return Some(format!("bai-viet/{slug}/index.html"));
    }
    if let Some(slug) = document.strip_prefix("pages/").and_then(|rest| rest.strip_suffix(".json")) {
        return Some(format!("trang/{slug}/index.html"));
    }
    let rest = document.strip_prefix("categories/")?;
    let (slug, page) = rest.split_once("/page-")?;
    let page: u32 = page.strip_suffix(".json")?.parse().ok()?;
    Some(match page {
        1 => format!("chuyen-muc/{slug}/index.html"),
        n => format!("chuyen-muc/{slug}/trang-{n}/index.html"),
    })
}

/// The absolute URL a published file is the page of.
pub fn canonical_url(origin: &str, file: &str) -> Option<String> {
    if file == "index.html" {
        return Some(format!("{origin}/"));
    }
    if let Some(slug) = file.strip_prefix("bai-viet/").and_then(|rest| rest.strip_suffix("/index.html")) {
        return Some(format!("{origin}/bai-viet/{slug}"));
    }
    if let Some(slug) = file.strip_prefix("trang/").and_then(|rest| rest.strip_suffix("/index.html")) {
        return Some(format!("{origin}/trang/{slug}"));
    }
    let rest = file.strip_prefix("chuyen-muc/")?.strip_suffix("index.html")?;
    let mut parts = rest.trim_end_matches('/').split('/');
    let slug = parts.next()?;
    match parts.next() {
        None => Some(format!("{origin}/chuyen-muc/{slug}")),
        Some(page) => Some(format!("{origin}/chuyen-muc/{slug}?trang={}", page.strip_prefix("trang-")?)),
    }
}

/// Sets `field` of article `slug` to `value` wherever the content names it:
/// its own document and every summary of it (lists, home, "related").
/// Returns the documents changed.
pub fn set_article_field(content: &Path, slug: &str, field: &str, value: &Value) -> BTreeSet<String> {
    fn walk(node: &mut Value, slug: &str, field: &str, value: &Value) -> bool {
        let mut changed = false;
        match node {
            Value::Object(map) => {
                if map.get("slug").and_then(Value::as_str) == Some(slug) && map.contains_key("title") && map.get(field) != Some(value) {
                    map.insert(field.to_string(), value.clone());
                    changed = true;
                }
                for child in map.values_mut() {
                    changed |= walk(child, slug, field, value);
                }
            }
            Value::Array(items) => {
                for child in items {
                    changed |= walk(child, slug, field, value);
                }
            }
            _ => {}
        }
        changed
    }
    let mut changed = BTreeSet::new();
    for document in documents(content) {
        if document.starts_with("pages/") || document == "site.json" {
            continue;
        }
        let mut json = read_json(content, &document);
        if walk(&mut json, slug, field, value) {
            write_json(content, &document, &json);
            changed.insert(document);
        }
    }
    changed
}

/// The slugs of the articles on one list page, in order.
pub fn item_slugs(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|item| item["slug"].as_str().unwrap().to_string()).collect()
}

/// The categories of `site.json` with their number of list pages.
pub fn categories(content: &Path) -> Vec<(String, u32)> {
    let site = read_json(content, "site.json");
    site["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|category| {
            let slug = category["slug"].as_str().unwrap().to_string();
            let first = read_json(content, &format!("categories/{slug}/page-1.json"));
            let total = first["total_pages"].as_u64().unwrap().max(1) as u32;
            (slug, total)
        })
        .collect()
}

/// The slugs of the static pages `site.json` lists, in its order, each once.
pub fn static_page_slugs(content: &Path) -> Vec<String> {
    let site = read_json(content, "site.json");
    let mut slugs: Vec<String> = Vec::new();
    for page in site["pages"].as_array().into_iter().flatten() {
        let slug = page["slug"].as_str().unwrap().to_string();
        if !slugs.contains(&slug) {
            slugs.push(slug);
        }
    }
    slugs
}

/// The static pages the tests add to a content folder (whatever the
/// sample has of its own): a Vietnamese page with an update time, with
/// text that needs escaping, and an English one without.
pub const TEST_PAGES: [&str; 2] = ["trang-thu-nghiem", "test-page-in-english"];

/// Adds [`TEST_PAGES`] to `content`: their documents, and links to them at
/// the end of `site.json`'s `pages`.
pub fn add_static_pages(content: &Path) {
    let documents = [
        serde_json::json!({
            "slug": TEST_PAGES[0],
            "title": "Giới thiệu \"Thanh Vân\" & <các> phòng ban",
            "body_html": "<p>Ủy ban nhân dân thành phố Thanh Vân.</p><h2>Liên hệ</h2><p>Số 1 đường Trung Tâm.</p>",
            "updated_at": "2024-03-05T09:30:00+07:00"
        }),
        serde_json::json!({
            "slug": TEST_PAGES[1],
            "title": "About Thanh Van",
            "lang": "en",
            "body_html": "<p>The city of Thanh Van.</p>"
        }),
    ];
    let mut site = read_json(content, "site.json");
    if !site["pages"].is_array() {
        site["pages"] = serde_json::json!([]);
    }
    for document in documents {
        let slug = document["slug"].as_str().unwrap().to_string();
        let mut link = serde_json::json!({ "slug": slug, "title": document["title"] });
        if let Some(lang) = document.get("lang") {
            link["lang"] = lang.clone();
        }
        site["pages"].as_array_mut().unwrap().push(link);
        write_json(content, &format!("pages/{slug}.json"), &document);
    }
    write_json(content, "site.json", &site);
}

/// A copy of the sample content with [`TEST_PAGES`] added.
pub fn sample_with_pages(label: &str) -> TempDir {
    let dir = sample_copy(label);
    add_static_pages(dir.path());
    dir
}

/// The slugs of the articles every category lists, each once.
pub fn listed_articles(content: &Path) -> BTreeSet<String> {
    let mut slugs = BTreeSet::new();
    for (slug, total) in categories(content) {
        for page in 1..=total {
            slugs.extend(item_slugs(&read_json(content, &format!("categories/{slug}/page-{page}.json"))));
        }
    }
    slugs
}

/// The files a run writes besides the pages, for content of at most
/// 50 000 URLs: the site's feed, one per category, the site map and
/// `robots.txt`.
pub fn generated_files(content: &Path) -> BTreeSet<String> {
    let mut files: BTreeSet<String> =
        ["rss.xml", "sitemap.xml", "robots.txt"].iter().map(|file| file.to_string()).collect();
    for (slug, _) in categories(content) {
        files.insert(format!("rss/{slug}.xml"));
    }
    files
}

/// The files of the search index a run writes for `content` (docs/API.md,
/// the search index): the manifest, the days, one doc chunk per 8
/// articles, one file per category (the site's, then any other an article
/// names) and the term shards. The number of shards is the one thing the
/// publisher chooses (from the index's size), so it is read from the
/// manifest in `out`; the rest comes from the documents.
pub fn search_files(content: &Path, out: &Path) -> BTreeSet<String> {
    let articles = listed_articles(content);
    let mut files: BTreeSet<String> = ["search/manifest.json", "search/days.bin"].iter().map(|file| file.to_string()).collect();
    for chunk in 0..articles.len().div_ceil(8) {
        files.insert(format!("search/d/{chunk}.json"));
    }
    for (slug, _) in categories(content) {
        files.insert(format!("search/c/{slug}.bin"));
    }
    for slug in &articles {
        let article = read_json(content, &format!("articles/{slug}.json"));
        files.insert(format!("search/c/{}.bin", article["category"]["slug"].as_str().unwrap()));
    }
    let manifest = read_json(out, "search/manifest.json");
    assert_eq!(manifest["docs"].as_u64(), Some(articles.len() as u64), "the manifest counts every listed article");
    for shard in 0..manifest["shards"].as_u64().unwrap() {
        files.insert(format!("search/t/{shard}.bin"));
    }
    files
}

/// How many items a feed carries.
pub const FEED_ITEMS: usize = 20;

/// The article slugs each feed must carry, in order, computed from the
/// documents: `rss.xml` the site's newest articles by `published_at`
/// (same instant: by slug), `rss/{slug}.xml` the first items of the
/// category's list.
pub fn feed_items(content: &Path) -> BTreeMap<String, Vec<String>> {
    let mut feeds = BTreeMap::new();
    let mut dated = Vec::new();
    for slug in listed_articles(content) {
        let article = read_json(content, &format!("articles/{slug}.json"));
        let published = chrono::DateTime::parse_from_rfc3339(article["published_at"].as_str().unwrap()).unwrap();
        dated.push((std::cmp::Reverse(published), slug));
    }
    dated.sort();
    feeds.insert("rss.xml".to_string(), dated.into_iter().take(FEED_ITEMS).map(|(_, slug)| slug).collect());
    for (category, total) in categories(content) {
        let mut items: Vec<String> = Vec::new();
        for page in 1..=total {
            for slug in item_slugs(&read_json(content, &format!("categories/{category}/page-{page}.json"))) {
                if items.len() < FEED_ITEMS && !items.contains(&slug) {
                    items.push(slug);
                }
            }
        }
        feeds.insert(format!("rss/{category}.xml"), items);
    }
    feeds
}

/// What a published folder must hold for `content`: each page's file,
/// with the document it shows (`None` for `404.html` and `app-shell.html`);
/// the feeds and the site map are [`generated_files`].
pub fn expected_layout(content: &Path) -> BTreeMap<String, Option<String>> {
    let mut layout = BTreeMap::new();
    layout.insert("index.html".to_string(), Some("home.json".to_string()));
    layout.insert("404.html".to_string(), None);
    layout.insert("app-shell.html".to_string(), None);
    for slug in static_page_slugs(content) {
        let document = format!("pages/{slug}.json");
        layout.insert(published_file(&document).unwrap(), Some(document));
    }
    for (slug, total) in categories(content) {
        for page in 1..=total {
            let document = format!("categories/{slug}/page-{page}.json");
            for article in item_slugs(&read_json(content, &document)) {
                let article = format!("articles/{article}.json");
                layout.insert(published_file(&article).unwrap(), Some(article));
            }
            layout.insert(published_file(&document).unwrap(), Some(document));
        }
    }
    layout
}

// ---------------------------------------------------------------------------
// Reading pages back as a browser would.

/// Parses a whole document with scripting on, as the browser that shows
/// the page does.
pub fn parse_document(html: &str) -> RcDom {
    let options = ParseOpts {
        tree_builder: TreeBuilderOpts { scripting_enabled: true, ..Default::default() },
        ..Default::default()
    };
    html5ever::parse_document(RcDom::default(), options).one(html)
}

/// Every node under `root` (not `root` itself), in document order, without
/// recursion. Template contents are included.
pub fn descendants(root: &Handle) -> Vec<Handle> {
    let mut out = Vec::new();
    let mut stack: Vec<Handle> = children(root).into_iter().rev().collect();
    while let Some(node) = stack.pop() {
        stack.extend(children(&node).into_iter().rev());
        out.push(node.clone());
    }
    out
}

fn children(node: &Handle) -> Vec<Handle> {
    let mut out = node.children.borrow().clone();
    if let NodeData::Element { template_contents, .. } = &node.data {
        if let Some(contents) = template_contents.borrow().as_ref() {
            out.extend(contents.children.borrow().iter().cloned());
        }
    }
    out
}

/// The local name of an HTML-namespace element.
pub fn html_tag(node: &Handle) -> Option<String> {
    match &node.data {
        NodeData::Element { name, .. } if name.ns == ns!(html) => Some(name.local.to_string()),
        _ => None,
    }
}

pub fn attribute(node: &Handle, name: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => {
            attrs.borrow().iter().find(|attr| &*attr.name.local == name).map(|attr| attr.value.to_string())
        }
        _ => None,
    }
}

/// `(name, value)` of every attribute, the namespace prefix kept in the name.
pub fn attributes(node: &Handle) -> Vec<(String, String)> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .map(|attr| {
                let name = match &attr.name.prefix {
                    Some(prefix) => format!("{prefix}:{}", attr.name.local),
                    None => attr.name.local.to_string(),
                };
                (name, attr.value.to_string())
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The concatenated text under `node`.
pub fn text_content(node: &Handle) -> String {
    let mut out = String::new();
    for node in std::iter::once(node.clone()).chain(descendants(node)) {
        if let NodeData::Text { contents } = &node.data {
            out.push_str(&contents.borrow());
        }
    }
    out
}

/// Runs of ASCII whitespace as one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// The HTML elements named `tag` under `root`.
pub fn elements(root: &Handle, tag: &str) -> Vec<Handle> {
    descendants(root).into_iter().filter(|node| html_tag(node).as_deref() == Some(tag)).collect()
}

/// The `<html>` element of a parsed document.
pub fn html_element(dom: &RcDom) -> Handle {
    dom.document.children.borrow().iter().find(|node| html_tag(node).as_deref() == Some("html")).cloned().unwrap()
}

/// The `<head>` and `<body>` of a parsed document. Use them while `dom`
/// lives: an rcdom empties its nodes' children when it is dropped.
pub fn head_and_body(dom: &RcDom) -> (Handle, Handle) {
    let html = html_element(dom);
    let part = |tag: &str| html.children.borrow().iter().find(|node| html_tag(node).as_deref() == Some(tag)).cloned().unwrap();
    (part("head"), part("body"))
}

// ---------------------------------------------------------------------------
// Reading feeds and site maps back as an XML parser does.

/// The `<link>` of every `<item>` of an RSS feed, in order.
pub fn item_links(xml: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).unwrap_or_else(|error| panic!("not well-formed XML: {error}\n{xml}"));
    document
        .descendants()
        .filter(|node| node.has_tag_name("item"))
        .filter_map(|item| item.children().find(|child| child.has_tag_name("link"))?.text().map(str::to_string))
        .collect()
}

/// Reads one HTTP request from `stream` (a test server's connection): the
/// request line's target (`/api/site.json?x`), headers skipped.
pub fn read_request_target(stream: &std::net::TcpStream) -> std::io::Result<String> {
    use std::io::{BufRead, BufReader};
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
    }
    Ok(request_line.split_whitespace().nth(1).unwrap_or("/").to_string())
}

/// Every file a published folder holds but its API folder: the pages of
/// `layout`, the `generated` feeds and site map, the `search` index and the
/// shell's assets ([`expected_site`] adds the API folder).
pub fn expected_files(layout: &BTreeMap<String, Option<String>>, generated: &BTreeSet<String>, search: &BTreeSet<String>) -> BTreeSet<String> {
    layout.keys().chain(generated).chain(search).cloned().chain(ASSETS.iter().map(|asset| asset.to_string())).collect()
}

/// What a run from `content` publishes besides its pages: `api/` + every
/// document it reads (the pages' documents and `site.json`), and under
/// `anh/` the published variants of every image they name relative to the
/// API base (`media/…`, found here by a plain walk of the JSON), processed
/// as a run processes them (through the tests' shared image cache, so
/// nothing is encoded twice). No original is published.
pub fn published_api(content: &Path) -> BTreeSet<String> {
    let documents: BTreeSet<String> = expected_layout(content).into_values().flatten().chain(["site.json".to_string()]).collect();
    let mut out: BTreeSet<String> = documents.iter().map(|document| format!("api/{document}")).collect();
    out.extend(published_images(content));
    out
}

/// The originals (`media/…`) the documents of `content` show.
pub fn shown_media(content: &Path) -> BTreeSet<String> {
    fn images(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::String(text) if text.starts_with("media/") => {
                out.insert(text.clone());
            }
            Value::Object(map) => map.values().for_each(|value| images(value, out)),
            Value::Array(items) => items.iter().for_each(|value| images(value, out)),
            _ => {}
        }
    }
    let documents: BTreeSet<String> = expected_layout(content).into_values().flatten().chain(["site.json".to_string()]).collect();
    let mut out = BTreeSet::new();
    for document in &documents {
        images(&read_json(content, document), &mut out);
    }
    out
}

/// The files under `anh/` a run publishes for the images `content` shows
/// (those the content has).
pub fn published_images(content: &Path) -> BTreeSet<String> {
    let cache = publish::images::ImageCache::open(&image_cache()).unwrap();
    let mut out = BTreeSet::new();
    for media in shown_media(content) {
        let Ok(bytes) = std::fs::read(content.join(&media)) else { continue };
        let processed = cache.process(&bytes, &publish::images::Limits::default()).unwrap_or_else(|error| panic!("{media}: {error}"));
        let image = publish::published_images::published_image(&processed).unwrap();
        for variant in image.variants.iter().chain([&image.fallback]) {
            out.insert(variant.src.trim_start_matches('/').to_string());
        }
    }
    out
}

/// Every file a published folder of `content` holds: [`expected_files`]
/// and [`published_api`].
pub fn expected_site(content: &Path, out: &Path) -> BTreeSet<String> {
    let mut files = expected_files(&expected_layout(content), &generated_files(content), &search_files(content, out));
    files.extend(published_api(content));
    files
}
