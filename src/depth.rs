//! Depth features of a text (a comment, a message): how many words, whether it asks
//! something, whether it is low-effort applause ("Congrats!", "Parabéns!", "👏👏"). Computed at
//! capture so the text itself need not be kept (data minimisation).

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::model::Depth;

/// Stock phrases per language, folded (lower case, no accents, single spaces). A text made only
/// of these, emoji, punctuation and a few names ("Parabéns, Ana! 👏") is low-effort.
pub(crate) const STOCK_PHRASES: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "+1",
            "agree",
            "agreed",
            "amazing",
            "awesome",
            "brilliant",
            "congrats",
            "congratulations",
            "cool",
            "exactly",
            "excellent",
            "fantastic",
            "good job",
            "good point",
            "great",
            "great job",
            "great post",
            "great read",
            "great share",
            "insightful",
            "inspiring",
            "interesting",
            "love it",
            "love this",
            "nice",
            "nice post",
            "so true",
            "spot on",
            "thank you",
            "thank you for sharing",
            "thanks",
            "thanks for sharing",
            "this",
            "true",
            "very insightful",
            "well deserved",
            "well done",
            "well said",
            "wow",
            "yes",
        ],
    ),
    (
        "pt",
        &[
            "arrasou",
            "bem colocado",
            "boa",
            "concordo",
            "concordo plenamente",
            "demais",
            "exatamente",
            "excelente",
            "excelente conteudo",
            "excelente post",
            "incrivel",
            "interessante",
            "isso ai",
            "lindo",
            "mandou bem",
            "maravilhoso",
            "merecido",
            "muito bem",
            "muito bom",
            "muito interessante",
            "muito sucesso",
            "obrigada",
            "obrigada por compartilhar",
            "obrigado",
            "obrigado por compartilhar",
            "otimo",
            "otimo conteudo",
            "otimo post",
            "otima reflexao",
            "parabens",
            "parabens pela conquista",
            "parabens pelo post",
            "perfeito",
            "que orgulho",
            "sensacional",
            "show",
            "show de bola",
            "sucesso",
            "sucesso sempre",
            "tmj",
            "top",
            "top demais",
            "valeu",
            "verdade",
        ],
    ),
    (
        "es",
        &[
            "bravo",
            "buenisimo",
            "de acuerdo",
            "enhorabuena",
            "excelente",
            "exito",
            "felicidades",
            "felicitaciones",
            "genial",
            "gracias por compartir",
            "gran post",
            "increible",
            "mucho exito",
            "muy bueno",
            "totalmente de acuerdo",
        ],
    ),
    (
        "fr",
        &[
            "belle reussite",
            "bien dit",
            "bravo",
            "d'accord",
            "excellent",
            "felicitations",
            "genial",
            "magnifique",
            "merci du partage",
            "merci pour le partage",
            "super",
            "top",
            "tout a fait d'accord",
            "tres interessant",
        ],
    ),
    (
        "de",
        &[
            "danke fur das teilen",
            "danke furs teilen",
            "genau",
            "gluckwunsch",
            "glueckwunsch",
            "herzlichen gluckwunsch",
            "herzlichen glueckwunsch",
            "klasse",
            "sehr gut",
            "sehr interessant",
            "spannend",
            "starker beitrag",
            "stimmt",
            "super",
            "toll",
            "top",
        ],
    ),
    (
        "it",
        &[
            "brava",
            "bravo",
            "complimenti",
            "congratulazioni",
            "d'accordo",
            "fantastico",
            "grande",
            "grazie per aver condiviso",
            "grazie per la condivisione",
            "interessante",
            "molto interessante",
            "ottimo",
            "ottimo post",
            "perfetto",
        ],
    ),
];

/// Sentence openers that ask, per language, folded. Conservative: "Como gestor, ...",
/// "When I started..." and "How great!" must not read as questions, so only word pairs that
/// ask on their own are listed, and a sentence ending in "!" never counts.
pub(crate) const QUESTION_OPENERS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "any thoughts",
            "anyone else",
            "are there",
            "are you",
            "can anyone",
            "can you",
            "could you",
            "do you",
            "does anyone",
            "has anyone",
            "have you",
            "how can",
            "how come",
            "how did",
            "how do",
            "how does",
            "how should",
            "how would",
            "is there",
            "what are your",
            "what do you",
            "what does",
            "what would",
            "when do you",
            "when will",
            "where can",
            "where do",
            "which one",
            "who else",
            "why do",
            "why does",
            "why is",
            "why would",
            "would you",
        ],
    ),
    (
        "pt",
        &[
            "alguem ja",
            "alguem sabe",
            "como assim",
            "como e que",
            "como faz",
            "como fazer",
            "como funciona",
            "como voce",
            "como voces",
            "o que acham",
            "o que voce",
            "o que voces",
            "onde encontro",
            "onde posso",
            "por que",
            "por qual",
            "quais as",
            "quais os",
            "quais sao",
            "qual a",
            "qual e",
            "qual o",
            "quando vai",
            "quando voce",
            "quanto custa",
            "quantas",
            "quantos",
            "quem ja",
            "quem mais",
            "sera que",
            "voce acha",
            "voces acham",
        ],
    ),
];

/// Languages English phrases are also checked for: the site's lingua franca.
const ALSO_CHECKED: &str = "en";

