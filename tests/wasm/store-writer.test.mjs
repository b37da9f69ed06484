// The worker's store writer (extension/store-writer.js) with the built core, over an in-memory
// chrome.storage that can refuse writes past a quota as Chromium's does: the store in memory
// never runs ahead of storage, what storage refused is reported, a store that cannot be
// loaded blocks neither reads of the report nor a wipe, and a wipe leaves nothing behind.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createStoreWriter, QUARANTINE_PREFIX, UNSAVED_KEY } from '../../extension/store-writer.js';
import { loadCore, utf8 } from './load.mjs';

const core = await loadCore('worker');
const pages = await loadCore('pages');
const SETTINGS_KEY = 'vinculo:settings';
const NOW_MS = Date.parse('2026-11-20T12:00:00Z');

// chrome.storage's promise API over Maps. `local` counts bytes as Chromium does (key plus
// JSON value) and refuses a set that would pass `quota`, changing nothing.
function fakeApi({ quota = Infinity } = {}) {
  const area = (map, limit) => ({
    limit,
    async get(keys) {
      if (keys == null) return Object.fromEntries(map);
      const wanted = typeof keys === 'string' ? [keys] : keys;
      return Object.fromEntries(wanted.filter((k) => map.has(k)).map((k) => [k, structuredClone(map.get(k))]));
    },
    async set(items) {
      const next = new Map(map);
      for (const [key, value] of Object.entries(items)) next.set(key, structuredClone(value));
      const bytes = [...next].reduce((sum, [k, v]) => sum + k.length + JSON.stringify(v).length, 0);
      if (bytes > this.limit) throw new Error('QUOTA_BYTES quota exceeded');
      for (const [key, value] of next) map.set(key, value);
    },
    async remove(keys) {
      for (const key of typeof keys === 'string' ? [keys] : keys) map.delete(key);
    },
  });
  const local = new Map();
  const session = new Map();
  return { local, session, api: { storage: { local: area(local, quota), session: area(session, Infinity) } } };
}

const writer = (api) => createStoreWriter({ api, ready: Promise.resolve(), StoreHandle: core.StoreHandle, keep: [SETTINGS_KEY] });

// `n` comments the user wrote, on n different people's posts.
function comments(n, from = 0) {
  return {
    lang: 'en',
    now_ms: NOW_MS,
    records: Array.from({ length: n }, (_, i) => ({
      type: 'activity',
      kind: 'comment',
      at_ms: NOW_MS - (from + i) * 60_000,
      text: `Thoughtful comment number ${from + i} about the chart`,
      target: { key: `urn:li:activity:${9000 + from + i}`, author_name: `Person ${from + i}`, author_href: `/in/person-${from + i}/` },
    })),
  };
}

const stored = (store) => store.read((s) => s.length);
const report = (store) => store.read((s, { unsaved }) => unsaved);
const bytesOf = (map) => [...map].reduce((sum, [k, v]) => sum + k.length + JSON.stringify(v).length, 0);

describe('the store in memory never runs ahead of storage', () => {
  test('a refused write is rolled back, reported, and saved when tried again', async () => {
    const { api, local, session } = fakeApi();
    const store = writer(api);
    assert.equal((await store.write((s) => s.handleActivity(comments(10), Date.now(), { store_text: false }))).added, 10);
    api.storage.local.limit = bytesOf(local) + 200; // room for a little, not for 20 comments

    const refused = await store.write((s) => s.handleActivity(comments(20, 10), Date.now(), { store_text: false })).catch((e) => e);
    assert.equal(refused.key, 'storeErrorFull');
    assert.equal(await stored(store), 10, 'memory holds what storage holds');
    assert.equal((await report(store)).count, 20);
    assert.equal(session.get(UNSAVED_KEY).ids.length, 20, 'the report outlives the worker');
    // The failure names what it lost, and the report says those are still unsaved (the tab's
    // health keeps its notice while so).
    assert.deepEqual([...refused.lost].sort(), [...session.get(UNSAVED_KEY).ids].sort());
    assert.equal(await store.stillUnsaved(refused.lost), true);
    assert.equal(await store.stillUnsaved(refused.lost.slice(0, 1)), true);
    assert.equal(await store.stillUnsaved([]), false);

    // A worker started afresh reads the same.
    const restarted = writer(api);
    assert.equal(await stored(restarted), 10);
    assert.equal((await report(restarted)).count, 20);

    // Room again: the same batch is added (not taken for duplicates), and leaves the report.
    api.storage.local.limit = Infinity;
    const retried = await store.write((s) => s.handleActivity(comments(20, 10), Date.now(), { store_text: false }));
    assert.deepEqual([retried.added, retried.duplicates], [20, 0]);
    assert.equal(await stored(store), 30);
    assert.equal(await report(store), null);
    assert.equal(session.has(UNSAVED_KEY), false);
    assert.equal(await store.stillUnsaved(refused.lost), false, 'saved now');
  });

  test('an import storage refuses can be imported again', async () => {
    const { api, local } = fakeApi();
    const store = writer(api);
    await store.write((s) => s.handleActivity(comments(1), Date.now(), { store_text: false }));
    api.storage.local.limit = bytesOf(local) + 100;
    const interactions = Array.from({ length: 2_000 }, (_, i) => ({
      id: `archive:message:${i}`,
      counterpart: `in:person-${i % 50}`,
      kind: 'message',
      direction: i % 2 ? 'given' : 'received',
      at: 1_780_000_000 - i * 3600,
      source: 'archive',
    }));
    const { payload } = pages.prepareBackup(JSON.stringify({ format: 'vinculo-export', version: 1, interactions }));
    const failed = await store.write((s) => s.merge(utf8(payload), NOW_MS)).catch((e) => e);
    assert.equal(failed.key, 'storeErrorFull');
    assert.equal(await stored(store), 1);
    api.storage.local.limit = Infinity;
    const again = await store.write((s) => s.merge(utf8(payload), NOW_MS));
    assert.deepEqual([again.added, again.duplicates], [2_000, 0]);
  });

  test('a batch the core refuses changes nothing and the next one is recorded', async () => {
    const { api } = fakeApi();
    const store = writer(api);
    await assert.rejects(store.write((s) => s.handleActivity({ records: 'nope' }, Date.now(), undefined)));
    assert.equal((await store.write((s) => s.handleActivity(comments(3), Date.now(), { store_text: false }))).added, 3);
  });
});

