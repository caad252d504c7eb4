//! From WordPress's JSON to the contract's fields, pure (docs/API.md,
//! "Publishing from WordPress", has the table): rendered HTML with entities
//! to plain text, the body through the app's sanitiser, `date_gmt` (UTC
//! without a zone) to Vietnam's +07:00, the featured image with its caption,
//! the author's name. Posts that must never be published are recognised
//! here: anything but `publish`, and password-protected posts.

use ban_tin::model::{self, Category, Image};
use ban_tin::sanitize::host::{sanitize_to_html_string, text_of};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Vietnam's offset, in which every time is written.
pub const VN_OFFSET_SECONDS: i32 = 7 * 3600;

/// A WordPress category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WpCategory {
    pub id: u64,
    pub category: Category,
}

/// A published post's featured image, as the contract will show it, and
/// where WordPress has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WpImage {
    pub media_id: u64,
    pub source_url: String,
    pub alt: String,
    pub caption: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// A published post, mapped: everything its article needs but the related
/// articles (which depend on the others) and the image file's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WpPost {
    pub id: u64,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub body_html: String,
    pub published_at: DateTime<FixedOffset>,
    pub updated_at: DateTime<FixedOffset>,
    /// WordPress's `modified_gmt` as it came (for `modified_after`).
    pub modified_gmt: String,
    /// The post's categories in WordPress's order; the first known one is
    /// the article's.
    pub category_ids: Vec<u64>,
    pub author: Option<String>,
    pub image: Option<WpImage>,
}

/// A published WordPress page (`/wp/v2/pages`), a static page of the portal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WpPage {
    pub id: u64,
    pub slug: String,
    pub title: String,
    pub body_html: String,
    pub updated_at: DateTime<FixedOffset>,
    /// WordPress's `menu_order`: the footer's order, then the id.
    pub menu_order: i64,
}

/// What one item of a listing is.
#[derive(Clone, Debug, PartialEq)]
pub enum Mapped {
    Published(Box<WpPost>),
    /// Listed, but never to be published: why (its status, or protected).
    Hidden(u64, String),
}

/// Rendered HTML (`title.rendered`, `excerpt.rendered`, a caption) as the
/// text a reader sees: entities decoded (`&#8211;` → `–`), tags gone,
/// whitespace collapsed.
pub fn html_to_text(html: &str) -> String {
    text_of(html)
}

/// An excerpt as a lead: its text, without WordPress's "read more" mark of
/// an excerpt it made itself (`[…]`).
pub fn lead_of(excerpt_html: &str) -> String {
    let text = html_to_text(excerpt_html);
    let text = text.strip_suffix("[…]").or_else(|| text.strip_suffix("[...]")).unwrap_or(&text).trim_end();
    text.to_string()
}

/// `date_gmt`/`modified_gmt` (`2024-01-15T03:00:00`, UTC without a zone)
/// in Vietnam's time (`2024-01-15T10:00:00+07:00`).
pub fn gmt_to_vietnam(value: &str) -> Option<DateTime<FixedOffset>> {
    let naive = NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M:%S").ok()?;
    let offset = FixedOffset::east_opt(VN_OFFSET_SECONDS)?;
    Some(naive.and_utc().with_timezone(&offset))
}

/// The post's slug if the contract accepts it; else `bai-viet-{id}` (a slug
/// WordPress left percent-encoded, for letters it does not fold to ASCII).
pub fn contract_slug(slug: &str, id: u64) -> String {
    if model::is_valid_slug(slug) {
        slug.to_string()
    } else {
        format!("bai-viet-{id}")
    }
}

fn field<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |value, key| value.get(key))
}

fn string_field<'a>(post: &'a Value, path: &[&str], id: u64) -> Result<&'a str, String> {
    field(post, path).and_then(Value::as_str).ok_or_else(|| format!("post {id}: no \"{}\" string", path.join(".")))
}

fn dimension(value: Option<&Value>) -> Option<u32> {
    value.and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0)
}

