//! The head of a pre-rendered article, read back with html5ever: what a
//! mail client or a chat app sees when a resident pastes the link.

use std::collections::BTreeMap;

use ban_tin::head::head_tags;
use ban_tin::model::{decode_article, decode_site, Article, Site};
use ban_tin::prerender::{article_page, Deployment, RenderedPage};
use ban_tin::text::document_title;
use markup5ever_rcdom::NodeData;
use publish::shell::ShellTemplate;

use crate::support::{attribute, descendants, fixture, head_and_body, html_tag, parse_document, text_content, ORIGIN, SHELL};

fn deployment() -> Deployment {
    Deployment { origin: ORIGIN.into(), api_base: "/api/".into(), preview_fallback: None }
}

fn reference() -> (Site, Article) {
    let site = decode_site(&fixture("site.json")).expect("tests/fixtures/site.json decodes");
    let article = decode_article(&fixture("reference-article.json")).expect("the reference article decodes");
    (site, article)
}

/// The head tags as a browser reads them.
#[derive(Debug, Default)]
struct Head {
    titles: Vec<String>,
    /// `name` or `property` → every `content` given for it.
    meta: BTreeMap<String, Vec<String>>,
    /// `rel` → every `href`.
    links: BTreeMap<String, Vec<String>>,
    /// The tag of every element in `<head>`, in order.
    tags: Vec<String>,
    /// How many nodes the parser put into `<body>`: none, unless something
    /// in the tags broke out of the head.
    body_nodes: usize,
}

impl Head {
    /// The one value of a meta tag; fails the test when it is missing or repeated.
    fn meta(&self, key: &str) -> &str {
        match self.meta.get(key).map(Vec::as_slice) {
            Some([value]) => value,
            other => panic!("meta {key}: expected one value, found {other:?}\n{self:#?}"),
        }
    }

    fn link(&self, rel: &str) -> &str {
        match self.links.get(rel).map(Vec::as_slice) {
            Some([href]) => href,
            other => panic!("link rel={rel}: expected one, found {other:?}\n{self:#?}"),
        }
    }

    fn title(&self) -> &str {
        match self.titles.as_slice() {
            [title] => title,
            other => panic!("expected one <title>, found {other:?}"),
        }
    }
}

/// Reads a whole document's head.
fn read_document_head(html: &str) -> Head {
    let dom = parse_document(html);
    let (head_element, body) = head_and_body(&dom);
    let mut head = Head { body_nodes: descendants(&body).len(), ..Head::default() };
    for node in descendants(&head_element) {
        let Some(tag) = html_tag(&node) else {
            if let NodeData::Element { name, .. } = &node.data {
                head.tags.push(format!("{{{}}}{}", name.ns, name.local));
            }
            continue;
        };
        match tag.as_str() {
            "title" => head.titles.push(text_content(&node)),
            "meta" => {
                if let Some(key) = attribute(&node, "name").or_else(|| attribute(&node, "property")) {
                    head.meta.entry(key).or_default().push(attribute(&node, "content").unwrap_or_default());
                }
            }
            "link" => {
                let rel = attribute(&node, "rel").unwrap_or_default();
                head.links.entry(rel).or_default().push(attribute(&node, "href").unwrap_or_default());
            }
            _ => {}
        }
        head.tags.push(tag);
    }
    head
}

/// Reads the tags `head_tags` writes for a page, alone in a document's head.
fn read_tags(page: &RenderedPage) -> (String, Head) {
    let tags = head_tags(&page.head);
    let head = read_document_head(&format!("<!doctype html><html><head>{tags}</head><body></body></html>"));
    (tags, head)
}

