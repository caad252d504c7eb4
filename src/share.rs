//! What leaves the app with an article: the `mailto:` link of "Gửi Email",
//! the self-contained HTML file of "Lưu" (with [`absolute_url`], which makes
//! its links and images absolute) and what a failed "Chia sẻ" means. Pure
//! and host-tested.
//!
//! Every field except the already-sanitised body is plain text and is
//! escaped here, so a hostile title cannot become markup anywhere it goes.

use crate::format::format_vn_datetime;
use crate::model::Article;
use crate::text;

/// Percent-encodes for a `mailto:` header value (RFC 6068 / RFC 3986):
/// UTF-8 bytes, unreserved characters kept, everything else `%XX`, so a space
/// is `%20` (never `+`) and `&`, `?`, `#`, `%` cannot end the field early.
pub fn percent_encode_mailto(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Line breaks in a mail body are CRLF (RFC 6068 §2); lone LF and CR become CRLF.
fn normalise_line_breaks(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n")
}

/// The "Gửi Email" link: subject = title; body = lead, a blank line, the URL.
pub fn article_mailto(title: &str, lead: &str, url: &str) -> String {
    let body = if lead.trim().is_empty() {
        url.to_string()
    } else {
        format!("{}\n\n{url}", lead.trim())
    };
    format!(
        "mailto:?subject={}&body={}",
        percent_encode_mailto(title.trim()),
        percent_encode_mailto(&normalise_line_breaks(&body))
    )
}

/// Whether a rejected Web Share call is the reader closing the share sheet,
/// from the rejection's `name`: the API rejects with a `DOMException` named
/// `AbortError` then. Anything else (`NotAllowedError`, `TypeError`,
/// `DataError`, …, or no name at all) is a failure, and the link is copied
/// instead.
pub fn share_failure_is_cancel(error_name: Option<&str>) -> bool {
    error_name == Some("AbortError")
}

/// `reference` (a link's `href` or an image's `src`, as the sanitiser kept
/// it) resolved against `base`, the article's absolute `http(s)` address, as
/// the browser resolves it on the article's page (RFC 3986 §5.2, with the
/// WHATWG URL parser's habits: tabs and newlines dropped, `\` read as `/`
/// before the query, `%2e` read as `.` in dot segments).
///
/// `http`, `https`, `mailto` and `tel` URLs come back as they are; any other
/// scheme, or a reference that cannot be resolved (a `base` that is not an
/// absolute `http(s)` URL, an empty host), gives `None`. The saved copy of an
/// article uses it so that its links and images still lead to the portal
/// from a file opened from disk.
pub fn absolute_url(base: &str, reference: &str) -> Option<String> {
    let reference: String = reference
        .trim_matches(|c: char| c <= ' ' || c == '\u{7f}')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if let Some(scheme) = scheme_of(&reference) {
        let rest = &reference[scheme.len() + 1..];
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => {
                let rest = slashes_before_query(rest);
                let authority = rest.strip_prefix("//")?;
                let host_end = authority.find(['/', '?', '#']).unwrap_or(authority.len());
                (host_end > 0).then(|| format!("{scheme}:{rest}"))
            }
            "mailto" | "tel" => Some(reference),
            _ => None,
        };
    }
    let base = BaseUrl::parse(base)?;
    let reference = slashes_before_query(&reference);
    let split = reference.find(['?', '#']).unwrap_or(reference.len());
    let (path, rest) = reference.split_at(split);
    if let Some(network_path) = reference.strip_prefix("//") {
        let host_end = network_path.find(['/', '?', '#']).unwrap_or(network_path.len());
        if host_end == 0 {
            return None;
        }
        let (host, tail) = network_path.split_at(host_end);
        let split = tail.find(['?', '#']).unwrap_or(tail.len());
        let (tail_path, tail_rest) = tail.split_at(split);
        let tail_path = if tail_path.is_empty() { "/".to_string() } else { remove_dot_segments(tail_path) };
        return Some(format!("{}://{host}{tail_path}{tail_rest}", base.scheme));
    }
    let (path, rest) = if path.is_empty() {
        if rest.starts_with('#') || rest.is_empty() {
            (base.path.to_string(), format!("{}{rest}", base.query))
        } else {
            (base.path.to_string(), rest.to_string())
        }
    } else if path.starts_with('/') {
        (remove_dot_segments(path), rest.to_string())
    } else {
        let directory = &base.path[..=base.path.rfind('/').unwrap_or(0)];
        (remove_dot_segments(&format!("{directory}{path}")), rest.to_string())
    };
    Some(format!("{}://{}{path}{rest}", base.scheme, base.authority))
}

