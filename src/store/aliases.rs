//! The store's part of who is who (the rules are `identity`'s): the other keys of each stored
//! person, each pointing at the key the person is stored under, and the user's other keys,
//! pointing at the user's.
//!
//! ```text
//! vinculo:v1:a:<b>   {"in:ACoAAB…":"in:ana-silva",…}   alias → the key it stands for
//! ```
//! Spread over [`PEOPLE_BUCKETS`] keys by a hash of the alias, as the people are. An alias
//! always points at a key that is no one's alias (a merge re-points the merged person's).

use super::buckets::{Buckets, Prefix};
use super::{merged, people_bucket, Store};
use crate::identity::{is_member_key, name_key};
use std::collections::BTreeMap;

pub(super) const ALIAS_PREFIX: &str = "vinculo:v1:a:";

/// The alias parts' storage keys.
#[derive(Debug, Clone)]
pub(super) struct AliasParts;

impl Prefix for AliasParts {
    const PREFIX: &'static str = ALIAS_PREFIX;
}

/// Alias → the key it stands for.
pub(super) type Aliases = Buckets<String, AliasParts>;

impl Aliases {
    fn set(&mut self, alias: &str, to: &str) {
        if alias == to || self.map.get(alias).is_some_and(|t| t == to) {
            return;
        }
        self.map.insert(alias.to_string(), to.to_string());
        self.touch(alias);
    }

    /// Loads one stored part; an alias pointing at another alias is re-pointed on load.
    pub(super) fn load(&mut self, json: &str) -> Result<(), String> {
        let part: BTreeMap<String, String> =
            crate::json::from_str(json).map_err(|e| e.to_string())?;
        self.map.extend(part);
        Ok(())
    }

    pub(super) fn settle(&mut self) {
        let chained: Vec<(String, String)> = self
            .map
            .iter()
            .filter_map(|(alias, to)| {
                let end = self.end_of(to);
                (end != to).then(|| (alias.clone(), end.to_string()))
            })
            .collect();
        for (alias, end) in chained {
            self.set(&alias, &end);
        }
    }

    /// Follows a chain (only a hand-edited or partly loaded store has one), never looping.
    fn end_of<'a>(&'a self, mut key: &'a str) -> &'a str {
        for _ in 0..self.map.len() {
            match self.map.get(key) {
                Some(next) if next != key => key = next,
                _ => break,
            }
        }
        key
    }
}

impl Store {
    /// The key a person is stored under, for any key of theirs (itself when it is no alias).
    pub fn canonical<'a>(&'a self, key: &'a str) -> &'a str {
        self.aliases.map.get(key).map_or(key, String::as_str)
    }

    /// Whether the store holds this person: something of theirs recorded, or imported.
    pub fn is_stored(&self, key: &str) -> bool {
        let key = self.canonical(key);
        self.person_index.contains_key(key) || self.counterparts.contains_key(key)
    }

    /// Whether a key is one of the user's.
    pub fn is_me_key(&self, key: &str) -> bool {
        self.me
            .as_ref()
            .is_some_and(|me| self.canonical(key) == me.key)
    }

    /// The keys of a stored person: the canonical one and its aliases.
    pub fn keys_of<'a>(&'a self, canonical: &'a str) -> Vec<&'a str> {
        let mut keys = vec![canonical];
        keys.extend(
            self.aliases
                .map
                .iter()
                .filter(|(_, to)| *to == canonical)
                .map(|(alias, _)| alias.as_str()),
        );
        keys
    }

    /// The one stored person bearing this name (see `identity::name_key`), if exactly one does.
    pub fn person_named(&self, name: &str) -> Option<&str> {
        let wanted = name_key(name)?;
        let mut found = self
            .counterparts
            .values()
            .filter(|c| name_key(&c.name).as_deref() == Some(wanted.as_str()));
        let first = found.next()?;
        found.next().is_none().then_some(first.key.as_str())
    }

    /// Rule 3 of `identity`: the stored person a new key with this name is, if any.
    pub fn person_by_name_for(&self, key: &str, name: &str) -> Option<&str> {
        if self.is_stored(key) || self.is_me_key(key) {
            return None;
        }
        let person = self.person_named(name)?;
        let new_is_member = is_member_key(key);
        let other_form = self
            .keys_of(person)
            .iter()
            .all(|k| k.starts_with("in:") && is_member_key(k) != new_is_member);
        let is_me = self.me.as_ref().is_some_and(|me| me.key == person);
        (other_form && !is_me).then_some(person)
    }

