//! Overlays that need the store: the relationship with the person whose profile is open, and
//! "N active relationships of M connections" beside the user's own connection count. The
//! feed's overlays (`feed`) need only the page; these are added by the worker, which holds the
//! store.

use crate::count::parse_count;
use crate::feed::{Msg, Overlay, OverlayKind};
use crate::identity::member_key;
use crate::insight::summary;
use crate::model::profile_key;
use crate::page::{EntityRecord, PageScan};
use crate::score::{tie_for, Reason, Thresholds, Tie, Tier};
use crate::store::Store;

pub fn relationship_overlays(
    scan: &PageScan,
    store: &Store,
    now: i64,
    th: &Thresholds,
) -> Vec<Overlay> {
    let mut overlays = Vec::new();
    // The network's figures are computed once per batch, and only if a page shows a count.
    let mut active = None;
    let mut active_count = || *active.get_or_insert_with(|| summary(store, now, th).active as u64);
    for entity in &scan.entities {
        match entity.entity.as_str() {
            "profile" if entity.field("own").is_some() => {
                if let Some(o) =
                    own_connections(entity, "connections", &scan.lang, &mut active_count, store)
                {
                    overlays.push(o);
                }
                overlays.extend(vanity(
                    entity,
                    "followers",
                    &scan.lang,
                    "tipFollowersVanity",
                ));
            }
            "profile" => {
                overlays.push(person(entity, store, now, th));
                overlays.extend(vanity(
                    entity,
                    "followers",
                    &scan.lang,
                    "tipFollowersVanity",
                ));
                overlays.extend(vanity(
                    entity,
                    "connections",
                    &scan.lang,
                    "tipConnectionsVanity",
                ));
            }
            "network" => {
                if let Some(o) =
                    own_connections(entity, "connections", &scan.lang, &mut active_count, store)
                {
                    overlays.push(o);
                }
            }
            _ => {}
        }
    }
    overlays
}

fn vanity(
    entity: &EntityRecord,
    field: &'static str,
    lang: &str,
    why: &'static str,
) -> Option<Overlay> {
    let number = entity
        .field(field)
        .and_then(|text| parse_count(text, lang))?;
    Some(Overlay {
        key: entity.key.clone(),
        field,
        kind: OverlayKind::Vanity,
        count_kind: field,
        number: Some(number),
        level: None,
        label: Msg::new("vanityMark", &[]),
        detail: vec![Msg::new(why, &[])],
    })
}

/// "N active relationships of M connections": M as the page prints it ("500+" is a floor, so
/// the store's own count wins when larger).
fn own_connections(
    entity: &EntityRecord,
    field: &'static str,
    lang: &str,
    active: &mut impl FnMut() -> u64,
    store: &Store,
) -> Option<Overlay> {
    let shown = entity
        .field(field)
        .and_then(|text| parse_count(text, lang))?;
    let known = store.counterparts().filter(|c| c.connection).count() as u64;
    let connections = shown.max(known);
    let active = active();
    Some(Overlay {
        key: entity.key.clone(),
        field,
        kind: OverlayKind::Vanity,
        count_kind: field,
        number: Some(shown),
        level: None,
        label: Msg::new("activeOfConnections", &[active, connections]),
        detail: vec![Msg::new("tipActiveOfConnections", &[active, connections])],
    })
}

fn person(entity: &EntityRecord, store: &Store, now: i64, th: &Thresholds) -> Overlay {
    // The person may be stored under the member id the card shows rather than the URL's slug.
    let slug = profile_key(&entity.key).unwrap_or_else(|| entity.key.clone());
    let member = entity.field("member_ref").and_then(member_key);
    let key = [Some(slug.clone()), member]
        .into_iter()
        .flatten()
        .find(|k| store.is_stored(k))
        .map_or(slug, |k| store.canonical(&k).to_string());
    let tie = tie_for(store, &key, now, th);
    let (level, detail) = match &tie {
        Some(tie) => (tier_name(tie.tier), explain(tie)),
        None => ("none", vec![Msg::new("reason_no_interaction", &[])]),
    };
    Overlay {
        key: entity.key.clone(),
        field: "name",
        kind: OverlayKind::Relationship,
        count_kind: "relationship",
        number: tie
            .as_ref()
            .map(|t| u64::from(t.given.total() + t.received.total())),
        level: Some(level),
        label: Msg::new(tier_key(level), &[]),
        detail,
    }
}

pub fn tier_name(tier: Tier) -> &'static str {
    match tier {
        Tier::Strong => "strong",
        Tier::Active => "active",
        Tier::OneWay => "one_way",
        Tier::Dormant => "dormant",
        Tier::Ghost => "ghost",
    }
}

fn tier_key(level: &str) -> &'static str {
    match level {
        "strong" => "tier_strong",
        "active" => "tier_active",
        "one_way" => "tier_one_way",
        "dormant" => "tier_dormant",
        "ghost" => "tier_ghost",
        _ => "tier_none",
    }
}

