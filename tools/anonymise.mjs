// Anonymises a saved page for the real-page corpus (tests/fixtures/real/) with the same code
// the extension's "Save an anonymised copy of this page" runs: extension/content/anonymise.js
// and the adapter's `anonymise` data, in Debian's headless Chromium.
//
//   node tools/anonymise.mjs <in.html> <out.html> [--seed N]
//
// The capture never runs: it is parsed with DOMParser (an inert document: no script, no
// request) in a blank page whose every network request is refused. Prints how many of each
// kind were replaced, then checks the output: if any collected name, slug, member id, numeric
// id or free text of the original is still in it, it says which and writes nothing (exit 1).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = new URL('..', import.meta.url).pathname;
const ENGINE = readFileSync(join(ROOT, 'extension/content/anonymise.js'), 'utf8');
export const ADAPTER = JSON.parse(readFileSync(join(ROOT, 'adapters/linkedin.json'), 'utf8'));

// A blank page with the engine loaded, and how to close its browser.
export async function openEngine() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext();
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.addScriptTag({ content: ENGINE });
    if (!(await page.evaluate(() => Boolean(globalThis.VinculoAnonymise)))) throw new Error('anonymise.js did not load');
    return { page, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

// {html, counts, leftovers}: the anonymised page, the replacements per kind, and the originals
// still found in it (by kind; empty lists when the page is clean).
export async function anonymiseHtml(page, html, { seed = 1, adapter = ADAPTER } = {}) {
  return page.evaluate(
    ({ html, adapter, seed }) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const { html: out, counts, originals } = globalThis.VinculoAnonymise.anonymise(doc, adapter, { seed });

      // Every string of the output as a reader gets it: text and attribute values, decoded.
      const parsed = new DOMParser().parseFromString(out, 'text/html');
      const strings = [];
      const walker = parsed.createTreeWalker(parsed, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) strings.push(walker.currentNode.data);
      for (const el of parsed.querySelectorAll('*')) for (const attr of el.attributes) strings.push(attr.value);
      const all = strings.join('\n');
      const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const whole = (text, around) => new RegExp(`(?<!${around})${escape(text)}(?!${around})`, 'u').test(all);
      const leftovers = {
        names: originals.names.filter((name) => whole(name, '[\\p{L}\\p{N}]')),
        slugs: [
          ...originals.slugs.filter((slug) => whole(slug, '[\\w%-]')),
          ...originals.glued_slugs.filter((slug) => (slug.length >= 6 ? all.includes(slug) : whole(slug, '[\\w%-]'))),
        ],
        // Any id of the real shape, replaced or not (the stand-ins are shorter).
        member_ids: [...new Set(all.match(new RegExp(adapter.anonymise.member_id.pattern, 'gu')) ?? [])],
        numeric_ids: originals.numeric_ids.filter((digits) => whole(digits, '\\d')),
        texts: originals.texts.filter((text) => all.includes(text)),
      };
      return { html: out, counts, leftovers };
    },
    { html, adapter, seed },
  );
}

export const clean = (leftovers) => Object.values(leftovers).every((list) => list.length === 0);

async function main() {
  const args = process.argv.slice(2);
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : 1;
  const [input, output] = args;
  if (!input || !output || !Number.isFinite(seed)) {
    console.error('usage: node tools/anonymise.mjs <in.html> <out.html> [--seed N]');
    process.exit(2);
  }
  const engine = await openEngine();
  const result = await anonymiseHtml(engine.page, readFileSync(input, 'utf8'), { seed }).finally(engine.close);
  for (const [kind, n] of Object.entries(result.counts).sort()) console.log(`${kind.padEnd(18)} ${n}`);
  if (!clean(result.leftovers)) {
    console.error(`\n${input}: originals still in the output; nothing written:`);
    for (const [kind, list] of Object.entries(result.leftovers)) if (list.length) console.error(`  ${kind}: ${JSON.stringify(list)}`);
    process.exit(1);
  }
  writeFileSync(output, result.html);
  console.log(`\n${output}: ${result.html.length} characters, self-check clean`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
