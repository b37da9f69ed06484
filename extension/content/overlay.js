// Draws the overlays the core decided, beside the page's own elements, and applies the display
// modes. Everything the page could see is a host <span> with a closed shadow root; its content
// is built from text nodes only (page text is data, never HTML), so neither side's styles leak.
//
// The host is in the site's own DOM, readable by its scripts: it says only that a badge of a
// kind is there. The badge's words, accessible name, level and numbers (a relationship's tier
// and counts, what came from private messages) live inside the closed shadow root, where the
// accessibility tree still finds them for screen readers.
//
// A host sits right after the element it annotates, in its line, so the page's controls keep
// their order and parents. Display modes touch the page's element only through one attribute,
// styled by content/page.css:
//   annotate → number shown, badge beside it
//   blur     → number blurred until the pointer or keyboard focus reaches it or its badge
//   hide     → number invisible (layout kept), badge still there
//
// The page can also measure a host, so a host has a fixed size for its kind: a relationship's
// tier ("strong tie", "ghost contact") or a count's digits never change it. The box fits every
// label of the kind in both languages; a longer one ends in an ellipsis (the full words are in
// the tooltip and the accessible name).
//
// Every shadow root adopts one stylesheet object rather than holding a <style> of its own.
// Nothing in a badge is positioned until its tooltip shows (the tooltip sits at its static
// place, under the label): a positioned element is a paint layer of its own for the page's
// engine, one per badge on a long feed.
globalThis.VinculoOverlay = (() => {
  const { t, format } = globalThis.VinculoI18n;
  const MODE_ATTR = 'data-vinculo-mode';
  const REVEAL_ATTR = 'data-vinculo-reveal';
  const INTERACTIVE = 'a[href], button, [role="button"], [role="link"]';
  // anchor element → Map(kind → {host, badge, tip})
  const drawn = new WeakMap();

  // The host's box is !important: among a shadow root's own rules, that wins over anything the
  // page's styles say about the host.
  const CSS = `
    :host {
      all: initial !important; display: inline-block !important; vertical-align: middle !important;
      inline-size: 128px !important; block-size: 18px !important;
    }
    :host([data-vinculo-kind="relationship"]) { inline-size: 192px !important; block-size: 20px !important; }
    .badge {
      display: block; inline-size: fit-content; max-inline-size: calc(100% - 4px); box-sizing: border-box;
      margin-inline-start: 4px; padding: 0 6px; border-radius: 9px;
      font: 600 11px/16px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
      white-space: nowrap; cursor: help; border: 1px solid currentColor;
    }
    .label { display: block; overflow: hidden; text-overflow: ellipsis; }
    .badge:focus-visible { outline: 2px solid #0a66c2; outline-offset: 2px; }
    .vanity { color: #5c5c5c; background: #f3f2ef; font-weight: 500; font-style: italic; }
    .discussion { color: #0b5d1e; background: #e3f4e6; }
    .some_talk { color: #174a7c; background: #e4eefa; }
    .applause_only { color: #8a3c00; background: #fdeede; }
    .quiet { color: #4d4d4d; background: #efefef; }
    .relationship { font-size: 12px; line-height: 18px; }
    .strong { color: #0b5d1e; background: #e3f4e6; }
    .active { color: #174a7c; background: #e4eefa; }
    .one_way { color: #8a3c00; background: #fdeede; }
    .dormant, .ghost, .none { color: #4d4d4d; background: #efefef; }
    .dark .strong { color: #a8e6b5; background: #183a22; }
    .dark .active { color: #b3d4f5; background: #1b2f45; }
    .dark .one_way { color: #ffc999; background: #452a12; }
    .dark .dormant, .dark .ghost, .dark .none { color: #d0d0d0; background: #333; }
    .dark .vanity { color: #c9c9c9; background: #2b2f33; }
    .dark .discussion { color: #a8e6b5; background: #183a22; }
    .dark .some_talk { color: #b3d4f5; background: #1b2f45; }
    .dark .applause_only { color: #ffc999; background: #452a12; }
    .dark .quiet { color: #d0d0d0; background: #333; }
    .tip {
      display: none; position: absolute; z-index: 2147483647; margin-block-start: 5px;
      margin-inline-start: -7px; padding: 6px 8px; border-radius: 6px; max-width: 320px;
      background: #1d2226; color: #fff; font: 400 12px/16px system-ui, sans-serif;
      font-style: normal; white-space: normal; width: max-content; box-shadow: 0 2px 8px #0006;
    }
    .dark .tip { background: #f3f2ef; color: #1d2226; }
    .badge:hover .tip, .badge:focus .tip { display: block; }
  `;
  const sheetOf = lazySheet(CSS);

  // → a function giving the stylesheet of `css` for shadow roots to adopt, parsed on its first
  // call (when the first host is made), not on every page and frame the content script runs in.
  function lazySheet(css) {
    let sheet = null;
    return () => {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
      }
      return sheet;
    };
  }

  const sentence = (parts) => parts.map((p) => t(p.key, p.args)).join(' · ');

  // A badge's parts, cloned for each host: a focusable image-like mark with a full accessible
  // name (its tooltip is part of the name), its label and its tooltip. Made on the first
  // drawing, not on every page and frame the script runs in.
  let badgeTemplate = null;
  function newBadge() {
    if (!badgeTemplate) {
      badgeTemplate = document.createElement('span');
      badgeTemplate.tabIndex = 0;
      badgeTemplate.setAttribute('role', 'img');
      badgeTemplate.setAttribute('aria-describedby', 'tip');
      const label = document.createElement('span');
      label.className = 'label';
      const tip = document.createElement('span');
      tip.className = 'tip';
      tip.setAttribute('role', 'tooltip');
      tip.id = 'tip';
      badgeTemplate.append(label, tip);
    }
    return /** @type {HTMLElement} */ (badgeTemplate.cloneNode(true));
  }

  // Blur mode: the badge's hover/focus reveals the number too (keyboard users can't hover it).
  // One listener for every badge, which finds the badge's count here.
  const anchorOf = new WeakMap();
  const REVEALS = { focus: true, mouseenter: true, blur: false, mouseleave: false };
  function reveal(event) {
    anchorOf.get(event.currentTarget)?.toggleAttribute(REVEAL_ATTR, REVEALS[event.type]);
  }

  function create(anchor, overlay) {
    const host = document.createElement('span');
    host.setAttribute('data-vinculo-kind', overlay.kind);
    const root = host.attachShadow({ mode: 'closed' });
    root.adoptedStyleSheets = [sheetOf()];
    const badge = newBadge();
    const [label, tip] = badge.children;
    root.append(badge);
    anchorOf.set(badge, anchor);
    for (const type of Object.keys(REVEALS)) badge.addEventListener(type, reveal);
    besideOf(anchor).after(host);
    return { host, badge, label, tip };
  }

  // Where a badge goes: right after the count, or after the link or button holding it — never
  // inside one (a focusable badge inside a link is a nested control, and clicking it would
  // follow the link).
  function besideOf(anchor) {
    return anchor.parentElement?.closest(INTERACTIVE) ?? anchor;
  }

  // Draw (or update) one overlay beside `anchor`. `dark` follows the page's theme.
  function render(anchor, overlay, mode, dark) {
    let byKind = drawn.get(anchor);
    if (!byKind) drawn.set(anchor, (byKind = new Map()));
    let parts = byKind.get(overlay.kind);
    if (!parts || !parts.host.isConnected) {
      parts = create(anchor, overlay);
      byKind.set(overlay.kind, parts);
    }
    const words = t(overlay.label.key, overlay.label.args);
    const detail = sentence(overlay.detail);
    const level = overlay.level ?? 'vanity';
    parts.badge.className = `badge ${overlay.kind} ${level}${dark ? ' dark' : ''}`;
    parts.label.textContent = words;
    parts.tip.textContent = detail;
    const accessible = { vanity: 'vanityAccessible', conversation: 'conversationAccessible', relationship: 'relationshipAccessible' }[overlay.kind];
    // The name says what the badge is about: the count a vanity mark sits beside (its words, such
    // as the user's active relationships, are in the detail), the comments a conversation badge judges.
    let subject = words;
    if (overlay.kind === 'vanity' && overlay.number != null) subject = format(overlay.number);
    if (overlay.kind === 'conversation' && overlay.number != null) subject = t('conversationSubject', [words, overlay.number]);
    parts.badge.setAttribute('aria-label', t(accessible, [subject, detail]));
    applyMode(anchor, mode);
  }

  function applyMode(anchor, mode) {
    if (mode === 'annotate') anchor.removeAttribute(MODE_ATTR);
    else anchor.setAttribute(MODE_ATTR, mode);
  }

  return Object.freeze({ render, applyMode, lazySheet, MODE_ATTR });
})();
