//! Vínculo's JSON export: importing it restores the store part for part; other versions and
//! other files are refused with a clear error.

use proptest::prelude::*;

use vinculo::export::{export_json, import_json, read_export, ExportError, FORMAT, VERSION};
use vinculo::model::{Counterpart, Depth, Direction, Interaction, Kind, Source};
use vinculo::store::{Me, Store};

fn kind() -> impl Strategy<Value = Kind> {
    proptest::sample::select(Kind::ALL.to_vec())
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Direction::Given), Just(Direction::Received)]
}

fn source() -> impl Strategy<Value = Source> {
    prop_oneof![Just(Source::Page), Just(Source::Archive)]
}

fn depth() -> impl Strategy<Value = Option<Depth>> {
    proptest::option::of((0u32..500, any::<bool>(), any::<bool>()).prop_map(
        |(words, question, low_effort)| Depth {
            words,
            question,
            low_effort,
        },
    ))
}

/// Keys from a small pool so interactions share counterparts; `""` is the unknown one.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "in:[a-z0-9-]{1,12}",
        Just(String::new()),
        Just("in:josé-araújo".to_string()),
        "name:[a-z ]{1,10}",
    ]
}

fn interaction() -> impl Strategy<Value = Interaction> {
    (
        "[ -~]{1,40}",
        key(),
        kind(),
        direction(),
        0i64..2_000_000_000,
        depth(),
        source(),
        proptest::option::of(any::<String>()),
    )
        .prop_map(
            |(id, counterpart, kind, direction, at, depth, source, text)| Interaction {
                id,
                counterpart,
                kind,
                direction,
                at,
                depth,
                source,
                text,
            },
        )
}

fn counterpart() -> impl Strategy<Value = Counterpart> {
    (
        "in:[a-z0-9-]{1,12}",
        any::<String>(),
        any::<bool>(),
        proptest::option::of(0i64..2_000_000_000),
    )
        .prop_map(|(key, name, connection, connected_at)| Counterpart {
            key,
            name,
            connection,
            connected_at,
        })
}

fn store() -> impl Strategy<Value = Store> {
    (
        proptest::option::of(("in:[a-z]{1,8}", any::<String>())),
        proptest::collection::vec(interaction(), 0..60),
        proptest::collection::vec(counterpart(), 0..20),
    )
        .prop_map(|(me, interactions, counterparts)| {
            let mut store = Store::new();
            if let Some((key, name)) = me {
                store.set_me(Me { key, name });
            }
            store.record(interactions, counterparts);
            store
        })
}

proptest! {
    #[test]
    fn export_then_import_restores_the_store(store in store()) {
        let json = export_json(&store);
        let restored = import_json(&json).unwrap();
        prop_assert_eq!(restored.to_parts(), store.to_parts());
        prop_assert_eq!(restored.me(), store.me());
        // And the export of the restored store is the same document.
        prop_assert_eq!(export_json(&restored), json);
    }
}

fn small_store() -> Store {
    let mut store = Store::new();
    store.set_me(Me {
        key: "in:ana".into(),
        name: "Ana".into(),
    });
    store.record(
        vec![Interaction {
            id: "urn:li:comment:1".into(),
            counterpart: "in:bob".into(),
            kind: Kind::Comment,
            direction: Direction::Received,
            at: 1_700_000_000,
            depth: Some(Depth {
                words: 12,
                question: true,
                low_effort: false,
            }),
            source: Source::Page,
            text: None,
        }],
        vec![Counterpart {
            key: "in:bob".into(),
            name: "Bob \"Bobby\" Souza".into(),
            connection: true,
            connected_at: Some(1_600_000_000),
        }],
    );
    store
}

#[test]
fn the_export_is_versioned_and_readable() {
    let json = export_json(&small_store());
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["format"], FORMAT);
    assert_eq!(value["version"], VERSION);
    assert_eq!(value["me"]["key"], "in:ana");
    assert_eq!(value["counterparts"][0]["name"], "Bob \"Bobby\" Souza");
    assert_eq!(value["interactions"][0]["kind"], "comment");
    assert_eq!(value["interactions"][0]["direction"], "received");
    let export = read_export(&json).unwrap();
    assert_eq!(export.interactions.len(), 1);
}

#[test]
fn a_newer_version_is_refused_by_name() {
    let json = export_json(&small_store()).replace("\"version\":1", "\"version\":7");
    let err = import_json(&json).err().unwrap();
    assert_eq!(
        err,
        ExportError::NewerVersion {
            found: 7,
            supported: 1
        }
    );
    assert!(err.to_string().contains("version 7"), "{err}");
    let note = err.note();
    assert_eq!(note.key, "exportErrorNewerVersion");
    assert_eq!(note.args, ["7", "1"]);
    // Even when its content has a shape this version cannot read.
    let future = r#"{"format":"vinculo-export","version":2,"people":{"x":1}}"#;
    assert!(matches!(
        import_json(future),
        Err(ExportError::NewerVersion { found: 2, .. })
    ));
}

#[test]
fn other_files_are_refused_clearly() {
    assert!(matches!(
        import_json("PK\u{3}\u{4}…"),
        Err(ExportError::NotJson { .. })
    ));
    let cut = export_json(&small_store());
    assert!(matches!(
        import_json(&cut[..cut.len() / 2]),
        Err(ExportError::NotJson { .. })
    ));
    assert_eq!(
        import_json(r#"{"schema":1,"me":null}"#).err(),
        Some(ExportError::NotAnExport)
    );
    assert!(matches!(
        import_json(r#"{"format":"vinculo-export","version":1,"interactions":[{"id":3}]}"#),
        Err(ExportError::Invalid { .. })
    ));
    assert!(matches!(
        import_json(r#"{"format":"vinculo-export"}"#),
        Err(ExportError::Invalid { .. })
    ));
}
