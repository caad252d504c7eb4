//! Debian's nginx serving a published folder with the repository's
//! `deploy/nginx.conf`, as the test's own process: its own prefix, main
//! configuration, pid, logs and temporary paths under a temporary folder,
//! `daemon off`, a free loopback port; nothing configured or started
//! system-wide. Stopped (its process group killed and reaped) on drop.
//!
//! The main configuration mirrors Debian's `/etc/nginx/nginx.conf` where it
//! matters to the answers (the module includes, `mime.types`,
//! `default_type`, `sendfile`, `gzip on`), and includes a copy of the
//! server file with only its `listen` and `root` lines replaced, as a city
//! would edit them.

use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{workspace_root, TempDir};

/// Debian's nginx binary (`tools/setup.sh` installs the package).
pub const NGINX: &str = "/usr/sbin/nginx";

/// nginx, started for one test.
pub struct Nginx {
    child: Child,
    run: TempDir,
    port: u16,
}

impl Nginx {
    /// nginx with the repository's `deploy/nginx.conf` (or the server file
    /// `BANTIN_NGINX_CONF` names, to try a variant), serving `root`.
    /// Panics with the reason (nginx's own error log) when it cannot start.
    pub fn start(root: &Path) -> Nginx {
        let file = std::env::var_os("BANTIN_NGINX_CONF")
            .filter(|file| !file.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(deploy_conf);
        let server = std::fs::read_to_string(&file)
            .unwrap_or_else(|error| panic!("nginx: reading {}: {error}", file.display()));
        Nginx::start_with(root, &server).unwrap_or_else(|error| panic!("{error}"))
    }

    /// nginx with `server` (the text of a server file meant for the `http`
    /// context, with exactly one `listen` and one `root` line), serving
    /// `root`.
    pub fn start_with(root: &Path, server: &str) -> Result<Nginx, String> {
        if !Path::new(NGINX).is_file() {
            return Err(format!("nginx: {NGINX} is missing: run `tools/setup.sh test` (Debian's nginx package)"));
        }
        let mut last_error = String::new();
        // A port found free can be taken before nginx binds it: try again.
        for _ in 0..3 {
            let port = free_port()?;
            let run = TempDir::new("nginx").map_err(|error| format!("nginx: a temporary folder: {error}"))?;
            let site = server_for(server, port, root)?;
            std::fs::write(run.path().join("site.conf"), site).map_err(|error| format!("nginx: site.conf: {error}"))?;
            std::fs::write(run.path().join("nginx.conf"), main_conf(run.path()))
                .map_err(|error| format!("nginx: nginx.conf: {error}"))?;
            for folder in ["logs", "temp"] {
                std::fs::create_dir_all(run.path().join(folder)).map_err(|error| format!("nginx: {folder}: {error}"))?;
            }
            // Debian's modules-enabled/*.conf load `modules/…` relative to
            // the prefix: give this prefix the same folder.
            std::os::unix::fs::symlink("/usr/share/nginx/modules", run.path().join("modules"))
                .map_err(|error| format!("nginx: modules link: {error}"))?;
            let child = Command::new(NGINX)
                .arg("-p")
                .arg(run.path())
                .arg("-c")
                .arg(run.path().join("nginx.conf"))
                // The error log before the configuration names its own.
                .arg("-e")
                .arg(run.path().join("logs/error.log"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // Its own process group: the master and its workers end together.
                .process_group(0)
                .spawn()
                .map_err(|error| format!("nginx: starting {NGINX}: {error}"))?;
            let mut nginx = Nginx { child, run, port };
            match nginx.wait_until_ready(Duration::from_secs(20)) {
                Ok(()) => return Ok(nginx),
                Err(error) => last_error = error,
            }
            let address_in_use = last_error.contains("Address already in use");
            drop(nginx);
            if !address_in_use {
                break;
            }
        }
        Err(last_error)
    }

    /// Connects until nginx accepts, or fails with its error log when it
    /// exits first or the time is up.
    fn wait_until_ready(&mut self, limit: Duration) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("nginx exited ({status}) before accepting:\n{}", self.error_log()));
            }
            if TcpStream::connect_timeout(&([127, 0, 0, 1], self.port).into(), Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if started.elapsed() > limit {
                return Err(format!("nginx did not accept on port {} within {limit:?}:\n{}", self.port, self.error_log()));
            }
            // Refused: the listening socket is not there yet; poll again.
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:{port}{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// What nginx logged of each request so far (its `combined` format:
    /// `"GET /x HTTP/1.1" 304 0 …`).
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.run.path().join("logs/access.log")).unwrap_or_default()
    }

    /// What nginx wrote to its error log so far.
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.run.path().join("logs/error.log")).unwrap_or_default()
    }

    /// The server file as this nginx runs it (the copy with `listen` and
    /// `root` replaced).
    pub fn site_conf(&self) -> PathBuf {
        self.run.path().join("site.conf")
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let group = self.child.id() as i32;
        // SAFETY: kill(2) on the process group of our own child (it leads
        // it: `process_group(0)`).
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}

