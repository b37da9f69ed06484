//! Tie strength: how strong the user's relationship with each counterpart is, and why.
//!
//! For a counterpart at time `now`:
//! - each interaction weighs `kind weight × effort`, where the kind weights are
//!   recommendation 4, message 3, comment/reply 2, mention 1.5, endorsement 1, reaction 0.5,
//!   and effort is `1 + log2(1 + words/20)` capped at 3 (1 without a text), or 0.25 for a
//!   low-effort text ("Congrats!", only emoji);
//! - it decays as `2^(-(now - at)/half_life)` (half-life 90 days);
//! - G and R are the decayed sums given and received, intensity `I = G + R`, reciprocity
//!   `ρ = min(G,R)/max(G,R)` (0 when either is 0), multiplexity `m` the distinct kinds in the
//!   last 365 days, duration `D` the years since the first interaction or the connection;
//! - `strength = I · (0.5 + 0.5ρ) · (1 + 0.1(m − 1)) · (1 + 0.25·log2(1 + D))`.
//!
//! Invitations weigh nothing: sending or accepting one is the start of the relationship (it
//! sets `D`), not an exchange — the article's "ghost contacts" are exactly connections with
//! nothing after the invitation. They are still counted in [`KindCounts`].
//!
//! One pass over the store's compact interactions, no allocation per interaction: a table of
//! effort by word count, and the decay as the product of three table entries (no `exp2`,
//! which wasm computes in software).

use crate::model::{Counterpart, Direction, Kind, UNKNOWN_COUNTERPART};
use crate::sorting::{in_order, sort_positions};
use crate::store::{kind_index, Compact, Store};
use serde::{Deserialize, Serialize};

const DAY: f64 = 86_400.0;
const YEAR: f64 = 365.25 * DAY;
/// Multiplexity counts the kinds used in this many days.
const MULTIPLEXITY_DAYS: f64 = 365.0;
/// Words at which the effort factor reaches its cap of 3 (`1 + log2(1 + 60/20) = 3`).
const EFFORT_CAP_WORDS: usize = 60;
const LOW_EFFORT: f64 = 0.25;

/// The tier boundaries. Configuration (the options page may override them), each with its
/// reason; strengths are on the scale of the formula above, where one substantive comment
/// (≈ 12 words) weighs about 3 when fresh.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thresholds {
    /// Days for an interaction's weight to halve. 90: Gilbert & Karahalios find recency among
    /// the strongest predictors; a quarter is how long a professional tie survives silence
    /// before it feels cold.
    pub half_life_days: f64,
    /// Strength from which a reciprocal tie is *active*. 2.0 ≈ one substantive comment each
    /// way within the last ~4 months, while reactions alone (0.5 each) never reach it: the
    /// article's point that likes are not a relationship.
    pub active_strength: f64,
    /// Strength from which a tie is *strong*. 15 ≈ a conversation of a few messages each way
    /// in the last quarter, or a year of regular substantive exchanges.
    pub strong_strength: f64,
    /// Below this reciprocity a tie with recent activity is *one-way*. 0.1: when one side
    /// gives ten times what the other does, the exchange is not mutual.
    pub one_way_reciprocity: f64,
    /// A one-way tie is only called so while its last interaction is this recent; older, it
    /// is simply dormant. 90 days: one half-life.
    pub one_way_recent_days: f64,
}

crate::json::from_json_object!(Thresholds defaults {
    half_life_days,
    active_strength,
    strong_strength,
    one_way_reciprocity,
    one_way_recent_days,
});

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            half_life_days: 90.0,
            active_strength: 2.0,
            strong_strength: 15.0,
            one_way_reciprocity: 0.1,
            one_way_recent_days: 90.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Strong,
    Active,
    OneWay,
    Dormant,
    Ghost,
}

/// Interactions per kind, undecayed (what the badge shows as "counts each way").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCounts {
    pub message: u32,
    pub comment: u32,
    pub reply: u32,
    pub mention: u32,
    pub reaction: u32,
    pub endorsement: u32,
    pub recommendation: u32,
    pub invitation: u32,
}

impl KindCounts {
    fn from_array(counts: [u32; 8]) -> KindCounts {
        let [message, comment, reply, mention, reaction, endorsement, recommendation, invitation] =
            counts;
        KindCounts {
            message,
            comment,
            reply,
            mention,
            reaction,
            endorsement,
            recommendation,
            invitation,
        }
    }

