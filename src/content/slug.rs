//! Slugs: lowercase ASCII words joined by `-`, transliterated from any script.
//!
//! The `slug` crate (deunicode underneath) does the transliteration; this module
//! adds the newsroom rules on top: a term's identity key (for merging "Climate"
//! and "climate") and a fallback for text that transliterates to nothing.

/// Slug of `text`: "Қазақстан" -> "qazaqstan", "Hello, World!" -> "hello-world".
///
/// Text with no transliterable characters (emoji only, say) gives an empty
/// string; callers decide what to do with it (see [`slug_or_fallback`]).
pub fn slugify(text: &str) -> String {
    let slug = if text.chars().any(is_kazakh_letter) {
        let mapped: String = text.chars().map(kazakh_latin).collect();
        slug::slugify(mapped)
    } else {
        slug::slugify(text)
    };
    cap_length(slug)
}

/// Longest slug, in bytes: a path part must fit a file name (255 bytes on
/// common file systems) and stay readable. Slugs are ASCII, so any cut is
/// at a character boundary.
pub const MAX_SLUG: usize = 100;

fn cap_length(mut slug: String) -> String {
    if slug.len() > MAX_SLUG {
        slug.truncate(MAX_SLUG);
        let trimmed = slug.trim_end_matches('-').len();
        slug.truncate(trimmed);
    }
    slug
}

/// Kazakh Cyrillic letters that deunicode spells with apostrophes (`Қ` ->
/// `K'`), which would split words; the official Latin alphabet's forms read
/// better in URLs ("Қазақстан" -> "qazaqstan").
fn kazakh_latin(c: char) -> std::borrow::Cow<'static, str> {
    let s = match c {
        'Қ' | 'қ' => "q",
        'Ғ' | 'ғ' => "gh",
        'Ң' | 'ң' => "ng",
        'Ә' | 'ә' => "a",
        'Ө' | 'ө' => "o",
        'Ұ' | 'ұ' | 'Ү' | 'ү' => "u",
        'Һ' | 'һ' => "h",
        'І' | 'і' => "i",
        other => return other.to_string().into(),
    };
    s.into()
}

fn is_kazakh_letter(c: char) -> bool {
    matches!(
        c,
        'Қ' | 'қ'
            | 'Ғ'
            | 'ғ'
            | 'Ң'
            | 'ң'
            | 'Ә'
            | 'ә'
            | 'Ө'
            | 'ө'
            | 'Ұ'
            | 'ұ'
            | 'Ү'
            | 'ү'
            | 'Һ'
            | 'һ'
            | 'І'
            | 'і'
    )
}

/// Slug of `text`, or `fallback` slugified when `text` gives none.
pub fn slug_or_fallback(text: &str, fallback: &str) -> String {
    let s = slugify(text);
    if s.is_empty() { slugify(fallback) } else { s }
}

/// The key under which two spellings of a term are the same term: case,
/// spacing and punctuation do not count, letters do in every script
/// ("U.S. Politics" and "us politics" are one term; "Мир" and "Mir" are two
/// terms, whose slugs collide, which the site model reports).
pub fn term_key(name: &str) -> String {
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if key.is_empty() {
        name.trim().to_string()
    } else {
        key
    }
}

/// Collapses runs of whitespace and trims: the display form of a term.
/// Control characters (NUL, escape codes) count as spaces: no page, feed
/// or sitemap can carry them.
pub fn tidy_name(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_cyrillic_and_kazakh() {
        assert_eq!(slugify("Қазақстан"), "qazaqstan");
        assert_eq!(slugify("Россия"), "rossiia");
        assert_eq!(slugify("Өскемен жаңалықтары"), "oskemen-zhangalyqtary");
        assert_eq!(slugify("Zürich"), "zurich");
    }

    #[test]
    fn punctuation_and_case_fold() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  C.S.T.O.  "), "c-s-t-o");
        assert_eq!(term_key("Climate"), term_key("climate "));
        assert_eq!(term_key("U.S. Politics"), term_key("us politics"));
        assert_ne!(term_key("Мир"), term_key("Mir"));
        assert_eq!(slugify("Мир"), slugify("Mir"));
    }

    #[test]
    fn empty_slug_falls_back() {
        assert_eq!(slugify("!!! — ???"), "");
        assert_eq!(slug_or_fallback("!!!", "article-7"), "article-7");
    }

    #[test]
    fn long_slugs_are_capped() {
        let s = slugify(&"word ".repeat(100));
        assert!(s.len() <= MAX_SLUG && !s.ends_with('-'), "{s}");
    }

    #[test]
    fn tidy_collapses_spaces() {
        assert_eq!(tidy_name("Nul\0and\x07bell"), "Nul and bell");
        assert_eq!(tidy_name("  New   York "), "New York");
    }
}
