//! Notes and tags typed on the "Your network" page: kept in the store, carried by the JSON
//! backup (restoring or merging it brings them back), listed in the HTML report, escaped.

use vinculo::export::{export_html, export_json, import_json, read_export, Labels};
use vinculo::model::Counterpart;
use vinculo::score::Thresholds;
use vinculo::store::Store;

const NOW: i64 = 1_800_000_000;

fn store_with_notes() -> Store {
    let mut store = Store::new();
    let ana = Counterpart {
        key: "in:ana".into(),
        name: "Ana <b>Souza</b>".into(),
        connection: true,
        connected_at: None,
    };
    store.record(vec![], vec![ana]);
    store.set_note(
        "in:ana",
        "Met at RustConf & asked about <jobs>",
        &["Rust".into(), "mentor".into()],
    );
    store.set_note("in:bia", "Only a note", &[]);
    store
}

#[test]
fn notes_round_trip_through_the_json_backup() {
    let store = store_with_notes();
    let json = export_json(&store);
    assert!(json.contains("\"notes\":["), "{json}");
    let restored = import_json(&json).unwrap();
    assert_eq!(
        restored.to_parts(),
        store.to_parts(),
        "the same store, part for part"
    );
    let ana = restored.note("in:ana").unwrap();
    assert_eq!(ana.tags, ["rust", "mentor"]);

    // Merged into another store (the import path), the notes come along too.
    let backup = read_export(&json).unwrap();
    let mut other = Store::new();
    assert_eq!(other.merge_notes(backup.notes), 2);
    assert_eq!(other.note("in:bia").unwrap().note, "Only a note");
}

#[test]
fn an_export_without_notes_still_reads() {
    let mut store = Store::new();
    store.record(vec![], vec![]);
    let json = export_json(&store);
    assert!(
        !json.contains("notes"),
        "no empty field in old readers' way"
    );
    assert!(read_export(&json).unwrap().notes.is_empty());
}

/// The report's labels from the extension's own locale files, as the options page passes them.
fn labels(locale: &str, lang: &str) -> Labels {
    let file =
        std::fs::read_to_string(format!("extension/_locales/{locale}/messages.json")).unwrap();
    Labels::from_messages(&vinculo::json::from_str(&file).unwrap(), lang)
}

#[test]
fn the_report_lists_the_notes_as_text() {
    let html = export_html(
        &store_with_notes(),
        NOW,
        &Thresholds::default(),
        &labels("pt_BR", "pt-BR"),
    );
    assert!(html.contains("<h2>Suas notas</h2>"));
    assert!(html.contains("Met at RustConf &amp; asked about &lt;jobs&gt;"));
    assert!(html.contains("Ana &lt;b&gt;Souza&lt;/b&gt;"));
    assert!(html.contains("#rust #mentor"));
    assert!(!html.contains("<jobs>"));
    let none = export_html(
        &Store::new(),
        NOW,
        &Thresholds::default(),
        &labels("en", "en"),
    );
    assert!(!none.contains("Your notes"), "no section without notes");
}
