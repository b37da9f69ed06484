//! The store: every interaction and counterpart the user has, in memory (this file: the
//! model), and its persisted form for `chrome.storage.local` (`format`: the parts, loading,
//! migration, the import payload; `hash`: how ids and people buckets are hashed; `aliases`:
//! other keys of a person).
//!
//! Only the service worker writes storage (one writer, so tabs recording at once lose
//! nothing). It loads every key, hands them to [`Store::from_parts`], records batches, asks
//! [`Store::take_changes`] for the keys to write (and remove), writes them, then acknowledges
//! the tab.
//!
//! ```text
//! vinculo:v1:meta      {"schema":1,"me":{"key":"in:ana","name":"Ana"}}
//! vinculo:v1:p:<b>    [["in:bob","Bob",1,1700000000],…]   key, name, connection, connected_at
//! vinculo:v1:i:<n>     {"p":["in:bob",…],"i":[["3w5e11264sgsf",0,1700000000,66,12],…]}
//! vinculo:v1:a:<b>     {"in:ACoAAB…":"in:bob",…}      other keys of a person (`aliases`)
//! vinculo:v1:n:<b>     {"in:bob":{"note":"…","tags":[…]}}  the user's notes (`notes`)
//! vinculo:v1:n:<b>     {"in:bob":{"note":"…","tags":[…]}}  the user's notes (`notes`)
//! ```
//! People are spread over [`PEOPLE_BUCKETS`] keys by a hash of their key, so meeting someone new
//! rewrites a thirty-second of the people, not all 20,000 of a large network.
//! Interactions are chunked over `vinculo:v1:i:<n>` keys of at most [`CHUNK_SIZE`], so a new
//! interaction rewrites one chunk, not the whole store. In a chunk each interaction is
//! `[id, person, at, code, words]` (+ `text` when the user opted into storing it): `id` is a
//! 64-bit FNV-1a hash of the interaction id in base 36 (ids such as
//! `urn:li:comment:(activity:…,…)` are long), `person` indexes the chunk's own `p` list, and
//! `code` packs kind, direction, source and depth flags (see [`Code`]). About 35 bytes each.

use crate::model::{Counterpart, Depth, Direction, Interaction, Kind, Source};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

pub use format::{
    is_store_key, parts_of_payload, MergeError, CHUNK_SIZE, MAX_CHUNKS, PEOPLE_BUCKETS,
    SCHEMA_VERSION,
};
#[cfg(test)]
use format::{people_key, CHUNK_PREFIX, META_KEY, V0_KEY};
use hash::{base36, people_bucket, HASHED_ID_PREFIX};
pub use hash::{id_hash, stored_id};
use part_numbers::PartNumbers;
use std::collections::{btree_map, BTreeMap};
use std::fmt;

mod aliases;
mod buckets;
mod format;
mod hash;
mod notes;
mod part_numbers;
/// The benchmarks' data generator: native only, never in the shipped wasm.
#[cfg(not(target_arch = "wasm32"))]
mod synthetic;
#[cfg(not(target_arch = "wasm32"))]
pub use synthetic::synthetic;

pub use notes::{Note, NoteRecord, NOTE_MAX_CHARS};

/// The store's own maps hash with FxHash (`rustc-hash`): the keys are profile keys and id
/// hashes, not attacker-chosen flooding material, and the default SipHash dominated the time
/// of loading and scoring a large store.
type FastMap<K, V> = FxHashMap<K, V>;

/// The logged-in user, so nothing is attributed to them as a counterpart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub key: String,
    pub name: String,
}

crate::json::from_json_object!(Me { key, name });

/// What [`Store::record`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordOutcome {
    pub added: usize,
    pub duplicates: usize,
}

/// What [`Store::record_import`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    #[serde(flatten)]
    pub recorded: RecordOutcome,
    /// Dates after the import's "now" that were moved to it.
    pub clamped: usize,
}

/// A stored part that could not be read. The worker moves it aside
/// (`vinculo:quarantine:<key>`) before writing anything; it is never overwritten in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub key: String,
    /// For the log, not for the user.
    pub reason: String,
}

