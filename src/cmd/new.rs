//! `gazette new "Title"`: a draft article with its front matter filled in;
//! `--lang kk` writes it in the site's Kazakh edition, and
//! `--lang kk --translate content/world/fuel.md` writes the draft of a
//! translation beside the article (`fuel.kk.md`: docs/languages.md).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::content::slug::slugify;
use crate::outln;

/// `gazette new` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Headline of the article (also gives its file name); with
    /// `--translate`, the translated headline (else the original's is kept
    /// for the translator to replace).
    #[arg(required_unless_present = "translate")]
    title: Option<String>,
    /// Section folder under content/.
    #[arg(long, conflicts_with = "translate")]
    section: Option<String>,
    /// The edition to write in: a language code of site.yaml's `languages:`.
    #[arg(long)]
    lang: Option<String>,
    /// An existing article (`content/world/fuel.md`) to write the
    /// translation of, into the edition of `--lang`.
    #[arg(long, requires = "lang", value_name = "ARTICLE")]
    translate: Option<PathBuf>,
}

/// Writes the draft and prints its path.
pub fn run(root: &Path, args: Args) -> ExitCode {
    let result = match (&args.translate, &args.lang) {
        (Some(source), Some(lang)) => new_translation(root, source, lang, args.title.as_deref()),
        _ => edition_suffix(root, args.lang.as_deref()).and_then(|suffix| {
            new_article(
                root,
                args.title.as_deref().unwrap_or_default(),
                args.section.as_deref(),
                &suffix,
                &jiff::Zoned::now(),
            )
        }),
    };
    match result {
        Ok(path) => {
            outln!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(&e),
    }
}

/// The file-name suffix of the edition of `lang` (`.kk`; empty for the
/// default language's or without `--lang`), checked against site.yaml.
fn edition_suffix(root: &Path, lang: Option<&str>) -> Result<String> {
    let Some(lang) = lang else {
        return Ok(String::new());
    };
    let config = crate::config::Config::load(&root.join("site.yaml"))
        .map_err(|d| anyhow::anyhow!("{}: {}", d.file.display(), d.message))?;
    if lang == config.language {
        return Ok(String::new());
    }
    if !config.languages.contains_key(lang) {
        let codes = config.edition_codes().join(", ");
        bail!(
            "the site has no edition in {lang:?} (its editions: {codes});              add it to site.yaml, like `languages: {{{lang}: {{title: \"...\"}}}}`"
        );
    }
    Ok(format!(".{lang}"))
}

/// Writes the draft of a translation of `source` (relative to `root`, or
/// absolute under it) into the edition of `lang`, beside it: a copy of its
/// front matter and text, marked `draft: true`, for the translator to
/// translate in place (the draft stays out of the site until then).
pub fn new_translation(
    root: &Path,
    source: &Path,
    lang: &str,
    title: Option<&str>,
) -> Result<PathBuf> {
    let suffix = edition_suffix(root, Some(lang))?;
    let source = if source.is_absolute() {
        source.to_path_buf()
    } else {
        root.join(source)
    };
    let text = std::fs::read_to_string(&source)
        .with_context(|| format!("cannot read the article to translate, {}", source.display()))?;
    let split = crate::content::frontmatter::split(&text)
        .map_err(|e| anyhow::anyhow!("{}: {}", source.display(), e.message))?;
    if split.format != crate::content::frontmatter::Format::Yaml {
        bail!(
            "{}: only articles with YAML front matter (between `---` lines) can be copied for translation",
            source.display()
        );
    }
    let config = crate::config::Config::load(&root.join("site.yaml"))
        .map_err(|d| anyhow::anyhow!("{}: {}", d.file.display(), d.message))?;
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (base, _) = crate::content::split_language(&name, &config);
    let stem = base.strip_suffix(".md").unwrap_or(&base);
    let path = source.with_file_name(format!("{stem}{suffix}.md"));
    if path == source {
        bail!(
            "{} is already in the {lang:?} edition; name an article of another language",
            source.display()
        );
    }
    let mut front = String::new();
    for line in split.front.lines() {
        let key = line.split(':').next().unwrap_or_default();
        match (key, title) {
            ("draft", _) => continue,
            ("title", Some(t)) => front.push_str(&format!(
                "title: {}\n",
                serde_json::to_string(t).unwrap_or_default()
            )),
            _ => {
                front.push_str(line);
                front.push('\n');
            }
        }
    }
    front.push_str("draft: true\n");
    create_new(&path, &format!("---\n{front}---\n{}", split.body))?;
    Ok(path)
}

/// Writes `content/<section>/<slug><suffix>.md` under `root` (`suffix`:
/// `.kk` for the Kazakh edition, empty for the default one) and returns
/// its path. Never overwrites an existing file.
pub fn new_article(
    root: &Path,
    title: &str,
    section: Option<&str>,
    suffix: &str,
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
    let path = dir.join(format!("{slug}{suffix}.md"));
    let date = crate::content::dates::rfc3339(now);
    let text = format!(
        "---\ntitle: {}\ndate: {date}\nauthor: \"\"\ntags: []\ndraft: true\n---\n\nWrite the story here.\n",
        serde_json::to_string(title).unwrap_or_default()
    );
    create_new(&path, &text)?;
    Ok(path)
}

/// Writes `text` to a new file at `path`, never over an existing one.
fn create_new(path: &Path, text: &str) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| {
            format!(
                "{} already exists or cannot be created; choose another title",
                path.display()
            )
        })?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
