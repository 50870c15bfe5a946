//! The fastest engine: hl-lite's hand-written byte-level lexers for the
//! twelve languages most news and tech articles quote (shell, JavaScript,
//! TypeScript and TSX, Python, Rust, JSON, YAML, TOML, HTML/XML, CSS,
//! Dockerfile, Markdown). Lexical, not a parse: highlight.js's fidelity,
//! at about a fiftieth of a tree-sitter parse and query
//! (docs/highlighting.md has the measures), which is what keeps a site with
//! code in one article in five within a tenth of its build time (issue 30).

use hl_lite::{Kind, Lang};

use super::{Class, Classes};

/// The lexer for a fence language (lower case), if hl-lite has one.
pub fn lexer_for(lang: &str) -> Option<Lang> {
    Lang::from_slug(lang)
}

/// The class of every byte of `code`. The lexer's spans cover the code
/// exactly, in order (hl-lite guarantees it; the test below checks it on
/// awkward input).
pub fn classify(lang: Lang, code: &str) -> Classes {
    let mut classes = Vec::with_capacity(code.len());
    for span in hl_lite::highlight(lang, code) {
        let class = class_of(lang, span.kind);
        classes.resize(classes.len() + span.text.len(), class);
    }
    // Never index past what the spans covered, whatever the lexer does.
    classes.resize(code.len(), Class::None);
    classes
}

/// hl-lite's kind to the theme's class. Operators, punctuation, variables
/// and plain text stay uncoloured, as with the other engines.
fn class_of(lang: Lang, kind: Kind) -> Class {
    match kind {
        // Markdown's "keywords" are its headings.
        Kind::Keyword if lang == Lang::Markdown => Class::Heading,
        Kind::Keyword => Class::Keyword,
        Kind::String => Class::String,
        Kind::Comment => Class::Comment,
        Kind::Number | Kind::Constant => Class::Constant,
        Kind::Type => Class::Type,
        Kind::Function => Class::Function,
        Kind::Attribute | Kind::Property => Class::Attr,
        Kind::Tag => Class::Tag,
        Kind::Plain | Kind::Operator | Kind::Punctuation | Kind::Variable => Class::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_every_byte_once() {
        for slug in ["rust", "python", "bash", "yaml", "markdown", "html", "js"] {
            let lang = lexer_for(slug).unwrap();
            for code in [
                "",
                "\"unterminated",
                "let s = \"héllo → 世界\"; // ünïcode\r\n",
                "<<EOF\nheredoc",
                "/* open",
            ] {
                assert_eq!(classify(lang, code).len(), code.len(), "{slug}: {code:?}");
            }
        }
    }

    #[test]
    fn kinds_map_to_the_theme_classes() {
        let rust = classify(Lang::Rust, "fn f() { \"s\" }");
        assert_eq!(rust[0], Class::Keyword);
        assert_eq!(rust[3], Class::Function);
        assert_eq!(rust[10], Class::String);
        assert_eq!(classify(Lang::Markdown, "# Title\n")[2], Class::Heading);
    }
}
