//! The live site and the atomic switch between builds.
//!
//! `--out PATH` is the live site. After a run, PATH is a symbolic link to a
//! complete build folder, `PATH.builds/<id>/` (relative target, so the pair
//! can be moved together), and nginx's `root PATH` follows it per request.
//! A run:
//!
//! 1. takes the lock `PATH.builds/.lock` (`flock`: a second run into the
//!    same PATH waits, and says so on stderr);
//! 2. builds the whole new site in a fresh `PATH.builds/<id>/`
//!    ([`crate::output::Build`]), with the previous build's content-hashed
//!    assets that are still within their time ([`Manifest::retained`]);
//! 3. writes its manifest `PATH.builds/<id>.json` (outside the served tree);
//! 4. makes it live in one step: a new symbolic link (made in the builds
//!    folder, on PATH's file system) `rename(2)`d over PATH. A PATH that is still a real directory (Trunk's
//!    output published in place, or a site of the layout before builds) is
//!    swapped with the link by `renameat2(RENAME_EXCHANGE)` (Linux), then
//!    moved into `PATH.builds/` as the previous build;
//! 5. deletes the builds before the previous one (the previous one stays,
//!    for a rollback with `ln -sfn`), and what a run that died left; one
//!    of them is kept as the spare folder, `PATH.builds/.spare`, which the
//!    next run renames to its own id and brings up to date in place
//!    ([`crate::output::Build::create_in`]) rather than making every entry
//!    of a new build and deleting a whole old one.
//!
//! Anything that fails before step 4 removes the new build folder and its
//! manifest ([`BuildGuard`]): the live site is byte-identical. For the
//! fault-injection tests, `BANTIN_PUBLISH_ABORT_AT=<step>` aborts the
//! process at a named step ([`STEPS`]), as a kill would.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// The steps `BANTIN_PUBLISH_ABORT_AT` can stop a run at: every file of the
/// new build written; its manifest written; the new link created beside
/// the live site; the switch made (before the old builds are deleted).
pub const STEPS: [&str; 4] = ["staged", "manifest", "linked", "switched"];

/// How long a superseded content-hashed asset stays reachable by default.
pub const DEFAULT_KEEP_OLD_ASSETS: Duration = Duration::from_secs(24 * 60 * 60);

/// The link being made live, inside the builds folder until the switch.
const NEXT_LINK: &str = ".next-link";
const LOCK_FILE: &str = ".lock";
/// The folder the next run builds in: an old build, not served.
const SPARE: &str = ".spare";
const MANIFEST_VERSION: u32 = 1;

/// Test-only fault injection: aborts the process (no unwinding, no `Drop`:
/// as if it were killed) when `BANTIN_PUBLISH_ABORT_AT` names `step`.
pub fn step(step: &str) {
    if std::env::var_os("BANTIN_PUBLISH_ABORT_AT").is_some_and(|wanted| wanted == step) {
        eprintln!("publish: BANTIN_PUBLISH_ABORT_AT={step}: aborting");
        std::process::abort();
    }
}

fn io_error(path: &Path, error: std::io::Error) -> String {
    format!("{}: {error}", path.display())
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

/// What a build holds besides its published files, kept beside it as
/// `PATH.builds/<id>.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub id: String,
    /// When the build was made (Unix seconds).
    pub created: u64,
    /// The app's files (the shell's assets), relative: what the next run
    /// without `--app` takes the app from.
    pub app: Vec<String>,
    /// Content-hashed assets of earlier builds kept for readers who loaded
    /// a page of one: file → when it left the app (Unix seconds).
    pub retained: BTreeMap<String, u64>,
    /// The API folder the run wrote (`api`), if any.
    pub api_folder: Option<String>,
    /// The build that was live before this one (kept for a rollback).
    #[serde(default)]
    pub previous: Option<String>,
}

/// What PATH is when a run starts.
#[derive(Clone, Debug)]
pub enum Live {
    /// Nothing yet.
    Missing,
    /// A real directory: Trunk's output, or the layout before builds.
    Directory(PathBuf),
    /// A link to a build: where it leads, its id when it is one of
    /// `PATH.builds/`, and its manifest when it has one.
    Build { dir: PathBuf, id: Option<String>, manifest: Option<Manifest> },
}

impl Live {
    /// The folder the live site is served from.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Live::Missing => None,
            Live::Directory(dir) | Live::Build { dir, .. } => Some(dir),
        }
    }

    pub fn manifest(&self) -> Option<&Manifest> {
        match self {
            Live::Build { manifest, .. } => manifest.as_ref(),
            _ => None,
        }
    }
}

/// The held lock of one PATH; released when dropped (the file stays).
struct Lock {
    _file: std::fs::File,
}

