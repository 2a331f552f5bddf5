// A show's outcomes for its admin or organiser: what happened in the sale, not how it stands. The admitted buyers'
// waits (a histogram), places given up or lost to silence by minute, buyers admitted → holding → paying, sell-out
// time. Charts are plain SVG built in the DOM (no markup strings, no inline styles: the CSP forbids them).
import { h, mount } from '../dom.js';
import { api } from '../api.js';
import { num } from '../format.js';

export const outcomesPath = (showId) => `/api/v1/admin/shows/${showId}/outcomes`;

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 10, right: 10, bottom: 34, left: 44 };

/** An SVG element with attributes and children (text children become text nodes). */
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([key, value]) => el.setAttribute(key, String(value)));
  children.flat().forEach((child) => el.append(child instanceof Node ? child : document.createTextNode(String(child))));
  return el;
}

/** "42 s", "3 min 5 s", "1 h 2 min"; a dash when unknown. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const share = (part, whole) => (whole ? ` (${Math.round((100 * part) / whole)}%)` : '');

/** "0–1 s", "5–10 s", "≥ 1 h": a wait bucket's label. */
function bucketLabel(b) {
  const short = (s) => (s >= 3600 ? `${s / 3600} h` : s >= 60 ? `${s / 60} min` : `${s} s`);
  return b.toSeconds === null ? `≥ ${short(b.fromSeconds)}` : `${short(b.fromSeconds)}–${short(b.toSeconds)}`;
}

/**
 * A bar chart: one group per item, bars stacked by series ({key, label, className}), a y axis from 0 to the
 * largest stack. Labelled for screen readers by `title`; the figures are also in the section's text.
 */
export function barChart(title, items, series, labelOf) {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const top = Math.max(1, ...items.map((item) => series.reduce((sum, s) => sum + item[s.key], 0)));
  const step = plotW / Math.max(1, items.length);
  const barW = Math.max(2, step * 0.7);
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', role: 'img', 'aria-label': title },
    svg('title', {}, title),
    svg('line', { x1: PAD.left, y1: PAD.top + plotH, x2: WIDTH - PAD.right, y2: PAD.top + plotH, class: 'axis' }),
    svg('text', { x: PAD.left - 6, y: PAD.top + 4, class: 'tick end' }, num(top)),
    svg('text', { x: PAD.left - 6, y: PAD.top + plotH, class: 'tick end' }, '0'));
  // Label every bar when few, else about eight of them, so labels never overlap.
  const every = Math.max(1, Math.ceil(items.length / 8));
  items.forEach((item, i) => {
    const x = PAD.left + i * step + (step - barW) / 2;
    let y = PAD.top + plotH;
    series.forEach((s) => {
      const height = (item[s.key] / top) * plotH;
      if (height > 0) {
        y -= height;
        chart.append(svg('rect', { x, y, width: barW, height, class: `bar ${s.className}` },
          svg('title', {}, `${labelOf(item)}: ${num(item[s.key])} ${s.label}`)));
      }
    });
    if (i % every === 0) {
      chart.append(svg('text', { x: x + barW / 2, y: HEIGHT - PAD.bottom + 16, class: 'tick middle' }, labelOf(item)));
    }
  });
  return chart;
}

/** The outcomes card of the show page; load() fetches and draws the figures (it throws what the API refused). */
export function outcomesSection(showId) {
  const stat = (id, label) => {
    const value = h('dd', { id }, '–');
    return { value, row: h('div', { class: 'stat' }, h('dt', {}, label), value) };
  };
  const stats = {
    admitted: stat('o-admitted', 'Admitted'), left: stat('o-left', 'Left the line'),
    timedOut: stat('o-timed-out', 'Timed out (stopped polling)'), p50: stat('o-wait-p50', 'Median wait'),
    p90: stat('o-wait-p90', '90% waited at most'), max: stat('o-wait-max', 'Longest wait'),
    held: stat('o-held', 'Buyers who held seats'), paid: stat('o-paid', 'Buyers who paid'),
    sellOut: stat('o-sell-out', 'Sold out after'),
  };
  const waits = h('figure', { class: 'chart-box', id: 'o-waits' });
  const minutes = h('figure', { class: 'chart-box', id: 'o-minutes' });
  const section = h('section', { class: 'card', 'aria-labelledby': 'outcomes-title', id: 'outcomes' },
    h('h2', { id: 'outcomes-title' }, 'Outcomes'),
    h('dl', { class: 'stats' }, Object.values(stats).map((s) => s.row)),
    waits, minutes,
    h('p', { class: 'muted small' }, 'What happened so far, recorded as it happened; the newest second may show a '
      + 'moment later.'));

  function draw(o) {
    stats.admitted.value.textContent = num(o.admitted);
    stats.left.value.textContent = num(o.left);
    stats.timedOut.value.textContent = num(o.timedOut);
    stats.p50.value.textContent = duration(o.waitSeconds.p50);
    stats.p90.value.textContent = duration(o.waitSeconds.p90);
    stats.max.value.textContent = duration(o.waitSeconds.max);
    stats.held.value.textContent = num(o.conversion.held) + share(o.conversion.held, o.conversion.admitted);
    stats.paid.value.textContent = num(o.conversion.paid) + share(o.conversion.paid, o.conversion.admitted);
    stats.sellOut.value.textContent = o.sellOut.seconds === null ? 'Not sold out' : duration(o.sellOut.seconds);
    mount(waits, h('figcaption', {}, 'Waits of admitted buyers'), barChart('Admitted buyers by wait',
      o.waitSeconds.buckets, [{ key: 'count', label: 'buyers', className: 'admitted' }], bucketLabel));
    const byMinute = o.byMinute.slice(-60);
    mount(minutes, h('figcaption', {}, 'Places given up, by minute'), byMinute.length === 0
      ? h('p', { class: 'muted' }, 'Nobody has given up a place.')
      : barChart('Places given up by minute', byMinute, [
        { key: 'left', label: 'left', className: 'left' },
        { key: 'timedOut', label: 'timed out', className: 'timed-out' }],
      (m) => new Date(m.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })),
      h('p', { class: 'legend small' }, h('span', { class: 'key left' }), ' left ',
        h('span', { class: 'key timed-out' }), ' timed out'));
  }

  return { section, load: async () => draw(await api(outcomesPath(showId))) };
}
