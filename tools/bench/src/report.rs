//! Turns the measurements into one markdown table (with targets and
//! PASS/MISS), notes, and `docs/PERFORMANCE.md`.

use serde_json::Value;

use crate::crates::CodeBreakdown;
use crate::measure::{MemoryResult, NavResult, NavSamples};
use crate::sizes::{SizeReport, Sizes};
use crate::stats::{median, percentile};

/// What the bench measured; a phase that could not run holds its reason.
#[derive(Debug, Default)]
pub struct Results {
    pub sizes: Option<Result<SizeReport, String>>,
    /// Code bytes per crate of the wasm before wasm-opt.
    pub crates: Option<Result<CodeBreakdown, String>>,
    /// App and static samples of fresh page loads (cache disabled).
    pub first_load: Option<Result<(Vec<Value>, Vec<Value>), String>>,
    pub first_load_throttled: Option<Result<(Vec<Value>, Vec<Value>), String>>,
    pub nav_app: Option<Result<NavResult, String>>,
    pub nav_static: Option<Result<NavResult, String>>,
    pub scale: Option<Result<ScaleResult, String>>,
    pub stress: Option<Result<(Vec<Value>, Vec<Value>), String>>,
    pub memory: Option<Result<MemoryResult, String>>,
}

#[derive(Debug, Default)]
pub struct ScaleResult {
    pub small_category: String,
    pub small_pages: u64,
    pub big_category: String,
    pub big_pages: u64,
    pub deep_page: u64,
    pub small_p1: Vec<Value>,
    pub big_p1: Vec<Value>,
    pub big_deep: Vec<Value>,
}

#[derive(Debug, Clone)]
pub enum Verdict {
    Pass,
    Miss(String),
    Info,
    NotMeasured(String),
}

#[derive(Debug, Clone)]
pub struct Row {
    pub area: String,
    pub measure: String,
    pub app: String,
    pub baseline: String,
    pub ratio: String,
    pub target: String,
    pub verdict: Verdict,
}

#[derive(Debug, Default)]
pub struct Report {
    pub rows: Vec<Row>,
}

// ----- formatting -------------------------------------------------------------

pub fn kb(bytes: u64) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

fn triple(s: &Sizes) -> String {
    format!("{} / {} / {}", kb(s.raw), kb(s.gzip), kb(s.brotli))
}

pub fn ms(v: f64) -> String {
    if v.abs() < 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.0} ms")
    }
}

fn opt_ms(v: Option<f64>) -> String {
    v.map(ms).unwrap_or_else(|| "n/a".into())
}

pub fn mib(bytes: f64) -> String {
    format!("{:.2} MB", bytes / 1_048_576.0)
}

fn ratio(app: Option<f64>, base: Option<f64>) -> String {
    match (app, base) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
        _ => "—".into(),
    }
}

/// PASS when `value <= limit` (or `<` when `strict`); else by how much it misses.
fn at_most(value: Option<f64>, limit: f64, strict: bool, unit: &dyn Fn(f64) -> String) -> Verdict {
    match value {
        None => Verdict::NotMeasured("no value".into()),
        Some(v) if (strict && v < limit) || (!strict && v <= limit) => Verdict::Pass,
        Some(v) => {
            let over = v - limit;
            let pct = if limit > 0.0 { format!(", {:.0} % over", over / limit * 100.0) } else { String::new() };
            Verdict::Miss(format!("+{}{pct}", unit(over)))
        }
    }
}

fn verdict_text(v: &Verdict) -> String {
    match v {
        Verdict::Pass => "PASS".into(),
        Verdict::Miss(by) => format!("**MISS** ({by})"),
        Verdict::Info => "—".into(),
        Verdict::NotMeasured(why) => format!("not measured: {why}"),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn values(samples: &[Value], key: &str) -> Vec<f64> {
    samples.iter().filter_map(|s| s.get(key).and_then(Value::as_f64)).collect()
}

fn med(samples: &[Value], key: &str) -> Option<f64> {
    median(&values(samples, key))
}

/// The median time the wasm's response ended (Resource Timing) in first-load samples.
fn wasm_arrival(samples: &[Value]) -> Option<f64> {
    let ends: Vec<f64> = samples
        .iter()
        .filter_map(|s| {
            let rows = s.get("resources")?.as_array()?;
            let wasm = rows.iter().find(|r| r.get(0).and_then(Value::as_str).is_some_and(|n| n.ends_with(".wasm")))?;
            wasm.get(5)?.as_f64()
        })
        .collect();
    median(&ends)
}

/// The most common string value of `key` across samples.
fn mode(samples: &[Value], key: &str) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for s in samples.iter().filter_map(|s| s.get(key).and_then(Value::as_str)) {
        match counts.iter_mut().find(|(k, _)| k == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s.to_string(), 1)),
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(k, _)| k)
}

// ----- the table ----------------------------------------------------------------

impl Report {
    fn row(&mut self, area: &str, measure: &str, app: String, baseline: String, ratio: String, target: &str, verdict: Verdict) {
        self.rows.push(Row {
            area: area.into(),
            measure: measure.into(),
            app,
            baseline,
            ratio,
            target: target.into(),
            verdict,
        });
    }

    fn missing(&mut self, area: &str, measure: &str, target: &str, why: &str) {
        self.row(area, measure, "—".into(), "—".into(), "—".into(), target, Verdict::NotMeasured(why.into()));
    }

