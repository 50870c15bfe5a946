//! The staging folder and the atomic swap: a build writes into
//! `.<output>.staging` and swaps it in for the output when every file is
//! written, keeping unchanged files' inodes by hard-linking them from the
//! output it replaces.
//!
//! Not the place for the manifest's format ([`super::manifest`]), nor for
//! whether a folder may be written at all ([`super::guard`]).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::guard::{absolute, hidden_sibling};
use super::manifest::{self, Manifest, Recorded};
use crate::base::hash::content_hash;
use crate::base::paths::safe_join;

/// An output being built.
///
/// The staging folder is the output of the build before last, kept after the
/// swap (the two folders alternate), so a rebuild only writes what changed:
/// a file whose hash the staging folder already has is left alone; one that
/// the current output has is hard-linked from it (keeping its mtime); the
/// rest is written. Files the new site lacks are removed before the swap.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    /// Identity of what renders this build's pages (none: never reuse).
    renderer: Option<u64>,
    /// What the current output holds.
    previous: Manifest,
    /// What the staging folder holds, as it was found.
    staged: HashMap<String, Recorded>,
    /// The staging folder was made empty by this build, so only this
    /// build's writes are in it: no name needs to be checked or cleared
    /// before it is written (a full build saves two system calls a file).
    made_empty: bool,
    written: Mutex<Vec<(String, Recorded)>>,
    /// Folders under the staging folder known to be real folders: see
    /// [`Staging::real_dirs`].
    real: Mutex<std::collections::HashSet<PathBuf>>,
}

/// `.<name>.staging` beside `output`.
pub fn staging_dir(output: &Path) -> PathBuf {
    hidden_sibling(output, "staging")
}

