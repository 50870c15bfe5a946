//! Issue 26, article kinds: `kind:` from site.yaml `kinds` shows a label on
//! cards and articles, picks the JSON-LD type, and sponsored content is
//! marked wherever it appears, feeds included.

use crate::common;
use common::TestSite;
use common::jsonld;

fn site(extra: &str) -> TestSite {
    let site = TestSite::with_broadsheet(&format!("image: /share.png\n{extra}"));
    for (slug, kind, hour) in [
        ("news", "news", 1),
        ("opinion", "opinion", 2),
        ("analysis", "analysis", 3),
        ("review", "review", 4),
        ("explainer", "explainer", 5),
        ("sponsored", "sponsored", 6),
    ] {
        site.article(
            &format!("world/{slug}.md"),
            &format!("A {slug} piece"),
            &format!("2024-05-01T0{hour}:00:00Z"),
            &format!("kind: {kind}\nauthor: Ann Lee"),
            "Body.",
        );
    }
    site.article(
        "world/plain.md",
        "No kind",
        "2024-05-01T00:00:00Z",
        "",
        "Body.",
    );
    site
}

#[test]
fn each_kind_has_its_json_ld_type_and_a_label() {
    let site = site("");
    site.build();
    for (slug, ty, label) in [
        ("news", "NewsArticle", None),
        ("plain", "NewsArticle", None),
        ("opinion", "OpinionNewsArticle", Some("Opinion")),
        ("analysis", "AnalysisNewsArticle", Some("Analysis")),
        ("review", "ReviewNewsArticle", Some("Review")),
        ("explainer", "BackgroundNewsArticle", Some("Explainer")),
        ("sponsored", "AdvertiserContentArticle", Some("Sponsored")),
    ] {
        let html = site.page(&format!("/world/{slug}/"));
        let nodes = jsonld::assert_valid(&html);
        assert_eq!(nodes[0]["@type"], ty, "{slug}");
        let labelled = html.contains(r#"<span class="label label--"#);
        match label {
            Some(l) => assert!(
                html.contains(&format!(r#"<span class="label label--{slug}">{l}</span>"#)),
                "{slug}: {html}"
            ),
            None => assert!(!labelled, "{slug} has no label"),
        }
    }
    // Cards carry the label too, on the front page and in lists.
    for path in ["/", "/world/", "/authors/ann-lee/"] {
        let html = site.page(path);
        assert!(
            html.contains(r#"<span class="label label--opinion">Opinion</span>"#),
            "{path}"
        );
        assert!(
            html.contains(r#"<span class="label label--sponsored">Sponsored</span>"#),
            "{path}"
        );
    }
}

#[test]
fn sponsored_content_is_marked_in_feeds_and_kept_out_of_the_news_sitemap() {
    let site = site("");
    site.article(
        "world/fresh-ad.md",
        "Fresh ad",
        &common::hours_from_now(-1),
        "kind: sponsored",
        "Paid.",
    );
    site.article(
        "world/fresh.md",
        "Fresh news",
        &common::hours_from_now(-2),
        "",
        "News.",
    );
    site.build();
    let html = site.page("/world/sponsored/");
    assert!(html.contains("Sponsored content: paid for by an advertiser"));
    let rss = site.read("rss.xml");
    let titles = common::xml_texts(&rss, "title");
    assert!(
        titles.contains(&"Sponsored: A sponsored piece".to_string()),
        "{titles:?}"
    );
    assert!(titles.contains(&"A opinion piece".to_string()));
    assert!(rss.contains("<category>Sponsored</category>"));
    let atom = site.read("atom.xml");
    assert!(
        common::xml_texts(&atom, "title").contains(&"Sponsored: A sponsored piece".to_string())
    );
    assert!(atom.contains(r#"<category term="Sponsored"/>"#));
    let news = common::xml_texts(&site.read("news-sitemap.xml"), "news:title");
    assert_eq!(news, ["Fresh news"]);
}

#[test]
fn an_unknown_kind_is_an_error_at_its_line_listing_the_allowed_kinds() {
    let site = site("");
    site.md(
        "world/bad.md",
        "title: Bad\ndate: 2024-05-01\nkind: rumour",
        "Body.",
    );
    let run = site.build_with(&[]).fails();
    run.stderr_has("content/world/bad.md:4")
        .stderr_has("unknown `kind: rumour`")
        .stderr_has("news, opinion, analysis, review, explainer, sponsored");
}

#[test]
fn the_list_of_kinds_is_configurable() {
    let site = site("kinds: [news, opinion, analysis, review, explainer, sponsored, obituary]");
    site.article(
        "world/obit.md",
        "In memoriam",
        "2024-05-02T00:00:00Z",
        "kind: obituary",
        "Body.",
    );
    site.build();
    let html = site.page("/world/obit/");
    assert!(html.contains(r#"<span class="label label--obituary">Obituary</span>"#));
    assert_eq!(
        jsonld::node(&html, "NewsArticle")["headline"],
        "In memoriam"
    );

    let bad = TestSite::with_broadsheet("kinds: [news, News Desk]");
    bad.build_with(&[])
        .fails()
        .stderr_has("site.yaml")
        .stderr_has("News Desk");
}
