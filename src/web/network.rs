//! The store handle's calls for "Your network", the toolbar badge and the reaction hint, one
//! Rust call per worker message. Conversions only; the logic is in `network` and `insight`.
//!
//! ```text
//! store.networkRows(nowMs, thresholds?)     → JSON text of Row[] (src/network/rows.rs), one
//!                                              string: 30,000 rows cross to the page as one
//! store.personView(key, nowMs, thresholds?) → JSON text of PersonView, or "null"
//! store.setNote(key, note, tags)            → {changed, note: {note, tags}, writes, removals}
//! store.repliesOwed(nowMs)                  → how many people are owed a reply
//! store.recordActivity(batch, storeText, nowMs, thresholds?)
//!                                           → record's answer + {hints: [post key]}
//! ```

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::relations::{seconds, thresholds_of, StoreHandle};
use crate::capture::{record_batch, Applied, Batch};
use crate::insight::replies_owed_count;
use crate::network::hint::reaction_hints;
use crate::network::person::person_view;
use crate::network::rows::network_rows;
use crate::store::Note;

fn json<T: Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string(value).map_err(|e| JsValue::from(e.to_string()))
}

#[derive(Serialize)]
struct NoteSet {
    changed: bool,
    note: Note,
}

#[derive(Serialize)]
struct Recorded {
    #[serde(flatten)]
    applied: Applied,
    hints: Vec<String>,
}

#[wasm_bindgen]
impl StoreHandle {
    #[wasm_bindgen(js_name = networkRows)]
    pub fn network_rows(&self, now_ms: f64, thresholds: JsValue) -> Result<String, JsValue> {
        let th = thresholds_of(thresholds)?;
        json(&network_rows(self.store(), seconds(now_ms), &th))
    }

    #[wasm_bindgen(js_name = personView)]
    pub fn person_view(
        &self,
        key: &str,
        now_ms: f64,
        thresholds: JsValue,
    ) -> Result<String, JsValue> {
        let th = thresholds_of(thresholds)?;
        json(&person_view(self.store(), key, seconds(now_ms), &th))
    }

    #[wasm_bindgen(js_name = setNote)]
    pub fn set_note(
        &mut self,
        key: &str,
        note: &str,
        tags: Vec<String>,
    ) -> Result<JsValue, JsValue> {
        let changed = self.store_mut().set_note(key, note, &tags);
        let note = self.store().note(key).cloned().unwrap_or_default();
        self.written(NoteSet { changed, note })
    }

    #[wasm_bindgen(js_name = repliesOwed)]
    pub fn replies_owed(&self, now_ms: f64) -> usize {
        replies_owed_count(self.store(), seconds(now_ms))
    }

    /// `record` and, decided on the store as it was before, the posts whose reaction deserves
    /// the hint.
    #[wasm_bindgen(js_name = recordActivity)]
    pub fn record_activity(
        &mut self,
        batch: JsValue,
        store_text: bool,
        now_ms: f64,
        thresholds: JsValue,
    ) -> Result<JsValue, JsValue> {
        let th = thresholds_of(thresholds)?;
        let batch: Batch = serde_wasm_bindgen::from_value(batch)?;
        let hints = reaction_hints(self.store(), &batch, seconds(now_ms), &th);
        let applied = record_batch(self.store_mut(), batch, store_text);
        self.written(Recorded { applied, hints })
    }
}
