// Vínculo's extraction engine: applies a site adapter's selector data (adapters/*.json) to the
// page and returns plain records. It knows nothing of any site; the data does. Its semantics
// are written down in src/adapter.rs (which also lints the data); this file is the one
// implementation, tested on every fixture page in Chromium (tests/e2e/engine.test.mjs).
//
// Only reads: never parses HTML, no layout (textContent, never innerText), queries inside the
// entity only — a strategy's first candidate with querySelector, all of them only when the first
// does not pass — never a document-wide scan per entity (except the strategies the data marks
// `in: "document"`, which read page-level facts such as the title).
(() => {
  // Selector text → whether this browser parses it (a selector it cannot parse matches nothing
  // instead of throwing away the whole read).
  const validity = new Map();
  const probe = document.createDocumentFragment();
  function valid(selector) {
    let ok = validity.get(selector);
    if (ok === undefined) {
      try {
        probe.querySelector(selector);
        ok = true;
      } catch {
        ok = false;
      }
      validity.set(selector, ok);
    }
    return ok;
  }

  // The front end a document was rendered by (a name of the adapter's `front_ends`), or null
  // when none or several are told: then everything is tried. Told once per document, asked
  // again at most once a second while not (a front end may render after the content script).
  const frontEnds = new WeakMap();
  function frontEndOf(adapter, doc) {
    let known = frontEnds.get(doc);
    if (known && (known.name !== null || performance.now() - known.at < 1000)) return known.name;
    const told = Object.entries(adapter.front_ends ?? {})
      .filter(([, front]) => front.detect.some((css) => valid(css) && doc.querySelector(css)))
      .map(([name]) => name);
    known = { name: told.length === 1 ? told[0] : null, at: performance.now() };
    frontEnds.set(doc, known);
    return known.name;
  }

  // Whether a root selector or a strategy applies on a page of front end `front`.
  const fits = (tagged, front) => !tagged?.front_end || !front || tagged.front_end === front;

  // What `make` gives for a part of the adapter's data on a page of front end `front`, made
  // once: `cache` maps the part to its results by front end.
  function perFront(cache, data, front, make) {
    let byFront = cache.get(data);
    if (!byFront) cache.set(data, (byFront = new Map()));
    if (!byFront.has(front)) byFront.set(front, make());
    return byFront.get(front);
  }

  // Entity data → its root selectors for the page's front end (the valid ones), as a list and
  // joined in one selector ('' when none is).
  const rootSelectors = new WeakMap();
  function rootListOf(entity, front) {
    return perFront(rootSelectors, entity, front, () => {
      const list = entity.roots
        .filter((root) => fits(root, front))
        .map((root) => root.css ?? root)
        .filter(valid);
      return { list, joined: list.join(', ') };
    });
  }
  const rootsOf = (entity, front) => rootListOf(entity, front).joined;

  // Entity data → the roots of the entities nested in it (its children), as one selector list.
  const childSelectors = new WeakMap();
  function childrenOf(adapter, entity, front) {
    return perFront(childSelectors, entity, front, () =>
      (entity.children ?? [])
        .map((name) => rootsOf(adapter.entities[name], front))
        .filter(Boolean)
        .join(', '),
    );
  }

  // Phrase set name → its phrases in every language, lower-cased (a value must contain one).
  const phraseLists = new WeakMap();
  function phrasesOf(adapter, name) {
    let byName = phraseLists.get(adapter);
    if (!byName) phraseLists.set(adapter, (byName = new Map()));
    let list = byName.get(name);
    if (list === undefined) {
      const set = adapter.phrases?.[name];
      list = set ? Object.values(set.languages).flat().map((p) => p.toLocaleLowerCase()) : [];
      byName.set(name, list);
    }
    return list;
  }

  const patterns = new Map();
  function pattern(source) {
    let compiled = patterns.get(source);
    if (compiled === undefined) {
      try {
        compiled = new RegExp(source, 'u');
      } catch {
        compiled = null; // an invalid pattern matches nothing (the adapter lint reports it)
      }
      patterns.set(source, compiled);
    }
    return compiled;
  }

  // Path patterns compare segments: `*` is one segment, a final `**` any number (also none).
  function pathMatches(pattern, path) {
    const want = pattern.split('/').filter(Boolean);
    const got = path.split('/').filter(Boolean);
    const restAny = want[want.length - 1] === '**';
    const fixed = restAny ? want.slice(0, -1) : want;
    if (restAny ? got.length < fixed.length : got.length !== fixed.length) return false;
    return fixed.every((segment, i) => segment === '*' || segment === got[i]);
  }

  function pageKind(adapter, pathname, doc) {
    for (const page of adapter.pages) {
      if (!page.paths.some((pattern) => pathMatches(pattern, pathname))) continue;
      const detect = page.detect ?? [];
      if (detect.length === 0 || detect.some((css) => valid(css) && doc.querySelector(css))) return page.kind;
    }
    return null;
  }

  function topEntities(adapter, kind) {
    return adapter.pages.find((page) => page.kind === kind)?.entities ?? [];
  }

  // The entity's key as the element gives it (its first key strategy with a value), or ''.
  function keyOf(adapter, entity, element, front) {
    return firstValue(adapter, entity.key, element, front)?.[1] ?? '';
  }

  // A match inside another match of the same entity is not a root when it is the same thing
  // rendered twice (the site nests wrappers carrying the same key), or, with `outermost`,
  // whatever it carries (a wrapper and the element it wraps are one post).
  function isRoot(adapter, entity, element, selector, front) {
    const outer = element.parentElement?.closest(selector);
    if (!outer) return true;
    if (entity.outermost) return false;
    return keyOf(adapter, entity, outer, front) !== keyOf(adapter, entity, element, front);
  }

  function findRoots(adapter, entityName, root) {
    return findRootsOf(adapter, [entityName], root).get(entityName);
  }

  // Entity names → the roots of those entities under `root` (itself included), by entity,
  // each in document order.
  function findRootsOf(adapter, names, root) {
    const front = frontEndOf(adapter, root.ownerDocument ?? root);
    const found = new Map();
    for (const name of names) {
      const entity = adapter.entities[name];
      const { list, joined } = rootListOf(entity, front);
      const matches = matchingUnder(root, list);
      found.set(name, entity.outermost ? outermostOf(root, matches, joined) : matches.filter((element) => isRoot(adapter, entity, element, joined, front)));
    }
    return found;
  }

  // isRoot for an `outermost` entity, over `matches` (root's, in document order) at once: none
  // when `root` lies inside a match; else those not inside the last one kept — in document
  // order, the match holding an element is the last one kept before it. One `closest` per
  // query instead of one per match (300 posts, each rendered in two wrappers, on a long feed).
  function outermostOf(root, matches, selector) {
    if (matches.length === 0) return matches; // also when no selector applies (`selector` is '')
    const start = root.nodeType === Node.ELEMENT_NODE ? root.parentElement : null;
    if (start?.closest(selector)) return [];
    const kept = [];
    for (const element of matches) {
      if (!kept.at(-1)?.contains(element)) kept.push(element);
    }
    return kept;
  }

  // The elements under `root` (itself included) matching any of `selectors`, in document order:
  // one query per selector, merged — Chromium matches a selector list against every element
  // far more slowly than its selectors one by one (on the long feed, 10 ms against 3).
  function matchingUnder(root, selectors) {
    const lists = selectors.map((css) => descendantsMatching(root, css)).filter((list) => list.length);
    const found = lists.length === 1 ? lists[0] : inDocumentOrder([...new Set(lists.flat())]);
    const self = root.nodeType === Node.ELEMENT_NODE && selectors.some((css) => root.matches(css));
    return self ? [root, ...found] : found;
  }

  // `elements` in document order: sorted only when they are not (a page's roots are found in
  // order, and the site usually adds its posts after those already there).
  const follows = (a, b) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
  function inDocumentOrder(elements) {
    for (let i = 1; i < elements.length; i++) {
      if (!follows(elements[i - 1], elements[i])) return elements.sort((a, b) => (follows(a, b) ? -1 : 1));
    }
    return elements;
  }

  // The entity root holding `node` (itself included), or null.
  function closestRoot(adapter, entityName, node) {
    const entity = adapter.entities[entityName];
    const front = frontEndOf(adapter, node.ownerDocument ?? node);
    const selector = rootsOf(entity, front);
    if (!selector) return null;
    let root = node.closest(selector);
    for (let outer = root?.parentElement?.closest(selector); outer; outer = outer.parentElement?.closest(selector)) {
      if (entity.outermost || keyOf(adapter, entity, outer, front) === keyOf(adapter, entity, root, front)) root = outer;
      else break;
    }
    return root;
  }

  function entityOf(adapter, element) {
    const front = frontEndOf(adapter, element.ownerDocument);
    for (const [name, entity] of Object.entries(adapter.entities)) {
      const selector = rootsOf(entity, front);
      if (selector && element.matches(selector)) return name;
    }
    return null;
  }

  const collapse = (text) => text.replace(/\s+/g, ' ').trim();

  function between(raw, [start, end]) {
    const at = raw.indexOf(start);
    if (at < 0) return null;
    const rest = raw.slice(at + start.length);
    if (end === '') return rest;
    const stop = rest.indexOf(end);
    return stop < 0 ? null : rest.slice(0, stop);
  }

  // What precedes the first of `stops` (characters) in `raw`; all of it when none occurs.
  function beforeAny(raw, stops) {
    let out = '';
    for (const ch of raw) {
      if (stops.includes(ch)) break;
      out += ch;
    }
    return out;
  }

  // At most `max` characters (code points, as the native core counts them).
  function cut(text, max) {
    if (text.length <= max) return text;
    let out = '';
    let n = 0;
    for (const ch of text) {
      if (n++ === max) break;
      out += ch;
    }
    return out;
  }

  // Whether `element` lies inside an element matching `selector` that is itself strictly
  // inside `root` (the root's own ancestors do not count).
  function insideWithin(element, selector, root) {
    const hit = element.closest(selector);
    return Boolean(hit) && hit !== root && root.contains(hit);
  }

  const ANY = () => true;

  // Per read of an entity and its children (readEntity): root → selector → the root's
  // descendants matching it, in document order, searched for once: the strategies naming one
  // container (a post's comment and repost counts, both in its row of counts), and a record's
  // children (found to read them, and to keep the record's own reads out of them).
  let searches = null;
  function descendantsMatching(root, selector) {
    if (!searches) return [...root.querySelectorAll(selector)];
    let byRoot = searches.get(root);
    if (!byRoot) searches.set(root, (byRoot = new Map()));
    let found = byRoot.get(selector);
    if (!found) byRoot.set(selector, (found = [...root.querySelectorAll(selector)]));
    return found;
  }

  // The elements matching `css` under `root`, or with `within` under the root's containers
  // matching it, in document order, found lazily: `first()` with querySelector (its search
  // stops there), `all()` only when a later one is asked for. Containers come in document
  // order, so the first container holding a match holds the first match.
  function matching(root, css, within) {
    const scopes = () => (within ? descendantsMatching(root, within) : [root]);
    let first;
    let all = null;
    return {
      first() {
        if (first === undefined) {
          first = null;
          for (const scope of scopes()) if ((first = scope.querySelector(css))) break;
        }
        return first;
      },
      all() {
        if (all === null) {
          const lists = scopes().map((scope) => scope.querySelectorAll(css));
          all = lists.length === 1 ? [...lists[0]] : inDocumentOrder([...new Set(lists.flatMap((list) => [...list]))]);
        }
        return all;
      },
    };
  }

  // A strategy's matches as candidates: `at(i)`, the first one without finding the others (a
  // strategy usually takes its first candidate). Those inside one of them (an innermost
  // strategy's) are those matching `inner`, by a query of that element's own small subtree.
  function under(root, css, inner, within) {
    const found = matching(root, css, within);
    return {
      at: (i) => (i === 0 ? found.first() : found.all()[i]) ?? undefined,
      inside: (element) => element.querySelectorAll(inner ?? css),
    };
  }

  // For each match, its nearest ancestor-or-self matching `outer` strictly inside the root, in
  // the order of the matches, each once: the link around an icon, found from the icon, instead
  // of `a:has(svg)` testing every link's subtree (on the long feed, 2 ms against 10 for 300
  // posts). The first one lazily, as `under`.
  function around(root, css, outer, inner, within) {
    const holder = (match) => {
      const hit = match?.closest(outer);
      return hit && hit !== root && root.contains(hit) ? hit : null;
    };
    const found = matching(root, css, within);
    let holders = null;
    return {
      at(i) {
        if (i === 0 && holders === null) {
          const first = holder(found.first());
          if (first) return first;
        }
        holders ??= [...new Set(found.all().map(holder).filter(Boolean))];
        return holders[i];
      },
      inside: (element) => element.querySelectorAll(inner ?? css),
    };
  }

  // One candidate (the root, or its ancestor a `closest` strategy names), or none.
  const single = (element) => ({ at: (i) => (i === 0 ? element : undefined), inside: () => [] });
  const NONE = [single(undefined), () => false];

  // → [elements, test]: the (prepared) strategy's candidates in document order (`at(i)`, and
  // `inside(e)` for those inside one of them), each counting only if it passes `test`. Tests
  // run lazily, as pick() reaches each element: a test (not_inside, outsideNested) may walk
  // ancestors.
  function candidates(strategy, root, keep) {
    const { css, notInside, inner, around: outer, within } = strategy;
    if (strategy.inDocument) {
      const doc = root.ownerDocument ?? root;
      return [css ? under(doc, css) : single(doc.documentElement), ANY];
    }
    if (css) {
      const list = outer ? around(root, css, outer, inner, within) : under(root, css, inner, within);
      return [list, notInside ? (element) => keep(element) && !insideWithin(element, notInside, root) : keep];
    }
    if (strategy.closest) {
      const hit = root.closest(strategy.closest);
      return hit ? [single(hit), ANY] : NONE;
    }
    return [single(root), ANY];
  }

  // Strategy data → the strategy as reads use it: every field present, in one order (strategies
  // written with different fields are objects of as many shapes to the JavaScript engine, which
  // reads a field of such objects more slowly), its pattern compiled, its phrases gathered and
  // its place in its field kept (`index`, for the health report). Null when it can give
  // nothing: a selector this browser cannot parse, an invalid pattern or an unknown read. Made
  // once per strategy.
  const preparedStrategies = new WeakMap();
  function prepared(adapter, strategy, index) {
    let ready = preparedStrategies.get(strategy);
    if (ready !== undefined) return ready;
    const how = strategy.read;
    const attr = how.startsWith('attr:') && how.length > 5 ? how.slice(5) : null;
    const selectors = [strategy.css, strategy.closest, strategy.within, strategy.not_inside, strategy.inner, strategy.around];
    const mustMatch = strategy.must_match ? pattern(strategy.must_match) : null;
    const usable =
      selectors.every((css) => !css || valid(css)) &&
      (mustMatch !== null || !strategy.must_match) &&
      (attr !== null || ['text', 'first_text', 'exists', 'path'].includes(how));
    ready = usable
      ? {
          index,
          inDocument: strategy.in === 'document',
          css: strategy.css ?? null,
          closest: strategy.closest ?? null,
          within: strategy.within ?? null,
          notInside: strategy.not_inside ?? null,
          inner: strategy.inner ?? null,
          around: strategy.around ?? null,
          innermost: Boolean(strategy.innermost),
          read: attr === null ? how : 'attr',
          attr,
          ignore: strategy.ignore && valid(strategy.ignore) ? strategy.ignore : null,
          between: strategy.between ?? null,
          beforeAny: strategy.before_any ?? null,
          mustMatch,
          phrases: strategy.phrase ? phrasesOf(adapter, strategy.phrase) : null,
          withoutPhrases: (strategy.without_phrase ?? []).flatMap((name) => phrasesOf(adapter, name)),
        }
      : null;
    preparedStrategies.set(strategy, ready);
    return ready;
  }

  // A field's strategies (data) → those tried on a page of front end `front`, prepared, in order.
  const strategyLists = new WeakMap();
  function strategiesFor(adapter, strategies, front) {
    return perFront(strategyLists, strategies, front, () =>
      strategies.map((strategy, index) => (fits(strategy, front) ? prepared(adapter, strategy, index) : null)).filter(Boolean),
    );
  }

  // The element's text, its text nodes joined with a space where an element boundary lies
  // between them ("258" and "connections" in two paragraphs are "258 connections", not
  // "258connections"), whitespace runs collapsed. Text split inside one element (the site
  // separates fragments with comments) joins as it is. Text inside an element matching
  // `ignore` (a "…see more" button inside a comment) is left out.
  function textOf(element, ignore) {
    if (element.childElementCount === 0) return collapse(element.textContent ?? '');
    const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let text = '';
    let parent = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (ignore && node.parentElement?.closest(ignore) && element.contains(node.parentElement.closest(ignore))) continue;
      if (parent !== null && node.parentNode !== parent) text += ' ';
      text += node.data;
      parent = node.parentNode;
    }
    return collapse(text);
  }

  // The first text node with more than spaces (a name, without the badges printed after it).
  function firstText(element) {
    const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = collapse(node.data);
      if (text) return text;
    }
    return '';
  }

  function read(strategy, element) {
    switch (strategy.read) {
      case 'attr':
        return element.getAttribute(strategy.attr);
      case 'text':
        return textOf(element, strategy.ignore);
      case 'first_text':
        return firstText(element);
      case 'exists':
        return 'true';
      default: // 'path'
        return element.ownerDocument.location?.pathname ?? globalThis.location?.pathname ?? '';
    }
  }

  // The value a (prepared) strategy gives from one candidate, or null when the candidate does
  // not pass.
  function valueOf(adapter, strategy, element) {
    let value = read(strategy, element);
    if (value != null && strategy.between) value = between(value, strategy.between);
    if (value != null && strategy.beforeAny) value = beforeAny(value, strategy.beforeAny);
    if (value == null) return null;
    value = cut(value.trim(), adapter.max_chars);
    if (!value) return null;
    if (strategy.mustMatch && !strategy.mustMatch.test(value)) return null;
    if (strategy.phrases || strategy.withoutPhrases.length) {
      const lower = value.toLocaleLowerCase();
      const holds = (phrase) => lower.includes(phrase);
      if (strategy.phrases && !strategy.phrases.some(holds)) return null;
      if (strategy.withoutPhrases.some(holds)) return null;
    }
    return value;
  }

  // The first candidate (in document order) that passes — or, with `innermost`, the deepest
  // passing candidate inside the first one that passes (the count itself, not a box around it).
  function pick(adapter, strategy, [list, test]) {
    for (let i = 0, candidate; (candidate = list.at(i)); i++) {
      if (!test(candidate)) continue;
      let value = valueOf(adapter, strategy, candidate);
      if (value == null) continue;
      let element = candidate;
      if (strategy.innermost) {
        // In document order, the elements inside `element` come first: the first one outside
        // (inside the first candidate, but not the deeper one found since) ends the search.
        for (const inner of list.inside(candidate)) {
          if (!element.contains(inner)) break;
          if (!test(inner)) continue;
          const innerValue = valueOf(adapter, strategy, inner);
          if (innerValue != null) {
            element = inner;
            value = innerValue;
          }
        }
      }
      return [value, element];
    }
    return null;
  }

  // A test that a candidate lies outside the entities nested in `root`: its children (a comment
  // under a post) and other entities of its kind (a reply inside a comment) — not a copy of the
  // root itself, which the site nests with the same key. A post's author is not its comment's.
  // The children come from the record's one search for them (the one its children are read
  // from), made when the first candidate is tested, instead of a walk up each candidate's
  // ancestors to the document's root. Entities of its own kind are still found by that walk: a
  // search for them would go through the whole page when the root is the React feed's `main`.
  function outsideNested(adapter, entity, root, rootKey, front) {
    const selector = childrenOf(adapter, entity, front);
    const own = entity.outermost ? '' : rootsOf(entity, front);
    let children = null;
    return (element) => {
      children ??= selector ? descendantsMatching(root, selector) : [];
      for (const child of children) if (child.contains(element)) return false;
      for (let hit = own && element.closest(own); hit && hit !== root && root.contains(hit); hit = hit.parentElement?.closest(own)) {
        if (keyOf(adapter, entity, hit, front) !== rootKey) return false;
      }
      return true;
    };
  }

  // → [strategy index, value, element] of the first strategy giving a value, or null; a
  // strategy of another front end than the page's is not tried. Candidates count only if they
  // pass `keep` (once the root's key is known, outsideNested).
  function firstValue(adapter, strategies, root, front, keep = ANY) {
    for (const strategy of strategiesFor(adapter, strategies, front)) {
      const found = pick(adapter, strategy, candidates(strategy, root, keep));
      if (found) return [strategy.index, found[0], found[1]];
    }
    return null;
  }

  function note(health, name, required, found) {
    const entry = (health.fields[name] ??= { seen: 0, found: 0, strategy: null, required });
    entry.seen += 1;
    if (found) {
      entry.found += 1;
      entry.strategy = entry.strategy == null ? found[0] : Math.min(entry.strategy, found[0]);
    }
  }

  // → { record: EntityRecord (src/page.rs), anchors: field name → Element }; `health` updated.
  function readEntity(adapter, entityName, element, health) {
    searches = new Map();
    try {
      return readRecord(adapter, entityName, element, health);
    } finally {
      searches = null;
    }
  }

  // Entity data → its key's health name and its fields as each read goes through them.
  const entityPlans = new WeakMap();
  function planOf(entityName, entity) {
    let plan = entityPlans.get(entity);
    if (!plan) {
      const fields = Object.entries(entity.fields ?? {}).map(([name, field]) => ({
        name,
        health: `${entityName}.${name}`,
        required: Boolean(field.required),
        anchor: Boolean(field.anchor),
        strategies: field.strategies,
      }));
      plan = { keyHealth: `${entityName}.key`, fields };
      entityPlans.set(entity, plan);
    }
    return plan;
  }

  function readRecord(adapter, entityName, element, health) {
    const entity = adapter.entities[entityName];
    const plan = planOf(entityName, entity);
    const front = frontEndOf(adapter, element.ownerDocument);
    const record = { entity: entityName, key: '', fields: {}, children: [] };
    const anchors = {};
    const key = firstValue(adapter, entity.key, element, front);
    note(health, plan.keyHealth, true, key);
    if (key) record.key = key[1];
    const keep = outsideNested(adapter, entity, element, record.key, front);
    for (const field of plan.fields) {
      const found = firstValue(adapter, field.strategies, element, front, keep);
      note(health, field.health, field.required, found);
      if (!found) continue;
      record.fields[field.name] = found[1];
      if (field.anchor) anchors[field.name] = found[2];
    }
    for (const child of entity.children ?? []) {
      for (const root of findRoots(adapter, child, element)) {
        if (root !== element) record.children.push(readRecord(adapter, child, root, health).record);
      }
    }
    return { record, anchors };
  }

  globalThis.VinculoExtract = { pageKind, topEntities, findRoots, findRootsOf, closestRoot, entityOf, readEntity, pathMatches, inDocumentOrder };
})();
