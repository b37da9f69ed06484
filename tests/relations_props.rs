//! Properties of the relationship engine and its store: symmetry, decay with time,
//! idempotent recording, a lossless persisted form, and corruption that stays contained.

use proptest::prelude::*;
use vinculo::model::{Counterpart, Depth, Direction, Interaction, Kind, Source};
use vinculo::score::{reciprocity, score_all, Thresholds, Tie};
use vinculo::store::{synthetic, Store};

const NOW: i64 = 1_800_000_000;
const THREE_YEARS: i64 = 3 * 365 * 86_400;

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(Kind::ALL.to_vec())
}

fn interaction() -> impl Strategy<Value = Interaction> {
    (
        0u32..400,
        0usize..6,
        kind(),
        any::<bool>(),
        0..THREE_YEARS,
        prop::option::of((0u32..200, any::<bool>(), any::<bool>())),
        any::<bool>(),
    )
        .prop_map(|(id, who, kind, given, age, depth, archive)| Interaction {
            id: format!("urn:li:comment:(activity:{id},{})", id * 7),
            counterpart: format!("in:person-{who}"),
            kind,
            direction: if given {
                Direction::Given
            } else {
                Direction::Received
            },
            at: NOW - age,
            depth: depth.map(|(words, question, low_effort)| Depth {
                words,
                question,
                low_effort,
            }),
            source: if archive {
                Source::Archive
            } else {
                Source::Page
            },
            text: None,
        })
}

fn counterpart() -> impl Strategy<Value = Counterpart> {
    (
        0usize..8,
        "[A-Za-zÀ-ú ]{0,12}",
        any::<bool>(),
        prop::option::of(0..NOW),
    )
        .prop_map(|(who, name, connection, connected_at)| Counterpart {
            key: format!("in:person-{who}"),
            name,
            connection,
            connected_at,
        })
}

fn store_of(interactions: &[Interaction], counterparts: &[Counterpart]) -> Store {
    let mut store = Store::new();
    store.record(interactions.to_vec(), counterparts.to_vec());
    store
}

fn by_key(ties: Vec<Tie>) -> std::collections::BTreeMap<String, Tie> {
    ties.into_iter().map(|t| (t.key.clone(), t)).collect()
}

fn swapped(direction: Direction) -> Direction {
    match direction {
        Direction::Given => Direction::Received,
        Direction::Received => Direction::Given,
    }
}

