// The benchmark's long feeds, made from real pages: the posts of the corpus' React feeds
// repeated, each copy with tokens of its own as the site gives every post. They depart from the
// real pages only in length (300 posts instead of 8 to 33), which the benchmark needs; the markup
// of every post is the site's.
// - `longFeed`: the posts of feed-react-pt-1 (layout B, in Portuguese) and feed-react-en-2
//   (layout A, in English) inside feed-react-pt-1's page, without styles, as the corpus keeps
//   its pages: what the content script reads.
// - `styledFeed`: the posts of feed-react-en-1 inside its page, with the two stylesheets that
//   page was saved with (tests/fixtures/styles): what the page's engine does when badges are
//   inserted. Unstyled, a page lays a post's action bar out as bare lines, where a badge
//   wraps a line and moves everything below it; the site's own rules lay it out as a row with
//   room for it, and evaluate their `:has()` selectors again on each insertion.
//
// Built in Chromium from the posts' own markup, with the page's scripts off and its policy
// bypassed (it is a copy being made, not a page being shown); deterministic: the same count
// gives the same bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const page = (name) => join(ROOT, `tests/fixtures/real/${name}.html`);
const STYLED = 'feed-react-en-1';
const STYLESHEETS = ['PLsoZiNZ.css', 'DjhAsRbe.css'].map((file) => join(ROOT, 'tests/fixtures/styles', STYLED, file));

// In the page: the feed's top-level posts, as HTML.
function postsOf() {
  const list = document.querySelector('[data-testid="mainFeed"]');
  return [...list.querySelectorAll('[componentkey^="expanded"][componentkey*="FeedType_"]')]
    .filter((post) => !post.parentElement.closest('[componentkey^="expanded"]'))
    .map((post) => post.outerHTML);
}

// In the page: the feed list emptied and filled with `count` posts cycled from `posts`, copy n
// of a post carrying `n` in its tokens and comment ids; `styles` appended to the head, in order.
function fill({ posts, count, styles }) {
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
  for (const text of styles) {
    const style = document.createElement('style');
    style.textContent = text;
    document.head.append(style);
  }
  return `<!DOCTYPE html>\n${document.documentElement.outerHTML}`;
}

// → the feed page `host` filled with `count` posts of the pages `sources`, styled by `styles`.
async function build(browser, { host, sources, count, styles = [] }) {
  const tab = await browser.newPage({ javaScriptEnabled: false, bypassCSP: true });
  try {
    const posts = [];
    for (const source of sources) {
      await tab.setContent(readFileSync(page(source), 'utf8'));
      posts.push(...(await tab.evaluate(postsOf)));
    }
    await tab.setContent(readFileSync(page(host), 'utf8'));
    return await tab.evaluate(fill, { posts, count, styles: styles.map((file) => readFileSync(file, 'utf8')) });
  } finally {
    await tab.close();
  }
}

// → the unstyled long feed's HTML, with `count` posts.
export function longFeed(browser, count) {
  return build(browser, { host: 'feed-react-pt-1', sources: ['feed-react-pt-1', 'feed-react-en-2'], count });
}

// → the styled long feed's HTML, with `count` posts.
export function styledFeed(browser, count) {
  return build(browser, { host: STYLED, sources: [STYLED], count, styles: STYLESHEETS });
}