impl Lock {
    #[cfg(unix)]
    fn take(path: &Path, out: &Path) -> Result<Lock, String> {
        use std::os::fd::AsRawFd;
        let file = std::fs::OpenOptions::new().create(true).truncate(false).read(true).write(true).open(path).map_err(|error| io_error(path, error))?;
        // SAFETY: `flock` on a descriptor this function owns.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            return Ok(Lock { _file: file });
        }
        let error = std::io::Error::last_os_error();
        if error.raw_os_error() != Some(libc::EWOULDBLOCK) {
            return Err(io_error(path, error));
        }
        eprintln!("publish: another run is publishing into {} (it holds {}); waiting for it to finish…", out.display(), path.display());
        // SAFETY: as above; blocks until the other run's descriptor closes.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(io_error(path, std::io::Error::last_os_error()));
        }
        eprintln!("publish: the other run into {} is done; publishing", out.display());
        Ok(Lock { _file: file })
    }

    #[cfg(not(unix))]
    fn take(path: &Path, _out: &Path) -> Result<Lock, String> {
        let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(path).map_err(|error| io_error(path, error))?;
        Ok(Lock { _file: file })
    }
}

/// The live site PATH, locked for one run.
pub struct SiteFolder {
    out: PathBuf,
    /// PATH's file name (`site`), the start of the link's target.
    name: String,
    builds: PathBuf,
    _lock: Lock,
}

impl SiteFolder {
    /// Takes PATH for a run: creates `PATH.builds/` and its lock (waiting
    /// for another run that holds it) and removes what a run that died
    /// left of its link.
    pub fn lock(out: &Path) -> Result<SiteFolder, String> {
        // `site/` names the link itself, not the folder it leads to: no
        // trailing slash. `.`, `dist/..`: the real path has the name.
        let out: PathBuf = out.components().collect();
        let out = if out.file_name().is_some() { out } else { out.canonicalize().map_err(|error| io_error(&out, error))? };
        let name = out
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .ok_or_else(|| format!("{}: the site's folder needs a name", out.display()))?;
        let builds = out.with_file_name(format!("{name}.builds"));
        std::fs::create_dir_all(&builds).map_err(|error| {
            format!("{}: cannot make the builds folder beside the site: {error}", builds.display())
        })?;
        let lock = Lock::take(&builds.join(LOCK_FILE), &out)?;
        let folder = SiteFolder { out, name, builds, _lock: lock };
        folder.remove_next_link();
        Ok(folder)
    }

    pub fn out(&self) -> &Path {
        &self.out
    }

    pub fn builds(&self) -> &Path {
        &self.builds
    }

    /// A link (or, after an exchange that was not followed by its move, the
    /// old directory) left by a run that died.
    fn remove_next_link(&self) {
        let next = self.builds.join(NEXT_LINK);
        match std::fs::symlink_metadata(&next) {
            Ok(metadata) if metadata.is_dir() => {
                let _ = std::fs::remove_dir_all(&next);
            }
            Ok(_) => {
                let _ = std::fs::remove_file(&next);
            }
            Err(_) => {}
        }
    }

