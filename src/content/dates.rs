//! Front matter dates, as Gazette and the tools news sites move from write them.
//!
//! Accepted:
//! - RFC 3339 / ISO 8601 with `Z` or an offset, optional fractional seconds:
//!   `2022-01-09T18:30:00+01:00` (Gazette, Hugo, Zola, TOML offset date-times);
//! - a civil time with an offset after a space, as Jekyll writes it:
//!   `2016-09-27 14:00:00 -0400`, `-04:00`, `-4`, `+0530`, `+05:30`, `UTC`;
//! - a civil time without offset: `2022-01-09 18:30[:ss]`,
//!   `2022-01-09T18:30[:ss]` (TOML local date-times);
//! - a date: `2022-01-09` (midnight).
//!
//! A time without an offset is in the site's `timezone` (UTC by default);
//! a day without a time is midnight there for ordering, and is published
//! as the day alone ([`iso`]) except in Atom and RSS, whose formats
//! require a time.
//! Offsets are kept for display.

use icu_calendar::Gregorian;
use icu_datetime::input::Time;
use icu_datetime::{
    DateTimeFormatterPreferences, FixedCalendarDateTimeFormatter, NoCalendarFormatter, fieldsets,
};
use icu_locale_core::Locale;
use jiff::Zoned;
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};

/// Parses a front matter date, a time without offset being in UTC.
pub fn parse_date(text: &str) -> Result<Zoned, String> {
    parse_date_in(text, &TimeZone::UTC)
}

/// Parses a front matter date, a time without offset being in `tz`, or
/// says which forms are accepted.
pub fn parse_date_in(text: &str, tz: &TimeZone) -> Result<Zoned, String> {
    let t = text.trim();
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        let offset = offset_of(t).unwrap_or(Offset::UTC);
        return Ok(ts.to_zoned(TimeZone::fixed(offset)));
    }
    if let Some((civil, offset)) = split_offset(t)
        && let Some(dt) = civil_datetime(civil)
    {
        return dt
            .to_zoned(TimeZone::fixed(offset))
            .map_err(|_| out_of_range(t));
    }
    if let Some(dt) = civil_datetime(t) {
        return dt.to_zoned(tz.clone()).map_err(|_| out_of_range(t));
    }
    if let Ok(d) = t.parse::<Date>() {
        return d.to_zoned(tz.clone()).map_err(|_| out_of_range(t));
    }
    Err(format!(
        "{t:?} is not a date; write 2022-01-09, \"2022-01-09 18:30\" or 2022-01-09T18:30:00+01:00"
    ))
}

/// `2022-01-09 18:30[:ss[.fff]]` or with `T`: a date and a time, no offset.
fn civil_datetime(t: &str) -> Option<DateTime> {
    if t.len() <= 10 || !t.is_char_boundary(10) {
        return None;
    }
    let (date, time) = t.split_at(10);
    let time = time.strip_prefix([' ', 'T', 't'])?.trim_start();
    format!("{date}T{time}").parse::<DateTime>().ok()
}

/// Splits `2016-09-27 14:00:00 -0400` into the civil part and the offset
/// written after a space: `±H`, `±HH`, `±HHMM`, `±HH:MM`, `Z`, `UTC`, `GMT`.
fn split_offset(t: &str) -> Option<(&str, Offset)> {
    let (civil, zone) = t.rsplit_once(' ')?;
    let civil = civil.trim_end();
    if matches!(zone, "Z" | "UTC" | "GMT" | "+0000" | "-0000") {
        return Some((civil, Offset::UTC));
    }
    let sign: i32 = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = zone[1..].replace(':', "");
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 => (digits[..1].parse().ok()?, digits[1..].parse().ok()?),
        _ => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
    };
    if hours > 18 || minutes > 59 {
        return None;
    }
    let offset = Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()?;
    Some((civil, offset))
}

/// `YYYY-MM-DD` at the start of a file or folder name followed by `-` or
/// `_` and more (`2014-09-25-design-studio`, as Jekyll and Zola name
/// posts): the date and the rest of the name.
pub fn date_prefix(name: &str) -> Option<(Date, &str)> {
    let b = name.as_bytes();
    if b.len() < 12 || !matches!(b[10], b'-' | b'_') || !name.is_char_boundary(10) {
        return None;
    }
    let date = name[..10].parse::<Date>().ok()?;
    let rest = &name[11..];
    (!rest.is_empty()).then_some((date, rest))
}

