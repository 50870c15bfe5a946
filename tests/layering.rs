//! The stages keep their order (issue 22): a module uses only the modules
//! of earlier stages, so the module graph stays the pipeline that
//! `src/lib.rs` describes, and no stage reaches back:
//!
//! ```text
//! base, error -> config -> content -> site -> media -> render -> output -> pipeline
//!   -> check, serve, deploy -> cmd -> main.rs
//! ```
//!
//! The test reads every source file under `src/` (its code before any
//! `#[cfg(test)]` module: tests may use whatever they need) and checks each
//! `crate::<module>` path and each `use crate::{...}` group against that
//! order. Doc comments and other comments do not count.

use std::path::{Path, PathBuf};

/// Stages in order; modules of one stage may not use each other (except
/// a module itself), so `serve` cannot come to depend on `deploy`.
const STAGES: &[&[&str]] = &[
    &["base"],
    &["error"],
    &["config"],
    &["content"],
    &["site"],
    &["media"],
    &["render"],
    &["output"],
    &["pipeline"],
    &["check", "serve", "deploy", "import"],
    &["cmd"],
];

/// Crate-root macros and where they are defined.
const MACROS: &[(&str, &str)] = &[("outln", "base"), ("errln", "base")];

fn stage_of(module: &str) -> Option<usize> {
    let module = MACROS
        .iter()
        .find(|(m, _)| *m == module)
        .map_or(module, |(_, home)| home);
    STAGES.iter().position(|s| s.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments and without its test module.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first module of every `crate::` path in `code`, with the text
/// around it, including each module named in a `use crate::{a, b::c}` group.
fn crate_paths(code: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let context: String = code[at..].chars().take(60).collect();
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::{c, d}}`: the first name of each top-level item.
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && !c.is_whitespace() => {
                        item_start = false;
                        found.push((ident(&group[i..]), context.clone()));
                    }
                    _ => {}
                }
            }
        } else {
            found.push((ident(rest), context));
        }
    }
    found
}

#[test]
fn no_module_uses_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let own = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if own == "lib" || own == "main" {
            continue;
        }
        let own_stage =
            stage_of(&own).unwrap_or_else(|| panic!("src/{own}: add it to STAGES in this test"));
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for (used, context) in crate_paths(&code) {
            checked += 1;
            if used == own {
                continue;
            }
            match stage_of(&used) {
                Some(stage) if stage < own_stage => {}
                Some(_) => problems.push(format!(
                    "src/{}: `{}` uses `{used}`, a later or parallel stage",
                    rel.display(),
                    context.lines().next().unwrap_or("")
                )),
                None => problems.push(format!(
                    "src/{}: `{used}` is in no stage; add it to STAGES in this test",
                    rel.display()
                )),
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} crate paths found: the scan is broken"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The scanner itself: paths, groups, comments and tests.
#[test]
fn the_scanner_finds_paths_and_groups_and_skips_comments_and_tests() {
    let code = code_of(
        "use crate::content::{self, Article};\n\
         use crate::{errln, output::{self, x}};\n\
         // crate::render in a comment\n\
         /// [`crate::pipeline`] in a doc\n\
         fn f() { crate::site::x(); }\n\
         #[cfg(test)]\nmod tests { use crate::cmd; }\n",
    );
    let used: Vec<String> = crate_paths(&code).into_iter().map(|(m, _)| m).collect();
    assert_eq!(used, ["content", "errln", "output", "site"]);
}
