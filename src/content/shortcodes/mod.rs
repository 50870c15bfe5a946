//! Shortcodes in Markdown (SPEC, "Shortcodes in Markdown"): Hugo's
//! `{{< name args >}}` and Zola's `{{ name(key="value") }}` forms, run
//! before the Markdown renderer so that imported archives render.
//!
//! A call names a built-in ([`builtin`]: embeds, figures, media) or a site
//! shortcode: a Tera template `templates/shortcodes/<name>.html` in the
//! site's `templates/` folder or the theme's (the site's wins, and either
//! replaces a built-in of the same name). The template receives the named
//! arguments as variables, the positional ones as `args`, a paired call's
//! inner text as `body`, and `nth` (how many calls of that shortcode the
//! file has made so far, from 1).
//!
//! What is not run stays text, as written: an unknown name (a warning with
//! file and line), a call that cannot be read (a warning), a call inside
//! code or `{% raw %}`, and any `{{ ... }}` or `{% ... %}` that is not a
//! call (other tools' template code: [`super::template_code`] counts it).
//! A call that cannot be rendered (a missing id, an iframe host that is not
//! allowed, a failing site template) is an error naming file and line.
//!
//! The expanded text is what the Markdown renderer reads. An expansion
//! written as HTML (`{{< >}}`, Zola's forms, every built-in) is put back as
//! an HTML block, which Markdown leaves alone: on lines of its own when the
//! call stood alone on its lines, else inline with its text protected from
//! Markdown. Hugo's `{{% %}}` form's output is Markdown, as in Hugo. Lines
//! are remembered ([`Expansion::original_line`]), so that later warnings
//! still point at the file's lines.
//!
//! A body without `{{` or `{%` is not copied or parsed twice: the stage
//! costs one byte search.

pub mod builtin;
pub mod parse;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use tera::{Context, Kwargs, State, Tera};

use super::markdown::{Link, Rendered};
use crate::config::Config;
use crate::error::Diagnostic;
use parse::{Call, Form, Token};

/// How deep calls may nest in each other's bodies.
const MAX_DEPTH: usize = 8;

/// The shortcodes a site can call: the built-ins and its own templates.
pub struct Shortcodes {
    tera: Tera,
    /// Shortcode name -> its template file, relative to the site root.
    site: BTreeMap<String, PathBuf>,
    iframe_hosts: Vec<String>,
    /// Hash of the site's templates and of the settings built-ins read:
    /// part of each calling article's source hash, so that editing a
    /// template re-renders the pages that call it.
    hash: u64,
}

impl std::fmt::Debug for Shortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shortcodes")
            .field("site", &self.site)
            .field("iframe_hosts", &self.iframe_hosts)
            .finish_non_exhaustive()
    }
}

impl Shortcodes {
    /// The built-ins alone, with the site's settings.
    pub fn builtin(config: &Config) -> Shortcodes {
        let iframe_hosts = config.embeds.iframe_hosts();
        let hash = crate::base::hash::content_hash(iframe_hosts.join("\n").as_bytes());
        Shortcodes {
            tera: new_tera(),
            site: BTreeMap::new(),
            iframe_hosts,
            hash,
        }
    }

