//! The store loaded from whatever chrome.storage.local holds (src/store.rs): one `key\tvalue`
//! per line. A store that loads saves and loads back unchanged, and can be scored.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vinculo::insight::summary;
use vinculo::score::{score_all, Thresholds};
use vinculo::store::Store;

const NOW: i64 = 1_800_000_000;

fuzz_target!(|text: &str| {
    let parts: Vec<(String, String)> = text
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    let Ok((mut store, problems)) = Store::from_parts(&parts) else {
        return;
    };
    for problem in &problems {
        store.release(&problem.key);
    }
    let _ = store.take_changes();
    let saved = store.to_parts();
    let (again, again_problems) = Store::from_parts(&saved).expect("what was saved loads");
    assert!(again_problems.is_empty(), "{again_problems:?}");
    assert_eq!(again.to_parts(), saved);
    let th = Thresholds::default();
    let _ = score_all(&store, NOW, &th);
    let _ = summary(&store, NOW, &th);
});
