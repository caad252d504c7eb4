//! The publishing step of Bản tin: reads contract content (a content
//! folder, or an API base URL) and writes a deployable folder of
//! pre-rendered pages, rendered on the host by the app's own components
//! (`ban_tin::prerender`, Leptos `ssr`), around the app shell Trunk built.
//!
//! - [`source`]: where documents come from (folder, HTTP, spooled copy);
//! - [`content`]: the checking pass, every document read and decoded first;
//! - [`search_index`]: the static search index (`search/…`), built from
//!   the articles the checking pass reads;
//! - [`shell`]: Trunk's `index.html` as the pages' template;
//! - [`feeds`]: the RSS 2.0 feeds of the site and of each category;
//! - [`sitemap`]: `sitemap.xml` (an index of sitemaps past 50 000 URLs)
//!   and `robots.txt`;
//! - [`xml`]: the escaping and the dates those two share;
//! - [`output`]: staged writes, only changed files, stale files deleted;
//! - [`resolve`]: which file answers a URL (the nginx rules), for servers;
//! - [`serve`]: the small static server behind `make serve`;
//! - [`wordpress`]: a live WordPress site (REST API `wp/v2`) as the source,
//!   with incremental sync; its documents become the published folder's API.
//!
//! A run either completes or leaves the previous site as it was, and says
//! which file or URL stopped it and why.

pub mod content;
pub mod feeds;
pub mod output;
pub mod resolve;
pub mod search_index;
pub mod serve;
pub mod shell;
pub mod sitemap;
pub mod source;
pub mod wordpress;
pub mod xml;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ban_tin::model;
use ban_tin::prerender::{self, Deployment, RenderedPage};
use ban_tin::routes::PageDocument;
pub use ban_tin::routes::{NOT_FOUND_FILE, SHELL_FILE};

use crate::content::{read, ContentError, ContentIndex};
use crate::output::{Changes, Staged};
use crate::shell::{is_app_shell, ShellTemplate};
use crate::source::{FolderSource, HttpSource, Source, SpoolingSource};

/// Where the content comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContentFrom {
    Folder(PathBuf),
    Url(String),
}

impl ContentFrom {
    /// A URL (`http://`, `https://`) or a folder path.
    pub fn parse(value: &str) -> ContentFrom {
        if value.starts_with("http://") || value.starts_with("https://") {
            ContentFrom::Url(value.to_string())
        } else {
            ContentFrom::Folder(PathBuf::from(value))
        }
    }
}

/// One publishing run.
#[derive(Clone, Debug)]
pub struct Options {
    pub from: ContentFrom,
    /// The deployable folder: Trunk's `dist/`, holding the app shell.
    pub out: PathBuf,
    /// The public origin (`https://thanhvan.gov.vn`); else `site.json`'s `url`.
    pub origin: Option<String>,
    /// The API base the deployed app reads: written into every page's
    /// `api-base` meta; `None` keeps the shell's (else `/api/`).
    pub api_base: Option<String>,
    /// Rendering threads; 0 = one per core.
    pub threads: usize,
}

/// What a run did.
#[derive(Clone, Debug)]
pub struct Report {
    /// Pre-rendered pages (home, list pages, static pages, articles, 404).
    pub pages: usize,
    pub articles: usize,
    /// RSS feeds: the site's and one per category.
    pub feeds: usize,
    /// Site map files: `sitemap.xml` and the parts of an index.
    pub sitemaps: usize,
    /// URLs the site map lists.
    pub sitemap_urls: usize,
    /// Files of the search index (`search/…`) and their total bytes.
    pub search_files: usize,
    pub search_bytes: u64,
    /// Building the search index: the articles added (alongside the
    /// checking pass, on a thread of its own), then the files encoded.
    pub search: search_index::IndexTiming,
    pub changes: Changes,
    /// The checking pass, the search index's files included.
    pub checking: Duration,
    pub rendering: Duration,
}

/// Why a run stopped. The previous site is untouched.
#[derive(Debug)]
pub enum PublishError {
    /// A document is missing, unreadable or malformed.
    Content(ContentError),
    /// The output folder, the shell or the configuration.
    Output(String),
}

