//! Count parsing for the extension pages and the worker.

use wasm_bindgen::prelude::wasm_bindgen;

/// The count a text on the page shows, in the page's language; `undefined` when the text is not
/// one count. A `number` is exact up to 2^53, far beyond any count the site prints.
#[wasm_bindgen(js_name = parseCount)]
pub fn parse_count_js(text: &str, lang: &str) -> Option<f64> {
    crate::count::parse_count(text, lang).map(|count| count as f64)
}
