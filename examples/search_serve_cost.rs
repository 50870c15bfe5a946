//! What site search adds to `serve`'s rebuild after a one-article edit:
//! two in-memory sessions over the same site, one with `search: false`,
//! edited alike and rebuilt in alternation, so that the machine's drift
//! weighs on both. Prints the median rebuild time of each (wall, and the
//! process's CPU time), and the search files each edit re-rendered.
//!
//! `cargo run --release --example search_serve_cost -- ON_SITE OFF_SITE [EDITS]`
//! (bench/search.sh makes the two sites: the same content, copied, since
//! the edits write into it; OFF_SITE's content may be a link to ON_SITE's.)

use std::path::PathBuf;
use std::time::Instant;

mod common;

use gazette::BuildOptions;
use gazette::serve::session::Session;

/// User + system CPU time of this process so far, in ms (Linux).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| {
        f.iter().filter_map(|v| v.parse::<f64>().ok()).sum()
    });
    ticks * 10.0
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (on, off) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let edits: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    let mut sessions = Vec::new();
    for root in [&on, &off] {
        let (session, first) = Session::new(BuildOptions::new(root));
        first.expect("the site builds");
        sessions.push(session);
    }
    let article = common::first_article(&on);
    let original = std::fs::read_to_string(&article).unwrap();
    let (mut wall, mut cpu) = ([Vec::new(), Vec::new()], [Vec::new(), Vec::new()]);
    let mut search_files = Vec::new();
    for n in 0..edits {
        std::fs::write(&article, format!("{original}\nEditmarker{n} paragraph.\n")).unwrap();
        for (k, session) in sessions.iter_mut().enumerate() {
            let (t, c) = (Instant::now(), cpu_ms());
            let stats = session.rebuild(std::slice::from_ref(&article)).unwrap();
            wall[k].push(t.elapsed().as_secs_f64() * 1000.0);
            cpu[k].push(cpu_ms() - c);
            if k == 0 {
                search_files.push(
                    stats
                        .changed
                        .iter()
                        .filter(|p| p.starts_with("search/"))
                        .count() as f64,
                );
            }
        }
    }
    std::fs::write(&article, &original).unwrap();
    println!("serve rebuild after a body edit, median of {edits} in alternation:");
    println!("{:<8} {:>9} {:>9}", "search", "wall ms", "cpu ms");
    for (k, name) in ["on", "off"].iter().enumerate() {
        println!(
            "{name:<8} {:>9.1} {:>9.1}",
            median(&mut wall[k]),
            median(&mut cpu[k])
        );
    }
    println!(
        "search files rewritten per edit (median): {}",
        median(&mut search_files)
    );
}
