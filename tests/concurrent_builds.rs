//! Several builds of one site at once (issue 21): before the lock, a second
//! build started while the first was writing wiped the first one's staging
//! folder, and the first then swapped a gutted folder in as the live output
//! (716 of 3,624 files). Now the builds take turns, and after each the
//! output holds exactly the files its manifest lists.

use crate::common;

use std::collections::BTreeSet;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{TestSite, files_under};

/// A site large enough that a debug build takes a noticeable time, so
/// that the builds below overlap.
fn big_site(articles: usize) -> TestSite {
    let site = TestSite::new("paginate: 5");
    let body = "Paragraph of the story with enough words to be rendered. ".repeat(40);
    for i in 0..articles {
        site.article(
            &format!("s{}/a{i}.md", i % 7),
            &format!("Article number {i}"),
            &format!("2024-01-{:02}", 1 + i % 28),
            &format!("tags: [t{}, t{}]", i % 13, i % 5),
            &body,
        );
    }
    site
}

fn spawn_build(site: &TestSite, extra: &[&str]) -> Child {
    site.process(&["build"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gazette")
}

/// The paths the output's manifest lists.
fn manifest_paths(site: &TestSite) -> BTreeSet<String> {
    let path = gazette::output::manifest_of(&site.output()).expect("the output has a manifest");
    let text = std::fs::read_to_string(path).expect("the manifest is readable");
    text.lines()
        .skip(1)
        .filter_map(|l| l.splitn(4, '\t').nth(3))
        .map(str::to_string)
        .collect()
}

/// The output holds every file its manifest lists and nothing else.
fn assert_output_matches_manifest(site: &TestSite) {
    let on_disk = files_under(&site.output());
    let listed = manifest_paths(site);
    let missing: Vec<_> = listed.difference(&on_disk).take(5).collect();
    let extra: Vec<_> = on_disk.difference(&listed).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "output/ differs from its manifest ({} listed, {} on disk): missing {missing:?}, extra {extra:?}",
        listed.len(),
        on_disk.len()
    );
}

fn wait_all(children: Vec<Child>) -> Vec<std::process::Output> {
    children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait for gazette"))
        .collect()
}

fn run_at_once(builds: usize) {
    let site = big_site(400);
    site.build();
    let expected = files_under(&site.output());
    // Each round edits an article, so that every build has work to do.
    for round in 0..2 {
        site.article(
            "s0/a0.md",
            &format!("Article number 0, edition {round}"),
            "2024-01-01",
            "tags: [t0]",
            "Edited.",
        );
        let children: Vec<Child> = (0..builds).map(|_| spawn_build(&site, &[])).collect();
        for (i, out) in wait_all(children).iter().enumerate() {
            assert!(
                out.status.success(),
                "build {i} of {builds} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_output_matches_manifest(&site);
        assert_eq!(files_under(&site.output()), expected);
        assert!(
            site.read("s0/a0/index.html")
                .contains(&format!("Article number 0, edition {round}")),
            "the edit is in the output"
        );
    }
}

#[test]
fn two_builds_at_once_take_turns_and_leave_a_whole_output() {
    run_at_once(2);
}

#[test]
fn three_builds_at_once_take_turns_and_leave_a_whole_output() {
    run_at_once(3);
}

/// With the lock held elsewhere, `--no-wait` fails at once without touching
/// the output, and a plain build says it waits, then builds once it can.
#[test]
fn a_held_lock_makes_no_wait_fail_and_build_wait() {
    let site = big_site(3);
    site.build();
    let before = site.snapshot();
    let held = gazette::output::lock::lock(site.root(), &site.output(), false, || {}).unwrap();

    let refused = site.build_with(&["--no-wait"]);
    assert_eq!(refused.status.code(), Some(1), "{}", refused.stderr);
    refused.stderr_has("another gazette process");
    refused.stderr_has("--no-wait");
    assert!(!refused.stderr.contains("panicked"));
    assert_eq!(site.snapshot(), before, "a refused build changed output/");

    site.article("s0/new.md", "A new one", "2024-02-01", "", "Body.");
    let mut waiting = spawn_build(&site, &[]);
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(1500) {
        assert!(
            waiting.try_wait().unwrap().is_none(),
            "the build did not wait for the lock"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(held);
    let out = waiting.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Waiting for another gazette"), "{stderr}");
    assert!(site.page_exists("/s0/new/"));
    assert_output_matches_manifest(&site);
}
