// The site's behaviour on the fixture pages, which have no scripts (their CSP forbids inline
// ones): installed through Playwright's evaluate, which the page's CSP does not govern. It
// toggles the reaction control a moment after a click, enables a submit button on input,
// clears an editor after a submit (preventing the real one), and counts every click, submit
// and keydown the page receives, to prove the extension itself caused none. Runs in the page.
export function mimicSite() {
  const seen = { click: 0, submit: 0, keydown: 0, untrusted: 0, sent: 0 };
  globalThis.__site = seen;
  for (const type of ['click', 'submit', 'keydown']) {
    document.addEventListener(type, (event) => {
      seen[type] += 1;
      if (!event.isTrusted) seen.untrusted += 1;
    });
  }
  const later = (fn) => setTimeout(fn, 30);
  const emptyLine = () => {
    const line = document.createElement('p');
    line.append(document.createElement('br'));
    return line;
  };
  const clear = (editor) => later(() => editor.replaceChildren(emptyLine()));
  // The React build's reaction control shows `thumbs-up-outline-small` until the user reacts,
  // then the reaction's own icon (`like-consumption-small`), as a real pt-BR feed shows.
  document.addEventListener('click', (event) => {
    const ember = event.target.closest('button.react-button__trigger');
    if (ember) {
      later(() => {
        const pressed = ember.getAttribute('aria-pressed') !== 'true';
        ember.setAttribute('aria-pressed', String(pressed));
        let label = ember.querySelector('.react-button__text');
        if (!label) ember.append((label = document.createElement('span')));
        label.className = pressed ? 'react-button__text react-button__text--like' : 'react-button__text';
      });
    }
    const icon = event.target.closest('button')?.querySelector('svg[id^="thumbs-up-"], svg[id$="-consumption-small"]');
    if (icon && !ember) {
      later(() => {
        icon.id = icon.id.startsWith('thumbs-up-') ? 'like-consumption-small' : 'thumbs-up-outline-small';
      });
    }
    // The React feed renders the comment editor only once "Add a comment…" is clicked.
    const box = event.target.closest('[componentkey^="commentBox-"]');
    const opener = box && event.target.closest('button:not([data-view-name])');
    if (opener) {
      const wrapper = document.createElement('div');
      wrapper.dataset.testid = 'ui-core-tiptap-text-editor-wrapper';
      const editor = document.createElement('div');
      editor.className = 'ProseMirror';
      editor.contentEditable = 'true';
      editor.setAttribute('role', 'textbox');
      wrapper.append(editor);
      const post = document.createElement('button');
      post.type = 'button';
      post.dataset.viewName = 'comment-post';
      post.disabled = true;
      post.textContent = 'Comment';
      box.replaceChildren(wrapper, post);
    }
    // A comment's Reply button opens a comment box inside that comment.
    const replyButton = event.target.closest('button[aria-label^="Reply to"], button[aria-label^="Responder ao"]');
    const comment = replyButton?.closest('article[data-id]');
    if (comment && !comment.querySelector('.comments-comment-box--reply')) {
      const box = document.createElement('div');
      box.className = 'comments-comment-box comments-comment-box--reply';
      box.innerHTML =
        '<form class="comments-comment-box__form"><div class="ql-editor" contenteditable="true" role="textbox">' +
        '<p><br></p></div><button class="comments-comment-box__submit-button--cr" type="submit" disabled>Reply</button></form>';
      comment.append(box);
    }
    const postButton = event.target.closest('button[data-view-name="comment-post"]');
    if (postButton) {
      seen.sent += 1;
      clear(postButton.parentElement.querySelector('[contenteditable]'));
    }
  });
  document.addEventListener('input', (event) => {
    const container = event.target.closest('form, [componentkey^="commentBox-"]');
    for (const button of container?.querySelectorAll('button[disabled]') ?? []) button.disabled = false;
  });
  document.addEventListener('submit', (event) => {
    event.preventDefault();
    seen.sent += 1;
    clear(event.target.querySelector('[contenteditable="true"]'));
  });
  document.addEventListener('keydown', (event) => {
    const editor = event.target.closest('.msg-form__contenteditable');
    if (editor && event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      seen.sent += 1;
      clear(editor);
    }
  });
}

