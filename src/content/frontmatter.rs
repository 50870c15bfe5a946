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

/// How the front matter is written: `---` YAML (Gazette's own, Jekyll,
/// Eleventy, Hugo), `+++` TOML (Hugo, Zola) or a leading JSON object (Hugo).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

/// A file cut in two: the front matter and the Markdown after it.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    /// The front matter's text: between the fences for YAML and TOML, the
    /// whole object (braces included) for JSON.
    pub front: &'a str,
    /// 1-based line of the `.md` file where `front` starts.
    pub front_line: usize,
    pub body: &'a str,
    /// 1-based line of the `.md` file where `body` starts.
    pub body_line: usize,
}

/// Cuts `text` at its front matter: `---` or `+++` fences, or a JSON object
/// starting the file. A leading BOM is skipped; CRLF works.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.split_inclusive('\n').next().unwrap_or("");
    match first.trim_end() {
        "---" => split_fenced(text, Format::Yaml, &["---", "..."]),
        "+++" => split_fenced(text, Format::Toml, &["+++"]),
        // `{{< shortcode >}}` or `{% tag %}` opening a body is no JSON.
        f if f.starts_with('{') && !f.starts_with("{{") && !f.starts_with("{%") => split_json(text),
        _ => Err(FrontMatterError::new(
            Some(1),
            "the file does not start with front matter",
            "begin the file with a `---` line, then `title: ...` and `date: ...`, then `---` \
             (TOML between `+++` lines and a JSON object work too)",
        )),
    }
}

/// The front matter between the first line's fence and the next line
/// holding only one of `closers`.
fn split_fenced<'a>(
    text: &'a str,
    format: Format,
    closers: &[&str],
) -> Result<Split<'a>, FrontMatterError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    let start = first.len();
    let mut offset = start;
    for (i, line) in lines.enumerate() {
        if closers.contains(&line.trim_end()) {
            return Ok(Split {
                format,
                front: &text[start..offset],
                front_line: 2,
                body: &text[offset + line.len()..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    let fence = first.trim_end();
    Err(FrontMatterError::new(
        Some(1),
        "the front matter opened on line 1 is never closed",
        format!("add a line with `{fence}` after the last front matter key"),
    ))
}

/// A JSON object at the start of the file (Hugo's JSON front matter); the
/// body starts on the line after its closing brace.
fn split_json(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<de::IgnoredAny>();
    match stream.next() {
        Some(Ok(_)) => {}
        Some(Err(e)) => return Err(json_error(&e, 1)),
        None => unreachable!("the text starts with `{{`"),
    }
    let end = stream.byte_offset();
    let body_start = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    Ok(Split {
        format: Format::Json,
        front: &text[..end],
        front_line: 1,
        body: &text[body_start..],
        body_line: text[..body_start].matches('\n').count() + 1,
    })
}

fn json_error(e: &serde_json::Error, front_line: usize) -> FrontMatterError {
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg);
    FrontMatterError::new(
        (e.line() > 0).then(|| front_line + e.line() - 1),
        format!("invalid JSON front matter: {msg}"),
        "fix the JSON at that line: keys and text in double quotes, commas between entries, none after the last",
    )
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
    /// The page's own site path (Zola's `path`; Jekyll's and Eleventy's
    /// `permalink` and Hugo's `url` are read as it).
    #[serde(default, deserialize_with = "scalar_string")]
    pub path: Option<String>,
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
    // live coverage (issue 27)
    #[serde(default)]
    pub live: Option<bool>,
    #[serde(default, deserialize_with = "scalar_string")]
    pub live_end: Option<String>,
    /// What links translations whose paths differ (issue 29).
    pub translation_key: Option<String>,
}

/// Keys the front matter understands; others are kept under `extra`.
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
    "path",
    "aliases",
    "type",
    "comments",
    "extra",
    // newsroom keys (issue 26)
    "kind",
    "dateline",
    "access",
    "corrections",
    // live coverage (issue 27)
    "live",
    "live_end",
    "translation_key",
];

/// Other tools' names for Gazette keys: (their key, Gazette's key). Hugo
/// reads keys in any case, so its lowercase spellings are listed too.
pub const SYNONYMS: &[(&str, &str)] = &[
    ("excerpt", "summary"),
    ("redirect_from", "aliases"),
    ("publishDate", "date"),
    ("publishdate", "date"),
    ("pubDate", "date"),
    ("lastmod", "updated"),
    ("lastMod", "updated"),
    ("last_modified_at", "updated"),
    ("expiryDate", "expires"),
    ("expirydate", "expires"),
    ("images", "image"),
    ("permalink", "path"),
    ("url", "path"),
];

/// Keys other tools give meaning that Gazette has no use for (layouts,
/// menus, ordering, sitemap switches) or that the theme reads from `extra`
/// (`image_alt`): kept under `extra` without a warning.
pub const QUIET_KEYS: &[&str] = &[
    "image_alt",
    "layout",
    "template",
    "weight",
    "sitemap",
    "share",
    "toc",
    "menu",
    "render",
    "in_search_index",
    "linkTitle",
    "outputs",
    "cascade",
    "headless",
    "markup",
    "isCJKLanguage",
    "translationKey",
    "excerpt_separator",
    "author_profile",
    "read_time",
    "related",
    "eleventyExcludeFromCollections",
    "eleventyNavigation",
    "eleventyComputed",
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
    /// Every top-level key with its line in the `.md` file (the keys of
    /// Zola's `[taxonomies]` table included, at the table's line).
    pub keys: Vec<(String, usize)>,
    /// Values of top-level keys after other tools' synonyms are read, for
    /// taxonomies named in site.yaml and keys kept under `extra`.
    pub mapping: serde_yaml::Mapping,
    /// Synonyms left unused because the Gazette key was given too.
    pub shadowed: Vec<Shadowed>,
}

/// Another tool's key given beside the Gazette key it stands for: the
/// Gazette key wins, and the other is kept under `extra`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shadowed {
    pub synonym: &'static str,
    pub key: &'static str,
    pub line: usize,
}

impl Parsed {
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.keys.iter().find(|(k, _)| k == key).map(|(_, l)| *l)
    }

    /// Line of the Gazette key `key`, or of another tool's name for it.
    pub fn line_of_field(&self, key: &str) -> Option<usize> {
        self.line_of(key).or_else(|| {
            SYNONYMS
                .iter()
                .filter(|(_, ours)| *ours == key)
                .find_map(|(theirs, _)| self.line_of(theirs))
        })
    }
}

