// Vínculo's activity sensor: sees the user's own actions — a reaction given or taken back, a
// comment or reply submitted, a message sent — and reports them as `activity` records
// (src/capture.rs). Strictly an observer: passive capture-phase listeners on the document that
// never prevent, stop, click, type or submit anything; every control and its state comes from
// the adapter's data (reaction_button, reaction_menu, comment_box, composer, thread, post,
// comment entities), found by structure (a reaction control by its icon, not its words), none
// is written here.
//
//  click on a post's reaction control (or its picker) ── state read before, then polled until
//  │                                                    the site has changed it ── reaction /
//  │                                                    reaction_undo (with its type if shown)
//  click on a comment box's submit / a composer's send ── editor text read now, before the site
//  submit of such a form                                   clears it ── comment, reply,
//  │                                                       message_sent
//  Enter (or Ctrl+Enter) in their editor ── text read now, reported only once the site has
//                                           cleared the editor (Enter may just be a new line)
//  The same action seen twice (click then submit) is reported once.
//
// Only the user's own events count: the page can dispatch clicks, key presses and submits of
// its own (isTrusted false), and can make the browser submit a form (a script's click on a
// submit button, requestSubmit()) with a trusted submit event but no user gesture behind it.
(() => {
  const X = globalThis.VinculoExtract;

  const POLL_MS = 50;
  // How long the site may take to show a new reaction state or to clear a sent editor.
  const SETTLE_LIMIT_MS = 2000;
  // Two sightings of one action (a click, then the form's submit) come within this.
  const REPEAT_MS = 3000;
  const TYPE_FIELD = 'type_';

  function start(adapter, send) {
    const needed = ['post', 'reaction_button', 'comment_box', 'composer'];
    if (!needed.every((name) => adapter.entities?.[name])) return;
    const recent = new Map(); // written action signature → when it was reported
    // Post key → its reaction state as last reported (or as read before the first click), and
    // how many clicks are still being watched: a quick second click is judged against what
    // was reported, not against a state the site had not yet drawn.
    const reactions = new Map();

    function read(entity, element) {
      return X.readEntity(adapter, entity, element, { fields: {} });
    }

    function report(record) {
      const now = Date.now();
      if (record.text) {
        const signature = JSON.stringify([record.kind, record.target.key, record.text]);
        for (const [seen, at] of recent) if (now - at > REPEAT_MS) recent.delete(seen);
        if (recent.has(signature)) return;
        recent.set(signature, now);
      }
      try {
        send({ lang: document.documentElement.lang || '', now_ms: now, records: [{ type: 'activity', at_ms: now, ...record }] });
      } catch (error) {
        console.debug('Vínculo: activity not sent', error);
      }
    }

    // Calls `check` until it returns true or the site had its time (then `gaveUp`).
    function poll(check, gaveUp = () => {}) {
      const started = Date.now();
      const step = () => {
        try {
          if (check()) return;
          if (Date.now() - started > SETTLE_LIMIT_MS) {
            gaveUp();
            return;
          }
        } catch (error) {
          console.debug('Vínculo: activity poll', error);
          gaveUp();
          return;
        }
        setTimeout(step, POLL_MS);
      };
      // A timer, not an animation frame: a tab hidden right after the action still finishes.
      setTimeout(step, 0);
    }

    function editorText(editor) {
      if (!editor?.isConnected) return '';
      const text = (editor.innerText ?? editor.textContent ?? '').trim();
      return [...text].slice(0, adapter.max_chars).join('');
    }

    function personOf(record) {
      return {
        key: record.key || null,
        author_name: record.fields.author_name ?? null,
        author_href: record.fields.author_href ?? null,
      };
    }

    // ── Reactions ──────────────────────────────────────────────────────────────────────────
    // 'none', 'reacted:<TYPE or empty>', or null when the control shows neither.
    function reactionState(button) {
      const { fields } = read('reaction_button', button).record;
      if (fields.undone) return 'none';
      if (!fields.reacted) return null;
      const type = Object.keys(fields).find((name) => name.startsWith(TYPE_FIELD));
      return `reacted:${type ? type.slice(TYPE_FIELD.length) : ''}`;
    }

    function watchReaction(target) {
      let button = X.closestRoot(adapter, 'reaction_button', target);
      const post = X.closestRoot(adapter, 'post', button ?? target);
      if (!post) return false;
      if (!button) {
        if (!adapter.entities.reaction_menu || !X.closestRoot(adapter, 'reaction_menu', target)) return false;
        button = X.findRoots(adapter, 'reaction_button', post)[0];
        if (!button) return false;
      }
      const postRecord = read('post', post).record;
      if (!postRecord.key) return true;
      let watched = reactions.get(postRecord.key);
      if (!watched?.pending) reactions.set(postRecord.key, (watched = { state: reactionState(button), pending: 0 }));
      watched.pending += 1;
      let done = false;
      const finish = () => {
        if (!done) watched.pending -= 1;
        done = true;
        return true;
      };
      poll(() => {
        // The site may render the control anew: the post's own control then tells the state.
        if (!button.isConnected) button = post.isConnected ? X.findRoots(adapter, 'reaction_button', post)[0] : null;
        if (!button) return finish();
        const after = reactionState(button);
        if (after === null || after === watched.state) return false;
        watched.state = after;
        const type = after.slice('reacted:'.length);
        if (after === 'none') report({ kind: 'reaction_undo', target: personOf(postRecord) });
        else {
          // The hint's host, beside every reaction seen, before the worker says whether it holds one.
          globalThis.VinculoHint?.place(button, postRecord.key);
          report({ kind: 'reaction', target: personOf(postRecord), ...(type ? { reaction_type: type } : {}) });
        }
        return finish();
      }, finish);
      return true;
    }

    // ── Comments, replies, messages ────────────────────────────────────────────────────────
    // The action a comment box or composer would send now, or null (empty editor, unknown box).
    function pendingAction(box, entity) {
      const { anchors } = read(entity, box);
      const text = editorText(anchors.editor);
      if (!text) return null;
      if (entity === 'composer') return { action: messageSent(box, text), editor: anchors.editor };
      return { action: commentWritten(box, text), editor: anchors.editor };
    }

    function commentWritten(box, text) {
      const { fields } = read('comment_box', box).record;
      const parent = fields.is_reply ? X.closestRoot(adapter, 'comment', box) : null;
      if (parent) return { kind: 'reply', target: personOf(read('comment', parent).record), text };
      const post = X.closestRoot(adapter, 'post', box);
      const target = post ? personOf(read('post', post).record) : { key: null, author_name: null, author_href: null };
      return { kind: 'comment', target, text };
    }

    function messageSent(form, text) {
      let thread = adapter.entities.thread ? X.closestRoot(adapter, 'thread', form) : null;
      if (!thread && adapter.entities.thread) {
        const threads = X.findRoots(adapter, 'thread', document);
        if (threads.length === 1) thread = threads[0];
      }
      const record = thread ? read('thread', thread).record : { key: '', fields: {}, children: [] };
      let href = record.fields.counterpart_href ?? null;
      // A group's title is not a person: the name is kept only beside a profile link.
      let name = href ? (record.fields.title ?? null) : null;
      // A thread whose header was not read at all (part of a page) is one-to-one with its one
      // other sender — the rule the core applies to the thread's own messages
      // (src/capture_page.rs, thread_messages), so the send button and the thread name the
      // same person.
      if (!href && record.fields.title == null) ({ href, name } = soleOtherSender(record.children));
      const target = { key: record.key || null, author_name: name, author_href: href };
      return { kind: 'message_sent', target, text };
    }

    // The one sender of a thread's messages marked as the other side's, when every such
    // message that names its sender names the same one; else no one.
    function soleOtherSender(messages) {
      const others = messages.filter((m) => m.entity === 'message' && m.key && m.fields.from_other && m.fields.sender_href);
      const href = others[0]?.fields.sender_href ?? null;
      if (!href || others.some((m) => m.fields.sender_href !== href)) return { href: null, name: null };
      return { href, name: others[0].fields.sender_name ?? null };
    }

    // The comment box or composer holding `node`, with its entity name.
    function boxOf(node) {
      for (const entity of ['composer', 'comment_box']) {
        const box = X.closestRoot(adapter, entity, node);
        if (box) return { box, entity };
      }
      return null;
    }

    function submitClicked(target) {
      const found = boxOf(target);
      if (!found) return;
      const { anchors } = read(found.entity, found.box);
      if (!anchors.submit?.contains(target) && !anchors.send?.contains(target)) return;
      const pending = pendingAction(found.box, found.entity);
      if (pending) report(pending.action);
    }

    // Whether the user made this event: not dispatched by a script, and a submit only while a
    // key press or click of the user's is still recent (the browser's transient activation).
    function byUser(event) {
      if (!event.isTrusted) return false;
      return event.type !== 'submit' || navigator.userActivation?.isActive !== false;
    }

    // The event's element (a nodeType test: `instanceof` can fail across Firefox's Xrays).
    function elementOf(node) {
      return node?.nodeType === Node.ELEMENT_NODE ? node : null;
    }

    function onClick(event) {
      if (!byUser(event)) return;
      try {
        const target = elementOf(event.target);
        if (!target || watchReaction(target)) return;
        submitClicked(target);
      } catch (error) {
        console.debug('Vínculo: activity click', error);
      }
    }

    function onSubmit(event) {
      if (!byUser(event)) return;
      try {
        const form = elementOf(event.target);
        const found = form && boxOf(form);
        if (!found) return;
        const pending = pendingAction(found.box, found.entity);
        if (pending) report(pending.action);
      } catch (error) {
        console.debug('Vínculo: activity submit', error);
      }
    }

    function onKeydown(event) {
      if (!byUser(event)) return;
      try {
        if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.isComposing) return;
        const target = elementOf(event.target);
        const found = target && boxOf(target);
        if (!found) return;
        const pending = pendingAction(found.box, found.entity);
        if (!pending || !pending.editor.contains(target)) return;
        // Enter may only start a new line: the action counts once the site has emptied the
        // editor (sent), and not if the text is still there when the site had its time.
        poll(() => {
          if (editorText(pending.editor) && pending.editor.isConnected) return false;
          report(pending.action);
          return true;
        });
      } catch (error) {
        console.debug('Vínculo: activity keydown', error);
      }
    }

    const options = { capture: true, passive: true };
    document.addEventListener('click', onClick, options);
    document.addEventListener('submit', onSubmit, options);
    document.addEventListener('keydown', onKeydown, options);
  }

  globalThis.VinculoActivity = { start };
})();
