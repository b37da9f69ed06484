//! Counts as the site prints them ("1,234", "1,2 mil reações", "Ana and 45 others"), in every
//! interface language it offers, parsed to the number they mean.
//!
//! Anything that is not clearly one count is `None`: two numbers, a decimal without a scale
//! word, a grouping the language would not print, a sign, a percentage, names without a number
//! ("Ana and Bruno" may be two people or a title). A wrong number on a badge is worse than no
//! badge.
//!
//! The separators and scale words (short and long compact forms) are CLDR's, as browsers print
//! them with `Intl.NumberFormat(lang, {notation: "compact"})`.
//! `tests/fixtures/counts/gen-cldr.mjs --rust` lists them per locale (the tables below merge a
//! few locales, see `LOCALES`); without `--rust` it writes the fixture that checks them.

use std::borrow::Cow;

/// How one interface language writes numbers.
struct Locale {
    /// Lower-case language tags served: a whole tag ("pt-pt") or a language ("pt").
    tags: &'static [&'static str],
    decimal: char,
    /// The grouping separator; any space is written `' '` (all spaces group, see [`Separator`]).
    group: char,
    /// Lakh/crore grouping ("12,34,567") besides the thousands one.
    indian_grouping: bool,
    /// Scale words of the compact forms, short and long, with the power of ten they stand for.
    scales: &'static [(&'static str, u32)],
}

