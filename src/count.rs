//! Counts as the site prints them ("1,234", "1,2 mil reações", "1.2 k", "Ana and 45 others"),
//! in every interface language it offers and every regional variant of those, parsed to the
//! number they mean.
//!
//! Anything that is not clearly one count is `None`: two numbers, a decimal without a scale
//! word, a grouping the language would not print, a sign, a percentage, names without a number
//! ("Ana and Bruno" may be two people or a title), a number in an address ("…/posts/123") or a
//! date ("Jun 10", "3 de junho", "5月"). A wrong number on a badge is worse than no badge.
//!
//! The separators, scale words (short and long compact forms) and date words are CLDR's, as
//! browsers print them with `Intl.NumberFormat` and `Intl.DateTimeFormat`, for each language and
//! each regional or script variant that prints numbers differently ("es-MX" writes "1,234.5"
//! and "1.2 k" where "es" writes "1.234,5" and "1,2 mil"); a variant that does not is read as
//! its language. `node tests/fixtures/counts/gen-cldr.mjs --table` generates their table,
//! `src/count.tsv` (a line per locale, added through `languages`); without `--table` it writes
//! the fixture that checks them.

use std::borrow::Cow;
use std::sync::{PoisonError, RwLock};

/// How one interface language, or one regional variant of it, writes numbers and dates: a line
/// of `src/count.tsv` (see `languages`).
struct Locale {
    /// Lower-case language tags served: a whole tag ("es-mx", "zh-hant-hk") or a language
    /// ("pt"). A tag not listed reads as its longest listed prefix ("en-au" as "en").
    tags: Vec<&'static str>,
    decimal: char,
    /// The grouping separator; any space is written `' '` (all spaces group, see [`Separator`]).
    group: char,
    /// Lakh/crore grouping ("12,34,567") besides the thousands one.
    indian_grouping: bool,
    /// Scale words of the compact forms, short and long, with the power of ten they stand for.
    scales: Vec<(&'static str, u32)>,
    /// Scale words the locale also writes for a unit of time ("5 t" is five hours in Danish,
    /// "5m" five minutes in British English): read only with a fraction ("1,2 t"), since the
    /// site's times are whole.
    whole_only: Vec<&'static str>,
    dates: Dates,
}

/// The words a date puts next to its number in one language (all lower case, without a final
/// dot, separated by `|`): "3 de junho", "Jun 10", "5月", "2024 г." are dates, not counts.
struct Dates {
    /// Month names, full and abbreviated, eras, and the markers of a numeric year, month or day.
    words: &'static str,
    /// Words between a number and a month name ("de" of "3 de junho").
    connectors: &'static str,
}

impl Locale {
    /// One line of `src/count.tsv`: the tags, decimal and grouping separators, 1 for lakh/crore
    /// grouping, the scale words (`word=power`), the words also a unit of time, the date words
    /// and the date connectors. `None` when the line is not one.
    fn read(line: &'static str) -> Option<Locale> {
        let [tags, decimal, group, indian, scales, whole_only, words, connectors] =
            line.split('\t').collect::<Vec<_>>()[..]
        else {
            return None;
        };
        let one_char = |text: &str| {
            let mut chars = text.chars();
            chars.next().filter(|_| chars.next().is_none())
        };
        let scale = |item: &'static str| {
            let (word, power) = item.rsplit_once('=')?;
            Some((word, power.parse().ok()?))
        };
        Some(Locale {
            tags: tags.split(',').collect(),
            decimal: one_char(decimal)?,
            group: one_char(group)?,
            indian_grouping: indian == "1",
            scales: items(scales).map(scale).collect::<Option<_>>()?,
            whole_only: items(whole_only).collect(),
            dates: Dates { words, connectors },
        })
    }
}

/// The locales added so far (`languages::add`).
static LOCALES: RwLock<Vec<&'static Locale>> = RwLock::new(Vec::new());

/// Adds the locales of `lines` (of `src/count.tsv`) whose tags are not known yet. → how many.
pub(crate) fn add_locales(lines: &'static str) -> usize {
    let mut locales = LOCALES.write().unwrap_or_else(PoisonError::into_inner);
    let before = locales.len();
    for locale in lines.lines().filter_map(Locale::read) {
        let known = |tag: &&str| locales.iter().any(|l| l.tags.contains(tag));
        if !locale.tags.iter().any(known) {
            locales.push(Box::leak(Box::new(locale)));
        }
    }
    locales.len() - before
}

/// "Ana and 45 others": the people named before the connector join the count. Per language:
/// the connectors that end the text before the number, and the words that start the text after
/// it (matched as prefixes, ignoring case: "other" covers "others").
const OTHERS_PHRASES: &[(&str, &[&str], &[&str])] = &[
    ("en", &["and"], &["other"]),
    (
        "pt",
        &["e", "e outras", "e outros", "e mais"],
        &["pessoa", "outra", "outro"],
    ),
    (
        "es",
        &["y", "y otras", "y otros"],
        &["persona", "otra", "otro", "más"],
    ),
    ("fr", &["et"], &["autre", "personne"]),
    ("de", &["und"], &["weitere", "andere", "person"]),
    ("it", &["e", "ed"], &["altr", "person"]),
];

/// Bidi controls and zero-width characters the page may wrap a number in.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}')
}

/// The digit's value and the code point of its system's zero (ASCII, Arabic-Indic, Extended
/// Arabic-Indic, Devanagari, Bengali, Thai, full-width).
fn digit(c: char) -> Option<(u8, u32)> {
    const ZEROS: [u32; 7] = [0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10];
    let code = c as u32;
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .map(|&zero| ((code - zero) as u8, zero))
}

