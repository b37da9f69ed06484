// Relationships end to end: a real profile page (profile-react-en-2) shows the tier the user's
// recorded exchanges with that person imply; what real threads and notifications show of the
// user's exchanges (messaging-ember-en-1, messaging-ember-es-1, notifications-ember-en-1) is
// recorded by the worker, several tabs at once losing nothing, and neither does a worker
// stopped between events. A page that does not show the user, before any page did, says so in
// its health. (The user's own clicks and submits: activity.test.mjs.)
//
// The exchanges behind the profile's badge: no page of the corpus shows an exchange with a
// person whose profile is in it (the threads' counterparts, linked by member id, have no
// profile page there; the notifications are profile views and nudges; no feed post is by a
// profiled person), so the identity join of a thread's member id with a profile's slug cannot
// be shown on real pages. The user's history comes instead as the user would bring it: their
// LinkedIn data archive, imported through the options page — made here in the export's own
// format (messages.csv and Profile.csv, columns as tests/fixtures/archive/build.py writes them),
// with the profiled person as the page names her (profile-react-en-2.expected.json) and the
// user of messaging-ember-en-1 and feed-react-en-2 (the same capturer).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expected, launch, overlays, pathOf, scanOf } from './harness.mjs';

const SOURCES = ['messaging-ember-en-1', 'messaging-ember-es-1', 'notifications-ember-en-1'].map((fixture) => [pathOf(fixture), fixture]);
const PROFILE = 'profile-react-en-2';

// An extension page kept open to ask the worker and read the extension's storage, as the
// popup does (it outlives worker restarts, unlike a handle on the worker itself).
// Memoised as a promise: the tabs opened at once must share one probe, not race to make it.
function probe(browser) {
  browser.probe ??= (async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    return page;
  })();
  return browser.probe;
}

async function interactions(browser) {
  const page = await probe(browser);
  const reply = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'vinculo/page-to-worker/summary', now: Date.now() }));
  return reply.summary.interactions;
}

