//! The LinkedIn adapter's data against the fixture pages (tests/fixtures/linkedin/), read by
//! the native twin of the content script's engine (tests/support).
//!
//! Each `<name>.html` has a `<name>.expected.json`: the URL path it pretends to be at, the page
//! kind, the health, every entity as it must be read (key, copies on the page, fields, anchors,
//! comments and whether the post's author wrote them), the numbers the raw counts must parse
//! to (`numbers`: key → field → number, or null for text that is no count), and — as Refined GitHub keeps them —
//! how many elements each selector of the adapter matches on that page, so a selector that
//! silently stops matching (or starts matching too much) shows up as a diff.
//!
//! `VINCULO_BLESS=1 cargo test --test adapter_fixtures` rewrites the read parts (entities,
//! matches) from the engine's output, keeping the hand-written ones (path, lang, kind, health,
//! numbers); review the diff before committing it.

mod support;

use scraper::Html;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fs;
use support::{Engine, NativePage};
use vinculo::adapter::{linkedin, Adapter};
use vinculo::count::parse_count;
use vinculo::model::profile_key;
use vinculo::page::EntityRecord;

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

fn expected(name: &str) -> Value {
    let text = fs::read_to_string(format!("{DIR}/{name}.expected.json"))
        .unwrap_or_else(|e| panic!("{name}.expected.json: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}.expected.json: {e}"))
}

fn html(name: &str) -> String {
    fs::read_to_string(format!("{DIR}/{name}.html")).unwrap_or_else(|e| panic!("{name}.html: {e}"))
}

fn read(adapter: &Adapter, name: &str, want: &Value) -> NativePage {
    let path = want["path"].as_str().expect("path");
    Engine::new(adapter).read_page(&html(name), path)
}

/// Whether a comment was written by the post's author (profile link, else the name).
fn by_author(post: &EntityRecord, comment: &EntityRecord) -> bool {
    let who = |r: &EntityRecord| {
        r.field("author_href")
            .and_then(profile_key)
            .or_else(|| r.field("author_name").map(str::to_lowercase))
    };
    who(post).is_some() && who(post) == who(comment)
}

/// The entities as the expected files hold them: per key, copies and anchors across copies.
fn entities_view(page: &NativePage) -> Vec<Value> {
    page.scan
        .entities
        .iter()
        .map(|record| {
            let copies: Vec<_> = page
                .roots
                .iter()
                .filter(|r| r.record.key == record.key)
                .collect();
            let children: Vec<Value> = record
                .children
                .iter()
                .map(|child| {
                    json!({
                        "entity": child.entity,
                        "key": child.key,
                        "by_post_author": by_author(record, child),
                        "fields": child.fields,
                    })
                })
                .collect();
            let mut view = json!({
                "entity": record.entity,
                "key": record.key,
                "copies": copies.len(),
                "anchors": copies[0].anchors,
                "fields": record.fields,
            });
            if !children.is_empty() {
                view["children"] = Value::Array(children);
            }
            view
        })
        .collect()
}

/// Every selector of the adapter with a stable name, e.g. `post.reactions#4`.
fn selectors(adapter: &Adapter) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for page in &adapter.pages {
        for (i, css) in page.detect.iter().enumerate() {
            all.push((format!("page.{}.detect#{i}", page.kind), css.clone()));
        }
    }
    for (name, entity) in &adapter.entities {
        for (i, css) in entity.roots.iter().enumerate() {
            all.push((format!("{name}.roots#{i}"), css.clone()));
        }
        let strategies = entity
            .key
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("{name}.key#{i}"), s))
            .chain(entity.fields.iter().flat_map(|(field, f)| {
                f.strategies
                    .iter()
                    .enumerate()
                    .map(move |(i, s)| (format!("{name}.{field}#{i}"), s))
            }));
        for (id, strategy) in strategies {
            if let Some(css) = strategy.css.as_ref().or(strategy.closest.as_ref()) {
                all.push((id, css.clone()));
            }
        }
    }
    all
}

fn matches(adapter: &Adapter, name: &str) -> BTreeMap<String, usize> {
    let engine = Engine::new(adapter);
    let document = Html::parse_document(&html(name));
    selectors(adapter)
        .into_iter()
        .map(|(id, css)| (id, engine.count(&document, &css)))
        .collect()
}

