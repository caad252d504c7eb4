//! The static baseline: each published page with its scripts removed.
//!
//! The publishing step (`tools/publish`) writes every page as the app
//! renders it, plus the scripts that let the app take over: the inline
//! theme script, Trunk's loader, the inert `application/json` documents
//! the app adopts, and the `modulepreload`/`preload` links for the JS and
//! the wasm. Removing exactly those gives a plain static page with the same
//! markup and CSS, so the app and its baseline can never drift apart.
//!
//! The baseline sites are mirrors of the published folders (same relative
//! paths, served by a second server), so their links, pagination and list
//! items point at baseline pages without any rewriting.

use std::path::Path;

/// One piece of an HTML document, as far as the baseline cares.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece<'a> {
    /// Anything that is kept as is (text, other tags, comments).
    Text(&'a str),
    /// A whole `<script …>…</script>` element.
    Script { open_tag: &'a str, content: &'a str, whole: &'a str },
    /// A `<link …>` tag.
    Link { tag: &'a str },
}

/// The byte offset of the first `needle` (ASCII, lower case) in `haystack`
/// at or after `from`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let needle = needle.as_bytes();
    if needle.is_empty() || from > bytes.len() {
        return None;
    }
    (from..=bytes.len().saturating_sub(needle.len())).find(|&i| bytes[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The end (exclusive) of the tag opening at `start` (`<…>`), skipping `>`
/// inside quoted attribute values; the end of the text if it never closes.
fn tag_end(html: &str, start: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (i, &b) in html.as_bytes().iter().enumerate().skip(start + 1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
    }
    html.len()
}

/// Whether a tag named `name` (lower case) opens at `at`: `<name` followed
/// by whitespace, `/` or `>`.
fn opens(html: &str, at: usize, name: &str) -> bool {
    let bytes = html.as_bytes();
    let end = at + 1 + name.len();
    end < bytes.len()
        && bytes[at] == b'<'
        && bytes[at + 1..end].eq_ignore_ascii_case(name.as_bytes())
        && matches!(bytes[end], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
}

/// Splits `html` into kept text, script elements and link tags. Comments
/// are kept whole (a `<script` inside one is not an element).
fn pieces(html: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i + 4..].find("-->").map_or(html.len(), |end| i + 4 + end + 3);
            continue;
        }
        if opens(html, i, "script") {
            let open_end = tag_end(html, i);
            let close = find_ascii_ci(html, "</script", open_end);
            let end = close.map_or(html.len(), |close| tag_end(html, close));
            if text_start < i {
                out.push(Piece::Text(&html[text_start..i]));
            }
            out.push(Piece::Script {
                open_tag: &html[i..open_end],
                content: &html[open_end..close.unwrap_or(html.len())],
                whole: &html[i..end],
            });
            i = end;
            text_start = end;
            continue;
        }
        if opens(html, i, "link") {
            let end = tag_end(html, i);
            if text_start < i {
                out.push(Piece::Text(&html[text_start..i]));
            }
            out.push(Piece::Link { tag: &html[i..end] });
            i = end;
            text_start = end;
            continue;
        }
        i += 1;
    }
    if text_start < html.len() {
        out.push(Piece::Text(&html[text_start..]));
    }
    out
}

/// The value of attribute `name` in one start tag (quoted or not), as written.
pub fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let bytes = tag.as_bytes();
    let mut i = tag.find(|c: char| c.is_ascii_whitespace())?;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = &tag[name_start..i];
        if key.is_empty() {
            return None;
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let start = i + 1;
                let end = tag[start..].find(quote as char).map_or(tag.len(), |e| start + e);
                value = &tag[start..end];
                i = end + 1;
            } else {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = &tag[start..i];
            }
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
    None
}

/// Whether a `<link>` only serves the app's code: `modulepreload`, or a
/// `preload` of a `.js` or `.wasm` file (or one typed `application/wasm`).
fn is_code_preload(tag: &str) -> bool {
    let rel = attribute(tag, "rel").unwrap_or("").to_ascii_lowercase();
    let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
    if rels.contains(&"modulepreload") {
        return true;
    }
    if !rels.contains(&"preload") {
        return false;
    }
    let href = attribute(tag, "href").unwrap_or("");
    let path = href.split(['?', '#']).next().unwrap_or("");
    path.ends_with(".wasm") || path.ends_with(".js") || attribute(tag, "type").is_some_and(|t| t.eq_ignore_ascii_case("application/wasm"))
}

fn is_json_script(open_tag: &str) -> bool {
    attribute(open_tag, "type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// The baseline of a published page: every `<script>` element removed (the
/// theme script, Trunk's loader, the embedded JSON) and every link that
/// preloads the app's JS or wasm; everything else byte for byte.
pub fn strip_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for piece in pieces(html) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Script { .. } => {}
            Piece::Link { tag } if is_code_preload(tag) => {}
            Piece::Link { tag } => out.push_str(tag),
        }
    }
    out
}

