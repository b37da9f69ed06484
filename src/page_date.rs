//! Dates as pages print them, in every interface language: a connection date ("Data
//! collegamento: 4 settembre 2026", "4 de setembro de 2026", "2026年9月4日"), and a messaging
//! thread's day headings ("Mar 24", "viernes", "Today"). The words are CLDR's, generated into
//! `src/page_date.tsv` by `tests/fixtures/dates/gen-cldr-dates.mjs`, and checked against what
//! the browser prints (`tests/fixtures/dates/cldr.tsv`).
//!
//! A date is placed at 12:00 UTC of its day: the calendar day a page prints is the user's
//! local day, and noon UTC falls on that same day for every offset from UTC−12 to UTC+11. A
//! heading without a year ("Mar 24") is the latest such day not after today; a weekday
//! ("Tuesday") the latest such day before today; "today" and "yesterday" count from `now`'s
//! UTC day (the local day may differ by one near midnight: these are the fallbacks of a
//! fallback, used only when a message carries no time of its own).

use std::sync::{PoisonError, RwLock, RwLockReadGuard};

const DAY_MS: f64 = 86_400_000.0;
const NOON_MS: f64 = DAY_MS / 2.0;

struct Lang {
    tag: &'static str,
    /// The digit zero the language prints (Arabic and Bengali have their own digits).
    zero: char,
    /// Added to Gregorian years when printed (Thai prints Buddhist years).
    year_offset: i64,
    months: Vec<Vec<&'static str>>,
    weekdays: Vec<Vec<&'static str>>,
    today: &'static str,
    yesterday: &'static str,
}

impl Lang {
    /// One line of `src/page_date.tsv`; `None` when it is not one.
    fn read(line: &'static str) -> Option<Lang> {
        let forms = |col: &'static str| -> Vec<Vec<&'static str>> {
            col.split('|').map(|f| f.split(',').collect()).collect()
        };
        let [tag, zero, offset, months, weekdays, today, yesterday] =
            line.split('\t').collect::<Vec<_>>()[..]
        else {
            return None;
        };
        Some(Lang {
            tag,
            zero: zero.chars().next()?,
            year_offset: offset.parse().ok()?,
            months: forms(months),
            weekdays: forms(weekdays),
            today,
            yesterday,
        })
        .filter(|lang| lang.months.len() == 12 && lang.weekdays.len() == 7)
    }
}

/// The languages added so far (`languages::add`).
static LANGUAGES: RwLock<Vec<&'static Lang>> = RwLock::new(Vec::new());

/// Adds the languages of `lines` (of `src/page_date.tsv`) whose tag is not known yet. → how
/// many.
pub(crate) fn add_languages(lines: &'static str) -> usize {
    let mut languages = LANGUAGES.write().unwrap_or_else(PoisonError::into_inner);
    let before = languages.len();
    for lang in lines.lines().filter_map(Lang::read) {
        if !languages
            .iter()
            .any(|l| l.tag.eq_ignore_ascii_case(lang.tag))
        {
            languages.push(Box::leak(Box::new(lang)));
        }
    }
    languages.len() - before
}

/// Every language added.
fn languages() -> RwLockReadGuard<'static, Vec<&'static Lang>> {
    crate::languages::ensure_compiled_in();
    LANGUAGES.read().unwrap_or_else(PoisonError::into_inner)
}

/// The table's row for a language tag: the tag itself, else its language, else English (`None`
/// when not even English has been added). The site's own codes for Indonesian and Hebrew
/// (`in`, `iw`) are the old ISO ones.
fn language(tag: &str) -> Option<&'static Lang> {
    let all = languages();
    let base = match tag.split(['-', '_']).next().unwrap_or("") {
        "in" => "id",
        "iw" => "he",
        base => base,
    };
    all.iter()
        .find(|l| l.tag.eq_ignore_ascii_case(tag))
        .or_else(|| all.iter().find(|l| l.tag.eq_ignore_ascii_case(base)))
        .or_else(|| {
            all.iter().find(|l| {
                l.tag
                    .split('-')
                    .next()
                    .is_some_and(|b| b.eq_ignore_ascii_case(base))
            })
        })
        .or_else(|| all.iter().find(|l| l.tag == "en"))
        .copied()
}

