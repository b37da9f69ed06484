//! A site adapter as data: which pages of the site Vínculo reads, which entities (posts,
//! comments, profile cards, …) sit on them, and how each field is found — CSS selectors and
//! attribute or text reads, several strategies per field in order of trust.
//!
//! The data is applied by one tiny engine, the content script's
//! (`extension/content/extract.js`), tested on every fixture page in Chromium; this module
//! holds the data's model and lints it. The semantics, in full:
//!
//! - **Front end**: the site may render pages with several front ends. A page is of front end
//!   F when one of F's `detect` selectors matches in it and none of another front end's does
//!   (told again, at most once a second, while none is). A root selector or a strategy tagged
//!   with another front end (`front_end`) is then skipped; on a page whose front end is not
//!   told, everything is tried. The tags save time, never change what is read: a tagged
//!   selector matches only on its front end's pages (the fixture tests read every page both
//!   ways, with its front end told and with everything tried).
//! - **Page kind**: the first page whose path pattern matches the URL path and, if it lists
//!   `detect` selectors, one of them matches the document. Patterns compare path segments
//!   (empty ones ignored, so a trailing slash does not matter): `*` is any one segment, a final
//!   `**` any number of segments (also none); otherwise the segment counts must be equal.
//! - **Roots** of an entity: elements matching any of its `roots` selectors, in document order.
//!   A match inside another match of the same entity is not a root when both give the same key
//!   (the site renders one thing in nested wrappers that repeat its key), or, with `outermost`,
//!   whatever key it gives (a wrapper and the element it wraps are one post).
//! - **A strategy** picks candidate elements: the entity root itself (neither `css` nor
//!   `closest`), its descendants matching `css`, its nearest ancestor-or-self matching
//!   `closest`, or — with `in: "document"` — the document's elements matching `css` (or the
//!   document element), for page-level facts. With `around`, a `css` match stands for its
//!   nearest ancestor-or-self matching `around` strictly inside the root (the link or button
//!   around an icon: what `a:has(svg)` says, without testing every link's subtree), in the
//!   order of the matches, each once. With `within`, the `css` matches are looked for only
//!   inside the root's descendants matching `within` (the row of counts before a post's
//!   action bar: what `row-selector a` says, without testing every link's ancestors against
//!   the row selector); the strategies of one entity read that name the same `within` share
//!   one search for it. A `css` candidate is skipped if it or an ancestor
//!   strictly inside the root matches `not_inside`, and a field's candidates are never inside a
//!   nested entity: a child entity's root (a comment under a post) or another root of the same
//!   entity with another key (a reply inside a comment).
//! - **Reads**: `text` (the text nodes, joined with a space where an element boundary lies
//!   between two of them, without those inside an element matching `ignore`, whitespace runs
//!   collapsed to one space, trimmed),
//!   `first_text` (the first text node that is not only spaces, collapsed: a name without the
//!   badges printed after it), `attr:<name>`, `exists` (gives `true`), `path` (the page's URL
//!   path). Then `between` `[start, end]` keeps what follows the first `start` up to the next
//!   `end` (an empty `start` is the beginning, an empty `end` the end; a missing one gives
//!   nothing), `before_any` keeps what precedes the first of its characters (all of it when
//!   none occurs: a headline's own words before what it quotes), and the result is trimmed. Values are cut to `max_chars` characters (Unicode
//!   scalar values).
//! - **Conditions** a candidate's value must meet, or the next candidate is tried: `must_match`
//!   (a regular expression, Unicode-aware, e.g. `\p{Nd}` for "holds a digit") and `phrase`
//!   (the value contains, ignoring case, one of the phrases of that set in `phrases`, in any
//!   language: the words that cannot be avoided, such as telling followers from connections),
//!   and `without_phrase` (it contains no phrase of those sets: mutual connections are not
//!   connections).
//!   With `innermost`, the chosen element is the deepest candidate meeting them inside the
//!   first one that does (the count itself, not a box around it); the candidates looked at
//!   inside it are those matching `inner` (`*`: every element inside), or by default the
//!   strategy's own `css`.
//! - **A record**: the key (first key strategy with a value), every field's first strategy
//!   with a value, and the records of each child entity's roots inside it. Health counts per
//!   `entity.field` (and `entity.key`): entities seen, how many had it, the lowest strategy
//!   index that ever matched (above 0: the preferred strategy failed and a fallback read it).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adapter {
    pub name: String,
    /// Host names the content script applies this adapter on.
    pub hosts: Vec<String>,
    /// Longest value kept from one read, in characters (a hostile page can print megabytes).
    pub max_chars: usize,
    /// The front ends the site renders its pages with, by name (see the module documentation).
    #[serde(default)]
    pub front_ends: BTreeMap<String, FrontEnd>,
    /// Page kinds in order: the first that matches wins.
    pub pages: Vec<Page>,
    pub entities: BTreeMap<String, Entity>,
    /// Words that cannot be avoided, per meaning and interface language, with their sources.
    #[serde(default)]
    pub phrases: BTreeMap<String, PhraseSet>,
    /// What the anonymiser replaces on the site's pages (see [`Anonymise`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymise: Option<Anonymise>,
}

