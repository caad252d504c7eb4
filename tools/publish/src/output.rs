//! The new build folder a run assembles beside the live site
//! (`PATH.builds/<id>/`), complete before it goes live ([`crate::switch`]).
//!
//! Every file of the new build is a new directory entry of its own: a
//! published file whose bytes are the same as the live build's is
//! hard-linked from it (so an incremental run writes almost nothing and the
//! file keeps its modification time); any other file is written as a new
//! file (`O_EXCL`), never through a link into an inode the live site
//! serves. The app's files (the shell's assets) are linked from the app
//! source the same way. A run that fails before the switch removes the
//! folder ([`crate::switch::BuildGuard`]); the live site never sees it.
//!
//! A run builds in the spare folder when there is one
//! ([`crate::switch::SiteFolder::spare_dir`]: the build before the previous
//! one, or a build that did not go live), brought up to date in place: a
//! file already there with the live build's bytes (the same inode, in the
//! steady state) is left alone, any other is replaced by a new entry
//! (`rename(2)` of a new link or a new file over it, never a write into an
//! inode another build may share), and what the new site does not have is
//! deleted ([`Build::prune`]). So a republish after one change costs a
//! comparison per file and the changed files, as writing in place did,
//! instead of a new entry per file and a whole old build to delete.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folders the publisher owns: the pages of articles, lists and static
/// pages, the categories' feeds, the parts of a site map index and the
/// search index. Only what a run writes there is in its build; what the
/// live build had there and the new one has not is reported deleted.
pub const OWNED_FOLDERS: [&str; 7] = ["bai-viet", "chuyen-muc", "trang", "rss", "sitemaps", "search", crate::published_images::IMAGES_FOLDER];

/// The files a run writes at the top of the folder (the home page replaces
/// Trunk's `index.html`, which is the shell).
pub const OWNED_FILES: [&str; 6] = ["index.html", crate::NOT_FOUND_FILE, crate::SHELL_FILE, "rss.xml", "sitemap.xml", "robots.txt"];

/// Folders of the layout before builds (the staging folder of old runs,
/// Trunk's own) that are never part of a build.
const LEFTOVER_FOLDERS: [&str; 2] = [".publish-staging", ".stage"];

/// What a run did to the published files (the app's files aside).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files written because they are new or their content changed.
    pub written: Vec<String>,
    /// Files whose content is the same as the live site's: linked, not written.
    pub unchanged: usize,
    /// Files of the live site's owned folders (and its API folder) that the
    /// new build does not have: pages, feeds, sitemap parts, documents gone.
    pub deleted: Vec<String>,
}

/// Whether `name` (a file name, or a path whose last part is one) is a
/// content-hashed asset: `ban-tin-0123456789abcdef_bg.wasm`,
/// `app-0123456789abcdef.css`, `split_search-0123456789abcdef.wasm`,
/// `ban-tin-…-split-0123456789abcdef.js`, also `.gz`/`.br` copies of them.
/// Its name changes whenever its bytes do, so an old one can be kept beside
/// the new one for readers of an earlier build (and cached as `immutable`).
/// Today's builds write exactly 16 hex digits (tools/asset-name.mjs); 12 to
/// 15 are Trunk's own names from before that step (its hash without leading
/// zeros), which a site published then may still have to keep for a day.
pub fn is_content_hashed(name: &str) -> bool {
    let name = name.rsplit('/').next().unwrap_or(name);
    let name = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".br")).unwrap_or(name);
    let Some(stem) = [".wasm", ".js", ".css"].iter().find_map(|extension| name.strip_suffix(extension)) else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((before, hash)) = stem.rsplit_once('-') else { return false };
    !before.is_empty() && (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether a top-level entry of an app source (or of a folder the old
/// layout published in place) is the publisher's, not the app's: its pages,
/// feeds and owned folders, the API folders, and precompressed copies of
/// its top-level files.
pub fn is_publishers_entry(name: &str, is_dir: bool, api_folders: &[&str]) -> bool {
    if is_dir {
        return OWNED_FOLDERS.contains(&name) || LEFTOVER_FOLDERS.contains(&name) || api_folders.iter().any(|folder| folder.split('/').next() == Some(name));
    }
    let plain = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".br")).unwrap_or(name);
    OWNED_FILES.contains(&plain)
}

fn io_error(path: &Path, error: std::io::Error) -> String {
    format!("{}: {error}", path.display())
}

