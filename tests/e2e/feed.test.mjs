// The feed overlays end to end: dist/chrome in headless Chromium, fixtures served as
// www.linkedin.com under a CSP that forbids wasm on the page.
//
// Expectations come from `<fixture>.overlays.json`, which the native test
// (tests/overlay_golden.rs) checks against the Rust twin of the extraction engine: the browser
// drawing exactly those overlays proves the JS engine and the native one agree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, foreignRequests, golden, launch, overlaySummary as summary, overlays, screenshotPath } from './harness.mjs';

async function openFixture(browser, fixture) {
  const want = golden(fixture);
  const page = await browser.context.newPage();
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  await page.goto(browser.url(want.path, fixture));
  // The page's own text as the fixture file has it, parsed in the page but never rendered.
  const html = readFileSync(join(FIXTURES, `${fixture}.html`), 'utf8');
  const textBefore = await page.evaluate(
    (source) => new DOMParser().parseFromString(source, 'text/html').body.textContent,
    html,
  );
  if (want.overlays.length) {
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-vinculo-kind]').length >= n,
      want.overlays.length,
      { timeout: 10_000 },
    );
  } else {
    // Nothing should appear: give the extension the time it would have needed.
    await page.waitForTimeout(1000);
  }
  return { page, want, dialogs, textBefore };
}

async function tabHealth(browser, page) {
  const url = page.url();
  return browser.worker.evaluate(async (url) => {
    const all = await chrome.storage.session.get(null);
    return Object.values(all).find((h) => h?.url === url) ?? null;
  }, url);
}

for (const lang of ['en', 'pt-BR']) {
  const suffix = lang === 'en' ? 'en' : 'pt';
  describe(`feed overlays (${lang})`, () => {
    let browser;
    before(async () => {
      browser = await launch({ lang });
    });
    after(async () => {
      await browser?.close();
    });

    for (const fixture of [`feed-sdui-${suffix}`, `feed-ember-${suffix}`]) {
      test(`${fixture}: each post gets its badges, kinds, levels and numbers`, async () => {
        const { page, want, textBefore } = await openFixture(browser, fixture);
        assert.deepEqual(summary(await overlays(page)), summary(want.overlays));
        // The page's own text is unchanged: badges live in closed shadow roots.
        assert.equal(await page.evaluate(() => document.body.textContent), textBefore);
        const health = await tabHealth(browser, page);
        assert.equal(health?.status, want.health);
        const shot = screenshotPath(`${fixture}-${lang}`);
        await page.screenshot({ path: shot, fullPage: true });
        console.log(`screenshot: ${shot}`);
        await page.close();
      });
    }

    test(`feed-sdui-${suffix}: posts appended later (infinite scroll) get badges`, async () => {
      const fixture = `feed-sdui-${suffix}`;
      const { page, want } = await openFixture(browser, fixture);
      const added = await page.evaluate(() => {
        // Clone the feed's posts with fresh identities, as the site does when scrolling.
        const list = document.querySelector('[data-testid="mainFeed"]');
        const posts = [...list.querySelectorAll(':scope > [role="listitem"]')];
        for (const post of posts) {
          const copy = post.cloneNode(true);
          copy.querySelectorAll('[data-vinculo-kind]').forEach((host) => host.remove());
          for (const el of [copy, ...copy.querySelectorAll('[componentkey],[data-urn],[data-id]')]) {
            for (const attr of ['componentkey', 'data-urn', 'data-id']) {
              const value = el.getAttribute(attr);
              if (value) el.setAttribute(attr, value.replace(/(expanded|activity:|comment:\()/, '$1more'));
            }
          }
          list.append(copy);
        }
        return posts.length;
      });
      assert.ok(added > 0);
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-vinculo-kind]').length >= n,
        want.overlays.length * 2,
        { timeout: 10_000 },
      );
      assert.deepEqual(summary(await overlays(page)), summary([...want.overlays, ...want.overlays]));
      await page.close();
    });

    test(`a count that changes is re-read (${lang})`, async () => {
      const fixture = `feed-ember-${suffix}`;
      const { page, want } = await openFixture(browser, fixture);
      const target = want.overlays.find((o) => o.kind === 'vanity' && o.field === 'reactions');
      assert.ok(target, 'the fixture has a reactions count');
      // The count a vanity mark sits beside, in the page's own text.
      await page.evaluate(
        ({ key, number }) => {
          const post = document.querySelector(`[data-urn="${key}"]`);
          const count = [...post.querySelectorAll('[data-vinculo-kind="vanity"]')]
            .map((host) => host.previousElementSibling)
            .find((anchor) => anchor.textContent.replace(/\D/g, '') === String(number));
          const text = [...count.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && /\d/.test(n.data)) ?? count.firstChild;
          text.data = text.data.replace(/\d[\d.,]*/, '7777');
        },
        { key: target.key, number: target.number },
      );
      const deadline = Date.now() + 10_000;
      while (!(await overlays(page)).some((o) => o.kind === 'vanity' && o.number === 7777)) {
        assert.ok(Date.now() < deadline, 'the new count was not marked');
        await page.waitForTimeout(100);
      }
      await page.close();
    });
  });
}

describe('pages the adapter must leave alone or survive', () => {
  let browser;
  before(async () => {
    browser = await launch({ lang: 'en' });
  });
  after(async () => {
    await browser?.close();
  });

  test('an unrecognised page is untouched and its health says so', async () => {
    const { page, textBefore } = await openFixture(browser, 'unrecognised');
    assert.deepEqual(await overlays(page), []);
    assert.equal(await page.evaluate(() => document.querySelectorAll('[data-vinculo-mode]').length), 0);
    assert.equal(await page.evaluate(() => document.body.textContent), textBefore);
    const health = await tabHealth(browser, page);
    assert.equal(health?.status, 'not_recognised');
    await page.close();
  });

  test('a hostile page runs no injected script and still gets its badges', async () => {
    const { page, want, dialogs, textBefore } = await openFixture(browser, 'hostile');
    assert.deepEqual(summary(await overlays(page)), summary(want.overlays));
    assert.deepEqual(dialogs, [], 'no alert() ran');
    const injected = await page.evaluate(() => ({
      images: document.querySelectorAll('img[src="x"]').length,
      pwned: 'pwned' in window,
    }));
    assert.deepEqual(injected, { images: 0, pwned: false });
    assert.equal(await page.evaluate(() => document.body.textContent), textBefore);
    await page.close();
  });

  test('the extension made no network request of its own, and no CSP report', async () => {
    // Everything the browser fetched was a fixture page this test suite opened itself.
    assert.deepEqual(foreignRequests(browser.browserRequests), []);
    assert.deepEqual(browser.server.cspReports, []);
    // The browser itself asks for /favicon.ico of every site, with or without the extension.
    const others = browser.server.requests.filter((r) => !r.includes('fixture=') && r !== '/favicon.ico');
    assert.deepEqual(others, []);
  });
});
