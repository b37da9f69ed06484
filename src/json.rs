//! The core's JSON reader, for the JSON the core reads — the store's parts, an import's
//! payload, what the shell sends (a page's scan, an activity batch, the settings) and the
//! worker's answers the "Your network" page reads. serde_json writes; it also reads the user's
//! own export file (`export.rs`), whose detailed messages (which field, what was found) are
//! shown to the user.
//!
//! A type read here implements [`FromJson`]: a short `read` asking the [`Reader`] for what the
//! type can be (a string, an integer up to a bound, an array's elements, an object's fields),
//! and a struct read from an object is declared with [`from_json_object!`]. Why not serde's
//! `Deserialize`: the size of the worker's wasm. serde's derived readers are generic over the
//! format, each one a visitor with its field-name matching and its own error paths, inlined
//! and monomorphised per type: most of the module's reading code. Here the parsing is in the
//! reader's functions every type calls (one loop for every array and one for every object,
//! which hand each element or entry to a `dyn` callback, and one lookup of a struct's field
//! names), so a type's reader is little more than where each field goes.
//!
//! Each type reads what serde's derived reader read from serde_json, to the same values
//! (its fields' defaults, `Option`s missing as `None`, a field given twice refused, unknown
//! fields skipped: the tests hold the two side by side), with these differences:
//! - A struct written as an array of its fields is refused (the core never writes one).
//! - A float is its digits times a power of ten: exact when both are (every threshold and
//!   time the core reads). Past 19 digits or 1e±22 it is within a few units in the last place,
//!   as serde_json's default parsing is, and the two may differ there.
//! - A lone surrogate escape (`"\ud800"`, which `JSON.stringify` writes for broken page text)
//!   reads as U+FFFD instead of failing the whole document.
//! - A failure says only its kind and where (`Data error at line 1, column 40`), never what
//!   was found: a store's content is the user's, and a failure's words end up in logs.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// How deep arrays and objects may nest (serde_json's limit): a damaged or hostile document
/// nested deeper is refused, not read until the stack runs out.
const MAX_DEPTH: u32 = 128;

/// What kind of failure, as serde_json's `Category` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Not JSON.
    Syntax,
    /// JSON, but not the shape expected.
    Data,
    /// JSON that ends too soon.
    Eof,
}

/// A failure to read: its kind and where, counted from 1 (a column counts bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub category: Category,
    pub line: usize,
    pub column: usize,
    /// Byte offset of the failure, which `from_str` turns into the line and column.
    at: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} error at line {}, column {}",
            self.category, self.line, self.column
        )
    }
}

impl std::error::Error for Error {}

/// Reads one JSON document (whitespace around it allowed, nothing else) as a `T`.
pub fn from_str<'de, T: FromJson<'de>>(text: &'de str) -> Result<T, Error> {
    let mut reader = Reader {
        source: text,
        text: text.as_bytes(),
        at: 0,
        depth: MAX_DEPTH,
    };
    let read = T::read(&mut reader).and_then(|value| match reader.peek() {
        None => Ok(value),
        Some(_) => Err(reader.syntax()),
    });
    read.map_err(|mut error| {
        let before = &text.as_bytes()[..error.at.min(text.len())];
        error.line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        error.column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
        error
    })
}

/// A type the core reads from JSON: `read` takes one value from the reader, and fails with
/// [`Reader::data_error`] when the value is not the type's.
pub trait FromJson<'de>: Sized {
    fn read(reader: &mut Reader<'de>) -> Result<Self, Error>;

    /// The value of a struct's field left out of its object, when the field has no default:
    /// `None` for an `Option` (as serde's derived readers have it), else refused.
    fn when_missing() -> Option<Self> {
        None
    }
}

/// A struct's field as read: its value, or its type's value when missing
/// ([`FromJson::when_missing`]); refused when its type has none.
pub fn required<'de, T: FromJson<'de>>(slot: Option<T>, reader: &Reader<'de>) -> Result<T, Error> {
    match slot.or_else(T::when_missing) {
        Some(value) => Ok(value),
        None => Err(reader.data_error()),
    }
}

