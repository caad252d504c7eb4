//! `make bench`: what Bản tin costs a reader, against a static baseline.
//!
//! Builds the release `dist/` with its pre-rendered sample pages (via the
//! e2e harness), publishes the large synthetic dataset with the release
//! `publish` binary (timed: the publishing rows), prepares the served sites
//! under `target/bench/` (the published folders, and baseline mirrors of
//! them with every script removed, all precompressed), serves them on
//! loopback, and measures sizes, first loads, the app's takeover, in-app
//! navigation, scale and memory in headless Chromium. Prints one markdown
//! table and writes it to `target/bench/report.md`; `--write-docs` also
//! rewrites `docs/PERFORMANCE.md`. See that file.

mod baseline;
mod crates;
mod dataset;
mod images;
mod images_page;
mod js;
mod measure;
mod publishing;
mod report;
mod search;
mod sizes;
mod stats;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use e2e::{Page, TestServer};
use serde_json::{json, Value};

use crate::dataset::{REFERENCE_ARTICLE, REFERENCE_CATEGORY, STRESS_ARTICLE};
use crate::measure::Takeover;
use crate::report::{FirstLoads, Machine, Results, ScaleResult, TakeoverCase};

#[derive(Debug, Clone)]
struct Options {
    write_docs: bool,
    skip_build: bool,
    scale: bool,
    /// Reuse the large dataset's published folder of an earlier run.
    skip_publish: bool,
    /// Fresh page loads per configuration.
    runs: usize,
    /// Distinct articles navigated to (cold, then warm).
    navs: usize,
    /// Visits before the first and the second memory sample.
    memory_early: usize,
    memory_late: usize,
    /// Phases to run (all when empty).
    only: Vec<String>,
    /// Only serve the sites for this many seconds (to look at them).
    serve: Option<u64>,
}

impl Options {
    fn runs_phase(&self, phase: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|p| p == phase)
    }
}

const PHASES: [&str; 9] = ["sizes", "first", "takeover", "publish", "scale", "nav", "memory", "search", "pagefind"];

const USAGE: &str = "usage: bench [--write-docs] [--runs N] [--navs N] [--memory-visits N] [--skip-build] [--skip-publish] [--no-scale] [--quick] [--only PHASE,…]
  phases: sizes, first (first loads), takeover (CLS and landmarks at 375 and 1280 px), publish (100 000 articles),
          scale, nav (in-app navigation), memory, search (the static index at the sample and at 100 000 articles),
          pagefind (Pagefind and the static index on the same 10 000 articles; npm `pagefind`);
          only when named: image-formats (AVIF, WebP, JPEG: bytes at equal SSIM), images-publish (photographs published),
          images-page (a photograph on a phone; beside WordPress's theme)
  --skip-build: reuse dist/ as it is (it must hold the published sample)
  --skip-publish: reuse the large dataset's published folder of an earlier run (publishing rows not measured)
  --no-scale: no large dataset (no publishing or scale rows)
  --serve SECONDS: only prepare and serve the sites (sample, baseline, large dataset), printing the URLs";

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        write_docs: false,
        skip_build: false,
        scale: true,
        skip_publish: false,
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
            "--skip-publish" => o.skip_publish = true,
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
                    if !PHASES.contains(&phase) && !images::PHASES.contains(&phase) && phase != images_page::PHASE {
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
    let load = load_average().map(|l| format!(" (load average {l:.1})")).unwrap_or_default();
    eprintln!("bench [{:>5.1} s] {what}{load}", started.elapsed().as_secs_f64());
}

/// The 1-minute load average of the machine (every process on it).
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}

