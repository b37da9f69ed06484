// The messages between the content script, the service worker and the extension pages — the
// one place their names and shapes are written down. A classic script that sets a global, so
// the content script (no modules), the module worker (side-effect import) and the pages share it.
//
//   content → worker  {type: SCAN, scan: PageScan}            → {overlays: Overlay[], health}
//                     PageScan and Overlay: src/page.rs and src/feed.rs (plain JSON); the
//                     worker also records what the page showed of the user's exchanges and
//                     adds the overlays that need the store (src/relationship.rs); health gets
//                     `user_unknown: true` when neither the page nor the store knows the user, and
//                     `not_saved` (with `unsaved_ids`) while what the page showed is refused storage.
//                     Sent from every frame (the messaging overlay may be in one); the tab's
//                     health is its top frame's.
//   content → worker  {type: ACTIVITY, batch}                  → {added, duplicates, undone, skipped, user}
//                     the user's own clicks and submits (content/activity.js → src/capture.rs).
//   popup   → worker  {type: TAB_HEALTH, tabId}                → {health} | {health: null}
//   popup   → content {type: ANONYMISED_COPY}                  → {html} | {error}: the open page
//                     anonymised (content/anonymise.js), for the user to save and check
//   page    → worker  {type: SUMMARY, now}                     → {summary, problems} (src/insight.rs)
//   page    → worker  {type: THRESHOLDS}                       → {defaults} (src/score.rs)
//   page    → worker  {type: RECORD, import}                   → {added, duplicates}: an archive
//                     or a Vínculo backup parsed in the page, merged by the single writer
//   page    → worker  {type: EXPORT, format, now}              → {filename, mime, text}
//   page    → worker  {type: WIPE}                             → {}
//   page    → worker  {type: NETWORK, now}                     → {rows: JSON text of Row[]}
//                     (src/network/rows.rs), for the "Your network" page (network.html)
//   page    → worker  {type: PERSON, key, now}                 → {person: JSON text of
//                     PersonView | "null"} (src/network/person.rs)
//   page    → worker  {type: NOTE, key, note, tags}            → {changed, note: {note, tags}}
//   ACTIVITY's answer also carries {hints: [post key]}: reactions that deserve the reaction
//                     hint (src/network/hint.rs), already filtered by the options' switch
//                     and once per post (hints.js)
//   content → worker  {type: MESSAGES, locale}                → messages.json of that locale
//   The worker refuses a kind from any other sender (senders.js: content scripts may send only
//   SCAN, ACTIVITY and MESSAGES) with {error}.
//   storage key SETTINGS in chrome.storage.local: written by the options page, read by all:
//     {modes: {countKind: mode}, language: 'auto'|'en'|'pt-BR', store_text: bool, thresholds,
//      weekly_goal: number (0 or absent: none), reaction_hint: bool (absent: on)}
globalThis.VinculoProtocol = Object.freeze({
  SCAN: 'vinculo/scan',
  ACTIVITY: 'vinculo/activity',
  TAB_HEALTH: 'vinculo/tab-health',
  ANONYMISED_COPY: 'vinculo/anonymised-copy',
  SUMMARY: 'vinculo/summary',
  THRESHOLDS: 'vinculo/thresholds',
  RECORD: 'vinculo/record',
  EXPORT: 'vinculo/export',
  WIPE: 'vinculo/wipe',
  NETWORK: 'vinculo/network',
  PERSON: 'vinculo/person',
  NOTE: 'vinculo/note',
  SETTINGS_KEY: 'vinculo:settings',
  // Kinds of counts the user can set a display mode for, and the modes.
  COUNT_KINDS: Object.freeze(['reactions', 'comments', 'reposts', 'followers', 'connections']),
  MODES: Object.freeze(['annotate', 'blur', 'hide']),
  // Interface languages the options offer besides the browser's: setting value → _locales dir.
  LOCALES: Object.freeze({ en: 'en', 'pt-BR': 'pt_BR' }),
  // The content script asks the worker for a locale's messages when the language is overridden
  // (it cannot read extension files itself without exposing them to the site).
  MESSAGES: 'vinculo/messages',
  DEFAULT_SETTINGS: Object.freeze({
    modes: Object.freeze({
      reactions: 'annotate',
      comments: 'annotate',
      reposts: 'annotate',
      followers: 'annotate',
      connections: 'annotate',
    }),
  }),
});
