//! A page scan → a capture batch: what the adapter read on messaging, notification, feed,
//! post, profile and My Network pages, reshaped into the records `capture` turns into the
//! user's interactions and into who is who.
//!
//! The scan is read as found, whatever the page kind: `me` (the nav or the feed's own card),
//! `thread` entities with their `message` children, `notification` entities, each `post`'s
//! `comment` children, `profile` top cards and My Network's `connection` cards (who someone
//! is, never an interaction). Whether a comment is on the user's own post, or a message is the
//! user's own, is decided by `capture` against the user it knows; this module only carries the
//! page's facts across, and reads the times the page prints.
//!
//! Times: a message is dated by its event URN (the site's message id starts with the time it
//! was sent), else by the thread's day heading above it ("Mar 24", "Tuesday", in the interface
//! language); a `time` field is used when it can be placed on the calendar — an ISO 8601 date
//! or date-time, a relative age such as `2h`, `3 d`, `1 sem` (counted back from `now_ms`), or a
//! date as the page prints it (see `page_date`). Clock times like `10:42 AM` carry no date and
//! fall back to the batch's `now_ms`.

use crate::capture::{
    Batch, ObservedComment, ObservedMessage, ObservedNotification, ObservedPerson, PersonRef,
    Record,
};
use crate::page::{EntityRecord, PageScan};
use crate::page_date::{date_ms, days_from_civil};

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
    let mut viewer = None;
    for entity in &scan.entities {
        match entity.entity.as_str() {
            // Several places may show the user (the nav's photo, the feed's own card): a link
            // read anywhere beats a name alone.
            "me" => batch.me = Some(merge_me(batch.me.take(), me_of(entity))),
            "thread" => {
                viewer = viewer.or_else(|| viewer_of(entity));
                batch
                    .records
                    .extend(thread_messages(entity, &scan.lang, now_ms));
            }
            "notification" => batch.records.extend(notification(entity, &time)),
            "post" => batch.records.extend(post_comments(entity, &time)),
            "profile" => batch.records.extend(profile(entity)),
            "connection" => batch.records.extend(connection(entity, &scan.lang, now_ms)),
            _ => {}
        }
    }
    // Every message's event URN names the viewer: the user, on any page with a thread.
    if let Some(member) = viewer {
        batch.me.get_or_insert_with(PersonRef::default).member = Some(member);
    }
    batch
}

fn owned(value: Option<&str>) -> Option<String> {
    value.map(str::to_string)
}

fn me_of(me: &EntityRecord) -> PersonRef {
    let href = owned(me.field("href")).or_else(|| Some(me.key.clone()).filter(|k| !k.is_empty()));
    PersonRef {
        // The key may be the photo's alt text (a name): only a link is a link.
        href: href.filter(|h| h.contains("/in/")),
        name: owned(me.field("name")),
        member: None,
    }
}

fn merge_me(seen: Option<PersonRef>, new: PersonRef) -> PersonRef {
    match seen {
        None => new,
        Some(seen) => PersonRef {
            href: seen.href.or(new.href),
            name: seen.name.or(new.name),
            member: seen.member.or(new.member),
        },
    }
}

fn viewer_of(thread: &EntityRecord) -> Option<String> {
    thread
        .children
        .iter()
        .find_map(|message| owned(message.field("viewer_ref")))
}

/// When a message was sent, from its event URN
/// (`urn:li:msg_message:(urn:li:fsd_profile:<viewer>,2-<id>)`): the id is the base64 of a
/// text that starts with the epoch milliseconds ("2-MTY3NjY0MTQ0MDkzOWI1…" →
/// "1676641440939b…"). `None` when the URN is not of that form or the time is not plausible
/// (before the site existed, or after `now_ms` by more than a day).
pub fn message_sent_ms(event_urn: &str, now_ms: f64) -> Option<f64> {
    const SITE_LAUNCH_MS: f64 = 1_052_092_800_000.0; // 2003-05-05
    let id = event_urn.rsplit_once(',')?.1.trim_end_matches(')');
    let encoded = id.strip_prefix("2-")?;
    // 20 base64 characters are 15 bytes: room for the 13 digits of a millisecond time.
    let decoded = base64_prefix(encoded.get(..20)?)?;
    let digits = decoded.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits != 13 {
        return None;
    }
    let ms = std::str::from_utf8(&decoded[..digits])
        .ok()?
        .parse::<u64>()
        .ok()? as f64;
    (SITE_LAUNCH_MS..=now_ms + DAY_MS)
        .contains(&ms)
        .then_some(ms)
}