/// [`FromJson`] for a struct read from a JSON object, as serde's derived reader reads it: each
/// field by its own name; a field left out is refused unless its type is an `Option` (then
/// `None`) or it is marked `: default` (serde's `#[serde(default)]` on the field: its type's
/// default). `Type defaults { … }` is serde's `#[serde(default)]` on the struct: a field left
/// out takes its value in the struct's `Default`. A field given twice is refused, an unknown
/// one skipped.
macro_rules! from_json_object {
    ($type:ident defaults { $($field:ident),* $(,)? }) => {
        impl<'de> $crate::json::FromJson<'de> for $type {
            fn read(
                reader: &mut $crate::json::Reader<'de>,
            ) -> Result<$type, $crate::json::Error> {
                $crate::json::from_json_object!(@fields reader $($field),*);
                let defaults = <$type as Default>::default();
                Ok($type { $($field: $field.unwrap_or(defaults.$field),)* })
            }
        }
    };
    ($type:ident { $($field:ident $(: $default:ident)?),* $(,)? }) => {
        impl<'de> $crate::json::FromJson<'de> for $type {
            fn read(
                reader: &mut $crate::json::Reader<'de>,
            ) -> Result<$type, $crate::json::Error> {
                $crate::json::from_json_object!(@fields reader $($field),*);
                Ok($type {
                    $($field: $crate::json::from_json_object!(@take reader $field $($default)?),)*
                })
            }
        }
    };
    // Each field's slot, `None` until the object gives it.
    (@fields $reader:ident $($field:ident),*) => {
        $(let mut $field = None;)*
        $reader.fields(&[$(stringify!($field)),*], &mut |reader, at| {
            // The fields in order: the one at `at` is read.
            let mut index = 0;
            $(
                if at == index {
                    return reader.field(&mut $field);
                }
                index += 1;
            )*
            // Past the last field: the count is not needed.
            let _ = index;
            Err(reader.data_error())
        })?;
    };
    (@take $reader:ident $field:ident default) => {
        $field.unwrap_or_default()
    };
    (@take $reader:ident $field:ident) => {
        $crate::json::required($field, $reader)?
    };
}
pub(crate) use from_json_object;

/// A number as JSON wrote it: serde_json's three kinds, read the same way.
enum Number {
    Unsigned(u64),
    Negative(i64),
    Float(f64),
}

/// What reads an array's element, given its position: one non-generic loop for every array.
type Element<'a, 'de> = dyn FnMut(&mut Reader<'de>, usize) -> Result<(), Error> + 'a;
/// What reads an object's entry, given its name: one non-generic loop for every object.
type Entry<'a, 'de> = dyn FnMut(&mut Reader<'de>, Cow<'de, str>) -> Result<(), Error> + 'a;

/// Where reading a document is: what each type's [`FromJson::read`] is given.
pub struct Reader<'de> {
    source: &'de str,
    /// `source`'s bytes.
    text: &'de [u8],
    at: usize,
    depth: u32,
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\n' | b'\r' | b'\t')
}

impl<'de> Reader<'de> {
    fn failure(&self, category: Category) -> Error {
        Error {
            category,
            line: 0,
            column: 0,
            at: self.at,
        }
    }

    fn syntax(&self) -> Error {
        let category = if self.at >= self.text.len() {
            Category::Eof
        } else {
            Category::Syntax
        };
        self.failure(category)
    }

