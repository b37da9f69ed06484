//! A content script's activity batch (src/capture.rs), recorded twice as a resend would be:
//! the second time changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vinculo::capture::{record_batch, Batch};
use vinculo::store::Store;

fuzz_target!(|data: &[u8]| {
    let Some(batch) = std::str::from_utf8(data)
        .ok()
        .and_then(|text| vinculo::json::from_str::<Batch>(text).ok())
    else {
        return;
    };
    let mut store = Store::new();
    record_batch(&mut store, batch.clone(), false);
    let before = store.to_parts();
    record_batch(&mut store, batch, false);
    assert_eq!(store.to_parts(), before);
});
