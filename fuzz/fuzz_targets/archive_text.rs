//! The archive's dates (src/archive/dates.rs) and message bodies' character references
//! (src/archive/files.rs), on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = vinculo::archive::fuzzing::dates(text);
    let _ = vinculo::archive::fuzzing::html_to_text(text);
});
