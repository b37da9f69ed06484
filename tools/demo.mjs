// `./build.sh demo`: Vínculo at work without a LinkedIn account. Serves real LinkedIn pages of
// the test corpus (anonymised) as www.linkedin.com on this machine and opens Chromium with dist/chrome —
// headed when a display exists, otherwise headless. It imports the sample LinkedIn archive,
// opens a message thread, the feed and a profile, and writes screenshots of the feed, the
// profile, the popup and "Your network" (in English and in Portuguese, a person opened) to
// dist/demo/, printing their paths.
// VINCULO_DEMO_LANG=pt-BR shows it in Portuguese.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, pathOf, ROOT } from '../tests/e2e/harness.mjs';

const OUT = join(ROOT, 'dist/demo');
const headless = !process.env.DISPLAY;
const lang = process.env.VINCULO_DEMO_LANG ?? 'en';
const suffix = lang.startsWith('pt') ? 'pt' : 'en';
mkdirSync(OUT, { recursive: true });

const browser = await launch({ lang, headless });
const shots = [];
async function open(url, ready) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(url);
  await page.waitForFunction(ready, null, { timeout: 15_000 }).catch(() => {});
  return page;
}
async function shot(page, name) {
  const path = join(OUT, `${name}.png`);
  // The first badge in view (the unstyled saved pages start with a long navigation).
  await page.locator('[data-vinculo-kind]').first().scrollIntoViewIfNeeded().catch(() => {});
  await page.screenshot({ path, fullPage: false });
  shots.push(path);
}
const drawn = (kind) => `document.querySelector('[data-vinculo-kind="${kind}"]')`;

// History to start with: the sample archive, imported as a user would in the options.
const options = await open(`chrome-extension://${browser.extensionId}/options.html`, () => document.querySelector('#modes fieldset'));
await options.setInputFiles('#import-file', join(ROOT, 'tests/fixtures/archive/Basic_LinkedInDataExport_11-20-2026.zip'));
await options.waitForFunction(() => /\d/.test(document.getElementById('import-report').textContent), null, { timeout: 30_000 });
const thread = 'messaging-ember-en-1';
await (await open(browser.url(pathOf(thread), thread), () => true)).waitForTimeout(800);

const feed = suffix === 'pt' ? 'feed-react-pt-1' : 'feed-react-en-1';
await shot(await open(browser.url('/feed/', feed), drawn('conversation')), 'feed');
await shot(await open(browser.url(pathOf('profile-react-en-2'), 'profile-react-en-2'), drawn('relationship')), 'profile');
const popup = await open(`chrome-extension://${browser.extensionId}/popup.html`, () => !document.getElementById('health').hidden);
await popup.setViewportSize({ width: 400, height: 800 });
await shot(popup, 'popup');

// "Your network" in both languages (the options' language setting, as a user would switch it),
// the strongest tie opened.
for (const language of ['en', 'pt-BR']) {
  await options.evaluate(async (value) => {
    const settings = (await chrome.storage.local.get('vinculo:settings'))['vinculo:settings'] ?? {};
    await chrome.storage.local.set({ 'vinculo:settings': { ...settings, language: value } });
  }, language);
  const network = await open(`chrome-extension://${browser.extensionId}/network.html`, () => document.querySelector('#network-grid [data-key]'));
  await network.setViewportSize({ width: 1280, height: 1000 });
  await network.locator('#network-grid [data-key]').first().click();
  await network.waitForSelector('#person:not([hidden]) #person-name').catch(() => {});
  const path = join(OUT, `network-${language.startsWith('pt') ? 'pt' : 'en'}.png`);
  await network.screenshot({ path, fullPage: true });
  shots.push(path);
}
await options.evaluate(async (value) => {
  const settings = (await chrome.storage.local.get('vinculo:settings'))['vinculo:settings'] ?? {};
  await chrome.storage.local.set({ 'vinculo:settings': { ...settings, language: value } });
}, lang === 'en' ? 'auto' : lang);

for (const path of shots) console.log(`screenshot: ${path}`);
if (headless) {
  await browser.close();
} else {
  console.log('Chromium is open with Vínculo loaded; close its window to end the demo.');
  await new Promise((resolve) => browser.context.on('close', resolve));
  await browser.close();
}
