//! `--only image-formats`: which modern format ships, and at what quality.
//!
//! Each photograph is resized to the ladder's article widths (1200 and
//! 760 px) and encoded with the publisher's own encoders
//! (`publish::images::{encode_modern, encode_jpeg}`) over a range of
//! qualities: AVIF at rav1e speed 8 (the pipeline's) and 10, WebP, JPEG.
//! Every file is decoded back and scored with SSIM against the resized
//! original. The figures are ratios to JPEG q80 (the fallback every page
//! ships) of the same picture in the same run: the bytes a format needs to
//! reach JPEG q80's SSIM (interpolated between its quality steps), the
//! bytes for a fixed SSIM, and the CPU time of encoding (MP/s per core).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use image::imageops::FilterType;
use image::{DynamicImage, RgbaImage};
use publish::images::{encode_avif, encode_jpeg, encode_modern, ModernFormat, AVIF_QUALITY, AVIF_SPEED, JPEG_QUALITY, WEBP_QUALITY};

use super::{kb, ssim, thread_cpu, Photo};

/// The ladder's article widths (`publish::images::LADDER`): what a reader
/// of an article downloads on a phone at 2× or a desktop at 1× (760): the
/// width most readers get, where the choice of format matters most.
const WIDTHS: [u32; 1] = [760];

/// A fixed, high SSIM for an article's photograph. Downscaled photographs
/// score high (JPEG q80 gives 0.99 or more on these, the usual 0.95–0.97
/// targets are under every format's lowest step), so the target sits
/// just under the fallback's.
pub const SSIM_TARGET: f64 = 0.99;

/// The fallback's quality, the reference of every ratio.
const JPEG_REFERENCE: u8 = JPEG_QUALITY;

/// The rav1e speed tried beside the pipeline's [`AVIF_SPEED`].
const AVIF_FAST: u8 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Codec {
    Avif { speed: u8 },
    Webp,
    Jpeg,
}

impl Codec {
    fn label(self) -> String {
        match self {
            Codec::Avif { speed } => format!("AVIF s{speed}"),
            Codec::Webp => "WebP".into(),
            Codec::Jpeg => "JPEG".into(),
        }
    }

    fn qualities(self) -> Vec<u8> {
        match self {
            Codec::Avif { .. } => (30..=90).step_by(5).collect(),
            Codec::Webp => (40..=95).step_by(5).collect(),
            Codec::Jpeg => (50..=95).step_by(5).collect(),
        }
    }

    /// The setting the publisher ships today.
    fn shipped(self) -> u8 {
        match self {
            Codec::Avif { .. } => AVIF_QUALITY as u8,
            Codec::Webp => WEBP_QUALITY as u8,
            Codec::Jpeg => JPEG_QUALITY,
        }
    }
}

fn codecs() -> [Codec; 4] {
    [Codec::Avif { speed: AVIF_SPEED }, Codec::Avif { speed: AVIF_FAST }, Codec::Webp, Codec::Jpeg]
}

/// One photograph at one width.
struct Case {
    photo: String,
    width: u32,
    height: u32,
    image: RgbaImage,
    luma: Vec<f32>,
}

/// One encoding of one case.
#[derive(Clone, Debug)]
struct Sample {
    case: usize,
    codec: Codec,
    quality: u8,
    bytes: usize,
    ssim: f64,
    cpu: Duration,
}

/// The height of a `width`-wide variant, rounded as the publisher rounds
/// it (`images::encode::height_for`).
fn height_for(width: u32, source_width: u32, source_height: u32) -> u32 {
    let h = (u64::from(source_height) * u64::from(width) * 2 + u64::from(source_width)) / (2 * u64::from(source_width));
    h.max(1) as u32
}

fn resize(image: &RgbaImage, width: u32, height: u32) -> RgbaImage {
    DynamicImage::ImageRgba8(image.clone()).resize_exact(width, height, FilterType::Lanczos3).into_rgba8()
}