/// The CLDR data (Node 20's ICU), merged where one language has several scripts (sr) or
/// regions printing the same words (zh-CN/zh-TW, ar/ar-EG).
const LOCALES: &[Locale] = &[
    Locale {
        tags: &["ar"],
        decimal: '.',
        group: ',',
        indian_grouping: false,
        scales: &[
            ("ألف", 3),
            ("آلاف", 3),
            ("مليون", 6),
            ("مليار", 9),
            ("ترليون", 12),
            ("ملايين", 6),
        ],
    },
    Locale {
        tags: &["bn"],
        decimal: '.',
        group: ',',
        indian_grouping: true,
        scales: &[
            ("হা", 3),
            ("লা", 5),
            ("কো", 7),
            ("শত কো", 10),
            ("লা.কো.", 12),
            ("হাজার", 3),
            ("লাখ", 5),
            ("কোটি", 7),
            ("লাখ কোটি", 12),
        ],
    },
    Locale {
        tags: &["ca"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("k", 3),
            ("M", 6),
            ("kM", 9),
            ("B", 12),
            ("miler", 3),
            ("milers", 3),
            ("milions", 6),
            ("milió", 6),
            ("milers de milions", 9),
            ("miler de milions", 9),
            ("bilions", 12),
            ("bilió", 12),
        ],
    },
    Locale {
        tags: &["cs"],
        decimal: ',',
        group: ' ',
        indian_grouping: false,
        scales: &[
            ("tis.", 3),
            ("mil.", 6),
            ("mld.", 9),
            ("bil.", 12),
            ("tisíc", 3),
            ("tisíce", 3),
            ("milionu", 6),
            ("milionů", 6),
            ("milion", 6),
            ("miliony", 6),
            ("miliardy", 9),
            ("miliard", 9),
            ("miliarda", 9),
            ("bilionu", 12),
            ("bilionů", 12),
            ("bilion", 12),
            ("biliony", 12),
        ],
    },
    Locale {
        tags: &["da"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("t", 3),
            ("mio.", 6),
            ("mia.", 9),
            ("bio.", 12),
            ("tusind", 3),
            ("million", 6),
            ("millioner", 6),
            ("milliard", 9),
            ("milliarder", 9),
            ("billion", 12),
            ("billioner", 12),
        ],
    },
    Locale {
        tags: &["de"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("Mio.", 6),
            ("Mrd.", 9),
            ("Bio.", 12),
            ("Tausend", 3),
            ("Millionen", 6),
            ("Million", 6),
            ("Milliarden", 9),
            ("Milliarde", 9),
            ("Billionen", 12),
            ("Billion", 12),
        ],
    },
    Locale {
        tags: &["de-ch", "de-li"],
        decimal: '.',
        group: '\'',
        indian_grouping: false,
        scales: &[
            ("Mio.", 6),
            ("Mrd.", 9),
            ("Bio.", 12),
            ("Tausend", 3),
            ("Millionen", 6),
            ("Million", 6),
            ("Milliarden", 9),
            ("Milliarde", 9),
            ("Billionen", 12),
            ("Billion", 12),
        ],
    },
    Locale {
        tags: &["el"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("χιλ.", 3),
            ("εκ.", 6),
            ("δισ.", 9),
            ("τρισ.", 12),
            ("χιλιάδα", 3),
            ("χιλιάδες", 3),
            ("εκατομμύρια", 6),
            ("εκατομμύριο", 6),
            ("δισεκατομμύρια", 9),
            ("δισεκατομμύριο", 9),
            ("τρισεκατομμύρια", 12),
            ("τρισεκατομμύριο", 12),
        ],
    },
    ENGLISH,
    Locale {
        tags: &["es"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("mil", 3),
            ("M", 6),
            ("mil M", 9),
            ("B", 12),
            ("millones", 6),
            ("millón", 6),
            ("mil millones", 9),
            ("billones", 12),
            ("billón", 12),
        ],
    },
    Locale {
        tags: &["fi"],
        decimal: ',',
        group: ' ',
        indian_grouping: false,
        scales: &[
            ("t.", 3),
            ("milj.", 6),
            ("mrd.", 9),
            ("bilj.", 12),
            ("tuhat", 3),
            ("tuhatta", 3),
            ("miljoonaa", 6),
            ("miljoona", 6),
            ("miljardia", 9),
            ("miljardi", 9),
            ("biljoonaa", 12),
            ("biljoona", 12),
        ],
    },
    Locale {
        tags: &["fr"],
        decimal: ',',
        group: ' ',
        indian_grouping: false,
        scales: &[
            ("k", 3),
            ("M", 6),
            ("Md", 9),
            ("Bn", 12),
            ("mille", 3),
            ("millier", 3),
            ("million", 6),
            ("millions", 6),
            ("milliard", 9),
            ("milliards", 9),
            ("billion", 12),
            ("billions", 12),
        ],
    },
    Locale {
        tags: &["he", "iw"],
        decimal: '.',
        group: ',',
        indian_grouping: false,
        scales: &[
            ("K", 3),
            ("M", 6),
            ("B", 9),
            ("T", 12),
            ("אלף", 3),
            ("מיליון", 6),
            ("מיליארד", 9),
            ("טריליון", 12),
        ],
    },
    Locale {
        tags: &["hi"],
        decimal: '.',
        group: ',',
        indian_grouping: true,
        scales: &[
            ("हज़ार", 3),
            ("लाख", 5),
            ("क॰", 7),
            ("अ॰", 9),
            ("ख॰", 11),
            ("नील", 13),
            ("करोड़", 7),
            ("अरब", 9),
            ("खरब", 11),
        ],
    },
    Locale {
        tags: &["hr"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("tis.", 3),
            ("mil.", 6),
            ("mlr.", 9),
            ("bil.", 12),
            ("tisuća", 3),
            ("tisuće", 3),
            ("milijuna", 6),
            ("milijun", 6),
            ("milijarde", 9),
            ("milijarda", 9),
            ("milijardi", 9),
            ("bilijuna", 12),
            ("bilijun", 12),
        ],
    },
    Locale {
        tags: &["hu"],
        decimal: ',',
        group: ' ',
        indian_grouping: false,
        scales: &[
            ("E", 3),
            ("M", 6),
            ("Mrd", 9),
            ("B", 12),
            ("ezer", 3),
            ("millió", 6),
            ("milliárd", 9),
            ("billió", 12),
        ],
    },
    Locale {
        tags: &["id", "in"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("rb", 3),
            ("jt", 6),
            ("M", 9),
            ("T", 12),
            ("ribu", 3),
            ("juta", 6),
            ("miliar", 9),
            ("triliun", 12),
        ],
    },
    Locale {
        tags: &["it"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("K", 3),
            ("Mln", 6),
            ("Mld", 9),
            ("Bln", 12),
            ("mila", 3),
            ("milioni", 6),
            ("milione", 6),
            ("miliardi", 9),
            ("miliardo", 9),
            ("mila miliardi", 12),
            ("mille miliardi", 12),
            // Not CLDR's: the German abbreviation, seen on Italian pages.
            ("Mrd", 9),
        ],
    },
    Locale {
        tags: &["ja"],
        decimal: '.',
        group: ',',
        indian_grouping: false,
        scales: &[("万", 4), ("億", 8), ("兆", 12), ("京", 16)],
    },
    Locale {
        tags: &["ko"],
        decimal: '.',
        group: ',',
        indian_grouping: false,
        scales: &[("천", 3), ("만", 4), ("억", 8), ("조", 12)],
    },
    Locale {
        tags: &["ms"],
        decimal: '.',
        group: ',',
        indian_grouping: false,
        scales: &[
            ("K", 3),
            ("J", 6),
            ("B", 9),
            ("T", 12),
            ("ribu", 3),
            ("juta", 6),
            ("bilion", 9),
            ("trilion", 12),
        ],
    },
    Locale {
        tags: &["nb", "no", "nn"],
        decimal: ',',
        group: ' ',
        indian_grouping: false,
        scales: &[
            ("k", 3),
            ("mill.", 6),
            ("mrd.", 9),
            ("bill.", 12),
            ("tusen", 3),
            ("millioner", 6),
            ("million", 6),
            ("milliarder", 9),
            ("milliard", 9),
            ("billioner", 12),
            ("billion", 12),
        ],
    },
    Locale {
        tags: &["nl"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("K", 3),
            ("mln.", 6),
            ("mld.", 9),
            ("bln.", 12),
            ("duizend", 3),
            ("miljoen", 6),
            ("miljard", 9),
            ("biljoen", 12),
        ],
    },
    Locale {
        tags: &["pl"],
        decimal: ',',
        group: ' ',
        indian_grouping: false,
        scales: &[
            ("tys.", 3),
            ("mln", 6),
            ("mld", 9),
            ("bln", 12),
            ("tysiąc", 3),
            ("tysiące", 3),
            ("tysięcy", 3),
            ("tysiąca", 3),
            ("miliona", 6),
            ("milionów", 6),
            ("milion", 6),
            ("miliony", 6),
            ("miliarda", 9),
            ("miliardów", 9),
            ("miliard", 9),
            ("miliardy", 9),
            ("biliona", 12),
            ("bilionów", 12),
            ("bilion", 12),
            ("biliony", 12),
        ],
    },
    Locale {
        tags: &["pt"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("mil", 3),
            ("mi", 6),
            ("bi", 9),
            ("tri", 12),
            ("milhão", 6),
            ("milhões", 6),
            ("bilhão", 9),
            ("bilhões", 9),
            ("trilhão", 12),
            ("trilhões", 12),
        ],
    },
    Locale {
        tags: &["pt-pt"],
        decimal: ',',
        group: ' ',
        indian_grouping: false,
        scales: &[
            ("mil", 3),
            ("M", 6),
            ("mM", 9),
            ("Bi", 12),
            ("milhões", 6),
            ("milhão", 6),
            ("mil milhões", 9),
            ("biliões", 12),
            ("bilião", 12),
        ],
    },
    Locale {
        tags: &["ro"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("K", 3),
            ("mil.", 6),
            ("mld.", 9),
            ("tril.", 12),
            ("mie", 3),
            ("mii", 3),
            ("de mii", 3),
            ("milioane", 6),
            ("milion", 6),
            ("de milioane", 6),
            ("miliarde", 9),
            ("miliard", 9),
            ("de miliarde", 9),
            ("trilioane", 12),
            ("trilion", 12),
            ("de trilioane", 12),
        ],
    },
    Locale {
        tags: &["ru"],
        decimal: ',',
        group: ' ',
        indian_grouping: false,
        scales: &[
            ("тыс.", 3),
            ("млн", 6),
            ("млрд", 9),
            ("трлн", 12),
            ("тысяча", 3),
            ("тысячи", 3),
            ("тысяч", 3),
            ("миллиона", 6),
            ("миллионов", 6),
            ("миллион", 6),
            ("миллиарда", 9),
            ("миллиардов", 9),
            ("миллиард", 9),
            ("триллиона", 12),
            ("триллионов", 12),
            ("триллион", 12),
        ],
    },
    Locale {
        tags: &["sk"],
        decimal: ',',
        group: ' ',
        indian_grouping: false,
        scales: &[
            ("tis.", 3),
            ("mil.", 6),
            ("mld.", 9),
            ("bil.", 12),
            ("tisíc", 3),
            ("tisíce", 3),
            ("tisíca", 3),
            ("milióna", 6),
            ("miliónov", 6),
            ("milión", 6),
            ("milióny", 6),
            ("miliardy", 9),
            ("miliárd", 9),
            ("miliarda", 9),
            ("bilióna", 12),
            ("biliónov", 12),
            ("bilión", 12),
            ("bilióny", 12),
        ],
    },
    Locale {
        tags: &["sr"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("хиљ.", 3),
            ("мил.", 6),
            ("млрд.", 9),
            ("бил.", 12),
            ("хиљада", 3),
            ("хиљаде", 3),
            ("милиона", 6),
            ("милион", 6),
            ("милијарде", 9),
            ("милијарда", 9),
            ("милијарди", 9),
            ("билиона", 12),
            ("билион", 12),
            ("hilj.", 3),
            ("mil.", 6),
            ("mlrd.", 9),
            ("bil.", 12),
            ("hiljada", 3),
            ("hiljade", 3),
            ("miliona", 6),
            ("milion", 6),
            ("milijarde", 9),
            ("milijarda", 9),
            ("milijardi", 9),
            ("biliona", 12),
            ("bilion", 12),
        ],
    },
    Locale {
        tags: &["sv"],
        decimal: ',',
        group: ' ',
        indian_grouping: false,
        scales: &[
            ("tn", 3),
            ("mn", 6),
            ("md", 9),
            ("bn", 12),
            ("tusen", 3),
            ("miljoner", 6),
            ("miljon", 6),
            ("miljarder", 9),
            ("miljard", 9),
            ("biljoner", 12),
            ("biljon", 12),
        ],
    },
    Locale {
        tags: &["th"],
        decimal: '.',
        group: ',',
        indian_grouping: false,
        scales: &[
            ("K", 3),
            ("M", 6),
            ("B", 9),
            ("T", 12),
            ("พัน", 3),
            ("หมื่น", 4),
            ("แสน", 5),
            ("ล้าน", 6),
            ("พันล้าน", 9),
            ("หมื่นล้าน", 10),
            ("แสนล้าน", 11),
            ("ล้านล้าน", 12),
        ],
    },
    Locale {
        tags: &["fil", "tl"],
        decimal: '.',
        group: ',',
        indian_grouping: false,
        scales: &[
            ("K", 3),
            ("M", 6),
            ("B", 9),
            ("T", 12),
            ("libo", 3),
            ("na libo", 3),
            ("milyon", 6),
            ("na milyon", 6),
            ("bilyon", 9),
            ("na bilyon", 9),
            ("trilyon", 12),
            ("na trilyon", 12),
        ],
    },
    Locale {
        tags: &["tr"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("B", 3),
            ("Mn", 6),
            ("Mr", 9),
            ("Tn", 12),
            ("bin", 3),
            ("milyon", 6),
            ("milyar", 9),
            ("trilyon", 12),
        ],
    },
    Locale {
        tags: &["uk"],
        decimal: ',',
        group: ' ',
        indian_grouping: false,
        scales: &[
            ("тис.", 3),
            ("млн", 6),
            ("млрд", 9),
            ("трлн", 12),
            ("тисяча", 3),
            ("тисячі", 3),
            ("тисяч", 3),
            ("мільйона", 6),
            ("мільйонів", 6),
            ("мільйон", 6),
            ("мільйони", 6),
            ("мільярда", 9),
            ("мільярдів", 9),
            ("мільярд", 9),
            ("мільярди", 9),
            ("трильйона", 12),
            ("трильйонів", 12),
            ("трильйон", 12),
            ("трильйони", 12),
        ],
    },
    Locale {
        tags: &["vi"],
        decimal: ',',
        group: '.',
        indian_grouping: false,
        scales: &[
            ("N", 3),
            ("Tr", 6),
            ("T", 9),
            ("NT", 12),
            ("nghìn", 3),
            ("triệu", 6),
            ("tỷ", 9),
            ("nghìn tỷ", 12),
        ],
    },
    Locale {
        tags: &["zh"],
        decimal: '.',
        group: ',',
        indian_grouping: false,
        scales: &[
            ("万", 4),
            ("亿", 8),
            ("万亿", 12),
            ("萬", 4),
            ("億", 8),
            ("兆", 12),
        ],
    },
];

