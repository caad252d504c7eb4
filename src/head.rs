//! The head tags of a pre-rendered page: `<title>`, the description, the
//! canonical link, Open Graph and the Twitter card, so a link pasted into
//! a mail client or a chat app shows the page's title, lead and picture.
//!
//! Pure (no leptos, no web-sys): the publishing step calls it on the host,
//! and host tests check it. Every value is escaped; every URL is absolute,
//! built from the configured site origin, never guessed.

use chrono::{DateTime, FixedOffset};

use crate::format::format_iso_datetime;
use crate::share::escape_html;

/// The longest meta description search engines show in full.
pub const DESCRIPTION_CHARS: usize = 160;

/// What kind of page the tags describe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// Home, category lists, the not-found page: `og:type` website.
    Website,
    /// An article: `og:type` article, with its time and section.
    Article { published_at: DateTime<FixedOffset>, section: String },
}

/// The picture a link preview shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewImage {
    /// Absolute URL.
    pub url: String,
    pub alt: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// The picture of a page's link preview, which decides its Twitter card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreviewPicture {
    /// The article's own photo: a large card (`summary_large_image`).
    Photo(PreviewImage),
    /// The portal's emblem, for pages without a photo: a small card (`summary`).
    Emblem(PreviewImage),
}

impl PreviewPicture {
    pub fn image(&self) -> &PreviewImage {
        match self {
            PreviewPicture::Photo(image) | PreviewPicture::Emblem(image) => image,
        }
    }
}

/// An RSS feed the page points feed readers to
/// (`<link rel="alternate" type="application/rss+xml">`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedLink {
    pub title: String,
    /// Absolute URL.
    pub url: String,
}

/// Everything the head tags say about one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageHead {
    /// The document title, as the app writes it (`text::document_title`).
    pub title: String,
    /// The title alone (for `og:title`), without the site's name.
    pub headline: String,
    pub description: String,
    /// Absolute URL of the page; `None` for a page that has no address of
    /// its own (the not-found page), which gets no canonical link.
    pub canonical_url: Option<String>,
    pub site_name: String,
    pub kind: PageKind,
    pub image: Option<PreviewPicture>,
    /// The site's feed, and the category's on its list and article pages.
    pub feeds: Vec<FeedLink>,
    /// The language of the page's content when it is not Vietnamese
    /// (`og:locale` follows it).
    pub lang: Option<&'static str>,
}

/// `path` (root-relative, relative, protocol-relative or already absolute)
/// made absolute against `origin` (`https://host`), as a page at the site's
/// root would resolve it ([`crate::share::absolute_url`]).
pub fn absolute_url(origin: &str, path: &str) -> String {
    let root = format!("{}/", origin.trim_end_matches('/'));
    crate::share::absolute_url(&root, path).unwrap_or_else(|| path.to_string())
}