/// An absolute `http(s)` URL taken apart (its fragment left out).
struct BaseUrl<'a> {
    scheme: String,
    authority: &'a str,
    /// Starts with `/`.
    path: String,
    /// Empty, or `?` and the query.
    query: &'a str,
}

impl<'a> BaseUrl<'a> {
    fn parse(url: &'a str) -> Option<BaseUrl<'a>> {
        let url = url.trim();
        let url = &url[..url.find('#').unwrap_or(url.len())];
        let scheme = scheme_of(url)?.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let rest = url[scheme.len() + 1..].strip_prefix("//")?;
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(authority_end);
        if authority.is_empty() {
            return None;
        }
        let query_start = rest.find('?').unwrap_or(rest.len());
        let (path, query) = rest.split_at(query_start);
        let path = if path.is_empty() { "/".to_string() } else { remove_dot_segments(path) };
        Some(BaseUrl { scheme, authority, path, query })
    }
}

/// The scheme of `url` (`[A-Za-z][A-Za-z0-9+.-]*` before a `:`), if it has one.
fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    valid.then_some(scheme)
}

/// `\` becomes `/` before the query or fragment, as browsers read `http(s)` URLs.
fn slashes_before_query(url: &str) -> String {
    let split = url.find(['?', '#']).unwrap_or(url.len());
    format!("{}{}", url[..split].replace('\\', "/"), &url[split..])
}

/// RFC 3986 §5.2.4 on an absolute path (starting with `/`): `.` segments go,
/// `..` takes the segment before it along; never above the root.
fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (index, segment) in segments.iter().enumerate() {
        let last = index + 1 == segments.len();
        let lower = segment.to_ascii_lowercase();
        match lower.as_str() {
            "." | "%2e" => {
                if last {
                    out.push("");
                }
            }
            ".." | ".%2e" | "%2e." | "%2e%2e" => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            _ => out.push(segment),
        }
    }
    format!("/{}", out.join("/"))
}

/// Escapes text for HTML element content and quoted attribute values.
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

/// Standard base64 (RFC 4648 §4), with `=` padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |group, (index, byte)| group | (u32::from(*byte) << (16 - 8 * index)));
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[((group >> (18 - 6 * index)) & 0x3F) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `bytes` of `media_type` as a `data:` URL (RFC 2397), for an image the
/// saved file carries inside itself.
pub fn data_url(media_type: &str, bytes: &[u8]) -> String {
    format!("data:{media_type};base64,{}", base64(bytes))
}

/// Whether `url` is an embedded raster image the saved file may show:
/// `data:image/{jpeg,png,webp,avif};base64,` and base64 text only.
pub fn is_embedded_image(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("data:image/") else { return false };
    let Some((media_type, payload)) = rest.split_once(";base64,") else { return false };
    matches!(media_type, "jpeg" | "png" | "webp" | "avif")
        && !payload.is_empty()
        && payload.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'='))
}

/// The file name of a saved article.
pub fn saved_file_name(slug: &str) -> String {
    format!("{slug}.html")
}

/// What "Lưu" writes: one HTML file that opens offline and runs no script.
pub struct SavedArticle<'a> {
    pub article: &'a Article,
    pub site_name: &'a str,
    /// The article's absolute URL, printed as the source.
    pub source_url: &'a str,
    /// The lead image as the file shows it, if the article has one.
    pub image: Option<SavedImage<'a>>,
    /// `body_html` after the sanitiser: the only markup taken as is.
    pub sanitized_body: &'a str,
}

