//! Loading the theme's templates (overridden file by file by the site's
//! `templates/`), registering Gazette's filters and functions, and turning
//! Tera errors into diagnostics that name the template file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::error::Diagnostic;

/// Templates every theme must provide.
pub const REQUIRED: &[&str] = &[
    "base.html",
    "index.html",
    "article.html",
    "page.html",
    "list.html",
    "taxonomy.html",
    "404.html",
];

/// Where each template came from, for error messages.
pub struct TemplateSet {
    pub tera: Tera,
    /// Template name -> file it was read from (relative to the site root).
    pub files: BTreeMap<String, PathBuf>,
    /// Template name -> what rendering it reads: a hash of its source and of
    /// every template it extends or includes, and whether any of them calls
    /// `get_taxonomy` (which makes the page depend on every term).
    pub closures: BTreeMap<String, Closure>,
}

/// What one template depends on, through `extends` and `include`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Closure {
    pub hash: u64,
    pub uses_taxonomies: bool,
}

/// Names of the templates that `source` extends, includes or imports: quoted
/// `.html` names inside `{% ... %}` tags. A scan, not a parse: it may find a
/// name that is not a dependency, which only costs an extra re-render.
fn referenced_templates(source: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for tag in source.split("{%").skip(1) {
        let tag = tag.split("%}").next().unwrap_or("");
        for quote in ['"', '\''] {
            let mut parts = tag.split(quote);
            parts.next();
            while let (Some(inside), _) = (parts.next(), parts.next()) {
                if inside.ends_with(".html") || inside.ends_with(".htm") || inside.ends_with(".xml")
                {
                    names.push(inside);
                }
            }
        }
    }
    names
}

fn closures(sources: &[(String, String)]) -> BTreeMap<String, Closure> {
    let by_name: BTreeMap<&str, &str> = sources
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    let mut out = BTreeMap::new();
    for name in by_name.keys() {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![*name];
        while let Some(n) = stack.pop() {
            if seen.insert(n)
                && let Some(src) = by_name.get(n)
            {
                stack.extend(referenced_templates(src));
            }
        }
        let mut text = String::new();
        let mut uses_taxonomies = false;
        for n in &seen {
            let src = by_name.get(n).copied().unwrap_or("");
            uses_taxonomies |= src.contains("get_taxonomy");
            text.push_str(n);
            text.push('\0');
            text.push_str(src);
            text.push('\0');
        }
        out.insert(
            name.to_string(),
            Closure {
                hash: crate::base::hash::content_hash(text.as_bytes()),
                uses_taxonomies,
            },
        );
    }
    out
}

/// Template files of the theme, then the site's overrides: name -> path.
pub fn template_files(
    root: &Path,
    config: &Config,
) -> Result<BTreeMap<String, PathBuf>, Diagnostic> {
    let theme_dir = root.join("themes").join(&config.theme);
    if !theme_dir.is_dir() {
        return Err(Diagnostic::error(
            "site.yaml",
            format!(
                "theme {:?} not found: there is no folder themes/{}/",
                config.theme, config.theme
            ),
            "set `theme:` to a folder under themes/ (the default theme is `broadsheet`)",
        ));
    }
    let mut files = BTreeMap::new();
    for dir in [theme_dir.join("templates"), root.join("templates")] {
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
        {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file()
                || crate::content::is_ignored_name(&entry.file_name().to_string_lossy())
            {
                continue;
            }
            let Ok(inner) = entry.path().strip_prefix(&dir) else {
                continue;
            };
            let name = inner
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            files.insert(name, rel);
        }
    }
    Ok(files)
}

/// Reads and compiles the templates; every broken template is reported.
pub fn load(root: &Path, config: &Config) -> Result<TemplateSet, Vec<Diagnostic>> {
    let files = template_files(root, config).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    for name in REQUIRED {
        if !files.contains_key(*name) {
            errors.push(Diagnostic::error(
                format!("themes/{}/templates/{name}", config.theme),
                format!("template {name} is missing"),
                format!("add {name} to the theme or to the site's templates/ folder"),
            ));
        }
    }
    let mut sources = Vec::new();
    for (name, rel) in &files {
        match std::fs::read_to_string(root.join(rel)) {
            Ok(text) => sources.push((name.clone(), text)),
            Err(e) => errors.push(Diagnostic::error(
                rel,
                format!("cannot read template: {e}"),
                "save templates as UTF-8 text",
            )),
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    register(&mut tera);
    if errors.is_empty()
        && let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        // Tera stops at the first broken template; compile each alone to
        // report every syntax error with its own file.
        for (name, text) in &sources {
            let mut probe = Tera::new();
            register(&mut probe);
            if let Err(e) = probe.add_raw_template(name, text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                errors.push(diagnostic(&e, &files, name));
            }
        }
        if errors.is_empty() {
            errors.push(diagnostic(&e, &files, "base.html"));
        }
    }
    if errors.is_empty() {
        let closures = closures(&sources);
        Ok(TemplateSet {
            tera,
            files,
            closures,
        })
    } else {
        Err(errors)
    }
}

/// Context key holding every taxonomy's value, read by `get_taxonomy`. Site
/// data reaches functions through the context, so one compiled template set
/// serves every build of a `serve` session until a template changes.
pub const TAXONOMIES_KEY: &str = "__taxonomies";

/// Context key holding the fingerprinted names of static files, for `asset`.
pub const ASSETS_KEY: &str = "__assets";

/// Filters and functions Gazette adds to Tera.
fn register(tera: &mut Tera) {
    tera.register_filter("json_encode", tera_contrib::json::json_encode);
    let slug = |v: &str, _: Kwargs, _: &State| crate::content::slug::slugify(v);
    tera.register_filter("slugify", slug);
    tera.register_filter("slug", slug);
    tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
    tera.register_filter("date", date_filter);
    tera.register_function(
        "url_for",
        |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            Ok(url_for(&config_base_url(state)?, &path))
        },
    );
    tera.register_function("asset", asset);
    tera.register_function(
        "get_taxonomy",
        |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let kind: String = kwargs.must_get("kind")?;
            state
                .get::<Value>(TAXONOMIES_KEY)?
                .and_then(|all| all.get_from_path(&kind).cloned())
                .ok_or_else(|| {
                    tera::Error::message(format!(
                        "get_taxonomy: no taxonomy {kind:?}; site.yaml `taxonomies` lists the kinds"
                    ))
                })
        },
    );
}

