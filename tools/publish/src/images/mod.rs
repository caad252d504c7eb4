//! The images of a published site, from an editor's original to the files
//! a page's `<picture>` lists: decoding with limits ([`decode`]), the
//! ladder of widths and the encoders ([`encode`]), SVG passed through
//! ([`svg`]), and the cache of what is already done ([`cache`]).
//!
//! - An original is sniffed from its bytes (never its name): JPEG, PNG,
//!   WebP and GIF (the first frame) are decoded; SVG is passed through as
//!   it is, never rasterised or inlined; anything else is refused.
//! - Limits come first: bytes before anything else, then the pixels the
//!   header declares, before a pixel buffer exists, so a 50 000 × 50 000
//!   PNG of a few kB is refused at once. A truncated or lying file is an
//!   error, never a panic and never a half-grey picture.
//! - EXIF orientation is applied; an ICC profile (Display P3 from phones)
//!   is converted to sRGB with `moxcms`, so outputs carry no profile and
//!   look the same everywhere.
//! - Outputs carry no metadata at all: no EXIF, GPS, XMP, comment,
//!   thumbnail or profile (the encoders are given pixels only).
//! - Each width of [`LADDER`] up to the image's own is encoded in the
//!   [`MODERN`] format and as a JPEG fallback; names hold the hash of
//!   the file's bytes, so a name changes when, and only when, the bytes do.
//! - [`ImageCache`] keys the work by the hash of the original, so a
//!   republish re-encodes nothing; [`process_all`] spreads originals over
//!   the cores.

mod cache;
mod decode;
mod encode;
mod svg;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod process_tests;

use std::fmt;

pub use cache::{process_all, ImageCache};
pub use encode::{encode_avif, encode_jpeg, encode_modern, ModernFormat};
pub use svg::render_svg_png;

/// The widths, in pixels, of the variants of an image, matched to the
/// layout (style/components.css, layout.css; `ban_tin::picture::sizes`):
/// list thumbnails are 8rem (128 px) on phones and 14rem (224 px) from
/// 40rem up: 160 and 240 at 1×, 320 and 480 at 2×; the article column is
/// 100vw − 2rem on phones (328–380 px for 360–412 px screens) and 46rem
/// (736 px) on a desktop: 760 covers a phone at 2× and a desktop at 1×,
/// 1200 a desktop at 1.25× to 1.5× and every phone at 2.6× to 3× (and is
/// the link preview). An image narrower than a step gets no variant above
/// its own width (never upscaled), but always at least one: its own width
/// when it is narrower than the first.
pub const LADDER: &[u32] = &[160, 240, 320, 480, 760, 1200];

/// The width of the link preview (`og:image`): the JPEG of this width.
pub const PREVIEW_WIDTH: u32 = 1200;

/// What a link preview may weigh: some sharers (WhatsApp, Zalo) drop
/// heavier previews. Every JPEG variant is re-encoded at a lower quality,
/// step by step, until it fits.
pub const PREVIEW_MAX_BYTES: usize = 300 * 1024;

/// The modern format shipped: AVIF, which `make bench --only
/// image-formats` measured against WebP on seven camera photographs at
/// 760 px (docs/PERFORMANCE.md, "Images"): at the SSIM of the JPEG
/// fallback (q80), AVIF needs 59 % of the JPEG's bytes, WebP 71 %.
pub const MODERN: ModernFormat = ModernFormat::Avif;

/// AVIF quality (ravif's 1–100 scale; 10-bit colour) and rav1e speed
/// (1 slow – 10 fast). The quality is the one that reaches the JPEG
/// fallback's SSIM (median q79 over the seven photographs; q80 reaches it
/// on average, mean SSIM 0.967 against JPEG q80's 0.966, at 64 % of its
/// bytes), so a reader sees the same quality in either format; q60, the
/// first setting, was visibly softer (SSIM 0.941). Speed 8 rather than 10:
/// at equal SSIM, speed 10 costs 27 % more bytes (75 % of JPEG's against
/// 59 %) for 2.5× the encoding speed (0.37 against 0.93 megapixels per
/// second per core): bytes are paid by every reader, encoding once.
pub const AVIF_QUALITY: f32 = 80.0;
pub const AVIF_SPEED: u8 = 8;

/// WebP quality (libwebp's 0–100) and method (0 fast – 6 small); 4 is
/// libwebp's own default balance.
pub const WEBP_QUALITY: f32 = 75.0;
pub const WEBP_METHOD: i32 = 4;

/// JPEG fallback quality: 80 is the usual web compromise; progressive
/// with optimized Huffman tables.
pub const JPEG_QUALITY: u8 = 80;

/// How a JPEG heavier than [`PREVIEW_MAX_BYTES`] is brought down: this
/// much less quality per try, never below the floor (then it is kept as
/// it is; a 1200 px JPEG at quality 30 of a real photograph is far under
/// the budget).
pub const JPEG_QUALITY_STEP: u8 = 10;
pub const JPEG_QUALITY_FLOOR: u8 = 30;