    pub fn table(&self) -> String {
        let mut out = String::from("| Area | Measure | App | Baseline | App ÷ baseline | Target | Result |\n|---|---|---|---|---|---|---|\n");
        for r in &self.rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                cell(&r.area),
                cell(&r.measure),
                cell(&r.app),
                cell(&r.baseline),
                cell(&r.ratio),
                cell(&r.target),
                cell(&verdict_text(&r.verdict))
            ));
        }
        out
    }

    pub fn misses(&self) -> Vec<&Row> {
        self.rows.iter().filter(|r| matches!(r.verdict, Verdict::Miss(_))).collect()
    }

    pub fn counts(&self) -> (usize, usize, usize) {
        let pass = self.rows.iter().filter(|r| matches!(r.verdict, Verdict::Pass)).count();
        let miss = self.misses().len();
        let not = self.rows.iter().filter(|r| matches!(r.verdict, Verdict::NotMeasured(_))).count();
        (pass, miss, not)
    }
}

pub fn build(results: &Results) -> Report {
    let mut r = Report::default();
    sizes_rows(&mut r, results);
    first_load_rows(&mut r, results);
    nav_rows(&mut r, results);
    scale_rows(&mut r, results);
    memory_rows(&mut r, results);
    r
}

fn sizes_rows(r: &mut Report, results: &Results) {
    const AREA: &str = "Size (raw / gzip -9 / brotli -q 11)";
    let s = match &results.sizes {
        Some(Ok(s)) => s,
        Some(Err(e)) => return r.missing(AREA, "sizes", "", e),
        None => return r.missing(AREA, "sizes", "", "skipped"),
    };
    r.row(AREA, &format!("wasm `{}`", s.wasm.name), triple(&s.wasm), "none".into(), "—".into(), "", Verdict::Info);
    r.row(AREA, &format!("JS `{}`", s.js.name), triple(&s.js), "none".into(), "—".into(), "", Verdict::Info);
    r.row(AREA, &format!("CSS, {} files", s.css_files.len()), triple(&s.css), triple(&s.css), "1.00×".into(), "", Verdict::Info);
    for css in &s.css_files {
        r.row(AREA, &format!("· `{}`", css.name), triple(css), "same".into(), "—".into(), "", Verdict::Info);
    }
    r.row(
        AREA,
        "index.html (app) vs the static article page",
        triple(&s.index),
        triple(&s.baseline_html),
        "—".into(),
        "",
        Verdict::Info,
    );
    match &s.article_json {
        Some(j) => r.row(AREA, "article JSON (reference article)", triple(j), "inlined in the page".into(), "—".into(), "", Verdict::Info),
        None => r.missing(AREA, "article JSON (reference article)", "", "file missing"),
    }
    match &s.list_json {
        Some(j) => r.row(AREA, "list JSON (`thi-dua-khen-thuong` page 1)", triple(j), "—".into(), "—".into(), "", Verdict::Info),
        None => r.missing(AREA, "list JSON (`thi-dua-khen-thuong` page 1)", "", "file missing"),
    }
    let first = s.first_load.gzip + s.article_json.as_ref().map(|j| j.gzip).unwrap_or(0);
    r.row(
        "First load, gzip -9",
        "first load total: wasm + js + css + index.html (+ article JSON) vs static html + css",
        format!("{} (+ JSON: {})", kb(s.first_load.gzip), kb(first)),
        kb(s.baseline_first_load.gzip),
        ratio(Some(first as f64), Some(s.baseline_first_load.gzip as f64)),
        "",
        Verdict::Info,
    );
    r.row(
        "First load, gzip -9",
        "code budget: wasm + js + css",
        format!("{} (brotli {})", kb(s.code.gzip), kb(s.code.brotli)),
        format!("css only: {}", kb(s.css.gzip)),
        "—".into(),
        "≤ 150 kB",
        at_most(Some(s.code.gzip as f64), 150_000.0, false, &|v| kb(v as u64)),
    );
}

fn first_load_rows(r: &mut Report, results: &Results) {
    for (throttled, data) in [(false, &results.first_load), (true, &results.first_load_throttled)] {
        let area = if throttled {
            "First load, slow 4G + 4× CPU (median)"
        } else {
            "First load, unthrottled (median)"
        };
        let (app, base) = match data {
            Some(Ok((a, b))) => (a, b),
            Some(Err(e)) => {
                r.missing(area, "deep-linked article", "", e);
                continue;
            }
            None => {
                r.missing(area, "deep-linked article", "", "skipped");
                continue;
            }
        };
        let n = format!(" ({} + {} runs)", app.len(), base.len());
        let h1_target = if throttled { "" } else { "≤ 1.5× static" };
        let h1_verdict = if throttled {
            Verdict::Info
        } else {
            match (med(app, "h1"), med(base, "h1")) {
                (Some(a), Some(b)) if b > 0.0 => at_most(Some(a / b), 1.5, false, &|v| format!("{v:.2}× of static")),
                _ => Verdict::NotMeasured("no h1 time".into()),
            }
        };
        r.row(area, &format!("article `h1` in the DOM{n}"), opt_ms(med(app, "h1")), opt_ms(med(base, "h1")), ratio(med(app, "h1"), med(base, "h1")), h1_target, h1_verdict);
        r.row(area, "wasm started (`TrunkApplicationStarted`)", opt_ms(med(app, "started")), "no script".into(), "—".into(), "", Verdict::Info);
        r.row(area, "FCP", opt_ms(med(app, "fcp")), opt_ms(med(base, "fcp")), ratio(med(app, "fcp"), med(base, "fcp")), "", Verdict::Info);
        let (lcp_target, lcp_verdict) = if throttled {
            ("< 2 500 ms", at_most(med(app, "lcp"), 2500.0, true, &ms))
        } else {
            ("", Verdict::Info)
        };
        let app_lcp = format!("{} ({})", opt_ms(med(app, "lcp")), mode(app, "lcpTag").unwrap_or_else(|| "?".into()));
        let base_lcp = format!("{} ({})", opt_ms(med(base, "lcp")), mode(base, "lcpTag").unwrap_or_else(|| "?".into()));
        r.row(area, "LCP (element)", app_lcp, base_lcp, ratio(med(app, "lcp"), med(base, "lcp")), lcp_target, lcp_verdict);
        let cls_app = med(app, "cls");
        let cls_verdict = match cls_app {
            Some(v) if (v * 100.0).round() == 0.0 => Verdict::Pass,
            Some(v) => Verdict::Miss(format!("{v:.3}, +{v:.3} over 0.00")),
            None => Verdict::NotMeasured("no value".into()),
        };
        let cls_max = values(app, "cls").into_iter().fold(0.0_f64, f64::max);
        r.row(
            area,
            "CLS (median; worst run)",
            format!("{:.3} ({:.3})", cls_app.unwrap_or(f64::NAN), cls_max),
            format!("{:.3}", med(base, "cls").unwrap_or(f64::NAN)),
            "—".into(),
            "0.00",
            cls_verdict,
        );
        r.row(
            area,
            "bytes transferred (Resource Timing)",
            med(app, "transfer").map(|v| kb(v as u64)).unwrap_or_else(|| "n/a".into()),
            med(base, "transfer").map(|v| kb(v as u64)).unwrap_or_else(|| "n/a".into()),
            ratio(med(app, "transfer"), med(base, "transfer")),
            "",
            Verdict::Info,
        );
    }
}

