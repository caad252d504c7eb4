//! Search: what a query costs a reader with the static index the
//! publishing step writes (docs/API.md, "Search index"), at the sample and
//! at 100 000 articles, and the same 10 000-article dataset searched with
//! Bản tin's index and with Pagefind side by side.
//!
//! A session is a fresh load of the home page (HTTP cache disabled, so
//! nothing comes from an earlier session), then queries typed into the
//! header's search field (focused first, which fetches the search page's
//! code, split off the main wasm; the first query waits for it to arrive,
//! as a reader types meanwhile) and submitted, each timed inside the page from
//! the submit to the frame after the results are in the DOM. The bytes
//! are the compressed bodies of the index files the query fetched
//! (Resource Timing's `encodedBodySize`), and the round trips the times
//! an index request started after every earlier one had ended.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use e2e::{Page, TestServer};
use publish::xml;
use serde_json::{json, Value};

use crate::measure::{self, Takeover};
use crate::publishing::{self, tree, Run};

/// A two-syllable query typed without diacritics (finds "thi đua").
pub const COLD_QUERY: &str = "thi dua";
/// A four-syllable phrase, the second query of a session.
pub const SECOND_QUERY: &str = "ủy ban nhân dân";

/// What a session types: cold, then another query, then the first again.
pub const SESSION: [&str; 3] = [COLD_QUERY, SECOND_QUERY, COLD_QUERY];

/// The name the app gives the query's evaluation in the performance
/// timeline (`src/pages/search.rs`, `EVALUATION_MEASURE`).
const EVALUATION_MEASURE: &str = "ban-tin:search-evaluate";

/// Types `arguments[0]` into the header's search field, submits it, and
/// resolves when the results of that query are in the DOM (the status
/// announces that query's count) and a frame has passed: the time from submit, the index requests since the submit, and
/// the evaluation time the app measured.
const SUBMIT: &str = r#"
const query = arguments[0];
const input = document.querySelector('#app-search-input');
const form = document.querySelector('#app-search-form');
if (!input || !form) return { error: 'no search form on ' + location.pathname };
// A reader taps the field first, which starts fetching the search page's
// code (split off the main wasm); they type while it arrives, so the
// first query of a page waits for it, and reports its bytes and time.
input.focus();
const splitLoader = document.querySelector('link[rel="modulepreload"][href*="-split-"]');
const waitForCode = () => new Promise(resolve => {
  if (!splitLoader || window.__benchSearchCode) return resolve(null);
  const tapped = performance.now();
  const poll = () => {
    const entry = performance.getEntriesByType('resource').find(e => e.name.includes('/split_search-') && e.responseEnd > 0);
    if (entry) {
      window.__benchSearchCode = true;
      resolve({ ms: entry.responseEnd - tapped, bytes: entry.encodedBodySize });
    } else if (performance.now() - tapped > 30000) {
      resolve({ error: 'the search code did not arrive within 30 s of focusing the field' });
    } else {
      setTimeout(poll, 10);
    }
  };
  poll();
});
return waitForCode().then(code => {
if (code && code.error) return code;
performance.setResourceTimingBufferSize(10000);
performance.clearResourceTimings();
performance.clearMeasures('__MEASURE__');
const statusOf = () => { const s = document.querySelector('.app-search-page__status'); return s ? s.textContent : ''; };
// The results are in when the status announces this query's count, anew
// (the list element itself may be reused from the previous query's).
const before = statusOf();
input.value = query;
return new Promise(resolve => {
  let dom = null;
  const started = performance.now();
  const done = () => {
    const status = statusOf();
    return status !== before && status.includes('“' + query + '”')
      && document.querySelector('.app-search-page__item, .app-search-page__nothing');
  };
  const finish = () => {
    const entries = performance.getEntriesByType('resource')
      .filter(e => e.name.includes('/search/') || e.name.includes('search.json'))
      .map(e => ({ name: e.name.replace(location.origin, ''), start: e.startTime, end: e.responseEnd, bytes: e.encodedBodySize, transfer: e.transferSize, decoded: e.decodedBodySize }));
    // A round trip begins when a request starts after every earlier one
    // has ended: requests started together (if staggered by the main
    // thread) are one round trip.
    let rounds = 0, ended = -Infinity;
    for (const e of entries.slice().sort((a, b) => a.start - b.start)) {
      if (e.start >= ended) rounds++;
      ended = Math.max(ended, e.end);
    }
    const measures = performance.getEntriesByName('__MEASURE__', 'measure');
    const status = document.querySelector('.app-search-page__status');
    resolve({
      dom: dom - started,
      paint: performance.now() - started,
      requests: entries.length,
      bytes: entries.reduce((s, e) => s + e.bytes, 0),
      transfer: entries.reduce((s, e) => s + e.transfer, 0),
      decoded: entries.reduce((s, e) => s + e.decoded, 0),
      rounds,
      evaluate: measures.length ? measures[measures.length - 1].duration : null,
      status: status ? status.textContent : '',
      items: document.querySelectorAll('.app-search-page__item').length,
      files: entries.map(e => [e.name, e.bytes, Math.round(e.start - started), Math.round(e.end - started)]),
      code,
    });
  };
  const check = () => {
    if (dom !== null || !done()) return;
    dom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(finish, 0));
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  setTimeout(() => {
    if (dom !== null) return;
    observer.disconnect();
    const status = document.querySelector('.app-search-page__status');
    resolve({ error: 'no results after 20 s on ' + location.pathname + location.search + ' (status: ' + (status ? status.textContent : 'none') + ')' });
  }, 20000);
  form.requestSubmit();
});
});
"#;

