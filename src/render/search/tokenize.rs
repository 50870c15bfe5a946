//! The search tokeniser. The browser runs the same rules in
//! `themes/broadsheet/static/js/search.js` (`tokens()`), so that a word
//! typed in the search box becomes the very token the build indexed; the
//! two are kept simple enough to read side by side, and a test runs both on
//! the same words (`tests/browser_search.rs`).
//!
//! 1. A word is a run of letters (Unicode `Alphabetic`), digits (`N`) and
//!    combining accents (U+0300–U+036F); anything else separates words.
//! 2. Each word is lowercased; if it is not ASCII it is decomposed (NFD),
//!    its accents U+0300–U+036F are dropped and it is recomposed (NFC):
//!    `Zürich` -> `zurich`, `Ёлка` -> `елка`. Letters with no decomposition
//!    stay as they are, so Kazakh `ә ғ қ ң ө ұ ү һ і` keep their identity.
//! 3. Within a word, runs of Chinese and Japanese characters (Han, Hiragana,
//!    Katakana: [`is_cjk`]) are cut into characters: the index holds every
//!    character and every pair of neighbours (bigram); a query of one
//!    character looks for the character, a longer query for its bigrams.
//! 4. Other tokens of fewer than 2 or more than [`MAX_CHARS`] characters are
//!    dropped (initials, hashes in URLs).

use unicode_normalization::UnicodeNormalization;

/// Longest token kept, in characters.
pub const MAX_CHARS: usize = 40;

/// Whether the tokens are for the index or for a query (see rule 3).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Index,
    Query,
}

/// Calls `emit` with each token of `text`, in order (with repeats).
///
/// Words are found in place, ASCII by a table lookup per byte (only other
/// characters are decoded), and an ASCII word is lowercased into one reused
/// buffer only when it has a capital: the build runs this over every
/// article's text, so the common case allocates and copies nothing.
pub fn tokens(text: &str, mode: Mode, emit: &mut dyn FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut lower = String::new();
    let mut i = 0;
    while i < bytes.len() {
        // Up to the next word.
        let b = bytes[i];
        if b < 0x80 {
            if ASCII[b as usize] == 0 {
                i += 1;
                continue;
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if !is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
        }
        // The word: ASCII letters and digits, and any other word character.
        let start = i;
        let (mut upper, mut ascii) = (false, true);
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                match ASCII[b as usize] {
                    0 => break,
                    UPPER => upper = true,
                    _ => {}
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if !is_word_char(c) {
                    break;
                }
                ascii = false;
                i += c.len_utf8();
            }
        }
        let word = &text[start..i];
        if !ascii {
            word_tokens(&fold(word), mode, emit);
        } else if (2..=MAX_CHARS).contains(&word.len()) {
            if upper {
                lower.clear();
                lower.push_str(word);
                lower.make_ascii_lowercase();
                emit(&lower);
            } else {
                emit(word);
            }
        }
    }
}

/// [`tokens`]' classes of ASCII bytes: 0 separates words, [`UPPER`] is a
/// capital letter, 1 another letter or a digit.
const UPPER: u8 = 2;
static ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = if (b as u8).is_ascii_uppercase() {
            UPPER
        } else if (b as u8).is_ascii_alphanumeric() {
            1
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The tokens of `text` as a list, for tests and small inputs.
pub fn token_list(text: &str, mode: Mode) -> Vec<String> {
    let mut out = Vec::new();
    tokens(text, mode, &mut |t| out.push(t.to_string()));
    out
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphabetic() || c.is_numeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// Han (with its extensions and compatibility block), Hiragana, Katakana.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

/// Rule 3 and 4 for a folded word that was not ASCII.
fn word_tokens(folded: &str, mode: Mode, emit: &mut dyn FnMut(&str)) {
    let mut rest = folded;
    while let Some(first) = rest.chars().next() {
        let cjk = is_cjk(first);
        let end = rest
            .char_indices()
            .find(|&(_, c)| is_cjk(c) != cjk)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        if cjk {
            cjk_tokens(run, mode, emit);
        } else {
            let n = run.chars().count();
            if (2..=MAX_CHARS).contains(&n) {
                emit(run);
            }
        }
        rest = tail;
    }
}

/// Rule 2 for a word that is not ASCII: lowercase, accents dropped.
fn fold(word: &str) -> String {
    word.to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .nfc()
        .collect()
}

/// Rule 3: characters and bigrams (index), or the bigrams alone (query).
fn cjk_tokens(run: &str, mode: Mode, emit: &mut dyn FnMut(&str)) {
    let bounds: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(run.len()))
        .collect();
    let chars = bounds.len() - 1;
    if mode == Mode::Index || chars == 1 {
        for k in 0..chars {
            emit(&run[bounds[k]..bounds[k + 1]]);
        }
    }
    for k in 0..chars.saturating_sub(1) {
        emit(&run[bounds[k]..bounds[k + 2]]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<String> {
        token_list(text, Mode::Query)
    }

    #[test]
    fn latin_words_are_lowercased_and_lose_their_accents() {
        assert_eq!(
            q("Zürich's CAFÉ crème, naïve 2024"),
            ["zurich", "cafe", "creme", "naive", "2024"]
        );
        // Decomposed input (e + U+0301) folds the same as composed.
        assert_eq!(q("cafe\u{301}"), ["cafe"]);
        assert_eq!(q("a I x"), Vec::<String>::new());
    }

    #[test]
    fn cyrillic_keeps_kazakh_letters_and_folds_yo() {
        assert_eq!(q("Ёлка Москвы"), ["елка", "москвы"]);
        assert_eq!(
            q("Әуежай ҒАЛЫМДАР қала ңң Өскемен ұлттық үкімет һ-дыбыс ізденіс"),
            [
                "әуежаи",
                "ғалымдар",
                "қала",
                "ңң",
                "өскемен",
                "ұлттық",
                "үкімет",
                "дыбыс",
                "ізденіс"
            ]
        );
    }

    #[test]
    fn chinese_and_japanese_become_characters_and_bigrams() {
        assert_eq!(
            token_list("東京都", Mode::Index),
            ["東", "京", "都", "東京", "京都"]
        );
        assert_eq!(q("東京都"), ["東京", "京都"]);
        assert_eq!(q("東"), ["東"]);
        // Mixed words split at the script boundary.
        assert_eq!(q("iPhoneを買う"), ["iphone", "を買", "買う"]);
    }

    #[test]
    fn ascii_words_are_lowercased_whether_or_not_they_have_capitals() {
        assert_eq!(
            q("Harbour HARBOUR harbour hArBoUr G20 x9Z"),
            ["harbour", "harbour", "harbour", "harbour", "g20", "x9z"]
        );
        // A capitalised word after a lowercase one, and at the very end.
        assert_eq!(q("port Quay;Dock"), ["port", "quay", "dock"]);
        // ASCII and other letters in one word fold as one word.
        assert_eq!(q("Café-Zürich"), ["cafe", "zurich"]);
    }

    #[test]
    fn long_tokens_are_dropped_and_punctuation_separates() {
        let long = "x".repeat(MAX_CHARS + 1);
        assert_eq!(q(&format!("{long} ok-go e-mail")), ["ok", "go", "mail"]);
    }
}
