// The popup: the network's health at a glance and whether the open tab is being read.
(() => {
  const P = globalThis.VinculoProtocol;
  const { t } = globalThis.VinculoI18n;
  const api = globalThis.VinculoApi;

  async function tabHealth() {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    const line = document.getElementById('tab-health');
    if (!tab) return;
    const { health } = await api.runtime.sendMessage({ type: P.TAB_HEALTH, tabId: tab.id });
    if (!health) {
      line.textContent = t('healthNotRecognised');
      return;
    }
    const status = { ok: 'healthOk', partly: 'healthPartly', not_recognised: 'healthNotRecognised' }[health.status];
    line.textContent = t(status);
    if (health.missing.length) {
      line.append(document.createElement('br'), t('healthMissing', [health.missing.join(', ')]));
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    tabHealth().catch((error) => console.error('Vínculo popup:', error));
  });
})();
