//! The next scheduled change of a site: the first moment after "now" when
//! the same sources build a different site, without an edit. An embargoed
//! article is published (its `date`), a published one expires (`expires`),
//! or live coverage ends (`live_end`: its "Live" label comes off).
//!
//! `serve` rebuilds at that instant; `build` prints it and writes it into
//! `schedule.json` in the state folder, for a scheduler to rebuild then.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::{Article, Kind, LeftOut, Withheld};

/// What happens at a scheduled change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// An embargoed article's time has come.
    Publish,
    /// A published article's `expires` comes.
    Expire,
    /// Live coverage's `live_end` comes.
    LiveEnds,
}

impl ChangeKind {
    /// The name in `schedule.json`.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Publish => "publish",
            ChangeKind::Expire => "expire",
            ChangeKind::LiveEnds => "live_end",
        }
    }
}

/// One scheduled change: when, which file, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub at: Timestamp,
    pub source: PathBuf,
    pub kind: ChangeKind,
}

impl Change {
    /// `2030-05-01 10:00 UTC: content/world/x.md is published`.
    pub fn describe(&self) -> String {
        let what = match self.kind {
            ChangeKind::Publish => "is published",
            ChangeKind::Expire => "expires",
            ChangeKind::LiveEnds => "ends its live coverage",
        };
        format!(
            "{}: {} {what}",
            self.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            self.source.display()
        )
    }
}

/// The first change after `now`, of the published articles and pages and
/// the articles left out (only the scheduled ones ever come in). Ties go
/// to the first file by path, so that the answer is the same every build.
pub fn next_change<'a>(
    published: impl IntoIterator<Item = &'a Article>,
    left_out: &[LeftOut],
    now: Timestamp,
) -> Option<Change> {
    let change = |at: Timestamp, source: &Path, kind| Change {
        at,
        source: source.to_path_buf(),
        kind,
    };
    let mut changes: Vec<Change> = Vec::new();
    for a in published {
        if a.kind == Kind::Article
            && let Some(expires) = &a.expires
        {
            changes.push(change(expires.timestamp(), &a.source, ChangeKind::Expire));
        }
        if let Some(end) = a.live.as_ref().and_then(|l| l.end.as_ref()) {
            changes.push(change(end.timestamp(), &a.source, ChangeKind::LiveEnds));
        }
    }
    for l in left_out {
        if let Withheld::Scheduled(at) = l.why {
            changes.push(change(at, &l.source, ChangeKind::Publish));
        }
    }
    changes
        .into_iter()
        .filter(|c| c.at > now)
        .min_by(|a, b| (a.at, &a.source).cmp(&(b.at, &b.source)))
}

/// `schedule.json`: `{"next": {"at", "unix", "file", "change"}}` (`next`
/// null when nothing is scheduled). Nothing else, the build's time
/// included: the file changes only when the schedule does.
pub fn to_json(next: Option<&Change>) -> String {
    let next = next.map(|c| {
        serde_json::json!({
            "at": c.at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "unix": c.at.as_second(),
            "file": c.source.to_string_lossy(),
            "change": c.kind.name(),
        })
    });
    let doc = serde_json::json!({ "next": next });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn the_first_future_change_wins_and_past_ones_do_not_count() {
        let left_out = vec![
            LeftOut {
                source: "content/b.md".into(),
                why: Withheld::Scheduled(at("2030-01-02T00:00:00Z")),
                files: Vec::new(),
            },
            LeftOut {
                source: "content/a.md".into(),
                why: Withheld::Scheduled(at("2030-01-02T00:00:00Z")),
                files: Vec::new(),
            },
            LeftOut {
                source: "content/old.md".into(),
                why: Withheld::Expired(at("2020-01-01T00:00:00Z")),
                files: Vec::new(),
            },
        ];
        let now = at("2029-12-31T00:00:00Z");
        let next = next_change([], &left_out, now).unwrap();
        assert_eq!(next.source, PathBuf::from("content/a.md"));
        assert_eq!(next.kind, ChangeKind::Publish);
        assert_eq!(
            next.describe(),
            "2030-01-02 00:00:00 UTC: content/a.md is published"
        );
        assert_eq!(next_change([], &left_out, at("2030-01-02T00:00:00Z")), None);
        let json: serde_json::Value = serde_json::from_str(&to_json(Some(&next))).unwrap();
        assert_eq!(json["next"]["at"], "2030-01-02T00:00:00Z");
        assert_eq!(json["next"]["file"], "content/a.md");
        assert_eq!(json["next"]["change"], "publish");
        let none: serde_json::Value = serde_json::from_str(&to_json(None)).unwrap();
        assert!(none["next"].is_null());
    }
}
