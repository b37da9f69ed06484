// Importing LinkedIn's archive in wasm, as the extension does: the archive of 30,000
// connections and 200,000 messages that examples/bench_import.rs builds (the same bytes),
// read by the pages' module (prepareArchives: parsed, recorded into a store of its own, its
// parts as one string), then merged by the worker's module into the user's store (merge) —
// one crossing each way.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCore, ROOT } from '../wasm/load.mjs';

const worker = await loadCore('worker');
const pages = await loadCore('pages');
const file = join(mkdtempSync(join(tmpdir(), 'vinculo-bench-')), 'archive.zip');
execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'bench_import', '--', '--write', file], { cwd: ROOT, stdio: 'ignore' });
const bytes = readFileSync(file);

let started = performance.now();
const prepared = pages.prepareArchives([bytes]);
const parseMs = performance.now() - started;
const store = new worker.StoreHandle();
started = performance.now();
const merged = store.merge(new TextEncoder().encode(prepared.payload), Date.now());
const mergeMs = performance.now() - started;
const mb = bytes.length / 1e6;
console.log(
  `wasm import: ${mb.toFixed(1)} MB zip, ${prepared.interactions} interactions, ${prepared.counterparts} people; ` +
    `prepareArchives (pages) ${parseMs.toFixed(0)} ms (${(mb / (parseMs / 1000)).toFixed(1)} MB/s of archive), ` +
    `payload ${(prepared.payload.length / 1e6).toFixed(1)} MB; merge (worker) ${mergeMs.toFixed(0)} ms, ${merged.added} added, ` +
    `${Object.keys(merged.writes).length} parts to write; total ${(parseMs + mergeMs).toFixed(0)} ms (target ≤ 1,500 ms)`,
);
