//! End-to-end builds of temporary sites through the real `gazette` binary
//! (issue 8): URLs, pagination, publication rules, slugs, dates, summaries,
//! escaping, the atomic output swap, refused output folders, error reports,
//! `init` and `new`, copied files, standalone pages, and the default theme.

use crate::common;

use common::*;

// ---------------------------------------------------------------- URLs

#[test]
fn urls_follow_the_spec() {
    let site = TestSite::new("paginate: 2");
    for (i, slug) in ["a", "b", "c"].iter().enumerate() {
        site.article(
            &format!("world/{slug}.md"),
            &format!("World {slug}"),
            &format!("2024-03-0{}", i + 1),
            "tags: [Shared]\ncategory: World\nauthor: Jane Doe",
            "Body.",
        );
    }
    site.article(
        "world/asia/kz.md",
        "Nested",
        "2024-03-05",
        "tags: [Shared]",
        "Nested body.",
    );
    site.article("business/x.md", "Business X", "2024-03-04", "", "Body.");
    site.raw(
        "about.md",
        "---\ntitle: About us\ntype: page\n---\n\nWho we are.\n",
    );
    site.build();

    for f in [
        "index.html",
        "page/2/index.html",
        "page/3/index.html",
        "world/index.html",
        "world/page/2/index.html",
        "world/a/index.html",
        "world/b/index.html",
        "world/c/index.html",
        "world/kz/index.html",
        "business/index.html",
        "business/x/index.html",
        "about/index.html",
        "tags/index.html",
        "tags/shared/index.html",
        "tags/shared/page/2/index.html",
        "tags/shared/atom.xml",
        "categories/index.html",
        "categories/world/index.html",
        "authors/index.html",
        "authors/jane-doe/index.html",
        "authors/jane-doe/atom.xml",
        "atom.xml",
        "rss.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "theme.css",
    ] {
        assert!(
            site.exists(f),
            "missing output/{f}; have:\n{:#?}",
            site.output_files()
        );
    }
    // Not written: a page 1 alias, a 404 folder, a folder for the nested subsection.
    for f in [
        "page/1/index.html",
        "world/page/1/index.html",
        "404/index.html",
        "world/asia/kz/index.html",
        "tags/shared/page/3/index.html",
    ] {
        assert!(!site.exists(f), "unexpected output/{f}");
    }

    let a = site.page("/world/a/");
    assert_eq!(text_of(&a, "p", "url"), "/world/a/");
    assert_eq!(
        text_of(&a, "p", "permalink"),
        format!("{BASE_URL}/world/a/")
    );
    assert_eq!(text_of(&a, "p", "current-url"), "/world/a/");
    assert!(a.contains(&format!(
        "<link rel=\"canonical\" href=\"{BASE_URL}/world/a/\">"
    )));
    assert_eq!(text_of(&a, "p", "section"), "World|/world/");
    let about = site.page("/about/");
    assert_eq!(text_of(&about, "h1", "page-title"), "About us");
    assert!(site.read("404.html").contains("Not found"));
    // Section navigation lists top-level sections only.
    let navs: Vec<String> = elems(&a, "a", "nav")
        .iter()
        .map(|e| e.attr("href"))
        .collect();
    assert_eq!(navs, ["/business/", "/world/"]);
}

#[test]
fn permalink_pattern_with_dates() {
    let site = TestSite::new("permalink: \"/:year/:month/:day/:slug/\"");
    site.article("world/kz.md", "KZ", "2022-01-09T18:30:00+01:00", "", "x");
    site.build();
    assert!(site.page_exists("/2022/01/09/kz/"));
    assert!(!site.page_exists("/world/kz/"));
    // The section listing still exists.
    let list = site.page("/world/");
    assert_eq!(
        pager(&list).items,
        [("/2022/01/09/kz/".into(), "KZ".into())]
    );
}

#[test]
fn base_url_path_prefix_and_override() {
    let site = TestSite::new("");
    site.site_yaml("Test Times", "https://example.org/news/", "theme: t");
    site.article("world/kz.md", "KZ", "2024-01-01", "tags: [Astana]", "x");
    site.build();
    let a = site.page("/world/kz/");
    assert_eq!(text_of(&a, "p", "url"), "/news/world/kz/");
    assert_eq!(
        text_of(&a, "p", "permalink"),
        "https://example.org/news/world/kz/"
    );
    let tag = &elems(&a, "a", "tag")[0];
    assert_eq!(tag.attr("href"), "/news/tags/astana/");

    site.build_with(&["--base-url", "https://preview.example.net"])
        .ok();
    let a = site.page("/world/kz/");
    assert_eq!(
        text_of(&a, "p", "permalink"),
        "https://preview.example.net/world/kz/"
    );
    let feed = feed_rs::parser::parse(site.read_bytes("atom.xml").as_slice()).unwrap();
    assert_eq!(
        feed.entries[0].links[0].href,
        "https://preview.example.net/world/kz/"
    );
}

// ---------------------------------------------------------------- pagination

/// Builds `n` articles, all in section `world` and tagged `Boundary`, with
/// `paginate: 3`, and checks the front page, the section and the term pages.
fn check_pagination(n: usize) {
    let per = 3;
    let site = TestSite::new(&format!("paginate: {per}"));
    for i in 0..n {
        site.article(
            &format!("world/a{i:02}.md"),
            &format!("Story {i:02}"),
            &format!("2024-01-{:02}", i + 1),
            "tags: [Boundary]",
            "Body.",
        );
    }
    site.build();
    check_list(&site, "/", n, per);
    if n == 0 {
        assert!(!site.page_exists("/world/"), "no section without articles");
        assert!(
            !site.page_exists("/tags/boundary/"),
            "no term without articles"
        );
    } else {
        check_list(&site, "/world/", n, per);
        check_list(&site, "/tags/boundary/", n, per);
    }
}

fn check_list(site: &TestSite, base: &str, n: usize, per: usize) {
    let pages = n.div_ceil(per).max(1);
    let url = |p: usize| {
        if p == 1 {
            base.to_string()
        } else {
            format!("{base}page/{p}/")
        }
    };
    let mut seen = Vec::new();
    for p in 1..=pages {
        let html = site.page(&url(p));
        let pg = pager(&html);
        assert_eq!(pg.current, p, "{base} page {p}");
        assert_eq!(pg.total, pages, "{base} page {p}: total pages");
        assert_eq!(pg.total_items, n, "{base} page {p}: total items");
        let want = per.min(n - (p - 1) * per);
        assert_eq!(
            pg.items.len(),
            want,
            "{base} page {p}: items {:?}",
            pg.items
        );
        assert_eq!(
            pg.prev,
            (p > 1).then(|| url(p - 1)),
            "{base} page {p}: prev"
        );
        assert_eq!(
            pg.next,
            (p < pages).then(|| url(p + 1)),
            "{base} page {p}: next"
        );
        seen.extend(pg.items);
    }
    let expected: Vec<(String, String)> = (0..n)
        .rev()
        .map(|i| (format!("/world/a{i:02}/"), format!("Story {i:02}")))
        .collect();
    assert_eq!(seen, expected, "{base}: every article once, newest first");
    assert!(!site.page_exists(&format!("{base}page/{}/", pages + 1)));
    assert!(!site.page_exists(&format!("{base}page/1/")));
}

#[test]
fn pagination_with_no_articles() {
    check_pagination(0);
}

#[test]
fn pagination_with_one_article() {
    check_pagination(1);
}

#[test]
fn pagination_with_exactly_paginate_articles() {
    check_pagination(3);
}

#[test]
fn pagination_with_paginate_plus_one_articles() {
    check_pagination(4);
}

