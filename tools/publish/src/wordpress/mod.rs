//! Publishing from a live WordPress site (`publish --from wordpress --url
//! http://host/ --out dist`): its REST API (`wp/v2`) read into the contract,
//! then the same publishing run as for any content folder, with the
//! contract's documents written into the published folder's API folder.
//!
//! - [`client`]: HTTP, the API's root (`/wp-json/` or `?rest_route=`),
//!   paged listings, timeouts, what is not JSON;
//! - [`map`]: WordPress's JSON to the contract's fields, pure;
//! - [`contract`]: the contract's documents from the mapped posts, pure.
//!
//! A run keeps what it learnt in a state folder (`--state`, by default
//! `{out}.wordpress` beside the published folder): `sync.json` (every
//! published post, mapped, and the newest `modified_gmt` seen) and `media/`
//! (the featured images). The next run asks only for posts modified since
//! (`modified_after`), lists the ids of all listed posts (`_fields=id`) to
//! find deleted and unpublished ones, and fetches by id posts that appear
//! without a newer modification (a scheduled post whose time came). The
//! documents are rebuilt from the state every run; the publishing step then
//! writes only the files whose bytes changed.
//!
//! Nothing is written to the published folder or to `sync.json` until
//! every request has succeeded and every page has been rendered: a run that
//! fails leaves the previous site and state as they were (images it
//! downloaded stay in `media/` for the next run).

pub mod client;
pub mod contract;
pub mod map;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::content::ContentError;
use crate::source::SourceError;
use crate::{publish_with, ContentFrom, Options, PublishError, Report};
use client::Client;
use contract::{media_file, SiteInfo, MEDIA_FOLDER};
use map::{map_category, map_page, map_post, Mapped, WpPost};

/// The fields of a post the mapping reads (`_links` is needed for `_embed`).
pub const POST_FIELDS: &str =
    "id,slug,status,date_gmt,modified_gmt,title,excerpt,content,categories,featured_media,author,_links,_embedded";
/// The fields of a page (a static page of the portal).
pub const PAGE_FIELDS: &str = "id,slug,status,modified_gmt,title,content,menu_order";
/// What is embedded: the author's name, the featured image, the terms.
pub const POST_EMBED: &str = "author,wp:featuredmedia,wp:term";
/// How long one request may take (`--timeout`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// One run from WordPress.
#[derive(Clone, Debug)]
pub struct WordPressOptions {
    /// The WordPress site (`http://host/`).
    pub url: String,
    /// The live site (a link to its build after the run; see `switch`).
    pub out: PathBuf,
    /// The app (Trunk's output folder); `None`: the live site's.
    pub app: Option<PathBuf>,
    /// The sync state; `None`: `{out}.wordpress` beside `out`.
    pub state: Option<PathBuf>,
    /// The public origin; `None`: the WordPress site's `home`.
    pub origin: Option<String>,
    /// The API base the app reads, a path on the portal (`/api/`); the
    /// contract's documents are written into that folder of `out`.
    /// `None`: the shell's, else `/api/`.
    pub api_base: Option<String>,
    pub threads: usize,
    pub timeout: Duration,
    /// How long superseded hashed assets stay reachable.
    pub keep_old_assets: Duration,
    /// The image cache; `None`: `{out}.images` (see [`Options::image_cache`]).
    pub image_cache: Option<PathBuf>,
    /// Hosts whose images are copied besides WordPress's own.
    pub copy_images_from: Vec<String>,
}

impl WordPressOptions {
    pub fn new(url: &str, out: impl Into<PathBuf>) -> WordPressOptions {
        WordPressOptions {
            url: url.to_string(),
            out: out.into(),
            app: None,
            state: None,
            origin: None,
            api_base: None,
            threads: 0,
            timeout: DEFAULT_TIMEOUT,
            keep_old_assets: crate::DEFAULT_KEEP_OLD_ASSETS,
            image_cache: None,
            copy_images_from: Vec::new(),
        }
    }

    /// Where the state is kept.
    pub fn state_dir(&self) -> PathBuf {
        self.state.clone().unwrap_or_else(|| {
            // `.` or `dist/..` have no name of their own: their real path does.
            let out = if self.out.file_name().is_some() { self.out.clone() } else { self.out.canonicalize().unwrap_or_else(|_| self.out.clone()) };
            let name = out.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_else(|| "dist".into());
            out.with_file_name(format!("{name}.wordpress"))
        })
    }
}