/// The featured image from `_embedded["wp:featuredmedia"][0]`, if there is a
/// usable one (an image WordPress will not show anonymously embeds as an
/// error object: no image then).
fn featured_image(post: &Value) -> Option<WpImage> {
    let media = field(post, &["_embedded", "wp:featuredmedia"])?.get(0)?;
    let source_url = media.get("source_url")?.as_str()?.trim();
    if !(source_url.starts_with("http://") || source_url.starts_with("https://")) {
        return None;
    }
    let caption = field(media, &["caption", "rendered"]).and_then(Value::as_str).map(html_to_text).filter(|c| !c.is_empty());
    let alt = media.get("alt_text").and_then(Value::as_str).map(html_to_text).unwrap_or_default();
    Some(WpImage {
        media_id: media.get("id").and_then(Value::as_u64).unwrap_or(0),
        source_url: source_url.to_string(),
        alt,
        caption,
        width: dimension(field(media, &["media_details", "width"])),
        height: dimension(field(media, &["media_details", "height"])),
    })
}

/// One item of the posts listing. `origin` is the portal's, for the
/// sanitiser's decisions about links. A field the contract needs that is
/// missing or of the wrong type is an error naming the post and the field.
pub fn map_post(post: &Value, origin: &str) -> Result<Mapped, String> {
    let id = post.get("id").and_then(Value::as_u64).ok_or("a post without a numeric \"id\"")?;
    let status = string_field(post, &["status"], id)?;
    if status != "publish" {
        return Ok(Mapped::Hidden(id, format!("status {status}")));
    }
    let protected = |key: &str| field(post, &[key, "protected"]).and_then(Value::as_bool).unwrap_or(false);
    if protected("content") || protected("excerpt") {
        return Ok(Mapped::Hidden(id, "password-protected".into()));
    }
    let title = html_to_text(string_field(post, &["title", "rendered"], id)?);
    if title.is_empty() {
        return Err(format!("post {id}: an empty title"));
    }
    let date_gmt = string_field(post, &["date_gmt"], id)?;
    let published_at = gmt_to_vietnam(date_gmt).ok_or_else(|| format!("post {id}: \"date_gmt\" {date_gmt:?} is not a date"))?;
    let modified_gmt = string_field(post, &["modified_gmt"], id)?;
    let updated_at =
        gmt_to_vietnam(modified_gmt).ok_or_else(|| format!("post {id}: \"modified_gmt\" {modified_gmt:?} is not a date"))?;
    let category_ids: Vec<u64> = post
        .get("categories")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("post {id}: no \"categories\" list"))?
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    let author = field(post, &["_embedded", "author"])
        .and_then(|authors| authors.get(0))
        .and_then(|author| author.get("name"))
        .and_then(Value::as_str)
        .map(html_to_text)
        .filter(|name| !name.is_empty());
    let image = featured_image(post);
    let content = string_field(post, &["content", "rendered"], id)?;
    // The featured image shown in the body (a smaller size of the same
    // upload): the same original, so the same published files.
    let content = image
        .as_ref()
        .and_then(|image| crate::document_images::point_images_at(content, &format!("wp-image-{}", image.media_id), &image.source_url))
        .unwrap_or_else(|| content.to_string());
    Ok(Mapped::Published(Box::new(WpPost {
        id,
        slug: contract_slug(string_field(post, &["slug"], id)?, id),
        title,
        lead: lead_of(string_field(post, &["excerpt", "rendered"], id)?),
        body_html: sanitize_to_html_string(&content, origin),
        published_at,
        updated_at,
        modified_gmt: modified_gmt.to_string(),
        category_ids,
        author,
        image,
    })))
}

