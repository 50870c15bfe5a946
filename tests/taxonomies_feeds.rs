//! End-to-end builds for issue 2: taxonomies (merging, slugs, counts,
//! collisions), Atom/RSS feeds read back with a real feed parser, sitemaps,
//! the news sitemap window, robots.txt, JSON-LD, alias redirects, and the
//! template access to terms.

use crate::common;

use std::collections::BTreeSet;

use common::*;
use feed_rs::model::Feed;

fn parse_feed(site: &TestSite, rel: &str) -> Feed {
    feed_rs::parser::parse(site.read_bytes(rel).as_slice())
        .unwrap_or_else(|e| panic!("{rel} does not parse as a feed: {e}\n{}", site.read(rel)))
}

fn entry_url(e: &feed_rs::model::Entry) -> String {
    e.links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.clone())
        .unwrap_or_else(|| panic!("entry without a link: {e:?}"))
}

fn entry_title(e: &feed_rs::model::Entry) -> String {
    e.title.as_ref().expect("entry title").content.clone()
}

/// Terms of the taxonomy index page `/kind/`: (name, slug, url, count).
fn index_terms(site: &TestSite, kind: &str) -> Vec<(String, String, String, usize)> {
    elems(&site.page(&format!("/{kind}/")), "li", "term")
        .iter()
        .map(|e| {
            (
                e.text(),
                e.attr("data-slug"),
                e.attr("data-url"),
                e.attr("data-count").parse().unwrap(),
            )
        })
        .collect()
}

