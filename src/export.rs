//! Vínculo's own exports: JSON (re-importing it restores the store), a CSV of contacts with
//! their scores, and a self-contained HTML report. Nothing here touches storage or the
//! network; the extension delivers the text as a download.
//!
//! The JSON is the model's own shapes, not the storage layout, so a change of storage schema
//! does not change the export:
//! ```text
//! {"format":"vinculo-export","version":1,
//!  "me":{"key":"in:ana","name":"Ana"},                       (absent when unknown)
//!  "counterparts":[{"key":"in:bob","name":"Bob","connection":true,"connected_at":1700000000},…],
//!  "interactions":[{"id":"#3w5e11264sgsf","counterpart":"in:bob","kind":"message",
//!                   "direction":"given","at":1700000000,"depth":{…},"source":"archive"},…],
//!  "notes":[{"key":"in:bob","note":"Met at RustConf","tags":["rust"]},…]}  (absent when none)
//! ```
//! Interactions come in storage order with their stored (hashed) ids, so importing restores
//! the same store, part for part.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::chart::weekly_svg;
use crate::insight::{summary, Summary};
use crate::model::{profile_url, Counterpart, Interaction, Kind};
use crate::msg::Msg;
use crate::score::{score_all, Thresholds, Tie, Tier};
use crate::store::{Me, NoteRecord, Store};

/// The `format` field every export carries.
pub const FORMAT: &str = "vinculo-export";
/// The version of the JSON this build writes. Older versions are read; newer ones refused.
pub const VERSION: u64 = 1;

/// The content of a JSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub me: Option<Me>,
    #[serde(default)]
    pub counterparts: Vec<Counterpart>,
    #[serde(default)]
    pub interactions: Vec<Interaction>,
    /// The user's notes and tags per person (older exports have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<NoteRecord>,
}

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'a str,
    version: u64,
    #[serde(flatten)]
    export: &'a Export,
}

/// Why a JSON export could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// Not JSON at all (or cut short).
    NotJson { detail: String },
    /// JSON, but not a Vínculo export (no `"format":"vinculo-export"`).
    NotAnExport,
    /// Written by a newer Vínculo.
    NewerVersion { found: u64, supported: u64 },
    /// An export of a known version whose content does not fit it.
    Invalid { detail: String },
}

impl ExportError {
    /// The message to show: a key of `_locales` and its arguments.
    pub fn note(&self) -> Msg {
        match self {
            ExportError::NotJson { detail } => Msg::text("exportErrorNotJson", &[detail]),
            ExportError::NotAnExport => Msg::text("exportErrorNotAnExport", &[]),
            ExportError::NewerVersion { found, supported } => Msg::texts(
                "exportErrorNewerVersion",
                [found.to_string(), supported.to_string()],
            ),
            ExportError::Invalid { detail } => Msg::text("exportErrorInvalid", &[detail]),
        }
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::NotJson { detail } => write!(f, "not a JSON file: {detail}"),
            ExportError::NotAnExport => write!(f, "this JSON is not a Vínculo export"),
            ExportError::NewerVersion { found, supported } => write!(
                f,
                "this export is version {found}, newer than this Vínculo reads ({supported}); \
                 update the extension"
            ),
            ExportError::Invalid { detail } => write!(f, "damaged Vínculo export: {detail}"),
        }
    }
}

impl std::error::Error for ExportError {}

/// The store's content in the model's shapes, interactions in storage order.
pub fn export_of(store: &Store) -> Export {
    Export {
        me: store.me().cloned(),
        counterparts: store.counterparts().cloned().collect(),
        interactions: store.interactions().collect(),
        notes: store
            .notes()
            .map(|(key, note)| NoteRecord {
                key: key.to_string(),
                note: note.clone(),
            })
            .collect(),
    }
}

pub fn export_json(store: &Store) -> String {
    let envelope = Envelope {
        format: FORMAT,
        version: VERSION,
        export: &export_of(store),
    };
    serde_json::to_string(&envelope).expect("the model's types serialise")
}

