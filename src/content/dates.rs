//! Front matter dates: the three forms of the SPEC, plus fractional seconds.
//!
//! Accepted: `2022-01-09T18:30:00+01:00` (RFC 3339, `Z` or offset, optional
//! fractional seconds), `2022-01-09 18:30[:ss]` (a civil time, taken as UTC),
//! and `2022-01-09` (midnight UTC). Offsets are kept for display.

use jiff::Zoned;
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};

/// Parses a front matter date, or says which forms are accepted.
pub fn parse_date(text: &str) -> Result<Zoned, String> {
    let t = text.trim();
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        let offset = offset_of(t).unwrap_or(Offset::UTC);
        return Ok(ts.to_zoned(TimeZone::fixed(offset)));
    }
    if let Ok(dt) = t.replacen(' ', "T", 1).parse::<DateTime>()
        && t.len() > 10
    {
        return dt.to_zoned(TimeZone::UTC).map_err(|_| out_of_range(t));
    }
    if let Ok(d) = t.parse::<Date>() {
        return d.to_zoned(TimeZone::UTC).map_err(|_| out_of_range(t));
    }
    Err(format!(
        "{t:?} is not a date; write 2022-01-09, \"2022-01-09 18:30\" or 2022-01-09T18:30:00+01:00"
    ))
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

/// Human date for pages: `9 January 2022`.
pub fn display(z: &Zoned) -> String {
    z.strftime("%-d %B %Y").to_string()
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

    #[test]
    fn display_forms() {
        let z = parse_date("2022-01-09T18:30:00+01:00").unwrap();
        assert_eq!(display(&z), "9 January 2022");
        assert_eq!(rfc2822(&z), "Sun, 09 Jan 2022 18:30:00 +0100");
    }
}
