//! The repository's nginx configuration (`deploy/nginx.conf`), run:
//! Debian's nginx serving the published folder, as a city deploys it.
//!
//! - `nginx_and_publish_serve_answer_every_url_alike`: nginx and
//!   `publish serve` are asked for one corpus of URLs; each answer must be
//!   the one the published folder calls for (its files listed: which slugs
//!   have pages, which documents exist, the last page of a category), and
//!   the two must agree on status, body bytes and `Content-Type`.
//! - `every_kind_of_answer_carries_its_headers`: security headers, caching
//!   and precompressed siblings, answer by answer.
//! - `a_reader_reads_through_nginx_with_a_clean_console`: Chromium reads
//!   every kind of page through nginx; the app takes over, an in-app click
//!   reads the next article, the console stays clean.
//! - `a_switched_build_is_served_without_a_reload`: `root` a link that a
//!   publish swaps; nginx serves the new build at once.
//! - `a_publish_killed_at_any_step_leaves_nginx_serving_a_complete_site`:
//!   the `publish` binary aborted at each step under a running nginx.
//!
//! `BANTIN_NGINX_CONF=<file>` runs another server file (e.g. an older
//! configuration) through the same tests.

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use e2e::{http_request, HttpResponse, Nginx, TempDir};
use serde_json::Value;

use crate::support::{NOT_FOUND_HEADING, REFERENCE_CATEGORY, REFERENCE_SLUG};

/// Published images: `anh/<16 lowercase hex>[-<width>].{avif,webp,jpg,png,svg}`.
fn is_published_image(file: &str) -> bool {
    let Some(name) = file.strip_prefix("anh/") else { return false };
    let Some((stem, extension)) = name.rsplit_once('.') else { return false };
    let (hash, width) = stem.split_once('-').unwrap_or((stem, "1"));
    ["avif", "webp", "jpg", "png", "svg"].contains(&extension)
        && hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && (1..=5).contains(&width.len())
        && width.bytes().all(|b| b.is_ascii_digit())
}

/// Content-hashed assets: `<stem>-<16 lowercase hex>[_bg].{wasm,js,css}`.
fn is_content_hashed(name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else { return false };
    if !["wasm", "js", "css"].contains(&extension) {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else { return false };
    hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

// ----- A copy of the published folder ----------------------------------------------------------

/// Names given to what the test adds to its copy of the folder.
const UNPUBLISHED_ARTICLE: &str = "bai-moi-dang-sau-lan-xuat-ban";
const UNPUBLISHED_PAGE: &str = "trang-moi-dang-sau-lan-xuat-ban";
const UNKNOWN_SLUG: &str = "khong-co-trang-nay";

/// The published folder, copied so the test can add what a folder has
/// between two publishing runs (documents without pages), a file for every
/// extension of Debian's `mime.types`, and (where the build has none yet)
/// precompressed siblings of the hashed assets.
struct Site {
    dir: TempDir,
    /// The `.gz`/`.br` siblings this test had to make itself.
    made_siblings: Vec<String>,
}

impl Site {
    fn copy_of_published() -> Site {
        let published = e2e::dist().canonicalize().expect("the published folder");
        let dir = TempDir::new("nginx-site").expect("a temporary folder");
        copy_tree(&published, dir.path());
        let site = Site { dir, made_siblings: Vec::new() };
        site.add_unpublished_documents();
        site.add_mime_files();
        site
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn add_unpublished_documents(&self) {
        let any_article = first_file(&self.path().join("api/articles"), ".json").expect("api/articles/*.json");
        self.dir.write(&format!("api/articles/{UNPUBLISHED_ARTICLE}.json"), std::fs::read(any_article).unwrap());
        let any_page = first_file(&self.path().join("api/pages"), ".json").expect("api/pages/*.json");
        self.dir.write(&format!("api/pages/{UNPUBLISHED_PAGE}.json"), std::fs::read(any_page).unwrap());
        let facts = Facts::of(self.path());
        let (category, last) = facts.reference_category();
        let page_one = self.path().join(format!("api/categories/{category}/page-1.json"));
        self.dir.write(&format!("api/categories/{category}/page-{}.json", last + 1), std::fs::read(page_one).unwrap());
    }

    /// `mime/x.{ext}` for every extension of Debian's table, an upper-case
    /// one, an unknown one and none.
    fn add_mime_files(&self) {
        for extension in debian_extensions() {
            self.dir.write(&format!("mime/x.{extension}"), extension.as_bytes());
        }
        for name in ["X.JSON", "x.khong-biet", "khong-duoi"] {
            self.dir.write(&format!("mime/{name}"), name.as_bytes());
        }
    }

    /// `.gz` and `.br` beside every content-hashed asset, made with Node's
    /// zlib where the build did not write them.
    fn ensure_precompressed_siblings(&mut self) {
        let script = "const z=require('zlib'),fs=require('fs');for(const f of process.argv.slice(1)){const b=fs.readFileSync(f);\
            if(!fs.existsSync(f+'.gz'))fs.writeFileSync(f+'.gz',z.gzipSync(b,{level:9}));\
            if(!fs.existsSync(f+'.br'))fs.writeFileSync(f+'.br',z.brotliCompressSync(b));}";
        let mut missing = Vec::new();
        for name in top_level_names(self.path()) {
            if !is_content_hashed(&name) {
                continue;
            }
            for extension in ["gz", "br"] {
                if !self.path().join(format!("{name}.{extension}")).is_file() {
                    self.made_siblings.push(format!("{name}.{extension}"));
                    missing.push(self.path().join(&name));
                }
            }
        }
        missing.dedup();
        if missing.is_empty() {
            return;
        }
        let status = std::process::Command::new("node")
            .arg("-e")
            .arg(script)
            .args(&missing)
            .status()
            .expect("node (for zlib)");
        assert!(status.success(), "node could not compress {missing:?}");
    }
}

pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let source = entry.path();
        let target = to.join(entry.file_name());
        if source.is_dir() {
            copy_tree(&source, &target);
        } else {
            std::fs::copy(&source, &target).unwrap_or_else(|error| panic!("copy {}: {error}", source.display()));
        }
    }
}

fn first_file(dir: &Path, suffix: &str) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files.into_iter().next()
}

