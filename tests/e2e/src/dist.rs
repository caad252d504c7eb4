//! Locating (and building and publishing, once per process) the release
//! app (`dist/`, Trunk's) and the sample published around it (`site`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

/// The workspace root (the directory holding `Trunk.toml`, `dist/` and `site`).
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

/// The published site to serve (`<workspace>/site`, a link to its current
/// build), building and publishing it first if needed; panics with the
/// reason (e.g. Trunk's output) when it cannot be had.
///
/// * `BANTIN_DIST=<dir>`: serve that directory as is (no build, no publishing).
/// * `BANTIN_E2E_SKIP_BUILD=1`: no Trunk build; the app in `<workspace>/dist`
///   is published (an incremental run: nothing is written when nothing changed).
/// * otherwise: `trunk build --release` in the workspace root (into `dist/`,
///   never into the published folder: Trunk empties its output folder), then
///   the publishing step over the sample content with `--app dist --out site`
///   (as `make build` does), once per process, however many tests ask at the
///   same time.
///
/// The path is the site's link, not the build it leads to: a server that
/// resolves files through it per request (as nginx's `root` does) follows
/// a republish by another process, whose switch deletes older builds.
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

/// Trunk's output folder, the app the sample is published around
/// (`<workspace>/dist`, or Trunk.toml's `[build] dist`).
pub fn app_dist() -> PathBuf {
    let root = workspace_root();
    root.join(trunk_dist_name(&root))
}

/// The published sample: `<workspace>/site`.
pub fn site_dir() -> PathBuf {
    workspace_root().join("site")
}

/// The published sample's image cache (`<workspace>/site.images`, the
/// default beside `site`), which runs of the sample into other folders
/// share so its photographs are processed once.
pub fn image_cache_dir() -> PathBuf {
    workspace_root().join("site.images")
}

fn resolve() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("BANTIN_DIST").filter(|d| !d.is_empty()) {
        let dir = std::path::absolute(PathBuf::from(dir)).map_err(|e| format!("BANTIN_DIST: {e}"))?;
        return check_dist(&dir, "BANTIN_DIST");
    }
    let root = workspace_root();
    let app = app_dist();
    if !std::env::var("BANTIN_E2E_SKIP_BUILD").is_ok_and(|v| v == "1") {
        build(&root)?;
    } else if !app.join("index.html").is_file() {
        return Err(format!(
            "e2e: BANTIN_E2E_SKIP_BUILD=1, but {} has no index.html: build the app with `trunk build --release` first",
            app.display()
        ));
    }
    let site = site_dir();
    publish_sample(&root, &app, &site)?;
    check_dist(&site, "trunk build --release, then publish")
}

fn check_dist(dir: &Path, how: &str) -> Result<PathBuf, String> {
    if dir.join("index.html").is_file() {
        Ok(dir.to_path_buf())
    } else {
        Err(format!(
            "e2e: no usable site ({how}): {} has no index.html. \
             Build it with `make build` in {}, or point BANTIN_DIST at a published site.",
            dir.display(),
            workspace_root().display()
        ))
    }
}

/// Holds `<target>/trunk.lock` while alive: one Trunk build at a time
/// across test processes (the end-to-end and WordPress layers, the bench),
/// since Trunk empties and rewrites `dist/`.
struct TrunkLock(#[allow(dead_code)] std::fs::File);

impl TrunkLock {
    fn take() -> Result<TrunkLock, String> {
        use std::os::fd::AsRawFd;
        let dir = target_dir();
        std::fs::create_dir_all(&dir).map_err(|e| format!("e2e: {}: {e}", dir.display()))?;
        let path = dir.join("trunk.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| format!("e2e: {}: {e}", path.display()))?;
        // SAFETY: flock on a descriptor this function owns.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            eprintln!("e2e: another process is building the app ({}); waiting for it …", path.display());
            // SAFETY: as above; blocks until the other process's build ends.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } != 0 {
                return Err(format!("e2e: {}: {}", path.display(), std::io::Error::last_os_error()));
            }
        }
        Ok(TrunkLock(file))
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
    let _lock = TrunkLock::take()?;
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
    without_package_variables(&mut command);
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

/// The pre-rendered pages of the embedded sample around the app in `app`,
/// into the site `site`, as `make build` writes them.
fn publish_sample(root: &Path, app: &Path, site: &Path) -> Result<(), String> {
    let started = Instant::now();
    let mut options = publish::Options::new(publish::ContentFrom::Folder(root.join("content/api")), site);
    options.app = Some(app.to_path_buf());
    // The test site holds exactly one app: tests that look for "the wasm"
    // or "the CSS" in it find the files its pages load, not a previous
    // build's kept for readers (which a deployed site keeps for a day).
    options.keep_old_assets = std::time::Duration::ZERO;
    let report = publish::publish(&options).map_err(|error| format!("e2e: publishing the sample failed: {error}"))?;
    eprintln!(
        "e2e: published {} pages in {:.1} s ({} written; {} is {})",
        report.pages,
        started.elapsed().as_secs_f64(),
        report.changes.written.len(),
        site.display(),
        report.build.display()
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

/// The test binary runs with cargo's per-package variables set; they
/// describe the e2e crate, not what `command` builds, so they are kept away
/// from the cargo it runs (Trunk's, or `cargo build -p publish`).
fn without_package_variables(command: &mut Command) {
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
}

/// The `publish` binary (the command line a city runs), built once per
/// process with `cargo build --locked -p publish` (nothing to do when it is
/// current): for tests that must run it as a process of its own, e.g. one
/// killed halfway.
pub fn publish_binary() -> Result<PathBuf, String> {
    static BINARY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let mut command = Command::new(cargo);
            command.args(["build", "--locked", "-q", "-p", "publish", "--bin", "publish"]).current_dir(workspace_root());
            without_package_variables(&mut command);
            let output = command.output().map_err(|e| format!("e2e: cargo build -p publish: {e}"))?;
            if !output.status.success() {
                return Err(format!(
                    "e2e: `cargo build -p publish` failed ({}):\n{}",
                    output.status,
                    tail(&String::from_utf8_lossy(&output.stderr), 12_000)
                ));
            }
            let binary = target_dir().join("debug").join("publish");
            if binary.is_file() {
                Ok(binary)
            } else {
                Err(format!("e2e: {} is missing after `cargo build -p publish`", binary.display()))
            }
        })
        .clone()
}
