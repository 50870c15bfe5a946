//! `gazette import jekyll|hugo|zola|eleventy DIR`: another generator's site
//! (its configuration and content) into a Gazette site.

use std::path::PathBuf;

/// The generators whose sites can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Tool {
    Jekyll,
    Hugo,
    Zola,
    Eleventy,
}

/// What `gazette import <tool> DIR` was asked to do.
#[derive(Debug, Clone)]
pub struct Request {
    /// The site to import into (it has a site.yaml).
    pub root: PathBuf,
    /// The other generator's site folder.
    pub source: PathBuf,
    pub tool: Tool,
}

/// Imports the site named in `request`.
pub fn import(request: &Request) -> anyhow::Result<()> {
    let _ = request;
    anyhow::bail!("importing a {:?} site is not built yet", request.tool)
}
