//! The JSON files of the index: the manifest (`search/manifest.json`,
//! fetched first and kept for the session) and the doc chunks
//! (`search/d/{n}.json`, the fields a result shows), with the paths of
//! every index file.

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

use crate::model::{ApiError, ArticleSummary, Category};

/// The manifest version this code reads and writes.
pub const VERSION: u32 = 1;

/// Paths under the site root of the published folder: `publish` writes the
/// index next to the pages, and the app fetches it root-relative.
pub fn manifest_path() -> String {
    "search/manifest.json".to_string()
}

pub fn shard_path(n: u32) -> String {
    format!("search/t/{n}.bin")
}

pub fn doc_chunk_path(n: u32) -> String {
    format!("search/d/{n}.json")
}

pub fn category_path(slug: &str) -> String {
    format!("search/c/{slug}.bin")
}

pub fn days_path() -> String {
    "search/days.bin".to_string()
}

/// A decoded manifest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    pub version: u32,
    /// Documents, numbered 0..docs newest first.
    pub docs: u32,
    /// Term shards, `search/t/0.bin` .. `search/t/{shards-1}.bin`.
    pub shards: u32,
    /// Documents per doc chunk.
    pub doc_chunk: u32,
    /// The builder's top-K cuts: the most postings a unigram and a pair keep.
    pub unigram_cut: u32,
    pub pair_cut: u32,
    /// Category slugs; a doc chunk names a category by its index here.
    pub categories: Vec<String>,
    /// Their names, in the same order.
    pub category_names: Vec<String>,
    /// The most frequent folded syllables, most documents first: the
    /// completions of a query's last syllable.
    pub syllables: Vec<String>,
}

impl Manifest {
    /// Up to `max` syllables that start with `prefix` (besides `prefix`
    /// itself), most frequent first.
    pub fn completions(&self, prefix: &str, max: usize) -> Vec<&str> {
        self.syllables
            .iter()
            .filter(|syllable| syllable.len() > prefix.len() && syllable.starts_with(prefix))
            .take(max)
            .map(String::as_str)
            .collect()
    }

    /// The doc chunk holding document `doc`.
    pub fn chunk_of(&self, doc: u32) -> u32 {
        doc / self.doc_chunk.max(1)
    }

    /// The category of `index`, as a result shows it.
    pub fn category(&self, index: usize) -> Option<Category> {
        Some(Category {
            slug: self.categories.get(index)?.clone(),
            name: self.category_names.get(index)?.clone(),
            description: None,
        })
    }
}

#[derive(Deserialize)]
struct ManifestJson {
    version: u32,
    docs: u32,
    shards: u32,
    doc_chunk: u32,
    #[serde(default)]
    unigram_cut: u32,
    #[serde(default)]
    pair_cut: u32,
    categories: Vec<(String, String)>,
    #[serde(default)]
    syllables: String,
}

/// Decodes `search/manifest.json`.
pub fn decode_manifest(text: &str) -> Result<Manifest, ApiError> {
    let json: ManifestJson =
        crate::model::parse_json(text).map_err(|error| ApiError::Decode(format!("search manifest: {error}")))?;
    if json.version != VERSION {
        return Err(ApiError::Decode(format!("search manifest: version {} (this app reads {VERSION})", json.version)));
    }
    if json.shards == 0 || json.doc_chunk == 0 {
        return Err(ApiError::Decode("search manifest: no shards or an empty doc chunk".into()));
    }
    let (categories, category_names) = json.categories.into_iter().unzip();
    Ok(Manifest {
        version: json.version,
        docs: json.docs,
        shards: json.shards,
        doc_chunk: json.doc_chunk,
        unigram_cut: json.unigram_cut,
        pair_cut: json.pair_cut,
        categories,
        category_names,
        syllables: json.syllables.split(' ').filter(|syllable| !syllable.is_empty()).map(str::to_string).collect(),
    })
}

