//! Network health for the popup: how many connections are relationships, the ghosts, the
//! give/receive balance, meaningful interactions per week, and who to act on next.
//!
//! Definitions (the popup's figures; ARCHITECTURE.md names the concepts):
//! - **connections** N: counterparts marked as first-degree connections (page or archive).
//! - **active** A: ties in tier strong or active — reciprocal (ρ ≥ the one-way threshold) and
//!   above the active threshold — whose last exchange is at most 90 days old.
//! - **ghosts**: connections with no recorded exchange (an invitation alone is none);
//!   `ghost_ratio = ghosts / N`.
//! - **give share**: `G / (G + R)` over all ties (decayed sums), `None` when both are 0.
//! - **meaningful** interaction: a message, comment, reply, mention or recommendation, either
//!   way, that is not low-effort ("Congrats!", only emoji). Reactions, endorsements and
//!   invitations are one click each: the vanity side the article warns about.
//! - **replies owed**: a message, comment, reply or mention received in the last 7 days,
//!   not low-effort, after which the user gave that person nothing on any channel (one line
//!   per person: the latest such item). Oldest first: the most urgent.
//! - **nurture**: the strongest ties that are active but not yet strong, or one-way towards
//!   the user (they engage, the user does not answer).
//! - **reconnect**: strong ties going dormant — a relationship whose undecayed size reaches
//!   the strong threshold, reciprocal, silent for 60 days or more.
//! - **one-way**: ties in tier one-way, strongest first.

use crate::model::{profile_url, Direction, Kind, UNKNOWN_COUNTERPART};
use crate::score::{reciprocity, score_all, Thresholds, Tie, Tier, Weights};
use crate::sorting::sorted_by;
use crate::store::Store;
use serde::{Deserialize, Serialize};

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
/// Weeks in the chart.
pub const WEEKS: usize = 12;
/// An active relationship has exchanged within this many days.
const ACTIVE_DAYS: i64 = 90;
/// Received items at most this old can be owed a reply.
const REPLY_OWED_DAYS: i64 = 7;
/// A strong tie silent this long is worth a reconnect.
const RECONNECT_AFTER_DAYS: i64 = 60;
/// People per list in the popup.
pub const LIST_LEN: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Week {
    /// Unix seconds of the week's first moment (weeks end at `now`); `start_ms` in JSON.
    #[serde(rename = "start_ms", with = "crate::model::ms")]
    pub start: i64,
    pub meaningful: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyOwed {
    pub key: String,
    pub name: String,
    pub kind: Kind,
    /// Unix seconds; `at_ms` in JSON.
    #[serde(rename = "at_ms", with = "crate::model::ms")]
    pub at: i64,
    /// The person's page on the site (`model::profile_url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Interactions stored (all people, the unknown included).
    pub interactions: usize,
    pub connections: usize,
    pub active: usize,
    pub ghosts: usize,
    /// `ghosts / connections`, 0 without connections.
    pub ghost_ratio: f64,
    pub give_share: Option<f64>,
    /// Oldest first, [`WEEKS`] of them.
    pub weekly: Vec<Week>,
    pub replies_owed: Vec<ReplyOwed>,
    pub nurture: Vec<Tie>,
    pub reconnect: Vec<Tie>,
    pub one_way: Vec<Tie>,
}

fn is_meaningful(kind: Kind, low_effort: bool) -> bool {
    !low_effort
        && matches!(
            kind,
            Kind::Message | Kind::Comment | Kind::Reply | Kind::Mention | Kind::Recommendation
        )
}

fn owes_reply(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Message | Kind::Comment | Kind::Reply | Kind::Mention
    )
}

pub fn summary(store: &Store, now: i64, th: &Thresholds) -> Summary {
    let ties = score_all(store, now, th);
    let pass = Pass::run(store, now);
    let connections = ties.iter().filter(|t| t.connection).count();
    let ghosts = ties
        .iter()
        .filter(|t| t.connection && t.tier == Tier::Ghost)
        .count();
    let active = ties.iter().filter(|t| is_active(t, now)).count();
    let given: f64 = ties.iter().map(|t| t.given_weight).sum();
    let received: f64 = ties.iter().map(|t| t.received_weight).sum();

    Summary {
        interactions: store.len(),
        connections,
        active,
        ghosts,
        ghost_ratio: if connections == 0 {
            0.0
        } else {
            ghosts as f64 / connections as f64
        },
        give_share: (given + received > 0.0).then(|| given / (given + received)),
        replies_owed: {
            let mut owed = pass.replies_owed(store);
            owed.truncate(LIST_LEN);
            owed
        },
        reconnect: pass.reconnect(store, &ties, now, th),
        weekly: pass.weekly,
        nurture: pick(&ties, |t| {
            t.tier == Tier::Active || (t.tier == Tier::OneWay && t.received_weight > t.given_weight)
        }),
        one_way: pick(&ties, |t| t.tier == Tier::OneWay),
    }
}

