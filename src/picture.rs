//! The responsive-image rules, in one place: which encoded variant of a
//! contract [`Image`] goes where (`<source>` per modern format, the
//! `<img>`'s JPEG or PNG `srcset`, the link preview's picture, the copy
//! embedded in a saved file), the `sizes` each role has on screen, and the
//! print resolution. Pure (no leptos, no web-sys): the components render
//! its answers, and the publishing step calls it too when it rewrites the
//! images of article bodies.

use crate::model::{Image, ImageVariant};

/// Where an image stands on the page, which decides how wide it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageRole {
    /// The article's lead photo (`.app-article__image`).
    Lead,
    /// An image inside an article's body (`.app-article__body img`).
    Body,
    /// A list card's thumbnail (`.app-article-card__thumb`).
    Thumbnail,
}

impl ImageRole {
    /// The size the markup reserves when the contract gives none (what
    /// `docs/API.md` promises: 800×450 for a photo, 320×180 for a thumbnail).
    pub fn assumed_size(self) -> (u32, u32) {
        match self {
            ImageRole::Lead | ImageRole::Body => (800, 450),
            ImageRole::Thumbnail => (320, 180),
        }
    }
}

/// The `sizes` attribute of an image in `role`: how wide the CSS draws it.
///
/// Kept equal to the stylesheets by a test that reads them:
/// - Lead and Body: the article column, `.app-article { max-width:
///   var(--reading-width) }` (46rem, `style/tokens.css`) inside
///   `.app-container` (`style/layout.css`), whose `padding-inline` is
///   `var(--space-4)` (1rem) and `var(--space-5)` (1.5rem) from 48rem up;
///   `.app-article__image { width: 100% }` (`style/components.css`).
///   Body images are never wider than that column.
/// - Thumbnail: the card's first grid column,
///   `.app-article-card--with-thumb`'s `minmax(0, 8rem)`, and
///   `minmax(0, 14rem)` from 40rem up (`style/components.css`).
pub fn sizes(role: ImageRole) -> &'static str {
    match role {
        ImageRole::Lead | ImageRole::Body => "(min-width: 48rem) min(46rem, calc(100vw - 3rem)), calc(100vw - 2rem)",
        ImageRole::Thumbnail => "(min-width: 40rem) 14rem, 8rem",
    }
}

/// The formats a variant may have, as the contract names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Avif,
    Webp,
    Jpeg,
    Png,
    Svg,
}

impl Format {
    fn of(variant: &ImageVariant) -> Option<Format> {
        match variant.media_type.trim().to_ascii_lowercase().as_str() {
            "image/avif" => Some(Format::Avif),
            "image/webp" => Some(Format::Webp),
            "image/jpeg" => Some(Format::Jpeg),
            "image/png" => Some(Format::Png),
            "image/svg+xml" => Some(Format::Svg),
            _ => None,
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Format::Avif => "image/avif",
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Svg => "image/svg+xml",
        }
    }
}

/// The usable variants of `image` in `format`, narrowest first, one per
/// width (a `srcset` may not name a width twice).
fn variants_of(image: &Image, format: Format) -> Vec<&ImageVariant> {
    let mut found: Vec<&ImageVariant> = image
        .variants
        .iter()
        .filter(|variant| Format::of(variant) == Some(format))
        .filter(|variant| variant.width > 0 && variant.height > 0 && !variant.src.trim().is_empty())
        .collect();
    found.sort_by_key(|variant| variant.width);
    found.dedup_by_key(|variant| variant.width);
    found
}

/// What `<picture>` holds for one image: a `<source>` per modern format and
/// the `<img>`'s own attributes. `sizes` comes from the image's role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// `(type, srcset)` of each `<source>`, AVIF first, then WebP.
    pub sources: Vec<(String, String)>,
    /// The `<img>`'s `src`: the contract's `src`, resolved.
    pub src: String,
    /// The `<img>`'s `srcset`: its JPEG variants (else PNG), if any.
    pub srcset: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// The `<picture>` of `image`, URLs through `resolve` (the API base's rule,
