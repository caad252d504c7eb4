//! Transfer sizes: raw, gzip -9 and brotli -q 11, as a production server
//! with precompressed assets would send them.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::baseline;

/// The three sizes of one file (or of a sum of files).
#[derive(Clone, Debug, Default)]
pub struct Sizes {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl Sizes {
    pub fn of_bytes(name: &str, bytes: &[u8]) -> Sizes {
        Sizes {
            name: name.to_string(),
            raw: bytes.len() as u64,
            gzip: gzip9(bytes).len() as u64,
            brotli: brotli11(bytes).len() as u64,
        }
    }

    /// The sizes of a file; `file.gz` / `file.br` beside it (written by
    /// [`precompress_tree`]) are used instead of compressing again.
    pub fn of_file(path: &Path) -> std::io::Result<Sizes> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let raw = std::fs::metadata(path)?.len();
        let gz = std::fs::metadata(path.with_file_name(format!("{name}.gz")));
        let br = std::fs::metadata(path.with_file_name(format!("{name}.br")));
        if let (Ok(gz), Ok(br)) = (gz, br) {
            return Ok(Sizes { name, raw, gzip: gz.len(), brotli: br.len() });
        }
        let bytes = std::fs::read(path)?;
        Ok(Sizes::of_bytes(&name, &bytes))
    }

    /// The sum of several files (each compressed on its own, as served).
    pub fn sum<'a>(name: &str, parts: impl IntoIterator<Item = &'a Sizes>) -> Sizes {
        let mut total = Sizes {
            name: name.to_string(),
            ..Sizes::default()
        };
        for part in parts {
            total.raw += part.raw;
            total.gzip += part.gzip;
            total.brotli += part.brotli;
        }
        total
    }
}

pub fn gzip9(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

pub fn brotli11(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(bytes).expect("brotli into memory");
        writer.flush().expect("brotli into memory");
    }
    out
}

/// What the app ships, from a built `dist/`.
#[derive(Clone, Debug)]
pub struct AppFiles {
    /// The main module (`…_bg.wasm`), which every page loads.
    pub wasm: PathBuf,
    /// The modules split off it (`split_search-….wasm`, shared chunks),
    /// which only the pages that need them fetch.
    pub split: Vec<PathBuf>,
    pub js: Vec<PathBuf>,
    pub css: Vec<PathBuf>,
}

impl AppFiles {
    /// The wasm modules, the JS (the loader glue, the split modules' loader
    /// and any `snippets/`), and the CSS files in the order `index.html`
    /// links them.
    pub fn find(dist: &Path) -> Result<AppFiles, String> {
        let mut wasm = None;
        let mut split = Vec::new();
        let mut js = Vec::new();
        let mut css = Vec::new();
        let entries = std::fs::read_dir(dist).map_err(|e| format!("read {}: {e}", dist.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if name == "snippets" {
                    collect_ext(&path, "js", &mut js);
                }
                continue;
            }
            if name.ends_with("_bg.wasm") {
                if let Some(other) = wasm.replace(path) {
                    return Err(format!("two main modules in {}: {} and {name}", dist.display(), other.display()));
                }
            } else if name.ends_with(".wasm") {
                split.push(path);
            } else if name.ends_with(".js") {
                js.push(path);
            } else if name.ends_with(".css") {
                css.push(path);
            }
        }
        js.sort();
        split.sort();
        let index = dist.join("index.html");
        let html = std::fs::read_to_string(&index).map_err(|e| format!("read {}: {e}", index.display()))?;
        // Order the CSS as linked (the cascade order), unlinked ones last.
        css.sort_by_key(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            html.find(&name).unwrap_or(usize::MAX)
        });
        Ok(AppFiles {
            wasm: wasm.ok_or_else(|| format!("no …_bg.wasm in {}", dist.display()))?,
            split,
            js,
            css,
        })
    }
}

