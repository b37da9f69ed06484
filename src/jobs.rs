//! The worker's jobs: one call per message the service worker handles, on the store it holds.
//! Pure Rust (no browser API), so the whole flow — a scan in, overlays and writes out; an
//! activity batch; an import merged; the network's summary — is tested natively. The wasm
//! bindings (`web::worker`) only convert values.
//!
//! Every call that changes the store answers with what it did and the parts to persist
//! ([`Written`]): the worker writes them before answering its sender, and remembers nothing
//! else. Times cross the boundary in milliseconds; seconds are the store's own unit.

use serde::Serialize;

use crate::capture::{record_batch, Applied, Batch, UserFrom};
use crate::capture_page::batch_from_scan;
use crate::chart::weekly_svg;
use crate::feed::{decide, Decisions, HealthStatus, Overlay};
use crate::insight::{replies_owed_count, summary, Summary};
use crate::msg::{Failure, Msg};
use crate::network::hint::reaction_hints;
use crate::network::person::{person_view, PersonView};
use crate::network::rows::{network_rows, Row};
use crate::page::PageScan;
use crate::relationship::relationship_overlays;
use crate::score::Thresholds;
use crate::sorting::sorted_by;
use crate::store::{
    parts_of_payload, stored_id, ImportOutcome, LoadError, MergeError, Note, Problem, Store,
};

/// What the worker reads from the settings (extension/settings.js merges the stored ones
/// with their defaults); a threshold left out keeps its default.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Settings {
    /// Whether the text of the user's own comments and messages is kept.
    pub store_text: bool,
    pub thresholds: Thresholds,
}

crate::json::from_json_object!(Settings defaults {
    store_text,
    thresholds
});

/// Unix milliseconds (the boundary's unit) → Unix seconds (the store's).
pub fn seconds(now_ms: f64) -> i64 {
    (now_ms / 1000.0).floor() as i64
}

/// A call's outcome and the parts to persist: `writes` `{key: json}` (distinct keys, in key
/// order) and `removals`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Written<T: Serialize> {
    #[serde(flatten)]
    pub outcome: T,
    #[serde(serialize_with = "as_object")]
    pub writes: Vec<(String, String)>,
    pub removals: Vec<String>,
}

/// `[(key, json)]` as the object `{key: json}`.
fn as_object<S: serde::Serializer>(
    writes: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(writes.iter().map(|(key, json)| (key, json)))
}

/// What an activity batch gave: what was recorded, and the posts (keys) whose reaction
/// deserves the reaction hint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityReply {
    #[serde(flatten)]
    pub applied: Applied,
    pub hints: Vec<String>,
}

/// A note set: whether anything changed, and the note as kept (tidied).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteSet {
    pub changed: bool,
    pub note: Note,
}

/// The outcome of a call that only persists (e.g. a migration found on load).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Nothing {}

/// What a scan gave: the page's own overlays and health (which need no store), the
/// overlays that need the store, and what was recorded of the user's exchanges.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanReply {
    /// `overlays` and `health` of the page itself; the health says `user_unknown` when
    /// neither the page nor the store knows who the user is.
    #[serde(flatten)]
    pub page: Decisions,
    /// A profile's relationship, the active relationships of the user's connections: from
    /// the store as recorded, so dropped by the worker when storage refuses the write.
    pub relationship: Vec<Overlay>,
    pub recorded: Applied,
}

/// The popup's view of the network: the summary, and its weekly chart as an SVG (shown as an
/// image, the popup's alt text its name).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    #[serde(flatten)]
    pub summary: Summary,
    pub chart: String,
}

/// The page's own overlays and health: what a scan gets even when there is no store.
pub fn page_decisions(scan: &PageScan) -> Decisions {
    decide(scan)
}

/// The store the worker holds, with what loading it found unreadable.
#[derive(Debug, Clone, Default)]
pub struct Core {
    store: Store,
    problems: Vec<Problem>,
    /// The id hashes the last write-producing call added (see [`Core::last_added`]).
    last_added: Vec<u64>,
}

