//! Browser tests in real headless Chromium, driven through ChromeDriver
//! (WebDriver over HTTP): screenshots of the example site at desktop and
//! phone widths, and live reload in `gazette serve` (an edit appears without
//! a manual reload; a broken edit shows the error overlay; the fix clears it).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod common;
use common::TestSite;
use common::http::{self, Server};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A child process killed when dropped, so a failing test leaves nothing running.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A WebDriver session on a fresh ChromeDriver.
struct Browser {
    base: String,
    session: String,
    _driver: Guard,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(width: u32, height: u32, mobile: bool) -> Browser {
        assert!(
            Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists(),
            "browser tests need Debian's chromium and chromium-driver: run `bash .ci/run` or \
             `apt-get install chromium chromium-driver`"
        );
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Guard(driver);
        let base = format!("http://127.0.0.1:{port}");
        wait_until(Duration::from_secs(10), || {
            ureq::get(&format!("{base}/status")).call().is_ok()
        });
        let profile = tempfile::tempdir().unwrap();
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--hide-scrollbars".into(),
            format!("--user-data-dir={}", profile.path().display()),
            format!("--window-size={width},{height}"),
        ];
        if mobile {
            args.push("--force-device-scale-factor=1".into());
        }
        let mut options = json!({"binary": CHROMIUM, "args": args});
        if mobile {
            options["mobileEmulation"] = json!({
                "deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0},
                "userAgent": "Mozilla/5.0 (Linux; Android 14) Mobile"
            });
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options}}});
        let resp: Value = ureq::post(&format!("{base}/session"))
            .send_json(caps)
            .expect("a Chromium session starts")
            .into_json()
            .unwrap();
        let session = resp["value"]["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        Browser {
            base,
            session,
            _driver: driver,
            _profile: profile,
        }
    }

    fn cmd(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        let resp = ureq::post(&url)
            .send_json(body)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        resp.into_json::<Value>().unwrap()["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.cmd("url", json!({"url": url}));
    }

    fn js(&self, script: &str) -> Value {
        self.cmd("execute/sync", json!({"script": script, "args": []}))
    }

    fn screenshot(&self) -> Vec<u8> {
        let url = format!("{}/session/{}/screenshot", self.base, self.session);
        let v: Value = ureq::get(&url).call().unwrap().into_json().unwrap();
        decode_base64(v["value"].as_str().unwrap())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
    }
}

fn wait_until(limit: Duration, mut ok: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

fn decode_base64(s: &str) -> Vec<u8> {
    let table = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            _ => 63,
        }
    };
    let clean: Vec<u8> = s
        .bytes()
        .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= table(c) << (18 - 6 * i);
        }
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// Starts `gazette serve --port 0` on `site`; returns the server and its URL.
fn serve(site: &TestSite) -> (Server, String) {
    let server = http::serve(site.root());
    let url = format!("http://{}", server.addr);
    (server, url)
}

/// Distinct colours in a PNG screenshot, and its size.
fn colours(png_bytes: &[u8]) -> (usize, u32, u32) {
    let decoder = png::Decoder::new(png_bytes);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let mut seen = std::collections::HashSet::new();
    for px in buf[..info.buffer_size()].chunks(channels) {
        seen.insert(px[..3.min(channels)].to_vec());
    }
    (seen.len(), info.width, info.height)
}

