//! Property tests for `parse_count` and `parse_reactors`: whatever number a page prints, in any
//! supported language or regional variant, reads back as itself however it is spaced or wrapped;
//! nothing else panics or turns into a number.

use std::sync::LazyLock;

use proptest::prelude::*;
use vinculo::count::{parse_count, parse_reactors};

const SPACES: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\u{2009}'];
const INVISIBLE: [char; 7] = [
    '\u{200b}', '\u{200e}', '\u{200f}', '\u{2066}', '\u{2069}', '\u{feff}', '\u{61c}',
];

/// The grouping separator of `lang` (`None`: a space) and whether it groups by lakh and crore.
fn grouping(lang: &str) -> (Option<char>, bool) {
    match lang {
        "en" | "es-MX" | "es-419" | "zh-HK" => (Some(','), false),
        "hi" | "en-IN" | "te" => (Some(','), true),
        "pt-BR" | "de" | "es" | "it" | "es-AR" | "en-DE" | "ar-MA" | "fr-LU" => (Some('.'), false),
        "de-CH" | "de-LI" | "it-CH" | "en-CH" => (Some('\''), false),
        _ => (None, false), // fr, ru, sv, pl, pt-PT, fr-CA, de-AT, es-CR, en-ZA
    }
}

/// `n` grouped the way `lang` prints it (thousands, or lakh/crore).
fn grouped(n: u64, lang: &str, space: char) -> String {
    let (separator, lakh) = grouping(lang);
    let digits = n.to_string();
    let mut groups: Vec<&str> = Vec::new();
    let mut end = digits.len();
    let mut size = 3;
    while end > size {
        groups.push(&digits[end - size..end]);
        end -= size;
        if lakh {
            size = 2;
        }
    }
    groups.push(&digits[..end]);
    groups.reverse();
    groups.join(&separator.unwrap_or(space).to_string())
}

/// `n` in compact notation as CLDR writes it: at most two significant digits below ten of the
/// scale word, a whole number above. Returns the text and the value it shows.
fn compact(n: u64, lang: &str) -> (String, u64) {
    let (scales, decimal, space): (&[(&str, u32)], char, &str) = match lang {
        "en" | "zh-HK" => (&[("K", 3), ("M", 6), ("B", 9), ("T", 12)], '.', ""),
        "pt-BR" => (
            &[("mil", 3), ("mi", 6), ("bi", 9), ("tri", 12)],
            ',',
            "\u{a0}",
        ),
        "pt-PT" => (
            &[("mil", 3), ("M", 6), ("mM", 9), ("Bi", 12)],
            ',',
            "\u{a0}",
        ),
        "es-MX" => (
            &[("k", 3), ("M", 6), ("mil M", 9), ("B", 12)],
            '.',
            "\u{a0}",
        ),
        "en-IN" => (
            &[("K", 3), ("L", 5), ("Cr", 7), ("KCr", 10), ("LCr", 12)],
            '.',
            "",
        ),
        "de" => (&[("Mio.", 6), ("Mrd.", 9), ("Bio.", 12)], ',', "\u{a0}"),
        "fr" => (&[("k", 3), ("M", 6), ("Md", 9), ("Bn", 12)], ',', "\u{a0}"),
        "fr-CA" => (&[("k", 3), ("M", 6), ("G", 9), ("T", 12)], ',', "\u{a0}"),
        "ja" => (&[("万", 4), ("億", 8), ("兆", 12)], '.', ""),
        "zh-TW" => (&[("萬", 4), ("億", 8), ("兆", 12)], '.', ""),
        _ => unreachable!("no compact formatter for {lang}"),
    };
    let Some(&(word, power)) = scales.iter().rev().find(|(_, p)| n >= 10u64.pow(*p)) else {
        return (n.to_string(), n);
    };
    let unit = 10u64.pow(power);
    if n / unit >= 10 {
        let whole = (n + unit / 2) / unit;
        return (format!("{whole}{space}{word}"), whole * unit);
    }
    let tenths = (n + unit / 20) / (unit / 10);
    let shown = tenths * (unit / 10);
    let text = match tenths % 10 {
        0 => format!("{}{space}{word}", tenths / 10),
        d => format!("{}{decimal}{d}{space}{word}", tenths / 10),
    };
    (text, shown)
}

