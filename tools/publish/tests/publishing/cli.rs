//! The command line refuses what it does not understand (a usage message on
//! stderr, exit status 2, nothing published), and `--help` names every
//! option the README's table does.

use std::process::{Command, Output};

use crate::support::{sample_content, TempDir, ORIGIN};

fn publish(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_publish")).args(args).output().expect("runs publish")
}

#[test]
fn a_misspelt_flag_a_missing_value_or_a_bad_number_publishes_nothing() {
    let parent = TempDir::new("cli-refused");
    let app = crate::support::output_with_shell("cli-refused-app");
    let out = parent.join("site");
    let content = sample_content();
    let (content, app, out) = (content.to_str().unwrap(), app.path().to_str().unwrap(), out.to_str().unwrap());
    let cases: Vec<(&str, Vec<&str>, &str)> = vec![
        ("misspelt flag", vec!["--from", content, "--app", app, "--out", out, "--orgin", ORIGIN], "--orgin"),
        ("missing value", vec!["--from", content, "--app", app, "--out"], "--out"),
        ("no --out", vec!["--from", content, "--app", app], "--out"),
        ("bad number", vec!["--from", content, "--app", app, "--out", out, "--threads", "hai"], "--threads"),
        ("negative seconds", vec!["--from", content, "--app", app, "--out", out, "--keep-old-assets=-1"], "--keep-old-assets"),
        ("bad timeout", vec!["--from", "wordpress", "--url", "http://127.0.0.1:9/", "--app", app, "--out", out, "--timeout", "0"], "--timeout"),
        ("wordpress without --url", vec!["--from", "wordpress", "--app", app, "--out", out], "--url"),
        ("a WordPress option elsewhere", vec!["--from", content, "--app", app, "--out", out, "--url", "http://x/"], "--from wordpress"),
        ("a stray word", vec!["--from", content, "--app", app, "--out", out, "extra"], "extra"),
    ];
    for (name, args, named) in cases {
        let output = publish(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        let usage = stderr.contains("Usage: publish") || stderr.contains("try '--help'");
        assert!(stderr.contains(named) && usage, "{name}: the message names {named} and says how to use it: {stderr}");
        assert!(output.stdout.is_empty(), "{name}");
        assert!(!parent.join("site").exists() && !parent.join("site.builds").exists(), "{name}: something was published");
    }
    // The same line spelt right publishes.
    let output = publish(&["--from", content, "--app", app, "--out", out, "--origin", ORIGIN]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(parent.join("site/index.html").is_file());
}

#[test]
fn help_names_every_option_of_the_readme() {
    let output = publish(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8_lossy(&output.stdout);
    let readme = std::fs::read_to_string(crate::support::repo_root().join("README.md")).unwrap();
    // The options table of "Publishing".
    let start = readme.find("| option | meaning |").expect("the README's options table");
    let table: String = readme[start..].lines().take_while(|line| line.starts_with('|')).collect::<Vec<_>>().join("\n");
    let options = [
        "--from", "--out", "--app", "--origin", "--api-base", "--threads", "--keep-old-assets", "--image-cache", "--copy-images-from", "--url", "--state",
        "--timeout", "serve", "--address",
    ];
    for option in options {
        assert!(help.contains(option), "--help does not name {option}:\n{help}");
        assert!(table.contains(&format!("`{option} ")) || table.contains(&format!(" {option} ")), "the README's table does not name {option}");
    }
    let serve = publish(&["serve", "--help"]);
    assert_eq!(serve.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&serve.stdout).contains("--address"));
}
