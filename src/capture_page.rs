//! A page scan → a capture batch: what the adapter read on messaging, notification, feed and
//! post pages, reshaped into the records `capture` turns into the user's interactions.
//!
//! The scan is read as found, whatever the page kind: `me` (the nav link), `thread` entities
//! with their `message` children, `notification` entities, and each `post`'s `comment`
//! children. Profiles are shown, not recorded, so nothing else is taken. Whether a comment is
//! on the user's own post, or a message is the user's own, is decided by `capture` against the
//! user it knows; this module only carries the page's facts across.
//!
//! Times: a `time` field is used only when it can be placed on the calendar — an ISO 8601
//! date or date-time (a `datetime` attribute), or a relative age such as `2h`, `3 d`,
//! `1 sem` (counted back from `now_ms`). Clock times like `10:42 AM` carry no date and fall
//! back to the batch's `now_ms`.

use crate::capture::{
    Batch, ObservedComment, ObservedMessage, ObservedNotification, PersonRef, Record,
};
use crate::page::{EntityRecord, PageScan};

/// The capture batch a scan's entities describe; `now_ms` is when it was received.
pub fn batch_from_scan(scan: &PageScan, now_ms: f64) -> Batch {
    let mut batch = Batch {
        lang: scan.lang.clone(),
        now_ms,
        me: None,
        records: Vec::new(),
    };
    let time = |entity: &EntityRecord| {
        entity
            .field("time")
            .and_then(|raw| time_ms(raw, &scan.lang, now_ms))
    };
    for entity in &scan.entities {
        match entity.entity.as_str() {
            "me" => batch.me = Some(me_of(entity)),
            "thread" => batch.records.extend(thread_messages(entity, &time)),
            "notification" => batch.records.extend(notification(entity, &time)),
            "post" => batch.records.extend(post_comments(entity, &time)),
            _ => {}
        }
    }
    batch
}

fn owned(value: Option<&str>) -> Option<String> {
    value.map(str::to_string)
}

fn me_of(me: &EntityRecord) -> PersonRef {
    PersonRef {
        href: owned(me.field("href")).or_else(|| Some(me.key.clone()).filter(|k| !k.is_empty())),
        name: owned(me.field("name")),
    }
}

/// A thread's messages. A message group shows its sender once; the follow-ups in the group
/// carry none of their own and belong to the sender before them.
fn thread_messages<'a>(
    thread: &'a EntityRecord,
    time: &'a impl Fn(&EntityRecord) -> Option<f64>,
) -> impl Iterator<Item = Record> + 'a {
    let mut sender: (Option<String>, Option<String>) = (None, None);
    thread
        .children
        .iter()
        .filter(|child| child.entity == "message" && !child.key.is_empty())
        .map(move |message| {
            let (name, href) = (message.field("sender_name"), message.field("sender_href"));
            if name.is_some() || href.is_some() {
                sender = (owned(name), owned(href));
            }
            Record::Message(ObservedMessage {
                event_urn: message.key.clone(),
                thread_id: thread.key.clone(),
                sender_name: sender.0.clone(),
                sender_href: sender.1.clone(),
                text: owned(message.field("text")),
                at_ms: time(message),
                with_name: owned(thread.field("title")),
                with_href: owned(thread.field("counterpart_href")),
            })
        })
}

fn notification(
    card: &EntityRecord,
    time: &impl Fn(&EntityRecord) -> Option<f64>,
) -> Option<Record> {
    let headline = card.field("headline")?;
    if card.key.is_empty() {
        return None;
    }
    Some(Record::Notification(ObservedNotification {
        id: card.key.clone(),
        actor_name: owned(card.field("actor_name")),
        actor_href: owned(card.field("actor_href")),
        headline: headline.to_string(),
        at_ms: time(card),
    }))
}

/// A post's comments in page order. A reply answers the nearest top-level comment above
/// it in the same post (the page nests replies under their comment); a reply with no
/// top-level comment above it answers someone unknown.
fn post_comments<'a>(
    post: &'a EntityRecord,
    time: &'a impl Fn(&EntityRecord) -> Option<f64>,
) -> impl Iterator<Item = Record> + 'a {
    let mut thread_author: Option<String> = None;
    let mut top_level_seen = false;
    post.children
        .iter()
        .filter(|child| child.entity == "comment" && !child.key.is_empty())
        .map(move |comment| {
            let author_href = owned(comment.field("author_href"));
            let parent_author_href = if comment.field("is_reply") == Some("true") {
                thread_author.clone().filter(|_| top_level_seen)
            } else {
                top_level_seen = true;
                thread_author = author_href.clone();
                None
            };
            Record::Comment(ObservedComment {
                comment_urn: comment.key.clone(),
                author_name: owned(comment.field("author_name")),
                author_href,
                post_author_href: owned(post.field("author_href")),
                parent_author_href,
                text: owned(comment.field("text")),
                at_ms: time(comment),
            })
        })
}

const MINUTE_MS: f64 = 60_000.0;
const HOUR_MS: f64 = 60.0 * MINUTE_MS;
const DAY_MS: f64 = 24.0 * HOUR_MS;

/// Unix milliseconds for a printed time that can be placed on the calendar.
pub fn time_ms(raw: &str, lang: &str, now_ms: f64) -> Option<f64> {
    let raw = raw.trim();
    iso_ms(raw).or_else(|| relative_age_ms(raw, lang).map(|age| now_ms - age))
}

