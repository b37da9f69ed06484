// A small bar chart drawn as SVG from data (no library, no HTML strings): meaningful
// interactions per week. Colours come from CSS variables, so it follows light and dark.
globalThis.VinculoChart = (() => {
  const SVG = 'http://www.w3.org/2000/svg';

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    if (text != null) node.textContent = text;
    return node;
  }

  // weeks: [{label, value}] oldest first. Returns an <svg> with an accessible name and a
  // <title> per bar, so the figures are readable without seeing the bars.
  function weekly(weeks, { title, width = 360, height = 120 }) {
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart' });
    svg.append(el('title', {}, title));
    const max = Math.max(1, ...weeks.map((w) => w.value));
    const gap = 4;
    const top = 14;
    const bottom = 16;
    const barWidth = (width - gap * (weeks.length + 1)) / Math.max(1, weeks.length);
    svg.append(el('line', { x1: 0, x2: width, y1: height - bottom + 0.5, y2: height - bottom + 0.5, class: 'axis' }));
    weeks.forEach((week, i) => {
      const h = ((height - top - bottom) * week.value) / max;
      const x = gap + i * (barWidth + gap);
      const y = height - bottom - h;
      const bar = el('rect', { x, y, width: barWidth, height: Math.max(h, week.value ? 1 : 0), rx: 2, class: 'bar' });
      bar.append(el('title', {}, `${week.label}: ${week.value}`));
      svg.append(bar);
      if (week.value) {
        svg.append(el('text', { x: x + barWidth / 2, y: y - 3, 'text-anchor': 'middle', class: 'value' }, String(week.value)));
      }
      if (i === 0 || i === weeks.length - 1) {
        const anchor = i === 0 ? 'start' : 'end';
        svg.append(el('text', { x: i === 0 ? x : x + barWidth, y: height - 3, 'text-anchor': anchor, class: 'tick' }, week.label));
      }
    });
    return svg;
  }

  return Object.freeze({ weekly });
})();
