//! From upright sRGB pixels to the files of the ladder: the widths, the
//! resizing (Lanczos3 in sRGB, alpha premultiplied), and the three
//! encoders. The encoders are given pixels only, so no output carries
//! metadata. Pure: pixels in, bytes out.
//!
//! The publisher runs in the dev profile, where only the image crates are
//! optimised (the root Cargo.toml). Generic code is compiled, and so
//! optimised or not, in the crate that instantiates it: resizing goes
//! through `DynamicImage::resize_exact`, which `image` instantiates
//! itself, not through a generic resizer instantiated here (measured:
//! 0.19 s against 2.3 s for 12 MP to 1200 px), and the per-pixel loops
//! here touch only the small variants.

use image::imageops::FilterType;
use image::{DynamicImage, RgbaImage};

use super::{
    ImageError, AVIF_QUALITY, AVIF_SPEED, JPEG_QUALITY, JPEG_QUALITY_FLOOR, JPEG_QUALITY_STEP, LADDER, MODERN,
    PREVIEW_MAX_BYTES, WEBP_METHOD, WEBP_QUALITY,
};

/// The modern formats the publisher can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModernFormat {
    Avif,
    Webp,
}

impl ModernFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            ModernFormat::Avif => "image/avif",
            ModernFormat::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ModernFormat::Avif => "avif",
            ModernFormat::Webp => "webp",
        }
    }

    /// The shipped quality of this format.
    pub fn quality(self) -> f32 {
        match self {
            ModernFormat::Avif => AVIF_QUALITY,
            ModernFormat::Webp => WEBP_QUALITY,
        }
    }
}

/// One encoded file, before it is named.
pub(crate) struct Encoded {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
    pub extension: &'static str,
    pub width: u32,
    pub height: u32,
}

/// The ladder's widths for an image `width` pixels wide: never above it,
/// never none. An image between two steps (an 800 px upload) also gets its
/// own width, when that is clearly wider than the step below (10 %), so a
/// desktop column (736 px) is not filled from the 720 px step.
pub(crate) fn ladder_widths(width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = LADDER.iter().copied().filter(|&w| w <= width).collect();
    let top = LADDER.last().copied().unwrap_or(width);
    let clearly_wider = widths.last().is_none_or(|&below| u64::from(width) * 10 > u64::from(below) * 11);
    if width < top && clearly_wider {
        widths.push(width);
    }
    widths
}

/// The height of a `width`-wide variant of a `source_width` × `source_height`
/// image: the aspect ratio kept, rounded, at least 1.
pub(crate) fn height_for(width: u32, source_width: u32, source_height: u32) -> u32 {
    let h = (u64::from(source_height) * u64::from(width) * 2 + u64::from(source_width)) / (2 * u64::from(source_width));
    u32::try_from(h.max(1)).unwrap_or(u32::MAX)
}

/// Every variant of an image: the [`MODERN`] files, widths ascending, then
/// the JPEGs, widths ascending.
/// `has_alpha`: whether any pixel is not opaque.
pub(crate) fn encode_ladder(image: &RgbaImage, has_alpha: bool) -> Result<Vec<Encoded>, ImageError> {
    let widths = ladder_widths(image.width());
    // The widest step from the original, the others from that one: one
    // pass over a large original instead of one per step.
    let widest = match widths.last() {
        Some(&w) if w != image.width() => resize(image, w, height_for(w, image.width(), image.height()), has_alpha),
        _ => image.clone(),
    };
    let mut modern = Vec::new();
    let mut jpegs = Vec::new();
    for width in widths {
        let resized;
        let step = if width == widest.width() {
            &widest
        } else {
            resized = resize(
                &widest,
                width,
                height_for(width, image.width(), image.height()),
                has_alpha,
            );
            &resized
        };
        modern.push(Encoded {
            bytes: encode_modern(MODERN, step, MODERN.quality())?,
            media_type: MODERN.media_type(),
            extension: MODERN.extension(),
            width: step.width(),
            height: step.height(),
        });
        jpegs.push(Encoded {
            bytes: jpeg_within(step, has_alpha, PREVIEW_MAX_BYTES)?,
            media_type: "image/jpeg",
            extension: "jpg",
            width: step.width(),
            height: step.height(),
        });
    }
    modern.extend(jpegs);
    Ok(modern)
}