impl Staging {
    /// Opens the staging folder. One left by an interrupted build (its
    /// manifest is removed while a build works in it) is wiped and started
    /// anew. One kept from the build before last (the old output, which
    /// people and deploy tools may have touched) is reused file by file,
    /// only where the file is still there, whole, under real folders: see
    /// [`Staging::write`].
    ///
    /// `renderer` identifies what renders the pages (the binary and its
    /// version): pages are reused only from an output it wrote.
    pub fn begin(output: &Path, renderer: Option<u64>) -> io::Result<Staging> {
        let output = absolute(output);
        let staging = staging_dir(&output);
        // A link (or a file) in place of the staging folder is not ours to
        // write through: drop the name only, never what it points to.
        if std::fs::symlink_metadata(&staging).is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(&staging).map_err(|e| at(&staging, e))?;
        }
        let staged_manifest = manifest::location(&output, &staging).ok();
        let staged = match &staged_manifest {
            Some(path) if path.is_file() => manifest::read(path).files,
            _ => HashMap::new(),
        };
        if let Some(staged_manifest) = staged_manifest.filter(|_| !staged.is_empty()) {
            // From here until commit, the folder's contents are in flux.
            std::fs::remove_file(&staged_manifest).map_err(|e| at(&staged_manifest, e))?;
        }
        if staged.is_empty() && staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| at(&staging, e))?;
        }
        std::fs::create_dir_all(&staging).map_err(|e| at(&staging, e))?;
        let previous = manifest::read_of(&output);
        Ok(Staging {
            output,
            staging,
            renderer,
            previous,
            made_empty: staged.is_empty(),
            staged,
            written: Mutex::new(Vec::new()),
            real: Mutex::new(Default::default()),
        })
    }

    /// Writes `bytes` at `rel` (a `/`-separated path under the output root),
    /// recording the `fingerprint` of what rendered them, if any.
    pub fn write(&self, rel: &str, bytes: &[u8], fingerprint: Option<u64>) -> io::Result<()> {
        let new = Recorded {
            size: bytes.len() as u64,
            hash: content_hash(bytes),
            fingerprint,
        };
        self.place(rel, new, Some(bytes)).map(drop)
    }

    /// Puts the file `source` (a processed image in the image cache, whose
    /// size and hash are known) at `rel`: kept or linked from the previous
    /// output when it has the same bytes, else hard-linked from `source`
    /// (copied where a link cannot be made, as across file systems), so that
    /// an unchanged image is never read.
    pub fn link(&self, rel: &str, source: &Path, size: u64, hash: u64) -> io::Result<()> {
        let new = Recorded {
            size,
            hash,
            fingerprint: None,
        };
        if self.place(rel, new, None)? {
            return Ok(());
        }
        let target = safe_join(&self.staging, rel)?;
        // `place` left a private file there, or nothing.
        match std::fs::remove_file(&target) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        if std::fs::hard_link(source, &target).is_err() {
            std::fs::copy(source, &target)?;
        }
        self.record(rel, new).map(drop)
    }

    /// Takes the page at `rel` from the current output, without rendering
    /// it, if the same renderer wrote it there from the same `fingerprint`.
    /// False when the page must be rendered and [`Staging::write`]ten.
    pub fn reuse(&self, rel: &str, fingerprint: u64) -> io::Result<bool> {
        let Some(&old) = self.previous.files.get(rel) else {
            return Ok(false);
        };
        if !self.reuses_pages() || old.fingerprint != Some(fingerprint) {
            return Ok(false);
        }
        self.place(rel, old, None)
    }

    /// Whether any page can be [`Staging::reuse`]d: the current output has
    /// pages and the same renderer wrote them. When not, a build need not
    /// ask page by page.
    pub fn reuses_pages(&self) -> bool {
        self.renderer.is_some()
            && self.renderer == self.previous.renderer
            && !self.previous.files.is_empty()
    }

    /// Puts the file `new` describes at `rel`: kept if the staging folder
    /// has it, else hard-linked from the current output, else written from
    /// `bytes`. Without `bytes`, false when the file could only be written.
    fn place(&self, rel: &str, new: Recorded, bytes: Option<&[u8]>) -> io::Result<bool> {
        let target = safe_join(&self.staging, rel)?;
        if let Some(parent) = target.parent() {
            self.real_dirs(parent).map_err(|e| at(parent, e))?;
        }
        let linkable = self
            .previous
            .files
            .get(rel)
            .is_some_and(|old| old.bytes() == new.bytes());
        if !self.made_empty {
            let current = self
                .staged
                .get(rel)
                .is_some_and(|old| old.bytes() == new.bytes());
            match self.clear_name(&target, current, linkable, new.size)? {
                Existing::Current => return self.record(rel, new),
                Existing::Private => {
                    let Some(bytes) = bytes else {
                        return Ok(false);
                    };
                    // Rewritten in place: no inode freed and allocated again.
                    // Never through a link put there since it was looked at.
                    use std::os::unix::fs::OpenOptionsExt;
                    let mut file = std::fs::OpenOptions::new()
                        .write(true)
                        .truncate(true)
                        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
                        .open(&target)?;
                    std::io::Write::write_all(&mut file, bytes)?;
                    return self.record(rel, new);
                }
                Existing::Cleared => {}
            }
        }
        // Linked only if the output still has the file whole, under that
        // name (people and tools may have touched it since).
        let linked = linkable
            && safe_join(&self.output, rel)
                .and_then(|old| {
                    let m = std::fs::symlink_metadata(&old)?;
                    if !m.is_file() || m.len() != new.size {
                        return Err(io::ErrorKind::NotFound.into());
                    }
                    std::fs::hard_link(old, &target)
                })
                .is_ok();
        if !linked {
            let Some(bytes) = bytes else {
                return Ok(false);
            };
            std::fs::write(&target, bytes)?;
        }
        self.record(rel, new)
    }

    /// Looks at what a reused staging folder has at `target` and clears the
    /// name unless the file there can be kept or overwritten.
    ///
    /// `manifest_says_current`: the manifest of the reused staging folder
    /// lists this path with the new bytes' size and hash. The file must still
    /// be there, whole (an edit by hand that keeps the size is not caught:
    /// hashing every file would cost a full read of the output).
    /// `linkable`: the live output has the same bytes, to be hard-linked.
    fn clear_name(
        &self,
        target: &Path,
        manifest_says_current: bool,
        linkable: bool,
        size: u64,
    ) -> io::Result<Existing> {
        use std::os::unix::fs::MetadataExt;
        match std::fs::symlink_metadata(target) {
            Ok(m) if m.is_file() => {
                if manifest_says_current && m.len() == size {
                    return Ok(Existing::Current);
                }
                // A file with other names may be a hard link shared with the
                // live output: never written through.
                if m.nlink() == 1 && !linkable {
                    return Ok(Existing::Private);
                }
                std::fs::remove_file(target)?;
            }
            // A folder of the old output where the new site has a file (no
            // job writes inside it: paths are checked for that).
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(target)?,
            // A link or anything else: drop the name, never what it points to.
            Ok(_) => std::fs::remove_file(target)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        Ok(Existing::Cleared)
    }

    fn record(&self, rel: &str, new: Recorded) -> io::Result<bool> {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), new));
        Ok(true)
    }

    /// Makes every folder from the staging folder down to `dir` a real
    /// folder. The staging folder is the old output, and a symbolic link
    /// put there (by a person, a deploy tool) would take writes outside the
    /// output: a link, or a file standing where a folder is needed, is
    /// removed (never what a link points to) and a folder made in its place.
    /// Each folder is looked at once per build.
    fn real_dirs(&self, dir: &Path) -> io::Result<()> {
        let inner = dir.strip_prefix(&self.staging).map_err(io::Error::other)?;
        let mut d = self.staging.clone();
        for part in inner.components() {
            d.push(part);
            if self.known_real(&d) {
                continue;
            }
            let found = if self.made_empty {
                // Only this build's folders are in a folder it made empty.
                Err(io::ErrorKind::NotFound.into())
            } else {
                std::fs::symlink_metadata(&d)
            };
            match found {
                Ok(m) if m.is_dir() => {}
                Ok(_) => {
                    if let Err(e) = std::fs::remove_file(&d)
                        && !std::fs::symlink_metadata(&d).is_ok_and(|m| m.is_dir())
                        && e.kind() != io::ErrorKind::NotFound
                    {
                        return Err(e);
                    }
                    make_dir(&d)?;
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => make_dir(&d)?,
                Err(e) => return Err(e),
            }
            self.real
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(d.clone());
        }
        Ok(())
    }

    /// Whether `dir` was already found (or made) a real folder this build.
    fn known_real(&self, dir: &Path) -> bool {
        self.real
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(dir)
    }

    /// True when every folder between the staging folder and `path` is a
    /// real folder. A link found on the way is removed (the link only).
    fn under_real_dirs(&self, path: &Path) -> bool {
        let Some(inner) = path
            .parent()
            .and_then(|p| p.strip_prefix(&self.staging).ok())
        else {
            return false;
        };
        let mut d = self.staging.clone();
        for part in inner.components() {
            d.push(part);
            if self.known_real(&d) {
                continue;
            }
            match std::fs::symlink_metadata(&d) {
                Ok(m) if m.is_dir() => {}
                Ok(m) => {
                    if m.file_type().is_symlink() {
                        let _ = std::fs::remove_file(&d);
                    }
                    return false;
                }
                Err(_) => return false,
            }
        }
        true
    }

    /// Removes what the new site lacks, writes the manifest, and swaps the
    /// staging folder in for the output.
    pub fn commit(self) -> io::Result<()> {
        let mut written =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        written.sort_by(|a, b| a.0.cmp(&b.0));
        let kept = |p: &str| written.binary_search_by(|w| w.0.as_str().cmp(p)).is_ok();
        let mut dirs = std::collections::BTreeSet::new();
        for stale in self.staged.keys().filter(|p| !kept(p)) {
            let path = safe_join(&self.staging, stale)?;
            if !self.under_real_dirs(&path) {
                continue; // never delete through a link
            }
            match std::fs::remove_file(&path) {
                // Gone already, or replaced: now a folder of the new site,
                // or under a name that is now a file.
                Err(e)
                    if e.kind() != io::ErrorKind::NotFound
                        && e.kind() != io::ErrorKind::NotADirectory
                        && !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) =>
                {
                    return Err(e);
                }
                _ => {}
            }
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.staging) {
                dirs.insert(d.to_path_buf());
                dir = d.parent();
            }
        }
        // Deepest first; a folder that still holds files stays.
        for d in dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
        manifest::write(
            &manifest::location(&self.output, &self.staging)?,
            self.renderer,
            &written,
        )?;
        swap_in(&self.staging, &self.output)?;
        manifest::prune(&self.output, &[&self.output, &self.staging]);
        Ok(())
    }

    /// Abandons the build: the output is untouched, and the staging folder,
    /// left without a manifest, is wiped by the next build.
    pub fn abort(self) {}

    pub fn output(&self) -> &Path {
        &self.output
    }
}

