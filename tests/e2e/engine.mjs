// The content script's extraction engine (extension/content/extract.js) on a fixture page in
// Chromium, without the extension: the page is served at the URL path it was saved from and
// the engine is run as content.js's first drain runs it. What it reads is the "scan" the
// worker would receive, plus what the tests need to check it (copies, anchors, selector
// matches). Used by the engine test (and its bless mode) and the variants test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const ADAPTER = JSON.parse(readFileSync(join(ROOT, 'adapters/linkedin.json'), 'utf8'));
export const ENGINE = readFileSync(join(ROOT, 'extension/content/extract.js'), 'utf8');

// Where a fragment of a page (saved without its URL: a messaging thread's list, a conversation
// list) is served: the path of the page kind it was cut from.
const FRAGMENT_PATHS = { messaging: '/messaging/thread/2-fragment/', other: '/company/fragment/' };

// Every page of the real corpus: {name, dir, file, path, kind}. The URL path a page was
// saved at comes from its provenance (tests/fixtures/real/provenance.json).
export function fixturePages() {
  const real = join(ROOT, 'tests/fixtures/real');
  return JSON.parse(readFileSync(join(real, 'provenance.json'), 'utf8')).pages.map((entry) => {
    const name = entry.file.replace(/\.html$/, '');
    const path = entry.url_path ?? FRAGMENT_PATHS[entry.page_kind] ?? '/';
    return { name, dir: real, file: join(real, entry.file), path, kind: entry.page_kind };
  });
}

// Every selector of the adapter with a stable name (e.g. `post.reactions#4`), as Refined
// GitHub keeps them: how many elements each matches on a page is part of the page's golden.
export function selectors(adapter = ADAPTER) {
  const all = [];
  for (const [name, front] of Object.entries(adapter.front_ends ?? {})) {
    front.detect.forEach((css, i) => all.push([`front_end.${name}.detect#${i}`, css]));
  }
  for (const page of adapter.pages) {
    (page.detect ?? []).forEach((css, i) => all.push([`page.${page.kind}.detect#${i}`, css]));
  }
  for (const [name, entity] of Object.entries(adapter.entities).sort(([a], [b]) => (a < b ? -1 : 1))) {
    entity.roots.forEach((root, i) => all.push([`${name}.roots#${i}`, root.css ?? root]));
    const strategies = [
      ...entity.key.map((s, i) => [`${name}.key#${i}`, s]),
      ...Object.entries(entity.fields ?? {}).flatMap(([field, f]) => f.strategies.map((s, i) => [`${name}.${field}#${i}`, s])),
    ];
    for (const [id, strategy] of strategies) {
      const css = strategy.css ?? strategy.closest;
      if (css) all.push([id, css]);
      if (strategy.not_inside) all.push([`${id}.not_inside`, strategy.not_inside]);
      if (strategy.around) all.push([`${id}.around`, strategy.around]);
      if (strategy.within) all.push([`${id}.within`, strategy.within]);
      if (strategy.ignore) all.push([`${id}.ignore`, strategy.ignore]);
      if (strategy.inner) all.push([`${id}.inner`, strategy.inner]);
    }
  }
  return all;
}

