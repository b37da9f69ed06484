//! The overlays each fixture page should get, from what the content script's engine reads
//! there (the page's golden scan, `<fixture>.scan.json`, checked in Chromium by
//! tests/e2e/engine.test.mjs) and the core's decisions — written to `<fixture>.overlays.json`,
//! which the browser end-to-end tests assert on the page drawn by the extension.
//!
//! `VINCULO_BLESS=1 cargo test --test overlay_golden` rewrites the files after a deliberate
//! change; review the diff: it is the product's visible behaviour.

use serde_json::{json, Value};
use std::path::Path;
use vinculo::feed::decide;
use vinculo::page::PageScan;

const FIXTURES: &str = "tests/fixtures/linkedin";
const FEED_PAGES: [&str; 8] = [
    "feed-sdui-en",
    "feed-sdui-pt",
    "feed-ember-en",
    "feed-ember-pt",
    "post-detail-ember-en",
    "hostile",
    "unrecognised",
    "profile-en",
];

fn overlays_of(fixture: &str) -> Value {
    let golden: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(FIXTURES).join(format!("{fixture}.scan.json"))).unwrap(),
    )
    .unwrap();
    let scan: PageScan = serde_json::from_value(golden.clone()).unwrap();
    let decisions = decide(&scan);
    // Every copy of an entity on the page gets the overlays whose anchor it has.
    let mut drawn = Vec::new();
    for entity in golden["entities"].as_array().unwrap() {
        for copy in entity["copies"].as_array().unwrap() {
            for overlay in decisions.overlays.iter().filter(|o| o.key == entity["key"]) {
                if copy.as_array().unwrap().contains(&json!(overlay.field)) {
                    drawn.push(json!({
                        "key": overlay.key,
                        "field": overlay.field,
                        "kind": overlay.kind,
                        "level": overlay.level,
                        "number": overlay.number,
                    }));
                }
            }
        }
    }
    json!({ "path": scan.path, "health": decisions.health.status, "overlays": drawn })
}

#[test]
fn each_fixture_gets_the_overlays_on_file() {
    let bless = std::env::var_os("VINCULO_BLESS").is_some();
    for fixture in FEED_PAGES {
        let got = overlays_of(fixture);
        let file = Path::new(FIXTURES).join(format!("{fixture}.overlays.json"));
        if bless {
            std::fs::write(&file, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
            continue;
        }
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_else(|_| {
                panic!(
                    "{} is missing: run VINCULO_BLESS=1 cargo test --test overlay_golden",
                    file.display()
                )
            }))
            .unwrap();
        assert_eq!(
            got,
            want,
            "{fixture}: overlays differ from {}",
            file.display()
        );
    }
}

#[test]
fn the_fixtures_cover_every_level_and_both_languages() {
    let mut levels = std::collections::BTreeSet::new();
    for fixture in [
        "feed-sdui-en",
        "feed-sdui-pt",
        "feed-ember-en",
        "feed-ember-pt",
    ] {
        let got = overlays_of(fixture);
        let overlays = got["overlays"].as_array().unwrap();
        assert!(
            overlays.iter().any(|o| o["kind"] == "vanity"),
            "{fixture} has vanity marks"
        );
        for o in overlays.iter().filter(|o| o["kind"] == "conversation") {
            levels.insert(o["level"].as_str().unwrap().to_owned());
        }
    }
    // "Quiet" has no anchor on these pages (a quiet post prints no comment count to sit beside);
    // its rules are covered by the quality unit tests.
    let want = ["applause_only", "discussion", "some_talk"];
    assert_eq!(levels.into_iter().collect::<Vec<_>>(), want);
}
