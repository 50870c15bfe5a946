//! Live coverage (`live: true`, issue 27): updates newest first with their
//! times and anchors, `LiveBlogPosting` JSON-LD, the "Live" label and the
//! newest update's time on cards while the coverage is open, `updated`
//! following the newest update, errors naming the line, `serve` showing an
//! added update with a reload; and the news sitemap's 1,000-URL cap.

use crate::common;
use common::http::{self, serve};
use common::{TestSite, jsonld};
use std::io::{BufRead, BufReader, Write};
use std::time::{Duration, Instant};

const BODY: &str = "Crowds gathered at dawn.

## 09:15

Police close the square. Traffic is diverted.

## Reaction

The mayor speaks.

## 2022-01-06 08:00

Second day: the square reopens.

## 10:30

Talks resume at noon.
";

/// A broadsheet site whose test clock says `now`, with the live page.
fn live_site(fm: &str) -> TestSite {
    let site = TestSite::with_broadsheet("timezone: Europe/Paris\nimage: /share.jpg");
    site.article(
        "world/protest.md",
        "Protest in the square: live",
        "2022-01-05 08:00",
        &format!("live: true\ntags: [Protest]\n{fm}"),
        BODY,
    );
    site.article(
        "world/other.md",
        "An ordinary story",
        "2022-01-04 12:00",
        "tags: [Protest]",
        "Text.",
    );
    site
}

/// `gazette build` as of `now` (the test clock).
fn build_at(site: &TestSite, now: &str) -> common::Run {
    let clock = site.path("clock.txt");
    std::fs::write(&clock, now).unwrap();
    let mut cmd = site.command(&["build"]);
    cmd.env("GAZETTE_TEST_CLOCK", &clock);
    common::run(cmd).ok()
}

