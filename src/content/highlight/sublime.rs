//! The engine for the languages without a compiled-in tree-sitter grammar:
//! syntect with bat's Sublime Text grammars (two-face), about two hundred of
//! them, pure Rust, but some eight times the work a block of the tree-sitter
//! engine (docs/highlighting.md).

use std::sync::LazyLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

use super::{Class, Classes};

/// Loaded on the first block that needs it, not at start-up: most builds
/// never do, and the grammars take tens of ms to load.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// The grammar for a fence's language (lower case): by file extension or
/// name as bat knows them, and the names people write that neither covers.
pub fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    if lang.is_empty() {
        return None;
    }
    let token = match lang {
        "shell" | "console" | "shellsession" | "zsh" | "shell-session" => "bash",
        "golang" | "golang-mod" => "go",
        "csharp" | "c#" => "cs",
        "c++" => "cpp",
        "docker" | "containerfile" => "Dockerfile",
        "patch" => "diff",
        "typescript" => "ts",
        "javascript" | "node" => "js",
        "jsonc" | "json5" => "json",
        "python3" => "py",
        other => other,
    };
    SYNTAXES.find_syntax_by_token(token)
}

/// Scope prefixes and the class each gives, innermost scope first: a
/// token gets the class of its innermost classed scope.
static CLASSES: LazyLock<Vec<(Scope, Class)>> = LazyLock::new(|| {
    [
        ("comment", Class::Comment),
        ("string", Class::String),
        ("constant", Class::Constant),
        ("entity.name.function", Class::Function),
        ("support.function", Class::Function),
        ("variable.function", Class::Function),
        ("entity.name.type", Class::Type),
        ("entity.name.class", Class::Type),
        ("entity.name.struct", Class::Type),
        ("entity.name.enum", Class::Type),
        ("support.type", Class::Type),
        ("support.class", Class::Type),
        ("storage.type", Class::Keyword),
        ("storage.modifier", Class::Keyword),
        ("keyword.operator", Class::None),
        ("keyword", Class::Keyword),
        ("entity.name.tag", Class::Tag),
        ("entity.other.attribute-name", Class::Attr),
        ("markup.inserted", Class::Inserted),
        ("markup.deleted", Class::Deleted),
        ("markup.heading", Class::Heading),
        ("meta.diff.range", Class::Heading),
        ("meta.diff.header", Class::Heading),
        ("markup.raw", Class::String),
        ("variable.parameter", Class::Param),
    ]
    .into_iter()
    .filter_map(|(scope, class)| Scope::new(scope).ok().map(|s| (s, class)))
    .collect()
});

/// The class of text under `stack`.
fn class_of(stack: &ScopeStack) -> Class {
    for &scope in stack.as_slice().iter().rev() {
        if let Some(&(_, class)) = CLASSES.iter().find(|(p, _)| p.is_prefix_of(scope)) {
            return class;
        }
    }
    Class::None
}

/// The class of every byte of `code`, or None when the grammar gives up.
pub fn classify(syntax: &SyntaxReference, code: &str) -> Option<Classes> {
    let mut classes = vec![Class::None; code.len()];
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut line_start = 0;
    for line in code.split_inclusive('\n') {
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        let mut at = 0;
        for (offset, op) in &ops {
            let end = (*offset).min(line.len());
            if end > at {
                classes[line_start + at..line_start + end].fill(class_of(&stack));
                at = end;
            }
            stack.apply(op).ok()?;
        }
        classes[line_start + at..line_start + line.len()].fill(class_of(&stack));
        line_start += line.len();
    }
    Some(classes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_beyond_the_tree_sitter_set_are_known() {
        for lang in ["lua", "perl", "kotlin", "swift", "haskell", "ini", "xml"] {
            assert!(syntax_for(lang).is_some(), "{lang}");
        }
        assert!(syntax_for("klingon").is_none());
    }
}
