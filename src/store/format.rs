//! The store's storage format (schema 1; the keys and shapes are documented in `store`):
//! the parts written to `chrome.storage.local`, read back, and migrated from schema 0. Also
//! the payload an import crosses to the worker in: the same parts, one per line.

use std::borrow::Cow;
use std::collections::hash_map::Entry;

use serde::Serialize;

use super::hash::{people_bucket, Base36};
use super::{
    aliases, notes, Changes, Code, Compact, FastMap, ImportOutcome, LoadError, Me, NoteRecord,
    Problem, RecordOutcome, Store,
};
use crate::json::{from_json_object, required, Error, FromJson, Reader};
use crate::model::{Counterpart, Interaction};

/// The version of the persisted form this build writes. Older versions are migrated on load;
/// newer ones are refused (a downgrade must not destroy what a newer build wrote).
pub const SCHEMA_VERSION: u32 = 1;
/// At most this many interactions per chunk key: small enough that rewriting one chunk per
/// batch is cheap (≈ 70 KB), large enough that a big store needs few keys.
pub const CHUNK_SIZE: usize = 2_000;

pub(super) const META_KEY: &str = "vinculo:v1:meta";
pub(super) const PEOPLE_PREFIX: &str = "vinculo:v1:p:";
/// How many keys the people are spread over (part of schema 1: changing it is a migration).
pub const PEOPLE_BUCKETS: u32 = 32;
pub(super) const CHUNK_PREFIX: &str = "vinculo:v1:i:";
/// Chunk numbers are below this (131 million interactions, a hundred times a heavy user's):
/// a stored number past it is damage, and loading it would reserve a slot per number below.
pub const MAX_CHUNKS: u32 = 1 << 16;
/// The single key of the version-0 store (before chunking): one JSON document.
pub(super) const V0_KEY: &str = "vinculo:store";
pub(super) fn people_key(bucket: u32) -> String {
    format!("{PEOPLE_PREFIX}{bucket}")
}

pub(super) fn chunk_key(n: u32) -> String {
    format!("{CHUNK_PREFIX}{n}")
}

#[derive(Serialize)]
struct MetaPart {
    schema: u32,
    me: Option<Me>,
}

from_json_object!(MetaPart {
    schema,
    me: default
});

/// `[key, name, connection (0/1), connected_at]`, as [`people_json`] writes it.
type PersonRow = (String, String, u8, Option<i64>);

/// `[id, person, at, code, words]`, with the text appended when there is one. Written by
/// [`Store::chunk_json`].
struct Row {
    id: StoredId,
    person: u32,
    at: i64,
    code: u8,
    words: u32,
    text: Option<String>,
}

impl<'de> FromJson<'de> for Row {
    /// Five elements, or six with the text (a string: not `null`). A row as [`Store::chunk_json`]
    /// writes it without a text is read at once; anything else the general way.
    fn read(reader: &mut Reader<'de>) -> Result<Row, Error> {
        let fits = |[person, _, code, words]: &[i64; 4]| {
            u32::try_from(*person).is_ok()
                && u8::try_from(*code).is_ok()
                && u32::try_from(*words).is_ok()
        };
        match reader.compact_row(fits) {
            Some((id, [person, at, code, words])) => Ok(Row {
                id: StoredId::of(id),
                person: person as u32,
                at,
                code: code as u8,
                words: words as u32,
                text: None,
            }),
            None => Row::read_general(reader),
        }
    }
}

impl Row {
    fn read_general(reader: &mut Reader<'_>) -> Result<Row, Error> {
        let (mut id, mut person, mut at, mut code, mut words) = (None, None, None, None, None);
        let mut text = None;
        reader.array(&mut |reader, position| match position {
            0 => reader.field(&mut id),
            1 => reader.field(&mut person),
            2 => reader.field(&mut at),
            3 => reader.field(&mut code),
            4 => reader.field(&mut words),
            5 => reader.field(&mut text),
            _ => Err(reader.data_error()),
        })?;
        let missing = || reader.data_error();
        Ok(Row {
            id: id.ok_or_else(missing)?,
            person: person.ok_or_else(missing)?,
            at: at.ok_or_else(missing)?,
            code: code.ok_or_else(missing)?,
            words: words.ok_or_else(missing)?,
            text,
        })
    }
}

/// The shortest a row of a chunk can be written.
const SHORTEST_ROW: &str = r#"["0",0,0,0,0]"#;

/// A stored row's id, parsed from base 36 as it is read (no string kept for the id of every
/// row), or `Bad` when it is not one (the chunk is then a problem).
enum StoredId {
    Hash(u64),
    Bad,
}

impl StoredId {
    fn of(id: &str) -> StoredId {
        Base36::parse(id).map_or(StoredId::Bad, StoredId::Hash)
    }
}

impl<'de> FromJson<'de> for StoredId {
    fn read(reader: &mut Reader<'de>) -> Result<StoredId, Error> {
        Ok(StoredId::of(&reader.text()?))
    }
}

