//! Finding shortcode calls in a Markdown body, in the forms Hugo and Zola
//! sites use, so that imported archives render as they did:
//!
//! | Form | Example |
//! |------|---------|
//! | Hugo, HTML output | `{{< youtube dQw4w9WgXcQ >}}`, `{{< figure src="a.jpg" />}}` |
//! | Hugo, Markdown output | `{{% note %}}Some *text*{{% /note %}}` |
//! | Zola, inline | `{{ youtube(id="dQw4w9WgXcQ") }}` |
//! | Zola, with a body | `{% note(kind="info") %}Some *text*{% end %}` |
//!
//! The escapes both tools document show a call as text: Hugo's
//! `{{</* name */>}}` and `{{%/* name */%}}`, Zola's `{{/* name() */}}` and
//! `{%/* name() */%}`.
//!
//! Calls inside code (fenced or indented blocks, inline code) and inside
//! `{% raw %}` ... `{% endraw %}` are not calls: code is code. A `{{ ... }}`
//! or `{% ... %}` that is not a call (`{{ page.title }}`, `{% include x %}`)
//! is no token at all: other tools' template code stays text, and
//! [`super::super::template_code`] counts it.
//!
//! The scan is linear in the body: each `{` is looked at once, and a call's
//! closer is searched for only from where the call starts.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use serde_json::Value;

/// Which syntax a call was written in; it decides how the output is put
/// back into the Markdown (see [`super::expand`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `{{< name >}}`: the output is HTML.
    HugoHtml,
    /// `{{% name %}}`: the output is Markdown (Hugo renders it).
    HugoMarkdown,
    /// `{{ name() }}`: Zola's inline call.
    ZolaInline,
    /// `{% name() %}` ... `{% end %}`: Zola's call with a body.
    ZolaBody,
}

/// Arguments as written: positional ones (Hugo only) in order, then named.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args {
    pub positional: Vec<Value>,
    pub named: Vec<(String, Value)>,
}

impl Args {
    /// The named argument `key`, else positional argument `index`.
    pub fn get(&self, key: &str, index: Option<usize>) -> Option<&Value> {
        self.named
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .or_else(|| index.and_then(|i| self.positional.get(i)))
    }
}

/// One thing the scanner found in a body.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A call: `{{< name args >}}`, `{{ name(args) }}`...
    Call(Call),
    /// Hugo's closing tag `{{< /name >}}` or `{{% /name %}}`.
    Close {
        name: String,
        form: Form,
        range: Range<usize>,
    },
    /// Zola's `{% end %}`.
    End { range: Range<usize> },
    /// An escaped call, with the text to show in its place.
    Escaped { range: Range<usize>, text: String },
    /// Something that starts like a call but cannot be read.
    Malformed { range: Range<usize>, why: String },
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        match self {
            Token::Call(c) => c.range.clone(),
            Token::Close { range, .. }
            | Token::End { range }
            | Token::Escaped { range, .. }
            | Token::Malformed { range, .. } => range.clone(),
        }
    }
}

/// A shortcode call's opening tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub form: Form,
    pub args: Args,
    /// The opening tag's bytes in the body.
    pub range: Range<usize>,
    /// Hugo's `{{< name />}}`: a call that takes no body.
    pub self_closed: bool,
}

/// Whether `body` may hold a shortcode: the cheap test run on every body,
/// so that a body without one costs nothing more. A search for one byte
/// first (memchr, vectorised): a byte-pair scan of every body cost 0.6% of
/// a build's instructions.
pub fn may_have_shortcode(body: &str) -> bool {
    body.as_bytes().contains(&b'{') && (body.contains("{{") || body.contains("{%"))
}

/// Whether the text inside `{{ ... }}` or `{% ... %}` is written as a Zola
/// call (`name(...)`) or its escape (`/* ... */`), or is Zola's `end`:
/// shortcode syntax, which [`super::expand`] reports, not template code.
pub fn is_zola_form(inner: &str) -> bool {
    let inner = inner.trim();
    if inner == "end" || (inner.starts_with("/*") && inner.ends_with("*/")) {
        return true;
    }
    let name_len = name_length(inner);
    name_len > 0 && inner[name_len..].trim_start().starts_with('(') && inner.ends_with(')')
}

