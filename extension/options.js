// Options: display mode per kind of count, saved in api.storage.local under SETTINGS_KEY;
// content scripts listen to storage changes, so open tabs follow at once.
(() => {
  const P = globalThis.VinculoProtocol;
  const { t } = globalThis.VinculoI18n;
  const api = globalThis.VinculoApi;

  async function load() {
    const stored = (await api.storage.local.get(P.SETTINGS_KEY))[P.SETTINGS_KEY] ?? {};
    return { ...stored, modes: { ...P.DEFAULT_SETTINGS.modes, ...(stored.modes ?? {}) } };
  }

  async function save(settings) {
    await api.storage.local.set({ [P.SETTINGS_KEY]: settings });
    const status = document.getElementById('saved');
    status.textContent = t('optionsSaved');
  }

  function modeFieldset(kind, settings) {
    const fieldset = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = t(`countKind_${kind}`);
    fieldset.append(legend);
    for (const mode of P.MODES) {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = `mode-${kind}`;
      input.value = mode;
      input.checked = settings.modes[kind] === mode;
      input.addEventListener('change', async () => {
        settings.modes[kind] = mode;
        await save(settings);
      });
      label.append(input, document.createTextNode(` ${t(`mode_${mode}`)}`));
      fieldset.append(label);
    }
    return fieldset;
  }

  document.addEventListener('DOMContentLoaded', async () => {
    const settings = await load();
    const container = document.getElementById('modes');
    for (const kind of P.COUNT_KINDS) container.append(modeFieldset(kind, settings));
  });
})();
