// The content script's extraction engine on every fixture page, in Chromium: what it reads
// (page kind, health, every entity with its copies and anchors, how many elements each
// selector of the adapter matches) must equal the page's golden `<name>.scan.json`. The Rust
// tests take those goldens as the scans the worker receives (overlays, capture), so engine
// and core are held to one answer.
//
// `VINCULO_BLESS=1 node --test tests/e2e/engine.test.mjs` rewrites the goldens after a
// deliberate change; review the diff: it is what the extension reads on real pages.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { ADAPTER, canonical, fixturePages, rediscovered, scanFixture, selectors } from './engine.mjs';

const BLESS = Boolean(process.env.VINCULO_BLESS);
let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
});
after(async () => {
  await browser?.close();
});

test('every selector of the adapter parses in Chromium', async () => {
  const page = await browser.newPage();
  const invalid = await page.evaluate(
    (all) =>
      all.filter(([, css]) => {
        try {
          document.querySelector(css);
          return false;
        } catch {
          return true;
        }
      }),
    selectors(),
  );
  await page.close();
  assert.deepEqual(invalid, []);
});

test('every condition of the adapter is a valid Unicode pattern, every phrase set it names exists', () => {
  const strategies = Object.values(ADAPTER.entities).flatMap((e) => [
    ...e.key,
    ...Object.values(e.fields ?? {}).flatMap((f) => f.strategies),
  ]);
  for (const s of strategies.filter((s) => s.must_match)) assert.doesNotThrow(() => new RegExp(s.must_match, 'u'));
  for (const set of strategies.flatMap((s) => [s.phrase, ...(s.without_phrase ?? [])]).filter(Boolean)) assert.ok(ADAPTER.phrases?.[set], set);
});

for (const fixture of fixturePages()) {
  test(`${fixture.name}: the engine reads the page's golden scan`, async () => {
    const got = await scanFixture(browser, fixture);
    const golden = join(fixture.dir, `${fixture.name}.scan.json`);
    if (BLESS) writeFileSync(golden, JSON.stringify(got, null, 2) + '\n');
    assert.ok(existsSync(golden), `${golden} is missing: run VINCULO_BLESS=1 node --test tests/e2e/engine.test.mjs`);
    const want = canonical(JSON.parse(readFileSync(golden, 'utf8')));
    assert.equal(got.page_kind, want.page_kind, 'page kind');
    assert.equal(got.status, want.status, 'health');
    assert.deepEqual(got.missing, want.missing, 'missing fields');
    assert.deepEqual(got.fell_back, want.fell_back, 'fields read by a fallback strategy');
    assert.deepEqual(
      got.entities.map((e) => `${e.entity} ${e.key}`),
      want.entities.map((e) => `${e.entity} ${e.key}`),
      'entities',
    );
    assert.deepEqual(got.entities, want.entities);
    assert.deepEqual(got.matches, want.matches, 'selector matches');
    assert.deepEqual(got, want);

    // The front-end tags save time, never change what is read: with no front end told, every
    // root and strategy is tried, and the page reads the same.
    const untold = await scanFixture(browser, fixture, { ...ADAPTER, front_ends: {} });
    for (const part of ['page_kind', 'status', 'missing', 'fell_back', 'health', 'entities']) {
      assert.deepEqual(untold[part], got[part], `${part} with every front end's selectors tried`);
    }

    // A change the site makes inside an entity leads back to that entity, and to no root the
    // page's read would not find.
    const again = await rediscovered(browser, fixture);
    if (got.entities.length) assert.ok(again.roots > 0, 'the page has roots to find again');
    assert.deepEqual(again.wrong, []);

    // Two entities never share a key: the content script batches and caches records by key.
    const kinds = new Map();
    for (const e of got.entities) {
      assert.ok(!kinds.has(e.key) || kinds.get(e.key) === e.entity, `${e.key} is a ${kinds.get(e.key)} and a ${e.entity}`);
      kinds.set(e.key, e.entity);
    }
    // Values are bounded: a hostile page can print megabytes.
    for (const e of got.entities) {
      for (const value of [...Object.values(e.fields), ...e.children.flatMap((c) => Object.values(c.fields))]) {
        assert.ok([...value].length <= ADAPTER.max_chars);
      }
    }
  });
}
