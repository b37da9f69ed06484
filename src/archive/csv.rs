//! The archive's CSV files, record by record, parsed by `csv-core` (the parser of the `csv`
//! crate) over one file's text.
//!
//! Beyond RFC 4180 the site's exports contain a byte-order mark, CRLF or LF, blank lines, a
//! preamble before the header (`Connections.csv` opens with `Notes:` and a quoted paragraph),
//! and backslash-escaped quotes inside quoted fields (seen in `Comments.csv`). The parser reads
//! `\` inside a quoted field as an escape of the next byte, as a writer that escapes quotes
//! with it escapes the backslash too (`\\`); doubled quotes (`""`) are read as well.
//!
//! `csv-core` is driven here rather than through the `csv` crate's `Reader` for two things
//! that reader cannot do: stop a record once it passes [`MAX_ROW_BYTES`] or [`MAX_FIELDS`] (a
//! few hundred kilobytes of zipped commas inflate to one record of hundreds of millions of
//! empty fields), and tell a file cut inside a quoted field from a complete one.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// The longest record read, in bytes after unquoting. A message body is a few kilobytes at
/// most; a record past this is not the site's.
pub const MAX_ROW_BYTES: usize = 1 << 20;
/// The most fields in one record; the widest file the site exports has about fifteen columns.
pub const MAX_FIELDS: usize = 1_000;

/// One record: its fields' text, one after another, and where each ends.
#[derive(Debug, Default)]
pub struct Record {
    text: String,
    ends: Vec<usize>,
}

impl Record {
    /// Field `i`, or `None` past the last one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).filter_map(|i| self.get(i))
    }

    fn is_blank(&self) -> bool {
        self.fields().all(|f| f.trim().is_empty())
    }
}

/// Why a file could not be read to its end. Each names the 1-based line where the record
/// began; the records before it were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// The text ended inside a quoted field: the file was cut short.
    Unterminated { line: u64 },
    /// A record longer than [`MAX_ROW_BYTES`].
    TooLong { line: u64 },
    /// A record of more than [`MAX_FIELDS`] fields.
    TooManyFields { line: u64 },
}

/// Where the reader is in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Feed {
    /// Text remains to be given to the parser.
    Text,
    /// All text given; a newline is given next to see whether the last record is complete.
    Probe,
    /// The end of input has been given.
    Ended,
}