/// The page without its embedded JSON documents only (what the JSON adds
/// to the page is the difference).
pub fn strip_json_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for piece in pieces(html) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Script { open_tag, .. } if is_json_script(open_tag) => {}
            Piece::Script { whole, .. } => out.push_str(whole),
            Piece::Link { tag } => out.push_str(tag),
        }
    }
    out
}

/// One JSON document a page carries for the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbeddedJson {
    /// `data-api-path`: where the app would otherwise fetch it, under the API base.
    pub api_path: String,
    pub text: String,
}

/// The JSON documents embedded in a page (`<script type="application/json" data-api-path="…">`).
pub fn embedded_json(html: &str) -> Vec<EmbeddedJson> {
    pieces(html)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Script { open_tag, content, .. } if is_json_script(open_tag) => Some(EmbeddedJson {
                api_path: attribute(open_tag, "data-api-path").unwrap_or("").to_string(),
                text: content.to_string(),
            }),
            _ => None,
        })
        .collect()
}

/// How many `<script>` elements a page has (a published page has several;
/// its baseline none).
pub fn script_count(html: &str) -> usize {
    pieces(html).iter().filter(|piece| matches!(piece, Piece::Script { .. })).count()
}

// ----- the baseline sites ----------------------------------------------------------

/// Writes the baseline mirror of the published folder `published` into
/// `out`: every `.html` file under `pages` (paths relative to `published`;
/// all of them when `None`) stripped of its scripts at the same relative
/// path, and every other file at the top level copied (CSS, images). The
/// `api` folder is not copied: `api_link` is linked in its place (media).
/// Returns how many pages were written.
pub fn write_mirror(published: &Path, out: &Path, pages: Option<&[String]>, api_link: Option<&Path>) -> Result<usize, String> {
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("remove {}: {e}", out.display()))?;
    }
    std::fs::create_dir_all(out).map_err(|e| format!("create {}: {e}", out.display()))?;
    for entry in std::fs::read_dir(published).map_err(|e| format!("read {}: {e}", published.display()))?.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_file() && !name.ends_with(".html") && !name.ends_with(".gz") && !name.ends_with(".br") {
            std::fs::copy(&path, out.join(&name)).map_err(|e| format!("copy {}: {e}", path.display()))?;
        }
    }
    let relatives = match pages {
        Some(pages) => pages.to_vec(),
        None => {
            let mut found = Vec::new();
            html_files(published, Path::new(""), &mut found);
            found
        }
    };
    for relative in &relatives {
        let from = published.join(relative);
        let html = std::fs::read_to_string(&from).map_err(|e| format!("read {}: {e}", from.display()))?;
        write_file(&out.join(relative), strip_scripts(&html).as_bytes())?;
    }
    if let Some(api) = api_link {
        link_dir(api, &out.join("api"))?;
    }
    Ok(relatives.len())
}

/// Every `.html` file under `dir/relative`, except the `api` folder.
fn html_files(dir: &Path, relative: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir.join(relative)) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let child = relative.join(&name);
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            if relative.as_os_str().is_empty() && (name == "api" || name.to_string_lossy().starts_with('.')) {
                continue;
            }
            html_files(dir, &child, out);
        } else if name.to_string_lossy().ends_with(".html") {
            out.push(child.to_string_lossy().replace('\\', "/"));
        }
    }
}

pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("write {}: {e}", path.display()))
}

/// `link` → `target` (a symbolic link; the servers follow it).
pub fn link_dir(target: &Path, link: &Path) -> Result<(), String> {
    let target = target.canonicalize().map_err(|e| format!("{}: {e}", target.display()))?;
    if link.symlink_metadata().is_ok() {
        let removed = if link.is_dir() && !link.symlink_metadata().map(|m| m.file_type().is_symlink()).unwrap_or(false) {
            std::fs::remove_dir_all(link)
        } else {
            std::fs::remove_file(link)
        };
        removed.map_err(|e| format!("remove {}: {e}", link.display()))?;
    }
    std::os::unix::fs::symlink(&target, link).map_err(|e| format!("link {} → {}: {e}", link.display(), target.display()))
}

/// Copies a directory tree (skipping top-level names in `skip`).
pub fn copy_tree(from: &Path, to: &Path, skip: &[&str]) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if skip.iter().any(|s| name == std::ffi::OsStr::new(s)) {
            continue;
        }
        let source = entry.path();
        let target = to.join(&name);
        if source.is_dir() {
            copy_tree(&source, &target, &[])?;
        } else {
            std::fs::copy(&source, &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A published page as `tools/publish` writes it (shortened).
    const PAGE: &str = r#"<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <!-- page-head --><title>Bài &lt;1&gt;</title><!-- /page-head -->
    <!-- Applies the theme before anything paints; a <script> in a comment stays. -->
    <script>try{var r=document.documentElement}catch(e){}</script>
<SCRIPT type="module">
import init from '/ban-tin-0123456789abcdef.js';
await init({ module_or_path: '/ban-tin-0123456789abcdef_bg.wasm' });
</SCRIPT>
    <link rel="stylesheet" href="/layers-5b6c7de3bfd5150a.css" integrity="sha384-a>b"/>
  <link rel="modulepreload" href="/ban-tin-0123456789abcdef.js" crossorigin="anonymous"><link rel="preload" href="/ban-tin-0123456789abcdef_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm"><link rel="preload" href="/api/media/a.svg" as="image"></head>
  <body>
    <div id="app-boot"><h1 class="app-article__title">Bài</h1><p>a &lt;script&gt; in text</p></div>
<script type="application/json" data-api-path="site.json">{"name":"Cổng"}</script>
<script type="application/json" data-api-path="articles/bai.json">{"body_html":"\u003cp>x\u003c/p>"}</script>
  </body>
</html>
"#;

    #[test]
    fn the_baseline_is_the_page_without_its_scripts_and_code_preloads() {
        let baseline = strip_scripts(PAGE);
        assert_eq!(script_count(PAGE), 4);
        assert_eq!(script_count(&baseline), 0);
        for gone in ["<script>try", "<SCRIPT", "application/json", "import init", "modulepreload", "_bg.wasm", "\"/ban-tin-0123456789abcdef.js\""] {
            assert!(!baseline.contains(gone), "{gone} left in {baseline}");
        }
        for kept in [
            "<!-- Applies the theme before anything paints; a <script> in a comment stays. -->",
            "<link rel=\"stylesheet\" href=\"/layers-5b6c7de3bfd5150a.css\" integrity=\"sha384-a>b\"/>",
            "<link rel=\"preload\" href=\"/api/media/a.svg\" as=\"image\">",
            "<div id=\"app-boot\"><h1 class=\"app-article__title\">Bài</h1><p>a &lt;script&gt; in text</p></div>",
            "<title>Bài &lt;1&gt;</title>",
            "</body>\n</html>\n",
        ] {
            assert!(baseline.contains(kept), "{kept} missing from {baseline}");
        }
        // Nothing but the removed elements changed.
        assert_eq!(strip_scripts(&baseline), baseline);
    }

    #[test]
    fn embedded_json_is_found_and_removed_alone() {
        let json = embedded_json(PAGE);
        assert_eq!(
            json,
            vec![
                EmbeddedJson { api_path: "site.json".into(), text: r#"{"name":"Cổng"}"#.into() },
                EmbeddedJson { api_path: "articles/bai.json".into(), text: r#"{"body_html":"\u003cp>x\u003c/p>"}"#.into() },
            ]
        );
        let without = strip_json_scripts(PAGE);
        assert!(embedded_json(&without).is_empty());
        assert!(without.contains("import init") && without.contains("modulepreload") && without.contains("<script>try"));
        assert_eq!(without.len(), PAGE.len() - json.iter().map(|j| j.text.len()).sum::<usize>() - 2 * "</script>".len()
            - r#"<script type="application/json" data-api-path="site.json">"#.len()
            - r#"<script type="application/json" data-api-path="articles/bai.json">"#.len());
    }

    #[test]
    fn tags_and_attributes_are_read_like_a_browser_would() {
        let check = |tag: &str, name: &str, expected: Option<&str>| assert_eq!(attribute(tag, name), expected, "{tag} {name}");
        check(r#"<link rel="preload" href="/a.wasm">"#, "href", Some("/a.wasm"));
        check(r#"<link REL='modulepreload' href=/a.js>"#, "rel", Some("modulepreload"));
        check(r#"<script type="application/json" data-api-path="x.json">"#, "data-api-path", Some("x.json"));
        check(r#"<script async src="/a.js">"#, "async", Some(""));
        check(r#"<link rel="stylesheet">"#, "href", None);
        assert!(is_code_preload(r#"<link rel="preload" href="/x_bg.wasm?v=1" as="fetch">"#));
        assert!(is_code_preload(r#"<link rel="preload" href="/x" type="application/wasm">"#));
        assert!(!is_code_preload(r#"<link rel="preload" href="/api/media/a.jpg" as="image">"#));
        assert!(!is_code_preload(r#"<link rel="stylesheet" href="/a.css">"#));
        // `<scripts>` or `<linked>` are other elements; an unclosed script runs to the end.
        assert_eq!(strip_scripts("<scripts>a</scripts><linked>"), "<scripts>a</scripts><linked>");
        assert_eq!(strip_scripts("<p>a</p><script>never closed"), "<p>a</p>");
        assert_eq!(strip_scripts("<p>a</p><script>x</script >b"), "<p>a</p>b");
        assert_eq!(strip_scripts("<!-- <script>x</script> -->"), "<!-- <script>x</script> -->");
    }

    #[test]
    fn the_mirror_holds_stripped_pages_at_the_same_paths() {
        let dir = std::env::temp_dir().join(format!("bench-mirror-test-{}", std::process::id()));
        let published = dir.join("published");
        let out = dir.join("baseline");
        let _ = std::fs::remove_dir_all(&dir);
        write_file(&published.join("bai-viet/bai/index.html"), PAGE.as_bytes()).unwrap();
        write_file(&published.join("index.html"), PAGE.as_bytes()).unwrap();
        write_file(&published.join("index.html.br"), b"br").unwrap();
        write_file(&published.join("layers-5b6c7de3bfd5150a.css"), b"a{}").unwrap();
        write_file(&published.join("api/site.json"), b"{}").unwrap();
        assert_eq!(write_mirror(&published, &out, None, Some(&published.join("api"))).unwrap(), 2);
        let page = std::fs::read_to_string(out.join("bai-viet/bai/index.html")).unwrap();
        assert_eq!(page, strip_scripts(PAGE));
        assert!(out.join("layers-5b6c7de3bfd5150a.css").is_file());
        assert!(!out.join("index.html.br").exists());
        assert!(out.join("api/site.json").is_file());
        assert!(out.join("api").symlink_metadata().unwrap().file_type().is_symlink());
        // Only the pages asked for.
        let pages = vec!["bai-viet/bai/index.html".to_string()];
        assert_eq!(write_mirror(&published, &out, Some(&pages), None).unwrap(), 1);
        assert!(!out.join("index.html").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