fn nav_cell(s: &NavSamples, paint: bool) -> (Option<f64>, String) {
    let v = if paint { &s.paint } else { &s.dom };
    let m = median(v);
    let text = match (m, percentile(v, 95.0)) {
        (Some(m), Some(p)) => format!("{} (p95 {})", ms(m), ms(p)),
        _ => "n/a".into(),
    };
    (m, text)
}

fn nav_rows(r: &mut Report, results: &Results) {
    const AREA: &str = "In-app navigation, unthrottled (median, p95)";
    let app = match &results.nav_app {
        Some(Ok(n)) => n,
        Some(Err(e)) => return r.missing(AREA, "list ⇄ article", "", e),
        None => return r.missing(AREA, "list ⇄ article", "", "skipped"),
    };
    let base = results.nav_static.as_ref().and_then(|r| r.as_ref().ok());
    let base_err = match &results.nav_static {
        Some(Err(e)) => format!("failed: {e}"),
        _ => "n/a".into(),
    };
    let kinds: [(&str, fn(&NavResult) -> &NavSamples, f64, &str); 4] = [
        ("click → new article's `h1`, cold", |n| &n.cold_open, 50.0, "median < 50 ms"),
        ("`history.back()` → list, cold", |n| &n.cold_back, 50.0, "median < 50 ms"),
        ("click → new article's `h1`, warm", |n| &n.warm_open, 16.0, "median < 16 ms"),
        ("`history.back()` → list, warm", |n| &n.warm_back, 16.0, "median < 16 ms"),
    ];
    for (label, pick, limit, target) in kinds {
        let samples = pick(app);
        let (m, text) = nav_cell(samples, false);
        let (bm, btext) = base.map(|b| nav_cell(pick(b), false)).unwrap_or((None, base_err.clone()));
        r.row(
            AREA,
            &format!("{label} ({} navigations; baseline: full page load)", samples.dom.len()),
            text,
            btext,
            ratio(m, bm),
            target,
            at_most(m, limit, true, &ms),
        );
    }
    for (label, pick) in [
        ("… of which Chromium's own traversal (`history.back()` → `popstate`), cold", (|n: &NavResult| &n.cold_back) as fn(&NavResult) -> &NavSamples),
        ("… of which Chromium's own traversal (`history.back()` → `popstate`), warm", |n| &n.warm_back),
    ] {
        let samples = &pick(app).popstate;
        if let (Some(m), Some(p)) = (median(samples), percentile(samples, 95.0)) {
            let app_part = median(&pick(app).after_popstate).map(|d| format!("; then the app: {}", ms(d))).unwrap_or_default();
            r.row(AREA, label, format!("{} (p95 {}){app_part}", ms(m), ms(p)), "—".into(), "—".into(), "", Verdict::Info);
        }
    }
    for (label, pick) in [
        ("… to the next frame painted, click, cold", (|n: &NavResult| &n.cold_open) as fn(&NavResult) -> &NavSamples),
        ("… to the next frame painted, back, cold", |n| &n.cold_back),
        ("… to the next frame painted, click, warm", |n| &n.warm_open),
        ("… to the next frame painted, back, warm", |n| &n.warm_back),
    ] {
        let (m, text) = nav_cell(pick(app), true);
        let (bm, btext) = base.map(|b| nav_cell(pick(b), true)).unwrap_or((None, base_err.clone()));
        let label = format!("{label} (baseline: its FCP)");
        r.row(AREA, &label, text, btext, ratio(m, bm), "", Verdict::Info);
    }
}

