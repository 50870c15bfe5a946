//! Drafts, embargoed (future-dated) and expired articles: nothing of them
//! reaches the output, the manifest or `serve` (their bundle files and the
//! loose files only they link to included) until they are published, and
//! `build` and `check` say what they left out and why.

use crate::common;
use common::http::{self, serve};
use common::{TestSite, files_under};

/// Names that only the unpublished articles carry: none may appear in any
/// output file, nor as a file name.
const SECRETS: &[&str] = &[
    "embargo",
    "secret.jpg",
    "lead.jpg",
    "gone-chart.png",
    "x-photo.jpg",
    "Embargoed",
];

/// One published article and three unpublished bundles (scheduled for
/// 2099, a draft, expired in 2021), plus a draft in a plain folder with a
/// photo only it links to and one it shares with the published article.
fn site() -> TestSite {
    let site = TestSite::new("");
    site.article(
        "world/live.md",
        "Live story",
        "2024-03-01",
        // With alt text, which a lead image without gets a warning for.
        "image: live-photo.jpg\nextra: {image_alt: A live photo}",
        "![shared](shared.jpg)",
    );
    site.write("content/world/live-photo.jpg", "live photo");
    site.write("content/world/shared.jpg", "shared photo");
    site.article(
        "world/embargo/index.md",
        "Embargoed merger",
        "2099-05-01T10:00:00Z",
        "image: secret.jpg",
        "![chart](secret.jpg)",
    );
    site.write("content/world/embargo/secret.jpg", "secret photo");
    site.article(
        "world/draftstory/index.md",
        "Draft story",
        "2024-02-01",
        "draft: true",
        "![lead](lead.jpg)",
    );
    site.write("content/world/draftstory/lead.jpg", "draft lead");
    site.article(
        "world/gone/index.md",
        "Gone story",
        "2020-01-01",
        "expires: 2021-01-01",
        "![chart](gone-chart.png)",
    );
    site.write("content/world/gone/gone-chart.png", "expired chart");
    site.article(
        "world/x.md",
        "Draft in a folder",
        "2024-01-15",
        "draft: true",
        "![photo](x-photo.jpg) ![shared](/world/shared.jpg)",
    );
    site.write("content/world/x-photo.jpg", "draft photo");
    site
}

/// Every (file, secret) where an output file names or holds a secret.
fn leaks(site: &TestSite) -> Vec<(String, &'static str)> {
    let mut found = Vec::new();
    let manifest = gazette::output::manifest_of(&site.output()).expect("the output has a manifest");
    let files = files_under(&site.output())
        .into_iter()
        .map(|f| (site.output().join(&f), f));
    for (path, file) in files.chain([(manifest, "the manifest".to_string())]) {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for secret in SECRETS {
            if file.contains(secret) || text.contains(secret) {
                found.push((file.clone(), *secret));
            }
        }
    }
    found
}

#[test]
fn files_of_unpublished_articles_stay_out_of_the_output_and_the_manifest() {
    let site = site();
    site.build();
    let files = site.output_files();
    assert_eq!(leaks(&site), Vec::new(), "{files:#?}");
    // What the published article uses is there, the shared photo too.
    assert!(site.exists("world/live-photo.jpg"), "{files:#?}");
    assert!(site.exists("world/shared.jpg"), "{files:#?}");
    assert!(site.page_exists("/world/live/"));
}

#[test]
fn drafts_and_future_bring_the_files_in_with_their_articles() {
    let site = site();
    site.build_with(&["--drafts", "--future"]).ok();
    assert!(site.page_exists("/world/embargo/"));
    assert_eq!(site.read("world/embargo/secret.jpg"), "secret photo");
    assert_eq!(site.read("world/draftstory/lead.jpg"), "draft lead");
    assert_eq!(site.read("world/x-photo.jpg"), "draft photo");
    // Expired stays expired: no option brings it back.
    assert!(!site.page_exists("/world/gone/"));
    assert!(!site.exists("world/gone/gone-chart.png"));
    assert!(!site.exists("world/gone-chart.png"));
}

#[test]
fn serve_does_not_serve_the_files_of_unpublished_articles() {
    let site = site();
    let server = serve(site.root());
    let addr = &server.addr;
    assert_eq!(http::get(addr, "/world/live-photo.jpg").status, 200);
    for path in [
        "/world/embargo/",
        "/world/embargo/secret.jpg",
        "/world/draftstory/lead.jpg",
        "/world/gone/gone-chart.png",
        "/world/x-photo.jpg",
    ] {
        let reply = http::get(addr, path);
        assert_eq!(reply.status, 404, "{path}: {}", reply.text());
    }
}

#[test]
fn build_says_what_it_left_out_and_counts_in_the_singular() {
    let site = site();
    let run = site.build();
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Built"))
        .unwrap_or_else(|| panic!("no summary: {}", run.stdout));
    assert!(
        line.starts_with(
            "Built 1 article and 0 pages, left out 2 drafts (--drafts), \
             1 scheduled article (--future; the first due 2099-05-01 10:00 UTC) \
             and 1 expired article: "
        ),
        "{line}"
    );
    let everything = site.build_with(&["--drafts", "--future"]).ok();
    assert!(
        everything
            .stdout
            .contains("Built 4 articles and 0 pages, left out 1 expired article: "),
        "{}",
        everything.stdout
    );
}

#[test]
fn check_lists_each_file_left_out_with_the_reason() {
    let site = site();
    // A published address, so that the placeholder warning does not count.
    site.site_yaml("Test Times", "https://news.meridian-ledger.net", "theme: t");
    let run = site.run(&["check"]).ok();
    for line in [
        "left out: content/world/draftstory/index.md: a draft (--drafts includes it)",
        "left out: content/world/draftstory/lead.jpg: goes with content/world/draftstory/index.md",
        "left out: content/world/embargo/index.md: scheduled for 2099-05-01 10:00 UTC (--future includes it)",
        "left out: content/world/embargo/secret.jpg: goes with content/world/embargo/index.md",
        "left out: content/world/gone/index.md: expired at 2021-01-01 00:00 UTC",
        "left out: content/world/gone/gone-chart.png: goes with content/world/gone/index.md",
        "left out: content/world/x.md: a draft (--drafts includes it)",
        "left out: content/world/x-photo.jpg: goes with content/world/x.md",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "{line}\n{}",
            run.describe()
        );
    }
    assert!(!run.stdout.contains("shared.jpg"), "{}", run.stdout);
    let summary = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Checked"))
        .unwrap_or_else(|| panic!("no summary: {}", run.stdout));
    // The two warnings: the published placeholder photos are no images
    // (issue 25 says so, and copies them as they are).
    assert!(
        summary.starts_with("Checked 1 article, 0 pages, ")
            && summary.ends_with(
                " and 2 links, left out 2 drafts (--drafts), 1 scheduled article \
                 (--future; the first due 2099-05-01 10:00 UTC) and 1 expired article: \
                 0 problems, 2 warnings"
            ),
        "{summary}"
    );
}

#[test]
fn a_failed_check_does_not_claim_it_left_an_output_alone() {
    let site = TestSite::new("");
    site.raw("world/bad.md", "---\ntitle: [Broken\n---\nBody\n");
    let check = site.run(&["check"]).fails();
    check.stderr_has("Check failed: 1 error(s) in the site");
    assert!(!check.stderr.contains("left as it was"), "{}", check.stderr);
    let output = site.output();
    site.build_with(&[]).fails().stderr_has(&format!(
        "Build failed: 1 error(s) in the site; {} was left as it was",
        output.display()
    ));
}