/// Scripts written without spaces between words, where a number may touch the next word.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}'     // Thai
        | '\u{1100}'..='\u{11FF}'   // Hangul Jamo
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{9FFF}'   // CJK ideographs
        | '\u{AC00}'..='\u{D7AF}'   // Hangul syllables
        | '\u{F900}'..='\u{FAFF}')
}

/// A character that would glue a number to a word ("12abc", "x12").
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_unspaced_script(c)
}

/// The language subtag of a `lang` attribute: "pt" of "pt-BR" or "pt_BR".
fn language_of(lang: &str) -> &str {
    lang.trim().split(['-', '_']).next().unwrap_or("")
}

/// The locale of a `lang` attribute: its longest listed prefix, subtag by subtag ("zh-Hant-HK",
/// then "zh-Hant", then "zh"), ignoring case and reading `_` as `-`; English when none is listed;
/// `None` when not even English has been added (a worker that could not read its tables).
fn locale_for(lang: &str) -> Option<&'static Locale> {
    crate::languages::ensure_compiled_in();
    let locales = LOCALES.read().unwrap_or_else(PoisonError::into_inner);
    let tag = lang.trim();
    let is_tag = |known: &str, len: usize| {
        known.len() == len
            && known
                .bytes()
                .zip(tag.bytes())
                .all(|(k, t)| k == t.to_ascii_lowercase() || (k == b'-' && t == b'_'))
    };
    let prefix_lengths = std::iter::once(tag.len()).chain(
        tag.char_indices()
            .rev()
            .filter(|&(_, c)| c == '-' || c == '_')
            .map(|(i, _)| i),
    );
    let listed = |is_listed: &dyn Fn(&str) -> bool| {
        locales
            .iter()
            .copied()
            .find(|locale| locale.tags.iter().any(|known| is_listed(known)))
    };
    prefix_lengths
        .filter(|&len| len > 0)
        .find_map(|len| listed(&|known| is_tag(known, len)))
        .or_else(|| listed(&|known| known == "en"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    Group(char),
    Decimal,
}

impl Separator {
    /// What `c` between two digits means in `locale`; `None` when it is not a separator there.
    /// Spaces, apostrophes and the Arabic thousands sign only ever group; the Arabic decimal
    /// sign only ever separates decimals.
    fn of(c: char, locale: &Locale) -> Option<Separator> {
        match c {
            ' ' | '\'' | '\u{2019}' => Some(Separator::Group(' ')),
            '\u{066C}' => Some(Separator::Group(c)),
            '\u{066B}' => Some(Separator::Decimal),
            _ if c == locale.decimal => Some(Separator::Decimal),
            _ if c == locale.group => Some(Separator::Group(c)),
            _ => None,
        }
    }

    fn could_be(c: char) -> bool {
        is_space(c) || matches!(c, ',' | '.' | '\'' | '\u{2019}' | '\u{066C}' | '\u{066B}')
    }
}

/// More digits than any count has: reject early so a huge string costs nothing.
const MAX_DIGITS: usize = 40;

/// A run of digits with separators, as written, before interpretation.
struct Numeral {
    digits: Vec<u8>,
    /// Lengths of the digit runs.
    runs: Vec<usize>,
    /// The characters between runs.
    separators: Vec<char>,
    /// Byte offsets of the numeral in the text.
    start: usize,
    end: usize,
}

/// Reads the numeral starting at byte `start` (a digit). `None` on mixed digit systems or too
/// many digits.
fn read_numeral(text: &str, start: usize) -> Option<Numeral> {
    let mut numeral = Numeral {
        digits: Vec::new(),
        runs: vec![0],
        separators: Vec::new(),
        start,
        end: start,
    };
    let mut system = None;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if let Some((value, zero)) = digit(c) {
            if *system.get_or_insert(zero) != zero || numeral.digits.len() == MAX_DIGITS {
                return None;
            }
            numeral.digits.push(value);
            *numeral.runs.last_mut()? += 1;
            numeral.end = start + offset + c.len_utf8();
        } else if Separator::could_be(c)
            && chars.peek().is_some_and(|&(_, next)| digit(next).is_some())
        {
            numeral.separators.push(c);
            numeral.runs.push(0);
        } else {
            break;
        }
    }
    Some(numeral)
}

/// A grouped integer part: thousands ("1,234,567") or, where the language does, lakh/crore
/// ("12,34,567"). A single run is any length ("1234", "1235万").
fn grouping_is_valid(runs: &[usize], indian: bool) -> bool {
    let Some((first, rest)) = runs.split_first() else {
        return false;
    };
    if rest.is_empty() {
        return *first > 0;
    }
    let thousands = (1..=3).contains(first) && rest.iter().all(|&len| len == 3);
    let lakh = indian
        && (1..=2).contains(first)
        && rest.last() == Some(&3)
        && rest[..rest.len() - 1].iter().all(|&len| len == 2);
    thousands || lakh
}

/// The integer and fraction digits the numeral means in `locale`.
fn interpret<'a>(numeral: &'a Numeral, locale: &Locale) -> Option<(&'a [u8], &'a [u8])> {
    let separators: Vec<Separator> = numeral
        .separators
        .iter()
        .map(|&c| Separator::of(if is_space(c) { ' ' } else { c }, locale))
        .collect::<Option<_>>()?;
    let (integer_separators, has_fraction) = match separators.split_last() {
        Some((Separator::Decimal, before)) => (before, true),
        _ => (separators.as_slice(), false),
    };
    let mut groups = integer_separators.iter();
    let first_group = groups.next();
    if !groups.all(|s| Some(s) == first_group) || first_group == Some(&Separator::Decimal) {
        return None;
    }
    let integer_runs = &numeral.runs[..numeral.runs.len() - usize::from(has_fraction)];
    if !grouping_is_valid(integer_runs, locale.indian_grouping) {
        return None;
    }
    let integer_len: usize = integer_runs.iter().sum();
    Some(numeral.digits.split_at(integer_len))
}

