//! What the content script reports → interactions, with stable ids so that seeing the same
//! thing twice adds nothing.
//!
//! The content script observes read-only: the user's own clicks and submits (reactions,
//! comments, replies, messages sent) and what the user received as shown on the page
//! (messages in a thread, notifications, comments on the user's own posts). One batch per
//! drain, [`Batch`], plain snake_case JSON:
//!
//! ```json
//! {"lang": "pt-BR", "now_ms": 1800000000000,
//!  "me": {"href": "/in/ana-silva/", "name": "Ana Silva"},
//!  "records": [
//!   {"type": "activity", "kind": "comment", "at_ms": 1800000000000, "text": "Ótimo ponto…",
//!    "target": {"key": "urn:li:activity:7234", "author_name": "Bob", "author_href": "/in/bob/"}},
//!   {"type": "activity", "kind": "reaction", "reaction_type": "PRAISE", "target": {…}},
//!   {"type": "message", "event_urn": "urn:li:msg_message:…", "thread_id": "2-abc",
//!    "sender_name": "Bob", "sender_href": "/in/bob/", "text": "…", "at_ms": …,
//!    "with_name": "Bob", "with_href": "/in/bob/"},
//!   {"type": "notification", "id": "urn:li:fsd_notification:…", "actor_name": "Bob",
//!    "actor_href": "/in/bob/", "headline": "Bob commented on your post", "at_ms": …},
//!   {"type": "comment", "comment_urn": "urn:li:comment:(activity:1,2)", "author_name": "Bob",
//!    "author_href": "/in/bob/", "post_author_href": "/in/ana-silva/", "text": "…", "at_ms": …}
//!  ]}
//! ```
//!
//! Ids: a reaction is `r:<target>` whatever its type (changing Like to Celebrate is the same
//! reaction; undoing removes it); a comment or reply the user writes is
//! `c:<target>:<text hash>`; a message the user sends is `m:<thread>:<text hash>` whether seen
//! at the send button or later in the thread (so the two sightings agree); a received message
//! is its event URN; a notification its own id; a comment on the user's post its URN.
//! Sending the exact same text twice in one thread therefore counts once.
//!
//! Known limit: a comment received may be seen both as a notification and in the thread
//! under the post; the two carry no shared id, so it can count twice.

use crate::model::{
    profile_key, Counterpart, Direction, Interaction, Kind, Source, UNKNOWN_COUNTERPART,
};
use crate::store::{id_hash, Me, RecordOutcome, Store};
use serde::{Deserialize, Serialize};

/// One drain's worth of records from one tab.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    /// The document's language (`<html lang>`), for the depth features' word lists.
    #[serde(default)]
    pub lang: String,
    /// When the batch was sent (Unix milliseconds): the time of records without their own.
    pub now_ms: f64,
    /// The logged-in user as the page shows them (the "Me" menu), when found.
    #[serde(default)]
    pub me: Option<PersonRef>,
    #[serde(default)]
    pub records: Vec<Record>,
}

/// A person as a page shows them: a profile link and a name, either possibly missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    #[serde(default)]
    pub href: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Activity(ActivityEvent),
    Message(ObservedMessage),
    Notification(ObservedNotification),
    Comment(ObservedComment),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Reaction,
    ReactionUndo,
    Comment,
    Reply,
    MessageSent,
}

/// Something the user did: clicked a reaction, submitted a comment, reply or message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityEvent {
    pub kind: ActivityKind,
    pub target: Target,
    #[serde(default)]
    pub text: Option<String>,
    /// Unix milliseconds; the batch's `now_ms` when absent.
    #[serde(default)]
    pub at_ms: Option<f64>,
    /// LIKE, PRAISE, … (kept for the log; all reactions weigh the same).
    #[serde(default)]
    pub reaction_type: Option<String>,
}

/// What the user acted on: a post or comment (`key` its URN or the adapter's key), or for a
/// message the thread (`key` the thread id), and the person behind it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub author_name: Option<String>,
    #[serde(default)]
    pub author_href: Option<String>,
}