#[test]
fn reference_article_has_absolute_urls_and_article_open_graph() {
    let (site, mut article) = reference();
    // A JPEG without variants (a backend with no image pipeline) is its own preview.
    if let Some(image) = article.image.as_mut() {
        image.src = "media/hoi-nghi.jpg".into();
    }
    let page = article_page(&deployment(), &site, &article);
    let (_, head) = read_tags(&page);

    let url = "https://thanhvan.gov.vn/bai-viet/hoi-nghi-tong-ket-thi-dua";
    assert_eq!(head.link("canonical"), url);
    assert_eq!(head.meta("og:url"), url);
    assert_eq!(head.meta("og:type"), "article");
    assert_eq!(head.meta("og:locale"), "vi_VN");
    assert_eq!(head.meta("og:title"), "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2021");
    assert_eq!(head.meta("og:site_name"), "Cổng thông tin điện tử Thành phố Thanh Vân");
    // `media/hoi-nghi.jpg` is relative to the API base, `/api/`, on the site's origin.
    assert_eq!(head.meta("og:image"), "https://thanhvan.gov.vn/api/media/hoi-nghi.jpg");
    assert_eq!(head.meta("og:image:width"), "800");
    assert_eq!(head.meta("og:image:height"), "450");
    assert_eq!(head.meta("og:image:alt"), "Quang cảnh hội nghị");
    assert_eq!(head.meta("article:published_time"), "2021-12-22T08:03:00+07:00");
    assert_eq!(head.meta("article:section"), "Thi đua khen thưởng");
    assert_eq!(head.meta("twitter:card"), "summary_large_image");
    assert_eq!(head.meta("twitter:title"), article.title);
    let lead = "Sáng 22/12, Ủy ban nhân dân thành phố tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm 2021.";
    assert_eq!(head.meta("description"), lead);
    assert_eq!(head.meta("og:description"), lead);
    assert_eq!(head.meta("twitter:description"), lead);
    assert_eq!(head.title(), document_title(&article.title, &site.name));
    assert!(head.title().starts_with(&article.title) && head.title().contains(&site.name), "{}", head.title());
    // Nothing but the head's own elements, nothing spilled into the body.
    assert!(head.tags.iter().all(|tag| ["title", "meta", "link"].contains(&tag.as_str())), "{:?}", head.tags);
    assert_eq!(head.body_nodes, 0);
}

#[test]
fn publication_time_is_given_in_vietnam_time() {
    let (site, _) = reference();
    let mut json: serde_json::Value = serde_json::from_str(&fixture("reference-article.json")).unwrap();
    json["published_at"] = "2021-12-22T01:03:00Z".into();
    let article = decode_article(&json.to_string()).unwrap();
    let (_, head) = read_tags(&article_page(&deployment(), &site, &article));
    assert_eq!(head.meta("article:published_time"), "2021-12-22T08:03:00+07:00");
}

#[test]
fn article_without_image_gets_the_small_card_and_no_image_tags() {
    let (site, mut article) = reference();
    article.image = None;
    let (_, head) = read_tags(&article_page(&deployment(), &site, &article));
    assert_eq!(head.meta("twitter:card"), "summary");
    assert!(head.meta.keys().all(|key| !key.starts_with("og:image")), "{:?}", head.meta.keys());
}

#[test]
fn a_published_photograph_previews_as_its_jpeg_and_a_drawing_as_the_emblem() {
    let (site, mut article) = reference();
    let variant = |src: &str, media_type: &str, width: u32| ban_tin::model::ImageVariant {
        src: src.into(),
        media_type: media_type.into(),
        width,
        height: width * 3 / 4,
    };
    if let Some(image) = article.image.as_mut() {
        image.src = "/anh/cccccccccccccccc-720.jpg".into();
        image.variants = vec![
            variant("/anh/aaaaaaaaaaaaaaaa-720.avif", "image/avif", 720),
            variant("/anh/bbbbbbbbbbbbbbbb-1200.avif", "image/avif", 1200),
            variant("/anh/cccccccccccccccc-720.jpg", "image/jpeg", 720),
            variant("/anh/dddddddddddddddd-1200.jpg", "image/jpeg", 1200),
        ];
    }
    let mut deployment = deployment();
    deployment.preview_fallback = Some(ban_tin::head::PreviewImage {
        url: "/anh/eeeeeeeeeeeeeeee-512.png".into(),
        alt: "Biểu trưng".into(),
        width: Some(512),
        height: Some(512),
    });
    let (_, head) = read_tags(&article_page(&deployment, &site, &article));
    // Messengers show neither AVIF nor SVG: the JPEG about 1200 px wide.
    assert_eq!(head.meta("og:image"), "https://thanhvan.gov.vn/anh/dddddddddddddddd-1200.jpg");
    assert_eq!(head.meta("og:image:width"), "1200");
    assert_eq!(head.meta("og:image:height"), "900");
    assert_eq!(head.meta("og:image:alt"), "Quang cảnh hội nghị");
    assert_eq!(head.meta("twitter:card"), "summary_large_image");
    // A drawing (SVG) has no preview of its own: the emblem, as a PNG.
    if let Some(image) = article.image.as_mut() {
        image.src = "/anh/ffffffffffffffff.svg".into();
        image.variants.clear();
    }
    let (_, head) = read_tags(&article_page(&deployment, &site, &article));
    assert_eq!(head.meta("og:image"), "https://thanhvan.gov.vn/anh/eeeeeeeeeeeeeeee-512.png");
    assert_eq!(head.meta("og:image:width"), "512");
    assert_eq!(head.meta("og:image:alt"), "Biểu trưng");
    assert_eq!(head.meta("twitter:card"), "summary");
    // Without an emblem, no image at all.
    deployment.preview_fallback = None;
    let (_, head) = read_tags(&article_page(&deployment, &site, &article));
    assert!(head.meta.keys().all(|key| !key.starts_with("og:image")), "{:?}", head.meta.keys());
}

