//! Freshness and scale of the publishing step: the release `publish` binary
//! run as a subprocess on the large dataset, into a fresh folder, then
//! again after one article changed (an incremental republish). Wall time
//! from the bench's clock; peak memory (max RSS) and CPU time from the
//! kernel's accounting of that one child (`wait4`). After the full run,
//! its site map is read back: past 50 000 URLs it must be an index of
//! sitemaps that exist, parse, and together list every article once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::dataset;

/// What `publish` says on its last line (`publish: N pages (N articles),
/// N feeds, N sitemap files (N URLs) in X s (checking X s, rendering X s):
/// N written, N unchanged, N deleted`; older binaries leave out the feeds
/// and the site map).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub pages: u64,
    pub articles: u64,
    pub feeds: u64,
    pub sitemap_files: u64,
    pub checking_s: f64,
    pub rendering_s: f64,
    /// The search index: files, megabytes, seconds adding the articles
    /// (alongside checking) and encoding the files.
    pub search_files: u64,
    pub search_mb: f64,
    pub indexing_s: f64,
    pub encoding_s: f64,
    pub written: u64,
    pub unchanged: u64,
    pub deleted: u64,
}

/// The number written just before ` {word}` (`110025 pages` → 110025).
fn number_before(text: &str, word: &str) -> Option<f64> {
    let at = text.find(&format!(" {word}"))?;
    let start = text[..at].rfind(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(0, |i| i + 1);
    text[start..at].parse().ok()
}

/// The number written just after `{word} ` (`checking 3.1 s` → 3.1).
fn number_after(text: &str, word: &str) -> Option<f64> {
    let at = text.find(&format!("{word} "))? + word.len() + 1;
    let rest = &text[at..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// Reads the summary line out of `publish`'s standard output.
pub fn parse_summary(stdout: &str) -> Option<Summary> {
    let line = stdout.lines().rev().find(|l| l.starts_with("publish:") && l.contains(" written"))?;
    Some(Summary {
        pages: number_before(line, "pages")? as u64,
        articles: number_before(line, "articles").unwrap_or(0.0) as u64,
        feeds: number_before(line, "feeds").unwrap_or(0.0) as u64,
        sitemap_files: number_before(line, "sitemap files").unwrap_or(0.0) as u64,
        checking_s: number_after(line, "checking")?,
        rendering_s: number_after(line, "rendering")?,
        search_files: number_after(line, "index of").unwrap_or(0.0) as u64,
        search_mb: number_before(line, "MB;").unwrap_or(0.0),
        indexing_s: number_after(line, "indexing").unwrap_or(0.0),
        encoding_s: number_after(line, "encoding").unwrap_or(0.0),
        written: number_before(line, "written")? as u64,
        unchanged: number_before(line, "unchanged")? as u64,
        deleted: number_before(line, "deleted").unwrap_or(0.0) as u64,
    })
}

/// One run of the binary.
#[derive(Clone, Debug, Default)]
pub struct Run {
    pub wall: Duration,
    /// Peak resident set size, bytes (`ru_maxrss`).
    pub max_rss: Option<u64>,
    /// User + system CPU time.
    pub cpu: Option<Duration>,
    pub summary: Option<Summary>,
}

/// Both runs and what they worked on.
#[derive(Clone, Debug, Default)]
pub struct PublishResult {
    pub articles: u64,
    pub threads: usize,
    pub full: Run,
    /// Bytes of the published folder after the full run (pages only).
    pub output_bytes: u64,
    pub incremental: Run,
    /// The article changed before the incremental run.
    pub changed_slug: String,
    /// The full run's site map, read back; `None` before it was checked.
    pub sitemap: Option<Result<SitemapCheck, String>>,
}

/// What the site map of a published folder holds, read back with an XML
/// parser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SitemapCheck {
    /// Whether `sitemap.xml` is a `<sitemapindex>` (else a `<urlset>`).
    pub index: bool,
    /// Files: `sitemap.xml` and the sitemaps it lists.
    pub files: usize,
    /// URLs listed, all files together.
    pub urls: usize,
    /// Of which articles (`/bai-viet/…`).
    pub articles: usize,
}

const SITEMAP_NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
/// The most URLs one sitemap may list.
const SITEMAP_MAX_URLS: usize = 50_000;

/// The `<loc>` of each child entry (`url` or `sitemap`) of `xml`'s root,
/// which must be `root` in the sitemaps namespace.
fn sitemap_locs(xml: &str, root: &str, what: &str) -> Result<Vec<String>, String> {
    let document = roxmltree::Document::parse(xml).map_err(|e| format!("{what} is not well-formed XML: {e}"))?;
    let element = document.root_element();
    if !element.has_tag_name((SITEMAP_NAMESPACE, root)) {
        return Err(format!("{what}: the root is <{}>, expected <{root}> of the sitemaps namespace", element.tag_name().name()));
    }
    let entry = if root == "urlset" { "url" } else { "sitemap" };
    let mut locs = Vec::new();
    for node in element.children().filter(|node| node.is_element()) {
        if !node.has_tag_name((SITEMAP_NAMESPACE, entry)) {
            return Err(format!("{what}: <{}> in <{root}>", node.tag_name().name()));
        }
        let loc = node
            .children()
            .find(|child| child.has_tag_name((SITEMAP_NAMESPACE, "loc")))
            .and_then(|loc| loc.text())
            .ok_or(format!("{what}: an entry without <loc>"))?;
        locs.push(loc.to_string());
    }
    Ok(locs)
}

/// The path of an absolute URL (`https://host/sitemaps/x.xml` → `/sitemaps/x.xml`).
fn url_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    rest.find('/').map(|at| &rest[at..])
}

/// The slugs of the articles of a content folder (`articles/*.json`).
fn article_slugs(content: &Path) -> Result<HashSet<String>, String> {
    let dir = content.join("articles");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("read {}: {e}", dir.display()))?;
    Ok(entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.strip_suffix(".json").map(str::to_string))
        .collect())
}