impl std::fmt::Display for PublishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PublishError::Content(error) => write!(f, "{error}"),
            PublishError::Output(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for PublishError {}

impl From<ContentError> for PublishError {
    fn from(error: ContentError) -> Self {
        PublishError::Content(error)
    }
}

/// The shell Trunk built: `out/index.html` right after `trunk build`,
/// else the `app-shell.html` an earlier run kept.
pub(crate) fn load_shell(out: &Path) -> Result<ShellTemplate, PublishError> {
    for name in ["index.html", SHELL_FILE] {
        let path = out.join(name);
        if let Ok(html) = std::fs::read_to_string(&path) {
            if is_app_shell(&html) {
                return ShellTemplate::parse(&html).map_err(|error| PublishError::Output(format!("{}: {error}", path.display())));
            }
        }
    }
    Err(PublishError::Output(format!(
        "{}: no app shell (index.html or {SHELL_FILE} from `trunk build --release`); build the app first",
        out.display()
    )))
}

/// The origin pages are published for: the option, else `site.json`'s
/// `url`; it must be an absolute `http(s)` origin.
fn origin_of(options: &Options, index: &ContentIndex) -> Result<String, PublishError> {
    let origin = options
        .origin
        .clone()
        .or_else(|| index.site.url.clone())
        .ok_or_else(|| PublishError::Output("no public origin: pass --origin https://… or set \"url\" in site.json".into()))?;
    let origin = origin.trim().trim_end_matches('/').to_string();
    let host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    match host {
        Some(host) if !host.is_empty() && !host.contains('/') && !host.contains(char::is_whitespace) => Ok(origin),
        _ => Err(PublishError::Output(format!("origin {origin:?} is not an http(s) origin like https://thanhvan.gov.vn"))),
    }
}

/// Renders one page from the source.
fn render(source: &dyn Source, deployment: &Deployment, site: &model::Site, page: &PageDocument) -> Result<RenderedPage, ContentError> {
    let path = page.api_path();
    Ok(match page {
        PageDocument::Home => prerender::home_page(deployment, site, &read(source, &path, model::decode_home)?),
        PageDocument::Category { .. } => {
            prerender::category_page(deployment, site, &read(source, &path, model::decode_category_page)?)
        }
        PageDocument::Article { .. } => prerender::article_page(deployment, site, &read(source, &path, model::decode_article)?),
        PageDocument::StaticPage { .. } => {
            prerender::static_page(deployment, site, &read(source, &path, model::decode_static_page)?)
        }
    })
}

/// The folder a run copies an API's documents to, removed however the run
/// ends (a `?` after the checking pass included).
struct SpoolFolder(PathBuf);

impl Drop for SpoolFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Stages every file under `root/relative` as `prefix/relative/…`.
fn stage_folder(staged: &Staged, root: &Path, relative: &Path, prefix: &str) -> Result<(), String> {
    let dir = root.join(relative);
    let entries = std::fs::read_dir(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|error| format!("{}: {error}", dir.display()))?;
        let child = relative.join(entry.file_name());
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            stage_folder(staged, root, &child, prefix)?;
        } else {
            let path = root.join(&child);
            let bytes = std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?;
            staged.put(&format!("{prefix}/{}", child.to_string_lossy().replace('\\', "/")), &bytes)?;
        }
    }
    Ok(())
}

/// One publishing run; see the crate docs.
pub fn publish(options: &Options) -> Result<Report, PublishError> {
    publish_with(options, None)
}

