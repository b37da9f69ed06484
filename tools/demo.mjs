// `./build.sh demo`: Vínculo at work without a LinkedIn account. Serves the bundled demo pages
// (the test fixtures) as www.linkedin.com on this machine and opens Chromium with dist/chrome —
// headed when a display exists, otherwise headless — then writes screenshots of the feed, a
// profile and the popup to dist/demo/ and prints their paths.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, ROOT } from '../tests/e2e/harness.mjs';

const OUT = join(ROOT, 'dist/demo');
const headless = !process.env.DISPLAY;
const lang = process.env.VINCULO_DEMO_LANG ?? 'en';
const suffix = lang.startsWith('pt') ? 'pt' : 'en';
mkdirSync(OUT, { recursive: true });

const browser = await launch({ lang, headless });
const shots = [];
async function show(name, url, ready) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(url);
  await page.waitForFunction(ready, null, { timeout: 15_000 }).catch(() => {});
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  shots.push(path);
  return page;
}

const drawn = () => document.querySelector('[data-vinculo-kind]');
await show('feed', browser.url('/feed/', `feed-sdui-${suffix}`), drawn);
await show('profile', browser.url('/in/ana-silva/', `profile-${suffix}`), drawn);
const popup = await show('popup', `chrome-extension://${browser.extensionId}/popup.html`, () => document.readyState === 'complete');
await popup.setViewportSize({ width: 420, height: 640 });
await popup.screenshot({ path: join(OUT, 'popup.png'), fullPage: true });

for (const path of shots) console.log(`screenshot: ${path}`);
if (headless) {
  await browser.close();
} else {
  console.log('Chromium is open with Vínculo loaded; close its window to end the demo.');
  await new Promise((resolve) => browser.context.on('close', resolve));
  await browser.close();
}
