// User-visible text: every string comes from _locales/<lang>/messages.json (en and pt_BR),
// chosen by the browser's language. Numbers are formatted for the same language.
globalThis.VinculoI18n = (() => {
  const api = globalThis.VinculoApi.i18n;
  const uiLang = api?.getUILanguage?.() || 'en';
  const numbers = new Intl.NumberFormat(uiLang);
  const format = (value) => (typeof value === 'number' ? numbers.format(value) : String(value));
  // t(key, [args]) → the translated message with $1…$9 filled in (as text, never HTML).
  const t = (key, args = []) => api.getMessage(key, args.map(format)) || key;
  return Object.freeze({ t, format, uiLang });
})();