/// One meaning's phrases in every interface language the site offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseSet {
    /// What the phrases say and where they are used.
    pub about: String,
    /// Language tag → the phrases, as the site prints them.
    pub languages: BTreeMap<String, Vec<String>>,
    /// Language tag → where the phrases were seen (a public capture, a help page, …).
    pub sources: BTreeMap<String, String>,
}

/// One of the site's front ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontEnd {
    /// What tells it, for whoever maintains the data.
    #[serde(default)]
    pub about: String,
    /// Selectors one of which matches in every page it renders, and in no other's.
    pub detect: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The page kind the scan reports; `null` for a page read only for what any page may show
    /// (the user, a messaging overlay), which counts as not recognised.
    pub kind: Option<String>,
    /// Why the page is listed, for whoever maintains the data.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub about: String,
    /// Path patterns (see the module documentation).
    pub paths: Vec<String>,
    /// Selectors telling that a known front end is present; one must match (none listed: the
    /// path alone decides).
    #[serde(default)]
    pub detect: Vec<String>,
    /// Top-level entities read on this page (their children are read through them).
    pub entities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Why the entity matters, for whoever maintains the data.
    #[serde(default)]
    pub about: String,
    pub roots: Vec<Root>,
    #[serde(default)]
    pub outermost: bool,
    pub key: Vec<Strategy>,
    #[serde(default)]
    pub fields: BTreeMap<String, Field>,
    #[serde(default)]
    pub children: Vec<String>,
}

/// A root selector: on every page, or only on one front end's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Root {
    Any(String),
    Of(FrontEndRoot),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontEndRoot {
    pub css: String,
    pub front_end: String,
}

impl Root {
    pub fn css(&self) -> &str {
        match self {
            Root::Any(css) | Root::Of(FrontEndRoot { css, .. }) => css,
        }
    }

