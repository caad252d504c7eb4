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
//! - [`output`]: the new build folder: unchanged files linked from the live
//!   site, changed ones written as new files, the app's files linked;
//! - [`switch`]: the live site as a link to a build, its lock, the atomic
//!   switch, the previous build's hashed assets kept for a while;
//! - [`media`]: the images a document shows, and where their originals are;
//! - [`published_images`]: those images read or downloaded once
//!   ([`downloads`]), processed ([`images`]: metadata stripped, a ladder of
//!   widths, AVIF and JPEG) and published under `anh/`;
//! - [`document_images`]: documents rewritten to show the published images;
//! - [`resolve`]: which file answers a URL (the nginx rules), for servers;
//! - [`serve`]: the small static server behind `make serve`;
//! - [`wordpress`]: a live WordPress site (REST API `wp/v2`) as the source,
//!   with incremental sync; its documents become the published folder's API.
//!
//! A run either completes or leaves the previous site as it was (byte for
//! byte: the new site is built beside it and made live in one step), and
//! says which file or URL stopped it and why. The published folder is
//! self-contained: its `api/` holds exactly the documents the run read (their
//! images pointed at `anh/`), and `anh/` the images they show, processed.

pub mod content;
pub mod document_images;
pub mod downloads;
pub mod feeds;
pub mod images;
pub mod media;
pub mod output;
pub mod published_images;
pub mod resolve;
pub mod search_index;
pub mod serve;
pub mod shell;
pub mod sitemap;
pub mod source;
pub mod switch;
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
use crate::document_images::Outcome;
use crate::downloads::Downloads;
use crate::images::{ImageCache, Limits};
use crate::media::MediaScope;
use crate::published_images::{ImageSources, IMAGES_FOLDER};
use crate::output::{Build, Changes};
use crate::shell::{is_app_shell, ShellTemplate};
use crate::source::{FolderSource, HttpSource, RecordingSource, Source, SourceError, SpoolingSource};
use crate::switch::{Live, Manifest, SiteFolder};
pub use crate::switch::DEFAULT_KEEP_OLD_ASSETS;

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
    /// The live site: after the run, a link to its build folder
    /// `{out}.builds/<id>/` (see [`switch`]).
    pub out: PathBuf,
    /// The app: Trunk's output folder (`dist/`: the shell as `index.html`,
    /// the hashed assets). `None`: the live site's app (its build's
    /// `app-shell.html` and the app files its manifest lists; or, when
    /// `out` is still a real directory, that directory as Trunk left it).
    pub app: Option<PathBuf>,
    /// The public origin (`https://thanhvan.gov.vn`); else `site.json`'s `url`.
    pub origin: Option<String>,
    /// The API base the deployed app reads: written into every page's
    /// `api-base` meta; `None` keeps the shell's (else `/api/`), and the
    /// run publishes its own API folder there. Given, the operator serves
    /// the API there: the published folder has no API folder of its own.
    pub api_base: Option<String>,
    /// Rendering threads; 0 = one per core.
    pub threads: usize,
    /// How long the previous builds' content-hashed assets stay reachable
    /// after they left the app ([`DEFAULT_KEEP_OLD_ASSETS`]: a day).
    pub keep_old_assets: Duration,
    /// The image cache (processed images by the hash of their original,
    /// and what was downloaded); `None`: `{out}.images` beside the site.
    pub image_cache: Option<PathBuf>,
    /// Hosts (`cms.thanhvan.gov.vn`, `host:port`) whose images the run
    /// copies, besides the HTTP source's own host.
    pub copy_images_from: Vec<String>,
}

impl Options {
    /// Where the image cache is.
    pub fn image_cache_dir(&self) -> PathBuf {
        self.image_cache.clone().unwrap_or_else(|| {
            let mut name = self.out.file_name().map(|name| name.to_os_string()).unwrap_or_else(|| "site".into());
            name.push(".images");
            self.out.with_file_name(name)
        })
    }

