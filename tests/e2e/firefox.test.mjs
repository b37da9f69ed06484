// The same feed overlays in Debian's Firefox ESR, driven over WebDriver BiDi with
// puppeteer-core, the extension installed from dist/firefox.
// Firefox resolves www.linkedin.com to this machine through `network.dns.localDomains`, so the
// fixture server listens on 127.0.0.1:443.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { ROOT, golden, pathOf, scrollUntilBadges, serveFixtures } from './harness.mjs';


describe('feed overlays in Firefox', () => {
  let browser;
  let server;
  let dir;
  const requests = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vinculo-ff-'));
    server = await serveFixtures(dir, {}, 443);
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: '/usr/bin/firefox-esr',
      headless: true,
      acceptInsecureCerts: true,
      extraPrefsFirefox: {
        'network.dns.localDomains': 'www.linkedin.com',
        // No background traffic of Firefox's own in the request log.
        'app.update.enabled': false,
        'browser.safebrowsing.malware.enabled': false,
        'browser.safebrowsing.phishing.enabled': false,
        'extensions.getAddons.cache.enabled': false,
        'network.captive-portal-service.enabled': false,
      },
    });
    await browser.installExtension(join(ROOT, 'dist/firefox'));
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Real pages of both front ends, in three languages.
  for (const fixture of ['feed-react-en-1', 'feed-react-pt-1', 'feed-ember-en-1', 'post-detail-ember-it-1']) {
    test(`${fixture}: the same badges as in Chromium`, async () => {
      const want = golden(fixture);
      const page = await browser.newPage();
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`https://www.linkedin.com${pathOf(fixture)}?fixture=${fixture}`);
      await scrollUntilBadges(page, want.overlays.length);
      // What the page's scripts see: a badge of a kind, nothing else. (The badges' names and
      // levels are read from Chromium's accessibility tree in corpus.test.mjs; WebDriver BiDi
      // has no accessibility tree to read them from here.)
      const hosts = await page.evaluate(() => [...document.querySelectorAll('[data-vinculo-kind]')].map((host) => host.outerHTML));
      for (const host of hosts) assert.match(host, /^<span data-vinculo-kind="(vanity|conversation)"><\/span>$/);
      const kinds = (list) => list.map((o) => o.kind).sort();
      assert.deepEqual(kinds(hosts.map((host) => ({ kind: host.match(/"(\w+)"/)[1] }))), kinds(want.overlays));
      await page.close();
    });
  }

  test('no request but the fixture pages themselves', () => {
    assert.ok(server.requests.length >= 4);
    // The browser itself asks for /favicon.ico of every site, with or without the extension.
    assert.deepEqual(server.requests.filter((r) => !r.includes('fixture=') && r !== '/favicon.ico'), []);
    const foreign = requests.filter(
      (url) => !/^(moz-extension|data|about):/.test(url) && !url.includes('fixture=') && !url.endsWith('/favicon.ico'),
    );
    assert.deepEqual(foreign, []);
    assert.deepEqual(server.cspReports, []);
  });
});
