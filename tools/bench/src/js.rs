//! The scripts the bench runs in the page. Every time is taken inside the
//! page (`performance.now()`), so WebDriver round trips never count.

/// Installed with `Page.addScriptToEvaluateOnNewDocument` (runs in every new
/// document before its own scripts). `__EXPECT__` is replaced by a map from
/// path to the number of `<p>` a complete article body has.
pub const INIT: &str = r#"(() => {
  if (window.__bench) return;
  const EXPECT = __EXPECT__;
  const need = EXPECT[location.pathname] || 0;
  const B = window.__bench = { h1: null, list: null, body: null, started: null, app: null, lcp: null, lcpTag: null,
    lcpSize: null, shifts: [], shown: null, persisted: false, popstate: null, err: null, before: null, beforeDetails: null, moved: null, frame: null };
  // The takeover: the app replaces the page's markup (`#app-boot`) with its
  // own nodes and sets `<html data-app>`. Layout Instability does not count
  // nodes that are replaced, so the bench compares the boxes of landmarks
  // (document coordinates) in the last frame before the takeover with the
  // first frame after it.
  const LANDMARKS = ['header.app-header', 'nav.app-nav', '.app-breadcrumbs', 'h1', '.app-article__lead',
    '.app-article-actions', '.app-article__figure', '.app-article__body', '.app-related', '.app-article-card',
    '.app-pagination', '.app-home-section', 'footer.app-footer'];
  // Not landmarks (their content changes when the app fills them in), but
  // what explains a header that changes size: recorded, not judged.
  const DETAILS = ['.app-header__date', '.app-reading-controls', '.app-header__home'];
  const boxes = (list = LANDMARKS) => {
    const out = {};
    for (const s of list) {
      const e = document.querySelector(s);
      if (!e) continue;
      const r = e.getBoundingClientRect();
      out[s] = [r.left + scrollX, r.top + scrollY, r.width, r.height];
    }
    return out;
  };
  let watching = true;
  const frame = () => {
    if (B.app !== null || !watching) return;
    if (document.body) { B.before = boxes(); B.beforeDetails = boxes(DETAILS); }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  // The first frame the page's body takes part in.
  const first = () => { if (document.body) B.frame = performance.now(); else requestAnimationFrame(first); };
  requestAnimationFrame(first);
  // A page without scripts (the baseline) is never taken over.
  addEventListener('DOMContentLoaded', () => { if (!document.scripts.length) watching = false; });
  const tookOver = () => {
    if (B.app !== null || !document.documentElement || !document.documentElement.hasAttribute('data-app')) return;
    B.app = performance.now();
    requestAnimationFrame(() => {
      const after = boxes();
      let px = 0, what = null, boxes2 = null;
      const missing = [];
      for (const s of LANDMARKS) {
        const a = B.before && B.before[s], b = after[s];
        if (!a && !b) continue;
        if (!a || !b) { if (B.before) missing.push((a ? 'gone: ' : 'new: ') + s); continue; }
        const d = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
        if (d > px) { px = d; what = s; boxes2 = [a.map(Math.round), b.map(Math.round)]; }
      }
      const details = {}, afterDetails = boxes(DETAILS);
      for (const s of DETAILS) details[s] = [(B.beforeDetails || {})[s] || null, afterDetails[s] || null].map(b => b && b.map(Math.round));
      B.moved = { px, what, boxes: boxes2, missing, painted: B.before !== null, details };
    });
  };
  new MutationObserver(tookOver).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-app'] });
  const check = () => {
    const t = performance.now();
    if (B.h1 === null && document.querySelector('h1.app-article__title')) B.h1 = t;
    if (B.list === null && document.querySelector('.app-article-card')) B.list = t;
    if (B.body === null) {
      const b = document.querySelector('.app-article__body');
      if (b && b.firstChild && (need === 0 || b.querySelectorAll('p').length >= need)) B.body = t;
    }
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true });
  window.__benchStop = () => mo.disconnect();
  const describe = n => {
    if (!n) return null;
    if (n.nodeType !== 1) return n.nodeName;
    let s = n.tagName.toLowerCase();
    if (n.id) s += '#' + n.id;
    if (n.classList && n.classList.length) s += '.' + Array.from(n.classList).join('.');
    return s;
  };
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) { B.lcp = e.startTime; B.lcpTag = describe(e.element); B.lcpSize = e.size; } })
      .observe({ type: 'largest-contentful-paint', buffered: true });
  } catch (e) { B.err = String(e); }
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) B.shifts.push({ t: e.startTime, v: e.value, input: e.hadRecentInput,
        src: (e.sources || []).map(s => describe(s.node)).filter(Boolean).slice(0, 4) }); })
      .observe({ type: 'layout-shift', buffered: true });
  } catch (e) { B.err = String(e); }
  // Tasks of 50 ms or more on the main thread (what can hold back a paint).
  B.long = [];
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) B.long.push([Math.round(e.startTime), Math.round(e.duration)]); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { B.err = String(e); }
  addEventListener('TrunkApplicationStarted', e => { window.__wasm = e.detail && e.detail.wasm; B.started = performance.now(); });
  addEventListener('pageshow', e => { B.shown = performance.now(); B.persisted = e.persisted; });
  // Registered before any of the app's listeners, so it runs first.
  addEventListener('popstate', () => { B.popstate = performance.now(); }, true);
})();"#;

