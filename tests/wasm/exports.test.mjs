// The wasm package's exports, called from JS as the worker and the pages call them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCore } from './load.mjs';

const core = await loadCore();

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

test('a backup dated in the far future is dated now when recorded, and says how many', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  const backup = core.readVinculoExport(
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
  const store = new core.StoreHandle();
  const outcome = store.recordImport(backup, now);
  assert.deepEqual([outcome.added, outcome.clamped], [2, 2]);
  const saved = JSON.parse(core.exportJson(store.parts()));
  assert.deepEqual(saved.interactions.map((i) => i.at).sort(), [1_700_000_000, now / 1000]);
  assert.equal(saved.counterparts[0].connected_at, now / 1000);
});