    /// The next byte that is not whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(&byte) = self.text.get(self.at) {
            if !is_space(byte) {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// Consumes `byte`, the next one past whitespace, or fails.
    fn expect(&mut self, byte: u8) -> Result<(), Error> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.syntax())
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            // Past the part that matched, as serde_json reports it.
            let matched = self.text[self.at..]
                .iter()
                .zip(word)
                .take_while(|(a, b)| a == b)
                .count();
            self.at += matched;
            Err(self.syntax())
        }
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth = self.depth.checked_sub(1).ok_or_else(|| self.syntax())?;
        self.at += 1;
        Ok(())
    }

    /// After the elements read: the array's or object's end, not more elements.
    fn close(&mut self, end: u8) -> Result<(), Error> {
        self.depth += 1;
        self.expect(end)
    }

    /// Before an array's element or an object's entry: whether there is one, past its comma.
    fn more(&mut self, end: u8, first: &mut bool) -> Result<bool, Error> {
        match self.peek() {
            Some(byte) if byte == end => Ok(false),
            Some(b',') if !*first => {
                self.at += 1;
                // A trailing comma: `[1,]`.
                if self.peek() == Some(end) {
                    return Err(self.syntax());
                }
                Ok(true)
            }
            Some(_) if *first => {
                *first = false;
                Ok(true)
            }
            _ => Err(self.syntax()),
        }
    }

    /// A string, at its opening quote: borrowed from the text unless it holds escapes.
    fn string(&mut self) -> Result<Cow<'de, str>, Error> {
        self.at += 1;
        let start = self.at;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            // Past the plain bytes at once: only a quote, a backslash or a control ends a run.
            self.at += self.text[self.at..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(self.text.len() - self.at);
            match self.text.get(self.at) {
                Some(b'"') => {
                    let text = match owned {
                        None => Cow::Borrowed(self.str_of(start, self.at)),
                        Some(mut text) => {
                            text.push_str(self.str_of(run, self.at));
                            Cow::Owned(text)
                        }
                    };
                    self.at += 1;
                    return Ok(text);
                }
                Some(b'\\') => {
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(self.str_of(run, self.at));
                    self.at += 1;
                    text.push(self.escape()?);
                    run = self.at;
                }
                // A control character, which JSON escapes, or the end of the text.
                _ => return Err(self.syntax()),
            }
        }
    }

    /// The text between two ASCII bytes (or its ends): always whole characters.
    fn str_of(&self, start: usize, end: usize) -> &'de str {
        self.source.get(start..end).unwrap_or_default()
    }

    /// The character an escape stands for, just past its backslash.
    fn escape(&mut self) -> Result<char, Error> {
        let Some(&byte) = self.text.get(self.at) else {
            return Err(self.syntax());
        };
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                if (0xD800..0xDC00).contains(&unit) && self.text[self.at..].starts_with(b"\\u") {
                    let resume = self.at;
                    self.at += 2;
                    let low = self.hex4()?;
                    if (0xDC00..0xE000).contains(&low) {
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        return Ok(char::from_u32(code).unwrap_or('\u{FFFD}'));
                    }
                    // Not a pair: the second escape is read on its own.
                    self.at = resume;
                }
                char::from_u32(unit).unwrap_or('\u{FFFD}')
            }
            _ => {
                self.at -= 1;
                return Err(self.syntax());
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = self
                .text
                .get(self.at)
                .and_then(|&b| (b as char).to_digit(16))
                .ok_or_else(|| self.syntax())?;
            unit = unit * 16 + digit;
            self.at += 1;
        }
        Ok(unit)
    }

    /// Past a run of digits: how many, and their value while it fits a `u64`.
    fn digits(&mut self) -> (usize, Option<u64>) {
        let start = self.at;
        let mut value = Some(0u64);
        while let Some(&byte) = self.text.get(self.at) {
            if !byte.is_ascii_digit() {
                break;
            }
            let digit = u64::from(byte - b'0');
            value = match value {
                // Below a tenth of the largest, another digit always fits: no overflow check,
                // which in wasm is a 128-bit multiplication (a library call) a digit.
                Some(n) if n < u64::MAX / 10 => Some(n * 10 + digit),
                _ => value
                    .and_then(|n| n.checked_mul(10))
                    .and_then(|n| n.checked_add(digit)),
            };
            self.at += 1;
        }
        (self.at - start, value)
    }

    /// A number, at its first byte (`-` or a digit), as JSON's grammar has it.
    fn number(&mut self) -> Result<Number, Error> {
        let start = self.at;
        let negative = self.text[self.at] == b'-';
        if negative {
            self.at += 1;
        }
        let integer_start = self.at;
        let integer = match self.digits() {
            (0, _) => return Err(self.syntax()),
            // A leading zero stands alone: `01` is not JSON.
            (n, _) if n > 1 && self.text[integer_start] == b'0' => {
                self.at = integer_start + 1;
                return Err(self.syntax());
            }
            (_, value) => value,
        };
        let mut float = false;
        if self.text.get(self.at) == Some(&b'.') {
            self.at += 1;
            if self.digits().0 == 0 {
                return Err(self.syntax());
            }
            float = true;
        }
        if matches!(self.text.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.text.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits().0 == 0 {
                return Err(self.syntax());
            }
            float = true;
        }
        match integer {
            Some(value) if !float && !negative => return Ok(Number::Unsigned(value)),
            // `-0` is a float for serde_json too.
            Some(value) if !float => {
                if let Some(value) = 0i64.checked_sub_unsigned(value).filter(|&v| v < 0) {
                    return Ok(Number::Negative(value));
                }
            }
            _ => {}
        }
        // Past u64 or i64, or with a fraction or exponent: a float, as serde_json reads it.
        match float_of(&self.text[start..self.at]) {
            Some(value) => Ok(Number::Float(value)),
            None => Err(self.failure(Category::Syntax)),
        }
    }

    /// Past one value, whatever it is, keeping nothing (an unknown field's).
    pub fn skip(&mut self) -> Result<(), Error> {
        match self.token()? {
            Token::Array => self.rest_of_array(&mut |reader, _| reader.skip()),
            Token::Object => self.rest_of_object(&mut |reader, _| reader.skip()),
            _ => Ok(()),
        }
    }

    /// An object's key: a string (anything else is not JSON).
    fn key_text(&mut self) -> Result<Cow<'de, str>, Error> {
        if self.peek() != Some(b'"') {
            return Err(self.syntax());
        }
        self.string()
    }
}

/// Powers of ten a `f64` holds exactly.
const EXACT_POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A JSON number's value, its grammar already checked: the digits (the first 19 significant
/// ones) times a power of ten, as serde_json computes it by default. Exact whenever the digits
/// and the power are (every threshold and time the core reads); otherwise within a few units
/// in the last place. `None` past the largest `f64`.
fn float_of(number: &[u8]) -> Option<f64> {
    let (negative, number) = match number.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, number),
    };
    let mut digits: u64 = 0;
    let mut power: i64 = 0;
    let mut fraction = false;
    let mut rest = number;
    while let Some((&byte, tail)) = rest.split_first() {
        match byte {
            b'0'..=b'9' => {
                if digits < 1_000_000_000_000_000_000 {
                    digits = digits * 10 + u64::from(byte - b'0');
                    power -= i64::from(fraction);
                } else {
                    power += i64::from(!fraction);
                }
            }
            b'.' => fraction = true,
            _ => break,
        }
        rest = tail;
    }
    if let Some((_, exponent)) = rest.split_first() {
        let (sign, exponent) = match exponent.split_first() {
            Some((b'-', tail)) => (-1, tail),
            Some((b'+', tail)) => (1, tail),
            _ => (1, exponent),
        };
        let value = exponent
            .iter()
            .fold(0i64, |n, &b| (n * 10 + i64::from(b - b'0')).min(100_000));
        power += sign * value;
    }
    let mut value = digits as f64;
    if value != 0.0 {
        while power > 22 && value.is_finite() {
            value *= EXACT_POWERS[22];
            power -= 22;
        }
        while power < -22 && value != 0.0 {
            value /= EXACT_POWERS[22];
            power += 22;
        }
        let step = EXACT_POWERS[power.unsigned_abs().min(22) as usize];
        value = if power >= 0 {
            value * step
        } else {
            value / step
        };
    }
    value
        .is_finite()
        .then_some(if negative { -value } else { value })
}