// ---------------------------------------------------------------- publication rules

fn titles_on(site: &TestSite, path: &str) -> Vec<String> {
    pager(&site.page(path))
        .items
        .into_iter()
        .map(|i| i.1)
        .collect()
}

#[test]
fn drafts_are_excluded_unless_asked_for() {
    let site = TestSite::new("");
    site.article("world/pub.md", "Published", "2024-01-01", "tags: [T]", "x");
    site.article(
        "world/wip.md",
        "Drafty",
        "2024-01-02",
        "draft: true\ntags: [T, DraftOnly]",
        "x",
    );
    site.raw(
        "draft-page.md",
        "---\ntitle: Draft page\ntype: page\ndraft: true\n---\nx\n",
    );
    site.build();
    assert!(!site.page_exists("/world/wip/"));
    assert!(!site.page_exists("/draft-page/"));
    assert_eq!(titles_on(&site, "/"), ["Published"]);
    assert!(!site.page_exists("/tags/draftonly/"));
    assert_eq!(
        text_of(&site.page("/tags/t/"), "p", "term")
            + "|"
            + &elem(&site.page("/tags/t/"), "p", "term").attr("data-count"),
        "T|1"
    );
    for f in ["atom.xml", "rss.xml", "sitemap.xml", "tags/t/atom.xml"] {
        let text = site.read(f);
        assert!(
            !text.contains("Drafty") && !text.contains("/world/wip/"),
            "{f}"
        );
    }

    site.build_with(&["--drafts"]).ok();
    assert!(site.page_exists("/world/wip/"));
    assert!(site.page_exists("/draft-page/"));
    assert_eq!(titles_on(&site, "/"), ["Drafty", "Published"]);
    assert!(site.page_exists("/tags/draftonly/"));
    assert!(site.read("atom.xml").contains("Drafty"));
}

#[test]
fn future_articles_are_excluded_unless_asked_for() {
    let site = TestSite::new("");
    site.article("world/now.md", "Present", "2024-01-01", "", "x");
    site.article(
        "world/later.md",
        "Tomorrow",
        &hours_from_now(48),
        "tags: [Soon]",
        "x",
    );
    site.build();
    assert!(!site.page_exists("/world/later/"));
    assert_eq!(titles_on(&site, "/"), ["Present"]);
    assert!(!site.page_exists("/tags/soon/"));
    assert!(!site.read("atom.xml").contains("Tomorrow"));
    assert!(!site.read("sitemap.xml").contains("/world/later/"));

    site.build_with(&["--future"]).ok();
    assert!(site.page_exists("/world/later/"));
    assert_eq!(titles_on(&site, "/"), ["Tomorrow", "Present"]);
    assert!(site.page_exists("/tags/soon/"));
}

#[test]
fn expired_articles_are_excluded() {
    let site = TestSite::new("");
    site.article(
        "world/old.md",
        "Expired",
        "2019-01-01",
        "expires: 2020-01-01\ntags: [Gone]",
        "x",
    );
    site.article(
        "world/fresh.md",
        "Still valid",
        "2019-01-02",
        &format!("expires: {}", hours_from_now(48)),
        "x",
    );
    site.build();
    assert!(!site.page_exists("/world/old/"));
    assert!(site.page_exists("/world/fresh/"));
    assert_eq!(titles_on(&site, "/"), ["Still valid"]);
    assert!(!site.page_exists("/tags/gone/"));
    for f in ["atom.xml", "rss.xml", "sitemap.xml"] {
        assert!(!site.read(f).contains("/world/old/"), "{f}");
    }
}

// ---------------------------------------------------------------- slugs

#[test]
fn slugs_from_unicode_and_punctuated_file_names() {
    let site = TestSite::new("");
    let cases = [
        ("world/Қазақстан.md", "/world/qazaqstan/"),
        ("world/Россия.md", "/world/rossiia/"),
        ("world/Zürich Café.md", "/world/zurich-cafe/"),
        ("world/Hello, World!!.md", "/world/hello-world/"),
        (
            "world/  Spaces -- and__underscores .md",
            "/world/spaces-and-underscores/",
        ),
        (
            "world/Öskemen жаңалықтары.md",
            "/world/oskemen-zhangalyqtary/",
        ),
        ("Мир/story.md", "/mir/story/"),
    ];
    for (i, (file, _)) in cases.iter().enumerate() {
        site.article(file, &format!("Case {i}"), "2024-01-01", "", "x");
    }
    // A file name with nothing to transliterate falls back to the title.
    site.article("world/!!!.md", "Party Time!", "2024-01-01", "", "x");
    site.build();
    for (file, path) in cases {
        assert!(
            site.page_exists(path),
            "{file} should be at {path}; have:\n{:#?}",
            site.output_files()
        );
        let html = site.page(path);
        assert_eq!(text_of(&html, "p", "url"), path);
        assert!(
            text_of(&html, "p", "slug")
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{file}"
        );
    }
    assert!(site.page_exists("/world/party-time/"));
}

#[test]
fn custom_slug_overrides_the_file_name() {
    let site = TestSite::new("");
    site.article(
        "world/whatever.md",
        "A",
        "2024-01-01",
        "slug: my-custom-slug",
        "x",
    );
    site.article(
        "world/other.md",
        "B",
        "2024-01-01",
        "slug: \"Қазақ Елі!\"",
        "x",
    );
    site.build();
    assert!(site.page_exists("/world/my-custom-slug/"));
    assert!(!site.page_exists("/world/whatever/"));
    assert_eq!(
        text_of(&site.page("/world/my-custom-slug/"), "p", "slug"),
        "my-custom-slug"
    );
    assert!(
        site.page_exists("/world/qazaq-eli/"),
        "{:#?}",
        site.output_files()
    );
}

#[test]
fn two_articles_on_one_path_is_an_error_naming_both() {
    let site = TestSite::new("");
    site.article("world/Hello World.md", "One", "2024-01-01", "", "x");
    site.article("world/hello-world.md", "Two", "2024-01-02", "", "x");
    let run = site.build_with(&[]).fails();
    run.stderr_has("content/world/Hello World.md")
        .stderr_has("content/world/hello-world.md")
        .stderr_has("/world/hello-world/");
    assert!(
        !site.output().exists(),
        "nothing written on a failed first build"
    );
}

#[test]
fn custom_slug_and_cross_section_collisions_are_errors() {
    let site = TestSite::new("permalink: \"/:slug/\"");
    site.article("world/same.md", "One", "2024-01-01", "", "x");
    site.article("business/same.md", "Two", "2024-01-02", "", "x");
    site.article("world/a.md", "Three", "2024-01-03", "slug: b", "x");
    site.article("world/b.md", "Four", "2024-01-04", "", "x");
    let run = site.build_with(&[]).fails();
    run.stderr_has("content/world/same.md")
        .stderr_has("content/business/same.md")
        .stderr_has("content/world/a.md")
        .stderr_has("content/world/b.md");
}

#[test]
fn alias_onto_an_article_path_is_an_error() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    site.article("world/b.md", "B", "2024-01-02", "aliases: [/world/a/]", "x");
    site.build_with(&[])
        .fails()
        .stderr_has("content/world/a.md")
        .stderr_has("content/world/b.md");
}

// ---------------------------------------------------------------- dates