    pub fn front_end(&self) -> Option<&str> {
        match self {
            Root::Any(_) => None,
            Root::Of(root) => Some(&root.front_end),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Expected on every entity: a miss makes the page's health "partly".
    #[serde(default)]
    pub required: bool,
    /// The element found is where an overlay sits (counts, a name heading).
    #[serde(default)]
    pub anchor: bool,
    pub strategies: Vec<Strategy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    /// Tried only on pages of this front end, or of none told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub css: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closest: Option<String>,
    /// With `css`: each match's nearest ancestor-or-self matching this is the candidate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub around: Option<String>,
    /// With `css`: the matches are looked for only inside the root's descendants matching this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    pub read: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub between: Option<(String, String)>,
    /// Keeps what precedes the first of these characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_any: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_inside: Option<String>,
    /// `document`: candidates come from the whole document, not the entity root.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// A regular expression the value must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_match: Option<String>,
    /// A phrase set (in `phrases`) one of whose phrases the value must contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrase: Option<String>,
    /// For a `text` read: elements whose text is left out (a "see more" button).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<String>,
    /// Phrase sets none of whose phrases the value may contain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub without_phrase: Vec<String>,
    /// The deepest passing candidate inside the first passing one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub innermost: bool,
    /// With `innermost`: which elements inside the first passing candidate are candidates too
    /// (by default, those matching `css`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inner: Option<String>,
}

/// The site knowledge of the anonymiser (`extension/content/anonymise.js`), which makes the
/// real-page corpus and the popup's "Save an anonymised copy of this page". Its engine keeps
/// the markup, attributes, interface strings and counts, and replaces names, slugs, ids and
/// free texts consistently; this says where those are on this site. Regular expressions are
/// JavaScript's with the `u` flag, kept to the syntax the `regex` crate also reads (no
/// look-around); named groups mark what a pattern captures. Selectors are CSS as browsers
/// read them (`:has()` included).
///
/// The engine, in order: strips elements (`strip`), comments, attributes (`strip_attributes`,
/// event handlers), svg path data and meta tags not in `meta`, and unwraps `unwrap`; collects slugs from links
/// (`links`) and names (`names`); rewrites every text node — free texts (`free_text`, then
/// `long_text`) become pseudo-text, the rest keeps its words with names, first names, copies of
/// free texts and ids replaced; then every attribute — URLs (`url_attributes`: the site's keep
/// their path with ids replaced, others and images become placeholders), element keys
/// (`key_attributes`: ids and opaque tokens replaced, `key_words` kept), and the rest as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anonymise {
    /// Why the section matters, for whoever maintains the data.
    #[serde(default)]
    pub about: String,
    pub names: AnonymiseNames,
    /// Where free texts are (post bodies, comments, messages, headlines): replaced by
    /// pseudo-text that keeps the word count, question marks, emoji and the words of the depth
    /// features' stock phrases and question openers (`keep_words`).
    pub free_text: Vec<FreeTextRule>,
    /// Attributes holding free text (a search box's value, an image's own description).
    pub free_text_attributes: Vec<FreeTextAttribute>,
    /// Controls inside free-text elements whose text is the interface's ("… more").
    pub interface: Vec<String>,
    pub long_text: LongText,
    /// Where a person's or organisation's slug is: the named group `id` of a link's path (or of
    /// an attribute).
    pub links: Vec<LinkRule>,
    /// Slugs that name the site itself, not a member (`/company/linkedin/`).
    pub keep_slugs: Vec<String>,
    /// Host names (patterns) of the site: its links keep their path; any other URL becomes a
    /// placeholder.
    pub site_hosts: Vec<String>,
    pub member_id: MemberId,
    /// Runs of at least this many digits in attributes are ids (URNs, member numbers); each
    /// is replaced by the same stand-in everywhere.
    pub numeric_id_digits: usize,
    /// Attributes holding element keys and references (`componentkey`, `id`, `for`, …).
    pub key_attributes: Vec<String>,
    pub url_attributes: Vec<String>,
    /// Attributes never rewritten (class names, roles, test ids, sizes).
    pub keep_attributes: Vec<String>,
    /// Words of the site's element keys (patterns) that stay as they are between tokens:
    /// `expanded<token>FeedType_…` keeps `expanded` and `FeedType_…`.
    pub key_words: Vec<String>,
    /// Shorter runs of key characters are never opaque tokens.
    pub token_min_chars: usize,
    /// Ids that carry the time they were made (a message's `2-<base64 of "<epoch ms>…">`):
    /// the named group `encoded` is decoded, its leading digits kept and the rest replaced, so
    /// the page still tells when each message was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timed_ids: Option<String>,
    pub attribute_rewrites: Vec<AttributeRewrite>,
    /// Elements removed with their content (scripts, styles, media player chrome).
    pub strip: Vec<String>,
    /// Elements replaced by their content before anything is read: markup that cuts a name or
    /// a text in pieces (a search term's highlight inside a company name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unwrap: Vec<String>,
    /// Attribute names (patterns) removed.
    pub strip_attributes: Vec<String>,
    pub meta: MetaRules,
    /// The folded words (lower case, no accents) of the depth features' stock phrases and
    /// question openers (`src/depth.rs`), kept in free texts so that "Congrats!" stays
    /// applause and "How do you …" a question.
    pub keep_words: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnonymiseNames {
    /// Elements whose text is a name.
    pub elements: Vec<NameElement>,
    /// Patterns whose `name…` groups are names, on an attribute's value (`attr`) or on each
    /// text node.
    pub patterns: Vec<NamePattern>,
    /// Texts in name positions that are not names ("LinkedIn Member", "Me").
    pub not_names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameElement {
    pub css: String,
    /// Only elements whose nearest link (themselves or an ancestor) has a path matching this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// `text` (default), `first_text` (the first non-empty text node, outside `skip`) or
    /// `attr:<name>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip: Option<String>,
    /// The name is this pattern's `name` group of what was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// What was read is not a name when it matches this ("View …’s profile").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<String>,
    /// Only on documents where this selector matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// `person` (default) or `organisation`: which kind of stand-in it gets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamePattern {
    pub regex: String,
    /// Values matching this pattern are skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<String>,
    /// The attribute read; none: every text node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attr: Option<String>,
    /// Only on elements matching this selector (default: any with the attribute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub css: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// Free text: every text inside `css`; or, with `regex`, the `text` group of each text node
/// inside it; or, with `href`, `skip_first` or `keep`, each text node inside matching elements
/// (whose link path matches `href`), but the first (`skip_first`: a name), texts matching
/// `keep` (counts, degrees) and texts of `interface` controls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeTextRule {
    pub css: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skip_first: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeTextAttribute {
    pub css: String,
    pub attr: String,
    /// Values that are the interface's ("View image").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep: Option<String>,
}

/// A text no rule placed, with at least `min_words` words, no digit, outside `except`, unlike
/// any text inside `except` and not repeated over the page (then it is the interface's), is
/// taken for a free text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LongText {
    pub min_words: usize,
    pub except: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRule {
    /// A pattern on a link's path, or on the value of `attr` (a key naming its profile).
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attr: Option<String>,
    /// A person's slug, also found glued to other words inside element keys.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub glued: bool,
}

/// Member ids (`ACoAA…`): each replaced by its first five characters, `fake_marker` and
/// `fake_chars` drawn characters — shorter than a real one, so a check for real ids in the
/// corpus (`ACoAA` and 30 or more id characters) never mistakes a stand-in for one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberId {
    pub pattern: String,
    pub fake_marker: String,
    pub fake_chars: usize,
}

/// In `attributes`, every match of `regex` becomes `replace` (tracking data's byte arrays).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeRewrite {
    pub attributes: Vec<String>,
    pub regex: String,
    pub replace: String,
}

/// Meta tags kept (by `name`, `http-equiv` or `property`): those naming the front end and the
/// locale; `json` ones keep only the listed keys of their JSON content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaRules {
    pub keep: Vec<String>,
    pub json: BTreeMap<String, Vec<String>>,
}

impl Anonymise {
    /// Every regular expression of the section, with where it is.
    pub fn patterns(&self) -> Vec<(String, &str)> {
        let mut all = Vec::new();
        for (i, e) in self.names.elements.iter().enumerate() {
            push(&mut all, format!("names.elements#{i}.href"), &e.href);
            push(&mut all, format!("names.elements#{i}.regex"), &e.regex);
            push(&mut all, format!("names.elements#{i}.not"), &e.not);
        }
        for (i, p) in self.names.patterns.iter().enumerate() {
            all.push((format!("names.patterns#{i}"), p.regex.as_str()));
            push(&mut all, format!("names.patterns#{i}.not"), &p.not);
        }
        for (i, f) in self.free_text.iter().enumerate() {
            push(&mut all, format!("free_text#{i}.regex"), &f.regex);
            push(&mut all, format!("free_text#{i}.href"), &f.href);
            push(&mut all, format!("free_text#{i}.keep"), &f.keep);
        }
        for (i, f) in self.free_text_attributes.iter().enumerate() {
            push(&mut all, format!("free_text_attributes#{i}.keep"), &f.keep);
        }
        for (i, l) in self.links.iter().enumerate() {
            all.push((format!("links#{i}"), l.path.as_str()));
        }
        all.push(("member_id".into(), self.member_id.pattern.as_str()));
        push(&mut all, "timed_ids".into(), &self.timed_ids);
        for (i, r) in self.attribute_rewrites.iter().enumerate() {
            all.push((format!("attribute_rewrites#{i}"), r.regex.as_str()));
        }
        let lists = [
            ("site_hosts", &self.site_hosts),
            ("key_words", &self.key_words),
            ("strip_attributes", &self.strip_attributes),
        ];
        for (name, list) in lists {
            for (i, p) in list.iter().enumerate() {
                all.push((format!("{name}#{i}"), p.as_str()));
            }
        }
        all
    }

