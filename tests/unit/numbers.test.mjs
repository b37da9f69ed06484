// Numbers in messages are written with the separators of the locale whose messages are shown,
// by extension/i18n.js alone (no Intl in the site's page process).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';

const ROOT = new URL('../..', import.meta.url).pathname;
const messagesOf = (locale) => JSON.parse(readFileSync(join(ROOT, `extension/_locales/${locale}/messages.json`), 'utf8'));

// protocol.js and i18n.js as the browser runs them, with chrome.i18n answering from `locale`'s
// messages.json. → their globals.
function scriptsFor(locale) {
  const messages = messagesOf(locale);
  const context = {
    VinculoApi: { i18n: { getMessage: (key) => messages[key]?.message ?? '', getUILanguage: () => locale.replace('_', '-') } },
  };
  context.globalThis = context;
  vm.createContext(context);
  for (const script of ['extension/protocol.js', 'extension/i18n.js']) vm.runInContext(readFileSync(join(ROOT, script), 'utf8'), context);
  return context;
}

const i18nFor = (locale) => scriptsFor(locale).VinculoI18n;

const SAMPLES = [0, 7, 999, 1000, 12345, 1234567, -2500, 1.5, 0.125, 2057.25];

test('English groups thousands with commas and writes decimals after a point', () => {
  const { format } = i18nFor('en');
  assert.deepEqual(SAMPLES.map(format), ['0', '7', '999', '1,000', '12,345', '1,234,567', '-2,500', '1.5', '0.125', '2,057.25']);
});

test('Brazilian Portuguese groups thousands with points and writes decimals after a comma', () => {
  const { format } = i18nFor('pt_BR');
  assert.deepEqual(SAMPLES.map(format), ['0', '7', '999', '1.000', '12.345', '1.234.567', '-2.500', '1,5', '0,125', '2.057,25']);
});

test('the language chosen in the options decides, whatever the browser’s', () => {
  const { VinculoI18n: i18n, VinculoProtocol: P } = scriptsFor('en');
  assert.equal(i18n.format(1234), '1,234');
  i18n.useTexts(P.messageTexts(messagesOf('pt_BR')), 'pt-BR');
  assert.equal(i18n.format(1234), '1.234');
  assert.equal(i18n.t('tipActiveOfConnections', [3, 1500]), '3 relacionamentos ativos de 1.500 conexões');
});

test('what is not a finite number is written as it is', () => {
  const { format } = i18nFor('en');
  assert.deepEqual(['Ana', Number.NaN, Number.POSITIVE_INFINITY].map(format), ['Ana', 'NaN', 'Infinity']);
});
