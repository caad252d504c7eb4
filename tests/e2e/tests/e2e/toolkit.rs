//! Helpers of the `actions`, `resilience` and `accessibility` modules: the
//! sample documents as the server has them on disk, small text utilities
//! (percent-decoding, HTML escaping, whitespace) and in-app navigation.

use std::path::PathBuf;

use e2e::{Page, TestServer};
use serde_json::{json, Value};

use crate::support::str_of;

/// Every article document the server serves, read from its `api/articles/`.
pub fn articles_on_disk(server: &TestServer) -> Vec<Value> {
    let dir = server.root().join("api").join("articles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect()
}

/// The `thong-bao` article whose title holds `&`, `"`, `?`, `#` and `%`.
pub fn special_characters_article(server: &TestServer) -> Value {
    articles_on_disk(server)
        .into_iter()
        .find(|a| {
            a["category"]["slug"] == "thong-bao"
                && a["title"]
                    .as_str()
                    .is_some_and(|t| ['&', '"', '?', '#', '%'].iter().all(|c| t.contains(*c)))
        })
        .expect("the sample has a thong-bao article whose title contains & \" ? # %")
}

/// An article whose body links outside the portal: (article, href, link text).
pub fn external_link_article(server: &TestServer) -> (Value, String, String) {
    let link = regex::Regex::new(r#"(?s)<a\s[^>]*href="(https?://[^"]+)"[^>]*>(.*?)</a>"#).unwrap();
    let origin = site_origin(server);
    let mut candidates: Vec<(Value, String, String)> = Vec::new();
    for article in articles_on_disk(server) {
        let body = article["body_html"].as_str().unwrap_or_default().to_string();
        for caps in link.captures_iter(&body) {
            let href = decode_entities(&caps[1]);
            let text = normalize_ws(&strip_tags(&caps[2]));
            if !href.starts_with(&origin) && !text.is_empty() {
                candidates.push((article.clone(), href, text));
                break;
            }
        }
    }
    // Prefer the reference-like `https://example…` links the sample promises.
    candidates.sort_by_key(|(_, href, _)| !href.contains("example"));
    candidates
        .into_iter()
        .next()
        .expect("the sample has an article whose body links to an external http(s) URL")
}

/// `%XX` decoding as a mail client does it; panics on a malformed escape or
/// on bytes that are not UTF-8 (both would be bugs of the encoder).
pub fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value
                .get(i + 1..i + 3)
                .unwrap_or_else(|| panic!("truncated %-escape at byte {i} of {value:?}"));
            let byte = u8::from_str_radix(hex, 16)
                .unwrap_or_else(|_| panic!("bad %-escape %{hex} in {value:?}"));
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| panic!("%-decoded {value:?} is not UTF-8: {e}"))
}