    /// Every selector of the section, with where it is.
    pub fn selectors(&self) -> Vec<(String, &str)> {
        let mut all = Vec::new();
        for (i, e) in self.names.elements.iter().enumerate() {
            all.push((format!("names.elements#{i}"), e.css.as_str()));
            push(&mut all, format!("names.elements#{i}.skip"), &e.skip);
            push(&mut all, format!("names.elements#{i}.when"), &e.when);
        }
        for (i, p) in self.names.patterns.iter().enumerate() {
            push(&mut all, format!("names.patterns#{i}.css"), &p.css);
        }
        for (i, f) in self.free_text.iter().enumerate() {
            all.push((format!("free_text#{i}"), f.css.as_str()));
        }
        for (i, f) in self.free_text_attributes.iter().enumerate() {
            all.push((format!("free_text_attributes#{i}"), f.css.as_str()));
        }
        let lists = [
            ("interface", &self.interface),
            ("long_text.except", &self.long_text.except),
            ("strip", &self.strip),
            ("unwrap", &self.unwrap),
        ];
        for (name, list) in lists {
            for (i, s) in list.iter().enumerate() {
                all.push((format!("{name}#{i}"), s.as_str()));
            }
        }
        all
    }
}

fn push<'a>(all: &mut Vec<(String, &'a str)>, at: String, value: &'a Option<String>) {
    if let Some(value) = value {
        all.push((at, value.as_str()));
    }
}