/// One publishing run that also publishes its content folder itself under
/// `api_folder` of the output (the documents and media of a source that
/// has no API of its own, such as WordPress): staged with the pages, so the
/// pages and the documents they carry change together, and owned, so
/// documents that are gone are deleted.
pub fn publish_with(options: &Options, api_folder: Option<&str>) -> Result<Report, PublishError> {
    let mut template = load_shell(&options.out)?;
    let api_base = match &options.api_base {
        Some(api_base) => {
            template.set_api_base(api_base);
            api_base.clone()
        }
        None => template.api_base().unwrap_or_else(|| "/api/".to_string()),
    };
    let started = Instant::now();

    // Checking pass. An API is read once: its answers are spooled to a
    // folder that the rendering pass then reads. The folder is this run's
    // own, not the process's: runs at once in one process (tests, a tool
    // publishing two sites) would otherwise delete each other's documents.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let spool_folder = SpoolFolder(std::env::temp_dir().join(format!("ban-tin-publish-{}-{run}", std::process::id())));
    let spool = &spool_folder.0;
    let _ = std::fs::remove_dir_all(spool);
    let folder_source;
    let http_source;
    let (index, search_files, search_timing, render_source): (ContentIndex, _, _, &dyn Source) = match &options.from {
        ContentFrom::Folder(dir) => {
            folder_source = FolderSource::new(dir);
            let (index, files, timing) = search_index::check_and_index(&folder_source)?;
            (index, files, timing, &folder_source)
        }
        ContentFrom::Url(url) => {
            http_source = HttpSource::new(url);
            let spooling = SpoolingSource::new(&http_source, spool);
            let (index, files, timing) = search_index::check_and_index(&spooling)?;
            folder_source = FolderSource::new(spool);
            (index, files, timing, &folder_source)
        }
    };
    let checking = started.elapsed();
    let origin = origin_of(options, &index)?;
    let deployment = Deployment { origin: origin.clone(), api_base };

    // Rendering pass, into the staging folder.
    let started = Instant::now();
    let staged = Staged::begin_owning(&options.out, api_folder).map_err(PublishError::Output)?;
    if let (Some(folder), ContentFrom::Folder(dir)) = (api_folder, &options.from) {
        if let Err(error) = stage_folder(&staged, dir, Path::new(""), folder) {
            staged.abandon();
            return Err(PublishError::Output(error));
        }
    }
    // The search index first, so its files leave memory before rendering.
    let search_file_count = search_files.files.len();
    let search_bytes: u64 = search_files.files.iter().map(|(_, bytes)| bytes.len() as u64).sum();
    for (file, bytes) in search_files.files {
        if let Err(error) = staged.put(&file, &bytes) {
            staged.abandon();
            return Err(PublishError::Output(error));
        }
    }
    let pages = index.pages();
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let next = AtomicUsize::new(0);
    let failure: Mutex<Option<PublishError>> = Mutex::new(None);
    let failed = || failure.lock().map(|failure| failure.is_some()).unwrap_or(true);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                while !failed() {
                    let number = next.fetch_add(1, Ordering::Relaxed);
                    let Some(page) = pages.get(number) else { break };
                    let outcome = render(render_source, &deployment, &index.site, page)
                        .map_err(PublishError::Content)
                        .and_then(|rendered| {
                            let html = template.page(&origin, &rendered.head, &rendered.body);
                            staged.put(&page.published_file(), html.as_bytes()).map_err(PublishError::Output)
                        });
                    if let Err(error) = outcome {
                        if let Ok(mut failure) = failure.lock() {
                            failure.get_or_insert(error);
                        }
                        break;
                    }
                }
            });
        }
    });
    if let Some(error) = failure.into_inner().ok().flatten() {
        staged.abandon();
        return Err(error);
    }
    let not_found = prerender::not_found_page(&deployment, &index.site);
    let mut extra = vec![
        (NOT_FOUND_FILE.to_string(), template.page(&origin, &not_found.head, &not_found.body)),
        (SHELL_FILE.to_string(), template.app_shell(&origin)),
    ];
    // The feeds, the site map and robots.txt, from what the checking pass kept.
    let feeds = feeds::feeds(&origin, &index);
    let feed_count = feeds.len();
    extra.extend(feeds.into_iter().map(|feed| (feed.file, feed.xml)));
    let urls = sitemap::site_urls(&origin, &index);
    let sitemap_urls = urls.len();
    let sitemaps = sitemap::sitemap_files(&origin, &urls);
    drop(urls);
    let sitemap_count = sitemaps.len();
    extra.extend(sitemaps.into_iter().map(|file| (file.file, file.xml)));
    extra.push(("robots.txt".to_string(), sitemap::robots_txt(&origin)));
    for (file, text) in extra {
        if let Err(error) = staged.put(&file, text.as_bytes()) {
            staged.abandon();
            return Err(PublishError::Output(error));
        }
    }
    let changes = staged.commit().map_err(PublishError::Output)?;
    Ok(Report {
        pages: pages.len() + 1,
        articles: index.articles.len(),
        feeds: feed_count,
        sitemaps: sitemap_count,
        sitemap_urls,
        search_files: search_file_count,
        search_bytes,
        search: search_timing,
        changes,
        checking,
        rendering: started.elapsed(),
    })
}