    /// The built-ins and the site's and theme's `templates/shortcodes/`;
    /// a template that does not compile is an error naming its file.
    pub fn load(root: &Path, config: &Config) -> Result<Shortcodes, Vec<Diagnostic>> {
        let mut shortcodes = Shortcodes::builtin(config);
        let folders = [
            Path::new("themes")
                .join(&config.theme)
                .join("templates/shortcodes"),
            PathBuf::from("templates/shortcodes"),
        ];
        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut errors = Vec::new();
        for folder in folders {
            let Ok(entries) = std::fs::read_dir(root.join(&folder)) else {
                continue;
            };
            let mut entries: Vec<_> = entries.flatten().collect();
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                let file_name = entry.file_name().to_string_lossy().into_owned();
                let Some(name) = file_name.strip_suffix(".html") else {
                    continue;
                };
                if super::is_ignored_name(&file_name) || !entry.path().is_file() {
                    continue;
                }
                let rel = folder.join(&file_name);
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        sources.insert(name.to_string(), (rel, text));
                    }
                    Err(e) => errors.push(Diagnostic::error(
                        rel,
                        format!("cannot read shortcode template: {e}"),
                        "save templates as UTF-8 text",
                    )),
                }
            }
        }
        let mut hash_input = shortcodes.hash.to_le_bytes().to_vec();
        for (name, (rel, text)) in &sources {
            if let Err(e) = shortcodes.tera.add_raw_template(&template_name(name), text) {
                let (message, line) = tera_error(&e);
                errors.push(
                    Diagnostic::error(
                        rel,
                        format!("shortcode template error: {message}"),
                        "fix the template (it is a Tera template, like the theme's)",
                    )
                    .at_line(line),
                );
                continue;
            }
            hash_input.extend_from_slice(name.as_bytes());
            hash_input.push(0);
            hash_input.extend_from_slice(text.as_bytes());
            hash_input.push(0);
            shortcodes.site.insert(name.clone(), rel.clone());
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        shortcodes.hash = crate::base::hash::content_hash(&hash_input);
        Ok(shortcodes)
    }

    /// Hash of the site's shortcode templates and the built-ins' settings.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    fn knows(&self, name: &str) -> bool {
        self.site.contains_key(name) || builtin::NAMES.contains(&name)
    }

    /// Expands the calls in Markdown `body`; relative `src` paths resolve
    /// against `asset_base`.
    pub fn expand<'b>(&self, body: &'b str, asset_base: &str) -> Expansion<'b> {
        let mut expansion = Expansion {
            text: Cow::Borrowed(body),
            lines: None,
            problems: Vec::new(),
            files: Vec::new(),
            called: false,
        };
        if !parse::may_have_shortcode(body) {
            return expansion;
        }
        let mut run = Run {
            shortcodes: self,
            asset_base,
            problems: Vec::new(),
            files: Vec::new(),
            nth: HashMap::new(),
            unknown: HashSet::new(),
            called: false,
        };
        if let Some(out) = run.expand(body, 1, 0) {
            expansion.text = Cow::Owned(out.text);
            expansion.lines = Some(out.lines);
        }
        expansion.problems = run.problems;
        expansion.files = run.files;
        expansion.called = run.called;
        expansion
    }
}

/// Shortcode templates' names in Tera.
fn template_name(name: &str) -> String {
    format!("shortcodes/{name}.html")
}

fn new_tera() -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html"]);
    // Zola's shortcodes render their body with `body | markdown | safe`.
    tera.register_filter(
        "markdown",
        |v: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let inline: bool = kwargs.get("inline")?.unwrap_or(false);
            Ok(if inline {
                builtin::inline_markdown(v)
            } else {
                let mut html = String::new();
                pulldown_cmark::html::push_html(
                    &mut html,
                    pulldown_cmark::Parser::new_ext(v, super::markdown::options()),
                );
                html
            })
        },
    );
    tera
}

/// A Tera error's message and line.
fn tera_error(e: &tera::Error) -> (String, Option<usize>) {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            (r.message().to_string(), Some(r.span().start_line))
        }
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            (message, None)
        }
    }
}

/// A body with its calls expanded, and what was found on the way.
#[derive(Debug)]
pub struct Expansion<'b> {
    /// The Markdown to render (the body itself when nothing was expanded).
    pub text: Cow<'b, str>,
    /// Line of the body each line of `text` came from, when they differ.
    lines: Option<Vec<usize>>,
    /// Warnings and errors, at body lines.
    pub problems: Vec<Problem>,
    /// Files the expansions point to (figure images, media), with their
    /// body line, for `gazette check`.
    pub files: Vec<(String, usize)>,
    /// Whether any shortcode was expanded.
    pub called: bool,
}

impl Expansion<'_> {
    /// The body line that line `line` (1-based) of [`Expansion::text`]
    /// came from.
    pub fn original_line(&self, line: usize) -> usize {
        match &self.lines {
            Some(lines) => lines
                .get(line.saturating_sub(1))
                .or(lines.last())
                .copied()
                .unwrap_or(line),
            None => line,
        }
    }
}