/// The records of one CSV text.
pub struct Records<'a> {
    text: &'a [u8],
    /// How much of `text` the parser has taken.
    taken: usize,
    parser: Reader,
    feed: Feed,
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl<'a> Records<'a> {
    pub fn new(text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Records {
            text: text.as_bytes(),
            taken: 0,
            parser: ReaderBuilder::new().escape(Some(b'\\')).build(),
            feed: Feed::Text,
            out: vec![0; 4096],
            ends: vec![0; 32],
        }
    }

    /// Reads the next non-blank record into `row`; `Ok(false)` at the end of the text.
    pub fn next_into(&mut self, row: &mut Record) -> Result<bool, RecordError> {
        while self.read_record(row)? {
            if !row.is_blank() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn read_record(&mut self, row: &mut Record) -> Result<bool, RecordError> {
        let start = self.taken;
        let (mut written, mut ended) = (0, 0);
        loop {
            let feeding = self.feed;
            let input = match feeding {
                Feed::Text => &self.text[self.taken..],
                Feed::Probe => b"\n".as_slice(),
                Feed::Ended => &[],
            };
            let (result, read, out, ends) =
                self.parser
                    .read_record(input, &mut self.out[written..], &mut self.ends[ended..]);
            written += out;
            ended += ends;
            match feeding {
                Feed::Text => self.taken += read,
                Feed::Probe if read > 0 => self.feed = Feed::Ended,
                _ => {}
            }
            match result {
                // All the text is taken (an empty input would have meant its end): a newline
                // ends the last record unless it is inside a quoted field that never closed.
                ReadRecordResult::InputEmpty if feeding == Feed::Text => self.feed = Feed::Probe,
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    // Room for one byte more than allowed: the parser asks for more room
                    // when the output is full, even if the record then ends.
                    if self.out.len() > MAX_ROW_BYTES {
                        return Err(RecordError::TooLong {
                            line: self.line_of(start),
                        });
                    }
                    let grown = (self.out.len() * 2).min(MAX_ROW_BYTES + 1);
                    self.out.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() >= MAX_FIELDS {
                        return Err(RecordError::TooManyFields {
                            line: self.line_of(start),
                        });
                    }
                    let grown = (self.ends.len() * 2).min(MAX_FIELDS);
                    self.ends.resize(grown, 0);
                }
                // The probing newline did not end the record, only the end of input did.
                ReadRecordResult::Record if feeding == Feed::Ended => {
                    return Err(RecordError::Unterminated {
                        line: self.line_of(start),
                    });
                }
                ReadRecordResult::Record => return Ok(self.fill(row, written, ended)),
                ReadRecordResult::End => return Ok(false),
            }
        }
    }

    /// The 1-based line of the first record to begin at or after byte `offset` (the parser
    /// skips empty lines before a record).
    fn line_of(&self, offset: usize) -> u64 {
        let before = &self.text[..offset];
        let skipped = self.text[offset..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|&&b| b == b'\n')
            .count();
        1 + (before.iter().filter(|&&b| b == b'\n').count() + skipped) as u64
    }

    fn fill(&self, row: &mut Record, written: usize, ended: usize) -> bool {
        row.text.clear();
        row.ends.clear();
        // The parser only removes ASCII bytes (quotes, escapes) from UTF-8 text and splits it
        // at ASCII delimiters, so this always holds; were it not to, the record reads blank.
        if let Ok(text) = std::str::from_utf8(&self.out[..written]) {
            row.text.push_str(text);
            row.ends.extend_from_slice(&self.ends[..ended]);
        }
        true
    }
}

/// Trims ASCII whitespace by bytes (`str::trim` decodes chars, and this runs on every field).
fn trim_ascii(s: &str) -> &str {
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else { return "" };
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    // Both ends sit next to ASCII bytes, so they are char boundaries.
    &s[start..end]
}

/// Column names compare without case, spaces, underscores or hyphens:
/// `Connected On`, `connected_on` and `CONNECTED ON` are one column.
pub fn column_key(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// How many records may come before the header (the longest preamble seen is three).
const HEADER_SEARCH_DEPTH: usize = 20;

/// Where the wanted columns are, by position in each record.
pub struct Columns {
    positions: Vec<Option<usize>>,
}

impl Columns {
    /// The field of `row` for wanted column number `column`, trimmed; empty when absent.
    pub fn get<'r>(&self, row: &'r Record, column: usize) -> &'r str {
        self.positions[column]
            .and_then(|p| row.get(p))
            .map_or("", trim_ascii)
    }
}

