//! `gazette import wordpress`: the fixture export (posts, pages, a draft, a
//! scheduled and a private post, block-editor markup, shortcodes,
//! non-Latin terms, comments, featured images) imported into a site, the
//! files it writes, and the site `gazette build` makes of them.

use crate::common;

use std::path::{Path, PathBuf};

use common::TestSite;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wordpress/export.xml")
}

/// A tiny real PNG, so that anything reading images can.
fn png() -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, 2, 2);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[0, 255, 255, 0]).unwrap();
    }
    bytes
}

/// A copy of `wp-content/uploads` with some of the files the export uses
/// (bazaar.png is missing on purpose: its URL must be kept).
fn uploads(site: &TestSite) -> PathBuf {
    let dir = site.top().join("uploads");
    for rel in [
        "2020/01/square.png",
        "2020/01/square-300x200.png",
        "2020/02/market.png",
    ] {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, png()).unwrap();
    }
    dir
}

fn import(site: &TestSite, uploads: Option<&Path>) -> common::Run {
    let export = fixture();
    let mut args = vec![
        "import".to_string(),
        "wordpress".to_string(),
        export.display().to_string(),
    ];
    if let Some(dir) = uploads {
        args.push("--uploads".into());
        args.push(dir.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    site.run(&args)
}

fn source(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| {
        panic!(
            "cannot read {rel}: {e}\n{:?}",
            common::files_under(&site.path("content"))
        )
    })
}

#[test]
fn an_export_becomes_articles_pages_aliases_and_comments_that_build() {
    let site = TestSite::new_in_subfolder("");
    let uploads = uploads(&site);
    let run = import(&site, Some(&uploads)).ok();
    let out = &run.stdout;
    assert!(
        out.contains("Imported 6 posts and 3 pages")
            && out.contains("(1 draft, 1 scheduled)")
            && out.contains("1 scheduled"),
        "{}",
        run.describe()
    );
    assert!(
        out.contains("Not imported: 3 attachments (used for images), 1 menu item, 1 private post, 1 revision, 1 trashed post."),
        "{out}"
    );
    assert!(
        out.contains("Old URLs: 3 redirect to the new pages (aliases). 1 was a `?p=ID` link, which a static site cannot answer"),
        "{out}"
    );
    assert!(out.contains("Comments: 2 in data/comments.json"), "{out}");
    assert!(out.contains("[contact-form-7] ×1"), "{out}");
    assert!(
        out.contains("Images: 3 copied beside their articles. 2 referred to are not in the uploads folder; their URLs are kept."),
        "{out}"
    );
    // No progress bar when the output is not a terminal.
    assert!(!run.stderr.contains("Importing"), "{}", run.stderr);

    // A classic-editor post with a featured image and a caption: a bundle.
    let hello = source(&site, "content/world/hello-world/index.md");
    for line in [
        "title: 'Hello world: the square fills up'",
        "date: 2020-01-15T09:00:00Z",
        "updated: 2020-01-16T10:30:00Z",
        "author: Jane Doe",
        "- World",
        "- Elections",
        "- Қазақстан",
        "summary: Thousands gathered in the square.",
        "image: square.png",
        "image_alt: The crowd in the square at noon",
        "- /2020/01/15/hello-world/",
        "wordpress_id: 1",
    ] {
        assert!(hello.contains(line), "missing {line:?} in\n{hello}");
    }
    assert!(!hello.contains("draft:"), "{hello}");
    // wpautop: the single line break and the paragraphs survive.
    assert!(
        hello.contains("Thousands gathered in the square on Wednesday.\\\nIt was cold."),
        "{hello}"
    );
    assert!(
        hello.contains("[![The crowd](square-300x200.png)](square.png)\\\n*The crowd at noon*"),
        "{hello}"
    );
    assert!(hello.contains("<!-- more -->"), "{hello}");
    assert!(
        hello.contains("[about market day](/zhangalyqtar/bazar-kuni/)"),
        "{hello}"
    );
    assert!(hello.contains("- First point\n- Second point"), "{hello}");
    assert!(site.path("content/world/hello-world/square.png").is_file());
    assert!(
        site.path("content/world/hello-world/square-300x200.png")
            .is_file()
    );

    // Block editor, shortcodes, a non-Latin category and slug.
    let market = source(&site, "content/zhangalyqtar/bazar-kuni/index.md");
    assert!(!market.contains("wp:"), "{market}");
    for needle in [
        "author: Айгүл Сейіт",
        "- Жаңалықтар",
        "- /market-day/",
        "[the square](/world/hello-world/)",
        // WordPress's comment anchors are dropped: the new page may not have them.
        "[its comments](/world/hello-world/)",
        "![Stalls](market.png)\\\n*Stalls at dawn*",
        "- ![Market stalls](market.png)",
        "- ![Night bazaar](https://old.example.com/wp-content/uploads/2020/02/bazaar.png)",
        "[https://www.youtube.com/watch?v=dQw4w9WgXcQ](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",
        "[Video: stalls.mp4](https://old.example.com/wp-content/uploads/2020/02/stalls.mp4)",
        "[Audio: interview.mp3](https://cdn.example.net/interview.mp3)",
        "contact-form-7 id=\"5\" title=\"Tips\"",
    ] {
        assert!(market.contains(needle), "missing {needle:?} in\n{market}");
    }
    assert!(!market.contains("Uncategorized"), "{market}");

    // Same slug a month later: a distinct file. Draft, scheduled post, pages.
    let again = source(&site, "content/world/hello-world-2.md");
    assert!(again.contains("- /2020/03/02/hello-world/"), "{again}");
    // WordPress's HTML references in titles and term names are decoded.
    assert!(
        again.contains("title: Hello world, again & again"),
        "{again}"
    );
    assert!(again.contains("- Arts & Culture"), "{again}");
    let draft = source(&site, "content/news/budget-leak-draft.md");
    assert!(
        draft.contains("draft: true") && draft.contains("date: 2020-04-01 08:00:00"),
        "{draft}"
    );
    assert!(!draft.contains("aliases"), "{draft}");
    let future = source(&site, "content/world/election-night.md");
    assert!(future.contains("date: 2099-11-05T19:00:00Z"), "{future}");
    let about = source(&site, "content/about.md");
    assert!(
        about.contains("type: page") && !about.contains("aliases"),
        "{about}"
    );
    // A page at a section's path becomes the section's own text.
    let desk = source(&site, "content/world/_index.md");
    assert!(
        desk.contains("title: World desk") && !desk.contains("type: page"),
        "{desk}"
    );
    let team = source(&site, "content/about/team.md");
    assert!(team.contains("type: page"), "{team}");
    assert!(!site.path("content/world/salaries.md").exists());
    let plain = source(&site, "content/world/plain-permalinks.md");
    assert!(!plain.contains("aliases"), "{plain}");

    // Comments: Isso's generic format, outside content/.
    let comments: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.path("data/comments.json")).unwrap())
            .unwrap();
    let threads = comments.as_array().unwrap();
    assert_eq!(threads.len(), 1, "{comments:#}");
    assert_eq!(threads[0]["id"], "/world/hello-world/");
    let list = threads[0]["comments"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["author"], "Erlan");
    assert_eq!(list[0]["created"], "2020-01-15 11:00:00");
    assert_eq!(list[1]["parent"], 11);
    let held: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.path("data/comments-unpublished.json")).unwrap(),
    )
    .unwrap();
    let held_texts: Vec<&str> = held
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["comments"].as_array().unwrap())
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(held_texts, ["Buy now", "Waiting for approval"]);

    // The built site.
    site.build();
    let page = site.page("/world/hello-world/");
    assert!(page.contains("Hello world: the square fills up"), "{page}");
    assert!(
        page.contains("src=\"/world/hello-world/square-300x200.png\""),
        "{page}"
    );
    assert!(site.exists("world/hello-world/square.png"));
    let market_page = site.page("/zhangalyqtar/bazar-kuni/");
    assert!(market_page.contains("Stalls at dawn"), "{market_page}");
    assert!(
        site.page("/world/hello-world-2/")
            .contains("Hello world, again")
    );
    assert!(site.page("/about/").contains("We are a small newsroom."));
    assert!(site.page("/world/").contains("World desk"));
    assert!(site.page("/about/team/").contains("Aigül reports"));
    // Old permalinks redirect.
    let redirect = site.page("/2020/01/15/hello-world/");
    assert!(redirect.contains("url=/world/hello-world/"), "{redirect}");
    assert!(
        site.page("/market-day/")
            .contains("url=/zhangalyqtar/bazar-kuni/")
    );
    // Drafts and scheduled posts are not published; private ones never existed.
    assert!(!site.page_exists("/news/budget-leak-draft/"));
    assert!(!site.page_exists("/world/election-night/"));
    assert!(!site.page_exists("/world/salaries/"));
    assert!(!site.page_exists("/2020/05/01/salaries/"));
    // The comments never reach the output.
    assert!(
        !common::files_under(&site.output())
            .iter()
            .any(|f| f.contains("comments"))
    );
    // Non-Latin terms keep their names, with transliterated slugs.
    let tag = site.page("/tags/qazaqstan/");
    assert!(tag.contains("Қазақстан"), "{tag}");
    site.run(&["check"]).ok();
}

