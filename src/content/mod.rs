//! LOAD: walk `content/`, parse each Markdown file into an [`Article`] (or a
//! standalone page, or a section's `_index.md`), and list the other files to
//! copy. Nothing here knows about other articles: each file is parsed on its
//! own ([`parse_file`]), so `serve` can re-parse just the file that changed.

pub mod autolink;
pub mod body;
pub mod dates;
pub mod frontmatter;
pub mod highlight;
pub mod markdown;
pub mod notices;
pub mod permalink;
pub mod shortcodes;
pub mod slug;
pub mod statics;
pub mod template_code;
pub mod terms;
pub mod yaml;
// newsroom (issue 26)
pub mod authors;
pub mod newsroom;
// live coverage and scheduled publishing (issue 27)
pub mod live;
pub mod schedule;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::{Timestamp, Zoned};
use rayon::prelude::*;

use crate::base::{plural, suggest};
use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics};
use frontmatter::{FrontMatter, Parsed};
use slug::{slug_or_fallback, slugify, tidy_name};

/// What a Markdown file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A dated news article: in lists, feeds, taxonomies, related.
    Article,
    /// A standalone page (`type: page`): none of the above.
    Page,
}

/// One article or page, parsed and rendered to HTML, ready for the site model.
#[derive(Debug, Clone)]
pub struct Article {
    /// Source file, relative to the site root (`content/world/kz.md`).
    pub source: PathBuf,
    pub kind: Kind,
    pub title: String,
    pub date: Option<Zoned>,
    pub updated: Option<Zoned>,
    /// `date` and `updated` written as a day without a time (`2024-05-01`).
    pub day_only: DayOnly,
    pub expires: Option<Zoned>,
    pub draft: bool,
    /// Taxonomy name -> term names as written (`tags` -> ["Russia", "CSTO"]).
    pub terms: BTreeMap<String, Vec<String>>,
    /// Top-level section slug (`world`), none for files at the content root.
    pub section: Option<String>,
    pub slug: String,
    /// Site path of the page, with leading and trailing slash (`/world/kz/`).
    pub path: String,
    pub aliases: Vec<String>,
    /// Lead image URL (site path or absolute URL).
    pub image: Option<String>,
    /// Line of the lead image's key in the source file, for warnings.
    pub image_line: Option<usize>,
    pub summary_html: String,
    /// The body as HTML: in memory, or spilled to a file by `build`.
    pub body: body::Body,
    /// Title, summary and body text, tokenised once for the related stage
    /// (the text itself is not kept: nothing else needs it).
    pub text_terms: terms::TermCounts,
    pub word_count: usize,
    pub reading_time: usize,
    pub comments: bool,
    pub extra: serde_json::Value,
    pub headings: Vec<markdown::Heading>,
    pub links: Vec<markdown::Link>,
    /// Line of the body's first line in the source file (for link reports).
    pub body_line: usize,
    /// Kind, dateline, paywall, corrections (issue 26).
    pub newsroom: newsroom::Newsroom,
    /// Live coverage (`live: true`): its updates and end (issue 27).
    pub live: Option<live::Live>,
    /// Hash of the source path and text: everything parsed from the file
    /// (given the config) changes with it. `serve` uses it to see what changed.
    pub source_hash: u64,
    /// The edition the file is in: none for the default language's, the
    /// code of another (`kk` for `fuel.kk.md`).
    pub lang: Option<String>,
    /// What links this article to its translations: `translation_key`
    /// from the front matter, else the source path without the language
    /// (`content/world/fuel.md` for `fuel.kk.md`).
    pub translation_key: String,
}

/// Which of an article's dates were written as a day without a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayOnly {
    pub date: bool,
    pub updated: bool,
}

impl Article {
    /// `date` in machine-readable form: the day alone when no time was written.
    pub fn date_iso(&self) -> Option<String> {
        self.date
            .as_ref()
            .map(|z| dates::iso(z, self.day_only.date))
    }

    /// `updated` in machine-readable form: the day alone when no time was written.
    pub fn updated_iso(&self) -> Option<String> {
        self.updated
            .as_ref()
            .map(|z| dates::iso(z, self.day_only.updated))
    }

    /// The date that orders lists (`date`, else the epoch for undated pages).
    pub fn timestamp(&self) -> Timestamp {
        self.date
            .as_ref()
            .map_or(Timestamp::UNIX_EPOCH, Zoned::timestamp)
    }

    pub fn terms_of(&self, taxonomy: &str) -> &[String] {
        self.terms.get(taxonomy).map_or(&[], Vec::as_slice)
    }

