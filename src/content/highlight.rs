//! Syntax highlighting of fenced code blocks at build time, so that pages
//! need no JavaScript: spans with `hl-` classes, coloured by the theme's
//! stylesheet (light and dark). docs/highlighting.md explains the choice of
//! syntect with bat's grammars (two-face) and its cost.

use std::fmt::Write as _;
use std::sync::LazyLock;

use pulldown_cmark_escape::escape_html;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

/// Loaded on the first code block with a language, not at start-up: most
/// builds of a news site have none, and the grammars take tens of ms.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// A prefix keeps the classes (`string`, `type`) from clashing with the
/// theme's own.
pub const CLASS_PREFIX: &str = "hl-";

/// Past this a block is shown plain: highlighting is a few MB/s, and one
/// pasted log must not hold up a build.
const MAX_CODE_BYTES: usize = 512 << 10;

/// Highlighted-line ranges kept from one info string, so that a hostile one
/// cannot make every line's check slow.
const MAX_RANGES: usize = 64;

/// What a fence's info string asks for, in Zola's form
/// (`rust,linenos,hl_lines=3-5 7`) or Hugo's
/// (`rust {linenos=true,hl_lines=[3,"5-7"]}`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fence<'a> {
    pub lang: &'a str,
    pub linenos: bool,
    pub line_start: usize,
    pub hl_lines: Vec<(usize, usize)>,
}

impl Fence<'_> {
    fn is_highlighted(&self, line: usize) -> bool {
        self.hl_lines.iter().any(|&(a, b)| a <= line && line <= b)
    }
}

pub fn parse_info(info: &str) -> Fence<'_> {
    let info = info.trim();
    let lang_end = info
        .find(|c: char| c == ',' || c == '{' || c.is_whitespace())
        .unwrap_or(info.len());
    let mut fence = Fence {
        lang: &info[..lang_end],
        line_start: 1,
        ..Fence::default()
    };
    let rest = info[lang_end..].trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    let rest = rest.strip_prefix('{').unwrap_or(rest);
    let rest = rest.strip_suffix('}').unwrap_or(rest);
    for item in split_outside_brackets(rest) {
        let (key, value) = match item.split_once('=') {
            Some((k, v)) => (k.trim(), Some(v.trim().trim_matches('"'))),
            None => (item.trim(), None),
        };
        match key {
            "linenos" => fence.linenos = value.is_none_or(|v| v != "false"),
            "linenostart" => {
                if let Some(n) = value.and_then(|v| v.parse().ok()) {
                    fence.line_start = n;
                }
            }
            "hl_lines" => {
                let list = value.unwrap_or("");
                let list = list.trim_start_matches('[').trim_end_matches(']');
                for part in list
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .map(|p| p.trim_matches('"'))
                    .filter(|p| !p.is_empty())
                    .take(MAX_RANGES)
                {
                    let range = match part.split_once('-') {
                        Some((a, b)) => a.parse().ok().zip(b.parse().ok()),
                        None => part.parse().ok().map(|n| (n, n)),
                    };
                    if let Some(r) = range {
                        fence.hl_lines.push(r);
                    }
                }
            }
            _ => {}
        }
    }
    fence
}

/// Splits on commas that are not inside `[...]`: Hugo's `hl_lines=[3,5]`
/// is one item.
fn split_outside_brackets(s: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&s[start..]);
    items.retain(|i| !i.trim().is_empty());
    items
}

/// The grammar for a fence's language: by file extension or name as bat
/// knows them, and the names people write that neither covers.
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    if lang.is_empty() {
        return None;
    }
    let lower = lang.to_ascii_lowercase();
    let token = match lower.as_str() {
        "shell" | "console" | "shellsession" | "zsh" | "shell-session" => "bash",
        "golang" => "go",
        "csharp" | "c#" => "cs",
        "c++" => "cpp",
        "docker" | "containerfile" => "Dockerfile",
        "patch" => "diff",
        "typescript" => "ts",
        "javascript" | "node" => "js",
        "jsonc" | "json5" => "json",
        "python3" => "py",
        "golang-mod" => "go",
        other => other,
    };
    SYNTAXES.find_syntax_by_token(token)
}

/// Why a block was left plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plain {
    /// No grammar for its language: worth a warning.
    UnknownLanguage,
    /// Too large, or the grammar gave up on it: shown plain, silently.
    NotHighlighted,
}

/// Scope prefixes and the class each gives, innermost scope first: a
/// token gets the class of its innermost classed scope. One flat span per
/// run of tokens of a class, not a span per grammar scope as syntect's own
/// HTML writer does: its output was 23 times the code's size
/// (docs/highlighting.md), and a theme needs only these few colours.
static CLASSES: LazyLock<Vec<(Scope, &'static str)>> = LazyLock::new(|| {
    [
        ("comment", "comment"),
        ("string", "string"),
        ("constant", "constant"),
        ("entity.name.function", "function"),
        ("support.function", "function"),
        ("variable.function", "function"),
        ("entity.name.type", "type"),
        ("entity.name.class", "type"),
        ("entity.name.struct", "type"),
        ("entity.name.enum", "type"),
        ("support.type", "type"),
        ("support.class", "type"),
        ("storage.type", "keyword"),
        ("storage.modifier", "keyword"),
        ("keyword.operator", ""),
        ("keyword", "keyword"),
        ("entity.name.tag", "tag"),
        ("entity.other.attribute-name", "attr"),
        ("markup.inserted", "inserted"),
        ("markup.deleted", "deleted"),
        ("markup.heading", "heading"),
        ("meta.diff.range", "heading"),
        ("meta.diff.header", "heading"),
        ("markup.raw", "string"),
        ("variable.parameter", "param"),
    ]
    .into_iter()
    .filter_map(|(scope, class)| Scope::new(scope).ok().map(|s| (s, class)))
    .collect()
});