/// Reads back the site map of the published folder `out`: `sitemap.xml`
/// must be a `<sitemapindex>` when `expect_index` (else a `<urlset>`); every
/// sitemap it lists must exist in `out`, parse, hold at most 50 000
/// absolute URLs, none twice; together they must list every article of
/// `content` once.
pub fn check_sitemap(out: &Path, content: &Path, expect_index: bool) -> Result<SitemapCheck, String> {
    let read = |relative: &str| {
        let path = out.join(relative.trim_start_matches('/'));
        std::fs::read_to_string(&path).map_err(|e| format!("read {}: {e}", path.display()))
    };
    let top = read("sitemap.xml")?;
    let (index, parts) = if expect_index {
        let locs = sitemap_locs(&top, "sitemapindex", "sitemap.xml")?;
        let mut parts = Vec::new();
        for loc in locs {
            let path = url_path(&loc).ok_or(format!("sitemap.xml lists {loc:?}, which is not an absolute URL"))?;
            parts.push((path.to_string(), read(path)?));
        }
        (true, parts)
    } else {
        (false, vec![("/sitemap.xml".to_string(), top)])
    };
    if parts.is_empty() {
        return Err("sitemap.xml lists no sitemap".into());
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut articles = HashSet::new();
    for (path, xml) in &parts {
        let locs = sitemap_locs(xml, "urlset", path)?;
        if locs.len() > SITEMAP_MAX_URLS {
            return Err(format!("{path} lists {} URLs, more than {SITEMAP_MAX_URLS}", locs.len()));
        }
        for loc in locs {
            let page = url_path(&loc).ok_or(format!("{path}: {loc:?} is not an absolute URL"))?;
            if let Some(slug) = page.strip_prefix("/bai-viet/") {
                articles.insert(slug.to_string());
            }
            if !seen.insert(loc.clone()) {
                return Err(format!("{path}: {loc} is listed twice"));
            }
        }
    }
    let expected = article_slugs(content)?;
    if articles != expected {
        let missing = expected.difference(&articles).count();
        let extra = articles.difference(&expected).count();
        let example = expected.difference(&articles).next().or(articles.difference(&expected).next()).cloned().unwrap_or_default();
        return Err(format!("the site map lists {} articles; {missing} of the content's {} missing, {extra} unknown (e.g. {example})", articles.len(), expected.len()));
    }
    Ok(SitemapCheck { index, files: parts.len() + usize::from(index), urls: seen.len(), articles: articles.len() })
}

/// Resource use of one finished child, from `wait4`.
#[derive(Clone, Copy, Debug, Default)]
struct ChildUsage {
    success: bool,
    max_rss: Option<u64>,
    cpu: Option<Duration>,
}

#[cfg(target_os = "linux")]
mod sys {
    use std::os::raw::{c_int, c_long};

    #[repr(C)]
    pub struct Timeval {
        pub tv_sec: c_long,
        pub tv_usec: c_long,
    }

    /// `struct rusage` of Linux (`<sys/resource.h>`).
    #[repr(C)]
    pub struct Rusage {
        pub ru_utime: Timeval,
        pub ru_stime: Timeval,
        /// Kilobytes.
        pub ru_maxrss: c_long,
        pub rest: [c_long; 13],
    }

    extern "C" {
        pub fn wait4(pid: c_int, status: *mut c_int, options: c_int, rusage: *mut Rusage) -> c_int;
    }
}

/// Waits for `child` and reads what the kernel accounted to it alone.
#[cfg(target_os = "linux")]
fn wait_with_usage(child: std::process::Child) -> Result<ChildUsage, String> {
    let pid = child.id() as i32;
    let mut status = 0;
    let mut usage = sys::Rusage {
        ru_utime: sys::Timeval { tv_sec: 0, tv_usec: 0 },
        ru_stime: sys::Timeval { tv_sec: 0, tv_usec: 0 },
        ru_maxrss: 0,
        rest: [0; 13],
    };
    loop {
        // SAFETY: `status` and `usage` are valid for writes and outlive the call;
        // `pid` is our own unreaped child (std never waited for it).
        let result = unsafe { sys::wait4(pid, &mut status, 0, &mut usage) };
        if result == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4({pid}): {error}"));
        }
    }
    // The child is reaped: std must not wait for it again.
    std::mem::forget(child);
    let time = |t: &sys::Timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    // WIFEXITED && WEXITSTATUS == 0.
    let success = status & 0x7f == 0 && (status >> 8) & 0xff == 0;
    Ok(ChildUsage {
        success,
        max_rss: Some(usage.ru_maxrss as u64 * 1024),
        cpu: Some(time(&usage.ru_utime) + time(&usage.ru_stime)),
    })
}

