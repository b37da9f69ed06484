// The core's tables of the site's interface languages, how each writes counts and dates
// (src/languages.rs), added to the worker's wasm module the first time a page in a language is
// scanned rather than compiled into it: a user meets one or two languages of forty. English is
// always added: a page in a language without tables reads as English. A page that does not say
// its language gets them all, since a month name is then read in whichever language has it.
// The files are the extension's own (languages/, written by tools/assemble.mjs), read from its
// own origin: not a network request.
export function createLanguages({ api, ready, addLanguage }) {
  const read = (path) => fetch(api.runtime.getURL(path)).then((file) => file.json());
  // A failed read is forgotten, so a later page tries again.
  const remembered = (promise, forget) => promise.catch((error) => {
    forget();
    throw error;
  });
  let index = null; // promise of {language subtag: file}
  const added = new Map(); // file → promise of its lines added

  function add(file) {
    if (!added.has(file)) {
      const adding = Promise.all([read(`languages/${file}.json`), ready]).then(([{ count, dates }]) => {
        addLanguage(count, dates);
      });
      added.set(file, remembered(adding, () => added.delete(file)));
    }
    return added.get(file);
  }

  /**
   * Adds the tables a page whose `lang` attribute says `lang` is read with.
   * @param {string | undefined} lang
   */
  return async function need(lang) {
    index ??= remembered(read('languages/index.json'), () => (index = null));
    const files = await index;
    const subtag = String(lang ?? '').trim().split(/[-_]/)[0].toLowerCase();
    const fileOf = (language) => (Object.hasOwn(files, language) ? files[language] : null);
    const wanted = subtag ? [fileOf('en'), fileOf(subtag)] : Object.values(files);
    await Promise.all([...new Set(wanted)].filter(Boolean).map(add));
  };
}
