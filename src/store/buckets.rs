//! A map of the store kept in parts by the people's buckets (a hash of each key, as the people
//! are spread), so that changing one entry rewrites one part: the aliases and the notes.
//!
//! ```text
//! <prefix><b>   {"<key>": <value>, …}   the entries whose key hashes to bucket b
//! ```
//! A bucket emptied is written as `{}` rather than removed: a removal would need a second kind
//! of change for one rare case.

use super::{people_bucket, HeldKeys, PartNumbers, PEOPLE_BUCKETS};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::marker::PhantomData;

/// Which storage keys a map's parts are written under.
pub(super) trait Prefix {
    const PREFIX: &'static str;
}

#[derive(Debug, Clone)]
pub(super) struct Buckets<V, P> {
    pub(super) map: BTreeMap<String, V>,
    /// Buckets changed since the last save.
    pub(super) dirty: PartNumbers,
    prefix: PhantomData<P>,
}

impl<V, P> Default for Buckets<V, P> {
    fn default() -> Self {
        Buckets {
            map: BTreeMap::new(),
            dirty: PartNumbers::default(),
            prefix: PhantomData,
        }
    }
}

impl<V: Serialize, P: Prefix> Buckets<V, P> {
    fn key(bucket: u32) -> String {
        format!("{}{bucket}", P::PREFIX)
    }

    /// `key`'s entry changed: its bucket is written at the next save.
    pub(super) fn touch(&mut self, key: &str) {
        self.dirty.insert(people_bucket(key));
    }

    fn json(&self, bucket: u32) -> String {
        serde_json::to_string(&Part {
            map: &self.map,
            bucket,
        })
        .unwrap_or_default()
    }

    /// Every part in use, for a full write.
    pub(super) fn parts(&self) -> Vec<(String, String)> {
        let buckets: PartNumbers = self.map.keys().map(|key| people_bucket(key)).collect();
        buckets
            .into_iter()
            .map(|b| (Self::key(b), self.json(b)))
            .collect()
    }

    /// The parts changed since the last save.
    pub(super) fn dirty_parts(&self) -> Vec<(String, String)> {
        self.dirty
            .iter()
            .map(|&b| (Self::key(b), self.json(b)))
            .collect()
    }

    /// Written: only held keys stay dirty.
    pub(super) fn saved(&mut self, held: &HeldKeys) {
        self.dirty.retain(|&b| held.contains(&Self::key(b)));
    }

    /// A held key moved aside may be written again: whether `key` was one of ours.
    pub(super) fn release(&mut self, key: &str) -> bool {
        match key.strip_prefix(P::PREFIX).and_then(|b| b.parse().ok()) {
            Some(b) if b < PEOPLE_BUCKETS => {
                self.dirty.insert(b);
                true
            }
            _ => false,
        }
    }
}

/// One bucket's entries as a JSON object, written straight from the map: it is already in key
/// order, so no second, borrowed map is built (nor its code compiled in) to sort them.
struct Part<'a, V> {
    map: &'a BTreeMap<String, V>,
    bucket: u32,
}

impl<V: Serialize> Serialize for Part<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.map
                .iter()
                .filter(|(key, _)| people_bucket(key) == self.bucket),
        )
    }
}