/// Truthy once `__bench[arguments[0]]` is set, the document has loaded,
/// the app has taken over when `arguments[1]` (and its first frame after
/// that has been compared), and every eager image has finished.
pub const READY: &str = r#"const B = window.__bench;
if (!B || B[arguments[0]] === null || document.readyState !== 'complete') return false;
if (arguments[1] && B.moved === null) return false;
return Array.from(document.images).filter(i => i.loading !== 'lazy').every(i => i.complete);"#;

/// After two frames and `arguments[0]` ms more (for the last paint entries),
/// everything a first load reports.
pub const FIRST_LOAD_RESULT: &str = r#"const settle = arguments[0];
return new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
  const B = window.__bench;
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  // CLS as the web-vitals library counts it: the worst session window
  // (shifts less than 1 s apart, at most 5 s long), without input-driven ones.
  let cls = 0, cur = 0, start = -1, last = -1;
  for (const s of B.shifts) {
    if (s.input) continue;
    if (start >= 0 && s.t - last < 1000 && s.t - start < 5000) cur += s.v; else { cur = s.v; start = s.t; }
    last = s.t;
    cls = Math.max(cls, cur);
  }
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  let transfer = nav ? nav.transferSize : 0;
  for (const r of res) transfer += r.transferSize;
  resolve({ h1: B.h1, list: B.list, body: B.body, started: B.started, app: B.app, moved: B.moved, frame: B.frame, long: B.long, fcp: fcp ? fcp.startTime : null,
    lcp: B.lcp, lcpTag: B.lcpTag, lcpSize: B.lcpSize, cls, shifts: B.shifts, transfer,
    dcl: nav ? nav.domContentLoadedEventEnd : null, load: nav ? nav.loadEventEnd : null, err: B.err,
    paragraphs: document.querySelectorAll('.app-article__body p').length,
    images: document.querySelectorAll('.app-article__body img').length,
    cards: document.querySelectorAll('.app-article-card').length,
    resources: [[location.pathname, nav ? nav.transferSize : 0, nav ? nav.encodedBodySize : 0, nav ? nav.decodedBodySize : 0, 0, nav ? Math.round(nav.responseEnd) : 0]]
      .concat(res.map(r => [r.name.replace(location.origin, ''), r.transferSize, r.encodedBodySize, r.decodedBodySize, Math.round(r.startTime), Math.round(r.responseEnd)])) });
}, settle))));"#;

