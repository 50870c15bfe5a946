//! `gazette import wordpress`: a WordPress export (WXR 1.0-1.2) into a site.
//!
//! - [`wxr`] reads the export;
//! - [`layout`] decides what is imported and where it goes;
//! - [`html`], [`shortcodes`], [`markdown`] and [`links`] turn a post's HTML
//!   into Gazette Markdown;
//! - [`uploads`] finds the images to copy beside an article;
//! - [`article`] assembles one file; [`comments`] the comments' JSON;
//! - [`report`] says what was done and what was not.
//!
//! Nothing that exists is overwritten: a second run writes nothing and says
//! which files it skipped.

mod article;
mod comments;
mod html;
mod layout;
mod links;
mod markdown;
mod report;
mod shortcodes;
mod uploads;
mod wxr;

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::config::Config;

use layout::{Decision, Kind};
use report::Report;
use shortcodes::Attachment;

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

/// The comments files, relative to the site root (never published: the
/// build reads `content/`, `static/` and the theme only).
pub const COMMENTS_FILE: &str = "data/comments.json";
pub const UNPUBLISHED_COMMENTS_FILE: &str = "data/comments-unpublished.json";

/// Imports the export named in `request` into the site, and prints what it
/// did.
pub fn import(request: &Request) -> anyhow::Result<()> {
    let report = run(request)?;
    report.print();
    Ok(())
}