// Open a page and wait until the worker has answered its scans: the content script reads a
// real page over several frames (a few milliseconds each), sending a scan for each, and the
// worker writes the tab's health after recording each — the page is read once its health has
// stood still for a while.
async function visit(browser, path, fixture) {
  const page = await browser.context.newPage();
  const url = browser.url(path, fixture);
  const since = Date.now();
  await page.goto(url);
  await (await probe(browser)).evaluate(async ({ url, since }) => {
    let last = null;
    let still = 0;
    for (let i = 0; i < 400; i++) {
      const all = await chrome.storage.session.get(null);
      const at = Object.values(all).find((h) => h?.url === url && h.at >= since)?.at ?? null;
      still = at !== null && at === last ? still + 1 : 0;
      if (still >= 10) return;
      last = at;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no settled scan from ${url}`);
  }, { url, since });
  return page;
}

async function tabHealth(browser, page) {
  const url = page.url();
  return (await probe(browser)).evaluate(async (url) => {
    const all = await chrome.storage.session.get(null);
    return Object.values(all).find((h) => h?.url === url) ?? null;
  }, url);
}

async function relationshipBadge(browser, fixture) {
  const page = await browser.context.newPage();
  await page.goto(browser.url(pathOf(fixture), fixture));
  await page.waitForSelector('[data-vinculo-kind="relationship"]', { timeout: 10_000 });
  const badge = (await overlays(page)).find((o) => o.kind === 'relationship');
  return { page, badge };
}

// What the site's own scripts can read of the badges: the page's DOM, in its main world.
function pageView(page) {
  return page.evaluate(() => ({
    hosts: [...document.querySelectorAll('[data-vinculo-kind]')].map((host) => host.outerHTML),
    html: document.documentElement.outerHTML,
    text: document.body.innerText,
  }));
}

// The user's archive: a conversation with the profiled person (two messages each way over the
// last weeks) and the user's own name, as LinkedIn's export writes them.
function archiveWith(person, me) {
  const cell = (value) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const csv = (header, rows) => [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
  const day = 86_400_000;
  const date = (ago) => new Date(Date.now() - ago * day).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  const url = (href) => new URL(href, 'https://www.linkedin.com').href.replace(/\/$/, '');
  const message = (from, to, ago, content) => ['2-vinculo-e2e', '', from.name, url(from.href), to.name, url(to.href), date(ago), '', content, 'INBOX', '', 'No', 'No'];
  const messages = csv(
    ['CONVERSATION ID', 'CONVERSATION TITLE', 'FROM', 'SENDER PROFILE URL', 'TO', 'RECIPIENT PROFILE URLS', 'DATE', 'SUBJECT', 'CONTENT', 'FOLDER', 'ATTACHMENTS', 'IS MESSAGE DRAFT', 'IS CONVERSATION DRAFT'],
    [
      message(person, me, 20, 'Hi, could we talk about the data platform migration next week?'),
      message(me, person, 19, 'Sure, Tuesday afternoon works for me. What should I prepare?'),
      message(person, me, 6, 'Thanks for Tuesday! Sharing the notes we discussed.'),
      message(me, person, 5, 'Great notes, thank you. Let us catch up again next month.'),
    ],
  );
  const [first, ...last] = me.name.split(' ');
  const profile = csv(['First Name', 'Last Name', 'Headline'], [[first, last.join(' '), '']]);
  return [
    { name: 'messages.csv', mimeType: 'text/csv', buffer: Buffer.from(messages) },
    { name: 'Profile.csv', mimeType: 'text/csv', buffer: Buffer.from(profile) },
  ];
}

// Imports files through the options page, as the user does; returns its report.
async function importFiles(browser, files) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.waitForSelector('#modes fieldset'); // the page has drawn and listens
  await page.setInputFiles('#import-file', files);
  await page.waitForFunction(() => {
    const text = document.getElementById('import-report').textContent;
    return text && !/Reading the files|Lendo os arquivos/.test(text);
  });
  const report = await page.locator('#import-report').innerText();
  await page.close();
  return report;
}

for (const lang of ['en', 'pt-BR']) {
  describe(`a profile shows the relationship the recorded interactions imply (${lang})`, () => {
    let browser;
    before(async () => {
      browser = await launch({ lang });
    });
    after(async () => {
      await browser?.close();
    });

    test('before any interaction, after exchanges with others, then after the user’s archive', async () => {
      const first = await relationshipBadge(browser, PROFILE);
      assert.equal(first.badge.level, 'none');
      assert.match(first.badge.name, lang === 'en' ? /no interaction yet/ : /nenhuma interação ainda/);
      // The page's vanity counts are marked too.
      const vanity = await first.page.locator('[data-vinculo-kind="vanity"]').count();
      assert.ok(vanity >= 1);
      await first.page.close();

      // Real threads and notifications are recorded; none of them is with this person.
      for (const [path, fixture] of SOURCES) await (await visit(browser, path, fixture)).close();
      const fromPages = await interactions(browser);
      assert.ok(fromPages > 0);
      const still = await relationshipBadge(browser, PROFILE);
      assert.equal(still.badge.level, 'none', 'exchanges with others are not hers');
      await still.page.close();

      const person = { name: expected(PROFILE).profile.name, href: expected(PROFILE).profile.href };
      const user = expected('messaging-ember-en-1').user;
      const me = { name: user.name, href: scanOf('feed-react-en-2').entities.find((e) => e.entity === 'me').fields.href };
      assert.equal(me.name, scanOf('feed-react-en-2').entities.find((e) => e.entity === 'me').fields.name, 'one user');
      const report = await importFiles(browser, archiveWith(person, me));
      assert.match(report, lang === 'en' ? /: 4 new interactions, 0 already known, 1 people/ : /: 4 interações novas, 0 já conhecidas, 1 pessoas/);
      assert.equal(await interactions(browser), fromPages + 4, report);

      const second = await relationshipBadge(browser, PROFILE);
      assert.ok(['strong', 'active', 'one_way', 'dormant'].includes(second.badge.level), second.badge.level);
      assert.match(second.badge.name, lang === 'en' ? /you → them 2, them → you 2/ : /você → pessoa 2, pessoa → você 2/);
      // None of it is in the page's DOM: its hosts say only which kind of badge is there.
      const seen = await pageView(second.page);
      assert.ok(seen.hosts.length >= 2);
      for (const host of seen.hosts) assert.match(host, /^<span data-vinculo-kind="(vanity|relationship)"><\/span>$/);
      for (const secret of [second.badge.name, '→']) {
        assert.equal(seen.html.includes(secret), false, `the page can read ${secret}`);
        assert.equal(seen.text.includes(secret), false, `the page can read ${secret}`);
      }
      await second.page.close();
    });
  });
}

describe('recording is safe under concurrency and worker restarts', () => {
  let sequential;
  before(async () => {
    // The reference: the same pages opened one after another.
    const browser = await launch({ lang: 'en' });
    for (const [path, fixture] of SOURCES) await (await visit(browser, path, fixture)).close();
    sequential = await interactions(browser);
    await browser.close();
    assert.ok(sequential > 0);
  });

  test('three tabs recording at once lose nothing', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      const pages = await Promise.all(SOURCES.map(([path, fixture]) => visit(browser, path, fixture)));
      assert.equal(await interactions(browser), sequential);
      // Seeing the same pages again adds nothing.
      await Promise.all(pages.map((page) => page.close()));
      await Promise.all(SOURCES.map(([path, fixture]) => visit(browser, path, fixture)));
      assert.equal(await interactions(browser), sequential);
    } finally {
      await browser.close();
    }
  });

  test('a worker stopped between events loses nothing', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      const [first, ...rest] = SOURCES;
      await (await visit(browser, ...first)).close();
      const cdp = await browser.context.newCDPSession(await probe(browser));
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      // The next page's scan starts a fresh worker, which reloads the store from
      // chrome.storage.local before recording.
      for (const source of rest) {
        await (await visit(browser, ...source)).close();
      }
      assert.equal(await interactions(browser), sequential);
    } finally {
      await browser.close();
    }
  });
});

describe('who the user is', () => {
  test('a page that does not show the user says so until a page has', async () => {
    const browser = await launch({ lang: 'en' });
    try {
      // Someone else's profile shows no one as the user, and the store knows no one yet.
      assert.equal(expected(PROFILE).user, null);
      let page = await visit(browser, pathOf(PROFILE), PROFILE);
      let health = await tabHealth(browser, page);
      assert.equal(health?.user_unknown, true, JSON.stringify(health));
      assert.equal(health?.status, 'partly');
      await page.close();
      // The messaging page shows the user; afterwards the store knows them.
      await (await visit(browser, ...SOURCES[0])).close();
      page = await visit(browser, pathOf(PROFILE), PROFILE);
      health = await tabHealth(browser, page);
      assert.equal(health?.user_unknown, undefined, JSON.stringify(health));
      await page.close();
    } finally {
      await browser.close();
    }
  });
});
