//! Splits a Markdown file into YAML front matter and body, and parses the
//! front matter into [`FrontMatter`].
//!
//! Errors carry the line of the `.md` file (not of the YAML block), so an
//! editor can jump straight to it.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

use crate::config::strip_yaml_location;

/// A front matter problem at a line of the `.md` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: Option<usize>,
    pub message: String,
    pub help: String,
}

impl FrontMatterError {
    fn new(line: Option<usize>, message: impl Into<String>, help: impl Into<String>) -> Self {
        FrontMatterError {
            line,
            message: message.into(),
            help: help.into(),
        }
    }
}

/// A file cut in two: the YAML between the `---` lines and the Markdown after.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the `.md` file where `yaml` starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the `.md` file where `body` starts.
    pub body_line: usize,
}

/// Cuts `text` at its front matter fences. A leading BOM is skipped; CRLF works.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    let fence = first.trim_end();
    if fence == "+++" {
        return Err(FrontMatterError::new(
            Some(1),
            "TOML front matter (+++) is not supported",
            "convert it to YAML between `---` lines",
        ));
    }
    if fence != "---" {
        return Err(FrontMatterError::new(
            Some(1),
            "the file does not start with front matter",
            "begin the file with a `---` line, then `title: ...` and `date: ...`, then `---`",
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (i, line) in lines.enumerate() {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError::new(
        Some(1),
        "the front matter opened on line 1 is never closed",
        "add a line with `---` after the last front matter key",
    ))
}

/// The typed front matter of an article or page. Every field is optional
/// here; what an article requires is checked by the loader, which knows
/// whether the file is an article, a page or a section index.
#[derive(Debug, Default, Deserialize)]
pub struct FrontMatter {
    #[serde(default, deserialize_with = "scalar_string")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "scalar_string")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "scalar_string")]
    pub updated: Option<String>,
    #[serde(default, deserialize_with = "scalar_string")]
    pub expires: Option<String>,
    #[serde(default)]
    pub author: Option<StringList>,
    #[serde(default)]
    pub authors: Option<StringList>,
    #[serde(default)]
    pub tags: Option<StringList>,
    #[serde(default)]
    pub category: Option<StringList>,
    #[serde(default)]
    pub categories: Option<StringList>,
    #[serde(default, deserialize_with = "scalar_string")]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "scalar_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "scalar_string")]
    pub image: Option<String>,
    #[serde(default)]
    pub draft: Option<bool>,
    #[serde(default, deserialize_with = "scalar_string")]
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: Option<StringList>,
    #[serde(default, rename = "type", deserialize_with = "scalar_string")]
    pub kind: Option<String>,
    #[serde(default)]
    pub comments: Option<bool>,
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
    // newsroom keys (issue 26)
    #[serde(default, rename = "kind", deserialize_with = "scalar_string")]
    pub article_kind: Option<String>,
    #[serde(default, deserialize_with = "scalar_string")]
    pub dateline: Option<String>,
    #[serde(default, deserialize_with = "scalar_string")]
    pub access: Option<String>,
    #[serde(default)]
    pub corrections: Option<serde_json::Value>,
}

/// Keys the front matter understands; others are warned about.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "expires",
    "author",
    "authors",
    "tags",
    "category",
    "categories",
    "summary",
    "description",
    "image",
    "draft",
    "slug",
    "aliases",
    "type",
    "comments",
    "extra",
    // newsroom keys (issue 26)
    "kind",
    "dateline",
    "access",
    "corrections",
];

/// Front matter keys that feed a built-in taxonomy, with its name.
pub const TAXONOMY_KEYS: &[(&str, &str)] = &[
    ("tags", "tags"),
    ("author", "authors"),
    ("authors", "authors"),
    ("category", "categories"),
    ("categories", "categories"),
];

/// Parsed front matter plus what the typed struct cannot hold: the keys in
/// order (for unknown-key warnings and custom taxonomies) and their lines.
#[derive(Debug)]
pub struct Parsed {
    pub front: FrontMatter,
    /// Every top-level key with its line in the `.md` file.
    pub keys: Vec<(String, usize)>,
    /// Raw values of top-level keys, for taxonomies named in site.yaml.
    pub mapping: serde_yaml::Mapping,
}

impl Parsed {
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.keys.iter().find(|(k, _)| k == key).map(|(_, l)| *l)
    }
}