fn top_level_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file under `dir`, as paths relative to it with `/`.
fn all_files(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{prefix}{name}");
            if entry.path().is_dir() {
                walk(&entry.path(), &format!("{relative}/"), out);
            } else {
                out.push(relative);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out);
    out.sort();
    out
}

/// The extensions of Debian's `/etc/nginx/mime.types`.
fn debian_extensions() -> Vec<String> {
    let table = std::fs::read_to_string("/etc/nginx/mime.types").expect("/etc/nginx/mime.types (Debian's nginx)");
    table
        .lines()
        .map(str::trim)
        .filter(|line| line.ends_with(';'))
        .flat_map(|line| line.trim_end_matches(';').split_whitespace().skip(1).map(str::to_string).collect::<Vec<_>>())
        .collect()
}

// ----- What the folder holds, by listing it -----------------------------------------------------

/// The published folder's content, read from its file names only.
struct Facts {
    files: BTreeSet<String>,
    /// Slugs with a pre-rendered article page.
    article_pages: BTreeSet<String>,
    /// Slugs with an article document.
    article_documents: BTreeSet<String>,
    static_pages: BTreeSet<String>,
    static_documents: BTreeSet<String>,
    /// Category slug → pre-rendered page numbers.
    category_pages: BTreeMap<String, BTreeSet<u32>>,
    /// Category slug → page numbers with a document.
    category_documents: BTreeMap<String, BTreeSet<u32>>,
}

impl Facts {
    fn of(dir: &Path) -> Facts {
        let files: BTreeSet<String> = all_files(dir).into_iter().collect();
        let mut facts = Facts {
            files: files.clone(),
            article_pages: BTreeSet::new(),
            article_documents: BTreeSet::new(),
            static_pages: BTreeSet::new(),
            static_documents: BTreeSet::new(),
            category_pages: BTreeMap::new(),
            category_documents: BTreeMap::new(),
        };
        for file in &files {
            let parts: Vec<&str> = file.split('/').collect();
            match parts[..] {
                ["bai-viet", slug, "index.html"] => {
                    facts.article_pages.insert(slug.to_string());
                }
                ["trang", slug, "index.html"] => {
                    facts.static_pages.insert(slug.to_string());
                }
                ["chuyen-muc", slug, "index.html"] => {
                    facts.category_pages.entry(slug.to_string()).or_default().insert(1);
                }
                ["chuyen-muc", slug, folder, "index.html"] => {
                    if let Some(n) = folder.strip_prefix("trang-").and_then(|n| n.parse().ok()) {
                        facts.category_pages.entry(slug.to_string()).or_default().insert(n);
                    }
                }
                ["api", "articles", name] => {
                    if let Some(slug) = name.strip_suffix(".json") {
                        facts.article_documents.insert(slug.to_string());
                    }
                }
                ["api", "pages", name] => {
                    if let Some(slug) = name.strip_suffix(".json") {
                        facts.static_documents.insert(slug.to_string());
                    }
                }
                ["api", "categories", slug, name] => {
                    if let Some(n) = name.strip_prefix("page-").and_then(|n| n.strip_suffix(".json")).and_then(|n| n.parse().ok()) {
                        facts.category_documents.entry(slug.to_string()).or_default().insert(n);
                    }
                }
                _ => {}
            }
        }
        facts
    }

