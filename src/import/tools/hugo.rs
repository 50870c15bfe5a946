//! A Hugo site: its configuration (one file, `hugo.*` or `config.*` in
//! TOML, YAML or JSON, and the split files of `config/_default/`) into
//! settings; `content/` to `content/` and `static/` to `static/` (Hugo
//! publishes static files at the site root, as Gazette does with its
//! `static/`). Layouts, themes, shortcodes, data, i18n, assets and
//! archetypes go on the checklist.

use std::path::Path;

use anyhow::{Result, bail};
use serde_json::{Map, Value};

use super::source::{self, count, get, string};
use super::{Plan, settings};

/// Root configuration files, in the order Hugo looks for them.
const ROOT_CONFIGS: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// Settings the import maps to site.yaml keys (lowercase: Hugo's keys
/// are case-insensitive).
const MAPPED_KEYS: &[&str] = &[
    "baseurl",
    "title",
    "languagecode",
    "defaultcontentlanguage",
    "params",
    "paginate",
    "pagination",
    "taxonomies",
    "permalinks",
    "timezone",
    "contentdir",
    "staticdir",
    "menu",
    "menus",
    "theme",
];

/// Folders of a Hugo site that hold no content, and what to do about each.
const NOT_CARRIED: &[(&str, &str, &str)] = &[
    (
        "layouts",
        "Hugo layouts (layouts/)",
        "Gazette's theme lays out every page: carry what you need into a theme's Tera templates (docs/templates.md)",
    ),
    (
        "themes",
        "Hugo themes (themes/)",
        "Hugo themes do not run in Gazette: the site uses the broadsheet theme; restyle it or write a theme",
    ),
    (
        "data",
        "Data files (data/)",
        "templates cannot read them yet: copy values the theme needs under `extra:` in site.yaml",
    ),
    (
        "i18n",
        "Translation strings (i18n/)",
        "Gazette's theme has its own wording: translate it in the theme's templates",
    ),
    (
        "assets",
        "Hugo Pipes assets (assets/)",
        "Gazette does not process assets: put the built CSS and JavaScript in static/",
    ),
    (
        "archetypes",
        "Archetypes (archetypes/)",
        "`gazette new` writes new articles' front matter itself",
    ),
];

/// The configuration: the root file merged with `config/_default/`
/// (where `params.toml` is the `params` table, and `hugo.toml` the root).
fn read_config(source: &Path) -> Result<(Value, String)> {
    let mut names = Vec::new();
    let mut config = Value::Object(Map::new());
    if let Some(root) = ROOT_CONFIGS.iter().find(|n| source.join(n).is_file()) {
        config = source::read_config(source, Path::new(root))?;
        names.push(root.to_string());
    }
    let split = Path::new("config").join("_default");
    let walk = source::walk(&source.join(&split), None, |_, is_dir| is_dir);
    for rel in walk.files {
        let file = split.join(&rel);
        if source::Format::of(&file).is_none() {
            continue;
        }
        let value = source::read_config(source, &file)?;
        let stem = rel
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.split('.').next())
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(top) = config.as_object_mut() else {
            continue;
        };
        match stem.as_str() {
            "hugo" | "config" => {
                if let Value::Object(map) = value {
                    top.extend(map);
                }
            }
            key => {
                top.insert(key.to_string(), value);
            }
        }
        names.push(source::slashed(&file));
    }
    if names.is_empty() {
        bail!(
            "no Hugo configuration in {}: a Hugo site has hugo.toml (or hugo.yaml, hugo.json, \
             config.toml, config/_default/); name the folder that holds it",
            source.display()
        );
    }
    Ok((config, names.join(" and ")))
}