/// Whether a tie counts as an active relationship (the popup's "active" figure): strong or
/// active, and exchanged within [`ACTIVE_DAYS`].
pub fn is_active(tie: &Tie, now: i64) -> bool {
    matches!(tie.tier, Tier::Strong | Tier::Active)
        && tie.last_at.is_some_and(|at| now - at <= ACTIVE_DAYS * DAY)
}

/// How many people are owed a reply (every one, not the popup's first few): the toolbar
/// badge's number.
pub fn replies_owed_count(store: &Store, now: i64) -> usize {
    Pass::run(store, now).replies_owed(store).len()
}

/// The first [`LIST_LEN`] ties (already strongest first) that match, with their pages.
fn pick(ties: &[Tie], wanted: impl Fn(&Tie) -> bool) -> Vec<Tie> {
    ties.iter()
        .filter(|t| wanted(t))
        .take(LIST_LEN)
        .map(|t| Tie {
            url: profile_url(&t.key),
            ..t.clone()
        })
        .collect()
}

/// What one pass over the interactions gathers besides the ties.
pub(crate) struct Pass {
    weekly: Vec<Week>,
    /// Per person: the last time the user gave anything but an invitation.
    last_given: Vec<i64>,
    /// Per person: the latest received item that may be owed a reply.
    latest_received: Vec<Option<(i64, Kind)>>,
    /// Per person: undecayed `kind weight × effort` given and received.
    lifetime: Vec<(f64, f64)>,
}

impl Pass {
    pub(crate) fn run(store: &Store, now: i64) -> Pass {
        let people = store.person_keys().len();
        let first_week = now - WEEKS as i64 * WEEK;
        let owed_since = now - REPLY_OWED_DAYS * DAY;
        let weights = Weights::new();
        let mut pass = Pass {
            weekly: (0..WEEKS as i64)
                .map(|i| Week {
                    start: first_week + i * WEEK,
                    meaningful: 0,
                })
                .collect(),
            last_given: vec![i64::MIN; people],
            latest_received: vec![None; people],
            lifetime: vec![(0.0, 0.0); people],
        };
        for c in store.compact() {
            let person = c.person as usize;
            let kind = c.code.kind();
            let low_effort = c.code.low_effort();
            if c.at >= first_week && c.at <= now && is_meaningful(kind, low_effort) {
                // `now` itself belongs to the last week.
                let week = (((c.at - first_week) / WEEK) as usize).min(WEEKS - 1);
                pass.weekly[week].meaningful += 1;
            }
            if kind == Kind::Invitation {
                continue;
            }
            let weight = weights.of(c);
            match c.code.direction() {
                Direction::Given => {
                    pass.last_given[person] = pass.last_given[person].max(c.at);
                    pass.lifetime[person].0 += weight;
                }
                Direction::Received => {
                    pass.lifetime[person].1 += weight;
                    let latest = &mut pass.latest_received[person];
                    if c.at >= owed_since
                        && owes_reply(kind)
                        && !low_effort
                        && latest.is_none_or(|(at, _)| c.at > at)
                    {
                        *latest = Some((c.at, kind));
                    }
                }
            }
        }
        pass
    }

    fn replies_owed(&self, store: &Store) -> Vec<ReplyOwed> {
        let me = store.me().map(|m| m.key.as_str());
        let owed: Vec<ReplyOwed> = self
            .latest_received
            .iter()
            .enumerate()
            .filter_map(|(person, _)| {
                let (at, kind) = self.owed(person as u32)?;
                let key = store.person_key(person as u32);
                if key == UNKNOWN_COUNTERPART || Some(key) == me {
                    return None;
                }
                Some(ReplyOwed {
                    key: key.to_string(),
                    name: store
                        .counterpart(key)
                        .map(|c| c.name.clone())
                        .unwrap_or_default(),
                    kind,
                    at,
                    url: profile_url(key),
                })
            })
            .collect();
        sorted_by(owed, |a, b| a.at.cmp(&b.at).then_with(|| a.key.cmp(&b.key)))
    }

