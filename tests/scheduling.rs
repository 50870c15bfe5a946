//! Scheduled publishing (issue 27): an embargoed article is in no output
//! before its time (pages, feeds, sitemaps, search data, other articles'
//! related lists, term counts) and everywhere after it; `build` prints the
//! next scheduled change and writes it to `schedule.json` in the state
//! folder; `serve` publishes and expires articles, and ends live coverage,
//! when their time comes, without an edit. Time is the test's: `GAZETTE_TEST_CLOCK` names a file
//! holding "now", which the tests write instead of sleeping.

use crate::common;
use common::http::{self, serve_with_env};
use common::{TestSite, files_under};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A word only the embargoed article holds.
const SECRET: &str = "Zanzibarquux";

/// A broadsheet site: two published stories and one embargoed until
/// 2030-05-01 10:00 UTC, all three tagged Markets (the embargoed one also
/// Mergers, a tag of its own), sharing words so that they relate.
fn site() -> TestSite {
    let site = TestSite::with_broadsheet("feeds: {news_days: 3}");
    let body = "Markets fell sharply as banks and traders reacted to interest rates.";
    site.article(
        "business/rates.md",
        "Banks brace for rates",
        "2030-04-30T08:00:00Z",
        "tags: [Markets]",
        body,
    );
    site.article(
        "business/traders.md",
        "Traders react to rates",
        "2030-04-29T08:00:00Z",
        "tags: [Markets]",
        body,
    );
    site.article(
        "business/merger.md",
        &format!("{SECRET} merger announced"),
        "2030-05-01T10:00:00Z",
        "tags: [Markets, Mergers]\nsummary: Banks merge",
        &format!("{body} {SECRET} buys a bank."),
    );
    site
}

/// Writes the test clock and returns its path.
fn set_clock(site: &TestSite, now: &str) -> PathBuf {
    let clock = site.path("clock.txt");
    std::fs::write(&clock, now).unwrap();
    clock
}

fn build_at(site: &TestSite, now: &str) -> common::Run {
    let clock = set_clock(site, now);
    let mut cmd = site.command(&["build"]);
    cmd.env("GAZETTE_TEST_CLOCK", &clock);
    common::run(cmd).ok()
}

/// Output files named after the embargoed article or holding its word or
/// its addresses (its page's, its own tag's).
fn leaks(site: &TestSite) -> Vec<String> {
    files_under(&site.output())
        .into_iter()
        .filter(|f| {
            let text = String::from_utf8_lossy(&site.read_bytes(f)).into_owned();
            f.contains("merger")
                || text.contains(SECRET)
                || text.contains("/business/merger/")
                || text.contains("/tags/mergers/")
        })
        .collect()
}

/// The count shown beside `term` on the tags page.
fn tag_count(site: &TestSite, term: &str) -> Option<String> {
    let page = site.page("/tags/");
    let at = page.find(&format!(">{term}</a> <span class=\"terms__count\">"))?;
    let rest = &page[at..];
    let start = rest.find("terms__count\">")? + "terms__count\">".len();
    Some(rest[start..start + rest[start..].find('<')?].to_string())
}

#[test]
fn an_embargoed_article_is_in_no_output_until_its_minute() {
    let site = site();
    build_at(&site, "2030-05-01T09:59:59Z");
    let files = files_under(&site.output());
    // The files searched include every kind of output.
    for f in [
        "index.html",
        "atom.xml",
        "rss.xml",
        "sitemap.xml",
        "news-sitemap.xml",
        "tags/markets/atom.xml",
    ] {
        assert!(files.contains(f), "{f} missing: {files:#?}");
    }
    assert_eq!(leaks(&site), Vec::<String>::new());
    // Other articles' related lists hold each other, not the embargo.
    let rates = site.page("/business/rates/");
    assert!(
        rates.contains("Traders react to rates"),
        "related list: {rates}"
    );
    // Term counts leave it out, and its own tag does not exist yet.
    assert_eq!(tag_count(&site, "Markets").as_deref(), Some("2"));
    assert_eq!(tag_count(&site, "Mergers"), None);
    assert!(!site.page_exists("/tags/mergers/"));

    // At its minute, the same sources publish it everywhere.
    build_at(&site, "2030-05-01T10:00:00Z");
    let leaked = leaks(&site);
    for f in [
        "business/merger/index.html",
        "index.html",
        "atom.xml",
        "rss.xml",
        "sitemap.xml",
        "news-sitemap.xml",
        "tags/markets/index.html",
        "tags/markets/atom.xml",
        "business/rates/index.html",
    ] {
        assert!(
            leaked.iter().any(|l| l == f),
            "{f} lacks the article: {leaked:#?}"
        );
    }
    assert_eq!(tag_count(&site, "Markets").as_deref(), Some("3"));
    assert_eq!(tag_count(&site, "Mergers").as_deref(), Some("1"));
}

