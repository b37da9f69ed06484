// The worker trusts no content script with the user's data: from the content script's own
// world (where a compromised page process could act), STORE_PARTS, MERGE and WIPE are refused and
// the store is untouched, while the same messages from the options page work.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { launch, pathOf } from './harness.mjs';

// Evaluates `expression` in the extension's content-script world of `page` (CDP: the isolated
// world Chromium made for the extension), awaiting its promise.
async function inContentScript(browser, page, expression) {
  const cdp = await browser.context.newCDPSession(page);
  const worlds = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
  await cdp.send('Runtime.enable');
  const world = worlds.find((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${browser.extensionId}`);
  assert.ok(world, `the content script's world among ${JSON.stringify(worlds.map((c) => [c.name, c.origin]))}`);
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    contextId: world.id,
    expression,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

describe('privileged messages only from the extension’s own pages', () => {
  test('a content script’s STORE_PARTS, MERGE and WIPE are refused; the options page’s work', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      const options = await browser.context.newPage();
      await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
      const ask = (message) => options.evaluate((m) => chrome.runtime.sendMessage(m), message);
      const one = {
        interactions: [{ id: 'urn:li:comment:(activity:1,2)', counterpart: 'in:ana', kind: 'comment', direction: 'received', at: 1_790_000_000, source: 'page' }],
      };
      const payload = await options.evaluate(async (backup) => {
        const pages = await import('./pkg/vinculo_pages.js');
        await pages.default();
        return pages.prepareBackup(JSON.stringify({ format: 'vinculo-export', version: 1, ...backup })).payload;
      }, one);
      assert.equal((await ask({ type: 'vinculo/page-to-worker/merge', payload })).added, 1);
      const planted = await options.evaluate(async () => {
        const pages = await import('./pkg/vinculo_pages.js');
        await pages.default();
        const interactions = [{ id: 'planted', counterpart: 'in:mallory', kind: 'recommendation', direction: 'received', at: 1790000000, source: 'page' }];
        return pages.prepareBackup(JSON.stringify({ format: 'vinculo-export', version: 1, interactions })).payload;
      });

      const page = await browser.context.newPage();
      await page.goto(browser.url(pathOf('feed-react-en-1'), 'feed-react-en-1'));
      await page.waitForSelector('[data-vinculo-kind]');
      const replies = await inContentScript(
        browser,
        page,
        `(async () => {
          const send = (m) => chrome.runtime.sendMessage(m);
          return {
            parts: await send({ type: 'vinculo/page-to-worker/store-parts' }),
            merged: await send({ type: 'vinculo/page-to-worker/merge', payload: ${JSON.stringify(planted)} }),
            wiped: await send({ type: 'vinculo/page-to-worker/wipe' }),
            summary: await send({ type: 'vinculo/page-to-worker/summary', now: Date.now() }),
          };
        })()`,
      );
      for (const [name, reply] of Object.entries(replies)) {
        assert.match(reply?.error ?? '', /is not accepted from https:\/\/www\.linkedin\.com\//, `${name}: ${JSON.stringify(reply).slice(0, 200)}`);
        assert.equal(reply.parts, undefined);
      }

      const exported = await options.evaluate(async () => {
        const pages = await import('./pkg/vinculo_pages.js');
        await pages.default();
        const { parts } = await chrome.runtime.sendMessage({ type: 'vinculo/page-to-worker/store-parts' });
        return JSON.parse(pages.exportFile(parts, 'json', Date.now(), 'en', undefined).text);
      });
      assert.deepEqual(exported.interactions.map((i) => i.counterpart), ['in:ana'], 'nothing planted, nothing wiped');
      await ask({ type: 'vinculo/page-to-worker/wipe' });
      assert.equal((await ask({ type: 'vinculo/page-to-worker/summary', now: Date.now() })).summary.interactions, 0);
    } finally {
      await browser.close();
    }
  });

  test('the extension’s pages reach the worker through its own channel, checked against the same table', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      const options = await browser.context.newPage();
      await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
      const replies = await options.evaluate(async () => {
        // A message and a port for its reply, straight to the service worker.
        const post = async (message) => {
          const { active } = await navigator.serviceWorker.getRegistration();
          const channel = new MessageChannel();
          // The worker first says which of its runs took the message, then replies.
          const reply = new Promise((resolve) => (channel.port1.onmessage = ({ data }) => 'taken' in data || resolve(data.reply)));
          active.postMessage(message, [channel.port2]);
          return reply;
        };
        const pages = await import('./pkg/vinculo_pages.js');
        await pages.default();
        const interactions = [{ id: 'urn:li:comment:(activity:1,2)', counterpart: 'in:ana', kind: 'comment', direction: 'received', at: 1790000000, source: 'page' }];
        const { payload } = pages.prepareBackup(JSON.stringify({ format: 'vinculo-export', version: 1, interactions }));
        // The pages' own sender: runtime messaging unavailable, so only the worker's channel can answer.
        chrome.runtime.sendMessage = () => Promise.reject(new Error('runtime messaging used'));
        return {
          scan: await post({ type: 'vinculo/content-to-worker/scan', scan: { path: '/feed/', lang: 'en', page_kind: 'feed', entities: [], health: { fields: {} } } }),
          merged: await globalThis.VinculoWorker.send({ type: 'vinculo/page-to-worker/merge', payload }),
          summary: await globalThis.VinculoWorker.send({ type: 'vinculo/page-to-worker/summary', now: Date.now() }),
        };
      });
      assert.match(replies.scan?.error ?? '', /is not accepted from chrome-extension:\/\/[a-z]+\/options\.html/, JSON.stringify(replies.scan));
      assert.equal(replies.merged.added, 1, JSON.stringify(replies.merged));
      assert.equal(replies.summary.summary.interactions, 1, JSON.stringify(replies.summary).slice(0, 200));

      // A stopped worker is woken by the message, loads the store and answers.
      const started = async () => Math.max(...(await Promise.all(browser.context.serviceWorkers().map((w) => w.evaluate(() => performance.timeOrigin).catch(() => 0)))));
      const before = await started();
      const cdp = await browser.context.newCDPSession(options);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      const woken = await options.evaluate(() => globalThis.VinculoWorker.send({ type: 'vinculo/page-to-worker/summary', now: Date.now() }));
      assert.equal(woken.summary.interactions, 1, JSON.stringify(woken).slice(0, 200));
      assert.ok((await started()) > before, 'the worker was stopped and started again');
    } finally {
      await browser.close();
    }
  });

  test('a page whose message the worker stops holding gets a clear error instead of waiting, and can send it again', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      const options = await browser.context.newPage();
      await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
      // A merge large enough to keep the worker busy for a while, sent as the options page
      // sends it. The page's timers run 100 times faster, so that the page's questions
      // (ALIVE, every 2 s) queue up in the worker while it merges; the page tells when the
      // worker has taken the merge (the {taken} on its port).
      const interactions = 200_000;
      await options.evaluate(async (n) => {
        const pages = await import('./pkg/vinculo_pages.js');
        await pages.default();
        const interactions = Array.from({ length: n }, (_, i) => ({
          id: `urn:li:comment:(activity:${i},${i})`, counterpart: `in:person-${i % 5000}`, kind: 'comment', direction: 'received', at: 1_790_000_000 + i, source: 'page',
        }));
        globalThis.payload = pages.prepareBackup(JSON.stringify({ format: 'vinculo-export', version: 1, interactions })).payload;
        const Channel = MessageChannel;
        const taken = new Promise((resolve) => {
          globalThis.MessageChannel = class extends Channel {
            constructor() {
              super();
              this.port1.addEventListener('message', ({ data }) => 'taken' in data && resolve());
            }
          };
        });
        globalThis.realSetTimeout = setTimeout;
        globalThis.setTimeout = (run, ms, ...args) => globalThis.realSetTimeout(run, ms / 100, ...args);
        globalThis.outcome = globalThis.VinculoWorker.send({ type: 'vinculo/page-to-worker/merge', payload: globalThis.payload }).then(
          (reply) => ({ reply }),
          (error) => ({ error }),
        );
        await taken;
        globalThis.MessageChannel = Channel;
        await new Promise((resolve) => globalThis.realSetTimeout(resolve, 50));
      }, interactions);
      const cdp = await browser.context.newCDPSession(options);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      const outcome = await options.evaluate(() =>
        Promise.race([globalThis.outcome, new Promise((resolve) => globalThis.realSetTimeout(() => resolve('still waiting'), 15_000))]),
      );
      assert.equal(outcome?.error?.key, 'workerStopped', `the merge was stopped, not answered: ${JSON.stringify(outcome).slice(0, 200)}`);
      const again = await options.evaluate(() => {
        globalThis.setTimeout = globalThis.realSetTimeout;
        return globalThis.VinculoWorker.send({ type: 'vinculo/page-to-worker/merge', payload: globalThis.payload });
      });
      assert.equal(again.added + again.duplicates, interactions, JSON.stringify(again));
      const summary = await options.evaluate(() => globalThis.VinculoWorker.send({ type: 'vinculo/page-to-worker/summary', now: Date.now() }));
      assert.equal(summary.summary.interactions, interactions);

      // A message no run takes (here, one the worker has no handler for, which it ignores)
      // ends the wait too, once two of the page's questions were answered without it.
      const untaken = await options.evaluate(() =>
        Promise.race([
          globalThis.VinculoWorker.send({ type: 'vinculo/page-to-worker/unknown' }).then((reply) => ({ reply }), (error) => ({ error })),
          new Promise((resolve) => setTimeout(() => resolve('still waiting'), 15_000)),
        ]),
      );
      assert.equal(untaken?.error?.key, 'workerStopped', JSON.stringify(untaken));
    } finally {
      await browser.close();
    }
  });
});