/// Name-like words (capitalised or @mentions) a stock phrase may carry: "Parabéns, Ana Silva!".
const MAX_NAME_WORDS: usize = 3;

/// Bidi controls and zero-width characters.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// `char::is_alphanumeric` without its Unicode tables for ASCII and the Latin letters of
/// Portuguese, Spanish, French and German, all of U+00C0..U+024F but '×' and '÷'.
fn is_alphanumeric(c: char) -> bool {
    match c {
        '\0'..='\x7F' => c.is_ascii_alphanumeric(),
        '×' | '÷' => false,
        '\u{C0}'..='\u{24F}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Letters, digits and the marks that belong to them (accents, Indic vowel signs, Arabic and
/// Hebrew points), which `char::is_alphanumeric` leaves out.
fn is_word_char(c: char) -> bool {
    is_alphanumeric(c)
        || matches!(c,
            '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05C7}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{0900}'..='\u{0DFF}' // Indic scripts
            | '\u{0E00}'..='\u{0E7F}' // Thai
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{3099}'..='\u{309A}'
            | '\u{FE20}'..='\u{FE2F}')
}

/// Characters that end a word inside a whitespace-separated token ("great,thanks", "top👏"):
/// all but word characters and the joiners that stay inside words ("d'accord", "well-known",
/// "+1", "@ana", "#rust", "Q&A").
fn is_word_break(c: char) -> bool {
    if let Ok(byte) = u8::try_from(c) {
        if byte.is_ascii() {
            return WORD_BREAKS.contains(byte);
        }
    }
    !(is_word_char(c) || c == '’')
}

/// A set of ASCII characters as a table: a test without a call, as `Cuts` needs (a bit set
/// in a `u128` would shift through a library call in the size-optimised build).
struct AsciiSet([bool; 128]);

impl AsciiSet {
    const fn of(members: &[u8]) -> AsciiSet {
        let mut set = [false; 128];
        let mut at = 0;
        while at < members.len() {
            set[members[at] as usize] = true;
            at += 1;
        }
        AsciiSet(set)
    }

    const fn complement(self) -> AsciiSet {
        let mut set = self.0;
        let mut at = 0;
        while at < set.len() {
            set[at] = !set[at];
            at += 1;
        }
        AsciiSet(set)
    }

    /// False beyond ASCII.
    fn contains(&self, byte: u8) -> bool {
        self.0.get(usize::from(byte)).copied().unwrap_or(false)
    }
}

/// `char::is_whitespace` in ASCII.
const WHITESPACE: AsciiSet = AsciiSet::of(b" \t\n\x0B\x0C\r");

/// The ASCII characters that end a sentence.
const SENTENCE_ENDS: AsciiSet = AsciiSet::of(b".!?\n");

/// `is_word_break` in ASCII: all but letters, digits and the joiners.
const WORD_BREAKS: AsciiSet =
    AsciiSet::of(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'-_+@#&")
        .complement();

/// The non-empty pieces of `text` cut at each character in `ascii_cuts` or, beyond ASCII,
/// accepted by `is_cut`; the cut is kept at the end of its piece when `keep_cut`. Each piece
/// comes with whether it is all ASCII. ASCII is tested a byte at a time: in the size-optimised
/// build the standard library's decoding and `char` tests cost a call per character.
struct Cuts<'a, F> {
    rest: &'a str,
    ascii_cuts: &'static AsciiSet,
    is_cut: F,
    keep_cut: bool,
}

fn cuts<'a, F: Fn(char) -> bool>(
    text: &'a str,
    ascii_cuts: &'static AsciiSet,
    is_cut: F,
    keep_cut: bool,
) -> Cuts<'a, F> {
    Cuts {
        rest: text,
        ascii_cuts,
        is_cut,
        keep_cut,
    }
}

