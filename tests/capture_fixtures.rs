//! From a fixture page to the user's interactions: the page's golden scan (what the content
//! script's engine reads there, checked in Chromium by tests/e2e/engine.test.mjs),
//! `capture_page::batch_from_scan` reshapes the scan and
//! `capture::record_batch` records it. Asserts who each interaction is with, its kind and
//! direction, and that recording the same page twice adds nothing.

use std::fs;
use vinculo::capture::{capture, record_batch, Batch, PersonRef};
use vinculo::capture_page::batch_from_scan;
use vinculo::model::{Direction, Kind};
use vinculo::page::PageScan;
use vinculo::store::Store;

const DIR: &str = "tests/fixtures/linkedin";
const NOW_MS: f64 = 1_800_000_000_000.0;
const NOW_S: i64 = 1_800_000_000;
const HOUR_S: i64 = 3600;
const DAY_S: i64 = 24 * HOUR_S;

fn scan(name: &str) -> PageScan {
    let golden = fs::read_to_string(format!("{DIR}/{name}.scan.json")).expect("golden scan");
    serde_json::from_str(&golden).expect("valid golden scan")
}

/// (id, counterpart, kind, direction, at) of everything recorded, in order.
type Row = (String, String, Kind, Direction, i64);

fn rows(store: &Store) -> Vec<Row> {
    store
        .interactions()
        .map(|i| (i.id, i.counterpart, i.kind, i.direction, i.at))
        .collect()
}

/// Records the batch, checks that recording it again adds nothing, and returns the rows.
fn record_twice(batch: Batch) -> Vec<Row> {
    let mut store = Store::new();
    let first = record_batch(&mut store, batch.clone(), false);
    let rows_after_first = rows(&store);
    assert_eq!(first.added, rows_after_first.len());
    let again = record_batch(&mut store, batch, false);
    assert_eq!(again.added, 0, "the same page seen twice adds nothing");
    assert_eq!(again.duplicates, first.added);
    assert_eq!(rows(&store), rows_after_first);
    rows_after_first
}

/// The interaction ids the batch gives, before the store hashes them.
fn ids(batch: &Batch) -> Vec<String> {
    capture(batch.clone(), None, false)
        .interactions
        .into_iter()
        .map(|i| i.id)
        .collect()
}

fn as_me(batch: &mut Batch, href: &str, name: &str) {
    batch.me = Some(PersonRef {
        href: Some(href.to_string()),
        name: Some(name.to_string()),
    });
}

/// Counterpart, kind and direction only, for comparing with what a page should give.
fn who_what(rows: &[Row]) -> Vec<(&str, Kind, Direction)> {
    rows.iter()
        .map(|(_, who, kind, direction, _)| (who.as_str(), *kind, *direction))
        .collect()
}

#[test]
fn the_user_is_read_from_the_nav_on_every_capture_page() {
    for name in [
        "messaging-en",
        "messaging-pt",
        "notifications-en",
        "notifications-pt",
        "feed-sdui-en",
        "feed-sdui-pt",
        "post-detail-ember-en",
    ] {
        let batch = batch_from_scan(&scan(name), NOW_MS);
        let me = batch.me.unwrap_or_else(|| panic!("{name}: no me"));
        assert!(
            me.href
                .as_deref()
                .is_some_and(|h| h.ends_with("/in/marina-souza/")),
            "{name}: {me:?}"
        );
        assert_eq!(me.name.as_deref(), Some("Marina Souza"), "{name}");
    }
}

#[test]
fn messages_received_are_from_the_sender_and_mine_are_given_to_the_counterpart() {
    let scan_en = scan("messaging-en");
    let batch = batch_from_scan(&scan_en, NOW_MS);
    assert_eq!(batch.lang, "en");
    let ids = ids(&batch);
    let recorded = record_twice(batch);
    assert_eq!(
        who_what(&recorded),
        vec![
            ("in:ana-silva-4b2a1", Kind::Message, Direction::Received),
            // A follow-up in Ana's message group: no sender of its own.
            ("in:ana-silva-4b2a1", Kind::Message, Direction::Received),
            ("in:ana-silva-4b2a1", Kind::Message, Direction::Given),
        ]
    );
    let thread = scan_en
        .entities
        .iter()
        .find(|e| e.entity == "thread")
        .expect("the fixture has a thread");
    let message_keys: Vec<&str> = thread.children.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(ids[..2], message_keys[..2], "received: the event URN");
    assert!(
        ids[2].starts_with(&format!("m:{}:", thread.key)),
        "given: the id a send click gives, {}",
        ids[2]
    );
    assert!(
        recorded.iter().all(|row| row.4 == NOW_S),
        "clock times without a date: the batch's time"
    );

    let recorded = record_twice(batch_from_scan(&scan("messaging-pt"), NOW_MS));
    assert_eq!(
        who_what(&recorded),
        vec![
            ("in:bruno-costa-dev", Kind::Message, Direction::Received),
            ("in:bruno-costa-dev", Kind::Message, Direction::Given),
        ]
    );
}

