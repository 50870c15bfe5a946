//! `gazette init DIR`: a new site that builds as is, with the default theme.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};

use crate::{errln, outln};

/// The default theme, compiled into the binary so `init` works anywhere.
static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/broadsheet");

/// `gazette init` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of the new site (created if missing; must be empty). May be
    /// given as `--root DIR` instead.
    dir: Option<PathBuf>,
}

/// Creates the site and says how to build it. The folder is DIR, or
/// `--root` when DIR is left out, as every other command takes the site
/// from `--root`; both at once must agree (exit 2 otherwise).
pub fn run(root: Option<&Path>, args: Args) -> ExitCode {
    let dir = match (args.dir.as_deref(), root) {
        (Some(dir), Some(root)) if dir != root => {
            errln!(
                "error: `gazette init` got two folders, {} and --root {}: name the new site's folder once, \
                 as `gazette init DIR` or `gazette --root DIR init`",
                dir.display(),
                root.display()
            );
            return ExitCode::from(2);
        }
        (Some(dir), _) | (None, Some(dir)) => dir,
        (None, None) => {
            errln!(
                "error: `gazette init` needs the folder of the new site: `gazette init DIR` \
                 (`gazette init .` for the current folder, if it is empty)"
            );
            return ExitCode::from(2);
        }
    };
    match init(dir) {
        Ok(()) => {
            outln!(
                "Created a new site in {}. Build it with: gazette --root {} build",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(&e),
    }
}

/// Creates the skeleton in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; `gazette init` only writes into a new or empty folder",
                dir.display()
            );
        }
    }
    let name = dir
        .canonicalize()
        .ok()
        .or_else(|| Some(dir.to_path_buf()))
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "My News Site".into());
    let today = jiff::Zoned::now().strftime("%Y-%m-%d").to_string();
    // A JSON string is a valid YAML string: quotes and backslashes in the
    // folder name are escaped.
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"Site\"".into());
    let welcome = quoted(&format!("Welcome to {name}"));
    let files = [
        ("site.yaml", crate::config::starter_site_yaml(&name)),
        (
            crate::config::STARTER_FRONT_PAGE.0,
            crate::config::STARTER_FRONT_PAGE.1.into(),
        ),
        (
            crate::config::STARTER_ARTICLE.0,
            format!(
                "---\ntitle: {welcome}\ndate: {today}\nauthor: The Editors\ntags: [Announcements]\n\
                 category: News\n---\n\n{}",
                crate::config::STARTER_ARTICLE.1
            ),
        ),
        (
            crate::config::STARTER_ABOUT_PAGE.0,
            crate::config::STARTER_ABOUT_PAGE.1.into(),
        ),
    ];
    for (rel, text) in files {
        write_new(&dir.join(rel), text.as_bytes())?;
    }
    // What a build writes is no source to keep in version control.
    write_new(
        &dir.join(".gitignore"),
        b"# What `gazette build` writes: the site, and the staging folder beside it.\n/output\n/.output.*\n",
    )?;
    extract(&DEFAULT_THEME, &dir.join("themes/broadsheet"))?;
    Ok(())
}

/// Files of the repository's theme that are notes for Gazette's developers,
/// not part of the theme a site gets.
const DEVELOPER_NOTES: &[&str] = &["NEEDS.md"];

fn extract(d: &Dir<'_>, to: &Path) -> Result<()> {
    for file in d.files() {
        if DEVELOPER_NOTES.iter().any(|n| file.path() == Path::new(n)) {
            continue;
        }
        write_new(&to.join(file.path()), file.contents())?;
    }
    for sub in d.dirs() {
        extract(sub, to)?;
    }
    Ok(())
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}
