//! A catalogue of hostile `gazette deploy` cases: targets that are the site
//! itself or someone else's folder, file names that other tools mangle,
//! links out of the output, a deploy killed mid-write, a closed stdout, a
//! second writer holding the site's lock, and S3 prefixes shared with
//! objects Gazette did not write. Whatever the user points deploy at,
//! nothing is lost.
//!
//! Every case runs the real `gazette` binary on a temporary site (the shared
//! harness in tests/common) and asserts what a user would see: the exit
//! code, the message, and the files on both sides.

use crate::common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::moto::Moto;
use common::{Run, TestSite};
use gazette::deploy::DEPLOY_MANIFEST;
use object_store::ObjectStoreExt;

/// A site of six articles and a stylesheet, built.
fn built_site() -> TestSite {
    let site = TestSite::new("");
    for i in 0..6 {
        site.article(
            &format!("world/story-{i}.md"),
            &format!("Story {i}"),
            &format!("2024-01-0{}T10:00:00Z", i + 1),
            "tags: [ports]",
            "The body.",
        );
    }
    site.write("static/css/extra.css", "p { margin: 0 }\n");
    site.build();
    site
}

fn file_url(dir: &Path) -> String {
    format!("file://{}", dir.display())
}

/// `gazette --root <site> deploy --target <target> <extra...>`.
fn deploy(site: &TestSite, target: &str, extra: &[&str]) -> Run {
    let mut args = vec!["deploy", "--target", target];
    args.extend_from_slice(extra);
    site.run(&args)
}

/// Every file under `dir` (hidden ones too, not following links) with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files_under(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// The site's own files: everything but what build and deploy write
/// (output/ and the `.output.*` files beside it).
fn sources(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let mut t = tree(site.root());
    t.retain(|p, _| !p.starts_with("output/") && !p.starts_with(".output."));
    assert!(t.contains_key("site.yaml") && t.contains_key("content/world/story-0.md"));
    t
}

/// A target's files without the deploy manifest.
fn on_target(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut t = tree(dir);
    t.remove(DEPLOY_MANIFEST);
    t
}

/// Asserts two sets of files are equal, naming the paths that differ
/// (printing the bytes of a whole site would bury them).
#[track_caller]
fn assert_same(got: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>, what: &str) {
    let differ: Vec<&String> = got
        .keys()
        .chain(want.keys())
        .filter(|p| got.get(*p) != want.get(*p))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(differ.is_empty(), "{what}: these files differ: {differ:?}");
}

#[track_caller]
fn assert_exit(run: &Run, code: i32) {
    assert_eq!(
        run.status.code(),
        Some(code),
        "exit code\n--- stdout\n{}\n--- stderr\n{}",
        run.stdout,
        run.stderr
    );
}

/// Fails with exit 1 and says it refused, and why.
#[track_caller]
fn assert_refused(run: Run, why: &str) {
    assert_exit(&run, 1);
    run.stderr_has("refusing to deploy").stderr_has(why);
}

#[test]
fn the_site_root_as_target_is_refused_and_nothing_is_deleted() {
    let site = built_site();
    let before = sources(&site);
    assert_refused(deploy(&site, &file_url(site.root()), &[]), "site root");
    assert_refused(
        deploy(&site, &file_url(site.root()), &["--force"]),
        "site root",
    );
    // Another name for the root: a link to it, or `..` through a folder.
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("link-to-site");
    std::os::unix::fs::symlink(site.root(), &link).unwrap();
    assert_refused(deploy(&site, &file_url(&link), &[]), "site root");
    let dotted = site.root().join("content/../.");
    assert_refused(deploy(&site, &file_url(&dotted), &[]), "site root");
    assert_same(&sources(&site), &before, "the site's files changed");
}

#[test]
fn a_folder_holding_the_site_is_refused() {
    // The site at <holder>/site, the target <holder>.
    let site = TestSite::new_in_subfolder("");
    site.raw(
        "world/a.md",
        "---\ntitle: A\ndate: 2024-01-01T10:00:00Z\n---\n\nBody.\n",
    );
    std::fs::write(site.top().join("notes.txt"), "the holder's own file\n").unwrap();
    let run = |args: &[&str]| site.run(args);
    run(&["build"]).ok();
    // The lock file is build's and deploy's own.
    let holder_files = || {
        let mut t = tree(site.top());
        t.retain(|p, _| !p.starts_with("site/.output."));
        t
    };
    let before = holder_files();
    let target = file_url(site.top());
    assert_refused(run(&["deploy", "--target", &target]), "holds the site");
    assert_refused(
        run(&["deploy", "--target", &target, "--force"]),
        "holds the site",
    );
    assert_same(&holder_files(), &before, "the holder's files changed");
}