    /// The URL folder the article's relative links resolve against, as
    /// the loader resolved them: the page itself for a bundle (`index.md`,
    /// `index.kk.md`), else the article's folder under `content/`, as
    /// written.
    pub fn asset_base(&self) -> String {
        if is_bundle_index(&self.source) {
            return self.site_path();
        }
        let under = self.source.strip_prefix("content").unwrap_or(&self.source);
        let folders: Vec<String> = under
            .parent()
            .map(|p| p.iter().map(|c| c.to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        folder_url(&folders)
    }

    /// The page's path from the site root: [`Article::path`] under its
    /// edition's folder (`/kk/world/fuel/`).
    pub fn site_path(&self) -> String {
        match &self.lang {
            Some(code) => format!("/{code}{}", self.path),
            None => self.path.clone(),
        }
    }
}

/// `index.md`, or a translation of it (`index.kk.md`): the file that makes
/// its folder a bundle.
pub fn is_bundle_index(path: &Path) -> bool {
    // Nearly no file is one, and `file_name` parses the path's components
    // (5% of a `serve` rebuild's work at 10,000 articles): a bundle index's
    // name, `index.md` to `index.xxx.md`, ends within the last 12 bytes.
    let bytes = path.as_os_str().as_encoded_bytes();
    let tail = &bytes[bytes.len().saturating_sub(12)..];
    if !tail.windows(6).any(|w| w == b"index.") {
        return false;
    }
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name == "index.md"
        || name
            .strip_prefix("index.")
            .and_then(|n| n.strip_suffix(".md"))
            .is_some_and(|code| {
                (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
            })
}

/// A file name without the language code of a further edition:
/// (`fuel.md`, Some(`kk`)) for `fuel.kk.md` when the site has a `kk`
/// edition; the default language's code is dropped too (`fuel.en.md` is
/// `fuel.md`), and any other name is left as it is.
pub fn split_language(file_name: &str, config: &Config) -> (String, Option<String>) {
    if config.languages.is_empty() {
        return (file_name.to_string(), None);
    }
    let split = file_name
        .strip_suffix(".md")
        .and_then(|stem| stem.rsplit_once('.'))
        .filter(|(_, code)| config.edition_codes().contains(code));
    match split {
        Some((base, code)) => {
            let lang = (code != config.language).then(|| code.to_string());
            (format!("{base}.md"), lang)
        }
        None => (file_name.to_string(), None),
    }
}

/// The language code a file name seems to carry but the site has no
/// edition of (`fuel.de.md` on a site with `languages: {kk: ...}`): the
/// file is then an article of the default edition named `fuel.de`, which
/// is rarely what was meant.
fn unlisted_language(file_name: &str, config: &Config) -> Option<String> {
    if config.languages.is_empty() {
        return None;
    }
    let (_, code) = file_name.strip_suffix(".md")?.rsplit_once('.')?;
    let looks_like_code =
        (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    (looks_like_code && !config.edition_codes().contains(&code)).then(|| code.to_string())
}

/// `_index.md` of a folder: the section's (or, at the root, the front page's) own text.
#[derive(Debug, Clone)]
pub struct SectionIndex {
    /// Section slug, or none for `content/_index.md`.
    pub section: Option<String>,
    pub source: PathBuf,
    pub title: Option<String>,
    pub description: Option<String>,
    pub content_html: String,
    pub extra: serde_json::Value,
    /// The edition it belongs to (`_index.kk.md`), none for the default.
    pub lang: Option<String>,
}

/// A file copied as is into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path relative to the output root, with `/` separators.
    pub output: String,
}

/// Everything loaded from `content/`.
#[derive(Debug, Default, Clone)]
pub struct Content {
    /// Published articles (after draft/future/expired filtering).
    pub articles: Vec<Arc<Article>>,
    pub pages: Vec<Arc<Article>>,
    pub indexes: Vec<SectionIndex>,
    pub assets: Vec<Asset>,
    /// Articles and pages the publication rules kept out, in source order.
    pub left_out: Vec<LeftOut>,
    /// The "now" the publication rules were applied as of, which also says
    /// whether live coverage is open.
    pub now: Timestamp,
}

/// Why an article is not published, as of the build's "now".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    /// `draft: true`, without `--drafts`.
    Draft,
    /// Dated after "now" (this date), without `--future`: an embargo.
    Scheduled(Timestamp),
    /// Its `expires` (this time) has passed.
    Expired(Timestamp),
}

/// An article or page the build left out, with the files that stay out with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The Markdown file (`content/world/x.md`).
    pub source: PathBuf,
    pub why: Withheld,
    /// Files beside it that would reveal it: its bundle's files, and loose
    /// files only unpublished articles link to.
    pub files: Vec<PathBuf>,
}

/// Which unpublished articles a build includes.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub drafts: bool,
    pub future: bool,
    /// The build's "now", for future and expired articles.
    pub now: Timestamp,
}

/// A parsed Markdown file.
#[derive(Debug, Clone)]
pub enum ParsedFile {
    Article(Arc<Article>),
    Index(SectionIndex),
}

