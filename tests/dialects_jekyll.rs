//! A Jekyll site's posts copied into `content/` build without hand edits:
//! `_posts` with dates in file names, Jekyll's date offsets, `excerpt`,
//! `redirect_from`, `published: false`, `_drafts`, space-separated
//! categories, pages with `layout: page` and their own `permalink`.

use crate::common;
use crate::dialects;

use dialects::{extra, field, lines_with, site, terms};

const DESIGN_STUDIO: &str = r#"---
layout: post
title: Design studio
excerpt: "The training event will be held from
  8: 30 to 5 pm, in room 2"
categories: news updates
tags: design workshops
redirect_from:
  - /2014/09/25/design-studio.html
  - /old/design/
image_alt: The studio's team
description: >
  A folded block
  scalar: with a colon
---
Details at https://example.org/events/design_studio_2014, or see www.example.org.
"#;

fn jekyll_site() -> common::TestSite {
    let site = site("timezone: America/New_York");
    site.write("content/_posts/2014-09-25-design-studio.md", DESIGN_STUDIO);
    site.write(
        "content/_posts/2016-09-27-offset-hours.md",
        "---\ntitle: Offset in hours\ndate: 2016-09-27 14:00:00 -4\n---\nBody.\n",
    );
    site.write(
        "content/_posts/2016-09-28-offset-minutes.md",
        "---\ntitle: Offset with minutes\ndate: 2016-09-28 09:15:00 +0530\n---\nBody.\n",
    );
    site.write(
        "content/_posts/2017-01-02-not-yet.md",
        "---\ntitle: Not yet\npublished: false\n---\nBody.\n",
    );
    site.write(
        "content/_drafts/an-idea.md",
        "---\ntitle: An idea\nlayout: post\n---\nBody.\n",
    );
    site.write(
        "content/sport/_posts/2015-03-01_match-report.md",
        "---\ntitle: Match report\ndate: 2015-03-01 18:00\n---\nBody.\n",
    );
    site.write(
        "content/_posts/2018-04-05-city-council_vote.md",
        "---\nlayout: post\n---\nA post with no title.\n",
    );
    site.write(
        "content/about.md",
        "---\nlayout: page\ntitle: About us\npermalink: /about-us.html\n---\nWho we are.\n",
    );
    site
}

#[test]
fn posts_take_their_dates_and_slugs_from_file_names() {
    let site = jekyll_site();
    let run = site.build();

    // At the content root: `_posts` is no section, the date prefix no part of the slug.
    let a = site.page("/design-studio/");
    assert_eq!(field(&a, "slug"), "design-studio");
    // A day without a time stays a day (midnight in the site's timezone for ordering).
    assert_eq!(field(&a, "date"), "2014-09-25");
    assert_eq!(field(&a, "section"), "NONE");
    // A post without a title is titled from its file name, as Jekyll does.
    let untitled = site.page("/city-council-vote/");
    assert!(
        untitled.contains("<h1 class=\"title\">City Council Vote</h1>"),
        "{untitled}"
    );
    // `excerpt` is the summary, continuation line and all.
    assert!(
        a.contains("The training event will be held from 8: 30 to 5 pm, in room 2"),
        "{a}"
    );
    // Space-separated, as Jekyll reads them under `_posts`.
    assert_eq!(terms(&a, "category"), ["news", "updates"]);
    assert_eq!(terms(&a, "tag"), ["design", "workshops"]);
    assert_eq!(field(&a, "image-alt"), "The studio&#39;s team");
    assert_eq!(extra(&a, "layout").as_deref(), Some("post"));
    // Bare addresses are links.
    assert!(a.contains(
        r#"<a href="https://example.org/events/design_studio_2014">https://example.org/events/design_studio_2014</a>, or see <a href="http://www.example.org">www.example.org</a>."#
    ), "{a}");

    // Jekyll's offsets: hours only, and hours and minutes without a colon.
    assert_eq!(
        field(&site.page("/offset-hours/"), "date"),
        "2016-09-27T14:00:00-04:00"
    );
    assert_eq!(
        field(&site.page("/offset-minutes/"), "date"),
        "2016-09-28T09:15:00+05:30"
    );
    // A `_posts` folder inside a section belongs to that section.
    let m = site.page("/sport/match-report/");
    assert_eq!(field(&m, "date"), "2015-03-01T18:00:00-05:00");
    assert!(field(&m, "section").starts_with("Sport|"));

    // `redirect_from`: an `.html` alias is that very file.
    let old = site.read("2014/09/25/design-studio.html");
    assert!(old.contains("/design-studio/"), "{old}");
    assert!(
        site.read("old/design/index.html")
            .contains("/design-studio/")
    );

    // `published: false` and `_drafts` are drafts.
    assert!(!site.page_exists("/not-yet/"));
    assert!(!site.page_exists("/an-idea/"));
    assert!(run.stdout.contains("left out 2 drafts"), "{}", run.stdout);

    // A `layout: page` with its own permalink: a page there, the old
    // `.html` address redirecting to it.
    assert!(site.page("/about-us/").contains("Who we are."));
    assert!(site.read("about-us.html").contains("/about-us/"));

    // Nothing to say about keys: `layout`, `excerpt`, `redirect_from` and
    // `image_alt` are understood, and the excerpt's second line and the
    // folded description are values, not keys.
    assert_eq!(
        lines_with(&run.stderr, "front matter key"),
        0,
        "{}",
        run.stderr
    );
}