/// Reads an export without building a store: the caller may merge it into the current one
/// (`Store::record`) or replace the store ([`import_json`]).
pub fn read_export(text: &str) -> Result<Export, ExportError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ExportError::NotJson {
            detail: e.to_string(),
        })?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ExportError::NotAnExport);
    }
    // The version is checked before the content: a newer export may have any shape.
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(found) if found > VERSION => {
            return Err(ExportError::NewerVersion {
                found,
                supported: VERSION,
            })
        }
        Some(_) => {}
        None => {
            return Err(ExportError::Invalid {
                detail: "no version".to_string(),
            })
        }
    }
    serde_json::from_value(value).map_err(|e| ExportError::Invalid {
        detail: e.to_string(),
    })
}

/// A store holding exactly what the export holds. Nothing existing is touched: the caller
/// swaps it in only on success.
pub fn import_json(text: &str) -> Result<Store, ExportError> {
    let export = read_export(text)?;
    let mut store = Store::new();
    if let Some(me) = export.me {
        store.set_me(me);
    }
    store.record(export.interactions, export.counterparts);
    store.merge_notes(export.notes);
    Ok(store)
}

/// A locale's messages, as `_locales/<locale>/messages.json` holds them.
pub type Messages = std::collections::BTreeMap<String, Message>;

/// One message of `_locales` (its description is not needed here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    pub message: String,
}

crate::json::from_json_object!(Message { message });

/// The fixed texts of the CSV and the HTML report, in the user's language: from the
/// extension's own `_locales` (the `report…` keys), passed in by the page that exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// The report's `<html lang>`.
    pub lang: String,
    pub title: String,
    pub generated: String,
    pub name: String,
    pub profile: String,
    pub connection: String,
    pub connected_on: String,
    pub tier: String,
    pub strength: String,
    pub given: String,
    pub received: String,
    pub last_interaction: String,
    pub yes: String,
    pub no: String,
    pub strong: String,
    pub active: String,
    pub one_way: String,
    pub dormant: String,
    pub ghost: String,
    pub connections: String,
    pub active_relationships: String,
    pub ghost_ratio: String,
    pub give_share: String,
    pub weekly: String,
    pub ties: String,
    pub reconnect: String,
    pub nurture: String,
    pub replies_owed: String,
    pub nobody: String,
    pub week_of: String,
    pub ghosts_not_listed: String,
    pub notes: String,
    /// Names of [`Kind::ALL`], in that order.
    pub kinds: [String; 8],
}

impl Labels {
    /// The labels of `messages` (a missing one reads as its key), for the language `lang`.
    pub fn from_messages(messages: &Messages, lang: &str) -> Labels {
        let text = |key: &str| {
            messages
                .get(key)
                .map_or_else(|| key.to_string(), |m| m.message.clone())
        };
        Labels {
            lang: lang.to_string(),
            title: text("reportTitle"),
            generated: text("reportGenerated"),
            name: text("reportName"),
            profile: text("reportProfile"),
            connection: text("reportConnection"),
            connected_on: text("reportConnectedOn"),
            tier: text("reportTier"),
            strength: text("reportStrength"),
            given: text("reportGiven"),
            received: text("reportReceived"),
            last_interaction: text("reportLastInteraction"),
            yes: text("reportYes"),
            no: text("reportNo"),
            strong: text("reportStrong"),
            active: text("reportActive"),
            one_way: text("reportOneWay"),
            dormant: text("reportDormant"),
            ghost: text("reportGhost"),
            connections: text("reportConnections"),
            active_relationships: text("reportActiveRelationships"),
            ghost_ratio: text("reportGhostRatio"),
            give_share: text("reportGiveShare"),
            weekly: text("reportWeekly"),
            ties: text("reportTies"),
            reconnect: text("reportReconnect"),
            nurture: text("reportNurture"),
            replies_owed: text("reportRepliesOwed"),
            nobody: text("reportNobody"),
            week_of: text("reportWeekOf"),
            ghosts_not_listed: text("reportGhostsNotListed"),
            notes: text("reportNotes"),
            kinds: Kind::NAMES.map(|kind| text(&format!("reportKind_{kind}"))),
        }
    }
}

fn tier_label(labels: &Labels, tier: Tier) -> &str {
    match tier {
        Tier::Strong => &labels.strong,
        Tier::Active => &labels.active,
        Tier::OneWay => &labels.one_way,
        Tier::Dormant => &labels.dormant,
        Tier::Ghost => &labels.ghost,
    }
}

