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
use vinculo::capture_page::batch_from_scan;
use vinculo::feed::{decide, Overlay, OverlayKind};
use vinculo::model::profile_key;
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
            let scan = serde_json::from_value(json(&format!("{DIR}/{name}.scan.json")))
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
    for (name, expected, scan) in pages() {
        let Some(posts) = expected["posts"].as_array() else {
            continue;
        };
        let decisions = decide(&scan);
        let read: Vec<&EntityRecord> = scan
            .entities
            .iter()
            .filter(|e| e.entity == "post")
            .collect();
        for post in posts.iter().filter(|p| p["key"].is_string()) {
            let key = post["key"].as_str().unwrap();
            let Some(record) = read.iter().find(|r| r.key == key) else {
                if post
                    .get("not_a_post")
                    .is_none_or(|v| !v.as_bool().unwrap_or(false))
                {
                    failures.push(format!("{name}: post {key} not found"));
                }
                continue;
            };
            checked += 1;
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
        }
    }
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
        // Several places may show the user; the capture merges them (a link beats a name).
        let me = batch_from_scan(&scan, 0.0).me;
        let got_name = me.as_ref().and_then(|m| m.name.as_deref());
        let got_href = me.as_ref().and_then(|m| m.href.as_deref());
        let href_ok = match user["href"].as_str() {
            Some(href) => got_href.and_then(profile_key) == profile_key(href),
            None => true,
        };
        // Messaging shows the user only through the viewer id of its events: the capture
        // tests check that path.
        if expected["page_kind"] == "messaging" {
            continue;
        }
        if got_name != user["name"].as_str() || !href_ok {
            failures.push(format!(
                "{name}: user read as {got_name:?} {got_href:?}, the page shows {} {}",
                user["name"], user["href"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
