//! The overlays each real page should get on a first visit (an empty store), from what the
//! content script's engine reads there (the page's golden scan, `<page>.scan.json`, checked in
//! Chromium by tests/e2e/engine.test.mjs) and the core's decisions — the page's own
//! (`feed::decide`) and those the worker adds from its store (`relationship_overlays`). Written
//! to `<page>.overlays.json`, which the browser end-to-end tests hold the drawn page to.
//!
//! `VINCULO_BLESS=1 cargo test --test overlay_golden` rewrites the files after a deliberate
//! change; review the diff: it is the product's visible behaviour.

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use vinculo::feed::decide;
use vinculo::page::PageScan;
use vinculo::relationship::relationship_overlays;
use vinculo::score::Thresholds;
use vinculo::store::Store;

const DIR: &str = "tests/fixtures/real";
/// When the first visit happens (any time: an empty store has nothing to decay).
const NOW: i64 = 1_800_000_000;

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}")))
        .unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn pages() -> Vec<String> {
    read(&Path::new(DIR).join("provenance.json"))["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| {
            p["file"]
                .as_str()
                .unwrap()
                .trim_end_matches(".html")
                .to_owned()
        })
        .collect()
}

fn overlays_of(page: &str) -> Value {
    let golden = read(&Path::new(DIR).join(format!("{page}.scan.json")));
    let scan: PageScan = vinculo::json::from_str(&golden.to_string()).unwrap();
    let decisions = decide(&scan);
    let mut all = decisions.overlays;
    all.extend(relationship_overlays(
        &scan,
        &Store::new(),
        NOW,
        &Thresholds::default(),
    ));
    // Every copy of an entity on the page gets the overlays whose anchor it has.
    let mut drawn = Vec::new();
    for entity in golden["entities"].as_array().unwrap() {
        for copy in entity["copies"].as_array().unwrap() {
            for overlay in all.iter().filter(|o| o.key == entity["key"]) {
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
fn each_page_gets_the_overlays_on_file() {
    let bless = std::env::var_os("VINCULO_BLESS").is_some();
    for page in pages() {
        let got = overlays_of(&page);
        let file = Path::new(DIR).join(format!("{page}.overlays.json"));
        if bless {
            std::fs::write(&file, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
            continue;
        }
        assert!(
            file.exists(),
            "{} is missing: run VINCULO_BLESS=1 cargo test --test overlay_golden",
            file.display()
        );
        assert_eq!(
            got,
            read(&file),
            "{page}: overlays differ from {}",
            file.display()
        );
    }
}

#[test]
fn the_corpus_draws_every_kind_and_level_in_several_languages() {
    let mut levels = BTreeSet::new();
    let mut languages_with_marks = BTreeSet::new();
    for page in pages() {
        let got = overlays_of(&page);
        let overlays = got["overlays"].as_array().unwrap();
        if overlays.iter().any(|o| o["kind"] == "vanity") {
            languages_with_marks.insert(page.split('-').nth(2).unwrap().to_owned());
        }
        for o in overlays.iter().filter(|o| o["kind"] != "vanity") {
            levels.insert(format!(
                "{}/{}",
                o["kind"].as_str().unwrap(),
                o["level"].as_str().unwrap()
            ));
        }
    }
    for want in [
        "conversation/applause_only",
        "conversation/discussion",
        "conversation/some_talk",
        "conversation/quiet",
        "relationship/none",
    ] {
        assert!(
            levels.contains(want),
            "{want} is not drawn anywhere: {levels:?}"
        );
    }
    assert!(languages_with_marks.len() >= 4, "{languages_with_marks:?}");
}
