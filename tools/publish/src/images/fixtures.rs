//! Test originals made in code: pictures with a marked corner, JPEGs
//! carrying the metadata cameras and editors leave (EXIF with orientation
//! and a GPS IFD, XMP, a comment, Photoshop's APP13, an ICC profile), a
//! PNG whose header lies about its size, a two-frame GIF; and readers of
//! what the outputs carry.

use std::io::Cursor;

use image::{ImageFormat, Rgba, RgbaImage};

/// A smooth gradient: compresses like a photograph's sky.
pub fn gradient(width: u32, height: u32) -> RgbaImage {
    RgbaImage::from_fn(width, height, |x, y| {
        Rgba([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            128,
            255,
        ])
    })
}

/// Noise: compresses badly, like foliage.
pub fn noise(width: u32, height: u32, seed: u32) -> RgbaImage {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    RgbaImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [a, b, c, _] = state.to_le_bytes();
        Rgba([a, b, c, 255])
    })
}

pub const MARK: [u8; 3] = [220, 20, 20];
pub const GROUND: [u8; 3] = [20, 40, 200];

/// A `width` × `height` blue picture with a red block in its top left
/// corner, a quarter of the height square: where it ends up tells the
/// orientation applied.
pub fn marked(width: u32, height: u32) -> RgbaImage {
    let block = height / 2;
    RgbaImage::from_fn(width, height, |x, y| {
        let [r, g, b] = if x < block && y < block { MARK } else { GROUND };
        Rgba([r, g, b, 255])
    })
}

pub fn png(image: &RgbaImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A JPEG of `image` (quality 95, `image`'s own encoder: not the code
/// under test) with `segments` (whole marker segments) right after SOI.
pub fn jpeg(image: &RgbaImage, segments: &[Vec<u8>]) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 95)
        .encode_image(&image::DynamicImage::ImageRgba8(image.clone()).into_rgb8())
        .unwrap();
    let mut out = plain[..2].to_vec();
    for segment in segments {
        out.extend_from_slice(segment);
    }
    out.extend_from_slice(&plain[2..]);
    out
}

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// An EXIF APP1 (big-endian TIFF) with Orientation = `orientation`, and
/// with a GPS IFD (latitude 21° N, the "GPS" of a phone) when `gps`.
pub fn exif(orientation: u16, gps: bool) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    let entries: u16 = if gps { 2 } else { 1 };
    tiff.extend_from_slice(&entries.to_be_bytes());
    // Orientation: SHORT, 1 value, left-justified in the 4 bytes.
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    let gps_at = 8 + 2 + 12 * u32::from(entries) + 4;
    if gps {
        // GPSInfo: LONG offset of the GPS IFD.
        tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1]);
        tiff.extend_from_slice(&gps_at.to_be_bytes());
    }
    tiff.extend_from_slice(&[0, 0, 0, 0]); // no IFD1
    if gps {
        tiff.extend_from_slice(&[0, 2]);
        // GPSLatitudeRef "N"; GPSProcessingMethod "ASCII\0\0\0GPS" (8 bytes + 3) at an offset.
        tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        let method_at = gps_at + 2 + 24 + 4;
        tiff.extend_from_slice(&[0, 0x1B, 0, 7, 0, 0, 0, 11]);
        tiff.extend_from_slice(&method_at.to_be_bytes());
        tiff.extend_from_slice(&[0, 0, 0, 0]);
        tiff.extend_from_slice(b"ASCII\0\0\0GPS");
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    segment(0xE1, &payload)
}

pub fn xmp() -> Vec<u8> {
    let mut payload = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    payload.extend_from_slice(
        br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="21,1.5N"/></rdf:RDF></x:xmpmeta>"#,
    );
    segment(0xE1, &payload)
}

pub fn comment(text: &str) -> Vec<u8> {
    segment(0xFE, text.as_bytes())
}

pub fn photoshop() -> Vec<u8> {
    segment(
        0xED,
        b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x0b\x1c\x02\x78\0\x05Hanoi",
    )
}

pub fn icc(profile: &[u8]) -> Vec<u8> {
    let mut payload = b"ICC_PROFILE\0\x01\x01".to_vec();
    payload.extend_from_slice(profile);
    segment(0xE2, &payload)
}

/// A PNG whose header says `width` × `height` (RGBA), with a little real
/// compressed data after it: a few kB that would need gigabytes.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    // The IDAT of a real, small, all-zero PNG: valid zlib.
    let small = png(&RgbaImage::new(256, 256));
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    out.extend_from_slice(&chunk(b"IHDR", &ihdr));
    for (kind, data) in png_chunks(&small) {
        if &kind == b"IDAT" {
            out.extend_from_slice(&chunk(&kind, &data));
        }
    }
    out.extend_from_slice(&chunk(b"IEND", &[]));
    out
}

fn png_chunks(png: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    let mut chunks = Vec::new();
    let mut i = 8;
    while i + 8 <= png.len() {
        let len = u32::from_be_bytes(png[i..i + 4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = png[i + 4..i + 8].try_into().unwrap();
        chunks.push((kind, png[i + 8..i + 8 + len].to_vec()));
        i += 12 + len;
    }
    chunks
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A 40 × 30 GIF of two frames: red, then blue.
pub fn gif_two_frames() -> Vec<u8> {
    use image::codecs::gif::GifEncoder;
    use image::{Delay, Frame};
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut out);
        for colour in [[255, 0, 0, 255], [0, 0, 255, 255]] {
            let frame = Frame::from_parts(
                RgbaImage::from_pixel(40, 30, Rgba(colour)),
                0,
                0,
                Delay::from_numer_denom_ms(100, 1),
            );
            encoder.encode_frame(frame).unwrap();
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A JPEG's marker segments before its first scan: (marker, payload).
pub fn jpeg_segments(jpeg: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut segments = Vec::new();
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xFF {
        let marker = jpeg[i + 1];
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        segments.push((marker, jpeg[i + 4..i + 2 + len].to_vec()));
        if marker == 0xDA {
            break;
        }
        i += 2 + len;
    }
    segments
}

/// The top-level ISO-BMFF boxes of a file (AVIF): (type, whole box).
pub fn iso_boxes(file: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut boxes = Vec::new();
    let mut i = 0;
    while i + 8 <= file.len() {
        let size = u32::from_be_bytes(file[i..i + 4].try_into().unwrap()) as usize;
        let kind = String::from_utf8_lossy(&file[i + 4..i + 8]).into_owned();
        let size = if size == 0 { file.len() - i } else { size };
        boxes.push((kind, file[i..(i + size).min(file.len())].to_vec()));
        i += size.max(8);
    }
    boxes
}

/// The chunk types of a WebP (RIFF) file.
pub fn riff_chunks(file: &[u8]) -> Vec<String> {
    let mut kinds = Vec::new();
    let mut i = 12;
    while i + 8 <= file.len() {
        kinds.push(String::from_utf8_lossy(&file[i..i + 4]).into_owned());
        let size = u32::from_le_bytes(file[i + 4..i + 8].try_into().unwrap()) as usize;
        i += 8 + size + size % 2;
    }
    kinds
}
