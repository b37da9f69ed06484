//! What the content script reports → interactions, with stable ids so that seeing the same
//! thing twice adds nothing.
//!
//! The content script observes read-only: the user's own clicks and submits (reactions,
//! comments, replies, messages sent) and what the user received as shown on the page
//! (messages in a thread, notifications, comments on the user's own posts), and who people
//! are (profile top cards, connection cards). One batch per drain, [`Batch`], plain
//! snake_case JSON:
//!
//! ```json
//! {"lang": "pt-BR", "now_ms": 1800000000000,
//!  "me": {"href": "/in/ana-silva/", "name": "Ana Silva", "member": "ACoAAB…"},
//!  "records": [
//!   {"type": "activity", "kind": "comment", "at_ms": 1800000000000, "text": "Ótimo ponto…",
//!    "target": {"key": "urn:li:activity:7234", "author_name": "Bob", "author_href": "/in/bob/"}},
//!   {"type": "activity", "kind": "reaction", "reaction_type": "PRAISE", "target": {…}},
//!   {"type": "message", "event_urn": "urn:li:msg_message:…", "from_other": true,
//!    "sender_name": "Bob", "sender_href": "/in/bob/", "text": "…", "at_ms": …,
//!    "with_name": "Bob", "with_href": "/in/bob/"},
//!   {"type": "notification", "id": "…", "actor_name": "Bob", "actor_href": "/in/bob/",
//!    "signals": ["says_comment", "reply"], "at_ms": …},
//!   {"type": "comment", "comment_urn": "urn:li:comment:(activity:1,2)", "author_name": "Bob",
//!    "author_href": "/in/bob/", "post_author_href": "/in/ana-silva/", "text": "…", "at_ms": …},
//!   {"type": "person", "href": "/in/bob/", "member": "ACoAAB…", "name": "Bob",
//!    "connection": true, "connected_at_ms": …, "own": false}
//!  ]}
//! ```
//!
//! People are resolved by `identity`'s rules against the store: a link names whoever the store
//! knows by any key it carries; a name alone names someone only when unambiguous. A person is
//! stored only with an interaction of theirs: a `person` record joins keys and marks a
//! connection for someone already stored, and never creates anyone.
//!
//! Messages: the sender is the message group's (its avatar link and name), never a profile
//! linked in a message. Two witnesses say whose a message is: who the sender is, and the site's
//! mark on the other side's messages (`from_other`); when they disagree the message is
//! skipped, not guessed. A message with no sender of its own (the page shows a group's
//! follow-ups only) is the mark's alone.
//!
//! Ids: a reaction is `r:<target>` whatever its type (changing Like to Celebrate is the same
//! reaction; undoing removes it); a comment or reply the user writes is
//! `c:<target>:<text hash>`; a message the user sends is `m:<other person's key as linked>:<text
//! hash>:<UTC day>` whether seen at the send button or later in the thread (so the two
//! sightings agree; one without text is its event URN); a received message is its event URN;
//! a notification its own id; a comment on the user's post its URN. Sending the exact same
//! text twice to one person on one day therefore counts once (a real thread's "Thanks" on two
//! days counts twice).
//!
//! Known limit: a comment received may be seen both as a notification and in the thread
//! under the post; the two carry no shared id, so it can count twice.

use crate::identity::{keys_of_link, member_key, name_key};
use crate::json::{from_json_object, Error, FromJson, Reader};
use crate::model::{
    profile_key, Counterpart, Direction, Interaction, Kind, Source, UNKNOWN_COUNTERPART,
};
use crate::store::{id_hash, RecordOutcome, Store};
use serde::Serialize;

/// One drain's worth of records from one tab.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Batch {
    /// The document's language (`<html lang>`), for the depth features' word lists.
    pub lang: String,
    /// When the batch was sent (Unix milliseconds): the time of records without their own.
    pub now_ms: f64,
    /// The logged-in user as the page shows them, when it does.
    pub me: Option<PersonRef>,
    pub records: Vec<Record>,
}

from_json_object!(Batch {
    lang: default,
    now_ms,
    me: default,
    records: default,
});

/// A person as a page shows them: a profile link, a member id, a name, any of them missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PersonRef {
    pub href: Option<String>,
    pub name: Option<String>,
    /// A member id the page shows beside the link (messaging's viewer id, a top card's).
    pub member: Option<String>,
}

from_json_object!(PersonRef {
    href: default,
    name: default,
    member: default,
});

impl PersonRef {
    /// Every key this reference names (see `identity`).
    fn keys(&self) -> Vec<String> {
        let mut keys = self.href.as_deref().map(keys_of_link).unwrap_or_default();
        if let Some(key) = self.member.as_deref().and_then(member_key) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }
}

/// One record, tagged by its `type` (as serde's internally tagged enum writes it). Read
/// through [`RecordFields`], in one pass over the record's fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Activity(ActivityEvent),
    Message(ObservedMessage),
    Notification(ObservedNotification),
    Comment(ObservedComment),
    Person(ObservedPerson),
}

/// A record's `type`.
enum RecordType {
    Activity,
    Message,
    Notification,
    Comment,
    Person,
}

impl<'de> FromJson<'de> for RecordType {
    fn read(reader: &mut Reader<'de>) -> Result<RecordType, Error> {
        let names = ["activity", "message", "notification", "comment", "person"];
        Ok(match reader.variant(&names)? {
            0 => RecordType::Activity,
            1 => RecordType::Message,
            2 => RecordType::Notification,
            3 => RecordType::Comment,
            _ => RecordType::Person,
        })
    }
}

/// A record as JSON has it: the fields of every variant side by side (a name two variants
/// share has the same type in both), read in one pass; `type` says which variant they make,
/// and the fields of other variants are dropped. A field given twice keeps its last value.
#[derive(Default)]
struct RecordFields {
    record_type: Option<RecordType>,
    kind: Option<ActivityKind>,
    target: Option<Target>,
    text: Option<String>,
    at_ms: Option<f64>,
    reaction_type: Option<String>,
    event_urn: Option<String>,
    sender_name: Option<String>,
    sender_href: Option<String>,
    from_other: bool,
    with_name: Option<String>,
    with_href: Option<String>,
    id: Option<String>,
    actor_name: Option<String>,
    actor_href: Option<String>,
    signals: Vec<String>,
    comment_urn: Option<String>,
    author_name: Option<String>,
    author_href: Option<String>,
    post_author_href: Option<String>,
    parent_author_href: Option<String>,
    href: Option<String>,
    member: Option<String>,
    name: Option<String>,
    connection: bool,
    connected_at_ms: Option<f64>,
    own: bool,
}

