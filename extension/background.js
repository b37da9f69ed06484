// The service worker: where the Rust core runs (the content script cannot compile wasm under
// the site's CSP), and the single writer of the activity store.
//
// A static import with an un-awaited init(): top-level await kills a service worker, and
// import() is not allowed in one. Every handler awaits `ready` instead.
import './api.js';
import './protocol.js';
import init, {
  StoreHandle,
  decideOverlays,
  relationshipOverlays,
  defaultThresholds,
  exportCsv,
  exportHtml,
  exportJson,
} from './pkg/vinculo.js';
import { createStoreWriter } from './store-writer.js';
import { allowed, senderTable } from './senders.js';
import { createBadge } from './badge.js';
import { createHints } from './hints.js';
import { createNetworkRows } from './network-rows.js';

const P = globalThis.VinculoProtocol;
const api = globalThis.VinculoApi;
const ready = init();
const store = createStoreWriter({ api, ready, StoreHandle, keep: [P.SETTINGS_KEY] });
const hints = createHints({ api });
createBadge({ api, store });
const networkRows = createNetworkRows({ store });

// Adapter health per tab, for the popup; session storage survives the worker being stopped.
const healthKey = (tabId) => `vinculo:health:${tabId}`;

// What the user is told of a failure: a message of _locales and its arguments.
const notice = (error) => ({ key: error?.key ?? 'storeErrorWrite', args: error?.args ?? [String(error?.message ?? error)] });

// The tab's health also says when what it showed could not be saved, and keeps which
// interactions those were (`unsaved_ids`, the refused write's): a later scan of the same page
// keeps the notice while the unsaved report still holds any of them.
const notSavedFields = (error) => ({ not_saved: notice(error), unsaved_ids: error?.lost ?? [] });

async function notSavedIn(tabId, error) {
  if (tabId == null) return;
  const key = healthKey(tabId);
  const health = (await api.storage.session.get(key))[key] ?? { status: null, at: Date.now() };
  await api.storage.session.set({ [key]: { ...health, ...notSavedFields(error) } });
}

// What an earlier scan or action of this page could not save and the unsaved report still
// holds: the page's notice, kept by a scan that had nothing refused (a page is read over
// several frames, a scan each, and read again when it changes — none of which saves what an
// earlier one refused).
async function stillNotSaved(tabId, url) {
  const key = healthKey(tabId);
  const before = (await api.storage.session.get(key))[key];
  if (!before?.not_saved || before.url !== url || !before.unsaved_ids?.length) return null;
  // A store that cannot say keeps the notice rather than drop it unasked.
  const still = await store.stillUnsaved(before.unsaved_ids).catch(() => true);
  return still ? { not_saved: before.not_saved, unsaved_ids: before.unsaved_ids } : null;
}

async function settings() {
  return (await api.storage.local.get(P.SETTINGS_KEY))[P.SETTINGS_KEY] ?? {};
}

