//! A content script's page scan (src/page.rs) as the worker handles it: overlays decided,
//! what the page showed recorded, the store's overlays added.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vinculo::capture::record_batch;
use vinculo::capture_page::batch_from_scan;
use vinculo::feed::decide;
use vinculo::page::PageScan;
use vinculo::relationship::relationship_overlays;
use vinculo::score::Thresholds;
use vinculo::store::Store;

const NOW_MS: f64 = 1_800_000_000_000.0;

fuzz_target!(|data: &[u8]| {
    let Some(scan) = std::str::from_utf8(data)
        .ok()
        .and_then(|text| vinculo::json::from_str::<PageScan>(text).ok())
    else {
        return;
    };
    let _ = decide(&scan);
    let mut store = Store::new();
    record_batch(&mut store, batch_from_scan(&scan, NOW_MS), true);
    let _ = store.take_changes();
    let _ = relationship_overlays(
        &scan,
        &store,
        (NOW_MS / 1000.0) as i64,
        &Thresholds::default(),
    );
});
