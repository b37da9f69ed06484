// The service worker: where the Rust core runs (the content script cannot compile wasm under
// the site's CSP), and the single writer of the activity store. It routes messages, checks
// their senders (senders.js), makes ONE call of the core per message on the store it holds
// (src/jobs.rs), and persists what that call says to write (store-writer.js).
//
// A static import with an un-awaited init(): top-level await kills a service worker, and
// import() is not allowed in one. Every handler awaits `ready` instead.
import './api.js';
import './protocol.js';
import './settings.js';
import init, { StoreHandle, addLanguage, decideOverlays, defaultThresholds } from './pkg/vinculo_worker.js';
import { createStoreWriter } from './store-writer.js';
import { allowed, senderTable } from './senders.js';
import { createBadge } from './badge.js';
import { createHints } from './hints.js';
import { createNetworkRows } from './network-rows.js';
import { createLanguages } from './languages.js';

const P = globalThis.VinculoProtocol;
const api = globalThis.VinculoApi;
const settings = () => globalThis.VinculoSettings.load(api);
const ready = init();
const store = createStoreWriter({ api, ready, StoreHandle, keep: [P.SETTINGS_KEY] });
const hints = createHints({ api });
createBadge({ api, store });
const networkRows = createNetworkRows({ store });
const needLanguage = createLanguages({ api, ready, addLanguage });

// _locales dir → its messages' texts (a promise), for the content scripts.
const textsOf = {};

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

// The page's own overlays and health when the store could not take the scan: from the
// refused call's outcome when the core made one (storage refused its writes), else from the
// core alone (no store could be loaded). Either way without the overlays that need the store.
async function withoutStore(scan, refused) {
  if (refused?.outcome) return { overlays: refused.outcome.overlays, health: refused.outcome.health };
  await ready;
  return decideOverlays(scan);
}

