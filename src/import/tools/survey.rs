//! A look at the Markdown about to be copied, for the checklist: files
//! with no front matter (Gazette cannot read them: they are left out),
//! files with no date (the About pages of Hugo and Zola sites: copied as
//! standalone pages, since a Gazette article needs a date), and bodies with
//! template code (shown as text; the build counts it).
//!
//! It only reads; the content stage does the real parsing at build time.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::checklist::Checklist;
use super::copier::FileCopy;
use super::source::slashed;

/// Whether a front matter key (lower-cased, as [`front_matter`] gives it)
/// gives an article its date: `date` or one of the content stage's
/// synonyms of it.
fn is_date_key(key: &str) -> bool {
    key == "date"
        || crate::content::frontmatter::SYNONYMS
            .iter()
            .any(|(synonym, meaning)| *meaning == "date" && synonym.eq_ignore_ascii_case(key))
}

/// The top-level keys of a file's front matter and the body after it;
/// None when the file has none.
fn front_matter(text: &str) -> Option<(Vec<(String, String)>, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.starts_with('{') {
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
        let value = stream.next()?.ok()?;
        let end = stream.byte_offset();
        let keys = value
            .as_object()?
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
            .collect();
        return Some((keys, &text[end..]));
    }
    let (fence, separator) = if text.starts_with("---") {
        ("---", ':')
    } else if text.starts_with("+++") {
        ("+++", '=')
    } else {
        return None;
    };
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != fence {
        return None;
    }
    let mut keys = Vec::new();
    let mut offset = first.len();
    for line in lines {
        offset += line.len();
        let trimmed = line.trim_end();
        if trimmed == fence || (fence == "---" && trimmed == "...") {
            return Some((keys, &text[offset..]));
        }
        if line.starts_with([' ', '\t', '#', '-', '[']) {
            continue;
        }
        if let Some((key, value)) = line.split_once(separator) {
            let key = key.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
            let value = value.trim().trim_matches(['"', '\'']).to_string();
            keys.push((key, value));
        }
    }
    None
}

/// Whether a file name (or a bundle folder's) starts with a `YYYY-MM-DD`
/// date, which the content stage reads as the article's date.
fn dated_name(path: &Path) -> bool {
    let named = |name: &str| crate::content::dates::date_prefix(name).is_some();
    let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let bundle = (file == "index.md")
        .then(|| path.parent()?.file_name()?.to_str())
        .flatten()
        .unwrap_or("");
    named(file) || named(bundle)
}

/// Whether a body holds another tool's template code (Liquid, Nunjucks,
/// Hugo and Zola shortcodes).
fn has_template_code(body: &str) -> bool {
    body.contains("{%") || body.contains("{{")
}

/// Looks at every Markdown file of `plan` bound for `content/`, drops the
/// ones Gazette cannot read (no front matter), adds what it found to
/// `checklist`, and returns the destinations of the files with no date,
/// which the copy makes standalone pages ([`as_page`]).
pub fn survey(plan: &mut Vec<FileCopy>, checklist: &mut Checklist) -> BTreeSet<PathBuf> {
    let mut pages = BTreeSet::new();
    let mut no_front_matter = Vec::new();
    let mut undated = Vec::new();
    let mut templated = Vec::new();
    plan.retain(|file| {
        let is_content_markdown =
            file.to.starts_with("content") && file.to.extension().is_some_and(|e| e == "md");
        if !is_content_markdown {
            return true;
        }
        let name = slashed(file.to.strip_prefix("content").unwrap_or(&file.to));
        let Ok(text) = std::fs::read_to_string(&file.from) else {
            // Not UTF-8 or unreadable: the build names it; copy it as it is.
            return true;
        };
        let Some((keys, body)) = front_matter(&text) else {
            no_front_matter.push(name);
            return false;
        };
        let has = |wanted: &[&str]| keys.iter().any(|(k, _)| wanted.contains(&k.as_str()));
        // Jekyll's `layout: page` without a `type` is a page to the content
        // stage too.
        let is_page = keys.iter().any(|(k, v)| k == "type" && v == "page")
            || (!has(&["type"]) && keys.iter().any(|(k, v)| k == "layout" && v == "page"));
        let is_index = file.to.file_name().is_some_and(|n| n == "_index.md");
        // Jekyll's drafts get their date when they are posted; the content
        // stage reads them as drafts without one.
        let is_jekyll_draft = file.to.components().any(|c| c.as_os_str() == "_drafts");
        if !is_index
            && !is_page
            && !is_jekyll_draft
            && !keys.iter().any(|(k, _)| is_date_key(k))
            && !dated_name(&file.to)
        {
            undated.push(name.clone());
            pages.insert(file.to.clone());
        }
        if has_template_code(body) {
            templated.push(name);
        }
        true
    });
    checklist.files(
        "Markdown files without front matter were not copied",
        "Gazette reads a Markdown file only with front matter: add `---`, `title: ...`, `---` at the top of each and copy it into content/ by hand",
        no_front_matter,
    );
    checklist.files(
        "Markdown files with no date (no `date:` and no YYYY-MM-DD- file name), copied as standalone pages",
        "a Gazette article needs a date, so `type: page` was added to their front matter: they are pages, kept out of lists and feeds; to make one an article, replace that line with `date: YYYY-MM-DD`",
        undated,
    );
    checklist.files(
        "Template code in article bodies ({% ... %} or {{ ... }}: Liquid, Nunjucks, shortcodes)",
        "it is not run: Gazette shows it as text, and `gazette build` counts it in one warning; replace it with Markdown (or a Gazette shortcode) by hand",
        templated,
    );
    pages
}

