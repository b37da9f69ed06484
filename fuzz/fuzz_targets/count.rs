//! Counts as pages print them (src/count.rs), in the languages whose rules differ.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for lang in ["en", "pt-BR", "de", "fr", "ar", "hi", "ja", ""] {
        let _ = vinculo::count::parse_count(text, lang);
    }
});
