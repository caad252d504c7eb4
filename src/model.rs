//! The JSON contract with the backend, as Rust types (see `docs/API.md`).
//!
//! This module owns the shape of every document the app reads: `site.json`,
//! `home.json`, `categories/{slug}/page-{n}.json`, `articles/{slug}.json`
//! and `pages/{slug}.json`.
//! It is pure: no leptos, no web-sys, no I/O. Decoding returns a typed
//! [`ApiError`] and never panics, whatever bytes arrive.
//!
//! Unknown fields are ignored (serde's default), so a backend may add fields
//! without breaking older frontends. Optional fields are `Option` or default
//! to empty lists, so a sparse but valid document still renders.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// A category ("chuyên mục") of the portal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An image with the text alternative written by the editor.
///
/// `src` is an absolute URL or a path; a relative path is resolved against
/// the API base, so a static export can ship its media next to its JSON.
/// `variants` are the encoded sizes the publishing step wrote; the browser
/// chooses among them (`picture`). Without them, `src` is the one
/// file shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub src: String,
    pub alt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<ImageVariant>,
}

/// One encoded size of the image, written by the publishing step.
///
/// `src` follows [`Image::src`]'s rules; `media_type` is `image/avif`,
/// `image/webp`, `image/jpeg`, `image/png` or `image/svg+xml` (others are
/// ignored); `width` and `height` are the file's own pixels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageVariant {
    pub src: String,
    #[serde(rename = "type")]
    pub media_type: String,
    pub width: u32,
    pub height: u32,
}

/// The site's contact lines, printed in the footer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteFooter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editor: Option<String>,
}

/// A static page as `site.json` lists it, for the header and footer links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageLink {
    pub slug: String,
    pub title: String,
    /// The language of the page (`"en"` for the English page), so its link
    /// can say so; absent means Vietnamese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl PageLink {
    /// The link's language tag when it is not Vietnamese (see [`content_lang`]).
    pub fn foreign_lang(&self) -> Option<&'static str> {
        self.lang.as_deref().map(content_lang).filter(|lang| *lang != "vi")
    }
}

/// A related portal ("Liên kết website"): another agency's site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteLink {
    pub name: String,
    /// An absolute `http(s)` URL; anything else is not linked
    /// ([`crate::routes::external_href`]).
    pub url: String,
}

/// `site.json`: the portal's name, its categories and footer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub name: String,
    /// The portal's public origin (`https://thanhvan.gov.vn`): where the
    /// publishing step's absolute links (canonical, Open Graph) point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagline: Option<String>,
    pub categories: Vec<Category>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<SiteFooter>,
    /// Static pages (`pages/{slug}.json`) in the order the footer lists them.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PageLink>,
    /// Related portals, for the footer's "Liên kết website".
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<SiteLink>,
    /// `"server"` when the backend answers `search.json` itself; absent (or
    /// `"static"`) means the static index the publishing step writes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
}

impl Site {
    /// Whether searches go to the backend's `search.json`.
    pub fn search_on_server(&self) -> bool {
        self.search.as_deref().is_some_and(|search| search.trim().eq_ignore_ascii_case("server"))
    }

    /// The page in English, if the site has one: the first page listed with
    /// `"lang": "en"`, else the one with the slug `english`.
    pub fn english_page(&self) -> Option<&PageLink> {
        self.pages
            .iter()
            .find(|page| page.foreign_lang() == Some("en"))
            .or_else(|| self.pages.iter().find(|page| page.slug == "english"))
    }
}

/// A short reference to an article, as lists and "Tin khác" show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub slug: String,
    pub title: String,
    #[serde(deserialize_with = "rfc3339")]
    pub published_at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<Image>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
}

/// One block of the home page: a category with its latest items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeSection {
    pub category: Category,
    pub items: Vec<ArticleSummary>,
}

/// `home.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Home {
    pub featured: Vec<ArticleSummary>,
    pub sections: Vec<HomeSection>,
}

/// `categories/{slug}/page-{n}.json`: one page of a category's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryListPage {
    pub category: Category,
    pub page: u32,
    pub total_pages: u32,
    pub total_items: u32,
    pub items: Vec<ArticleSummary>,
}

