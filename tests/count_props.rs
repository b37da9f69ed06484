//! Property tests for `parse_count`: whatever number a page prints, in any supported way, reads
//! back as itself; nothing else panics or turns into a number.

use proptest::prelude::*;
use vinculo::count::parse_count;

const SPACES: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\u{2009}'];
const INVISIBLE: [char; 7] = [
    '\u{200b}', '\u{200e}', '\u{200f}', '\u{2066}', '\u{2069}', '\u{feff}', '\u{61c}',
];

/// `n` grouped the way `lang` prints it (thousands, or lakh/crore for Hindi).
fn grouped(n: u64, lang: &str, space: char) -> String {
    let separator = match lang {
        "en" | "hi" => ',',
        "pt-BR" | "de" | "es" | "it" => '.',
        "de-CH" => '\'',
        _ => space, // fr, ru, sv, pl
    };
    let digits = n.to_string();
    let mut groups: Vec<&str> = Vec::new();
    let mut end = digits.len();
    let mut size = 3;
    while end > size {
        groups.push(&digits[end - size..end]);
        end -= size;
        if lang == "hi" {
            size = 2;
        }
    }
    groups.push(&digits[..end]);
    groups.reverse();
    groups.join(&separator.to_string())
}

/// `n` in compact notation as CLDR writes it: at most two significant digits below ten of the
/// scale word, a whole number above. Returns the text and the value it shows.
fn compact(n: u64, lang: &str) -> (String, u64) {
    let (scales, decimal, space): (&[(&str, u32)], char, &str) = match lang {
        "en" => (&[("K", 3), ("M", 6), ("B", 9), ("T", 12)], '.', ""),
        "pt-BR" => (
            &[("mil", 3), ("mi", 6), ("bi", 9), ("tri", 12)],
            ',',
            "\u{a0}",
        ),
        "de" => (&[("Mio.", 6), ("Mrd.", 9), ("Bio.", 12)], ',', "\u{a0}"),
        "fr" => (&[("k", 3), ("M", 6), ("Md", 9), ("Bn", 12)], ',', "\u{a0}"),
        "ja" => (&[("万", 4), ("億", 8), ("兆", 12)], '.', ""),
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
        "en", "pt-BR", "de", "es", "it", "fr", "ru", "sv", "pl", "de-CH", "hi",
    ])
}

fn compact_lang() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["en", "pt-BR", "de", "fr", "ja"])
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
    fn people_named_join_the_count(n in 0u64..1_000_000) {
        let en = grouped(n, "en", ' ');
        let pt = grouped(n, "pt-BR", ' ');
        prop_assert_eq!(parse_count(&format!("Ana and {en} others"), "en"), Some(n + 1));
        let phrase = format!("Ana Silva e outras {pt} pessoas");
        prop_assert_eq!(parse_count(&phrase, "pt-BR"), Some(n + 1));
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
    }

    #[test]
    fn never_panics_on_number_like_noise(
        text in "[0-9٠-٩.,'  +\\-−%KkMm万a-z]{0,40}",
        lang in grouping_lang(),
    ) {
        let _ = parse_count(&text, lang);
    }

    #[test]
    fn a_sign_or_a_second_number_is_never_a_count(n: u64, m: u64, lang in grouping_lang()) {
        prop_assert_eq!(parse_count(&format!("-{n}"), lang), None);
        prop_assert_eq!(parse_count(&format!("{n} comments, {m} reposts"), lang), None);
    }
}

#[test]
fn a_million_digits_is_rejected_fast() {
    let digits = "9".repeat(1_000_000);
    let started = std::time::Instant::now();
    assert_eq!(parse_count(&digits, "en"), None);
    assert_eq!(parse_count(&format!("Like {digits}"), "pt-BR"), None);
    assert!(
        started.elapsed().as_millis() < 500,
        "{:?}",
        started.elapsed()
    );
}
