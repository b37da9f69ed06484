//! Feed bindings: a batch of page records in, overlays and health out.

use crate::feed::decide;
use crate::page::PageScan;
use wasm_bindgen::prelude::*;

/// `decideOverlays(scan)`: `scan` is a PageScan (src/page.rs) as a plain JS object.
#[wasm_bindgen(js_name = decideOverlays)]
pub fn decide_overlays(scan: JsValue) -> Result<JsValue, JsError> {
    let scan: PageScan = serde_wasm_bindgen::from_value(scan)?;
    super::to_js(&decide(&scan))
}
