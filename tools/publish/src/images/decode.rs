//! From an original's bytes to upright sRGB pixels: the format sniffed
//! from the bytes, the limits checked against the header before any pixel
//! buffer exists, the EXIF orientation applied and an ICC profile
//! converted to sRGB. Pure: bytes in, pixels or an [`ImageError`] out.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbaImage};

use super::{ImageError, Limits};

/// What the bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sniffed {
    Svg,
    Raster(ImageFormat),
}

/// The format from the first bytes. A `.jpg` that holds PNG bytes is a
/// PNG; HTML or random bytes are [`ImageError::NotAnImage`].
pub(crate) fn sniff(bytes: &[u8]) -> Result<Sniffed, ImageError> {
    if super::svg::is_svg(bytes) {
        return Ok(Sniffed::Svg);
    }
    // HEIF (iPhones' default) is not known to `image`: name it, so the
    // warning tells the editor what to do.
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"]
            .iter()
            .any(|b| brand == *b)
        {
            return Err(ImageError::Unsupported("HEIF/HEIC".into()));
        }
    }
    match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP)) => {
            Ok(Sniffed::Raster(format))
        }
        Ok(other) => Err(ImageError::Unsupported(format!("{:?}", other).to_uppercase())),
        Err(_) => Err(ImageError::NotAnImage),
    }
}

/// Upright sRGB pixels, and whether any of them is not opaque.
pub(crate) struct Decoded {
    pub pixels: RgbaImage,
    pub has_alpha: bool,
}

/// Decodes a raster original into upright sRGB RGBA pixels (a GIF's or
/// animated WebP's first frame), within `limits`.
pub(crate) fn decode(bytes: &[u8], format: ImageFormat, limits: &Limits) -> Result<Decoded, ImageError> {
    let name = format_name(format);
    // The header alone: no pixel buffer yet.
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| from_image_error(name, e))?;
    if width == 0 || height == 0 {
        return Err(ImageError::Corrupt(format!(
            "the {} header says the image is {} × {}",
            name, width, height
        )));
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ImageError::TooManyPixels { width, height });
    }
    // zune-jpeg fills a truncated scan with grey rather than failing: a
    // half-grey photograph must not be published, so the scan must end.
    if format == ImageFormat::Jpeg && !jpeg_has_end(bytes) {
        return Err(ImageError::Corrupt(
            "the JPEG file ends before its image data does (truncated)".into(),
        ));
    }

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(decoder_limits(limits));
    let mut decoder = reader.into_decoder().map_err(|e| from_image_error(name, e))?;
    // Metadata that cannot be read is as if absent: the pixels decide.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => ImageError::TooManyPixels { width, height },
        e => from_image_error(name, e),
    })?;
    image.apply_orientation(orientation);
    // A JPEG has no alpha channel: no need to look at every pixel.
    let may_have_alpha = image.color().has_alpha();
    let mut pixels = image.into_rgba8();
    if let Some(icc) = icc {
        to_srgb(&mut pixels, &icc);
    }
    let has_alpha = may_have_alpha && pixels.as_raw().iter().skip(3).step_by(4).any(|&a| a != 255);
    Ok(Decoded { pixels, has_alpha })
}

/// The decoders' own limits, behind our check of the header: one side may
/// be as long as the pixel budget, and no allocation may exceed 8 bytes a
/// pixel (16-bit RGBA) of it.
fn decoder_limits(limits: &Limits) -> image::Limits {
    let side = u32::try_from(limits.max_pixels).unwrap_or(u32::MAX);
    let mut l = image::Limits::default();
    l.max_image_width = Some(side);
    l.max_image_height = Some(side);
    l.max_alloc = Some(limits.max_pixels.saturating_mul(8).saturating_add(16 * 1024 * 1024));
    l
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::Gif => "GIF",
        ImageFormat::WebP => "WebP",
        _ => "image",
    }
}

fn from_image_error(name: &str, e: image::ImageError) -> ImageError {
    match e {
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            ImageError::Corrupt(format!("the {} file ends early (truncated)", name))
        }
        image::ImageError::Unsupported(u) => {
            ImageError::Unsupported(format!("a kind of {} not supported ({})", name, u))
        }
        image::ImageError::Limits(l) => {
            ImageError::Corrupt(format!("the {} file asks for too much memory ({})", name, l))
        }
        e => ImageError::Corrupt(format!("{}: {}", name, e)),
    }
}

