// Loads a built wasm module (dist/pkg, `--target web` glue) in Node: `worker`, as the service
// worker loads it, or `pages`, as the extension pages do.
import { readFileSync } from 'node:fs';

export const ROOT = new URL('../..', import.meta.url).pathname;

export async function loadCore(module = 'worker') {
  const core = await import(`${ROOT}dist/pkg/vinculo_${module}.js`);
  core.initSync({ module: readFileSync(`${ROOT}dist/pkg/vinculo_${module}_bg.wasm`) });
  return core;
}