impl<'a, F: Fn(char) -> bool> Iterator for Cuts<'a, F> {
    type Item = (&'a str, bool);

    fn next(&mut self) -> Option<(&'a str, bool)> {
        while !self.rest.is_empty() {
            let rest = self.rest;
            let bytes = rest.as_bytes();
            let (mut at, mut ascii) = (0, true);
            let cut = loop {
                let Some(&byte) = bytes.get(at) else {
                    break None;
                };
                if byte.is_ascii() {
                    if self.ascii_cuts.contains(byte) {
                        break Some((at, 1));
                    }
                    at += 1;
                    continue;
                }
                let c = rest[at..].chars().next().unwrap_or_default();
                if (self.is_cut)(c) {
                    break Some((at, c.len_utf8()));
                }
                ascii = false;
                at += c.len_utf8();
            };
            let piece = match cut {
                Some((at, width)) => {
                    self.rest = &rest[at + width..];
                    if !self.keep_cut {
                        &rest[..at]
                    } else {
                        ascii &= width == 1;
                        &rest[..at + width]
                    }
                }
                None => {
                    self.rest = "";
                    rest
                }
            };
            if !piece.is_empty() {
                return Some((piece, ascii));
            }
        }
        None
    }
}

/// Han and kana are written without spaces: about two characters per word. Thai: about four.
fn unspaced_chars_per_word(c: char) -> Option<u32> {
    match c {
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => Some(2),
        '\u{0E00}'..='\u{0E7F}' => Some(4),
        _ => None,
    }
}

/// Case-insensitive without lowering a copy: `://` has no letters, `www.` is ASCII.
fn is_url(token: &str) -> bool {
    let bytes = token.as_bytes();
    let has_scheme = bytes.iter().enumerate().any(|(at, &b)| {
        b == b':' && bytes.get(at + 1) == Some(&b'/') && bytes.get(at + 2) == Some(&b'/')
    });
    has_scheme
        || token
            .as_bytes()
            .get(..4)
            .is_some_and(|start| start.eq_ignore_ascii_case(b"www."))
}

/// Appends `text` lower case without accents, apostrophes unified (what the phrase tables
/// hold), stopping once `folded` holds more than `limit` bytes. Folding is per character, so
/// folding a prefix gives a prefix of the folded whole. ASCII is folded a byte at a time.
fn fold_into(text: &str, folded: &mut String, limit: usize) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() && folded.len() <= limit {
        // ASCII grows `folded` a byte per character: copy as many as the limit allows at once.
        let room = limit.saturating_add(1) - folded.len();
        let run = bytes[at..]
            .iter()
            .take(room)
            .take_while(|&&b| b.is_ascii() && b != b'`')
            .count();
        if run > 0 {
            let from = folded.len();
            folded.push_str(&text[at..at + run]);
            folded[from..].make_ascii_lowercase();
            at += run;
        } else if bytes[at] == b'`' {
            folded.push('\'');
            at += 1;
        } else {
            let c = text[at..].chars().next().unwrap_or_default();
            fold_char(c, folded);
            at += c.len_utf8();
        }
    }
}

/// `text` folded as the phrase tables hold it.
pub(crate) fn fold_phrase(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded, usize::MAX);
    folded
}

fn fold_char(c: char, folded: &mut String) {
    for c in c.to_lowercase() {
        match unaccented(c) {
            Some(plain) => folded.push_str(plain),
            None if ('\u{300}'..='\u{36F}').contains(&c) => {} // a decomposed accent
            None => folded.push(c),
        }
    }
}

fn unaccented(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'œ' => "oe",
        'æ' => "ae",
        '’' | '`' | '´' => "'",
        _ => return None,
    })
}

/// Which lists apply to `lang`, one bit per list: its own plus English; every list when the
/// language has none.
fn tables_for(tables: &[(&str, &[&str])], lang: &str) -> u32 {
    let language = lang.trim().split(['-', '_']).next().unwrap_or("");
    let bit = |found: Option<usize>| found.map_or(0, |i| 1u32 << i);
    match tables
        .iter()
        .position(|(l, _)| l.eq_ignore_ascii_case(language))
    {
        Some(own) => bit(Some(own)) | bit(tables.iter().position(|(l, _)| *l == ALSO_CHECKED)),
        None => u32::MAX,
    }
}

/// A phrase of one of the lists.
struct Phrase {
    text: &'static str,
    first_word: &'static str,
    /// The bit of its list.
    list: u32,
}

/// Every phrase of a set of lists, grouped by first byte: a text is compared only with the
/// phrases that begin like it instead of with every phrase of every list.
struct PhraseIndex {
    /// Sorted, so the phrases that begin with one byte are contiguous.
    phrases: Vec<Phrase>,
    /// For each first byte, where its phrases start and end in `phrases`.
    by_first_byte: Vec<(usize, usize)>,
    /// Bytes of the longest phrase.
    longest: usize,
    /// Words of the phrase with the most.
    most_words: usize,
}

impl PhraseIndex {
    fn new(tables: &'static [(&'static str, &'static [&'static str])]) -> PhraseIndex {
        let mut phrases: Vec<Phrase> = tables
            .iter()
            .enumerate()
            .flat_map(|(i, (_, list))| {
                list.iter().map(move |text| Phrase {
                    text,
                    first_word: text.split(' ').next().unwrap_or(text),
                    list: 1 << i,
                })
            })
            .collect();
        phrases.sort_unstable_by_key(|phrase| phrase.text);
        let first = |phrase: &Phrase| phrase.text.as_bytes().first().copied();
        let by_first_byte = (0..=u8::MAX)
            .map(|byte| {
                let start = phrases.partition_point(|p| first(p) < Some(byte));
                let end = phrases.partition_point(|p| first(p) <= Some(byte));
                (start, end)
            })
            .collect();
        let longest = phrases.iter().map(|p| p.text.len()).max().unwrap_or(0);
        let most_words = phrases
            .iter()
            .map(|p| p.text.split(' ').count())
            .max()
            .unwrap_or(1);
        PhraseIndex {
            phrases,
            by_first_byte,
            longest,
            most_words,
        }
    }

    /// The phrases of the lists in `tables` (bits) that begin like `text`.
    fn beginning_like<'a>(&'a self, text: &str, tables: u32) -> impl Iterator<Item = &'a Phrase> {
        let (start, end) = text
            .as_bytes()
            .first()
            .map_or((0, 0), |&byte| self.by_first_byte[usize::from(byte)]);
        self.phrases[start..end]
            .iter()
            .filter(move |phrase| phrase.list & tables != 0)
    }
}

fn stock_phrases() -> &'static PhraseIndex {
    static INDEX: OnceLock<PhraseIndex> = OnceLock::new();
    INDEX.get_or_init(|| PhraseIndex::new(STOCK_PHRASES))
}

