//! The service worker's module: the store handle and one call per message (`jobs`).
//!
//! ```text
//! const store = StoreHandle.fromParts(await chrome.storage.local.get(null));
//! store.problems()       → [{key, reason}]  move each key aside to vinculo:quarantine:<key>,
//! store.released(keys)                      then say so (until then they are never written)
//! store.takeChanges()    → {writes: {key: json}, removals: [key]}   (after a migration)
//! store.handleScan(scan, nowMs, settings)   → {overlays, health, relationship, recorded, writes, removals}
//! store.handleActivity(batch, nowMs, settings)
//!                                           → {added, duplicates, undone, skipped, user, hints, writes, removals}
//! store.networkRows(nowMs, settings)        → JSON text of Row[] (src/network/rows.rs)
//! store.personView(key, nowMs, settings)    → JSON text of PersonView, or "null"
//! store.setNote(key, note, tags)            → {changed, note, writes, removals}
//! store.repliesOwed(nowMs)                  → how many people are owed a reply
//! store.merge(payloadBytes, nowMs)          → {added, duplicates, clamped, writes, removals}
//!                                           (the payload as UTF-8: TextEncoder's copy is
//!                                           faster than glue converting a 12 MB string)
//! store.summary(nowMs, settings)            → Summary (src/insight.rs)
//! store.lastAdded()      → [id]: what the last write-producing call added (what storage lost
//!                          if it refused that call's writes)
//! decideOverlays(scan)   → {overlays, health}: a page's own, when no store can be loaded
//! addLanguage(count, dates)                 a language's tables (src/languages.rs), before
//!                                           the first scan of a page in it
//! ```

use wasm_bindgen::prelude::*;

use super::{from_js, parts_of, settings_of, thrown, to_js};
use crate::capture::Batch;
use crate::jobs::{page_decisions, Core, Written};
use crate::msg::{Failure, Msg};
use crate::page::PageScan;
use crate::score::Thresholds;

/// A large result as JSON text, for the page to parse where it is used. (serde_json's own
/// message would compile its every error message into the module; the core's types always
/// serialise.)
fn json_text<T: serde::Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string(value).map_err(|_| JsValue::from("not serialisable"))
}

/// A write-producing call's answer: its outcome as a plain object, with `writes` (`{key:
/// json}`, each part handed over as a JS string, not escaped into one more JSON document) and
/// `removals` set on it.
fn written<T: serde::Serialize>(written: &Written<T>) -> Result<JsValue, JsValue> {
    with_changes(to_js(&written.outcome)?, &written.writes, &written.removals)
}

/// `reply` with `writes` and `removals` set on it: apart from [`written`], so that one copy
/// serves every outcome type rather than one inlined per type.
fn with_changes(
    reply: JsValue,
    writes: &[(String, String)],
    removals: &[String],
) -> Result<JsValue, JsValue> {
    let writes_object = js_sys::Object::new();
    for (key, json) in writes {
        js_sys::Reflect::set(
            &writes_object,
            &JsValue::from_str(key),
            &JsValue::from_str(json),
        )?;
    }
    js_sys::Reflect::set(&reply, &JsValue::from_str("writes"), &writes_object)?;
    let removals: js_sys::Array = removals.iter().map(|key| JsValue::from_str(key)).collect();
    js_sys::Reflect::set(&reply, &JsValue::from_str("removals"), &removals)?;
    Ok(reply)
}

#[wasm_bindgen]
pub struct StoreHandle {
    core: Core,
}

#[wasm_bindgen]
impl StoreHandle {
    /// `StoreHandle.fromParts(items)`: `items` as `chrome.storage.local.get(null)` gives them.
    #[wasm_bindgen(js_name = fromParts)]
    pub fn from_parts(items: &js_sys::Object) -> Result<StoreHandle, JsValue> {
        let core = Core::load(&parts_of(items)).map_err(|error| {
            thrown(&Failure::new(
                Msg::text("storeErrorNewer", &[]),
                error.to_string(),
            ))
        })?;
        Ok(StoreHandle { core })
    }

    /// An empty store (first run, or after wiping).
    #[wasm_bindgen(constructor)]
    pub fn new() -> StoreHandle {
        StoreHandle { core: Core::new() }
    }

    /// The parts that could not be read when loading: `[{key, reason}]`.
    pub fn problems(&self) -> Result<JsValue, JsValue> {
        Ok(to_js(self.core.problems())?)
    }

    /// `released(keys)`: the worker has moved these problem keys aside.
    pub fn released(&mut self, keys: Vec<String>) {
        self.core.released(&keys);
    }

    /// `{writes, removals}` pending (e.g. after migrating an old store).
    #[wasm_bindgen(js_name = takeChanges)]
    pub fn take_changes(&mut self) -> Result<JsValue, JsValue> {
        written(&self.core.take_changes())
    }

    /// `lastAdded()` → the ids (as chunks store them) the last write-producing call added.
    #[wasm_bindgen(js_name = lastAdded)]
    pub fn last_added(&self) -> Vec<String> {
        self.core.last_added()
    }

