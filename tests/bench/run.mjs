// `./build.sh bench`: prints Vínculo's figures in one run.
// - wasm size, raw and gzipped;
// - the content script's main-thread time on a 300-post feed made of real posts
//   (tests/bench/long-feed.mjs), per task and per 10 posts,
//   from a Chromium trace, and long tasks it caused;
// - the page's main-thread time with and without the extension, measured in the same run,
//   and their ratio;
// - badges on screen after posts appear;
// - the core's native benchmarks (cargo examples) and the same work in wasm.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { launch } from '../e2e/harness.mjs';
import { longFeed } from './long-feed.mjs';
import { mainThreadTasks, percentile, traced } from './trace.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const POSTS = 300;
const ROUNDS = 3;
const fmt = (ms) => `${ms.toFixed(2)} ms`;

function wasmSize() {
  const bytes = readFileSync(join(ROOT, 'dist/chrome/pkg/vinculo_bg.wasm'));
  const glue = readFileSync(join(ROOT, 'dist/chrome/pkg/vinculo.js'));
  console.log(`wasm: ${(bytes.length / 1024).toFixed(1)} KB raw, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzipped (target ≤ 150 KB gzipped); JS glue ${(glue.length / 1024).toFixed(1)} KB`);
}

// One load of the long feed, scrolled to the end, traced. → tasks of the renderer main thread.
async function feedRun(browser) {
  const page = await browser.context.newPage();
  let tasks = [];
  let badgeDelay = null;
  const events = await traced(page, async () => {
    const started = Date.now();
    await page.goto(browser.url('/feed/', 'long'));
    if (browser.extensionId) {
      await page.waitForFunction(() => document.querySelector('[data-vinculo-kind]'), null, { timeout: 20_000 });
      badgeDelay = Date.now() - started;
    }
    for (let y = 0; y < 40; y++) {
      await page.mouse.wheel(0, 2000);
      await page.waitForTimeout(25);
    }
    await page.waitForTimeout(500);
  });
  const prefix = browser.extensionId ? `chrome-extension://${browser.extensionId}/` : 'chrome-extension://';
  tasks = mainThreadTasks(events, prefix);
  const badges = await page.evaluate(() => document.querySelectorAll('[data-vinculo-kind]').length);
  await page.close();
  return { tasks, badgeDelay, badges };
}

async function browserFigures() {
  const dir = mkdtempSync(join(tmpdir(), 'vinculo-bench-'));
  const file = join(dir, 'long-feed.html');
  const builder = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  writeFileSync(file, await longFeed(builder, POSTS));
  await builder.close();

  const withExt = await launch({ lang: 'en', extension: true, files: { long: file } });
  const without = await launch({ lang: 'en', extension: false, files: { long: file } });
  const results = { with: [], without: [] };
  try {
    // Alternate the two browsers so drift on this machine affects both alike.
    for (let round = 0; round < ROUNDS; round++) {
      results.with.push(await feedRun(withExt));
      results.without.push(await feedRun(without));
    }
  } finally {
    await withExt.close();
    await without.close();
  }

  const extTasks = results.with.flatMap((r) => r.tasks.filter((t) => t.extension > 0).map((t) => t.extension));
  const perRun = results.with.map((r) => r.tasks.reduce((sum, t) => sum + t.extension, 0));
  const longTasks = results.with.flatMap((r) => r.tasks.filter((t) => t.extension > 50));
  const busy = (runs) => runs.map((r) => r.tasks.reduce((sum, t) => sum + t.dur, 0));
  const withBusy = percentile(busy(results.with), 50);
  const withoutBusy = percentile(busy(results.without), 50);
  console.log(`content script on a ${POSTS}-post feed (${ROUNDS} runs, ${results.with[0].badges} badges drawn):`);
  console.log(`  per task: median ${fmt(percentile(extTasks, 50))}, p95 ${fmt(percentile(extTasks, 95))}, max ${fmt(Math.max(...extTasks))} over ${extTasks.length} tasks`);
  console.log(`  per batch of 10 posts: ${fmt(percentile(perRun, 50) / (POSTS / 10))} (median run total ${fmt(percentile(perRun, 50))}; target ≤ 1 ms)`);
  console.log(`  long tasks (> 50 ms) in the extension's scripts: ${longTasks.length}`);
  console.log(`  first badge on screen: ${results.with.map((r) => r.badgeDelay).join(', ')} ms after navigation start`);
  console.log(`page main-thread time, median of ${ROUNDS}: with ${fmt(withBusy)}, without ${fmt(withoutBusy)}, ratio ${(withBusy / withoutBusy).toFixed(3)} (target ≤ 1.01)`);
}

function nativeFigures() {
  const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.startsWith('bench_') && f.endsWith('.rs'));
  for (const example of examples.map((f) => f.replace(/\.rs$/, '')).sort()) {
    console.log(`\n$ cargo run --release --example ${example}`);
    console.log(execFileSync('cargo', ['run', '--quiet', '--release', '--example', example], { cwd: ROOT, encoding: 'utf8' }).trimEnd());
  }
}

async function wasmFigures() {
  const benches = readdirSync(join(ROOT, 'tests/bench')).filter((f) => f.startsWith('wasm-') && f.endsWith('.mjs'));
  for (const bench of benches.sort()) {
    console.log(`\n$ node tests/bench/${bench}`);
    console.log(execFileSync('node', [join(ROOT, 'tests/bench', bench)], { encoding: 'utf8' }).trimEnd());
  }
}

wasmSize();
await browserFigures();
nativeFigures();
await wasmFigures();