#[test]
fn the_three_date_forms_and_fractional_seconds() {
    let site = TestSite::new("");
    let fm = |date: &str, extra: &str| format!("---\ntitle: T\ndate: {date}\n{extra}---\n\nx\n");
    site.raw("world/rfc.md", &fm("2022-01-09T18:30:00+01:00", ""));
    site.raw("world/day.md", &fm("2022-01-10", "updated: 2022-01-13\n"));
    site.raw("world/civil.md", &fm("\"2022-01-11 18:30\"", ""));
    site.raw("world/frac.md", &fm("'2012-01-28T00:58:18.000Z'", ""));
    site.raw(
        "world/frac2.md",
        &fm("2022-01-12T08:00:00.123456+05:00", ""),
    );
    site.raw("world/civil-secs.md", &fm("2022-01-08 07:05:09", ""));
    site.build();
    let date = |slug: &str| text_of(&site.page(&format!("/world/{slug}/")), "p", "date");
    assert_eq!(date("rfc"), "2022-01-09T18:30:00+01:00");
    assert_eq!(date("day"), "2022-01-10");
    assert_eq!(date("civil"), "2022-01-11T18:30:00Z");
    assert_eq!(date("frac"), "2012-01-28T00:58:18Z");
    assert_eq!(date("frac2"), "2022-01-12T08:00:00+05:00");
    assert_eq!(date("civil-secs"), "2022-01-08T07:05:09Z");
    let rfc = site.page("/world/rfc/");
    assert_eq!(text_of(&rfc, "p", "date-display"), "9 January 2022");
    assert_eq!(text_of(&rfc, "p", "updated"), "NONE");
    assert_eq!(
        text_of(&site.page("/world/day/"), "p", "updated"),
        "2022-01-13"
    );
    // Newest first, by instant (frac2 is 03:00Z on the 12th).
    let order: Vec<String> = pager(&site.page("/"))
        .items
        .into_iter()
        .map(|i| i.0)
        .collect();
    assert_eq!(
        order,
        [
            "/world/frac2/",
            "/world/civil/",
            "/world/day/",
            "/world/rfc/",
            "/world/civil-secs/",
            "/world/frac/"
        ]
    );
    // Feeds carry the same instants.
    let feed = feed_rs::parser::parse(site.read_bytes("atom.xml").as_slice()).unwrap();
    let rfc_entry = feed
        .entries
        .iter()
        .find(|e| e.links[0].href.ends_with("/world/rfc/"))
        .unwrap();
    assert_eq!(
        rfc_entry.published.unwrap().to_rfc3339(),
        "2022-01-09T17:30:00+00:00"
    );
}

#[test]
fn a_bad_date_is_an_error_at_its_line() {
    let site = TestSite::new("");
    site.raw(
        "world/x.md",
        "---\ntitle: T\nauthor: A\ndate: yesterday\n---\nx\n",
    );
    site.build_with(&[])
        .fails()
        .stderr_has("content/world/x.md:4")
        .stderr_has("yesterday");
}

// ---------------------------------------------------------------- summaries

#[test]
fn summaries_from_front_matter_more_marker_and_first_paragraph() {
    let site = TestSite::new("");
    site.article(
        "world/fm.md",
        "FM",
        "2024-01-03",
        "summary: \"Given in front matter & short\"",
        "First para of fm.\n\nSecond.",
    );
    site.article(
        "world/more.md",
        "More",
        "2024-01-02",
        "",
        "Intro one.\n\nIntro *two*.\n\n<!-- more -->\n\nThe rest of the story.",
    );
    site.article(
        "world/first.md",
        "First",
        "2024-01-01",
        "",
        "## A heading\n\nFirst paragraph here.\n\nSecond paragraph.",
    );
    site.build();

    let fm = elem(&site.page("/world/fm/"), "div", "summary").inner;
    assert!(fm.contains("Given in front matter &amp; short"), "{fm}");
    assert!(!fm.contains("First para"), "{fm}");

    let more = elem(&site.page("/world/more/"), "div", "summary").inner;
    assert!(
        more.contains("Intro one.") && more.contains("<em>two</em>"),
        "{more}"
    );
    assert!(!more.contains("rest of the story"), "{more}");

    let first = elem(&site.page("/world/first/"), "div", "summary").inner;
    assert!(first.contains("<p>First paragraph here.</p>"), "{first}");
    assert!(
        !first.contains("Second") && !first.contains("heading"),
        "{first}"
    );

    // The full body is still on the article page.
    let body = elem(&site.page("/world/more/"), "div", "content").inner;
    assert!(body.contains("The rest of the story.") && body.contains("Intro one."));

    // Cards in lists and feeds carry the same summaries.
    let cards = elems(&site.page("/"), "div", "card-summary");
    assert!(cards[0].inner.contains("Given in front matter"));
    assert!(cards[1].inner.contains("Intro one.") && !cards[1].inner.contains("rest"));
    let feed = feed_rs::parser::parse(site.read_bytes("atom.xml").as_slice()).unwrap();
    let summary = |i: usize| feed.entries[i].summary.as_ref().unwrap().content.clone();
    assert!(summary(0).contains("Given in front matter &amp; short"));
    assert!(summary(2).contains("First paragraph here.") && !summary(2).contains("Second"));
}

// ---------------------------------------------------------------- escaping

const EVIL: &str = r#"Breaking <script>alert(1)</script> & "quotes" 'too'"#;

#[test]
fn script_in_a_title_is_escaped_everywhere() {
    let site = TestSite::new("");
    site.article(
        "world/evil.md",
        EVIL,
        &hours_from_now(-1),
        "tags: [\"<b>Bold</b>\"]\nauthor: \"Eve </script> Smith\"\nsummary: \"<img src=x onerror=alert(2)>\"",
        "Body.",
    );
    site.build();

    let pages = [
        site.page("/world/evil/"),
        site.page("/"),
        site.page("/world/"),
        site.page("/tags/b-bold-b/"),
        site.page("/tags/"),
        site.page("/authors/eve-script-smith/"),
    ];
    for html in &pages {
        assert!(
            !html.contains("<script>alert"),
            "raw script tag in:\n{html}"
        );
        assert!(!html.contains("<b>Bold"), "raw term markup in:\n{html}");
        assert!(
            !html.contains("<img src=x"),
            "raw summary markup in:\n{html}"
        );
    }
    let article = &pages[0];
    assert_eq!(text_of(article, "h1", "title"), EVIL);
    assert!(article.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let title = &article[article.find("<title>").unwrap() + 7..article.find("</title>").unwrap()];
    assert_eq!(decode_html(title), format!("{EVIL} | Test Times"));
    assert_eq!(elems(article, "a", "tag")[0].text(), "<b>Bold</b>");
    assert_eq!(pager(&pages[1]).items[0].1, EVIL);
    assert_eq!(pager(&pages[3]).items[0].1, EVIL);

    // JSON-LD: the script element ends where it should, and parses.
    let ld = json_ld(article).expect("JSON-LD script");
    assert!(!ld.to_lowercase().contains("</script"), "{ld}");
    let json: serde_json::Value = serde_json::from_str(&ld).expect("JSON-LD parses");
    let news = find_type(&json, "NewsArticle").expect("NewsArticle");
    assert_eq!(news["headline"], EVIL);
    assert_eq!(news["author"][0]["name"], "Eve </script> Smith");
    // The script element holds exactly one JSON value: nothing after it but </script>.
    let after = &article[article.find(&ld).unwrap() + ld.len()..];
    assert!(after.starts_with("</script>"));

    // Feeds parse and the title round-trips.
    for f in ["atom.xml", "rss.xml", "tags/b-bold-b/atom.xml"] {
        let feed = feed_rs::parser::parse(site.read_bytes(f).as_slice())
            .unwrap_or_else(|e| panic!("{f}: {e}"));
        let entry = &feed.entries[0];
        assert_eq!(entry.title.as_ref().unwrap().content, EVIL, "{f}");
        assert!(
            entry.categories.iter().any(|c| c.term == "<b>Bold</b>"),
            "{f}"
        );
    }
    // Sitemaps are well-formed and the news sitemap title round-trips.
    xml_texts(&site.read("sitemap.xml"), "loc");
    assert_eq!(
        xml_texts(&site.read("news-sitemap.xml"), "news:title"),
        [EVIL]
    );
}

fn find_type<'a>(json: &'a serde_json::Value, ty: &str) -> Option<&'a serde_json::Value> {
    if json["@type"] == ty {
        return Some(json);
    }
    json["@graph"].as_array()?.iter().find(|v| v["@type"] == ty)
}