/// Imports, returning the report instead of printing it.
pub fn run(request: &Request) -> anyhow::Result<Report> {
    let root = &request.root;
    let config = Config::load(&root.join("site.yaml")).map_err(|d| {
        anyhow::anyhow!(
            "{d}\n(`gazette import` writes into a Gazette site: pass its folder with --root, \
             or make one with `gazette init DIR`)"
        )
    })?;
    if let Some(dir) = &request.uploads {
        anyhow::ensure!(
            dir.is_dir(),
            "{}: --uploads must be a folder (a copy of wp-content/uploads)",
            dir.display()
        );
    }
    let bytes = fs::read(&request.export)
        .with_context(|| format!("cannot read the export {}", request.export.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let export = wxr::parse(&request.export, &text)?;
    drop(text);
    drop(bytes);

    let site = links::SiteUrls::new(&export.site_url, &export.blog_url);
    let mut report = Report::new(request.export.clone(), request.uploads.is_some());

    // What is imported, and where.
    let attachments: HashMap<u64, Attachment> = export
        .items
        .iter()
        .filter(|i| i.post_type == "attachment")
        .map(|i| {
            let url = if i.attachment_url.trim().is_empty() {
                i.link.trim()
            } else {
                i.attachment_url.trim()
            };
            (
                i.id,
                Attachment {
                    url: url.to_string(),
                    title: i.title.clone(),
                    alt: i.meta("_wp_attachment_image_alt").unwrap_or("").to_string(),
                    parent: i.parent,
                },
            )
        })
        .collect();
    let mut chosen = Vec::new();
    for (index, item) in export.items.iter().enumerate() {
        match layout::decide(item) {
            Decision::Import(kind) => chosen.push((index, item, kind)),
            Decision::Skip(label) => {
                report.not_imported(label);
                report.orphan_comments += item.comments.len();
            }
        }
    }
    let placed = layout::place(&chosen, &config, &site);

    // Links are pointed at published pages only: one to a draft or a
    // scheduled post was broken on WordPress too, and stays as it was.
    let public: Vec<&layout::Placed> = placed
        .iter()
        .filter(|p| export.items[p.item].status == "publish")
        .collect();
    let by_id: HashMap<u64, String> = public
        .iter()
        .map(|p| (export.items[p.item].id, p.new_path.clone()))
        .collect();
    let mut by_old_path: HashMap<String, String> = HashMap::new();
    for p in &public {
        let item = &export.items[p.item];
        if let Some(links::Target::Path(old)) = site
            .local_part(item.link.trim())
            .and_then(|l| site.target(l))
        {
            by_old_path.insert(old, p.new_path.clone());
        }
    }

    // Convert in parallel; write in order.
    let converter = markdown::converter();
    let cx = article::Context {
        converter: &converter,
        site: &site,
        authors: &export.authors,
        attachments: &attachments,
        by_old_path: &by_old_path,
        by_id: &by_id,
        uploads: request.uploads.as_deref(),
    };
    // Each post is converted and written on its own thread: writing tens
    // of thousands of new files is most of an import's time.
    let content = root.join("content");
    let progress = report::progress(placed.len() as u64);
    let outcomes: Vec<anyhow::Result<Outcome>> = placed
        .par_iter()
        .map(|p| {
            let rendered = article::render(&export.items[p.item], p, &cx);
            let outcome = write_article(root, &content, p, rendered);
            progress.inc(1);
            outcome
        })
        .collect();
    for (p, outcome) in placed.iter().zip(outcomes) {
        let outcome = outcome?;
        report.count_article(p, &outcome.rendered);
        if export.items[p.item].status == "future" {
            report.scheduled();
        }
        report.written += usize::from(outcome.written);
        report.images_copied += outcome.images_copied;
        for skipped in outcome.skipped {
            report.skipped_file(skipped);
        }
    }
    progress.finish_and_clear();

    // Comments: by the page's new path, or its old URL when not imported.
    let mut published = Vec::new();
    let mut withheld = Vec::new();
    let imported: HashMap<usize, &str> = placed
        .iter()
        .map(|p| (p.item, p.new_path.as_str()))
        .collect();
    for (index, item) in export.items.iter().enumerate() {
        if item.comments.is_empty() {
            continue;
        }
        let (id, on_page) = match imported.get(&index) {
            Some(path) => (path.to_string(), true),
            None => (item.link.trim().to_string(), false),
        };
        let (p, w) = comments::threads(&id, item.title.trim(), &item.comments, on_page);
        published.extend(p);
        withheld.extend(w);
    }
    report.comments = published.iter().map(|t| t.comments.len()).sum();
    report.unpublished_comments = withheld.iter().map(|t| t.comments.len()).sum();
    for (rel, threads) in [
        (COMMENTS_FILE, &published),
        (UNPUBLISHED_COMMENTS_FILE, &withheld),
    ] {
        if threads.is_empty() {
            continue;
        }
        let path = root.join(rel);
        if path.exists() {
            report.skipped_file(rel.to_string());
            continue;
        }
        let json = serde_json::to_vec_pretty(threads)?;
        write_new(&path, &json)?;
    }
    Ok(report)
}

/// What writing one article did.
struct Outcome {
    /// The article, its text no longer needed.
    rendered: article::Rendered,
    written: bool,
    images_copied: usize,
    /// Files that exist, relative to the site root.
    skipped: Vec<String>,
}

/// Writes one converted article and the uploads beside it, unless its file
/// (in either form, `slug.md` or `slug/index.md`) exists.
fn write_article(
    root: &Path,
    content: &Path,
    placed: &layout::Placed,
    mut rendered: article::Rendered,
) -> anyhow::Result<Outcome> {
    let text = std::mem::take(&mut rendered.text);
    let mut outcome = Outcome {
        rendered,
        written: false,
        images_copied: 0,
        skipped: Vec::new(),
    };
    let folder = content.join(placed.folders.iter().collect::<PathBuf>());
    let forms = [
        folder.join(format!("{}.md", placed.stem)),
        folder.join(&placed.stem).join("index.md"),
    ];
    let forms = if placed.section_intro {
        &forms[..1]
    } else {
        &forms[..]
    };
    if let Some(found) = forms.iter().find(|f| f.exists()) {
        outcome.skipped.push(display_rel(root, found));
        return Ok(outcome);
    }
    let target = content.join(&outcome.rendered.file);
    write_new(&target, text.as_bytes())?;
    outcome.written = true;
    for (source, name) in &outcome.rendered.files {
        let dest = target.with_file_name(name);
        if dest.exists() {
            outcome.skipped.push(display_rel(root, &dest));
            continue;
        }
        copy_new(source, &dest)?;
        outcome.images_copied += 1;
    }
    Ok(outcome)
}

/// `path` relative to the site root, for messages.
fn display_rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Writes a new file; an existing one is never replaced (`create_new`), even
/// if it appeared since it was checked.
fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

fn copy_new(source: &Path, dest: &Path) -> anyhow::Result<()> {
    let mut from =
        fs::File::open(source).with_context(|| format!("cannot read {}", source.display()))?;
    let mut to = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dest)
        .with_context(|| format!("cannot create {}", dest.display()))?;
    std::io::copy(&mut from, &mut to)
        .with_context(|| format!("cannot copy {} to {}", source.display(), dest.display()))?;
    Ok(())
}

impl Kind {
    fn noun(self, n: usize) -> &'static str {
        match (self, n) {
            (Kind::Post, 1) => "post",
            (Kind::Post, _) => "posts",
            (Kind::Page, 1) => "page",
            (Kind::Page, _) => "pages",
        }
    }
}
