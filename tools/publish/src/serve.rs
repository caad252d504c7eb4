//! A small static server for a published folder (`make serve`): answers
//! each URL with the rules of `deploy/nginx.conf` ([`crate::resolve`]),
//! status, bytes and `Content-Type` alike; the end-to-end layer runs both
//! on one corpus of URLs and requires the same answers. For development on
//! this machine; production uses nginx with that file.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::resolve::{content_type, resolve_target};

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
    let resolved = resolve_target(target, Some("api/"), |relative| root.join(relative).is_file());
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
    serve_on(root, listener)
}

/// Serves `root` on a listener already bound (a test's free port) until
/// the process ends.
pub fn serve_on(root: PathBuf, listener: TcpListener) -> std::io::Result<()> {
    for stream in listener.incoming().flatten() {
        let root = root.clone();
        std::thread::spawn(move || {
            let mut stream = stream;
            let _ = answer(&mut stream, &root);
        });
    }
    Ok(())
}