#[test]
fn source_folders_and_folders_inside_them_are_refused() {
    let site = built_site();
    let before = sources(&site);
    for (dir, why) in [
        ("content", "content/ folder"),
        ("content/world", "content/ folder"),
        ("content/new-folder", "content/ folder"),
        ("themes", "themes/ folder"),
        ("themes/t/static", "themes/ folder"),
        ("static", "static/ folder"),
        ("templates", "templates/ folder"),
        ("data", "data/ folder"),
    ] {
        for force in [&[][..], &["--force"][..]] {
            assert_refused(deploy(&site, &file_url(&site.path(dir)), force), why);
        }
    }
    assert_same(&sources(&site), &before, "the site's files changed");
    assert!(!site.path("content/new-folder").exists());
}

#[test]
fn the_sites_own_output_and_staging_folders_are_refused() {
    let site = built_site();
    let output = tree(&site.output());
    for dir in ["output", "output/sub", ".output.staging"] {
        assert_refused(
            deploy(&site, &file_url(&site.path(dir)), &["--force"]),
            "folder",
        );
    }
    assert_same(&tree(&site.output()), &output, "output/ changed");
    assert!(gazette::output::built_by_gazette(&site.output()));
    // Build still accepts its own output.
    site.build();
}

#[test]
fn a_foreign_folder_is_refused_and_with_force_its_files_survive() {
    let site = built_site();
    let www = tempfile::tempdir().unwrap();
    let theirs = [
        ("README", "Someone else's folder.\n"),
        ("docs/guide.md", "# Guide\n"),
        ("world/notes.txt", "Notes kept beside the articles.\n"),
    ];
    for (rel, text) in theirs {
        let p = www.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let foreign = tree(www.path());
    let url = file_url(www.path());

    let refused = deploy(&site, &url, &[]);
    assert_refused(refused, "--force");
    assert_same(&tree(www.path()), &foreign, "a refused deploy wrote");
    // A dry run is refused alike.
    assert_refused(deploy(&site, &url, &["--dry-run"]), "--force");

    deploy(&site, &url, &["--force"]).ok();
    let mut want = tree(&site.output());
    want.extend(foreign.clone());
    assert_same(&on_target(www.path()), &want, "the target");

    // Later deploys (no --force needed: the folder now has our manifest)
    // delete what the site dropped, and nothing else, not even a file that
    // appeared in a folder of ours since.
    std::fs::write(www.path().join("world/story-1/extra.txt"), "added by hand").unwrap();
    std::fs::remove_file(site.path("content/world/story-1.md")).unwrap();
    std::fs::remove_file(site.path("content/world/story-2.md")).unwrap();
    site.build();
    let run = deploy(&site, &url, &[]).ok();
    assert!(run.stdout.contains(" deletions"), "{}", run.stdout);
    let mut want = tree(&site.output());
    want.extend(foreign);
    want.insert("world/story-1/extra.txt".into(), b"added by hand".to_vec());
    assert_same(&on_target(www.path()), &want, "the target");
    assert!(
        !www.path().join("world/story-2").exists(),
        "the dropped article's folder should be gone once empty"
    );
}

#[test]
fn hostile_file_names_round_trip_exactly_on_a_folder() {
    let site = built_site();
    let names = [
        "ü.txt",
        "a name with spaces.txt",
        "%41.txt",
        "x#y.txt",
        "dir ü/f#1 %20.txt",
    ];
    for (i, name) in names.iter().enumerate() {
        site.write(&format!("static/{name}"), &format!("file {i}\n"));
    }
    site.build();
    let www = tempfile::tempdir().unwrap();
    let url = file_url(&www.path().join("site"));
    deploy(&site, &url, &[]).ok();
    let got = on_target(&www.path().join("site"));
    for name in names {
        assert!(got.contains_key(name), "{name} is not on the target");
    }
    assert_same(&got, &tree(&site.output()), "the target's names");
    // Nothing is uploaded again.
    let again = deploy(&site, &url, &["--dry-run"]).ok();
    assert!(
        again.stdout.contains(" 0 uploads") && !again.stdout.contains("upload\t"),
        "{}",
        again.stdout
    );
}

#[test]
fn a_link_in_the_output_is_not_followed() {
    let site = built_site();
    let secrets = tempfile::tempdir().unwrap();
    std::fs::write(secrets.path().join("secret.txt"), "TOP SECRET\n").unwrap();
    std::os::unix::fs::symlink(
        secrets.path().join("secret.txt"),
        site.output().join("leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(secrets.path(), site.output().join("leakdir")).unwrap();
    let www = tempfile::tempdir().unwrap();
    let run = deploy(&site, &file_url(www.path()), &[]).ok();
    run.stderr_has("leak.txt").stderr_has("symbolic link");
    let got = tree(www.path());
    assert!(!got.contains_key("leak.txt") && !got.contains_key("leakdir/secret.txt"));
    assert!(
        got.values()
            .all(|b| !String::from_utf8_lossy(b).contains("TOP SECRET")),
        "the linked file was published"
    );
    assert!(got.contains_key("index.html"));
}

#[test]
fn a_deploy_killed_mid_write_leaves_the_old_or_new_file_and_no_temporary_files() {
    let site = built_site();
    // Big files, written one after the other, so that a kill falls
    // mid-write.
    let big = |version: u8| {
        for i in 0..8u8 {
            site.write_bytes(
                &format!("static/big/{i}.bin"),
                &vec![version.wrapping_add(i); 8 << 20],
            );
        }
        // A new name each time, dropped again before the re-run.
        site.write_bytes(
            &format!("static/big/new-{version}.bin"),
            &vec![version; 4 << 20],
        );
        site.build();
    };
    big(b'a');
    let www = tempfile::tempdir().unwrap();
    let target = www.path().join("site");
    let url = file_url(&target);
    deploy(&site, &url, &[]).ok();

    let mut caught = None;
    for (attempt, version) in [b'A', b'0', b'k', b'K', b'5'].into_iter().enumerate() {
        let old = tree(&site.output());
        big(version);
        let new = tree(&site.output());
        let mut child = site
            .process(&["deploy", "--target", &url])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Killed as soon as the target holds a file that is neither the
        // old site's nor the new one's: a temporary file mid-write.
        let start = Instant::now();
        let stray = loop {
            let stray = common::files_under(&target)
                .into_iter()
                .find(|f| f != DEPLOY_MANIFEST && !old.contains_key(f) && !new.contains_key(f));
            if stray.is_some() || child.try_wait().unwrap().is_some() {
                break stray;
            }
            assert!(start.elapsed() < Duration::from_secs(120), "deploy hangs");
            std::thread::sleep(Duration::from_micros(200));
        };
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        std::fs::remove_file(site.path(&format!("static/big/new-{version}.bin"))).unwrap();
        if let Some(stray) = stray {
            caught = Some((attempt, stray, old, new));
            break;
        }
        // The deploy finished first: the target follows the site again.
        site.build();
        deploy(&site, &url, &[]).ok();
    }
    let (attempt, stray, old, new) = caught.expect("no kill fell mid-write in 5 deploys");

    // Each of the site's files is whole: the old version or the new one.
    for (path, bytes) in on_target(&target) {
        if !old.contains_key(&path) && !new.contains_key(&path) {
            continue; // the temporary files, checked below
        }
        assert!(
            old.get(&path) == Some(&bytes) || new.get(&path) == Some(&bytes),
            "{path} is neither the old nor the new version (killed at attempt {attempt})"
        );
    }
    // The re-run converges, and removes what the killed one left, even a
    // file it had finished but the site has dropped since.
    site.build();
    let want = tree(&site.output());
    deploy(&site, &url, &[]).ok();
    assert_same(
        &on_target(&target),
        &want,
        &format!("after the re-run (stray file: {stray})"),
    );
    assert!(!target.join(&stray).exists());
    assert!(
        deploy(&site, &url, &["--dry-run"])
            .ok()
            .stdout
            .contains(" 0 uploads")
    );
}

#[test]
fn a_failed_deploy_then_a_rerun_deletes_what_it_wrote_and_nothing_else() {
    let site = built_site();
    let www = tempfile::tempdir().unwrap();
    let url = file_url(www.path());
    deploy(&site, &url, &[]).ok();
    std::fs::write(www.path().join("keep.txt"), "put there by hand").unwrap();
    // The new stylesheet (and its fingerprinted copy) are the first two
    // uploads, as assets go first; the failure stops the deploy after them.
    site.write("static/new.css", "h1 { color: red }\n");
    site.config("description: \"Changed everywhere\"");
    site.build();
    let mut cmd = site.command(&["deploy", "--target", &url]);
    cmd.env(gazette::deploy::FAIL_AFTER_ENV, "2");
    common::run(cmd).fails().stderr_has("again");
    assert!(www.path().join("new.css").is_file());
    // The site drops the stylesheet before the re-run: the copy the
    // failed deploy published is deleted, the hand-made file is not.
    std::fs::remove_file(site.path("static/new.css")).unwrap();
    site.build();
    deploy(&site, &url, &[]).ok();
    let mut want = tree(&site.output());
    want.insert("keep.txt".into(), b"put there by hand".to_vec());
    assert_same(&on_target(www.path()), &want, "the target");
}

#[test]
fn dry_run_into_a_closed_pipe_does_not_panic() {
    let site = built_site();
    let www = tempfile::tempdir().unwrap();
    let url = file_url(www.path());
    // Standard output closed before deploy prints anything.
    let mut child = site
        .process(&["deploy", "--target", &url, "--dry-run"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(0), "{stderr}");

    // `| head -1`: the first line of the plan, and deploy exits 0.
    let bin = common::bin();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(
            r#""$0" --root "$1" deploy --target "$2" --dry-run | head -1; exit "${PIPESTATUS[0]}""#,
        )
        .arg(&bin)
        .arg(site.root())
        .arg(&url)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("upload\t"));
    assert!(!www.path().join("index.html").exists(), "a dry run wrote");
}

#[test]
fn an_unparsable_target_is_a_usage_error() {
    let site = built_site();
    for bad in [
        "ftp://example.com/site",
        "file://relative/path",
        "file://",
        "s3://",
        "www/site",
        "file:///tmp/%ff",
    ] {
        let run = deploy(&site, bad, &[]);
        assert_exit(&run, 2);
        run.stderr_has("invalid deploy target");
    }
    // The same mistake in site.yaml is a problem of the site (exit 1),
    // named by file.
    site.config("deploy:\n  target: \"ftp://example.com/site\"");
    let run = site.run(&["deploy"]);
    assert_exit(&run, 1);
    run.stderr_has("site.yaml").stderr_has("deploy.target");
}

#[test]
fn deploy_waits_for_the_site_lock_or_fails_at_once_with_no_wait() {
    let site = built_site();
    let www = tempfile::tempdir().unwrap();
    let url = file_url(&www.path().join("site"));
    let held = gazette::output::lock::lock(site.root(), &site.output(), false, || {}).unwrap();

    let busy = deploy(&site, &url, &["--no-wait"]);
    assert_exit(&busy, 1);
    busy.stderr_has("another gazette process");
    assert!(!www.path().join("site/index.html").exists());

    let mut waiting = site
        .process(&["deploy", "--target", &url])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "deploy did not wait for the lock"
    );
    assert!(!www.path().join("site/index.html").exists());
    drop(held);
    let out = waiting.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Waiting for another"), "{stderr}");
    assert_same(
        &on_target(&www.path().join("site")),
        &tree(&site.output()),
        "the target",
    );
}

/// An S3 bucket on a local moto server, seen without Gazette.
struct Bucket {
    moto: Moto,
    store: object_store::aws::AmazonS3,
    rt: tokio::runtime::Runtime,
}

impl Bucket {
    fn new() -> Bucket {
        let moto = Moto::start();
        moto.create_bucket("news");
        let mut b = object_store::aws::AmazonS3Builder::new().with_bucket_name("news");
        for (k, v) in moto.options() {
            b = b.with_config(k.parse().unwrap(), v);
        }
        Bucket {
            store: b.build().unwrap(),
            moto,
            rt: tokio::runtime::Runtime::new().unwrap(),
        }
    }

    fn put(&self, key: &str, text: &str) {
        let path = object_store::path::Path::parse(key).unwrap();
        self.rt
            .block_on(self.store.put(&path, text.as_bytes().to_vec().into()))
            .unwrap();
    }

    /// Every key under `prefix/` (without it) with its bytes.
    fn objects(&self, prefix: &str) -> BTreeMap<String, Vec<u8>> {
        use futures::StreamExt;
        self.rt.block_on(async {
            let mut out = BTreeMap::new();
            let mut list = object_store::ObjectStore::list(&self.store, None);
            while let Some(meta) = list.next().await {
                let meta = meta.unwrap();
                let key = meta.location.as_ref().to_string();
                let Some(rel) = key.strip_prefix(&format!("{prefix}/")) else {
                    continue;
                };
                let bytes = self.store.get(&meta.location).await.unwrap().bytes().await;
                out.insert(rel.to_string(), bytes.unwrap().to_vec());
            }
            out
        })
    }

    fn deploy(&self, site: &TestSite, prefix: &str, extra: &[&str]) -> Run {
        let mut cmd = site.command(&["deploy", "--target", &format!("s3://news/{prefix}")]);
        cmd.args(extra).envs(self.moto.env());
        common::run(cmd)
    }
}

#[test]
fn s3_deletes_only_objects_its_manifest_lists() {
    let bucket = Bucket::new();
    let site = built_site();
    // Someone else's objects under the prefix, and beside it.
    bucket.put("site/README.md", "theirs");
    bucket.put("elsewhere/index.html", "not under the prefix");
    assert_refused(bucket.deploy(&site, "site", &[]), "--force");
    assert_eq!(bucket.objects("site").len(), 1);

    bucket.deploy(&site, "site", &["--force"]).ok();
    bucket.put("site/world/notes.txt", "theirs too");
    std::fs::remove_file(site.path("content/world/story-3.md")).unwrap();
    site.build();
    let run = bucket.deploy(&site, "site", &[]).ok();
    assert!(!run.stdout.contains(" 0 deletions"), "{}", run.stdout);

    let mut got = bucket.objects("site");
    got.remove(DEPLOY_MANIFEST);
    let mut want = tree(&site.output());
    want.insert("README.md".into(), b"theirs".to_vec());
    want.insert("world/notes.txt".into(), b"theirs too".to_vec());
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    assert_eq!(got["README.md"], b"theirs");
    assert_eq!(bucket.objects("elsewhere").len(), 1);
}

#[test]
fn s3_keys_are_the_file_names_exactly() {
    let bucket = Bucket::new();
    let site = built_site();
    for name in ["ü.txt", "a name with spaces.txt", "%41.txt", "x#y.txt"] {
        site.write(&format!("static/{name}"), name);
    }
    site.build();
    bucket.deploy(&site, "live", &[]).ok();
    let mut got = bucket.objects("live");
    got.remove(DEPLOY_MANIFEST);
    let want = tree(&site.output());
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    let again = bucket.deploy(&site, "live", &["--dry-run"]).ok();
    assert!(again.stdout.contains(" 0 uploads"), "{}", again.stdout);
}

/// Issue 23: S3 without credentials printed the instance metadata
/// service's refusal (`Error performing PUT http://169.254.169.254/...
/// 403`), twice, and never what to set. The metadata endpoint is pointed
/// at a closed port of this machine, so that nothing leaves it.
#[test]
fn s3_without_credentials_says_what_to_set() {
    let moto = common::moto::Moto::start();
    let site = built_site();
    let home = tempfile::tempdir().unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let metadata = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let mut cmd = site.command(&["deploy", "--target", "s3://news/site"]);
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("HOME", home.path())
        .env("AWS_ENDPOINT", moto.endpoint())
        .env("AWS_ALLOW_HTTP", "true")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_METADATA_ENDPOINT", &metadata);
    let run = common::run(cmd);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    run.stderr_has("no AWS credentials found");
    run.stderr_has("AWS_ACCESS_KEY_ID");
    run.stderr_has("~/.aws/credentials");
    run.stderr_has("AWS_PROFILE");
    let errors = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .count();
    assert_eq!(errors, 1, "one error, said once: {}", run.stderr);

    // The same keys from a profile of the credentials file are used.
    std::fs::create_dir_all(home.path().join(".aws")).unwrap();
    std::fs::write(
        home.path().join(".aws/credentials"),
        "[default]\naws_access_key_id = x\naws_secret_access_key = x\n\
         [newsroom]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    )
    .unwrap();
    moto.create_bucket("news");
    let mut cmd = site.command(&["deploy", "--target", "s3://news/site"]);
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("HOME", home.path())
        .env("AWS_PROFILE", "newsroom")
        .env("AWS_ENDPOINT", moto.endpoint())
        .env("AWS_ALLOW_HTTP", "true")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_VIRTUAL_HOSTED_STYLE_REQUEST", "false")
        .env("AWS_METADATA_ENDPOINT", &metadata);
    let run = common::run(cmd);
    assert!(run.success(), "{}", run.stderr);
}
