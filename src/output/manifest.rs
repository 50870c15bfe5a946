//! The `.gazette-manifest` format: what the output holds, file by file
//! (size, content hash, and for a page the fingerprint of what rendered it),
//! and which renderer wrote it. Read and written here only, so the two
//! cannot disagree.
//!
//! Not the place for deciding what to keep, link or rewrite from it: that
//! is [`super::staging`]'s.

use std::collections::HashMap;
use std::io;
use std::path::Path;

/// Name of the manifest file Gazette keeps at the output root; its presence
/// also marks a folder as Gazette's to replace.
pub const MANIFEST: &str = ".gazette-manifest";

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

/// A parsed `.gazette-manifest`.
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

/// Writes the manifest of an output that `renderer` rendered and that holds
/// `files`, in the order given, as [`read`] reads it.
pub(super) fn write(
    path: &Path,
    renderer: Option<u64>,
    files: &[(String, Recorded)],
) -> io::Result<()> {
    // Written into one string, without a string per line.
    use std::fmt::Write;
    let hex_or_dash = |m: &mut String, v: Option<u64>| match v {
        Some(v) => write!(m, "{v:016x}"),
        None => m.write_str("-"),
    };
    let mut manifest = String::with_capacity(files.len() * 80);
    let _ = write!(manifest, "{MANIFEST_HEADER}\t");
    let _ = hex_or_dash(&mut manifest, renderer);
    manifest.push('\n');
    for (path, new) in files {
        let _ = write!(manifest, "{:016x}\t{}\t", new.hash, new.size);
        let _ = hex_or_dash(&mut manifest, new.fingerprint);
        let _ = writeln!(manifest, "\t{path}");
    }
    std::fs::write(path, manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_is_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST);
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
