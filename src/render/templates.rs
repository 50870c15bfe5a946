//! Loading the theme's templates (overridden file by file by the site's
//! `templates/`), registering Gazette's filters and functions, and turning
//! Tera errors into diagnostics that name the template file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::error::Diagnostic;

use super::i18n::Strings;

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
    /// The interface strings of every language, for `t()` and the
    /// renderer's own titles (docs/i18n.md).
    pub strings: Arc<Strings>,
    /// Strings missing in the site's language, found once when loaded.
    pub warnings: Vec<Diagnostic>,
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
            // Shortcode templates are the content stage's (run inside
            // article bodies, with filters of their own), not pages'.
            if name.starts_with("shortcodes/") {
                continue;
            }
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
    let strings = match Strings::load(root, &config.theme, &config.language) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            errors.extend(e);
            Arc::new(Strings::built_in(&config.language))
        }
    };
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    register(&mut tera, &strings);
    if errors.is_empty()
        && let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        // Tera stops at the first broken template; compile each alone to
        // report every syntax error with its own file.
        for (name, text) in &sources {
            let mut probe = Tera::new();
            register(&mut probe, &strings);
            if let Err(e) = probe.add_raw_template(name, text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                errors.push(syntax_diagnostic(&e, &files, name, text));
            }
        }
        if errors.is_empty() {
            errors.extend(checked_together(&e, &files));
        }
    }
    if errors.is_empty() {
        let mut closures = closures(&sources);
        // Every page shows translated strings: a changed translation file
        // changes what every template renders.
        for c in closures.values_mut() {
            c.hash =
                crate::base::hash::content_hash(format!("{}\0{}", c.hash, strings.hash).as_bytes());
        }
        let warnings = strings.check(&config.edition_codes(), &config.taxonomies);
        Ok(TemplateSet {
            tera,
            files,
            closures,
            strings,
            warnings,
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

/// Context key holding every processed image's value, for `image`.
pub const IMAGES_KEY: &str = "__images";

/// Filters and functions Gazette adds to Tera.
fn register(tera: &mut Tera, strings: &Arc<Strings>) {
    let strings = Arc::clone(strings);
    tera.register_function("t", move |kwargs: Kwargs, state: &State| {
        super::i18n::t_function(&strings, kwargs, state)
    });
    tera.register_filter("json_encode", tera_contrib::json::json_encode);
    let slug = |v: &str, _: Kwargs, _: &State| crate::content::slug::slugify(v);
    tera.register_filter("slugify", slug);
    tera.register_filter("slug", slug);
    tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
    tera.register_filter("date", date_filter);
    // Summaries and bodies are HTML; a `<meta>` description, a title
    // attribute or a plain-text feed wants their text.
    tera.register_filter("striptags", |v: &str, _: Kwargs, _: &State| {
        super::meta::html_to_text(v)
    });
    tera.register_function(
        "url_for",
        |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            Ok(url_for(&config_base_url(state)?, &path))
        },
    );
    tera.register_function(
        "url",
        |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            Ok(root_relative(&config_base_url(state)?, &path))
        },
    );
    tera.register_function("asset", asset);
    tera.register_function("image", image);
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

/// `asset(path="css/site.css")`: the root-relative URL of the file's
/// fingerprinted copy, so that a stylesheet loads wherever the output is
/// opened; `absolute=true` gives the absolute URL, for metadata.
fn asset(kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let path: String = kwargs.must_get("path")?;
    let absolute: bool = kwargs.get("absolute")?.unwrap_or(false);
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
    // Static files are the whole site's, shared by its editions.
    let base_url = config_base_url(state)?;
    let site_url = config_site_url(state)?;
    Ok(if absolute {
        url_for(
            if site_url.is_empty() {
                &base_url
            } else {
                &site_url
            },
            &fingerprinted,
        )
    } else {
        let prefix = crate::config::shared_prefix(&base_url, &site_url);
        format!(
            "{}/{}",
            prefix.trim_end_matches('/'),
            fingerprinted.trim_start_matches('/')
        )
    })
}

/// `image(path="world/harbour.jpg", width=800)`: the URL, width and height
/// of a processed image's variant, for theme authors (docs/templates.md).
/// With `width`, the narrowest WebP variant at least that wide (else the
/// widest); without, the fallback in the original format. The result also
/// carries the whole set: `srcset`, `sizes`, `src`, `social`, `variants`.
fn image(kwargs: Kwargs, state: &State) -> TeraResult<Value> {
    let path: String = kwargs.must_get("path")?;
    let width: Option<u32> = kwargs.get("width")?;
    let key = path.trim_start_matches('/');
    let found = state
        .get::<Value>(IMAGES_KEY)?
        .and_then(|all| {
            all.as_map()?
                .get(&tera::value::Key::from(key.to_string()))
                .cloned()
        })
        .ok_or_else(|| {
            tera::Error::message(format!(
                "image: no processed image {key:?}; `path` is the image's path in the output, \
                 like \"world/harbour.jpg\" for content/world/harbour.jpg (JPEG, PNG or WebP)"
            ))
        })?;
    let field = |v: &Value, name: &str| v.get_from_path(name).cloned().unwrap_or(Value::none());
    let chosen = match width {
        None => {
            let mut m = tera::Map::new();
            for (from, to) in [("src", "url"), ("width", "width"), ("height", "height")] {
                m.insert(to.into(), field(&found, from));
            }
            Value::from(m)
        }
        Some(want) => {
            let variants = found
                .get_from_path("variants")
                .and_then(|v| v.as_array().map(|v| v.to_vec()))
                .unwrap_or_default();
            let wide_enough = variants.iter().find(|v| {
                v.get_from_path("width")
                    .and_then(|w| w.as_i64())
                    .is_some_and(|w| w >= i64::from(want))
            });
            wide_enough
                .or(variants.last())
                .cloned()
                .unwrap_or(Value::none())
        }
    };
    let mut out = chosen.as_map().cloned().unwrap_or_default();
    for name in ["srcset", "sizes", "src", "social", "variants", "type"] {
        out.insert(name.into(), field(&found, name));
    }
    Ok(Value::from(out))
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

/// `config.edition.site_url` of the render context: the whole site's base
/// URL (empty if missing).
fn config_site_url(state: &State) -> TeraResult<String> {
    Ok(state
        .get::<Value>("config")?
        .and_then(|c| {
            c.get_from_path("edition.site_url")
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

/// `/world/` under `https://site/news` -> `/news/world/`: a link that stays
/// on whatever host serves the output (a preview, a folder deploy), unlike
/// [`url_for`]. Full URLs stay as written.
pub fn root_relative(base_url: &str, path: &str) -> String {
    if path.contains("://") {
        return path.to_string();
    }
    format!(
        "{}/{}",
        crate::config::base_path(base_url).trim_end_matches('/'),
        path.trim_start_matches('/')
    )
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

/// A syntax error of template `name` (source `text`). Tera reports a
/// missing end tag where it noticed it, at a later end tag (an
/// `{% endblock %}` far below) or at the end of the file; the tag left open
/// is the place to fix, so that is where the diagnostic points.
fn syntax_diagnostic(
    e: &tera::Error,
    files: &BTreeMap<String, PathBuf>,
    name: &str,
    text: &str,
) -> Diagnostic {
    let tera::ErrorKind::SyntaxError(r) = e.kind() else {
        return diagnostic(e, files, name);
    };
    let noticed = r.span().start_line;
    match unclosed_tag(text) {
        Some(open) if open.noticed_at.is_none_or(|l| l == noticed) && open.line <= noticed => {
            let file = files
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name));
            let found = match open.noticed_at {
                Some(line) => format!("line {line} ends `{}` first", open.found),
                None => "the file ends first".to_string(),
            };
            Diagnostic::error(
                file,
                format!(
                    "template error: `{{% {} %}}` is never closed: {found} (Tera: {} at line {noticed})",
                    open.tag,
                    r.message()
                ),
                format!(
                    "add `{{% end{} %}}` where the `{}` should end",
                    open.tag, open.tag
                ),
            )
            .at_line(Some(open.line))
        }
        _ => diagnostic(e, files, name),
    }
}

/// A block tag left open in a template.
#[derive(Debug, PartialEq, Eq)]
struct Unclosed {
    /// `if`, `for`, `block`, ...
    tag: String,
    /// Line of its opening tag.
    line: usize,
    /// Line of the end tag of an outer block met while it was open (none:
    /// the file ended), and that end tag.
    noticed_at: Option<usize>,
    found: String,
}

/// Tags that open a body closed by `end<tag>`.
const BODY_TAGS: &[&str] = &["if", "for", "block", "filter", "component", "raw"];

/// The innermost block tag left open in `source`: a scan of its `{% %}`
/// tags (strings and comments are not parsed, which is enough to point at
/// a forgotten end tag once Tera has said that one is missing).
fn unclosed_tag(source: &str) -> Option<Unclosed> {
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut rest = source;
    let mut offset = 0;
    let line_of = |pos: usize| source[..pos].matches('\n').count() + 1;
    while let Some(start) = rest.find("{%") {
        let tag_start = offset + start;
        let inner_start = start + 2;
        let Some(len) = rest[inner_start..].find("%}") else {
            break;
        };
        let inner = rest[inner_start..inner_start + len]
            .trim_matches(|c: char| c == '-' || c.is_whitespace());
        let word = inner
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        let consumed = inner_start + len + 2;
        offset += consumed;
        rest = &rest[consumed..];
        if open.last().is_some_and(|(t, _)| t == "raw") && word != "endraw" {
            continue;
        }
        // `{% set x %}...{% endset %}` captures a body; `{% set x = y %}` does not.
        let block_set = matches!(word, "set" | "set_global") && !inner.contains('=');
        if BODY_TAGS.contains(&word) || block_set {
            open.push((word.to_string(), line_of(tag_start)));
        } else if let Some(closed) = word.strip_prefix("end") {
            match open.pop() {
                Some((tag, _)) if tag == closed => {}
                Some((tag, line)) => {
                    return Some(Unclosed {
                        tag,
                        line,
                        noticed_at: Some(line_of(tag_start)),
                        found: format!("{{% {word} %}}"),
                    });
                }
                None => return None,
            }
        }
    }
    open.pop().map(|(tag, line)| Unclosed {
        tag,
        line,
        noticed_at: None,
        found: String::new(),
    })
}

/// The errors Tera finds only with every template loaded (an unknown
/// filter, test, function or included template, a block the parent does
/// not have): one message of reports, each with a `--> name:line:col`
/// locus, turned into one diagnostic per report naming its template's file.
fn checked_together(e: &tera::Error, files: &BTreeMap<String, PathBuf>) -> Vec<Diagnostic> {
    let tera::ErrorKind::Msg(text) = e.kind() else {
        return vec![diagnostic(e, files, "base.html")];
    };
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let Some(locus) = line.trim_start().strip_prefix("--> ")
            && let Some(m) = message.take()
        {
            let mut parts = locus.rsplitn(3, ':');
            let (_col, line, name) = (parts.next(), parts.next(), parts.next());
            let Some(name) = name else { continue };
            let file = files
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name));
            out.push(
                Diagnostic::error(
                    file,
                    format!("template error: {m}"),
                    "fix the name at that line: filters, tests and functions are Tera's and \
                     Gazette's (docs/templates.md lists them); included templates must exist",
                )
                .at_line(line.and_then(|l| l.parse().ok())),
            );
        }
    }
    if out.is_empty() {
        out.push(diagnostic(e, files, "base.html"));
    }
    out
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
            let help = undefined_name_help(r.message())
                .unwrap_or_else(|| "fix the template at that line".to_string());
            Diagnostic::error(
                file_of(name),
                format!("template error: {}", r.message()),
                help,
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

/// For Tera's "Variable `artcle` is not defined. Available variables: ..."
/// (and the same for fields): the help, with the name that was likely meant.
fn undefined_name_help(message: &str) -> Option<String> {
    let (_, rest) = message.split_once('`')?;
    let (name, rest) = rest.split_once('`')?;
    let (_, available) = rest
        .split_once("Available variables: ")
        .or_else(|| rest.split_once("Available fields: "))?;
    // Names starting with `__` are Gazette's own, not for templates.
    let known: Vec<&str> = available
        .split(", ")
        .map(str::trim)
        .filter(|n| !n.starts_with("__"))
        .collect();
    let meant = crate::base::suggest::closest(name, &known)?;
    Some(format!(
        "did you mean `{meant}`? (docs/templates.md lists every variable and field)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_tag_left_open() {
        let src = "{% block a %}\n{% if x %}\n{% for i in l %}{% endfor %}\n{% endblock a %}\n";
        assert_eq!(
            unclosed_tag(src),
            Some(Unclosed {
                tag: "if".into(),
                line: 2,
                noticed_at: Some(4),
                found: "{% endblock %}".into(),
            })
        );
        let eof = "{%- if x -%}\nyes\n";
        assert_eq!(
            unclosed_tag(eof).map(|u| (u.tag, u.line)),
            Some(("if".into(), 1))
        );
        assert_eq!(unclosed_tag("{% raw %}{% if %}{% endraw %}"), None);
        let set = "{% set a = 1 %}{% set b %}<i>{% endset %}\n{% if x %}";
        assert_eq!(
            unclosed_tag(set).map(|u| (u.tag, u.line)),
            Some(("if".into(), 2))
        );
    }

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
