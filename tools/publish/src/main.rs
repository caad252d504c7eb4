//! `publish`: the publishing step's command line (README, "Publishing").
//!
//! ```text
//! publish --from content/api --app dist --out site [--origin https://…] [--api-base URL] [--threads N] [--keep-old-assets SECONDS]
//!         [--image-cache DIR] [--copy-images-from HOST]…
//! publish --from https://cms.example.gov.vn/api/ --app dist --out site --origin https://thanhvan.gov.vn
//! publish --from wordpress --url http://wordpress.example/ --app dist --out site [--state DIR] [--timeout SECONDS] …
//! publish serve site [--address 127.0.0.1:8080]
//! ```
//!
//! The options are declared once, with clap's derive: the parser, `--help`
//! and every refusal (an unknown or misspelt flag, a missing value, a bad
//! number: a usage message on stderr and exit status 2) come from the same
//! declarations, so they cannot drift apart.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand};
use publish::wordpress::{publish_wordpress, WordPressOptions};
use publish::{publish, ContentFrom, Options, Report};

/// The publishing step of Bản tin: contract content in (a folder, an API
/// base URL, or WordPress), a deployable site of pre-rendered pages out,
/// made live in one atomic step.
#[derive(Debug, Parser)]
#[command(
    name = "publish",
    version,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "Serving a published site (`make serve`): publish serve DIR [--address HOST:PORT] (default 127.0.0.1:8080).\n\
                  Rolling back to the previous build: ln -sfn PATH.builds/<id> PATH (README, \"Publishing\")."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Where the content comes from: a content folder in the contract's
    /// layout, an API base URL (http:// or https://), or `wordpress` (with --url).
    #[arg(long, value_name = "DIR|URL|wordpress", required = true)]
    from: Option<String>,
    /// The live site: after the run, a link to the complete build
    /// PATH.builds/<id>/ (the one before it is kept for a rollback).
    #[arg(long, value_name = "PATH", required = true)]
    out: Option<PathBuf>,
    /// The app: Trunk's output folder (dist), with the shell as index.html and
    /// the hashed assets. Default: the live site's app.
    #[arg(long, value_name = "DIR")]
    app: Option<PathBuf>,
    /// The public origin for canonical and Open Graph URLs. Default: site.json's "url".
    #[arg(long, value_name = "URL")]
    origin: Option<String>,
    /// The API base the deployed app reads, written into every page. Given,
    /// the API is served there and the site gets no api/ of its own. Default:
    /// the shell's (/api/), published with the documents the run read.
    #[arg(long, value_name = "URL")]
    api_base: Option<String>,
    /// Rendering threads (0: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// How long the previous builds' content-hashed assets (wasm, JS, CSS)
    /// stay reachable after they left the app, for readers of their pages.
    #[arg(long, value_name = "SECONDS", default_value_t = publish::DEFAULT_KEEP_OLD_ASSETS.as_secs())]
    keep_old_assets: u64,
    /// The image cache: images processed once, by the hash of their original
    /// bytes, and what was downloaded. Default: PATH.images beside --out.
    #[arg(long, value_name = "DIR")]
    image_cache: Option<PathBuf>,
    /// A host (cms.example.gov.vn, or host:port) whose images in documents
    /// are copied into the site, besides the source's own host; repeatable.
    #[arg(long, value_name = "HOST")]
    copy_images_from: Vec<String>,
    /// With --from wordpress: the WordPress site's address.
    #[arg(long, value_name = "URL", required_if_eq("from", "wordpress"))]
    url: Option<String>,
    /// With --from wordpress: where the sync state is kept. Default: PATH.wordpress beside --out.
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
    /// With --from wordpress: how long one request may take.
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    timeout: Option<Duration>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serves a published site as the nginx configuration does (`make serve`).
    Serve {
        /// The published site (the --out of a run).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Where to listen.
        #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
        address: String,
    },
}

