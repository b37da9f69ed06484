// The activity store's single writer, in the service worker. Every change goes through one
// promise chain, so several tabs recording at once are applied one after another and nothing
// is lost; a change is written to chrome.storage.local before its sender is acknowledged, so a
// worker stopped mid-way loses nothing acknowledged. Only the parts that changed are written.
//
// The store in memory never runs ahead of storage. When storage refuses a write (full, or
// failing), the store is read again from storage before anything else runs, the caller gets a
// StoreError, and the interactions that write would have added are named in the unsaved
// report — kept in chrome.storage.session, since storage.local may be what refuses — which
// the popup shows until a later write saves them or the user wipes.
//
// A part the core cannot read is moved aside under QUARANTINE_PREFIX + its key — never
// overwritten — and reported to the popup. A store the core will not load at all (written by
// a newer Vínculo) is left untouched: reads and writes fail with the reason, and a wipe still
// works (it needs neither the core nor a loaded store).
export const QUARANTINE_PREFIX = 'vinculo:quarantine:';
// Every key Vínculo keeps in storage starts with this.
export const OWN_PREFIX = 'vinculo:';
export const UNSAVED_KEY = 'vinculo:unsaved';
// The unsaved report names at most this many interactions and counts the rest.
export const UNSAVED_NAMED = 100_000;

// A failure the user is told about: `key` and `args` name a message of _locales.
export class StoreError extends Error {
  constructor({ key, args = [], message }) {
    super(message);
    this.key = key;
    this.args = args;
    /** @type {string[] | undefined} the interactions a refused write would have added */
    this.lost = undefined;
    /** @type {any} what the refused call decided (its outcome without the writes) */
    this.outcome = undefined;
  }
}

// Storage refused a write. Chromium says "QUOTA_BYTES quota exceeded"; Firefox throws a
// QuotaExceededError.
export function writeFailure(error) {
  const message = String(error?.message ?? error);
  const full = error?.name === 'QuotaExceededError' || /quota/i.test(message);
  return new StoreError({ key: full ? 'storeErrorFull' : 'storeErrorWrite', args: full ? [] : [message], message });
}

// The core throws plain {key, args, message} objects (src/msg.rs `Failure`).
const coreFailure = (error) => (error?.key ? new StoreError(error) : error);