fn collect_ext(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_ext(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Every size figure of the report.
#[derive(Clone, Debug)]
pub struct SizeReport {
    pub wasm: Sizes,
    /// The modules split off the main one, each, and their sum.
    pub split_modules: Vec<Sizes>,
    pub split: Sizes,
    pub js: Sizes,
    pub css_files: Vec<Sizes>,
    pub css: Sizes,
    /// `app-shell.html`: what URLs without a pre-rendered file get.
    pub shell: Sizes,
    /// The reference article's published page, its baseline (scripts
    /// removed), and the page without only its embedded JSON.
    pub page: Sizes,
    pub page_baseline: Sizes,
    pub page_without_json: Sizes,
    /// The JSON documents the page embeds (`data-api-path`, sizes of the text alone).
    pub embedded_json: Vec<Sizes>,
    pub article_json: Option<Sizes>,
    pub list_json: Option<Sizes>,
    /// wasm + js + css (the budgeted part): what every page loads.
    pub code: Sizes,
    /// The search page's: the same plus the modules split off.
    pub search_code: Sizes,
    /// The deep link's first load: the page + wasm + js + css.
    pub first_load: Sizes,
    /// The baseline's: the page without scripts + the same CSS.
    pub baseline_first_load: Sizes,
}

/// `page_html` is the reference article's published page, `shell_html` the app shell.
pub fn measure(files: &AppFiles, api_dir: &Path, article_json: &str, list_json: &str, page_html: &Path, shell_html: &Path) -> Result<SizeReport, String> {
    let read = |p: &Path| Sizes::of_file(p).map_err(|e| format!("read {}: {e}", p.display()));
    let wasm = read(&files.wasm)?;
    let split_modules = files.split.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
    let split = Sizes::sum(&split_modules.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(" + "), &split_modules);
    let js_parts = files.js.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
    let js_name = js_parts.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(" + ");
    let js = Sizes::sum(&js_name, &js_parts);
    let css_files = files.css.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
    let css = Sizes::sum(&format!("{} CSS files", css_files.len()), &css_files);
    let shell = read(shell_html)?;
    let html = std::fs::read_to_string(page_html).map_err(|e| format!("read {}: {e}", page_html.display()))?;
    if baseline::script_count(&html) == 0 {
        return Err(format!("{} has no script: not a published page of the app", page_html.display()));
    }
    let page = Sizes::of_bytes("page", html.as_bytes());
    let page_baseline = Sizes::of_bytes("page without scripts", baseline::strip_scripts(&html).as_bytes());
    let page_without_json = Sizes::of_bytes("page without its JSON", baseline::strip_json_scripts(&html).as_bytes());
    let embedded_json = baseline::embedded_json(&html).iter().map(|j| Sizes::of_bytes(&j.api_path, j.text.as_bytes())).collect();
    let article_json = Sizes::of_file(&api_dir.join(article_json)).ok();
    let list_json = Sizes::of_file(&api_dir.join(list_json)).ok();
    let code = Sizes::sum("wasm + js + css", [&wasm, &js, &css]);
    let search_code = Sizes::sum("wasm + split modules + js + css", [&wasm, &split, &js, &css]);
    let first_load = Sizes::sum("page + wasm + js + css", [&page, &wasm, &js, &css]);
    let baseline_first_load = Sizes::sum("page without scripts + css", [&page_baseline, &css]);
    Ok(SizeReport {
        wasm,
        split_modules,
        split,
        js,
        css_files,
        css,
        shell,
        page,
        page_baseline,
        page_without_json,
        embedded_json,
        article_json,
        list_json,
        code,
        search_code,
        first_load,
        baseline_first_load,
    })
}

/// Whether a file is worth precompressing (as `gzip_static` would be set up).
fn compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "html" | "css" | "js" | "wasm" | "json" | "svg" | "txt"))
}