/// Parses the front matter of `split`, whatever its format, into typed
/// front matter, reading other tools' synonyms (see [`SYNONYMS`]).
pub fn parse(split: &Split<'_>) -> Result<Parsed, FrontMatterError> {
    if split.front.len() > super::yaml::MAX_TEXT {
        return Err(FrontMatterError::new(
            Some(split.front_line),
            format!(
                "invalid front matter: it is {} KiB long, more than the {} KiB front matter may hold",
                split.front.len() >> 10,
                super::yaml::MAX_TEXT >> 10
            ),
            "keep long text in the body, below the front matter",
        ));
    }
    let (mapping, lines) = match split.format {
        Format::Yaml => parse_yaml(split)?,
        Format::Toml => parse_toml(split)?,
        Format::Json => parse_json(split)?,
    };
    let to_md_line = |line: usize| split.front_line + line - 1;
    // The keys the parser found, at the first line the scan saw them on: a
    // line that only looks like `key:` (inside a multi-line value) names
    // no key the parser found, and is not one.
    let mut keys: Vec<(String, usize)> = Vec::with_capacity(mapping.len());
    for key in mapping.keys() {
        let Some(key) = key.as_str() else { continue };
        let line = lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(split.front_line, |(_, l)| to_md_line(*l));
        keys.push((key.to_string(), line));
    }
    let table_line = |name: &str| {
        lines
            .iter()
            .find(|(k, _)| k.strip_prefix("taxonomies.") == Some(name))
            .map(|(_, l)| to_md_line(*l))
    };
    let (mapping, shadowed) = read_synonyms(mapping, &mut keys, &table_line);
    let (front, mapping) = typed(mapping, &keys, split.front_line)?;
    Ok(Parsed {
        front,
        keys,
        mapping,
        shadowed,
    })
}

