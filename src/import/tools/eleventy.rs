//! An Eleventy site. Its configuration is JavaScript, which is never run:
//! the import reads only what is written plainly in it (the `dir` folders
//! as string literals, `addPassthroughCopy("...")` calls) and names the
//! other calls on the checklist. The settings come from the global data
//! files (`_data/site.json`, `_data/metadata.json`) and `package.json`.
//! Markdown under the input folder goes to `content/` at the same path;
//! passthrough copies go to `static/` at their published path.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use globset::{Glob, GlobMatcher};
use serde_json::Value;

use super::Plan;
use super::copier::FileCopy;
use super::source::{self, get, string};

const CONFIG_FILES: &[&str] = &[
    ".eleventy.js",
    "eleventy.config.js",
    "eleventy.config.cjs",
    "eleventy.config.mjs",
];

/// Global data files read for the site's settings, in order.
const SETTINGS_DATA: &[&str] = &["site.json", "metadata.json"];

/// File types Eleventy renders as templates; Gazette reads only Markdown.
const TEMPLATE_EXTENSIONS: &[&str] = &[
    "njk", "liquid", "html", "hbs", "mustache", "ejs", "haml", "pug", "webc", "jsx", "tsx",
    "11ty.js",
];

/// A string literal's value right after `key` and a colon in `code`
/// (`input: "src"`), when it is written exactly once; None for anything
/// computed.
fn literal_setting(code: &str, key: &str) -> Option<String> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices(key) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let rest = code[at + key.len()..].trim_start();
        let rest = rest
            .strip_prefix(['"', '\''])
            .map_or(rest, |r| r.trim_start());
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        if let Some(value) = string_literal(rest.trim_start()) {
            found.push(value);
        }
    }
    (found.len() == 1).then(|| found.remove(0))
}

/// The text of a JavaScript string literal at the start of `code`
/// (without escapes or interpolation: those are not read).
fn string_literal(code: &str) -> Option<String> {
    let quote = code
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let body = &code[1..];
    let end = body.find(quote)?;
    let value = &body[..end];
    (!value.contains(['\\', '\n']) && !value.contains("${")).then(|| value.to_string())
}

/// `addPassthroughCopy` calls: (source glob, published path) for the plain
/// ones, and the count of those that could not be read.
fn passthrough_copies(code: &str) -> (Vec<(String, Option<String>)>, usize) {
    let mut plain = Vec::new();
    let mut unread = 0;
    for (at, call) in code.match_indices("addPassthroughCopy(") {
        let args = code[at + call.len()..].trim_start();
        if let Some(from) = string_literal(args) {
            plain.push((from, None));
        } else if let Some(object) = args.strip_prefix('{') {
            let object = object.trim_start();
            let parsed = string_literal(object).and_then(|from| {
                let after = object[from.len() + 2..].trim_start().strip_prefix(':')?;
                let to = string_literal(after.trim_start())?;
                Some((from, Some(to)))
            });
            match parsed {
                Some(p) => plain.push(p),
                None => unread += 1,
            }
        } else {
            unread += 1;
        }
    }
    (plain, unread)
}

/// The configuration calls the import cannot carry (`addFilter`,
/// `addShortcode`, `addPlugin`...), with their counts.
fn other_calls(code: &str) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (at, _) in code.match_indices('.') {
        let name: String = code[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let is_call = code[at + 1 + name.len()..].starts_with('(');
        let is_config = (name.starts_with("add") || name.starts_with("set"))
            && name.len() > 3
            && name[3..].starts_with(|c: char| c.is_ascii_uppercase());
        if is_call && is_config && name != "addPassthroughCopy" {
            match counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, n)) => *n += 1,
                None => counts.push((name, 1)),
            }
        }
    }
    counts
        .into_iter()
        .map(|(name, n)| if n > 1 { format!("{name} ×{n}") } else { name })
        .collect()
}

/// A folder setting as a path inside the project (`./src/` -> `src`).
fn folder(value: &str) -> PathBuf {
    let trimmed = value
        .trim()
        .trim_start_matches("./")
        .trim_start_matches('/')
        .trim_end_matches('/');
    if trimmed.is_empty() || trimmed == "." {
        PathBuf::new()
    } else {
        PathBuf::from(trimmed)
    }
}

