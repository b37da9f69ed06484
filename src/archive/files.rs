//! Each file of the archive → counterparts and interactions.
//!
//! Decisions the archive forces:
//! - **Ids come from the row's own text** (not from keys derived from other files), so the same
//!   row read from a partial archive and again from the complete one gets the same id.
//! - **Comments and reactions** the user gave name the post, not its author: they are recorded
//!   with [`UNKNOWN_COUNTERPART`], which counts toward the user's weekly activity and never
//!   toward a tie.
//! - **Shares** are the user's own posts: no counterpart and no kind of interaction; they are
//!   read, counted and skipped.
//! - **People without a profile link** (recommendations, older exports) are matched by name
//!   against the connections, else keyed `name:<lower-cased name>`.
//! - **Texts are not kept**: only their depth features (data minimisation).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHashSet};

use super::csv::{find_header, Columns, Record, RecordError, Records, MAX_FIELDS, MAX_ROW_BYTES};
use super::{dates, ArchiveImport, FileReport, Note};
use crate::depth::depth;
use crate::model::{
    profile_key, Counterpart, Depth, Direction, Interaction, Kind, Source, UNKNOWN_COUNTERPART,
};
use crate::store::Me;

/// The files Vínculo reads, in the order they must be read: the user's name and the
/// connections first, since the others resolve people against them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Profile,
    Connections,
    Messages,
    Invitations,
    EndorsementsReceived,
    EndorsementsGiven,
    RecommendationsReceived,
    RecommendationsGiven,
    Comments,
    Reactions,
    Shares,
}

impl FileKind {
    pub const ALL: [FileKind; 11] = [
        FileKind::Profile,
        FileKind::Connections,
        FileKind::Messages,
        FileKind::Invitations,
        FileKind::EndorsementsReceived,
        FileKind::EndorsementsGiven,
        FileKind::RecommendationsReceived,
        FileKind::RecommendationsGiven,
        FileKind::Comments,
        FileKind::Reactions,
        FileKind::Shares,
    ];

    /// The name the current exports use.
    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Profile => "Profile.csv",
            FileKind::Connections => "Connections.csv",
            FileKind::Messages => "messages.csv",
            FileKind::Invitations => "Invitations.csv",
            FileKind::EndorsementsReceived => "Endorsement_Received_Info.csv",
            FileKind::EndorsementsGiven => "Endorsement_Given_Info.csv",
            FileKind::RecommendationsReceived => "Recommendations_Received.csv",
            FileKind::RecommendationsGiven => "Recommendations_Given.csv",
            FileKind::Comments => "Comments.csv",
            FileKind::Reactions => "Reactions.csv",
            FileKind::Shares => "Shares.csv",
        }
    }

    /// Recognises a file by its name whatever its folder, case, separators (`Company
    /// Follows.csv` / `Company_Follows.csv`) or copy number (`Comments_1.csv`).
    pub fn from_path(path: &str) -> Option<FileKind> {
        let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
        if base.starts_with("._") || path.starts_with("__MACOSX/") {
            return None;
        }
        let lower = base.to_lowercase();
        let stem = lower.strip_suffix(".csv")?;
        let stem: String = stem
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .collect();
        let stem = stem.trim_end_matches(|c: char| c.is_ascii_digit());
        let stem = stem.strip_suffix("copy").unwrap_or(stem);
        FileKind::ALL.into_iter().find(|kind| {
            let canonical = kind.file_name().to_lowercase().replace('_', "");
            canonical.strip_suffix(".csv") == Some(stem)
                || (*kind == FileKind::EndorsementsReceived && stem == "endorsementsreceivedinfo")
                || (*kind == FileKind::EndorsementsGiven && stem == "endorsementsgiveninfo")
        })
    }

    fn columns(self) -> &'static [(&'static str, bool)] {
        match self {
            FileKind::Profile => &[("First Name", true), ("Last Name", true)],
            FileKind::Connections => &[
                ("First Name", true),
                ("Last Name", true),
                ("URL", false),
                ("Connected On", false),
            ],
            FileKind::Messages => &[
                ("CONVERSATION ID", false),
                ("FROM", true),
                ("SENDER PROFILE URL", false),
                ("TO", false),
                ("RECIPIENT PROFILE URLS", false),
                ("DATE", true),
                ("CONTENT", false),
                ("FOLDER", false),
                ("IS MESSAGE DRAFT", false),
            ],
            FileKind::Invitations => &[
                ("From", false),
                ("To", false),
                ("Sent At", true),
                ("Message", false),
                ("Direction", true),
                ("inviterProfileUrl", false),
                ("inviteeProfileUrl", false),
            ],
            FileKind::EndorsementsReceived => &[
                ("Endorsement Date", true),
                ("Skill Name", false),
                ("Endorser First Name", true),
                ("Endorser Last Name", true),
                ("Endorser Public Url", false),
                ("Endorsement Status", false),
            ],
            FileKind::EndorsementsGiven => &[
                ("Endorsement Date", true),
                ("Skill Name", false),
                ("Endorsee First Name", true),
                ("Endorsee Last Name", true),
                ("Endorsee Public Url", false),
                ("Endorsement Status", false),
            ],
            FileKind::RecommendationsReceived | FileKind::RecommendationsGiven => &[
                ("First Name", true),
                ("Last Name", true),
                ("Text", false),
                ("Creation Date", true),
                ("Status", false),
            ],
            FileKind::Comments => &[("Date", true), ("Link", false), ("Message", true)],
            FileKind::Reactions => &[("Date", true), ("Type", false), ("Link", true)],
            FileKind::Shares => &[("Date", true)],
        }
    }
}