// ---------------------------------------------------------------- atomic output

/// Leftovers of a build beside the site's files. Gazette keeps one staging
/// folder, `.output.staging`, between builds on purpose (the previous output,
/// reused as the next build's buffer), and its state folder,
/// `.output.state` (the schedule, caches); anything else is debris.
fn staging_debris(site: &TestSite) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".output.staging" && n != ".output.state")
        .filter(|n| n.contains("staging") || n.ends_with(".old") || n.starts_with(".output"))
        .collect()
}

/// Names in the state folder beside the output.
fn state_entries(site: &TestSite) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.path(".output.state"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn bodies_spilled_while_building_reach_every_page_and_leave_no_file_behind() {
    // A build keeps articles' bodies in an unnamed file in the state
    // folder until their pages need them (src/content/body.rs).
    let site = TestSite::with_broadsheet("");
    let body = "The xylophonic cranes are back.\n\nA **quintessential** second paragraph.";
    site.article(
        "world/a.md",
        "Cranes",
        "2024-05-01T10:00:00Z",
        "tags: [Ports]",
        body,
    );
    site.article(
        "world/b.md",
        "Rates",
        "2024-05-02T10:00:00Z",
        "",
        "Rates held.",
    );
    site.build();
    let page = site.page("/world/a/");
    assert!(page.contains("<strong>quintessential</strong>"), "{page}");
    assert!(site.page("/world/b/").contains("Rates held."));
    assert!(site.read("atom.xml").contains("quintessential"));
    assert!(
        site.read("search/d/0.json")
            .contains("The xylophonic cranes are back.")
    );
    assert_eq!(state_entries(&site), ["manifests", "schedule.json"]);

    // Nor does a build that fails once the bodies are spilled.
    site.write(
        "themes/broadsheet/templates/article.html",
        "{{ article.content | no_such_filter }}",
    );
    assert!(!site.build_with(&[]).success());
    assert_eq!(state_entries(&site), ["manifests", "schedule.json"]);
    assert!(
        site.page("/world/a/")
            .contains("<strong>quintessential</strong>")
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "tags: [X]", "x");
    site.article("world/b.md", "B", "2024-01-02", "", "x");
    site.build();
    let before = site.snapshot();
    assert!(before.contains_key("world/a/index.html"));
    assert!(staging_debris(&site).is_empty());

    // A broken article: the build stops before rendering.
    site.raw("world/broken.md", "---\ntitle: [unclosed\n---\nx\n");
    site.article("world/c.md", "C", "2024-01-03", "", "x");
    site.build_with(&[])
        .fails()
        .stderr_has("content/world/broken.md");
    assert_eq!(
        site.snapshot(),
        before,
        "output changed after a failed build"
    );
    assert!(
        staging_debris(&site).is_empty(),
        "{:?}",
        staging_debris(&site)
    );
}

#[test]
fn a_render_failure_leaves_the_previous_output_untouched() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    site.build();
    // A second build, so that a staging folder from the previous one exists
    // and shares unchanged files with the live output.
    site.article("world/b.md", "B", "2024-01-02", "", "x");
    site.build();
    let before = site.snapshot();

    // The build gets as far as rendering (into the staging folder), then fails
    // after lists and feeds that changed have been written.
    site.article("world/c.md", "C", "2024-01-03", "", "x");
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ article.no_such_field.deeper }}{% endblock content %}",
    );
    site.build_with(&[]).fails().stderr_has("article.html");
    assert_eq!(
        site.snapshot(),
        before,
        "output changed after a failed build"
    );
    assert!(
        staging_debris(&site).is_empty(),
        "{:?}",
        staging_debris(&site)
    );
}

#[test]
fn a_rebuild_replaces_the_output_and_drops_stale_pages() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    site.article("world/b.md", "B", "2024-01-02", "", "x");
    site.build();
    assert!(site.read("world/a/index.html").contains("/world/b/"));
    std::fs::remove_file(site.path("content/world/b.md")).unwrap();
    site.build();
    assert!(!site.page_exists("/world/b/"), "stale page left behind");
    assert!(!site.read("world/a/index.html").contains("/world/b/"));
    assert!(!site.read("atom.xml").contains("/world/b/"));
    assert!(
        staging_debris(&site).is_empty(),
        "{:?}",
        staging_debris(&site)
    );
}

/// Output of a clean build of `site` into a fresh folder.
fn clean_build(site: &TestSite) -> std::collections::BTreeMap<String, Vec<u8>> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site.build_with(&["--output", &out.to_string_lossy()]).ok();
    files_under(&out)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn assert_same_output(site: &TestSite, step: &str) {
    let got = site.snapshot();
    let want = clean_build(site);
    let got_names: Vec<_> = got.keys().collect();
    let want_names: Vec<_> = want.keys().collect();
    assert_eq!(got_names, want_names, "{step}: file lists differ");
    for (name, bytes) in &want {
        assert!(
            got[name] == *bytes,
            "{step}: output/{name} differs from a clean build"
        );
    }
}

#[test]
fn successive_rebuilds_match_a_clean_build() {
    let site = TestSite::new("paginate: 2");
    site.article("world/a.md", "A", "2024-01-01", "tags: [X, Y]", "Alpha.");
    site.article("world/b.md", "B", "2024-01-02", "tags: [X]", "Beta.");
    site.article("business/c.md", "C", "2024-01-03", "tags: [Y]", "Gamma.");
    site.write_bytes("content/world/pic.png", b"one");
    site.build();
    assert_same_output(&site, "first build");

    // Edits: a changed title, a new article, a removed one, a changed asset.
    site.article(
        "world/b.md",
        "B, revised",
        "2024-01-02",
        "tags: [Z]",
        "Beta two.",
    );
    site.article("culture/d.md", "D", "2024-01-04", "tags: [X]", "Delta.");
    std::fs::remove_file(site.path("content/business/c.md")).unwrap();
    site.write_bytes("content/world/pic.png", b"two");
    site.build();
    assert_same_output(&site, "after edits");
    assert!(!site.page_exists("/business/c/") && !site.page_exists("/tags/y/page/2/"));

    // A build that fails while rendering, then a good one.
    site.article("world/e.md", "E", "2024-01-05", "", "Epsilon.");
    site.write(
        "templates/list.html",
        "{% extends \"base.html\" %}{% block content %}{{ list.missing.field }}{% endblock content %}",
    );
    site.build_with(&[]).fails();
    std::fs::remove_file(site.path("templates/list.html")).unwrap();
    site.build();
    assert_same_output(&site, "after a failed build");

    // A rebuild with nothing changed.
    site.build();
    assert_same_output(&site, "no-op rebuild");
    assert!(
        staging_debris(&site).is_empty(),
        "{:?}",
        staging_debris(&site)
    );
}

/// How many pages a build took unchanged from the previous output (its
/// summary line: "N files (M unchanged, not rendered)").
fn reused(run: &common::Run) -> usize {
    let after = run.stdout.split(" files (").nth(1).expect("summary line");
    after.split(' ').next().unwrap().parse().unwrap()
}