    /// A run of `from` into `out`, everything else by default.
    pub fn new(from: ContentFrom, out: impl Into<PathBuf>) -> Options {
        Options {
            from,
            out: out.into(),
            app: None,
            origin: None,
            api_base: None,
            threads: 0,
            keep_old_assets: DEFAULT_KEEP_OLD_ASSETS,
            image_cache: None,
            copy_images_from: Vec::new(),
        }
    }
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
    /// Images published (originals the documents show that the run copies),
    /// their files under `anh/`, the originals processed in this run (the
    /// rest came from the image cache), and the images left out.
    pub images: usize,
    pub image_files: usize,
    pub images_encoded: usize,
    /// Images on the CMS it did not download again: unchanged there (a
    /// `304`), or the CMS unreachable and the last version kept.
    pub images_not_downloaded: usize,
    pub image_warnings: Vec<published_images::ImageWarning>,
    /// The app's files in the build, and the earlier builds' hashed assets
    /// kept beside them.
    pub app_files: usize,
    pub kept_assets: usize,
    /// The folder the site is served from after the run.
    pub build: PathBuf,
    /// Whether the run made a new build live (`false`: nothing changed, the
    /// live build stays).
    pub switched: bool,
    /// Old builds deleted after the switch.
    pub builds_deleted: usize,
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

/// The shell Trunk built: `dir/index.html` right after `trunk build`,
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
        "{}: no app shell (index.html or {SHELL_FILE} from `trunk build --release`); build the app first, and pass its folder with --app",
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

/// The app's emblem (its favicon), rendered for link previews.
const EMBLEM_FILE: &str = "favicon.svg";
/// Its preview's size: square, past the 200 × 200 Facebook asks for.
const EMBLEM_PREVIEW_SIZE: u32 = 512;

/// The documents that show images, rewritten as they are read (see
/// [`document_images`]); the others as they are.
struct RewritingSource<'a> {
    inner: &'a dyn Source,
    documents: &'a std::collections::BTreeSet<&'a str>,
    rewrite: &'a (dyn Fn(&str, String) -> Result<String, SourceError> + Sync),
}

impl Source for RewritingSource<'_> {
    fn location(&self, path: &str) -> String {
        self.inner.location(path)
    }

    fn get(&self, path: &str) -> Result<Option<String>, SourceError> {
        match self.inner.get(path)? {
            Some(text) if self.documents.contains(path) => (self.rewrite)(path, text).map(Some),
            text => Ok(text),
        }
    }

    fn get_bytes(&self, path: &str) -> Result<Option<Vec<u8>>, SourceError> {
        self.inner.get_bytes(path)
    }
}

/// The folder a run copies an API's documents to, removed however the run
/// ends (a `?` after the checking pass included).
struct SpoolFolder(PathBuf);

impl Drop for SpoolFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The API base as a folder of the published site (`/api/` → `api`,
/// `/cms/export/` → `cms/export`); `None` for another origin or a base
/// that is not a plain path.
pub fn api_folder_of(api_base: &str) -> Option<String> {
    let base = api_base.trim();
    let folder = base.trim_matches('/');
    let plain = !folder.is_empty()
        && base.starts_with('/')
        && !base.starts_with("//")
        && folder.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && folder.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
    plain.then(|| folder.to_string())
}

/// The app a run publishes around: where its files are, which they are,
/// its shell.
struct App {
    dir: PathBuf,
    files: Vec<String>,
    shell: ShellTemplate,
}

/// The app from `--app`, else from the live site (see [`Options::app`]).
fn app_of(options: &Options, live: &Live, own_api: Option<&str>) -> Result<App, PublishError> {
    let dir = match (&options.app, live) {
        (Some(dir), _) => dir.clone(),
        (None, Live::Directory(dir) | Live::Build { dir, .. }) => dir.clone(),
        (None, Live::Missing) => {
            return Err(PublishError::Output(format!(
                "{}: no site there yet, so no app to publish around: pass --app with Trunk's output folder (dist)",
                options.out.display()
            )))
        }
    };
    let shell = load_shell(&dir)?;
    let shell_api = api_folder_of(&shell.api_base().unwrap_or_else(|| "/api/".into()));
    let api_folders: Vec<&str> = shell_api.as_deref().into_iter().chain(own_api).collect();
    let files = match (&options.app, live.manifest()) {
        (None, Some(manifest)) => manifest.app.clone(),
        _ => output::app_files(&dir, &api_folders).map_err(PublishError::Output)?,
    };
    Ok(App { dir, files, shell })
}

/// Whether two files have the same bytes (the same inode, or equal content).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            if a.dev() == b.dev() && a.ino() == b.ino() {
                return true;
            }
        }
    }
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(a), Ok(b)) if a == b)
}

