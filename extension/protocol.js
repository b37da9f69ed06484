// The messages between the content script, the service worker and the extension pages — the
// one place their names and shapes are written down, as JSDoc types that `tsc --checkJs`
// checks (`./build.sh test`). A classic script that sets a global, so the content script (no
// modules), the module worker (side-effect import) and the pages share it.
//
// A message's name says its direction: `content-to-worker`, `page-to-worker` (an extension
// page: the popup or the options), `popup-to-content`. The worker refuses a kind from any
// other sender (senders.js) with {error}. Each worker message is ONE call of the core on the
// store it holds (src/jobs.rs); the worker persists what that call says to write.
//
// Shapes from the core (plain JSON; their Rust definitions named):
/** @typedef {{key: string, args: Array<number | string>}} Msg  src/msg.rs: a message of _locales and its arguments */
/** @typedef {{key: string, args: Array<number | string>, message: string}} Failure  src/msg.rs: what the core throws */
/** @typedef {{path: string, lang: string, page_kind?: string | null, entities: object[], health?: object}} PageScan  src/page.rs */
/** @typedef {{key: string, field: string, kind: 'vanity' | 'conversation' | 'relationship', count_kind: string, number: number | null, level?: string, label: Msg, detail: Msg[]}} Overlay  src/feed.rs */
/** @typedef {{status: 'ok' | 'partly' | 'not_recognised', page_kind: string | null, missing: object[], fallbacks: string[], user_unknown?: boolean}} Health  src/feed.rs HealthReport */
/** @typedef {Health & {url: string | null, at: number, not_saved?: {key: string, args: any[]}, unsaved_ids?: string[]}} TabHealth  the tab's health as the worker keeps it */
/** @typedef {{lang: string, now_ms: number, me?: object | null, records: object[]}} ActivityBatch  src/capture.rs Batch */
/** @typedef {{added: number, duplicates: number, undone: number, skipped: number, user: 'page' | 'store' | 'unknown'}} Applied  src/capture.rs */
/** @typedef {Applied & {hints: string[]}} ActivityReply  src/jobs.rs: and the posts whose reaction deserves the reaction hint (src/network/hint.rs), filtered by the options' switch and once per post (hints.js) */
/** @typedef {{note?: string, tags?: string[]}} Note  src/store/notes.rs */
/** @typedef {{added: number, duplicates: number, clamped: number}} Merged  src/store.rs ImportOutcome */
/** @typedef {Record<string, any> & {chart: string}} Summary  src/insight.rs (its times as Unix ms: weekly[].start_ms, replies_owed[].at_ms, ties' last_at_ms and first_at_ms) and the weekly chart (src/chart.rs) */
/** @typedef {{count: number, key: string, args: any[], at: number}} UnsavedReport  store-writer.js */
/** @typedef {Record<string, number>} Thresholds  src/score.rs: any left out keeps the core's default */
/** @typedef {{modes: Record<string, 'annotate' | 'blur' | 'hide'>, language: string, store_text: boolean, thresholds?: Thresholds, weekly_goal: number, reaction_hint: boolean}} VinculoSettingsValue  settings.js (weekly_goal 0: none) */
//
// The messages and their replies (times in Unix milliseconds everywhere):
/** @typedef {{type: 'vinculo/content-to-worker/scan', scan: PageScan}} ScanMessage
 *  → {overlays: Overlay[], health: Health, not_saved?: {key, args}}: the page's own overlays
 *  and those that need the store; the worker also records what the page showed of the user's
 *  exchanges. Sent from every frame; the tab's health is its top frame's. */
