//! The article's action bar: "Gửi Email", "In trang", "Lưu", "Sao chép liên kết".

use std::time::Duration;

use regex::Regex;
use serde_json::{json, Value};

use crate::support::{self, str_of, REFERENCE_SLUG, REFERENCE_TIME};
use crate::toolkit::{
    self, absolute_media_url, article_url, decode_entities, escape_html, normalize_ws,
    percent_decode, prefix_chars, strip_tags, without_ws,
};

// ----- 1. Email -------------------------------------------------------------

/// The `mailto:` link of an open article: subject = title, body = lead, a
/// blank line (CRLF CRLF), the absolute URL; RFC 6068 percent-encoding.
async fn check_mailto(t: &e2e::Harness, article: &Value) {
    let slug = str_of(&article["slug"], "slug");
    let title = str_of(&article["title"], "title");
    let lead = str_of(&article["lead"], "lead");
    toolkit::open_article(&t.page, article).await;

    let href = t
        .page
        .attr("a.app-article-actions__email", "href")
        .await
        .expect("the email link has an href");
    assert!(
        href.starts_with("mailto:?subject="),
        "{slug}: email href {href:?}"
    );
    assert!(!href.contains('+'), "{slug}: '+' in {href:?}");
    assert!(!href.contains(' '), "{slug}: raw space in {href:?}");
    if title.contains(' ') || lead.contains(' ') {
        assert!(href.contains("%20"), "{slug}: spaces are %20 in {href:?}");
    }

    let query = &href["mailto:?".len()..];
    let fields: Vec<&str> = query.split('&').collect();
    assert_eq!(
        fields.len(),
        2,
        "{slug}: exactly subject and body, no raw '&' inside them: {href:?}"
    );
    let subject = fields[0]
        .strip_prefix("subject=")
        .unwrap_or_else(|| panic!("{slug}: first field {:?}", fields[0]));
    let body = fields[1]
        .strip_prefix("body=")
        .unwrap_or_else(|| panic!("{slug}: second field {:?}", fields[1]));
    for (name, encoded) in [("subject", subject), ("body", body)] {
        let raw: Vec<char> = encoded
            .chars()
            .filter(|c| !(c.is_ascii_alphanumeric() || "-._~%".contains(*c)))
            .collect();
        assert!(
            raw.is_empty(),
            "{slug}: {name} has unencoded characters {raw:?}: {encoded:?}"
        );
    }
    assert_eq!(percent_decode(subject), title, "{slug}: subject");
    assert_eq!(
        percent_decode(body),
        format!("{lead}\r\n\r\n{}", article_url(&t.server, slug)),
        "{slug}: body"
    );
}

#[tokio::test]
async fn email_link() {
    let t = e2e::start().await;
    let reference = support::reference_article(&t.server);
    check_mailto(&t, &reference).await;
    let special = toolkit::special_characters_article(&t.server);
    check_mailto(&t, &special).await;
    t.close().await;
}

// ----- 2. Print ---------------------------------------------------------------

/// Prints the open page to PDF and returns (pdf path, `pdftotext -layout` text).
pub(crate) async fn print_text(page: &e2e::Page, dir: &e2e::TempDir, name: &str) -> (std::path::PathBuf, String) {
    let pdf = page.print_to_pdf().await;
    assert!(pdf.starts_with(b"%PDF"), "print_to_pdf gave no PDF");
    let path = dir.write(&format!("{name}.pdf"), &pdf);
    let text = toolkit::run(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", path.to_str().unwrap(), "-"],
    );
    (path, String::from_utf8_lossy(&text).into_owned())
}

/// The first paragraph of a body that makes a good needle: plain text, no
/// link, at least 40 characters; its first 40 characters.
pub(crate) fn body_sentence(body_html: &str) -> String {
    let paragraph = Regex::new(r"(?s)<p>(.*?)</p>").unwrap();
    let found = paragraph
        .captures_iter(body_html)
        .map(|c| c[1].to_string())
        .filter(|inner| !inner.contains('<') && !inner.contains('&'))
        .map(|inner| normalize_ws(&inner))
        .find(|text| text.chars().count() >= 40)
        .map(|text| prefix_chars(&text, 40).trim_end().to_string())
        .expect("the body has a plain paragraph of 40+ characters");
    found
}