/// Lower-cased, the language's digits as ASCII, bidi marks dropped, no-break spaces plain.
fn normalise(text: &str, zero: char) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}'))
        .map(|c| match c {
            '\u{00a0}' | '\u{202f}' => ' ',
            c if zero != '0'
                && (zero..=char::from_u32(zero as u32 + 9).unwrap_or(zero)).contains(&c) =>
            {
                char::from_digit(c as u32 - zero as u32, 10).unwrap_or(c)
            }
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(PartialEq)]
enum Class {
    Letter,
    Digit,
    Other,
}

fn class(c: Option<char>) -> Class {
    match c {
        Some(c) if c.is_alphabetic() => Class::Letter,
        Some(c) if c.is_numeric() => Class::Digit,
        _ => Class::Other,
    }
}

/// A form found at `start..end` stands alone: no letter runs on into a letter, no digit into
/// a digit ("mar" is not in "marina", "1月" is not in "11月"; "9月4日" keeps "9月").
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let found = &text[start..end];
    let (first, last) = (class(found.chars().next()), class(found.chars().last()));
    let (before, after) = (
        class(text[..start].chars().last()),
        class(text[end..].chars().next()),
    );
    (first == Class::Other || before != first) && (last == Class::Other || after != last)
}

/// The month a text names: (start, end, month 1–12) of the longest form found.
fn month_in(text: &str, lang: &Lang) -> Option<(usize, usize, u32)> {
    let mut best: Option<(usize, usize, u32)> = None;
    for (m, forms) in lang.months.iter().enumerate() {
        for form in forms.iter().filter(|f| !f.is_empty()) {
            for (start, _) in text.match_indices(form) {
                let end = start + form.len();
                let longer = best.is_none_or(|(s, e, _)| end - start > e - s);
                if longer && stands_alone(text, start, end) {
                    best = Some((start, end, m as u32 + 1));
                }
            }
        }
    }
    best
}

/// A month named in another language than the page says (a page without `<html lang>`): the
/// longest form any language has, when every language that names one names the same month.
fn month_in_any(text: &str) -> Option<(usize, usize, u32)> {
    let found: Vec<(usize, usize, u32)> = languages()
        .iter()
        .filter_map(|lang| month_in(text, lang))
        .collect();
    let first = *found.first()?;
    let longest = found.iter().max_by_key(|f| f.1 - f.0).copied();
    found
        .iter()
        .all(|f| f.2 == first.2)
        .then_some(longest)
        .flatten()
}