/// What a strategy reads from its element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read<'a> {
    Text,
    FirstText,
    Attr(&'a str),
    Exists,
    Path,
}

impl Strategy {
    pub fn read(&self) -> Option<Read<'_>> {
        match self.read.as_str() {
            "text" => Some(Read::Text),
            "first_text" => Some(Read::FirstText),
            "exists" => Some(Read::Exists),
            "path" => Some(Read::Path),
            other => other
                .strip_prefix("attr:")
                .filter(|name| !name.is_empty())
                .map(Read::Attr),
        }
    }

    /// Every selector the strategy holds.
    pub fn selectors(&self) -> impl Iterator<Item = &str> {
        [
            &self.css,
            &self.closest,
            &self.around,
            &self.within,
            &self.not_inside,
            &self.ignore,
            &self.inner,
        ]
        .into_iter()
        .filter_map(|s| s.as_deref())
    }
}

/// The LinkedIn adapter, as the extension ships it.
pub fn linkedin() -> Adapter {
    serde_json::from_str(include_str!("../adapters/linkedin.json"))
        .expect("adapters/linkedin.json is valid (checked by the adapter tests)")
}

/// Whether a path pattern matches a URL path (see the module documentation).
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (fixed, rest_any) = match pattern.split_last() {
        Some((&"**", fixed)) => (fixed, true),
        _ => (&pattern[..], false),
    };
    let counts_fit = if rest_any {
        path.len() >= fixed.len()
    } else {
        path.len() == fixed.len()
    };
    counts_fit
        && fixed
            .iter()
            .zip(&path)
            .all(|(want, got)| *want == "*" || want == got)
}

/// The page kind for a path, before any `detect` check: the candidates in order.
pub fn pages_for_path<'a>(adapter: &'a Adapter, path: &str) -> impl Iterator<Item = &'a Page> {
    let path = path.to_owned();
    adapter
        .pages
        .iter()
        .filter(move |page| page.paths.iter().any(|p| path_matches(p, &path)))
}

/// Everything wrong with the data that can be told without a page; empty when sound.
/// (Whether each selector parses, and what it matches on the fixtures, the fixture tests check.)
pub fn lint(adapter: &Adapter) -> Vec<String> {
    let mut problems = Vec::new();
    if adapter.hosts.is_empty() {
        problems.push("no hosts".to_owned());
    }
    if adapter.max_chars == 0 {
        problems.push("max_chars is 0".to_owned());
    }
    for (name, front) in &adapter.front_ends {
        if front.detect.is_empty() {
            problems.push(format!("front end {name}: no detect"));
        }
        check_selectors(&format!("front end {name}"), &front.detect, &mut problems);
    }
    for page in &adapter.pages {
        let at = format!("page {}", page.kind.as_deref().unwrap_or("(catch-all)"));
        if page.paths.is_empty() {
            problems.push(format!("{at}: no paths"));
        }
        for pattern in &page.paths {
            let segments: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
            let misplaced_any = segments.iter().rev().skip(1).any(|s| *s == "**");
            if !pattern.starts_with('/') || misplaced_any {
                problems.push(format!("{at}: bad path pattern {pattern:?}"));
            }
        }
        check_selectors(&at, &page.detect, &mut problems);
        if page.entities.is_empty() {
            problems.push(format!("{at}: no entities"));
        }
        for name in &page.entities {
            if !adapter.entities.contains_key(name) {
                problems.push(format!("{at}: unknown entity {name}"));
            }
        }
    }
    for (name, entity) in &adapter.entities {
        if entity.roots.is_empty() {
            problems.push(format!("{name}: no roots"));
        }
        let roots: Vec<String> = entity.roots.iter().map(|r| r.css().to_owned()).collect();
        check_selectors(&format!("{name}.roots"), &roots, &mut problems);
        for root in &entity.roots {
            check_front_end(
                adapter,
                &format!("{name}.roots"),
                root.front_end(),
                &mut problems,
            );
        }
        if entity.key.is_empty() {
            problems.push(format!("{name}: no key strategy"));
        }
        for (i, strategy) in entity.key.iter().enumerate() {
            check_strategy(adapter, &format!("{name}.key#{i}"), strategy, &mut problems);
        }
        for (field_name, field) in &entity.fields {
            if field_name == "key" {
                problems.push(format!("{name}: a field may not be called key"));
            }
            if field.strategies.is_empty() {
                problems.push(format!("{name}.{field_name}: no strategy"));
            }
            for (i, strategy) in field.strategies.iter().enumerate() {
                check_strategy(
                    adapter,
                    &format!("{name}.{field_name}#{i}"),
                    strategy,
                    &mut problems,
                );
            }
        }
        for child in &entity.children {
            if !adapter.entities.contains_key(child) {
                problems.push(format!("{name}: unknown child {child}"));
            } else if reaches(adapter, child, name) {
                problems.push(format!("{name}: child {child} contains it again (a cycle)"));
            }
        }
    }
    for (name, set) in &adapter.phrases {
        check_phrases(name, set, &mut problems);
    }
    if let Some(anonymise) = &adapter.anonymise {
        lint_anonymise(anonymise, &mut problems);
    }
    problems
}