/// How many of a record's fields are text.
const TEXT_FIELDS: usize = 18;

/// A record's field names, as [`RecordFields::read`] looks them up: the text fields first (in
/// [`RecordFields::text_slots`]' order), then the others (in its `match`'s order).
const RECORD_FIELD_NAMES: [&str; TEXT_FIELDS + 9] = [
    "text",
    "reaction_type",
    "event_urn",
    "sender_name",
    "sender_href",
    "with_name",
    "with_href",
    "id",
    "actor_name",
    "actor_href",
    "comment_urn",
    "author_name",
    "author_href",
    "post_author_href",
    "parent_author_href",
    "href",
    "member",
    "name",
    "type",
    "kind",
    "target",
    "at_ms",
    "connected_at_ms",
    "from_other",
    "connection",
    "own",
    "signals",
];

impl RecordFields {
    /// Where the text fields go, in [`RECORD_FIELD_NAMES`]' order: they are read by one call.
    fn text_slots(&mut self) -> [&mut Option<String>; TEXT_FIELDS] {
        [
            &mut self.text,
            &mut self.reaction_type,
            &mut self.event_urn,
            &mut self.sender_name,
            &mut self.sender_href,
            &mut self.with_name,
            &mut self.with_href,
            &mut self.id,
            &mut self.actor_name,
            &mut self.actor_href,
            &mut self.comment_urn,
            &mut self.author_name,
            &mut self.author_href,
            &mut self.post_author_href,
            &mut self.parent_author_href,
            &mut self.href,
            &mut self.member,
            &mut self.name,
        ]
    }
}

impl<'de> FromJson<'de> for RecordFields {
    fn read(reader: &mut Reader<'de>) -> Result<RecordFields, Error> {
        let mut fields = RecordFields::default();
        // One lookup of the name for every field (`Reader::fields`), not a `match` on the
        // names here. Not `Reader::field`: a field given twice keeps its last value.
        reader.fields(&RECORD_FIELD_NAMES, &mut |reader, at| {
            if let Some(text) = fields.text_slots().into_iter().nth(at) {
                *text = FromJson::read(reader)?;
                return Ok(());
            }
            match at - TEXT_FIELDS {
                0 => fields.record_type = Some(FromJson::read(reader)?),
                1 => fields.kind = FromJson::read(reader)?,
                2 => fields.target = FromJson::read(reader)?,
                3 => fields.at_ms = FromJson::read(reader)?,
                4 => fields.connected_at_ms = FromJson::read(reader)?,
                5 => fields.from_other = reader.bool()?,
                6 => fields.connection = reader.bool()?,
                7 => fields.own = reader.bool()?,
                _ => fields.signals = FromJson::read(reader)?,
            }
            Ok(())
        })?;
        Ok(fields)
    }
}

impl<'de> FromJson<'de> for Record {
    /// A record without its `type`, or without a field its type requires, is refused.
    fn read(reader: &mut Reader<'de>) -> Result<Record, Error> {
        let fields = RecordFields::read(reader)?;
        fields.into_record().ok_or_else(|| reader.data_error())
    }
}

impl RecordFields {
    /// The record the fields make, if they have what its `type` requires.
    fn into_record(self) -> Option<Record> {
        Some(match self.record_type? {
            RecordType::Activity => Record::Activity(ActivityEvent {
                kind: self.kind?,
                target: self.target?,
                text: self.text,
                at_ms: self.at_ms,
                reaction_type: self.reaction_type,
            }),
            RecordType::Message => Record::Message(ObservedMessage {
                event_urn: self.event_urn?,
                sender_name: self.sender_name,
                sender_href: self.sender_href,
                from_other: self.from_other,
                text: self.text,
                at_ms: self.at_ms,
                with_name: self.with_name,
                with_href: self.with_href,
            }),
            RecordType::Notification => Record::Notification(ObservedNotification {
                id: self.id?,
                actor_name: self.actor_name,
                actor_href: self.actor_href,
                signals: self.signals,
                at_ms: self.at_ms,
            }),
            RecordType::Comment => Record::Comment(ObservedComment {
                comment_urn: self.comment_urn?,
                author_name: self.author_name,
                author_href: self.author_href,
                post_author_href: self.post_author_href,
                parent_author_href: self.parent_author_href,
                text: self.text,
                at_ms: self.at_ms,
            }),
            RecordType::Person => Record::Person(ObservedPerson {
                href: self.href,
                member: self.member,
                name: self.name,
                connection: self.connection,
                connected_at_ms: self.connected_at_ms,
                own: self.own,
            }),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Reaction,
    ReactionUndo,
    Comment,
    Reply,
    MessageSent,
}

impl<'de> FromJson<'de> for ActivityKind {
    fn read(reader: &mut Reader<'de>) -> Result<ActivityKind, Error> {
        let kinds = [
            ActivityKind::Reaction,
            ActivityKind::ReactionUndo,
            ActivityKind::Comment,
            ActivityKind::Reply,
            ActivityKind::MessageSent,
        ];
        let names = [
            "reaction",
            "reaction_undo",
            "comment",
            "reply",
            "message_sent",
        ];
        Ok(kinds[reader.variant(&names)?])
    }
}

/// Something the user did: clicked a reaction, submitted a comment, reply or message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityEvent {
    pub kind: ActivityKind,
    pub target: Target,
    pub text: Option<String>,
    /// Unix milliseconds; the batch's `now_ms` when absent.
    pub at_ms: Option<f64>,
    /// LIKE, PRAISE, … (kept for the log; all reactions weigh the same).
    pub reaction_type: Option<String>,
}

/// What the user acted on: a post or comment (`key` its URN or the adapter's key), or for a
/// message the thread (`key` the thread's), and the person behind it (for a message, the
/// other person of a one-to-one thread).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Target {
    pub key: Option<String>,
    pub author_name: Option<String>,
    pub author_href: Option<String>,
}

from_json_object!(Target {
    key: default,
    author_name: default,
    author_href: default,
});

/// One message event in a messaging thread (sent by either side).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedMessage {
    pub event_urn: String,
    /// The sender of the message's group, as its avatar link and name show them.
    pub sender_name: Option<String>,
    pub sender_href: Option<String>,
    /// The site marks the other side's messages; unmarked is the user's own.
    pub from_other: bool,
    pub text: Option<String>,
    pub at_ms: Option<f64>,
    /// The other person of a one-to-one thread, to whom the user's own messages are given.
    /// Absent in group threads: the user's messages there are skipped.
    pub with_name: Option<String>,
    pub with_href: Option<String>,
}

