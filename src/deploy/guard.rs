//! Where a folder deploy may write: the guards that keep `gazette deploy
//! --target file://...` from replacing or deleting anything of the site, or
//! of someone else, mirroring the ones `build` has for its output folder
//! ([`crate::output::check_output_dir`]).
//!
//! A target is refused when it is the site root or holds the site, is a
//! source folder (`content`, `themes`, `templates`, `static`, `data`) or
//! inside one, is the output folder that deploy reads (or inside it), is the
//! build's staging folder, holds a site's sources, or is not a folder. A
//! folder that exists, is not empty and holds no deploy manifest was not
//! written by a Gazette deploy: refused unless `--force`
//! ([`check_occupied`], which applies to S3 prefixes too).

use std::path::{Component, Path, PathBuf};

use anyhow::bail;

use super::DEPLOY_MANIFEST;

/// Folders of a site that hold its sources.
const SOURCE_FOLDERS: &[&str] = &["content", "themes", "templates", "static", "data"];

/// Checks that the folder `target` may receive a deploy of the site at `root`.
pub fn check_folder(root: &Path, target: &Path) -> anyhow::Result<()> {
    let refuse = |why: String| {
        bail!(
            "refusing to deploy to {}: {why}; deploy to a folder of its own, outside the \
             site (e.g. --target file:///var/www/news)",
            target.display()
        )
    };
    let root = resolve(root);
    let dest = resolve(target);
    if dest == root || root.starts_with(&dest) {
        return refuse("it is the site root or holds the site".into());
    }
    for f in SOURCE_FOLDERS {
        if dest.starts_with(root.join(f)) {
            return refuse(format!("it is the site's {f}/ folder or inside it"));
        }
    }
    let output = resolve(&root.join("output"));
    if dest.starts_with(&output) {
        return refuse("it is the site's output folder (or inside it), which deploy reads".into());
    }
    let staging = resolve(&crate::output::staging_dir(&output));
    if dest.starts_with(&staging) {
        return refuse("it is the build's staging folder (or inside it)".into());
    }
    if dest.join("site.yaml").exists() || dest.join("content").is_dir() {
        return refuse("it holds a site's sources (site.yaml or content/)".into());
    }
    if std::fs::symlink_metadata(&dest).is_ok_and(|m| !m.is_dir()) {
        return refuse("it exists and is not a folder".into());
    }
    Ok(())
}

/// Refuses a target that holds something but no deploy manifest, unless
/// `force`: it is someone else's folder or bucket prefix.
pub fn check_occupied(
    url: &str,
    occupied: bool,
    has_manifest: bool,
    force: bool,
) -> anyhow::Result<()> {
    if occupied && !has_manifest && !force {
        bail!(
            "refusing to deploy to {url}: it is not empty and no Gazette deploy wrote it \
             (it has no {DEPLOY_MANIFEST}); deploy to a new or empty folder, or pass --force \
             to add the site beside what is there (files of the same names are replaced; \
             no other file is ever changed or deleted)"
        );
    }
    Ok(())
}

/// The absolute, normalised form of `p` with every link resolved in the
/// part that exists (the rest may not exist yet), so that two names for one
/// folder compare equal.
fn resolve(p: &Path) -> PathBuf {
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
    fn refuses_the_site_and_its_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/world")).unwrap();
        std::fs::create_dir_all(root.join("output")).unwrap();
        for bad in [
            root.clone(),
            dir.path().to_path_buf(),
            root.join("content"),
            root.join("content/world/new"),
            root.join("data"),
            root.join("output"),
            root.join("output/sub"),
            root.join(".output.staging"),
            root.join("content/../output/./x"),
        ] {
            assert!(check_folder(&root, &bad).is_err(), "{}", bad.display());
        }
        assert!(check_folder(&root, &dir.path().join("www")).is_ok());
        assert!(check_folder(&root, &root.join("public")).is_ok());
        // Another name for the site, through a link.
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&root, &link).unwrap();
        assert!(check_folder(&root, &link).is_err());
        assert!(check_folder(&root, &link.join("content/new")).is_err());
    }
}