fn scale_rows(r: &mut Report, results: &Results) {
    const AREA: &str = "Scale, unthrottled (median)";
    const LIMIT: f64 = 1.25;
    match &results.scale {
        Some(Ok(s)) => {
            let small = med(&s.small_p1, "list");
            let target = "big ÷ sample ≤ 1.25×";
            for (label, samples) in [
                (format!("category page 1: list items in the DOM — big `{}` ({} pages) vs sample `{}` p. 1 ({} pages)", s.big_category, s.big_pages, s.small_category, s.small_pages), &s.big_p1),
                (format!("category page `?trang={}`: list items in the DOM — big vs sample p. 1", s.deep_page), &s.big_deep),
            ] {
                let big = med(samples, "list");
                let verdict = match (big, small) {
                    (Some(b), Some(sm)) if sm > 0.0 => at_most(Some(b / sm), LIMIT, false, &|v| format!("{v:.2}×")),
                    _ => Verdict::NotMeasured("no value".into()),
                };
                r.row(AREA, &label, opt_ms(big), opt_ms(small), ratio(big, small), target, verdict);
            }
        }
        Some(Err(e)) => r.missing(AREA, "category page, big dataset vs sample", "big ÷ sample ≤ 1.25×", e),
        None => r.missing(AREA, "category page, big dataset vs sample", "big ÷ sample ≤ 1.25×", "skipped"),
    }
    match &results.stress {
        Some(Ok((app, base))) => {
            let p = app.first().and_then(|v| v.get("paragraphs")).and_then(Value::as_u64).unwrap_or(0);
            let i = app.first().and_then(|v| v.get("images")).and_then(Value::as_u64).unwrap_or(0);
            r.row(
                AREA,
                &format!("`bai-viet-rat-dai` ({p} paragraphs, {i} images): `h1` in the DOM vs its static page"),
                opt_ms(med(app, "h1")),
                opt_ms(med(base, "h1")),
                ratio(med(app, "h1"), med(base, "h1")),
                "",
                Verdict::Info,
            );
            r.row(
                AREA,
                "`bai-viet-rat-dai`: body complete in the DOM",
                opt_ms(med(app, "body")),
                opt_ms(med(base, "body")),
                ratio(med(app, "body"), med(base, "body")),
                "",
                Verdict::Info,
            );
        }
        Some(Err(e)) => r.missing(AREA, "`bai-viet-rat-dai`: h1, body complete", "", e),
        None => r.missing(AREA, "`bai-viet-rat-dai`: h1, body complete", "", "skipped"),
    }
}

fn memory_rows(r: &mut Report, results: &Results) {
    const AREA: &str = "Memory after in-app visits (after forced GC)";
    let m = match &results.memory {
        Some(Ok(m)) => m,
        Some(Err(e)) => return r.missing(AREA, "JS heap, wasm memory", "growth < 2 MB", e),
        None => return r.missing(AREA, "JS heap, wasm memory", "growth < 2 MB", "skipped"),
    };
    for (label, early, late) in [
        ("JS heap (`usedJSHeapSize`)", m.early.js_heap, m.late.js_heap),
        ("wasm linear memory (`memory.buffer.byteLength`)", m.early.wasm, m.late.wasm),
    ] {
        let (text, growth) = match (early, late) {
            (Some(e), Some(l)) => (format!("{} → {} ({}{})", mib(e), mib(l), if l >= e { "+" } else { "−" }, mib((l - e).abs())), Some(l - e)),
            _ => ("n/a".into(), None),
        };
        r.row(
            AREA,
            &format!("{label}: after {} → after {} visits (list → article → back; {} route changes)", m.early_visits, m.late_visits, 2 * m.late_visits),
            text,
            "—".into(),
            "—".into(),
            "growth < 2 MB",
            at_most(growth, 2.0 * 1_048_576.0, true, &mib),
        );
    }
    if let (Some(e), Some(l)) = (m.early.nodes, m.late.nodes) {
        r.row(AREA, "DOM elements", format!("{e:.0} → {l:.0}"), "—".into(), "—".into(), "", Verdict::Info);
    }
}

// ----- what each dependency costs ---------------------------------------------------

/// How the crate table is made, for `docs/PERFORMANCE.md`.
const CRATE_METHOD: &str = "Code bytes of each function in the module as wasm-bindgen leaves it (`target/wasm-bindgen/release/ban-tin_bg.wasm`, before wasm-opt, whose `name` section still names every function), charged to the crate of the function's path; generic code of `core`/`alloc` instantiated for another crate (`drop_in_place<leptos::…>`) is charged to that crate. The last column applies each share to the gzip -9 size of the shipped wasm: an estimate, since wasm-opt and compression do not shrink every crate alike. `leptos`, `tachys`, `reactive_graph`, `leptos_router`, `leptos_meta` and `leptos_dom` are the framework; `ban_tin` is the app itself.\n\n";

/// Crates below this share of the code are summed into one row.
const CRATE_ROW_MIN_SHARE: f64 = 0.01;

/// The wasm's code by crate, as a markdown table: code bytes before wasm-opt,
/// the share of all code, and that share of the shipped wasm's gzip size (an
/// estimate: compression is not spread evenly, but the shares are stable).
pub fn crate_table(results: &Results) -> Option<String> {
    let breakdown = match &results.crates {
        Some(Ok(b)) if b.code_bytes > 0 => b,
        Some(Err(e)) => return Some(format!("Code by crate: not measured ({e}).\n")),
        _ => return None,
    };
    let shipped_gzip = match &results.sizes {
        Some(Ok(s)) => Some(s.wasm.gzip as f64),
        _ => None,
    };
    let total = breakdown.code_bytes as f64;
    let mut out = String::from("| Crate | Functions | Code before wasm-opt | Share of code | ≈ gzip in the shipped wasm |\n|---|---|---|---|---|\n");
    let row = |out: &mut String, name: &str, functions: u64, bytes: u64| {
        let share = bytes as f64 / total;
        let gzip = shipped_gzip.map(|g| kb((g * share) as u64)).unwrap_or_else(|| "n/a".into());
        out.push_str(&format!("| {} | {functions} | {} | {:.1} % | {gzip} |\n", cell(name), kb(bytes), share * 100.0));
    };
    let (mut rest_bytes, mut rest_functions, mut rest_crates) = (0, 0, 0);
    for c in &breakdown.crates {
        if (c.code_bytes as f64) / total >= CRATE_ROW_MIN_SHARE {
            row(&mut out, &format!("`{}`", c.krate), c.functions, c.code_bytes);
        } else {
            rest_bytes += c.code_bytes;
            rest_functions += c.functions;
            rest_crates += 1;
        }
    }
    if rest_crates > 0 {
        row(&mut out, &format!("{rest_crates} more crates, each under 1 %"), rest_functions, rest_bytes);
    }
    out.push_str(&format!(
        "| **all code** | {} | {} | 100 % | {} |\n\nPlus {} of data (string constants, tables) before wasm-opt.\n",
        breakdown.functions,
        kb(breakdown.code_bytes),
        shipped_gzip.map(|g| format!("{} (whole wasm)", kb(g as u64))).unwrap_or_else(|| "n/a".into()),
        kb(breakdown.data_bytes)
    ));
    Some(out)
}