    /// Keys the user goes by (rule 2): the first becomes the user's key when none is known;
    /// the others point at it.
    pub fn add_me_keys(&mut self, keys: &[String], name: &str) {
        let Some(first) = keys.first() else {
            return;
        };
        match &self.me {
            Some(me) => {
                let (mine, name_changed) = (me.key.clone(), !name.is_empty() && me.name != name);
                for key in keys {
                    self.aliases.set(key, &mine);
                }
                if name_changed {
                    if let Some(me) = self.me.as_mut() {
                        me.name = name.to_string();
                    }
                    self.dirty_meta = true;
                }
            }
            None => {
                self.set_me(super::Me {
                    key: first.clone(),
                    name: name.to_string(),
                });
                for key in &keys[1..] {
                    self.aliases.set(key, first);
                }
            }
        }
    }

    /// These keys name one person (rule 1). Nothing happens unless one of them is stored;
    /// then the person is stored under a slug key when the keys hold one (the popup links
    /// it), anyone stored under another of them is merged in (their interactions move; the
    /// earliest connection date and the latest name stay) and the others become aliases.
    /// Returns the key the person is now stored under.
    pub fn join(&mut self, keys: &[String]) -> Option<String> {
        let mut stored: Vec<String> = Vec::new();
        for key in keys {
            let canonical = self.canonical(key).to_string();
            if self.is_stored(&canonical) && !stored.contains(&canonical) {
                stored.push(canonical);
            }
        }
        if stored.iter().any(|k| self.is_me_key(k)) || stored.is_empty() {
            return None;
        }
        // Under a slug when one is known (the popup links it), even one just learnt.
        let into = keys
            .iter()
            .map(|k| self.canonical(k))
            .find(|k| k.starts_with("in:") && !is_member_key(k))
            .unwrap_or(&stored[0])
            .to_string();
        for from in stored.iter().filter(|k| **k != into) {
            self.merge_person(from, &into);
        }
        for key in keys {
            self.aliases.set(key, &into);
        }
        Some(into)
    }

