//! Transfer sizes: raw, gzip -9 and brotli -q 11, as a production server
//! with precompressed assets would send them.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    pub wasm: PathBuf,
    pub js: Vec<PathBuf>,
    pub css: Vec<PathBuf>,
    pub index: PathBuf,
}

impl AppFiles {
    /// The wasm, the JS (the loader glue and any `snippets/`), the CSS files in
    /// the order `index.html` links them, and `index.html`.
    pub fn find(dist: &Path) -> Result<AppFiles, String> {
        let mut wasm = None;
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
            if name.ends_with(".wasm") {
                wasm = Some(path);
            } else if name.ends_with(".js") {
                js.push(path);
            } else if name.ends_with(".css") {
                css.push(path);
            }
        }
        js.sort();
        let index = dist.join("index.html");
        let html = std::fs::read_to_string(&index).map_err(|e| format!("read {}: {e}", index.display()))?;
        // Order the CSS as linked (the cascade order), unlinked ones last.
        css.sort_by_key(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            html.find(&name).unwrap_or(usize::MAX)
        });
        Ok(AppFiles {
            wasm: wasm.ok_or_else(|| format!("no .wasm in {}", dist.display()))?,
            js,
            css,
            index,
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
    pub js: Sizes,
    pub css_files: Vec<Sizes>,
    pub css: Sizes,
    pub index: Sizes,
    pub article_json: Option<Sizes>,
    pub list_json: Option<Sizes>,
    /// wasm + js + css (the budgeted part).
    pub code: Sizes,
    /// wasm + js + css + index.html.
    pub first_load: Sizes,
    /// The static baseline: its HTML + the same CSS.
    pub baseline_html: Sizes,
    pub baseline_first_load: Sizes,
}

pub fn measure(files: &AppFiles, api_dir: &Path, article_json: &str, list_json: &str, baseline_html: &Path) -> Result<SizeReport, String> {
    let read = |p: &Path| Sizes::of_file(p).map_err(|e| format!("read {}: {e}", p.display()));
    let wasm = read(&files.wasm)?;
    let js_parts = files.js.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
    let js_name = js_parts.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(" + ");
    let js = Sizes::sum(&js_name, &js_parts);
    let css_files = files.css.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
    let css = Sizes::sum(&format!("{} CSS files", css_files.len()), &css_files);
    let index = read(&files.index)?;
    let article_json = Sizes::of_file(&api_dir.join(article_json)).ok();
    let list_json = Sizes::of_file(&api_dir.join(list_json)).ok();
    let code = Sizes::sum("wasm + js + css", [&wasm, &js, &css]);
    let first_load = Sizes::sum("wasm + js + css + index.html", [&wasm, &js, &css, &index]);
    let baseline_html = read(baseline_html)?;
    let baseline_first_load = Sizes::sum("static html + css", [&baseline_html, &css]);
    Ok(SizeReport {
        wasm,
        js,
        css_files,
        css,
        index,
        article_json,
        list_json,
        code,
        first_load,
        baseline_html,
        baseline_first_load,
    })
}

/// Writes `file.gz` (gzip -9) and `file.br` (brotli -q 11) beside every
/// compressible file under `dir`, as `gzip_static`/`brotli_static` would serve.
pub fn precompress_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress_tree(&path)?;
            continue;
        }
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "html" | "css" | "js" | "wasm" | "json" | "svg" | "txt"));
        if !compressible {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        std::fs::write(path.with_file_name(format!("{name}.gz")), gzip9(&bytes))?;
        std::fs::write(path.with_file_name(format!("{name}.br")), brotli11(&bytes))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressors_shrink_repetitive_text() {
        let text = "Thi đua khen thưởng ".repeat(500);
        let sizes = Sizes::of_bytes("x", text.as_bytes());
        assert!(sizes.gzip < sizes.raw / 10, "{sizes:?}");
        assert!(sizes.brotli < sizes.raw / 10, "{sizes:?}");
    }
}