/// What can be told of the anonymiser's data without a page (whether its patterns compile in
/// a regex engine, the tests check).
fn lint_anonymise(data: &Anonymise, problems: &mut Vec<String>) {
    for (at, selector) in data.selectors() {
        check_selectors(&format!("anonymise.{at}"), &[selector.to_owned()], problems);
    }
    for (at, pattern) in data.patterns() {
        if pattern.is_empty() {
            problems.push(format!("anonymise.{at}: empty pattern"));
        }
    }
    let mut needs_group = |at: String, pattern: &str, group: &str| {
        if !pattern.contains(&format!("(?<{group}")) {
            problems.push(format!("anonymise.{at}: no ({group}…) group"));
        }
    };
    for (i, p) in data.names.patterns.iter().enumerate() {
        needs_group(format!("names.patterns#{i}"), &p.regex, "name");
    }
    for (i, e) in data.names.elements.iter().enumerate() {
        if let Some(regex) = &e.regex {
            needs_group(format!("names.elements#{i}"), regex, "name");
        }
    }
    for (i, f) in data.free_text.iter().enumerate() {
        if let Some(regex) = &f.regex {
            needs_group(format!("free_text#{i}"), regex, "text");
        }
    }
    for (i, l) in data.links.iter().enumerate() {
        needs_group(format!("links#{i}"), &l.path, "id");
    }
    let kinds = data.names.elements.iter().map(|e| &e.kind);
    for kind in kinds
        .chain(data.names.patterns.iter().map(|p| &p.kind))
        .flatten()
    {
        if kind != "person" && kind != "organisation" {
            problems.push(format!("anonymise: unknown name kind {kind:?}"));
        }
    }
    for read in data.names.elements.iter().filter_map(|e| e.read.as_deref()) {
        let attr = read
            .strip_prefix("attr:")
            .is_some_and(|name| !name.is_empty());
        if read != "text" && read != "first_text" && !attr {
            problems.push(format!("anonymise: unknown name read {read:?}"));
        }
    }
    // A stand-in member id must stay below the length of a real one (ACoAA + 30 or more).
    if data.member_id.fake_marker.len() + data.member_id.fake_chars >= 30 {
        problems.push("anonymise.member_id: stand-ins as long as real ids".to_owned());
    }
    if data.numeric_id_digits < 4 || data.token_min_chars == 0 || data.long_text.min_words == 0 {
        problems.push(
            "anonymise: numeric_id_digits, token_min_chars or long_text.min_words too small"
                .to_owned(),
        );
    }
    for word in &data.keep_words {
        if *word != crate::depth::fold_phrase(word) {
            problems.push(format!("anonymise.keep_words: {word:?} is not folded"));
        }
    }
}

fn reaches(adapter: &Adapter, from: &str, target: &str) -> bool {
    let mut stack = vec![from];
    let mut visited = Vec::new();
    while let Some(name) = stack.pop() {
        if name == target {
            return true;
        }
        if visited.contains(&name) {
            continue;
        }
        visited.push(name);
        if let Some(entity) = adapter.entities.get(name) {
            stack.extend(entity.children.iter().map(String::as_str));
        }
    }
    false
}

fn check_front_end(adapter: &Adapter, at: &str, name: Option<&str>, problems: &mut Vec<String>) {
    if let Some(name) = name {
        if !adapter.front_ends.contains_key(name) {
            problems.push(format!("{at}: unknown front end {name}"));
        }
    }
}

