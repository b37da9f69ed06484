//! The data model shared by capture, scoring, the store and import/export.
//!
//! Everything here is plain data: no clock, no storage, no browser. Times are Unix seconds (UTC).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

use crate::json::{from_json_object, FromJson, Reader};

/// What kind of exchange an interaction was. Weights live in `score`, not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Message,
    Comment,
    Reply,
    Mention,
    Reaction,
    Endorsement,
    Recommendation,
    Invitation,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Message,
        Kind::Comment,
        Kind::Reply,
        Kind::Mention,
        Kind::Reaction,
        Kind::Endorsement,
        Kind::Recommendation,
        Kind::Invitation,
    ];

    /// The names of [`Kind::ALL`], in that order, as the store and the exports write them.
    pub const NAMES: [&'static str; 8] = [
        "message",
        "comment",
        "reply",
        "mention",
        "reaction",
        "endorsement",
        "recommendation",
        "invitation",
    ];
}

impl<'de> FromJson<'de> for Kind {
    fn read(reader: &mut Reader<'de>) -> Result<Kind, crate::json::Error> {
        Ok(Kind::ALL[reader.variant(&Kind::NAMES)?])
    }
}

/// Seen from the user: `Given` is the user towards the counterpart, `Received` the reverse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Given,
    Received,
}

impl<'de> FromJson<'de> for Direction {
    fn read(reader: &mut Reader<'de>) -> Result<Direction, crate::json::Error> {
        Ok([Direction::Given, Direction::Received][reader.variant(&["given", "received"])?])
    }
}

/// Where an interaction was learnt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Seen on a page the user browsed.
    Page,
    /// Read from the site's own data-export archive.
    Archive,
}

impl<'de> FromJson<'de> for Source {
    fn read(reader: &mut Reader<'de>) -> Result<Source, crate::json::Error> {
        Ok([Source::Page, Source::Archive][reader.variant(&["page", "archive"])?])
    }
}

/// Depth features of a text, computed at capture so the text itself need not be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Depth {
    pub words: u32,
    pub question: bool,
    /// Only emoji, or a stock phrase ("Congrats!", "Parabéns!").
    pub low_effort: bool,
}

from_json_object!(Depth {
    words,
    question,
    low_effort
});

/// One exchange between the user and a counterpart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    /// Stable id: seeing the same thing twice yields the same id (idempotent recording).
    pub id: String,
    /// Profile key of the other person (see [`profile_key`]).
    pub counterpart: String,
    pub kind: Kind,
    pub direction: Direction,
    /// Unix seconds.
    pub at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<Depth>,
    pub source: Source,
    /// The text, only when the user opted into storing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

from_json_object!(Interaction {
    id,
    counterpart,
    kind,
    direction,
    at,
    depth: default,
    source,
    text: default,
});

/// The counterpart of an interaction whose other person is unknown: the archive lists the
/// comments and reactions the user gave with the post's link but not its author. Such
/// interactions count toward the user's own activity (interactions per week), never toward a
/// tie. [`profile_key`] never returns it.
pub const UNKNOWN_COUNTERPART: &str = "";

/// A person the user knows of: a connection, or someone they interacted with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counterpart {
    /// Profile key (see [`profile_key`]).
    pub key: String,
    pub name: String,
    /// True when the person is a first-degree connection.
    #[serde(default)]
    pub connection: bool,
    /// When the connection was made (Unix seconds), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_at: Option<i64>,
}

from_json_object!(Counterpart {
    key,
    name,
    connection: default,
    connected_at: default,
});

/// The site's host, as profile links name it. The adapter data names the same host
/// (`adapters/linkedin.json` `hosts`, checked by the adapter tests): the core's one piece of
/// site knowledge that is not data, for the keys of links and the links of keys.
pub const SITE_HOST: &str = "www.linkedin.com";

