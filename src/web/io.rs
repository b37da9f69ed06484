//! Import and export bindings: the site's archive in; Vínculo's JSON, CSV and HTML out.
//! Callable without a browser (Node), so the import can be timed there.
//!
//! Failures are thrown as plain objects `{key, args, message}`: `key` and `args` name a
//! message of `_locales`, `message` is the English text for logs.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::relations::thresholds_of;
use crate::archive::{import_archive, import_archives, import_csv_files, ArchiveError, Limits};
use crate::export::{export_csv, export_html, export_json, import_json, read_export, ExportError};
use crate::store::{LoadError, Store};

#[derive(Serialize)]
struct Failure {
    key: String,
    args: Vec<String>,
    message: String,
}

/// A large result as a plain object: serialised to JSON here and parsed by the engine's own
/// `JSON.parse`, which for 200,000 interactions is several times faster than building the
/// objects field by field through the bindings.
fn to_js_by_json<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value).map_err(|e| JsValue::from(e.to_string()))?;
    js_sys::JSON::parse(&json)
}

fn archive_failure(error: ArchiveError) -> JsValue {
    let note = error.note();
    let failure = Failure {
        key: note.key,
        args: note.args,
        message: error.to_string(),
    };
    to_js_by_json(&failure).unwrap_or_else(|e| e)
}

/// `importLinkedInArchive(bytes: Uint8Array)` → `ArchiveImport` (src/archive/mod.rs) as a plain
/// object: `{me, counterparts, interactions, files, missing, ignored}`. Nothing is recorded.
#[wasm_bindgen(js_name = importLinkedInArchive)]
pub fn import_linkedin_archive(bytes: &[u8]) -> Result<JsValue, JsValue> {
    let import = import_archive(bytes, &Limits::default()).map_err(archive_failure)?;
    to_js_by_json(&import)
}

/// `importLinkedInArchives([first: Uint8Array, second: Uint8Array])`: the two archives of a
/// complete request together, so people in one are matched against the other's connections.
#[wasm_bindgen(js_name = importLinkedInArchives)]
pub fn import_linkedin_archives(archives: Vec<js_sys::Uint8Array>) -> Result<JsValue, JsValue> {
    let owned: Vec<Vec<u8>> = archives.iter().map(|a| a.to_vec()).collect();
    let borrowed: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
    let import = import_archives(&borrowed, &Limits::default()).map_err(archive_failure)?;
    to_js_by_json(&import)
}

/// `importCsvFiles(names: string[], contents: Uint8Array[])`: CSV files the user unpacked
/// themselves, names and contents in the same order.
#[wasm_bindgen(js_name = importCsvFiles)]
pub fn import_csv(
    names: Vec<String>,
    contents: Vec<js_sys::Uint8Array>,
) -> Result<JsValue, JsValue> {
    let files = names
        .into_iter()
        .zip(contents.iter().map(|c| c.to_vec()))
        .collect();
    let import = import_csv_files(files).map_err(archive_failure)?;
    to_js_by_json(&import)
}

// ---- Vínculo's own exports ----
//
// The store comes in as its persisted parts, `{key: json}` as `chrome.storage.local.get(null)`
// gives them (string values are the store's parts; settings and the rest are ignored), the
// same shape `StoreHandle.fromParts` and `StoreHandle.parts()` use (src/web/relations.rs).

fn export_failure(error: ExportError) -> JsValue {
    let (key, args) = error.note();
    let failure = Failure {
        key: key.to_string(),
        args,
        message: error.to_string(),
    };
    to_js_by_json(&failure).unwrap_or_else(|e| e)
}

fn load_failure(error: LoadError) -> JsValue {
    let failure = Failure {
        key: "storeErrorNewer".to_string(),
        args: Vec::new(),
        message: error.to_string(),
    };
    to_js_by_json(&failure).unwrap_or_else(|e| e)
}

fn store_of(items: &js_sys::Object) -> Result<Store, JsValue> {
    let parts: Vec<(String, String)> = js_sys::Object::entries(items)
        .iter()
        .filter_map(|entry| {
            let entry: js_sys::Array = entry.into();
            Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
        })
        .collect();
    // Unreadable parts are the worker's to quarantine; an export shows what can be read.
    let (store, _problems) = Store::from_parts(&parts).map_err(load_failure)?;
    Ok(store)
}

/// `exportJson(parts)` → the JSON export (a string).
#[wasm_bindgen(js_name = exportJson)]
pub fn export_json_of(parts: &js_sys::Object) -> Result<String, JsValue> {
    Ok(export_json(&store_of(parts)?))
}

/// `exportCsv(parts, nowMs, lang, thresholds?)` → the contacts CSV (a string, with its BOM).
#[wasm_bindgen(js_name = exportCsv)]
pub fn export_csv_of(
    parts: &js_sys::Object,
    now_ms: f64,
    lang: &str,
    thresholds: JsValue,
) -> Result<String, JsValue> {
    let store = store_of(parts)?;
    let now = (now_ms / 1000.0) as i64;
    Ok(export_csv(&store, now, &thresholds_of(thresholds)?, lang))
}

/// `exportHtml(parts, nowMs, lang, thresholds?)` → the self-contained report (a string).
#[wasm_bindgen(js_name = exportHtml)]
pub fn export_html_of(
    parts: &js_sys::Object,
    now_ms: f64,
    lang: &str,
    thresholds: JsValue,
) -> Result<String, JsValue> {
    let store = store_of(parts)?;
    let now = (now_ms / 1000.0) as i64;
    Ok(export_html(&store, now, &thresholds_of(thresholds)?, lang))
}

/// `readVinculoExport(text)` → `{me?, counterparts, interactions}`, for `StoreHandle.recordImport`.
#[wasm_bindgen(js_name = readVinculoExport)]
pub fn read_vinculo_export(text: &str) -> Result<JsValue, JsValue> {
    let export = read_export(text).map_err(export_failure)?;
    to_js_by_json(&export)
}

/// `restoreVinculoExport(text)` → the parts (`{key: json}`) of a store holding exactly the
/// export, for the worker to write in place of the current ones.
#[wasm_bindgen(js_name = restoreVinculoExport)]
pub fn restore_vinculo_export(text: &str) -> Result<JsValue, JsValue> {
    let store = import_json(text).map_err(export_failure)?;
    let parts: std::collections::BTreeMap<String, String> = store.to_parts().into_iter().collect();
    to_js_by_json(&parts)
}