/// A positive, finite number of seconds.
fn seconds(value: &str) -> Result<Duration, String> {
    match value.trim().parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() => Ok(Duration::from_secs_f64(seconds)),
        _ => Err(format!("{value:?} is not a positive number of seconds")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Serve { dir, address }) = cli.command {
        return match publish::serve::serve(dir, &address) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("publish serve: {address}: {error}");
                ExitCode::FAILURE
            }
        };
    }
    // Both are required by the parser when there is no subcommand.
    let (Some(from), Some(out)) = (cli.from.clone(), cli.out.clone()) else {
        Cli::command().error(clap::error::ErrorKind::MissingRequiredArgument, "--from and --out are needed").exit();
    };
    let keep_old_assets = Duration::from_secs(cli.keep_old_assets);
    if from == "wordpress" {
        return wordpress(&cli, out, keep_old_assets);
    }
    if cli.url.is_some() || cli.state.is_some() || cli.timeout.is_some() {
        Cli::command()
            .error(clap::error::ErrorKind::ArgumentConflict, "--url, --state and --timeout go with --from wordpress")
            .exit();
    }
    let options = Options {
        from: ContentFrom::parse(&from),
        out,
        app: cli.app,
        origin: cli.origin,
        api_base: cli.api_base,
        threads: cli.threads,
        keep_old_assets,
        image_cache: cli.image_cache,
        copy_images_from: cli.copy_images_from,
    };
    match publish(&options) {
        Ok(report) => {
            print_report(&options.out, &report);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("publish: failed, the previous site is unchanged: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `--from wordpress`: the WordPress site at `--url`.
fn wordpress(cli: &Cli, out: PathBuf, keep_old_assets: Duration) -> ExitCode {
    let Some(url) = cli.url.clone() else {
        Cli::command().error(clap::error::ErrorKind::MissingRequiredArgument, "--from wordpress needs --url http://host/").exit();
    };
    let mut options = WordPressOptions::new(&url, out);
    options.app = cli.app.clone();
    options.state = cli.state.clone();
    options.origin = cli.origin.clone();
    options.api_base = cli.api_base.clone();
    options.threads = cli.threads;
    options.keep_old_assets = keep_old_assets;
    options.image_cache = cli.image_cache.clone();
    options.copy_images_from = cli.copy_images_from.clone();
    if let Some(timeout) = cli.timeout {
        options.timeout = timeout;
    }
    match publish_wordpress(&options) {
        Ok(report) => {
            println!(
                "publish: WordPress {url}: {} sync, {} requests, {} posts read, {} published, {} removed, {} images downloaded, in {:.2} s",
                if report.full { "full" } else { "incremental" },
                report.requests,
                report.posts_read,
                report.posts,
                report.removed,
                report.images,
                report.sync.as_secs_f64()
            );
            print_report(&options.out, &report.publish);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("publish: failed, the previous site is unchanged: {error}");
            ExitCode::FAILURE
        }
    }
}

fn print_report(out: &std::path::Path, report: &Report) {
    println!(
        "publish: {} pages ({} articles), {} feeds, {} sitemap files ({} URLs), search index of {} files ({:.1} MB; indexing {:.1} s alongside checking, encoding {:.1} s) in {:.1} s (checking {:.1} s, rendering {:.1} s): {} written, {} unchanged, {} deleted",
        report.pages,
        report.articles,
        report.feeds,
        report.sitemaps,
        report.sitemap_urls,
        report.search_files,
        report.search_bytes as f64 / 1e6,
        report.search.adding.as_secs_f64(),
        report.search.finishing.as_secs_f64(),
        (report.checking + report.rendering).as_secs_f64(),
        report.checking.as_secs_f64(),
        report.rendering.as_secs_f64(),
        report.changes.written.len(),
        report.changes.unchanged,
        report.changes.deleted.len()
    );
    // (No " written" on these lines: the bench reads the one above.)
    for warning in &report.image_warnings {
        eprintln!("publish: warning: {warning}");
    }
    println!(
        "publish: {} images ({} files under anh/), {} processed, the rest from the image cache, {} left out",
        report.images,
        report.image_files,
        report.images_encoded,
        report.image_warnings.len()
    );
    if report.switched {
        println!(
            "publish: {} is now {} ({} app files, {} image files, {} earlier hashed assets kept, {} old builds deleted)",
            out.display(),
            report.build.display(),
            report.app_files,
            report.image_files,
            report.kept_assets,
            report.builds_deleted
        );
    } else {
        println!("publish: nothing changed; {} stays {}", out.display(), report.build.display());
    }
}
