//! Static search (issue 13): accent-insensitive Vietnamese search over
//! every article, answered in the app from files the publishing step
//! writes next to the pages (`search/…`, the format in docs/API.md).
//!
//! Pure: no leptos, no web-sys; compiled into the wasm and tested on the
//! host. The app fetches the files a [`plan`] names and calls
//! [`evaluate`]; the publishing step builds them with
//! [`build::IndexBuilder`] (host only, like the encoders).
//!
//! - [`fold`]: the Vietnamese letter table, folding and accented forms;
//! - [`tokens`]: syllables, their byte ranges, which ones make pairs;
//! - [`query`]: the query's syllables and the URL's filters;
//! - [`format`]: the binary files (shards, categories, days);
//! - [`manifest`]: the JSON files (manifest, doc chunks) and every path;
//! - [`rank`]: what a query fetches, what matches, in which order;
//! - [`highlight`]: the matched syllables of a title or lead.

pub mod fold;
pub mod format;
pub mod highlight;
pub mod manifest;
pub mod query;
pub mod rank;
pub mod tokens;

#[cfg(not(target_arch = "wasm32"))]
pub mod build;

pub use format::{decode_category_docs, decode_days, decode_shard, CategoryDocs, Days, Shard};
pub use highlight::highlight;
pub use manifest::{
    category_path, chunks_for, days_path, decode_doc_chunk, decode_manifest, doc_chunk_path, manifest_path, shard_path,
    Manifest,
};
pub use query::{parse_vn_date, Filters, Query};
pub use rank::{evaluate, plan, Hits, Plan, RESULTS_PER_PAGE};