#[tokio::test]
async fn print() {
    let t = e2e::start().await;
    let page = &t.page;
    let dir = e2e::TempDir::new("print").unwrap();
    let site = support::site(&t.server);
    let article = support::reference_article(&t.server);
    let title = str_of(&article["title"], "title");
    let lead = str_of(&article["lead"], "lead");
    let body_html = str_of(&article["body_html"], "body_html");
    let author = str_of(&article["author"], "author");
    let own_category = str_of(&article["category"]["name"], "category.name");

    toolkit::open_article(page, &article).await;
    page.wait_until(
        "the article's images to load",
        "return Array.from(document.querySelectorAll('article.app-article img')).every(i => i.complete && i.naturalWidth > 0)",
        vec![],
    )
    .await;
    let (pdf_path, raw) = print_text(page, &dir, "reference").await;
    let text = normalize_ws(&raw);
    let flat = without_ws(&raw);
    let explain = || format!("--- pdftotext ---\n{raw}\n---");

    // What paper keeps.
    assert!(text.contains(&normalize_ws(title)), "title missing\n{}", explain());
    assert!(text.contains(REFERENCE_TIME), "time missing\n{}", explain());
    let lead_start = prefix_chars(&normalize_ws(lead), 40);
    assert!(
        text.contains(lead_start.trim_end()),
        "lead start {lead_start:?} missing\n{}",
        explain()
    );
    let sentence = body_sentence(body_html);
    assert!(
        text.contains(&sentence),
        "body sentence {sentence:?} missing\n{}",
        explain()
    );
    assert!(text.contains(&normalize_ws(author)), "author missing\n{}", explain());
    let source = format!("Nguồn: {}", article_url(&t.server, REFERENCE_SLUG));
    assert!(
        text.contains(&source) || flat.contains(&without_ws(&source)),
        "{source:?} missing\n{}",
        explain()
    );

    // What paper leaves out. A word counts only if the article itself does
    // not use it. (Collected, so one run lists every leak.)
    let mut problems: Vec<String> = Vec::new();
    let article_text = normalize_ws(&format!(
        "{title} {lead} {} {author} {} {}",
        strip_tags(body_html),
        article["image"]["caption"].as_str().unwrap_or_default(),
        own_category
    ));
    let mut absent: Vec<String> = vec![
        "Trang chủ".into(),   // breadcrumb and navigation
        "Tin khác".into(),    // related list
        "xem tiếp".into(),
        "Gửi Email".into(),   // action bar
        "In trang".into(),
        "Sao chép liên kết".into(),
        "Bỏ qua, đến nội dung chính".into(),
        "Tùy chọn hiển thị".into(),
        "Cỡ chữ".into(),      // reading controls
        "Màu hiển thị".into(),
        "Nghe đọc bài".into(),
        "Giấy phép".into(),   // footer
        "Chịu trách nhiệm nội dung".into(),
    ];
    for category in site["categories"].as_array().expect("site.categories") {
        let name = str_of(&category["name"], "category.name");
        if name != own_category {
            absent.push(name.to_string());
        }
    }
    for word in absent {
        if article_text.to_lowercase().contains(&word.to_lowercase()) {
            continue;
        }
        if text.to_lowercase().contains(&word.to_lowercase()) {
            problems.push(format!("{word:?} is printed"));
        }
    }
    let save_label = Regex::new(r"\bLưu\b").unwrap();
    if !save_label.is_match(&article_text) {
        if save_label.is_match(&text) {
            problems.push("the \"Lưu\" action is printed".to_string());
        }
    }
    let date_line = Regex::new(r"Ngày \d+ Tháng \d+ Năm").unwrap();
    if date_line.is_match(&text) {
        problems.push("the header date line is printed".to_string());
    }

    // The first page as a picture, for the docs.
    let shots = e2e::target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let prefix = shots.join("print-page1");
    toolkit::run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf_path.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let png = std::fs::read(shots.join("print-page1.png")).expect("print-page1.png written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 1000, "print-page1.png");

    // "In trang" opens the print dialog: window.print is called once.
    page.exec(
        "window.__e2ePrints = 0;
         window.print = function () { window.__e2ePrints += 1; };",
    )
    .await;
    page.click("button.app-article-actions__print").await;
    page.wait_until("window.print to be called", "return window.__e2ePrints > 0", vec![])
        .await;
    // The button's handler calls print() synchronously, so a second call
    // (a doubled handler) would have happened in the same click dispatch,
    // before the count above could be read: no waiting needed.
    assert_eq!(page.eval("window.__e2ePrints").await, json!(1), "print() calls");

    t.close().await;
    assert!(
        problems.is_empty(),
        "the printed article shows what paper should not:\n- {}\n{}",
        problems.join("\n- "),
        explain()
    );
}

#[tokio::test]
async fn print_external_link_address() {
    let t = e2e::start().await;
    let dir = e2e::TempDir::new("print-link").unwrap();
    let (article, href, link_text) = toolkit::external_link_article(&t.server);
    toolkit::open_article(&t.page, &article).await;
    let in_dom = t
        .page
        .exec_with(
            "return Array.from(document.querySelectorAll('.app-article__body a'), a => a.getAttribute('href'))
                 .includes(arguments[0])",
            vec![json!(href)],
        )
        .await;
    let (_, raw) = print_text(&t.page, &dir, "external-link").await;
    let flat = without_ws(&raw);
    let expected = format!("{link_text} ({href})");
    assert!(
        flat.contains(&without_ws(&expected)),
        "the printed body should show {expected:?} (link in the DOM: {in_dom}; the body is \
         rendered as links only by the real sanitiser)\n--- pdftotext ---\n{raw}\n---"
    );
    t.close().await;
}

// ----- 3. Save ------------------------------------------------------------------

pub(crate) async fn save_and_check(t: &e2e::Harness, article: &Value) -> String {
    let slug = str_of(&article["slug"], "slug");
    let title = str_of(&article["title"], "title");
    let lead = str_of(&article["lead"], "lead");
    toolkit::open_article(&t.page, article).await;
    let time = t.page.text("time.app-article__time").await;
    t.page.click("button.app-article-actions__save").await;
    let name = format!("{slug}.html");
    let bytes =
        t.browser.wait_for_download_named(&name, Duration::from_secs(15)).await;
    let html = String::from_utf8(bytes).expect("the saved file is UTF-8");
    let show = || format!("--- {name} ---\n{html}\n---");

    assert!(html.starts_with("<!doctype html>"), "doctype\n{}", show());
    for needle in [
        "<html lang=\"vi\">".to_string(),
        "<meta charset=\"utf-8\">".to_string(),
        escape_html(title),
        escape_html(&time),
        escape_html(lead),
    ] {
        assert!(html.contains(&needle), "{slug}: missing {needle:?}\n{}", show());
    }
    if let Some(author) = article["author"].as_str() {
        assert!(html.contains(&escape_html(author)), "{slug}: author\n{}", show());
    }
    let url = article_url(&t.server, slug);
    let source_line = html
        .lines()
        .find(|l| l.contains("Nguồn:"))
        .unwrap_or_else(|| panic!("{slug}: no \"Nguồn:\" line\n{}", show()));
    let after = &source_line[source_line.find("Nguồn:").unwrap()..];
    assert!(
        after.contains(&escape_html(&url)),
        "{slug}: the source line {source_line:?} lacks {url}"
    );
    if html_embeds_photo(article) {
        // A published photograph travels inside the file (a phone-sized JPEG).
        assert!(html.contains("src=\"data:image/jpeg;base64,"), "{slug}: the photograph is not embedded\n{}", show());
    } else if let Some(src) = article["image"]["src"].as_str() {
        let image = absolute_media_url(&t.server, src);
        assert!(image.starts_with("http"), "{image}");
        assert!(
            html.contains(&format!("src=\"{}\"", escape_html(&image))),
            "{slug}: the image is not at its absolute URL {image}\n{}",
            show()
        );
    }
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "{slug}: the saved file holds a script\n{}",
        show()
    );
    open_saved_file_offline(t, article, &name, &time).await;
    html
}

