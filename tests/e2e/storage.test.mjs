// Storage end to end, in Chromium's real chrome.storage:
// - a heavy user's store (1,000,000 interactions, about 60 MB) is stored and read back by a
//   restarted worker (the extension asks for unlimitedStorage: the default quota is 10 MiB);
// - when storage refuses writes (a build without unlimitedStorage, its quota nearly used up),
//   the popup and the tab's health say what was not saved, the store in memory stays what
//   storage holds, and what was refused is saved once there is room again.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EXTENSION, launch } from './harness.mjs';

const MESSAGING = ['/messaging/thread/2-ZTQ4NjJlNzktYjM1Ni00ZGQ1LWE4YmItOTk3ZjVhNzQ1MmRhXzAxMA==/', 'messaging-en'];

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

// The build the tests run, without unlimitedStorage: chrome.storage.local keeps its quota.
function quotaBuild() {
  const dir = mkdtempSync(join(tmpdir(), 'vinculo-quota-'));
  cpSync(EXTENSION, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.permissions = manifest.permissions.filter((p) => p !== 'unlimitedStorage');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

// Waits until the worker has answered the page's scan (it writes the tab's health then).
async function scanned(probe, url, since) {
  return probe.evaluate(
    async ({ url, since }) => {
      for (let i = 0; i < 200; i++) {
        const all = await chrome.storage.session.get(null);
        const health = Object.values(all).find((h) => h?.url === url && h.at >= since);
        if (health) return health;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no scan from ${url}`);
    },
    { url, since },
  );
}

describe('a heavy user’s store', () => {
  test('1,000,000 interactions are stored and read back by a restarted worker', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      const page = await extensionPage(browser);
      const timing = await page.evaluate(async () => {
        const core = await import('./pkg/vinculo.js');
        await core.default();
        const built = performance.now();
        const parts = core.syntheticStore(1_000_000, 20_000, 7).parts();
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
      const first = await ask(page, { type: 'vinculo/summary', now: Date.now() });
      const reload = Date.now() - started;
      assert.equal(first.summary.interactions, 1_000_000, JSON.stringify(first.error ?? ''));

      // One more, recorded by the worker, survives another restart.
      const one = {
        interactions: [{ id: 'urn:li:comment:(activity:1,2)', counterpart: 'in:ana', kind: 'comment', direction: 'received', at: 1_790_000_000, source: 'page' }],
      };
      assert.equal((await ask(page, { type: 'vinculo/record', import: one })).added, 1);
      await stopWorker(browser, page);
      started = Date.now();
      const second = await ask(page, { type: 'vinculo/summary', now: Date.now() });
      const reloadAgain = Date.now() - started;
      assert.equal(second.summary.interactions, 1_000_001);
      console.log(
        `1,000,000 interactions: ${(timing.bytes / 2 ** 20).toFixed(1)} MB in ${timing.keys} keys; ` +
          `written in ${(timing.store / 1000).toFixed(1)} s; a restarted worker loaded and summarised ` +
          `them in ${(reload / 1000).toFixed(1)} s, and 1,000,001 in ${(reloadAgain / 1000).toFixed(1)} s`,
      );
    } finally {
      await browser.close();
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

      const page = await browser.context.newPage();
      const url = browser.url(...MESSAGING);
      let since = Date.now();
      await page.goto(url);
      const health = await scanned(probe, url, since);
      assert.deepEqual(health.not_saved, { key: 'storeErrorFull', args: [] });

      const summary = await ask(probe, { type: 'vinculo/summary', now: Date.now() });
      assert.equal(summary.summary.interactions, 0, 'the store holds what storage holds');
      assert.ok(summary.unsaved.count > 0, JSON.stringify(summary));
      const popup = await extensionPage(browser, 'popup.html');
      await popup.waitForSelector('#store-warning:not([hidden])');
      const warning = await popup.locator('#store-warning').innerText();
      assert.match(warning, new RegExp(`^${summary.unsaved.count} interactions seen were not saved: the browser's storage for Vínculo is full`));
      await popup.close();

      // Room again: the page's next scan saves what was refused, and the warning goes.
      await probe.evaluate(() => chrome.storage.local.remove('filler'));
      since = Date.now();
      await page.reload();
      const again = await scanned(probe, url, since);
      assert.equal(again.not_saved, undefined);
      const after = await ask(probe, { type: 'vinculo/summary', now: Date.now() });
      assert.equal(after.summary.interactions, summary.unsaved.count);
      assert.equal(after.unsaved, null);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
