//! The `gazette` command line: parse the arguments and hand them to the
//! command's module in `gazette::cmd`, which does the work, prints, and
//! gives the exit code: 0 success, 1 problems in the site, 2 usage.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gazette::cmd;

/// The build allocates and frees millions of small strings and template
/// values from both cores at once; mimalloc does that markedly faster than
/// the system allocator (see docs/performance.md).
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
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into output/.
    Build(cmd::build::Args),
    /// Build, serve on HTTP, watch the sources, rebuild and reload browsers.
    Serve(cmd::serve::Args),
    /// Validate everything build does, plus internal links, anchors and images; writes nothing.
    Check(cmd::check::Args),
    /// Upload the built output/ to a bucket or folder: only what changed, in a safe order.
    Deploy(cmd::deploy::Args),
    /// Create a new site skeleton in DIR (which must be new or empty).
    Init(cmd::init::Args),
    /// Create a draft article content/<section>/<slug>.md and print its path.
    New(cmd::new::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(|| PathBuf::from("."));
    match cli.command {
        Command::Build(args) => cmd::build::run(&root, args),
        Command::Serve(args) => cmd::serve::run(&root, args),
        Command::Check(args) => cmd::check::run(&root, args),
        Command::Deploy(args) => cmd::deploy::run(&root, args),
        Command::Init(args) => cmd::init::run(args),
        Command::New(args) => cmd::new::run(&root, args),
    }
}