/// The cases of one photograph: the widest from the original, the next
/// from that one, as the publisher chains them (opaque photographs: no
/// premultiplied alpha to care about).
fn cases_of(photo: &Photo) -> Result<Vec<Case>, String> {
    let original = super::open_upright(&photo.path)?.into_rgba8();
    let (w, h) = original.dimensions();
    let mut cases: Vec<Case> = Vec::new();
    for width in WIDTHS {
        let height = height_for(width, w, h);
        let image = match cases.last() {
            Some(previous) => resize(&previous.image, width, height),
            None => resize(&original, width, height),
        };
        cases.push(Case { photo: photo.name.clone(), width, height, luma: ssim::luma(&image), image });
    }
    Ok(cases)
}

fn encode(codec: Codec, image: &RgbaImage, quality: u8) -> Result<Vec<u8>, String> {
    match codec {
        Codec::Avif { speed } => encode_avif(image, f32::from(quality), speed).map_err(|e| e.to_string()),
        Codec::Webp => encode_modern(ModernFormat::Webp, image, f32::from(quality)).map_err(|e| e.to_string()),
        Codec::Jpeg => encode_jpeg(image, quality).map_err(|e| e.to_string()),
    }
}

/// The pixels of an encoded file: WebP and JPEG with `image`, AVIF with
/// `avifdec` to an 8-bit PNG in `scratch` (one folder per thread).
fn decode(codec: Codec, bytes: &[u8], avifdec: &Path, scratch: &Path) -> Result<RgbaImage, String> {
    if !matches!(codec, Codec::Avif { .. }) {
        return image::load_from_memory(bytes).map(DynamicImage::into_rgba8).map_err(|e| format!("decode {}: {e}", codec.label()));
    }
    let (input, output) = (scratch.join("x.avif"), scratch.join("x.png"));
    std::fs::write(&input, bytes).map_err(|e| format!("write {}: {e}", input.display()))?;
    let _ = std::fs::remove_file(&output);
    let result = Command::new(avifdec).args(["-d", "8"]).arg(&input).arg(&output).output().map_err(|e| format!("cannot run avifdec: {e}"))?;
    if !result.status.success() {
        return Err(format!("avifdec failed ({}): {}", result.status, String::from_utf8_lossy(&result.stderr).trim()));
    }
    image::open(&output).map(DynamicImage::into_rgba8).map_err(|e| format!("read avifdec's {}: {e}", output.display()))
}

fn measure_one(case: &Case, index: usize, codec: Codec, quality: u8, avifdec: &Path, scratch: &Path) -> Result<Sample, String> {
    let started = thread_cpu();
    let bytes = encode(codec, &case.image, quality)?;
    let cpu = thread_cpu().saturating_sub(started);
    let back = decode(codec, &bytes, avifdec, scratch)?;
    if back.dimensions() != case.image.dimensions() {
        return Err(format!("{} q{quality} of {} decoded as {:?}, not {:?}", codec.label(), case.photo, back.dimensions(), case.image.dimensions()));
    }
    let score = ssim::ssim(&case.luma, &ssim::luma(&back), case.width as usize, case.height as usize).ok_or("SSIM of a too small picture")?;
    Ok(Sample { case: index, codec, quality, bytes: bytes.len(), ssim: score, cpu })
}