/// One message event in a messaging thread (sent by either side).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObservedMessage {
    pub event_urn: String,
    pub thread_id: String,
    #[serde(default)]
    pub sender_name: Option<String>,
    #[serde(default)]
    pub sender_href: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub at_ms: Option<f64>,
    /// The other participant of a one-to-one thread (its header), to whom the user's own
    /// messages are given. Absent in group threads: the user's messages there are skipped.
    #[serde(default)]
    pub with_name: Option<String>,
    #[serde(default)]
    pub with_href: Option<String>,
}

/// A notification card: who did what to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObservedNotification {
    pub id: String,
    #[serde(default)]
    pub actor_name: Option<String>,
    #[serde(default)]
    pub actor_href: Option<String>,
    pub headline: String,
    #[serde(default)]
    pub at_ms: Option<f64>,
}

/// A comment seen under a post. Recorded as received when it is on the user's own post or
/// answers the user's comment; other people's conversations are not the user's interactions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObservedComment {
    pub comment_urn: String,
    #[serde(default)]
    pub author_name: Option<String>,
    #[serde(default)]
    pub author_href: Option<String>,
    #[serde(default)]
    pub post_author_href: Option<String>,
    /// For a reply: the author of the comment it answers.
    #[serde(default)]
    pub parent_author_href: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub at_ms: Option<f64>,
}

/// What the batch became, before recording.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Captured {
    pub me: Option<Me>,
    pub interactions: Vec<Interaction>,
    pub counterparts: Vec<Counterpart>,
    /// Ids of interactions taken back (reactions undone).
    pub undo: Vec<String>,
    /// Records that could not be attributed (no counterpart, the user themself, unknown
    /// notification wording).
    pub skipped: usize,
}

/// What recording a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub added: usize,
    pub duplicates: usize,
    pub undone: usize,
    pub skipped: usize,
}

/// Notification headline wording per interface language: (phrase, kind), lower-case.
/// Longer phrases first where one contains another.
const HEADLINES: &[(&str, Kind)] = &[
    // English
    ("commented on your", Kind::Comment),
    ("replied to your", Kind::Reply),
    ("replied", Kind::Reply),
    ("mentioned you", Kind::Mention),
    ("reacted to your", Kind::Reaction),
    ("likes your", Kind::Reaction),
    ("loves your", Kind::Reaction),
    ("celebrates your", Kind::Reaction),
    ("endorsed you", Kind::Endorsement),
    ("recommended you", Kind::Recommendation),
    ("accepted your invitation", Kind::Invitation),
    // Português (Brasil)
    ("comentou na sua", Kind::Comment),
    ("comentou sua", Kind::Comment),
    ("comentou no seu", Kind::Comment),
    ("respondeu ao seu", Kind::Reply),
    ("respondeu", Kind::Reply),
    ("mencionou você", Kind::Mention),
    ("mencionou-o", Kind::Mention),
    ("reagiu", Kind::Reaction),
    ("reagiram", Kind::Reaction),
    ("gostou", Kind::Reaction),
    ("validou", Kind::Endorsement),
    ("recomendou você", Kind::Recommendation),
    ("aceitou seu convite", Kind::Invitation),
];

/// The kind of interaction a notification headline reports, if it is one.
pub fn classify_headline(headline: &str) -> Option<Kind> {
    let headline = headline.to_lowercase();
    HEADLINES
        .iter()
        .find(|(phrase, _)| headline.contains(phrase))
        .map(|(_, kind)| *kind)
}

/// Whitespace-collapsed, lower-cased: the same text typed or rendered agrees.
fn text_hash(text: &str) -> String {
    let normalised: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    format!("{:x}", id_hash(&normalised))
}

fn seconds(at_ms: Option<f64>, now_ms: f64) -> i64 {
    let ms = at_ms.filter(|ms| ms.is_finite()).unwrap_or(now_ms);
    (ms / 1000.0).floor() as i64
}

struct Capturer<'a> {
    batch_lang: &'a str,
    now_ms: f64,
    store_text: bool,
    me: Option<Me>,
    out: Captured,
}