/// Why a row gave nothing: message keys of the extension's locales.
mod skip {
    pub const BAD_DATE: &str = "archiveSkipBadDate";
    pub const NO_PERSON: &str = "archiveSkipNoPerson";
    pub const DUPLICATE: &str = "archiveSkipDuplicate";
    pub const DRAFT_OR_SPAM: &str = "archiveSkipDraftOrSpam";
    pub const OWN_POST: &str = "archiveSkipOwnPost";
    pub const REJECTED: &str = "archiveSkipRejected";
    pub const UNKNOWN_DIRECTION: &str = "archiveSkipUnknownDirection";
    pub const SELF: &str = "archiveSkipSelf";
    pub const TRUNCATED: &str = "archiveSkipTruncated";
    pub const TOO_LARGE: &str = "archiveSkipTooLarge";
}

/// Problems with a whole file, as message keys with their arguments.
mod problem {
    /// Arguments: file name, the missing columns joined by ", ".
    pub const MISSING_COLUMNS: &str = "archiveProblemMissingColumns";
    /// Arguments: file name, line where the cut field began.
    pub const TRUNCATED: &str = "archiveProblemTruncated";
    /// Arguments: file name, line where the record began, the limits (MB, fields).
    pub const RECORD_TOO_LARGE: &str = "archiveProblemRecordTooLarge";
}

/// Collects what the files give, file by file.
#[derive(Default)]
pub struct Builder {
    me_name: Option<String>,
    me: Option<Person>,
    /// Everyone met so far; output are those an interaction or a connection names.
    people: Vec<Counterpart>,
    noted: Vec<bool>,
    by_key: FastMap<String, Person>,
    /// Normalised full name → a connection.
    by_name: FastMap<String, Person>,
    /// Profile link as written → its person: the same links repeat on every message. Keyed by
    /// the link's hash ([`hash_fields`]) and checked against the link eight bytes at a time:
    /// wasm's memcmp goes a byte at a time, and comparing the links was most of each lookup.
    by_link: FastMap<u64, (Box<str>, Option<Person>)>,
    /// The links whose hash a different link in `by_link` already has.
    by_link_collided: FastMap<String, Option<Person>>,
    interactions: Vec<Interaction>,
    /// Row hashes already made into an interaction (they are the ids' content).
    ids: FxHashSet<u64>,
    files: Vec<FileReport>,
    seen: BTreeSet<FileKind>,
    pub ignored: Vec<String>,
}

/// A person's index in [`Builder::people`].
type Person = usize;

/// Counts of one file, turned into its [`FileReport`] at the end.
struct Tally {
    rows_read: u64,
    made: u64,
    skipped: BTreeMap<&'static str, u64>,
}

impl Tally {
    fn skip(&mut self, reason: &'static str) {
        *self.skipped.entry(reason).or_default() += 1;
    }
}