/// Standard base64 (the message ids' alphabet) of whole 4-character groups, no padding.
fn base64_prefix(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for group in text.as_bytes().chunks_exact(4) {
        let mut bits = 0u32;
        for &c in group {
            bits = bits << 6 | value(c)?;
        }
        out.extend_from_slice(&bits.to_be_bytes()[1..]);
    }
    Some(out)
}

/// A thread's messages. A message group shows its sender once; the follow-ups in the group
/// carry none of their own and belong to the sender before them. A day heading dates the
/// messages below it. The other person is the header's (or the one-to-one card's); a thread
/// whose header was not read at all (part of a page) is one-to-one with its one other sender
/// when all messages marked as the other side's come from one person (the activity sensor
/// gives a message sent at the button to the same person: extension/content/activity.js).
fn thread_messages(thread: &EntityRecord, lang: &str, now_ms: f64) -> Vec<Record> {
    let messages: Vec<&EntityRecord> = thread
        .children
        .iter()
        .filter(|child| child.entity == "message" && !child.key.is_empty())
        .collect();
    let mut with_href = owned(thread.field("counterpart_href"));
    let mut with_name = owned(thread.field("title")).filter(|_| with_href.is_some());
    if with_href.is_none() && thread.field("title").is_none() {
        let mut others = messages
            .iter()
            .filter(|m| m.field("from_other").is_some())
            .filter_map(|m| Some((m.field("sender_href")?, m.field("sender_name"))));
        if let Some((href, name)) = others.next() {
            if others.all(|(h, _)| h == href) {
                with_href = Some(href.to_string());
                with_name = owned(name);
            }
        }
    }
    let mut sender: (Option<String>, Option<String>) = (None, None);
    let mut day: Option<f64> = None;
    messages
        .into_iter()
        .map(|message| {
            let (name, href) = (message.field("sender_name"), message.field("sender_href"));
            if name.is_some() || href.is_some() {
                sender = (owned(name), owned(href));
            }
            if let Some(heading) = message.field("day") {
                day = date_ms(heading, lang, now_ms);
            }
            Record::Message(ObservedMessage {
                event_urn: message.key.clone(),
                sender_name: sender.0.clone(),
                sender_href: sender.1.clone(),
                from_other: message.field("from_other").is_some(),
                text: owned(message.field("text")),
                at_ms: message_sent_ms(&message.key, now_ms).or(day),
                with_name: with_name.clone(),
                with_href: with_href.clone(),
            })
        })
        .collect()
}

/// What a card says (the adapter's `is_*` fields, its structure, and `says_*`, its headline's
/// own words) → the signals `capture` reads.
const NOTIFICATION_SIGNALS: [(&str, &str); 12] = [
    ("is_none", "none"),
    ("is_mention", "mention"),
    ("is_recommendation", "recommendation"),
    ("is_endorsement", "endorsement"),
    ("is_reply", "reply"),
    ("says_mention", "says_mention"),
    ("says_reply", "says_reply"),
    ("says_comment", "says_comment"),
    ("says_reaction", "says_reaction"),
    ("says_endorsement", "says_endorsement"),
    ("says_recommendation", "says_recommendation"),
    ("says_invitation", "says_invitation"),
];

fn notification(
    card: &EntityRecord,
    time: &impl Fn(&EntityRecord) -> Option<f64>,
) -> Option<Record> {
    // A card without a headline is no notification the adapter understood.
    card.field("headline")?;
    if card.key.is_empty() {
        return None;
    }
    Some(Record::Notification(ObservedNotification {
        id: card.key.clone(),
        actor_name: owned(card.field("actor_name")),
        actor_href: owned(card.field("actor_href")),
        signals: NOTIFICATION_SIGNALS
            .iter()
            .filter(|(field, _)| card.field(field).is_some())
            .map(|(_, signal)| signal.to_string())
            .collect(),
        at_ms: time(card),
    }))
}

