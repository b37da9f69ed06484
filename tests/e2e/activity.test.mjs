// The activity sensor end to end (extension/content/activity.js): the user's own reactions,
// comments and messages, made with real clicks and typing on real pages of the corpus, reach
// the worker as `vinculo/content-to-worker/activity` batches with the right kind, target and text, and the
// worker's store then holds them (a reaction taken back holds nothing).
//
// Which post, comment, thread and person an action targets is what the corpus says of the page:
// its golden scan (what the engine reads there) and its expected values (read by hand).
//
// The pages have no scripts, so the test installs what the site's own scripts do after a click
// or key press (site.mjs: each emulation says which real behaviour it stands for) through
// Playwright's evaluate, which the page's CSP does not govern. The same handlers count every
// click, submit and keydown the page receives, to prove the extension itself caused none.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, expected, launch, pathOf, scanOf } from './harness.mjs';
import { mimicSite } from './site.mjs';

// The reaction control, by structure as the adapter finds it (the older front end's class; the
// React one's icon).
const REACTION_BUTTONS =
  'button.react-button__trigger, button:has(svg[id^="thumbs-up-"]), button:has(svg[id$="-consumption-small"])';
// Where a user writes a comment: the older front end's form, the React front end's box.
const COMMENT_BOXES = 'form.comments-comment-box__form, [componentkey^="commentBox-"]';

// The older front end with a comment to reply to. No page of the corpus shows one (the Ember
// post-detail-ember-it-1 has its comment box and an empty `div.comments-comments-list`; the
// other Ember pages show no comment at all), so this variant of that page puts one comment in
// its list, HAND-MADE in the markup public automations of the live site read on the older
// front end (`article.comments-comment-entity[data-id="urn:li:comment:(activity:…,…)"]`, the
// author's link `a.comments-comment-meta__description-container` and name
// `.comments-comment-meta__description-title`, `time.comments-comment-meta__data`, the text in
// `.comments-comment-item__main-content`, a Reply button of class
// `comments-comment-social-bar__reply-action-button--cr`). Its author is someone the page
// itself shows: Stefano Petrucci, one of the post's reactors, with the profile link the page
// gives him. Everything else is post-detail-ember-it-1 as saved.
const REPLY_PAGE = 'post-detail-ember-it-1+comment';
const REPLY_TO = {
  key: 'urn:li:comment:(activity:7577703463,7577719284602113024)',
  author_name: 'Stefano Petrucci',
  author_href: 'https://www.linkedin.com/in/rsjxs-gnmor-5132',
};
function withComment() {
  const html = readFileSync(join(FIXTURES, 'post-detail-ember-it-1.html'), 'utf8');
  assert.ok(html.includes(REPLY_TO.author_href), 'the reactor is on the page');
  const list = '<div class="comments-comments-list">';
  assert.equal(html.split(list).length, 2, 'one empty comment list');
  const comment =
    `<article class="comments-comment-entity" data-id="${REPLY_TO.key}">` +
    '<div class="comments-comment-meta__container">' +
    `<a class="comments-comment-meta__image-link" href="${REPLY_TO.author_href}"><img alt="" src=""></a>` +
    `<div class="comments-comment-meta__actor"><a class="comments-comment-meta__description-container" href="${REPLY_TO.author_href}">` +
    `<h3 class="comments-comment-meta__description"><span class="comments-comment-meta__description-title">${REPLY_TO.author_name}</span></h3></a></div>` +
    '<time class="comments-comment-meta__data">1 ora</time></div>' +
    '<div class="comments-comment-entity__content"><span class="comments-comment-item__main-content">Ottimo lavoro, complimenti a tutto il team!</span></div>' +
    '<div class="comment-social-activity"><div class="comments-comment-social-bar--cr">' +
    '<button class="comments-comment-social-bar__reply-action-button--cr artdeco-button artdeco-button--muted" type="button">' +
    '<span class="artdeco-button__text">Rispondi</span></button></div></div></article>';
  return html.replace(list, list + comment);
}