/// Converts pixels described by an ICC profile to sRGB in place. A profile
/// that cannot be read, or that is not RGB (a CMYK JPEG's, a grey one),
/// is ignored: the pixels are then taken as sRGB, what browsers do with
/// an untagged image.
fn to_srgb(rgba: &mut RgbaImage, icc: &[u8]) {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Ok(source) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    if source.color_space != DataColorSpace::Rgb {
        return;
    }
    let srgb = ColorProfile::new_srgb();
    let Ok(transform) = source.create_transform_8bit(Layout::Rgba, &srgb, Layout::Rgba, TransformOptions::default())
    else {
        return;
    };
    let mut out = vec![0u8; rgba.as_raw().len()];
    if transform.transform(rgba.as_raw(), &mut out).is_ok() {
        rgba.copy_from_slice(&out);
    }
}

/// Whether a JPEG's segments lead, through every scan, to an end-of-image
/// marker. Bytes after it (some cameras append data) do not matter.
fn jpeg_has_end(bytes: &[u8]) -> bool {
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return false;
    }
    let mut i = 2;
    while i + 1 < bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        i += 2;
        match marker {
            0xFF => i -= 1, // fill byte
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => {}
            _ => {
                let Some(len) = bytes
                    .get(i..i + 2)
                    .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
                else {
                    return false;
                };
                if len < 2 {
                    return false;
                }
                i += len;
                if i > bytes.len() {
                    return false;
                }
                if marker == 0xDA {
                    // Entropy-coded data: 0xFF is followed by 0x00 (a
                    // stuffed byte) or a restart marker inside it.
                    loop {
                        let Some(at) = bytes.get(i..).and_then(|rest| rest.iter().position(|&b| b == 0xFF)) else {
                            return false;
                        };
                        i += at;
                        match bytes.get(i + 1) {
                            None => return false,
                            Some(0x00 | 0xD0..=0xD7 | 0xFF) => i += 1,
                            Some(_) => break,
                        }
                    }
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::fixtures;

    fn check_sniff(bytes: &[u8], expected: Result<Sniffed, ImageError>) {
        assert_eq!(
            sniff(bytes),
            expected,
            "{:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(16)])
        );
    }

    #[test]
    fn formats_are_sniffed_from_bytes() {
        let img = fixtures::gradient(8, 4);
        check_sniff(&fixtures::png(&img), Ok(Sniffed::Raster(ImageFormat::Png)));
        check_sniff(&fixtures::jpeg(&img, &[]), Ok(Sniffed::Raster(ImageFormat::Jpeg)));
        check_sniff(&fixtures::gif_two_frames(), Ok(Sniffed::Raster(ImageFormat::Gif)));
        check_sniff(
            b"\xEF\xBB\xBF  <svg xmlns='http://www.w3.org/2000/svg'/>",
            Ok(Sniffed::Svg),
        );
        check_sniff(
            b"<!DOCTYPE html><html><body>404</body></html>",
            Err(ImageError::NotAnImage),
        );
        check_sniff(
            &[0x13, 0x37, 0xC0, 0xDE, 1, 2, 3, 4, 5, 6, 7, 8],
            Err(ImageError::NotAnImage),
        );
        check_sniff(
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
            Err(ImageError::Unsupported("HEIF/HEIC".into())),
        );
        check_sniff(b"II*\0\x08\0\0\0", Err(ImageError::Unsupported("TIFF".into())));
    }

    #[test]
    fn a_jpeg_must_reach_its_end_marker() {
        let full = fixtures::jpeg(&fixtures::gradient(64, 48), &[]);
        assert!(jpeg_has_end(&full));
        let mut with_trailer = full.clone();
        with_trailer.extend_from_slice(b"camera trailer data");
        assert!(jpeg_has_end(&with_trailer));
        for cut in [3, 20, full.len() / 2, full.len() - 2] {
            assert!(!jpeg_has_end(&full[..cut]), "cut at {}", cut);
        }
    }

    #[test]
    fn a_display_p3_profile_is_converted_to_srgb() {
        // sRGB's pure red is (234, 51, 35) in Display P3: tagged P3, it
        // must come out close to (255, 0, 0).
        let p3 = moxcms::ColorProfile::new_display_p3().encode().unwrap();
        let mut img = RgbaImage::from_pixel(4, 4, image::Rgba([234, 51, 35, 255]));
        to_srgb(&mut img, &p3);
        let [r, g, b, a] = img.get_pixel(1, 1).0;
        assert!(r >= 250 && g <= 8 && b <= 8 && a == 255, "{:?}", (r, g, b, a));
        // Garbage is ignored, never a panic.
        to_srgb(&mut img, b"not a profile");
    }
}
