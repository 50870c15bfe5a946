//! The first hour with Gazette (issue 23), the theme and template side: what someone trying it out meets
//! before they have changed anything. A fresh site keeps the placeholder
//! `base_url`, so the default theme must still work when the output is
//! served from a folder deploy or a preview host; build and check say what to set;
//! a typo in a template is reported where it is; `--version` says which
//! code is running.

use crate::common;

use std::path::Path;

use common::{BASE_URL, TestSite};

/// Every link of an HTML file: (the tag holding it, the URL). Links are
/// `href` and `src` attributes and a meta refresh's `url=`.
fn links(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", "content=\"0; url="] {
        let mut from = 0;
        while let Some(i) = html[from..].find(attr) {
            let start = from + i + attr.len();
            let end = start + html[start..].find('"').expect("unclosed attribute");
            let tag_start = html[..start].rfind('<').expect("attribute outside a tag");
            let tag_end = start + html[start..].find('>').expect("unclosed tag");
            out.push((
                html[tag_start..=tag_end].to_string(),
                common::decode_html(&html[start..end]),
            ));
            from = end;
        }
    }
    out
}

/// The output file a root-relative URL (base path removed) is served from.
fn served_file(site: &TestSite, path: &str) -> std::path::PathBuf {
    let path = path.split(['#', '?']).next().unwrap_or("");
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        site.output().join(rel).join("index.html")
    } else {
        site.output().join(rel)
    }
}

