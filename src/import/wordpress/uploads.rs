//! Files from a local copy of `wp-content/uploads` that one article uses:
//! which ones exist, and the names they get beside the article (which then
//! becomes a bundle, `slug/index.md`, so that relative links reach them).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The uploads one article refers to.
#[derive(Debug, Default)]
pub struct Bundle {
    /// (file in the uploads folder, its name beside the article), in the
    /// order first used.
    pub files: Vec<(PathBuf, String)>,
    /// Upload path -> local name, for files already taken.
    by_upload: HashMap<String, String>,
    /// Uploads referred to that the folder does not have.
    pub missing: Vec<String>,
}

impl Bundle {
    /// The local name of the upload `rel` (`2020/01/photo.jpg`, decoded),
    /// if `uploads` has it; else `None`, and the URL stays as it is.
    pub fn local(&mut self, uploads: &Path, rel: &str) -> Option<String> {
        if let Some(name) = self.by_upload.get(rel) {
            return Some(name.clone());
        }
        let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
        let safe = !parts.is_empty()
            && parts
                .iter()
                .all(|p| *p != ".." && !p.starts_with('.') && !p.contains('\\'));
        let source = uploads.join(parts.join("/"));
        if !safe || !source.is_file() {
            if !self.missing.iter().any(|m| m == rel) {
                self.missing.push(rel.to_string());
            }
            return None;
        }
        let base = safe_file_name(parts[parts.len() - 1]);
        let mut name = base.clone();
        let mut n = 2;
        while self.files.iter().any(|(_, taken)| *taken == name) || name == "index.md" {
            name = format!("{n}-{base}");
            n += 1;
        }
        self.by_upload.insert(rel.to_string(), name.clone());
        self.files.push((source, name.clone()));
        Some(name)
    }
}

/// A file name safe in a Markdown link and on any file system: letters,
/// digits, `.`, `-` and `_`; anything else becomes `-`.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches(['.', '-']).to_string();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_distinct_and_only_for_files_that_exist() {
        let dir = tempfile::tempdir().unwrap();
        for rel in ["2020/01/a b.jpg", "2021/02/a b.jpg"] {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
        let mut b = Bundle::default();
        assert_eq!(
            b.local(dir.path(), "2020/01/a b.jpg").as_deref(),
            Some("a-b.jpg")
        );
        assert_eq!(
            b.local(dir.path(), "2021/02/a b.jpg").as_deref(),
            Some("2-a-b.jpg")
        );
        assert_eq!(
            b.local(dir.path(), "2020/01/a b.jpg").as_deref(),
            Some("a-b.jpg")
        );
        assert_eq!(b.local(dir.path(), "../secret.jpg"), None);
        assert_eq!(b.local(dir.path(), "2020/01/none.jpg"), None);
        assert_eq!(b.files.len(), 2);
        assert_eq!(b.missing.len(), 2);
    }
}
