//! The core's JSON reader: a serde `Deserializer` of its own, for the JSON the core reads — the
//! store's parts, an import's payload, what the shell sends (a page's scan, an activity batch,
//! the settings) and the worker's answers the "Your network" page reads. serde_json writes;
//! it also reads the user's own export file (`export.rs`), whose detailed messages (which
//! field, what was found) are shown to the user.
//!
//! Why not serde_json's reader: the size of the worker's wasm, 14 KB gzipped smaller with this
//! one. serde compiles one reader per type, and serde_json's parsing is inlined into each; its
//! float parsing brings large tables, and its messages a float formatter. Here the parsing is
//! in one function every type's reader calls (`Reader::token`), and a type is asked only for
//! what it can be: a struct for an object (serde_json also reads a struct from an array, which
//! the core never writes), a `u32` for an integer.
//!
//! It reads what serde_json reads, to the same values (the tests hold the two side by side),
//! with these differences:
//! - A struct written as an array of its fields is refused.
//! - A float is its digits times a power of ten: exact when both are (every threshold and
//!   time the core reads). Past 19 digits or 1e±22 it is within a few units in the last place,
//!   as serde_json's default parsing is, and the two may differ there.
//! - A lone surrogate escape (`"\ud800"`, which `JSON.stringify` writes for broken page text)
//!   reads as U+FFFD instead of failing the whole document.
//! - A failure says only its kind and where (`Data error at line 1, column 40`), never what
//!   was found: a store's content is the user's, and a failure's words end up in logs.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

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
    /// Byte offset of the failure, until `from_str` turns it into a line and column.
    at: Option<usize>,
}

impl Error {
    fn new(category: Category) -> Error {
        Error {
            category,
            line: 0,
            column: 0,
            at: None,
        }
    }

    fn data() -> Error {
        Error::new(Category::Data)
    }
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

// serde's default messages would format what was found (numbers among them, which costs the
// module a float formatter); a failure here names no content anyway.
impl de::Error for Error {
    fn custom<T: fmt::Display>(_message: T) -> Error {
        Error::data()
    }
    fn invalid_type(_: de::Unexpected, _: &dyn de::Expected) -> Error {
        Error::data()
    }
    fn invalid_value(_: de::Unexpected, _: &dyn de::Expected) -> Error {
        Error::data()
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Error {
        Error::data()
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Error {
        Error::data()
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Error {
        Error::data()
    }
    fn missing_field(_: &'static str) -> Error {
        Error::data()
    }
    fn duplicate_field(_: &'static str) -> Error {
        Error::data()
    }
}

/// Reads one JSON document (whitespace around it allowed, nothing else) as a `T`.
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T, Error> {
    let mut reader = Reader {
        source: text,
        text: text.as_bytes(),
        at: 0,
        depth: MAX_DEPTH,
    };
    let read = T::deserialize(&mut reader).and_then(|value| match reader.peek() {
        None => Ok(value),
        Some(_) => Err(reader.syntax()),
    });
    read.map_err(|mut error| {
        let at = error.at.unwrap_or(reader.at).min(text.len());
        let before = &text.as_bytes()[..at];
        error.line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        error.column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
        error.at = None;
        error
    })
}

/// A number as JSON wrote it: serde_json's three kinds, read the same way.
enum Number {
    Unsigned(u64),
    Negative(i64),
    Float(f64),
}

struct Reader<'de> {
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
            at: Some(self.at),
            ..Error::new(category)
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

    /// After the elements a visitor took: the array's or object's end, not more elements.
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
            value = value
                .and_then(|n| n.checked_mul(10))
                .and_then(|n| n.checked_add(u64::from(byte - b'0')));
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

    /// Past one value, whatever it is, keeping nothing.
    fn skip(&mut self) -> Result<(), Error> {
        let end = match self.token()? {
            Token::Array => b']',
            Token::Object => b'}',
            _ => return Ok(()),
        };
        let mut first = true;
        while self.more(end, &mut first)? {
            if end == b'}' {
                self.key_text()?;
                self.expect(b':')?;
            }
            self.skip()?;
        }
        self.close(end)
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

/// One value's start: a scalar read whole, or the opening of an array or object.
enum Token<'de> {
    Null,
    Bool(bool),
    Number(Number),
    Text(Cow<'de, str>),
    /// `[`, consumed: the elements follow.
    Array,
    /// `{`, consumed: the entries follow.
    Object,
}

impl<'de> Reader<'de> {
    /// The next value's token. One function for every type read, so each type's reader holds
    /// a `match` and no parsing.
    #[inline(never)]
    fn token(&mut self) -> Result<Token<'de>, Error> {
        Ok(match self.peek() {
            Some(b'"') => Token::Text(self.string()?),
            Some(b'-' | b'0'..=b'9') => Token::Number(self.number()?),
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
                Token::Null
            }
            Some(b't') => {
                self.literal(b"true")?;
                Token::Bool(true)
            }
            Some(b'f') => {
                self.literal(b"false")?;
                Token::Bool(false)
            }
            _ => return Err(self.syntax()),
        })
    }

    /// The elements of an array just opened, to `visitor`, then its end.
    fn elements<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let value = visitor.visit_seq(Elements {
            reader: self,
            first: true,
        })?;
        self.close(b']')?;
        Ok(value)
    }

    /// The entries of an object just opened, to `visitor`, then its end.
    fn entries<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let value = visitor.visit_map(Entries {
            reader: self,
            first: true,
        })?;
        self.close(b'}')?;
        Ok(value)
    }