/// Checks every link of every HTML page of `site` (built with base URL
/// `base_url`): none is absolute on the site's own host but the canonical
/// link, and every root-relative one starts with the base URL's path and
/// names a file of the output. Returns how many root-relative links there were.
fn assert_links_stay_on_the_site(site: &TestSite, base_url: &str) -> usize {
    let origin_end = base_url.find("://").unwrap() + 3;
    let origin = match base_url[origin_end..].find('/') {
        Some(i) => &base_url[..origin_end + i],
        None => base_url,
    };
    let base_path = &base_url[origin.len()..];
    let mut problems = Vec::new();
    let mut relative = 0;
    for rel in site.output_files() {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = site.read(&rel);
        for (tag, url) in links(&html) {
            if url.starts_with(origin) {
                // Search engines want canonical and hreflang links absolute.
                if !tag.starts_with("<link rel=\"canonical\"")
                    && !tag.starts_with("<link rel=\"alternate\" hreflang=")
                {
                    problems.push(format!("{rel}: absolute link {url} in {tag}"));
                }
            } else if url.starts_with('/') && !url.starts_with("//") {
                relative += 1;
                match url.strip_prefix(base_path) {
                    Some(path) if path.starts_with('/') => {
                        if !served_file(site, path).is_file() {
                            problems.push(format!("{rel}: {url} names no output file ({tag})"));
                        }
                    }
                    _ => problems.push(format!("{rel}: {url} lacks the prefix {base_path}")),
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    relative
}

#[test]
fn example_site_links_its_own_pages_and_assets_root_relative() {
    let site = TestSite::example();
    site.build();
    let relative = assert_links_stay_on_the_site(&site, BASE_URL);
    assert!(relative > 500, "only {relative} root-relative links");
    let front = site.page("/");
    // The stylesheet loads from disk and on any host.
    assert!(
        front.contains("<link rel=\"stylesheet\" href=\"/css/site."),
        "{front}"
    );
    assert!(front.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"The Meridian Ledger (Atom)\" href=\"/atom.xml\">"));
    // What a standard wants absolute stays absolute.
    let article = site.page("/world/harbour-strike-ends/");
    for needle in [
        format!("<link rel=\"canonical\" href=\"{BASE_URL}/world/harbour-strike-ends/\">"),
        format!("<meta property=\"og:url\" content=\"{BASE_URL}/world/harbour-strike-ends/\">"),
        // The lead image shared as its 1200x630 card (issue 25).
        format!("<meta property=\"og:image\" content=\"{BASE_URL}/world/harbour-social.jpg\">"),
        format!("\"mainEntityOfPage\":\"{BASE_URL}/world/harbour-strike-ends/\""),
    ] {
        assert!(article.contains(&needle), "article lacks {needle}");
    }
    assert!(
        site.read("atom.xml")
            .contains(&format!("{BASE_URL}/world/harbour-strike-ends/"))
    );
}

#[test]
fn a_site_in_a_folder_links_its_pages_under_the_folder() {
    let base_url = "https://paper.org/news";
    let site = TestSite::with_broadsheet("");
    site.site_yaml(
        "Folder Times",
        base_url,
        "theme: broadsheet\ndescription: In a folder",
    );
    site.write_bytes("content/world/lead.jpg", b"jpg");
    site.article(
        "world/kz.md",
        "Kazakhstan votes",
        "2024-02-01",
        "tags: [Kazakhstan]\nauthor: Aigerim Sarsen\ncategory: Politics\nimage: lead.jpg\naliases: [/old/kz/]",
        "Voters went to the polls.",
    );
    site.article(
        "world/rail.md",
        "Rail corridor opens",
        "2024-02-02",
        "tags: [Kazakhstan]",
        "Trains run.",
    );
    site.raw(
        "about.md",
        "---\ntitle: About\ntype: page\n---\nWho we are.\n",
    );
    site.build();
    let relative = assert_links_stay_on_the_site(&site, base_url);
    assert!(relative > 50, "only {relative} root-relative links");
    let article = site.page("/world/kz/");
    for needle in [
        "<link rel=\"stylesheet\" href=\"/news/css/site.",
        "<a href=\"/news/\">Home</a>",
        "<a href=\"/news/world/\">World</a>",
        "<a href=\"/news/about/\">About</a>",
        "href=\"/news/tags/kazakhstan/\"",
        "<img src=\"/news/world/lead.jpg\"",
        "href=\"/news/atom.xml\"",
        "<link rel=\"canonical\" href=\"https://paper.org/news/world/kz/\">",
    ] {
        assert!(
            article.contains(needle),
            "article lacks {needle}\n{article}"
        );
    }
    let term = site.page("/tags/kazakhstan/");
    assert!(
        term.contains("href=\"/news/tags/kazakhstan/atom.xml\""),
        "{term}"
    );
    assert!(
        site.page("/old/kz/")
            .contains("<meta http-equiv=\"refresh\" content=\"0; url=/news/world/kz/\">")
    );
}

/// The warning for a placeholder `base_url` at line 2 of site.yaml.
fn placeholder_warning(url: &str) -> String {
    format!("warning: site.yaml:2: `base_url` {url} ")
}

#[test]
fn a_placeholder_base_url_is_a_warning_in_build_and_check() {
    let site = TestSite::with_broadsheet("");
    site.article("news/a.md", "A", "2024-01-01", "", "x");
    for url in [
        "https://example.com",
        "https://www.example.org/news",
        "http://localhost:8000",
        "http://127.0.0.1",
        "https://paper.test",
        "https://paper.invalid",
        "https://paper.example",
    ] {
        site.site_yaml("Placeholder", url, "theme: broadsheet");
        for command in ["build", "check"] {
            let run = site.run(&[command]).ok();
            run.stderr_has(&placeholder_warning(url))
                .stderr_has("--base-url");
        }
    }
    let check = site.run(&["check"]).ok();
    assert!(check.stdout.contains("1 warning"), "{}", check.stdout);

    // A preview build replaces the placeholder: nothing to warn about.
    let preview = site
        .build_with(&["--base-url", "https://preview.paper.org"])
        .ok();
    assert!(!preview.stderr.contains("base_url"), "{}", preview.stderr);

    for real in ["https://news.ledger.org", "https://example.co.uk"] {
        site.site_yaml("Real", real, "theme: broadsheet");
        for command in ["build", "check"] {
            let run = site.run(&[command]).ok();
            assert!(!run.stderr.contains("base_url"), "{real}: {}", run.stderr);
        }
    }
}

#[test]
fn init_says_what_to_set_base_url_to() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("paper");
    common::run({
        let mut cmd = common::gazette();
        cmd.arg("init").arg(&dir);
        cmd
    })
    .ok();
    let yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    let lines: Vec<&str> = yaml.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("base_url:"))
        .expect("base_url in site.yaml");
    let comment: Vec<&str> = lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.starts_with('#'))
        .copied()
        .collect();
    let comment = comment.join("\n");
    assert!(comment.contains("Set base_url"), "{yaml}");
    assert!(comment.contains("--base-url"), "{yaml}");
    // The fresh site builds, and says that base_url is still to be set.
    let mut cmd = common::gazette();
    cmd.arg("--root").arg(&dir).arg("build");
    common::run(cmd)
        .ok()
        .stderr_has(&format!("warning: site.yaml:{}: `base_url`", at + 1));
}

