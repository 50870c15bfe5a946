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
        ["/", &self.slug, "/"].concat()
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
    /// `article_terms[taxonomy].of(article)`: term indices of that article.
    pub article_terms: Vec<taxonomy::ArticleTerms>,
    /// `related[article]`: indices of related articles, best first.
    pub related: Vec<Vec<usize>>,
    /// The related stage's text model, kept by `serve`'s rebuilds for the
    /// next one ([`Site::relate_after`]); none in a build.
    pub related_text: Option<Arc<related::TextModel>>,
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
        // Each taxonomy on its own thread, beside the sections: the model
        // is on the path of every `serve` rebuild.
        let (built, sections) = rayon::join(
            || {
                config
                    .taxonomies
                    .par_iter()
                    .map(|kind| taxonomy::build(kind, &articles))
                    .collect::<Vec<_>>()
            },
            || build_sections(&articles, &indexes),
        );
        for (tax, per_article, errs) in built {
            errors.extend(errs);
            taxonomies.push(tax);
            article_terms.push(per_article);
        }

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
            related_text: None,
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
        let (tags, categories) = self.related_term_ids();
        let inputs = self.related_inputs(&tags, &categories);
        self.related = related::compute(&inputs, &self.config.related);
    }

    /// [`Site::relate`] for `serve`, after the rebuild that made `last`: it
    /// takes over the text model while no article's text changed, and the
    /// lists no changed tag can move while nothing but tags changed (see
    /// [`related::stale_lists`]). The lists are the same as
    /// [`Site::relate`]'s; a tag edit at 10,000 articles makes a few of
    /// them, not all.
    pub fn relate_after(&mut self, last: Option<&Site>) {
        let (tags, categories) = self.related_term_ids();
        let inputs = self.related_inputs(&tags, &categories);
        let last = last.filter(|l| l.config.related == self.config.related);
        let text = last
            .filter(|l| self.same_related_text(l))
            .and_then(|l| l.related_text.clone());
        let stale = last
            .filter(|_| text.is_some())
            .and_then(|l| self.stale_related_lists(l));
        let reuse = text.map(|text| related::Last {
            text,
            lists: last.zip(stale.as_deref()).map(|(l, s)| (&l.related[..], s)),
        });
        let (lists, text) = related::compute_reusing(&inputs, &self.config.related, reuse);
        self.related = lists;
        self.related_text = text;
    }

    /// Whether the articles' texts are those of `last`'s, in the same order.
    fn same_related_text(&self, last: &Site) -> bool {
        last.articles.len() == self.articles.len()
            && last
                .articles
                .iter()
                .zip(&self.articles)
                .all(|(a, b)| Arc::ptr_eq(a, b) || a.text_terms == b.text_terms)
    }

    /// Which related lists must be made again since `last`, when only tags
    /// changed (none when anything else the related stage reads did: an
    /// article, its place, date or categories, or the taxonomies).
    fn stale_related_lists(&self, last: &Site) -> Option<Vec<bool>> {
        let kinds = |s: &Site| {
            s.taxonomies
                .iter()
                .map(|t| t.kind.clone())
                .collect::<Vec<_>>()
        };
        let same_articles = last.articles.len() == self.articles.len()
            && kinds(last) == kinds(self)
            && last.articles.iter().zip(&self.articles).all(|(a, b)| {
                // Paths compared as bytes: `Path`'s equality walks components.
                Arc::ptr_eq(a, b)
                    || (a.source.as_os_str() == b.source.as_os_str()
                        && a.timestamp() == b.timestamp())
            });
        if !same_articles {
            return None;
        }
        let n = self.articles.len();
        let (category, tag) = (RelatedRole::Category, RelatedRole::Tag);
        let categories_moved = related::stale_lists(
            n,
            &last.related_terms(category),
            &self.related_terms(category),
        );
        if categories_moved.contains(&true) {
            return None;
        }
        Some(related::stale_lists(
            n,
            &last.related_terms(tag),
            &self.related_terms(tag),
        ))
    }

    /// The terms of the taxonomies of `role`, each with its articles, keyed
    /// by (taxonomy, slug): unlike their indices, these stay put when a term
    /// comes or goes. Sorted, as taxonomies sort their terms by slug.
    fn related_terms(&self, role: RelatedRole) -> Vec<((usize, &str), &[usize])> {
        self.taxonomies
            .iter()
            .enumerate()
            .filter(|(_, tax)| related_role(&tax.kind) == role)
            .flat_map(|(t, tax)| {
                tax.terms
                    .iter()
                    .map(move |term| ((t, term.slug.as_str()), &term.articles[..]))
            })
            .collect()
    }

    /// Per article, the related stage's ids of its tags and of its
    /// categories: the term indices of the taxonomies taken, each shifted
    /// past those of the taxonomies taken before it.
    fn related_term_ids(&self) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
        let ids_of = |role: RelatedRole| -> Vec<Vec<u32>> {
            let mut next = 0;
            let first_ids: Vec<(usize, usize)> = self
                .taxonomies
                .iter()
                .enumerate()
                .filter(|(_, tax)| related_role(&tax.kind) == role)
                .map(|(t, tax)| {
                    let first = next;
                    next += tax.terms.len();
                    (t, first)
                })
                .collect();
            (0..self.articles.len())
                .into_par_iter()
                .map(|i| {
                    first_ids
                        .iter()
                        .flat_map(|&(t, first)| {
                            self.article_terms[t]
                                .of(i)
                                .iter()
                                .map(move |&term| first as u32 + term)
                        })
                        .collect()
                })
                .collect()
        };
        (ids_of(RelatedRole::Tag), ids_of(RelatedRole::Category))
    }

    fn related_inputs<'s>(
        &'s self,
        tags: &'s [Vec<u32>],
        categories: &'s [Vec<u32>],
    ) -> Vec<related::RelatedInput<'s>> {
        self.articles
            .iter()
            .enumerate()
            .map(|(i, a)| related::RelatedInput {
                text: &a.text_terms,
                tags: &tags[i],
                categories: &categories[i],
                timestamp: a.timestamp().as_second(),
            })
            .collect()
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
        self.article_terms[t]
            .of(article)
            .iter()
            .map(move |&i| &tax.terms[i as usize])
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

/// How the related stage reads the terms of a taxonomy.
#[derive(Clone, Copy, PartialEq)]
enum RelatedRole {
    Tag,
    /// Weighed apart from tags.
    Category,
    /// Authors say nothing of an article's subject.
    Unread,
}

fn related_role(kind: &str) -> RelatedRole {
    match kind {
        "categories" => RelatedRole::Category,
        "authors" => RelatedRole::Unread,
        _ => RelatedRole::Tag,
    }
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
