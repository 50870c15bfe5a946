//! COMMANDS: one file per command of the CLI. Each takes its parsed
//! arguments (a clap `Args` struct), calls the library, prints what the
//! person at the terminal needs (through [`crate::base::console`], which
//! never panics)
//! and returns the exit code: 0 success, 1 problems in the site, 2 usage.
//! `main.rs` only parses the command line and hands it to [`run`], which
//! checks once, for every command but `init`, that there is a site to work on.

pub mod build;
pub mod check;
pub mod deploy;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::errln;
use crate::error::BuildError;

/// The commands of the CLI.
#[derive(clap::Subcommand)]
pub enum Command {
    #[command(flatten)]
    InSite(SiteCommand),
    /// Create a new site skeleton in DIR or --root (which must be new or empty).
    Init(init::Args),
}

/// The commands that work on an existing site (a folder with site.yaml).
#[derive(clap::Subcommand)]
pub enum SiteCommand {
    /// Build the site into output/.
    Build(build::Args),
    /// Build, serve on HTTP, watch the sources, rebuild and reload browsers.
    Serve(serve::Args),
    /// Validate everything build does, plus internal links, anchors and images; writes nothing.
    Check(check::Args),
    /// Upload the built output/ to a bucket or folder: only what changed, in a safe order.
    Deploy(deploy::Args),
    /// Create a draft article content/<section>/<slug>.md and print its path.
    New(new::Args),
    /// Bring in an archive from WordPress, Jekyll, Hugo, Zola or Eleventy; never overwrites a file.
    Import(import::Args),
}

/// Runs `command` on the site at `root` (`--root`; default: the current
/// folder). Outside a site every command but `init` stops with exit 2
/// before doing anything: run in the wrong folder, `new` would write a
/// stray `content/` there and `build` would report a missing site.yaml as a
/// problem of the site.
pub fn run(root: Option<PathBuf>, command: Command) -> ExitCode {
    match command {
        Command::Init(args) => init::run(root.as_deref(), args),
        Command::InSite(command) => {
            let root = root.unwrap_or_else(|| PathBuf::from("."));
            if let Err(e) = crate::config::find_site(&root) {
                errln!("error: {e}");
                return ExitCode::from(2);
            }
            run_in_site(&root, command)
        }
    }
}

fn run_in_site(root: &Path, command: SiteCommand) -> ExitCode {
    match command {
        SiteCommand::Build(args) => build::run(root, args),
        SiteCommand::Serve(args) => serve::run(root, args),
        SiteCommand::Check(args) => check::run(root, args),
        SiteCommand::Deploy(args) => deploy::run(root, args),
        SiteCommand::New(args) => new::run(root, args),
        SiteCommand::Import(args) => import::run(root, args),
    }
}

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
