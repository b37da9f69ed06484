//! What the content script sends about a page: the raw strings the adapter's selector data
//! found, grouped by entity, plus the health of each field. The engine that produces this
//! (in `extension/content/extract.js`, and natively in `tests/support` over fixtures) knows
//! nothing of LinkedIn; the core interprets the strings (counts, names, links) here.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One batch from one tab: everything found since the last drain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageScan {
    /// The page's URL path (no query), e.g. `/feed/`.
    pub path: String,
    /// The document's language (`<html lang>`), e.g. `pt-BR`; decides how counts are parsed.
    pub lang: String,
    /// The adapter's page kind that matched (`feed`, `profile`, …), or `None` if unrecognised.
    #[serde(default)]
    pub page_kind: Option<String>,
    #[serde(default)]
    pub entities: Vec<EntityRecord>,
    #[serde(default)]
    pub health: Health,
}

/// An entity (a post, a comment, a profile card, …) as read by the adapter's data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// The entity kind in the adapter (`post`, `comment`, …).
    pub entity: String,
    /// Stable identity: the URN where the page has one, otherwise the adapter's key strategy.
    pub key: String,
    /// Field name → the raw string read (text with whitespace collapsed, or an attribute).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Nested entities (a post's comments).
    #[serde(default)]
    pub children: Vec<EntityRecord>,
}

impl EntityRecord {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .get(name)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// Which parts of the page the adapter recognised.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `entity.field` → how it was found: a JSON object, held as its entries in name order
    /// (the order the report lists gaps and fallbacks in). A map type of its own would compile
    /// one more sorted tree into the worker's wasm, for a list read once in order.
    #[serde(default, with = "entries_by_name")]
    pub fields: Vec<(String, FieldHealth)>,
}

/// A JSON object as its entries sorted by name; a name given twice keeps its last value, as a
/// map reading the object would.
mod entries_by_name {
    use super::FieldHealth;
    use crate::sorting::sorted_by;
    use serde::de::{MapAccess, Visitor};
    use serde::{Deserializer, Serializer};

    type Entries = Vec<(String, FieldHealth)>;

    pub fn serialize<S: Serializer>(entries: &Entries, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(entries.iter().map(|(name, health)| (name, health)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Entries, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Entries::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                // Stable: of a name given twice, the later entry follows the earlier.
                let mut entries = sorted_by(entries, |a, b| a.0.cmp(&b.0));
                entries.dedup_by(|later, earlier| {
                    let same = later.0 == earlier.0;
                    if same {
                        std::mem::swap(later, earlier);
                    }
                    same
                });
                Ok(entries)
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldHealth {
    /// Entities of that kind seen.
    pub seen: u32,
    /// Of those, how many had this field.
    pub found: u32,
    /// Index of the first strategy that matched anywhere (0 = the preferred one).
    #[serde(default)]
    pub strategy: Option<u32>,
    /// Whether the adapter expects this field on every entity (a miss then means "partly").
    #[serde(default)]
    pub required: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_health_reads_in_name_order_and_writes_the_same_object() {
        let json = r#"{"fields":{"post.text":{"seen":2,"found":1},
            "comment.key":{"seen":1,"found":1},"post.text":{"seen":3,"found":3}}}"#;
        let health: Health = serde_json::from_str(json).unwrap();
        let names: Vec<&str> = health.fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["comment.key", "post.text"]);
        assert_eq!(
            health.fields[1].1.seen, 3,
            "a name given twice keeps its last value"
        );
        assert_eq!(
            serde_json::to_string(&health).unwrap(),
            r#"{"fields":{"comment.key":{"seen":1,"found":1,"strategy":null,"required":false},"post.text":{"seen":3,"found":3,"strategy":null,"required":false}}}"#
        );
    }
}
