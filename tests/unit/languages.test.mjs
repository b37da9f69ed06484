// The worker adds a language's tables to its module the first time a page in it is scanned
// (extension/languages.js), from the package's files as the build writes them (dist/chrome/languages).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createLanguages } from '../../extension/languages.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const PACKAGE = 'chrome-extension://vinculo/';

// A worker's view: the package's files through fetch (`failing` names files whose read fails
// once), and the lines each addLanguage call was given.
function worker({ failing = [] } = {}) {
  const reads = [];
  const added = [];
  const fail = new Set(failing);
  globalThis.fetch = async (url) => {
    const path = url.slice(PACKAGE.length);
    reads.push(path);
    if (fail.delete(path)) throw new TypeError('Failed to fetch');
    const text = readFileSync(`${ROOT}dist/chrome/${path}`, 'utf8');
    return { json: async () => JSON.parse(text) };
  };
  const api = { runtime: { getURL: (path) => PACKAGE + path } };
  const need = createLanguages({ api, ready: Promise.resolve(), addLanguage: (count) => added.push(count.split(/[\t,]/)[0]) });
  return { need, reads, added };
}

test("a page's language and English are added once each, whatever the page's tag", async () => {
  const { need, reads, added } = worker();
  await need('pt-BR');
  await need('pt_PT');
  await need('en-GB');
  assert.deepEqual(added.sort(), ['en', 'pt']);
  assert.deepEqual(reads.sort(), ['languages/en.json', 'languages/index.json', 'languages/pt.json']);
  await need('iw');
  assert.deepEqual(added.at(-1), 'he', "the site's code for Hebrew reads Hebrew's file");
});

test('a language without tables, or a tag that is no language, adds English only', async () => {
  const { need, reads } = worker();
  for (const lang of ['xx-YY', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', ' EN ']) await need(lang);
  assert.deepEqual(reads.sort(), ['languages/en.json', 'languages/index.json']);
});

test('a page that does not say its language gets every language', async () => {
  const { need, added } = worker();
  await need('');
  const files = new Set(Object.values(JSON.parse(readFileSync(`${ROOT}dist/chrome/languages/index.json`, 'utf8'))));
  assert.equal(added.length, files.size);
  assert.ok(files.size > 30, `${files.size} files`);
});

test('a file that could not be read is read again by a later page', async () => {
  const { need, added } = worker({ failing: ['languages/index.json', 'languages/de.json'] });
  await assert.rejects(need('de'));
  await assert.rejects(need('de'));
  assert.deepEqual(added, ['en']);
  await need('de');
  assert.deepEqual(added, ['en', 'de']);
});
