//! The image cache: what [`super::process`] made, kept across builds and
//! `serve` sessions in one folder per (source content, operation), so that
//! an unchanged image costs a look-up and a rebuild processes nothing.
//!
//! ```text
//! <cache>/sources.tsv             source path -> size, mtime, content hash
//! <cache>/<hash>-<operation>/     entry.json and the files it names
//! ```
//!
//! `sources.tsv` spares reading a source whose size and modification time
//! are unchanged (as `make` does); any other source is read and hashed.
//! Entries are written in a temporary folder and renamed into place, so a
//! build stopped midway leaves no half entry. Not the place for decoding or
//! naming output files.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::base::hash::content_hash;

/// One file of an entry.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CachedFile {
    /// Name inside the entry's folder.
    pub file: String,
    pub width: u32,
    pub height: u32,
    pub size: u64,
    /// Content hash of the file (the output's manifest records it).
    pub hash: u64,
}

/// What an entry holds: `entry.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// WebP variants, largest first.
    pub variants: Vec<CachedFile>,
    /// AVIF variants, largest first, when the site makes them.
    #[serde(default)]
    pub avif: Vec<CachedFile>,
    pub fallback: CachedFile,
    pub social: Option<CachedFile>,
}

const SOURCES: &str = "sources.tsv";
const ENTRY: &str = "entry.json";

/// (size, mtime in ns) -> content hash, by source path, as last seen.
#[derive(Default)]
pub struct Sources(HashMap<PathBuf, (u64, u128, u64)>);

impl Sources {
    pub fn read(cache: &Path) -> Sources {
        let Ok(text) = std::fs::read_to_string(cache.join(SOURCES)) else {
            return Sources::default();
        };
        Sources(
            text.lines()
                .filter_map(|l| {
                    let mut p = l.splitn(4, '\t');
                    let size = p.next()?.parse().ok()?;
                    let mtime = p.next()?.parse().ok()?;
                    let hash = u64::from_str_radix(p.next()?, 16).ok()?;
                    Some((PathBuf::from(p.next()?), (size, mtime, hash)))
                })
                .collect(),
        )
    }

    /// Writes the sources seen this build (atomically: a temporary file
    /// renamed into place).
    pub fn write(cache: &Path, seen: &[(PathBuf, u64, u128, u64)]) -> io::Result<()> {
        let mut text = String::new();
        for (path, size, mtime, hash) in seen {
            text.push_str(&format!(
                "{size}\t{mtime}\t{hash:016x}\t{}\n",
                path.display()
            ));
        }
        let tmp = cache.join(format!("{SOURCES}.{}", std::process::id()));
        std::fs::write(&tmp, text)?;
        std::fs::rename(tmp, cache.join(SOURCES))
    }

    /// The content hash of `source`, from the record when its size and
    /// mtime are unchanged, else by reading it (then its bytes come too).
    pub fn hash_of(&self, rel: &Path, abs: &Path, max_bytes: u64) -> Result<Hashed, io::Error> {
        let meta = std::fs::metadata(abs)?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        if meta.len() > max_bytes {
            return Ok(Hashed::TooLarge(meta.len()));
        }
        if let Some(&(size, seen, hash)) = self.0.get(rel)
            && size == meta.len()
            && seen == mtime
            && mtime != 0
        {
            return Ok(Hashed::Known {
                size,
                mtime,
                hash,
                bytes: None,
            });
        }
        let bytes = std::fs::read(abs)?;
        Ok(Hashed::Known {
            size: bytes.len() as u64,
            mtime,
            hash: content_hash(&bytes),
            bytes: Some(bytes),
        })
    }
}

/// A source looked at by [`Sources::hash_of`].
pub enum Hashed {
    Known {
        size: u64,
        mtime: u128,
        hash: u64,
        /// The file's bytes, when they had to be read.
        bytes: Option<Vec<u8>>,
    },
    /// Over the byte limit: not read.
    TooLarge(u64),
}

/// The folder name of an entry.
pub fn key(source_hash: u64, operation: u64) -> String {
    format!("{source_hash:016x}-{operation:016x}")
}

/// The entry `key`, if the cache has it whole.
pub fn lookup(cache: &Path, key: &str) -> Option<Entry> {
    let dir = cache.join(key);
    let entry: Entry = serde_json::from_slice(&std::fs::read(dir.join(ENTRY)).ok()?).ok()?;
    let whole = entry
        .variants
        .iter()
        .chain(&entry.avif)
        .chain([&entry.fallback])
        .chain(&entry.social)
        .all(|f| std::fs::metadata(dir.join(&f.file)).is_ok_and(|m| m.len() == f.size));
    whole.then_some(entry)
}

/// A file to store: name, width, height, bytes.
pub type NewFile = (String, u32, u32, Vec<u8>);

