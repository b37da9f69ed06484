// What must hold when things go wrong or when the user changes how Vínculo speaks:
// - the wasm fails to load: pages stay exactly as they are, and nothing breaks;
// - the overlays pass axe, and each badge is named in the accessibility tree and takes focus;
// - the language chosen in the options wins over the browser's;
// - the user's own profile and My Network say how many of the connections are active.
// All on real pages of the corpus (tests/fixtures/real).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AXE, EXTENSION, FIXTURES, expected, launch, overlays, pathOf } from './harness.mjs';

const FEED = 'feed-react-en-1';

describe('when the wasm core cannot load', () => {
  test('the page is left intact and no badge appears', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vinculo-broken-'));
    cpSync(EXTENSION, dir, { recursive: true });
    for (const module of ['worker', 'pages']) writeFileSync(join(dir, `pkg/vinculo_${module}_bg.wasm`), 'not wasm');
    const browser = await launch({ lang: 'en', extensionDir: dir });
    try {
      const page = await browser.context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(browser.url(pathOf(FEED), FEED));
      await page.waitForTimeout(1500);
      // The page as saved, parsed by the browser in a blank page (the real page's own CSP
      // requires Trusted Types, which a parse of a plain string would break).
      const blank = await browser.context.newPage();
      const original = await blank.evaluate(
        (source) => new DOMParser().parseFromString(source, 'text/html').body.textContent,
        readFileSync(join(FIXTURES, `${FEED}.html`), 'utf8'),
      );
      await blank.close();
      assert.equal(await page.evaluate(() => document.body.textContent), original);
      assert.deepEqual(await overlays(page), []);
      assert.deepEqual(errors, []);
      // The popup says so instead of failing silently.
      const popup = await browser.context.newPage();
      await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
      await popup.waitForSelector('#store-warning:not([hidden])');
      assert.match(await popup.locator('#store-warning').innerText(), /could not start/);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('overlays, language and the user’s own pages', () => {
  test('the overlays have no serious or critical axe violations', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      const page = await browser.context.newPage();
      await page.goto(browser.url(pathOf(FEED), FEED));
      await page.waitForSelector('[data-vinculo-kind="conversation"]');
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => {
        const result = await globalThis.axe.run({ include: [['[data-vinculo-kind]']] }, { resultTypes: ['violations'] });
        return result.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.id);
      });
      assert.deepEqual(violations, []);
      // Each badge is named for a screen reader, and reachable with the keyboard.
      const names = (await overlays(page)).map((o) => o.name);
      assert.ok(names.length && names.every((name) => name && name.length > 10), names.join('\n'));
      let focused = null;
      for (let i = 0; i < 60 && !focused; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.getAttribute('data-vinculo-kind'));
      }
      assert.ok(focused, 'a badge takes keyboard focus');
    } finally {
      await browser.close();
    }
  });

  test('the language chosen in the options wins over the browser’s', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      const options = await browser.context.newPage();
      await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
      await options.waitForSelector('#modes fieldset'); // the page has drawn and listens
      await options.selectOption('#language', 'pt-BR');
      await options.waitForFunction(() => document.documentElement.lang === 'pt-BR');
      assert.match(await options.locator('h1').innerText(), /Opções do Vínculo/);
      const feed = await browser.context.newPage();
      await feed.goto(browser.url(pathOf(FEED), FEED));
      await feed.waitForSelector('[data-vinculo-kind="conversation"]');
      const names = (await overlays(feed)).map((o) => o.name).join('\n');
      assert.match(names, /Métrica de vaidade|Conversa:/);
    } finally {
      await browser.close();
    }
  });

  test('the user’s own profile and My Network count active relationships of connections', async () => {
    // A real own profile (profile-ember-pl-1: its edit links) and a real My Network page
    // (network-react-pt-1: "Conexões 250"); a real profile of someone else gets no such mark.
    const browser = await launch({ lang: 'en' });
    try {
      for (const [fixture, connections] of [
        ['profile-ember-pl-1', expected('profile-ember-pl-1').profile.connections],
        ['network-react-pt-1', expected('network-react-pt-1').connections],
      ]) {
        const page = await browser.context.newPage();
        await page.goto(browser.url(pathOf(fixture), fixture));
        await page.waitForSelector('[data-vinculo-kind="vanity"]');
        const deadline = Date.now() + 10_000;
        let marks;
        while (!(marks = (await overlays(page)).filter((o) => o.kind === 'vanity' && / active relationships of /.test(o.name))).length) {
          assert.ok(Date.now() < deadline, `${fixture}: no "N active relationships of M connections" mark`);
          await page.waitForTimeout(100);
        }
        assert.match(marks[0].name, new RegExp(` active relationships of ${connections} connections`), marks[0].name);
        assert.equal(await page.locator('[data-vinculo-kind="relationship"]').count(), 0, `${fixture}: no relationship with oneself`);
        await page.close();
      }
      const other = await browser.context.newPage();
      await other.goto(browser.url(pathOf('profile-react-en-2'), 'profile-react-en-2'));
      await other.waitForSelector('[data-vinculo-kind="relationship"]');
      assert.deepEqual((await overlays(other)).filter((o) => / active relationships of /.test(o.name ?? '')), []);
      await other.close();
    } finally {
      await browser.close();
    }
  });
});