/// Parses the YAML block of `split` into typed front matter.
pub fn parse(split: &Split<'_>) -> Result<Parsed, FrontMatterError> {
    let to_md_line = |yaml_line: usize| split.yaml_line + yaml_line - 1;
    let yaml_error = |e: serde_yaml::Error| {
        let line = e.location().map(|l| to_md_line(l.line()));
        let msg = strip_yaml_location(&e.to_string());
        let help = if split.yaml.contains('\t') {
            "YAML does not allow tabs for indentation; indent with spaces"
        } else if msg.contains("duplicate") {
            "remove one of the repeated keys"
        } else if msg.contains(super::yaml::TOO_LARGE) {
            "write the value out once instead of repeating an anchor (`&name`) with aliases (`*name`)"
        } else {
            "fix the YAML at that line: lists are `[a, b]` or `- a` lines, quote values containing `: `"
        };
        FrontMatterError::new(line, format!("invalid front matter: {msg}"), help)
    };
    if split.yaml.trim().is_empty() {
        return Ok(Parsed {
            front: FrontMatter::default(),
            keys: Vec::new(),
            mapping: Default::default(),
        });
    }
    if let Some(line) = too_deep(split.yaml) {
        return Err(FrontMatterError::new(
            Some(to_md_line(line)),
            format!("invalid front matter: lists or maps nested more than {MAX_DEPTH} levels deep"),
            "front matter holds a few keys with simple values; check for stray `[` or `{`",
        ));
    }
    if split.yaml.len() > super::yaml::MAX_TEXT {
        return Err(FrontMatterError::new(
            Some(split.yaml_line),
            format!(
                "invalid front matter: it is {} KiB long, more than the {} KiB front matter may hold",
                split.yaml.len() >> 10,
                super::yaml::MAX_TEXT >> 10
            ),
            "keep long text in the body, below the closing `---`",
        ));
    }
    let value =
        super::yaml::from_str_bounded(split.yaml, super::yaml::MAX_EXPANDED).map_err(yaml_error)?;
    let mapping = match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => Default::default(),
        _ => {
            return Err(FrontMatterError::new(
                Some(split.yaml_line),
                "front matter must be a map of `key: value` lines",
                "write keys like `title: My article`",
            ));
        }
    };
    // One YAML parse: the typed struct comes from the parsed value. Only when
    // that fails is the text parsed again, for the error's line.
    let front: FrontMatter =
        match serde_yaml::from_value(serde_yaml::Value::Mapping(mapping.clone())) {
            Ok(front) => front,
            Err(e) => {
                return Err(match serde_yaml::from_str::<FrontMatter>(split.yaml) {
                    Err(located) => yaml_error(located),
                    Ok(_) => yaml_error(e),
                });
            }
        };
    let keys = crate::config::top_level_keys(split.yaml)
        .into_iter()
        .map(|(k, l)| (k, to_md_line(l)))
        .collect();
    Ok(Parsed {
        front,
        keys,
        mapping,
    })
}

/// Deepest flow nesting (`[` / `{`) front matter may have. The YAML parser
/// refuses more than 128 levels anyway, but only after a scan that takes
/// time quadratic in the depth (seconds for 20,000 levels, minutes for
/// 100,000): refusing early keeps a hostile file from stalling the build.
const MAX_DEPTH: usize = 128;

