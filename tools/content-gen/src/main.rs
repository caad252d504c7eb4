//! `content-gen`: writes the sample or a synthetic dataset, or checks a folder.
//!
//! ```text
//! content-gen generate --out DIR [--page-size N] [--stress]
//! content-gen generate --out DIR --categories N --articles N [--seed N] [--page-size N] [--stress]
//! content-gen check DIR
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use content_gen::{check_dataset, sample, synth};

const USAGE: &str = "\
usage:
  content-gen generate --out DIR [--page-size N] [--stress]
      writes the embedded sample (Thành phố Thanh Vân) to DIR
  content-gen generate --out DIR --categories N --articles N [--seed N] [--page-size N] [--stress]
      writes a synthetic dataset (--stress adds the article bai-viet-rat-dai)
  content-gen check DIR
      validates a content folder: schemas, decoding, cross-references";

/// The parsed command line.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Generate { out: PathBuf, synthetic: Option<synth::Options>, page_size: usize, stress: bool },
    Check { dir: PathBuf },
    Help,
}

fn parse(args: &[String]) -> Result<Command, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err("missing command".to_string());
    };
    match command.as_str() {
        "-h" | "--help" | "help" => Ok(Command::Help),
        "check" => match rest {
            [dir] if !dir.starts_with('-') => Ok(Command::Check { dir: PathBuf::from(dir) }),
            _ => Err("check takes exactly one folder".to_string()),
        },
        "generate" => {
            let mut out = None;
            let mut categories = None;
            let mut articles = None;
            let mut seed = None;
            let mut page_size = 10usize;
            let mut stress = false;
            let mut i = 0;
            while i < rest.len() {
                let flag = rest[i].as_str();
                let mut value = || -> Result<&String, String> {
                    i += 1;
                    rest.get(i).ok_or_else(|| format!("{flag} needs a value"))
                };
                match flag {
                    "--out" => out = Some(PathBuf::from(value()?)),
                    "--categories" => categories = Some(number(flag, value()?)?),
                    "--articles" => articles = Some(number(flag, value()?)?),
                    "--seed" => seed = Some(number(flag, value()?)?),
                    "--page-size" => page_size = number(flag, value()?)? as usize,
                    "--stress" => stress = true,
                    other => return Err(format!("unknown option {other:?}")),
                }
                i += 1;
            }
            let out = out.ok_or("generate needs --out DIR")?;
            if page_size == 0 {
                return Err("--page-size must be at least 1".to_string());
            }
            let synthetic = if categories.is_some() || articles.is_some() {
                let categories = categories.unwrap_or(50) as usize;
                if categories == 0 {
                    return Err("--categories must be at least 1".to_string());
                }
                Some(synth::Options {
                    categories,
                    articles: articles.unwrap_or(1000) as usize,
                    seed: seed.unwrap_or(1),
                    page_size,
                    stress,
                })
            } else {
                if seed.is_some() {
                    return Err("--seed applies to synthetic datasets (--categories/--articles)".to_string());
                }
                None
            };
            Ok(Command::Generate { out, synthetic, page_size, stress })
        }
        other => Err(format!("unknown command {other:?}")),
    }
}

fn number(flag: &str, text: &str) -> Result<u64, String> {
    text.parse().map_err(|_| format!("{flag} expects a whole number, not {text:?}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("content-gen: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Help => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Command::Generate { out, synthetic, page_size, stress } => {
            let start = Instant::now();
            let dataset = match &synthetic {
                Some(options) => synth::synthetic(options),
                None => {
                    let mut dataset = sample::sample_with_page_size(page_size);
                    if stress {
                        synth::add_stress_article(&mut dataset, sample::SEED);
                    }
                    dataset
                }
            };
            match dataset.write(&out) {
                Ok(stats) => {
                    println!(
                        "wrote {}: {} categories, {} articles, {} static pages, {} files, {:.1} KB in {:.1} s",
                        out.display(),
                        dataset.site.categories.len(),
                        dataset.articles.len(),
                        dataset.pages.len(),
                        stats.files,
                        stats.bytes as f64 / 1024.0,
                        start.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("content-gen: cannot write {}: {error}", out.display());
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { dir } => {
            let start = Instant::now();
            match check_dataset(&dir) {
                Ok(summary) => {
                    println!("OK {}: {summary} (checked in {:.1} s)", dir.display(), start.elapsed().as_secs_f64());
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    const SHOWN: usize = 50;
                    for error in errors.iter().take(SHOWN) {
                        eprintln!("error: {error}");
                    }
                    if errors.len() > SHOWN {
                        eprintln!("... and {} more", errors.len() - SHOWN);
                    }
                    eprintln!("FAILED {}: {} problem(s)", dir.display(), errors.len());
                    ExitCode::FAILURE
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_the_documented_commands() {
        assert_eq!(
            parse(&args("generate --out content/api")),
            Ok(Command::Generate { out: "content/api".into(), synthetic: None, page_size: 10, stress: false })
        );
        let Ok(Command::Generate { synthetic: Some(options), stress: true, .. }) =
            parse(&args("generate --out /tmp/x --categories 50 --articles 100000 --seed 7 --page-size 20 --stress"))
        else {
            panic!("synthetic generate did not parse");
        };
        assert_eq!(options, synth::Options { categories: 50, articles: 100_000, seed: 7, page_size: 20, stress: true });
        assert_eq!(parse(&args("check content/api")), Ok(Command::Check { dir: "content/api".into() }));
        assert_eq!(parse(&args("--help")), Ok(Command::Help));
    }

    #[test]
    fn refuses_bad_command_lines() {
        for line in [
            "",
            "generate",
            "generate --out",
            "generate --out x --articles many",
            "generate --out x --page-size 0",
            "generate --out x --bogus",
            "generate --out x --seed 3",
            "check",
            "check a b",
            "frobnicate",
        ] {
            assert!(parse(&args(line)).is_err(), "{line:?}");
        }
    }
}