/// `text` with `type: page` added as the first key of its front matter, in
/// the front matter's own dialect (YAML, TOML or JSON); None when it has
/// none the survey recognised.
pub fn as_page(text: &str) -> Option<String> {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let rest = &text[bom.len()..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let (head, tail) = rest.split_at(first_line_end);
    let line_break = if head.ends_with("\r\n") { "\r\n" } else { "\n" };
    let inserted = match head.trim_end() {
        "---" => format!("{head}type: page{line_break}{tail}"),
        "+++" => format!("{head}type = \"page\"{line_break}{tail}"),
        _ if rest.starts_with('{') => {
            let after = &rest[1..];
            let comma = if after.trim_start().starts_with('}') {
                ""
            } else {
                ","
            };
            format!("{{\"type\": \"page\"{comma}{after}")
        }
        _ => return None,
    };
    Some(format!("{bom}{inserted}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_never_panics() {
        for text in crate::import::tools::shuffled_texts() {
            front_matter(&text);
            dated_name(Path::new(&text));
        }
    }

    #[test]
    fn keys_of_each_dialect() {
        let (keys, body) = front_matter("---\ntitle: A\ndate: 2020-01-01\n---\nBody").unwrap();
        assert_eq!(keys[1], ("date".into(), "2020-01-01".into()));
        assert_eq!(body, "Body");
        let (keys, _) =
            front_matter("+++\ntitle = \"A\"\npublishDate = 2020-01-01\n+++\n").unwrap();
        assert_eq!(keys[1].0, "publishdate");
        let (keys, body) = front_matter("{\"title\": \"A\", \"type\": \"page\"}\nBody").unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(body, "\nBody");
        assert!(front_matter("# Just a heading\n").is_none());
        assert!(front_matter("---\ntitle: never closed\n").is_none());
    }

    #[test]
    fn undated_files_become_pages_in_their_own_dialect() {
        for (text, key) in [
            ("---\ntitle: About\n---\nBody", "type"),
            ("+++\ntitle = \"About\"\n+++\nBody", "type"),
            ("{\"title\": \"About\"}\nBody", "type"),
            ("{}\nBody", "type"),
            ("\u{feff}---\r\ntitle: About\r\n---\r\nBody", "type"),
        ] {
            let page = as_page(text).unwrap();
            let (keys, body) = front_matter(&page).unwrap();
            assert!(
                keys.iter().any(|(k, v)| k == key && v == "page"),
                "{page:?}: {keys:?}"
            );
            assert!(body.ends_with("Body"), "{page:?}");
        }
        assert_eq!(as_page("# no front matter"), None);
    }

    #[test]
    fn dates_in_file_and_bundle_names() {
        assert!(dated_name(Path::new("content/_posts/2014-09-25-design.md")));
        assert!(dated_name(Path::new(
            "content/blog/2020-01-02_trip/index.md"
        )));
        assert!(!dated_name(Path::new("content/about.md")));
        assert!(!dated_name(Path::new("content/2014-09-25.md")));
    }
}