/// The outcome of parsing one Markdown file: the file and its warnings, or its errors.
pub type ParseResult = Result<(ParsedFile, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Walks `root/content` and parses every file, collecting all problems.
/// With a `spill`, articles' bodies are written to it as they are parsed
/// (see [`body`]).
pub fn load(
    root: &Path,
    config: &Config,
    options: &LoadOptions,
    spill: Option<&Arc<body::Spill>>,
) -> (Content, Diagnostics) {
    let mut diags = Diagnostics::default();
    let Some(files) = discover(root, &mut diags) else {
        return (Content::default(), diags);
    };
    let shortcodes = match shortcodes::Shortcodes::load(root, config) {
        Ok(s) => s,
        Err(errors) => {
            diags.extend(errors);
            return (Content::default(), diags);
        }
    };
    let parsed: Vec<(PathBuf, ParseResult)> = files
        .par_iter()
        .filter(|f| is_markdown(f))
        .map(|rel| {
            let mut result = read_and_parse(root, rel, config, &shortcodes);
            if let (Some(spill), Ok((ParsedFile::Article(article), _))) = (spill, &mut result)
                && let Some(article) = Arc::get_mut(article)
            {
                article.body = spill.keep(std::mem::take(&mut article.body));
            }
            (rel.clone(), result)
        })
        .collect();
    let content = assemble(
        files.iter().map(PathBuf::as_path),
        parsed.iter().map(|(p, r)| (p, r)),
        options,
        &mut diags,
    );
    (content, diags)
}

/// Every file under `content/` (relative to the root), or none if there is no content/.
pub fn discover(root: &Path, diags: &mut Diagnostics) -> Option<Vec<PathBuf>> {
    walk(root, &root.join("content"), diags)
}

pub fn is_markdown(rel: &Path) -> bool {
    // As bytes: `extension` parses the path's components, and `serve`
    // asks for every file at each rebuild. A name of `.md` alone has no
    // extension.
    let bytes = rel.as_os_str().as_encoded_bytes();
    bytes.len() > 3
        && bytes.ends_with(b".md")
        && !std::path::is_separator(char::from(bytes[bytes.len() - 4]))
}

/// Reads one Markdown file (refusing non-UTF-8) and parses it.
pub fn read_and_parse(
    root: &Path,
    rel: &Path,
    config: &Config,
    shortcodes: &shortcodes::Shortcodes,
) -> ParseResult {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| {
        vec![Diagnostic::error(
            rel,
            format!("cannot read file: {e}"),
            "check that the file exists and is readable",
        )]
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        vec![Diagnostic::error(
            rel,
            format!(
                "the file is not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "save the file as UTF-8 in your editor",
        )]
    })?;
    if text.chars().any(is_forbidden_control) {
        // XML 1.0 (feeds, sitemaps) cannot carry these at all, and they
        // are never intended in an article: replace them and say where.
        let line = text[..text.find(is_forbidden_control).unwrap_or(0)]
            .matches('\n')
            .count()
            + 1;
        let cleaned: String = text
            .chars()
            .map(|c| {
                if is_forbidden_control(c) {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect();
        let warning = Diagnostic::warning(
            rel,
            "control characters (such as NUL) replaced with \u{FFFD}",
            "remove them from the file; they usually come from pasting",
        )
        .at_line(Some(line));
        return parse_file(rel, &cleaned, config, shortcodes).map(|(file, mut warnings)| {
            warnings.push(warning);
            (file, warnings)
        });
    }
    parse_file(rel, &text, config, shortcodes)
}

/// Control characters other than tab and line breaks.
fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Puts parsed files together: publication rules, warnings and errors, and
/// the files to copy. `files` is every file found; `parsed` the Markdown ones.
///
/// A file beside an unpublished article would give it away (an embargoed
/// story's photo, found by its URL, or uploaded by deploy), so it stays out
/// with the article: every file of its bundle (the folder of its `index.md`,
/// up to a nested bundle), and a loose file that unpublished articles link
/// to and no published one does. Other loose files are copied: a theme or
/// a section's text may use them.
pub fn assemble<'a>(
    files: impl Iterator<Item = &'a Path> + Clone,
    parsed: impl Iterator<Item = (&'a PathBuf, &'a ParseResult)>,
    options: &LoadOptions,
    diags: &mut Diagnostics,
) -> Content {
    let mut content = Content {
        now: options.now,
        ..Content::default()
    };
    // Output path of a loose file -> the first unpublished article linking to it.
    let mut linked_by_unpublished: BTreeMap<String, usize> = BTreeMap::new();
    let mut unknown_languages = Vec::new();
    let mut grouped = Vec::new();
    for (_, result) in parsed {
        match result {
            Ok((file, warnings)) => {
                for w in warnings {
                    if w.message.starts_with(UNKNOWN_LANGUAGE) {
                        unknown_languages.push(w.clone());
                    } else if notices::is_grouped(w) {
                        grouped.push(w.clone());
                    } else {
                        diags.push(w.clone());
                    }
                }
                match file {
                    ParsedFile::Index(index) => content.indexes.push(index.clone()),
                    ParsedFile::Article(a) => match withheld(a, options) {
                        None => {
                            if a.kind == Kind::Page {
                                content.pages.push(Arc::clone(a));
                            } else {
                                content.articles.push(Arc::clone(a));
                            }
                        }
                        Some(why) => {
                            for out in linked_files(a) {
                                linked_by_unpublished
                                    .entry(out)
                                    .or_insert(content.left_out.len());
                            }
                            content.left_out.push(LeftOut {
                                source: a.source.clone(),
                                why,
                                files: Vec::new(),
                            });
                        }
                    },
                }
            }
            Err(errors) => diags.extend(errors.iter().cloned()),
        }
    }
    // Which files published articles link: needed only for a file an
    // unpublished one links too (most sites have none, and computing it
    // was a tenth of a `serve` rebuild).
    let linked_by_published: HashSet<String> = if linked_by_unpublished.is_empty() {
        HashSet::new()
    } else {
        content
            .articles
            .iter()
            .chain(&content.pages)
            .flat_map(|a| linked_files(a))
            .collect()
    };
    merge_unknown_languages(diags, unknown_languages);
    diags.extend(notices::merge(grouped));
    let bundles: HashSet<PathBuf> = files
        .clone()
        .filter(|f| is_bundle_index(f))
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    // A bundle's published pages (a translated bundle has several), by folder.
    let mut bundle_paths: BTreeMap<&Path, Vec<String>> = BTreeMap::new();
    for a in content.articles.iter().chain(&content.pages) {
        if is_bundle_index(&a.source)
            && let Some(dir) = a.source.parent()
        {
            bundle_paths.entry(dir).or_default().push(a.site_path());
        }
    }
    let withheld_bundles: BTreeMap<&Path, usize> = content
        .left_out
        .iter()
        .enumerate()
        .filter(|(_, l)| is_bundle_index(&l.source))
        .filter_map(|(i, l)| Some((l.source.parent()?, i)))
        .collect();
    let mut assets = Vec::new();
    let mut kept_out: Vec<(usize, PathBuf)> = Vec::new();
    for rel in files.filter(|f| !is_markdown(f)) {
        let owner = rel.ancestors().skip(1).find(|dir| bundles.contains(*dir));
        let output = match owner {
            Some(dir) => match bundle_paths.get(dir) {
                Some(page_paths) => {
                    let inner = path_to_url(rel.strip_prefix(dir).unwrap_or(rel));
                    let (first, others) = page_paths.split_first().expect("listed with a page");
                    for other in others {
                        assets.push(Asset {
                            output: format!("{}{inner}", &other[1..]),
                            source: rel.to_path_buf(),
                        });
                    }
                    format!("{}{inner}", &first[1..])
                }
                None => {
                    // Unpublished, or broken (then the build stops anyway).
                    if let Some(&i) = withheld_bundles.get(dir) {
                        kept_out.push((i, rel.to_path_buf()));
                    }
                    continue;
                }
            },
            None => {
                let output = path_to_url(rel.strip_prefix("content").unwrap_or(rel));
                if !linked_by_published.contains(&output)
                    && let Some(&i) = linked_by_unpublished.get(&output)
                {
                    kept_out.push((i, rel.to_path_buf()));
                    continue;
                }
                output
            }
        };
        assets.push(Asset {
            output,
            source: rel.to_path_buf(),
        });
    }
    for (i, rel) in kept_out {
        content.left_out[i].files.push(rel);
    }
    content.assets = assets;
    content
}

/// Draft, future and expired rules. Pages follow the draft rule only.
pub fn is_published(a: &Article, options: &LoadOptions) -> bool {
    withheld(a, options).is_none()
}

/// Why the publication rules keep `a` out, if they do (the first rule that
/// does: a future draft is a draft).
pub fn withheld(a: &Article, options: &LoadOptions) -> Option<Withheld> {
    if a.draft && !options.drafts {
        return Some(Withheld::Draft);
    }
    if a.kind == Kind::Page {
        return None;
    }
    if !options.future && a.timestamp() > options.now {
        return Some(Withheld::Scheduled(a.timestamp()));
    }
    if let Some(expires) = &a.expires
        && expires.timestamp() <= options.now
    {
        return Some(Withheld::Expired(expires.timestamp()));
    }
    None
}

/// What the publication rules left out, in words, with the option that
/// brings each kind in: `1 draft (--drafts), 2 scheduled articles (--future;
/// the first due 2030-05-01 10:00 UTC) and 1 expired article`. None when
/// nothing was left out.
pub fn left_out_summary(left_out: &[LeftOut]) -> Option<String> {
    let drafts = left_out.iter().filter(|l| l.why == Withheld::Draft).count();
    let scheduled: Vec<Timestamp> = left_out
        .iter()
        .filter_map(|l| match l.why {
            Withheld::Scheduled(t) => Some(t),
            _ => None,
        })
        .collect();
    let expired = left_out
        .iter()
        .filter(|l| matches!(l.why, Withheld::Expired(_)))
        .count();
    let mut parts = Vec::new();
    if drafts > 0 {
        parts.push(format!("{} (--drafts)", plural(drafts, "draft")));
    }
    if let Some(first) = scheduled.iter().min() {
        parts.push(format!(
            "{} (--future; the first due {})",
            plural(scheduled.len(), "scheduled article"),
            utc_minute(*first)
        ));
    }
    if expired > 0 {
        parts.push(plural(expired, "expired article"));
    }
    let last = parts.pop()?;
    Some(if parts.is_empty() {
        last
    } else {
        format!("{} and {last}", parts.join(", "))
    })
}

impl Withheld {
    /// Why, for a line about one file: `scheduled for 2030-05-01 10:00 UTC
    /// (--future includes it)`.
    pub fn describe(&self) -> String {
        match self {
            Withheld::Draft => "a draft (--drafts includes it)".into(),
            Withheld::Scheduled(t) => {
                format!("scheduled for {} (--future includes it)", utc_minute(*t))
            }
            Withheld::Expired(t) => format!("expired at {}", utc_minute(*t)),
        }
    }
}

/// `2030-05-01 10:00 UTC`: a publication time as people read it, in the
/// one zone that means the same to every reader of a build log.
fn utc_minute(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// The files under `content/` that `a` links to (Markdown links and
/// images, the front matter's `image:`), as output paths of loose files
/// (`world/x-photo.jpg`), resolved as the renderer resolves them.
fn linked_files(a: &Article) -> Vec<String> {
    let base = a.asset_base();
    a.links
        .iter()
        .map(|l| l.dest.as_str())
        .chain(a.image.as_deref())
        .filter_map(|dest| linked_output(dest, &base))
        .collect()
}

/// `dest` as an output path, for a relative path (against `base`) or a
/// site path; none for other sites, anchors and schemes like `mailto:`.
fn linked_output(dest: &str, base: &str) -> Option<String> {
    let path = dest.trim().split(['#', '?']).next().unwrap_or("");
    let site_path = if path.starts_with('/') && !path.starts_with("//") {
        path.to_string()
    } else if markdown::is_relative_path(path) {
        format!("{base}{path}")
    } else {
        return None;
    };
    let decoded = percent_encoding::percent_decode_str(&site_path).decode_utf8_lossy();
    let mut parts: Vec<&str> = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Files under `content/`, relative to the site root, sorted. Hidden files,
/// editor droppings and symlinks are skipped (symlinks with a warning: they
/// could point outside the site).
fn walk(root: &Path, content_dir: &Path, diags: &mut Diagnostics) -> Option<Vec<PathBuf>> {
    if !content_dir.is_dir() {
        diags.push(Diagnostic::error(
            content_dir.strip_prefix(root).unwrap_or(content_dir),
            "there is no content/ folder",
            "create content/ and put articles (*.md) in it",
        ));
        return None;
    }
    let mut files = Vec::new();
    let mut walker = walkdir::WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(content_dir);
                diags.push(Diagnostic::error(
                    path.strip_prefix(root).unwrap_or(path),
                    format!("cannot read: {e}"),
                    "check permissions, or remove the file",
                ));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if let Some(problem) = statics::bad_name(entry.file_name(), &rel) {
            diags.push(problem);
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
        } else if entry.path_is_symlink() {
            diags.push(Diagnostic::warning(
                rel,
                "symbolic link skipped",
                "Gazette does not follow links in content/ (they could point outside the site); \
                 copy the file in instead",
            ));
        } else if entry.file_type().is_file() {
            files.push(rel);
        }
    }
    Some(files)
}

/// Names never treated as content: hidden files and editors' temporary files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

fn path_to_url(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Parses one Markdown file (`rel` is relative to the site root) into an
/// article, a page or a section index; returns warnings beside it.
/// `shortcodes` are the ones its body may call.
pub fn parse_file(
    rel: &Path,
    text: &str,
    config: &Config,
    shortcodes: &shortcodes::Shortcodes,
) -> Result<(ParsedFile, Vec<Diagnostic>), Vec<Diagnostic>> {
    let fm_error = |e: frontmatter::FrontMatterError| {
        vec![Diagnostic::error(rel, e.message, e.help).at_line(e.line)]
    };
    let split = frontmatter::split(text).map_err(fm_error)?;
    let parsed = frontmatter::parse(&split).map_err(fm_error)?;
    let under_content = rel.strip_prefix("content").unwrap_or(rel);
    let folders: Vec<String> = under_content
        .parent()
        .map(|p| p.iter().map(|c| c.to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    // Jekyll's `_posts` and `_drafts` folders hold a folder's articles:
    // they take no part in URLs or sections.
    let site_folders: Vec<String> = folders
        .iter()
        .filter(|f| !is_jekyll_folder(f))
        .cloned()
        .collect();
    let jekyll = site_folders.len() < folders.len();
    let in_drafts = folders.iter().any(|f| f == "_drafts");
    let section = site_folders.first().map(|f| slug_or_fallback(f, "section"));
    let (file_name, lang) = split_language(
        &rel.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        config,
    );
    let file = SourceFile {
        rel,
        text,
        split,
        folders,
        site_folders,
        jekyll,
        in_drafts,
        section,
        file_name,
        lang,
    };

    if file.file_name == "_index.md" {
        let (rendered, warnings) = render_body(
            rel,
            &file.split,
            &folder_url(&file.folders),
            config,
            shortcodes,
        )?;
        let front = parsed.front;
        return Ok((
            ParsedFile::Index(SectionIndex {
                section: if file.site_folders.len() == 1 {
                    file.section
                } else {
                    None
                },
                source: rel.to_path_buf(),
                title: front.title,
                description: front.description.or(front.summary),
                content_html: rendered.html,
                extra: front.extra.unwrap_or_else(empty_map),
                lang: file.lang,
            }),
            warnings,
        ));
    }
    build_article(file, parsed, config, shortcodes)
        .map(|(a, w)| (ParsedFile::Article(Arc::new(a)), w))
}

fn empty_map() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

/// `/world/` for `content/world/x.md`, `/` at the root.
fn folder_url(folders: &[String]) -> String {
    let mut url = String::from("/");
    for f in folders {
        url.push_str(f);
        url.push('/');
    }
    url
}

/// The body of `rel` rendered within the site's Markdown memory limit,
/// its shortcodes expanded first, with its warnings (code in unknown
/// languages, merged into one by [`assemble`]); a formula that does not
/// parse, or a shortcode call that cannot be rendered, is an error.
fn render_body(
    rel: &Path,
    split: &frontmatter::Split<'_>,
    asset_base: &str,
    config: &Config,
    shortcodes: &shortcodes::Shortcodes,
) -> Result<(markdown::Rendered, Vec<Diagnostic>), Vec<Diagnostic>> {
    let limit = config.limits.markdown_memory_bytes();
    let expansion = shortcodes.expand(split.body, asset_base);
    let (shortcode_errors, shortcode_warnings) = expansion.diagnostics(rel, split.body_line);
    if !shortcode_errors.is_empty() {
        return Err(shortcode_errors);
    }
    let mut rendered =
        markdown::render(&expansion.text, asset_base, limit).map_err(|too_large| {
            vec![
            Diagnostic::error(
                rel,
                format!(
                    "this article needs more than {} MiB of memory to render (its body is {} KiB)",
                    too_large.limit >> 20,
                    split.body.len() >> 10
                ),
                "split it into several articles, or raise `limits.markdown_memory_mb` in site.yaml",
            )
            .at_line(Some(split.body_line + expansion.original_line(too_large.line) - 1)),
        ]
        })?;
    expansion.restore_lines(&mut rendered);
    let file_line = |body_line: usize| Some(split.body_line + body_line - 1);
    if !rendered.math_errors.is_empty() {
        return Err(std::mem::take(&mut rendered.math_errors)
            .into_iter()
            .map(|(line, why)| {
                Diagnostic::error(
                    rel,
                    format!("this formula is not valid TeX: {why}"),
                    "fix the formula between the `$` signs; to write a dollar sign, escape it as `\\$`",
                )
                .at_line(file_line(line))
            })
            .collect());
    }
    let mut warnings: Vec<Diagnostic> = shortcode_warnings;
    warnings.extend(
        std::mem::take(&mut rendered.unknown_languages)
            .into_iter()
            .map(|(lang, line)| {
                Diagnostic::warning(rel, format!("{UNKNOWN_LANGUAGE}`{lang}`"), "")
                    .at_line(file_line(line))
            }),
    );
    for line in std::mem::take(&mut rendered.images_without_alt) {
        warnings.push(
            Diagnostic::warning(
                rel,
                "this image has no alt text",
                "say what the picture shows for readers who cannot see it, between the \
                 brackets: `![Dockers unload a freighter](harbour.jpg)`",
            )
            .at_line(file_line(line)),
        );
    }
    if let Some((places, line)) = rendered.template_code {
        warnings.push(
            Diagnostic::warning(
                rel,
                format!(
                    "{}{} (Liquid, Nunjucks or WordPress shortcodes), which Gazette does not run",
                    notices::TEMPLATE_CODE,
                    crate::base::plural(places, "place")
                ),
                "replace it with Markdown: an image `![alt](photo.jpg)` for a figure or a \
                 caption, a link for an embed, the value itself for a variable; to show \
                 template code as an example, put it in backticks or a code block",
            )
            .at_line(file_line(line)),
        );
    }
    Ok((rendered, warnings))
}

/// How a per-file warning about a code block's language starts; [`assemble`]
/// merges all of them into one, since a site that uses a language once
/// tends to use it often.
const UNKNOWN_LANGUAGE: &str = "code block in a language with no highlighting: ";

/// One warning for all the code blocks in unknown languages, naming the
/// languages and the files (with the first line of each).
fn merge_unknown_languages(diags: &mut Diagnostics, found: Vec<Diagnostic>) {
    let Some(first) = found.first() else {
        return;
    };
    let mut langs: Vec<&str> = found
        .iter()
        .filter_map(|d| d.message.strip_prefix(UNKNOWN_LANGUAGE))
        .collect();
    langs.sort_unstable();
    langs.dedup();
    let mut places: Vec<String> = Vec::new();
    for d in &found {
        let place = match d.line {
            Some(l) => format!("{}:{l}", d.file.display()),
            None => d.file.display().to_string(),
        };
        if !places
            .iter()
            .any(|p| p.split(':').next() == place.split(':').next())
        {
            places.push(place);
        }
    }
    let shown = places.len().min(10);
    let more = if places.len() > shown {
        format!(" and {} more", places.len() - shown)
    } else {
        String::new()
    };
    diags.push(
        Diagnostic::warning(
            &first.file,
            format!(
                "{} code block(s) shown without highlighting: unknown language {} in {}{more}",
                found.len(),
                langs.join(", "),
                places[..shown].join(", "),
            ),
            "write a language highlighting knows (docs/highlighting.md lists them, e.g. `rust`, `python`, `sh`), or `text` for none",
        )
        .at_line(first.line),
    );
}

/// A Markdown file and where it sits, as [`parse_file`] found it.
struct SourceFile<'a> {
    /// Relative to the site root (`content/world/x.md`).
    rel: &'a Path,
    text: &'a str,
    split: frontmatter::Split<'a>,
    /// Folders between `content/` and the file.
    folders: Vec<String>,
    /// The same without Jekyll's `_posts` and `_drafts`: the folders that
    /// make the article's section and a page's path.
    site_folders: Vec<String>,
    /// Under a `_posts` or `_drafts` folder: front matter written for Jekyll.
    jekyll: bool,
    /// Under a `_drafts` folder: a draft, as Jekyll has it.
    in_drafts: bool,
    /// Slug of the first folder: the section.
    section: Option<String>,
    /// The file's name without its language code (`fuel.md` for `fuel.kk.md`).
    file_name: String,
    /// The edition it is in: none for the default language.
    lang: Option<String>,
}

fn build_article(
    file: SourceFile<'_>,
    parsed: Parsed,
    config: &Config,
    shortcodes: &shortcodes::Shortcodes,
) -> Result<(Article, Vec<Diagnostic>), Vec<Diagnostic>> {
    let SourceFile {
        rel,
        text,
        ref split,
        ref folders,
        ref site_folders,
        jekyll,
        in_drafts,
        section,
        ref file_name,
        lang,
    } = file;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    if let Some(code) = unlisted_language(file_name, config) {
        warnings.push(Diagnostic::warning(
            rel,
            format!(
                "the file name ends in `.{code}.md`, but site.yaml lists no `{code}` edition: \
                 it is an article of the default edition"
            ),
            format!(
                "add `{code}` to `languages:` in site.yaml for a {code} edition, or rename the file"
            ),
        ));
    }
    let fm: &FrontMatter = &parsed.front;
    let err = |key: &str, msg: String, help: &str| {
        Diagnostic::error(rel, msg, help).at_line(parsed.line_of(key).or(Some(1)))
    };

    // Other tools give `type` other meanings (Hugo: the layout folder);
    // any value but `page` is an article, and the value stays in `extra`.
    // Jekyll's pages (about, contact) say `layout: page` and have no date.
    let layout_page =
        fm.kind.is_none() && parsed.mapping.get("layout").and_then(|l| l.as_str()) == Some("page");
    let kind = match fm.kind.as_deref().map(str::trim) {
        Some("page") => Kind::Page,
        None if layout_page => Kind::Page,
        _ => Kind::Article,
    };

    let is_unknown = |key: &str| {
        !frontmatter::KNOWN_KEYS.contains(&key)
            && !frontmatter::QUIET_KEYS.contains(&key)
            && !frontmatter::SYNONYMS.iter().any(|(s, _)| *s == key)
            && !config.taxonomies.iter().any(|t| t == key)
    };
    let mut title = tidy_name(fm.title.as_deref().unwrap_or(""));
    if title.is_empty() && fm.title.is_none() && jekyll {
        // Jekyll titles a post without one from its file name.
        title = title_from_file_name(file_name, folders);
    }
    if title.is_empty() {
        // A misspelt `title:` is the likeliest reason for a missing title:
        // point at that line rather than at the top of the file.
        let misspelt = parsed.keys.iter().find(|(k, _)| {
            fm.title.is_none() && is_unknown(k) && suggest::closest(k, &["title"]).is_some()
        });
        errors.push(match misspelt {
            Some((key, line)) => Diagnostic::error(
                rel,
                format!("the article has no title: `{key}` looks like a misspelling of `title`"),
                format!("rename `{key}:` to `title:`"),
            )
            .at_line(Some(*line)),
            None => err(
                "title",
                "the article has no title".into(),
                "add `title: \"...\"` to the front matter",
            ),
        });
    }

    let mut date_field = |key: &str, value: &Option<String>| -> Option<Zoned> {
        let v = value.as_deref()?;
        match dates::parse_date_in(v, &config.tz) {
            Ok(z) => Some(z),
            Err(msg) => {
                errors.push(err(key, format!("`{key}`: {msg}"), "fix the date"));
                None
            }
        }
    };
    let date = date_field("date", &fm.date);
    let updated = date_field("updated", &fm.updated);
    let expires = date_field("expires", &fm.expires);
    let live_end = date_field("live_end", &fm.live_end);
    let is_bundle = file_name == "index.md";
    let stem = if is_bundle {
        folders.last().map_or("index", String::as_str)
    } else {
        file_name.trim_end_matches(".md")
    };
    // `2014-09-25-my-post.md` (Jekyll, Zola): the date when the front
    // matter has none; never part of the slug.
    let name_date = dates::date_prefix(stem);
    let date = match (date, &name_date) {
        (None, Some((d, _))) if fm.date.is_none() => d.to_zoned(config.tz.clone()).ok(),
        (date, _) => date,
    };
    let day_only = DayOnly {
        date: fm
            .date
            .as_deref()
            .map_or(name_date.is_some(), dates::is_day),
        updated: fm.updated.as_deref().is_some_and(dates::is_day),
    };
    let stem = name_date.map_or(stem, |(_, rest)| rest);
    // Jekyll's drafts have no date until they are posted.
    if kind == Kind::Article && date.is_none() && fm.date.is_none() && !in_drafts {
        errors.push(err(
            "date",
            "the article has no date".into(),
            "add `date: 2024-05-01`, or start the file name with the date \
             (`2024-05-01-my-article.md`), or write `type: page` for a page without a date",
        ));
    }

    let mut extra = fm.extra.clone().unwrap_or_else(empty_map);
    keep_other_keys(&parsed, &mut extra, &is_unknown);
    if kind == Kind::Article
        && let Some(other) = fm
            .kind
            .as_deref()
            .filter(|t| !matches!(t.trim(), "article" | "post"))
        && let serde_json::Value::Object(map) = &mut extra
    {
        map.entry("type")
            .or_insert_with(|| serde_json::Value::String(other.to_string()));
    }
    warnings.extend(unknown_key_warnings(rel, &parsed, config, &is_unknown));
    for s in &parsed.shadowed {
        warnings.push(
            Diagnostic::warning(
                rel,
                format!(
                    "{}`{}` and `{}`: both given, `{}` is used and `{}` kept under `extra.{}`",
                    notices::SHADOWED,
                    s.key,
                    s.synonym,
                    s.key,
                    s.synonym,
                    s.synonym
                ),
                format!("remove `{}` once its value is in `{}`", s.synonym, s.key),
            )
            .at_line(Some(s.line)),
        );
    }
    // The built-in taxonomy keys are known even when the site does not use
    // that taxonomy; their terms would vanish without a word.
    if kind == Kind::Article {
        for (key, taxonomy) in frontmatter::TAXONOMY_KEYS {
            if parsed.line_of(key).is_none() || config.taxonomies.iter().any(|t| t == taxonomy) {
                continue;
            }
            let near = suggest::did_you_mean(taxonomy, &config.taxonomies);
            warnings.push(
                Diagnostic::warning(
                    rel,
                    format!(
                        "`{key}` is ignored: `{taxonomy}` is not among site.yaml's `taxonomies` ({}){near}",
                        config.taxonomies.join(", ")
                    ),
                    format!(
                        "add `{taxonomy}` to `taxonomies:` in site.yaml, or remove `{key}` from the front matter"
                    ),
                )
                .at_line(parsed.line_of(key)),
            );
        }
    }

    let mut terms: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for taxonomy in &config.taxonomies {
        let names: Vec<String> = match taxonomy.as_str() {
            "tags" => jekyll_list(jekyll, &parsed, "tags", &fm.tags),
            "authors" => [list(&fm.author), list(&fm.authors)].concat(),
            "categories" => [
                list(&fm.category),
                jekyll_list(jekyll, &parsed, "categories", &fm.categories),
            ]
            .concat(),
            other => match parsed.mapping.get(other) {
                Some(v) => match serde_yaml::from_value::<frontmatter::StringList>(v.clone()) {
                    Ok(l) => l.0,
                    Err(e) => {
                        errors.push(err(
                            other,
                            format!("`{other}`: {e}"),
                            "write a list of names or a comma-separated string",
                        ));
                        Vec::new()
                    }
                },
                None => Vec::new(),
            },
        };
        let mut seen = HashSet::new();
        let names: Vec<String> = names
            .into_iter()
            .map(|n| tidy_name(&n))
            .filter(|n| !n.is_empty() && seen.insert(slug::term_key(n)))
            .collect();
        if !names.is_empty() && kind == Kind::Article {
            terms.insert(taxonomy.clone(), names);
        }
    }

    let (newsroom, problems) = newsroom::read(fm, config);
    errors.extend(
        problems
            .into_iter()
            .map(|(key, msg, help)| err(key, msg, &help)),
    );

    let slug = match fm.slug.as_deref() {
        Some(s) => {
            let s2 = slugify(s);
            if s2.is_empty() {
                errors.push(err(
                    "slug",
                    format!("`slug: {s:?}` has no letters or digits"),
                    "use a slug like `my-article`",
                ));
            }
            s2
        }
        None => slug_or_fallback(stem, &title),
    };
    let slug = if slug.is_empty() {
        "untitled".to_string()
    } else {
        slug
    };

    let mut aliases = Vec::new();
    let own_path = match fm.path.as_deref().map(own_path) {
        None => None,
        Some(Ok(Some((path, alias)))) => {
            aliases.extend(alias);
            Some(path)
        }
        Some(Ok(None)) => {
            let key = parsed
                .keys
                .iter()
                .find(|(k, _)| k == "path")
                .map(|(k, l)| (k, *l));
            warnings.push(
                Diagnostic::warning(
                    rel,
                    format!(
                        "{}`permalink`: a pattern or template code in a page's own permalink is \
                         not expanded; the site's `permalink` gives the page its path",
                        notices::PATTERN_PATH
                    ),
                    "write the page's path out (`permalink: /2016/09/my-post/`), or remove it and \
                     list the old address under `aliases` so that it redirects",
                )
                .at_line(key.map(|(_, l)| l)),
            );
            None
        }
        Some(Err(msg)) => {
            errors.push(err(
                "path",
                format!(
                    "the page's own path {:?} {msg}",
                    fm.path.as_deref().unwrap_or("")
                ),
                "write a site path like `/about/` or `/2016/09/my-post.html`",
            ));
            None
        }
    };
    let path = match (own_path, kind) {
        (Some(path), _) => path,
        (None, Kind::Article) => {
            permalink::expand(&config.permalink, section.as_deref(), &slug, date.as_ref())
        }
        (None, Kind::Page) => {
            let parent = if is_bundle {
                &site_folders[..site_folders.len().saturating_sub(1)]
            } else {
                site_folders
            };
            let parents: Vec<String> = parent
                .iter()
                .map(|f| slug_or_fallback(f, "section"))
                .collect();
            format!("{}{slug}/", folder_url(&parents))
        }
    };

    for alias in list(&fm.aliases) {
        match permalink::safe_site_path(&alias) {
            Ok(p) => aliases.push(p),
            Err(msg) => errors.push(err(
                "aliases",
                format!("alias {alias:?} {msg}"),
                "write aliases as site paths like `/old/url/`",
            )),
        }
    }

    if !errors.is_empty() {
        // The warnings often explain the errors (a misspelt key).
        errors.extend(warnings);
        return Err(errors);
    }

    // A bundle's files are copied beside each of its pages, translations
    // included (under their edition's folder).
    let asset_base = if is_bundle {
        match &lang {
            Some(code) => format!("/{code}{path}"),
            None => path.clone(),
        }
    } else {
        folder_url(folders)
    };
    let (mut rendered, body_warnings) = render_body(rel, split, &asset_base, config, shortcodes)?;
    warnings.extend(body_warnings);
    // The language of the article's edition: its dates and stop words.
    let language = lang.as_deref().unwrap_or(&config.language);
    let (live, live_warnings) = read_live(
        rel,
        split,
        &mut rendered,
        date.as_ref(),
        live_end,
        fm.live,
        config,
        language,
        &parsed,
    )?;
    warnings.extend(live_warnings);
    let (updated, day_only) = match live.as_ref().and_then(live::Live::latest) {
        // A live page changes with each update: it is its last change.
        Some(latest) if updated.is_none() => (
            Some(latest.time.clone()),
            DayOnly {
                updated: false,
                ..day_only
            },
        ),
        _ => (updated, day_only),
    };
    let summary_html = match fm.summary.as_deref().or(fm.description.as_deref()) {
        Some(s) => format!("<p>{}</p>", escape_html(&tidy_name(s))),
        None => rendered.summary_html,
    };
    let image = fm
        .image
        .as_deref()
        .map(|img| markdown::resolve_relative(img.into(), &asset_base).into_string());
    let plain_text = format!(
        "{title}\n{}\n{}",
        fm.summary.as_deref().unwrap_or(""),
        rendered.plain_text
    );

    let text_terms = terms::TermCounts::from_text(&title, &plain_text, language);
    // Translations share the path of their source file without the
    // language code, unless the front matter links them by a key.
    let translation_key = match fm.translation_key.as_deref().map(str::trim) {
        Some(key) if !key.is_empty() => format!("key:{key}"),
        _ => rel.with_file_name(file_name).to_string_lossy().into_owned(),
    };
    Ok((
        Article {
            source: rel.to_path_buf(),
            kind,
            title,
            date,
            updated,
            day_only,
            expires,
            draft: fm.draft.unwrap_or(false) || in_drafts,
            terms,
            section,
            slug,
            path,
            aliases,
            image,
            image_line: parsed.line_of_field("image"),
            summary_html,
            body: body::Body::held(rendered.html),
            text_terms,
            word_count: rendered.word_count,
            reading_time: rendered.word_count.div_ceil(WORDS_PER_MINUTE).max(1),
            comments: fm.comments.unwrap_or(true),
            extra,
            headings: rendered.headings,
            links: rendered.links,
            body_line: split.body_line,
            newsroom,
            live,
            // What a shortcode call gives depends on the templates too.
            source_hash: if shortcodes::parse::may_have_shortcode(split.body) {
                source_hash(rel, text) ^ shortcodes.hash()
            } else {
                source_hash(rel, text)
            },
            lang,
            translation_key,
        },
        warnings,
    ))
}

/// Live coverage of a `live: true` article: its updates put newest first
/// in `rendered`, with warnings for doubtful update times; fails when an
/// update has no day, or `live_end` is set on an article that is not live.
#[allow(clippy::too_many_arguments)]
fn read_live(
    rel: &Path,
    split: &frontmatter::Split<'_>,
    rendered: &mut markdown::Rendered,
    date: Option<&Zoned>,
    live_end: Option<Zoned>,
    is_live: Option<bool>,
    config: &Config,
    language: &str,
    parsed: &Parsed,
) -> Result<(Option<live::Live>, Vec<Diagnostic>), Vec<Diagnostic>> {
    if is_live != Some(true) {
        if live_end.is_some() {
            return Err(vec![
                Diagnostic::error(
                    rel,
                    "`live_end` is set, but the article is not live",
                    "add `live: true` for live coverage, or remove `live_end`",
                )
                .at_line(parsed.line_of("live_end")),
            ]);
        }
        return Ok((None, Vec::new()));
    }
    let (coverage, problems) =
        live::arrange(rendered, split.body, date, live_end, &config.tz, language);
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for p in problems {
        let line = p
            .line
            .map(|l| split.body_line + l - 1)
            .or_else(|| parsed.line_of("live"));
        if p.is_error {
            errors.push(Diagnostic::error(rel, p.message, p.help).at_line(line));
        } else {
            warnings.push(Diagnostic::warning(rel, p.message, p.help).at_line(line));
        }
    }
    if errors.is_empty() {
        Ok((Some(coverage), warnings))
    } else {
        Err(errors)
    }
}

/// Hash of a source file's path and text, without copying the text.
fn source_hash(rel: &Path, text: &str) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(rel.as_os_str().as_encoded_bytes());
    h.update(b"\0");
    h.update(text.as_bytes());
    h.digest()
}

/// Reading speed for `reading_time`, a common figure for news prose.
const WORDS_PER_MINUTE: usize = 230;

/// Jekyll's own folders for posts and drafts.
/// The title Jekyll gives a post without one: its file name (or bundle
/// folder's) without the date and the extension, each word capitalised
/// (`2014-09-25-design-studio.md` -> "Design Studio").
fn title_from_file_name(file_name: &str, folders: &[String]) -> String {
    let name = if file_name == "index.md" {
        folders.last().map_or("", String::as_str)
    } else {
        file_name.trim_end_matches(".md")
    };
    let name = dates::date_prefix(name).map_or(name, |(_, rest)| rest);
    name.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_jekyll_folder(name: &str) -> bool {
    name == "_posts" || name == "_drafts"
}

/// A per-page path (`path`, `permalink`, `url`) as a site path, with the
/// alias that keeps an old `.html` address working: `/about.html` makes the
/// page `/about/`, and `/about.html` redirects there. None for a pattern
/// (`/:year/:title/`, `{{ page.fileSlug }}/`), which Gazette does not
/// expand per page.
fn own_path(raw: &str) -> Result<Option<(String, Option<String>)>, String> {
    if raw.contains("{{") || raw.contains("{%") || raw.split('/').any(|p| p.starts_with(':')) {
        return Ok(None);
    }
    let path = permalink::safe_site_path(raw)?;
    if path.ends_with('/') {
        return Ok(Some((path, None)));
    }
    let page = path
        .trim_end_matches(".html")
        .trim_end_matches(".htm")
        .trim_end_matches("/index");
    let page = if page.is_empty() || page == "/" {
        return Err("names the front page".into());
    } else {
        format!("{page}/")
    };
    Ok(Some((page, Some(path))))
}

/// Keys the front matter does not know, kept under `extra` (unless `extra`
/// already has that key) so that templates can use them: nothing is lost.
fn keep_other_keys(
    parsed: &Parsed,
    extra: &mut serde_json::Value,
    is_unknown: &dyn Fn(&str) -> bool,
) {
    let serde_json::Value::Object(map) = extra else {
        return;
    };
    for (key, value) in &parsed.mapping {
        let Some(key) = key.as_str() else { continue };
        let kept = frontmatter::QUIET_KEYS.contains(&key)
            || frontmatter::SYNONYMS.iter().any(|(s, _)| *s == key)
            || is_unknown(key);
        if kept && !map.contains_key(key) {
            let value = serde_json::to_value(value).unwrap_or_else(|_| {
                serde_json::Value::String(serde_yaml::to_string(value).unwrap_or_default())
            });
            map.insert(key.to_string(), value);
        }
    }
}

/// One warning per unknown key (merged across files by [`notices::merge`]),
/// with the closest known key when the name looks misspelt.
fn unknown_key_warnings(
    rel: &Path,
    parsed: &Parsed,
    config: &Config,
    is_unknown: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let known: Vec<&str> = frontmatter::KNOWN_KEYS
        .iter()
        .copied()
        .chain(config.taxonomies.iter().map(String::as_str))
        .collect();
    parsed
        .keys
        .iter()
        .filter(|(key, _)| is_unknown(key))
        .map(|(key, line)| {
            let (near, help) = match suggest::closest(key, &known) {
                Some(near) => (
                    format!(" (did you mean `{near}`?)"),
                    format!("rename it to `{near}` if that is what it is; templates read it as `extra.{key}`"),
                ),
                None => (
                    String::new(),
                    format!(
                        "templates read it as `extra.{key}`; list `{key}` in site.yaml `taxonomies` if it names a taxonomy, \
                         or remove it if nothing uses it"
                    ),
                ),
            };
            Diagnostic::warning(
                rel,
                format!("{}`{key}`: kept under `extra.{key}`{near}", notices::UNKNOWN_KEY),
                help,
            )
            .at_line(Some(*line))
        })
        .collect()
}

/// Terms of `key`, read as Jekyll reads a string under `_posts`: words
/// separated by spaces (`categories: news updates` is two categories).
/// Elsewhere, and for a string with commas, as Gazette reads them.
fn jekyll_list(
    jekyll: bool,
    parsed: &Parsed,
    key: &str,
    value: &Option<frontmatter::StringList>,
) -> Vec<String> {
    match parsed.mapping.get(key) {
        Some(serde_yaml::Value::String(s)) if jekyll && !s.contains(',') => {
            s.split_whitespace().map(String::from).collect()
        }
        _ => list(value),
    }
}

fn list(l: &Option<frontmatter::StringList>) -> Vec<String> {
    l.as_ref().map(|l| l.0.clone()).unwrap_or_default()
}

/// HTML-escapes text (for summaries written in front matter).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(yaml: &str) -> Config {
        Config::parse(
            Path::new("site.yaml"),
            &format!("title: T\nbase_url: https://x.org\n{yaml}"),
        )
        .unwrap()
    }

    #[test]
    fn file_names_carry_the_language_of_their_edition() {
        let c = config("language: en\nlanguages: {kk: {}, ru: {}}\n");
        let split = |n: &str| split_language(n, &c);
        assert_eq!(split("fuel.kk.md"), ("fuel.md".into(), Some("kk".into())));
        assert_eq!(split("index.ru.md"), ("index.md".into(), Some("ru".into())));
        assert_eq!(
            split("_index.kk.md"),
            ("_index.md".into(), Some("kk".into()))
        );
        assert_eq!(split("fuel.en.md"), ("fuel.md".into(), None));
        assert_eq!(split("fuel.md"), ("fuel.md".into(), None));
        assert_eq!(split("fuel.de.md"), ("fuel.de.md".into(), None));
        assert_eq!(unlisted_language("fuel.de.md", &c), Some("de".into()));
        assert_eq!(unlisted_language("v1.2.md", &c), None);
        assert_eq!(unlisted_language("fuel.kk.md", &c), None);
        // A site without editions: names are as written, and never warned about.
        let one = config("language: kk\n");
        assert_eq!(
            split_language("fuel.kk.md", &one),
            ("fuel.kk.md".into(), None)
        );
        assert_eq!(unlisted_language("fuel.de.md", &one), None);
    }

    #[test]
    fn markdown_files_are_told_by_their_extension() {
        for (name, markdown) in [
            ("content/a.md", true),
            ("a.md", true),
            ("content/a/index.kk.md", true),
            ("content/.md", false),
            (".md", false),
            ("md", false),
            ("content/a.markdown", false),
            ("content/a.md.jpg", false),
            ("content/amd", false),
        ] {
            assert_eq!(is_markdown(Path::new(name)), markdown, "{name}");
            // The same answer as the standard library's extension.
            let by_extension = Path::new(name).extension().is_some_and(|e| e == "md");
            assert_eq!(markdown, by_extension, "{name}");
        }
    }

    #[test]
    fn bundles_are_marked_by_index_md_in_any_language() {
        for (name, bundle) in [
            ("content/a/index.md", true),
            ("content/a/index.kk.md", true),
            ("content/a/index.fil.md", true),
            ("index.md", true),
            ("content/a/index.kkkk.md", false),
            ("content/a/_index.md", false),
            ("content/a/index.html", false),
            ("content/a/index.v2.md", false),
            ("content/a/indexes.md", false),
        ] {
            assert_eq!(is_bundle_index(Path::new(name)), bundle, "{name}");
        }
    }
}
