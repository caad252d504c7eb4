//! Where contract documents come from: a content folder in the contract's
//! shape, or an API base URL. Both answer the same question, "the text of
//! this document path, or that it does not exist", and say where they looked.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// A document could not be had: where (a file or a URL) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceError {
    pub location: String,
    pub cause: String,
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.cause)
    }
}

impl std::error::Error for SourceError {}

/// Contract documents by path under the API base (`site.json`,
/// `articles/{slug}.json`, …).
pub trait Source: Sync {
    /// Where `path` is read from, for messages.
    fn location(&self, path: &str) -> String;
    /// The document's text; `Ok(None)` when it does not exist (a 404).
    fn get(&self, path: &str) -> Result<Option<String>, SourceError>;
    /// A file's bytes (an image under the API base, `media/x.svg`);
    /// `Ok(None)` when it does not exist.
    fn get_bytes(&self, path: &str) -> Result<Option<Vec<u8>>, SourceError>;
}

/// A content folder (`content/api/` of the sample, or any static export).
pub struct FolderSource {
    root: PathBuf,
}

impl FolderSource {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        FolderSource { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Only plain relative paths of the contract's characters reach the file
/// system: no `..`, no absolute paths.
fn is_contract_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && path.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
}

impl Source for FolderSource {
    fn location(&self, path: &str) -> String {
        self.root.join(path).display().to_string()
    }

    fn get(&self, path: &str) -> Result<Option<String>, SourceError> {
        if !is_contract_path(path) {
            return Err(SourceError { location: path.to_string(), cause: "not a document path of the contract".into() });
        }
        let file = self.root.join(path);
        match std::fs::read(&file) {
            Ok(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| SourceError { location: self.location(path), cause: "not UTF-8 text".into() }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(SourceError { location: self.location(path), cause: error.to_string() }),
        }
    }

    fn get_bytes(&self, path: &str) -> Result<Option<Vec<u8>>, SourceError> {
        if !is_contract_path(path) {
            return Err(SourceError { location: path.to_string(), cause: "not a file path of the contract".into() });
        }
        match std::fs::read(self.root.join(path)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if matches!(error.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => Ok(None),
            Err(error) => Err(SourceError { location: self.location(path), cause: error.to_string() }),
        }
    }
}

/// An API base URL serving the contract (`https://cms.example.gov.vn/api/`).
pub struct HttpSource {
    base: String,
    agent: ureq::Agent,
}

/// How long one document may take before the run gives up on it.
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(30);

impl HttpSource {
    pub fn new(base: &str) -> Self {
        let base = if base.ends_with('/') { base.to_string() } else { format!("{base}/") };
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(HTTP_TIMEOUT))
            .http_status_as_error(false)
            .user_agent("ban-tin-publish")
            .build();
        HttpSource { base, agent: config.into() }
    }
}

impl HttpSource {
    /// The answer to `path`: `None` for a 404 or 410, else its body (read
    /// by `read`); any other status is an error naming the URL.
    fn fetch<T>(
        &self,
        path: &str,
        read: impl FnOnce(&mut ureq::Body) -> Result<T, ureq::Error>,
    ) -> Result<Option<T>, SourceError> {
        let url = self.location(path);
        let fail = |cause: String| SourceError { location: url.clone(), cause };
        let mut response = self.agent.get(&url).call().map_err(|error| fail(error.to_string()))?;
        let status = response.status().as_u16();
        match status {
            200..=299 => {}
            404 | 410 => return Ok(None),
            status => return Err(fail(format!("HTTP status {status}"))),
        }
        read(response.body_mut()).map(Some).map_err(|error| fail(format!("reading the body: {error}")))
    }
}

/// The largest document or image a run reads.
const BODY_LIMIT: u64 = 64 * 1024 * 1024;

impl Source for HttpSource {
    fn location(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn get(&self, path: &str) -> Result<Option<String>, SourceError> {
        self.fetch(path, |body| body.with_config().limit(BODY_LIMIT).read_to_string())
    }

    fn get_bytes(&self, path: &str) -> Result<Option<Vec<u8>>, SourceError> {
        if !is_contract_path(path) {
            return Err(SourceError { location: self.location(path), cause: "not a file path of the contract".into() });
        }
        self.fetch(path, |body| body.with_config().limit(BODY_LIMIT).read_to_vec())
    }
}

/// Keeps a copy of every document another source answers, in a folder, so
/// the rendering pass reads the very documents the checking pass read
/// (and an API is asked once per document).
pub struct SpoolingSource<'a> {
    inner: &'a dyn Source,
    spool: PathBuf,
}

impl<'a> SpoolingSource<'a> {
    pub fn new(inner: &'a dyn Source, spool: impl Into<PathBuf>) -> Self {
        SpoolingSource { inner, spool: spool.into() }
    }
}

impl Source for SpoolingSource<'_> {
    fn location(&self, path: &str) -> String {
        self.inner.location(path)
    }

    fn get(&self, path: &str) -> Result<Option<String>, SourceError> {
        let text = self.inner.get(path)?;
        if let Some(text) = &text {
            if !is_contract_path(path) {
                return Err(SourceError { location: self.location(path), cause: "not a document path of the contract".into() });
            }
            let file = self.spool.join(path);
            let io = |error: std::io::Error| SourceError { location: file.display().to_string(), cause: error.to_string() };
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            std::fs::write(&file, text).map_err(io)?;
        }
        Ok(text)
    }

    fn get_bytes(&self, path: &str) -> Result<Option<Vec<u8>>, SourceError> {
        self.inner.get_bytes(path)
    }
}

/// Hands every document another source answers to `on_document` (path,
/// text), once per path: how a run publishes exactly the documents it read.
pub struct RecordingSource<'a> {
    inner: &'a dyn Source,
    on_document: &'a (dyn Fn(&str, &str) -> Result<(), SourceError> + Sync),
    seen: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

impl<'a> RecordingSource<'a> {
    pub fn new(inner: &'a dyn Source, on_document: &'a (dyn Fn(&str, &str) -> Result<(), SourceError> + Sync)) -> Self {
        RecordingSource { inner, on_document, seen: std::sync::Mutex::default() }
    }
}

impl Source for RecordingSource<'_> {
    fn location(&self, path: &str) -> String {
        self.inner.location(path)
    }

    fn get(&self, path: &str) -> Result<Option<String>, SourceError> {
        let text = self.inner.get(path)?;
        if let Some(text) = &text {
            let first = self.seen.lock().map(|mut seen| seen.insert(path.to_string())).unwrap_or(true);
            if first {
                (self.on_document)(path, text)?;
            }
        }
        Ok(text)
    }

    fn get_bytes(&self, path: &str) -> Result<Option<Vec<u8>>, SourceError> {
        self.inner.get_bytes(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_contract_paths_reach_the_file_system() {
        assert!(is_contract_path("site.json"));
        assert!(is_contract_path("categories/kinh-te/page-2.json"));
        for bad in ["", "/etc/passwd", "../x.json", "a/../../b", "a//b", "a b.json", "a\\b"] {
            assert!(!is_contract_path(bad), "{bad}");
        }
    }
}
