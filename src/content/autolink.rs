//! Bare web addresses in prose become links, as GitHub, Hugo (Goldmark's
//! linkify) and Jekyll (kramdown with GFM) render them: `https://...`,
//! `http://...` and `www....`, with trailing punctuation left out and
//! parentheses balanced as GFM's extended autolinks do. pulldown-cmark has
//! no such extension, so the `linkify` crate finds them in text that is
//! neither code nor already a link (the caller's job).

use std::ops::Range;

use linkify::{LinkFinder, LinkKind};

/// A web address found in text: where, and the URL it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub href: String,
}

/// Whether `text` may hold an address: the cheap test run on every text
/// of every article before the search (GFM's `www.` is lowercase).
pub fn may_have_url(text: &str) -> bool {
    text.contains("://") || text.contains("www.")
}

/// The addresses in `text`, in order.
pub fn find(text: &str) -> Vec<Found> {
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
    finder
        .links(text)
        .filter_map(|link| {
            let s = link.as_str();
            let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
            let href = if lower.starts_with("http://") || lower.starts_with("https://") {
                s.to_string()
            } else if lower.starts_with("www.") && s.len() > 4 {
                format!("http://{s}")
            } else {
                return None;
            };
            Some(Found {
                range: link.start()..link.end(),
                href,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hrefs(text: &str) -> Vec<(String, String)> {
        find(text)
            .into_iter()
            .map(|f| (text[f.range].to_string(), f.href))
            .collect()
    }

    #[test]
    fn schemes_and_www() {
        assert_eq!(
            hrefs("See https://example.org/a_b?c=1 and www.commonmark.org/help."),
            [
                (
                    "https://example.org/a_b?c=1".into(),
                    "https://example.org/a_b?c=1".into()
                ),
                (
                    "www.commonmark.org/help".into(),
                    "http://www.commonmark.org/help".into()
                ),
            ]
        );
    }

    #[test]
    fn trailing_punctuation_and_parentheses() {
        assert_eq!(hrefs("(see https://x.org/a).")[0].0, "https://x.org/a");
        assert_eq!(
            hrefs("https://en.wikipedia.org/wiki/Rust_(language), yes")[0].0,
            "https://en.wikipedia.org/wiki/Rust_(language)"
        );
        assert_eq!(hrefs("Go to https://x.org!")[0].0, "https://x.org");
    }

    #[test]
    fn no_bare_domains_or_other_schemes() {
        assert!(hrefs("example.com and ftp://x.org and a.b").is_empty());
        assert!(!may_have_url("no address here."));
    }
}
