//! Warnings a build gives once, however many files they concern: an
//! imported archive repeats the same front matter key in hundreds of files,
//! and hundreds of identical lines would hide the warnings that matter.
//!
//! Each file's parse still warns about its own file (so that `serve`,
//! which re-parses one file, knows); [`merge`] folds the warnings of a
//! whole build into one per message, with a count and a few examples.

use std::collections::HashMap;

use crate::error::Diagnostic;

/// How a warning about a key the front matter does not know starts.
pub const UNKNOWN_KEY: &str = "unknown front matter key ";
/// How a warning about a synonym given beside its Gazette key starts.
pub const SHADOWED: &str = "front matter keys ";
/// How a warning about a per-page permalink pattern starts.
pub const PATTERN_PATH: &str = "per-page ";
/// How a warning about another tool's template code in a body starts.
pub const TEMPLATE_CODE: &str = "template code shown as text: ";

const PREFIXES: &[&str] = &[UNKNOWN_KEY, SHADOWED, PATTERN_PATH, TEMPLATE_CODE];

/// Files named as examples in a merged warning.
const EXAMPLES: usize = 3;

/// Whether `d` is one of the warnings [`merge`] folds.
pub fn is_grouped(d: &Diagnostic) -> bool {
    !d.is_error() && PREFIXES.iter().any(|p| d.message.starts_with(p))
}

/// One warning per distinct message, in the order first seen. A message
/// seen in one file stays as it was; one seen in several says in how many,
/// with the first few as examples: "unknown front matter key `layout` in
/// 396 files (e.g. a.md, b.md, c.md): kept under `extra.layout`".
///
/// Template code warnings are one per build whatever the code: "template
/// code shown as text: 12 places in 5 files (e.g. a.md:3, b.md:9, c.md:1)".
pub fn merge(found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut groups: Vec<Vec<Diagnostic>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for d in found {
        let key = if d.message.starts_with(TEMPLATE_CODE) {
            TEMPLATE_CODE.to_string()
        } else {
            d.message.clone()
        };
        match index.get(&key) {
            Some(&i) => groups[i].push(d),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![d]);
            }
        }
    }
    groups.into_iter().map(merge_group).collect()
}

fn merge_group(mut group: Vec<Diagnostic>) -> Diagnostic {
    if group[0].message.starts_with(TEMPLATE_CODE) {
        return merge_template_code(group);
    }
    if group.len() == 1 {
        return group.remove(0);
    }
    let first = &group[0];
    let examples: Vec<String> = group
        .iter()
        .take(EXAMPLES)
        .map(|d| d.file.display().to_string())
        .collect();
    let more = if group.len() > EXAMPLES { "e.g. " } else { "" };
    let where_ = format!(" in {} files ({more}{})", group.len(), examples.join(", "));
    // After the head (`unknown front matter key `x``), before the rest.
    let message = match first.message.find("`: ") {
        Some(i) => format!(
            "{}{where_}{}",
            &first.message[..=i],
            &first.message[i + 1..]
        ),
        None => format!("{}{where_}", first.message),
    };
    Diagnostic {
        message,
        ..first.clone()
    }
}

/// Per-file messages are `template code shown as text: N`; the merged one
/// counts all places and names the first few.
fn merge_template_code(group: Vec<Diagnostic>) -> Diagnostic {
    let places: usize = group
        .iter()
        .filter_map(|d| {
            d.message[TEMPLATE_CODE.len()..]
                .split(' ')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .sum();
    let examples: Vec<String> = group
        .iter()
        .take(EXAMPLES)
        .map(|d| match d.line {
            Some(l) => format!("{}:{l}", d.file.display()),
            None => d.file.display().to_string(),
        })
        .collect();
    let more = if group.len() > EXAMPLES { "e.g. " } else { "" };
    let first = &group[0];
    Diagnostic {
        message: format!(
            "{TEMPLATE_CODE}{} in {} ({more}{}): Liquid, Nunjucks, Hugo shortcode or WordPress \
             shortcode syntax that Gazette does not run",
            crate::base::plural(places, "place"),
            crate::base::plural(group.len(), "file"),
            examples.join(", ")
        ),
        ..first.clone()
    }
}