    /// Moves everything stored under `from` to `into` and makes `from` (and its aliases)
    /// point at `into`.
    fn merge_person(&mut self, from: &str, into: &str) {
        if let Some(person) = self.counterparts.remove(from) {
            self.dirty_people.insert(people_bucket(from));
            let incoming = super::Counterpart {
                key: into.to_string(),
                ..person
            };
            let combined = match self.counterparts.get(into) {
                // The person as stored under `into` is the more recent sighting: its name wins.
                Some(known) => super::Counterpart {
                    name: if known.name.is_empty() {
                        incoming.name.clone()
                    } else {
                        known.name.clone()
                    },
                    ..merged(known, incoming)
                },
                None => incoming,
            };
            self.merge_counterpart(combined);
        }
        let repoint: Vec<String> = self
            .aliases
            .map
            .iter()
            .filter(|(_, to)| *to == from)
            .map(|(alias, _)| alias.clone())
            .collect();
        for alias in repoint {
            self.aliases.set(&alias, into);
        }
        self.aliases.set(from, into);
        let Some(old) = self.person_index.remove(from) else {
            return;
        };
        let new = self.person(into);
        // Person indexes live in memory only (a chunk names people by key): renumber so the
        // table keeps no empty slot, and rewrite only the chunks that held `from`.
        self.persons.remove(old as usize);
        let shift = |p: u32| if p > old { p - 1 } else { p };
        let new = shift(new);
        for (n, chunk) in self.chunks.iter_mut().enumerate() {
            for c in chunk.iter_mut() {
                if c.person == old {
                    c.person = new;
                    self.dirty_chunks.insert(n as u32);
                } else {
                    c.person = shift(c.person);
                }
            }
        }
        for index in self.person_index.values_mut() {
            *index = shift(*index);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Counterpart, Direction, Interaction, Kind, Source};
    use crate::store::{Me, Store};

    const MEMBER: &str = "in:ACoAADVg-eoB88GyIET_PiM0hdcOQOwCkzfp45A";

    fn message(id: &str, who: &str, at: i64) -> Interaction {
        Interaction {
            id: id.into(),
            counterpart: who.into(),
            kind: Kind::Message,
            direction: Direction::Received,
            at,
            depth: None,
            source: Source::Page,
            text: None,
        }
    }

    fn person(key: &str, name: &str) -> Counterpart {
        Counterpart {
            key: key.into(),
            name: name.into(),
            connection: false,
            connected_at: None,
        }
    }

    fn reload(store: &Store) -> Store {
        Store::from_parts(&store.to_parts()).expect("loads").0
    }

    #[test]
    fn a_join_touches_only_stored_people() {
        let mut store = Store::new();
        assert_eq!(store.join(&["in:ana".into(), MEMBER.into()]), None);
        assert_eq!(
            store.canonical(MEMBER),
            MEMBER,
            "nobody stored, nothing joined"
        );
        store.record(
            vec![message("m1", MEMBER, 10)],
            vec![person(MEMBER, "Ana Silva")],
        );
        assert_eq!(
            store.join(&["in:ana".into(), MEMBER.into()]),
            Some("in:ana".into()),
            "moved under the slug just learnt"
        );
        assert_eq!(store.canonical(MEMBER), "in:ana");
        assert_eq!(store.person_keys(), ["in:ana".to_string()]);
        assert_eq!(
            store.counterpart("in:ana").map(|c| c.name.as_str()),
            Some("Ana Silva")
        );
        let again = reload(&store);
        assert_eq!(again.canonical(MEMBER), "in:ana", "aliases persist");
    }

    #[test]
    fn two_stored_keys_of_one_person_merge_into_the_slug() {
        let mut store = Store::new();
        store.record(
            vec![
                message("m1", MEMBER, 10),
                message("c1", "in:ana", 20),
                message("b1", "in:bob", 30),
            ],
            vec![
                person(MEMBER, "Ana Silva"),
                Counterpart {
                    connection: true,
                    connected_at: Some(5),
                    ..person("in:ana", "Ana S.")
                },
            ],
        );
        store.take_changes();
        assert_eq!(
            store.join(&[MEMBER.into(), "in:ana".into()]),
            Some("in:ana".into())
        );
        let who: Vec<String> = store.interactions().map(|i| i.counterpart).collect();
        assert_eq!(who, vec!["in:ana", "in:ana", "in:bob"]);
        assert_eq!(
            store.person_keys(),
            ["in:ana".to_string(), "in:bob".to_string()]
        );
        let ana = store.counterpart("in:ana").expect("merged");
        assert_eq!(
            (ana.name.as_str(), ana.connection, ana.connected_at),
            ("Ana S.", true, Some(5))
        );
        assert!(store.counterpart(MEMBER).is_none());
        assert_eq!(store.canonical(MEMBER), "in:ana");
        let changes = store.take_changes();
        assert!(changes.writes.iter().any(|(k, _)| k == "vinculo:v1:i:0"));
        let again = reload(&store);
        let who: Vec<String> = again.interactions().map(|i| i.counterpart).collect();
        assert_eq!(who, vec!["in:ana", "in:ana", "in:bob"]);
        assert_eq!(again.canonical(MEMBER), "in:ana");
    }

    #[test]
    fn the_users_keys_all_point_at_the_user() {
        let mut store = Store::new();
        store.add_me_keys(&[MEMBER.into()], "Me Myself");
        store.add_me_keys(&["in:me-myself".into()], "Me Myself");
        assert!(store.is_me_key("in:me-myself") && store.is_me_key(MEMBER));
        assert_eq!(
            store.me(),
            Some(&Me {
                key: MEMBER.into(),
                name: "Me Myself".into()
            })
        );
        assert!(reload(&store).is_me_key("in:me-myself"));
    }

    #[test]
    fn a_name_joins_only_one_slug_with_one_member_id() {
        let mut store = Store::new();
        store.record(
            vec![message("m1", MEMBER, 10)],
            vec![person(MEMBER, "Ana Silva")],
        );
        assert_eq!(
            store.person_by_name_for("in:ana-silva", "ana  silva"),
            Some(MEMBER)
        );
        assert_eq!(
            store.person_by_name_for("in:ACoAAOtherMemberIdOfTheSameLength12", "Ana Silva"),
            None,
            "two member ids are two people"
        );
        assert_eq!(
            store.person_by_name_for("in:ana-silva", "Ana"),
            None,
            "one word"
        );
        store.record(
            vec![message("m2", "in:ana-silva-2", 10)],
            vec![person("in:ana-silva-2", "Ana Silva")],
        );
        assert_eq!(
            store.person_by_name_for("in:ana-silva", "Ana Silva"),
            None,
            "two Ana Silvas"
        );
    }
}