fn grouping_lang() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "en", "pt-BR", "de", "es", "it", "fr", "ru", "sv", "pl", "de-CH", "hi", "es-MX", "es-419",
        "es-AR", "es-CR", "en-IN", "en-DE", "en-ZA", "en-CH", "de-AT", "de-LI", "it-CH", "pt-PT",
        "fr-CA", "fr-LU", "ar-MA", "zh-HK", "te",
    ])
}

fn compact_lang() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "en", "pt-BR", "pt-PT", "es-MX", "en-IN", "de", "fr", "fr-CA", "ja", "zh-TW", "zh-HK",
    ])
}

fn with_invisibles(text: &str, seed: u64) -> String {
    text.chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let mark = INVISIBLE[(seed as usize + i) % INVISIBLE.len()];
            if (seed >> (i % 64)) & 1 == 1 {
                vec![mark, c]
            } else {
                vec![c]
            }
        })
        .collect()
}

/// A row of the CLDR fixture: what `lang` prints, and the count it shows (`None`: none).
#[derive(Debug)]
struct Row {
    lang: String,
    text: String,
    shows: Option<u64>,
}

static ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| {
    include_str!("fixtures/counts/cldr.tsv")
        .lines()
        .skip(1)
        .map(|line| {
            let [lang, _, _, text, shows] = line.split('\t').collect::<Vec<_>>()[..] else {
                panic!("bad fixture line {line:?}");
            };
            Row {
                lang: lang.into(),
                text: text.into(),
                shows: shows.parse().ok(),
            }
        })
        .collect()
});

fn fixture_row() -> impl Strategy<Value = &'static Row> {
    (0..ROWS.len()).prop_map(|i| &ROWS[i])
}

/// `text` with every space between a number and the word after it taken out ("1.2 k" → "1.2k").
fn unspaced(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| {
            let between = i > 0
                && chars[i - 1].is_numeric()
                && chars.get(i + 1).is_some_and(|next| !next.is_numeric());
            !(SPACES.contains(c) && between)
        })
        .map(|(_, c)| c)
        .collect()
}

