//! The manifest: what a folder Gazette wrote holds, file by file (size,
//! content hash, and for a page the fingerprint of what rendered it), and
//! which renderer wrote it. Read and written here only, so the two cannot
//! disagree; where it is kept is decided here too.
//!
//! Manifests live in the state folder beside the output
//! (`.output.state/manifests/`), never in the output, which generic
//! uploaders publish whole. The output and the staging folder trade names
//! at every build, so a manifest is filed under the identity of the folder
//! it describes (device, inode and creation time), which the atomic swap
//! keeps: the manifest of the staging folder is written before the swap,
//! and after it the same file describes the output, with no moment at which
//! a manifest describes the wrong folder. A folder made anew (even on a
//! reused inode) has another creation time, so it has no manifest.
//!
//! The presence of its manifest is also what marks an output folder as
//! Gazette's to replace ([`built_by_gazette`]).
//!
//! Not the place for deciding what to keep, link or rewrite from it: that
//! is [`super::staging`]'s.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use super::state::state_dir;

/// The manifest's name inside the output, where Gazette kept it before it
/// moved to the state folder: still read from an output such a Gazette
/// wrote, so that the first build after an upgrade recognises its output.
pub const LEGACY_MANIFEST: &str = ".gazette-manifest";

/// The folder of the state folder that holds the manifests.
const MANIFESTS: &str = "manifests";

/// First line of a manifest: its format, then the renderer's identity.
const MANIFEST_HEADER: &str = "#gazette-manifest 2";

/// What the manifest records of one file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Recorded {
    pub(super) size: u64,
    pub(super) hash: u64,
    /// What rendered it, for a page that has a fingerprint.
    pub(super) fingerprint: Option<u64>,
}

impl Recorded {
    /// What identifies the bytes.
    pub(super) fn bytes(&self) -> (u64, u64) {
        (self.size, self.hash)
    }
}

/// A parsed manifest.
#[derive(Default)]
pub(super) struct Manifest {
    pub(super) renderer: Option<u64>,
    pub(super) files: HashMap<String, Recorded>,
}

/// Reads a manifest; a missing or unreadable one is empty. Lines are
/// `hash size fingerprint path` (tab-separated, `-` for no fingerprint)
/// after a [`MANIFEST_HEADER`] line, or `hash size path` in the first format.
pub(super) fn read(path: &Path) -> Manifest {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Manifest::default();
    };
    let hex = |s: &str| u64::from_str_radix(s, 16).ok();
    let mut lines = text.lines().peekable();
    let mut manifest = Manifest::default();
    let mut fields = 3;
    if let Some(rest) = lines.peek().and_then(|l| l.strip_prefix(MANIFEST_HEADER)) {
        manifest.renderer = rest.strip_prefix('\t').and_then(hex);
        fields = 4;
        lines.next();
    }
    manifest.files = lines
        .filter_map(|line| {
            let mut parts = line.splitn(fields, '\t');
            let hash = hex(parts.next()?)?;
            let size = parts.next()?.parse().ok()?;
            let fingerprint = if fields == 4 {
                parts.next().and_then(hex)
            } else {
                None
            };
            let recorded = Recorded {
                size,
                hash,
                fingerprint,
            };
            Some((parts.next()?.to_string(), recorded))
        })
        .collect();
    manifest
}

/// Where the manifest of `folder` (the output or its staging folder) is
/// kept, for the output `output`. Fails if `folder` cannot be looked at.
pub(super) fn location(output: &Path, folder: &Path) -> io::Result<PathBuf> {
    Ok(state_dir(output)
        .join(MANIFESTS)
        .join(folder_identity(folder)?))
}

/// The manifest of the folder `output` as it is now, if Gazette wrote it:
/// the one in the state folder, else one an older Gazette left inside.
pub fn manifest_of(output: &Path) -> Option<PathBuf> {
    let output = super::absolute(output);
    location(&output, &output)
        .ok()
        .filter(|p| p.is_file())
        .or_else(|| Some(output.join(LEGACY_MANIFEST)).filter(|p| p.is_file()))
}

/// Whether Gazette wrote the folder `output` (it has a manifest), so that a
/// build may replace it.
///
/// Where the file system records no creation time, a folder made anew on a
/// deleted output's inode would inherit its manifest; there, every name at
/// the top of the folder must also be one the manifest lists.
pub fn built_by_gazette(output: &Path) -> bool {
    let Some(path) = manifest_of(output) else {
        return false;
    };
    let has_creation_time = std::fs::symlink_metadata(output).is_ok_and(|m| m.created().is_ok());
    has_creation_time || top_names_listed(output, &read(&path))
}