/// In the bench page of the Pagefind site: the Pagefind API imported
/// (cold: its JS, wasm and metadata come with the first query), the query
/// run and the first 10 results' data loaded, as a results page shows them.
const PAGEFIND_QUERY: &str = r#"
const query = arguments[0];
const started = performance.now();
return import('/pagefind/pagefind.js').then(async pagefind => {
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
  const ms = performance.now() - started;
  return { paint: ms, total: search.results.length, items: data.length, first: data[0] ? data[0].meta.title : null };
}).catch(e => ({ error: 'Pagefind: ' + e }));
"#;

/// Samples of one query position in a session, over sessions.
pub type Steps = Vec<Vec<Value>>;

/// The static index of one published site, searched.
#[derive(Debug, Default)]
pub struct SiteSearch {
    pub articles: u64,
    /// `search/manifest.json`: raw and gzip bytes.
    pub manifest_raw: u64,
    pub manifest_gzip: u64,
    /// Files and bytes of `search/`.
    pub index_files: u64,
    pub index_bytes: u64,
    /// Sessions typing [`SESSION`], unthrottled: one vector per query position.
    pub unthrottled: Steps,
    /// The same on slow 4G + 4× CPU.
    pub throttled: Steps,
    /// Sessions whose first query is [`SECOND_QUERY`] (the phrase, cold).
    pub phrase_cold: Vec<Value>,
}

/// Pagefind against Bản tin's index on the same dataset.
#[derive(Debug, Default)]
pub struct Comparison {
    pub articles: u64,
    pub pagefind_version: String,
    /// Bản tin: the release `publish` run (pages, feeds and the index),
    /// with the index's own build time from its summary line.
    pub ours_publish: Run,
    pub ours: SiteSearch,
    /// Pagefind's CLI over the same articles as plain HTML pages.
    pub pagefind_build: Run,
    pub pagefind_files: u64,
    pub pagefind_bytes: u64,
    /// Fresh page, one query: [`COLD_QUERY`] then [`SECOND_QUERY`] in one
    /// page (index 0 and 1), and [`SECOND_QUERY`] cold (index 2).
    pub pagefind: Steps,
}

/// The search results of the whole phase.
#[derive(Debug, Default)]
pub struct SearchResults {
    pub sites: Vec<Result<SiteSearch, String>>,
    pub comparison: Option<Result<Comparison, String>>,
}

async fn submit(page: &Page, query: &str) -> Result<Value, String> {
    let script = SUBMIT.replace("__MEASURE__", EVALUATION_MEASURE);
    let value = page.try_exec(&script, vec![json!(query)]).await.map_err(|e| format!("search “{query}”: {e}"))?;
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        return Err(format!("search “{query}”: {error}"));
    }
    Ok(value)
}