/// One item of the pages listing: `None` for a page never to be published
/// (not `publish`, or password-protected).
pub fn map_page(page: &Value, origin: &str) -> Result<Option<WpPage>, String> {
    let id = page.get("id").and_then(Value::as_u64).ok_or("a page without a numeric \"id\"")?;
    let context = |message: String| message.replacen("post", "page", 1);
    if string_field(page, &["status"], id).map_err(context)? != "publish"
        || field(page, &["content", "protected"]).and_then(Value::as_bool).unwrap_or(false)
    {
        return Ok(None);
    }
    let title = html_to_text(string_field(page, &["title", "rendered"], id).map_err(context)?);
    if title.is_empty() {
        return Err(format!("page {id}: an empty title"));
    }
    let modified_gmt = string_field(page, &["modified_gmt"], id).map_err(context)?;
    let updated_at =
        gmt_to_vietnam(modified_gmt).ok_or_else(|| format!("page {id}: \"modified_gmt\" {modified_gmt:?} is not a date"))?;
    let slug = string_field(page, &["slug"], id).map_err(context)?;
    Ok(Some(WpPage {
        id,
        slug: if model::is_valid_slug(slug) { slug.to_string() } else { format!("trang-{id}") },
        title,
        body_html: sanitize_to_html_string(string_field(page, &["content", "rendered"], id).map_err(context)?, origin),
        updated_at,
        menu_order: page.get("menu_order").and_then(Value::as_i64).unwrap_or(0),
    }))
}

/// One item of the categories listing.
pub fn map_category(item: &Value) -> Result<WpCategory, String> {
    let id = item.get("id").and_then(Value::as_u64).ok_or("a category without a numeric \"id\"")?;
    let name = item.get("name").and_then(Value::as_str).map(html_to_text).filter(|name| !name.is_empty());
    let name = name.ok_or_else(|| format!("category {id}: no \"name\""))?;
    let slug = item.get("slug").and_then(Value::as_str).ok_or_else(|| format!("category {id}: no \"slug\""))?;
    let slug = if model::is_valid_slug(slug) { slug.to_string() } else { format!("chuyen-muc-{id}") };
    let description = item.get("description").and_then(Value::as_str).map(html_to_text).filter(|d| !d.is_empty());
    Ok(WpCategory { id, category: Category { slug, name, description } })
}

