//! Which folder a build may write and replace: never the site or its
//! sources, never a mount point, never a folder Gazette did not make.
//!
//! Deploy checks its target folder with the same [`site_folder_conflict`].
//! Not the place for the writing itself ([`super::staging`]) nor for the
//! lock that keeps two writers apart ([`super::lock`]).

use std::path::{Component, Path, PathBuf};

use super::manifest::built_by_gazette;
use crate::error::Diagnostic;

/// Folders of the site that hold sources and can never be the output.
const SOURCE_FOLDERS: &[&str] = &["content", "themes", "templates", "static", "data"];

/// Why the folder `dest` may not receive files written for the site at
/// `root` (a build's output, a deploy's target folder): it is the site root
/// or holds the site, is a source folder or inside one, holds a site's
/// sources, or exists and is not a folder. `None` when it may. Links and
/// `..` are resolved first, so another name for the same folder is caught.
pub fn site_folder_conflict(root: &Path, dest: &Path) -> Option<String> {
    let root = absolute(root);
    let dest = absolute(dest);
    if dest == root || root.starts_with(&dest) {
        return Some("it is the site root or holds the site".into());
    }
    if let Some(f) = SOURCE_FOLDERS
        .iter()
        .find(|f| dest.starts_with(root.join(f)))
    {
        return Some(format!("it is the site's {f}/ folder or inside it"));
    }
    if dest.join("site.yaml").exists() || dest.join("content").is_dir() {
        return Some("it holds a site's sources (site.yaml or content/)".into());
    }
    if std::fs::symlink_metadata(&dest).is_ok_and(|m| !m.is_dir()) {
        return Some("it exists and is not a folder".into());
    }
    None
}

/// Checks that `output` may be written and replaced: see
/// [`site_folder_conflict`]; not a mount point; and if it exists, empty or
/// made by Gazette.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Err(Diagnostic::error(
            output,
            format!("refusing to use this output folder: {why}"),
            "choose a folder of its own, like the default `output/`",
        ))
    };
    if let Some(why) = site_folder_conflict(root, output) {
        return refuse(why);
    }
    let out_abs = absolute(output);
    if is_mount_point(&out_abs) {
        return Err(Diagnostic::error(
            output,
            "refusing to use this output folder: it is a mount point, and a build swaps the \
             finished output in with one atomic rename, which a mount point cannot take",
            format!(
                "mount the folder that holds it instead and build into a folder inside \
                 (`--output {}/public`), or build elsewhere and copy the result",
                out_abs.display()
            ),
        ));
    }
    if out_abs.is_dir() {
        let empty = std::fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !built_by_gazette(&out_abs) {
            return refuse(format!(
                "it exists, is not empty and was not written by Gazette (its manifest is not in \
                 {}; if Gazette did build it and that folder was deleted, delete the output \
                 folder too, then build again)",
                super::state_dir(&out_abs).join("manifests").display()
            ));
        }
    }
    Ok(())
}

/// Whether `dir` is a folder on another filesystem than its parent: a
/// mount point, which cannot be renamed. (A bind mount within one
/// filesystem is not seen here; the swap then reports it, see [`swap_in`].)
fn is_mount_point(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(parent) = dir.parent() else {
        return true;
    };
    match (std::fs::symlink_metadata(dir), std::fs::metadata(parent)) {
        (Ok(d), Ok(p)) => d.is_dir() && d.dev() != p.dev(),
        _ => false,
    }
}

/// The absolute, normalised form of `p` with every link resolved in the
/// part that exists (the rest may not exist yet), so that two names for one
/// folder compare equal.
/// `.<name>.<suffix>` beside `output`: the folders a build keeps next to
/// the output it writes (staging, state).
pub(super) fn hidden_sibling(output: &Path, suffix: &str) -> PathBuf {
    let abs = absolute(output);
    let mut name = std::ffi::OsString::from(".");
    name.push(abs.file_name().unwrap_or_default());
    name.push(".");
    name.push(suffix);
    abs.with_file_name(name)
}

pub fn absolute(p: &Path) -> PathBuf {
    let base = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let mut lexical = PathBuf::new();
    for c in base.join(p).components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return lexical,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_source_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("site.yaml"), "").unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("content/x")).is_err());
        assert!(check_output_dir(root, &root.join("data")).is_err());
        assert!(check_output_dir(root, &root.join("output")).is_ok());
        assert!(check_output_dir(&root.join("sub"), root).is_err());
    }

    #[test]
    fn refuses_foreign_nonempty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("thesis.tex"), "x").unwrap();
        assert!(check_output_dir(&dir.path().join("site"), &out).is_err());
    }
}
