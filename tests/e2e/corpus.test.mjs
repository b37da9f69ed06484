// The real-page corpus end to end: dist/chrome in headless Chromium, each real page served as
// www.linkedin.com at the path it was saved at, under a CSP that forbids wasm on the page.
//
// Each page must get exactly the overlays of its `<page>.overlays.json` (the core's decisions
// on what the engine reads there, tests/overlay_golden.rs; its numbers are held to the values
// read by hand on the page by tests/real_corpus.rs), read as a screen reader finds them. Then
// the same pages changed as the site changes them any day (tests/e2e/variants.mjs): class
// names re-hashed, aria-labels gone, the interface's words in another language — the same
// badges wherever the page's structure still says where the counts are, and the tab's health
// naming what was read another way; a hostile copy; posts added while scrolling; a count that
// changes; a page the adapter does not read; and no request of the extension's own.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ADAPTER, fixturePages } from './engine.mjs';
import { foreignRequests, golden, launch, overlaySummary as summary, overlays, scanOf, screenshotPath, scrollUntilBadges } from './harness.mjs';
import { HOSTILE_NAME, VARIANTS, hostile } from './variants.mjs';

const PAGES = fixturePages();
const VARIANT_DIR = mkdtempSync(join(tmpdir(), 'vinculo-variants-'));
const html = (page) => readFileSync(page.file, 'utf8');

// Every variant of every page, written once for the fixture server (`files`: name → file).
const files = {};
for (const page of PAGES) {
  const lang = scanOf(page.name).lang;
  for (const [variant, make] of Object.entries(VARIANTS)) {
    const file = join(VARIANT_DIR, `${page.name}.${variant}.html`);
    writeFileSync(file, make(html(page), { phrases: ADAPTER.phrases, lang }));
    files[`${page.name}.${variant}`] = file;
  }
}
// The hostile copy: the first post of a real React feed whose first two posts name an author.
const HOSTILE_BASE = 'feed-react-en-1';
const [first, second] = scanOf(HOSTILE_BASE).entities.filter((e) => e.entity === 'post' && e.fields.author_name);
files.hostile = join(VARIANT_DIR, 'hostile.html');
writeFileSync(
  files.hostile,
  hostile(html(PAGES.find((p) => p.name === HOSTILE_BASE)), {
    authorName: first.fields.author_name,
    otherAuthorName: second.fields.author_name,
  }),
);

// Opens `fixture` (a corpus page or a variant's name) at `path` and scrolls through it until
// `count` badges are drawn (or, for none, waits for the time the extension would have needed).
async function open(browser, path, fixture, count) {
  const page = await browser.context.newPage();
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  await page.goto(browser.url(path, fixture));
  if (count) await scrollUntilBadges(page, count);
  // Settle: a page's later batches (comments, the user) may still add badges.
  await page.waitForTimeout(count ? 300 : 1000);
  return { page, dialogs };
}

// The page's own text as its file has it, parsed (never rendered) in a blank page: the real
// pages keep the site's Trusted Types policy, which forbids parsing strings into their DOM.
async function fileText(page, file) {
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate((source) => new DOMParser().parseFromString(source, 'text/html').body.textContent, readFileSync(file, 'utf8'));
  } finally {
    await blank.close();
  }
}

async function tabHealth(browser, page) {
  const url = page.url();
  return browser.worker.evaluate(async (url) => {
    const all = await chrome.storage.session.get(null);
    return Object.values(all).find((h) => h?.url === url) ?? null;
  }, url);
}

after(() => rmSync(VARIANT_DIR, { recursive: true, force: true }));

// What a page's scripts can measure of the badges: each host's size, which must depend on its
// kind alone — not on a tier's or a level's words, nor on a count's digits.
async function hostSizes(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-vinculo-kind]')].map((host) => {
      const box = host.getBoundingClientRect();
      return `${host.getAttribute('data-vinculo-kind')} ${box.width}×${box.height}`;
    }),
  );
}

