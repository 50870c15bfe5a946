//! Reading the other generator's folder: its configuration files (YAML,
//! TOML, JSON) as one JSON value, with errors that name the file and line,
//! and a walk over its files that never follows a symbolic link.
//!
//! Nothing here decides what a file becomes; the tool modules do.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};

/// The formats configuration files come in, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            "yml" | "yaml" => Some(Format::Yaml),
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }
}

/// Reads `source/rel` as a configuration file in the format its extension
/// says; an empty file is an empty map. The error names the file and line
/// and says what to do.
pub fn read_config(source: &Path, rel: &Path) -> Result<Value> {
    let path = inside(source, rel)?;
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "cannot read {}: check that it is a readable UTF-8 text file",
            path.display()
        )
    })?;
    let format = Format::of(rel).unwrap_or(Format::Yaml);
    parse_config(&text, format).map_err(|(line, msg)| {
        let at = line.map_or_else(String::new, |l| format!(":{l}"));
        anyhow::anyhow!(
            "{}{at}: not valid {}: {msg}; fix the file (the tool it came from would refuse it too) \
             and run the import again",
            path.display(),
            format.name()
        )
    })
}

/// Parses configuration text; the error is (line, message).
pub fn parse_config(text: &str, format: Format) -> Result<Value, (Option<usize>, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = match format {
        Format::Yaml => {
            if text.trim().is_empty() {
                return Ok(Value::Object(Map::new()));
            }
            serde_yaml::from_str::<Value>(text).map_err(|e| {
                (
                    e.location().map(|l| l.line()),
                    crate::config::strip_yaml_location(&e.to_string()),
                )
            })?
        }
        Format::Toml => {
            let table = toml::from_str::<toml::Table>(text).map_err(|e| {
                let line = e.span().map(|s| {
                    let before = &text.as_bytes()[..s.start.min(text.len())];
                    before.iter().filter(|&&b| b == b'\n').count() + 1
                });
                (line, e.message().trim().to_string())
            })?;
            toml_to_json(toml::Value::Table(table))
        }
        Format::Json => serde_json::from_str::<Value>(text)
            .map_err(|e| (Some(e.line()), strip_json_location(&e.to_string())))?,
    };
    match value {
        Value::Null => Ok(Value::Object(Map::new())),
        Value::Object(_) => Ok(value),
        _ => Err((
            Some(1),
            "the file must hold a map of settings (names and values), not a list or a single value"
                .into(),
        )),
    }
}

fn strip_json_location(msg: &str) -> String {
    msg.split(" at line ").next().unwrap_or(msg).to_string()
}

