//! What the content script sends about a page: the raw strings the adapter's selector data
//! found, grouped by entity, plus the health of each field. The engine that produces this
//! (in `extension/content/extract.js`, and natively in `tests/support` over fixtures) knows
//! nothing of LinkedIn; the core interprets the strings (counts, names, links) here.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::json::{from_json_object, Error, FromJson, Reader};

/// One batch from one tab: everything found since the last drain.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageScan {
    /// The page's URL path (no query), e.g. `/feed/`.
    pub path: String,
    /// The document's language (`<html lang>`), e.g. `pt-BR`; decides how counts are parsed.
    pub lang: String,
    /// The adapter's page kind that matched (`feed`, `profile`, …), or `None` if unrecognised.
    pub page_kind: Option<String>,
    pub entities: Vec<EntityRecord>,
    pub health: Health,
}

from_json_object!(PageScan {
    path,
    lang,
    page_kind: default,
    entities: default,
    health: default,
});

/// An entity (a post, a comment, a profile card, …) as read by the adapter's data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EntityRecord {
    /// The entity kind in the adapter (`post`, `comment`, …).
    pub entity: String,
    /// Stable identity: the URN where the page has one, otherwise the adapter's key strategy.
    pub key: String,
    /// Field name → the raw string read (text with whitespace collapsed, or an attribute).
    pub fields: BTreeMap<String, String>,
    /// Nested entities (a post's comments).
    pub children: Vec<EntityRecord>,
}

from_json_object!(EntityRecord {
    entity,
    key,
    fields: default,
    children: default,
});

impl EntityRecord {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .get(name)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// Which parts of the page the adapter recognised.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Health {
    /// `entity.field` → how it was found: a JSON object, held as its entries in name order
    /// (the order the report lists gaps and fallbacks in). A map type of its own would compile
    /// one more sorted tree into the worker's wasm, for a list read once in order.
    #[serde(serialize_with = "entries_by_name::serialize")]
    pub fields: Vec<(String, FieldHealth)>,
}

impl<'de> FromJson<'de> for Health {
    /// `fields` may be left out (no entries).
    fn read(reader: &mut Reader<'de>) -> Result<Health, Error> {
        let mut fields = None;
        reader.object(&mut |reader, name| match &*name {
            "fields" => reader.field(&mut fields),
            _ => reader.skip(),
        })?;
        Ok(Health {
            fields: fields
                .map(|entries: entries_by_name::Entries| entries.0)
                .unwrap_or_default(),
        })
    }
}

/// A JSON object as its entries sorted by name; a name given twice keeps its last value, as a
/// map reading the object would.
mod entries_by_name {
    use super::FieldHealth;
    use crate::json::{Error, FromJson, Reader};
    use crate::sorting::sorted_by;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(
        entries: &[(String, FieldHealth)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(entries.iter().map(|(name, health)| (name, health)))
    }

    /// The entries as read.
    pub struct Entries(pub Vec<(String, FieldHealth)>);

    impl<'de> FromJson<'de> for Entries {
        fn read(reader: &mut Reader<'de>) -> Result<Entries, Error> {
            let mut entries = Vec::new();
            reader.object(&mut |reader, name| {
                entries.push((name.into_owned(), FieldHealth::read(reader)?));
                Ok(())
            })?;
            // Stable: of a name given twice, the later entry follows the earlier.
            let mut entries = sorted_by(entries, |a, b| a.0.cmp(&b.0));
            entries.dedup_by(|later, earlier| {
                let same = later.0 == earlier.0;
                if same {
                    std::mem::swap(later, earlier);
                }
                same
            });
            Ok(Entries(entries))
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldHealth {
    /// Entities of that kind seen.
    pub seen: u32,
    /// Of those, how many had this field.
    pub found: u32,
    /// Index of the first strategy that matched anywhere (0 = the preferred one).
    pub strategy: Option<u32>,
    /// Whether the adapter expects this field on every entity (a miss then means "partly").
    pub required: bool,
}

from_json_object!(FieldHealth {
    seen,
    found,
    strategy: default,
    required: default,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_health_reads_in_name_order_and_writes_the_same_object() {
        let json = r#"{"fields":{"post.text":{"seen":2,"found":1},
            "comment.key":{"seen":1,"found":1},"post.text":{"seen":3,"found":3}}}"#;
        let health: Health = crate::json::from_str(json).unwrap();
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

    #[test]
    fn a_scan_reads_back_as_serde_json_writes_it() {
        let health = |seen, strategy| FieldHealth {
            seen,
            found: 1,
            strategy,
            required: true,
        };
        let scan = PageScan {
            path: "/feed/".into(),
            lang: "pt-BR".into(),
            page_kind: Some("feed".into()),
            entities: vec![EntityRecord {
                entity: "post".into(),
                key: "urn:li:activity:1".into(),
                fields: BTreeMap::from([("text".to_string(), "Olá \"mundo\"".to_string())]),
                children: vec![EntityRecord {
                    entity: "comment".into(),
                    ..EntityRecord::default()
                }],
            }],
            health: Health {
                fields: vec![
                    ("comment.key".into(), health(2, None)),
                    ("post.text".into(), health(3, Some(1))),
                ],
            },
        };
        let json = serde_json::to_string(&scan).unwrap();
        assert_eq!(crate::json::from_str::<PageScan>(&json).unwrap(), scan);
        let bare: PageScan = crate::json::from_str(r#"{"path":"/","lang":"en","x":1}"#).unwrap();
        assert_eq!(bare.health, Health::default());
        for refused in [
            r#"{"path":"/"}"#,
            r#"{"path":"/","lang":"en","entities":[{"entity":"post"}]}"#,
            r#"{"path":"/","lang":"en","health":{"fields":{"a":{"seen":1}}}}"#,
            r#"{"path":"/","lang":"en","health":{"fields":{},"fields":{}}}"#,
        ] {
            assert!(
                crate::json::from_str::<PageScan>(refused).is_err(),
                "{refused}"
            );
        }
    }
}