// ----- notes ----------------------------------------------------------------------

/// Observations worth a line under the table: encodings served, layout shifts
/// and their sources, slow navigations.
pub fn notes(results: &Results) -> Vec<String> {
    let mut notes = Vec::new();
    if let (Some(Ok(sizes)), Some(Ok((app, _)))) = (&results.sizes, &results.first_load) {
        if let Some(sample) = app.first() {
            for row in sample.get("resources").and_then(Value::as_array).into_iter().flatten() {
                let name = row.get(0).and_then(Value::as_str).unwrap_or("");
                if name.ends_with(".wasm") {
                    let encoded = row.get(2).and_then(Value::as_u64).unwrap_or(0);
                    let how = if encoded.abs_diff(sizes.wasm.brotli) < sizes.wasm.brotli / 50 {
                        "brotli"
                    } else if encoded.abs_diff(sizes.wasm.gzip) < sizes.wasm.gzip / 50 {
                        "gzip"
                    } else if encoded == sizes.wasm.raw {
                        "uncompressed"
                    } else {
                        "an unrecognised encoding"
                    };
                    notes.push(format!(
                        "Chromium fetched the wasm as {how} ({} on the wire; gzip -9 {}, brotli {}).",
                        kb(encoded),
                        kb(sizes.wasm.gzip),
                        kb(sizes.wasm.brotli)
                    ));
                }
            }
        }
    }
    for (label, data) in [("unthrottled", &results.first_load), ("throttled", &results.first_load_throttled)] {
        if let Some(Ok((app, base))) = data {
            for (who, samples) in [("app", app), ("static page", base)] {
                let mut sources: Vec<String> = Vec::new();
                let mut count = 0;
                for s in samples {
                    for shift in s.get("shifts").and_then(Value::as_array).into_iter().flatten() {
                        count += 1;
                        for src in shift.get("src").and_then(Value::as_array).into_iter().flatten() {
                            if let Some(src) = src.as_str() {
                                let at = shift.get("t").and_then(Value::as_f64).unwrap_or(0.0);
                                let v = shift.get("v").and_then(Value::as_f64).unwrap_or(0.0);
                                let line = format!("`{src}` (score {v:.4} at {})", ms(at));
                                if !sources.iter().any(|l| l.starts_with(&format!("`{src}`"))) && sources.len() < 6 {
                                    sources.push(line);
                                }
                            }
                        }
                    }
                }
                if count > 0 {
                    notes.push(format!(
                        "Layout shifts, first load {label}, {who}: {count} in {} runs; shifted nodes: {}.",
                        samples.len(),
                        if sources.is_empty() { "not reported".into() } else { sources.join(", ") }
                    ));
                }
            }
        }
    }
    for (label, data) in [("unthrottled", &results.first_load), ("slow 4G + 4× CPU", &results.first_load_throttled)] {
        if let Some(Ok((app, base))) = data {
            if let (Some(end), Some(started), Some(h1), Some(static_h1)) = (wasm_arrival(app), med(app, "started"), med(app, "h1"), med(base, "h1")) {
                notes.push(format!(
                    "Where the first load's time goes ({label}, medians): the static page has its `h1` at {}; the app's wasm has arrived at {}, the app has started at {} (compiling and instantiating {} of wasm, then `main`), and the article `h1` is in the DOM at {} (mount with the preloaded documents already cached, first render).",
                    ms(static_h1),
                    ms(end),
                    ms(started),
                    match &results.sizes {
                        Some(Ok(sizes)) => kb(sizes.wasm.raw),
                        _ => "the".into(),
                    },
                    ms(h1)
                ));
            }
        }
    }
    if let Some(Ok((app, _))) = &results.first_load_throttled {
        if let Some(s) = app.first() {
            let mut slow: Vec<(u64, u64, String, u64)> = s
                .get("resources")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|r| Some((r.get(5)?.as_u64()?, r.get(4)?.as_u64()?, r.get(0)?.as_str()?.to_string(), r.get(1)?.as_u64()?)))
                .collect();
            slow.sort();
            let list: Vec<String> = slow
                .iter()
                .map(|(end, start, name, size)| format!("`{name}` {} {}–{}", kb(*size), ms(*start as f64), ms(*end as f64)))
                .collect();
            notes.push(format!("Throttled first load of the app, one run, requests (size on the wire, start–end) in order of arrival: {}.", list.join("; ")));
        }
    }
    if let Some(Ok(nav)) = &results.nav_app {
        if let Some((push, replace, visits)) = nav.history_calls {
            notes.push(format!(
                "History API calls by the app over {visits} in-app visits (changes of list page included): {push:.0} `pushState`, {replace:.0} `replaceState`, plus the bench's `history.back()` each time. At the bench's pace that exceeds Chromium's limit of 200 history calls in 10 s (\"Throttling navigation to prevent the browser from hanging\"), so Chromium runs with `--disable-ipc-flooding-protection`; no reader navigates that fast."
            ));
        }
        let s = &nav.cold_open;
        if let (Some(start), Some(end), Some(dom)) = (median(&s.fetch_start), median(&s.fetch_end), median(&s.dom)) {
            notes.push(format!(
                "In-app cold click → `h1` ({} median): the article JSON request starts {} after the click and its response ends at {} ({} of {} clicks fetched); the rest is decoding and rendering.",
                ms(dom),
                ms(start),
                ms(end),
                s.fetch_end.len(),
                s.dom.len()
            ));
        }
        for (label, s) in [("cold click", &nav.cold_open), ("cold back", &nav.cold_back), ("warm click", &nav.warm_open), ("warm back", &nav.warm_back)] {
            if let Some(max) = s.dom.iter().copied().reduce(f64::max) {
                notes.push(format!("In-app {label}: slowest of {} = {}.", s.dom.len(), ms(max)));
            }
        }
    }
    notes
}