/// One session: the home page loaded fresh, then `queries` in turn.
async fn session(page: &Page, queries: &[&str], timeout: Duration) -> Result<Vec<Value>, String> {
    measure::page_load(page, "/", "list", Takeover::Wait, 0, timeout).await?;
    let mut out = Vec::new();
    for query in queries {
        out.push(submit(page, query).await?);
    }
    Ok(out)
}

/// Searches the published site served by `page` (its folder is `dir`):
/// `runs` unthrottled sessions, `throttled_runs` throttled ones, and as
/// many sessions starting with the phrase. The page's HTTP cache must be
/// disabled.
pub async fn measure_site(page: &Page, dir: &Path, articles: u64, runs: usize, throttled_runs: usize) -> Result<SiteSearch, String> {
    let manifest = std::fs::read(dir.join("search/manifest.json")).map_err(|e| format!("{}: {e}", dir.join("search/manifest.json").display()))?;
    let (index_files, index_bytes) = tree(&dir.join("search"));
    let mut site = SiteSearch {
        articles,
        manifest_raw: manifest.len() as u64,
        manifest_gzip: crate::sizes::gzip9(&manifest).len() as u64,
        index_files,
        index_bytes,
        unthrottled: vec![Vec::new(); SESSION.len()],
        throttled: vec![Vec::new(); SESSION.len()],
        phrase_cold: Vec::new(),
    };
    let timeout = Duration::from_secs(30);
    // One unrecorded session: the server's and the browser's first-use costs.
    session(page, &SESSION, timeout).await?;
    for _ in 0..runs {
        for (step, value) in session(page, &SESSION, timeout).await?.into_iter().enumerate() {
            site.unthrottled[step].push(value);
        }
        site.phrase_cold.extend(session(page, &[SECOND_QUERY], timeout).await?);
    }
    measure::set_throttling(page, true).await?;
    let throttled = async {
        for _ in 0..throttled_runs {
            for (step, value) in session(page, &SESSION, Duration::from_secs(60)).await?.into_iter().enumerate() {
                site.throttled[step].push(value);
            }
        }
        Ok::<_, String>(())
    }
    .await;
    measure::set_throttling(page, false).await?;
    throttled?;
    Ok(site)
}

// ----- Pagefind at 10 000 articles ----------------------------------------------

/// The Pagefind release compared against (npm `pagefind`, which brings its
/// own binary as `@pagefind/linux-x64`).
pub const PAGEFIND_VERSION: &str = "1.5.2";

/// Installs Pagefind from npm into `dir` unless it is there; the binary's path.
pub fn ensure_pagefind(dir: &Path) -> Result<PathBuf, String> {
    let binary = dir.join("node_modules/.bin/pagefind");
    let installed = dir.join("node_modules/pagefind/package.json");
    if binary.is_file() && std::fs::read_to_string(&installed).is_ok_and(|p| p.contains(&format!("\"version\": \"{PAGEFIND_VERSION}\""))) {
        return Ok(binary);
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    eprintln!("bench: npm install pagefind@{PAGEFIND_VERSION} into {}", dir.display());
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--save-exact", &format!("pagefind@{PAGEFIND_VERSION}")])
        .arg("--prefix")
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !status.success() || !binary.is_file() {
        return Err(format!("npm install pagefind@{PAGEFIND_VERSION} failed ({status})"));
    }
    Ok(binary)
}

/// One plain HTML page per article of `content` in `out` (title, lead and
/// body, what Bản tin's index holds too), for Pagefind to index; the number
/// of pages.
pub fn write_pagefind_site(content: &Path, out: &Path) -> Result<u64, String> {
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("remove {}: {e}", out.display()))?;
    }
    let pages = out.join("bai-viet");
    std::fs::create_dir_all(&pages).map_err(|e| format!("create {}: {e}", pages.display()))?;
    let articles = content.join("articles");
    let mut count = 0;
    for entry in std::fs::read_dir(&articles).map_err(|e| format!("read {}: {e}", articles.display()))?.flatten() {
        let path = entry.path();
        let Some(slug) = path.file_stem().and_then(|s| s.to_str()).map(str::to_string) else { continue };
        let article = crate::dataset::read_json(&path)?;
        let text = |key: &str| article.get(key).and_then(Value::as_str).unwrap_or("").to_string();
        let html = format!(
            "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main><h1>{title}</h1><p><time>{time}</time></p><p><strong>{lead}</strong></p>{body}</main></body></html>\n",
            title = xml::escape(&text("title")),
            time = xml::escape(&text("published_at")),
            lead = xml::escape(&text("lead")),
            body = text("body_html"),
        );
        std::fs::write(pages.join(format!("{slug}.html")), html).map_err(|e| format!("write {slug}.html: {e}"))?;
        count += 1;
    }
    Ok(count)
}