#[test]
fn head_values_are_escaped_and_read_back_unchanged() {
    let (mut site, mut article) = reference();
    site.name = "Cổng \"Thanh Vân\" <Hà Nội> & Co".into();
    article.title = "Thông báo \"khẩn\" <script>alert(1)</script> & lịch tiếp dân <b>đậm</b>".into();
    article.lead = "Người dân <img src=x onerror=alert(1)> \"Hà Nội\" & Thanh Vân </title><script>alert(2)</script>".into();
    article.category.name = "Thi đua <i>&</i> \"khen\" thưởng".into();
    let image = article.image.as_mut().unwrap();
    image.src = "media/a\"b<c>&d.jpg".into();
    image.alt = "\"><script>alert(3)</script>".into();

    let page = article_page(&deployment(), &site, &article);
    let (tags, head) = read_tags(&page);
    let lower = tags.to_lowercase();
    for raw in ["<script", "<img", "<b>", "<i>", "</title><", "\"khẩn\"", "\"hà nội\""] {
        assert!(!lower.contains(raw), "the head tags hold {raw:?} unescaped:\n{tags}");
    }
    assert!(head.tags.iter().all(|tag| ["title", "meta", "link"].contains(&tag.as_str())), "{:?}\n{tags}", head.tags);
    assert_eq!(head.body_nodes, 0, "something broke out of the head:\n{tags}");
    // Every value reads back as it was written in the content.
    assert_eq!(head.title(), document_title(&article.title, &site.name));
    assert_eq!(head.meta("og:title"), article.title);
    assert_eq!(head.meta("twitter:title"), article.title);
    assert_eq!(head.meta("description"), article.lead);
    assert_eq!(head.meta("og:site_name"), site.name);
    assert_eq!(head.meta("article:section"), article.category.name);
    assert_eq!(head.meta("og:image:alt"), "\"><script>alert(3)</script>");
    assert_eq!(head.meta("og:image"), "https://thanhvan.gov.vn/api/media/a\"b<c>&d.jpg");
    assert_eq!(head.link("canonical"), "https://thanhvan.gov.vn/bai-viet/hoi-nghi-tong-ket-thi-dua");
}

#[test]
fn a_page_in_the_shell_has_one_title_one_description_and_the_origin() {
    let (site, article) = reference();
    let page = article_page(&deployment(), &site, &article);
    let template = ShellTemplate::parse(SHELL).unwrap();
    let html = template.page(ORIGIN, &page.head, &page.body);
    let head = read_document_head(&html);
    // The shell's generic title and description are replaced, not joined.
    assert_eq!(head.title(), document_title(&article.title, &site.name));
    assert_eq!(head.meta("description"), article.lead);
    assert_eq!(head.meta("site-origin"), ORIGIN);
    assert_eq!(head.meta("api-base"), "/api/");
    assert_eq!(head.link("canonical"), "https://thanhvan.gov.vn/bai-viet/hoi-nghi-tong-ket-thi-dua");
}
