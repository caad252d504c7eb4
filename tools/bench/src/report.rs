//! Turns the measurements into one markdown table (with targets and
//! PASS/MISS), notes, and `docs/PERFORMANCE.md`.

use serde_json::Value;

use crate::crates::CodeBreakdown;
use crate::measure::{MemoryResult, NavResult, NavSamples};
use crate::publishing::{PublishResult, Run};
use crate::sizes::{SizeReport, Sizes};
use crate::stats::{median, percentile};

/// What the bench measured; a phase that could not run holds its reason.
#[derive(Debug, Default)]
pub struct Results {
    pub sizes: Option<Result<SizeReport, String>>,
    /// Code bytes per crate of the wasm before wasm-opt.
    pub crates: Option<Result<CodeBreakdown, String>>,
    /// Fresh loads of a deep link (cache disabled): the published page, its
    /// baseline, the app shell.
    pub first_load: Option<Result<FirstLoads, String>>,
    pub first_load_throttled: Option<Result<FirstLoads, String>>,
    /// The takeover of published pages at 375 and 1280 px.
    pub takeover: Option<Result<Vec<TakeoverCase>, String>>,
    pub nav_app: Option<Result<NavResult, String>>,
    pub nav_static: Option<Result<NavResult, String>>,
    pub scale: Option<Result<ScaleResult, String>>,
    /// The stress article of the large dataset: published page and baseline.
    pub stress: Option<Result<FirstLoads, String>>,
    pub memory: Option<Result<MemoryResult, String>>,
    /// Publishing the large dataset with the release binary.
    pub publish: Option<Result<PublishResult, String>>,
    /// Searching the static index (sample, 100 000 articles) and Pagefind.
    pub search: Option<crate::search::SearchResults>,
    /// The machine's 1-minute load average as each measured phase started.
    pub load: Vec<(String, f64)>,
}

/// Samples of fresh page loads of one URL.
#[derive(Clone, Debug, Default)]
pub struct FirstLoads {
    /// The published (pre-rendered) page, taken over by the app.
    pub app: Vec<Value>,
    /// The same page without scripts.
    pub base: Vec<Value>,
    /// The app shell (a URL without a published page); may be empty.
    pub shell: Vec<Value>,
}

/// Loads of one published page at one width.
#[derive(Clone, Debug, Default)]
pub struct TakeoverCase {
    /// `article`, `list` or `home`.
    pub page: String,
    pub path: String,
    pub width: u32,
    pub throttled: bool,
    pub samples: Vec<Value>,
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
    /// The published pages' HTML: sample page 1, big page 1, big deep page.
    pub html: Vec<Sizes>,
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

/// The median time the document's response ended (Navigation Timing).
fn document_end(samples: &[Value]) -> Option<f64> {
    let ends: Vec<f64> = samples
        .iter()
        .filter_map(|s| s.get("resources")?.as_array()?.first()?.get(5)?.as_f64())
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
    takeover_rows(&mut r, results);
    nav_rows(&mut r, results);
    scale_rows(&mut r, results);
    publish_rows(&mut r, results);
    memory_rows(&mut r, results);
    search_rows(&mut r, results);
    r
}

/// The reference article's published page, as the rows name it.
pub const REFERENCE_PAGE: &str = "`/bai-viet/hoi-nghi-tong-ket-cong-tac-thi-dua-khen-thuong-nam-2021`";

fn sizes_rows(r: &mut Report, results: &Results) {
    const AREA: &str = "Size (raw / gzip -9 / brotli -q 11)";
    let s = match &results.sizes {
        Some(Ok(s)) => s,
        Some(Err(e)) => return r.missing(AREA, "sizes", "", e),
        None => return r.missing(AREA, "sizes", "", "skipped"),
    };
    r.row(AREA, &format!("wasm `{}` (every page)", s.wasm.name), triple(&s.wasm), "none".into(), "—".into(), "", Verdict::Info);
    for module in &s.split_modules {
        r.row(AREA, &format!("wasm `{}` (split off: fetched by the first search)", module.name), triple(module), "none".into(), "—".into(), "", Verdict::Info);
    }
    r.row(AREA, &format!("JS `{}`", s.js.name), triple(&s.js), "none".into(), "—".into(), "", Verdict::Info);
    r.row(AREA, &format!("CSS, {} files", s.css_files.len()), triple(&s.css), triple(&s.css), "1.00×".into(), "", Verdict::Info);
    for css in &s.css_files {
        r.row(AREA, &format!("· `{}`", css.name), triple(css), "same".into(), "—".into(), "", Verdict::Info);
    }
    r.row(
        AREA,
        &format!("HTML of the reference article's published page {REFERENCE_PAGE} vs the same page without scripts"),
        triple(&s.page),
        triple(&s.page_baseline),
        ratio(Some(s.page.gzip as f64), Some(s.page_baseline.gzip as f64)),
        "reported",
        Verdict::Info,
    );
    let json_raw: u64 = s.embedded_json.iter().map(|j| j.raw).sum();
    let names: Vec<String> = s.embedded_json.iter().map(|j| format!("`{}` {}", j.name, kb(j.raw))).collect();
    r.row(
        AREA,
        &format!("… of which the JSON it embeds ({}): raw; what it adds to the page's gzip / brotli", names.join(", ")),
        format!(
            "{} / +{} / +{}",
            kb(json_raw),
            kb(s.page.gzip.saturating_sub(s.page_without_json.gzip)),
            kb(s.page.brotli.saturating_sub(s.page_without_json.brotli))
        ),
        "none".into(),
        "—".into(),
        "reported",
        Verdict::Info,
    );
    r.row(
        AREA,
        "… of which the other scripts and preload links (theme script, Trunk's loader, `modulepreload`/`preload` of JS and wasm): what they add to the gzip",
        format!("+{}", kb(s.page_without_json.gzip.saturating_sub(s.page_baseline.gzip))),
        "none".into(),
        "—".into(),
        "",
        Verdict::Info,
    );
    r.row(AREA, "`app-shell.html` (URLs without a published page)", triple(&s.shell), "—".into(), "—".into(), "", Verdict::Info);
    match &s.article_json {
        Some(j) => r.row(AREA, "article JSON (reference article; what an in-app navigation fetches)", triple(j), "—".into(), "—".into(), "", Verdict::Info),
        None => r.missing(AREA, "article JSON (reference article)", "", "file missing"),
    }
    match &s.list_json {
        Some(j) => r.row(AREA, "list JSON (`thi-dua-khen-thuong` page 1)", triple(j), "—".into(), "—".into(), "", Verdict::Info),
        None => r.missing(AREA, "list JSON (`thi-dua-khen-thuong` page 1)", "", "file missing"),
    }
    r.row(
        "First load, gzip -9",
        "first load total: published page + wasm + JS + CSS vs the page without scripts + CSS",
        kb(s.first_load.gzip),
        kb(s.baseline_first_load.gzip),
        ratio(Some(s.first_load.gzip as f64), Some(s.baseline_first_load.gzip as f64)),
        "",
        Verdict::Info,
    );
    r.row(
        "First load, gzip -9",
        "code budget: wasm + js + css",
        format!("{} (brotli {})", kb(s.code.gzip), kb(s.code.brotli)),
        format!("css only: {}", kb(s.css.gzip)),
        "—".into(),
        "≤ 200 kB gzip and ≤ 165 kB brotli",
        code_budget_verdict(s.code.gzip, s.code.brotli),
    );
    if !s.split_modules.is_empty() {
        r.row(
            "First load, gzip -9",
            "… the search page's code: wasm + the modules split off + js + css",
            format!("{} (brotli {})", kb(s.search_code.gzip), kb(s.search_code.brotli)),
            "—".into(),
            "—".into(),
            "",
            Verdict::Info,
        );
    }
}

/// The code budget of issue 16: wasm + JS + CSS at most 200 kB gzip -9
/// and 165 kB brotli -q 11; PASS only when both hold.
const CODE_BUDGET_GZIP: u64 = 200_000;
const CODE_BUDGET_BROTLI: u64 = 165_000;

fn code_budget_verdict(gzip: u64, brotli: u64) -> Verdict {
    let over: Vec<String> = [(gzip, CODE_BUDGET_GZIP, "gzip"), (brotli, CODE_BUDGET_BROTLI, "brotli")]
        .iter()
        .filter(|(value, limit, _)| value > limit)
        .map(|(value, limit, what)| format!("+{} {what}, {:.0} % over", kb(value - limit), (value - limit) as f64 / *limit as f64 * 100.0))
        .collect();
    if over.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Miss(over.join("; "))
    }
}

/// PASS when `app ÷ base ≤ limit`.
fn ratio_verdict(app: Option<f64>, base: Option<f64>, limit: f64) -> Verdict {
    match (app, base) {
        (Some(a), Some(b)) if b > 0.0 => at_most(Some(a / b), limit, false, &|v| format!("{v:.2}× of static")),
        _ => Verdict::NotMeasured("no value".into()),
    }
}

/// CLS 0.00 (to two decimals) in every run.
fn cls_verdict(samples: &[Value]) -> Verdict {
    let worst = values(samples, "cls").into_iter().fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    match worst {
        Some(v) if (v * 100.0).round() == 0.0 => Verdict::Pass,
        Some(v) => Verdict::Miss(format!("worst run {v:.3}, over 0.00")),
        None => Verdict::NotMeasured("no value".into()),
    }
}

fn cls_text(samples: &[Value]) -> String {
    let worst = values(samples, "cls").into_iter().fold(0.0_f64, f64::max);
    match med(samples, "cls") {
        Some(m) => format!("{m:.3} (worst {worst:.3})"),
        None => "n/a".into(),
    }
}

