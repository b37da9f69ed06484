// The popup: the network's health at a glance, whether the open tab is being read, and an
// anonymised copy of that tab's page to save for a bug report.
// The worker holds the store and the core; the popup asks it once and draws the answer
// with text nodes only (names come from pages: they are data, never HTML).
(() => {
  const P = globalThis.VinculoProtocol;
  const { t, format, uiLang } = globalThis.VinculoI18n;
  const api = globalThis.VinculoApi;
  const $ = (id) => document.getElementById(id);
  const percent = new Intl.NumberFormat(uiLang, { style: 'percent', maximumFractionDigits: 0 });
  const DAY = 86_400_000;

  function muted(text) {
    const span = document.createElement('span');
    span.className = 'muted';
    span.textContent = ` ${text}`;
    return span;
  }

  async function tabHealth() {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    const line = $('tab-health');
    const reply = tab ? await globalThis.VinculoWorker.send({ type: P.TAB_HEALTH, tabId: tab.id }) : null;
    const health = reply?.health;
    const status = { ok: 'healthOk', partly: 'healthPartly', not_recognised: 'healthNotRecognised' }[health?.status];
    line.textContent = t(status ?? 'healthNotRecognised');
    line.dataset.status = health?.status ?? 'not_recognised';
    if (health?.user_unknown) line.append(muted(t('healthUserUnknown')));
    // What was not understood, in the user's words: the part of the page and how much of it.
    const part = (field) => {
      const key = `healthPart_${field.split('.')[0]}`;
      const name = t(key);
      return name === key ? field : name;
    };
    if (health?.missing?.length) {
      const gaps = health.missing.map((gap) => t('healthGap', [part(gap.field), gap.found, gap.seen]));
      line.append(muted(t('healthGaps', [gaps.join(', ')])));
    }
    if (health?.fallbacks?.length) {
      const parts = [...new Set(health.fallbacks.map(part))];
      line.append(muted(t('healthFallbacks', [parts.join(', ')])));
    }
    if (health?.not_saved) {
      const notSaved = document.createElement('span');
      notSaved.className = 'not-saved';
      notSaved.textContent = ` ${t('healthNotSaved', [t(health.not_saved.key, health.not_saved.args)])}`;
      line.append(notSaved);
    }
    // A tab Vínculo reads (its content script reported) can make the copy.
    if (health) {
      $('page-copy').hidden = false;
      $('save-copy').addEventListener('click', () => saveCopy(tab, health));
    }
  }

  // The content script anonymises its page; the file is made here. The anonymiser
  // (content/anonymise.js and its rules) is injected into the tab's top frame only now: the
  // site's pages do not load it on every visit.
  async function saveCopy(tab, health) {
    const status = $('save-copy-status');
    status.textContent = t('popupSaveCopyMaking');
    const reply = await api.scripting
      .executeScript({ target: { tabId: tab.id }, files: ['content/anonymise-data.js', 'content/anonymise.js'] })
      .then(() => api.tabs.sendMessage(tab.id, { type: P.ANONYMISED_COPY }, { frameId: 0 }))
      .catch((error) => console.warn('Vínculo: anonymised copy', error));
    if (!reply?.html) {
      status.textContent = t('popupSaveCopyFailed');
      return;
    }
    const day = new Date().toISOString().slice(0, 10);
    const filename = `linkedin-${health.page_kind ?? 'page'}-anonymised-${day}.html`;
    globalThis.VinculoSaveFile({ filename, mime: 'text/html', text: reply.html });
    status.textContent = t('popupSaveCopyDone', [filename]);
  }

  // One line of the warning box (the box may say several things).
  function warn(text) {
    const warning = $('store-warning');
    warning.hidden = false;
    const line = document.createElement('span');
    line.textContent = text;
    if (warning.childNodes.length) warning.append(document.createElement('br'));
    warning.append(line);
  }

  function daysAgo(at, now) {
    const days = Math.max(0, Math.floor((now - at) / DAY));
    return days === 0 ? t('whenToday') : t('whenDaysAgo', [days]);
  }

  // One person per line: a link to the profile, and why they are listed.
  function people(listId, entries, describe) {
    const list = $(listId);
    list.replaceChildren();
    if (!entries.length) {
      const empty = document.createElement('li');
      empty.className = 'muted';
      empty.textContent = t('popupNobody');
      list.append(empty);
      return;
    }
    for (const entry of entries) {
      const item = document.createElement('li');
      // The core gives the profile's URL (src/model.rs `profile_url`), when there is one.
      const url = entry.url ?? null;
      const name = url ? document.createElement('a') : document.createElement('span');
      name.textContent = entry.name || entry.key;
      if (name instanceof HTMLAnchorElement) {
        name.href = url;
        name.target = '_blank';
        name.rel = 'noopener';
      }
      const why = document.createElement('span');
      why.className = 'muted';
      why.textContent = ` — ${describe(entry)}`;
      item.append(name, why);
      list.append(item);
    }
  }

  function figures(summary) {
    $('fig-active').textContent = format(summary.active);
    $('fig-active-label').textContent = t('popupActiveOf', [summary.connections]);
    $('fig-ghost').textContent = summary.connections ? percent.format(summary.ghost_ratio) : '—';
    $('fig-ghost-label').textContent = t('popupGhosts', [summary.ghosts, summary.connections]);
    const share = summary.give_share;
    $('fig-give').textContent = share == null ? '—' : percent.format(share);
    $('fig-give-label').textContent = t(share == null ? 'popupGiveNone' : share > 0.65 ? 'popupGiveMostlyYou' : share < 0.35 ? 'popupGiveMostlyThem' : 'popupGiveBalanced');
  }

  // The chart is the core's (src/chart.rs, the same the report shows), an image: its name is
  // the alt text, and nothing in it is parsed as this page's HTML.
  function weekly(summary) {
    const total = summary.weekly.reduce((sum, week) => sum + week.meaningful, 0);
    const chart = document.createElement('img');
    chart.className = 'chart';
    chart.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(summary.chart)}`;
    chart.alt = t('popupWeeklyTitle', [total]);
    $('weekly').replaceChildren(chart);
  }

  // The weekly goal (options; off unless set): the last 7 days' meaningful exchanges, the
  // chart's last week, against it.
  async function goal(summary) {
    const target = Number((await globalThis.VinculoSettings.load(api)).weekly_goal) || 0;
    if (target <= 0) return;
    const done = summary.weekly.at(-1)?.meaningful ?? 0;
    $('goal').hidden = false;
    const progress = /** @type {HTMLProgressElement} */ ($('goal-progress'));
    progress.max = target;
    progress.value = Math.min(done, target);
    $('goal-text').textContent = done >= target ? `${t('popupGoalProgress', [done, target])} ${t('popupGoalReached')}` : t('popupGoalProgress', [done, target]);
  }

  async function summary() {
    const now = Date.now();
    const reply = await globalThis.VinculoWorker.send({ type: P.SUMMARY, now });
    if (reply?.error) throw reply;
    if (reply.problems?.length) warn(t('popupStoreProblem', [reply.problems.join(', ')]));
    if (reply.unsaved) warn(t('popupUnsaved', [reply.unsaved.count, t(reply.unsaved.key, reply.unsaved.args)]));
    const s = reply.summary;
    if (s.interactions === 0 && s.connections === 0) {
      $('first-run').hidden = false;
      return;
    }
    $('health').hidden = false;
    figures(s);
    weekly(s);
    await goal(s);
    people('owed', s.replies_owed, (o) => t('popupOwed', [t(`kind_${o.kind}`), daysAgo(o.at_ms, now)]));
    people('reconnect', s.reconnect, (tie) => t('popupLastTalked', [daysAgo(tie.last_at_ms, now)]));
    people('nurture', s.nurture, (tie) => t(`tier_${tie.tier}`));
  }

  globalThis.VinculoPageI18n.ready.then(() => {
    tabHealth().catch((error) => console.error('Vínculo popup (tab):', error));
    summary().catch((error) => {
      console.error('Vínculo popup (summary):', error);
      // The worker's reason when it has one (e.g. data from a newer Vínculo), else the core
      // did not start.
      warn(error?.key ? t(error.key, error.args ?? []) : t('popupUnavailable'));
    });
  });
})();
