//! Measures `gazette serve`'s edit-to-served latency on a site: the time from
//! writing a source file to the rebuilt page being served over HTTP.
//!
//! `cargo run --release --example serve_latency -- SITE_DIR [EDITS]`
//!
//! Starts the release binary's `serve` on SITE_DIR (a corpus from
//! `gen_corpus.py` with a site.yaml and the theme), then for each kind of
//! edit (body, tags, template) writes the file EDITS times and polls the
//! article's URL until the new text appears. Prints the median and the
//! spread of each kind, and the server's own rebuild times. Restores the
//! edited files at the end.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Waits until `url` serves a body containing `needle`; returns the time since `start`.
fn wait_for(url: &str, needle: &str, start: Instant) -> f64 {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(5))
        .build();
    loop {
        if let Ok(resp) = agent.get(url).call()
            && resp.into_string().is_ok_and(|b| b.contains(needle))
        {
            return start.elapsed().as_secs_f64() * 1000.0;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {needle} at {url}"
        );
        std::thread::sleep(Duration::from_micros(500));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(args.get(1).expect("usage: serve_latency SITE_DIR [EDITS]"));
    let edits: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/gazette");

    let mut child = Command::new(&binary)
        .args([
            "--root",
            root.to_str().unwrap(),
            "serve",
            "--port",
            "0",
            "--timings",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start target/release/gazette (run `cargo build --release` first)");
    let pid = child.id();
    let stdout = child.stdout.take().unwrap();
    let _server = Server(child);
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut base = String::new();
    while let Ok(line) = rx.recv() {
        println!("serve: {line}");
        if let Some(i) = line.find("http://") {
            base = line[i..]
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
            break;
        }
    }
    assert!(!base.is_empty(), "serve did not print its address");

    let article = common::first_article(&root);
    let original = std::fs::read_to_string(&article).unwrap();
    let rel = article
        .strip_prefix(root.join("content"))
        .unwrap()
        .with_extension("");
    let url = format!("{base}/{}/", rel.to_string_lossy());
    let template = root.join("themes/broadsheet/templates/article.html");
    let original_template = std::fs::read_to_string(&template).unwrap();
    wait_for(&url, "</html>", Instant::now());
    let started = memory(pid);

    let mut report = Vec::new();
    for kind in ["body", "tags", "template"] {
        let mut times = Vec::new();
        let mut rebuilds = Vec::new();
        let mut stages = String::new();
        for n in 0..edits {
            while rx.try_recv().is_ok() {}
            let marker = format!("Latencymarker{kind}{n}x");
            let start = Instant::now();
            match kind {
                "body" => {
                    std::fs::write(&article, format!("{original}\n{marker} paragraph.\n")).unwrap()
                }
                "tags" => std::fs::write(
                    &article,
                    original.replacen("tags: [", &format!("tags: [\"{marker}\", "), 1),
                )
                .unwrap(),
                _ => std::fs::write(
                    &template,
                    original_template.replacen(
                        "{% block content %}",
                        &format!("{{% block content %}}<!-- {marker} -->"),
                        1,
                    ),
                )
                .unwrap(),
            }
            times.push(wait_for(&url, &marker, start));
            // The server prints "Updated ... in X ms" for a quick preview, then
            // "Rebuilt in X ms" when the whole site has converged.
            while let Ok(line) = rx.recv_timeout(Duration::from_secs(10)) {
                if let Some(ms) = line
                    .strip_prefix("Rebuilt in ")
                    .and_then(|r| r.split(' ').next())
                {
                    rebuilds.push(ms.parse::<f64>().unwrap_or(f64::NAN));
                }
                if let Some(laps) = line.trim_start().strip_prefix("stages (ms): ") {
                    stages = laps.to_string();
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(150));
        }
        std::fs::write(&article, &original).unwrap();
        std::fs::write(&template, &original_template).unwrap();
        std::thread::sleep(Duration::from_millis(500));
        let (min, max) = (
            times.iter().cloned().fold(f64::INFINITY, f64::min),
            times.iter().cloned().fold(0.0, f64::max),
        );
        let rebuild = if rebuilds.is_empty() {
            f64::NAN
        } else {
            median(&mut rebuilds)
        };
        report.push(format!(
            "{kind:<9} edit-to-served median {:>7.1} ms  (min {min:.1}, max {max:.1}; full rebuild median {rebuild:.1} ms; {edits} edits)",
            median(&mut times)
        ));
        report.push(format!("          last rebuild's stages (ms): {stages}"));
    }
    for line in report {
        println!("{line}");
    }
    let (rss, _) = started;
    let (end_rss, peak) = memory(pid);
    println!(
        "resident memory: {:.0} MB after start, {:.0} MB after the edits, peak {:.0} MB",
        rss / 1e6,
        end_rss / 1e6,
        peak / 1e6
    );
}

/// The server's resident and peak resident memory, in bytes (Linux).
fn memory(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb * 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