/// A profile's top card: whose profile it is (the URL's slug, the member id the card shows).
fn profile(card: &EntityRecord) -> Option<Record> {
    if card.key.is_empty() {
        return None;
    }
    Some(Record::Person(ObservedPerson {
        href: Some(format!("/in/{}/", card.key)),
        member: owned(card.field("member_ref")),
        name: owned(card.field("name")),
        own: card.field("own").is_some(),
        ..ObservedPerson::default()
    }))
}

/// A connection card of My Network: a connection, since the date it prints.
fn connection(card: &EntityRecord, lang: &str, now_ms: f64) -> Option<Record> {
    Some(Record::Person(ObservedPerson {
        href: Some(card.key.clone()).filter(|k| !k.is_empty())?.into(),
        member: owned(card.field("member_ref")),
        name: owned(card.field("name")),
        connection: true,
        connected_at_ms: card
            .field("since")
            .and_then(|since| date_ms(since, lang, now_ms)),
        own: false,
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
    iso_ms(raw)
        .or_else(|| relative_age_ms(raw, lang).map(|age| now_ms - age))
        .or_else(|| date_ms(raw, lang, now_ms))
}

/// How long ago a compact relative age says (`5m`, `2 h`, `1d`, `3w`, `1 sem`, `2mo`, `1 a`).
/// A bare `m` is minutes in English and months (`mês`) in Portuguese.
fn relative_age_ms(raw: &str, lang: &str) -> Option<f64> {
    let digits = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
    let count = raw[..digits].parse::<u64>().ok()? as f64;
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

/// A decimal number as ISO 8601 writes seconds (`7`, `07.250`): digits, optionally a point
/// and more digits. Read by hand: the float parser's tables would weigh on the worker's wasm.
fn decimal(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    // Nanoseconds at most: further digits change no millisecond.
    let fraction = &fraction[..fraction.len().min(9)];
    let whole = whole.parse::<u64>().ok()? as f64;
    if fraction.is_empty() {
        return Some(whole);
    }
    let scale = 10u64.pow(fraction.len() as u32) as f64;
    Some(whole + fraction.parse::<u64>().ok()? as f64 / scale)
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
        Some(s) => decimal(s).filter(|s| (0.0..61.0).contains(s))?,
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
        assert_eq!(
            time_ms("Yesterday", "en", NOW_MS),
            Some(((NOW_MS / DAY_MS).floor() - 0.5) * DAY_MS),
            "a printed day: noon UTC"
        );
        for clock in ["10:42 AM", "09:15", "2024-13-01", "h", ""] {
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

    const ES_URN: &str = "urn:li:msg_message:(urn:li:fsd_profile:ACoAADB56tUB46-cNzJpxRtevKcD-soD9Ixh2ew,2-MTY3NjY0MTQ0MDkzOWI1ODc2OS0wMDQmY2YyYTAzNWMtNTMwOS00YWZhLTlkMDEtZjI3NGE0NTY2ZTMwXzAxMw==)";

    #[test]
    fn a_message_is_dated_by_its_event_urn() {
        // Seen on real threads (es 2023, en 2026): the time the site shows beside them agrees.
        assert_eq!(message_sent_ms(ES_URN, NOW_MS), Some(1_676_641_440_939.0));
        let en = "urn:li:msg_message:(urn:li:fsd_profile:ACoAADVg-eoB88GyIET_PiM0hdcOQOwCkzfp45A,2-MTc3NDM1Nzk4MzczNGI3MzU5Ni0xMDAmOWJjN2Q2NWEtODk2Yy00YjQzLWJhZDgtNTk5MDI5NWEzZDg0XzEwMA==)";
        assert_eq!(message_sent_ms(en, NOW_MS), Some(1_774_357_983_734.0));
        assert_eq!(
            message_sent_ms(en, 1_700_000_000_000.0),
            None,
            "after now: not plausible"
        );
        for urn in [
            "",
            "urn:9",
            "urn:li:msg_message:(a,2-)",
            "urn:li:msg_message:(a,2-aGVsbG8gd29ybGQgaGVsbG8gd29y)",
            "urn:li:msg_message:(a,3-MTY3NjY0MTQ0MDkzOWI1ODc2OS0wMDQm)",
        ] {
            assert_eq!(message_sent_ms(urn, NOW_MS), None, "{urn}");
        }
    }

    fn message(key: &str, fields: &[(&str, &str)]) -> EntityRecord {
        entity("message", key, fields)
    }

    fn records(scan: &PageScan) -> Vec<ObservedMessage> {
        batch_from_scan(scan, NOW_MS)
            .records
            .into_iter()
            .filter_map(|r| match r {
                Record::Message(m) => Some(m),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_threads_follow_ups_are_their_groups_and_headings_date_what_has_no_time() {
        let mut thread = entity("thread", "t", &[]);
        thread.children = vec![
            message(
                "urn:1",
                &[
                    ("sender_href", "/in/ana/"),
                    ("sender_name", "Ana"),
                    ("from_other", "true"),
                    ("day", "Mar 24"),
                    ("viewer_ref", "ACoAAMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMe"),
                ],
            ),
            message("urn:2", &[("from_other", "true"), ("text", "see /in/bob/")]),
            message(
                ES_URN,
                &[
                    ("sender_href", "/in/me/"),
                    ("sender_name", "Me"),
                    ("day", "Tuesday"),
                ],
            ),
        ];
        let scan = PageScan {
            lang: "en".into(),
            entities: vec![thread],
            ..PageScan::default()
        };
        let got = records(&scan);
        let senders: Vec<Option<&str>> = got.iter().map(|m| m.sender_href.as_deref()).collect();
        assert_eq!(
            senders,
            vec![Some("/in/ana/"), Some("/in/ana/"), Some("/in/me/")]
        );
        let march_24 = date_ms("Mar 24", "en", NOW_MS);
        assert!(march_24.is_some());
        assert_eq!(got[0].at_ms, march_24);
        assert_eq!(got[1].at_ms, march_24, "the heading above it");
        assert_eq!(
            got[2].at_ms,
            Some(1_676_641_440_939.0),
            "its own time first"
        );
        // No header read: one-to-one with the only other sender.
        assert_eq!(got[0].with_href.as_deref(), Some("/in/ana/"));
        let me = batch_from_scan(&scan, NOW_MS).me.expect("the viewer");
        assert_eq!(
            me.member.as_deref(),
            Some("ACoAAMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMe")
        );
    }

    #[test]
    fn a_header_without_a_profile_link_is_a_groups() {
        let mut thread = entity("thread", "t", &[("title", "Ana, Bob, Cid")]);
        thread.children = vec![message(
            "urn:1",
            &[("sender_href", "/in/ana/"), ("from_other", "true")],
        )];
        let scan = PageScan {
            entities: vec![thread],
            ..PageScan::default()
        };
        assert_eq!(records(&scan)[0].with_href, None);
    }

    #[test]
    fn a_connection_card_says_since_when() {
        let card = entity(
            "connection",
            "https://www.linkedin.com/in/anna-bianchi/",
            &[
                ("name", "Anna Bianchi"),
                (
                    "member_ref",
                    "ACoAAAZ2F2ABt_v5tZP082Vngmp3Heq0ZM_G0Fg&interop=msgOverlay",
                ),
                ("since", "Data collegamento: 4 settembre 2026"),
            ],
        );
        let scan = PageScan {
            lang: "it".into(),
            entities: vec![card],
            ..PageScan::default()
        };
        let Record::Person(person) = &batch_from_scan(&scan, NOW_MS).records[0] else {
            panic!("a person")
        };
        assert!(person.connection && !person.own);
        // 2026-09-04, 12:00 UTC.
        assert_eq!(person.connected_at_ms, Some(1_788_523_200_000.0));
    }
}
