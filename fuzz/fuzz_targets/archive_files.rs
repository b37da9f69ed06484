//! CSV files the user unpacked themselves (src/archive/files.rs): the first byte picks which
//! file of the archive the rest claims to be.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vinculo::archive::{import_csv_files, FileKind};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let kind = FileKind::ALL[usize::from(pick) % FileKind::ALL.len()];
    let _ = import_csv_files(vec![(kind.file_name().to_string(), bytes.to_vec())]);
});
