//! One row per person: what the page's table shows and what its filters ask, made in the
//! worker from the store in three passes (the ties, the popup's pass, the last exchanges).

use serde::Serialize;

use crate::json::{Error, FromJson, Reader};

use crate::insight::{is_active, Pass};
use crate::model::{Direction, Kind};
use crate::score::{score_all, Thresholds, Tie, Tier};
use crate::store::{kind_index, Store};

/// What the page knows of one person. Sent to the page for every person at once (30,000 for a
/// heavy user, a few megabytes through the extension's messaging), so on the wire a row is a
/// JSON array in this field order ([`Wire`]), its strength rounded, its flags one number.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "Wire")]
pub struct Row {
    pub key: String,
    pub name: String,
    pub tier: Tier,
    pub strength: f64,
    /// Interactions each way (undecayed counts, as the profile badge says them).
    pub given: u32,
    pub received: u32,
    /// The last exchange (invitations are none) and its channel.
    pub last_at: Option<i64>,
    pub last_kind: Option<Kind>,
    /// Kinds exchanged in the last 365 days, one bit per [`Kind::ALL`] index.
    pub channels: u8,
    pub connection: bool,
    pub connected_at: Option<i64>,
    /// When the person was first met: the first interaction or the connection, the earlier.
    pub first_at: Option<i64>,
    /// A one-way tie, and who gives: `given` the user, `received` them.
    pub one_way: Option<Direction>,
    /// Counts among the popup's active relationships.
    pub active: bool,
    /// Something of theirs awaits the user's reply (the popup's "replies you owe").
    pub owed: bool,
    /// A strong tie going dormant (the popup's "reconnect").
    pub dormant_strong: bool,
    pub tags: Vec<String>,
    pub has_note: bool,
}

/// A row on the wire: `[key, name, tier, strength, given, received, last_at, last_kind,
/// channels, connected_at, first_at, one_way, flags, tags]`; the tier, the kind and the
/// direction as their positions in [`TIERS`], [`Kind::ALL`] and [`DIRECTIONS`], the flags one
/// bit each of [`FLAGS`]' order.
type Wire = (
    String,
    String,
    u8,
    f64,
    u32,
    u32,
    Option<i64>,
    Option<u8>,
    u8,
    Option<i64>,
    Option<i64>,
    Option<u8>,
    u8,
    Vec<String>,
);

const TIERS: [Tier; 5] = [
    Tier::Strong,
    Tier::Active,
    Tier::OneWay,
    Tier::Dormant,
    Tier::Ghost,
];
const DIRECTIONS: [Direction; 2] = [Direction::Given, Direction::Received];

fn position<T: PartialEq>(all: &[T], value: &T) -> u8 {
    all.iter().position(|v| v == value).unwrap_or(0) as u8
}

fn at<T: Copy>(all: &[T], index: u8, what: &str) -> Result<T, String> {
    all.get(usize::from(index))
        .copied()
        .ok_or_else(|| format!("no {what} {index}"))
}

/// The order of the wire's flag bits.
const FLAGS: [&str; 5] = ["connection", "active", "owed", "dormant_strong", "has_note"];

impl From<Row> for Wire {
    fn from(r: Row) -> Wire {
        let bits = [r.connection, r.active, r.owed, r.dormant_strong, r.has_note];
        let flags = bits
            .iter()
            .enumerate()
            .fold(0u8, |flags, (i, on)| flags | (u8::from(*on) << i));
        (
            r.key,
            r.name,
            position(&TIERS, &r.tier),
            // Three decimals: more than the page shows (one).
            (r.strength * 1000.0).round() / 1000.0,
            r.given,
            r.received,
            r.last_at,
            r.last_kind.map(|k| position(&Kind::ALL, &k)),
            r.channels,
            r.connected_at,
            r.first_at,
            r.one_way.map(|d| position(&DIRECTIONS, &d)),
            flags,
            r.tags,
        )
    }
}

impl TryFrom<Wire> for Row {
    type Error = String;

    fn try_from(w: Wire) -> Result<Row, String> {
        let flag = |name: &str| {
            let bit = FLAGS.iter().position(|f| *f == name).unwrap_or(0);
            w.12 & (1 << bit) != 0
        };
        Ok(Row {
            connection: flag("connection"),
            active: flag("active"),
            owed: flag("owed"),
            dormant_strong: flag("dormant_strong"),
            has_note: flag("has_note"),
            key: w.0,
            name: w.1,
            tier: at(&TIERS, w.2, "tier")?,
            strength: w.3,
            given: w.4,
            received: w.5,
            last_at: w.6,
            last_kind: w.7.map(|k| at(&Kind::ALL, k, "kind")).transpose()?,
            channels: w.8,
            connected_at: w.9,
            first_at: w.10,
            one_way: w.11.map(|d| at(&DIRECTIONS, d, "direction")).transpose()?,
            tags: w.13,
        })
    }
}

