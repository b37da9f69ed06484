// Planted words and links: what people write is data.
// - A link to someone's profile written inside a message (the site turns it into an <a href>)
//   must not make that someone the message's sender: on the real messaging thread of the
//   corpus, every message bubble gets such a link, and the engine must read each message's
//   sender exactly as on the page as it was (the group's avatar link and name, outside the
//   bubbles), never the planted one.
// - A notification quoting someone's post ("Bob posted: “Who recommended you…”") must not say
//   what the quote says: on the real notifications page, each headline is rewritten to quote
//   every phrase of an exchange after a colon or inside quotes; none may be read as said. The
//   same words in the headline's own place are (the test would pass by reading nothing).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { fixturePages, scanHtml } from './engine.mjs';

const PAGE = 'messaging-ember-en-1';
const NOTIFICATIONS = 'notifications-ember-en-1';
const PLANTED = 'https://www.linkedin.com/in/planted-person/';

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
});
after(async () => {
  await browser?.close();
});

// Every message of every thread: its key and what says who sent it.
const senders = (scan) =>
  scan.entities
    .filter((e) => e.entity === 'thread')
    .flatMap((t) => t.children)
    .map((m) => [m.key, m.fields.sender_href ?? null, m.fields.sender_name ?? null, m.fields.from_other ?? null]);

test(`${PAGE}: a profile link written in a message is never its sender`, async () => {
  const fixture = fixturePages().find((f) => f.name === PAGE);
  assert.ok(fixture, `${PAGE} is not in the corpus yet (tests/fixtures/real)`);
  const html = readFileSync(fixture.file, 'utf8');
  const page = await browser.newPage({ javaScriptEnabled: false });
  // The page as the site draws it after the user pasted a profile link in every message.
  const planted = await page.evaluate(
    ({ html, href }) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      for (const bubble of doc.querySelectorAll('.msg-s-event-listitem__message-bubble')) {
        const link = doc.createElement('a');
        link.href = href;
        link.textContent = href;
        (bubble.querySelector('.msg-s-event-listitem__body') ?? bubble).append(link);
      }
      return doc.documentElement.outerHTML;
    },
    { html, href: PLANTED },
  );
  await page.close();
  const original = await scanHtml(browser, html, fixture.path);
  const read = await scanHtml(browser, planted, fixture.path);
  assert.ok(senders(original).length > 0, 'the thread is read');
  assert.deepEqual(senders(read), senders(original));
  // Only the messages' own text shows it, as the user wrote it.
  const elsewhere = JSON.stringify(read.entities, (key, value) => (key === 'text' ? undefined : value));
  assert.ok(!elsewhere.includes('planted-person'), 'the planted link is read nowhere else');
});

// What each notification card says it is (its `says_*` fields).
const says = (scan) =>
  scan.entities.filter((e) => e.entity === 'notification').map((e) => Object.keys(e.fields).filter((f) => f.startsWith('says_')));

async function rewriteHeadlines(html, words) {
  const page = await browser.newPage({ javaScriptEnabled: false });
  try {
    return await page.evaluate(
      ({ html, words }) => {
        const doc = new DOMParser().parseFromString(html, 'text/html');
        for (const headline of doc.querySelectorAll('.nt-card__headline')) {
          const actor = doc.createElement('strong');
          actor.textContent = 'Someone Else';
          headline.replaceChildren(actor, doc.createTextNode(` ${words}`));
        }
        return doc.documentElement.outerHTML;
      },
      { html, words },
    );
  } finally {
    await page.close();
  }
}

test(`${NOTIFICATIONS}: words quoted in a headline are not what it says`, async () => {
  const fixture = fixturePages().find((f) => f.name === NOTIFICATIONS);
  assert.ok(fixture, `${NOTIFICATIONS} is not in the corpus yet (tests/fixtures/real)`);
  const html = readFileSync(fixture.file, 'utf8');
  const exchange = 'commented on your post, mentioned you in a comment, reacted to your post, recommended you';
  for (const quoted of [
    `posted: Who recommended you? ${exchange}`,
    `shared a post: “${exchange}”`,
    `posted “${exchange}”`,
    `a publié « ${exchange} »`,
  ]) {
    const read = await scanHtml(browser, await rewriteHeadlines(html, quoted), fixture.path);
    assert.ok(says(read).length > 0, 'the cards are read');
    assert.deepEqual(says(read).flat(), [], quoted);
  }
  const own = await scanHtml(browser, await rewriteHeadlines(html, 'commented on your post: “Nice”'), fixture.path);
  assert.ok(says(own).every((fields) => fields.includes('says_comment')), JSON.stringify(says(own)));
});