    /// The reference category and its last pre-rendered page (≥ 2: the
    /// sample has several pages of it).
    fn reference_category(&self) -> (String, u32) {
        let pages = self.category_pages.get(REFERENCE_CATEGORY).expect("the reference category is published");
        let last = *pages.iter().max().unwrap();
        assert!(last >= 2, "the reference category has a second page");
        (REFERENCE_CATEGORY.to_string(), last)
    }

    /// What an article, static page or list URL calls for: its page, else
    /// the shell when the document is there, else a 404.
    fn page_or_document(&self, file: String, document: bool) -> Expect {
        if self.files.contains(&file) {
            Expect::File(file)
        } else if document {
            Expect::Shell
        } else {
            Expect::NotFound
        }
    }

    fn article(&self, slug: &str) -> Expect {
        self.page_or_document(format!("bai-viet/{slug}/index.html"), self.article_documents.contains(slug))
    }

    fn static_page(&self, slug: &str) -> Expect {
        self.page_or_document(format!("trang/{slug}/index.html"), self.static_documents.contains(slug))
    }

    fn list(&self, slug: &str, page: u32) -> Expect {
        let file = if page == 1 {
            format!("chuyen-muc/{slug}/index.html")
        } else {
            format!("chuyen-muc/{slug}/trang-{page}/index.html")
        };
        let document = self.category_documents.get(slug).is_some_and(|pages| pages.contains(&page));
        self.page_or_document(file, document)
    }
}

/// The answer a URL calls for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Expect {
    /// 200 with this file's bytes.
    File(String),
    /// 200 with `app-shell.html`.
    Shell,
    /// 404 with `404.html`.
    NotFound,
}

