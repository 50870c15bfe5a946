//! What an import did and did not do, said once at the end, and the
//! progress bar while it runs.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::outln;

use super::article::Rendered;
use super::layout::{Kind, Placed};
use super::{COMMENTS_FILE, UNPUBLISHED_COMMENTS_FILE};

/// How many files are listed by name before "and N more".
const LISTED: usize = 5;

#[derive(Debug, Default)]
pub struct Report {
    export: PathBuf,
    with_uploads: bool,
    pub posts: usize,
    pub pages: usize,
    pub drafts: usize,
    pub scheduled: usize,
    pub aliases: usize,
    pub aliases_impossible: usize,
    pub aliases_shared: usize,
    pub written: usize,
    pub images_copied: usize,
    pub missing_uploads: usize,
    pub comments: usize,
    pub unpublished_comments: usize,
    /// Comments of items that were not imported (counted again in
    /// `unpublished_comments`).
    pub orphan_comments: usize,
    pub not_imported: BTreeMap<String, usize>,
    pub unknown_shortcodes: BTreeMap<String, usize>,
    pub skipped: Vec<String>,
}

impl Report {
    pub fn new(export: PathBuf, with_uploads: bool) -> Report {
        Report {
            export,
            with_uploads,
            ..Default::default()
        }
    }

    pub fn not_imported(&mut self, label: String) {
        *self.not_imported.entry(label).or_default() += 1;
    }

    pub fn skipped_file(&mut self, rel: String) {
        self.skipped.push(rel);
    }

    /// Counts an item placed and converted (whether or not its file is
    /// written: a second run reports the same import).
    pub fn count_article(&mut self, placed: &Placed, rendered: &Rendered) {
        match placed.kind {
            Kind::Post => self.posts += 1,
            Kind::Page => self.pages += 1,
        }
        self.drafts += usize::from(placed.draft);
        self.aliases += usize::from(placed.alias.is_some());
        self.aliases_impossible += usize::from(placed.alias_impossible);
        self.aliases_shared += usize::from(placed.alias_shared);
        self.missing_uploads += rendered.missing_uploads.len();
        for (name, n) in &rendered.unknown_shortcodes {
            *self.unknown_shortcodes.entry(name.clone()).or_default() += n;
        }
    }

    pub fn scheduled(&mut self) {
        self.scheduled += 1;
    }

    /// The lines the command prints.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let mut what = format!(
            "{} {} and {} {}",
            self.posts,
            Kind::Post.noun(self.posts),
            self.pages,
            Kind::Page.noun(self.pages)
        );
        let mut notes = Vec::new();
        if self.drafts > 0 {
            notes.push(format!(
                "{} {}",
                self.drafts,
                if self.drafts == 1 { "draft" } else { "drafts" }
            ));
        }
        if self.scheduled > 0 {
            notes.push(format!("{} scheduled", self.scheduled));
        }
        if !notes.is_empty() {
            what.push_str(&format!(" ({})", notes.join(", ")));
        }
        lines.push(format!(
            "Imported {what} from {}: {} new files in content/.",
            self.export.display(),
            self.written
        ));
        if self.aliases > 0 || self.aliases_impossible > 0 {
            let mut l = format!(
                "Old URLs: {} redirect to the new pages (aliases).",
                self.aliases
            );
            if self.aliases_impossible > 0 {
                let n = self.aliases_impossible;
                l.push_str(&format!(
                    " {n} {} `?p=ID` {}, which a static site cannot answer: \
                     redirect {} on the web server (see docs/import-wordpress.md).",
                    if n == 1 { "was a" } else { "were" },
                    if n == 1 { "link" } else { "links" },
                    if n == 1 { "it" } else { "them" },
                ));
            }
            if self.aliases_shared > 0 {
                l.push_str(&format!(
                    " {} old URLs belonged to more than one post; the first post keeps each.",
                    self.aliases_shared
                ));
            }
            lines.push(l);
        }
        if self.with_uploads {
            let mut l = format!(
                "Images: {} copied beside their articles.",
                self.images_copied
            );
            if self.missing_uploads > 0 {
                let n = self.missing_uploads;
                l.push_str(&if n == 1 {
                    " 1 referred to is not in the uploads folder; its URL is kept.".to_string()
                } else {
                    format!(" {n} referred to are not in the uploads folder; their URLs are kept.")
                });
            }
            lines.push(l);
        } else {
            lines.push(
                "Images: their WordPress URLs are kept \
                 (pass --uploads DIR, a copy of wp-content/uploads, to copy them into the site)."
                    .into(),
            );
        }
        if self.comments + self.unpublished_comments > 0 {
            let mut l = format!(
                "Comments: {} in {COMMENTS_FILE} (Isso's import format)",
                self.comments
            );
            if self.unpublished_comments > 0 {
                l.push_str(&format!(
                    "; {} held, spam, trashed or on posts not imported in {UNPUBLISHED_COMMENTS_FILE}",
                    self.unpublished_comments
                ));
            }
            l.push('.');
            lines.push(l);
        }
        if !self.not_imported.is_empty() {
            let list: Vec<String> = self
                .not_imported
                .iter()
                .map(|(label, n)| format!("{n} {}", plural(label, *n)))
                .collect();
            lines.push(format!("Not imported: {}.", list.join(", ")));
        }
        if !self.unknown_shortcodes.is_empty() {
            let list: Vec<String> = self
                .unknown_shortcodes
                .iter()
                .map(|(name, n)| format!("[{name}] ×{n}"))
                .collect();
            lines.push(format!(
                "Shortcodes left as text (their plugins do not exist here; replace them by hand): {}.",
                list.join(", ")
            ));
        }
        if !self.skipped.is_empty() {
            let mut l = format!(
                "Skipped {} {} that already {} (nothing was overwritten): {}",
                self.skipped.len(),
                if self.skipped.len() == 1 {
                    "file"
                } else {
                    "files"
                },
                if self.skipped.len() == 1 {
                    "exists"
                } else {
                    "exist"
                },
                self.skipped
                    .iter()
                    .take(LISTED)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if self.skipped.len() > LISTED {
                l.push_str(&format!(" and {} more", self.skipped.len() - LISTED));
            }
            l.push('.');
            lines.push(l);
        }
        lines
    }

    pub fn print(&self) {
        for line in self.lines() {
            outln!("{line}");
        }
    }
}

/// `private post` -> `private posts`; `attachment (used for images)` ->
/// `attachments (used for images)`.
fn plural(label: &str, n: usize) -> String {
    if n == 1 {
        return label.to_string();
    }
    let (head, tail) = match label.find(" (") {
        Some(i) => label.split_at(i),
        None => match label.find(" of ").or(label.find(" with ")) {
            Some(i) => label.split_at(i),
            None => (label, ""),
        },
    };
    let head = if head.ends_with('y') && !head.ends_with("ey") {
        format!("{}ies", &head[..head.len() - 1])
    } else {
        format!("{head}s")
    };
    format!("{head}{tail}")
}

/// A progress bar on stderr when it is a terminal and the import is long
/// enough to need one; hidden otherwise.
pub fn progress(len: u64) -> indicatif::ProgressBar {
    if len < 400 || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("Importing {bar:40} {percent}% ({eta} left)")
    {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural("private post", 2), "private posts");
        assert_eq!(plural("menu item", 3), "menu items");
        assert_eq!(
            plural("attachment (used for images)", 2),
            "attachments (used for images)"
        );
        assert_eq!(
            plural("item of post type `product`", 2),
            "items of post type `product`"
        );
        assert_eq!(plural("trashed post", 1), "trashed post");
    }
}