fn question_openers() -> &'static PhraseIndex {
    static INDEX: OnceLock<PhraseIndex> = OnceLock::new();
    INDEX.get_or_init(|| PhraseIndex::new(QUESTION_OPENERS))
}

/// Capitalised or an @mention: likely a name ("Ana", "@Bruno").
fn is_name_like(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '@')
}

/// How many words a token stands for: one for a word or a URL, none for emoji or punctuation,
/// about one per two Han/kana (or four Thai) characters.
fn token_words(token: &str) -> u32 {
    let mut unspaced = [0u32; 2];
    let mut spaced = false;
    for c in token.chars() {
        match unspaced_chars_per_word(c) {
            Some(2) => unspaced[0] += 1,
            Some(_) => unspaced[1] += 1,
            None => spaced |= is_alphanumeric(c),
        }
    }
    u32::from(spaced) + unspaced[0].div_ceil(2) + unspaced[1].div_ceil(4)
}

/// The sentences of a text with whether each ends in '!'.
fn sentences(text: &str) -> impl Iterator<Item = (&str, bool)> {
    cuts(text, &SENTENCE_ENDS, |c| matches!(c, '…' | '¡' | '¿'), true)
        .map(|(sentence, _)| trim(sentence))
        .filter(|sentence| !sentence.is_empty())
        .map(|sentence| (sentence, sentence.ends_with('!')))
}

/// `str::trim`, with ASCII whitespace trimmed a byte at a time first.
fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let start = bytes
        .iter()
        .position(|&b| !WHITESPACE.contains(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !WHITESPACE.contains(b))
        .map_or(start, |last| last + 1);
    text[start..end].trim()
}

/// Whether a sentence of `text` opens with an asking phrase. Only the start of each sentence
/// is folded: enough for the longest opener and the space after it.
fn opens_with_question(text: &str, lang: &str) -> bool {
    let openers = question_openers();
    let tables = tables_for(QUESTION_OPENERS, lang);
    let mut start = String::with_capacity(openers.longest + 8);
    sentences(text).any(|(sentence, exclaims)| {
        if exclaims {
            return false;
        }
        start.clear();
        fold_into(sentence, &mut start, openers.longest);
        openers.beginning_like(&start, tables).any(|opener| {
            start.as_bytes().get(opener.text.len()) == Some(&b' ') && start.starts_with(opener.text)
        })
    })
}

/// The words of a text folded on demand: matching usually stops within the first few words,
/// so a long text is never folded whole. All folded words share one buffer.
struct FoldedWords<'a> {
    written: &'a [&'a str],
    buffer: String,
    ends: Vec<usize>,
}

impl<'a> FoldedWords<'a> {
    fn new(written: &'a [&'a str]) -> FoldedWords<'a> {
        // Room for the words matching usually reaches, so they fold without reallocating.
        FoldedWords {
            written,
            buffer: String::with_capacity(64),
            ends: Vec::with_capacity(8),
        }
    }

    /// Folds the words up to `at`, or all when there are fewer.
    fn fold_up_to(&mut self, at: usize) {
        while self.ends.len() <= at && self.ends.len() < self.written.len() {
            fold_into(self.written[self.ends.len()], &mut self.buffer, usize::MAX);
            self.ends.push(self.buffer.len());
        }
    }

    /// Word `at` folded, when `fold_up_to` reached it.
    fn folded(&self, at: usize) -> Option<&str> {
        let end = *self.ends.get(at)?;
        let start = if at == 0 { 0 } else { self.ends[at - 1] };
        Some(&self.buffer[start..end])
    }

    /// The number of words the longest stock phrase starting at `at` spans.
    fn longest_phrase_at(&mut self, at: usize, tables: u32) -> Option<usize> {
        let index = stock_phrases();
        self.fold_up_to(at + index.most_words - 1);
        let first = self.folded(at)?;
        index
            .beginning_like(first, tables)
            .filter(|phrase| phrase.first_word == first)
            .filter_map(|phrase| {
                let mut length = 1;
                for part in phrase.text.split(' ').skip(1) {
                    if self.folded(at + length)? != part {
                        return None;
                    }
                    length += 1;
                }
                Some(length)
            })
            .max()
    }
}

/// True when the words are stock phrases and at most a few names, with at least one phrase.
fn only_stock_phrases(words: &[&str], lang: &str) -> bool {
    let tables = tables_for(STOCK_PHRASES, lang);
    let mut folded = FoldedWords::new(words);
    let (mut at, mut names, mut matched) = (0, 0, false);
    while at < words.len() {
        match folded.longest_phrase_at(at, tables) {
            Some(len) => {
                at += len;
                matched = true;
            }
            None if is_name_like(words[at]) && names < MAX_NAME_WORDS => {
                at += 1;
                names += 1;
            }
            None => return false,
        }
    }
    matched
}