/// Which of the app's direct dependencies brings each crate into the wasm:
/// `(key, label, crates)`; the key is how the analysis below refers to a group.
const DEPENDENCY_GROUPS: [(&str, &str, &[&str]); 10] = [
    ("app", "the app itself (`ban_tin`)", &["ban_tin"]),
    (
        "leptos",
        "`leptos` (`reactive_graph`, `tachys`, `either_of`, … and the `futures` they use)",
        &[
            "leptos", "reactive_graph", "tachys", "leptos_dom", "either_of", "oco_ref", "throw_error", "any_spawner", "leptos_server",
            "hydration_context", "send_wrapper", "slotmap", "guardian", "or_poisoned", "next_tuple", "async_lock", "event_listener",
            "event_listener_strategy", "futures_util", "futures_core", "futures_channel", "futures_io", "futures_task", "futures_executor",
            "pin_project_lite", "parking", "concurrent_queue", "rustc_hash", "paste",
        ],
    ),
    ("leptos_router", "`leptos_router`", &["leptos_router", "leptos_router_macro", "percent_encoding", "form_urlencoded", "url"]),
    ("leptos_meta", "`leptos_meta`", &["leptos_meta", "indexmap"]),
    ("serde", "`serde` + `serde_json`", &["serde_json", "serde_core", "serde", "zmij", "ryu", "itoa", "memchr"]),
    ("chrono", "`chrono`", &["chrono", "num_traits"]),
    ("bindings", "`wasm-bindgen`, `js-sys`, `web-sys`, `wasm-bindgen-futures`", &["wasm_bindgen", "js_sys", "web_sys", "wasm_bindgen_futures"]),
    ("gloo", "`gloo-net` (+ `wasm-streams`)", &["gloo_net", "gloo_utils", "wasm_streams", "http"]),
    ("panic_hook", "`console_error_panic_hook`", &["console_error_panic_hook"]),
    (
        "runtime",
        "Rust's runtime: `core`, `alloc`, `std`, `hashbrown`, `dlmalloc`, glue",
        &["core", "alloc", "std", "hashbrown", "dlmalloc", "__rustc", "(runtime, unnamed)", "compiler_builtins"],
    ),
];

/// The crate table folded into the app's direct dependencies: what each
/// dependency in `Cargo.toml` costs (code before wasm-opt, and its share of
/// the shipped wasm's gzip size).
pub fn dependency_table(results: &Results) -> Option<String> {
    let Some(Ok(breakdown)) = &results.crates else { return None };
    let shipped_gzip = match &results.sizes {
        Some(Ok(s)) => s.wasm.gzip as f64,
        _ => return None,
    };
    let total = breakdown.code_bytes.max(1) as f64;
    let mut out = String::from("| Dependency | Code before wasm-opt | Share | ≈ gzip |\n|---|---|---|---|\n");
    let mut counted = 0;
    for (_, label, crates) in DEPENDENCY_GROUPS {
        let bytes: u64 = breakdown.crates.iter().filter(|c| crates.contains(&c.krate.as_str())).map(|c| c.code_bytes).sum();
        counted += bytes;
        let share = bytes as f64 / total;
        out.push_str(&format!("| {label} | {} | {:.1} % | {} |\n", kb(bytes), share * 100.0, kb((shipped_gzip * share) as u64)));
    }
    let rest = breakdown.code_bytes.saturating_sub(counted);
    if rest > 0 {
        let share = rest as f64 / total;
        out.push_str(&format!("| other crates | {} | {:.1} % | {} |\n", kb(rest), share * 100.0, kb((shipped_gzip * share) as u64)));
    }
    out.push_str(&format!("| **the wasm** | {} | 100 % | {} |\n", kb(breakdown.code_bytes), kb(shipped_gzip as u64)));
    Some(out)
}

// ----- why a target was missed ------------------------------------------------------

/// The share of the wasm's code taken by the dependency groups named by `keys`.
fn group_share(breakdown: &CodeBreakdown, keys: &[&str]) -> f64 {
    let bytes: u64 = DEPENDENCY_GROUPS
        .iter()
        .filter(|(key, _, _)| keys.contains(key))
        .flat_map(|(_, _, crates)| crates.iter())
        .map(|krate| breakdown.crates.iter().filter(|c| c.krate == *krate).map(|c| c.code_bytes).sum::<u64>())
        .sum();
    bytes as f64 / breakdown.code_bytes.max(1) as f64
}