/// What a run from WordPress did.
#[derive(Clone, Debug)]
pub struct WordPressReport {
    /// No usable state: every post was read.
    pub full: bool,
    /// HTTP requests made to WordPress (images included).
    pub requests: usize,
    /// Posts in the listings read (changed ones, or all on a full run).
    pub posts_read: usize,
    /// Published posts afterwards.
    pub posts: usize,
    /// Posts gone since the last run (deleted, unpublished, hidden).
    pub removed: usize,
    /// Images downloaded.
    pub images: usize,
    /// Reading WordPress and writing the contract's documents.
    pub sync: Duration,
    /// The publishing run that followed.
    pub publish: Report,
}

/// The state between runs (`sync.json`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct SyncState {
    version: u32,
    /// The WordPress site and the origin the bodies were sanitised for: a
    /// state of another site or origin is not used.
    site_url: String,
    origin: String,
    /// The newest `modified_gmt` of any post read.
    last_modified_gmt: Option<String>,
    posts: BTreeMap<u64, WpPost>,
    /// Posts listed but never published (password-protected), so the id
    /// listing does not fetch them again.
    hidden: BTreeSet<u64>,
}

const STATE_VERSION: u32 = 1;
const STATE_FILE: &str = "sync.json";

fn content_error(error: SourceError) -> PublishError {
    PublishError::Content(ContentError { location: error.location, cause: error.cause })
}

fn at(location: &str, cause: impl Into<String>) -> PublishError {
    PublishError::Content(ContentError { location: location.to_string(), cause: cause.into() })
}

fn io(path: &Path, error: std::io::Error) -> PublishError {
    PublishError::Output(format!("{}: {error}", path.display()))
}

/// The API base as a folder of the published site (`/api/` → `api`).
fn api_folder(api_base: &str) -> Result<String, PublishError> {
    crate::api_folder_of(api_base).ok_or_else(|| {
        PublishError::Output(format!(
            "--api-base {api_base:?}: publishing from WordPress writes the API into the published folder, so the base must be a path like /api/"
        ))
    })
}

/// `modified_gmt` one second earlier, as `modified_after` wants it (UTC,
/// `Z`): `modified_after` is strict, and a post saved in the same second as
/// the newest one read must not be missed.
fn modified_after(modified_gmt: &str) -> Option<String> {
    let time = chrono::NaiveDateTime::parse_from_str(modified_gmt, "%Y-%m-%dT%H:%M:%S").ok()?;
    Some(format!("{}Z", (time - chrono::Duration::seconds(1)).format("%Y-%m-%dT%H:%M:%S")))
}

fn text_field(index: &Value, key: &str) -> Option<String> {
    index.get(key).and_then(Value::as_str).map(map::html_to_text).filter(|text| !text.is_empty())
}

/// Folds listed posts into the state: published ones in, others out.
fn apply(state: &mut SyncState, items: Vec<(Value, String)>, origin: &str, newest: &mut Option<String>) -> Result<(), PublishError> {
    for (item, url) in items {
        if let Some(modified) = item.get("modified_gmt").and_then(Value::as_str) {
            if newest.as_deref().is_none_or(|newest| modified > newest) && map::gmt_to_vietnam(modified).is_some() {
                *newest = Some(modified.to_string());
            }
        }
        match map_post(&item, origin).map_err(|cause| at(&url, cause))? {
            Mapped::Published(post) => {
                state.hidden.remove(&post.id);
                state.posts.insert(post.id, *post);
            }
            Mapped::Hidden(id, _) => {
                state.posts.remove(&id);
                state.hidden.insert(id);
            }
        }
    }
    Ok(())
}

/// The folder a run writes its documents to, removed however the run ends.
struct ContentFolder(PathBuf);

