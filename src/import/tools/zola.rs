//! A Zola site: `config.toml` into settings (and the front page's
//! `paginate_by`), `content/` to `content/` (its `_index.md` section files
//! are Gazette's section files too), `static/` to `static/`. Templates,
//! Sass, themes and shortcodes go on the checklist.

use std::path::Path;

use anyhow::{Result, bail};
use serde_json::Value;

use super::Plan;
use super::source::{self, count, get, string};

/// Settings the import maps to site.yaml keys.
const MAPPED_KEYS: &[&str] = &[
    "base_url",
    "title",
    "description",
    "default_language",
    "taxonomies",
    "extra",
    "generate_feeds",
    "generate_feed",
    "feed_filenames",
    "feed_filename",
    "theme",
    "languages",
];

/// Reads the Zola site at `source` (importing into `root`).
pub fn plan(source: &Path, root: &Path) -> Result<Plan> {
    if !source.join("config.toml").is_file() {
        bail!(
            "no config.toml in {}: a Zola site has its configuration there; name the folder that \
             holds it",
            source.display()
        );
    }
    let config = source::read_config(source, Path::new("config.toml"))?;
    let mut plan = Plan {
        config_name: "config.toml".into(),
        ..Plan::default()
    };
    read_settings(&config, &mut plan);
    plan.settings.paginate = front_page_paginate_by(source);

    for (dir, to) in [("content", "content"), ("static", "static")] {
        let from = source.join(dir);
        let walk = source::walk(&from, Some(root), |_, _| false);
        plan.copy_tree(&from, walk, to, &format!("{dir}/"));
    }

    let shortcodes = source::walk(&source.join("templates/shortcodes"), None, |_, _| false);
    plan.checklist.files(
        "Custom shortcodes (templates/shortcodes/)",
        "Zola's shortcode templates are Tera, like Gazette's (docs/shortcodes.md): copy the ones your articles call into the site's templates/shortcodes/ and check they build; until then `gazette build` warns where a body calls one",
        shortcodes.files.iter().map(|p| format!("templates/shortcodes/{}", source::slashed(p))).collect(),
    );
    let templates = source::walk(&source.join("templates"), None, |rel, _| {
        rel.starts_with("shortcodes")
    });
    plan.checklist.files(
        "Zola templates (templates/)",
        "Gazette's templates are Tera too, with other variables: carry what you need into a theme (docs/templates.md)",
        templates.files.iter().map(|p| format!("templates/{}", source::slashed(p))).collect(),
    );
    for (dir, what, help) in [
        (
            "sass",
            "Sass sources (sass/)",
            "Gazette does not compile Sass: compile it to CSS and put the CSS in static/",
        ),
        (
            "themes",
            "Zola themes (themes/)",
            "the site uses Gazette's broadsheet theme; restyle it, or write a theme",
        ),
    ] {
        let walk = source::walk(&source.join(dir), None, |_, _| false);
        plan.checklist.files(
            what,
            help,
            walk.files
                .iter()
                .map(|p| format!("{dir}/{}", source::slashed(p)))
                .collect(),
        );
    }
    Ok(plan)
}

/// `paginate_by` of the front page's `content/_index.md` (Zola paginates
/// per section; Gazette has one number).
fn front_page_paginate_by(source: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(source.join("content/_index.md")).ok()?;
    let rest = text.strip_prefix("+++")?;
    let (front, _) = rest.split_once("\n+++")?;
    let value = source::parse_config(front, source::Format::Toml).ok()?;
    count(&value, "paginate_by")
}

/// `config.toml` into site settings, with checklist notes.
fn read_settings(config: &Value, plan: &mut Plan) {
    let s = &mut plan.settings;
    s.title = string(config, "title");
    s.base_url = string(config, "base_url");
    s.description = string(config, "description");
    s.language = string(config, "default_language");
    s.taxonomies = Some(match get(config, "taxonomies") {
        Some(Value::Array(list)) => list.iter().filter_map(|t| string(t, "name")).collect(),
        _ => Vec::new(),
    });
    if let Some(Value::Object(extra)) = get(config, "extra") {
        s.extra = extra.clone();
    }
    let feeds_on = get(config, "generate_feeds")
        .or_else(|| get(config, "generate_feed"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if feeds_on {
        let names: Vec<String> = match get(config, "feed_filenames") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            _ => vec![string(config, "feed_filename").unwrap_or_else(|| "atom.xml".into())],
        };
        let moved: Vec<&String> = names
            .iter()
            .filter(|n| *n != "atom.xml" && *n != "rss.xml")
            .collect();
        if !moved.is_empty() {
            plan.checklist.note(
                format!(
                    "Feeds: Zola wrote {}",
                    moved.iter().map(|n| format!("/{n}")).collect::<Vec<_>>().join(", ")
                ),
                "Gazette writes /atom.xml and /rss.xml: redirect the old feed address at your web server",
            );
        }
    }
    if get(config, "languages").is_some_and(|l| l.as_object().is_some_and(|m| !m.is_empty())) {
        plan.checklist.languages("[languages]");
    }
    if let Some(theme) = string(config, "theme") {
        plan.checklist.theme("Zola", &theme);
    }
    if let Some(map) = config.as_object() {
        let other: Vec<String> = map
            .keys()
            .filter(|k| !MAPPED_KEYS.contains(&k.as_str()))
            .cloned()
            .collect();
        plan.checklist
            .settings_without_equivalent("Zola", &other, "`[extra]`");
    }
}
