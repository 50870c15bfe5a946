//! Headless Chromium for the browser tests, driven through ChromeDriver
//! (WebDriver over HTTP): a session at a chosen window size (optionally
//! emulating a phone), navigation, scripts, screenshots, and the readers the
//! tests share (PNG colours, waiting for a condition).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::TestSite;
use super::http::{self, Server};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A child process killed when dropped, so a failing test leaves nothing running.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A WebDriver session on a fresh ChromeDriver.
pub struct Browser {
    base: String,
    session: String,
    _driver: Guard,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn start(width: u32, height: u32, mobile: bool) -> Browser {
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

    pub fn cmd(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.base, self.session);
        let resp = ureq::post(&url)
            .send_json(body)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        resp.into_json::<Value>().unwrap()["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.cmd("url", json!({"url": url}));
    }

    pub fn js(&self, script: &str) -> Value {
        self.cmd("execute/sync", json!({"script": script, "args": []}))
    }

    pub fn screenshot(&self) -> Vec<u8> {
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

pub fn wait_until(limit: Duration, mut ok: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

pub fn decode_base64(s: &str) -> Vec<u8> {
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
pub fn serve(site: &TestSite) -> (Server, String) {
    let server = http::serve(site.root());
    let url = format!("http://{}", server.addr);
    (server, url)
}

/// Distinct colours in a PNG screenshot, and its size.
pub fn colours(png_bytes: &[u8]) -> (usize, u32, u32) {
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

/// The windows every page is looked at in: a desktop and a phone
/// (name, width, height, phone emulation).
pub const WINDOWS: [(&str, u32, u32, bool); 2] =
    [("desktop", 1366, 900, false), ("phone", 390, 844, true)];

/// Saves a screenshot of what `browser` shows to
/// `target/screenshots/<name>.png`, for people to look at, and checks what
/// every page must pass: the shot is not blank and the page does not
/// scroll sideways. Returns the PNG.
pub fn look_at(browser: &Browser, name: &str) -> Vec<u8> {
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let png = browser.screenshot();
    std::fs::write(shots.join(format!("{name}.png")), &png).unwrap();
    let (n, width, _) = colours(&png);
    assert!(n > 20, "{name}: the screenshot looks blank ({n} colours)");
    let inner = browser
        .js("return window.innerWidth;")
        .as_u64()
        .unwrap_or(0);
    assert!(
        u64::from(width) <= inner + 20,
        "{name}: the screenshot is wider than the window"
    );
    let overflow =
        browser.js("return document.documentElement.scrollWidth > window.innerWidth + 1;");
    assert_eq!(overflow, json!(false), "{name}: the page scrolls sideways");
    png
}