/// Every compressible file under `dir` (symbolic links not followed),
/// except the top-level names in `skip`.
fn compressible_files(dir: &Path, skip: &[&str], out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if skip.iter().any(|s| name == std::ffi::OsStr::new(s)) {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            compressible_files(&entry.path(), &[], out)?;
        } else if kind.is_file() && compressible(&entry.path()) {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// Writes `file.gz` (gzip -9) and `file.br` (brotli -q 11) beside every
/// compressible file under `dir` but the top-level names in `skip`, as
/// `gzip_static`/`brotli_static` would serve them.
pub fn precompress_tree(dir: &Path, skip: &[&str]) -> std::io::Result<()> {
    let mut files = Vec::new();
    compressible_files(dir, skip, &mut files)?;
    precompress(&files)
}

/// The same for the given files only (relative to `dir`) and the
/// compressible files at the top level of `dir` (the CSS, JS and wasm).
pub fn precompress_some(dir: &Path, relatives: &[String]) -> std::io::Result<()> {
    let mut files: Vec<PathBuf> = relatives.iter().map(|r| dir.join(r)).collect();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() && compressible(&entry.path()) && !files.contains(&entry.path()) {
            files.push(entry.path());
        }
    }
    precompress(&files)
}

/// Compresses `files` on every core.
fn precompress(files: &[PathBuf]) -> std::io::Result<()> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).max(1);
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || -> std::io::Result<()> {
                    for path in part {
                        let bytes = std::fs::read(path)?;
                        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
                        std::fs::write(path.with_file_name(format!("{name}.gz")), gzip9(&bytes))?;
                        std::fs::write(path.with_file_name(format!("{name}.br")), brotli11(&bytes))?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| h.join().unwrap_or_else(|_| Err(std::io::Error::other("compressor panicked"))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precompressed_files_sit_beside_their_originals() {
        let dir = std::env::temp_dir().join(format!("bench-precompress-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for file in ["a.css", "page/index.html", "api/x.json", "image.png"] {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "Thi đua khen thưởng ".repeat(50)).unwrap();
        }
        precompress_tree(&dir, &["api"]).unwrap();
        assert!(dir.join("a.css.br").is_file() && dir.join("a.css.gz").is_file());
        assert!(dir.join("page/index.html.br").is_file());
        assert!(!dir.join("api/x.json.br").exists() && !dir.join("image.png.gz").exists());
        let sizes = Sizes::of_file(&dir.join("page/index.html")).unwrap();
        assert_eq!(sizes.brotli, std::fs::metadata(dir.join("page/index.html.br")).unwrap().len());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_main_module_and_the_split_ones_are_told_apart() {
        let dir = std::env::temp_dir().join(format!("bench-app-files-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let files = ["ban-tin-1_bg.wasm", "split_search-2.wasm", "ban-tin-1.js", "ban-tin-1-split-3.js", "b.css", "a.css"];
        for file in files {
            std::fs::write(dir.join(file), file).unwrap();
        }
        std::fs::write(dir.join("index.html"), r#"<link href="/a.css"><link href="/b.css">"#).unwrap();
        let found = AppFiles::find(&dir).unwrap();
        let names = |paths: &[PathBuf]| paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect::<Vec<_>>();
        assert_eq!(names(std::slice::from_ref(&found.wasm)), ["ban-tin-1_bg.wasm"]);
        assert_eq!(names(&found.split), ["split_search-2.wasm"]);
        assert_eq!(names(&found.js), ["ban-tin-1-split-3.js", "ban-tin-1.js"]);
        assert_eq!(names(&found.css), ["a.css", "b.css"]);
        std::fs::write(dir.join("other_bg.wasm"), "x").unwrap();
        assert!(AppFiles::find(&dir).unwrap_err().contains("two main modules"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn compressors_shrink_repetitive_text() {
        let text = "Thi đua khen thưởng ".repeat(500);
        let sizes = Sizes::of_bytes("x", text.as_bytes());
        assert!(sizes.gzip < sizes.raw / 10, "{sizes:?}");
        assert!(sizes.brotli < sizes.raw / 10, "{sizes:?}");
    }
}