proptest! {
    #[test]
    fn reciprocity_is_symmetric(g in 0.0f64..1e6, r in 0.0f64..1e6) {
        prop_assert_eq!(reciprocity(g, r), reciprocity(r, g));
        let rho = reciprocity(g, r);
        prop_assert!((0.0..=1.0).contains(&rho));
    }

    #[test]
    fn swapping_every_direction_keeps_reciprocity_and_strength(
        interactions in prop::collection::vec(interaction(), 0..60),
    ) {
        let mirrored: Vec<Interaction> = interactions
            .iter()
            .map(|i| Interaction { direction: swapped(i.direction), ..i.clone() })
            .collect();
        let th = Thresholds::default();
        let ties = by_key(score_all(&store_of(&interactions, &[]), NOW, &th));
        let mirrored = by_key(score_all(&store_of(&mirrored, &[]), NOW, &th));
        prop_assert_eq!(ties.len(), mirrored.len());
        for (key, tie) in &ties {
            let other = &mirrored[key];
            prop_assert!((tie.reciprocity - other.reciprocity).abs() < 1e-12);
            prop_assert!((tie.strength - other.strength).abs() <= 1e-9 * tie.strength.max(1.0));
            prop_assert_eq!(tie.given, other.received);
            prop_assert_eq!(tie.received, other.given);
        }
    }

    #[test]
    fn strength_never_grows_as_time_passes(
        interactions in prop::collection::vec(interaction(), 1..60),
        counterparts in prop::collection::vec(counterpart(), 0..8),
        later in 0i64..2 * THREE_YEARS,
    ) {
        let th = Thresholds::default();
        let store = store_of(&interactions, &counterparts);
        let now_ties = by_key(score_all(&store, NOW, &th));
        let later_ties = by_key(score_all(&store, NOW + later, &th));
        for (key, tie) in &now_ties {
            let after = later_ties[key].strength;
            prop_assert!(
                after <= tie.strength * (1.0 + 1e-12),
                "{key}: {} → {after} after {later} s", tie.strength
            );
        }
    }

    #[test]
    fn recording_the_same_batch_twice_changes_nothing(
        interactions in prop::collection::vec(interaction(), 0..80),
        counterparts in prop::collection::vec(counterpart(), 0..8),
    ) {
        let mut store = store_of(&interactions, &counterparts);
        let once = store.to_parts();
        store.take_changes();
        let outcome = store.record(interactions.clone(), counterparts.clone());
        prop_assert_eq!(outcome.added, 0);
        prop_assert_eq!(store.to_parts(), once);
        prop_assert!(store.take_changes().writes.is_empty());
    }

    #[test]
    fn persisted_form_round_trips(
        interactions in prop::collection::vec(interaction(), 0..80),
        counterparts in prop::collection::vec(counterpart(), 0..8),
    ) {
        let store = store_of(&interactions, &counterparts);
        let parts = store.to_parts();
        let (loaded, problems) = Store::from_parts(&parts).unwrap();
        prop_assert!(problems.is_empty());
        prop_assert_eq!(loaded.to_parts(), parts);
        let th = Thresholds::default();
        prop_assert_eq!(score_all(&loaded, NOW, &th), score_all(&store, NOW, &th));
    }
}

/// Ways a stored part can be damaged: cut short, or valid JSON of the wrong shape.
fn damage(json: &str, how: u8, at: usize) -> String {
    match how % 4 {
        0 => json[..json.floor_char_boundary(at % json.len().max(1))].to_string(),
        1 => "{}".to_string(),
        2 => r#"{"p":["in:x"],"i":[["zz",5,1,1,1]]}"#.to_string(),
        _ => "\u{0}garbage".to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn damage_to_one_part_loses_only_that_part(
        n in 0usize..6_000,
        seed in any::<u64>(),
        which in any::<prop::sample::Index>(),
        how in any::<u8>(),
        at in any::<usize>(),
    ) {
        let mut store = synthetic(n, 40, seed);
        store.set_me(vinculo::store::Me { key: "in:me".into(), name: "Me".into() });
        let mut parts = store.to_parts();
        let damaged = which.index(parts.len());
        let key = parts[damaged].0.clone();
        parts[damaged].1 = damage(&parts[damaged].1, how, at);

        let (loaded, problems) = Store::from_parts(&parts).unwrap();
        prop_assert_eq!(problems.len(), 1);
        prop_assert_eq!(&problems[0].key, &key);
        let intact = |k: &str| k != key;
        let mut reloaded_parts = loaded.to_parts().into_iter();
        for (k, v) in store.to_parts() {
            if !intact(&k) {
                continue;
            }
            // Every intact part comes back byte for byte.
            let back = reloaded_parts.find(|(k2, _)| *k2 == k);
            prop_assert_eq!(back.map(|(_, v2)| v2), Some(v), "part {}", k);
        }
        let lost = if key.contains(":i:") {
            store.len() - loaded.len()
        } else {
            0
        };
        prop_assert_eq!(loaded.len() + lost, store.len());
        prop_assert!(!key.contains(":i:") || lost > 0 || store.is_empty());
        prop_assert_eq!(loaded.me().is_none(), key.ends_with(":meta"));
        let people_lost = if key.contains(":p:") {
            store.counterparts().count() - loaded.counterparts().count()
        } else {
            0
        };
        prop_assert_eq!(loaded.counterparts().count() + people_lost, store.counterparts().count());
        prop_assert!(!key.contains(":p:") || people_lost > 0, "a damaged people part holds someone");
    }
}
