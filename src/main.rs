//! The `gazette` command line: parse arguments, call the library, print,
//! and exit 0 (success), 1 (problems in the site) or 2 (usage).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gazette::error::BuildError;
use gazette::{errln, outln};

/// The build allocates and frees millions of small strings and template
/// values from both cores at once; mimalloc does that markedly faster than
/// the system allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "gazette",
    version,
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
    Build {
        /// Output folder (default: <root>/output).
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Override site.yaml's base_url (e.g. for preview deploys): an absolute http(s) URL.
        #[arg(long, value_name = "URL", value_parser = parse_base_url)]
        base_url: Option<String>,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Include articles dated in the future.
        #[arg(long)]
        future: bool,
        /// Print the time each stage took.
        #[arg(long)]
        timings: bool,
        /// Fail at once (exit 1) when another build or deploy of this site is running, instead of waiting for it.
        #[arg(long)]
        no_wait: bool,
    },
    /// Build, serve on HTTP, watch the sources, rebuild and reload browsers.
    Serve {
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
    },
    /// Validate everything build does, plus internal links, anchors and images; writes nothing.
    Check {
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Include articles dated in the future.
        #[arg(long)]
        future: bool,
    },
    /// Upload the built output/ to a bucket or folder: only what changed, in a safe order.
    Deploy {
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
    },
    /// Create a new site skeleton in DIR (which must be new or empty).
    Init { dir: PathBuf },
    /// Create a draft article content/<section>/<slug>.md and print its path.
    New {
        title: String,
        /// Section folder under content/.
        #[arg(long)]
        section: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(|| PathBuf::from("."));
    match cli.command {
        Command::Build {
            output,
            base_url,
            drafts,
            future,
            timings,
            no_wait,
        } => {
            let options = gazette::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                future,
                now: None,
                no_wait,
                on_lock_wait: Some(|| {
                    errln!("Waiting for another gazette build or deploy of this site to finish...")
                }),
            };
            match gazette::build(&options) {
                Ok(report) => {
                    for w in report.warnings.iter() {
                        errln!("{w}");
                    }
                    if timings {
                        for (stage, t) in &report.timings {
                            errln!("  {stage:<14} {:>8.1} ms", t.as_secs_f64() * 1000.0);
                        }
                    }
                    outln!(
                        "Built {} articles and {} pages: {} files ({} unchanged, not rendered) in {:.0} ms -> {}",
                        report.articles,
                        report.pages,
                        report.files,
                        report.reused,
                        report.total_time().as_secs_f64() * 1000.0,
                        options.output_dir().display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => report_failure("Build", &e),
            }
        }
        Command::Serve {
            bind,
            port,
            drafts,
            future,
        } => {
            let build = gazette::BuildOptions {
                root,
                drafts,
                future,
                ..Default::default()
            };
            match gazette::serve::run(gazette::serve::ServeOptions { build, bind, port }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.is::<gazette::serve::NotASite>() => {
                    fail(&e);
                    ExitCode::from(2)
                }
                Err(e) => fail(&e),
            }
        }
        Command::Check { drafts, future } => {
            let options = gazette::BuildOptions {
                root,
                drafts,
                future,
                ..Default::default()
            };
            match gazette::check::check(&options) {
                Ok(report) => {
                    for d in report.diagnostics.iter() {
                        errln!("{d}");
                    }
                    outln!("{}", report.summary());
                    if report.is_ok() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    }
                }
                Err(e) => report_failure("Check", &e),
            }
        }
        Command::Deploy {
            target,
            dry_run,
            no_delete,
            force,
            no_wait,
        } => {
            let usage = target.is_some();
            let options = gazette::deploy::DeployOptions {
                root,
                target,
                dry_run,
                no_delete,
                force,
                no_wait,
                on_lock_wait: Some(|| {
                    errln!("Waiting for another gazette build or deploy of this site to finish...")
                }),
                progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
                ..Default::default()
            };
            match gazette::deploy::deploy(&options) {
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
                Err(e) if usage && e.is::<gazette::deploy::BadTargetUrl>() => {
                    errln!("error: {e:#}");
                    ExitCode::from(2)
                }
                Err(e) => fail(&e),
            }
        }
        Command::Init { dir } => match gazette::cmd::init::init(&dir) {
            Ok(()) => {
                outln!(
                    "Created a new site in {}. Build it with: gazette --root {} build",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        Command::New { title, section } => {
            match gazette::cmd::new::new_article(
                &root,
                &title,
                section.as_deref(),
                &jiff::Zoned::now(),
            ) {
                Ok(path) => {
                    outln!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
    }
}

/// Prints every error, then the warnings, then a summary line naming what
/// failed (`Build`, `Check`).
fn report_failure(what: &str, e: &BuildError) -> ExitCode {
    if let Some(diags) = e.diagnostics() {
        for d in diags.errors() {
            errln!("{d}");
        }
        for d in diags.warnings() {
            errln!("{d}");
        }
    }
    errln!("{what} failed: {e}");
    ExitCode::from(1)
}

/// `--base-url`, checked as site.yaml's `base_url` is (a usage error, exit 2).
fn parse_base_url(url: &str) -> Result<String, String> {
    gazette::config::check_base_url(url)
        .map(|()| url.to_string())
        .map_err(|why| format!("the base URL {why}"))
}

fn fail(e: &anyhow::Error) -> ExitCode {
    errln!("error: {e:#}");
    ExitCode::from(1)
}