impl Drop for ContentFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One run; see the module docs.
pub fn publish_wordpress(options: &WordPressOptions) -> Result<WordPressReport, PublishError> {
    let started = Instant::now();
    // The app's shell: `--app`'s, else the live site's.
    let template = crate::load_shell(options.app.as_deref().unwrap_or(&options.out))?;
    let api_base = options.api_base.clone().or_else(|| template.api_base()).unwrap_or_else(|| "/api/".into());
    let api_folder = api_folder(&api_base)?;
    let state_dir = options.state_dir();
    let mut client = Client::new(&options.url, options.timeout);
    let index = client.discover().map_err(content_error)?;
    let index_url = client.url("/", &[]);
    let name = text_field(&index, "name").ok_or_else(|| at(&index_url, "the API's index has no site \"name\""))?;
    let home = text_field(&index, "home").or_else(|| text_field(&index, "url"));
    let origin = options
        .origin
        .clone()
        .or(home)
        .ok_or_else(|| at(&index_url, "no site address (\"home\"): pass --origin https://…"))?
        .trim()
        .trim_end_matches('/')
        .to_string();

    let previous: Option<SyncState> = std::fs::read(state_dir.join(STATE_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<SyncState>(&bytes).ok())
        .filter(|state| state.version == STATE_VERSION && state.site_url == options.url && state.origin == origin);
    let full = previous.is_none();
    let mut state = previous.unwrap_or_else(|| SyncState {
        version: STATE_VERSION,
        site_url: options.url.clone(),
        origin: origin.clone(),
        ..SyncState::default()
    });
    let before: BTreeSet<u64> = state.posts.keys().copied().collect();

    let categories = client
        .list("/wp/v2/categories", &[("_fields", "id,name,slug,description".into())])
        .map_err(content_error)?
        .into_iter()
        .map(|(item, url)| map_category(&item).map_err(|cause| at(&url, cause)))
        .collect::<Result<Vec<_>, _>>()?;

    // Pages are few and have no embeds: all of them, every run.
    let pages = client
        .list("/wp/v2/pages", &[("_fields", PAGE_FIELDS.into()), ("orderby", "id".into()), ("order", "asc".into())])
        .map_err(content_error)?
        .into_iter()
        .filter_map(|(item, url)| map_page(&item, &origin).map_err(|cause| at(&url, cause)).transpose())
        .collect::<Result<Vec<_>, _>>()?;

    let mut query = vec![
        ("_embed", POST_EMBED.to_string()),
        ("_fields", POST_FIELDS.to_string()),
        ("orderby", "id".to_string()),
        ("order", "asc".to_string()),
    ];
    if let Some(after) = state.last_modified_gmt.as_deref().and_then(modified_after) {
        query.push(("modified_after", after));
    }
    let changed = client.list("/wp/v2/posts", &query).map_err(content_error)?;
    let mut posts_read = changed.len();
    let mut newest = state.last_modified_gmt.clone();
    apply(&mut state, changed, &origin, &mut newest)?;
    if !full {
        // Deleted, trashed, unpublished: no longer listed. Listed but not
        // known: published without a newer modification (a scheduled post).
        let listed: BTreeSet<u64> = client
            .list("/wp/v2/posts", &[("_fields", "id".into())])
            .map_err(content_error)?
            .into_iter()
            .filter_map(|(item, _)| item.get("id").and_then(Value::as_u64))
            .collect();
        state.posts.retain(|id, _| listed.contains(id));
        state.hidden.retain(|id| listed.contains(id));
        let unknown: Vec<u64> = listed.iter().copied().filter(|id| !state.posts.contains_key(id) && !state.hidden.contains(id)).collect();
        for chunk in unknown.chunks(100) {
            let mut query = query.iter().filter(|(name, _)| *name != "modified_after").cloned().collect::<Vec<_>>();
            query.push(("include", chunk.iter().map(u64::to_string).collect::<Vec<_>>().join(",")));
            let items = client.list("/wp/v2/posts", &query).map_err(content_error)?;
            posts_read += items.len();
            apply(&mut state, items, &origin, &mut newest)?;
        }
    }
    state.last_modified_gmt = newest;
    let removed = before.iter().filter(|id| !state.posts.contains_key(id)).count();

    // Featured images: each downloaded once, kept in the state's media folder.
    let media_dir = state_dir.join("media");
    std::fs::create_dir_all(&media_dir).map_err(|error| io(&media_dir, error))?;
    let mut wanted: BTreeMap<String, String> = BTreeMap::new();
    for image in state.posts.values().filter_map(|post| post.image.as_ref()) {
        wanted.insert(media_file(image), image.source_url.clone());
    }
    let missing: Vec<(&String, &String)> = wanted.iter().filter(|(file, _)| !media_dir.join(file).is_file()).collect();
    let images = missing.len();
    let failure = std::sync::Mutex::new(None);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..client::PARALLEL {
            scope.spawn(|| {
                while let Some((file, url)) = missing.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    let outcome = client.image(url).map_err(content_error).and_then(|bytes| {
                        let partial = media_dir.join(format!("{file}.part"));
                        std::fs::write(&partial, bytes).map_err(|error| io(&partial, error))?;
                        std::fs::rename(&partial, media_dir.join(file)).map_err(|error| io(&partial, error))
                    });
                    if let Err(error) = outcome {
                        if let Ok(mut failure) = failure.lock() {
                            failure.get_or_insert(error);
                        }
                        // The other threads stop at their next image.
                        next.store(usize::MAX / 2, std::sync::atomic::Ordering::Relaxed);
                        break;
                    }
                }
            });
        }
    });
    if let Some(error) = failure.into_inner().ok().flatten() {
        return Err(error);
    }

    // The contract's documents, into a folder of this run's own.
    let content = ContentFolder(state_dir.join("content-next"));
    let _ = std::fs::remove_dir_all(&content.0);
    let site = SiteInfo { name, tagline: text_field(&index, "description"), url: Some(origin.clone()) };
    let posts: Vec<&WpPost> = state.posts.values().collect();
    for (path, json) in contract::documents(&site, &categories, &posts, &pages) {
        let file = content.0.join(&path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|error| io(parent, error))?;
        }
        std::fs::write(&file, json).map_err(|error| io(&file, error))?;
    }
    let content_media = content.0.join(MEDIA_FOLDER);
    std::fs::create_dir_all(&content_media).map_err(|error| io(&content_media, error))?;
    for file in wanted.keys() {
        let target = content_media.join(file);
        if std::fs::hard_link(media_dir.join(file), &target).is_err() {
            std::fs::copy(media_dir.join(file), &target).map_err(|error| io(&target, error))?;
        }
    }
    let sync = started.elapsed();

    let publish_options = Options {
        from: ContentFrom::Folder(content.0.clone()),
        out: options.out.clone(),
        app: options.app.clone(),
        origin: Some(origin),
        api_base: Some(api_base),
        threads: options.threads,
        keep_old_assets: options.keep_old_assets,
        image_cache: options.image_cache.clone(),
        // The images in bodies are WordPress's own uploads.
        copy_images_from: options.copy_images_from.iter().cloned().chain(crate::media::host_of(&options.url)).collect(),
    };
    let report = publish_with(&publish_options, Some(&api_folder))?;

    // Only now does the state move on; images no post uses any more go.
    let state_file = state_dir.join(STATE_FILE);
    let partial = state_dir.join(format!("{STATE_FILE}.part"));
    let bytes = serde_json::to_vec(&state).map_err(|error| PublishError::Output(format!("{}: {error}", state_file.display())))?;
    std::fs::write(&partial, bytes).map_err(|error| io(&partial, error))?;
    std::fs::rename(&partial, &state_file).map_err(|error| io(&state_file, error))?;
    if let Ok(entries) = std::fs::read_dir(&media_dir) {
        for entry in entries.flatten() {
            if !wanted.contains_key(&entry.file_name().to_string_lossy().into_owned()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(WordPressReport {
        full,
        requests: client.requests(),
        posts_read,
        posts: state.posts.len(),
        removed,
        images,
        sync,
        publish: report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_folder_is_a_path_of_the_portal() {
        assert_eq!(api_folder("/api/").unwrap(), "api");
        assert_eq!(api_folder("/cms/export").unwrap(), "cms/export");
        for bad in ["https://cms.example.gov.vn/api/", "/", "", "/../x/", "api/"] {
            assert!(api_folder(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn modified_after_is_one_second_earlier_in_utc() {
        assert_eq!(modified_after("2026-12-02T11:23:05").as_deref(), Some("2026-12-02T11:23:04Z"));
        assert_eq!(modified_after("2026-01-01T00:00:00").as_deref(), Some("2025-12-31T23:59:59Z"));
        assert_eq!(modified_after("hôm qua"), None);
    }

    #[test]
    fn the_state_lives_beside_the_published_folder() {
        assert_eq!(WordPressOptions::new("http://wp.test/", "/srv/site/dist").state_dir(), PathBuf::from("/srv/site/dist.wordpress"));
    }
}