impl Capturer<'_> {
    fn is_me(&self, key: &str) -> bool {
        self.me.as_ref().is_some_and(|me| me.key == key)
    }

    /// The counterpart key of a person seen on the page (and remembers their name), or
    /// `None` when it is the user.
    fn person(&mut self, href: Option<&str>, name: Option<&str>) -> Option<String> {
        let key = href.and_then(profile_key);
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        match key {
            Some(key) if self.is_me(&key) => None,
            Some(key) => {
                self.out.counterparts.push(Counterpart {
                    key: key.clone(),
                    name: name.unwrap_or_default().to_string(),
                    connection: false,
                    connected_at: None,
                });
                Some(key)
            }
            None if name.is_some() && self.me.as_ref().map(|m| m.name.as_str()) == name => None,
            None => Some(UNKNOWN_COUNTERPART.to_string()),
        }
    }

    fn push(
        &mut self,
        id: String,
        counterpart: String,
        kind: Kind,
        direction: Direction,
        at_ms: Option<f64>,
        text: Option<&str>,
    ) {
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        self.out.interactions.push(Interaction {
            id,
            counterpart,
            kind,
            direction,
            at: seconds(at_ms, self.now_ms),
            depth: text.map(|t| crate::depth::depth(t, self.batch_lang)),
            source: Source::Page,
            text: text.filter(|_| self.store_text).map(str::to_string),
        });
    }

    fn activity(&mut self, event: ActivityEvent) {
        let target_key = event.target.key.as_deref().map(str::trim).unwrap_or("");
        let counterpart = self.person(
            event.target.author_href.as_deref(),
            event.target.author_name.as_deref(),
        );
        let (Some(counterpart), false) = (counterpart, target_key.is_empty()) else {
            self.out.skipped += 1;
            return;
        };
        let text = event.text.as_deref();
        match event.kind {
            // Within a batch the last of reaction / undo wins (undos apply after records).
            ActivityKind::Reaction => {
                let id = format!("r:{target_key}");
                self.out.undo.retain(|undone| *undone != id);
                self.push(
                    id,
                    counterpart,
                    Kind::Reaction,
                    Direction::Given,
                    event.at_ms,
                    None,
                );
            }
            ActivityKind::ReactionUndo => {
                let id = format!("r:{target_key}");
                self.out.interactions.retain(|i| i.id != id);
                self.out.undo.push(id);
            }
            ActivityKind::Comment | ActivityKind::Reply => {
                let kind = if event.kind == ActivityKind::Comment {
                    Kind::Comment
                } else {
                    Kind::Reply
                };
                let id = format!("c:{target_key}:{}", text_hash(text.unwrap_or("")));
                self.push(id, counterpart, kind, Direction::Given, event.at_ms, text);
            }
            ActivityKind::MessageSent => {
                if counterpart == UNKNOWN_COUNTERPART {
                    self.out.skipped += 1;
                    return;
                }
                let id = format!("m:{target_key}:{}", text_hash(text.unwrap_or("")));
                self.push(
                    id,
                    counterpart,
                    Kind::Message,
                    Direction::Given,
                    event.at_ms,
                    text,
                );
            }
        }
    }

    fn message(&mut self, message: ObservedMessage) {
        // Without knowing who the user is, the user's own messages would read as received
        // from themself: wait for a batch (or the store) that knows.
        if self.me.is_none() {
            self.out.skipped += 1;
            return;
        }
        let sender = self.person(
            message.sender_href.as_deref(),
            message.sender_name.as_deref(),
        );
        let text = message.text.as_deref();
        match sender {
            // From the user: given to the other participant, with the id a send click gives.
            None => match self.person(message.with_href.as_deref(), message.with_name.as_deref()) {
                Some(with) if with != UNKNOWN_COUNTERPART => {
                    let id = format!(
                        "m:{}:{}",
                        message.thread_id.trim(),
                        text_hash(text.unwrap_or(""))
                    );
                    self.push(
                        id,
                        with,
                        Kind::Message,
                        Direction::Given,
                        message.at_ms,
                        text,
                    );
                }
                _ => self.out.skipped += 1,
            },
            Some(sender) if sender != UNKNOWN_COUNTERPART && !message.event_urn.is_empty() => {
                self.push(
                    message.event_urn,
                    sender,
                    Kind::Message,
                    Direction::Received,
                    message.at_ms,
                    text,
                );
            }
            Some(_) => self.out.skipped += 1,
        }
    }

    fn notification(&mut self, notification: ObservedNotification) {
        let kind = classify_headline(&notification.headline);
        let actor = self.person(
            notification.actor_href.as_deref(),
            notification.actor_name.as_deref(),
        );
        match (kind, actor) {
            (Some(kind), Some(actor)) if actor != UNKNOWN_COUNTERPART => self.push(
                format!("n:{}", notification.id),
                actor,
                kind,
                Direction::Received,
                notification.at_ms,
                None,
            ),
            _ => self.out.skipped += 1,
        }
    }

    fn comment(&mut self, comment: ObservedComment) {
        let on_my_post = comment
            .post_author_href
            .as_deref()
            .and_then(profile_key)
            .is_some_and(|k| self.is_me(&k));
        let answers_me = comment
            .parent_author_href
            .as_deref()
            .and_then(profile_key)
            .is_some_and(|k| self.is_me(&k));
        let author = self.person(
            comment.author_href.as_deref(),
            comment.author_name.as_deref(),
        );
        let kind = if answers_me {
            Kind::Reply
        } else {
            Kind::Comment
        };
        match author {
            Some(author) if (on_my_post || answers_me) && author != UNKNOWN_COUNTERPART => self
                .push(
                    comment.comment_urn,
                    author,
                    kind,
                    Direction::Received,
                    comment.at_ms,
                    comment.text.as_deref(),
                ),
            _ => self.out.skipped += 1,
        }
    }
}

