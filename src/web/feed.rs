//! Page bindings: a batch of page records in, overlays and health out.

use super::relations::{thresholds_of, StoreHandle};
use crate::feed::decide;
use crate::page::PageScan;
use crate::relationship::relationship_overlays;
use wasm_bindgen::prelude::*;

/// `decideOverlays(scan)`: `scan` is a PageScan (src/page.rs) as a plain JS object.
#[wasm_bindgen(js_name = decideOverlays)]
pub fn decide_overlays(scan: JsValue) -> Result<JsValue, JsError> {
    let scan: PageScan = serde_wasm_bindgen::from_value(scan)?;
    super::to_js(&decide(&scan))
}

/// `relationshipOverlays(store, scan, nowMs, thresholds?)`: the overlays that need the store
/// (a profile's relationship, the user's active relationships of their connections).
#[wasm_bindgen(js_name = relationshipOverlays)]
pub fn relationship_overlays_js(
    store: &StoreHandle,
    scan: JsValue,
    now_ms: f64,
    thresholds: JsValue,
) -> Result<JsValue, JsValue> {
    let scan: PageScan = serde_wasm_bindgen::from_value(scan)?;
    let th = thresholds_of(thresholds)?;
    let now = (now_ms / 1000.0).floor() as i64;
    Ok(super::to_js(&relationship_overlays(
        &scan,
        store.store(),
        now,
        &th,
    ))?)
}