/// The analysis of a missed target, with this run's figures where they explain it.
fn why_missed(row: &Row, results: &Results) -> String {
    if row.measure.starts_with("code budget") {
        let (Some(Ok(sizes)), Some(Ok(crates))) = (&results.sizes, &results.crates) else {
            return "the wasm is most of the budget; see the crate table (not measured in this run).".into();
        };
        let framework = group_share(crates, &["leptos", "leptos_router", "leptos_meta"]);
        let app = group_share(crates, &["app"]);
        let runtime = group_share(crates, &["runtime"]);
        let data = group_share(crates, &["serde", "chrono"]);
        let bindings = group_share(crates, &["bindings", "gloo"]);
        return format!(
            "the wasm alone is {} gzip (JS {}, CSS {}). By code bytes (table above), the Leptos framework (`leptos` with `reactive_graph`, `tachys`, `either_of` and the `futures` it uses, `leptos_router`, `leptos_meta`), instantiated for this app's views and resources, is {:.0} % of it; Rust's runtime and collections (`core`, `alloc`, `std`, `hashbrown`, `dlmalloc`) {:.0} %; JSON and dates (`serde_json`, `serde`, `chrono`) {:.0} %; the JS bindings {:.0} %; the app's own code (`ban_tin`: pages, sanitiser, share, formatting) {:.0} %. `TOOLCHAIN.md` records 150 kB gzip for a minimal Leptos 0.8 app with a router, `gloo-net`, `serde_json` and `chrono` and almost no views, so the stack alone fills the budget before the portal's pages, sanitiser and actions are added. Tried (on 2026-12-01, same sources): `opt-level = \"s\"` (279 kB gzip, larger than `\"z\"`), `wasm-opt -Oz --converge` (−0.6 kB), stripping the producers section (−0.2 kB), Leptos' `--cfg erase_components` (−6.8 kB, 2.7 %; not adopted: it is Leptos' switch for faster debug builds, and 7 kB does not change the verdict); LTO, one codegen unit and `panic = \"abort\"` are already set. Meeting 150 kB would take a different view layer (hand-written DOM code instead of Leptos' typed views) or dropping `chrono`/`serde_json` for browser built-ins, which the stack rules out. What residents feel of the size is the throttled first load: its LCP stays under 2.5 s (row above), because the page's JSON is fetched while the wasm downloads and the static shell paints first (FCP equal to the static page's).",
            kb(sizes.wasm.gzip),
            kb(sizes.js.gzip),
            kb(sizes.css.gzip),
            framework * 100.0,
            runtime * 100.0,
            data * 100.0,
            bindings * 100.0,
            app * 100.0,
        );
    }
    if row.measure.starts_with("article `h1`") {
        let Some(Ok((app, base))) = &results.first_load else {
            return "see the first-load rows.".into();
        };
        let (arrived, started, h1, static_h1) = (wasm_arrival(app), med(app, "started"), med(app, "h1"), med(base, "h1"));
        let (Some(arrived), Some(started), Some(h1), Some(static_h1)) = (arrived, started, h1, static_h1) else {
            return "see the first-load rows.".into();
        };
        return format!(
            "the static page has its `h1` as soon as its HTML is parsed ({}). The app's `h1` waits for three things on top of that (medians of this run): the JS loader and the wasm, whose response has ended at {} even on loopback; compiling and instantiating the module and running `main`, done at {}; and the first render, {} later ({}). The last step no longer waits for the network: `index.html` preloads the page's JSON while the wasm downloads and the app mounts once it is cached, so the first render is the article itself. The first two steps scale with the wasm's size (previous section), so this ratio can only approach 1.5× with a much smaller module. What a reader sees is closer than the `h1` ratio says: the app paints its static shell as early as the static page paints (FCP {}), and its LCP is {} of the static page's.",
            ms(static_h1),
            ms(arrived),
            ms(started),
            ms(h1 - started),
            ms(h1),
            ratio(med(app, "fcp"), med(base, "fcp")),
            ratio(med(app, "lcp"), med(base, "lcp"))
        );
    }
    if row.measure.starts_with("`history.back()`") {
        let Some(Ok(nav)) = &results.nav_app else {
            return "see the navigation rows.".into();
        };
        let samples = if row.measure.contains("warm") { &nav.warm_back } else { &nav.cold_back };
        if let (Some(dom), Some(popstate), Some(after)) = (median(&samples.dom), median(&samples.popstate), median(&samples.after_popstate)) {
            return format!(
                "of the {} from `history.back()` to the list in the DOM, {} pass before the browser fires `popstate` (Chromium routes a history traversal through its browser process, even within one document); the app's own work, from the event to the list in the DOM, is {} (medians): removing the article's DOM nodes and building the list from the session cache (a DevTools CPU profile of 200 route changes on 2026-12-01 put the largest single share in `Element.remove`, not in decoding; caching decoded documents instead of text changed nothing measurable). The app cannot start earlier than the event, so what is left to win is inside those {}; the same back on the static baseline, a full page load, takes {} (ratio column).",
                ms(dom),
                ms(popstate),
                ms(after),
                ms(after),
                results
                    .nav_static
                    .as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .and_then(|s| median(if row.measure.contains("warm") { &s.warm_back.dom } else { &s.cold_back.dom }))
                    .map(ms)
                    .unwrap_or_else(|| "n/a".into())
            );
        }
    }
    "no analysis written for this target yet; the rows and notes above are the evidence.".into()
}

// ----- docs/PERFORMANCE.md -----------------------------------------------------------

pub struct Machine {
    pub cpus: String,
    pub cpu_model: String,
    pub memory: String,
    pub chromium: String,
    pub date: String,
}