/// Finds the header row (the first record naming every required column) and maps the wanted
/// columns by name. `wanted` lists the columns, each with whether it is required. On failure,
/// returns the required columns missing from the closest candidate row.
pub fn find_header(
    records: &mut Records<'_>,
    wanted: &[(&str, bool)],
) -> Result<Columns, Vec<String>> {
    let keys: Vec<String> = wanted.iter().map(|(name, _)| column_key(name)).collect();
    let mut row = Record::default();
    let mut closest: Option<(usize, Vec<String>)> = None;
    for _ in 0..HEADER_SEARCH_DEPTH {
        match records.next_into(&mut row) {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        let header: Vec<String> = row.fields().map(column_key).collect();
        let positions: Vec<Option<usize>> = keys
            .iter()
            .map(|k| header.iter().position(|h| h == k))
            .collect();
        let missing: Vec<String> = wanted
            .iter()
            .zip(&positions)
            .filter(|((_, required), p)| *required && p.is_none())
            .map(|((name, _), _)| name.to_string())
            .collect();
        if missing.is_empty() {
            return Ok(Columns { positions });
        }
        let found = positions.iter().filter(|p| p.is_some()).count();
        if closest.as_ref().is_none_or(|(best, _)| found > *best) {
            closest = Some((found, missing));
        }
    }
    let all_required = || {
        wanted
            .iter()
            .filter(|(_, r)| *r)
            .map(|(n, _)| n.to_string())
            .collect()
    };
    Err(closest.map_or_else(all_required, |(_, missing)| missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Vec<Vec<String>>, RecordError> {
        let mut records = Records::new(text);
        let mut row = Record::default();
        let mut out = Vec::new();
        while records.next_into(&mut row)? {
            out.push(row.fields().map(str::to_string).collect());
        }
        Ok(out)
    }

    #[test]
    fn reads_quotes_newlines_and_line_endings() {
        let text = "\u{feff}a,b,c\r\n\"x, y\",\"two\nlines\",\"say \"\"hi\"\"\"\r\n1,,3\n";
        assert_eq!(
            all(text).unwrap(),
            vec![
                vec!["a", "b", "c"],
                vec!["x, y", "two\nlines", "say \"hi\""],
                vec!["1", "", "3"],
            ]
        );
    }

    #[test]
    fn reads_backslash_escaped_quotes_and_skips_blank_lines() {
        let text = "Date,Message\n\n2026-01-02 10:00:00,\"Nice \\\"talk\\\", really\"\n  \n";
        assert_eq!(
            all(text).unwrap(),
            vec![
                vec!["Date", "Message"],
                vec!["2026-01-02 10:00:00", "Nice \"talk\", really"],
            ]
        );
        // An escaped backslash before the closing quote: the field ends there.
        assert_eq!(all("\"C:\\\\\",x\n").unwrap(), vec![vec!["C:\\", "x"]]);
    }

    #[test]
    fn last_record_without_newline_and_stray_text_after_quote() {
        assert_eq!(all("a,\"b\"c").unwrap(), vec![vec!["a", "bc"]]);
        assert_eq!(all("a,b\r").unwrap(), vec![vec!["a", "b"]]);
        assert_eq!(all("").unwrap(), Vec::<Vec<String>>::new());
    }

    #[test]
    fn a_cut_quoted_field_names_its_line() {
        assert_eq!(
            all("a,b\n1,2\n3,\"never closed\n").unwrap_err(),
            RecordError::Unterminated { line: 3 }
        );
        assert_eq!(
            all("a,b\n3,\"cut").unwrap_err(),
            RecordError::Unterminated { line: 2 }
        );
        assert_eq!(
            all("a,b\n3,\"").unwrap_err(),
            RecordError::Unterminated { line: 2 }
        );
        assert_eq!(
            all("a,\"cut after an escape\\").unwrap_err(),
            RecordError::Unterminated { line: 1 }
        );
    }

    #[test]
    fn a_row_of_too_many_fields_or_bytes_stops_the_file_where_it_begins() {
        let wide = format!("a,b\n1,2\n{}\n", ",".repeat(MAX_FIELDS));
        let mut records = Records::new(&wide);
        let mut row = Record::default();
        assert_eq!(records.next_into(&mut row), Ok(true));
        assert_eq!(records.next_into(&mut row), Ok(true));
        assert_eq!(
            records.next_into(&mut row),
            Err(RecordError::TooManyFields { line: 3 })
        );
        let exactly = format!("{}\n", ",".repeat(MAX_FIELDS - 1));
        assert_eq!(all(&exactly).map(|rows| rows.len()), Ok(0), "blank");

        let long = format!("a\n\"{}\"\n", "x".repeat(MAX_ROW_BYTES + 1));
        assert_eq!(all(&long), Err(RecordError::TooLong { line: 2 }));
        let fits = format!("\"{}\"\n", "é".repeat(MAX_ROW_BYTES / 2));
        assert_eq!(all(&fits).unwrap()[0][0].len(), MAX_ROW_BYTES);
    }

    #[test]
    fn finds_the_header_after_a_preamble_by_name() {
        let text = "Notes:\n\"When exporting, some e-mails, are missing.\"\n\nfirst name,LAST_NAME,URL\nAna,Silva,x\n";
        let mut records = Records::new(text);
        let columns = find_header(
            &mut records,
            &[
                ("First Name", true),
                ("Last Name", true),
                ("Company", false),
            ],
        )
        .unwrap();
        let mut row = Record::default();
        assert!(records.next_into(&mut row).unwrap());
        assert_eq!(columns.get(&row, 0), "Ana");
        assert_eq!(columns.get(&row, 1), "Silva");
        assert_eq!(columns.get(&row, 2), "");
    }

    #[test]
    fn a_missing_required_column_is_named() {
        let mut records = Records::new("First Name,Company\nAna,Acme\n");
        let missing = find_header(&mut records, &[("First Name", true), ("Last Name", true)])
            .err()
            .unwrap();
        assert_eq!(missing, vec!["Last Name".to_string()]);
    }
}