/// The landmarks' boxes across the takeover, over all runs: the largest
/// move (px) and which landmark, landmarks that appeared or went, and how
/// many runs painted the page before the app took it over.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Moved {
    pub px: f64,
    pub what: Option<String>,
    /// Its box `[x, y, width, height]` before and after, rounded.
    pub boxes: Option<(Vec<i64>, Vec<i64>)>,
    /// In the same run, the boxes of the header's parts (not judged).
    pub details: Vec<PartBoxes>,
    pub missing: Vec<String>,
    pub runs: usize,
    pub painted: usize,
}

pub fn moved(samples: &[Value]) -> Option<Moved> {
    let mut out = Moved::default();
    for m in samples.iter().filter_map(|s| s.get("moved")).filter(|m| m.is_object()) {
        out.runs += 1;
        if m.get("painted").and_then(Value::as_bool).unwrap_or(false) {
            out.painted += 1;
        }
        let px = m.get("px").and_then(Value::as_f64).unwrap_or(0.0);
        if px > out.px {
            out.px = px;
            out.what = m.get("what").and_then(Value::as_str).map(str::to_string);
            let box_of = |i: usize| -> Option<Vec<i64>> {
                Some(m.get("boxes")?.get(i)?.as_array()?.iter().filter_map(Value::as_f64).map(|v| v as i64).collect())
            };
            out.boxes = box_of(0).zip(box_of(1));
            let as_box = |v: Option<&Value>| -> Option<Vec<i64>> { Some(v?.as_array()?.iter().filter_map(Value::as_f64).map(|v| v as i64).collect()) };
            out.details = m
                .get("details")
                .and_then(Value::as_object)
                .map(|d| d.iter().map(|(k, v)| (k.clone(), as_box(v.get(0)), as_box(v.get(1)))).collect())
                .unwrap_or_default();
        }
        for item in m.get("missing").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !out.missing.iter().any(|x| x == item) {
                out.missing.push(item.to_string());
            }
        }
    }
    (out.runs > 0).then_some(out)
}

/// A selector and its box `[x, y, width, height]` before and after the takeover.
pub type PartBoxes = (String, Option<Vec<i64>>, Option<Vec<i64>>);

/// Half a pixel: below that, a box has not visibly moved.
const MOVED_PX: f64 = 0.5;

fn moved_text(m: &Option<Moved>) -> String {
    let Some(m) = m else { return "n/a".into() };
    let mut text = if m.px < MOVED_PX {
        "0 px".to_string()
    } else {
        let boxes = m
            .boxes
            .as_ref()
            .map(|(a, b)| format!(": x, y, width, height {a:?} → {b:?}"))
            .unwrap_or_default();
        format!("{:.1} px (`{}`{boxes})", m.px, m.what.as_deref().unwrap_or("?"))
    };
    if !m.missing.is_empty() {
        text.push_str(&format!("; {}", m.missing.join(", ")));
    }
    if m.painted < m.runs {
        text.push_str(&format!("; {} of {} runs taken over before the first paint", m.runs - m.painted, m.runs));
    }
    text
}

fn moved_verdict(m: &Option<Moved>) -> Verdict {
    match m {
        None => Verdict::NotMeasured("no takeover seen".into()),
        Some(m) if m.px < MOVED_PX && m.missing.is_empty() => Verdict::Pass,
        Some(m) if m.px < MOVED_PX => Verdict::Miss(m.missing.join(", ")),
        Some(m) => Verdict::Miss(format!("{} moved {:.1} px", m.what.as_deref().unwrap_or("?"), m.px)),
    }
}

fn first_load_rows(r: &mut Report, results: &Results) {
    for (throttled, data) in [(false, &results.first_load), (true, &results.first_load_throttled)] {
        let area = if throttled { "First load, slow 4G + 4× CPU (median)" } else { "First load, unthrottled (median)" };
        let loads = match data {
            Some(Ok(l)) => l,
            Some(Err(e)) => {
                r.missing(area, "deep link to the reference article", "", e);
                continue;
            }
            None => {
                r.missing(area, "deep link to the reference article", "", "skipped");
                continue;
            }
        };
        let (app, base, shell) = (&loads.app, &loads.base, &loads.shell);
        let n = format!(" ({} + {} runs)", app.len(), base.len());
        let (h1_limit, h1_target) = if throttled { (1.2, "≤ 1.2× static") } else { (1.1, "≤ 1.1× static") };
        let deep = "deep link, published page:";
        r.row(
            area,
            &format!("{deep} article `h1` in the DOM{n}"),
            opt_ms(med(app, "h1")),
            opt_ms(med(base, "h1")),
            ratio(med(app, "h1"), med(base, "h1")),
            h1_target,
            ratio_verdict(med(app, "h1"), med(base, "h1"), h1_limit),
        );
        r.row(
            area,
            &format!("{deep} FCP"),
            opt_ms(med(app, "fcp")),
            opt_ms(med(base, "fcp")),
            ratio(med(app, "fcp"), med(base, "fcp")),
            "≤ 1.05× static",
            ratio_verdict(med(app, "fcp"), med(base, "fcp"), 1.05),
        );
        let (lcp_target, lcp_verdict) = if throttled {
            ("≤ 1.2× static", ratio_verdict(med(app, "lcp"), med(base, "lcp"), 1.2))
        } else {
            ("", Verdict::Info)
        };
        let lcp_cell = |samples: &[Value]| format!("{} ({})", opt_ms(med(samples, "lcp")), mode(samples, "lcpTag").unwrap_or_else(|| "?".into()));
        r.row(area, &format!("{deep} LCP (element)"), lcp_cell(app), lcp_cell(base), ratio(med(app, "lcp"), med(base, "lcp")), lcp_target, lcp_verdict);
        r.row(
            area,
            &format!("{deep} the app has taken over (`html[data-app]` set: action bar and reading controls live)"),
            opt_ms(med(app, "app")),
            "never (no script)".into(),
            "—".into(),
            "reported",
            Verdict::Info,
        );
        r.row(area, &format!("{deep} wasm started (`TrunkApplicationStarted`, dispatched once `main` has returned)"), opt_ms(med(app, "started")), "no script".into(), "—".into(), "", Verdict::Info);
        r.row(area, &format!("{deep} CLS at 1280 px, takeover included (median; worst run)"), cls_text(app), cls_text(base), "—".into(), "0.00", cls_verdict(app));
        let m = moved(app);
        r.row(area, &format!("{deep} landmarks moved by the takeover (largest, any run)"), moved_text(&m), "—".into(), "—".into(), "0 px", moved_verdict(&m));
        r.row(
            area,
            &format!("{deep} bytes transferred (Resource Timing)"),
            med(app, "transfer").map(|v| kb(v as u64)).unwrap_or_else(|| "n/a".into()),
            med(base, "transfer").map(|v| kb(v as u64)).unwrap_or_else(|| "n/a".into()),
            ratio(med(app, "transfer"), med(base, "transfer")),
            "",
            Verdict::Info,
        );
        if shell.is_empty() {
            continue;
        }
        let label = "app shell (a URL without a published page):";
        r.row(area, &format!("{label} article `h1` in the DOM ({} runs)", shell.len()), opt_ms(med(shell, "h1")), opt_ms(med(base, "h1")), ratio(med(shell, "h1"), med(base, "h1")), "", Verdict::Info);
        r.row(area, &format!("{label} FCP"), opt_ms(med(shell, "fcp")), opt_ms(med(base, "fcp")), ratio(med(shell, "fcp"), med(base, "fcp")), "", Verdict::Info);
        let (target, verdict) = if throttled { ("< 2 500 ms", at_most(med(shell, "lcp"), 2500.0, true, &ms)) } else { ("", Verdict::Info) };
        r.row(area, &format!("{label} LCP (element)"), lcp_cell(shell), lcp_cell(base), ratio(med(shell, "lcp"), med(base, "lcp")), target, verdict);
        r.row(area, &format!("{label} the app has mounted (`html[data-app]` set)"), opt_ms(med(shell, "app")), "never (no script)".into(), "—".into(), "", Verdict::Info);
        r.row(area, &format!("{label} CLS at 1280 px (median; worst run)"), cls_text(shell), cls_text(base), "—".into(), "0.00", cls_verdict(shell));
    }
}

fn takeover_rows(r: &mut Report, results: &Results) {
    const AREA: &str = "Takeover of published pages (median; worst run)";
    const TARGET: &str = "CLS 0.00, 0 px";
    let cases = match &results.takeover {
        Some(Ok(c)) => c,
        Some(Err(e)) => return r.missing(AREA, "CLS and landmarks at 375 and 1280 px", TARGET, e),
        None => return r.missing(AREA, "CLS and landmarks at 375 and 1280 px", TARGET, "skipped"),
    };
    for case in cases {
        let m = moved(&case.samples);
        let verdict = match (cls_verdict(&case.samples), moved_verdict(&m)) {
            (Verdict::Pass, Verdict::Pass) => Verdict::Pass,
            (Verdict::Miss(a), Verdict::Miss(b)) => Verdict::Miss(format!("{a}; {b}")),
            (Verdict::Miss(a), _) | (_, Verdict::Miss(a)) => Verdict::Miss(a),
            (Verdict::NotMeasured(a), _) | (_, Verdict::NotMeasured(a)) => Verdict::NotMeasured(a),
            _ => Verdict::Info,
        };
        let throttling = match (case.width < 1000, case.throttled) {
            (true, true) => " (phone), slow 4G + 4× CPU",
            (true, false) => " (phone)",
            (false, true) => ", slow 4G + 4× CPU",
            (false, false) => "",
        };
        r.row(
            AREA,
            &format!("{} `{}` at {} px{throttling} ({} runs): CLS; landmarks moved; taken over at", case.page, case.path, case.width, case.samples.len()),
            format!("CLS {}; {}; {}", cls_text(&case.samples), moved_text(&m), opt_ms(med(&case.samples, "app"))),
            "—".into(),
            "—".into(),
            TARGET,
            verdict,
        );
    }
}

