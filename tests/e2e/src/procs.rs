//! Finding and ending the processes a [`crate::Browser`] started, by pid, via
//! `/proc` (Linux): chromedriver, and every Chromium process that either
//! descends from it or names the browser's unique temporary directory.

use std::collections::HashSet;

/// One row of the process table.
#[derive(Clone, Debug)]
pub struct ProcessInfo {
    pub pid: i32,
    pub ppid: i32,
    /// The command line, arguments joined by spaces.
    pub cmdline: String,
}

/// A snapshot of `/proc` (processes that vanish while reading are skipped).
pub fn process_table() -> Vec<ProcessInfo> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut table = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<i32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            continue;
        };
        let Some(ppid) = after.split_whitespace().nth(1).and_then(|s| s.parse().ok()) else {
            continue;
        };
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline"))
            .map(|raw| {
                String::from_utf8_lossy(&raw)
                    .split('\0')
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        table.push(ProcessInfo { pid, ppid, cmdline });
    }
    table
}

/// Pids of live processes whose command line contains `marker`, plus (when
/// `root` is given) `root` and all its descendants, plus the descendants of
/// any marked process. Never includes this process.
pub fn related_pids(root: Option<i32>, marker: &str) -> Vec<i32> {
    let table = process_table();
    let me = std::process::id() as i32;
    let mut marked: HashSet<i32> = table
        .iter()
        .filter(|p| !marker.is_empty() && p.cmdline.contains(marker) && !is_zombie(p.pid))
        .map(|p| p.pid)
        .collect();
    if let Some(root) = root {
        if table.iter().any(|p| p.pid == root) {
            marked.insert(root);
        }
    }
    loop {
        let before = marked.len();
        for p in &table {
            if marked.contains(&p.ppid) {
                marked.insert(p.pid);
            }
        }
        if marked.len() == before {
            break;
        }
    }
    marked.remove(&me);
    let mut pids: Vec<i32> = marked.into_iter().collect();
    pids.sort_unstable();
    pids
}

/// Pids whose command line contains `marker` and that are still running
/// (zombies excluded).
pub fn pids_with(marker: &str) -> Vec<i32> {
    let me = std::process::id() as i32;
    process_table()
        .into_iter()
        .filter(|p| p.pid != me && p.cmdline.contains(marker) && !is_zombie(p.pid))
        .map(|p| p.pid)
        .collect()
}

fn is_zombie(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let after = &stat[stat.rfind(')')? + 1..];
            after
                .split_whitespace()
                .next()
                .map(|state| state == "Z" || state == "X")
        })
        .unwrap_or(true)
}

/// Sends SIGKILL to each pid (errors such as "already gone" are ignored).
pub fn kill_pids(pids: &[i32]) {
    let me = std::process::id() as i32;
    for &pid in pids {
        if pid > 1 && pid != me {
            // SAFETY: kill(2) with a specific positive pid has no memory effects.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
    }
}
