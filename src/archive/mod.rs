//! The site's data-export archive ("Get a copy of your data": a ZIP of CSVs) → the user's
//! counterparts and interactions, to bootstrap history.
//!
//! ```text
//! ZIP bytes ──unzip (bounded)──▶ CSV files, in FileKind order ──csv──▶ rows ──files──▶ ArchiveImport
//! ```
//! The import builds its whole result before anything is recorded: a bad archive leaves the
//! store untouched. Everything is keyed by content, so importing again (or importing both
//! archives of a complete request) adds nothing.

mod csv;
mod dates;
mod files;

/// The import's inner parsers, for the fuzz targets in `fuzz/` (cargo fuzz builds with
/// `--cfg fuzzing`); everything else reaches them only through the import.
#[cfg(fuzzing)]
pub mod fuzzing {
    /// Reads every record of a CSV text; how many were read, and why it stopped early if it did.
    pub fn read_csv(text: &str) -> (usize, Option<String>) {
        let mut records = super::csv::Records::new(text);
        let mut record = super::csv::Record::default();
        let mut read = 0;
        loop {
            match records.next_into(&mut record) {
                Ok(true) => read += 1,
                Ok(false) => return (read, None),
                Err(stop) => return (read, Some(format!("{stop:?}"))),
            }
        }
    }

    /// Every date format of the archive, on one text.
    pub fn dates(text: &str) -> [Option<i64>; 4] {
        use super::dates::{any, day_month_name, month_first, year_first};
        [
            year_first(text),
            month_first(text),
            day_month_name(text),
            any(text),
        ]
    }

    /// A message body's visible text.
    pub fn html_to_text(content: &str) -> String {
        super::files::html_to_text(content).into_owned()
    }
}

use std::fmt;
use std::io::{Cursor, Read};

use serde::Serialize;

use crate::model::{Counterpart, Interaction};
use crate::store::Me;
pub use files::FileKind;

/// Bounds on what an archive may make the importer decompress. A zip bomb is stopped when the
/// bytes actually inflated pass a limit, whatever its headers declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest uncompressed CSV (the largest real `messages.csv` seen is tens of MB).
    pub max_file_bytes: u64,
    /// Largest sum of the uncompressed CSVs read.
    pub max_total_bytes: u64,
    /// Most entries in one archive (real ones have about a hundred).
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 << 20,
            max_total_bytes: 1 << 30,
            max_entries: 10_000,
        }
    }
}

/// A user-visible message (the one message type of the core).
pub use crate::msg::Msg as Note;

/// What one file gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// The file's path inside the archive.
    pub name: String,
    /// Data rows read (the header and blank lines excluded).
    pub rows_read: u64,
    pub interactions_made: u64,
    /// Why rows gave nothing: `(message key, rows)`.
    pub rows_skipped: Vec<(String, u64)>,
    /// When the file could not be read whole (missing columns, cut short).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Note>,
}

/// The whole import, built before anything is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ArchiveImport {
    /// The user, when the messages show their profile link (`in:<slug>`), named from
    /// `Profile.csv` (empty without it). In the store's shape, so `recordImport` can set it;
    /// a user known only by name (older exports) is left out rather than overwrite the key
    /// the pages gave.
    pub me: Option<Me>,
    /// Sorted by key; the user is not among them.
    pub counterparts: Vec<Counterpart>,
    /// Sorted by time, then id; ids unique.
    pub interactions: Vec<Interaction>,
    pub files: Vec<FileReport>,
    /// The files Vínculo reads that this archive lacks (a partial archive lacks several).
    pub missing: Vec<String>,
    /// CSV files present but not read (`Company Follows.csv`, …).
    pub ignored: Vec<String>,
}

/// Why an archive could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveError {
    /// Not a ZIP, or its directory is damaged or cut short.
    NotAZip {
        detail: String,
    },
    /// One entry could not be inflated (damaged, cut short, encrypted, unknown method).
    Corrupt {
        file: String,
        detail: String,
    },
    /// An entry inflates (or says it does) past [`Limits::max_file_bytes`].
    FileTooLarge {
        file: String,
        limit: u64,
    },
    /// The files read together pass [`Limits::max_total_bytes`].
    TotalTooLarge {
        file: String,
        limit: u64,
    },
    TooManyEntries {
        count: usize,
        limit: usize,
    },
    /// No file of the archive is one Vínculo reads.
    NothingToImport,
}