/// Every token of `body` outside code and `{% raw %}`, in order.
pub fn scan(body: &str) -> Vec<Token> {
    let code = code_ranges(body);
    let mut tokens = Vec::new();
    let mut in_code = code.iter().peekable();
    let mut in_raw = false;
    let mut closers = Closers::new(body);
    let bytes = body.as_bytes();
    let mut i = 0;
    while let Some(found) = find_opener(&bytes[i..]) {
        let at = i + found;
        while in_code.next_if(|r| r.end <= at).is_some() {}
        if let Some(r) = in_code.peek()
            && r.start <= at
        {
            i = r.end;
            continue;
        }
        let rest = &body[at..];
        let tag_end = if rest.starts_with("{%") {
            closers.find("%}", at + 2)
        } else {
            None
        };
        if let Some(marker) = tag_end.and_then(|end| raw_marker(&body[at..end + 2])) {
            in_raw = marker.opens;
            i = at + marker.len;
            continue;
        }
        if in_raw {
            i = at + 2;
            continue;
        }
        match read_token(rest, at, &mut closers) {
            Some((token, len)) => {
                tokens.push(shift(token, at));
                i = at + len.max(1);
            }
            None => i = at + 1,
        }
    }
    tokens
}

/// The offset of the next `{{` or `{%`.
fn find_opener(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = bytes[from..].iter().position(|&b| b == b'{') {
        let at = from + p;
        match bytes.get(at + 1) {
            Some(b'{' | b'%') => return Some(at),
            Some(_) => from = at + 1,
            None => return None,
        }
    }
    None
}

/// Byte ranges of code in `body`: fenced and indented blocks, inline code.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in
        Parser::new_ext(body, super::super::markdown::options()).into_offset_iter()
    {
        if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))) {
            // Blocks inside list items come after their item's start: keep
            // the list sorted and without overlaps.
            match ranges.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => ranges.push(range),
            }
        }
    }
    ranges
}

struct RawMarker {
    opens: bool,
    len: usize,
}

/// `{% raw %}`, `{%- endraw -%}`, `{% verbatim %}`: Liquid's and Nunjucks'
/// "show as text" markers, which template_code removes. `tag` runs from
/// `{%` to its `%}`.
fn raw_marker(tag: &str) -> Option<RawMarker> {
    let inner = tag.strip_prefix("{%")?.strip_suffix("%}")?;
    let end = inner.len();
    let tag = inner.trim_matches(|c: char| c == '-' || c.is_whitespace());
    let opens = match tag {
        "raw" | "verbatim" => true,
        "endraw" | "endverbatim" => false,
        _ => return None,
    };
    Some(RawMarker {
        opens,
        len: 2 + end + 2,
    })
}

/// Moves a token read from `rest` to its place in the body.
fn shift(token: Token, by: usize) -> Token {
    let move_range = |r: Range<usize>| r.start + by..r.end + by;
    match token {
        Token::Call(mut c) => {
            c.range = move_range(c.range);
            Token::Call(c)
        }
        Token::Close { name, form, range } => Token::Close {
            name,
            form,
            range: move_range(range),
        },
        Token::End { range } => Token::End {
            range: move_range(range),
        },
        Token::Escaped { range, text } => Token::Escaped {
            range: move_range(range),
            text,
        },
        Token::Malformed { range, why } => Token::Malformed {
            range: move_range(range),
            why,
        },
    }
}

/// Where each closer next occurs in the body, searched for once per
/// stretch: openers without closers (`{{<` a hundred thousand times) must
/// not each search the rest of the body, or the scan is quadratic.
struct Closers<'a> {
    body: &'a str,
    /// Closer -> its next position at or after the last search start, or
    /// `usize::MAX` when there is none.
    next: Vec<(&'static str, usize)>,
}

