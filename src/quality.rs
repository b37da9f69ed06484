//! A post's conversation quality from what the page shows: the vanity numbers (reactions,
//! comments) and, where the thread is open, what the comments actually say.
//!
//! The article's point: applause (reactions, "Congrats!") is not conversation; substantive
//! comments and an author who answers are. Every level carries the facts that made it, so a
//! badge can say why.

use crate::depth::{depth, is_substantive};
use crate::model::profile_key;
use crate::page::EntityRecord;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Several substantive comments and a real exchange (the author answers, or several people talk).
    Discussion,
    /// Some substantive comments.
    SomeTalk,
    /// Many reactions, almost no substantive comments.
    ApplauseOnly,
    /// Little of anything.
    Quiet,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Discussion => "discussion",
            Level::SomeTalk => "some_talk",
            Level::ApplauseOnly => "applause_only",
            Level::Quiet => "quiet",
        }
    }
}

/// What the visible part of the thread contains.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ThreadStats {
    /// Comments and replies shown on the page.
    pub shown: u32,
    /// Of those, not low-effort and (≥ 8 words or a question).
    pub substantive: u32,
    /// Only emoji or a stock phrase.
    pub low_effort: u32,
    /// Distinct people who wrote a substantive comment, the author excluded.
    pub commenters: u32,
    /// Comments or replies written by the post's author.
    pub author_replies: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quality {
    pub level: Level,
    pub reactions: Option<u64>,
    pub comments: Option<u64>,
    /// The thread the level rests on; `None` when too little of it was read (see
    /// [`thread_is_enough`]): the level then rests on counts alone.
    pub thread: Option<ThreadStats>,
    /// Comments read on the page, enough or not.
    pub read: u32,
}

/// Reactions at or above which a post is "much applauded" (below it, a silent post is just quiet).
pub const MANY_REACTIONS: u64 = 20;
/// From counts alone: fewer comments than one per this many reactions is applause only.
pub const APPLAUSE_RATIO: u64 = 20;
/// From counts alone: at least this many comments, and one per five reactions, reads as discussion.
pub const DISCUSSION_COMMENTS: u64 = 10;
/// From the thread: substantive comments needed for a discussion.
pub const DISCUSSION_SUBSTANTIVE: u32 = 3;
/// Comments that must be read before the thread, not the counts, decides the level…
pub const ENOUGH_READ: u32 = 5;
/// …and the share of the post's comment count they must be (one in this many). A feed shows
/// one or two of a post's comments: judging 162 comments by the one shown would be a guess.
pub const ENOUGH_READ_SHARE: u64 = 4;

/// Whether the comments read can speak for the thread: at least [`ENOUGH_READ`] of them (all
/// of them when the post has fewer) and at least one in [`ENOUGH_READ_SHARE`] of the count the
/// page prints. Without a printed count only the minimum applies.
pub fn thread_is_enough(thread: &ThreadStats, comments: Option<u64>) -> bool {
    let read = u64::from(thread.shown);
    let minimum = comments.map_or(u64::from(ENOUGH_READ), |c| c.min(u64::from(ENOUGH_READ)));
    read > 0 && read >= minimum && comments.is_none_or(|c| read * ENOUGH_READ_SHARE >= c)
}

/// Whether the comments read are every comment the post has, so that what they lack (an
/// answer from the author) the thread lacks.
pub fn thread_is_whole(quality: &Quality) -> bool {
    quality
        .thread
        .is_some_and(|t| quality.comments.is_some_and(|c| u64::from(t.shown) >= c))
}

/// The thread's statistics from a post's comment records. `post_author` is the post author's
/// profile link (or name, when the page gives no link).
pub fn thread_stats(comments: &[EntityRecord], post_author: &AuthorId, lang: &str) -> ThreadStats {
    let mut stats = ThreadStats::default();
    // A post shows at most a few hundred comments: a list is enough to count who wrote them.
    let mut people = Vec::new();
    for comment in comments.iter().filter(|c| c.entity == "comment") {
        stats.shown += 1;
        let author = AuthorId::of(comment);
        let by_author = !author.is_unknown() && author == *post_author;
        if by_author {
            stats.author_replies += 1;
        }
        let features = depth(comment.field("text").unwrap_or(""), lang);
        if features.low_effort {
            stats.low_effort += 1;
        }
        if is_substantive(&features) {
            stats.substantive += 1;
            if !by_author && !author.is_unknown() && !people.contains(&author) {
                people.push(author);
            }
        }
    }
    stats.commenters = people.len() as u32;
    stats
}

pub fn assess(
    reactions: Option<u64>,
    comments: Option<u64>,
    thread: Option<ThreadStats>,
) -> Quality {
    let r = reactions.unwrap_or(0);
    let c = comments.unwrap_or(0);
    let read = thread.map_or(0, |t| t.shown);
    let thread = thread.filter(|t| thread_is_enough(t, comments));
    let level = match thread {
        Some(t) => {
            let exchange = t.author_replies > 0 || t.commenters >= DISCUSSION_SUBSTANTIVE;
            if t.substantive >= DISCUSSION_SUBSTANTIVE && exchange {
                Level::Discussion
            } else if t.substantive > 0 {
                Level::SomeTalk
            } else if r >= MANY_REACTIONS || t.low_effort > 0 {
                Level::ApplauseOnly
            } else {
                Level::Quiet
            }
        }
        None if r >= MANY_REACTIONS && c * APPLAUSE_RATIO < r => Level::ApplauseOnly,
        None if c >= DISCUSSION_COMMENTS && c * 5 >= r => Level::Discussion,
        None if c > 0 => Level::SomeTalk,
        None => Level::Quiet,
    };
    Quality {
        level,
        reactions,
        comments,
        thread,
        read,
    }
}