fn check_strategy(adapter: &Adapter, at: &str, strategy: &Strategy, problems: &mut Vec<String>) {
    check_front_end(adapter, at, strategy.front_end.as_deref(), problems);
    match strategy.read() {
        None => problems.push(format!("{at}: unknown read {:?}", strategy.read)),
        Some(Read::Path) if strategy.css.is_some() || strategy.closest.is_some() => {
            problems.push(format!("{at}: a path read takes no selector"))
        }
        Some(Read::Exists) if strategy.css.is_none() && strategy.closest.is_none() => {
            problems.push(format!("{at}: exists on the root itself is always true"))
        }
        _ => {}
    }
    if strategy.css.is_some() && strategy.closest.is_some() {
        problems.push(format!("{at}: both css and closest"));
    }
    if strategy.not_inside.is_some() && strategy.css.is_none() {
        problems.push(format!("{at}: not_inside applies only to css candidates"));
    }
    if strategy.around.is_some() && strategy.css.is_none() {
        problems.push(format!("{at}: around applies only to css candidates"));
    }
    if strategy.within.is_some() && strategy.css.is_none() {
        problems.push(format!("{at}: within applies only to css candidates"));
    }
    if let Some((start, end)) = &strategy.between {
        if start.is_empty() && end.is_empty() {
            problems.push(format!("{at}: between with two empty ends"));
        }
    }
    match strategy.scope.as_deref() {
        None => {}
        Some("document") if strategy.closest.is_some() => {
            problems.push(format!("{at}: a document read takes no closest"))
        }
        Some("document") if strategy.within.is_some() => {
            problems.push(format!("{at}: a document read takes no within"))
        }
        Some("document") => {}
        Some(other) => problems.push(format!("{at}: unknown scope {other:?}")),
    }
    if strategy.ignore.is_some() && strategy.read() != Some(Read::Text) {
        problems.push(format!("{at}: ignore applies only to text reads"));
    }
    if strategy.innermost && strategy.css.is_none() {
        problems.push(format!("{at}: innermost applies only to css candidates"));
    }
    if strategy.inner.is_some() && !strategy.innermost {
        problems.push(format!("{at}: inner applies only with innermost"));
    }
    if strategy.before_any.as_deref() == Some("") {
        problems.push(format!("{at}: empty before_any"));
    }
    if strategy.must_match.as_deref() == Some("") {
        problems.push(format!("{at}: empty must_match"));
    }
    for set in strategy.phrase.iter().chain(&strategy.without_phrase) {
        if !adapter.phrases.contains_key(set) {
            problems.push(format!("{at}: unknown phrase set {set}"));
        }
    }
    let selectors: Vec<String> = strategy.selectors().map(str::to_owned).collect();
    check_selectors(at, &selectors, problems);
}

fn check_phrases(name: &str, set: &PhraseSet, problems: &mut Vec<String>) {
    if set.languages.is_empty() {
        problems.push(format!("phrases {name}: no language"));
    }
    for (language, phrases) in &set.languages {
        if phrases.is_empty() || phrases.iter().any(|p| p.trim().is_empty()) {
            problems.push(format!(
                "phrases {name}.{language}: an empty phrase list or phrase"
            ));
        }
        if set
            .sources
            .get(language)
            .is_none_or(|s| s.trim().is_empty())
        {
            problems.push(format!("phrases {name}.{language}: no source"));
        }
    }
    for language in set.sources.keys() {
        if !set.languages.contains_key(language) {
            problems.push(format!(
                "phrases {name}: a source for {language}, which has no phrases"
            ));
        }
    }
}

/// Cheap checks that need no CSS parser: non-empty, balanced brackets and quotes.
fn check_selectors(at: &str, selectors: &[String], problems: &mut Vec<String>) {
    for selector in selectors {
        if selector.trim().is_empty() || !balanced(selector) {
            problems.push(format!("{at}: malformed selector {selector:?}"));
        }
    }
}

