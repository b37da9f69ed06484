// `./build.sh bench`: prints Vínculo's figures in one run.
// - both wasm modules' sizes, raw and gzipped (the worker's and the pages');
// - the content script's main-thread time on a 300-post feed made of real posts
//   (tests/bench/long-feed.mjs), per task and per 10 posts of the feed, from a Chromium trace
//   (its CPU samples: tests/bench/trace.mjs), and long tasks it caused;
// - the page's main-thread time with and without the extension, measured in the same run on a
//   300-post feed styled by the site's own stylesheets (what the page's engine does with the
//   badges depends on them), their ratio, and the difference's CPU time by phase (PrePaint,
//   style, Layout, scripts, …);
// - badges on screen after posts appear: a post inserted into the feed, with the worker
//   running (warm) and stopped (cold: the browser wakes it for the post's scan), and the
//   worker's cold start, from its waking to its answer to that first scan;
// - "Your network" at 30,000 people / 1,000,000 interactions (tests/bench/network-page.mjs);
// - the core's native benchmarks (cargo examples) and the same work in wasm.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { launch } from '../e2e/harness.mjs';
import { longFeed, styledFeed } from './long-feed.mjs';
import { layouts, mainThreadTasks, percentile, phaseTimes, traced } from './trace.mjs';
import { networkFigures } from './network-page.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const POSTS = 300;
const ROUNDS = 5;
const fmt = (ms) => `${ms.toFixed(2)} ms`;

// Both wasm modules: the worker's (what scans and activity need; the target) and the pages'.
function wasmSize() {
  for (const module of ['worker', 'pages']) {
    const bytes = readFileSync(join(ROOT, `dist/chrome/pkg/vinculo_${module}_bg.wasm`));
    const glue = readFileSync(join(ROOT, `dist/chrome/pkg/vinculo_${module}.js`));
    const target = module === 'worker' ? ' (target ≤ 150 KB gzipped)' : ' (loaded by the extension pages only)';
    console.log(`wasm ${module}: ${(bytes.length / 1024).toFixed(1)} KB raw, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzipped${target}; JS glue ${(glue.length / 1024).toFixed(1)} KB`);
  }
}

// In the page: the badges drawn, and the feed's posts holding one (the posts read; the feed's
// own posts, not the wrappers the React front end nests them in).
function badgesDrawn() {
  const posts = [...document.querySelectorAll('[componentkey^="expanded"][componentkey*="FeedType_"]')].filter(
    (post) => !post.parentElement.closest('[componentkey^="expanded"]'),
  );
  return {
    badges: document.querySelectorAll('[data-vinculo-kind]').length,
    posts: posts.filter((post) => post.querySelector('[data-vinculo-kind]')).length,
  };
}

// One load of the unstyled long feed with the extension, scrolled by the mouse wheel, traced.
// → the renderer main thread's tasks, with the extension's part of each.
async function feedRun(browser) {
  const page = await browser.context.newPage();
  let badgeDelay = null;
  const events = await traced(page, async () => {
    const started = Date.now();
    await page.goto(browser.url('/feed/', 'long'));
    await page.waitForFunction(() => document.querySelector('[data-vinculo-kind]'), null, { timeout: 20_000 });
    badgeDelay = Date.now() - started;
    for (let y = 0; y < 40; y++) {
      await page.mouse.wheel(0, 2000);
      await page.waitForTimeout(25);
    }
    await page.waitForTimeout(500);
  });
  const tasks = mainThreadTasks(events, `chrome-extension://${browser.extensionId}/`);
  const { badges, posts } = await page.evaluate(badgesDrawn);
  await page.close();
  return { tasks, badgeDelay, badges, posts };
}

