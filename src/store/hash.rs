//! Hashing: how an interaction id is stored (64-bit FNV-1a, in base 36) and which people
//! bucket a person lands in. Part of the persisted format: these values may never change.

use std::hash::Hasher;

use fnv::FnvHasher;

use super::format::PEOPLE_BUCKETS;

/// Ids of this form are already hashed (as [`Store::interactions`] returns them), so that
/// exporting and re-importing keeps the same id.
pub(super) const HASHED_ID_PREFIX: char = '#';

/// The id as stored: hashed with 64-bit FNV-1a, unless it is already a `#<base36>` hash.
pub fn id_hash(id: &str) -> u64 {
    if let Some(value) = id.strip_prefix(HASHED_ID_PREFIX).and_then(Base36::parse) {
        return value;
    }
    // The bytes alone (`str`'s `Hash` would add a terminator): plain FNV-1a of the id.
    let mut hasher = FnvHasher::default();
    hasher.write(id.as_bytes());
    hasher.finish()
}

/// An id hash as chunks store it (base 36).
pub fn stored_id(hash: u64) -> String {
    base36(hash)
}

pub(super) fn base36(value: u64) -> String {
    Base36::of(value).as_str().to_string()
}

/// A number in base 36, in place: written into a chunk's JSON for every row, without a
/// `String` of its own; and read back from every row.
pub(super) struct Base36 {
    digits: [u8; 13],
    /// Where the digits begin in `digits` (they end at its end).
    start: usize,
}

impl Base36 {
    pub(super) fn of(mut value: u64) -> Base36 {
        const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
        // `u64::MAX` has 13 digits in base 36.
        let mut digits = [0u8; 13];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = DIGITS[(value % 36) as usize];
            value /= 36;
            if value == 0 {
                break;
            }
        }
        Base36 { digits, start }
    }

    pub(super) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits[self.start..]).unwrap_or_default()
    }

    /// The value of `text` in base 36, as `u64::from_str_radix(text, 36)` reads it (an
    /// optional `+`, digits of either case, `None` past `u64::MAX`): a match a digit rather
    /// than the library's general radix conversion, for every row loaded.
    pub(super) fn parse(text: &str) -> Option<u64> {
        let digits = text.strip_prefix('+').unwrap_or(text).as_bytes();
        if digits.is_empty() {
            return None;
        }
        digits.iter().try_fold(0u64, |value, &byte| {
            let digit = match byte {
                b'0'..=b'9' => byte - b'0',
                b'a'..=b'z' => byte - b'a' + 10,
                b'A'..=b'Z' => byte - b'A' + 10,
                _ => return None,
            };
            let digit = u64::from(digit);
            // As `Reader::digits` does: checked (a 128-bit multiplication in wasm) only near
            // the largest value.
            if value < u64::MAX / 36 {
                Some(value * 36 + digit)
            } else {
                value.checked_mul(36)?.checked_add(digit)
            }
        })
    }
}

pub(super) fn people_bucket(key: &str) -> u32 {
    (id_hash(key) % u64::from(PEOPLE_BUCKETS)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn base36_reads_what_the_library_reads_at_the_edges() {
        for text in [
            "",
            "+",
            "++1",
            "-1",
            "0",
            "+z",
            "Zz",
            "3w5e11264sgsf",
            "3w5e11264sgsg",
            " 1",
            "1 ",
            "é",
        ] {
            assert_eq!(
                Base36::parse(text),
                u64::from_str_radix(text, 36).ok(),
                "{text:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn base36_reads_back_what_it_writes(value in any::<u64>()) {
            prop_assert_eq!(Base36::parse(&base36(value)), Some(value));
            prop_assert_eq!(base36(value), radix_fmt(value));
        }

        #[test]
        fn base36_reads_any_text_as_the_library_does(text in "[+]?[0-9a-zA-Z+ _-]{0,15}") {
            prop_assert_eq!(Base36::parse(&text), u64::from_str_radix(&text, 36).ok());
        }
    }

    /// `value` in base 36 the slow way, independently of `Base36::of`.
    fn radix_fmt(mut value: u64) -> String {
        let mut digits = Vec::new();
        loop {
            digits.push(std::char::from_digit((value % 36) as u32, 36).unwrap());
            value /= 36;
            if value == 0 {
                break;
            }
        }
        digits.iter().rev().collect()
    }
}
