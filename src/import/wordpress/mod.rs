//! `gazette import wordpress`: a WordPress export (WXR 1.0-1.2) into a site.

use std::path::{Path, PathBuf};

/// What `gazette import wordpress` was asked to do.
#[derive(Debug, Clone)]
pub struct Request {
    /// The site to import into (it has a site.yaml).
    pub root: PathBuf,
    /// The export file.
    pub export: PathBuf,
    /// A local copy of `wp-content/uploads`, if any.
    pub uploads: Option<PathBuf>,
}

/// Imports the export named in `request` into the site.
pub fn import(request: &Request) -> anyhow::Result<()> {
    let _ = (Path::new(&request.root), &request.export, &request.uploads);
    anyhow::bail!("importing a WordPress export is not built yet")
}