impl WpImage {
    /// The contract's image, its file under the API base.
    pub fn contract_image(&self, src: String) -> Image {
        Image {
            src,
            alt: self.alt.clone(),
            caption: self.caption.clone(),
            width: self.width,
            height: self.height,
            variants: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rendered_html_becomes_text() {
        for (html, text) in [
            ("Khai mạc &#8220;Sắc xuân Thanh Vân&#8221; &#8211; 2026", "Khai mạc “Sắc xuân Thanh Vân” – 2026"),
            ("Điện &amp; nước", "Điện & nước"),
            ("<p>Quang cảnh phường <em>Đông Sơn</em></p>\n", "Quang cảnh phường Đông Sơn"),
            ("Nhà &#8216;xanh&#8217;&#8230;", "Nhà ‘xanh’…"),
            ("a <script>alert(1)</script>b", "a b"),
        ] {
            assert_eq!(html_to_text(html), text, "{html}");
        }
        assert_eq!(lead_of("<p>Một đoạn mở đầu dài [&hellip;]</p>\n"), "Một đoạn mở đầu dài");
    }

    #[test]
    fn gmt_dates_are_written_in_vietnam_time() {
        assert_eq!(gmt_to_vietnam("2024-01-15T03:00:00").unwrap().to_rfc3339(), "2024-01-15T10:00:00+07:00");
        assert_eq!(gmt_to_vietnam("2024-12-31T20:30:00").unwrap().to_rfc3339(), "2025-01-01T03:30:00+07:00");
        assert!(gmt_to_vietnam("15/01/2024").is_none());
        assert!(gmt_to_vietnam("").is_none());
    }

    fn post() -> Value {
        json!({
            "id": 7, "status": "publish", "slug": "hoi-nghi-giao-ban",
            "date_gmt": "2026-09-01T01:00:00", "modified_gmt": "2026-09-02T02:00:00",
            "title": {"rendered": "Hội nghị &#8220;giao ban&#8221;"},
            "excerpt": {"rendered": "<p>Sáng 1/9 &amp; chiều 2/9.</p>\n", "protected": false},
            "content": {"rendered": "<p>Nội dung<script>x()</script></p>", "protected": false},
            "categories": [4, 2],
            "_embedded": {
                "author": [{"name": "Minh Châu"}],
                "wp:featuredmedia": [{"id": 9, "source_url": "http://wp.test/wp-content/uploads/a.png", "alt_text": "Đồi xanh",
                    "caption": {"rendered": "<p>Ảnh <em>minh họa</em></p>\n"}, "media_details": {"width": 800, "height": 450}}]
            }
        })
    }

    #[test]
    fn a_post_maps_field_by_field() {
        let Mapped::Published(mapped) = map_post(&post(), "https://thanhvan.gov.vn").unwrap() else { panic!("hidden") };
        assert_eq!(mapped.id, 7);
        assert_eq!(mapped.slug, "hoi-nghi-giao-ban");
        assert_eq!(mapped.title, "Hội nghị “giao ban”");
        assert_eq!(mapped.lead, "Sáng 1/9 & chiều 2/9.");
        assert_eq!(mapped.body_html, "<p>Nội dung</p>");
        assert_eq!(mapped.published_at.to_rfc3339(), "2026-09-01T08:00:00+07:00");
        assert_eq!(mapped.updated_at.to_rfc3339(), "2026-09-02T09:00:00+07:00");
        assert_eq!(mapped.category_ids, [4, 2]);
        assert_eq!(mapped.author.as_deref(), Some("Minh Châu"));
        let image = mapped.image.unwrap();
        assert_eq!((image.media_id, image.width, image.height), (9, Some(800), Some(450)));
        assert_eq!(image.caption.as_deref(), Some("Ảnh minh họa"));
        assert_eq!(image.alt, "Đồi xanh");
    }

    #[test]
    fn hidden_posts_are_recognised() {
        for status in ["draft", "pending", "private", "future", "trash"] {
            let mut post = post();
            post["status"] = json!(status);
            assert!(matches!(map_post(&post, "").unwrap(), Mapped::Hidden(7, _)), "{status}");
        }
        let mut protected = post();
        protected["content"] = json!({"rendered": "", "protected": true});
        assert_eq!(map_post(&protected, "").unwrap(), Mapped::Hidden(7, "password-protected".into()));
    }

    #[test]
    fn missing_fields_are_errors_that_name_the_post() {
        for (path, expected) in [("title", "post 7: no \"title.rendered\" string"), ("date_gmt", "post 7: no \"date_gmt\" string"), ("categories", "post 7: no \"categories\" list")] {
            let mut post = post();
            post.as_object_mut().unwrap().remove(path);
            assert_eq!(map_post(&post, "").unwrap_err(), expected);
        }
        let mut bad_date = post();
        bad_date["date_gmt"] = json!("hôm qua");
        assert!(map_post(&bad_date, "").unwrap_err().contains("is not a date"));
        assert!(map_post(&json!({"title": "x"}), "").is_err());
    }

    #[test]
    fn pages_map_and_hidden_pages_are_left_out() {
        let page = json!({"id": 12, "status": "publish", "slug": "gioi-thieu", "modified_gmt": "2026-09-01T01:00:00", "menu_order": 2,
            "title": {"rendered": "Giới thiệu &#8211; Thanh Vân"}, "content": {"rendered": "<p>Chức năng<script>x()</script></p>", "protected": false}});
        let mapped = map_page(&page, "").unwrap().unwrap();
        assert_eq!((mapped.slug.as_str(), mapped.title.as_str(), mapped.body_html.as_str()), ("gioi-thieu", "Giới thiệu – Thanh Vân", "<p>Chức năng</p>"));
        assert_eq!(mapped.menu_order, 2);
        let mut draft = page.clone();
        draft["status"] = json!("draft");
        assert_eq!(map_page(&draft, "").unwrap(), None);
        let mut protected = page.clone();
        protected["content"]["protected"] = json!(true);
        assert_eq!(map_page(&protected, "").unwrap(), None);
        let mut broken = page;
        broken.as_object_mut().unwrap().remove("title");
        assert_eq!(map_page(&broken, "").unwrap_err(), "page 12: no \"title.rendered\" string");
    }

    #[test]
    fn slugs_the_contract_refuses_are_replaced() {
        assert_eq!(contract_slug("tin-moi", 3), "tin-moi");
        assert_eq!(contract_slug("%e1%ba%a1-tin", 3), "bai-viet-3");
        assert_eq!(contract_slug("", 3), "bai-viet-3");
    }
}