const handlers = {
  /** @param {ScanMessage} message */
  async [P.SCAN](message, sender) {
    const now = Date.now();
    const current = await settings();
    // The page's language's tables, the first time one of its pages is scanned. Without them
    // its counts and dates read as English: the page still gets what can be read.
    await needLanguage(message.scan?.lang).catch((error) => console.error('Vínculo worker: language tables', error));
    // One call: the page's overlays, what it showed of the user's exchanges recorded, and
    // the overlays that need the store (a profile's relationship, active relationships of
    // the user's connections). A store that cannot be written or read costs the page those,
    // and is reported (in the reply and the tab's health), never its own overlays.
    let refused = null;
    let decisions;
    try {
      const { overlays, relationship, health } = await store.write((s) => s.handleScan(message.scan, now, current));
      decisions = { overlays: [...overlays, ...relationship], health };
    } catch (error) {
      refused = error;
      decisions = await withoutStore(message.scan, error);
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
    return refused ? { ...decisions, not_saved: notice(refused) } : decisions;
  },
  /** @param {ActivityMessage} message */
  async [P.ACTIVITY](message, sender) {
    const current = await settings();
    try {
      const recorded = await store.write((s) => s.handleActivity(message.batch, Date.now(), current));
      return { ...recorded, hints: await hints.pick(recorded.hints, current) };
    } catch (error) {
      await notSavedIn(sender.tab?.id, error);
      throw error;
    }
  },
  /** @param {MessagesMessage} message */
  async [P.MESSAGES](message) {
    // 'auto': the file the browser picked for i18n.getMessage, which names itself (its
    // interface language, getUILanguage, may differ from the one it picked messages for).
    const locale = P.LOCALES[message.language] ?? (api.i18n.getMessage('messagesLocale') || 'en');
    // The extension's own packaged file, read from its own origin (not a network request), once
    // per worker start: every page of the site asks.
    textsOf[locale] ??= fetch(api.runtime.getURL(`_locales/${locale}/messages.json`))
      .then((file) => file.json())
      .then(P.messageTexts)
      .catch((error) => {
        delete textsOf[locale];
        throw error;
      });
    return { texts: await textsOf[locale], lang: locale.replace('_', '-') };
  },
  /** @param {TabHealthMessage} message */
  async [P.TAB_HEALTH](message) {
    const key = healthKey(message.tabId);
    const stored = await api.storage.session.get(key);
    return { health: stored[key] ?? null };
  },
  /** @param {SummaryMessage} message */
  async [P.SUMMARY](message) {
    const current = await settings();
    return store.read((s, { problems, unsaved }) => ({ summary: s.summary(message.now ?? Date.now(), current), problems, unsaved }));
  },
  async [P.THRESHOLDS]() {
    await ready;
    return { defaults: defaultThresholds() };
  },
  /** @param {MergeMessage} message */
  async [P.MERGE](message) {
    // The worker's clock, not the sender's, says what is in the future. The payload crosses
    // as UTF-8 bytes: TextEncoder encodes megabytes at once, the glue a character at a time.
    const payload = new TextEncoder().encode(message.payload);
    return store.write((s) => s.merge(payload, Date.now()));
  },
  async [P.STORE_PARTS]() {
    // After every acknowledged write (reads share the writer's chain), the parts as storage
    // holds them — which is what the store in memory holds: no crossing of the core.
    return store.read(async () => ({ parts: await api.storage.local.get(null) }));
  },
  async [P.WIPE]() {
    return store.wipe();
  },
  async [P.NETWORK](message) {
    return { rows: await networkRows(message.now ?? Date.now(), await settings()) };
  },
  async [P.PERSON](message) {
    const current = await settings();
    return store.read((s) => ({ person: s.personView(String(message.key), message.now ?? Date.now(), current) }));
  },
  async [P.ALIVE]() {
    return { started: performance.timeOrigin };
  },
  async [P.NOTE](message) {
    const tags = Array.isArray(message.tags) ? message.tags.map(String) : [];
    return store.write((s) => s.setNote(String(message.key), String(message.note ?? ''), tags));
  },
};

const senders = senderTable(P);
const self = { id: api.runtime.id, origin: api.runtime.getURL('') };

// → the reply to one message, its sender checked against the table first.
async function answer(message, sender) {
  const handler = handlers[message?.type];
  if (!allowed(senders, message.type, sender, self)) {
    console.warn('Vínculo worker: refused', message.type, 'from', sender?.url);
    return { error: `${message.type} is not accepted from ${sender?.url ?? 'this sender'}` };
  }
  try {
    return await handler(message, sender);
  } catch (error) {
    console.error('Vínculo worker:', message.type, error);
    // `key` and `args` name the message to show, when the failure has one.
    return { error: String(error?.message ?? error?.key ?? error), key: error?.key, args: error?.args };
  }
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!handlers[message?.type]) return false;
  answer(message, sender).then(sendResponse);
  return true; // the reply is asynchronous
});

// The extension's own pages send through the service worker's own channel where the worker
// is one (worker-channel.js): a message with a port for the reply. Only a page of the
// extension's origin can reach it; its sender is checked as runtime messaging's is. (The event
// is an ExtendableMessageEvent, which the DOM types tsc checks against do not know.)
if ('ServiceWorkerGlobalScope' in globalThis) {
  globalThis.addEventListener('message', (/** @type {any} */ event) => {
    const port = event.ports?.[0];
    if (!port || !handlers[event.data?.type]) return;
    const sender = { id: api.runtime.id, url: event.source?.url };
    // Which run of the worker took the message, before its reply: the page asks again (ALIVE)
    // whether this run still runs, and stops waiting when it does not (worker-channel.js).
    port.postMessage({ taken: performance.timeOrigin });
    event.waitUntil(answer(event.data, sender).then((reply) => port.postMessage({ reply })));
  });
}

api.tabs?.onRemoved?.addListener((tabId) => api.storage.session.remove(healthKey(tabId)));
