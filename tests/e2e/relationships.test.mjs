// Relationships end to end: what the pages show of the user's exchanges (a messaging thread,
// notifications) is recorded by the worker, and a profile then shows the tier it implies.
// Several tabs recording at once lose nothing, and neither does a worker stopped between
// events. A page that does not show the user, before any page did, says so in its health.
// (The user's own clicks and submits: activity.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch, overlays } from './harness.mjs';

const SOURCES = [
  ['/messaging/thread/2-ZTQ4NjJlNzktYjM1Ni00ZGQ1LWE4YmItOTk3ZjVhNzQ1MmRhXzAxMA==/', 'messaging-en'],
  ['/messaging/thread/2-YmM0OGQ2ZTAtZjE1Ny00Yzk1LWIzNjQtM2FkZDI1ZGZiYjI1XzAxMA==/', 'messaging-pt'],
  ['/notifications/', 'notifications-en'],
];

// An extension page kept open to ask the worker and read the extension's storage, as the
// popup does (it outlives worker restarts, unlike a handle on the worker itself).
// Memoised as a promise: the tabs opened at once must share one probe, not race to make it.
function probe(browser) {
  browser.probe ??= (async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    return page;
  })();
  return browser.probe;
}

async function interactions(browser) {
  const page = await probe(browser);
  const reply = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'vinculo/summary', now: Date.now() }));
  return reply.summary.interactions;
}

// Open a page and wait until the worker has answered its first scan (the tab's health is
// written after the scan is recorded).
async function visit(browser, path, fixture) {
  const page = await browser.context.newPage();
  const url = browser.url(path, fixture);
  const since = Date.now();
  await page.goto(url);
  await (await probe(browser)).evaluate(async ({ url, since }) => {
    for (let i = 0; i < 200; i++) {
      const all = await chrome.storage.session.get(null);
      if (Object.values(all).some((h) => h?.url === url && h.at >= since)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no scan from ${url}`);
  }, { url, since });
  return page;
}

async function tabHealth(browser, page) {
  const url = page.url();
  return (await probe(browser)).evaluate(async (url) => {
    const all = await chrome.storage.session.get(null);
    return Object.values(all).find((h) => h?.url === url) ?? null;
  }, url);
}

async function relationshipBadge(browser, fixture) {
  const page = await browser.context.newPage();
  await page.goto(browser.url('/in/ana-silva-4b2a1/', fixture));
  await page.waitForSelector('[data-vinculo-kind="relationship"]', { timeout: 10_000 });
  const badge = (await overlays(page)).find((o) => o.kind === 'relationship');
  return { page, badge };
}

// What the site's own scripts can read of the badges: the page's DOM, in its main world.
function pageView(page) {
  return page.evaluate(() => ({
    hosts: [...document.querySelectorAll('[data-vinculo-kind]')].map((host) => host.outerHTML),
    html: document.documentElement.outerHTML,
    text: document.body.innerText,
  }));
}

for (const lang of ['en', 'pt-BR']) {
  describe(`a profile shows the relationship the recorded interactions imply (${lang})`, () => {
    let browser;
    before(async () => {
      browser = await launch({ lang });
    });
    after(async () => {
      await browser?.close();
    });

    test('before any interaction, then after the thread and notifications were seen', async () => {
      const profile = lang === 'en' ? 'profile-en' : 'profile-pt';
      const first = await relationshipBadge(browser, profile);
      assert.equal(first.badge.level, 'none');
      assert.match(first.badge.name, lang === 'en' ? /no interaction yet/ : /nenhuma interação ainda/);
      // The page's vanity counts are marked too.
      const vanity = await first.page.locator('[data-vinculo-kind="vanity"]').count();
      assert.ok(vanity >= 1);
      await first.page.close();

      for (const [path, fixture] of SOURCES) await (await visit(browser, path, fixture)).close();
      assert.ok((await interactions(browser)) > 0);

      const second = await relationshipBadge(browser, profile);
      assert.ok(['strong', 'active', 'one_way', 'dormant'].includes(second.badge.level), second.badge.level);
      assert.match(second.badge.name, lang === 'en' ? /you → them \d+, them → you [1-9]/ : /você → pessoa \d+, pessoa → você [1-9]/);
      // None of it is in the page's DOM: its hosts say only which kind of badge is there.
      const seen = await pageView(second.page);
      assert.ok(seen.hosts.length >= 2);
      for (const host of seen.hosts) assert.match(host, /^<span data-vinculo-kind="(vanity|relationship)"><\/span>$/);
      for (const secret of [second.badge.name, '→']) {
        assert.equal(seen.html.includes(secret), false, `the page can read ${secret}`);
        assert.equal(seen.text.includes(secret), false, `the page can read ${secret}`);
      }
      await second.page.close();
    });
  });
}

describe('recording is safe under concurrency and worker restarts', () => {
  let sequential;
  before(async () => {
    // The reference: the same pages opened one after another.
    const browser = await launch({ lang: 'en' });
    for (const [path, fixture] of SOURCES) await (await visit(browser, path, fixture)).close();
    sequential = await interactions(browser);
    await browser.close();
    assert.ok(sequential > 0);
  });

  test('three tabs recording at once lose nothing', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      const pages = await Promise.all(SOURCES.map(([path, fixture]) => visit(browser, path, fixture)));
      assert.equal(await interactions(browser), sequential);
      // Seeing the same pages again adds nothing.
      await Promise.all(pages.map((page) => page.close()));
      await Promise.all(SOURCES.map(([path, fixture]) => visit(browser, path, fixture)));
      assert.equal(await interactions(browser), sequential);
    } finally {
      await browser.close();
    }
  });

  test('a worker stopped between events loses nothing', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      const [first, ...rest] = SOURCES;
      await (await visit(browser, ...first)).close();
      const cdp = await browser.context.newCDPSession(await probe(browser));
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      // The next page's scan starts a fresh worker, which reloads the store from
      // chrome.storage.local before recording.
      for (const source of rest) {
        await (await visit(browser, ...source)).close();
      }
      assert.equal(await interactions(browser), sequential);
    } finally {
      await browser.close();
    }
  });
});

describe('who the user is', () => {
  test('a page that does not show the user says so until a page has', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      // Someone else's profile shows no one as the user, and the store knows no one yet.
      let page = await visit(browser, '/in/ana-silva-4b2a1/', 'profile-en');
      let health = await tabHealth(browser, page);
      assert.equal(health?.user_unknown, true, JSON.stringify(health));
      assert.equal(health?.status, 'partly');
      await page.close();
      // The messaging page shows the user; afterwards the store knows them.
      await (await visit(browser, ...SOURCES[0])).close();
      page = await visit(browser, '/in/ana-silva-4b2a1/', 'profile-en');
      health = await tabHealth(browser, page);
      assert.equal(health?.user_unknown, undefined, JSON.stringify(health));
      await page.close();
    } finally {
      await browser.close();
    }
  });
});
