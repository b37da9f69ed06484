// Main-thread time from a Chromium trace (CDP Tracing), so the benchmark measures the content
// script without instrumenting it: every top-level task of the page's renderer main thread,
// and within each, the time spent in the extension's scripts.
//
// That time comes from the trace's CPU samples: a sample counts when a function of the
// extension's scripts is on its stack, so it includes what they make the engine do (queries,
// forced style) and the code run from promise callbacks, such as drawing the worker's answer —
// which no trace event names as the extension's.

export async function traced(page, action) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-v8.cpu_profiler'],
    },
    transferMode: 'ReportEvents',
  });
  await action();
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  return events;
}

// The page's renderer main thread: of the renderer main threads in the trace (an extension's
// page has one too), the busiest.
function rendererMainThread(events) {
  const busy = new Map();
  for (const e of events) {
    if (e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')) {
      const at = `${e.pid}:${e.tid}`;
      busy.set(at, (busy.get(at) ?? 0) + e.dur);
    }
  }
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  mains.sort((a, b) => (busy.get(`${b.pid}:${b.tid}`) ?? 0) - (busy.get(`${a.pid}:${a.tid}`) ?? 0));
  return mains[0] ? { pid: mains[0].pid, tid: mains[0].tid } : null;
}

// → [{ts, dur}] in microseconds: the thread's CPU samples with a function of a script whose URL
// starts with `prefix` on the stack.
function samplesIn(events, main, prefix) {
  const profile = events.find((e) => e.name === 'Profile' && e.pid === main.pid && e.tid === main.tid);
  if (!profile) return [];
  const chunks = events.filter((e) => e.name === 'ProfileChunk' && e.id === profile.id && e.pid === main.pid);
  const ours = new Map(); // node id → whether its frame or an ancestor's is the extension's
  let ts = profile.args.data.startTime;
  const out = [];
  for (const chunk of chunks) {
    const data = chunk.args.data;
    for (const node of data.cpuProfile?.nodes ?? []) {
      ours.set(node.id, (node.callFrame.url ?? '').startsWith(prefix) || Boolean(ours.get(node.parent)));
    }
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const previous = ts;
      ts += deltas[i] ?? 0;
      // A sample stands for the time since the one before it.
      if (ours.get(samples[i])) out.push({ ts: previous, dur: ts - previous });
    }
  }
  return out;
}

// How many times the page's layout was computed: each one a frame in which the page changed.
export function layouts(events) {
  const main = rendererMainThread(events);
  return main ? events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.name === 'Layout').length : 0;
}

// → { tasks: [{ts, dur, extension}] } in milliseconds; `extension` is the part of the task
// spent in scripts whose URL starts with `prefix`.
export function mainThreadTasks(events, prefix) {
  const main = rendererMainThread(events);
  if (!main) return [];
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur != null);
  const tasks = mine
    .filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
    .sort((a, b) => a.ts - b.ts);
  const samples = samplesIn(events, main, prefix);
  let s = 0;
  return tasks.map((task) => {
    const end = task.ts + task.dur;
    let extension = 0;
    while (s < samples.length && samples[s].ts < task.ts) s++;
    for (; s < samples.length && samples[s].ts < end; s++) extension += Math.min(samples[s].dur, end - samples[s].ts);
    return { ts: task.ts / 1000, dur: task.dur / 1000, extension: extension / 1000 };
  });
}

// → Map(trace event name → its own CPU time in ms on the page's renderer main thread: the
// event's thread time less that of the events nested in it), e.g. PrePaint, Layout,
// FunctionCall. The with/without difference per phase says where the extension's cost lies.
export function phaseTimes(events) {
  const main = rendererMainThread(events);
  const self = new Map();
  if (!main) return self;
  const mine = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur != null && e.tdur != null)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const open = [];
  for (const e of mine) {
    while (open.length && open.at(-1).ts + open.at(-1).dur <= e.ts) open.pop();
    const parent = open.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.tdur / 1000);
    self.set(e.name, (self.get(e.name) ?? 0) + e.tdur / 1000);
    open.push(e);
  }
  return self;
}

export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
