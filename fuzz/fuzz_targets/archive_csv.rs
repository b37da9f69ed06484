//! The archive's CSV reader (src/archive/csv.rs) on any text: bounded records, no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = vinculo::archive::fuzzing::read_csv(text);
});
