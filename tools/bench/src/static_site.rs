//! The static baseline: the same article (and lists) as plain HTML with the
//! app's CSS, the app's DOM structure and classes, and no script.
//!
//! The markup follows `src/components/{site_header,site_footer,article_view,
//! article_card,breadcrumbs,article_actions,reading_controls}.rs` and
//! `src/pages/{article,category}.rs`; `body_html` is inserted as is (our own
//! sample, trusted here).

use std::path::{Path, PathBuf};

use content_gen::format::format_vn_datetime;
use content_gen::routes;
use content_gen::share::escape_html as escape;
use serde_json::Value;

/// Where the static pages live inside the served site directory.
pub const STATIC_ARTICLE: &str = "bench-static-article.html";
pub const STATIC_STRESS: &str = "bench-static-rat-dai.html";

pub fn static_list_path(category: &str, page: u64) -> String {
    format!("/static/list/{category}-{page}.html")
}

pub fn static_article_path(slug: &str) -> String {
    format!("/static/a/{slug}.html")
}

/// Every `<link rel="stylesheet" …>` tag of `dist/index.html`, verbatim.
pub fn stylesheet_links(index_html: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = index_html;
    while let Some(start) = rest.find("<link") {
        let after = &rest[start..];
        let Some(end) = after.find('>') else { break };
        let tag = &after[..=end];
        let lower = tag.to_ascii_lowercase();
        if lower.contains("rel=\"stylesheet\"") || lower.contains("rel=stylesheet") || lower.contains("rel='stylesheet'") {
            links.push(tag.to_string());
        }
        rest = &after[end + 1..];
    }
    links
}

fn s<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `2021-12-22T08:03:00+07:00` → `22/12/2021 08:03`, by the app's own function.
pub fn vn_datetime(iso: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(iso)
        .map(|time| format_vn_datetime(&time))
        .unwrap_or_else(|_| iso.to_string())
}

/// A relative media `src` is read relative to the API base (`/api/`), as the app does.
pub fn media_url(src: &str) -> String {
    routes::media_url("/api/", src)
}

/// Page chrome shared by every static page.
pub struct Shell<'a> {
    pub site: &'a Value,
    pub stylesheets: &'a [String],
    /// The header's date line (any date: only its length matters).
    pub date_line: &'a str,
}

