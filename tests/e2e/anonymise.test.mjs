// The anonymiser (extension/content/anonymise.js with the adapter's `anonymise` data), run as
// tools/anonymise.mjs runs it, on a small page made of the real pages' shapes: one person's
// name in every place a name appears, ids shared between a post and its comments, free texts
// of every kind the depth features tell apart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADAPTER, anonymiseHtml, clean, openEngine } from '../../tools/anonymise.mjs';

const MEMBER_ID = 'ACoAABCdEfGhIjKlMnOpQrStUvWxYz0123456789'.slice(0, 39);
const ACTIVITY = '7451924410875297793';
const COMMENT = '7451956991159066624';
const TOKEN = 'tZCvg6mQUbHPXdhoYvBh6myBkQKrEQvE1ljgyMubZL4';

const PAGE = `<!DOCTYPE html>
<!-- saved from url=(0030)https://www.linkedin.com/feed/ -->
<html lang="en" dir="ltr"><head>
<meta charset="utf-8"><meta name="i18nLocale" content="en_US"><meta name="tracking" content="secret-session">
<title>Feed | LinkedIn</title>
<script>window.secret = 1</script><style>.x { color: red }</style>
<link rel="stylesheet" href="https://static.licdn.com/a.css">
</head><body>
<header><nav><a href="https://www.linkedin.com/in/jane-roe-42a1b7/"><img alt="Jane Roe" src="https://media.licdn.com/dms/image/jane.jpg"></a></nav></header>
<main data-testid="mainFeed" data-sdui-screen="com.linkedin.sdui.flagshipnav.feed.MainFeed">
 <div role="listitem" componentkey="expanded${TOKEN}FeedType_MAIN_FEED_RELEVANCE">
  <div componentkey="${TOKEN}">
   <h2><span>Feed post</span></h2>
   <button type="button" aria-label="Open control menu for post by Elvis Sarav"><span></span></button>
   <div>
    <a href="https://www.linkedin.com/in/elvis-sarav-07b1a2/"><figure><img alt="View Elvis Sarav’s profile" src="./Feed_files/elvis"></figure></a>
    <div><div><a href="https://www.linkedin.com/in/elvis-sarav-07b1a2/"><div aria-label="Elvis Sarav Premium Profile 3rd+"><div><div><p>Elvis Sarav</p></div></div><div><p>• 3rd+</p></div></div></a></div>
     <div><p>Founder at Dairy Research Lab and advisor to several startups</p></div>
     <div><p>5d •</p></div></div>
   </div>
   <p><span data-testid="expandable-text-box">NEW paper from Microsoft about delegation. Read it at https://example.org/paper today and email me at elvis@sarav.example.org<button data-testid="expandable-text-button" type="button"><span>… more</span></button></span></p>
   <div><p><span>hemant rajput and 52 others reacted</span></p><p><span>1,107 reactions</span></p><p><span>29 comments</span></p></div>
   <div><button type="button" aria-label="Reaction button state: no reaction"><span>Like</span></button><button type="button"><svg id="comment-small" aria-hidden="true"><path d="M7 9h10v1H7z"></path></svg><span>Comment</span></button></div>
   <a href="https://www.linkedin.com/in/${MEMBER_ID}/"><strong>hemant rajput</strong></a>
   <div componentkey="com.linkedin.sdui.profile.card.ref${MEMBER_ID}Topcard"></div>
  </div>
  <div componentkey="CgsIgIDEiJyfsvHOAQ-replaceableCommentTools${TOKEN}FeedType_MAIN_FEED_RELEVANCE">
   <div componentkey="replaceableComment_urn:li:comment:(activity:${ACTIVITY},${COMMENT})" id="replaceableComment_urn:li:comment:(activity:${ACTIVITY},${COMMENT})">
    <a href="https://www.linkedin.com/in/maria-lopes-9/"><span dir="ltr">Maria Lopes</span></a>
    <span data-testid="expandable-text-box">Congrats!</span>
   </div>
   <div componentkey="replaceableComment_urn:li:comment:(activity:${ACTIVITY},7451956991159066625)">
    <a href="https://www.linkedin.com/in/joao-reis/"><span dir="ltr">João Reis</span></a>
    <span data-testid="expandable-text-box">Parabéns, Elvis! 👏</span>
   </div>
   <div componentkey="replaceableComment_urn:li:comment:(activity:${ACTIVITY},7451956991159066626)">
    <span data-testid="expandable-text-box">How do you measure delegation quality in practice when agents disagree?</span>
   </div>
   <div componentkey="replaceableComment_urn:li:comment:(activity:${ACTIVITY},7451956991159066627)">
    <span data-testid="expandable-text-box">🔥🔥🔥</span>
   </div>
   <div componentkey="replaceableComment_urn:li:comment:(activity:${ACTIVITY},7451956991159066628)">
    <span data-testid="expandable-text-box">Great post</span>
   </div>
  </div>
  <a href="https://www.linkedin.com/feed/update/urn:li:activity:${ACTIVITY}/">Open</a>
  <a href="https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A${ACTIVITY}/">Open</a>
  <button type="button" componentkey="FollowButtonurn:li:fsd_followingState:urn:li:member:1094006625_follow" data-member="urn:li:member:1094006625">Follow</button>
 </div>
 <section componentkey="profile-Topcard"><p>500+ connections</p></section>
</main></body></html>`;

