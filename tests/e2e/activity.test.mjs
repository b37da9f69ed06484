// The activity sensor end to end (extension/content/activity.js): the user's own reactions,
// comments and messages, seen on the fixture pages with real clicks and typing, reach the
// worker as `vinculo/activity` batches with the right kind, target and text, and the worker's
// store then holds them (a reaction taken back holds nothing).
//
// The fixtures have no scripts (and their CSP forbids inline ones), so the test installs small
// handlers (site.mjs) that behave as the site does — toggling the reaction control after the
// click, enabling the submit button on input, clearing the editor after a submit — through
// Playwright's evaluate, which the page's CSP does not govern. The same handlers count every
// click, submit and keydown the page receives, to prove the extension itself caused none.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, launch } from './harness.mjs';
import { mimicSite } from './site.mjs';

const expected = (fixture) => JSON.parse(readFileSync(join(FIXTURES, `${fixture}.expected.json`), 'utf8'));
// What the engine reads on the page (its golden scan): the entities the actions target.
const golden = (fixture) => JSON.parse(readFileSync(join(FIXTURES, `${fixture}.scan.json`), 'utf8'));
const firstOf = (fixture, entity) => golden(fixture).entities.find((e) => e.entity === entity);

// The reaction control, by structure as the adapter finds it (the older front end's class; the
// React one's icon).
const REACTION_BUTTONS =
  'button.react-button__trigger, button:has(svg[id^="thumbs-up-"]), button:has(svg[id$="-consumption-small"])';

// Logs what the worker receives as ACTIVITY, and which pages have sent a scan (the worker
// still handles every message as usual).
async function listenInWorker(browser) {
  await browser.worker.evaluate(() => {
    globalThis.__activityLog = [];
    globalThis.__scannedUrls = new Set();
    chrome.runtime.onMessage.addListener((message, sender) => {
      if (message?.type === 'vinculo/activity') globalThis.__activityLog.push(message.batch);
      if (message?.type === 'vinculo/scan') globalThis.__scannedUrls.add(sender.url);
    });
  });
}

async function activityLog(browser, count) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const log = await browser.worker.evaluate(() => globalThis.__activityLog);
    const records = log.flatMap((batch) => batch.records.map((record) => ({ ...record, lang: batch.lang })));
    if (records.length >= count || Date.now() > deadline) return records;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// An extension page kept open to ask the worker for the store's summary, as the popup does.
async function recorded(browser) {
  if (!browser.probe) {
    browser.probe = await browser.context.newPage();
    await browser.probe.goto(`chrome-extension://${browser.extensionId}/options.html`);
  }
  const reply = await browser.probe.evaluate(() => chrome.runtime.sendMessage({ type: 'vinculo/summary', now: Date.now() }));
  return reply.summary.interactions;
}

// Waits until the store holds `count` interactions; returns how many it holds then.
async function recordedReaches(browser, count) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const now = await recorded(browser);
    if (now === count || Date.now() > deadline) return now;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Opens a fixture once its content script runs and the worker has recorded its first scan