/// The message for a real calendar date that no timestamp can hold (the
/// last day of year 9999 in some time zones, or before year 1).
fn out_of_range(t: &str) -> String {
    format!(
        "{t:?} is outside the dates Gazette can handle (1 January of year 1 to 30 December 9999); \
         for an article that never expires, leave `expires` out"
    )
}

/// The numeric offset written at the end of an RFC 3339 string, if any.
fn offset_of(t: &str) -> Option<Offset> {
    let pieces = jiff::fmt::temporal::Pieces::parse(t).ok()?;
    pieces.to_numeric_offset()
}

/// RFC 3339 with the article's own offset, seconds precision: `2022-01-09T18:30:00+01:00`.
pub fn rfc3339(z: &Zoned) -> String {
    let offset = z.offset();
    let ts = z.timestamp();
    let dt = offset.to_datetime(ts);
    let secs = offset.seconds();
    let tz = if secs == 0 {
        "Z".to_string()
    } else {
        let sign = if secs < 0 { '-' } else { '+' };
        let a = secs.abs();
        format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
    };
    format!("{}{}", dt.strftime("%Y-%m-%dT%H:%M:%S"), tz)
}

/// Whether `text` is a day without a time (`2022-01-09`): such a date
/// keeps its day-only meaning in pages, JSON-LD and sitemaps rather than
/// gaining an invented midnight.
pub fn is_day(text: &str) -> bool {
    // jiff reads a `Date` out of a full date-time too: only the ten
    // characters of a day alone count.
    let t = text.trim();
    t.len() == 10 && t.parse::<Date>().is_ok()
}

/// The machine-readable form for HTML `datetime`, JSON-LD and sitemaps
/// (W3C/ISO 8601, which all three accept): `2022-01-09` for a day,
/// RFC 3339 otherwise.
pub fn iso(z: &Zoned, day_only: bool) -> String {
    if day_only {
        z.date().to_string()
    } else {
        rfc3339(z)
    }
}

/// Human date for pages: `9 January 2022`.
pub fn display(z: &Zoned) -> String {
    z.strftime("%-d %B %Y").to_string()
}

/// Dates and times written the way a language writes them (issue 29):
/// month names, their grammatical case, the order of day, month and year,
/// digits, from ICU4X's CLDR data compiled into Gazette. One value per
/// language per build (the formatters are made once, then shared by every
/// page of that language).
///
/// Dates are Gregorian whatever a locale's default calendar (a news site in
/// Arabic shows the civil date its readers use in print), and a bare `en`
/// takes the day-month-year order of British and international English
/// (`7 December 2026`), as English-language newsrooms outside the US do;
/// `en-US` writes `December 7, 2026`.
pub struct LocalDates {
    /// `7 December 2026`.
    date: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YMD>,
    /// `18:30`.
    time: NoCalendarFormatter<fieldsets::T>,
    /// `December`, as a month stands alone (a heading, a list of months).
    month: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::M>,
    /// `December 2026`.
    month_year: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YM>,
}

impl std::fmt::Debug for LocalDates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LocalDates")
    }
}

impl LocalDates {
    /// The formats of a BCP 47 language tag; a tag ICU cannot read, or a
    /// language it has no data for, gets the English ones.
    pub fn new(language: &str) -> LocalDates {
        let tag = match language.to_ascii_lowercase().as_str() {
            "en" | "" => "en-GB".to_string(),
            _ => language.replace('_', "-"),
        };
        let locale: Locale = tag
            .parse()
            .unwrap_or_else(|_| "en-GB".parse().expect("en-GB is a locale"));
        Self::try_new(&locale).unwrap_or_else(|| {
            Self::try_new(&"en-GB".parse().expect("en-GB is a locale"))
                .expect("ICU's compiled data has English")
        })
    }

    /// The formats of `language`, made on first use and kept for the rest
    /// of the process (they are the same for every build): shared by the
    /// renderer of each edition and by the content stage, which writes a
    /// date into an article's body now and then (a live update from
    /// another day), so that `serve` does not make them again per edit.
    pub fn shared(language: &str) -> std::sync::Arc<LocalDates> {
        use std::collections::HashMap;
        use std::sync::{Arc, Mutex, OnceLock};
        static MADE: OnceLock<Mutex<HashMap<String, Arc<LocalDates>>>> = OnceLock::new();
        let mut made = MADE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        Arc::clone(
            made.entry(language.to_string())
                .or_insert_with(|| Arc::new(LocalDates::new(language))),
        )
    }

