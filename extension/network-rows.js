// The rows of the "Your network" page, kept in the worker until the store changes (the single
// writer says so), the thresholds change, or they are an hour old (the rows' days and this
// week's replies move with the clock). Making them walks every interaction three times — about
// 250 ms for a million in wasm — so the page opened again, or reloaded, gets them at once.
const MAX_AGE_MS = 60 * 60 * 1000;

export function createNetworkRows({ store }) {
  let kept = null; // {rows, at, thresholds}
  store.onChange(() => {
    kept = null;
  });

  return async function rows(now, settings) {
    const asked = JSON.stringify(settings?.thresholds ?? null);
    if (kept && kept.thresholds === asked && now >= kept.at && now - kept.at < MAX_AGE_MS) return kept.rows;
    const made = await store.read((s) => s.networkRows(now, settings));
    kept = { rows: made, at: now, thresholds: asked };
    return made;
  };
}
