//! `gazette build`: the arguments, the build, and what the terminal shows.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::base::clock::Clock;
use crate::base::plural;
use crate::content::left_out_summary;
use crate::pipeline::{self, BuildOptions};
use crate::{errln, outln};

/// `gazette build` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
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
}

/// Builds the site at `root`: warnings and the summary on success, every
/// problem on failure (exit 1).
pub fn run(root: &Path, args: Args) -> ExitCode {
    let now = match Clock::from_env().fixed() {
        Ok(now) => now,
        Err(why) => {
            errln!("error: {why}");
            return ExitCode::FAILURE;
        }
    };
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
        now,
        no_wait: args.no_wait,
        on_lock_wait: Some(super::tell_lock_wait),
    };
    match pipeline::build(&options) {
        Ok(report) => {
            for w in report.warnings.iter() {
                errln!("{w}");
            }
            if args.timings {
                for (stage, t) in &report.timings {
                    errln!("  {stage:<14} {:>8.1} ms", t.as_secs_f64() * 1000.0);
                }
                errln!(
                    "  images: {} processed, {} from the cache",
                    report.images_processed,
                    report.images - report.images_processed
                );
            }
            let left_out = left_out_summary(&report.left_out)
                .map(|s| format!(", left out {s}"))
                .unwrap_or_default();
            outln!(
                "Built {} and {}{left_out}: {} ({} unchanged, not rendered) in {:.0} ms -> {}",
                plural(report.articles, "article"),
                plural(report.pages, "page"),
                plural(report.files, "file"),
                report.reused,
                report.total_time().as_secs_f64() * 1000.0,
                options.output_dir().display()
            );
            if let Some(next) = &report.next_change {
                outln!("Next scheduled change: {}", next.describe());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Only a build writes: its failure says that it wrote nothing.
            let kept = format!("{} was left as it was", options.output_dir().display());
            super::report_failure("Build", &e, Some(&kept))
        }
    }
}

/// `--base-url`, checked as site.yaml's `base_url` is (a usage error, exit 2).
fn parse_base_url(url: &str) -> Result<String, String> {
    crate::config::check_base_url(url)
        .map(|()| url.to_string())
        .map_err(|why| format!("the base URL {why}"))
}
