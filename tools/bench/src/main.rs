//! `make bench`: what Bản tin costs a reader, against a static baseline.
//!
//! Builds the release `dist/` (via the e2e harness), prepares
//! `target/bench/site/` (the dist files plus static baseline pages generated
//! from the same JSON, all precompressed), serves it on loopback with the
//! sample (and a large synthetic dataset) under `/api/`, and measures sizes,
//! first loads, in-app navigation, scale and memory in headless Chromium.
//! Prints one markdown table and writes it to `target/bench/report.md`;
//! `--write-docs` also rewrites `docs/PERFORMANCE.md`. See that file.

mod crates;
mod dataset;
mod js;
mod measure;
mod report;
mod sizes;
mod stats;
mod static_site;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use e2e::{Page, TestServer};
use serde_json::{json, Value};

use crate::dataset::{NavItem, REFERENCE_ARTICLE, REFERENCE_CATEGORY, STRESS_ARTICLE};
use crate::report::{Machine, Results, ScaleResult};
use crate::static_site::{Shell, STATIC_ARTICLE, STATIC_STRESS};

#[derive(Debug, Clone)]
struct Options {
    write_docs: bool,
    skip_build: bool,
    scale: bool,
    /// Fresh page loads per configuration.
    runs: usize,
    /// Distinct articles navigated to (cold, then warm).
    navs: usize,
    /// Visits before the first and the second memory sample.
    memory_early: usize,
    memory_late: usize,
    /// Phases to run (all when empty): sizes, first, scale, nav, memory.
    only: Vec<String>,
    /// Only serve target/bench/site for this many seconds (to look at it).
    serve: Option<u64>,
}

impl Options {
    fn runs_phase(&self, phase: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|p| p == phase)
    }
}

const PHASES: [&str; 5] = ["sizes", "first", "scale", "nav", "memory"];