/// Links `from` to `to` (a new entry), copying when a link cannot be made
/// (another file system, a symbolic link).
pub fn link_or_copy(from: &Path, to: &Path) -> Result<(), String> {
    let is_symlink = std::fs::symlink_metadata(from).is_ok_and(|metadata| metadata.file_type().is_symlink());
    if !is_symlink && std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|error| io_error(to, error))
}

/// A build folder being assembled; see the module docs.
pub struct Build {
    dir: PathBuf,
    /// The folder the live site is now (a build, or the old layout's real
    /// directory), to compare with and link from.
    live: Option<PathBuf>,
    written: Mutex<Vec<String>>,
    unchanged: Mutex<usize>,
    expected: Mutex<BTreeSet<String>>,
    /// Folders made so far (a run puts hundreds of files in each).
    folders: Mutex<std::collections::HashSet<PathBuf>>,
    /// Built in a spare folder: its files are brought up to date in place.
    recycled: bool,
    /// The app's files and kept assets linked in (besides `expected`).
    linked: Mutex<BTreeSet<String>>,
}

/// Whether `a` and `b` are the same inode.
fn same_inode(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
            return a.file_type().is_file() && a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    let _ = (a, b);
    false
}

/// A name beside `target` for its next version (removed by [`Build::prune`]
/// if a run dies between writing it and renaming it).
fn part_name(target: &Path) -> PathBuf {
    let name = target.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.publish-part"))
}

/// Puts `part` (a new entry) in `target`'s place in one step, removing a
/// folder that stands where the file must go.
fn rename_over(part: &Path, target: &Path) -> Result<(), String> {
    if std::fs::symlink_metadata(target).is_ok_and(|metadata| metadata.is_dir()) {
        std::fs::remove_dir_all(target).map_err(|error| io_error(target, error))?;
    }
    std::fs::rename(part, target).map_err(|error| {
        let _ = std::fs::remove_file(part);
        io_error(target, error)
    })
}

impl Build {
    /// A new, empty build folder `dir` (which must not exist).
    pub fn create(dir: &Path, live: Option<&Path>) -> Result<Build, String> {
        Build::create_in(dir, live, None)
    }

    /// The build folder `dir` (which must not exist): the `spare` folder
    /// renamed to it when there is one (see the module docs), else a new,
    /// empty one.
    pub fn create_in(dir: &Path, live: Option<&Path>, spare: Option<&Path>) -> Result<Build, String> {
        let recycled = spare
            .filter(|spare| std::fs::symlink_metadata(spare).is_ok_and(|metadata| metadata.is_dir()))
            .is_some_and(|spare| std::fs::rename(spare, dir).is_ok());
        if !recycled {
            std::fs::create_dir(dir).map_err(|error| io_error(dir, error))?;
        }
        Ok(Build {
            dir: dir.to_path_buf(),
            live: live.map(Path::to_path_buf),
            written: Mutex::default(),
            unchanged: Mutex::default(),
            expected: Mutex::default(),
            folders: Mutex::default(),
            recycled,
            linked: Mutex::default(),
        })
    }