const NAMES = ['Elvis Sarav', 'hemant rajput', 'Maria Lopes', 'João Reis', 'Jane Roe'];
const SLUGS = ['elvis-sarav-07b1a2', 'maria-lopes-9', 'joao-reis', 'jane-roe-42a1b7'];
const TEXTS = ['NEW paper from Microsoft about delegation', 'Founder at Dairy Research Lab', 'measure delegation quality', 'elvis@sarav.example.org'];

describe('anonymiser', () => {
  let engine;
  let page;
  let result;
  before(async () => {
    engine = await openEngine();
    page = engine.page;
    result = await anonymiseHtml(page, PAGE, { seed: 7 });
  });
  after(() => engine?.close());

  // Reads the output in the browser: DOMParser is not in Node.
  const read = (html, fn, arg) => page.evaluate(({ html, source, arg }) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return new Function('doc', 'arg', `return (${source})(doc, arg)`)(doc, arg);
  }, { html, source: fn.toString(), arg });

  test('the self-check finds nothing of the originals', () => {
    assert.ok(clean(result.leftovers), JSON.stringify(result.leftovers));
    for (const original of [...NAMES, ...SLUGS, ...TEXTS, MEMBER_ID, ACTIVITY, COMMENT, TOKEN]) {
      assert.ok(!result.html.includes(original), `${original} is still in the output`);
    }
    assert.doesNotMatch(result.html, /ACoAA[A-Za-z0-9_-]{30,}|saved from url=/);
  });

  test('a name has one stand-in everywhere: text, aria-label, alt, reactor summary', async () => {
    const seen = await read(result.html, (doc) => ({
      menu: doc.querySelector('button[aria-label^="Open control menu for post by "]').getAttribute('aria-label'),
      alt: doc.querySelector('figure img').getAttribute('alt'),
      actor: doc.querySelector('[aria-label$=" Premium Profile 3rd+"] p').textContent,
      label: doc.querySelector('[aria-label$=" Premium Profile 3rd+"]').getAttribute('aria-label'),
      reactors: [...doc.querySelectorAll('p > span')].map((s) => s.textContent).find((t) => t.endsWith(' and 52 others reacted')),
      liker: doc.querySelector('a strong').textContent,
      mention: [...doc.querySelectorAll('[data-testid="expandable-text-box"]')].map((s) => s.textContent).find((t) => t.startsWith('Parabéns')),
    }));
    const elvis = seen.actor;
    assert.notEqual(elvis, 'Elvis Sarav');
    assert.equal(elvis.split(' ').length, 2, elvis);
    assert.equal(seen.menu, `Open control menu for post by ${elvis}`);
    assert.equal(seen.alt, `View ${elvis}’s profile`);
    assert.equal(seen.label, `${elvis} Premium Profile 3rd+`);
    assert.equal(seen.reactors, `${seen.liker} and 52 others reacted`);
    assert.match(seen.liker, /^[a-zà-ÿ]+ [a-zà-ÿ]+$/, 'a lower-case name keeps its case');
    assert.equal(seen.mention, `Parabéns, ${elvis.split(' ')[0]}! 👏`, 'a first name alone gets the first name of the stand-in');
  });

  test('interface strings and counts stay', () => {
    for (const kept of ['Feed post', 'Reaction button state: no reaction', '1,107 reactions', '29 comments', '500+ connections', '• 3rd+', '5d •', '… more', '>Like<', '>Comment<']) {
      assert.ok(result.html.includes(kept), `${kept} was replaced`);
    }
  });

  test('free texts keep what the depth features read', async () => {
    const texts = await read(result.html, (doc) => [...doc.querySelectorAll('[data-testid="expandable-text-box"]')].map((s) => s.firstChild.data));
    const originals = await read(PAGE, (doc) => [...doc.querySelectorAll('[data-testid="expandable-text-box"]')].map((s) => s.firstChild.data));
    const words = (text) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    assert.equal(texts.length, originals.length);
    for (const [i, text] of texts.entries()) {
      assert.equal(words(text), words(originals[i]), `word count of ${originals[i]}`);
      assert.equal(text.split('?').length, originals[i].split('?').length, `question marks of ${originals[i]}`);
    }
    assert.notEqual(texts[0], originals[0]);
    assert.match(texts[0], /https:\/\/example\.com\//, 'a link becomes a placeholder');
    assert.equal(texts[1], 'Congrats!');
    assert.match(texts[3], /^How do you (?!measure)/, 'a question opener stays, the rest does not');
    assert.equal(texts[4], '🔥🔥🔥');
    assert.equal(texts[5], 'Great post');
  });

  test('ids keep their shape and stay equal where they were equal', async () => {
    const keys = await read(result.html, (doc) => ({
      post: doc.querySelector('[role="listitem"]').getAttribute('componentkey'),
      inner: doc.querySelector('[role="listitem"] > div').getAttribute('componentkey'),
      tools: doc.querySelector('[componentkey*="replaceableCommentTools"]').getAttribute('componentkey'),
      comments: [...doc.querySelectorAll('[componentkey^="replaceableComment_"]')].map((c) => c.getAttribute('componentkey')),
      commentId: doc.querySelector('[id^="replaceableComment_"]').id,
      update: doc.querySelector('a[href*="/feed/update/"]').getAttribute('href'),
      encoded: doc.querySelectorAll('a[href*="/feed/update/"]')[1].getAttribute('href'),
      follow: doc.querySelector('[componentkey^="FollowButton"]').getAttribute('componentkey'),
      memberUrn: doc.querySelector('[data-member]').getAttribute('data-member'),
      member: doc.querySelector('a[href*="/in/ACoAA"]').getAttribute('href'),
      topcard: doc.querySelector('[componentkey$="Topcard"]').getAttribute('componentkey'),
      image: doc.querySelector('header img').getAttribute('src'),
    }));
    const token = keys.post.match(/^expanded(.+)FeedType_MAIN_FEED_RELEVANCE$/)[1];
    assert.equal(token.length, TOKEN.length);
    assert.equal(keys.inner, token);
    assert.ok(keys.tools.endsWith(`-replaceableCommentTools${token}FeedType_MAIN_FEED_RELEVANCE`), keys.tools);
    const activity = keys.comments[0].match(/^replaceableComment_urn:li:comment:\(activity:(\d+),(\d+)\)$/);
    assert.ok(activity, keys.comments[0]);
    assert.equal(activity[1].length, ACTIVITY.length);
    assert.equal(keys.commentId, keys.comments[0]);
    assert.ok(keys.comments.every((c) => c.includes(`(activity:${activity[1]},`)));
    assert.equal(keys.update, `https://www.linkedin.com/feed/update/urn:li:activity:${activity[1]}/`);
    assert.equal(keys.encoded, `https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A${activity[1]}/`, 'an escaped id keeps its escapes');
    const member = keys.memberUrn.match(/^urn:li:member:(\d{10})$/)[1];
    assert.equal(keys.follow, `FollowButtonurn:li:fsd_followingState:urn:li:member:${member}_follow`, 'an id inside a key is the same stand-in');
    const fake = keys.member.match(/\/in\/(ACoAA[^/]+)\//)[1];
    assert.ok(fake.startsWith(`ACoAA${ADAPTER.anonymise.member_id.fake_marker}`), fake);
    assert.equal(keys.topcard, `com.linkedin.sdui.profile.card.ref${fake}.Topcard`);
    assert.match(keys.image, /^data:image\/gif;base64,/);
  });

  test('the same seed gives the same page, another seed other stand-ins', async () => {
    assert.equal((await anonymiseHtml(page, PAGE, { seed: 7 })).html, result.html);
    assert.notEqual((await anonymiseHtml(page, PAGE, { seed: 8 })).html, result.html);
  });

  test('the structure stays: every element but the stripped ones, in order, with its attributes', async () => {
    const shape = (doc) =>
      [...doc.querySelectorAll('*')]
        .filter((el) => !['SCRIPT', 'STYLE', 'LINK'].includes(el.tagName) && !el.closest('svg *') && !(el.tagName === 'META' && el.getAttribute('name') === 'tracking'))
        .map((el) => `${el.tagName}[${[...el.attributes].map((a) => a.name).join(',')}]`);
    const before = await read(PAGE, shape);
    const afterwards = await read(result.html, shape);
    assert.deepEqual(afterwards, before);
    const gone = await read(result.html, (doc) => ({
      scripts: doc.querySelectorAll('script, style, link').length,
      comments: doc.createTreeWalker(doc, NodeFilter.SHOW_COMMENT).nextNode(),
      icon: doc.querySelector('svg#comment-small').outerHTML,
      lang: doc.documentElement.lang,
      meta: doc.querySelector('meta[name="i18nLocale"]')?.content,
    }));
    assert.deepEqual(gone, { scripts: 0, comments: null, icon: '<svg id="comment-small" aria-hidden="true"></svg>', lang: 'en', meta: 'en_US' });
  });
});