/// `articles/{slug}.json`: a whole article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub category: Category,
    #[serde(deserialize_with = "rfc3339")]
    pub published_at: DateTime<FixedOffset>,
    #[serde(default, deserialize_with = "optional_rfc3339", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<FixedOffset>>,
    pub lead: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// Untrusted HTML from the CMS: only ever rendered through `sanitize`.
    pub body_html: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub related: Vec<ArticleSummary>,
}

impl Article {
    /// The update time, only when it says something the publication time does not.
    pub fn meaningful_update(&self) -> Option<DateTime<FixedOffset>> {
        self.updated_at.filter(|updated| *updated != self.published_at)
    }

    /// The summary of this article, as a list would show it.
    pub fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            slug: self.slug.clone(),
            title: self.title.clone(),
            published_at: self.published_at,
            lead: Some(self.lead.clone()),
            thumbnail: self.image.clone(),
            category: Some(self.category.clone()),
        }
    }
}

/// `pages/{slug}.json`: a static page of the portal (about the agency,
/// contacts, the site map, the English introduction).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaticPage {
    pub slug: String,
    pub title: String,
    /// `"vi"` or `"en"`; absent means `"vi"`. Read through [`StaticPage::lang`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Untrusted HTML from the CMS: only ever rendered through `sanitize`.
    pub body_html: String,
    #[serde(default, deserialize_with = "optional_rfc3339", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<FixedOffset>>,
}

impl StaticPage {
    /// The language tag of the page's content ([`content_lang`]).
    pub fn lang(&self) -> &'static str {
        content_lang(self.lang.as_deref().unwrap_or("vi"))
    }
}

/// A `lang` value from the contract as a tag the app may write into an
/// attribute: `en` (and `en-…`) is English, anything else Vietnamese, the
/// portal's language. The contract names two languages; a CMS that writes
/// `en-US` or `EN` still gets an English page, and nothing else reaches the
/// markup.
pub fn content_lang(value: &str) -> &'static str {
    let primary = value.trim().split(['-', '_']).next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("en") {
        "en"
    } else {
        "vi"
    }
}

/// Every way a request for a document can fail, as the reader needs to know it.
///
/// `Clone` because resources hand results out by value; no `Error` in the
/// name because the Leptos prelude exports one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The backend answered 404: the page or article does not exist.
    NotFound,
    /// Any other HTTP status that is not a success.
    Http(u16),
    /// No answer: offline, DNS, refused connection, CORS.
    Network,
    /// No answer within the time limit.
    Timeout,
    /// An answer that is not JSON, or JSON of another shape than the contract.
    Decode(String),
}

impl ApiError {
    /// Whether trying again may help (and so deserves an automatic retry and a "Thử lại" button).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network | ApiError::Timeout => true,
            ApiError::Http(status) => *status >= 500 || *status == 408 || *status == 429,
            ApiError::NotFound | ApiError::Decode(_) => false,
        }
    }

    /// Whether the reader should be offered a "Thử lại" button at all.
    pub fn can_retry(&self) -> bool {
        !matches!(self, ApiError::NotFound)
    }

    /// The message shown to residents, in Vietnamese.
    pub fn message(&self) -> &'static str {
        match self {
            ApiError::NotFound => crate::text::NOT_FOUND_MESSAGE,
            ApiError::Http(status) if *status >= 500 => crate::text::ERROR_SERVER,
            ApiError::Http(_) => crate::text::ERROR_HTTP,
            ApiError::Network => crate::text::ERROR_NETWORK,
            ApiError::Timeout => crate::text::ERROR_TIMEOUT,
            ApiError::Decode(_) => crate::text::ERROR_DECODE,
        }
    }

    /// A line for the console, for the portal's operators.
    pub fn describe(&self) -> String {
        match self {
            ApiError::NotFound => "HTTP 404".to_string(),
            ApiError::Http(status) => format!("HTTP {status}"),
            ApiError::Network => "network failure".to_string(),
            ApiError::Timeout => "timed out".to_string(),
            ApiError::Decode(reason) => format!("invalid document: {reason}"),
        }
    }
}

/// A `null` list is read as an empty one: some CMS exports write `null`.
fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// A contract time (`docs/API.md`): RFC 3339 with seconds and an offset,
/// `2021-12-22T08:03:00+07:00` or `…Z`, read by chrono's strict RFC 3339
/// parser. (chrono's own `Deserialize` goes through its relaxed parser,
/// which also takes `+0700` and costs ≈ 6 kB of wasm code more.)
fn rfc3339<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<DateTime<FixedOffset>, D::Error> {
    parse_time(&String::deserialize(deserializer)?)
}

