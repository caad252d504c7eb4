//! The end-to-end suite: one binary, one module per area.
//!
//! Every test starts its own server and browser (`e2e::start().await`), so the
//! tests are independent and can run two at a time:
//!
//! ```text
//! cargo test -p e2e -- --test-threads=2
//! ```
//!
//! `harness_selftest` checks the harness itself against a hand-made site and
//! needs no app build; the other modules test the release build of the app.
//!
//! (The crate root is `tests/e2e.rs`, so its modules under `tests/e2e/` need
//! `#[path]`.)

#[path = "e2e/support.rs"]
mod support;

#[path = "e2e/harness_selftest.rs"]
mod harness_selftest;

#[path = "e2e/deep_link.rs"]
mod deep_link;
#[path = "e2e/first_load.rs"]
mod first_load;
#[path = "e2e/not_found.rs"]
mod not_found;
#[path = "e2e/portal_pages.rs"]
mod portal_pages;
#[path = "e2e/prerendered.rs"]
mod prerendered;
#[path = "e2e/reference_article.rs"]
mod reference_article;
#[path = "e2e/retry.rs"]
mod retry;
#[path = "e2e/search.rs"]
mod search;
#[path = "e2e/screenshots.rs"]
mod screenshots;
#[path = "e2e/shell.rs"]
mod shell;
#[path = "e2e/walk.rs"]
mod walk;

// Published from another CMS's API (no slug in common with the sample): an
// in-app walk that never reads the sample.
#[path = "e2e/images.rs"]
mod images;
#[path = "e2e/foreign_source.rs"]
mod foreign_source;

// Article actions, safety and resilience, accessibility (+ their helpers).
#[path = "e2e/toolkit.rs"]
mod toolkit;
#[path = "e2e/actions.rs"]
mod actions;
#[path = "e2e/resilience.rs"]
mod resilience;
#[path = "e2e/recovery.rs"]
mod recovery;
#[path = "e2e/accessibility.rs"]
mod accessibility;
#[path = "e2e/security.rs"]
mod security;

// Shipped file names and the wasm's integrity (tools/hash-names.mjs).
#[path = "e2e/asset_names.rs"]
mod asset_names;

// deploy/nginx.conf in Debian's nginx: against `publish serve`, headers, Chromium.
#[path = "e2e/nginx.rs"]
mod nginx;
