// Soak: five tabs scanning and acting at once, the worker stopped again and again, storage
// nearly full (a build without unlimitedStorage, its 10 MiB quota all but used up). Every
// interaction the pages produced must end up either stored or in the unsaved report the popup
// shows — none silently dropped, none in both — and the counts are printed.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EXTENSION, launch, pathOf } from './harness.mjs';
import { mimicSite, openCommentBox } from './site.mjs';

// Each tab: a real page whose scan records what it shows, and how the user acts on it there
// (a message in a thread; a comment on a feed's post — in feed-react-pt-1's open comment box,
// in one the user opens on feed-react-en-1; the notifications page reloaded).
const TABS = [
  { fixture: 'messaging-ember-en-1', act: 'message' },
  { fixture: 'messaging-ember-es-1', act: 'message' },
  { fixture: 'feed-react-en-1', act: 'comment' },
  { fixture: 'feed-react-pt-1', act: 'comment' },
  { fixture: 'notifications-ember-en-1', act: 'reload' },
].map((tab) => ({ ...tab, path: pathOf(tab.fixture) }));
const ACTIONS_PER_TAB = 12;
// Room left in storage: some of the interactions fit, most do not.
const HEADROOM = 1_200;
// The worker is stopped again and again, at intervals between these: often enough that
// messages are cut off mid-way, irregular so that a worker which needs longer than the
// shortest interval to start and load a nearly full storage (a slow machine) still gets
// through now and then — Chromium itself stops an idle worker after 30 s.
const STOP_EVERY_MS = { least: 250, most: 1_000 };

