//! `gazette new "Title"`: a draft article with its front matter filled in.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::content::slug::slugify;
use crate::outln;

/// `gazette new` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Headline of the article (also gives its file name).
    title: String,
    /// Section folder under content/.
    #[arg(long)]
    section: Option<String>,
}

/// Writes the draft and prints its path.
pub fn run(root: &Path, args: Args) -> ExitCode {
    match new_article(
        root,
        &args.title,
        args.section.as_deref(),
        &jiff::Zoned::now(),
    ) {
        Ok(path) => {
            outln!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(&e),
    }
}

/// Writes `content/<section>/<slug>.md` under `root` and returns its path.
/// Never overwrites an existing file.
pub fn new_article(
    root: &Path,
    title: &str,
    section: Option<&str>,
    now: &jiff::Zoned,
) -> Result<PathBuf> {
    let slug = slugify(title);
    if slug.is_empty() {
        bail!("the title {title:?} has no letters or digits to make a file name from");
    }
    let mut dir = root.join("content");
    if let Some(given) = section {
        let s = slugify(given);
        if s.is_empty() {
            bail!(
                "the section {given:?} has no letters or digits to make a folder name from; \
                 name a section like `--section world`, or leave --section out"
            );
        }
        dir.push(s);
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(format!("{slug}.md"));
    let date = crate::content::dates::rfc3339(now);
    let text = format!(
        "---\ntitle: {}\ndate: {date}\nauthor: \"\"\ntags: []\ndraft: true\n---\n\nWrite the story here.\n",
        serde_json::to_string(title).unwrap_or_default()
    );
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| {
            format!(
                "{} already exists or cannot be created; choose another title",
                path.display()
            )
        })?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}
