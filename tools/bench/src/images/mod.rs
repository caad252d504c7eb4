//! The image phases, run only when named (`--only image-formats`,
//! `--only images-publish`): they take minutes of both cores and need
//! neither `dist/`'s rebuild nor the browser.
//!
//! - `image-formats` ([`formats`]): which modern format ships and at what
//!   quality: bytes at equal SSIM against the JPEG fallback, and encoding
//!   speed, on real photographs.
//! - `images-publish` ([`publish`]): publishing 1000 articles whose lead
//!   images are photographs, cold then unchanged, and one phone-size JPEG
//!   through the whole ladder.
//!
//! The photographs: Debian's `lomiri-wallpapers-16.04` (seven camera
//! photographs of 3 to 16 megapixels, JPEG: Ubuntu 16.04's wallpaper
//! contest, CC BY-SA), fetched by the bench with `apt-get download` into
//! `target/bench/` and never committed nor used by a test, plus the
//! sample's own photographs (`content/api/media/*.jpg`). Each phase prints
//! its table, writes it to `target/bench/<phase>.md`, and with
//! `--write-docs` puts both phases' latest tables in the "Images" section
//! of docs/PERFORMANCE.md.

pub mod formats;
pub mod publish;
pub mod ssim;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The phases of this module, in the order they run.
pub const PHASES: [&str; 2] = ["image-formats", "images-publish"];

/// Debian's package of wallpapers with real photographs, and the ones used
/// (its other files are drawings and patterns; `ukui-wallpapers`, tried
/// first, holds renders, which flatter every encoder).
pub(crate) const WALLPAPERS_PACKAGE: &str = "lomiri-wallpapers-16.04";
const WALLPAPERS: [&str; 7] = [
    "Bridge_by_Sander_Klootwijk.jpg",
    "Dragonfly_by_Bolly.jpg",
    "aitzgorri_by_Aitzol_Berasategi.jpg",
    "life_by_Aitzol_Berasategi.jpg",
    "picosdeeuropa_by_Aitzol_Berasategi.jpg",
    "seeding_by_Clements_Engelhardt.jpg",
    "sunset_by_Aitzol_Berasategi.jpg",
];

/// One photograph and where it comes from.
#[derive(Clone, Debug)]
pub struct Photo {
    pub name: String,
    pub source: &'static str,
    pub path: PathBuf,
}

/// Runs the image phases named in `only`; the markdown of each goes to
/// `target/bench/<phase>.md` and, with `write_docs`, into the docs.
pub fn run(root: &Path, bench_dir: &Path, only: &[String], write_docs: bool, quick: bool) -> Result<(), String> {
    let photos = photographs(root, bench_dir)?;
    let mut failed = Vec::new();
    for phase in PHASES.iter().filter(|p| only.iter().any(|o| o == *p)) {
        let load = crate::load_average().map(|l| format!("{l:.1}")).unwrap_or_else(|| "?".into());
        eprintln!("bench: {phase} (load average {load})");
        let outcome = match *phase {
            "image-formats" => formats::run(bench_dir, &photos, quick),
            _ => publish::run(root, bench_dir, &photos, quick),
        };
        match outcome {
            Ok(body) => {
                let md = format!("{}\n\n{body}", header(phase, &load, quick));
                println!("{md}");
                let path = bench_dir.join(format!("{phase}.md"));
                std::fs::write(&path, &md).map_err(|e| format!("write {}: {e}", path.display()))?;
                eprintln!("bench: written to {}", path.display());
            }
            Err(e) => {
                eprintln!("bench: {phase}: {e}");
                failed.push(format!("{phase}: {e}"));
            }
        }
    }
    if write_docs {
        write_docs_section(root, bench_dir)?;
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}

/// The commit the bench runs on (`git rev-parse --short HEAD`), "?" outside git.
pub fn head_commit() -> String {
    Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "?".into())
}

/// The line that says how and when a table was measured.
fn header(phase: &str, load: &str, quick: bool) -> String {
    let commit = crate::images::head_commit();
    let date = crate::now().format("%Y-%m-%d %H:%M UTC");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let quick = if quick { " --quick" } else { "" };
    format!(
        "`cargo run --locked --release -p bench -- --only {phase}{quick}` on {date} (commit {commit} plus the working tree; {cores} cores, load average {load} as it started; the bench's release profile, `opt-level = \"z\"`, for every crate)."
    )
}

