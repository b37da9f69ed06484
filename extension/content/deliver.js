// Messages from the content script to the worker, delivered even when the worker is stopped
// while handling one: the browser then rejects the send without a reply, and nothing says
// whether it was recorded, so it is sent again (recording is idempotent: the same record
// yields the same interaction id). A reply — an answer or an error the worker reported to the
// user itself — ends the delivery.
globalThis.VinculoDeliver = (() => {
  const { runtime } = globalThis.VinculoApi;
  const FIRST_RETRY_MS = 250;
  // 250 ms doubled seven times: the last try comes about half a minute after the first.
  const TRIES = 8;

  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function send(message) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await runtime.sendMessage(message);
      } catch (error) {
        // An extension reloaded or removed will never answer this page again.
        const gone = /context invalidated/i.test(String(error?.message ?? error));
        if (gone || attempt === TRIES) throw error;
        await wait(FIRST_RETRY_MS * 2 ** (attempt - 1));
      }
    }
  }

  return Object.freeze({ send });
})();