/// The saved file's lead image: a `data:` URL of an embedded JPEG
/// ([`is_embedded_image`]; `picture::saved_image_data_url`) or an absolute
/// `http(s)` URL; anything else is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SavedImage<'a> {
    pub url: &'a str,
    /// The pixels of the file `url` names (the embedded variant's, or the
    /// contract's for a linked image).
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl SavedImage<'_> {
    fn is_acceptable(&self) -> bool {
        let lower = self.url.trim_start().to_ascii_lowercase();
        is_embedded_image(self.url) || lower.starts_with("https://") || lower.starts_with("http://")
    }
}

const SAVED_STYLE: &str = "body{font-family:'Noto Serif',Georgia,serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#111;background:#fff}\
header p{margin:0;font-weight:700;color:#8a1c1c}h1{font-size:1.75rem;line-height:1.3}\
.lead{font-weight:700}figure{margin:1.5rem 0}img{max-width:100%;height:auto}figcaption{font-style:italic;font-size:.9rem;color:#444}\
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem}\
.author{text-align:right;font-weight:700}.source{font-size:.9rem;color:#444;border-top:1px solid #ccc;padding-top:.5rem;word-break:break-all}";

/// Builds the saved file. The result contains no `<script` (the body passed
/// the sanitiser and every other field is escaped text).
pub fn saved_article_html(saved: &SavedArticle<'_>) -> String {
    let article = saved.article;
    let mut html = String::with_capacity(saved.sanitized_body.len() + 4096);
    html.push_str("<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // No script may run from a saved page, even if something slipped through.
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'\">\n");
    html.push_str(&format!(
        "<title>{} | {}</title>\n<style>{SAVED_STYLE}</style>\n</head>\n<body>\n",
        escape_html(&article.title),
        escape_html(saved.site_name)
    ));
    html.push_str(&format!("<header><p>{}</p></header>\n<article>\n", escape_html(saved.site_name)));
    html.push_str(&format!("<p>{}</p>\n", escape_html(&article.category.name)));
    html.push_str(&format!("<h1>{}</h1>\n", escape_html(&article.title)));
    html.push_str(&format!(
        "<p><time datetime=\"{}\">{}</time></p>\n",
        escape_html(&article.published_at.to_rfc3339()),
        escape_html(&format_vn_datetime(&article.published_at))
    ));
    html.push_str(&format!("<p class=\"lead\">{}</p>\n", escape_html(&article.lead)));
    if let (Some(image), Some(saved_image)) = (&article.image, saved.image.filter(SavedImage::is_acceptable)) {
        html.push_str("<figure>");
        html.push_str(&format!("<img src=\"{}\" alt=\"{}\"", escape_html(saved_image.url), escape_html(&image.alt)));
        if let (Some(width), Some(height)) = (saved_image.width, saved_image.height) {
            html.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        html.push('>');
        if let Some(caption) = &image.caption {
            html.push_str(&format!("<figcaption>{}</figcaption>", escape_html(caption)));
        }
        html.push_str("</figure>\n");
    }
    html.push_str("<div class=\"body\">\n");
    html.push_str(saved.sanitized_body);
    html.push_str("\n</div>\n");
    if let Some(author) = &article.author {
        html.push_str(&format!("<p class=\"author\">{}</p>\n", escape_html(author)));
    }
    html.push_str(&format!(
        "<p class=\"source\">{}: <a href=\"{url}\">{url}</a></p>\n",
        text::SOURCE,
        url = escape_html(saved.source_url)
    ));
    html.push_str("</article>\n</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `%XX` sequences as a mail client would.
    fn percent_decode(value: &str) -> String {
        let bytes = value.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    fn check_mailto(title: &str, lead: &str, url: &str, body: &str) {
        let link = article_mailto(title, lead, url);
        let query = link.strip_prefix("mailto:?").unwrap();
        let (subject, mail_body) = query.split_once('&').unwrap();
        assert!(!link.contains('+') && !link.contains(' '), "{link}");
        assert_eq!(percent_decode(subject.strip_prefix("subject=").unwrap()), title);
        assert_eq!(percent_decode(mail_body.strip_prefix("body=").unwrap()), body);
    }

    #[test]
    fn mailto_round_trips_vietnamese_and_reserved_characters() {
        check_mailto(
            "Thông báo \"Lịch tiếp công dân\" tháng 7 & 8: hỏi – đáp 100% trực tuyến?",
            "Ủy ban nhân dân thành phố # thông báo.",
            "https://thanhvan.gov.vn/bai-viet/a",
            "Ủy ban nhân dân thành phố # thông báo.\r\n\r\nhttps://thanhvan.gov.vn/bai-viet/a",
        );
    }

    #[test]
    fn mailto_encodes_spaces_and_breaks_as_rfc_6068_says() {
        let link = article_mailto("a b", "x\ny", "u");
        assert_eq!(link, "mailto:?subject=a%20b&body=x%0D%0Ay%0D%0A%0D%0Au");
    }

    #[test]
    fn mailto_without_lead_is_just_the_url() {
        check_mailto("T", "  ", "https://x.vn/bai-viet/t", "https://x.vn/bai-viet/t");
    }

    #[test]
    fn mailto_long_text_survives() {
        let title = "Đường ".repeat(400);
        let lead = "Lễ hội & đua thuyền?#% ".repeat(300);
        let link = article_mailto(&title, &lead, "https://x.vn/a");
        let query = link.strip_prefix("mailto:?").unwrap();
        let (subject, _) = query.split_once('&').unwrap();
        assert_eq!(percent_decode(subject.strip_prefix("subject=").unwrap()), title.trim());
    }

    fn hostile_article() -> Article {
        let text = r#"{
            "slug": "tin-doc-hai", "title": "<script>alert(1)</script> & \"trích dẫn\" 'nháy'",
            "category": {"slug": "thong-bao", "name": "Thông <b>báo</b>"},
            "published_at": "2021-12-22T08:03:00+07:00", "lead": "Mở đầu <img src=x onerror=alert(1)> & hết",
            "image": {"src": "media/a.svg", "alt": "\"><script>x</script>", "caption": "Chú thích </figcaption><script>", "width": 800, "height": 450},
            "body_html": "<p>ignored: the builder takes the sanitised body</p>",
            "author": "Tác giả <i>&amp;</i>", "related": []
        }"#;
        crate::model::decode_article(text).unwrap()
    }

    fn build(article: &Article) -> String {
        saved_article_html(&SavedArticle {
            article,
            site_name: "Cổng <thông tin> & \"Thanh Vân\"",
            source_url: "https://thanhvan.gov.vn/bai-viet/tin-doc-hai?a=1&b=\"2\"",
            image: Some(SavedImage { url: "https://thanhvan.gov.vn/api/media/a.svg?x=<y>", width: Some(800), height: Some(450) }),
            sanitized_body: "<p>Nội dung <strong>đã lọc</strong>.</p>",
        })
    }

    #[test]
    fn saved_file_escapes_every_field_and_has_no_script() {
        let html = build(&hostile_article());
        assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(!html.contains("<b>") && !html.contains("<i>") && !html.contains("<thông"), "{html}");
        for expected in [
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;trích dẫn&quot; &#39;nháy&#39;",
            "Mở đầu &lt;img src=x onerror=alert(1)&gt; &amp; hết",
            "alt=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"",
            "Chú thích &lt;/figcaption&gt;&lt;script&gt;",
            "Tác giả &lt;i&gt;&amp;amp;&lt;/i&gt;",
            "Thông &lt;b&gt;báo&lt;/b&gt;",
            "Cổng &lt;thông tin&gt; &amp; &quot;Thanh Vân&quot;",
            "https://thanhvan.gov.vn/bai-viet/tin-doc-hai?a=1&amp;b=&quot;2&quot;",
            "src=\"https://thanhvan.gov.vn/api/media/a.svg?x=&lt;y&gt;\"",
        ] {
            assert!(html.contains(expected), "missing {expected:?} in {html}");
        }
    }

    #[test]
    fn saved_file_structure() {
        let html = build(&hostile_article());
        assert!(html.starts_with("<!doctype html>\n<html lang=\"vi\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("<p>Nội dung <strong>đã lọc</strong>.</p>"));
        assert!(html.contains("22/12/2021 08:03"));
        assert!(html.contains("width=\"800\" height=\"450\""));
        assert!(html.contains("Nguồn: <a href="));
        assert!(html.trim_end().ends_with("</html>"));
        for tag in ["html", "head", "body", "article", "figure", "div"] {
            assert_eq!(
                html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count(),
                html.matches(&format!("</{tag}>")).count(),
                "unbalanced <{tag}>"
            );
        }
        assert_eq!(saved_file_name("tin-doc-hai"), "tin-doc-hai.html");
    }

    #[test]
    fn saved_file_without_optional_fields() {
        let mut article = hostile_article();
        article.image = None;
        article.author = None;
        let html = saved_article_html(&SavedArticle {
            article: &article,
            site_name: "S",
            source_url: "https://x.vn/a",
            image: None,
            sanitized_body: "",
        });
        assert!(!html.contains("<figure") && !html.contains("class=\"author\""));
    }

    #[test]
    fn base64_as_rfc_4648_writes_it() {
        // RFC 4648 §10's test vectors, then every byte value.
        for (bytes, expected) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        {
            assert_eq!(base64(bytes.as_bytes()), expected, "{bytes:?}");
        }
        let all: Vec<u8> = (0..=255).collect();
        let encoded = base64(&all);
        assert!(encoded.starts_with("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g"), "{encoded}");
        assert!(encoded.ends_with("+/w=="), "{encoded}");
        assert_eq!(encoded.len(), 344);
        assert_eq!(data_url("image/jpeg", &[0xFF, 0xD8, 0xFF]), "data:image/jpeg;base64,/9j/");
    }

    #[test]
    fn embedded_images_are_raster_base64_data_urls_only() {
        for url in ["data:image/jpeg;base64,/9j/4A==", "data:image/png;base64,iVBORw0KGgo="] {
            assert!(is_embedded_image(url), "{url}");
        }
        for url in [
            "data:image/svg+xml;base64,PHN2Zz4=",
            "data:text/html;base64,PHA+",
            "data:image/jpeg,<svg>",
            "data:image/jpeg;base64,",
            "data:image/jpeg;base64,/9j/\"><script>",
            "DATA:image/jpeg;base64,/9j/",
            "https://thanhvan.gov.vn/a.jpg",
        ] {
            assert!(!is_embedded_image(url), "{url}");
        }
    }

    /// The lead image embedded as a `data:` URL with the variant's own
    /// size; a URL the file may not show (a relative path, another scheme)
    /// leaves the figure out.
    #[test]
    fn saved_file_with_an_embedded_or_a_refused_image() {
        let article = hostile_article();
        let with = |image: SavedImage<'_>| {
            saved_article_html(&SavedArticle {
                article: &article,
                site_name: "S",
                source_url: "https://x.vn/a",
                image: Some(image),
                sanitized_body: "",
            })
        };
        let html = with(SavedImage { url: "data:image/jpeg;base64,/9j/4A==", width: Some(480), height: Some(270) });
        assert!(html.contains("<img src=\"data:image/jpeg;base64,/9j/4A==\" alt=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\" width=\"480\" height=\"270\">"), "{html}");
        assert!(html.contains("img-src https: http: data:"), "the file's CSP lets it show: {html}");
        for url in ["media/a.jpg", "javascript:alert(1)", "data:image/svg+xml;base64,PHN2Zz4=", "file:///a.jpg"] {
            let html = with(SavedImage { url, width: None, height: None });
            assert!(!html.contains("<figure"), "{url}: {html}");
        }
    }

    #[test]
    fn only_abort_error_is_the_readers_cancel() {
        assert!(share_failure_is_cancel(Some("AbortError")));
        for name in [None, Some("NotAllowedError"), Some("TypeError"), Some("DataError"), Some("abortError"), Some("")] {
            assert!(!share_failure_is_cancel(name), "{name:?}");
        }
    }

    #[test]
    fn absolute_urls_resolve_as_the_article_page_does() {
        const PAGE: &str = "https://thanhvan.gov.vn/bai-viet/khen-thuong-2021";
        let cases: &[(&str, Option<&str>)] = &[
            // Links into the app, written root-relative by the sanitiser.
            ("/bai-viet/tin-mot", Some("https://thanhvan.gov.vn/bai-viet/tin-mot")),
            ("/chuyen-muc/thong-bao?trang=2", Some("https://thanhvan.gov.vn/chuyen-muc/thong-bao?trang=2")),
            ("/bai-viet/x#muc-2", Some("https://thanhvan.gov.vn/bai-viet/x#muc-2")),
            // Relative to the article's address.
            ("tai-lieu.pdf", Some("https://thanhvan.gov.vn/bai-viet/tai-lieu.pdf")),
            ("media/anh.jpg", Some("https://thanhvan.gov.vn/bai-viet/media/anh.jpg")),
            ("./anh.jpg", Some("https://thanhvan.gov.vn/bai-viet/anh.jpg")),
            ("../uploads/a.png", Some("https://thanhvan.gov.vn/uploads/a.png")),
            ("../../../../a.png", Some("https://thanhvan.gov.vn/a.png")),
            ("/uploads/./qd/../qd-12.pdf", Some("https://thanhvan.gov.vn/uploads/qd-12.pdf")),
            ("/uploads/%2e%2E/a.pdf", Some("https://thanhvan.gov.vn/a.pdf")),
            ("/uploads/..", Some("https://thanhvan.gov.vn/")),
            ("#muc-1", Some("https://thanhvan.gov.vn/bai-viet/khen-thuong-2021#muc-1")),
            ("?in=1", Some("https://thanhvan.gov.vn/bai-viet/khen-thuong-2021?in=1")),
            ("a.pdf?x=../y#z/../w", Some("https://thanhvan.gov.vn/bai-viet/a.pdf?x=../y#z/../w")),
            // What the URL parser ignores or reads its own way.
            ("  /bai-\tviet/x\n", Some("https://thanhvan.gov.vn/bai-viet/x")),
            ("/uploads\\a.pdf?q=\\", Some("https://thanhvan.gov.vn/uploads/a.pdf?q=\\")),
            ("/\\evil.example/x", Some("https://evil.example/x")),
            // Protocol-relative: the article's scheme.
            ("//cdn.example.vn/a.png", Some("https://cdn.example.vn/a.png")),
            ("//cdn.example.vn", Some("https://cdn.example.vn/")),
            ("//", None),
            ("///x", None),
            // Already absolute: as they are.
            ("https://chinhphu.vn/", Some("https://chinhphu.vn/")),
            ("HTTP://Example.vn/A?b#c", Some("HTTP://Example.vn/A?b#c")),
            ("mailto:vanphong@thanhvan.gov.vn", Some("mailto:vanphong@thanhvan.gov.vn")),
            ("tel:02439999999", Some("tel:02439999999")),
            ("https:relative", None),
            ("https:///x", None),
            // Never anything else.
            ("javascript:alert(1)", None),
            ("java\tscript:alert(1)", None),
            ("data:image/png;base64,AAAA", None),
            ("file:///etc/passwd", None),
            ("blob:https://thanhvan.gov.vn/1", None),
        ];
        for (reference, expected) in cases {
            assert_eq!(absolute_url(PAGE, reference).as_deref(), *expected, "{reference:?}");
        }
    }

    #[test]
    fn absolute_urls_against_other_bases() {
        let check = |base: &str, reference: &str, expected: Option<&str>| {
            assert_eq!(absolute_url(base, reference).as_deref(), expected, "{base:?} + {reference:?}");
        };
        check("http://127.0.0.1:8080/bai-viet/a", "//cdn.vn/x.png", Some("http://cdn.vn/x.png"));
        check("http://127.0.0.1:8080/bai-viet/a", "x.png", Some("http://127.0.0.1:8080/bai-viet/x.png"));
        check("https://thanhvan.gov.vn", "a.png", Some("https://thanhvan.gov.vn/a.png"));
        check("https://thanhvan.gov.vn/bai-viet/a?x=1#f", "#g", Some("https://thanhvan.gov.vn/bai-viet/a?x=1#g"));
        check("https://thanhvan.gov.vn/bai-viet/a?x=1", "?y=2", Some("https://thanhvan.gov.vn/bai-viet/a?y=2"));
        check("HTTPS://thanhvan.gov.vn/bai-viet/a", "/b", Some("https://thanhvan.gov.vn/b"));
        // A base that is not an absolute http(s) URL resolves nothing relative.
        for base in ["", "null", "/bai-viet/a", "file:///tmp/a.html", "https://", "thanhvan.gov.vn/a"] {
            check(base, "/bai-viet/x", None);
            check(base, "https://chinhphu.vn/", Some("https://chinhphu.vn/"));
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_html("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
