//! The browser edge: wasm-bindgen exports for the service worker and the extension pages.
//! Bindings only — conversions between JS values and the core; no logic lives here.

mod count;
mod feed;
mod io;
mod network;
mod network_page;
mod relations;

use serde::Serialize;
use wasm_bindgen::JsError;

/// Plain JS objects (not `Map`s) and numbers, as JSON would give: what the shell expects.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<wasm_bindgen::JsValue, JsError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}
