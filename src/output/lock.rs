//! One writer at a time: the exclusive lock that `build` and `deploy` hold
//! on a site and on its output folder while they work.
//!
//! Two builds of one site at once would share a staging folder: the second
//! wiped what the first was writing, and the first then swapped a gutted
//! folder in as the live output. With the lock, the second waits (or, with
//! `--no-wait`, fails at once) and never touches a staging folder another
//! process owns.
//!
//! Two locks, always taken in this order so that no two processes wait on
//! each other:
//! - the **site**: an advisory lock (`flock`) on the site folder itself, so
//!   nothing is written into the site for it;
//! - the **output**: a lock on `.<output>.lock` beside the output folder
//!   (where the staging folder lives too), so that two sites, or one site
//!   built with `--output`, never write one folder at once.
//!
//! The kernel drops a lock when its holder exits, however it exits, so a
//! build killed with `kill -9` leaves no stale lock: the file stays, unlocked,
//! and the next build takes it. The lock file is never deleted (deleting it
//! while another process waits on it would let a third take a new one).

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// Held while a command writes; dropping it releases both locks.
#[derive(Debug)]
pub struct SiteLock {
    _site: File,
    _output: File,
}

/// Why a lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another Gazette process holds it and the caller asked not to wait.
    #[error(
        "another gazette process is building or deploying {} (it holds {}); wait for it to finish, \
         or run this command without --no-wait to wait for it",
        .site.display(), .lock.display()
    )]
    Busy { site: PathBuf, lock: PathBuf },
    #[error("cannot lock {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// `.<name>.lock` beside `output`.
pub fn lock_path(output: &Path) -> PathBuf {
    super::sibling(output, "lock")
}

/// Takes the site's lock and the output folder's lock. When another process
/// holds either: with `wait`, calls `on_wait` once (to tell the user) and
/// blocks until it is free; without, fails at once with
/// [`LockError::Busy`].
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
    let site = File::open(root).map_err(io_error(root))?;
    let lock_file = lock_path(output);
    if let Some(parent) = lock_file.parent() {
        std::fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let output_file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_file)
        .map_err(io_error(&lock_file))?;
    let mut told = false;
    for (file, path) in [(&site, root), (&output_file, lock_file.as_path())] {
        match file.try_lock() {
            Ok(()) => continue,
            Err(TryLockError::WouldBlock) if wait => {
                if !told {
                    on_wait();
                    told = true;
                }
                file.lock().map_err(io_error(path))?;
            }
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Busy {
                    site: root.to_path_buf(),
                    lock: path.to_path_buf(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_error(path)(e)),
        }
    }
    Ok(SiteLock {
        _site: site,
        _output: output_file,
    })
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
        assert!(lock_path(&output).is_file(), "the lock file stays");
        lock(dir.path(), &output, false, || {}).unwrap();
    }

    #[test]
    fn one_output_is_locked_across_sites() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let shared = dir.path().join("public");
        let _held = lock(&a, &shared, false, || {}).unwrap();
        assert!(matches!(
            lock(&b, &shared, false, || {}),
            Err(LockError::Busy { .. })
        ));
        lock(&b, &b.join("output"), false, || {}).unwrap();
    }
}