/// Folders directly under `output/<kind>/`.
fn term_dirs(site: &TestSite, kind: &str) -> BTreeSet<String> {
    std::fs::read_dir(site.output().join(kind))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------- terms

#[test]
fn terms_differing_in_case_spacing_or_punctuation_are_one_term() {
    let site = TestSite::new("");
    let tagged = [
        ("a1", r#"[Climate]"#),
        ("a2", r#"[climate]"#),
        ("a3", r#"["climate "]"#),
        ("a4", r#"[Climate, "CLIMATE!"]"#),
        ("a5", r#"Climate"#),
        ("a6", r#"["U.S. Politics"]"#),
        ("a7", r#"["us politics"]"#),
        ("a8", r#"["  U.S.   politics "]"#),
        ("a9", r#"us politics, Climate"#),
    ];
    for (i, (slug, tags)) in tagged.iter().enumerate() {
        site.article(
            &format!("world/{slug}.md"),
            &format!("Story {slug}"),
            &format!("2024-02-{:02}", i + 1),
            &format!("tags: {tags}"),
            "x",
        );
    }
    site.build();
    // Climate: a1-a5 and a9, spelled "Climate" 4 times (a1, a4, a5, a9) and
    // "climate" twice (a2, and a3 once its space is trimmed); a4's "CLIMATE!"
    // is the same term on the same article, counted once.
    let terms = index_terms(&site, "tags");
    assert_eq!(terms.len(), 2, "{terms:?}");
    let climate = terms
        .iter()
        .find(|t| t.1 == "climate")
        .expect("climate term");
    assert_eq!(climate.0, "Climate", "{climate:?}");
    assert_eq!(climate.3, 6);
    assert_eq!(climate.2, "/tags/climate/");
    // us politics: "us politics" x2 (a7, a9), "U.S. Politics" x1, "U.S. politics" x1.
    let us = terms
        .iter()
        .find(|t| t.0 == "us politics")
        .expect("us politics term");
    assert_eq!((us.1.as_str(), us.3), ("us-politics", 4));
    assert_eq!(term_dirs(&site, "tags"), set(&["climate", "us-politics"]));

    // Every article links the one term page, under its display name.
    let a3 = site.page("/world/a3/");
    let tags = elems(&a3, "a", "tag");
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].attr("href"), "/tags/climate/");
    assert_eq!(tags[0].text(), climate.0);
    // a4 names the term twice: it is listed once.
    assert_eq!(elems(&site.page("/world/a4/"), "a", "tag").len(), 1);
    let listed = pager(&site.page("/tags/climate/")).items;
    assert_eq!(listed.len(), 6);
    assert_eq!(
        listed.iter().filter(|i| i.0 == "/world/a4/").count(),
        1,
        "{listed:?}"
    );
}

#[test]
fn a_terms_display_name_is_its_most_used_spelling() {
    let site = TestSite::new("");
    let spellings = ["economy", "Economy", "economy", "ECONOMY", "economy"];
    for (i, tag) in spellings.iter().enumerate() {
        site.article(
            &format!("business/e{i}.md"),
            &format!("E{i}"),
            &format!("2024-02-{:02}", i + 1),
            &format!(
                "tags: [{tag}]\nauthor: {}",
                ["Jane Doe", "jane doe", "Jane Doe"][i % 3]
            ),
            "x",
        );
    }
    site.build();
    assert_eq!(
        index_terms(&site, "tags"),
        [(
            "economy".to_string(),
            "economy".to_string(),
            "/tags/economy/".to_string(),
            5
        )]
    );
    let term = site.page("/tags/economy/");
    assert_eq!(text_of(&term, "p", "term"), "economy");
    assert_eq!(text_of(&term, "h1", "list-title"), "economy");
    // Authors merge the same way: "Jane Doe" x4, "jane doe" x1.
    let authors = index_terms(&site, "authors");
    assert_eq!(authors.len(), 1, "{authors:?}");
    assert_eq!((authors[0].0.as_str(), authors[0].3), ("Jane Doe", 5));
}

#[test]
fn term_slugs_transliterate_cyrillic_and_kazakh() {
    let site = TestSite::new("");
    site.article(
        "world/kz.md",
        "KZ",
        "2024-01-01",
        "tags: [Қазақстан, Россия, \"Өскемен жаңалықтары\", Алматы, Zürich, \"Hello, World!\"]\ncategory: Әлем",
        "x",
    );
    site.build();
    let expected = [
        ("Қазақстан", "qazaqstan"),
        ("Россия", "rossiia"),
        ("Өскемен жаңалықтары", "oskemen-zhangalyqtary"),
        ("Алматы", "almaty"),
        ("Zürich", "zurich"),
        ("Hello, World!", "hello-world"),
    ];
    let links: Vec<(String, String)> = elems(&site.page("/world/kz/"), "a", "tag")
        .iter()
        .map(|e| (e.text(), e.attr("href")))
        .collect();
    for (name, slug) in expected {
        let url = format!("/tags/{slug}/");
        assert!(
            links.contains(&(name.to_string(), url.clone())),
            "{name} -> {url}; links: {links:?}"
        );
        let page = site.page(&url);
        assert_eq!(text_of(&page, "p", "term"), name);
        assert_eq!(elem(&page, "p", "term").attr("data-slug"), slug);
        assert!(site.exists(&format!("tags/{slug}/atom.xml")));
    }
    assert!(
        site.page_exists("/categories/alem/"),
        "{:#?}",
        term_dirs(&site, "categories")
    );
    // Every term folder name is lowercase ASCII.
    for dir in term_dirs(&site, "tags") {
        assert!(
            dir.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{dir}"
        );
    }
}

#[test]
fn taxonomy_index_pages_list_every_term_with_its_count() {
    let site = TestSite::new("");
    site.article(
        "world/a.md",
        "A",
        "2024-01-01",
        "tags: [Russia, CSTO]\ncategory: World\nauthor: Jane Doe",
        "x",
    );
    site.article(
        "world/b.md",
        "B",
        "2024-01-02",
        "tags: Russia, Kazakhstan\ncategories: [World, Asia]\nauthors: [Jane Doe, John Roe]",
        "x",
    );
    site.article(
        "business/c.md",
        "C",
        "2024-01-03",
        "tags: [Kazakhstan, Russia]\ncategories: Business, Asia\nauthor: John Roe",
        "x",
    );
    site.build();
    let counts = |kind: &str| -> Vec<(String, String, usize)> {
        let mut v: Vec<_> = index_terms(&site, kind)
            .into_iter()
            .map(|t| (t.0, t.2, t.3))
            .collect();
        v.sort();
        v
    };
    let row = |n: &str, u: &str, c: usize| (n.to_string(), u.to_string(), c);
    assert_eq!(
        counts("tags"),
        [
            row("CSTO", "/tags/csto/", 1),
            row("Kazakhstan", "/tags/kazakhstan/", 2),
            row("Russia", "/tags/russia/", 3),
        ]
    );
    assert_eq!(
        counts("categories"),
        [
            row("Asia", "/categories/asia/", 2),
            row("Business", "/categories/business/", 1),
            row("World", "/categories/world/", 2),
        ]
    );
    assert_eq!(
        counts("authors"),
        [
            row("Jane Doe", "/authors/jane-doe/", 2),
            row("John Roe", "/authors/john-roe/", 2),
        ]
    );
    // The index lists terms alphabetically.
    let names: Vec<String> = index_terms(&site, "tags")
        .into_iter()
        .map(|t| t.0)
        .collect();
    assert_eq!(names, ["CSTO", "Kazakhstan", "Russia"]);
    // Term pages show the same count and the term's absolute feed URL.
    let russia = elem(&site.page("/tags/russia/"), "p", "term");
    assert_eq!(russia.attr("data-count"), "3");
    assert_eq!(
        russia.attr("data-feed"),
        format!("{BASE_URL}/tags/russia/atom.xml")
    );
    assert_eq!(text_of(&site.page("/tags/"), "h1", "tax-title"), "Tags");
    assert_eq!(
        text_of(&site.page("/categories/"), "h1", "tax-title"),
        "Categories"
    );
}

#[test]
fn term_pages_list_newest_first_and_paginate() {
    let site = TestSite::new("paginate: 2");
    for i in 1..=5 {
        site.article(
            &format!("world/t{i}.md"),
            &format!("T{i}"),
            &format!("2024-03-{i:02}"),
            "tags: [Russia]",
            "x",
        );
    }
    site.article(
        "world/other.md",
        "Other",
        "2024-03-10",
        "tags: [Other]",
        "x",
    );
    site.build();
    let p1 = pager(&site.page("/tags/russia/"));
    let p2 = pager(&site.page("/tags/russia/page/2/"));
    let p3 = pager(&site.page("/tags/russia/page/3/"));
    assert!(!site.page_exists("/tags/russia/page/4/"));
    let titles = |p: &Pager| p.items.iter().map(|i| i.1.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&p1), ["T5", "T4"]);
    assert_eq!(titles(&p2), ["T3", "T2"]);
    assert_eq!(titles(&p3), ["T1"]);
    assert_eq!((p1.total, p1.total_items), (3, 5));
    assert_eq!(p1.prev, None);
    assert_eq!(p1.next.as_deref(), Some("/tags/russia/page/2/"));
    assert_eq!(p2.prev.as_deref(), Some("/tags/russia/"));
    assert_eq!(p2.next.as_deref(), Some("/tags/russia/page/3/"));
    assert_eq!(p3.prev.as_deref(), Some("/tags/russia/page/2/"));
    assert_eq!(p3.next, None);
    // The term page's head links the term feed; other pages do not.
    let term_feed = format!(
        "<link class=\"term-feed\" rel=\"alternate\" type=\"application/atom+xml\" href=\"{BASE_URL}/tags/russia/atom.xml\">"
    );
    assert!(site.page("/tags/russia/page/2/").contains(&term_feed));
    assert!(!site.page("/world/t1/").contains("term-feed"));
}

#[test]
fn two_terms_with_the_same_slug_are_reported() {
    let site = TestSite::new("");
    site.article("world/ru.md", "RU", "2024-01-01", "tags: [Мир]", "x");
    site.article("world/en.md", "EN", "2024-01-02", "tags: [Mir]", "x");
    site.article(
        "world/ok.md",
        "OK",
        "2024-01-03",
        "tags: [Peace]\ncategory: Қала",
        "x",
    );
    site.article("world/ok2.md", "OK2", "2024-01-04", "category: Qala", "x");
    let run = site.build_with(&[]).fails();
    run.stderr_has("Мир")
        .stderr_has("Mir")
        .stderr_has("/tags/mir/")
        .stderr_has("content/world/ru.md")
        .stderr_has("content/world/en.md")
        // Both collisions of the build are reported together.
        .stderr_has("/categories/qala/");
    assert!(!site.output().exists());
}

#[test]
fn a_custom_taxonomy_from_site_yaml() {
    let site = TestSite::new("taxonomies: [tags, places]");
    site.write(
        "themes/t/templates/article.html",
        r#"{% extends "base.html" %}{% block content %}<h1 class="title">{{ article.title }}</h1>
{% for p in article.places %}<a class="place" href="{{ p.url }}">{{ p.name }}</a>{% endfor %}{% endblock content %}"#,
    );
    site.article(
        "world/a.md",
        "A",
        "2024-01-01",
        "tags: [X]\nplaces: [Almaty, Астана]\nauthor: Jane\ncategory: World",
        "x",
    );
    site.build();
    assert!(site.page_exists("/places/"));
    assert!(site.page_exists("/places/almaty/"));
    assert!(site.page_exists("/places/astana/"));
    assert!(site.exists("places/almaty/atom.xml"));
    assert!(!site.page_exists("/authors/"));
    assert!(!site.page_exists("/categories/"));
    let links: Vec<(String, String)> = elems(&site.page("/world/a/"), "a", "place")
        .iter()
        .map(|e| (e.text(), e.attr("href")))
        .collect();
    assert_eq!(
        links,
        [
            ("Almaty".to_string(), "/places/almaty/".to_string()),
            ("Астана".to_string(), "/places/astana/".to_string())
        ]
    );
}

// ---------------------------------------------------------------- template access

#[test]
fn get_taxonomy_returns_terms_with_name_url_and_count() {
    let site = TestSite::new("");
    site.write(
        "templates/404.html",
        r#"{% extends "base.html" %}{% block content %}{% set tags = get_taxonomy(kind="tags") %}
<p class="gt-meta" data-kind="{{ tags.kind }}" data-url="{{ tags.url }}">{{ tags.title }}</p>
<ul>{% for t in tags.terms %}<li class="gt" data-url="{{ t.url }}" data-slug="{{ t.slug }}" data-count="{{ t.count }}" data-feed="{{ t.feed_url }}">{{ t.name }}</li>{% endfor %}</ul>
{% set authors = get_taxonomy(kind="authors") %}{% for t in authors.terms %}<li class="ga" data-url="{{ t.url }}" data-count="{{ t.count }}">{{ t.name }}</li>{% endfor %}
{% endblock content %}"#,
    );
    site.article(
        "world/a.md",
        "A",
        "2024-01-01",
        "tags: [Russia, Қазақстан]\nauthor: Jane Doe",
        "x",
    );
    site.article("world/b.md", "B", "2024-01-02", "tags: [russia]", "x");
    site.build();
    let html = site.read("404.html");
    let meta = elem(&html, "p", "gt-meta");
    assert_eq!(
        (meta.attr("data-kind"), meta.attr("data-url"), meta.text()),
        ("tags".to_string(), "/tags/".to_string(), "Tags".to_string())
    );
    let mut terms: Vec<(String, String, String, String)> = elems(&html, "li", "gt")
        .iter()
        .map(|e| {
            (
                e.text(),
                e.attr("data-url"),
                e.attr("data-count"),
                e.attr("data-feed"),
            )
        })
        .collect();
    terms.sort();
    assert_eq!(
        terms,
        [
            (
                "Russia".to_string(),
                "/tags/russia/".to_string(),
                "2".to_string(),
                format!("{BASE_URL}/tags/russia/atom.xml")
            ),
            (
                "Қазақстан".to_string(),
                "/tags/qazaqstan/".to_string(),
                "1".to_string(),
                format!("{BASE_URL}/tags/qazaqstan/atom.xml")
            ),
        ]
    );
    let authors = elems(&html, "li", "ga");
    assert_eq!(authors.len(), 1);
    assert_eq!(
        (
            authors[0].text(),
            authors[0].attr("data-url"),
            authors[0].attr("data-count")
        ),
        (
            "Jane Doe".to_string(),
            "/authors/jane-doe/".to_string(),
            "1".to_string()
        )
    );
}

#[test]
fn get_taxonomy_of_an_unknown_kind_is_a_template_error() {
    let site = TestSite::new("");
    site.write(
        "templates/404.html",
        r#"{% extends "base.html" %}{% block content %}{% set x = get_taxonomy(kind="nope") %}{{ x.title }}{% endblock content %}"#,
    );
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    site.build_with(&[])
        .fails()
        .stderr_has("templates/404.html")
        .stderr_has("nope");
}

#[test]
fn article_term_objects_have_name_and_url() {
    let site = TestSite::new("");
    site.article(
        "world/a.md",
        "A",
        "2024-01-01",
        "tags: [Russia, \"Climate Change\"]\ncategories: [World, Asia]\nauthors: [Jane Doe, Айгерим Сарсен]",
        "x",
    );
    site.build();
    let html = site.page("/world/a/");
    let pairs = |class: &str| -> Vec<(String, String)> {
        elems(&html, "a", class)
            .iter()
            .map(|e| (e.text(), e.attr("href")))
            .collect()
    };
    let p = |n: &str, u: &str| (n.to_string(), u.to_string());
    assert_eq!(
        pairs("tag"),
        [
            p("Russia", "/tags/russia/"),
            p("Climate Change", "/tags/climate-change/")
        ]
    );
    assert_eq!(
        pairs("category"),
        [
            p("World", "/categories/world/"),
            p("Asia", "/categories/asia/")
        ]
    );
    assert_eq!(
        pairs("author"),
        [
            p("Jane Doe", "/authors/jane-doe/"),
            p("Айгерим Сарсен", "/authors/aigerim-sarsen/")
        ]
    );
    for (_, url) in pairs("tag")
        .iter()
        .chain(&pairs("category"))
        .chain(&pairs("author"))
    {
        assert!(site.page_exists(url), "{url} is linked but not written");
    }
}

// ---------------------------------------------------------------- feeds

/// 25 articles `s01`..`s25` (newest: s25), dated 2024-01-DD 10:00 UTC;
/// odd ones by "Author Odd", even ones tagged `Even`.
fn feed_site(config: &str) -> TestSite {
    let site = TestSite::new(config);
    for i in 1..=25 {
        let mut fm = format!(
            "tags: [Numbers{}]\ncategory: World",
            if i % 2 == 0 { ", Even" } else { "" }
        );
        if i % 2 == 1 {
            fm.push_str("\nauthor: Author Odd");
        }
        if i == 25 {
            fm.push_str("\nupdated: 2024-02-01T12:00:00Z\nsummary: \"The newest story\"");
        }
        site.article(
            &format!("world/s{i:02}.md"),
            &format!("Story {i:02}"),
            &format!("2024-01-{i:02}T10:00:00Z"),
            &fm,
            &format!("Body of story {i:02}.\n\nSecond paragraph with [a link](/world/s01/)."),
        );
    }
    site
}

#[test]
fn atom_feed_carries_the_newest_20_articles() {
    let site = feed_site("description: All the news");
    site.build();
    let feed = parse_feed(&site, "atom.xml");
    assert_eq!(feed.title.as_ref().unwrap().content, "Test Times");
    assert!(
        feed.links
            .iter()
            .any(|l| l.href == format!("{BASE_URL}/atom.xml")),
        "{:?}",
        feed.links
    );
    assert_eq!(feed.entries.len(), 20);
    let titles: Vec<String> = feed.entries.iter().map(entry_title).collect();
    let expected: Vec<String> = (6..=25).rev().map(|i| format!("Story {i:02}")).collect();
    assert_eq!(titles, expected);
    assert_eq!(
        feed.updated.unwrap().to_rfc3339(),
        "2024-02-01T12:00:00+00:00",
        "feed updated = newest entry update"
    );

    let newest = &feed.entries[0];
    assert_eq!(entry_url(newest), format!("{BASE_URL}/world/s25/"));
    assert_eq!(newest.id, format!("{BASE_URL}/world/s25/"));
    assert_eq!(
        newest.published.unwrap().to_rfc3339(),
        "2024-01-25T10:00:00+00:00"
    );
    assert_eq!(
        newest.updated.unwrap().to_rfc3339(),
        "2024-02-01T12:00:00+00:00"
    );
    assert_eq!(
        newest
            .authors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["Author Odd"]
    );
    let cats: BTreeSet<&str> = newest.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(cats, ["Numbers", "World"].into_iter().collect());
    assert!(
        newest
            .summary
            .as_ref()
            .unwrap()
            .content
            .contains("The newest story")
    );
    let content = newest.content.as_ref().unwrap().body.clone().unwrap();
    assert!(content.contains("Body of story 25."), "{content}");
    assert!(
        content.contains("Second paragraph"),
        "full content, not the summary"
    );

    // Even stories have no author: the entry still names one (the site).
    let s24 = &feed.entries[1];
    assert_eq!(
        s24.updated.unwrap().to_rfc3339(),
        "2024-01-24T10:00:00+00:00"
    );
    assert!(!s24.authors.is_empty());
    assert!(s24.categories.iter().any(|c| c.term == "Even"));
    // Every URL in the feed is absolute.
    for e in &feed.entries {
        assert!(entry_url(e).starts_with(BASE_URL), "{e:?}");
    }
}

#[test]
fn rss_feed_parses_and_carries_the_same_items() {
    let site = feed_site("");
    site.build();
    let rss = parse_feed(&site, "rss.xml");
    assert_eq!(rss.feed_type, feed_rs::model::FeedType::RSS2);
    assert_eq!(rss.title.as_ref().unwrap().content, "Test Times");
    assert_eq!(rss.entries.len(), 20);
    let atom = parse_feed(&site, "atom.xml");
    let urls = |f: &Feed| f.entries.iter().map(entry_url).collect::<Vec<_>>();
    assert_eq!(urls(&rss), urls(&atom));
    let newest = &rss.entries[0];
    assert_eq!(entry_title(newest), "Story 25");
    assert_eq!(entry_url(newest), format!("{BASE_URL}/world/s25/"));
    assert_eq!(
        newest.published.unwrap().to_rfc3339(),
        "2024-01-25T10:00:00+00:00"
    );
    assert_eq!(
        newest
            .authors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["Author Odd"]
    );
    assert!(newest.categories.iter().any(|c| c.term == "Numbers"));
    assert!(newest.categories.iter().any(|c| c.term == "World"));
    let body = newest
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .unwrap();
    assert!(body.contains("Body of story 25."), "{body}");
    assert!(
        newest
            .summary
            .as_ref()
            .unwrap()
            .content
            .contains("The newest story"),
        "{:?}",
        newest.summary
    );
}

#[test]
fn feed_limit_is_configurable() {
    let site = feed_site("feeds:\n  limit: 3");
    site.build();
    for f in [
        "atom.xml",
        "rss.xml",
        "tags/numbers/atom.xml",
        "tags/even/atom.xml",
    ] {
        let feed = parse_feed(&site, f);
        assert_eq!(feed.entries.len(), 3, "{f}");
    }
    let titles: Vec<String> = parse_feed(&site, "tags/even/atom.xml")
        .entries
        .iter()
        .map(entry_title)
        .collect();
    assert_eq!(titles, ["Story 24", "Story 22", "Story 20"]);
    // Lists are not limited by the feed limit.
    assert_eq!(pager(&site.page("/tags/numbers/")).total_items, 25);
}

/// The whole text of the newest entry of feed `rel`, if the feed carries it.
fn newest_full_text(site: &TestSite, rel: &str) -> Option<String> {
    let feed = parse_feed(site, rel);
    let e = &feed.entries[0];
    assert!(e.summary.is_some(), "{rel}: every entry has its summary");
    e.content.as_ref().and_then(|c| c.body.clone())
}

#[test]
fn feeds_full_content_picks_which_feeds_carry_whole_articles() {
    for (setting, site_feeds, term_feeds) in [
        ("", true, false),
        ("feeds: {full_content: site}", true, false),
        ("feeds: {full_content: all}", true, true),
        ("feeds: {full_content: none}", false, false),
    ] {
        let site = feed_site(setting);
        site.build();
        for (feed, full) in [
            ("atom.xml", site_feeds),
            ("rss.xml", site_feeds),
            ("tags/even/atom.xml", term_feeds),
            ("authors/author-odd/atom.xml", term_feeds),
        ] {
            let text = newest_full_text(&site, feed);
            assert_eq!(text.is_some(), full, "{setting:?}: {feed}: {text:?}");
            if let Some(text) = text {
                assert!(text.contains("Second paragraph"), "{setting:?}: {feed}");
            }
        }
    }
    let site = feed_site("feeds: {full_content: yes}");
    site.build_with(&[])
        .fails()
        .stderr_has("site.yaml")
        .stderr_has("full_content");
}

#[test]
fn term_feeds_carry_only_their_terms_articles() {
    let site = feed_site("");
    site.build();
    let feed = parse_feed(&site, "tags/even/atom.xml");
    let titles: Vec<String> = feed.entries.iter().map(entry_title).collect();
    let expected: Vec<String> = (1..=12)
        .rev()
        .map(|i| format!("Story {:02}", 2 * i))
        .collect();
    assert_eq!(titles, expected);
    assert!(feed.title.as_ref().unwrap().content.contains("Even"));
    assert!(
        feed.links
            .iter()
            .any(|l| l.href == format!("{BASE_URL}/tags/even/atom.xml")),
        "{:?}",
        feed.links
    );
    for e in &feed.entries {
        assert!(entry_url(e).starts_with(&format!("{BASE_URL}/world/s")));
    }
    // Authors and categories terms have feeds too.
    assert_eq!(
        parse_feed(&site, "authors/author-odd/atom.xml")
            .entries
            .len(),
        13
    );
    assert_eq!(
        parse_feed(&site, "categories/world/atom.xml").entries.len(),
        20
    );
}

#[test]
fn feeds_escape_titles_and_content() {
    let site = TestSite::new("");
    let title = r#"Markets <b>crash</b> & "rally" ]]> 'again'"#;
    site.article(
        "business/x.md",
        title,
        "2024-01-01",
        "tags: [\"R&D <lab>\"]\nauthor: \"O'Brien & Sons <PR>\"",
        "Body with `]]>` and <em>inline html</em> & an ampersand.",
    );
    site.build();
    for f in ["atom.xml", "rss.xml", "tags/r-d-lab/atom.xml"] {
        let feed = parse_feed(&site, f);
        let e = &feed.entries[0];
        assert_eq!(entry_title(e), title, "{f}");
        assert!(
            e.categories.iter().any(|c| c.term == "R&D <lab>"),
            "{f}: {:?}",
            e.categories
        );
        assert_eq!(e.authors[0].name, "O'Brien & Sons <PR>", "{f}");
        // Term feeds carry the summary (here the whole first paragraph).
        let body = match (&e.content, &e.summary) {
            (Some(c), _) => c.body.clone().unwrap(),
            (None, Some(s)) => s.content.clone(),
            (None, None) => panic!("{f}: entry without content or summary"),
        };
        assert!(body.contains("<code>]]&gt;</code>"), "{f}: {body}");
        assert!(body.contains("<em>inline html</em>"), "{f}: {body}");
    }
    // Raw markup never appears unescaped in the XML text.
    let atom = site.read("atom.xml");
    assert!(!atom.contains("<b>crash"), "{atom}");
}

#[test]
fn feed_urls_follow_base_url_and_its_override() {
    let site = TestSite::new("");
    site.site_yaml("Sub Times", "https://example.org/news/", "theme: t");
    site.article(
        "world/a.md",
        "A",
        "2024-01-01",
        "tags: [X]\nimage: pic.jpg",
        "x",
    );
    site.write_bytes("content/world/pic.jpg", b"jpg");
    site.build();
    let atom = parse_feed(&site, "atom.xml");
    assert_eq!(
        entry_url(&atom.entries[0]),
        "https://example.org/news/world/a/"
    );
    assert!(
        atom.links
            .iter()
            .any(|l| l.href == "https://example.org/news/atom.xml")
    );
    let raw = site.read("atom.xml");
    assert!(
        raw.contains("https://example.org/news/world/pic.jpg"),
        "{raw}"
    );
    let rss = parse_feed(&site, "rss.xml");
    assert_eq!(
        entry_url(&rss.entries[0]),
        "https://example.org/news/world/a/"
    );
    let locs = xml_texts(&site.read("sitemap.xml"), "loc");
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://example.org/news/")),
        "{locs:?}"
    );

    site.build_with(&["--base-url", "https://preview.example.net/"])
        .ok();
    let atom = parse_feed(&site, "atom.xml");
    assert_eq!(
        entry_url(&atom.entries[0]),
        "https://preview.example.net/world/a/"
    );
    assert_eq!(
        entry_url(&parse_feed(&site, "tags/x/atom.xml").entries[0]),
        "https://preview.example.net/world/a/"
    );
}

// ---------------------------------------------------------------- sitemaps and robots

#[test]
fn sitemap_lists_exactly_the_written_html_pages() {
    let site = TestSite::new("paginate: 2");
    for i in 1..=5 {
        site.article(
            &format!("world/w{i}.md"),
            &format!("W{i}"),
            &format!("2024-01-{i:02}"),
            "tags: [Russia]\nauthor: Jane Doe\ncategory: World",
            "x",
        );
    }
    site.article(
        "business/b.md",
        "B",
        "2024-02-01",
        "updated: 2024-03-01T08:00:00+02:00\naliases: [/old/b/, old/b.html]",
        "x",
    );
    site.article(
        "world/draft.md",
        "Draft",
        "2024-02-02",
        "draft: true\ntags: [Hidden]",
        "x",
    );
    site.article(
        "world/gone.md",
        "Gone",
        "2019-01-01",
        "expires: 2020-01-01",
        "x",
    );
    site.raw(
        "about.md",
        "---\ntitle: About\ntype: page\naliases: [/about-us/]\n---\nx\n",
    );
    site.build();

    // Every HTML page written, except 404.html and alias redirects.
    let mut written = BTreeSet::new();
    for f in site.output_files() {
        if !f.ends_with(".html") || f == "404.html" {
            continue;
        }
        let html = site.read(&f);
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        assert!(f.ends_with("index.html"), "page written as {f}");
        let dir = f.trim_end_matches("index.html");
        written.insert(format!("{BASE_URL}/{dir}"));
    }
    let locs: Vec<String> = xml_texts(&site.read("sitemap.xml"), "loc");
    let listed: BTreeSet<String> = locs.iter().cloned().collect();
    assert_eq!(locs.len(), listed.len(), "duplicate URLs in the sitemap");
    assert_eq!(
        listed.difference(&written).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "in the sitemap but not written"
    );
    assert_eq!(
        written.difference(&listed).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "written but not in the sitemap"
    );
    // Sanity: the kinds of pages are all there, and the excluded ones are not.
    for want in [
        "/",
        "/page/2/",
        "/page/3/",
        "/world/",
        "/world/page/2/",
        "/world/w1/",
        "/about/",
        "/tags/",
        "/tags/russia/",
        "/tags/russia/page/3/",
        "/authors/jane-doe/",
    ] {
        assert!(
            listed.contains(&format!("{BASE_URL}{want}")),
            "{want} missing"
        );
    }
    for not in [
        "/world/draft/",
        "/tags/hidden/",
        "/world/gone/",
        "/old/b/",
        "/about-us/",
        "/404.html",
    ] {
        assert!(
            !listed.contains(&format!("{BASE_URL}{not}")),
            "{not} listed"
        );
        assert!(!locs.iter().any(|l| l.contains(not)), "{not} listed");
    }
    // lastmod: the article's update.
    let xml = site.read("sitemap.xml");
    let b = xml.find(&format!("{BASE_URL}/business/b/")).unwrap();
    let after = &xml[b..xml[b..].find("</url>").unwrap() + b];
    assert!(
        after.contains("<lastmod>2024-03-01T08:00:00+02:00</lastmod>"),
        "{after}"
    );
    assert_eq!(
        xml_texts(&xml, "lastmod").len(),
        locs.len() - 1,
        "every page but About has a lastmod"
    );
}

#[test]
fn news_sitemap_holds_the_articles_of_the_last_two_days() {
    let site = TestSite::new("language: kk");
    let ages = [1, 20, 47, 49, 72, 240];
    for h in ages {
        site.article(
            &format!("world/h{h}.md"),
            &format!("{h} hours & <ago>"),
            &hours_from_now(-h),
            "",
            "x",
        );
    }
    site.article("world/soon.md", "Soon", &hours_from_now(5), "", "x");
    site.build_with(&["--future"]).ok();
    let xml = site.read("news-sitemap.xml");
    assert!(xml.contains("xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""));
    let locs = xml_texts(&xml, "loc");
    assert_eq!(
        locs,
        [1, 20, 47]
            .iter()
            .map(|h| format!("{BASE_URL}/world/h{h}/"))
            .collect::<Vec<_>>(),
        "{xml}"
    );
    assert_eq!(
        xml_texts(&xml, "news:title"),
        ["1 hours & <ago>", "20 hours & <ago>", "47 hours & <ago>"]
    );
    assert_eq!(xml_texts(&xml, "news:name"), ["Test Times"; 3]);
    assert_eq!(xml_texts(&xml, "news:language"), ["kk"; 3]);
    let dates = xml_texts(&xml, "news:publication_date");
    let first: jiff::Timestamp = dates[0].parse().expect("an RFC 3339 date");
    let want: jiff::Timestamp = hours_from_now(-1).parse().unwrap();
    assert!((want - first).get_seconds().abs() < 600, "{dates:?}");
    assert!(
        dates.iter().all(|d| d.parse::<jiff::Timestamp>().is_ok()),
        "{dates:?}"
    );

    // The window is configurable.
    site.config("feeds:\n  news_days: 4");
    site.build();
    assert_eq!(xml_texts(&site.read("news-sitemap.xml"), "loc").len(), 5);
}

#[test]
fn robots_txt_points_at_the_sitemaps() {
    let site = TestSite::new("");
    // Recent, so that there is a news sitemap to point at (issue 26).
    site.article("world/a.md", "A", &hours_from_now(-1), "", "x");
    site.build();
    let robots = site.read("robots.txt");
    assert!(robots.contains("User-agent: *"), "{robots}");
    assert!(
        robots
            .lines()
            .any(|l| l.trim() == format!("Sitemap: {BASE_URL}/sitemap.xml")),
        "{robots}"
    );
    assert!(
        robots
            .lines()
            .any(|l| l.trim() == format!("Sitemap: {BASE_URL}/news-sitemap.xml")),
        "{robots}"
    );
    assert!(
        !robots.lines().any(|l| l.trim() == "Disallow: /"),
        "{robots}"
    );
}

#[test]
fn a_sites_own_robots_txt_wins() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    site.write("static/robots.txt", "User-agent: *\nDisallow: /private/\n");
    site.build();
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nDisallow: /private/\n"
    );
}

// ---------------------------------------------------------------- metadata

fn find_type<'a>(json: &'a serde_json::Value, ty: &str) -> Option<&'a serde_json::Value> {
    if json["@type"] == ty {
        return Some(json);
    }
    json["@graph"].as_array()?.iter().find(|v| v["@type"] == ty)
}

#[test]
fn json_ld_names_the_headline_and_author() {
    let site = TestSite::new("");
    site.write_bytes("content/world/lead.jpg", b"jpg");
    site.article(
        "world/kz.md",
        "Kazakhstan votes \"today\"",
        "2024-02-01T09:00:00+06:00",
        "authors: [Aigerim Sarsen, John Roe]\nupdated: 2024-02-02\nimage: lead.jpg\nsummary: A vote.",
        "Voters went to the polls.",
    );
    site.build();
    let html = site.page("/world/kz/");
    let ld = json_ld(&html).expect("a JSON-LD script on article pages");
    let json: serde_json::Value = serde_json::from_str(&ld).expect("JSON-LD parses as JSON");
    let news = find_type(&json, "NewsArticle").expect("a NewsArticle");
    assert_eq!(news["headline"], "Kazakhstan votes \"today\"");
    let authors: Vec<&str> = news["author"]
        .as_array()
        .expect("author list")
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["Aigerim Sarsen", "John Roe"]);
    assert_eq!(news["datePublished"], "2024-02-01T09:00:00+06:00");
    assert_eq!(news["dateModified"], "2024-02-02");
    assert_eq!(news["image"][0], format!("{BASE_URL}/world/lead.jpg"));
    assert_eq!(news["publisher"]["name"], "Test Times");
    assert_eq!(news["url"], format!("{BASE_URL}/world/kz/"));
    let crumbs = find_type(&json, "BreadcrumbList").expect("breadcrumbs");
    let items = crumbs["itemListElement"].as_array().unwrap();
    assert_eq!(
        items.last().unwrap()["item"],
        format!("{BASE_URL}/world/kz/")
    );
    // Not on lists (the front page has the publisher's, issue 26).
    assert!(json_ld(&site.page("/world/")).is_none());
    assert!(!json_ld(&site.page("/")).unwrap().contains("NewsArticle"));
}

#[test]
fn default_theme_emits_feed_links_and_social_metadata() {
    let site = TestSite::with_broadsheet("");
    site.write_bytes("content/world/lead.jpg", b"jpg");
    site.article(
        "world/kz.md",
        "Kazakhstan votes",
        "2024-02-01",
        "tags: [Kazakhstan]\nauthor: Aigerim Sarsen\nimage: lead.jpg\nsummary: Polls open across the country.",
        "Voters went to the polls.",
    );
    site.build();
    let article = site.page("/world/kz/");
    for needle in [
        format!("<link rel=\"canonical\" href=\"{BASE_URL}/world/kz/\">"),
        // Root-relative, so that a preview on another host finds them.
        "href=\"/atom.xml\"".to_string(),
        "href=\"/rss.xml\"".to_string(),
        "type=\"application/atom+xml\"".to_string(),
        "type=\"application/rss+xml\"".to_string(),
        "property=\"og:type\" content=\"article\"".to_string(),
        format!("property=\"og:url\" content=\"{BASE_URL}/world/kz/\""),
        format!("property=\"og:image\" content=\"{BASE_URL}/world/lead.jpg\""),
        "name=\"twitter:card\" content=\"summary_large_image\"".to_string(),
        "name=\"description\" content=\"Polls open across the country.\"".to_string(),
        "href=\"/tags/kazakhstan/\"".to_string(),
    ] {
        assert!(article.contains(&needle), "article page lacks {needle}");
    }
    let ld = json_ld(&article).expect("JSON-LD");
    let json: serde_json::Value = serde_json::from_str(&ld).unwrap();
    let news = find_type(&json, "NewsArticle").unwrap();
    assert_eq!(news["author"][0]["name"], "Aigerim Sarsen");
    // A term page links its own feed for autodiscovery.
    let term = site.page("/tags/kazakhstan/");
    assert!(
        term.contains("href=\"/tags/kazakhstan/atom.xml\""),
        "term page lacks its feed link"
    );
}

// ---------------------------------------------------------------- aliases

#[test]
fn alias_pages_redirect_to_the_canonical_url() {
    let site = TestSite::new("");
    site.article(
        "world/kz.md",
        "KZ",
        "2024-01-01",
        "aliases: [/old/url/, old/page.html, /2019/01/kz]",
        "x",
    );
    site.raw(
        "about.md",
        "---\ntitle: About\ntype: page\naliases: [/about-us/]\n---\nx\n",
    );
    site.build();
    // Only the canonical link is absolute: the redirect stays on the host
    // the alias was opened from.
    let canonical = format!("{BASE_URL}/world/kz/");
    let target = "/world/kz/";
    for rel in [
        "old/url/index.html",
        "old/page.html",
        "2019/01/kz/index.html",
    ] {
        let html = site.read(rel);
        assert!(
            html.contains(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
            )),
            "{rel}: {html}"
        );
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
            "{rel}: {html}"
        );
        assert!(
            html.contains(&format!("<a href=\"{target}\">")),
            "{rel}: {html}"
        );
    }
    let about = site.read("about-us/index.html");
    assert!(about.contains("url=/about/\""), "{about}");
    // The canonical page itself is a normal page.
    assert!(!site.page("/world/kz/").contains("http-equiv=\"refresh\""));
}

#[test]
fn an_alias_leaving_the_output_folder_is_an_error() {
    for bad in [
        "../escape/",
        "/a/../../escape/",
        "https://evil.example/x",
        "a\\\\b",
        "/",
    ] {
        let site = TestSite::new("");
        site.raw(
            "world/kz.md",
            &format!("---\ntitle: KZ\ndate: 2024-01-01\naliases: [\"{bad}\"]\n---\nx\n"),
        );
        let run = site.build_with(&[]).fails();
        run.stderr_has("content/world/kz.md:4").stderr_has("alias");
        assert!(!site.output().exists(), "{bad}: output written");
        assert!(!site.root().join("escape").exists(), "{bad}");
        assert!(
            !site.root().parent().unwrap().join("escape").exists(),
            "{bad}"
        );
    }
}

#[test]
fn an_alias_onto_a_generated_page_is_an_error() {
    for alias in ["/tags/russia/", "/page/2/", "/world/page/2/", "/tags/"] {
        let site = TestSite::new("paginate: 1");
        site.article("world/a.md", "A", "2024-01-01", "tags: [Russia]", "x");
        site.article(
            "world/b.md",
            "B",
            "2024-01-02",
            &format!("aliases: [\"{alias}\"]"),
            "x",
        );
        let run = site.build_with(&[]).fails();
        run.stderr_has("content/world/b.md").stderr_has(alias);
    }
}

#[test]
fn an_empty_site_has_valid_feeds_and_sitemaps() {
    let site = TestSite::new("");
    site.build();
    for f in ["atom.xml", "rss.xml"] {
        assert!(parse_feed(&site, f).entries.is_empty(), "{f}");
    }
    let locs = xml_texts(&site.read("sitemap.xml"), "loc");
    assert!(locs.contains(&format!("{BASE_URL}/")), "{locs:?}");
    // An empty <urlset> is invalid: no news sitemap at all (issue 26).
    assert!(!site.exists("news-sitemap.xml"));
    assert!(!site.read("robots.txt").contains("news-sitemap"));
    assert!(index_terms(&site, "tags").is_empty());
}

#[test]
fn lead_image_urls_in_feeds_and_metadata_are_encoded() {
    let site = TestSite::new("");
    site.write_bytes("content/world/my photo.jpg", b"jpg");
    site.article(
        "world/kz.md",
        "KZ",
        "2024-01-01",
        "image: my photo.jpg",
        "![alt](my%20photo.jpg)",
    );
    site.build();
    assert_eq!(site.read_bytes("world/my photo.jpg"), b"jpg");
    let want = format!("{BASE_URL}/world/my%20photo.jpg");
    let ld: serde_json::Value =
        serde_json::from_str(&json_ld(&site.page("/world/kz/")).unwrap()).unwrap();
    let news = find_type(&ld, "NewsArticle").unwrap();
    assert_eq!(news["image"][0], want.as_str(), "JSON-LD image");
    let atom = parse_feed(&site, "atom.xml");
    let hrefs: Vec<&str> = atom.entries[0]
        .links
        .iter()
        .map(|l| l.href.as_str())
        .collect();
    assert!(hrefs.contains(&want.as_str()), "Atom enclosure: {hrefs:?}");
    assert!(
        !site.read("atom.xml").contains("my photo.jpg"),
        "an unencoded URL in the Atom feed"
    );
}
