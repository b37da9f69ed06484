// "Your network" end to end (issue 12's "Done when"): the user imports LinkedIn's archive and
// a backup, browses real pages of the corpus, then opens the page — finds a person by typing part
// of the name, opens their timeline, reads the tier's reasons, keeps a note that survives a
// worker restart and is in the JSON export — with the keyboard alone; the toolbar badge shows
// the replies owed; on a real feed page the reaction hint appears once after a reaction to a
// one-way contact's post, and not once the options' switch is off; the weekly goal's progress
// in the popup; a wipe takes the notes and clears the badge. Axe-clean, light and dark,
// English and Portuguese, screenshots into tests/e2e/out/.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AXE, ROOT, launch, pathOf, scanOf, screenshotPath } from './harness.mjs';
import { mimicSite } from './site.mjs';

const ARCHIVE = join(ROOT, 'tests/fixtures/archive/Basic_LinkedInDataExport_11-20-2026.zip');
const FEED = 'feed-react-en-2';
const REACTION_BUTTONS =
  'button.react-button__trigger, button:has(svg[id^="thumbs-up-"]), button:has(svg[id$="-consumption-small"])';
const DAY_MS = 86_400_000;
const postRoot = (page, key) => page.locator(`[data-urn="${key}"], [componentkey^="expanded${key}FeedType_"]`).first();
const profileKey = (href) => `in:${new URL(href).pathname.split('/')[2].toLowerCase()}`;

// The feed's first posts by people (not companies) that show a reaction control.
async function postsOfPeople(page, count) {
  const found = [];
  for (const post of scanOf(FEED).entities.filter((e) => e.entity === 'post' && e.fields.author_href?.includes('/in/'))) {
    if (await postRoot(page, post.key).locator(REACTION_BUTTONS).count()) found.push(post);
    if (found.length === count) return found;
  }
  throw new Error(`${FEED}: fewer than ${count} posts by people with a reaction control`);
}

// A Vínculo backup: the user gave comments to two authors of the feed who never answered
// (one-way ties), and someone wrote to the user yesterday, unanswered (a reply owed).
function backup(authors, now) {
  const depth = { words: 24, question: false, low_effort: false };
  const interactions = authors.flatMap((author, a) =>
    [5, 12, 30].map((days, i) => ({
      id: `e2e:${a}:${i}`, counterpart: profileKey(author.fields.author_href), kind: 'comment', direction: 'given',
      at: Math.floor((now - days * DAY_MS) / 1000), depth, source: 'page',
    })),
  );
  interactions.push({
    id: 'e2e:owed', counterpart: 'in:rafaela-owed-e2e', kind: 'message', direction: 'received',
    at: Math.floor((now - DAY_MS) / 1000), depth, source: 'page',
  });
  return {
    format: 'vinculo-export',
    version: 1,
    me: { key: 'in:e2e-user', name: 'Eva Test' },
    counterparts: [
      ...authors.map((author) => ({ key: profileKey(author.fields.author_href), name: author.fields.author_name, connection: true })),
      { key: 'in:rafaela-owed-e2e', name: 'Rafaela Owed', connection: true },
    ],
    interactions,
  };
}

async function optionsPage(browser) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.waitForSelector('#modes fieldset');
  return page;
}

async function importFiles(page, files) {
  await page.setInputFiles('#import-file', files);
  await page.waitForFunction(() => {
    const text = document.getElementById('import-report').textContent;
    return text && !/Reading the files|Lendo os arquivos/.test(text);
  });
  const report = await page.locator('#import-report').innerText();
  assert.doesNotMatch(report, /fail|falh/i, report);
  return report;
}

async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function openNetwork(browser) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`chrome-extension://${browser.extensionId}/network.html`);
  await page.waitForSelector('#network-grid [role="row"][data-key]');
  return page;
}

