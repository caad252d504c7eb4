//! `publish`: the publishing step's command line (README, "Publishing").
//!
//! ```text
//! publish --from content/api --out dist [--origin https://…] [--api-base /api/] [--threads N]
//! publish --from https://cms.example.gov.vn/api/ --out dist --origin https://thanhvan.gov.vn
//! publish serve dist [--address 127.0.0.1:8080]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use publish::{publish, ContentFrom, Options};

const USAGE: &str = "usage:
  publish --from <content folder | API base URL> --out <dist folder> [--origin https://host] [--api-base URL] [--threads N]
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
    let options = Options {
        from: ContentFrom::parse(&from),
        out: PathBuf::from(out),
        origin: value(&args, "--origin"),
        api_base: value(&args, "--api-base"),
        threads,
    };
    match publish(&options) {
        Ok(report) => {
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
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("publish: failed, the previous site is unchanged: {error}");
            ExitCode::FAILURE
        }
    }
}