    pub fn total(&self) -> u32 {
        self.message
            + self.comment
            + self.reply
            + self.mention
            + self.reaction
            + self.endorsement
            + self.recommendation
            + self.invitation
    }
}

/// Why a tie is what it is: a code and numbers, translated by the UI (message key
/// `reason_<code>`, see `relationship`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// Nothing recorded besides, perhaps, the invitation.
    NoInteraction,
    /// Everything went from the user to them.
    OnlyGiven {
        count: u32,
    },
    /// Everything came from them.
    OnlyReceived {
        count: u32,
    },
    /// Both ways (undecayed counts, invitations excluded).
    Reciprocal {
        given: u32,
        received: u32,
    },
    LastInteractionDaysAgo {
        days: u32,
    },
    /// Distinct kinds of exchange in the last 365 days.
    Channels {
        n: u32,
    },
    /// Reactions are most of what was exchanged.
    MostlyReactions {
        reactions: u32,
        total: u32,
    },
    /// Years since the first interaction or the connection (at least 1).
    KnownForYears {
        years: u32,
    },
}

/// The user's relationship with one counterpart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tie {
    pub key: String,
    pub name: String,
    pub connection: bool,
    pub tier: Tier,
    pub strength: f64,
    /// G and R: the decayed sums given and received.
    pub given_weight: f64,
    pub received_weight: f64,
    pub reciprocity: f64,
    pub given: KindCounts,
    pub received: KindCounts,
    /// Unix seconds of the last and first interaction (invitations included), if any.
    /// (`last_at_ms` and `first_at_ms` in JSON.)
    #[serde(rename = "last_at_ms", with = "crate::model::ms::option")]
    pub last_at: Option<i64>,
    #[serde(rename = "first_at_ms", with = "crate::model::ms::option")]
    pub first_at: Option<i64>,
    /// Kinds exchanged in the last 365 days (invitations excluded).
    pub channels: Vec<Kind>,
    pub why: Vec<Reason>,
    /// The person's page on the site (`model::profile_url`), filled for the ties a summary
    /// lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The weight of each kind, indexed as [`Kind::ALL`].
fn kind_weight(kind: Kind) -> f64 {
    match kind {
        Kind::Recommendation => 4.0,
        Kind::Message => 3.0,
        Kind::Comment | Kind::Reply => 2.0,
        Kind::Mention => 1.5,
        Kind::Endorsement => 1.0,
        Kind::Reaction => 0.5,
        Kind::Invitation => 0.0,
    }
}

/// The effort factor of a text of `words` words.
pub fn effort(words: u32, low_effort: bool) -> f64 {
    if low_effort {
        LOW_EFFORT
    } else {
        (1.0 + (1.0 + f64::from(words) / 20.0).log2()).min(3.0)
    }
}

/// `kind weight × effort` of an interaction, undecayed.
pub fn interaction_weight(kind: Kind, depth: Option<crate::model::Depth>) -> f64 {
    kind_weight(kind) * depth.map_or(1.0, |d| effort(d.words, d.low_effort))
}

/// Reciprocity `min/max`, 0 when either side is 0.
pub fn reciprocity(given: f64, received: f64) -> f64 {
    let (low, high) = if given < received {
        (given, received)
    } else {
        (received, given)
    };
    if low <= 0.0 {
        0.0
    } else {
        low / high
    }
}

/// The strength formula from its parts.
pub fn strength(given: f64, received: f64, multiplexity: u32, duration_years: f64) -> f64 {
    let intensity = given + received;
    let channels = f64::from(multiplexity.max(1));
    intensity
        * (0.5 + 0.5 * reciprocity(given, received))
        * (1.0 + 0.1 * (channels - 1.0))
        * (1.0 + 0.25 * (1.0 + duration_years.max(0.0)).log2())
}

/// Per-person sums of one pass.
#[derive(Debug, Clone, Copy)]
struct Sums {
    given: f64,
    received: f64,
    /// `[given, received][kind]`, undecayed.
    counts: [[u32; 8]; 2],
    /// Bit per kind used in the multiplexity window.
    recent_kinds: u8,
    first_at: i64,
    last_at: i64,
    /// Last interaction that was an exchange (not an invitation).
    last_exchange_at: i64,
}

