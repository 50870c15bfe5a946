//! Live coverage (`live: true`): the body's level-2 headings that are a
//! time (`## 14:05`) or a date and time (`## 2022-01-05 14:05`) start the
//! updates. They are put newest first, each under a heading holding its
//! `<time>` and linking to its own anchor; what comes before the first
//! update stays on top as the introduction.
//!
//! A time alone is on the day of the closest dated update heading above it
//! in the file, or, when there is none, on the article's date (both in the
//! site's `timezone`). There is no guessing at midnight: coverage that runs
//! into a new day dates the first update of that day, and the times after
//! it are on that day. An update timed before the article's `date` is
//! warned about, since it is almost always a missing date.
//!
//! Parsing works on the rendered body (the Markdown parser has found the
//! headings, outside code, quotes and lists), so it costs nothing for
//! articles that are not live.

use std::ops::Range;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

use super::dates;
use super::markdown::Rendered;

/// An article's live coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct Live {
    /// `live_end`: when the coverage ends or ended; none while it runs.
    pub end: Option<Zoned>,
    /// The updates, newest first (ties: as in the file).
    pub updates: Vec<Update>,
}

/// One update of a live page.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub time: Zoned,
    /// `datetime` attribute form ([`dates::rfc3339`]).
    pub iso: String,
    /// As shown under its heading and in lists: `14:05`, or with the day
    /// when it is not the article's (`6 January 2022, 09:15`).
    pub display: String,
    /// The id of the update's heading: `#anchor` links to it.
    pub anchor: String,
    /// The update's text, without its heading, in the article's body HTML.
    pub body: Range<usize>,
}

impl Live {
    /// Open coverage: no end, or an end after `now` (the build's clock).
    pub fn is_open(&self, now: Timestamp) -> bool {
        self.end.as_ref().is_none_or(|end| end.timestamp() > now)
    }

    pub fn latest(&self) -> Option<&Update> {
        self.updates.first()
    }
}

/// A problem with one update heading: its body line, what, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
    pub help: String,
    pub is_error: bool,
}

/// What a heading's text says as an update time.
#[derive(Debug, Clone, PartialEq)]
enum Stamp {
    /// A date and a time (with or without an offset).
    Full(Zoned),
    /// A time alone, on a day the context gives.
    Time(Time),
}

/// Reads the updates of `rendered` (the body of a live article dated
/// `date`; `body` is its Markdown) and rewrites its HTML with them newest
/// first. The problems name the heading's body line.
pub fn arrange(
    rendered: &mut Rendered,
    body: &str,
    date: Option<&Zoned>,
    end: Option<Zoned>,
    tz: &TimeZone,
    language: &str,
) -> (Live, Vec<Problem>) {
    let mut problems = Vec::new();
    let article_day = date.map(|d| d.with_time_zone(tz.clone()).date());
    let mut day = article_day;
    // (index in top_h2, time) of each update, in file order.
    let mut found: Vec<(usize, Zoned)> = Vec::new();
    for (k, top) in rendered.top_h2.iter().enumerate() {
        let text = &rendered.headings[top.heading].text;
        let Some(stamp) = stamp(text, tz) else {
            continue;
        };
        let line = heading_line(body, text);
        let time = match stamp {
            Stamp::Full(z) => {
                day = Some(z.with_time_zone(tz.clone()).date());
                z
            }
            Stamp::Time(t) => match day.and_then(|d| d.to_datetime(t).to_zoned(tz.clone()).ok()) {
                Some(z) => z,
                None => {
                    problems.push(Problem {
                        line,
                        message: format!(
                            "the update `## {}` is a time without a day, and the page has no date",
                            text.trim()
                        ),
                        help:
                            "write its date too (`## 2022-01-05 14:05`), or give the page a `date`"
                                .into(),
                        is_error: true,
                    });
                    continue;
                }
            },
        };
        if let Some(start) = date
            && time.timestamp() < start.timestamp()
        {
            problems.push(Problem {
                line,
                message: format!(
                    "the update `## {}` is timed {}, before the article's date ({})",
                    text.trim(),
                    dates::rfc3339(&time),
                    dates::rfc3339(start)
                ),
                help: "if it is on a later day, write that day: `## 2022-01-06 09:15` \
                       (the times after it are then on that day)"
                    .into(),
                is_error: false,
            });
        }
        found.push((k, time));
    }
    if found.is_empty() {
        problems.push(Problem {
            line: None,
            message: "`live: true`, but the body has no updates yet".into(),
            help: "start each update with a level-2 heading holding its time: `## 14:05` \
                   or `## 2022-01-05 14:05`"
                .into(),
            is_error: false,
        });
        return (
            Live {
                end,
                updates: Vec::new(),
            },
            problems,
        );
    }
    let updates = rewrite(rendered, &found, article_day, language);
    (Live { end, updates }, problems)
}

