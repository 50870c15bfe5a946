//! A Jekyll site: `_config.yml` into settings, and its files sorted as
//! Jekyll sorts them. Posts (`_posts/`, `_drafts/`, at any depth) and
//! Markdown pages go to `content/` at the same path, collections that
//! Jekyll publishes to `content/<name>/`, files Jekyll copies as they are
//! (no front matter) to `static/`, so they keep their URLs. Layouts,
//! includes, Sass, plugins, data and Liquid pages go on the checklist.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde_json::Value;

use super::copier::FileCopy;
use super::source::{self, count, get, string};
use super::{Plan, settings};

/// The Markdown extensions Jekyll reads by default (`markdown_ext`).
const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mkdown", "mkdn", "mkd"];

/// What Jekyll leaves out of a site by default, besides `_` and `.` names.
const DEFAULT_EXCLUDES: &[&str] = &[
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor",
    "_site",
];

/// Jekyll's own settings: read by the engine, with no Gazette equivalent.
/// Other settings a site writes are its own, for its templates, and go
/// under `extra:`.
const ENGINE_KEYS: &[&str] = &[
    "source",
    "destination",
    "cache_dir",
    "plugins_dir",
    "layouts_dir",
    "data_dir",
    "includes_dir",
    "safe",
    "keep_files",
    "encoding",
    "markdown_ext",
    "strict_front_matter",
    "show_drafts",
    "limit_posts",
    "future",
    "unpublished",
    "whitelist",
    "markdown",
    "highlighter",
    "lsi",
    "excerpt_separator",
    "incremental",
    "detach",
    "port",
    "host",
    "show_dir_listing",
    "paginate_path",
    "quiet",
    "verbose",
    "defaults",
    "liquid",
    "kramdown",
    "sass",
    "theme",
    "remote_theme",
    "rdiscount",
    "redcarpet",
    "livereload",
    "webrick",
    "feed",
    "jekyll-archives",
    "jekyll_compose",
    "compress_html",
];

/// Settings the import maps to site.yaml keys.
const MAPPED_KEYS: &[&str] = &[
    "title",
    "name",
    "url",
    "baseurl",
    "description",
    "lang",
    "locale",
    "timezone",
    "paginate",
    "permalink",
    "collections",
    "plugins",
    "gems",
    "include",
    "exclude",
    "collections_dir",
];

/// Plugins whose work Gazette does itself, and what it does instead.
const COVERED_PLUGINS: &[(&str, &str)] = &[
    (
        "jekyll-feed",
        "feeds at /atom.xml and /rss.xml (jekyll-feed's /feed.xml is not written: redirect it at your web server)",
    ),
    ("jekyll-sitemap", "/sitemap.xml"),
    ("jekyll-seo-tag", "the theme's meta tags"),
    ("jekyll-paginate", "`paginate`"),
    ("jekyll-paginate-v2", "`paginate`"),
    ("jekyll-redirect-from", "`redirect_from:` read as aliases"),
    ("jekyll-archives", "tag, category and author pages"),
];