const USAGE: &str = "usage: bench [--write-docs] [--runs N] [--navs N] [--memory-visits N] [--skip-build] [--no-scale] [--quick] [--only PHASE,…]
  phases: sizes, first (first loads), scale, nav (in-app navigation), memory
  --serve SECONDS: only prepare and serve target/bench/site (sample and large dataset), printing the URLs";

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        write_docs: false,
        skip_build: false,
        scale: true,
        runs: 5,
        navs: 50,
        memory_early: 10,
        memory_late: 500,
        only: Vec::new(),
        serve: None,
    };
    let mut args = std::env::args().skip(1);
    let number = |v: Option<String>, name: &str| -> Result<usize, String> {
        v.and_then(|v| v.parse().ok()).filter(|n| *n > 0).ok_or(format!("{name} needs a positive number\n{USAGE}"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--write-docs" => o.write_docs = true,
            "--skip-build" => o.skip_build = true,
            "--no-scale" => o.scale = false,
            "--quick" => {
                o.runs = 2;
                o.navs = 8;
                o.memory_late = 40;
            }
            "--runs" => o.runs = number(args.next(), "--runs")?,
            "--navs" => o.navs = number(args.next(), "--navs")?,
            "--memory-visits" => o.memory_late = number(args.next(), "--memory-visits")?.max(o.memory_early + 1),
            "--only" => {
                let list = args.next().ok_or(format!("--only needs a list of phases\n{USAGE}"))?;
                for phase in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    if !PHASES.contains(&phase) {
                        return Err(format!("unknown phase {phase}\n{USAGE}"));
                    }
                    o.only.push(phase.to_string());
                }
            }
            "--serve" => o.serve = Some(number(args.next(), "--serve")? as u64),
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(o)
}

fn step(started: Instant, what: &str) {
    eprintln!("bench [{:>5.1} s] {what}", started.elapsed().as_secs_f64());
}

#[tokio::main]
async fn main() {
    let options = match parse_args() {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    match run(&options).await {
        Ok(()) => {}
        Err(message) => {
            eprintln!("bench: {message}");
            std::process::exit(1);
        }
    }
}

async fn run(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let root = e2e::workspace_root();
    let bench_dir = e2e::target_dir().join("bench");
    std::fs::create_dir_all(&bench_dir).map_err(|e| format!("create {}: {e}", bench_dir.display()))?;

    if !root.join("content/api/site.json").is_file() {
        return Err(format!(
            "{} is missing: the app's sample content is needed to build dist/ (run `make content`)",
            root.join("content/api/site.json").display()
        ));
    }

    // 1. The release build.
    if options.skip_build {
        std::env::set_var("BANTIN_E2E_SKIP_BUILD", "1");
    }
    step(started, "building dist/ (trunk build --release)");
    let dist = e2e::try_dist()?;
    let sample_api = if dist.join("api/site.json").is_file() { dist.join("api") } else { root.join("content/api") };

    // 2. The large dataset (generated once, then reused).
    let big = if options.scale && options.runs_phase("scale") {
        step(started, "large dataset");
        Some(dataset::ensure_big(&root, &bench_dir.join("big")))
    } else {
        None
    };
    let big_api = big.as_ref().and_then(|b| b.as_ref().ok()).cloned();

    // 3. The served site: dist (without api/) + static baseline pages, precompressed.
    step(started, "preparing target/bench/site (static baseline pages, precompression)");
    let site_dir = bench_dir.join("site");
    let pool = dataset::nav_pool(&sample_api, REFERENCE_CATEGORY, options.navs)?;
    let stress_paragraphs = prepare_site(&dist, &site_dir, &sample_api, big_api.as_deref(), &pool)?;

    let mut results = Results::default();

    // 4. Sizes.
    if options.runs_phase("sizes") {
        step(started, "sizes");
        let files = sizes::AppFiles::find(&site_dir)?;
        results.sizes = Some(sizes::measure(
            &files,
            &sample_api,
            &dataset::article_file(REFERENCE_ARTICLE),
            &dataset::list_file(REFERENCE_CATEGORY, 1),
            &site_dir.join(STATIC_ARTICLE),
        ));
        // After wasm-bindgen (which drops its build-time-only code), before
        // wasm-opt (which drops the function names): what ships, with names.
        let module = e2e::target_dir().join("wasm-bindgen/release/ban-tin_bg.wasm");
        results.crates = Some(
            std::fs::read(&module)
                .map_err(|e| format!("read {}: {e}", module.display()))
                .and_then(|bytes| crates::breakdown(&bytes)),
        );
    }

    // 5. The servers and the browser.
    // The e2e harness's server: the SPA fallback, `/api/` from another folder
    // with real 404s, precompressed assets, gzip/brotli on the fly, TCP_NODELAY.
    let serve = |api: &Path| {
        TestServer::builder(&site_dir)
            .mount_api_dir(api)
            .with_compression(true)
            .with_precompressed(true)
            .start()
    };
    let small_server = serve(&sample_api);
    let big_server = big_api.as_deref().map(serve);
    if let Some(seconds) = options.serve {
        println!("sample: {}/{STATIC_ARTICLE} and {}/bai-viet/{REFERENCE_ARTICLE}", small_server.base_url(), small_server.base_url());
        if let Some(big) = &big_server {
            println!("large dataset: {}/bai-viet/{STRESS_ARTICLE}", big.base_url());
        }
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        return Ok(());
    }
    step(started, "starting Chromium");
    let browser = measure::start_browser().await;
    let page = browser.page(small_server.base_url());
    let mut expect = serde_json::Map::new();
    expect.insert(format!("/bai-viet/{STRESS_ARTICLE}"), json!(stress_paragraphs));
    expect.insert(format!("/{STRESS_STATIC}"), json!(stress_paragraphs));
    let expect = Value::Object(expect);
    measure::install_init_script(&page, &expect).await?;
    let chromium = measure::browser_version(&page).await.unwrap_or_else(|| "Chromium (version unknown)".into());

    // 6. First loads, unthrottled then throttled.
    let article_path = format!("/bai-viet/{REFERENCE_ARTICLE}");
    let static_path = format!("/{STATIC_ARTICLE}");
    measure::set_cache_disabled(&page, true).await?;
    for throttled in [false, true] {
        if !options.runs_phase("first") {
            break;
        }
        step(started, if throttled { "first loads, slow 4G + 4× CPU" } else { "first loads, unthrottled" });
        measure::set_throttling(&page, throttled).await?;
        let (settle, timeout) = if throttled { (800, Duration::from_secs(60)) } else { (300, Duration::from_secs(30)) };
        let outcome = first_loads(&page, &article_path, &static_path, "h1", options.runs, settle, timeout).await;
        if throttled {
            results.first_load_throttled = Some(outcome);
        } else {
            results.first_load = Some(outcome);
        }
    }
    measure::set_throttling(&page, false).await?;

    // 7. Scale (cache still disabled: every load is a first load).
    if let (Some(big_server), Some(big_api)) = (&big_server, &big_api) {
        step(started, "scale: category pages, sample vs large dataset");
        let big_page = browser.page(big_server.base_url());
        results.scale = Some(scale(&page, &big_page, &sample_api, big_api, options.runs).await);
        if big_api.join(dataset::article_file(STRESS_ARTICLE)).is_file() {
            step(started, "scale: the stress article");
            let outcome = first_loads(&big_page, &format!("/bai-viet/{STRESS_ARTICLE}"), &format!("/{STRESS_STATIC}"), "body", options.runs, 300, Duration::from_secs(60)).await;
            results.stress = Some(outcome);
        } else {
            results.stress = Some(Err(format!("{STRESS_ARTICLE} not in the large dataset")));
        }
    } else if let Some(Err(e)) = &big {
        results.scale = Some(Err(format!("no large dataset: {e}")));
        results.stress = Some(Err("no large dataset".into()));
    }

    // 8. In-app navigation, then the same on the static baseline (HTTP cache on).
    measure::set_cache_disabled(&page, false).await?;
    if options.runs_phase("nav") {
        step(started, &format!("in-app navigation: {} articles cold, then warm", pool.len()));
        results.nav_app = Some(measure::app_navigation(&page, &pool).await);
        step(started, "static baseline navigation (full page loads)");
        results.nav_static = Some(measure::static_navigation(&page, &pool).await);
    }

    // 9. Memory.
    if options.runs_phase("memory") {
        step(started, &format!("memory: {} and {} visits", options.memory_early, options.memory_late));
        results.memory = Some(measure::memory(&page, &pool, options.memory_early, options.memory_late).await);
    }

    browser.close().await;
    drop(big_server);
    drop(small_server);

    // 10. The report.
    let run_time = format!("{:.1} min", started.elapsed().as_secs_f64() / 60.0);
    let report = report::build(&results);
    let notes = report::notes(&results);
    let table = report.table();
    let (pass, miss, not) = report.counts();
    let crates_table = report::crate_table(&results);
    let mut text = table.clone();
    text.push_str(&format!("\n{pass} targets met, {miss} missed, {not} not measured. Bench run time: {run_time}.\n"));
    for n in &notes {
        text.push_str(&format!("\n- {n}"));
    }
    text.push('\n');
    if let Some(dependencies) = report::dependency_table(&results) {
        text.push_str("\nwasm code by direct dependency:\n\n");
        text.push_str(&dependencies);
    }
    if let Some(crates) = &crates_table {
        text.push_str("\nwasm code by crate:\n\n");
        text.push_str(crates);
    }
    println!("{text}");
    let report_path = bench_dir.join("report.md");
    std::fs::write(&report_path, &text).map_err(|e| format!("write {}: {e}", report_path.display()))?;
    write_raw(&bench_dir.join("raw.json"), &results);
    eprintln!("bench: report written to {}", report_path.display());

    if options.write_docs {
        let machine = machine(chromium);
        let md = report::performance_md(&report, &results, &notes, crates_table.as_deref(), &machine, &run_time, options.runs);
        let docs = root.join("docs/PERFORMANCE.md");
        std::fs::write(&docs, md).map_err(|e| format!("write {}: {e}", docs.display()))?;
        eprintln!("bench: {} rewritten", docs.display());
    }
    Ok(())
}

const STRESS_STATIC: &str = STATIC_STRESS;

/// `runs` fresh loads of the app page and of its static page, interleaved
/// (so that a slow spell of the machine hits both).
async fn first_loads(
    page: &Page,
    app_path: &str,
    static_path: &str,
    key: &str,
    runs: usize,
    settle: u64,
    timeout: Duration,
) -> Result<(Vec<Value>, Vec<Value>), String> {
    let mut app = Vec::new();
    let mut base = Vec::new();
    // One unrecorded load of each first: the server's and the browser's first-use costs.
    measure::page_load(page, app_path, key, 0, timeout).await?;
    measure::page_load(page, static_path, key, 0, timeout).await?;
    for _ in 0..runs {
        app.push(measure::page_load(page, app_path, key, settle, timeout).await?);
        base.push(measure::page_load(page, static_path, key, settle, timeout).await?);
    }
    Ok((app, base))
}

async fn scale(small: &Page, big: &Page, small_api: &Path, big_api: &Path, runs: usize) -> Result<ScaleResult, String> {
    let (small_pages, _) = dataset::category_shape(small_api, REFERENCE_CATEGORY).ok_or("no sample category")?;
    let (big_category, big_pages) = dataset::largest_category(big_api).ok_or("no category in the large dataset")?;
    let deep_page = big_pages.min(150);
    let timeout = Duration::from_secs(30);
    let small_href = dataset::category_href(REFERENCE_CATEGORY, 1);
    let big_href = dataset::category_href(&big_category, 1);
    let deep_href = dataset::category_href(&big_category, deep_page);
    let mut result = ScaleResult {
        small_category: REFERENCE_CATEGORY.into(),
        small_pages,
        big_category: big_category.clone(),
        big_pages,
        deep_page,
        ..ScaleResult::default()
    };
    measure::page_load(small, &small_href, "list", 0, timeout).await?;
    measure::page_load(big, &big_href, "list", 0, timeout).await?;
    for _ in 0..runs {
        result.small_p1.push(measure::page_load(small, &small_href, "list", 100, timeout).await?);
        result.big_p1.push(measure::page_load(big, &big_href, "list", 100, timeout).await?);
        result.big_deep.push(measure::page_load(big, &deep_href, "list", 100, timeout).await?);
    }
    Ok(result)
}

/// Writes `site_dir`; returns how many `<p>` the stress article's body has.
fn prepare_site(dist: &Path, site_dir: &Path, sample_api: &Path, big_api: Option<&Path>, pool: &[NavItem]) -> Result<usize, String> {
    if site_dir.exists() {
        std::fs::remove_dir_all(site_dir).map_err(|e| format!("remove {}: {e}", site_dir.display()))?;
    }
    static_site::copy_tree(dist, site_dir, &["api"]).map_err(|e| format!("copy {} to {}: {e}", dist.display(), site_dir.display()))?;
    let index = std::fs::read_to_string(dist.join("index.html")).map_err(|e| format!("read index.html: {e}"))?;
    let links = static_site::stylesheet_links(&index);
    if links.is_empty() {
        return Err("dist/index.html links no stylesheet".into());
    }
    let date_line = vn_date_line();
    let site = dataset::read_json(&sample_api.join("site.json"))?;
    let shell = Shell { site: &site, stylesheets: &links, date_line: &date_line };

    let reference = dataset::read_json(&sample_api.join(dataset::article_file(REFERENCE_ARTICLE)))?;
    static_site::write(&site_dir.join(STATIC_ARTICLE), &static_site::article_page(&shell, &reference))?;

    let mut lists = BTreeSet::new();
    for item in pool {
        lists.insert((item.category.clone(), item.page));
        let article = dataset::read_json(&sample_api.join(dataset::article_file(&item.slug)))?;
        let path = site_dir.join(static_site::static_article_path(&item.slug).trim_start_matches('/'));
        static_site::write(&path, &static_site::article_page(&shell, &article))?;
    }
    for (category, page) in lists {
        let list = dataset::read_json(&sample_api.join(dataset::list_file(&category, page)))?;
        let path = site_dir.join(static_site::static_list_path(&category, page).trim_start_matches('/'));
        static_site::write(&path, &static_site::list_page(&shell, &list))?;
    }

    let mut paragraphs = 0;
    if let Some(big) = big_api {
        if let (Ok(site), Ok(article)) = (
            dataset::read_json(&big.join("site.json")),
            dataset::read_json(&big.join(dataset::article_file(STRESS_ARTICLE))),
        ) {
            let body = article.get("body_html").and_then(Value::as_str).unwrap_or("");
            paragraphs = body.matches("<p>").count() + body.matches("<p ").count();
            let shell = Shell { site: &site, stylesheets: &links, date_line: &date_line };
            static_site::write(&site_dir.join(STATIC_STRESS), &static_site::article_page(&shell, &article))?;
        }
    }
    sizes::precompress_tree(site_dir).map_err(|e| format!("precompress {}: {e}", site_dir.display()))?;
    Ok(paragraphs)
}

/// Every sample, for a closer look than the table gives.
fn write_raw(path: &PathBuf, results: &Results) {
    let samples = |s: &measure::NavSamples| json!({ "dom": s.dom, "paint": s.paint, "fetch_start": s.fetch_start, "fetch_end": s.fetch_end, "popstate": s.popstate, "after_popstate": s.after_popstate });
    let nav = |n: &Option<Result<measure::NavResult, String>>| match n {
        Some(Ok(n)) => json!({
            "cold_open": samples(&n.cold_open),
            "cold_back": samples(&n.cold_back),
            "warm_open": samples(&n.warm_open),
            "warm_back": samples(&n.warm_back),
        }),
        Some(Err(e)) => json!({ "error": e }),
        None => Value::Null,
    };
    let pair = |p: &Option<Result<(Vec<Value>, Vec<Value>), String>>| match p {
        Some(Ok((a, b))) => json!({ "app": a, "static": b }),
        Some(Err(e)) => json!({ "error": e }),
        None => Value::Null,
    };
    let raw = json!({
        "first_load": pair(&results.first_load),
        "first_load_throttled": pair(&results.first_load_throttled),
        "stress": pair(&results.stress),
        "nav_app": nav(&results.nav_app),
        "nav_static": nav(&results.nav_static),
        "scale": match &results.scale {
            Some(Ok(s)) => json!({ "small_p1": s.small_p1, "big_p1": s.big_p1, "big_deep": s.big_deep, "deep_page": s.deep_page, "big_category": s.big_category }),
            Some(Err(e)) => json!({ "error": e }),
            None => Value::Null,
        },
        "memory": match &results.memory {
            Some(Ok(m)) => json!({ "early": [m.early.js_heap, m.early.wasm, m.early.nodes], "late": [m.late.js_heap, m.late.wasm, m.late.nodes] }),
            Some(Err(e)) => json!({ "error": e }),
            None => Value::Null,
        },
    });
    let _ = std::fs::write(path, serde_json::to_string_pretty(&raw).unwrap_or_default());
}

// ----- machine and date -----------------------------------------------------------

fn machine(chromium: String) -> Machine {
    let cpus = std::thread::available_parallelism().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|m| m.trim().to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| format!("{:.1} GB", kb / 1_048_576.0))
        .unwrap_or_else(|| "unknown".into());
    Machine {
        cpus,
        cpu_model,
        memory,
        chromium,
        date: now().format("%Y-%m-%d").to_string(),
    }
}

/// Now, as the app reads it (`Date.now()` milliseconds).
fn now() -> chrono::DateTime<chrono::Utc> {
    let millis = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as f64).unwrap_or(0.0);
    content_gen::format::instant_from_millis(millis)
}

/// The header's date line, by the app's own function: `Thứ năm, Ngày 20 Tháng 6 Năm 2024`.
fn vn_date_line() -> String {
    content_gen::format::format_vn_date_line(&now())
}