describe('real pages', () => {
  let browser;
  const sizes = new Map(); // kind → the size of its hosts, from the first page that had one
  before(async () => {
    browser = await launch({ lang: 'en', files });
  });
  after(async () => {
    await browser?.close();
  });

  for (const fixture of PAGES) {
    const want = golden(fixture.name);
    test(`${fixture.name}: its badges, kinds, levels and numbers`, async () => {
      const { page } = await open(browser, fixture.path, fixture.name, want.overlays.length);
      assert.deepEqual(summary(await overlays(page)), summary(want.overlays));
      // Every badge has a name a screen reader reads.
      for (const badge of await overlays(page)) assert.ok(badge.role === 'image' && badge.name, JSON.stringify(badge));
      for (const size of await hostSizes(page)) {
        const kind = size.split(' ')[0];
        if (!sizes.has(kind)) sizes.set(kind, size);
        assert.equal(size, sizes.get(kind), 'a host measures the same as every other of its kind');
      }
      // The page's own text is unchanged: badges live in closed shadow roots.
      assert.equal(await page.evaluate(() => document.body.textContent), await fileText(page, fixture.file));
      const health = await tabHealth(browser, page);
      if (fixture.kind !== 'messaging') assert.equal(health?.status, want.health === 'ok' && health?.user_unknown ? 'partly' : want.health);
      if (/^feed-|^search-react-vi/.test(fixture.name)) {
        const shot = screenshotPath(`${fixture.name}-en`);
        await page.locator('[data-vinculo-kind]').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: shot, fullPage: false });
        console.log(`screenshot: ${shot}`);
      }
      await page.close();
    });
  }

  for (const fixture of PAGES.filter((p) => golden(p.name).overlays.length)) {
    const want = golden(fixture.name);
    for (const variant of Object.keys(VARIANTS)) {
      test(`${fixture.name}, ${variant}: the same badges where the structure allows, the health says what fell back`, async () => {
        const { page } = await open(browser, fixture.path, `${fixture.name}.${variant}`, want.overlays.length);
        const got = summary(await overlays(page));
        assert.deepEqual(got, summary(want.overlays));
        const health = await tabHealth(browser, page);
        assert.ok(health, 'the page reported its health');
        // Without the older front end's class names its counts are read through their data
        // attributes: the health names those fields as read another way.
        if (variant === 'rehashed' && scanOf(fixture.name).entities.some((e) => e.key.startsWith('urn:li:activity:'))) {
          assert.ok(health.fallbacks.some((f) => f.startsWith('post.')), JSON.stringify(health.fallbacks));
        }
        await page.close();
      });
    }
  }

  test('a hostile copy of a real page runs no injected script, keeps names as text and still gets its badges', async () => {
    const want = golden(HOSTILE_BASE);
    const { page, dialogs } = await open(browser, '/feed/', 'hostile', want.overlays.length);
    assert.deepEqual(summary(await overlays(page)), summary(want.overlays));
    assert.deepEqual(dialogs, [], 'no alert() ran');
    const injected = await page.evaluate(() => ({ images: document.querySelectorAll('img[src="x"]').length, pwned: 'pwned' in window }));
    assert.deepEqual(injected, { images: 0, pwned: false });
    assert.equal(await page.evaluate(() => document.body.textContent), await fileText(page, files.hostile));
    assert.ok((await page.evaluate(() => document.body.textContent)).includes(HOSTILE_NAME), 'the name is shown as the text it is');
    await page.close();
  });

  test('posts appended later (infinite scroll) get badges', async () => {
    const fixture = 'feed-react-pt-1';
    const want = golden(fixture);
    const { page } = await open(browser, '/feed/', fixture, want.overlays.length);
    const added = await page.evaluate(() => {
      // Copies of the feed's posts with new tokens, as the site appends posts when scrolling.
      const list = document.querySelector('[data-testid="mainFeed"]');
      const posts = [...list.querySelectorAll('[componentkey^="expanded"][componentkey*="FeedType_"]')].filter(
        (post) => !post.parentElement.closest('[componentkey^="expanded"]'),
      );
      for (const post of posts) {
        const copy = post.cloneNode(true);
        copy.querySelectorAll('[data-vinculo-kind]').forEach((host) => host.remove());
        for (const el of [copy, ...copy.querySelectorAll('[componentkey]')]) {
          el.setAttribute('componentkey', el.getAttribute('componentkey').replace(/^expanded/, 'expandedmore').replace(/replaceableComment_urn:li:comment:\(/, '$&9'));
        }
        list.append(copy);
      }
      return posts.length;
    });
    assert.ok(added > 0);
    await scrollUntilBadges(page, want.overlays.length * 2);
    assert.deepEqual(summary(await overlays(page)), summary([...want.overlays, ...want.overlays]));
    await page.close();
  });

  test('a count that changes is re-read', async () => {
    const fixture = 'feed-react-en-1';
    const want = golden(fixture);
    const { page } = await open(browser, '/feed/', fixture, want.overlays.length);
    const target = want.overlays.find((o) => o.kind === 'vanity' && o.field === 'reactions');
    assert.ok(target, 'the page has a reactions count');
    // The count's own text, in the post the mark belongs to: the site updates it in place.
    const changed = await page.evaluate(
      ({ key, number }) => {
        const post = document.querySelector(`[componentkey^="expanded${key}"], [data-urn="${key}"]`);
        const walker = document.createTreeWalker(post, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.data.replace(/\D/g, '') === String(number)) {
            node.data = node.data.replace(/\d[\d.,]*/, '7777');
            return true;
          }
        }
        return false;
      },
      { key: target.key, number: target.number },
    );
    assert.ok(changed, 'the count is on the page');
    const deadline = Date.now() + 10_000;
    while (!(await overlays(page)).some((o) => o.kind === 'vanity' && o.number === 7777)) {
      assert.ok(Date.now() < deadline, 'the new count was not marked');
      await page.waitForTimeout(100);
    }
    await page.close();
  });

  test('a page the adapter does not read is untouched and its health says so', async () => {
    const fixture = PAGES.find((p) => p.kind === 'other');
    const { page } = await open(browser, fixture.path, fixture.name, 0);
    assert.deepEqual(await overlays(page), []);
    assert.equal(await page.evaluate(() => document.querySelectorAll('[data-vinculo-mode]').length), 0);
    assert.equal(await page.evaluate(() => document.body.textContent), await fileText(page, fixture.file));
    assert.equal((await tabHealth(browser, page))?.status, 'not_recognised');
    await page.close();
  });

  test('the extension made no network request of its own, and caused no CSP report', () => {
    // Everything the browser fetched was a page this suite opened itself.
    assert.deepEqual(foreignRequests(browser.browserRequests), []);
    // The hostile copy's own inline script is refused and reported (the policy is enforced);
    // nothing the extension does is.
    assert.ok(browser.server.cspReports.length > 0, 'the hostile page’s script was reported');
    const ours = browser.server.cspReports.filter((report) => /chrome-extension|wasm-eval/.test(report));
    assert.deepEqual(ours, []);
    // The browser itself asks for /favicon.ico of every site, with or without the extension,
    // and posts the page's CSP reports.
    const others = browser.server.requests.filter((r) => !r.includes('fixture=') && r !== '/favicon.ico' && r !== '/csp-report');
    assert.deepEqual(others, []);
  });
});

describe('a Portuguese page in a Portuguese browser', () => {
  let browser;
  before(async () => {
    browser = await launch({ lang: 'pt-BR' });
  });
  after(async () => {
    await browser?.close();
  });

  test('feed-react-pt-1: the same badges, named in Portuguese', async () => {
    const want = golden('feed-react-pt-1');
    const { page } = await open(browser, '/feed/', 'feed-react-pt-1', want.overlays.length);
    const got = await overlays(page);
    assert.deepEqual(summary(got), summary(want.overlays));
    assert.ok(got.some((o) => /^Métrica de vaidade/.test(o.name)), got[0]?.name);
    const shot = screenshotPath('feed-react-pt-1-pt-BR');
    await page.locator('[data-vinculo-kind]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot, fullPage: false });
    console.log(`screenshot: ${shot}`);
    await page.close();
  });
});
