//! Images on the CMS, downloaded once. What a run learnt of each URL (the
//! hash of its bytes, its `ETag` and `Last-Modified`) is kept in the image
//! cache's folder (`downloads.json`), so the next run asks the CMS only
//! whether the file changed (a conditional `GET`, answered `304` without
//! the bytes) and re-encodes nothing when it did not. A CMS that cannot
//! be reached leaves a known image as it was published last time.
//!
//! Several sites (or test runs) may share one cache: a run adds what it
//! learnt to what the file holds when it saves, and only entries no run
//! has used for [`FORGET_AFTER`] are dropped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What a run knows of one URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Known {
    /// SHA-256 of the bytes last downloaded, lower-case hex.
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// When a run last used it (seconds since 1970).
    #[serde(default)]
    pub used: u64,
}

/// How long an entry no run uses is kept: a month.
pub const FORGET_AFTER: Duration = Duration::from_secs(30 * 24 * 3600);

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_secs())
}

fn read_record(file: &Path) -> BTreeMap<String, Known> {
    std::fs::read(file).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
}

/// The answer for one URL.
#[derive(Debug)]
pub enum Fetched {
    /// The bytes, new or changed, with what identifies this version.
    Bytes { bytes: Vec<u8>, etag: Option<String>, last_modified: Option<String> },
    /// The same bytes as last time (`304`), whose hash is this.
    Unchanged { sha256: String },
    /// The CMS could not be asked; the last known version stands.
    Stale { sha256: String, cause: String },
}

/// How long one image may take to download.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// The URLs a run downloads from, and what earlier runs learnt of them.
pub struct Downloads {
    file: PathBuf,
    agent: ureq::Agent,
    known: Mutex<BTreeMap<String, Known>>,
    max_bytes: u64,
}

impl Downloads {
    /// What the folder `dir` remembers (nothing, the first time, or when
    /// the file is unreadable: the run then downloads everything again).
    pub fn open(dir: &Path, max_bytes: u64) -> Downloads {
        let file = dir.join("downloads.json");
        let known = read_record(&file);
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(DOWNLOAD_TIMEOUT))
            .http_status_as_error(false)
            .user_agent("ban-tin-publish")
            .build();
        Downloads { file, agent: config.into(), known: Mutex::new(known), max_bytes }
    }

    /// `url`'s bytes, or that they did not change since `known(url)` when
    /// `still_have(hash)` says the run still has what it made of them.
    /// `Ok(None)`: the CMS says there is no such file (404, 410).
    pub fn get(&self, url: &str, still_have: &dyn Fn(&str) -> bool) -> Result<Option<Fetched>, String> {
        let known = self.known.lock().ok().and_then(|known| known.get(url).cloned()).filter(|known| still_have(&known.sha256));
        let mut request = self.agent.get(url);
        if let Some(known) = &known {
            if let Some(etag) = &known.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(last_modified) = &known.last_modified {
                request = request.header("If-Modified-Since", last_modified);
            }
        }
        let mut response = match request.call() {
            Ok(response) => response,
            Err(error) => {
                return match known {
                    Some(known) => Ok(Some(Fetched::Stale { sha256: known.sha256, cause: error.to_string() })),
                    None => Err(error.to_string()),
                }
            }
        };
        let status = response.status().as_u16();
        match (status, known) {
            (304, Some(known)) => {
                self.remember(url, known.clone());
                return Ok(Some(Fetched::Unchanged { sha256: known.sha256 }));
            }
            (404 | 410, _) => return Ok(None),
            (200, _) => {}
            (status, Some(known)) if status >= 500 => {
                return Ok(Some(Fetched::Stale { sha256: known.sha256, cause: format!("HTTP {status}") }))
            }
            (status, _) => return Err(format!("HTTP {status}")),
        }
        let header = |name: &str| response.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_string);
        let (etag, last_modified) = (header("etag"), header("last-modified"));
        // Past the limit, ureq stops reading and says so.
        let bytes = response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|error| format!("reading the answer (at most {} bytes): {error}", self.max_bytes))?;
        Ok(Some(Fetched::Bytes { bytes, etag, last_modified }))
    }

    /// Remembers that `url` has the bytes `known` says, used now.
    pub fn remember(&self, url: &str, known: Known) {
        if let Ok(mut all) = self.known.lock() {
            all.insert(url.to_string(), Known { used: now(), ..known });
        }
    }

    /// Writes the record: what the file holds now (another run's entries
    /// included), this run's entries over it, those unused for
    /// [`FORGET_AFTER`] dropped; a new file renamed over the old one.
    pub fn save(&self) -> Result<(), String> {
        let Ok(known) = self.known.lock() else { return Err("the download record is poisoned".into()) };
        // One run at a time reads, merges and writes the file (`flock`,
        // released when the lock file is closed).
        let lock_path = self.file.with_extension("lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|error| format!("{}: {error}", lock_path.display()))?;
        {
            use std::os::unix::io::AsRawFd;
            // SAFETY: flock on a descriptor this function owns for its whole call.
            if unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) } != 0 {
                return Err(format!("{}: {}", lock_path.display(), std::io::Error::last_os_error()));
            }
        }
        let mut record = read_record(&self.file);
        record.extend(known.iter().map(|(url, entry)| (url.clone(), entry.clone())));
        let oldest = now().saturating_sub(FORGET_AFTER.as_secs());
        record.retain(|_, entry| entry.used >= oldest);
        let json = serde_json::to_vec_pretty(&record).map_err(|error| error.to_string())?;
        let part = self.file.with_extension("json.part");
        std::fs::write(&part, json).map_err(|error| format!("{}: {error}", part.display()))?;
        std::fs::rename(&part, &self.file).map_err(|error| format!("{}: {error}", self.file.display()))
    }
}