/// The stable key of a profile from a link or a bare slug: `in:<slug>` for people,
/// `company:<slug>` for companies. Slugs are percent-decoded and lower-cased so that
/// `/in/Ana-Silva/`, `https://www.linkedin.com/in/ana-silva?trk=x` and `ana-silva` agree;
/// a member id in the slug's place (`/in/ACoAA…`) keeps its case (see `identity`).
pub fn profile_key(link: &str) -> Option<String> {
    let link = link.trim();
    // The host without `www.`: links to `linkedin.com/in/…` are the site's too.
    let domain = SITE_HOST.trim_start_matches("www.");
    let path = match link.find(domain) {
        Some(i) => &link[i + domain.len()..],
        None => link,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut parts = path.split('/').filter(|p| !p.is_empty());
    let (prefix, slug) = match (parts.next(), parts.next()) {
        (Some("in"), Some(slug)) => ("in", slug),
        (Some("company"), Some(slug)) => ("company", slug),
        (Some(slug), None) if !link.contains('/') && !slug.contains('.') => ("in", slug),
        _ => return None,
    };
    // Slugs are case-insensitive; member ids (messaging's links) are not.
    let slug = percent_decode_str(slug).decode_utf8_lossy();
    let slug = if crate::identity::is_member_id(&slug) {
        slug.into_owned()
    } else {
        slug.to_lowercase()
    };
    if slug.is_empty()
        || slug
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>')
    {
        return None;
    }
    Some(format!("{prefix}:{slug}"))
}

/// Unix seconds (the store's unit) written as Unix milliseconds (the boundary's unit):
/// `#[serde(with = "crate::model::ms")]` on a time field that crosses to JS.
pub mod ms {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(seconds: &i64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(seconds.saturating_mul(1000))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        Ok(i64::deserialize(deserializer)?.div_euclid(1000))
    }

    /// The same for an optional time.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(
            seconds: &Option<i64>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match seconds {
                Some(seconds) => serializer.serialize_some(&seconds.saturating_mul(1000)),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<i64>, D::Error> {
            Ok(Option::<i64>::deserialize(deserializer)?.map(|ms| ms.div_euclid(1000)))
        }
    }
}

/// What a slug keeps unencoded in a link: RFC 3986's unreserved characters. Everything else
/// (`/`, `?`, `#`, `,`, `;`, quotes, spaces, non-ASCII) is percent-encoded, so a slug stays
/// one path segment of the site's own address, whatever a page or an archive put in it.
const SLUG_KEEPS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The site's page of a profile key (`in:<slug>`, `company:<slug>`), if it has one: the one
/// profile-URL builder (the popup's lists, the CSV, the report).
pub fn profile_url(key: &str) -> Option<String> {
    let (prefix, slug) = key.split_once(':')?;
    (matches!(prefix, "in" | "company") && !slug.is_empty()).then(|| {
        let slug = utf8_percent_encode(slug, SLUG_KEEPS);
        format!("https://{SITE_HOST}/{prefix}/{slug}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_keys_agree_across_link_forms() {
        let want = Some("in:ana-silva".to_string());
        assert_eq!(profile_key("https://www.linkedin.com/in/ana-silva/"), want);
        assert_eq!(profile_key("www.linkedin.com/in/Ana-Silva?trk=feed"), want);
        assert_eq!(profile_key("/in/ana-silva"), want);
        assert_eq!(profile_key("ana-silva"), want);
        assert_eq!(
            profile_key("https://www.linkedin.com/in/jos%C3%A9-souza/"),
            Some("in:josé-souza".to_string())
        );
        assert_eq!(
            profile_key("https://www.linkedin.com/company/acme/posts/"),
            Some("company:acme".to_string())
        );
        assert_eq!(profile_key("https://example.com/feed/"), None);
        assert_eq!(profile_key(""), None);
        assert_eq!(profile_key("/in/"), None);
    }

    #[test]
    fn profile_urls() {
        assert_eq!(
            profile_url("in:ana").as_deref(),
            Some("https://www.linkedin.com/in/ana/")
        );
        assert_eq!(
            profile_url("in:josé-souza").as_deref(),
            Some("https://www.linkedin.com/in/jos%C3%A9-souza/")
        );
        // A slug that would leave its path segment, or break the cell, stays inside it.
        assert_eq!(
            profile_url("in:../../evil?x=1#y,z;\"q\" w").as_deref(),
            Some("https://www.linkedin.com/in/..%2F..%2Fevil%3Fx%3D1%23y%2Cz%3B%22q%22%20w/")
        );
        assert_eq!(profile_url("name:ana silva"), None);
        assert_eq!(profile_url(""), None);
    }

    /// Read by the core's reader and by serde's derived reader (the user's export file):
    /// both refuse, or both read the same value.
    fn both<T>(text: &str) -> Option<T>
    where
        T: for<'de> FromJson<'de> + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let ours = crate::json::from_str::<T>(text).ok();
        assert_eq!(ours, serde_json::from_str::<T>(text).ok(), "{text}");
        ours
    }

    #[test]
    fn interactions_and_people_read_as_serde_json_reads_them() {
        let full = Interaction {
            id: "urn:li:comment:(activity:1,2)".into(),
            counterpart: "in:ana".into(),
            kind: Kind::Recommendation,
            direction: Direction::Received,
            at: -1,
            depth: Some(Depth {
                words: 4,
                question: true,
                low_effort: false,
            }),
            source: Source::Archive,
            text: Some("Olá".into()),
        };
        let written = serde_json::to_string(&full).unwrap();
        assert_eq!(both::<Interaction>(&written), Some(full));
        for kind in Kind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(both::<Kind>(&json), Some(kind));
        }
        let base = r#""id":"a","counterpart":"in:ana","at":1"#;
        for (rest, reads) in [
            (
                r#","kind":"reply","direction":"given","source":"page""#,
                true,
            ),
            (
                r#","kind":"reply","direction":"given","source":"page","depth":null,"text":null,"x":{}"#,
                true,
            ),
            (
                r#","kind":{"reply":null},"direction":"given","source":"page""#,
                true,
            ),
            (r#","kind":"reply","direction":"given""#, false),
            (
                r#","kind":"reply","direction":"sideways","source":"page""#,
                false,
            ),
            (
                r#","kind":"Reply","direction":"given","source":"page""#,
                false,
            ),
            (
                r#","kind":"reply","direction":"given","source":"page","at":2"#,
                false,
            ),
            (
                r#","kind":"reply","direction":"given","source":"page","depth":{"words":1}"#,
                false,
            ),
        ] {
            let read = both::<Interaction>(&format!("{{{base}{rest}}}"));
            assert_eq!(read.is_some(), reads, "{rest}");
        }
        for (json, reads) in [
            (r#"{"key":"in:ana","name":"Ana"}"#, true),
            (
                r#"{"key":"in:ana","name":"Ana","connection":true,"connected_at":-5}"#,
                true,
            ),
            (r#"{"key":"in:ana","name":"Ana","connection":null}"#, false),
            (r#"{"key":"in:ana","connected_at":1}"#, false),
        ] {
            assert_eq!(both::<Counterpart>(json).is_some(), reads, "{json}");
        }
    }
}