/// `asset(path="css/site.css")`: the absolute URL of the file's fingerprinted copy.
fn asset(kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let path: String = kwargs.must_get("path")?;
    let key = path.trim_start_matches('/');
    let fingerprinted = state
        .get::<Value>(ASSETS_KEY)?
        .and_then(|all| {
            let map = all.as_map()?;
            map.get(&tera::value::Key::from(key.to_string()))?
                .as_str()
                .map(String::from)
        })
        .ok_or_else(|| {
            tera::Error::message(format!(
                "asset: no static file {key:?} in the theme's or the site's static/ folder"
            ))
        })?;
    Ok(url_for(&config_base_url(state)?, &fingerprinted))
}

/// `config.base_url` of the render context (empty if missing).
fn config_base_url(state: &State) -> TeraResult<String> {
    Ok(state
        .get::<Value>("config")?
        .and_then(|c| {
            c.get_from_path("base_url")
                .and_then(|v| v.as_str().map(String::from))
        })
        .unwrap_or_default())
}

/// `https://site` + `/world/` ; `world` and `/world` work too.
pub fn url_for(base_url: &str, path: &str) -> String {
    if path.contains("://") {
        return path.to_string();
    }
    format!("{base_url}/{}", path.trim_start_matches('/'))
}

/// `{{ article.date | date(format="%d %B %Y") }}`: strftime on an RFC 3339 string.
fn date_filter(value: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let format: String = kwargs
        .get("format")?
        .unwrap_or_else(|| "%-d %B %Y".to_string());
    let z = crate::content::dates::parse_date(value).map_err(tera::Error::message)?;
    let mut out = String::new();
    use std::fmt::Write;
    write!(out, "{}", z.strftime(&format))
        .map_err(|_| tera::Error::message(format!("date: invalid format {format:?}")))?;
    Ok(out)
}

/// A Tera error as a diagnostic naming the template file and line.
pub fn diagnostic(
    e: &tera::Error,
    files: &BTreeMap<String, PathBuf>,
    fallback: &str,
) -> Diagnostic {
    let file_of = |name: &str| {
        files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let name = if r.filename().is_empty() {
                fallback
            } else {
                r.filename()
            };
            Diagnostic::error(
                file_of(name),
                format!("template error: {}", r.message()),
                "fix the template at that line",
            )
            .at_line(Some(r.span().start_line))
        }
        tera::ErrorKind::MissingParent { current: name, .. }
        | tera::ErrorKind::CircularExtend { tpl: name, .. }
        | tera::ErrorKind::CircularInclude { tpl: name, .. } => Diagnostic::error(
            file_of(name),
            format!("template error: {e}"),
            "fix the template's extends/include: the named template must exist and not include itself",
        ),
        _ => Diagnostic::error(
            file_of(fallback),
            format!("template error: {e}"),
            "check the template's extends/include names and the variables it uses \
             (docs/templates.md lists them)",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_extends_and_includes() {
        let src = r#"{% extends "base.html" %}{% block x %}{% include 'partials/card.html' %}{% endblock x %}"#;
        assert_eq!(
            referenced_templates(src),
            ["base.html", "partials/card.html"]
        );
    }

    #[test]
    fn closure_changes_with_an_included_template() {
        let a = vec![
            (
                "article.html".to_string(),
                "{% include \"card.html\" %}".to_string(),
            ),
            ("card.html".to_string(), "v1".to_string()),
            ("list.html".to_string(), "plain".to_string()),
        ];
        let mut b = a.clone();
        b[1].1 = "v2 {{ get_taxonomy(kind='tags') }}".to_string();
        let (ca, cb) = (closures(&a), closures(&b));
        assert_ne!(ca["article.html"], cb["article.html"]);
        assert!(cb["article.html"].uses_taxonomies);
        assert_eq!(ca["list.html"], cb["list.html"]);
    }
}