/// Resizes with Lanczos3. `image`'s filter expects premultiplied alpha:
/// with transparency, the pixels are premultiplied in floating point
/// first (so transparent pixels' colours do not bleed into the edges).
fn resize(image: &RgbaImage, width: u32, height: u32, has_alpha: bool) -> RgbaImage {
    if !has_alpha {
        return DynamicImage::ImageRgba8(image.clone())
            .resize_exact(width, height, FilterType::Lanczos3)
            .into_rgba8();
    }
    let mut linear = DynamicImage::ImageRgba8(image.clone()).into_rgba32f();
    for p in linear.pixels_mut() {
        let a = p.0[3];
        p.0[0] *= a;
        p.0[1] *= a;
        p.0[2] *= a;
    }
    let mut resized = DynamicImage::ImageRgba32F(linear)
        .resize_exact(width, height, FilterType::Lanczos3)
        .into_rgba32f();
    for p in resized.pixels_mut() {
        let a = p.0[3].clamp(0.0, 1.0);
        p.0[3] = a;
        for c in &mut p.0[..3] {
            *c = if a > 0.0 { (*c / a).clamp(0.0, 1.0) } else { 0.0 };
        }
    }
    DynamicImage::ImageRgba32F(resized).into_rgba8()
}

/// AVIF at `speed` (rav1e: 1 slow – 10 fast): [`encode_modern`] uses
/// [`AVIF_SPEED`]; the bench measures other speeds with the same settings.
pub fn encode_avif(image: &RgbaImage, quality: f32, speed: u8) -> Result<Vec<u8>, ImageError> {
    let pixels: Vec<ravif::RGBA8> = image.pixels().map(|p| ravif::RGBA8::new(p.0[0], p.0[1], p.0[2], p.0[3])).collect();
    let img = ravif::Img::new(
        pixels.as_slice(),
        usize::try_from(image.width()).unwrap_or(usize::MAX),
        usize::try_from(image.height()).unwrap_or(usize::MAX),
    );
    ravif::Encoder::new()
        // ravif panics outside 1..=100.
        .with_quality(quality.clamp(1.0, 100.0))
        .with_alpha_quality(quality.clamp(1.0, 100.0))
        .with_speed(speed)
        // Colour under fully transparent pixels is free to change: smaller files.
        .with_alpha_color_mode(ravif::AlphaColorMode::UnassociatedClean)
        .encode_rgba(img)
        .map(|encoded| encoded.avif_file)
        .map_err(|e| ImageError::Corrupt(format!("AVIF encoding failed: {}", e)))
}

/// Encodes pixels in a modern format at `quality` (the format's own scale:
/// ravif's 1–100, libwebp's 0–100). Alpha is kept when there is any.
pub fn encode_modern(format: ModernFormat, image: &RgbaImage, quality: f32) -> Result<Vec<u8>, ImageError> {
    match format {
        ModernFormat::Avif => encode_avif(image, quality, AVIF_SPEED),
        ModernFormat::Webp => {
            let mut config = webp::WebPConfig::new()
                .map_err(|()| ImageError::Corrupt("libwebp refused its configuration".into()))?;
            config.quality = quality.clamp(0.0, 100.0);
            config.method = WEBP_METHOD;
            config.lossless = 0;
            config.alpha_compression = 1;
            let encoder = webp::Encoder::from_rgba(image.as_raw(), image.width(), image.height());
            encoder
                .encode_advanced(&config)
                .map(|memory| memory.to_vec())
                .map_err(|e| ImageError::Corrupt(format!("WebP encoding failed: {:?}", e)))
        }
    }
}

/// Encodes pixels as a progressive JPEG with optimized Huffman tables
/// (`jpeg-encoder`: 21 % fewer bytes than `image`'s baseline encoder at
/// quality 80 on a 1200 × 800 test picture); transparency is laid on white.
pub fn encode_jpeg(image: &RgbaImage, quality: u8) -> Result<Vec<u8>, ImageError> {
    let has_alpha = image.as_raw().iter().skip(3).step_by(4).any(|&a| a != 255);
    jpeg(image, quality, has_alpha)
}

fn jpeg(image: &RgbaImage, quality: u8, has_alpha: bool) -> Result<Vec<u8>, ImageError> {
    let too_big = || {
        ImageError::Unsupported(format!(
            "a {} × {} JPEG (65 535 pixels at most a side)",
            image.width(),
            image.height()
        ))
    };
    let width = u16::try_from(image.width()).map_err(|_| too_big())?;
    let height = u16::try_from(image.height()).map_err(|_| too_big())?;
    // Opaque pixels go in as they are (the encoder ignores the alpha
    // byte): a per-pixel loop here is unoptimised in the dev profile.
    let flattened;
    let (data, color_type) = if has_alpha {
        flattened = over_white(image);
        (flattened.as_slice(), jpeg_encoder::ColorType::Rgb)
    } else {
        (image.as_raw().as_slice(), jpeg_encoder::ColorType::Rgba)
    };
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
    encoder.set_progressive(true);
    encoder.set_optimized_huffman_tables(true);
    encoder
        .encode(data, width, height, color_type)
        .map_err(|e| ImageError::Corrupt(format!("JPEG encoding failed: {}", e)))?;
    Ok(out)
}

