// Importing LinkedIn's archive in wasm, as the options page does: the archive of 30,000
// connections and 200,000 messages that examples/bench_import.rs builds (the same bytes),
// parsed by importLinkedInArchive, then merged by the store handle (recordImport).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCore, ROOT } from '../wasm/load.mjs';

const core = await loadCore();
const file = join(mkdtempSync(join(tmpdir(), 'vinculo-bench-')), 'archive.zip');
execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'bench_import', '--', '--write', file], { cwd: ROOT, stdio: 'ignore' });
const bytes = readFileSync(file);

let started = performance.now();
const parsed = core.importLinkedInArchive(bytes);
const parseMs = performance.now() - started;
const store = new core.StoreHandle();
started = performance.now();
store.recordImport({ me: parsed.me, counterparts: parsed.counterparts, interactions: parsed.interactions }, Date.now());
const recordMs = performance.now() - started;
const mb = bytes.length / 1e6;
console.log(`wasm importLinkedInArchive: ${(bytes.length / 1e6).toFixed(1)} MB zip, ${parsed.interactions.length} interactions, ${parsed.counterparts.length} people in ${parseMs.toFixed(0)} ms (${(mb / (parseMs / 1000)).toFixed(1)} MB/s of archive); recordImport ${recordMs.toFixed(0)} ms; total ${(parseMs + recordMs).toFixed(0)} ms (target ≤ 1,500 ms)`);
