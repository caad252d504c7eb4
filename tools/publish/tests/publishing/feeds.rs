//! The RSS 2.0 feeds, read back with an XML parser (`roxmltree`): well
//! formed, the elements RSS 2.0 requires, at most 20 items newest first,
//! absolute links, RFC 822 dates in +0700 that are the articles' instants,
//! and text that survives the round trip exactly. What each feed must carry
//! is computed from the documents (`support::feed_items`).

use chrono::DateTime;
use publish::{publish, ContentFrom};
use roxmltree::{Document, Node};
use serde_json::Value;

use crate::support::{
    categories, feed_items, options, output_with_shell, read_json, sample_with_pages, set_article_field, FEED_ITEMS, ORIGIN,
};

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The text of `parent`'s only child element `name` (no namespace).
fn child_text<'a>(parent: Node<'a, 'a>, name: &str) -> Option<String> {
    let mut found = parent.children().filter(|node| node.is_element() && node.tag_name().name() == name && node.tag_name().namespace().is_none());
    let first = found.next()?;
    assert!(found.next().is_none(), "two <{name}> in <{}>", parent.tag_name().name());
    Some(first.text().unwrap_or_default().to_string())
}

fn date_of(article: &Value, field: &str) -> Option<DateTime<chrono::FixedOffset>> {
    article[field].as_str().map(|text| DateTime::parse_from_rfc3339(text).unwrap())
}