/// The default theme's article.html with `edit` applied, as the site's own
/// `templates/article.html`; returns the 1-based line of `marker` in it.
fn override_article(site: &TestSite, edit: impl Fn(&str) -> String, marker: &str) -> usize {
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/broadsheet/templates/article.html"),
    )
    .unwrap();
    let text = edit(&original);
    assert_ne!(text, original, "the edit changed nothing");
    site.write("templates/article.html", &text);
    text.lines()
        .position(|l| l.contains(marker))
        .map(|i| i + 1)
        .expect("marker in the template")
}

#[test]
fn an_unknown_filter_is_reported_in_the_template_that_uses_it() {
    let site = TestSite::with_broadsheet("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    let line = override_article(
        &site,
        |t| {
            t.replace(
                "{{ article.title }}</h1>",
                "{{ article.title | shout }}</h1>",
            )
        },
        "| shout }}",
    );
    for command in ["build", "check"] {
        let run = site.run(&[command]).fails();
        run.stderr_has(&format!(
            "error: templates/article.html:{line}: template error: Unknown filter `shout`"
        ));
        assert!(!run.stderr.contains("base.html"), "{}", run.stderr);
    }
}

#[test]
fn a_missing_endif_is_reported_at_the_if_it_leaves_open() {
    let site = TestSite::with_broadsheet("");
    site.article("world/a.md", "A", "2024-01-01", "", "x");
    // A one-line `if` of article.html (the kicker moved to a partial in issue 26).
    let kicker = "{% if article.sponsored %}<p class=\"notice";
    let line = override_article(
        &site,
        |t| {
            let start = t.find(kicker).unwrap();
            let end = start + t[start..].find("{% endif %}").unwrap();
            format!("{}{}", &t[..end], &t[end + "{% endif %}".len()..])
        },
        kicker,
    );
    let run = site.build_with(&[]).fails();
    run.stderr_has(&format!(
        "error: templates/article.html:{line}: template error: `{{% if %}}` is never closed"
    ))
    .stderr_has("add `{% endif %}`");

    // Left open to the end of the file.
    site.remove("templates/article.html");
    site.write(
        "templates/404.html",
        "<!DOCTYPE html>\n<title>Lost</title>\n{% for s in sections %}\n<a href=\"{{ s.url }}\">{{ s.name }}</a>\n\n",
    );
    site.build_with(&[])
        .fails()
        .stderr_has("error: templates/404.html:3: template error: `{% for %}` is never closed");
}

#[test]
fn version_names_the_git_revision_of_a_checkout() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = common::run({
        let mut cmd = common::gazette();
        cmd.arg("--version");
        cmd
    })
    .ok();
    let version = env!("CARGO_PKG_VERSION");
    let revision = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(repo)
        .output()
        .ok()
        .filter(|o| o.status.success() && repo.join(".git").exists())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let expected = match revision {
        Some(rev) => format!("gazette {version} ({rev})\n"),
        None => format!("gazette {version}\n"),
    };
    assert_eq!(run.stdout, expected);
}

/// Issue 23: templates get summaries as HTML, and there was no filter for
/// their text (a `<meta>` description, a `title` attribute).
#[test]
fn striptags_gives_the_text_of_an_html_summary() {
    let site = TestSite::new("");
    site.write(
        "templates/article.html",
        "<p class=\"plain\">{{ article.summary | striptags }}</p>",
    );
    site.article(
        "world/a.md",
        "A",
        "2024-01-01",
        "",
        "**Ports** & <em>docks</em>\n  reopen.\n\nSecond paragraph.",
    );
    site.build();
    let page = site.read("world/a/index.html");
    assert!(
        page.contains("<p class=\"plain\">Ports &amp; docks reopen.</p>"),
        "{page}"
    );
}

/// Issue 23: a misspelt template variable or field gets the name that was
/// likely meant, as misspelt front matter and site.yaml keys do.
#[test]
fn a_misspelt_template_variable_gets_the_name_that_was_meant() {
    for (written, meant) in [("artcle.title", "article"), ("article.titel", "title")] {
        let site = TestSite::new("");
        site.write(
            "templates/article.html",
            &format!("<h1>{{{{ {written} }}}}</h1>"),
        );
        site.article("world/a.md", "A", "2024-01-01", "", "Body.");
        let run = site.build_with(&[]).fails();
        run.stderr_has("error: templates/article.html:1: template error:");
        run.stderr_has(&format!("did you mean `{meant}`?"));
    }
}
