//! MODEL: everything derived from the loaded content, computed once per
//! build: article order, sections, taxonomies, related articles, and the
//! check that no two pages claim the same path. The result, [`Site`], is
//! immutable and shared by every render job.

pub mod archives;
pub mod editions;
pub mod newsroom;
pub mod paginate;
pub mod related;
pub mod taxonomy;

use std::sync::Arc;

use rayon::prelude::*;

use crate::base::paths::path_order;
use crate::base::suggest;
use crate::config::Config;
use crate::content::{Article, Asset, Content, SectionIndex};
use crate::error::{Diagnostic, Diagnostics};
pub use taxonomy::{Taxonomy, Term};

/// A top-level folder of `content/` with its articles.
#[derive(Debug, Clone)]
pub struct Section {
    pub slug: String,
    /// Display name: the `_index.md` title, else the folder name capitalised.
    pub name: String,
    pub index: Option<SectionIndex>,
    /// Indices into [`Site::articles`], newest first.
    pub articles: Vec<usize>,
}

impl Section {
    pub fn path(&self) -> String {
        format!("/{}/", self.slug)
    }
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Published articles, newest first (ties: by source path). Shared with
    /// `serve`'s cache of parsed files, hence the `Arc`.
    pub articles: Vec<Arc<Article>>,
    pub pages: Vec<Arc<Article>>,
    pub sections: Vec<Section>,
    /// `content/_index.md`, shown on the front page.
    pub front: Option<SectionIndex>,
    pub taxonomies: Vec<Taxonomy>,
    /// `article_terms[taxonomy][article]`: term indices of that article.
    pub article_terms: Vec<Vec<Vec<usize>>>,
    /// `related[article]`: indices of related articles, best first.
    pub related: Vec<Vec<usize>>,
    pub assets: Vec<Asset>,
    /// Author profiles from `data/authors.yaml`, set by whoever loads the
    /// site (the file is not content); empty until then.
    pub profiles: Arc<crate::content::authors::Profiles>,
    /// Date archives, newest year first (empty with `archives: false`).
    pub archives: Vec<archives::Year>,
    /// The time the model is as of (the build's clock, or the one given):
    /// what was published, and which live coverage is open.
    pub now: jiff::Timestamp,
    /// This edition's number among the site's editions (0: the default).
    pub edition_index: usize,
    /// Which pages of the editions translate which (shared by all of them).
    pub translations: Arc<editions::Translations>,
}

impl Site {
    /// Builds the model; errors (slug collisions, two pages on one path) are
    /// returned all together.
    pub fn build(config: Config, content: Content) -> Result<Site, Diagnostics> {
        let mut site = Site::assemble(config, content)?;
        site.relate();
        Ok(site)
    }

    /// The model but the related lists, which stay empty until
    /// [`Site::relate`] (kept apart so that a build can time each).
    pub fn assemble(config: Config, content: Content) -> Result<Site, Diagnostics> {
        let Content {
            mut articles,
            mut pages,
            indexes,
            assets,
            // What was left out is the pipeline's to report, not the model's.
            left_out: _,
            now,
        } = content;
        articles.sort_by(|a, b| {
            b.timestamp()
                .cmp(&a.timestamp())
                .then_with(|| path_order(&a.source, &b.source))
        });
        pages.sort_by(|a, b| path_order(&a.source, &b.source));

        let mut errors = Diagnostics::default();
        let mut taxonomies = Vec::new();
        let mut article_terms = Vec::new();
        for kind in &config.taxonomies {
            let (tax, per_article, errs) = taxonomy::build(kind, &articles);
            errors.extend(errs);
            taxonomies.push(tax);
            article_terms.push(per_article);
        }

        let sections = build_sections(&articles, &indexes);
        let front = indexes
            .iter()
            .find(|i| i.section.is_none() && is_root_index(i))
            .cloned();
        let archives = if config.archives {
            archives::build(&articles)
        } else {
            Vec::new()
        };
        let site = Site {
            archives,
            related: vec![Vec::new(); articles.len()],
            config,
            articles,
            pages,
            sections,
            front,
            taxonomies,
            article_terms,
            assets,
            profiles: Default::default(),
            now,
            edition_index: 0,
            translations: Default::default(),
        };
        if errors.has_errors() {
            errors.sort();
            return Err(errors);
        }
        Ok(site)
    }

