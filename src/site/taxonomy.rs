//! Taxonomies (tags, categories, authors, ...): merging spellings into terms,
//! term slugs, and the articles of each term, newest first.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::content::Article;
use crate::content::slug::{slugify, term_key};
use crate::error::Diagnostic;

/// One taxonomy of the site, e.g. `tags`.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The name in site.yaml and in URLs (`tags`).
    pub kind: String,
    /// Display title (`Tags`).
    pub title: String,
    /// Terms sorted by slug.
    pub terms: Vec<Term>,
}

/// One term of a taxonomy, e.g. the tag "Russia".
#[derive(Debug, Clone)]
pub struct Term {
    /// The spelling used most often (ties: the alphabetically first).
    pub name: String,
    pub slug: String,
    /// Indices into the site's articles, newest first.
    pub articles: Vec<usize>,
}

impl Taxonomy {
    /// Site path of the taxonomy index (`/tags/`).
    pub fn path(&self) -> String {
        ["/", &self.kind, "/"].concat()
    }

    /// Site path of a term's first page (`/tags/russia/`).
    pub fn term_path(&self, term: &Term) -> String {
        ["/", &self.kind, "/", &term.slug, "/"].concat()
    }
}

/// Each article's terms in one taxonomy, as indices into its
/// [`Taxonomy::terms`]: one buffer for all articles, not a list each
/// (40,000 small lists were a fifth of the model's time in a `serve`
/// rebuild at 10,000 articles).
#[derive(Debug, Clone, Default)]
pub struct ArticleTerms {
    /// `ends[i]`: where article `i`'s terms end in `terms`.
    ends: Vec<u32>,
    terms: Vec<u32>,
}

impl ArticleTerms {
    /// The terms of article `article`, in the order its front matter gives.
    pub fn of(&self, article: usize) -> &[u32] {
        let start = article
            .checked_sub(1)
            .map_or(0, |prev| self.ends[prev] as usize);
        &self.terms[start..self.ends[article] as usize]
    }

    fn push_article(&mut self) {
        self.ends.push(self.terms.len() as u32);
    }
}