#[test]
fn a_rebuild_renders_only_the_pages_whose_inputs_changed() {
    let site = TestSite::with_broadsheet("paginate: 2");
    for (i, section) in ["world", "business", "culture"].iter().enumerate() {
        for j in 0..3 {
            site.article(
                &format!("{section}/a{j}.md"),
                &format!("{section} story {j}"),
                &format!("2024-0{}-1{j}", i + 1),
                &format!("tags: [T{j}, Common]"),
                &format!("Story {j} of the {section} desk."),
            );
        }
    }
    let first = site.build();
    assert_eq!(reused(&first), 0, "a first build renders everything");
    let second = site.build();
    let pages = second.stdout.clone();
    assert!(reused(&second) > 10, "nothing changed: {pages}");
    assert_same_output(&site, "no-change rebuild");

    // A body edit: that article's page is rendered again, not the others.
    site.article(
        "world/a1.md",
        "world story 1",
        "2024-01-11",
        "tags: [T1, Common]",
        "Story 1, with a correction.",
    );
    let after_edit = site.build();
    assert!(reused(&after_edit) > 0 && reused(&after_edit) < reused(&second));
    assert!(site.page("/world/a1/").contains("with a correction"));
    assert_same_output(&site, "after a body edit");

    // A template override changes every page that uses it.
    let base = std::fs::read_to_string(site.path("themes/broadsheet/templates/base.html")).unwrap();
    assert!(base.contains("<body"));
    site.write(
        "templates/base.html",
        &base.replacen("<body", "<body data-edition=\"late\"", 1),
    );
    site.build();
    assert!(site.page("/world/a0/").contains("data-edition=\"late\""));
    assert!(site.page("/").contains("data-edition=\"late\""));
    assert_same_output(&site, "after a template change");

    // A page damaged by hand in the output is rendered again.
    let page = site.output().join("culture/a2/index.html");
    std::fs::write(&page, "cut").unwrap();
    site.build();
    site.build();
    assert!(site.page("/culture/a2/").contains("culture story 2"));
    assert_same_output(&site, "after a damaged page");
}

// ---------------------------------------------------------------- refused output folders

fn dir_listing(dir: &std::path::Path) -> std::collections::BTreeSet<String> {
    files_under(dir)
}

#[test]
fn output_into_the_site_root_is_refused() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    let before = dir_listing(site.root());
    let mut cmd = gazette();
    cmd.current_dir(site.root())
        .args(["build", "--output", "."]);
    run(cmd).fails().stderr_has("refusing");
    let root = site.root().to_string_lossy().into_owned();
    site.build_with(&["--output", &root]).fails();
    assert_eq!(dir_listing(site.root()), before, "the site was touched");
    let parent = site.root().parent().unwrap();
    let siblings: Vec<_> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(
        siblings
            .iter()
            .all(|n| !n.contains(&*site.root().file_name().unwrap().to_string_lossy())),
        "staging left beside the site: {siblings:?}"
    );
}

#[test]
fn output_into_content_or_another_source_folder_is_refused() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    let before = dir_listing(site.root());
    for folder in ["content", "content/world", "themes", "themes/t/templates"] {
        let out = site.path(folder).to_string_lossy().into_owned();
        site.build_with(&["--output", &out])
            .fails()
            .stderr_has("refusing");
    }
    // Relative to the working directory, as a user would type it.
    let mut cmd = gazette();
    cmd.current_dir(site.root())
        .args(["build", "--output", "content"]);
    run(cmd).fails();
    assert_eq!(
        dir_listing(site.root()),
        before,
        "a source folder was touched"
    );
}

#[test]
fn a_non_empty_foreign_output_folder_is_refused() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    let other = tempfile::tempdir().unwrap();
    let foreign = other.path().join("docs");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.tex"), "precious").unwrap();
    site.build_with(&["--output", &foreign.to_string_lossy()])
        .fails()
        .stderr_has("refusing");
    assert_eq!(
        dir_listing(&foreign),
        ["thesis.tex".to_string()].into_iter().collect()
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("thesis.tex")).unwrap(),
        "precious"
    );

    // An empty folder, or one Gazette wrote before, is fine.
    let empty = other.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    site.build_with(&["--output", &empty.to_string_lossy()])
        .ok();
    assert!(empty.join("world/a/index.html").is_file());
    site.build_with(&["--output", &empty.to_string_lossy()])
        .ok();
}

/// Issue 25: the build's own state (the manifest) is kept beside the
/// output, never in it, since a generic uploader publishes the output whole.
#[test]
fn the_manifest_lives_in_the_state_folder_not_in_the_output() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    site.build();
    let hidden: Vec<_> = site
        .output_files()
        .into_iter()
        .filter(|f| f.split('/').any(|part| part.starts_with('.')))
        .collect();
    assert_eq!(hidden, Vec::<String>::new(), "hidden files in the output");
    let manifest = gazette::output::manifest_of(&site.output()).expect("a manifest");
    assert!(
        manifest.starts_with(site.path(".output.state/manifests")),
        "{}",
        manifest.display()
    );
    assert!(
        std::fs::read_to_string(&manifest)
            .unwrap()
            .contains("world/a/index.html")
    );

    // The second build swaps the folders: the manifest follows the output.
    site.write(
        "content/world/b.md",
        "---\ntitle: B\ndate: 2024-01-02\n---\nb\n",
    );
    site.build();
    let text = std::fs::read_to_string(gazette::output::manifest_of(&site.output()).unwrap());
    assert!(text.unwrap().contains("world/b/index.html"));
    let kept = std::fs::read_dir(site.path(".output.state/manifests"))
        .unwrap()
        .count();
    assert_eq!(
        kept, 2,
        "one manifest for the output, one for the staging folder"
    );
}

#[test]
fn an_output_with_the_manifest_inside_from_an_older_gazette_is_taken_and_cleaned() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    site.build();
    // What an older Gazette left: the same manifest inside, no state folder.
    let manifest = gazette::output::manifest_of(&site.output()).unwrap();
    let text = std::fs::read_to_string(manifest).unwrap();
    std::fs::remove_dir_all(site.path(".output.state")).unwrap();
    site.write("output/.gazette-manifest", &text);
    site.build();
    assert!(!site.exists(".gazette-manifest"));
    assert!(gazette::output::built_by_gazette(&site.output()));
}

#[test]
fn an_output_replaced_by_hand_is_refused_though_its_old_manifest_remains() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    site.build();
    // Both folders deleted and a new one made in their place: a file
    // system reuses the freed inode numbers at once.
    std::fs::remove_dir_all(site.output()).unwrap();
    let _ = std::fs::remove_dir_all(site.path(".output.staging"));
    std::fs::create_dir(site.output()).unwrap();
    site.write("output/notes.txt", "precious");
    site.build_with(&[])
        .fails()
        .stderr_has("not written by Gazette")
        .stderr_has("delete the output folder too");
    assert_eq!(site.read("notes.txt"), "precious");
}

// ---------------------------------------------------------------- error reports

#[test]
fn unknown_site_yaml_key_is_an_error_naming_it() {
    let site = TestSite::new("paginte: 3");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    site.build_with(&[])
        .fails()
        .stderr_has("paginte")
        .stderr_has("site.yaml:4");

    site.config("feeds:\n  limt: 3");
    site.build_with(&[]).fails().stderr_has("limt");

    // extra: is free-form.
    site.config("extra:\n  anything: [1, 2]\n  nested: {deep: true}");
    site.build();
}

#[test]
fn front_matter_error_reports_the_md_line() {
    let site = TestSite::new("");
    // `draft` (line 5 of the file, line 4 of the YAML block) is not a boolean.
    site.raw(
        "world/bad.md",
        "---\ntitle: Fine\ndate: 2024-01-01\nauthor: X\ndraft: maybe\n---\n\nBody.\n",
    );
    site.build_with(&[])
        .fails()
        .stderr_has("content/world/bad.md:5");
}