    fn try_new(locale: &Locale) -> Option<LocalDates> {
        let prefs = || DateTimeFormatterPreferences::from(locale);
        Some(LocalDates {
            date: FixedCalendarDateTimeFormatter::try_new(prefs(), fieldsets::YMD::long()).ok()?,
            time: NoCalendarFormatter::try_new(prefs(), fieldsets::T::hm()).ok()?,
            month: FixedCalendarDateTimeFormatter::try_new(prefs(), fieldsets::M::long()).ok()?,
            month_year: FixedCalendarDateTimeFormatter::try_new(prefs(), fieldsets::YM::long())
                .ok()?,
        })
    }

    /// `7 December 2026` (ru `7 декабря 2026 г.`, kk `2026 ж. 7 желтоқсан`).
    pub fn date(&self, z: &Zoned) -> String {
        match gregorian(z.year(), z.month(), z.day()) {
            Some(d) => self.date.format(&d).to_string(),
            None => display(z),
        }
    }

    /// `18:30` in the language's clock (ar `٦:٣٠ م`).
    pub fn time(&self, z: &Zoned) -> String {
        let t = z.time();
        match Time::try_new(t.hour() as u8, t.minute() as u8, 0, 0) {
            Ok(time) => self.time.format(&time).to_string(),
            Err(_) => z.strftime("%H:%M").to_string(),
        }
    }

    /// The name of `month` (1 to 12) standing alone, as a heading or a
    /// list item: `December`, ru `Декабрь` (CLDR writes Russian, French or
    /// Spanish month names in lower case; a heading starts with a capital).
    pub fn month(&self, year: i16, month: i8) -> String {
        gregorian(year, month, 1).map_or_else(
            || format!("{month:02}"),
            |d| capitalised(&self.month.format(&d).to_string()),
        )
    }

