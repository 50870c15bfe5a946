//! A catalogue of hostile cases for `gazette serve`: clients that never
//! finish a request, source folders replaced under the watcher, request
//! paths built to bend redirects or headers, file names with control
//! characters, a closed stdout, and a folder that is not a site. Each test
//! runs the real binary on a temporary site and waits with a bound.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;
use common::TestSite;
use common::http::{Reply, get, serve};

/// How long a change may take to show before a test gives up.
const PATIENCE: Duration = Duration::from_secs(10);

/// Polls `path` until `ok` accepts the reply; panics after [`PATIENCE`].
fn eventually(addr: &str, path: &str, what: &str, ok: impl Fn(&Reply) -> bool) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let reply = get(addr, path);
        if ok(&reply) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: {path} still gives {} after {PATIENCE:?}:\n{}",
            reply.status,
            reply.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn shows(text: &'static str) -> impl Fn(&Reply) -> bool {
    move |r| r.status == 200 && r.text().contains(text)
}

/// Waits up to `limit` for `child` to exit.
fn exits_within(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn news_site() -> TestSite {
    let site = TestSite::new("");
    site.article("world/harbour.md", "Harbour", "2026-01-02", "", "Text.");
    site
}

/// Guards against a shutdown that waits for clients: hyper's graceful
/// shutdown waits for every open connection, so one client that sent half a
/// request kept serve alive for a minute after Ctrl-C.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_serve_whatever_the_clients_do() {
    let site = news_site();
    let mut server = serve(site.root());
    // A full round trip first: the server is accepting.
    assert_eq!(get(&server.addr, "/world/harbour/").status, 200);

    let mut half = TcpStream::connect(&server.addr).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut events = TcpStream::connect(&server.addr).unwrap();
    events
        .write_all(b"GET /__gazette/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let mut buf = [0u8; 256];
    let n = events.read(&mut buf).unwrap();
    assert!(
        String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"),
        "the event stream is open"
    );

    let interrupted = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = exits_within(&mut server.child, Duration::from_secs(2));
    assert!(status.is_some(), "serve was still running 2 s after Ctrl-C");
    drop((half, events));
}

/// Guards against a watcher that loses a top-level source folder for good:
/// notify drops the watches of a folder moved out of the site, and moving it
/// back did not watch it again, so new articles stayed 404 and template
/// edits never showed.
#[test]
fn source_folders_moved_away_and_back_are_watched_again() {
    let site = news_site();
    let server = serve(site.root());
    let addr = &server.addr;

    std::fs::rename(site.path("content"), site.path("c")).unwrap();
    std::fs::rename(site.path("c"), site.path("content")).unwrap();
    site.article("world/fresh.md", "Fresh one", "2026-01-03", "", "New.");
    eventually(addr, "/world/fresh/", "a new article", shows("Fresh one"));
    // A later edit can only show through a watch on the folder.
    site.article("world/fresh.md", "Fresh two", "2026-01-03", "", "New.");
    eventually(
        addr,
        "/world/fresh/",
        "an edited article",
        shows("Fresh two"),
    );

    std::fs::rename(site.path("themes"), site.path("th")).unwrap();
    std::fs::rename(site.path("th"), site.path("themes")).unwrap();
    // As with the article: the first edit may show through the rebuild
    // that follows the move; the second only through a watch.
    let template = site.path("themes/t/templates/article.html");
    let text = std::fs::read_to_string(&template).unwrap();
    let marked = |mark: &str| text.replace("<article>", &format!("<article><p>{mark}</p>"));
    std::fs::write(&template, marked("mark one")).unwrap();
    eventually(
        addr,
        "/world/harbour/",
        "a template edit",
        shows("mark one"),
    );
    std::fs::write(&template, marked("mark two")).unwrap();
    eventually(
        addr,
        "/world/harbour/",
        "a template edit",
        shows("mark two"),
    );
}

/// Guards against the same loss when a source folder is deleted and made
/// again (a `git checkout`, a sync tool, `rm -r` and a restore).
#[test]
fn source_folders_deleted_and_recreated_are_watched_again() {
    let site = news_site();
    let server = serve(site.root());
    let addr = &server.addr;

    std::fs::remove_dir_all(site.path("content")).unwrap();
    eventually(addr, "/world/harbour/", "a deleted article", |r| {
        r.status == 404
    });
    site.article("world/back.md", "Back one", "2026-01-03", "", "Again.");
    eventually(
        addr,
        "/world/back/",
        "an article in the new folder",
        shows("Back one"),
    );
    site.article("world/back.md", "Back two", "2026-01-03", "", "Again.");
    eventually(addr, "/world/back/", "an edited article", shows("Back two"));
}

/// Guards against redirects that decode the request: `%2F` turned into a
/// real path separator (`/a%2Fb` redirected to `/a/b/`), and Location
/// headers carried raw spaces and UTF-8. A Location is percent-encoded and
/// always a path on this server, never `//host`.
#[test]
fn redirect_locations_stay_percent_encoded() {
    let site = news_site();
    for folder in ["a/b", "café", "sp ace", "evil.com"] {
        site.write(
            &format!("static/{folder}/index.html"),
            "<html><body>folder page</body></html>",
        );
    }
    let server = serve(site.root());
    let addr = &server.addr;

    for path in ["/a%2Fb", "/a%2fb/", "/a%2Fb/index.html"] {
        let reply = get(addr, path);
        assert_eq!(
            reply.status, 404,
            "{path}: an encoded slash is not a path separator\n{}",
            reply.head
        );
    }
    assert_eq!(get(addr, "/a/b/").status, 200);

    for (path, location) in [
        ("/caf%C3%A9", "/caf%C3%A9/"),
        ("/sp%20ace", "/sp%20ace/"),
        ("/a/b", "/a/b/"),
    ] {
        let reply = get(addr, path);
        assert_eq!(reply.status, 301, "{path}\n{}", reply.head);
        assert_eq!(
            reply.header("location").as_deref(),
            Some(location),
            "{path}"
        );
        let followed = get(addr, location);
        assert!(
            followed.status == 200 && followed.text().contains("folder page"),
            "{location} serves the folder"
        );
    }

    for path in [
        "//evil.com",
        "/%2Fevil.com",
        "/%2F%2Fevil.com",
        "/%2f/evil.com",
        "/%5Cevil.com",
        "/%5C%5Cevil.com",
        "/evil.com",
    ] {
        let reply = get(addr, path);
        if let Some(location) = reply.header("location") {
            assert!(
                location.starts_with('/')
                    && !location.starts_with("//")
                    && !location.contains('\\')
                    && location.bytes().all(|b| b.is_ascii_graphic()),
                "{path}: Location {location:?} leaves the server or is not encoded"
            );
        }
    }
}

/// Guards against names that cannot be a URL or a header: a folder named
/// with CR LF was served (its redirect failed to build and became an empty
/// 200). Paths with control characters are 404 and never reach a header.
#[test]
fn names_with_control_characters_are_never_served() {
    let site = news_site();
    site.write(
        "static/x\r\ny/index.html",
        "<html><body>INJECTED</body></html>",
    );
    site.write("static/tab\there.txt", "INJECTED");
    site.article("x\r\ny/index.md", "Injected", "2026-01-04", "", "INJECTED");
    let server = serve(site.root());
    let addr = &server.addr;

    for path in [
        "/x%0D%0Ay",
        "/x%0D%0Ay/",
        "/x%0D%0Ay/index.html",
        "/x%0d%0ay/index/",
        "/x%0D%0Ay/index",
        "/tab%09here.txt",
        "/x%0Ay",
        "/x%7Fy",
    ] {
        let reply = get(addr, path);
        assert_eq!(reply.status, 404, "{path}\n{}", reply.head);
        assert!(!reply.text().contains("INJECTED"), "{path} was served");
        assert!(reply.header("location").is_none(), "{path}: {}", reply.head);
        assert!(
            !reply.head.split("\r\n").any(|l| l.starts_with('y')),
            "{path}: a name reached the headers\n{}",
            reply.head
        );
    }
    // The build itself refuses such names (issue 21), so nothing of this
    // site is served (the error is printed where serve runs).
    assert_eq!(get(addr, "/world/harbour/").status, 404);
}

/// Guards the panic-free printing: with its stdout closed, serve keeps
/// serving and rebuilding (every rebuild prints a line).
#[test]
fn a_closed_stdout_does_not_stop_serve() {
    let site = news_site();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = site
        .process(&["serve", "--port", &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let addr = format!("127.0.0.1:{port}");
    let deadline = Instant::now() + PATIENCE;
    while TcpStream::connect(&addr).is_err() {
        assert!(Instant::now() < deadline, "serve never listened");
        assert!(child.try_wait().unwrap().is_none(), "serve exited");
        std::thread::sleep(Duration::from_millis(50));
    }
    site.article(
        "world/harbour.md",
        "Harbour again",
        "2026-01-02",
        "",
        "Text.",
    );
    eventually(&addr, "/world/harbour/", "an edit", shows("Harbour again"));
    assert!(
        child.try_wait().unwrap().is_none(),
        "serve is still running"
    );
    let _ = child.kill();
    let _ = child.wait();
}

/// Guards against serving a folder that is not a site: serve printed the
/// site.yaml error and then served 404s forever. It exits 2 with a message
/// that says how to make or find a site.
#[test]
fn a_folder_without_site_yaml_is_not_served() {
    let empty = TestSite::bare();
    let mut child = empty
        .process(&["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = exits_within(&mut child, PATIENCE);
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let status = status.expect("serve exits when there is no site.yaml");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no site.yaml")
            && stderr.contains(&empty.root().display().to_string())
            && stderr.contains("gazette init")
            && stderr.contains("--root"),
        "{stderr}"
    );
    assert!(!stdout.contains("Serving"), "{stdout}");

    // A site.yaml that cannot be read (here a folder) is no site either.
    std::fs::create_dir(empty.path("site.yaml")).unwrap();
    let out = empty
        .process(&["serve", "--port", "0"])
        .timeout_output(PATIENCE);
    assert_eq!(out.0, Some(2), "{}", out.1);
    assert!(out.1.contains("site.yaml"), "{}", out.1);
}

/// Guards the editing workflow next to the rule above: a site whose
/// site.yaml or content has errors at start is served, with the error sent
/// to open tabs, so that fixing the file brings the site up.
#[test]
fn a_site_with_errors_at_start_is_still_served() {
    let site = news_site();
    site.raw("world/broken.md", "---\ntitle: [unclosed\n---\nbody\n");
    site.write("site.yaml", "title: [unclosed\n");
    let server = serve(site.root());
    let mut events = TcpStream::connect(&server.addr).unwrap();
    events
        .write_all(b"GET /__gazette/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    while !String::from_utf8_lossy(&seen).contains("site.yaml") {
        let n = events.read(&mut buf).expect("the error is streamed");
        assert!(n > 0, "the event stream ended");
        seen.extend_from_slice(&buf[..n]);
    }
    assert!(String::from_utf8_lossy(&seen).contains("event: error"));

    site.config("");
    site.raw(
        "world/broken.md",
        "---\ntitle: Fixed\ndate: 2026-01-05\n---\nbody\n",
    );
    eventually(
        &server.addr,
        "/world/broken/",
        "the fixed site",
        shows("Fixed"),
    );
}

/// `Command::output` with a bound: (exit code, stderr); kills the process
/// and returns no code if it runs longer than `limit`.
trait TimeoutOutput {
    fn timeout_output(&mut self, limit: Duration) -> (Option<i32>, String);
}

impl TimeoutOutput for Command {
    fn timeout_output(&mut self, limit: Duration) -> (Option<i32>, String) {
        let mut child = self
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let status = exits_within(&mut child, limit);
        if status.is_none() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let mut stderr = String::new();
        let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
        (status.and_then(|s| s.code()), stderr)
    }
}
