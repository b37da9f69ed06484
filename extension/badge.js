// The toolbar icon's badge: how many people are owed a reply (src/insight.rs, every one, not
// the popup's first few), cleared at none. chrome.action needs no permission. Worked out again
// whenever the store changes — any tab's scan, an import, a note, a wipe (the single writer
// says so) — and when the worker starts; a burst of writes (a page read over several drains)
// costs one count.
const SETTLE_MS = 300;

export function createBadge({ api, store }) {
  let timer = null;

  async function update() {
    timer = null;
    let owed = 0;
    try {
      owed = await store.read((s) => s.repliesOwed(Date.now()));
    } catch (error) {
      // A store that cannot be read owes nothing the badge could name; the popup says why.
      console.warn('Vínculo worker: badge', error);
    }
    await api.action.setBadgeText({ text: owed ? String(owed) : '' });
    await api.action.setTitle({ title: owed ? api.i18n.getMessage('badgeTitle', [String(owed)]) : api.i18n.getMessage('extName') });
  }

  function soon() {
    if (timer) return;
    timer = setTimeout(() => update().catch((error) => console.warn('Vínculo worker: badge', error)), SETTLE_MS);
  }

  store.onChange(soon);
  soon();
}