describe('a store that cannot be loaded blocks nothing else', () => {
  test('data from a newer schema is left alone, reads and writes say why, wipe still works', async () => {
    const { api, local } = fakeApi();
    local.set('vinculo:v2:meta', '{"schema":2}');
    local.set('vinculo:v2:i:0', '{"future":true}');
    local.set(SETTINGS_KEY, { language: 'pt-BR' });
    const store = writer(api);
    const read = await store.read((s) => s.length).catch((e) => e);
    assert.equal(read.key, 'storeErrorNewer');
    const write = await store.write((s) => s.handleActivity(comments(1), Date.now(), { store_text: false })).catch((e) => e);
    assert.equal(write.key, 'storeErrorNewer');
    assert.deepEqual([...local.keys()].sort(), ['vinculo:settings', 'vinculo:v2:i:0', 'vinculo:v2:meta'], 'untouched');

    await store.wipe();
    assert.deepEqual([...local.keys()], [SETTINGS_KEY]);
    assert.equal((await store.write((s) => s.handleActivity(comments(2), Date.now(), { store_text: false }))).added, 2);
  });

  test('a wipe needs neither the core nor a loadable store', async () => {
    const { api, local } = fakeApi();
    local.set('vinculo:v1:meta', '{"schema":1}');
    const store = createStoreWriter({ api, ready: Promise.reject(new Error('no wasm')), StoreHandle: null, keep: [SETTINGS_KEY] });
    await assert.rejects(store.read((s) => s.length));
    await store.wipe();
    assert.equal(local.size, 0);
  });

  test('a wipe removes the pre-migration key and what was kept aside, so nothing comes back', async () => {
    const { api, local } = fakeApi();
    // A migration interrupted after writing the chunked form, before removing the old key.
    const v0 = { interactions: comments(0).records, counterparts: [{ key: 'in:ana', name: 'Ana', connection: true }] };
    local.set('vinculo:store', JSON.stringify(v0));
    local.set('vinculo:v1:meta', '{"schema":1}');
    local.set(`${QUARANTINE_PREFIX}vinculo:v1:i:3`, '{broken');
    local.set(SETTINGS_KEY, { store_text: true });
    const store = writer(api);
    await store.wipe();
    assert.deepEqual([...local.keys()], [SETTINGS_KEY]);
    const fresh = writer(api);
    assert.equal(await stored(fresh), 0);
    assert.equal(await fresh.read((s) => s.summary(NOW_MS, undefined).connections), 0);
  });

  test('a chunk numbered past any real store is kept aside, and the rest loads', async () => {
    const { api, local } = fakeApi();
    const store = writer(api);
    await store.write((s) => s.handleActivity(comments(3), Date.now(), { store_text: false }));
    const chunk = local.get('vinculo:v1:i:0');
    local.set('vinculo:v1:i:4294967295', chunk);
    const restarted = writer(api);
    assert.equal(await stored(restarted), 3);
    assert.deepEqual(await restarted.read((s, { problems }) => problems), ['vinculo:v1:i:4294967295']);
    assert.equal(local.get(`${QUARANTINE_PREFIX}vinculo:v1:i:4294967295`), chunk, 'kept aside, not lost');
    assert.equal(local.has('vinculo:v1:i:4294967295'), false);
  });
});