/// Unix milliseconds (12:00 UTC) of the day a page prints, or `None`.
pub fn date_ms(text: &str, lang: &str, now_ms: f64) -> Option<f64> {
    if !now_ms.is_finite() {
        return None;
    }
    let lang = language(lang)?;
    let text = normalise(text, lang.zero);
    let today = (now_ms / DAY_MS).floor() as i64;
    let day_ms = |days: i64| days as f64 * DAY_MS + NOON_MS;
    let Some((start, end, month)) = month_in(&text, lang).or_else(|| month_in_any(&text)) else {
        let word = text.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() || word.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        if word == lang.today {
            return Some(day_ms(today));
        }
        if word == lang.yesterday {
            return Some(day_ms(today - 1));
        }
        let weekday = lang
            .weekdays
            .iter()
            .position(|forms| forms.contains(&word))? as i64;
        // 1970-01-01 was a Thursday (Sunday = 0).
        let back = (today + 4 - weekday).rem_euclid(7);
        return Some(day_ms(today - if back == 0 { 7 } else { back }));
    };
    let rest = format!("{} {}", &text[..start], &text[end..]);
    let numbers: Vec<&str> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let day: u32 = numbers
        .iter()
        .filter(|n| n.len() <= 2)
        .filter_map(|n| n.parse().ok())
        .find(|d| (1..=31).contains(d))?;
    let printed_year = numbers
        .iter()
        .find(|n| n.len() == 4)
        .and_then(|n| n.parse::<i64>().ok());
    let year = match printed_year {
        Some(y) if y - lang.year_offset >= 1970 => y - lang.year_offset,
        Some(y) => y,
        None => {
            let (this_year, _, _) = civil_from_days(today);
            let this = days_from_civil(this_year, month.into(), day.into());
            if this > today + 1 {
                this_year - 1
            } else {
                this_year
            }
        }
    };
    let days = days_from_civil(year, month.into(), day.into());
    // 31 February is no day: it would land in March.
    (civil_from_days(days) == (year, month.into(), day.into())).then(|| day_ms(days))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-09-10T15:00:00Z, a Thursday.
    const NOW_MS: f64 = 1_789_052_400_000.0;

    fn iso(ms: f64) -> String {
        let (y, m, d) = civil_from_days((ms / DAY_MS).floor() as i64);
        format!("{y:04}-{m:02}-{d:02}")
    }

    fn parsed(text: &str, lang: &str) -> Option<String> {
        date_ms(text, lang, NOW_MS).map(iso)
    }

    #[test]
    fn every_language_reads_the_dates_its_browser_prints() {
        let fixture = include_str!("../tests/fixtures/dates/cldr.tsv");
        let mut failures = Vec::new();
        let mut checked = 0;
        for line in fixture.lines().skip(1) {
            let [lang, style, date, text] = line.split('\t').collect::<Vec<_>>()[..] else {
                panic!("bad fixture line {line}");
            };
            // Numeric styles ("4. 9. 2026", "2026/09/04") name no month: not read.
            if !text.chars().any(char::is_alphabetic) {
                continue;
            }
            checked += 1;
            // Without a year, the latest such day not after now: the fixture dates all are.
            let want = if style.starts_with("month_day") {
                let candidate = format!("2026{}", &date[4..]);
                if candidate.as_str() > "2026-09-11" {
                    format!("2025{}", &date[4..])
                } else {
                    candidate
                }
            } else {
                date.to_string()
            };
            if parsed(text, lang).as_deref() != Some(want.as_str()) {
                failures.push(format!(
                    "{lang} {style} {text:?}: {:?}, want {want}",
                    parsed(text, lang)
                ));
            }
        }
        assert!(checked > 1500, "{checked} checked");
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn connection_dates_and_day_headings() {
        assert_eq!(
            parsed("Data collegamento: 4 settembre 2026", "it").as_deref(),
            Some("2026-09-04")
        );
        assert_eq!(parsed("Jun 10, 2024", "en").as_deref(), Some("2024-06-10"));
        assert_eq!(parsed("Mar 24", "en").as_deref(), Some("2026-03-24"));
        assert_eq!(
            parsed("Dec 24", "en").as_deref(),
            Some("2025-12-24"),
            "no year: not in the future"
        );
        assert_eq!(parsed("viernes", "es").as_deref(), Some("2026-09-04"));
        assert_eq!(parsed("Tuesday", "en").as_deref(), Some("2026-09-08"));
        assert_eq!(
            parsed("Thursday", "en").as_deref(),
            Some("2026-09-03"),
            "today says Today"
        );
        assert_eq!(parsed("Today", "en").as_deref(), Some("2026-09-10"));
        assert_eq!(parsed("Ontem", "pt-BR").as_deref(), Some("2026-09-09"));
        assert_eq!(parsed("4 กันยายน 2569", "th").as_deref(), Some("2026-09-04"));
        assert_eq!(
            parsed("৪ সেপ্টেম্বর, ২০২৬", "bn").as_deref(),
            Some("2026-09-04")
        );
        assert_eq!(parsed("2026年11月4日", "ja").as_deref(), Some("2026-11-04"));
        assert_eq!(parsed("2026年1月14日", "ja").as_deref(), Some("2026-01-14"));
        assert_eq!(
            parsed("4 de março de 2026", "pt-BR-x-unknown").as_deref(),
            Some("2026-03-04")
        );
        assert_eq!(
            parsed("4 בספטמבר 2026", "iw").as_deref(),
            Some("2026-09-04")
        );
        assert_eq!(
            parsed("4 September 2026", "in").as_deref(),
            Some("2026-09-04")
        );
        // No language said: a month only one meaning fits.
        assert_eq!(
            parsed("Data collegamento: 4 settembre 2026", "").as_deref(),
            Some("2026-09-04")
        );
        assert_eq!(parsed("4 wrzesnia 2026", ""), None, "no language names it");
    }

    #[test]
    fn what_is_no_date_gives_none() {
        for text in [
            "",
            "2:13 PM",
            "Marina Souza",
            "31 February 2026",
            "Connected",
            "4.9.2026",
        ] {
            assert_eq!(parsed(text, "en"), None, "{text}");
        }
        assert_eq!(date_ms("Mar 24", "en", f64::NAN), None);
    }
}