fn seconds(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 120.0 {
        format!("{s:.0} s ({:.0} min {:02.0} s)", (s / 60.0).floor(), s % 60.0)
    } else {
        format!("{s:.1} s")
    }
}

/// `110025` → `110 025`, as the docs write numbers.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

pub fn mb(bytes: f64) -> String {
    if bytes >= 1e9 {
        format!("{:.2} GB", bytes / 1e9)
    } else {
        format!("{:.0} MB", bytes / 1e6)
    }
}

fn run_cell(run: &Run) -> String {
    let mut text = seconds(run.wall);
    let mut parts = Vec::new();
    if let Some(s) = &run.summary {
        parts.push(format!("checking {:.1} s, rendering {:.1} s", s.checking_s, s.rendering_s));
    }
    if let Some(cpu) = run.cpu {
        parts.push(format!("CPU {:.0} s", cpu.as_secs_f64()));
    }
    if !parts.is_empty() {
        text.push_str(&format!(" ({})", parts.join("; ")));
    }
    text
}

/// A run's peak memory against `limit` bytes.
fn peak_memory_row(r: &mut Report, area: &str, measure: &str, run: &Run, target: &str, limit: f64) {
    let verdict = match run.max_rss {
        Some(b) => at_most(Some(b as f64), limit, false, &mb),
        None => Verdict::NotMeasured("no rusage on this system".into()),
    };
    r.row(area, measure, run.max_rss.map(|b| mb(b as f64)).unwrap_or_else(|| "n/a".into()), "—".into(), "—".into(), target, verdict);
}