/// Cuts the browser's network, proves it is cut, opens the downloaded file
/// from disk (`file://`) in the same browser and checks what a resident
/// reading it offline gets: title, time, lead, caption, body, author and
/// source line; no script runs (none is in it, and its CSP refuses one put
/// there); every link and image is absolute, so it still leads to the portal.
/// Then puts the network back.
/// Whether the saved file of `article` embeds its photograph: it has a
/// published JPEG variant small enough (`ban_tin::picture::saved_variant`).
fn html_embeds_photo(article: &Value) -> bool {
    article["image"]["variants"].as_array().is_some_and(|variants| {
        variants.iter().any(|variant| variant["type"] == "image/jpeg" && variant["width"].as_u64().is_some_and(|width| width <= 480))
    })
}

async fn open_saved_file_offline(t: &e2e::Harness, article: &Value, name: &str, time: &str) {
    let page = &t.page;
    let slug = str_of(&article["slug"], "slug");
    let path = t.browser.download_dir().join(name);
    let file_url = url::Url::from_file_path(&path)
        .unwrap_or_else(|()| panic!("{}: not an absolute path", path.display()))
        .to_string();

    page.cdp("Network.enable", json!({})).await;
    let conditions = |offline: bool| {
        json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 })
    };
    page.cdp("Network.emulateNetworkConditions", conditions(true)).await;
    let probe = page
        .exec(
            "return fetch('/api/site.json', { cache: 'no-store' })
                 .then(r => 'reached the server: HTTP ' + r.status, e => 'offline: ' + e)",
        )
        .await;
    assert!(
        probe.as_str().is_some_and(|p| p.starts_with("offline")),
        "the network is not cut: {probe}"
    );

    if let Err(e) = page.client().goto(&file_url).await {
        page.fail(&format!("open {file_url}: {e}")).await;
    }
    let opened = page.current_url().await;
    assert!(opened.starts_with("file://"), "{slug}: the file did not open from disk: {opened}");

    let text_of = |css: &str| {
        let css = css.to_string();
        async move {
            let value = page
                .exec_with(
                    "const e = document.querySelector(arguments[0]); return e ? e.textContent : null",
                    vec![json!(css)],
                )
                .await;
            value.as_str().map(normalize_ws).unwrap_or_else(|| panic!("{slug}: no {css} in the saved file"))
        }
    };
    assert_eq!(text_of("h1").await, normalize_ws(str_of(&article["title"], "title")), "{slug}: title");
    assert_eq!(text_of("time").await, time, "{slug}: time");
    assert_eq!(text_of(".lead").await, normalize_ws(str_of(&article["lead"], "lead")), "{slug}: lead");
    if let Some(caption) = article["image"]["caption"].as_str() {
        assert_eq!(text_of("figcaption").await, normalize_ws(caption), "{slug}: caption");
    }
    let body = text_of(".body").await;
    let sentence = body_sentence(str_of(&article["body_html"], "body_html"));
    assert!(body.contains(&sentence), "{slug}: body sentence {sentence:?} missing from {body:?}");
    if let Some(author) = article["author"].as_str() {
        assert_eq!(text_of(".author").await, normalize_ws(author), "{slug}: author");
    }
    assert_eq!(
        text_of(".source").await,
        format!("Nguồn: {}", article_url(&t.server, slug)),
        "{slug}: source line"
    );

    // A photograph embedded in the file shows with the network cut.
    let embedded = page.exec("const i = document.querySelector('img[src^=\"data:\"]'); return i ? [i.complete, i.naturalWidth] : null").await;
    if html_embeds_photo(article) {
        let shown = page
            .wait_until(
                "the embedded photograph to be decoded",
                "const i = document.querySelector('img[src^=\"data:\"]'); return i && i.complete && i.naturalWidth > 0 ? i.naturalWidth : null",
                vec![],
            )
            .await;
        assert!(shown.as_u64().is_some_and(|width| width > 0), "{slug}: the embedded photograph does not show offline: {embedded}");
    }

    // No script: none in the document, no handler attribute, and the file's
    // own policy refuses one even when it is put there.
    let scripting = page
        .exec(
            "const handlers = Array.from(document.querySelectorAll('*'))
                 .flatMap(e => Array.from(e.attributes, a => a.name))
                 .filter(n => n.toLowerCase().startsWith('on'));
             window.__savedRan = false;
             const s = document.createElement('script');
             s.textContent = 'window.__savedRan = true';
             document.head.appendChild(s);
             return { scripts: document.scripts.length - 1, handlers, ran: window.__savedRan };",
        )
        .await;
    assert_eq!(
        scripting,
        json!({ "scripts": 0, "handlers": [], "ran": false }),
        "{slug}: script in the saved file"
    );

    // Every link and image is absolute.
    let urls = page
        .exec(
            "return Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))
                 .concat(Array.from(document.querySelectorAll('img[src]'), i => i.getAttribute('src')))",
        )
        .await;
    let urls: Vec<String> = urls
        .as_array()
        .expect("a list of URLs")
        .iter()
        .map(|u| u.as_str().unwrap_or_default().to_string())
        .collect();
    let absolute = Regex::new(r"(?i)^(https?://[^/?#]+|mailto:|tel:|data:image/jpeg;base64,)").unwrap();
    let relative: Vec<&String> = urls.iter().filter(|u| !absolute.is_match(u)).collect();
    assert!(relative.is_empty(), "{slug}: links or images in the saved file that are not absolute: {relative:?}");
    let own_links = Regex::new(r#"href="/(bai-viet|chuyen-muc)/([^"]+)""#).unwrap();
    for caps in own_links.captures_iter(str_of(&article["body_html"], "body_html")) {
        let expected = format!("{}/{}/{}", toolkit::site_origin(&t.server), &caps[1], decode_entities(&caps[2]));
        assert!(urls.contains(&expected), "{slug}: the body's link {} is not {expected} in {urls:?}", &caps[0]);
    }

    // The network was cut the whole time the file was read.
    assert_eq!(page.eval("navigator.onLine").await, json!(false), "{slug}: the network came back");
    page.cdp("Network.emulateNetworkConditions", conditions(false)).await;
}