/// A chunk as read; its person keys borrowed from the part's JSON unless they had an escape.
struct ChunkPart<'a> {
    p: Vec<Cow<'a, str>>,
    i: Vec<Row>,
}

impl<'de> FromJson<'de> for ChunkPart<'de> {
    fn read(reader: &mut Reader<'de>) -> Result<ChunkPart<'de>, Error> {
        let (mut p, mut i) = (None, None);
        reader.object(&mut |reader, name| match &*name {
            "p" => reader.field(&mut p),
            "i" => reader.field(&mut i),
            _ => reader.skip(),
        })?;
        Ok(ChunkPart {
            p: required(p, reader)?,
            i: required(i, reader)?,
        })
    }
}

/// A chunk part's people's keys, and its rows with their ids as hashes.
type CheckedChunk<'a> = (Vec<Cow<'a, str>>, Vec<(u64, Row)>);

/// A chunk part, checked: no more rows than a chunk holds, every id in base 36, every person
/// an index into the keys.
fn checked_rows(part: ChunkPart<'_>) -> Result<CheckedChunk<'_>, String> {
    if part.i.len() > CHUNK_SIZE {
        return Err(format!(
            "{} interactions, more than a chunk holds",
            part.i.len()
        ));
    }
    let mut rows = Vec::with_capacity(part.i.len());
    for row in part.i {
        let id = match &row.id {
            StoredId::Hash(id) => *id,
            // The reason names no content, as the reader's failures do (it is logged).
            StoredId::Bad => return Err("an id not in base 36".to_string()),
        };
        if row.person as usize >= part.p.len() {
            return Err(format!("person {} out of range", row.person));
        }
        rows.push((id, row));
    }
    Ok((part.p, rows))
}

fn compact_of(id: u64, person: u32, row: Row) -> Compact {
    Compact {
        id,
        person,
        at: row.at,
        code: Code(row.code),
        words: row.words,
        text: row.text.map(String::into_boxed_str),
    }
}

fn counterpart_of((key, name, connection, connected_at): PersonRow) -> Counterpart {
    Counterpart {
        key,
        name,
        connection: connection != 0,
        connected_at,
    }
}

fn problem(key: &str, reason: String) -> Problem {
    Problem {
        key: key.to_string(),
        reason,
    }
}

/// A store's parts of this schema, by what they hold: read, not yet loaded (the chunks, the
/// aliases and the notes only named). The parts that could not be read are in `problems`.
struct PartsRead<'a> {
    me: Option<Me>,
    people: Vec<PersonRow>,
    aliases: Vec<(&'a str, &'a str)>,
    notes: Vec<(&'a str, &'a str)>,
    /// JSON by number (below MAX_CHUNKS): read in number order without a sorted map, whose
    /// code would be compiled into the worker's module for this one use.
    chunks: Vec<Option<&'a str>>,
    problems: Vec<Problem>,
}