/// `/`-separated path with every byte outside unreserved characters escaped.
fn escape_path(relative: &str) -> String {
    let mut out = String::new();
    for byte in relative.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The corpus: request targets (sent as is) and the answer each calls for.
fn corpus(facts: &Facts) -> Vec<(String, Expect)> {
    let mut corpus: Vec<(String, Expect)> = Vec::new();
    let mut add = |target: String, expect: Expect| corpus.push((target, expect));

    // Every file of the folder, by its own URL; those under the pages'
    // folders only through their routes.
    for file in &facts.files {
        let routed = ["bai-viet/", "chuyen-muc/", "trang/"].iter().any(|prefix| file.starts_with(prefix));
        add(format!("/{}", escape_path(file)), if routed { Expect::NotFound } else { Expect::File(file.clone()) });
    }
    add("/".into(), Expect::File("index.html".into()));
    add("/./index.html".into(), Expect::File("index.html".into()));

    // Articles: with a page, with a document only, with neither.
    for slug in facts.article_pages.iter().chain(&facts.article_documents) {
        add(format!("/bai-viet/{slug}"), facts.article(slug));
        add(format!("/bai-viet/{slug}/"), Expect::NotFound);
        add(format!("/bai-viet/{}", slug.to_uppercase()), Expect::NotFound);
    }
    assert_eq!(facts.article(UNPUBLISHED_ARTICLE), Expect::Shell, "a document without a page");
    add(format!("/bai-viet/{UNKNOWN_SLUG}"), facts.article(UNKNOWN_SLUG));
    assert_eq!(facts.article(UNKNOWN_SLUG), Expect::NotFound);
    add("/bai-viet/".into(), Expect::NotFound);
    add("/bai-viet".into(), Expect::Shell);
    add("/bai-viet/Hoi_Nghi".into(), Expect::NotFound);
    add(format!("/bai-viet/{}", "a".repeat(201)), Expect::NotFound);

    // Static pages.
    for slug in facts.static_pages.iter().chain(&facts.static_documents) {
        add(format!("/trang/{slug}"), facts.static_page(slug));
        add(format!("/trang/{slug}/"), Expect::NotFound);
        add(format!("/trang/{}", slug.to_uppercase()), Expect::NotFound);
    }
    assert_eq!(facts.static_page(UNPUBLISHED_PAGE), Expect::Shell);
    add(format!("/trang/{UNKNOWN_SLUG}"), facts.static_page(UNKNOWN_SLUG));
    add("/trang/".into(), Expect::NotFound);

    // Categories: every page, with and without a trailing slash.
    for (slug, pages) in &facts.category_pages {
        add(format!("/chuyen-muc/{slug}"), facts.list(slug, 1));
        add(format!("/chuyen-muc/{slug}/"), Expect::NotFound);
        add(format!("/chuyen-muc/{}", slug.to_uppercase()), Expect::NotFound);
        for page in pages {
            add(format!("/chuyen-muc/{slug}?trang={page}"), facts.list(slug, *page));
            add(format!("/chuyen-muc/{slug}/trang-{page}/"), Expect::NotFound);
        }
    }
    add(format!("/chuyen-muc/{UNKNOWN_SLUG}"), facts.list(UNKNOWN_SLUG, 1));
    add("/chuyen-muc/".into(), Expect::NotFound);

    // `?trang=` as the app reads it (src/routes.rs, the shell's preload
    // script): absent = 1; `+` is a space, `%2B` a plus sign.
    let (category, last) = facts.reference_category();
    let list = |query: &str| format!("/chuyen-muc/{category}?{query}");
    let page = |n: u32| facts.list(&category, n);
    for (query, expect) in [
        ("trang=", Expect::NotFound),
        ("trang", Expect::NotFound),
        ("trang=1", page(1)),
        ("trang=2", page(2)),
        ("trang=01", page(1)),
        ("trang=002", page(2)),
        ("trang=+2", page(2)),
        ("trang=%2B2", page(2)),
        ("trang=%2b2", page(2)),
        ("trang=%202", page(2)),
        ("trang=2+", page(2)),
        ("trang=0", Expect::NotFound),
        ("trang=-1", Expect::NotFound),
        ("trang=abc", Expect::NotFound),
        ("trang=2abc", Expect::NotFound),
        ("trang=1234567890", Expect::NotFound),
        ("trang=99999999999", Expect::NotFound),
        ("q=x&trang=2", page(2)),
        ("TRANG=2", page(1)),
        ("x=1", page(1)),
    ] {
        add(list(query), expect);
    }
    add(list(&format!("trang={last}")), page(last));
    // Past the last page: the test's copy has a document for last + 1
    // (published since the last run), none for last + 2.
    assert_eq!(page(last + 1), Expect::Shell);
    add(list(&format!("trang={}", last + 1)), page(last + 1));
    assert_eq!(page(last + 2), Expect::NotFound);
    add(list(&format!("trang={}", last + 2)), page(last + 2));

    // Documents and files that are not there.
    for (target, expect) in [
        ("/api/articles/khong-co.json", Expect::NotFound),
        ("/api/khong-co", Expect::NotFound),
        ("/api/", Expect::NotFound),
        ("/api/articles/", Expect::NotFound),
        ("/api", Expect::Shell),
        ("/search/khong-co.json", Expect::NotFound),
        ("/search/", Expect::Shell),
        ("/rss/khong-co.xml", Expect::NotFound),
        ("/sitemaps/khong-co.xml", Expect::NotFound),
        ("/khong-co.xyz", Expect::NotFound),
        ("/favicon.ico", if facts.files.contains("favicon.ico") { Expect::File("favicon.ico".into()) } else { Expect::NotFound }),
        ("/a.b/c", Expect::Shell),
        ("/tim-kiem", Expect::Shell),
        ("/tim-kiem?q=thi+dua&trang=2", Expect::Shell),
        ("/duong/dan/khac", Expect::Shell),
        ("/b%C3%A0i-vi%E1%BA%BFt", Expect::Shell),
    ] {
        add(target.into(), expect);
    }

    // Dot segments and escapes, raw: nginx merges them, or answers 400
    // (configured as the 404 page) when they climb above the root or are
    // malformed.
    let article = REFERENCE_SLUG;
    for (target, expect) in [
        ("/../etc/passwd".to_string(), Expect::NotFound),
        ("/%2e%2e/etc/passwd".into(), Expect::NotFound),
        ("/%2E%2E/%2e%2e/etc/passwd".into(), Expect::NotFound),
        ("/bai-viet/../../etc/passwd".into(), Expect::NotFound),
        ("/bai-viet/%2e%2e/robots.txt".into(), Expect::File("robots.txt".into())),
        ("/bai-viet/%2e%2e/%2e%2e/robots.txt".into(), Expect::NotFound),
        (format!("/tim-kiem/../bai-viet/{article}"), facts.article(article)),
        (format!("//bai-viet//{article}"), facts.article(article)),
        (format!("/%62ai-viet/{article}"), facts.article(article)),
        (format!("/bai-viet/{article}/."), Expect::NotFound),
        (format!("/bai-viet/{article}/.."), Expect::NotFound),
        ("/x%".into(), Expect::NotFound),
        ("/x%zz".into(), Expect::NotFound),
        ("/robots.txt%00".into(), Expect::NotFound),
    ] {
        add(target, expect);
    }
    corpus
}

/// `GET target` sent raw (no normalisation), without Accept-Encoding.
fn raw_get(base: &str, target: &str, headers: &[(&str, &str)]) -> HttpResponse {
    http_request("GET", &format!("{base}{target}"), headers, Duration::from_secs(10))
        .unwrap_or_else(|error| panic!("GET {base}{target}: {error}"))
}

/// `publish serve` over `root`, on a thread, on a free port.
fn start_publish_serve(root: &Path) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let root = root.to_path_buf();
    std::thread::spawn(move || publish::serve::serve_on(root, listener));
    base
}

fn summary(response: &HttpResponse) -> String {
    format!(
        "{} {:?} {} bytes",
        response.status,
        response.header("content-type").unwrap_or("-"),
        response.body.len()
    )
}