/// The class of text under `stack`, or "" for none.
fn class_of(stack: &ScopeStack) -> &'static str {
    for &scope in stack.as_slice().iter().rev() {
        if let Some(&(_, class)) = CLASSES.iter().find(|(p, _)| p.is_prefix_of(scope)) {
            return class;
        }
    }
    ""
}

/// The whole `<pre>` element for `code`, or why it is left to the plain
/// (escaped) rendering.
pub fn highlight(fence: &Fence<'_>, code: &str) -> Result<String, Plain> {
    let syntax = syntax_for(fence.lang).ok_or(Plain::UnknownLanguage)?;
    if code.len() > MAX_CODE_BYTES {
        return Err(Plain::NotHighlighted);
    }
    let mut out = String::with_capacity(code.len() * 2 + 128);
    out.push_str("<pre class=\"highlight\"><code class=\"language-");
    let _ = escape_html(&mut out, fence.lang);
    out.push_str("\" data-lang=\"");
    let _ = escape_html(&mut out, fence.lang);
    out.push_str("\">");

    let by_line = fence.linenos || !fence.hl_lines.is_empty();
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    for (i, line) in code.split_inclusive('\n').enumerate() {
        let ops = state
            .parse_line(line, &SYNTAXES)
            .map_err(|_| Plain::NotHighlighted)?;
        let (text, newline) = match line.strip_suffix('\n') {
            Some(t) => (t, true),
            None => (line, false),
        };
        if by_line {
            out.push_str(if fence.is_highlighted(i + 1) {
                "<span class=\"line hl\">"
            } else {
                "<span class=\"line\">"
            });
            if fence.linenos {
                let number = fence.line_start.saturating_add(i);
                let _ = write!(out, "<span class=\"ln\" data-n=\"{number}\"></span>");
            }
        }
        // Spans close at the end of each line, so that a line can be
        // wrapped whole and the newline sits outside them.
        let mut open = "";
        let mut at = 0;
        let mut write_to =
            |out: &mut String, end: usize, class: &'static str, open: &mut &'static str| {
                let end = end.min(text.len());
                if end <= at {
                    return;
                }
                if class != *open {
                    if !open.is_empty() {
                        out.push_str("</span>");
                    }
                    if !class.is_empty() {
                        out.push_str("<span class=\"");
                        out.push_str(CLASS_PREFIX);
                        out.push_str(class);
                        out.push_str("\">");
                    }
                    *open = class;
                }
                let _ = escape_html(&mut *out, &text[at..end]);
                at = end;
            };
        for (offset, op) in &ops {
            write_to(&mut out, *offset, class_of(&stack), &mut open);
            stack.apply(op).map_err(|_| Plain::NotHighlighted)?;
        }
        write_to(&mut out, text.len(), class_of(&stack), &mut open);
        if !open.is_empty() {
            out.push_str("</span>");
        }
        if by_line {
            out.push_str("</span>");
        }
        if newline {
            out.push('\n');
        }
    }
    out.push_str("</code></pre>\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zola_and_hugo_info_strings() {
        let f = parse_info("rust,linenos,hl_lines=3-5 7");
        assert_eq!(f.lang, "rust");
        assert!(f.linenos);
        assert_eq!(f.hl_lines, [(3, 5), (7, 7)]);
        let f = parse_info("rust {linenos=true,hl_lines=[3,\"5-6\"]}");
        assert_eq!(f.lang, "rust");
        assert!(f.linenos);
        assert_eq!(f.hl_lines, [(3, 3), (5, 6)]);
        let f = parse_info("go {linenos=false, linenostart=10}");
        assert!(!f.linenos);
        assert_eq!(f.line_start, 10);
        assert_eq!(parse_info("python").lang, "python");
    }

    #[test]
    fn every_language_the_issue_names_is_known() {
        for lang in [
            "sh",
            "bash",
            "shell",
            "js",
            "javascript",
            "ts",
            "typescript",
            "tsx",
            "python",
            "py",
            "rust",
            "go",
            "java",
            "c",
            "cpp",
            "c++",
            "csharp",
            "cs",
            "php",
            "ruby",
            "sql",
            "json",
            "yaml",
            "toml",
            "html",
            "css",
            "diff",
            "dockerfile",
            "markdown",
            "md",
        ] {
            assert!(syntax_for(lang).is_some(), "{lang}");
        }
        assert!(syntax_for("klingon").is_none());
    }

    #[test]
    fn lines_are_closed_one_by_one() {
        let f = parse_info("rust,linenos,hl_lines=2");
        let html = highlight(&f, "/* a\nb */\nfn main() {}\n").unwrap();
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        assert!(html.contains("<span class=\"line hl\"><span class=\"ln\" data-n=\"2\">"));
        assert!(html.contains("hl-comment"));
    }

    #[test]
    fn code_stays_escaped() {
        let html = highlight(&parse_info("html"), "<script>alert(1)</script>\n").unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;"));
    }
}
