//! `gazette import`: bring an archive from WordPress, Jekyll, Hugo, Zola or
//! Eleventy into the site.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::import::{tools, wordpress};
use crate::outln;

/// `gazette import` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    from: From,
}

#[derive(Debug, clap::Subcommand)]
enum From {
    /// A WordPress export (Tools > Export > All content), WXR 1.0 to 1.2.
    Wordpress {
        /// The export file (.xml).
        export: PathBuf,
        /// A local copy of wp-content/uploads, to copy images from.
        #[arg(long)]
        uploads: Option<PathBuf>,
    },
    /// A Jekyll site folder (with _config.yml).
    Jekyll { dir: PathBuf },
    /// A Hugo site folder (with hugo.toml, config.toml or their YAML/JSON twins).
    Hugo { dir: PathBuf },
    /// A Zola site folder (with config.toml).
    Zola { dir: PathBuf },
    /// An Eleventy project folder (with eleventy.config.js, or a package.json naming @11ty/eleventy).
    Eleventy { dir: PathBuf },
}

/// Runs the import and reports what it did.
pub fn run(root: &Path, args: Args) -> ExitCode {
    // The tool importers print what they did and the checklist of what
    // they could not carry.
    let tool = |tool, dir: PathBuf| {
        tools::import(&tools::Request {
            root: root.to_path_buf(),
            source: dir,
            tool,
        })
        .map(|report| outln!("{report}"))
    };
    let result = match args.from {
        From::Wordpress { export, uploads } => wordpress::import(&wordpress::Request {
            root: root.to_path_buf(),
            export,
            uploads,
        }),
        From::Jekyll { dir } => tool(tools::Tool::Jekyll, dir),
        From::Hugo { dir } => tool(tools::Tool::Hugo, dir),
        From::Zola { dir } => tool(tools::Tool::Zola, dir),
        From::Eleventy { dir } => tool(tools::Tool::Eleventy, dir),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::fail(&e),
    }
}
