//! `gazette deploy`: the arguments, the deploy, and what the terminal shows
//! (the library prints nothing).

use std::path::Path;
use std::process::ExitCode;

use crate::deploy::{self, BadTargetUrl, DeployOptions};
use crate::{errln, outln};

/// `gazette deploy` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// s3://bucket/prefix or file:///path (default: site.yaml's deploy.target).
    #[arg(long, value_name = "URL")]
    target: Option<String>,
    /// Print the plan (uploads, deletions, bytes) and change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Keep files on the target that the site no longer has.
    #[arg(long)]
    no_delete: bool,
    /// Deploy into a non-empty folder or prefix that no gazette deploy wrote, beside the files there (none of them is deleted).
    #[arg(long)]
    force: bool,
    /// Fail at once (exit 1) when another build or deploy of this site is running, instead of waiting for it.
    #[arg(long)]
    no_wait: bool,
}

/// Deploys the site at `root`: warnings, the plan (with --dry-run) and a
/// summary; exit 2 for a --target that is no target URL.
pub fn run(root: &Path, args: Args) -> ExitCode {
    let usage = args.target.is_some();
    let options = DeployOptions {
        root: root.to_path_buf(),
        target: args.target,
        dry_run: args.dry_run,
        no_delete: args.no_delete,
        force: args.force,
        no_wait: args.no_wait,
        on_lock_wait: Some(super::tell_lock_wait),
        progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        ..Default::default()
    };
    match deploy::deploy(&options) {
        Ok(report) => {
            for w in &report.warnings {
                errln!("warning: {w}");
            }
            if report.removed_temps > 0 {
                errln!(
                    "Removed {} temporary files left on the target by an interrupted deploy.",
                    report.removed_temps
                );
            }
            if report.dry_run {
                for line in report.plan_lines() {
                    outln!("{line}");
                }
            }
            outln!("{}", report.summary());
            ExitCode::SUCCESS
        }
        // A --target that is no target URL is a usage error.
        Err(e) if usage && e.is::<BadTargetUrl>() => {
            errln!("error: {e:#}");
            ExitCode::from(2)
        }
        Err(e) => super::fail(&e),
    }
}
