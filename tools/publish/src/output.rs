//! Writing the published folder so that what is served is never half
//! written, and only what changed is touched.
//!
//! Files whose new content differs from what is there (compared byte for
//! byte, never by time) are written into a staging folder beside the
//! output first; only when every page has been rendered are they renamed
//! into place (a rename within one file system replaces a file at once),
//! and then the files of pages that are gone are deleted. A run that
//! fails before that leaves the previous site as it was, and removes its
//! staging folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folders the publisher owns: the pages of articles, lists and static
/// pages, the categories' feeds, the parts of a site map index and the
/// search index (shards, doc chunks, category files no longer needed). Any
/// file there that a run did not write (a page that is gone, a removed
/// category's feed, a sitemap part no longer needed) is deleted, with the
/// folders left empty; nothing is deleted anywhere else.
pub const OWNED_FOLDERS: [&str; 6] = ["bai-viet", "chuyen-muc", "trang", "rss", "sitemaps", "search"];

/// What a run did to the folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files written because they are new or their content changed.
    pub written: Vec<String>,
    /// Files left alone because their content is the same.
    pub unchanged: usize,
    /// Files of pages (and feeds, sitemap parts) that are gone.
    pub deleted: Vec<String>,
}

/// An output folder being updated; see the module docs.
pub struct Staged {
    out: PathBuf,
    staging: PathBuf,
    written: Mutex<Vec<String>>,
    unchanged: Mutex<usize>,
    expected: Mutex<BTreeSet<String>>,
    /// A folder owned besides [`OWNED_FOLDERS`] (the API folder a
    /// WordPress run writes).
    also_owned: Option<String>,
}

fn io_error(path: &Path, error: std::io::Error) -> String {
    format!("{}: {error}", path.display())
}

impl Staged {
    /// Starts updating `out` (created if missing).
    pub fn begin(out: &Path) -> Result<Staged, String> {
        Staged::begin_owning(out, None)
    }

    /// Like [`Staged::begin`], and `folder` (relative to `out`) is owned too.
    pub fn begin_owning(out: &Path, folder: Option<&str>) -> Result<Staged, String> {
        std::fs::create_dir_all(out).map_err(|error| io_error(out, error))?;
        let staging = out.join(".publish-staging");
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|error| io_error(&staging, error))?;
        }
        std::fs::create_dir_all(&staging).map_err(|error| io_error(&staging, error))?;
        Ok(Staged {
            out: out.to_path_buf(),
            staging,
            written: Mutex::default(),
            unchanged: Mutex::default(),
            expected: Mutex::default(),
            also_owned: folder.map(str::to_string),
        })
    }

    /// Records `relative` (a path like `bai-viet/x/index.html`) as part of
    /// the new site, staging it when its content changed.
    pub fn put(&self, relative: &str, content: &[u8]) -> Result<(), String> {
        if let Ok(mut expected) = self.expected.lock() {
            expected.insert(relative.to_string());
        }
        let target = self.out.join(relative);
        if std::fs::read(&target).is_ok_and(|current| current == content) {
            if let Ok(mut unchanged) = self.unchanged.lock() {
                *unchanged += 1;
            }
            return Ok(());
        }
        let staged = self.staging.join(relative);
        if let Some(parent) = staged.parent() {
            std::fs::create_dir_all(parent).map_err(|error| io_error(parent, error))?;
        }
        std::fs::write(&staged, content).map_err(|error| io_error(&staged, error))?;
        if let Ok(mut written) = self.written.lock() {
            written.push(relative.to_string());
        }
        Ok(())
    }

    /// Abandons the run: the output folder keeps the previous site.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }

    /// Moves the staged files into place, then deletes the owned files that
    /// are not part of the new site.
    pub fn commit(self) -> Result<Changes, String> {
        let mut written = self.written.into_inner().unwrap_or_default();
        written.sort();
        for relative in &written {
            let from = self.staging.join(relative);
            let to = self.out.join(relative);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|error| io_error(parent, error))?;
            }
            std::fs::rename(&from, &to).map_err(|error| io_error(&to, error))?;
        }
        let _ = std::fs::remove_dir_all(&self.staging);
        let expected = self.expected.into_inner().unwrap_or_default();
        let mut deleted = Vec::new();
        for folder in OWNED_FOLDERS.iter().copied().chain(self.also_owned.as_deref()) {
            delete_stale(&self.out, Path::new(folder), &expected, &mut deleted)?;
            // An owned folder nothing is left in (no static pages any more).
            let _ = std::fs::remove_dir(self.out.join(folder));
        }
        deleted.sort();
        Ok(Changes { written, unchanged: self.unchanged.into_inner().unwrap_or_default(), deleted })
    }
}

/// Deletes every file under `out/relative` that is not `expected`, and
/// the folders left empty.
fn delete_stale(out: &Path, relative: &Path, expected: &BTreeSet<String>, deleted: &mut Vec<String>) -> Result<(), String> {
    let dir = out.join(relative);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(()) };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let child = relative.join(&name);
        let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if is_dir {
            delete_stale(out, &child, expected, deleted)?;
            // Removes the folder only if nothing else is left in it.
            let _ = std::fs::remove_dir(out.join(&child));
        } else {
            let key = child.to_string_lossy().replace('\\', "/");
            if !expected.contains(&key) {
                let path = out.join(&child);
                std::fs::remove_file(&path).map_err(|error| io_error(&path, error))?;
                deleted.push(key);
            }
        }
    }
    Ok(())
}