/// Whether `c` of a text is `expected` of a word: ignoring case, and any space for a space.
fn same_letter(c: char, expected: char) -> bool {
    c.to_lowercase().eq(expected.to_lowercase()) || (expected == ' ' && is_space(c))
}

/// Case-insensitive `strip_prefix`; a space in `prefix` matches any space.
fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let mut rest = text.char_indices();
    for expected in prefix.chars() {
        let (_, c) = rest.next()?;
        if !same_letter(c, expected) {
            return None;
        }
    }
    Some(rest.next().map_or("", |(i, _)| &text[i..]))
}

/// Case-insensitive `strip_suffix`; a space in `suffix` matches any space.
fn strip_suffix_ignoring_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let mut rest = text.char_indices().rev();
    let mut cut = text.len();
    for expected in suffix.chars().rev() {
        let (i, c) = rest.next()?;
        if !same_letter(c, expected) {
            return None;
        }
        cut = i;
    }
    Some(&text[..cut])
}

/// True when `rest` does not continue a word (the end, a space, punctuation, or a script
/// written without spaces).
fn at_word_end(rest: &str) -> bool {
    rest.chars().next().is_none_or(|c| !is_word_char(c))
}

/// `rest` without the scale word `word` at its start; any space in the word matches any space
/// ("mil M" is written with a no-break space). A trailing "." of the word is optional ("Mio").
fn strip_scale_word<'a>(rest: &'a str, word: &str) -> Option<&'a str> {
    let (body, dotted) = match word.strip_suffix('.') {
        Some(body) => (body, true),
        None => (word, false),
    };
    let mut after = rest;
    for expected in body.chars() {
        let c = after.chars().next()?;
        if c != expected && !(is_space(c) && is_space(expected)) {
            return None;
        }
        after = &after[c.len_utf8()..];
    }
    Some(match dotted {
        true => after.strip_prefix('.').unwrap_or(after),
        false => after,
    })
}

/// The longest scale word at the start of `rest` (after optional spaces: "1k" and "1 k" alike),
/// its power of ten and the text after it.
fn scale_word<'a>(rest: &'a str, locale: &Locale) -> Option<(&'static str, u32, &'a str)> {
    let rest = rest.trim_start_matches(is_space);
    locale
        .scales
        .iter()
        .filter_map(|&(word, power)| {
            let after = strip_scale_word(rest, word)?;
            at_word_end(after).then_some((word, power, after))
        })
        .max_by_key(|&(word, _, _)| word.len())
}

fn to_integer(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |value, &d| {
        value.checked_mul(10)?.checked_add(u64::from(d))
    })
}

/// `integer.fraction × 10^power`, when that is a whole number that fits.
fn scaled(integer: &[u8], fraction: &[u8], power: u32) -> Option<u64> {
    let fraction = &fraction[..fraction.iter().rposition(|&d| d != 0).map_or(0, |i| i + 1)];
    let fraction_power = power.checked_sub(u32::try_from(fraction.len()).ok()?)?;
    let whole = to_integer(integer)?.checked_mul(10u64.checked_pow(power)?)?;
    let part = to_integer(fraction)?.checked_mul(10u64.checked_pow(fraction_power)?)?;
    whole.checked_add(part)
}

/// "Ana and 45 others": true when the text names people besides the number.
fn names_others(before: &str, after: &str, lang: &str) -> bool {
    let language = language_of(lang);
    let has_own = OTHERS_PHRASES
        .iter()
        .any(|(l, _, _)| l.eq_ignore_ascii_case(language));
    let mut phrases = OTHERS_PHRASES
        .iter()
        .filter(|(l, _, _)| !has_own || l.eq_ignore_ascii_case(language));
    let before = before.trim_end_matches(|c: char| c.is_whitespace());
    let after = after.trim_start_matches(|c: char| c.is_whitespace());
    phrases.any(|(_, connectors, others)| {
        let names_before = connectors.iter().any(|connector| {
            strip_suffix_ignoring_case(before, connector).is_some_and(|names| {
                names.ends_with(char::is_whitespace) && names.chars().any(char::is_alphabetic)
            })
        });
        names_before
            && others
                .iter()
                .any(|word| strip_prefix_ignoring_case(after, word).is_some())
    })
}

/// The items of a `|`-separated list of `src/count.tsv`.
fn items(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split('|').filter(|item| !item.is_empty())
}

/// What may stand between a date's number and its words ("Jun 10, 2024", "10. Juni").
fn is_date_gap(c: char) -> bool {
    is_space(c) || matches!(c, '.' | ',' | '،')
}

/// `text` after the date word `word` at its start (and its optional dot), when the word ends
/// there.
fn after_date_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let rest = strip_prefix_ignoring_case(text, word)?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    at_word_end(rest).then_some(rest)
}

/// `text` before the date word `word` at its end, when the word starts there.
fn before_date_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let rest = strip_suffix_ignoring_case(text, word)?;
    rest.chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c))
        .then_some(rest)
}

/// True when the number between `before` and `after` belongs to a date: a month name or a date
/// marker next to it, or across a connector ("Jun 10", "10 June", "3 de junho", "junho de
/// 2024", "5月", "2024 г.").
fn is_date(before: &str, after: &str, dates: &Dates) -> bool {
    let word_after = |text: &str| items(dates.words).any(|w| after_date_word(text, w).is_some());
    let word_before = |text: &str| items(dates.words).any(|w| before_date_word(text, w).is_some());
    let after = after.trim_start_matches(is_date_gap);
    let before = before.trim_end_matches(is_date_gap);
    word_after(after)
        || word_before(before)
        || items(dates.connectors).any(|connector| {
            strip_prefix_ignoring_case(after, connector)
                .is_some_and(|rest| word_after(rest.trim_start_matches(is_space)))
                || before_date_word(before, connector)
                    .is_some_and(|rest| word_before(rest.trim_end_matches(is_date_gap)))
        })
}

