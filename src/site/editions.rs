//! Editions (issue 29): one [`Site`] per language, and which of their pages
//! translate which, for `hreflang` alternates and the language switcher.
//!
//! Each edition is a whole site of its own (front page, sections,
//! taxonomies, archives, feeds, search, related lists within it), rendered
//! under its own base URL (`https://example.org/kk`). What crosses editions
//! is only the [`Translations`] index built here once all of them are
//! assembled: articles and pages are the same story when they share a
//! translation key (their source path without the language code, or
//! `translation_key:`); front pages are always each other's translations,
//! and sections are when their folder is the same.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::Site;
#[cfg(doc)]
use crate::config::Config;
use crate::content::Content;
use crate::error::Diagnostic;

/// One edition as other editions link to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EditionInfo {
    /// Language code (`kk`), also the `hreflang` value.
    pub code: String,
    /// The language's name in itself (`Қазақша`), for the switcher.
    pub name: String,
    /// The edition's base URL (`https://example.org/kk`).
    pub base_url: String,
}

/// The pages of every edition that translate each other.
#[derive(Debug, Default)]
pub struct Translations {
    /// Every edition, the default first.
    pub editions: Vec<EditionInfo>,
    /// `paths[edition]`: page path (within the edition) -> group number.
    paths: Vec<HashMap<String, usize>>,
    /// `groups[n]`: the (edition, page path) of each version of one page.
    groups: Vec<Vec<(usize, String)>>,
}

/// A version of a page in some edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate<'t> {
    pub edition: &'t EditionInfo,
    /// Absolute URL of that version.
    pub url: String,
}

impl Translations {
    /// Links the pages of `sites` (every edition, the default first), with
    /// a warning for each page that claims a translation key another page
    /// of its edition has (only the first is linked).
    pub fn link(sites: &[Site]) -> (Translations, Vec<Diagnostic>) {
        let editions = sites
            .iter()
            .map(|s| EditionInfo {
                code: s.config.edition.code.clone(),
                name: sites[0].config.language_name(&s.config.edition.code),
                base_url: s.config.base_url.clone(),
            })
            .collect();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut groups: Vec<Vec<(usize, String)>> = Vec::new();
        let mut paths = vec![HashMap::new(); sites.len()];
        let mut warnings = Vec::new();
        // One edition translates nothing: no index to build.
        let linked = if sites.len() > 1 { sites } else { &[] };
        for (e, site) in linked.iter().enumerate() {
            let keyed = site
                .articles
                .iter()
                .chain(&site.pages)
                .map(|a| (a.translation_key.clone(), a.path.clone(), Some(&a.source)))
                .chain(std::iter::once((
                    "front".to_string(),
                    "/".to_string(),
                    None,
                )))
                .chain(
                    site.sections
                        .iter()
                        .map(|s| (format!("section:{}", s.slug), s.path(), None)),
                );
            let mut claimed: HashMap<usize, &std::path::Path> = HashMap::new();
            for (key, path, source) in keyed {
                let n = *by_key.entry(key.clone()).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                if let Some(first) = claimed.get(&n) {
                    if let Some(source) = source {
                        let key = key.strip_prefix("key:").unwrap_or(&key);
                        warnings.push(Diagnostic::warning(
                            source,
                            format!(
                                "its translation key `{key}` is also {}'s, in the same edition: \
                                 only that one is linked to its translations",
                                first.display()
                            ),
                            "give each translation of a story its own language, and \
                             different stories different `translation_key`s",
                        ));
                    }
                    continue;
                }
                if let Some(source) = source {
                    claimed.insert(n, source);
                }
                groups[n].push((e, path.clone()));
                paths[e].insert(path, n);
            }
        }
        let translations = Translations {
            editions,
            paths,
            groups,
        };
        (translations, warnings)
    }

    /// Every version of the page at `path` in `edition`, its own included,
    /// in edition order; empty when no other edition has it.
    pub fn alternates(&self, edition: usize, path: &str) -> Vec<Alternate<'_>> {
        let Some(&n) = self.paths.get(edition).and_then(|p| p.get(path)) else {
            return Vec::new();
        };
        let group = &self.groups[n];
        if group.len() < 2 {
            return Vec::new();
        }
        group
            .iter()
            .map(|(e, p)| Alternate {
                edition: &self.editions[*e],
                url: format!("{}{p}", self.editions[*e].base_url),
            })
            .collect()
    }

    /// A hash of what [`Translations::alternates`] gives for this page,
    /// for its fingerprint (the editions themselves are hashed once per
    /// build, with the configuration).
    pub fn hash_alternates(&self, edition: usize, path: &str, h: &mut impl Hasher) {
        for a in self.alternates(edition, path) {
            (&a.edition.code, &a.url).hash(h);
        }
    }

    /// Whether the site has more than one edition.
    pub fn is_multilingual(&self) -> bool {
        self.editions.len() > 1
    }
}

