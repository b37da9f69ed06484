// The rows of the "Your network" page, kept in the worker until the store or the settings
// change (or they are an hour old: the rows' days and this week's replies move with the
// clock). Making them walks every interaction three times — about 250 ms for a million in
// wasm — so the page opened again, or reloaded, gets them at once.
import { STORE_KEY } from './store-writer.js';

const MAX_AGE_MS = 60 * 60 * 1000;

export function createNetworkRows({ api, store, settingsKey }) {
  let kept = null; // {rows, at}

  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && Object.keys(changes).some((key) => key === settingsKey || STORE_KEY.test(key))) kept = null;
  });

  return async function rows(now, thresholds) {
    if (kept && now >= kept.at && now - kept.at < MAX_AGE_MS) return kept.rows;
    const made = await store.read((s) => s.networkRows(now, thresholds));
    kept = { rows: made, at: now };
    return made;
  };
}
