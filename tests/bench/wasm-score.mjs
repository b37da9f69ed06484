// Scoring in wasm (the worker's and the popup's work), timed from Node on the built worker
// module: 1,000,000 interactions over 20,000 counterparts, and a popup summary over 100,000.
// The synthetic stores are made natively (examples/bench_score.rs --write-parts: the generator
// is not in the shipped wasm) and loaded from their parts, as the worker loads storage.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCore, ROOT } from '../wasm/load.mjs';
import { percentile } from './trace.mjs';

const core = await loadCore('worker');
const now = Date.parse('2026-11-25T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'vinculo-score-'));

function synthetic(interactions, counterparts, seed) {
  const file = join(dir, `store-${interactions}.json`);
  execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'bench_score', '--', '--write-parts', file, String(interactions), String(counterparts), String(seed)], { cwd: ROOT, stdio: 'ignore' });
  return core.StoreHandle.fromParts(JSON.parse(readFileSync(file, 'utf8')));
}

function time(label, runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  console.log(`${label}: median ${percentile(times, 50).toFixed(1)} ms, min ${Math.min(...times).toFixed(1)} ms (${runs} runs)`);
  return percentile(times, 50);
}

const big = synthetic(1_000_000, 20_000, 42);
const wasm = time('wasm score_all, 1,000,000 interactions / 20,000 counterparts', 7, () => big.scoreOnly(now));
big.free();
// The same synthetic store scored natively (examples/bench_score.rs), for the ratio.
const native = execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'bench_score'], { cwd: ROOT, encoding: 'utf8' });
const nativeMs = Number(native.match(/score_all: .*?median ([\d.]+)ms/)[1]);
console.log(`wasm/native scoring ratio: ${(wasm / nativeMs).toFixed(2)} (native median ${nativeMs} ms; target ≤ 2)`);
const popup = synthetic(100_000, 5_000, 7);
time('wasm popup summary, 100,000 interactions / 5,000 counterparts', 7, () => popup.summary(now, undefined));
popup.free();
