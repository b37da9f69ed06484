// Robustness variants of a real page, made from its HTML before the browser sees it — the
// changes LinkedIn makes any day, which no single page can satisfy by accident:
//   rehashed   every class name replaced by another hash (the React build's classes change
//              with each deploy; the Ember build's are its only hooks for some counts),
//   unlabelled every aria-label removed (labels are translated, and move),
//   swapped    the interface phrases of the adapter's phrase tables swapped for another
//              language's (the page's own words for "followers", "connections", …).
// Each is a pure function of the HTML, so a failing variant can be written out and opened.
import { createHash } from 'node:crypto';

const hash = (text, salt) => createHash('sha256').update(`${salt}:${text}`).digest('hex').slice(0, 8);

export function rehashClasses(html, salt = 'vinculo') {
  return html.replace(/\bclass=(["'])([^"']*)\1/g, (_, quote, names) => {
    const rehashed = names
      .split(/\s+/)
      .filter(Boolean)
      .map((name) => `_${hash(name, salt)}`)
      .join(' ');
    return `class=${quote}${rehashed}${quote}`;
  });
}

export function removeAriaLabels(html) {
  return html.replace(/\saria-label=(["'])[^"']*\1/g, '');
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Every phrase of `from` (a language tag of the tables, e.g. "en") replaced by the phrase at the
// same position in `to` (or its last one), in text and attribute values alike, whole words
// only and longest phrases first, so "connections" is swapped before "connection".
export function swapLanguage(html, phrases, from, to) {
  const pairs = [];
  for (const set of Object.values(phrases)) {
    const source = set.languages[from];
    const target = set.languages[to];
    if (!source || !target) continue;
    source.forEach((phrase, i) => pairs.push([phrase, target[Math.min(i, target.length - 1)]]));
  }
  pairs.sort(([a], [b]) => b.length - a.length);
  let out = html;
  for (const [phrase, replacement] of pairs) {
    const word = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(phrase)}(?![\\p{L}\\p{N}])`, 'giu');
    out = out.replace(word, replacement);
  }
  return out;
}

// The language a page's phrases are swapped into: another one the tables cover, chosen so
// English pages become Italian and every other language becomes English.
export function otherLanguage(phrases, lang) {
  const language = (lang || 'en').toLowerCase().split(/[-_]/)[0];
  return language === 'en' ? 'it' : 'en';
}

export const VARIANTS = {
  rehashed: (html) => rehashClasses(html),
  unlabelled: (html) => removeAriaLabels(html),
  swapped: (html, { phrases, lang }) => swapLanguage(html, phrases, (lang || 'en').split(/[-_]/)[0], otherLanguage(phrases, lang)),
};

// A real page turned hostile, as a member's own content can be: a name and a post text that
// are markup, an inline script the page's CSP forbids, a name of 80,000 characters. Names and texts
// must stay text (nothing runs, no image is created) and every value read stays bounded.
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
export function hostile(html, { authorName, otherAuthorName }) {
  const escaped = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = html.replace(`>${escaped(authorName)}<`, `>${escaped(HOSTILE_NAME)}<`);
  out = out.replace(`>${escaped(otherAuthorName)}<`, `>${'Ana '.repeat(20_000)}<`);
  out = out.replace(
    /(data-testid="expandable-text-box"[^>]*>)/,
    `$1${escaped('</span><script>window.pwned = 1</script><img src=x onerror="window.pwned = 1">')}`,
  );
  out = out.replace('</body>', '<script>window.pwned = 1; alert(1)</script></body>');
  return out;
}
