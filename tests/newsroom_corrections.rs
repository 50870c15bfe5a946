//! Issue 26, corrections and updates: a dated notice on the article, JSON-LD
//! `correction` and `dateModified`, `/corrections/` with its feed, and
//! "Updated <date, time>".

use crate::common;
use common::TestSite;
use common::jsonld;

fn site() -> TestSite {
    let site = TestSite::with_broadsheet("image: /share.png");
    site.article(
        "world/a.md",
        "Alpha",
        "2024-05-01T10:00:00Z",
        "updated: 2024-05-02T08:15:00+01:00\ncorrections:\n- {date: '2024-05-03 09:30', text: 'An earlier version misspelt the mayor’s name.'}\n- {date: '2024-05-05T12:00:00Z', text: 'The port is on the east bank & not the west.'}",
        "Body.",
    );
    site.article(
        "world/b.md",
        "Beta",
        "2024-05-02T10:00:00Z",
        "corrections:\n- {date: 2024-05-04, text: Fixed a date.}",
        "Body.",
    );
    site.article("world/c.md", "Gamma", "2024-05-03T10:00:00Z", "", "Body.");
    site
}

#[test]
fn a_corrected_article_shows_dated_notices_and_says_so_in_json_ld() {
    let site = site();
    site.build();
    let html = site.page("/world/a/");
    let notice = common::elem(&html, "aside", "notice notice--correction").text();
    assert!(notice.contains("Corrections"), "{notice}");
    let first =
        notice.find("5 May 2024, 12:00 UTC</time>: The port is on the east bank & not the west.");
    let second =
        notice.find("3 May 2024, 09:30 UTC</time>: An earlier version misspelt the mayor’s name.");
    assert!(
        first.is_some() && second.is_some() && first < second,
        "newest first: {notice}"
    );
    // At the top: before the body.
    assert!(html.find("notice--correction").unwrap() < html.find("story__body").unwrap());
    jsonld::assert_valid(&html);
    let article = jsonld::node(&html, "NewsArticle");
    assert_eq!(article["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(
        article["correction"][0]["datePublished"],
        "2024-05-05T12:00:00Z"
    );
    assert_eq!(
        article["correction"][1]["text"],
        "An earlier version misspelt the mayor’s name."
    );
    assert_eq!(article["dateModified"], "2024-05-05T12:00:00Z");
    // "Updated" with its time.
    assert!(
        html.contains(
            r#"Updated <time datetime="2024-05-02T08:15:00+01:00">2 May 2024, 08:15 +01:00</time>"#
        ),
        "{html}"
    );
    // An article without corrections has no notice.
    assert!(!site.page("/world/c/").contains("notice--correction"));
}

#[test]
fn the_corrections_page_lists_every_correction_newest_first_with_a_feed() {
    let site = site();
    site.build();
    let html = site.page("/corrections/");
    let items = common::elems(&html, "li", "corrections__item");
    let texts: Vec<String> = items.iter().map(|e| e.text()).collect();
    assert_eq!(texts.len(), 3, "{texts:#?}");
    assert!(texts[0].contains("Alpha") && texts[0].contains("east bank"));
    assert!(texts[1].contains("Beta") && texts[1].contains("Fixed a date."));
    assert!(texts[2].contains("Alpha") && texts[2].contains("mayor"));
    assert!(html.contains(r#"href="/corrections/atom.xml""#));
    // Linked from every page's footer.
    assert!(
        site.page("/world/c/")
            .contains(r#"<a href="/corrections/">Corrections</a>"#)
    );

    let feed = feed_rs::parser::parse(site.read_bytes("corrections/atom.xml").as_slice()).unwrap();
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.clone().unwrap().content)
        .collect();
    assert_eq!(
        titles,
        ["Correction: Alpha", "Correction: Beta", "Correction: Alpha"]
    );
    assert_eq!(
        feed.entries[0].links[0].href,
        "https://news.example.com/world/a/"
    );
    assert!(
        common::xml_texts(&site.read("sitemap.xml"), "loc")
            .contains(&"https://news.example.com/corrections/".to_string())
    );
}

#[test]
fn without_corrections_there_is_no_corrections_page() {
    let site = TestSite::with_broadsheet("");
    site.article("world/c.md", "Gamma", "2024-05-03T10:00:00Z", "", "Body.");
    site.build();
    assert!(!site.page_exists("/corrections/"));
    assert!(!site.page("/world/c/").contains("/corrections/"));
}

#[test]
fn a_correction_without_text_or_with_a_bad_date_is_an_error_at_its_line() {
    let site = site();
    site.md(
        "world/bad.md",
        "title: Bad\ndate: 2024-05-01\ncorrections:\n  - date: yesterday\n    text: x",
        "Body.",
    );
    site.build_with(&[])
        .fails()
        .stderr_has("content/world/bad.md:4")
        .stderr_has("correction 1: `date`");
    site.md(
        "world/bad.md",
        "title: Bad\ndate: 2024-05-01\ncorrections:\n  - date: 2024-05-02",
        "Body.",
    );
    site.build_with(&[])
        .fails()
        .stderr_has("correction 1 needs a `date` and a `text`");
}
