//! From a page to the user's interactions: the page's golden scan (what the content script's
//! engine reads there, checked in Chromium by tests/e2e/engine.test.mjs),
//! `capture_page::batch_from_scan` reshapes the scan and `capture::record_batch` records it.
//! Asserts who each interaction is with, its kind, direction and day, and that recording the
//! same page twice adds nothing.
//!
//! The real pages are the anonymised corpus (tests/fixtures/real/<name>.html and its golden
//! `<name>.scan.json`); `VINCULO_SCANS=<dir>` reads the goldens from elsewhere (scans of the raw
//! captures while the corpus is being built). A page missing from the corpus fails its test:
//! the expectations below were read by hand on the real capture. Anonymisation replaces names,
//! slugs and ids consistently, so the expectations are about structure: how many, which way,
//! which day, one person or two — never a real name.

use std::collections::BTreeSet;
use std::fs;
use vinculo::capture::{record_batch, Batch, PersonRef, Record, UserFrom};
use vinculo::capture_page::batch_from_scan;
use vinculo::model::{profile_key, Direction, Kind};
use vinculo::page::{EntityRecord, PageScan};
use vinculo::store::Store;

const REAL: &str = "tests/fixtures/real";
/// 2026-09-10T15:00:00Z: after every real page's messages.
const NOW_MS: f64 = 1_789_052_400_000.0;
const DAY_S: i64 = 86_400;

fn read_scan(path: &str) -> PageScan {
    let golden = fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{path}: {e} — the page is not in the corpus yet (add it with tools/anonymise.mjs, \
             then bless: VINCULO_BLESS=1 node --test tests/e2e/engine.test.mjs)"
        )
    });
    vinculo::json::from_str(&golden).expect("valid golden scan")
}

fn real(name: &str) -> PageScan {
    let dir = std::env::var("VINCULO_SCANS").unwrap_or_else(|_| REAL.to_string());
    read_scan(&format!("{dir}/{name}.scan.json"))
}

/// (id, counterpart, kind, direction, at) of everything recorded, in order.
type Row = (String, String, Kind, Direction, i64);

fn rows(store: &Store) -> Vec<Row> {
    store
        .interactions()
        .map(|i| (i.id, i.counterpart, i.kind, i.direction, i.at))
        .collect()
}

/// Records the batch in `store`, checks that recording it again adds nothing, and returns the
/// rows it added.
fn record_twice_in(store: &mut Store, batch: Batch) -> Vec<Row> {
    let before = store.len();
    let first = record_batch(store, batch.clone(), false);
    let added: Vec<Row> = rows(store).into_iter().skip(before).collect();
    assert_eq!(first.added, added.len());
    let again = record_batch(store, batch, false);
    assert_eq!(again.added, 0, "the same page seen twice adds nothing");
    assert_eq!(again.duplicates, first.added);
    added
}

fn record_twice(batch: Batch) -> Vec<Row> {
    record_twice_in(&mut Store::new(), batch)
}

fn as_me(batch: &mut Batch, href: &str, name: &str) {
    batch.me = Some(PersonRef {
        href: Some(href.to_string()),
        name: Some(name.to_string()),
        member: None,
    });
}

/// Counterpart, kind and direction only, for comparing with what a page should give.
fn who_what(rows: &[Row]) -> Vec<(&str, Kind, Direction)> {
    rows.iter()
        .map(|(_, who, kind, direction, _)| (who.as_str(), *kind, *direction))
        .collect()
}