/// Replaces `output` with `staging`, and keeps the old output as the next
/// staging folder. On Linux both names are exchanged in one atomic step, so
/// `output` exists at every instant; elsewhere the old output is renamed
/// aside first.
fn swap_in(staging: &Path, output: &Path) -> io::Result<()> {
    let busy = |e: io::Error| {
        if e.kind() == io::ErrorKind::ResourceBusy {
            io::Error::new(
                e.kind(),
                format!(
                    "{} is in use as a mount point and cannot be replaced ({e}); mount the \
                     folder that holds it instead, or build into a folder inside the mount",
                    output.display()
                ),
            )
        } else {
            e
        }
    };
    swap_names(staging, output).map_err(busy)
}

fn swap_names(staging: &Path, output: &Path) -> io::Result<()> {
    if output.exists() {
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{CWD, RenameFlags, renameat_with};
            // The old output now sits at `staging`, ready for the next build.
            if renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE).is_ok() {
                return Ok(());
            }
        }
        let old = staging.with_extension("old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        std::fs::rename(output, &old)?;
        std::fs::rename(staging, output)?;
        return std::fs::rename(&old, staging);
    }
    if let Some(parent) = output.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::rename(staging, output)
}

/// What [`Staging::clear_name`] found at a name.
enum Existing {
    /// The file already holds the new bytes.
    Current,
    /// A file with no other name: safe to overwrite in place.
    Private,
    /// Nothing is there (any more).
    Cleared,
}

