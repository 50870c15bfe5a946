//! `gazette serve` for the tests: the real binary on a free port, and raw
//! HTTP requests sent exactly as written (no client normalises a path), so
//! that traversal and header tricks reach the server as an attacker sends
//! them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long serve may take to start before a test gives up.
const START_PATIENCE: Duration = Duration::from_secs(10);

/// A running `gazette serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    pub addr: String,
    /// stdout lines after the address line.
    pub lines: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `gazette --root <root> serve --port 0` and waits for its address.
pub fn serve(root: &Path) -> Server {
    serve_with_env(root, &[])
}

/// [`serve`] with environment variables set (such as the test clock).
pub fn serve_with_env(root: &Path, env: &[(&str, &Path)]) -> Server {
    let mut child = super::process()
        .envs(env.iter().copied())
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut server = Server {
        child,
        addr: String::new(),
        lines,
    };
    let deadline = Instant::now() + START_PATIENCE;
    while server.addr.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = server
            .lines
            .recv_timeout(left)
            .expect("serve prints its address");
        if let Some(after) = line.split("http://").nth(1) {
            server.addr = after
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
        }
    }
    server
}

/// A response as received: status, head (status line and headers, as sent)
/// and body.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Reply {
    /// The value of header `name` (case-insensitive), if sent.
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.split("\r\n").skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `GET path` exactly as given (no client normalises it) and reads the reply.
pub fn get(addr: &str, path: &str) -> Reply {
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
        .unwrap_or_else(|| panic!("{path}: no complete response: {raw:?}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}