impl Shell<'_> {
    pub fn page(&self, title: &str, current_category: &str, main_inner: &str) -> String {
        let site_name = s(self.site, "name");
        let doc_title = if site_name.is_empty() { title.to_string() } else { format!("{title} - {site_name}") };
        let mut html = String::with_capacity(main_inner.len() + 8192);
        html.push_str("<!doctype html>\n<html lang=\"vi\" data-theme=\"normal\">\n<head>\n<meta charset=\"utf-8\" />\n");
        html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
        html.push_str(&format!("<title>{}</title>\n", escape(&doc_title)));
        for link in self.stylesheets {
            html.push_str(link);
            html.push('\n');
        }
        html.push_str("</head>\n<body>\n");
        html.push_str("<a class=\"app-skip-link\" href=\"#main\">Bỏ qua, đến nội dung chính</a>\n");
        html.push_str(&self.header(current_category));
        html.push_str("<main class=\"app-main app-container\" id=\"main\" tabindex=\"-1\">");
        html.push_str(main_inner);
        html.push_str("</main>\n");
        html.push_str(&self.footer());
        html.push_str("</body>\n</html>\n");
        html
    }

    fn header(&self, current_category: &str) -> String {
        let name = s(self.site, "name");
        let tagline = self
            .site
            .get("tagline")
            .and_then(Value::as_str)
            .map(|t| format!("<span class=\"app-header__tagline\">{}</span>", escape(t)))
            .unwrap_or_default();
        let mut links = String::new();
        for category in self.site.get("categories").and_then(Value::as_array).into_iter().flatten() {
            let slug = s(category, "slug");
            let current = if slug == current_category { " aria-current=\"page\"" } else { "" };
            links.push_str(&format!(
                "<li class=\"app-nav__item\"><a class=\"app-nav__link\" href=\"{}\"{current}>{}</a></li>",
                escape(&static_list_path(slug, 1)),
                escape(s(category, "name"))
            ));
        }
        format!(
            r#"<header class="app-header"><div class="app-container app-header__inner"><div class="app-header__top"><p class="app-header__date">{date}</p><div class="app-reading-controls" role="group" aria-label="Tùy chọn hiển thị"><span class="app-reading-controls__label" aria-hidden="true">Cỡ chữ</span><button type="button" class="app-reading-controls__button app-reading-controls__smaller" aria-label="Giảm cỡ chữ" title="Giảm cỡ chữ" aria-disabled="false">A-</button><button type="button" class="app-reading-controls__button app-reading-controls__default" aria-label="Cỡ chữ mặc định" title="Cỡ chữ mặc định" aria-pressed="true">A</button><button type="button" class="app-reading-controls__button app-reading-controls__larger" aria-label="Tăng cỡ chữ" title="Tăng cỡ chữ" aria-disabled="false">A+</button><label class="app-reading-controls__theme"><span class="app-reading-controls__label">Màu hiển thị</span><select class="app-reading-controls__select"><option value="system" selected>Theo thiết bị</option><option value="normal">Thường</option><option value="high-contrast">Tương phản cao</option><option value="dark">Nền tối</option></select></label></div></div><a class="app-header__home" href="/"><span class="app-header__emblem" aria-hidden="true"></span><span class="app-header__titles"><span class="app-header__name">{name}</span>{tagline}</span></a></div><nav class="app-nav" aria-label="Chuyên mục"><div class="app-container app-nav__inner"><button type="button" class="app-nav__toggle" aria-expanded="false" aria-controls="app-nav-list" aria-label="Mở danh mục chuyên mục"><span class="app-nav__toggle-icon" aria-hidden="true"></span><span class="app-nav__toggle-text">Danh mục</span></button><ul class="app-nav__list" id="app-nav-list"><li class="app-nav__item"><a class="app-nav__link--home app-nav__home" href="/">Trang chủ</a></li>{links}</ul></div></nav></header>
"#,
            date = escape(self.date_line),
            name = escape(name),
        )
    }

    fn footer(&self) -> String {
        let footer = self.site.get("footer").cloned().unwrap_or(Value::Null);
        let mut lines = format!("<p class=\"app-footer__name\">{}</p>", escape(s(self.site, "name")));
        let line = |label: &str, key: &str| {
            footer
                .get(key)
                .and_then(Value::as_str)
                .map(|v| format!("<p class=\"app-footer__line\"><span class=\"app-footer__label\">{label}: </span>{}</p>", escape(v)))
                .unwrap_or_default()
        };
        lines.push_str(&line("Địa chỉ", "address"));
        lines.push_str(&line("Điện thoại", "phone"));
        if let Some(email) = footer.get("email").and_then(Value::as_str) {
            lines.push_str(&format!(
                "<p class=\"app-footer__line\"><span class=\"app-footer__label\">Thư điện tử: </span><a href=\"mailto:{0}\">{0}</a></p>",
                escape(email)
            ));
        }
        lines.push_str(&line("Chịu trách nhiệm nội dung", "editor"));
        lines.push_str(&line("Giấy phép", "license"));
        format!("<footer class=\"app-footer\"><div class=\"app-container app-footer__inner\">{lines}</div></footer>\n")
    }
}

