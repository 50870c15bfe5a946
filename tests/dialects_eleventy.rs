//! An Eleventy site's content copied into `content/` builds without hand
//! edits: Nunjucks in bodies is shown as text and reported once, code is
//! left alone, a templated `permalink` is reported, bare URLs become links.

use crate::dialects;

use dialects::{extra, field, lines_with, site};

#[test]
fn nunjucks_in_bodies_is_text_and_reported_once() {
    let site = site("");
    site.write(
        "content/posts/hello.md",
        r#"---
title: Hello
date: 2023-02-03T10:00:00-08:00
tags: [post, news]
eleventyExcludeFromCollections: false
permalink: "/blog/{{ page.fileSlug }}/"
---
{% set greeting = "Hi" %}

{{ greeting }}, see https://www.11ty.dev/docs/ and [the docs](https://www.11ty.dev/) or
<a href="https://example.org/x">https://example.org/x</a>.

`{{ inline }}` and `https://not-a-link.example.org`

    {% indented code %}

```njk
{% for post in collections.post %}{{ post.url }}{% endfor %}
```
"#,
    );
    site.write(
        "content/posts/second.md",
        "---\ntitle: Second\ndate: 2023-02-04\n---\nA para.\n\n{% image \"cat.jpg\", \"A cat\" %}\n",
    );
    let run = site.build();

    // Three places in prose: `{% set %}`, `{{ greeting }}`, `{% image %}`.
    run.stderr_has(
        "warning: content/posts/hello.md:8: template code shown as text: 3 places in 2 files \
         (content/posts/hello.md:8, content/posts/second.md:7)",
    );
    assert_eq!(
        lines_with(&run.stderr, "template code shown as text"),
        1,
        "{}",
        run.stderr
    );
    // A permalink made by a template cannot be used: the site's pattern is.
    run.stderr_has(
        "warning: content/posts/hello.md:6: per-page `permalink`: a pattern or template code in a page's own permalink is not expanded",
    );
    let p = site.page("/posts/hello/");
    assert_eq!(field(&p, "date"), "2023-02-03T10:00:00-08:00");
    assert!(p.contains("{% set greeting = “Hi” %}"), "{p}");
    assert_eq!(
        extra(&p, "eleventyExcludeFromCollections").as_deref(),
        Some("false")
    );

    // Bare addresses are links; those in links and code are left alone.
    assert!(
        p.contains(
            r#"see <a href="https://www.11ty.dev/docs/">https://www.11ty.dev/docs/</a> and"#
        ),
        "{p}"
    );
    assert!(
        p.contains(r#"<a href="https://www.11ty.dev/">the docs</a>"#),
        "{p}"
    );
    assert!(
        p.contains(r#"<a href="https://example.org/x">https://example.org/x</a>."#),
        "{p}"
    );
    assert!(
        p.contains("<code>https://not-a-link.example.org</code>"),
        "{p}"
    );
    assert!(!p.contains(r#"href="https://not-a-link"#), "{p}");
    assert!(p.contains("{% indented code %}"), "{p}");
}