#[test]
fn updates_are_shown_newest_first_with_their_times_and_anchors() {
    let site = live_site("");
    let run = build_at(&site, "2022-01-06T12:00:00Z");
    assert!(!run.stderr.contains("content/"), "{}", run.stderr);
    let page = site.page("/world/protest/");
    let at = |s: &str| {
        page.find(s)
            .unwrap_or_else(|| panic!("{s:?} not in {page}"))
    };
    // The introduction, then 10:30 and 08:00 of the second day, then 09:15
    // of the first (with its own "Reaction" subheading).
    assert!(at("Crowds gathered") < at("Talks resume"));
    assert!(at("Talks resume") < at("the square reopens"));
    assert!(at("the square reopens") < at("Police close"));
    assert!(at("Police close") < at("The mayor speaks"));
    for (datetime, shown) in [
        ("2022-01-06T10:30:00+01:00", "6 January 2022, 10:30"),
        ("2022-01-06T08:00:00+01:00", "6 January 2022, 08:00"),
        ("2022-01-05T09:15:00+01:00", "09:15"),
    ] {
        assert!(
            page.contains(&format!("<time datetime=\"{datetime}\">{shown}</time>")),
            "{datetime} {shown}: {page}"
        );
    }
    // Each update's heading is its anchor, and links to it.
    let anchors: Vec<&str> = page
        .match_indices("class=\"live-update__time\" id=\"")
        .map(|(i, m)| {
            let rest = &page[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(anchors.len(), 3, "{page}");
    for a in &anchors {
        assert!(page.contains(&format!("<a href=\"#{a}\">")), "{a}");
    }
}

#[test]
fn json_ld_is_a_live_blog_posting_with_one_update_each() {
    let site = live_site("live_end: 2022-01-06 18:00\nextra: {image_alt: The square}");
    build_at(&site, "2022-01-06T12:00:00Z");
    let page = site.page("/world/protest/");
    jsonld::assert_valid(&page);
    let blog = jsonld::node(&page, "LiveBlogPosting");
    assert_eq!(blog["coverageStartTime"], "2022-01-05T08:00:00+01:00");
    assert_eq!(blog["coverageEndTime"], "2022-01-06T18:00:00+01:00");
    // The article changed with its newest update.
    assert_eq!(blog["dateModified"], "2022-01-06T10:30:00+01:00");
    let updates = blog["liveBlogUpdate"].as_array().unwrap();
    assert_eq!(updates.len(), 3);
    assert_eq!(updates[0]["datePublished"], "2022-01-06T10:30:00+01:00");
    assert_eq!(updates[0]["headline"], "Talks resume at noon.");
    assert_eq!(updates[2]["headline"], "Police close the square.");
    let body = updates[2]["articleBody"].as_str().unwrap();
    assert!(
        body.contains("Traffic is diverted") && body.contains("The mayor speaks"),
        "{body}"
    );
    let url = updates[0]["url"].as_str().unwrap();
    let anchor = url.split_once('#').unwrap().1;
    assert!(
        url.starts_with("https://") && url.contains("/world/protest/#"),
        "{url}"
    );
    assert!(page.contains(&format!("id=\"{anchor}\"")), "{anchor}");

    // Without an end, no coverageEndTime.
    let open = live_site("");
    build_at(&open, "2022-01-06T12:00:00Z");
    let blog = jsonld::node(&open.page("/world/protest/"), "LiveBlogPosting");
    assert!(blog["coverageEndTime"].is_null(), "{blog}");
}

#[test]
fn cards_say_live_until_live_end_and_show_the_newest_update() {
    let site = live_site("live_end: 2022-01-06 18:00");
    build_at(&site, "2022-01-06T12:00:00Z");
    for path in ["/", "/world/", "/tags/protest/"] {
        let list = site.page(path);
        assert!(
            list.contains("<span class=\"label label--live\">Live</span>"),
            "{path}: {list}"
        );
        assert!(
            list.contains("Latest update <a href=\"/world/protest/#10-30\"><time datetime=\"2022-01-06T10:30:00+01:00\">6 January 2022, 10:30 +01:00</time></a>"),
            "{path}: {list}"
        );
    }
    assert!(site.page("/world/protest/").contains("label--live"));
    assert!(!site.page("/world/other/").contains("label--live"));

    // After live_end (17:00 UTC is 18:00 in Paris), a build into the same
    // output drops the label everywhere though no file changed.
    build_at(&site, "2022-01-06T17:00:00Z");
    for path in ["/", "/world/", "/tags/protest/", "/world/protest/"] {
        assert!(!site.page(path).contains("label--live"), "{path}");
    }
    let page = site.page("/world/protest/");
    assert!(page.contains("This live coverage ended at"), "{page}");
    assert!(site.page("/").contains("Latest update"));
}

#[test]
fn updated_follows_the_newest_update_in_feeds_and_sitemaps() {
    let site = live_site("");
    build_at(&site, "2022-01-06T12:00:00Z");
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<updated>2022-01-06T10:30:00+01:00</updated>"),
        "{atom}"
    );
    let sitemap = site.read("sitemap.xml");
    // Only the live page changed then (the other story is of 4 January).
    assert!(
        sitemap.contains("<lastmod>2022-01-06T10:30:00+01:00</lastmod>"),
        "{sitemap}"
    );
    // `updated` in front matter wins.
    let set = live_site("updated: 2022-01-07 09:00");
    build_at(&set, "2022-01-08T12:00:00Z");
    assert!(
        set.read("atom.xml")
            .contains("<updated>2022-01-07T09:00:00+01:00</updated>")
    );
}

#[test]
fn doubtful_and_impossible_updates_are_reported_with_their_line() {
    let site = TestSite::new("");
    site.article(
        "a.md",
        "Early",
        "2022-01-05 12:00",
        "live: true",
        "## 08:00\n\nToo early.",
    );
    let run = site.build();
    assert!(
        run.stderr.contains("content/a.md:7") && run.stderr.contains("before the article's date"),
        "{}",
        run.stderr
    );

    let site = TestSite::new("");
    site.md(
        "p.md",
        "title: P\ntype: page\nlive: true",
        "\n## 14:05\n\nNo day.\n",
    );
    let run = site.build_with(&[]).fails();
    assert!(
        run.stderr.contains("content/p.md:7") && run.stderr.contains("time without a day"),
        "{}",
        run.stderr
    );

    let site = TestSite::new("");
    site.article("b.md", "B", "2022-01-05", "live_end: 2022-01-06", "Text.");
    let run = site.build_with(&[]).fails();
    assert!(
        run.stderr.contains("content/b.md:4") && run.stderr.contains("not live"),
        "{}",
        run.stderr
    );
}

/// Reads `serve`'s event stream until a reload notice, or `limit`.
fn reload_seen(addr: &str, limit: Duration, edit: impl FnOnce()) -> bool {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET /__gazette/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let deadline = Instant::now() + limit;
    let mut edit = Some(edit);
    while Instant::now() < deadline {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(_) if line.starts_with("event: reload") => return true,
            _ => {}
        }
        // Edit once the stream is open, so that its notice is not missed.
        if let Some(e) = edit.take() {
            e();
        }
    }
    false
}

#[test]
fn serve_shows_an_added_update_and_reloads_the_page() {
    let site = live_site("");
    let server = serve(site.root());
    let before = http::get(&server.addr, "/world/protest/").text();
    assert!(before.contains("Talks resume") && !before.contains("Ceasefire agreed"));
    let reloaded = reload_seen(&server.addr, Duration::from_secs(20), || {
        let text = std::fs::read_to_string(site.path("content/world/protest.md")).unwrap();
        site.write(
            "content/world/protest.md",
            &format!("{text}\n## 11:45\n\nCeasefire agreed.\n"),
        );
    });
    assert!(reloaded, "no reload notice after the edit");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let page = http::get(&server.addr, "/world/protest/").text();
        if page.contains("Ceasefire agreed") {
            let at = |s: &str| page.find(s).unwrap();
            assert!(at("Ceasefire agreed") < at("Talks resume"), "newest first");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the update never appeared: {page}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_news_sitemap_holds_the_newest_thousand_articles() {
    let site = TestSite::new("");
    for n in 0..1_100 {
        // One a minute, all within the news window of the clock's day.
        let minute = n % 60;
        let hour = n / 60;
        site.article(
            &format!("a{n:04}.md"),
            &format!("Story {n:04}"),
            &format!("2022-01-05T{hour:02}:{minute:02}:00Z"),
            "",
            "Text.",
        );
    }
    build_at(&site, "2022-01-05T20:00:00Z");
    let news = site.read("news-sitemap.xml");
    let locs: Vec<&str> = news
        .match_indices("<loc>")
        .map(|(i, _)| &news[i + 5..i + 5 + news[i + 5..].find('<').unwrap()])
        .collect();
    assert_eq!(locs.len(), 1_000);
    assert!(locs[0].ends_with("/a1099/"), "newest first: {}", locs[0]);
    assert!(locs[999].ends_with("/a0100/"), "{}", locs[999]);
    assert!(!news.contains("/a0099/"));
    // The full sitemap still lists every article.
    assert!(site.read("sitemap.xml").contains("/a0000/"));
}