// `keep`: keys of ours a wipe leaves (the settings).
export function createStoreWriter({ api, ready, StoreHandle, keep = [] }) {
  // {handle, problems} as storage holds them, or {refusal} when the core will not load them;
  // null until (re)loaded.
  let state = null;
  // {ids, more, key, args, at}: interactions storage refused and no later write saved.
  let unsaved = null;
  let chain = Promise.resolve();
  // Called after every write that changed storage, and after a wipe (the toolbar badge, the
  // network page's rows): what the store holds may have changed.
  const changed = new Set();
  const tellChanged = () => {
    for (const listener of changed) {
      try {
        listener();
      } catch (error) {
        console.error('Vínculo: store change listener', error);
      }
    }
  };

  async function persist({ writes = {}, removals = [] }) {
    if (Object.keys(writes).length) await api.storage.local.set(writes);
    if (removals.length) await api.storage.local.remove(removals);
  }

  async function load() {
    await ready;
    const everything = await api.storage.local.get(null);
    let handle;
    try {
      handle = StoreHandle.fromParts(everything);
    } catch (error) {
      return { refusal: coreFailure(error) };
    }
    const unreadable = handle.problems();
    if (unreadable.length) {
      try {
        const aside = {};
        for (const { key } of unreadable) aside[QUARANTINE_PREFIX + key] = everything[key];
        await api.storage.local.set(aside);
        await api.storage.local.remove(unreadable.map((p) => p.key));
        // Until told they are aside, the core never writes those keys (src/store.rs `release`).
        handle.released(unreadable.map((p) => p.key));
      } catch (error) {
        // Not aside, so still held: never overwritten, still reported.
        console.error('Vínculo: unreadable parts not moved aside', error);
      }
    }
    try {
      await persist(handle.takeChanges()); // e.g. a migrated older store
    } catch (error) {
      handle.free();
      throw writeFailure(error);
    }
    const earlier = Object.keys(everything)
      .filter((key) => key.startsWith(QUARANTINE_PREFIX))
      .map((key) => key.slice(QUARANTINE_PREFIX.length));
    return { handle, problems: [...new Set([...earlier, ...unreadable.map((p) => p.key)])] };
  }

  // Forget the store in memory: the next call reads it from storage again.
  function reload() {
    state?.handle?.free();
    state = null;
  }

  function queued(work) {
    const result = chain.then(work);
    chain = result.catch(() => {});
    return result;
  }

  // Run `work(state)` after every earlier change, on the store as storage holds it.
  const exclusive = (work) =>
    queued(async () => {
      state ??= await load();
      unsaved ??= (await api.storage.session.get(UNSAVED_KEY))[UNSAVED_KEY] ?? { ids: [], more: 0 };
      return work(state);
    });

  async function saveReport() {
    if (unsaved.ids.length || unsaved.more) await api.storage.session.set({ [UNSAVED_KEY]: unsaved });
    else await api.storage.session.remove(UNSAVED_KEY);
  }

  async function refused(failure, ids) {
    const room = Math.max(0, UNSAVED_NAMED - unsaved.ids.length);
    const known = new Set(unsaved.ids);
    const fresh = ids.filter((id) => !known.has(id));
    unsaved = {
      ids: [...unsaved.ids, ...fresh.slice(0, room)],
      more: unsaved.more + Math.max(0, fresh.length - room),
      key: failure.key,
      args: failure.args,
      at: Date.now(),
    };
    await saveReport();
  }

  async function saved(ids) {
    const now = new Set(ids);
    const left = unsaved.ids.filter((id) => !now.has(id));
    if (left.length === unsaved.ids.length) return;
    unsaved = { ...unsaved, ids: left };
    await saveReport();
  }

  // Apply a write-producing call and persist its parts before answering.
  /** @type {(call: (handle: any) => any) => Promise<any>} */
  const write = (call) =>
    exclusive(async ({ handle, refusal }) => {
      if (refusal) throw refusal;
      let changes;
      try {
        changes = call(handle);
      } catch (error) {
        // A trap may have left the core's memory half-changed; a refused input changed nothing.
        if (error instanceof WebAssembly.RuntimeError) reload();
        throw coreFailure(error);
      }
      const { writes, removals, ...outcome } = changes;
      try {
        await persist({ writes, removals });
      } catch (error) {
        const lost = handle.lastAdded();
        reload();
        const failure = writeFailure(error);
        await refused(failure, lost).catch((e) => console.error('Vínculo: unsaved report', e));
        failure.lost = lost; // the interactions this write would have added
        failure.outcome = outcome; // what the call decided, for what needs no store
        throw failure;
      }
      if (unsaved.ids.length) await saved(handle.lastAdded());
      if (Object.keys(writes ?? {}).length || removals?.length) tellChanged();
      return outcome;
    });

  return {
    // Reads share the chain too, so they see every acknowledged write. `fn(handle, report)`.
    read: (fn) =>
      exclusive(({ handle, problems, refusal }) => {
        if (refusal) throw refusal;
        const count = unsaved.ids.length + unsaved.more;
        const report = count ? { count, key: unsaved.key, args: unsaved.args, at: unsaved.at } : null;
        return fn(handle, { problems, unsaved: report });
      }),
    write,
    // Whether the unsaved report may still hold any of `ids` (interactions a refused write
    // would have added): named in it, or among those it only counts.
    stillUnsaved: (ids) =>
      exclusive(() => {
        const named = new Set(unsaved.ids);
        return ids.some((id) => named.has(id)) || (unsaved.more > 0 && ids.length > 0);
      }),
    // Removes every key of ours but `keep`: whatever schema wrote them, kept aside or not yet
    // migrated (the pre-chunking key too), so wiped data never comes back.
    wipe: () =>
      queued(async () => {
        const everything = await api.storage.local.get(null);
        const ours = Object.keys(everything).filter((key) => key.startsWith(OWN_PREFIX) && !keep.includes(key));
        await api.storage.local.remove(ours);
        await api.storage.session.remove(UNSAVED_KEY);
        reload();
        unsaved = null;
        tellChanged();
        return {};
      }),
    // `listener()` after each change of the store (see `changed`).
    onChange: (listener) => changed.add(listener),
  };
}