fn publish_rows(r: &mut Report, results: &Results) {
    const AREA: &str = "Publishing 100 000 articles (release `publish` binary)";
    let p = match &results.publish {
        Some(Ok(p)) => p,
        Some(Err(e)) => {
            r.missing(AREA, "full publish: wall time", "≤ 3 min", e);
            r.missing(AREA, "full publish: peak memory (max RSS)", "≤ 1 GB", e);
            return;
        }
        None => return,
    };
    let pages = p
        .full
        .summary
        .as_ref()
        .map(|s| format!("; {} pages, {} files written ({} of HTML)", thousands(s.pages), thousands(s.written), mb(p.output_bytes as f64)))
        .unwrap_or_default();
    r.row(
        AREA,
        &format!("full publish of {} articles into an empty folder, {} threads: wall time", thousands(p.articles), p.threads),
        format!("{}{pages}", run_cell(&p.full)),
        "—".into(),
        "—".into(),
        "≤ 3 min",
        at_most(Some(p.full.wall.as_secs_f64()), 180.0, false, &|v| format!("{v:.0} s")),
    );
    peak_memory_row(r, AREA, "full publish: peak memory (max RSS)", &p.full, "≤ 1 GB", 1e9);
    let counts = p
        .incremental
        .summary
        .as_ref()
        .map(|s| format!("; {} written, {} unchanged, {} deleted", thousands(s.written), thousands(s.unchanged), thousands(s.deleted)))
        .unwrap_or_default();
    r.row(
        AREA,
        &format!("incremental republish after one article changed (`{}`): wall time", p.changed_slug),
        format!("{}{counts}", run_cell(&p.incremental)),
        "—".into(),
        "—".into(),
        "reported",
        Verdict::Info,
    );
    r.row(
        AREA,
        "incremental republish: peak memory (max RSS)",
        p.incremental.max_rss.map(|b| mb(b as f64)).unwrap_or_else(|| "n/a".into()),
        "—".into(),
        "—".into(),
        "",
        Verdict::Info,
    );
    const SITEMAP: &str = "full publish: site map (`sitemap.xml`, read back with an XML parser)";
    const SITEMAP_TARGET: &str = "an index of sitemaps of ≤ 50 000 URLs listing every article once";
    match &p.sitemap {
        Some(Ok(check)) => r.row(
            AREA,
            SITEMAP,
            format!(
                "{}: {} files, {} URLs, {} articles",
                if check.index { "a sitemap index" } else { "one urlset" },
                thousands(check.files as u64),
                thousands(check.urls as u64),
                thousands(check.articles as u64)
            ),
            "—".into(),
            "—".into(),
            SITEMAP_TARGET,
            Verdict::Pass,
        ),
        Some(Err(e)) => r.row(AREA, SITEMAP, e.clone(), "—".into(), "—".into(), SITEMAP_TARGET, Verdict::Miss("not as required".into())),
        None => r.missing(AREA, SITEMAP, SITEMAP_TARGET, "not checked"),
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
                (format!("category page 1: list items in the DOM — big `{}` ({} pages) vs sample `{}` p. 1 ({} pages; {} runs each)", s.big_category, s.big_pages, s.small_category, s.small_pages, s.small_p1.len()), &s.big_p1),
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
    if let Some(Ok(s)) = &results.scale {
        r.row(
            AREA,
            "category page 1: the app has taken over — big vs sample",
            opt_ms(med(&s.big_p1, "app")),
            opt_ms(med(&s.small_p1, "app")),
            ratio(med(&s.big_p1, "app"), med(&s.small_p1, "app")),
            "",
            Verdict::Info,
        );
    }
    match &results.stress {
        Some(Ok(loads)) => {
            let (app, base) = (&loads.app, &loads.base);
            let p = app.first().and_then(|v| v.get("paragraphs")).and_then(Value::as_u64).unwrap_or(0);
            let i = app.first().and_then(|v| v.get("images")).and_then(Value::as_u64).unwrap_or(0);
            r.row(
                AREA,
                &format!("`bai-viet-rat-dai` ({p} paragraphs, {i} images), published page vs without scripts: `h1` in the DOM"),
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
            r.row(AREA, "`bai-viet-rat-dai`: the app has taken over", opt_ms(med(app, "app")), "never (no script)".into(), "—".into(), "", Verdict::Info);
            let m = moved(app);
            r.row(AREA, "`bai-viet-rat-dai`: CLS; landmarks moved by the takeover", format!("CLS {}; {}", cls_text(app), moved_text(&m)), "—".into(), "—".into(), "", Verdict::Info);
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
const CRATE_METHOD: &str = "Code bytes of each function in the module as wasm-bindgen leaves it in Trunk's pipeline (`target/wasm-bindgen/release/ban-tin_bg.wasm`, before wasm-opt, whose `name` section still names every function, and before the search page's code is split off), charged to the crate of the function's path; generic code of `core`/`alloc` instantiated for another crate (`drop_in_place<leptos::…>`) is charged to that crate. The last column applies each share to the gzip -9 size of the shipped wasm modules together (the main one and the ones split off): an estimate, since wasm-opt and compression do not shrink every crate alike. `leptos`, `tachys`, `reactive_graph`, `leptos_router` and `leptos_dom` are the framework; `ban_tin` is the app itself.\n\n";

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
        Some(Ok(s)) => Some((s.wasm.gzip + s.split.gzip) as f64),
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

/// The machine's load during the run, in one sentence.
pub fn load_line(results: &Results) -> Option<String> {
    if results.load.is_empty() {
        return None;
    }
    let phases: Vec<String> = results.load.iter().map(|(phase, load)| format!("{phase}: {load:.1}")).collect();
    Some(format!(
        "Load average (1 min, every process on this shared machine) as each phase started: {}",
        phases.join("; ")
    ))
}

/// Observations worth a line under the table: encodings served, layout shifts
/// and their sources, slow navigations.
pub fn notes(results: &Results) -> Vec<String> {
    let mut notes = Vec::new();
    if let (Some(Ok(sizes)), Some(Ok(loads))) = (&results.sizes, &results.first_load) {
        if let Some(sample) = loads.app.first() {
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
        if let Some(Ok(loads)) = data {
            for (who, samples) in [("published page", &loads.app), ("page without scripts", &loads.base), ("app shell", &loads.shell)] {
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
        if let Some(Ok(loads)) = data {
            let (app, base, shell) = (&loads.app, &loads.base, &loads.shell);
            let at = |key: &str| opt_ms(med(app, key));
            notes.push(format!(
                "Deep link, published page ({label}, medians): the HTML's response has ended at {} (without scripts: {}), DOMContentLoaded at {} ({}), the `h1` is in the DOM at {} ({}), first paint at {} ({}); the wasm has arrived at {}, started at {}, and the app has taken over at {}; load event at {} ({}).",
                opt_ms(document_end(app)),
                opt_ms(document_end(base)),
                at("dcl"),
                opt_ms(med(base, "dcl")),
                at("h1"),
                opt_ms(med(base, "h1")),
                at("fcp"),
                opt_ms(med(base, "fcp")),
                opt_ms(wasm_arrival(app)),
                at("started"),
                at("app"),
                at("load"),
                opt_ms(med(base, "load")),
            ));
            if let (Some(end), Some(started), Some(h1)) = (wasm_arrival(shell), med(shell, "started"), med(shell, "h1")) {
                notes.push(format!(
                    "App shell ({label}, medians): the wasm has arrived at {}, the app has started at {} (compiling and instantiating {} of wasm, then `main`), and the article `h1` is in the DOM at {} (mount with the preloaded documents already cached, first render).",
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
    if let Some(Ok(loads)) = &results.first_load_throttled {
        if let Some(s) = loads.app.first() {
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
            notes.push(format!("Throttled first load of the published page, one run, requests (size on the wire, start–end) in order of arrival: {}.", list.join("; ")));
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
            "pin_project_lite", "parking", "concurrent_queue", "rustc_hash", "paste", "indexmap",
        ],
    ),
    ("leptos_router", "`leptos_router`", &["leptos_router", "leptos_router_macro", "percent_encoding", "form_urlencoded", "url"]),
    ("leptos_meta", "`leptos_meta` (gone since the size diet: `navigation::document_title`)", &["leptos_meta"]),
    ("serde", "`serde` (the contract's reader, `src/json.rs`, counts as the app's; `serde_json` before the size diet)", &["serde_json", "serde_wasm_bindgen", "serde_core", "serde", "zmij", "ryu", "itoa", "memchr"]),
    ("chrono", "`chrono`", &["chrono", "num_traits"]),
    ("bindings", "`wasm-bindgen`, `js-sys`, `web-sys`, `wasm-bindgen-futures`", &["wasm_bindgen", "js_sys", "web_sys", "wasm_bindgen_futures"]),
    ("gloo", "`gloo-net` (+ `wasm-streams`)", &["gloo_net", "gloo_utils", "wasm_streams", "http"]),
    ("panic_hook", "`console_error_panic_hook` (debug builds only since the size diet)", &["console_error_panic_hook"]),
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
        Some(Ok(s)) => (s.wasm.gzip + s.split.gzip) as f64,
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

/// What moved at the takeover, and which nodes the layout shifts named.
fn takeover_analysis(samples: &[Value]) -> String {
    let m = moved(samples);
    let mut sources: Vec<String> = Vec::new();
    for s in samples {
        for shift in s.get("shifts").and_then(Value::as_array).into_iter().flatten() {
            let at = shift.get("t").and_then(Value::as_f64).unwrap_or(0.0);
            let v = shift.get("v").and_then(Value::as_f64).unwrap_or(0.0);
            let nodes: Vec<&str> = shift.get("src").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
            if sources.len() < 6 {
                sources.push(format!("{v:.4} at {} ({})", ms(at), if nodes.is_empty() { "nodes not reported".into() } else { nodes.join(", ") }));
            }
        }
    }
    let mut header = String::new();
    if let Some(m) = m.as_ref().filter(|m| m.px >= MOVED_PX) {
        let part = |selector: &str| m.details.iter().find(|(s, _, _)| s == selector).and_then(|(_, a, b)| Some((a.clone()?, b.clone()?)));
        let mut said = Vec::new();
        if let Some((before, after)) = part(".app-header__date") {
            if before.get(2) == Some(&0) && after.get(2).is_some_and(|w| *w > 0) {
                said.push(format!(
                    "the header's date line is empty in the published page (the reader's date is only known in the browser, so the host leaves it blank) and {} px wide once the app has written it",
                    after[2]
                ));
            }
        }
        if let Some((before, after)) = part(".app-reading-controls") {
            if after.get(1).zip(before.get(1)).is_some_and(|(a, b)| a - b > 1) {
                said.push(format!("the reading controls then sit {} px lower (y {} → {}): the header's top row wrapped", after[1] - before[1], before[1], after[1]));
            }
        }
        if let Some((before, after)) = &m.boxes {
            if before.get(3) != after.get(3) {
                said.push(format!(
                    "`{}` went from {} to {} px tall, and everything below it moved by the difference",
                    m.what.as_deref().unwrap_or("?"),
                    before.get(3).copied().unwrap_or(0),
                    after.get(3).copied().unwrap_or(0)
                ));
            }
        }
        if !said.is_empty() {
            header = format!(" In the run with the largest move, {}.", said.join("; "));
        }
    }
    format!(
        "the app replaces the page's markup with its own nodes in one task (`take_over` in `src/lib.rs`), which Layout Instability does not count as a shift (replaced nodes are new nodes), so CLS stays at 0 whatever the first frame looks like. Layout shifts in this run: {}. Landmarks compared between the last frame before the takeover and the first after it: {} (the takeover at {} median).{header} A landmark that moved or appeared means the app's first frame differs from the published markup: the components render something different in the browser than on the host, and the page jumps at the takeover although CLS cannot see it.",
        if sources.is_empty() { "none".into() } else { sources.join("; ") },
        moved_text(&m),
        opt_ms(med(samples, "app")),
    )
}

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

/// Median start and end of the requests whose path `matches` (Resource Timing).
fn resource_times(samples: &[Value], matches: impl Fn(&str) -> bool) -> (Option<f64>, Option<f64>) {
    let (mut starts, mut ends) = (Vec::new(), Vec::new());
    for s in samples {
        for r in s.get("resources").and_then(Value::as_array).into_iter().flatten().skip(1) {
            if r.get(0).and_then(Value::as_str).is_some_and(&matches) {
                starts.extend(r.get(4).and_then(Value::as_f64));
                ends.extend(r.get(5).and_then(Value::as_f64));
                break;
            }
        }
    }
    (median(&starts), median(&ends))
}

/// The fastest and slowest run of `key`: `16–58 ms`.
fn spread(samples: &[Value], key: &str) -> String {
    let v = values(samples, key);
    match (v.iter().copied().reduce(f64::min), v.iter().copied().reduce(f64::max)) {
        (Some(lo), Some(hi)) => format!("{:.0}–{:.0} ms", lo, hi),
        _ => "n/a".into(),
    }
}

/// The long tasks that started before each run's first paint: their median
/// count and total duration.
fn long_tasks_before_paint(samples: &[Value]) -> String {
    let (mut counts, mut totals) = (Vec::new(), Vec::new());
    for s in samples {
        let fcp = s.get("fcp").and_then(Value::as_f64).unwrap_or(f64::INFINITY);
        let tasks: Vec<f64> = s
            .get("long")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|t| t.get(0).and_then(Value::as_f64).is_some_and(|start| start < fcp))
            .filter_map(|t| t.get(1).and_then(Value::as_f64))
            .collect();
        counts.push(tasks.len() as f64);
        totals.push(tasks.iter().sum());
    }
    match (median(&counts), median(&totals)) {
        (Some(n), Some(total)) if n > 0.0 => format!("{n:.0} ({} in all)", ms(total)),
        (Some(_), _) => "none".into(),
        _ => "n/a".into(),
    }
}

/// The machine's load as `phase` started, as a sentence (empty when not known).
fn load_context(results: &Results, phase: &str) -> String {
    match results.load.iter().find(|(p, _)| p == phase) {
        Some((_, load)) => format!(
            "The machine's 1-minute load average was {load:.1} on {} cores when this phase started (other processes included), and times this short move with it.",
            std::thread::available_parallelism().map_or(1, |n| n.get())
        ),
        None => String::new(),
    }
}

/// The first-load samples a row is about.
fn loads_of<'a>(row: &Row, results: &'a Results) -> Option<&'a FirstLoads> {
    let data = if row.area.contains("slow 4G") { &results.first_load_throttled } else { &results.first_load };
    data.as_ref().and_then(|d| d.as_ref().ok())
}

/// The analysis of a missed target, with this run's figures where they explain it.
pub fn why_missed(row: &Row, results: &Results) -> String {
    if row.measure.starts_with("code budget") {
        let (Some(Ok(sizes)), Some(Ok(crates))) = (&results.sizes, &results.crates) else {
            return "the wasm is most of the budget; see the crate table (not measured in this run).".into();
        };
        let framework = group_share(crates, &["leptos", "leptos_router", "leptos_meta"]);
        let app = group_share(crates, &["app"]);
        let runtime = group_share(crates, &["runtime"]);
        let data = group_share(crates, &["serde", "chrono"]);
        let bindings = group_share(crates, &["bindings", "gloo"]);
        let felt = match loads_of(&Row { area: "slow 4G".into(), ..row.clone() }, results) {
            Some(l) => format!(
                " What residents feel of the size: a deep link is a published page whose content is in its HTML, so on slow 4G with a 4× slower CPU its `h1` is in the DOM at {} ({} of the page without scripts) and its LCP at {} ({}); the wasm's size shows in when the app has taken over ({}), which is when the print, save, share and listen buttons and the reading controls appear.",
                opt_ms(med(&l.app, "h1")),
                ratio(med(&l.app, "h1"), med(&l.base, "h1")),
                opt_ms(med(&l.app, "lcp")),
                ratio(med(&l.app, "lcp"), med(&l.base, "lcp")),
                opt_ms(med(&l.app, "app")),
            ),
            None => String::new(),
        };
        return format!(
            "the main wasm alone is {} gzip (JS {}, CSS {}). By code bytes of the whole program (table above), the Leptos framework (`leptos` with `reactive_graph`, `tachys`, `either_of` and the `futures` it uses, `leptos_router`), instantiated for this app's views and resources, is {:.0} % of it; Rust's runtime and collections (`core`, `alloc`, `std`, `hashbrown`, `dlmalloc`) {:.0} %; JSON and dates (`serde`, `chrono`) {:.0} %; the JS bindings {:.0} %; the app's own code (`ban_tin`: pages, sanitiser, search, share, formatting, the JSON reader) {:.0} %. The size diet (issue 16) measured each of its steps and what was tried and left out in the section \"Size diet\" above; the largest were Leptos' `erase_components`, one loading component for the data pages and the strict RFC 3339 parser for the contract's times. The rest is the framework's reactive and view machinery, which every component, resource and effect instantiates: the search page's own code (its index, evaluation and results: {} gzip) is split off and fetched by the first search, and what is left is what every page needs (the framework, the router, the shell, the contract's decoding, the pages that are pre-rendered); reaching 200 kB would take a different view layer (hand-written DOM code instead of Leptos' typed views).{felt}",
            kb(sizes.wasm.gzip),
            kb(sizes.js.gzip),
            kb(sizes.css.gzip),
            framework * 100.0,
            runtime * 100.0,
            data * 100.0,
            bindings * 100.0,
            app * 100.0,
            kb(sizes.split.gzip),
        );
    }
    if row.measure.starts_with("deep link, published page:") {
        let Some(loads) = loads_of(row, results) else {
            return "see the first-load rows.".into();
        };
        let (app, base) = (&loads.app, &loads.base);
        let html = match &results.sizes {
            Some(Ok(s)) => format!(
                "The published page's HTML is {} gzip against {} without scripts: the JSON it embeds adds {} and the loader, theme script and preload links {}. ",
                kb(s.page.gzip),
                kb(s.page_baseline.gzip),
                kb(s.page.gzip.saturating_sub(s.page_without_json.gzip)),
                kb(s.page_without_json.gzip.saturating_sub(s.page_baseline.gzip))
            ),
            _ => String::new(),
        };
        let timeline = format!(
            "Medians of this run, published page vs without scripts: the HTML's response ended at {} vs {}, the `h1` was in the DOM at {} vs {} (single runs {} vs {}), the first animation frame ran at {} vs {}, first paint (FCP) at {} vs {}, DOMContentLoaded at {} vs {}. Main-thread tasks of 50 ms or more before the first paint: {} vs {}. ",
            opt_ms(document_end(app)),
            opt_ms(document_end(base)),
            opt_ms(med(app, "h1")),
            opt_ms(med(base, "h1")),
            spread(app, "h1"),
            spread(base, "h1"),
            opt_ms(med(app, "frame")),
            opt_ms(med(base, "frame")),
            opt_ms(med(app, "fcp")),
            opt_ms(med(base, "fcp")),
            opt_ms(med(app, "dcl")),
            opt_ms(med(base, "dcl")),
            long_tasks_before_paint(app),
            long_tasks_before_paint(base),
        );
        let (wasm_start, wasm_end) = resource_times(app, |n| n.ends_with(".wasm"));
        let (js_start, js_end) = resource_times(app, |n| n.ends_with(".js"));
        let code = format!(
            "While the page loads, the browser also fetches what its preload links and loader ask for: the JS loader ({}–{}) and the wasm ({}–{}), which share the connection and the CPU with the HTML, the CSS and the images; the loader is a module script, which runs before DOMContentLoaded, and the app takes over at {}. ",
            opt_ms(js_start),
            opt_ms(js_end),
            opt_ms(wasm_start),
            opt_ms(wasm_end),
            opt_ms(med(app, "app")),
        );
        // What is late: the first frame, or the paint after it.
        let gap = |samples: &[Value]| -> Option<f64> {
            median(&samples.iter().filter_map(|s| Some(s.get("fcp")?.as_f64()? - s.get("frame")?.as_f64()?)).collect::<Vec<_>>())
        };
        let frame = match (med(app, "fcp"), med(base, "fcp"), med(app, "frame"), med(base, "frame"), gap(app), gap(base)) {
            (Some(fa), Some(fb), Some(a), Some(b), Some(ga), Some(gb)) if fa > fb => format!(
                "Of the {} by which the first paint is later, the first animation frame ran {} later ({} vs {}) and the paint after it came {} later still ({} vs {} from frame to paint): before and during its first frame, the renderer's main thread and this machine's {} cores also handle the app's requests and its loader, which the page without scripts does not. ",
                ms(fa - fb),
                ms(a - b),
                ms(a),
                ms(b),
                ms(ga - gb),
                ms(ga),
                ms(gb),
                std::thread::available_parallelism().map_or(1, |n| n.get())
            ),
            _ => String::new(),
        };
        if row.measure.contains("LCP") {
            let is_media = |n: &str| n.contains("/api/media/");
            let (img_start, img_end) = resource_times(app, is_media);
            let (base_start, base_end) = resource_times(base, is_media);
            return format!(
                "{html}{timeline}The LCP element is the article's image in both ({} vs {}). Its request ran {}–{} for the published page and {}–{} without scripts. {code}The image is the last thing that LCP waits for, so what delays it is what the page asks for before or alongside it. {}",
                mode(app, "lcpTag").unwrap_or_else(|| "?".into()),
                mode(base, "lcpTag").unwrap_or_else(|| "?".into()),
                opt_ms(img_start),
                opt_ms(img_end),
                opt_ms(base_start),
                opt_ms(base_end),
                load_context(results, if row.area.contains("slow 4G") { "first loads, slow 4G + 4× CPU" } else { "first loads, unthrottled" }),
            );
        }
        if row.measure.contains("CLS") || row.measure.contains("landmarks") {
            return takeover_analysis(app);
        }
        let phase = if row.area.contains("slow 4G") { "first loads, slow 4G + 4× CPU" } else { "first loads, unthrottled" };
        return format!(
            "{html}{timeline}{code}{frame}The `h1` and the first paint come from the HTML alone in both cases, so the difference is the work the browser does for the app in the same time (its requests and its loader) and, to a lesser degree, the extra bytes of HTML; starting the loader only after the first paint would likely remove it, at the cost of a later takeover (not measured here). {}",
            load_context(results, phase)
        );
    }
    if row.area.starts_with("Takeover") {
        let Some(Ok(cases)) = &results.takeover else { return "see the takeover rows.".into() };
        let case = cases.iter().find(|c| row.measure.starts_with(&format!("{} `{}` at {} px", c.page, c.path, c.width)) && row.measure.contains("slow 4G") == c.throttled);
        return match case {
            Some(c) => takeover_analysis(&c.samples),
            None => "see the takeover rows.".into(),
        };
    }
    if row.area.starts_with("Publishing") {
        let Some(Ok(p)) = &results.publish else { return "see the publishing rows.".into() };
        let s = p.full.summary.clone().unwrap_or_default();
        let cpu = p.full.cpu.map(|c| c.as_secs_f64()).unwrap_or(0.0);
        let wall = p.full.wall.as_secs_f64();
        return format!(
            "the full run took {:.0} s of wall time for {} pages ({} of HTML written), of which {:.1} s checking every document and {:.1} s rendering and writing, on {} threads; it used {:.0} s of CPU (user + system), so the CPU was busy {:.0} % of the {} cores' time and the rest was spent waiting, mostly on the file system (each page is written to a staging folder, then renamed into place). The incremental run, which renders every page again but writes only what changed, took {:.0} s. Peak memory was {}.",
            wall,
            thousands(s.pages),
            mb(p.output_bytes as f64),
            s.checking_s,
            s.rendering_s,
            p.threads,
            cpu,
            cpu / (wall * p.threads.max(1) as f64) * 100.0,
            p.threads,
            p.incremental.wall.as_secs_f64(),
            p.full.max_rss.map(|b| mb(b as f64)).unwrap_or_else(|| "not measured".into()),
        );
    }
    if row.area.starts_with("Scale") && row.measure.contains("list items in the DOM") {
        let Some(Ok(scale)) = &results.scale else { return "see the scale rows.".into() };
        let samples = if row.measure.contains("?trang=") { &scale.big_deep } else { &scale.big_p1 };
        let html = match scale.html.as_slice() {
            [small, big_p1, big_deep] => {
                let big = if row.measure.contains("?trang=") { big_deep } else { big_p1 };
                format!(
                    "The two published pages differ in size: {} raw / {} gzip for the large dataset's page against {} / {} for the sample's. Every page carries the navigation bar, which lists every category ({} in the large dataset), before its list items, and `site.json` after them. ",
                    kb(big.raw),
                    kb(big.gzip),
                    kb(small.raw),
                    kb(small.gzip),
                    crate::dataset::BIG_CATEGORIES
                )
            }
            _ => String::new(),
        };
        return format!(
            "{html}Medians: the HTML's response ended at {} (sample {}), the first list item was in the DOM at {} (sample {}). The list itself is one page of the category whatever its length; what grows with the dataset is the chrome around it, and on loopback a few milliseconds of parsing are a large share of times this short. {}",
            opt_ms(document_end(samples)),
            opt_ms(document_end(&scale.small_p1)),
            opt_ms(med(samples, "list")),
            opt_ms(med(&scale.small_p1, "list")),
            load_context(results, "scale"),
        );
    }
    if row.measure.starts_with("click → new article's `h1`") {
        let Some(Ok(nav)) = &results.nav_app else { return "see the navigation rows.".into() };
        let warm = row.measure.contains("warm");
        let samples = if warm { &nav.warm_open } else { &nav.cold_open };
        let base = results.nav_static.as_ref().and_then(|r| r.as_ref().ok()).map(|b| if warm { &b.warm_open } else { &b.cold_open });
        let Some(dom) = median(&samples.dom) else { return "see the navigation rows.".into() };
        let request = match (median(&samples.fetch_start), median(&samples.fetch_end)) {
            (Some(start), Some(end)) if !warm => format!(
                "the article's JSON request started {} after the click and its response had ended at {} ({} of {} clicks fetched; the server is on loopback), so about {} of it is the app's own work: decoding the JSON, sanitising and rendering the article, and removing the list's nodes",
                ms(start),
                ms(end),
                samples.fetch_end.len(),
                samples.dom.len(),
                ms((dom - end).max(0.0))
            ),
            _ => "no request was made (the article's JSON is in the session cache), so all of it is the app's own work: decoding the cached JSON, sanitising and rendering the article, and removing the list's nodes".into(),
        };
        return format!(
            "of the {} from the click to the new article's `h1` (median; p95 {}), {request}; the frame after it was painted at {} (median). The same navigation between baseline pages, a full page load, takes {}. {}",
            ms(dom),
            opt_ms(percentile(&samples.dom, 95.0)),
            opt_ms(median(&samples.paint)),
            base.and_then(|b| median(&b.dom)).map(ms).unwrap_or_else(|| "n/a".into()),
            load_context(results, "in-app navigation"),
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
in `tools/bench`). The bench builds the release `dist/` with Trunk and publishes the sample around it \
into `target/bench/site` (`tools/publish --app dist`: a pre-rendered page per article, list page and the \
home page, plus `app-shell.html` and `404.html`), publishes the large synthetic dataset the same way \
(timed: the publishing rows), serves the folders on loopback with the rules of `deploy/nginx.conf` (the \
published page of a URL, else the app shell, else `404.html`; precompressed gzip -9 / brotli -q 11 files, \
on-the-fly compression for the JSON), and drives headless Chromium over WebDriver and DevTools.\n\n",
    );
    md.push_str(
        "Every figure is taken in the same run against a **baseline**: the same published page with every \
`<script>` element removed (the theme script, Trunk's loader, the embedded JSON) and the `modulepreload`/`preload` \
links of the JS and the wasm removed too; everything else is byte for byte the page the app ships, so the two \
cannot drift apart. The bench writes these pages as a mirror of the published folder (`target/bench/static`, same \
paths) and serves it with a second instance of the same server, with the same compression. This machine is \
shared and noisy, so absolute times drift from run to run; the ratio app ÷ baseline is the figure to \
compare between runs. For the scale rows the baseline is the small sample instead, and the ratio says \
whether render time grows with the size of a category.\n\n",
    );
    md.push_str("What is measured:\n\n");
    md.push_str("- **Sizes** of the shipped files, raw, gzip -9 and brotli -q 11: the code against the budget for wasm + JS + CSS (≤ 200 kB gzip and ≤ 165 kB brotli), and the HTML of the reference article's published page with what its embedded JSON and scripts add (1 kB = 1000 bytes, 1 MB = 10⁶ bytes).\n");
    md.push_str(&format!("- **First load** of a deep link to the reference article (`/bai-viet/hoi-nghi-tong-ket-cong-tac-thi-dua-khen-thuong-nam-2021`): the published page, its baseline, and the app shell that a URL without a published page gets (the same URL on a server that answers every app route with `app-shell.html`), HTTP cache disabled, median of {} fresh loads each unthrottled and {runs} throttled, interleaved: time to the article `h1` in the DOM (a MutationObserver installed before navigation), FCP, LCP and CLS (Paint Timing, `largest-contentful-paint` and `layout-shift` observers; CLS as the worst session window), and when the app has taken over (`<html data-app>` set, which reveals the action bar's print/save/share/listen buttons and the reading controls). Once unthrottled and once with DevTools' slow 4G (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up) plus a 4× CPU slowdown, at 1280 px.\n", crate::UNTHROTTLED_RUNS_FACTOR * runs));
    md.push_str("- **Takeover**: the published article, list page and home page on a phone (DevTools' mobile emulation, 375 × 812 CSS px, 2 device pixels per CSS px) and in the 1280 × 900 desktop window, unthrottled, and the article on the phone throttled: CLS up to a moment after the takeover, and the boxes of the page's landmarks (header, navigation, breadcrumbs, `h1`, lead, action bar, figure, body, related list, first list item, pagination, home sections, footer) in the last frame before the takeover against the first frame after it. The second check exists because the app replaces the published markup with its own nodes, and Layout Instability does not count replaced nodes as shifts: a takeover that rendered something else would show as moved or missing landmarks, not in CLS.\n");
    md.push_str("- **In-app navigation** on `/chuyen-muc/thi-dua-khen-thuong` and its pages, after the app has taken over the published list: clicking a list item until the new article's `h1` shows its title, and `history.back()` until the list is back, timed inside the page; each article once cold (its JSON not in the session cache yet; the server is local) and once warm. The baseline is the same navigation between baseline pages: a full page load, first visit then from the HTTP cache (the back/forward cache is disabled so that \"back\" is a real load).\n");
    md.push_str("- **Scale**: a published category page of the sample against one of a synthetic dataset of 100 000 articles in 50 categories (`content-gen generate --stress`), page 1 and a deep page: time to the list items in the DOM and to the takeover. Also the stress article `bai-viet-rat-dai` (300 paragraphs, 50 images) against its baseline.\n");
    md.push_str("- **Publishing**: the release `publish` binary, run as a subprocess on that dataset into an empty folder holding only the app shell and assets (wall time; peak memory and CPU time of that process from `wait4`), then again after one article's body changed (an incremental republish: only changed files are written).\n");
    md.push_str("- **Search** (docs/API.md, \"Search index\"): on the published sample and the published 100 000-article dataset, sessions that load the home page fresh (HTTP cache disabled) and type into the header's search field, focused first like a reader's tap (which fetches the search page's code, split off the main wasm; the session's first query waits for it to arrive, as a reader types meanwhile, and its bytes and time are a row of their own): “thi dua” (two syllables without diacritics, cold), then “ủy ban nhân dân” (the second query of the session), then “thi dua” again (warm), plus sessions whose first query is the phrase. Each is timed inside the page from the form's submit to the frame after the status announces that query's count; the bytes are the compressed bodies of the index files fetched since the submit (Resource Timing `encodedBodySize`: the manifest, the shards, the filter files and the first results page's document chunks), and the round trips the times one of those requests started after every earlier one had ended (requests the app starts together are one round trip even when the main thread staggers them). The app marks its query evaluation (intersecting, filtering, ranking; no network) as the User Timing measure `ban-tin:search-evaluate`. The index's build time and memory at 100 000 articles come from the publish run (its summary line; the peak memory is the whole run's).\n");
    md.push_str("- **Pagefind side by side**: a 10 000-article dataset (`content-gen generate --categories 20 --articles 10000`) published with the release binary (its search index included), and the same articles written as plain pages (title, time, lead, body) indexed by Pagefind's CLI (npm `pagefind`, installed into `target/bench/pagefind-tool` by the bench only, never by `make test`); both timed with `wait4` for peak memory. In the browser, Pagefind's own API (`/pagefind/pagefind.js`: `search()`, then `data()` of the first 10 results, what a results page shows) on a fresh page per session, against the same sessions on Bản tin's index. Pagefind fetches most of its files from a Web Worker, outside the page's Resource Timing, so its bytes come from the server's request log: each file at its gzip -9 size, or as stored when Pagefind compressed it already (smaller of the two).\n");
    md.push_str("- **Memory**: JS heap (`performance.memory.usedJSHeapSize`, precise) and wasm linear memory after a forced GC, after 10 and after 500 in-app visits (list → article → back).\n\n");
    md.push_str("```sh\nmake bench                                              # prints the table, writes target/bench/report.md\ncargo run --locked --release -p bench -- --write-docs   # the same, and rewrites this file\n```\n\nOn the 2-core machine a run takes about 10 minutes once `dist/` and the large dataset exist, publishing included; the first run adds the release build (about 3 minutes cold) and the dataset (under a minute, kept in `target/bench/big`). The published large dataset stays in `target/bench/big-site`");
    if let Some(Ok(p)) = &results.publish {
        md.push_str(&format!(" ({} of HTML in this run)", mb(p.output_bytes as f64)));
    }
    md.push_str(".\n\n");
    md.push_str("Options: `--runs N` (page loads per configuration, default 5; three times that for unthrottled first loads), `--skip-build` (reuse `dist/`), `--skip-publish` (reuse the published large dataset of an earlier run; the publishing rows are then not measured), `--no-scale` (no large dataset), `--only PHASE,…` (sizes, first, takeover, publish, scale, nav, memory), `--quick` (fewer repetitions, for trying the bench itself).\n\n");
    md.push_str("## What the app does for speed\n\n");
    md.push_str("- Every article, list page and the home page is published as HTML, rendered on the host by the app's own components, so a deep link shows its content from the HTML alone; the page carries `site.json` and its own document as inert JSON, which the app adopts instead of fetching. The app then takes over in one task: it removes the published markup and mounts the same components from the same JSON, so its first frame shows what the markup showed, in the same place. Controls that need the app are in the markup from the start but hidden (`visibility: hidden`) until `<html data-app>` is set, so nothing moves when they appear.\n");
    md.push_str("- Release profile for size: `opt-level = \"z\"`, fat LTO, one codegen unit, `panic = \"abort\"`; `wasm-opt -Oz` (npm `binaryen` 132); `chrono` without default features; no regex or other heavy crate in the wasm (the crate table says what each one costs).\n");
    md.push_str("- URLs without a published page (published since the last run) get `app-shell.html`, which paints a static shell and whose preload script starts `site.json` and the URL's document in parallel with the wasm download; the app mounts once both are cached (at most 1 s after start), so the header, the navigation and the page have their final size in its first frame.\n");
    md.push_str("- JSON is cached for the session; hovering or touching a list item, or hovering a related link, prefetches its article, and a click while that request is under way waits for it instead of asking again; the previous page stays on screen (`<Transition>`) until the next one is ready.\n");
    md.push_str("- Images carry `width`/`height` (space reserved), body images get `loading=\"lazy\"` and `decoding=\"async\"`; placeholders have the size of what replaces them.\n");
    md.push_str("- Lists render one page of the category (the contract pages on the server), and the pagination bar is computed from the few numbers shown, so a category of a million articles costs what one of ten does.\n");
    md.push_str("- Publishing reads every document once to check it, renders pages on every core, and writes only files whose bytes changed, into a build folder beside the live site that one `rename(2)` of a link makes live (README, \"Builds and the atomic switch\"); unchanged files are linked from the live build, or, in the spare folder a run builds in from the third run on, left alone. A republish after one change writes the page and the document that changed.\n\n");
    md.push_str("## Machine and run\n\n");
    md.push_str(&format!(
        "- Date: {}\n- CPU: {} × {}\n- Memory: {}\n- Browser: {} (headless, 1280×900 window)\n- Bench run time: {}\n",
        machine.date, machine.cpus, machine.cpu_model, machine.memory, machine.chromium, run_time
    ));
    if let Some(load) = load_line(results) {
        md.push_str(&format!("- {load}.\n"));
    }
    md.push('\n');
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
    // An analysis already given for an earlier row (the same cause seen at
    // another page or throttling) is referred to instead of repeated.
    let mut given: Vec<(String, String)> = Vec::new();
    for row in misses {
        let by = match &row.verdict {
            Verdict::Miss(by) => by.clone(),
            _ => String::new(),
        };
        let why = why_missed(row, results);
        let key = same_cause_key(&why);
        let why = match given.iter().find(|(k, _)| *k == key) {
            Some((_, first)) => format!("the same as for “{first}” above."),
            None => {
                given.push((key, row.measure.clone()));
                why
            }
        };
        md.push_str(&format!(
            "### {} — {}\n\nMeasured {} against the target {}: missed by {}.\n\n**Why:** {}\n\n",
            row.area, row.measure, row.app, row.target, by, why
        ));
    }
    md
}

/// An analysis without its parenthesised asides (the moment of the takeover
/// differs between two rows with the same cause; the rest is compared).
fn same_cause_key(why: &str) -> String {
    let mut key = String::with_capacity(why.len());
    let mut depth = 0;
    for c in why.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth as i32 - 1).max(0) as usize,
            _ if depth == 0 => key.push(c),
            _ => {}
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_takeover_is_judged_over_every_run() {
        let still = json!({ "cls": 0.0, "moved": { "px": 0.2, "what": "h1", "boxes": [[0, 0, 10, 10], [0, 0, 10, 10.2]], "missing": [], "painted": true } });
        let early = json!({ "cls": 0.001, "moved": { "px": 0.0, "what": null, "boxes": null, "missing": [], "painted": false } });
        let jump = json!({ "cls": 0.0, "moved": { "px": 31.1, "what": "header.app-header", "boxes": [[0, 0, 375, 120], [0, 0, 375, 151.1]], "missing": ["gone: h1"], "painted": true } });
        let m = moved(&[still.clone(), early.clone()]).unwrap();
        assert_eq!((m.runs, m.painted, m.px), (2, 1, 0.2));
        assert!(matches!(moved_verdict(&Some(m.clone())), Verdict::Pass));
        assert_eq!(moved_text(&Some(m)), "0 px; 1 of 2 runs taken over before the first paint");
        let m = moved(&[still, jump, early]).unwrap();
        assert_eq!(m.what.as_deref(), Some("header.app-header"));
        assert_eq!(m.boxes, Some((vec![0, 0, 375, 120], vec![0, 0, 375, 151])));
        assert_eq!(m.missing, vec!["gone: h1".to_string()]);
        assert!(matches!(moved_verdict(&Some(m)), Verdict::Miss(_)));
        assert_eq!(moved(&[json!({ "cls": 0.0 })]), None);
    }

    #[test]
    fn search_rows_judge_bytes_round_trips_and_times() {
        let query = |bytes: u64, rounds: u64, paint: f64| json!({ "bytes": bytes, "requests": 12, "rounds": rounds, "paint": paint, "evaluate": 0.8, "status": "Tìm thấy 39 kết quả cho “thi dua”" });
        // Round trips are judged throttled: the throttled cold session carries them.
        let site = |cold: Value, second: Value| crate::search::SiteSearch {
            throttled: vec![vec![query(22_000, cold["rounds"].as_u64().unwrap_or(3), 831.0)], Vec::new(), Vec::new()],
            articles: 100_001,
            manifest_raw: 7_500,
            manifest_gzip: 3_400,
            index_files: 13_946,
            index_bytes: 42_700_000,
            unthrottled: vec![vec![cold.clone(), cold.clone(), cold], vec![second.clone(), second.clone(), second], vec![query(0, 0, 18.0)]],
            phrase_cold: vec![query(44_300, 3, 70.0)],
        };
        let verdicts = |site: crate::search::SiteSearch| {
            let results = Results { search: Some(crate::search::SearchResults { sites: vec![Ok(site)], comparison: None }), ..Results::default() };
            build(&results).rows.into_iter().filter(|row| row.area.starts_with("Search")).map(|row| (row.measure, row.verdict)).collect::<Vec<_>>()
        };
        let good = verdicts(site(query(22_200, 3, 60.0), query(40_000, 2, 63.0)));
        assert!(good.iter().all(|(_, v)| matches!(v, Verdict::Pass | Verdict::Info)), "{good:?}");
        assert_eq!(good.iter().filter(|(_, v)| matches!(v, Verdict::Pass)).count(), 8);
        // Four round trips miss though the bytes pass; a heavy second query misses.
        let bad = verdicts(site(query(22_200, 4, 60.0), query(51_000, 2, 63.0)));
        let missed: Vec<&str> = bad.iter().filter(|(_, v)| matches!(v, Verdict::Miss(_))).map(|(m, _)| m.as_str()).collect();
        assert_eq!(missed.len(), 2, "{missed:?}");
        assert!(missed[0].starts_with("cold query") && missed[1].starts_with("second query"));
        let slow = verdicts(site(query(22_200, 3, 320.0), query(40_000, 2, 63.0)));
        assert!(slow.iter().any(|(m, v)| m.ends_with("cold, unthrottled") && matches!(v, Verdict::Miss(_))));
    }

    #[test]
    fn cls_and_ratios_have_their_verdicts() {
        let samples = [json!({ "cls": 0.0 }), json!({ "cls": 0.004 })];
        assert!(matches!(cls_verdict(&samples), Verdict::Pass));
        assert!(matches!(cls_verdict(&[json!({ "cls": 0.0 }), json!({ "cls": 0.02 })]), Verdict::Miss(_)));
        assert!(matches!(cls_verdict(&[]), Verdict::NotMeasured(_)));
        assert_eq!(cls_text(&samples), "0.002 (worst 0.004)");
        assert!(matches!(ratio_verdict(Some(110.0), Some(100.0), 1.1), Verdict::Pass));
        match ratio_verdict(Some(132.0), Some(100.0), 1.2) {
            Verdict::Miss(by) => assert_eq!(by, "+0.12× of static, 10 % over"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(ratio_verdict(None, Some(1.0), 1.2), Verdict::NotMeasured(_)));
        assert_eq!(thousands(110025), "110 025");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1 000");
        assert_eq!(same_cause_key("moved 31 px (at 164 ms (median)) here"), same_cause_key("moved 31 px (at 1989 ms) here"));
        assert_ne!(same_cause_key("moved 31 px"), same_cause_key("moved 12 px"));
    }
}

// ----- search ---------------------------------------------------------------------

fn max_of(samples: &[Value], key: &str) -> Option<f64> {
    values(samples, key).into_iter().reduce(f64::max)
}

/// "23.0 kB in 5 requests" (medians).
fn fetched(samples: &[Value]) -> String {
    match med(samples, "bytes") {
        Some(bytes) => format!("{} in {} requests", kb(bytes as u64), med(samples, "requests").map_or("?".into(), |n| format!("{n:.0}"))),
        None => "n/a".into(),
    }
}

/// The most round trips of `throttled` samples, else of `unthrottled` ones.
/// Throttled (150 ms latency) every request takes a round trip's time, so
/// requests the app starts together cannot be told apart as sequential
/// when the main thread staggers their starts by a few milliseconds, as
/// they can on loopback, where a small file arrives within a millisecond.
fn round_trips(throttled: &[Value], unthrottled: &[Value]) -> (Option<f64>, &'static str) {
    match max_of(throttled, "rounds") {
        Some(n) => (Some(n), "on slow 4G"),
        None => (max_of(unthrottled, "rounds"), "on loopback"),
    }
}

fn trips_text(trips: (Option<f64>, &str)) -> String {
    match trips {
        (Some(n), how) => format!("{n:.0} round trips {how}"),
        (None, _) => "round trips n/a".into(),
    }
}

fn timed(samples: &[Value]) -> (Option<f64>, String) {
    let v = values(samples, "paint");
    let m = median(&v);
    let text = match (m, percentile(&v, 95.0)) {
        (Some(m), Some(p)) => format!("{} (p95 {})", ms(m), ms(p)),
        _ => "n/a".into(),
    };
    (m, text)
}

/// The result count a status line announces ("Tìm thấy 123 kết quả…").
fn announced(samples: &[Value]) -> String {
    samples.first().and_then(|s| s.get("status")).and_then(Value::as_str).unwrap_or("").to_string()
}

fn search_rows(r: &mut Report, results: &Results) {
    use crate::search::{COLD_QUERY, SECOND_QUERY};
    let Some(search) = &results.search else { return };
    for site in &search.sites {
        let site = match site {
            Ok(site) => site,
            Err(e) => {
                r.missing("Search (static index)", "cold two-syllable query: bytes fetched", "≤ 150 kB", e);
                continue;
            }
        };
        let area = format!("Search (static index), {} articles", thousands(site.articles));
        let step = |steps: &Vec<Vec<Value>>, i: usize| steps.get(i).cloned().unwrap_or_default();
        let (cold, second, warm) = (step(&site.unthrottled, 0), step(&site.unthrottled, 1), step(&site.unthrottled, 2));
        let cold_bytes = med(&cold, "bytes");
        let trips = round_trips(&step(&site.throttled, 0), &cold);
        let rounds = trips.0;
        r.row(
            &area,
            &format!("cold query “{COLD_QUERY}” (manifest, shards, first results page): compressed bytes fetched, sequential round trips"),
            format!("{}, {}; {}", fetched(&cold), trips_text(trips), announced(&cold)),
            "—".into(),
            "—".into(),
            "≤ 150 kB, ≤ 3 round trips",
            match (at_most(cold_bytes, 150_000.0, false, &|v| kb(v as u64)), rounds) {
                (Verdict::Pass, Some(n)) if n > 3.0 => Verdict::Miss(format!("{n:.0} round trips")),
                (verdict, _) => verdict,
            },
        );
        r.row(
            &area,
            &format!("cold phrase “{SECOND_QUERY}”: compressed bytes fetched"),
            format!("{}; {}", fetched(&site.phrase_cold), announced(&site.phrase_cold)),
            "—".into(),
            "—".into(),
            "≤ 150 kB",
            at_most(med(&site.phrase_cold, "bytes"), 150_000.0, false, &|v| kb(v as u64)),
        );
        r.row(
            &area,
            &format!("second query of the session (“{SECOND_QUERY}” after “{COLD_QUERY}”): compressed bytes fetched"),
            format!("{}, {}", fetched(&second), trips_text(round_trips(&step(&site.throttled, 1), &second))),
            "—".into(),
            "—".into(),
            "≤ 50 kB",
            at_most(med(&second, "bytes"), 50_000.0, false, &|v| kb(v as u64)),
        );
        r.row(
            &area,
            "manifest (`search/manifest.json`), raw / gzip -9",
            format!("{} / {}", kb(site.manifest_raw), kb(site.manifest_gzip)),
            "—".into(),
            "—".into(),
            "≤ 20 kB",
            at_most(Some(site.manifest_raw as f64), 20_000.0, false, &|v| kb(v as u64)),
        );
        r.row(
            &area,
            "the index on disk (`search/`)",
            format!("{} files, {}", thousands(site.index_files), disk(site.index_bytes)),
            "—".into(),
            "—".into(),
            "reported",
            Verdict::Info,
        );
        let code = |samples: &Vec<Value>| samples.iter().filter_map(|v| v.get("code")).filter(|c| c.is_object()).cloned().collect::<Vec<Value>>();
        let (code_cold, code_throttled) = (code(&cold), code(&step(&site.throttled, 0)));
        if !code_cold.is_empty() {
            r.row(
                &area,
                "the search page's code (`split_search-….wasm`), fetched when the reader taps the field: compressed bytes; tap → arrived, unthrottled / slow 4G + 4× CPU",
                format!(
                    "{}; {} / {}",
                    med(&code_cold, "bytes").map_or("n/a".into(), |b| kb(b as u64)),
                    opt_ms(med(&code_cold, "ms")),
                    opt_ms(med(&code_throttled, "ms"))
                ),
                "—".into(),
                "—".into(),
                "reported",
                Verdict::Info,
            );
        }
        let (cold_ms, cold_text) = timed(&cold);
        r.row(&area, "submit → results rendered, cold, unthrottled", cold_text, "—".into(), "—".into(), "≤ 300 ms", at_most(cold_ms, 300.0, false, &ms));
        let (warm_ms, warm_text) = timed(&warm);
        r.row(
            &area,
            &format!("submit → results rendered, warm (“{COLD_QUERY}” again), unthrottled"),
            format!("{warm_text}; {} fetched", med(&warm, "bytes").map_or("n/a".into(), |b| kb(b as u64))),
            "—".into(),
            "—".into(),
            "≤ 100 ms",
            at_most(warm_ms, 100.0, false, &ms),
        );
        let (second_ms, second_text) = timed(&second);
        r.row(&area, "submit → results rendered, second query, unthrottled", second_text, "—".into(), "—".into(), "reported", match second_ms {
            Some(_) => Verdict::Info,
            None => Verdict::NotMeasured("no value".into()),
        });
        let throttled_cold = step(&site.throttled, 0);
        if !site.throttled.iter().all(Vec::is_empty) {
            let (t_ms, t_text) = timed(&throttled_cold);
            r.row(&area, "submit → results rendered, cold, slow 4G + 4× CPU", t_text, "—".into(), "—".into(), "≤ 1.5 s", at_most(t_ms, 1500.0, false, &ms));
        }
        let all: Vec<Value> = site.unthrottled.iter().chain(site.throttled.iter()).flatten().cloned().chain(site.phrase_cold.iter().cloned()).collect();
        let unthrottled: Vec<Value> = site.unthrottled.iter().flatten().cloned().chain(site.phrase_cold.iter().cloned()).collect();
        let worst = max_of(&all, "evaluate");
        r.row(
            &area,
            "query evaluation in the wasm (User Timing `ban-tin:search-evaluate`): median unthrottled, worst of every query (throttled included)",
            match (med(&unthrottled, "evaluate"), worst) {
                (Some(m), Some(w)) => format!("{} (worst {})", ms(m), ms(w)),
                _ => "n/a".into(),
            },
            "—".into(),
            "—".into(),
            "≤ 50 ms",
            at_most(worst, 50.0, false, &ms),
        );
    }
    // Building the index of 100 000 articles: the publish run's own summary.
    if let Some(Ok(p)) = &results.publish {
        const AREA: &str = "Search (static index), 100 001 articles";
        if let Some(s) = &p.full.summary {
            let build = s.indexing_s + s.encoding_s;
            r.row(
                AREA,
                "building the index in the full publish: adding the articles (alongside checking) + encoding the files",
                format!("{:.1} s + {:.1} s = {:.1} s; {} files, {:.1} MB", s.indexing_s, s.encoding_s, build, thousands(s.search_files), s.search_mb),
                "—".into(),
                "—".into(),
                "≤ 60 s",
                if s.search_files == 0 { Verdict::NotMeasured("no index in the summary".into()) } else { at_most(Some(build), 60.0, false, &|v| format!("{v:.1} s")) },
            );
        }
        peak_memory_row(r, AREA, "building the index: peak memory of the whole publish run, index included (max RSS)", &p.full, "≤ 2 GB", 2e9);
    }
    let comparison = match &search.comparison {
        None => return,
        Some(Err(e)) => {
            r.missing("Search at 10 000 articles: Bản tin (App) vs Pagefind (Baseline)", "cold two-syllable query: bytes fetched", "≥ 10× fewer bytes", e);
            return;
        }
        Some(Ok(c)) => c,
    };
    let area = format!("Search at {} articles: Bản tin's index (App) vs Pagefind {} (Baseline)", thousands(comparison.articles), comparison.pagefind_version);
    let ours = &comparison.ours;
    let ours_step = |i: usize| ours.unthrottled.get(i).cloned().unwrap_or_default();
    let theirs = |i: usize| comparison.pagefind.get(i).cloned().unwrap_or_default();
    let tenfold = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 && a * 10.0 <= b => Verdict::Pass,
        (Some(a), Some(b)) if b > 0.0 => Verdict::Miss(format!("{:.1}× fewer", b / a)),
        _ => Verdict::NotMeasured("no value".into()),
    };
    let pagefind_fetched = |samples: &[Value]| match med(samples, "bytes") {
        Some(b) => format!("{} in {} requests", kb(b as u64), med(samples, "requests").map_or("?".into(), |n| format!("{n:.0}"))),
        None => "n/a".into(),
    };
    for (label, ours_samples, their_samples) in [
        (format!("cold query “{COLD_QUERY}” with the first 10 results: compressed bytes fetched"), ours_step(0), theirs(0)),
        (format!("cold phrase “{SECOND_QUERY}” with the first 10 results"), ours.phrase_cold.clone(), theirs(2)),
        (format!("second query of the session (“{SECOND_QUERY}”)"), ours_step(1), theirs(1)),
    ] {
        let (a, b) = (med(&ours_samples, "bytes"), med(&their_samples, "bytes"));
        r.row(&area, &label, fetched(&ours_samples), pagefind_fetched(&their_samples), ratio(a, b), "≥ 10× fewer bytes", tenfold(a, b));
    }
    let found = |samples: &[Value]| samples.first().and_then(|s| s.get("total")).and_then(Value::as_f64);
    r.row(
        &area,
        &format!("what “{COLD_QUERY}” finds (typed without diacritics)"),
        announced(&ours_step(0)),
        match (found(&theirs(0)), theirs(0).first().and_then(|s| s.get("first")).and_then(Value::as_str)) {
            (Some(n), Some(first)) => format!("{n:.0} results; the first: “{first}”"),
            (Some(n), None) => format!("{n:.0} results"),
            _ => "n/a".into(),
        },
        "—".into(),
        "finds “thi đua”",
        Verdict::Info,
    );
    let (a, a_text) = timed(&ours_step(0));
    let (b, b_text) = timed(&theirs(0));
    r.row(&area, "cold query → first 10 results, unthrottled", a_text, b_text, ratio(a, b), "reported", Verdict::Info);
    let ours_build = ours_publish_index(&comparison.ours_publish);
    r.row(
        &area,
        "building the index (Bản tin: inside the whole publish, pages and feeds included; Pagefind: its CLI over plain article pages)",
        ours_build,
        format!("{:.1} s (CPU {:.0} s)", comparison.pagefind_build.wall.as_secs_f64(), comparison.pagefind_build.cpu.map_or(0.0, |c| c.as_secs_f64())),
        "—".into(),
        "reported",
        Verdict::Info,
    );
    let rss = |run: &Run| run.max_rss.map(|b| mb(b as f64)).unwrap_or_else(|| "n/a".into());
    r.row(
        &area,
        "peak memory (max RSS; Bản tin: the whole publish run)",
        rss(&comparison.ours_publish),
        rss(&comparison.pagefind_build),
        ratio(comparison.ours_publish.max_rss.map(|b| b as f64), comparison.pagefind_build.max_rss.map(|b| b as f64)),
        "reported",
        Verdict::Info,
    );
    r.row(
        &area,
        "the index on disk",
        format!("{} files, {}", thousands(ours.index_files), disk(ours.index_bytes)),
        format!("{} files, {}", thousands(comparison.pagefind_files), disk(comparison.pagefind_bytes)),
        ratio(Some(ours.index_bytes as f64), Some(comparison.pagefind_bytes as f64)),
        "reported",
        Verdict::Info,
    );
}

/// Bytes on disk: kB below a megabyte, else MB with one decimal.
fn disk(bytes: u64) -> String {
    if bytes < 1_000_000 {
        kb(bytes)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

/// "12.3 s of the index (whole publish 20.1 s)".
fn ours_publish_index(run: &Run) -> String {
    match &run.summary {
        Some(s) => format!(
            "{:.1} s adding + {:.1} s encoding (the whole publish: {:.1} s, CPU {:.0} s)",
            s.indexing_s,
            s.encoding_s,
            run.wall.as_secs_f64(),
            run.cpu.map_or(0.0, |c| c.as_secs_f64())
        ),
        None => format!("the whole publish: {:.1} s", run.wall.as_secs_f64()),
    }
}
