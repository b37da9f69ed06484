// "Your network": a thin bootstrap. The page itself is drawn by the Rust core through web-sys
// (src/web/network_page.rs); this file lends it the extension's translations, the date format
// and the worker, which holds the store and makes the rows.
import init, { startNetworkPage } from './pkg/vinculo_pages.js';

const { t } = globalThis.VinculoI18n;
const ready = init();

async function ask(message) {
  const reply = await globalThis.VinculoWorker.send(message);
  if (reply?.error) throw reply;
  return reply;
}

// Asked by network-ask.js as the page started loading.
const { now } = globalThis.VinculoNetworkAsk;
const asked = globalThis.VinculoNetworkAsk.reply.then((reply) => {
  if (reply?.error) throw reply;
  return reply;
});

globalThis.VinculoPageI18n.ready.then(async () => {
  const loading = document.getElementById('network-loading');
  try {
    const [{ rows }] = await Promise.all([asked, ready]);
    performance.mark('vinculo-network-rows');
    if (rows === '[]') {
      loading.textContent = t('networkEmpty');
      return;
    }
    // The language known only now: the options may override the browser's.
    const day = new Intl.DateTimeFormat(globalThis.VinculoI18n.uiLang, { dateStyle: 'medium' });
    performance.mark('vinculo-network-start');
    startNetworkPage(document.getElementById('network'), rows, {
      t,
      date: (ms) => day.format(new Date(ms)),
      ask,
      now,
    });
    loading.remove();
    performance.mark('vinculo-network-drawn');
    // The first frame with every row known, once painted: for the benchmark.
    requestAnimationFrame(() => setTimeout(() => performance.mark('vinculo-network-painted')));
  } catch (error) {
    console.error('Vínculo network:', error);
    loading.textContent = t('networkUnavailable', [error?.key ? t(error.key, error.args ?? []) : String(error?.error ?? error?.message ?? error)]);
  }
});
