//! The RSS 2.0 feeds: one for the whole site (`rss.xml`) and one per
//! category (`rss/{slug}.xml`), each with the newest [`FEED_ITEMS`]
//! articles. Pure: what the checking pass kept in, the files' text out.
//!
//! Every date is written in UTC+7 (`Wed, 22 Dec 2021 08:03:00 +0700`), and
//! the channel's `lastBuildDate` is its newest item's date, not the time
//! of the run: republishing unchanged content writes the same bytes, so
//! the feed file is left alone.

use ban_tin::model::{ArticleSummary, Category, Site};
use ban_tin::routes;

use crate::content::{ContentIndex, FEED_ITEMS};
use crate::xml::{escape, rfc822, DECLARATION};

/// One feed file: its path in the published folder and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedFile {
    /// `rss.xml` or `rss/{slug}.xml`.
    pub file: String,
    pub xml: String,
}

/// What a channel says about itself.
struct Channel<'a> {
    title: String,
    /// The page the feed is the news of (absolute).
    link: String,
    description: String,
    /// The feed's own URL (absolute), for `atom:link rel="self"`.
    own_url: String,
    /// The category every item belongs to, for a category's feed.
    category: Option<&'a str>,
}

/// `href` (root-relative) on `origin`.
fn absolute(origin: &str, href: &str) -> String {
    format!("{}{href}", origin.trim_end_matches('/'))
}

/// Appends `<{tag}>{text}</{tag}>` on its own line.
fn element(out: &mut String, indent: &str, tag: &str, text: &str) {
    out.push_str(&format!("{indent}<{tag}>{}</{tag}>\n", escape(text)));
}

/// The RSS 2.0 text of a channel with `items` (at most [`FEED_ITEMS`] of
/// them, newest first).
fn channel_xml(origin: &str, channel: &Channel<'_>, items: &[ArticleSummary]) -> String {
    let mut items: Vec<&ArticleSummary> = items.iter().collect();
    // Newest first, whatever order a list came in (stable for equal times).
    items.sort_by(|a, b| b.published_at.cmp(&a.published_at));
    items.truncate(FEED_ITEMS);

    let mut out = String::from(DECLARATION);
    out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str("  <channel>\n");
    element(&mut out, "    ", "title", &channel.title);
    element(&mut out, "    ", "link", &channel.link);
    element(&mut out, "    ", "description", &channel.description);
    element(&mut out, "    ", "language", "vi");
    if let Some(newest) = items.iter().map(|item| item.published_at).max() {
        element(&mut out, "    ", "lastBuildDate", &rfc822(&newest));
    }
    out.push_str(&format!(
        "    <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\" />\n",
        escape(&channel.own_url)
    ));
    for item in items {
        let link = absolute(origin, &routes::article_href(&item.slug));
        out.push_str("    <item>\n");
        element(&mut out, "      ", "title", &item.title);
        element(&mut out, "      ", "link", &link);
        out.push_str(&format!("      <guid isPermaLink=\"true\">{}</guid>\n", escape(&link)));
        if let Some(lead) = item.lead.as_deref().filter(|lead| !lead.trim().is_empty()) {
            element(&mut out, "      ", "description", lead);
        }
        element(&mut out, "      ", "pubDate", &rfc822(&item.published_at));
        let category = channel.category.or(item.category.as_ref().map(|category| category.name.as_str()));
        if let Some(category) = category {
            element(&mut out, "      ", "category", category);
        }
        out.push_str("    </item>\n");
    }
    out.push_str("  </channel>\n</rss>\n");
    out
}

/// The file of the site's feed in a published folder: `rss.xml`.
pub fn site_feed_file() -> String {
    routes::SITE_FEED.trim_start_matches('/').to_string()
}

/// The file of a category's feed: `rss/{slug}.xml`.
pub fn category_feed_file(slug: &str) -> String {
    routes::category_feed_href(slug).trim_start_matches('/').to_string()
}

/// The feed of the whole site: its newest articles (`items`, newest first).
pub fn site_feed(origin: &str, site: &Site, items: &[ArticleSummary]) -> FeedFile {
    let channel = Channel {
        title: site.name.clone(),
        link: absolute(origin, &routes::home_href()),
        description: site.tagline.clone().filter(|tagline| !tagline.trim().is_empty()).unwrap_or_else(|| site.name.clone()),
        own_url: absolute(origin, routes::SITE_FEED),
        category: None,
    };
    FeedFile { file: site_feed_file(), xml: channel_xml(origin, &channel, items) }
}

