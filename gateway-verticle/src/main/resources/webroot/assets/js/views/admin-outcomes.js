// A show's outcomes for its admin or organiser: what happened in the sale, not how it stands. The admitted buyers'
// waits (a histogram), places given up or lost to silence by minute, buyers admitted → holding → paying, sell-out
// time. Charts are plain SVG built in the DOM (no markup strings, no inline styles: the CSP forbids them).
import { h, mount } from '../dom.js';
import { api } from '../api.js';
import { clock, num } from '../format.js';
import { t } from '../i18n.js';

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

/** "42 s", "3 min 5 s", "1 h 2 min" in the page's language; a dash when unknown. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) {
    return t('outcomes.unit.seconds', { n: seconds < 10 ? Math.round(seconds * 10) / 10 : Math.round(seconds) });
  }
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return t('outcomes.duration.minutes', { m: minutes, s: whole % 60 });
  return t('outcomes.duration.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** "12 (40%)": a count with its share of a whole; the count alone when the whole is nothing. */
const share = (part, whole) => (whole ? t('outcomes.share', { n: part, percent: Math.round((100 * part) / whole) })
  : num(part));

/** A bucket bound in its largest whole unit: "30 s", "5 min", "1 h". */
function bound(seconds) {
  if (seconds >= 3600) return t('outcomes.unit.hours', { n: seconds / 3600 });
  if (seconds >= 60) return t('outcomes.unit.minutes', { n: seconds / 60 });
  return t('outcomes.unit.seconds', { n: seconds });
}

/** "up to 5 s", "over 1 h": a wait bucket's label, by its upper bound (the last bucket has none). */
function bucketLabel(b) {
  return b.toSeconds === null ? t('outcomes.bucket.over', { bound: bound(b.fromSeconds) })
    : t('outcomes.bucket.upTo', { bound: bound(b.toSeconds) });
}

/**
 * A bar chart: one group per item, bars stacked by series ({key, text, className}; text(n) words a bar's count), a
 * y axis from 0 to the largest stack. Labelled for screen readers by `title`; the figures are also in the section's text.
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
          svg('title', {}, `${labelOf(item)}: ${s.text(item[s.key])}`)));
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
  const stats = Object.fromEntries([['admitted', 'o-admitted'], ['left', 'o-left'], ['timedOut', 'o-timed-out'],
    ['p50', 'o-wait-p50'], ['p90', 'o-wait-p90'], ['max', 'o-wait-max'], ['held', 'o-held'], ['paid', 'o-paid'],
    ['sellOut', 'o-sell-out']].map(([name, id]) => [name, stat(id, t(`outcomes.stat.${name}`))]));
  const waits = h('figure', { class: 'chart-box', id: 'o-waits' });
  const minutes = h('figure', { class: 'chart-box', id: 'o-minutes' });
  const section = h('section', { class: 'card', 'aria-labelledby': 'outcomes-title', id: 'outcomes' },
    h('h2', { id: 'outcomes-title' }, t('outcomes.title')),
    h('dl', { class: 'stats' }, Object.values(stats).map((s) => s.row)),
    waits, minutes,
    h('p', { class: 'muted small' }, t('outcomes.note')));
  const left = { key: 'left', className: 'left', text: (n) => t('outcomes.series.left', { n }) };
  const timedOut = { key: 'timedOut', className: 'timed-out', text: (n) => t('outcomes.series.timedOut', { n }) };

  function draw(o) {
    stats.admitted.value.textContent = num(o.admitted);
    stats.left.value.textContent = num(o.left);
    stats.timedOut.value.textContent = num(o.timedOut);
    stats.p50.value.textContent = duration(o.waitSeconds.p50);
    stats.p90.value.textContent = duration(o.waitSeconds.p90);
    stats.max.value.textContent = duration(o.waitSeconds.max);
    stats.held.value.textContent = share(o.conversion.held, o.conversion.admitted);
    stats.paid.value.textContent = share(o.conversion.paid, o.conversion.admitted);
    stats.sellOut.value.textContent = o.sellOut.seconds === null ? t('outcomes.notSoldOut')
      : duration(o.sellOut.seconds);
    mount(waits, h('figcaption', {}, t('outcomes.waits.caption')), barChart(t('outcomes.waits.chart'),
      o.waitSeconds.buckets,
      [{ key: 'count', className: 'admitted', text: (n) => t('outcomes.series.admitted', { n }) }], bucketLabel));
    const byMinute = o.byMinute.slice(-60);
    mount(minutes, h('figcaption', {}, t('outcomes.minutes.caption')), byMinute.length === 0
      ? h('p', { class: 'muted' }, t('outcomes.minutes.none'))
      : barChart(t('outcomes.minutes.chart'), byMinute, [left, timedOut], (m) => clock(m.minute)),
    h('p', { class: 'legend small' }, h('span', { class: 'key left' }), ' ', t('outcomes.legend.left'), ' ',
      h('span', { class: 'key timed-out' }), ' ', t('outcomes.legend.timedOut')));
  }

  return { section, load: async () => draw(await api(outcomesPath(showId))) };
}
