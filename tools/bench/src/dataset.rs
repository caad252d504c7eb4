//! The content the bench serves: the embedded sample (from `dist/api/`) and
//! the large synthetic dataset made by `tools/content-gen`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

/// The reference article and list of the report.
pub const REFERENCE_ARTICLE: &str = "hoi-nghi-tong-ket-cong-tac-thi-dua-khen-thuong-nam-2021";
pub const REFERENCE_CATEGORY: &str = "thi-dua-khen-thuong";
/// The stress article of `--stress` (300 paragraphs, 50 images).
pub const STRESS_ARTICLE: &str = "bai-viet-rat-dai";

/// Parameters of the large dataset.
pub const BIG_CATEGORIES: u32 = 50;
pub const BIG_ARTICLES: u32 = 100_000;

pub fn article_file(slug: &str) -> String {
    format!("articles/{slug}.json")
}

pub fn list_file(category: &str, page: u64) -> String {
    format!("categories/{category}/page-{page}.json")
}

pub fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("parse {}: {e}", path.display()))
}

/// One article reachable from a list page: what a navigation clicks.
#[derive(Clone, Debug)]
pub struct NavItem {
    /// `/chuyen-muc/{category}` or `…?trang=N`.
    pub list_href: String,
    /// `/bai-viet/{slug}`.
    pub href: String,
    pub title: String,
}

pub fn category_href(category: &str, page: u64) -> String {
    if page <= 1 {
        format!("/chuyen-muc/{category}")
    } else {
        format!("/chuyen-muc/{category}?trang={page}")
    }
}

/// At least `want` distinct articles, walking the list pages of `first`
/// category, then of the others in `site.json` order.
pub fn nav_pool(api: &Path, first: &str, want: usize) -> Result<Vec<NavItem>, String> {
    let site = read_json(&api.join("site.json"))?;
    let mut categories = vec![first.to_string()];
    for category in site.get("categories").and_then(Value::as_array).into_iter().flatten() {
        if let Some(slug) = category.get("slug").and_then(Value::as_str) {
            if slug != first {
                categories.push(slug.to_string());
            }
        }
    }
    let mut pool: Vec<NavItem> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for category in categories {
        let mut page = 1;
        loop {
            let path = api.join(list_file(&category, page));
            let Ok(list) = read_json(&path) else { break };
            for item in list.get("items").and_then(Value::as_array).into_iter().flatten() {
                let slug = item.get("slug").and_then(Value::as_str).unwrap_or("").to_string();
                let title = item.get("title").and_then(Value::as_str).unwrap_or("").trim().to_string();
                if slug.is_empty() || !seen.insert(slug.clone()) || !api.join(article_file(&slug)).is_file() {
                    continue;
                }
                pool.push(NavItem { list_href: category_href(&category, page), href: format!("/bai-viet/{slug}"), title });
                if pool.len() >= want {
                    return Ok(pool);
                }
            }
            let total = list.get("total_pages").and_then(Value::as_u64).unwrap_or(1);
            if page >= total {
                break;
            }
            page += 1;
        }
    }
    if pool.is_empty() {
        Err(format!("no article reachable from the lists in {}", api.display()))
    } else {
        Ok(pool)
    }
}

/// `(total_pages, items on page 1)` of a category.
pub fn category_shape(api: &Path, category: &str) -> Option<(u64, usize)> {
    let list = read_json(&api.join(list_file(category, 1))).ok()?;
    let total = list.get("total_pages").and_then(Value::as_u64)?;
    let items = list.get("items").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
    Some((total, items))
}

/// The category with the most pages.
pub fn largest_category(api: &Path) -> Option<(String, u64)> {
    let site = read_json(&api.join("site.json")).ok()?;
    site.get("categories")?
        .as_array()?
        .iter()
        .filter_map(|c| c.get("slug").and_then(Value::as_str))
        .filter_map(|slug| category_shape(api, slug).map(|(total, _)| (slug.to_string(), total)))
        .max_by_key(|(_, total)| *total)
}

/// The large dataset in `target/bench/big`, generated unless a stamp with the
/// same parameters says it is already there. `Err` when it cannot be had (the
/// generator missing or failing); the scale rows are then reported as not measured.
pub fn ensure_big(root: &Path, out: &Path) -> Result<PathBuf, String> {
    ensure_dataset(root, out, BIG_CATEGORIES, BIG_ARTICLES, true)
}

/// Parameters of the dataset Pagefind and Bản tin's index both search.
pub const MID_CATEGORIES: u32 = 20;
pub const MID_ARTICLES: u32 = 10_000;

/// The 10 000-article dataset in `target/bench/mid`, like [`ensure_big`].
pub fn ensure_mid(root: &Path, out: &Path) -> Result<PathBuf, String> {
    ensure_dataset(root, out, MID_CATEGORIES, MID_ARTICLES, false)
}

/// A synthetic dataset of `content-gen` in `out`, generated unless its stamp matches.
fn ensure_dataset(root: &Path, out: &Path, categories: u32, articles: u32, stress: bool) -> Result<PathBuf, String> {
    let stamp_path = out.with_extension("stamp");
    let mut args: Vec<String> = vec![
        "generate".into(),
        "--out".into(),
        out.display().to_string(),
        "--categories".into(),
        categories.to_string(),
        "--articles".into(),
        articles.to_string(),
    ];
    if stress {
        args.push("--stress".into());
    }
    let stamp = format!("content-gen {}\n", args[3..].join(" "));
    if out.join("site.json").is_file() && std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp.as_str()) {
        eprintln!("bench: reusing {} ({})", out.display(), stamp.trim());
        return Ok(out.to_path_buf());
    }
    let _ = std::fs::remove_file(&stamp_path);
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("remove {}: {e}", out.display()))?;
    }
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("create {}: {e}", parent.display()))?;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("bench: generating a dataset: cargo run --locked --release -p content-gen -- {}", args.join(" "));
    let started = Instant::now();
    let status = Command::new(cargo)
        .args(["run", "--locked", "--release", "-p", "content-gen", "--"])
        .args(&args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("content-gen failed ({status})"));
    }
    if !out.join("site.json").is_file() {
        return Err(format!("content-gen wrote no site.json in {}", out.display()));
    }
    std::fs::write(&stamp_path, &stamp).map_err(|e| format!("write {}: {e}", stamp_path.display()))?;
    eprintln!("bench: dataset generated in {:.0} s", started.elapsed().as_secs_f64());
    Ok(out.to_path_buf())
}

/// How many articles a content folder holds (`articles/*.json`).
pub fn count_articles(api: &Path) -> u64 {
    std::fs::read_dir(api.join("articles"))
        .map(|entries| entries.flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".json")).count() as u64)
        .unwrap_or(0)
}
