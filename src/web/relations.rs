//! Relationship bindings: the store handle the service worker keeps (the single writer) and
//! the pages use for insights. Conversions only; the logic is in `store`, `capture`, `score`
//! and `insight`.
//!
//! ```text
//! const store = StoreHandle.fromParts(await chrome.storage.local.get(null));
//! store.problems()             → [{key, reason}]   move each key aside to vinculo:quarantine:<key>,
//! store.released(keys)                              then say so (until then they are never written)
//! store.takeChanges()          → {writes: {key: json}, removals: [key]}   (after a migration)
//! store.record(batch, storeText) → {added, duplicates, undone, skipped, user, writes, removals}
//!                                   (user: page | store | unknown — who said who the user is)
//! store.recordScan(scan, nowMs, storeText) → the same, from a content-script PageScan
//! store.recordImport(import, nowMs) → {added, duplicates, clamped, writes, removals}
//! store.lastAdded()            → [id]: what the last of those calls added, as chunks store
//!                                 ids (for the worker to name what storage refused)
//! store.summary(nowMs, thresholds?) · store.ties(nowMs, thresholds?) · store.tieFor(key, nowMs, thresholds?)
//! ```
//! Failures are thrown as `{key, args, message}`: `key` names a message of `_locales`.

use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

use crate::capture::{record_batch, Batch};
use crate::capture_page::batch_from_scan;
use crate::insight::summary;
use crate::model::{Counterpart, Interaction};
use crate::page::PageScan;
use crate::score::{score_all, tie_for, Thresholds};
use crate::store::{stored_id, synthetic, LoadError, Me, NoteRecord, Problem, Store};

#[derive(Serialize)]
struct Failure {
    key: &'static str,
    args: Vec<String>,
    message: String,
}

fn load_failure(error: LoadError) -> JsValue {
    let failure = Failure {
        key: "storeErrorNewer",
        args: Vec::new(),
        message: error.to_string(),
    };
    super::to_js(&failure).unwrap_or_else(JsValue::from)
}

pub(crate) fn thresholds_of(thresholds: JsValue) -> Result<Thresholds, JsValue> {
    if thresholds.is_undefined() || thresholds.is_null() {
        return Ok(Thresholds::default());
    }
    Ok(serde_wasm_bindgen::from_value(thresholds)?)
}

pub(crate) fn seconds(now_ms: f64) -> i64 {
    (now_ms / 1000.0).floor() as i64
}

/// What a write-producing call returns: its outcome and the keys to persist.
#[derive(Serialize)]
struct Written<T: Serialize> {
    #[serde(flatten)]
    outcome: T,
    writes: BTreeMap<String, String>,
    removals: Vec<String>,
}

/// The outcome of a call that only persists.
#[derive(Serialize)]
struct Nothing {}

/// What the import page hands over to merge: `readVinculoExport`'s or an archive's result.
#[derive(serde::Deserialize)]
struct Import {
    #[serde(default)]
    me: Option<Me>,
    #[serde(default)]
    counterparts: Vec<Counterpart>,
    #[serde(default)]
    interactions: Vec<Interaction>,
    /// A backup's notes (src/store/notes.rs).
    #[serde(default)]
    notes: Vec<NoteRecord>,
}

#[wasm_bindgen]
pub struct StoreHandle {
    store: Store,
    problems: Vec<Problem>,
    /// The id hashes the last write-producing call added, kept for `lastAdded`.
    last_added: Vec<u64>,
}

#[wasm_bindgen]
impl StoreHandle {
    /// `StoreHandle.fromParts(items)`: `items` as `chrome.storage.local.get(null)` gives them;
    /// string values are the store's parts, anything else (settings) is ignored.
    #[wasm_bindgen(js_name = fromParts)]
    pub fn from_parts(items: &js_sys::Object) -> Result<StoreHandle, JsValue> {
        let parts: Vec<(String, String)> = js_sys::Object::entries(items)
            .iter()
            .filter_map(|entry| {
                let entry: js_sys::Array = entry.into();
                Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
            })
            .collect();
        let (store, problems) = Store::from_parts(&parts).map_err(load_failure)?;
        Ok(StoreHandle {
            store,
            problems,
            last_added: Vec::new(),
        })
    }

    /// An empty store (first run, or after wiping).
    #[wasm_bindgen(constructor)]
    pub fn new() -> StoreHandle {
        StoreHandle {
            store: Store::new(),
            problems: Vec::new(),
            last_added: Vec::new(),
        }
    }

    /// For the other bindings that read the store (e.g. profile overlays).
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// For the bindings that change the store (e.g. notes, src/web/network.rs).
    pub(crate) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// A call's outcome with the keys to persist; remembers what it added for `lastAdded`.
    pub(crate) fn written<T: Serialize>(&mut self, outcome: T) -> Result<JsValue, JsValue> {
        let changes = self.store.take_changes();
        self.last_added = changes.added;
        let reply = Written {
            outcome,
            writes: changes.writes.into_iter().collect(),
            removals: changes.removals,
        };
        Ok(super::to_js(&reply)?)
    }

    /// `lastAdded()` → the ids (as chunks store them) of the interactions the last
    /// `record`, `recordScan`, `recordImport` or `takeChanges` added.
    #[wasm_bindgen(js_name = lastAdded)]
    pub fn last_added(&self) -> Vec<String> {
        self.last_added.iter().copied().map(stored_id).collect()
    }

