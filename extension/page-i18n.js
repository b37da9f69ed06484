// Extension pages: fill every [data-i18n] element's text (never HTML) from _locales, and set
// the document's language to the UI's.
document.addEventListener('DOMContentLoaded', () => {
  const { t, uiLang } = globalThis.VinculoI18n;
  document.documentElement.lang = uiLang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
});
