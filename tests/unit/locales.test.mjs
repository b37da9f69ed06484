// Every user-visible string exists in English and Brazilian Portuguese, with the same
// placeholders, and every key the code uses is defined.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = new URL('../..', import.meta.url).pathname;
const load = (lang) => JSON.parse(readFileSync(join(ROOT, `extension/_locales/${lang}/messages.json`), 'utf8'));
const en = load('en');
const pt = load('pt_BR');
const placeholders = (text) => [...text.matchAll(/\$(\d)/g)].map((m) => m[1]).sort().join();

function filesUnder(dir, ext) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, ext);
    return path.endsWith(ext) ? [path] : [];
  });
}

test('en and pt_BR define the same keys with the same placeholders', () => {
  assert.deepEqual(Object.keys(pt).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    assert.ok(en[key].message.trim(), `en ${key} is empty`);
    assert.ok(pt[key].message.trim(), `pt_BR ${key} is empty`);
    assert.equal(placeholders(pt[key].message), placeholders(en[key].message), `placeholders of ${key}`);
  }
});

test('every message key used by the code is defined', () => {
  const used = new Set();
  const patterns = [
    /\bt\(\s*'([A-Za-z_]+)'/g, // JS: t('key')
    /data-i18n="([A-Za-z_]+)"/g, // HTML
    /__MSG_([A-Za-z_]+)__/g, // manifest
    /\bmsg\(\s*"([A-Za-z_]+)"/g, // Rust: msg("key", …)
    /=> "((?:level|tip|reason|tier)[A-Za-z_]+)"/g, // Rust: enum → key tables
    /"((?:archive|export|store)(?:Error|Problem|Skip)[A-Za-z]+)"/g, // Rust: error notes
    /\.tn?\(\s*"([A-Za-z_]+)"/g, // Rust pages (src/web/network_page.rs): env.t("key"), env.tn("key")
    /"(next_[a-z_]+)"/g, // Rust: the next step's keys (src/network/person.rs)
  ];
  const files = [
    ...filesUnder(join(ROOT, 'extension'), '.js'),
    ...filesUnder(join(ROOT, 'extension'), '.html'),
    ...filesUnder(join(ROOT, 'src'), '.rs'),
    join(ROOT, 'manifest.json'),
  ];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) used.add(m[1]);
  }
  assert.ok(used.size > 10, 'the scan found the keys in use');
  const missing = [...used].filter((key) => !(key in en));
  assert.deepEqual(missing, []);
});

test('keys built from the protocol’s lists are defined', async () => {
  await import(join(ROOT, 'extension/protocol.js'));
  const P = globalThis.VinculoProtocol;
  for (const kind of P.COUNT_KINDS) assert.ok(`countKind_${kind}` in en, kind);
  for (const mode of P.MODES) assert.ok(`mode_${mode}` in en, mode);
  assert.ok(P.WORKER_STOPPED in en, P.WORKER_STOPPED);
});

test('keys built from the network page’s filters and columns are defined', () => {
  const source = readFileSync(join(ROOT, 'src/network/filter.rs'), 'utf8');
  const names = (type) => [...source.matchAll(new RegExp(`${type}::\\w+ => "([a-z_]+)"`, 'g'))].map((m) => m[1]);
  assert.equal(names('Filter').length, 7);
  assert.equal(names('Column').length, 7);
  for (const name of names('Filter')) assert.ok(`networkFilter_${name}` in en, name);
  for (const name of names('Column')) assert.ok(`networkColumn_${name}` in en, name);
});