#[test]
fn yaml_syntax_error_reports_a_line_of_the_md_file() {
    let site = TestSite::new("");
    site.raw(
        "world/bad.md",
        "---\ntitle: Fine\ndate: 2024-01-01\nsummary: \"unterminated\n---\n\nBody.\n",
    );
    let run = site.build_with(&[]).fails();
    run.stderr_has("content/world/bad.md:");
    let line: usize = run
        .stderr
        .split("content/world/bad.md:")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .parse()
        .expect("a line number");
    assert!((4..=6).contains(&line), "line {line}\n{}", run.stderr);
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let site = TestSite::new("");
    site.article("world/good.md", "Good", "2024-01-01", "", "x");
    site.raw("world/no-title.md", "---\ndate: 2024-01-01\n---\nx\n");
    site.raw(
        "world/bad-yaml.md",
        "---\ntitle: [a\ndate: 2024-01-01\n---\nx\n",
    );
    site.raw(
        "business/bad-date.md",
        "---\ntitle: T\ndate: 2024-13-45\n---\nx\n",
    );
    site.raw("culture/no-fm.md", "Just text, no front matter.\n");
    let run = site.build_with(&[]).fails();
    run.stderr_has("content/world/no-title.md")
        .stderr_has("content/world/bad-yaml.md")
        .stderr_has("content/business/bad-date.md:3")
        .stderr_has("content/culture/no-fm.md")
        .stderr_has("4 error(s)");
    assert!(!run.stderr.contains("content/world/good.md"));
}

#[test]
fn unknown_front_matter_key_is_a_warning_naming_it() {
    let site = TestSite::new("");
    site.raw(
        "world/a.md",
        "---\ntitle: A\ndate: 2024-01-01\nhugo_thing: 1\n---\nx\n",
    );
    let run = site.build();
    run.stderr_has("hugo_thing")
        .stderr_has("content/world/a.md:4");
    assert!(site.page_exists("/world/a/"));
}

// ---------------------------------------------------------------- init and new

#[test]
fn init_makes_a_site_that_builds_as_is() {
    let tmp = TestSite::bare();
    let dir = tmp.path("my-paper");
    let mut cmd = gazette();
    cmd.arg("init").arg(&dir);
    run(cmd).ok();
    assert!(dir.join("site.yaml").is_file());
    let mut cmd = gazette();
    cmd.arg("--root").arg(&dir).arg("build");
    let out = run(cmd).ok();
    assert!(out.stdout.contains("Built"), "{}", out.stdout);
    let output = dir.join("output");
    assert!(output.join("index.html").is_file());
    assert!(output.join("404.html").is_file());
    assert!(output.join("atom.xml").is_file());
    let pages = files_under(&output);
    assert!(
        pages.iter().filter(|p| p.ends_with("index.html")).count() >= 3,
        "{pages:#?}"
    );
    // The welcome article and the about page are there.
    let welcome: Vec<_> = pages.iter().filter(|p| p.contains("welcome")).collect();
    assert!(!welcome.is_empty(), "{pages:#?}");
    assert!(output.join("about/index.html").is_file());
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let tmp = TestSite::bare();
    tmp.write("notes.txt", "mine");
    let mut cmd = gazette();
    cmd.arg("init").arg(tmp.root());
    run(cmd).fails();
    assert_eq!(
        files_under(tmp.root()),
        ["notes.txt".to_string()].into_iter().collect()
    );
}

#[test]
fn new_writes_a_draft_and_never_overwrites() {
    let site = TestSite::new("");
    let out = site.run(&["new", "Hello, Wörld: a test!"]).ok();
    let printed = out.stdout.trim();
    assert!(
        printed.ends_with("content/hello-world-a-test.md"),
        "printed {printed:?}"
    );
    let file = site.path("content/hello-world-a-test.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("---\n"), "{text}");
    assert!(text.contains("draft: true"), "{text}");
    assert!(text.contains("Hello, Wörld: a test!"), "{text}");

    // A draft: not built by default, built with --drafts, with its title.
    site.build();
    assert!(!site.page_exists("/hello-world-a-test/"));
    site.build_with(&["--drafts"]).ok();
    assert_eq!(
        text_of(&site.page("/hello-world-a-test/"), "h1", "title"),
        "Hello, Wörld: a test!"
    );

    // Never overwrites.
    std::fs::write(&file, "my edits").unwrap();
    site.run(&["new", "Hello, Wörld: a test!"]).fails();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my edits");

    // --section, and a Kazakh title.
    let out = site
        .run(&["new", "Қазақстан жаңалықтары", "--section", "World"])
        .ok();
    assert!(
        out.stdout
            .trim()
            .ends_with("content/world/qazaqstan-zhangalyqtary.md"),
        "{}",
        out.stdout
    );
    assert!(
        site.path("content/world/qazaqstan-zhangalyqtary.md")
            .is_file()
    );
}

// ---------------------------------------------------------------- copied files

#[test]
fn files_beside_articles_are_copied_next_to_them() {
    let site = TestSite::new("");
    let png: &[u8] = b"\x89PNG\r\n\x1a\nnot really a png";
    site.write_bytes("content/world/map.png", png);
    site.article(
        "world/kz.md",
        "KZ",
        "2024-01-01",
        "image: map.png",
        "![Map of the region](map.png)",
    );
    // A bundle: a folder with index.md and its files.
    site.article(
        "world/big-story/index.md",
        "Big story",
        "2024-01-02",
        "image: photo.jpg",
        "![p](photo.jpg)",
    );
    site.write_bytes("content/world/big-story/photo.jpg", b"jpeg bytes");
    site.write("content/world/big-story/data/chart.csv", "a,b\n1,2\n");
    site.write("content/world/.hidden", "secret");
    site.write("content/world/notes.txt~", "editor backup");
    site.build();

    assert_eq!(site.read_bytes("world/map.png"), png);
    let kz = site.page("/world/kz/");
    assert_eq!(text_of(&kz, "p", "image"), "/world/map.png");
    assert!(
        elem(&kz, "div", "content")
            .inner
            .contains("src=\"/world/map.png\"")
    );

    assert!(site.page_exists("/world/big-story/"));
    assert_eq!(site.read_bytes("world/big-story/photo.jpg"), b"jpeg bytes");
    assert_eq!(site.read("world/big-story/data/chart.csv"), "a,b\n1,2\n");
    let big = site.page("/world/big-story/");
    assert_eq!(text_of(&big, "p", "image"), "/world/big-story/photo.jpg");
    assert!(
        elem(&big, "div", "content")
            .inner
            .contains("src=\"/world/big-story/photo.jpg\"")
    );

    assert!(!site.exists("world/.hidden"));
    assert!(!site.exists("world/notes.txt~"));
    assert!(!site.output_files().iter().any(|f| f.ends_with(".md")));
}

#[test]
fn static_files_come_from_the_theme_then_the_site() {
    let site = TestSite::new("");
    site.write("themes/t/static/css/a.css", "theme a");
    site.write("themes/t/static/css/b.css", "theme b");
    site.write("static/css/b.css", "site b");
    site.write("static/favicon.ico", "icon");
    site.build();
    assert_eq!(site.read("css/a.css"), "theme a");
    assert_eq!(site.read("css/b.css"), "site b");
    assert_eq!(site.read("favicon.ico"), "icon");
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"override\">{{ page.title }}</p>{% endblock content %}",
    );
    site.raw("about.md", "---\ntitle: About\ntype: page\n---\nx\n");
    site.build();
    assert_eq!(text_of(&site.page("/about/"), "p", "override"), "About");
    assert_eq!(text_of(&site.page("/world/a/"), "h1", "title"), "A");
}