/// The UTC day of a row, as `YYYY-MM-DD`.
fn day(row: &Row) -> String {
    let days = row.4.div_euclid(DAY_S);
    // Days since 1970-01-01 → a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

// ── Real pages ────────────────────────────────────────────────────────────────────────────

#[test]
fn a_real_thread_records_every_message_with_its_sender_direction_and_day() {
    // messaging-ember-en-1: the last 20 messages of a one-to-one thread (2026, English, Ember),
    // a fragment without the thread's header. Three of the user's messages share someone's
    // post or profile (a profile link inside the message): still the user's.
    let scan = real("messaging-ember-en-1");
    let batch = batch_from_scan(&scan, NOW_MS);
    let viewer = batch
        .me
        .as_ref()
        .and_then(|me| me.member.clone())
        .expect("the user: the viewer's id in every event URN");
    let recorded = record_twice(batch);
    let directions: String = recorded
        .iter()
        .map(|row| if row.3 == Direction::Given { 'G' } else { 'R' })
        .collect();
    assert_eq!(directions, "GRGGGRRGRGRRGGGGRGRG");
    let people: BTreeSet<&str> = recorded.iter().map(|row| row.1.as_str()).collect();
    assert_eq!(people.len(), 1, "one other person: {people:?}");
    let other = *people.iter().next().unwrap();
    assert!(
        other.starts_with("in:ACoAA"),
        "linked by member id: {other}"
    );
    assert_ne!(other, format!("in:{viewer}"), "never the user");
    assert!(recorded.iter().all(|row| row.2 == Kind::Message));
    let days: Vec<String> = recorded.iter().map(day).collect();
    let mut want = vec!["2026-03-24"];
    want.extend(["2026-04-03"; 13]);
    want.extend(["2026-04-13", "2026-04-14"]);
    want.extend(["2026-04-21"; 4]);
    assert_eq!(days, want, "each message on the day it was sent");
}

#[test]
fn a_real_overlay_thread_in_spanish_records_the_message_received() {
    // messaging-ember-es-1: a conversation bubble of the messaging overlay (Ember,
    // Spanish, 2023): one message from the header's person, under the heading "viernes".
    let batch = batch_from_scan(&real("messaging-ember-es-1"), NOW_MS);
    assert!(batch.me.as_ref().is_some_and(|me| me.member.is_some()));
    let recorded = record_twice(batch);
    assert_eq!(recorded.len(), 1);
    let (_, from, kind, direction, _) = &recorded[0];
    assert!(from.starts_with("in:ACoAA"));
    assert_eq!((*kind, *direction), (Kind::Message, Direction::Received));
    assert_eq!(day(&recorded[0]), "2023-02-17", "a Friday: 'viernes'");
}

#[test]
fn the_overlays_conversation_list_records_nothing() {
    // messaging-ember-en-2: the overlay's list of conversations (snippets, no message).
    let batch = batch_from_scan(&real("messaging-ember-en-2"), NOW_MS);
    assert!(batch.records.is_empty());
}

#[test]
fn real_notifications_without_an_exchange_record_nothing() {
    // notifications-ember-en (2022): profile views, "shared a post: …" (quoting a post that
    // says "Connected With Us"), suggestions and news. None is an exchange with the user.
    let batch = batch_from_scan(&real("notifications-ember-en-1"), NOW_MS);
    let cards = batch.records.len();
    assert_eq!(cards, 11);
    let mut store = Store::new();
    let applied = record_batch(&mut store, batch, false);
    assert_eq!((applied.added, applied.skipped), (0, cards));
    assert_eq!(applied.user, UserFrom::Page, "the nav's name");
    assert_eq!(store.counterparts().count(), 0);
}

#[test]
fn my_network_marks_known_people_as_connections_and_creates_no_one() {
    // network-react-it-1 (Italian): three connection cards, each with a slug, a member id (the
    // message link's recipient) and "Data collegamento: <day> <month> 2026".
    let scan = real("network-react-it-1");
    let mut store = Store::new();
    record_batch(&mut store, batch_from_scan(&scan, NOW_MS), false);
    assert_eq!(store.counterparts().count(), 0, "nobody stored from a list");

    // Someone the user exchanged with by member id, then seen on the list: joined, a
    // connection since the card's day.
    let card = scan
        .entities
        .iter()
        .find(|e| e.entity == "connection")
        .expect("a card");
    let member = card.field("member_ref").expect("its member id");
    let member_key = vinculo::identity::member_key(member).expect("a member id");
    let mut known = Batch {
        lang: "it".into(),
        now_ms: NOW_MS,
        me: Some(PersonRef {
            href: Some("/in/me-myself/".into()),
            ..PersonRef::default()
        }),
        records: Vec::new(),
    };
    known.records.push(
        vinculo::json::from_str(
            &serde_json::json!({"type": "message", "event_urn": "urn:1",
            "from_other": true, "sender_href": format!("/{}", member_key.replace(':', "/")),
            "sender_name": "Someone Known", "text": "Ciao"})
            .to_string(),
        )
        .unwrap(),
    );
    record_batch(&mut store, known, false);
    record_batch(&mut store, batch_from_scan(&scan, NOW_MS), false);
    let slug = vinculo::model::profile_key(&card.key).expect("a slug");
    assert_eq!(
        store.canonical(&member_key),
        slug,
        "stored under the card's slug"
    );
    let person = store.counterpart(&slug).expect("the known person");
    assert!(person.connection);
    let since = person.connected_at.expect("since the card's day");
    assert_eq!(
        day(&(
            String::new(),
            String::new(),
            Kind::Message,
            Direction::Given,
            since
        )),
        "2026-09-04"
    );
    assert_eq!(store.counterparts().count(), 1);
}

#[test]
fn a_profile_joins_its_slug_and_member_id_for_someone_known() {
    // profile-react-en-3: someone else's React profile; its top card shows the member id.
    let scan = real("profile-react-en-3");
    let card = scan
        .entities
        .iter()
        .find(|e| e.entity == "profile")
        .expect("the top card");
    let member_key = card
        .field("member_ref")
        .and_then(vinculo::identity::member_key)
        .expect("the member id");
    let mut store = Store::new();
    record_batch(&mut store, batch_from_scan(&scan, NOW_MS), false);
    assert_eq!(
        store.counterparts().count(),
        0,
        "a profile seen creates no one"
    );
    let mut message: Batch = vinculo::json::from_str(
        &serde_json::json!({
        "lang": "en", "now_ms": NOW_MS, "me": {"href": "/in/me-myself/"},
        "records": [{"type": "message", "event_urn": "urn:1", "from_other": true,
            "sender_href": format!("/in/{}", &member_key[3..]), "sender_name": "Someone", "text": "hi"}]
        })
        .to_string(),
    )
    .unwrap();
    message.lang = "en".into();
    record_batch(&mut store, message, false);
    record_batch(&mut store, batch_from_scan(&scan, NOW_MS), false);
    let slug = format!("in:{}", card.key.to_lowercase());
    assert_eq!(store.canonical(&member_key), slug);
    assert_eq!(store.person_keys(), [slug]);
}

#[test]
fn a_real_feed_shows_the_user_and_other_peoples_comments_are_not_theirs() {
    for name in ["feed-react-en-1", "feed-react-pt-1"] {
        let batch = batch_from_scan(&real(name), NOW_MS);
        let me = batch.me.clone().unwrap_or_else(|| panic!("{name}: no me"));
        assert!(
            me.href.as_deref().is_some_and(|h| h.contains("/in/")),
            "{name}: the own card's link, {me:?}"
        );
        let mut store = Store::new();
        let applied = record_batch(&mut store, batch, false);
        assert_eq!(
            applied.added, 0,
            "{name}: nothing on these pages is the user's"
        );
        assert_eq!(store.counterparts().count(), 0, "{name}: no one stored");
        assert!(store.me().is_some());
    }
}

// ── Comments under posts ────────────────────────────────────────────────────────────────

/// The posts of a real page that show comments, with their authors' profile keys.
fn posts_with_comments(scan: &PageScan) -> Vec<&EntityRecord> {
    scan.entities
        .iter()
        .filter(|e| e.entity == "post" && !e.children.is_empty())
        .collect()
}

#[test]
fn comments_on_other_peoples_posts_are_not_the_users() {
    for name in ["feed-react-pt-1", "feed-react-en-2", "feed-react-en-3"] {
        let batch = batch_from_scan(&real(name), NOW_MS);
        let comments = batch
            .records
            .iter()
            .filter(|r| matches!(r, Record::Comment(_)))
            .count();
        assert!(comments > 0, "{name}: comments read");
        let mut store = Store::new();
        let applied = record_batch(&mut store, batch, false);
        assert_eq!(applied.added, 0, "{name}: none is on the user's post");
        assert_eq!(store.counterparts().count(), 0, "{name}: no one stored");
    }
}

#[test]
fn comments_by_others_on_my_post_are_received() {
    // As the author of each real post that shows comments: every comment by someone else is
    // one received from them; the author's own answers in the thread are not.
    let mut checked = 0;
    for name in ["feed-react-pt-1", "feed-react-en-2", "feed-react-en-3"] {
        let scan = real(name);
        for post in posts_with_comments(&scan) {
            let (Some(href), Some(author)) = (post.field("author_href"), post.field("author_name"))
            else {
                continue;
            };
            let Some(me) = profile_key(href) else {
                continue;
            };
            let one_post = PageScan {
                entities: vec![post.clone()],
                ..scan.clone()
            };
            let mut batch = batch_from_scan(&one_post, NOW_MS);
            as_me(&mut batch, href, author);
            let others: Vec<String> = post
                .children
                .iter()
                .filter_map(|c| c.field("author_href").and_then(profile_key))
                .filter(|k| *k != me)
                .collect();
            let recorded = record_twice(batch);
            let mut got: Vec<String> = recorded.iter().map(|r| r.1.clone()).collect();
            let mut want = others.clone();
            got.sort();
            want.sort();
            assert_eq!(
                got, want,
                "{name} {}: one per comment by someone else",
                post.key
            );
            assert!(recorded
                .iter()
                .all(|r| (r.2, r.3) == (Kind::Comment, Direction::Received)));
            checked += others.len();
        }
    }
    assert!(checked >= 5, "only {checked} comments checked");
}

#[test]
fn replies_answer_the_top_level_comment_above_them() {
    // No page of the corpus shows a reply thread open; the page's nesting as the engine reports
    // it (a reply carries `is_reply` and follows its comment) is enough to check the rule.
    let comment = |key: &str, author: &str, reply: bool| {
        let mut fields = vec![("author_href", format!("/in/{author}/"))];
        if reply {
            fields.push(("is_reply", "true".to_string()));
        }
        EntityRecord {
            entity: "comment".into(),
            key: format!("urn:li:comment:(activity:1,{key})"),
            fields: fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            children: Vec::new(),
        }
    };
    let post = EntityRecord {
        entity: "post".into(),
        key: "urn:li:activity:1".into(),
        fields: [("author_href".to_string(), "/in/bruno/".to_string())].into(),
        children: vec![
            comment("1", "carla", false),
            comment("2", "bruno", true),
            comment("3", "diego", false),
            comment("4", "elena", true),
            comment("5", "carla", true),
        ],
    };
    let scan = PageScan {
        entities: vec![post],
        ..PageScan::default()
    };
    // As Carla: Bruno's reply under her comment answers her; her own reply under Diego's is hers.
    let mut batch = batch_from_scan(&scan, NOW_MS);
    as_me(&mut batch, "/in/carla/", "Carla");
    assert_eq!(
        who_what(&record_twice(batch)),
        vec![("in:bruno", Kind::Reply, Direction::Received)]
    );
    // As Diego: Elena's and Carla's replies under his comment answer him.
    let mut batch = batch_from_scan(&scan, NOW_MS);
    as_me(&mut batch, "/in/diego/", "Diego");
    assert_eq!(
        who_what(&record_twice(batch)),
        vec![
            ("in:elena", Kind::Reply, Direction::Received),
            ("in:carla", Kind::Reply, Direction::Received),
        ]
    );
}

#[test]
fn a_session_on_real_pages_records_exactly_their_exchanges() {
    // The feed shows the user by slug, messaging by member id, a notification page nothing
    // of the user's exchanges, a profile someone else's: one store, one user, one other person.
    let mut store = Store::new();
    for name in [
        "feed-react-en-1",
        "messaging-ember-en-1",
        "notifications-ember-en-1",
        "profile-react-en-3",
        "messaging-ember-en-2",
    ] {
        record_twice_in(&mut store, batch_from_scan(&real(name), NOW_MS));
    }
    let recorded = rows(&store);
    assert_eq!(recorded.len(), 20);
    let given = recorded.iter().filter(|r| r.3 == Direction::Given).count();
    assert_eq!((given, recorded.len() - given), (12, 8));
    assert_eq!(store.person_keys().len(), 1, "one other person");
    let me = store.me().expect("the user").clone();
    assert!(store.is_me_key(&me.key));
}