/// Notes the machine's load as a measured phase starts.
fn phase(results: &mut Results, started: Instant, label: &str, what: &str) {
    step(started, what);
    if let Some(load) = load_average() {
        results.load.push((label.to_string(), load));
    }
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

/// Unthrottled loads (first loads of a deep link, the scale rows' list
/// pages) are repeated this many times `--runs`.
pub const UNTHROTTLED_RUNS_FACTOR: usize = 3;

/// The published page of a URL path (`/bai-viet/x` → `bai-viet/x/index.html`).
fn page_file(path: &str, page: u64) -> String {
    let path = path.trim_matches('/');
    match (path.is_empty(), page) {
        (true, _) => "index.html".into(),
        (false, 0 | 1) => format!("{path}/index.html"),
        (false, n) => format!("{path}/trang-{n}/index.html"),
    }
}

/// The large dataset's published site, ready to serve.
struct BigSite {
    dir: PathBuf,
    api: PathBuf,
    category: String,
    pages: u64,
    deep_page: u64,
}

async fn run(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let root = e2e::workspace_root();
    let bench_dir = e2e::target_dir().join("bench");
    std::fs::create_dir_all(&bench_dir).map_err(|e| format!("create {}: {e}", bench_dir.display()))?;
    // The image phases need neither dist/'s rebuild nor the browser (images/mod.rs).
    if options.only.iter().any(|p| images::PHASES.contains(&p.as_str())) {
        images::run(&root, &bench_dir, &options.only, options.write_docs, std::env::args().any(|a| a == "--quick"))?;
        if options.only.iter().all(|p| images::PHASES.contains(&p.as_str())) {
            return Ok(());
        }
    }
    if options.only.iter().any(|p| p == images_page::PHASE) {
        images_page::run(&root, &bench_dir, options.runs, options.write_docs, std::env::args().any(|a| a == "--quick")).await?;
        if options.only.iter().all(|p| p == images_page::PHASE || images::PHASES.contains(&p.as_str())) {
            return Ok(());
        }
    }

    if !root.join("content/api/site.json").is_file() {
        return Err(format!(
            "{} is missing: the app's sample content is needed to build dist/ (run `make content`)",
            root.join("content/api/site.json").display()
        ));
    }

    // 1. The release build, with the sample's pre-rendered pages.
    if options.skip_build {
        std::env::set_var("BANTIN_E2E_SKIP_BUILD", "1");
    }
    step(started, "building dist/ (trunk build --release, then the sample published)");
    let dist = e2e::try_dist()?;
    let reference_page = page_file(&format!("/bai-viet/{REFERENCE_ARTICLE}"), 1);
    for needed in [publishing::SHELL_FILE, reference_page.as_str()] {
        if !dist.join(needed).is_file() {
            return Err(format!("{} has no {needed}: dist/ holds no published sample (run without --skip-build, or `make build`)", dist.display()));
        }
    }
    let mut results = Results::default();

    // 2. The large dataset (generated once, then reused), published by the
    //    release binary into a fresh folder: the publishing rows.
    let wants_big = options.scale && ["scale", "publish", "search"].iter().any(|phase| options.runs_phase(phase));
    let big_dir = bench_dir.join("big-site");
    let mut big_api = None;
    if wants_big {
        step(started, "large dataset");
        match dataset::ensure_big(&root, &bench_dir.join("big")) {
            Ok(api) => big_api = Some(api),
            Err(e) => {
                results.publish = Some(Err(format!("no large dataset: {e}")));
                results.scale = Some(Err(format!("no large dataset: {e}")));
                results.stress = Some(Err("no large dataset".into()));
            }
        }
    }
    if let Some(api) = &big_api {
        let published = big_dir.join(page_file(&format!("/bai-viet/{STRESS_ARTICLE}"), 1));
        if options.skip_publish && published.is_file() {
            eprintln!("bench: reusing {} (--skip-publish)", big_dir.display());
            results.publish = Some(Err("skipped (--skip-publish reused an earlier run's folder)".into()));
        } else {
            let mut load_log = Vec::new();
            step(started, "publishing 100 000 articles: building the release publish binary");
            let outcome = publishing::build_binary(&root).and_then(|binary| {
                step(started, "publishing 100 000 articles into a fresh folder, then after one change");
                if let Some(load) = load_average() {
                    load_log.push(("publishing".to_string(), load));
                }
                publishing::measure(&binary, api, &dist, &big_dir, &bench_dir)
            });
            // The pages are on disk before the browser measures anything.
            let _ = std::process::Command::new("sync").status();
            results.publish = Some(outcome);
            results.load.extend(load_log);
        }
    }
    let big_site = match &big_api {
        Some(api) if big_dir.join(publishing::SHELL_FILE).is_file() => {
            baseline::link_dir(api, &big_dir.join("api"))?;
            dataset::largest_category(api).map(|(category, pages)| BigSite {
                dir: big_dir.clone(),
                api: api.clone(),
                category,
                deep_page: pages.min(150),
                pages,
            })
        }
        _ => None,
    };
    if big_api.is_some() && big_site.is_none() && results.scale.is_none() {
        let why = match &results.publish {
            Some(Err(e)) => format!("the large dataset was not published: {e}"),
            _ => "the large dataset was not published".into(),
        };
        results.scale = Some(Err(why.clone()));
        results.stress = Some(Err(why));
    }

    // 3. The served sites: the published sample, its baseline mirror, and
    //    the same two for the large dataset (precompressed like gzip_static).
    step(started, "preparing target/bench (published sites, their baselines without scripts, precompression)");
    let site_dir = bench_dir.join("site");
    let static_dir = bench_dir.join("static");
    let big_static_dir = bench_dir.join("big-static");
    let sample_api = site_dir.join("api");
    let pool = dataset::nav_pool(&dist.join("api"), REFERENCE_CATEGORY, options.navs)?;
    prepare_sample(&dist, &site_dir, &static_dir)?;
    let stress_paragraphs = match &big_site {
        Some(big) => prepare_big(big, &big_static_dir)?,
        None => 0,
    };

    // 4. Sizes.
    if options.runs_phase("sizes") {
        step(started, "sizes");
        let files = sizes::AppFiles::find(&site_dir)?;
        results.sizes = Some(sizes::measure(
            &files,
            &sample_api,
            &dataset::article_file(REFERENCE_ARTICLE),
            &dataset::list_file(REFERENCE_CATEGORY, 1),
            &site_dir.join(&reference_page),
            &site_dir.join(publishing::SHELL_FILE),
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

    // 5. The servers (the e2e harness's: nginx's rules for pre-rendered
    //    pages, the app shell and 404.html; precompressed files; gzip/brotli
    //    on the fly for the rest; TCP_NODELAY) and the browser.
    let serve = |dir: &Path| TestServer::builder(dir).with_compression(true).with_precompressed(true).start();
    let app_server = serve(&site_dir);
    let static_server = serve(&static_dir);
    // With the API mounted from a folder of its own, every app route gets
    // the app shell: what a URL without a pre-rendered file gets.
    let shell_server = TestServer::builder(&site_dir)
        .mount_api_dir(&sample_api)
        .with_compression(true)
        .with_precompressed(true)
        .start();
    let big_servers = big_site.as_ref().map(|big| (serve(&big.dir), serve(&big_static_dir)));
    let article_path = format!("/bai-viet/{REFERENCE_ARTICLE}");
    if let Some(seconds) = options.serve {
        println!("published sample:  {}{article_path}", app_server.base_url());
        println!("its baseline:      {}{article_path}", static_server.base_url());
        println!("app shell:         {}{article_path}", shell_server.base_url());
        if let Some((big, big_static)) = &big_servers {
            println!("large dataset:     {}/bai-viet/{STRESS_ARTICLE} (baseline {}/bai-viet/{STRESS_ARTICLE})", big.base_url(), big_static.base_url());
        }
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        return Ok(());
    }
    step(started, "starting Chromium");
    let browser = measure::start_browser().await;
    let app = browser.page(app_server.base_url());
    let base = browser.page(static_server.base_url());
    let shell = browser.page(shell_server.base_url());
    let mut expect = serde_json::Map::new();
    expect.insert(format!("/bai-viet/{STRESS_ARTICLE}"), json!(stress_paragraphs));
    let expect = Value::Object(expect);
    // One tab: every page object drives it, so the script is installed once.
    measure::install_init_script(&app, &expect).await?;
    let chromium = measure::browser_version(&app).await.unwrap_or_else(|| "Chromium (version unknown)".into());

    // 6. First loads of a deep link, unthrottled then throttled: the
    //    published page, its baseline, and the app shell, interleaved.
    measure::set_cache_disabled(&app, true).await?;
    for throttled in [false, true] {
        if !options.runs_phase("first") {
            break;
        }
        let label = if throttled { "first loads, slow 4G + 4× CPU" } else { "first loads, unthrottled" };
        phase(&mut results, started, label, label);
        measure::set_throttling(&app, throttled).await?;
        let (settle, timeout) = if throttled { (800, Duration::from_secs(60)) } else { (300, Duration::from_secs(30)) };
        // Unthrottled loads take tens of milliseconds, where one busy
        // moment of the machine shows: three times the runs for the median.
        let runs = if throttled { options.runs } else { UNTHROTTLED_RUNS_FACTOR * options.runs };
        let variants = [(&app, Takeover::Wait), (&base, Takeover::None), (&shell, Takeover::Wait)];
        let outcome = loads(&variants, &article_path, "h1", runs, settle, timeout)
            .await
            .map(|mut all| FirstLoads { shell: all.pop().unwrap_or_default(), base: all.pop().unwrap_or_default(), app: all.pop().unwrap_or_default() });
        if throttled {
            results.first_load_throttled = Some(outcome);
        } else {
            results.first_load = Some(outcome);
        }
    }
    measure::set_throttling(&app, false).await?;

    // 7. The takeover at 375 and 1280 px: layout shifts and landmarks.
    if options.runs_phase("takeover") {
        phase(&mut results, started, "takeover", "takeover: article, list and home at 375 and 1280 px");
        results.takeover = Some(takeover(&app, options.runs).await);
        measure::set_viewport(&app, None).await?;
        measure::set_throttling(&app, false).await?;
    }

    // 8. Scale (cache still disabled: every load is a first load).
    if let (Some(big), Some((big_server, big_static_server))) = (&big_site, &big_servers) {
        if options.runs_phase("scale") {
            let big_page = browser.page(big_server.base_url());
            let big_base = browser.page(big_static_server.base_url());
            phase(&mut results, started, "scale", "scale: category pages, sample vs large dataset");
            // Loads of tens of milliseconds, like the unthrottled first loads.
            results.scale = Some(scale(&app, &big_page, &site_dir, big, UNTHROTTLED_RUNS_FACTOR * options.runs).await);
            step(started, "scale: the stress article");
            let variants = [(&big_page, Takeover::Wait), (&big_base, Takeover::None)];
            let outcome = loads(&variants, &format!("/bai-viet/{STRESS_ARTICLE}"), "body", options.runs, 300, Duration::from_secs(60))
                .await
                .map(|mut all| FirstLoads { shell: Vec::new(), base: all.pop().unwrap_or_default(), app: all.pop().unwrap_or_default() });
            results.stress = Some(outcome);
        }
    }

    // 9. In-app navigation, then the same on the baseline (HTTP cache on).
    measure::set_cache_disabled(&app, false).await?;
    if options.runs_phase("nav") {
        phase(&mut results, started, "in-app navigation", &format!("in-app navigation: {} articles cold, then warm", pool.len()));
        results.nav_app = Some(measure::app_navigation(&app, &pool).await);
        step(started, "baseline navigation (full page loads)");
        results.nav_static = Some(measure::static_navigation(&base, &pool).await);
    }

    // 10. Memory.
    if options.runs_phase("memory") {
        phase(&mut results, started, "memory", &format!("memory: {} and {} visits", options.memory_early, options.memory_late));
        results.memory = Some(measure::memory(&app, &pool, options.memory_early, options.memory_late).await);
    }

    // 11. Search: the static index of the sample and of the large dataset,
    //     then Pagefind and the index on the same 10 000 articles.
    if options.runs_phase("search") || options.runs_phase("pagefind") {
        measure::set_cache_disabled(&app, true).await?;
        let mut searched = search::SearchResults::default();
        if options.runs_phase("search") {
            phase(&mut results, started, "search", "search: the sample's index, cold, second query, warm; unthrottled and throttled");
            let articles = dataset::count_articles(&sample_api);
            searched.sites.push(search::measure_site(&app, &site_dir, articles, options.runs, SEARCH_THROTTLED_RUNS).await);
            if let (Some(big), Some((big_server, _))) = (&big_site, &big_servers) {
                step(started, "search: the large dataset's index");
                let big_page = browser.page(big_server.base_url());
                let articles = dataset::count_articles(&big.api);
                searched.sites.push(search::measure_site(&big_page, &big.dir, articles, options.runs, SEARCH_THROTTLED_RUNS).await);
            }
        }
        if options.runs_phase("pagefind") {
            phase(&mut results, started, "pagefind", "search: Pagefind and the static index on 10 000 articles");
            searched.comparison = Some(compare_with_pagefind(&root, &dist, &bench_dir, &browser, options.runs).await);
        }
        results.search = Some(searched);
    }

    browser.close().await;
    drop(big_servers);
    drop(shell_server);
    drop(static_server);
    drop(app_server);

    // 12. The report.
    let run_time = format!("{:.1} min", started.elapsed().as_secs_f64() / 60.0);
    let report = report::build(&results);
    let notes = report::notes(&results);
    let table = report.table();
    let (pass, miss, not) = report.counts();
    let crates_table = report::crate_table(&results);
    let mut text = table.clone();
    text.push_str(&format!("\n{pass} targets met, {miss} missed, {not} not measured. Bench run time: {run_time}.\n"));
    if let Some(load) = report::load_line(&results) {
        text.push_str(&format!("{load}.\n"));
    }
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
    for row in report.misses() {
        text.push_str(&format!("\nMissed: {} — {}: {}\n", row.area, row.measure, report::why_missed(row, &results)));
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
        let md = keep_written_sections(&std::fs::read_to_string(&docs).unwrap_or_default(), md);
        std::fs::write(&docs, md).map_err(|e| format!("write {}: {e}", docs.display()))?;
        eprintln!("bench: {} rewritten", docs.display());
    }
    Ok(())
}

/// Sections of docs/PERFORMANCE.md that a full rewrite does not write (by
/// hand, or by the image phases, which run only when named): a rewrite
/// carries them over from the file it replaces, before "Missed
/// targets" (or at the end).
const WRITTEN_SECTIONS: [&str; 3] = ["## Size diet", "## Images", "## Images: photographs on phones"];

fn keep_written_sections(old: &str, mut md: String) -> String {
    let mut kept = String::new();
    let mut starts = Vec::new();
    for heading in WRITTEN_SECTIONS {
        let Some(start) = old.find(&format!("\n{heading}")).map(|at| at + 1) else { continue };
        // "## Images" also matches the heading that starts with it, when alone.
        if starts.contains(&start) {
            continue;
        }
        starts.push(start);
        let end = old[start + heading.len()..].find("\n## ").map_or(old.len(), |at| start + heading.len() + at + 1);
        kept.push_str(old[start..end].trim_end());
        kept.push_str("\n\n");
    }
    if kept.is_empty() {
        return md;
    }
    match md.find("\n## Missed targets") {
        Some(at) => md.insert_str(at + 1, &kept),
        None => {
            md.push('\n');
            md.push_str(&kept);
        }
    }
    md
}

/// Throttled search sessions per site (each is several seconds).
const SEARCH_THROTTLED_RUNS: usize = 3;

/// Publishes the 10 000-article dataset with the release binary (timed),
/// writes the same articles as plain pages and indexes them with Pagefind
/// (timed), then runs the same queries against both in the browser. The
/// two folders are removed afterwards.
async fn compare_with_pagefind(root: &Path, dist: &Path, bench_dir: &Path, browser: &e2e::Browser, runs: usize) -> Result<search::Comparison, String> {
    let content = dataset::ensure_mid(root, &bench_dir.join("mid"))?;
    let pagefind = search::ensure_pagefind(&bench_dir.join("pagefind-tool"))?;
    let binary = publishing::build_binary(root)?;
    let ours_dir = bench_dir.join("mid-site");
    let pagefind_dir = bench_dir.join("mid-pagefind");
    let ours_publish = publishing::publish_fresh(&binary, &content, dist, &ours_dir, &bench_dir.join("publish-mid.log"))?;
    let articles = search::write_pagefind_site(&content, &pagefind_dir)?;
    eprintln!("bench: {articles} pages for Pagefind in {}", pagefind_dir.display());
    let pagefind_build = search::run_pagefind(&pagefind, &pagefind_dir, &bench_dir.join("pagefind.log"))?;
    let (pagefind_files, pagefind_bytes) = search::pagefind_output(&pagefind_dir);
    baseline::link_dir(&content, &ours_dir.join("api"))?;
    let serve = |dir: &Path| TestServer::builder(dir).with_compression(true).start();
    let (ours_server, pagefind_server) = (serve(&ours_dir), serve(&pagefind_dir));
    let ours_page = browser.page(ours_server.base_url());
    let ours = search::measure_site(&ours_page, &ours_dir, articles, runs, 0).await?;
    let pagefind_page = browser.page(pagefind_server.base_url());
    let pagefind_samples = search::PagefindSite { page: &pagefind_page, server: &pagefind_server, dir: &pagefind_dir }.measure(runs).await?;
    drop(ours_server);
    drop(pagefind_server);
    let _ = publishing::remove_site(&ours_dir);
    let _ = std::fs::remove_dir_all(&pagefind_dir);
    Ok(search::Comparison {
        articles,
        pagefind_version: search::PAGEFIND_VERSION.to_string(),
        ours_publish,
        ours,
        pagefind_build,
        pagefind_files,
        pagefind_bytes,
        pagefind: pagefind_samples,
    })
}

/// `runs` fresh loads of `path` on each of `variants` (a page object, i.e.
/// a server, and whether the app takes over), interleaved so that a slow
/// spell of the machine hits all of them; one vector of samples per variant.
async fn loads(variants: &[(&Page, Takeover)], path: &str, key: &str, runs: usize, settle: u64, timeout: Duration) -> Result<Vec<Vec<Value>>, String> {
    let mut samples = vec![Vec::new(); variants.len()];
    // One unrecorded load of each first: the server's and the browser's first-use costs.
    for (page, takeover) in variants {
        measure::page_load(page, path, key, *takeover, 0, timeout).await?;
    }
    for _ in 0..runs {
        for ((page, takeover), out) in variants.iter().zip(samples.iter_mut()) {
            out.push(measure::page_load(page, path, key, *takeover, settle, timeout).await?);
        }
    }
    Ok(samples)
}

/// The published article, list and home page at 375 and 1280 px,
/// unthrottled, and the article at 375 px throttled: layout shifts and the
/// landmarks' boxes across the takeover.
async fn takeover(app: &Page, runs: usize) -> Result<Vec<TakeoverCase>, String> {
    let pages = [
        ("article", format!("/bai-viet/{REFERENCE_ARTICLE}"), "h1"),
        ("list", dataset::category_href(REFERENCE_CATEGORY, 1), "list"),
        ("home", "/".to_string(), "list"),
    ];
    let mut cases = Vec::new();
    for (width, phone) in [(375, Some((375, 812))), (1280, None)] {
        measure::set_viewport(app, phone).await?;
        for throttled in [false, true] {
            measure::set_throttling(app, throttled).await?;
            let (settle, timeout) = if throttled { (800, Duration::from_secs(60)) } else { (300, Duration::from_secs(30)) };
            for (label, path, key) in &pages {
                // Throttled: the article only (the first-load rows have it at 1280 px).
                if throttled && (*label != "article" || width != 375) {
                    continue;
                }
                let samples = loads(&[(app, Takeover::Wait)], path, key, runs, settle, timeout).await?.pop().unwrap_or_default();
                cases.push(TakeoverCase { page: (*label).to_string(), path: path.clone(), width, throttled, samples });
            }
        }
    }
    Ok(cases)
}

/// `small_site` is the published sample (`target/bench/site`).
async fn scale(small: &Page, big: &Page, small_site: &Path, site: &BigSite, runs: usize) -> Result<ScaleResult, String> {
    let small_api = small_site.join("api");
    let small_api = small_api.as_path();
    let (small_pages, _) = dataset::category_shape(small_api, REFERENCE_CATEGORY).ok_or("no sample category")?;
    let timeout = Duration::from_secs(30);
    let small_href = dataset::category_href(REFERENCE_CATEGORY, 1);
    let big_href = dataset::category_href(&site.category, 1);
    let deep_href = dataset::category_href(&site.category, site.deep_page);
    let mut result = ScaleResult {
        small_category: REFERENCE_CATEGORY.into(),
        small_pages,
        big_category: site.category.clone(),
        big_pages: site.pages,
        deep_page: site.deep_page,
        ..ScaleResult::default()
    };
    let html = |dir: &Path, category: &str, page: u64| sizes::Sizes::of_file(&dir.join(page_file(&format!("/chuyen-muc/{category}"), page)));
    result.html = [html(small_site, REFERENCE_CATEGORY, 1), html(&site.dir, &site.category, 1), html(&site.dir, &site.category, site.deep_page)]
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_default();
    let wait = Takeover::Wait;
    measure::page_load(small, &small_href, "list", wait, 0, timeout).await?;
    measure::page_load(big, &big_href, "list", wait, 0, timeout).await?;
    for _ in 0..runs {
        result.small_p1.push(measure::page_load(small, &small_href, "list", wait, 100, timeout).await?);
        result.big_p1.push(measure::page_load(big, &big_href, "list", wait, 100, timeout).await?);
        result.big_deep.push(measure::page_load(big, &deep_href, "list", wait, 100, timeout).await?);
    }
    Ok(result)
}

/// `target/bench/site` (the published `dist/`, API included) and
/// `target/bench/static` (its baseline: every page without scripts, same
/// paths, the API linked for the images), both precompressed but the API.
fn prepare_sample(dist: &Path, site_dir: &Path, static_dir: &Path) -> Result<(), String> {
    if site_dir.exists() {
        std::fs::remove_dir_all(site_dir).map_err(|e| format!("remove {}: {e}", site_dir.display()))?;
    }
    baseline::copy_tree(dist, site_dir, &[]).map_err(|e| format!("copy {} to {}: {e}", dist.display(), site_dir.display()))?;
    let pages = baseline::write_mirror(site_dir, static_dir, None, Some(&site_dir.join("api")))?;
    eprintln!("bench: baseline of the sample: {pages} pages without scripts in {}", static_dir.display());
    for dir in [site_dir, static_dir] {
        sizes::precompress_tree(dir, &["api"]).map_err(|e| format!("precompress {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// Precompresses the large dataset's pages that the bench loads and writes
/// the baseline of its stress article; returns how many `<p>` that
/// article's body has.
fn prepare_big(big: &BigSite, static_dir: &Path) -> Result<usize, String> {
    let stress = page_file(&format!("/bai-viet/{STRESS_ARTICLE}"), 1);
    let lists = format!("/chuyen-muc/{}", big.category);
    let pages = vec![
        stress.clone(),
        page_file(&lists, 1),
        page_file(&lists, big.deep_page),
        "index.html".to_string(),
        "404.html".to_string(),
        publishing::SHELL_FILE.to_string(),
    ];
    let pages: Vec<String> = pages.into_iter().filter(|p| big.dir.join(p).is_file()).collect();
    sizes::precompress_some(&big.dir, &pages).map_err(|e| format!("precompress {}: {e}", big.dir.display()))?;
    baseline::write_mirror(&big.dir, static_dir, Some(std::slice::from_ref(&stress)), Some(&big.api))?;
    sizes::precompress_some(static_dir, std::slice::from_ref(&stress)).map_err(|e| format!("precompress {}: {e}", static_dir.display()))?;
    let article = dataset::read_json(&big.api.join(dataset::article_file(STRESS_ARTICLE)))?;
    let body = article.get("body_html").and_then(Value::as_str).unwrap_or("");
    Ok(body.matches("<p>").count() + body.matches("<p ").count())
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
    let loads = |p: &Option<Result<FirstLoads, String>>| match p {
        Some(Ok(l)) => json!({ "app": l.app, "static": l.base, "shell": l.shell }),
        Some(Err(e)) => json!({ "error": e }),
        None => Value::Null,
    };
    let run = |r: &publishing::Run| {
        json!({ "wall_s": r.wall.as_secs_f64(), "max_rss": r.max_rss, "cpu_s": r.cpu.map(|c| c.as_secs_f64()),
            "summary": r.summary.as_ref().map(|s| json!({ "pages": s.pages, "feeds": s.feeds, "sitemap_files": s.sitemap_files, "written": s.written, "unchanged": s.unchanged, "deleted": s.deleted, "checking_s": s.checking_s, "rendering_s": s.rendering_s })) })
    };
    let raw = json!({
        "first_load": loads(&results.first_load),
        "first_load_throttled": loads(&results.first_load_throttled),
        "stress": loads(&results.stress),
        "takeover": match &results.takeover {
            Some(Ok(cases)) => cases.iter().map(|c| json!({ "page": c.page, "width": c.width, "throttled": c.throttled, "samples": c.samples })).collect(),
            Some(Err(e)) => json!({ "error": e }),
            None => Value::Null,
        },
        "publish": match &results.publish {
            Some(Ok(p)) => json!({ "full": run(&p.full), "incremental": run(&p.incremental), "output_bytes": p.output_bytes, "changed": p.changed_slug,
                "sitemap": match &p.sitemap {
                    Some(Ok(c)) => json!({ "index": c.index, "files": c.files, "urls": c.urls, "articles": c.articles }),
                    Some(Err(e)) => json!({ "error": e }),
                    None => Value::Null,
                } }),
            Some(Err(e)) => json!({ "error": e }),
            None => Value::Null,
        },
        "nav_app": nav(&results.nav_app),
        "nav_static": nav(&results.nav_static),
        "scale": match &results.scale {
            Some(Ok(s)) => json!({ "small_p1": s.small_p1, "big_p1": s.big_p1, "big_deep": s.big_deep, "deep_page": s.deep_page, "big_category": s.big_category }),
            Some(Err(e)) => json!({ "error": e }),
            None => Value::Null,
        },
        "search": match &results.search {
            Some(search) => {
                let site = |s: &search::SiteSearch| json!({ "articles": s.articles, "unthrottled": s.unthrottled, "throttled": s.throttled, "phrase_cold": s.phrase_cold });
                json!({
                    "sites": search.sites.iter().map(|s| match s { Ok(s) => site(s), Err(e) => json!({ "error": e }) }).collect::<Vec<_>>(),
                    "comparison": match &search.comparison {
                        Some(Ok(c)) => json!({ "ours": site(&c.ours), "pagefind": c.pagefind, "ours_publish": run(&c.ours_publish), "pagefind_build": run(&c.pagefind_build) }),
                        Some(Err(e)) => json!({ "error": e }),
                        None => Value::Null,
                    },
                })
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_written_sections_survive_a_rewrite() {
        let old = "# Performance\n\nold table\n\n## Size diet (issue 16)\n\n| step | saved |\n|---|---|\n| a | 1 kB |\n\n## Missed targets\n\nold misses\n";
        let new = "# Performance\n\nnew table\n\n## Missed targets\n\nnew misses\n".to_string();
        let md = keep_written_sections(old, new.clone());
        assert_eq!(md, "# Performance\n\nnew table\n\n## Size diet (issue 16)\n\n| step | saved |\n|---|---|\n| a | 1 kB |\n\n## Missed targets\n\nnew misses\n");
        assert_eq!(keep_written_sections("# Performance\n", new.clone()), new);
        let last = keep_written_sections("x\n## Size diet\n\nlast", "# P\n".to_string());
        assert_eq!(last, "# P\n\n## Size diet\n\nlast\n\n");
    }

    #[test]
    fn urls_map_to_their_published_files() {
        assert_eq!(page_file("/", 1), "index.html");
        assert_eq!(page_file("/bai-viet/x", 1), "bai-viet/x/index.html");
        assert_eq!(page_file("/chuyen-muc/kinh-te", 1), "chuyen-muc/kinh-te/index.html");
        assert_eq!(page_file("/chuyen-muc/kinh-te", 150), "chuyen-muc/kinh-te/trang-150/index.html");
    }
}