/// A notification card: who acted, and what the card says happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedNotification {
    pub id: String,
    pub actor_name: Option<String>,
    pub actor_href: Option<String>,
    /// What the card's structure says, when it does: `none` (not an exchange with the user),
    /// `mention`, `recommendation`, `endorsement`, `reply` (it links a reply); and what its
    /// headline's own words say (the adapter's phrase sets, before any quote or colon):
    /// `says_mention`, `says_reply`, `says_comment`, `says_reaction`, `says_endorsement`,
    /// `says_recommendation`, `says_invitation`.
    pub signals: Vec<String>,
    pub at_ms: Option<f64>,
}

/// A comment seen under a post. Recorded as received when it is on the user's own post or
/// answers the user's comment; other people's conversations are not the user's interactions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedComment {
    pub comment_urn: String,
    pub author_name: Option<String>,
    pub author_href: Option<String>,
    pub post_author_href: Option<String>,
    /// For a reply: the author of the comment it answers.
    pub parent_author_href: Option<String>,
    pub text: Option<String>,
    pub at_ms: Option<f64>,
}

/// Who someone is, as a profile's top card or a connection card shows them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ObservedPerson {
    pub href: Option<String>,
    pub member: Option<String>,
    pub name: Option<String>,
    /// Shown as a first-degree connection (My Network's list).
    pub connection: bool,
    /// Since when (Unix milliseconds), if the page says.
    pub connected_at_ms: Option<f64>,
    /// The user's own profile.
    pub own: bool,
}

/// What the batch became, before recording.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Captured {
    pub interactions: Vec<Interaction>,
    /// The people the interactions are with (and connection facts about stored people).
    pub counterparts: Vec<Counterpart>,
    /// Keys that name one person, to join once the batch is recorded.
    pub joins: Vec<Vec<String>>,
    /// Ids of interactions taken back (reactions undone).
    pub undo: Vec<String>,
    /// Records that could not be attributed (no counterpart, the user themself, no known
    /// kind, or the sender and the site's mark disagree).
    pub skipped: usize,
}

/// Who the batch knew the user from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UserFrom {
    /// The page showed the user.
    Page,
    /// The page did not; the store knew.
    Store,
    /// Neither: the user's own messages cannot be told from others', and wait.
    #[default]
    Unknown,
}

/// What recording a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub added: usize,
    pub duplicates: usize,
    pub undone: usize,
    pub skipped: usize,
    pub user: UserFrom,
}

