//! The other tool's settings as Gazette's `site.yaml`: the values each
//! tool module read, checked and made valid (with a checklist note for
//! each one that had to be left out or replaced), written as YAML, and put
//! where they lose nothing (see [`write`]).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::{Map, Value};

use super::checklist::Checklist;
use crate::config::{self, Config};

/// The base URL written when the source has none Gazette can use: the
/// placeholder `gazette init` writes, which build and check warn about.
const PLACEHOLDER_BASE_URL: &str = "https://example.com";

/// Settings read from the other tool, before they are checked. `None`
/// leaves Gazette's default.
#[derive(Debug, Default, Clone)]
pub struct Settings {
    pub title: Option<String>,
    pub base_url: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub timezone: Option<String>,
    pub paginate: Option<usize>,
    pub taxonomies: Option<Vec<String>>,
    /// Already in Gazette's placeholders (see [`translate_permalink`]).
    pub permalink: Option<String>,
    /// Free-form settings for templates (`config.extra`).
    pub extra: Map<String, Value>,
}

/// Gazette's equivalent of each permalink placeholder of the other tools;
/// `None`: Gazette has none, and the part is dropped.
fn gazette_placeholder(token: &str) -> Option<&'static str> {
    Some(match token {
        "year" => ":year",
        "month" | "i_month" => ":month",
        "day" | "i_day" => ":day",
        "title"
        | "slug"
        | "name"
        | "filename"
        | "slugorfilename"
        | "contentbasename"
        | "slugorcontentbasename" => ":slug",
        "section" | "sections" => ":section",
        _ => return None,
    })
}

/// A permalink pattern of Jekyll or Hugo (`/:categories/:year/:title:output_ext`)
/// in Gazette's placeholders (`/:year/:slug/`), with the placeholders that
/// had to be dropped and whether the pattern ended in a file extension
/// (Gazette writes every page as a folder). None when nothing usable remains.
pub fn translate_permalink(pattern: &str) -> (Option<String>, Vec<String>, bool) {
    let mut dropped = Vec::new();
    let mut had_extension = false;
    let mut parts = Vec::new();
    for segment in pattern.split('/').filter(|s| !s.is_empty()) {
        let mut segment = segment.to_string();
        for ext in [":output_ext", ".html", ".htm"] {
            if let Some(rest) = segment.strip_suffix(ext) {
                segment = rest.to_string();
                had_extension = true;
            }
        }
        if segment.is_empty() {
            continue;
        }
        if let Some(token) = segment.strip_prefix(':')
            && !token.contains([':', '-', '_', '.'])
        {
            match gazette_placeholder(token) {
                Some(p) => parts.push(p.to_string()),
                None => dropped.push(format!(":{token}")),
            }
        } else if segment.contains(':') {
            // `:year-:month` and other mixed parts have no Gazette form.
            dropped.push(segment);
        } else {
            parts.push(segment);
        }
    }
    parts.dedup();
    let pattern = format!("/{}/", parts.join("/"));
    let usable = parts.iter().any(|p| p == ":slug");
    (usable.then_some(pattern), dropped, had_extension)
}

/// A language code as tools write it (`en_US`, `en-us`) as a BCP 47 tag.
fn language_tag(code: &str) -> Option<String> {
    let tag = code.trim().replace('_', "-");
    config::check_language(&tag).is_ok().then_some(tag)
}