/// Reads the Eleventy site at `source` (importing into `root`).
pub fn plan(source: &Path, root: &Path) -> Result<Plan> {
    let config_file = CONFIG_FILES.iter().find(|n| source.join(n).is_file());
    let package = if source.join("package.json").is_file() {
        Some(source::read_config(source, Path::new("package.json"))?)
    } else {
        None
    };
    let uses_eleventy = package.as_ref().is_some_and(|p| {
        ["dependencies", "devDependencies"].iter().any(|d| {
            get(p, d)
                .and_then(|deps| get(deps, "@11ty/eleventy"))
                .is_some()
        })
    });
    if config_file.is_none() && !uses_eleventy {
        bail!(
            "{} does not look like an Eleventy site: it has no .eleventy.js or eleventy.config.js \
             (.cjs, .mjs), and no package.json naming @11ty/eleventy; name the Eleventy project's folder",
            source.display()
        );
    }
    let code = match config_file {
        Some(name) => std::fs::read_to_string(source::inside(source, Path::new(name))?)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", source.join(name).display()))?,
        None => String::new(),
    };
    let input = literal_setting(&code, "input").map_or_else(PathBuf::new, |v| folder(&v));
    let includes = literal_setting(&code, "includes").unwrap_or_else(|| "_includes".into());
    let layouts = literal_setting(&code, "layouts");
    let data = literal_setting(&code, "data").unwrap_or_else(|| "_data".into());
    let output = literal_setting(&code, "output").unwrap_or_else(|| "_site".into());
    if !source::is_plain_relative(&input) {
        bail!(
            "{}: the input folder {:?} is outside {}; the import reads only inside the project's folder: \
             import from the folder that holds both",
            config_file.unwrap_or(&"the Eleventy configuration"),
            source::slashed(&input),
            source.display()
        );
    }

    let mut names = Vec::new();
    if let Some(name) = config_file {
        names.push(name.to_string());
    }
    let mut plan = Plan::default();
    let data_dir = input.join(folder(&data));
    let mut settings_data = Value::Null;
    for name in SETTINGS_DATA {
        let rel = data_dir.join(name);
        if source.join(&rel).is_file() {
            settings_data = source::read_config(source, &rel)?;
            names.push(source::slashed(&rel));
            break;
        }
    }
    if let Some(p) = &package {
        names.push("package.json".into());
        read_settings(&settings_data, p, &mut plan);
    } else {
        read_settings(&settings_data, &Value::Null, &mut plan);
    }
    plan.config_name = names.join(", ");

    let input_dir = source.join(&input);
    let skip_dirs: Vec<PathBuf> = [
        Some(includes.as_str()),
        layouts.as_deref(),
        Some(data.as_str()),
    ]
    .into_iter()
    .flatten()
    .map(folder)
    .chain([folder(&output)].into_iter().map(|o| {
        // The output folder is named from the project root.
        o.strip_prefix(&input).map(Path::to_path_buf).unwrap_or(o)
    }))
    .collect();
    let walk = source::walk(&input_dir, Some(root), |rel, is_dir| {
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        (is_dir && (name == "node_modules" || name.starts_with('.')))
            || skip_dirs.iter().any(|d| rel == d)
    });
    plan.note_walk_problems(
        "the Eleventy input folder",
        walk.symlinks.clone(),
        walk.unreadable.clone(),
    );

    let (copies, unread_copies) = passthrough_copies(&code);
    let matchers: Vec<(GlobMatcher, String, Option<String>)> = copies
        .iter()
        .filter_map(|(from, to)| {
            let glob = folder(from);
            let pattern = source::slashed(&glob);
            let matcher = Glob::new(&format!("{{{pattern},{pattern}/**}}"))
                .ok()?
                .compile_matcher();
            Some((matcher, pattern, to.clone()))
        })
        .collect();

    let mut templates = Vec::new();
    let mut outside = Vec::new();
    let mut data_files = Vec::new();
    // (path from the project root, whether it is under the input folder):
    // passthrough copies are named from the project root and may lie
    // outside the input folder.
    let mut files: Vec<(PathBuf, bool)> =
        walk.files.iter().map(|r| (input.join(r), true)).collect();
    if !input.as_os_str().is_empty() {
        let project = source::walk(source, Some(root), |rel, is_dir| {
            let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
            is_dir && (name == "node_modules" || name.starts_with('.') || rel == input)
        });
        files.extend(project.files.into_iter().map(|p| (p, false)));
    }
    let ignored = ignore_file(source);
    for (project_rel, in_input) in files {
        if ignored.is_match(&project_rel) {
            continue;
        }
        let rel = project_rel
            .strip_prefix(&input)
            .unwrap_or(&project_rel)
            .to_path_buf();
        let project_path = source::slashed(&project_rel);
        if let Some((_, pattern, to)) = matchers.iter().find(|(m, _, _)| m.is_match(&project_path))
        {
            let published = match to {
                Some(to) => {
                    let base = pattern
                        .split(['*', '{', '?'])
                        .next()
                        .unwrap_or("")
                        .trim_end_matches('/');
                    let inner = project_path
                        .strip_prefix(base)
                        .unwrap_or(&project_path)
                        .trim_start_matches('/');
                    folder(to).join(inner)
                }
                None => project_rel
                    .strip_prefix(&input)
                    .map(Path::to_path_buf)
                    .unwrap_or(project_rel.clone()),
            };
            if source::is_plain_relative(&published) {
                plan.files.push(FileCopy {
                    from: source.join(&project_rel),
                    to: Path::new("static").join(published),
                });
            } else {
                outside.push(project_path);
            }
            continue;
        }
        if !in_input {
            continue;
        }
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "md" {
            plan.files.push(FileCopy {
                from: source.join(&project_rel),
                to: super::markdown_destination(&rel),
            });
        } else if name.ends_with(".11tydata.json")
            || name.ends_with(".11tydata.js")
            || is_directory_data(&rel)
        {
            data_files.push(project_path);
        } else if TEMPLATE_EXTENSIONS
            .iter()
            .any(|t| name.ends_with(&format!(".{t}")))
        {
            templates.push(project_path);
        }
    }

    let c = &mut plan.checklist;
    c.files(
        "Passthrough copies published outside the site's folder (`..` in the target)",
        "they were not copied: put them under static/ by hand",
        outside,
    );
    let listed = |dir: &str| {
        let d = input.join(folder(dir));
        source::walk(&source.join(&d), None, |_, _| false)
            .files
            .iter()
            .map(|p| source::slashed(&d.join(p)))
            .collect::<Vec<_>>()
    };
    c.files(
        "Layouts and includes",
        "Gazette's theme lays out every page: carry what you need into a theme's Tera templates (docs/templates.md)",
        listed(&includes)
            .into_iter()
            .chain(layouts.as_deref().map(listed).unwrap_or_default())
            .collect(),
    );
    c.files(
        "Global data files",
        "templates cannot read them yet: copy values the theme needs under `extra:` in site.yaml",
        listed(&data),
    );
    c.files(
        "Directory data files (front matter for a whole folder)",
        "Gazette reads each file's own front matter only: copy the values they set (like `tags`) into the files' front matter",
        data_files,
    );
    c.files(
        "Templates in other languages (Nunjucks, Liquid, HTML, JavaScript...)",
        "they are not copied: rewrite each page as Markdown in content/, or the layout as a theme template",
        templates,
    );
    match config_file {
        Some(name) => {
            let calls = other_calls(&code);
            if !calls.is_empty() {
                c.note(
                    format!("{name} is JavaScript and was not run; these calls were not carried: {}", calls.join(", ")),
                    "filters, shortcodes, plugins and collections are code: find the Gazette feature that replaces each (taxonomies, feeds and pagination are built in)",
                );
            }
            if unread_copies > 0 {
                c.note(
                    format!(
                        "{name}: {} addPassthroughCopy calls could not be read (computed paths)",
                        unread_copies
                    ),
                    "copy those files into static/ by hand",
                );
            }
            for (key, value) in [("input", &input), ("output", &folder(&output))] {
                if literal_setting(&code, key).is_none() && code.contains(key) {
                    c.note(
                        format!("{name} sets `{key}` in a way the import cannot read"),
                        format!(
                            "the import used {:?}; if that is wrong, copy the content by hand",
                            source::slashed(value)
                        ),
                    );
                }
            }
        }
        None => c.note(
            "No Eleventy configuration file: Eleventy's defaults were used",
            "nothing to do, unless package.json's scripts pass --input or --output",
        ),
    }
    if data_dir.join("metadata.js").exists() || data_dir.join("site.js").exists() {
        c.note(
            "Site data written in JavaScript (_data/*.js) was not run",
            "copy the title, URL, description and language into site.yaml by hand",
        );
    }
    Ok(plan)
}

