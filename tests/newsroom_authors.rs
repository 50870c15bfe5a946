//! Issue 26, author profiles: `data/authors.yaml` shown on author pages, in
//! bylines' targets and in JSON-LD; authors without one still get a page,
//! and `gazette check` lists them.

use crate::common;
use common::TestSite;
use common::jsonld;

const PROFILES: &str = "\
ann-lee:
  name: Ann Lee
  role: Ports correspondent
  bio: Ann covers the harbour & the river.
  photo: /images/ann.png
  links:
    email: ann@example.com
    website: https://ann.example.org
    social: [https://mastodon.social/@ann]
";

fn site() -> TestSite {
    let site = TestSite::with_broadsheet("image: /images/share.png");
    site.write("data/authors.yaml", PROFILES);
    site.write_bytes("static/images/ann.png", b"png");
    site.article(
        "world/a.md",
        "Alpha",
        "2024-05-01T10:00:00Z",
        "authors: [Ann Lee, Bo Chen]",
        "Body.",
    );
    site.article(
        "world/b.md",
        "Beta",
        "2024-05-02T10:00:00Z",
        "author: Bo Chen",
        "Body.",
    );
    site
}

#[test]
fn an_author_page_shows_the_profile_above_the_articles() {
    let site = site();
    site.build();
    let html = site.page("/authors/ann-lee/");
    let profile = html
        .find(r#"<div class="profile">"#)
        .expect("profile shown");
    let cards = html.find(r#"<ul class="cards""#).unwrap();
    assert!(profile < cards, "profile above the articles");
    for text in [
        "Ports correspondent",
        "Ann covers the harbour &amp; the river.",
        r#"href="mailto:ann@example.com""#,
        r#"href="https://ann.example.org" rel="me""#,
        r#"href="https://mastodon.social/@ann" rel="me">mastodon.social</a>"#,
        r#"src="/images/ann.png""#,
    ] {
        assert!(html.contains(text), "{text} missing in {html}");
    }
    let nodes = jsonld::assert_valid(&html);
    let page = &nodes[0];
    assert_eq!(page["@type"], "ProfilePage");
    let person = &page["mainEntity"];
    assert_eq!(person["name"], "Ann Lee");
    assert_eq!(person["jobTitle"], "Ports correspondent");
    assert_eq!(person["url"], "https://news.example.com/authors/ann-lee/");
    assert_eq!(
        person["sameAs"],
        serde_json::json!(["https://ann.example.org", "https://mastodon.social/@ann"])
    );
    assert_eq!(person["image"], "https://news.example.com/images/ann.png");
    // The bio describes the page.
    assert!(html.contains(
        r#"<meta name="description" content="Ann covers the harbour &amp; the river.">"#
    ));
}

#[test]
fn bylines_link_to_the_profile_and_articles_name_the_person() {
    let site = site();
    site.build();
    let html = site.page("/world/a/");
    assert!(
        html.contains(r#"<a href="/authors/ann-lee/" rel="author">Ann Lee</a>"#),
        "{html}"
    );
    assert!(
        site.page("/")
            .contains(r#"<a href="/authors/ann-lee/" rel="author">Ann Lee</a>"#)
    );
    jsonld::assert_valid(&html);
    let article = jsonld::node(&html, "NewsArticle");
    let authors = article["author"].as_array().unwrap();
    assert_eq!(authors[0]["name"], "Ann Lee");
    assert_eq!(authors[0]["jobTitle"], "Ports correspondent");
    assert_eq!(authors[0]["sameAs"][1], "https://mastodon.social/@ann");
    // Without a profile: name and page only.
    assert_eq!(authors[1]["name"], "Bo Chen");
    assert_eq!(
        authors[1]["url"],
        "https://news.example.com/authors/bo-chen/"
    );
    assert!(authors[1].get("jobTitle").is_none());
}

#[test]
fn an_author_without_a_profile_gets_a_page_and_check_lists_them() {
    let site = site();
    site.build();
    let html = site.page("/authors/bo-chen/");
    assert!(!html.contains(r#"class="profile""#));
    assert!(html.contains("Beta") && html.contains("Alpha"));
    let person = &jsonld::assert_valid(&html)[0]["mainEntity"];
    assert_eq!(person["name"], "Bo Chen");

    let run = site.run(&["check"]).ok();
    run.stderr_has("data/authors.yaml: author Bo Chen (2 articles) has no profile")
        .stderr_has("add `bo-chen:`");
    assert!(!run.stderr.contains("Ann Lee"), "{}", run.stderr);
    // A build does not nag.
    assert!(!site.build().stderr.contains("no profile"));
}

#[test]
fn a_broken_profiles_file_is_an_error_at_its_line() {
    let site = site();
    site.write(
        "data/authors.yaml",
        "ann-lee:\n  role: x\n  twitter: \"@ann\"\n",
    );
    let run = site.build_with(&[]).fails();
    run.stderr_has("data/authors.yaml:3").stderr_has("twitter");
    site.write(
        "data/authors.yaml",
        "ann-lee:\n  links:\n    social: [mastodon.social/@ann]\n",
    );
    site.build_with(&[])
        .fails()
        .stderr_has("is not an http(s) URL");
}

#[test]
fn every_reporter_of_the_example_site_has_a_profile() {
    let site = TestSite::example();
    let run = site.run(&["check"]).ok();
    assert!(!run.stderr.contains("has no profile"), "{}", run.stderr);
    site.build();
    let html = site.page("/authors/amara-okonjo/");
    assert!(html.contains(r#"class="profile""#));
    jsonld::assert_valid(&html);
}