fn breadcrumbs(trail: &[(&str, Option<String>)]) -> String {
    let mut items = String::new();
    for (label, href) in trail {
        match href {
            Some(href) => items.push_str(&format!(
                "<li class=\"app-breadcrumbs__item\"><a class=\"app-breadcrumbs__link\" href=\"{}\">{}</a></li>",
                escape(href),
                escape(label)
            )),
            None => items.push_str(&format!("<li class=\"app-breadcrumbs__item\" aria-current=\"page\">{}</li>", escape(label))),
        }
    }
    format!("<nav class=\"app-breadcrumbs\" aria-label=\"Đường dẫn\"><ol class=\"app-breadcrumbs__list\">{items}</ol></nav>")
}

fn time(iso: &str, class: &str) -> String {
    let class = if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") };
    format!("<time{class} datetime=\"{}\">{}</time>", escape(iso), escape(&vn_datetime(iso)))
}

/// An article page as `ArticlePage` + `ArticleView` render it.
pub fn article_page(shell: &Shell, article: &Value) -> String {
    let category = article.get("category").cloned().unwrap_or(Value::Null);
    let category_slug = s(&category, "slug");
    let category_name = s(&category, "name");
    let category_href = static_list_path(category_slug, 1);
    let title = s(article, "title");
    let published = s(article, "published_at");
    let mut main = String::from("<div class=\"app-article-page\"><article class=\"app-article\">");
    main.push_str(&breadcrumbs(&[("Trang chủ", Some("/".into())), (category_name, Some(category_href.clone()))]));
    main.push_str(&format!(
        "<p class=\"app-article__category\"><a href=\"{}\">{}</a></p>",
        escape(&category_href),
        escape(category_name)
    ));
    main.push_str(concat!(
        "<div class=\"app-article-actions\" role=\"group\" aria-label=\"Công cụ bài viết\">",
        "<a class=\"app-article-actions__action app-article-actions__email\" href=\"mailto:?subject=bai-viet\" title=\"Gửi bài viết này qua thư điện tử\">Gửi Email</a>",
        "<span class=\"app-article-actions__separator\" aria-hidden=\"true\">|</span>",
        "<button type=\"button\" class=\"app-article-actions__action app-article-actions__print\" title=\"In bài viết này\">In trang</button>",
        "<span class=\"app-article-actions__separator\" aria-hidden=\"true\">|</span>",
        "<button type=\"button\" class=\"app-article-actions__action app-article-actions__save\" title=\"Lưu bài viết thành tệp HTML\">Lưu</button>",
        "<span class=\"app-article-actions__separator\" aria-hidden=\"true\">|</span>",
        "<button type=\"button\" class=\"app-article-actions__action app-article-actions__copy\">Sao chép liên kết</button>",
        "<div class=\"app-listen\"><button type=\"button\" class=\"app-article-actions__action app-listen__start\">Nghe đọc bài</button></div>",
        "<span class=\"app-article-actions__status\" role=\"status\"></span></div>"
    ));
    main.push_str(&format!("<h1 class=\"app-article__title\" tabindex=\"-1\">{}</h1>", escape(title)));
    let updated = article
        .get("updated_at")
        .and_then(Value::as_str)
        .filter(|u| *u != published)
        .map(|u| format!("<span class=\"app-article__updated\"> · Cập nhật: {}</span>", time(u, "")))
        .unwrap_or_default();
    main.push_str(&format!(
        "<p class=\"app-article__meta\"><span class=\"app-visually-hidden\">Đăng lúc </span>{}{updated}</p>",
        time(published, "app-article__time")
    ));
    main.push_str(&format!("<p class=\"app-article__lead\">{}</p>", escape(s(article, "lead"))));
    if let Some(image) = article.get("image").filter(|i| i.is_object()) {
        let caption = image
            .get("caption")
            .and_then(Value::as_str)
            .map(|c| format!("<figcaption class=\"app-article__caption\">{}</figcaption>", escape(c)))
            .unwrap_or_default();
        main.push_str(&format!(
            "<figure class=\"app-article__figure\"><img class=\"app-article__image\" src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\" decoding=\"async\" />{caption}</figure>",
            escape(&media_url(s(image, "src"))),
            escape(s(image, "alt")),
            image.get("width").and_then(Value::as_u64).unwrap_or(800),
            image.get("height").and_then(Value::as_u64).unwrap_or(450),
        ));
    }
    main.push_str("<div class=\"app-article__body\">");
    main.push_str(s(article, "body_html"));
    main.push_str("</div>");
    if let Some(author) = article.get("author").and_then(Value::as_str).filter(|a| !a.trim().is_empty()) {
        main.push_str(&format!(
            "<p class=\"app-article__author\"><span class=\"app-visually-hidden\">Tác giả: </span>{}</p>",
            escape(author)
        ));
    }
    main.push_str(&format!(
        "<p class=\"app-article__source\">Nguồn: http://127.0.0.1{}</p></article>",
        escape(&format!("/bai-viet/{}", s(article, "slug")))
    ));
    let related = article.get("related").and_then(Value::as_array).cloned().unwrap_or_default();
    if !related.is_empty() {
        let mut items = String::new();
        for item in &related {
            items.push_str(&format!(
                "<li class=\"app-related__item\"><a href=\"{}\">{}</a> <span class=\"app-related__time\">({})</span></li>",
                escape(&static_article_path(s(item, "slug"))),
                escape(s(item, "title")),
                time(s(item, "published_at"), "")
            ));
        }
        main.push_str(&format!(
            "<section class=\"app-related\" aria-labelledby=\"app-related-title\"><h2 class=\"app-related__title\" id=\"app-related-title\">Tin khác</h2><ul class=\"app-related__list\">{items}</ul><p class=\"app-related__more-line\"><a class=\"app-related__more\" href=\"{}\" aria-label=\"Xem tiếp tin {}\">xem tiếp</a></p></section>",
            escape(&category_href),
            escape(category_name)
        ));
    }
    main.push_str("</div>");
    shell.page(title, category_slug, &main)
}

