//! The store: every interaction and counterpart the user has, in memory, and its persisted form
//! for `chrome.storage.local`.
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
use fnv::FnvHasher;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::Hasher;

mod aliases;
mod notes;

pub use notes::{Note, NoteRecord, NOTE_MAX_CHARS};

/// The version of the persisted form this build writes. Older versions are migrated on load;
/// newer ones are refused (a downgrade must not destroy what a newer build wrote).
pub const SCHEMA_VERSION: u32 = 1;
/// At most this many interactions per chunk key: small enough that rewriting one chunk per
/// batch is cheap (≈ 70 KB), large enough that a big store needs few keys.
pub const CHUNK_SIZE: usize = 2_000;

const META_KEY: &str = "vinculo:v1:meta";
const PEOPLE_PREFIX: &str = "vinculo:v1:p:";
/// How many keys the people are spread over (part of schema 1: changing it is a migration).
pub const PEOPLE_BUCKETS: u32 = 32;
const CHUNK_PREFIX: &str = "vinculo:v1:i:";
/// Chunk numbers are below this (131 million interactions, a hundred times a heavy user's):
/// a stored number past it is damage, and loading it would reserve a slot per number below.
pub const MAX_CHUNKS: u32 = 1 << 16;
/// The single key of the version-0 store (before chunking): one JSON document.
const V0_KEY: &str = "vinculo:store";
/// Ids of this form are already hashed (as [`Store::interactions`] returns them), so that
/// exporting and re-importing keeps the same id.
const HASHED_ID_PREFIX: char = '#';

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
    dirty_people: BTreeSet<u32>,
    dirty_chunks: BTreeSet<u32>,
    /// Id hashes of the interactions added since the last [`Store::take_changes`].
    added: Vec<u64>,
    obsolete_keys: Vec<String>,
    /// Keys that could not be read: never written until [`Store::release`] says the worker
    /// has moved them aside, so unreadable data is not overwritten.
    held: BTreeSet<String>,
    /// Other keys of stored people and of the user (see `identity`).
    aliases: aliases::Aliases,
    /// The user's notes and tags per person (`notes`).
    notes: notes::Notes,
}

/// The id as stored: hashed with 64-bit FNV-1a, unless it is already a `#<base36>` hash.
pub fn id_hash(id: &str) -> u64 {
    if let Some(hashed) = id.strip_prefix(HASHED_ID_PREFIX) {
        if let Ok(value) = u64::from_str_radix(hashed, 36) {
            return value;
        }
    }
    // The bytes alone (`str`'s `Hash` would add a terminator): plain FNV-1a of the id.
    let mut hasher = FnvHasher::default();
    hasher.write(id.as_bytes());
    hasher.finish()
}

/// An id hash as chunks store it (base 36).
pub fn stored_id(hash: u64) -> String {
    base36(hash)
}

fn base36(mut value: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::with_capacity(13);
    loop {
        out.push(DIGITS[(value % 36) as usize]);
        value /= 36;
        if value == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn people_bucket(key: &str) -> u32 {
    (id_hash(key) % u64::from(PEOPLE_BUCKETS)) as u32
}

fn people_key(bucket: u32) -> String {
    format!("{PEOPLE_PREFIX}{bucket}")
}

fn chunk_key(n: u32) -> String {
    format!("{CHUNK_PREFIX}{n}")
}

#[derive(Serialize, Deserialize)]
struct MetaPart {
    schema: u32,
    #[serde(default)]
    me: Option<Me>,
}

/// `[key, name, connection (0/1), connected_at]`.
type PersonRow = (String, String, u8, Option<i64>);

/// `[id, person, at, code, words]`, with the text appended when there is one. Read by hand
/// rather than as an untagged enum, which buffers every row and made loading slow.
struct Row {
    id: String,
    person: u32,
    at: i64,
    code: u8,
    words: u32,
    text: Option<String>,
}

impl Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(5 + usize::from(self.text.is_some())))?;
        seq.serialize_element(&self.id)?;
        seq.serialize_element(&self.person)?;
        seq.serialize_element(&self.at)?;
        seq.serialize_element(&self.code)?;
        seq.serialize_element(&self.words)?;
        if let Some(text) = &self.text {
            seq.serialize_element(text)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Row {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Row, D::Error> {
        struct RowVisitor;
        impl<'de> serde::de::Visitor<'de> for RowVisitor {
            type Value = Row;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("[id, person, at, code, words(, text)]")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Row, A::Error> {
                use serde::de::Error;
                let missing = |i| A::Error::invalid_length(i, &self);
                let row = Row {
                    id: seq.next_element()?.ok_or_else(|| missing(0))?,
                    person: seq.next_element()?.ok_or_else(|| missing(1))?,
                    at: seq.next_element()?.ok_or_else(|| missing(2))?,
                    code: seq.next_element()?.ok_or_else(|| missing(3))?,
                    words: seq.next_element()?.ok_or_else(|| missing(4))?,
                    text: seq.next_element()?,
                };
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(7, &self));
                }
                Ok(row)
            }
        }
        deserializer.deserialize_seq(RowVisitor)
    }
}

