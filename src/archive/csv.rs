//! A small RFC 4180 reader for the archive's CSV files, streaming over one file's text.
//!
//! Beyond RFC 4180 it accepts what the site's exports contain: a byte-order mark, CRLF or LF,
//! blank lines, a preamble before the header (`Connections.csv` opens with `Notes:` and a quoted
//! paragraph), and backslash-escaped quotes inside quoted fields (seen in `Comments.csv`).
//! A backslash before a quote is therefore always read as an escape: a quoted field that ends
//! in a lone backslash cannot be told apart from an escaped quote, and the exports emit the
//! escape, not the lone backslash.

use std::borrow::Cow;

/// The records of one CSV text. Fields borrow from the text unless unescaping changed them.
pub struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

/// The text ended inside a quoted field: the file was cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unterminated {
    /// 1-based line where the unfinished field began.
    pub line: usize,
}

impl<'a> Records<'a> {
    pub fn new(text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Records {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// Reads the next non-blank record into `fields`; `Ok(false)` at the end of the text.
    pub fn next_into(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<bool, Unterminated> {
        loop {
            fields.clear();
            if self.pos >= self.text.len() {
                return Ok(false);
            }
            self.read_record(fields)?;
            let blank = fields.iter().all(|f| f.trim().is_empty());
            if !blank {
                return Ok(true);
            }
        }
    }

    fn read_record(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<(), Unterminated> {
        let bytes = self.text.as_bytes();
        loop {
            let field = if bytes.get(self.pos) == Some(&b'"') {
                self.quoted_field()?
            } else {
                self.unquoted_field()
            };
            fields.push(field);
            match bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'\r') => {
                    self.pos += 1;
                    if bytes.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                    }
                    self.line += 1;
                    return Ok(());
                }
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                    return Ok(());
                }
                _ => return Ok(()),
            }
        }
    }

    fn unquoted_field(&mut self) -> Cow<'a, str> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        while let Some(&b) = bytes.get(self.pos) {
            if b == b',' || b == b'\n' || b == b'\r' {
                break;
            }
            self.pos += 1;
        }
        Cow::Borrowed(&self.text[start..self.pos])
    }

    fn quoted_field(&mut self) -> Result<Cow<'a, str>, Unterminated> {
        let bytes = self.text.as_bytes();
        let opened_at = self.line;
        let mut i = self.pos + 1;
        let mut segment = i;
        let mut owned: Option<String> = None;
        let value = loop {
            let Some(&b) = bytes.get(i) else {
                return Err(Unterminated { line: opened_at });
            };
            match b {
                b'\n' => {
                    self.line += 1;
                    i += 1;
                }
                b'"' | b'\\' if bytes.get(i + 1) == Some(&b'"') => {
                    let out = owned.get_or_insert_with(String::new);
                    out.push_str(&self.text[segment..i]);
                    out.push('"');
                    i += 2;
                    segment = i;
                }
                b'"' => {
                    let tail = &self.text[segment..i];
                    i += 1;
                    break match owned.take() {
                        Some(mut out) => {
                            out.push_str(tail);
                            Cow::Owned(out)
                        }
                        None => Cow::Borrowed(tail),
                    };
                }
                _ => i += 1,
            }
        };
        self.pos = i;
        // Text after the closing quote (`"a"b`) is malformed; keep it rather than lose it.
        let stray = self.unquoted_field();
        if stray.is_empty() {
            Ok(value)
        } else {
            Ok(Cow::Owned(value.into_owned() + &stray))
        }
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
    pub fn get<'r>(&self, row: &'r [Cow<'_, str>], column: usize) -> &'r str {
        self.positions[column]
            .and_then(|p| row.get(p))
            .map_or("", |f| trim_ascii(f))
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
    let mut fields = Vec::new();
    let mut closest: Option<(usize, Vec<String>)> = None;
    for _ in 0..HEADER_SEARCH_DEPTH {
        match records.next_into(&mut fields) {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        let header: Vec<String> = fields.iter().map(|f| column_key(f)).collect();
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

    fn all(text: &str) -> Result<Vec<Vec<String>>, Unterminated> {
        let mut records = Records::new(text);
        let mut fields = Vec::new();
        let mut out = Vec::new();
        while records.next_into(&mut fields)? {
            out.push(fields.iter().map(|f| f.to_string()).collect());
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
        let text = "Date,Message\n\n2026-01-02 10:00:00,\"Nice \\\"talk\\\", really\"\n";
        assert_eq!(
            all(text).unwrap(),
            vec![
                vec!["Date", "Message"],
                vec!["2026-01-02 10:00:00", "Nice \"talk\", really"],
            ]
        );
    }

    #[test]
    fn last_record_without_newline_and_stray_text_after_quote() {
        assert_eq!(all("a,\"b\"c").unwrap(), vec![vec!["a", "bc"]]);
    }

    #[test]
    fn a_cut_quoted_field_names_its_line() {
        assert_eq!(
            all("a,b\n1,2\n3,\"never closed\n").unwrap_err(),
            Unterminated { line: 3 }
        );
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
        let mut row = Vec::new();
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