    /// A value read as an integer: a float or anything else is the wrong type.
    fn integer<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        match self.number_only()? {
            Number::Unsigned(value) => visitor.visit_u64(value),
            Number::Negative(value) => visitor.visit_i64(value),
            Number::Float(_) => Err(self.failure(Category::Data)),
        }
    }

    fn text<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let text = self.text_only()?;
        visit_text(text, visitor)
    }

    /// The next value as a number, when it is one (a store's rows are mostly numbers: read
    /// without going through `token`).
    fn number_only(&mut self) -> Result<Number, Error> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.failure(Category::Data)),
        }
    }

    /// The next value as a string, when it is one.
    fn text_only(&mut self) -> Result<Cow<'de, str>, Error> {
        match self.peek() {
            Some(b'"') => self.string(),
            _ => Err(self.failure(Category::Data)),
        }
    }
}

fn visit_text<'de, V: Visitor<'de>>(text: Cow<'de, str>, visitor: V) -> Result<V::Value, Error> {
    match text {
        Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
        Cow::Owned(text) => visitor.visit_string(text),
    }
}

/// A unit variant, named by a string.
fn visit_variant_name<'de, V: Visitor<'de>>(
    name: Cow<'de, str>,
    visitor: V,
) -> Result<V::Value, Error> {
    visitor.visit_enum(de::value::CowStrDeserializer::<Error>::new(name))
}

/// Each method asks the visitor only for what the type can be (a struct reads an object or an
/// array, a `u32` an integer): a type's reader then holds only the visits it needs.
impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Null => visitor.visit_unit(),
            Token::Bool(value) => visitor.visit_bool(value),
            Token::Number(Number::Unsigned(value)) => visitor.visit_u64(value),
            Token::Number(Number::Negative(value)) => visitor.visit_i64(value),
            Token::Number(Number::Float(value)) => visitor.visit_f64(value),
            Token::Text(text) => visit_text(text, visitor),
            Token::Array => self.elements(visitor),
            Token::Object => self.entries(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Bool(value) => visitor.visit_bool(value),
            _ => Err(self.failure(Category::Data)),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.integer(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(match self.number_only()? {
            Number::Unsigned(value) => value as f64,
            Number::Negative(value) => value as f64,
            Number::Float(value) => value,
        })
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.text(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.text(visitor)
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.text(visitor)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.text(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Null => visitor.visit_unit(),
            _ => Err(self.failure(Category::Data)),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Array => self.elements(visitor),
            _ => Err(self.failure(Category::Data)),
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Object => self.entries(visitor),
            _ => Err(self.failure(Category::Data)),
        }
    }

    /// An object only: serde_json also reads an array of the fields in order, which the core
    /// never writes, and asking every struct for one too would compile a second reader of each.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    /// `"Variant"`, or `{"Variant": content}`.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Text(name) => visit_variant_name(name, visitor),
            Token::Object => {
                let value = visitor.visit_enum(Variant { reader: self })?;
                self.close(b'}')?;
                Ok(value)
            }
            _ => Err(self.failure(Category::Data)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.skip()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! { i128 u128 bytes byte_buf }
}

struct Elements<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if !self.reader.more(b']', &mut self.first)? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

struct Entries<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if !self.reader.more(b'}', &mut self.first)? {
            return Ok(None);
        }
        key(self.reader, seed).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.reader.expect(b':')?;
        seed.deserialize(&mut *self.reader)
    }
}