/// The popup's verdict, from the scan alone (as `feed::health_report` decides it).
fn status(page: &NativePage) -> (&'static str, Vec<String>) {
    let fields = &page.scan.health.fields;
    let missing: Vec<String> = fields
        .iter()
        .filter(|(_, f)| f.required && f.found < f.seen)
        .map(|(name, _)| name.clone())
        .collect();
    let verdict = if page.scan.page_kind.is_none() || fields.values().all(|f| f.seen == 0) {
        "not_recognised"
    } else if missing.is_empty() {
        "ok"
    } else {
        "partly"
    };
    (verdict, missing)
}

#[test]
fn bless_when_asked() {
    if std::env::var_os("VINCULO_BLESS").is_none() {
        return;
    }
    let adapter = linkedin();
    for name in fixtures() {
        let mut want = expected(&name);
        let page = read(&adapter, &name, &want);
        want["entities"] = Value::Array(entities_view(&page));
        want["matches"] = serde_json::to_value(matches(&adapter, &name)).unwrap();
        let text = serde_json::to_string_pretty(&want).unwrap() + "\n";
        fs::write(format!("{DIR}/{name}.expected.json"), text).unwrap();
    }
}

#[test]
fn every_fixture_has_its_page_and_expectations() {
    let names = fixtures();
    for required in [
        "feed-sdui-en",
        "feed-sdui-pt",
        "feed-ember-en",
        "feed-ember-pt",
        "post-detail-ember-en",
        "unrecognised",
        "hostile",
        "profile-en",
        "profile-pt",
        "profile-own-en",
        "profile-own-pt",
        "network-en",
        "network-pt",
        "notifications-en",
        "notifications-pt",
        "messaging-en",
        "messaging-pt",
    ] {
        assert!(
            names.iter().any(|n| n == required),
            "{required} has no expected file"
        );
    }
    for name in &names {
        let page = html(name);
        assert!(
            page.starts_with("<!DOCTYPE html>"),
            "{name}: a complete page"
        );
        assert!(
            !page.contains("<script"),
            "{name}: needs no script (served under a strict CSP)"
        );
        assert!(page.len() < 1_100_000, "{name}: {} bytes", page.len());
    }
}