#[test]
fn nginx_and_publish_serve_answer_every_url_alike() {
    let site = Site::copy_of_published();
    let facts = Facts::of(site.path());
    let nginx = Nginx::start(site.path());
    let nginx_base = nginx.url("");
    let serve_base = start_publish_serve(site.path());
    let read = |file: &str| std::fs::read(site.path().join(file)).unwrap_or_else(|error| panic!("{file}: {error}"));
    let shell = read(publish::SHELL_FILE);
    let not_found = read(publish::NOT_FOUND_FILE);

    let corpus = corpus(&facts);
    let mut differences = Vec::new();
    let mut urls_differing = 0;
    for (target, expect) in &corpus {
        let before = differences.len();
        let from_nginx = raw_get(&nginx_base, target, &[]);
        let from_serve = raw_get(&serve_base, target, &[]);
        let (status, body) = match expect {
            Expect::File(file) => (200, read(file)),
            Expect::Shell => (200, shell.clone()),
            Expect::NotFound => (404, not_found.clone()),
        };
        if (from_nginx.status, &from_nginx.body) != (status, &body) {
            differences.push(format!("{target}: nginx answers {}, the folder calls for {status} {expect:?}", summary(&from_nginx)));
        }
        let same = from_nginx.status == from_serve.status
            && from_nginx.body == from_serve.body
            && from_nginx.header("content-type") == from_serve.header("content-type");
        if !same {
            differences.push(format!("{target}: nginx {} ≠ publish serve {}", summary(&from_nginx), summary(&from_serve)));
        }
        if differences.len() > before {
            urls_differing += 1;
        }
    }
    assert!(corpus.len() > 200, "a corpus of {} URLs", corpus.len());
    assert!(
        differences.is_empty(),
        "{urls_differing} of {} URLs differ:\n{}\n(nginx's error log:\n{})",
        corpus.len(),
        differences.join("\n"),
        nginx.error_log()
    );
}

// ----- Headers ------------------------------------------------------------------------------