/// Pages in an unknown language, or with no `lang`, are read as English.
const ENGLISH: Locale = Locale {
    tags: &["en"],
    decimal: '.',
    group: ',',
    indian_grouping: false,
    scales: &[
        ("K", 3),
        ("M", 6),
        ("B", 9),
        ("T", 12),
        ("thousand", 3),
        ("million", 6),
        ("billion", 9),
        ("trillion", 12),
    ],
};

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

fn locale_for(lang: &str) -> &'static Locale {
    let tag = lang.trim();
    let is_tag = |known: &&str| {
        known.len() == tag.len()
            && known
                .bytes()
                .zip(tag.bytes())
                .all(|(k, t)| k == t.to_ascii_lowercase() || (k == b'-' && t == b'_'))
    };
    let is_language = |known: &&str| known.eq_ignore_ascii_case(language_of(lang));
    LOCALES
        .iter()
        .find(|locale| locale.tags.iter().any(is_tag))
        .or_else(|| {
            LOCALES
                .iter()
                .find(|locale| locale.tags.iter().any(is_language))
        })
        .unwrap_or(&ENGLISH)
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

/// Case-insensitive `strip_prefix`.
fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let mut rest = text.char_indices();
    for expected in prefix.chars() {
        let (_, c) = rest.next()?;
        if !c.to_lowercase().eq(expected.to_lowercase()) {
            return None;
        }
    }
    Some(rest.next().map_or("", |(i, _)| &text[i..]))
}

