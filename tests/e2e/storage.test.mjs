// Storage end to end, in Chromium's real chrome.storage:
// - a heavy user's store (1,000,000 interactions, about 60 MB) is stored and read back by a
//   restarted worker (the extension asks for unlimitedStorage: the default quota is 10 MiB);
// - when storage refuses writes (a build without unlimitedStorage, its quota nearly used up),
//   the popup and the tab's health say what was not saved, the store in memory stays what
//   storage holds, and what was refused is saved once there is room again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EXTENSION, launch, pathOf, scanOf } from './harness.mjs';

// A real thread (20 messages, each an interaction): what the page's scan records.
const MESSAGING = [pathOf('messaging-ember-en-1'), 'messaging-ember-en-1'];

async function extensionPage(browser, file = 'options.html') {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/${file}`);
  return page;
}

const ask = (page, message) => page.evaluate((m) => chrome.runtime.sendMessage(m), message);

async function stopWorker(browser, page) {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

const ROOT = new URL('../..', import.meta.url).pathname;

// The build the tests run, with a heavy user's store beside it as parts to load
// (heavy-store.json: made natively by examples/bench_score.rs — the shipped wasm has no
// data generator). The dev profile's build, which `cargo test` also makes (./build.sh test's
// checks, beside the build): a release build of it would be minutes of compiling on a clean
// machine, for a generator that takes seconds unoptimised.
function heavyBuild() {
  const dir = mkdtempSync(join(tmpdir(), 'vinculo-heavy-'));
  cpSync(EXTENSION, dir, { recursive: true });
  const file = join(dir, 'heavy-store.json');
  execFileSync('cargo', ['run', '--quiet', '--locked', '--example', 'bench_score', '--', '--write-parts', file, '1000000', '20000', '7'], { cwd: ROOT, stdio: 'ignore' });
  return dir;
}

// The build the tests run, without unlimitedStorage: chrome.storage.local keeps its quota.
function quotaBuild() {
  const dir = mkdtempSync(join(tmpdir(), 'vinculo-quota-'));
  cpSync(EXTENSION, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.permissions = manifest.permissions.filter((p) => p !== 'unlimitedStorage');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

// Every health the worker writes for `url`, as it writes it (a page is read over several
// frames, a scan each, and each scan's health replaces the last: polling could miss one).
// Kept in the probe page: `healths(probe, url)` returns them so far.
async function logHealths(probe) {
  await probe.evaluate(() => {
    globalThis.__healths = [];
    chrome.storage.onChanged.addListener((changes, area) => {
      if (area !== 'session') return;
      for (const [key, { newValue }] of Object.entries(changes)) {
        if (key.startsWith('vinculo:health:') && newValue) globalThis.__healths.push(newValue);
      }
    });
  });
}
const healths = (probe, url) => probe.evaluate((url) => globalThis.__healths.filter((h) => h.url === url), url);

// Waits until the page's healths satisfy `done` (checked on the list of them since `from`);
// returns that list.
async function healthsUntil(probe, url, from, done, what) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const list = (await healths(probe, url)).slice(from);
    if (done(list)) return list;
    assert.ok(Date.now() < deadline, `${what}: ${JSON.stringify(list).slice(0, 1500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
// A page is read once no new health came for a while.
async function settled(probe, url, from) {
  let count = -1;
  for (let still = 0; still < 10; ) {
    const now = (await healths(probe, url)).length;
    still = now === count && now > from ? still + 1 : 0;
    count = now;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (await healths(probe, url)).slice(from);
}

describe('a heavy user’s store', () => {
  test('1,000,000 interactions are stored and read back by a restarted worker', async () => {
    const dir = heavyBuild();
    const browser = await launch({ lang: 'en', extensionDir: dir });
    try {
      const page = await extensionPage(browser);
      const timing = await page.evaluate(async () => {
        const built = performance.now();
        const parts = await (await fetch('./heavy-store.json')).json();
        const made = performance.now();
        await chrome.storage.local.set(parts);
        return {
          make: made - built,
          store: performance.now() - made,
          bytes: await chrome.storage.local.getBytesInUse(null),
          keys: Object.keys(parts).length,
        };
      });
      await stopWorker(browser, page);
      let started = Date.now();
      const first = await ask(page, { type: 'vinculo/page-to-worker/summary', now: Date.now() });
      const reload = Date.now() - started;
      assert.equal(first.summary.interactions, 1_000_000, JSON.stringify(first.error ?? ''));

      // One more, recorded by the worker, survives another restart.
      const one = {
        interactions: [{ id: 'urn:li:comment:(activity:1,2)', counterpart: 'in:ana', kind: 'comment', direction: 'received', at: 1_790_000_000, source: 'page' }],
      };
      const payload = await page.evaluate(async (backup) => {
        const pages = await import('./pkg/vinculo_pages.js');
        await pages.default();
        return pages.prepareBackup(JSON.stringify({ format: 'vinculo-export', version: 1, ...backup })).payload;
      }, one);
      assert.equal((await ask(page, { type: 'vinculo/page-to-worker/merge', payload })).added, 1);
      await stopWorker(browser, page);
      started = Date.now();
      const second = await ask(page, { type: 'vinculo/page-to-worker/summary', now: Date.now() });
      const reloadAgain = Date.now() - started;
      assert.equal(second.summary.interactions, 1_000_001);
      console.log(
        `1,000,000 interactions: ${(timing.bytes / 2 ** 20).toFixed(1)} MB in ${timing.keys} keys; ` +
          `written in ${(timing.store / 1000).toFixed(1)} s; a restarted worker loaded and summarised ` +
          `them in ${(reload / 1000).toFixed(1)} s, and 1,000,001 in ${(reloadAgain / 1000).toFixed(1)} s`,
      );
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('storage that refuses writes', () => {
  test('what was not saved is told in the popup and the tab’s health, then saved when there is room', async () => {
    const dir = quotaBuild();
    const browser = await launch({ lang: 'en', extensionDir: dir });
    try {
      const probe = await extensionPage(browser);
      // All but a few bytes of the quota taken by something else.
      await probe.evaluate(async () => {
        const free = chrome.storage.local.QUOTA_BYTES - (await chrome.storage.local.getBytesInUse(null));
        await chrome.storage.local.set({ filler: 'x'.repeat(free - 64) });
      });

      await logHealths(probe);

      const page = await browser.context.newPage();
      const url = browser.url(...MESSAGING);
      await page.goto(url);
      // The scan that brought the thread was refused, and the tab's health says so.
      let list = await healthsUntil(probe, url, 0, (l) => l.some((h) => h.not_saved), 'no health saying what was not saved');
      assert.deepEqual(list.find((h) => h.not_saved).not_saved, { key: 'storeErrorFull', args: [] });
      list = await settled(probe, url, 0);
      const summary = await ask(probe, { type: 'vinculo/page-to-worker/summary', now: Date.now() });
      assert.equal(summary.summary.interactions, 0, 'the store holds what storage holds');
      // Every message of the thread (its golden scan) is an interaction not saved.
      assert.equal(summary.unsaved.count, scanOf(MESSAGING[1]).entities.find((e) => e.entity === 'thread').children.length);
      // The site renders the thread's title late (this page shows none): the thread is read
      // again, and the health the tab is left with still says what the page showed was not saved
      // (not that the user is unknown, which the refused write would have told the store).
      await page.evaluate(() => {
        const title = document.createElement('h2');
        title.textContent = 'Omar Ramos';
        document.querySelector('ul:has([data-event-urn^="urn:li:msg_message:"])').prepend(title);
      });
      list = await healthsUntil(probe, url, 0, (l) => l.length > list.length, 'no later scan after the title appeared');
      list = await settled(probe, url, 0);
      assert.deepEqual(list.at(-1).not_saved, { key: 'storeErrorFull', args: [] }, JSON.stringify(list));

      const popup = await extensionPage(browser, 'popup.html');
      await popup.waitForSelector('#store-warning:not([hidden])');
      const warning = await popup.locator('#store-warning').innerText();
      assert.match(warning, new RegExp(`^${summary.unsaved.count} interactions seen were not saved: the browser's storage for Vínculo is full`));
      await popup.close();

      // Room again: the page's next reading saves what was refused, and the warning goes.
      await probe.evaluate(() => chrome.storage.local.remove('filler'));
      const before = (await healths(probe, url)).length;
      await page.reload();
      list = await settled(probe, url, before);
      assert.equal(list.at(-1).not_saved, undefined, JSON.stringify(list));
      const after = await ask(probe, { type: 'vinculo/page-to-worker/summary', now: Date.now() });
      assert.equal(after.summary.interactions, summary.unsaved.count);
      assert.equal(after.unsaved, null);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
