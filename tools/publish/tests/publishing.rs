//! Host tests of the publishing step: one binary, one module per area.
//!
//! - `head_tags`: the head of a pre-rendered article (absolute URLs, Open
//!   Graph, escaping), read back with html5ever;
//! - `layout`: which files a run writes, and what each page holds;
//! - `incremental`: a second run touches only what changed, and deletes the
//!   pages (static pages, feeds) that are gone;
//! - `failures`: a failing run names the document and leaves the site as it was;
//! - `http_source`: content read from an API base URL (a small test server);
//! - `images`: a bad image left out with a warning, the site published; a
//!   republish encodes nothing;
//! - `xss`: the XSS corpus through the host sanitiser, judged by an oracle of
//!   its own after a browser-like re-parse, and inside whole pages;
//! - `feeds`: the RSS 2.0 feeds read back with an XML parser (required
//!   elements, items and dates from the content, escaping);
//! - `sitemap`: `sitemap.xml` (and an index of sitemaps past 50 000 URLs)
//!   and `robots.txt`, read back with an XML parser;
//! - `search`: the search index (`search/…`): the sample's answers a table
//!   of queries (expected sets from an independent scan), its files agree,
//!   it is the same bytes run after run and a republish writes none of it;
//! - `wordpress`: publishing from WordPress against a fake of its REST API
//!   (incremental runs, hidden posts, `?rest_route=`, every fault);
//! - `switch`: the live site as a link to a complete build, the previous
//!   build and the previous app's hashed assets kept, and runs that fail
//!   (a file where a folder must go, a read-only folder, the process killed
//!   at each step) leaving the live site byte-identical;
//! - `cli`: the command line refuses unknown flags and bad values with exit
//!   status 2, and `--help` names every option.
//!
//! Run with `cargo test -p publish` (never with `--workspace`: the app crate
//! is built with `ssr` here and `csr` elsewhere).
//!
//! (The crate root is `tests/publishing.rs`, so its modules under
//! `tests/publishing/` need `#[path]`.)

#[path = "publishing/support.rs"]
mod support;

#[path = "publishing/cli.rs"]
mod cli;
#[path = "publishing/failures.rs"]
mod failures;
#[path = "publishing/feeds.rs"]
mod feeds;
#[path = "publishing/head_tags.rs"]
mod head_tags;
#[path = "publishing/http_source.rs"]
mod http_source;
#[path = "publishing/images.rs"]
mod images;
#[path = "publishing/incremental.rs"]
mod incremental;
#[path = "publishing/layout.rs"]
mod layout;
#[path = "publishing/search.rs"]
mod search;
#[path = "publishing/sitemap.rs"]
mod sitemap;
#[path = "publishing/switch.rs"]
mod switch;
#[path = "publishing/wordpress.rs"]
mod wordpress;
#[path = "publishing/xss.rs"]
mod xss;
