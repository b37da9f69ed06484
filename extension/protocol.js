// The messages between the content script, the service worker and the extension pages — the
// one place their names and shapes are written down. A classic script that sets a global, so
// the content script (no modules), the module worker (side-effect import) and the pages share it.
//
//   content → worker  {type: SCAN, scan: PageScan}            → {overlays: Overlay[], health}
//                     PageScan and Overlay: src/page.rs and src/feed.rs (plain JSON).
//   content → worker  {type: ACTIVITY, events: [...]}          → {added, duplicates}
//                     the user's own actions and what they received (src/capture.rs).
//   popup   → worker  {type: TAB_HEALTH, tabId}                → {health} | {health: null}
//   page    → worker  {type: SUMMARY}                          → Summary (src/insight.rs)
//   storage key SETTINGS in chrome.storage.local: written by the options page, read by all.
globalThis.VinculoProtocol = Object.freeze({
  SCAN: 'vinculo/scan',
  ACTIVITY: 'vinculo/activity',
  TAB_HEALTH: 'vinculo/tab-health',
  SUMMARY: 'vinculo/summary',
  SETTINGS_KEY: 'vinculo:settings',
  // Kinds of counts the user can set a display mode for, and the modes.
  COUNT_KINDS: Object.freeze(['reactions', 'comments', 'reposts', 'followers', 'connections']),
  MODES: Object.freeze(['annotate', 'blur', 'hide']),
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