/// Rebuilds the body HTML: the introduction, then the updates newest
/// first, each in an `<article>` under a heading with its `<time>`.
fn rewrite(
    rendered: &mut Rendered,
    found: &[(usize, Zoned)],
    article_day: Option<Date>,
    language: &str,
) -> Vec<Update> {
    let old = std::mem::take(&mut rendered.html);
    let tops = &rendered.top_h2;
    // Each update's text runs to the next update's heading (other level-2
    // headings inside it are its own).
    let spans: Vec<(usize, Range<usize>)> = found
        .iter()
        .enumerate()
        .map(|(n, (k, _))| {
            let end = found
                .get(n + 1)
                .map_or(old.len(), |(next, _)| tops[*next].html.start);
            (*k, tops[*k].html.end..end)
        })
        .collect();
    let mut order: Vec<usize> = (0..found.len()).collect();
    // Stable: updates at the same minute stay in file order.
    order.sort_by(|&a, &b| found[b].1.timestamp().cmp(&found[a].1.timestamp()));

    let mut html = String::with_capacity(old.len() + found.len() * 160);
    html.push_str(&old[..tops[found[0].0].html.start]);
    html.push_str("<div class=\"live-updates\">\n");
    let mut updates = Vec::with_capacity(found.len());
    for n in order {
        let (k, time) = &found[n];
        let anchor = rendered.headings[tops[*k].heading].id.clone();
        let iso = dates::rfc3339(time);
        let display = display(time, article_day, language);
        html.push_str("<article class=\"live-update\">\n<h2 class=\"live-update__time\" id=\"");
        html.push_str(&super::escape_html(&anchor));
        html.push_str("\"><a href=\"#");
        html.push_str(&super::escape_html(&anchor));
        html.push_str("\"><time datetime=\"");
        html.push_str(&iso);
        html.push_str("\">");
        html.push_str(&display);
        html.push_str("</time></a></h2>\n");
        let start = html.len();
        html.push_str(&old[spans[n].1.clone()]);
        let body = start..html.len();
        html.push_str("</article>\n");
        updates.push(Update {
            time: time.clone(),
            iso,
            display,
            anchor,
            body,
        });
    }
    html.push_str("</div>\n");
    rendered.html = html;
    updates
}

/// `14:05` on the article's day, else `6 January 2022, 09:15`.
/// The time alone on the article's day, else the day too, in the site's
/// language (`7 декабря 2026 г., 14:05`: docs/i18n.md).
fn display(time: &Zoned, article_day: Option<Date>, language: &str) -> String {
    if article_day == Some(time.date()) {
        time.strftime("%H:%M").to_string()
    } else {
        let local = dates::LocalDates::shared(language);
        format!("{}, {}", local.date(time), local.time(time))
    }
}

/// The update time a heading's text is, if it is one: a date with a time
/// (any form front matter takes, a day alone excepted) or a time alone
/// (`14:05`, `9:05`, `14:05:30`).
fn stamp(text: &str, tz: &TimeZone) -> Option<Stamp> {
    let t = text.trim();
    if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if let Some(time) = time_alone(t) {
        return Some(Stamp::Time(time));
    }
    if dates::is_day(t) {
        return None;
    }
    dates::parse_date_in(t, tz).ok().map(Stamp::Full)
}

/// `H:MM`, `HH:MM` or `HH:MM:SS`, 24-hour.
fn time_alone(t: &str) -> Option<Time> {
    let parts: Vec<&str> = t.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts[0].is_empty()
        || parts[0].len() > 2
        || parts[1..].iter().any(|p| p.len() != 2)
        || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n = |i: usize| parts.get(i).map_or(Some(0), |p| p.parse::<i8>().ok());
    Time::new(n(0)?, n(1)?, n(2)?, 0).ok()
}

