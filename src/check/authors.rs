//! Authors whose byline has no profile in `data/authors.yaml`: a warning
//! each (their page still lists their articles, without a bio or links).

use crate::content::authors::FILE;
use crate::error::Diagnostic;
use crate::site::Site;

/// One warning per author without a profile, naming the slug to add.
pub fn missing_profiles(site: &Site) -> Vec<Diagnostic> {
    let Some((_, tax)) = site.taxonomy("authors") else {
        return Vec::new();
    };
    tax.terms
        .iter()
        .filter(|term| site.profiles.get(&term.slug).is_none())
        .map(|term| {
            Diagnostic::warning(
                FILE,
                format!(
                    "author {} ({} article{}) has no profile",
                    term.name,
                    term.articles.len(),
                    if term.articles.len() == 1 { "" } else { "s" }
                ),
                format!(
                    "add `{}:` with `name`, `role`, `bio`, `photo` and `links` to {FILE}",
                    term.slug
                ),
            )
        })
        .collect()
}
