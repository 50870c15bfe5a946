//! The `gazette` command line: parse the arguments and hand them to the
//! command's module in `gazette::cmd`, which does the work, prints, and
//! gives the exit code: 0 success, 1 problems in the site, 2 usage.
//!
//! It uses the system allocator: mimalloc made a 10,000-article build
//! about 9% faster but held a quarter more memory at its peak, which issue
//! 31's memory targets cannot spare (docs/performance.md).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gazette::cmd;

#[derive(Parser)]
#[command(
    name = "gazette",
    version = env!("GAZETTE_VERSION"),
    about = "A fast static site generator for news sites"
)]
struct Cli {
    /// Site folder (holds site.yaml); default: the current folder.
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: cmd::Command,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    cmd::run(cli.root, cli.command)
}