/// A description no longer than [`DESCRIPTION_CHARS`], whitespace folded.
pub fn short_description(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= DESCRIPTION_CHARS {
        return folded;
    }
    let cut: String = folded.chars().take(DESCRIPTION_CHARS - 1).collect();
    // End on a word boundary when there is one not too far back.
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => cut[..space].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

fn meta_property(out: &mut String, property: &str, content: &str) {
    out.push_str(&format!("<meta property=\"{property}\" content=\"{}\" />\n", escape_html(content)));
}

fn meta_name(out: &mut String, name: &str, content: &str) {
    out.push_str(&format!("<meta name=\"{name}\" content=\"{}\" />\n", escape_html(content)));
}

/// The tags, one per line, in the order a reader of the source expects.
pub fn head_tags(head: &PageHead) -> String {
    let mut out = String::new();
    out.push_str(&format!("<title>{}</title>\n", escape_html(&head.title)));
    meta_name(&mut out, "description", &head.description);
    if let Some(url) = &head.canonical_url {
        out.push_str(&format!("<link rel=\"canonical\" href=\"{}\" />\n", escape_html(url)));
    }
    let og_type = match head.kind {
        PageKind::Website => "website",
        PageKind::Article { .. } => "article",
    };
    meta_property(&mut out, "og:type", og_type);
    meta_property(&mut out, "og:title", &head.headline);
    meta_property(&mut out, "og:description", &head.description);
    if let Some(url) = &head.canonical_url {
        meta_property(&mut out, "og:url", url);
    }
    meta_property(&mut out, "og:site_name", &head.site_name);
    let locale = match head.lang {
        Some("en") => "en_US",
        _ => "vi_VN",
    };
    meta_property(&mut out, "og:locale", locale);
    if let Some(image) = head.image.as_ref().map(PreviewPicture::image) {
        meta_property(&mut out, "og:image", &image.url);
        if let Some(width) = image.width {
            meta_property(&mut out, "og:image:width", &width.to_string());
        }
        if let Some(height) = image.height {
            meta_property(&mut out, "og:image:height", &height.to_string());
        }
        if !image.alt.trim().is_empty() {
            meta_property(&mut out, "og:image:alt", &image.alt);
        }
    }
    if let PageKind::Article { published_at, section } = &head.kind {
        meta_property(&mut out, "article:published_time", &format_iso_datetime(published_at));
        meta_property(&mut out, "article:section", section);
    }
    let card = match head.image {
        Some(PreviewPicture::Photo(_)) => "summary_large_image",
        Some(PreviewPicture::Emblem(_)) | None => "summary",
    };
    meta_name(&mut out, "twitter:card", card);
    meta_name(&mut out, "twitter:title", &head.headline);
    meta_name(&mut out, "twitter:description", &head.description);
    for feed in &head.feeds {
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{}\" href=\"{}\" />\n",
            escape_html(&feed.title),
            escape_html(&feed.url)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_urls_from_paths_and_protocol_relative_ones() {
        let origin = "https://thanhvan.gov.vn";
        assert_eq!(absolute_url(origin, "/api/media/a.svg"), "https://thanhvan.gov.vn/api/media/a.svg");
        assert_eq!(absolute_url("https://thanhvan.gov.vn/", "/x"), "https://thanhvan.gov.vn/x");
        assert_eq!(absolute_url(origin, "https://cdn.example/a.jpg"), "https://cdn.example/a.jpg");
        assert_eq!(absolute_url(origin, "//cdn.example/a.jpg"), "https://cdn.example/a.jpg");
        assert_eq!(absolute_url(origin, "api/x"), "https://thanhvan.gov.vn/api/x");
    }

    #[test]
    fn feeds_are_linked_and_escaped() {
        let head = PageHead {
            title: "T".into(),
            headline: "T".into(),
            description: "D".into(),
            canonical_url: None,
            site_name: "S".into(),
            kind: PageKind::Website,
            image: None,
            feeds: vec![FeedLink { title: "Kinh tế & \"Đầu tư\"".into(), url: "https://x.gov.vn/rss/kinh-te.xml".into() }],
            lang: Some("en"),
        };
        let tags = head_tags(&head);
        assert!(
            tags.contains(
                "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Kinh tế &amp; &quot;Đầu tư&quot;\" href=\"https://x.gov.vn/rss/kinh-te.xml\" />"
            ),
            "{tags}"
        );
        assert!(tags.contains("content=\"en_US\""), "{tags}");
    }

    fn head_with(image: Option<PreviewPicture>) -> String {
        head_tags(&PageHead {
            title: "T".into(),
            headline: "T".into(),
            description: "D".into(),
            canonical_url: None,
            site_name: "S".into(),
            kind: PageKind::Website,
            image,
            feeds: Vec::new(),
            lang: None,
        })
    }

    /// A photo gets the large card, the portal's emblem (or nothing) the small one.
    #[test]
    fn the_card_follows_the_picture() {
        let image = PreviewImage { url: "https://x.gov.vn/anh/a-1200.jpg".into(), alt: "Ảnh".into(), width: Some(1200), height: Some(675) };
        let photo = head_with(Some(PreviewPicture::Photo(image.clone())));
        assert!(photo.contains("<meta name=\"twitter:card\" content=\"summary_large_image\" />"), "{photo}");
        assert!(photo.contains("<meta property=\"og:image:width\" content=\"1200\" />"), "{photo}");
        let emblem = head_with(Some(PreviewPicture::Emblem(PreviewImage { url: "https://x.gov.vn/emblem.png".into(), ..image })));
        assert!(emblem.contains("<meta property=\"og:image\" content=\"https://x.gov.vn/emblem.png\" />"), "{emblem}");
        assert!(emblem.contains("<meta name=\"twitter:card\" content=\"summary\" />"), "{emblem}");
        let none = head_with(None);
        assert!(none.contains("content=\"summary\"") && !none.contains("og:image"), "{none}");
    }

    #[test]
    fn long_descriptions_are_cut_on_a_word() {
        let long = "từ ".repeat(100);
        let short = short_description(&long);
        assert!(short.chars().count() <= DESCRIPTION_CHARS, "{short}");
        assert!(short.ends_with("từ…"), "{short}");
        assert_eq!(short_description("  một\n hai  "), "một hai");
    }
}