#[test]
fn example_site_screenshots_desktop_and_phone() {
    let site = TestSite::example();
    let (_server, url) = serve(&site);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, w, h, mobile) in [("desktop", 1366, 900, false), ("phone", 390, 844, true)] {
        let browser = Browser::start(w, h, mobile);
        for (page, path) in [("front", "/"), ("article", "")] {
            let target = if path.is_empty() {
                browser.goto(&format!("{url}/"));
                let href = browser.js("var a = document.querySelector('main article :is(h1,h2,h3) a[href]'); return a ? a.href : null;");
                href.as_str()
                    .expect("the front page links to an article")
                    .to_string()
            } else {
                format!("{url}{path}")
            };
            browser.goto(&target);
            let text_len = browser
                .js("return document.body.innerText.trim().length;")
                .as_u64()
                .unwrap_or(0);
            assert!(
                text_len > 200,
                "{name} {page}: the page shows almost no text ({text_len} chars)"
            );
            let css_ok = browser.js(
                "return [...document.styleSheets].some(s => { try { return s.cssRules.length > 10; } \
                 catch (e) { return false; } });",
            );
            assert_eq!(css_ok, json!(true), "{name} {page}: stylesheet not applied");
            let png = browser.screenshot();
            std::fs::write(shots.join(format!("{page}-{name}.png")), &png).unwrap();
            let (n, width, _) = colours(&png);
            assert!(
                n > 20,
                "{name} {page}: screenshot looks blank ({n} colours)"
            );
            assert!(
                width <= w + 20,
                "{name} {page}: screenshot wider than the window"
            );
            let overflow =
                browser.js("return document.documentElement.scrollWidth > window.innerWidth + 1;");
            assert_eq!(
                overflow,
                json!(false),
                "{name} {page}: the page scrolls sideways"
            );
        }
    }
}

#[test]
fn live_reload_shows_edits_and_errors_without_manual_reload() {
    let site = TestSite::bare();
    site.copy_broadsheet();
    site.site_yaml("Live", "https://live.example.com", "");
    let front = "---\ntitle: Harbour reopens\ndate: 2026-10-01\ntags: [Ports]\n---\n\n";
    site.raw(
        "world/harbour.md",
        &format!("{front}The harbour reopened on Monday.\n"),
    );
    let article = site.path("content/world/harbour.md");

    let (_server, url) = serve(&site);
    let browser = Browser::start(1200, 900, false);
    browser.goto(&format!("{url}/world/harbour/"));
    assert!(wait_until(Duration::from_secs(10), || {
        browser.js("return document.body.innerText.includes('reopened on Monday');") == json!(true)
    }));
    // Mark the page: a manual reload would lose this.
    browser.js("window.__marker = 1; return 1;");
    // The event stream must be connected before the edit.
    assert!(wait_until(Duration::from_secs(5), || {
        browser.js("return document.documentElement.getAttribute('data-gazette-live') === '1';")
            == json!(true)
    }));

    std::fs::write(
        &article,
        format!("{front}Ferries returned on Tuesday after the storm.\n"),
    )
    .unwrap();
    assert!(
        wait_until(Duration::from_secs(10), || {
            browser.js("return document.body.innerText.includes('Ferries returned on Tuesday');")
                == json!(true)
        }),
        "the edit did not appear in the open page"
    );
    assert_eq!(
        browser.js("return window.__marker === undefined;"),
        json!(true),
        "the page reloaded by itself"
    );

    std::fs::write(&article, "---\ntitle: [unclosed\n---\nbody\n").unwrap();
    assert!(
        wait_until(Duration::from_secs(10), || {
            browser.js("var o = document.getElementById('gazette-error-overlay'); \
                 return !!o && o.innerText.includes('harbour.md');")
                == json!(true)
        }),
        "the error overlay did not appear"
    );
    // The last good page is still served underneath.
    assert_eq!(
        browser.js("return document.body.innerText.includes('Ferries returned on Tuesday');"),
        json!(true)
    );

    std::fs::write(&article, format!("{front}Fixed: the port is busy again.\n")).unwrap();
    assert!(
        wait_until(Duration::from_secs(10), || {
            browser.js(
                "return !document.getElementById('gazette-error-overlay') && \
                 document.body.innerText.includes('the port is busy again');",
            ) == json!(true)
        }),
        "fixing the file did not clear the overlay and show the page"
    );
}