impl Default for Sums {
    fn default() -> Sums {
        Sums {
            given: 0.0,
            received: 0.0,
            counts: [[0; 8]; 2],
            recent_kinds: 0,
            first_at: i64::MAX,
            last_at: i64::MIN,
            last_exchange_at: i64::MIN,
        }
    }
}

impl Sums {
    fn exchanges(&self) -> (u32, u32) {
        let invitation = kind_index(Kind::Invitation);
        let sum = |side: &[u32; 8]| -> u32 {
            side.iter()
                .enumerate()
                .filter(|(k, _)| *k != invitation)
                .map(|(_, n)| n)
                .sum()
        };
        (sum(&self.counts[0]), sum(&self.counts[1]))
    }
}

/// Precomputed kind weight × effort, so the loop does a table look-up.
pub(crate) struct Weights {
    /// `[kind][0 = no text | 1 + words (capped) | low effort]` flattened.
    by_kind_and_words: [[f64; EFFORT_CAP_WORDS + 3]; 8],
}

impl Weights {
    pub(crate) fn new() -> Weights {
        let mut table = [[0.0; EFFORT_CAP_WORDS + 3]; 8];
        for (k, row) in table.iter_mut().enumerate() {
            let weight = kind_weight(Kind::ALL[k]);
            row[0] = weight;
            for words in 0..=EFFORT_CAP_WORDS {
                row[1 + words] = weight * effort(words as u32, false);
            }
            row[EFFORT_CAP_WORDS + 2] = weight * LOW_EFFORT;
        }
        Weights {
            by_kind_and_words: table,
        }
    }

    pub(crate) fn of(&self, c: &Compact) -> f64 {
        let column = if !c.code.has_depth() {
            0
        } else if c.code.low_effort() {
            EFFORT_CAP_WORDS + 2
        } else {
            1 + (c.words as usize).min(EFFORT_CAP_WORDS)
        };
        self.by_kind_and_words[kind_index_fast(c)][column]
    }
}

fn kind_index_fast(c: &Compact) -> usize {
    (c.code.0 & 0b111) as usize
}

/// `2^(-age/half_life)` for ages in seconds as `low[age mod 2^11] · mid[(age / 2^11) mod 2^11]
/// · high[age / 2^22]`: exact up to rounding, for ages up to 2^33 s (272 years; older weigh 0).
struct Decay {
    low: Vec<f64>,
    mid: Vec<f64>,
    high: Vec<f64>,
}

impl Decay {
    const BITS: u32 = 11;
    const SIZE: usize = 1 << Self::BITS;
    const MASK: u64 = (1 << Self::BITS) - 1;

    fn new(half_life_seconds: f64) -> Decay {
        let table = |shift: u32| -> Vec<f64> {
            (0..Self::SIZE as u64)
                .map(|i| (-((i << shift) as f64) / half_life_seconds).exp2())
                .collect()
        };
        Decay {
            low: table(0),
            mid: table(Self::BITS),
            high: table(2 * Self::BITS),
        }
    }

    #[inline]
    fn of(&self, age_seconds: i64) -> f64 {
        let age = age_seconds.max(0) as u64;
        let high = (age >> (2 * Self::BITS)) as usize;
        if high >= Self::SIZE {
            return 0.0;
        }
        self.low[(age & Self::MASK) as usize]
            * self.mid[((age >> Self::BITS) & Self::MASK) as usize]
            * self.high[high]
    }
}

/// Adds interactions to per-person sums at a given time.
struct Accumulator {
    weights: Weights,
    decay: Decay,
    recent_since: i64,
    now: i64,
}

impl Accumulator {
    fn new(now: i64, th: &Thresholds) -> Accumulator {
        Accumulator {
            weights: Weights::new(),
            decay: Decay::new(th.half_life_days * DAY),
            recent_since: now - (MULTIPLEXITY_DAYS * DAY) as i64,
            now,
        }
    }

    #[inline]
    fn add(&self, s: &mut Sums, c: &Compact) {
        const INVITATION: usize = 7;
        debug_assert_eq!(Kind::ALL[INVITATION], Kind::Invitation);
        let kind = kind_index_fast(c);
        let received = c.code.direction() == Direction::Received;
        s.counts[usize::from(received)][kind] += 1;
        s.first_at = s.first_at.min(c.at);
        s.last_at = s.last_at.max(c.at);
        if kind == INVITATION {
            return;
        }
        s.last_exchange_at = s.last_exchange_at.max(c.at);
        let weight = self.weights.of(c);
        let decayed = weight * self.decay.of(self.now - c.at);
        if received {
            s.received += decayed;
        } else {
            s.given += decayed;
        }
        if c.at >= self.recent_since {
            s.recent_kinds |= 1 << kind;
        }
    }
}

