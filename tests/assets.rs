//! `asset(path=...)`: templates link static files by fingerprinted names
//! that change with their content, and the build writes those files.

use std::path::Path;
use std::process::Command;

mod common;

fn build(root: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["--root", root.to_str().unwrap(), "build"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn css_link(root: &Path) -> String {
    let html = std::fs::read_to_string(root.join("output/index.html")).unwrap();
    let start = html
        .find("/css/site.")
        .expect("the page links the stylesheet");
    let end = start + html[start..].find('"').unwrap();
    html[start + 1..end].to_string()
}

#[test]
fn stylesheet_is_fingerprinted_and_follows_edits() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/broadsheet"),
        &root.join("themes/broadsheet"),
    );
    std::fs::write(
        root.join("site.yaml"),
        "title: Assets\nbase_url: https://a.example.com\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/world")).unwrap();
    std::fs::write(
        root.join("content/world/a.md"),
        "---\ntitle: A\ndate: 2026-01-01\n---\nText.\n",
    )
    .unwrap();
    build(root);

    let first = css_link(root);
    assert!(
        first.len() == "css/site.12345678.css".len() && first.ends_with(".css"),
        "{first}"
    );
    let original = std::fs::read(root.join("themes/broadsheet/static/css/site.css")).unwrap();
    assert_eq!(
        std::fs::read(root.join("output").join(&first)).unwrap(),
        original
    );

    // A site-level override of the stylesheet gets a new name; the old one is gone.
    std::fs::create_dir_all(root.join("static/css")).unwrap();
    std::fs::write(root.join("static/css/site.css"), "body { color: red; }\n").unwrap();
    build(root);
    let second = css_link(root);
    assert_ne!(first, second);
    assert_eq!(
        std::fs::read_to_string(root.join("output").join(&second)).unwrap(),
        "body { color: red; }\n"
    );
    assert!(!root.join("output").join(&first).exists());
}

#[test]
fn unknown_asset_is_a_template_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let theme = root.join("themes/t/templates");
    std::fs::create_dir_all(&theme).unwrap();
    for name in [
        "base", "index", "article", "page", "list", "taxonomy", "404",
    ] {
        std::fs::write(
            theme.join(format!("{name}.html")),
            "{{ asset(path=\"css/missing.css\") }}",
        )
        .unwrap();
    }
    std::fs::write(
        root.join("site.yaml"),
        "title: A\nbase_url: https://a.example.com\ntheme: t\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["--root", root.to_str().unwrap(), "build"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("css/missing.css") && err.contains("index.html"),
        "{err}"
    );
}