    /// The parts that could not be read when loading: `[{key, reason}]`.
    pub fn problems(&self) -> Result<JsValue, JsValue> {
        Ok(super::to_js(&self.problems)?)
    }

    /// `released(keys)`: the worker has moved these problem keys aside; the store may write
    /// them again (their new content comes with the next `takeChanges`).
    pub fn released(&mut self, keys: Vec<String>) {
        for key in keys {
            self.store.release(&key);
        }
    }

    /// `{writes: {key: json}, removals: [key]}` pending (e.g. after migrating an old store).
    #[wasm_bindgen(js_name = takeChanges)]
    pub fn take_changes(&mut self) -> Result<JsValue, JsValue> {
        self.written(Nothing {})
    }

    /// `record(batch, storeText)`: a content-script batch (src/capture.rs) →
    /// `{added, duplicates, undone, skipped, user, writes: {key: json}, removals: [key]}`.
    pub fn record(&mut self, batch: JsValue, store_text: bool) -> Result<JsValue, JsValue> {
        let batch: Batch = serde_wasm_bindgen::from_value(batch)?;
        let applied = record_batch(&mut self.store, batch, store_text);
        self.written(applied)
    }

    /// `recordScan(scan, nowMs, storeText)`: a content-script page scan (src/page.rs), read as
    /// a batch (src/capture_page.rs) → the same answer as `record`.
    #[wasm_bindgen(js_name = recordScan)]
    pub fn record_scan(
        &mut self,
        scan: JsValue,
        now_ms: f64,
        store_text: bool,
    ) -> Result<JsValue, JsValue> {
        let scan: PageScan = serde_wasm_bindgen::from_value(scan)?;
        let applied = record_batch(&mut self.store, batch_from_scan(&scan, now_ms), store_text);
        self.written(applied)
    }

    /// `recordImport({me?, counterparts, interactions}, nowMs)` → `{added, duplicates, clamped,
    /// writes, removals}`: merges an import (idempotent by interaction id); dates after
    /// `nowMs` become `nowMs` (`clamped` says how many).
    #[wasm_bindgen(js_name = recordImport)]
    pub fn record_import(&mut self, import: JsValue, now_ms: f64) -> Result<JsValue, JsValue> {
        let import: Import = serde_wasm_bindgen::from_value(import)?;
        if let Some(me) = import.me {
            self.store.set_me(me);
        }
        let outcome =
            self.store
                .record_import(import.interactions, import.counterparts, seconds(now_ms));
        self.store.merge_notes(import.notes);
        self.written(outcome)
    }

    /// Every part as `{key: json}` (for export, or to rewrite after a restore).
    pub fn parts(&self) -> Result<JsValue, JsValue> {
        let parts: BTreeMap<String, String> = self.store.to_parts().into_iter().collect();
        Ok(super::to_js(&parts)?)
    }

    /// Interactions stored.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.store.len()
    }

    /// `summary(nowMs, thresholds?)` → Summary (src/insight.rs).
    pub fn summary(&self, now_ms: f64, thresholds: JsValue) -> Result<JsValue, JsValue> {
        let th = thresholds_of(thresholds)?;
        Ok(super::to_js(&summary(&self.store, seconds(now_ms), &th))?)
    }

    /// `ties(nowMs, thresholds?)` → Tie[] strongest first (src/score.rs).
    pub fn ties(&self, now_ms: f64, thresholds: JsValue) -> Result<JsValue, JsValue> {
        let th = thresholds_of(thresholds)?;
        Ok(super::to_js(&score_all(&self.store, seconds(now_ms), &th))?)
    }

    /// `tieFor(profileKey, nowMs, thresholds?)` → Tie, or `null` when the store knows nothing
    /// of that person. `profileKey` as `in:<slug>` (see `profile_key`).
    #[wasm_bindgen(js_name = tieFor)]
    pub fn tie_for(
        &self,
        profile_key: &str,
        now_ms: f64,
        thresholds: JsValue,
    ) -> Result<JsValue, JsValue> {
        let th = thresholds_of(thresholds)?;
        Ok(super::to_js(&tie_for(
            &self.store,
            profile_key,
            seconds(now_ms),
            &th,
        ))?)
    }

    /// `scoreOnly(nowMs)` → how many ties: scores without converting the result, so the
    /// benchmark times the scoring itself.
    #[wasm_bindgen(js_name = scoreOnly)]
    pub fn score_only(&self, now_ms: f64) -> usize {
        score_all(&self.store, seconds(now_ms), &Thresholds::default()).len()
    }
}

impl Default for StoreHandle {
    fn default() -> StoreHandle {
        StoreHandle::new()
    }
}

/// `defaultThresholds()` → the tier thresholds' defaults, for the options page.
#[wasm_bindgen(js_name = defaultThresholds)]
pub fn default_thresholds() -> Result<JsValue, JsValue> {
    Ok(super::to_js(&Thresholds::default())?)
}

/// `syntheticStore(nInteractions, nCounterparts, seed)`: a reproducible store, for the
/// benchmark only (times scoring in wasm from Node).
#[wasm_bindgen(js_name = syntheticStore)]
pub fn synthetic_store(interactions: usize, counterparts: usize, seed: u32) -> StoreHandle {
    StoreHandle {
        store: synthetic(interactions, counterparts, u64::from(seed)),
        problems: Vec::new(),
        last_added: Vec::new(),
    }
}