    /// What PATH is now.
    pub fn live(&self) -> Result<Live, String> {
        let metadata = match std::fs::symlink_metadata(&self.out) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Live::Missing),
            Err(error) => return Err(io_error(&self.out, error)),
        };
        if metadata.file_type().is_symlink() {
            // A link that leads nowhere is replaced like a missing site.
            let Ok(dir) = self.out.canonicalize() else { return Ok(Live::Missing) };
            if !dir.is_dir() {
                return Err(format!("{} leads to {}, which is not a folder", self.out.display(), dir.display()));
            }
            let builds = self.builds.canonicalize().unwrap_or_else(|_| self.builds.clone());
            let id = (dir.parent() == Some(builds.as_path())).then(|| dir.file_name().map(|name| name.to_string_lossy().into_owned())).flatten();
            let manifest = id.as_deref().and_then(|id| self.read_manifest(id));
            return Ok(Live::Build { dir, id, manifest });
        }
        if metadata.is_dir() {
            return Ok(Live::Directory(self.out.clone()));
        }
        Err(format!("{} is a file; the site must be a folder (or a link to one)", self.out.display()))
    }

    fn manifest_path(&self, id: &str) -> PathBuf {
        self.builds.join(format!("{id}.json"))
    }

    fn read_manifest(&self, id: &str) -> Option<Manifest> {
        let bytes = std::fs::read(self.manifest_path(id)).ok()?;
        serde_json::from_slice::<Manifest>(&bytes).ok().filter(|manifest| manifest.version == MANIFEST_VERSION && manifest.id == id)
    }

    /// A new build id: the time in UTC, the process, a counter
    /// (`20261207T223105Z-4242-0`).
    pub fn new_id(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let now = unix_seconds(SystemTime::now());
        let time = chrono::DateTime::from_timestamp(i64::try_from(now).unwrap_or(0), 0)
            .map(|time| time.format("%Y%m%dT%H%M%SZ").to_string())
            .unwrap_or_else(|| now.to_string());
        format!("{time}-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
    }

    /// The folder of build `id`.
    pub fn build_dir(&self, id: &str) -> PathBuf {
        self.builds.join(id)
    }

    /// The spare folder (see the module docs); it may not exist.
    pub fn spare_dir(&self) -> PathBuf {
        self.builds.join(SPARE)
    }

    /// Build `id`, which does not go live (nothing changed), becomes the
    /// spare folder if there is none, rather than being deleted.
    pub fn keep_as_spare(&self, id: &str, guard: &mut BuildGuard) {
        let spare = self.spare_dir();
        if std::fs::symlink_metadata(&spare).is_err() && std::fs::rename(self.build_dir(id), &spare).is_ok() {
            guard.keep();
            let _ = std::fs::remove_file(self.manifest_path(id));
        }
    }

    /// A guard that removes build `id` (folder and manifest) unless kept.
    pub fn guard(&self, id: &str) -> BuildGuard {
        BuildGuard { dir: self.build_dir(id), manifest: self.manifest_path(id), armed: true }
    }

    /// Writes build `id`'s manifest (a new file, renamed into place).
    pub fn write_manifest(&self, manifest: &Manifest) -> Result<(), String> {
        let path = self.manifest_path(&manifest.id);
        let partial = self.builds.join(format!("{}.json.part", manifest.id));
        let bytes = serde_json::to_vec_pretty(manifest).map_err(|error| format!("{}: {error}", path.display()))?;
        std::fs::write(&partial, bytes).map_err(|error| io_error(&partial, error))?;
        std::fs::rename(&partial, &path).map_err(|error| io_error(&path, error))
    }

    /// Makes build `id` live in one step (see the module docs); `live` is
    /// what PATH was. The guard is disarmed as soon as PATH leads to the
    /// new build. Returns the id the old directory got, when PATH was one.
    pub fn switch(&self, id: &str, live: &Live, guard: &mut BuildGuard) -> Result<Option<String>, String> {
        let next = self.builds.join(NEXT_LINK);
        let target = format!("{}.builds/{id}", self.name);
        symlink(&target, &next).map_err(|error| io_error(&next, error))?;
        step("linked");
        let outcome = match live {
            Live::Directory(_) => self.exchange(&next, id, guard),
            Live::Missing | Live::Build { .. } => std::fs::rename(&next, &self.out).map(|()| {
                guard.keep();
                None
            }),
        };
        match outcome {
            Ok(old) => {
                step("switched");
                Ok(old)
            }
            Err(error) => {
                if guard.armed {
                    let _ = std::fs::remove_file(&next);
                }
                Err(format!("{}: making the new build live: {error}", self.out.display()))
            }
        }
    }

    /// PATH is a real directory: the link takes its place in one step
    /// (`renameat2(RENAME_EXCHANGE)`), and the directory, now at the link's
    /// old name, moves into the builds folder as the previous build.
    fn exchange(&self, next: &Path, id: &str, guard: &mut BuildGuard) -> std::io::Result<Option<String>> {
        exchange(next, &self.out)?;
        guard.keep();
        let old = before_id(id);
        if let Err(error) = std::fs::rename(next, self.build_dir(&old)) {
            // The switch is made; the next run removes what is left here.
            eprintln!("publish: warning: the old folder stays at {}: {error}", next.display());
            return Ok(None);
        }
        Ok(Some(old))
    }

    /// Deletes every build but `keep` (the new one, and the one that was
    /// live before it), with their manifests and what dead runs left; the
    /// first of them becomes the spare folder when there is none. Returns
    /// how many builds are gone.
    pub fn clean(&self, keep: &[&str]) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.builds) else { return 0 };
        let mut deleted = 0;
        let spare = self.spare_dir();
        let mut has_spare = std::fs::symlink_metadata(&spare).is_ok_and(|metadata| metadata.is_dir());
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == LOCK_FILE || name == SPARE {
                continue;
            }
            let id = name.strip_suffix(".json.part").or_else(|| name.strip_suffix(".json")).unwrap_or(&name);
            if keep.contains(&id) {
                continue;
            }
            let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
            if is_dir && !has_spare && std::fs::rename(entry.path(), &spare).is_ok() {
                has_spare = true;
                deleted += 1;
                continue;
            }
            let removed = if is_dir { std::fs::remove_dir_all(entry.path()) } else { std::fs::remove_file(entry.path()) };
            match removed {
                Ok(()) => deleted += usize::from(is_dir),
                Err(error) => eprintln!("publish: warning: could not delete the old build {}: {error}", entry.path().display()),
            }
        }
        deleted
    }
}

