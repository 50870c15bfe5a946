//! Static files: the theme's `static/` and the site's `static/` (which wins
//! name by name), copied to the output as they are.
//!
//! Dotfiles are published (`.htaccess`, `.nojekyll`, `.well-known/`: web
//! servers and hosts read them), but never version-control folders or
//! editors' temporary files. A name that is not UTF-8 is an error: output
//! paths, the manifest and URLs are UTF-8, and two such names used to become
//! the same `�` name, one file silently lost.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// Folders and files of `static/` that are never published.
fn is_unpublished_name(name: &str) -> bool {
    matches!(name, ".git" | ".hg" | ".svn" | ".bzr" | "CVS" | ".DS_Store")
        || name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

/// Output path (`/`-separated) -> source (relative to `root`) of every
/// static file of the theme `theme` and of the site, with the problems
/// found (names that are not UTF-8, unreadable folders).
pub fn discover(root: &Path, theme: &str) -> (BTreeMap<String, PathBuf>, Vec<Diagnostic>) {
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    let theme_static = Path::new("themes").join(theme).join("static");
    for dir in [theme_static, PathBuf::from("static")] {
        let mut walker = walkdir::WalkDir::new(root.join(&dir))
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !e.file_name().to_str().is_some_and(is_unpublished_name)
            });
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(entry) => entry,
                // A missing static/ is fine; an unreadable folder is not.
                Err(e) if e.depth() == 0 => continue,
                Err(e) => {
                    let path = e.path().unwrap_or(&dir);
                    problems.push(Diagnostic::error(
                        path.strip_prefix(root).unwrap_or(path),
                        format!("cannot read: {e}"),
                        "check permissions, or remove the file",
                    ));
                    continue;
                }
            };
            let Ok(inner) = entry.path().strip_prefix(root.join(&dir)) else {
                continue;
            };
            if let Some(problem) = bad_name(entry.file_name(), &dir.join(inner)) {
                problems.push(problem);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            // Every part is a good name: the folders were checked on the way down.
            let rel = inner
                .components()
                .filter_map(|c| c.as_os_str().to_str())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(rel, dir.join(inner));
        }
    }
    (files, problems)
}

/// The error for a file or folder (at `rel`) whose `name` cannot be part
/// of a web address: not UTF-8 (two such names would become the same
/// one), or holding a control character (a line break in a name would
/// break the manifest's lines and HTTP headers).
pub fn bad_name(name: &std::ffi::OsStr, rel: &Path) -> Option<Diagnostic> {
    let why = match name.to_str() {
        None => "the name is not valid UTF-8, so it cannot be a web address",
        Some(n) if n.chars().any(char::is_control) => {
            "the name holds a control character (a line break, a tab), so it cannot be a web address"
        }
        Some(_) => return None,
    };
    Some(Diagnostic::error(
        rel,
        why,
        "rename it with letters, digits and `-`",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn dotfiles_are_published_but_not_version_control_or_editor_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "static/.htaccess",
            "static/.nojekyll",
            "static/.well-known/security.txt",
            "static/.git/config",
            "static/css/.site.css.swp",
            "static/css/site.css~",
            "static/css/site.css",
            "themes/t/static/css/site.css",
            "themes/t/static/theme.js",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, f).unwrap();
        }
        let (files, problems) = discover(root, "t");
        assert!(problems.is_empty());
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                ".htaccess",
                ".nojekyll",
                ".well-known/security.txt",
                "css/site.css",
                "theme.js"
            ]
        );
        assert_eq!(files["css/site.css"], Path::new("static/css/site.css"));
    }

    #[test]
    fn names_that_are_not_utf8_are_errors_not_merged() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("static")).unwrap();
        for name in [&b"\xff.txt"[..], b"\xfe.txt"] {
            let p = root.join("static").join(std::ffi::OsStr::from_bytes(name));
            std::fs::write(p, "x").unwrap();
        }
        let (files, problems) = discover(root, "t");
        assert!(files.is_empty());
        assert_eq!(problems.len(), 2);
        assert!(problems[0].to_string().contains("not valid UTF-8"));
    }

    #[test]
    fn names_with_control_characters_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static/a\r\nb")).unwrap();
        std::fs::write(dir.path().join("static/a\r\nb/x.txt"), "x").unwrap();
        std::fs::write(dir.path().join("static/tab\there.txt"), "x").unwrap();
        let (files, problems) = discover(dir.path(), "t");
        assert!(files.is_empty(), "{files:?}");
        assert_eq!(problems.len(), 2);
        assert!(problems[0].to_string().contains("control character"));
    }
}
