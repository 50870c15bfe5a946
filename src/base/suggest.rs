//! "Did you mean ...?": the known name closest to a misspelled one, for
//! the warnings and errors about unknown keys, sections and languages.

/// The candidate closest to `word` by edit distance, when it is close
/// enough to be a likely misspelling: at most one edit in short names, two
/// in longer ones (`tgas` -> `tags`, `paginte` -> `paginate`), so that an
/// unrelated name gets no suggestion rather than a misleading one. A name
/// differing only in case (`Title`) is suggested too; ties go to the earlier
/// candidate.
pub fn closest<'a, I, S>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + ?Sized + 'a,
{
    let lower_word = word.to_lowercase();
    let most = if lower_word.chars().count() <= 4 {
        1
    } else {
        2
    };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let c = c.as_ref();
        if c == word {
            continue;
        }
        // Transpositions (`tgas`) count as one edit, as a typist makes them.
        let d = strsim::damerau_levenshtein(&lower_word, &c.to_lowercase());
        if d <= most && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// ` did you mean `x`?` for [`closest`], or nothing: ready to append to a
/// message.
pub fn did_you_mean<'a, I, S>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + ?Sized + 'a,
{
    closest(word, candidates).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested_far_ones_are_not() {
        let keys = ["title", "tags", "categories", "category", "paginate"];
        assert_eq!(closest("tittle", &keys), Some("title"));
        assert_eq!(closest("tgas", &keys), Some("tags"));
        assert_eq!(closest("catgory", &keys), Some("category"));
        assert_eq!(closest("paginte", &keys), Some("paginate"));
        assert_eq!(closest("Title", &keys), Some("title"));
        assert_eq!(closest("title", &keys), None);
        assert_eq!(closest("weather", &keys), None);
        assert_eq!(closest("tg", &keys), None);
    }
}