/// Characters that tie a number to an address ("…/posts/123", "?id=12", "urn:li:activity:7"):
/// a number touching one is part of a URL or an identifier, not a count.
fn is_address_char(c: char) -> bool {
    matches!(
        c,
        '/' | '\\' | ':' | '#' | '@' | '=' | '&' | '?' | '_' | '~' | '%'
    )
}

/// Bidi controls and zero-width characters taken out of a text before reading it.
fn visible(text: &str) -> Cow<'_, str> {
    match text.contains(is_invisible) {
        true => text.chars().filter(|&c| !is_invisible(c)).collect(),
        false => text.into(),
    }
}

/// The one count in a text, and the text before and after it.
struct Reading<'t> {
    value: u64,
    before: &'t str,
    after: &'t str,
}

/// Reads the one number of `text` in `locale`; `None` for anything that is not clearly one
/// count (see the module's documentation).
fn read<'t>(text: &'t str, locale: &Locale) -> Option<Reading<'t>> {
    let start = text.find(|c| digit(c).is_some())?;
    let numeral = read_numeral(text, start)?;
    let before = &text[..numeral.start];
    let after_numeral = &text[numeral.end..];
    let glued = |c: char| is_word_char(c) || is_address_char(c);
    if before.ends_with(|c: char| glued(c) || matches!(c, '-' | '−' | '+' | '.' | ','))
        || after_numeral.starts_with(is_address_char)
        || is_date(before, after_numeral, &locale.dates)
    {
        return None;
    }
    let (integer, fraction) = interpret(&numeral, locale)?;
    let (value, after) = match scale_word(after_numeral, locale) {
        Some((word, _, _)) if locale.whole_only.contains(&word) && fraction.is_empty() => {
            return None
        }
        Some((_, power, after)) => (scaled(integer, fraction, power)?, after),
        None if fraction.is_empty() && at_word_end(after_numeral) => {
            (to_integer(integer)?, after_numeral)
        }
        None => return None,
    };
    let after = after.strip_prefix('+').unwrap_or(after);
    let is_share = after
        .trim_start_matches(is_space)
        .starts_with(['%', '‰', '٪']);
    if is_share || after.chars().any(char::is_numeric) {
        return None;
    }
    Some(Reading {
        value,
        before,
        after,
    })
}

/// The count a text on the page shows, read in the page's language (`lang` as in the
/// document's `lang` attribute: "pt-BR", "en-US", "de"; empty or unknown reads as English).
///
/// ```
/// use vinculo::count::parse_count;
/// assert_eq!(parse_count("1,234 reactions", "en"), Some(1234));
/// assert_eq!(parse_count("1,2 mil reações", "pt-BR"), Some(1200));
/// assert_eq!(parse_count("1.2 k", "es-MX"), Some(1200));
/// assert_eq!(parse_count("Ana Silva e outras 89 pessoas", "pt-BR"), Some(90));
/// assert_eq!(parse_count("500+ connections", "en"), Some(500));
/// assert_eq!(parse_count("1,2", "pt"), None); // a decimal is not a count
/// assert_eq!(parse_count("3 de junho", "pt"), None); // a date
/// assert_eq!(parse_count("https://www.linkedin.com/posts/123", "en"), None);
/// ```
pub fn parse_count(text: &str, lang: &str) -> Option<u64> {
    let text = visible(text);
    let reading = read(&text, locale_for(lang)?)?;
    match names_others(reading.before, reading.after, lang) {
        true => reading.value.checked_add(1),
        false => Some(reading.value),
    }
}

