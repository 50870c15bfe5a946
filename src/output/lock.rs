//! One writer at a time: the exclusive lock that `build` and `deploy` hold
//! on a site and on its output folder while they work.
//!
//! Two builds of one site at once would share a staging folder: the second
//! wiped what the first was writing, and the first then swapped a gutted
//! folder in as the live output. With the lock, the second waits (or, with
//! `--no-wait`, fails at once) and never touches a staging folder another
//! process owns.
//!
//! The locks are advisory locks (`flock`) on folders, so that nothing is
//! written for them, in the site or anywhere else:
//! - the **site folder**: two commands on one site wait for each other;
//! - the **folder that holds the output** (and its staging folder, which
//!   lives beside it): two sites, or one site built with `--output`, never
//!   write one output at once.
//!
//! When both are one folder (the default `output/` sits in the site), it is
//! locked once. Folders are locked in one global order (by device and inode),
//! so two processes never each hold one lock while waiting for the other.
//!
//! The kernel drops a lock when its holder exits, however it exits, so a
//! build killed with `kill -9` leaves no stale lock behind, and there is no
//! lock file to clean up.

use std::fs::{File, TryLockError};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Held while a command writes; dropping it releases every lock.
#[derive(Debug)]
pub struct SiteLock {
    _held: Vec<File>,
}

/// Why a lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another Gazette process holds it and the caller asked not to wait.
    #[error(
        "another gazette process is building or deploying here (it holds the lock on {}); \
         wait for it to finish, or leave out --no-wait to wait for it",
        .folder.display()
    )]
    Busy { folder: PathBuf },
    #[error("cannot lock {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Takes the lock of the site folder `root` and of the folder that holds
/// `output` (created if missing). When another process holds one: with
/// `wait`, calls `on_wait` once (to tell the user) and blocks until it is
/// free; without, fails at once with [`LockError::Busy`].
pub fn lock(
    root: &Path,
    output: &Path,
    wait: bool,
    mut on_wait: impl FnMut(),
) -> Result<SiteLock, LockError> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LockError::Io { path, source }
    };
    let output_parent = super::absolute(output)
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    std::fs::create_dir_all(&output_parent).map_err(io_error(&output_parent))?;
    let mut folders = Vec::new();
    for path in [root, output_parent.as_path()] {
        let file = File::open(path).map_err(io_error(path))?;
        let meta = file.metadata().map_err(io_error(path))?;
        folders.push(((meta.dev(), meta.ino()), path.to_path_buf(), file));
    }
    folders.sort_by_key(|f| f.0);
    folders.dedup_by_key(|f| f.0);
    let mut told = false;
    let mut held = Vec::new();
    for (_, path, file) in folders {
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if wait => {
                if !told {
                    on_wait();
                    told = true;
                }
                file.lock().map_err(io_error(&path))?;
            }
            Err(TryLockError::WouldBlock) => return Err(LockError::Busy { folder: path }),
            Err(TryLockError::Error(e)) => return Err(io_error(&path)(e)),
        }
        held.push(file);
    }
    Ok(SiteLock { _held: held })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_or_fails_and_is_free_once_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let first = lock(dir.path(), &output, false, || {}).unwrap();
        // Locks belong to open files, so a second open in this process is
        // refused as another process would be.
        let busy = lock(dir.path(), &output, false, || {}).unwrap_err();
        assert!(matches!(busy, LockError::Busy { .. }), "{busy}");
        assert!(busy.to_string().contains("--no-wait"));

        let waited = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = waited.clone();
        let root = dir.path().to_path_buf();
        let out = output.clone();
        let second = std::thread::spawn(move || {
            lock(&root, &out, true, || {
                flag.store(true, std::sync::atomic::Ordering::SeqCst)
            })
            .map(drop)
        });
        while !waited.load(std::sync::atomic::Ordering::SeqCst) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        drop(first);
        second.join().unwrap().unwrap();
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "wrote nothing"
        );
        lock(dir.path(), &output, false, || {}).unwrap();
    }

    #[test]
    fn one_output_is_locked_across_sites() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let shared = dir.path().join("www/public");
        let _held = lock(&a, &shared, false, || {}).unwrap();
        assert!(
            dir.path().join("www").is_dir(),
            "the output's parent is made"
        );
        assert!(matches!(
            lock(&b, &shared, false, || {}),
            Err(LockError::Busy { .. })
        ));
        lock(&b, &b.join("output"), false, || {}).unwrap();
    }

    #[test]
    fn crossed_sites_and_outputs_never_deadlock() {
        // a builds into b's folder while b builds into a's: both orders
        // take the two folders' locks in the same global order.
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let (a, b) = (a.clone(), b.clone());
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        let (root, out) = if i % 2 == 0 { (&a, &b) } else { (&b, &a) };
                        drop(lock(root, &out.join("output"), true, || {}).unwrap());
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
    }
}