impl ArchiveError {
    /// The message to show, as a locale key and its arguments.
    pub fn note(&self) -> Note {
        let mb = |bytes: u64| (bytes >> 20).to_string();
        match self {
            ArchiveError::NotAZip { detail } => Note::texts("archiveErrorNotZip", [detail.clone()]),
            ArchiveError::Corrupt { file, detail } => {
                Note::texts("archiveErrorCorrupt", [file.clone(), detail.clone()])
            }
            ArchiveError::FileTooLarge { file, limit } => {
                Note::texts("archiveErrorFileTooLarge", [file.clone(), mb(*limit)])
            }
            ArchiveError::TotalTooLarge { file, limit } => {
                Note::texts("archiveErrorTotalTooLarge", [file.clone(), mb(*limit)])
            }
            ArchiveError::TooManyEntries { count, limit } => Note::texts(
                "archiveErrorTooManyEntries",
                [count.to_string(), limit.to_string()],
            ),
            ArchiveError::NothingToImport => Note::texts("archiveErrorNothingToImport", []),
        }
    }
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveError::NotAZip { detail } => {
                write!(f, "not a readable ZIP archive: {detail}")
            }
            ArchiveError::Corrupt { file, detail } => {
                write!(f, "{file}: damaged entry: {detail}")
            }
            ArchiveError::FileTooLarge { file, limit } => write!(
                f,
                "{file}: inflates past {} MB, refused (a zip bomb?)",
                limit >> 20
            ),
            ArchiveError::TotalTooLarge { file, limit } => write!(
                f,
                "{file}: the archive's files inflate past {} MB together, refused",
                limit >> 20
            ),
            ArchiveError::TooManyEntries { count, limit } => {
                write!(f, "the archive holds {count} entries, more than {limit}")
            }
            ArchiveError::NothingToImport => write!(
                f,
                "the archive holds none of the files Vínculo reads (Connections.csv, messages.csv, …)"
            ),
        }
    }
}

impl std::error::Error for ArchiveError {}

/// Imports one archive (`Basic_LinkedInDataExport_….zip` or `Complete_…`).
pub fn import_archive(bytes: &[u8], limits: &Limits) -> Result<ArchiveImport, ArchiveError> {
    import_archives(&[bytes], limits)
}

/// Imports the archives of one request together (a complete request arrives as two).
/// Importing them one at a time also works; together, people in one archive's messages are
/// matched against the other's connections.
pub fn import_archives(archives: &[&[u8]], limits: &Limits) -> Result<ArchiveImport, ArchiveError> {
    let mut opened = Vec::new();
    let mut wanted = Vec::new();
    let mut ignored = Vec::new();
    for (n, bytes) in archives.iter().enumerate() {
        let zip = zip::ZipArchive::new(Cursor::new(*bytes)).map_err(|e| ArchiveError::NotAZip {
            detail: e.to_string(),
        })?;
        if zip.len() > limits.max_entries {
            return Err(ArchiveError::TooManyEntries {
                count: zip.len(),
                limit: limits.max_entries,
            });
        }
        for index in 0..zip.len() {
            let Some(Ok(name)) = zip.name_for_index(index) else {
                continue;
            };
            match FileKind::from_path(&name) {
                Some(kind) => wanted.push((kind, n, index, name.into_owned())),
                None if name.to_lowercase().ends_with(".csv") => ignored.push(name.into_owned()),
                None => {}
            }
        }
        opened.push(zip);
    }
    if wanted.is_empty() {
        return Err(ArchiveError::NothingToImport);
    }
    // One file inflated at a time, in the order the mapping needs: memory stays bounded by
    // the largest file, not the archive.
    wanted.sort();
    let mut builder = files::Builder::default();
    let mut total = 0u64;
    for (kind, n, index, name) in wanted {
        let bytes = inflate(&mut opened[n], index, &name, limits, total)?;
        total += bytes.len() as u64;
        builder.add_file(kind, &name, &bytes);
    }
    builder.ignored = ignored;
    Ok(builder.finish())
}

fn inflate(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    name: &str,
    limits: &Limits,
    total_so_far: u64,
) -> Result<Vec<u8>, ArchiveError> {
    let corrupt = |e: &dyn fmt::Display| ArchiveError::Corrupt {
        file: name.to_string(),
        detail: e.to_string(),
    };
    let too_large = || ArchiveError::FileTooLarge {
        file: name.to_string(),
        limit: limits.max_file_bytes,
    };
    let total_too_large = || ArchiveError::TotalTooLarge {
        file: name.to_string(),
        limit: limits.max_total_bytes,
    };
    let entry = zip.by_index(index).map_err(|e| corrupt(&e))?;
    let declared = entry.size();
    if declared > limits.max_file_bytes {
        return Err(too_large());
    }
    let room = limits.max_total_bytes.saturating_sub(total_so_far);
    if declared > room {
        return Err(total_too_large());
    }
    // Headers can lie: read at most one byte past what is allowed, and judge by what came.
    let cap = limits.max_file_bytes.min(room);
    // The declared size, already within the limits, is reserved at once: an honest entry
    // inflates into one allocation (growing by doubling holds the old and the new buffer at
    // once, up to three times the file); a lying one costs at most the limit checked above.
    let mut bytes = Vec::with_capacity(declared as usize);
    entry
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| corrupt(&e))?;
    if bytes.len() as u64 > cap {
        return Err(if cap == limits.max_file_bytes {
            too_large()
        } else {
            total_too_large()
        });
    }
    Ok(bytes)
}

/// Imports CSV files the user unpacked themselves: `(file name, contents)`.
pub fn import_csv_files(files: Vec<(String, Vec<u8>)>) -> Result<ArchiveImport, ArchiveError> {
    let mut wanted = Vec::new();
    let mut ignored = Vec::new();
    for (name, bytes) in files {
        match FileKind::from_path(&name) {
            Some(kind) => wanted.push((kind, name, bytes)),
            None => ignored.push(name),
        }
    }
    if wanted.is_empty() {
        return Err(ArchiveError::NothingToImport);
    }
    wanted.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut builder = files::Builder::default();
    for (kind, name, bytes) in wanted {
        builder.add_file(kind, &name, &bytes);
    }
    builder.ignored = ignored;
    Ok(builder.finish())
}
