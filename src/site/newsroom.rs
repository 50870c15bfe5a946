//! Newsroom checks on the model (issue 26) that do not stop a build: lead
//! images without alt text.

use crate::content::Article;
use crate::error::Diagnostic;

/// The lead image's alt text as the article gives it (`image_alt`, kept
/// under `extra`), if any.
pub fn image_alt(a: &Article) -> Option<&str> {
    a.extra
        .get("image_alt")
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A warning for each article with a lead image and no `image_alt`: the
/// theme shows the image with empty alt text, which hides it from screen
/// readers, right for a decorative picture and wrong for a news photo.
pub fn missing_alt_warnings<'a>(
    articles: impl Iterator<Item = &'a Article>,
) -> impl Iterator<Item = Diagnostic> {
    articles
        .filter(|a| a.image.is_some() && image_alt(a).is_none())
        .map(|a| {
            let file = a.image.as_deref().unwrap_or_default();
            let name = file.rsplit('/').next().unwrap_or(file);
            Diagnostic::warning(
                &a.source,
                format!("the lead image {name} has no alt text"),
                "say what the picture shows for readers who cannot see it: `image_alt: \"...\"` \
                 under `extra:` in the front matter",
            )
        })
}