/// The typed front matter of `mapping`; on a wrong type, the error names
/// the line of the first key whose value is wrong.
fn typed(
    mapping: serde_yaml::Mapping,
    keys: &[(String, usize)],
    front_line: usize,
) -> Result<(FrontMatter, serde_yaml::Mapping), FrontMatterError> {
    // From the map itself, not a copy: this runs for every file.
    let whole = serde_yaml::Value::Mapping(mapping);
    let e = match FrontMatter::deserialize(&whole) {
        Ok(front) => match whole {
            serde_yaml::Value::Mapping(mapping) => return Ok((front, mapping)),
            _ => unreachable!("built as a mapping above"),
        },
        Err(e) => e,
    };
    let serde_yaml::Value::Mapping(mapping) = whole else {
        unreachable!("built as a mapping above")
    };
    // Rare: find the key at fault by reading each on its own.
    for (key, value) in &mapping {
        let mut one = serde_yaml::Mapping::new();
        one.insert(key.clone(), value.clone());
        if let Err(e) = serde_yaml::from_value::<FrontMatter>(serde_yaml::Value::Mapping(one)) {
            let name = key.as_str().unwrap_or("");
            let line = keys.iter().find(|(k, _)| k == name).map(|(_, l)| *l);
            return Err(FrontMatterError::new(
                line.or(Some(front_line)),
                format!(
                    "invalid front matter: `{name}`: {}",
                    strip_yaml_location(&e.to_string())
                ),
                "fix the value at that line: lists are `[a, b]`, dates `2024-05-01`, `draft` is true or false",
            ));
        }
    }
    Err(FrontMatterError::new(
        Some(front_line),
        format!(
            "invalid front matter: {}",
            strip_yaml_location(&e.to_string())
        ),
        "fix the front matter's values",
    ))
}

/// Reads other tools' keys as Gazette's: [`SYNONYMS`], `published: false`
/// (a draft) and Zola's `[taxonomies]` table (whose keys become top-level
/// keys). A synonym beside its Gazette key stays as it is (and so ends up
/// under `extra`) and is listed as shadowed.
fn read_synonyms(
    mut mapping: serde_yaml::Mapping,
    keys: &mut Vec<(String, usize)>,
    taxonomy_line: &dyn Fn(&str) -> Option<usize>,
) -> (serde_yaml::Mapping, Vec<Shadowed>) {
    use serde_yaml::Value;
    let line_of = |keys: &[(String, usize)], key: &str| {
        keys.iter().find(|(k, _)| k == key).map_or(1, |(_, l)| *l)
    };
    let mut shadowed = Vec::new();
    if let Some(Value::Mapping(_)) = mapping.get("taxonomies")
        && let Some(Value::Mapping(table)) = mapping.remove("taxonomies")
    {
        let line = line_of(keys, "taxonomies");
        keys.retain(|(k, _)| k != "taxonomies");
        for (name, terms) in table {
            let Some(n) = name.as_str() else { continue };
            if !mapping.contains_key(n) {
                keys.push((n.to_string(), taxonomy_line(n).unwrap_or(line)));
                mapping.insert(name, terms);
            }
        }
    }
    if mapping.get("published") == Some(&Value::Bool(false)) && !mapping.contains_key("draft") {
        mapping.insert("draft".into(), Value::Bool(true));
    }
    if matches!(mapping.get("published"), Some(Value::Bool(_))) {
        mapping.remove("published");
        keys.retain(|(k, _)| k != "published");
    }
    for &(synonym, key) in SYNONYMS {
        let Some(value) = mapping.get(synonym) else {
            continue;
        };
        // `permalink: false` (Eleventy: write no file) is no path.
        if key == "path" && !value.is_string() {
            continue;
        }
        if mapping.contains_key(key) {
            shadowed.push(Shadowed {
                synonym,
                key,
                line: line_of(keys, synonym),
            });
            continue;
        }
        let Some(value) = mapping.remove(synonym) else {
            continue;
        };
        let value = match (key, value) {
            ("image", Value::Sequence(list)) => list.into_iter().next().unwrap_or(Value::Null),
            (_, value) => value,
        };
        mapping.insert(key.into(), value);
        if let Some(entry) = keys.iter_mut().find(|(k, _)| k == synonym) {
            entry.0 = key.to_string();
        }
    }
    (mapping, shadowed)
}