/// One pass: the sums of every person index of the store.
fn sum_all(store: &Store, now: i64, th: &Thresholds) -> Vec<Sums> {
    let accumulator = Accumulator::new(now, th);
    let mut sums = vec![Sums::default(); store.person_keys().len()];
    for c in store.compact() {
        accumulator.add(&mut sums[c.person as usize], c);
    }
    sums
}

/// The tie of every counterpart: every known counterpart (ghosts included) and every person
/// an interaction names, except the user and the unknown counterpart. Sorted by strength,
/// strongest first, then by key.
pub fn score_all(store: &Store, now: i64, th: &Thresholds) -> Vec<Tie> {
    let sums = sum_all(store, now, th);
    let me = store.me().map(|m| m.key.as_str());
    let skip = |key: &str| key == UNKNOWN_COUNTERPART || Some(key) == me;
    let mut ties: Vec<Tie> = Vec::with_capacity(sums.len() + store.counterparts().count());
    // One walk of the counterparts: each to its person index, or a ghost tie right away.
    let mut counterpart_of: Vec<Option<&Counterpart>> = vec![None; sums.len()];
    let no_interaction = Sums::default();
    for counterpart in store.counterparts() {
        match store.person_of(&counterpart.key) {
            Some(person) => counterpart_of[person as usize] = Some(counterpart),
            None if !skip(&counterpart.key) => ties.push(tie(
                &counterpart.key,
                Some(counterpart),
                &no_interaction,
                now,
                th,
            )),
            None => {}
        }
    }
    for (person, key) in store.person_keys().iter().enumerate() {
        if !skip(key) {
            ties.push(tie(key, counterpart_of[person], &sums[person], now, th));
        }
    }
    strongest_first(ties)
}

/// Sorted by strength, strongest first, then by key (unique, so one order). The order is
/// found on positions, comparing the strengths copied into one small array, then each tie
/// moved once: sorting the ties themselves moved 300-byte values a million times for 20,000
/// people.
fn strongest_first(ties: Vec<Tie>) -> Vec<Tie> {
    let strengths: Vec<f64> = ties.iter().map(|t| t.strength).collect();
    let mut order: Vec<u32> = (0..ties.len() as u32).collect();
    sort_positions(&mut order, &|a, b| {
        strengths[b as usize]
            .total_cmp(&strengths[a as usize])
            .then_with(|| ties[a as usize].key.cmp(&ties[b as usize].key))
    });
    in_order(ties, &order)
}

/// The tie with one counterpart, or `None` when the store knows nothing of them.
pub fn tie_for(store: &Store, key: &str, now: i64, th: &Thresholds) -> Option<Tie> {
    if key == UNKNOWN_COUNTERPART || store.me().is_some_and(|m| m.key == key) {
        return None;
    }
    match store.person_of(key) {
        Some(person) => {
            let accumulator = Accumulator::new(now, th);
            let mut sums = Sums::default();
            for c in store.compact().filter(|c| c.person == person) {
                accumulator.add(&mut sums, c);
            }
            Some(tie(key, store.counterpart(key), &sums, now, th))
        }
        None => store
            .counterpart(key)
            .map(|c| tie(key, Some(c), &Sums::default(), now, th)),
    }
}

