//! Scoring time for 1,000,000 interactions over 20,000 counterparts (median of several runs),
//! and bytes stored per interaction. Run: `cargo run --release --example bench_score`.
//!
//! `… -- --write-parts <path> <interactions> <counterparts> <seed>` writes a synthetic store's
//! parts (`{key: json}`, as `chrome.storage.local` holds them) instead, for the wasm benchmark
//! and the browser tests to load: the generator is not in the shipped wasm.

use std::time::{Duration, Instant};
use vinculo::insight::summary;
use vinculo::score::{score_all, Thresholds};
use vinculo::store::{synthetic, Store};

const INTERACTIONS: usize = 1_000_000;
const COUNTERPARTS: usize = 20_000;
const RUNS: usize = 15;
const NOW: i64 = 1_800_000_000;

/// Nanoseconds this thread has spent on a core (Linux), to tell the cost from the waiting when
/// other processes share the machine.
fn on_core_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Runs `f` `RUNS` times: wall-clock median and minimum, and the mean time on a core.
fn time<T>(mut f: impl FnMut() -> T) -> String {
    let mut times = Vec::with_capacity(RUNS);
    let on_core_before = on_core_ns();
    for _ in 0..RUNS {
        let start = Instant::now();
        std::hint::black_box(f());
        times.push(start.elapsed());
    }
    let on_core = match (on_core_before, on_core_ns()) {
        (Some(before), Some(after)) => format!(
            ", on a core {:.1?} per run",
            Duration::from_nanos((after - before) / RUNS as u64)
        ),
        _ => String::new(),
    };
    format!("{}{on_core}", median_and_min(times))
}

/// Median and minimum: the minimum shows the cost when other processes leave the core alone.
fn median_and_min(mut times: Vec<Duration>) -> String {
    times.sort();
    format!(
        "median {:.1?}, min {:.1?} of {} runs",
        times[times.len() / 2],
        times[0],
        times.len()
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, path, interactions, counterparts, seed] = args.as_slice() {
        assert_eq!(
            flag, "--write-parts",
            "usage: --write-parts <path> <n> <people> <seed>"
        );
        let store = synthetic(
            interactions.parse().expect("interactions"),
            counterparts.parse().expect("counterparts"),
            seed.parse().expect("seed"),
        );
        let parts: std::collections::BTreeMap<String, String> =
            store.to_parts().into_iter().collect();
        std::fs::write(
            path,
            serde_json::to_string(&parts).expect("strings serialise"),
        )
        .expect("write the parts");
        return;
    }
    let built = Instant::now();
    let store = synthetic(INTERACTIONS, COUNTERPARTS, 42);
    println!(
        "built {} interactions over {} counterparts in {:.0?}",
        store.len(),
        COUNTERPARTS,
        built.elapsed()
    );
    let th = Thresholds::default();

    let ties = score_all(&store, NOW, &th).len();
    println!(
        "score_all: {ties} ties, {}",
        time(|| score_all(&store, NOW, &th))
    );
    println!("summary:   {}", time(|| summary(&store, NOW, &th)));

    let start = Instant::now();
    let parts = store.to_parts();
    let serialised = start.elapsed();
    let bytes: usize = parts.iter().map(|(k, v)| k.len() + v.len()).sum();
    let start = Instant::now();
    let (loaded, problems) = Store::from_parts(&parts).expect("own parts load");
    let load_time = start.elapsed();
    assert!(problems.is_empty() && loaded.len() == store.len());
    let largest_chunk = parts
        .iter()
        .filter(|(key, _)| key.starts_with("vinculo:v1:i:"))
        .map(|(key, json)| key.len() + json.len())
        .max()
        .unwrap_or(0);
    println!(
        "loaded back from parts in {load_time:.0?}; a new interaction rewrites one chunk \
         (at most {largest_chunk} bytes here)"
    );
    println!(
        "stored: {} parts, {bytes} bytes, {:.1} bytes per interaction (serialised in {serialised:.0?})",
        parts.len(),
        bytes as f64 / store.len() as f64
    );
}
