//! A Zola site's content copied into `content/` builds without hand edits:
//! TOML front matter with `[taxonomies]` and `[extra]`, dates in file and
//! bundle folder names, `updated`, `path`; Zola's built-in shortcodes run.

use crate::dialects;

use dialects::{extra, field, lines_with, site, terms};

#[test]
fn zola_pages_build_with_taxonomies_extra_and_dates_in_names() {
    let site = site("taxonomies: [tags, categories, authors, series]");
    site.write(
        "content/blog/2024-05-01-first-post.md",
        r#"+++
title = "First post"
description = "What the first post is about."
updated = 2024-05-02T10:00:00Z

[taxonomies]
tags = ["Rust", "Static sites"]
categories = ["Tech"]
series = ["Getting started"]
genre = ["Essay"]

[extra]
mood = "calm"
+++
Some text, then {{ youtube(id="dQw4w9WgXcQ") }}.
"#,
    );
    site.write(
        "content/blog/2024-06-01_a-bundle/index.md",
        "+++\ntitle = \"A bundle\"\n+++\n![Photo](photo.jpg)\n",
    );
    site.write("content/blog/2024-06-01_a-bundle/photo.jpg", "jpeg");
    site.write(
        "content/blog/with-path.md",
        "+++\ntitle = \"Own path\"\ndate = 2024-04-01\npath = \"elsewhere/own-path\"\n+++\nBody.\n",
    );
    // A date in front matter wins over the file name's, whose prefix still
    // is no part of the slug.
    site.write(
        "content/blog/2020-01-01-dated-twice.md",
        "+++\ntitle = \"Dated twice\"\ndate = 2021-02-03T04:05:06-03:00\n+++\nBody.\n",
    );
    let run = site.build();

    let p = site.page("/blog/first-post/");
    assert_eq!(field(&p, "slug"), "first-post");
    assert_eq!(field(&p, "date"), "2024-05-01");
    assert_eq!(field(&p, "updated"), "2024-05-02T10:00:00Z");
    assert!(p.contains("What the first post is about."), "{p}");
    assert_eq!(terms(&p, "tag"), ["Rust", "Static sites"]);
    assert_eq!(terms(&p, "category"), ["Tech"]);
    // A taxonomy of the site's own, from the `[taxonomies]` table.
    assert!(site.page_exists("/series/getting-started/"));
    assert_eq!(extra(&p, "mood").as_deref(), Some("calm"));
    // A taxonomy the site does not have is kept under `extra`, and said.
    run.stderr_has(
        "warning: content/blog/2024-05-01-first-post.md:10: unknown front matter key `genre`: kept under `extra.genre`",
    );
    assert_eq!(
        lines_with(&run.stderr, "front matter key"),
        1,
        "{}",
        run.stderr
    );
    // Zola's built-in shortcodes run (issue 27): a click-to-load facade.
    assert!(
        p.contains(
            "data-embed-src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""
        ),
        "{p}"
    );
    assert!(!run.stderr.contains("template code"), "{}", run.stderr);

    // A bundle folder named with its date.
    let b = site.page("/blog/a-bundle/");
    assert_eq!(field(&b, "date"), "2024-06-01");
    assert!(b.contains(r#"src="/blog/a-bundle/photo.jpg""#), "{b}");
    assert!(site.exists("blog/a-bundle/photo.jpg"));

    assert!(site.page("/elsewhere/own-path/").contains("Own path"));
    assert!(!site.page_exists("/blog/with-path/"));

    let d = site.page("/blog/dated-twice/");
    assert_eq!(field(&d, "date"), "2021-02-03T04:05:06-03:00");
}