#[cfg(not(target_os = "linux"))]
fn wait_with_usage(mut child: std::process::Child) -> Result<ChildUsage, String> {
    let status = child.wait().map_err(|e| format!("wait: {e}"))?;
    Ok(ChildUsage { success: status.success(), max_rss: None, cpu: None })
}

/// Builds the release `publish` binary (with the bench, so that Cargo
/// resolves the same features and reuses the bench's compiled libraries).
pub fn build_binary(root: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--locked", "--release", "-p", "publish", "-p", "bench"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build -p publish failed ({status})"));
    }
    let binary = e2e::target_dir().join("release/publish");
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("{} is missing after the build", binary.display()))
    }
}

/// One run of `binary --from content --out out` (with `--app`: Trunk's
/// `dist/`, when there is one); its output goes to `log`.
fn run_once(binary: &Path, content: &Path, out: &Path, log: &Path) -> Result<Run, String> {
    eprintln!("bench: {} --from {} --out {}", binary.display(), content.display(), out.display());
    let mut command = Command::new(binary);
    command.arg("--from").arg(content).arg("--out").arg(out);
    let app = e2e::app_dist();
    if app.join("index.html").is_file() {
        command.arg("--app").arg(app);
    }
    run_measured(command, log, Instant::now())
}

/// Runs `command` (started at `started`) with its output in `log`, measured:
/// wall time, and peak memory and CPU time of that one child.
pub fn run_measured(mut command: Command, log: &Path, started: Instant) -> Result<Run, String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let file = std::fs::File::create(log).map_err(|e| format!("create {}: {e}", log.display()))?;
    let errors = file.try_clone().map_err(|e| format!("{}: {e}", log.display()))?;
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::from(file))
        .stderr(Stdio::from(errors))
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let usage = wait_with_usage(child)?;
    let wall = started.elapsed();
    let output = std::fs::read_to_string(log).unwrap_or_default();
    if !usage.success {
        let tail: Vec<&str> = output.lines().rev().take(3).collect();
        return Err(format!("{program} failed after {:.0} s: {}", wall.as_secs_f64(), tail.into_iter().rev().collect::<Vec<_>>().join(" / ")));
    }
    eprintln!("bench: {}", output.lines().last().unwrap_or("(no output)"));
    Ok(Run { wall, max_rss: usage.max_rss, cpu: usage.cpu, summary: parse_summary(&output) })
}