#[derive(Serialize, Deserialize)]
struct ChunkPart {
    p: Vec<String>,
    i: Vec<Row>,
}

/// The version-0 store: one key holding everything, in the model's own shapes.
#[derive(Deserialize)]
struct V0Store {
    #[serde(default)]
    me: Option<Me>,
    #[serde(default)]
    counterparts: Vec<Counterpart>,
    #[serde(default)]
    interactions: Vec<Interaction>,
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
        match self.counterparts.get_mut(&incoming.key) {
            None => {
                self.dirty_people.insert(people_bucket(&incoming.key));
                self.counterparts.insert(incoming.key.clone(), incoming);
            }
            Some(known) => {
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
        true
    }

    /// Every part of the persisted form: meta, the people buckets in use, the chunks.
    pub fn to_parts(&self) -> Vec<(String, String)> {
        let mut parts = vec![(META_KEY.to_string(), self.meta_json())];
        let buckets: BTreeSet<u32> = self.counterparts.keys().map(|k| people_bucket(k)).collect();
        for b in buckets {
            parts.push((people_key(b), self.people_json(b)));
        }
        for n in 0..self.chunks.len() as u32 {
            parts.push((chunk_key(n), self.chunk_json(n)));
        }
        parts.extend(self.aliases.parts());
        parts.extend(self.notes.parts());
        parts
    }

    /// The parts changed since the last [`Store::take_changes`], without clearing them
    /// (held keys excepted).
    pub fn dirty_parts(&self) -> Vec<(String, String)> {
        let mut parts = Vec::new();
        if self.dirty_meta {
            parts.push((META_KEY.to_string(), self.meta_json()));
        }
        for &b in &self.dirty_people {
            parts.push((people_key(b), self.people_json(b)));
        }
        for &n in &self.dirty_chunks {
            parts.push((chunk_key(n), self.chunk_json(n)));
        }
        parts.extend(self.aliases.dirty_parts());
        parts.extend(self.notes.dirty_parts());
        parts.retain(|(key, _)| !self.held.contains(key));
        parts
    }

    /// What the worker must write and remove now; afterwards the store counts as saved,
    /// except for held keys, whose changes wait for [`Store::release`].
    pub fn take_changes(&mut self) -> Changes {
        let changes = Changes {
            writes: self.dirty_parts(),
            removals: std::mem::take(&mut self.obsolete_keys),
            added: std::mem::take(&mut self.added),
        };
        let held = &self.held;
        self.dirty_meta &= held.contains(META_KEY);
        self.dirty_people.retain(|&b| held.contains(&people_key(b)));
        self.dirty_chunks.retain(|&n| held.contains(&chunk_key(n)));
        self.aliases.saved(held);
        self.notes.saved(held);
        changes
    }

    /// The worker has moved an unreadable key aside (`vinculo:quarantine:<key>`): the store
    /// may write it again, and will, with what it now holds for it.
    pub fn release(&mut self, key: &str) {
        if !self.held.remove(key) {
            return;
        }
        if key == META_KEY {
            self.dirty_meta = true;
        } else if self.aliases.release(key) {
            // An alias part: `release` marked it to be written again.
        } else if self.notes.release(key) {
            // A notes part, likewise.
        } else if let Some(b) = key.strip_prefix(PEOPLE_PREFIX).and_then(|b| b.parse().ok()) {
            self.dirty_people.insert(b);
        } else if let Some(n) = key
            .strip_prefix(CHUNK_PREFIX)
            .and_then(|n| n.parse::<u32>().ok())
        {
            if (n as usize) < self.chunks.len() {
                self.dirty_chunks.insert(n);
            }
        }
    }

    fn meta_json(&self) -> String {
        let meta = MetaPart {
            schema: SCHEMA_VERSION,
            me: self.me.clone(),
        };
        serde_json::to_string(&meta).unwrap_or_default()
    }

    fn people_json(&self, bucket: u32) -> String {
        let rows: Vec<PersonRow> = self
            .counterparts
            .values()
            .filter(|c| people_bucket(&c.key) == bucket)
            .map(|c| {
                (
                    c.key.clone(),
                    c.name.clone(),
                    u8::from(c.connection),
                    c.connected_at,
                )
            })
            .collect();
        serde_json::to_string(&rows).unwrap_or_default()
    }

    fn chunk_json(&self, n: u32) -> String {
        let mut local: FastMap<u32, u32> = FastMap::default();
        let mut part = ChunkPart {
            p: Vec::new(),
            i: Vec::new(),
        };
        for c in &self.chunks[n as usize] {
            let person = *local.entry(c.person).or_insert_with(|| {
                part.p.push(self.persons[c.person as usize].clone());
                (part.p.len() - 1) as u32
            });
            let id = base36(c.id);
            part.i.push(Row {
                id,
                person,
                at: c.at,
                code: c.code.0,
                words: c.words,
                text: c.text.as_deref().map(str::to_string),
            });
        }
        serde_json::to_string(&part).unwrap_or_default()
    }

    /// Loads the persisted form. Keys that are not the store's are ignored. A part that
    /// cannot be read is reported and skipped; the rest loads. An older schema is migrated
    /// (the new parts are then dirty and the old keys listed for removal in
    /// [`Store::take_changes`]); a newer one is refused.
    pub fn from_parts(parts: &[(String, String)]) -> Result<(Store, Vec<Problem>), LoadError> {
        if let Some(found) = newest_schema_key(parts) {
            if found > SCHEMA_VERSION {
                return Err(LoadError::NewerSchema {
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
        }
        let mut store = Store::new();
        let mut problems = Vec::new();
        let problem = |key: &str, reason: String| Problem {
            key: key.to_string(),
            reason,
        };
        let has_v1 = parts.iter().any(|(k, _)| {
            k == META_KEY
                || k.starts_with(PEOPLE_PREFIX)
                || k.starts_with(CHUNK_PREFIX)
                || k.starts_with(aliases::ALIAS_PREFIX)
                || k.starts_with(notes::NOTES_PREFIX)
        });
        if !has_v1 {
            if let Some((key, json)) = parts.iter().find(|(k, _)| k == V0_KEY) {
                match serde_json::from_str::<V0Store>(json) {
                    Ok(v0) => store.migrate_v0(v0),
                    Err(e) => problems.push(problem(key, e.to_string())),
                }
            }
            return Ok((store, problems));
        }

        let mut chunks: BTreeMap<u32, &str> = BTreeMap::new();
        for (key, json) in parts {
            if key == META_KEY {
                match serde_json::from_str::<MetaPart>(json) {
                    Ok(meta) if meta.schema > SCHEMA_VERSION => {
                        return Err(LoadError::NewerSchema {
                            found: meta.schema,
                            supported: SCHEMA_VERSION,
                        })
                    }
                    Ok(meta) => store.me = meta.me,
                    Err(e) => problems.push(problem(key, e.to_string())),
                }
            } else if key.starts_with(PEOPLE_PREFIX) {
                match serde_json::from_str::<Vec<PersonRow>>(json) {
                    Ok(rows) => {
                        for (key, name, connection, connected_at) in rows {
                            let counterpart = Counterpart {
                                key: key.clone(),
                                name,
                                connection: connection != 0,
                                connected_at,
                            };
                            store.counterparts.insert(key, counterpart);
                        }
                    }
                    Err(e) => problems.push(problem(key, e.to_string())),
                }
            } else if key.starts_with(aliases::ALIAS_PREFIX) {
                if let Err(reason) = store.aliases.load(json) {
                    problems.push(problem(key, reason));
                }
            } else if key.starts_with(notes::NOTES_PREFIX) {
                if let Err(reason) = store.notes.load(json) {
                    problems.push(problem(key, reason));
                }
            } else if let Some(n) = key.strip_prefix(CHUNK_PREFIX) {
                match n.parse::<u32>() {
                    Ok(n) if n < MAX_CHUNKS => {
                        chunks.insert(n, json);
                    }
                    Ok(_) => problems.push(problem(key, "chunk number out of range".to_string())),
                    Err(_) => problems.push(problem(key, "not a chunk number".to_string())),
                }
            }
        }
        for (n, json) in chunks {
            match serde_json::from_str::<ChunkPart>(json)
                .map_err(|e| e.to_string())
                .and_then(|part| store.load_chunk(n, part))
            {
                Ok(()) => {}
                Err(reason) => problems.push(problem(&chunk_key(n), reason)),
            }
        }
        store.aliases.settle();
        store.held = problems.iter().map(|p| p.key.clone()).collect();
        Ok((store, problems))
    }

    fn load_chunk(&mut self, n: u32, part: ChunkPart) -> Result<(), String> {
        if part.i.len() > CHUNK_SIZE {
            return Err(format!(
                "{} interactions, more than a chunk holds",
                part.i.len()
            ));
        }
        let mut rows = Vec::with_capacity(part.i.len());
        for row in part.i {
            let id =
                u64::from_str_radix(&row.id, 36).map_err(|_| format!("bad id {:?}", row.id))?;
            if row.person as usize >= part.p.len() {
                return Err(format!("person {} out of range", row.person));
            }
            rows.push((id, row));
        }
        // Validated as a whole before anything is added: a bad chunk adds nothing.
        let persons: Vec<u32> = part.p.iter().map(|key| self.person(key)).collect();
        let n_index = n as usize;
        if self.chunks.len() <= n_index {
            self.chunks.resize_with(n_index + 1, Vec::new);
        }
        let chunk = &mut self.chunks[n_index];
        chunk.reserve(rows.len());
        for (id, row) in rows {
            match self.id_chunk.entry(id) {
                Entry::Occupied(_) => continue,
                Entry::Vacant(slot) => slot.insert(n),
            };
            chunk.push(Compact {
                id,
                person: persons[row.person as usize],
                at: row.at,
                code: Code(row.code),
                words: row.words,
                text: row.text.map(String::into_boxed_str),
            });
        }
        Ok(())
    }

    fn migrate_v0(&mut self, v0: V0Store) {
        self.me = v0.me;
        self.record(v0.interactions, v0.counterparts);
        self.dirty_meta = true;
        self.obsolete_keys.push(V0_KEY.to_string());
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

/// A reproducible store of `interactions` spread over `counterparts` people over the last
/// three years, with realistic ids and depth: for the benchmarks (native and wasm) only.
pub fn synthetic(interactions: usize, counterparts: usize, seed: u64) -> Store {
    const NOW: i64 = 1_800_000_000;
    const THREE_YEARS: u64 = 3 * 365 * 86_400;
    let mut state = seed | 1;
    let mut next = move || {
        // xorshift64*: enough spread for a benchmark, no dependency.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let counterparts = counterparts.max(1);
    let people: Vec<Counterpart> = (0..counterparts)
        .map(|i| Counterpart {
            key: format!("in:person-{i}-{:x}", seed),
            name: format!("Person {i}"),
            connection: i % 3 != 0,
            connected_at: None,
        })
        .collect();
    let batch: Vec<Interaction> = (0..interactions)
        .map(|i| {
            let r = next();
            let kind = Kind::ALL[(r % 8) as usize];
            let words = ((r >> 8) % 80) as u32;
            Interaction {
                id: format!(
                    "urn:li:comment:(activity:{},{})",
                    7_234_567_890_123_456_789u64.wrapping_add(r >> 20),
                    7_234_567_890_987_654_321u64.wrapping_add(i as u64)
                ),
                counterpart: people[((r >> 16) as usize) % counterparts].key.clone(),
                kind,
                direction: if r & (1 << 40) == 0 {
                    Direction::Given
                } else {
                    Direction::Received
                },
                at: NOW - ((r >> 24) % THREE_YEARS) as i64,
                depth: (kind != Kind::Reaction).then_some(Depth {
                    words,
                    question: r & (1 << 41) != 0,
                    low_effort: words < 3,
                }),
                source: Source::Page,
                text: None,
            }
        })
        .collect();
    let mut store = Store::new();
    store.record(batch, people);
    store
}

/// The highest `N` among `vinculo:v<N>:…` keys.
fn newest_schema_key(parts: &[(String, String)]) -> Option<u32> {
    parts
        .iter()
        .filter_map(|(key, _)| {
            let rest = key.strip_prefix("vinculo:v")?;
            rest.split(':').next()?.parse::<u32>().ok()
        })
        .max()
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
