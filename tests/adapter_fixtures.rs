//! The LinkedIn adapter's data, and what the content script's engine reads with it on the
//! fixture pages.
//!
//! The engine runs in Chromium (tests/e2e/engine.test.mjs), which writes and checks each page's
//! golden `<name>.scan.json`: the scan the worker receives. Here those goldens meet what was
//! read by hand (`<name>.expected.json`: the URL path, language, page kind, health and the
//! numbers each count must parse to) and the core's parsers; and the data is linted.

use serde_json::Value;
use std::fs;
use vinculo::adapter::{linkedin, lint};
use vinculo::count::{parse_count, parse_reactors};
use vinculo::page::PageScan;

const DIR: &str = "tests/fixtures/linkedin";

fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(DIR)
        .expect("fixture directory")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".expected.json").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

fn json(path: &str) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn expected(name: &str) -> Value {
    json(&format!("{DIR}/{name}.expected.json"))
}

fn golden(name: &str) -> Value {
    json(&format!("{DIR}/{name}.scan.json"))
}

fn scan(name: &str) -> PageScan {
    serde_json::from_value(golden(name)).unwrap_or_else(|e| panic!("{name}.scan.json: {e}"))
}

#[test]
fn every_fixture_is_a_complete_page_with_a_golden_scan() {
    let names = fixtures();
    assert!(!names.is_empty());
    for name in &names {
        let page = fs::read_to_string(format!("{DIR}/{name}.html")).expect(name);
        assert!(
            page.starts_with("<!DOCTYPE html>"),
            "{name}: a complete page"
        );
        assert!(
            !page.contains("<script"),
            "{name}: needs no script (served under a strict CSP)"
        );
        assert!(page.len() < 1_100_000, "{name}: {} bytes", page.len());
        let golden = golden(name);
        assert_eq!(golden["path"], expected(name)["path"], "{name}: path");
    }
}

#[test]
fn pages_are_read_as_expected() {
    let mut failures = Vec::new();
    for name in fixtures() {
        let want = expected(&name);
        let got = golden(&name);
        for (what, field) in [
            ("lang", "lang"),
            ("page kind", "page_kind"),
            ("health", "status"),
            ("missing", "missing"),
        ] {
            let wanted = &want[if field == "status" { "health" } else { field }];
            if got[field] != *wanted {
                failures.push(format!(
                    "{name}: {what} is {}, expected {wanted}",
                    got[field]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn counts_parse_to_the_numbers_the_page_means() {
    let mut failures = Vec::new();
    for name in fixtures() {
        let want = expected(&name);
        let scan = scan(&name);
        for (key, numbers) in want["numbers"].as_object().into_iter().flatten() {
            let numbers = numbers.as_object().expect("numbers per field");
            let Some(record) = scan.entities.iter().find(|e| &e.key == key) else {
                failures.push(format!("{name}: no entity {key}"));
                continue;
            };
            for (field, number) in numbers {
                let text = record.field(field);
                let parse = if field == "reactions" {
                    parse_reactors
                } else {
                    parse_count
                };
                let got = text.and_then(|t| parse(t, &scan.lang));
                if serde_json::json!(got) != *number {
                    failures.push(format!(
                        "{name} {key} {field}: {text:?} ({}) → {got:?}, expected {number}",
                        scan.lang
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn comments_are_keyed_by_their_urn() {
    for name in fixtures() {
        for post in scan(&name).entities.iter().filter(|e| e.entity == "post") {
            for comment in &post.children {
                assert!(
                    comment.key.starts_with("urn:li:comment:"),
                    "{name}: {}",
                    comment.key
                );
            }
        }
    }
}

#[test]
fn the_data_lints_clean() {
    let adapter = linkedin();
    assert_eq!(lint(&adapter), Vec::<String>::new());
    for (name, entity) in &adapter.entities {
        for (field, spec) in &entity.fields {
            assert!(!spec.strategies.is_empty(), "{name}.{field}");
        }
    }
}

#[test]
fn hostile_text_stays_text_and_is_bounded() {
    let adapter = linkedin();
    let scan = scan("hostile");
    let all: Vec<&str> = scan
        .entities
        .iter()
        .flat_map(|e| {
            e.fields
                .values()
                .chain(e.children.iter().flat_map(|c| c.fields.values()))
        })
        .map(String::as_str)
        .collect();
    assert!(
        all.contains(&"<img src=x onerror=alert(1)>"),
        "the name is read as the text it is"
    );
    assert!(all.iter().all(|v| v.chars().count() <= adapter.max_chars));
    assert!(
        all.iter().any(|v| v.chars().count() == adapter.max_chars),
        "the long count is cut"
    );
}
