//! `gazette serve`: the arguments and the exit code; the server prints its
//! own progress while it runs.

use std::path::Path;
use std::process::ExitCode;

use crate::pipeline::BuildOptions;
use crate::serve::{self, NotASite, ServeOptions};

/// `gazette serve` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Port (0: any free port, printed at start).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Include drafts.
    #[arg(long)]
    drafts: bool,
    /// Include articles dated in the future.
    #[arg(long)]
    future: bool,
    /// Print the time each stage of each rebuild took.
    #[arg(long)]
    timings: bool,
}

/// Serves the site at `root` until Ctrl-C; exit 2 when `root` is no site.
pub fn run(root: &Path, args: Args) -> ExitCode {
    let build = BuildOptions {
        root: root.to_path_buf(),
        drafts: args.drafts,
        future: args.future,
        ..Default::default()
    };
    let options = ServeOptions {
        build,
        bind: args.bind,
        port: args.port,
        timings: args.timings,
    };
    match serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<NotASite>() => {
            super::fail(&e);
            ExitCode::from(2)
        }
        Err(e) => super::fail(&e),
    }
}