/** @typedef {{type: 'vinculo/content-to-worker/activity', batch: ActivityBatch}} ActivityMessage  → ActivityReply: the user's own clicks and submits (content/activity.js) */
/** @typedef {{type: 'vinculo/content-to-worker/messages', language: string}} MessagesMessage  → {texts, lang}: the texts (messageTexts) of the messages.json shown for that language setting ('auto': the one the browser picked), and its BCP 47 tag */
/** @typedef {{type: 'vinculo/page-to-worker/tab-health', tabId: number}} TabHealthMessage  → {health: TabHealth | null} */
/** @typedef {{type: 'vinculo/page-to-worker/summary', now?: number}} SummaryMessage  → {summary: Summary, problems: string[], unsaved: UnsavedReport | null} */
/** @typedef {{type: 'vinculo/page-to-worker/thresholds'}} ThresholdsMessage  → {defaults: Thresholds} */
/** @typedef {{type: 'vinculo/page-to-worker/merge', payload: string}} MergeMessage  → Merged: an import prepared in the page (src/pages.rs), merged by the single writer */
/** @typedef {{type: 'vinculo/page-to-worker/store-parts'}} StorePartsMessage  → {parts: Record<string, string>}: the store as storage holds it, for an export made in the page */
/** @typedef {{type: 'vinculo/page-to-worker/wipe'}} WipeMessage  → {} */
/** @typedef {{type: 'vinculo/page-to-worker/network', now?: number}} NetworkMessage  → {rows: string}: JSON text of Row[] (src/network/rows.rs) for "Your network" (network.html) */
/** @typedef {{type: 'vinculo/page-to-worker/person', key: string, now?: number}} PersonMessage  → {person: string}: JSON text of PersonView or "null" (src/network/person.rs) */
/** @typedef {{type: 'vinculo/page-to-worker/note', key: string, note?: string, tags?: string[]}} NoteMessage  → {changed: boolean, note: Note} */
/** @typedef {{type: 'vinculo/page-to-worker/alive'}} AliveMessage  → {started}: the start time (performance.timeOrigin) of the worker's run that answers; worker-channel.js asks it while it waits for a reply */
/** @typedef {{type: 'vinculo/popup-to-content/anonymised-copy'}} AnonymisedCopyMessage  → {html} | {error}: the open page anonymised (content/anonymise.js) */
/** @typedef {ScanMessage | ActivityMessage | MessagesMessage | TabHealthMessage | SummaryMessage | ThresholdsMessage | MergeMessage | StorePartsMessage | WipeMessage | NetworkMessage | PersonMessage | NoteMessage | AliveMessage} WorkerMessage */
/** @typedef {{error: string, key?: string, args?: any[]}} ErrorReply  any worker message's reply when it failed */
//
// storage key SETTINGS_KEY in chrome.storage.local: written by the options page, read through
// settings.js by everyone: VinculoSettingsValue.
globalThis.VinculoProtocol = Object.freeze({
  SCAN: /** @type {const} */ ('vinculo/content-to-worker/scan'),
  ACTIVITY: /** @type {const} */ ('vinculo/content-to-worker/activity'),
  // The content script asks the worker for a locale's messages when the language is overridden
  // (it cannot read extension files itself without exposing them to the site).
  MESSAGES: /** @type {const} */ ('vinculo/content-to-worker/messages'),
  TAB_HEALTH: /** @type {const} */ ('vinculo/page-to-worker/tab-health'),
  SUMMARY: /** @type {const} */ ('vinculo/page-to-worker/summary'),
  THRESHOLDS: /** @type {const} */ ('vinculo/page-to-worker/thresholds'),
  MERGE: /** @type {const} */ ('vinculo/page-to-worker/merge'),
  STORE_PARTS: /** @type {const} */ ('vinculo/page-to-worker/store-parts'),
  WIPE: /** @type {const} */ ('vinculo/page-to-worker/wipe'),
  NETWORK: /** @type {const} */ ('vinculo/page-to-worker/network'),
  PERSON: /** @type {const} */ ('vinculo/page-to-worker/person'),
  NOTE: /** @type {const} */ ('vinculo/page-to-worker/note'),
  ALIVE: /** @type {const} */ ('vinculo/page-to-worker/alive'),
  ANONYMISED_COPY: /** @type {const} */ ('vinculo/popup-to-content/anonymised-copy'),
  SETTINGS_KEY: 'vinculo:settings',
  // The _locales message a page shows when the worker stopped before answering it (worker-channel.js).
  WORKER_STOPPED: 'workerStopped',
  // Kinds of counts the user can set a display mode for, and the modes.
  COUNT_KINDS: Object.freeze(['reactions', 'comments', 'reposts', 'followers', 'connections']),
  MODES: Object.freeze(['annotate', 'blur', 'hide']),
  // Interface languages the options offer besides the browser's: setting value → _locales dir.
  LOCALES: Object.freeze({ en: 'en', 'pt-BR': 'pt_BR' }),
  // A parsed _locales/<locale>/messages.json → {key: text}: what i18n.js needs of it, without
  // the translators' descriptions (a third of the file, and a page that receives it parses it).
  /** @param {Record<string, {message: string}>} messages @returns {Record<string, string>} */
  messageTexts: (messages) => Object.fromEntries(Object.entries(messages).map(([key, entry]) => [key, entry.message])),
});
