//! `gazette import jekyll|hugo|zola|eleventy DIR`: another generator's site
//! (its configuration and content) into a Gazette site.
//!
//! Each tool's module reads that tool's configuration and decides where
//! each of its files goes ([`Plan`]); the rest is shared: a look at the
//! Markdown ([`survey`]), the settings written as site.yaml ([`settings`]),
//! the copy that never overwrites ([`copier`]) and the checklist of what
//! could not be carried ([`checklist`]). Content files are copied as they
//! are: the content stage reads the other tools' front matter itself.

pub mod checklist;
pub mod copier;
mod eleventy;
mod hugo;
mod jekyll;
pub mod settings;
pub mod source;
pub mod survey;
mod zola;

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use checklist::Checklist;
use copier::{Copied, FileCopy};
use settings::{Settings, Written};

/// The generators whose sites can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Tool {
    Jekyll,
    Hugo,
    Zola,
    Eleventy,
}

impl Tool {
    fn command(self) -> &'static str {
        match self {
            Tool::Jekyll => "jekyll",
            Tool::Hugo => "hugo",
            Tool::Zola => "zola",
            Tool::Eleventy => "eleventy",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Tool::Jekyll => "Jekyll",
            Tool::Hugo => "Hugo",
            Tool::Zola => "Zola",
            Tool::Eleventy => "Eleventy",
        }
    }
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

/// What a tool's module read from the source: the settings, where each
/// file goes, and what it could not carry.
#[derive(Debug, Default)]
pub struct Plan {
    /// The configuration file(s) read, as the source names them.
    pub config_name: String,
    pub settings: Settings,
    pub files: Vec<FileCopy>,
    pub checklist: Checklist,
}

impl Plan {
    /// Plans copying every file of `walk` (relative to `from`) to the same
    /// path under `to` in the site, and lists the links it did not follow
    /// and the files it could not read.
    fn copy_tree(&mut self, from: &Path, walk: source::Walk, to: &str, label: &str) {
        for rel in walk.files {
            self.files.push(FileCopy {
                from: from.join(&rel),
                to: Path::new(to).join(rel),
            });
        }
        self.note_walk_problems(label, walk.symlinks, walk.unreadable);
    }

    fn note_walk_problems(&mut self, label: &str, symlinks: Vec<PathBuf>, unreadable: Vec<String>) {
        self.checklist.files(
            format!("Symbolic links in {label} were not followed"),
            "they could lead outside the site: copy what they point to in by hand",
            symlinks.iter().map(|p| source::slashed(p)).collect(),
        );
        self.checklist.files(
            format!("Files in {label} that could not be read"),
            "check their permissions and run the import again (it skips what it already copied)",
            unreadable,
        );
    }
}

/// Where a Markdown page of Jekyll or Eleventy (`rel`, from the top of
/// their content) goes: the same path under `content/`, but for the home
/// page, `index.md` at the top, whose text is the front page's
/// (`content/_index.md` in Gazette, as in Hugo and Zola).
fn markdown_destination(rel: &Path) -> PathBuf {
    if rel == Path::new("index.md") {
        PathBuf::from("content/_index.md")
    } else {
        Path::new("content").join(rel)
    }
}

/// What an import did, for the person at the terminal.
#[derive(Debug)]
pub struct Report {
    pub tool: Tool,
    pub source: PathBuf,
    pub root: PathBuf,
    pub config_name: String,
    pub written: Written,
    pub copied: Copied,
    pub checklist: Checklist,
    /// Whether the welcome article `gazette init` wrote is still there.
    pub starter_article_left: bool,
}

