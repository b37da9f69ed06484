// "Your network" at a heavy user's size: 30,000 people and 1,000,000 interactions (the
// synthetic store the other benches use), in the built extension in Chromium. Prints:
// - the page's first paint (navigation start → the first frame with every row known and the
//   list drawn), the worker's store already loaded; and the worker's load of that store cold;
// - filter, search and sort times (the click or keystroke's whole synchronous work: the query
//   over 30,000 rows and the list redrawn);
// - scroll frames: the work of each frame of a fast scroll (the scroll's redraw, then style
//   and layout forced), and the intervals between the frames the page got.
// Figures, not assertions (targets: first paint ≤ 300 ms, filter/sort ≤ 50 ms, frames < 16 ms).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from '../e2e/harness.mjs';
import { percentile } from './trace.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;

const PEOPLE = 30_000;
const INTERACTIONS = 1_000_000;
const PAINTS = 5;
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const stats = (list) => `median ${fmt(percentile(list, 50))}, p95 ${fmt(percentile(list, 95))}, max ${fmt(Math.max(...list))}`;

async function stopWorker(browser, page) {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

async function paint(browser) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`chrome-extension://${browser.extensionId}/network.html`);
  await page.waitForFunction(() => performance.getEntriesByName('vinculo-network-painted').length, null, { timeout: 120_000 });
  const marks = await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0].startTime;
    return { asked: at('vinculo-network-asked'), rows: at('vinculo-network-rows'), start: at('vinculo-network-start'), drawn: at('vinculo-network-drawn'), painted: at('vinculo-network-painted') };
  });
  return { page, ...marks };
}

// In the page: each filter, a search typed letter by letter, each column sorted both ways.
function interactions() {
  const time = (fn) => {
    const started = performance.now();
    fn();
    return performance.now() - started;
  };
  const filters = [...document.querySelectorAll('[data-filter]')].map((button) => time(() => button.click()));
  document.querySelector('[data-filter="all"]').click();
  const search = document.getElementById('network-search');
  const typing = [...'person 12'].map((_, i, letters) =>
    time(() => {
      search.value = letters.slice(0, i + 1).join('');
      search.dispatchEvent(new Event('input'));
    }),
  );
  search.value = '';
  search.dispatchEvent(new Event('input'));
  const sorts = [...document.querySelectorAll('[data-sort]')].flatMap((button) => [time(() => button.click()), time(() => button.click())]);
  return { filters, typing, sorts, shown: document.getElementById('network-shown').textContent };
}

// In the page: a fast scroll, 400 px a frame for 150 frames.
async function scrolling() {
  const grid = document.getElementById('network-grid');
  const work = [];
  const intervals = [];
  let last = null;
  await new Promise((resolve) => {
    let frames = 0;
    const frame = (at) => {
      if (last != null) intervals.push(at - last);
      last = at;
      const started = performance.now();
      grid.scrollTop += 400;
      grid.dispatchEvent(new Event('scroll'));
      void grid.offsetHeight; // style and layout now, inside the measured work
      work.push(performance.now() - started);
      if (++frames < 150) requestAnimationFrame(frame);
      else resolve();
    };
    requestAnimationFrame(frame);
  });
  return { work, intervals, top: grid.scrollTop };
}

export async function networkFigures() {
  const browser = await launch({ lang: 'en' });
  try {
    const setup = await browser.context.newPage();
    await setup.goto(`chrome-extension://${browser.extensionId}/options.html`);
    // The synthetic store's parts, made natively (the shipped wasm has no generator).
    const file = join(mkdtempSync(join(tmpdir(), 'vinculo-network-')), 'store.json');
    execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'bench_score', '--', '--write-parts', file, String(INTERACTIONS), String(PEOPLE), '7'], { cwd: ROOT, stdio: 'ignore' });
    await setup.evaluate((parts) => chrome.storage.local.set(parts), JSON.parse(readFileSync(file, 'utf8')));
    await stopWorker(browser, setup);
    const started = Date.now();
    const reply = await setup.evaluate(() => chrome.runtime.sendMessage({ type: 'vinculo/page-to-worker/network', now: Date.now() }));
    const coldMs = Date.now() - started;
    const rows = JSON.parse(reply.rows).length;
    const warmStarted = Date.now();
    await setup.evaluate(() => chrome.runtime.sendMessage({ type: 'vinculo/page-to-worker/network', now: Date.now() }));
    const warmMs = Date.now() - warmStarted;
    console.log(`"Your network", ${rows.toLocaleString('en')} people / ${INTERACTIONS.toLocaleString('en')} interactions (rows JSON ${(reply.rows.length / 2 ** 20).toFixed(1)} MB):`);
    console.log(`  worker: the rows with the store cold (loaded from storage first) ${coldMs} ms; warm ${warmMs} ms`);
    const paints = [];
    let last = null;
    for (let i = 0; i < PAINTS; i++) {
      await last?.page.close();
      last = await paint(browser);
      paints.push(last);
    }
    console.log(`  first paint (navigation → list drawn, store warm), ${PAINTS} loads: ${stats(paints.map((p) => p.painted))} (target ≤ 300 ms); rows received at ${stats(paints.map((p) => p.rows))}`);
    console.log(`    of which (medians): rows asked at ${fmt(percentile(paints.map((p) => p.asked), 50))}, the worker's answer took ${fmt(percentile(paints.map((p) => p.rows - p.asked), 50))}, the core drew the page in ${fmt(percentile(paints.map((p) => p.drawn - p.start), 50))}, then the frame ${fmt(percentile(paints.map((p) => p.painted - p.drawn), 50))}`);
    const measured = await last.page.evaluate(interactions);
    console.log(`  filter (7 filters, each with its count): ${stats(measured.filters)} (target ≤ 50 ms)`);
    console.log(`  search as you type ("person 12", letter by letter): ${stats(measured.typing)}`);
    console.log(`  sort (7 columns, both ways): ${stats(measured.sorts)} (target ≤ 50 ms)`);
    const scroll = await last.page.evaluate(scrolling);
    console.log(`  scroll, 150 frames of 400 px: work per frame ${stats(scroll.work)} (target < 16 ms); frame intervals ${stats(scroll.intervals)}`);
    await last.page.close();
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await networkFigures();