impl Expansion<'_> {
    /// The problems as (errors, warnings) of file `rel`, whose body starts
    /// at file line `body_line`.
    pub fn diagnostics(&self, rel: &Path, body_line: usize) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let (errors, warnings): (Vec<&Problem>, Vec<&Problem>) =
            self.problems.iter().partition(|p| p.error);
        let convert = |list: Vec<&Problem>, make: fn(&Path, String, String) -> Diagnostic| {
            list.into_iter()
                .map(|p| {
                    make(rel, p.message.clone(), p.help.clone())
                        .at_line(Some(body_line + p.line - 1))
                })
                .collect()
        };
        (
            convert(errors, |f, m, h| Diagnostic::error(f, m, h)),
            convert(warnings, |f, m, h| Diagnostic::warning(f, m, h)),
        )
    }

    /// Gives what the renderer found at lines of the expanded text the
    /// body's lines, and adds the files shortcodes point to as links.
    pub fn restore_lines(&self, rendered: &mut Rendered) {
        if self.lines.is_some() {
            for link in &mut rendered.links {
                link.line = self.original_line(link.line);
            }
            for (_, line) in &mut rendered.unknown_languages {
                *line = self.original_line(*line);
            }
            for (line, _) in &mut rendered.math_errors {
                *line = self.original_line(*line);
            }
            if let Some((_, line)) = &mut rendered.template_code {
                *line = self.original_line(*line);
            }
        }
        rendered
            .links
            .extend(self.files.iter().map(|(dest, line)| Link {
                dest: dest.clone(),
                line: *line,
                is_image: true,
            }));
    }
}

/// A problem with one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Body line of the call.
    pub line: usize,
    pub error: bool,
    pub message: String,
    pub help: String,
}

/// Expanded text with the original line of each of its lines.
struct Out {
    text: String,
    lines: Vec<usize>,
}

impl Out {
    fn new(first_line: usize, capacity: usize) -> Out {
        Out {
            text: String::with_capacity(capacity),
            lines: vec![first_line],
        }
    }

    /// Source text that starts on `line`: its lines keep their numbers.
    fn copy(&mut self, s: &str, line: usize) {
        for (k, _) in s.match_indices('\n').enumerate() {
            self.lines.push(line + k + 1);
        }
        self.text.push_str(s);
    }

    /// Text made for the call on `line`: all its lines are that line.
    fn generated(&mut self, s: &str, line: usize) {
        for _ in s.matches('\n') {
            self.lines.push(line);
        }
        self.text.push_str(s);
    }
}

/// One body's expansion under way.
struct Run<'s> {
    shortcodes: &'s Shortcodes,
    asset_base: &'s str,
    problems: Vec<Problem>,
    files: Vec<(String, usize)>,
    /// Calls of each shortcode so far, for the templates' `nth`.
    nth: HashMap<String, usize>,
    /// Unknown names already reported (their closing tags stay quiet).
    unknown: HashSet<String>,
    called: bool,
}

