//! Pages rendered on the host by the app's own components (feature `ssr`),
//! for the publishing step (`tools/publish`): the markup the app would
//! show for a URL, the JSON it would fetch (carried in the page, inert),
//! and what the head tags say about it.
//!
//! The markup is [`PageFrame`] around the same page views the routes
//! render (`ArticleView`, `CategoryListView`, `HomeContent`,
//! `NotFoundNotice`), inside `<div id="app-boot">`, which the app removes
//! when it takes over (`mount`). Controls that only work with the app are
//! in the markup too, hidden by CSS until `<html data-app>` is set, so the
//! page's layout does not move when they appear.

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use serde::Serialize;

use crate::api::EMBEDDED_PATH_ATTRIBUTE;
use crate::browser::{self, HostPage};
use crate::components::NotFoundNotice;
use crate::components::{ArticleView, StaticPageView};
use crate::head::{absolute_url, short_description, FeedLink, PageHead, PageKind, PreviewImage, PreviewPicture};
use crate::model::{Article, Category, CategoryListPage, Home, Image, Site, StaticPage};
use crate::pages::{CategoryListView, HomeContent};
use crate::picture;
use crate::routes::{self, PageDocument};
use crate::text;
use crate::{PageFrame, SiteContext};

/// Where the pages will be served; set for each rendering thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    /// The public origin, e.g. `https://thanhvan.gov.vn` (no trailing slash).
    pub origin: String,
    /// The API base the shell's `<meta name="api-base">` names, e.g. `/api/`.
    pub api_base: String,
    /// The portal's emblem as a PNG, the link preview of every page without
    /// a photo of its own (the publishing step renders it); its `url` is
    /// absolute or root-relative. `None`: such pages have no `og:image`.
    pub preview_fallback: Option<PreviewImage>,
}

impl Deployment {
    /// The emblem's preview, its URL made absolute.
    fn emblem(&self) -> Option<PreviewPicture> {
        self.preview_fallback.as_ref().map(|image| {
            PreviewPicture::Emblem(PreviewImage { url: absolute_url(&self.origin, &image.url), ..image.clone() })
        })
    }
}

/// One page, ready to be put into the shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedPage {
    pub head: PageHead,
    /// `<div id="app-boot">…</div>` and the inert JSON scripts: the whole
    /// content of `<body>` before the shell's own scripts.
    pub body: String,
}

/// The document a page carries, with its path under the API base.
pub struct Embedded<'a, T: Serialize> {
    pub path: &'a str,
    pub value: &'a T,
}

/// An inert `<script type="application/json">` holding `value`. `<` is
/// written `\u003c` (JSON allows it in strings, the only place `<` can be),
/// so no `</script>` or `<!--` inside the data can end the element early.
fn json_script<T: Serialize>(path: &str, value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    let json = json.replace('<', "\\u003c");
    format!(
        "<script type=\"application/json\" {EMBEDDED_PATH_ATTRIBUTE}=\"{}\">{json}</script>",
        crate::share::escape_html(path)
    )
}

/// Renders `content` inside the page frame, with `site` known, on the host.
fn render_frame(
    deployment: &Deployment,
    site: &Site,
    current_category: Option<String>,
    content: impl FnOnce() -> AnyView + Send + 'static,
) -> String {
    browser::set_host_page(HostPage { origin: deployment.origin.clone(), api_base: deployment.api_base.clone() });
    let owner = Owner::new();
    owner.with(|| {
        let site_signal = Signal::stored(Some(site.clone()));
        let context = SiteContext::new(site_signal);
        context.current_category.set(current_category.clone());
        provide_context(context);
        // The date line is the reader's today, which only the browser knows:
        // a no-break space here (one line tall, like the date), filled in by the app.
        view! {
            <PageFrame site=site_signal date_line="\u{a0}".to_string() current_category=context.current_category>
                {content()}
            </PageFrame>
        }
        .to_html()
    })
}

fn page_body<T: Serialize>(frame: String, site: &Site, document: Option<Embedded<'_, T>>) -> String {
    let mut body = String::with_capacity(frame.len() + 4096);
    body.push_str("<div id=\"app-boot\">");
    body.push_str(&frame);
    body.push_str("</div>\n");
    body.push_str(&json_script("site.json", site));
    if let Some(document) = document {
        body.push('\n');
        body.push_str(&json_script(document.path, document.value));
    }
    body
}

/// The feeds a page links to: the site's, and its category's when it has one.
fn feeds(site: &Site, deployment: &Deployment, category: Option<&Category>) -> Vec<FeedLink> {
    let mut feeds = vec![FeedLink { title: site.name.clone(), url: absolute_url(&deployment.origin, routes::SITE_FEED) }];
    if let Some(category) = category {
        feeds.push(FeedLink {
            title: text::document_title(&category.name, &site.name),
            url: absolute_url(&deployment.origin, &routes::category_feed_href(&category.slug)),
        });
    }
    feeds
}