    /// Problems that do not stop the build: `nav` entries in site.yaml that
    /// name no section (they would be dropped from the navigation unseen).
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut warnings = self.nav_warnings();
        warnings.extend(newsroom::missing_alt_warnings(
            self.articles.iter().chain(&self.pages).map(|a| &**a),
        ));
        warnings
    }

    fn nav_warnings(&self) -> Vec<Diagnostic> {
        // An edition that takes the site's `nav` may have translated only
        // some of its sections: only a `nav` written for it is checked.
        let edition = &self.config.edition;
        let own_nav = edition.is_default()
            || self
                .config
                .languages
                .get(&edition.code)
                .is_some_and(|l| l.nav.is_some());
        if !own_nav {
            return Vec::new();
        }
        let slugs: Vec<&str> = self.sections.iter().map(|s| s.slug.as_str()).collect();
        self.config
            .nav
            .iter()
            .filter(|entry| !slugs.contains(&crate::content::slug::slugify(entry).as_str()))
            .map(|entry| {
                let near = suggest::closest(entry, &slugs);
                let help = match near {
                    Some(n) => format!("write `{n}`, the folder name under content/"),
                    None if slugs.is_empty() => "remove it: the site has no sections yet".into(),
                    None => format!(
                        "name sections by their folder under content/: {}",
                        slugs.join(", ")
                    ),
                };
                Diagnostic::warning(
                    "site.yaml",
                    format!(
                        "`nav` names {entry:?}, which is no section{}",
                        near.map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"))
                    ),
                    help,
                )
                .at_line(self.config.line_of("nav"))
            })
            .collect()
    }

    /// The related stage: every article's related list.
    pub fn relate(&mut self) {
        self.related = compute_related(
            &self.config,
            &self.articles,
            &self.taxonomies,
            &self.article_terms,
        );
    }

    /// Frees the articles' tokenised text, which only [`Site::relate`]
    /// reads (about a tenth of a build's memory), where this model holds
    /// the only reference to an article: a build's does, while `serve`'s
    /// parse cache shares its articles and keeps their text for the next
    /// rebuild.
    pub fn forget_text_terms(&mut self) {
        for a in self.articles.iter_mut().filter_map(Arc::get_mut) {
            a.text_terms = Default::default();
        }
    }

    /// Term objects of `article` in taxonomy number `t`.
    pub fn terms_of(&self, t: usize, article: usize) -> impl Iterator<Item = &Term> {
        let tax = &self.taxonomies[t];
        self.article_terms[t][article]
            .iter()
            .map(move |&i| &tax.terms[i])
    }

    /// Whether `a` is live coverage that is still open.
    pub fn is_live_open(&self, a: &Article) -> bool {
        a.live.as_ref().is_some_and(|l| l.is_open(self.now))
    }

    pub fn taxonomy(&self, kind: &str) -> Option<(usize, &Taxonomy)> {
        self.taxonomies
            .iter()
            .enumerate()
            .find(|(_, t)| t.kind == kind)
    }
}

fn is_root_index(i: &SectionIndex) -> bool {
    i.source
        .parent()
        .is_some_and(|p| p == std::path::Path::new("content"))
}

fn build_sections(articles: &[Arc<Article>], indexes: &[SectionIndex]) -> Vec<Section> {
    let mut by_slug: std::collections::BTreeMap<String, Section> = Default::default();
    for index in indexes {
        if let Some(slug) = &index.section {
            by_slug.insert(
                slug.clone(),
                Section {
                    slug: slug.clone(),
                    name: index
                        .title
                        .clone()
                        .unwrap_or_else(|| taxonomy::title_case(slug)),
                    index: Some(index.clone()),
                    articles: Vec::new(),
                },
            );
        }
    }
    for (i, a) in articles.iter().enumerate() {
        if let Some(slug) = &a.section {
            by_slug
                .entry(slug.clone())
                .or_insert_with(|| Section {
                    slug: slug.clone(),
                    name: taxonomy::title_case(slug),
                    index: None,
                    articles: Vec::new(),
                })
                .articles
                .push(i);
        }
    }
    by_slug.into_values().collect()
}

/// Runs the related stage over the published articles.
fn compute_related(
    config: &Config,
    articles: &[Arc<Article>],
    taxonomies: &[Taxonomy],
    article_terms: &[Vec<Vec<usize>>],
) -> Vec<Vec<usize>> {
    if config.related.count == 0 {
        return vec![Vec::new(); articles.len()];
    }
    // Term ids for the stage: the term indices of the taxonomies taken,
    // each shifted past those of the taxonomies taken before it.
    let ids_of = |is_kind: &dyn Fn(&str) -> bool| -> Vec<Vec<u32>> {
        let mut next = 0;
        let first_ids: Vec<(usize, usize)> = taxonomies
            .iter()
            .enumerate()
            .filter(|(_, tax)| is_kind(&tax.kind))
            .map(|(t, tax)| {
                let first = next;
                next += tax.terms.len();
                (t, first)
            })
            .collect();
        (0..articles.len())
            .into_par_iter()
            .map(|i| {
                first_ids
                    .iter()
                    .flat_map(|&(t, first)| {
                        article_terms[t][i]
                            .iter()
                            .map(move |&term| (first + term) as u32)
                    })
                    .collect()
            })
            .collect()
    };
    let tags = ids_of(&|kind| kind != "categories" && kind != "authors");
    let categories = ids_of(&|kind| kind == "categories");
    let inputs: Vec<related::RelatedInput<'_>> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| related::RelatedInput {
            text: &a.text_terms,
            tags: &tags[i],
            categories: &categories[i],
            timestamp: a.timestamp().as_second(),
        })
        .collect();
    related::compute(&inputs, &config.related)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    /// A minimal article for model tests.
    pub(crate) fn article_with(src: &str, terms: BTreeMap<String, Vec<String>>) -> Article {
        Article {
            source: PathBuf::from(src),
            kind: crate::content::Kind::Article,
            title: src.into(),
            date: None,
            updated: None,
            day_only: Default::default(),
            expires: None,
            draft: false,
            terms,
            section: None,
            slug: src.trim_end_matches(".md").into(),
            path: format!("/{}/", src.trim_end_matches(".md")),
            aliases: Vec::new(),
            image: None,
            image_line: None,
            summary_html: String::new(),
            body: Default::default(),
            text_terms: Default::default(),
            word_count: 0,
            reading_time: 1,
            comments: true,
            extra: serde_json::Value::Null,
            headings: Vec::new(),
            links: Vec::new(),
            body_line: 1,
            newsroom: Default::default(),
            live: None,
            source_hash: 0,
            lang: None,
            translation_key: src.into(),
        }
    }
}