/// `api::media_url`, in the app). Without variants it is a bare `<img>`:
/// no sources, no `srcset`.
pub fn picture(image: &Image, resolve: impl Fn(&str) -> String) -> Picture {
    let sources = [Format::Avif, Format::Webp]
        .into_iter()
        .filter_map(|format| {
            let variants = variants_of(image, format);
            (!variants.is_empty()).then(|| (format.media_type().to_string(), srcset(&variants, &resolve)))
        })
        .collect();
    let fallback = Some(variants_of(image, Format::Jpeg))
        .filter(|variants| !variants.is_empty())
        .unwrap_or_else(|| variants_of(image, Format::Png));
    Picture {
        sources,
        src: resolve(&image.src),
        srcset: (!fallback.is_empty()).then(|| srcset(&fallback, &resolve)),
        width: image.width,
        height: image.height,
    }
}

/// A `srcset` of `variants` with `w` descriptors, in the order given
/// (callers give them narrowest first). Whitespace inside a URL, which
/// would end the candidate early, is percent-encoded.
pub fn srcset(variants: &[&ImageVariant], resolve: impl Fn(&str) -> String) -> String {
    variants
        .iter()
        .map(|variant| {
            let url = resolve(variant.src.trim()).replace(|c: char| c.is_ascii_whitespace(), "%20");
            format!("{url} {}w", variant.width)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The widest picture a link preview is given (Open Graph's recommended 1200 px).
pub const PREVIEW_MAX_WIDTH: u32 = 1200;

/// The variant a link preview (`og:image`) shows: the widest JPEG no wider
/// than [`PREVIEW_MAX_WIDTH`], else the widest such PNG. Never SVG, AVIF or
/// WebP, which preview crawlers do not all read.
pub fn preview_variant(image: &Image) -> Option<&ImageVariant> {
    [Format::Jpeg, Format::Png].into_iter().find_map(|format| {
        variants_of(image, format).into_iter().rev().find(|variant| variant.width <= PREVIEW_MAX_WIDTH)
    })
}

/// The file a link preview shows, with its size when known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreviewSource<'a> {
    /// As the contract writes it (resolve it like any `src`).
    pub src: &'a str,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// What a link preview may show of `image`: its [`preview_variant`]; for an
/// image without variants (a backend that writes none), its own `src` when
/// that names a JPEG or PNG file, with the contract's size. `None` otherwise.
pub fn preview_source(image: &Image) -> Option<PreviewSource<'_>> {
    if !image.variants.is_empty() {
        return preview_variant(image).map(|variant| PreviewSource {
            src: &variant.src,
            width: Some(variant.width),
            height: Some(variant.height),
        });
    }
    let path = image.src.split(['?', '#']).next().unwrap_or_default().to_ascii_lowercase();
    [".jpg", ".jpeg", ".png"].iter().any(|extension| path.ends_with(extension)).then_some(PreviewSource {
        src: &image.src,
        width: image.width,
        height: image.height,
    })
}

/// The widest variant embedded in a saved article.
pub const SAVED_IMAGE_MAX_WIDTH: u32 = 480;

/// The largest image embedded in a saved article; a larger one stays a link.
pub const SAVED_IMAGE_MAX_BYTES: usize = 200 * 1024;

/// The variant "Lưu" embeds in the saved file: the widest JPEG no wider
/// than [`SAVED_IMAGE_MAX_WIDTH`].
pub fn saved_variant(image: &Image) -> Option<&ImageVariant> {
    variants_of(image, Format::Jpeg).into_iter().rev().find(|variant| variant.width <= SAVED_IMAGE_MAX_WIDTH)
}

/// `bytes` (the [`saved_variant`] as fetched) as a `data:` URL, when they
/// are a JPEG file of at most [`SAVED_IMAGE_MAX_BYTES`]; else `None`, and
/// the saved file links the image instead.
pub fn saved_image_data_url(bytes: &[u8]) -> Option<String> {
    let is_jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
    (is_jpeg && bytes.len() <= SAVED_IMAGE_MAX_BYTES).then(|| crate::share::data_url("image/jpeg", bytes))
}

/// The lowest resolution a printed photo may have.
pub const PRINT_MIN_DPI: u32 = 150;

/// CSS pixels per inch (CSS Values: `1in` is `96px`, on paper too).
const CSS_PX_PER_INCH: u32 = 96;

/// How wide a photo of `pixel_width` pixels may be printed, in CSS pixels
/// (rounded down), so it is never below [`PRINT_MIN_DPI`]. Integer maths:
/// no float code in the wasm for this.
pub fn print_max_width_px(pixel_width: u32) -> u32 {
    let px = u64::from(pixel_width) * u64::from(CSS_PX_PER_INCH) / u64::from(PRINT_MIN_DPI);
    u32::try_from(px).unwrap_or(u32::MAX)
}

/// The candidates of a `srcset` attribute: (URL, width) for each one with a
/// `w` descriptor, as the HTML parser splits them (a URL runs to the next
/// whitespace; a trailing comma ends it; descriptors run to a comma).
pub fn srcset_widths(srcset: &str) -> Vec<(&str, u32)> {
    let mut out = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return out;
        }
        let url_end = rest.find(|c: char| c.is_ascii_whitespace()).unwrap_or(rest.len());
        let (url, after) = rest.split_at(url_end);
        if url.ends_with(',') {
            rest = after;
            continue;
        }
        let descriptors_end = after.find(',').unwrap_or(after.len());
        let (descriptors, after) = after.split_at(descriptors_end);
        let width = descriptors
            .split_ascii_whitespace()
            .find_map(|descriptor| descriptor.strip_suffix('w').and_then(|digits| digits.parse::<u32>().ok()));
        if let Some(width) = width.filter(|width| *width > 0) {
            out.push((url, width));
        }
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(src: &str, media_type: &str, width: u32) -> ImageVariant {
        ImageVariant { src: src.to_string(), media_type: media_type.to_string(), width, height: width * 9 / 16 }
    }

    fn image(variants: Vec<ImageVariant>) -> Image {
        Image {
            src: "/anh/3fa9c0d1e2b34455-1200.jpg".to_string(),
            alt: "Quang cảnh hội nghị".to_string(),
            caption: None,
            width: Some(1200),
            height: Some(675),
            variants,
        }
    }

    /// Variants in the publisher's order (by format, then width), shuffled
    /// a little, so the ordering is the module's own.
    fn photo() -> Image {
        let mut variants = Vec::new();
        for (media_type, extension) in
            [("image/jpeg", "jpg"), ("image/webp", "webp"), ("image/avif", "avif"), ("image/svg+xml", "svg")]
        {
            for width in [1920, 480, 1200, 720] {
                variants.push(variant(&format!("/anh/3fa9c0d1e2b34455-{width}.{extension}"), media_type, width));
            }
        }
        image(variants)
    }

    fn resolve(src: &str) -> String {
        format!("https://thanhvan.gov.vn{src}")
    }

    #[test]
    fn without_variants_the_picture_is_todays_img() {
        let picture = picture(&image(Vec::new()), resolve);
        assert_eq!(
            picture,
            Picture {
                sources: Vec::new(),
                src: "https://thanhvan.gov.vn/anh/3fa9c0d1e2b34455-1200.jpg".to_string(),
                srcset: None,
                width: Some(1200),
                height: Some(675),
            }
        );
    }

    #[test]
    fn sources_are_avif_then_webp_and_the_img_takes_the_jpegs_narrowest_first() {
        let picture = picture(&photo(), resolve);
        let candidates = |extension: &str| {
            [480, 720, 1200, 1920]
                .map(|width| format!("https://thanhvan.gov.vn/anh/3fa9c0d1e2b34455-{width}.{extension} {width}w"))
                .join(", ")
        };
        assert_eq!(
            picture.sources,
            [("image/avif".to_string(), candidates("avif")), ("image/webp".to_string(), candidates("webp"))]
        );
        assert_eq!(picture.srcset, Some(candidates("jpg")));
        assert_eq!(picture.src, "https://thanhvan.gov.vn/anh/3fa9c0d1e2b34455-1200.jpg");
        assert_eq!((picture.width, picture.height), (Some(1200), Some(675)));
    }

    #[test]
    fn png_is_the_fallback_without_jpeg_and_odd_variants_are_left_out() {
        let picture = picture(
            &image(vec![
                variant("/anh/a-720.png", "image/png", 720),
                variant("/anh/a-480.png", "IMAGE/PNG", 480),
                variant("/anh/a-480-copy.png", "image/png", 480),
                variant("/anh/a-0.png", "image/png", 0),
                variant("  ", "image/png", 300),
                variant("/anh/a-720.gif", "image/gif", 720),
                variant("/anh/a 640.webp", "image/webp", 640),
            ]),
            |src| src.to_string(),
        );
        assert_eq!(picture.srcset.as_deref(), Some("/anh/a-480.png 480w, /anh/a-720.png 720w"));
        assert_eq!(picture.sources, [("image/webp".to_string(), "/anh/a%20640.webp 640w".to_string())]);
        let only_modern = super::picture(&image(vec![variant("/anh/a-720.avif", "image/avif", 720)]), |src| src.to_string());
        assert_eq!(only_modern.srcset, None);
        assert_eq!(only_modern.sources.len(), 1);
    }

    #[test]
    fn srcset_keeps_the_order_given() {
        let (small, large) = (variant("/a-480.jpg", "image/jpeg", 480), variant("/a-720.jpg", "image/jpeg", 720));
        assert_eq!(srcset(&[&small, &large], |src| format!("/api{src}")), "/api/a-480.jpg 480w, /api/a-720.jpg 720w");
        assert_eq!(srcset(&[], |src| src.to_string()), "");
    }

    #[test]
    fn the_link_preview_is_the_widest_jpeg_or_png_up_to_1200() {
        let check = |variants: Vec<ImageVariant>, expected: Option<&str>| {
            let image = image(variants);
            assert_eq!(preview_variant(&image).map(|variant| variant.src.as_str()), expected);
        };
        check(photo().variants, Some("/anh/3fa9c0d1e2b34455-1200.jpg"));
        check(vec![variant("/a-1920.jpg", "image/jpeg", 1920), variant("/a-720.jpg", "image/jpeg", 720)], Some("/a-720.jpg"));
        check(vec![variant("/a-1200.png", "image/png", 1200), variant("/a-480.jpg", "image/jpeg", 480)], Some("/a-480.jpg"));
        check(vec![variant("/a-1920.jpg", "image/jpeg", 1920), variant("/a-800.png", "image/png", 800)], Some("/a-800.png"));
        for never in ["image/svg+xml", "image/avif", "image/webp"] {
            check(vec![variant("/a-800", never, 800)], None);
        }
        check(vec![variant("/a-1920.jpg", "image/jpeg", 1920)], None);
        check(Vec::new(), None);
    }

    #[test]
    fn the_link_preview_of_an_image_without_variants_is_its_jpeg_or_png_src() {
        let mut plain = image(Vec::new());
        let expected = PreviewSource { src: "/anh/3fa9c0d1e2b34455-1200.jpg", width: Some(1200), height: Some(675) };
        assert_eq!(preview_source(&plain), Some(expected));
        plain.src = "https://cdn.vn/a.PNG?v=2".to_string();
        assert!(preview_source(&plain).is_some());
        for src in ["media/a.svg", "/a.webp", "/a.avif", "/anh", "/a.svg?x=.jpg"] {
            plain.src = src.to_string();
            assert_eq!(preview_source(&plain), None, "{src}");
        }
        let photo = photo();
        assert_eq!(preview_source(&photo), Some(expected), "the variant's own size");
        let svg_only = image(vec![variant("/a.svg", "image/svg+xml", 800)]);
        assert_eq!(preview_source(&svg_only), None, "variants without a JPEG or PNG: no preview, whatever src is");
    }

    #[test]
    fn the_saved_copy_embeds_the_widest_jpeg_up_to_480() {
        assert_eq!(saved_variant(&photo()).map(|variant| variant.src.as_str()), Some("/anh/3fa9c0d1e2b34455-480.jpg"));
        let small = image(vec![variant("/a-320.jpg", "image/jpeg", 320), variant("/a-400.png", "image/png", 400)]);
        assert_eq!(saved_variant(&small).map(|variant| variant.width), Some(320));
        let too_wide = image(vec![variant("/a-720.jpg", "image/jpeg", 720), variant("/a-480.webp", "image/webp", 480)]);
        assert_eq!(saved_variant(&too_wide), None);
        assert_eq!(saved_variant(&image(Vec::new())), None);
    }

    #[test]
    fn only_a_small_jpeg_is_embedded() {
        assert_eq!(SAVED_IMAGE_MAX_BYTES, 204_800);
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
        assert_eq!(saved_image_data_url(&jpeg).as_deref(), Some("data:image/jpeg;base64,/9j/4A=="));
        jpeg.resize(SAVED_IMAGE_MAX_BYTES, 0);
        assert!(saved_image_data_url(&jpeg).is_some());
        jpeg.push(0);
        assert_eq!(saved_image_data_url(&jpeg), None, "over the cap");
        assert_eq!(saved_image_data_url(b"<!doctype html><p>404</p>"), None, "not a JPEG");
        assert_eq!(saved_image_data_url(&[]), None);
    }

    #[test]
    fn print_never_goes_below_150_dpi() {
        // 1200 px at 150 dpi: 8 in, 768 CSS px; 720 px: 4.8 in, 460.8 → 460.
        assert_eq!(print_max_width_px(1200), 768);
        assert_eq!(print_max_width_px(720), 460);
        assert_eq!(print_max_width_px(0), 0);
        for pixels in [1, 149, 150, 151, 479, 720, 1199, 1200, 4000] {
            // Printed at that width, the photo has at least 150 dots per inch.
            let inches_x100 = u64::from(print_max_width_px(pixels)) * 100 / 96;
            assert!(u64::from(pixels) * 100 >= 150 * inches_x100, "{pixels}");
        }
    }

    #[test]
    fn srcset_candidates_and_their_widths() {
        assert_eq!(
            srcset_widths("/a-480.jpg 480w, /a-720.jpg 720w,/a,b.jpg 1200w , /c.jpg 2x, /d.jpg, /e.jpg 0w"),
            [("/a-480.jpg", 480), ("/a-720.jpg", 720), ("/a,b.jpg", 1200)]
        );
        assert_eq!(srcset_widths(&srcset(&[&variant("/a b.jpg", "image/jpeg", 640)], |src| src.to_string())), [("/a%20b.jpg", 640)]);
        assert!(srcset_widths("").is_empty() && srcset_widths(" , ,").is_empty());
    }

    #[test]
    fn assumed_sizes() {
        assert_eq!(ImageRole::Lead.assumed_size(), (800, 450));
        assert_eq!(ImageRole::Thumbnail.assumed_size(), (320, 180));
    }

    /// The declarations of the first `selector { … }` rule in `css`, as written.
    fn rule<'a>(css: &'a str, selector: &str) -> &'a str {
        let Some(start) = css.find(&format!("{selector} {{")) else { panic!("no {selector} rule any more") };
        let body = &css[start + selector.len() + 2..];
        body[..body.find('}').unwrap_or(body.len())].trim()
    }

    /// The numbers `sizes` relies on are still the stylesheets' numbers: a
    /// change to the layout fails here until `sizes` follows it.
    #[test]
    fn sizes_match_the_stylesheets() {
        let tokens = include_str!("../style/tokens.css");
        let layout = include_str!("../style/layout.css");
        let components = include_str!("../style/components.css");
        for token in ["--reading-width: 46rem;", "--space-4: 1rem;", "--space-5: 1.5rem;"] {
            assert!(tokens.contains(token), "style/tokens.css no longer says {token:?}");
        }
        let container = rule(layout, ".app-container");
        assert!(container.contains("padding-inline: var(--space-4);"), "{container:?}");
        let wide = layout.split("@media (min-width: 48rem) {").nth(1).unwrap_or_default();
        assert!(rule(wide, ".app-container").contains("padding-inline: var(--space-5);"), "{wide}");
        assert!(rule(components, ".app-article").contains("max-width: var(--reading-width);"));
        assert!(rule(components, ".app-article__image").contains("width: 100%;"));
        assert!(rule(components, ".app-article-card--with-thumb").contains("grid-template-columns: minmax(0, 8rem) minmax(0, 1fr);"));
        let cards = components.split("@media (min-width: 40rem) {").nth(1).unwrap_or_default();
        assert!(rule(cards, ".app-article-card--with-thumb").contains("grid-template-columns: minmax(0, 14rem) minmax(0, 1fr);"));
        // 3rem and 2rem are the two paddings on both sides (1.5rem and 1rem).
        assert_eq!(sizes(ImageRole::Lead), "(min-width: 48rem) min(46rem, calc(100vw - 3rem)), calc(100vw - 2rem)");
        assert_eq!(sizes(ImageRole::Body), sizes(ImageRole::Lead));
        assert_eq!(sizes(ImageRole::Thumbnail), "(min-width: 40rem) 14rem, 8rem");
    }
}