impl Settings {
    /// The site.yaml text: every value checked, Gazette's defaults where
    /// the source had nothing usable, a note on `checklist` for each value
    /// replaced. `tool` and `from` name the source in the header comment;
    /// `fallback_title` is used when the source has no title.
    pub fn to_yaml(
        &self,
        tool: &str,
        from: &str,
        fallback_title: &str,
        checklist: &mut Checklist,
    ) -> String {
        let title = self
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| {
                checklist.note(
                    "No site title in the configuration",
                    format!(
                        "site.yaml has `title: {fallback_title}` (the folder's name): change it"
                    ),
                );
                fallback_title.to_string()
            });
        let base_url = self.usable_base_url(checklist);
        let language = match &self.language {
            None => "en".to_string(),
            Some(code) => language_tag(code).unwrap_or_else(|| {
                checklist.note(
                    format!("Language {code:?} is not a language tag"),
                    "site.yaml has `language: en`: write the site's BCP 47 tag (`de`, `pt-BR`)",
                );
                "en".to_string()
            }),
        };
        let timezone = self.timezone.as_ref().and_then(|tz| {
            let known = jiff::tz::TimeZone::get(tz).is_ok();
            if !known {
                checklist.note(
                    format!("Time zone {tz:?} is not an IANA time zone name"),
                    "site.yaml has none (UTC): add `timezone: Area/City` if dates without an offset are local",
                );
            }
            known.then(|| tz.clone())
        });
        let paginate = self.paginate.filter(|&n| n > 0).unwrap_or(10);
        let taxonomies = self.taxonomies.clone().map(|names| {
            let mut slugs: Vec<String> = Vec::new();
            // Bylines are the `authors` taxonomy: without it every
            // article's `author` would be ignored.
            for name in names.into_iter().chain(["authors".to_string()]) {
                let slug = crate::content::slug::slugify(&name);
                if !slug.is_empty() && !slugs.contains(&slug) {
                    slugs.push(slug);
                }
            }
            slugs
        });
        let permalink = self.permalink.clone().filter(|p| {
            let ok = p.starts_with('/')
                && p.contains(":slug")
                && p.split('/')
                    .filter(|s| s.starts_with(':'))
                    .all(|s| config::PERMALINK_PLACEHOLDERS.contains(&s));
            if !ok {
                checklist.note(
                    format!("Permalink {p:?} has no Gazette form"),
                    "site.yaml keeps Gazette's `/:section/:slug/`: list old URLs as `aliases:` in the articles",
                );
            }
            ok
        });

        let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
        let mut yaml = format!(
            "# Written by `gazette import {tool}` from\n# {from}.\n\
             # What it could not carry over is in the checklist it printed\n\
             # (docs/import-tools.md).\n\
             title: {}\nbase_url: {}\n",
            q(&title),
            q(&base_url)
        );
        if let Some(d) = &self.description {
            yaml.push_str(&format!("description: {}\n", q(d)));
        }
        yaml.push_str(&format!("language: {}\n", q(&language)));
        if let Some(tz) = &timezone {
            yaml.push_str(&format!("timezone: {}\n", q(tz)));
        }
        yaml.push_str(&format!("theme: broadsheet\npaginate: {paginate}\n"));
        if let Some(t) = &taxonomies {
            let list: Vec<String> = t.iter().map(|s| q(s)).collect();
            yaml.push_str(&format!("taxonomies: [{}]\n", list.join(", ")));
        }
        yaml.push_str(&format!(
            "permalink: {}\n",
            q(permalink.as_deref().unwrap_or("/:section/:slug/"))
        ));
        if self.extra.is_empty() {
            yaml.push_str("extra: {}\n");
        } else {
            let block = serde_yaml::to_string(&Value::Object(self.extra.clone()))
                .unwrap_or_else(|_| "{}\n".into());
            yaml.push_str("extra:\n");
            for line in block.lines() {
                yaml.push_str("  ");
                yaml.push_str(line);
                yaml.push('\n');
            }
        }
        yaml
    }

    /// The base URL if Gazette can publish at it, else the placeholder
    /// with a checklist note.
    fn usable_base_url(&self, checklist: &mut Checklist) -> String {
        let Some(url) = &self.base_url else {
            checklist.note(
                "No base URL in the configuration",
                format!(
                    "site.yaml has `base_url: {PLACEHOLDER_BASE_URL}`: set it to the address the site is published at"
                ),
            );
            return PLACEHOLDER_BASE_URL.into();
        };
        let url = url.trim().trim_end_matches('/');
        match config::check_base_url(url) {
            Ok(()) if config::placeholder_host(url).is_none() => url.to_string(),
            Ok(()) => {
                checklist.note(
                    format!("Base URL {url} is not where readers find the site"),
                    "site.yaml keeps it: set `base_url` to the published address before you deploy",
                );
                url.to_string()
            }
            Err(why) => {
                checklist.note(
                    format!("Base URL {url:?} cannot be used: it {why}"),
                    format!(
                        "site.yaml has `base_url: {PLACEHOLDER_BASE_URL}`: set it to the address the site is published at"
                    ),
                );
                PLACEHOLDER_BASE_URL.into()
            }
        }
    }
}

/// Checks the written text as `gazette build` will read it.
pub fn check(yaml: &str) -> Result<()> {
    Config::parse(Path::new("site.yaml"), yaml)
        .map(|_| ())
        .map_err(|d| anyhow::anyhow!("the converted site.yaml would not load: {d}"))
}

