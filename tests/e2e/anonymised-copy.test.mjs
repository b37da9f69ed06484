// The popup's "Save an anonymised copy of this page", end to end: a real page (from the corpus)
// served as www.linkedin.com, the built extension's popup asking that tab's content script for
// the copy, and the file the user downloads.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, foreignRequests, launch } from './harness.mjs';

const PAGE = join(ROOT, 'tests/fixtures/real/feed-react-en-1.html');

let browser;
before(async () => {
  browser = await launch({ files: { 'real-feed': PAGE } });
});
after(async () => {
  await browser?.close();
});

// The tab whose content script has reported to the worker (its health is kept per tab).
async function readTabId() {
  for (let tries = 0; tries < 100; tries++) {
    const stored = await browser.worker.evaluate(() => chrome.storage.session.get(null));
    const key = Object.keys(stored).find((k) => k.startsWith('vinculo:health:'));
    if (key) return Number(key.split(':').pop());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the content script never reported');
}

test('the popup saves an anonymised copy of the open page, and the page stays as it was', async () => {
  const page = await browser.context.newPage();
  await page.goto(browser.url('/feed/', 'real-feed'));
  const tabId = await readTabId();
  const seen = () =>
    page.evaluate(() => ({
      names: [...document.querySelectorAll('a[href*="/in/"] strong, [data-testid="mainFeed"] button[aria-label^="Open control menu for post by "]')].map(
        (el) => el.textContent.trim() || el.getAttribute('aria-label').replace('Open control menu for post by ', ''),
      ),
      slugs: [...document.querySelectorAll('a[href*="/in/"]')].map((a) => new URL(a.href).pathname.split('/')[2]),
      posts: document.querySelectorAll('[data-testid="mainFeed"] h2').length,
      text: document.body.innerText.length,
    }));
  const live = await seen();
  assert.ok(live.names.length >= 5 && live.slugs.length >= 5, JSON.stringify(live));

  // The popup asks the active tab; opened here as a page of its own, it is told which tab that is.
  const popup = await browser.context.newPage();
  await popup.addInitScript((id) => {
    const query = chrome.tabs.query.bind(chrome.tabs);
    chrome.tabs.query = (info) => (info?.active ? Promise.resolve([{ id }]) : query(info));
  }, tabId);
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.waitForSelector('#page-copy:not([hidden])');
  const [download] = await Promise.all([popup.waitForEvent('download'), popup.click('#save-copy')]);
  assert.match(download.suggestedFilename(), /^linkedin-feed-anonymised-\d{4}-\d\d-\d\d\.html$/);
  await popup.waitForFunction(() => document.getElementById('save-copy-status').textContent.startsWith('Saved as '));
  const copy = readFileSync(await download.path(), 'utf8');

  for (const name of new Set(live.names)) assert.ok(!copy.includes(name), `${name} is in the copy`);
  for (const slug of new Set(live.slugs)) assert.ok(!copy.includes(`/in/${slug}/`), `${slug} is in the copy`);
  assert.doesNotMatch(copy, /data-vinculo-kind|<script|ACoAA[A-Za-z0-9_-]{30,}/);
  assert.equal(copy.match(/<h2\b/g).length, (readFileSync(PAGE, 'utf8').match(/<h2\b/g) ?? []).length, 'every heading stays');
  assert.match(copy, /1,107 reactions/);
  assert.match(copy, /data-testid="mainFeed"/);

  assert.deepEqual(await seen(), live, 'the page the user sees is untouched');
  assert.deepEqual(foreignRequests(browser.browserRequests), [], 'no request of the extension’s own');
});
