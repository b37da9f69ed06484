//! The user's own words about a person: a short private note and a few tags, typed on the
//! "Your network" page. Kept in the store beside the people (so they are in the backup and the
//! report and go with a wipe), spread over buckets by a hash of the person's key as the people
//! are:
//!
//! ```text
//! vinculo:v1:n:<b>   {"in:ana-silva":{"note":"Met at RustConf","tags":["rust","mentor"]},…}
//! ```
//! A person with neither a note nor tags has no entry.

use super::buckets::{Buckets, Prefix};
use super::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub(super) const NOTES_PREFIX: &str = "vinculo:v1:n:";
/// A note is a reminder, not a document: longer text is cut (at a character boundary).
pub const NOTE_MAX_CHARS: usize = 1_000;
pub const TAGS_MAX: usize = 10;
pub const TAG_MAX_CHARS: usize = 40;

/// What the user wrote about one person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

crate::json::from_json_object!(Note {
    note: default,
    tags: default,
});

impl Note {
    /// The note as kept: trimmed and cut to size; tags trimmed, without `#`, lower-cased,
    /// each once, in the order typed, at most [`TAGS_MAX`].
    pub fn tidy(note: &str, tags: &[String]) -> Note {
        let mut kept: Vec<String> = Vec::new();
        for tag in tags {
            if kept.len() == TAGS_MAX {
                break;
            }
            let tag = cut(tag.trim().trim_start_matches('#').trim(), TAG_MAX_CHARS).to_lowercase();
            if !tag.is_empty() && !kept.contains(&tag) {
                kept.push(tag);
            }
        }
        Note {
            note: cut(note.trim(), NOTE_MAX_CHARS).to_string(),
            tags: kept,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.note.is_empty() && self.tags.is_empty()
    }
}

fn cut(text: &str, chars: usize) -> &str {
    match text.char_indices().nth(chars) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// One person's note as the JSON backup carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRecord {
    pub key: String,
    #[serde(flatten)]
    pub note: Note,
}

/// The notes parts' storage keys.
#[derive(Debug, Clone)]
pub(super) struct NoteParts;

impl Prefix for NoteParts {
    const PREFIX: &'static str = NOTES_PREFIX;
}

/// Person key → the user's note about them.
pub(super) type Notes = Buckets<Note, NoteParts>;

impl Notes {
    pub(super) fn load(&mut self, json: &str) -> Result<(), String> {
        let part: BTreeMap<String, Note> =
            crate::json::from_str(json).map_err(|e| e.to_string())?;
        self.map
            .extend(part.into_iter().filter(|(_, n)| !n.is_empty()));
        Ok(())
    }

    fn set(&mut self, key: &str, note: Note) -> bool {
        let changed = if note.is_empty() {
            self.map.remove(key).is_some()
        } else if self.map.get(key) == Some(&note) {
            false
        } else {
            self.map.insert(key.to_string(), note);
            true
        };
        if changed {
            self.touch(key);
        }
        changed
    }
}

impl Store {
    /// Sets (or, when both are empty, removes) the note and tags of a person, under the key
    /// the person is stored as. Whether anything changed.
    pub fn set_note(&mut self, key: &str, note: &str, tags: &[String]) -> bool {
        let key = self.canonical(key).to_string();
        self.notes.set(&key, Note::tidy(note, tags))
    }

    pub fn note(&self, key: &str) -> Option<&Note> {
        self.notes.map.get(self.canonical(key))
    }

    /// Every note, by person key.
    pub fn notes(&self) -> impl Iterator<Item = (&str, &Note)> {
        self.notes.map.iter().map(|(k, n)| (k.as_str(), n))
    }

    /// Notes from a backup: each replaces the person's current one (an empty one is skipped,
    /// so restoring never erases what was typed since).
    pub fn merge_notes(&mut self, records: Vec<NoteRecord>) -> usize {
        records
            .into_iter()
            .filter(|r| !r.note.is_empty())
            .filter(|r| self.set_note(&r.key, &r.note.note, &r.note.tags))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_note_is_tidied_before_it_is_kept() {
        let long = "é".repeat(NOTE_MAX_CHARS + 5);
        let note = Note::tidy(
            &format!("  {long} "),
            &tags(&[" #Rust", "rust", "", "Mentor "]),
        );
        assert_eq!(note.note.chars().count(), NOTE_MAX_CHARS);
        assert_eq!(note.tags, ["rust", "mentor"]);
        let many: Vec<String> = (0..TAGS_MAX + 3).map(|i| format!("t{i}")).collect();
        assert_eq!(Note::tidy("", &many).tags.len(), TAGS_MAX);
    }

    #[test]
    fn notes_survive_a_reload_and_an_empty_one_is_removed() {
        let mut store = Store::new();
        assert!(store.set_note("in:ana", "Met at RustConf", &tags(&["rust"])));
        assert!(!store.set_note("in:ana", "Met at RustConf", &tags(&["rust"])));
        let writes = store.take_changes().writes;
        assert_eq!(writes.len(), 1);
        assert!(writes[0].0.starts_with(NOTES_PREFIX));
        let (loaded, problems) = Store::from_parts(&store.to_parts()).unwrap();
        assert!(problems.is_empty());
        assert_eq!(loaded.note("in:ana").unwrap().note, "Met at RustConf");
        assert_eq!(loaded.note("in:ana").unwrap().tags, ["rust"]);

        assert!(store.set_note("in:ana", " ", &[]));
        let writes = store.take_changes().writes;
        assert_eq!(writes[0].1, "{}", "the bucket is rewritten empty");
        let (loaded, _) = Store::from_parts(&writes).unwrap();
        assert_eq!(loaded.notes().count(), 0);
    }

    #[test]
    fn an_unreadable_notes_part_is_a_problem_and_the_rest_loads() {
        let mut store = Store::new();
        store.set_note("in:ana", "hello", &[]);
        let mut parts = store.to_parts();
        parts.push((format!("{NOTES_PREFIX}3"), "{nope".to_string()));
        let (loaded, problems) = Store::from_parts(&parts).unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key, format!("{NOTES_PREFIX}3"));
        assert_eq!(loaded.note("in:ana").unwrap().note, "hello");
    }

    #[test]
    fn every_notes_key_is_one_a_wipe_removes() {
        // The worker's wipe removes every key starting with "vinculo:" (store-writer.js).
        let mut store = Store::new();
        for i in 0..200 {
            store.set_note(&format!("in:p{i}"), "x", &[]);
        }
        for (key, _) in store.to_parts() {
            assert!(key.starts_with("vinculo:"), "{key}");
        }
    }
}