#[test]
fn a_message_page_seen_by_someone_else_is_nobody_given_to_themself() {
    // Read as Ana's own view: her messages are the user's, so given to the thread's
    // counterpart (Ana herself) they are skipped; Marina's is received.
    let mut batch = batch_from_scan(&scan("messaging-en"), NOW_MS);
    as_me(&mut batch, "/in/ana-silva-4b2a1/", "Ana Silva");
    let mut store = Store::new();
    let applied = record_batch(&mut store, batch, false);
    assert_eq!((applied.added, applied.skipped), (1, 2));
    assert_eq!(
        who_what(&rows(&store)),
        vec![("in:marina-souza", Kind::Message, Direction::Received)]
    );
}

#[test]
fn notifications_are_classified_in_english_and_portuguese() {
    let batch = batch_from_scan(&scan("notifications-en"), NOW_MS);
    assert!(ids(&batch)[0].starts_with("n:urn:li:fs_notificationCard:(7264000000000000001"));
    let recorded = record_twice(batch);
    assert_eq!(
        who_what(&recorded),
        vec![
            ("in:ana-silva-4b2a1", Kind::Comment, Direction::Received),
            ("in:bruno-costa-dev", Kind::Reaction, Direction::Received),
            ("in:carla-mendes", Kind::Mention, Direction::Received),
            ("in:diegoramos", Kind::Reply, Direction::Received),
        ]
    );
    let ages: Vec<i64> = recorded.iter().map(|row| NOW_S - row.4).collect();
    assert_eq!(ages, vec![2 * HOUR_S, 5 * HOUR_S, DAY_S, 3 * DAY_S]);

    let recorded = record_twice(batch_from_scan(&scan("notifications-pt"), NOW_MS));
    assert_eq!(
        who_what(&recorded),
        vec![
            ("in:ana-silva-4b2a1", Kind::Comment, Direction::Received),
            ("in:bruno-costa-dev", Kind::Reaction, Direction::Received),
            ("in:carla-mendes", Kind::Mention, Direction::Received),
        ]
    );
    let ages: Vec<i64> = recorded.iter().map(|row| NOW_S - row.4).collect();
    assert_eq!(
        ages,
        vec![2 * HOUR_S, 5 * HOUR_S, DAY_S],
        "\"2 h\", \"5 h\", \"1 d\""
    );
}

#[test]
fn comments_on_other_peoples_posts_are_not_the_users() {
    for name in ["feed-sdui-en", "feed-sdui-pt", "post-detail-ember-en"] {
        let batch = batch_from_scan(&scan(name), NOW_MS);
        let comments = batch.records.len();
        assert!(comments > 0, "{name}: comments read");
        let mut store = Store::new();
        let applied = record_batch(&mut store, batch, false);
        assert_eq!((applied.added, applied.skipped), (0, comments), "{name}");
    }
}

#[test]
fn comments_by_others_on_my_post_are_received() {
    for name in ["feed-sdui-en", "feed-sdui-pt"] {
        let mut batch = batch_from_scan(&scan(name), NOW_MS);
        as_me(
            &mut batch,
            "https://www.linkedin.com/in/bruno-costa-dev/",
            "Bruno Costa",
        );
        assert!(ids(&batch)
            .iter()
            .all(|id| id.starts_with("urn:li:comment:(activity:7262055511224433667,")));
        let recorded = record_twice(batch);
        assert_eq!(
            who_what(&recorded),
            vec![
                ("in:carla-mendes", Kind::Comment, Direction::Received),
                ("in:diegoramos", Kind::Comment, Direction::Received),
                ("in:elena-petrova-77", Kind::Comment, Direction::Received),
            ],
            "{name}: Bruno's own replies are skipped; other posts are not his"
        );
    }

    let mut batch = batch_from_scan(&scan("post-detail-ember-en"), NOW_MS);
    // The post's author link carries a query string; it is still Bruno.
    as_me(&mut batch, "/in/bruno-costa-dev/", "Bruno Costa");
    let recorded = record_twice(batch);
    let who: Vec<&str> = recorded.iter().map(|row| row.1.as_str()).collect();
    assert!(!who.contains(&"in:bruno-costa-dev"));
    assert!(who.contains(&"in:carla-mendes") && who.contains(&"company:acme-analytics"));
    assert!(recorded
        .iter()
        .all(|row| (row.2, row.3) == (Kind::Comment, Direction::Received)));
}

#[test]
fn replies_answer_the_top_level_comment_above_them() {
    // As Carla: Bruno's reply under her comment answers her; her own reply is hers.
    let mut batch = batch_from_scan(&scan("post-detail-ember-en"), NOW_MS);
    as_me(&mut batch, "/in/carla-mendes/", "Carla Mendes");
    assert_eq!(
        ids(&batch),
        vec!["urn:li:comment:(activity:7261000000000000009,7261000000000000902)"]
    );
    assert_eq!(
        who_what(&record_twice(batch)),
        vec![("in:bruno-costa-dev", Kind::Reply, Direction::Received)]
    );

    // As Diego on the feed: Elena's and Bruno's replies under his comment answer him.
    for name in ["feed-sdui-en", "feed-sdui-pt"] {
        let mut batch = batch_from_scan(&scan(name), NOW_MS);
        as_me(&mut batch, "/in/diegoramos/", "Diego Ramos");
        assert_eq!(
            who_what(&record_twice(batch)),
            vec![
                ("in:elena-petrova-77", Kind::Reply, Direction::Received),
                ("in:bruno-costa-dev", Kind::Reply, Direction::Received),
            ],
            "{name}"
        );
    }
}
