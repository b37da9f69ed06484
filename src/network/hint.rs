//! The reaction hint: when the user reacts to a post by someone they have a one-way or
//! dormant tie with, a comment would do more for that relationship than a like (the seed:
//! comments over likes). Decided here, in the worker, on the store as it was before the
//! reaction is recorded; the content script only shows it. Once per post and the options'
//! switch are the worker's to apply (extension/hints.js).

use crate::capture::{capture, Batch};
use crate::model::{Direction, Kind};
use crate::score::{tie_for, Thresholds, Tier};
use crate::store::Store;

/// A reaction's interaction id is `r:<post key>` (src/capture.rs).
const REACTION_ID_PREFIX: &str = "r:";

/// The posts (as the content script keys them) whose reaction in `batch` deserves the hint.
pub fn reaction_hints(store: &Store, batch: &Batch, now: i64, th: &Thresholds) -> Vec<String> {
    let has_reaction = batch.records.iter().any(|r| {
        matches!(r, crate::capture::Record::Activity(a)
            if a.kind == crate::capture::ActivityKind::Reaction)
    });
    if !has_reaction {
        return Vec::new();
    }
    capture(batch.clone(), store, false)
        .interactions
        .into_iter()
        .filter(|i| i.kind == Kind::Reaction && i.direction == Direction::Given)
        .filter_map(|i| {
            let post = i.id.strip_prefix(REACTION_ID_PREFIX)?.to_string();
            let tie = tie_for(store, store.canonical(&i.counterpart), now, th)?;
            matches!(tie.tier, Tier::OneWay | Tier::Dormant).then_some(post)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::rows::tests::{network, NOW};

    fn reaction_to(author: &str) -> Batch {
        crate::json::from_str(
            &serde_json::json!({
                "lang": "en",
                "now_ms": NOW as f64 * 1000.0,
                "me": {"href": "https://www.linkedin.com/in/me-myself/", "name": "Me Myself"},
                "records": [{"type": "activity", "kind": "reaction",
                    "target": {"key": format!("urn:li:activity:{author}"), "author_name": author,
                               "author_href": format!("/in/{author}/")}}],
            })
            .to_string(),
        )
        .unwrap()
    }

    #[test]
    fn a_reaction_to_a_one_way_or_dormant_tie_gets_the_hint() {
        let store = network();
        let th = Thresholds::default();
        // Bia: the user gives, she does not (one-way); Duda writes, the user does not answer.
        assert_eq!(
            reaction_hints(&store, &reaction_to("bia"), NOW, &th),
            ["urn:li:activity:bia"]
        );
        assert_eq!(
            reaction_hints(&store, &reaction_to("duda"), NOW, &th),
            ["urn:li:activity:duda"]
        );
        // Ana is a strong tie; Caio a ghost (nothing to deepen yet); a stranger is no tie.
        for nobody in ["ana", "caio", "stranger"] {
            assert!(
                reaction_hints(&store, &reaction_to(nobody), NOW, &th).is_empty(),
                "{nobody}"
            );
        }
    }

    #[test]
    fn a_comment_gets_no_hint() {
        let store = network();
        let mut batch = reaction_to("bia");
        let serde_json::Value::Object(mut record) =
            serde_json::to_value(&batch.records[0]).unwrap()
        else {
            unreachable!()
        };
        record.insert("kind".into(), "comment".into());
        record.insert("text".into(), "What a good point about ownership".into());
        let record = serde_json::Value::from(record).to_string();
        batch.records = vec![crate::json::from_str(&record).unwrap()];
        assert!(reaction_hints(&store, &batch, NOW, &Thresholds::default()).is_empty());
    }
}
