// The reaction hint's two rules that are not the core's: the options' switch (on unless the
// user turned it off) and once per post. The posts already hinted are kept in
// chrome.storage.local (the newest KEPT), under a key of ours, so a wipe forgets them too.
export const HINTED_KEY = 'vinculo:hinted';
const KEPT = 1000;

export function createHints({ api }) {
  // One at a time, so two reactions on one post in a row hint once.
  /** @type {Promise<unknown>} */
  let chain = Promise.resolve();

  async function pick(candidates, settings) {
    if (!candidates?.length || settings.reaction_hint === false) return [];
    const hinted = (await api.storage.local.get(HINTED_KEY))[HINTED_KEY] ?? [];
    const fresh = [...new Set(candidates)].filter((post) => !hinted.includes(post));
    if (fresh.length) await api.storage.local.set({ [HINTED_KEY]: [...hinted, ...fresh].slice(-KEPT) });
    return fresh;
  }

  return {
    pick: (candidates, settings) => {
      const result = chain.then(() => pick(candidates, settings));
      chain = result.catch(() => {});
      return result;
    },
  };
}
