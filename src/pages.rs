//! The extension pages' jobs (options, popup, export): what needs the archive reader or the
//! exporters, which the service worker's wasm does not carry. Pure Rust, tested natively; the
//! bindings are `web::pages`.
//!
//! An import is read whole here, in the page, and handed to the worker — the store's single
//! writer — as ONE string: the storage parts of a store holding exactly the import, one
//! `key\tjson` per line (`store::format`), which the worker's core merges without any other
//! crossing (`jobs::Core::merge`). An export loads the store once from the parts storage
//! holds, as the worker hands them over untouched.

use serde::Serialize;

use crate::archive::{ArchiveImport, FileReport};
use crate::export::{
    export_csv, export_html, export_json, import_json, iso_date, ExportError, Labels, Messages,
};
use crate::jobs::{seconds, Settings};
use crate::msg::{Failure, Msg};
use crate::store::{LoadError, Store};

/// An import ready for the worker, and what the page reports of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prepared {
    /// The store's parts, one `key\tjson` per line (`store::format`), for `jobs::Core::merge`;
    /// handed to JS as a string of its own (`web::pages`), not in the report's JSON.
    #[serde(skip)]
    pub payload: String,
    pub counterparts: usize,
    pub interactions: usize,
    /// Per file of an archive: rows read, interactions made, rows skipped and why.
    pub files: Vec<FileReport>,
    pub missing: Vec<String>,
    pub ignored: Vec<String>,
}

/// The site's archive (or CSV files), parsed, as the worker's payload.
pub fn prepare_archive(import: ArchiveImport) -> Prepared {
    let ArchiveImport {
        me,
        counterparts,
        interactions,
        files,
        missing,
        ignored,
    } = import;
    let (n_counterparts, n_interactions) = (counterparts.len(), interactions.len());
    let mut store = Store::new();
    if let Some(me) = me {
        store.set_me(me);
    }
    store.record(interactions, counterparts);
    Prepared {
        payload: store.to_payload(),
        counterparts: n_counterparts,
        interactions: n_interactions,
        files,
        missing,
        ignored,
    }
}

/// A Vínculo backup (the JSON export), checked whole, as the worker's payload.
pub fn prepare_backup(text: &str) -> Result<Prepared, ExportError> {
    let store = import_json(text)?;
    Ok(Prepared {
        payload: store.to_payload(),
        counterparts: store.counterparts().count(),
        interactions: store.len(),
        files: Vec::new(),
        missing: Vec::new(),
        ignored: Vec::new(),
    })
}

/// A file to download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct File {
    pub filename: String,
    pub mime: &'static str,
    pub text: String,
}

/// A store storage holds that this build will not read (a newer schema).
pub fn load_failure(error: &LoadError) -> Failure {
    Failure::new(Msg::text("storeErrorNewer", &[]), error.to_string())
}

/// page `export`: the store as storage holds it (`parts`), in `format` (`json`, `csv`,
/// `html`), at `now_ms`; the CSV's and the report's labels from `messages` (the user's
/// locale's `_locales` file), for the language `lang`.
pub fn export_file(
    parts: &[(String, String)],
    format: &str,
    now_ms: f64,
    lang: &str,
    messages: &Messages,
    settings: &Settings,
) -> Result<File, Failure> {
    // Unreadable parts are the worker's to quarantine; an export shows what can be read.
    let (store, _problems) = Store::from_parts(parts).map_err(|e| load_failure(&e))?;
    let now = seconds(now_ms);
    let day = iso_date(now);
    let th = &settings.thresholds;
    let labels = || Labels::from_messages(messages, lang);
    Ok(match format {
        "json" => File {
            filename: format!("vinculo-{day}.json"),
            mime: "application/json",
            text: export_json(&store),
        },
        "csv" => File {
            filename: format!("vinculo-contacts-{day}.csv"),
            mime: "text/csv;charset=utf-8",
            text: export_csv(&store, now, th, &labels()),
        },
        "html" => File {
            filename: format!("vinculo-report-{day}.html"),
            mime: "text/html;charset=utf-8",
            text: export_html(&store, now, th, &labels()),
        },
        other => {
            return Err(Failure::new(
                Msg::text("exportErrorFormat", &[other]),
                format!("unknown export format {other}"),
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::Core;
    use crate::model::{Counterpart, Direction, Interaction, Kind, Source};

    #[test]
    fn an_import_crosses_as_parts_and_exports_from_the_parts_storage_holds() {
        let import = ArchiveImport {
            me: None,
            counterparts: vec![Counterpart {
                key: "in:ana".into(),
                name: "Ana".into(),
                connection: true,
                connected_at: Some(1_600_000_000),
            }],
            interactions: vec![Interaction {
                id: "archive:message:1".into(),
                counterpart: "in:ana".into(),
                kind: Kind::Message,
                direction: Direction::Given,
                at: 1_700_000_000,
                depth: None,
                source: Source::Archive,
                text: None,
            }],
            ..ArchiveImport::default()
        };
        let prepared = prepare_archive(import);
        assert_eq!((prepared.counterparts, prepared.interactions), (1, 1));
        let mut core = Core::new();
        let merged = core
            .merge(prepared.payload.as_bytes(), 1_800_000_000_000.0)
            .unwrap();
        assert_eq!(merged.outcome.recorded.added, 1);
        let parts = core.parts();
        let file = export_file(
            &parts,
            "json",
            1_800_000_000_000.0,
            "en",
            &Messages::new(),
            &Settings::default(),
        )
        .unwrap();
        assert_eq!(file.filename, "vinculo-2027-01-15.json");
        let backup = prepare_backup(&file.text).unwrap();
        let again = core
            .merge(backup.payload.as_bytes(), 1_800_000_000_000.0)
            .unwrap();
        assert_eq!(again.outcome.recorded.duplicates, 1);
        assert_eq!(
            export_file(
                &parts,
                "pdf",
                0.0,
                "en",
                &Messages::new(),
                &Settings::default()
            )
            .unwrap_err()
            .msg
            .key,
            "exportErrorFormat"
        );
    }
}