/// The kind of exchange a notification reports, if it is one: what its structure says first,
/// then what its headline's own words say. A comment whose link is a reply's is a reply.
pub fn classify_notification(signals: &[String]) -> Option<Kind> {
    let has = |signal: &str| signals.iter().any(|s| s == signal);
    if has("none") {
        return None;
    }
    const ORDER: [(&str, Kind); 10] = [
        ("mention", Kind::Mention),
        ("recommendation", Kind::Recommendation),
        ("endorsement", Kind::Endorsement),
        // A mention or a reply also says "comment": tried first.
        ("says_mention", Kind::Mention),
        ("says_reply", Kind::Reply),
        ("says_comment", Kind::Comment),
        ("says_reaction", Kind::Reaction),
        ("says_endorsement", Kind::Endorsement),
        ("says_recommendation", Kind::Recommendation),
        ("says_invitation", Kind::Invitation),
    ];
    let kind = ORDER.iter().find(|(signal, _)| has(signal))?.1;
    Some(if kind == Kind::Comment && has("reply") {
        Kind::Reply
    } else {
        kind
    })
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

fn trimmed(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// Who a reference on the page is, for the user's exchanges.
#[derive(Debug, Clone, PartialEq)]
enum Who {
    Me,
    /// Someone else: the keys the page links them by (or the one key a unique name names),
    /// and the name.
    Other(Vec<String>, Option<String>),
    Unknown,
}

struct Capturer<'a> {
    batch_lang: &'a str,
    now_ms: f64,
    store_text: bool,
    store: &'a Store,
    /// The user's keys and name as this batch's page shows them.
    me_keys: Vec<String>,
    me_name: Option<String>,
    out: Captured,
}

impl Capturer<'_> {
    fn me_known(&self) -> bool {
        !self.me_keys.is_empty() || self.me_name.is_some() || self.store.me().is_some()
    }

    fn is_me_key(&self, key: &str) -> bool {
        self.me_keys.iter().any(|k| k == key) || self.store.is_me_key(key)
    }

    fn is_me_name(&self, name: &str) -> bool {
        let mine = self
            .me_name
            .as_deref()
            .or(self.store.me().map(|me| me.name.as_str()));
        name_key(name).is_some() && mine.and_then(name_key) == name_key(name)
    }

    /// Who a link and a name on the page are (see `identity`).
    fn who(&self, href: Option<&str>, name: Option<&str>) -> Who {
        let keys = href.map(keys_of_link).unwrap_or_default();
        let name = trimmed(name).map(str::to_string);
        if keys.iter().any(|k| self.is_me_key(k)) {
            return Who::Me;
        }
        if !keys.is_empty() {
            return Who::Other(keys, name);
        }
        match name {
            Some(n) if self.is_me_name(&n) => Who::Me,
            Some(n) => match self.store.person_named(&n) {
                Some(key) => Who::Other(vec![key.to_string()], Some(n)),
                None => Who::Unknown,
            },
            None => Who::Unknown,
        }
    }

    /// The key to record someone else under: whoever the store knows by one of their keys,
    /// else whoever a unique name names (rule 3), else the link's own key. Keys the link
    /// shows together are joined once recorded.
    fn counterpart(&mut self, keys: &[String], name: Option<&str>) -> String {
        if keys.len() > 1 {
            self.out.joins.push(keys.to_vec());
        }
        let key = keys
            .iter()
            .find(|k| self.store.is_stored(k))
            .map(|k| self.store.canonical(k).to_string())
            .or_else(|| {
                let (first, name) = (keys.first()?, name?);
                let known = self.store.person_by_name_for(first, name)?.to_string();
                self.out.joins.push(vec![first.clone(), known.clone()]);
                Some(known)
            })
            .or_else(|| keys.first().cloned());
        let Some(key) = key else {
            return UNKNOWN_COUNTERPART.to_string();
        };
        self.out.counterparts.push(Counterpart {
            key: key.clone(),
            name: name.unwrap_or_default().to_string(),
            connection: false,
            connected_at: None,
        });
        key
    }

    /// The counterpart of someone the page shows, or `None` when it is the user.
    fn person(&mut self, href: Option<&str>, name: Option<&str>) -> Option<String> {
        match self.who(href, name) {
            Who::Me => None,
            Who::Other(keys, name) => Some(self.counterpart(&keys, name.as_deref())),
            Who::Unknown => Some(UNKNOWN_COUNTERPART.to_string()),
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
        let text = trimmed(text);
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

    /// The id of a message the user sent: the other person's key as the page links them, the
    /// text and the (UTC) day it was sent, so the send button and the thread agree; without
    /// text, its event URN.
    fn sent_id(
        &self,
        with_href: Option<&str>,
        text: Option<&str>,
        at_ms: Option<f64>,
        event_urn: &str,
    ) -> Option<String> {
        let with = with_href.and_then(profile_key)?;
        let day = seconds(at_ms, self.now_ms).div_euclid(86_400);
        Some(match trimmed(text) {
            Some(text) => format!("m:{with}:{}:{day}", text_hash(text)),
            None if !event_urn.is_empty() => event_urn.to_string(),
            None => return None,
        })
    }

    fn activity(&mut self, event: ActivityEvent) {
        let target_key = event.target.key.as_deref().map(str::trim).unwrap_or("");
        let (href, name) = (
            event.target.author_href.as_deref(),
            event.target.author_name.as_deref(),
        );
        if event.kind == ActivityKind::MessageSent {
            return self.message_sent(&event);
        }
        let counterpart = self.person(href, name);
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
            ActivityKind::MessageSent => {}
        }
    }

    fn message_sent(&mut self, event: &ActivityEvent) {
        let href = event.target.author_href.as_deref();
        let id = self.sent_id(href, event.text.as_deref(), event.at_ms, "");
        match (id, self.who(href, event.target.author_name.as_deref())) {
            (Some(id), Who::Other(keys, name)) => {
                let with = self.counterpart(&keys, name.as_deref());
                let text = event.text.as_deref();
                self.push(id, with, Kind::Message, Direction::Given, event.at_ms, text);
            }
            _ => self.out.skipped += 1,
        }
    }

    fn message(&mut self, message: ObservedMessage) {
        // Without knowing who the user is, the user's own messages would read as received
        // from themself: wait for a batch (or the store) that knows.
        if !self.me_known() {
            self.out.skipped += 1;
            return;
        }
        let sender = self.who(
            message.sender_href.as_deref(),
            message.sender_name.as_deref(),
        );
        let mine = match (&sender, message.from_other) {
            (Who::Me, false) => true,
            (Who::Other(..), true) => false,
            (Who::Unknown, flag) => !flag,
            // The sender and the site's mark disagree: nothing is recorded rather than a guess.
            _ => {
                self.out.skipped += 1;
                return;
            }
        };
        let with = (message.with_href.as_deref(), message.with_name.as_deref());
        let text = message.text.as_deref();
        if mine {
            let id = self.sent_id(with.0, text, message.at_ms, &message.event_urn);
            match (id, self.who(with.0, with.1)) {
                (Some(id), Who::Other(keys, name)) => {
                    let to = self.counterpart(&keys, name.as_deref());
                    self.push(id, to, Kind::Message, Direction::Given, message.at_ms, text);
                }
                _ => self.out.skipped += 1,
            }
            return;
        }
        let from = match sender {
            Who::Other(keys, name) => Some((keys, name)),
            // A follow-up shown without its group: from the other person of a one-to-one thread.
            _ => match self.who(with.0, with.1) {
                Who::Other(keys, name) => Some((keys, name)),
                _ => None,
            },
        };
        match from {
            Some((keys, name)) if !message.event_urn.is_empty() => {
                let from = self.counterpart(&keys, name.as_deref());
                self.push(
                    message.event_urn,
                    from,
                    Kind::Message,
                    Direction::Received,
                    message.at_ms,
                    text,
                );
            }
            _ => self.out.skipped += 1,
        }
    }

    fn notification(&mut self, notification: ObservedNotification) {
        let kind = classify_notification(&notification.signals);
        // The actor is who the card links: a name alone is too thin for someone else's act.
        let actor = match notification.actor_href.as_deref() {
            Some(href) => self.who(Some(href), notification.actor_name.as_deref()),
            None => Who::Unknown,
        };
        match (kind, actor) {
            (Some(kind), Who::Other(keys, name)) => {
                let actor = self.counterpart(&keys, name.as_deref());
                self.push(
                    format!("n:{}", notification.id),
                    actor,
                    kind,
                    Direction::Received,
                    notification.at_ms,
                    None,
                );
            }
            _ => self.out.skipped += 1,
        }
    }

    fn comment(&mut self, comment: ObservedComment) {
        let is_me = |capturer: &Self, href: Option<&str>| {
            href.is_some_and(|h| capturer.who(Some(h), None) == Who::Me)
        };
        let on_my_post = is_me(self, comment.post_author_href.as_deref());
        let answers_me = is_me(self, comment.parent_author_href.as_deref());
        if !on_my_post && !answers_me {
            self.out.skipped += 1;
            return;
        }
        let kind = if answers_me {
            Kind::Reply
        } else {
            Kind::Comment
        };
        match self.who(
            comment.author_href.as_deref(),
            comment.author_name.as_deref(),
        ) {
            Who::Other(keys, name) => {
                let author = self.counterpart(&keys, name.as_deref());
                self.push(
                    comment.comment_urn,
                    author,
                    kind,
                    Direction::Received,
                    comment.at_ms,
                    comment.text.as_deref(),
                );
            }
            _ => self.out.skipped += 1,
        }
    }

    /// A top card or connection card: joins and connection facts for someone stored only.
    fn person_seen(&mut self, seen: ObservedPerson) {
        let reference = PersonRef {
            href: seen.href,
            name: seen.name,
            member: seen.member,
        };
        let keys = reference.keys();
        if seen.own || keys.is_empty() {
            return;
        }
        let Some(stored) = keys.iter().find(|k| self.store.is_stored(k)) else {
            return;
        };
        let key = self.store.canonical(stored).to_string();
        if keys.len() > 1 {
            self.out.joins.push(keys);
        }
        if seen.connection {
            self.out.counterparts.push(Counterpart {
                key,
                name: reference.name.unwrap_or_default(),
                connection: true,
                connected_at: seen
                    .connected_at_ms
                    .filter(|ms| ms.is_finite())
                    .map(|ms| (ms / 1000.0).floor() as i64),
            });
        }
    }
}

/// The user's keys and name as the batch's page shows them: its `me`, its own profile's top
/// card, and the link of a message the site marks as the user's own (not the other side's)
/// whose sender bears the user's name — two witnesses, as for the message's direction.
fn me_of(batch: &Batch) -> (Vec<String>, Option<String>) {
    let mut keys = batch.me.as_ref().map(PersonRef::keys).unwrap_or_default();
    let mut name = batch
        .me
        .as_ref()
        .and_then(|me| trimmed(me.name.as_deref()))
        .map(str::to_string);
    for record in &batch.records {
        if let Record::Person(person) = record {
            if person.own {
                let reference = PersonRef {
                    href: person.href.clone(),
                    name: person.name.clone(),
                    member: person.member.clone(),
                };
                for key in reference.keys() {
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
                name = name.or_else(|| trimmed(person.name.as_deref()).map(str::to_string));
            }
        }
    }
    let my_name = name.as_deref().and_then(name_key);
    for record in &batch.records {
        if let Record::Message(message) = record {
            let named_mine =
                my_name.is_some() && message.sender_name.as_deref().and_then(name_key) == my_name;
            if !message.from_other && named_mine {
                for key in message
                    .sender_href
                    .as_deref()
                    .map(keys_of_link)
                    .unwrap_or_default()
                {
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
            }
        }
    }
    (keys, name)
}

/// Turns a batch into interactions, resolving people against the store (who the user is, who
/// is known by which key). The store is not changed.
pub fn capture(batch: Batch, store: &Store, store_text: bool) -> Captured {
    let (me_keys, me_name) = me_of(&batch);
    let mut capturer = Capturer {
        batch_lang: &batch.lang,
        now_ms: batch.now_ms,
        store_text,
        store,
        me_keys,
        me_name,
        out: Captured::default(),
    };
    for record in batch.records {
        match record {
            Record::Activity(event) => capturer.activity(event),
            Record::Message(message) => capturer.message(message),
            Record::Notification(notification) => capturer.notification(notification),
            Record::Comment(comment) => capturer.comment(comment),
            Record::Person(person) => capturer.person_seen(person),
        }
    }
    capturer.out
}

/// Captures a batch and records it: what the worker calls for each message from a tab. The
/// user the page shows is learnt first (every key of theirs), then the batch is captured
/// against the store, recorded, and the keys it showed together joined.
pub fn record_batch(store: &mut Store, batch: Batch, store_text: bool) -> Applied {
    let (me_keys, me_name) = me_of(&batch);
    let user = if !me_keys.is_empty() || me_name.is_some() {
        UserFrom::Page
    } else if store.me().is_some() {
        UserFrom::Store
    } else {
        UserFrom::Unknown
    };
    store.add_me_keys(&me_keys, me_name.as_deref().unwrap_or(""));
    let captured = capture(batch, store, store_text);
    let RecordOutcome { added, duplicates } =
        store.record(captured.interactions, captured.counterparts);
    for keys in &captured.joins {
        store.join(keys);
    }
    Applied {
        added,
        duplicates,
        undone: store.undo(&captured.undo),
        skipped: captured.skipped,
        user,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Me;

    const NOW_MS: f64 = 1_800_000_000_000.0;
    const BOB_ID: &str = "ACoAAB0bB0bB0bB0bB0bB0bB0bB0bB0bB0bB0b";

    #[test]
    fn every_record_type_reads_back_as_written() {
        let target = Target {
            key: Some("urn:li:activity:1".into()),
            author_name: Some("Bob".into()),
            author_href: Some("/in/bob/".into()),
        };
        let records = vec![
            Record::Activity(ActivityEvent {
                kind: ActivityKind::Comment,
                target,
                text: Some("Ótimo".into()),
                at_ms: Some(NOW_MS),
                reaction_type: Some("PRAISE".into()),
            }),
            Record::Message(ObservedMessage {
                event_urn: "urn:li:msg_message:1".into(),
                sender_name: Some("Bob".into()),
                sender_href: Some("/in/bob/".into()),
                from_other: true,
                text: Some("Oi".into()),
                at_ms: Some(NOW_MS),
                with_name: Some("Bob".into()),
                with_href: Some("/in/bob/".into()),
            }),
            Record::Notification(ObservedNotification {
                id: "n1".into(),
                actor_name: Some("Bob".into()),
                actor_href: Some("/in/bob/".into()),
                signals: vec!["says_comment".into(), "reply".into()],
                at_ms: Some(NOW_MS),
            }),
            Record::Comment(ObservedComment {
                comment_urn: "urn:li:comment:(activity:1,2)".into(),
                author_name: Some("Bob".into()),
                author_href: Some("/in/bob/".into()),
                post_author_href: Some("/in/ana/".into()),
                parent_author_href: Some("/in/ana/".into()),
                text: Some("…".into()),
                at_ms: Some(NOW_MS),
            }),
            Record::Person(ObservedPerson {
                href: Some("/in/bob/".into()),
                member: Some(BOB_ID.into()),
                name: Some("Bob".into()),
                connection: true,
                connected_at_ms: Some(NOW_MS),
                own: true,
            }),
        ];
        let json = serde_json::to_string(&records).unwrap();
        let back: Vec<Record> = crate::json::from_str(&json).unwrap();
        assert_eq!(back, records);
        let batch = Batch {
            lang: "pt".into(),
            now_ms: NOW_MS + 0.5,
            me: Some(PersonRef {
                href: Some("/in/me/".into()),
                name: None,
                member: Some(BOB_ID.into()),
            }),
            records,
        };
        let json = serde_json::to_string(&batch).unwrap();
        assert_eq!(crate::json::from_str::<Batch>(&json).unwrap(), batch);
        let bare: Batch = crate::json::from_str(r#"{"now_ms":1,"x":[]}"#).unwrap();
        assert_eq!(
            (bare.lang.as_str(), bare.me, bare.records.len()),
            ("", None, 0)
        );
        assert!(crate::json::from_str::<Batch>(r#"{"lang":"en"}"#).is_err());
        // Without a field its type requires, or its type, or with a type no build writes.
        for refused in [
            r#"{"type":"message","text":"Oi"}"#,
            r#"{"type":"activity","kind":"reaction"}"#,
            r#"{"type":"activity","kind":null,"target":{}}"#,
            r#"{"type":"notification"}"#,
            r#"{"type":"comment","comment_urn":null}"#,
            r#"{"type":"like"}"#,
            r#"{"text":"Oi"}"#,
            r#"{"type":"person","own":null}"#,
            r#"{"type":"person","signals":"none"}"#,
        ] {
            assert!(
                crate::json::from_str::<Record>(refused).is_err(),
                "{refused}"
            );
        }
        // A person needs nothing; a field given twice keeps its last value.
        assert_eq!(
            crate::json::from_str::<Record>(r#"{"type":"person","name":"A","name":"B"}"#).unwrap(),
            Record::Person(ObservedPerson {
                name: Some("B".into()),
                ..ObservedPerson::default()
            })
        );
        let unknown_field = r#"{"type":"person","name":"Bob","seen":[1,{"a":2}]}"#;
        assert!(matches!(
            crate::json::from_str::<Record>(unknown_field),
            Ok(Record::Person(ObservedPerson { name: Some(name), .. })) if name == "Bob"
        ));
    }

    fn batch(records: serde_json::Value) -> Batch {
        let batch = serde_json::json!({
            "lang": "en",
            "now_ms": NOW_MS,
            "me": {"href": "https://www.linkedin.com/in/me-myself/", "name": "Me Myself"},
            "records": records,
        });
        crate::json::from_str(&batch.to_string()).expect("a valid batch")
    }

    fn bob() -> serde_json::Value {
        serde_json::json!({"key": "urn:li:activity:1", "author_name": "Bob", "author_href": "/in/bob/"})
    }

    fn no_store() -> Store {
        Store::new()
    }

    fn kind(signals: &[&str]) -> Option<Kind> {
        let signals: Vec<String> = signals.iter().map(|s| s.to_string()).collect();
        classify_notification(&signals)
    }

    #[test]
    fn notifications_are_classified_by_structure_then_by_their_own_words() {
        let cases = [
            (&["says_comment"][..], Some(Kind::Comment)),
            (&["says_comment", "reply"][..], Some(Kind::Reply)),
            (&["says_reply", "says_comment"][..], Some(Kind::Reply)),
            (&["says_mention", "says_comment"][..], Some(Kind::Mention)),
            (&["says_reaction"][..], Some(Kind::Reaction)),
            (&["says_invitation"][..], Some(Kind::Invitation)),
            (&["mention"][..], Some(Kind::Mention)),
            (
                &["recommendation", "says_comment"][..],
                Some(Kind::Recommendation),
            ),
            (&["endorsement"][..], Some(Kind::Endorsement)),
            // The network's activity, even in the words of an exchange with the user.
            (&["none", "says_comment"][..], None),
            (&["reply"][..], None),
            (&[][..], None),
        ];
        for (signals, want) in cases {
            assert_eq!(kind(signals), want, "{signals:?}");
        }
    }

    #[test]
    fn own_actions_are_given_with_stable_ids() {
        let records = serde_json::json!([
            {"type": "activity", "kind": "reaction", "reaction_type": "LIKE", "target": bob()},
            {"type": "activity", "kind": "comment", "text": "Great point, how did you measure it?",
             "at_ms": NOW_MS - 5000.0, "target": bob()},
        ]);
        let first = capture(batch(records.clone()), &no_store(), false);
        let again = capture(batch(records), &no_store(), false);
        assert_eq!(first, again);
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
        let captured = capture(batch(records), &no_store(), true);
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

    fn message(
        sender: Option<(&str, &str)>,
        from_other: bool,
        urn: &str,
        text: &str,
    ) -> serde_json::Value {
        serde_json::json!({"type": "message", "event_urn": urn, "from_other": from_other,
            "sender_href": sender.map(|s| s.0), "sender_name": sender.map(|s| s.1), "text": text,
            "at_ms": NOW_MS - 60_000.0, "with_name": "Bob Lee", "with_href": format!("/in/{BOB_ID}/")})
    }

    fn bob_sender() -> Option<(&'static str, &'static str)> {
        Some((
            "https://www.linkedin.com/in/ACoAAB0bB0bB0bB0bB0bB0bB0bB0bB0bB0bB0b",
            "Bob Lee",
        ))
    }

    fn rows(store: &Store) -> Vec<(String, Direction)> {
        store
            .interactions()
            .map(|i| (i.counterpart, i.direction))
            .collect()
    }

    #[test]
    fn messages_wait_until_the_user_is_known() {
        let messages = serde_json::json!([message(
            Some(("/in/me-myself/", "Me Myself")),
            false,
            "urn:9",
            "Hi Bob"
        )]);
        let mut unknown = batch(messages.clone());
        unknown.me = None;
        let mut store = Store::new();
        let applied = record_batch(&mut store, unknown, false);
        assert_eq!(
            (applied.added, applied.skipped, applied.user),
            (0, 1, UserFrom::Unknown),
            "not received from myself"
        );
        let applied = record_batch(&mut store, batch(messages), false);
        assert_eq!((applied.added, applied.user), (1, UserFrom::Page));
        assert_eq!(
            rows(&store),
            vec![(format!("in:{BOB_ID}"), Direction::Given)]
        );
    }

    #[test]
    fn messages_sent_by_me_are_given_to_the_other_person_and_agree_with_the_send_click() {
        let mut store = Store::new();
        let sent = serde_json::json!({"type": "activity", "kind": "message_sent",
            "text": "See you  Tuesday", "target": {"key": "2-abc", "author_name": "Bob Lee",
            "author_href": format!("/in/{BOB_ID}/")}});
        assert_eq!(
            record_batch(&mut store, batch(serde_json::json!([sent])), false).added,
            1
        );
        let seen = serde_json::json!([
            message(
                Some(("/in/me-myself/", "Me Myself")),
                false,
                "urn:1",
                "See you Tuesday"
            ),
            message(bob_sender(), true, "urn:2", "Great, see you then"),
        ]);
        let applied = record_batch(&mut store, batch(seen), false);
        assert_eq!(
            (applied.added, applied.duplicates),
            (1, 1),
            "my message was already recorded"
        );
        let bob = format!("in:{BOB_ID}");
        assert_eq!(
            rows(&store),
            vec![(bob.clone(), Direction::Given), (bob, Direction::Received)]
        );
    }

    #[test]
    fn the_sender_and_the_sites_mark_must_agree() {
        let records = serde_json::json!([
            // My own message marked as the other side's: skipped, not received from me.
            message(Some(("/in/me-myself/", "Me Myself")), true, "urn:1", "a"),
            // Bob's message without the mark: skipped, not given by me.
            message(bob_sender(), false, "urn:2", "b"),
            // Follow-ups shown without their group: the mark decides.
            message(None, true, "urn:3", "from Bob"),
            message(None, false, "urn:4", "from me"),
        ]);
        let captured = capture(batch(records), &no_store(), false);
        let got: Vec<(&str, Direction)> = captured
            .interactions
            .iter()
            .map(|i| (i.id.as_str(), i.direction))
            .collect();
        assert_eq!(got[0], ("urn:3", Direction::Received));
        assert_eq!(got[1].1, Direction::Given);
        assert_eq!((got.len(), captured.skipped), (2, 2));
    }

    #[test]
    fn a_group_threads_own_messages_are_skipped() {
        let mut own = message(
            Some(("/in/me-myself/", "Me Myself")),
            false,
            "urn:1",
            "hi all",
        );
        own["with_href"] = serde_json::Value::Null;
        let captured = capture(batch(serde_json::json!([own])), &no_store(), false);
        assert_eq!((captured.interactions.len(), captured.skipped), (0, 1));
    }

    #[test]
    fn the_user_is_whoever_a_page_shows_by_any_key() {
        // Messaging shows the viewer's member id; the feed, the slug. Both are the user.
        let mut store = Store::new();
        let mut messaging = batch(serde_json::json!([message(
            Some(("/in/ACoAAMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMe", "Me Myself")),
            false,
            "urn:1",
            "hi"
        ),]));
        messaging.me = Some(PersonRef {
            member: Some("ACoAAMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMe".into()),
            ..PersonRef::default()
        });
        assert_eq!(record_batch(&mut store, messaging, false).added, 1);
        let feed = batch(serde_json::json!([]));
        record_batch(&mut store, feed, false);
        assert!(
            store.is_me_key("in:me-myself")
                && store.is_me_key("in:ACoAAMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMe")
        );
        // A comment on my post, linked by slug, counts as on mine.
        let comment = serde_json::json!([{"type": "comment", "comment_urn": "urn:li:comment:(activity:9,1)",
            "author_href": "/in/cid-ramos/", "author_name": "Cid Ramos",
            "post_author_href": "/in/ACoAAMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMeMe/"}]);
        let mut unknown = batch(comment);
        unknown.me = None;
        let applied = record_batch(&mut store, unknown, false);
        assert_eq!((applied.added, applied.user), (1, UserFrom::Store));
    }

    #[test]
    fn nothing_is_attributed_to_me() {
        let records = serde_json::json!([
            {"type": "activity", "kind": "reaction",
             "target": {"key": "urn:li:activity:9", "author_href": "/in/Me-Myself"}},
            {"type": "notification", "id": "n1", "actor_href": "/in/me-myself/",
             "signals": ["says_comment"]},
            {"type": "comment", "comment_urn": "urn:li:comment:(activity:9,1)",
             "author_href": "/in/me-myself/", "post_author_href": "/in/me-myself/"},
            {"type": "message", "event_urn": "u", "sender_name": "Me Myself", "from_other": true,
             "text": "hi"},
        ]);
        let captured = capture(batch(records), &no_store(), false);
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
        let captured = capture(batch(records), &no_store(), false);
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
    fn nobody_is_stored_unless_something_of_theirs_is_recorded() {
        // Other people's conversation, a profile seen, a connection card: no one new.
        let records = serde_json::json!([
            {"type": "comment", "comment_urn": "urn:li:comment:(activity:2,3)", "author_name": "Cid",
             "author_href": "/in/cid", "post_author_href": "/in/bob/"},
            {"type": "person", "href": "/in/dee/", "member": BOB_ID, "name": "Dee Dee"},
            {"type": "person", "href": "/in/eve/", "name": "Eve Eve", "connection": true,
             "connected_at_ms": NOW_MS},
            {"type": "notification", "id": "n", "actor_href": "/in/fay/", "actor_name": "Fay Fay",
             "signals": ["none"]},
        ]);
        let mut store = Store::new();
        record_batch(&mut store, batch(records), false);
        assert_eq!(store.counterparts().count(), 0);
        assert!(store.is_empty());
    }

    #[test]
    fn a_profile_and_a_connection_card_join_keys_of_someone_stored() {
        let bob = format!("in:{BOB_ID}");
        let mut store = Store::new();
        record_batch(
            &mut store,
            batch(serde_json::json!([message(
                bob_sender(),
                true,
                "urn:2",
                "hello"
            )])),
            false,
        );
        assert_eq!(rows(&store), vec![(bob.clone(), Direction::Received)]);
        // Bob's comment on my post, by slug and another name: someone else until a page shows
        // both keys.
        let comment = serde_json::json!({"type": "comment", "comment_urn": "urn:li:comment:(activity:9,1)",
            "author_href": "/in/bob-lee-42/", "author_name": "Robert Lee", "post_author_href": "/in/me-myself/"});
        record_batch(&mut store, batch(serde_json::json!([comment])), false);
        assert_eq!(store.person_keys().len(), 2);
        let card = serde_json::json!({"type": "person", "href": "https://www.linkedin.com/in/bob-lee-42/",
            "member": format!("{BOB_ID}&interop=msgOverlay"), "name": "Bob Lee", "connection": true,
            "connected_at_ms": 1_700_000_000_000.0_f64});
        record_batch(&mut store, batch(serde_json::json!([card])), false);
        let who: Vec<String> = store.interactions().map(|i| i.counterpart).collect();
        assert_eq!(
            who,
            vec!["in:bob-lee-42", "in:bob-lee-42"],
            "one person, under the slug"
        );
        let stored = store.counterpart("in:bob-lee-42").expect("stored");
        assert_eq!(
            (stored.connection, stored.connected_at),
            (true, Some(1_700_000_000))
        );
        assert_eq!(store.canonical(&bob), "in:bob-lee-42");
        // Later messages by member id are Bob's under the slug.
        record_batch(
            &mut store,
            batch(serde_json::json!([message(
                bob_sender(),
                true,
                "urn:3",
                "again"
            )])),
            false,
        );
        assert_eq!(store.person_keys(), ["in:bob-lee-42".to_string()]);
    }

    #[test]
    fn a_name_alone_joins_one_member_id_with_one_slug() {
        let mut store = Store::new();
        record_batch(
            &mut store,
            batch(serde_json::json!([message(
                bob_sender(),
                true,
                "urn:2",
                "hello"
            )])),
            false,
        );
        let comment = serde_json::json!({"type": "comment", "comment_urn": "urn:li:comment:(activity:9,1)",
            "author_href": "/in/bob-lee-42/", "author_name": "Bob  Lee", "post_author_href": "/in/me-myself/"});
        record_batch(&mut store, batch(serde_json::json!([comment])), false);
        assert_eq!(
            store.person_keys(),
            ["in:bob-lee-42".to_string()],
            "rule 3: one Bob Lee"
        );
        assert_eq!(store.canonical(&format!("in:{BOB_ID}")), "in:bob-lee-42");
    }

    #[test]
    fn notifications_are_received_from_the_actor_with_their_id() {
        let records = serde_json::json!([
            {"type": "notification", "id": "urn:n:1", "actor_name": "Dee", "actor_href": "/in/dee/",
             "signals": ["says_mention"], "at_ms": null},
            {"type": "notification", "id": "urn:n:2", "actor_name": "Dee", "actor_href": "/in/dee/"},
            {"type": "notification", "id": "urn:n:3", "actor_name": "Dee", "signals": ["says_mention"]},
        ]);
        let captured = capture(batch(records), &no_store(), false);
        assert_eq!(captured.interactions.len(), 1);
        let mention = &captured.interactions[0];
        assert_eq!(
            (mention.id.as_str(), mention.kind),
            ("n:urn:n:1", Kind::Mention)
        );
        assert_eq!(mention.at, 1_800_000_000, "no time: the batch's");
        assert_eq!(captured.skipped, 2, "no kind; no actor link");
    }

    #[test]
    fn the_known_me_is_used_when_the_page_does_not_show_it() {
        let mut b = batch(serde_json::json!([
            {"type": "activity", "kind": "reaction", "target": {"key": "k", "author_href": "/in/me-myself"}}
        ]));
        b.me = None;
        let mut store = Store::new();
        store.set_me(Me {
            key: "in:me-myself".into(),
            name: "Me".into(),
        });
        let captured = capture(b, &store, false);
        assert!(captured.interactions.is_empty());
    }

    #[test]
    fn a_message_marked_as_the_users_and_bearing_their_name_gives_the_users_link() {
        // A page that shows the user by name only (the nav's photo) and a thread where the
        // user's own messages link the user's profile.
        let records = serde_json::json!([
            {"type": "message", "event_urn": "urn:li:fs_event:(2-t,2-a)", "from_other": false,
             "sender_href": "/in/me-myself-2/", "sender_name": "Me  Myself", "text": "Hi Bob",
             "with_name": "Bob Lee", "with_href": "/in/bob-lee/"},
            {"type": "message", "event_urn": "urn:li:fs_event:(2-t,2-b)", "from_other": false,
             "sender_href": "/in/someone-else/", "sender_name": "Someone Else", "text": "Hi",
             "with_name": "Bob Lee", "with_href": "/in/bob-lee/"},
        ]);
        let mut b = batch(records);
        b.me = Some(PersonRef {
            href: None,
            name: Some("Me Myself".into()),
            member: None,
        });
        let mut store = Store::new();
        record_batch(&mut store, b, false);
        assert!(
            store.is_me_key("in:me-myself-2"),
            "the name and the site's mark agree"
        );
        assert!(
            !store.is_me_key("in:someone-else"),
            "the site's mark alone is not enough"
        );
    }
}