/// The phase: measures, then the markdown report.
pub fn run(bench_dir: &Path, photos: &[Photo], quick: bool) -> Result<String, String> {
    let avifdec = super::ensure_avifdec()?;
    // Real photographs only: the sample's are renders (smooth gradients and
    // noise), which flatter AVIF and tell nothing about a camera's files.
    let real: Vec<&Photo> = photos.iter().filter(|photo| photo.source == super::WALLPAPERS_PACKAGE).collect();
    let photos: Vec<&Photo> = if quick { real.into_iter().take(2).collect() } else { real };
    let mut cases = Vec::new();
    for photo in &photos {
        cases.extend(cases_of(photo)?);
    }
    // The slowest jobs first, so that the two threads end together.
    let mut jobs: Vec<(usize, Codec, u8)> = Vec::new();
    for codec in codecs() {
        for (index, _) in cases.iter().enumerate() {
            for quality in codec.qualities() {
                jobs.push((index, codec, quality));
            }
        }
    }
    jobs.sort_by_key(|(index, codec, _)| (*codec, std::cmp::Reverse(cases[*index].width)));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len());
    eprintln!("bench: {} photographs, {} cases, {} encodings on {threads} threads", photos.len(), cases.len(), jobs.len());
    let next = AtomicUsize::new(0);
    let samples = Mutex::new(Vec::new());
    let failure: Mutex<Option<String>> = Mutex::new(None);
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        for thread in 0..threads {
            let (jobs, cases, next, samples, failure, avifdec) = (&jobs, &cases, &next, &samples, &failure, &avifdec);
            let scratch: PathBuf = bench_dir.join(format!("image-formats-tmp/{thread}"));
            scope.spawn(move || {
                if let Err(e) = std::fs::create_dir_all(&scratch) {
                    *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(format!("create {}: {e}", scratch.display()));
                    return;
                }
                loop {
                    let at = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&(index, codec, quality)) = jobs.get(at) else { break };
                    if failure.lock().unwrap_or_else(|p| p.into_inner()).is_some() {
                        break;
                    }
                    match measure_one(&cases[index], index, codec, quality, avifdec, &scratch) {
                        Ok(sample) => samples.lock().unwrap_or_else(|p| p.into_inner()).push(sample),
                        Err(e) => *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e),
                    }
                    if (at + 1) % 50 == 0 {
                        eprintln!("bench: {} of {} encodings ({:.0} s)", at + 1, jobs.len(), started.elapsed().as_secs_f64());
                    }
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(bench_dir.join("image-formats-tmp"));
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    let samples = samples.into_inner().unwrap_or_else(|p| p.into_inner());
    write_raw(&bench_dir.join("image-formats.json"), &cases, &samples);
    eprintln!("bench: image formats measured in {:.0} s", started.elapsed().as_secs_f64());
    Ok(report(&photos, &cases, &samples))
}

fn write_raw(path: &Path, cases: &[Case], samples: &[Sample]) {
    let raw: Vec<serde_json::Value> = samples
        .iter()
        .map(|s| {
            serde_json::json!({ "photo": cases[s.case].photo, "width": cases[s.case].width, "codec": s.codec.label(), "quality": s.quality,
                "bytes": s.bytes, "ssim": s.ssim, "cpu_s": s.cpu.as_secs_f64() })
        })
        .collect();
    let _ = std::fs::write(path, serde_json::to_string_pretty(&raw).unwrap_or_default());
}

/// A codec's (quality, bytes, ssim) on one case, qualities ascending.
fn curve(samples: &[Sample], case: usize, codec: Codec) -> Vec<(u8, f64, f64)> {
    let mut points: Vec<(u8, f64, f64)> = samples.iter().filter(|s| s.case == case && s.codec == codec).map(|s| (s.quality, s.bytes as f64, s.ssim)).collect();
    points.sort_by_key(|p| p.0);
    points
}

/// Where a curve first reaches `target`: (quality, bytes), linear between
/// the two steps around it; `None` when even the best quality stays under
/// it. At or above the target at the lowest quality: that step (an upper
/// bound, flagged).
fn reach(points: &[(u8, f64, f64)], target: f64) -> Option<(f64, f64, bool)> {
    let first = points.first()?;
    if first.2 >= target {
        return Some((f64::from(first.0), first.1, true));
    }
    points.windows(2).find(|w| w[0].2 < target && w[1].2 >= target).map(|w| {
        let t = (target - w[0].2) / (w[1].2 - w[0].2);
        (f64::from(w[0].0) + t * f64::from(w[1].0 - w[0].0), w[0].1 + t * (w[1].1 - w[0].1), false)
    })
}

fn geometric_mean(values: &[f64]) -> f64 {
    (values.iter().map(|v| v.ln()).sum::<f64>() / values.len().max(1) as f64).exp()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn percent(ratio: f64) -> String {
    format!("{:.0} %", ratio * 100.0)
}

/// Encoding speed of a codec at a quality, all cases together: megapixels
/// per CPU second.
fn speed(samples: &[Sample], cases: &[Case], codec: Codec, quality: u8) -> Option<f64> {
    let chosen: Vec<&Sample> = samples.iter().filter(|s| s.codec == codec && s.quality == quality).collect();
    let pixels: f64 = chosen.iter().map(|s| f64::from(cases[s.case].width * cases[s.case].height)).sum();
    let cpu: f64 = chosen.iter().map(|s| s.cpu.as_secs_f64()).sum();
    (cpu > 0.0).then(|| pixels / 1e6 / cpu)
}

fn report(photos: &[&Photo], cases: &[Case], samples: &[Sample]) -> String {
    let n = cases.len();
    let jpeg = |case: usize| samples.iter().find(|s| s.case == case && s.codec == Codec::Jpeg && s.quality == JPEG_REFERENCE);
    let references: Vec<(f64, f64)> = (0..n).map(|c| jpeg(c).map_or((f64::NAN, f64::NAN), |s| (s.bytes as f64, s.ssim))).collect();
    let reference_bytes: f64 = references.iter().map(|r| r.0).sum();
    let mut out = String::new();
    let list: Vec<String> = photos
        .iter()
        .map(|p| {
            let size = super::open_upright(&p.path).map(|i| format!("{} × {}", i.width(), i.height())).unwrap_or_default();
            format!("`{}` ({size}, {})", p.name, p.source)
        })
        .collect();
    out.push_str(&format!("{} photographs, each at {} px wide ({n} cases): {}.\n\n", photos.len(), WIDTHS.map(|w| w.to_string()).join(" and "), list.join(", ")));
    let mean_ref_ssim = references.iter().map(|r| r.1).sum::<f64>() / n as f64;
    out.push_str(&format!(
        "JPEG q{JPEG_REFERENCE} (the fallback) reaches SSIM {:.4} on average (from {:.4} to {:.4}) with {} per picture on average (all cases: {}).\n\n",
        mean_ref_ssim,
        references.iter().map(|r| r.1).fold(f64::INFINITY, f64::min),
        references.iter().map(|r| r.1).fold(f64::NEG_INFINITY, f64::max),
        kb(reference_bytes / n as f64),
        kb(reference_bytes)
    ));

    // Per codec: the interpolated bytes and quality at JPEG q80's SSIM and
    // at the fixed target, and the one setting that matches everywhere.
    out.push_str(&format!(
        "| Format | Bytes at JPEG q{JPEG_REFERENCE}'s SSIM, ÷ JPEG q{JPEG_REFERENCE} (geometric mean; range) | Quality there (median; range) | Lowest single quality at or above JPEG q{JPEG_REFERENCE}'s SSIM on every picture: its bytes ÷ JPEG q{JPEG_REFERENCE} | Bytes for SSIM {SSIM_TARGET}, ÷ JPEG q{JPEG_REFERENCE} (geometric mean; pictures reaching it) | Shipped setting: SSIM, bytes ÷ JPEG q{JPEG_REFERENCE} | Encoding, MP/s per core (shipped setting) |\n|---|---|---|---|---|---|---|\n"
    ));
    let mut conclusions: Vec<(String, f64, f64)> = Vec::new();
    for codec in codecs() {
        let mut ratios = Vec::new();
        let mut qualities = Vec::new();
        let mut missed = 0;
        let mut floor = 0;
        let mut target_ratios = Vec::new();
        let mut target_floor = 0;
        for (case, reference) in references.iter().enumerate() {
            let points = curve(samples, case, codec);
            match reach(&points, reference.1) {
                Some((q, bytes, lowest)) => {
                    floor += usize::from(lowest);
                    ratios.push(bytes / reference.0);
                    qualities.push(q);
                }
                None => missed += 1,
            }
            if let Some((_, bytes, lowest)) = reach(&points, SSIM_TARGET) {
                target_ratios.push(bytes / reference.0);
                target_floor += usize::from(lowest);
            }
        }
        let range = |v: &[f64], f: &dyn Fn(f64) -> String| {
            format!("{}–{}", f(v.iter().copied().fold(f64::INFINITY, f64::min)), f(v.iter().copied().fold(f64::NEG_INFINITY, f64::max)))
        };
        let at_jpeg = if ratios.is_empty() {
            "not reached".to_string()
        } else {
            let mut missed = if missed > 0 { format!("; not reached on {missed}") } else { String::new() };
            if floor > 0 {
                missed.push_str(&format!("; at the lowest quality already on {floor}, an upper bound"));
            }
            format!("**{}** ({}{missed})", percent(geometric_mean(&ratios)), range(&ratios, &|r| percent(r)))
        };
        let quality_there = if qualities.is_empty() {
            "—".into()
        } else {
            let r = range(&qualities, &|q| format!("{q:.0}"));
            format!("q{:.0} ({r})", median(&mut qualities.clone()))
        };
        // One setting for every picture, as the publisher has one.
        let single = codec.qualities().into_iter().find(|&q| {
            (0..n).all(|case| samples.iter().any(|s| s.case == case && s.codec == codec && s.quality == q && s.ssim >= references[case].1))
        });
        let total_at = |q: u8| samples.iter().filter(|s| s.codec == codec && s.quality == q).map(|s| s.bytes as f64).sum::<f64>();
        let single_text = match single {
            Some(q) => format!("q{q}: {}", percent(total_at(q) / reference_bytes)),
            None => "none in the range".into(),
        };
        let target_text = if target_ratios.is_empty() {
            "not reached".into()
        } else {
            let floor = if target_floor > 0 { format!("; already at the lowest quality on {target_floor}, an upper bound") } else { String::new() };
            format!("{} ({} of {n}{floor})", percent(geometric_mean(&target_ratios)), target_ratios.len())
        };
        let shipped = codec.shipped();
        let shipped_ssim = samples.iter().filter(|s| s.codec == codec && s.quality == shipped).map(|s| s.ssim).sum::<f64>() / n as f64;
        let shipped_text = format!("q{shipped}: {:.4}, {}", shipped_ssim, percent(total_at(shipped) / reference_bytes));
        let speed_text = speed(samples, cases, codec, shipped).map_or("—".into(), |s| format!("{s:.2}"));
        out.push_str(&format!("| {} | {at_jpeg} | {quality_there} | {single_text} | {target_text} | {shipped_text} | {speed_text} |\n", codec.label()));
        if codec != Codec::Jpeg && !ratios.is_empty() {
            conclusions.push((codec.label(), geometric_mean(&ratios), median(&mut qualities)));
        }
    }

    // The curves: every quality step, all cases together.
    out.push_str(&format!(
        "\nEvery step, all {n} cases together: total bytes ÷ JPEG q{JPEG_REFERENCE}'s total, mean SSIM, and on how many cases the SSIM is at or above JPEG q{JPEG_REFERENCE}'s.\n\n| Format | Quality | Bytes ÷ JPEG q{JPEG_REFERENCE} | Mean SSIM | ≥ JPEG q{JPEG_REFERENCE}'s SSIM | MP/s per core |\n|---|---|---|---|---|---|\n"
    ));
    for codec in codecs() {
        for q in codec.qualities() {
            let chosen: Vec<&Sample> = samples.iter().filter(|s| s.codec == codec && s.quality == q).collect();
            let bytes: f64 = chosen.iter().map(|s| s.bytes as f64).sum();
            let mean = chosen.iter().map(|s| s.ssim).sum::<f64>() / chosen.len().max(1) as f64;
            let above = chosen.iter().filter(|s| s.ssim >= references[s.case].1).count();
            let speed_text = speed(samples, cases, codec, q).map_or("—".into(), |s| format!("{s:.2}"));
            let mark = if q == codec.shipped() { " (shipped)" } else { "" };
            out.push_str(&format!("| {} | {q}{mark} | {} | {mean:.4} | {above} of {} | {speed_text} |\n", codec.label(), percent(bytes / reference_bytes), chosen.len()));
        }
    }

    conclusions.sort_by(|a, b| a.1.total_cmp(&b.1));
    let said: Vec<String> = conclusions.iter().map(|(label, ratio, q)| format!("{label} at q≈{q:.0} needs {} of JPEG q{JPEG_REFERENCE}'s bytes", percent(*ratio))).collect();
    if let Some((winner, _, _)) = conclusions.first() {
        out.push_str(&format!("\nAt the SSIM of JPEG q{JPEG_REFERENCE}, picture by picture: {}. Fewest bytes: **{winner}**.\n", said.join("; ")));
    }
    out
}
