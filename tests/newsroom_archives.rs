//! Issue 26, date archives: `/YYYY/` and `/YYYY/MM/`, paginated, newest
//! first, linked from each article's date and from `/archive/`; off with
//! `archives: false`.

use crate::common;
use common::TestSite;

fn site(extra: &str) -> TestSite {
    let site = TestSite::with_broadsheet(&format!("paginate: 2\n{extra}"));
    for (slug, date) in [
        ("a", "2024-05-01T10:00:00Z"),
        ("b", "2024-05-02T10:00:00Z"),
        ("c", "2024-05-03T10:00:00Z"),
        ("d", "2024-01-15T10:00:00Z"),
        ("e", "2023-12-31T23:30:00-05:00"),
    ] {
        site.article(
            &format!("world/{slug}.md"),
            &format!("Story {slug}"),
            date,
            "",
            "Body.",
        );
    }
    site.md("about.md", "title: About\ntype: page", "About us.");
    site
}

/// Titles of the cards on a list page, in order.
fn cards(html: &str) -> Vec<String> {
    common::elems(html, "h2", "card__title")
        .iter()
        .map(|e| {
            let t = e.text();
            common::decode_html(&t[t.find('>').unwrap() + 1..t.rfind("</a>").unwrap()])
        })
        .collect()
}

#[test]
fn year_and_month_pages_list_their_articles_newest_first_with_pages() {
    let site = site("");
    site.build();
    assert_eq!(cards(&site.page("/2024/05/")), ["Story c", "Story b"]);
    assert_eq!(cards(&site.page("/2024/05/page/2/")), ["Story a"]);
    assert_eq!(cards(&site.page("/2024/")), ["Story c", "Story b"]);
    assert_eq!(cards(&site.page("/2024/page/2/")), ["Story a", "Story d"]);
    // Filed by the date as written: 23:30 on 31 December in New York.
    assert_eq!(cards(&site.page("/2023/12/")), ["Story e"]);
    assert!(!site.page_exists("/2024/02/"));
    let may = site.page("/2024/05/");
    assert!(
        may.contains("<title>May 2024 | Broadsheet Test</title>"),
        "{may}"
    );
    assert!(
        site.page("/2024/05/page/2/")
            .contains("<title>Page 2 – May 2024 | Broadsheet Test</title>")
    );
    // Each archive links one level up: month -> year -> archive.
    assert!(
        may.contains(r#"<p class="kicker"><a href="/2024/">2024</a></p>"#),
        "{may}"
    );
    assert!(
        site.page("/2024/")
            .contains(r#"<p class="kicker"><a href="/archive/">Archive</a></p>"#)
    );
    // The year page lists its months.
    let year = site.page("/2024/");
    assert!(
        year.contains(r#"<a href="/2024/05/">May</a>"#)
            && year.contains(r#"<a href="/2024/01/">January</a>"#)
    );
    let sitemap = common::xml_texts(&site.read("sitemap.xml"), "loc");
    for path in [
        "/2024/",
        "/2024/05/",
        "/2024/05/page/2/",
        "/2023/12/",
        "/archive/",
    ] {
        assert!(
            sitemap.contains(&format!("https://news.example.com{path}")),
            "{path}"
        );
    }
}

#[test]
fn article_dates_link_to_their_month_and_the_archive_lists_every_month() {
    let site = site("");
    site.build();
    let html = site.page("/world/a/");
    assert!(
        html.contains(
            r#"<a href="/2024/05/" class="byline__date"><time datetime="2024-05-01T10:00:00Z">"#
        ),
        "{html}"
    );
    assert!(
        site.page("/")
            .contains(r#"<a href="/2024/05/" class="byline__date">"#)
    );
    assert!(
        site.page("/page/3/")
            .contains(r#"<a href="/2023/12/" class="byline__date">"#)
    );
    let archive = site.page("/archive/");
    for link in [
        r#"<a href="/2024/">2024</a>"#,
        r#"<a href="/2024/05/">May</a>"#,
        r#"<a href="/2023/12/">December</a>"#,
    ] {
        assert!(archive.contains(link), "{link} in {archive}");
    }
    assert!(archive.find("/2024/").unwrap() < archive.find("/2023/").unwrap());
    assert!(html.contains(r#"<a href="/archive/">Archive</a>"#));
}

#[test]
fn archives_follow_a_base_url_path() {
    let site = site("");
    site.under_base_path();
    site.build();
    assert!(
        site.page("/world/a/")
            .contains(r#"<a href="/news/2024/05/" class="byline__date">"#)
    );
    assert!(
        site.page("/archive/")
            .contains(r#"<a href="/news/2024/05/">May</a>"#)
    );
}

#[test]
fn archives_false_turns_them_off() {
    let site = site("archives: false");
    site.build();
    for path in ["/2024/", "/2024/05/", "/archive/"] {
        assert!(!site.page_exists(path), "{path}");
    }
    let html = site.page("/world/a/");
    assert!(!html.contains("byline__date") && !html.contains("/archive/"));
}

#[test]
fn the_sitemap_dates_every_page_of_an_archive_by_its_newest_article() {
    let site = site("");
    site.build();
    let sitemap = site.read("sitemap.xml");
    let lastmod = |path: &str| {
        let at = sitemap
            .find(&format!("{path}</loc>"))
            .unwrap_or_else(|| panic!("{path} in {sitemap}"));
        let rest = &sitemap[at..];
        let start = rest.find("<lastmod>").unwrap() + "<lastmod>".len();
        rest[start..start + rest[start..].find('<').unwrap()].to_string()
    };
    // 2024 holds c, b, a (May) and d (January), two to a page: both of
    // its pages are dated by c, the newest.
    assert_eq!(lastmod("/2024/"), "2024-05-03T10:00:00Z");
    assert_eq!(lastmod("/2024/page/2/"), "2024-05-03T10:00:00Z");
    assert_eq!(lastmod("/2024/05/page/2/"), "2024-05-03T10:00:00Z");
    assert_eq!(lastmod("/2024/01/"), "2024-01-15T10:00:00Z");
    assert_eq!(lastmod("/2023/"), "2023-12-31T23:30:00-05:00");
}