// Presses Tab until the element with `id` has the focus (at most `limit` times).
async function tabTo(page, id, limit = 40) {
  for (let i = 0; i < limit; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

// The reaction hint as the browser has it (the debugger pierces closed shadow roots, which
// the page cannot): each host's hint, shown or not, its words and its dismiss button's node.
async function hints(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const found = [];
    const walk = (node) => {
      const attrs = node.attributes ?? [];
      if (attrs.some((a, i) => i % 2 === 0 && a === 'data-vinculo-hint')) {
        const hint = (node.shadowRoots ?? []).flatMap((r) => r.children ?? []).find((c) => c.localName === 'span');
        const hintAttrs = hint?.attributes ?? [];
        const shown = !hintAttrs.some((a, i) => i % 2 === 0 && a === 'hidden');
        const button = (hint?.children ?? []).find((c) => c.localName === 'button');
        found.push({ shown, button: button?.backendNodeId ?? null, words: (hint?.children ?? []).length });
      }
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
    };
    walk(root);
    return found;
  } finally {
    await cdp.detach();
  }
}

async function clickNode(page, backendNodeId) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId });
    const [x1, y1, , , x3, y3] = model.content;
    await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  } finally {
    await cdp.detach();
  }
}

async function until(check, what, timeout = 8000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const ask = (page, message) => page.evaluate((m) => chrome.runtime.sendMessage(m), message);
// The toolbar badge's text, from the worker running now (a restarted one is a new worker).
async function badgeText(browser) {
  const worker = browser.context.serviceWorkers().at(-1) ?? (await browser.context.waitForEvent('serviceworker'));
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}
// The worker's rows as the page reads them: on the wire each is an array (src/network/rows.rs,
// `Wire`), its flags one number.
const decodeRows = (json) =>
  JSON.parse(json).map(([key, name, tier, , given, received, , , , , , , flags]) => ({
    key, name, tier, given, received, connection: Boolean(flags & 1), owed: Boolean(flags & 4),
  }));

describe('Your network, end to end (en)', () => {
  let browser;
  let dir;
  let authors;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vinculo-network-'));
    browser = await launch({ lang: 'en' });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('import, browse, find a person, their timeline and reasons, a note kept across a worker restart and in the export; the badge', async () => {
    const now = Date.now();
    const feed = await browser.context.newPage();
    await feed.goto(browser.url(pathOf(FEED), FEED));
    await feed.waitForSelector('[data-vinculo-kind]');
    authors = await postsOfPeople(feed, 2);
    const file = join(dir, 'backup.json');
    writeFileSync(file, JSON.stringify(backup(authors, now)));
    const options = await optionsPage(browser);
    await importFiles(options, [ARCHIVE]);
    await importFiles(options, [file]);
    // A few pages browsed, as the user does.
    for (const fixture of ['messaging-ember-en-1', 'notifications-ember-en-1']) {
      const page = await browser.context.newPage();
      await page.goto(browser.url(pathOf(fixture), fixture));
      await page.waitForTimeout(500);
      await page.close();
    }

    const rows = decodeRows((await ask(options, { type: 'vinculo/page-to-worker/network', now: Date.now() })).rows);
    const owed = rows.filter((r) => r.owed).length;
    assert.ok(owed >= 1, 'the planted message is owed a reply');
    // The toolbar badge: the replies owed, as the worker sets it (no permission needed).
    await until(async () => (await badgeText(browser)) === String(owed), 'badge');

    const page = await openNetwork(browser);
    const headline = await page.locator('#network-headline').innerText();
    const connections = rows.filter((r) => r.connection).length;
    assert.match(headline, new RegExp(`^${connections} connections · \\d+ real relationships$`));
    // Keyboard only: to the search box, part of a name, to the list, Enter.
    const person = rows.find((r) => r.name === 'Marcus Lee');
    assert.ok(person, 'the archive’s Marcus Lee is known');
    await tabTo(page, 'network-search');
    await page.keyboard.type('rcus l');
    await until(async () => (await page.locator('#network-shown').innerText()).startsWith('1 of'), 'one match');
    assert.equal(await page.locator('#network-grid [role="row"][data-key]:not([hidden]) .name').innerText(), 'Marcus Lee');
    await tabTo(page, 'network-grid');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#person:not([hidden]) #person-name');
    assert.equal(await page.locator('#person-name').innerText(), 'Marcus Lee');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'person-name');
    // Why the tier: the profile badge's own reasons, first the counts each way.
    const reasons = await page.locator('#person .reasons li').allInnerTexts();
    assert.equal(reasons[0], `you → them ${person.given}, them → you ${person.received}`);
    assert.ok(reasons.length >= 2, reasons.join(' | '));
    const timeline = await page.locator('#person .timeline li').allInnerTexts();
    assert.equal(timeline.length, person.given + person.received, timeline.join(' | '));
    assert.ok(timeline.some((line) => / · you → them/.test(line)) && timeline.some((line) => / · them → you/.test(line)));
    assert.ok((await page.locator('#person .next').innerText()).length > 10);
    // The note and tags, typed and saved with the keyboard.
    await tabTo(page, 'person-note');
    await page.keyboard.type('Met at the Porto meetup; asked about Rust jobs');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Mentor, #rust');
    await tabTo(page, 'person-save');
    await page.keyboard.press('Enter');
    await until(async () => (await page.locator('#person-saved').innerText()) === 'Saved.', 'note saved');
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: screenshotPath('network-en'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath('network-en-dark'), fullPage: true });
    assert.deepEqual(await axe(page), []);
    await page.emulateMedia({ colorScheme: 'light' });

    // A worker restart: the page opened again shows the note from the store, and reopens the
    // last person (its own view state, in this extension page's localStorage).
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await page.reload();
    await page.waitForSelector('#person:not([hidden]) #person-note');
    assert.equal(await page.locator('#person-note').inputValue(), 'Met at the Porto meetup; asked about Rust jobs');
    assert.equal(await page.locator('#person-tags').inputValue(), 'mentor, rust');
    assert.ok(await page.evaluate(() => localStorage.getItem('vinculo:network:view')?.includes('"person":"in:')));
    // The JSON backup as the options page makes it: the stored parts, exported by the pages' module.
    const exported = await page.evaluate(async () => {
      const { parts } = await chrome.runtime.sendMessage({ type: 'vinculo/page-to-worker/store-parts' });
      const pages = await import(chrome.runtime.getURL('pkg/vinculo_pages.js'));
      await pages.default();
      return pages.exportFile(parts, 'json', Date.now(), 'en', null, undefined);
    });
    const notes = JSON.parse(exported.text).notes;
    assert.deepEqual(notes.find((n) => n.note.startsWith('Met at the Porto'))?.tags, ['mentor', 'rust']);
    // Sorting by a column and a filter with its count.
    await page.locator('[data-sort="name"]').click();
    assert.equal(await page.locator('[role="columnheader"][aria-sort="ascending"] [data-sort]').getAttribute('data-sort'), 'name');
    const ghosts = page.locator('[data-filter="ghosts"]');
    const count = Number((await ghosts.innerText()).match(/\((\d+)\)/)[1]);
    await ghosts.click();
    assert.equal(await page.locator('#network-shown').innerText(), `${count} of ${rows.length} people`);
    await page.close();
    await feed.close();
    await options.close();
  });

  test('the reaction hint: once per post after a reaction to a one-way contact, never once switched off; the page stays blind (a host after every reaction, none elsewhere)', async () => {
    assert.ok(authors, 'the first test planted the one-way ties');
    const feed = await browser.context.newPage();
    await feed.goto(browser.url(pathOf(FEED), FEED));
    await feed.waitForSelector('[data-vinculo-kind]');
    await feed.evaluate(mimicSite, {});
    const hosts = () => feed.locator('[data-vinculo-hint]').count();
    assert.equal(await hosts(), 0, 'no host beside a post not reacted to');
    const sizes = async () =>
      feed.evaluate(() => [...new Set([...document.querySelectorAll('[data-vinculo-hint]')].map((h) => {
        const box = h.getBoundingClientRect();
        return `${box.width}×${box.height} ${h.outerHTML}`;
      }))]);
    const [first, second] = authors;
    // A reaction to someone with no tie: a host all the same, holding nothing.
    const stranger = (await postsOfPeople(feed, 4)).find((post) => !authors.some((a) => a.fields.author_href === post.fields.author_href));
    assert.ok(stranger, 'a post by someone else');
    await postRoot(feed, stranger.key).locator(REACTION_BUTTONS).first().click();
    await until(async () => (await hosts()) === 1, 'a host beside the reaction');
    await feed.waitForTimeout(1000);
    assert.equal((await hints(feed)).filter((h) => h.shown).length, 0, 'no hint for a reaction to a stranger');
    const before = await sizes();
    assert.equal(before.length, 1);

    const control = postRoot(feed, first.key).locator(REACTION_BUTTONS).first();
    await control.click();
    await until(async () => (await hints(feed)).some((h) => h.shown), 'the hint');
    const shown = (await hints(feed)).filter((h) => h.shown);
    assert.equal(shown.length, 1);
    assert.equal(await hosts(), 2);
    assert.deepEqual(await sizes(), before, 'the page measures the hint’s host as the one holding nothing');
    await feed.screenshot({ path: screenshotPath('network-hint-en') });
    await clickNode(feed, shown[0].button);
    await until(async () => (await hints(feed)).every((h) => !h.shown), 'dismissed');
    // Once per post: taking the reaction back and reacting again shows nothing more.
    await control.click();
    await control.click();
    await feed.waitForTimeout(1500);
    assert.equal((await hints(feed)).filter((h) => h.shown).length, 0);

    // Off with one switch: a reaction to the other one-way contact's post shows nothing.
    const options = await optionsPage(browser);
    await options.locator('#reaction-hint').uncheck();
    await until(() => options.evaluate(async () => (await chrome.storage.local.get('vinculo:settings'))['vinculo:settings']?.reaction_hint === false), 'switch saved');
    const interactions = async () => (await ask(options, { type: 'vinculo/page-to-worker/summary', now: Date.now() })).summary.interactions;
    const counted = await interactions();
    await postRoot(feed, second.key).locator(REACTION_BUTTONS).first().click();
    await until(async () => (await interactions()) === counted + 1, 'the reaction recorded');
    await feed.waitForTimeout(500);
    assert.equal((await hints(feed)).filter((h) => h.shown).length, 0);
    // The site's clicks: only the user's own (the extension clicked nothing).
    const site = await feed.evaluate(() => globalThis.__site);
    assert.equal(site.untrusted, 0);
    await options.close();
    await feed.close();
  });

  test('the weekly goal in the popup; a wipe takes the notes and clears the badge', async () => {
    const options = await optionsPage(browser);
    const summary = (await ask(options, { type: 'vinculo/page-to-worker/summary', now: Date.now() })).summary;
    const done = summary.weekly.at(-1).meaningful;
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.waitForSelector('#health:not([hidden])');
    assert.equal(await popup.locator('#goal').isHidden(), true, 'no goal unless the user sets one');
    await options.locator('#weekly-goal').fill(String(done + 3));
    await options.locator('#weekly-goal').dispatchEvent('change');
    await until(() => options.evaluate(async () => (await chrome.storage.local.get('vinculo:settings'))['vinculo:settings']?.weekly_goal > 0), 'goal saved');
    await popup.reload();
    await popup.waitForSelector('#goal:not([hidden])');
    assert.equal(await popup.locator('#goal-text').innerText(), `${done} of ${done + 3} meaningful exchanges in the last 7 days`);
    assert.equal(Number(await popup.locator('#goal-progress').getAttribute('value')), done);
    assert.deepEqual(await axe(popup), []);
    await popup.close();

    assert.notEqual(await badgeText(browser), '');
    await ask(options, { type: 'vinculo/page-to-worker/wipe' });
    await until(async () => (await badgeText(browser)) === '', 'badge cleared');
    const left = await options.evaluate(async () => Object.keys(await chrome.storage.local.get(null)));
    assert.deepEqual(left.filter((key) => key.startsWith('vinculo:') && key !== 'vinculo:settings'), [], 'notes, hints and the store are gone');
    await options.close();
  });
});

describe('Your network in Portuguese', () => {
  let browser;
  before(async () => {
    browser = await launch({ lang: 'pt-BR' });
  });
  after(async () => browser?.close());

  test('the page in pt-BR: search, a person, axe, light and dark', async () => {
    const options = await optionsPage(browser);
    await importFiles(options, [ARCHIVE]);
    const page = await openNetwork(browser);
    assert.match(await page.locator('#network-headline').innerText(), /^\d+ conexões · \d+ relacionamentos de verdade$/);
    await page.locator('#network-search').fill('emily');
    await until(async () => (await page.locator('#network-shown').innerText()).startsWith('1 de'), 'one match');
    await page.locator('#network-grid [role="row"][data-key]:not([hidden])').first().click();
    await page.waitForSelector('#person:not([hidden]) #person-name');
    assert.equal(await page.locator('#person h3').first().innerText(), 'Por que este nível');
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: screenshotPath('network-pt-BR'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: screenshotPath('network-pt-BR-dark'), fullPage: true });
    assert.deepEqual(await axe(page), []);
    await page.close();
    await options.close();
  });
});