/// Stores the files of one image as entry `key`; returns it.
pub fn store(
    cache: &Path,
    key: &str,
    variants: Vec<NewFile>,
    avif: Vec<NewFile>,
    fallback: NewFile,
    social: Option<NewFile>,
) -> io::Result<Entry> {
    // Unique to this call: two files with the same content (one key) are
    // processed at once on two threads, and must not share a folder.
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = cache.join(format!(".tmp-{key}-{}-{call}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    std::fs::create_dir_all(&tmp)?;
    let put = |(file, width, height, bytes): NewFile| -> io::Result<CachedFile> {
        std::fs::write(tmp.join(&file), &bytes)?;
        Ok(CachedFile {
            size: bytes.len() as u64,
            hash: content_hash(&bytes),
            file,
            width,
            height,
        })
    };
    let entry = Entry {
        variants: variants.into_iter().map(put).collect::<io::Result<_>>()?,
        avif: avif.into_iter().map(put).collect::<io::Result<_>>()?,
        fallback: put(fallback)?,
        social: social.map(put).transpose()?,
    };
    std::fs::write(tmp.join(ENTRY), serde_json::to_vec(&entry)?)?;
    publish(&tmp, &cache.join(key), call)?;
    Ok(entry)
}

/// Renames the whole entry `tmp` into place at `dir`.
///
/// A folder at `dir` only ever arrives by one rename, so one holding
/// `entry.json` is whole, and holds the same result (the key is the content
/// and the operation): another thread or process stored it first, and it is
/// kept, never removed, since that store's caller may be reading it. A
/// folder without `entry.json` (damaged outside Gazette, or left by an
/// older version that wrote in place) is renamed aside, which only one
/// store can do, and removed; then the rename is tried again.
fn publish(tmp: &Path, dir: &Path, call: u64) -> io::Result<()> {
    const ATTEMPTS: u32 = 8;
    let mut last = None;
    for attempt in 0..ATTEMPTS {
        if dir.join(ENTRY).is_file() {
            let _ = std::fs::remove_dir_all(tmp);
            return Ok(());
        }
        match std::fs::rename(tmp, dir) {
            Ok(()) => return Ok(()),
            Err(e) => last = Some(e),
        }
        if dir.join(ENTRY).is_file() {
            continue;
        }
        let name = dir.file_name().unwrap_or_default().to_string_lossy();
        let aside = dir.with_file_name(format!(
            ".tmp-damaged-{name}-{}-{call}-{attempt}",
            std::process::id()
        ));
        match std::fs::rename(dir, &aside) {
            Ok(()) => {
                let _ = std::fs::remove_dir_all(&aside);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    let _ = std::fs::remove_dir_all(tmp);
    Err(last.unwrap_or_else(|| io::Error::other("the cache entry could not be stored")))
}

/// Removes the entries not in `used`, and temporary folders left by
/// interrupted builds. Returns how many entries went.
pub fn prune(cache: &Path, used: &std::collections::HashSet<String>) -> usize {
    let Ok(dir) = std::fs::read_dir(cache) else {
        return 0;
    };
    let mut removed = 0;
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_entry = name.len() == 33 && name.as_bytes()[16] == b'-';
        let is_tmp = name.starts_with(".tmp-");
        if (is_entry && !used.contains(&name)) || is_tmp {
            let path = entry.path();
            // Only real folders: a link is never followed.
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
                && std::fs::remove_dir_all(&path).is_ok()
                && is_entry
            {
                removed += 1;
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two files with the same content are one key, processed on two
    /// threads at once: both stores succeed and the entry is whole.
    #[test]
    fn one_key_stored_by_many_threads_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let key = "0123456789abcdef-0123456789abcdef";
        let file = |name: &str| (name.to_string(), 10, 5, vec![7u8; 4096]);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..20 {
                        store(
                            dir.path(),
                            key,
                            vec![file("a-480.webp")],
                            vec![file("a-480.avif")],
                            file("a.jpg"),
                            None,
                        )
                        .expect("a concurrent store succeeds");
                    }
                });
            }
        });
        assert!(dir.path().join(key).join(ENTRY).is_file());
        assert!(dir.path().join(key).join("a-480.webp").is_file());
    }

    /// A damaged entry (a folder without `entry.json`) is replaced, even by
    /// several threads at once, and no temporary folder is left behind.
    #[test]
    fn damaged_entry_is_replaced_by_concurrent_stores() {
        let dir = tempfile::tempdir().unwrap();
        let key = "0123456789abcdef-0123456789abcdef";
        std::fs::create_dir_all(dir.path().join(key)).unwrap();
        std::fs::write(dir.path().join(key).join("a-480.webp"), b"half").unwrap();
        let file = |name: &str| (name.to_string(), 10, 5, vec![7u8; 4096]);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    store(
                        dir.path(),
                        key,
                        vec![file("a-480.webp")],
                        vec![],
                        file("a.jpg"),
                        None,
                    )
                    .expect("a store over a damaged entry succeeds");
                });
            }
        });
        let entry = lookup(dir.path(), key).expect("the entry is whole");
        assert_eq!(entry.variants[0].size, 4096);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from(key)]);
    }
}