#[test]
fn every_feed_is_rss_2_with_the_newest_articles_dated_in_vietnam_time() {
    let content = sample_with_pages("feeds-content");
    // The newest article gets a title that needs escaping and a lead with
    // characters XML cannot carry.
    let newest = feed_items(content.path())["rss.xml"][0].clone();
    let title = "Khen thưởng \"đột xuất\" & <b>";
    set_article_field(content.path(), &newest, "title", &Value::from(title));
    set_article_field(content.path(), &newest, "lead", &Value::from("Sáng nay\u{1}, 'lễ' <trao> & tặng\u{b}."));
    let out = output_with_shell("feeds-out");
    let report = publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).expect("the run succeeds");

    let site = read_json(content.path(), "site.json");
    let site_name = site["name"].as_str().unwrap();
    let expected_feeds = feed_items(content.path());
    assert_eq!(expected_feeds.len(), categories(content.path()).len() + 1);
    assert_eq!(report.feeds, expected_feeds.len());
    let mut failures = Vec::new();
    for (file, slugs) in &expected_feeds {
        let xml = std::fs::read_to_string(out.join(file)).unwrap_or_else(|error| panic!("{file}: {error}"));
        let document = Document::parse(&xml).unwrap_or_else(|error| panic!("{file} is not well-formed XML: {error}"));
        let rss = document.root_element();
        assert_eq!(rss.tag_name().name(), "rss", "{file}");
        assert_eq!(rss.attribute("version"), Some("2.0"), "{file}");
        let channels: Vec<Node> = rss.children().filter(|node| node.has_tag_name("channel")).collect();
        assert_eq!(channels.len(), 1, "{file}");
        let channel = channels[0];
        let mut fail = |message: String| failures.push(format!("{file}: {message}"));

        // The channel.
        let category = file.strip_prefix("rss/").and_then(|rest| rest.strip_suffix(".xml"));
        let category_json = category.map(|slug| {
            site["categories"].as_array().unwrap().iter().find(|entry| entry["slug"] == slug).unwrap().clone()
        });
        let (expected_title, expected_link) = match &category_json {
            None => (site_name.to_string(), format!("{ORIGIN}/")),
            Some(json) => (format!("{} | {site_name}", json["name"].as_str().unwrap()), format!("{ORIGIN}/chuyen-muc/{}", json["slug"].as_str().unwrap())),
        };
        if child_text(channel, "title").as_deref() != Some(expected_title.as_str()) {
            fail(format!("channel title {:?}, expected {expected_title:?}", child_text(channel, "title")));
        }
        if child_text(channel, "link").as_deref() != Some(expected_link.as_str()) {
            fail(format!("channel link {:?}, expected {expected_link:?}", child_text(channel, "link")));
        }
        if child_text(channel, "description").is_none_or(|description| description.trim().is_empty()) {
            fail("no channel description".into());
        }
        if child_text(channel, "language").as_deref() != Some("vi") {
            fail("language is not vi".into());
        }
        let own: Vec<Node> = channel.children().filter(|node| node.has_tag_name((ATOM, "link"))).collect();
        let own_url = format!("{ORIGIN}/{file}");
        if own.len() != 1 || own[0].attribute("rel") != Some("self") || own[0].attribute("href") != Some(own_url.as_str()) {
            fail(format!("no atom:link rel=self to {own_url}"));
        }

        // The items: what the content says, newest first.
        let items: Vec<Node> = channel.children().filter(|node| node.has_tag_name("item")).collect();
        if items.len() > FEED_ITEMS || items.len() != slugs.len() {
            fail(format!("{} items, expected {}", items.len(), slugs.len()));
        }
        let mut previous = None;
        for (item, slug) in items.iter().zip(slugs) {
            let article = read_json(content.path(), &format!("articles/{slug}.json"));
            let link = format!("{ORIGIN}/bai-viet/{slug}");
            if child_text(*item, "link").as_deref() != Some(link.as_str()) {
                fail(format!("item link {:?}, expected {link}", child_text(*item, "link")));
            }
            let guid = item.children().find(|node| node.has_tag_name("guid"));
            if guid.map(|guid| (guid.attribute("isPermaLink"), guid.text())) != Some((Some("true"), Some(link.as_str()))) {
                fail(format!("{slug}: guid is not the permalink"));
            }
            if child_text(*item, "title").as_deref() != article["title"].as_str() {
                fail(format!("{slug}: title {:?}, expected {:?}", child_text(*item, "title"), article["title"]));
            }
            let expected_lead: String = article["lead"].as_str().unwrap().chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
            if child_text(*item, "description") != Some(expected_lead.clone()) {
                fail(format!("{slug}: description {:?}, expected {expected_lead:?}", child_text(*item, "description")));
            }
            if child_text(*item, "category").as_deref() != article["category"]["name"].as_str() {
                fail(format!("{slug}: category {:?}", child_text(*item, "category")));
            }
            let pub_date = child_text(*item, "pubDate").unwrap_or_default();
            match DateTime::parse_from_rfc2822(&pub_date) {
                Ok(date) => {
                    if !pub_date.ends_with(" +0700") || Some(date) != date_of(&article, "published_at") {
                        fail(format!("{slug}: pubDate {pub_date:?} is not {:?} in +0700", article["published_at"]));
                    }
                    if previous.is_some_and(|previous| date > previous) {
                        fail(format!("{slug}: not newest first"));
                    }
                    previous = Some(date);
                }
                Err(error) => fail(format!("{slug}: pubDate {pub_date:?}: {error}")),
            }
        }
        let first_date = items.first().and_then(|item| child_text(*item, "pubDate"));
        if child_text(channel, "lastBuildDate") != first_date {
            fail(format!("lastBuildDate {:?} is not the newest item's {first_date:?}", child_text(channel, "lastBuildDate")));
        }
    }
    assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));

    // The title survived: in the site's feed and in its category's, first.
    let category = read_json(content.path(), &format!("articles/{newest}.json"))["category"]["slug"].as_str().unwrap().to_string();
    for file in ["rss.xml".to_string(), format!("rss/{category}.xml")] {
        let xml = std::fs::read_to_string(out.join(&file)).unwrap();
        assert!(xml.contains("Khen thưởng &quot;đột xuất&quot; &amp; &lt;b&gt;"), "{file}");
        let document = Document::parse(&xml).unwrap();
        let item = document.descendants().find(|node| node.has_tag_name("item")).unwrap();
        assert_eq!(child_text(item, "title").as_deref(), Some(title), "{file}");
        assert_eq!(child_text(item, "description").as_deref(), Some("Sáng nay, 'lễ' <trao> & tặng."), "{file}");
    }
}

#[test]
fn feeds_are_the_same_bytes_whatever_the_origin_spelling_and_the_threads() {
    let content = sample_with_pages("feeds-stable-content");
    let one = output_with_shell("feeds-stable-one");
    let two = output_with_shell("feeds-stable-two");
    let mut first = options(ContentFrom::Folder(content.path().into()), one.path(), Some(&format!("{ORIGIN}/")));
    first.threads = 1;
    publish(&first).unwrap();
    publish(&options(ContentFrom::Folder(content.path().into()), two.path(), Some(ORIGIN))).unwrap();
    for file in feed_items(content.path()).keys().map(String::as_str).chain(["sitemap.xml", "robots.txt"]) {
        let (a, b) = (std::fs::read(one.join(file)).unwrap(), std::fs::read(two.join(file)).unwrap());
        assert!(a == b, "{file} differs");
        assert!(!String::from_utf8(a).unwrap().contains("gov.vn//"), "{file}: a doubled slash");
    }
}