fn tie(key: &str, counterpart: Option<&Counterpart>, s: &Sums, now: i64, th: &Thresholds) -> Tie {
    let connected_at = counterpart.and_then(|c| c.connected_at);
    let first_at = (s.first_at != i64::MAX).then_some(s.first_at);
    let last_at = (s.last_at != i64::MIN).then_some(s.last_at);
    let start = match (first_at, connected_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let duration_years = start.map_or(0.0, |start| (now - start).max(0) as f64 / YEAR);
    let multiplexity = s.recent_kinds.count_ones();
    let strength = strength(s.given, s.received, multiplexity, duration_years);
    let rho = reciprocity(s.given, s.received);
    let (given_n, received_n) = s.exchanges();
    let days_since_exchange = (s.last_exchange_at != i64::MIN)
        .then(|| ((now - s.last_exchange_at).max(0) as f64 / DAY) as u32);

    let tier = match days_since_exchange {
        None => Tier::Ghost,
        Some(days) if rho < th.one_way_reciprocity && f64::from(days) <= th.one_way_recent_days => {
            Tier::OneWay
        }
        Some(_) if strength >= th.strong_strength => Tier::Strong,
        Some(_) if strength >= th.active_strength && rho >= th.one_way_reciprocity => Tier::Active,
        Some(_) => Tier::Dormant,
    };

    let mut why = Vec::with_capacity(5);
    match (given_n, received_n) {
        (0, 0) => why.push(Reason::NoInteraction),
        (given, 0) => why.push(Reason::OnlyGiven { count: given }),
        (0, received) => why.push(Reason::OnlyReceived { count: received }),
        (given, received) => why.push(Reason::Reciprocal { given, received }),
    }
    if let Some(days) = days_since_exchange {
        why.push(Reason::LastInteractionDaysAgo { days });
        why.push(Reason::Channels { n: multiplexity });
        let reaction = kind_index(Kind::Reaction);
        let reactions = s.counts[0][reaction] + s.counts[1][reaction];
        let total = given_n + received_n;
        if reactions * 2 > total {
            why.push(Reason::MostlyReactions { reactions, total });
        }
    }
    if duration_years >= 1.0 {
        why.push(Reason::KnownForYears {
            years: duration_years as u32,
        });
    }

    Tie {
        key: key.to_string(),
        name: counterpart.map(|c| c.name.clone()).unwrap_or_default(),
        connection: counterpart.is_some_and(|c| c.connection),
        tier,
        strength,
        given_weight: s.given,
        received_weight: s.received,
        reciprocity: rho,
        given: KindCounts::from_array(s.counts[0]),
        received: KindCounts::from_array(s.counts[1]),
        last_at,
        first_at,
        channels: Kind::ALL
            .iter()
            .enumerate()
            .filter(|(k, _)| s.recent_kinds & (1 << k) != 0)
            .map(|(_, kind)| *kind)
            .collect(),
        why,
        url: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Counterpart, Depth, Interaction, Source};

    const NOW: i64 = 1_800_000_000;

    fn at_days_ago(days: f64) -> i64 {
        NOW - (days * DAY) as i64
    }

    fn add(
        store: &mut Store,
        who: &str,
        kind: Kind,
        direction: Direction,
        days_ago: f64,
        words: Option<u32>,
    ) {
        let id = format!("{who}-{kind:?}-{direction:?}-{days_ago}-{}", store.len());
        let interaction = Interaction {
            id,
            counterpart: who.to_string(),
            kind,
            direction,
            at: at_days_ago(days_ago),
            depth: words.map(|words| Depth {
                words,
                question: false,
                low_effort: false,
            }),
            source: Source::Page,
            text: None,
        };
        store.record(vec![interaction], vec![]);
    }

    fn tie_of(store: &Store, key: &str) -> Tie {
        tie_for(store, key, NOW, &Thresholds::default()).expect("known")
    }

    #[test]
    fn effort_grows_with_words_and_caps_at_three() {
        assert_eq!(effort(0, false), 1.0);
        assert!((effort(20, false) - 2.0).abs() < 1e-12);
        assert!((effort(60, false) - 3.0).abs() < 1e-12);
        assert_eq!(effort(500, false), 3.0);
        assert_eq!(effort(500, true), 0.25);
        assert_eq!(interaction_weight(Kind::Message, None), 3.0);
        assert_eq!(interaction_weight(Kind::Invitation, None), 0.0);
        let low = Depth {
            words: 1,
            question: false,
            low_effort: true,
        };
        assert_eq!(interaction_weight(Kind::Comment, Some(low)), 0.5);
    }

    #[test]
    fn reciprocity_is_min_over_max_and_zero_when_one_sided() {
        assert_eq!(reciprocity(2.0, 8.0), 0.25);
        assert_eq!(reciprocity(8.0, 2.0), 0.25);
        assert_eq!(reciprocity(0.0, 8.0), 0.0);
        assert_eq!(reciprocity(0.0, 0.0), 0.0);
    }

    #[test]
    fn strength_formula_combines_its_factors() {
        // I = 4, ρ = 1, m = 3, D = 1: 4 · 1 · 1.2 · 1.25
        assert!((strength(2.0, 2.0, 3, 1.0) - 6.0).abs() < 1e-12);
        // One-sided halves: I = 4, ρ = 0, m = 1, D = 0.
        assert!((strength(4.0, 0.0, 1, 0.0) - 2.0).abs() < 1e-12);
        // m = 0 (nothing in the last year) counts as one channel.
        assert_eq!(strength(1.0, 1.0, 0, 0.0), strength(1.0, 1.0, 1, 0.0));
    }

    #[test]
    fn decay_table_matches_exp2() {
        let decay = Decay::new(90.0 * DAY);
        for age in [
            0i64,
            1,
            2047,
            2048,
            86_400,
            7_776_000,
            4_194_304,
            123_456_789,
            1 << 33,
        ] {
            let exact = (-(age as f64) / (90.0 * DAY)).exp2();
            assert!(
                (decay.of(age) - exact).abs() <= 1e-14 * exact.max(1e-300),
                "{age}"
            );
        }
        assert_eq!(decay.of(-5), 1.0, "the future counts as now");
        assert_eq!(decay.of(i64::MAX), 0.0);
    }

    #[test]
    fn weight_halves_every_half_life() {
        let mut fresh = Store::new();
        add(
            &mut fresh,
            "in:a",
            Kind::Message,
            Direction::Given,
            0.0,
            None,
        );
        let mut old = Store::new();
        add(
            &mut old,
            "in:a",
            Kind::Message,
            Direction::Given,
            90.0,
            None,
        );
        let (fresh, old) = (tie_of(&fresh, "in:a"), tie_of(&old, "in:a"));
        assert!((fresh.given_weight - 3.0).abs() < 1e-9);
        assert!((old.given_weight - 1.5).abs() < 1e-9);
    }

    #[test]
    fn tiers_follow_the_thresholds() {
        let mut store = Store::new();
        // Strong: a recent conversation, several messages each way.
        for day in 0..5 {
            add(
                &mut store,
                "in:strong",
                Kind::Message,
                Direction::Given,
                day as f64,
                Some(30),
            );
            add(
                &mut store,
                "in:strong",
                Kind::Message,
                Direction::Received,
                day as f64,
                Some(30),
            );
        }
        // Active: one substantive comment each way last month.
        add(
            &mut store,
            "in:active",
            Kind::Comment,
            Direction::Given,
            30.0,
            Some(12),
        );
        add(
            &mut store,
            "in:active",
            Kind::Comment,
            Direction::Received,
            30.0,
            Some(12),
        );
        // Reactions both ways are not enough to be active.
        add(
            &mut store,
            "in:likes",
            Kind::Reaction,
            Direction::Given,
            1.0,
            None,
        );
        add(
            &mut store,
            "in:likes",
            Kind::Reaction,
            Direction::Received,
            1.0,
            None,
        );
        // One-way: the user keeps commenting, never answered.
        for day in [1.0, 10.0, 20.0] {
            add(
                &mut store,
                "in:oneway",
                Kind::Comment,
                Direction::Given,
                day,
                Some(15),
            );
        }
        // Dormant: a strong exchange two years ago.
        for _ in 0..5 {
            add(
                &mut store,
                "in:dormant",
                Kind::Message,
                Direction::Given,
                730.0,
                Some(30),
            );
            add(
                &mut store,
                "in:dormant",
                Kind::Message,
                Direction::Received,
                730.0,
                Some(30),
            );
        }
        // Ghost: a connection with only the invitation.
        add(
            &mut store,
            "in:ghost",
            Kind::Invitation,
            Direction::Given,
            400.0,
            None,
        );
        store.record(
            vec![],
            vec![Counterpart {
                key: "in:never".into(),
                name: "Never".into(),
                connection: true,
                connected_at: None,
            }],
        );
        let tier = |key| tie_of(&store, key).tier;
        assert_eq!(tier("in:strong"), Tier::Strong);
        assert_eq!(tier("in:active"), Tier::Active);
        assert_eq!(tier("in:likes"), Tier::Dormant);
        assert_eq!(tier("in:oneway"), Tier::OneWay);
        assert_eq!(tier("in:dormant"), Tier::Dormant);
        assert_eq!(tier("in:ghost"), Tier::Ghost);
        assert_eq!(tier("in:never"), Tier::Ghost);
        assert_eq!(
            tie_for(&store, "in:nobody", NOW, &Thresholds::default()),
            None
        );
    }

    #[test]
    fn invitations_set_the_duration_not_the_intensity() {
        let mut plain = Store::new();
        add(
            &mut plain,
            "in:a",
            Kind::Comment,
            Direction::Given,
            1.0,
            None,
        );
        add(
            &mut plain,
            "in:a",
            Kind::Comment,
            Direction::Received,
            1.0,
            None,
        );
        let mut invited = plain.clone();
        add(
            &mut invited,
            "in:a",
            Kind::Invitation,
            Direction::Received,
            3.0 * 365.25,
            None,
        );
        let (plain, invited) = (tie_of(&plain, "in:a"), tie_of(&invited, "in:a"));
        assert_eq!(
            plain.given_weight + plain.received_weight,
            invited.given_weight + invited.received_weight
        );
        assert!(
            (invited.strength / plain.strength - 1.5).abs() < 0.01,
            "log2(1 + 3) · 0.25 = +50%"
        );
        assert!(invited.why.contains(&Reason::KnownForYears { years: 3 }));
        assert_eq!(invited.channels, vec![Kind::Comment]);
    }

    #[test]
    fn multiplexity_counts_kinds_of_the_last_year() {
        let mut store = Store::new();
        add(
            &mut store,
            "in:a",
            Kind::Comment,
            Direction::Given,
            10.0,
            None,
        );
        add(
            &mut store,
            "in:a",
            Kind::Message,
            Direction::Received,
            100.0,
            None,
        );
        add(
            &mut store,
            "in:a",
            Kind::Endorsement,
            Direction::Received,
            400.0,
            None,
        );
        let tie = tie_of(&store, "in:a");
        assert_eq!(tie.channels, vec![Kind::Message, Kind::Comment]);
        assert!(tie.why.contains(&Reason::Channels { n: 2 }));
        assert!(tie.why.contains(&Reason::Reciprocal {
            given: 1,
            received: 2
        }));
        assert!(tie
            .why
            .contains(&Reason::LastInteractionDaysAgo { days: 10 }));
    }

    #[test]
    fn reasons_say_one_sided_and_mostly_reactions() {
        let mut store = Store::new();
        for day in 0..3 {
            add(
                &mut store,
                "in:a",
                Kind::Reaction,
                Direction::Given,
                day as f64,
                None,
            );
        }
        let tie = tie_of(&store, "in:a");
        assert_eq!(tie.why[0], Reason::OnlyGiven { count: 3 });
        assert!(tie.why.contains(&Reason::MostlyReactions {
            reactions: 3,
            total: 3
        }));
        assert_eq!(tie.given.reaction, 3);
        assert_eq!(tie.received.total(), 0);
    }

    #[test]
    fn score_all_skips_me_and_the_unknown_and_agrees_with_tie_for() {
        let mut store = Store::new();
        store.set_me(crate::store::Me {
            key: "in:me".into(),
            name: "Me".into(),
        });
        add(
            &mut store,
            "in:me",
            Kind::Comment,
            Direction::Given,
            1.0,
            None,
        );
        add(
            &mut store,
            UNKNOWN_COUNTERPART,
            Kind::Comment,
            Direction::Given,
            1.0,
            None,
        );
        add(
            &mut store,
            "in:a",
            Kind::Comment,
            Direction::Given,
            1.0,
            Some(40),
        );
        add(
            &mut store,
            "in:b",
            Kind::Message,
            Direction::Received,
            5.0,
            None,
        );
        let ties = score_all(&store, NOW, &Thresholds::default());
        let keys: Vec<&str> = ties.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, vec!["in:a", "in:b"], "strongest first");
        for tie in &ties {
            assert_eq!(
                Some(tie),
                tie_for(&store, &tie.key, NOW, &Thresholds::default()).as_ref()
            );
        }
        assert_eq!(tie_for(&store, "in:me", NOW, &Thresholds::default()), None);
    }

    #[test]
    fn thresholds_read_partial_json_with_defaults() {
        let th: Thresholds = crate::json::from_str(r#"{"active_strength": 3.5}"#).unwrap();
        assert_eq!(th.strong_strength, Thresholds::default().strong_strength);
        assert_eq!(th.active_strength, 3.5);
        assert_eq!(th.half_life_days, 90.0);
    }
}
