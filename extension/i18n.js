// User-visible text: every string comes from _locales/<lang>/messages.json (en and pt_BR).
// By default the browser's language decides (chrome.i18n); the options can override it, in
// which case the chosen locale's messages.json is used instead (`useTexts`).
globalThis.VinculoI18n = (() => {
  // The browser's i18n API is asked for only when a message is read from it: a page's content
  // script gets its messages from the worker (useTexts), and the API's first use costs the
  // site's page process a millisecond or more.
  const api = () => globalThis.VinculoApi.i18n;
  let override = null; // {texts, lang} from the options' language setting
  // Numbers are written with the separators of the messages shown (each locale's
  // numberGroupSeparator and numberDecimalSeparator), by hand: a page's first Intl.NumberFormat
  // loads the locale's data, tens of milliseconds in the site's page process.
  let separators = null;
  const message = (key) => (override ? override.texts[key] : api().getMessage(key)) || '';
  const format = (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
    // Most arguments are small whole numbers: nothing to group, no fraction.
    if (Number.isInteger(value) && Math.abs(value) < 1000) return String(value);
    separators ??= { group: message('numberGroupSeparator') || ',', decimal: message('numberDecimalSeparator') || '.' };
    const [whole, fraction] = Math.abs(value).toFixed(3).replace(/\.?0+$/, '').split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, separators.group);
    return `${value < 0 ? '-' : ''}${grouped}${fraction ? separators.decimal + fraction : ''}`;
  };

  // t(key, [args]) → the translated message with $1…$9 filled in (as text, never HTML).
  function t(key, args = []) {
    const values = args.map(format);
    if (override) {
      const text = override.texts[key];
      if (text != null) return text.replace(/\$(\d)/g, (_, n) => values[Number(n) - 1] ?? '');
    }
    return api().getMessage(key, values) || key;
  }

  // `texts` are a locale's messages as VinculoProtocol.messageTexts gives them; `lang` a BCP 47
  // tag (pt-BR).
  function useTexts(texts, lang) {
    override = { texts, lang };
    separators = null;
  }

  return {
    t,
    format,
    useTexts,
    // The language of the messages shown (BCP 47): the options' choice, else the messages file
    // the browser picked, which names itself (getUILanguage may name another language).
    get uiLang() {
      return override?.lang ?? (message('messagesLocale') || 'en').replace('_', '-');
    },
  };
})();
