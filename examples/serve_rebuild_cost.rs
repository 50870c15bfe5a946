//! The work of one `serve` rebuild after a tag edit, for counting under
//! callgrind, where wall time is too noisy to compare: builds a session on
//! SITE, then applies EDITS tag edits to its first article, each rebuilt
//! in [`tag_edit_rebuild`] (count only that function with
//! `--toggle-collect`). Restores the article at the end.
//!
//! ```sh
//! RAYON_NUM_THREADS=1 valgrind --tool=callgrind \
//!   --toggle-collect='*tag_edit_rebuild*' \
//!   target/release/examples/serve_rebuild_cost SITE 3
//! ```

mod common;

use std::path::PathBuf;

use gazette::BuildOptions;
use gazette::serve::session::{RebuildStats, Session};

#[inline(never)]
fn tag_edit_rebuild(session: &mut Session, changed: &[PathBuf]) -> RebuildStats {
    session.rebuild(changed).expect("the rebuild succeeds")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(args.get(1).expect("usage: serve_rebuild_cost SITE [EDITS]"));
    let edits: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3);
    let mut options = BuildOptions::new(&root);
    options.now = Some(jiff::Timestamp::now());
    let (mut session, first) = Session::new(options);
    first.expect("the first build succeeds");
    let article = common::first_article(&root);
    let original = std::fs::read_to_string(&article).unwrap();
    for n in 0..edits {
        let edited = original.replacen("tags: [", &format!("tags: [\"Costmarker{n}\", "), 1);
        std::fs::write(&article, edited).unwrap();
        let stats = tag_edit_rebuild(&mut session, std::slice::from_ref(&article));
        let laps: Vec<String> = stats
            .timings
            .iter()
            .map(|(stage, t)| format!("{stage} {:.1}", t.as_secs_f64() * 1000.0))
            .collect();
        println!("edit {n}: {:.1} ms ({})", stats.millis, laps.join(", "));
    }
    std::fs::write(&article, &original).unwrap();
}