    /// content → worker scan: `handleScan(scan, nowMs, settings)`.
    #[wasm_bindgen(js_name = handleScan)]
    pub fn handle_scan(
        &mut self,
        scan: JsValue,
        now_ms: f64,
        settings: JsValue,
    ) -> Result<JsValue, JsValue> {
        let scan: PageScan = from_js(&scan)?;
        let settings = settings_of(settings)?;
        written(&self.core.handle_scan(&scan, now_ms, &settings))
    }

    /// content → worker activity: `handleActivity(batch, nowMs, settings)`.
    #[wasm_bindgen(js_name = handleActivity)]
    pub fn handle_activity(
        &mut self,
        batch: JsValue,
        now_ms: f64,
        settings: JsValue,
    ) -> Result<JsValue, JsValue> {
        let batch: Batch = from_js(&batch)?;
        let settings = settings_of(settings)?;
        written(&self.core.handle_activity(batch, now_ms, &settings))
    }

    /// page → worker network: `networkRows(nowMs, settings)` → the rows as JSON text (30,000
    /// rows cross as one string, parsed by the page).
    #[wasm_bindgen(js_name = networkRows)]
    pub fn network_rows(&self, now_ms: f64, settings: JsValue) -> Result<String, JsValue> {
        let settings = settings_of(settings)?;
        json_text(&self.core.network_rows(now_ms, &settings))
    }

    /// page → worker person: `personView(key, nowMs, settings)` → JSON text of the view, or
    /// "null" for someone unknown.
    #[wasm_bindgen(js_name = personView)]
    pub fn person_view(
        &self,
        key: &str,
        now_ms: f64,
        settings: JsValue,
    ) -> Result<String, JsValue> {
        let settings = settings_of(settings)?;
        json_text(&self.core.person_view(key, now_ms, &settings))
    }

    /// page → worker note: `setNote(key, note, tags)` → {changed, note, writes, removals}.
    #[wasm_bindgen(js_name = setNote)]
    pub fn set_note(
        &mut self,
        key: &str,
        note: &str,
        tags: Vec<String>,
    ) -> Result<JsValue, JsValue> {
        written(&self.core.set_note(key, note, &tags))
    }

    /// The toolbar badge: `repliesOwed(nowMs)`.
    #[wasm_bindgen(js_name = repliesOwed)]
    pub fn replies_owed(&self, now_ms: f64) -> usize {
        self.core.replies_owed(now_ms)
    }

    /// page → worker merge: `merge(payload, nowMs)`, the payload an extension page prepared,
    /// as UTF-8 bytes.
    pub fn merge(&mut self, payload: &[u8], now_ms: f64) -> Result<JsValue, JsValue> {
        let written = self
            .core
            .merge(payload, now_ms)
            .map_err(|failure| thrown(&failure))?;
        self::written(&written)
    }

    /// page → worker summary: `summary(nowMs, settings)` → Summary (src/insight.rs).
    pub fn summary(&self, now_ms: f64, settings: JsValue) -> Result<JsValue, JsValue> {
        let settings = settings_of(settings)?;
        Ok(to_js(&self.core.summary(now_ms, &settings))?)
    }

    /// `scoreOnly(nowMs)` → how many ties: scores without converting the result, so the
    /// benchmark times the scoring itself (a few bytes of glue over what `summary` ships).
    #[wasm_bindgen(js_name = scoreOnly)]
    pub fn score_only(&self, now_ms: f64) -> usize {
        crate::score::score_all(
            self.core.store(),
            crate::jobs::seconds(now_ms),
            &Thresholds::default(),
        )
        .len()
    }

    /// Interactions stored.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.core.store().len()
    }
}

impl Default for StoreHandle {
    fn default() -> StoreHandle {
        StoreHandle::new()
    }
}

/// `decideOverlays(scan)` → `{overlays, health}`: the page's own overlays, for a scan the
/// store cannot take (it could not be loaded).
#[wasm_bindgen(js_name = decideOverlays)]
pub fn decide_overlays(scan: JsValue) -> Result<JsValue, JsError> {
    let scan: PageScan = from_js(&scan)?;
    to_js(&page_decisions(&scan))
}

/// `defaultThresholds()` → the tier thresholds' defaults, for the options page.
#[wasm_bindgen(js_name = defaultThresholds)]
pub fn default_thresholds() -> Result<JsValue, JsValue> {
    Ok(to_js(&Thresholds::default())?)
}

/// `addLanguage(countLines, dateLines)` → how many lines were new: a language's tables, as
/// the package's `languages/<language>.json` holds them (src/languages.rs).
#[wasm_bindgen(js_name = addLanguage)]
pub fn add_language(count_lines: &str, date_lines: &str) -> usize {
    crate::languages::add(count_lines, date_lines)
}

/// The count a text on the page shows, in the page's language; `undefined` when the text is not
/// one count. A `number` is exact up to 2^53, far beyond any count the site prints.
#[wasm_bindgen(js_name = parseCount)]
pub fn parse_count_js(text: &str, lang: &str) -> Option<f64> {
    crate::count::parse_count(text, lang).map(|count| count as f64)
}
