//! The extension pages' module: the archive reader and the exports (`pages`). An import is
//! prepared here and crosses to the worker as one string (`Prepared::payload`).
//!
//! ```text
//! prepareArchives([zip: Uint8Array, …])      → {payload, counterparts, interactions, files, missing, ignored}
//! prepareCsvFiles(names, contents)           → the same, from CSV files the user unpacked
//! prepareBackup(text)                        → the same, from a Vínculo JSON export
//! exportFile(parts, format, nowMs, lang, messages, settings) → {filename, mime, text}
//! ```

use wasm_bindgen::prelude::*;

use super::{from_js, parts_of, settings_of, thrown, to_js};
use crate::archive::{import_archives, import_csv_files, ArchiveError, Limits};
use crate::export::Messages;
use crate::msg::Failure;
use crate::pages::{export_file, prepare_archive, prepare_backup, Prepared};

/// A prepared import as a plain object: the report through JSON, the payload handed over as
/// one JS string (not escaped into the report's JSON).
fn prepared_js(prepared: Prepared) -> Result<JsValue, JsValue> {
    let reply = to_js(&prepared)?;
    let payload = JsValue::from_str(&prepared.payload);
    js_sys::Reflect::set(&reply, &JsValue::from_str("payload"), &payload)?;
    Ok(reply)
}

fn archive_failure(error: ArchiveError) -> JsValue {
    thrown(&Failure::new(error.note(), error.to_string()))
}

/// `prepareArchives([first, second?])`: the site's archive (both archives of a complete
/// request together, so people in one are matched against the other's connections).
#[wasm_bindgen(js_name = prepareArchives)]
pub fn prepare_archives(archives: Vec<js_sys::Uint8Array>) -> Result<JsValue, JsValue> {
    let owned: Vec<Vec<u8>> = archives.iter().map(|a| a.to_vec()).collect();
    let borrowed: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
    let import = import_archives(&borrowed, &Limits::default()).map_err(archive_failure)?;
    prepared_js(prepare_archive(import))
}

/// `prepareCsvFiles(names, contents)`: CSV files the user unpacked themselves, names and
/// contents in the same order.
#[wasm_bindgen(js_name = prepareCsvFiles)]
pub fn prepare_csv_files(
    names: Vec<String>,
    contents: Vec<js_sys::Uint8Array>,
) -> Result<JsValue, JsValue> {
    let files = names
        .into_iter()
        .zip(contents.iter().map(|c| c.to_vec()))
        .collect();
    let import = import_csv_files(files).map_err(archive_failure)?;
    prepared_js(prepare_archive(import))
}

/// `prepareBackup(text)`: a Vínculo JSON export, refused whole when it is not one (or newer).
#[wasm_bindgen(js_name = prepareBackup)]
pub fn prepare_backup_js(text: &str) -> Result<JsValue, JsValue> {
    let prepared = prepare_backup(text)
        .map_err(|error| thrown(&Failure::new(error.note(), error.to_string())))?;
    prepared_js(prepared)
}

/// `exportFile(parts, format, nowMs, lang, messages, settings)`: `parts` as storage holds
/// them, `messages` the user's locale's `_locales/<locale>/messages.json` (the labels).
#[wasm_bindgen(js_name = exportFile)]
pub fn export_file_js(
    parts: &js_sys::Object,
    format: &str,
    now_ms: f64,
    lang: &str,
    messages: JsValue,
    settings: JsValue,
) -> Result<JsValue, JsValue> {
    let settings = settings_of(settings)?;
    let messages: Messages = if messages.is_undefined() || messages.is_null() {
        Messages::new()
    } else {
        from_js(&messages)?
    };
    let file = export_file(&parts_of(parts), format, now_ms, lang, &messages, &settings)
        .map_err(|failure| thrown(&failure))?;
    Ok(to_js(&file)?)
}