/// How many people reacted to a post, from its reaction summary, in any interface language:
/// "1,107 reactions" is 1107; "Ana Silva and 52 others reacted", "Ana Silva e outras 89
/// pessoas", "Paolo Greco e 15 altre persone", "Ana ve diğer 45 kişi", "Anaさん、他45人" are
/// the number plus one.
///
/// The rule needs no words of any language: a summary names at most one reactor, before the
/// number of the others, so any letter before the number is that one person ("You and 45
/// others" is 46). Its limits: a summary naming two people before the number ("Ana, Bruno and
/// 50 others") would count one short, and a language writing a word before a plain count
/// ("Reactions: 45") one too many. A text without a digit is `None`: a name alone is one
/// reactor, but "Ana and Bruno" may be two. The number is read as [`parse_count`] reads it in
/// `lang`, so never out of a URL or a date.
///
/// ```
/// use vinculo::count::parse_reactors;
/// assert_eq!(parse_reactors("1,107 reactions", "en"), Some(1107));
/// assert_eq!(parse_reactors("Ana Silva and 52 others reacted", "en"), Some(53));
/// assert_eq!(parse_reactors("Ana ve diğer 45 kişi", "tr"), Some(46));
/// assert_eq!(parse_reactors("Ana and Bruno", "en"), None);
/// ```
pub fn parse_reactors(text: &str, lang: &str) -> Option<u64> {
    let text = visible(text);
    let reading = read(&text, locale_for(lang)?)?;
    match reading.before.chars().any(char::is_alphabetic) {
        true => reading.value.checked_add(1),
        false => Some(reading.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every locale of the native build (all of `src/count.tsv`).
    fn locales() -> Vec<&'static Locale> {
        crate::languages::ensure_compiled_in();
        LOCALES.read().unwrap().clone()
    }

    #[test]
    fn lines_added_later_are_read_and_known_ones_skipped() {
        crate::languages::ensure_compiled_in();
        assert_eq!(
            add_locales(include_str!("count.tsv")),
            0,
            "every line is known"
        );
        assert_eq!(parse_count("1.234", "x-qq"), None, "read as English");
        let added = add_locales("x-qq\t,\t.\t0\tqk=3\t\tqmonth\t\nnot a line\n");
        assert_eq!(added, 1);
        assert_eq!(parse_count("1.234", "x-qq"), Some(1234));
        assert_eq!(parse_count("1,5 qk", "x-QQ"), Some(1500));
        assert_eq!(parse_count("3 qmonth", "x-qq"), None, "a date");
        assert_eq!(
            add_locales("x-qq\t.\t,\t0\t\t\t\t\n"),
            0,
            "its tag is known"
        );
        assert_eq!(parse_count("1.234", "x-qq"), Some(1234));
    }

    fn check(lang: &str, cases: &[(&str, Option<u64>)]) {
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|&(text, want)| {
                let got = parse_count(text, lang);
                (got != want).then(|| format!("{text:?} ({lang}) → {got:?}, want {want:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn english_counts() {
        check(
            "en",
            &[
                ("0", Some(0)),
                ("7", Some(7)),
                ("1,234", Some(1234)),
                ("17,432 followers", Some(17432)),
                ("2,399 Connections", Some(2399)),
                ("1,234,567", Some(1_234_567)),
                ("1.2K", Some(1200)),
                ("12K", Some(12_000)),
                ("1.2M", Some(1_200_000)),
                ("3B", Some(3_000_000_000)),
                ("1.5 thousand", Some(1500)),
                ("2 million views", Some(2_000_000)),
                ("500+", Some(500)),
                ("500+ connections", Some(500)),
                ("12 comments", Some(12)),
                ("4 comments on Ana Silva's post", Some(4)),
                ("821 reactions", Some(821)),
                ("12 Mentions", Some(12)),
                ("1 234", Some(1234)),
                ("1\u{a0}234", Some(1234)),
                ("1\u{202f}234", Some(1234)),
                ("1\u{2009}234", Some(1234)),
                ("1'234", Some(1234)),
                ("\u{200f}1,234\u{200e}", Some(1234)),
                ("1\u{200b},234", Some(1234)),
            ],
        );
    }

    #[test]
    fn portuguese_counts() {
        check(
            "pt-BR",
            &[
                ("1.234", Some(1234)),
                ("1.234 reações", Some(1234)),
                ("1.234.567", Some(1_234_567)),
                ("1,2 mil", Some(1200)),
                ("12 mil", Some(12_000)),
                ("1 mi", Some(1_000_000)),
                ("3,4 mi", Some(3_400_000)),
                ("1 bi", Some(1_000_000_000)),
                ("345 mil seguidores", Some(345_000)),
                ("1,2 mil reações em publicação", Some(1200)),
                ("347 comentários", Some(347)),
                ("85 compartilhamentos", Some(85)),
                ("90 pessoas reagiram a esta publicação", Some(90)),
                ("12 milhões", Some(12_000_000)),
                ("3 minutos", Some(3)),
                ("1,2", None),
                ("1,234", None),
                ("1.2 mil", None),
                ("1,2,3", None),
                ("1.23", None),
            ],
        );
    }

    #[test]
    fn people_named_before_the_number_join_it() {
        check(
            "en",
            &[
                ("Ana and 45 others", Some(46)),
                ("You and 45 others", Some(46)),
                ("Ana Silva and 1 other", Some(2)),
                ("Ana and 45 others reacted", Some(46)),
                ("and 45 others", Some(45)),
                ("45 others", Some(45)),
                ("Ana and Bruno", None),
            ],
        );
        check(
            "pt-BR",
            &[
                ("Ana Silva e outras 89 pessoas", Some(90)),
                ("Maria Silva e outras 89 pessoas", Some(90)),
                ("Esane Barreto e mais 676 pessoas reagiram", Some(677)),
                ("Ana e outras 1,2 mil pessoas", Some(1201)),
            ],
        );
        check("it", &[("Paolo Greco e 15 altre persone", Some(16))]);
        check("es", &[("Ana García y 45 personas más", Some(46))]);
        check("fr", &[("Ana Dupont et 45 autres personnes", Some(46))]);
        check("de", &[("Ana Müller und 45 weitere Personen", Some(46))]);
    }

    #[test]
    fn compact_forms_per_language() {
        let cases: &[(&str, &str, u64)] = &[
            ("es", "1,2 mil", 1200),
            ("es", "3 M", 3_000_000),
            ("es", "12 mil M", 12_000_000_000),
            ("fr", "1,2\u{a0}k", 1200),
            ("fr", "3\u{a0}M", 3_000_000),
            ("fr", "1,2\u{a0}Md", 1_200_000_000),
            ("de", "1,2 Mio.", 1_200_000),
            ("de", "3 Mrd.", 3_000_000_000),
            ("de", "3 Mrd", 3_000_000_000),
            ("de-CH", "1'234", 1234),
            ("de-CH", "1.2 Mio.", 1_200_000),
            ("it", "1,2 Mln", 1_200_000),
            ("it", "3 Mrd", 3_000_000_000),
            ("it", "3 Mld", 3_000_000_000),
            ("nl", "1,2K", 1200),
            ("nl", "3 mln.", 3_000_000),
            ("ru", "1,2 тыс.", 1200),
            ("ru", "3 млн", 3_000_000),
            ("ja", "1.2万", 12_000),
            ("ja", "3億", 300_000_000),
            ("ja", "1235万", 12_350_000),
            ("zh-CN", "3亿", 300_000_000),
            ("zh-CN", "1.2万亿", 1_200_000_000_000),
            ("zh-TW", "3億", 300_000_000),
            ("ko", "1.2천", 1200),
            ("ko", "1.2만", 12_000),
            ("tr", "1,2 B", 1200),
            ("tr", "3 Mn", 3_000_000),
            ("pl", "1,2 tys.", 1200),
            ("pl", "3 mln", 3_000_000),
            ("sv", "1,2 tn", 1200),
            ("sv", "3 mn", 3_000_000),
            ("ar", "١٬٢٣٤", 1234),
            ("ar", "١٫٢ ألف", 1200),
            ("ar-EG", "\u{200f}١٫٢ ألف", 1200),
            ("hi", "1.2 हज़ार", 1200),
            ("hi", "3 लाख", 300_000),
            ("hi", "12,34,567", 1_234_567),
            ("bn", "১২,৩৪,৫৬৭", 1_234_567),
            ("vi", "1,2 NT", 1_200_000_000_000),
            ("vi", "1,2 N", 1200),
            ("pt-PT", "1,2 mM", 1_200_000_000),
            ("pt-PT", "1\u{a0}234", 1234),
            ("nb", "1,2k", 1200),
            ("no", "1,2k", 1200),
            ("tl", "1.2K", 1200),
            ("he", "1.2K\u{200f}", 1200),
        ];
        let failures: Vec<String> = cases
            .iter()
            .filter(|&&(lang, text, want)| parse_count(text, lang) != Some(want))
            .map(|(lang, text, want)| {
                format!(
                    "{text:?} ({lang}) → {:?}, want {want}",
                    parse_count(text, lang)
                )
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn separators_resolve_by_language() {
        assert_eq!(parse_count("1,234", "en"), Some(1234));
        assert_eq!(parse_count("1.234", "en"), None);
        assert_eq!(parse_count("1.234", "de"), Some(1234));
        assert_eq!(parse_count("1.234", "es"), Some(1234));
        assert_eq!(parse_count("1.234", "it"), Some(1234));
        assert_eq!(parse_count("1,234", "de"), None);
        assert_eq!(parse_count("1.234", "fr"), None);
        assert_eq!(parse_count("1\u{202f}234", "fr"), Some(1234));
        assert_eq!(parse_count("1 234", "de"), Some(1234));
        assert_eq!(parse_count("1.234", "en_US"), None);
        assert_eq!(parse_count("1.234", "PT-br"), Some(1234));
        assert_eq!(parse_count("1,234", ""), Some(1234));
        assert_eq!(parse_count("1,234", "xx-unknown"), Some(1234));
        assert_eq!(
            parse_count("12,34,567", "en"),
            None,
            "lakh grouping is Indic only"
        );
        assert_eq!(
            parse_count("1,234 567", "en"),
            None,
            "one grouping sign per number"
        );
        assert_eq!(parse_count("1.234,5 mil", "pt"), Some(1_234_500));
    }

    #[test]
    fn anything_else_is_not_a_count() {
        let huge = "9".repeat(1_000_000);
        let texts: &[&str] = &[
            "",
            "   ",
            "Like",
            "Comment",
            "Gostei",
            "1.2.3",
            "12abc34",
            "12abc",
            "abc12",
            "-5",
            "−5",
            "+5",
            "50%",
            "1.5",
            "18446744073709551616",
            "99999999999999999999 followers",
            "20000000 T",
            "12 comments · 3 reposts",
            "1,2 34",
            ",5",
            ".5",
            "1\u{0662}3",
            "1.2345K",
            "50 %",
            &huge,
        ];
        let parsed: Vec<_> = texts
            .iter()
            .filter_map(|t| {
                parse_count(t, "en").map(|n| (t.chars().take(20).collect::<String>(), n))
            })
            .collect();
        assert!(parsed.is_empty(), "{parsed:?}");
        assert_eq!(parse_count("18446744073709551615", "en"), Some(u64::MAX));
        assert_eq!(
            parse_count("Ana and 18446744073709551615 others", "en"),
            None
        );
    }

    #[test]
    fn invisible_characters_neither_break_nor_make_a_number() {
        for mark in [
            '\u{200b}', '\u{200e}', '\u{200f}', '\u{2066}', '\u{2069}', '\u{feff}', '\u{61c}',
        ] {
            assert_eq!(
                parse_count(&format!("{mark}1{mark},234{mark}"), "en"),
                Some(1234)
            );
            assert_eq!(parse_count(&format!("Like{mark}"), "en"), None);
            assert_eq!(parse_count(&format!("1{mark}.2{mark}.3"), "en"), None);
        }
    }

    #[test]
    fn matches_what_browsers_print_in_every_language() {
        let fixture = include_str!("../tests/fixtures/counts/cldr.tsv");
        let mut checked = 0;
        let failures: Vec<String> = fixture
            .lines()
            .skip(1)
            .filter_map(|line| {
                let [lang, style, _, text, shows] = line.split('\t').collect::<Vec<_>>()[..] else {
                    return Some(format!("bad fixture line {line:?}"));
                };
                checked += 1;
                let want = shows.parse::<u64>().ok();
                let got = parse_count(text, lang);
                (got != want).then(|| format!("{lang} {style} {text:?} → {got:?}, want {want:?}"))
            })
            .collect();
        assert!(checked > 3000, "the fixture lost its rows: {checked}");
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn regions_read_their_own_grouping_and_compact_forms() {
        let cases: &[(&str, &str, Option<u64>)] = &[
            // Spanish: Spain groups with dots, Mexico and Latin America with commas.
            ("es", "1.234", Some(1234)),
            ("es", "1,2 mil", Some(1200)),
            ("es", "1.2 k", None),
            ("es-ES", "1.234", Some(1234)),
            ("es-MX", "1,234", Some(1234)),
            ("es-MX", "1.234", None),
            ("es-MX", "1.2 k", Some(1200)),
            ("es-MX", "1.2k", Some(1200)),
            ("es-MX", "1 k", Some(1000)),
            ("es-MX", "1k", Some(1000)),
            ("es-MX", "12 mil", Some(12_000)),
            ("es-MX", "1,2 mil", None),
            ("es_MX", "1.2 k", Some(1200)),
            ("ES-mx", "1.2 k", Some(1200)),
            ("es-419", "1.2 K", Some(1200)),
            ("es-419", "12 k", Some(12_000)),
            ("es-US", "1.2 K", Some(1200)),
            ("es-AR", "1.234", Some(1234)),
            ("es-AR", "1,2 K", Some(1200)),
            ("es-CR", "1 234", Some(1234)),
            ("es-ZZ", "1.234", Some(1234)),
            // English: the UK's lower-case scales, India's lakh and crore, Europe's separators.
            ("en-GB", "1,234", Some(1234)),
            ("en-GB", "1.2k", Some(1200)),
            ("en-GB", "1.2m", Some(1_200_000)),
            ("en-GB", "5m", None),
            ("en-GB", "3bn", Some(3_000_000_000)),
            ("en-US", "1.2K", Some(1200)),
            ("en-AU", "1,234", Some(1234)),
            ("en-IN", "12,34,567", Some(1_234_567)),
            ("en-IN", "1.2L", Some(120_000)),
            ("en-IN", "3Cr", Some(30_000_000)),
            ("en-IN", "1.2 lakh", Some(120_000)),
            ("en-DE", "1.234", Some(1234)),
            ("en-DE", "1,2K", Some(1200)),
            ("en-SE", "1 234", Some(1234)),
            ("en-CH", "1'234", Some(1234)),
            // German, Italian: Switzerland and Liechtenstein group with apostrophes.
            ("de-CH", "1'234", Some(1234)),
            ("de-CH", "1\u{2019}234", Some(1234)),
            ("de-CH", "1.2 Mio.", Some(1_200_000)),
            ("de-CH", "1.234", None),
            ("de-LI", "1'234", Some(1234)),
            ("de-AT", "1 234", Some(1234)),
            ("it-CH", "1'234", Some(1234)),
            ("it-CH", "1.2 Mln", Some(1_200_000)),
            // Portuguese: Brazil's "mi" and "bi", Portugal's "M" and "mM".
            ("pt", "1 mi", Some(1_000_000)),
            ("pt-BR", "1.234", Some(1234)),
            ("pt-PT", "1 234", Some(1234)),
            ("pt-PT", "1,2 M", Some(1_200_000)),
            ("pt-PT", "1,2 mM", Some(1_200_000_000)),
            ("pt-AO", "1,2 mil milhões", Some(1_200_000_000)),
            // French: Canada's "G" for billions, Luxembourg's dots.
            ("fr-CA", "1,2 G", Some(1_200_000_000)),
            ("fr-CA", "1 234", Some(1234)),
            ("fr-CH", "1 234", Some(1234)),
            ("fr-LU", "1.234", Some(1234)),
            ("fr", "1.234", None),
            // Chinese: Hong Kong's K/M/B, Taiwan's 萬 and 億.
            ("zh-HK", "1.2K", Some(1200)),
            ("zh-Hant-HK", "1.2M", Some(1_200_000)),
            ("zh_hant_hk", "1.2K", Some(1200)),
            ("zh-TW", "1.2萬", Some(12_000)),
            ("zh-Hant-TW", "3億", Some(300_000_000)),
            ("zh-CN", "1.2万", Some(12_000)),
            // Arabic: the Maghreb writes Latin digits grouped with dots.
            ("ar-MA", "1.234", Some(1234)),
            ("ar-MA", "1,2 ألف", Some(1200)),
            ("ar", "1.234", None),
            ("ar-SA", "١٬٢٣٤", Some(1234)),
            ("ms-ID", "1.234", Some(1234)),
            ("pa-PK", "۱٬۲۳۴", Some(1234)),
            ("pa-Arab", "۱٫۲K", Some(1200)),
            ("hi-Latn", "1.2L", Some(120_000)),
            // Languages added with their regions: Marathi, Telugu, Punjabi, Persian.
            ("mr", "१२,३४,५६७", Some(1_234_567)),
            ("mr", "१.२ लाख", Some(120_000)),
            ("te", "1.2వే", Some(1200)),
            ("pa", "1.2 ਲੱਖ", Some(120_000)),
            ("fa", "۱٫۲ هزار", Some(1200)),
            ("nn", "1,2 millionar", Some(1_200_000)),
            // A scale word that is also a unit of time reads only with a fraction.
            ("da", "1,2 t", Some(1200)),
            ("da", "5 t", None),
            ("fi", "1,2 t.", Some(1200)),
            ("fi", "5 t", None),
        ];
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|&(lang, text, want)| {
                let got = parse_count(text, lang);
                (got != want).then(|| format!("{text:?} ({lang}) → {got:?}, want {want:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn numbers_in_addresses_are_not_counts() {
        let texts = [
            "https://www.linkedin.com/posts/123",
            "https://www.linkedin.com/feed/update/urn:li:activity:7123456789/",
            "www.x.com/12",
            "x.com/12/",
            "linkedin.com/in/ana-silva-12",
            "https://x.com/p?id=123",
            "https://x.com/p#12",
            "localhost:8080",
            "ana_12",
            "ana@12",
            "%20",
        ];
        for lang in ["en", "pt-BR", "es-MX", "de-CH"] {
            let parsed: Vec<_> = texts
                .iter()
                .filter_map(|t| parse_count(t, lang).map(|n| (t, n)))
                .collect();
            assert!(parsed.is_empty(), "{lang}: {parsed:?}");
        }
    }

    #[test]
    fn dates_are_not_counts() {
        let cases = [
            ("en", "2024-05-01"),
            ("en", "01/05/2024"),
            ("en", "10:42"),
            ("en", "May 1, 2024"),
            ("en", "Jun 10"),
            ("en", "10 June"),
            ("en", "June 2024"),
            ("en-GB", "10 Jun"),
            ("pt-BR", "1 de maio de 2024"),
            ("pt-BR", "3 de junho"),
            ("pt", "junho de 2024"),
            ("pt", "10 de jun."),
            ("es-MX", "3 de junio"),
            ("de", "10. Juni"),
            ("fr", "10 juin"),
            ("it", "10 giu"),
            ("ru", "10 июня"),
            ("ru", "2024 г."),
            ("he", "10 ביוני"),
            ("ja", "5月"),
            ("ja", "2024年"),
            ("zh-TW", "6月"),
            ("ko", "6월"),
            ("vi", "tháng 6"),
            ("th", "10 มิ.ย."),
            ("th", "พ.ศ. 2567"),
        ];
        let parsed: Vec<_> = cases
            .iter()
            .filter_map(|&(lang, t)| parse_count(t, lang).map(|n| (lang, t, n)))
            .collect();
        assert!(parsed.is_empty(), "{parsed:?}");
        assert_eq!(
            parse_count("12 de tus contactos", "es"),
            Some(12),
            "a connector alone makes no date"
        );
        assert_eq!(parse_count("Ana e mais 676 pessoas", "pt"), Some(677));
    }

    #[test]
    fn every_month_name_makes_a_date_in_its_language() {
        let mut checked = 0;
        let mut failures = Vec::new();
        for locale in locales() {
            let lang = locale.tags[0];
            for word in items(locale.dates.words) {
                for text in [
                    format!("10 {word}"),
                    format!("{word} 10"),
                    format!("{word}. 10"),
                    format!("https://x.com/{word}/10"),
                ] {
                    checked += 1;
                    if let Some(n) = parse_count(&text, lang) {
                        failures.push(format!("{text:?} ({lang}) → {n}"));
                    }
                }
            }
        }
        assert!(checked > 5000, "the tables lost their dates: {checked}");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn reactors_are_counted_in_any_language() {
        let cases: &[(&str, &str, Option<u64>)] = &[
            ("en", "1,107 reactions", Some(1107)),
            ("en", "Ana Silva and 52 others reacted", Some(53)),
            ("en", "You and 45 others", Some(46)),
            ("en", "Ana Silva and 1 other", Some(2)),
            ("pt-BR", "Ana Silva e outras 89 pessoas", Some(90)),
            ("pt-BR", "317 reações", Some(317)),
            ("pt-BR", "Ana e outras 1,2 mil pessoas", Some(1201)),
            ("it", "Paolo Greco e 15 altre persone", Some(16)),
            ("tr", "Ana ve diğer 45 kişi", Some(46)),
            ("ja", "Anaさん、他45人", Some(46)),
            ("nl", "Ana en 45 anderen", Some(46)),
            ("es", "Ana García y 45 personas más", Some(46)),
            ("es-MX", "Ana y 1.2 k personas más", Some(1201)),
            ("fr", "Ana Dupont et 45 autres personnes", Some(46)),
            ("de", "Ana Müller und 45 weitere Personen", Some(46)),
            ("vi", "27 lượt thả cảm xúc", Some(27)),
            ("vi", "Ana và 45 người khác", Some(46)),
            ("ko", "Ana님 외 45명", Some(46)),
            ("zh", "Ana和其他45人", Some(46)),
            ("pl", "Ana i 45 innych osób", Some(46)),
            ("sv", "Ana och 45 andra", Some(46)),
            ("hi", "Ana और 45 अन्य", Some(46)),
            ("en-IN", "Ana and 1.2L others", Some(120_001)),
            ("en", "Ana and Bruno", None),
            ("en", "Ana", None),
            ("en", "", None),
            ("en", "Ana and 45 others on 3 posts", None),
            ("en", "https://x.com/posts/45", None),
            ("en", "Jun 10", None),
            ("en", "Ana and 18446744073709551615 others", None),
        ];
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|&(lang, text, want)| {
                let got = parse_reactors(text, lang);
                (got != want).then(|| format!("{text:?} ({lang}) → {got:?}, want {want:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn tables_are_unambiguous() {
        let mut tags = std::collections::HashSet::new();
        for locale in locales() {
            for tag in &locale.tags {
                assert_eq!(*tag, tag.to_lowercase(), "tags are lower case");
                assert!(tags.insert(tag), "{tag} is listed twice");
            }
            for (i, (word, power)) in locale.scales.iter().enumerate() {
                assert!(!word.is_empty() && !word.starts_with(' '), "{word:?}");
                let twin = locale.scales[i + 1..].iter().find(|(w, _)| w == word);
                assert!(
                    twin.is_none_or(|(_, p)| p == power),
                    "{:?} {word:?}",
                    locale.tags
                );
                // A scale word read as a date would turn "1,2 mil" into no count at all.
                let bare = word.trim_end_matches('.');
                assert!(
                    !items(locale.dates.words).any(|w| w.eq_ignore_ascii_case(bare)),
                    "{:?} {word:?} is also a date word",
                    locale.tags
                );
            }
            for word in &locale.whole_only {
                assert!(locale.scales.iter().any(|(w, _)| w == word), "{word:?}");
            }
        }
        assert!(tags.contains(&"en"), "English is listed");
    }
}
