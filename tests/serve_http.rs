//! `gazette serve` over real HTTP: content types, folders and 404s,
//! traversal attempts (raw requests, so no client can normalise them away),
//! no directory listings, `build` output free of reload scripts, and a clear
//! error for a busy port.

use std::net::TcpListener;

use crate::common;
use common::http::{self, serve};
use common::{TEMPLATE_NAMES, TestSite};

/// A one-article site at `<tmp>/site` (so `<tmp>` can hold a secret)
/// with a theme of bare pages and a 404 page of its own.
fn site() -> TestSite {
    let site = TestSite::new_in_subfolder("");
    site.site_yaml("Http", "https://http.example.com", "theme: t");
    site.raw(
        "world/harbour.md",
        "---\ntitle: Harbour\ndate: 2026-10-01\ntags: [Ports]\n---\n\nText.\n",
    );
    site.write_bytes("content/world/photo.png", b"\x89PNG\r\n\x1a\nfake");
    let templates: Vec<_> = TEMPLATE_NAMES
        .iter()
        .map(|&name| match name {
            "404.html" => (name, "<html><body>Not here</body></html>"),
            _ => (name, "<html><body>{{ page_title }}</body></html>"),
        })
        .collect();
    site.theme("t", &templates, &[]);
    site
}

/// `GET path` sent as given: (status, headers in lower case, body).
fn get(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    let reply = http::get(addr, path);
    (reply.status, reply.head.to_lowercase(), reply.body)
}

#[test]
fn serves_pages_files_and_404s_with_the_right_types() {
    let site = site();
    let server = serve(site.root());
    let addr = &server.addr;

    let (status, head, body) = get(addr, "/world/harbour/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    let body = String::from_utf8(body).unwrap();
    assert!(
        body.contains("/__gazette/live.js"),
        "serve injects the reload script: {body}"
    );

    let (status, head, _) = get(addr, "/world/photo.png");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/png"), "{head}");

    let (status, head, _) = get(addr, "/atom.xml");
    assert_eq!(status, 200);
    assert!(head.contains("xml"), "{head}");

    let (status, head, _) = get(addr, "/world/harbour");
    assert_eq!(status, 301);
    assert!(head.contains("location: /world/harbour/"), "{head}");

    let (status, _, body) = get(addr, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        String::from_utf8_lossy(&body).contains("Not here"),
        "the site's 404.html is served"
    );

    // A folder without index.html is not listed.
    let (status, _, body) = get(addr, "/tags/ports/page/");
    assert_eq!(status, 404);
    assert!(!String::from_utf8_lossy(&body).contains("index.html"));
}

#[test]
fn traversal_attempts_are_refused() {
    let site = site();
    std::fs::write(site.top().join("secret.txt"), "top secret").unwrap();
    let server = serve(site.root());
    let addr = &server.addr;
    for path in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/world/..%2f..%2fsecret.txt",
        "/..%5c..%5csecret.txt",
        "/world/%00/x",
        "/./site.yaml",
        "/site.yaml",
        "/content/world/harbour.md",
    ] {
        let (status, _, body) = get(addr, path);
        assert!(status == 400 || status == 404, "{path}: status {status}");
        let body = String::from_utf8_lossy(&body);
        assert!(
            !body.contains("top secret") && !body.contains("root:"),
            "{path} leaked a file"
        );
        assert!(!body.contains("base_url"), "{path} served a source file");
    }
}

#[test]
fn a_busy_port_gives_a_clear_error() {
    let site = site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = site.run(&["serve", "--port", &port.to_string()]);
    assert!(!out.success());
    let err = &out.stderr;
    assert!(
        err.contains("already in use") && err.contains(&port.to_string()),
        "{err}"
    );
    assert!(err.contains("--port"), "the error says what to do: {err}");
}

#[test]
fn build_output_has_no_reload_script() {
    let site = site();
    site.build();
    for entry in walkdir::WalkDir::new(site.output()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&text).contains("__gazette"),
                "{} has the reload script",
                entry.path().display()
            );
        }
    }
}

/// Waits until `GET path` answers 200 with a body for which `ok` holds.
fn wait_for(addr: &str, path: &str, ok: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    let start = std::time::Instant::now();
    loop {
        let (status, _, body) = get(addr, path);
        if status == 200 && ok(&body) {
            return body;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{path} never changed: {status} {}",
            String::from_utf8_lossy(&body)
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Pages are rendered when asked for and copied files read from disk: what
/// is served after an edit is the edited site (a template, a photo, a new
/// article in the sitemap, and a page of the new article).
#[test]
fn edits_are_served_as_they_are_on_disk() {
    let site = site();
    let server = serve(site.root());
    let addr = &server.addr;
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert!(text(&get(addr, "/world/harbour/").2).contains("Harbour"));
    assert!(!text(&get(addr, "/sitemap.xml").2).contains("/world/lighthouse/"));

    site.write(
        "themes/t/templates/article.html",
        "<html><body>Edited {{ page_title }}</body></html>",
    );
    let page = wait_for(addr, "/world/harbour/", |b| {
        text(b).contains("Edited Harbour")
    });
    assert!(text(&page).contains("/__gazette/live.js"));

    site.write_bytes("content/world/photo.png", b"\x89PNG\r\n\x1a\nnew photo");
    wait_for(addr, "/world/photo.png", |b| b.ends_with(b"new photo"));

    site.raw(
        "world/lighthouse.md",
        "---\ntitle: Lighthouse\ndate: 2026-10-02\n---\n\nText.\n",
    );
    wait_for(addr, "/sitemap.xml", |b| {
        text(b).contains("/world/lighthouse/")
    });
    wait_for(addr, "/world/lighthouse/", |b| {
        text(b).contains("Edited Lighthouse")
    });
}