impl<'a> Closers<'a> {
    fn new(body: &'a str) -> Self {
        Closers {
            body,
            next: Vec::new(),
        }
    }

    /// The body offset of the first `closer` at or after `from`; `from`
    /// only grows from one call to the next.
    fn find(&mut self, closer: &'static str, from: usize) -> Option<usize> {
        let slot = match self.next.iter().position(|(c, _)| *c == closer) {
            Some(i) => i,
            None => {
                let at = self.search(closer, from);
                self.next.push((closer, at));
                self.next.len() - 1
            }
        };
        let known = self.next[slot].1;
        if known < from {
            self.next[slot].1 = self.search(closer, from);
        }
        let at = self.next[slot].1;
        (at != usize::MAX).then_some(at)
    }

    fn search(&self, closer: &str, from: usize) -> usize {
        self.body
            .get(from..)
            .and_then(|rest| rest.find(closer))
            .map_or(usize::MAX, |p| from + p)
    }
}

/// The token at the start of `rest` (which starts with `{{` or `{%`, at
/// body offset `at`) and its length, or none when it is not shortcode
/// syntax. A tag is read no further than its closer's next occurrence.
fn read_token(rest: &str, at: usize, closers: &mut Closers<'_>) -> Option<(Token, usize)> {
    let mut bounded = |open: &str, close: &'static str| -> Option<&str> {
        // An escape's `*/` comes after its `/*`.
        let from = at + open.len() + if close.starts_with('*') { 2 } else { 0 };
        let end = closers.find(close, from)?;
        let tag = &rest[open.len()..end - at + close.len()];
        // Another opener before the closer: this one was prose (`a {{<
        // b`), and the closer belongs to the next tag.
        let inner = &tag[..tag.len() - close.len()];
        (!inner.contains("{{") && !inner.contains("{%")).then_some(tag)
    };
    for (open, close, escaped, form) in [
        ("{{<", ">}}", "*/>}}", Form::HugoHtml),
        ("{{%", "%}}", "*/%}}", Form::HugoMarkdown),
    ] {
        if let Some(after) = rest.strip_prefix(open) {
            if after.starts_with("/*") {
                return read_escape(bounded(open, escaped)?, open, close);
            }
            return read_hugo(bounded(open, close)?, open, close, form);
        }
    }
    let (open, close, escaped, form) = if rest.starts_with("{{") {
        ("{{", "}}", "*/}}", Form::ZolaInline)
    } else {
        ("{%", "%}", "*/%}", Form::ZolaBody)
    };
    if rest[open.len()..].starts_with("/*") {
        return read_escape(bounded(open, escaped)?, open, close);
    }
    read_zola(bounded(open, close)?, open, close, form)
}

/// `after` (from `/*` to the escaped closer, included): the escaped text.
fn read_escape(after: &str, open: &str, close: &str) -> Option<(Token, usize)> {
    if after.len() < 2 + 2 + close.len() {
        return None;
    }
    let inner = &after[2..after.len() - close.len() - 2];
    let len = open.len() + after.len();
    Some((
        Token::Escaped {
            range: 0..len,
            text: format!("{open}{inner}{close}"),
        },
        len,
    ))
}

/// A Hugo tag after its opener (`{{<` or `{{%`), up to and with its closer.
fn read_hugo(after: &str, open: &str, close: &str, form: Form) -> Option<(Token, usize)> {
    let whole = open.len() + after.len();
    let mut cur = Cursor::new(after);
    cur.skip_space();
    let closing = cur.eat("/");
    cur.skip_space();
    let name_len = name_length(cur.rest());
    if name_len == 0 {
        // `{{< >}}`, or braces in prose: no shortcode.
        return None;
    }
    let name = cur.take(name_len).to_string();
    let mut args = Args::default();
    let self_closed = loop {
        cur.skip_space();
        if cur.eat(close) {
            break false;
        }
        if cur.eat("/") {
            cur.skip_space();
            if cur.eat(close) {
                break true;
            }
        }
        if cur.rest().is_empty() {
            return malformed(whole, format!("`{close}` is missing"));
        }
        match read_hugo_arg(&mut cur, close) {
            Ok((Some(key), value)) => args.named.push((key, value)),
            Ok((None, value)) => args.positional.push(value),
            Err(why) => return malformed(whole, why),
        }
    };
    let len = open.len() + cur.at;
    let token = if closing {
        Token::Close {
            name,
            form,
            range: 0..len,
        }
    } else {
        Token::Call(Call {
            name,
            form,
            args,
            range: 0..len,
            self_closed,
        })
    };
    Some((token, len))
}