/// An I/O error that names the path it concerns.
fn at(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Creates one folder; one made meanwhile by another writer is fine.
fn make_dir(d: &Path) -> io::Result<()> {
    match std::fs::create_dir(d) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_files_never_write_through_to_the_live_output() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let build = |text: &str| {
            let s = Staging::begin(&out, None).unwrap();
            s.write("a.html", text.as_bytes(), None).unwrap();
            s.write("b.html", text.as_bytes(), None).unwrap();
            s
        };
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        build("one").commit().unwrap();
        // Unchanged: hard-linked from the live output into the staging folder.
        build("one").commit().unwrap();
        assert_eq!(std::fs::metadata(out.join("a.html")).unwrap().nlink(), 2);
        // Changed while the staging folder's copy is a link shared with the
        // live output: the output keeps its bytes until the swap.
        let staged = build("two");
        assert_eq!(read("a.html"), "one");
        staged.commit().unwrap();
        assert_eq!(read("a.html"), "two");
        // Changed again: the staging folder's copy is its own (one link) and
        // is overwritten in place, still without touching the output.
        let staging = staging_dir(&out);
        let inode = std::fs::metadata(staging.join("a.html")).unwrap().ino();
        assert_eq!(
            std::fs::metadata(staging.join("a.html")).unwrap().nlink(),
            1
        );
        let staged = build("three");
        assert_eq!(read("a.html"), "two");
        assert_eq!(
            std::fs::metadata(staging.join("a.html")).unwrap().ino(),
            inode
        );
        staged.commit().unwrap();
        assert_eq!(
            (read("a.html"), read("b.html")),
            ("three".into(), "three".into())
        );
    }

    #[test]
    fn pages_are_reused_by_fingerprint_only_from_the_same_renderer() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        let first = Staging::begin(&out, Some(1)).unwrap();
        first.write("a/index.html", b"page a", Some(10)).unwrap();
        first.write("b/index.html", b"page b", None).unwrap();
        first.commit().unwrap();
        for _ in 0..2 {
            // Twice: once from a fresh staging folder, once from a kept one.
            let s = Staging::begin(&out, Some(1)).unwrap();
            assert!(s.reuse("a/index.html", 10).unwrap());
            assert!(!s.reuse("a/index.html", 11).unwrap(), "other fingerprint");
            assert!(!s.reuse("b/index.html", 0).unwrap(), "none recorded");
            assert!(!s.reuse("c/index.html", 10).unwrap(), "not in the output");
            s.write("b/index.html", b"page b", None).unwrap();
            s.commit().unwrap();
            assert_eq!(read("a/index.html"), "page a");
        }
        // Another renderer (a new binary) renders everything again.
        let s = Staging::begin(&out, Some(2)).unwrap();
        assert!(!s.reuse("a/index.html", 10).unwrap());
        s.abort();
        let s = Staging::begin(&out, None).unwrap();
        assert!(!s.reuse("a/index.html", 10).unwrap());
        s.abort();
        // A page cut short by hand in the output is not taken.
        std::fs::write(out.join("a/index.html"), "pa").unwrap();
        let s = Staging::begin(&out, Some(1)).unwrap();
        assert!(!s.reuse("a/index.html", 10).unwrap());
        s.write("a/index.html", b"page a", Some(10)).unwrap();
        s.commit().unwrap();
        assert_eq!(read("a/index.html"), "page a");
    }

    #[test]
    fn a_reused_staging_folder_is_trusted_only_for_what_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        let build = |files: &[(&str, &str)]| {
            let s = Staging::begin(&out, None).unwrap();
            for (rel, text) in files {
                s.write(rel, text.as_bytes(), None).unwrap();
            }
            s.commit().unwrap();
        };
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        let site = [
            ("index.html", "front"),
            ("a/index.html", "a"),
            ("feed", "file"),
        ];
        build(&site);
        build(&site);
        // The output, next build's staging folder, touched by hand: a file
        // deleted, a folder replaced by a link to elsewhere.
        std::fs::remove_file(out.join("index.html")).unwrap();
        std::fs::remove_dir_all(out.join("a")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("a")).unwrap();
        build(&site);
        build(&site); // writes into the touched folder
        assert_eq!(read("index.html"), "front");
        assert_eq!(read("a/index.html"), "a");
        assert!(!out.join("a").is_symlink());
        assert_eq!(
            std::fs::read_dir(&outside).unwrap().count(),
            0,
            "wrote outside"
        );
        // A link in the old output where the new site has nothing: the
        // stale files behind it are not deleted.
        std::fs::write(outside.join("index.html"), "not ours").unwrap();
        std::fs::remove_dir_all(out.join("a")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("a")).unwrap();
        let without_a = [("index.html", "front"), ("feed", "file")];
        build(&without_a);
        build(&without_a);
        assert_eq!(
            std::fs::read_to_string(outside.join("index.html")).unwrap(),
            "not ours"
        );
        assert!(!out.join("a").exists());
        build(&site);
        build(&site);
        // A file where a folder is now needed, and back.
        let site2 = [("index.html", "front"), ("feed/index.html", "feed page")];
        build(&site2);
        build(&site2);
        assert_eq!(read("feed/index.html"), "feed page");
        build(&site);
        build(&site);
        assert_eq!(read("feed"), "file");
    }
}
