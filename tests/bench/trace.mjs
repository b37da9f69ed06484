// Main-thread time from a Chromium trace (CDP Tracing), so the benchmark measures the content
// script without instrumenting it: every top-level task of the page's renderer main thread,
// and within each, the time spent in functions of the extension's scripts.

export async function traced(page, action) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] },
    transferMode: 'ReportEvents',
  });
  await action();
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  return events;
}

function rendererMainThread(events) {
  const named = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  return named ? { pid: named.pid, tid: named.tid } : null;
}

// → { tasks: [{ts, dur, extension}] } in milliseconds; `extension` is the part of the task
// spent in FunctionCall/EvaluateScript events whose script URL starts with `prefix`.
export function mainThreadTasks(events, prefix) {
  const main = rendererMainThread(events);
  if (!main) return [];
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur != null);
  const tasks = mine
    .filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
    .sort((a, b) => a.ts - b.ts);
  const scripts = mine
    .filter((e) => ['FunctionCall', 'EvaluateScript', 'v8.callFunction', 'TimerFire', 'FireAnimationFrame'].includes(e.name))
    .filter((e) => (e.args?.data?.url ?? e.args?.data?.stackTrace?.[0]?.url ?? '').startsWith(prefix));
  return tasks.map((task) => {
    const end = task.ts + task.dur;
    // Outermost extension script events inside this task (nested ones are not counted twice).
    let extension = 0;
    let coveredUntil = -Infinity;
    for (const s of scripts) {
      if (s.ts < task.ts || s.ts >= end || s.ts < coveredUntil) continue;
      extension += s.dur;
      coveredUntil = s.ts + s.dur;
    }
    return { ts: task.ts / 1000, dur: task.dur / 1000, extension: extension / 1000 };
  });
}

export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