#[test]
fn drafts_build_with_the_drafts_flag() {
    let site = jekyll_site();
    site.build_with(&["--drafts"]).ok();
    assert_eq!(field(&site.page("/not-yet/"), "date"), "2017-01-02");
    // A draft in `_drafts` needs no date.
    assert!(site.page("/an-idea/").contains("An idea"));
}

#[test]
fn unknown_keys_are_kept_and_reported_once_per_key() {
    let site = site("");
    for i in 1..=5 {
        site.write(
            &format!("content/_posts/2020-01-0{i}-post-{i}.md"),
            &format!(
                "---\ntitle: Post {i}\nlayout: post\nheader_overlay: true\nmood: calm\n---\nBody.\n"
            ),
        );
    }
    site.write(
        "content/_posts/2020-02-01-both.md",
        "---\ntitle: Both\nsummary: Ours\nexcerpt: Theirs\n---\nBody.\n",
    );
    let run = site.build();
    run.stderr_has(
        "warning: content/_posts/2020-01-01-post-1.md:4: unknown front matter key `header_overlay` in 5 files \
         (e.g. content/_posts/2020-01-01-post-1.md, content/_posts/2020-01-02-post-2.md, \
         content/_posts/2020-01-03-post-3.md): kept under `extra.header_overlay`",
    );
    assert_eq!(
        lines_with(&run.stderr, "`header_overlay`"),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(
        lines_with(&run.stderr, "unknown front matter key `mood`"),
        1
    );
    assert_eq!(lines_with(&run.stderr, "`layout`"), 0, "{}", run.stderr);
    // Kept for templates.
    let p = site.page("/post-3/");
    assert_eq!(extra(&p, "header_overlay").as_deref(), Some("true"));
    assert_eq!(extra(&p, "mood").as_deref(), Some("calm"));
    // A synonym beside the Gazette key: the Gazette key wins, once said.
    run.stderr_has(
        "content/_posts/2020-02-01-both.md:4: front matter keys `summary` and `excerpt`: both given, \
         `summary` is used and `excerpt` kept under `extra.excerpt`",
    );
    let both = site.page("/both/");
    assert!(both.contains("<p>Ours</p>"), "{both}");
    assert_eq!(extra(&both, "excerpt").as_deref(), Some("Theirs"));
}

#[test]
fn liquid_in_bodies_is_text_reported_once() {
    let site = site("");
    site.write(
        "content/_posts/2020-01-01-liquid.md",
        "---\ntitle: Liquid\n---\nIntro.\n\n{% include figure.html src=\"a.jpg\" %}\n\n\
         {% raw %}\n{{ shown_as_is }}\n{% endraw %}\n\n`{{ inline_code }}`\n\n\
         ```text\n{% if x %}{{ y }}{% endif %}\n```\n",
    );
    site.write(
        "content/_posts/2020-01-02-more.md",
        "---\ntitle: More\n---\nHello {{ site.title }}.\n",
    );
    let run = site.build();
    run.stderr_has(
        "warning: content/_posts/2020-01-01-liquid.md:6: template code shown as text: 2 places in 2 files \
         (content/_posts/2020-01-01-liquid.md:6, content/_posts/2020-01-02-more.md:4): \
         Liquid, Nunjucks, Hugo shortcode or WordPress shortcode syntax that Gazette does not run",
    );
    run.stderr_has("help: replace it with Markdown");
    assert_eq!(
        lines_with(&run.stderr, "template code"),
        1,
        "{}",
        run.stderr
    );
    let page = site.page("/liquid/");
    // Shown, not run; `{% raw %}` markers gone, what they held shown.
    assert!(page.contains("{% include figure.html"), "{page}");
    assert!(page.contains("{{ shown_as_is }}"), "{page}");
    assert!(!page.contains("raw %}"), "{page}");
}
