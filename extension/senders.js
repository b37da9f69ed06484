// Who may send the worker each kind of message: one table, checked before any handler runs.
//
// A content script runs inside the site's page process, so whatever reaches the page could
// reach its messages: it may only report what the page shows (SCAN), the user's own actions
// (ACTIVITY), and ask for a locale's messages (MESSAGES). Everything that reads the user's
// data, plants data or deletes it comes only from the extension's own pages (popup, options).
export const CONTENT = 'content';
export const EXTENSION = 'extension';

export function senderTable(P) {
  return Object.freeze({
    [P.SCAN]: [CONTENT],
    [P.ACTIVITY]: [CONTENT],
    [P.MESSAGES]: [CONTENT],
    [P.TAB_HEALTH]: [EXTENSION],
    [P.SUMMARY]: [EXTENSION],
    [P.THRESHOLDS]: [EXTENSION],
    [P.MERGE]: [EXTENSION],
    [P.STORE_PARTS]: [EXTENSION],
    [P.WIPE]: [EXTENSION],
    [P.NETWORK]: [EXTENSION],
    [P.PERSON]: [EXTENSION],
    [P.NOTE]: [EXTENSION],
    [P.ALIVE]: [EXTENSION],
    // The popup asks the tab's content script for it; the worker takes it from no one.
    [P.ANONYMISED_COPY]: [],
  });
}

// What `sender` (runtime.onMessage's) is, for an extension of `id` whose pages are under
// `origin` (runtime.getURL('')): one of its own pages (in a tab or not: the options page opens
// in one), a content script in a tab, or neither.
export function senderKind(sender, { id, origin }) {
  if (!sender || sender.id !== id) return null;
  if (typeof sender.url === 'string' && sender.url.startsWith(origin)) return EXTENSION;
  if (sender.tab?.id != null) return CONTENT;
  return null;
}

export function allowed(table, type, sender, self) {
  return (table[type] ?? []).includes(senderKind(sender, self));
}
