// User-visible text: every string comes from _locales/<lang>/messages.json (en and pt_BR).
// By default the browser's language decides (chrome.i18n); the options can override it, in
// which case the chosen locale's messages.json is used instead (`useMessages`).
globalThis.VinculoI18n = (() => {
  const api = globalThis.VinculoApi.i18n;
  let override = null; // {messages, lang} from the options' language setting
  // Made at the first number formatted: the first number format of a page's process costs
  // tens of milliseconds (the locale's data), which a page that gets no badge need not pay.
  let numbers = null;
  const format = (value) => {
    if (typeof value !== 'number') return String(value);
    numbers ??= new Intl.NumberFormat(override?.lang ?? (api.getUILanguage?.() || 'en'));
    return numbers.format(value);
  };

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
    numbers = null;
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