/// In-app navigation helpers, installed once in a loaded app page. Each
/// returns a Promise (W3C executeScript awaits it).
pub const NAV_HELPERS: &str = r#"window.__benchNav = (() => {
  // Counts the app's history calls (Chromium throttles more than 200 in 10 s).
  const calls = window.__benchHistory = { pushState: 0, replaceState: 0 };
  for (const k of ['pushState', 'replaceState']) {
    const f = history[k].bind(history);
    history[k] = (...a) => { calls[k]++; return f(...a); };
  }
  const waitFor = (cond, timeout) => new Promise(resolve => {
    let done = false;
    const finish = v => { if (done) return; done = true; mo.disconnect(); clearInterval(iv); clearTimeout(to); resolve(v); };
    const test = () => { try { if (cond()) finish(performance.now()); } catch (e) {} };
    const mo = new MutationObserver(test);
    mo.observe(document.body, { childList: true, subtree: true, characterData: true });
    const iv = setInterval(test, 100);
    const to = setTimeout(() => finish(null), timeout);
  });
  const afterPaint = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const links = () => Array.from(document.querySelectorAll('a.app-article-card__link'));
  const here = () => location.pathname + location.search;
  // The last steps, for error messages.
  const log = [];
  const note = what => { log.push(what + ' @' + here() + ' h=' + history.length); if (log.length > 8) log.shift(); };
  const trail = () => ' [' + log.join(' | ') + ']';
  const titleIs = t => { const h = document.querySelector('h1.app-article__title'); return !!h && h.textContent.trim() === t; };
  const listWith = href => !document.querySelector('h1.app-article__title') && links().some(a => a.getAttribute('href') === href);
  async function open(href, title) {
    const link = links().find(a => a.getAttribute('href') === href);
    note('open ' + href);
    if (!link) return { error: 'no link to ' + href + ' on ' + here() + trail() };
    performance.clearResourceTimings();
    const t0 = performance.now();
    const p = waitFor(() => titleIs(title), 15000);
    link.click();
    const t1 = await p;
    if (t1 === null) return { error: 'no h1 "' + title + '" 15 s after clicking ' + href + ' (now on ' + here() + ')' + trail() };
    await afterPaint();
    const paint = performance.now() - t0;
    // The article's JSON request, when there was one (cold): where the time went.
    const r = performance.getEntriesByType('resource').filter(e => e.name.includes('/articles/')).pop();
    return { dom: t1 - t0, paint, fetchStart: r ? r.startTime - t0 : null, fetchEnd: r ? r.responseEnd - t0 : null };
  }
  async function back(href) {
    note('back');
    // When the browser hands the traversal back to the page (the first
    // `popstate` listener, installed by INIT): before that, nothing of the app's runs.
    window.__bench.popstate = null;
    const t0 = performance.now();
    const p = waitFor(() => listWith(href), 15000);
    history.back();
    const t1 = await p;
    if (t1 === null) return { error: 'no list with ' + href + ' 15 s after history.back() (now on ' + here() + ')' + trail() };
    await afterPaint();
    const popstate = window.__bench.popstate;
    return { dom: t1 - t0, paint: performance.now() - t0, popstate: popstate === null ? null : popstate - t0 };
  }
  // To another list page through the router (an in-app link click), untimed.
  async function goList(listHref, href) {
    note('goList ' + listHref);
    if (here() === listHref && listWith(href)) return { dom: 0 };
    const a = document.createElement('a');
    a.href = listHref;
    a.textContent = 'bench';
    document.body.appendChild(a);
    const t0 = performance.now();
    const p = waitFor(() => here() === listHref && listWith(href), 15000);
    a.click();
    a.remove();
    const t1 = await p;
    if (t1 === null) return { error: 'list ' + listHref + ' with ' + href + ' not shown (now on ' + here() + ')' + trail() };
    return { dom: t1 - t0 };
  }
  // `n` visits (list → article → back) of items[start…], cycling.
  async function visits(items, start, n) {
    for (let i = 0; i < n; i++) {
      const it = items[(start + i) % items.length];
      for (const r of [await goList(it.list, it.href), await open(it.href, it.title), await back(it.href)]) {
        if (r.error) return r;
      }
    }
    return { ok: true };
  }
  return { open, back, goList, visits };
})(); return true;"#;

/// A full-page navigation of the static baseline: clicks the link to
/// `arguments[0]` in a task of its own (so that the script returns before the
/// document goes away), recording the absolute time of the click.
pub const STATIC_CLICK: &str = r#"const link = Array.from(document.querySelectorAll('a.app-article-card__link')).find(a => a.getAttribute('href') === arguments[0]);
if (!link) return 'no link to ' + arguments[0] + ' on ' + location.pathname;
sessionStorage.removeItem('__t0');
setTimeout(() => { sessionStorage.setItem('__t0', String(performance.timeOrigin + performance.now())); link.click(); }, 0);
return true;"#;

pub const STATIC_BACK: &str = r#"sessionStorage.removeItem('__t0');
setTimeout(() => { sessionStorage.setItem('__t0', String(performance.timeOrigin + performance.now())); history.back(); }, 0);
return true;"#;

/// Once the new document at `arguments[0]` (path and query) has `__bench[arguments[1]]`: the
/// time from the click (in the old document) to it, and to the first paint.
pub const STATIC_ARRIVED: &str = r#"const B = window.__bench;
if (location.pathname + location.search !== arguments[0] || !B || B[arguments[1]] === null || document.readyState === 'loading') return null;
const t0 = Number(sessionStorage.getItem('__t0'));
if (!t0) return null;
const fcp = performance.getEntriesByName('first-contentful-paint')[0];
const paint = fcp ? fcp.startTime : (B.shown !== null ? B.shown : null);
return { dom: performance.timeOrigin + B[arguments[1]] - t0, paint: paint === null ? null : performance.timeOrigin + paint - t0, persisted: B.persisted };"#;

/// JS heap and wasm linear memory (after a forced GC).
pub const MEMORY: &str = r#"return { js: performance.memory ? performance.memory.usedJSHeapSize : null,
  wasm: (window.__wasm && window.__wasm.memory) ? window.__wasm.memory.buffer.byteLength : null,
  nodes: document.getElementsByTagName('*').length };"#;
