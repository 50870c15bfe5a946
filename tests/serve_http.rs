//! `gazette serve` over real HTTP: content types, folders and 404s,
//! traversal attempts (raw requests, so no client can normalise them away),
//! no directory listings, `build` output free of reload scripts, and a clear
//! error for a busy port.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

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

/// Starts serve on `port` and returns it with the printed address.
fn serve(root: &Path, port: u16) -> (Guard, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args([
            "--root",
            root.to_str().unwrap(),
            "serve",
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let guard = Guard(child);
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            let after = l.split("http://").nth(1)?;
            Some(
                after
                    .split_whitespace()
                    .next()?
                    .trim_end_matches('/')
                    .to_string(),
            )
        })
        .expect("serve prints its address");
    std::thread::spawn(move || lines.for_each(drop));
    (guard, addr)
}

/// Sends `GET path` exactly as given and returns (status, headers, body).
fn get(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head.to_lowercase(), raw[split + 4..].to_vec())
}

#[test]
fn serves_pages_files_and_404s_with_the_right_types() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, addr) = serve(&site(dir.path()), 0);

    let (status, head, body) = get(&addr, "/world/harbour/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    let body = String::from_utf8(body).unwrap();
    assert!(
        body.contains("/__gazette/live.js"),
        "serve injects the reload script: {body}"
    );

    let (status, head, _) = get(&addr, "/world/photo.png");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/png"), "{head}");

    let (status, head, _) = get(&addr, "/atom.xml");
    assert_eq!(status, 200);
    assert!(head.contains("xml"), "{head}");

    let (status, head, _) = get(&addr, "/world/harbour");
    assert_eq!(status, 301);
    assert!(head.contains("location: /world/harbour/"), "{head}");

    let (status, _, body) = get(&addr, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        String::from_utf8_lossy(&body).contains("Not here"),
        "the site's 404.html is served"
    );

    // A folder without index.html is not listed.
    let (status, _, body) = get(&addr, "/tags/ports/page/");
    assert_eq!(status, 404);
    assert!(!String::from_utf8_lossy(&body).contains("index.html"));
}

#[test]
fn traversal_attempts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
    let (_server, addr) = serve(&root, 0);
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
        let (status, _, body) = get(&addr, path);
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