/// Why a store could not be loaded at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// Written by a newer build: refused rather than misread or overwritten.
    NewerSchema { found: u32, supported: u32 },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NewerSchema { found, supported } => write!(
                f,
                "the stored data uses schema version {found}, newer than this version of \
                 Vínculo supports ({supported}); update the extension"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// The keys the worker must write and remove to persist what changed, and the interactions
/// (id hashes) those writes add: if storage refuses them, the worker can say which were lost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    pub writes: Vec<(String, String)>,
    pub removals: Vec<String>,
    pub added: Vec<u64>,
}

/// Kind, direction, source and depth flags of an interaction in one small number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code(pub u8);

impl Code {
    const KIND_MASK: u8 = 0b0000_0111;
    const RECEIVED: u8 = 1 << 3;
    const ARCHIVE: u8 = 1 << 4;
    const HAS_DEPTH: u8 = 1 << 5;
    const QUESTION: u8 = 1 << 6;
    const LOW_EFFORT: u8 = 1 << 7;

    fn new(kind: Kind, direction: Direction, source: Source, depth: Option<Depth>) -> Code {
        let mut code = kind_index(kind) as u8;
        if direction == Direction::Received {
            code |= Self::RECEIVED;
        }
        if source == Source::Archive {
            code |= Self::ARCHIVE;
        }
        if let Some(depth) = depth {
            code |= Self::HAS_DEPTH;
            if depth.question {
                code |= Self::QUESTION;
            }
            if depth.low_effort {
                code |= Self::LOW_EFFORT;
            }
        }
        Code(code)
    }

    pub fn kind(self) -> Kind {
        Kind::ALL[(self.0 & Self::KIND_MASK) as usize]
    }
    pub fn direction(self) -> Direction {
        if self.0 & Self::RECEIVED != 0 {
            Direction::Received
        } else {
            Direction::Given
        }
    }
    pub fn source(self) -> Source {
        if self.0 & Self::ARCHIVE != 0 {
            Source::Archive
        } else {
            Source::Page
        }
    }
    pub fn has_depth(self) -> bool {
        self.0 & Self::HAS_DEPTH != 0
    }
    pub fn low_effort(self) -> bool {
        self.0 & Self::LOW_EFFORT != 0
    }
    fn question(self) -> bool {
        self.0 & Self::QUESTION != 0
    }
}

/// Position of a kind in [`Kind::ALL`] (also its bit in multiplexity masks).
pub fn kind_index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// One interaction as held in memory: compact, with the counterpart as an index into the
/// store's people table, so scoring a million of them touches no strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compact {
    pub id: u64,
    /// Index into [`Store::person_key`].
    pub person: u32,
    pub at: i64,
    pub code: Code,
    pub words: u32,
    pub text: Option<Box<str>>,
}

impl Compact {
    pub fn depth(&self) -> Option<Depth> {
        self.code.has_depth().then_some(Depth {
            words: self.words,
            question: self.code.question(),
            low_effort: self.code.low_effort(),
        })
    }
}

/// The keys that could not be read when loading (almost always none): a list searched by key,
/// where a set would compile a second sorted-set type into the worker's wasm for a handful of
/// keys.
#[derive(Debug, Clone, Default)]
struct HeldKeys(Vec<String>);

impl HeldKeys {
    fn contains(&self, key: &str) -> bool {
        self.0.iter().any(|held| held == key)
    }

    /// Lets `key` go: whether it was held.
    fn remove(&mut self, key: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|held| held != key);
        self.0.len() < before
    }
}

impl FromIterator<String> for HeldKeys {
    fn from_iter<I: IntoIterator<Item = String>>(keys: I) -> HeldKeys {
        HeldKeys(keys.into_iter().collect())
    }
}

