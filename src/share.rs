//! What leaves the app with an article: the `mailto:` link of "Gửi Email"
//! and the self-contained HTML file of "Lưu". Pure and host-tested.
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
    /// The image's absolute URL, if the article has an image.
    pub image_url: Option<&'a str>,
    /// `body_html` after the sanitiser: the only markup taken as is.
    pub sanitized_body: &'a str,
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
    if let (Some(image), Some(url)) = (&article.image, saved.image_url) {
        html.push_str("<figure>");
        html.push_str(&format!("<img src=\"{}\" alt=\"{}\"", escape_html(url), escape_html(&image.alt)));
        if let (Some(width), Some(height)) = (image.width, image.height) {
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
            image_url: Some("https://thanhvan.gov.vn/api/media/a.svg?x=<y>"),
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
            image_url: None,
            sanitized_body: "",
        });
        assert!(!html.contains("<figure") && !html.contains("class=\"author\""));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_html("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