/// Turns a batch into interactions. `me` is who the store already knows as the user; the
/// batch's own `me` (when its link gives a key) takes precedence.
pub fn capture(batch: Batch, known_me: Option<&Me>, store_text: bool) -> Captured {
    let seen_me = batch.me.as_ref().and_then(|me| {
        let key = me.href.as_deref().and_then(profile_key)?;
        Some(Me {
            key,
            name: me.name.as_deref().unwrap_or("").trim().to_string(),
        })
    });
    let me = seen_me.clone().or_else(|| known_me.cloned());
    let mut capturer = Capturer {
        batch_lang: &batch.lang,
        now_ms: batch.now_ms,
        store_text,
        me,
        out: Captured {
            me: seen_me,
            ..Captured::default()
        },
    };
    for record in batch.records {
        match record {
            Record::Activity(event) => capturer.activity(event),
            Record::Message(message) => capturer.message(message),
            Record::Notification(notification) => capturer.notification(notification),
            Record::Comment(comment) => capturer.comment(comment),
        }
    }
    capturer.out
}

/// Captures a batch and records it: what the worker calls for each message from a tab.
pub fn record_batch(store: &mut Store, batch: Batch, store_text: bool) -> Applied {
    let captured = capture(batch, store.me(), store_text);
    if let Some(me) = captured.me {
        store.set_me(me);
    }
    let RecordOutcome { added, duplicates } =
        store.record(captured.interactions, captured.counterparts);
    Applied {
        added,
        duplicates,
        undone: store.undo(&captured.undo),
        skipped: captured.skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW_MS: f64 = 1_800_000_000_000.0;

    fn batch(records: serde_json::Value) -> Batch {
        serde_json::from_value(serde_json::json!({
            "lang": "en",
            "now_ms": NOW_MS,
            "me": {"href": "https://www.linkedin.com/in/me-myself/", "name": "Me Myself"},
            "records": records,
        }))
        .expect("a valid batch")
    }

    fn bob() -> serde_json::Value {
        serde_json::json!({"key": "urn:li:activity:1", "author_name": "Bob", "author_href": "/in/bob/"})
    }

    #[test]
    fn headlines_are_classified_in_english_and_portuguese() {
        let cases = [
            ("Bob commented on your post", Some(Kind::Comment)),
            ("Bob comentou na sua publicação", Some(Kind::Comment)),
            ("Bob replied to your comment", Some(Kind::Reply)),
            ("Bob respondeu ao seu comentário", Some(Kind::Reply)),
            ("Bob mentioned you in a comment", Some(Kind::Mention)),
            ("Bob mencionou você em um comentário", Some(Kind::Mention)),
            ("Bob reacted to your post", Some(Kind::Reaction)),
            ("Bob reagiu à sua publicação", Some(Kind::Reaction)),
            ("Bob viewed your profile", None),
            ("Vagas recomendadas para você", None),
        ];
        for (headline, kind) in cases {
            assert_eq!(classify_headline(headline), kind, "{headline}");
        }
    }

    #[test]
    fn own_actions_are_given_with_stable_ids() {
        let records = serde_json::json!([
            {"type": "activity", "kind": "reaction", "reaction_type": "LIKE", "target": bob()},
            {"type": "activity", "kind": "comment", "text": "Great point, how did you measure it?",
             "at_ms": NOW_MS - 5000.0, "target": bob()},
        ]);
        let first = capture(batch(records.clone()), None, false);
        let again = capture(batch(records), None, false);
        assert_eq!(first, again);
        assert_eq!(
            first.me.as_ref().map(|m| m.key.as_str()),
            Some("in:me-myself")
        );
        let [reaction, comment] = &first.interactions[..] else {
            panic!("two interactions")
        };
        assert_eq!(
            (reaction.kind, reaction.direction),
            (Kind::Reaction, Direction::Given)
        );
        assert_eq!(reaction.counterpart, "in:bob");
        assert_eq!(reaction.at, 1_800_000_000);
        assert_eq!(comment.kind, Kind::Comment);
        assert_eq!(comment.at, 1_799_999_995);
        assert_eq!(comment.text, None, "text is not stored by default");
        assert!(comment.depth.is_some_and(|d| d.words == 7 && d.question));
        assert_eq!(first.counterparts[0].name, "Bob");
    }

    #[test]
    fn text_is_stored_only_when_the_user_opted_in() {
        let records = serde_json::json!([
            {"type": "activity", "kind": "reply", "text": "  Thanks!  ", "target": bob()},
        ]);
        let captured = capture(batch(records), None, true);
        assert_eq!(captured.interactions[0].text.as_deref(), Some("Thanks!"));
    }

    #[test]
    fn a_reaction_undone_is_removed_and_the_last_click_wins() {
        let mut store = Store::new();
        let react = serde_json::json!({"type": "activity", "kind": "reaction", "target": bob()});
        let undo =
            serde_json::json!({"type": "activity", "kind": "reaction_undo", "target": bob()});
        let applied = record_batch(&mut store, batch(serde_json::json!([react])), false);
        assert_eq!(applied.added, 1);
        let applied = record_batch(&mut store, batch(serde_json::json!([undo])), false);
        assert_eq!(applied.undone, 1);
        assert!(store.is_empty());
        record_batch(
            &mut store,
            batch(serde_json::json!([react, undo, react])),
            false,
        );
        assert_eq!(store.len(), 1, "reacted again at the end");
        record_batch(&mut store, batch(serde_json::json!([react, undo])), false);
        assert!(store.is_empty());
    }

    #[test]
    fn messages_wait_until_the_user_is_known() {
        let message = serde_json::json!([{"type": "message", "event_urn": "urn:9", "thread_id": "2-abc",
            "sender_name": "Me Myself", "sender_href": "/in/me-myself/", "text": "Hi Bob",
            "with_name": "Bob", "with_href": "/in/bob/"}]);
        let mut unknown = batch(message.clone());
        unknown.me = None;
        let mut store = Store::new();
        let applied = record_batch(&mut store, unknown, false);
        assert_eq!(
            (applied.added, applied.skipped),
            (0, 1),
            "not received from myself"
        );
        let applied = record_batch(&mut store, batch(message), false);
        assert_eq!(applied.added, 1);
        let rows: Vec<_> = store
            .interactions()
            .map(|i| (i.counterpart, i.direction))
            .collect();
        assert_eq!(rows, vec![("in:bob".to_string(), Direction::Given)]);
    }

    #[test]
    fn messages_sent_by_me_are_given_to_the_other_participant_and_agree_with_the_send_click() {
        let thread = |sender_href: &str, sender: &str, urn: &str, text: &str| {
            serde_json::json!({"type": "message", "event_urn": urn, "thread_id": "2-abc",
                "sender_name": sender, "sender_href": sender_href, "text": text,
                "at_ms": NOW_MS - 60_000.0, "with_name": "Bob", "with_href": "/in/bob/"})
        };
        let mut store = Store::new();
        let sent = serde_json::json!({"type": "activity", "kind": "message_sent",
            "text": "See you  Tuesday", "target": {"key": "2-abc", "author_name": "Bob", "author_href": "/in/bob/"}});
        assert_eq!(
            record_batch(&mut store, batch(serde_json::json!([sent])), false).added,
            1
        );
        let seen = serde_json::json!([
            thread("/in/me-myself/", "Me Myself", "urn:1", "See you Tuesday"),
            thread("/in/bob/", "Bob", "urn:2", "Great, see you then"),
        ]);
        let applied = record_batch(&mut store, batch(seen), false);
        assert_eq!(
            (applied.added, applied.duplicates),
            (1, 1),
            "my message was already recorded"
        );
        let directions: Vec<(String, Direction)> = store
            .interactions()
            .map(|i| (i.counterpart, i.direction))
            .collect();
        assert_eq!(
            directions,
            vec![
                ("in:bob".to_string(), Direction::Given),
                ("in:bob".to_string(), Direction::Received)
            ]
        );
    }

    #[test]
    fn nothing_is_attributed_to_me() {
        let records = serde_json::json!([
            {"type": "activity", "kind": "reaction",
             "target": {"key": "urn:li:activity:9", "author_href": "/in/Me-Myself"}},
            {"type": "notification", "id": "n1", "actor_href": "/in/me-myself/",
             "headline": "You commented on your post"},
            {"type": "comment", "comment_urn": "urn:li:comment:(activity:9,1)",
             "author_href": "/in/me-myself/", "post_author_href": "/in/me-myself/"},
            {"type": "message", "event_urn": "u", "thread_id": "t", "sender_name": "Me Myself",
             "text": "hi"},
        ]);
        let captured = capture(batch(records), None, false);
        assert!(captured.interactions.is_empty());
        assert_eq!(captured.skipped, 4);
    }

    #[test]
    fn comments_count_when_on_my_post_or_answering_me() {
        let comment = |urn: &str, post_author: &str, parent: Option<&str>| {
            serde_json::json!({"type": "comment", "comment_urn": urn, "author_name": "Cid",
                "author_href": "/in/cid", "post_author_href": post_author,
                "parent_author_href": parent, "text": "Parabéns!"})
        };
        let records = serde_json::json!([
            comment("urn:li:comment:(activity:1,1)", "/in/me-myself/", None),
            comment(
                "urn:li:comment:(activity:2,2)",
                "/in/bob/",
                Some("/in/me-myself/")
            ),
            comment("urn:li:comment:(activity:2,3)", "/in/bob/", None),
        ]);
        let captured = capture(batch(records), None, false);
        let kinds: Vec<(Kind, Direction)> = captured
            .interactions
            .iter()
            .map(|i| (i.kind, i.direction))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::Comment, Direction::Received),
                (Kind::Reply, Direction::Received)
            ]
        );
        assert_eq!(captured.skipped, 1, "Cid talking to Bob is not mine");
    }

    #[test]
    fn notifications_are_received_from_the_actor_with_their_id() {
        let records = serde_json::json!([
            {"type": "notification", "id": "urn:n:1", "actor_name": "Dee", "actor_href": "/in/dee/",
             "headline": "Dee mencionou você em um comentário", "at_ms": null},
            {"type": "notification", "id": "urn:n:2", "actor_name": "Dee", "actor_href": "/in/dee/",
             "headline": "Dee viewed your profile"},
        ]);
        let captured = capture(batch(records), None, false);
        assert_eq!(captured.interactions.len(), 1);
        let mention = &captured.interactions[0];
        assert_eq!(
            (mention.id.as_str(), mention.kind),
            ("n:urn:n:1", Kind::Mention)
        );
        assert_eq!(mention.at, 1_800_000_000, "no time: the batch's");
        assert_eq!(captured.skipped, 1);
    }

    #[test]
    fn the_known_me_is_used_when_the_page_does_not_show_it() {
        let mut b = batch(serde_json::json!([
            {"type": "activity", "kind": "reaction", "target": {"key": "k", "author_href": "/in/me-myself"}}
        ]));
        b.me = None;
        let me = Me {
            key: "in:me-myself".into(),
            name: "Me".into(),
        };
        let captured = capture(b, Some(&me), false);
        assert!(captured.interactions.is_empty() && captured.me.is_none());
    }
}
