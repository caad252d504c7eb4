//! A real WordPress for the end-to-end tests, started from nothing and
//! thrown away: Debian's `wordpress` package served by `php -S` on
//! 127.0.0.1 with the router of `tools/wordpress/`, MariaDB on a socket of
//! its own (`--skip-networking`: no port at all), everything under one
//! temporary run folder; nothing under `/etc` is read or changed. Installed
//! and seeded by the PHP scripts of `tools/wordpress/` (no wp-cli).
//!
//! [`WordPress`] stops MariaDB, `php -S` and its workers when dropped, also
//! when a test panics. Without the packages (`tools/setup.sh wordpress`),
//! [`WordPress::start`] fails and says so: the test fails, never skips.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::procs::{kill_pids, related_pids};
use crate::{workspace_root, TempDir};

/// Where Debian puts WordPress.
pub const WORDPRESS_DIR: &str = "/usr/share/wordpress";

/// A running WordPress; see the module docs.
#[derive(Debug)]
pub struct WordPress {
    run: TempDir,
    url: String,
    mariadb: Option<Child>,
    php: Option<Child>,
    /// What `seed.php` printed: categories, post ids, the hostile and the hidden posts.
    pub seed: Value,
}

fn scripts() -> PathBuf {
    workspace_root().join("tools/wordpress")
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and no memory effects.
    unsafe { libc::geteuid() == 0 }
}

/// The packages are there: MariaDB's server and client, PHP with GD and
/// mysqli, WordPress.
pub fn check_packages() -> Result<(), String> {
    let mut missing = Vec::new();
    for program in ["/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db", "/usr/bin/mariadb", "/usr/bin/php"] {
        if !Path::new(program).exists() {
            missing.push(program.to_string());
        }
    }
    if !Path::new(WORDPRESS_DIR).join("wp-settings.php").exists() {
        missing.push(format!("{WORDPRESS_DIR}/wp-settings.php"));
    }
    if missing.is_empty() {
        let modules = Command::new("php").arg("-m").output().map(|out| String::from_utf8_lossy(&out.stdout).to_lowercase()).unwrap_or_default();
        for module in ["gd", "mysqli"] {
            if !modules.lines().any(|line| line.trim() == module) {
                missing.push(format!("the PHP module {module}"));
            }
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "WordPress end-to-end tests need Debian's wordpress, mariadb-server and php8.2-cli; missing: {}. \
             Install them with `tools/setup.sh wordpress` (or `make test-wordpress`).",
            missing.join(", ")
        ))
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("a free port: {e}"))?;
    listener.local_addr().map(|address| address.port()).map_err(|e| format!("a free port: {e}"))
}