const handlers = {
  async [P.SCAN](message, sender) {
    await ready;
    const decisions = decideOverlays(message.scan);
    const { store_text: storeText = false, thresholds } = await settings();
    // What the page showed of the user's own exchanges (messages, notifications, comments on
    // their posts) is recorded; then the overlays that need the store (a profile's
    // relationship, active relationships of the user's connections) join the page's own.
    // A store that cannot be written or read costs the page its relationship overlays and
    // is reported (in the reply and the tab's health), never its own overlays.
    const now = Date.now();
    let refused = null;
    let recorded = null;
    try {
      recorded = await store.write((s) => s.recordScan(message.scan, now, storeText));
    } catch (error) {
      refused = error;
    }
    const notSaved = refused ? notice(refused) : null;
    // Neither the page nor the store knows who the user is: the user's own messages cannot be
    // told from others' and wait — the health says so rather than "ok".
    if (recorded?.user === 'unknown') {
      decisions.health.user_unknown = true;
      if (decisions.health.status === 'ok') decisions.health.status = 'partly';
    }
    try {
      decisions.overlays.push(...(await store.read((s) => relationshipOverlays(s, message.scan, now, thresholds))));
    } catch (error) {
      console.warn('Vínculo worker: no relationship overlays', error);
    }
    // The tab's health is its top frame's: a frame inside it (the messaging overlay's) records
    // what it shows but does not speak for the page.
    if (sender.tab?.id != null && (sender.frameId ?? 0) === 0) {
      const url = sender.tab.url ?? null;
      const unsaved = refused ? notSavedFields(refused) : await stillNotSaved(sender.tab.id, url);
      await api.storage.session.set({
        [healthKey(sender.tab.id)]: { ...decisions.health, url, at: Date.now(), ...unsaved },
      });
    }
    return notSaved ? { ...decisions, not_saved: notSaved } : decisions;
  },
  async [P.ACTIVITY](message, sender) {
    const current = await settings();
    const { store_text: storeText = false, thresholds } = current;
    try {
      const recorded = await store.write((s) => s.recordActivity(message.batch, storeText, Date.now(), thresholds));
      return { ...recorded, hints: await hints.pick(recorded.hints, current) };
    } catch (error) {
      await notSavedIn(sender.tab?.id, error);
      throw error;
    }
  },
  async [P.MESSAGES](message) {
    const locale = Object.values(P.LOCALES).find((l) => l === message.locale);
    if (!locale) throw new Error(`unknown locale ${message.locale}`);
    // The extension's own packaged file, read from its own origin (not a network request).
    return (await fetch(api.runtime.getURL(`_locales/${locale}/messages.json`))).json();
  },
  async [P.TAB_HEALTH](message) {
    const key = healthKey(message.tabId);
    const stored = await api.storage.session.get(key);
    return { health: stored[key] ?? null };
  },
  async [P.SUMMARY](message) {
    const { thresholds } = await settings();
    return store.read((s, { problems, unsaved }) => ({ summary: s.summary(message.now ?? Date.now(), thresholds), problems, unsaved }));
  },
  async [P.THRESHOLDS]() {
    await ready;
    return { defaults: defaultThresholds() };
  },
  async [P.RECORD](message) {
    // The worker's clock, not the sender's, says what is in the future.
    return store.write((s) => s.recordImport(message.import, Date.now()));
  },
  async [P.EXPORT](message) {
    const { thresholds } = await settings();
    const now = message.now ?? Date.now();
    const lang = message.lang ?? 'en';
    const day = new Date(now).toISOString().slice(0, 10);
    return store.read((s) => {
      const parts = s.parts();
      switch (message.format) {
        case 'json':
          return { filename: `vinculo-${day}.json`, mime: 'application/json', text: exportJson(parts) };
        case 'csv':
          return { filename: `vinculo-contacts-${day}.csv`, mime: 'text/csv;charset=utf-8', text: exportCsv(parts, now, lang, thresholds) };
        case 'html':
          return { filename: `vinculo-report-${day}.html`, mime: 'text/html;charset=utf-8', text: exportHtml(parts, now, lang, thresholds) };
        default:
          throw new Error(`unknown export format ${message.format}`);
      }
    });
  },
  async [P.WIPE]() {
    return store.wipe();
  },
  async [P.NETWORK](message) {
    const { thresholds } = await settings();
    return { rows: await networkRows(message.now ?? Date.now(), thresholds) };
  },
  async [P.PERSON](message) {
    const { thresholds } = await settings();
    return store.read((s) => ({ person: s.personView(String(message.key), message.now ?? Date.now(), thresholds) }));
  },
  async [P.NOTE](message) {
    const tags = Array.isArray(message.tags) ? message.tags.map(String) : [];
    return store.write((s) => s.setNote(String(message.key), String(message.note ?? ''), tags));
  },
};

const senders = senderTable(P);
const self = { id: api.runtime.id, origin: api.runtime.getURL('') };

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = handlers[message?.type];
  if (!handler) return false;
  if (!allowed(senders, message.type, sender, self)) {
    console.warn('Vínculo worker: refused', message.type, 'from', sender?.url);
    sendResponse({ error: `${message.type} is not accepted from ${sender?.url ?? 'this sender'}` });
    return false;
  }
  handler(message, sender).then(sendResponse, (error) => {
    console.error('Vínculo worker:', message.type, error);
    // `key` and `args` name the message to show, when the failure has one.
    sendResponse({ error: String(error?.message ?? error?.key ?? error), key: error?.key, args: error?.args });
  });
  return true; // the reply is asynchronous
});

api.tabs?.onRemoved?.addListener((tabId) => api.storage.session.remove(healthKey(tabId)));