/// Jekyll's named permalink styles, as patterns.
fn permalink_style(style: &str) -> &str {
    match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        custom => custom,
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Jekyll's `exclude` entries (and its defaults) as globs over site paths.
fn exclusions(config: &Value) -> GlobSet {
    let mut set = GlobSetBuilder::new();
    let entries = DEFAULT_EXCLUDES
        .iter()
        .map(|s| s.to_string())
        .chain(strings(get(config, "exclude")));
    for entry in entries {
        let entry = entry.trim().trim_start_matches("./").trim_end_matches('/');
        for pattern in [entry.to_string(), format!("{entry}/**")] {
            if let Ok(glob) = Glob::new(&pattern) {
                set.add(glob);
            }
        }
    }
    set.build().unwrap_or_else(|_| GlobSet::empty())
}

/// A collection Jekyll publishes (`output: true`) or only reads.
struct Collection {
    name: String,
    output: bool,
}

fn collections(config: &Value) -> Vec<Collection> {
    match get(config, "collections") {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(name, settings)| Collection {
                name: name.clone(),
                output: get(settings, "output")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            })
            .collect(),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(|name| Collection {
                name: name.to_string(),
                output: false,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads the Jekyll site at `source` (importing into `root`).
pub fn plan(source: &Path, root: &Path) -> Result<Plan> {
    let config_name = ["_config.yml", "_config.yaml", "_config.toml"]
        .into_iter()
        .find(|n| source.join(n).is_file());
    let Some(config_name) = config_name else {
        bail!(
            "no _config.yml in {}: a Jekyll site has its configuration there; name the folder that \
             holds _config.yml (for another tool, use `gazette import hugo|zola|eleventy DIR`)",
            source.display()
        );
    };
    let config = source::read_config(source, Path::new(config_name))?;
    let mut plan = Plan {
        config_name: config_name.to_string(),
        ..Plan::default()
    };
    read_settings(&config, &mut plan);

    let excluded = exclusions(&config);
    // Jekyll publishes `.htaccess` unless told otherwise.
    let included: Vec<String> = strings(get(&config, "include"))
        .into_iter()
        .chain([".htaccess".to_string()])
        .collect();
    let collections = collections(&config);
    let walk = source::walk(source, Some(root), |rel, _| {
        let path = source::slashed(rel);
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let hidden = name.starts_with('.') && !included.iter().any(|i| i == name || *i == path);
        hidden || excluded.is_match(&path)
    });
    plan.note_walk_problems("the Jekyll site", walk.symlinks, walk.unreadable);

    let mut layouts = Vec::new();
    let mut includes = Vec::new();
    let mut sass = Vec::new();
    let mut ruby_plugins = Vec::new();
    let mut data = Vec::new();
    let mut liquid_files = Vec::new();
    let mut unpublished = Vec::new();
    let collections_dir = string(&config, "collections_dir")
        .map(PathBuf::from)
        .filter(|d| source::is_plain_relative(d));
    for original in walk.files {
        let from = source.join(&original);
        let path = source::slashed(&original);
        // Under `collections_dir`, `_posts/` and collections are where
        // they would be at the top.
        let rel = collections_dir
            .as_deref()
            .and_then(|d| original.strip_prefix(d).ok())
            .filter(|inner| {
                inner
                    .components()
                    .next()
                    .is_some_and(|c| c.as_os_str().to_string_lossy().starts_with('_'))
            })
            .map_or_else(|| original.clone(), Path::to_path_buf);
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_markdown = rel
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| MARKDOWN_EXTENSIONS.contains(&e));
        let in_posts = rel
            .components()
            .any(|c| c.as_os_str() == "_posts" || c.as_os_str() == "_drafts");
        match first.as_str() {
            "_layouts" => layouts.push(path),
            "_includes" => includes.push(path),
            "_sass" => sass.push(path),
            "_plugins" => ruby_plugins.push(path),
            "_data" => data.push(path),
            _ if in_posts => plan.files.push(FileCopy {
                from,
                to: content_path(&rel, is_markdown),
            }),
            _ if first.starts_with('_') && rel.components().count() > 1 => {
                let name = &first[1..];
                match collections.iter().find(|c| c.name == name) {
                    Some(c) if c.output => {
                        let inner = rel.strip_prefix(&first).unwrap_or(&rel);
                        plan.files.push(FileCopy {
                            from,
                            to: content_path(&Path::new(name).join(inner), is_markdown),
                        });
                    }
                    Some(_) => unpublished.push(path),
                    // Jekyll reads no other `_` folder.
                    None => {}
                }
            }
            _ if rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('_')) => {}
            _ if is_markdown => plan.files.push(FileCopy {
                from,
                to: content_path(&rel, true),
            }),
            _ if source::has_front_matter(&from) => liquid_files.push(path),
            _ => plan.files.push(FileCopy {
                from,
                to: Path::new("static").join(&rel),
            }),
        }
    }
    let c = &mut plan.checklist;
    c.files(
        "Jekyll layouts (_layouts/)",
        "Gazette's theme lays out every page: carry what you need into a theme's Tera templates (docs/templates.md)",
        layouts,
    );
    c.files(
        "Jekyll includes (_includes/)",
        "Liquid includes are not run: rewrite them as Tera templates or partials in the theme",
        includes,
    );
    c.files(
        "Sass sources (_sass/)",
        "Gazette does not compile Sass: compile it to CSS and put the CSS in static/ or the theme",
        sass,
    );
    c.files(
        "Ruby plugins (_plugins/)",
        "Gazette does not run Jekyll plugins: find the Gazette feature that replaces each, or drop it",
        ruby_plugins,
    );
    c.files(
        "Data files (_data/)",
        "templates cannot read them yet: copy values the theme needs under `extra:` in site.yaml",
        data,
    );
    c.files(
        "Pages and files made with Liquid (front matter in a non-Markdown file)",
        "they are templates, not content: rewrite each as a Markdown page in content/ or as a theme template",
        liquid_files,
    );
    c.files(
        "Collections Jekyll does not publish (`output: false`)",
        "they were not copied: copy the ones to publish into content/<name>/",
        unpublished,
    );
    Ok(plan)
}

/// Where a file of the site goes in `content/`: the same path, with a
/// Markdown file's extension made `.md` (the one Gazette reads), and the
/// home page's text the front page's.
fn content_path(rel: &Path, is_markdown: bool) -> PathBuf {
    if is_markdown {
        super::markdown_destination(&rel.with_extension("md"))
    } else {
        Path::new("content").join(rel)
    }
}

/// `_config.yml` into site settings, with checklist notes.
fn read_settings(config: &Value, plan: &mut Plan) {
    let s = &mut plan.settings;
    s.title = string(config, "title").or_else(|| string(config, "name"));
    s.base_url = string(config, "url").map(|url| {
        let base = string(config, "baseurl").unwrap_or_default();
        format!("{}/{}", url.trim_end_matches('/'), base.trim_matches('/'))
            .trim_end_matches('/')
            .to_string()
    });
    s.description = string(config, "description");
    s.language = string(config, "lang").or_else(|| string(config, "locale"));
    s.timezone = string(config, "timezone");
    s.paginate = count(config, "paginate");
    s.taxonomies = Some(vec!["tags".into(), "categories".into(), "authors".into()]);
    let style = string(config, "permalink").unwrap_or_else(|| "date".into());
    let (pattern, dropped, had_extension) = settings::translate_permalink(permalink_style(&style));
    s.permalink = pattern;
    if !dropped.is_empty() || had_extension {
        let mut why = Vec::new();
        if !dropped.is_empty() {
            why.push(format!("Gazette has no {}", dropped.join(", ")));
        }
        if had_extension {
            why.push("Gazette writes every page as a folder (`/slug/`), not `.html`".to_string());
        }
        plan.checklist.note(
            format!(
                "Permalink `{style}` cannot be kept exactly: {}",
                why.join("; ")
            ),
            format!(
                "site.yaml has `permalink: {}`; old post URLs change: list each old URL under \
                 `redirect_from:` (or `aliases:`) in its post so that it redirects",
                s.permalink.as_deref().unwrap_or("/:section/:slug/")
            ),
        );
    }

    if let Some(map) = config.as_object() {
        for (key, value) in map {
            if !MAPPED_KEYS.contains(&key.as_str()) && !ENGINE_KEYS.contains(&key.as_str()) {
                s.extra.insert(key.clone(), value.clone());
            }
        }
        let engine: Vec<String> = map
            .keys()
            .filter(|k| ENGINE_KEYS.contains(&k.as_str()))
            .cloned()
            .collect();
        plan.checklist
            .settings_without_equivalent("Jekyll", &engine, "the site's own settings");
    }
    let plugins: Vec<String> = strings(get(config, "plugins"))
        .into_iter()
        .chain(strings(get(config, "gems")))
        .collect();
    let covered: Vec<String> = plugins
        .iter()
        .filter_map(|p| {
            COVERED_PLUGINS
                .iter()
                .find(|(name, _)| name == p)
                .map(|(name, by)| format!("{name}: {by}"))
        })
        .collect();
    let others: Vec<String> = plugins
        .iter()
        .filter(|p| !COVERED_PLUGINS.iter().any(|(name, _)| name == p))
        .cloned()
        .collect();
    if !others.is_empty() {
        plan.checklist.note(
            format!(
                "Jekyll plugins Gazette does not have: {}",
                others.join(", ")
            ),
            "replace each with a Gazette feature or a theme template, or drop it",
        );
    }
    if !covered.is_empty() {
        plan.checklist.note(
            "Jekyll plugins whose work Gazette does itself (nothing to do but check the result)",
            covered.join("; "),
        );
    }
}