// In the page: the feed scrolled 80,000 px, 1,000 at a time, two frames and 20 ms apart. The
// site's feed scrolls in a container of its own; the steps are the same with or without the
// extension, so both runs render the same frames. → what scrolled.
async function scrollFeed() {
  let scroller = document.querySelector('[data-testid="mainFeed"]');
  const scrolls = (el) => el.scrollHeight > el.clientHeight + 10 && /auto|scroll/.test(getComputedStyle(el).overflowY);
  while (scroller && !scrolls(scroller)) scroller = scroller.parentElement;
  scroller ??= document.scrollingElement;
  const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  for (let step = 0; step < 80; step++) {
    scroller.scrollTop += 1000;
    await frames();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return scroller.tagName;
}

// One load of the styled feed, with or without the extension, scrolled, traced. → the renderer
// main thread's busy time, its layouts and its CPU time by phase.
async function pageTimeRun(browser) {
  const page = await browser.context.newPage();
  const events = await traced(page, async () => {
    await page.goto(browser.url('/feed/', 'styled'));
    await page.waitForTimeout(1500);
    await page.evaluate(scrollFeed);
    await page.waitForTimeout(500);
  });
  const tasks = mainThreadTasks(events, 'chrome-extension://');
  const { badges } = await page.evaluate(badgesDrawn);
  await page.close();
  return { busy: tasks.reduce((sum, t) => sum + t.dur, 0), badges, layouts: layouts(events), phases: phaseTimes(events) };
}

const INSERTIONS = 5;

// In the page: a copy of one of the feed's posts, with tokens of its own as the site gives a new
// post, inserted before the first post on screen (the feed scrolled to it). → when it was
// inserted, when its first badge was drawn (the page's clock), and how many frames the page
// began in between: 0 when the badge is on screen with the post.
async function insertPost(n) {
  const list = document.querySelector('[data-testid="mainFeed"]');
  const posts = [...list.querySelectorAll('[componentkey^="expanded"][componentkey*="FeedType_"]')].filter(
    (post) => !post.parentElement.closest('[componentkey^="expanded"]'),
  );
  const source = posts[n % posts.length];
  const copy = source.cloneNode(true);
  copy.querySelectorAll('[data-vinculo-kind]').forEach((host) => host.remove());
  for (const el of [copy, ...copy.querySelectorAll('[componentkey]')]) {
    const key = el.getAttribute('componentkey');
    el.setAttribute('componentkey', key.replace(/^expanded/, `expandednew${n}x`).replace(/(replaceableComment_urn:li:comment:\(urn:li:\w+:)(\d+)/, `$19${n}$2`));
  }
  posts[0].scrollIntoView();
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
  let frames = 0;
  let drawn = false;
  const count = () => {
    if (drawn) return;
    frames += 1;
    requestAnimationFrame(count);
  };
  const badge = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!copy.querySelector('[data-vinculo-kind]')) return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(copy, { childList: true, subtree: true });
  });
  const insertedAt = performance.now();
  requestAnimationFrame(count);
  posts[0].before(copy);
  const drawnAt = await badge;
  drawn = true;
  return { insertedAt: performance.timeOrigin + insertedAt, ms: drawnAt - insertedAt, frames };
}

// When the extension's service worker last started (its clock's origin, epoch milliseconds).
async function workerStart(context) {
  const starts = await Promise.all(context.serviceWorkers().map((worker) => worker.evaluate(() => performance.timeOrigin).catch(() => 0)));
  return Math.max(...starts);
}

// Posts inserted into the long feed, with the worker running, then each after stopping it: the
// browser wakes it for the post's scan. (Only a session on one of the extension's own pages can
// stop its worker; its manifest is a page that never messages the worker.)
async function insertionFigures(browser) {
  const page = await browser.context.newPage();
  await page.goto(browser.url('/feed/', 'long'));
  await page.waitForFunction(() => document.querySelector('[data-vinculo-kind]'), null, { timeout: 20_000 });
  await page.waitForTimeout(1000);
  const warm = [];
  for (let n = 0; n < INSERTIONS; n++) {
    warm.push(await page.evaluate(insertPost, n));
    await page.waitForTimeout(300);
  }
  const own = await browser.context.newPage();
  await own.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
  const cdp = await browser.context.newCDPSession(own);
  await cdp.send('ServiceWorker.enable');
  const cold = [];
  for (let n = INSERTIONS; n < 2 * INSERTIONS; n++) {
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.waitForTimeout(500);
    const result = await page.evaluate(insertPost, n);
    const startedAt = await workerStart(browser.context);
    const drawnAt = result.insertedAt + result.ms;
    cold.push({ ...result, insertToWake: startedAt - result.insertedAt, wakeToAnswer: drawnAt - startedAt });
    await page.waitForTimeout(300);
  }
  await cdp.detach();
  await own.close();
  await page.close();
  return { warm, cold };
}

