//! A reproducible store for the benchmarks (native, and in wasm through its parts) and the
//! property tests. Compiled natively only: the shipped wasm has no generator.

use super::Store;
use crate::model::{Counterpart, Depth, Direction, Interaction, Kind, Source};

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
