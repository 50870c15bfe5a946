//! Newsroom front matter (issue 26): `kind`, `dateline`, `access` and
//! `corrections`, checked against site.yaml and turned into [`Newsroom`].
//!
//! ```yaml
//! kind: opinion                 # one of site.yaml `kinds`
//! dateline: ALMATY              # shown before the first paragraph
//! access: subscribers           # with a <!-- paywall --> marker in the body
//! corrections:
//!   - date: 2026-11-04 09:30
//!     text: An earlier version misstated the plant's capacity.
//! ```

use jiff::Zoned;

use super::dates;
use super::frontmatter::FrontMatter;
use crate::config::Config;

/// The marker in an article's Markdown after which subscribers-only text starts.
pub const PAYWALL_MARKER: &str = "<!-- paywall -->";

/// The newsroom facts of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Newsroom {
    /// One of site.yaml `kinds`; none when the front matter names none.
    pub kind: Option<String>,
    pub dateline: Option<String>,
    /// `access: subscribers`: the text after the paywall marker is for subscribers.
    pub subscribers_only: bool,
    /// Newest first.
    pub corrections: Vec<Correction>,
}

/// A dated correction notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    pub date: Zoned,
    pub text: String,
}

impl Newsroom {
    /// Sponsored content, to be marked as such wherever it appears.
    pub fn is_sponsored(&self) -> bool {
        self.kind.as_deref() == Some("sponsored")
    }

    /// The date of the newest correction.
    pub fn last_corrected(&self) -> Option<&Zoned> {
        self.corrections.first().map(|c| &c.date)
    }
}

/// A problem with one of the keys: `(key, message, help)`, for the loader
/// to report at the key's line.
pub type Problem = (&'static str, String, String);

/// Reads the newsroom keys of `fm`, checking them against `config`.
pub fn read(fm: &FrontMatter, config: &Config) -> (Newsroom, Vec<Problem>) {
    let mut problems = Vec::new();
    let kind = fm.article_kind.as_deref().map(str::trim).and_then(|k| {
        let k = k.to_lowercase();
        if config.kinds.contains(&k) {
            Some(k)
        } else {
            problems.push((
                "kind",
                format!("unknown `kind: {k}`"),
                format!(
                    "use one of {} (site.yaml `kinds` lists them)",
                    config.kinds.join(", ")
                ),
            ));
            None
        }
    });
    let dateline = fm
        .dateline
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(String::from);
    let subscribers_only = match fm.access.as_deref().map(str::trim) {
        None | Some("free") | Some("public") => false,
        Some("subscribers") => true,
        Some(other) => {
            problems.push((
                "access",
                format!("unknown `access: {other}`"),
                "use `access: subscribers` for a paywalled article, or leave `access` out".into(),
            ));
            false
        }
    };
    let corrections = corrections(fm.corrections.as_ref(), &mut problems);
    (
        Newsroom {
            kind,
            dateline,
            subscribers_only,
            corrections,
        },
        problems,
    )
}

fn corrections(value: Option<&serde_json::Value>, problems: &mut Vec<Problem>) -> Vec<Correction> {
    let help = "write `corrections:` as a list of `- date: 2024-05-01 10:00` with `text: ...`";
    let Some(value) = value else {
        return Vec::new();
    };
    let Some(list) = value.as_array() else {
        problems.push((
            "corrections",
            "`corrections` is not a list".into(),
            help.into(),
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (n, item) in list.iter().enumerate() {
        let date = item.get("date").and_then(scalar);
        let text = item.get("text").and_then(|t| t.as_str()).map(str::trim);
        let unknown = item
            .as_object()
            .and_then(|m| m.keys().find(|k| *k != "date" && *k != "text"));
        match (date, text, unknown) {
            (_, _, Some(key)) => problems.push((
                "corrections",
                format!("correction {}: unknown key `{key}`", n + 1),
                help.into(),
            )),
            (Some(d), Some(t), None) if !t.is_empty() => match dates::parse_date(&d) {
                Ok(date) => out.push(Correction {
                    date,
                    text: t.to_string(),
                }),
                Err(msg) => problems.push((
                    "corrections",
                    format!("correction {}: `date`: {msg}", n + 1),
                    help.into(),
                )),
            },
            _ => problems.push((
                "corrections",
                format!("correction {} needs a `date` and a `text`", n + 1),
                help.into(),
            )),
        }
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.date.timestamp()));
    out
}

/// A date as written (YAML may have read it as a string or a number).
fn scalar(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `UTC`, or the offset from it (`+01:00`): the zone after a time, the same
/// in every language.
pub fn zone_label(z: &Zoned) -> String {
    let secs = z.offset().seconds();
    if secs == 0 {
        "UTC".to_string()
    } else {
        let sign = if secs < 0 { '-' } else { '+' };
        let m = secs.unsigned_abs() / 60;
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            std::path::Path::new("site.yaml"),
            "title: T\nbase_url: https://n.example\n",
        )
        .unwrap()
    }

    fn front(yaml: &str) -> FrontMatter {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn keys_are_read_and_checked() {
        let (n, p) = read(
            &front(
                "kind: Opinion\ndateline: ' ALMATY '\naccess: subscribers\ncorrections:\n  - {date: 2024-05-01, text: A}\n  - {date: '2024-05-03 10:00', text: B}\n",
            ),
            &config(),
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(n.kind.as_deref(), Some("opinion"));
        assert_eq!(n.dateline.as_deref(), Some("ALMATY"));
        assert!(n.subscribers_only);
        assert_eq!(n.corrections[0].text, "B");
        let (n, p) = read(
            &front("kind: rumour\naccess: vip\ncorrections: [{text: x}]\n"),
            &config(),
        );
        assert_eq!(n, Newsroom::default());
        let keys: Vec<&str> = p.iter().map(|p| p.0).collect();
        assert_eq!(keys, ["kind", "access", "corrections"]);
        assert!(
            p[0].2
                .contains("news, opinion, analysis, review, explainer, sponsored")
        );
    }

    #[test]
    fn zone_labels() {
        let z = dates::parse_date("2024-05-01T09:05:00+01:00").unwrap();
        assert_eq!(zone_label(&z), "+01:00");
        let z = dates::parse_date("2024-05-01T09:05:00Z").unwrap();
        assert_eq!(zone_label(&z), "UTC");
    }
}
