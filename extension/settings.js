// The settings: the one place that knows their defaults and reads them. A classic script that
// sets a global, so the content script, the module worker (side-effect import) and the pages
// share it. The options page writes them under SETTINGS_KEY in chrome.storage.local; every
// reader takes them through `merged`, so a setting never stored reads as its default.
// The relationship thresholds a user left alone are not stored: the core fills each missing
// one with its own default (src/score.rs `Thresholds`), so those defaults live in one place.
/// <reference path="./protocol.js" />
globalThis.VinculoSettings = (() => {
  const P = globalThis.VinculoProtocol;

  /** @type {Readonly<VinculoSettingsValue>} */
  const DEFAULTS = Object.freeze({
    modes: Object.freeze(/** @type {Record<string, 'annotate'>} */ (Object.fromEntries(P.COUNT_KINDS.map((kind) => [kind, 'annotate'])))),
    language: 'auto',
    store_text: false,
    // Meaningful exchanges a week the popup counts toward (0: no goal).
    weekly_goal: 0,
    reaction_hint: true,
  });

  /**
   * The stored settings (any shape, or nothing) with every default filled in.
   * @param {Partial<VinculoSettingsValue> | null | undefined} stored
   * @returns {VinculoSettingsValue}
   */
  function merged(stored) {
    const value = stored && typeof stored === 'object' ? stored : {};
    const settings = { ...DEFAULTS, ...value, modes: { ...DEFAULTS.modes, ...(value.modes ?? {}) } };
    if (value.thresholds == null) delete settings.thresholds;
    return settings;
  }

  /**
   * The settings as stored now, merged.
   * @param {{storage: {local: {get(key: string): Promise<Record<string, any>>}}}} api
   * @returns {Promise<VinculoSettingsValue>}
   */
  async function load(api) {
    return merged((await api.storage.local.get(P.SETTINGS_KEY))[P.SETTINGS_KEY]);
  }

  return Object.freeze({ KEY: P.SETTINGS_KEY, DEFAULTS, merged, load });
})();