impl Run<'_> {
    fn problem(&mut self, line: usize, error: bool, message: String, help: impl Into<String>) {
        self.problems.push(Problem {
            line,
            error,
            message,
            help: help.into(),
        });
    }

    /// `text` (whose first line is body line `first_line`) with its calls
    /// expanded; none when it holds no token.
    fn expand(&mut self, text: &str, first_line: usize, depth: usize) -> Option<Out> {
        let tokens = parse::scan(text);
        if tokens.is_empty() {
            return None;
        }
        let closers = pair(&tokens);
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let line_of =
            |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) - 1;
        let mut out = Out::new(first_line, text.len() + 1024);
        let mut pos = 0;
        let mut k = 0;
        while k < tokens.len() {
            let range = tokens[k].range();
            let line = line_of(range.start);
            out.copy(&text[pos..range.start], line_of(pos));
            pos = range.start;
            k += 1;
            let call = match &tokens[k - 1] {
                Token::Escaped { text: shown, .. } => {
                    out.generated(shown, line);
                    pos = range.end;
                    continue;
                }
                Token::Malformed { why, .. } => {
                    self.problem(
                        line,
                        false,
                        format!("shortcode call shown as text: {why}"),
                        "fix the call, or write it as `{{</* ... */>}}` (Hugo) or \
                         `{{/* ... */}}` (Zola) to show it as text",
                    );
                    continue;
                }
                Token::Close { name, .. } => {
                    if !self.unknown.contains(name) {
                        self.problem(
                            line,
                            false,
                            format!(
                                "closing tag of shortcode `{name}` shown as text: no call opens it"
                            ),
                            format!("remove it, or open it with `{{{{< {name} >}}}}` before"),
                        );
                    }
                    continue;
                }
                Token::End { .. } => {
                    if self.unknown.is_empty() {
                        self.problem(
                            line,
                            false,
                            "`{% end %}` shown as text: no shortcode call with a body opens it"
                                .to_string(),
                            "remove it, or open it with `{% name() %}` before",
                        );
                    }
                    continue;
                }
                Token::Call(call) => call,
            };
            if !self.shortcodes.knows(&call.name) {
                if self.unknown.insert(call.name.clone()) {
                    self.problem(
                        line,
                        false,
                        format!("unknown shortcode `{}` shown as text", call.name),
                        format!(
                            "write a template for it in templates/shortcodes/{}.html, use a built-in one \
                             (docs/shortcodes.md lists them), or replace the call with Markdown",
                            call.name
                        ),
                    );
                }
                continue;
            }
            let closer = closers[k - 1];
            if call.form == Form::ZolaBody && closer.is_none() {
                self.problem(
                    line,
                    false,
                    format!("shortcode `{}` shown as text: its `{{% end %}}` is missing", call.name),
                    "close a call with a body with `{% end %}`, or write it as `{{ name(...) }}` if it has none",
                );
                continue;
            }
            let (body, end) = match closer {
                Some(j) => {
                    let close = tokens[j].range();
                    (Some(&text[range.end..close.start]), close.end)
                }
                None => (None, range.end),
            };
            if depth >= MAX_DEPTH {
                self.problem(
                    line,
                    true,
                    format!(
                        "shortcode `{}` is nested more than {MAX_DEPTH} deep",
                        call.name
                    ),
                    "call shortcodes inside fewer others",
                );
                continue;
            }
            let body_line = line_of(range.end);
            match self.render(call, body, body_line, depth, line) {
                Ok(html) => {
                    self.called = true;
                    let alone = stands_alone(text, range.start, end);
                    let placed = place(
                        &html,
                        call,
                        alone,
                        self.shortcodes.site.contains_key(&call.name),
                    );
                    out.generated(&placed, line);
                    pos = end;
                    if let Some(j) = closer {
                        k = j + 1;
                    }
                }
                Err(problem) => {
                    // The call stays text, its body and closing tag too.
                    self.problems.push(problem);
                    if let Some(j) = closer {
                        k = j + 1;
                    }
                }
            }
        }
        out.copy(&text[pos..], line_of(pos));
        Some(out)
    }

    /// The HTML (or Markdown, for `{{% %}}` site shortcodes) of a call.
    fn render(
        &mut self,
        call: &Call,
        body: Option<&str>,
        body_line: usize,
        depth: usize,
        line: usize,
    ) -> Result<String, Problem> {
        let nth = self.nth.entry(call.name.clone()).or_insert(0);
        *nth += 1;
        let nth = *nth;
        if let Some(file) = self.shortcodes.site.get(&call.name) {
            let mut ctx = Context::new();
            for (key, value) in &call.args.named {
                ctx.insert(key.clone(), value);
            }
            ctx.insert("args", &call.args.positional);
            ctx.insert("nth", &nth);
            if let Some(body) = body {
                // Calls in the body run first, as in Hugo.
                let expanded = match self.expand(body, body_line, depth + 1) {
                    Some(out) => out.text,
                    None => body.to_string(),
                };
                ctx.insert("body", &expanded);
            }
            return self
                .shortcodes
                .tera
                .render(&template_name(&call.name), &ctx)
                .map_err(|e| {
                    let (message, template_line) = tera_error(&e);
                    let at = template_line.map_or(String::new(), |l| format!(":{l}"));
                    Problem {
                        line,
                        error: true,
                        message: format!(
                            "shortcode `{}` failed in {}{at}: {message}",
                            call.name,
                            file.display()
                        ),
                        help: "give the arguments the template uses (`| default(value=...)` makes one optional), or fix the template".into(),
                    }
                });
        }
        let built = builtin::render(
            &call.name,
            &builtin::Call {
                args: &call.args,
                body,
                asset_base: self.asset_base,
                iframe_hosts: &self.shortcodes.iframe_hosts,
            },
        )
        .expect("knows() said it is a built-in");
        match built {
            Ok(built) => {
                if !built.unused.is_empty() {
                    self.problem(
                        line,
                        false,
                        format!(
                            "shortcode `{}` does not use {}",
                            call.name,
                            built.unused.join(", ")
                        ),
                        "check the spelling; docs/shortcodes.md lists each shortcode's arguments",
                    );
                }
                self.files
                    .extend(built.files.into_iter().map(|f| (f, line)));
                Ok(built.html)
            }
            Err(refusal) => Err(Problem {
                line,
                error: true,
                message: refusal.message,
                help: refusal.help,
            }),
        }
    }
}

