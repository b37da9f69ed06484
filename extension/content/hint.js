// The reaction hint, drawn read-only: after the user reacts to a post by someone they have a
// one-way or dormant tie with (the worker decides, src/network/hint.rs), a quiet note beside the
// reaction says a comment would do more for that relationship. It never clicks, types or
// submits anything; the user dismisses it, or it stays until the page changes.
//
// The page stays blind: a host of one fixed size is placed beside the reaction control of EVERY
// reaction the user gives, as the reaction is seen and before the worker decides, whether it
// ever holds a hint or not; so the site sees that a Vínculo element follows a reaction and
// nothing more — not whether it holds a hint, nor why (the tie is private). The hint lives in
// the host's closed shadow root and overflows it (positioned), so the host's own box never
// changes. Posts the user does not react to get no host at all.
globalThis.VinculoHint = (() => {
  const { t } = globalThis.VinculoI18n;
  const ATTR = 'data-vinculo-hint';
  // Post key → the hosts beside its reaction controls (the site may render a control anew).
  const byPost = new Map();
  const placed = new WeakSet();

  const CSS = `
    :host {
      all: initial !important; display: inline-block !important; vertical-align: middle !important;
      position: relative !important; inline-size: 16px !important; block-size: 16px !important;
    }
    .hint {
      position: absolute; z-index: 2147483647; inset-block-end: calc(100% + 6px); inset-inline-start: 0;
      display: flex; gap: 8px; align-items: flex-start; width: max-content; max-width: 280px;
      padding: 8px 10px; border-radius: 8px; background: #1d2226; color: #fff;
      font: 400 13px/18px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; box-shadow: 0 2px 8px #0006;
    }
    .hint[hidden] { display: none; }
    .hint.dark { background: #f3f2ef; color: #1d2226; }
    button {
      font: inherit; color: inherit; background: transparent; border: 1px solid currentColor;
      border-radius: 6px; padding: 0 6px; cursor: pointer; flex: none;
    }
    button:focus-visible { outline: 2px solid #70b5f9; outline-offset: 2px; }
  `;
  const sheetOf = globalThis.VinculoOverlay.lazySheet(CSS);

  function host() {
    const element = document.createElement('span');
    element.setAttribute(ATTR, '');
    const root = element.attachShadow({ mode: 'closed' });
    root.adoptedStyleSheets = [sheetOf()];
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.hidden = true;
    hint.setAttribute('role', 'status');
    root.append(hint);
    return { element, hint };
  }

  // A host beside the reaction control the user just used (once per control).
  function place(control, postKey) {
    if (placed.has(control)) return;
    placed.add(control);
    const made = host();
    control.after(made.element);
    let hosts = byPost.get(postKey);
    if (!hosts) byPost.set(postKey, (hosts = []));
    hosts.push(made);
  }

  // The worker said this post's reaction deserves the hint (once per post: its choice).
  function show(postKey, dark) {
    const made = byPost.get(postKey)?.find((h) => h.element.isConnected);
    if (!made) return;
    const words = document.createElement('span');
    words.textContent = t('hintComment');
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.textContent = t('hintDismiss');
    dismiss.addEventListener('click', () => {
      made.hint.hidden = true;
      made.hint.replaceChildren();
    });
    made.hint.className = `hint${dark ? ' dark' : ''}`;
    made.hint.setAttribute('aria-label', t('hintLabel'));
    made.hint.replaceChildren(words, dismiss);
    made.hint.hidden = false;
  }

  return Object.freeze({ place, show, ATTR });
})();
