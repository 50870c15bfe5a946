//! `gazette check`: the arguments, the check, and what the terminal shows.

use std::path::Path;
use std::process::ExitCode;

use crate::pipeline::BuildOptions;
use crate::{errln, outln};

/// `gazette check` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Include drafts.
    #[arg(long)]
    drafts: bool,
    /// Include articles dated in the future.
    #[arg(long)]
    future: bool,
}

/// Checks the site at `root`: every problem and warning, then a summary;
/// exit 1 when something needs fixing.
pub fn run(root: &Path, args: Args) -> ExitCode {
    let options = BuildOptions {
        root: root.to_path_buf(),
        drafts: args.drafts,
        future: args.future,
        ..Default::default()
    };
    match crate::check::check(&options) {
        Ok(report) => {
            for d in report.diagnostics.iter() {
                errln!("{d}");
            }
            for l in &report.left_out {
                outln!("left out: {}: {}", l.source.display(), l.why.describe());
                for file in &l.files {
                    outln!(
                        "left out: {}: goes with {}",
                        file.display(),
                        l.source.display()
                    );
                }
            }
            outln!("{}", report.summary());
            if report.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => super::report_failure("Check", &e, None),
    }
}