/// The full publish of `content` into the fresh folder `out` (no incremental run).
pub fn publish_fresh(binary: &Path, content: &Path, dist: &Path, out: &Path, log: &Path) -> Result<Run, String> {
    fresh_output(dist, out)?;
    run_once(binary, content, out, log)
}

/// Removes a published site: its link (or the folder of the layout before
/// builds) and its builds, `{out}.builds/`.
pub fn remove_site(out: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(out) {
        Ok(metadata) if metadata.file_type().is_symlink() => std::fs::remove_file(out).map_err(|e| format!("remove {}: {e}", out.display()))?,
        Ok(_) => std::fs::remove_dir_all(out).map_err(|e| format!("remove {}: {e}", out.display()))?,
        Err(_) => {}
    }
    let builds = PathBuf::from(format!("{}.builds", out.display()));
    if builds.exists() {
        std::fs::remove_dir_all(&builds).map_err(|e| format!("remove {}: {e}", builds.display()))?;
    }
    Ok(())
}

/// A fresh start for the large dataset's site: no site, no builds. The app
/// comes from Trunk's `dist/` (`--app`); without one (`BANTIN_DIST`), the
/// folder gets the app shell and the other top-level files of the
/// published `dist` (CSS, JS, wasm), as Trunk would leave them.
pub fn fresh_output(dist: &Path, out: &Path) -> Result<(), String> {
    remove_site(out)?;
    if e2e::app_dist().join("index.html").is_file() {
        return Ok(());
    }
    std::fs::create_dir_all(out).map_err(|e| format!("create {}: {e}", out.display()))?;
    let shell = dist.join(SHELL_FILE);
    if !shell.is_file() {
        return Err(format!("{} is missing: dist/ was not published (run without --skip-build)", shell.display()));
    }
    for entry in std::fs::read_dir(dist).map_err(|e| format!("read {}: {e}", dist.display()))?.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // The sample's own pages (index.html is its home page) stay behind.
        let page = name.ends_with(".html") && name != SHELL_FILE;
        if path.is_file() && !page {
            std::fs::copy(&path, out.join(&name)).map_err(|e| format!("copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The bare app shell's file name in a published folder (`publish::SHELL_FILE`).
pub const SHELL_FILE: &str = "app-shell.html";

/// Restores articles changed by an earlier run that did not finish (their
/// originals are kept in `backup` while changed).
pub fn restore_changed(content: &Path, backup: &Path) {
    let Ok(entries) = std::fs::read_dir(backup) else { return };
    for entry in entries.flatten() {
        let target = content.join("articles").join(entry.file_name());
        if std::fs::copy(entry.path(), &target).is_ok() {
            let _ = std::fs::remove_file(entry.path());
            eprintln!("bench: restored {}", target.display());
        }
    }
}

/// An article of the large dataset changed for the incremental run; the
/// original is put back when this is dropped.
struct ChangedArticle {
    path: PathBuf,
    original: Vec<u8>,
    backup: PathBuf,
}

impl ChangedArticle {
    /// Adds one paragraph to the body of `slug` (an editor's correction).
    fn change(content: &Path, slug: &str, backup_dir: &Path) -> Result<ChangedArticle, String> {
        let path = content.join(dataset::article_file(slug));
        let original = std::fs::read(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
        let mut article: Value = serde_json::from_slice(&original).map_err(|e| format!("parse {}: {e}", path.display()))?;
        let body = article.get("body_html").and_then(Value::as_str).ok_or(format!("{} has no body_html", path.display()))?;
        let body = format!("{body}<p>Cập nhật: bài viết được bổ sung thông tin.</p>");
        article["body_html"] = Value::String(body);
        std::fs::create_dir_all(backup_dir).map_err(|e| format!("create {}: {e}", backup_dir.display()))?;
        let backup = backup_dir.join(format!("{slug}.json"));
        std::fs::write(&backup, &original).map_err(|e| format!("write {}: {e}", backup.display()))?;
        std::fs::write(&path, serde_json::to_vec(&article).unwrap_or_default()).map_err(|e| format!("write {}: {e}", path.display()))?;
        Ok(ChangedArticle { path, original, backup })
    }
}

impl Drop for ChangedArticle {
    fn drop(&mut self) {
        if std::fs::write(&self.path, &self.original).is_ok() {
            let _ = std::fs::remove_file(&self.backup);
        }
    }
}

/// An article of the dataset that no other measurement loads: the first
/// item of the second list page of the second category.
pub fn article_to_change(content: &Path) -> Option<String> {
    let site = dataset::read_json(&content.join("site.json")).ok()?;
    let categories: Vec<&str> = site.get("categories")?.as_array()?.iter().filter_map(|c| c.get("slug")?.as_str()).collect();
    let category = categories.get(1).or(categories.first())?;
    for page in [2, 1] {
        if let Ok(list) = dataset::read_json(&content.join(dataset::list_file(category, page))) {
            let slug = list
                .get("items")?
                .as_array()?
                .iter()
                .filter_map(|i| i.get("slug")?.as_str())
                .find(|s| *s != dataset::STRESS_ARTICLE)?;
            return Some(slug.to_string());
        }
    }
    None
}

/// Files and their total bytes under `dir` (not following links).
pub fn tree(dir: &Path) -> (u64, u64) {
    let Ok(entries) = std::fs::read_dir(dir) else { return (0, 0) };
    entries.flatten().fold((0, 0), |(files, bytes), entry| match entry.file_type() {
        Ok(kind) if kind.is_dir() => {
            let (f, b) = tree(&entry.path());
            (files + f, bytes + b)
        }
        Ok(kind) if kind.is_file() => (files + 1, bytes + entry.metadata().map(|m| m.len()).unwrap_or(0)),
        _ => (files, bytes),
    })
}

/// The full publish of `content` into the fresh folder `out`, then the
/// incremental one after changing one article (put back afterwards).
pub fn measure(binary: &Path, content: &Path, dist: &Path, out: &Path, logs: &Path) -> Result<PublishResult, String> {
    let backup = logs.join("changed-articles");
    restore_changed(content, &backup);
    fresh_output(dist, out)?;
    let full = run_once(binary, content, out, &logs.join("publish-full.log"))?;
    let output_bytes = ["bai-viet", "chuyen-muc", "trang"].iter().map(|d| tree(&out.join(d)).1).sum();
    // More than 50 000 URLs: the site map must be an index.
    let sitemap = check_sitemap(out, content, full.summary.as_ref().map_or(true, |s| s.articles as usize >= SITEMAP_MAX_URLS));
    match &sitemap {
        Ok(check) => eprintln!("bench: sitemap: {} files, {} URLs ({} articles)", check.files, check.urls, check.articles),
        Err(e) => eprintln!("bench: sitemap: {e}"),
    }
    let slug = article_to_change(content).ok_or("no article to change in the large dataset")?;
    let incremental = {
        let _changed = ChangedArticle::change(content, &slug, &backup)?;
        run_once(binary, content, out, &logs.join("publish-incremental.log"))?
    };
    Ok(PublishResult {
        articles: full.summary.as_ref().map(|s| s.articles).unwrap_or(0),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        full,
        output_bytes,
        incremental,
        changed_slug: slug,
        sitemap: Some(sitemap),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_is_read() {
        let out = "publish: 110025 pages (100001 articles) in 156.8 s (checking 3.1 s, rendering 153.7 s): 110025 written, 1 unchanged, 0 deleted\n";
        assert_eq!(
            parse_summary(out),
            Some(Summary {
                pages: 110025,
                articles: 100001,
                feeds: 0,
                sitemap_files: 0,
                checking_s: 3.1,
                rendering_s: 153.7,
                written: 110025,
                unchanged: 1,
                deleted: 0,
                ..Summary::default()
            })
        );
        let out = "publish: 110025 pages (100001 articles), 51 feeds, 4 sitemap files (100052 URLs), search index of 52931 files (212.4 MB; indexing 31.5 s alongside checking, encoding 9.8 s) in 73.0 s (checking 40.1 s, rendering 32.9 s): 162956 written, 0 unchanged, 0 deleted";
        let summary = parse_summary(out).unwrap();
        assert_eq!((summary.sitemap_files, summary.search_files, summary.search_mb), (4, 52931, 212.4));
        assert_eq!((summary.indexing_s, summary.encoding_s, summary.checking_s), (31.5, 9.8, 40.1));
        let out = "publish: 100059 pages (100001 articles), 51 feeds, 4 sitemap files (100058 URLs) in 156.8 s (checking 3.1 s, rendering 153.7 s): 100114 written, 0 unchanged, 0 deleted";
        let summary = parse_summary(out).unwrap();
        assert_eq!((summary.pages, summary.articles, summary.feeds, summary.sitemap_files), (100059, 100001, 51, 4));
        assert_eq!((summary.written, summary.unchanged, summary.deleted), (100114, 0, 0));
        let incremental = "something else\npublish: 12 pages (3 articles) in 0.5 s (checking 0.1 s, rendering 0.4 s): 1 written, 12 unchanged, 2 deleted";
        let summary = parse_summary(incremental).unwrap();
        assert_eq!((summary.written, summary.unchanged, summary.deleted), (1, 12, 2));
        assert_eq!(parse_summary("publish: failed, the previous site is unchanged: x"), None);
        assert_eq!(parse_summary(""), None);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_child_is_measured_alone() {
        let usage = wait_with_usage(Command::new("sh").args(["-c", "exit 3"]).spawn().unwrap()).unwrap();
        assert!(!usage.success);
        let usage = wait_with_usage(Command::new("true").spawn().unwrap()).unwrap();
        assert!(usage.success);
        // `true` is small; what the bench itself holds is not counted.
        assert!(usage.max_rss.unwrap() > 0 && usage.max_rss.unwrap() < 64 << 20, "{usage:?}");
        assert!(usage.cpu.is_some());
    }

    /// A folder with `sitemap.xml` as an index of `parts` (each a list of
    /// article slugs) and the content's `articles/` for `content`.
    fn site_with_sitemaps(name: &str, parts: &[&[&str]], content: &[&str]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bench-sitemap-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("out/sitemaps")).unwrap();
        std::fs::create_dir_all(dir.join("api/articles")).unwrap();
        for slug in content {
            std::fs::write(dir.join(format!("api/articles/{slug}.json")), "{}").unwrap();
        }
        let mut index = format!("<?xml version=\"1.0\"?>\n<sitemapindex xmlns=\"{SITEMAP_NAMESPACE}\">");
        for (n, slugs) in parts.iter().enumerate() {
            index.push_str(&format!("<sitemap><loc>https://x.vn/sitemaps/sitemap-{}.xml</loc></sitemap>", n + 1));
            let urls: String = slugs.iter().map(|slug| format!("<url><loc>https://x.vn/bai-viet/{slug}</loc></url>")).collect();
            let xml = format!("<urlset xmlns=\"{SITEMAP_NAMESPACE}\"><url><loc>https://x.vn/{n}</loc></url>{urls}</urlset>");
            std::fs::write(dir.join(format!("out/sitemaps/sitemap-{}.xml", n + 1)), xml).unwrap();
        }
        index.push_str("</sitemapindex>");
        std::fs::write(dir.join("out/sitemap.xml"), index).unwrap();
        dir
    }

    #[test]
    fn a_sitemap_index_is_read_back() {
        let dir = site_with_sitemaps("ok", &[&["a", "b"], &["c"]], &["a", "b", "c"]);
        let check = check_sitemap(&dir.join("out"), &dir.join("api"), true).unwrap();
        assert_eq!(check, SitemapCheck { index: true, files: 3, urls: 5, articles: 3 });
        assert!(check_sitemap(&dir.join("out"), &dir.join("api"), false).unwrap_err().contains("<sitemapindex>"));
        let _ = std::fs::remove_dir_all(&dir);

        let dir = site_with_sitemaps("missing-article", &[&["a"], &["c"]], &["a", "b", "c"]);
        let error = check_sitemap(&dir.join("out"), &dir.join("api"), true).unwrap_err();
        assert!(error.contains("1 of the content's 3 missing"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);

        let dir = site_with_sitemaps("twice", &[&["a", "b"], &["b"]], &["a", "b"]);
        assert!(check_sitemap(&dir.join("out"), &dir.join("api"), true).unwrap_err().contains("listed twice"));
        std::fs::remove_file(dir.join("out/sitemaps/sitemap-2.xml")).unwrap();
        assert!(check_sitemap(&dir.join("out"), &dir.join("api"), true).unwrap_err().contains("sitemap-2.xml"));
        std::fs::write(dir.join("out/sitemaps/sitemap-2.xml"), "<urlset").unwrap();
        assert!(check_sitemap(&dir.join("out"), &dir.join("api"), true).unwrap_err().contains("not well-formed"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
