//! `gazette serve` over real HTTP: content types, folders and 404s,
//! traversal attempts (raw requests, so no client can normalise them away),
//! no directory listings, `build` output free of reload scripts, and a clear
//! error for a busy port.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};

mod common;
use common::http::{self, serve};

fn site(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("site");
    let article = root.join("content/world/harbour.md");
    std::fs::create_dir_all(article.parent().unwrap()).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        "title: Http\nbase_url: https://http.example.com\n",
    )
    .unwrap();
    std::fs::write(
        &article,
        "---\ntitle: Harbour\ndate: 2026-10-01\ntags: [Ports]\n---\n\nText.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/world/photo.png"),
        b"\x89PNG\r\n\x1a\nfake",
    )
    .unwrap();
    let theme = root.join("themes/t/templates");
    std::fs::create_dir_all(&theme).unwrap();
    for name in ["base", "index", "article", "page", "list", "taxonomy"] {
        std::fs::write(
            theme.join(format!("{name}.html")),
            "<html><body>{{ page_title }}</body></html>",
        )
        .unwrap();
    }
    std::fs::write(theme.join("404.html"), "<html><body>Not here</body></html>").unwrap();
    std::fs::write(
        root.join("site.yaml"),
        "title: Http\nbase_url: https://http.example.com\ntheme: t\n",
    )
    .unwrap();
    root
}

/// `GET path` sent as given: (status, headers in lower case, body).
fn get(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    let reply = http::get(addr, path);
    (reply.status, reply.head.to_lowercase(), reply.body)
}

#[test]
fn serves_pages_files_and_404s_with_the_right_types() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&site(dir.path()));
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
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let server = serve(&root);
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
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args([
            "--root",
            root.to_str().unwrap(),
            "serve",
            "--port",
            &port.to_string(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already in use") && err.contains(&port.to_string()),
        "{err}"
    );
    assert!(err.contains("--port"), "the error says what to do: {err}");
}

#[test]
fn build_output_has_no_reload_script() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let status = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["--root", root.to_str().unwrap(), "build"])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    for entry in walkdir::WalkDir::new(root.join("output")) {
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
