// Messages from the content script to the worker, delivered even when the worker is stopped
// while handling one: the browser then rejects the send, or answers it with nothing, and
// nothing says whether it was recorded, so it is sent again (recording is idempotent: the same record
// yields the same interaction id). A reply — an answer or an error the worker reported to the
// user itself — ends the delivery.
globalThis.VinculoDeliver = (() => {
  const { runtime } = globalThis.VinculoApi;
  // Waits double from the first to the longest; tries stop once the worker has not answered for
  // GIVE_UP_MS (it is broken, not restarting), with a warning in the page's console.
  const FIRST_RETRY_MS = 250;
  const LONGEST_RETRY_MS = 5_000;
  const GIVE_UP_MS = 5 * 60_000;

  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function send(message) {
    const started = Date.now();
    for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, LONGEST_RETRY_MS)) {
      try {
        const reply = await runtime.sendMessage(message);
        // Every handler answers with a value: none means the worker stopped before it did.
        if (reply !== undefined) return reply;
        throw new Error('no answer');
      } catch (error) {
        // An extension reloaded or removed will never answer this page again.
        const gone = /context invalidated/i.test(String(error?.message ?? error));
        if (gone || Date.now() - started > GIVE_UP_MS) {
          console.warn('Vínculo: not delivered', message.type, error);
          throw error;
        }
        await wait(delay);
      }
    }
  }

  return Object.freeze({ send });
})();