/// Builds `kind` from the articles (already sorted newest first). Returns the
/// taxonomy, each article's terms in it, and slug collisions as errors.
pub fn build(kind: &str, articles: &[Arc<Article>]) -> (Taxonomy, ArticleTerms, Vec<Diagnostic>) {
    struct Draft<'a> {
        key: String,
        /// Each spelling and how many articles use it (a term has few).
        spellings: Vec<(&'a str, usize)>,
        articles: Vec<usize>,
        first_source: &'a std::path::Path,
    }
    let mut drafts: Vec<Draft<'_>> = Vec::new();
    let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
    // A term is written on many articles: its key (Unicode folding) is
    // made, and its draft found, once per spelling; articles refer to
    // drafts by number.
    let mut by_spelling: FxHashMap<&str, usize> = FxHashMap::default();
    let mut drafts_of_article = ArticleTerms::default();
    for (i, a) in articles.iter().enumerate() {
        for name in a.terms_of(kind) {
            let d = match by_spelling.get(name.as_str()) {
                Some(&d) => d,
                None => {
                    let key = term_key(name);
                    let d = *by_key.entry(key.clone()).or_insert_with(|| {
                        drafts.push(Draft {
                            key,
                            spellings: Vec::new(),
                            articles: Vec::new(),
                            first_source: &a.source,
                        });
                        drafts.len() - 1
                    });
                    by_spelling.insert(name.as_str(), d);
                    d
                }
            };
            let draft = &mut drafts[d];
            match draft
                .spellings
                .iter_mut()
                .find(|(s, _)| *s == name.as_str())
            {
                Some((_, n)) => *n += 1,
                None => draft.spellings.push((name.as_str(), 1)),
            }
            if draft.articles.last() != Some(&i) {
                draft.articles.push(i);
            }
            drafts_of_article.terms.push(d as u32);
        }
        drafts_of_article.push_article();
    }

    let mut errors = Vec::new();
    let draft_count = drafts.len();
    let mut drafts: Vec<(usize, Draft<'_>)> = drafts.into_iter().enumerate().collect();
    drafts.sort_by(|a, b| a.1.key.cmp(&b.1.key));
    let mut terms: Vec<(Term, String, &std::path::Path, usize)> = drafts
        .into_iter()
        .map(|(id, d)| {
            let name = d
                .spellings
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(s, _)| s.to_string())
                .unwrap_or_default();
            let slug = slugify(&name);
            let slug = if slug.is_empty() {
                fallback_slug(&d.key)
            } else {
                slug
            };
            (
                Term {
                    name,
                    slug,
                    articles: d.articles,
                },
                d.key,
                d.first_source,
                id,
            )
        })
        .collect();
    terms.sort_by(|a, b| a.0.slug.cmp(&b.0.slug).then_with(|| a.1.cmp(&b.1)));
    for pair in terms.windows(2) {
        if pair[0].0.slug == pair[1].0.slug {
            errors.push(Diagnostic::error(
                pair[1].2,
                format!(
                    "{kind} {:?} and {:?} (used in {}) would both be written at /{kind}/{}/",
                    pair[1].0.name,
                    pair[0].0.name,
                    pair[0].2.display(),
                    pair[0].0.slug
                ),
                "spell the two terms the same way if they are one, or rename one of them",
            ));
        }
    }
    terms.dedup_by(|a, b| a.0.slug == b.0.slug);

    let mut term_of_draft: Vec<Option<usize>> = vec![None; draft_count];
    for (t, term) in terms.iter().enumerate() {
        term_of_draft[term.3] = Some(t);
    }
    // Drafts dropped as slug collisions leave their articles' lists.
    let mut article_terms = ArticleTerms {
        ends: Vec::with_capacity(articles.len()),
        terms: Vec::with_capacity(drafts_of_article.terms.len()),
    };
    for i in 0..articles.len() {
        let kept = drafts_of_article
            .of(i)
            .iter()
            .filter_map(|&d| term_of_draft[d as usize]);
        article_terms.terms.extend(kept.map(|t| t as u32));
        article_terms.push_article();
    }
    let taxonomy = Taxonomy {
        kind: kind.to_string(),
        title: title_case(kind),
        terms: terms.into_iter().map(|t| t.0).collect(),
    };
    (taxonomy, article_terms, errors)
}

/// A slug for a term whose name transliterates to nothing (punctuation only).
fn fallback_slug(key: &str) -> String {
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("term-{:08x}", hash as u32)
}

/// `tags` -> `Tags`.
pub fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn article(src: &str, tags: &[&str]) -> Arc<Article> {
        let mut terms = BTreeMap::new();
        terms.insert(
            "tags".to_string(),
            tags.iter().map(|s| s.to_string()).collect(),
        );
        Arc::new(crate::site::tests::article_with(src, terms))
    }

    #[test]
    fn merges_spellings_and_picks_the_most_used() {
        let arts = vec![
            article("a.md", &["Climate"]),
            article("b.md", &["climate"]),
            article("c.md", &["Climate", "Қазақстан"]),
        ];
        let (tax, per_article, errs) = build("tags", &arts);
        assert!(errs.is_empty());
        assert_eq!(tax.terms.len(), 2);
        assert_eq!(tax.terms[0].name, "Climate");
        assert_eq!(tax.terms[0].articles, [0, 1, 2]);
        assert_eq!(tax.terms[1].slug, "qazaqstan");
        assert_eq!(per_article.of(2).len(), 2);
        assert_eq!(per_article.of(0), [0]);
    }

    #[test]
    fn slug_collision_is_reported() {
        let arts = vec![article("a.md", &["Мир"]), article("b.md", &["Mir"])];
        let (tax, _, errs) = build("tags", &arts);
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].message.contains("/tags/mir/"),
            "{}",
            errs[0].message
        );
        assert_eq!(tax.terms.len(), 1);
    }

    #[test]
    fn punctuation_only_term_gets_a_slug() {
        let arts = vec![article("a.md", &["!!!"])];
        let (tax, _, _) = build("tags", &arts);
        assert!(tax.terms[0].slug.starts_with("term-"));
    }
}
