// Vínculo's extraction engine: applies a site adapter's selector data (adapters/*.json) to the
// page and returns plain records. It knows nothing of any site; the data does. Its semantics
// are written down in src/adapter.rs, and a native twin (tests/support) runs the same data over
// the HTML fixtures — keep the two identical, and this file tiny.
//
// Only reads: never parses HTML, no layout (textContent, never innerText), one querySelectorAll per
// field inside the entity, never a document-wide scan per entity.
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

  // Entity data → its roots as one selector list (the valid ones), or '' when none is.
  const rootSelectors = new WeakMap();
  function rootsOf(entity) {
    let joined = rootSelectors.get(entity);
    if (joined === undefined) {
      joined = entity.roots.filter(valid).join(', ');
      rootSelectors.set(entity, joined);
    }
    return joined;
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

  // With `outermost`, a match inside another match of the same entity is not a root.
  function isRoot(entity, element, selector) {
    return !entity.outermost || !element.parentElement?.closest(selector);
  }

  function findRoots(adapter, entityName, root) {
    const entity = adapter.entities[entityName];
    const selector = rootsOf(entity);
    if (!selector) return [];
    const found = [];
    if (root.nodeType === Node.ELEMENT_NODE && root.matches(selector) && isRoot(entity, root, selector)) found.push(root);
    for (const element of root.querySelectorAll(selector)) {
      if (isRoot(entity, element, selector)) found.push(element);
    }
    return found;
  }

  // The entity root holding `node` (itself included), or null.
  function closestRoot(adapter, entityName, node) {
    const entity = adapter.entities[entityName];
    const selector = rootsOf(entity);
    if (!selector) return null;
    let root = node.closest(selector);
    if (!entity.outermost) return root;
    for (let outer = root?.parentElement?.closest(selector); outer; outer = outer.parentElement?.closest(selector)) {
      root = outer;
    }
    return root;
  }

  function entityOf(adapter, element) {
    for (const [name, entity] of Object.entries(adapter.entities)) {
      const selector = rootsOf(entity);
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

  // At most `max` characters (code points, as the native engine counts them).
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

  // A field's `css` strategies share one traversal of the entity: their selectors joined in
  // one list (cached per strategy list), each strategy then keeping the elements it matches.
  // Same candidates, in the same document order, as one querySelectorAll per strategy — at a
  // fraction of the cost on a long feed. (`:scope` would mean the element itself in
  // `matches()`, so selectors using it keep their own query.)
  const unions = new WeakMap();
  function unionOf(strategies) {
    let union = unions.get(strategies);
    if (union === undefined) {
      union = strategies
        .map((s) => s.css)
        .filter((css) => css && valid(css) && !css.includes(':scope'))
        .join(', ');
      unions.set(strategies, union);
    }
    return union;
  }

  function candidates(strategy, root, pool) {
    if (strategy.css) {
      if (!valid(strategy.css)) return [];
      const all = strategy.css.includes(':scope')
        ? [...root.querySelectorAll(strategy.css)]
        : pool().filter((element) => element.matches(strategy.css));
      const notInside = strategy.not_inside;
      if (!notInside) return all;
      if (!valid(notInside)) return [];
      return all.filter((element) => {
        const hit = element.closest(notInside);
        return !hit || hit === root || !root.contains(hit);
      });
    }
    if (strategy.closest) {
      if (!valid(strategy.closest)) return [];
      const hit = root.closest(strategy.closest);
      return hit ? [hit] : [];
    }
    return [root];
  }

  function read(strategy, element) {
    const how = strategy.read;
    if (how === 'text') return collapse(element.textContent ?? '');
    if (how === 'exists') return 'true';
    if (how === 'path') return element.ownerDocument.location?.pathname ?? globalThis.location?.pathname ?? '';
    if (how.startsWith('attr:') && how.length > 5) return element.getAttribute(how.slice(5));
    return null;
  }

  // → [strategy index, value, element] of the first strategy giving a value, or null.
  function firstValue(adapter, strategies, root) {
    let elements = null;
    const pool = () => {
      if (elements === null) {
        const union = unionOf(strategies);
        elements = union ? [...root.querySelectorAll(union)] : [];
      }
      return elements;
    };
    for (let i = 0; i < strategies.length; i++) {
      const strategy = strategies[i];
      for (const element of candidates(strategy, root, pool)) {
        let value = read(strategy, element);
        if (value != null && strategy.between) value = between(value, strategy.between);
        if (value == null) continue;
        value = cut(value.trim(), adapter.max_chars);
        if (value) return [i, value, element];
      }
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
    const entity = adapter.entities[entityName];
    const record = { entity: entityName, key: '', fields: {}, children: [] };
    const anchors = {};
    const key = firstValue(adapter, entity.key, element);
    note(health, `${entityName}.key`, true, key);
    if (key) record.key = key[1];
    for (const [name, field] of Object.entries(entity.fields ?? {})) {
      const found = firstValue(adapter, field.strategies, element);
      note(health, `${entityName}.${name}`, Boolean(field.required), found);
      if (!found) continue;
      record.fields[name] = found[1];
      if (field.anchor) anchors[name] = found[2];
    }
    for (const child of entity.children ?? []) {
      for (const root of findRoots(adapter, child, element)) {
        if (root !== element) record.children.push(readEntity(adapter, child, root, health).record);
      }
    }
    return { record, anchors };
  }

  globalThis.VinculoExtract = { pageKind, topEntities, findRoots, closestRoot, entityOf, readEntity, pathMatches };
})();
