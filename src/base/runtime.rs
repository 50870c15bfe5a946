//! The async runtime that `serve` (HTTP) and `deploy` (uploads) run on: one
//! setup for both, sized for this tool (two worker threads: the heavy work
//! of a build runs on rayon's threads, not here).

use std::io;

/// A multi-threaded tokio runtime with I/O and timers.
pub fn new() -> io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}