/// Everything that changes the files made from an original: a cache
/// record written under another version is redone. A test checks it
/// against the constants above, so it cannot drift.
pub const ENCODER_VERSION: &str =
    "images/4 ladder=160,240,320,480,760,1200+own modern=avif avif=q80s8d10 webp=q75m4 jpeg=q80po preview=1200/307200/-10/30 srgb lanczos3-chained";

/// What an original may be. The defaults: 50 MiB is above any camera's
/// JPEG and any sane screenshot PNG, and bounds what one read holds in
/// memory; 100 megapixels is above every phone's and camera's default
/// output (12–50 MP) while a decoded image stays at 400 MB (RGBA), so the
/// two cores decoding at once stay under a gigabyte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 50 * 1024 * 1024,
            max_pixels: 100_000_000,
        }
    }
}

/// One file made from an original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// `<16 lower-hex chars of the SHA-256 of this file's bytes>-<width>.<ext>`,
    /// or `<hash>.svg` for an SVG.
    pub name: String,
    /// `image/avif`, `image/webp`, `image/jpeg`, `image/png` or `image/svg+xml`.
    pub media_type: &'static str,
    /// Pixels; 0 for an SVG whose root gives no plain size (no numeric
    /// `width`/`height`, no `viewBox`).
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

/// What an original became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Processed {
    /// The SHA-256 of the original's bytes, 64 lower-hex chars.
    pub original_sha256: String,
    /// The modern format first, widths ascending; then the JPEGs, widths
    /// ascending (the last JPEG is the link preview). An SVG has one.
    pub variants: Vec<Variant>,
}

impl Processed {
    /// The JPEG for link previews: the widest JPEG (the 1200 px one when
    /// the original is that wide). None for an SVG.
    pub fn preview(&self) -> Option<&Variant> {
        self.variants
            .iter()
            .filter(|v| v.media_type == "image/jpeg")
            .max_by_key(|v| v.width)
    }
}

/// Why an original gave no variants. The messages go in the run's
/// warnings, next to the article and the image's URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageError {
    TooManyBytes {
        bytes: u64,
        max_bytes: u64,
    },
    TooManyPixels {
        width: u32,
        height: u32,
    },
    /// Not an image format at all (HTML, a PDF, random bytes).
    NotAnImage,
    /// An image format the publisher does not decode (TIFF, HEIC, AVIF…).
    Unsupported(String),
    /// The file claims to be an image but is truncated or malformed.
    Corrupt(String),
    /// The cache folder could not be read or written.
    Io(String),
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::TooManyBytes { bytes, max_bytes } => write!(
                f,
                "the image file is {} bytes, more than the {} bytes an image may have",
                bytes, max_bytes
            ),
            ImageError::TooManyPixels { width, height } => write!(
                f,
                "the image says it is {} × {} pixels ({:.1} megapixels), more than an image may have",
                width,
                height,
                (*width as f64) * (*height as f64) / 1e6
            ),
            ImageError::NotAnImage => {
                write!(f, "the file is not an image (not JPEG, PNG, WebP, GIF or SVG)")
            }
            ImageError::Unsupported(what) => write!(
                f,
                "the image is {}, which is not published (use JPEG, PNG, WebP, GIF or SVG)",
                what
            ),
            ImageError::Corrupt(why) => write!(f, "the image is damaged or truncated: {}", why),
            ImageError::Io(why) => write!(f, "the image cache failed: {}", why),
        }
    }
}

impl std::error::Error for ImageError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoder_version_names_every_setting() {
        let ladder: Vec<String> = LADDER.iter().map(u32::to_string).collect();
        let modern = match MODERN {
            ModernFormat::Avif => "avif",
            ModernFormat::Webp => "webp",
        };
        let expected = format!(
            "images/4 ladder={}+own modern={} avif=q{}s{}d10 webp=q{}m{} jpeg=q{}po preview={}/{}/-{}/{} srgb lanczos3-chained",
            ladder.join(","),
            modern,
            AVIF_QUALITY,
            AVIF_SPEED,
            WEBP_QUALITY,
            WEBP_METHOD,
            JPEG_QUALITY,
            PREVIEW_WIDTH,
            PREVIEW_MAX_BYTES,
            JPEG_QUALITY_STEP,
            JPEG_QUALITY_FLOOR
        );
        assert_eq!(ENCODER_VERSION, expected);
    }

    #[test]
    fn messages_are_plain_english() {
        let e = ImageError::TooManyPixels {
            width: 50_000,
            height: 50_000,
        };
        assert_eq!(
            e.to_string(),
            "the image says it is 50000 × 50000 pixels (2500.0 megapixels), more than an image may have"
        );
        assert!(ImageError::NotAnImage.to_string().contains("not an image"));
    }
}
