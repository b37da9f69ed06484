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
    /// `entity.field` → how it was found.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldHealth>,
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