/// [`PartsRead::chunks`] as numbers and JSON, in number order.
fn numbered<'a, 's>(chunks: &'s [Option<&'a str>]) -> impl Iterator<Item = (u32, &'a str)> + 's {
    (0..)
        .zip(chunks)
        .filter_map(|(n, json)| Some((n, (*json)?)))
}

/// Reads `parts` (key, JSON) as [`PartsRead`]; keys that are not the store's are ignored. A
/// part of a newer schema refuses them all.
fn read_parts<'a>(parts: &[(&'a str, &'a str)]) -> Result<PartsRead<'a>, LoadError> {
    let newer = |found| LoadError::NewerSchema {
        found,
        supported: SCHEMA_VERSION,
    };
    if let Some(found) = newest_schema_key(parts).filter(|&found| found > SCHEMA_VERSION) {
        return Err(newer(found));
    }
    let mut read = PartsRead {
        me: None,
        people: Vec::new(),
        aliases: Vec::new(),
        notes: Vec::new(),
        chunks: Vec::new(),
        problems: Vec::new(),
    };
    for &(key, json) in parts {
        match part_of(key) {
            Some(Part::Meta) => match crate::json::from_str::<MetaPart>(json) {
                Ok(meta) if meta.schema > SCHEMA_VERSION => return Err(newer(meta.schema)),
                Ok(meta) => read.me = meta.me,
                Err(e) => read.problems.push(problem(key, e.to_string())),
            },
            Some(Part::People) => match crate::json::from_str::<Vec<PersonRow>>(json) {
                Ok(rows) => read.people.extend(rows),
                Err(e) => read.problems.push(problem(key, e.to_string())),
            },
            Some(Part::Aliases) => read.aliases.push((key, json)),
            Some(Part::Notes) => read.notes.push((key, json)),
            Some(Part::Chunk(Ok(n))) => {
                let at = n as usize;
                if read.chunks.len() <= at {
                    read.chunks.resize(at + 1, None);
                }
                read.chunks[at] = Some(json);
            }
            Some(Part::Chunk(Err(reason))) => read.problems.push(problem(key, reason.to_string())),
            None => {}
        }
    }
    Ok(read)
}

/// The parts of this schema, by key.
enum Part {
    Meta,
    People,
    Aliases,
    Notes,
    /// A chunk's number, or why the key names none.
    Chunk(Result<u32, &'static str>),
}

fn part_of(key: &str) -> Option<Part> {
    Some(if key == META_KEY {
        Part::Meta
    } else if key.starts_with(PEOPLE_PREFIX) {
        Part::People
    } else if key.starts_with(aliases::ALIAS_PREFIX) {
        Part::Aliases
    } else if key.starts_with(notes::NOTES_PREFIX) {
        Part::Notes
    } else {
        let n = key.strip_prefix(CHUNK_PREFIX)?;
        Part::Chunk(match n.parse::<u32>() {
            Ok(n) if n < MAX_CHUNKS => Ok(n),
            Ok(_) => Err("chunk number out of range"),
            Err(_) => Err("not a chunk number"),
        })
    })
}

/// Why [`Store::merge_parts`] refused an import (and added nothing).
#[derive(Debug)]
pub enum MergeError {
    /// Made by a newer build.
    Newer(LoadError),
    /// A part that could not be read.
    Unreadable(Problem),
}

/// The version-0 store: one key holding everything, in the model's own shapes.
struct V0Store {
    me: Option<Me>,
    counterparts: Vec<Counterpart>,
    interactions: Vec<Interaction>,
}

from_json_object!(V0Store {
    me: default,
    counterparts: default,
    interactions: default,
});

impl Store {
    /// Every part of the persisted form: meta, the people buckets in use, the chunks.
    pub fn to_parts(&self) -> Vec<(String, String)> {
        let mut parts = vec![(META_KEY.to_string(), self.meta_json())];
        let buckets = self.people_by_bucket();
        for (b, people) in (0..).zip(&buckets) {
            if !people.is_empty() {
                parts.push((people_key(b), people_json(people)));
            }
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
        if !self.dirty_people.is_empty() {
            let buckets = self.people_by_bucket();
            for &b in &self.dirty_people {
                let people = buckets.get(b as usize).map_or(&[][..], Vec::as_slice);
                parts.push((people_key(b), people_json(people)));
            }
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

    /// The people of each bucket, in key order: one pass over the people (hashing each key
    /// once), rather than one per bucket written.
    fn people_by_bucket(&self) -> Vec<Vec<&Counterpart>> {
        let mut buckets = vec![Vec::new(); PEOPLE_BUCKETS as usize];
        for c in self.counterparts.values() {
            buckets[people_bucket(&c.key) as usize].push(c);
        }
        buckets
    }

    /// A chunk part: `{"p":[keys],"i":[rows]}`, each row's person an index into `p`. Written
    /// here rather than through serde (byte for byte what serde_json wrote): the rows are
    /// numbers and base-36 ids, the keys rarely need escaping, and every stored interaction
    /// passes through this.
    fn chunk_json(&self, n: u32) -> String {
        let rows = &self.chunks[n as usize];
        let mut local: FastMap<u32, u32> = FastMap::default();
        let mut keys = Vec::new();
        let persons: Vec<u32> = rows
            .iter()
            .map(|c| {
                *local.entry(c.person).or_insert_with(|| {
                    keys.push(self.persons[c.person as usize].as_str());
                    (keys.len() - 1) as u32
                })
            })
            .collect();
        // About 35 bytes a row, and a key for most.
        let mut json = String::with_capacity(rows.len() * 60 + 16);
        json.push_str("{\"p\":[");
        for (i, key) in keys.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            push_json_string(&mut json, key);
        }
        json.push_str("],\"i\":[");
        for (i, (c, person)) in rows.iter().zip(persons).enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str("[\"");
            json.push_str(Base36::of(c.id).as_str());
            json.push_str("\",");
            push_integer(&mut json, person.into());
            json.push(',');
            push_integer(&mut json, c.at);
            json.push(',');
            push_integer(&mut json, c.code.0.into());
            json.push(',');
            push_integer(&mut json, c.words.into());
            if let Some(text) = &c.text {
                json.push(',');
                push_json_string(&mut json, text);
            }
            json.push(']');
        }
        json.push_str("]}");
        json
    }

    /// Loads the persisted form. Keys that are not the store's are ignored. A part that
    /// cannot be read is reported and skipped; the rest loads. An older schema is migrated
    /// (the new parts are then dirty and the old keys listed for removal in
    /// [`Store::take_changes`]); a newer one is refused.
    pub fn from_parts(parts: &[(String, String)]) -> Result<(Store, Vec<Problem>), LoadError> {
        let parts: Vec<(&str, &str)> = parts
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let read = read_parts(&parts)?;
        let chunks: Vec<(u32, &str)> = numbered(&read.chunks).collect();
        let mut store = Store::new();
        let PartsRead {
            me,
            people,
            aliases,
            notes,
            mut problems,
            ..
        } = read;
        let has_v1 = parts.iter().any(|(k, _)| part_of(k).is_some());
        if !has_v1 {
            if let Some(&(key, json)) = parts.iter().find(|(k, _)| *k == V0_KEY) {
                match crate::json::from_str::<V0Store>(json) {
                    Ok(v0) => store.migrate_v0(v0),
                    Err(e) => problems.push(problem(key, e.to_string())),
                }
            }
            return Ok((store, problems));
        }
        store.me = me;
        for row in people {
            let counterpart = counterpart_of(row);
            store
                .counterparts
                .insert(counterpart.key.clone(), counterpart);
        }
        for (key, json) in aliases {
            if let Err(reason) = store.aliases.load(json) {
                problems.push(problem(key, reason));
            }
        }
        for (key, json) in notes {
            if let Err(reason) = store.notes.load(json) {
                problems.push(problem(key, reason));
            }
        }
        // Room for every interaction at once rather than doubling (and rehashing) up to it:
        // full chunks hold CHUNK_SIZE each, and no row is shorter than its shortest JSON, so
        // damaged or crafted parts cannot make this reserve more than their own size says.
        let json_bytes: usize = chunks.iter().map(|(_, json)| json.len()).sum();
        let most_rows =
            (chunks.len().saturating_mul(CHUNK_SIZE)).min(json_bytes / SHORTEST_ROW.len());
        store.id_chunk.reserve(most_rows);
        for (n, json) in chunks {
            match crate::json::from_str::<ChunkPart>(json)
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

    fn load_chunk(&mut self, n: u32, part: ChunkPart<'_>) -> Result<(), String> {
        // Checked as a whole before anything is added: a bad chunk adds nothing.
        let (keys, rows) = checked_rows(part)?;
        let persons: Vec<u32> = keys.iter().map(|key| self.person(key)).collect();
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
            chunk.push(compact_of(id, persons[row.person as usize], row));
        }
        Ok(())
    }

    /// Merges an import's parts — the payload the extension pages prepare ([`parts_of_payload`]),
    /// a store's parts of this schema — as [`Store::record_import`] would record their content,
    /// straight into this store: interactions by id hash, people merged, the user set when the
    /// import names one, notes merged as [`Store::merge_notes`] does; dates after `now` become
    /// `now` (counted in `clamped`). An import's aliases are not merged, its people's keys are.
    ///
    /// Every part is read before anything is added: one that cannot be read refuses the whole
    /// import, and the store is left as it was. Reading the rows into this store, rather than
    /// into a store of their own merged afterwards, saves building and dropping a second store
    /// (a restored backup can be as large as the user's).
    pub fn merge_parts(
        &mut self,
        parts: &[(&str, &str)],
        now: i64,
    ) -> Result<ImportOutcome, MergeError> {
        let read = read_parts(parts).map_err(MergeError::Newer)?;
        let unreadable = |key: &str, reason: String| MergeError::Unreadable(problem(key, reason));
        if let Some(first) = read.problems.into_iter().next() {
            return Err(MergeError::Unreadable(first));
        }
        let mut notes = notes::Notes::default();
        for (key, json) in read.notes {
            notes.load(json).map_err(|reason| unreadable(key, reason))?;
        }
        let mut chunks = Vec::new();
        for (n, json) in numbered(&read.chunks) {
            let part = crate::json::from_str::<ChunkPart>(json)
                .map_err(|e| e.to_string())
                .and_then(checked_rows)
                .map_err(|reason| unreadable(&chunk_key(n), reason))?;
            chunks.push(part);
        }

        let mut clamped = 0;
        let mut clamp = |at: i64| {
            if at > now {
                clamped += 1;
                now
            } else {
                at
            }
        };
        let mut outcome = RecordOutcome::default();
        // Room for all of it at once: the map grows once, not by doubling, rehashing as it goes.
        self.id_chunk
            .reserve(chunks.iter().map(|(_, rows)| rows.len()).sum());
        for (keys, rows) in chunks {
            // A chunk's people become this store's as their first interaction is added.
            let mut persons: Vec<Option<u32>> = vec![None; keys.len()];
            for (id, row) in rows {
                if self.id_chunk.contains_key(&id) {
                    outcome.duplicates += 1;
                    continue;
                }
                let slot = row.person as usize;
                let person = match persons[slot] {
                    Some(person) => person,
                    None => *persons[slot].insert(self.person(&keys[slot])),
                };
                let at = clamp(row.at);
                self.push_compact(compact_of(id, person, Row { at, ..row }));
                outcome.added += 1;
            }
        }
        for row in read.people {
            let mut counterpart = counterpart_of(row);
            if counterpart.key.is_empty() {
                continue;
            }
            counterpart.connected_at = counterpart.connected_at.map(&mut clamp);
            self.merge_counterpart(counterpart);
        }
        if let Some(me) = read.me {
            self.set_me(me);
        }
        // The import's notes, after its people, so each lands under the key its person has here.
        self.merge_notes(
            (notes.map.into_iter())
                .map(|(key, note)| NoteRecord { key, note })
                .collect(),
        );
        Ok(ImportOutcome {
            recorded: outcome,
            clamped,
        })
    }

    fn migrate_v0(&mut self, v0: V0Store) {
        self.me = v0.me;
        self.record(v0.interactions, v0.counterparts);
        self.dirty_meta = true;
        self.obsolete_keys.push(V0_KEY.to_string());
    }
}

/// `text` as a JSON string, as serde_json writes it: as it is between quotes when nothing in it
/// needs escaping (profile keys never do), else escaped by serde_json.
fn push_json_string(out: &mut String, text: &str) {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(text).unwrap_or_default());
    }
}

/// `value` in decimal, as serde_json writes an integer.
fn push_integer(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    // `i64::MIN` has 19 digits.
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = value.unsigned_abs();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
}

/// A people part: `[key, name, connection, connected_at]` per person.
fn people_json(people: &[&Counterpart]) -> String {
    let rows: Vec<(&str, &str, u8, Option<i64>)> = people
        .iter()
        .map(|c| {
            (
                c.key.as_str(),
                c.name.as_str(),
                u8::from(c.connection),
                c.connected_at,
            )
        })
        .collect();
    serde_json::to_string(&rows).unwrap_or_default()
}

/// The store's parts as one string, for an import to cross to the worker: one `key\tjson` per
/// line (serde_json writes no raw tab or line break, and no key holds one).
pub fn payload_of(parts: &[(String, String)]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (key, json) in parts {
        out.push_str(key);
        out.push('\t');
        out.push_str(json);
        out.push('\n');
    }
    out
}

/// The parts a payload holds ([`payload_of`]); a line without its tab is refused.
pub fn parts_of_payload(payload: &str) -> Result<Vec<(&str, &str)>, String> {
    payload
        .lines()
        .filter(|line| !line.is_empty())
        .enumerate()
        .map(|(n, line)| {
            line.split_once('\t')
                .ok_or_else(|| format!("line {} is not a part", n + 1))
        })
        .collect()
}

impl Store {
    /// The import payload of this store: every part ([`payload_of`]).
    pub fn to_payload(&self) -> String {
        payload_of(&self.to_parts())
    }
}

/// `N` of a `vinculo:v<N>:…` key.
fn schema_of_key(key: &str) -> Option<u32> {
    key.strip_prefix("vinculo:v")?
        .split(':')
        .next()?
        .parse()
        .ok()
}

/// The highest `N` among `vinculo:v<N>:…` keys.
fn newest_schema_key(parts: &[(&str, &str)]) -> Option<u32> {
    parts.iter().filter_map(|(key, _)| schema_of_key(key)).max()
}

/// Whether [`Store::from_parts`] reads `key`: a part of any schema, this one's or another's
/// (the settings, parts kept aside and anything else in storage are not the store's).
pub fn is_store_key(key: &str) -> bool {
    key == V0_KEY || schema_of_key(key).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Depth, Direction, Kind, Source};
    use crate::store::hash::{base36, id_hash};
    use crate::store::Me;

    #[test]
    fn integers_are_written_as_serde_json_writes_them() {
        let edges = [
            0,
            9,
            10,
            -1,
            4_294_967_295,
            4_294_967_296,
            42_949_672_950,
            i64::MAX,
            i64::MIN,
        ];
        for value in edges {
            let mut written = String::new();
            push_integer(&mut written, value);
            assert_eq!(written, serde_json::to_string(&value).unwrap());
        }
    }

    #[test]
    fn a_chunk_is_written_in_its_documented_shape() {
        let depth = Depth {
            words: 12,
            question: true,
            low_effort: false,
        };
        let interaction = |id: &str, who: &str, at: i64, text: Option<&str>| Interaction {
            id: id.to_string(),
            counterpart: who.to_string(),
            kind: Kind::Message,
            direction: Direction::Received,
            at,
            depth: text.map(|_| depth),
            source: Source::Archive,
            text: text.map(str::to_string),
        };
        let mut store = Store::new();
        store.record(
            vec![
                interaction("a", "in:ana", -5, None),
                interaction(
                    "b",
                    "name:a \"quoted\" one",
                    1_700_000_000,
                    Some("Olá, \"ótimo\"\n"),
                ),
                interaction("c", "in:ana", 0, None),
            ],
            vec![],
        );
        let id = |id: &str| base36(id_hash(id));
        let (a, b, c) = (id("a"), id("b"), id("c"));
        let plain = Code::new(Kind::Message, Direction::Received, Source::Archive, None).0;
        let deep = Code::new(
            Kind::Message,
            Direction::Received,
            Source::Archive,
            Some(depth),
        )
        .0;
        assert_eq!(
            store.chunk_json(0),
            format!(
                r#"{{"p":["in:ana","name:a \"quoted\" one"],"i":[["{a}",0,-5,{plain},0],["{b}",1,1700000000,{deep},12,"Olá, \"ótimo\"\n"],["{c}",0,0,{plain},0]]}}"#
            )
        );
    }

    fn store_with_everything() -> Store {
        let mut store = Store::new();
        store.set_me(Me {
            key: "in:me".into(),
            name: "Me \"Myself\"".into(),
        });
        let interaction = |id: &str, who: &str, depth, text: Option<&str>| Interaction {
            id: id.to_string(),
            counterpart: who.to_string(),
            kind: Kind::Comment,
            direction: Direction::Given,
            at: -7,
            depth,
            source: Source::Page,
            text: text.map(str::to_string),
        };
        let depth = Depth {
            words: 3,
            question: true,
            low_effort: true,
        };
        store.record(
            vec![
                interaction("a", "in:ana", None, None),
                interaction("b", "in:bia", Some(depth), Some("Olá\n\u{1}\"😀\"")),
            ],
            vec![
                Counterpart {
                    key: "in:ana".into(),
                    name: "Ana \\ Lima".into(),
                    connection: true,
                    connected_at: Some(1_600_000_000),
                },
                Counterpart {
                    key: "in:bia".into(),
                    name: "Bia".into(),
                    connection: false,
                    connected_at: None,
                },
            ],
        );
        store.join(&["in:ana".to_string(), "in:ACoAAB12".to_string()]);
        store.set_note("in:bia", "Met at \"RustConf\"", &["rust".to_string()]);
        store
    }

    #[test]
    fn every_part_reads_back_as_written() {
        let store = store_with_everything();
        let parts = store.to_parts();
        let keys: Vec<&str> = parts.iter().map(|(k, _)| k.as_str()).collect();
        for prefix in [META_KEY, PEOPLE_PREFIX, CHUNK_PREFIX, aliases::ALIAS_PREFIX] {
            assert!(keys.iter().any(|k| k.starts_with(prefix)), "{keys:?}");
        }
        assert!(keys.iter().any(|k| k.starts_with(notes::NOTES_PREFIX)));
        let (loaded, problems) = Store::from_parts(&parts).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(loaded.to_parts(), parts);
        assert_eq!(loaded.me(), store.me());
        assert_eq!(loaded.canonical("in:ACoAAB12"), "in:ana");
    }

    #[test]
    fn only_the_stores_keys_are_its_parts() {
        // Every key the store writes, of every kind, is one the browser edge passes in.
        for (key, _) in store_with_everything().to_parts() {
            assert!(is_store_key(&key), "{key}");
        }
        // Another schema's parts are too: a newer one must be seen to be refused.
        for key in [V0_KEY, "vinculo:v2:meta", "vinculo:v17:i:3"] {
            assert!(is_store_key(key), "{key}");
        }
        let others = [
            "vinculo:settings",
            "vinculo:hinted",
            "vinculo:unsaved",
            "vinculo:quarantine:vinculo:v1:i:3",
            "vinculo:vx:i:3",
            "vinculo:v",
            "filler",
        ];
        for key in others {
            assert!(!is_store_key(key), "{key}");
        }
    }

    /// A part as the store reads it, or the problem's reason.
    fn load(key: &str, json: &str) -> Result<Store, String> {
        let (store, mut problems) =
            Store::from_parts(&[(key.to_string(), json.to_string())]).map_err(|e| e.to_string())?;
        match problems.pop() {
            Some(problem) => Err(problem.reason),
            None => Ok(store),
        }
    }

    #[test]
    fn parts_read_with_their_defaults_and_without_unknown_fields() {
        let people = people_key(0);
        let chunk = chunk_key(0);
        assert_eq!(load(META_KEY, r#"{"schema":1}"#).unwrap().me(), None);
        let meta = r#"{"later":[1,{"x":null}],"schema":1,"me":{"key":"in:me","name":"M","age":3}}"#;
        assert_eq!(load(META_KEY, meta).unwrap().me().unwrap().key, "in:me");
        let person = load(&people, r#"[["in:ana","Ana",0,null]]"#).unwrap();
        assert_eq!(
            person
                .counterpart("in:ana")
                .map(|c| (c.connection, c.connected_at)),
            Some((false, None))
        );
        let rows = r#"{"x":1,"p":["in:\u0061na"],"i":[["1",0,5,0,0],["2",0,6,0,1,"t"]]}"#;
        let loaded = load(&chunk, rows).unwrap();
        assert_eq!(loaded.len(), 2);
        assert!(loaded.is_stored("in:ana"));
        let v0 = r#"{"counterparts":[{"key":"in:ana","name":"Ana","x":1}],"y":[]}"#;
        assert_eq!(
            load(V0_KEY, v0)
                .unwrap()
                .counterpart("in:ana")
                .unwrap()
                .name,
            "Ana"
        );
        assert_eq!(load(V0_KEY, "{}").unwrap().len(), 0);
    }

    #[test]
    fn parts_not_in_their_shape_are_refused() {
        let people = people_key(0);
        let chunk = chunk_key(0);
        for (key, json) in [
            (META_KEY, r#"{"me":null}"#),
            (META_KEY, r#"{"schema":1,"schema":1}"#),
            (META_KEY, r#"{"schema":1,"me":{"key":"in:me"}}"#),
            (META_KEY, r#"["schema",1]"#),
            (&people, r#"[["in:ana","Ana",0]]"#),
            (&people, r#"[["in:ana","Ana",0,null,1]]"#),
            (&people, r#"[["in:ana","Ana",2.5,null]]"#),
            (&people, r#"[["in:ana",null,0,null]]"#),
            (&chunk, r#"{"p":["in:ana"]}"#),
            (&chunk, r#"{"p":["in:ana"],"i":[],"i":[]}"#),
            (&chunk, r#"{"p":["in:ana"],"i":[["1",0,5,0]]}"#),
            (&chunk, r#"{"p":["in:ana"],"i":[["1",0,5,0,0,null]]}"#),
            (&chunk, r#"{"p":["in:ana"],"i":[["1",0,5,0,0,"t",1]]}"#),
            (&chunk, r#"{"p":["in:ana"],"i":[["1",0,5,256,0]]}"#),
            (&chunk, r#"{"p":["in:ana"],"i":[["1",0,5.5,0,0]]}"#),
            (&chunk, r#"{"p":[1],"i":[]}"#),
            (
                V0_KEY,
                r#"{"interactions":[{"id":"a","counterpart":"in:ana","kind":"like","direction":"given","at":1,"source":"page"}]}"#,
            ),
            (V0_KEY, r#"{"counterparts":[{"name":"Ana"}]}"#),
        ] {
            let reason = load(key, json)
                .err()
                .unwrap_or_else(|| panic!("{key} {json}"));
            assert!(reason.contains(" error at line 1, column "), "{reason}");
        }
        // An id that is not base 36: the chunk is refused, and the reason does not quote it.
        let bad_id = load(&chunk, r#"{"p":["in:ana"],"i":[["Segredo!",0,5,0,0]]}"#);
        assert_eq!(bad_id.err().as_deref(), Some("an id not in base 36"));
    }

    /// A row read the general way only, to compare the compact way against.
    struct General(Row);

    impl<'de> FromJson<'de> for General {
        fn read(reader: &mut Reader<'de>) -> Result<General, Error> {
            Row::read_general(reader).map(General)
        }
    }

    /// A row's values: id (its hash, or none when not base 36), person, at, code, words, text.
    type RowValues = (Option<u64>, u32, i64, u8, u32, Option<String>);

    /// What a read gave: the row's values, or the error as it reads.
    fn outcome(row: Result<Row, Error>) -> Result<RowValues, String> {
        row.map(|r| {
            let id = match r.id {
                StoredId::Hash(hash) => Some(hash),
                StoredId::Bad => None,
            };
            (id, r.person, r.at, r.code, r.words, r.text)
        })
        .map_err(|e| e.to_string())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]
        /// Rows as the store writes them, mostly, and damaged or differently written ones: the
        /// compact reading gives what the general one gives, value or error.
        #[test]
        fn a_row_reads_the_same_compact_or_general(
            id in proptest::sample::select(vec!["1a2b3c", "zz", "", "Segredo!", "a\\u0062", "ÿ9"]),
            count in proptest::prop_oneof![6 => proptest::strategy::Just(4usize), 1 => 0..7usize],
            numbers in proptest::collection::vec(proptest::sample::select(vec![
                "0", "7", "255", "1790000000", "4294967295", "999999999999999999", "-1790000000",
                "12", "3", "40", "1", "2", "-1", "-0", "01", "1.5", "2e3", "4294967296", "256",
                "9999999999999999999", "-9223372036854775808", "true", "\"7\"",
            ]), 7),
            text in proptest::option::weighted(0.25, proptest::sample::select(vec![r#""a comment""#, "null", "3"])),
            spaced in proptest::bool::weighted(0.2),
            tail in proptest::prop_oneof![5 => proptest::strategy::Just(""), 1 => proptest::sample::select(vec!["]", ",", " x"])],
        ) {
            let separator = if spaced { ", " } else { "," };
            let mut elements = vec![format!("\"{id}\"")];
            elements.extend(numbers[..count].iter().map(|n| n.to_string()));
            elements.extend(text.map(str::to_string));
            let row = format!("[{}]{tail}", elements.join(separator));
            let compact = crate::json::from_str::<Row>(&row);
            let general = crate::json::from_str::<General>(&row).map(|g| g.0);
            proptest::prop_assert_eq!(outcome(compact), outcome(general), "{}", row);
        }
    }

    /// A store made of `rows` (id, person, date, with a text) and `people` (person, connected at).
    fn store_of(
        rows: &[(u8, u8, i64, bool)],
        people: &[(u8, Option<i64>)],
        note: Option<u8>,
    ) -> Store {
        let mut store = Store::new();
        let interactions = rows
            .iter()
            .map(|&(id, who, at, text)| Interaction {
                id: format!("urn:li:comment:(activity:1,{id})"),
                counterpart: format!("in:person-{who}"),
                kind: if text { Kind::Comment } else { Kind::Reaction },
                direction: Direction::Received,
                at,
                depth: text.then_some(Depth {
                    words: 9,
                    question: true,
                    low_effort: false,
                }),
                source: Source::Archive,
                text: text.then(|| format!("comment {id}")),
            })
            .collect();
        let counterparts = people
            .iter()
            .map(|&(who, connected_at)| Counterpart {
                key: format!("in:person-{who}"),
                name: format!("Person {who}"),
                connection: connected_at.is_some(),
                connected_at,
            })
            .collect();
        store.record(interactions, counterparts);
        if let Some(who) = note {
            store.set_note(&format!("in:person-{who}"), "met at a meetup", &[]);
        }
        store
    }

    fn rows() -> impl proptest::strategy::Strategy<Value = Vec<(u8, u8, i64, bool)>> {
        // Ids and people from small pools, so that the import repeats what the store holds;
        // some dates after "now" (1_800_000_000).
        proptest::collection::vec(
            (
                0..40u8,
                0..12u8,
                1_700_000_000..1_900_000_000i64,
                proptest::bool::ANY,
            ),
            0..60,
        )
    }

    fn people() -> impl proptest::strategy::Strategy<Value = Vec<(u8, Option<i64>)>> {
        proptest::collection::vec(
            (
                0..12u8,
                proptest::option::of(1_600_000_000..1_900_000_000i64),
            ),
            0..8,
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// An import's parts merged straight into a store leave it as recording the import's
        /// content does (its interactions, people, user and notes), with the same counts.
        #[test]
        fn merging_parts_records_what_they_hold(
            held in rows(), known in people(), imported in rows(), named in people(),
            note in proptest::option::of(0..12u8), me in proptest::bool::ANY,
        ) {
            const NOW: i64 = 1_800_000_000;
            let user = store_of(&held, &known, None);
            let mut import = store_of(&imported, &named, note);
            if me {
                import.set_me(Me { key: "in:me".into(), name: "Me".into() });
            }
            let payload = import.to_payload();

            let mut merged = user.clone();
            let outcome = merged.merge_parts(&parts_of_payload(&payload).unwrap(), NOW).unwrap();

            let mut recorded = user.clone();
            let expected = recorded.record_import(
                import.interactions().collect(),
                import.counterparts().cloned().collect(),
                NOW,
            );
            if let Some(me) = import.me().cloned() {
                recorded.set_me(me);
            }
            recorded.merge_notes(
                import.notes().map(|(key, note)| NoteRecord { key: key.to_string(), note: note.clone() }).collect(),
            );
            // A date is moved to now when what holds it is added: the import's interactions
            // the store did not have, and its people.
            let had: std::collections::HashSet<String> = user.interactions().map(|i| i.id).collect();
            let clamped = import.interactions().filter(|i| i.at > NOW && !had.contains(&i.id)).count()
                + import.counterparts().filter(|c| c.connected_at > Some(NOW)).count();
            proptest::prop_assert_eq!(outcome, ImportOutcome { recorded: expected.recorded, clamped });
            proptest::prop_assert_eq!(merged.to_parts(), recorded.to_parts());
            proptest::prop_assert_eq!(merged.take_changes(), recorded.take_changes());
        }
    }

    #[test]
    fn an_unreadable_part_refuses_the_whole_import() {
        let import = store_of(
            &[(1, 1, 1_700_000_000, true), (2, 2, 1_700_000_000, false)],
            &[(1, None)],
            Some(1),
        );
        let payload = import.to_payload();
        let parts = parts_of_payload(&payload).unwrap();
        let damaged: Vec<(&str, &str)> = parts
            .iter()
            .map(|&(key, json)| {
                (
                    key,
                    if key.starts_with(PEOPLE_PREFIX) {
                        "[["
                    } else {
                        json
                    },
                )
            })
            .collect();
        let mut store = store_of(&[(3, 1, 1_700_000_000, true)], &[], None);
        let before = store.to_parts();
        match store.merge_parts(&damaged, 1_800_000_000) {
            Err(MergeError::Unreadable(problem)) => assert!(problem.key.starts_with(PEOPLE_PREFIX)),
            other => panic!("{other:?}"),
        }
        assert_eq!(store.to_parts(), before, "nothing added");
        let newer_meta = format!(r#"{{"schema":{}}}"#, SCHEMA_VERSION + 1);
        let newer = [(META_KEY, newer_meta.as_str())];
        assert!(matches!(
            store.merge_parts(&newer, 1_800_000_000),
            Err(MergeError::Newer(_))
        ));
        let out_of_range = [(&*chunk_key(MAX_CHUNKS), r#"{"p":[],"i":[]}"#)];
        assert!(matches!(
            store.merge_parts(&out_of_range, 1_800_000_000),
            Err(MergeError::Unreadable(_))
        ));
        assert_eq!(store.to_parts(), before);
    }
}