/// For each token, the index of the token closing it when it is a call
/// with a body: Hugo's `{{< /name >}}` closes the innermost open call of
/// that name, Zola's `{% end %}` the innermost open `{% name() %}`. One
/// pass with stacks, so that many calls cost no more than their number.
fn pair(tokens: &[Token]) -> Vec<Option<usize>> {
    let mut closers = vec![None; tokens.len()];
    let mut hugo: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut zola: Vec<usize> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Call(c) if c.form == Form::ZolaBody => zola.push(i),
            Token::Call(c) if !c.self_closed && c.form != Form::ZolaInline => {
                hugo.entry(c.name.as_str()).or_default().push(i);
            }
            Token::End { .. } => {
                if let Some(open) = zola.pop() {
                    closers[open] = Some(i);
                }
            }
            Token::Close { name, .. } => {
                if let Some(open) = hugo.get_mut(name.as_str()).and_then(Vec::pop) {
                    closers[open] = Some(i);
                }
            }
            _ => {}
        }
    }
    closers
}

/// Whether `text[start..end]` has only spaces before it on its first line
/// and after it on its last.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty()
}

/// Tags that open a CommonMark HTML block (type 6) even in a paragraph:
/// output starting with one is left alone by the Markdown renderer.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "iframe",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "table",
    "ul",
];

fn starts_with_block_tag(html: &str) -> bool {
    let Some(rest) = html.strip_prefix('<') else {
        return false;
    };
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = rest[..name_len].to_ascii_lowercase();
    BLOCK_TAGS.contains(&name.as_str()) && rest[name_len..].starts_with([' ', '\t', '\n', '>', '/'])
}

/// The expansion as it goes into the Markdown. Hugo's `{{% %}}` site
/// shortcodes give Markdown, put in as it is. HTML standing alone becomes
/// an HTML block (no blank line inside, wrapped in a `div` unless it
/// starts with a block tag, a blank line after); HTML inside a line stays
/// on it with its text escaped from Markdown.
fn place(html: &str, call: &Call, alone: bool, site: bool) -> String {
    if site && call.form == Form::HugoMarkdown {
        return html.to_string();
    }
    let html = html.trim();
    if alone {
        let lines: Vec<&str> = html.lines().filter(|l| !l.trim().is_empty()).collect();
        let joined = lines.join("\n");
        if starts_with_block_tag(&joined) {
            format!("{joined}\n")
        } else {
            format!(
                "<div class=\"shortcode shortcode--{}\">{joined}</div>\n",
                call.name.replace(['/', '.'], "-")
            )
        }
    } else {
        escape_for_markdown(&html.replace('\n', " "))
    }
}

