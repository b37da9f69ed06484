// A long feed read while the user scrolls it quickly: posts far below are read only as they
// come near the screen, yet have their badges before they are on it. Timed against the
// scrolling, so ./build.sh test runs it alone, not beside other browser tests.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { longFeed } from '../bench/long-feed.mjs';
import { launch } from './harness.mjs';

describe('long feeds (tests/bench/long-feed.mjs: 30 and 120 real posts)', () => {
  let browser;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vinculo-long-feed-'));
    const builder = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    const files = { long: join(dir, 'long.html'), longer: join(dir, 'longer.html') };
    writeFileSync(files.long, await longFeed(builder, 30));
    writeFileSync(files.longer, await longFeed(builder, 120));
    await builder.close();
    browser = await launch({ lang: 'en', files });
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // In the page: records when each post first has a badge, and when it is first on screen.
  function watchPosts() {
    const posts = [...document.querySelectorAll('[componentkey^="expanded"][componentkey*="FeedType_"]')].filter(
      (post) => !post.parentElement.closest('[componentkey^="expanded"]'),
    );
    const seen = posts.map((post) => ({
      post,
      // Copies of one real post share its token: expanded<n>x<token>FeedType_…
      token: post.getAttribute('componentkey').replace(/^expanded\d+x/, ''),
      badge: post.querySelector('[data-vinculo-kind]') ? 0 : null,
      visible: null,
    }));
    window.seen = seen;
    new MutationObserver(() => {
      for (const s of seen) if (s.badge === null && s.post.querySelector('[data-vinculo-kind]')) s.badge = performance.now();
    }).observe(document.body, { childList: true, subtree: true });
    const view = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const s = seen.find((x) => x.post === entry.target);
        if (entry.isIntersecting && s.visible === null) s.visible = entry.time;
      }
    });
    for (const s of seen) view.observe(s.post);
  }

  // A feed page once its first badges are drawn, its posts watched (watchPosts).
  async function openWatched(fixture) {
    const page = await browser.context.newPage();
    await page.goto(browser.url('/feed/', fixture));
    await page.waitForFunction(() => document.querySelector('[data-vinculo-kind]'));
    await page.waitForTimeout(1000);
    await page.evaluate(watchPosts);
    return page;
  }

  test('posts far below are read as they come near the screen, and have their badges before they are on it', async () => {
    const page = await openWatched('long');
    const before = await page.evaluate(() => window.seen.filter((s) => s.badge !== null).length);
    // A reader scrolling down quickly, two screens at a time.
    const { height, screen } = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, screen: innerHeight }));
    for (let y = 0; y < height; y += 2 * screen) {
      await page.mouse.wheel(0, 2 * screen);
      await page.waitForTimeout(150);
    }
    await page.waitForTimeout(500);
    const seen = await page.evaluate(() => window.seen.map(({ token, badge, visible }, i) => ({ i, token, badge, visible })));
    const badged = seen.filter((s) => s.badge !== null);
    // At first only the posts from the top were read, not the whole feed.
    assert.ok(before < badged.length, `${before} of ${badged.length} posts had badges before any scrolling`);
    const atFirst = seen.filter((s) => s.badge === 0).map((s) => s.i);
    assert.deepEqual(atFirst, badged.slice(0, atFirst.length).map((s) => s.i), 'the posts read first are the first ones');
    // Every copy of a post that gets badges got them, each before it was on screen.
    const withBadges = new Set(badged.map((s) => s.token));
    assert.deepEqual(seen.filter((s) => withBadges.has(s.token) && s.badge === null), [], 'posts left without badges');
    assert.deepEqual(seen.filter((s) => s.badge !== null && s.visible !== null && s.badge > s.visible), [], 'posts on screen before their badges');
    assert.ok(seen.every((s) => s.visible !== null), 'the reader saw every post');
    await page.close();
  });

  // Unread posts are watched one in a few (content.js, WATCH_EVERY), each standing for those
  // around it: a reader who jumps into the middle of the feed and scrolls back up still sees
  // no post without its badges.
  test('a reader who jumps into the feed and scrolls back up sees every post with its badges', async () => {
    const page = await openWatched('longer');
    const jumpedAt = await page.evaluate(() => {
      document.scrollingElement.scrollTop = document.scrollingElement.scrollHeight * 0.7;
      return performance.now();
    });
    await page.waitForTimeout(1000);
    const screen = await page.evaluate(() => innerHeight);
    while (await page.evaluate(() => document.scrollingElement.scrollTop > 0)) {
      await page.mouse.wheel(0, -2 * screen);
      await page.waitForTimeout(150);
    }
    await page.waitForTimeout(500);
    const seen = await page.evaluate(() => window.seen.map(({ token, badge, visible }, i) => ({ i, token, badge, visible })));
    const badged = new Set(seen.filter((s) => s.badge !== null).map((s) => s.token));
    const onScreen = seen.filter((s) => s.visible !== null && s.visible > jumpedAt);
    assert.ok(onScreen.length > 40, `the reader saw ${onScreen.length} posts after the jump`);
    // The posts on screen right after the jump get their badges at once; every later one
    // before it is on screen.
    const landed = onScreen.filter((s) => s.visible < jumpedAt + 200);
    assert.ok(landed.length > 0, 'posts on screen after the jump');
    assert.deepEqual(onScreen.filter((s) => badged.has(s.token) && s.badge === null), [], 'posts seen without badges');
    assert.deepEqual(landed.filter((s) => badged.has(s.token) && s.badge > s.visible + 500), [], 'posts on screen after the jump, badges late');
    assert.deepEqual(onScreen.filter((s) => !landed.includes(s) && badged.has(s.token) && s.badge > s.visible), [], 'posts on screen before their badges');
    await page.close();
  });
});
