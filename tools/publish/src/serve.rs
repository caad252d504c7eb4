//! A small static server for a published folder (`make serve`): answers
//! each URL as the README's nginx configuration does ([`crate::resolve`]),
//! with the content types a browser needs. For development on this
//! machine; production uses nginx or any static host.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::resolve::resolve;

/// The `Content-Type` of a file (a path relative to the published folder),
/// by extension; the RSS feeds (`rss.xml`, `rss/*.xml`) as RSS.
pub fn content_type(file: &str) -> &'static str {
    let file = file.trim_start_matches('/');
    let is_feed = file == "rss.xml" || (file.starts_with("rss/") && file.ends_with(".xml"));
    if is_feed {
        return "application/rss+xml; charset=utf-8";
    }
    match file.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes of a URL path; `None` if they are not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The raw value of one query parameter.
fn query_value<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}

fn answer(stream: &mut TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Headers are read and ignored.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = percent_decode(path).unwrap_or_else(|| "/".into());
    let trang = query_value(query, ban_tin::routes::PAGE_QUERY).map(|value| percent_decode(value).unwrap_or_default());
    let resolved = resolve(&path, trang.as_deref(), Some("api/"), |relative| root.join(relative).is_file());
    let body = std::fs::read(root.join(&resolved.file)).unwrap_or_default();
    let reason = if resolved.status == 404 { "Not Found" } else { "OK" };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        resolved.status,
        content_type(&resolved.file),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// Serves `root` on `address` (e.g. `127.0.0.1:8080`) until the process ends.
pub fn serve(root: PathBuf, address: &str) -> std::io::Result<()> {
    let listener = TcpListener::bind(address)?;
    println!("serving {} on http://{address}/", root.display());
    for stream in listener.incoming().flatten() {
        let root = root.clone();
        std::thread::spawn(move || {
            let mut stream = stream;
            let _ = answer(&mut stream, &root);
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries_are_decoded() {
        assert_eq!(percent_decode("/b%C3%A0i").as_deref(), Some("/bài"));
        assert_eq!(percent_decode("/x%").as_deref(), Some("/x%"));
        assert_eq!(query_value("a=1&trang=2", "trang"), Some("2"));
        assert_eq!(query_value("trang", "trang"), Some(""));
        assert_eq!(query_value("a=1", "trang"), None);
        assert_eq!(content_type("x/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("sitemaps/sitemap-2.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("rss.xml"), "application/rss+xml; charset=utf-8");
        assert_eq!(content_type("rss/kinh-te.xml"), "application/rss+xml; charset=utf-8");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
    }
}
