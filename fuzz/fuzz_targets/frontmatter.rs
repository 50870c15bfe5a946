//! Front matter: the splitter and the YAML, TOML and JSON parsers on arbitrary UTF-8,
//! then the whole per-file loader (dates, slugs, aliases, taxonomies).
//!
//! Beyond "never panics", it checks what the rest of Gazette relies on:
//! error lines point into the file, and a parsed article's path and
//! aliases can never leave the output folder.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use gazette::config::Config;
use gazette::content::{self, ParsedFile, frontmatter};
use libfuzzer_sys::fuzz_target;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        Config::parse(
            Path::new("site.yaml"),
            "title: Fuzz\nbase_url: https://fuzz.example.com\ntaxonomies: [tags, categories, authors, regions]\n",
        )
        .expect("fuzz config")
    })
}

/// Lines a 1-based error line may name: the file's lines, or one past the
/// end. YAML (like most editors) also ends a line at a lone CR.
fn line_ok(line: Option<usize>, text: &str) -> bool {
    let lone_cr = text
        .match_indices('\r')
        .filter(|(i, _)| text.as_bytes().get(i + 1) != Some(&b'\n'))
        .count();
    let lines = text.lines().count().max(1) + lone_cr;
    line.is_none_or(|l| l >= 1 && l <= lines + 1)
}

fuzz_target!(|text: &str| {
    match frontmatter::split(text) {
        Ok(split) => {
            // Fenced front matter takes two lines at least; JSON one.
            let min_body_line = match split.format {
                frontmatter::Format::Json => 1,
                _ => 3,
            };
            assert!(
                split.body_line >= min_body_line,
                "body_line {}",
                split.body_line
            );
            // Front matter and body are slices of the input, in order.
            assert!(text.len() >= split.front.len() + split.body.len());
            if let Err(e) = frontmatter::parse(&split) {
                assert!(line_ok(e.line, text), "yaml error line {:?}", e.line);
            }
        }
        Err(e) => assert!(line_ok(e.line, text), "split error line {:?}", e.line),
    }

    for rel in [
        "content/world/fuzz.md",
        "content/world/fuzz/index.md",
        "content/_index.md",
    ] {
        let shortcodes = content::shortcodes::Shortcodes::builtin(config());
        match content::parse_file(Path::new(rel), text, config(), &shortcodes) {
            Ok((ParsedFile::Article(a), _warnings)) => {
                let out = Path::new("/out");
                for path in std::iter::once(&a.path).chain(&a.aliases) {
                    assert!(
                        path.starts_with('/') && path.ends_with(['/', 'l', 'm']),
                        "{path:?}"
                    );
                    let file = gazette::base::paths::index_file(path);
                    let joined = gazette::base::paths::safe_join(out, &file)
                        .unwrap_or_else(|e| panic!("{path:?} is not writable: {e}"));
                    assert!(joined.starts_with(out));
                }
                assert!(!a.title.is_empty());
            }
            Ok((ParsedFile::Index(_), _)) => {}
            Err(errors) => {
                assert!(!errors.is_empty());
                for e in errors {
                    assert!(line_ok(e.line, text), "{e}");
                }
            }
        }
    }
});
