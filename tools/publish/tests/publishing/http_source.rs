//! Content read from an API base URL: a small HTTP server in the test
//! serves a content folder, with a fault where a test asks for one.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use publish::{publish, ContentFrom};

use std::collections::BTreeSet;

use crate::support::{
    file_names, folders, options, output_with_shell, published_api, read_json, sample_copy, snapshot, write_json, ORIGIN,
};

/// Runs that read from a URL copy their documents to a folder of their own
/// under the system's temporary folder; one test at a time, so a test can
/// tell whether a run left its copy behind.
fn one_api_test_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The copies of API documents this process has left in the temporary folder.
fn spools() -> Vec<String> {
    let prefix = format!("ban-tin-publish-{}", std::process::id());
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(&prefix))
        .collect()
}

/// An answer the server gives instead of the file: status, content type, body.
type Fault = (u16, &'static str, Vec<u8>);

/// Serves `root` under `/api/` on 127.0.0.1, one connection at a time;
/// `fault` may answer a document path (`site.json`, `articles/x.json`)
/// itself. Stops when dropped.
struct TestServer {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// How many times each path was asked for.
    requests: Arc<Mutex<BTreeMap<String, usize>>>,
}

impl TestServer {
    fn start(root: PathBuf, fault: impl Fn(&str) -> Option<Fault> + Send + 'static) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(BTreeMap::new()));
        let thread = {
            let (stop, requests) = (stop.clone(), requests.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        let _ = answer(stream, &root, &fault, &requests);
                    }
                }
            })
        };
        TestServer { address, stop, thread: Some(thread), requests }
    }

    fn base(&self) -> String {
        format!("http://{}/api/", self.address)
    }

    fn requests(&self) -> BTreeMap<String, usize> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wakes the accept loop up so it sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(
    mut stream: TcpStream,
    root: &std::path::Path,
    fault: &dyn Fn(&str) -> Option<Fault>,
    requests: &Mutex<BTreeMap<String, usize>>,
) -> std::io::Result<()> {
    let target = crate::support::read_request_target(&stream)?;
    let document = target.strip_prefix("/api/").unwrap_or("").to_string();
    *requests.lock().unwrap().entry(document.clone()).or_default() += 1;
    let (status, content_type, body) = match fault(&document) {
        Some(fault) => fault,
        None if !document.is_empty() && !document.contains("..") => match std::fs::read(root.join(&document)) {
            Ok(bytes) => (200, "application/json; charset=utf-8", bytes),
            Err(_) => (404, "text/plain; charset=utf-8", b"not found".to_vec()),
        },
        None => (404, "text/plain; charset=utf-8", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}

#[test]
fn a_site_read_from_a_url_is_the_site_read_from_the_folder() {
    let _one = one_api_test_at_a_time();
    let content = sample_copy("http-content");
    let server = TestServer::start(content.path().to_path_buf(), |_| None);
    let from_url = output_with_shell("http-url-out");
    let from_folder = output_with_shell("http-folder-out");
    let report = publish(&options(ContentFrom::Url(server.base()), from_url.path(), Some(ORIGIN))).expect("publishes from the URL");
    publish(&options(ContentFrom::Folder(content.path().into()), from_folder.path(), Some(ORIGIN))).unwrap();

    let (url, folder) = (snapshot(from_url.path()), snapshot(from_folder.path()));
    assert_eq!(file_names(&url), file_names(&folder));
    let differing: Vec<&String> = url.keys().filter(|file| url[*file].0 != folder[*file].0).collect();
    assert!(differing.is_empty(), "differ from the folder's run: {differing:?}");
    assert!(report.articles >= 100);
    // Both publish the API they read, complete: every document the pages
    // show, and the published variants of every image they name (never an
    // original). A document without images is the content's bytes; one with
    // images shows the published files.
    let api = published_api(content.path());
    let published: BTreeSet<String> =
        url.keys().filter(|file| file.starts_with("api/") || file.starts_with("anh/")).cloned().collect();
    assert_eq!(published, api);
    assert!(api.iter().any(|file| file.starts_with("anh/")) && api.iter().any(|file| file.starts_with("api/articles/")));
    assert!(!api.iter().any(|file| file.starts_with("api/media/")), "an original is published");
    for file in api.iter().filter(|file| file.starts_with("api/")) {
        let source = std::fs::read_to_string(content.path().join(&file["api/".len()..])).unwrap();
        let published = String::from_utf8(url[file].0.clone()).unwrap();
        if source.contains("\"src\"") {
            assert!(!published.contains("\"media/") && published.contains("\"/anh/"), "{file}: {published}");
        } else {
            assert_eq!(published, source, "{file}");
        }
    }
    assert_eq!(report.images, crate::support::shown_media(content.path()).len());
    // The API is asked once per document: the rendering pass reads the copy.
    let requests = server.requests();
    let repeated: Vec<_> = requests.iter().filter(|(_, count)| **count != 1).collect();
    assert!(repeated.is_empty(), "asked more than once: {repeated:?}");
    assert_eq!(requests.keys().filter(|path| path.starts_with("articles/")).count(), report.articles);
    // The base may be given without its trailing slash.
    let again = publish(&options(ContentFrom::Url(server.base().trim_end_matches('/').into()), from_url.path(), Some(ORIGIN))).unwrap();
    assert!(again.changes.written.is_empty(), "{:?}", again.changes.written);
}

#[test]
fn a_server_error_for_one_document_names_its_url_and_status() {
    let _one = one_api_test_at_a_time();
    let content = sample_copy("http-500-content");
    let slug = crate::support::item_slugs(&crate::support::read_json(content.path(), "categories/kinh-te/page-1.json"))[3].clone();
    let broken = format!("articles/{slug}.json");
    let fault_path = broken.clone();
    let server = TestServer::start(content.path().to_path_buf(), move |document| {
        (document == fault_path).then(|| (500, "text/html; charset=utf-8", b"<h1>Internal Server Error</h1>".to_vec()))
    });
    let out = output_with_shell("http-500-out");
    let before = snapshot(out.path());
    let error = publish(&options(ContentFrom::Url(server.base()), out.path(), Some(ORIGIN))).expect_err("a 500 stops the run");
    let message = error.to_string();
    assert!(message.contains(&format!("{}{broken}", server.base())), "the message must name the URL: {message}");
    assert!(message.contains("500"), "the message must give the status: {message}");
    assert_eq!(snapshot(out.path()), before);
    assert!(folders(out.path()).iter().all(|folder| !folder.contains(".publish-staging")));
}

#[test]
fn an_html_error_page_sent_as_200_is_not_taken_for_site_json() {
    let _one = one_api_test_at_a_time();
    let content = sample_copy("http-html-content");
    let server = TestServer::start(content.path().to_path_buf(), |document| {
        (document == "site.json").then(|| {
            let page = "<!doctype html><html><body><h1>Hệ thống đang bảo trì</h1></body></html>";
            (200, "text/html; charset=utf-8", page.as_bytes().to_vec())
        })
    });
    let out = output_with_shell("http-html-out");
    let before = snapshot(out.path());
    let error = publish(&options(ContentFrom::Url(server.base()), out.path(), Some(ORIGIN))).expect_err("HTML is not site.json");
    let message = error.to_string();
    assert!(message.contains(&format!("{}site.json", server.base())), "the message must name the URL: {message}");
    assert!(message.contains("invalid document"), "the message must give the cause: {message}");
    assert_eq!(snapshot(out.path()), before);
}

#[test]
fn an_unreachable_api_is_named() {
    let _one = one_api_test_at_a_time();
    // A port that was free a moment ago: nothing answers there.
    let address = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let base = format!("http://{address}/api/");
    let out = output_with_shell("http-down-out");
    let before = snapshot(out.path());
    let error = publish(&options(ContentFrom::Url(base.clone()), out.path(), Some(ORIGIN))).expect_err("nothing answers");
    assert!(error.to_string().contains(&format!("{base}site.json")), "{error}");
    assert_eq!(snapshot(out.path()), before);
}

/// Two runs reading from URLs at once (as two tests, or two sites published
/// by one process) must not share the folder their documents are copied to.
#[test]
fn two_runs_from_urls_at_once_keep_their_documents_apart() {
    let _one = one_api_test_at_a_time();
    let slow_content = sample_copy("http-slow-content");
    let fast_content = sample_copy("http-fast-content");
    // The slow API takes a while per document, so the fast run starts and
    // ends while the slow one is still reading.
    let slow = TestServer::start(slow_content.path().to_path_buf(), |_| {
        std::thread::sleep(Duration::from_millis(5));
        None
    });
    let fast = TestServer::start(fast_content.path().to_path_buf(), |_| None);
    let slow_out = output_with_shell("http-slow-out");
    let fast_out = output_with_shell("http-fast-out");
    let slow_options = options(ContentFrom::Url(slow.base()), slow_out.path(), Some(ORIGIN));
    let fast_options = options(ContentFrom::Url(fast.base()), fast_out.path(), Some(ORIGIN));
    let (slow_result, fast_result) = std::thread::scope(|scope| {
        let slow_run = scope.spawn(|| publish(&slow_options));
        std::thread::sleep(Duration::from_millis(100));
        let fast_run = scope.spawn(|| publish(&fast_options));
        (slow_run.join().unwrap(), fast_run.join().unwrap())
    });
    let fast_report = fast_result.unwrap_or_else(|error| panic!("the fast run failed: {error}"));
    let slow_report = slow_result.unwrap_or_else(|error| panic!("the slow run failed: {error}"));
    assert_eq!(slow_report.articles, fast_report.articles);
    let (slow_files, fast_files) = (snapshot(slow_out.path()), snapshot(fast_out.path()));
    assert_eq!(file_names(&slow_files), file_names(&fast_files));
    assert!(slow_files.keys().all(|file| slow_files[file].0 == fast_files[file].0));
}

#[test]
fn a_run_removes_its_copy_of_the_documents_however_it_ends() {
    let _one = one_api_test_at_a_time();
    let content = sample_copy("http-spool-content");
    let server = TestServer::start(content.path().to_path_buf(), |document| {
        (document == "articles/khong-co.json").then(|| (500, "text/plain", b"x".to_vec()))
    });
    let out = output_with_shell("http-spool-out");
    let before = spools();

    publish(&options(ContentFrom::Url(server.base()), out.path(), Some(ORIGIN))).expect("publishes");
    assert_eq!(spools(), before, "after a run that succeeded");

    // Stopped after the checking pass, by the configuration.
    publish(&options(ContentFrom::Url(server.base()), out.path(), Some("https://thanhvan.gov.vn/sai"))).expect_err("a bad origin");
    assert_eq!(spools(), before, "after a run stopped by its origin");

    // Stopped in the checking pass, by a document.
    let list = "categories/kinh-te/page-1.json";
    let mut page = crate::support::read_json(content.path(), list);
    let mut ghost = page["items"][0].clone();
    ghost["slug"] = "khong-co".into();
    page["items"].as_array_mut().unwrap().push(ghost);
    crate::support::write_json(content.path(), list, &page);
    publish(&options(ContentFrom::Url(server.base()), out.path(), Some(ORIGIN))).expect_err("a 500");
    assert_eq!(spools(), before, "after a run stopped by a document");
}

/// What a source holds besides the site: an article no list names, a
/// document of another kind, an image no document shows.
fn add_unread_files(content: &std::path::Path) {
    let listed = crate::support::item_slugs(&read_json(content, "categories/kinh-te/page-1.json"))[0].clone();
    let mut orphan = read_json(content, &format!("articles/{listed}.json"));
    orphan["slug"] = "bai-khong-duoc-liet-ke".into();
    write_json(content, "articles/bai-khong-duoc-liet-ke.json", &orphan);
    write_json(content, "drafts/ban-nhap.json", &serde_json::json!({ "title": "Bản nháp" }));
    std::fs::write(content.join("media/khong-dung.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    write_json(content, "search.json", &serde_json::json!({ "items": [] }));
}

#[test]
fn only_the_documents_read_and_their_images_are_published_whatever_the_source() {
    let _one = one_api_test_at_a_time();
    let content = sample_copy("read-only-content");
    add_unread_files(content.path());
    // An article whose lead image the source does not have.
    let slug = crate::support::item_slugs(&read_json(content.path(), "categories/kinh-te/page-1.json"))[1].clone();
    let mut article = read_json(content.path(), &format!("articles/{slug}.json"));
    article["image"] = serde_json::json!({ "src": "media/khong-co-anh.svg", "alt": "Ảnh không có" });
    write_json(content.path(), &format!("articles/{slug}.json"), &article);
    let server = TestServer::start(content.path().to_path_buf(), |_| None);
    let expected = published_api(content.path());
    assert!(crate::support::shown_media(content.path()).contains("media/khong-co-anh.svg"));
    for (label, from) in [("folder", ContentFrom::Folder(content.path().into())), ("url", ContentFrom::Url(server.base()))] {
        let out = output_with_shell(&format!("read-only-{label}"));
        let report = publish(&options(from, out.path(), Some(ORIGIN))).unwrap_or_else(|error| panic!("{label}: {error}"));
        let files = snapshot(out.path());
        let api: BTreeSet<String> = files.keys().filter(|file| file.starts_with("api/") || file.starts_with("anh/")).cloned().collect();
        assert_eq!(api, expected, "{label}: exactly the documents read and the images they show");
        assert_eq!(report.image_warnings.len(), 1, "{label}: {:?}", report.image_warnings);
        let warning = &report.image_warnings[0];
        assert_eq!(warning.document, format!("articles/{slug}.json"), "{label}: {warning}");
        assert!(warning.url.ends_with("media/khong-co-anh.svg") && warning.cause.contains("missing"), "{label}: {warning}");
        // The image is left out of the article that showed it.
        assert!(read_json(out.path(), &format!("api/articles/{slug}.json")).get("image").is_none(), "{label}");
    }
    // Nothing asked the API for what no page needs.
    let requests = server.requests();
    for unread in ["articles/bai-khong-duoc-liet-ke.json", "drafts/ban-nhap.json", "media/khong-dung.svg", "search.json"] {
        assert!(!requests.contains_key(unread), "{unread} was asked for");
    }
}

#[test]
fn with_an_api_base_elsewhere_the_site_has_no_api_of_its_own() {
    let _one = one_api_test_at_a_time();
    let content = sample_copy("api-elsewhere-content");
    let out = output_with_shell("api-elsewhere-out");
    let mut elsewhere = options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN));
    elsewhere.api_base = Some("https://cms.thanhvan.gov.vn/api/".into());
    let report = publish(&elsewhere).expect("publishes");
    assert!(!out.join("api").exists(), "the app's own copy of an API is not published either");
    // The images are the site's own all the same (under anh/), the pages
    // point at them, and the documents the CMS serves are not rewritten.
    assert_eq!(report.images, crate::support::shown_media(content.path()).len());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<meta name=\"api-base\" content=\"https://cms.thanhvan.gov.vn/api/\""));
    // The live shell now names the CMS; with an app whose shell has the
    // default base again, the site publishes its API again.
    let app = output_with_shell("api-elsewhere-app");
    let mut back = options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN));
    back.app = Some(app.path().to_path_buf());
    publish(&back).expect("publishes");
    assert_eq!(read_json(out.path(), "api/site.json"), read_json(content.path(), "site.json"));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<meta name=\"api-base\" content=\"/api/\""));
}