/// An object's key: a string, read as the key's type asks (a number type reads the digits in
/// it, as serde_json does).
fn key<'de, K: DeserializeSeed<'de>>(reader: &mut Reader<'de>, seed: K) -> Result<K::Value, Error> {
    let text = reader.key_text()?;
    seed.deserialize(Key(text))
}

struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    fn unsigned(&self) -> Result<u64, Error> {
        self.0.parse().map_err(|_| Error::data())
    }
    fn signed(&self) -> Result<i64, Error> {
        self.0.parse().map_err(|_| Error::data())
    }
}

impl<'de> de::Deserializer<'de> for Key<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visit_text(self.0, visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(self.unsigned()?)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(self.unsigned()?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(self.unsigned()?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(self.unsigned()?)
    }
    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i64(self.signed()?)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i64(self.signed()?)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i64(self.signed()?)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i64(self.signed()?)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visit_variant_name(self.0, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i128 u128 f32 f64 char str string bytes byte_buf option unit unit_struct seq
        tuple tuple_struct map struct identifier ignored_any
    }
}

/// `{"Variant": content}`, past its opening brace.
struct Variant<'a, 'de> {
    reader: &'a mut Reader<'de>,
}

impl<'a, 'de> de::EnumAccess<'de> for Variant<'a, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), Error> {
        let name = key(self.reader, seed)?;
        self.reader.expect(b':')?;
        Ok((name, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(self.reader)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.reader)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(self.reader, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(self.reader, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_json::Value;
    use std::collections::BTreeMap;

    fn both<T: de::DeserializeOwned + PartialEq + fmt::Debug>(text: &str) -> Option<T> {
        let ours = from_str::<T>(text).ok();
        let theirs = serde_json::from_str::<T>(text).ok();
        assert_eq!(ours, theirs, "{text}");
        ours
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Tier {
        Strong,
        OneWay,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum Tagged {
        Like { key: String },
        Comment { key: String, text: Option<String> },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Inner {
        seen: u32,
        #[serde(default)]
        strategy: Option<u8>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Shape {
        name: String,
        #[serde(default)]
        tier: Option<Tier>,
        #[serde(rename = "at_ms")]
        at: f64,
        #[serde(default)]
        counts: BTreeMap<u32, i64>,
        #[serde(default)]
        rows: Vec<(String, u8, Option<i64>)>,
        #[serde(default)]
        inner: Option<Inner>,
        #[serde(default)]
        records: Vec<Tagged>,
        #[serde(flatten)]
        rest: BTreeMap<String, Value>,
    }

    #[test]
    fn typed_documents_read_as_serde_json_reads_them() {
        let read = both::<Shape>(
            r#"{"name":"Ana \"A\" Lima\n\u00e9","tier":"one_way","at_ms":1700000000123,
            "counts":{"3":-4,"10":5},"rows":[["in:ana",1,null],["x",0,-17]],
            "inner":{"seen":3},"records":[{"type":"like","key":"k"},
            {"type":"comment","key":"c","text":"Oi"}],"extra":[1,{"a":true}],"more":null}"#,
        )
        .expect("reads");
        assert_eq!(read.name, "Ana \"A\" Lima\né");
        assert_eq!(read.tier, Some(Tier::OneWay));
        assert_eq!(read.counts.get(&10), Some(&5));
        assert_eq!(read.rest.len(), 2, "unknown fields kept by flatten");
        // Shapes that are not the type's: each refused by both.
        for wrong in [
            r#"{"at_ms":1}"#,
            r#"{"name":"a","at_ms":"1"}"#,
            r#"{"name":"a","at_ms":1,"tier":"weak"}"#,
            r#"{"name":"a","at_ms":1,"counts":{"x":1}}"#,
            r#"{"name":"a","at_ms":1,"inner":{"seen":-1}}"#,
            r#"{"name":"a","at_ms":1,"inner":{"seen":1.5}}"#,
            r#"{"name":"a","at_ms":1,"inner":{"seen":4294967296}}"#,
            r#"{"name":"a","at_ms":1,"rows":[["a",256,null]]}"#,
            r#"{"name":"a","at_ms":1,"rows":[["a",1]]}"#,
            r#"{"name":"a","at_ms":1,"rows":[["a",1,null,2]]}"#,
            r#"{"name":"a","at_ms":1,"records":[{"type":"share"}]}"#,
            r#"{"name":"a","name":"b","at_ms":1}"#,
            r#"{"name":"a","at_ms":1}  x"#,
        ] {
            assert_eq!(both::<Shape>(wrong), None, "{wrong}");
        }
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
        assert!(from_str::<de::IgnoredAny>(&nested(100_000)).is_err());
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