#[test]
fn build_prints_the_next_scheduled_change_and_writes_it_for_schedulers() {
    let site = site();
    site.article(
        "business/offer.md",
        "Limited offer",
        "2030-04-20T08:00:00Z",
        "expires: 2030-05-02T12:00:00Z",
        "Text.",
    );
    let schedule = || -> serde_json::Value {
        let path = site.root().join(".output.state/schedule.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };

    let run = build_at(&site, "2030-05-01T09:00:00Z");
    assert!(
        run.stdout.contains(
            "Next scheduled change: 2030-05-01 10:00:00 UTC: content/business/merger.md is published"
        ),
        "{}",
        run.stdout
    );
    let s = schedule();
    assert_eq!(s["next"]["at"], "2030-05-01T10:00:00Z");
    assert_eq!(s["next"]["unix"], 1_903_860_000);
    assert_eq!(s["next"]["file"], "content/business/merger.md");
    assert_eq!(s["next"]["change"], "publish");
    // Nothing of the schedule inside the published output.
    assert!(!site.exists("schedule.json"));

    let run = build_at(&site, "2030-05-01T10:00:00Z");
    assert!(
        run.stdout
            .contains("2030-05-02 12:00:00 UTC: content/business/offer.md expires"),
        "{}",
        run.stdout
    );
    assert_eq!(schedule()["next"]["change"], "expire");

    let run = build_at(&site, "2030-05-02T12:00:00Z");
    assert!(
        !run.stdout.contains("Next scheduled change"),
        "{}",
        run.stdout
    );
    assert!(schedule()["next"].is_null());
}

#[test]
fn a_broken_test_clock_is_an_error_not_the_system_time() {
    let site = site();
    let clock = set_clock(&site, "tomorrow");
    let mut cmd = site.command(&["build"]);
    cmd.env("GAZETTE_TEST_CLOCK", &clock);
    let run = common::run(cmd).fails();
    assert!(
        run.stderr.contains("GAZETTE_TEST_CLOCK") && run.stderr.contains("tomorrow"),
        "{}",
        run.stderr
    );
}

/// Polls `path` on the server until `ok` holds for its status and text.
fn wait_for(addr: &str, path: &str, what: &str, ok: impl Fn(u16, &str) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let reply = http::get(addr, path);
        let text = reply.text();
        if ok(reply.status, &text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{path}: never {what}: {} {text}",
            reply.status
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_publishes_and_expires_articles_when_the_clock_reaches_them() {
    let site = site();
    site.article(
        "business/offer.md",
        "Limited offer",
        "2030-04-20T08:00:00Z",
        "expires: 2030-05-01T11:00:00Z",
        "Text.",
    );
    site.article(
        "business/vote.md",
        "Shareholder vote: live",
        "2030-04-28T08:00:00Z",
        "live: true\nlive_end: 2030-05-01T12:00:00Z",
        "## 09:00\n\nVoting opens.",
    );
    let clock = set_clock(&site, "2030-05-01T09:00:00Z");
    let server = serve_with_env(site.root(), &[("GAZETTE_TEST_CLOCK", &clock)]);
    let addr = server.addr.clone();
    assert_eq!(http::get(&addr, "/business/merger/").status, 404);
    assert_eq!(http::get(&addr, "/business/offer/").status, 200);
    assert!(!http::get(&addr, "/").text().contains(SECRET));

    // A second before: nothing changes.
    std::fs::write(&clock, "2030-05-01T09:59:59Z").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(http::get(&addr, "/business/merger/").status, 404);

    // Its minute: published, on the front page and in the feed, no edit made.
    std::fs::write(&clock, "2030-05-01T10:00:00Z").unwrap();
    wait_for(&addr, "/business/merger/", "published", |s, t| {
        s == 200 && t.contains(SECRET)
    });
    wait_for(&addr, "/", "listing it", |_, t| t.contains(SECRET));
    wait_for(&addr, "/atom.xml", "listing it", |_, t| t.contains(SECRET));

    // The offer's expiry: gone from its page and the lists.
    std::fs::write(&clock, "2030-05-01T11:00:00Z").unwrap();
    wait_for(&addr, "/business/offer/", "expired", |s, _| s == 404);
    wait_for(&addr, "/", "without it", |_, t| {
        !t.contains("Limited offer")
    });
}