impl Core {
    /// An empty store (first run, or after wiping).
    pub fn new() -> Core {
        Core::default()
    }

    /// The store from its persisted parts (as `chrome.storage.local.get(null)` gives them;
    /// keys not the store's are ignored). Unreadable parts are held (see [`Core::problems`]).
    pub fn load(parts: &[(String, String)]) -> Result<Core, LoadError> {
        let (store, problems) = Store::from_parts(parts)?;
        Ok(Core {
            store,
            problems,
            last_added: Vec::new(),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The parts that could not be read when loading.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The worker has moved these problem keys aside: they may be written again.
    pub fn released(&mut self, keys: &[String]) {
        for key in keys {
            self.store.release(key);
        }
    }

    /// The ids (as chunks store them) of the interactions the last write-producing call
    /// added: what storage lost when it refused that call's writes.
    pub fn last_added(&self) -> Vec<String> {
        self.last_added.iter().copied().map(stored_id).collect()
    }

    fn written<T: Serialize>(&mut self, outcome: T) -> Written<T> {
        let changes = self.store.take_changes();
        self.last_added = changes.added;
        Written {
            outcome,
            // The store names each part once: sorted, not collected into a map, whose code
            // would be compiled in for this alone.
            writes: sorted_by(changes.writes, |a, b| a.0.cmp(&b.0)),
            removals: changes.removals,
        }
    }

    /// What is pending (after a migration): `{writes, removals}`.
    pub fn take_changes(&mut self) -> Written<Nothing> {
        self.written(Nothing {})
    }

    /// content → worker `scan`: decide the page's overlays, record what it showed of the
    /// user's exchanges, then add the overlays that need the store.
    pub fn handle_scan(
        &mut self,
        scan: &PageScan,
        now_ms: f64,
        settings: &Settings,
    ) -> Written<ScanReply> {
        let mut page = decide(scan);
        let recorded = record_batch(
            &mut self.store,
            batch_from_scan(scan, now_ms),
            settings.store_text,
        );
        // Neither the page nor the store knows who the user is: the user's own messages
        // cannot be told from others' and wait — the health says so rather than "ok".
        if recorded.user == UserFrom::Unknown {
            page.health.user_unknown = true;
            if page.health.status == HealthStatus::Ok {
                page.health.status = HealthStatus::Partly;
            }
        }
        let relationship =
            relationship_overlays(scan, &self.store, seconds(now_ms), &settings.thresholds);
        self.written(ScanReply {
            page,
            relationship,
            recorded,
        })
    }

    /// content → worker `activity`: the user's own clicks and submits, and the posts whose
    /// reaction deserves the reaction hint — decided on the store as it was before the batch
    /// (`network::hint`); the worker filters them by the options' switch and once per post.
    pub fn handle_activity(
        &mut self,
        batch: Batch,
        now_ms: f64,
        settings: &Settings,
    ) -> Written<ActivityReply> {
        let hints = reaction_hints(&self.store, &batch, seconds(now_ms), &settings.thresholds);
        let applied = record_batch(&mut self.store, batch, settings.store_text);
        self.written(ActivityReply { applied, hints })
    }

    /// page → worker `network`: a row per person (`network::rows`), strongest first.
    pub fn network_rows(&self, now_ms: f64, settings: &Settings) -> Vec<Row> {
        network_rows(&self.store, seconds(now_ms), &settings.thresholds)
    }

    /// page → worker `person`: one person's view (`network::person`), if they are known.
    pub fn person_view(&self, key: &str, now_ms: f64, settings: &Settings) -> Option<PersonView> {
        person_view(&self.store, key, seconds(now_ms), &settings.thresholds)
    }

    /// page → worker `note`: sets (or, both empty, removes) a person's note and tags.
    pub fn set_note(&mut self, key: &str, note: &str, tags: &[String]) -> Written<NoteSet> {
        let changed = self.store.set_note(key, note, tags);
        let note = self.store.note(key).cloned().unwrap_or_default();
        self.written(NoteSet { changed, note })
    }

    /// The toolbar badge's number: everyone owed a reply.
    pub fn replies_owed(&self, now_ms: f64) -> usize {
        replies_owed_count(&self.store, seconds(now_ms))
    }

    /// page → worker `summary`: the network's health (src/insight.rs) and its weekly chart.
    pub fn summary(&self, now_ms: f64, settings: &Settings) -> Overview {
        let summary = summary(&self.store, seconds(now_ms), &settings.thresholds);
        let chart = weekly_svg(&summary.weekly, "", "");
        Overview { summary, chart }
    }

    /// page → worker `merge`: an import the extension pages made (`pages::Prepared::payload`:
    /// the store's own parts, one `key\tjson` per line, as UTF-8), merged by id; dates after
    /// `now_ms` become `now_ms`.
    pub fn merge(
        &mut self,
        payload: &[u8],
        now_ms: f64,
    ) -> Result<Written<ImportOutcome>, Failure> {
        let refused = |detail: String| {
            Failure::new(
                Msg::text("importErrorPayload", &[&detail]),
                format!("unreadable import: {detail}"),
            )
        };
        let payload = std::str::from_utf8(payload).map_err(|_| refused("not UTF-8".to_string()))?;
        let parts = parts_of_payload(payload).map_err(refused)?;
        let outcome =
            self.store
                .merge_parts(&parts, seconds(now_ms))
                .map_err(|error| match error {
                    MergeError::Newer(e) => {
                        Failure::new(Msg::text("storeErrorNewer", &[]), e.to_string())
                    }
                    MergeError::Unreadable(problem) => {
                        refused(format!("{}: {}", problem.key, problem.reason))
                    }
                })?;
        Ok(self.written(outcome))
    }

    /// Every part, as storage holds them once the pending changes are written.
    pub fn parts(&self) -> Vec<(String, String)> {
        self.store.to_parts()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Counterpart, Direction, Interaction, Kind, Source};

    const NOW_MS: f64 = 1_800_000_000_000.0;

    fn payload_of(store: &Store) -> String {
        store.to_payload()
    }

    fn message(id: &str, who: &str, at: i64) -> Interaction {
        Interaction {
            id: id.to_string(),
            counterpart: who.to_string(),
            kind: Kind::Message,
            direction: Direction::Received,
            at,
            depth: None,
            source: Source::Archive,
            text: None,
        }
    }

    #[test]
    fn a_scan_gives_overlays_health_and_nothing_to_write_when_it_shows_no_exchange() {
        let scan: PageScan = crate::json::from_str(&serde_json::json!({
            "path": "/feed/", "lang": "en", "page_kind": "feed",
            "entities": [{"entity": "post", "key": "urn:li:activity:7",
                          "fields": {"reactions": "1,200", "comments": "3 comments"}, "children": []}],
            "health": {"fields": {"post.key": {"seen": 1, "found": 1, "strategy": 0, "required": true}}}
        })
        .to_string())
        .unwrap();
        let mut core = Core::new();
        let reply = core.handle_scan(&scan, NOW_MS, &Settings::default());
        assert_eq!(reply.outcome.page.overlays.len(), 2);
        assert!(reply.outcome.page.health.user_unknown);
        assert_eq!(reply.outcome.page.health.status, HealthStatus::Partly);
        assert!(reply.writes.is_empty() && reply.removals.is_empty());
        assert_eq!(reply.outcome.page.overlays, decide(&scan).overlays);
    }

    #[test]
    fn a_backup_merged_brings_its_notes_and_a_note_set_is_persisted() {
        let mut imported = Store::new();
        imported.record(
            vec![message("a", "in:ana", 1_700_000_000)],
            vec![Counterpart {
                key: "in:ana".into(),
                name: "Ana".into(),
                connection: true,
                connected_at: None,
            }],
        );
        imported.set_note("in:ana", "Met at RustConf", &["rust".to_string()]);
        let mut core = Core::new();
        core.merge(payload_of(&imported).as_bytes(), NOW_MS)
            .unwrap();
        let kept = core.store().note("in:ana").cloned().unwrap_or_default();
        assert_eq!(
            (kept.note.as_str(), kept.tags.as_slice()),
            ("Met at RustConf", &["rust".to_string()][..])
        );
        let set = core.set_note("in:ana", "Asked about jobs", &[]);
        assert!(set.outcome.changed);
        assert!(
            set.writes
                .iter()
                .any(|(key, _)| key.starts_with("vinculo:v1:n:")),
            "{:?}",
            set.writes
        );
        let view = core
            .person_view("in:ana", NOW_MS, &Settings::default())
            .unwrap();
        assert_eq!(view.note.note, "Asked about jobs");
        assert_eq!(core.network_rows(NOW_MS, &Settings::default()).len(), 1);
    }

    #[test]
    fn an_import_payload_merges_once_and_clamps_the_future() {
        let mut imported = Store::new();
        imported.record(
            vec![
                message("a", "in:ana", 1_700_000_000),
                message("b", "in:ana", 1_900_000_000),
            ],
            vec![Counterpart {
                key: "in:ana".into(),
                name: "Ana".into(),
                connection: true,
                connected_at: Some(1_600_000_000),
            }],
        );
        let payload = payload_of(&imported);
        let mut core = Core::new();
        let first = core.merge(payload.as_bytes(), NOW_MS).unwrap();
        assert_eq!(
            (first.outcome.recorded.added, first.outcome.clamped),
            (2, 1)
        );
        let keys: Vec<&String> = first.writes.iter().map(|(key, _)| key).collect();
        let mut in_key_order = keys.clone();
        in_key_order.sort();
        assert_eq!(keys, in_key_order, "the parts in key order");
        let json = serde_json::to_value(&first).unwrap();
        assert_eq!(
            json["writes"].as_object().map(|o| o.len()),
            Some(keys.len())
        );
        assert!(!first.writes.is_empty());
        assert_eq!(core.last_added().len(), 2);
        let again = core.merge(payload.as_bytes(), NOW_MS).unwrap();
        assert_eq!(
            (
                again.outcome.recorded.added,
                again.outcome.recorded.duplicates
            ),
            (0, 2)
        );
        assert!(again.writes.is_empty());
        let overview = core.summary(NOW_MS, &Settings::default());
        assert_eq!(
            (overview.summary.interactions, overview.summary.connections),
            (2, 1)
        );
        assert_eq!(overview.chart.matches("class=\"bar\"").count(), 12);
        assert_eq!(
            core.merge(b"not a part", NOW_MS).unwrap_err().msg.key,
            "importErrorPayload"
        );
        let not_utf8 = [payload.as_bytes(), b"\xff"].concat();
        assert_eq!(
            core.merge(&not_utf8, NOW_MS).unwrap_err().msg.key,
            "importErrorPayload"
        );
    }

    #[test]
    fn settings_keep_the_defaults_they_do_not_name() {
        let settings: Settings =
            crate::json::from_str(r#"{"thresholds":{"active_strength":3}}"#).unwrap();
        assert!(!settings.store_text);
        assert_eq!(settings.thresholds.active_strength, 3.0);
        let written = Settings {
            store_text: true,
            thresholds: Thresholds {
                half_life_days: 30.5,
                ..Thresholds::default()
            },
        };
        let json = serde_json::to_string(&written).unwrap();
        assert_eq!(crate::json::from_str::<Settings>(&json).unwrap(), written);
        assert!(crate::json::from_str::<Settings>(r#"{"store_text":null}"#).is_err());
        assert_eq!(
            settings.thresholds.half_life_days,
            Thresholds::default().half_life_days
        );
    }
}