/// The body line of the first `## text` heading, for messages.
fn heading_line(body: &str, text: &str) -> Option<usize> {
    let text = text.trim();
    body.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with("##") && !l.starts_with("###") && l[2..].trim().starts_with(text)
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown;

    fn arranged(body: &str, date: &str) -> (Live, String, Vec<Problem>) {
        let tz = TimeZone::get("Europe/Paris").unwrap();
        let mut r = markdown::render(body, "/", 64 << 20).unwrap();
        let date = dates::parse_date_in(date, &tz).unwrap();
        let (live, problems) = arrange(&mut r, body, Some(&date), None, &tz, "en");
        (live, r.html, problems)
    }

    #[test]
    fn times_and_date_times_are_read_and_others_are_not() {
        let tz = TimeZone::UTC;
        assert_eq!(
            stamp("14:05", &tz),
            Some(Stamp::Time(Time::constant(14, 5, 0, 0)))
        );
        assert_eq!(
            stamp(" 9:05 ", &tz),
            Some(Stamp::Time(Time::constant(9, 5, 0, 0)))
        );
        assert_eq!(
            stamp("14:05:30", &tz),
            Some(Stamp::Time(Time::constant(14, 5, 30, 0)))
        );
        assert!(matches!(
            stamp("2022-01-05 14:05", &tz),
            Some(Stamp::Full(_))
        ));
        assert!(matches!(
            stamp("2022-01-05T14:05:00+01:00", &tz),
            Some(Stamp::Full(_))
        ));
        for no in [
            "Background",
            "2022-01-05",
            "24:00",
            "14:5",
            "1405",
            "14:05 Ceasefire",
            "",
            "123:00",
        ] {
            assert_eq!(stamp(no, &tz), None, "{no}");
        }
    }

    #[test]
    fn updates_are_newest_first_with_times_on_the_right_days() {
        let body = "Intro text.\n\n## 09:15\n\nFirst.\n\n## Background\n\nMore of the first.\n\n\
                    ## 2022-01-06 08:00\n\nNext day.\n\n## 10:30\n\nLater that day.\n\n> ## 11:00\n\nquoted\n";
        let (live, html, problems) = arranged(body, "2022-01-05 09:00");
        assert!(problems.is_empty(), "{problems:?}");
        let times: Vec<&str> = live.updates.iter().map(|u| u.iso.as_str()).collect();
        assert_eq!(
            times,
            [
                "2022-01-06T10:30:00+01:00",
                "2022-01-06T08:00:00+01:00",
                "2022-01-05T09:15:00+01:00"
            ]
        );
        let displays: Vec<&str> = live.updates.iter().map(|u| u.display.as_str()).collect();
        assert_eq!(
            displays,
            ["6 January 2022, 10:30", "6 January 2022, 08:00", "09:15"]
        );
        // The introduction first, then the updates in that order.
        let at = |s: &str| {
            html.find(s)
                .unwrap_or_else(|| panic!("{s} missing: {html}"))
        };
        assert!(at("Intro text") < at("Later that day"));
        assert!(at("Later that day") < at("Next day") && at("Next day") < at("First."));
        // A heading that is no time stays inside its update; the quoted
        // time is text of the last update, not an update.
        let first = &html[live.updates[2].body.clone()];
        assert!(
            first.contains("Background") && first.contains("More of the first"),
            "{first}"
        );
        assert!(html[live.updates[0].body.clone()].contains("<blockquote>"));
        assert_eq!(live.updates.len(), 3);
        // Each heading is its own anchor, and holds the machine time.
        let u = &live.updates[0];
        assert!(html.contains(&format!(
            "<h2 class=\"live-update__time\" id=\"{0}\"><a href=\"#{0}\"><time datetime=\"{1}\">",
            u.anchor, u.iso
        )), "{html}");
        assert_eq!(html.matches("<article class=\"live-update\">").count(), 3);
        assert_eq!(html.matches("</article>").count(), 3);
    }

    #[test]
    fn an_update_before_the_article_date_is_warned_about_and_no_updates_too() {
        let (live, _, problems) = arranged("## 08:00\n\nEarly.\n", "2022-01-05 09:00");
        assert_eq!(live.updates.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(1));
        assert!(!problems[0].is_error && problems[0].message.contains("before the article"));

        let (live, html, problems) = arranged("Just an intro.\n\n## Context\n", "2022-01-05 09:00");
        assert!(live.updates.is_empty());
        assert!(html.contains("Just an intro") && !html.contains("live-updates"));
        assert!(problems[0].message.contains("no updates"));
    }

    #[test]
    fn a_heading_id_given_is_the_update_anchor() {
        let (live, html, _) = arranged("## 10:30 {#ceasefire}\n\nAgreed.\n", "2022-01-05 09:00");
        assert_eq!(live.updates[0].anchor, "ceasefire");
        assert!(
            html.contains("id=\"ceasefire\"><a href=\"#ceasefire\">"),
            "{html}"
        );
    }

    #[test]
    fn open_until_the_end() {
        let end = dates::parse_date("2022-01-06 18:00").unwrap();
        let l = Live {
            end: Some(end.clone()),
            updates: Vec::new(),
        };
        assert!(
            l.is_open(
                end.timestamp()
                    .checked_sub(jiff::SignedDuration::from_secs(1))
                    .unwrap()
            )
        );
        assert!(!l.is_open(end.timestamp()));
        assert!(
            Live {
                end: None,
                updates: Vec::new()
            }
            .is_open(Timestamp::MAX)
        );
    }
}