#[test]
fn a_second_run_overwrites_nothing_and_says_what_it_skipped() {
    let site = TestSite::new_in_subfolder("");
    import(&site, None).ok();
    // Without --uploads the articles are plain files and images keep their URLs.
    let hello = source(&site, "content/world/hello-world.md");
    assert!(
        hello.contains("image: https://old.example.com/wp-content/uploads/2020/01/square.png"),
        "{hello}"
    );
    std::fs::write(
        site.path("content/about.md"),
        "---\ntitle: Edited by hand\ntype: page\n---\nMine.\n",
    )
    .unwrap();
    let before = common::files_under(site.root());

    let run = import(&site, None).ok();
    assert!(
        run.stdout
            .contains("Skipped 11 files that already exist (nothing was overwritten): ")
            && run.stdout.contains("and 6 more."),
        "{}",
        run.describe()
    );
    assert!(
        run.stdout.contains("content/world/hello-world.md"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("0 new files"), "{}", run.stdout);
    assert_eq!(common::files_under(site.root()), before);
    assert!(source(&site, "content/about.md").contains("Edited by hand"));
}

#[test]
fn malformed_xml_is_an_error_naming_the_file_and_line() {
    let site = TestSite::new_in_subfolder("");
    let text = std::fs::read_to_string(fixture()).unwrap();
    let broken = text.replacen("</wp:post_name>", "</wp:post_nam>", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("</wp:post_nam>"))
        .unwrap()
        + 1;
    let path = site.top().join("broken.xml");
    std::fs::write(&path, broken).unwrap();
    let run = site
        .run(&["import", "wordpress", path.to_str().unwrap()])
        .fails();
    run.stderr_has(&format!(
        "broken.xml:{line}: the export is not well-formed XML"
    ));
    assert!(common::files_under(&site.path("content")).is_empty());

    let run = site
        .run(&[
            "import",
            "wordpress",
            site.top().join("none.xml").to_str().unwrap(),
        ])
        .fails();
    run.stderr_has("cannot read the export");
    std::fs::write(site.top().join("feed.xml"), "<rss><nochannel/></rss>").unwrap();
    site.run(&[
        "import",
        "wordpress",
        site.top().join("feed.xml").to_str().unwrap(),
    ])
    .fails()
    .stderr_has("not a WordPress export");
}