    /// `December 2026`, ru `Декабрь 2026 г.`, as a heading.
    pub fn month_year(&self, year: i16, month: i8) -> String {
        gregorian(year, month, 1).map_or_else(
            || format!("{year:04}-{month:02}"),
            |d| capitalised(&self.month_year.format(&d).to_string()),
        )
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn gregorian(year: i16, month: i8, day: i8) -> Option<icu_calendar::Date<Gregorian>> {
    icu_calendar::Date::try_new_gregorian(i32::from(year), month as u8, day as u8).ok()
}

/// RFC 2822 for RSS: `Sun, 09 Jan 2022 18:30:00 +0100`.
pub fn rfc2822(z: &Zoned) -> String {
    z.strftime("%a, %d %b %Y %H:%M:%S %z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_forms() {
        assert_eq!(
            rfc3339(&parse_date("2022-01-09T18:30:00+01:00").unwrap()),
            "2022-01-09T18:30:00+01:00"
        );
        assert_eq!(
            rfc3339(&parse_date("2022-01-09").unwrap()),
            "2022-01-09T00:00:00Z"
        );
        assert_eq!(
            rfc3339(&parse_date("2022-01-09 18:30").unwrap()),
            "2022-01-09T18:30:00Z"
        );
    }

    #[test]
    fn fractional_seconds_and_zulu() {
        let z = parse_date("2012-01-28T00:58:18.000Z").unwrap();
        assert_eq!(rfc3339(&z), "2012-01-28T00:58:18Z");
    }

    #[test]
    fn rejects_non_dates() {
        assert!(parse_date("yesterday").is_err());
        assert!(parse_date("2022-13-01").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn dates_out_of_range_are_explained_plainly() {
        for t in [
            "9999-12-31",
            "9999-12-31T23:59:59-10:00",
            "9999-12-31 10:00",
        ] {
            let e = parse_date(t).unwrap_err();
            assert!(e.contains("outside the dates Gazette can handle"), "{e}");
            assert!(!e.contains("overflow") && !e.contains("parameter"), "{e}");
        }
    }

    fn utc(t: &str) -> String {
        rfc3339(&parse_date(t).unwrap())
    }

    #[test]
    fn jekyll_offsets_after_a_space() {
        assert_eq!(utc("2016-09-27 14:00:00 -4"), "2016-09-27T14:00:00-04:00");
        assert_eq!(
            utc("2016-09-27 14:00:00 -0400"),
            "2016-09-27T14:00:00-04:00"
        );
        assert_eq!(
            utc("2016-09-27 14:00:00 +05:30"),
            "2016-09-27T14:00:00+05:30"
        );
        assert_eq!(
            utc("2016-09-27 14:00:00 +0530"),
            "2016-09-27T14:00:00+05:30"
        );
        assert_eq!(utc("2016-09-27 14:00 +10"), "2016-09-27T14:00:00+10:00");
        assert_eq!(utc("2016-09-27 14:00:00 UTC"), "2016-09-27T14:00:00Z");
        assert!(parse_date("2016-09-27 14:00:00 -25").is_err());
        assert!(parse_date("2016-09-27 14:00:00 EST5").is_err());
    }

    #[test]
    fn hugo_and_toml_forms() {
        assert_eq!(
            utc("2006-01-02T15:04:05-07:00"),
            "2006-01-02T15:04:05-07:00"
        );
        assert_eq!(utc("2006-01-02T15:04:05"), "2006-01-02T15:04:05Z");
        assert_eq!(utc("2006-01-02T15:04:05.123"), "2006-01-02T15:04:05Z");
        assert_eq!(utc("2006-01-02 15:04"), "2006-01-02T15:04:00Z");
        assert_eq!(utc("2006-01-02"), "2006-01-02T00:00:00Z");
        assert_eq!(utc("1979-05-27 07:32:00Z"), "1979-05-27T07:32:00Z");
    }

    #[test]
    fn times_without_offset_are_in_the_site_zone() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let z = parse_date_in("2024-07-01 09:00", &paris).unwrap();
        assert_eq!(rfc3339(&z), "2024-07-01T09:00:00+02:00");
        let z = parse_date_in("2024-01-15", &paris).unwrap();
        assert_eq!(rfc3339(&z), "2024-01-15T00:00:00+01:00");
        // A written offset wins over the site's zone.
        let z = parse_date_in("2024-01-15 10:00:00 -0500", &paris).unwrap();
        assert_eq!(rfc3339(&z), "2024-01-15T10:00:00-05:00");
    }

    #[test]
    fn dates_in_names() {
        let (d, rest) = date_prefix("2014-09-25-design-studio").unwrap();
        assert_eq!(
            (d.to_string().as_str(), rest),
            ("2014-09-25", "design-studio")
        );
        assert_eq!(date_prefix("2014-09-25_notes").unwrap().1, "notes");
        assert!(date_prefix("2014-09-25").is_none());
        assert!(date_prefix("2014-09-25-").is_none());
        assert!(date_prefix("2014-13-25-x").is_none());
        assert!(date_prefix("report-2014").is_none());
        assert!(date_prefix("2014-09-2é-x").is_none());
    }

    #[test]
    fn dates_in_each_languages_form() {
        let z = parse_date("2026-12-07T18:30:00Z").unwrap();
        let cases = [
            ("en", "7 December 2026", "December", "December 2026"),
            ("en-US", "December 7, 2026", "December", "December 2026"),
            (
                "ru",
                "7 декабря 2026\u{202f}г.",
                "Декабрь",
                "Декабрь 2026\u{202f}г.",
            ),
            (
                "kk",
                "2026\u{202f}ж. 7 желтоқсан",
                "Желтоқсан",
                "2026\u{202f}ж. желтоқсан",
            ),
            ("de", "7. Dezember 2026", "Dezember", "Dezember 2026"),
            ("fr", "7 décembre 2026", "Décembre", "Décembre 2026"),
            (
                "es",
                "7 de diciembre de 2026",
                "Diciembre",
                "Diciembre de 2026",
            ),
        ];
        for (lang, date, month, month_year) in cases {
            let f = LocalDates::new(lang);
            assert_eq!(f.date(&z), date, "{lang}");
            assert_eq!(f.month(2026, 12), month, "{lang}");
            assert_eq!(f.month_year(2026, 12), month_year, "{lang}");
        }
        assert_eq!(LocalDates::new("en").time(&z), "18:30");
        let ar = LocalDates::new("ar");
        assert!(ar.date(&z).contains("ديسمبر"), "{}", ar.date(&z));
        assert_eq!(LocalDates::new("not a tag!").date(&z), "7 December 2026");
    }

    #[test]
    fn display_forms() {
        let z = parse_date("2022-01-09T18:30:00+01:00").unwrap();
        assert_eq!(display(&z), "9 January 2022");
        assert_eq!(rfc2822(&z), "Sun, 09 Jan 2022 18:30:00 +0100");
    }

    #[test]
    fn is_day_only_for_a_day_alone() {
        assert!(is_day("2024-05-01"));
        assert!(is_day(" 2024-05-01 "));
        assert!(!is_day("2024-05-01T10:00:00Z"));
        assert!(!is_day("2024-05-01 10:00"));
        assert!(!is_day("2024-05-01T10:00:00-08:00"));
        assert!(!is_day("May 1"));
    }
}