/// Why a tie is what it is, as the profile badge says it (also the network page's reasons).
pub fn explain(tie: &Tie) -> Vec<Msg> {
    let mut parts = vec![Msg::new(
        "reason_counts",
        &[tie.given.total().into(), tie.received.total().into()],
    )];
    parts.extend(tie.why.iter().filter_map(|reason| match *reason {
        Reason::NoInteraction => Some(Msg::new("reason_no_interaction", &[])),
        Reason::OnlyGiven { count } => Some(Msg::new("reason_only_given", &[count.into()])),
        Reason::OnlyReceived { count } => Some(Msg::new("reason_only_received", &[count.into()])),
        // The counts each way are already the first part.
        Reason::Reciprocal { .. } => None,
        Reason::LastInteractionDaysAgo { days } => {
            Some(Msg::new("reason_last_interaction_days_ago", &[days.into()]))
        }
        Reason::Channels { n } => Some(Msg::new("reason_channels", &[n.into()])),
        Reason::MostlyReactions { reactions, total } => Some(Msg::new(
            "reason_mostly_reactions",
            &[reactions.into(), total.into()],
        )),
        Reason::KnownForYears { years } => {
            Some(Msg::new("reason_known_for_years", &[years.into()]))
        }
    }));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Counterpart, Direction, Interaction, Kind, Source};

    const NOW: i64 = 1_800_000_000;
    const DAY: i64 = 86_400;

    fn profile(key: &str, fields: &[(&str, &str)]) -> EntityRecord {
        EntityRecord {
            entity: "profile".into(),
            key: key.into(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            children: vec![],
        }
    }

    fn message(id: &str, direction: Direction, days_ago: i64) -> Interaction {
        Interaction {
            id: id.into(),
            counterpart: "in:bia-souza".into(),
            kind: Kind::Message,
            direction,
            at: NOW - days_ago * DAY,
            depth: None,
            source: Source::Page,
            text: None,
        }
    }

    fn scan(entities: Vec<EntityRecord>) -> PageScan {
        PageScan {
            path: "/in/bia-souza/".into(),
            lang: "pt-BR".into(),
            page_kind: Some("profile".into()),
            entities,
            ..Default::default()
        }
    }

    #[test]
    fn a_profile_shows_the_tier_the_interactions_imply() {
        let mut store = Store::new();
        let bia = Counterpart {
            key: "in:bia-souza".into(),
            name: "Bia Souza".into(),
            connection: true,
            connected_at: None,
        };
        let page = scan(vec![profile(
            "bia-souza",
            &[
                ("name", "Bia Souza"),
                ("followers", "1.234"),
                ("connections", "500+"),
            ],
        )]);

        let overlays = relationship_overlays(&page, &store, NOW, &Thresholds::default());
        assert_eq!(overlays[0].level, Some("none"));
        assert_eq!(
            overlays
                .iter()
                .map(|o| (o.field, o.number))
                .collect::<Vec<_>>()[1..],
            [("followers", Some(1234)), ("connections", Some(500))]
        );

        store.record(vec![], vec![bia]);
        let overlays = relationship_overlays(&page, &store, NOW, &Thresholds::default());
        assert_eq!(overlays[0].level, Some("ghost"));

        let talk: Vec<_> = (0..6)
            .flat_map(|i| {
                [
                    message(&format!("g{i}"), Direction::Given, i * 5),
                    message(&format!("r{i}"), Direction::Received, i * 5 + 1),
                ]
            })
            .collect();
        store.record(talk, vec![]);
        let overlays = relationship_overlays(&page, &store, NOW, &Thresholds::default());
        let relationship = &overlays[0];
        assert_eq!(
            (relationship.kind, relationship.field, relationship.number),
            (OverlayKind::Relationship, "name", Some(12))
        );
        assert!(
            matches!(relationship.level, Some("active" | "strong")),
            "{:?}",
            relationship.level
        );
        assert_eq!(relationship.detail[0], Msg::new("reason_counts", &[6, 6]));
    }

    #[test]
    fn the_users_own_connection_count_says_how_many_are_active() {
        let store = Store::new();
        let page = scan(vec![profile(
            "me",
            &[
                ("own", "true"),
                ("connections", "500+"),
                ("followers", "17.432"),
            ],
        )]);
        let overlays = relationship_overlays(&page, &store, NOW, &Thresholds::default());
        assert_eq!(
            overlays[0].label,
            Msg::new("activeOfConnections", &[0, 500])
        );
        assert_eq!(overlays[1].number, Some(17_432));
        assert!(overlays.iter().all(|o| o.kind == OverlayKind::Vanity));
    }

    #[test]
    fn a_profile_finds_someone_stored_under_its_member_id() {
        let member = "ACoAADVg-eoB88GyIET_PiM0hdcOQOwCkzfp45A";
        let mut store = Store::new();
        let mut talk = message("m1", Direction::Received, 1);
        talk.counterpart = format!("in:{member}");
        store.record(vec![talk], vec![]);
        let page = scan(vec![profile(
            "bia-souza",
            &[
                ("name", "Bia Souza"),
                ("member_ref", &format!("urn%3Ali%3Afsd_profile%3A{member}")),
            ],
        )]);
        let overlays = relationship_overlays(&page, &store, NOW, &Thresholds::default());
        assert_eq!(overlays[0].number, Some(1));
    }
}