/// Whether every entry at the top of `folder` is, or holds, a file that
/// `manifest` lists.
fn top_names_listed(folder: &Path, manifest: &Manifest) -> bool {
    let listed: std::collections::HashSet<&str> = manifest
        .files
        .keys()
        .map(|p| p.split('/').next().unwrap_or(p))
        .collect();
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries.flatten().all(|e| {
            let name = e.file_name();
            name == LEGACY_MANIFEST || name.to_str().is_some_and(|n| listed.contains(n))
        })
    })
}

/// Reads the manifest of the output `output`: see [`manifest_of`].
pub(super) fn read_of(output: &Path) -> Manifest {
    manifest_of(output).map(|p| read(&p)).unwrap_or_default()
}

/// Removes the manifests of folders other than `keep` (the output and the
/// staging folder): folders deleted or replaced by hand.
pub(super) fn prune(output: &Path, keep: &[&Path]) {
    let keep: Vec<_> = keep
        .iter()
        .filter_map(|f| location(output, f).ok())
        .collect();
    let Ok(entries) = std::fs::read_dir(state_dir(output).join(MANIFESTS)) else {
        return;
    };
    for entry in entries.flatten() {
        if !keep.contains(&entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A name for `folder` that stays with it through renames and is never
/// given to another folder: device and inode, and the creation time where
/// the file system records one (an inode number is reused once its folder
/// is deleted).
fn folder_identity(folder: &Path) -> io::Result<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(folder)?;
    let mut id = format!("{:x}-{:x}", meta.dev(), meta.ino());
    if let Some(born) = meta
        .created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
    {
        id.push_str(&format!("-{:x}.{:09}", born.as_secs(), born.subsec_nanos()));
    }
    Ok(id)
}

/// Writes the manifest of an output that `renderer` rendered and that holds
/// `files`, in the order given, as [`read`] reads it; whole or not at all
/// (a temporary file renamed into place).
pub(super) fn write(
    path: &Path,
    renderer: Option<u64>,
    files: &[(String, Recorded)],
) -> io::Result<()> {
    // Streamed to the file (a 100,000-article site's manifest is 20 MB),
    // without a string per line.
    use std::io::Write;
    let hex_or_dash = |m: &mut dyn Write, v: Option<u64>| match v {
        Some(v) => write!(m, "{v:016x}"),
        None => m.write_all(b"-"),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let mut manifest = io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&part)?);
    write!(manifest, "{MANIFEST_HEADER}\t")?;
    hex_or_dash(&mut manifest, renderer)?;
    manifest.write_all(b"\n")?;
    for (path, new) in files {
        write!(manifest, "{:016x}\t{}\t", new.hash, new.size)?;
        hex_or_dash(&mut manifest, new.fingerprint)?;
        writeln!(manifest, "\t{path}")?;
    }
    manifest
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    std::fs::rename(&part, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_whose_names_the_manifest_lacks_is_not_taken_for_its_output() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("world")).unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        let recorded = Recorded {
            size: 1,
            hash: 1,
            fingerprint: None,
        };
        let manifest = Manifest {
            renderer: None,
            files: [("index.html", recorded), ("world/a/index.html", recorded)]
                .map(|(p, r)| (p.to_string(), r))
                .into(),
        };
        assert!(top_names_listed(dir.path(), &manifest));
        std::fs::write(dir.path().join("thesis.tex"), "x").unwrap();
        assert!(!top_names_listed(dir.path(), &manifest));
    }

    #[test]
    fn what_is_written_is_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest");
        let page = Recorded {
            size: 3,
            hash: 0xabc,
            fingerprint: Some(7),
        };
        let file = Recorded {
            size: 0,
            hash: u64::MAX,
            fingerprint: None,
        };
        let files = [("a/index.html".into(), page), ("tab\tname".into(), file)];
        write(&path, Some(1), &files).unwrap();
        let back = read(&path);
        assert_eq!(back.renderer, Some(1));
        assert_eq!(back.files.len(), 2);
        for (name, recorded) in &files {
            let got = back.files[name];
            assert_eq!(
                (got.bytes(), got.fingerprint),
                (recorded.bytes(), recorded.fingerprint)
            );
        }
        // The first format: no header, no fingerprints, no renderer.
        std::fs::write(&path, "0000000000000abc\t3\ta/index.html\n").unwrap();
        let old = read(&path);
        assert_eq!(old.renderer, None);
        assert_eq!(old.files["a/index.html"].bytes(), (3, 0xabc));
    }
}