/// The "Images" section of docs/PERFORMANCE.md: both phases' latest tables
/// (`target/bench/<phase>.md`), put in place of the section or before
/// "Missed targets". The rest of the file is left as it is.
fn write_docs_section(root: &Path, bench_dir: &Path) -> Result<(), String> {
    let docs = root.join("docs/PERFORMANCE.md");
    let old = std::fs::read_to_string(&docs).map_err(|e| format!("read {}: {e}", docs.display()))?;
    let mut section = String::from(SECTION_INTRO);
    for (phase, title) in PHASES.iter().zip(["Which modern format", "Publishing photographs"]) {
        let text = std::fs::read_to_string(bench_dir.join(format!("{phase}.md")))
            .unwrap_or_else(|_| format!("Not measured yet: `cargo run --locked --release -p bench -- --only {phase} --write-docs`."));
        section.push_str(&format!("\n### {title} (`--only {phase}`)\n\n{}\n", text.trim()));
    }
    let new = replace_section(&old, "## Images", &section);
    std::fs::write(&docs, new).map_err(|e| format!("write {}: {e}", docs.display()))?;
    eprintln!("bench: the Images section of {} rewritten", docs.display());
    Ok(())
}

const SECTION_INTRO: &str = "## Images

Written by the bench's image phases (`tools/bench/src/images/`), which run only when named: `cargo run --locked --release -p bench -- --only image-formats,images-publish --write-docs` rewrites this section and nothing else. The photographs are seven of Debian's `lomiri-wallpapers-16.04` (camera photographs of 3 to 16 megapixels, JPEG; fetched by the bench with `apt-get download` into `target/bench/`, never committed nor used by a test) and the sample's own (`content/api/media/*.jpg`). SSIM is computed on luma (BT.601) with an 11 × 11 Gaussian window (σ 1.5) against the original resized to 760 px (`image`'s Lanczos3), on the seven wallpapers only (the sample's photographs are renders); WebP and JPEG are decoded with `image`, AVIF with Debian's `avifdec` (`libavif-bin`, installed by the bench when missing). Encoding times are CPU time of the encoding thread (MP/s per core).
";

/// `old` with the section that starts at `heading` (up to the next `## `)
/// replaced by `section`; without one, `section` goes before "## Missed
/// targets", else at the end.
fn replace_section(old: &str, heading: &str, section: &str) -> String {
    let section = format!("{}\n\n", section.trim_end());
    if let Some(start) = old.find(&format!("\n{heading}\n")).map(|at| at + 1) {
        let rest = &old[start + heading.len()..];
        let end = rest.find("\n## ").map_or(old.len(), |at| start + heading.len() + at + 1);
        return format!("{}{section}{}", &old[..start], &old[end..]);
    }
    match old.find("\n## Missed targets") {
        Some(at) => format!("{}{section}{}", &old[..at + 1], &old[at + 1..]),
        None => format!("{}\n\n{section}", old.trim_end()),
    }
}

/// The photographs: the wallpapers (downloaded and extracted once into
/// `target/bench/lomiri-wallpapers-16.04/`) and the sample's JPEGs.
pub fn photographs(root: &Path, bench_dir: &Path) -> Result<Vec<Photo>, String> {
    let dir = bench_dir.join(WALLPAPERS_PACKAGE);
    let backgrounds = dir.join("usr/share/backgrounds");
    if !WALLPAPERS.iter().all(|name| backgrounds.join(name).is_file()) {
        download_wallpapers(&dir)?;
    }
    let mut photos: Vec<Photo> = WALLPAPERS
        .iter()
        .map(|name| Photo { name: (*name).to_string(), source: WALLPAPERS_PACKAGE, path: backgrounds.join(name) })
        .collect();
    let media = root.join("content/api/media");
    let mut sample: Vec<PathBuf> = std::fs::read_dir(&media)
        .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "jpg" || x == "jpeg")).collect())
        .unwrap_or_default();
    sample.sort();
    for path in sample {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        photos.push(Photo { name, source: "sample", path });
    }
    Ok(photos)
}

