//! Copying the planned files into the site: never over a file that exists
//! (except the starter pages `gazette init` wrote, while untouched), never
//! outside the site, never through a symbolic link.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::{STARTER_ABOUT_PAGE, STARTER_FRONT_PAGE};

/// One file to copy: from the source folder to a path under the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCopy {
    /// The file in the source folder.
    pub from: PathBuf,
    /// Where it goes, relative to the site root (`content/posts/a.md`).
    pub to: PathBuf,
}

/// What the copy did.
#[derive(Debug, Default)]
pub struct Copied {
    /// Files written, by top folder of the site (`content`, `static`).
    pub written: Vec<(String, usize)>,
    /// Files not written because one exists there (site paths).
    pub existing: Vec<String>,
    /// Starter pages of `gazette init` replaced by the imported ones.
    pub starters_replaced: Vec<String>,
}

/// Creates `path` with `bytes` unless something is there; Ok(false) when
/// it exists.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut f) => {
            f.write_all(bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

/// Whether the file at `rel` (under the site) is a starter page exactly as
/// `gazette init` wrote it.
fn is_untouched_starter(root: &Path, rel: &Path) -> bool {
    [STARTER_FRONT_PAGE, STARTER_ABOUT_PAGE]
        .iter()
        .any(|(path, text)| {
            rel == Path::new(path)
                && std::fs::read(root.join(rel)).is_ok_and(|b| b == text.as_bytes())
        })
}

/// Copies every file of `plan` into the site at `root`; those whose
/// destination is in `as_pages` get `type: page` in their front matter.
pub fn copy_all(root: &Path, plan: &[FileCopy], as_pages: &BTreeSet<PathBuf>) -> Result<Copied> {
    let top = root
        .canonicalize()
        .with_context(|| format!("cannot open the site folder {}", root.display()))?;
    let mut copied = Copied::default();
    for file in plan {
        if !super::source::is_plain_relative(&file.to) {
            bail!(
                "{} would be written outside the site; nothing was copied there",
                file.to.display()
            );
        }
        let site_path = super::source::slashed(&file.to);
        let dest = top.join(&file.to);
        if std::fs::symlink_metadata(&dest).is_ok() {
            if is_untouched_starter(&top, &file.to) {
                std::fs::remove_file(&dest)
                    .with_context(|| format!("cannot replace {}", dest.display()))?;
                copied.starters_replaced.push(site_path.clone());
            } else {
                copied.existing.push(site_path);
                continue;
            }
        }
        let parent = dest.parent().unwrap_or(&top);
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        // A folder of the site may be a link to elsewhere: refuse to write there.
        let real_parent = parent
            .canonicalize()
            .with_context(|| format!("cannot open {}", parent.display()))?;
        if !real_parent.starts_with(&top) {
            bail!(
                "{} leads outside the site (a symbolic link to {}); nothing is written there: \
                 remove the link and run the import again",
                parent.display(),
                real_parent.display()
            );
        }
        let mut bytes = std::fs::read(&file.from)
            .with_context(|| format!("cannot read {}", file.from.display()))?;
        if as_pages.contains(&file.to)
            && let Some(page) = std::str::from_utf8(&bytes)
                .ok()
                .and_then(super::survey::as_page)
        {
            bytes = page.into_bytes();
        }
        if create_new(&dest, &bytes)? {
            let folder = file
                .to
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .unwrap_or_default();
            match copied.written.iter_mut().find(|(f, _)| *f == folder) {
                Some((_, n)) => *n += 1,
                None => copied.written.push((folder, 1)),
            }
        } else {
            copied.existing.push(site_path);
        }
    }
    Ok(copied)
}