/// 1-based line (of the YAML block) where flow nesting passes
/// [`MAX_DEPTH`], if it does. Quoted text and comments do not count.
fn too_deep(yaml: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, line) in yaml.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some(q), c) if c == q => {
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if prev == ' ' || prev == '\t' => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(i + 1);
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// A list of names written as a YAML list or a comma-separated string
/// (`tags: [a, b]`, `tags: a, b`, `author: Jane Doe`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StringList(pub Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = StringList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of names or a comma-separated string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StringList, E> {
                Ok(StringList(
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect(),
                ))
            }
            fn visit_unit<E: de::Error>(self) -> Result<StringList, E> {
                Ok(StringList::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringList, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<ScalarString>()? {
                    let s = item.0.trim().to_string();
                    if !s.is_empty() {
                        out.push(s);
                    }
                }
                Ok(StringList(out))
            }
        }
        d.deserialize_any(ListVisitor)
    }
}

/// A scalar read as text: strings, and numbers or booleans written bare
/// (`title: 2024` is the title "2024"). Maps and lists are refused.
struct ScalarString(String);

impl<'de> Deserialize<'de> for ScalarString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = ScalarString;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a single text value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ScalarString, E> {
                Ok(ScalarString(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ScalarString, E> {
                Ok(ScalarString(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ScalarString, E> {
                Ok(ScalarString(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ScalarString, E> {
                Ok(ScalarString(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ScalarString, E> {
                Ok(ScalarString(v.to_string()))
            }
        }
        d.deserialize_any(ScalarVisitor)
    }
}

fn scalar_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<ScalarString>::deserialize(d)?.map(|s| s.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Parsed, FrontMatterError> {
        parse(&split(text)?)
    }

    #[test]
    fn splits_and_reports_body_line() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn bom_and_crlf() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(parse(&s).unwrap().front.title.as_deref(), Some("A"));
    }

    #[test]
    fn unclosed_front_matter() {
        let e = split("---\ntitle: A\nbody").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn tags_as_list_or_string() {
        let p = parse_text("---\ntags: [A, B]\ncategories: World, Asia\n---\n").unwrap();
        assert_eq!(p.front.tags.unwrap().0, ["A", "B"]);
        assert_eq!(p.front.categories.unwrap().0, ["World", "Asia"]);
    }

    #[test]
    fn wrong_type_names_md_line() {
        let e = parse_text("---\ntitle: A\ndate: 2022-01-01\ntags: 42\n---\n").unwrap_err();
        assert_eq!(e.line, Some(4), "{e:?}");
        assert!(e.message.contains("list of names"), "{}", e.message);
    }

    #[test]
    fn yaml_syntax_error_line_is_md_line() {
        let e = parse_text("---\ntitle: A\ntags: [a, b\n---\n").unwrap_err();
        assert!(e.line.is_some_and(|l| l >= 3), "{e:?}");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = parse_text("---\ntitle: A\ntitle: B\n---\n").unwrap_err();
        assert!(e.message.contains("duplicate"), "{}", e.message);
    }

    #[test]
    fn numeric_title_is_text() {
        let p = parse_text("---\ntitle: 2024\n---\n").unwrap();
        assert_eq!(p.front.title.as_deref(), Some("2024"));
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly() {
        let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
        let start = std::time::Instant::now();
        let e = parse_text(&format!("---\ntitle: A\nextra: {deep}\n---\n")).unwrap_err();
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(e.line, Some(3), "{e:?}");
        assert!(e.message.contains("nested"), "{}", e.message);
        // Brackets in quotes and comments do not count; ordinary nesting passes.
        let many = "[".repeat(300);
        let p = parse_text(&format!(
            "---\ntitle: \"{many}\"\nsummary: '{many}'' x'\n# {many}\nextra: {{a: [[1, 2], {{b: [c]}}]}}\n---\n"
        ))
        .unwrap();
        assert_eq!(p.front.title.as_deref(), Some(many.as_str()));
    }

    #[test]
    fn key_lines() {
        let p = parse_text("---\ntitle: A\n\nfoo: 1\n---\n").unwrap();
        assert_eq!(p.line_of("foo"), Some(4));
    }
}
