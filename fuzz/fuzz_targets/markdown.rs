//! Markdown -> HTML with Gazette's options (tables, footnotes, strikethrough,
//! task lists, smart punctuation, heading attributes), through the project's
//! own `render`: heading ids, relative URL rewriting, summary, plain text.
//!
//! Beyond "never panics": heading ids are unique, link lines point into the
//! body, and the summary is never longer than the page.

#![no_main]

use gazette::content::markdown;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    for base in ["/world/", "/world/kz/"] {
        let Ok(r) = markdown::render(body, base, 64 << 20) else {
            continue;
        };
        let mut ids = std::collections::HashSet::new();
        for h in &r.headings {
            assert!(!h.id.is_empty());
            assert!(ids.insert(h.id.as_str()), "duplicate heading id {:?}", h.id);
            assert!((1..=6).contains(&h.level));
        }
        let lines = body.matches('\n').count() + 1;
        for l in &r.links {
            assert!(
                l.line >= 1 && l.line <= lines,
                "link line {} of {lines}",
                l.line
            );
        }
        assert!(r.word_count <= r.plain_text.len());
        if body.trim().is_empty() {
            assert!(r.html.is_empty());
        }
    }
});