/// YAML front matter as a map, with the lines of its top-level keys (of
/// the YAML block). Aliases may not expand past a memory budget.
fn parse_yaml(
    split: &Split<'_>,
) -> Result<(serde_yaml::Mapping, Vec<(String, usize)>), FrontMatterError> {
    let to_md_line = |yaml_line: usize| split.front_line + yaml_line - 1;
    let yaml_error = |e: serde_yaml::Error| {
        let line = e.location().map(|l| to_md_line(l.line()));
        let msg = strip_yaml_location(&e.to_string());
        let help = if split.front.contains('\t') {
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
    if split.front.trim().is_empty() {
        return Ok(Default::default());
    }
    if let Some(line) = too_deep(split.front) {
        return Err(FrontMatterError::new(
            Some(to_md_line(line)),
            format!("invalid front matter: lists or maps nested more than {MAX_DEPTH} levels deep"),
            "front matter holds a few keys with simple values; check for stray `[` or `{`",
        ));
    }
    let value = super::yaml::from_str_bounded(split.front, super::yaml::MAX_EXPANDED)
        .map_err(yaml_error)?;
    let mapping = match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => Default::default(),
        _ => {
            return Err(FrontMatterError::new(
                Some(split.front_line),
                "front matter must be a map of `key: value` lines",
                "write keys like `title: My article`",
            ));
        }
    };
    Ok((mapping, crate::config::top_level_keys(split.front)))
}

/// TOML front matter (`+++`) as a map. Dates become text in RFC 3339 form,
/// which the date reader takes: an offset date-time keeps its offset, a
/// local one is in the site's time zone.
fn parse_toml(
    split: &Split<'_>,
) -> Result<(serde_yaml::Mapping, Vec<(String, usize)>), FrontMatterError> {
    let table: toml::Table = toml::from_str(split.front).map_err(|e| {
        let line = e
            .span()
            .map(|s| split.front[..s.start.min(split.front.len())].matches('\n').count());
        FrontMatterError::new(
            Some(split.front_line + line.unwrap_or(0)),
            format!("invalid TOML front matter: {}", e.message().trim_end()),
            "fix the TOML at that line: text in quotes (`title = \"A\"`), lists as `[\"a\", \"b\"]`, tables as `[extra]` after the other keys",
        )
    })?;
    let mapping = table
        .into_iter()
        .map(|(k, v)| (serde_yaml::Value::String(k), toml_to_yaml(v)))
        .collect();
    Ok((mapping, toml_top_level_keys(split.front)))
}

fn toml_to_yaml(v: toml::Value) -> serde_yaml::Value {
    use serde_yaml::Value;
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Sequence(a.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(t) => Value::Mapping(
            t.into_iter()
                .map(|(k, v)| (Value::String(k), toml_to_yaml(v)))
                .collect(),
        ),
    }
}

/// Top-level keys of TOML text with their 1-based lines: `key = ...` lines
/// before the first table header, and each `[table]` header's name; the
/// keys of a `[taxonomies]` table as `taxonomies.name`.
fn toml_top_level_keys(text: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    let mut table: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(header) = t.strip_prefix('[') {
            let name = header.trim_start_matches('[').split([']', '.']).next();
            let name = name.map(|n| n.trim().trim_matches(['"', '\'']).to_string());
            if let Some(name) = &name {
                keys.push((name.clone(), i + 1));
            }
            table = name;
        } else if let Some((key, _)) = t.split_once('=') {
            let key = key.trim().trim_matches(['"', '\'']);
            if key.is_empty() || key.starts_with('#') {
                continue;
            }
            match table.as_deref() {
                None => keys.push((key.to_string(), i + 1)),
                Some("taxonomies") => keys.push((format!("taxonomies.{key}"), i + 1)),
                Some(_) => {}
            }
        }
    }
    keys
}