// Logs what the worker receives as ACTIVITY, and which pages have sent a scan (the worker
// still handles every message as usual).
async function listenInWorker(browser) {
  await browser.worker.evaluate(() => {
    globalThis.__activityLog = [];
    globalThis.__scannedUrls = new Set();
    chrome.runtime.onMessage.addListener((message, sender) => {
      if (message?.type === 'vinculo/content-to-worker/activity') globalThis.__activityLog.push(message.batch);
      if (message?.type === 'vinculo/content-to-worker/scan') globalThis.__scannedUrls.add(sender.url);
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
  const reply = await browser.probe.evaluate(() => chrome.runtime.sendMessage({ type: 'vinculo/page-to-worker/summary', now: Date.now() }));
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

// Opens a corpus page (at the path it was saved at) once its content script runs and the
// worker has recorded its first scan (the tab's health is written after that), then installs
// the site's behaviour.
async function open(browser, fixture, site = {}, path = pathOf(fixture)) {
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
  await page.evaluate(mimicSite, site);
  return page;
}

const siteEvents = (page) => page.evaluate(() => globalThis.__site);
const personOf = (entity) => ({ key: entity.key, author_name: entity.fields.author_name, author_href: entity.fields.author_href });
// A post's elements on the page, by the key its golden scan gives it (the React build repeats
// it on nested copies: the outermost is the post).
const postRoot = (page, key) =>
  page.locator(`[data-urn="${key}"], [componentkey^="expanded${key}FeedType_"]`).first();
// A profile link as a path, however the page writes it (absolute, with a query, a final slash).
const profilePath = (href) => href && new URL(href, 'https://www.linkedin.com').pathname.replace(/\/$/, '');

// The post acted on: the first post of the page (golden scan order) that shows a comment box
// the user can write in — the React pages' one open box, the Ember page's form.
async function postWithBox(page, fixture) {
  for (const post of scanOf(fixture).entities.filter((e) => e.entity === 'post')) {
    if (await postRoot(page, post.key).locator(COMMENT_BOXES).count()) return post;
  }
  throw new Error(`${fixture}: no post with a comment box`);
}

// Each feed page, the browser language it is opened in, the words its reaction labels use,
// and what the user writes there.
const FEEDS = [
  {
    fixture: 'feed-react-pt-1',
    lang: 'pt-BR',
    site: { words: { none: 'nenhuma reação', liked: 'Gostei' }, submitWords: { comment: 'Comentar', post: 'Publicar' } },
    text: 'Ótimo texto, os números do segundo gráfico me surpreenderam',
  },
  { fixture: 'feed-react-en-2', lang: 'en', site: {}, text: 'Great write-up, the numbers in the second chart surprised me' },
  {
    fixture: REPLY_PAGE,
    scan: 'post-detail-ember-it-1',
    lang: 'en',
    site: { submitWords: { comment: 'Commenta', post: 'Pubblica' } },
    text: 'Bellissimo progetto, i numeri del secondo grafico mi hanno sorpreso',
    reply: 'Grazie Stefano, sono d’accordo',
  },
];
// Each thread: the browser language, and what the user sends there.
const THREADS = [
  { fixture: 'messaging-ember-en-1', lang: 'en', texts: ['Thanks, Thursday works for me', 'See you then'] },
  { fixture: 'messaging-ember-es-1', lang: 'pt-BR', texts: ['Gracias, el jueves me va bien', 'Hasta luego'] },
];

for (const lang of ['en', 'pt-BR']) {
  describe(`the user's own actions are reported, and only observed (${lang})`, () => {
    let browser;
    let dir;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vinculo-activity-'));
      writeFileSync(join(dir, 'variant.html'), withComment());
      browser = await launch({ lang, files: { [REPLY_PAGE]: join(dir, 'variant.html') } });
      await listenInWorker(browser);
    });
    after(async () => {
      await browser?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const feed of FEEDS.filter((f) => f.lang === lang)) {
      const scanned = feed.scan ?? feed.fixture;
      const ember = Boolean(feed.reply);
      test(`${feed.fixture}: a reaction, its undo, a comment${ember ? ' and a reply' : ''} on the post with a comment box`, async () => {
        const page = await open(browser, feed.fixture, feed.site, pathOf(scanned));
        const post = await postWithBox(page, scanned);
        const target = personOf(post);
        assert.ok(target.author_href, `${scanned}: the post names its author`);
        await browser.worker.evaluate(() => (globalThis.__activityLog = []));
        const before = await recorded(browser);
        const root = postRoot(page, post.key);
        const control = root.locator(REACTION_BUTTONS).first();
        let clicks = 0;

        await control.click();
        clicks += 1;
        let records = await activityLog(browser, 1);
        assert.equal(records.length, 1, JSON.stringify(records));
        assert.equal(records[0].type, 'activity');
        assert.equal(records[0].kind, 'reaction');
        assert.equal(records[0].reaction_type, 'LIKE');
        assert.deepEqual(records[0].target, target);
        // The page's own language, as its golden scan read it (post-detail-ember-it-1 has none).
        assert.equal(records[0].lang, scanOf(scanned).lang);
        assert.ok(Math.abs(records[0].at_ms - Date.now()) < 60_000);
        if (feed.site.words) assert.match(await control.getAttribute('aria-label'), new RegExp(`: ${feed.site.words.liked}$`));

        await control.click();
        clicks += 1;
        records = await activityLog(browser, 2);
        assert.equal(records.length, 2, JSON.stringify(records));
        assert.equal(records[1].kind, 'reaction_undo');
        assert.deepEqual(records[1].target, target);

        const box = root.locator(COMMENT_BOXES).first();
        const editor = box.locator('[contenteditable="true"][role="textbox"]').first();
        await editor.click();
        clicks += 1;
        await page.keyboard.type(feed.text);
        await root.locator('button.comments-comment-box__submit-button--cr, button[data-view-name="comment-post"]').first().click();
        clicks += 1;
        records = await activityLog(browser, 3);
        assert.equal(records.length, 3, JSON.stringify(records));
        assert.equal(records[2].kind, 'comment');
        assert.equal(records[2].text, feed.text);
        assert.deepEqual(records[2].target, target);
        // The site emptied its editor; nothing more was reported after it had its time.
        await page.waitForTimeout(600);
        assert.equal((await editor.innerText()).trim(), '');
        assert.equal((await activityLog(browser, 4)).length, 3);

        // A reply (the older front end): to the comment it answers, and its author.
        if (ember) {
          const comment = root.locator(`article[data-id="${REPLY_TO.key}"]`);
          await comment.locator('button[class*="reply-action-button"]').click();
          await comment.locator('.comments-comment-box--reply .ql-editor').click();
          clicks += 2;
          await page.keyboard.type(feed.reply);
          await comment.locator('.comments-comment-box--reply button[type="submit"]').click();
          clicks += 1;
          records = await activityLog(browser, 4);
          assert.equal(records.length, 4, JSON.stringify(records));
          assert.equal(records[3].kind, 'reply');
          assert.equal(records[3].text, feed.reply);
          assert.deepEqual(records[3].target, REPLY_TO);
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

    for (const { fixture, texts } of THREADS.filter((t) => t.lang === lang)) {
      test(`${fixture}: a message sent with the button, then one with Enter, to the thread's counterpart`, async () => {
        // The thread as the engine reads it, and the one person who writes to the user in it,
        // as read by hand.
        const thread = scanOf(fixture).entities.find((e) => e.entity === 'thread');
        const others = [...new Map(expected(fixture).messages.filter((m) => m.direction === 'received').map((m) => [m.sender_href, m])).values()];
        assert.equal(others.length, 1, `${fixture}: a one-to-one thread`);
        const page = await open(browser, fixture);
        await browser.worker.evaluate(() => (globalThis.__activityLog = []));
        const before = await recorded(browser);
        const toCounterpart = (record) => {
          assert.equal(record.kind, 'message_sent');
          assert.equal(record.target.key, thread.key);
          assert.equal(record.target.author_name, others[0].sender);
          assert.equal(profilePath(record.target.author_href), profilePath(others[0].sender_href));
        };
        const [first, second] = texts;

        const editor = page.locator('div.msg-form__contenteditable');
        await editor.click();
        await page.keyboard.type(first);
        await page.locator('button.msg-form__send-button').click();
        let records = await activityLog(browser, 1);
        assert.equal(records.length, 1, JSON.stringify(records));
        assert.equal(records[0].text, first);
        toCounterpart(records[0]);

        // The site has sent it and emptied the editor before the user writes again.
        await page.waitForFunction(() => !document.querySelector('div.msg-form__contenteditable').innerText.trim());
        // Shift+Enter is a new line: nothing is sent, nothing reported.
        await editor.click();
        await page.keyboard.type(second);
        await page.keyboard.press('Shift+Enter');
        await page.waitForTimeout(600);
        assert.equal((await activityLog(browser, 2)).length, 1);
        await page.keyboard.press('Enter');
        records = await activityLog(browser, 2);
        assert.equal(records.length, 2, JSON.stringify(records));
        assert.equal(records[1].text, second);
        toCounterpart(records[1]);

        const seen = await siteEvents(page);
        assert.equal(seen.click, 3);
        assert.equal(seen.submit, 1);
        assert.equal(seen.sent, 2);
        assert.equal(seen.untrusted, 0);
        assert.equal(await recordedReaches(browser, before + 2), before + 2);
        await page.close();
      });
    }
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
    const feed = await open(browser, 'post-detail-ember-it-1');
    const messaging = await open(browser, 'messaging-ember-en-1');
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

    // The sensor still hears the user. The page's script pressed the post's one reaction
    // control (the site took it as a Like), so the user's click takes it back.
    const post = scanOf('post-detail-ember-it-1').entities.find((e) => e.entity === 'post');
    await postRoot(feed, post.key).locator(REACTION_BUTTONS).first().click();
    const records = await activityLog(browser, 1);
    assert.deepEqual(records.map((r) => [r.kind, r.target.key]), [['reaction_undo', post.key]]);
    await feed.close();
    await messaging.close();
  });
});
