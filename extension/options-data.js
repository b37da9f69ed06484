// Options → Your data: export (a download made here, nothing sent anywhere), import of the
// site's data archive or of a Vínculo backup, and wipe. The archive is read here, in the
// page, by the pages' wasm module (so a bad file never touches the store, and the worker's
// module carries no archive reader); the import crosses to the worker — the store's single
// writer — as ONE string, the store's own parts (src/pages.rs), which its core merges.
// An export is made here too, from the parts storage holds, which the worker hands over.
import init, { exportFile, prepareArchives, prepareBackup, prepareCsvFiles } from './pkg/vinculo_pages.js';

const P = globalThis.VinculoProtocol;
const api = globalThis.VinculoApi;
const { t, uiLang } = globalThis.VinculoI18n;
const $ = (id) => document.getElementById(id);
const ready = init();

// The report's and the CSV's labels: the messages of the language this page is shown in,
// from the extension's own packaged file (its own origin, not a network request).
async function reportMessages() {
  const locale = P.LOCALES[uiLang] ?? 'en';
  return (await fetch(api.runtime.getURL(`_locales/${locale}/messages.json`))).json();
}

// The core's errors arrive as {key, args, message}: the key names a message in _locales.
const explain = (error) => (error?.key ? t(error.key, error.args ?? []) : String(error?.message ?? error));

/** @param {WorkerMessage} message */
async function ask(message) {
  const reply = await globalThis.VinculoWorker.send(message);
  if (reply?.error) throw reply.key ? { key: reply.key, args: reply.args ?? [], message: reply.error } : new Error(reply.error);
  return reply;
}

function report(lines, isError = false) {
  const box = $('import-report');
  box.replaceChildren();
  box.classList.toggle('warning', isError);
  const list = document.createElement('ul');
  for (const line of lines) {
    const item = document.createElement('li');
    item.textContent = line;
    list.append(item);
  }
  box.append(list);
}

async function importFiles(files) {
  await ready;
  const zips = files.filter((f) => /\.zip$/i.test(f.name));
  const csvs = files.filter((f) => /\.csv$/i.test(f.name));
  const jsons = files.filter((f) => /\.json$/i.test(f.name));
  const lines = [];
  if (jsons.length) {
    for (const file of jsons) {
      // Throws a clear error on a bad or newer export, before anything is recorded.
      const backup = prepareBackup(await file.text());
      const { added, clamped } = await ask({ type: P.MERGE, payload: backup.payload });
      lines.push(t('importBackupDone', [file.name, added]));
      if (clamped) lines.push(t('importFutureClamped', [clamped]));
    }
  }
  if (zips.length || csvs.length) {
    const bytes = async (file) => new Uint8Array(await file.arrayBuffer());
    const prepared = zips.length
      ? prepareArchives(await Promise.all(zips.map(bytes)))
      : prepareCsvFiles(csvs.map((f) => f.name), await Promise.all(csvs.map(bytes)));
    const { added, duplicates, clamped } = await ask({ type: P.MERGE, payload: prepared.payload });
    lines.push(t('importArchiveDone', [added, duplicates, prepared.counterparts]));
    if (clamped) lines.push(t('importFutureClamped', [clamped]));
    for (const file of prepared.files) {
      const skipped = file.rows_skipped.reduce((sum, [, n]) => sum + n, 0);
      let line = t('importFileLine', [file.name, file.rows_read, file.interactions_made, skipped]);
      if (file.rows_skipped.length) line += ` (${file.rows_skipped.map(([why, n]) => `${t(why)}: ${n}`).join("; ")})`;
      if (file.problem) line += ` — ${explain(file.problem)}`;
      lines.push(line);
    }
    if (prepared.missing.length) lines.push(t('importMissing', [prepared.missing.join(', ')]));
  }
  if (!lines.length) lines.push(t('importNothing'));
  report(lines);
}

globalThis.VinculoPageI18n.ready.then(() => {
  for (const format of ['json', 'csv', 'html']) {
    $(`export-${format}`).addEventListener('click', async () => {
      try {
        const { parts } = await ask({ type: P.STORE_PARTS });
        const current = await globalThis.VinculoSettings.load(api);
        await ready;
        globalThis.VinculoSaveFile(exportFile(parts, format, Date.now(), uiLang, await reportMessages(), current));
      } catch (error) {
        report([explain(error)], true);
      }
    });
  }
  $('import-file').addEventListener('change', async (event) => {
    const input = /** @type {HTMLInputElement} */ (event.target);
    const files = [...input.files];
    if (!files.length) return;
    report([t('importWorking')]);
    try {
      await importFiles(files);
    } catch (error) {
      // A worker that stopped before answering may have saved the import: not "nothing".
      report([error?.key === P.WORKER_STOPPED ? explain(error) : t('importFailed', [explain(error)])], true);
    } finally {
      input.value = '';
    }
  });
  $('wipe').addEventListener('click', async () => {
    if (!confirm(t('wipeConfirm'))) return;
    await ask({ type: P.WIPE });
    report([t('wipeDone')]);
  });
});
