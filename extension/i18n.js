// User-visible text: every string comes from _locales/<lang>/messages.json (en and pt_BR).
// By default the browser's language decides (chrome.i18n); the options can override it, in
// which case the chosen locale's messages.json is used instead (`useMessages`).
globalThis.VinculoI18n = (() => {
  const api = globalThis.VinculoApi.i18n;
  let override = null; // {messages, lang} from the options' language setting
  let numbers = new Intl.NumberFormat(api.getUILanguage?.() || 'en');

  const format = (value) => (typeof value === 'number' ? numbers.format(value) : String(value));

  // t(key, [args]) → the translated message with $1…$9 filled in (as text, never HTML).
  function t(key, args = []) {
    const values = args.map(format);
    if (override) {
      const text = override.messages[key]?.message;
      if (text != null) return text.replace(/\$(\d)/g, (_, n) => values[Number(n) - 1] ?? '');
    }
    return api.getMessage(key, values) || key;
  }

  // `messages` is a parsed _locales/<locale>/messages.json; `lang` a BCP 47 tag (pt-BR).
  function useMessages(messages, lang) {
    override = { messages, lang };
    numbers = new Intl.NumberFormat(lang);
  }

  return {
    t,
    format,
    useMessages,
    get uiLang() {
      return override?.lang ?? (api.getUILanguage?.() || 'en');
    },
  };
})();
