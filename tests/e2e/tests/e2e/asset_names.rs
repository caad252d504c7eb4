//! The shipped file names are the hash of the bytes shipped, and the wasm's
//! integrity is checked where the browser honours it (tools/hash-names.mjs):
//!
//! - two runs of the real post-build hook (Trunk.toml's command, on copies
//!   of the input the release build saved under `target/hook-input/`) whose
//!   only difference is one parameter ship new names for the files that
//!   changed and the same names for the others, every name is the hash of
//!   its bytes, every reference and `integrity` names the right file, the
//!   precompressed copies are the files, and the result boots;
//! - the published folder's hashed files are named by their bytes;
//! - in Chromium, the wasm's preload is used (one request) while its
//!   integrity is checked by the fetch that consumes it: wrong bytes are
//!   refused and the pre-rendered page stays; an article's console has no
//!   warning and no error once the app has taken over.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use e2e::{Fault, TempDir};
use regex::Regex;
use serde_json::Value;

use crate::support::REFERENCE_SLUG;

/// The naming rule (tools/asset-name.mjs), as a server recognises it.
fn hashed_name_re() -> Regex {
    Regex::new(r"^(.+)-([0-9a-f]{16})(_bg)?\.(wasm|js|css)$").unwrap()
}

/// `sha256sum`'s or `sha384sum`'s digest of `path`, as bytes.
fn digest(tool: &str, path: &Path) -> Vec<u8> {
    let output = Command::new(tool)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("run {tool}: {e}"));
    assert!(
        output.status.success(),
        "{tool} {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let hex = String::from_utf8_lossy(&output.stdout);
    let hex = hex.split_whitespace().next().unwrap_or_default();
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&hex[i..i + 2], 16)
                .unwrap_or_else(|e| panic!("{tool} printed {hex:?}: {e}"))
        })
        .collect()
}

/// The 16 hex digits a file's name must carry.
fn name_hash(path: &Path) -> String {
    digest("sha256sum", path)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `integrity` the browser computes for a file.
fn sri(path: &Path) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest("sha384sum", path))
    )
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The content-hashed files of a folder's top level: logical name
/// (`ban-tin_bg.wasm`, `layers.css`) -> file name. Panics on a `.wasm`,
/// `.js` or `.css` outside the rule or named otherwise than by its bytes.
fn hashed_files(dir: &Path) -> BTreeMap<String, String> {
    let rule = hashed_name_re();
    let asset = Regex::new(r"\.(wasm|js|css)$").unwrap();
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !asset.is_match(&name) {
            continue;
        }
        let parts = rule.captures(&name).unwrap_or_else(|| {
            panic!(
                "{}: {name} is not <stem>-<16 hex digits>[_bg].<ext>",
                dir.display()
            )
        });
        assert_eq!(
            &parts[2],
            name_hash(&dir.join(&name)),
            "{}: {name} is not named by the SHA-256 of its bytes",
            dir.display()
        );
        let logical = format!(
            "{}{}.{}",
            &parts[1],
            parts.get(3).map_or("", |m| m.as_str()),
            &parts[4]
        );
        assert!(
            files.insert(logical.clone(), name).is_none(),
            "{}: two files for {logical}",
            dir.display()
        );
    }
    assert!(
        files.keys().any(|name| name.ends_with("_bg.wasm")),
        "{}: no wasm in {files:?}",
        dir.display()
    );
    files
}

