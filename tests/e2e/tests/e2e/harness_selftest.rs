//! The harness against a tiny hand-made site (no app build needed):
//! `cargo test -p e2e -- harness_selftest`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use e2e::{http_get, http_request, Browser, Fault, Harness, TempDir, TestServer};

const NAME: &str = "Cổng thông tin điện tử Thành phố Thanh Vân";

const INDEX: &str = r##"<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Trang tự kiểm tra">
<title>Tự kiểm tra</title>
</head>
<body>
<a id="skip" href="#main">Bỏ qua</a>
<h1 id="greeting">Xin chào</h1>
<p id="where"></p>
<main id="main"><button id="btn">Nút</button></main>
<script src="/app.js"></script>
</body>
</html>
"##;

const APP_JS: &str = r#"
document.getElementById('where').textContent = location.pathname + location.search;
console.log('selftest app started');
fetch('/api/site.json')
  .then(r => r.json())
  .then(site => {
    const p = document.createElement('p');
    p.id = 'site';
    p.textContent = site.name;
    document.body.appendChild(p);
  })
  .catch(e => {
    const p = document.createElement('p');
    p.id = 'site-error';
    p.textContent = String(e);
    document.body.appendChild(p);
  });
"#;

/// `index.html`, `app.js`, a fake `.wasm`, `/api/*.json` and a compressible text.
fn site() -> TempDir {
    let dir = TempDir::new("site").unwrap();
    dir.write("index.html", INDEX);
    dir.write("app.js", APP_JS);
    dir.write("app_bg.wasm", b"\0asm\x01\0\0\0");
    dir.write(
        "api/site.json",
        format!(r#"{{"name":"{NAME}","categories":[]}}"#),
    );
    dir.write("api/articles/x.json", r#"{"slug":"x","title":"Bài x"}"#);
    dir.write("big.txt", "Thành phố Thanh Vân — bản tin. ".repeat(2000));
    dir
}

fn get(server: &TestServer, path: &str) -> e2e::HttpResponse {
    server.get(path)
}

#[test]
fn vietnamese_date_line_is_computed_in_utc_plus_7() {
    assert_eq!(
        e2e::vietnamese_date_line(1_718_859_600),
        "Thứ năm, Ngày 20 Tháng 6 Năm 2024"
    );
    assert_eq!(
        e2e::vietnamese_date_line(1_704_043_800),
        "Thứ hai, Ngày 1 Tháng 1 Năm 2024"
    );
    assert_eq!(
        e2e::vietnamese_date_line(1_704_041_999),
        "Chủ nhật, Ngày 31 Tháng 12 Năm 2023"
    );
    let re = crate::support::date_line_re();
    let now = e2e::vietnamese_date_line_now();
    assert!(re.is_match(&now), "{now}");
}

#[test]
fn spa_fallback_api_404_and_content_types() {
    let dir = site();
    let server = TestServer::start(dir.path());

    let home = get(&server, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.text(), INDEX);
    assert!(home
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));

    // Without pre-rendered pages, `index.html` is the shell: an article the
    // API has, and any path outside the app's routes, get it.
    for deep in ["/bai-viet/x", "/khong-co-trang-nay", "/a/b/c"] {
        let response = get(&server, deep);
        assert_eq!(response.status, 200, "{deep}");
        assert_eq!(response.text(), INDEX, "{deep} gets index.html");
        assert!(
            response
                .header("content-type")
                .unwrap()
                .starts_with("text/html"),
            "{deep}"
        );
    }

    for missing in [
        "/api/missing.json",
        "/api/articles/khong-ton-tai.json",
        "/api/",
        "/api/nope/",
    ] {
        let response = get(&server, missing);
        assert_eq!(response.status, 404, "{missing} must be a real 404");
        assert_ne!(response.text(), INDEX, "{missing}");
    }

    let wasm = get(&server, "/app_bg.wasm");
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(wasm.body, b"\0asm\x01\0\0\0");

    let json = get(&server, "/api/site.json");
    assert_eq!(json.status, 200);
    assert_eq!(json.header("content-type"), Some("application/json"));
    assert_eq!(json.json()["name"], NAME);
    assert_eq!(json.header("cache-control"), Some("no-cache"));

    let js = get(&server, "/app.js");
    assert!(js.header("content-type").unwrap().contains("javascript"));

    let head = http_request(
        "HEAD",
        &server.url("/bai-viet/x"),
        &[],
        Duration::from_secs(5),
    )
    .unwrap();
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

/// A published folder: pre-rendered files first, the app shell for pages the
/// API has but no file yet, `404.html` with status 404 for the rest (the
/// test server's use of `publish::resolve`; that those rules are nginx's
/// with `deploy/nginx.conf` is the `nginx` module's differential test).
#[test]
fn published_folder_is_answered_by_its_rules() {
    let dir = site();
    dir.write("app-shell.html", "shell");
    dir.write("404.html", "khong tim thay");
    dir.write("bai-viet/x/index.html", "bai x");
    dir.write("chuyen-muc/y/index.html", "y 1");
    dir.write("chuyen-muc/y/trang-2/index.html", "y 2");
    dir.write("api/categories/y/page-3.json", "{}");
    let server = TestServer::start(dir.path());
    for (path, status, body) in [
        ("/bai-viet/x", 200, "bai x"),
        ("/chuyen-muc/y", 200, "y 1"),
        ("/chuyen-muc/y?trang=1", 200, "y 1"),
        ("/chuyen-muc/y?trang=2", 200, "y 2"),
        ("/chuyen-muc/y?trang=3", 200, "shell"),
        ("/chuyen-muc/y?trang=4", 404, "khong tim thay"),
        ("/chuyen-muc/y?trang=abc", 404, "khong tim thay"),
        ("/bai-viet/khong-co", 404, "khong tim thay"),
        ("/tim-kiem?q=thi+dua", 200, "shell"),
        ("/a/b/c.html", 404, "khong tim thay"),
    ] {
        let response = get(&server, path);
        assert_eq!((response.status, response.text().as_str()), (status, body), "{path}");
    }
    let shell_only = TestServer::builder(dir.path()).app_shell_only(true).start();
    assert_eq!(get(&shell_only, "/bai-viet/x").text(), "shell");
    assert_eq!(get(&shell_only, "/").text(), "shell");
}

#[test]
fn mounted_api_dir_replaces_dist_api() {
    let dir = site();
    let api = TempDir::new("api").unwrap();
    api.write("site.json", r#"{"name":"Khác","categories":[]}"#);
    api.write("categories/a/page-1.json", r#"{"page":1}"#);
    let server = TestServer::builder(dir.path())
        .mount_api_dir(api.path())
        .start();

    assert_eq!(get(&server, "/api/site.json").json()["name"], "Khác");
    assert_eq!(
        get(&server, "/api/categories/a/page-1.json?x=1").json()["page"],
        1
    );
    assert_eq!(
        get(&server, "/api/articles/x.json").status,
        404,
        "dist/api is not consulted"
    );
    assert_eq!(get(&server, "/bai-viet/x").text(), INDEX);

    let static_only = TestServer::builder(dir.path()).spa_fallback(false).start();
    assert_eq!(get(&static_only, "/bai-viet/x").status, 404);
    assert_eq!(get(&static_only, "/").status, 200);
}

#[test]
fn faults_status_body_truncate_and_queue() {
    let dir = site();
    let server = TestServer::start(dir.path());
    let path = "/api/articles/x.json";
    let real = get(&server, path).body;

    // inject_once: the next request only; two queued: the next two, in order.
    server.inject_once(path, Fault::Status(500));
    assert_eq!(get(&server, path).status, 500);
    assert_eq!(get(&server, path).status, 200);
    server.inject_once(path, Fault::Status(503));
    server.inject_once(path, Fault::Status(502));
    assert_eq!(get(&server, path).status, 503);
    assert_eq!(get(&server, path).status, 502);
    assert_eq!(get(&server, path).body, real);

    // inject: until cleared; queued one-shots come first.
    server.inject(path, Fault::Status(500));
    server.inject_once(path, Fault::Status(404));
    assert_eq!(get(&server, path).status, 404);
    assert_eq!(get(&server, path).status, 500);
    assert_eq!(get(&server, path).status, 500);
    assert_eq!(
        get(&server, "/api/site.json").status,
        200,
        "other paths unaffected"
    );
    server.clear(path);
    assert_eq!(get(&server, path).status, 200);

    // Truncate: the first N bytes, with a matching Content-Length.
    server.inject_once(path, Fault::Truncate(10));
    let cut = get(&server, path);
    assert_eq!(cut.status, 200);
    assert_eq!(cut.header("content-length"), Some("10"));
    assert_eq!(cut.body, real[..10]);
    assert!(serde_json::from_slice::<serde_json::Value>(&cut.body).is_err());

    // Body: arbitrary replacement.
    server.inject_once(path, Fault::json("{not json"));
    let bad = get(&server, path);
    assert_eq!((bad.status, bad.text().as_str()), (200, "{not json"));
    assert_eq!(bad.header("content-type"), Some("application/json"));
    let big = vec![b'x'; 5 * 1024 * 1024];
    server.inject_once(path, Fault::body("application/json", big.clone()));
    assert_eq!(get(&server, path).body.len(), big.len());

    // A prefix pattern covers a whole tree; clear_all removes everything.
    server.inject("/api/*", Fault::Status(500));
    assert_eq!(get(&server, "/api/site.json").status, 500);
    assert_eq!(get(&server, path).status, 500);
    assert_eq!(get(&server, "/app.js").status, 200);
    server.clear_all();
    assert_eq!(get(&server, "/api/site.json").status, 200);
}

#[test]
fn fault_delay_then_normal() {
    let dir = site();
    let server = TestServer::start(dir.path());
    server.inject_once("/api/site.json", Fault::Delay(Duration::from_millis(600)));
    let started = Instant::now();
    let response = get(&server, "/api/site.json");
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["name"], NAME);
    let started = Instant::now();
    get(&server, "/api/site.json");
    assert!(
        started.elapsed() < Duration::from_millis(600),
        "the delay was once only"
    );
}

#[test]
fn fault_hang_keeps_connection_open_until_drop() {
    let dir = site();
    let server = TestServer::start(dir.path());
    server.inject("/api/site.json", Fault::Hang);

    let started = Instant::now();
    let err = http_get(&server.url("/api/site.json"), Duration::from_millis(400)).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::TimedOut, "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        get(&server, "/api/articles/x.json").status,
        200,
        "server still serves others"
    );
    assert_eq!(
        server.hits("/api/site.json"),
        1,
        "the hung request was counted"
    );

    // A hung connection is closed (not left hanging) once the server is dropped.
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .write_all(b"GET /api/site.json HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let dropped = Instant::now();
    drop(server);
    let mut buf = [0u8; 64];
    let result = stream.read(&mut buf);
    assert!(
        matches!(result, Ok(0))
            || matches!(&result, Err(e) if e.kind() != std::io::ErrorKind::WouldBlock && e.kind() != std::io::ErrorKind::TimedOut),
        "expected EOF/reset after drop, got {result:?}"
    );
    assert!(
        dropped.elapsed() < Duration::from_secs(5),
        "drop took {:?}",
        dropped.elapsed()
    );
}

#[test]
fn hit_counting_and_request_log() {
    let dir = site();
    let server = TestServer::start(dir.path());
    assert_eq!(server.hits("/api/site.json"), 0);
    get(&server, "/api/site.json");
    get(&server, "/api/site.json?v=2");
    get(&server, "/api/articles/x.json");
    get(&server, "/api/nope.json");
    assert_eq!(
        server.hits("/api/site.json"),
        2,
        "the query is not part of the path"
    );
    assert_eq!(server.hits("/api/nope.json"), 1, "404s count");
    assert_eq!(server.hits("/api/*"), 4);
    assert_eq!(
        server.requests(),
        [
            "GET /api/site.json",
            "GET /api/site.json?v=2",
            "GET /api/articles/x.json",
            "GET /api/nope.json"
        ]
    );
    server.reset_hits();
    assert_eq!(server.hits("/api/*"), 0);
    assert!(server.requests().is_empty());
}

#[test]
fn optional_compression() {
    let dir = site();
    let plain = TestServer::start(dir.path());
    let gzip = [("Accept-Encoding", "gzip")];
    let response =
        http_request("GET", &plain.url("/big.txt"), &gzip, Duration::from_secs(5)).unwrap();
    assert_eq!(response.header("content-encoding"), None, "off by default");

    let server = TestServer::builder(dir.path())
        .with_compression(true)
        .start();
    let original = std::fs::read(dir.path().join("big.txt")).unwrap();
    let response = http_request(
        "GET",
        &server.url("/big.txt"),
        &gzip,
        Duration::from_secs(5),
    )
    .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-encoding"), Some("gzip"));
    assert!(
        response.body.len() < original.len() / 4,
        "{} bytes",
        response.body.len()
    );
    let br = [("Accept-Encoding", "br")];
    let response =
        http_request("GET", &server.url("/big.txt"), &br, Duration::from_secs(5)).unwrap();
    assert_eq!(response.header("content-encoding"), Some("br"));
    let response = get(&server, "/big.txt");
    assert_eq!(response.header("content-encoding"), None);
    assert_eq!(response.body, original);
    // The SPA fallback and faults still apply behind compression.
    assert_eq!(get(&server, "/bai-viet/x").text(), INDEX);
    server.inject_once("/big.txt", Fault::Status(500));
    assert_eq!(get(&server, "/big.txt").status, 500);
}

#[tokio::test]
async fn browser_loads_pages_from_the_server() {
    let dir = site();
    let t = Harness::builder().root(dir.path()).start().await;
    let page = &t.page;

    page.goto("/chuyen-muc/abc?trang=2").await;
    assert_eq!(page.wait_for_text("#site", "Thanh Vân").await, NAME);
    assert_eq!(page.text("#where").await, "/chuyen-muc/abc?trang=2");
    assert_eq!(page.current_path().await, "/chuyen-muc/abc?trang=2");
    assert_eq!(page.title().await, "Tự kiểm tra");
    assert_eq!(page.text("h1").await, "Xin chào");
    assert_eq!(page.attr("html", "lang").await.as_deref(), Some("vi"));
    assert_eq!(page.attr("#skip", "href").await.as_deref(), Some("#main"));
    assert_eq!(page.attr("#skip", "data-nope").await, None);
    assert_eq!(page.count("h1").await, 1);
    assert_eq!(page.count(".nothing").await, 0);
    assert_eq!(page.eval("1 + 2").await, 3);
    assert_eq!(page.exec("return navigator.language").await, "vi-VN");
    assert_eq!(page.viewport().await.0, 1280);
    assert_eq!(page.style("h1", "font-weight").await, "700");
    assert!(t.server.hits("/api/site.json") >= 1);
    assert!(page
        .console_logs()
        .await
        .iter()
        .any(|l| l.contains("selftest app started")));
    page.assert_document_order(&["#skip", "h1", "main", "#site"])
        .await;

    // Keyboard: the first Tab reaches the first focusable element.
    page.tab().await;
    assert!(
        page.active_element_matches("#skip").await,
        "focus on {}",
        page.active_element_tag().await
    );
    assert_eq!(
        page.active_element_attr("href").await.as_deref(),
        Some("#main")
    );
    assert_eq!(page.active_element_text().await, "Bỏ qua");

    // History.
    page.goto("/bai-viet/x").await;
    page.wait_for_text("#where", "/bai-viet/x").await;
    page.back().await;
    page.wait_for_path("/chuyen-muc/abc?trang=2").await;
    page.forward().await;
    page.wait_for_path("/bai-viet/x").await;

    // Clicks that change the DOM.
    page.exec("document.getElementById('btn').onclick = () => document.getElementById('greeting').textContent = 'Đã bấm';")
        .await;
    page.click("#btn").await;
    page.wait_for_text("h1", "Đã bấm").await;
    page.click_text("button", "Nút").await;

    // Screenshots and PDF.
    let shots = e2e::target_dir().join("e2e-screenshots");
    let png = page.screenshot(shots.join("selftest.png")).await;
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 100);
    let full = page
        .screenshot_full_page(shots.join("selftest-full.png"))
        .await;
    assert!(full.starts_with(b"\x89PNG"));
    let pdf = page.print_to_pdf().await;
    assert!(
        pdf.starts_with(b"%PDF"),
        "not a PDF: {:?}",
        &pdf[..pdf.len().min(16)]
    );

    // A "save" made by the page ends up in the download directory.
    page.exec(
        "const a = document.createElement('a');
         a.href = URL.createObjectURL(new Blob(['xin chào'], {type: 'text/plain'}));
         a.download = 'bai-viet.txt';
         document.body.appendChild(a);
         a.click();",
    )
    .await;
    let file = t.browser.wait_for_download(Duration::from_secs(10)).await;
    assert_eq!(file.file_name().unwrap(), "bai-viet.txt");
    assert_eq!(
        t.browser.read_download("bai-viet.txt"),
        "xin chào".as_bytes()
    );

    // A failed wait explains itself (URL and page text), then cleanup still happens.
    let short = page.with_timeout(Duration::from_millis(300));
    let joined = tokio::spawn(async move { short.wait_for(".never-there").await }).await;
    let message = joined.unwrap_err().into_panic();
    let message = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(message.contains(".never-there"), "{message}");
    assert!(message.contains("/bai-viet/x"), "{message}");
    assert!(message.contains("Đã bấm"), "{message}");

    let marker = t.browser.temp_dir().to_path_buf();
    assert!(
        !e2e::procs::pids_with(&marker.to_string_lossy()).is_empty(),
        "Chromium runs with the marker"
    );
    t.close().await;
    assert!(
        e2e::procs::pids_with(&marker.to_string_lossy()).is_empty(),
        "no Chromium left"
    );
    assert!(!marker.exists(), "temp dir removed");
}

#[tokio::test]
async fn narrow_window_and_cleanup_after_panic() {
    let dir = site();
    let server = TestServer::start(dir.path());
    let url = server.base_url().to_string();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        let browser = Browser::builder().window_size(375, 812).start().await;
        let page = browser.page(&url);
        page.goto("/").await;
        page.wait_for_text("#site", "Thanh Vân").await;
        let (width, _) = page.viewport().await;
        let scroll_width = page.eval("document.documentElement.scrollWidth").await;
        tx.send((browser.temp_dir().to_path_buf(), width, scroll_width))
            .unwrap();
        panic!("deliberate panic with a live browser");
    });
    let (marker, width, scroll_width) = rx.await.unwrap();
    assert!(task.await.unwrap_err().is_panic());
    assert_eq!(width, 375, "a 375 px window gives a 375 px viewport");
    assert!(scroll_width.as_u64().unwrap() <= 375);
    // Drop ran during the unwind: no process and no directory left.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !e2e::procs::pids_with(&marker.to_string_lossy()).is_empty() && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        e2e::procs::pids_with(&marker.to_string_lossy()).is_empty(),
        "processes left behind"
    );
    assert!(!marker.exists(), "temp dir left behind");
    // Drop kept chromedriver's log because of the (deliberate) panic: tidy up.
    let kept = e2e::target_dir().join("e2e-logs").join(format!(
        "{}-chromedriver.log",
        marker.file_name().unwrap().to_string_lossy()
    ));
    assert!(kept.is_file(), "a panicking test keeps chromedriver's log");
    std::fs::remove_file(kept).unwrap();
}
