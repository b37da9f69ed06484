//! The real-page corpus (tests/fixtures/real): what the extension reads and decides on each
//! page against the values read there by hand (`<page>.expected.json`, described in the
//! corpus' README). The scans are the pages' goldens (`<page>.scan.json`), which the engine
//! test in Chromium holds the content script to; the decisions are the core's.
//!
//! Every post that shows a count carries its vanity mark and conversation badge with the number
//! the page shows; every profile top card its relationship badge and marks on its counts;
//! the user is read where the page shows them.

use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use vinculo::capture::record_batch;
use vinculo::capture_page::batch_from_scan;
use vinculo::feed::{decide, Overlay, OverlayKind};
use vinculo::model::profile_key;
use vinculo::model::{Direction, Kind};
use vinculo::page::{EntityRecord, PageScan};
use vinculo::relationship::relationship_overlays;
use vinculo::score::Thresholds;
use vinculo::store::Store;

const DIR: &str = "tests/fixtures/real";

fn json(path: &str) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn pages() -> Vec<(String, Value, PageScan)> {
    let provenance = json(&format!("{DIR}/provenance.json"));
    provenance["pages"]
        .as_array()
        .expect("provenance pages")
        .iter()
        .map(|entry| {
            let file = entry["file"].as_str().expect("file");
            let name = file.trim_end_matches(".html").to_owned();
            let expected = json(&format!("{DIR}/{name}.expected.json"));
            let scan = fs::read_to_string(format!("{DIR}/{name}.scan.json"))
                .map_err(|e| e.to_string())
                .and_then(|text| vinculo::json::from_str(&text).map_err(|e| e.to_string()))
                .unwrap_or_else(|e| panic!("{name}.scan.json: {e}"));
            (name, expected, scan)
        })
        .collect()
}

/// The overlays of one entity, by the field they sit beside.
fn by_field<'a>(overlays: &'a [Overlay], key: &str) -> BTreeMap<&'static str, Vec<&'a Overlay>> {
    let mut map: BTreeMap<&'static str, Vec<&Overlay>> = BTreeMap::new();
    for overlay in overlays.iter().filter(|o| o.key == key) {
        map.entry(overlay.field).or_default().push(overlay);
    }
    map
}

fn number(value: &Value) -> Option<u64> {
    value.as_u64()
}

fn path_of(href: &str) -> String {
    profile_key(href).unwrap_or_else(|| href.to_owned())
}

