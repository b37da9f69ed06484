// Vínculo's content script: a thin sensor and renderer. It runs no wasm (a strict page CSP
// forbids compiling it here, and would report the attempt to the site; see ARCHITECTURE.md): it
// applies the adapter's selector data, sends plain records to the service worker, and draws
// what the worker's Rust core decided.
//
//  document_idle ── start(): adapter for this host, settings, whole page queued
//        │
//  MutationObserver ── queues added elements, parents of changed text (count updates), and
//        │              drains at once: what the site changed is sent before it is rendered
//        │
//  drain() ────────── hidden tabs stay idle; entity roots in/around the queued
//        │              nodes; reads the roots changed, those near the screen and READ_AHEAD
//        │              more in document order, BUDGET_MS per task; roots left over wait
//        │              until an IntersectionObserver sees them (one in WATCH_EVERY) near
//        │              the screen
//        ├─ each root read once (again only if its fields changed); copies of a post already
//        │  decided are drawn from the cache
//        └─ one SCAN message per drain ──▶ worker ──▶ overlays ──▶ VinculoOverlay.render
//  URL change (the site navigates with pushState) ── page kind re-read, health restarted
//  storage.onChanged(settings) ── display modes re-applied to every drawn count at once
//
// Why so: every frame in which the page's layout changes costs the page's engine a walk over
// its paint layers (on a long feed, more than drawing the badges themselves), so badges are
// drawn in as few frames as possible: what a drain read, all at once when the worker answers.
// And a drain runs as soon as the site has changed the page, so the worker's answer comes while
// the page renders the change, and a post the site inserts has its badges a frame later.
(() => {
  const P = globalThis.VinculoProtocol;
  const X = globalThis.VinculoExtract;
  const O = globalThis.VinculoOverlay;
  const { runtime, storage } = globalThis.VinculoApi;

  // A drain reads for at most this long in one task, and goes on in the next.
  const BUDGET_MS = 8;
  // Roots a drain reads past those needed now (changed, near the screen): the next ones in the
  // page, which scrolling shows next — drawn with them, rather than each later in a frame of
  // its own (on a long feed, a frame in which the page's layout changes costs the page's
  // engine far more than reading a post).
  const READ_AHEAD = 20;
  // Above this many queued nodes a rescan of the whole page is cheaper than sorting them out.
  const RESCAN_ABOVE = 1000;
  const KIND_RECHECK_MS = 1000;
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'LINK', 'META', 'NOSCRIPT', 'TEMPLATE']);
  // How far from the screen a root left unread counts as near: read now, before the user can
  // scroll it into view.
  const NEAR = '200% 0px';
  // Of the unread roots, in document order, the observer watches the first, the last and at
  // least one in this many: the page's engine computes every watched element's intersection in
  // every frame the page scrolls (on the benchmark's long feed, 270 posts watched cost the page
  // 80–120 ms, more than reading them). A watched root stands for the unread between it and the
  // watched ones either side: when it comes near, they do too. An unread root on screen has
  // watched ones above and below it, fewer than WATCH_EVERY roots away; one of them is within
  // the NEAR margins unless the roots between them span more than five screens.
  const WATCH_EVERY = 4;

  const adapter = pickAdapter(location.hostname);
  if (!adapter) return;

  let settings = globalThis.VinculoSettings.merged(null);
  let page = newPage();
  let queue = new Set();
  // Entity roots found but not read yet, in document order when a drain ends; those of them
  // the observer watches; those seen near the screen (or not rendered at all: nothing to
  // wait for).
  let unread = new Set();
  // Whether roots were added to `unread` since it was last put in document order.
  let unsorted = false;
  const watched = new Set();
  const near = new Set();
  const nearby = new IntersectionObserver(onNear, { rootMargin: NEAR });
  let drainScheduled = false;
  let waitingForVisible = false;
  // A drain's reads, going on over several tasks: {roots, next, batch}; sent when all are read.
  let reading = null;
  // Entity element → signature of what was read, so unchanged entities are not re-sent.
  const readSignature = new WeakMap();
  // Entity key → {signature, overlays}: copies of one post (the React feed renders several)
  // and re-renders are drawn at once, without a round trip to the worker.
  const decided = new Map();
  const HINT_ATTR = globalThis.VinculoHint?.ATTR ?? 'data-vinculo-hint';
  // Page element a badge sits beside → its count kind, to re-apply display modes.
  const drawnAnchors = new Map();

  function pickAdapter(host) {
    for (const data of Object.values(globalThis.VINCULO_ADAPTERS ?? {})) {
      if ((data.hosts ?? []).includes(host)) return data;
    }
    return null;
  }

  function newPage() {
    const kind = X.pageKind(adapter, location.pathname, document);
    return { path: location.pathname, kind, health: { fields: {} }, reported: false, checkedAt: performance.now() };
  }

  // A task, not an animation frame: what it reads is sent and usually answered before the next
  // frame, so badges appear with what they annotate. A hidden tab reads nothing until shown.
  function schedule() {
    if (drainScheduled) return;
    if (document.hidden) {
      waitingForVisible = true;
      return;
    }
    drainScheduled = true;
    setTimeout(drain, 0);
  }

  function onNear(entries) {
    let order = null;
    for (const entry of entries) {
      const box = entry.boundingClientRect;
      if (!unread.has(entry.target)) continue; // read meanwhile
      if (entry.isIntersecting || (box.width === 0 && box.height === 0)) {
        order ??= [...unread];
        nearWith(order, order.indexOf(entry.target));
      } else near.delete(entry.target);
    }
    if (order) schedule();
  }

  // The unread root order[at] is near, and so are the unread it stands for: those up to the
  // next watched root either side.
  function nearWith(order, at) {
    near.add(order[at]);
    for (let i = at - 1; i >= 0 && !watched.has(order[i]); i--) near.add(order[i]);
    for (let i = at + 1; i < order.length && !watched.has(order[i]); i++) near.add(order[i]);
  }

  // Watches more of the unread: the first, the last, and one at least in WATCH_EVERY between
  // (a watched root stays watched until read: watching one anew costs the observer a report).
  function watchUnread() {
    let since = WATCH_EVERY;
    let last = null;
    for (const root of unread) {
      last = root;
      if (watched.has(root)) since = 0;
      else if (++since >= WATCH_EVERY) {
        watch(root);
        since = 0;
      }
    }
    if (last && !watched.has(last)) watch(last);
  }

  function watch(root) {
    watched.add(root);
    nearby.observe(root);
  }

  function unwatch(root) {
    near.delete(root);
    if (watched.delete(root)) nearby.unobserve(root);
  }

  function enqueue(node) {
    if (queue.size > RESCAN_ABOVE) return;
    queue.add(node);
    if (queue.size > RESCAN_ABOVE) queue = new Set([document.documentElement]); // a full rescan
  }

  // The site's changes are read at once, in the observer's callback (the end of the site's own
  // task), and sent before the page renders them: a drain in a task of its own waits behind the
  // frame that lays the change out (on the benchmark's long feed, 100 ms and more), and the
  // post's badges then came two or three frames after it instead of one. A drain already under
  // way (reading over several tasks) takes the change in its next task.
  function drainNow() {
    if (drainScheduled || document.hidden) schedule();
    else drain();
  }

  function onMutations(records) {
    try {
      for (const record of records) {
        if (record.type === 'characterData') {
          if (record.target.parentElement) enqueue(record.target.parentElement);
          continue;
        }
        for (const node of record.addedNodes) {
          if (node.nodeType !== Node.ELEMENT_NODE || SKIP_TAGS.has(node.tagName)) continue;
          if (node.hasAttribute('data-vinculo-kind') || node.hasAttribute(HINT_ATTR)) continue; // our own host
          enqueue(node);
        }
      }
    } catch (error) {
      console.debug('Vínculo: mutation queue', error);
    }
    if (queue.size) drainNow();
  }

  // Entity roots inside or around one queued node.
  function rootsOf(node, entities, found) {
    if (!node.isConnected || node.nodeType !== Node.ELEMENT_NODE) return;
    for (const entity of entities) {
      const around = X.closestRoot(adapter, entity, node);
      if (around) found.add(around);
    }
    for (const roots of X.findRootsOf(adapter, entities, node).values()) for (const root of roots) found.add(root);
  }

  function drain() {
    drainScheduled = false;
    try {
      // Reads of a page the site has navigated away from are dropped.
      if (reading && location.pathname !== page.path) reading = null;
      // The plan counts in the task's budget: on a page's first drain it searches the whole
      // page for roots (on the benchmark's 57,000-element feed, 17–26 ms on a slow machine),
      // and the reads then wait for the next task rather than make this one long.
      const started = performance.now();
      reading ??= { roots: plan(), next: 0, batch: new Map() };
      const { roots, batch } = reading;
      while (reading.next < roots.length) {
        if (performance.now() - started > BUDGET_MS) {
          schedule();
          return;
        }
        const root = roots[reading.next++];
        if (!unread.delete(root)) continue; // read already, earlier in this list
        unwatch(root);
        if (root.isConnected) readRoot(root, batch);
      }
      reading = null;
      for (const root of unread) {
        if (!root.isConnected) {
          unread.delete(root);
          unwatch(root);
        }
      }
      // Sorted once the reads are done: the roots a drain found are usually read in it (a post
      // the site inserts above the others is not sorted in before its badges are drawn).
      if (unsorted) unread = new Set(X.inDocumentOrder([...unread]));
      unsorted = false;
      watchUnread();
      // What came meanwhile: the site's changes, roots seen near.
      if (queue.size || near.size) schedule();
      send(batch);
    } catch (error) {
      reading = null;
      console.debug('Vínculo: drain', error);
    }
  }

  // → the roots a drain reads, in order: those whose content changed, the unread near the
  // screen, then up to READ_AHEAD more — the roots just found (what the site added is usually
  // about to be seen; on a new page, from its top) and the unread after the first near one.
  // Whatever is left waits until it comes near the screen.
  function plan() {
    // A new URL (the site navigates with pushState), or a front end that rendered after
    // document_idle: read the page kind again — on an unrecognised page at most once every
    // KIND_RECHECK_MS, not on every drain the site's mutations cause.
    const recheck = page.kind === null && performance.now() - page.checkedAt > KIND_RECHECK_MS;
    if (location.pathname !== page.path || recheck) {
      const previous = page;
      page = newPage();
      if (previous.path !== page.path || page.kind !== null) {
        queue = new Set([document.documentElement]);
        forgetUnread();
      }
      else page.reported = previous.reported;
    }
    // Queued nodes become entity roots once, and join the unread.
    const entities = X.topEntities(adapter, page.kind);
    const found = new Set();
    for (const node of queue) rootsOf(node, entities, found);
    queue = new Set();
    const again = [];
    const fresh = [];
    for (const root of found) {
      if (unread.has(root)) continue;
      (readSignature.has(root) ? again : fresh).push(root);
      unread.add(root);
    }
    unsorted ||= fresh.length > 0 || again.length > 0;
    const order = [...unread];
    const nearNow = order.filter((root) => near.has(root));
    const first = order.indexOf(nearNow[0]);
    const changed = new Set(again);
    const after = first < 0 ? [] : order.slice(first + 1).filter((root) => !near.has(root) && !changed.has(root));
    const ahead = [...new Set([...fresh, ...after])].slice(0, READ_AHEAD);
    return [...again, ...nearNow, ...ahead];
  }

  function forgetUnread() {
    unread.clear();
    unsorted = false;
    watched.clear();
    near.clear();
    nearby.disconnect();
  }

  function readRoot(root, batch) {
    const entity = X.entityOf(adapter, root);
    const { record, anchors } = X.readEntity(adapter, entity, root, page.health);
    if (!record.key) return;
    const signature = JSON.stringify([record.fields, record.children.length]);
    if (readSignature.get(root) === signature) return;
    readSignature.set(root, signature);
    const id = `${entity}\u0000${record.key}`;
    const known = decided.get(id);
    if (known && known.signature === signature) {
      draw(known.overlays, [anchors]);
      return;
    }
    const entry = batch.get(id);
    if (entry) entry.copies.push(anchors);
    else batch.set(id, { record, signature, copies: [anchors] });
  }

  async function send(batch) {
    if (batch.size === 0 && page.reported) return;
    page.reported = true;
    const scan = {
      path: page.path,
      lang: document.documentElement.lang || '',
      page_kind: page.kind,
      entities: [...batch.values()].map((entry) => entry.record),
      health: page.health,
    };
    let reply;
    try {
      reply = await globalThis.VinculoDeliver.send({ type: P.SCAN, scan });
    } catch (error) {
      // The worker is unavailable (e.g. its wasm failed to load): the page stays as it is.
      console.debug('Vínculo: worker unavailable', error);
      return;
    }
    // Not saved, or not decided: the worker has told the user (popup, tab health); the page
    // still gets whatever overlays came.
    if (reply?.error || reply?.not_saved) console.warn('Vínculo:', reply.error ?? reply.not_saved.key);
    if (!reply?.overlays) return;
    const byKey = Map.groupBy(reply.overlays, (overlay) => overlay.key);
    for (const [id, entry] of batch) {
      const overlays = byKey.get(entry.record.key) ?? [];
      decided.set(id, { signature: entry.signature, overlays });
      draw(overlays, entry.copies);
    }
  }

  function draw(overlays, copies) {
    const dark = pageIsDark();
    for (const anchors of copies) {
      for (const overlay of overlays) {
        const anchor = anchors[overlay.field];
        if (!anchor?.isConnected) continue;
        O.render(anchor, overlay, settings.modes[overlay.count_kind] ?? 'annotate', dark);
        drawnAnchors.set(anchor, overlay.count_kind);
      }
    }
    if (drawnAnchors.size > 2000) {
      for (const anchor of drawnAnchors.keys()) if (!anchor.isConnected) drawnAnchors.delete(anchor);
    }
  }

  let darkCache = { at: -Infinity, dark: false };
  function pageIsDark() {
    // The site's theme, from the page's background: read at most once a second.
    const now = performance.now();
    if (now - darkCache.at > 1000) {
      const rgb = getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g) ?? [];
      const [r, g, b, a = 1] = rgb.map(Number);
      const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      darkCache = { at: now, dark: rgb.length >= 3 && Number(a) > 0 && luminance < 0.4 };
    }
    return darkCache.dark;
  }

  // The messages come from the worker even for the browser's own language: the first
  // i18n.getMessage in the site's page process loads the whole catalogue there (3–9 ms on the
  // benchmark's machine, every page).
  async function applyLanguage(language) {
    const reply = await globalThis.VinculoDeliver.send({ type: P.MESSAGES, language });
    if (reply?.texts) globalThis.VinculoI18n.useTexts(reply.texts, reply.lang);
  }

  function applySettings(value) {
    settings = globalThis.VinculoSettings.merged(value);
    for (const [anchor, countKind] of drawnAnchors) {
      if (anchor.isConnected) O.applyMode(anchor, settings.modes[countKind] ?? 'annotate');
    }
  }

  function start() {
    storage.onChanged.addListener((changes, area) => {
      try {
        if (area === 'local' && changes[P.SETTINGS_KEY]) applySettings(changes[P.SETTINGS_KEY].newValue);
      } catch (error) {
        console.debug('Vínculo: settings', error);
      }
    });
    new MutationObserver(onMutations).observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    addEventListener('popstate', schedule);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && waitingForVisible) {
        waitingForVisible = false;
        schedule();
      }
    });
    // The first drawing waits for the user's display modes, so a hidden count never flashes.
    storage.local
      .get(P.SETTINGS_KEY)
      .then((stored) => {
        applySettings(stored[P.SETTINGS_KEY]);
        return applyLanguage(settings.language);
      })
      .catch((error) => console.debug('Vínculo: settings unavailable', error))
      .finally(() => {
        enqueue(document.documentElement);
        schedule();
      });
    globalThis.VinculoActivity?.start(adapter, (batch) =>
      globalThis.VinculoDeliver.send({ type: P.ACTIVITY, batch })
        .then((reply) => {
          if (reply?.error) console.warn('Vínculo: activity not saved', reply.error);
          for (const post of reply?.hints ?? []) globalThis.VinculoHint?.show(post, pageIsDark());
        })
        .catch((error) => console.debug('Vínculo: worker unavailable', error)),
    );
  }

  // The popup's "Save an anonymised copy of this page": made from a clone, never from the page
  // the user sees, without Vínculo's own badges (they are not the site's). The popup injects the
  // anonymiser (VinculoAnonymise, VINCULO_ANONYMISE_RULES) into this world first.
  runtime.onMessage.addListener((message, _sender, sendResponse) => {
    if (message?.type !== P.ANONYMISED_COPY) return;
    try {
      const copy = /** @type {Document} */ (document.cloneNode(true));
      for (const own of copy.querySelectorAll('[data-vinculo-kind], [data-vinculo-hint]')) own.remove();
      const rules = globalThis.VINCULO_ANONYMISE_RULES[adapter.name];
      sendResponse({ html: globalThis.VinculoAnonymise.anonymise(copy, { ...adapter, anonymise: rules }).html });
    } catch (error) {
      sendResponse({ error: String(error) });
    }
  });

  start();
})();
