//! The full-scale dataset of the performance issue (100 000 articles in 50
//! categories, plus the stress article) passes the same validation as the
//! sample: JSON Schemas, the app's decoders, cross-references.
//!
//! Release builds only: `make test` runs it as `cargo test --release -p
//! content-gen --test scale` (about 25 s); a debug build would spend minutes
//! validating 110 000 files. Debug runs keep the 3 000-article check of
//! `contract.rs`.
#![cfg(not(debug_assertions))]

use content_gen::{check_dataset, synth};

#[test]
fn a_dataset_of_100_000_articles_in_50_categories_passes_the_check() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("scale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let options = synth::Options { categories: 50, articles: 100_000, seed: 7, page_size: 10, stress: true };
    synth::synthetic(&options).write(&dir).unwrap_or_else(|e| panic!("write {}: {e}", dir.display()));

    let summary = check_dataset(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let summary = summary.unwrap_or_else(|errors| panic!("{}", errors.iter().take(20).cloned().collect::<Vec<_>>().join("\n")));
    assert_eq!(summary.categories, 50);
    assert_eq!(summary.articles, 100_001, "100 000 plus the stress article");
    assert_eq!(summary.per_category.iter().map(|(_, n)| n).sum::<usize>(), 100_001);
    // Every category's pages hold its articles, ten to a page.
    let pages: usize = summary.per_category.iter().map(|(_, n)| n.div_ceil(10).max(1)).sum();
    assert_eq!(summary.list_pages, pages);
    assert!(summary.per_category.iter().all(|(_, n)| *n > 0), "no empty category");
}
