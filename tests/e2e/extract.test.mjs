// The content script's extraction engine (extension/content/extract.js) in a real Chromium,
// over every LinkedIn fixture, against the same expected reads the native twin is checked
// against (tests/fixtures/linkedin/<name>.expected.json, tests/adapter_fixtures.rs): page
// kind, health, and every entity's key, copies, anchors, fields and comments. Passing here
// and there proves the two engines agree on all pages — profiles, notifications and messaging
// too, which draw no overlays yet and so are not covered by the overlay tests.
//
// No extension is loaded: the engine is injected into the page as the content script would
// run it, and driven as content.js's first drain drives it.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURES = join(ROOT, 'tests/fixtures/linkedin');
const adapter = JSON.parse(readFileSync(join(ROOT, 'adapters/linkedin.json'), 'utf8'));
const engine = readFileSync(join(ROOT, 'extension/content/extract.js'), 'utf8');
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => f.replace('.expected.json', ''))
  .sort();

// In the page: the first drain of content.js (all roots of the page's top entities, each read
// once, one record per key), reported in the expected files' shape.
function readPage(adapter) {
  const X = globalThis.VinculoExtract;
  const kind = X.pageKind(adapter, location.pathname, document);
  const health = { fields: {} };
  const roots = new Set();
  for (const entity of X.topEntities(adapter, kind)) {
    const around = X.closestRoot(adapter, entity, document.documentElement);
    if (around) roots.add(around);
    for (const root of X.findRoots(adapter, entity, document.documentElement)) roots.add(root);
  }
  const reads = [];
  for (const root of roots) {
    const { record, anchors } = X.readEntity(adapter, X.entityOf(adapter, root), root, health);
    if (record.key) reads.push({ record, anchors: Object.keys(anchors).sort() });
  }
  const entities = [];
  for (const { record, anchors } of reads) {
    if (entities.some((e) => e.key === record.key)) continue;
    const view = {
      entity: record.entity,
      key: record.key,
      copies: reads.filter((r) => r.record.key === record.key).length,
      anchors,
      fields: record.fields,
    };
    if (record.children.length) {
      view.children = record.children.map((c) => ({ entity: c.entity, key: c.key, fields: c.fields }));
    }
    entities.push(view);
  }
  const fields = Object.entries(health.fields);
  const missing = fields.filter(([, f]) => f.required && f.found < f.seen).map(([name]) => name).sort();
  const status =
    kind == null || fields.every(([, f]) => f.seen === 0) ? 'not_recognised' : missing.length ? 'partly' : 'ok';
  return { lang: document.documentElement.lang, page_kind: kind, health: status, missing, entities };
}

// Both sides with sorted object keys (the native side writes fields from a BTreeMap).
const canonical = (value) =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]))
      : value;

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
});
after(async () => {
  await browser?.close();
});

for (const name of fixtures) {
  test(`${name}: the browser engine reads what the native twin reads`, async () => {
    const want = JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8'));
    const page = await browser.newPage();
    await page.route('https://www.linkedin.com/**', (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: readFileSync(join(FIXTURES, `${name}.html`)) }),
    );
    await page.goto(`https://www.linkedin.com${want.path}`);
    await page.addScriptTag({ content: engine });
    const got = await page.evaluate(readPage, adapter);
    await page.close();
    assert.equal(got.lang, want.lang);
    assert.equal(got.page_kind, want.page_kind);
    assert.equal(got.health, want.health);
    assert.deepEqual(got.missing, want.missing);
    const strip = (entities) =>
      entities.map((e) => ({ ...e, children: e.children?.map(({ entity, key, fields }) => ({ entity, key, fields })) }));
    assert.deepEqual(canonical(strip(got.entities)), canonical(strip(want.entities)));
  });
}