#[test]
fn every_kind_of_answer_carries_its_headers() {
    let mut site = Site::copy_of_published();
    site.ensure_precompressed_siblings();
    if !site.made_siblings.is_empty() {
        eprintln!("nginx headers: the build has no {:?}; made for this test", site.made_siblings);
    }
    let facts = Facts::of(site.path());
    let nginx = Nginx::start(site.path());
    let base = nginx.url("");

    let names = top_level_names(site.path());
    let asset = |extension: &str| {
        names
            .iter()
            .find(|name| is_content_hashed(name) && name.ends_with(extension))
            .unwrap_or_else(|| panic!("a content-hashed *{extension} in {names:?}"))
            .clone()
    };
    let search_file = |extension: &str| {
        let file = facts.files.iter().find(|file| file.starts_with("search/") && file.ends_with(extension));
        file.unwrap_or_else(|| panic!("search/*{extension}")).clone()
    };
    let feed = facts.files.iter().find(|file| file.starts_with("rss/")).expect("rss/ feeds").clone();
    let (category, last) = facts.reference_category();
    let document = format!("api/articles/{REFERENCE_SLUG}.json");
    assert!(facts.files.contains(&document), "{document}");
    let image = |extension: &str| {
        let file = facts.files.iter().find(|file| is_published_image(file) && file.ends_with(extension));
        file.unwrap_or_else(|| panic!("anh/*{extension}")).clone()
    };

    // (kind, target, status, Content-Type, Cache-Control)
    let no_cache = "no-cache";
    let year = "public, max-age=31536000, immutable";
    let kinds: Vec<(&str, String, u16, &str, &str)> = vec![
        ("home", "/".into(), 200, "text/html; charset=utf-8", no_cache),
        ("article", format!("/bai-viet/{REFERENCE_SLUG}"), 200, "text/html; charset=utf-8", no_cache),
        ("list page 2", format!("/chuyen-muc/{category}?trang=2"), 200, "text/html; charset=utf-8", no_cache),
        ("shell fallback", format!("/chuyen-muc/{category}?trang={}", last + 1), 200, "text/html; charset=utf-8", no_cache),
        ("search (shell)", "/tim-kiem?q=x".into(), 200, "text/html; charset=utf-8", no_cache),
        ("404 page", format!("/bai-viet/{UNKNOWN_SLUG}"), 404, "text/html; charset=utf-8", no_cache),
        ("`..` above the root", "/%2e%2e/etc/passwd".into(), 404, "text/html; charset=utf-8", no_cache),
        ("document", format!("/{document}"), 200, "application/json", "public, max-age=60"),
        ("missing document", "/api/articles/khong-co.json".into(), 404, "text/html; charset=utf-8", no_cache),
        ("site document", "/api/site.json".into(), 200, "application/json", "public, max-age=60"),
        ("wasm", format!("/{}", asset("_bg.wasm")), 200, "application/wasm", year),
        ("js", format!("/{}", asset(".js")), 200, "application/javascript; charset=utf-8", year),
        ("css", format!("/{}", asset(".css")), 200, "text/css; charset=utf-8", year),
        ("missing hashed asset", "/ban-tin-0123456789abcdef_bg.wasm".into(), 404, "text/html; charset=utf-8", no_cache),
        ("feed", "/rss.xml".into(), 200, "application/rss+xml; charset=utf-8", no_cache),
        ("category feed", format!("/{feed}"), 200, "application/rss+xml; charset=utf-8", no_cache),
        ("sitemap", "/sitemap.xml".into(), 200, "text/xml; charset=utf-8", no_cache),
        ("robots.txt", "/robots.txt".into(), 200, "text/plain; charset=utf-8", no_cache),
        ("search index (.json)", format!("/{}", search_file(".json")), 200, "application/json", no_cache),
        ("search index (.bin)", format!("/{}", search_file(".bin")), 200, "application/octet-stream", no_cache),
        ("image (AVIF)", format!("/{}", image(".avif")), 200, "image/avif", year),
        ("image (JPEG)", format!("/{}", image(".jpg")), 200, "image/jpeg", year),
        ("image (SVG)", format!("/{}", image(".svg")), 200, "image/svg+xml", year),
        ("missing image", "/anh/0123456789abcdef-720.avif".into(), 404, "text/html; charset=utf-8", no_cache),
    ];
    let mut failures = Vec::new();
    for (kind, target, status, content_type, cache) in &kinds {
        let response = raw_get(&base, target, &[]);
        let mut check = |what: &str, ok: bool| {
            if !ok {
                failures.push(format!("{kind} ({target}): {what}; headers {:?}", response.headers));
            }
        };
        check(&format!("status {status}"), response.status == *status);
        check(&format!("Content-Type {content_type}"), response.header("content-type") == Some(*content_type));
        check(&format!("Cache-Control {cache}"), response.header("cache-control") == Some(*cache));
        let csp = response.header("content-security-policy").unwrap_or("");
        check("CSP with frame-ancestors 'none'", csp.contains("frame-ancestors 'none'"));
        if target.starts_with("/anh/") && *status == 200 {
            // A CMS's file opened on its own runs nothing (an SVG's scripts).
            check("CSP with sandbox and default-src 'none'", csp.contains("sandbox") && csp.contains("default-src 'none'") && !csp.contains("script-src"));
        } else {
            check("CSP with object-src 'none'", csp.contains("object-src 'none'"));
        }
        check("X-Content-Type-Options: nosniff", response.header("x-content-type-options") == Some("nosniff"));
        check("Referrer-Policy", response.header("referrer-policy") == Some("strict-origin-when-cross-origin"));
        check("one Cache-Control", response.headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("cache-control")).count() == 1);
    }
    // `immutable` only on content-hashed files: every file of the folder.
    for file in &facts.files {
        if file.ends_with(".gz") || file.ends_with(".br") {
            continue;
        }
        let response = raw_get(&base, &format!("/{}", escape_path(file)), &[("Accept-Encoding", "identity")]);
        let immutable = response.header("cache-control").unwrap_or("").contains("immutable");
        let hashed = (!file.contains('/') && is_content_hashed(file)) || is_published_image(file);
        if immutable != hashed {
            failures.push(format!("/{file}: immutable {immutable}, content-hashed {hashed}"));
        }
    }
    // The build's precompressed siblings, when the reader accepts them.
    for extension in ["_bg.wasm", ".js", ".css"] {
        let name = asset(extension);
        for (accept, encoding, sibling) in [("gzip, deflate, br", "br", "br"), ("gzip", "gzip", "gz")] {
            let response = raw_get(&base, &format!("/{name}"), &[("Accept-Encoding", accept)]);
            let expected = std::fs::read(site.path().join(format!("{name}.{sibling}"))).unwrap();
            let ok = response.status == 200
                && response.header("content-encoding") == Some(encoding)
                && response.header("vary").is_some_and(|vary| vary.eq_ignore_ascii_case("Accept-Encoding"))
                && response.header("cache-control") == Some(year)
                && response.body == expected;
            if !ok {
                failures.push(format!("/{name} with Accept-Encoding {accept}: {} {:?}", response.status, response.headers));
            }
        }
    }
    // Pages and documents are compressed on the fly.
    let response = raw_get(&base, &format!("/{document}"), &[("Accept-Encoding", "gzip")]);
    if response.header("content-encoding") != Some("gzip") || response.header("x-content-type-options") != Some("nosniff") {
        failures.push(format!("/{document} with gzip: {:?}", response.headers));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ----- A reader in Chromium, through nginx -------------------------------------------------------

/// `WARNING` and `SEVERE` console entries.
fn warnings_and_errors(logs: &[String]) -> Vec<String> {
    logs.iter().filter(|line| line.starts_with("WARNING ") || line.starts_with("SEVERE ")).cloned().collect()
}

/// Loads `path` through nginx, waits until the app has taken the page
/// over (`html[data-app]`) and `ready` shows, then the load event.
async fn open(page: &e2e::Page, path: &str, ready: &str) {
    page.goto(path).await;
    page.wait_for("html[data-app]").await;
    page.wait_for(ready).await;
    page.wait_until("the load event", "return document.readyState === 'complete'", vec![]).await;
}

#[tokio::test]
async fn a_reader_reads_through_nginx_with_a_clean_console() {
    let site = Site::copy_of_published();
    let facts = Facts::of(site.path());
    let (category, _) = facts.reference_category();
    let static_page = facts.static_pages.iter().next().expect("a static page").clone();
    let nginx = Nginx::start(site.path());
    let browser = e2e::Browser::start().await;
    let page = browser.page(&nginx.url(""));
    let mut noisy: Vec<String> = Vec::new();
    let mut note = |what: &str, logs: Vec<String>| {
        for line in warnings_and_errors(&logs) {
            noisy.push(format!("{what}: {line}"));
        }
    };

    open(&page, "/", ".app-home").await;
    note("home", page.console_logs().await);

    open(&page, &format!("/chuyen-muc/{category}"), ".app-category-page .app-article-card").await;
    note("category page 1", page.console_logs().await);
    open(&page, &format!("/chuyen-muc/{category}?trang=2"), ".app-category-page .app-article-card").await;
    let current = page.text("nav.app-pagination a.app-pagination__link[aria-current='page']").await;
    assert_eq!(current.trim(), "2", "page 2 of the category");
    note("category page 2", page.console_logs().await);

    // An article, then the next one in-app ("Tin khác"), without a page load.
    open(&page, &format!("/bai-viet/{REFERENCE_SLUG}"), "section.app-related").await;
    let first_title = page.text("h1.app-article__title").await;
    note("article", page.console_logs().await);
    page.exec("window.__e2eSameDocument = true;").await;
    let related = "section.app-related .app-related__item a";
    let next_href = page.attr(related, "href").await.expect("a related article link");
    page.click(related).await;
    let next_path = next_href.trim_start_matches(&nginx.url("")).to_string();
    page.wait_for_path(&next_path).await;
    page.wait_until(
        "the next article's title",
        "const h = document.querySelector('h1.app-article__title'); return !!h && h.innerText.trim() !== arguments[0]",
        vec![Value::from(first_title.clone())],
    )
    .await;
    assert_eq!(page.exec("return window.__e2eSameDocument === true;").await, Value::Bool(true), "read in-app");
    note("the next article, in-app", page.console_logs().await);

    open(&page, &format!("/trang/{static_page}"), "h1").await;
    note("static page", page.console_logs().await);

    open(&page, "/tim-kiem?q=thi+dua", ".app-search-page__status").await;
    note("search", page.console_logs().await);

    // The 404 page: Chromium reports the document's own status, which is
    // the point (and the one entry allowed); the app takes over without
    // asking for the document nginx has already looked for.
    let unknown = format!("/bai-viet/{UNKNOWN_SLUG}");
    page.goto(&unknown).await;
    page.wait_for("html[data-app]").await;
    page.wait_for_text("h1", NOT_FOUND_HEADING).await;
    page.wait_until("the load event", "return document.readyState === 'complete'", vec![]).await;
    let status_line = format!("SEVERE {} - Failed to load resource: the server responded with a status of 404", nginx.url(&unknown));
    let (own_status, rest): (Vec<String>, Vec<String>) =
        page.console_logs().await.into_iter().partition(|line| line.starts_with(&status_line));
    assert_eq!(own_status.len(), 1, "Chromium reports the 404 page's status once: {own_status:?} {rest:?}");
    note("404", rest);

    drop(page);
    browser.close().await;
    assert!(noisy.is_empty(), "warnings or errors in the console through nginx:\n{}", noisy.join("\n"));
}

// ----- Republishing ------------------------------------------------------------------------------

/// `root` names a link to the current build; a publish swaps the link
/// (`rename(2)` over it): nginx serves the new build at once, no reload.
#[test]
fn a_switched_build_is_served_without_a_reload() {
    let dir = TempDir::new("nginx-switch").expect("a temporary folder");
    for build in ["build-1", "build-2"] {
        dir.write(&format!("{build}/index.html"), format!("home of {build}"));
        dir.write(&format!("{build}/bai-viet/a/index.html"), format!("article of {build}"));
        dir.write(&format!("{build}/404.html"), format!("not found in {build}"));
        dir.write(&format!("{build}/app-shell.html"), format!("shell of {build}"));
    }
    let live = dir.path().join("site");
    std::os::unix::fs::symlink("build-1", &live).unwrap();
    let nginx = Nginx::start(&live);
    let base = nginx.url("");
    let read = |target: &str| raw_get(&base, target, &[]).text();
    assert_eq!((read("/"), read("/bai-viet/a"), read("/bai-viet/b")), ("home of build-1".into(), "article of build-1".into(), "not found in build-1".into()));

    let next = dir.path().join("site.next");
    std::os::unix::fs::symlink("build-2", &next).unwrap();
    std::fs::rename(&next, &live).unwrap();
    assert_eq!((read("/"), read("/bai-viet/a"), read("/bai-viet/b")), ("home of build-2".into(), "article of build-2".into(), "not found in build-2".into()));
}

/// The `publish` binary killed at each of its steps (`BANTIN_PUBLISH_ABORT_AT`,
/// an abort as a kill would be) while nginx serves the site: before the
/// switch, nginx answers every URL byte for byte as before; from the switch
/// on, the new site, complete; the next run publishes normally.
#[test]
fn a_publish_killed_at_any_step_leaves_nginx_serving_a_complete_site() {
    let app = e2e::app_dist();
    // The app Trunk built (dist() builds it once per process).
    e2e::dist();
    let binary = e2e::publish_binary().unwrap_or_else(|error| panic!("{error}"));
    let dir = TempDir::new("nginx-kill").expect("a temporary folder");
    let content = dir.path().join("content");
    copy_tree(&e2e::workspace_root().join("content/api"), &content);
    let site = dir.path().join("site");
    let publish = |abort_at: Option<&str>| {
        let mut command = std::process::Command::new(&binary);
        command.arg("--from").arg(&content).arg("--app").arg(&app).arg("--out").arg(&site).args(["--threads", "2"]);
        // The sample's photographs as the published sample has them processed.
        command.arg("--image-cache").arg(e2e::image_cache_dir());
        match abort_at {
            Some(step) => command.env("BANTIN_PUBLISH_ABORT_AT", step),
            None => command.env_remove("BANTIN_PUBLISH_ABORT_AT"),
        };
        command.output().unwrap_or_else(|error| panic!("{}: {error}", binary.display()))
    };
    let first = publish(None);
    assert!(first.status.success(), "the first run: {}", String::from_utf8_lossy(&first.stderr));

    let nginx = Nginx::start(&site);
    let base = nginx.url("");
    let wasm = first_file(&site, "_bg.wasm").expect("the app's wasm in the site");
    let urls = [
        "/".to_string(),
        format!("/bai-viet/{REFERENCE_SLUG}"),
        format!("/chuyen-muc/{REFERENCE_CATEGORY}"),
        format!("/api/articles/{REFERENCE_SLUG}.json"),
        "/api/site.json".to_string(),
        "/rss.xml".to_string(),
        "/sitemap.xml".to_string(),
        format!("/{}", wasm.file_name().unwrap().to_string_lossy()),
    ];
    let answers = || urls.iter().map(|url| (url.clone(), summary_of(&raw_get(&base, url, &[])))).collect::<Vec<_>>();
    let article = content.join(format!("articles/{REFERENCE_SLUG}.json"));

    for (round, step) in ["staged", "manifest", "linked", "switched"].into_iter().enumerate() {
        let before = answers();
        assert!(before.iter().all(|(_, (status, _))| *status == 200), "{step}: every URL answers before the run: {before:?}");
        // The next run has one article changed.
        let title = format!("Tiêu đề sau lần chạy {round}");
        let mut document: Value = serde_json::from_slice(&std::fs::read(&article).unwrap()).unwrap();
        document["title"] = Value::String(title.clone());
        std::fs::write(&article, serde_json::to_vec(&document).unwrap()).unwrap();

        let killed = publish(Some(step));
        assert_eq!(killed.status.code(), None, "{step}: the run is killed: {}", String::from_utf8_lossy(&killed.stderr));
        let after = answers();
        let shows_title = |answers: &[(String, (u16, Vec<u8>))]| {
            answers.iter().find(|(url, _)| url.starts_with("/bai-viet/")).is_some_and(|(_, (_, body))| String::from_utf8_lossy(body).contains(&title))
        };
        if step == "switched" {
            // Killed after the switch: the new site is live, and whole.
            assert!(shows_title(&after), "{step}: the new article is served");
            assert!(after.iter().all(|(_, (status, _))| *status == 200), "{step}: every URL answers: {after:?}");
        } else {
            for ((url, was), (_, now)) in before.iter().zip(&after) {
                assert!(was == now, "{step}: nginx's answer to {url} changed");
            }
        }
        // The next run recovers and switches.
        let next = publish(None);
        assert!(next.status.success(), "{step}: the next run: {}", String::from_utf8_lossy(&next.stderr));
        let recovered = answers();
        assert!(shows_title(&recovered), "{step}: the next run's article is served");
        assert!(recovered.iter().all(|(_, (status, _))| *status == 200), "{step}: every URL answers: {recovered:?}");
    }
}

/// Status and body of an answer.
fn summary_of(response: &HttpResponse) -> (u16, Vec<u8>) {
    (response.status, response.body.clone())
}
