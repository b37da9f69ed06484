// Loads a built wasm module (dist/pkg, `--target web` glue) in Node: `worker`, as the service
// worker loads it, or `pages`, as the extension pages do. `instance` names a separate instance
// (a module's state, such as the languages added, is its own).
import { readFileSync } from 'node:fs';

export const ROOT = new URL('../..', import.meta.url).pathname;

export async function loadCore(module = 'worker', instance = '') {
  const core = await import(`${ROOT}dist/pkg/vinculo_${module}.js${instance && `?${instance}`}`);
  core.initSync({ module: readFileSync(`${ROOT}dist/pkg/vinculo_${module}_bg.wasm`) });
  return core;
}

// Adds languages' tables to a worker module, as the service worker does (extension/languages.js),
// from the package's files: `languages` are the subtags a page's `lang` starts with.
export function addLanguages(core, languages) {
  const dir = `${ROOT}dist/chrome/languages`;
  const index = JSON.parse(readFileSync(`${dir}/index.json`, 'utf8'));
  for (const language of languages) {
    const { count, dates } = JSON.parse(readFileSync(`${dir}/${index[language]}.json`, 'utf8'));
    core.addLanguage(count, dates);
  }
}

// A merge payload as the service worker hands it to the core: UTF-8 bytes.
export const utf8 = (text) => new TextEncoder().encode(text);