#[test]
fn every_post_that_shows_a_count_gets_its_marks_with_the_page_numbers() {
    let mut failures = Vec::new();
    let mut checked = 0;
    // Per page: posts listed by hand, found, showing a count, marked (its conversation badge
    // and a mark on each count it shows), right (everything checked here as the page says).
    let mut table = vec![format!(
        "{:<28} {:>6} {:>6} {:>8} {:>6} {:>6}",
        "page", "posts", "found", "counted", "marked", "right"
    )];
    for (name, expected, scan) in pages() {
        let Some(posts) = expected["posts"].as_array() else {
            continue;
        };
        let (mut listed, mut found, mut counted, mut marked, mut right) = (0, 0, 0, 0, 0);
        let decisions = decide(&scan);
        let read: Vec<&EntityRecord> = scan
            .entities
            .iter()
            .filter(|e| e.entity == "post")
            .collect();
        for post in posts.iter().filter(|p| p["key"].is_string()) {
            let key = post["key"].as_str().unwrap();
            let is_a_post = post
                .get("not_a_post")
                .is_none_or(|v| !v.as_bool().unwrap_or(false));
            listed += usize::from(is_a_post);
            let failures_before = failures.len();
            let Some(record) = read.iter().find(|r| r.key == key) else {
                if is_a_post {
                    failures.push(format!("{name}: post {key} not found"));
                }
                continue;
            };
            checked += 1;
            found += 1;
            let overlays = by_field(&decisions.overlays, key);
            for field in ["reactions", "reposts"] {
                let want = number(&post[field]);
                let got: Vec<Option<u64>> = overlays
                    .get(field)
                    .into_iter()
                    .flatten()
                    .filter(|o| o.kind == OverlayKind::Vanity)
                    .map(|o| o.number)
                    .collect();
                let wanted: Vec<Option<u64>> = want.into_iter().map(Some).collect();
                if got != wanted {
                    failures.push(format!(
                        "{name} {key} {field}: marks {got:?}, the page shows {want:?}"
                    ));
                }
            }
            let shows_a_count = ["reactions", "comments", "reposts"]
                .iter()
                .any(|f| number(&post[f]).is_some());
            let conversation: Vec<&&Overlay> = overlays
                .values()
                .flatten()
                .filter(|o| o.kind == OverlayKind::Conversation)
                .collect();
            let marks_every_count = ["reactions", "reposts"].iter().all(|field| {
                number(&post[*field]).is_none()
                    || overlays
                        .get(*field)
                        .is_some_and(|marks| marks.iter().any(|o| o.kind == OverlayKind::Vanity))
            });
            counted += usize::from(shows_a_count);
            if shows_a_count && conversation.len() == 1 && marks_every_count {
                marked += 1;
            }
            match (shows_a_count, conversation.as_slice()) {
                (false, []) => {}
                (true, [badge]) => {
                    let want = number(&post["comments"]).unwrap_or(0);
                    if badge.number != Some(want) {
                        failures.push(format!(
                            "{name} {key}: conversation badge says {:?} comments, the page {want}",
                            badge.number
                        ));
                    }
                }
                (shows, badges) => failures.push(format!(
                    "{name} {key}: {} conversation badges for a post that {} a count",
                    badges.len(),
                    if shows { "shows" } else { "shows no" }
                )),
            }
            // A group's post names its author without linking them: only a linked author is
            // read by structure.
            if let (Some(author), Some(_)) = (post["author"].as_str(), post["author_href"].as_str())
            {
                if record.field("author_name") != Some(author) {
                    failures.push(format!(
                        "{name} {key}: author {:?}, the page says {author:?}",
                        record.field("author_name")
                    ));
                }
            }
            if let (Some(href), Some(got)) =
                (post["author_href"].as_str(), record.field("author_href"))
            {
                if path_of(got) != path_of(href) {
                    failures.push(format!(
                        "{name} {key}: author link {got:?}, the page {href:?}"
                    ));
                }
            }
            if let Some(rendered) = post["comments_rendered"].as_u64() {
                if record.children.len() as u64 != rendered {
                    failures.push(format!(
                        "{name} {key}: {} comments read, {rendered} rendered",
                        record.children.len()
                    ));
                }
            }
            right += usize::from(failures.len() == failures_before);
        }
        table.push(format!(
            "{name:<28} {listed:>6} {found:>6} {counted:>8} {marked:>6} {right:>6}"
        ));
    }
    // `cargo test --test real_corpus -- --nocapture` prints the figures.
    eprintln!("{}", table.join("\n"));
    assert!(checked >= 100, "only {checked} posts checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_profile_top_card_gets_its_relationship_badge_and_count_marks() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, expected, scan) in pages() {
        let Some(profile) = expected.get("profile").filter(|p| p.is_object()) else {
            continue;
        };
        checked += 1;
        let overlays =
            relationship_overlays(&scan, &Store::new(), 1_800_000_000, &Thresholds::default());
        let Some(card) = scan.entities.iter().find(|e| e.entity == "profile") else {
            failures.push(format!("{name}: no profile top card read"));
            continue;
        };
        if card.field("name") != profile["name"].as_str() {
            failures.push(format!(
                "{name}: name {:?}, the page {}",
                card.field("name"),
                profile["name"]
            ));
        }
        let own = profile["own"].as_bool().unwrap_or(false);
        if card.field("own").is_some() != own {
            failures.push(format!("{name}: own profile read as {}", !own));
        }
        let mine = by_field(&overlays, &card.key);
        if !own
            && !mine
                .get("name")
                .is_some_and(|o| o.iter().any(|o| o.kind == OverlayKind::Relationship))
        {
            failures.push(format!("{name}: no relationship badge"));
        }
        for field in ["followers", "connections"] {
            let want = number(&profile[field]);
            let got: Vec<Option<u64>> = mine
                .get(field)
                .into_iter()
                .flatten()
                .map(|o| o.number)
                .collect();
            if got != want.into_iter().map(Some).collect::<Vec<_>>() {
                failures.push(format!(
                    "{name} {field}: marks {got:?}, the page shows {want:?}"
                ));
            }
        }
    }
    assert!(checked >= 3, "only {checked} profiles checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_user_is_read_where_the_page_shows_them() {
    let mut failures = Vec::new();
    for (name, expected, scan) in pages() {
        let Some(user) = expected.get("user").filter(|u| u.is_object()) else {
            continue;
        };
        // Several places may show the user (the nav, the feed's card, the user's own messages):
        // what the store learns of the user from the page is what counts.
        // The name as the page reads it (a fragment of a thread shows none of its own); the link
        // as the store learns it.
        let batch = batch_from_scan(&scan, 1_800_000_000_000.0);
        let got_name = batch.me.as_ref().and_then(|m| m.name.clone());
        let mut store = Store::new();
        record_batch(&mut store, batch, false);
        let me = (got_name.clone(), store.me().cloned());
        let href_ok = match user["href"].as_str() {
            Some(href) => profile_key(href).is_some_and(|key| store.is_me_key(&key)),
            None => true,
        };
        let name_ok = expected["page_kind"] == "messaging"
            || user["name"]
                .as_str()
                .is_none_or(|name| got_name.as_deref() == Some(name));
        if !name_ok || !href_ok {
            failures.push(format!(
                "{name}: user read as {me:?}, the page shows {} {}",
                user["name"], user["href"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_message_a_page_shows_is_recorded_with_its_sender_and_direction() {
    // Pages that show messages: threads, and profiles with the messaging overlay open. The time
    // is any after the capture (a message's own id dates it).
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, expected, scan) in pages() {
        let Some(messages) = expected["messages"].as_array().filter(|m| !m.is_empty()) else {
            continue;
        };
        let mut store = Store::new();
        record_batch(
            &mut store,
            batch_from_scan(&scan, 1_800_000_000_000.0),
            false,
        );
        let mut got: Vec<(String, Direction)> = store
            .interactions()
            .filter(|i| i.kind == Kind::Message)
            .map(|i| (i.counterpart.clone(), i.direction))
            .collect();
        // The other side of each message: its sender when received; when sent, the person the
        // conversation is with (a page may show several), or the thread's one other sender.
        let received: Vec<&Value> = messages
            .iter()
            .filter(|m| m["direction"] == "received")
            .collect();
        let key_of = |name: Option<&str>| {
            received
                .iter()
                .find(|r| name.is_none() || r["sender"].as_str() == name)
                .and_then(|r| r["sender_href"].as_str().and_then(profile_key))
        };
        let mut want: Vec<(String, Direction)> = messages
            .iter()
            .map(|m| match m["direction"].as_str() {
                Some("received") => (
                    m["sender_href"]
                        .as_str()
                        .and_then(profile_key)
                        .unwrap_or_default(),
                    Direction::Received,
                ),
                _ => (
                    key_of(m["with"].as_str())
                        .or_else(|| key_of(None))
                        .unwrap_or_default(),
                    Direction::Given,
                ),
            })
            .collect();
        // One person may be stored under another of their keys (a slug joined to a member id).
        let canonical = |key: &str| store.canonical(key).to_string();
        want.iter_mut().for_each(|(k, _)| *k = canonical(k));
        got.iter_mut().for_each(|(k, _)| *k = canonical(k));
        want.sort();
        got.sort();
        if got != want {
            failures.push(format!(
                "{name}: recorded {got:?}\n  the page shows {want:?}"
            ));
        }
        checked += messages.len();
    }
    assert!(checked >= 40, "only {checked} messages checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