/// Who wrote something: the profile key when the page links the profile, else the name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum AuthorId {
    Profile(String),
    Name(String),
    Unknown,
}

impl AuthorId {
    pub fn of(record: &EntityRecord) -> AuthorId {
        if let Some(key) = record.field("author_href").and_then(profile_key) {
            return AuthorId::Profile(key);
        }
        match record.field("author_name") {
            Some(name) => AuthorId::Name(name.trim().to_lowercase()),
            None => AuthorId::Unknown,
        }
    }

    fn is_unknown(&self) -> bool {
        *self == AuthorId::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(author: &str, text: &str) -> EntityRecord {
        let mut record = EntityRecord {
            entity: "comment".into(),
            key: format!("{author}:{text}"),
            ..Default::default()
        };
        record.fields.insert(
            "author_href".into(),
            format!("https://www.linkedin.com/in/{author}/"),
        );
        record.fields.insert("text".into(), text.into());
        record
    }

    const LONG: &str =
        "This matches what we saw when we moved our team to weekly written updates last year";

    #[test]
    fn counts_alone_tell_applause_from_talk() {
        assert_eq!(
            assess(Some(1240), Some(12), None).level,
            Level::ApplauseOnly
        );
        assert_eq!(assess(Some(120), Some(40), None).level, Level::Discussion);
        assert_eq!(assess(Some(15), Some(2), None).level, Level::SomeTalk);
        assert_eq!(assess(Some(5), None, None).level, Level::Quiet);
        assert_eq!(assess(None, None, None).level, Level::Quiet);
    }

    #[test]
    fn stock_phrases_are_applause_even_when_many() {
        let author = AuthorId::Profile("in:ada".into());
        let comments: Vec<_> = ["Congrats!", "🔥🔥", "Well said 👏", "Great post"]
            .iter()
            .enumerate()
            .map(|(i, t)| comment(&format!("p{i}"), t))
            .collect();
        let stats = thread_stats(&comments, &author, "en");
        assert_eq!(
            (stats.shown, stats.substantive, stats.low_effort),
            (4, 0, 4)
        );
        assert_eq!(
            assess(Some(900), Some(4), Some(stats)).level,
            Level::ApplauseOnly
        );
    }

    #[test]
    fn an_author_who_answers_makes_a_discussion() {
        let author = AuthorId::Profile("in:ada".into());
        let mut comments = vec![
            comment("bia", LONG),
            comment("caio", LONG),
            comment("duda", "How did you measure it?"),
        ];
        let stats = thread_stats(&comments, &author, "en");
        assert_eq!(stats.author_replies, 0);
        assert_eq!(stats.commenters, 3);
        assert_eq!(
            assess(Some(50), Some(3), Some(stats)).level,
            Level::Discussion
        );

        comments.truncate(1);
        comments.push(comment("bia", "Why not daily?"));
        let stats = thread_stats(&comments, &author, "en");
        assert_eq!(stats.commenters, 1, "one person talking is not several");
        assert_eq!(
            assess(Some(50), Some(3), Some(stats)).level,
            Level::SomeTalk
        );

        comments.push(comment(
            "ada",
            "Because writing daily became noise for the team, so we batched it",
        ));
        let stats = thread_stats(&comments, &author, "en");
        assert_eq!(stats.author_replies, 1);
        assert_eq!(
            assess(Some(50), Some(3), Some(stats)).level,
            Level::Discussion
        );
    }

    #[test]
    fn an_empty_thread_falls_back_to_counts() {
        let quality = assess(Some(300), Some(2), Some(ThreadStats::default()));
        assert_eq!(quality.level, Level::ApplauseOnly);
        assert_eq!(quality.thread, None);
    }

    fn read(shown: u32, substantive: u32) -> ThreadStats {
        ThreadStats {
            shown,
            substantive,
            commenters: substantive,
            ..ThreadStats::default()
        }
    }

    #[test]
    fn one_comment_read_of_many_does_not_speak_for_the_thread() {
        // A real feed: 162 comments, one rendered, a stock phrase.
        let one = ThreadStats {
            shown: 1,
            low_effort: 1,
            ..ThreadStats::default()
        };
        let quality = assess(Some(900), Some(162), Some(one));
        assert_eq!(quality.thread, None, "the counts decide");
        assert_eq!(quality.read, 1);
        assert_eq!(quality.level, Level::SomeTalk);
        // The same single comment on a post that has only that one comment decides.
        assert!(assess(Some(900), Some(1), Some(one)).thread.is_some());
    }

    #[test]
    fn enough_means_a_minimum_and_a_share_of_the_count() {
        assert!(
            !thread_is_enough(&read(4, 4), Some(40)),
            "below the minimum"
        );
        assert!(!thread_is_enough(&read(5, 5), Some(40)), "below a quarter");
        assert!(thread_is_enough(&read(10, 5), Some(40)));
        assert!(
            thread_is_enough(&read(3, 3), Some(3)),
            "all of a small thread"
        );
        assert!(
            !thread_is_enough(&read(4, 4), None),
            "no count: the minimum"
        );
        assert!(thread_is_enough(&read(5, 5), None));
        assert!(!thread_is_enough(&read(0, 0), Some(0)));
    }

    #[test]
    fn only_a_whole_thread_can_say_the_author_never_replied() {
        let quality = assess(Some(40), Some(12), Some(read(12, 6)));
        assert!(thread_is_whole(&quality));
        let quality = assess(Some(40), Some(30), Some(read(12, 6)));
        assert!(quality.thread.is_some());
        assert!(!thread_is_whole(&quality));
        assert!(!thread_is_whole(&assess(Some(40), None, Some(read(12, 6)))));
    }
}
