// Loads the built wasm package (dist/pkg, `--target web` glue) in Node, as the worker does.
import { readFileSync } from 'node:fs';

export const ROOT = new URL('../..', import.meta.url).pathname;

export async function loadCore() {
  const core = await import(`${ROOT}dist/pkg/vinculo.js`);
  core.initSync({ module: readFileSync(`${ROOT}dist/pkg/vinculo_bg.wasm`) });
  return core;
}
