// The wasm modules' exports, called from JS as the worker and the pages call them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { ROOT, addLanguages, loadCore, utf8 } from './load.mjs';

const core = await loadCore('worker');
addLanguages(core, ['en', 'pt']);
const pages = await loadCore('pages');

test('the worker module reads a language once its tables are added, English meanwhile', async () => {
  const fresh = await loadCore('worker', 'languages');
  assert.equal(fresh.parseCount('1,234', 'en'), undefined, 'no tables compiled in');
  addLanguages(fresh, ['en']);
  assert.equal(fresh.parseCount('1,234', 'en'), 1234);
  assert.equal(fresh.parseCount('1,2 mil reações', 'pt-BR'), undefined, 'read as English');
  assert.equal(fresh.parseCount('1.234 reações', 'pt-BR'), undefined, 'read as English');
  addLanguages(fresh, ['pt']);
  assert.equal(fresh.parseCount('1,2 mil reações', 'pt-BR'), 1200);
  assert.equal(fresh.parseCount('1.234 reações', 'pt-BR'), 1234);
  addLanguages(fresh, ['iw']);
  assert.equal(fresh.parseCount('1,234', 'he'), 1234, "Hebrew's file, by the site's code for it");
  const dates = JSON.parse(readFileSync(`${ROOT}dist/chrome/languages/he.json`, 'utf8')).dates;
  assert.ok(dates.split('\n').some((line) => line.startsWith('he\t')), 'with its dates');
  assert.equal(fresh.addLanguage(...Object.values(JSON.parse(readFileSync(`${ROOT}dist/chrome/languages/pt.json`, 'utf8')))), 0, 'added once');
});

test('parseCount returns a number or undefined', () => {
  assert.equal(core.parseCount('1,234', 'en'), 1234);
  assert.equal(core.parseCount('1,2 mil reações', 'pt-BR'), 1200);
  assert.equal(core.parseCount('Ana e outras 45 pessoas', 'pt-BR'), 46);
  assert.equal(core.parseCount('500+ connections', 'en'), 500);
  assert.equal(core.parseCount('Like', 'en'), undefined);
  assert.equal(core.parseCount('9'.repeat(100000), 'en'), undefined);
});

test('decideOverlays turns a scan into overlays with message keys and health', () => {
  const decisions = core.decideOverlays({
    path: '/feed/',
    lang: 'pt-BR',
    page_kind: 'feed',
    entities: [
      {
        entity: 'post',
        key: 'urn:li:activity:7',
        fields: { reactions: '1,2 mil', comments: '3 comentários' },
        children: [],
      },
    ],
    health: { fields: { 'post.key': { seen: 1, found: 1, strategy: 0, required: true } } },
  });
  assert.deepEqual(
    decisions.overlays.map((o) => [o.field, o.kind, o.number, o.level ?? null, o.label.key]),
    [
      ['reactions', 'vanity', 1200, null, 'vanityMark'],
      ['comments', 'conversation', 3, 'applause_only', 'levelApplauseOnly'],
    ],
  );
  assert.equal(decisions.health.status, 'ok');
});

test('a malformed scan is an error, not a crash', () => {
  assert.throws(() => core.decideOverlays({ entities: 'nope' }));
});

test('a backup dated in the far future is dated now when merged, and says how many', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  const backup = pages.prepareBackup(
    JSON.stringify({
      format: 'vinculo-export',
      version: 1,
      counterparts: [{ key: 'in:ana', name: 'Ana', connection: true, connected_at: 32_503_680_000 }],
      interactions: [
        { id: 'a', counterpart: 'in:ana', kind: 'message', direction: 'received', at: 32_503_680_000, source: 'page' },
        { id: 'b', counterpart: 'in:ana', kind: 'message', direction: 'given', at: 1_700_000_000, source: 'page' },
      ],
    }),
  );
  assert.equal(typeof backup.payload, 'string', 'one string crosses to the worker');
  const store = new core.StoreHandle();
  const outcome = store.merge(utf8(backup.payload), now);
  assert.deepEqual([outcome.added, outcome.clamped], [2, 2]);
  const file = pages.exportFile(outcome.writes, 'json', now, 'en', undefined);
  assert.equal(file.filename, 'vinculo-2026-11-20.json');
  const saved = JSON.parse(file.text);
  assert.deepEqual(saved.interactions.map((i) => i.at).sort(), [1_700_000_000, now / 1000]);
  assert.equal(saved.counterparts[0].connected_at, now / 1000);
});

test('a scan is one call: the page\'s overlays, the store\'s, what was recorded and what to write', () => {
  const store = new core.StoreHandle();
  const reply = store.handleScan(
    { path: '/feed/', lang: 'en', page_kind: 'feed', entities: [{ entity: 'post', key: 'urn:li:activity:7', fields: { reactions: '12' }, children: [] }], health: { fields: {} } },
    Date.parse('2026-11-20T12:00:00Z'),
    { store_text: false },
  );
  assert.deepEqual(Object.keys(reply).sort(), ['health', 'overlays', 'recorded', 'relationship', 'removals', 'writes']);
  assert.equal(reply.overlays[0].number, 12);
  assert.equal(reply.health.user_unknown, true);
});

test('the core\'s failures are {key, args, message}', () => {
  const failure = (() => {
    try {
      pages.prepareBackup('{"format":"vinculo-export","version":9}');
    } catch (error) {
      return error;
    }
  })();
  assert.equal(failure.key, 'exportErrorNewerVersion');
  assert.deepEqual(failure.args, ['9', '1']);
  assert.match(failure.message, /version 9/);
  assert.throws(() => new core.StoreHandle().merge(utf8('not json'), 0), (e) => e.key === 'importErrorPayload');
});