/// `text` with `space` between a number and a letter right after it ("1.2K" → "1.2 K").
fn spaced(text: &str, space: char) -> String {
    let mut out = String::new();
    let mut previous = None;
    for c in text.chars() {
        if previous.is_some_and(char::is_numeric) && c.is_alphabetic() {
            out.push(space);
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn grouped_numbers_read_back(
        n: u64,
        lang in grouping_lang(),
        space in prop::sample::select(SPACES.to_vec()),
    ) {
        let text = grouped(n, lang, space);
        prop_assert_eq!(parse_count(&text, lang), Some(n), "{:?}", text);
        prop_assert_eq!(parse_count(&n.to_string(), lang), Some(n));
    }

    #[test]
    fn counts_read_back_among_words(n in 0u64..10_000_000_000, lang in grouping_lang()) {
        let number = grouped(n, lang, '\u{a0}');
        prop_assert_eq!(parse_count(&format!("{number} reactions"), lang), Some(n));
        prop_assert_eq!(parse_count(&format!("{number}+"), lang), Some(n));
        prop_assert_eq!(parse_count(&format!("{number} · {number}"), lang), None);
    }

    #[test]
    fn people_named_join_the_count(n in 0u64..1_000_000, lang in grouping_lang()) {
        let en = grouped(n, "en", ' ');
        let pt = grouped(n, "pt-BR", ' ');
        prop_assert_eq!(parse_count(&format!("Ana and {en} others"), "en"), Some(n + 1));
        let phrase = format!("Ana Silva e outras {pt} pessoas");
        prop_assert_eq!(parse_count(&phrase, "pt-BR"), Some(n + 1));
        let number = grouped(n, lang, ' ');
        prop_assert_eq!(parse_reactors(&format!("{number} reactions"), lang), Some(n));
        prop_assert_eq!(parse_reactors(&format!("Ana · {number}"), lang), Some(n + 1));
    }

    #[test]
    fn compact_numbers_read_back_within_rounding(
        n in 0u64..1_000_000_000_000_000,
        lang in compact_lang(),
    ) {
        let (text, shown) = compact(n, lang);
        let parsed = parse_count(&text, lang);
        prop_assert_eq!(parsed, Some(shown), "{:?}", text);
        let error = parsed.unwrap_or(0).abs_diff(n) as f64;
        prop_assert!(error <= n as f64 * 0.05, "{:?} is {} off {}", text, error, n);
    }

    #[test]
    fn what_browsers_print_reads_the_same_however_spaced_or_wrapped(
        row in fixture_row(),
        space in prop::sample::select(SPACES.to_vec()),
        seed: u64,
    ) {
        let Row { lang, text, shows } = row;
        for variant in [
            text.clone(),
            unspaced(text),
            spaced(text, space),
            with_invisibles(text, seed),
            format!("{text} reactions"),
        ] {
            prop_assert_eq!(parse_count(&variant, lang), *shows, "{} {:?}", lang, variant);
        }
        let named_before = text.chars().take_while(|c| !c.is_numeric()).any(char::is_alphabetic);
        if !named_before {
            prop_assert_eq!(parse_reactors(text, lang), *shows, "{} {:?}", lang, text);
            let summary = format!("Ana · {text}");
            let reactors = shows.and_then(|n| n.checked_add(1));
            prop_assert_eq!(parse_reactors(&summary, lang), reactors, "{} {:?}", lang, summary);
        }
    }

    #[test]
    fn invisible_characters_change_nothing(
        text in "\\PC{0,24}",
        n: u64,
        seed: u64,
        lang in grouping_lang(),
    ) {
        prop_assert_eq!(parse_count(&with_invisibles(&text, seed), lang), parse_count(&text, lang));
        let number = grouped(n, lang, ' ');
        prop_assert_eq!(parse_count(&with_invisibles(&number, seed), lang), Some(n));
    }

    #[test]
    fn never_panics(text in "\\PC{0,64}", lang in "\\PC{0,8}") {
        let _ = parse_count(&text, &lang);
        let _ = parse_count(&text, "pt-BR");
        let _ = parse_count(&text, "ar-EG");
        let _ = parse_reactors(&text, &lang);
    }

    #[test]
    fn never_panics_on_number_like_noise(
        text in "[0-9٠-٩.,'  +\\-−%KkMm万a-z/:]{0,40}",
        lang in grouping_lang(),
    ) {
        let _ = parse_count(&text, lang);
        let _ = parse_reactors(&text, lang);
    }

    #[test]
    fn a_sign_or_a_second_number_is_never_a_count(n: u64, m: u64, lang in grouping_lang()) {
        prop_assert_eq!(parse_count(&format!("-{n}"), lang), None);
        prop_assert_eq!(parse_count(&format!("{n} comments, {m} reposts"), lang), None);
        prop_assert_eq!(parse_reactors(&format!("Ana and {n} others, {m} comments"), lang), None);
    }

    #[test]
    fn a_number_in_an_address_is_never_a_count(
        n: u64,
        path in "[a-z]{1,8}",
        lang in grouping_lang(),
    ) {
        for text in [
            format!("https://www.linkedin.com/{path}/{n}"),
            format!("www.{path}.com/{n}"),
            format!("{path}.com/{path}?id={n}"),
            format!("urn:li:activity:{n}"),
        ] {
            prop_assert_eq!(parse_count(&text, lang), None, "{:?}", text);
            prop_assert_eq!(parse_reactors(&text, lang), None, "{:?}", text);
        }
    }
}

/// More digits than any count has is not a count, wherever it sits. How long that takes is not
/// asserted: a time limit fails on a slow machine (1.2 s in a CI run), and the parser's cost is
/// bounded by its reading, which gives up at the forty-first digit.
#[test]
fn a_million_digits_is_not_a_count() {
    let digits = "9".repeat(1_000_000);
    assert_eq!(parse_count(&digits, "en"), None);
    assert_eq!(parse_count(&format!("Like {digits}"), "pt-BR"), None);
    assert_eq!(parse_reactors(&format!("Ana {digits}"), "pt-BR"), None);
}

#[test]
fn the_fixture_covers_every_region_and_date() {
    let tags: std::collections::HashSet<&str> = ROWS.iter().map(|r| r.lang.as_str()).collect();
    for tag in [
        "es-MX", "es-419", "en-IN", "de-CH", "pt-PT", "fr-CA", "zh-HK", "zh-TW", "mr",
    ] {
        assert!(tags.contains(tag), "{tag} lost its rows");
    }
    assert!(
        tags.len() > 300,
        "the fixture lost its regions: {}",
        tags.len()
    );
    let dates = ROWS.iter().filter(|r| r.shows.is_none()).count();
    assert!(dates > 1500, "the fixture lost its dates: {dates}");
}