/// The feed of one category: the first items of its list (newest first).
pub fn category_feed(origin: &str, site: &Site, category: &Category, items: &[ArticleSummary]) -> FeedFile {
    let title = format!("{} | {}", category.name, site.name);
    let channel = Channel {
        link: absolute(origin, &routes::category_href(&category.slug, 1)),
        description: category.description.clone().filter(|description| !description.trim().is_empty()).unwrap_or_else(|| title.clone()),
        title,
        own_url: absolute(origin, &routes::category_feed_href(&category.slug)),
        category: Some(&category.name),
    };
    FeedFile { file: category_feed_file(&category.slug), xml: channel_xml(origin, &channel, items) }
}

/// Every feed of the site: `rss.xml`, then one per category in menu order.
pub fn feeds(origin: &str, index: &ContentIndex) -> Vec<FeedFile> {
    let mut feeds = vec![site_feed(origin, &index.site, &index.latest)];
    for entry in &index.categories {
        if let Some(category) = index.site.categories.iter().find(|category| category.slug == entry.slug) {
            feeds.push(category_feed(origin, &index.site, category, &entry.latest));
        }
    }
    feeds
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn summary(slug: &str, title: &str, at: &str) -> ArticleSummary {
        ArticleSummary {
            slug: slug.into(),
            title: title.into(),
            published_at: DateTime::parse_from_rfc3339(at).unwrap(),
            lead: Some("Sáng 22/12, <họp> & tổng kết".into()),
            thumbnail: None,
            category: Some(Category { slug: "kinh-te".into(), name: "Kinh tế".into(), description: None }),
        }
    }

    fn site() -> Site {
        ban_tin::model::decode_site(r#"{"name": "Cổng thông tin & \"Thanh Vân\"", "categories": []}"#).unwrap()
    }

    #[test]
    fn a_feed_is_escaped_dated_in_vietnam_time_and_newest_first() {
        let items = [summary("cu", "Tin cũ", "2021-12-21T01:03:00Z"), summary("moi", "Khen thưởng \"đột xuất\" & <b>", "2021-12-22T01:03:00Z")];
        let feed = site_feed("https://thanhvan.gov.vn/", &site(), &items);
        assert_eq!(feed.file, "rss.xml");
        let xml = &feed.xml;
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\""), "{xml}");
        assert!(xml.contains("<title>Cổng thông tin &amp; &quot;Thanh Vân&quot;</title>"), "{xml}");
        assert!(xml.contains("<lastBuildDate>Wed, 22 Dec 2021 08:03:00 +0700</lastBuildDate>"), "{xml}");
        assert!(xml.contains("<atom:link href=\"https://thanhvan.gov.vn/rss.xml\" rel=\"self\""), "{xml}");
        assert!(xml.contains("<title>Khen thưởng &quot;đột xuất&quot; &amp; &lt;b&gt;</title>"), "{xml}");
        assert!(xml.contains("<guid isPermaLink=\"true\">https://thanhvan.gov.vn/bai-viet/moi</guid>"), "{xml}");
        assert!(xml.contains("<description>Sáng 22/12, &lt;họp&gt; &amp; tổng kết</description>"), "{xml}");
        assert!(xml.contains("<category>Kinh tế</category>"), "{xml}");
        assert!(xml.find("bai-viet/moi").unwrap() < xml.find("bai-viet/cu").unwrap());
    }

    #[test]
    fn a_category_feed_is_named_after_its_category_and_keeps_twenty_items() {
        let items: Vec<ArticleSummary> =
            (0..30).map(|n| summary(&format!("bai-{n}"), "Tin", &format!("2021-12-{:02}T08:00:00+07:00", n % 28 + 1))).collect();
        let category = Category { slug: "thi-dua".into(), name: "Thi đua".into(), description: None };
        let feed = category_feed("https://thanhvan.gov.vn", &site(), &category, &items);
        assert_eq!(feed.file, "rss/thi-dua.xml");
        assert_eq!(feed.xml.matches("<item>").count(), FEED_ITEMS);
        assert!(feed.xml.contains("<title>Thi đua | Cổng thông tin &amp; &quot;Thanh Vân&quot;</title>"));
        assert!(feed.xml.contains("<link>https://thanhvan.gov.vn/chuyen-muc/thi-dua</link>"));
        assert!(feed.xml.contains("<lastBuildDate>Tue, 28 Dec 2021 08:00:00 +0700</lastBuildDate>"), "{}", feed.xml);
        assert_eq!(feed.xml.matches("<category>Thi đua</category>").count(), FEED_ITEMS);
    }

    #[test]
    fn an_empty_feed_has_no_build_date() {
        let feed = site_feed("https://thanhvan.gov.vn", &site(), &[]);
        assert!(!feed.xml.contains("<item>") && !feed.xml.contains("lastBuildDate"));
        assert!(feed.xml.contains("<description>Cổng thông tin &amp; &quot;Thanh Vân&quot;</description>"));
    }
}