    /// Whether the build is a spare folder brought up to date.
    pub fn recycled(&self) -> bool {
        self.recycled
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn make_parent(&self, target: &Path) -> Result<(), String> {
        let Some(parent) = target.parent().filter(|parent| *parent != self.dir) else { return Ok(()) };
        if self.folders.lock().is_ok_and(|folders| folders.contains(parent)) {
            return Ok(());
        }
        if let Err(error) = std::fs::create_dir_all(parent) {
            // In a spare folder, a file of an older site may stand where a
            // folder must go: it goes, then the folders are made.
            if !self.recycled {
                return Err(io_error(parent, error));
            }
            let relative = parent.strip_prefix(&self.dir).unwrap_or(parent);
            let mut path = self.dir.clone();
            for part in relative.components() {
                path.push(part);
                if std::fs::symlink_metadata(&path).is_ok_and(|metadata| !metadata.is_dir()) {
                    std::fs::remove_file(&path).map_err(|error| io_error(&path, error))?;
                }
            }
            std::fs::create_dir_all(parent).map_err(|error| io_error(parent, error))?;
        }
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// Adds a file of the app (`relative` in the build) from `from`.
    pub fn link_app_file(&self, from: &Path, relative: &str) -> Result<(), String> {
        if let Ok(mut linked) = self.linked.lock() {
            linked.insert(relative.to_string());
        }
        self.link_from(from, relative)
    }

    /// `relative` in the build as a link to `from` (a copy across file
    /// systems): in a spare folder, left alone when it is that file
    /// already, else a new link renamed over what is there.
    fn link_from(&self, from: &Path, relative: &str) -> Result<(), String> {
        let target = self.dir.join(relative);
        self.make_parent(&target)?;
        if !self.recycled {
            return link_or_copy(from, &target);
        }
        if same_inode(from, &target) {
            return Ok(());
        }
        let part = part_name(&target);
        let _ = std::fs::remove_file(&part);
        link_or_copy(from, &part)?;
        rename_over(&part, &target)
    }

    /// Records `relative` (an image under `anh/`, named by the hash of its
    /// bytes) as a file of the new site, linked from `from` (the image
    /// cache). Its name says its bytes: one the live site has is unchanged.
    pub fn link_published(&self, from: &Path, relative: &str) -> Result<(), String> {
        let fresh = self.expected.lock().map(|mut expected| expected.insert(relative.to_string())).unwrap_or(true);
        if !fresh {
            return Err(format!("{}: written twice in one run", self.dir.join(relative).display()));
        }
        let live_has = self.live.as_ref().is_some_and(|live| live.join(relative).is_file());
        if live_has {
            if let Ok(mut unchanged) = self.unchanged.lock() {
                *unchanged += 1;
            }
        } else if let Ok(mut written) = self.written.lock() {
            written.push(relative.to_string());
        }
        self.link_from(from, relative)
    }

    /// Records `relative` (a path like `bai-viet/x/index.html`) as a file
    /// of the new site with `content`: linked from the live site when its
    /// bytes are the same there, else written as a new file.
    pub fn put(&self, relative: &str, content: &[u8]) -> Result<(), String> {
        let fresh = self.expected.lock().map(|mut expected| expected.insert(relative.to_string())).unwrap_or(true);
        if !fresh {
            return Err(format!("{}: written twice in one run", self.dir.join(relative).display()));
        }
        let target = self.dir.join(relative);
        self.make_parent(&target)?;
        if let Some(live) = &self.live {
            let current = live.join(relative);
            let regular = std::fs::symlink_metadata(&current).is_ok_and(|metadata| metadata.file_type().is_file());
            if regular && std::fs::read(&current).is_ok_and(|bytes| bytes == content) && self.link_unchanged(&current, &target) {
                if let Ok(mut unchanged) = self.unchanged.lock() {
                    *unchanged += 1;
                }
                return Ok(());
            }
        }
        // A new file: in a spare folder, beside the old one, then renamed
        // over it.
        let path = if self.recycled { part_name(&target) } else { target.clone() };
        if self.recycled {
            let _ = std::fs::remove_file(&path);
        }
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|error| io_error(&path, error))?;
        file.write_all(content).map_err(|error| io_error(&path, error))?;
        drop(file);
        if self.recycled {
            rename_over(&path, &target)?;
        }
        if let Ok(mut written) = self.written.lock() {
            written.push(relative.to_string());
        }
        Ok(())
    }

    /// Makes `target` the live build's file `current` (same bytes): a new
    /// link, or, in a spare folder, nothing when it is that inode already.
    fn link_unchanged(&self, current: &Path, target: &Path) -> bool {
        if !self.recycled {
            return std::fs::hard_link(current, target).is_ok();
        }
        if same_inode(current, target) {
            return true;
        }
        let part = part_name(target);
        let _ = std::fs::remove_file(&part);
        std::fs::hard_link(current, &part).is_ok() && rename_over(&part, target).is_ok()
    }

    /// In a spare folder, deletes every file the new site does not have
    /// (pages, documents and assets of older sites, parts a dead run left)
    /// and the folders left empty; a new folder has nothing to delete.
    pub fn prune(&self) -> Result<(), String> {
        fn walk(root: &Path, relative: &Path, keep: &dyn Fn(&str) -> bool) -> Result<(), String> {
            let dir = root.join(relative);
            let entries = std::fs::read_dir(&dir).map_err(|error| io_error(&dir, error))?;
            for entry in entries {
                let entry = entry.map_err(|error| io_error(&dir, error))?;
                let child = relative.join(entry.file_name());
                if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                    walk(root, &child, keep)?;
                    // Removed only if nothing is left in it.
                    let _ = std::fs::remove_dir(root.join(&child));
                } else if !keep(&child.to_string_lossy().replace('\\', "/")) {
                    let path = root.join(&child);
                    std::fs::remove_file(&path).map_err(|error| io_error(&path, error))?;
                }
            }
            Ok(())
        }
        if !self.recycled {
            return Ok(());
        }
        let expected = self.expected.lock().map_err(|_| "the build's list of files is poisoned".to_string())?;
        let linked = self.linked.lock().map_err(|_| "the build's list of files is poisoned".to_string())?;
        walk(&self.dir, Path::new(""), &|key| expected.contains(key) || linked.contains(key))
    }

