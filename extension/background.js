// The service worker: where the Rust core runs (the content script cannot compile wasm under
// the site's CSP — DESIGN.md §7), and the single writer of the activity store.
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

const P = globalThis.VinculoProtocol;
const api = globalThis.VinculoApi;
const ready = init();
const store = createStoreWriter({ api, ready, StoreHandle });

// Adapter health per tab, for the popup; session storage survives the worker being stopped.
const healthKey = (tabId) => `vinculo:health:${tabId}`;

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
    const now = Date.now();
    const recorded = await store.write((s) => s.recordScan(message.scan, now, storeText));
    // Neither the page nor the store knows who the user is: the user's own messages cannot be
    // told from others' and wait — the health says so rather than "ok".
    if (recorded.user === 'unknown') {
      decisions.health.user_unknown = true;
      if (decisions.health.status === 'ok') decisions.health.status = 'partly';
    }
    decisions.overlays.push(...(await store.read((s) => relationshipOverlays(s, message.scan, now, thresholds))));
    // The tab's health is its top frame's: a frame inside it (the messaging overlay's) records
    // what it shows but does not speak for the page.
    if (sender.tab?.id != null && (sender.frameId ?? 0) === 0) {
      await api.storage.session.set({
        [healthKey(sender.tab.id)]: { ...decisions.health, url: sender.tab.url ?? null, at: Date.now() },
      });
    }
    return decisions;
  },
  async [P.ACTIVITY](message) {
    const { store_text: storeText = false } = await settings();
    return store.write((s) => s.record(message.batch, storeText));
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
    return store.read((s, problems) => ({ summary: s.summary(message.now ?? Date.now(), thresholds), problems }));
  },
  async [P.THRESHOLDS]() {
    await ready;
    return { defaults: defaultThresholds() };
  },
  async [P.RECORD](message) {
    return store.write((s) => s.recordImport(message.import));
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
};

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = handlers[message?.type];
  if (!handler) return false;
  handler(message, sender).then(sendResponse, (error) => {
    console.error('Vínculo worker:', message.type, error);
    sendResponse({ error: String(error?.message ?? error?.key ?? error) });
  });
  return true; // the reply is asynchronous
});

api.tabs?.onRemoved?.addListener((tabId) => api.storage.session.remove(healthKey(tabId)));