// ---------------------------------------------------------------- standalone pages

#[test]
fn pages_are_not_in_lists_feeds_or_taxonomies() {
    let site = TestSite::new("");
    site.article(
        "world/a.md",
        "Real article",
        "2024-01-01",
        "tags: [Common]",
        "x",
    );
    site.raw(
        "about.md",
        "---\ntitle: About the paper\ntype: page\ndate: 2024-05-01\ntags: [Secret, Common]\ncategory: Corporate\nauthor: Page Author\n---\n\nWho we are.\n",
    );
    site.raw(
        "world/contact.md",
        "---\ntitle: Contact the desk\ntype: page\n---\n\nWrite to us.\n",
    );
    site.build();
    assert_eq!(
        text_of(&site.page("/about/"), "h1", "page-title"),
        "About the paper"
    );
    assert!(site.page_exists("/world/contact/"));
    assert_eq!(titles_on(&site, "/"), ["Real article"]);
    assert_eq!(titles_on(&site, "/world/"), ["Real article"]);
    assert_eq!(titles_on(&site, "/tags/common/"), ["Real article"]);
    assert!(!site.page_exists("/tags/secret/"));
    assert!(!site.page_exists("/categories/corporate/"));
    assert!(!site.page_exists("/authors/page-author/"));
    let tags = site.page("/tags/");
    assert!(!tags.contains("Secret"));
    assert_eq!(elem(&tags, "li", "term").attr("data-count"), "1");
    for f in [
        "atom.xml",
        "rss.xml",
        "tags/common/atom.xml",
        "news-sitemap.xml",
    ] {
        // The news sitemap is left out when nothing is recent (issue 26).
        if !site.exists(f) {
            continue;
        }
        let text = site.read(f);
        assert!(
            !text.contains("About the paper") && !text.contains("/about/"),
            "{f}"
        );
        assert!(!text.contains("Contact the desk"), "{f}");
    }
    // Pages are still in the sitemap.
    let locs = xml_texts(&site.read("sitemap.xml"), "loc");
    assert!(locs.contains(&format!("{BASE_URL}/about/")), "{locs:?}");
    assert!(
        locs.contains(&format!("{BASE_URL}/world/contact/")),
        "{locs:?}"
    );
}

// ---------------------------------------------------------------- default theme

fn broadsheet_site() -> TestSite {
    let site = TestSite::with_broadsheet("paginate: 3");
    site.write_bytes("content/world/lead.png", b"\x89PNG fake");
    site.article(
        "world/kz.md",
        "Kazakhstan votes",
        "2024-02-01T09:00:00+06:00",
        "tags: [Kazakhstan, Elections]\ncategory: World\nauthor: Aigerim Sarsen\nimage: lead.png\nupdated: 2024-02-02",
        "Voters went to the polls.\n\n## Turnout\n\nTurnout was high.",
    );
    site.article(
        "world/ru.md",
        "Russia reacts",
        "2024-02-02",
        "tags: [Russia, Elections]\ncategory: World\nauthor: Ivan Petrov",
        "Moscow commented on the vote.",
    );
    site.article(
        "business/oil.md",
        "Oil prices rise",
        "2024-02-03",
        "tags: [Energy, Kazakhstan]\ncategory: Business",
        "Brent rose.",
    );
    site.article(
        "technology/ai.md",
        "A chip shortage",
        "2024-02-04",
        "tags: [Technology]",
        "Supply is short.",
    );
    site.article(
        "culture/film.md",
        "Festival opens",
        "2024-02-05",
        "tags: [Film]",
        "Lights.",
    );
    site.raw(
        "about.md",
        "---\ntitle: About\ntype: page\n---\n\nWe report.\n",
    );
    site
}

#[test]
fn default_theme_builds_a_news_site() {
    let site = broadsheet_site();
    site.build();
    for f in [
        "index.html",
        "page/2/index.html",
        "world/kz/index.html",
        "world/index.html",
        "about/index.html",
        "tags/index.html",
        "tags/kazakhstan/index.html",
        "categories/world/index.html",
        "authors/aigerim-sarsen/index.html",
        "404.html",
        "world/lead.png",
    ] {
        assert!(site.exists(f), "missing {f}: {:#?}", site.output_files());
    }
    let front = site.page("/");
    assert!(
        front.contains("Festival opens"),
        "newest story on the front page"
    );
    assert!(front.contains("href=\"/culture/film/\""));
    let article = site.page("/world/kz/");
    assert!(article.contains("Kazakhstan votes"));
    assert!(article.contains("Aigerim Sarsen"));
    assert!(article.contains("href=\"/tags/kazakhstan/\""), "tag links");
    assert!(article.contains("class=\"related\""), "related slot");
    assert!(article.contains("id=\"turnout\""), "heading anchors");
    assert!(article.contains("/world/lead.png"), "lead image");
    assert!(
        article.contains("<link rel=\"canonical\" href=\"https://news.example.com/world/kz/\"")
    );
    let ld = json_ld(&article).expect("JSON-LD");
    let json: serde_json::Value = serde_json::from_str(&ld).expect("JSON-LD parses");
    let news = find_type(&json, "NewsArticle").expect("NewsArticle");
    assert_eq!(news["headline"], "Kazakhstan votes");
    // Every stylesheet and image the pages reference exists.
    for html in [&front, &article] {
        for href in html
            .split("href=\"/")
            .skip(1)
            .chain(html.split("src=\"/").skip(1))
        {
            let target = &href[..href.find('"').unwrap()];
            if target.ends_with(".css") || target.ends_with(".png") || target.ends_with(".svg") {
                assert!(site.exists(target), "referenced /{target} is missing");
            }
        }
    }
}

#[test]
fn default_theme_escapes_a_script_title() {
    let site = broadsheet_site();
    site.article(
        "world/evil.md",
        EVIL,
        "2024-02-06",
        "tags: [\"<i>x</i>\"]\nauthor: \"A </script> B\"\nsummary: \"<img src=x onerror=alert(2)>\"",
        "Body.",
    );
    site.build();
    for path in ["/world/evil/", "/", "/world/", "/tags/i-x-i/", "/tags/"] {
        let html = site.page(path);
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("<i>x</i>"), "{path}");
        assert!(!html.contains("<img src=x"), "{path}");
        // Every <script> element opened is a JSON-LD or theme script, and is closed once.
        assert_eq!(
            html.matches("<script").count(),
            html.matches("</script>").count(),
            "{path}"
        );
    }
    let article = site.page("/world/evil/");
    let ld = json_ld(&article).expect("JSON-LD");
    let json: serde_json::Value = serde_json::from_str(&ld).expect("JSON-LD parses");
    assert_eq!(find_type(&json, "NewsArticle").unwrap()["headline"], EVIL);
}

#[test]
fn output_into_a_folder_holding_the_site_is_refused() {
    // A site in <holder>/site, built into <holder> (which holds it).
    let site = TestSite::new_in_subfolder("");
    site.raw("world/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nx\n");
    let before = dir_listing(site.top());
    let holder = site.top().to_string_lossy().into_owned();
    site.build_with(&["--output", &holder])
        .fails()
        .stderr_has("refusing");
    assert_eq!(dir_listing(site.top()), before);
}

// ---------------------------------------------------------------- more collisions and reports