/// The depth features of `text`, written in `lang` (the page's language; empty when unknown,
/// then every language's phrases apply).
///
/// ```
/// use vinculo::depth::depth;
/// assert!(depth("Parabéns, Ana! 👏👏", "pt-BR").low_effort);
/// assert!(depth("Como vocês medem isso no dia a dia", "pt-BR").question);
/// assert!(!depth("Como gestor, aprendi muito com isso", "pt-BR").question);
/// assert_eq!(depth("Read https://example.com/a?b=1 today", "en").words, 3);
/// ```
pub fn depth(text: &str, lang: &str) -> Depth {
    // Every invisible character is encoded starting with one of these bytes.
    let may_hold_invisible = text.bytes().any(|b| matches!(b, 0xD8 | 0xE2 | 0xEF));
    let text: Cow<str> = if may_hold_invisible && text.contains(is_invisible) {
        Cow::Owned(text.chars().filter(|&c| !is_invisible(c)).collect())
    } else {
        Cow::Borrowed(text)
    };
    let mut words = Vec::with_capacity(16);
    let (mut count, mut any_token, mut marked) = (0u32, false, false);
    for (token, ascii) in cuts(&text, &WHITESPACE, char::is_whitespace, false) {
        any_token = true;
        if is_url(token) {
            count = count.saturating_add(1);
            continue;
        }
        marked |= token.as_bytes().contains(&b'?') || (!ascii && token.contains(['¿', '؟', '？']));
        for (piece, ascii) in cuts(token, &WORD_BREAKS, is_word_break, false) {
            let piece_words = if ascii {
                u32::from(piece.bytes().any(|b| b.is_ascii_alphanumeric()))
            } else {
                token_words(piece)
            };
            if piece_words > 0 {
                count = count.saturating_add(piece_words);
                words.push(piece);
            }
        }
    }
    let only_symbols = any_token && count == 0;
    Depth {
        words: count,
        question: marked || opens_with_question(&text, lang),
        low_effort: only_symbols || (!words.is_empty() && only_stock_phrases(&words, lang)),
    }
}