pub fn performance_md(report: &Report, results: &Results, notes: &[String], crates: Option<&str>, machine: &Machine, run_time: &str, runs: usize) -> String {
    let mut md = String::new();
    md.push_str("# Performance\n\n");
    md.push_str(
        "What the app costs a reader, measured by `make bench` (`cargo run --locked --release -p bench`, \
in `tools/bench`). The bench builds the release `dist/` with Trunk, serves it on loopback the way a \
production server would (precompressed gzip -9 / brotli -q 11 assets, on-the-fly compression for the \
JSON, deep links answered with `index.html`), and drives headless Chromium over WebDriver and DevTools.\n\n",
    );
    md.push_str(
        "Every figure is taken in the same run against a **baseline**: a plain static HTML page of the same \
article, with the same CSS, the same DOM structure and classes, and no script, generated by the bench from \
the same JSON (`target/bench/site/bench-static-article.html`) and served by the same server with the same \
compression. This machine is shared and noisy, so absolute times drift from run to run; the ratio \
app ÷ baseline is the figure to compare between runs. For the scale rows the baseline is the small sample \
instead, and the ratio says whether render time grows with the size of a category.\n\n",
    );
    md.push_str("What is measured:\n\n");
    md.push_str("- **Sizes** of the shipped files, raw, gzip -9 and brotli -q 11, and the first-load total against the 150 kB budget for wasm + JS + CSS (1 kB = 1000 bytes).\n");
    md.push_str(&format!("- **First load** of a deep-linked article (`/bai-viet/hoi-nghi-tong-ket-cong-tac-thi-dua-khen-thuong-nam-2021`) against its static page, HTTP cache disabled, median of {runs} fresh loads each: time to the article `h1` in the DOM (a MutationObserver installed before navigation), FCP, LCP and CLS (Paint Timing, `largest-contentful-paint` and `layout-shift` observers; CLS as the worst session window). Once unthrottled and once with DevTools' slow 4G (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up) plus a 4× CPU slowdown.\n"));
    md.push_str("- **In-app navigation** on `/chuyen-muc/thi-dua-khen-thuong` and its pages: clicking a list item until the new article's `h1` shows its title, and `history.back()` until the list is back, timed inside the page; each article once cold (its JSON not in the session cache yet; the server is local) and once warm. The baseline is the same navigation between static pages: a full page load, first visit then from the HTTP cache (the back/forward cache is disabled so that \"back\" is a real load).\n");
    md.push_str("- **Scale**: a category page of the sample against a category of a synthetic dataset of 100 000 articles in 50 categories (`content-gen generate --stress`), page 1 and a deep page: time to the list items in the DOM. Also the stress article `bai-viet-rat-dai` (300 paragraphs, 50 images) against its static page.\n");
    md.push_str("- **Memory**: JS heap (`performance.memory.usedJSHeapSize`, precise) and wasm linear memory after a forced GC, after 10 and after 500 in-app visits (list → article → back).\n\n");
    md.push_str("```sh\nmake bench                                              # prints the table, writes target/bench/report.md\ncargo run --locked --release -p bench -- --write-docs   # the same, and rewrites this file\n```\n\nOn the 2-core machine a run takes about 3 minutes once `dist/` and the large dataset exist; the first run adds the release build (about 3 minutes cold) and the dataset (about 1 minute, kept in `target/bench/big`).\n\n");
    md.push_str("Options: `--runs N` (first loads per configuration, default 5), `--skip-build` (reuse `dist/`), `--no-scale` (skip the large dataset), `--quick` (fewer repetitions, for trying the bench itself).\n\n");
    md.push_str("## What the app does for speed\n\n");
    md.push_str("- Release profile for size: `opt-level = \"z\"`, fat LTO, one codegen unit, `panic = \"abort\"`; `wasm-opt -Oz` (npm `binaryen` 132); `chrono` without default features; no regex or other heavy crate in the wasm (the crate table says what each one costs).\n");
    md.push_str("- `index.html` paints a static shell (header band, an invisible copy of the reading controls so the header has its final height, the navigation bar, a content placeholder) before the wasm arrives, and its preload script starts `site.json` and the URL's document (`routes::page_document`, mirrored in JS) in parallel with the wasm download. Trunk adds `modulepreload`/`preload` links for the JS and the wasm.\n");
    md.push_str("- The app mounts once both documents are cached (at most 1 s after start), so the header, the navigation and the page have their final size in the first frame: CLS 0.\n");
    md.push_str("- JSON is cached for the session; hovering or touching a list item, or hovering a related link, prefetches its article, and a click while that request is under way waits for it instead of asking again; the previous page stays on screen (`<Transition>`) until the next one is ready.\n");
    md.push_str("- Images carry `width`/`height` (space reserved), body images get `loading=\"lazy\"` and `decoding=\"async\"`; placeholders have the size of what replaces them.\n");
    md.push_str("- Lists render one page of the category (the contract pages on the server), and the pagination bar is computed from the few numbers shown, so a category of a million articles costs what one of ten does.\n\n");
    md.push_str("## Machine and run\n\n");
    md.push_str(&format!(
        "- Date: {}\n- CPU: {} × {}\n- Memory: {}\n- Browser: {} (headless, 1280×900 window)\n- Bench run time: {}\n\n",
        machine.date, machine.cpus, machine.cpu_model, machine.memory, machine.chromium, run_time
    ));
    md.push_str("## Results\n\n");
    md.push_str(&report.table());
    let (pass, miss, not) = report.counts();
    md.push_str(&format!("\n{pass} targets met, {miss} missed, {not} not measured.\n\n"));
    if !notes.is_empty() {
        md.push_str("Observations from the same run:\n\n");
        for n in notes {
            md.push_str(&format!("- {n}\n"));
        }
        md.push('\n');
    }
    if let Some(table) = crates {
        md.push_str("## What each dependency costs\n\n");
        md.push_str(CRATE_METHOD);
        if let Some(dependencies) = dependency_table(results) {
            md.push_str("By direct dependency (the README quotes this table):\n\n");
            md.push_str(&dependencies);
            md.push_str("\nBy crate:\n\n");
        }
        md.push_str(table);
        md.push('\n');
    }
    md.push_str("## Missed targets\n\n");
    let misses = report.misses();
    if misses.is_empty() {
        md.push_str("None in this run.\n");
    }
    for row in misses {
        let by = match &row.verdict {
            Verdict::Miss(by) => by.clone(),
            _ => String::new(),
        };
        md.push_str(&format!(
            "### {} — {}\n\nMeasured {} against the target {}: missed by {}.\n\n**Why:** {}\n\n",
            row.area,
            row.measure,
            row.app,
            row.target,
            by,
            why_missed(row, results)
        ));
    }
    md
}
