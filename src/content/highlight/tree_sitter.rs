//! The fast engine: tree-sitter grammars (arborium's set, compiled in for
//! the languages of docs/highlighting.md), about eight times less work a
//! block than syntect's regex grammars (docs/highlighting.md has the
//! measures). Each grammar and its queries are compiled once per build, on
//! its language's first block, and shared by all threads; each thread keeps
//! its own parser.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError, RwLock};

use arborium::{GrammarStore, Highlighter};

use super::{Class, Classes};

static GRAMMARS: LazyLock<Arc<GrammarStore>> = LazyLock::new(|| Arc::new(GrammarStore::new()));

thread_local! {
    static HIGHLIGHTER: RefCell<Highlighter> =
        RefCell::new(Highlighter::with_store(Arc::clone(&GRAMMARS)));
}

/// The grammar's name for a fence language that arborium's own aliases
/// (`js`, `py`, `sh`, `yml`, `cs`...) leave out.
fn grammar_name(lang: &str) -> &str {
    match lang {
        "console" | "shellsession" | "shell-session" | "zsh" | "bash" => "bash",
        "c#" => "c-sharp",
        "containerfile" => "dockerfile",
        "typescript" | "cts" => "typescript",
        "node" => "javascript",
        "json5" => "json",
        "xhtml" => "html",
        other => other,
    }
}

/// Which grammar names have been asked for, and whether they exist.
static KNOWN: LazyLock<RwLock<HashMap<String, bool>>> = LazyLock::new(Default::default);

/// Held while a grammar compiles: the store compiles outside its lock, so
/// that threads meeting a language at once would each compile it (its
/// queries cost about 0.4 G instructions); they wait here instead.
static COMPILING: Mutex<()> = Mutex::new(());

/// Whether a compiled-in grammar covers `lang` (lower case); compiles it,
/// once, on its first block.
pub fn knows(lang: &str) -> bool {
    let name = grammar_name(lang);
    let known = KNOWN
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(name)
        .copied();
    if let Some(known) = known {
        return known;
    }
    let _one_at_a_time = COMPILING.lock().unwrap_or_else(PoisonError::into_inner);
    let known = GRAMMARS.get(name).is_some();
    KNOWN
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(name.to_string(), known);
    known
}

/// The class of every byte of `code`, or None when the grammar is missing
/// or fails (the caller then tries the other engine, then plain).
pub fn classify(lang: &str, code: &str) -> Option<Classes> {
    let grammar = grammar_name(lang);
    let spans = HIGHLIGHTER
        .with(|h| h.borrow_mut().highlight_spans(grammar, code))
        .ok()?;
    let is_diff = grammar == "diff" || grammar == "patch";
    let mut spans: Vec<(usize, usize, u32, Class)> = spans
        .into_iter()
        .filter_map(|s| {
            let class = match class_of_capture(&s.capture)? {
                // The diff grammar's own query colours added lines as
                // strings, removed ones as keywords and ranges as attributes.
                Class::String if is_diff => Class::Inserted,
                Class::Keyword if is_diff => Class::Deleted,
                Class::Attr if is_diff => Class::Heading,
                class => class,
            };
            let end = (s.end as usize).min(code.len());
            let start = (s.start as usize).min(end);
            Some((start, end, s.pattern_index, class))
        })
        .collect();
    // Innermost wins: wide spans are painted first and narrow ones over
    // them; of two spans over the same bytes, the later pattern (tree-sitter's
    // rule for highlight queries as arborium applies it).
    spans.sort_unstable_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.2.cmp(&b.2)));
    let mut classes = vec![Class::None; code.len()];
    for (start, end, _, class) in spans {
        classes[start..end].fill(class);
    }
    Some(classes)
}

/// A capture name of a highlight query (`keyword.return`, `string.escape`,
/// nvim-treesitter's `conditional`...) to Gazette's class, or None for the
/// captures a theme leaves uncoloured (variables, punctuation, operators).
fn class_of_capture(capture: &str) -> Option<Class> {
    let capture = capture.strip_prefix('@').unwrap_or(capture);
    let head = capture.split('.').next().unwrap_or(capture);
    let class = match capture {
        "variable.parameter" | "parameter" => Class::Param,
        "string.escape" | "escape" | "string.special.symbol" => Class::Constant,
        "tag.attribute" | "attribute" | "attribute.builtin" => Class::Attr,
        "tag.delimiter" | "punctuation.special" => return None,
        "diff.plus" | "diff.addition" | "text.diff.add" => Class::Inserted,
        "diff.minus" | "diff.deletion" | "text.diff.delete" => Class::Deleted,
        "text.title" | "markup.heading" | "diff.delta" => Class::Heading,
        "text.literal" | "markup.raw" | "markup.raw.block" | "markup.raw.inline" => Class::String,
        _ => match head {
            "comment" => Class::Comment,
            "string" | "character" => Class::String,
            "constant" | "number" | "float" | "boolean" => Class::Constant,
            "function" | "method" | "macro" => Class::Function,
            "type" | "constructor" => Class::Type,
            "keyword" | "include" | "conditional" | "repeat" | "exception" | "storageclass"
            | "preproc" | "define" | "structure" => Class::Keyword,
            "tag" => Class::Tag,
            _ if capture.starts_with("markup.heading") => Class::Heading,
            _ => return None,
        },
    };
    Some(class)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_map_to_the_theme_classes() {
        assert_eq!(class_of_capture("keyword.return"), Some(Class::Keyword));
        assert_eq!(class_of_capture("conditional"), Some(Class::Keyword));
        assert_eq!(class_of_capture("string.escape"), Some(Class::Constant));
        assert_eq!(class_of_capture("function.macro"), Some(Class::Function));
        assert_eq!(class_of_capture("variable.parameter"), Some(Class::Param));
        assert_eq!(class_of_capture("markup.heading.1"), Some(Class::Heading));
        assert_eq!(class_of_capture("variable"), None);
        assert_eq!(class_of_capture("punctuation.bracket"), None);
    }
}
