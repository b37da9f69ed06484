// "Your network": asks the worker for the rows as the page starts loading — a classic script in
// the head, before the page's words and the core load — since the rows are most of the wait.
// network.js takes the answer.
globalThis.VinculoNetworkAsk = (() => {
  const now = Date.now();
  performance.mark('vinculo-network-asked');
  const reply = globalThis.VinculoWorker.send({ type: globalThis.VinculoProtocol.NETWORK, now });
  return Object.freeze({ now, reply });
})();
