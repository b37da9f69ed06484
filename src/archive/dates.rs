//! The date formats of the archive's files, each parsed to Unix seconds (UTC).
//!
//! Files without a zone (`Comments.csv`, `Invitations.csv`, …) are read as UTC: the archive
//! does not say which zone it used, and a few hours do not change a weekly series or a decay
//! measured in months.
//!
//! The calendar itself (month lengths, leap years, days since the epoch) is the `time` crate's.

use time::{Date, Month, PrimitiveDateTime, Time};

/// Unix seconds of a calendar date and time (UTC); `None` when there is no such date (30
/// February, 25:00) or it is beyond the year 9999.
fn at(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<i64> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    let time = Time::from_hms(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
    )
    .ok()?;
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_utc()
            .unix_timestamp(),
    )
}

fn number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `HH:MM[:SS]`.
fn clock(s: &str) -> Option<(u32, u32, u32)> {
    let mut parts = s.split(':');
    let hour = number(parts.next()?)?;
    let minute = number(parts.next()?)?;
    let second = parts.next().map_or(Some(0), number)?;
    parts.next().is_none().then_some((hour, minute, second))
}

/// `2025-06-01 14:03:22 UTC` (messages), `2026-01-22 08:00:00` (comments, reactions, shares),
/// `2026/07/28 13:20:49 UTC` (endorsements), and a bare `2026-01-22`.
pub fn year_first(s: &str) -> Option<i64> {
    if let Some(at) = year_first_fixed(s.as_bytes()) {
        return Some(at);
    }
    let s = s.trim();
    let s = s.strip_suffix("UTC").unwrap_or(s).trim_end();
    let (date, time) = s.split_once([' ', 'T']).unwrap_or((s, "00:00:00"));
    let mut parts = date.split(['-', '/']);
    let year = number(parts.next()?)?;
    let month = number(parts.next()?)?;
    let day = number(parts.next()?)?;
    if parts.next().is_some() || year < 1000 {
        return None;
    }
    let (hour, minute, second) = clock(time.trim().trim_end_matches('Z'))?;
    at(year as i64, month, day, hour, minute, second)
}

/// The common shape `YYYY-MM-DD HH:MM:SS[ UTC]` read by position: it is on every message row.
fn year_first_fixed(b: &[u8]) -> Option<i64> {
    let tail_ok = b.len() == 19 || &b[19.min(b.len())..] == b" UTC";
    if !tail_ok || b.len() < 19 || !matches!(b[4], b'-' | b'/') || b[7] != b[4] {
        return None;
    }
    if !matches!(b[10], b' ' | b'T') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let digits = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    at(
        digits(0, 4)? as i64,
        digits(5, 7)?,
        digits(8, 10)?,
        digits(11, 13)?,
        digits(14, 16)?,
        digits(17, 19)?,
    )
}

/// `08 Feb 2026` (Connections.csv), also `8 February 2026`.
pub fn day_month_name(s: &str) -> Option<i64> {
    let mut parts = s.split_whitespace();
    let day = number(parts.next()?)?;
    let month = month_from_name(parts.next()?)?;
    let year = number(parts.next()?)?;
    if parts.next().is_some() || year < 1000 {
        return None;
    }
    at(year as i64, month, day, 0, 0, 0)
}

fn month_from_name(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = name.to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

/// `1/29/26, 2:37 PM` (Invitations.csv): month first, two- or four-digit year, 12-hour clock.
/// Also `01/29/2026` without a time.
pub fn month_first(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, time) = match s.split_once(',') {
        Some((d, t)) => (d.trim(), t.trim()),
        None => match s.split_once(' ') {
            Some((d, t)) => (d.trim(), t.trim()),
            None => (s, ""),
        },
    };
    let mut parts = date.split('/');
    let month = number(parts.next()?)?;
    let day = number(parts.next()?)?;
    let year_text = parts.next()?;
    let year = number(year_text)? as i64;
    if parts.next().is_some() {
        return None;
    }
    let year = match year_text.len() {
        2 => 2000 + year,
        4 => year,
        _ => return None,
    };
    let (hour, minute, second) = if time.is_empty() {
        (0, 0, 0)
    } else {
        twelve_hour(time)?
    };
    at(year, month, day, hour, minute, second)
}

/// `2:37 PM`, `12:05 am`, or a 24-hour `14:37`.
fn twelve_hour(s: &str) -> Option<(u32, u32, u32)> {
    let upper = s.to_ascii_uppercase();
    let (clock_text, pm) = if let Some(c) = upper.strip_suffix("PM") {
        (c.trim(), Some(true))
    } else if let Some(c) = upper.strip_suffix("AM") {
        (c.trim(), Some(false))
    } else {
        (upper.trim(), None)
    };
    let (hour, minute, second) = clock(clock_text)?;
    let hour = match pm {
        None => hour,
        Some(_) if hour == 0 || hour > 12 => return None,
        Some(true) => hour % 12 + 12,
        Some(false) => hour % 12,
    };
    Some((hour, minute, second))
}

/// Any of the formats above: for columns whose format the exports have varied
/// (the recommendations' `Creation Date`).
pub fn any(s: &str) -> Option<i64> {
    year_first(s)
        .or_else(|| month_first(s))
        .or_else(|| day_month_name(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_archive_format() {
        // 2025-06-01T14:03:22Z
        assert_eq!(year_first("2025-06-01 14:03:22 UTC"), Some(1_748_786_602));
        assert_eq!(year_first("2026-01-22 08:00:00"), Some(1_769_068_800));
        assert_eq!(year_first("2026/07/28 13:20:49 UTC"), Some(1_785_244_849));
        assert_eq!(day_month_name("08 Feb 2026"), Some(1_770_508_800));
        assert_eq!(month_first("1/29/26, 2:37 PM"), Some(1_769_697_420));
        assert_eq!(month_first("1/29/26, 12:05 AM"), Some(1_769_645_100));
        assert_eq!(month_first("01/29/2026"), Some(1_769_644_800));
        assert_eq!(any("08 Feb 2026"), day_month_name("08 Feb 2026"));
    }

    #[test]
    fn leap_days_and_epoch() {
        assert_eq!(year_first("1970-01-01 00:00:00"), Some(0));
        assert_eq!(year_first("2024-02-29 00:00:00"), Some(1_709_164_800));
        assert_eq!(year_first("2023-02-29 00:00:00"), None);
        assert_eq!(year_first("2000-02-29"), Some(951_782_400));
        assert_eq!(year_first("1900-02-29"), None);
        assert_eq!(year_first("2026-04-31"), None);
        assert_eq!(day_month_name("31 Dec 9999"), Some(253_402_214_400));
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "soon",
            "2026-13-01 00:00:00",
            "2026-01-01 25:00:00",
            "31 Foo 2026",
            "1/29/26, 13:00 PM",
            "1/29/123, 1:00 PM",
            "99999-01-01",
        ] {
            assert_eq!(any(bad), None, "{bad}");
        }
    }
}