/// One value's start, for what reads any value (skipping one, a variant's name or object):
/// a string, or the opening of an array or object, or another scalar read whole.
enum Token<'de> {
    /// `null`, a boolean or a number: checked, its value not kept.
    Scalar,
    Text(Cow<'de, str>),
    /// `[`, consumed: the elements follow.
    Array,
    /// `{`, consumed: the entries follow.
    Object,
}

impl<'de> Reader<'de> {
    /// The next value's token.
    fn token(&mut self) -> Result<Token<'de>, Error> {
        Ok(match self.peek() {
            Some(b'"') => Token::Text(self.string()?),
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
                Token::Scalar
            }
            Some(b'[') => {
                self.enter()?;
                Token::Array
            }
            Some(b'{') => {
                self.enter()?;
                Token::Object
            }
            Some(b'n') => {
                self.literal(b"null")?;
                Token::Scalar
            }
            Some(b't') => {
                self.literal(b"true")?;
                Token::Scalar
            }
            Some(b'f') => {
                self.literal(b"false")?;
                Token::Scalar
            }
            _ => return Err(self.syntax()),
        })
    }

    /// A failure of the document's shape, here: a value not of its type, a field missing or
    /// given twice.
    pub fn data_error(&self) -> Error {
        self.failure(Category::Data)
    }

    /// Whether the next value is `null` (then consumed).
    pub fn null(&mut self) -> Result<bool, Error> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.literal(b"null")?;
        Ok(true)
    }

    pub fn bool(&mut self) -> Result<bool, Error> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| true),
            Some(b'f') => self.literal(b"false").map(|()| false),
            _ => Err(self.data_error()),
        }
    }

    /// The next value as an integer from 0 to `max`: a float or a negative one is the wrong type.
    pub fn unsigned(&mut self, max: u64) -> Result<u64, Error> {
        match self.number_only()? {
            Number::Unsigned(value) if value <= max => Ok(value),
            _ => Err(self.data_error()),
        }
    }

    /// The next value as an `i64`: a float is the wrong type.
    pub fn signed(&mut self) -> Result<i64, Error> {
        match self.number_only()? {
            Number::Unsigned(value) => i64::try_from(value).map_err(|_| self.data_error()),
            Number::Negative(value) => Ok(value),
            Number::Float(_) => Err(self.data_error()),
        }
    }

    /// The next value as a float: any number.
    pub fn float(&mut self) -> Result<f64, Error> {
        Ok(match self.number_only()? {
            Number::Unsigned(value) => value as f64,
            Number::Negative(value) => value as f64,
            Number::Float(value) => value,
        })
    }

    /// The next value as a number, when it is one (a store's rows are mostly numbers: read
    /// without going through `token`).
    fn number_only(&mut self) -> Result<Number, Error> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.data_error()),
        }
    }

    /// Whether the next value is a string.
    pub fn next_is_text(&mut self) -> bool {
        self.peek() == Some(b'"')
    }

    /// The next value as a string: borrowed from the document unless it holds escapes.
    pub fn text(&mut self) -> Result<Cow<'de, str>, Error> {
        match self.peek() {
            Some(b'"') => self.string(),
            _ => Err(self.data_error()),
        }
    }

    /// The next value when it is written as the store writes its rows — `[`, a string without
    /// escapes, `N` integers, `]`, no whitespace inside — and its integers pass `fits`: the
    /// string and the integers. Otherwise nothing is consumed and the caller reads the value the
    /// general way, which gives the same value or the error this one does not make. (The
    /// general way reads a row through a closure per element and the number grammar's every
    /// case: most of loading a store.)
    pub fn compact_row<const N: usize>(
        &mut self,
        fits: impl Fn(&[i64; N]) -> bool,
    ) -> Option<(&'de str, [i64; N])> {
        let start = self.at;
        let row = self
            .compact_row_here::<N>()
            .filter(|(_, numbers)| fits(numbers));
        if row.is_none() {
            self.at = start;
        }
        row
    }

    fn compact_row_here<const N: usize>(&mut self) -> Option<(&'de str, [i64; N])> {
        if self.peek()? != b'[' || self.text.get(self.at + 1) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        let Ok(Cow::Borrowed(text)) = self.string() else {
            return None;
        };
        let mut numbers = [0i64; N];
        for number in &mut numbers {
            if self.text.get(self.at) != Some(&b',') {
                return None;
            }
            self.at += 1;
            *number = self.compact_integer()?;
        }
        if self.text.get(self.at) != Some(&b']') {
            return None;
        }
        self.at += 1;
        Some((text, numbers))
    }

    /// An integer as JSON writes it that fits an `i64`: no leading zero, not `-0` (a float to
    /// serde_json), no fraction or exponent after it.
    fn compact_integer(&mut self) -> Option<i64> {
        let negative = self.text.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let (digits, value) = self.digits();
        let value = i64::try_from(value?).ok()?;
        let leading_zero = digits > 1 && self.text[start] == b'0';
        let negative_zero = negative && value == 0;
        if digits == 0 || leading_zero || negative_zero {
            return None;
        }
        if matches!(self.text.get(self.at), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        Some(if negative { -value } else { value })
    }

    /// The next value as an array: each element to `each`, with its position.
    pub fn array(&mut self, each: &mut Element<'_, 'de>) -> Result<(), Error> {
        if self.peek() != Some(b'[') {
            return Err(self.data_error());
        }
        self.enter()?;
        self.rest_of_array(each)
    }

    /// The elements of an array just opened, then its end.
    fn rest_of_array(&mut self, each: &mut Element<'_, 'de>) -> Result<(), Error> {
        let mut first = true;
        let mut position = 0;
        while self.more(b']', &mut first)? {
            each(self, position)?;
            position += 1;
        }
        self.close(b']')
    }

    /// The next value as an object: each entry to `each`, its name given, its value to read
    /// (or skip).
    pub fn object(&mut self, each: &mut Entry<'_, 'de>) -> Result<(), Error> {
        if self.peek() != Some(b'{') {
            return Err(self.data_error());
        }
        self.enter()?;
        self.rest_of_object(each)
    }

    /// The entries of an object just opened, then its end.
    fn rest_of_object(&mut self, each: &mut Entry<'_, 'de>) -> Result<(), Error> {
        let mut first = true;
        while self.more(b'}', &mut first)? {
            let name = self.key_text()?;
            self.expect(b':')?;
            each(self, name)?;
        }
        self.close(b'}')
    }

    /// The next value as a struct's object: each entry whose name is in `names` to `each`,
    /// with the name's position (one lookup for every struct, not a `match` on the names in
    /// each); the others skipped.
    pub fn fields(&mut self, names: &[&str], each: &mut Element<'_, 'de>) -> Result<(), Error> {
        self.object(
            &mut |reader, name| match names.iter().position(|known| *known == name) {
                Some(at) => each(reader, at),
                None => reader.skip(),
            },
        )
    }

    /// A struct's field, into its slot: given twice, it is refused (as serde's derived readers
    /// refuse it).
    pub fn field<T: FromJson<'de>>(&mut self, slot: &mut Option<T>) -> Result<(), Error> {
        if slot.is_some() {
            return Err(self.data_error());
        }
        *slot = Some(T::read(self)?);
        Ok(())
    }

    /// A unit variant, as serde_json writes it (`"name"`) or also reads it (`{"name":null}`):
    /// its position in `names`.
    pub fn variant(&mut self, names: &[&str]) -> Result<usize, Error> {
        let name = match self.token()? {
            Token::Text(name) => name,
            Token::Object => {
                let name = self.key_text()?;
                self.expect(b':')?;
                if !self.null()? {
                    return Err(self.data_error());
                }
                self.close(b'}')?;
                name
            }
            _ => return Err(self.data_error()),
        };
        names
            .iter()
            .position(|known| *known == name)
            .ok_or_else(|| self.data_error())
    }
}