/// The counterparts with their scores, strongest first: UTF-8 with a byte-order mark (so
/// spreadsheets read accents right), CRLF rows, and no cell a spreadsheet would run.
pub fn export_csv(store: &Store, now: i64, thresholds: &Thresholds, l: &Labels) -> String {
    let mut out = String::from("\u{feff}");
    csv_row(
        &mut out,
        &[
            &l.name,
            &l.profile,
            &l.connection,
            &l.connected_on,
            &l.tier,
            &l.strength,
            &l.given,
            &l.received,
            &l.last_interaction,
        ],
    );
    for tie in score_all(store, now, thresholds) {
        let connected_on = store
            .counterpart(&tie.key)
            .and_then(|c| c.connected_at)
            .map(iso_date);
        csv_row(
            &mut out,
            &[
                display_name(&tie).to_string(),
                profile_url(&tie.key).unwrap_or_default(),
                (if tie.connection { &l.yes } else { &l.no }).to_string(),
                connected_on.unwrap_or_default(),
                tier_label(l, tie.tier).to_string(),
                format!("{:.1}", tie.strength),
                tie.given.total().to_string(),
                tie.received.total().to_string(),
                tie.last_at.map(iso_date).unwrap_or_default(),
            ],
        );
    }
    out
}

/// A self-contained report: one HTML file with inline CSS and inline SVG, no script and no
/// external resource, printable. Every text that comes from pages or the archive (names,
/// keys) is escaped.
pub fn export_html(store: &Store, now: i64, thresholds: &Thresholds, l: &Labels) -> String {
    let health = summary(store, now, thresholds);
    let ties = score_all(store, now, thresholds);
    let mut out = String::with_capacity(16_384 + ties.len() * 200);
    let html_lang = escape_html(&l.lang);
    let today = iso_date(now);
    out.push_str(&format!(
        "<!doctype html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {today}</title>\n<style>{REPORT_CSS}</style>\n</head>\n<body>\n\
         <header><h1>{}</h1><p class=\"muted\">{} {today}</p></header>\n",
        escape_html(&l.title),
        escape_html(&l.title),
        escape_html(&l.generated),
    ));
    figures(&mut out, l, &health);
    out.push_str(&format!("<section>\n<h2>{}</h2>\n", escape_html(&l.weekly)));
    weekly_chart(&mut out, l, &health);
    out.push_str("</section>\n");
    people_list(&mut out, l, &l.reconnect, &health.reconnect, |tie| {
        tie.last_at.map(iso_date).unwrap_or_default()
    });
    people_list(&mut out, l, &l.nurture, &health.nurture, |tie| {
        tier_label(l, tie.tier).to_string()
    });
    out.push_str(&format!(
        "<section>\n<h2>{}</h2>\n",
        escape_html(&l.replies_owed)
    ));
    if health.replies_owed.is_empty() {
        out.push_str(&format!(
            "<p class=\"muted\">{}</p>\n",
            escape_html(&l.nobody)
        ));
    } else {
        out.push_str("<ul>\n");
        for owed in &health.replies_owed {
            let name = if owed.name.is_empty() {
                &owed.key
            } else {
                &owed.name
            };
            out.push_str(&format!(
                "<li>{} <span class=\"muted\">— {}, {}</span></li>\n",
                escape_html(name),
                escape_html(kind_label(l, owed.kind)),
                iso_date(owed.at)
            ));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    ties_table(&mut out, l, &ties);
    notes_section(&mut out, l, store);
    out.push_str("</body>\n</html>\n");
    out
}

const REPORT_CSS: &str = "\
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2226;\
background:#fff;margin:2rem auto;max-width:60rem;padding:0 1rem}\
h1{font-size:1.6rem;margin:0}h2{font-size:1.15rem;margin:1.75rem 0 .5rem}\
.muted{color:#56616b}\
.figures{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.25rem 0;padding:0;list-style:none}\
.figures li{border:1px solid #d5dbe0;border-radius:8px;padding:.6rem .9rem;min-width:9rem}\
.figures b{display:block;font-size:1.5rem}\
table{border-collapse:collapse;width:100%}\
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e4e8eb;vertical-align:top}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
svg{max-width:100%;height:auto}\
@media print{body{margin:0;max-width:none;font-size:10pt}section,li,tr{break-inside:avoid}\
.bar{fill:#444}.figures li{border-color:#999}thead{display:table-header-group}}";

fn figures(out: &mut String, l: &Labels, health: &Summary) {
    let percent = |x: f64| format!("{:.0}%", x * 100.0);
    let figures = [
        (&l.connections, health.connections.to_string()),
        (&l.active_relationships, health.active.to_string()),
        (
            &l.ghost_ratio,
            if health.connections == 0 {
                "—".to_string()
            } else {
                format!("{} ({})", health.ghosts, percent(health.ghost_ratio))
            },
        ),
        (
            &l.give_share,
            health.give_share.map_or("—".to_string(), percent),
        ),
    ];
    out.push_str("<ul class=\"figures\">\n");
    for (label, value) in figures {
        out.push_str(&format!(
            "<li><b>{}</b>{}</li>\n",
            escape_html(&value),
            escape_html(label)
        ));
    }
    out.push_str("</ul>\n");
}

/// The weekly chart (`chart`, the same drawing the popup shows), with the report's labels.
fn weekly_chart(out: &mut String, l: &Labels, health: &Summary) {
    out.push_str(&weekly_svg(&health.weekly, &l.weekly, &l.week_of));
}

fn people_list(
    out: &mut String,
    l: &Labels,
    title: &str,
    ties: &[Tie],
    describe: impl Fn(&Tie) -> String,
) {
    out.push_str(&format!("<section>\n<h2>{}</h2>\n", escape_html(title)));
    if ties.is_empty() {
        out.push_str(&format!(
            "<p class=\"muted\">{}</p>\n",
            escape_html(&l.nobody)
        ));
    } else {
        out.push_str("<ul>\n");
        for tie in ties {
            out.push_str(&format!(
                "<li>{} <span class=\"muted\">— {}</span></li>\n",
                escape_html(display_name(tie)),
                escape_html(&describe(tie))
            ));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// What the user wrote about people (the "Your network" page's notes and tags).
fn notes_section(out: &mut String, l: &Labels, store: &Store) {
    if store.notes().next().is_none() {
        return;
    }
    out.push_str(&format!(
        "<section>\n<h2>{}</h2>\n<ul class=\"notes\">\n",
        escape_html(&l.notes)
    ));
    for (key, note) in store.notes() {
        let name = store
            .counterpart(key)
            .map(|c| c.name.as_str())
            .filter(|n| !n.is_empty())
            .unwrap_or(key);
        let tags: Vec<String> = note.tags.iter().map(|t| format!("#{t}")).collect();
        out.push_str(&format!(
            "<li><b>{}</b> <span class=\"muted\">{}</span><br>{}</li>\n",
            escape_html(name),
            escape_html(&tags.join(" ")),
            escape_html(&note.note)
        ));
    }
    out.push_str("</ul>\n</section>\n");
}

/// Every tie but the ghosts (they are counted above; listing thousands of them would bury
/// the relationships).
fn ties_table(out: &mut String, l: &Labels, ties: &[Tie]) {
    out.push_str(&format!(
        "<section>\n<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th>\
         <th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape_html(&l.ties),
        escape_html(&l.name),
        escape_html(&l.tier),
        escape_html(&l.strength),
        escape_html(&l.given),
        escape_html(&l.received),
        escape_html(&l.last_interaction),
    ));
    let mut ghosts = 0;
    for tie in ties {
        if tie.tier == Tier::Ghost {
            ghosts += 1;
            continue;
        }
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{:.1}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td>{}</td></tr>\n",
            escape_html(display_name(tie)),
            escape_html(tier_label(l, tie.tier)),
            tie.strength,
            tie.given.total(),
            tie.received.total(),
            tie.last_at.map(iso_date).unwrap_or_default(),
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    if ghosts > 0 {
        out.push_str(&format!(
            "<p class=\"muted\">{} {ghosts}</p>\n",
            escape_html(&l.ghosts_not_listed)
        ));
    }
    out.push_str("</section>\n");
}

fn kind_label(l: &Labels, kind: Kind) -> &str {
    let index = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    &l.kinds[index]
}

/// Text for HTML element content and quoted attribute values.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn display_name(tie: &Tie) -> &str {
    if tie.name.is_empty() {
        &tie.key
    } else {
        &tie.name
    }
}

/// One CSV cell (RFC 4180), made inert for spreadsheets: a cell starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return is a formula to Excel and LibreOffice (OWASP "CSV
/// injection"), so it gets a leading `'`, which they show as text. They skip leading
/// whitespace and control characters before reading a formula, so the guard does too.
/// A cell holding `;` is quoted as one holding `,` is: spreadsheets in Portuguese and most
/// European languages split CSV on `;`.
fn csv_cell(out: &mut String, value: &str) {
    let formula = value.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    let inert = value.starts_with(['\t', '\r']) || formula.starts_with(['=', '+', '-', '@']);
    let quoted = inert || value.contains([',', ';', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if inert {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
}

fn csv_row<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_cell(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

/// `YYYY-MM-DD` (UTC) of Unix seconds; the seconds themselves past the year 9999, which no
/// interaction can reach (dates are read, captured and imported no later than now).
pub(crate) fn iso_date(at: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(at) {
        Ok(t) => format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()),
        Err(_) => at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(value: &str) -> String {
        let mut out = String::new();
        csv_cell(&mut out, value);
        out
    }

    #[test]
    fn csv_cells_are_quoted_and_inert() {
        assert_eq!(cell("Ana Silva"), "Ana Silva");
        assert_eq!(cell("Acme, Inc."), "\"Acme, Inc.\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for start in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(
                cell(start).starts_with("\"'"),
                "{start:?} → {}",
                cell(start)
            );
        }
        assert_eq!(cell("José, Araújo"), "\"José, Araújo\"");
    }

    #[test]
    fn cells_with_a_semicolon_are_quoted() {
        // Spreadsheets in pt-BR (and much of Europe) split CSV on `;`.
        assert_eq!(cell("Silva; Souza"), "\"Silva; Souza\"");
    }

    #[test]
    fn a_formula_behind_whitespace_or_control_characters_is_inert() {
        for hidden in [
            " =1+1",
            "  +1",
            "\u{a0}-1",
            "\n=HYPERLINK(\"x\")",
            "\u{1}@SUM(A1)",
            "\u{3000}=1",
            " \t=1",
        ] {
            assert!(
                cell(hidden).starts_with("\"'"),
                "{hidden:?} → {}",
                cell(hidden)
            );
        }
        for harmless in ["Ana =1", "a-b", "1+1", " Ana"] {
            assert!(
                !cell(harmless).contains('\''),
                "{harmless:?} → {}",
                cell(harmless)
            );
        }
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(iso_date(1_795_012_620), "2026-11-18");
        assert_eq!(iso_date(-86_400), "1969-12-31");
        assert_eq!(iso_date(253_402_214_400), "9999-12-31");
        assert_eq!(iso_date(i64::MAX), i64::MAX.to_string());
    }

    /// The labels the options page passes in: its locale's `_locales` file.
    fn labels(lang: &str) -> Labels {
        let file = if lang.starts_with("pt") {
            include_str!("../extension/_locales/pt_BR/messages.json")
        } else {
            include_str!("../extension/_locales/en/messages.json")
        };
        Labels::from_messages(&crate::json::from_str(file).unwrap(), lang)
    }

    #[test]
    fn labels_come_from_the_locales() {
        assert_eq!(labels("pt-BR").title, "Relatório do Vínculo");
        assert_eq!(labels("pt-BR").tier, "Nível");
        assert_eq!(labels("en").title, "Vínculo report");
        assert_eq!(labels("en").kinds[5], "endorsement");
        let missing = Labels::from_messages(&Messages::new(), "fr");
        assert_eq!(
            (missing.title.as_str(), missing.lang.as_str()),
            ("reportTitle", "fr")
        );
    }

    use crate::model::{Counterpart, Depth, Direction, Interaction, Source};
    use crate::store::{Me, Store};

    const NOW: i64 = 1_795_000_000;
    const HOSTILE: &str = "<script>alert(1)</script>\" onmouseover=\"x";

    fn message(id: &str, who: &str, direction: Direction, days_ago: i64) -> Interaction {
        Interaction {
            id: id.to_string(),
            counterpart: who.to_string(),
            kind: Kind::Message,
            direction,
            at: NOW - days_ago * 86_400,
            depth: Some(Depth {
                words: 30,
                question: true,
                low_effort: false,
            }),
            source: Source::Archive,
            text: None,
        }
    }

    fn person(key: &str, name: &str, connection: bool) -> Counterpart {
        Counterpart {
            key: key.to_string(),
            name: name.to_string(),
            connection,
            connected_at: Some(1_600_000_000),
        }
    }

    fn store() -> Store {
        let mut store = Store::new();
        store.set_me(Me {
            key: "in:me".into(),
            name: "Me".into(),
        });
        let mut interactions = Vec::new();
        for week in 0..10 {
            interactions.push(message(
                &format!("a{week}"),
                "in:jose",
                Direction::Given,
                week * 7,
            ));
            interactions.push(message(
                &format!("b{week}"),
                "in:jose",
                Direction::Received,
                week * 7 + 1,
            ));
        }
        interactions.push(message("c", "in:hostile", Direction::Received, 2));
        interactions.push(message("d", "in:formula", Direction::Given, 3));
        store.record(
            interactions,
            vec![
                person("in:jose", "José Araújo, Jr.", true),
                person("in:hostile", HOSTILE, true),
                person("in:formula", "=HYPERLINK(\"http://evil\",\"x\")", false),
                person("in:ghost", "Gustavo Ghost", true),
            ],
        );
        store
    }

    #[test]
    fn the_csv_has_a_bom_scores_and_no_live_formula() {
        let csv = export_csv(&store(), NOW, &Thresholds::default(), &labels("pt-BR"));
        assert!(csv.starts_with("\u{feff}Nome,Perfil,Conexão,"), "{csv}");
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1 + 4, "{csv}");
        let jose = lines.iter().find(|l| l.contains("José")).unwrap();
        assert!(
            jose.starts_with(
                "\"José Araújo, Jr.\",https://www.linkedin.com/in/jose/,sim,2020-09-13,"
            ),
            "{jose}"
        );
        assert!(jose.contains(",10,10,"), "{jose}");
        let formula = lines.iter().find(|l| l.contains("HYPERLINK")).unwrap();
        assert!(formula.starts_with("\"'=HYPERLINK(\"\"http"), "{formula}");
        let ghost = lines.iter().find(|l| l.contains("Ghost")).unwrap();
        assert!(ghost.contains(",fantasma,0.0,0,0,"), "{ghost}");
    }

    #[test]
    fn the_html_report_is_self_contained_and_escaped() {
        let html = export_html(&store(), NOW, &Thresholds::default(), &labels("en"));
        for external in [
            "<script", "<link", "src=", "url(", "@import", "<img", "<iframe",
        ] {
            assert!(!html.contains(external), "{external} in the report");
        }
        assert!(html.contains("@media print"));
        assert!(html.contains("<html lang=\"en\">"));
        let page = scraper::Html::parse_document(&html);
        let select = |css: &str| scraper::Selector::parse(css).unwrap();
        // The hostile name is text, in one cell, exactly as given.
        let names: Vec<String> = page
            .select(&select("tbody tr td:first-child"))
            .map(|td| td.text().collect())
            .collect();
        assert!(names.contains(&HOSTILE.to_string()), "{names:?}");
        assert!(names.contains(&"José Araújo, Jr.".to_string()));
        assert!(
            !names.contains(&"Gustavo Ghost".to_string()),
            "ghosts are counted, not listed"
        );
        assert_eq!(page.select(&select("[onmouseover]")).count(), 0);
        // One bar per week of the series, with its value.
        let bars = page.select(&select("svg rect.bar")).count();
        assert_eq!(bars, crate::insight::WEEKS);
        let values: u32 = page
            .select(&select("svg text.value"))
            .map(|t| t.text().collect::<String>().parse::<u32>().unwrap())
            .sum();
        let meaningful: u32 = summary(&store(), NOW, &Thresholds::default())
            .weekly
            .iter()
            .map(|w| w.meaningful)
            .sum();
        assert_eq!(values, meaningful);
        assert!(meaningful > 0);
    }

    #[test]
    fn the_html_report_speaks_portuguese() {
        let html = export_html(&store(), NOW, &Thresholds::default(), &labels("pt-BR"));
        assert!(html.contains("<html lang=\"pt-BR\">"));
        assert!(html.contains("<h1>Relatório do Vínculo</h1>"));
        assert!(html.contains("Interações significativas por semana"));
        assert!(!html.contains("Relationships"));
    }
}
