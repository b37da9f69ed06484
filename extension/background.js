// The service worker: where the Rust core runs (the content script cannot compile wasm under
// the site's CSP — DESIGN.md §7), and the single writer of the activity store.
//
// A static import with an un-awaited init(): top-level await kills a service worker, and
// import() is not allowed in one. Every handler awaits `ready` instead.
import './api.js';
import './protocol.js';
import init, { decideOverlays } from './pkg/vinculo.js';

const P = globalThis.VinculoProtocol;
const api = globalThis.VinculoApi;
const ready = init();

// Adapter health per tab, for the popup; session storage survives the worker being stopped.
const healthKey = (tabId) => `vinculo:health:${tabId}`;

const handlers = {
  async [P.SCAN](message, sender) {
    await ready;
    const decisions = decideOverlays(message.scan);
    if (sender.tab?.id != null) {
      await api.storage.session.set({
        [healthKey(sender.tab.id)]: { ...decisions.health, url: sender.tab.url ?? null },
      });
    }
    return decisions;
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
};

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = handlers[message?.type];
  if (!handler) return false;
  handler(message, sender).then(sendResponse, (error) => {
    console.error('Vínculo worker:', message.type, error);
    sendResponse({ error: String(error?.message ?? error) });
  });
  return true; // the reply is asynchronous
});

api.tabs?.onRemoved?.addListener((tabId) => api.storage.session.remove(healthKey(tabId)));