/// `content` split by edition, in the order of `codes` (the editions'
/// language codes, the default edition's first: [`Config::edition_codes`]):
/// each article, page and section text goes to its language's edition.
/// Files copied as they are, and what the publication rules left out, stay
/// with the default edition, which copies and reports them once for all.
pub fn split(content: Content, codes: &[&str]) -> Vec<Content> {
    let edition_of = |lang: &Option<String>| {
        lang.as_ref()
            .and_then(|code| codes.iter().position(|c| c == code))
            .unwrap_or(0)
    };
    let mut out: Vec<Content> = codes
        .iter()
        .map(|_| Content {
            now: content.now,
            ..Content::default()
        })
        .collect();
    for a in content.articles {
        out[edition_of(&a.lang)].articles.push(a);
    }
    for p in content.pages {
        out[edition_of(&p.lang)].pages.push(p);
    }
    for i in content.indexes {
        out[edition_of(&i.lang)].indexes.push(i);
    }
    out[0].assets = content.assets;
    out[0].left_out = content.left_out;
    out
}

/// Pages of the default edition whose path lies in another edition's
/// folder (a section `content/kk/` beside a `kk` edition): errors, since
/// the two would write the same files.
pub fn folder_clashes(sites: &[Site]) -> Vec<Diagnostic> {
    let Some((default, others)) = sites.split_first() else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for other in others {
        let dir = format!("/{}", other.config.edition.dir);
        let sections = default.sections.iter().map(|s| {
            let source = s.index.as_ref().map_or_else(
                || std::path::PathBuf::from(format!("content/{}/", s.slug)),
                |i| i.source.clone(),
            );
            (source, s.path())
        });
        let pages = default
            .articles
            .iter()
            .chain(&default.pages)
            .map(|a| (a.source.clone(), a.path.clone()));
        for (source, path) in pages.chain(sections) {
            if path.starts_with(&dir) {
                errors.push(Diagnostic::error(
                    source,
                    format!(
                        "the path {path} is in the folder of the `{}` edition, {dir}",
                        other.config.edition.code
                    ),
                    "rename the folder or the page's path: the editions' folders are \
                     named by language code",
                ));
            }
        }
    }
    errors
}

/// Gives every site the shared index of translations, and its own place
/// in it; returns the warnings of [`Translations::link`].
pub fn share(sites: &mut [Site]) -> Vec<Diagnostic> {
    let (translations, warnings) = Translations::link(sites);
    let translations = Arc::new(translations);
    for (e, site) in sites.iter_mut().enumerate() {
        site.edition_index = e;
        site.translations = Arc::clone(&translations);
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::{Article, Content};
    use std::path::Path;

    fn article(source: &str, lang: Option<&str>, path: &str, key: Option<&str>) -> Arc<Article> {
        let mut a = crate::site::tests::article_with(source, Default::default());
        a.lang = lang.map(String::from);
        a.path = path.into();
        a.translation_key = key.map_or_else(
            || source.replace(&format!(".{}.md", lang.unwrap_or("-")), ".md"),
            |k| format!("key:{k}"),
        );
        Arc::new(a)
    }

    fn sites(articles: Vec<Arc<Article>>) -> (Vec<Site>, Vec<Diagnostic>) {
        let config = Config::parse(
            Path::new("site.yaml"),
            "title: T\nbase_url: https://x.org\nlanguages: {kk: {}, ru: {}}\n",
        )
        .unwrap();
        let content = Content {
            articles,
            ..Content::default()
        };
        let parts = split(content, &config.edition_codes());
        let mut sites: Vec<Site> = config
            .editions(true)
            .into_iter()
            .zip(parts)
            .map(|(c, part)| Site::assemble(c, part).unwrap())
            .collect();
        let warnings = share(&mut sites);
        (sites, warnings)
    }

    #[test]
    fn translations_are_linked_by_path_or_key_and_stay_apart_otherwise() {
        let (sites, warnings) = sites(vec![
            article("content/a.md", None, "/a/", None),
            article("content/a.kk.md", Some("kk"), "/a/", None),
            article("content/b.md", None, "/b/", Some("budget")),
            article(
                "content/biudzhet.ru.md",
                Some("ru"),
                "/biudzhet/",
                Some("budget"),
            ),
            article("content/only.kk.md", Some("kk"), "/only/", None),
            article("content/twin.ru.md", Some("ru"), "/twin/", Some("budget")),
        ]);
        assert_eq!(
            sites.iter().map(|s| s.articles.len()).collect::<Vec<_>>(),
            [2, 2, 2],
            "each article in its language's edition"
        );
        let t = &sites[0].translations;
        let urls = |e: usize, path: &str| -> Vec<(String, String)> {
            t.alternates(e, path)
                .into_iter()
                .map(|a| (a.edition.code.clone(), a.url))
                .collect()
        };
        let a = vec![
            ("en".to_string(), "https://x.org/a/".to_string()),
            ("kk".to_string(), "https://x.org/kk/a/".to_string()),
        ];
        assert_eq!(urls(0, "/a/"), a);
        assert_eq!(urls(1, "/a/"), a, "both ways");
        assert_eq!(urls(2, "/biudzhet/")[0].1, "https://x.org/b/");
        assert!(urls(1, "/only/").is_empty());
        assert_eq!(
            urls(0, "/").len(),
            3,
            "front pages are always versions of each other"
        );
        // The second story of one edition with the key is not linked.
        assert!(urls(2, "/twin/").is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("budget"),
            "{}",
            warnings[0].message
        );
        assert_eq!(sites[2].edition_index, 2);
    }
}
