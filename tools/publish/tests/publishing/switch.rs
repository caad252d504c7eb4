//! The atomic switch: the live site is a link to a complete build, the
//! previous build stays for a rollback, the previous app's hashed assets
//! stay for their time, and a run that fails anywhere (a file where a
//! folder must go, a folder it may not write, the process killed between
//! steps) leaves the live site byte-identical, which the next run then
//! publishes over as if nothing had happened.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use publish::switch::STEPS;
use publish::{publish, ContentFrom, Report};

use crate::support::{
    expected_site, file_names, item_slugs, options, output_with_shell, read_json, sample_copy, set_article_field, snapshot, Snapshot, TempDir,
    ORIGIN, SHELL,
};

/// A site `{parent}/site` (its builds beside it in `{parent}/site.builds`).
struct Site {
    parent: TempDir,
    content: TempDir,
    app: TempDir,
}

impl Site {
    fn new(label: &str) -> Site {
        Site { parent: TempDir::new(label), content: sample_copy(&format!("{label}-content")), app: output_with_shell(&format!("{label}-app")) }
    }

    fn out(&self) -> PathBuf {
        self.parent.join("site")
    }

    fn builds(&self) -> PathBuf {
        self.parent.join("site.builds")
    }

    /// A run in this process, with `--app` when `with_app`.
    fn publish(&self, with_app: bool) -> Result<Report, publish::PublishError> {
        let mut options = options(ContentFrom::Folder(self.content.path().into()), &self.out(), Some(ORIGIN));
        if with_app {
            options.app = Some(self.app.path().to_path_buf());
        }
        publish(&options)
    }

    /// The `publish` binary on this site, with `env` set.
    fn run_binary(&self, env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_publish"));
        command
            .arg("--from")
            .arg(self.content.path())
            .arg("--out")
            .arg(self.out())
            .args(["--origin", ORIGIN, "--threads", "2"])
            .arg("--image-cache")
            .arg(crate::support::image_cache())
            // A core dump of an aborted run lands here, not in the repository.
            .current_dir(self.parent.path());
        for (key, value) in env {
            command.env(key, value);
        }
        command.output().expect("runs publish")
    }

    /// Where the site's link leads.
    fn live_build(&self) -> PathBuf {
        std::fs::read_link(self.out()).expect("the site is a link")
    }

    /// The builds folder's entries (not its lock).
    fn builds_entries(&self) -> BTreeSet<String> {
        std::fs::read_dir(self.builds())
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name != ".lock")
            .collect()
    }

    /// Retitles the first article of the first list.
    fn change(&self, title: &str) -> String {
        let slug = item_slugs(&read_json(self.content.path(), "categories/kinh-te/page-1.json"))[0].clone();
        set_article_field(self.content.path(), &slug, "title", &title.into());
        slug
    }
}

/// The build folder names of `entries` (manifests and the spare folder,
/// which is no build, aside).
fn build_folders(entries: &BTreeSet<String>) -> BTreeSet<String> {
    entries.iter().filter(|name| !name.ends_with(".json") && *name != ".spare").cloned().collect()
}

fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

/// The live site as a reader gets it (every file's bytes and time through
/// PATH) and where its link leads.
fn live_state(site: &Site) -> (Snapshot, Option<PathBuf>) {
    (snapshot(&site.out()), std::fs::read_link(site.out()).ok())
}