/// JSON front matter as a map, with the lines of its keys (`"key":` at the
/// start of a line, else anywhere).
fn parse_json(
    split: &Split<'_>,
) -> Result<(serde_yaml::Mapping, Vec<(String, usize)>), FrontMatterError> {
    let value: serde_json::Value =
        serde_json::from_str(split.front).map_err(|e| json_error(&e, split.front_line))?;
    let serde_json::Value::Object(object) = value else {
        return Err(FrontMatterError::new(
            Some(split.front_line),
            "JSON front matter must be an object",
            "write it like `{ \"title\": \"My article\" }`",
        ));
    };
    let mut lines = Vec::new();
    for (i, line) in split.front.lines().enumerate() {
        let t = line
            .trim_start()
            .trim_start_matches([',', '{'])
            .trim_start();
        if let Some(rest) = t.strip_prefix('"')
            && let Some((key, after)) = rest.split_once('"')
            && after.trim_start().starts_with(':')
        {
            lines.push((key.to_string(), i + 1));
        }
    }
    let mapping = object
        .into_iter()
        .map(|(k, v)| {
            let v = serde_yaml::to_value(v).unwrap_or(serde_yaml::Value::Null);
            (serde_yaml::Value::String(k), v)
        })
        .collect();
    Ok((mapping, lines))
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
        assert_eq!(s.front, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn bom_and_crlf() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!(s.front, "title: A\r\n");
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
    fn toml_front_matter() {
        let text = "+++\ntitle = \"A\"\ndate = 2024-03-01T10:00:00+02:00\nupdated = 2024-03-02\n\
                    tags = [\"x\", \"y\"]\n[taxonomies]\ncategories = [\"Tech\"]\n[extra]\nmood = \"calm\"\n+++\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(
            (s.format, s.body, s.body_line),
            (Format::Toml, "Body\n", 11)
        );
        let p = parse(&s).unwrap();
        assert_eq!(p.front.date.as_deref(), Some("2024-03-01T10:00:00+02:00"));
        assert_eq!(p.front.updated.as_deref(), Some("2024-03-02"));
        assert_eq!(p.front.tags.as_ref().unwrap().0, ["x", "y"]);
        assert_eq!(p.front.categories.as_ref().unwrap().0, ["Tech"]);
        assert_eq!(p.line_of("categories"), Some(7));
        assert_eq!(p.line_of("tags"), Some(5));
        assert_eq!(p.front.extra.as_ref().unwrap()["mood"], "calm");
    }

    #[test]
    fn json_front_matter() {
        let text = "{\n  \"title\": \"A\",\n  \"tags\": [\"x\"],\n  \"weight\": 3\n}\nBody\n";
        let s = split(text).unwrap();
        assert_eq!((s.format, s.body, s.body_line), (Format::Json, "Body\n", 6));
        let p = parse(&s).unwrap();
        assert_eq!(p.front.title.as_deref(), Some("A"));
        assert_eq!(p.line_of("weight"), Some(4));
        let e = split("{\n  \"title\": \"A\"\n  \"x\": 1\n}\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        // A body opening with template code has no front matter at all.
        let e = split("{{< youtube x >}}\n").unwrap_err();
        assert!(e.message.contains("does not start with front matter"));
    }

    #[test]
    fn toml_errors_name_the_file_line() {
        let e = parse_text("+++\ntitle = \"A\"\ndate = \n+++\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        assert!(e.message.starts_with("invalid TOML front matter"), "{e:?}");
        let e = split("+++\ntitle = \"A\"\n").unwrap_err();
        assert!(e.help.contains("`+++`"), "{e:?}");
    }

    #[test]
    fn synonyms_are_read_and_the_gazette_key_wins() {
        let p = parse_text(
            "---\nexcerpt: E\nredirect_from: /old.html\npublished: false\npublishDate: 2024-01-01\n\
             lastmod: 2024-01-02\nexpiryDate: 2030-01-01\nimages: [a.jpg, b.jpg]\npermalink: /p/\n---\n",
        )
        .unwrap();
        let f = &p.front;
        assert_eq!(f.summary.as_deref(), Some("E"));
        assert_eq!(f.aliases.as_ref().unwrap().0, ["/old.html"]);
        assert_eq!(f.draft, Some(true));
        assert_eq!(f.date.as_deref(), Some("2024-01-01"));
        assert_eq!(f.updated.as_deref(), Some("2024-01-02"));
        assert_eq!(f.expires.as_deref(), Some("2030-01-01"));
        assert_eq!(f.image.as_deref(), Some("a.jpg"));
        assert_eq!(f.path.as_deref(), Some("/p/"));
        assert!(p.shadowed.is_empty());
        // The line of a synonym is the line of the key it became.
        assert_eq!(p.line_of("updated"), Some(6));

        let p = parse_text("---\nsummary: S\nexcerpt: E\ndraft: false\npublished: false\n---\n")
            .unwrap();
        assert_eq!(p.front.summary.as_deref(), Some("S"));
        assert_eq!(p.front.draft, Some(false));
        assert_eq!(
            p.shadowed,
            [Shadowed {
                synonym: "excerpt",
                key: "summary",
                line: 3
            }]
        );
        // Eleventy's `permalink: false` is no path.
        let p = parse_text("---\npermalink: false\n---\n").unwrap();
        assert_eq!(p.front.path, None);
    }

    #[test]
    fn continuation_lines_of_multi_line_values_are_not_keys() {
        let p = parse_text(
            "---\ntitle: A\nexcerpt: \"The training event will be held from\n8: 30 to 5 pm\"\n\
             quote: 'It''s held\nat: noon'\nbody: >\n  folded: text\nlit: |\n  a: b\nlast: 1\n---\n",
        )
        .unwrap();
        let keys: Vec<&str> = p.keys.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["title", "summary", "quote", "body", "lit", "last"]);
        assert_eq!(p.line_of("last"), Some(11));
        assert_eq!(
            crate::config::top_level_keys("a: \"x\ny: z\"\nb: 'it''s\nc: d'\ne: 1\n"),
            [
                ("a".to_string(), 1),
                ("b".to_string(), 3),
                ("e".to_string(), 5)
            ]
        );
    }

    #[test]
    fn key_lines() {
        let p = parse_text("---\ntitle: A\n\nfoo: 1\n---\n").unwrap();
        assert_eq!(p.line_of("foo"), Some(4));
    }
}