function quotaBuild() {
  const dir = mkdtempSync(join(tmpdir(), 'vinculo-soak-'));
  cpSync(EXTENSION, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.permissions = manifest.permissions.filter((p) => p !== 'unlimitedStorage');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

const ask = (probe, message) => probe.evaluate((m) => chrome.runtime.sendMessage(m), message);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function probeOf(browser) {
  const probe = await browser.context.newPage();
  await probe.goto(`chrome-extension://${browser.extensionId}/options.html`);
  return probe;
}

// The stored interactions' ids, read from the chunks themselves, and the unsaved report's.
async function accounts(probe) {
  return probe.evaluate(async () => {
    const local = await chrome.storage.local.get(null);
    const stored = Object.entries(local)
      .filter(([key]) => key.startsWith('vinculo:v1:i:'))
      .flatMap(([, json]) => JSON.parse(json).i.map((row) => row[0]));
    const report = (await chrome.storage.session.get('vinculo:unsaved'))['vinculo:unsaved'] ?? { ids: [], more: 0 };
    return { stored, reported: report.ids, more: report.more };
  });
}

// Opens a tab and waits until the worker has answered its scans: the content script reads a
// real page over several frames, a scan for each, and the worker writes the tab's health after
// each — the page is read once its health has stood still for a while.
async function visit(browser, probe, tab) {
  const page = await browser.context.newPage();
  const url = browser.url(tab.path, tab.fixture);
  const since = Date.now();
  await page.goto(url);
  await probe.evaluate(
    async ({ url, since }) => {
      let last = null;
      let still = 0;
      for (let i = 0; i < 600; i++) {
        const all = await chrome.storage.session.get(null);
        const at = Object.values(all).find((h) => h?.url === url && h.at >= since)?.at ?? null;
        still = at !== null && at === last ? still + 1 : 0;
        if (still >= 5) return;
        last = at;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no settled scan from ${url}`);
    },
    { url, since },
  );
  return page;
}

// What the pages produce, from the same tabs with room to spare and a worker left alone.
async function reference() {
  const browser = await launch({ lang: 'en' });
  try {
    const probe = await probeOf(browser);
    for (const tab of TABS) await (await visit(browser, probe, tab)).close();
    return (await ask(probe, { type: 'vinculo/page-to-worker/summary', now: Date.now() })).summary.interactions;
  } finally {
    await browser.close();
  }
}

const POST = '[componentkey^="expanded"][componentkey*="FeedType_"]';
const COMMENT_EDITOR = '[componentkey^="commentBox-"] [contenteditable="true"]';

async function act(page, tab, n) {
  const text = `Soak ${tab.fixture} action ${n}: thanks, see you Thursday`;
  if (tab.act === 'reload') {
    await page.reload();
    await sleep(300);
    return false;
  }
  if (tab.act === 'comment' && !(await page.locator(COMMENT_EDITOR).count())) {
    // No open comment box: the user opens the first post's.
    await page.locator(POST).first().locator('button:has(svg[id^="comment-"])').first().click();
  }
  const editor = tab.act === 'message' ? 'div.msg-form__contenteditable' : COMMENT_EDITOR;
  await page.locator(editor).first().click();
  await page.keyboard.type(text);
  const send = tab.act === 'message' ? page.locator('button.msg-form__send-button') : page.locator('button[data-view-name="comment-post"]').first();
  await send.click();
  // The site empties the editor once it sent: wait for it, so the next text starts afresh.
  await page.waitForFunction((selector) => !document.querySelector(selector).innerText.trim(), editor);
  return true;
}

describe('soak', () => {
  test('five tabs at once, the worker stopped again and again, storage nearly full: nothing silently dropped', async () => {
    const fromScans = await reference();
    const dir = quotaBuild();
    const browser = await launch({ lang: 'en', extensionDir: dir });
    let stopping = true;
    try {
      const probe = await probeOf(browser);
      const commentBox = await openCommentBox(browser.context, 'feed-react-en-2');
      await probe.evaluate(async (headroom) => {
        const free = chrome.storage.local.QUOTA_BYTES - (await chrome.storage.local.getBytesInUse(null));
        await chrome.storage.local.set({ filler: 'x'.repeat(free - headroom) });
      }, HEADROOM);

      const cdp = await browser.context.newCDPSession(probe);
      await cdp.send('ServiceWorker.enable');
      let stops = 0;
      const stopper = (async () => {
        while (stopping) {
          await cdp.send('ServiceWorker.stopAllWorkers').catch(() => {});
          stops += 1;
          await sleep(STOP_EVERY_MS.least + Math.random() * (STOP_EVERY_MS.most - STOP_EVERY_MS.least));
        }
      })();

      const sent = await Promise.all(
        TABS.map(async (tab) => {
          const page = await visit(browser, probe, tab);
          await page.evaluate(mimicSite, { commentBox });
          let count = 0;
          for (let n = 0; n < ACTIONS_PER_TAB; n++) if (await act(page, tab, n)) count += 1;
          return count;
        }),
      );
      stopping = false;
      await stopper;

      // Deliveries still retrying (a worker stopped mid-message) settle: counts stop moving.
      let last = null;
      for (let quiet = 0; quiet < 3; ) {
        await sleep(2000);
        const { stored, reported, more } = await accounts(probe);
        const now = `${stored.length}/${reported.length}/${more}`;
        quiet = now === last ? quiet + 1 : 0;
        last = now;
      }
      const { stored, reported, more } = await accounts(probe);
      const written = fromScans + sent.reduce((a, b) => a + b, 0);
      const summary = await ask(probe, { type: 'vinculo/page-to-worker/summary', now: Date.now() });
      console.log(
        `soak: ${TABS.length} tabs, worker stopped ${stops} times: written ${written} ` +
          `(${fromScans} from scans, ${written - fromScans} actions), stored ${stored.length}, reported ${reported.length + more}`,
      );

      assert.equal(new Set(stored).size, stored.length, 'stored once each');
      assert.deepEqual(reported.filter((id) => stored.includes(id)), [], 'nothing both stored and reported');
      assert.ok(reported.length > 0 && stored.length > 0, 'storage took some and refused some');
      assert.equal(stored.length + reported.length + more, written, 'every interaction stored or reported');
      assert.equal(summary.summary.interactions, stored.length, 'the worker shows what storage holds');
      assert.equal(summary.unsaved.count, reported.length + more);
      const popup = await browser.context.newPage();
      await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
      await popup.waitForSelector('#store-warning:not([hidden])');
      assert.match(await popup.locator('#store-warning').innerText(), new RegExp(`${reported.length + more} interactions seen were not saved`));
    } finally {
      stopping = false;
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