/// HTML escaping of text and attribute values (`& < > " '`), as the saved file
/// must have it: an oracle of its own, so the test does not trust the app's escaping.
pub fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The common character references (enough for the sample's bodies).
pub fn decode_entities(value: &str) -> String {
    let numeric = regex::Regex::new(r"&#(x[0-9a-fA-F]+|[0-9]+);").unwrap();
    let value = numeric.replace_all(value, |caps: &regex::Captures| {
        let code = &caps[1];
        let n = match code.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => code.parse().ok(),
        };
        n.and_then(char::from_u32).map(String::from).unwrap_or_default()
    });
    value
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Markup removed, character references decoded.
pub fn strip_tags(html: &str) -> String {
    let tag = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    decode_entities(&tag.replace_all(html, " "))
}

/// Runs of whitespace (including no-break spaces) become one space; trimmed.
pub fn normalize_ws(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every whitespace character removed (for text a line break may cut anywhere).
pub fn without_ws(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect()
}

/// The first `n` characters.
pub fn prefix_chars(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

/// The portal's public origin (`site.json` `url`, which the published pages
/// name in `<meta name="site-origin">`): the article addresses the app
/// writes into links, the source line and the saved file use it, whichever
/// host serves the copy.
pub fn site_origin(server: &TestServer) -> String {
    let site = crate::support::site(server);
    str_of(&site["url"], "site.url").trim_end_matches('/').to_string()
}

/// `https://<site origin>/bai-viet/<slug>`.
pub fn article_url(server: &TestServer, slug: &str) -> String {
    format!("{}/bai-viet/{slug}", site_origin(server))
}

/// The absolute URL of a media `src` of the contract, as the app resolves it
/// against its default API base `/api/`.
pub fn absolute_media_url(server: &TestServer, src: &str) -> String {
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        src.to_string()
    } else if src.starts_with('/') {
        format!("{}{src}", site_origin(server))
    } else {
        format!("{}/api/{src}", site_origin(server))
    }
}

/// Opens an article by deep link and waits for its title.
pub async fn open_article(page: &Page, article: &Value) {
    let slug = str_of(&article["slug"], "article.slug");
    let title = str_of(&article["title"], "article.title");
    page.goto(&format!("/bai-viet/{slug}")).await;
    page.wait_until(
        &format!("the article title {title:?}"),
        "const h = document.querySelector('h1.app-article__title'); return !!h && h.textContent === arguments[0]",
        vec![json!(title)],
    )
    .await;
}

/// Navigates inside the app the way a click on a link does (the router
/// intercepts clicks on any same-origin `<a href>`), without loading a new
/// document and without moving the mouse.
pub async fn spa_navigate(page: &Page, path: &str) {
    // Before the app has taken over a pre-rendered page, a click would load
    // the next page from the server instead.
    page.wait_for("html[data-app]").await;
    page.exec_with(
        "const a = document.createElement('a');
         a.href = arguments[0];
         a.textContent = 'e2e';
         document.body.appendChild(a);
         a.click();
         a.remove();",
        vec![json!(path)],
    )
    .await;
}

/// Starts recording, in the page, whether an element matching `css` ever
/// appears (read it back with [`ever_seen`]).
pub async fn watch_for(page: &Page, css: &str) {
    page.exec_with(
        "window.__e2eSeen = window.__e2eSeen || {};
         const css = arguments[0];
         window.__e2eSeen[css] = !!document.querySelector(css);
         new MutationObserver(() => {
             if (document.querySelector(css)) window.__e2eSeen[css] = true;
         }).observe(document.documentElement, { subtree: true, childList: true });",
        vec![json!(css)],
    )
    .await;
}

pub async fn ever_seen(page: &Page, css: &str) -> bool {
    page.exec_with(
        "return !!(window.__e2eSeen && window.__e2eSeen[arguments[0]])",
        vec![json!(css)],
    )
    .await
        == Value::Bool(true)
}

/// Reads the console until a line contains `needle` (at most the page's
/// timeout); returns every line read meanwhile.
pub async fn wait_for_console(page: &Page, needle: &str) -> Vec<String> {
    let started = std::time::Instant::now();
    let mut lines = Vec::new();
    loop {
        lines.extend(page.console_logs().await);
        if lines.iter().any(|line| line.contains(needle)) {
            return lines;
        }
        if started.elapsed() > page.timeout() {
            page.fail(&format!("no console line with {needle:?} within {:?}; read: {lines:#?}", page.timeout())).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Console entries that show the app panicked (or died of a wasm trap).
pub fn panics(logs: &[String]) -> Vec<String> {
    logs.iter()
        .filter(|l| {
            l.contains("panicked")
                || l.contains("RuntimeError: unreachable")
                || l.contains("RuntimeError")
        })
        .cloned()
        .collect()
}

/// Runs a command, returning stdout; panics with stderr on failure.
pub fn run(program: &str, args: &[&str]) -> Vec<u8> {
    let output = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn toolkit_percent_decode_and_escape() {
    assert_eq!(percent_decode("a%20b%C4%90%0D%0A"), "a bĐ\r\n");
    assert_eq!(escape_html(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    assert_eq!(decode_entities("a&amp;b&#39;&#x110;"), "a&b'Đ");
    assert_eq!(normalize_ws("  a \n\u{a0} b  "), "a b");
    assert_eq!(strip_tags("<p>x <b>y</b></p>"), " x  y  ");
}
