//! A Hugo site's content copied into `content/` builds without hand edits:
//! TOML (`+++`), YAML and JSON front matter, `lastmod`, `publishDate`,
//! `expiryDate`, `images`, `url`, `aliases`; built-in shortcodes run; times
//! without an offset in the site's `timezone`.

use crate::common;
use crate::dialects;

use dialects::{extra, field, lines_with, site, terms};

fn hugo_site() -> common::TestSite {
    let site = site("timezone: Europe/Paris");
    site.write(
        "content/posts/toml-post.md",
        r#"+++
title = "A TOML post"
date = 2024-03-01T10:00:00+02:00
lastmod = 2024-03-02
draft = false
tags = ["Energy", "Grid"]
categories = ["Business"]
aliases = ["/old/toml-post/", "/2024/03/toml-post.html"]
images = ["lead.jpg", "second.jpg"]

[params]
subtitle = "With params"
+++
The body, with a {{< youtube w7Ft2ymGmfc >}} shortcode.
"#,
    );
    site.write(
        "content/posts/yaml-post.md",
        "---\ntitle: A YAML post\npublishDate: 2024-03-05T08:30:00\nexpiryDate: 2999-01-01\n\
         url: /special/yaml-post/\ntags: [Grid]\n---\nBody.\n",
    );
    site.write(
        "content/posts/json-post.md",
        r#"{
  "title": "A JSON post",
  "date": "2024-07-01T09:00:00",
  "lastmod": "2024-07-02T10:00:00Z",
  "tags": ["Energy"],
  "weight": 10
}
The *body* of the JSON post.
"#,
    );
    site.write(
        "content/posts/old-news.md",
        "---\ntitle: Old news\ndate: 2020-01-01\nexpiryDate: 2021-01-01\n---\nBody.\n",
    );
    site
}

#[test]
fn toml_yaml_and_json_front_matter_build() {
    let site = hugo_site();
    let run = site.build();

    let t = site.page("/posts/toml-post/");
    assert!(t.contains("<h1 class=\"title\">A TOML post</h1>"), "{t}");
    // A TOML offset date-time keeps its offset; a TOML local date is
    // midnight in the site's timezone.
    assert_eq!(field(&t, "date"), "2024-03-01T10:00:00+02:00");
    assert_eq!(field(&t, "updated"), "2024-03-02");
    assert_eq!(terms(&t, "tag"), ["Energy", "Grid"]);
    assert_eq!(terms(&t, "category"), ["Business"]);
    // The first of `images` is the lead image.
    assert!(field(&t, "image").ends_with("/posts/lead.jpg"), "{t}");
    // Hugo's `[params]` table is kept for templates, and said once.
    assert!(extra(&t, "params").is_some(), "{t}");
    run.stderr_has("unknown front matter key `params`: kept under `extra.params`");
    // Hugo's built-in shortcodes run (issue 27): a click-to-load facade.
    assert!(
        t.contains(
            "data-embed-src=\"https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc?autoplay=1\""
        ),
        "{t}"
    );
    assert!(!run.stderr.contains("template code"), "{}", run.stderr);
    for alias in ["old/toml-post/index.html", "2024/03/toml-post.html"] {
        assert!(site.read(alias).contains("/posts/toml-post/"), "{alias}");
    }

    // `publishDate` is the date when there is no `date`, a time without
    // offset in the site's zone; `url` is the page's path.
    let y = site.page("/special/yaml-post/");
    assert_eq!(field(&y, "date"), "2024-03-05T08:30:00+01:00");
    assert!(!site.page_exists("/posts/yaml-post/"));

    // JSON front matter: summer time in Paris.
    let j = site.page("/posts/json-post/");
    assert_eq!(field(&j, "date"), "2024-07-01T09:00:00+02:00");
    assert_eq!(field(&j, "updated"), "2024-07-02T10:00:00Z");
    assert!(j.contains("The <em>body</em> of the JSON post."), "{j}");
    assert_eq!(extra(&j, "weight").as_deref(), Some("10"));

    // `expiryDate` in the past: expired.
    assert!(!site.page_exists("/posts/old-news/"));
    assert!(run.stdout.contains("1 expired article"), "{}", run.stdout);

    // `weight`, `lastmod`, `publishDate`, `expiryDate`, `images`, `url`: no word.
    assert_eq!(
        lines_with(&run.stderr, "front matter key"),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn front_matter_errors_name_the_line_in_each_format() {
    let site = site("");
    site.write(
        "content/posts/bad-toml.md",
        "+++\ntitle = \"A\"\ndate = 2024-01-01\ntags = [\"a\", \n+++\nBody\n",
    );
    site.write(
        "content/posts/bad-json.md",
        "{\n  \"title\": \"A\",\n  \"date\": \"2024-01-01\"\n  \"tags\": []\n}\nBody\n",
    );
    site.write(
        "content/posts/bad-type.md",
        "+++\ntitle = \"A\"\ndate = 2024-01-01\ndraft = \"perhaps\"\n+++\nBody\n",
    );
    site.write("content/posts/unclosed.md", "+++\ntitle = \"A\"\nBody\n");
    let run = site.build_with(&[]).fails();
    run.stderr_has("error: content/posts/bad-toml.md:4: invalid TOML front matter");
    run.stderr_has("error: content/posts/bad-json.md:4: invalid JSON front matter");
    run.stderr_has("error: content/posts/bad-type.md:4: invalid front matter: `draft`");
    run.stderr_has(
        "error: content/posts/unclosed.md:1: the front matter opened on line 1 is never closed",
    );
    run.stderr_has("add a line with `+++`");
}

#[test]
fn a_timezone_that_does_not_exist_is_an_error_in_site_yaml() {
    let site = site("timezone: Europe/Pariss");
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2024-01-01\n---\nBody\n",
    );
    let run = site.build_with(&[]).fails();
    run.stderr_has("site.yaml:4: `timezone` \"Europe/Pariss\" is not a time zone name");
    run.stderr_has("`timezone: Europe/Paris`");
}