/// One publishing run; see the crate docs.
pub fn publish(options: &Options) -> Result<Report, PublishError> {
    publish_with(options, None)
}

/// One publishing run whose API folder is `api_folder` of the output (a
/// source that has no API of its own, such as WordPress, whatever
/// `--api-base` says); `None`: the folder of the API base, unless
/// `options.api_base` points elsewhere. The folder holds exactly the
/// documents the run read and the images under the API base they show,
/// built with the pages, so pages and documents change together.
pub fn publish_with(options: &Options, api_folder: Option<&str>) -> Result<Report, PublishError> {
    let output = PublishError::Output;
    let site = SiteFolder::lock(&options.out).map_err(output)?;
    let live = site.live().map_err(output)?;
    let forced_api = api_folder.map(|folder| folder.trim_matches('/').to_string());
    let mut app = app_of(options, &live, forced_api.as_deref())?;
    // The API folder: the caller's; else, without --api-base, the shell's
    // base when it is a path of the portal; with --api-base, none (the
    // operator serves the API there).
    let own_api = forced_api.or_else(|| {
        options.api_base.is_none().then(|| api_folder_of(&app.shell.api_base().unwrap_or_else(|| "/api/".into()))).flatten()
    });
    let api_base = match &options.api_base {
        Some(api_base) => {
            app.shell.set_api_base(api_base);
            api_base.clone()
        }
        None => app.shell.api_base().unwrap_or_else(|| "/api/".to_string()),
    };
    let api_prefix = own_api.as_ref().map(|folder| format!("/{folder}/"));
    let template = &app.shell;
    let started = Instant::now();

    // The new build, beside the live one; removed unless it goes live.
    let id = site.new_id();
    let mut guard = site.guard(&id);
    let build = Build::create_in(&site.build_dir(&id), live.dir(), Some(&site.spare_dir())).map_err(output)?;
    for file in &app.files {
        build.link_app_file(&app.dir.join(file), file).map_err(output)?;
    }

    // Checking pass. An API is read once: its answers are spooled to a
    // folder that the rendering pass then reads. The folder is this run's
    // own, not the process's: runs at once in one process (tests, a tool
    // publishing two sites) would otherwise delete each other's documents.
    // Each document read goes into the build's API folder as it is read.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let spool_folder = SpoolFolder(std::env::temp_dir().join(format!("ban-tin-publish-{}-{run}", std::process::id())));
    let spool = &spool_folder.0;
    let _ = std::fs::remove_dir_all(spool);
    // Documents that show images are written to the API folder once
    // rewritten to the published images (in the rendering pass).
    let image_base = api_prefix.clone().unwrap_or_else(|| api_base.clone());
    let found_images: Mutex<Vec<(String, Vec<String>)>> = Mutex::default();
    let on_document = |path: &str, text: &str| -> Result<(), SourceError> {
        let urls = media::image_urls(path, text, &image_base);
        let shows_images = !urls.is_empty();
        if shows_images {
            if let Ok(mut found) = found_images.lock() {
                found.push((path.to_string(), urls));
            }
        }
        let Some(folder) = &own_api else { return Ok(()) };
        if shows_images {
            return Ok(());
        }
        let relative = format!("{folder}/{path}");
        build
            .put(&relative, text.as_bytes())
            .map_err(|cause| SourceError { location: build.dir().join(&relative).display().to_string(), cause })
    };
    let folder_source;
    let http_source;
    let (index, search_files, search_timing, render_source, media_source): (ContentIndex, _, _, &dyn Source, &dyn Source) =
        match &options.from {
            ContentFrom::Folder(dir) => {
                folder_source = FolderSource::new(dir);
                let recording = RecordingSource::new(&folder_source, &on_document);
                let (index, files, timing) = search_index::check_and_index(&recording)?;
                (index, files, timing, &folder_source, &folder_source)
            }
            ContentFrom::Url(url) => {
                http_source = HttpSource::new(url);
                let spooling = SpoolingSource::new(&http_source, spool);
                let recording = RecordingSource::new(&spooling, &on_document);
                let (index, files, timing) = search_index::check_and_index(&recording)?;
                folder_source = FolderSource::new(spool);
                (index, files, timing, &folder_source, &http_source)
            }
        };
    let checking = started.elapsed();
    let origin = origin_of(options, &index)?;
    let mut deployment = Deployment { origin: origin.clone(), api_base: api_base.clone(), preview_fallback: None };

    // The images the documents show, processed and published under anh/.
    let mut hosts: Vec<String> = options.copy_images_from.iter().map(|host| host.trim().to_ascii_lowercase()).collect();
    if let ContentFrom::Url(url) = &options.from {
        hosts.extend(media::host_of(url));
    }
    let scope = MediaScope {
        api_prefix: api_prefix.clone().or_else(|| api_base.starts_with('/').then(|| api_base.clone())),
        api_base_url: (api_base.starts_with("http://") || api_base.starts_with("https://")).then(|| api_base.clone()),
        origin: origin.clone(),
        hosts,
    };
    let cache_dir = options.image_cache_dir();
    let cache = ImageCache::open(&cache_dir).map_err(output)?;
    let limits = Limits::default();
    let downloads = Downloads::open(&cache_dir, limits.max_bytes);
    let found_images = found_images.into_inner().unwrap_or_default();
    let sources = ImageSources { scope: &scope, source: media_source, cache: &cache, downloads: &downloads, limits: &limits, threads: options.threads };
    let images = published_images::publish_images(&found_images, &sources).map_err(|error| PublishError::Content(error.into()))?;
    for name in &images.files {
        build.link_published(&cache.file(name), &format!("{IMAGES_FOLDER}/{name}")).map_err(output)?;
    }
    // The emblem as the link preview of pages without a photo: messengers
    // show no SVG, so the app's emblem (its favicon) is rendered as a PNG.
    if app.files.iter().any(|file| file == EMBLEM_FILE) {
        let emblem = std::fs::read(app.dir.join(EMBLEM_FILE)).map_err(|error| PublishError::Output(format!("{}: {error}", app.dir.join(EMBLEM_FILE).display())))?;
        match images::render_svg_png(&emblem, EMBLEM_PREVIEW_SIZE) {
            Ok(png) => {
                let name = cache.keep_file(&png, EMBLEM_PREVIEW_SIZE, "png").map_err(|error| PublishError::Output(error.to_string()))?;
                build.link_published(&cache.file(&name), &format!("{IMAGES_FOLDER}/{name}")).map_err(output)?;
                deployment.preview_fallback = Some(ban_tin::head::PreviewImage {
                    url: format!("/{IMAGES_FOLDER}/{name}"),
                    alt: format!("{}{}", ban_tin::text::EMBLEM_ALT_PREFIX, index.site.name),
                    width: Some(EMBLEM_PREVIEW_SIZE),
                    height: Some(EMBLEM_PREVIEW_SIZE),
                });
            }
            Err(error) => eprintln!("publish: warning: {}: the emblem could not be rendered for link previews: {error}", EMBLEM_FILE),
        }
    }
    let image_count = images.outcomes.values().flatten().map(|image| &image.fallback.src).collect::<std::collections::BTreeSet<_>>().len();
    let outcome = |url: &str| match images.outcomes.get(url) {
        Some(Some(image)) => Outcome::Published(image),
        Some(None) => Outcome::LeftOut,
        None => Outcome::AsIs,
    };
    // A document that shows images: rewritten when read, and so written
    // to the API folder.
    let with_images: std::collections::BTreeSet<&str> = found_images.iter().map(|(path, _)| path.as_str()).collect();
    let rewritten_documents: Mutex<std::collections::BTreeSet<String>> = Mutex::default();
    let rewrite = |path: &str, text: String| -> Result<String, SourceError> {
        let text = document_images::rewrite_document(path, &text, &image_base, &outcome).unwrap_or(text);
        let first = rewritten_documents.lock().map(|mut done| done.insert(path.to_string())).unwrap_or(false);
        if let (Some(folder), true) = (&own_api, first) {
            let relative = format!("{folder}/{path}");
            build
                .put(&relative, text.as_bytes())
                .map_err(|cause| SourceError { location: build.dir().join(&relative).display().to_string(), cause })?;
        }
        Ok(text)
    };
    let rewriting_source = RewritingSource { inner: render_source, documents: &with_images, rewrite: &rewrite };
    let render_source: &dyn Source = &rewriting_source;

    // Rendering pass, into the build.
    let started = Instant::now();
    // The search index first, so its files leave memory before rendering.
    let search_file_count = search_files.files.len();
    let search_bytes: u64 = search_files.files.iter().map(|(_, bytes)| bytes.len() as u64).sum();
    for (file, bytes) in search_files.files {
        build.put(&file, &bytes).map_err(output)?;
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
                            build.put(&page.published_file(), html.as_bytes()).map_err(PublishError::Output)
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
        build.put(&file, text.as_bytes()).map_err(output)?;
    }

    // Documents with images that no page shows (site.json, say).
    for path in &with_images {
        let done = rewritten_documents.lock().map(|done| done.contains(*path)).unwrap_or(false);
        if !done {
            render_source.get(path).map_err(|error| PublishError::Content(error.into()))?;
        }
    }

    // The previous builds' hashed assets, for readers of their pages.
    let now = switch::now();
    let (live_app, live_retained) = match (&live, live.manifest()) {
        (_, Some(manifest)) => (manifest.app.clone(), manifest.retained.clone()),
        (Live::Directory(dir) | Live::Build { dir, .. }, None) => {
            let api_folders: Vec<&str> = own_api.as_deref().into_iter().collect();
            (output::app_files(dir, &api_folders).unwrap_or_default(), Default::default())
        }
        (Live::Missing, None) => (Vec::new(), Default::default()),
    };
    let mut retained = switch::retained_assets(&live_app, &live_retained, &app.files, now, options.keep_old_assets);
    if let Some(live_dir) = live.dir() {
        retained.retain(|file, _| {
            let from = live_dir.join(file);
            !build.has(file) && from.is_file() && build.link_app_file(&from, file).is_ok()
        });
    } else {
        retained.clear();
    }
    build.prune().map_err(output)?;
    switch::step("staged");

    let changes = build.changes(own_api.as_deref());
    let report = |build_dir: PathBuf, switched: bool, builds_deleted: usize, changes: Changes| Report {
        pages: pages.len() + 1,
        articles: index.articles.len(),
        feeds: feed_count,
        sitemaps: sitemap_count,
        sitemap_urls,
        search_files: search_file_count,
        search_bytes,
        search: search_timing,
        changes,
        images: image_count,
        image_files: images.files.len(),
        images_encoded: images.encoded,
        images_not_downloaded: images.unchanged_downloads,
        image_warnings: images.warnings.clone(),
        app_files: app.files.len(),
        kept_assets: retained.len(),
        build: build_dir,
        switched,
        builds_deleted,
        checking,
        rendering: started.elapsed(),
    };

    // Nothing changed: the live build stays, the new one goes.
    if let (Live::Build { dir, manifest: Some(manifest), .. }, true) = (&live, changes.written.is_empty() && changes.deleted.is_empty()) {
        let same_app = manifest.app == app.files && app.files.iter().all(|file| same_file(&app.dir.join(file), &dir.join(file)));
        if same_app && manifest.retained == retained && manifest.api_folder == own_api {
            site.keep_as_spare(&id, &mut guard);
            drop(guard);
            // What a run that died left goes all the same.
            let keep: Vec<&str> = std::iter::once(manifest.id.as_str()).chain(manifest.previous.as_deref()).collect();
            let builds_deleted = site.clean(&keep);
            return Ok(report(dir.clone(), false, builds_deleted, changes));
        }
    }

    // The id the live site will have as the previous build: its own, or
    // the one a real directory gets when it moves into the builds folder.
    let old_directory = matches!(live, Live::Directory(_)).then(|| switch::before_id(&id));
    let previous = match &live {
        Live::Build { id: Some(previous), .. } => Some(previous.clone()),
        _ => old_directory,
    };
    let manifest = Manifest {
        version: 1,
        id: id.clone(),
        created: now,
        app: app.files.clone(),
        retained: retained.clone(),
        api_folder: own_api.clone(),
        previous: previous.clone(),
    };
    site.write_manifest(&manifest).map_err(output)?;
    switch::step("manifest");
    let moved = site.switch(&id, &live, &mut guard).map_err(output)?;
    let previous = previous.filter(|previous| moved.as_deref() == Some(previous.as_str()) || matches!(live, Live::Build { .. }));
    let keep: Vec<&str> = std::iter::once(id.as_str()).chain(previous.as_deref()).collect();
    let builds_deleted = site.clean(&keep);
    Ok(report(site.build_dir(&id), true, builds_deleted, changes))
}