/// Reads the Hugo site at `source` (importing into `root`).
pub fn plan(source: &Path, root: &Path) -> Result<Plan> {
    let (config, config_name) = read_config(source)?;
    let mut plan = Plan {
        config_name,
        ..Plan::default()
    };
    read_settings(&config, &mut plan);

    let content_dir = string(&config, "contentDir").unwrap_or_else(|| "content".into());
    let static_dir = string(&config, "staticDir").unwrap_or_else(|| "static".into());
    for (dir, to) in [(&content_dir, "content"), (&static_dir, "static")] {
        if !source.join(dir).exists() {
            continue;
        }
        let from = source::inside(source, Path::new(dir))?;
        let walk = source::walk(&from, Some(root), |_, _| false);
        plan.copy_tree(&from, walk, to, &format!("{dir}/"));
    }
    // Hugo reads `.markdown` as Markdown too; Gazette reads `.md`.
    for file in &mut plan.files {
        if file.to.starts_with("content") && file.to.extension().is_some_and(|e| e == "markdown") {
            file.to.set_extension("md");
        }
    }
    let html_content: Vec<String> = plan
        .files
        .iter()
        .filter(|f| {
            f.to.starts_with("content")
                && f.to.extension().is_some_and(|e| e == "html")
                && source::has_front_matter(&f.from)
        })
        .map(|f| source::slashed(&f.to))
        .collect();
    plan.files
        .retain(|f| !html_content.contains(&source::slashed(&f.to)));
    plan.checklist.files(
        "HTML content files (with front matter)",
        "Gazette reads content in Markdown: rewrite each as a .md file in content/",
        html_content,
    );

    let shortcodes = source::walk(&source.join("layouts").join("shortcodes"), None, |_, _| {
        false
    });
    plan.checklist.files(
        "Custom shortcodes (layouts/shortcodes/)",
        "Gazette runs Hugo's built-in shortcodes (youtube, vimeo, x, instagram, figure...) but not Go templates: where a body calls one of these, `gazette build` warns; write it as a Tera template in templates/shortcodes/ (docs/shortcodes.md) or replace the call with Markdown",
        shortcodes
            .files
            .iter()
            .map(|p| format!("layouts/shortcodes/{}", source::slashed(p)))
            .collect(),
    );
    for (dir, what, help) in NOT_CARRIED {
        let walk = source::walk(&source.join(dir), None, |rel, _| {
            *dir == "layouts" && rel.starts_with("shortcodes")
        });
        plan.checklist.files(
            *what,
            *help,
            walk.files
                .iter()
                .map(|p| format!("{dir}/{}", source::slashed(p)))
                .collect(),
        );
    }
    Ok(plan)
}

/// The configuration into site settings, with checklist notes.
fn read_settings(config: &Value, plan: &mut Plan) {
    let params = get(config, "params").cloned().unwrap_or(Value::Null);
    let s = &mut plan.settings;
    s.title = string(config, "title");
    s.base_url = string(config, "baseURL");
    s.description = string(&params, "description").or_else(|| string(config, "description"));
    s.language =
        string(config, "languageCode").or_else(|| string(config, "defaultContentLanguage"));
    s.timezone = string(config, "timeZone");
    s.paginate = get(config, "pagination")
        .and_then(|p| count(p, "pagerSize"))
        .or_else(|| count(config, "paginate"));
    s.taxonomies = Some(match get(config, "taxonomies") {
        Some(Value::Object(map)) => map
            .values()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => vec!["tags".into(), "categories".into()],
    });
    if let Some(Value::Object(params)) = get(config, "params") {
        for (key, value) in params {
            if !key.eq_ignore_ascii_case("description") {
                s.extra.insert(key.clone(), value.clone());
            }
        }
    }

    // `[permalinks] posts = "..."`, or Hugo 0.120's `[permalinks.page]`.
    let permalinks = get(config, "permalinks");
    let patterns: Vec<(String, String)> = permalinks
        .and_then(|p| get(p, "page").filter(|v| v.is_object()).or(Some(p)))
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    if let Some((_, pattern)) = patterns.first() {
        let (translated, dropped, had_extension) = settings::translate_permalink(pattern);
        // Hugo's pattern is the whole URL of its section's pages; Gazette's
        // one pattern applies to the articles of every section.
        s.permalink = translated;
        if patterns.len() > 1 || !dropped.is_empty() || had_extension {
            let all: Vec<String> = patterns
                .iter()
                .map(|(k, v)| format!("{k} = {v:?}"))
                .collect();
            plan.checklist.note(
                format!("Permalinks cannot be kept exactly: {}", all.join(", ")),
                format!(
                    "Gazette has one pattern for every section (site.yaml has `permalink: {}`); \
                     where a URL changes, list the old one under `aliases:` in the article",
                    s.permalink.as_deref().unwrap_or("/:section/:slug/")
                ),
            );
        }
    }

    if let Some(menus) = get(config, "menus").or_else(|| get(config, "menu")) {
        let entries: Vec<String> = menus
            .as_object()
            .map(|m| {
                m.iter()
                    .flat_map(|(menu, items)| {
                        let names: Vec<String> = items
                            .as_array()
                            .map(|a| a.iter().filter_map(|i| string(i, "name")).collect())
                            .unwrap_or_default();
                        names.into_iter().map(move |n| format!("{menu}: {n}"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if !entries.is_empty() {
            plan.checklist.note(
                format!("Menus: {}", entries.join(", ")),
                "Gazette's navigation lists the sections: order them with `nav: [section, ...]` in site.yaml; pages outside sections need links in the theme",
            );
        }
    }
    if get(config, "languages").is_some_and(|l| l.as_object().is_some_and(|m| m.len() > 1)) {
        plan.checklist.languages("languages");
    }
    if let Some(theme) = string(config, "theme") {
        plan.checklist.theme("Hugo", &theme);
    }
    if let Some(map) = config.as_object() {
        let other: Vec<String> = map
            .keys()
            .filter(|k| !MAPPED_KEYS.contains(&k.to_ascii_lowercase().as_str()))
            .filter(|k| !k.eq_ignore_ascii_case("languages"))
            .cloned()
            .collect();
        plan.checklist
            .settings_without_equivalent("Hugo", &other, "`params`");
    }
}
