// The real-page corpus (tests/fixtures/real): every page has its provenance and expected values,
// and nothing in it looks like the unanonymised capture it came from.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const DIR = new URL('../fixtures/real/', import.meta.url).pathname;
const provenance = JSON.parse(readFileSync(join(DIR, 'provenance.json'), 'utf8'));
const pages = readdirSync(DIR).filter((f) => f.endsWith('.html'));

test('provenance lists every page once, with where and when it comes from', () => {
  assert.deepEqual(provenance.pages.map((p) => p.file).sort(), pages.sort());
  for (const page of provenance.pages) {
    for (const field of ['source_repository', 'commit', 'path', 'capture_date', 'page_kind', 'front_end', 'language']) {
      assert.ok(page[field], `${page.file}: ${field}`);
    }
    assert.match(page.commit, /^[0-9a-f]{40}$/, page.file);
    assert.match(page.file, new RegExp(`^${page.page_kind.replace('_', '-')}-${page.front_end}-[a-z]{2}-\\d+\\.html$`));
  }
});

test('every page has expected values that agree with its provenance', () => {
  for (const page of provenance.pages) {
    const expected = JSON.parse(readFileSync(join(DIR, page.file.replace(/\.html$/, '.expected.json')), 'utf8'));
    assert.equal(expected.file, page.file);
    assert.equal(expected.page_kind, page.page_kind);
    assert.equal(expected.front_end, page.front_end);
    assert.ok('user' in expected && expected.notes, page.file);
    for (const post of expected.posts ?? []) {
      for (const count of ['reactions', 'comments', 'reposts']) {
        assert.ok(post[count] === null || Number.isInteger(post[count]), `${page.file} ${post.key} ${count}`);
      }
    }
  }
});

test('nothing looks like the capture before anonymisation', () => {
  for (const file of pages) {
    const html = readFileSync(join(DIR, file), 'utf8');
    assert.doesNotMatch(html, /ACoAA[A-Za-z0-9_-]{30,}/, `${file}: a real member id`);
    assert.doesNotMatch(html, /saved from url=|<script|<style|<!--/i, `${file}: scripts, styles or comments`);
    assert.doesNotMatch(html, /media\.licdn\.com|[\w.+-]+@(?!example\.com)[\w-]+\.[\w.-]+/, `${file}: a picture or an e-mail address`);
    assert.ok(statSync(join(DIR, file)).size < 1_100_000, `${file} is lean`);
  }
});