#[test]
fn each_run_builds_beside_the_live_site_and_keeps_only_the_previous_build() {
    let site = Site::new("switch-runs");
    site.publish(true).expect("the first run");
    let first = site.live_build();
    assert!(first.starts_with("site.builds") && first.is_relative(), "{}", first.display());
    assert_eq!(file_names(&snapshot(&site.out())), expected_site(site.content.path(), &site.out()));
    let first_dir = site.parent.path().join(&first);
    let manifest = read_json(&site.builds(), &format!("{}.json", first.file_name().unwrap().to_string_lossy()));
    assert_eq!(manifest["app"], serde_json::json!(["app-0123456789abcdef.css", "ban-tin-0123456789abcdef.js"]));

    // Nothing changed: the live build stays, no new build.
    let report = site.publish(false).unwrap();
    assert!(!report.switched && report.changes.written.is_empty());
    assert_eq!(site.live_build(), first);
    assert_eq!(build_folders(&site.builds_entries()).len(), 1);

    // A change: a new build, unchanged files linked (the same inode),
    // changed ones new files; the first build stays as it was.
    let before_first = snapshot(&first_dir);
    let slug = site.change("Tiêu đề thứ hai");
    let report = site.publish(false).unwrap();
    assert!(report.switched);
    let second = site.live_build();
    assert_ne!(second, first);
    let second_dir = site.parent.path().join(&second);
    assert_eq!(inode(&first_dir.join("robots.txt")), inode(&second_dir.join("robots.txt")));
    assert_eq!(inode(&first_dir.join("app-0123456789abcdef.css")), inode(&second_dir.join("app-0123456789abcdef.css")));
    let page = format!("bai-viet/{slug}/index.html");
    assert_ne!(inode(&first_dir.join(&page)), inode(&second_dir.join(&page)));
    assert_eq!(snapshot(&first_dir), before_first, "the previous build is untouched");
    assert!(std::fs::read_to_string(site.out().join(&page)).unwrap().contains("Tiêu đề thứ hai"));

    // A third: the first build goes, the second stays as the previous one.
    site.change("Tiêu đề thứ ba");
    let report = site.publish(false).unwrap();
    assert_eq!(report.builds_deleted, 1);
    let third = site.live_build();
    let names = |paths: &[&PathBuf]| paths.iter().map(|path| path.file_name().unwrap().to_string_lossy().into_owned()).collect::<BTreeSet<_>>();
    assert_eq!(build_folders(&site.builds_entries()), names(&[&second, &third]));
    assert!(site.builds_entries().contains(&format!("{}.json", second.file_name().unwrap().to_string_lossy())));

    // Rollback as the README says: the link back to the previous build.
    let status = Command::new("ln").arg("-sfn").arg(&second).arg(site.out()).status().unwrap();
    assert!(status.success());
    assert!(std::fs::read_to_string(site.out().join(&page)).unwrap().contains("Tiêu đề thứ hai"));
    // The next run publishes over it, keeping it as the previous build.
    let report = site.publish(false).unwrap();
    assert!(report.switched);
    assert!(std::fs::read_to_string(site.out().join(&page)).unwrap().contains("Tiêu đề thứ ba"));
    let fourth = site.live_build();
    assert_eq!(build_folders(&site.builds_entries()), names(&[&second, &fourth]));
}

#[test]
fn a_real_directory_is_swapped_for_the_link_in_one_step() {
    // Trunk's output, published in place as before builds.
    let content = sample_copy("switch-directory-content");
    let out = output_with_shell("switch-directory");
    let before = snapshot(out.path());
    publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).unwrap();
    let link = std::fs::read_link(out.path()).expect("a link now");
    // The directory is the previous build, as it was.
    let builds = PathBuf::from(format!("{}.builds", out.path().display()));
    let old: Vec<PathBuf> = std::fs::read_dir(&builds)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.file_name().unwrap().to_string_lossy().ends_with("-before"))
        .collect();
    assert_eq!(old.len(), 1, "{old:?}");
    assert_eq!(snapshot(&old[0]), before);
    assert_eq!(link.file_name().map(|name| format!("{}-before", name.to_string_lossy())), old[0].file_name().map(|name| name.to_string_lossy().into_owned()));
    // The next run that switches deletes it.
    set_article_field(content.path(), &item_slugs(&read_json(content.path(), "categories/kinh-te/page-1.json"))[0], "title", &"Mới".into());
    publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).unwrap();
    assert!(!old[0].exists());
}