fn balanced(selector: &str) -> bool {
    let mut open = Vec::new();
    let mut quote = None;
    for c in selector.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '(') => open.push(c),
            (None, ']') if open.pop() != Some('[') => return false,
            (None, ')') if open.pop() != Some('(') => return false,
            _ => {}
        }
    }
    open.is_empty() && quote.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_patterns_compare_segments() {
        assert!(path_matches("/feed/", "/feed"));
        assert!(path_matches("/feed/", "/feed/"));
        assert!(!path_matches("/feed/", "/feed/update/urn:li:activity:1/"));
        assert!(path_matches("/feed/*/", "/feed/foryou/"));
        assert!(path_matches(
            "/in/*/recent-activity/**",
            "/in/ana/recent-activity/"
        ));
        assert!(path_matches(
            "/in/*/recent-activity/**",
            "/in/ana/recent-activity/all/"
        ));
        assert!(!path_matches("/in/*/recent-activity/**", "/in/ana/"));
        assert!(path_matches("/in/*/", "/in/ana-silva/"));
        assert!(!path_matches("/in/*/", "/jobs/"));
        assert!(!path_matches("/in/*/", "/in/"));
    }

    #[test]
    fn the_shipped_adapter_is_sound() {
        let adapter = linkedin();
        assert_eq!(lint(&adapter), Vec::<String>::new());
        // The core's links and keys name the host the adapter applies on.
        assert!(adapter.hosts.iter().any(|h| h == crate::model::SITE_HOST));
    }

    #[test]
    fn lint_names_each_problem() {
        let mut adapter = linkedin();
        let post = adapter.entities.get_mut("post").unwrap();
        post.children.push("nowhere".into());
        let field = post.fields.values_mut().next().unwrap();
        field.strategies[0].read = "inner_html".into();
        field.strategies.push(Strategy {
            front_end: Some("gtk".into()),
            css: Some("a[href".into()),
            closest: Some("b".into()),
            around: None,
            within: None,
            read: "text".into(),
            between: Some((String::new(), String::new())),
            before_any: Some(String::new()),
            not_inside: None,
            scope: Some("page".into()),
            must_match: None,
            phrase: Some("nowhere".into()),
            without_phrase: Vec::new(),
            ignore: None,
            innermost: false,
            inner: Some("b".into()),
        });
        field.strategies.push(Strategy {
            css: None,
            closest: Some("b".into()),
            around: Some("a".into()),
            within: Some("c".into()),
            ..field.strategies[0].clone()
        });
        field.strategies.push(Strategy {
            css: Some("a".into()),
            closest: None,
            within: Some("c".into()),
            scope: Some("document".into()),
            ..field.strategies[0].clone()
        });
        adapter.pages[0].paths.push("feed/**/x".into());
        let problems = lint(&adapter);
        for expected in [
            "unknown child nowhere",
            "unknown read \"inner_html\"",
            "both css and closest",
            "between with two empty ends",
            "malformed selector \"a[href\"",
            "bad path pattern \"feed/**/x\"",
            "unknown scope \"page\"",
            "unknown phrase set nowhere",
            "empty before_any",
            "inner applies only with innermost",
            "around applies only to css candidates",
            "within applies only to css candidates",
            "a document read takes no within",
            "unknown front end gtk",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected} not in {problems:#?}"
            );
        }
    }

    #[test]
    fn the_anonymiser_patterns_compile() {
        let adapter = linkedin();
        let data = adapter
            .anonymise
            .as_ref()
            .expect("the adapter has an anonymise section");
        let patterns = data.patterns();
        assert!(patterns.len() > 20, "patterns found: {}", patterns.len());
        for (at, pattern) in patterns {
            if let Err(error) = regex::Regex::new(pattern) {
                panic!("anonymise.{at}: {pattern:?} does not compile: {error}");
            }
        }
    }

    #[test]
    fn the_anonymiser_keeps_every_word_depth_reads() {
        let adapter = linkedin();
        let keep = &adapter.anonymise.as_ref().unwrap().keep_words;
        let tables = crate::depth::STOCK_PHRASES
            .iter()
            .chain(crate::depth::QUESTION_OPENERS);
        for (lang, phrases) in tables {
            for word in phrases.iter().flat_map(|p| p.split(' ')) {
                assert!(
                    keep.iter().any(|k| k == word),
                    "{lang} {word:?} missing from keep_words"
                );
            }
        }
    }

    #[test]
    fn lint_names_anonymiser_problems() {
        let mut adapter = linkedin();
        let data = adapter.anonymise.as_mut().unwrap();
        data.names.patterns[0].regex = "^Hide post by (.+)$".into();
        data.links[0].path = "^/in/([^/]+)".into();
        data.free_text[0].css = "[data-testid=\"x\"".into();
        data.member_id.fake_chars = 30;
        data.keep_words.push("Parabéns".into());
        data.names.elements[0].read = Some("inner_html".into());
        let problems = lint(&adapter);
        for expected in [
            "names.patterns#0: no (name…) group",
            "links#0: no (id…) group",
            "malformed selector",
            "stand-ins as long as real ids",
            "\"Parabéns\" is not folded",
            "unknown name read \"inner_html\"",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected} not in {problems:#?}"
            );
        }
    }

    #[test]
    fn reads_parse() {
        let strategy = |read: &str| Strategy {
            front_end: None,
            css: None,
            closest: None,
            around: None,
            within: None,
            read: read.into(),
            between: None,
            before_any: None,
            not_inside: None,
            scope: None,
            must_match: None,
            phrase: None,
            without_phrase: Vec::new(),
            ignore: None,
            innermost: false,
            inner: None,
        };
        assert_eq!(strategy("attr:href").read(), Some(Read::Attr("href")));
        assert_eq!(strategy("attr:").read(), None);
        assert_eq!(strategy("text").read(), Some(Read::Text));
        assert_eq!(strategy("first_text").read(), Some(Read::FirstText));
        assert_eq!(strategy("html").read(), None);
    }
}
