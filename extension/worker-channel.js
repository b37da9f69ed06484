// How the extension's own pages (popup, options, "Your network") send the worker a message of
// the protocol (protocol.js) and get its reply. Where the worker is a service worker
// (Chromium), through the worker's own postMessage channel, with a port for the reply: both
// are copied as they are (structured clone), where runtime messaging turns them into JSON and
// back — 110–180 ms against 25–30 for the 2.9 MB of "Your network"'s rows, and an import's
// payload or an export's parts are several times that. Elsewhere (Firefox's background page),
// through runtime messaging. Content scripts never load this file: in a site's page,
// navigator.serviceWorker is the site's own.
globalThis.VinculoWorker = (() => {
  const api = globalThis.VinculoApi;
  // The extension's service worker registration, or null when its background is not one.
  const registration = (navigator.serviceWorker?.getRegistration() ?? Promise.resolve(undefined)).then(
    (found) => found ?? null,
    () => null,
  );

  /** @param {WorkerMessage} message @returns {Promise<any>} */
  async function send(message) {
    const worker = (await registration)?.active;
    if (!worker) return api.runtime.sendMessage(message);
    const channel = new MessageChannel();
    const reply = new Promise((resolve) => {
      channel.port1.onmessage = (event) => resolve(event.data);
    });
    worker.postMessage(message, [channel.port2]);
    return reply;
  }

  return Object.freeze({ send });
})();
