//! The `gazette` command line: parse the arguments and hand them to the
//! command's module in `gazette::cmd`, which does the work, prints, and
//! gives the exit code: 0 success, 1 problems in the site, 2 usage.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gazette::cmd;

/// The build allocates and frees millions of small strings and template
/// values from both cores at once; mimalloc does that markedly faster than
/// the system allocator (see docs/performance.md). The `system-allocator`
/// feature leaves it out, for heap profilers that follow malloc
/// (heaptrack, massif).
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
