// End-to-end harness: the built extension (dist/chrome) in Debian's headless Chromium, with
// fixture pages served over HTTPS as www.linkedin.com under a strict CSP that forbids eval and
// WebAssembly on the page — as the real site may any day.
//
// Every request that reaches the fixture server, and every request the browser context
// makes, is recorded, so a test can prove the extension made none of its own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { fixturePages } from './engine.mjs';

export const ROOT = new URL('../..', import.meta.url).pathname;
// The real-page corpus (anonymised captures of the live site), and where each page was.
export const FIXTURES = join(ROOT, 'tests/fixtures/real');
export const EXTENSION = join(ROOT, 'dist/chrome');
export const OUT = join(ROOT, 'tests/e2e/out');
export const NONCE = 'e2eNonce5f1c';
// The strictest policy the site could send: no eval, no wasm, scripts only with the nonce.
export const CSP =
  `default-src 'self'; script-src 'self' 'nonce-${NONCE}'; style-src 'self' 'unsafe-inline'; ` +
  `img-src 'self' data:; object-src 'none'; base-uri 'none'; report-uri /csp-report`;

function certificate(dir) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=www.linkedin.com', '-addext', 'subjectAltName=DNS:www.linkedin.com',
  ], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

// Serves `?fixture=<name>` (tests/fixtures/real/<name>.html, or an absolute file given via
// `files`) at any path, so the page's URL path is the one the fixture pretends to be at.
export async function serveFixtures(dir, files = {}, port = 0) {
  const requests = [];
  const cspReports = [];
  const server = createServer(certificate(dir), (req, res) => {
    const url = new URL(req.url, 'https://www.linkedin.com');
    requests.push(url.pathname + url.search);
    if (url.pathname === '/csp-report') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        cspReports.push(body);
        res.end();
      });
      return;
    }
    const name = url.searchParams.get('fixture');
    const file = files[name] ?? (name && join(FIXTURES, `${name}.html`));
    if (!file || !/^[\w./-]+$/.test(file) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CSP,
    });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port: server.address().port, requests, cspReports, close: () => server.close() };
}

