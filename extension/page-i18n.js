// Extension pages: apply the language chosen in the options (if any), then fill every
// [data-i18n] element's text (never HTML) and set the document's language. Pages wait for
// `VinculoPageI18n.ready` before drawing their own text.
globalThis.VinculoPageI18n = (() => {
  const P = globalThis.VinculoProtocol;
  const api = globalThis.VinculoApi;
  const i18n = globalThis.VinculoI18n;

  async function applyLanguageSetting() {
    const settings = await globalThis.VinculoSettings.load(api);
    const locale = P.LOCALES[settings.language];
    if (!locale) return;
    // The extension's own packaged file, read from its own origin (not a network request).
    const messages = await (await fetch(api.runtime.getURL(`_locales/${locale}/messages.json`))).json();
    i18n.useTexts(P.messageTexts(messages), settings.language);
  }

  const ready = (async () => {
    await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    await applyLanguageSetting().catch((error) => console.error('Vínculo: language setting', error));
    document.documentElement.lang = i18n.uiLang;
    for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-i18n]'))) el.textContent = i18n.t(el.dataset.i18n);
  })();

  return Object.freeze({ ready });
})();