/// Imports the site named in `request`.
pub fn import(request: &Request) -> Result<Report> {
    let source = request.source.canonicalize().with_context(|| {
        format!(
            "cannot open {}: name the {} site's folder",
            request.source.display(),
            request.tool.name()
        )
    })?;
    if !source.is_dir() {
        bail!(
            "{} is not a folder: name the {} site's folder (the one holding its configuration)",
            source.display(),
            request.tool.name()
        );
    }
    let root = request
        .root
        .canonicalize()
        .with_context(|| format!("cannot open the site folder {}", request.root.display()))?;
    if root == source || source.starts_with(&root) {
        bail!(
            "{} is the Gazette site itself (or inside it): import from the other tool's own folder, \
             into a site made with `gazette init`",
            source.display()
        );
    }
    let mut plan = match request.tool {
        Tool::Jekyll => jekyll::plan(&source, &root)?,
        Tool::Hugo => hugo::plan(&source, &root)?,
        Tool::Zola => zola::plan(&source, &root)?,
        Tool::Eleventy => eleventy::plan(&source, &root)?,
    };
    let pages = survey::survey(&mut plan.files, &mut plan.checklist);
    let fallback_title = source.file_name().map_or_else(
        || "My News Site".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let yaml = plan.settings.to_yaml(
        request.tool.command(),
        &plan.config_name,
        &fallback_title,
        &mut plan.checklist,
    );
    settings::check(&yaml)?;
    let written = settings::write(&root, &yaml)?;
    let copied = copier::copy_all(&root, &plan.files, &pages)?;
    let (article, body) = crate::config::STARTER_ARTICLE;
    let starter_article_left =
        std::fs::read_to_string(root.join(article)).is_ok_and(|text| text.ends_with(body));
    Ok(Report {
        tool: request.tool,
        source,
        root,
        config_name: plan.config_name,
        written,
        copied,
        checklist: plan.checklist,
        starter_article_left,
    })
}

/// Up to five names, then "and N more".
fn some_names(names: &[String]) -> String {
    let shown = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 5 {
        format!("{shown}, and {} more", names.len() - 5)
    } else {
        shown
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Imported the {} site {} into {}.",
            self.tool.name(),
            self.source.display(),
            self.root.display()
        )?;
        match &self.written {
            Written::Replaced => writeln!(
                f,
                "site.yaml: converted from {} (it replaced the site.yaml `gazette init` wrote).",
                self.config_name
            )?,
            Written::Unchanged(path) => writeln!(
                f,
                "{} already holds the settings converted from {}: not written again.",
                path.display(),
                self.config_name
            )?,
            Written::Beside(path) => writeln!(
                f,
                "site.yaml has your edits, so it was left as it is: the settings converted from {} \
                 are in {}; compare the two and merge what you want.",
                self.config_name,
                path.display()
            )?,
            Written::BesideExists(path) => writeln!(
                f,
                "site.yaml has your edits and {} exists from an earlier import: neither was changed \
                 (delete {} to write the converted settings again).",
                path.display(),
                settings::IMPORTED_NAME
            )?,
        }
        if self.copied.written.is_empty() {
            writeln!(f, "Copied no file.")?;
        } else {
            let parts: Vec<String> = self
                .copied
                .written
                .iter()
                .map(|(folder, n)| format!("{} into {folder}/", crate::base::plural(*n, "file")))
                .collect();
            writeln!(f, "Copied {}.", parts.join(", "))?;
        }
        if !self.copied.starters_replaced.is_empty() {
            writeln!(
                f,
                "Replaced the starter pages `gazette init` wrote: {}.",
                some_names(&self.copied.starters_replaced)
            )?;
        }
        if !self.copied.existing.is_empty() {
            writeln!(
                f,
                "Skipped {} that already exist in the site (an import never overwrites): {}.",
                crate::base::plural(self.copied.existing.len(), "file"),
                some_names(&self.copied.existing)
            )?;
        }
        if self.starter_article_left {
            writeln!(
                f,
                "{} is the welcome article `gazette init` wrote: delete it if the site should not show it.",
                crate::config::STARTER_ARTICLE.0
            )?;
        }
        if self.checklist.is_empty() {
            writeln!(f, "Checklist: nothing left to carry over by hand.")?;
        } else {
            writeln!(
                f,
                "Checklist: {} to carry over by hand",
                crate::base::plural(self.checklist.items.len(), "thing")
            )?;
            write!(f, "{}", self.checklist)?;
        }
        write!(f, "Next: gazette --root {} build", self.root.display())
    }
}

/// Texts made of pieces other tools' files hold, shuffled: for the tests
/// that show the readers never panic, whatever they are given.
#[cfg(test)]
pub(crate) fn shuffled_texts() -> impl Iterator<Item = String> {
    const PIECES: &[&str] = &[
        "---",
        "+++",
        "\n",
        "{",
        "}",
        "\"",
        "'",
        "`",
        ":",
        "=",
        "input",
        "addPassthroughCopy(",
        ".addFilter(",
        "date",
        "é",
        "Қ",
        "${",
        "\\",
        "/",
        ":year",
        ":title",
        ".html",
        "..",
        " ",
        "[",
        "]",
        "#",
        "2024-01-02-",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..20_000).map(move |_| {
        let mut text = String::new();
        for _ in 0..(state % 24) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
        }
        text
    })
}
