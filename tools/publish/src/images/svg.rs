//! SVG originals: recognised from their bytes and passed through as they
//! are (never rasterised, never inlined in a page, so their markup stays
//! out of the page's DOM; as an `<img>` a browser runs no script in them).
//! Their size is read from the root element when it is simple.

use super::ImageError;

/// Whether the bytes are SVG: after an optional BOM and white space, an
/// `<svg` element, or an XML declaration, comment or doctype with an
/// `<svg` element in the first 4 kB.
pub(crate) fn is_svg(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(text.len());
    let text = &text[start..];
    if text.starts_with(b"<svg") {
        return true;
    }
    let head = &text[..text.len().min(4096)];
    (text.starts_with(b"<?xml") || text.starts_with(b"<!--") || text.starts_with(b"<!DOCTYPE svg"))
        && find(head, b"<svg").is_some()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The size of an SVG in CSS pixels: the root's `width` and `height` when
/// both are plain numbers (or `px`), else the `viewBox`'s width and height,
/// else 0 × 0 (percentages, `em`, no size at all): the page then gives the
/// image no intrinsic size.
pub(crate) fn dimensions(bytes: &[u8]) -> (u32, u32) {
    let Some(at) = find(bytes, b"<svg") else { return (0, 0) };
    let rest = &bytes[at + 4..];
    let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
    let Ok(tag) = std::str::from_utf8(&rest[..end]) else {
        return (0, 0);
    };
    let width = attribute(tag, "width").and_then(pixels);
    let height = attribute(tag, "height").and_then(pixels);
    if let (Some(w), Some(h)) = (width, height) {
        return (w, h);
    }
    let view_box: Option<Vec<f64>> = attribute(tag, "viewBox")
        .map(|v| {
            v.split(|c: char| c == ',' || c.is_ascii_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::parse)
                .collect()
        })
        .and_then(Result::ok);
    match view_box.as_deref() {
        Some([_, _, w, h]) => match (round(*w), round(*h)) {
            (Some(w), Some(h)) => (w, h),
            _ => (0, 0),
        },
        _ => (0, 0),
    }
}

/// The value of `name="…"` (or `'…'`) in a tag's attributes.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        // `stroke-width=` is not `width=`.
        let before = tag[..at].chars().next_back();
        if !before.is_some_and(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let after = tag[from..].trim_start();
        let Some(after) = after.strip_prefix('=') else { continue };
        let after = after.trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value = &after[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

fn pixels(value: &str) -> Option<u32> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value);
    round(number.trim().parse().ok()?)
}

fn round(value: f64) -> Option<u32> {
    (value.is_finite() && value > 0.0 && value < 1e6).then(|| value.round().max(1.0) as u32)
}

/// Renders an SVG (the portal's emblem) as a `size` × `size` PNG, centred
/// and scaled to fit, on a transparent ground, for link previews, which
/// are never SVG. Shapes, gradients and paths only: `resvg` is built
/// without text (an emblem's lettering should be paths) and without
/// raster images, and no `href` is followed (no file is read, no nested
/// document parsed).
pub fn render_svg_png(svg: &[u8], size: u32) -> Result<Vec<u8>, ImageError> {
    use resvg::{tiny_skia, usvg};
    // A preview is at most a few hundred pixels; this bounds the pixmap.
    if size > 4096 {
        return Err(ImageError::Unsupported(format!(
            "a {} × {} rendering (4096 at most)",
            size, size
        )));
    }
    let options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(svg, &options).map_err(|e| ImageError::Corrupt(format!("SVG: {}", e)))?;
    let mut pixmap = tiny_skia::Pixmap::new(size, size)
        .ok_or_else(|| ImageError::Unsupported(format!("a {} × {} rendering", size, size)))?;
    let (width, height) = (tree.size().width(), tree.size().height());
    let scale = size as f32 / width.max(height);
    let transform = tiny_skia::Transform::from_scale(scale, scale).post_translate(
        (size as f32 - width * scale) / 2.0,
        (size as f32 - height * scale) / 2.0,
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| ImageError::Corrupt(format!("PNG encoding failed: {}", e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_recognised_after_a_bom_white_space_or_a_declaration() {
        let check =
            |bytes: &[u8], expected: bool| assert_eq!(is_svg(bytes), expected, "{:?}", String::from_utf8_lossy(bytes));
        check(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", true);
        check(b"\xEF\xBB\xBF\n  <svg/>", true);
        check(b"<?xml version=\"1.0\"?>\n<!-- emblem -->\n<svg/>", true);
        check(b"<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\"><svg/>", true);
        check(b"<?xml version=\"1.0\"?><rss/>", false);
        check(b"<html><svg/></html>", false);
        check(b"", false);
    }

    #[test]
    fn an_emblem_is_rendered_as_a_square_png() {
        // A 2:1 emblem: a red circle on the left half, a blue square on the right.
        let emblem = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">
            <circle cx="50" cy="50" r="40" fill="#d00"/><rect x="110" y="10" width="80" height="80" fill="#00c"/></svg>"##;
        let png = render_svg_png(emblem, 64).unwrap();
        let image = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .unwrap()
            .into_rgba8();
        assert_eq!(image.dimensions(), (64, 64));
        // Scaled to 64 × 32, centred: rows 16 to 48.
        assert_eq!(image.get_pixel(16, 32).0, [0xDD, 0, 0, 255]);
        assert_eq!(image.get_pixel(48, 32).0, [0, 0, 0xCC, 255]);
        assert_eq!(image.get_pixel(32, 4).0[3], 0, "transparent above");
        assert_eq!(image.get_pixel(32, 60).0[3], 0, "transparent below");
        assert!(matches!(render_svg_png(b"<svg", 64), Err(ImageError::Corrupt(_))));
        assert!(render_svg_png(emblem, 0).is_err());
        assert!(render_svg_png(emblem, 100_000).is_err());
    }

    #[test]
    fn svg_size_comes_from_width_and_height_else_the_view_box() {
        let check = |svg: &str, expected: (u32, u32)| assert_eq!(dimensions(svg.as_bytes()), expected, "{}", svg);
        check(r#"<svg width="120" height="80" viewBox="0 0 12 8">"#, (120, 80));
        check(r#"<svg width='120px' height='79.6px'>"#, (120, 80));
        check(r#"<svg stroke-width="3" viewBox="0 0 64 32">"#, (64, 32));
        check(r#"<svg width="100%" height="100%" viewBox="0,0,48.4,48">"#, (48, 48));
        check(r#"<svg width="10em" height="5em">"#, (0, 0));
        check(r#"<svg xmlns="http://www.w3.org/2000/svg">"#, (0, 0));
        check(r#"<svg viewBox="0 0 -5 10">"#, (0, 0));
        check("no svg here", (0, 0));
    }
}