/// The doc chunks holding `docs` (a page of results), deduplicated, sorted.
pub fn chunks_for(manifest: &Manifest, docs: &[u32]) -> Vec<u32> {
    let mut chunks: Vec<u32> = docs.iter().map(|&doc| manifest.chunk_of(doc)).collect();
    chunks.sort_unstable();
    chunks.dedup();
    chunks
}

/// One entry of a doc chunk: `[slug, title, published_at, category index, lead]`.
type ChunkEntry = (String, String, String, u32, String);

/// Decodes doc chunk `n`: each entry with its document number.
pub fn decode_doc_chunk(manifest: &Manifest, n: u32, text: &str) -> Result<Vec<(u32, ArticleSummary)>, ApiError> {
    let error = |why: String| ApiError::Decode(format!("search doc chunk {n}: {why}"));
    let entries: Vec<ChunkEntry> = crate::model::parse_json(text).map_err(error)?;
    if entries.len() > manifest.doc_chunk as usize {
        return Err(error(format!("{} entries, more than {}", entries.len(), manifest.doc_chunk)));
    }
    let first = n.checked_mul(manifest.doc_chunk).ok_or_else(|| error("chunk number out of range".into()))?;
    let mut out = Vec::with_capacity(entries.len());
    for (offset, (slug, title, published_at, category, lead)) in entries.into_iter().enumerate() {
        let doc = first.saturating_add(offset as u32);
        if doc >= manifest.docs {
            return Err(error(format!("document {doc} beyond the {} of the manifest", manifest.docs)));
        }
        let published_at: DateTime<FixedOffset> =
            DateTime::parse_from_rfc3339(&published_at).map_err(|e| error(format!("{slug}: published_at: {e}")))?;
        let category = manifest
            .category(category as usize)
            .ok_or_else(|| error(format!("{slug}: category {category} not in the manifest")))?;
        let lead = (!lead.is_empty()).then_some(lead);
        out.push((doc, ArticleSummary { slug, title, published_at, lead, thumbnail: None, category: Some(category) }));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Encoders: host only.

#[cfg(not(target_arch = "wasm32"))]
pub use encode::*;

#[cfg(not(target_arch = "wasm32"))]
mod encode {
    use chrono::SecondsFormat;
    use serde::Serialize;

    use super::*;

    /// What the builder writes into the manifest.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct ManifestContent<'a> {
        pub docs: u32,
        pub shards: u32,
        pub doc_chunk: u32,
        pub unigram_cut: u32,
        pub pair_cut: u32,
        /// (slug, name) of each category.
        pub categories: &'a [(String, String)],
        /// Already capped, most frequent first.
        pub syllables: &'a [&'a str],
    }

    #[derive(Serialize)]
    struct ManifestOut<'a> {
        version: u32,
        docs: u32,
        shards: u32,
        doc_chunk: u32,
        unigram_cut: u32,
        pair_cut: u32,
        categories: &'a [(String, String)],
        syllables: String,
    }

    pub fn encode_manifest(content: &ManifestContent<'_>) -> String {
        let out = ManifestOut {
            version: VERSION,
            docs: content.docs,
            shards: content.shards,
            doc_chunk: content.doc_chunk,
            unigram_cut: content.unigram_cut,
            pair_cut: content.pair_cut,
            categories: content.categories,
            syllables: content.syllables.join(" "),
        };
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(&out).unwrap_or_default()
    }

    /// One document of a doc chunk.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct ChunkDoc<'a> {
        pub slug: &'a str,
        pub title: &'a str,
        pub published_at: DateTime<FixedOffset>,
        pub category: u32,
        pub lead: &'a str,
    }

    pub fn encode_doc_chunk(docs: &[ChunkDoc<'_>]) -> String {
        let entries: Vec<(&str, &str, String, u32, &str)> = docs
            .iter()
            .map(|doc| (doc.slug, doc.title, doc.published_at.to_rfc3339_opts(SecondsFormat::AutoSi, true), doc.category, doc.lead))
            .collect();
        serde_json::to_string(&entries).unwrap_or_default()
    }
}