#[test]
fn a_standalone_page_on_a_generated_path_is_an_error() {
    let site = TestSite::new("paginate: 1");
    site.article("world/a.md", "A", "2024-01-01", "tags: [Russia]", "x");
    site.article("world/b.md", "B", "2024-01-02", "", "x");
    // A page where the term page /tags/russia/ goes.
    site.raw(
        "tags/russia.md",
        "---\ntitle: Fake term page\ntype: page\n---\nx\n",
    );
    let run = site.build_with(&[]).fails();
    run.stderr_has("content/tags/russia.md")
        .stderr_has("/tags/russia/");
    std::fs::remove_file(site.path("content/tags/russia.md")).unwrap();

    // A page where the front page's second page goes.
    site.raw(
        "page/2.md",
        "---\ntitle: Fake page two\ntype: page\n---\nx\n",
    );
    let run = site.build_with(&[]).fails();
    run.stderr_has("content/page/2.md").stderr_has("/page/2/");
}

#[test]
fn an_inline_more_marker_gives_a_well_formed_summary() {
    let site = TestSite::new("");
    site.article(
        "world/inline.md",
        "Inline",
        "2024-01-02",
        "",
        "Intro text. <!-- more --> Rest here.\n\nMore text.",
    );
    site.article(
        "world/list.md",
        "List",
        "2024-01-01",
        "",
        "- item one\n- item two <!-- more -->\n- item three\n\nAfter.",
    );
    site.build();
    for slug in ["inline", "list"] {
        let summary = elem(&site.page(&format!("/world/{slug}/")), "div", "summary").inner;
        assert!(
            !summary.contains("Rest here") && !summary.contains("item three"),
            "{summary}"
        );
        for tag in ["p", "ul", "li"] {
            assert_eq!(
                summary.matches(&format!("<{tag}>")).count(),
                summary.matches(&format!("</{tag}>")).count(),
                "{slug}: unbalanced <{tag}> in the summary {summary:?}"
            );
        }
    }
    let inline = elem(&site.page("/world/inline/"), "div", "summary").inner;
    assert!(inline.contains("Intro text."), "{inline}");
}

#[test]
fn errors_of_loading_and_of_the_site_model_are_reported_together() {
    let site = TestSite::new("");
    site.raw("world/broken.md", "---\ntitle: [unclosed\n---\nx\n");
    site.article("world/one.md", "One", "2024-01-01", "slug: same", "x");
    site.article("world/two.md", "Two", "2024-01-02", "slug: same", "x");
    site.build_with(&[])
        .fails()
        .stderr_has("content/world/broken.md")
        .stderr_has("content/world/one.md")
        .stderr_has("content/world/two.md");
}

#[test]
fn init_with_quotes_or_backslashes_in_the_folder_name_builds() {
    for name in [r#"Les "Échos" #1"#, r"news\desk"] {
        let tmp = TestSite::bare();
        let dir = tmp.path(name);
        let mut cmd = gazette();
        cmd.arg("init").arg(&dir);
        run(cmd).ok();
        let mut cmd = gazette();
        cmd.arg("--root").arg(&dir).arg("build");
        run(cmd).ok();
        assert!(dir.join("output/index.html").is_file(), "{name}");
    }
}

#[test]
fn build_prints_a_one_line_summary_and_root_may_follow_the_command() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    site.article("world/b.md", "B", "2024-01-02", "", "x");
    site.raw("about.md", "---\ntitle: About\ntype: page\n---\nx\n");
    let mut cmd = gazette();
    cmd.arg("build").arg("--root").arg(site.root());
    let out = run(cmd).ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", out.stdout);
    assert!(
        lines[0].contains('2') && lines[0].contains("ms"),
        "{}",
        lines[0]
    );
    assert!(site.page_exists("/world/a/"));
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["build", "--help"],
        vec!["init", "--help"],
        vec!["new", "--help"],
    ] {
        let mut cmd = gazette();
        cmd.args(&args);
        let out = run(cmd).ok();
        assert!(out.stdout.contains("Usage"), "{args:?}: {}", out.stdout);
    }
}

#[test]
fn default_theme_comments_are_off_unless_the_site_turns_them_on() {
    let site = broadsheet_site();
    site.build();
    let article = site.page("/world/kz/");
    assert!(
        !article.contains("Leave a comment"),
        "comments on by default"
    );
    // No scripts, fonts, images or stylesheets from other hosts by default.
    for attr in ["src=\"", "href=\""] {
        for rest in article.split(attr).skip(1) {
            let url = &rest[..rest.find('"').unwrap()];
            let element = &article[..article.find(rest).unwrap()];
            let element = &element[element.rfind('<').unwrap()..];
            let is_resource = element.starts_with("<script")
                || element.starts_with("<img")
                || (element.starts_with("<link") && element.contains("stylesheet"));
            if is_resource && (url.starts_with("http") || url.starts_with("//")) {
                assert!(
                    url.starts_with(BASE_URL),
                    "resource from another host: {url}"
                );
            }
        }
    }
    // Related articles fill the slot: kz and ru share a tag.
    let related = &article[article.find("class=\"related\"").unwrap()..];
    assert!(
        related.contains("href=\"/world/ru/\""),
        "related list lacks the story sharing a tag"
    );

    // Turned on in site.yaml, off for one article by front matter.
    site.site_yaml(
        "Broadsheet Test",
        BASE_URL,
        "theme: broadsheet\npaginate: 3\nextra:\n  comments:\n    provider: isso\n    url: https://comments.example.com\n",
    );
    site.article(
        "world/quiet.md",
        "Quiet",
        "2024-02-07",
        "comments: false",
        "x",
    );
    site.build();
    let article = site.page("/world/kz/");
    assert!(
        article.contains("Leave a comment"),
        "comments not shown when turned on"
    );
    assert!(article.contains("comments.example.com"));
    assert!(!site.page("/world/quiet/").contains("Leave a comment"));
}

#[test]
fn template_errors_name_the_template_and_line() {
    let site = TestSite::new("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    // A syntax error on line 3 of a site override.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
    );
    // A rendering error on line 2 of a theme template.
    site.write(
        "themes/t/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}\n{{ nothing_here.at_all }}\n{% endblock content %}",
    );
    site.build_with(&[])
        .fails()
        .stderr_has("templates/page.html:3");
    std::fs::remove_file(site.path("templates/page.html")).unwrap();
    site.build_with(&[])
        .fails()
        .stderr_has("themes/t/templates/404.html:2");
}

#[test]
fn a_failed_check_and_a_failed_build_say_which_failed() {
    let site = TestSite::new("");
    site.raw("world/bad.md", "---\ntitle: [Broken\n---\nBody\n");
    site.run(&["check"])
        .fails()
        .stderr_has("content/world/bad.md")
        .stderr_has("Check failed");
    site.build_with(&[])
        .fails()
        .stderr_has("content/world/bad.md")
        .stderr_has("Build failed");
}

/// `Job::has_page_path` tells, without making it, whether a job has the
/// address `page_path` makes: the sitemap's split counts pages with it.
#[test]
fn every_job_with_an_address_is_told_apart_without_making_it() {
    use gazette::pipeline::{self, BuildOptions, Laps};
    let site = TestSite::example();
    let options = BuildOptions::new(site.root());
    let config = pipeline::load_config(&options).expect("site.yaml loads");
    let now = options.now();
    let loaded = pipeline::load(&options, config, now, None, &mut Laps::new())
        .expect("the example site loads");
    let renderers = loaded.renderers(site.root(), now);
    let (mut pages, mut others) = (0, 0);
    for r in &renderers.editions {
        for job in r.jobs() {
            let has = r.page_path(job).is_some();
            assert_eq!(job.has_page_path(), has, "{job:?}");
            if has { pages += 1 } else { others += 1 }
        }
    }
    assert!(
        pages > 0 && others > 0,
        "{pages} pages, {others} other files"
    );
}