/// Case-insensitive `strip_suffix`.
fn strip_suffix_ignoring_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let mut rest = text.char_indices().rev();
    let mut cut = text.len();
    for expected in suffix.chars().rev() {
        let (i, c) = rest.next()?;
        if !c.to_lowercase().eq(expected.to_lowercase()) {
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

/// The longest scale word at the start of `rest` (after optional spaces), its power of ten and
/// the text after it.
fn scale_word<'a>(rest: &'a str, locale: &Locale) -> Option<(u32, &'a str)> {
    let rest = rest.trim_start_matches(is_space);
    locale
        .scales
        .iter()
        .filter_map(|&(word, power)| {
            let after = strip_scale_word(rest, word)?;
            at_word_end(after).then_some((word.len(), power, after))
        })
        .max_by_key(|&(len, _, _)| len)
        .map(|(_, power, after)| (power, after))
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

/// The count a text on the page shows, read in the page's language (`lang` as in the
/// document's `lang` attribute: "pt-BR", "en-US", "de"; empty or unknown reads as English).
///
/// ```
/// use vinculo::count::parse_count;
/// assert_eq!(parse_count("1,234 reactions", "en"), Some(1234));
/// assert_eq!(parse_count("1,2 mil reações", "pt-BR"), Some(1200));
/// assert_eq!(parse_count("Ana Silva e outras 89 pessoas", "pt-BR"), Some(90));
/// assert_eq!(parse_count("500+ connections", "en"), Some(500));
/// assert_eq!(parse_count("1,2", "pt"), None); // a decimal is not a count
/// ```
pub fn parse_count(text: &str, lang: &str) -> Option<u64> {
    let locale = locale_for(lang);
    let text: Cow<str> = match text.contains(is_invisible) {
        true => text.chars().filter(|&c| !is_invisible(c)).collect(),
        false => text.into(),
    };
    let start = text.find(|c| digit(c).is_some())?;
    let numeral = read_numeral(&text, start)?;
    let before = &text[..numeral.start];
    if before.ends_with(|c: char| is_word_char(c) || matches!(c, '-' | '−' | '+' | '.' | ',')) {
        return None;
    }
    let (integer, fraction) = interpret(&numeral, locale)?;
    let after_numeral = &text[numeral.end..];
    let (value, after) = match scale_word(after_numeral, locale) {
        Some((power, after)) => (scaled(integer, fraction, power)?, after),
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
    if names_others(before, after, lang) {
        value.checked_add(1)
    } else {
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn scale_words_are_unambiguous_within_a_language() {
        for locale in LOCALES.iter().chain([&ENGLISH]) {
            for (i, (word, power)) in locale.scales.iter().enumerate() {
                assert!(!word.is_empty() && !word.starts_with(' '), "{word:?}");
                let twin = locale.scales[i + 1..].iter().find(|(w, _)| w == word);
                assert!(
                    twin.is_none_or(|(_, p)| p == power),
                    "{:?} {word:?}",
                    locale.tags
                );
            }
        }
    }
}
