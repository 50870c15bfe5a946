//! BASE: small helpers every stage may use; uses nothing of the crate but
//! `error`.
//!
//! What lives here is needed by more than one stage and belongs to none of
//! them: the content hash that the manifest, the asset fingerprints and the
//! template fingerprints share, and the one mapping between output files and
//! site URLs that render, check and serve all rely on; the console printing
//! (`outln!`, `errln!`) of the commands and of `serve`, which reports as it
//! runs; and the async runtime that `serve` and `deploy` run on. It is not a place for
//! anything that knows about articles, templates or the output folder: a
//! helper that needs a stage's types belongs in that stage.

pub mod clock;
pub mod console;
pub mod hash;
pub mod memory;
pub mod paths;
pub mod runtime;
pub mod suggest;

/// `1 article`, `2 articles`, `0 articles`: a count and a noun whose plural
/// takes an `s` (all the nouns the commands count do).
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