/// `apt-get download lomiri-wallpapers-16.04` into `dir`, then `dpkg-deb -x` there
/// (nothing is installed on the system).
fn download_wallpapers(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("remove {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    eprintln!("bench: apt-get download {WALLPAPERS_PACKAGE} into {}", dir.display());
    let download = || Command::new("apt-get").args(["download", "-q", WALLPAPERS_PACKAGE]).current_dir(dir).status();
    let mut status = download().map_err(|e| format!("cannot run apt-get: {e}"))?;
    if !status.success() {
        // An old package list names a version the mirror no longer has.
        apt(&["update", "-q"])?;
        status = download().map_err(|e| format!("cannot run apt-get: {e}"))?;
    }
    if !status.success() {
        return Err(format!("apt-get download {WALLPAPERS_PACKAGE} failed ({status})"));
    }
    let deb = std::fs::read_dir(dir)
        .map_err(|e| format!("read {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .ok_or(format!("apt-get download left no .deb in {}", dir.display()))?;
    let status = Command::new("dpkg-deb").arg("-x").arg(&deb).arg(dir).status().map_err(|e| format!("cannot run dpkg-deb: {e}"))?;
    if !status.success() {
        return Err(format!("dpkg-deb -x {} failed ({status})", deb.display()));
    }
    let _ = std::fs::remove_file(&deb);
    Ok(())
}

/// `apt-get ARGS` as root (through sudo when the bench is not root), as
/// tools/setup.sh does it.
fn apt(args: &[&str]) -> Result<(), String> {
    let root = Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false);
    let mut command = if root { Command::new("apt-get") } else { Command::new("sudo") };
    if !root {
        command.arg("apt-get");
    }
    let status = command
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .map_err(|e| format!("cannot run apt-get: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("apt-get {} failed ({status})", args.join(" ")))
    }
}

/// Debian's `avifdec` (package `libavif-bin`, libavif with dav1d), installed
/// when missing: the publisher decodes no AVIF, and a decoder other than
/// the encoder's own library is what a browser is. The package starts no
/// service, so no policy-rc.d is needed (unlike tools/setup.sh's nginx).
pub fn ensure_avifdec() -> Result<PathBuf, String> {
    let works = |path: &Path| Command::new(path).arg("--version").output().is_ok_and(|o| o.status.success());
    let path = PathBuf::from("/usr/bin/avifdec");
    if works(&path) {
        return Ok(path);
    }
    eprintln!("bench: installing Debian's libavif-bin (avifdec)");
    if apt(&["install", "-y", "-q", "libavif-bin"]).is_err() {
        apt(&["update", "-q"])?;
        apt(&["install", "-y", "-q", "libavif-bin"])?;
    }
    if works(&path) {
        Ok(path)
    } else {
        Err(format!("{} does not run after installing libavif-bin", path.display()))
    }
}

/// CPU time of the calling thread: what one encoding costs one core,
/// whatever else the machine runs meanwhile.
#[cfg(target_os = "linux")]
pub fn thread_cpu() -> Duration {
    #[repr(C)]
    struct Timespec {
        tv_sec: std::os::raw::c_long,
        tv_nsec: std::os::raw::c_long,
    }
    extern "C" {
        fn clock_gettime(clock: std::os::raw::c_int, time: *mut Timespec) -> std::os::raw::c_int;
    }
    const CLOCK_THREAD_CPUTIME_ID: std::os::raw::c_int = 3;
    let mut time = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `time` is valid for writes for the duration of the call.
    if unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut time) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

#[cfg(not(target_os = "linux"))]
pub fn thread_cpu() -> Duration {
    Duration::ZERO
}

/// A photograph's pixels as shown: decoded, its EXIF orientation applied
/// (as the publisher does: a photograph stored landscape and shown
/// portrait is resized by its shown width). Colour profiles are left
/// alone: each comparison is against the same pixels.
pub fn open_upright(path: &Path) -> Result<image::DynamicImage, String> {
    use image::ImageDecoder;
    let fail = |e: image::ImageError| format!("decode {}: {e}", path.display());
    let reader = image::ImageReader::open(path).map_err(|e| format!("read {}: {e}", path.display()))?;
    let mut decoder = reader.with_guessed_format().map_err(|e| format!("read {}: {e}", path.display()))?.into_decoder().map_err(fail)?;
    let orientation = decoder.orientation().map_err(fail)?;
    let mut image = image::DynamicImage::from_decoder(decoder).map_err(fail)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// `bytes` as kB (1000 bytes) with one decimal.
pub fn kb(bytes: f64) -> String {
    format!("{:.1} kB", bytes / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_images_section_is_replaced_or_inserted_before_the_misses() {
        let doc = "# P\n\n## Results\n\nx\n\n## Missed targets\n\nm\n";
        let once = replace_section(doc, "## Images", "## Images\n\nfirst\n");
        assert_eq!(once, "# P\n\n## Results\n\nx\n\n## Images\n\nfirst\n\n## Missed targets\n\nm\n");
        let twice = replace_section(&once, "## Images", "## Images\n\nsecond");
        assert_eq!(twice, "# P\n\n## Results\n\nx\n\n## Images\n\nsecond\n\n## Missed targets\n\nm\n");
        assert_eq!(replace_section("# P\n", "## Images", "## Images\n\nz"), "# P\n\n## Images\n\nz\n\n");
    }
}