/// The paths `.eleventyignore` lists (globs from the project root), which
/// Eleventy does not build.
fn ignore_file(source: &Path) -> globset::GlobSet {
    let mut set = globset::GlobSetBuilder::new();
    let text = std::fs::read_to_string(source.join(".eleventyignore")).unwrap_or_default();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
            continue;
        }
        let pattern = source::slashed(&folder(line));
        for p in [pattern.clone(), format!("{pattern}/**")] {
            if let Ok(glob) = Glob::new(&p) {
                set.add(glob);
            }
        }
    }
    set.build().unwrap_or_else(|_| globset::GlobSet::empty())
}

/// `posts/posts.json`: Eleventy's data file for the folder it is in.
fn is_directory_data(rel: &Path) -> bool {
    let stem = rel.file_stem().and_then(|s| s.to_str());
    let parent = rel
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|s| s.to_str());
    rel.extension().is_some_and(|e| e == "json") && stem.is_some() && stem == parent
}

/// Site settings from global data (`site.json`, `metadata.json`) and
/// `package.json`.
fn read_settings(data: &Value, package: &Value, plan: &mut Plan) {
    let s = &mut plan.settings;
    s.title = string(data, "title").or_else(|| string(package, "name"));
    s.base_url = string(data, "url")
        .or_else(|| string(data, "baseUrl"))
        .or_else(|| string(package, "homepage"));
    s.description = string(data, "description").or_else(|| string(package, "description"));
    s.language = string(data, "language")
        .or_else(|| string(data, "lang"))
        .or_else(|| string(data, "locale"));
    s.timezone = string(data, "timezone");
    // Eleventy's only built-in grouping is `tags`; Gazette's defaults
    // (tags, categories, authors) include it.
    s.taxonomies = Some(vec!["tags".into(), "categories".into()]);
    if let Some(map) = data.as_object() {
        for (key, value) in map {
            let mapped = [
                "title",
                "url",
                "baseUrl",
                "description",
                "language",
                "lang",
                "locale",
                "timezone",
            ];
            if !mapped.contains(&key.as_str()) {
                s.extra.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_code_never_panics() {
        for code in crate::import::tools::shuffled_texts() {
            for key in ["input", "output", "data"] {
                literal_setting(&code, key);
            }
            passthrough_copies(&code);
            other_calls(&code);
        }
    }

    #[test]
    fn only_plain_literals_are_read() {
        let code = r#"
module.exports = function(eleventyConfig) {
  eleventyConfig.addPassthroughCopy("img");
  eleventyConfig.addPassthroughCopy({ "src/static/fonts": "fonts" });
  eleventyConfig.addPassthroughCopy(someVariable);
  eleventyConfig.addFilter("date", x => x);
  eleventyConfig.addFilter("slug", x => x);
  eleventyConfig.addShortcode("year", () => "2024");
  return { dir: { input: "src", output: `${out}` } };
};"#;
        assert_eq!(literal_setting(code, "input").as_deref(), Some("src"));
        assert_eq!(literal_setting(code, "output"), None);
        let (copies, unread) = passthrough_copies(code);
        assert_eq!(
            copies,
            [
                ("img".to_string(), None),
                ("src/static/fonts".to_string(), Some("fonts".to_string()))
            ]
        );
        assert_eq!(unread, 1);
        assert_eq!(other_calls(code), ["addFilter ×2", "addShortcode"]);
    }
}