/// An interaction about to be made; its id is `archive:<kind>:<hash of the row>`.
struct Made {
    hash: u64,
    person: Option<Person>,
    kind: Kind,
    direction: Direction,
    at: i64,
    depth: Option<Depth>,
}

impl Builder {
    /// Reads one file. Files must come in [`FileKind`] order.
    pub fn add_file(&mut self, kind: FileKind, name: &str, bytes: &[u8]) {
        self.seen.insert(kind);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        let mut tally = Tally {
            rows_read: 0,
            made: 0,
            skipped: BTreeMap::new(),
        };
        let problem = self.read_rows(kind, name, &text, &mut tally);
        self.files.push(FileReport {
            name: name.to_string(),
            rows_read: tally.rows_read,
            interactions_made: tally.made,
            rows_skipped: tally
                .skipped
                .into_iter()
                .map(|(reason, n)| (reason.to_string(), n))
                .collect(),
            problem,
        });
    }

    fn read_rows(
        &mut self,
        kind: FileKind,
        name: &str,
        text: &str,
        tally: &mut Tally,
    ) -> Option<Note> {
        if kind == FileKind::Messages && self.me.is_none() {
            self.me = self.find_me_in_messages(text);
        }
        let mut records = Records::new(text);
        let columns = match find_header(&mut records, kind.columns()) {
            Ok(columns) => columns,
            Err(missing) => {
                return Some(Note::texts(
                    problem::MISSING_COLUMNS,
                    [name.to_string(), missing.join(", ")],
                ))
            }
        };
        let mut row = Record::default();
        loop {
            match records.next_into(&mut row) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(RecordError::Unterminated { line }) => {
                    tally.skip(skip::TRUNCATED);
                    return Some(Note::texts(
                        problem::TRUNCATED,
                        [name.to_string(), line.to_string()],
                    ));
                }
                Err(RecordError::TooLong { line } | RecordError::TooManyFields { line }) => {
                    tally.skip(skip::TOO_LARGE);
                    return Some(Note::texts(
                        problem::RECORD_TOO_LARGE,
                        [
                            name.to_string(),
                            line.to_string(),
                            (MAX_ROW_BYTES >> 20).to_string(),
                            MAX_FIELDS.to_string(),
                        ],
                    ));
                }
            }
            tally.rows_read += 1;
            let c = Row {
                columns: &columns,
                row: &row,
            };
            match kind {
                FileKind::Profile => self.profile(c),
                FileKind::Connections => self.connection(c, tally),
                FileKind::Messages => self.message(c, tally),
                FileKind::Invitations => self.invitation(c, tally),
                FileKind::EndorsementsReceived => self.endorsement(c, Direction::Received, tally),
                FileKind::EndorsementsGiven => self.endorsement(c, Direction::Given, tally),
                FileKind::RecommendationsReceived => {
                    self.recommendation(c, Direction::Received, tally)
                }
                FileKind::RecommendationsGiven => self.recommendation(c, Direction::Given, tally),
                FileKind::Comments => self.comment(c, tally),
                FileKind::Reactions => self.reaction(c, tally),
                FileKind::Shares => tally.skip(skip::OWN_POST),
            }
        }
    }

    fn profile(&mut self, r: Row<'_, '_>) {
        if self.me_name.is_none() {
            let name = full_name(r.get(0), r.get(1));
            if !name.is_empty() {
                self.me_name = Some(name);
            }
        }
    }

    fn connection(&mut self, r: Row<'_, '_>, tally: &mut Tally) {
        let name = full_name(r.get(0), r.get(1));
        let Some(person) = self.person(r.get(2), &name) else {
            return tally.skip(skip::NO_PERSON);
        };
        let connected_at = dates::day_month_name(r.get(3)).or_else(|| dates::any(r.get(3)));
        if !name.is_empty() {
            self.by_name.insert(name_key_text(&name), person);
        }
        let entry = self.note(person, &name);
        entry.connection = true;
        entry.connected_at = entry.connected_at.or(connected_at);
    }

    /// The user in the messages: the sender whose name is the profile's, else the one person
    /// present in every message (the user is the sender or a recipient of each).
    fn find_me_in_messages(&mut self, text: &str) -> Option<Person> {
        let mut records = Records::new(text);
        let columns = find_header(&mut records, FileKind::Messages.columns()).ok()?;
        let my_name = self.me_name.as_deref().map(name_key_text);
        let mut present: FastMap<Person, u64> = FastMap::default();
        let mut row = Record::default();
        let mut rows = 0u64;
        while let Ok(true) = records.next_into(&mut row) {
            // Enough rows read once one person is in all of them and nobody else is.
            if rows > 0 && rows.is_multiple_of(512) && alone_in_every_row(&present, rows) {
                break;
            }
            rows += 1;
            let r = Row {
                columns: &columns,
                row: &row,
            };
            let from = r.get(1);
            let Some(sender) = self.person(r.get(2), from) else {
                continue;
            };
            if my_name.as_deref() == Some(name_key_text(from).as_str()) {
                // The first message the user sent settles it.
                return Some(sender);
            }
            for (link, name) in recipient_cells(r) {
                match self.person(link, name) {
                    Some(recipient) if recipient != sender => {
                        *present.entry(recipient).or_default() += 1;
                    }
                    _ => {}
                }
            }
            *present.entry(sender).or_default() += 1;
        }
        present
            .into_iter()
            .max_by(|a, b| {
                a.1.cmp(&b.1)
                    .then_with(|| self.people[b.0].key.cmp(&self.people[a.0].key))
            })
            .map(|(person, _)| person)
    }

    fn message(&mut self, r: Row<'_, '_>, tally: &mut Tally) {
        let draft = r.get(8);
        let is_draft = draft.eq_ignore_ascii_case("yes") || draft.eq_ignore_ascii_case("true");
        if is_draft || r.get(7).eq_ignore_ascii_case("spam") {
            return tally.skip(skip::DRAFT_OR_SPAM);
        }
        let Some(at) = dates::year_first(r.get(5)) else {
            return tally.skip(skip::BAD_DATE);
        };
        let from = r.get(1);
        let Some(sender) = self.person(r.get(2), from) else {
            return tally.skip(skip::NO_PERSON);
        };
        let content = r.get(6);
        let text_depth = Some(depth(&html_to_text(content), ""));
        let row_hash = |other: &str| {
            hash_fields(&[
                "message",
                r.get(0),
                r.get(5),
                r.get(2),
                from,
                content,
                other,
            ])
        };
        if Some(sender) != self.me {
            self.note(sender, from);
            let made = Made {
                hash: row_hash(""),
                person: Some(sender),
                kind: Kind::Message,
                direction: Direction::Received,
                at,
                depth: text_depth,
            };
            return self.push(made, tally);
        }
        let mut made_any = false;
        for (link, name) in recipient_cells(r) {
            let Some(person) = self.person(link, name) else {
                continue;
            };
            if Some(person) == self.me {
                continue;
            }
            made_any = true;
            self.note(person, name);
            let made = Made {
                hash: row_hash(&self.people[person].key),
                person: Some(person),
                kind: Kind::Message,
                direction: Direction::Given,
                at,
                depth: text_depth,
            };
            self.push(made, tally);
        }
        if !made_any {
            tally.skip(skip::SELF);
        }
    }

    fn invitation(&mut self, r: Row<'_, '_>, tally: &mut Tally) {
        let direction = match r.get(4).to_ascii_uppercase().as_str() {
            "OUTGOING" => Direction::Given,
            "INCOMING" => Direction::Received,
            _ => return tally.skip(skip::UNKNOWN_DIRECTION),
        };
        let Some(at) = dates::month_first(r.get(2)).or_else(|| dates::any(r.get(2))) else {
            return tally.skip(skip::BAD_DATE);
        };
        let (link, name) = match direction {
            Direction::Given => (r.get(6), r.get(1)),
            Direction::Received => (r.get(5), r.get(0)),
        };
        let Some(person) = self.person(link, name) else {
            return tally.skip(skip::NO_PERSON);
        };
        self.note(person, name);
        let message = r.get(3);
        let made = Made {
            hash: hash_fields(&[
                "invitation",
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(4),
                r.get(5),
                r.get(6),
            ]),
            person: Some(person),
            kind: Kind::Invitation,
            direction,
            at,
            depth: (!message.is_empty()).then(|| depth(message, "")),
        };
        self.push(made, tally);
    }

    fn endorsement(&mut self, r: Row<'_, '_>, direction: Direction, tally: &mut Tally) {
        if r.get(5).eq_ignore_ascii_case("rejected") {
            return tally.skip(skip::REJECTED);
        }
        let Some(at) = dates::year_first(r.get(0)).or_else(|| dates::any(r.get(0))) else {
            return tally.skip(skip::BAD_DATE);
        };
        let name = full_name(r.get(2), r.get(3));
        let Some(person) = self.person(r.get(4), &name) else {
            return tally.skip(skip::NO_PERSON);
        };
        self.note(person, &name);
        let made = Made {
            hash: hash_fields(&[
                "endorsement",
                direction_tag(direction),
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
            ]),
            person: Some(person),
            kind: Kind::Endorsement,
            direction,
            at,
            depth: None,
        };
        self.push(made, tally);
    }

    fn recommendation(&mut self, r: Row<'_, '_>, direction: Direction, tally: &mut Tally) {
        if r.get(4).eq_ignore_ascii_case("rejected") {
            return tally.skip(skip::REJECTED);
        }
        let Some(at) = dates::any(r.get(3)) else {
            return tally.skip(skip::BAD_DATE);
        };
        let name = full_name(r.get(0), r.get(1));
        let Some(person) = self.person("", &name) else {
            return tally.skip(skip::NO_PERSON);
        };
        self.note(person, &name);
        let text = r.get(2);
        let made = Made {
            hash: hash_fields(&[
                "recommendation",
                direction_tag(direction),
                r.get(0),
                r.get(1),
                text,
                r.get(3),
            ]),
            person: Some(person),
            kind: Kind::Recommendation,
            direction,
            at,
            depth: (!text.is_empty()).then(|| depth(text, "")),
        };
        self.push(made, tally);
    }

    fn comment(&mut self, r: Row<'_, '_>, tally: &mut Tally) {
        let Some(at) = dates::year_first(r.get(0)) else {
            return tally.skip(skip::BAD_DATE);
        };
        let message = r.get(2);
        let made = Made {
            hash: hash_fields(&["comment", r.get(0), r.get(1), message]),
            person: None,
            kind: Kind::Comment,
            direction: Direction::Given,
            at,
            depth: Some(depth(message, "")),
        };
        self.push(made, tally);
    }

    fn reaction(&mut self, r: Row<'_, '_>, tally: &mut Tally) {
        let Some(at) = dates::year_first(r.get(0)) else {
            return tally.skip(skip::BAD_DATE);
        };
        let made = Made {
            hash: hash_fields(&["reaction", r.get(0), r.get(1), r.get(2)]),
            person: None,
            kind: Kind::Reaction,
            direction: Direction::Given,
            at,
            depth: None,
        };
        self.push(made, tally);
    }

    fn push(&mut self, made: Made, tally: &mut Tally) {
        if !self.ids.insert(made.hash) {
            return tally.skip(skip::DUPLICATE);
        }
        tally.made += 1;
        self.interactions.push(Interaction {
            id: interaction_id(made.kind, made.hash),
            counterpart: made.person.map_or_else(
                || UNKNOWN_COUNTERPART.to_string(),
                |p| self.people[p].key.clone(),
            ),
            kind: made.kind,
            direction: made.direction,
            at: made.at,
            depth: made.depth,
            source: Source::Archive,
            text: None,
        });
    }

    /// A person from a profile link, else by name (the connection of that name, else a
    /// person keyed `name:<lower-cased name>`).
    fn person(&mut self, link: &str, name: &str) -> Option<Person> {
        if !link.is_empty() {
            let known = self.person_of_link(link);
            if known.is_some() {
                return known;
            }
        }
        let name = name_key_text(name);
        if name.is_empty() {
            return None;
        }
        match self.by_name.get(&name) {
            Some(&person) => Some(person),
            None => Some(self.by_key(format!("name:{name}"))),
        }
    }

    /// The person a profile link names, read once per distinct link.
    fn person_of_link(&mut self, link: &str) -> Option<Person> {
        let hash = hash_fields(&[link]);
        match self.by_link.get(&hash) {
            Some((known, person)) if same_text(known, link) => *person,
            Some(_) => match self.by_link_collided.get(link) {
                Some(person) => *person,
                None => {
                    let person = profile_key(link).map(|key| self.by_key(key));
                    self.by_link_collided.insert(link.to_string(), person);
                    person
                }
            },
            None => {
                let person = profile_key(link).map(|key| self.by_key(key));
                self.by_link.insert(hash, (link.into(), person));
                person
            }
        }
    }

    fn by_key(&mut self, key: String) -> Person {
        if let Some(&person) = self.by_key.get(&key) {
            return person;
        }
        let person = self.people.len();
        self.by_key.insert(key.clone(), person);
        self.people.push(Counterpart {
            key,
            ..Counterpart::default()
        });
        self.noted.push(false);
        person
    }

    /// Marks a person as one to output, naming them if they had no name yet.
    fn note(&mut self, person: Person, name: &str) -> &mut Counterpart {
        self.noted[person] = true;
        let entry = &mut self.people[person];
        if entry.name.is_empty() {
            entry.name = name.trim().to_string();
        }
        entry
    }

    pub fn finish(mut self) -> ArchiveImport {
        if let Some(me) = self.me {
            self.noted[me] = false;
        }
        let me_key = self.me.map(|me| self.people[me].key.clone());
        let missing = FileKind::ALL
            .iter()
            .filter(|k| !self.seen.contains(k))
            .map(|k| k.file_name().to_string())
            .collect();
        let mut counterparts: Vec<Counterpart> = self
            .people
            .into_iter()
            .zip(self.noted)
            .filter_map(|(person, noted)| noted.then_some(person))
            .collect();
        counterparts.sort_by(|a, b| a.key.cmp(&b.key));
        let me = me_key.filter(|key| key.starts_with("in:")).map(|key| Me {
            key,
            name: self.me_name.unwrap_or_default(),
        });
        self.interactions
            .sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
        ArchiveImport {
            me,
            counterparts,
            interactions: self.interactions,
            files: self.files,
            missing,
            ignored: self.ignored,
        }
    }
}

