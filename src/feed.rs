//! From a batch of feed posts read off the page to the overlays the content script draws.
//! Text is not composed here: each overlay carries message keys and numbers, which the shell
//! turns into the user's language with `_locales` (so the core never guesses a translation).

use crate::count::{parse_count, parse_reactors};
pub use crate::msg::Msg;
use crate::page::{EntityRecord, Health, PageScan};
use crate::quality::{assess, thread_is_whole, thread_stats, AuthorId, Level, Quality};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decisions {
    pub overlays: Vec<Overlay>,
    pub health: HealthReport,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlay {
    /// The entity the overlay belongs to (every copy of it on the page gets one).
    pub key: String,
    /// The entity field whose element the overlay sits beside.
    pub field: &'static str,
    pub kind: OverlayKind,
    /// Which display-mode setting applies (`reactions`, `comments`, …).
    pub count_kind: &'static str,
    pub number: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The badge's level: a conversation level (`discussion`, …) or a relationship tier.
    pub level: Option<&'static str>,
    /// The badge's own words.
    pub label: Msg,
    /// The one-line explanation, parts joined by " · ".
    pub detail: Vec<Msg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OverlayKind {
    Vanity,
    Conversation,
    Relationship,
}

fn msg(key: &'static str, args: &[u64]) -> Msg {
    Msg::new(key, args)
}

/// Posts' count fields and what kind of display-mode setting each falls under.
const VANITY_FIELDS: [&str; 2] = ["reactions", "reposts"];

pub fn decide(scan: &PageScan) -> Decisions {
    let mut overlays = Vec::new();
    for post in scan.entities.iter().filter(|e| e.entity == "post") {
        overlays.extend(post_overlays(post, &scan.lang));
    }
    Decisions {
        overlays,
        health: health_report(scan),
    }
}

fn post_overlays(post: &EntityRecord, lang: &str) -> Vec<Overlay> {
    // A reaction summary may name a reactor ("Ana and 45 others"), in any language.
    let count = |field: &str| {
        let parse = if field == "reactions" {
            parse_reactors
        } else {
            parse_count
        };
        post.field(field).and_then(|text| parse(text, lang))
    };
    let thread = (!post.children.is_empty())
        .then(|| thread_stats(&post.children, &AuthorId::of(post), lang));
    let quality = assess(count("reactions"), count("comments"), thread);
    let detail = explain(&quality);

    let mut overlays = Vec::new();
    for field in VANITY_FIELDS {
        if let Some(number) = count(field) {
            overlays.push(Overlay {
                key: post.key.clone(),
                field,
                kind: OverlayKind::Vanity,
                count_kind: field,
                number: Some(number),
                level: None,
                label: msg("vanityMark", &[]),
                detail: detail.clone(),
            });
        }
    }
    // The conversation badge sits beside the comment count; a post that prints none has no
    // comments (the site hides a zero), and its badge sits beside the reactions instead.
    let anchor = ["comments", "reactions"]
        .into_iter()
        .find(|field| post.field(field).is_some());
    if let Some(field) = anchor {
        overlays.push(Overlay {
            key: post.key.clone(),
            field,
            kind: OverlayKind::Conversation,
            count_kind: "comments",
            number: match field {
                "comments" => quality.comments,
                _ => Some(0),
            },
            level: Some(quality.level.name()),
            label: msg(level_key(quality.level), &[]),
            detail,
        });
    }
    overlays
}

fn level_key(level: Level) -> &'static str {
    match level {
        Level::Discussion => "levelDiscussion",
        Level::SomeTalk => "levelSomeTalk",
        Level::ApplauseOnly => "levelApplauseOnly",
        Level::Quiet => "levelQuiet",
    }
}

/// "1,240 reactions · 3 real comments of 12 read · author never replied". Claims no stronger
/// than what was read: the thread speaks only when enough of it was read
/// (`quality::thread_is_enough`), and "never replied" only when all of it was.
fn explain(quality: &Quality) -> Vec<Msg> {
    let mut parts = vec![msg("tipReactions", &[quality.reactions.unwrap_or(0)])];
    match quality.thread {
        Some(thread) => {
            parts.push(msg(
                "tipRealComments",
                &[thread.substantive.into(), thread.shown.into()],
            ));
            if thread.low_effort > 0 {
                parts.push(msg("tipStockReplies", &[thread.low_effort.into()]));
            }
            parts.push(if thread.author_replies > 0 {
                msg("tipAuthorReplied", &[thread.author_replies.into()])
            } else if thread_is_whole(quality) {
                msg("tipAuthorNeverReplied", &[])
            } else {
                msg("tipAuthorNoReplyRead", &[thread.shown.into()])
            });
        }
        None => {
            parts.push(msg("tipComments", &[quality.comments.unwrap_or(0)]));
            parts.push(match quality.read {
                0 => msg("tipThreadClosed", &[]),
                read => msg("tipTooFewRead", &[read.into()]),
            });
        }
    }
    parts
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthReport {
    pub status: HealthStatus,
    pub page_kind: Option<String>,
    /// Required `entity.field`s that some entity lacked, with how many had it.
    pub missing: Vec<FieldGap>,
    /// Fields found by a fallback strategy rather than the preferred one (an early warning).
    pub fallbacks: Vec<String>,
    /// Neither the page nor the store knows who the user is (set by the worker's job, which
    /// knows the store; see `jobs`): the user's own messages wait.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub user_unknown: bool,
}

/// A required field found on fewer entities than were seen ("post authors: 9 of 12 posts").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldGap {
    /// `entity.field`, as the adapter names it.
    pub field: String,
    pub found: u32,
    pub seen: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Ok,
    Partly,
    NotRecognised,
}

pub fn health_report(scan: &PageScan) -> HealthReport {
    let Health { fields } = &scan.health;
    let seen_any = fields.iter().any(|(_, f)| f.seen > 0);
    let missing: Vec<FieldGap> = fields
        .iter()
        .filter(|(_, f)| f.required && f.found < f.seen)
        .map(|(name, f)| FieldGap {
            field: name.clone(),
            found: f.found,
            seen: f.seen,
        })
        .collect();
    let fallbacks = fields
        .iter()
        .filter(|(_, f)| f.strategy.is_some_and(|s| s > 0))
        .map(|(name, _)| name.clone())
        .collect();
    let status = if scan.page_kind.is_none() || !seen_any {
        HealthStatus::NotRecognised
    } else if missing.is_empty() {
        HealthStatus::Ok
    } else {
        HealthStatus::Partly
    };
    HealthReport {
        status,
        page_kind: scan.page_kind.clone(),
        missing,
        fallbacks,
        user_unknown: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::FieldHealth;

    fn post(fields: &[(&str, &str)]) -> EntityRecord {
        EntityRecord {
            entity: "post".into(),
            key: "urn:li:activity:1".into(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            children: vec![],
        }
    }

    fn scan(lang: &str, posts: Vec<EntityRecord>) -> PageScan {
        PageScan {
            path: "/feed/".into(),
            lang: lang.into(),
            page_kind: Some("feed".into()),
            entities: posts,
            ..Default::default()
        }
    }

    #[test]
    fn portuguese_counts_become_vanity_marks_and_a_conversation_badge() {
        let decisions = decide(&scan(
            "pt-BR",
            vec![post(&[
                ("reactions", "1,2 mil reações"),
                ("comments", "12 comentários"),
                ("reposts", "85 compartilhamentos"),
            ])],
        ));
        let summary: Vec<_> = decisions
            .overlays
            .iter()
            .map(|o| (o.field, o.kind, o.number, o.level))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("reactions", OverlayKind::Vanity, Some(1200), None),
                ("reposts", OverlayKind::Vanity, Some(85), None),
                (
                    "comments",
                    OverlayKind::Conversation,
                    Some(12),
                    Some("applause_only")
                ),
            ]
        );
        assert_eq!(
            decisions.overlays[0].detail[0],
            msg("tipReactions", &[1200])
        );
        assert_eq!(decisions.overlays[0].detail[2], msg("tipThreadClosed", &[]));
    }

    #[test]
    fn a_count_that_is_not_a_number_gets_no_mark() {
        let huge = "9".repeat(1_000_000);
        let decisions = decide(&scan(
            "en",
            vec![post(&[("reactions", &huge), ("comments", "Comment")])],
        ));
        assert!(decisions
            .overlays
            .iter()
            .all(|o| o.kind == OverlayKind::Conversation));
        assert_eq!(decisions.overlays[0].number, None);
    }

    #[test]
    fn health_says_partly_when_a_required_field_is_missing() {
        let mut page = scan("en", vec![]);
        page.health.fields.push((
            "post.key".into(),
            FieldHealth {
                seen: 4,
                found: 4,
                strategy: Some(0),
                required: true,
            },
        ));
        assert_eq!(health_report(&page).status, HealthStatus::Ok);
        page.health.fields.insert(
            0,
            (
                "post.author_name".into(),
                FieldHealth {
                    seen: 4,
                    found: 3,
                    strategy: Some(1),
                    required: true,
                },
            ),
        );
        let report = health_report(&page);
        assert_eq!(report.status, HealthStatus::Partly);
        assert_eq!(
            report.missing,
            vec![FieldGap {
                field: "post.author_name".into(),
                found: 3,
                seen: 4
            }]
        );
        assert_eq!(report.fallbacks, vec!["post.author_name".to_string()]);
        page.page_kind = None;
        assert_eq!(health_report(&page).status, HealthStatus::NotRecognised);
    }
}
