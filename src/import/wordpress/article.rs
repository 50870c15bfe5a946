//! One imported post or page as a Markdown file: Gazette front matter, the
//! converted body, its links to the old site rewritten, and the uploads it
//! uses (which make it a bundle folder).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use htmd::HtmlToMarkdown;
use serde::Serialize;

use super::layout::{Kind, Placed, is_default_category};
use super::links::{SiteUrls, Target};
use super::shortcodes::{self, Attachment};
use super::uploads::Bundle;
use super::wxr::Item;
use super::{html, markdown};

/// What the articles share: the export's lookups and the options.
pub struct Context<'a> {
    pub converter: &'a HtmlToMarkdown,
    pub site: &'a SiteUrls,
    pub authors: &'a HashMap<String, String>,
    pub attachments: &'a HashMap<u64, Attachment>,
    /// Old path (`/2020/01/x/`) -> new path.
    pub by_old_path: &'a HashMap<String, String>,
    /// WordPress id -> new path.
    pub by_id: &'a HashMap<u64, String>,
    pub uploads: Option<&'a Path>,
}

/// A converted item, ready to write.
pub struct Rendered {
    /// The Markdown file, relative to `content/`.
    pub file: PathBuf,
    pub text: String,
    /// Uploads to copy beside it: (source, name).
    pub files: Vec<(PathBuf, String)>,
    pub unknown_shortcodes: BTreeMap<String, usize>,
    /// Uploads referred to that `--uploads` does not have.
    pub missing_uploads: Vec<String>,
}

/// Gazette's front matter, in the order a person reads it.
#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    categories: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_alt: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<&'a str>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    extra: Extra<'a>,
}

/// Kept for traceability: where the article came from.
#[derive(Serialize)]
struct Extra<'a> {
    wordpress_id: u64,
    #[serde(skip_serializing_if = "str::is_empty")]
    wordpress_url: &'a str,
}

/// The `#fragment` of a local URL, unless it names WordPress's comment
/// section (`#comments`, `#respond`, `#comment-12`), which the new page
/// may not have (the comment thread is the theme's and the site's choice).
fn kept_fragment(local: &str) -> &str {
    let Some(i) = local.find('#') else {
        return "";
    };
    let id = &local[i + 1..];
    let comment_anchor = id == "comments"
        || id == "respond"
        || id
            .strip_prefix("comment-")
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
    if comment_anchor { "" } else { &local[i..] }
}

/// Converts `item`, placed at `placed`.
pub fn render(item: &Item, placed: &Placed, cx: &Context) -> Rendered {
    let mut bundle = Bundle::default();

    // Body: the editor's conventions, shortcodes, then Markdown.
    let body = html::strip_block_comments(&item.content);
    let expanded = shortcodes::expand(&body, item.id, cx.attachments);
    let body = if html::has_blocks(&item.content) {
        expanded.html
    } else {
        html::autop(&expanded.html)
    };
    let md = markdown::convert(cx.converter, &body);
    let md = super::links::rewrite(&md, cx.site, |local| {
        let fragment = kept_fragment(local);
        match cx.site.target(local)? {
            Target::Upload(rel) => bundle.local(cx.uploads?, &rel),
            Target::Id(id) => cx.by_id.get(&id).map(|p| format!("{p}{fragment}")),
            Target::Path(p) => cx.by_old_path.get(&p).map(|n| format!("{n}{fragment}")),
        }
    });

    // Featured image: the attachment's file beside the article, or its URL.
    let thumbnail = item
        .meta("_thumbnail_id")
        .and_then(|id| id.trim().parse::<u64>().ok())
        .and_then(|id| cx.attachments.get(&id))
        .filter(|a| !a.url.is_empty());
    let image = thumbnail.map(|a| {
        let local = cx
            .site
            .local_part(&a.url)
            .and_then(|l| cx.site.target(l))
            .and_then(|t| match t {
                Target::Upload(rel) => bundle.local(cx.uploads?, &rel),
                _ => None,
            });
        local.unwrap_or_else(|| a.url.clone())
    });

    let terms = |domain: &str| -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for t in item.terms.iter().filter(|t| t.domain == domain) {
            let name = t.name.trim();
            let uncategorized = domain == "category" && is_default_category(&t.nicename);
            if !name.is_empty() && !uncategorized && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    };
    let author = cx
        .authors
        .get(&item.creator)
        .map(String::as_str)
        .filter(|n| !n.trim().is_empty())
        .or(Some(item.creator.as_str()).filter(|c| !c.trim().is_empty()));
    let summary = Some(html::plain_text(&item.excerpt)).filter(|s| !s.is_empty());
    let title = if item.title.trim().is_empty() {
        "Untitled"
    } else {
        item.title.trim()
    };
    let fm = FrontMatter {
        title,
        date: placed.date.as_deref(),
        updated: placed.updated.as_deref(),
        author,
        categories: terms("category"),
        tags: terms("post_tag"),
        summary,
        image,
        image_alt: thumbnail.map(|a| a.alt.as_str()).filter(|a| !a.is_empty()),
        draft: placed.draft,
        aliases: placed.alias.as_deref().into_iter().collect(),
        kind: (placed.kind == Kind::Page && !placed.section_intro).then_some("page"),
        extra: Extra {
            wordpress_id: item.id,
            wordpress_url: item.link.trim(),
        },
    };
    let yaml = serde_yaml::to_string(&fm).unwrap_or_default();
    let text = format!("---\n{yaml}---\n\n{md}");

    let mut file: PathBuf = placed.folders.iter().collect();
    if bundle.files.is_empty() || placed.section_intro {
        // A section's `_index.md` keeps its images beside it in the folder.
        file.push(format!("{}.md", placed.stem));
    } else {
        file.push(&placed.stem);
        file.push("index.md");
    }
    Rendered {
        file,
        text,
        files: bundle.files,
        unknown_shortcodes: expanded.unknown,
        missing_uploads: bundle.missing,
    }
}