/// Every interaction and counterpart, and which persisted parts changed since the last
/// [`Store::take_changes`].
#[derive(Debug, Clone, Default)]
pub struct Store {
    me: Option<Me>,
    counterparts: BTreeMap<String, Counterpart>,
    /// Every counterpart key an interaction names, by index (the `person` of [`Compact`]).
    persons: Vec<String>,
    person_index: FastMap<String, u32>,
    /// Interactions in chunks of at most [`CHUNK_SIZE`]; chunk `n` persists as `i:<n>`.
    chunks: Vec<Vec<Compact>>,
    /// Interaction id hash → its chunk, for deduplication and undo.
    id_chunk: FastMap<u64, u32>,
    dirty_meta: bool,
    dirty_people: PartNumbers,
    dirty_chunks: PartNumbers,
    /// Id hashes of the interactions added since the last [`Store::take_changes`].
    added: Vec<u64>,
    obsolete_keys: Vec<String>,
    /// Keys that could not be read: never written until [`Store::release`] says the worker
    /// has moved them aside, so unreadable data is not overwritten.
    held: HeldKeys,
    /// Other keys of stored people and of the user (see `identity`).
    aliases: aliases::Aliases,
    /// The user's notes and tags per person (`notes`).
    notes: notes::Notes,
}

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    pub fn me(&self) -> Option<&Me> {
        self.me.as_ref()
    }

    /// Sets the logged-in user (seen on any page). Changes the meta part only when different.
    pub fn set_me(&mut self, me: Me) {
        if self.me.as_ref() != Some(&me) {
            self.me = Some(me);
            self.dirty_meta = true;
        }
    }

    pub fn counterparts(&self) -> impl Iterator<Item = &Counterpart> {
        self.counterparts.values()
    }

    pub fn counterpart(&self, key: &str) -> Option<&Counterpart> {
        self.counterparts.get(key)
    }

    /// How many interactions are stored.
    pub fn len(&self) -> usize {
        self.id_chunk.len()
    }

    pub fn is_empty(&self) -> bool {
        self.id_chunk.is_empty()
    }

    /// The counterpart keys interactions name, indexed by [`Compact::person`].
    pub fn person_keys(&self) -> &[String] {
        &self.persons
    }

    pub fn person_key(&self, person: u32) -> &str {
        &self.persons[person as usize]
    }

    pub fn person_of(&self, key: &str) -> Option<u32> {
        self.person_index.get(key).copied()
    }

    /// The interactions in their compact form, in storage order.
    pub fn compact(&self) -> impl Iterator<Item = &Compact> {
        self.chunks.iter().flatten()
    }

    /// The interactions in the model's form; ids come back as `#<base36 hash>`, which
    /// [`Store::record`] recognises, so export → import keeps them.
    pub fn interactions(&self) -> impl Iterator<Item = Interaction> + '_ {
        self.compact().map(|c| Interaction {
            id: format!("{HASHED_ID_PREFIX}{}", base36(c.id)),
            counterpart: self.persons[c.person as usize].clone(),
            kind: c.code.kind(),
            direction: c.code.direction(),
            at: c.at,
            depth: c.depth(),
            source: c.code.source(),
            text: c.text.as_deref().map(str::to_string),
        })
    }

    /// Adds the interactions not already stored (by id) and merges the counterparts.
    pub fn record(
        &mut self,
        interactions: Vec<Interaction>,
        counterparts: Vec<Counterpart>,
    ) -> RecordOutcome {
        if counterparts
            .windows(2)
            .all(|pair| pair[0].key < pair[1].key)
        {
            // Each named once, in key order (as an archive's come): nothing to collapse.
            for counterpart in counterparts.into_iter().filter(|c| !c.key.is_empty()) {
                self.merge_counterpart(counterpart);
            }
        } else {
            // Collapsed per key first, so a batch naming someone twice leaves the store as
            // recording it once does (and recording it again changes nothing).
            let mut incoming: BTreeMap<String, Counterpart> = BTreeMap::new();
            for counterpart in counterparts.into_iter().filter(|c| !c.key.is_empty()) {
                let collapsed = match incoming.remove(&counterpart.key) {
                    Some(earlier) => merged(&earlier, counterpart),
                    None => counterpart,
                };
                incoming.insert(collapsed.key.clone(), collapsed);
            }
            for counterpart in incoming.into_values() {
                self.merge_counterpart(counterpart);
            }
        }
        let mut outcome = RecordOutcome::default();
        for interaction in interactions {
            if self.insert(interaction) {
                outcome.added += 1;
            } else {
                outcome.duplicates += 1;
            }
        }
        outcome
    }

    /// Records an import (a backup, the site's archive) made at `now`: a date after `now`
    /// (a clock set wrong where it was captured, or a crafted file) is moved to `now` rather
    /// than refused — the rest of the file is the user's own history — and counted, since it
    /// would otherwise stay undecayed, at full strength, for as long as it lies ahead.
    pub fn record_import(
        &mut self,
        mut interactions: Vec<Interaction>,
        mut counterparts: Vec<Counterpart>,
        now: i64,
    ) -> ImportOutcome {
        let mut clamped = 0;
        let dates = interactions.iter_mut().map(|i| &mut i.at).chain(
            counterparts
                .iter_mut()
                .filter_map(|c| c.connected_at.as_mut()),
        );
        for at in dates.filter(|at| **at > now) {
            *at = now;
            clamped += 1;
        }
        ImportOutcome {
            recorded: self.record(interactions, counterparts),
            clamped,
        }
    }

    /// Removes interactions by id (a reaction taken back). Returns how many were removed.
    pub fn undo(&mut self, ids: &[String]) -> usize {
        let mut removed = 0;
        for id in ids {
            let hash = id_hash(id);
            if let Some(chunk) = self.id_chunk.remove(&hash) {
                self.chunks[chunk as usize].retain(|c| c.id != hash);
                self.dirty_chunks.insert(chunk);
                removed += 1;
            }
        }
        removed
    }

    fn merge_counterpart(&mut self, incoming: Counterpart) {
        // One search of the map whether the person is new or known.
        match self.counterparts.entry(incoming.key.clone()) {
            btree_map::Entry::Vacant(slot) => {
                self.dirty_people.insert(people_bucket(&incoming.key));
                slot.insert(incoming);
            }
            btree_map::Entry::Occupied(mut slot) => {
                let known = slot.get_mut();
                let merged = merged(known, incoming);
                if merged != *known {
                    self.dirty_people.insert(people_bucket(&merged.key));
                    *known = merged;
                }
            }
        }
    }

    fn person(&mut self, key: &str) -> u32 {
        if let Some(&index) = self.person_index.get(key) {
            return index;
        }
        let index = self.persons.len() as u32;
        self.persons.push(key.to_string());
        self.person_index.insert(key.to_string(), index);
        index
    }

    fn insert(&mut self, interaction: Interaction) -> bool {
        let id = id_hash(&interaction.id);
        if self.id_chunk.contains_key(&id) {
            return false;
        }
        let person = self.person(&interaction.counterpart);
        let compact = Compact {
            id,
            person,
            at: interaction.at,
            code: Code::new(
                interaction.kind,
                interaction.direction,
                interaction.source,
                interaction.depth,
            ),
            words: interaction.depth.map_or(0, |d| d.words),
            text: interaction.text.map(String::into_boxed_str),
        };
        self.push_compact(compact);
        true
    }

    /// Appends an interaction not yet stored to the last chunk with room.
    fn push_compact(&mut self, compact: Compact) {
        let id = compact.id;
        let chunk = match self.chunks.last() {
            Some(last) if last.len() < CHUNK_SIZE => self.chunks.len() - 1,
            _ => {
                self.chunks.push(Vec::new());
                self.chunks.len() - 1
            }
        };
        self.chunks[chunk].push(compact);
        self.id_chunk.insert(id, chunk as u32);
        self.dirty_chunks.insert(chunk as u32);
        self.added.push(id);
    }
}

