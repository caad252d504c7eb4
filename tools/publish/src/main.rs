//! `publish`: the publishing step's command line (README, "Publishing").
//!
//! ```text
//! publish --from content/api --out dist [--origin https://…] [--api-base /api/] [--threads N]
//! publish --from https://cms.example.gov.vn/api/ --out dist --origin https://thanhvan.gov.vn
//! publish --from wordpress --url http://wordpress.example/ --out dist [--state DIR] [--timeout SECONDS] [--origin …] [--api-base /api/] [--threads N]
//! publish serve dist [--address 127.0.0.1:8080]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use publish::wordpress::{publish_wordpress, WordPressOptions};
use publish::{publish, ContentFrom, Options, Report};

const USAGE: &str = "usage:
  publish --from <content folder | API base URL> --out <dist folder> [--origin https://host] [--api-base URL] [--threads N]
  publish --from wordpress --url <WordPress site URL> --out <dist folder> [--state DIR] [--timeout SECONDS] [--origin https://host] [--api-base /api/] [--threads N]
  publish serve <dist folder> [--address 127.0.0.1:8080]";

fn value(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|arg| arg == name).and_then(|index| args.get(index + 1)).cloned()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("serve") {
        let Some(root) = args.get(1).filter(|arg| !arg.starts_with("--")) else {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        };
        let address = value(&args, "--address").unwrap_or_else(|| "127.0.0.1:8080".into());
        return match publish::serve::serve(PathBuf::from(root), &address) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("publish serve: {address}: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let (Some(from), Some(out)) = (value(&args, "--from"), value(&args, "--out")) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let threads = match value(&args, "--threads").map(|n| n.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("publish: --threads takes a number\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if from == "wordpress" {
        return wordpress(&args, out, threads);
    }
    let options = Options {
        from: ContentFrom::parse(&from),
        out: PathBuf::from(out),
        origin: value(&args, "--origin"),
        api_base: value(&args, "--api-base"),
        threads,
    };
    match publish(&options) {
        Ok(report) => {
            print_report(&report);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("publish: failed, the previous site is unchanged: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `--from wordpress`: the WordPress site at `--url`.
fn wordpress(args: &[String], out: String, threads: usize) -> ExitCode {
    let Some(url) = value(args, "--url") else {
        eprintln!("publish: --from wordpress needs --url http://host/\n{USAGE}");
        return ExitCode::from(2);
    };
    let mut options = WordPressOptions::new(&url, out);
    options.state = value(args, "--state").map(PathBuf::from);
    options.origin = value(args, "--origin");
    options.api_base = value(args, "--api-base");
    options.threads = threads;
    if let Some(seconds) = value(args, "--timeout") {
        match seconds.parse::<f64>() {
            Ok(seconds) if seconds > 0.0 && seconds.is_finite() => options.timeout = std::time::Duration::from_secs_f64(seconds),
            _ => {
                eprintln!("publish: --timeout takes a number of seconds\n{USAGE}");
                return ExitCode::from(2);
            }
        }
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
            print_report(&report.publish);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("publish: failed, the previous site is unchanged: {error}");
            ExitCode::FAILURE
        }
    }
}

fn print_report(report: &Report) {
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
}