/// A category list page as `CategoryPage` renders it, its cards linking to
/// the static article pages.
pub fn list_page(shell: &Shell, list: &Value) -> String {
    let category = list.get("category").cloned().unwrap_or(Value::Null);
    let slug = s(&category, "slug");
    let name = s(&category, "name");
    let page = list.get("page").and_then(Value::as_u64).unwrap_or(1);
    let total = list.get("total_pages").and_then(Value::as_u64).unwrap_or(1);
    let mut main = String::from("<div class=\"app-category-page\">");
    main.push_str(&breadcrumbs(&[("Trang chủ", Some("/".into())), (name, None)]));
    main.push_str(&format!("<h1 class=\"app-category-page__title\" tabindex=\"-1\">{}</h1>", escape(name)));
    if let Some(description) = category.get("description").and_then(Value::as_str) {
        main.push_str(&format!("<p class=\"app-category-page__description\">{}</p>", escape(description)));
    }
    main.push_str("<ul class=\"app-category-page__list\">");
    for item in list.get("items").and_then(Value::as_array).into_iter().flatten() {
        let thumb = item.get("thumbnail").filter(|t| t.is_object());
        let thumb_html = thumb
            .map(|t| {
                format!(
                    "<img class=\"app-article-card__thumb\" src=\"{}\" alt=\"\" width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\" />",
                    escape(&media_url(s(t, "src"))),
                    t.get("width").and_then(Value::as_u64).unwrap_or(320),
                    t.get("height").and_then(Value::as_u64).unwrap_or(180)
                )
            })
            .unwrap_or_default();
        let lead = item
            .get("lead")
            .and_then(Value::as_str)
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("<p class=\"app-article-card__lead\">{}</p>", escape(l)))
            .unwrap_or_default();
        let with_thumb = if thumb.is_some() { " app-article-card--with-thumb" } else { "" };
        main.push_str(&format!(
            "<li class=\"app-category-page__item\"><article class=\"app-article-card{with_thumb}\">{thumb_html}<div class=\"app-article-card__text\"><h2 class=\"app-article-card__title\"><a class=\"app-article-card__link\" href=\"{}\">{}</a></h2>{}{lead}</div></article></li>",
            escape(&static_article_path(s(item, "slug"))),
            escape(s(item, "title")),
            time(s(item, "published_at"), "app-article-card__time"),
        ));
    }
    main.push_str("</ul>");
    // The pagination bar: previous, the window of numbers, next.
    let mut numbers = String::new();
    for n in 1..=total {
        if n == 1 || n == total || n.abs_diff(page) <= 2 {
            if n == page {
                numbers.push_str(&format!("<li class=\"app-pagination__item\"><span class=\"app-pagination__link\" aria-current=\"page\">{n}</span></li>"));
            } else {
                numbers.push_str(&format!(
                    "<li class=\"app-pagination__item\"><a class=\"app-pagination__link\" href=\"{}\">{n}</a></li>",
                    escape(&static_list_path(slug, n))
                ));
            }
        } else if n.abs_diff(page) == 3 {
            numbers.push_str("<li class=\"app-pagination__item app-pagination__gap\" aria-hidden=\"true\">…</li>");
        }
    }
    main.push_str(&format!("<nav class=\"app-pagination\" aria-label=\"Phân trang\"><ul class=\"app-pagination__list\">{numbers}</ul></nav>"));
    main.push_str("</div>");
    let title = if page == 1 { name.to_string() } else { format!("{name} - Trang {page}") };
    shell.page(&title, slug, &main)
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
        let target: PathBuf = to.join(&name);
        if source.is_dir() {
            copy_tree(&source, &target, &[])?;
        } else {
            std::fs::copy(&source, &target)?;
        }
    }
    Ok(())
}

