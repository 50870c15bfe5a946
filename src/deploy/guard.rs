//! Where a folder deploy may write: the guards that keep `gazette deploy
//! --target file://...` from replacing or deleting anything of the site, or
//! of someone else. The site's own folders are refused by the same check
//! that guards `build`'s output folder
//! ([`crate::output::site_folder_conflict`]); deploy adds the output and
//! staging folders, which it reads.
//!
//! A target is refused when it is the site root or holds the site, is a
//! source folder (`content`, `themes`, `templates`, `static`, `data`) or
//! inside one, is the output folder that deploy reads (or inside it), is the
//! build's staging folder, holds a site's sources, or is not a folder. A
//! folder that exists, is not empty and holds no deploy manifest was not
//! written by a Gazette deploy: refused unless `--force`
//! ([`check_occupied`], which applies to S3 prefixes too).

use std::path::Path;

use anyhow::bail;

use super::DEPLOY_MANIFEST;
use crate::output::{absolute, site_folder_conflict, staging_dir};

/// Checks that the folder `target` may receive a deploy of the site at `root`.
pub fn check_folder(root: &Path, target: &Path) -> anyhow::Result<()> {
    let output = absolute(&root.join("output"));
    let dest = absolute(target);
    let why = site_folder_conflict(root, target).or_else(|| {
        if dest.starts_with(&output) {
            Some("it is the site's output folder (or inside it), which deploy reads".into())
        } else if dest.starts_with(absolute(&staging_dir(&output))) {
            Some("it is the build's staging folder (or inside it)".into())
        } else {
            None
        }
    });
    match why {
        Some(why) => bail!(
            "refusing to deploy to {}: {why}; deploy to a folder of its own, outside the \
             site (e.g. --target file:///var/www/news)",
            target.display()
        ),
        None => Ok(()),
    }
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
