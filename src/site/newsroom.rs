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

/// Lead-image warnings listed one by one; past this, one more warning
/// counts the rest (an imported archive may have thousands).
const MAX_LISTED: usize = 10;

/// A warning for each article with a lead image and no `image_alt` (the
/// first [`MAX_LISTED`], then one counting the rest): the theme shows the
/// image with empty alt text, which hides it from screen readers, right
/// for a decorative picture and wrong for a news photo.
pub fn missing_alt_warnings<'a>(articles: impl Iterator<Item = &'a Article>) -> Vec<Diagnostic> {
    let help = "say what the picture shows for readers who cannot see it: `image_alt: \"...\"` \
                under `extra:` in the front matter";
    let missing: Vec<&Article> = articles
        .filter(|a| a.image.is_some() && image_alt(a).is_none())
        .collect();
    let mut warnings: Vec<Diagnostic> = missing
        .iter()
        .take(MAX_LISTED)
        .map(|a| {
            let file = a.image.as_deref().unwrap_or_default();
            let name = file.rsplit('/').next().unwrap_or(file);
            Diagnostic::warning(
                &a.source,
                format!("the lead image {name} has no alt text"),
                help,
            )
            .at_line(a.image_line)
        })
        .collect();
    if missing.len() > MAX_LISTED {
        let rest = &missing[MAX_LISTED..];
        warnings.push(Diagnostic::warning(
            &rest[0].source,
            format!(
                "{} more articles have a lead image without alt text (this one and {} others)",
                rest.len(),
                rest.len() - 1
            ),
            help,
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::tests::article_with;

    #[test]
    fn past_ten_the_rest_are_counted_in_one_warning() {
        let articles: Vec<Article> = (0..13)
            .map(|i| {
                let mut a = article_with(&format!("a{i:02}.md"), Default::default());
                a.image = Some(format!("/img/{i}.jpg"));
                if i == 0 {
                    a.extra = serde_json::json!({"image_alt": "Described"});
                }
                a
            })
            .collect();
        let w = missing_alt_warnings(articles.iter());
        assert_eq!(w.len(), 11);
        assert!(w[0].message.contains("1.jpg has no alt text"), "{:?}", w[0]);
        assert!(w[10].message.starts_with("2 more articles"), "{:?}", w[10]);
    }
}
