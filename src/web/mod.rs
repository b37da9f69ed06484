//! The browser edge: wasm-bindgen exports, compiled only for wasm32 — conversions between JS
//! values and the core, no logic. The crate is built twice (build.sh), once per module:
//!
//! - `--features worker`: what the service worker loads — the store handle and its jobs
//!   (`jobs`), one call per message: scans, activity, the summary, merging an import.
//! - `--features pages`: what the extension pages load — the archive reader and the exports
//!   (`pages`), and the "Your network" page drawn through web-sys (`network_page`).
//!
//! Failures are thrown as plain objects `{key, args, message}` (`msg::Failure`): `key` and
//! `args` name a message of `_locales`, `message` is the English text for logs.

#[cfg(feature = "pages")]
mod network_page;
#[cfg(feature = "pages")]
mod pages;
#[cfg(feature = "worker")]
mod worker;

#[cfg(any(feature = "worker", feature = "pages"))]
use serde::Serialize;
#[cfg(any(feature = "worker", feature = "pages"))]
use wasm_bindgen::{JsError, JsValue};

#[cfg(any(feature = "worker", feature = "pages"))]
use crate::msg::Failure;

/// A value to JS, as plain objects and numbers: serialised to JSON here and parsed by the
/// engine's own `JSON.parse`. One serialiser for the store's parts and the boundary keeps the
/// module small (no second, value-by-value serde format), and for large results it is the
/// faster way.
#[cfg(any(feature = "worker", feature = "pages"))]
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(|_| JsError::new("not serialisable"))?;
    parsed(&json)
}

/// The core's JSON text as a plain value. Apart from the generic [`to_js`] (as the helpers
/// below are from [`from_js`]): one copy for every type, not one inlined per type.
#[cfg(any(feature = "worker", feature = "pages"))]
fn parsed(json: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(json).map_err(|_| JsError::new("JSON.parse refused the core's JSON"))
}

/// A value from JS (a plain object), through `JSON.stringify` and the core's reader (`json`).
#[cfg(any(feature = "worker", feature = "pages"))]
pub(crate) fn from_js<T: for<'de> crate::json::FromJson<'de>>(
    value: &JsValue,
) -> Result<T, JsError> {
    let json = json_of(value)?;
    crate::json::from_str(&json).map_err(|error| unreadable(&error))
}

/// A plain value as JSON text.
#[cfg(any(feature = "worker", feature = "pages"))]
fn json_of(value: &JsValue) -> Result<String, JsError> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| JsError::new("not a plain value"))
}

/// The error a value the core could not read is thrown as.
#[cfg(any(feature = "worker", feature = "pages"))]
fn unreadable(error: &crate::json::Error) -> JsError {
    JsError::new(&error.to_string())
}

/// A failure as the plain object the shell throws on.
#[cfg(any(feature = "worker", feature = "pages"))]
pub(crate) fn thrown(failure: &Failure) -> JsValue {
    to_js(failure).unwrap_or_else(JsValue::from)
}

/// The store's parts among `{key: string}` as `chrome.storage.local.get(null)` gives them.
/// Only those values are copied into the core: the rest of storage (the settings, parts kept
/// aside, whatever else fills it) can be megabytes that would cross for nothing, on every
/// start of the worker.
#[cfg(any(feature = "worker", feature = "pages"))]
pub(crate) fn parts_of(items: &js_sys::Object) -> Vec<(String, String)> {
    js_sys::Object::entries(items)
        .iter()
        .filter_map(|entry| {
            let entry: js_sys::Array = entry.into();
            let key = entry.get(0).as_string()?;
            if !crate::store::is_store_key(&key) {
                return None;
            }
            Some((key, entry.get(1).as_string()?))
        })
        .collect()
}

/// The merged settings (extension/settings.js); `undefined` means the defaults.
#[cfg(any(feature = "worker", feature = "pages"))]
pub(crate) fn settings_of(settings: JsValue) -> Result<crate::jobs::Settings, JsValue> {
    if settings.is_undefined() || settings.is_null() {
        return Ok(crate::jobs::Settings::default());
    }
    Ok(from_js(&settings)?)
}