/// What is known of a person after learning `incoming`: the latest non-empty name; once a
/// connection, always (a page that does not say so does not undo it); the earliest date.
fn merged(known: &Counterpart, incoming: Counterpart) -> Counterpart {
    Counterpart {
        name: if incoming.name.is_empty() {
            known.name.clone()
        } else {
            incoming.name
        },
        connection: known.connection || incoming.connection,
        connected_at: match (known.connected_at, incoming.connected_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
        key: incoming.key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interaction(id: &str, who: &str, kind: Kind, direction: Direction, at: i64) -> Interaction {
        Interaction {
            id: id.to_string(),
            counterpart: who.to_string(),
            kind,
            direction,
            at,
            depth: Some(Depth {
                words: 12,
                question: true,
                low_effort: false,
            }),
            source: Source::Page,
            text: None,
        }
    }

    #[test]
    fn stored_ids_keep_their_hash() {
        // Part of the persisted form: every stored interaction and every people bucket was
        // placed by these values, so they may never change (64-bit FNV-1a, as its reference
        // computes it).
        assert_eq!(id_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(id_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            base36(id_hash("urn:li:comment:(activity:7234567890123456789,1)")),
            "12ycoy422wr65"
        );
        assert_eq!(people_bucket("in:ana-silva"), 2);
        assert_eq!(
            id_hash("#3w5e11264sgsf"),
            u64::from_str_radix("3w5e11264sgsf", 36).unwrap()
        );
    }

    #[test]
    fn an_import_dated_in_the_future_is_dated_now() {
        const NOW: i64 = 1_800_000_000;
        let mut store = Store::new();
        let far = interaction(
            "far",
            "in:ana",
            Kind::Message,
            Direction::Received,
            i64::MAX,
        );
        let soon = interaction(
            "soon",
            "in:ana",
            Kind::Message,
            Direction::Received,
            NOW + 1,
        );
        let past = interaction(
            "past",
            "in:ana",
            Kind::Message,
            Direction::Received,
            NOW - 10,
        );
        let ana = Counterpart {
            key: "in:ana".into(),
            name: "Ana".into(),
            connection: true,
            connected_at: Some(NOW + 86_400 * 365 * 1000),
        };
        let outcome = store.record_import(vec![far, soon, past], vec![ana], NOW);
        assert_eq!(outcome.clamped, 3, "two interactions and a connection date");
        assert_eq!(outcome.recorded.added, 3);
        let mut dates: Vec<i64> = store.compact().map(|c| c.at).collect();
        dates.sort();
        assert_eq!(dates, [NOW - 10, NOW, NOW]);
        assert_eq!(store.counterpart("in:ana").unwrap().connected_at, Some(NOW));
    }

    #[test]
    fn recording_twice_adds_nothing() {
        let mut store = Store::new();
        let batch = vec![
            interaction("a", "in:ana", Kind::Comment, Direction::Given, 10),
            interaction("b", "in:bob", Kind::Message, Direction::Received, 20),
        ];
        let first = store.record(batch.clone(), vec![]);
        assert_eq!(
            first,
            RecordOutcome {
                added: 2,
                duplicates: 0
            }
        );
        let before = store.to_parts();
        let second = store.record(batch, vec![]);
        assert_eq!(
            second,
            RecordOutcome {
                added: 0,
                duplicates: 2
            }
        );
        assert_eq!(store.to_parts(), before);
    }

    #[test]
    fn interactions_come_back_with_their_fields() {
        let mut store = Store::new();
        let mut original = interaction("x", "in:ana", Kind::Reply, Direction::Received, 99);
        original.text = Some("Obrigado, \"ótimo\"".to_string());
        original.source = Source::Archive;
        store.record(vec![original.clone()], vec![]);
        let (loaded, problems) = Store::from_parts(&store.to_parts()).unwrap();
        assert!(problems.is_empty());
        let back: Vec<Interaction> = loaded.interactions().collect();
        assert_eq!(back.len(), 1);
        let expected = Interaction {
            id: back[0].id.clone(),
            ..original
        };
        assert_eq!(back[0], expected);
        // The hashed id is recognised: recording the exported form again adds nothing.
        let mut again = loaded.clone();
        assert_eq!(again.record(back, vec![]).duplicates, 1);
    }

    #[test]
    fn undo_removes_the_matching_interaction_and_dirties_its_chunk() {
        let mut store = Store::new();
        store.record(
            vec![interaction(
                "react:1",
                "in:ana",
                Kind::Reaction,
                Direction::Given,
                5,
            )],
            vec![],
        );
        store.take_changes();
        assert_eq!(store.undo(&["react:1".to_string()]), 1);
        assert!(store.is_empty());
        let changes = store.take_changes();
        assert_eq!(changes.writes.len(), 1);
        assert_eq!(changes.writes[0].0, "vinculo:v1:i:0");
        assert_eq!(store.undo(&["react:1".to_string()]), 0);
    }

    #[test]
    fn a_new_interaction_rewrites_one_chunk() {
        let mut store = Store::new();
        let many: Vec<Interaction> = (0..CHUNK_SIZE * 2 + 5)
            .map(|i| {
                interaction(
                    &format!("id{i}"),
                    "in:ana",
                    Kind::Comment,
                    Direction::Given,
                    1,
                )
            })
            .collect();
        store.record(many, vec![]);
        assert_eq!(store.to_parts().len(), 1 + 3, "meta and three chunks");
        store.take_changes();
        store.record(
            vec![interaction(
                "new",
                "in:bob",
                Kind::Message,
                Direction::Given,
                2,
            )],
            vec![],
        );
        let writes = store.take_changes().writes;
        let keys: Vec<&str> = writes.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, vec!["vinculo:v1:i:2"]);
    }

    #[test]
    fn meeting_someone_new_rewrites_one_people_bucket() {
        let mut store = Store::new();
        let person = |i: usize| Counterpart {
            key: format!("in:p{i}"),
            name: format!("P {i}"),
            connection: true,
            connected_at: None,
        };
        store.record(vec![], (0..1_000).map(person).collect());
        assert_eq!(store.take_changes().writes.len(), PEOPLE_BUCKETS as usize);
        store.record(vec![], vec![person(1_000)]);
        let writes = store.take_changes().writes;
        assert_eq!(writes.len(), 1);
        assert_eq!(writes[0].0, people_key(people_bucket("in:p1000")));
        assert!(writes[0].1.contains("in:p1000"));
    }

    #[test]
    fn counterparts_merge_without_losing_what_is_known() {
        let mut store = Store::new();
        let ana = |name: &str, connection, connected_at| Counterpart {
            key: "in:ana".to_string(),
            name: name.to_string(),
            connection,
            connected_at,
        };
        store.record(vec![], vec![ana("Ana", true, Some(100))]);
        store.take_changes();
        store.record(vec![], vec![ana("", false, None)]);
        assert!(store.take_changes().writes.is_empty(), "nothing new");
        store.record(vec![], vec![ana("Ana Silva", false, Some(50))]);
        assert_eq!(store.take_changes().writes.len(), 1);
        assert_eq!(
            store.counterpart("in:ana"),
            Some(&ana("Ana Silva", true, Some(50)))
        );
    }

    #[test]
    fn v0_store_migrates_and_its_key_is_removed() {
        let v0 = r#"{"me":{"key":"in:me","name":"Me"},
            "counterparts":[{"key":"in:ana","name":"Ana","connection":true}],
            "interactions":[{"id":"urn:li:comment:(activity:1,2)","counterpart":"in:ana",
              "kind":"comment","direction":"given","at":1700000000,"source":"page"}]}"#;
        let parts = vec![
            (V0_KEY.to_string(), v0.to_string()),
            ("vinculo:settings".to_string(), "{}".to_string()),
        ];
        let (mut store, problems) = Store::from_parts(&parts).unwrap();
        assert!(problems.is_empty());
        assert_eq!(store.me().map(|m| m.key.as_str()), Some("in:me"));
        assert_eq!(store.len(), 1);
        assert_eq!(
            store.counterpart("in:ana").map(|c| c.connection),
            Some(true)
        );
        let changes = store.take_changes();
        assert_eq!(changes.removals, vec![V0_KEY.to_string()]);
        let written: Vec<&str> = changes.writes.iter().map(|(k, _)| k.as_str()).collect();
        let ana = people_key(people_bucket("in:ana"));
        assert_eq!(written, vec![META_KEY, ana.as_str(), "vinculo:v1:i:0"]);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let by_key = vec![("vinculo:v2:meta".to_string(), r#"{"schema":2}"#.to_string())];
        assert_eq!(
            Store::from_parts(&by_key).unwrap_err(),
            LoadError::NewerSchema {
                found: 2,
                supported: 1
            }
        );
        let by_field = vec![(META_KEY.to_string(), r#"{"schema":7}"#.to_string())];
        let error = Store::from_parts(&by_field).unwrap_err();
        assert!(error.to_string().contains("schema version 7"));
    }

    #[test]
    fn a_corrupt_chunk_is_reported_and_the_rest_loads() {
        let mut store = Store::new();
        let many: Vec<Interaction> = (0..CHUNK_SIZE + 1)
            .map(|i| {
                interaction(
                    &format!("id{i}"),
                    "in:ana",
                    Kind::Comment,
                    Direction::Given,
                    1,
                )
            })
            .collect();
        store.record(many, vec![]);
        let mut parts = store.to_parts();
        let chunk_0 = parts
            .iter()
            .position(|(k, _)| k == "vinculo:v1:i:0")
            .unwrap();
        parts[chunk_0].1.truncate(40);
        let (loaded, problems) = Store::from_parts(&parts).unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key, "vinculo:v1:i:0");
        assert_eq!(loaded.len(), 1);
    }

    #[test]
    fn a_damaged_part_is_reported_by_place_never_by_what_it_holds() {
        let parts = vec![
            (
                format!("{}0", notes::NOTES_PREFIX),
                r#"{"in:ana":{"note":"Segredo da Ana","tags":"salário"}}"#.to_string(),
            ),
            (
                format!("{}0", format::PEOPLE_PREFIX),
                r#"[["in:bia","Bia Souza",1,"ontem"]]"#.to_string(),
            ),
        ];
        let (_, problems) = Store::from_parts(&parts).unwrap();
        assert_eq!(problems.len(), 2, "{problems:?}");
        for problem in problems {
            assert!(
                problem.reason.starts_with("Data error at line 1, column "),
                "{problem:?}"
            );
            for private in ["Segredo", "salário", "Bia", "ontem"] {
                assert!(!problem.reason.contains(private), "{problem:?}");
            }
        }
    }

    #[test]
    fn a_chunk_number_out_of_range_is_a_problem_not_an_abort() {
        let mut store = Store::new();
        store.record(
            vec![interaction(
                "a",
                "in:ana",
                Kind::Comment,
                Direction::Given,
                1,
            )],
            vec![],
        );
        let mut parts = store.to_parts();
        let chunk = parts[1].1.clone();
        for n in [u32::MAX, MAX_CHUNKS] {
            parts.push((format!("{CHUNK_PREFIX}{n}"), chunk.clone()));
        }
        let (loaded, problems) = Store::from_parts(&parts).unwrap();
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["vinculo:v1:i:4294967295", "vinculo:v1:i:65536"]);
        assert_eq!(loaded.len(), 1);
        assert!(loaded.chunks.len() <= 1);
    }

    #[test]
    fn the_changes_name_the_interactions_they_add() {
        let mut store = Store::new();
        let batch = vec![
            interaction("a", "in:ana", Kind::Comment, Direction::Given, 1),
            interaction("b", "in:bob", Kind::Comment, Direction::Given, 2),
        ];
        store.record(batch.clone(), vec![]);
        assert_eq!(store.take_changes().added, [id_hash("a"), id_hash("b")]);
        store.record(batch, vec![]);
        assert!(
            store.take_changes().added.is_empty(),
            "duplicates add nothing"
        );
        store.undo(&["a".to_string()]);
        assert!(store.take_changes().added.is_empty());
    }

    #[test]
    fn an_unreadable_part_is_not_overwritten_until_released() {
        let mut store = Store::new();
        store.record(
            vec![interaction(
                "a",
                "in:ana",
                Kind::Comment,
                Direction::Given,
                1,
            )],
            vec![],
        );
        let mut parts = store.to_parts();
        let chunk = parts
            .iter_mut()
            .find(|(k, _)| k == "vinculo:v1:i:0")
            .unwrap();
        chunk.1 = "{not json".to_string();
        let (mut loaded, problems) = Store::from_parts(&parts).unwrap();
        assert_eq!(problems[0].key, "vinculo:v1:i:0");
        loaded.record(
            vec![interaction(
                "b",
                "in:bob",
                Kind::Comment,
                Direction::Given,
                2,
            )],
            vec![],
        );
        let held_back = loaded.take_changes();
        assert!(held_back.writes.iter().all(|(k, _)| k != "vinculo:v1:i:0"));
        loaded.release("vinculo:v1:i:0");
        let writes = loaded.take_changes().writes;
        assert_eq!(writes.len(), 1);
        assert_eq!(writes[0].0, "vinculo:v1:i:0");
        assert!(writes[0].1.contains("in:bob"));
    }

    #[test]
    fn stored_bytes_per_interaction_stay_small() {
        let mut store = Store::new();
        let many: Vec<Interaction> = (0..10_000u64)
            .map(|i| {
                let id = format!(
                    "urn:li:comment:(activity:{},{})",
                    7_234_567_890_123_456_789u64 + i,
                    7_234_567_890_987_654_321u64 - i
                );
                let who = format!("in:person-number-{}", i % 500);
                interaction(
                    &id,
                    &who,
                    Kind::Comment,
                    Direction::Given,
                    1_700_000_000 + i as i64,
                )
            })
            .collect();
        store.record(many, vec![]);
        let bytes: usize = store
            .to_parts()
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum();
        let per = bytes as f64 / 10_000.0;
        assert!(per <= 80.0, "{per} bytes per interaction");
    }
}