/// RGB bytes of the pixels laid on white.
fn over_white(image: &RgbaImage) -> Vec<u8> {
    image
        .pixels()
        .flat_map(|p| {
            let [r, g, b, a] = p.0;
            let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a)) + 127) / 255) as u8;
            [over(r), over(g), over(b)]
        })
        .collect()
}

/// The JPEG at [`JPEG_QUALITY`], or at lower qualities step by step until
/// it weighs at most `max_bytes` (the link preview's budget).
fn jpeg_within(image: &RgbaImage, has_alpha: bool, max_bytes: usize) -> Result<Vec<u8>, ImageError> {
    let mut quality = JPEG_QUALITY;
    loop {
        let bytes = jpeg(image, quality, has_alpha)?;
        if bytes.len() <= max_bytes || quality <= JPEG_QUALITY_FLOOR {
            return Ok(bytes);
        }
        quality = quality.saturating_sub(JPEG_QUALITY_STEP).max(JPEG_QUALITY_FLOOR);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::fixtures;

    #[test]
    fn the_ladder_never_upscales_and_never_is_empty() {
        let check = |width: u32, expected: &[u32]| assert_eq!(ladder_widths(width), expected, "width {}", width);
        check(100, &[100]);
        check(1, &[1]);
        check(160, &[160]);
        check(500, &[160, 240, 320, 480]);
        check(760, &[160, 240, 320, 480, 760]);
        check(800, &[160, 240, 320, 480, 760]);
        check(900, &[160, 240, 320, 480, 760, 900]);
        check(1000, &[160, 240, 320, 480, 760, 1000]);
        check(1250, &[160, 240, 320, 480, 760, 1200]);
        check(4032, &[160, 240, 320, 480, 760, 1200]);
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        let check = |w, sw, sh, expected| assert_eq!(height_for(w, sw, sh), expected, "{} of {}×{}", w, sw, sh);
        check(160, 4032, 3024, 120);
        check(320, 500, 333, 213); // 213.1
        check(160, 500, 333, 107); // 106.56
        check(160, 10_000, 10, 1); // never 0
        check(1200, 1200, 80_000, 80_000);
    }

    #[test]
    fn resizing_keeps_transparent_colours_out_of_the_edges() {
        // Opaque white beside fully transparent black: the edge of a
        // downscaled logo must stay white, not grey.
        let img = RgbaImage::from_fn(64, 8, |x, _| {
            if x < 32 {
                image::Rgba([255, 255, 255, 255])
            } else {
                image::Rgba([0, 0, 0, 0])
            }
        });
        let small = resize(&img, 16, 2, true);
        for x in 0..16 {
            let [r, g, b, a] = small.get_pixel(x, 0).0;
            if a > 16 {
                assert!(r > 240 && g > 240 && b > 240, "x {}: {:?}", x, (r, g, b, a));
            }
        }
        assert_eq!(small.get_pixel(2, 0).0[3], 255);
        assert_eq!(small.get_pixel(13, 0).0[3], 0);
        assert_eq!(resize(&img, 16, 2, false).dimensions(), (16, 2));
    }

    #[test]
    fn a_heavy_jpeg_is_brought_under_the_budget() {
        let noise = fixtures::noise(400, 300, 7);
        let full = encode_jpeg(&noise, JPEG_QUALITY).unwrap();
        let budget = full.len() * 2 / 3;
        let fitted = jpeg_within(&noise, false, budget).unwrap();
        assert!(fitted.len() <= budget, "{} > {}", fitted.len(), budget);
        assert!(image::load_from_memory(&fitted).is_ok());
    }

    #[test]
    fn transparency_is_kept_in_the_modern_formats_and_laid_on_white_in_jpeg() {
        let mut img = RgbaImage::from_pixel(32, 16, image::Rgba([200, 30, 30, 255]));
        for x in 0..16 {
            for y in 0..16 {
                img.put_pixel(x, y, image::Rgba([0, 0, 0, 0]));
            }
        }
        let webp = encode_modern(ModernFormat::Webp, &img, 90.0).unwrap();
        let back = image::load_from_memory(&webp).unwrap().into_rgba8();
        assert_eq!(back.get_pixel(4, 4).0[3], 0);
        assert_eq!(back.get_pixel(28, 8).0[3], 255);
        let avif = encode_modern(ModernFormat::Avif, &img, 90.0).unwrap();
        let meta = fixtures::iso_boxes(&avif)
            .into_iter()
            .find(|(kind, _)| kind == "meta")
            .unwrap()
            .1;
        assert!(fixtures::contains(&meta, b"auxC"), "an alpha plane");
        let jpeg = image::load_from_memory(&encode_jpeg(&img, 90).unwrap())
            .unwrap()
            .into_rgb8();
        let [r, g, b] = jpeg.get_pixel(4, 4).0;
        assert!(r > 245 && g > 245 && b > 245, "{:?}", (r, g, b));
    }
}
