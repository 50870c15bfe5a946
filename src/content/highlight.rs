//! Syntax highlighting of fenced code blocks at build time, so that pages
//! need no JavaScript: spans with `hl-` classes, coloured by the theme's
//! stylesheet (light and dark). Three engines give each byte of a block its
//! class, the first that knows the language: hl-lite's lexers for the dozen
//! most quoted languages (fastest), tree-sitter grammars for a few more
//! (Go, Java, C, PHP, diff), syntect with bat's grammars for the other two
//! hundred; one writer turns the classes into HTML. docs/highlighting.md
//! explains the choice and its cost.

mod lexical;
mod sublime;
mod tree_sitter;

use std::fmt::Write as _;

use pulldown_cmark_escape::escape_html;

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

/// Why a block was left plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plain {
    /// No grammar for its language: worth a warning.
    UnknownLanguage,
    /// Too large, or the grammar gave up on it: shown plain, silently.
    NotHighlighted,
}

/// The kinds of token a theme colours: one flat span per run of a kind,
/// not a span per grammar scope as syntect's own HTML writer does (its
/// output was 23 times the code's size, docs/highlighting.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Class {
    #[default]
    None,
    Comment,
    String,
    Constant,
    Function,
    Type,
    Keyword,
    Tag,
    Attr,
    Param,
    Inserted,
    Deleted,
    Heading,
}

impl Class {
    /// The class name after [`CLASS_PREFIX`], or "" for none.
    fn name(self) -> &'static str {
        match self {
            Class::None => "",
            Class::Comment => "comment",
            Class::String => "string",
            Class::Constant => "constant",
            Class::Function => "function",
            Class::Type => "type",
            Class::Keyword => "keyword",
            Class::Tag => "tag",
            Class::Attr => "attr",
            Class::Param => "param",
            Class::Inserted => "inserted",
            Class::Deleted => "deleted",
            Class::Heading => "heading",
        }
    }
}

/// The class of each byte of a block, as the engines give it.
type Classes = Vec<Class>;