/// Issue 30: on a phone a wide table scrolls inside its own box and the page
/// never scrolls sideways; nor does a long line of highlighted code or a
/// wide formula.
#[test]
fn wide_tables_code_and_math_scroll_in_their_own_box_on_a_phone() {
    let site = TestSite::with_broadsheet("");
    let header: String = (1..=12).map(|i| format!("| Column heading {i} ")).collect();
    let rule = "|---".repeat(12);
    let row: String = (1..=12)
        .map(|i| format!("| value-without-spaces-{i}-0123456789 "))
        .collect();
    let body = format!(
        "A wide table.\n\n{header}|\n{rule}|\n{row}|\n{row}|\n\n\
         ```rust\nfn a_very_long_function_name_that_goes_on(and_on: u32, and_on_again: u32, still: u64) -> u64 {{ 0 }}\n```\n\n\
         $$x_1 + x_2 + x_3 + x_4 + x_5 + x_6 + x_7 + x_8 + x_9 + x_{{10}} + x_{{11}} + x_{{12}} + x_{{13}} + x_{{14}} + x_{{15}} + x_{{16}}$$\n"
    );
    site.article("world/wide.md", "Wide", "2024-03-01", "", &body);
    let (_server, url) = serve(&site);
    let browser = Browser::start(390, 844, true);
    browser.goto(&format!("{url}/world/wide/"));
    let found = browser.js("return document.querySelectorAll('table th').length;");
    assert_eq!(found, json!(12), "the table is on the page");
    let page = browser.js("return [document.documentElement.scrollWidth, window.innerWidth];");
    let (scroll, inner) = (page[0].as_u64().unwrap(), page[1].as_u64().unwrap());
    assert!(
        scroll <= inner,
        "the page scrolls sideways on a phone: {scroll} px of content in {inner} px"
    );
    let boxed = browser.js(
        "var t = document.querySelector('table'); var b = t.closest('.table-scroll'); \
         return b ? b.scrollWidth > b.clientWidth : null;",
    );
    assert_eq!(
        boxed,
        json!(true),
        "the table sits in its own .table-scroll box, which scrolls"
    );
}

/// Issue 26 in a real browser: an article with a correction and a dateline,
/// an opinion card on the front page, an author profile and a month
/// archive, at desktop and phone widths, saved to target/screenshots/ to
/// be looked at; and on a 390 px phone every section of the navigation is
/// on screen.
#[test]
fn newsroom_pages_screenshots_desktop_and_phone() {
    let site = TestSite::example();
    let (_server, url) = serve(&site);
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, w, h, mobile) in [("desktop", 1366, 900, false), ("phone", 390, 844, true)] {
        let browser = Browser::start(w, h, mobile);
        for (page, path, must_show) in [
            (
                "correction-dateline",
                "/world/steppe-rail-corridor/",
                ".notice--correction",
            ),
            ("front-opinion", "/", ".label--opinion"),
            ("author-profile", "/authors/amara-okonjo/", ".profile"),
            ("month-archive", "/2026/10/", ".card"),
        ] {
            browser.goto(&format!("{url}{path}"));
            let shown = browser.js(&format!(
                "var e = document.querySelector('{must_show}'); if (!e) return false; \
                 var r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0;"
            ));
            assert_eq!(shown, json!(true), "{name} {page}: {must_show} not shown");
            let png = browser.screenshot();
            std::fs::write(shots.join(format!("newsroom-{page}-{name}.png")), &png).unwrap();
            assert!(colours(&png).0 > 20, "{name} {page}: blank screenshot");
            let overflow =
                browser.js("return document.documentElement.scrollWidth > window.innerWidth + 1;");
            assert_eq!(
                overflow,
                json!(false),
                "{name} {page}: the page scrolls sideways"
            );
            let nav_on_screen = browser.js(
                "return [...document.querySelectorAll('.sections a')].map(a => { \
                 var r = a.getBoundingClientRect(); \
                 return r.left >= 0 && r.right <= window.innerWidth && r.height > 0; });",
            );
            let all = nav_on_screen.as_array().unwrap();
            assert!(all.len() >= 6, "{name}: {nav_on_screen}");
            assert!(
                all.iter().all(|v| v == &json!(true)),
                "{name} {page}: a section link is off screen: {nav_on_screen}"
            );
        }
    }
}
