// The activity store's single writer, in the service worker. Every change goes through one
// promise chain, so several tabs recording at once are applied one after another and nothing
// is lost; a change is written to chrome.storage.local before its sender is acknowledged, so a
// worker stopped mid-way loses nothing acknowledged. Only the parts that changed are written.
//
// A part the core cannot read is moved aside under QUARANTINE_PREFIX + its key — never
// overwritten — and reported to the popup.
export const QUARANTINE_PREFIX = 'vinculo:quarantine:';

export function createStoreWriter({ api, ready, StoreHandle }) {
  let handle = null;
  let problems = [];
  let chain = Promise.resolve();

  async function persist({ writes = {}, removals = [] }) {
    if (Object.keys(writes).length) await api.storage.local.set(writes);
    if (removals.length) await api.storage.local.remove(removals);
  }

  async function load() {
    await ready;
    const everything = await api.storage.local.get(null);
    handle = StoreHandle.fromParts(everything);
    const unreadable = handle.problems();
    if (unreadable.length) {
      const aside = {};
      for (const { key } of unreadable) aside[QUARANTINE_PREFIX + key] = everything[key];
      await api.storage.local.set(aside);
      await api.storage.local.remove(unreadable.map((p) => p.key));
      // Until told they are aside, the core never writes those keys (src/store.rs `release`).
      handle.released(unreadable.map((p) => p.key));
    }
    await persist(handle.takeChanges()); // e.g. a migrated older store
    const earlier = Object.keys(everything)
      .filter((key) => key.startsWith(QUARANTINE_PREFIX))
      .map((key) => key.slice(QUARANTINE_PREFIX.length));
    problems = [...new Set([...earlier, ...unreadable.map((p) => p.key)])];
  }

  // Run `work(handle)` after every earlier change.
  function exclusive(work) {
    const result = chain.then(async () => {
      if (!handle) await load();
      return work(handle);
    });
    chain = result.catch(() => {});
    return result;
  }

  // Apply a write-producing call and persist its parts before answering.
  const write = (call) =>
    exclusive(async (store) => {
      const { writes, removals, ...outcome } = call(store);
      await persist({ writes, removals });
      return outcome;
    });

  return {
    // Reads share the chain too, so they see every acknowledged write.
    read: (fn) => exclusive((store) => fn(store, problems)),
    write,
    async wipe() {
      return exclusive(async () => {
        const everything = await api.storage.local.get(null);
        const ours = Object.keys(everything).filter((k) => k.startsWith('vinculo:v') || k.startsWith(QUARANTINE_PREFIX));
        await api.storage.local.remove(ours);
        handle = new StoreHandle();
        problems = [];
        return {};
      });
    },
  };
}
