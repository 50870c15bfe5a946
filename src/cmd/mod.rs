//! COMMANDS: one file per command of the CLI. Each takes its parsed
//! arguments (a clap `Args` struct), calls the library, prints what the
//! person at the terminal needs (through [`crate::base::console`], which
//! never panics)
//! and returns the exit code: 0 success, 1 problems in the site, 2 usage.
//! `main.rs` only parses the command line and dispatches here.

pub mod build;
pub mod check;
pub mod deploy;
pub mod init;
pub mod new;
pub mod serve;

use std::process::ExitCode;

use crate::errln;
use crate::error::BuildError;

/// Prints every error, then the warnings, then a summary line naming what
/// failed (`Build`, `Check`), with `then` (what became of the output) after
/// the problems of a site; exit 1.
fn report_failure(what: &str, e: &BuildError, then: Option<&str>) -> ExitCode {
    if let Some(diags) = e.diagnostics() {
        for d in diags.errors() {
            errln!("{d}");
        }
        for d in diags.warnings() {
            errln!("{d}");
        }
    }
    match (e, then) {
        (BuildError::Site(_), Some(then)) => errln!("{what} failed: {e}; {then}"),
        _ => errln!("{what} failed: {e}"),
    }
    ExitCode::from(1)
}

/// Prints an error with its causes; exit 1.
fn fail(e: &anyhow::Error) -> ExitCode {
    errln!("error: {e:#}");
    ExitCode::from(1)
}

/// What `build` and `deploy` say when another one holds the site's lock.
fn tell_lock_wait() {
    errln!("Waiting for another gazette build or deploy of this site to finish...");
}
