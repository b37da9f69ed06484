// How the extension's own pages (popup, options, "Your network") send the worker a message of
// the protocol (protocol.js) and get its reply. Where the worker is a service worker
// (Chromium), through the worker's own postMessage channel, with a port for the reply: both
// are copied as they are (structured clone), where runtime messaging turns them into JSON and
// back — 110–180 ms against 25–30 for the 2.9 MB of "Your network"'s rows, and an import's
// payload or an export's parts are several times that. Elsewhere (Firefox's background page),
// through runtime messaging. Content scripts never load this file: in a site's page,
// navigator.serviceWorker is the site's own.
//
// On the port, the worker first says which of its runs took the message ({taken}: that run's
// start time), then answers ({reply}). Chromium tells the page nothing when it stops a worker
// that holds a message (out of memory, or an event past its five minutes): the port is neither
// answered nor closed. So while it waits, the page asks the worker every CHECK_MS which run
// it is (ALIVE: a worker busy with the message answers once it is done); an answer from
// another run than the one that took the message means that one is gone (as do two answers
// from runs that never took it: it was lost on the way), and the page gets a clear error
// (WORKER_STOPPED) instead of waiting forever. Every message can safely be sent
// again: a merge goes by id, a note is set, the rest only read.
globalThis.VinculoWorker = (() => {
  const api = globalThis.VinculoApi;
  const P = globalThis.VinculoProtocol;
  const CHECK_MS = 2000;
  const STOPPED = Object.freeze({ key: P.WORKER_STOPPED, args: [], message: 'the worker stopped before it answered' });
  // The extension's service worker registration, or null when its background is not one.
  const registration = (navigator.serviceWorker?.getRegistration() ?? Promise.resolve(undefined)).then(
    (found) => found ?? null,
    () => null,
  );

  // `message` to `worker` with a port of its own. → {reply: the worker's reply, taken(): the
  // start time of the run that took the message, null until it says so}.
  function post(worker, message) {
    const channel = new MessageChannel();
    let taken = null;
    const reply = new Promise((resolve) => {
      channel.port1.onmessage = ({ data }) => {
        if ('taken' in data) taken = data.taken;
        else {
          channel.port1.close();
          resolve(data.reply);
        }
      };
    });
    worker.postMessage(message, [channel.port2]);
    return { reply, taken: () => taken };
  }

  /** @param {WorkerMessage} message @returns {Promise<any>} */
  async function send(message) {
    const worker = (await registration)?.active;
    if (!worker) return api.runtime.sendMessage(message);
    const sent = post(worker, message);
    let waiting = true;
    let timer = 0;
    const stopped = new Promise((_, reject) => {
      // ALIVE is asked anew every CHECK_MS, whether or not the last one was answered: one
      // queued in a run that then stops is lost with it, and the next wakes a new run.
      let asked = 0;
      // When a run that never took the message first answered: how many had been asked then.
      let untakenAt = null;
      const ask = () => {
        const n = ++asked;
        post(worker, { type: P.ALIVE }).reply.then(({ started }) => {
          if (!waiting) return;
          const holder = sent.taken();
          if (holder !== null) {
            if (holder !== started) reject(STOPPED);
          } else if (untakenAt === null) {
            untakenAt = asked;
          } else if (n > untakenAt) {
            // Asked after that first answer came: the message's own {taken}, posted before
            // its run answered anything else, would have arrived by then. It was lost.
            reject(STOPPED);
          }
        });
        timer = setTimeout(ask, CHECK_MS);
      };
      timer = setTimeout(ask, CHECK_MS);
    });
    try {
      return await Promise.race([sent.reply, stopped]);
    } finally {
      waiting = false;
      clearTimeout(timer);
    }
  }

  return Object.freeze({ send });
})();
