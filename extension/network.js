// "Your network": a thin bootstrap. The page itself is drawn by the Rust core through web-sys
// (src/web/network_page.rs); this file lends it the extension's translations, the date format
// and the worker, which holds the store and makes the rows.
import init, { startNetworkPage } from './pkg/vinculo.js';

const P = globalThis.VinculoProtocol;
const api = globalThis.VinculoApi;
const { t, uiLang } = globalThis.VinculoI18n;
const ready = init();

async function ask(message) {
  const reply = await api.runtime.sendMessage(message);
  if (reply?.error) throw reply;
  return reply;
}

// Asked at once, while the page's words and the core load: the rows are most of the wait.
const now = Date.now();
performance.mark('vinculo-network-asked');
const asked = ask({ type: P.NETWORK, now });

globalThis.VinculoPageI18n.ready.then(async () => {
  const loading = document.getElementById('network-loading');
  try {
    const [{ rows }] = await Promise.all([asked, ready]);
    performance.mark('vinculo-network-rows');
    if (rows === '[]') {
      loading.textContent = t('networkEmpty');
      return;
    }
    const day = new Intl.DateTimeFormat(uiLang, { dateStyle: 'medium' });
    performance.mark('vinculo-network-start');
    startNetworkPage(document.getElementById('network'), rows, {
      t,
      date: (seconds) => day.format(new Date(seconds * 1000)),
      ask,
      now,
    });
    loading.remove();
    performance.mark('vinculo-network-drawn');
    // The first paint with every row known: for the benchmark.
    requestAnimationFrame(() => performance.mark('vinculo-network-painted'));
  } catch (error) {
    console.error('Vínculo network:', error);
    loading.textContent = t('networkUnavailable', [error?.key ? t(error.key, error.args ?? []) : String(error?.error ?? error?.message ?? error)]);
  }
});