#[tokio::test]
async fn save() {
    let t = e2e::start().await;
    let reference = support::reference_article(&t.server);
    let html = save_and_check(&t, &reference).await;
    assert!(html.contains(REFERENCE_TIME));
    assert!(
        reference["image"]["src"].is_string(),
        "the reference article has an image"
    );

    let special = toolkit::special_characters_article(&t.server);
    let html = save_and_check(&t, &special).await;
    let title = str_of(&special["title"], "title");
    let escaped = escape_html(title);
    assert!(escaped.contains("&amp;") && escaped.contains("&quot;"));
    assert!(html.contains(&format!("<h1>{escaped}</h1>")), "escaped h1:\n{html}");
    assert!(!html.contains(title), "the raw title (with & and \") is in the file");
    t.close().await;
}

// ----- 4. Copy link -------------------------------------------------------------

#[tokio::test]
async fn copy_link() {
    let t = e2e::start().await;
    let page = &t.page;
    let article = support::reference_article(&t.server);
    page.cdp(
        "Browser.grantPermissions",
        json!({
            "origin": t.server.base_url(),
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        }),
    )
    .await;
    toolkit::open_article(page, &article).await;
    assert_eq!(
        page.eval("typeof navigator.share").await,
        json!("undefined"),
        "desktop headless Chromium has no Web Share"
    );
    assert!(!page.exists(".app-article-actions__share").await);
    assert_eq!(
        page.text(".app-article-actions__copy").await,
        "Sao chép liên kết"
    );
    page.click(".app-article-actions__copy").await;
    let status = page
        .wait_for_text(".app-article-actions__status", "Đã sao chép liên kết")
        .await;
    assert_eq!(status, "Đã sao chép liên kết");
    let copied = page.exec("return navigator.clipboard.readText()").await;
    assert_eq!(
        copied,
        json!(article_url(&t.server, REFERENCE_SLUG)),
        "the clipboard holds the article's absolute URL"
    );
    t.close().await;
}
