//! The depth of a text (src/depth.rs): comments, messages and archive bodies.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for lang in ["en", "pt-BR", ""] {
        let depth = vinculo::depth::depth(text, lang);
        let _ = vinculo::depth::is_substantive(&depth);
    }
});