/// A contribution to a conversation: not applause, and long enough to say something or asking
/// something: the "substantive comments" conversation quality counts.
pub fn is_substantive(depth: &Depth) -> bool {
    !depth.low_effort && (depth.words >= 8 || depth.question)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_not_emoji_and_urls_as_one() {
        let cases: &[(&str, u32)] = &[
            ("", 0),
            ("👏👏👏", 0),
            ("Great post 👏", 2),
            ("great,thanks", 2),
            ("Muito bom o conteúdo, parabéns!", 5),
            (
                "See https://example.com/a-long/path?x=1&y=2 and www.example.org",
                4,
            ),
            ("d'accord, well-known +1", 3),
            ("Ótimo!!! 🎉 — de verdade.", 3),
            ("यह बहुत अच्छा है", 4),
            ("非常好的文章", 3),
            ("\u{200b}Hello\u{200f} world", 2),
        ];
        for &(text, words) in cases {
            assert_eq!(depth(text, "en").words, words, "{text:?}");
        }
    }

    #[test]
    fn questions_are_marked_or_open_with_an_asking_phrase() {
        let asks = [
            ("What do you think?", "en"),
            ("¿Qué opinas", "es"),
            ("ما رأيك؟", "ar"),
            (
                "Great point. How do you handle retention in small teams",
                "en",
            ),
            ("Como vocês medem isso", "pt-BR"),
            ("Por que isso acontece", "pt"),
            ("Show. Será que funciona em equipes pequenas", "pt-BR"),
        ];
        for (text, lang) in asks {
            assert!(depth(text, lang).question, "{text:?}");
        }
        let states = [
            ("Como gestor, aprendi muito com isso", "pt-BR"),
            ("Como sempre, excelente!", "pt-BR"),
            ("When I started, nobody told me this", "en"),
            ("How do you even do this so well!", "en"),
            ("Read https://example.com/page?id=3 for more", "en"),
            ("Why this matters: teams that talk ship faster", "en"),
        ];
        for (text, lang) in states {
            assert!(!depth(text, lang).question, "{text:?}");
        }
    }

    #[test]
    fn stock_phrases_and_emoji_are_low_effort() {
        let en = [
            "Congrats!",
            "Congratulations 🎉",
            "Great post",
            "Well said.",
            "Thanks for sharing!",
            "Agreed",
            "Love this ❤️",
            "Nice",
            "AMAZING!!!",
            "Awesome",
            "+1",
            "Interesting",
            "Congrats, Ana!",
            "@Bruno Costa well deserved!",
            "👏👏👏",
            "!!!",
            "🔥",
        ];
        let pt = [
            "Parabéns!",
            "parabens",
            "Top",
            "Sucesso!",
            "Muito bom",
            "Excelente",
            "Ótimo post",
            "Show",
            "Concordo",
            "Obrigado por compartilhar",
            "Arrasou",
            "Incrível!",
            "Parabéns, Maria! Sucesso! 🚀",
            "Parabe\u{301}ns",
            "TOP DEMAIS",
            "Congrats!",
        ];
        for text in en {
            assert!(depth(text, "en").low_effort, "{text:?}");
        }
        for text in pt {
            assert!(depth(text, "pt-BR").low_effort, "{text:?}");
        }
        for (text, lang) in [
            ("¡Felicidades!", "es"),
            ("Félicitations !", "fr"),
            ("Herzlichen Glückwunsch", "de"),
            ("Complimenti!", "it"),
            ("Parabéns!", ""),
            ("Complimenti!", "xx"),
        ] {
            assert!(depth(text, lang).low_effort, "{text:?} ({lang})");
        }
    }

    #[test]
    fn texts_that_say_something_are_not_low_effort() {
        let texts = [
            "Congrats on the launch, the onboarding flow you described is exactly what we need",
            "Parabéns pela conquista! Como vocês estruturaram o time de dados?",
            "Great post, but I disagree about remote work",
            "Thanks Emily! Sure, Tuesday works. Talk soon",
            "Top 5 lessons from scaling a team",
            "",
        ];
        for text in texts {
            assert!(!depth(text, "").low_effort, "{text:?}");
        }
        assert!(
            !depth("Complimenti!", "pt-BR").low_effort,
            "a language with a list uses its own and English only"
        );
    }

    #[test]
    fn substantive_means_not_applause_and_long_or_asking() {
        let substantive = |text: &str| is_substantive(&depth(text, "pt-BR"));
        assert!(substantive(
            "Concordo com a parte sobre feedback, mas faltou falar de contexto"
        ));
        assert!(substantive("Quanto tempo levou?"));
        assert!(!substantive("Parabéns!"));
        assert!(!substantive("Muito bom mesmo"));
        assert!(!substantive("👏👏👏"));
        assert!(!is_substantive(&Depth {
            words: 30,
            question: true,
            low_effort: true
        }));
        assert!(is_substantive(&Depth {
            words: 8,
            question: false,
            low_effort: false
        }));
        assert!(!is_substantive(&Depth {
            words: 7,
            question: false,
            low_effort: false
        }));
    }

    #[test]
    fn every_listed_phrase_reads_as_the_reference_reads_it() {
        for (own, list) in STOCK_PHRASES.iter().chain(QUESTION_OPENERS) {
            for phrase in *list {
                let texts = [
                    phrase.to_string(),
                    format!("{phrase} x"),
                    format!("{phrase}x y"),
                    format!("{} Ana", phrase.to_uppercase()),
                    format!("Ana, {phrase}! 👏"),
                    format!("ok. {phrase} {phrase} tudo"),
                ];
                for text in &texts {
                    for lang in [own, "", "xx", "pt-BR"] {
                        let found = depth(text, lang);
                        assert_eq!(found, reference::depth(text, lang), "{text:?} ({lang})");
                    }
                }
            }
        }
        for (own, openers) in QUESTION_OPENERS {
            for opener in *openers {
                assert!(depth(&format!("{opener} x"), own).question, "{opener:?}");
            }
        }
    }

    #[test]
    fn shortcuts_agree_with_the_character_tests_they_replace() {
        for c in (0..=0x24F).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
        for c in (0..128).filter_map(char::from_u32) {
            let byte = c as u8;
            assert_eq!(WHITESPACE.contains(byte), c.is_whitespace(), "{c:?}");
            let ends = matches!(c, '.' | '!' | '?' | '\n');
            assert_eq!(SENTENCE_ENDS.contains(byte), ends, "{c:?}");
            assert_eq!(is_word_break(c), reference::is_word_break(c), "{c:?}");
        }
    }

    /// The first, straightforward implementation: every word and sentence folded, every phrase
    /// of every list compared at each position. The optimised one must agree with it.
    mod reference {
        use super::super::{
            is_invisible, unaccented, unspaced_chars_per_word, Depth, ALSO_CHECKED, MAX_NAME_WORDS,
            QUESTION_OPENERS, STOCK_PHRASES,
        };

        fn is_word_char(c: char) -> bool {
            c.is_alphanumeric()
                || matches!(c,
                    '\u{0300}'..='\u{036F}'
                    | '\u{0483}'..='\u{0489}'
                    | '\u{0591}'..='\u{05C7}'
                    | '\u{0610}'..='\u{061A}'
                    | '\u{064B}'..='\u{065F}'
                    | '\u{0670}'
                    | '\u{06D6}'..='\u{06ED}'
                    | '\u{0900}'..='\u{0DFF}' // Indic scripts
                    | '\u{0E00}'..='\u{0E7F}' // Thai
                    | '\u{1AB0}'..='\u{1AFF}'
                    | '\u{1DC0}'..='\u{1DFF}'
                    | '\u{20D0}'..='\u{20FF}'
                    | '\u{3099}'..='\u{309A}'
                    | '\u{FE20}'..='\u{FE2F}')
        }

        pub(super) fn is_word_break(c: char) -> bool {
            !(is_word_char(c) || matches!(c, '\'' | '’' | '-' | '_' | '+' | '@' | '#' | '&'))
        }

        fn is_url(token: &str) -> bool {
            let lower = token.to_ascii_lowercase();
            lower.contains("://") || lower.starts_with("www.")
        }

        /// Lower case without accents, apostrophes unified: what the phrase tables hold.
        fn fold(word: &str) -> String {
            let mut folded = String::with_capacity(word.len());
            for c in word.chars().flat_map(char::to_lowercase) {
                match unaccented(c) {
                    Some(plain) => folded.push_str(plain),
                    None if ('\u{300}'..='\u{36F}').contains(&c) => {} // a decomposed accent
                    None => folded.push(c),
                }
            }
            folded
        }

        /// The lists for `lang`: its own plus English; every list when the language has none.
        fn tables_for(
            tables: &'static [(&'static str, &'static [&'static str])],
            lang: &str,
        ) -> impl Iterator<Item = &'static str> + Clone {
            let language = lang.trim().split(['-', '_']).next().unwrap_or("");
            let own = tables
                .iter()
                .find(|(l, _)| l.eq_ignore_ascii_case(language))
                .map(|(l, _)| *l);
            tables
                .iter()
                .filter(move |(l, _)| own.is_none_or(|own| *l == own || *l == ALSO_CHECKED))
                .flat_map(|(_, phrases)| phrases.iter().copied())
        }

        /// One word of the text, as written and folded.
        struct Word<'a> {
            written: &'a str,
            folded: String,
        }

        impl Word<'_> {
            /// Capitalised or an @mention: likely a name ("Ana", "@Bruno").
            fn is_name_like(&self) -> bool {
                self.written
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '@')
            }
        }

        /// How many words a token stands for: one for a word or a URL, none for emoji or punctuation,
        /// about one per two Han/kana (or four Thai) characters.
        fn token_words(token: &str) -> u32 {
            let mut unspaced = [0u32; 2];
            let mut spaced = false;
            for c in token.chars() {
                match unspaced_chars_per_word(c) {
                    Some(2) => unspaced[0] += 1,
                    Some(_) => unspaced[1] += 1,
                    None => spaced |= c.is_alphanumeric(),
                }
            }
            u32::from(spaced) + unspaced[0].div_ceil(2) + unspaced[1].div_ceil(4)
        }

        /// The sentences of a text with whether each ends in '!'.
        fn sentences(text: &str) -> impl Iterator<Item = (&str, bool)> {
            text.split_inclusive(['.', '!', '?', '\n', '…', '¡', '¿'])
                .map(|sentence| (sentence.trim(), sentence.trim_end().ends_with('!')))
                .filter(|(sentence, _)| !sentence.is_empty())
        }

        fn asks(text: &str, tokens: &[&str], lang: &str) -> bool {
            let marked = tokens
                .iter()
                .filter(|token| !is_url(token))
                .any(|token| token.contains(['?', '¿', '؟', '？']));
            let openers = tables_for(QUESTION_OPENERS, lang);
            marked
                || sentences(text).any(|(sentence, exclaims)| {
                    let sentence = fold(sentence);
                    !exclaims
                        && openers.clone().any(|opener| {
                            sentence
                                .strip_prefix(opener)
                                .is_some_and(|rest| rest.starts_with(' '))
                        })
                })
        }

        /// True when the words are stock phrases and at most a few names, with at least one phrase.
        fn only_stock_phrases(words: &[Word], lang: &str) -> bool {
            let phrases = tables_for(STOCK_PHRASES, lang);
            let (mut at, mut names, mut matched) = (0, 0, false);
            while at < words.len() {
                let longest = phrases
                    .clone()
                    .filter_map(|phrase| phrase_length_at(phrase, &words[at..]))
                    .max();
                match longest {
                    Some(len) => {
                        at += len;
                        matched = true;
                    }
                    None if words[at].is_name_like() && names < MAX_NAME_WORDS => {
                        at += 1;
                        names += 1;
                    }
                    None => return false,
                }
            }
            matched
        }

        /// The number of words `phrase` spans when `words` start with it.
        fn phrase_length_at(phrase: &str, words: &[Word]) -> Option<usize> {
            let mut length = 0;
            for part in phrase.split(' ') {
                if words.get(length)?.folded != part {
                    return None;
                }
                length += 1;
            }
            Some(length)
        }

        pub(super) fn depth(text: &str, lang: &str) -> Depth {
            let text: String = text.chars().filter(|&c| !is_invisible(c)).collect();
            let tokens: Vec<&str> = text.split_whitespace().collect();
            let mut words = Vec::new();
            let mut count = 0u32;
            for token in &tokens {
                if is_url(token) {
                    count = count.saturating_add(1);
                    continue;
                }
                for piece in token.split(is_word_break).filter(|p| !p.is_empty()) {
                    let piece_words = token_words(piece);
                    if piece_words > 0 {
                        count = count.saturating_add(piece_words);
                        words.push(Word {
                            written: piece,
                            folded: fold(piece),
                        });
                    }
                }
            }
            let only_symbols = !tokens.is_empty() && count == 0;
            Depth {
                words: count,
                question: asks(&text, &tokens, lang),
                low_effort: only_symbols || (!words.is_empty() && only_stock_phrases(&words, lang)),
            }
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn stock_phrase() -> impl Strategy<Value = &'static str> {
            let all: Vec<&str> = STOCK_PHRASES
                .iter()
                .flat_map(|(_, p)| p.iter().copied())
                .collect();
            prop::sample::select(all)
        }

        /// Words no list holds: consonants only.
        fn plain_words(count: std::ops::Range<usize>) -> impl Strategy<Value = Vec<String>> {
            prop::collection::vec("[bcdfghjklmnpqrstvwxz]{2,9}", count)
        }

        fn emoji() -> impl Strategy<Value = String> {
            let marks = vec![
                "👏",
                "🎉",
                "🔥",
                "❤️",
                "🚀",
                "👍🏽",
                "🙌",
                "!",
                "...",
                " ",
                "💯",
                "👨‍💻",
            ];
            prop::collection::vec(prop::sample::select(marks), 1..12).prop_map(|m| m.concat())
        }

        fn lang() -> impl Strategy<Value = String> {
            "(en|EN|pt-BR|pt_PT| pt|es|fr-CA|de|it|ar|xx|)"
        }

        /// Pieces that exercise every branch: phrases and openers in any case, accented as
        /// written, names, URLs, marks, invisible and decomposed characters, unspaced scripts.
        fn piece() -> impl Strategy<Value = String> {
            let listed: Vec<&str> = STOCK_PHRASES
                .iter()
                .chain(QUESTION_OPENERS)
                .flat_map(|(_, p)| p.iter().copied())
                .collect();
            let written = vec![
                "Parabéns",
                "Ótimo",
                "Incrível",
                "Glückwunsch",
                "Félicitations",
                "reflexão",
                "conteúdo",
                "Você",
                "Vocês",
                "Será que",
                "Alguém já",
                "Éxito",
                "d’accord",
                "d`accord",
                "Pare\u{301}ns",
                "Ana",
                "@Bruno",
                "Maria Silva",
                "#rust",
                "Q&A",
                "e\u{301}",
                "İ",
                "\u{212A}",
                "https://x.com/a?b=1",
                "WWW.Example.org",
                "ftp://",
                "wwwx",
                "非常好的文章",
                "ภาษาไทย",
                "यह बहुत",
                "ما رأيك؟",
                "？",
                "¿",
                "¡",
                "…",
                "👏",
                "🎉",
                "👍🏽",
                "👨‍💻",
                "!",
                "?",
                ".",
                ",",
                "-",
                "'",
                "+1",
                "\u{200b}",
                "\u{200f}",
                "\u{feff}",
                "\u{61c}",
                "\u{2066}",
                "\u{a0}",
                "\u{b}",
                "\t",
                "\n",
                "bcdfg",
                "zzz",
            ];
            let word = prop_oneof![
                prop::sample::select(listed).prop_map(str::to_string),
                prop::sample::select(written).prop_map(str::to_string),
            ];
            (word, 0..3usize).prop_map(|(word, case)| match case {
                0 => word,
                1 => word.to_uppercase(),
                _ => {
                    let mut chars = word.chars();
                    chars.next().map_or_else(String::new, |first| {
                        first.to_uppercase().chain(chars).collect()
                    })
                }
            })
        }

        fn text_of_pieces() -> impl Strategy<Value = String> {
            let separators = vec!["", " ", " ", " ", "  ", ", ", "! ", "? ", ". ", "\n", "\t"];
            prop::collection::vec((piece(), prop::sample::select(separators)), 0..12).prop_map(
                |pieces| {
                    pieces
                        .into_iter()
                        .flat_map(|(piece, separator)| [piece, separator.to_string()])
                        .collect()
                },
            )
        }

        proptest! {
            #[test]
            fn never_panics(text in "\\PC{0,80}", lang in "\\PC{0,8}") {
                let _ = depth(&text, &lang);
                let _ = depth(&text, "pt-BR");
            }

            #[test]
            fn agrees_with_the_reference_on_any_text(
                text in prop_oneof![
                    "\\PC{0,120}",
                    "[ -~\\t\\n\\x0B\\u{a0}-\\u{24f}…¡¿’´\\u{200b}\\u{feff}\\u{300}-\\u{36f}]{0,120}",
                ],
                lang in lang(),
            ) {
                prop_assert_eq!(depth(&text, &lang), reference::depth(&text, &lang));
            }

            #[test]
            fn agrees_with_the_reference_on_phrases_names_and_marks(
                text in text_of_pieces(),
                lang in lang(),
            ) {
                prop_assert_eq!(depth(&text, &lang), reference::depth(&text, &lang), "{:?}", text);
            }

            #[test]
            fn emoji_only_is_low_effort(marks in emoji(), lang in "(en|pt-BR|de|)") {
                let found = depth(&marks, &lang);
                prop_assert!(marks.trim().is_empty() || found.low_effort, "{:?}", marks);
                prop_assert_eq!(found.words, 0);
                prop_assert!(!is_substantive(&found));
            }

            #[test]
            fn a_stock_phrase_in_any_case_with_applause_is_low_effort(
                phrase in stock_phrase(),
                upper: bool,
                marks in emoji(),
            ) {
                let phrase = if upper { phrase.to_uppercase() } else { phrase.to_string() };
                let text = format!("{phrase}{marks}");
                prop_assert!(depth(&text, "").low_effort, "{:?}", text);
                prop_assert!(!is_substantive(&depth(&text, "")));
            }

            #[test]
            fn a_stock_phrase_does_not_drown_a_substantive_text(
                words in plain_words(8..30),
                phrase in stock_phrase(),
                marks in emoji(),
                lang in "(en|pt-BR|es|fr|de|it|)",
            ) {
                let text = format!("{} {phrase}{marks}", words.join(" "));
                let found = depth(&text, &lang);
                prop_assert!(!found.low_effort, "{:?}", text);
                prop_assert!(is_substantive(&found));
                let text = format!("{phrase}{marks} {}", words.join(" "));
                prop_assert!(!depth(&text, &lang).low_effort, "{:?}", text);
            }

            #[test]
            fn words_add_up_across_whitespace(a in "\\PC{0,40}", b in "\\PC{0,40}") {
                let joined = depth(&format!("{a} {b}"), "").words;
                prop_assert_eq!(joined, depth(&a, "").words + depth(&b, "").words);
            }
        }
    }
}