/// Which engine highlights a language: the first, fastest, that knows it.
enum Engine {
    Lexical(hl_lite::Lang),
    TreeSitter,
    Sublime(&'static syntect::parsing::SyntaxReference),
}

/// The whole `<pre>` element for `code`, or why it is left to the plain
/// (escaped) rendering.
pub fn highlight(fence: &Fence<'_>, code: &str) -> Result<String, Plain> {
    if fence.lang.is_empty() {
        return Err(Plain::UnknownLanguage);
    }
    let lang = fence.lang.to_ascii_lowercase();
    let engine = if let Some(lexer) = lexical::lexer_for(&lang) {
        Engine::Lexical(lexer)
    } else if tree_sitter::knows(&lang) {
        Engine::TreeSitter
    } else {
        Engine::Sublime(sublime::syntax_for(&lang).ok_or(Plain::UnknownLanguage)?)
    };
    if code.len() > MAX_CODE_BYTES {
        return Err(Plain::NotHighlighted);
    }
    let classes = match engine {
        Engine::Lexical(lexer) => Some(lexical::classify(lexer, code)),
        Engine::TreeSitter => tree_sitter::classify(&lang, code),
        Engine::Sublime(syntax) => sublime::classify(syntax, code),
    };
    let classes = classes.ok_or(Plain::NotHighlighted)?;
    Ok(write_html(fence, code, &classes))
}

/// The `<pre>` element: each line's runs of one class as a span (closed
/// at the end of the line, so that a line can be wrapped whole and the
/// newline sits outside them), in a line span with its number when asked.
fn write_html(fence: &Fence<'_>, code: &str, classes: &[Class]) -> String {
    let mut out = String::with_capacity(code.len() * 2 + 128);
    out.push_str("<pre class=\"highlight\"><code class=\"language-");
    let _ = escape_html(&mut out, fence.lang);
    out.push_str("\" data-lang=\"");
    let _ = escape_html(&mut out, fence.lang);
    out.push_str("\">");

    let by_line = fence.linenos || !fence.hl_lines.is_empty();
    let mut line_start = 0;
    for (i, line) in code.split_inclusive('\n').enumerate() {
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
        let line_classes = &classes[line_start..line_start + text.len()];
        let mut run_start = 0;
        while run_start < text.len() {
            let class = line_classes[run_start];
            // A run ends where the class changes, at a character boundary
            // (an engine may split a character's bytes).
            let mut run_end = run_start + 1;
            while run_end < text.len()
                && (line_classes[run_end] == class || !text.is_char_boundary(run_end))
            {
                run_end += 1;
            }
            if class != Class::None {
                out.push_str("<span class=\"");
                out.push_str(CLASS_PREFIX);
                out.push_str(class.name());
                out.push_str("\">");
            }
            let _ = escape_html(&mut out, &text[run_start..run_end]);
            if class != Class::None {
                out.push_str("</span>");
            }
            run_start = run_end;
        }
        if by_line {
            out.push_str("</span>");
        }
        if newline {
            out.push('\n');
        }
        line_start += line.len();
    }
    out.push_str("</code></pre>\n");
    out
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
        // (fence language, a token of it, the class that token gets)
        let samples = [
            ("sh", "echo \"hi\" # note\n", "hl-comment"),
            ("bash", "if [ -f x ]; then ls; fi\n", "hl-keyword"),
            ("shell", "for f in *; do echo \"$f\"; done\n", "hl-keyword"),
            ("console", "echo 'x'\n", "hl-string"),
            ("js", "const a = 'x';\n", "hl-keyword"),
            ("javascript", "function f() {}\n", "hl-function"),
            ("ts", "let n: number = 1;\n", "hl-type"),
            ("typescript", "interface A { b: string }\n", "hl-keyword"),
            ("tsx", "const a = <div>x</div>;\n", "hl-keyword"),
            ("python", "def f(a):\n    return 'x'\n", "hl-function"),
            ("py", "import os\n", "hl-keyword"),
            ("rust", "fn main() { let s = \"x\"; }\n", "hl-string"),
            ("go", "func main() { fmt.Println(\"x\") }\n", "hl-keyword"),
            ("java", "public class A { int x = 1; }\n", "hl-keyword"),
            ("c", "int main(void) { return 0; }\n", "hl-keyword"),
            (
                "cpp",
                "#include <vector>\nstd::vector<int> v;\n",
                "hl-keyword",
            ),
            ("c++", "int main() { return 0; }\n", "hl-keyword"),
            (
                "csharp",
                "public class A { string s = \"x\"; }\n",
                "hl-string",
            ),
            ("cs", "using System;\n", "hl-keyword"),
            ("php", "<?php echo \"x\"; ?>\n", "hl-string"),
            ("ruby", "def f\n  puts 'x'\nend\n", "hl-keyword"),
            ("sql", "SELECT a FROM t WHERE b = 'x';\n", "hl-keyword"),
            ("json", "{\"a\": \"b\"}\n", "hl-string"),
            ("yaml", "a: 1 # note\n", "hl-comment"),
            ("toml", "a = \"b\"\n", "hl-string"),
            ("html", "<a href=\"x\">t</a>\n", "hl-tag"),
            ("css", "a { color: red; }\n", "hl-tag"),
            ("diff", "--- a\n+++ b\n-old\n+new\n", "hl-inserted"),
            ("dockerfile", "FROM debian\nRUN ls\n", "hl-keyword"),
            ("markdown", "# Title\n", "hl-heading"),
            ("md", "# Title\n", "hl-heading"),
        ];
        for (lang, code, class) in samples {
            let html = highlight(&parse_info(lang), code).unwrap();
            assert!(html.contains(class), "{lang}: {html}");
        }
        assert_eq!(
            highlight(&parse_info("klingon"), "x\n"),
            Err(Plain::UnknownLanguage)
        );
    }

    #[test]
    fn the_common_languages_take_a_fast_engine() {
        for lang in [
            "sh",
            "shell",
            "js",
            "ts",
            "tsx",
            "python",
            "rust",
            "json",
            "yaml",
            "toml",
            "html",
            "xml",
            "css",
            "dockerfile",
            "markdown",
        ] {
            assert!(lexical::lexer_for(lang).is_some(), "{lang}");
        }
        for lang in ["go", "java", "c", "php", "diff"] {
            assert!(lexical::lexer_for(lang).is_none(), "{lang}");
            assert!(tree_sitter::knows(lang), "{lang}");
        }
        assert!(!tree_sitter::knows("lua"));
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

    /// The text of highlighted HTML: tags dropped, the escapes undone.
    fn text_of(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn every_byte_of_the_code_comes_out_once_in_every_engine() {
        for lang in ["rust", "python", "html", "go", "ruby", "lua"] {
            for code in [
                "",
                "x",
                "let s = \"héllo → 世界\"; // ünïcode\r\nlet t = '<&>';\r\n",
                "/* open comment\nfn f() {}\n",
                "\u{feff}\"\\\n\n\n",
            ] {
                let html = highlight(&parse_info(lang), code).unwrap();
                assert_eq!(
                    html.matches("<span").count(),
                    html.matches("</span>").count(),
                    "{lang}: {html}"
                );
                let inner = html
                    .split_once("\">")
                    .and_then(|(_, rest)| rest.strip_suffix("</code></pre>\n"))
                    .unwrap();
                assert_eq!(text_of(inner), code, "{lang}: {html}");
            }
        }
    }
}