/// An app whose hashed assets are others: a new release of the app.
fn next_app(label: &str) -> TempDir {
    let app = TempDir::new(label);
    let shell = SHELL.replace("0123456789abcdef", "fedcba9876543210");
    std::fs::write(app.join("index.html"), shell).unwrap();
    std::fs::write(app.join("app-fedcba9876543210.css"), "body{margin:1px}").unwrap();
    std::fs::write(app.join("ban-tin-fedcba9876543210.js"), "export default function init(){ /* 2 */ }").unwrap();
    app
}

#[test]
fn the_previous_apps_hashed_assets_stay_for_their_time() {
    let site = Site::new("switch-assets");
    std::fs::write(site.app.join("notes.txt"), "not hashed").unwrap();
    site.publish(true).unwrap();
    let old_css = std::fs::read(site.out().join("app-0123456789abcdef.css")).unwrap();

    let next = next_app("switch-assets-next");
    let mut options = options(ContentFrom::Folder(site.content.path().into()), &site.out(), Some(ORIGIN));
    options.app = Some(next.path().to_path_buf());
    let report = publish(&options).unwrap();
    assert_eq!(report.kept_assets, 2);
    // A reader of the old pages still gets the old assets, byte for byte;
    // the new pages name the new ones; what is not hashed is not kept.
    assert_eq!(std::fs::read(site.out().join("app-0123456789abcdef.css")).unwrap(), old_css);
    assert!(site.out().join("ban-tin-0123456789abcdef.js").is_file());
    assert!(site.out().join("ban-tin-fedcba9876543210.js").is_file());
    assert!(!site.out().join("notes.txt").exists());
    assert!(std::fs::read_to_string(site.out().join("index.html")).unwrap().contains("ban-tin-fedcba9876543210.js"));
    let id = site.live_build().file_name().unwrap().to_string_lossy().into_owned();
    let manifest_path = site.builds().join(format!("{id}.json"));
    let mut manifest = read_json(&site.builds(), &format!("{id}.json"));
    let kept: BTreeSet<String> = manifest["retained"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(kept, ["app-0123456789abcdef.css", "ban-tin-0123456789abcdef.js"].map(str::to_string).into());

    // A run within the day keeps them, with the time they left the app.
    let left = manifest["retained"]["app-0123456789abcdef.css"].as_u64().unwrap();
    let report = publish(&options).unwrap();
    assert!(!report.switched, "nothing changed");
    assert!(site.out().join("app-0123456789abcdef.css").is_file());

    // Two days later (the manifest says so), the next run drops them.
    for file in &kept {
        manifest["retained"][file] = (left - 2 * 86_400).into();
    }
    std::fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    let report = publish(&options).unwrap();
    assert!(report.switched && report.kept_assets == 0, "{report:?}");
    assert!(!site.out().join("app-0123456789abcdef.css").exists());
    assert!(site.out().join("app-fedcba9876543210.css").is_file());
}

/// Restores a file attribute set with `chattr` however the test ends.
struct Immutable(PathBuf);

impl Immutable {
    fn set(path: &Path) -> Immutable {
        let status = Command::new("chattr").arg("+i").arg(path).status().expect("chattr");
        assert!(status.success(), "chattr +i {}", path.display());
        Immutable(path.to_path_buf())
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

/// Checks a failed run left the live site as it was, and no build of its own.
fn assert_live_untouched(site: &Site, before: &(Snapshot, Option<PathBuf>), builds_before: &BTreeSet<String>, what: &str) {
    let after = live_state(site);
    assert!(after.1 == before.1, "{what}: the link moved");
    assert!(after.0 == before.0, "{what}: the live site changed");
    assert_eq!(&site.builds_entries(), builds_before, "{what}: a build was left behind");
}

#[test]
fn a_file_where_a_folder_must_go_stops_the_run_and_the_live_site_stays() {
    // A file named like the builds folder, beside a site published in place.
    let content = sample_copy("switch-file-content");
    let out = output_with_shell("switch-file");
    std::fs::write(format!("{}.builds", out.path().display()), "not a folder").unwrap();
    let before = snapshot(out.path());
    let error = publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).expect_err("no builds folder");
    assert!(error.to_string().contains(".builds"), "{error}");
    assert_eq!(snapshot(out.path()), before);
    assert!(std::fs::symlink_metadata(out.path()).unwrap().is_dir(), "still the real directory");
    std::fs::remove_file(format!("{}.builds", out.path().display())).unwrap();

    // A file of the app named like a folder the pages go into: found
    // halfway through the build, which then goes.
    let site = Site::new("switch-app-file");
    site.publish(true).unwrap();
    let before = live_state(&site);
    let builds_before = site.builds_entries();
    std::fs::write(site.app.join("bai-viet"), "a file of the app").unwrap();
    site.change("Không được lên");
    let error = site.publish(true).expect_err("a file where the articles' folder goes");
    assert!(error.to_string().contains("bai-viet"), "{error}");
    assert_live_untouched(&site, &before, &builds_before, "an app file named bai-viet");
}

#[test]
fn a_folder_the_run_may_not_write_stops_it_and_the_live_site_stays() {
    let site = Site::new("switch-readonly");
    site.publish(true).unwrap();
    let before = live_state(&site);
    let builds_before = site.builds_entries();
    site.change("Không được lên");

    // The builds folder: no new build can be made.
    {
        let _immutable = Immutable::set(&site.builds());
        let error = site.publish(false).expect_err("the builds folder is read-only");
        assert!(error.to_string().contains("site.builds"), "{error}");
        assert_live_untouched(&site, &before, &builds_before, "read-only builds folder");
    }
    // The site's own folder: the build is made, the switch is refused.
    {
        let _immutable = Immutable::set(site.parent.path());
        let error = site.publish(false).expect_err("the link cannot be replaced");
        assert!(error.to_string().contains("making the new build live"), "{error}");
        assert_live_untouched(&site, &before, &builds_before, "read-only parent");
    }
    // Writable again: the run goes through.
    assert!(site.publish(false).unwrap().switched);
}

#[test]
fn a_run_killed_at_any_step_leaves_a_complete_site_and_the_next_run_recovers() {
    for step in STEPS {
        let site = Site::new(&format!("switch-kill-{step}"));
        site.publish(true).unwrap();
        let before = live_state(&site);
        let slug = site.change("Bài viết sau khi chạy lại");
        let output = site.run_binary(&[("BANTIN_PUBLISH_ABORT_AT", step)]);
        assert_eq!(output.status.code(), None, "{step}: killed by SIGABRT: {}", String::from_utf8_lossy(&output.stderr));
        let page = site.out().join(format!("bai-viet/{slug}/index.html"));
        if step == "switched" {
            // Switched: the new site, complete.
            assert_ne!(site.live_build(), before.1.clone().unwrap(), "{step}");
            assert!(std::fs::read_to_string(&page).unwrap().contains("Bài viết sau khi chạy lại"), "{step}");
        } else {
            assert!(live_state(&site) == before, "{step}: the live site changed");
        }
        assert_eq!(file_names(&snapshot(&site.out())), expected_site(site.content.path(), &site.out()), "{step}: the live site is complete");

        // The next run: the new site, and nothing left of the killed one.
        let output = site.run_binary(&[]);
        assert!(output.status.success(), "{step}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(std::fs::read_to_string(&page).unwrap().contains("Bài viết sau khi chạy lại"), "{step}");
        assert_eq!(file_names(&snapshot(&site.out())), expected_site(site.content.path(), &site.out()), "{step}");
        let entries = site.builds_entries();
        assert_eq!(build_folders(&entries).len(), 2, "{step}: the live build and the previous one: {entries:?}");
        assert!(entries.iter().all(|name| (!name.starts_with('.') || name == ".spare") && !name.ends_with(".part")), "{step}: {entries:?}");
        let live = site.live_build().file_name().unwrap().to_string_lossy().into_owned();
        assert!(entries.contains(&live) && entries.contains(&format!("{live}.json")), "{step}: {entries:?}");
    }
}

#[test]
fn a_second_run_into_the_same_site_waits_for_the_first() {
    use std::io::{BufRead, BufReader};
    use std::os::fd::AsRawFd;

    let site = Site::new("switch-lock");
    site.publish(true).unwrap();
    let before = live_state(&site);
    site.change("Sau khi chờ");
    // This test holds the lock, as a run that is still publishing would.
    let lock = std::fs::OpenOptions::new().read(true).write(true).open(site.builds().join(".lock")).unwrap();
    // SAFETY: flock on a descriptor the test owns.
    assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) }, 0);
    let mut child = Command::new(env!("CARGO_BIN_EXE_publish"))
        .arg("--from")
        .arg(site.content.path())
        .arg("--out")
        .arg(site.out())
        .args(["--origin", ORIGIN])
        .arg("--image-cache")
        .arg(crate::support::image_cache())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.contains("another run is publishing") && line.contains("waiting"), "{line}");
    // It waits: nothing moved.
    assert!(live_state(&site) == before);
    assert!(child.try_wait().unwrap().is_none());
    drop(lock);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_ne!(live_state(&site).1, before.1);
}