    /// The item received from this person that is owed a reply, if any (see
    /// [`Pass::replies_owed`]; the caller skips the user and the unknown counterpart).
    pub(crate) fn owed(&self, person: u32) -> Option<(i64, Kind)> {
        let (at, kind) = self.latest_received[person as usize]?;
        (at > self.last_given[person as usize]).then_some((at, kind))
    }

    /// A strong tie going dormant (the reconnect list's rule): its size, else `None`.
    pub(crate) fn dormant_strong(
        &self,
        store: &Store,
        t: &Tie,
        now: i64,
        th: &Thresholds,
    ) -> Option<f64> {
        let silent = t
            .last_at
            .is_some_and(|at| now - at >= RECONNECT_AFTER_DAYS * DAY);
        if !matches!(t.tier, Tier::Active | Tier::Dormant) || !silent {
            return None;
        }
        let (given, received) = self.lifetime[store.person_of(&t.key)? as usize];
        let size = (given + received) * (0.5 + 0.5 * reciprocity(given, received));
        (size >= th.strong_strength && reciprocity(given, received) >= th.one_way_reciprocity)
            .then_some(size)
    }

    /// Strong ties going dormant: sized like a strong tie over all time — undecayed, weighted
    /// by undecayed reciprocity so a long one-sided history is no relationship — and silent
    /// for [`RECONNECT_AFTER_DAYS`]; the biggest first.
    fn reconnect(&self, store: &Store, ties: &[Tie], now: i64, th: &Thresholds) -> Vec<Tie> {
        let candidates: Vec<(f64, &Tie)> = ties
            .iter()
            .filter_map(|t| Some((self.dormant_strong(store, t, now, th)?, t)))
            .collect();
        sorted_by(candidates, |a, b| {
            b.0.total_cmp(&a.0).then_with(|| a.1.key.cmp(&b.1.key))
        })
        .into_iter()
        .take(LIST_LEN)
        .map(|(_, t)| Tie {
            url: profile_url(&t.key),
            ..t.clone()
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Counterpart, Depth, Interaction, Source};

    const NOW: i64 = 1_800_000_000;

    struct Builder(Store);

    impl Builder {
        fn new() -> Builder {
            Builder(Store::new())
        }
        fn connect(mut self, key: &str, name: &str) -> Builder {
            let person = Counterpart {
                key: key.into(),
                name: name.into(),
                connection: true,
                connected_at: None,
            };
            self.0.record(vec![], vec![person]);
            self
        }
        fn add(
            mut self,
            key: &str,
            kind: Kind,
            direction: Direction,
            days_ago: f64,
            low_effort: bool,
        ) -> Builder {
            let interaction = Interaction {
                id: format!("{}", self.0.len()),
                counterpart: key.into(),
                kind,
                direction,
                at: NOW - (days_ago * DAY as f64) as i64,
                depth: Some(Depth {
                    words: if low_effort { 1 } else { 15 },
                    question: false,
                    low_effort,
                }),
                source: Source::Page,
                text: None,
            };
            self.0.record(vec![interaction], vec![]);
            self
        }
    }

    #[test]
    fn connections_ghosts_and_active_relationships() {
        let store = Builder::new()
            .connect("in:ana", "Ana")
            .connect("in:bob", "Bob")
            .connect("in:cid", "Cid")
            .connect("in:dee", "Dee")
            .add("in:ana", Kind::Comment, Direction::Given, 5.0, false)
            .add("in:ana", Kind::Comment, Direction::Received, 4.0, false)
            .add("in:bob", Kind::Invitation, Direction::Given, 3.0, false)
            .add("in:dee", Kind::Comment, Direction::Given, 1.0, false)
            .add("in:eve", Kind::Comment, Direction::Received, 2.0, false)
            .0;
        let s = summary(&store, NOW, &Thresholds::default());
        assert_eq!(s.interactions, 5);
        assert_eq!(s.connections, 4, "Eve is not a connection");
        assert_eq!(s.ghosts, 2, "Bob (only the invitation) and Cid");
        assert_eq!(s.ghost_ratio, 0.5);
        assert_eq!(s.active, 1, "only Ana is reciprocal");
        let one_way: Vec<&str> = s.one_way.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(one_way.len(), 2);
        assert!(one_way.contains(&"in:dee") && one_way.contains(&"in:eve"));
        let nurture: Vec<&str> = s.nurture.iter().map(|t| t.key.as_str()).collect();
        assert!(nurture.contains(&"in:ana") && nurture.contains(&"in:eve"));
        assert!(
            !nurture.contains(&"in:dee"),
            "the user already gives to Dee"
        );
    }

    #[test]
    fn give_share_is_given_over_total_and_none_when_empty() {
        assert_eq!(
            summary(&Store::new(), NOW, &Thresholds::default()).give_share,
            None
        );
        let store = Builder::new()
            .add("in:a", Kind::Message, Direction::Given, 0.0, false)
            .add("in:a", Kind::Message, Direction::Given, 0.0, false)
            .add("in:b", Kind::Message, Direction::Received, 0.0, false)
            .0;
        let share = summary(&store, NOW, &Thresholds::default())
            .give_share
            .unwrap();
        assert!((share - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn weekly_counts_only_meaningful_interactions_in_their_week() {
        let store = Builder::new()
            .add("in:a", Kind::Comment, Direction::Given, 0.0, false)
            .add("in:a", Kind::Message, Direction::Received, 2.0, false)
            .add("in:a", Kind::Comment, Direction::Given, 1.0, true)
            .add("in:a", Kind::Reaction, Direction::Given, 1.0, false)
            .add("in:a", Kind::Endorsement, Direction::Given, 1.0, false)
            .add(
                UNKNOWN_COUNTERPART,
                Kind::Comment,
                Direction::Given,
                8.0,
                false,
            )
            .add("in:a", Kind::Reply, Direction::Given, 83.0, false)
            .add("in:a", Kind::Reply, Direction::Given, 85.0, false)
            .0;
        let s = summary(&store, NOW, &Thresholds::default());
        assert_eq!(s.weekly.len(), WEEKS);
        assert_eq!(s.weekly[WEEKS - 1].start, NOW - WEEK);
        let counts: Vec<u32> = s.weekly.iter().map(|w| w.meaningful).collect();
        let mut expected = vec![0; WEEKS];
        expected[WEEKS - 1] = 2;
        expected[WEEKS - 2] = 1;
        expected[0] = 1;
        assert_eq!(counts, expected, "85 days ago is outside the 84-day chart");
    }

    #[test]
    fn a_reply_is_owed_until_the_user_gives_anything_back() {
        let store = Builder::new()
            .connect("in:ana", "Ana")
            .add("in:ana", Kind::Message, Direction::Received, 3.0, false)
            .add("in:bob", Kind::Comment, Direction::Received, 2.0, false)
            .add("in:bob", Kind::Reaction, Direction::Given, 1.0, false)
            .add("in:cid", Kind::Comment, Direction::Received, 1.0, true)
            .add("in:dee", Kind::Message, Direction::Received, 10.0, false)
            .add("in:eve", Kind::Mention, Direction::Received, 1.0, false)
            .add("in:eve", Kind::Reaction, Direction::Received, 0.5, false)
            .0;
        let s = summary(&store, NOW, &Thresholds::default());
        let owed: Vec<(&str, &str, Kind)> = s
            .replies_owed
            .iter()
            .map(|o| (o.key.as_str(), o.name.as_str(), o.kind))
            .collect();
        assert_eq!(
            owed,
            vec![
                ("in:ana", "Ana", Kind::Message),
                ("in:eve", "", Kind::Mention)
            ],
            "Bob was answered, Cid's was low-effort, Dee's is older than 7 days"
        );
        assert_eq!(s.replies_owed[0].at, NOW - 3 * DAY);
    }

    #[test]
    fn strong_ties_gone_quiet_are_listed_to_reconnect() {
        let mut builder = Builder::new().connect("in:old", "Old friend");
        for _ in 0..4 {
            builder = builder
                .add("in:old", Kind::Message, Direction::Given, 500.0, false)
                .add("in:old", Kind::Message, Direction::Received, 500.0, false)
                .add("in:fan", Kind::Message, Direction::Given, 500.0, false);
        }
        let store = builder
            .add("in:small", Kind::Comment, Direction::Given, 500.0, false)
            .add("in:small", Kind::Comment, Direction::Received, 500.0, false)
            .0;
        let s = summary(&store, NOW, &Thresholds::default());
        let keys: Vec<&str> = s.reconnect.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(
            keys,
            vec!["in:old"],
            "one-sided history and small ties are not listed"
        );
        assert_eq!(s.reconnect[0].tier, Tier::Dormant);
    }
}