fn malformed(len: usize, why: String) -> Option<(Token, usize)> {
    Some((Token::Malformed { range: 0..len, why }, len))
}

/// One Hugo argument: `value` or `key=value`, a value being a bare word,
/// a `"quoted string"` (with `\"` escapes) or a `` `raw string` ``.
fn read_hugo_arg(cur: &mut Cursor<'_>, close: &str) -> Result<(Option<String>, Value), String> {
    let self_close = format!("/{close}");
    let word_end = |s: &str| {
        let mut end = s
            .find(|c: char| c.is_whitespace() || c == '=' || c == '"' || c == '`')
            .unwrap_or(s.len());
        for stop in [close, self_close.as_str()] {
            if let Some(at) = s.find(stop) {
                end = end.min(at);
            }
        }
        end
    };
    let first = if cur.rest().starts_with(['"', '`']) {
        Value::String(cur.quoted()?)
    } else {
        let n = word_end(cur.rest());
        if n == 0 {
            return Err(format!(
                "unexpected {:?}",
                cur.rest().chars().next().unwrap_or(' ')
            ));
        }
        bare_value(cur.take(n))
    };
    if cur.eat("=") {
        let Value::String(key) = first else {
            return Err("an argument name must be a word".into());
        };
        let value = if cur.rest().starts_with(['"', '`']) {
            Value::String(cur.quoted()?)
        } else {
            let n = word_end(cur.rest());
            bare_value(cur.take(n))
        };
        return Ok((Some(key), value));
    }
    Ok((None, first))
}

/// A bare Hugo word: `true`/`false`, a number, else a string.
fn bare_value(word: &str) -> Value {
    match word {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => word
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| {
                word.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .map(Value::from)
            })
            .unwrap_or_else(|| Value::String(word.to_string())),
    }
}

/// A Zola tag after its opener (`{{` or `{%`), up to and with its closer;
/// none when it is not a call.
fn read_zola(after: &str, open: &str, close: &str, form: Form) -> Option<(Token, usize)> {
    let whole = open.len() + after.len();
    let mut cur = Cursor::new(after);
    cur.skip_space_and_dashes();
    if form == Form::ZolaBody {
        let mut end = cur.clone();
        if end.eat("end") {
            end.skip_space_and_dashes();
            if end.eat(close) {
                let len = open.len() + end.at;
                return Some((Token::End { range: 0..len }, len));
            }
        }
    }
    let name_len = name_length(cur.rest());
    if name_len == 0 || name_len > 64 {
        return None;
    }
    let name = cur.take(name_len).to_string();
    cur.skip_space();
    if !cur.eat("(") {
        return None;
    }
    // From here on it is a call: what follows must read as one.
    let mut args = Args::default();
    loop {
        cur.skip_space();
        if cur.eat(")") {
            break;
        }
        if !args.named.is_empty() && !cur.eat(",") {
            return malformed(whole, "arguments must be separated by commas".into());
        }
        cur.skip_space();
        if cur.eat(")") {
            break;
        }
        let key_len = name_length(cur.rest());
        if key_len == 0 {
            return malformed(
                whole,
                "Zola arguments are named: write `name(key=\"value\")`".into(),
            );
        }
        let key = cur.take(key_len).to_string();
        cur.skip_space();
        if !cur.eat("=") {
            return malformed(whole, format!("argument `{key}` has no `=value`"));
        }
        cur.skip_space();
        match cur.zola_value() {
            Ok(v) => args.named.push((key, v)),
            Err(why) => return malformed(whole, why),
        }
    }
    cur.skip_space_and_dashes();
    if !cur.eat(close) {
        return malformed(
            whole,
            format!("`{close}` must follow the closing parenthesis"),
        );
    }
    let len = open.len() + cur.at;
    Some((
        Token::Call(Call {
            name,
            form,
            args,
            range: 0..len,
            self_closed: false,
        }),
        len,
    ))
}

