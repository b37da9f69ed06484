//! A Vínculo JSON backup (src/export.rs) on import: read, merged into a store as the worker
//! does, then exported again in every format.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vinculo::export::{
    export_csv, export_html, export_json, import_json, read_export, Labels, Messages,
};
use vinculo::score::Thresholds;
use vinculo::store::Store;

const NOW: i64 = 1_800_000_000;

fuzz_target!(|text: &str| {
    let Ok(export) = read_export(text) else {
        return;
    };
    let mut store = Store::new();
    if let Some(me) = export.me {
        store.set_me(me);
    }
    store.record_import(export.interactions, export.counterparts, NOW);
    let th = Thresholds::default();
    let json = export_json(&store);
    let labels = Labels::from_messages(&Messages::new(), "en");
    let _ = export_csv(&store, NOW, &th, &labels);
    let _ = export_html(&store, NOW, &th, &labels);
    // What was exported reads back into the same store.
    let again = import_json(&json).expect("an export reads back");
    assert_eq!(again.to_parts(), store.to_parts());
});
