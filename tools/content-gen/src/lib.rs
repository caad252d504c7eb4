//! Generates and validates content folders for Bản tin.
//!
//! A content folder is exactly the URL layout of the JSON contract
//! (`docs/API.md`): `site.json`, `home.json`, `categories/{slug}/page-{n}.json`,
//! `articles/{slug}.json`, `pages/{slug}.json` and `media/*`. Serving it as static files under the
//! API base is a complete backend.
//!
//! - [`sample`]: the embedded sample, the fictional portal of Thành phố Thanh Vân.
//! - [`sample_pages`]: its static pages ("Giới thiệu", "Liên hệ", …) and related portals, shared by synthetic sets.
//! - [`synth`]: large synthetic datasets (and the stress article) for tests and the benchmark.
//! - [`dataset`]: the in-memory dataset and how it is written to disk.
//! - [`photo`]: the sample's photographs, rendered scenes encoded as JPEG with EXIF (GPS, camera, orientation).
//! - [`check`]: validation of a folder: JSON Schemas, the app's decoders, cross-references.
//!
//! The contract types and their JSON reader, the formatting, the URL scheme and the HTML escaping
//! are the app's own pure modules, included by path so this crate (and the
//! bench, which uses them for its static baseline) builds without Leptos.

#[path = "../../../src/format.rs"]
pub mod format;
#[path = "../../../src/json.rs"]
pub mod json;
#[path = "../../../src/model.rs"]
pub mod model;
#[path = "../../../src/routes.rs"]
pub mod routes;
#[path = "../../../src/share.rs"]
pub mod share;
#[path = "../../../src/text.rs"]
pub mod text;

pub mod check;
pub mod dataset;
pub mod photo;
pub mod rng;
pub mod sample;
pub mod sample_pages;
pub mod sample_text;
pub mod schema;
pub mod svg;
pub mod synth;
pub mod util;

pub use check::{check_dataset, Summary};
pub use dataset::Dataset;