impl<'de> FromJson<'de> for Row {
    /// The wire's array; a tier, kind or direction past the known ones is refused.
    fn read(reader: &mut Reader<'de>) -> Result<Row, Error> {
        let wire = Wire::read(reader)?;
        Row::try_from(wire).map_err(|_| reader.data_error())
    }
}

/// The last exchange of every person index: `(at, kind)`.
fn last_exchanges(store: &Store) -> Vec<Option<(i64, Kind)>> {
    let mut last: Vec<Option<(i64, Kind)>> = vec![None; store.person_keys().len()];
    for c in store.compact() {
        let kind = c.code.kind();
        if kind == Kind::Invitation {
            continue;
        }
        let slot = &mut last[c.person as usize];
        if slot.is_none_or(|(at, _)| c.at >= at) {
            *slot = Some((c.at, kind));
        }
    }
    last
}

pub(crate) fn channel_bits(kinds: &[Kind]) -> u8 {
    kinds.iter().fold(0, |bits, k| bits | 1 << kind_index(*k))
}

fn row(
    store: &Store,
    tie: Tie,
    pass: &Pass,
    last: Option<(i64, Kind)>,
    now: i64,
    th: &Thresholds,
) -> Row {
    let person = store.person_of(&tie.key);
    let counterpart = store.counterpart(&tie.key);
    let connected_at = counterpart.and_then(|c| c.connected_at);
    let first_at = match (tie.first_at, connected_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let leaning = if tie.given_weight >= tie.received_weight {
        Direction::Given
    } else {
        Direction::Received
    };
    let one_way = (tie.tier == Tier::OneWay).then_some(leaning);
    let note = store.note(&tie.key);
    Row {
        active: is_active(&tie, now),
        owed: person.is_some_and(|p| pass.owed(p).is_some()),
        dormant_strong: pass.dormant_strong(store, &tie, now, th).is_some(),
        given: tie.given.total(),
        received: tie.received.total(),
        last_at: last.map(|(at, _)| at),
        last_kind: last.map(|(_, kind)| kind),
        channels: channel_bits(&tie.channels),
        connection: tie.connection,
        connected_at,
        first_at,
        one_way,
        tags: note.map(|n| n.tags.clone()).unwrap_or_default(),
        has_note: note.is_some_and(|n| !n.note.is_empty()),
        tier: tie.tier,
        strength: tie.strength,
        name: tie.name,
        key: tie.key,
    }
}

/// Every person the store knows (connections without an exchange included), strongest first.
pub fn network_rows(store: &Store, now: i64, th: &Thresholds) -> Vec<Row> {
    let pass = Pass::run(store, now);
    let last = last_exchanges(store);
    score_all(store, now, th)
        .into_iter()
        .map(|tie| {
            let last = store.person_of(&tie.key).and_then(|p| last[p as usize]);
            row(store, tie, &pass, last, now, th)
        })
        .collect()
}

/// One person's row, or `None` when the store knows nothing of them.
pub fn row_for(store: &Store, key: &str, now: i64, th: &Thresholds) -> Option<Row> {
    let key = store.canonical(key);
    let tie = crate::score::tie_for(store, key, now, th)?;
    let pass = Pass::run(store, now);
    let last = store
        .person_of(key)
        .and_then(|p| last_exchanges(store)[p as usize]);
    Some(row(store, tie, &pass, last, now, th))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Counterpart, Depth, Interaction, Source};

    pub const NOW: i64 = 1_800_000_000;
    pub const DAY: i64 = 86_400;

    pub fn exchange(
        id: &str,
        who: &str,
        kind: Kind,
        direction: Direction,
        days_ago: i64,
    ) -> Interaction {
        Interaction {
            id: id.into(),
            counterpart: who.into(),
            kind,
            direction,
            at: NOW - days_ago * DAY,
            depth: Some(Depth {
                words: 15,
                question: false,
                low_effort: false,
            }),
            source: Source::Page,
            text: None,
        }
    }

    pub fn person(key: &str, name: &str, connected_days_ago: Option<i64>) -> Counterpart {
        Counterpart {
            key: key.into(),
            name: name.into(),
            connection: true,
            connected_at: connected_days_ago.map(|d| NOW - d * DAY),
        }
    }

    /// Ana: a strong two-way tie; Bia: the user gives, she does not; Caio: a ghost connection;
    /// Duda: wrote to the user yesterday, unanswered; Edu: a big tie silent for months.
    pub fn network() -> Store {
        use Direction::{Given, Received};
        let mut store = Store::new();
        let mut talk = Vec::new();
        for i in 0..8 {
            talk.push(exchange(
                &format!("a{i}"),
                "in:ana",
                Kind::Message,
                Given,
                i * 3,
            ));
            talk.push(exchange(
                &format!("ar{i}"),
                "in:ana",
                Kind::Message,
                Received,
                i * 3 + 1,
            ));
        }
        for i in 0..4 {
            talk.push(exchange(
                &format!("b{i}"),
                "in:bia",
                Kind::Comment,
                Given,
                i * 5,
            ));
        }
        talk.push(exchange("d0", "in:duda", Kind::Message, Received, 1));
        for i in 0..30 {
            talk.push(exchange(
                &format!("e{i}"),
                "in:edu",
                Kind::Message,
                Given,
                700 + i,
            ));
            talk.push(exchange(
                &format!("er{i}"),
                "in:edu",
                Kind::Message,
                Received,
                700 + i,
            ));
        }
        store.record(
            talk,
            vec![
                person("in:ana", "Ana Souza", Some(900)),
                person("in:bia", "Bia Lima", Some(10)),
                person("in:caio", "Caio Prado", Some(400)),
                person("in:duda", "Duda Reis", None),
                person("in:edu", "Édu Ramos", Some(1200)),
            ],
        );
        store
    }

    fn by_key<'a>(rows: &'a [Row], key: &str) -> &'a Row {
        rows.iter().find(|r| r.key == key).unwrap()
    }

    #[test]
    fn every_person_gets_a_row_with_what_the_filters_ask() {
        let store = network();
        let rows = network_rows(&store, NOW, &Thresholds::default());
        assert_eq!(rows.len(), 5);
        let ana = by_key(&rows, "in:ana");
        assert_eq!((ana.given, ana.received), (8, 8));
        assert!(ana.active);
        assert_eq!(ana.last_at, Some(NOW));
        assert_eq!(ana.last_kind, Some(Kind::Message));
        assert_eq!(ana.channels, 1 << kind_index(Kind::Message));
        let bia = by_key(&rows, "in:bia");
        assert_eq!(bia.one_way, Some(Direction::Given));
        assert_eq!(bia.first_at, Some(NOW - 15 * DAY));
        let caio = by_key(&rows, "in:caio");
        assert_eq!((caio.tier, caio.last_at), (Tier::Ghost, None));
        assert!(by_key(&rows, "in:duda").owed);
        assert!(!ana.owed);
        assert!(by_key(&rows, "in:edu").dormant_strong);
        assert!(!ana.dormant_strong);
    }

    #[test]
    fn rows_cross_to_the_page_and_back() {
        let rows = network_rows(&network(), NOW, &Thresholds::default());
        let json = serde_json::to_string(&rows).unwrap();
        let back: Vec<Row> = crate::json::from_str(&json).unwrap();
        assert_eq!(back.len(), rows.len());
        for (sent, came) in rows.iter().zip(&back) {
            assert!((sent.strength - came.strength).abs() < 0.0005);
            assert_eq!(
                *came,
                Row {
                    strength: came.strength,
                    ..sent.clone()
                }
            );
        }
        assert!(
            json.starts_with("[[\""),
            "rows are arrays on the wire: {json}"
        );
        // A tier no build writes is refused, not guessed.
        let ana = serde_json::to_string(&rows[0]).unwrap();
        let tier_at = ana.find("\",").unwrap() + 2;
        let tier_at = tier_at + ana[tier_at..].find("\",").unwrap() + 2;
        let damaged = format!("{}9{}", &ana[..tier_at], &ana[tier_at + 1..]);
        assert!(crate::json::from_str::<Row>(&damaged).is_err(), "{damaged}");
    }

    #[test]
    fn a_row_carries_the_persons_tags() {
        let mut store = network();
        store.set_note("in:bia", "Asked about the job", &["recruiter".to_string()]);
        let row = row_for(&store, "in:bia", NOW, &Thresholds::default()).unwrap();
        assert_eq!(row.tags, ["recruiter"]);
        assert!(row.has_note);
        assert_eq!(
            row,
            *by_key(&network_rows(&store, NOW, &Thresholds::default()), "in:bia")
        );
        assert!(row_for(&store, "in:nobody", NOW, &Thresholds::default()).is_none());
    }
}