/// Where the converted configuration went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// site.yaml was still the one `gazette init` wrote, and was replaced.
    Replaced,
    /// site.yaml (or the file beside it) already holds these settings: an
    /// earlier import wrote them.
    Unchanged(PathBuf),
    /// site.yaml has the person's edits: the converted one is beside it.
    Beside(PathBuf),
    /// site.yaml has edits and the file beside it exists too: nothing written.
    BesideExists(PathBuf),
}

/// The name of the converted configuration when site.yaml has edits.
pub const IMPORTED_NAME: &str = "site.imported.yaml";

/// Writes `yaml` into the site at `root`: over site.yaml while it is
/// exactly what `gazette init` wrote (no edit can be lost), else as
/// `site.imported.yaml` beside it, never over an existing file.
pub fn write(root: &Path, yaml: &str) -> Result<Written> {
    let site_yaml = root.join("site.yaml");
    let current = std::fs::read_to_string(&site_yaml).unwrap_or_default();
    let beside = root.join(IMPORTED_NAME);
    for file in [&site_yaml, &beside] {
        if std::fs::read_to_string(file).is_ok_and(|text| text == yaml) {
            return Ok(Written::Unchanged(file.clone()));
        }
    }
    if config::is_starter_site_yaml(&current) {
        let temp = root.join(".site.yaml.import-tmp");
        std::fs::write(&temp, yaml).with_context(|| format!("cannot write {}", temp.display()))?;
        std::fs::rename(&temp, &site_yaml)
            .with_context(|| format!("cannot replace {}", site_yaml.display()))?;
        return Ok(Written::Replaced);
    }
    match super::copier::create_new(&beside, yaml.as_bytes()) {
        Ok(true) => Ok(Written::Beside(beside)),
        Ok(false) => Ok(Written::BesideExists(beside)),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_site_yaml_init_wrote_counts_as_untouched() {
        let starter = config::starter_site_yaml("Ledger \"Daily\"");
        assert!(config::is_starter_site_yaml(&starter));
        assert!(!config::is_starter_site_yaml(
            &starter.replace("paginate: 10", "paginate: 5")
        ));
        assert!(!config::is_starter_site_yaml(&format!(
            "{starter}# a note\n"
        )));
        assert!(!config::is_starter_site_yaml(""));
    }

    #[test]
    fn hostile_permalinks_never_panic() {
        for text in crate::import::tools::shuffled_texts() {
            translate_permalink(&text);
        }
    }

    #[test]
    fn jekyll_and_hugo_permalinks_in_gazette_placeholders() {
        let (p, dropped, ext) =
            translate_permalink("/:categories/:year/:month/:day/:title:output_ext");
        assert_eq!(p.as_deref(), Some("/:year/:month/:day/:slug/"));
        assert_eq!(dropped, [":categories"]);
        assert!(ext);
        let (p, dropped, ext) = translate_permalink("/blog/:year/:title/");
        assert_eq!(p.as_deref(), Some("/blog/:year/:slug/"));
        assert!(dropped.is_empty() && !ext);
        let (p, _, _) = translate_permalink("/:sections/:filename/");
        assert_eq!(p.as_deref(), Some("/:section/:slug/"));
        let (p, dropped, _) = translate_permalink("/:year-:month/");
        assert_eq!(p, None);
        assert_eq!(dropped, [":year-:month"]);
    }

    #[test]
    fn values_are_made_valid_with_a_note_each() {
        let s = Settings {
            title: Some("A \"quoted\" title".into()),
            base_url: Some("/".into()),
            language: Some("en_US".into()),
            timezone: Some("Mars/Olympus".into()),
            taxonomies: Some(vec!["Tags".into(), "series".into(), "tags".into()]),
            paginate: Some(0),
            ..Settings::default()
        };
        let mut checklist = Checklist::default();
        let yaml = s.to_yaml("hugo", "hugo.toml", "folder", &mut checklist);
        check(&yaml).unwrap();
        let c = Config::parse(Path::new("site.yaml"), &yaml).unwrap();
        assert_eq!(c.title, "A \"quoted\" title");
        assert_eq!(c.base_url, PLACEHOLDER_BASE_URL);
        assert_eq!(c.language, "en-US");
        assert_eq!(c.taxonomies, ["tags", "series", "authors"]);
        assert_eq!(c.paginate, 10);
        assert_eq!(checklist.items.len(), 2, "{checklist}");
    }
}