impl<'de> FromJson<'de> for bool {
    fn read(reader: &mut Reader<'de>) -> Result<bool, Error> {
        reader.bool()
    }
}

/// The unsigned integers, each up to its own largest value.
macro_rules! unsigned_from_json {
    ($($type:ty),*) => {$(
        impl<'de> FromJson<'de> for $type {
            fn read(reader: &mut Reader<'de>) -> Result<$type, Error> {
                // In range: `unsigned` refused anything larger.
                Ok(reader.unsigned(<$type>::MAX as u64)? as $type)
            }
        }
    )*};
}
unsigned_from_json!(u8, u32, u64, usize);

impl<'de> FromJson<'de> for i64 {
    fn read(reader: &mut Reader<'de>) -> Result<i64, Error> {
        reader.signed()
    }
}

impl<'de> FromJson<'de> for f64 {
    fn read(reader: &mut Reader<'de>) -> Result<f64, Error> {
        reader.float()
    }
}

impl<'de> FromJson<'de> for String {
    fn read(reader: &mut Reader<'de>) -> Result<String, Error> {
        Ok(reader.text()?.into_owned())
    }
}

/// A tuple: exactly its elements, in order (serde writes a tuple as an array, and reads one
/// back only with every element there, none more).
macro_rules! tuple_from_json {
    ($($index:tt $type:ident),*) => {
        impl<'de, $($type: FromJson<'de>),*> FromJson<'de> for ($($type,)*) {
            fn read(reader: &mut Reader<'de>) -> Result<($($type,)*), Error> {
                let mut slots = ($(None::<$type>,)*);
                reader.array(&mut |reader, position| {
                    $(if position == $index {
                        return reader.field(&mut slots.$index);
                    })*
                    Err(reader.data_error())
                })?;
                Ok(($(slots.$index.ok_or_else(|| reader.data_error())?,)*))
            }
        }
    };
}
// A people part's rows, and the "Your network" page's.
tuple_from_json!(0 A, 1 B, 2 C, 3 D);
tuple_from_json!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K, 11 L, 12 M, 13 N);