#[test]
fn pages_are_read_as_expected() {
    let adapter = linkedin();
    let mut failures = Vec::new();
    for name in fixtures() {
        let want = expected(&name);
        let page = read(&adapter, &name, &want);
        let mut check = |what: &str, got: Value, expected: &Value| {
            if got != *expected {
                failures.push(format!(
                    "{name}: {what}\n  got:      {}\n  expected: {}",
                    serde_json::to_string(&got).unwrap(),
                    serde_json::to_string(expected).unwrap()
                ));
            }
        };
        check("lang", json!(page.scan.lang), &want["lang"]);
        check("page kind", json!(page.scan.page_kind), &want["page_kind"]);
        let (verdict, missing) = status(&page);
        check("health", json!(verdict), &want["health"]);
        check("missing", json!(missing), &want["missing"]);
        let got = entities_view(&page);
        let wanted = want["entities"].as_array().cloned().unwrap_or_default();
        check("entity keys", keys(&got), &keys(&wanted));
        for (got, wanted) in got.iter().zip(&wanted) {
            check(&format!("entity {}", wanted["key"]), got.clone(), wanted);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn keys(entities: &[Value]) -> Value {
    entities.iter().map(|e| e["key"].clone()).collect()
}

#[test]
fn health_counts_every_copy_and_comment_read() {
    let adapter = linkedin();
    for name in fixtures() {
        let want = expected(&name);
        let page = read(&adapter, &name, &want);
        let mut records: Vec<&EntityRecord> = Vec::new();
        for root in &page.roots {
            records.push(&root.record);
            records.extend(root.record.children.iter());
        }
        for (id, health) in &page.scan.health.fields {
            let (entity, field) = id.split_once('.').unwrap();
            let of_kind: Vec<_> = records.iter().filter(|r| r.entity == entity).collect();
            let having = of_kind
                .iter()
                .filter(|r| {
                    if field == "key" {
                        !r.key.is_empty()
                    } else {
                        r.field(field).is_some()
                    }
                })
                .count();
            assert_eq!(health.seen as usize, of_kind.len(), "{name}: {id} seen");
            assert_eq!(health.found as usize, having, "{name}: {id} found");
            assert_eq!(
                health.strategy.is_some(),
                having > 0,
                "{name}: {id} strategy"
            );
        }
    }
}

#[test]
fn reposters_are_not_authors_and_comments_are_keyed_by_their_urn() {
    let adapter = linkedin();
    for name in fixtures() {
        let want = expected(&name);
        let page = read(&adapter, &name, &want);
        for post in page.scan.entities.iter().filter(|e| e.entity == "post") {
            if let (Some(reposter), Some(author)) =
                (post.field("reposted_by"), post.field("author_name"))
            {
                assert_ne!(reposter, author, "{name}: {}", post.key);
            }
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

/// The content script batches and caches records by key: two entities must never share one.
#[test]
fn keys_are_unique_across_entities() {
    let adapter = linkedin();
    for name in fixtures() {
        let want = expected(&name);
        let page = read(&adapter, &name, &want);
        for root in &page.roots {
            let clash = page.roots.iter().find(|other| {
                other.record.key == root.record.key && other.record.entity != root.record.entity
            });
            assert!(
                clash.is_none(),
                "{name}: {} and {} share the key {}",
                root.record.entity,
                clash.unwrap().record.entity,
                root.record.key
            );
        }
    }
}

#[test]
fn counts_parse_to_the_numbers_the_page_means() {
    let adapter = linkedin();
    let mut failures = Vec::new();
    for name in fixtures() {
        let want = expected(&name);
        let page = read(&adapter, &name, &want);
        let lang = page.scan.lang.clone();
        for (key, numbers) in want["numbers"].as_object().into_iter().flatten() {
            let numbers = numbers.as_object().expect("numbers per field");
            let record = page
                .scan
                .entities
                .iter()
                .find(|e| &e.key == key)
                .expect(key);
            for (field, number) in numbers {
                let text = record.field(field);
                let got = text.and_then(|t| parse_count(t, &lang));
                if json!(got) != *number {
                    failures.push(format!(
                        "{name} {key} {field}: {text:?} ({lang}) → {got:?}, expected {number}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_selector_parses_and_matches_what_the_data_says() {
    let adapter = linkedin();
    let engine = Engine::new(&adapter);
    for (id, css) in selectors(&adapter) {
        let _ = engine.selector(&css); // panics, naming the selector, if scraper cannot parse it
        let _ = id;
    }
    for entity in adapter.entities.values() {
        for strategy in entity
            .key
            .iter()
            .chain(entity.fields.values().flat_map(|f| &f.strategies))
        {
            if let Some(css) = &strategy.not_inside {
                let _ = engine.selector(css);
            }
        }
    }
    let mut failures = Vec::new();
    for name in fixtures() {
        let want = expected(&name);
        let got = matches(&adapter, &name);
        let wanted: Map<String, Value> = want["matches"].as_object().cloned().unwrap_or_default();
        for (id, count) in &got {
            if wanted.get(id) != Some(&json!(count)) {
                failures.push(format!(
                    "{name}: {id} matches {count}, the data says {:?}",
                    wanted.get(id)
                ));
            }
        }
        for id in wanted.keys().filter(|id| !got.contains_key(*id)) {
            failures.push(format!("{name}: {id} is no longer in the adapter"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_field_has_a_strategy_and_the_data_lints_clean() {
    let adapter = linkedin();
    assert_eq!(vinculo::adapter::lint(&adapter), Vec::<String>::new());
    for (name, entity) in &adapter.entities {
        for (field, spec) in &entity.fields {
            assert!(!spec.strategies.is_empty(), "{name}.{field}");
        }
    }
}

#[test]
fn hostile_text_stays_text_and_is_bounded() {
    let adapter = linkedin();
    let want = expected("hostile");
    let page = read(&adapter, "hostile", &want);
    let all: Vec<&str> = page
        .scan
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
