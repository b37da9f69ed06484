// The extension's own pages end to end: the popup's first run, importing LinkedIn's archive
// through the options page and seeing the popup change, exporting and re-importing into a
// fresh profile with an identical result, bad archives refused with the store untouched,
// display modes applied to an open tab at once, axe-core on popup and options, screenshots
// in English and Portuguese, light and dark.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AXE, ROOT, launch, overlays, pathOf, screenshotPath } from './harness.mjs';

const ARCHIVES = join(ROOT, 'tests/fixtures/archive');
// A fixed "now" for summaries compared across profiles.
const NOW = Date.parse('2026-11-25T12:00:00Z');

async function extensionPage(browser, file, { dark = false } = {}) {
  const page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  await page.setViewportSize({ width: file === 'popup.html' ? 400 : 900, height: 900 });
  await page.goto(`chrome-extension://${browser.extensionId}/${file}`);
  // The options page listens once it has drawn (its handlers attach with its text).
  if (file === 'options.html') await page.waitForSelector('#modes fieldset');
  return page;
}

// The summary as the popup gets it: a message from an extension page to the worker.
async function summary(browser) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  const reply = await page.evaluate((now) => chrome.runtime.sendMessage({ type: 'vinculo/page-to-worker/summary', now }), NOW);
  await page.close();
  return reply;
}

async function importFiles(page, files) {
  await page.setInputFiles('#import-file', files);
  await page.waitForFunction(() => {
    const text = document.getElementById('import-report').textContent;
    return text && !/Reading the files|Lendo os arquivos/.test(text);
  });
  return page.locator('#import-report').innerText();
}

async function axe(page) {
  await page.evaluate(AXE); // evaluate is not subject to the page's CSP
  const result = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function storedParts(browser) {
  return browser.worker.evaluate(async () => {
    const all = await chrome.storage.local.get(null);
    return Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith('vinculo:v')));
  });
}

for (const lang of ['en', 'pt-BR']) {
  describe(`popup and options (${lang})`, () => {
    let browser;
    before(async () => {
      browser = await launch({ lang });
    });
    after(async () => {
      await browser?.close();
    });

    test('the first run tells the user what to do', async () => {
      const popup = await extensionPage(browser, 'popup.html');
      await popup.waitForSelector('#first-run:not([hidden])');
      const text = await popup.locator('#first-run').innerText();
      assert.match(text, lang === 'en' ? /Browse LinkedIn/ : /Use o LinkedIn/);
      assert.deepEqual(await axe(popup), []);
      await popup.close();
    });

    test('importing the archive fills the popup; screenshots light and dark', async () => {
      const options = await extensionPage(browser, 'options.html');
      const suffix = lang === 'en' ? '11-20-2026' : '10-05-2026';
      const report = await importFiles(options, join(ARCHIVES, `Basic_LinkedInDataExport_${suffix}.zip`));
      assert.match(report, lang === 'en' ? /Archive imported: [1-9]\d* new interactions/ : /Arquivo importado: [1-9]\d* interações novas/);
      assert.match(report, /Connections\.csv/);
      assert.deepEqual(await axe(options), []);
      for (const dark of [false, true]) {
        const page = dark ? await extensionPage(browser, 'options.html', { dark }) : options;
        const shot = screenshotPath(`options-${lang}-${dark ? 'dark' : 'light'}`);
        await page.screenshot({ path: shot, fullPage: true });
        console.log(`screenshot: ${shot}`);
        if (dark) await page.close();
      }

      // Importing the same archive again adds nothing.
      const again = await importFiles(options, join(ARCHIVES, `Basic_LinkedInDataExport_${suffix}.zip`));
      assert.match(again, lang === 'en' ? /Archive imported: 0 new interactions/ : /Arquivo importado: 0 interações novas/);
      await options.close();

      const { summary: s } = await summary(browser);
      assert.ok(s.connections > 0 && s.interactions > 0, JSON.stringify(s));
      for (const dark of [false, true]) {
        const popup = await extensionPage(browser, 'popup.html', { dark });
        await popup.waitForSelector('#health:not([hidden])');
        const active = await popup.locator('#fig-active-label').innerText();
        assert.ok(active.includes(String(s.connections)), active);
        // The core's chart, as an image named by its alt text: one bar per week.
        const chart = await popup.locator('#weekly img.chart').evaluate((img) => ({ alt: img.alt, svg: decodeURIComponent(img.src.split(',')[1]) }));
        assert.equal((chart.svg.match(/<rect class="bar"/g) ?? []).length, 12);
        assert.match(chart.alt, /\S/);
        assert.deepEqual(await axe(popup), []);
        const shot = screenshotPath(`popup-${lang}-${dark ? 'dark' : 'light'}`);
        await popup.screenshot({ path: shot, fullPage: true });
        console.log(`screenshot: ${shot}`);
        await popup.close();
      }
    });

    test('a bad archive gets a clear message and leaves the store as it was', async () => {
      const before = await storedParts(browser);
      const options = await extensionPage(browser, 'options.html');
      for (const [file, words] of [
        ['bad_bomb.zip', /damaged|refused|danificado|recusado/],
        ['bad_not_a_zip.zip', /not a ZIP|não é um ZIP/],
        ['bad_truncated.zip', /damaged|danificado|not a ZIP|não é um ZIP/],
      ]) {
        const report = await importFiles(options, join(ARCHIVES, file));
        assert.match(report, lang === 'en' ? /Nothing was imported/ : /Nada foi importado/, `${file}: ${report}`);
        assert.match(report, words, `${file}: ${report}`);
      }
      await options.close();
      assert.deepEqual(await storedParts(browser), before);
    });

    test('a display mode changed in the options applies to an open tab at once', async () => {
      // A real feed of the corpus in the browser's language.
      const fixture = lang === 'en' ? 'feed-react-en-1' : 'feed-react-pt-1';
      const feed = await browser.context.newPage();
      await feed.goto(browser.url(pathOf(fixture), fixture));
      await feed.waitForSelector('[data-vinculo-kind="vanity"]');
      const modes = () => feed.evaluate(() => [...document.querySelectorAll('[data-vinculo-mode]')].map((el) => el.getAttribute('data-vinculo-mode')));
      assert.deepEqual(await modes(), []);
      const options = await extensionPage(browser, 'options.html');
      await options.check('input[name="mode-reactions"][value="blur"]');
      await feed.waitForFunction(() => document.querySelector('[data-vinculo-mode="blur"]'));
      const blurred = await feed.evaluate(() => getComputedStyle(document.querySelector('[data-vinculo-mode="blur"]')).filter);
      assert.match(blurred, /blur/);
      // Pointing at a blurred count's badge shows the number; leaving the badge blurs it again.
      await feed.evaluate(() => {
        const count = document.querySelector('[data-vinculo-mode="blur"]');
        const beside = count.parentElement.closest('a[href], button, [role="button"], [role="link"]') ?? count;
        beside.nextElementSibling.setAttribute('data-test-badge', '');
        count.setAttribute('data-test-count', '');
      });
      const countFilter = () => feed.evaluate(() => getComputedStyle(document.querySelector('[data-test-count]')).filter);
      await feed.hover('[data-test-badge]', { position: { x: 8, y: 9 } });
      await feed.waitForFunction(() => document.querySelector('[data-test-count]').hasAttribute('data-vinculo-reveal'));
      assert.equal(await countFilter(), 'none');
      await feed.mouse.move(0, 0);
      await feed.waitForFunction(() => !document.querySelector('[data-test-count]').hasAttribute('data-vinculo-reveal'));
      assert.match(await countFilter(), /blur/);
      await options.check('input[name="mode-reactions"][value="hide"]');
      await feed.waitForFunction(() => document.querySelector('[data-vinculo-mode="hide"]'));
      const hidden = await feed.evaluate(() => getComputedStyle(document.querySelector('[data-vinculo-mode="hide"]')).visibility);
      assert.equal(hidden, 'hidden');
      assert.ok((await overlays(feed)).length > 0, 'badges stay');
      await options.check('input[name="mode-reactions"][value="annotate"]');
      await feed.waitForFunction(() => !document.querySelector('[data-vinculo-mode]'));
      await options.close();
      await feed.close();
    });
  });
}

