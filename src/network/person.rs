//! One person, opened on the page: the timeline of exchanges (what, when, which way; the text
//! only when the user chose to keep texts), why the tier (the profile badge's own reasons,
//! `relationship::explain`), what to do next, and the user's note.

use serde::Serialize;

use super::rows::{row_for, Row};
use crate::json::from_json_object;
use crate::model::{Direction, Kind};
use crate::msg::Msg;
use crate::relationship::explain;
use crate::score::{tie_for, Thresholds, Tier};
use crate::sorting::sorted_by;
use crate::store::{Note, Store};

/// The timeline shows at most this many exchanges, newest first (the rest are counted).
pub const TIMELINE_MAX: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exchange {
    pub at: i64,
    pub kind: Kind,
    pub direction: Direction,
    /// Words of its text, when it had one.
    pub words: Option<u32>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonView {
    pub row: Row,
    pub reasons: Vec<Msg>,
    pub next: Msg,
    pub timeline: Vec<Exchange>,
    /// Exchanges older than the timeline shows.
    pub more: usize,
    pub note: Note,
}

from_json_object!(Exchange {
    at,
    kind,
    direction,
    words,
    text
});

from_json_object!(PersonView {
    row,
    reasons,
    next,
    timeline,
    more,
    note
});

/// What would do most for this relationship now, as a message key.
pub fn next_step(row: &Row) -> &'static str {
    if row.owed {
        return "next_reply_owed";
    }
    if row.dormant_strong {
        return "next_reconnect";
    }
    match (row.tier, row.one_way) {
        (Tier::OneWay, Some(Direction::Given)) => "next_one_way_given",
        (Tier::OneWay, _) => "next_one_way_received",
        (Tier::Ghost, _) => "next_ghost",
        (Tier::Dormant, _) => "next_dormant",
        (Tier::Active, _) => "next_active",
        (Tier::Strong, _) => "next_strong",
    }
}

pub fn person_view(store: &Store, key: &str, now: i64, th: &Thresholds) -> Option<PersonView> {
    let key = store.canonical(key);
    let row = row_for(store, key, now, th)?;
    let tie = tie_for(store, key, now, th)?;
    let reasons = explain(&tie);
    let timeline: Vec<Exchange> = match store.person_of(key) {
        Some(person) => store
            .compact()
            .filter(|c| c.person == person)
            .map(|c| Exchange {
                at: c.at,
                kind: c.code.kind(),
                direction: c.code.direction(),
                words: c.depth().map(|d| d.words),
                text: c.text.as_deref().map(str::to_string),
            })
            .collect(),
        None => Vec::new(),
    };
    let mut timeline = sorted_by(timeline, |a, b| b.at.cmp(&a.at));
    let more = timeline.len().saturating_sub(TIMELINE_MAX);
    timeline.truncate(TIMELINE_MAX);
    Some(PersonView {
        next: Msg::new(next_step(&row), &[]),
        note: store.note(key).cloned().unwrap_or_default(),
        row,
        reasons,
        timeline,
        more,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::rows::tests::{network, NOW};

    #[test]
    fn a_person_shows_the_badges_reasons_the_timeline_and_what_next() {
        let mut store = network();
        store.set_note("in:bia", "Asked about Rust jobs", &["rust".to_string()]);
        let th = Thresholds::default();
        let bia = person_view(&store, "in:bia", NOW, &th).unwrap();
        let badge = explain(&tie_for(&store, "in:bia", NOW, &th).unwrap());
        assert_eq!(
            bia.reasons, badge,
            "the same explanations as the profile badge"
        );
        assert_eq!(bia.reasons[0].key, "reason_counts");
        assert_eq!(bia.timeline.len(), 4);
        assert!(
            bia.timeline.windows(2).all(|w| w[0].at >= w[1].at),
            "newest first"
        );
        assert!(bia
            .timeline
            .iter()
            .all(|e| e.direction == Direction::Given && e.text.is_none()));
        assert_eq!(bia.next.key, "next_one_way_given");
        assert_eq!(bia.note.note, "Asked about Rust jobs");

        assert_eq!(
            person_view(&store, "in:duda", NOW, &th).unwrap().next.key,
            "next_reply_owed"
        );
        assert_eq!(
            person_view(&store, "in:edu", NOW, &th).unwrap().next.key,
            "next_reconnect"
        );
        let caio = person_view(&store, "in:caio", NOW, &th).unwrap();
        assert_eq!(
            (caio.next.key.as_ref(), caio.timeline.len()),
            ("next_ghost", 0)
        );
        assert!(person_view(&store, "in:nobody", NOW, &th).is_none());
    }
}
