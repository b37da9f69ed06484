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
    if let Some(hashed) = id.strip_prefix(HASHED_ID_PREFIX) {
        if let Ok(value) = u64::from_str_radix(hashed, 36) {
            return value;
        }
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
/// `String` of its own.
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
}

pub(super) fn people_bucket(key: &str) -> u32 {
    (id_hash(key) % u64::from(PEOPLE_BUCKETS)) as u32
}