/// The repository's nginx configuration.
pub fn deploy_conf() -> PathBuf {
    workspace_root().join("deploy/nginx.conf")
}

/// `server` with its one `listen` line now listening on the loopback `port`
/// and its one `root` line naming `root`; an error unless each is there
/// exactly once (the lines a city edits must stay findable).
pub fn server_for(server: &str, port: u16, root: &Path) -> Result<String, String> {
    let replacements = [
        ("listen", format!("listen 127.0.0.1:{port};")),
        ("root", format!("root {};", root.display())),
    ];
    let mut lines: Vec<String> = server.lines().map(str::to_string).collect();
    for (directive, replacement) in &replacements {
        let matching: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, line)| {
                let words: Vec<&str> = line.split_whitespace().collect();
                words.first() == Some(directive) && line.trim_end().ends_with(';')
            })
            .map(|(index, _)| index)
            .collect();
        let [index] = matching[..] else {
            return Err(format!(
                "nginx: the server file must have exactly one `{directive} …;` line (found {}): it is the line a city edits",
                matching.len()
            ));
        };
        let indent: String = lines[index].chars().take_while(|c| c.is_whitespace()).collect();
        lines[index] = format!("{indent}{replacement}");
    }
    Ok(lines.join("\n") + "\n")
}

/// The main configuration: Debian's `nginx.conf` with every path in `run`.
fn main_conf(run: &Path) -> String {
    let run = run.display();
    // As root, nginx's workers switch to the compiled-in user (`nobody`),
    // which cannot read a test's folders under root's temporary directory:
    // they stay root here, as nothing but loopback clients reach them.
    // Unprivileged, nginx ignores `user` (with a warning), so leave it out.
    // SAFETY: geteuid(2) has no preconditions.
    let user = if unsafe { libc::geteuid() } == 0 { "user root;\n" } else { "" };
    // `master_process on`, as Debian runs it: a master and its worker, so
    // the configuration is read and the workers started as in production;
    // `daemon off` keeps the master our child, leading its process group.
    format!(
        "{user}daemon off;
master_process on;
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/logs/error.log notice;
include /etc/nginx/modules-enabled/*.conf;

events {{
    worker_connections 256;
}}

http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {run}/logs/access.log;
    gzip on;
    client_body_temp_path {run}/temp/body;
    proxy_temp_path {run}/temp/proxy;
    fastcgi_temp_path {run}/temp/fastcgi;
    uwsgi_temp_path {run}/temp/uwsgi;
    scgi_temp_path {run}/temp/scgi;
    include {run}/site.conf;
}}
"
    )
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|error| format!("a free port: {error}"))?;
    listener.local_addr().map(|address| address.port()).map_err(|error| format!("a free port: {error}"))
}
