//! Publishing from WordPress (`publish::wordpress`) against a small fake of
//! its REST API served by the test (the real WordPress is the end-to-end
//! suite's, `tests/e2e/tests/wordpress.rs`): the contract written into the
//! published folder's `api/`, hidden posts left out, incremental runs that
//! ask only what changed, the `?rest_route=` fallback, and every fault of
//! the issue failing the run with the URL and the cause while the site and
//! the state stay as they were.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use publish::wordpress::{publish_wordpress, WordPressOptions};
use serde_json::{json, Value};

use crate::support::{output_with_shell, read_json, snapshot, TempDir};

/// What the fake answers instead of the real thing.
#[derive(Clone, Debug)]
enum Fault {
    Status(u16, &'static str, &'static str),
    /// Headers never come.
    Hang(Duration),
    /// 200 with this content type and body.
    Body(&'static str, String),
}

/// The fake site's content and behaviour.
#[derive(Default)]
struct Site {
    posts: Vec<Value>,
    /// `/wp-json/` answers 404, as without pretty permalinks.
    plain_permalinks: bool,
    /// A fault for requests whose target contains the key.
    faults: Vec<(String, Fault)>,
    requests: Vec<String>,
}

struct FakeWordPress {
    address: SocketAddr,
    site: Arc<Mutex<Site>>,
    stop: Arc<AtomicBool>,
}

const CATEGORIES: &str = r#"[{"id":2,"name":"Tin tức - Sự kiện","slug":"tin-tuc-su-kien","description":"Hoạt động của thành phố"},
 {"id":3,"name":"Kinh tế &amp; Xã hội","slug":"kinh-te-xa-hoi","description":""},
 {"id":1,"name":"Uncategorized","slug":"uncategorized","description":""}]"#;

fn post(id: u64, category: u64, modified: &str) -> Value {
    let day = 1 + id % 28;
    let mut post = json!({
        "id": id, "status": "publish", "slug": format!("tin-so-{id}"),
        "date_gmt": format!("2026-10-{day:02}T0{}:00:00", id % 10), "modified_gmt": modified,
        "title": {"rendered": format!("Tin &#8220;số {id}&#8221; &#8211; Thanh Vân")},
        "excerpt": {"rendered": format!("<p>Tóm tắt tin số {id} [&hellip;]</p>\n"), "protected": false},
        "content": {"rendered": format!("<p>Nội dung tin số {id}.</p><script>__xss=1</script>"), "protected": false},
        "categories": [category], "featured_media": 0, "author": 2,
        "_embedded": {"author": [{"id": 2, "name": "Thu Hà"}], "wp:term": [[{"id": category, "taxonomy": "category"}], []]}
    });
    if id.is_multiple_of(3) {
        post["featured_media"] = json!(100 + id);
        post["_embedded"]["wp:featuredmedia"] = json!([{"id": 100 + id,
            "source_url": format!("IMAGE_BASE/wp-content/uploads/anh-{id}.svg"), "alt_text": "Đồi xanh",
            "caption": {"rendered": "<p>Ảnh <em>minh họa</em></p>\n"}, "media_details": {"width": 800, "height": 450}}]);
    }
    post
}

impl FakeWordPress {
    /// 24 published posts in two categories, one password-protected post
    /// and a draft that a misbehaving plugin lets through.
    fn start() -> FakeWordPress {
        let mut posts: Vec<Value> = (1..=24).map(|id| post(id, if id <= 14 { 2 } else { 3 }, "2026-11-01T00:00:00")).collect();
        let mut protected = post(40, 2, "2026-11-01T00:00:00");
        protected["content"] = json!({"rendered": "", "protected": true});
        protected["excerpt"] = json!({"rendered": "", "protected": true});
        posts.push(protected);
        let mut draft = post(41, 2, "2026-11-01T00:00:00");
        draft["status"] = json!("draft");
        posts.push(draft);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let base = format!("http://{address}");
        for post in &mut posts {
            if let Some(media) = post["_embedded"].get_mut("wp:featuredmedia") {
                let url = media[0]["source_url"].as_str().unwrap().replace("IMAGE_BASE", &base);
                media[0]["source_url"] = json!(url);
            }
        }
        let site = Arc::new(Mutex::new(Site { posts, ..Site::default() }));
        let stop = Arc::new(AtomicBool::new(false));
        {
            let (site, stop) = (site.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let site = site.clone();
                    if let Ok(stream) = stream {
                        std::thread::spawn(move || {
                            let _ = answer(stream, &site);
                        });
                    }
                }
            });
        }
        FakeWordPress { address, site, stop }
    }

    fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    fn site(&self) -> std::sync::MutexGuard<'_, Site> {
        self.site.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn take_requests(&self) -> Vec<String> {
        std::mem::take(&mut self.site().requests)
    }
}