/// How long ago a compact relative age says (`5m`, `2 h`, `1d`, `3w`, `1 sem`, `2mo`, `1 a`).
/// A bare `m` is minutes in English and months (`mês`) in Portuguese.
fn relative_age_ms(raw: &str, lang: &str) -> Option<f64> {
    let digits = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
    let count: f64 = raw[..digits].parse().ok()?;
    let unit = raw[digits..].trim().trim_end_matches('.').to_lowercase();
    let portuguese = lang.to_lowercase().starts_with("pt");
    let unit_ms = match unit.as_str() {
        "s" => 1000.0,
        "min" => MINUTE_MS,
        "m" if portuguese => 30.0 * DAY_MS,
        "m" => MINUTE_MS,
        "h" => HOUR_MS,
        "d" => DAY_MS,
        "w" | "sem" => 7.0 * DAY_MS,
        "mo" | "mês" | "mes" => 30.0 * DAY_MS,
        "y" | "yr" | "a" => 365.0 * DAY_MS,
        _ => return None,
    };
    Some(count * unit_ms)
}

/// `YYYY-MM-DD`, optionally `THH:MM[:SS[.fff]]` and `Z` or `±HH:MM` (UTC when absent).
fn iso_ms(raw: &str) -> Option<f64> {
    let number = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, rest) = raw.split_at(raw.find(['T', ' ']).unwrap_or(raw.len()));
    let mut date_parts = date.split('-');
    let (year, month, day) = (
        number(date_parts.next()?)?,
        number(date_parts.next()?)?,
        number(date_parts.next()?)?,
    );
    if date_parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut ms = days_from_civil(year, month, day) as f64 * DAY_MS;
    let rest = rest.get(1..).unwrap_or("");
    if rest.is_empty() {
        return Some(ms);
    }
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let mut clock_parts = clock.split(':');
    let hours = number(clock_parts.next()?)?;
    let minutes = number(clock_parts.next()?)?;
    let seconds: f64 = match clock_parts.next() {
        Some(s) => s.parse().ok().filter(|s: &f64| (0.0..61.0).contains(s))?,
        None => 0.0,
    };
    if clock_parts.next().is_some() || hours > 23 || minutes > 59 {
        return None;
    }
    ms += (hours * 60 + minutes) as f64 * MINUTE_MS + seconds * 1000.0;
    let offset_ms = match zone {
        "" | "Z" | "z" => 0.0,
        _ => {
            let sign = if zone.starts_with('-') { -1.0 } else { 1.0 };
            let (h, m) = zone[1..].split_once(':').unwrap_or((&zone[1..], "00"));
            let (h, m) = (number(h)?, number(m)?);
            sign * (h * 60 + m) as f64 * MINUTE_MS
        }
    };
    Some(ms - offset_ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW_MS: f64 = 1_800_000_000_000.0;

    #[test]
    fn iso_dates_and_date_times_are_placed_in_utc() {
        assert_eq!(time_ms("1970-01-01", "en", NOW_MS), Some(0.0));
        assert_eq!(
            time_ms("2024-11-13T10:42:00Z", "en", NOW_MS),
            Some(1_731_494_520_000.0)
        );
        assert_eq!(
            time_ms("2024-11-13T07:42:00.500-03:00", "pt-BR", NOW_MS),
            Some(1_731_494_520_500.0)
        );
        assert_eq!(
            time_ms("2000-03-01T00:00", "en", NOW_MS),
            Some(951_868_800_000.0)
        );
    }

    #[test]
    fn relative_ages_count_back_from_now_and_clock_times_do_not_parse() {
        assert_eq!(time_ms("2h", "en", NOW_MS), Some(NOW_MS - 2.0 * HOUR_MS));
        assert_eq!(
            time_ms("2 h", "pt-BR", NOW_MS),
            Some(NOW_MS - 2.0 * HOUR_MS)
        );
        assert_eq!(time_ms("3w", "en", NOW_MS), Some(NOW_MS - 21.0 * DAY_MS));
        assert_eq!(
            time_ms("1 sem", "pt-BR", NOW_MS),
            Some(NOW_MS - 7.0 * DAY_MS)
        );
        assert_eq!(time_ms("5m", "en", NOW_MS), Some(NOW_MS - 5.0 * MINUTE_MS));
        assert_eq!(
            time_ms("5 m", "pt-BR", NOW_MS),
            Some(NOW_MS - 150.0 * DAY_MS)
        );
        for clock in ["10:42 AM", "09:15", "Yesterday", "2024-13-01", "h", ""] {
            assert_eq!(time_ms(clock, "en", NOW_MS), None, "{clock}");
        }
    }

    fn entity(kind: &str, key: &str, fields: &[(&str, &str)]) -> EntityRecord {
        EntityRecord {
            entity: kind.into(),
            key: key.into(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            children: Vec::new(),
        }
    }

    #[test]
    fn a_reply_before_any_top_level_comment_answers_no_one_known() {
        let mut post = entity("post", "p", &[("author_href", "/in/bob/")]);
        post.children = vec![
            entity(
                "comment",
                "c1",
                &[("author_href", "/in/cid/"), ("is_reply", "true")],
            ),
            entity("comment", "c2", &[("author_href", "/in/dee/")]),
            entity(
                "comment",
                "c3",
                &[("author_href", "/in/eve/"), ("is_reply", "true")],
            ),
        ];
        let scan = PageScan {
            entities: vec![post],
            ..PageScan::default()
        };
        let parents: Vec<Option<String>> = batch_from_scan(&scan, NOW_MS)
            .records
            .into_iter()
            .map(|record| match record {
                Record::Comment(c) => c.parent_author_href,
                other => panic!("a comment, not {other:?}"),
            })
            .collect();
        assert_eq!(parents, vec![None, None, Some("/in/dee/".to_string())]);
    }
}
