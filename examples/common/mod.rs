//! What the serve benchmarks share.

use std::path::{Path, PathBuf};

/// The first Markdown file under `root/content`, in path order: the
/// article the benchmarks edit.
pub fn first_article(root: &Path) -> PathBuf {
    let mut all: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    all.sort();
    all.into_iter().next().expect("the site has articles")
}