/// A string borrowed from the document when it holds no escape.
impl<'de> FromJson<'de> for Cow<'de, str> {
    fn read(reader: &mut Reader<'de>) -> Result<Cow<'de, str>, Error> {
        reader.text()
    }
}

impl<'de, T: FromJson<'de>> FromJson<'de> for Option<T> {
    fn read(reader: &mut Reader<'de>) -> Result<Option<T>, Error> {
        if reader.null()? {
            Ok(None)
        } else {
            T::read(reader).map(Some)
        }
    }

    fn when_missing() -> Option<Option<T>> {
        Some(None)
    }
}

impl<'de, T: FromJson<'de>> FromJson<'de> for Vec<T> {
    fn read(reader: &mut Reader<'de>) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        reader.array(&mut |reader, _| {
            items.push(T::read(reader)?);
            Ok(())
        })?;
        Ok(items)
    }
}

/// An object as a map by name; a name given twice keeps its last value (as serde's map does).
impl<'de, T: FromJson<'de>> FromJson<'de> for BTreeMap<String, T> {
    fn read(reader: &mut Reader<'de>) -> Result<BTreeMap<String, T>, Error> {
        let mut map = BTreeMap::new();
        reader.object(&mut |reader, name| {
            map.insert(name.into_owned(), T::read(reader)?);
            Ok(())
        })?;
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::{de, Deserialize};
    use serde_json::Value;

    /// Any JSON value, read through the reader's own functions: what the tokenizer reads,
    /// held against serde_json's.
    impl<'de> FromJson<'de> for Value {
        fn read(reader: &mut Reader<'de>) -> Result<Value, Error> {
            Ok(match reader.peek() {
                Some(b'"') => Value::String(String::read(reader)?),
                Some(b'-' | b'0'..=b'9') => match reader.number()? {
                    Number::Unsigned(value) => value.into(),
                    Number::Negative(value) => value.into(),
                    Number::Float(value) => value.into(),
                },
                Some(b'[') => Value::Array(Vec::read(reader)?),
                Some(b'{') => {
                    let mut map = serde_json::Map::new();
                    reader.object(&mut |reader, name| {
                        map.insert(name.into_owned(), Value::read(reader)?);
                        Ok(())
                    })?;
                    Value::Object(map)
                }
                Some(b'n' | b't' | b'f') => match reader.null()? {
                    true => Value::Null,
                    false => Value::Bool(reader.bool()?),
                },
                _ => return Err(reader.syntax()),
            })
        }
    }

    /// The same document read by this reader and by serde's derived reader over serde_json:
    /// both refuse it, or both read the same value.
    fn both<T>(text: &str) -> Option<T>
    where
        T: for<'de> FromJson<'de> + de::DeserializeOwned + PartialEq + fmt::Debug,
    {
        let ours = from_str::<T>(text).ok();
        let theirs = serde_json::from_str::<T>(text).ok();
        assert_eq!(ours, theirs, "{text}");
        ours
    }

    #[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Tier {
        Strong,
        OneWay,
    }

    impl<'de> FromJson<'de> for Tier {
        fn read(reader: &mut Reader<'de>) -> Result<Tier, Error> {
            Ok([Tier::Strong, Tier::OneWay][reader.variant(&["strong", "one_way"])?])
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Inner {
        seen: u32,
        #[serde(default)]
        strategy: Option<u8>,
    }

    from_json_object!(Inner {
        seen,
        strategy: default
    });

    /// `#[serde(default)]` on the struct: a field left out keeps the struct's default.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(default)]
    struct Limits {
        low: f64,
        high: f64,
    }

    impl Default for Limits {
        fn default() -> Limits {
            Limits {
                low: 0.5,
                high: 9.0,
            }
        }
    }

    from_json_object!(Limits defaults { low, high });

    #[derive(Debug, PartialEq, Deserialize)]
    struct Shape {
        name: String,
        #[serde(default)]
        tier: Option<Tier>,
        at: f64,
        /// An `Option` without a default: missing, it is `None` all the same.
        nickname: Option<String>,
        #[serde(default)]
        counts: BTreeMap<String, i64>,
        #[serde(default)]
        rows: Vec<(String, u8, Option<i64>, bool)>,
        #[serde(default)]
        inner: Option<Inner>,
        #[serde(default)]
        limits: Limits,
        #[serde(default)]
        size: usize,
        #[serde(default)]
        big: u64,
    }

    from_json_object!(Shape {
        name,
        tier: default,
        at,
        nickname,
        counts: default,
        rows: default,
        inner: default,
        limits: default,
        size: default,
        big: default,
    });

    const SHAPE: &str = r#"{"name":"Ana \"A\" Lima\n\u00e9","tier":"one_way","at":1700000000123,
        "nickname":null,"counts":{"3":-4,"10":5},"rows":[["in:ana",1,null,true],["x",0,-17,false]],
        "inner":{"seen":3},"limits":{"high":2.5},"size":7,"big":18446744073709551615,
        "extra":[1,{"a":true}],"more":null}"#;

    #[test]
    fn typed_documents_read_as_serde_json_reads_them() {
        let read = both::<Shape>(SHAPE).expect("reads");
        assert_eq!(read.name, "Ana \"A\" Lima\né");
        assert_eq!(read.tier, Some(Tier::OneWay));
        assert_eq!(read.counts.get("10"), Some(&5));
        assert_eq!(read.rows[1], ("x".to_string(), 0, Some(-17), false));
        assert_eq!(read.inner.unwrap().strategy, None);
        assert_eq!((read.limits.low, read.limits.high), (0.5, 2.5));
        assert_eq!(read.big, u64::MAX);
        // Left out: the defaults, `None` for an `Option`, the struct's own for `Limits`.
        let bare = both::<Shape>(r#"{"name":"a","at":1}"#).expect("reads");
        assert_eq!((bare.tier, bare.nickname, bare.inner), (None, None, None));
        assert_eq!((bare.limits.low, bare.limits.high), (0.5, 9.0));
        assert!(bare.counts.is_empty() && bare.rows.is_empty());
        // What serde_json also reads, though it never writes it: a unit variant as an object.
        assert_eq!(
            both::<Shape>(r#"{"name":"a","at":1,"tier":{"strong":null}}"#)
                .unwrap()
                .tier,
            Some(Tier::Strong)
        );
        // A name given twice in a map keeps its last value.
        let twice = both::<Shape>(r#"{"name":"a","at":1,"counts":{"k":1,"k":2}}"#).unwrap();
        assert_eq!(twice.counts.get("k"), Some(&2));
        // Shapes that are not the type's: each refused by both.
        for wrong in [
            r#"{"at":1}"#,
            r#"{"name":"a"}"#,
            r#"{"name":null,"at":1}"#,
            r#"{"name":"a","at":"1"}"#,
            r#"{"name":"a","at":1,"tier":"weak"}"#,
            r#"{"name":"a","at":1,"tier":{"strong":1}}"#,
            r#"{"name":"a","at":1,"counts":{"x":1.5}}"#,
            r#"{"name":"a","at":1,"inner":{"seen":-1}}"#,
            r#"{"name":"a","at":1,"inner":{"seen":1.5}}"#,
            r#"{"name":"a","at":1,"inner":{"seen":4294967296}}"#,
            r#"{"name":"a","at":1,"inner":{}}"#,
            r#"{"name":"a","at":1,"limits":{"low":null}}"#,
            r#"{"name":"a","at":1,"rows":[["a",256,null,true]]}"#,
            r#"{"name":"a","at":1,"rows":[["a",1,null]]}"#,
            r#"{"name":"a","at":1,"rows":[["a",1,null,true,2]]}"#,
            r#"{"name":"a","at":1,"big":18446744073709551616}"#,
            r#"{"name":"a","at":1,"size":-1}"#,
            r#"{"name":"a","name":"b","at":1}"#,
            r#"{"name":"a","at":1,"inner":{"seen":1,"seen":1}}"#,
            r#"{"name":"a","at":1}  x"#,
            r#"["a",1]"#,
            "null",
        ] {
            assert_eq!(both::<Shape>(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn a_struct_is_read_from_an_object_only() {
        // serde_json also reads a struct from an array of its fields; the core never writes one.
        assert!(serde_json::from_str::<Inner>("[3, null]").is_ok());
        assert_eq!(
            from_str::<Inner>("[3, null]").unwrap_err().category,
            Category::Data
        );
    }

    #[test]
    fn malformed_json_is_refused_like_serde_json_does() {
        for text in [
            "",
            " ",
            "{",
            "[",
            "[1,]",
            "[,1]",
            "[1 2]",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            "{1:2}",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "+1",
            "tru",
            "nul",
            r#""\x""#,
            r#""\u12""#,
            "\"a\u{1}\"",
            "\"open",
            "[1]]",
            "{}{}",
        ] {
            assert_eq!(both::<Value>(text), None, "{text:?}");
        }
        assert_eq!(
            both::<Value>(" [1, -0.5e2, true, null, \"\\/\"] \n"),
            Some(serde_json::json!([1, -50.0, true, null, "/"]))
        );
    }

    #[test]
    fn a_failure_says_where_and_its_kind_not_what_was_found() {
        let error = from_str::<Value>("{\"a\": [1,\n  tru]}").unwrap_err();
        assert_eq!(
            (error.category, error.line, error.column),
            (Category::Syntax, 2, 6)
        );
        let error = from_str::<Value>("[1, 2").unwrap_err();
        assert_eq!(error.category, Category::Eof);
        let error = from_str::<u32>("\"Maria Lima\"").unwrap_err();
        assert_eq!(error.to_string(), "Data error at line 1, column 1");
        let error =
            from_str::<Shape>("{\"name\": \"Maria Lima\",\n \"at\": \"1999-12-31\"}").unwrap_err();
        assert_eq!(error.to_string(), "Data error at line 2, column 8");
    }

    #[test]
    fn a_lone_surrogate_reads_as_the_replacement_character() {
        assert_eq!(from_str::<String>(r#""a\ud83d\ude00b""#).unwrap(), "a😀b");
        assert_eq!(from_str::<String>(r#""a\ud83db""#).unwrap(), "a\u{FFFD}b");
        assert_eq!(
            from_str::<String>(r#""\ude00\ud83d\u0041""#).unwrap(),
            "\u{FFFD}\u{FFFD}A"
        );
    }

    #[test]
    fn nesting_past_the_limit_is_refused_not_overflowing_the_stack() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(from_str::<Value>(&nested(100)).is_ok());
        assert_eq!(
            from_str::<Value>(&nested(100_000)).unwrap_err().category,
            Category::Syntax
        );
        assert_eq!(
            from_str::<Shape>(&format!(r#"{{"name":"a","at":1,"x":{}}}"#, nested(100_000)))
                .unwrap_err()
                .category,
            Category::Syntax,
            "skipped all the same"
        );
    }

    #[test]
    fn floats_are_exact_where_the_digits_and_power_are() {
        for (text, value) in [
            ("0.1", 0.1),
            ("2.5", 2.5),
            ("1e-7", 1e-7),
            ("-3.75E+2", -375.0),
            ("90", 90.0),
            ("1700000000123.5", 1_700_000_000_123.5),
            ("18446744073709551616", 18_446_744_073_709_551_616.0),
            ("1e-400", 0.0),
        ] {
            assert_eq!(from_str::<f64>(text).unwrap(), value, "{text}");
        }
        assert!(from_str::<f64>("1e400").is_err());
        let long = "3.14159265358979323846264338327950288";
        let read = from_str::<f64>(long).unwrap();
        assert!(
            (read - std::f64::consts::PI).abs() <= f64::EPSILON * 4.0,
            "{read}"
        );
    }

    /// Equal, a float's last places aside (digits past what an `f64` holds, and powers past
    /// 1e22, are rounded differently; see the module's documentation).
    fn same(ours: &Value, theirs: &Value) -> bool {
        match (ours, theirs) {
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
            }
            (Value::Number(a), Value::Number(b)) if a.is_f64() && b.is_f64() => {
                let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
                (a - b).abs() <= a.abs() * 8.0 * f64::EPSILON
            }
            _ => ours == theirs,
        }
    }

    fn value() -> impl Strategy<Value = Value> {
        let text = "[a-zé\"\\\\/\n\t\u{1}😀 ]{0,8}";
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            // Floats of at most 15 significant digits: the decimal serde_json writes reads
            // back exactly.
            (-999_999_999_999_999i64..999_999_999_999_999, 0u32..16)
                .prop_map(|(m, k)| Value::from(m as f64 / 10f64.powi(k as i32))),
            text.prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(text, inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn what_serde_json_writes_reads_back_the_same(value in value(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            prop_assert_eq!(from_str::<Value>(&text).ok(), Some(value));
        }

        #[test]
        fn damaged_documents_fail_or_read_as_serde_json_reads_them(
            value in value(),
            at in any::<prop::sample::Index>(),
            byte in prop::sample::select(b"{}[],:\"\\ 0-.e1tnu".to_vec()),
            insert in any::<bool>(),
        ) {
            let mut bytes = serde_json::to_string(&value).unwrap().into_bytes();
            let at = at.index(bytes.len() + 1);
            if insert {
                bytes.insert(at, byte);
            } else if at < bytes.len() {
                bytes[at] = byte;
            }
            // Only whole characters, and no surrogate escape (read differently on purpose).
            if let Ok(text) = String::from_utf8(bytes) {
                if !text.to_ascii_lowercase().contains("\\ud") {
                    let ours = from_str::<Value>(&text).ok();
                    let theirs = serde_json::from_str::<Value>(&text).ok();
                    let agree = match (&ours, &theirs) {
                        (Some(ours), Some(theirs)) => same(ours, theirs),
                        (ours, theirs) => ours.is_none() && theirs.is_none(),
                    };
                    prop_assert!(agree, "{}: {:?} / {:?}", text, ours, theirs);
                }
            }
        }
    }
}
