//! Authors whose byline has no profile in `data/authors.yaml`: a warning
//! each (their page still lists their articles, without a bio or links).

use std::collections::BTreeMap;

use crate::content::authors::FILE;
use crate::error::Diagnostic;
use crate::site::Site;

/// One warning per author without a profile, naming the slug to add; an
/// author who writes in several editions is counted across them.
pub fn missing_profiles(sites: &[Site]) -> Vec<Diagnostic> {
    let mut authors: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for site in sites {
        let Some((_, tax)) = site.taxonomy("authors") else {
            continue;
        };
        for term in tax
            .terms
            .iter()
            .filter(|t| site.profiles.get(&t.slug).is_none())
        {
            authors.entry(&term.slug).or_insert((&term.name, 0)).1 += term.articles.len();
        }
    }
    authors
        .into_iter()
        .map(|(slug, (name, count))| {
            Diagnostic::warning(
                FILE,
                format!(
                    "author {name} ({count} article{}) has no profile",
                    if count == 1 { "" } else { "s" }
                ),
                format!("add `{slug}:` with `name`, `role`, `bio`, `photo` and `links` to {FILE}"),
            )
        })
        .collect()
}