/// Length of the shortcode name at the start of `s`: letters, digits, `_`,
/// `-`, and `/` or `.` inside (Hugo's folders of shortcodes).
fn name_length(s: &str) -> usize {
    let b = s.as_bytes();
    if !b
        .first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return 0;
    }
    b.iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'/' | b'.')))
        .unwrap_or(b.len())
}

/// A reading position in a tag.
#[derive(Clone)]
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor { text, at: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn take(&mut self, n: usize) -> &'a str {
        let s = &self.rest()[..n];
        self.at += n;
        s
    }

    fn eat(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.at += s.len();
        }
        found
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    /// Space and Tera's whitespace-trim dashes (`{{- name() -}}`).
    fn skip_space_and_dashes(&mut self) {
        let rest = self.rest();
        self.at += rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || c == '-')
                .len();
    }

    /// A string in `"`, `'` or `` ` `` quotes; `"` and `'` take `\` escapes.
    fn quoted(&mut self) -> Result<String, String> {
        let rest = self.rest();
        let quote = rest.chars().next().ok_or("a value is missing")?;
        let mut out = String::new();
        let mut chars = rest.char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            if c == quote {
                self.at += i + 1;
                return Ok(out);
            }
            if c == '\\' && quote != '`' {
                match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, e)) => out.push(e),
                    None => break,
                }
            } else {
                out.push(c);
            }
        }
        Err(format!("a string opened with {quote} is never closed"))
    }

    /// A Zola (Tera) literal: a string, number, boolean or `[array]`.
    fn zola_value(&mut self) -> Result<Value, String> {
        let rest = self.rest();
        if rest.starts_with(['"', '\'', '`']) {
            return self.quoted().map(Value::String);
        }
        if self.eat("[") {
            let mut items = Vec::new();
            loop {
                self.skip_space();
                if self.eat("]") {
                    return Ok(Value::Array(items));
                }
                if !items.is_empty() && !self.eat(",") {
                    return Err("array items must be separated by commas".into());
                }
                self.skip_space();
                if self.eat("]") {
                    return Ok(Value::Array(items));
                }
                items.push(self.zola_value()?);
            }
        }
        let n = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_')))
            .unwrap_or(rest.len());
        let word = self.take(n);
        match word {
            "true" | "True" => Ok(Value::Bool(true)),
            "false" | "False" => Ok(Value::Bool(false)),
            _ => match bare_value(word) {
                Value::String(_) => Err(format!(
                    "value {word:?} must be quoted (a string), a number, true/false or a [list]"
                )),
                v => Ok(v),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn calls(body: &str) -> Vec<Token> {
        scan(body)
    }

    fn call(body: &str) -> Call {
        match scan(body).into_iter().next() {
            Some(Token::Call(c)) => c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hugo_positional_and_named_arguments() {
        let c = call("{{< youtube dQw4w9WgXcQ >}}");
        assert_eq!((c.name.as_str(), c.form), ("youtube", Form::HugoHtml));
        assert_eq!(c.args.positional, [json!("dQw4w9WgXcQ")]);
        assert_eq!(c.range, 0..27);
        let c = call("{{<figure src=\"a b.jpg\" caption=`say \"hi\"` width=300 lazy=true />}}");
        assert!(c.self_closed);
        assert_eq!(
            c.args.named,
            [
                ("src".into(), json!("a b.jpg")),
                ("caption".into(), json!("say \"hi\"")),
                ("width".into(), json!(300)),
                ("lazy".into(), json!(true)),
            ]
        );
        let c = call("{{% note \"x\\\"y\" %}}");
        assert_eq!(c.form, Form::HugoMarkdown);
        assert_eq!(c.args.positional, [json!("x\"y")]);
    }

    #[test]
    fn hugo_closing_tags_and_multi_line_calls() {
        let t = calls("{{< quote >}}\nhi\n{{< /quote >}} {{< figure\n  src=\"a.jpg\"\n>}}");
        assert!(matches!(&t[0], Token::Call(c) if c.name == "quote"));
        assert!(matches!(&t[1], Token::Close { name, .. } if name == "quote"));
        assert!(matches!(&t[2], Token::Call(c) if c.args.named[0].1 == json!("a.jpg")));
    }

    #[test]
    fn zola_calls_with_and_without_bodies() {
        let c = call("{{ youtube(id=\"dQw4w9WgXcQ\", autoplay=true, n=3, tags=['a', \"b\"]) }}");
        assert_eq!(c.form, Form::ZolaInline);
        assert_eq!(
            c.args.named,
            [
                ("id".into(), json!("dQw4w9WgXcQ")),
                ("autoplay".into(), json!(true)),
                ("n".into(), json!(3)),
                ("tags".into(), json!(["a", "b"])),
            ]
        );
        let t = calls("{% quote(author=\"A\") %}\nText\n{% end %}");
        assert!(matches!(&t[0], Token::Call(c) if c.form == Form::ZolaBody));
        assert!(matches!(&t[1], Token::End { .. }));
        assert_eq!(call("{{- x() -}}").name, "x");
    }

    #[test]
    fn template_code_that_is_no_call_is_no_token() {
        assert_eq!(
            calls("{{ page.title }} {% include x.html %} {{ a | b(c=1) }} {% if x %}"),
            []
        );
        assert!(is_zola_form(" youtube(id=\"x\") "));
        assert!(is_zola_form("end"));
        assert!(!is_zola_form(" page.title "));
        assert!(!is_zola_form("a | b(c=1)"));
    }

    #[test]
    fn escapes_show_the_call_as_text() {
        let t = calls("{{</* youtube x */>}} {{/* youtube(id=\"x\") */}} {%/* n() */%}");
        let texts: Vec<_> = t
            .iter()
            .map(|t| match t {
                Token::Escaped { text, .. } => text.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            texts,
            ["{{< youtube x >}}", "{{ youtube(id=\"x\") }}", "{% n() %}"]
        );
    }

    #[test]
    fn code_and_raw_blocks_hold_no_calls() {
        let body = "`{{< a >}}`\n\n```\n{{< b >}}\n```\n\n    {{< c >}}\n\n- item\n\n  ```\n  {{ d() }}\n  ```\n\n\
                    {% raw %}{{< e >}}{% endraw %} {{< f >}}";
        let names: Vec<_> = calls(body)
            .into_iter()
            .map(|t| match t {
                Token::Call(c) => c.name,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(names, ["f"]);
    }

    #[test]
    fn broken_calls_are_malformed_with_a_reason() {
        match &calls("{{ youtube(id=dQw) }} after")[0] {
            Token::Malformed { range, why } => {
                assert_eq!(range.clone(), 0..21);
                assert!(why.contains("must be quoted"), "{why}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            &calls("{{< youtube \"x >}}")[0],
            Token::Malformed { .. }
        ));
        // An opener alone in prose is nothing, and does not hide the
        // next call.
        assert_eq!(calls("a {{< b and {{ c("), []);
        assert!(
            matches!(&calls("a {{< b {{< youtube x >}}")[..], [Token::Call(c)] if c.name == "youtube")
        );
    }

    #[test]
    fn openers_alone_take_linear_time() {
        for opener in ["{{", "{%", "{{<", "{{ a(", "{{</*"] {
            let text = opener.repeat(100_000);
            let start = std::time::Instant::now();
            let _ = scan(&text);
            assert!(
                start.elapsed() < std::time::Duration::from_secs(3),
                "{opener}"
            );
        }
    }
}
