//! Who is who: one person behind the several ways pages name them.
//!
//! The site links a person by their public slug (`/in/ana-silva-4b2a1/`: the feed, profiles,
//! the archive's profile URLs) or by their member id (`/in/ACoAAB…`: messaging, My Network's
//! message links, profile top cards), and prints their name. A key is `in:<slug>` (slugs are
//! case-insensitive, so lower-cased) or `in:<member id>` (member ids are case-sensitive: kept
//! as printed). The rules that make two keys one person, strongest first:
//!
//! 1. **One element shows both**: a profile page (its URL's slug and its top card's member
//!    id), a connection card (its profile link and its message link's `recipient=`), a link
//!    whose query carries the member id (`miniProfileUrn=`, `profileUrn=`). Joined for good.
//! 2. **The user**: every key a page shows as the logged-in user (the nav, the feed's own
//!    card, the viewer's member id in messaging, the own profile) is the user's. A store
//!    belongs to one account: pages of another account read in the same browser would be
//!    taken for the same user.
//! 3. **A name, only when unambiguous**: a key never seen before, carrying a name (at least
//!    two words), is the person already stored under a key of the other form (slug vs member
//!    id) when exactly one stored person bears that name and that person has no key of the
//!    new key's form yet. Two people with one name, two slugs, or a one-word name: no join
//!    (a duplicate heals when a rule-1 page is seen; a wrong merge would never heal).
//! 4. A name alone, with no link, names a stored person only under the same condition of
//!    uniqueness; otherwise it names no one.
//!
//! Joins only ever touch people already stored (something of theirs was recorded, or the
//! archive imported them): seeing a profile or a connection card never creates a person.

use crate::model::profile_key;

/// Member ids start so (the site's encoding of a member URN for web clients).
const MEMBER_PREFIX: &str = "ACoAA";

/// Whether a slug-position segment is a member id rather than a public slug: the prefix, then
/// only URL-safe base64 characters, at the length member ids have (39 seen; a little slack).
pub fn is_member_id(segment: &str) -> bool {
    segment.starts_with(MEMBER_PREFIX)
        && (24..=64).contains(&segment.len())
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether a key names a person by member id (`in:ACoAA…`), not by slug.
pub fn is_member_key(key: &str) -> bool {
    key.strip_prefix("in:").is_some_and(is_member_id)
}

/// `in:<member id>` from whatever carries one: a bare id, an `urn:li:fsd_profile:` /
/// `urn:li:fs_miniProfile:` URN, percent-encoded or not, possibly followed by more query.
pub fn member_key(raw: &str) -> Option<String> {
    let decoded = percent_decode(raw.trim());
    let start = decoded.find(MEMBER_PREFIX)?;
    let id: String = decoded[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    is_member_id(&id).then(|| format!("in:{id}"))
}

/// Every key one link names: its path's (slug or member id) and the member id its query
/// carries (`miniProfileUrn=…`, `profileUrn=…`), the path's first.
pub fn keys_of_link(href: &str) -> Vec<String> {
    let mut keys: Vec<String> = profile_key(href).into_iter().collect();
    if !keys.iter().any(|k| k.starts_with("in:")) {
        return keys;
    }
    let query = href.split_once('?').map_or("", |(_, q)| q);
    for pair in query.split('&') {
        let Some((name, value)) = pair.split_once('=') else {
            continue;
        };
        if matches!(name, "miniProfileUrn" | "profileUrn") {
            if let Some(key) = member_key(value).filter(|k| !keys.contains(k)) {
                keys.push(key);
            }
        }
    }
    keys
}

/// A name as compared for rule 3: whitespace collapsed, case folded; `None` below two words
/// (a first name alone is too common to join on).
pub fn name_key(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    (words.len() >= 2).then(|| words.join(" ").to_lowercase())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "ACoAADVg-eoB88GyIET_PiM0hdcOQOwCkzfp45A";

    #[test]
    fn member_ids_keep_their_case_and_slugs_are_folded() {
        assert_eq!(
            profile_key(&format!("https://www.linkedin.com/in/{ID}")),
            Some(format!("in:{ID}"))
        );
        assert_eq!(profile_key(&format!("/in/{ID}/")), Some(format!("in:{ID}")));
        assert_eq!(profile_key("/in/Ana-Silva/"), Some("in:ana-silva".into()));
        assert!(is_member_key(&format!("in:{ID}")));
        assert!(!is_member_key("in:ana-silva"));
        // A slug that merely starts like one is a slug.
        assert!(!is_member_id("ACoAAbc"));
        assert_eq!(
            profile_key("/in/acoaadvg-eob88/"),
            Some("in:acoaadvg-eob88".into())
        );
    }

    #[test]
    fn member_ids_are_read_from_urns_and_encoded_queries() {
        let want = Some(format!("in:{ID}"));
        assert_eq!(member_key(ID), want);
        assert_eq!(member_key(&format!("urn:li:fsd_profile:{ID}")), want);
        assert_eq!(
            member_key(&format!("urn%3Ali%3Afsd_profile%3A{ID}&x=1")),
            want
        );
        assert_eq!(member_key(&format!("{ID}&interop=msgOverlay")), want);
        assert_eq!(member_key("urn"), None);
        assert_eq!(member_key(""), None);
    }

    #[test]
    fn a_link_names_its_slug_and_the_member_id_its_query_carries() {
        let link = "https://www.linkedin.com/in/alenm?miniProfileUrn=urn%3Ali%3Afsd_profile%3AACoAAAM2GaIBCM-6DIBPkWJ4283EgUFld9toMnM";
        assert_eq!(
            keys_of_link(link),
            vec![
                "in:alenm".to_string(),
                "in:ACoAAAM2GaIBCM-6DIBPkWJ4283EgUFld9toMnM".to_string()
            ]
        );
        assert_eq!(keys_of_link("/in/bob/"), vec!["in:bob".to_string()]);
        assert_eq!(
            keys_of_link("/company/acme/"),
            vec!["company:acme".to_string()]
        );
        assert!(keys_of_link("/feed/").is_empty());
    }

    #[test]
    fn names_join_only_with_two_words() {
        assert_eq!(name_key("  Ana   Silva "), Some("ana silva".into()));
        assert_eq!(name_key("Ana"), None);
        assert_eq!(name_key(""), None);
    }
}