/// `archive:<kind>:<hash in 16 hex digits>`, written without the formatting machinery (this
/// runs for every interaction of an archive).
fn interaction_id(kind: Kind, hash: u64) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let kind = kind_tag(kind);
    let mut id = String::with_capacity("archive:".len() + kind.len() + 1 + 16);
    id.push_str("archive:");
    id.push_str(kind);
    id.push(':');
    for digit in (0..16).rev() {
        id.push(char::from(HEX[(hash >> (digit * 4)) as usize & 0xf]));
    }
    id
}

fn kind_tag(kind: Kind) -> &'static str {
    match kind {
        Kind::Message => "message",
        Kind::Comment => "comment",
        Kind::Reply => "reply",
        Kind::Mention => "mention",
        Kind::Reaction => "reaction",
        Kind::Endorsement => "endorsement",
        Kind::Recommendation => "recommendation",
        Kind::Invitation => "invitation",
    }
}

fn direction_tag(direction: Direction) -> &'static str {
    match direction {
        Direction::Given => "given",
        Direction::Received => "received",
    }
}

/// One record with its columns, read by the wanted column's position in [`FileKind::columns`].
#[derive(Clone, Copy)]
struct Row<'c, 'r> {
    columns: &'c Columns,
    row: &'r Record,
}