fn website_head(site: &Site, deployment: &Deployment, headline: &str, description: &str, path: Option<&str>) -> PageHead {
    PageHead {
        feeds: feeds(site, deployment, None),
        lang: None,
        title: text::document_title(headline, &site.name),
        headline: headline.to_string(),
        description: short_description(description),
        canonical_url: path.map(|path| absolute_url(&deployment.origin, path)),
        site_name: site.name.clone(),
        kind: PageKind::Website,
        image: deployment.emblem(),
    }
}

/// `/`: the home page.
pub fn home_page(deployment: &Deployment, site: &Site, home: &Home) -> RenderedPage {
    let content = home.clone();
    let frame = render_frame(deployment, site, Some(String::new()), move || {
        view! { <div class="app-home"><HomeContent home=content /></div> }.into_any()
    });
    let description = site.tagline.clone().unwrap_or_else(|| site.name.clone());
    RenderedPage {
        head: website_head(site, deployment, text::HOME, &description, Some(&routes::home_href())),
        body: page_body(frame, site, Some(Embedded { path: &PageDocument::Home.api_path(), value: home })),
    }
}

/// `/chuyen-muc/{slug}?trang=N`: one page of a category's list.
pub fn category_page(deployment: &Deployment, site: &Site, list: &CategoryListPage) -> RenderedPage {
    let content = list.clone();
    let frame = render_frame(deployment, site, Some(list.category.slug.clone()), move || {
        view! { <div class="app-category-page"><CategoryListView list=content /></div> }.into_any()
    });
    let headline = match list.page {
        1 => list.category.name.clone(),
        n => format!("{} - {} {n}", list.category.name, text::PAGE),
    };
    let description = list.category.description.clone().unwrap_or_else(|| list.category.name.clone());
    let path = PageDocument::Category { slug: list.category.slug.clone(), page: list.page }.api_path();
    let mut head = website_head(site, deployment, &headline, &description, Some(&routes::category_href(&list.category.slug, list.page)));
    head.feeds = feeds(site, deployment, Some(&list.category));
    RenderedPage {
        head,
        body: page_body(frame, site, Some(Embedded { path: &path, value: list })),
    }
}

/// `/bai-viet/{slug}`: one article.
pub fn article_page(deployment: &Deployment, site: &Site, article: &Article) -> RenderedPage {
    let content = article.clone();
    let frame = render_frame(deployment, site, Some(article.category.slug.clone()), move || {
        let site_name = SiteContext::current().name;
        view! { <div class="app-article-page"><ArticleView article=content site_name=site_name /></div> }.into_any()
    });
    let image = article.image.as_ref().and_then(|image| preview_photo(deployment, image)).or_else(|| deployment.emblem());
    let path = PageDocument::Article { slug: article.slug.clone() }.api_path();
    RenderedPage {
        head: PageHead {
            title: text::document_title(&article.title, &site.name),
            headline: article.title.clone(),
            description: short_description(&article.lead),
            canonical_url: Some(absolute_url(&deployment.origin, &routes::article_href(&article.slug))),
            site_name: site.name.clone(),
            kind: PageKind::Article { published_at: article.published_at, section: article.category.name.clone() },
            image,
            feeds: feeds(site, deployment, Some(&article.category)),
            lang: None,
        },
        body: page_body(frame, site, Some(Embedded { path: &path, value: article })),
    }
}

/// The article's photo as its link preview: a JPEG or PNG no wider than
/// 1200 px (`picture::preview_source`), never an SVG, AVIF or WebP file.
fn preview_photo(deployment: &Deployment, image: &Image) -> Option<PreviewPicture> {
    let source = picture::preview_source(image)?;
    Some(PreviewPicture::Photo(PreviewImage {
        url: absolute_url(&deployment.origin, &routes::media_url(&deployment.api_base, source.src)),
        alt: image.alt.clone(),
        width: source.width,
        height: source.height,
    }))
}

/// `/trang/{slug}`: a static page (about the agency, contacts, the site
/// map, the English page).
pub fn static_page(deployment: &Deployment, site: &Site, page: &StaticPage) -> RenderedPage {
    let content = page.clone();
    let frame = render_frame(deployment, site, None, move || {
        view! { <div class="app-information-page"><StaticPageView page=content /></div> }.into_any()
    });
    let description = crate::sanitize::host::text_of(&page.body_html);
    let description = if description.trim().is_empty() { page.title.clone() } else { description };
    let mut head = website_head(site, deployment, &page.title, &description, Some(&routes::static_page_href(&page.slug)));
    head.lang = Some(page.lang()).filter(|lang| *lang != "vi");
    let path = PageDocument::StaticPage { slug: page.slug.clone() }.api_path();
    RenderedPage { head, body: page_body(frame, site, Some(Embedded { path: &path, value: page })) }
}

/// `404.html`: what any unknown URL shows.
pub fn not_found_page(deployment: &Deployment, site: &Site) -> RenderedPage {
    let frame = render_frame(deployment, site, None, move || {
        let site_name = SiteContext::current().name;
        view! { <NotFoundNotice site_name=site_name /> }.into_any()
    });
    RenderedPage {
        head: website_head(site, deployment, text::NOT_FOUND_TITLE, text::NOT_FOUND_TITLE, None),
        body: page_body::<()>(frame, site, None),
    }
}