// (the tab's health is written after that).
async function open(browser, path, fixture) {
  const page = await browser.context.newPage();
  const url = browser.url(path, fixture);
  const since = Date.now();
  await page.goto(url);
  await browser.worker.evaluate(async ({ url, since }) => {
    for (let i = 0; i < 200; i++) {
      const all = await chrome.storage.session.get(null);
      if (globalThis.__scannedUrls.has(url) && Object.values(all).some((h) => h?.url === url && h.at >= since)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no scan recorded from ${url}`);
  }, { url, since });
  await page.evaluate(mimicSite);
  return page;
}

const siteEvents = (page) => page.evaluate(() => globalThis.__site);
const personOf = (entity) => ({ key: entity.key, author_name: entity.fields.author_name, author_href: entity.fields.author_href });

const CASES = [
  { lang: 'en', feeds: ['feed-ember-en', 'feed-sdui-en'], messaging: 'messaging-en' },
  { lang: 'pt-BR', feeds: ['feed-ember-pt', 'feed-sdui-pt'], messaging: 'messaging-pt' },
];

for (const { lang, feeds, messaging } of CASES) {
  describe(`the user's own actions are reported, and only observed (${lang})`, () => {
    let browser;
    before(async () => {
      browser = await launch({ lang });
      await listenInWorker(browser);
    });
    after(async () => {
      await browser?.close();
    });

    for (const fixture of feeds) {
      test(`${fixture}: a reaction, its undo, a comment and (older front end) a reply on the first post`, async () => {
        const post = firstOf(fixture, 'post');
        const target = personOf(post);
        const page = await open(browser, '/feed/', fixture);
        await browser.worker.evaluate(() => (globalThis.__activityLog = []));
        const before = await recorded(browser);
        const root = page
          .locator(`[data-urn="${post.key}"], [role="listitem"][componentkey*="${post.key}FeedType_"]`)
          .first();
        let clicks = 0;

        await root.locator(REACTION_BUTTONS).first().click();
        clicks += 1;
        let records = await activityLog(browser, 1);
        assert.equal(records.length, 1, JSON.stringify(records));
        assert.equal(records[0].type, 'activity');
        assert.equal(records[0].kind, 'reaction');
        assert.equal(records[0].reaction_type, 'LIKE');
        assert.deepEqual(records[0].target, target);
        assert.equal(records[0].lang, expected(fixture).lang);
        assert.ok(Math.abs(records[0].at_ms - Date.now()) < 60_000);

        await root.locator(REACTION_BUTTONS).first().click();
        clicks += 1;
        records = await activityLog(browser, 2);
        assert.equal(records.length, 2, JSON.stringify(records));
        assert.equal(records[1].kind, 'reaction_undo');
        assert.deepEqual(records[1].target, target);

        const text = lang === 'en' ? 'Great write-up, the numbers in the second chart surprised me' : 'Ótimo texto, os números do segundo gráfico me surpreenderam';
        const opener = root.locator('[componentkey^="commentBox-"] button').first();
        if (await opener.count()) {
          await opener.click();
          clicks += 1;
        }
        const editor = root.locator('.ql-editor, .ProseMirror').first();
        await editor.click();
        clicks += 1;
        await page.keyboard.type(text);
        await root.locator('button.comments-comment-box__submit-button--cr, button[data-view-name="comment-post"]').first().click();
        clicks += 1;
        records = await activityLog(browser, 3);
        assert.equal(records.length, 3, JSON.stringify(records));
        assert.equal(records[2].kind, 'comment');
        assert.equal(records[2].text, text);
        assert.deepEqual(records[2].target, target);
        // The site cleared its editor; nothing more was reported after it had its time.
        await page.waitForTimeout(600);
        assert.equal((await editor.innerText()).trim(), '');
        assert.equal((await activityLog(browser, 4)).length, 3);

        // A reply (the older front end's markup): to the comment it answers, and its author.
        const ember = fixture.includes('ember');
        if (ember) {
          const parent = post.children[0];
          const comment = root.locator(`article[data-id="${parent.key}"]`);
          await comment.locator('button[aria-label^="Reply to"], button[aria-label^="Responder ao"]').first().click();
          await comment.locator('.comments-comment-box--reply .ql-editor').click();
          clicks += 2;
          const reply = lang === 'en' ? 'Agreed, @Carla' : 'Concordo, Carla';
          await page.keyboard.type(reply);
          await comment.locator('.comments-comment-box--reply button[type="submit"]').click();
          clicks += 1;
          records = await activityLog(browser, 4);
          assert.equal(records.length, 4, JSON.stringify(records));
          assert.equal(records[3].kind, 'reply');
          assert.equal(records[3].text, reply);
          assert.deepEqual(records[3].target, personOf(parent));
        }

        const seen = await siteEvents(page);
        assert.equal(seen.click, clicks, 'every click the page saw was the test’s');
        assert.equal(seen.untrusted, 0, 'no event was synthesised');
        assert.equal(seen.sent, ember ? 2 : 1, 'each comment was submitted once, by the test');
        assert.equal(seen.submit, ember ? 2 : 0);
        // The worker recorded them: the reaction was taken back, the comment (and reply) stay.
        assert.equal(await recordedReaches(browser, before + (ember ? 2 : 1)), before + (ember ? 2 : 1));
        await page.close();
      });
    }

    test(`${messaging}: a message sent with the button, then one with Enter, to the thread's counterpart`, async () => {
      const thread = firstOf(messaging, 'thread');
      const path = expected(messaging).path;
      const page = await open(browser, path, messaging);
      await browser.worker.evaluate(() => (globalThis.__activityLog = []));
      const before = await recorded(browser);
      const target = { key: thread.key, author_name: thread.fields.title, author_href: thread.fields.counterpart_href };
      const first = lang === 'en' ? 'Thanks Ana, Thursday works for me' : 'Obrigada, Ana, quinta-feira funciona para mim';
      const second = lang === 'en' ? 'See you then' : 'Até lá';

      const editor = page.locator('div.msg-form__contenteditable');
      await editor.click();
      await page.keyboard.type(first);
      await page.locator('button.msg-form__send-button').click();
      let records = await activityLog(browser, 1);
      assert.equal(records.length, 1, JSON.stringify(records));
      assert.equal(records[0].kind, 'message_sent');
      assert.equal(records[0].text, first);
      assert.deepEqual(records[0].target, target);

      // Shift+Enter is a new line: nothing is sent, nothing reported.
      await editor.click();
      await page.keyboard.type(second);
      await page.keyboard.press('Shift+Enter');
      await page.waitForTimeout(600);
      assert.equal((await activityLog(browser, 2)).length, 1);
      await page.keyboard.press('Enter');
      records = await activityLog(browser, 2);
      assert.equal(records.length, 2, JSON.stringify(records));
      assert.equal(records[1].kind, 'message_sent');
      assert.equal(records[1].text, second);
      assert.deepEqual(records[1].target, target);

      const seen = await siteEvents(page);
      assert.equal(seen.click, 3);
      assert.equal(seen.submit, 1);
      assert.equal(seen.sent, 2);
      assert.equal(seen.untrusted, 0);
      assert.equal(await recordedReaches(browser, before + 2), before + 2);
      await page.close();
    });
  });
}

// Runs `fn(arg)` as the page's own script would: in its main world and, unlike Playwright's
// evaluate, without a user gesture (so without the activation a real click or key press gives).
async function asPageScript(browser, page, fn, arg) {
  const cdp = await browser.context.newCDPSession(page);
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression: `(${fn})(${JSON.stringify(arg)})`,
    userGesture: false,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

// Waits until the page has no user activation left (the test's own evaluates give it some).
async function activationLapsed(browser, page) {
  const deadline = Date.now() + 10_000;
  while (await asPageScript(browser, page, () => navigator.userActivation.isActive)) {
    assert.ok(Date.now() < deadline, 'activation never lapsed');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('events the page makes up are not the user’s', () => {
  let browser;
  before(async () => {
    browser = await launch({ lang: 'en' });
    await listenInWorker(browser);
  });
  after(async () => {
    await browser?.close();
  });

  test('synthetic clicks, submits and key presses report nothing; a real click still does', async () => {
    const words = { liked: 'Like', none: 'no reaction' };
    const feed = await open(browser, '/feed/', 'feed-ember-en', words);
    const messaging = await open(browser, expected('messaging-en').path, 'messaging-en', words);
    await browser.worker.evaluate(() => (globalThis.__activityLog = []));
    const before = await recorded(browser);
    await activationLapsed(browser, feed);
    await activationLapsed(browser, messaging);

    // What a page script can do without the user: click the reaction control, write a
    // comment and press its button (which submits its form: a trusted submit event), send a
    // message with Enter and with requestSubmit().
    await asPageScript(browser, feed, (buttons) => {
      document.querySelector(buttons).click();
      const box = document.querySelector('form.comments-comment-box__form');
      box.querySelector('.ql-editor').textContent = 'Planted comment from the page';
      box.querySelector('.ql-editor').dispatchEvent(new InputEvent('input', { bubbles: true }));
      box.querySelector('button[type="submit"]').click();
      box.dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true }));
    }, REACTION_BUTTONS);
    await asPageScript(browser, messaging, () => {
      const editor = document.querySelector('div.msg-form__contenteditable');
      editor.textContent = 'Planted message from the page';
      editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      editor.textContent = 'Another planted message';
      document.querySelector('form.msg-form').requestSubmit();
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const seen = await siteEvents(feed);
    assert.ok(seen.untrusted >= 2 && seen.submit >= 2, JSON.stringify(seen));
    assert.deepEqual(await activityLog(browser, 1), []);
    assert.equal(await recorded(browser), before);

    // The sensor still hears the user.
    await feed.locator(REACTION_BUTTONS).nth(1).click();
    const records = await activityLog(browser, 1);
    assert.deepEqual(records.map((r) => r.kind), ['reaction']);
    await feed.close();
    await messaging.close();
  });
});
