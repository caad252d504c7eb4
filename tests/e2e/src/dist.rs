//! Locating (and building, once per process) the release `dist/` of the app.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

/// The workspace root (the directory holding `Trunk.toml` and `dist/`).
pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..");
    root.canonicalize().unwrap_or(root)
}

/// The cargo target directory: `$CARGO_TARGET_DIR` or `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                workspace_root().join(dir)
            }
        }
        _ => workspace_root().join("target"),
    }
}

/// The directory to serve, building it first if needed; panics with the reason
/// (e.g. Trunk's output) when it cannot be had.
///
/// * `BANTIN_DIST=<dir>`: serve that directory as is (no build).
/// * `BANTIN_E2E_SKIP_BUILD=1`: reuse `<workspace>/dist` (no build).
/// * otherwise: `trunk build --release` in the workspace root, then the
///   publishing step over the sample content (as `make build` does), once per
///   process, however many tests ask at the same time.
pub fn dist() -> PathBuf {
    match try_dist() {
        Ok(path) => path,
        Err(message) => panic!("{message}"),
    }
}

/// [`dist()`] without the panic. The outcome (success or failure) is cached, so
/// a failing build is not retried by every test of the process.
pub fn try_dist() -> Result<PathBuf, String> {
    static DIST: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    DIST.get_or_init(resolve).clone()
}

fn resolve() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("BANTIN_DIST").filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        return check_dist(&dir, "BANTIN_DIST");
    }
    let root = workspace_root();
    let dir = root.join(trunk_dist_name(&root));
    if std::env::var("BANTIN_E2E_SKIP_BUILD").is_ok_and(|v| v == "1") {
        return check_dist(&dir, "BANTIN_E2E_SKIP_BUILD=1");
    }
    build(&root)?;
    publish_sample(&root, &dir)?;
    check_dist(&dir, "trunk build --release")
}

fn check_dist(dir: &Path, how: &str) -> Result<PathBuf, String> {
    if dir.join("index.html").is_file() {
        Ok(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()))
    } else {
        Err(format!(
            "e2e: no usable dist directory ({how}): {} has no index.html. \
             Build it with `trunk build --release` in {}, or point BANTIN_DIST at a built dist.",
            dir.display(),
            workspace_root().display()
        ))
    }
}

/// `[build] dist = "..."` from Trunk.toml, else `dist`.
fn trunk_dist_name(root: &Path) -> String {
    let Ok(toml) = std::fs::read_to_string(root.join("Trunk.toml")) else {
        return "dist".into();
    };
    let mut in_build = false;
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_build = line == "[build]";
        } else if in_build {
            if let Some(value) = line.strip_prefix("dist").map(str::trim_start) {
                if let Some(value) = value.strip_prefix('=') {
                    let value = value
                        .split('#')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .trim_matches('"');
                    if !value.is_empty() {
                        return value.to_string();
                    }
                }
            }
        }
    }
    "dist".into()
}

fn build(root: &Path) -> Result<(), String> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    // Trunk only accepts tools whose versions match Trunk.toml; the npm wasm-opt
    // must come before any system one, and trunk itself lives in ~/.cargo/bin.
    let mut path_entries: Vec<PathBuf> = Vec::new();
    if let Some(home) = &home {
        path_entries.push(home.join(".local/share/ban-tin/node/node_modules/.bin"));
        path_entries.push(home.join(".cargo/bin"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        path_entries.extend(std::env::split_paths(&path));
    }
    let path = std::env::join_paths(path_entries).map_err(|e| format!("PATH: {e}"))?;
    let trunk = std::env::var_os("TRUNK").unwrap_or_else(|| "trunk".into());

    let mut command = Command::new(&trunk);
    command
        .args(["build", "--release"])
        .current_dir(root)
        .env("PATH", path);
    // The test binary runs with cargo's per-package variables set; they describe
    // the e2e crate, not the app, so keep them away from Trunk's cargo.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_")
            || key.starts_with("CARGO_CRATE_")
            || key.starts_with("CARGO_BIN_")
            || key == "CARGO_PRIMARY_PACKAGE"
            || key == "CARGO_TARGET_TMPDIR"
        {
            command.env_remove(key.as_ref());
        }
    }
    eprintln!(
        "e2e: running `trunk build --release` in {} …",
        root.display()
    );
    let started = Instant::now();
    let output = command.output().map_err(|e| {
        format!(
            "e2e: could not run {:?}: {e}. Is trunk installed (~/.cargo/bin)? \
             Set BANTIN_E2E_SKIP_BUILD=1 to reuse an existing dist/.",
            trunk
        )
    })?;
    if output.status.success() {
        eprintln!(
            "e2e: trunk build finished in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        Ok(())
    } else {
        Err(format!(
            "e2e: `trunk build --release` failed ({}) in {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            output.status,
            root.display(),
            tail(&String::from_utf8_lossy(&output.stdout), 12_000),
            tail(&String::from_utf8_lossy(&output.stderr), 12_000),
        ))
    }
}

/// The pre-rendered pages of the embedded sample, as `make build` writes them.
fn publish_sample(root: &Path, dist: &Path) -> Result<(), String> {
    let started = Instant::now();
    let options = publish::Options {
        from: publish::ContentFrom::Folder(root.join("content/api")),
        out: dist.to_path_buf(),
        origin: None,
        api_base: None,
        threads: 0,
    };
    let report = publish::publish(&options).map_err(|error| format!("e2e: publishing the sample failed: {error}"))?;
    eprintln!(
        "e2e: published {} pages in {:.1} s",
        report.pages,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn tail(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut start = text.len() - max;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}