/// The bytes of every file of a snapshot (times aside).
fn contents(snapshot: &Snapshot) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot.iter().map(|(name, (bytes, _))| (name.clone(), bytes.clone())).collect()
}

#[test]
fn a_run_in_the_spare_folder_publishes_exactly_the_new_site() {
    let site = Site::new("switch-spare");
    site.publish(true).expect("the first run");
    let first = site.parent.path().join(site.live_build());
    let first_robots = inode(&first.join("robots.txt"));
    site.change("Tiêu đề lần hai");
    site.publish(false).unwrap();
    site.change("Tiêu đề lần ba");
    let third = site.publish(false).unwrap();
    assert_eq!(third.builds_deleted, 1, "the first build is no build any more");
    // The first build is now the spare folder: what an older site left in
    // it (a page, a file where the new site has a folder) must go.
    let spare = site.builds().join(".spare");
    assert_eq!(inode(&spare.join("robots.txt")), first_robots, "the spare folder is the first build");
    std::fs::create_dir_all(spare.join("bai-viet/bai-da-go")).unwrap();
    std::fs::write(spare.join("bai-viet/bai-da-go/index.html"), "<p>gỡ</p>").unwrap();
    std::fs::remove_dir_all(spare.join("trang")).unwrap();
    std::fs::write(spare.join("trang"), "a file where the static pages' folder must be").unwrap();
    let previous = snapshot(&site.parent.path().join(site.live_build()));

    let slug = site.change("Tiêu đề lần bốn");
    let fourth = site.publish(false).unwrap();
    assert!(fourth.switched);
    let live = site.parent.path().join(site.live_build());
    assert_eq!(inode(&live.join("robots.txt")), first_robots, "built in the spare folder, in place");
    let written: BTreeSet<&str> = fourth.changes.written.iter().map(String::as_str).collect();
    assert!(written.contains(format!("bai-viet/{slug}/index.html").as_str()) && written.contains(format!("api/articles/{slug}.json").as_str()), "{written:?}");
    assert!(!written.contains("robots.txt"), "{written:?}");
    // Exactly the new site, byte for byte as a run into a new folder writes it.
    let fresh = TempDir::new("switch-spare-fresh");
    let mut options = options(ContentFrom::Folder(site.content.path().into()), &fresh.join("site"), Some(ORIGIN));
    options.app = Some(site.app.path().to_path_buf());
    publish(&options).unwrap();
    let here = snapshot(&site.out());
    assert_eq!(file_names(&here), expected_site(site.content.path(), &site.out()));
    assert!(contents(&here) == contents(&snapshot(&fresh.join("site"))), "the spare folder's site differs from a new one");
    // The previous build, which stays for a rollback, is untouched.
    let previous_dir = site.builds().join(
        build_folders(&site.builds_entries())
            .into_iter()
            .find(|name| live.file_name().is_some_and(|live| live.to_string_lossy() != *name))
            .expect("the previous build"),
    );
    assert!(snapshot(&previous_dir) == previous, "the previous build changed");
    let _ = std::fs::remove_dir_all(fresh.join("site.builds"));
}