pub fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn links_are_parsed_verbatim() {
        let html = r#"<head><link rel="modulepreload" href="/a.js"><link rel="stylesheet" href="/layers-0123.css" integrity="sha384-x"/><link data-x rel="stylesheet" href="/b.css"></head>"#;
        assert_eq!(
            stylesheet_links(html),
            vec![r#"<link rel="stylesheet" href="/layers-0123.css" integrity="sha384-x"/>"#, r#"<link data-x rel="stylesheet" href="/b.css">"#]
        );
    }

    #[test]
    fn article_page_has_the_app_structure() {
        let site = json!({"name": "Cổng", "categories": [{"slug": "c", "name": "C"}], "footer": {"email": "a@b.vn"}});
        let article = json!({"slug": "x", "title": "T <b>", "category": {"slug": "c", "name": "C"},
            "published_at": "2021-12-22T08:03:00+07:00", "lead": "L", "body_html": "<p>one</p>",
            "image": {"src": "media/a.svg", "alt": "A", "width": 800, "height": 450},
            "related": [{"slug": "y", "title": "Y", "published_at": "2021-12-10T14:30:00+07:00"}]});
        let links = vec!["<link rel=\"stylesheet\" href=\"/x.css\">".to_string()];
        let shell = Shell { site: &site, stylesheets: &links, date_line: "Thứ năm" };
        let html = article_page(&shell, &article);
        for needle in [
            "<!doctype html>",
            "<html lang=\"vi\"",
            "<link rel=\"stylesheet\" href=\"/x.css\">",
            "<header class=\"app-header\">",
            "<main class=\"app-main app-container\"",
            "<article class=\"app-article\">",
            "<h1 class=\"app-article__title\" tabindex=\"-1\">T &lt;b&gt;</h1>",
            "22/12/2021 08:03",
            "src=\"/api/media/a.svg\"",
            "width=\"800\" height=\"450\"",
            "<div class=\"app-article__body\"><p>one</p></div>",
            "class=\"app-related\"",
            "class=\"app-footer\"",
        ] {
            assert!(html.contains(needle), "missing {needle} in {html}");
        }
        assert!(!html.contains("<script"));
    }
}