// Launch Chromium with the extension (or without, for comparisons) in `lang` (en or pt-BR).
// `files` maps extra fixture names to absolute paths (e.g. a generated long feed).
// `extensionDir` loads another build of the extension (e.g. one whose wasm is broken).
export async function launch({ lang = 'en', extension = true, files = {}, headless = true, extensionDir = EXTENSION } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vinculo-e2e-'));
  const server = await serveFixtures(dir, files);
  const profile = join(dir, 'profile');
  const args = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-default-apps', '--no-default-browser-check',
    // Unquoted: quoted rules fail with ERR_NAME_NOT_RESOLVED.
    `--host-resolver-rules=MAP www.linkedin.com 127.0.0.1:${server.port}`,
    '--ignore-certificate-errors',
    `--lang=${lang}`,
  ];
  if (extension) args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless,
    args,
    locale: lang,
    ignoreDefaultArgs: ['--disable-extensions'],
    env: { ...process.env, LANGUAGE: lang.replace('-', '_'), LANG: `${lang.replace('-', '_')}.UTF-8` },
  });
  const browserRequests = [];
  context.on('request', (request) => browserRequests.push(request.url()));
  let worker = null;
  if (extension) {
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  }
  const extensionId = worker ? new URL(worker.url()).host : null;
  return {
    context,
    worker,
    extensionId,
    server,
    browserRequests,
    url: (path, fixture) => `https://www.linkedin.com${path}?fixture=${encodeURIComponent(fixture)}`,
    async close() {
      await context.close();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Requests that are not the fixture pages the test itself opened (`?fixture=`) nor the
// extension's own packaged files: anything left was made by the extension (the fixture pages
// have no scripts, and their hostile `<img src=x>` is text).
export function foreignRequests(browserRequests) {
  return browserRequests.filter((url) => {
    if (/^(chrome-extension|moz-extension|data|about):/.test(url)) return false;
    // The browser reports the page's own CSP violations (a hostile page's inline script) to the
    // page's report-uri; what they are about is checked on the reports themselves.
    if (url === 'https://www.linkedin.com/csp-report') return false;
    return !(url.startsWith('https://www.linkedin.com/') && new URL(url).searchParams.has('fixture'));
  });
}

const LOCALES = Object.fromEntries(
  ['en', 'pt_BR'].map((l) => [l, JSON.parse(readFileSync(join(ROOT, `extension/_locales/${l}/messages.json`), 'utf8'))]),
);
// The words a badge's accessible name gives its level, by kind: level → message key.
const LEVEL_WORDS = {
  conversation: { discussion: 'levelDiscussion', some_talk: 'levelSomeTalk', applause_only: 'levelApplauseOnly', quiet: 'levelQuiet' },
  relationship: { strong: 'tier_strong', active: 'tier_active', one_way: 'tier_one_way', dormant: 'tier_dormant', ghost: 'tier_ghost', none: 'tier_none' },
};

// A message with its $1, $2 as a pattern: $1 captured, $2 anything.
const pattern = (message) =>
  new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\$1', '(.*?)').replace('\\$2', '[\\s\\S]*')}$`);

// "$1, $2 comments" as a pattern capturing the words ($1) and a formatted number ($2).
const counted = (message) =>
  new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\$1', '(.*?)').replace('\\$2', '([\\d.,\\s\u202f\u00a0]+)')}$`);

// What a badge's accessible name says, in either language: its level (a conversation's, a
// relationship's tier; `vanity` for a vanity mark) and, for a vanity mark, the number it marks.
export function readName(kind, name) {
  for (const messages of Object.values(LOCALES)) {
    const subject = name.match(pattern(messages[`${kind}Accessible`].message))?.[1];
    if (subject == null) continue;
    if (kind === 'vanity') return { level: 'vanity', number: /^[\d.,\s\u202f]+$/.test(subject) ? Number(subject.replace(/\D/g, '')) : null };
    // A conversation badge names its level and the comments it judges ("Applause only, 12 comments").
    const judged = kind === 'conversation' ? subject.match(counted(messages.conversationSubject.message)) : null;
    const words = judged ? judged[1] : subject;
    const number = judged ? Number(judged[2].replace(/\D/g, '')) : null;
    const level = Object.entries(LEVEL_WORDS[kind]).find(([, key]) => messages[key].message === words)?.[0] ?? null;
    return { level, number };
  }
  return { level: null, number: null };
}

// Overlays on the page as a screen reader finds them, in page order: each badge's role and
// accessible name from Chromium's accessibility tree (the badge lives in a closed shadow root
// the page cannot read; the DOM, pierced by the debugger, only says where), with the one thing
// its host tells the page, its kind; level and number as the name says them (`readName`).
export async function overlays(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const inside = (node) => [node.backendNodeId, ...[...(node.children ?? []), ...(node.shadowRoots ?? [])].flatMap(inside)];
    const hosts = [];
    const walk = (node) => {
      const at = node.attributes?.findIndex((a, i) => i % 2 === 0 && a === 'data-vinculo-kind') ?? -1;
      if (at >= 0) hosts.push({ kind: node.attributes[at + 1], nodes: (node.shadowRoots ?? []).flatMap(inside) });
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
    };
    walk(root);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const byDomNode = new Map(nodes.map((n) => [n.backendDOMNodeId, n]));
    return hosts.map(({ kind, nodes: shadow }) => {
      const badge = shadow.map((id) => byDomNode.get(id)).find((n) => n && !n.ignored && n.role?.value === 'image');
      const name = badge?.name?.value ?? null;
      return { kind, role: badge?.role?.value ?? null, name, ...(name ? readName(kind, name) : { level: null, number: null }) };
    });
  } finally {
    await cdp.detach();
  }
}

// Scrolls the page to its end and back, two screens at a time, a frame at each stop, as a quick
// reader would, until at least `count` badges are drawn: the extension reads what lies far
// below only as it comes near the screen. One frame is enough for the page's intersection
// observers to see each stop (they are computed in the frame that renders it); a pass that
// drew too few is followed by another. (Playwright's or Puppeteer's page.)
export async function scrollUntilBadges(page, count, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const drawn = await page.evaluate(async () => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      for (let y = 0; y < document.documentElement.scrollHeight; y += 2 * innerHeight) {
        scrollTo(0, y);
        await frame();
      }
      scrollTo(0, 0);
      await frame();
      return document.querySelectorAll('[data-vinculo-kind]').length;
    });
    if (drawn >= count) return drawn;
    if (Date.now() > deadline) throw new Error(`${drawn} badges of ${count} after scrolling for ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function screenshotPath(name) {
  mkdirSync(OUT, { recursive: true });
  return join(OUT, `${name}.png`);
}

export function expected(fixture) {
  return JSON.parse(readFileSync(join(FIXTURES, `${fixture}.expected.json`), 'utf8'));
}

// The URL path a corpus page is served at: where it was saved (a fragment: the kind's page).
export const pathOf = (fixture) => fixturePages().find((page) => page.name === fixture).path;

// What the engine reads on a corpus page (its golden scan, tests/e2e/engine.test.mjs).
export const scanOf = (fixture) => JSON.parse(readFileSync(join(FIXTURES, `${fixture}.scan.json`), 'utf8'));


// The overlays a fixture should get (written by tests/overlay_golden.rs), and a comparable
// summary of a list of overlays: kind/level/number, sorted.
export const golden = (fixture) => JSON.parse(readFileSync(join(FIXTURES, `${fixture}.overlays.json`), 'utf8'));
export const overlaySummary = (list) => list.map((o) => `${o.kind}/${o.level ?? 'vanity'}/${o.kind === 'relationship' ? '-' : (o.number ?? '-')}`).sort();

// axe-core's source, to evaluate in a page (evaluate is not subject to the page's CSP).
export const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