async function browserFigures() {
  const dir = mkdtempSync(join(tmpdir(), 'vinculo-bench-'));
  const feeds = { long: join(dir, 'long-feed.html'), styled: join(dir, 'styled-feed.html') };
  const builder = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  writeFileSync(feeds.long, await longFeed(builder, POSTS));
  writeFileSync(feeds.styled, await styledFeed(builder, POSTS));
  await builder.close();

  const withExt = await launch({ lang: 'en', extension: true, files: feeds });
  const without = await launch({ lang: 'en', extension: false, files: feeds });
  const results = { feed: [], with: [], without: [] };
  let inserted;
  try {
    for (let round = 0; round < ROUNDS; round++) results.feed.push(await feedRun(withExt));
    // Alternate the two browsers so drift on this machine affects both alike.
    for (let round = 0; round < ROUNDS; round++) {
      results.with.push(await pageTimeRun(withExt));
      results.without.push(await pageTimeRun(without));
    }
    inserted = await insertionFigures(withExt);
  } finally {
    await withExt.close();
    await without.close();
  }

  const extTasks = results.feed.flatMap((r) => r.tasks.filter((t) => t.extension > 0).map((t) => t.extension));
  const perRun = results.feed.map((r) => r.tasks.reduce((sum, t) => sum + t.extension, 0));
  const longTasks = results.feed.flatMap((r) => r.tasks.filter((t) => t.extension > 50));
  const withBusy = percentile(results.with.map((r) => r.busy), 50);
  const withoutBusy = percentile(results.without.map((r) => r.busy), 50);
  // Posts far from the screen are read as the run scrolls near them: fewer than the feed's
  // (the unstyled feed's posts are tall), so the figure per 10 posts of the feed is mostly what
  // a page costs the content script whatever it holds: starting, telling the front end,
  // finding the roots, then the posts read.
  const drawnOn = results.feed.map((r) => `${r.badges} on ${r.posts}`).join(', ');
  console.log(`content script on a ${POSTS}-post feed (${ROUNDS} runs; badges drawn on the posts read, those scrolled near and the next ones: ${drawnOn} posts):`);
  console.log(`  per task: median ${fmt(percentile(extTasks, 50))}, p95 ${fmt(percentile(extTasks, 95))}, max ${fmt(Math.max(...extTasks))} over ${extTasks.length} tasks`);
  console.log(`  per 10 posts of the feed: ${fmt(percentile(perRun, 50) / (POSTS / 10))} (median run total ${fmt(percentile(perRun, 50))}; target ≤ 1 ms)`);
  console.log(`  long tasks (> 50 ms) in the extension's scripts: ${longTasks.length}`);
  console.log(`  first badge on screen: ${results.feed.map((r) => r.badgeDelay).join(', ')} ms after navigation start`);
  const frames = (list) => list.map((r) => r.frames).join(', ');
  const { warm, cold } = inserted;
  console.log(`badge after a post is inserted into the feed, ${INSERTIONS} posts each:`);
  // Frames the page began between the post's insertion and its badge: 0, the badge shows with
  // the post; 1, in the frame after the one that first showed the post.
  console.log(`  warm worker: median ${fmt(percentile(warm.map((r) => r.ms), 50))}, max ${fmt(Math.max(...warm.map((r) => r.ms)))}; frames begun before the badge: ${frames(warm)} (target ≤ 1)`);
  console.log(`  cold worker: median ${fmt(percentile(cold.map((r) => r.ms), 50))}, max ${fmt(Math.max(...cold.map((r) => r.ms)))} (target ≤ 300 ms); frames: ${frames(cold)}`);
  console.log(`  worker cold start, waking → first scan answered: ${cold.map((r) => fmt(r.wakeToAnswer)).join(', ')} (woken ${cold.map((r) => fmt(r.insertToWake)).join(', ')} after the insertion)`);
  console.log(`page main-thread time on a ${POSTS}-post feed styled by the site's stylesheets, median of ${ROUNDS}: with ${fmt(withBusy)}, without ${fmt(withoutBusy)}, ratio ${(withBusy / withoutBusy).toFixed(3)} (target ≤ 1.05, goal 1.01); ${results.with.map((r) => r.badges).join(', ')} badges drawn`);
  // Each round's own ratio (its two runs were made one after the other): how far the machine's
  // drift moves the figure above.
  const roundRatios = results.with.map((r, i) => (r.busy / results.without[i].busy).toFixed(3));
  console.log(`  ratio of each round: ${roundRatios.join(', ')}`);
  const layoutCounts = (runs) => runs.map((r) => r.layouts).join(', ');
  console.log(`  layouts of the page (each a frame in which it changed): with ${layoutCounts(results.with)}, without ${layoutCounts(results.without)}`);
  // Where the difference lies: each phase's own CPU time, median of the runs, with less without.
  const phases = new Set([...results.with, ...results.without].flatMap((r) => [...r.phases.keys()]));
  const phaseMedian = (runs, name) => percentile(runs.map((r) => r.phases.get(name) ?? 0), 50);
  const differences = [...phases]
    .map((name) => [name, phaseMedian(results.with, name) - phaseMedian(results.without, name)])
    .filter(([, ms]) => Math.abs(ms) >= 1)
    .sort((a, b) => b[1] - a[1]);
  console.log(`  CPU time by phase, with less without (medians; 1 ms and more): ${differences.map(([name, ms]) => `${name} ${ms > 0 ? '+' : ''}${ms.toFixed(0)}`).join(', ')}`);
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
await networkFigures();
nativeFigures();
await wasmFigures();