// In the page: the first drain (all roots of the page's top entities, each read once, one
// record per key with the anchors of every copy), the popup's verdict and selector matches.
function readPage({ adapter, selectors }) {
  const X = globalThis.VinculoExtract;
  const kind = X.pageKind(adapter, location.pathname, document);
  const health = { fields: {} };
  const roots = new Set();
  const entities = X.topEntities(adapter, kind);
  for (const entity of entities) {
    const around = X.closestRoot(adapter, entity, document.documentElement);
    if (around) roots.add(around);
  }
  for (const found of X.findRootsOf(adapter, entities, document.documentElement).values()) for (const root of found) roots.add(root);
  const byKey = new Map();
  for (const root of roots) {
    const { record, anchors } = X.readEntity(adapter, X.entityOf(adapter, root), root, health);
    if (!record.key) continue;
    const id = `${record.entity}\u0000${record.key}`;
    const copy = Object.keys(anchors).sort();
    const known = byKey.get(id);
    if (known) known.copies.push(copy);
    else byKey.set(id, { ...record, copies: [copy] });
  }
  const fields = Object.entries(health.fields);
  const missing = fields.filter(([, f]) => f.required && f.found < f.seen).map(([name]) => name).sort();
  const fellBack = fields.filter(([, f]) => f.strategy > 0).map(([name]) => name).sort();
  const status =
    kind == null || fields.every(([, f]) => f.seen === 0) ? 'not_recognised' : missing.length ? 'partly' : 'ok';
  const matches = {};
  for (const [id, css] of selectors) {
    try {
      matches[id] = document.querySelectorAll(css).length;
    } catch {
      matches[id] = null; // a selector this browser cannot parse
    }
  }
  return {
    path: location.pathname,
    lang: document.documentElement.lang,
    page_kind: kind,
    status,
    missing,
    fell_back: fellBack,
    health,
    entities: [...byKey.values()],
    matches,
  };
}

// Object keys sorted at every level, so goldens diff cleanly.
export const canonical = (value) =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]))
      : value;

// In the page: what the content script does with a node the site changed inside an entity (a
// count updated in place, a reply added): the roots it finds in and around that node must be
// roots the whole page's read finds, the entity holding the node among them. → how many roots,
// and what was found wrong around which.
function rediscover({ adapter }) {
  const X = globalThis.VinculoExtract;
  const kind = X.pageKind(adapter, location.pathname, document);
  const entities = X.topEntities(adapter, kind);
  const all = new Set();
  for (const found of X.findRootsOf(adapter, entities, document.documentElement).values()) for (const root of found) all.add(root);
  const wrong = [];
  for (const root of all) {
    // The deepest first descendant: where a count's text usually sits.
    let inner = root;
    while (inner.firstElementChild) inner = inner.firstElementChild;
    const around = new Set();
    try {
      for (const entity of entities) {
        const hit = X.closestRoot(adapter, entity, inner);
        if (hit) around.add(hit);
      }
      for (const found of X.findRootsOf(adapter, entities, inner).values()) for (const hit of found) around.add(hit);
    } catch (error) {
      wrong.push(`${X.entityOf(adapter, root)}: ${error}`);
      continue;
    }
    if (!around.has(root)) wrong.push(`${X.entityOf(adapter, root)}: not found around its own node`);
    if ([...around].some((hit) => !all.has(hit))) wrong.push(`${X.entityOf(adapter, root)}: a root the page's read does not find`);
  }
  return { roots: all.size, wrong };
}

// Opens `html` at `path` in a new page of `browser` (scripts never run: the fixtures have
// none, and a capture's own are stripped) and runs `inPage` there with the engine loaded.
async function withEngine(browser, html, path, inPage, arg) {
  const page = await browser.newPage({ javaScriptEnabled: false });
  try {
    const url = `https://www.linkedin.com${path}`;
    await page.route('**/*', (route) =>
      route.request().url() === url
        ? route.fulfill({ contentType: 'text/html; charset=utf-8', body: html })
        : route.abort(),
    );
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.evaluate(ENGINE);
    return await page.evaluate(inPage, arg);
  } finally {
    await page.close();
  }
}

// Reads `html` at `path` as the first drain does. `adapter` defaults to the shipped one.
export const scanHtml = async (browser, html, path, adapter = ADAPTER) =>
  canonical(await withEngine(browser, html, path, readPage, { adapter, selectors: selectors(adapter) }));

// → {roots, wrong}: the fixture's roots found again from a node inside each (see rediscover).
export const rediscovered = (browser, fixture) =>
  withEngine(browser, readFileSync(fixture.file, 'utf8'), fixture.path, rediscover, { adapter: ADAPTER });

export const scanFixture = (browser, fixture, adapter) =>
  scanHtml(browser, readFileSync(fixture.file, 'utf8'), fixture.path, adapter);