impl<'r> Row<'_, 'r> {
    fn get(&self, column: usize) -> &'r str {
        self.columns.get(self.row, column)
    }
}

fn full_name(first: &str, last: &str) -> String {
    match (first.is_empty(), last.is_empty()) {
        (false, false) => format!("{first} {last}"),
        (false, true) => first.to_string(),
        _ => last.to_string(),
    }
}

/// Names compare lower-cased with runs of spaces collapsed; accents are kept (`José` is not
/// `Jose`: different people as far as the archive can tell).
fn name_key_text(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether one person was in each of `rows` rows and everyone else in fewer.
fn alone_in_every_row(present: &FastMap<Person, u64>, rows: u64) -> bool {
    let in_all = present.values().filter(|&&n| n == rows).count();
    in_all == 1
}

/// A comma-separated list cell (`TO`, `RECIPIENT PROFILE URLS`).
fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// A message's recipients as `(profile link, name)`: the links, each with the name at its
/// position when the counts agree (else no name), or the names alone when there are no links.
fn recipient_cells<'r>(r: Row<'_, 'r>) -> impl Iterator<Item = (&'r str, &'r str)> {
    let (names, links) = (r.get(3), r.get(4));
    let without_links = split_list(names)
        .filter(move |_| links.is_empty())
        .map(|name| ("", name));
    let paired = split_list(names).count() == split_list(links).count();
    let mut names = split_list(names);
    let with_links = split_list(links).map(move |link| {
        let name = names.next().filter(|_| paired);
        (link, name.unwrap_or(""))
    });
    without_links.chain(with_links)
}