/// `html` with the ASCII punctuation of its text (outside tags) escaped
/// with backslashes, so that Markdown shows it as it is (no emphasis, no
/// smart quotes). `&` is left alone: entities must stay entities.
fn escape_for_markdown(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(c);
                continue;
            }
            _ => {}
        }
        if !in_tag && c.is_ascii_punctuation() && !matches!(c, '&' | ';' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shortcodes() -> Shortcodes {
        let config = Config::parse(
            Path::new("site.yaml"),
            "title: T\nbase_url: https://example.org\n",
        )
        .unwrap();
        let mut s = Shortcodes::builtin(&config);
        s.tera
            .add_raw_template(
                "shortcodes/note.html",
                "<aside class=\"note\">{{ body | markdown | safe }}</aside>",
            )
            .unwrap();
        s.site
            .insert("note".into(), "templates/shortcodes/note.html".into());
        s
    }

    #[test]
    fn a_body_without_calls_is_borrowed() {
        let e = shortcodes().expand("Text with {braces} and {{ page.title }}.", "/");
        assert!(matches!(e.text, Cow::Borrowed(_)));
        assert!(e.problems.is_empty());
    }

    #[test]
    fn calls_alone_become_html_blocks_and_lines_map_back() {
        let body = "Intro.\n\n{{< youtube\n  dQw4w9WgXcQ >}}\nAfter *this*.\n\nEnd.\n";
        let e = shortcodes().expand(body, "/");
        let text = e.text.as_ref();
        assert!(
            text.starts_with("Intro.\n\n<figure class=\"embed"),
            "{text}"
        );
        assert!(text.contains("</figure>\n\nAfter *this*."), "{text}");
        let end_line = text.lines().position(|l| l == "End.").unwrap() + 1;
        assert_eq!(e.original_line(end_line), 7);
        assert!(e.called);
    }

    #[test]
    fn unknown_shortcodes_stay_text_with_a_warning_at_their_line() {
        let e = shortcodes().expand("a\n\n{{< gallery x >}}\nb {{< /gallery >}}\n", "/");
        assert_eq!(e.text, "a\n\n{{< gallery x >}}\nb {{< /gallery >}}\n");
        assert_eq!(e.problems.len(), 1);
        assert_eq!(e.problems[0].line, 3);
        assert!(
            e.problems[0]
                .message
                .contains("unknown shortcode `gallery`")
        );
    }

    #[test]
    fn site_shortcodes_get_their_body_with_inner_calls_expanded() {
        let e = shortcodes().expand(
            "{% note() %}\nSee {{ vimeo(id=\"1\") }} *now*.\n{% end %}\n",
            "/",
        );
        assert!(
            e.text.starts_with(
                "<aside class=\"note\"><p>See <figure class=\"embed embed--video embed--vimeo\""
            ),
            "{}",
            e.text
        );
        assert!(e.text.contains("<em>now</em>"), "{}", e.text);
        assert!(e.problems.is_empty(), "{:?}", e.problems);
    }

    #[test]
    fn inline_output_is_protected_from_markdown() {
        assert_eq!(
            escape_for_markdown("<a href=\"x_y\">a *b* \"c\" &amp;</a>"),
            "<a href=\"x_y\">a \\*b\\* \\\"c\\\" &amp;</a>"
        );
    }

    #[test]
    fn many_calls_take_linear_time() {
        let body = "{{< x id=\"1\" >}}\n".repeat(20_000) + &"{{< /x >}}\n".repeat(20_000);
        let start = std::time::Instant::now();
        let e = shortcodes().expand(&body, "/");
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        assert!(e.problems.is_empty(), "{:?}", &e.problems[..1]);
    }

    #[test]
    fn nesting_is_limited() {
        let body = "{{< note >}}".repeat(50) + &"{{< /note >}}".repeat(50);
        let e = shortcodes().expand(&body, "/");
        assert!(
            e.problems
                .iter()
                .any(|p| p.error && p.message.contains("nested more than 8 deep")),
            "{:?}",
            e.problems
        );
    }

    #[test]
    fn errors_keep_the_text_and_say_why() {
        let e = shortcodes().expand("x\n{{ iframe(src=\"https://evil.example/\") }}\n", "/");
        assert!(e.problems[0].error);
        assert_eq!(e.problems[0].line, 2);
        assert!(e.text.contains("{{ iframe("));
    }
}