    /// Whether `relative` is a file this run put.
    pub fn has(&self, relative: &str) -> bool {
        self.expected.lock().is_ok_and(|expected| expected.contains(relative))
    }

    /// What the run did, compared with the live site: the files of its
    /// owned folders (and `api_folder`) that the new build does not have
    /// are the deleted ones.
    pub fn changes(&self, api_folder: Option<&str>) -> Changes {
        let mut written = self.written.lock().map(|written| written.clone()).unwrap_or_default();
        written.sort();
        let expected = self.expected.lock().map(|expected| expected.clone()).unwrap_or_default();
        let mut deleted = Vec::new();
        if let Some(live) = &self.live {
            for folder in OWNED_FOLDERS.iter().copied().chain(api_folder) {
                gone(live, Path::new(folder), &expected, &mut deleted);
            }
        }
        deleted.sort();
        Changes { written, unchanged: self.unchanged.lock().map(|unchanged| *unchanged).unwrap_or_default(), deleted }
    }
}

/// Every file under `live/relative` that is not `expected`.
fn gone(live: &Path, relative: &Path, expected: &BTreeSet<String>, deleted: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(live.join(relative)) else { return };
    for entry in entries.flatten() {
        let child = relative.join(entry.file_name());
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            gone(live, &child, expected, deleted);
        } else {
            let key = child.to_string_lossy().replace('\\', "/");
            if !expected.contains(&key) {
                deleted.push(key);
            }
        }
    }
}

/// The files of an app folder (Trunk's output, or a folder the old layout
/// published in place), relative, sorted: everything but the publisher's
/// entries ([`is_publishers_entry`]) at its top.
pub fn app_files(dir: &Path, api_folders: &[&str]) -> Result<Vec<String>, String> {
    fn walk(root: &Path, relative: &Path, out: &mut Vec<String>) -> Result<(), String> {
        let dir = root.join(relative);
        for entry in std::fs::read_dir(&dir).map_err(|error| io_error(&dir, error))? {
            let entry = entry.map_err(|error| io_error(&dir, error))?;
            let child = relative.join(entry.file_name());
            // A link to a folder is followed, as a server would.
            let is_dir = std::fs::metadata(entry.path()).is_ok_and(|metadata| metadata.is_dir());
            if is_dir {
                walk(root, &child, out)?;
            } else {
                out.push(child.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|error| io_error(dir, error))? {
        let entry = entry.map_err(|error| io_error(dir, error))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = std::fs::metadata(entry.path()).is_ok_and(|metadata| metadata.is_dir());
        if is_publishers_entry(&name, is_dir, api_folders) {
            continue;
        }
        if is_dir {
            walk(dir, Path::new(&name), &mut out)?;
        } else {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hashed_names_are_the_ones_trunk_and_the_split_hook_write() {
        for hashed in [
            "ban-tin-0123456789abcdef_bg.wasm",
            "ban-tin-0123456789abcdef.js",
            "layers-0123456789abcdef.css",
            "split_search-0123456789abcdef.wasm",
            "ban-tin-0123456789abcdef-split-fedcba9876543210.js",
            "ban-tin-0123456789ab_bg.wasm.br",
            "app-0123456789abcdef.css.gz",
            "snippets/x/inline-0123456789abcdef.js",
        ] {
            assert!(is_content_hashed(hashed), "{hashed}");
        }
        for plain in [
            "favicon.svg",
            "index.html",
            "ban-tin_bg.wasm",
            "__wasm_split.js",
            "ban-tin-0123456789.js",
            "ban-tin-0123456789abcdef0.js",
            "ban-tin-0123456789ABCDEF.js",
            "-0123456789abcdef.js",
            "x-0123456789abcdef.html",
            "x-0123456789abcdef.json",
        ] {
            assert!(!is_content_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn the_publishers_entries_are_never_the_apps() {
        assert!(is_publishers_entry("index.html", false, &["api"]));
        assert!(is_publishers_entry("index.html.gz", false, &["api"]));
        assert!(is_publishers_entry("bai-viet", true, &["api"]));
        assert!(is_publishers_entry("api", true, &["api"]));
        assert!(is_publishers_entry("cms", true, &["cms/export"]));
        // A file named like an owned folder is the app's (and stops the run
        // when a page must go there).
        assert!(!is_publishers_entry("bai-viet", false, &["api"]));
        assert!(!is_publishers_entry("api", false, &["api"]));
        assert!(!is_publishers_entry("favicon.svg", false, &["api"]));
        assert!(!is_publishers_entry("snippets", true, &["api"]));
    }
}
