//! Scoring time for 1,000,000 interactions over 20,000 counterparts (median of several runs),
//! and bytes stored per interaction. Run: `cargo run --release --example bench_score`.

use std::time::{Duration, Instant};
use vinculo::insight::summary;
use vinculo::score::{score_all, Thresholds};
use vinculo::store::synthetic;

const INTERACTIONS: usize = 1_000_000;
const COUNTERPARTS: usize = 20_000;
const RUNS: usize = 9;
const NOW: i64 = 1_800_000_000;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let built = Instant::now();
    let store = synthetic(INTERACTIONS, COUNTERPARTS, 42);
    println!(
        "built {} interactions over {} counterparts in {:.0?}",
        store.len(),
        COUNTERPARTS,
        built.elapsed()
    );
    let th = Thresholds::default();

    let mut times = Vec::with_capacity(RUNS);
    let mut ties = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        ties = score_all(&store, NOW, &th).len();
        times.push(start.elapsed());
    }
    println!(
        "score_all: {ties} ties, median {:.1?} of {RUNS} runs",
        median(times)
    );

    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        std::hint::black_box(summary(&store, NOW, &th));
        times.push(start.elapsed());
    }
    println!("summary:   median {:.1?} of {RUNS} runs", median(times));

    let start = Instant::now();
    let parts = store.to_parts();
    let serialised = start.elapsed();
    let bytes: usize = parts.iter().map(|(k, v)| k.len() + v.len()).sum();
    println!(
        "stored: {} parts, {bytes} bytes, {:.1} bytes per interaction (serialised in {serialised:.0?})",
        parts.len(),
        bytes as f64 / store.len() as f64
    );
}
