//! The network in layers, as the research the design cites describes a person's social world:
//! about 5 intimates, 15 close friends, 50 good friends, 150 meaningful relationships (Dunbar's
//! layers, each including the ones inside it). Set against the connection count — "512
//! connections · 9 real relationships" — it shows how few of the contacts are relationships.

use serde::{Deserialize, Serialize};

use super::rows::Row;
use crate::score::Tier;

/// Each layer's size, innermost first; each includes the ones inside it.
pub const LAYER_SIZES: [usize; 4] = [5, 15, 50, 150];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layer {
    pub size: usize,
    /// How many of the user's real relationships fill it (at most `size`).
    pub filled: usize,
    /// Of those, how many are strong ties.
    pub strong: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layers {
    pub connections: usize,
    /// Active relationships (the popup's figure), strongest first fill the layers.
    pub real: usize,
    pub known: usize,
    pub layers: Vec<Layer>,
}

pub fn layers(rows: &[Row]) -> Layers {
    let mut real: Vec<&Row> = rows.iter().filter(|r| r.active).collect();
    real.sort_by(|a, b| b.strength.total_cmp(&a.strength));
    Layers {
        connections: rows.iter().filter(|r| r.connection).count(),
        real: real.len(),
        known: rows.len(),
        layers: LAYER_SIZES
            .iter()
            .map(|&size| {
                let inside = &real[..real.len().min(size)];
                Layer {
                    size,
                    filled: inside.len(),
                    strong: inside.iter().filter(|r| r.tier == Tier::Strong).count(),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, Kind};
    use crate::network::rows::network_rows;
    use crate::network::rows::tests::{exchange, network, person, NOW};
    use crate::score::Thresholds;

    #[test]
    fn the_layers_fill_with_real_relationships_only() {
        let rows = network_rows(&network(), NOW, &Thresholds::default());
        let picture = layers(&rows);
        assert_eq!((picture.connections, picture.known), (5, 5));
        assert_eq!(picture.real, rows.iter().filter(|r| r.active).count());
        assert_eq!(
            picture.real, 1,
            "only Ana: Édu is silent, Bia and Duda one-way"
        );
        assert_eq!(picture.layers[0].filled, 1);
        assert_eq!(
            picture.layers.iter().map(|l| l.size).collect::<Vec<_>>(),
            LAYER_SIZES
        );
    }

    #[test]
    fn a_layer_holds_no_more_than_its_size() {
        let mut store = crate::store::Store::new();
        let mut talk = Vec::new();
        let mut people = Vec::new();
        for p in 0..20 {
            let who = format!("in:p{p}");
            people.push(person(&who, &format!("P{p}"), None));
            for i in 0..3 {
                talk.push(exchange(
                    &format!("{p}g{i}"),
                    &who,
                    Kind::Message,
                    Direction::Given,
                    i,
                ));
                talk.push(exchange(
                    &format!("{p}r{i}"),
                    &who,
                    Kind::Message,
                    Direction::Received,
                    i,
                ));
            }
        }
        store.record(talk, people);
        let picture = layers(&network_rows(&store, NOW, &Thresholds::default()));
        assert_eq!(picture.real, 20);
        let filled: Vec<usize> = picture.layers.iter().map(|l| l.filled).collect();
        assert_eq!(filled, [5, 15, 20, 20]);
    }
}
