//! WRITE: the staging folder, safe paths, and the atomic swap into `output/`.
//!
//! A build writes into `.<output>.staging` beside the output folder and swaps
//! it in only when every file is written, so a failed or killed build leaves
//! the previous site untouched. Paths are joined component by component and
//! anything but plain names is refused, so nothing is written outside.
//!
//! Unchanged files keep their inode and modification time: a manifest of
//! content hashes is kept for the output (in the state folder beside it,
//! see [`manifest`]), and a file whose hash
//! matches is hard-linked from the previous output instead of rewritten. That
//! makes rsync-style deploys and `serve` cheap, and a no-op rebuild fast.
//!
//! The manifest also records, per page, the fingerprint of what rendered it
//! (see [`crate::render::fingerprint`]) and, once, the identity of the
//! renderer (the binary): a page whose fingerprint has not changed since the
//! last build by the same binary is taken from the output without being
//! rendered at all ([`Staging::reuse`]).
//!
//! In four parts: `guard` (which folder may be written and replaced),
//! `manifest` (the manifest's format and place, read and written), `staging`
//! (the writing and the swap) and [`lock`] (one writer at a time). Not the
//! place for what the files hold (render) nor for which file a URL is
//! ([`crate::base::paths`]).

pub mod lock;

mod guard;
mod manifest;
mod staging;
mod state;

pub use guard::{absolute, check_output_dir, site_folder_conflict};
pub use manifest::{LEGACY_MANIFEST, built_by_gazette, manifest_of};
pub use staging::{Staging, staging_dir};
pub use state::state_dir;