/// Runs Pagefind over `site` (writing `site/pagefind/`), measured like
/// the publishing runs (wall time, peak memory and CPU from `wait4`).
pub fn run_pagefind(binary: &Path, site: &Path, log: &Path) -> Result<Run, String> {
    let mut command = Command::new(binary);
    command.arg("--site").arg(site);
    let started = Instant::now();
    let run = publishing::run_measured(command, log, started)?;
    // The page the bench drives, written after indexing so it is not indexed.
    std::fs::write(site.join("index.html"), "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Pagefind</title></head><body><h1>Pagefind</h1></body></html>\n")
        .map_err(|e| format!("write the bench page: {e}"))?;
    Ok(run)
}

/// The Pagefind site being searched: its page in the browser, its server
/// (whose request log counts the files, since Pagefind fetches most of
/// them from a Web Worker, out of the page's Resource Timing), its folder.
pub struct PagefindSite<'a> {
    pub page: &'a Page,
    pub server: &'a TestServer,
    pub dir: &'a Path,
}

impl PagefindSite<'_> {
    /// What a compressing server sends for the file at `path`: its gzip -9
    /// size, or the file as it is when Pagefind already compressed it.
    fn served_bytes(&self, path: &str, known: &mut HashMap<String, u64>) -> u64 {
        let path = path.split('?').next().unwrap_or(path);
        *known.entry(path.to_string()).or_insert_with(|| {
            let bytes = std::fs::read(self.dir.join(path.trim_start_matches('/'))).unwrap_or_default();
            (crate::sizes::gzip9(&bytes).len() as u64).min(bytes.len() as u64)
        })
    }

    /// A fresh load of the page, then `queries` in turn; each query's
    /// requests come from the server's log.
    async fn session(&self, queries: &[&str], known: &mut HashMap<String, u64>) -> Result<Vec<Value>, String> {
        let url = self.page.url("/");
        self.page.client().goto("about:blank").await.map_err(|e| format!("goto about:blank: {e}"))?;
        self.page.client().goto(&url).await.map_err(|e| format!("goto {url}: {e}"))?;
        let mut out = Vec::new();
        for query in queries {
            self.server.reset_hits();
            let mut value = self.page.try_exec(PAGEFIND_QUERY, vec![json!(query)]).await.map_err(|e| format!("Pagefind “{query}”: {e}"))?;
            if let Some(error) = value.get("error").and_then(Value::as_str) {
                return Err(format!("Pagefind “{query}”: {error}"));
            }
            let paths: Vec<String> = self
                .server
                .requests()
                .iter()
                .filter_map(|request| request.split_once(' ').map(|(_, path)| path.to_string()))
                .filter(|path| path.starts_with("/pagefind/"))
                .collect();
            let bytes: u64 = paths.iter().map(|path| self.served_bytes(path, known)).sum();
            value["requests"] = json!(paths.len());
            value["bytes"] = json!(bytes);
            value["files"] = json!(paths);
            out.push(value);
        }
        Ok(out)
    }

    /// [`COLD_QUERY`] then [`SECOND_QUERY`] in one page, and [`SECOND_QUERY`]
    /// alone; `runs` of each, after one unrecorded.
    pub async fn measure(&self, runs: usize) -> Result<Steps, String> {
        let mut known = HashMap::new();
        let mut steps: Steps = vec![Vec::new(); 3];
        self.session(&[COLD_QUERY, SECOND_QUERY], &mut known).await?;
        for _ in 0..runs {
            let mut two = self.session(&[COLD_QUERY, SECOND_QUERY], &mut known).await?.into_iter();
            steps[0].extend(two.next());
            steps[1].extend(two.next());
            steps[2].extend(self.session(&[SECOND_QUERY], &mut known).await?);
        }
        Ok(steps)
    }
}

/// Files and bytes of Pagefind's output folder.
pub fn pagefind_output(site: &Path) -> (u64, u64) {
    tree(&site.join("pagefind"))
}