/// [`rfc3339`] for an optional time (`null` or absent: none).
fn optional_rfc3339<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    Option::<String>::deserialize(deserializer)?.map(|text| parse_time(&text)).transpose()
}

fn parse_time<E: serde::de::Error>(text: &str) -> Result<DateTime<FixedOffset>, E> {
    DateTime::parse_from_rfc3339(text)
        .map_err(|error| E::custom(format_args!("\"{text}\" is not an RFC 3339 time with an offset: {error}")))
}

fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    parse_json(text).map_err(ApiError::Decode)
}

/// Reads JSON text into a typed value; the error says why it could not.
/// The same reader in the browser and on the host ([`crate::json`]), so the
/// host tests check the decoding that ships.
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    crate::json::from_str(text)
}

pub fn decode_site(text: &str) -> Result<Site, ApiError> {
    decode(text)
}

pub fn decode_home(text: &str) -> Result<Home, ApiError> {
    decode(text)
}

pub fn decode_category_page(text: &str) -> Result<CategoryListPage, ApiError> {
    decode(text)
}

pub fn decode_article(text: &str) -> Result<Article, ApiError> {
    decode(text)
}

pub fn decode_static_page(text: &str) -> Result<StaticPage, ApiError> {
    decode(text)
}

/// Whether `slug` has the contract's shape: lowercase ASCII words joined by `-`.
///
/// Slugs end up in request paths, so anything else is refused before a fetch.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 200
        && slug
            .split('-')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL_ARTICLE: &str = r#"{
        "slug": "a", "title": "T", "category": {"slug": "c", "name": "C"},
        "published_at": "2021-12-22T08:03:00+07:00", "lead": "L", "body_html": "<p>x</p>"
    }"#;

    #[test]
    fn minimal_article_decodes_with_defaults() {
        let article = decode_article(MINIMAL_ARTICLE).unwrap();
        assert_eq!(article.author, None);
        assert!(article.related.is_empty());
        assert_eq!(article.meaningful_update(), None);
    }

    #[test]
    fn image_variants_are_optional_and_read_their_type() {
        let text = MINIMAL_ARTICLE.replace(
            "\"lead\"",
            r#""image": {"src": "/anh/a-1200.jpg", "alt": "A", "width": 1200, "height": 675,
                "variants": [{"src": "/anh/a-480.avif", "type": "image/avif", "width": 480, "height": 270}]}, "lead""#,
        );
        let image = decode_article(&text).unwrap().image.unwrap();
        assert_eq!(
            image.variants,
            [ImageVariant { src: "/anh/a-480.avif".into(), media_type: "image/avif".into(), width: 480, height: 270 }]
        );
        let written = serde_json::to_string(&image).unwrap();
        assert!(written.contains(r#""type":"image/avif""#), "{written}");
        let plain = MINIMAL_ARTICLE.replace("\"lead\"", r#""image": {"src": "a.jpg", "alt": "", "variants": null}, "lead""#);
        let image = decode_article(&plain).unwrap().image.unwrap();
        assert!(image.variants.is_empty());
        assert!(!serde_json::to_string(&image).unwrap().contains("variants"), "no variants: none written");
        let broken = text.replace("\"width\": 480", "\"width\": -1");
        assert!(matches!(decode_article(&broken), Err(ApiError::Decode(_))));
    }

    #[test]
    fn null_related_is_empty() {
        let text = MINIMAL_ARTICLE.replace("\"lead\"", "\"related\": null, \"lead\"");
        assert!(decode_article(&text).unwrap().related.is_empty());
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let text = MINIMAL_ARTICLE.replace("\"lead\"", "\"extra\": [1,2], \"lead\"");
        assert!(decode_article(&text).is_ok());
    }

    #[test]
    fn wrong_shape_and_truncation_are_decode_errors() {
        for text in ["", "{", "[]", "null", r#"{"slug": 1}"#, &MINIMAL_ARTICLE[..40]] {
            assert!(matches!(decode_article(text), Err(ApiError::Decode(_))), "{text:?}");
        }
    }

    #[test]
    fn time_without_offset_is_refused() {
        let text = MINIMAL_ARTICLE.replace("+07:00", "");
        assert!(matches!(decode_article(&text), Err(ApiError::Decode(_))));
    }

    /// RFC 3339 as the contract writes it, with what RFC 3339 itself allows
    /// (`Z`, fractional seconds, lowercase `t`/`z`, a space for `T`), and
    /// nothing looser.
    #[test]
    fn times_are_rfc_3339() {
        let at = |time: &str| decode_article(&MINIMAL_ARTICLE.replace("2021-12-22T08:03:00+07:00", time)).map(|article| article.published_at);
        let expected = DateTime::parse_from_rfc3339("2021-12-22T01:03:00Z").unwrap();
        for time in ["2021-12-22T08:03:00+07:00", "2021-12-22T01:03:00Z", "2021-12-22t01:03:00z", "2021-12-22 08:03:00+07:00", "2021-12-22T08:03:00.000+07:00"] {
            assert_eq!(at(time), Ok(expected), "{time}");
        }
        for time in ["2021-12-22T08:03:00+0700", "2021-12-22T08:03+07:00", "22/12/2021 08:03", "2021-12-22", "2021-02-30T08:03:00+07:00", ""] {
            let Err(ApiError::Decode(why)) = at(time) else { panic!("{time:?} was read") };
            assert!(why.contains("is not an RFC 3339 time"), "{time:?}: {why}");
        }
        let text = MINIMAL_ARTICLE.replace("\"lead\"", "\"updated_at\": \"2021-12-23T09:00:00+07:00\", \"lead\"");
        assert_eq!(decode_article(&text).unwrap().meaningful_update(), DateTime::parse_from_rfc3339("2021-12-23T09:00:00+07:00").ok());
        let text = MINIMAL_ARTICLE.replace("\"lead\"", "\"updated_at\": null, \"lead\"");
        assert_eq!(decode_article(&text).unwrap().updated_at, None);
        let text = MINIMAL_ARTICLE.replace("\"lead\"", "\"updated_at\": \"hôm qua\", \"lead\"");
        assert!(matches!(decode_article(&text), Err(ApiError::Decode(_))));
    }

    #[test]
    fn static_pages_and_their_language() {
        let page = decode_static_page(r#"{"slug": "english", "title": "About", "lang": "en", "body_html": "<p>x</p>"}"#).unwrap();
        assert_eq!(page.lang(), "en");
        assert_eq!(page.updated_at, None);
        let page = decode_static_page(r#"{"slug": "lien-he", "title": "Liên hệ", "body_html": ""}"#).unwrap();
        assert_eq!(page.lang(), "vi");
        for (value, expected) in [("en", "en"), ("EN", "en"), ("en-US", "en"), ("en_GB", "en"), ("vi", "vi"), ("fr", "vi"), ("\" onload=x", "vi"), ("", "vi")] {
            assert_eq!(content_lang(value), expected, "{value:?}");
        }
        assert!(matches!(decode_static_page(r#"{"slug": "a", "title": "A"}"#), Err(ApiError::Decode(_))));
    }

    #[test]
    fn site_pages_and_links_are_optional() {
        let site = decode_site(r#"{"name": "N", "categories": [], "pages": null}"#).unwrap();
        assert!(site.pages.is_empty() && site.links.is_empty());
        assert_eq!(site.english_page(), None);
        let site = decode_site(
            r#"{"name": "N", "categories": [], "pages": [{"slug": "gioi-thieu", "title": "Giới thiệu"},
                {"slug": "thong-tin", "title": "Information", "lang": "en-GB"}],
                "links": [{"name": "Cổng Chính phủ", "url": "https://chinhphu.vn"}]}"#,
        )
        .unwrap();
        assert_eq!(site.english_page().map(|page| page.slug.as_str()), Some("thong-tin"));
        assert_eq!(site.pages[0].foreign_lang(), None);
        assert_eq!(site.links[0].name, "Cổng Chính phủ");
    }

    #[test]
    fn slugs() {
        for ok in ["a", "thi-dua-khen-thuong", "nam-2024"] {
            assert!(is_valid_slug(ok), "{ok}");
        }
        for bad in ["", "-", "a--b", "A", "ä", "a/b", "../x", "a b", "a-"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn transient_errors() {
        assert!(ApiError::Http(500).is_transient());
        assert!(ApiError::Timeout.is_transient());
        assert!(!ApiError::NotFound.is_transient());
        assert!(!ApiError::Http(403).is_transient());
        assert!(!ApiError::NotFound.can_retry());
        assert!(ApiError::Decode(String::new()).can_retry());
    }
}