/// TOML values as JSON; dates and times become their TOML text.
pub fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Whether `rel` is a plain relative path: no root, no `..`, so that
/// joined to a folder it stays inside it.
pub fn is_plain_relative(rel: &Path) -> bool {
    rel.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// `source/rel`, refusing a path that leaves the source folder (through
/// `..` or a symbolic link).
pub fn inside(source: &Path, rel: &Path) -> Result<PathBuf> {
    if !is_plain_relative(rel) {
        bail!(
            "{} leaves the folder being imported; name a path inside it",
            rel.display()
        );
    }
    let path = source.join(rel);
    let real = path
        .canonicalize()
        .with_context(|| format!("cannot open {}", path.display()))?;
    let top = source
        .canonicalize()
        .with_context(|| format!("cannot open {}", source.display()))?;
    if !real.starts_with(&top) {
        bail!(
            "{} is a symbolic link to {}, outside the folder being imported; it is not followed: \
             copy the file in instead",
            path.display(),
            real.display()
        );
    }
    Ok(path)
}

/// The value at a key, found case-insensitively (Hugo's keys are:
/// `baseURL` and `baseurl` are the same setting).
pub fn get<'a>(map: &'a Value, key: &str) -> Option<&'a Value> {
    let obj = map.as_object()?;
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A non-empty string setting (numbers are written as text).
pub fn string(map: &Value, key: &str) -> Option<String> {
    match get(map, key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A positive whole number setting (also written as text: `"10"`).
pub fn count(map: &Value, key: &str) -> Option<usize> {
    match get(map, key)? {
        Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// What a walk over a folder found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Regular files, relative to the folder walked.
    pub files: Vec<PathBuf>,
    /// Symbolic links met, not followed (relative to the folder walked).
    pub symlinks: Vec<PathBuf>,
    /// Files or folders that could not be read, with why.
    pub unreadable: Vec<String>,
}

/// Version control folders and editors' temporary files: never part of a site.
pub fn is_never_copied(name: &str) -> bool {
    matches!(
        name,
        ".git" | ".hg" | ".svn" | ".bzr" | "CVS" | ".DS_Store" | "Thumbs.db" | "4913"
    ) || name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
}

/// Walks `dir` (sorted, symbolic links listed and not followed), skipping
/// what `skip` says (given the path relative to `dir` and whether it is a
/// folder), never-copied names, and the folder `avoid` (the site being
/// imported into, when it lies inside the source). A missing `dir` is an
/// empty walk.
pub fn walk(dir: &Path, avoid: Option<&Path>, skip: impl Fn(&Path, bool) -> bool) -> Walk {
    let mut found = Walk::default();
    if !dir.is_dir() {
        return found;
    }
    let avoid = avoid.and_then(|a| a.canonicalize().ok());
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if e.file_name().to_str().is_some_and(is_never_copied) {
                return false;
            }
            let is_dir = e.file_type().is_dir();
            if is_dir
                && let Some(avoid) = &avoid
                && e.path().canonicalize().is_ok_and(|p| &p == avoid)
            {
                return false;
            }
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            !skip(rel, is_dir)
        });
    for entry in walker {
        match entry {
            Ok(e) if e.depth() == 0 => {}
            Ok(e) => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
                if e.path_is_symlink() {
                    found.symlinks.push(rel);
                } else if e.file_type().is_file() {
                    found.files.push(rel);
                }
            }
            Err(e) => found.unreadable.push(e.to_string()),
        }
    }
    found
}

/// A path with `/` separators, for messages and globs.
pub fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether the file starts with a front matter fence (`---`, `+++`) or a
/// JSON object, as generators read them.
pub fn has_front_matter(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    let head = &head[..n];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let fence = |f: &[u8]| {
        head.strip_prefix(f)
            .is_some_and(|rest| rest.first().is_none_or(|b| b.is_ascii_whitespace()))
    };
    fence(b"---") || fence(b"+++") || head.first() == Some(&b'{')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_configs_never_panic() {
        for text in crate::import::tools::shuffled_texts() {
            for format in [Format::Yaml, Format::Toml, Format::Json] {
                let _ = parse_config(&text, format);
            }
        }
    }

    #[test]
    fn malformed_configs_name_the_line() {
        let (line, _) = parse_config("title = \"x\"\nbaseURL = \n", Format::Toml).unwrap_err();
        assert_eq!(line, Some(2));
        let (line, _) = parse_config("title: x\n  bad: [\n", Format::Yaml).unwrap_err();
        assert!(line.is_some());
        let (line, _) = parse_config("{\n\"a\": 1,\n}", Format::Json).unwrap_err();
        assert_eq!(line, Some(3));
        assert!(parse_config("- a\n- b\n", Format::Yaml).is_err());
        assert_eq!(
            parse_config("", Format::Yaml).unwrap(),
            Value::Object(Map::new())
        );
    }

    #[test]
    fn toml_dates_become_text_and_keys_match_in_any_case() {
        let v = parse_config(
            "baseURL = \"https://a.org\"\nd = 2024-01-02\n",
            Format::Toml,
        )
        .unwrap();
        assert_eq!(string(&v, "baseurl").as_deref(), Some("https://a.org"));
        assert_eq!(string(&v, "d").as_deref(), Some("2024-01-02"));
    }
}