/// Every file index.html names, every hashed-looking name in the JS and CSS
/// files, and every integrity must match the folder; each hashed file must
/// be named by one of them; each `.gz`/`.br` must be a smaller copy of its
/// file.
fn check_references(dir: &Path, files: &BTreeMap<String, String>) {
    let html = String::from_utf8(read(&dir.join("index.html"))).unwrap();
    let mut named: Vec<String> = Vec::new();
    // In index.html any file; in the JS, whose strings also name wasm
    // import modules (`"./__wasm_split.js"`), names with a hash (Trunk's
    // shorter ones included).
    let html_reference = Regex::new(r#"/([A-Za-z0-9_.-]+\.(?:wasm|js|css))["'`)?#]"#).unwrap();
    let hashed_reference =
        Regex::new(r#"/([A-Za-z0-9_.-]+-[0-9a-f]+(?:_bg)?\.(?:wasm|js|css))["'`)?#]"#).unwrap();
    for (source, text) in std::iter::once(("index.html".to_string(), html.clone())).chain(
        files
            .values()
            .filter(|name| name.ends_with(".js") || name.ends_with(".css"))
            .map(|name| {
                (
                    name.clone(),
                    String::from_utf8(read(&dir.join(name))).unwrap(),
                )
            }),
    ) {
        let reference = if source == "index.html" {
            &html_reference
        } else {
            &hashed_reference
        };
        for target in reference.captures_iter(&text).map(|c| c[1].to_string()) {
            assert!(
                dir.join(&target).is_file(),
                "{}: {source} names {target}, which is not there",
                dir.display()
            );
            named.push(target);
        }
    }
    for name in files.values() {
        assert!(
            named.contains(name),
            "{}: nothing names {name}",
            dir.display()
        );
    }

    // Integrity: on links (not on the wasm's fetch preload, where Chromium
    // ignores it), and on the loader's fetch of the wasm.
    let tag = Regex::new(r"<link\b[^>]*>").unwrap();
    let attr = |tag: &str, name: &str| {
        Regex::new(&format!(r#"\s{name}="([^"]*)""#))
            .unwrap()
            .captures(tag)
            .map(|c| c[1].to_string())
    };
    let mut checked = 0;
    for link in tag.find_iter(&html).map(|m| m.as_str()) {
        let Some(href) = attr(link, "href") else {
            continue;
        };
        let file = href.trim_start_matches('/');
        if !files.values().any(|name| name == file) {
            continue;
        }
        match attr(link, "integrity") {
            Some(integrity) => {
                assert_eq!(
                    integrity,
                    sri(&dir.join(file)),
                    "{}: the integrity of {link}",
                    dir.display()
                );
                checked += 1;
            }
            None => assert!(
                attr(link, "rel").as_deref() == Some("preload") && file.ends_with("_bg.wasm"),
                "{}: {link} has no integrity",
                dir.display()
            ),
        }
    }
    assert!(
        checked >= 3,
        "{}: integrity on the loaders and the stylesheets, found {checked}",
        dir.display()
    );
    let fetch = Regex::new(r#"module_or_path: fetch\("/([^"]+_bg\.wasm)", \{"integrity":"([^"]+)","mode":"cors","credentials":"same-origin"\}\)"#).unwrap();
    let fetches: Vec<_> = fetch.captures_iter(&html).collect();
    assert_eq!(
        fetches.len(),
        1,
        "{}: the loader script fetches the wasm once, with its integrity",
        dir.display()
    );
    assert_eq!(
        fetches[0][2],
        sri(&dir.join(&fetches[0][1])),
        "{}: the integrity of the wasm's fetch",
        dir.display()
    );
    // The split loader's fetches of the split modules.
    let split_fetch = Regex::new(
        r#"fetch\(new URL\("\./([^"]+\.wasm)", import\.meta\.url\), \{ integrity: "([^"]+)" \}\)"#,
    )
    .unwrap();
    let split_loader = files.get("ban-tin-split.js").expect("the split loader");
    let split_loader = String::from_utf8(read(&dir.join(split_loader))).unwrap();
    let split_fetches: Vec<_> = split_fetch.captures_iter(&split_loader).collect();
    assert!(
        split_fetches
            .iter()
            .any(|c| c[1].starts_with("split_search-")),
        "{}: the split loader fetches the search module with an integrity",
        dir.display()
    );
    for fetch in split_fetches {
        assert_eq!(
            fetch[2],
            sri(&dir.join(&fetch[1])),
            "{}: the integrity of {}",
            dir.display(),
            &fetch[1]
        );
    }

    // Precompressed copies.
    for name in files.values() {
        let original = read(&dir.join(name));
        for (extension, decompress) in [("gz", "gzip -dc"), ("br", "node -e \"process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(process.argv[1])))\"")] {
            let copy = dir.join(format!("{name}.{extension}"));
            if !copy.exists() {
                assert!(
                    !name.ends_with(".wasm") && !name.starts_with("ban-tin"),
                    "{}: no {extension} copy of {name}",
                    dir.display()
                );
                continue;
            }
            let output = Command::new("sh")
                .args(["-c", &format!("{decompress} \"$0\""), &copy.to_string_lossy()])
                .output()
                .expect("run a decompressor");
            assert!(output.status.success(), "decompress {}: {}", copy.display(), String::from_utf8_lossy(&output.stderr));
            assert!(output.stdout == original, "{} is not {name} compressed", copy.display());
            assert!(read(&copy).len() < original.len(), "{} is not smaller than {name}", copy.display());
        }
    }
}

// ----- The hook, run twice on the same input ----------------------------------------------------

/// The post-build hook's shell command, as Trunk.toml has it.
fn hook_command() -> String {
    let toml =
        std::fs::read_to_string(e2e::workspace_root().join("Trunk.toml")).expect("read Trunk.toml");
    let hook =
        Regex::new(r#"(?m)^command = "sh"\s*\ncommand_arguments = \["-c", "([^"]+)"\]"#).unwrap();
    let commands: Vec<String> = hook
        .captures_iter(&toml)
        .map(|c| c[1].to_string())
        .collect();
    assert_eq!(
        commands.len(),
        1,
        "one sh -c post-build hook in Trunk.toml: {commands:?}"
    );
    commands[0].clone()
}

/// What the last `trunk build --release` handed its hook (tools/split-wasm.mjs saves it).
fn hook_input() -> PathBuf {
    // The build of this process, if it makes one, comes first.
    e2e::dist();
    let input = e2e::target_dir().join("hook-input");
    assert!(
        input.join("staging/index.html").is_file(),
        "{} has no saved hook input: run `trunk build --release` first",
        input.display()
    );
    input
}

/// Runs the hook on a fresh copy of the saved input, with the source
/// index.html changed by `source` and the extra environment `env`; returns
/// the folder it wrote.
fn run_hook(
    temp: &TempDir,
    label: &str,
    source: impl Fn(&str) -> String,
    env: &[(&str, &str)],
) -> PathBuf {
    let input = hook_input();
    let saved: Value = serde_json::from_slice(&read(&input.join("env.json"))).expect("env.json");
    let out = temp.path().join(label);
    std::fs::create_dir_all(&out).unwrap();
    for entry in std::fs::read_dir(input.join("staging")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), out.join(entry.file_name())).unwrap();
    }
    let html = temp.write(
        &format!("{label}.source.html"),
        source(&String::from_utf8(read(&input.join("index.html"))).unwrap()),
    );
    let home = PathBuf::from(std::env::var_os("HOME").expect("HOME"));
    let path = std::env::join_paths(
        [
            home.join(".local/share/ban-tin/node/node_modules/.bin"),
            home.join(".cargo/bin"),
        ]
        .into_iter()
        .chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let bin = saved["bin"].as_str().expect("bin in env.json");
    let mut command = Command::new("sh");
    command
        .args(["-c", &hook_command()])
        .current_dir(e2e::workspace_root())
        .env("PATH", path)
        .env("TRUNK_STAGING_DIR", &out)
        .env(
            "TRUNK_PROFILE",
            saved["TRUNK_PROFILE"].as_str().expect("TRUNK_PROFILE"),
        )
        .env(
            "TRUNK_PUBLIC_URL",
            saved["TRUNK_PUBLIC_URL"]
                .as_str()
                .expect("TRUNK_PUBLIC_URL"),
        )
        .env("TRUNK_HTML_FILE", &html)
        .env("TRUNK_SOURCE_DIR", e2e::workspace_root())
        .env("BANTIN_SPLIT_BINARY", input.join(format!("{bin}.wasm")))
        .env_remove("BANTIN_TERSER_OPTIONS");
    command.envs(env.iter().copied());
    let output = command.output().expect("run the post-build hook");
    assert!(
        output.status.success(),
        "the hook ({label}) failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!(
        "{label}: {}",
        String::from_utf8_lossy(&output.stdout).trim()
    );
    out
}

/// Which logical files got another name, asserting that a name changed
/// exactly where the bytes did.
fn renamed(
    a: &Path,
    a_files: &BTreeMap<String, String>,
    b: &Path,
    b_files: &BTreeMap<String, String>,
) -> Vec<String> {
    assert_eq!(
        a_files.keys().collect::<Vec<_>>(),
        b_files.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let mut changed = Vec::new();
    for (logical, name) in a_files {
        let other = &b_files[logical];
        assert_eq!(
            name == other,
            read(&a.join(name)) == read(&b.join(other)),
            "{logical}: {name} / {other}: the name changes exactly when the bytes do"
        );
        if name != other {
            changed.push(logical.clone());
        }
    }
    changed
}

#[tokio::test]
async fn names_change_with_the_bytes_and_only_with_them() {
    let temp = TempDir::new("asset-names").expect("temp dir");
    let level = r#"data-split-wasm-opt="z""#;
    let (base, other_level, other_terser) = std::thread::scope(|scope| {
        let base = scope.spawn(|| run_hook(&temp, "base", str::to_string, &[]));
        // wasm-opt -Os instead of -Oz: the modules change, and with them
        // the loaders that name them.
        let other_level = scope.spawn(|| {
            run_hook(
                &temp,
                "wasm-opt-s",
                |html| {
                    assert_eq!(html.matches(level).count(), 1, "index.html has {level}");
                    html.replace(level, r#"data-split-wasm-opt="s""#)
                },
                &[],
            )
        });
        // terser without name mangling: only the JS loader changes.
        let other_terser = run_hook(
            &temp,
            "terser-no-mangle",
            str::to_string,
            &[("BANTIN_TERSER_OPTIONS", r#"{"mangle":false}"#)],
        );
        (
            base.join().unwrap(),
            other_level.join().unwrap(),
            other_terser,
        )
    });

    let base_files = hashed_files(&base);
    let level_files = hashed_files(&other_level);
    let terser_files = hashed_files(&other_terser);
    for (dir, files) in [
        (&base, &base_files),
        (&other_level, &level_files),
        (&other_terser, &terser_files),
    ] {
        check_references(dir, files);
    }
    let logical: Vec<&str> = base_files.keys().map(String::as_str).collect();
    for expected in [
        "ban-tin_bg.wasm",
        "ban-tin.js",
        "ban-tin-split.js",
        "split_search.wasm",
        "layers.css",
    ] {
        assert!(logical.contains(&expected), "{expected} in {logical:?}");
    }

    let stylesheets: Vec<String> = base_files
        .keys()
        .filter(|name| name.ends_with(".css"))
        .cloned()
        .collect();
    let changed = renamed(&base, &base_files, &other_level, &level_files);
    for file in [
        "ban-tin_bg.wasm",
        "split_search.wasm",
        "ban-tin-split.js",
        "ban-tin.js",
    ] {
        assert!(
            changed.iter().any(|c| c == file),
            "-Os renames {file} (and what names it): renamed {changed:?}"
        );
    }
    for stylesheet in &stylesheets {
        assert!(
            !changed.contains(stylesheet),
            "-Os leaves {stylesheet} alone: renamed {changed:?}"
        );
    }
    assert_eq!(
        renamed(&base, &base_files, &other_terser, &terser_files),
        ["ban-tin.js"],
        "another minification renames the JS loader and nothing else"
    );
    let html = |dir: &Path| read(&dir.join("index.html"));
    assert_ne!(
        html(&base),
        html(&other_terser),
        "index.html names the new loader"
    );

    // The result boots: the bare shell, with the sample content as its API.
    let server = e2e::TestServer::builder(&base)
        .mount_api_dir(e2e::workspace_root().join("content/api"))
        .start();
    let browser = e2e::Browser::start().await;
    let page = browser.page(server.base_url());
    page.goto("/").await;
    page.wait_for("html[data-app]").await;
    page.wait_for(".app-home .app-featured").await;
    let wasm = format!("/{}", base_files["ban-tin_bg.wasm"]);
    assert_eq!(
        server.hits(&wasm),
        1,
        "the wasm is fetched once (its preload is used)"
    );
    drop(page);
    browser.close().await;
}

#[test]
fn the_published_files_are_named_by_their_bytes() {
    let dir = e2e::dist();
    let files = hashed_files(&dir);
    assert!(
        files.keys().any(|name| name.ends_with(".css")),
        "stylesheets in {files:?}"
    );
}

// ----- The wasm's integrity, in Chromium ---------------------------------------------------------

fn wasm_path(dir: &Path) -> String {
    format!("/{}", hashed_files(dir)["ban-tin_bg.wasm"])
}

/// `WARNING` and `SEVERE` console entries.
fn warnings_and_errors(logs: &[String]) -> Vec<String> {
    logs.iter()
        .filter(|line| line.starts_with("WARNING ") || line.starts_with("SEVERE "))
        .cloned()
        .collect()
}

#[tokio::test]
async fn the_wasm_preload_is_used_and_an_article_console_stays_clean() {
    let t = e2e::start().await;
    let page = &t.page;
    let wasm = wasm_path(t.server.root());
    page.goto(&format!("/bai-viet/{REFERENCE_SLUG}")).await;
    page.wait_for("html[data-app]").await;
    page.wait_for("section.app-related").await;
    page.wait_until(
        "the load event",
        "return document.readyState === 'complete'",
        vec![],
    )
    .await;
    assert_eq!(
        t.server.hits(&wasm),
        1,
        "the preload and the loader's fetch are one request"
    );
    let entries = page
        .exec_with(
            "return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === arguments[0]).length",
            vec![Value::from(wasm.clone())],
        )
        .await;
    assert_eq!(entries, Value::from(1), "one resource entry for {wasm}");
    let preload_integrity = page
        .exec("return Array.from(document.querySelectorAll('link[rel=preload][as=fetch]')).filter(l => l.href.endsWith('_bg.wasm')).map(l => l.getAttribute('integrity'))")
        .await;
    assert_eq!(
        preload_integrity,
        serde_json::json!([null]),
        "the wasm's preload carries no integrity"
    );
    let logs = page.console_logs().await;
    let noisy = warnings_and_errors(&logs);
    assert!(
        noisy.is_empty(),
        "warnings or errors on an article after the app took over:\n{}",
        noisy.join("\n")
    );
    t.close().await;
}

/// Reads the console until what was read satisfies `wanted`; returns it all.
async fn wait_for_console(
    page: &e2e::Page,
    what: &str,
    wanted: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let deadline = std::time::Instant::now() + page.timeout();
    let mut seen: Vec<String> = Vec::new();
    loop {
        seen.extend(page.console_logs().await);
        if wanted(&seen) {
            return seen;
        }
        if std::time::Instant::now() > deadline {
            page.fail(&format!("no console entries for {what} in {seen:#?}"))
                .await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_wasm_with_other_bytes_is_refused_and_the_page_stays() {
    let t = e2e::start().await;
    let page = &t.page;
    let wasm = wasm_path(t.server.root());
    let mut bytes = read(&t.server.root().join(wasm.trim_start_matches('/')));
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    t.server
        .inject(&wasm, Fault::body("application/wasm", bytes));

    page.goto(&format!("/bai-viet/{REFERENCE_SLUG}")).await;
    let title = page.text("h1").await;
    // The browser blocks the wasm, and the loader's script fails with its fetch.
    let logs = wait_for_console(page, "the refused wasm and the loader's failure", |logs| {
        logs.iter().any(|line| {
            line.starts_with("SEVERE ")
                && line.contains(&wasm)
                && line.contains("integrity")
                && line.contains("blocked")
        }) && logs
            .iter()
            .any(|line| line.starts_with("SEVERE ") && line.contains("Uncaught"))
    })
    .await;
    assert!(
        !logs
            .iter()
            .any(|line| line.contains("Uncaught") && !line.contains("Failed to fetch")),
        "the only failure is the fetch: {logs:#?}"
    );
    assert!(
        !page.exists("html[data-app]").await,
        "the app must not start on a wasm that failed its integrity"
    );
    assert_eq!(
        page.text("h1").await,
        title,
        "the pre-rendered article stays"
    );
    assert!(!title.is_empty(), "the pre-rendered article has its title");
    assert_eq!(
        t.server.hits(&wasm),
        1,
        "the refused preload is not fetched again"
    );
    t.close().await;
}