/// The id a live real directory gets when build `id` replaces it.
pub fn before_id(id: &str) -> String {
    format!("{id}-before")
}

/// Removes a build that did not go live (its folder and manifest) when
/// dropped, unless [`BuildGuard::keep`] was called.
pub struct BuildGuard {
    dir: PathBuf,
    manifest: PathBuf,
    armed: bool,
}

impl BuildGuard {
    /// The build is live: it stays.
    pub fn keep(&mut self) {
        self.armed = false;
    }
}

impl Drop for BuildGuard {
    fn drop(&mut self) {
        if self.armed {
            let _ = std::fs::remove_dir_all(&self.dir);
            let _ = std::fs::remove_file(&self.manifest);
            let _ = std::fs::remove_file(self.manifest.with_extension("json.part"));
        }
    }
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &str, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "symbolic links are needed for the atomic switch"))
}

/// Swaps two paths in one step (Linux's `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |path: &Path| CString::new(path.as_os_str().as_bytes()).map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "a NUL in the path"));
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two NUL-terminated paths that live across the call.
    let result = unsafe { libc::syscall(libc::SYS_renameat2, libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Without `renameat2`: the directory moves away, then the link takes its
/// name; between the two renames PATH does not exist (a few microseconds in
/// which a server answers 404). Only the first run into such a folder does
/// this; later runs replace a link by a link.
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let aside = b.with_file_name(format!("{}.exchange", b.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()));
    std::fs::rename(b, &aside)?;
    if let Err(error) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&aside, b);
        return Err(error);
    }
    std::fs::rename(&aside, a)
}

/// The content-hashed assets a new build keeps from the live one: those
/// the live build's app had and the new app has not (they leave it `now`),
/// and those it kept itself that are younger than `keep`.
pub fn retained_assets(
    live_app: &[String],
    live_retained: &BTreeMap<String, u64>,
    new_app: &[String],
    now: u64,
    keep: Duration,
) -> BTreeMap<String, u64> {
    let in_new = |file: &String| new_app.binary_search(file).is_ok();
    let mut retained = BTreeMap::new();
    if keep.is_zero() {
        return retained;
    }
    for (file, left) in live_retained {
        if !in_new(file) && now.saturating_sub(*left) < keep.as_secs() {
            retained.insert(file.clone(), *left);
        }
    }
    for file in live_app {
        if crate::output::is_content_hashed(file) && !in_new(file) {
            retained.entry(file.clone()).or_insert(now);
        }
    }
    retained
}

/// Now, in Unix seconds.
pub fn now() -> u64 {
    unix_seconds(SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(files: &[&str]) -> Vec<String> {
        let mut files: Vec<String> = files.iter().map(|file| file.to_string()).collect();
        files.sort();
        files
    }

    #[test]
    fn superseded_hashed_assets_are_kept_for_their_time_and_then_dropped() {
        let day = Duration::from_secs(86_400);
        let live = names(&["a-0123456789abcdef.js", "a-0123456789abcdef_bg.wasm", "favicon.svg", "b-1111111111111111.css"]);
        let new = names(&["a-fedcba9876543210.js", "a-fedcba9876543210_bg.wasm", "favicon.svg", "b-1111111111111111.css"]);
        let earlier: BTreeMap<String, u64> =
            [("old-2222222222222222.js".to_string(), 100_000), ("older-3333333333333333.css".to_string(), 100_000 - 86_400)].into();
        let kept = retained_assets(&live, &earlier, &new, 100_000 + 3_600, day);
        let expected: BTreeMap<String, u64> = [
            ("a-0123456789abcdef.js".to_string(), 103_600),
            ("a-0123456789abcdef_bg.wasm".to_string(), 103_600),
            ("old-2222222222222222.js".to_string(), 100_000),
        ]
        .into();
        assert_eq!(kept, expected, "favicon.svg is not hashed; older-… is past its day; b-… is still the app's");
        // A name the new app has again is the app's, not a kept one.
        let back = retained_assets(&new, &kept, &live, 105_000, day);
        assert!(!back.contains_key("a-0123456789abcdef.js"));
        assert!(back.contains_key("a-fedcba9876543210.js"));
        assert!(retained_assets(&live, &earlier, &new, 105_000, Duration::ZERO).is_empty());
    }
}
