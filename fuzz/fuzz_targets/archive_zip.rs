//! The site's data-export archive (src/archive/mod.rs): any bytes as a ZIP, with limits small
//! enough that each run stays fast (the real ones are exercised by tests/archive_import.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;
use vinculo::archive::{import_archive, Limits};

fuzz_target!(|bytes: &[u8]| {
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_total_bytes: 4 << 20,
        max_entries: 256,
    };
    let _ = import_archive(bytes, &limits);
});