/// A 64-bit hash of the fields, eight bytes at a time, with a separator between fields. Fixed
/// here (the standard hasher promises no stability), so ids agree between the native and wasm
/// builds and between versions: changing it would make a re-import add everything again.
fn hash_fields(fields: &[&str]) -> u64 {
    let mut hasher = WordHasher::default();
    for field in fields {
        hasher.write(field.as_bytes());
        hasher.write_u8(0x1f);
    }
    hasher.finish()
}

/// Whether two texts are the same, compared eight bytes at a time.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let word = |chunk: &[u8]| u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
    let (mut a, mut b) = (a.chunks_exact(8), b.chunks_exact(8));
    a.by_ref().zip(b.by_ref()).all(|(x, y)| word(x) == word(y)) && a.remainder() == b.remainder()
}

/// Maps keyed by the archive's own strings hash with FxHash: no defence against crafted
/// collisions is needed (the import is bounded by [`super::Limits`]) and SipHash was a tenth
/// of the import's time.
type FastMap<K, V> = FxHashMap<K, V>;

/// Multiply-xorshift over little-endian words, finished with SplitMix64's mixer.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            self.0 = (self.0 ^ word).wrapping_mul(K).rotate_left(29);
        }
        let rest = chunks.remainder();
        let mut tail = [0u8; 8];
        tail[..rest.len()].copy_from_slice(rest);
        let word = u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 59);
        self.0 = (self.0 ^ word).wrapping_mul(K).rotate_left(29);
    }

    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The visible text of a message body that may hold HTML: tags dropped (each becomes a
/// space, so a line break or a block end still separates words), the character references
/// message bodies use decoded.
pub(super) fn html_to_text(content: &str) -> Cow<'_, str> {
    let markup = |s: &str| s.bytes().position(|b| b == b'<' || b == b'&');
    if markup(content).is_none() {
        return Cow::Borrowed(content);
    }
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    // Every index below is that of an ASCII byte (`<`, `>`, `&`, `;`) or just past one, so
    // it falls between characters whatever the text around it.
    while let Some(i) = markup(rest) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            match rest.bytes().position(|b| b == b'>') {
                Some(end) => {
                    out.push(' ');
                    rest = &rest[end + 1..];
                }
                None => {
                    out.push_str(rest);
                    rest = "";
                }
            }
        } else if let Some((decoded, used)) = reference(rest.as_bytes()) {
            out.push(decoded);
            rest = &rest[used..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character reference at the start of `s` (which starts with `&`) and how many bytes it
/// used: the named ones message bodies use, and numeric ones. Read as bytes: a reference is
/// ASCII, so nothing here looks inside a multibyte character.
fn reference(s: &[u8]) -> Option<(char, usize)> {
    // `&#x10FFFF;` is the longest reference read.
    const LONGEST_NAME: usize = 8;
    let body = s.get(1..)?;
    let end = body
        .iter()
        .take(LONGEST_NAME + 1)
        .position(|&b| b == b';')?;
    let decoded = match &body[..end] {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        b"nbsp" => ' ',
        [b'#', b'x' | b'X', hex @ ..] => numeric(hex, 16)?,
        [b'#', decimal @ ..] => numeric(decimal, 10)?,
        _ => return None,
    };
    Some((decoded, end + 2))
}

fn numeric(digits: &[u8], radix: u32) -> Option<char> {
    if digits.is_empty() || !digits.iter().all(|&b| char::from(b).is_digit(radix)) {
        return None;
    }
    let digits = std::str::from_utf8(digits).ok()?;
    char::from_u32(u32::from_str_radix(digits, radix).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_recognised_in_their_variants() {
        let cases = [
            ("Connections.csv", Some(FileKind::Connections)),
            ("export/Basic/Connections.csv", Some(FileKind::Connections)),
            ("MESSAGES.CSV", Some(FileKind::Messages)),
            ("messages_2.csv", Some(FileKind::Messages)),
            ("Comments_1.csv", Some(FileKind::Comments)),
            (
                "Endorsement Received Info.csv",
                Some(FileKind::EndorsementsReceived),
            ),
            (
                "Endorsement_Given_Info.csv",
                Some(FileKind::EndorsementsGiven),
            ),
            (
                "Recommendations_Received.csv",
                Some(FileKind::RecommendationsReceived),
            ),
            ("guide_messages.csv", None),
            ("Company Follows.csv", None),
            ("Profile Summary.csv", None),
            ("__MACOSX/._Connections.csv", None),
            ("Connections.txt", None),
        ];
        for (path, want) in cases {
            assert_eq!(FileKind::from_path(path), want, "{path}");
        }
    }

    #[test]
    fn html_bodies_become_text() {
        assert_eq!(
            html_to_text("<p>Hi &amp; welcome,<br/>Ana&#33; &#x263A;</p>"),
            " Hi & welcome, Ana! ☺ "
        );
        assert_eq!(html_to_text("a < b & c"), "a < b & c");
        assert_eq!(html_to_text("plain"), "plain");
    }

    #[test]
    fn an_ampersand_before_a_multibyte_character_is_text() {
        // `&` then a two-byte character: a reference's name cut inside it must not panic.
        for body in [
            "P&é; and some more text",
            "&é;",
            "a &ção; b c d e f g h",
            "&#é;;;;;;;;;;;",
            "&#xé;",
            "&",
            "&;",
            "&#;",
            "&#x;",
            "&#99999999999;",
            "&#xD800;",
            // What `cargo fuzz run archive_text` found against the decoder that sliced text.
            "ne&&#;# 3\u{5}3; &#&#;#6&&#;# 3\u{5}3; ;&ړ## 3\u{5}#; &#|",
        ] {
            assert_eq!(html_to_text(body), body);
        }
        assert_eq!(
            html_to_text("<b>Olá &amp; até</b> logo&nbsp;&#33;&#x1F600;"),
            " Olá & até  logo !😀"
        );
    }

    #[test]
    fn interaction_ids_name_the_kind_and_the_whole_hash() {
        assert_eq!(
            interaction_id(Kind::Message, 0x0123_4567_89ab_cdef),
            "archive:message:0123456789abcdef"
        );
        assert_eq!(
            interaction_id(Kind::Reaction, 0xf),
            "archive:reaction:000000000000000f"
        );
    }

    #[test]
    fn texts_compare_whole() {
        let link = "https://www.linkedin.com/in/ana-silva";
        assert!(same_text(link, link));
        assert!(same_text("", ""));
        assert!(!same_text(link, "https://www.linkedin.com/in/ana-silvb"));
        assert!(!same_text(link, "https://www.linkedin.com/in/ana-silv"));
        assert!(!same_text("12345678", "1234567"));
        assert!(!same_text("abcdefgh", "abcdefgi"));
    }

    #[test]
    fn a_link_whose_hash_another_has_still_finds_its_own_person() {
        let mut builder = Builder::default();
        let ana = builder.person("https://www.linkedin.com/in/ana", "Ana");
        // Stand in for a collision: another link under the hash of Ana's.
        let (_, person) = builder.by_link.values().next().cloned().unwrap();
        let hash = hash_fields(&["https://www.linkedin.com/in/bob"]);
        builder
            .by_link
            .insert(hash, ("https://www.linkedin.com/in/ana".into(), person));
        let bob = builder.person("https://www.linkedin.com/in/bob", "Bob");
        assert_ne!(bob, ana);
        assert_eq!(
            builder.person("https://www.linkedin.com/in/bob", "Bob"),
            bob
        );
        assert_eq!(builder.people[bob.unwrap()].key, "in:bob");
    }

    #[test]
    fn hashes_separate_fields_and_stay_fixed() {
        assert_ne!(hash_fields(&["ab", "c"]), hash_fields(&["a", "bc"]));
        assert_ne!(hash_fields(&["a"]), hash_fields(&["a", ""]));
        assert_ne!(hash_fields(&["12345678"]), hash_fields(&["1234567", "8"]));
        // Ids already recorded by users depend on this value.
        assert_eq!(hash_fields(&["x"]), 0xf36e_dc0a_d579_8f69);
    }
}
