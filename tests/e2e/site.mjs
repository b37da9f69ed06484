// The site's own behaviour on the corpus pages. The real pages (tests/fixtures/real) have no
// scripts: the captured ones were stripped, and the test server's CSP forbids inline ones. What
// LinkedIn's scripts do after the user's click or key press is emulated here, on the real
// markup, through Playwright's evaluate (which the page's CSP does not govern). Each emulation
// below says which real behaviour it stands for and where its markup comes from; none of it
// is read by the extension except as the page's DOM, as on the live site.
//
// The same handlers count every click, submit and keydown the page receives (and how many of
// them no user made), to prove the extension itself caused none.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './harness.mjs';

// Installs the emulations in a page: `page.evaluate(mimicSite, options)`. Runs in the page.
//
// options.words        {none, liked}: the reaction control's state as its label words it in the
//                      page's language, after the colon (feed-react-pt-1 shows both: "Situação do
//                      botão de reação: nenhuma reação" and "…: Gostei"); without them the label
//                      is left as it is.
// options.commentBox   an open React comment box as a corpus page shows it ({html, token}:
//                      `openCommentBox` below), for a post whose box the user opens.
// options.submitWords  {comment, post}: the words of the React comment button and of the older
//                      front end's comment button in the page's language.
export function mimicSite(options = {}) {
  const { words = null, commentBox = null, submitWords = { comment: 'Comment', post: 'Post' } } = options ?? {};
  const seen = { click: 0, submit: 0, keydown: 0, untrusted: 0, sent: 0 };
  globalThis.__site = seen;
  for (const type of ['click', 'submit', 'keydown']) {
    document.addEventListener(type, (event) => {
      seen[type] += 1;
      if (!event.isTrusted) seen.untrusted += 1;
    });
  }
  // The React pages require Trusted Types for HTML (their CSP: `require-trusted-types-for
  // 'script'; trusted-types default jSecure …`): like the site's own scripts, markup goes
  // through a policy the page names.
  const policy = globalThis.trustedTypes?.createPolicy('jSecure', { createHTML: (html) => html });
  const html = (text) => (policy ? policy.createHTML(text) : text);
  // The site answers a moment after the event, as the live site does (it waits for its own
  // state and, for a reaction, its request).
  const later = (fn) => setTimeout(fn, 30);

  // Sending empties an editor back to how the page showed it empty (a ProseMirror paragraph
  // with its placeholder, a Quill `<p><br></p>`): its markup is kept before the user's first
  // edit and put back.
  const emptyMarkup = new WeakMap();
  document.addEventListener(
    'beforeinput',
    (event) => {
      const editor = event.target.closest?.('[contenteditable="true"]');
      if (editor && !emptyMarkup.has(editor) && !editor.innerText.trim()) emptyMarkup.set(editor, editor.innerHTML);
    },
    true,
  );
  const empty = (editor) => {
    if (editor && emptyMarkup.has(editor)) editor.innerHTML = html(emptyMarkup.get(editor));
    else if (editor) editor.replaceChildren(Object.assign(document.createElement('p'), { innerHTML: html('<br>') }));
  };

  const REACT_REACTION = 'button:has(svg[id^="thumbs-up-"]), button:has(svg[id$="-consumption-small"])';
  const POST = '[componentkey^="expanded"][componentkey*="FeedType_"]';
  const REACT_BOX = '[componentkey^="commentBox-"]';

  document.addEventListener('click', (event) => {
    const target = event.target;

    // The older front end's reaction control (post-detail-ember-it-1: `button.react-button__trigger`
    // with aria-pressed="false" and its text in `span.react-button__text`): the site presses it
    // and marks the text `react-button__text--like` (the class public LinkedIn automations test
    // on the live site to tell a liked post), and releases both on the next click.
    const ember = target.closest('button.react-button__trigger');
    if (ember) {
      later(() => {
        const pressed = ember.getAttribute('aria-pressed') !== 'true';
        ember.setAttribute('aria-pressed', String(pressed));
        ember.querySelector('.react-button__text')?.classList.toggle('react-button__text--like', pressed);
      });
    }

    // The React front end's reaction control: a thumbs-up outline (`thumbs-up-outline-small`)
    // until the user reacts, then the reaction's own icon (`like-consumption-small`); the label
    // says the state after its colon. Both states are on feed-react-pt-1 (31 controls, and one
    // post the user had liked). The count beside the icon, which the site also moves by one,
    // is left as it is.
    const react = !ember && target.closest(REACT_REACTION);
    if (react) {
      later(() => {
        const icon = react.querySelector('svg[id^="thumbs-up-"], svg[id$="-consumption-small"]');
        const liked = icon.id.startsWith('thumbs-up-');
        icon.id = liked ? 'like-consumption-small' : 'thumbs-up-outline-small';
        const label = react.getAttribute('aria-label');
        if (words && label?.includes(': ')) {
          react.setAttribute('aria-label', `${label.slice(0, label.lastIndexOf(': '))}: ${liked ? words.liked : words.none}`);
        }
      });
    }

    // The React front end renders a post's comment box only once the user opens it with the
    // post's comment button (the one with the `comment-` icon): the box is the open one of a
    // corpus page (`openCommentBox`), placed where real posts show it — right after the post's
    // `<token>-replaceableCommentTools…` element, its `commentBox-<token>…` key taking this
    // post's token, as on feed-react-pt-1 and feed-react-en-2.
    const opener = commentBox && target.closest('button:has(svg[id^="comment-"])');
    const post = opener?.closest(POST);
    if (post && !opener.closest('[componentkey^="replaceableComment_"]') && !post.querySelector(REACT_BOX)) {
      const tools = post.querySelector('[componentkey*="-replaceableCommentTools"]');
      if (tools) {
        const token = tools.getAttribute('componentkey').split('-replaceableCommentTools')[0];
        const holder = document.createElement('template');
        holder.innerHTML = html(commentBox.html.replaceAll(commentBox.token, token));
        tools.after(holder.content);
      }
    }

    // The older front end opens a reply box inside the comment whose Reply button was clicked:
    // a comment box like the post's, marked `comments-comment-box--reply` (public automations
    // of the live site find it by that class and its comment by closest('article…')). It is
    // the page's own comment box (post-detail-ember-it-1's form), cloned empty. (The site may
    // also pre-fill a mention of the comment's author; not emulated.)
    const replyButton = target.closest('button[class*="reply-action-button"]');
    const comment = replyButton?.closest('article.comments-comment-entity');
    const postBox = comment && document.querySelector('.comments-comment-box--cr:not(.comments-comment-box--reply)');
    if (postBox && !comment.querySelector('.comments-comment-box--reply')) {
      const box = postBox.cloneNode(true);
      box.classList.add('comments-comment-box--reply');
      for (const element of [box, ...box.querySelectorAll('[id]')]) element.removeAttribute('id');
      box.querySelector('.comments-comment-box__submit-button--cr')?.remove();
      const editor = box.querySelector('.ql-editor');
      editor.innerHTML = html('<p><br></p>');
      editor.classList.add('ql-blank');
      comment.append(box);
    }

    // Posting a React comment: the site sends it, empties the editor and takes the button away.
    const postButton = target.closest('button[data-view-name="comment-post"]');
    if (postButton) {
      seen.sent += 1;
      const box = postButton.closest(REACT_BOX);
      later(() => {
        empty(box?.querySelector('[contenteditable="true"]'));
        postButton.remove();
      });
    }
  });

  document.addEventListener('input', (event) => {
    const editor = event.target.closest?.('[contenteditable="true"]');
    if (!editor) return;
    const written = Boolean(editor.innerText.trim());
    // The React comment button appears once the user has typed: no corpus page shows it (their
    // open boxes are empty); public automations of the live React feed click it as
    // `button[data-view-name="comment-post"]` and scope it by the `commentBox-…` element.
    // Where inside that element it sits is not known: here, after the editor.
    const reactBox = editor.closest(REACT_BOX);
    if (reactBox && written && !reactBox.querySelector('button[data-view-name="comment-post"]')) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.viewName = 'comment-post';
      button.textContent = submitWords.comment;
      reactBox.append(button);
    }
    // The older front end's comment form shows its "Post" button once there is text
    // (post-detail-ember-it-1's empty form has none, and an empty `div.display-flex.align-
    // items-center` at the end of its tool row, where it goes): the adapter's first strategy
    // and the class public automations click on the live site.
    const form = editor.closest('form.comments-comment-box__form');
    if (form && written && !form.querySelector('.comments-comment-box__submit-button--cr')) {
      const button = document.createElement('button');
      button.type = 'submit';
      button.className = 'comments-comment-box__submit-button--cr artdeco-button artdeco-button--primary';
      button.textContent = submitWords.post;
      const slots = form.querySelectorAll('.display-flex.align-items-center');
      (slots[slots.length - 1] ?? form).append(button);
    }
    // The messaging composer's Send button is disabled while the editor is empty (both corpus
    // threads show `button.msg-form__send-button[type=submit][disabled]`).
    const send = editor.closest('form.msg-form')?.querySelector('button.msg-form__send-button');
    if (send) send.disabled = !written;
  });

  // A comment form or the message composer submitted: the site sends it (not the browser:
  // the real page submits nothing), empties the editor, takes a comment's "Post" button away
  // and disables Send again.
  document.addEventListener('submit', (event) => {
    event.preventDefault();
    seen.sent += 1;
    const form = event.target;
    later(() => {
      empty(form.querySelector('[contenteditable="true"]'));
      form.querySelector('.comments-comment-box__submit-button--cr')?.remove();
      const send = form.querySelector('button.msg-form__send-button');
      if (send) send.disabled = true;
    });
  });

  // Enter in the message editor sends when the user chose "Press Enter to Send" in the
  // composer's send options (both corpus threads have that `msg-form__send-toggle`); Shift+Enter
  // is a new line, which the browser's own editing makes.
  document.addEventListener('keydown', (event) => {
    const editor = event.target.closest?.('.msg-form__contenteditable');
    if (editor && event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      seen.sent += 1;
      later(() => {
        empty(editor);
        const send = editor.closest('form.msg-form')?.querySelector('button.msg-form__send-button');
        if (send) send.disabled = true;
      });
    }
  });
}

// An open React comment box as `fixture` shows it, for `mimicSite`'s options: the section of
// the post that holds the `commentBox-<token>…` element (the child of the post's container
// right after its `replaceableCommentTools` element), and the token its keys carry. Read with
// the browser's parser, in a blank page of `context`.
export async function openCommentBox(context, fixture) {
  const html = readFileSync(join(FIXTURES, `${fixture}.html`), 'utf8');
  const page = await context.newPage();
  try {
    return await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'text/html');
      const box = doc.querySelector('[componentkey^="commentBox-"]');
      let section = box;
      while (section.parentElement && !section.parentElement.querySelector(':scope > [componentkey*="-replaceableCommentTools"]')) {
        section = section.parentElement;
      }
      const token = box.getAttribute('componentkey').slice('commentBox-'.length).split('-')[0];
      return { html: section.outerHTML, token };
    }, html);
  } finally {
    await page.close();
  }
}
