// The benchmark's long feed, made from real pages: the posts of the corpus' React feeds (layout
// B in Portuguese, layout A in English: tests/fixtures/real/feed-react-pt-1.html and
// feed-react-en-2.html) repeated, each copy with tokens of its own as the site gives every post,
// inside feed-react-pt-1's page. It departs from the real page only in length (300 posts
// instead of 33), which the benchmark needs; the markup of every post is the site's.
//
// Built in Chromium from the posts' own markup, with the page's scripts off and its policy
// bypassed (it is a copy being made, not a page being shown); deterministic: the same count
// gives the same bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const SOURCES = ['feed-react-pt-1', 'feed-react-en-2'].map((name) => join(ROOT, `tests/fixtures/real/${name}.html`));

// In the page: the feed's top-level posts, as HTML.
function postsOf() {
  const list = document.querySelector('[data-testid="mainFeed"]');
  return [...list.querySelectorAll('[componentkey^="expanded"][componentkey*="FeedType_"]')]
    .filter((post) => !post.parentElement.closest('[componentkey^="expanded"]'))
    .map((post) => post.outerHTML);
}

// In the page: the feed list emptied and filled with `count` posts cycled from `posts`, copy n
// of a post carrying `n` in its tokens and comment ids.
function fill({ posts, count }) {
  const list = document.querySelector('[data-testid="mainFeed"]');
  const template = document.createElement('template');
  list.replaceChildren();
  for (let n = 0; n < count; n++) {
    template.innerHTML = posts[n % posts.length];
    const post = template.content.firstElementChild;
    for (const el of [post, ...post.querySelectorAll('[componentkey]')]) {
      const key = el.getAttribute('componentkey');
      el.setAttribute(
        'componentkey',
        key.replace(/^expanded/, `expanded${n}x`).replace(/(replaceableComment_urn:li:comment:\(urn:li:\w+:)(\d+)/, `$1${n}$2`),
      );
    }
    list.append(post);
  }
  return `<!DOCTYPE html>\n${document.documentElement.outerHTML}`;
}

// → the long feed's HTML, with `count` posts.
export async function longFeed(browser, count) {
  const page = await browser.newPage({ javaScriptEnabled: false, bypassCSP: true });
  try {
    const posts = [];
    for (const file of SOURCES) {
      await page.setContent(readFileSync(file, 'utf8'));
      posts.push(...(await page.evaluate(postsOf)));
    }
    await page.setContent(readFileSync(SOURCES[0], 'utf8'));
    return await page.evaluate(fill, { posts, count });
  } finally {
    await page.close();
  }
}