describe('wiping', () => {
  test('erasing all data asks first, then empties the store', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      const options = await extensionPage(browser, 'options.html');
      await importFiles(options, join(ARCHIVES, 'Basic_LinkedInDataExport_11-20-2026.zip'));
      assert.ok(Object.keys(await storedParts(browser)).length > 0);
      // Declining the confirmation changes nothing.
      options.once('dialog', (dialog) => dialog.dismiss());
      await options.click('#wipe');
      await options.waitForTimeout(300);
      assert.ok(Object.keys(await storedParts(browser)).length > 0);
      options.once('dialog', (dialog) => dialog.accept());
      await options.click('#wipe');
      await options.waitForFunction(() => /erased/.test(document.getElementById('import-report').textContent));
      assert.deepEqual(await storedParts(browser), {});
      const { summary: s } = await summary(browser);
      assert.equal(s.interactions, 0);
    } finally {
      await browser.close();
    }
  });
});

describe('export and re-import into a fresh profile', () => {
  test('the JSON export restores the same store; CSV and HTML are safe and self-contained', async () => {
    const first = await launch({ lang: 'en' });
    let exported;
    let expected;
    try {
      const options = await extensionPage(first, 'options.html');
      await importFiles(options, [
        join(ARCHIVES, 'Complete_LinkedInDataExport_11-20-2026_part1.zip'),
        join(ARCHIVES, 'Basic_LinkedInDataExport_11-20-2026.zip'),
      ]);
      const save = async (id) => {
        const [download] = await Promise.all([options.waitForEvent('download'), options.click(id)]);
        return readFileSync(await download.path(), 'utf8');
      };
      exported = await save('#export-json');
      const csv = await save('#export-csv');
      const html = await save('#export-html');
      await options.close();
      expected = (await summary(first)).summary;

      assert.equal(JSON.parse(exported).format, 'vinculo-export');
      assert.equal(csv.charCodeAt(0), 0xfeff, 'the CSV starts with a byte-order mark');
      for (const line of csv.slice(1).split('\n').slice(1)) {
        assert.doesNotMatch(line, /(^|,)"?[=+\-@]/, `formula-looking cell in: ${line}`);
      }
      assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i, 'no external resources');
      assert.match(html, /<svg/);
    } finally {
      await first.close();
    }

    const fresh = await launch({ lang: 'en' });
    try {
      const options = await extensionPage(fresh, 'options.html');
      const dir = mkdtempSync(join(tmpdir(), 'vinculo-export-'));
      writeFileSync(join(dir, 'vinculo.json'), exported);
      const report = await importFiles(options, join(dir, 'vinculo.json'));
      assert.match(report, /vinculo\.json: [1-9]\d* interactions added/);
      await options.close();
      assert.deepEqual((await summary(fresh)).summary, expected);
    } finally {
      await fresh.close();
    }
  });
});