impl Drop for FakeWordPress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(self.address);
    }
}

fn query_value<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|pair| pair.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')))
}

/// The REST API's answer to `route` with `query`: status, extra headers, body.
fn rest(site: &Site, route: &str, query: &str) -> (u16, Vec<(String, String)>, String) {
    let page: usize = query_value(query, "page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let per_page: usize = query_value(query, "per_page").and_then(|p| p.parse().ok()).unwrap_or(10);
    let listing = |items: Vec<Value>| {
        let total_pages = items.len().div_ceil(per_page).max(1);
        let page_items: Vec<Value> = items.into_iter().skip((page - 1) * per_page).take(per_page).collect();
        (200, vec![("X-WP-TotalPages".to_string(), total_pages.to_string())], Value::Array(page_items).to_string())
    };
    match route {
        "/" => (200, vec![], json!({"name": "Cổng thông tin Thanh Vân", "description": "Thông tin &amp; sự kiện", "home": "http://thanhvan.test"}).to_string()),
        "/wp/v2/categories" => listing(serde_json::from_str(CATEGORIES).unwrap()),
        "/wp/v2/pages" => listing(vec![
            json!({"id": 90, "status": "publish", "slug": "gioi-thieu", "modified_gmt": "2026-09-01T00:00:00", "menu_order": 0,
                "title": {"rendered": "Giới thiệu"}, "content": {"rendered": "<p>Thành phố Thanh Vân</p>", "protected": false}}),
            json!({"id": 91, "status": "draft", "slug": "nhap", "modified_gmt": "2026-09-01T00:00:00", "menu_order": 0,
                "title": {"rendered": "Trang nháp"}, "content": {"rendered": "<p>Chưa công khai</p>", "protected": false}}),
        ]),
        "/wp/v2/posts" => {
            // As WordPress: drafts are not listed anonymously (but see the
            // leaked one, which has "status": "draft" yet is listed here).
            let mut posts: Vec<Value> = site.posts.clone();
            if let Some(after) = query_value(query, "modified_after") {
                let after = after.trim_end_matches('Z');
                posts.retain(|post| post["modified_gmt"].as_str().unwrap_or("") > after);
            }
            if let Some(include) = query_value(query, "include") {
                let ids: Vec<u64> = include.split(',').filter_map(|id| id.parse().ok()).collect();
                posts.retain(|post| ids.contains(&post["id"].as_u64().unwrap_or(0)));
            }
            if query_value(query, "_fields") == Some("id") {
                posts = posts.into_iter().map(|post| json!({"id": post["id"]})).collect();
            }
            listing(posts)
        }
        _ => (404, vec![], r#"{"code":"rest_no_route"}"#.into()),
    }
}

fn answer(mut stream: TcpStream, site: &Mutex<Site>) -> std::io::Result<()> {
    let target = crate::support::read_request_target(&stream)?;
    let (fault, response) = {
        let mut site = site.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        site.requests.push(target.clone());
        let fault = site.faults.iter().find(|(key, _)| target.contains(key.as_str())).map(|(_, fault)| fault.clone());
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let response = if path.starts_with("/wp-content/uploads/") {
            // A drawing: text the fake can serve, and a real image to the pipeline.
            (200, vec![("Content-Type".to_string(), "image/svg+xml".to_string())], "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"/>".to_string())
        } else if let Some(route) = path.strip_prefix("/wp-json") {
            if site.plain_permalinks {
                (404, vec![], "<html><body>Không tìm thấy</body></html>".to_string())
            } else {
                rest(&site, if route.is_empty() { "/" } else { route }, query)
            }
        } else if path == "/" {
            match query_value(query, "rest_route") {
                Some(route) => rest(&site, route, query),
                None => (200, vec![], "<html></html>".to_string()),
            }
        } else {
            (404, vec![], "not found".to_string())
        };
        (fault, response)
    };
    let (status, mut headers, body) = response;
    let mut content_type = "application/json; charset=UTF-8".to_string();
    let (status, body) = match fault {
        Some(Fault::Hang(duration)) => {
            std::thread::sleep(duration);
            return Ok(());
        }
        Some(Fault::Status(status, kind, body)) => {
            content_type = kind.to_string();
            (status, body.to_string())
        }
        Some(Fault::Body(kind, body)) => {
            content_type = kind.to_string();
            (200, body)
        }
        None => (status, body),
    };
    if let Some(index) = headers.iter().position(|(name, _)| name == "Content-Type") {
        content_type = headers.remove(index).1;
    }
    let extra: String = headers.iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}

fn options(wordpress: &str, out: &std::path::Path, state: &std::path::Path) -> WordPressOptions {
    let mut options = WordPressOptions::new(wordpress, out);
    options.state = Some(state.to_path_buf());
    options.threads = 2;
    options.timeout = Duration::from_secs(2);
    options
}

fn article_slugs(out: &std::path::Path) -> Vec<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(out.join("api/articles"))
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().trim_end_matches(".json").to_string())
        .collect();
    slugs.sort();
    slugs
}

#[test]
fn a_wordpress_site_is_published_then_republished_incrementally() {
    let wordpress = FakeWordPress::start();
    let out = output_with_shell("wp-out");
    let state = TempDir::new("wp-state");
    let report = publish_wordpress(&options(&wordpress.url(), out.path(), state.path())).expect("the first run publishes");
    assert!(report.full);
    assert_eq!((report.posts, report.images), (24, 8));

    // The contract, in the published folder's API folder; the shell's stand-in `api/site.json` replaced.
    let site = read_json(out.path(), "api/site.json");
    assert_eq!(site["name"], "Cổng thông tin Thanh Vân");
    assert_eq!(site["tagline"], "Thông tin & sự kiện");
    assert_eq!(site["url"], "http://thanhvan.test");
    let menu: Vec<&str> = site["categories"].as_array().unwrap().iter().map(|c| c["slug"].as_str().unwrap()).collect();
    assert_eq!(menu, ["tin-tuc-su-kien", "kinh-te-xa-hoi"], "creation order, empty categories left out");
    assert_eq!(site["categories"][1]["name"], "Kinh tế & Xã hội");
    assert_eq!(site["pages"], json!([{"slug": "gioi-thieu", "title": "Giới thiệu"}]), "published pages only");
    assert_eq!(read_json(out.path(), "api/pages/gioi-thieu.json")["body_html"], "<p>Thành phố Thanh Vân</p>");
    assert!(out.join("trang/gioi-thieu/index.html").is_file() && !out.join("api/pages/nhap.json").exists());
    let slugs = article_slugs(out.path());
    assert_eq!(slugs.len(), 24);
    assert!(!slugs.contains(&"tin-so-40".to_string()) && !slugs.contains(&"tin-so-41".to_string()), "protected and draft never published");
    assert!(!out.join("bai-viet/tin-so-40").exists() && !out.join("bai-viet/tin-so-41").exists());
    let article = read_json(out.path(), "api/articles/tin-so-3.json");
    assert_eq!(article["title"], "Tin “số 3” – Thanh Vân");
    assert_eq!(article["lead"], "Tóm tắt tin số 3");
    assert_eq!(article["body_html"], "<p>Nội dung tin số 3.</p>");
    assert_eq!(article["published_at"], "2026-10-04T10:00:00+07:00");
    assert_eq!(article["updated_at"], "2026-11-01T07:00:00+07:00");
    assert_eq!(article["author"], "Thu Hà");
    assert_eq!(article["image"]["caption"], "Ảnh minh họa");
    let src = article["image"]["src"].as_str().unwrap();
    assert!(src.starts_with("/anh/") && out.join(&src[1..]).is_file(), "the image is published under anh/: {src}");
    assert_eq!(article["related"].as_array().unwrap().len(), 5);
    let page2 = read_json(out.path(), "api/categories/tin-tuc-su-kien/page-2.json");
    assert_eq!((page2["total_items"].as_u64(), page2["items"].as_array().unwrap().len()), (Some(14), 4));
    assert!(out.join("chuyen-muc/tin-tuc-su-kien/trang-2/index.html").is_file());
    assert!(out.join("bai-viet/tin-so-3/index.html").is_file());
    assert!(out.join("search/manifest.json").is_file() || out.join("search").is_dir());

    // Nothing changed: only what changed is asked for, nothing is written.
    wordpress.take_requests();
    let report = publish_wordpress(&options(&wordpress.url(), out.path(), state.path())).unwrap();
    assert!(!report.full);
    assert!(report.publish.changes.written.is_empty(), "{:?}", report.publish.changes.written);
    let requests = wordpress.take_requests();
    let posts: Vec<&String> = requests.iter().filter(|target| target.contains("/wp/v2/posts")).collect();
    assert_eq!(posts.len(), 2, "{requests:#?}");
    assert_eq!(requests.len(), 5, "the index, categories, pages, changed posts, ids: {requests:#?}");
    assert!(posts[0].contains("modified_after=2026-10-31T23:59:59Z") && posts[0].contains("_embed="), "{}", posts[0]);
    assert!(posts[1].contains("_fields=id&"), "{}", posts[1]);
    assert!(!requests.iter().any(|target| target.contains("/wp-content/")), "images are not fetched again");

    // One post edited, one deleted, one password-protected since: exactly those change.
    {
        let mut site = wordpress.site();
        let edited = site.posts.iter_mut().find(|post| post["id"] == 5).unwrap();
        edited["title"] = json!({"rendered": "Tin số 5 đã sửa"});
        edited["modified_gmt"] = json!("2026-11-02T00:00:00");
        site.posts.retain(|post| post["id"] != 7);
        let protected = site.posts.iter_mut().find(|post| post["id"] == 24).unwrap();
        protected["content"] = json!({"rendered": "", "protected": true});
        protected["modified_gmt"] = json!("2026-11-02T00:00:00");
    }
    let report = publish_wordpress(&options(&wordpress.url(), out.path(), state.path())).unwrap();
    assert_eq!((report.posts, report.removed), (22, 2));
    assert_eq!(read_json(out.path(), "api/articles/tin-so-5.json")["title"], "Tin số 5 đã sửa");
    let slugs = article_slugs(out.path());
    assert!(!slugs.contains(&"tin-so-7".to_string()) && !slugs.contains(&"tin-so-24".to_string()));
    assert!(!out.join("bai-viet/tin-so-7").exists() && !out.join("bai-viet/tin-so-24").exists());
    let changes = &report.publish.changes;
    assert!(changes.deleted.contains(&"api/articles/tin-so-7.json".to_string()), "{:?}", changes.deleted);
    let untouched_article = "bai-viet/tin-so-20/index.html".to_string();
    assert!(!changes.written.contains(&untouched_article), "an article far from the changes is not rewritten");
    // The edited article, and the neighbours whose "Tin khác" names a changed one.
    let articles_written: Vec<&String> = changes.written.iter().filter(|file| file.starts_with("api/articles/")).collect();
    assert!(articles_written.len() <= 12, "{articles_written:?}");
    assert!(articles_written.contains(&&"api/articles/tin-so-5.json".to_string()));

    // A post published without a newer modification (a scheduled post whose time came) is found by the id listing.
    {
        let mut site = wordpress.site();
        site.posts.push(post(30, 3, "2026-10-15T00:00:00"));
    }
    let report = publish_wordpress(&options(&wordpress.url(), out.path(), state.path())).unwrap();
    assert_eq!(report.posts, 23);
    assert!(out.join("api/articles/tin-so-30.json").is_file());
}

#[test]
fn without_pretty_permalinks_the_rest_route_is_used() {
    let wordpress = FakeWordPress::start();
    wordpress.site().plain_permalinks = true;
    let out = output_with_shell("wp-plain-out");
    let state = TempDir::new("wp-plain-state");
    let report = publish_wordpress(&options(&wordpress.url(), out.path(), state.path())).expect("publishes through ?rest_route=");
    assert_eq!(report.posts, 24);
    let requests = wordpress.take_requests();
    assert!(requests.iter().any(|target| target.starts_with("/?rest_route=/wp/v2/posts&")), "{requests:#?}");
}

#[test]
fn a_failing_run_names_the_url_and_leaves_the_site_and_its_state_as_they_were() {
    let php_warning = "<br />\n<b>Warning</b>:  Undefined array key \"x\" in <b>/wp-content/plugins/lich/lich.php</b> on line <b>12</b><br />\n[]";
    let missing_fields = {
        let mut broken = post(50, 2, "2026-12-01T00:00:00");
        broken.as_object_mut().unwrap().remove("date_gmt");
        json!([broken]).to_string()
    };
    let cases: Vec<(&str, Option<Fault>, &str)> = vec![
        ("down", None, "connection refused"),
        ("500", Some(Fault::Status(500, "text/html", "<h1>Internal Server Error</h1>")), "HTTP status 500"),
        ("hung", Some(Fault::Hang(Duration::from_secs(4))), "timed out"),
        ("html page", Some(Fault::Body("text/html; charset=UTF-8", "<!DOCTYPE html><html><body><p>Có lỗi nghiêm trọng trên trang web này.</p></body></html>".into())), "an HTML page instead of JSON"),
        ("php warning", Some(Fault::Body("application/json; charset=UTF-8", php_warning.into())), "output before the JSON"),
        ("invalid json", Some(Fault::Body("application/json; charset=UTF-8", "[{\"id\": 1, \"title\":".into())), "invalid JSON"),
        ("missing fields", Some(Fault::Body("application/json; charset=UTF-8", missing_fields)), "post 50: no \"date_gmt\" string"),
    ];
    for (name, fault, cause) in cases {
        let wordpress = FakeWordPress::start();
        let out = output_with_shell("wp-fault-out");
        let state = TempDir::new("wp-fault-state");
        publish_wordpress(&options(&wordpress.url(), out.path(), state.path())).expect("the first run publishes");
        let (site_before, state_before) = (snapshot(out.path()), snapshot(state.path()));
        let url = match fault {
            None => {
                let url = wordpress.url();
                drop(wordpress);
                std::thread::sleep(Duration::from_millis(100));
                url
            }
            Some(fault) => {
                // The listing of changed posts fails.
                wordpress.site().faults.push(("modified_after".into(), fault));
                wordpress.url()
            }
        };
        let error = publish_wordpress(&options(&url, out.path(), state.path())).expect_err(name).to_string();
        assert!(error.contains(cause), "{name}: {error}");
        assert!(error.starts_with(&url), "{name}: the message names the URL: {error}");
        assert!(name == "down" || error.contains("/wp/v2/posts?"), "{name}: {error}");
        assert_eq!(snapshot(out.path()), site_before, "{name}: the site is untouched");
        assert_eq!(snapshot(state.path()), state_before, "{name}: the state is untouched");
    }
}

#[test]
fn a_first_run_that_fails_writes_nothing() {
    let wordpress = FakeWordPress::start();
    wordpress.site().faults.push(("/wp-content/uploads/anh-9.svg".into(), Fault::Status(500, "text/html", "lỗi")));
    let out = output_with_shell("wp-first-out");
    let before = snapshot(out.path());
    let state = TempDir::new("wp-first-state");
    let error = publish_wordpress(&options(&wordpress.url(), out.path(), state.path())).unwrap_err().to_string();
    assert!(error.contains("/wp-content/uploads/anh-9.svg: HTTP status 500"), "{error}");
    assert_eq!(snapshot(out.path()), before);
    assert!(!state.join("sync.json").exists());
}

#[test]
fn the_command_exits_non_zero_naming_the_url_and_the_cause() {
    let wordpress = FakeWordPress::start();
    wordpress.site().faults.push(("/wp/v2/categories".into(), Fault::Status(500, "text/html", "<h1>Lỗi</h1>")));
    let out = output_with_shell("wp-cli-out");
    let state = TempDir::new("wp-cli-state");
    let before = snapshot(out.path());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_publish"))
        .args(["--from", "wordpress", "--url", &wordpress.url(), "--timeout", "5", "--out"])
        .arg(out.path())
        .arg("--state")
        .arg(state.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the previous site is unchanged")
            && stderr.contains(&format!("{}wp-json/wp/v2/categories?", wordpress.url()))
            && stderr.contains("HTTP status 500"),
        "{stderr}"
    );
    assert_eq!(snapshot(out.path()), before);
    let usage = std::process::Command::new(env!("CARGO_BIN_EXE_publish")).args(["--from", "wordpress", "--out"]).arg(out.path()).output().unwrap();
    assert_eq!(usage.status.code(), Some(2), "--url is required");
}
