// Options: display mode per kind of count, interface language, whether comment text is kept,
// the relationship thresholds. Saved in chrome.storage.local under SETTINGS_KEY; content
// scripts and the worker listen to storage changes, so open tabs follow at once.
// (The data section — export, import, wipe — is options-data.js.)
(() => {
  const P = globalThis.VinculoProtocol;
  const { t } = globalThis.VinculoI18n;
  const api = globalThis.VinculoApi;
  const $ = (id) => document.getElementById(id);

  const load = () => globalThis.VinculoSettings.load(api);

  async function save(settings) {
    await api.storage.local.set({ [P.SETTINGS_KEY]: settings });
    $('saved').textContent = t('optionsSaved');
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
      input.addEventListener('change', () => {
        settings.modes[kind] = mode;
        save(settings);
      });
      label.append(input, document.createTextNode(` ${t(`mode_${mode}`)}`));
      fieldset.append(label);
    }
    return fieldset;
  }

  // One number input per threshold, with what it means; defaults come from the core.
  function thresholdInputs(settings, defaults) {
    const container = $('thresholds');
    container.replaceChildren();
    for (const [name, fallback] of Object.entries(defaults)) {
      const id = `threshold-${name}`;
      const row = document.createElement('div');
      row.className = 'threshold';
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = t(`threshold_${name}`);
      const input = document.createElement('input');
      input.type = 'number';
      input.id = id;
      input.min = '0';
      input.step = 'any';
      input.value = String(settings.thresholds?.[name] ?? fallback);
      const help = document.createElement('p');
      help.className = 'muted';
      help.id = `${id}-help`;
      help.textContent = t(`threshold_${name}_help`);
      input.setAttribute('aria-describedby', help.id);
      input.addEventListener('change', () => {
        const value = Number(input.value);
        if (!Number.isFinite(value) || value < 0) {
          input.value = String(settings.thresholds?.[name] ?? fallback);
          return;
        }
        settings.thresholds = { ...defaults, ...(settings.thresholds ?? {}), [name]: value };
        save(settings);
      });
      row.append(label, input, help);
      container.append(row);
    }
    $('thresholds-reset').onclick = () => {
      delete settings.thresholds;
      save(settings);
      thresholdInputs(settings, defaults);
    };
  }

  globalThis.VinculoPageI18n.ready.then(async () => {
    const settings = await load();
    const modes = $('modes');
    for (const kind of P.COUNT_KINDS) modes.append(modeFieldset(kind, settings));

    const language = /** @type {HTMLSelectElement} */ ($('language'));
    language.value = settings.language;
    language.addEventListener('change', async () => {
      settings.language = language.value;
      await save(settings);
      location.reload(); // redraw this page in the chosen language
    });

    const storeText = /** @type {HTMLInputElement} */ ($('store-text'));
    storeText.checked = settings.store_text;
    storeText.addEventListener('change', () => {
      settings.store_text = storeText.checked;
      save(settings);
    });

    // The weekly goal (0: none, the default) and the reaction hint (on unless turned off).
    const weeklyGoal = /** @type {HTMLInputElement} */ ($('weekly-goal'));
    weeklyGoal.value = String(settings.weekly_goal ?? 0);
    weeklyGoal.addEventListener('change', () => {
      const value = Math.round(Number(weeklyGoal.value));
      settings.weekly_goal = Number.isFinite(value) && value > 0 ? Math.min(value, 500) : 0;
      weeklyGoal.value = String(settings.weekly_goal);
      save(settings);
    });
    const reactionHint = /** @type {HTMLInputElement} */ ($('reaction-hint'));
    reactionHint.checked = settings.reaction_hint !== false;
    reactionHint.addEventListener('change', () => {
      settings.reaction_hint = reactionHint.checked;
      save(settings);
    });

    const reply = await globalThis.VinculoWorker.send({ type: P.THRESHOLDS });
    if (reply?.defaults) thresholdInputs(settings, reply.defaults);
  });
})();
