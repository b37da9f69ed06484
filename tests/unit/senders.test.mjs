// The worker's sender table (extension/senders.js): content scripts, which run in the site's
// page process, may only report pages and actions; reading, planting or deleting the user's
// data is for the extension's own pages.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { allowed, senderTable } from '../../extension/senders.js';

const ROOT = new URL('../..', import.meta.url).pathname;
await import(join(ROOT, 'extension/protocol.js'));
const P = globalThis.VinculoProtocol;
const table = senderTable(P);
const self = { id: 'abcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnop/' };

const contentScript = { id: self.id, tab: { id: 7 }, frameId: 0, url: 'https://www.linkedin.com/feed/' };
const optionsInATab = { id: self.id, tab: { id: 8 }, url: `${self.origin}options.html#data` };
const popup = { id: self.id, url: `${self.origin}popup.html` };
const otherExtension = { id: 'zyxwvutsrqponmlk', url: 'chrome-extension://zyxwvutsrqponmlk/page.html' };
const PRIVILEGED = [P.STORE_PARTS, P.MERGE, P.WIPE, P.SUMMARY, P.TAB_HEALTH, P.THRESHOLDS, P.NETWORK, P.PERSON, P.NOTE];

test('every message kind the protocol names has a row', () => {
  const kinds = Object.values(P).filter((v) => typeof v === 'string' && v.startsWith('vinculo/'));
  assert.deepEqual(Object.keys(table).sort(), kinds.sort());
});

test('every message kind says its direction', () => {
  for (const type of Object.keys(table)) assert.match(type, /^vinculo\/(content-to-worker|page-to-worker|popup-to-content)\//, type);
});

test('a content script may report and ask for messages, nothing more', () => {
  for (const type of [P.SCAN, P.ACTIVITY, P.MESSAGES]) assert.ok(allowed(table, type, contentScript, self), type);
  for (const type of PRIVILEGED) assert.equal(allowed(table, type, contentScript, self), false, type);
});

test('the extension’s own pages, in a tab or not, may do what they need', () => {
  for (const sender of [popup, optionsInATab]) {
    for (const type of PRIVILEGED) assert.ok(allowed(table, type, sender, self), `${type} from ${sender.url}`);
  }
});

test('nothing is accepted from another extension, an unknown kind or no sender', () => {
  for (const type of Object.keys(table)) assert.equal(allowed(table, type, otherExtension, self), false, type);
  assert.equal(allowed(table, 'vinculo/unknown', popup, self), false);
  assert.equal(allowed(table, P.SCAN, undefined, self), false);
  const lookalike = { id: self.id, tab: { id: 9 }, url: `https://www.linkedin.com/?${self.origin}` };
  assert.equal(allowed(table, P.STORE_PARTS, lookalike, self), false);
});
