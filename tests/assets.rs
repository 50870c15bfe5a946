//! `asset(path=...)`: templates link static files by fingerprinted names
//! that change with their content, and the build writes those files.

use crate::common;
use common::{TEMPLATE_NAMES, TestSite};

fn css_link(site: &TestSite) -> String {
    let html = site.read("index.html");
    let start = html
        .find("/css/site.")
        .expect("the page links the stylesheet");
    let end = start + html[start..].find('"').unwrap();
    html[start + 1..end].to_string()
}

#[test]
fn stylesheet_is_fingerprinted_and_follows_edits() {
    let site = TestSite::bare();
    site.copy_broadsheet();
    site.site_yaml("Assets", "https://a.example.com", "");
    site.raw(
        "world/a.md",
        "---\ntitle: A\ndate: 2026-01-01\n---\nText.\n",
    );
    site.build();

    let first = css_link(&site);
    assert!(
        first.len() == "css/site.12345678.css".len() && first.ends_with(".css"),
        "{first}"
    );
    let original = std::fs::read(site.path("themes/broadsheet/static/css/site.css")).unwrap();
    assert_eq!(std::fs::read(site.output().join(&first)).unwrap(), original);

    // A site-level override of the stylesheet gets a new name; the old one is gone.
    site.write("static/css/site.css", "body { color: red; }\n");
    site.build();
    let second = css_link(&site);
    assert_ne!(first, second);
    assert_eq!(
        std::fs::read_to_string(site.output().join(&second)).unwrap(),
        "body { color: red; }\n"
    );
    assert!(!site.output().join(&first).exists());
}

#[test]
fn unknown_asset_is_a_template_error() {
    let site = TestSite::bare();
    let templates: Vec<_> = TEMPLATE_NAMES
        .iter()
        .map(|&name| (name, "{{ asset(path=\"css/missing.css\") }}"))
        .collect();
    site.theme("t", &templates, &[]);
    site.site_yaml("A", "https://a.example.com", "theme: t");
    std::fs::create_dir_all(site.path("content")).unwrap();
    let out = site.build_with(&[]);
    assert_eq!(out.code(), Some(1));
    let err = &out.stderr;
    assert!(
        err.contains("css/missing.css") && err.contains("index.html"),
        "{err}"
    );
}