fn run_checked(command: &mut Command, what: &str) -> Result<String, String> {
    let output = command.output().map_err(|e| format!("{what}: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{what}: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Whether `pid` is a live process (a zombie is not: it has stopped and
/// only waits for its parent).
pub fn is_running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| stat.rfind(')').map(|end| stat[end + 1..].split_whitespace().next().unwrap_or("").to_string()))
        .is_some_and(|state| state != "Z" && state != "X")
}

impl WordPress {
    /// Installs and seeds a site of `posts` published posts (at least 60;
    /// a featured image on every `image_every`-th, but never on every
    /// fifth) and starts serving it. Takes about 2 s for 64 posts.
    pub fn start(posts: usize, image_every: usize) -> Result<WordPress, String> {
        check_packages()?;
        let run = TempDir::new("wordpress").map_err(|e| format!("run folder: {e}"))?;
        let port = free_port()?;
        let url = format!("http://127.0.0.1:{port}");
        let mut wordpress = WordPress { run, url, mariadb: None, php: None, seed: Value::Null };
        let dir = wordpress.run.path().to_path_buf();
        for folder in ["wp-content/plugins", "wp-content/uploads", "wp-content/mu-plugins"] {
            std::fs::create_dir_all(dir.join(folder)).map_err(|e| format!("{folder}: {e}"))?;
        }
        std::os::unix::fs::symlink(Path::new(WORDPRESS_DIR).join("wp-content/themes"), dir.join("wp-content/themes"))
            .map_err(|e| format!("themes link: {e}"))?;
        std::fs::copy(scripts().join("offline.php"), dir.join("wp-content/mu-plugins/offline.php")).map_err(|e| format!("offline.php: {e}"))?;

        // MariaDB: its own data folder and socket, no network.
        let mut install_db = Command::new("mariadb-install-db");
        install_db.arg(format!("--datadir={}", dir.join("db").display())).args([
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            "--skip-name-resolve",
        ]);
        if is_root() {
            install_db.arg("--user=root");
        }
        run_checked(&mut install_db, "mariadb-install-db")?;
        let socket = dir.join("mysqld.sock");
        let mut mariadbd = Command::new("/usr/sbin/mariadbd");
        mariadbd
            .arg("--no-defaults")
            .arg(format!("--datadir={}", dir.join("db").display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--pid-file={}", dir.join("mysqld.pid").display()))
            .arg(format!("--log-error={}", dir.join("mysqld.err").display()))
            .args(["--skip-networking", "--skip-log-bin", "--innodb-buffer-pool-size=64M"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if is_root() {
            mariadbd.arg("--user=root");
        }
        wordpress.mariadb = Some(mariadbd.spawn().map_err(|e| format!("mariadbd: {e}"))?);
        let client = |sql: &str| {
            Command::new("mariadb")
                .arg("--no-defaults")
                .arg(format!("--socket={}", socket.display()))
                .args(["-uroot", "-e", sql])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        };
        let started = Instant::now();
        while !client("select 1") {
            if started.elapsed() > Duration::from_secs(30) {
                let log = std::fs::read_to_string(dir.join("mysqld.err")).unwrap_or_default();
                return Err(format!("MariaDB did not answer on {} within 30 s:\n{log}", socket.display()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if !client("create database wordpress character set utf8mb4") {
            return Err("could not create the database".into());
        }

        wordpress.php_script("install.php", &[])?;
        let vectors = workspace_root().join("tests/fixtures/xss-vectors.txt");
        let seed = wordpress.php_script("seed.php", &[&posts.to_string(), &vectors.display().to_string(), &image_every.to_string()])?;
        wordpress.seed = serde_json::from_str(seed.trim()).map_err(|e| format!("seed.php printed no JSON ({e}): {seed}"))?;

        // php -S with workers, on loopback only.
        let log = std::fs::File::create(dir.join("php.log")).map_err(|e| format!("php.log: {e}"))?;
        let log_err = log.try_clone().map_err(|e| format!("php.log: {e}"))?;
        let php = Command::new("php")
            .args(["-S", &format!("127.0.0.1:{port}"), "-t", WORDPRESS_DIR])
            .arg(scripts().join("router.php"))
            .env("PHP_CLI_SERVER_WORKERS", "4")
            .env("BANTIN_WP_RUN", &dir)
            .env("BANTIN_WP_URL", &wordpress.url)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("php -S: {e}"))?;
        wordpress.php = Some(php);
        let started = Instant::now();
        loop {
            let answer = crate::http_get(&format!("{}/wp-json/", wordpress.url), Duration::from_secs(5));
            if answer.as_ref().is_ok_and(|answer| answer.status == 200) {
                break;
            }
            if started.elapsed() > Duration::from_secs(30) {
                let log = std::fs::read_to_string(dir.join("php.log")).unwrap_or_default();
                return Err(format!("WordPress did not answer on {} within 30 s ({answer:?}):\n{log}", wordpress.url));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(wordpress)
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn run_dir(&self) -> &Path {
        self.run.path()
    }

    /// Runs `tools/wordpress/{script}` with PHP's CLI against this site; its output.
    pub fn php_script(&self, script: &str, args: &[&str]) -> Result<String, String> {
        run_checked(
            Command::new("php")
                .arg(scripts().join(script))
                .args(args)
                .env("BANTIN_WP_RUN", self.run.path())
                .env("BANTIN_WP_URL", &self.url)
                .stdin(Stdio::null()),
            &format!("php {script} {}", args.join(" ")),
        )
    }

    /// `change.php`: `edit ID TITLE`, `delete ID`, `publish ID`; the post afterwards.
    pub fn change(&self, args: &[&str]) -> Result<Value, String> {
        let out = self.php_script("change.php", args)?;
        serde_json::from_str(out.trim()).map_err(|e| format!("change.php printed no JSON ({e}): {out}"))
    }

    /// The pids of every process this site started (php -S, its workers, MariaDB).
    pub fn pids(&self) -> Vec<i32> {
        let mut pids = Vec::new();
        for child in [&self.php, &self.mariadb].into_iter().flatten() {
            pids.extend(related_pids(Some(child.id() as i32), ""));
        }
        pids
    }

    /// The addresses its processes listen on (TCP, v4 and v6), as
    /// `address:port` in hexadecimal as `/proc/net/tcp` writes them, with
    /// `127.0.0.1` decoded; from `/proc` (Linux).
    pub fn listening(&self) -> Vec<String> {
        let mut inodes = std::collections::BTreeSet::new();
        for pid in self.pids() {
            for fd in std::fs::read_dir(format!("/proc/{pid}/fd")).into_iter().flatten().flatten() {
                if let Some(inode) = std::fs::read_link(fd.path())
                    .ok()
                    .and_then(|link| link.to_string_lossy().strip_prefix("socket:[").and_then(|rest| rest.strip_suffix(']')).map(str::to_string))
                {
                    inodes.insert(inode);
                }
            }
        }
        let mut addresses = Vec::new();
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            for line in std::fs::read_to_string(table).unwrap_or_default().lines().skip(1) {
                let fields: Vec<&str> = line.split_whitespace().collect();
                // local_address is field 1, st field 3 (0A = LISTEN), inode field 9.
                if fields.len() > 9 && fields[3] == "0A" && inodes.contains(fields[9]) {
                    let local = fields[1];
                    addresses.push(match local.split_once(':') {
                        Some(("0100007F", port)) => format!("127.0.0.1:{}", u16::from_str_radix(port, 16).unwrap_or(0)),
                        _ => local.to_string(),
                    });
                }
            }
        }
        addresses
    }

    /// Stops everything and checks that nothing is left running.
    pub fn stop(mut self) -> Result<(), String> {
        let pids = self.pids();
        self.shut_down();
        let started = Instant::now();
        loop {
            let alive: Vec<i32> = pids.iter().copied().filter(|pid| is_running(*pid as u32)).collect();
            if alive.is_empty() {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(5) {
                return Err(format!("still running after stop: {alive:?}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn shut_down(&mut self) {
        if let Some(mut php) = self.php.take() {
            // The workers first (they are php -S's children and keep the port), then php -S.
            let mut pids = related_pids(Some(php.id() as i32), "");
            pids.retain(|pid| *pid != php.id() as i32);
            kill_pids(&pids);
            let _ = php.kill();
            let _ = php.wait();
        }
        if let Some(mut mariadb) = self.mariadb.take() {
            // SAFETY: kill(2) with the pid of our own child.
            unsafe {
                libc::kill(mariadb.id() as i32, libc::SIGTERM);
            }
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(10) {
                if let Ok(Some(_)) = mariadb.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = mariadb.kill();
            let _ = mariadb.wait();
        }
    }
}

impl Drop for WordPress {
    fn drop(&mut self) {
        self.shut_down();
    }
}
