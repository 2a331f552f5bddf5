// Admin: one show (any for an admin, its own for an organiser): its sales figures, its waiting room live (state,
// sizes, admission rate, seats on sale), pause, resume (reopen), drain and close, and capacity and rate changes.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { num } from '../format.js';
import { salesSection } from './admin-sales.js';
import { outcomesSection } from './admin-outcomes.js';

const REFRESH_MS = 2000;
// Sales move with payments, not with every tick of the line; each refresh counts the show's orders and seats.
const SALES_REFRESH_MS = 10000;

/** What a refusal means on this page: not staff (403), or not a show of this organiser's (404). */
function refusal(error) {
  if (error.status === 403) return { title: 'Admins and organisers only.', detail: 'Log in with such an account.' };
  if (error.status === 404) return { title: 'Not one of your shows.', detail: 'Pick a show from your list.' };
  return error;
}

export async function render(main, [showId]) {
  document.title = 'Show admin · TicketPing';
  const base = `/api/v1/admin/shows/${showId}/queue`;
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true, id: 'admin-problem' });
  const saved = h('p', { class: 'notice', role: 'status', id: 'admin-saved' });
  const stat = (id, label) => {
    const value = h('dd', { id }, '–');
    return { value, row: h('div', { class: 'stat' }, h('dt', {}, label), value) };
  };
  const stats = {
    state: stat('q-state', 'State'), waiting: stat('q-waiting', 'Waiting'), working: stat('q-working', 'Choosing seats'),
    capacity: stat('q-capacity', 'Capacity'), rate: stat('q-rate', 'Admitted last minute'),
    limit: stat('q-limit', 'Rate limit per minute'), total: stat('q-total', 'Admitted in all'),
    seats: stat('q-seats', 'Seats on sale'),
  };
  const meter = h('meter', { id: 'q-meter', min: 0, max: 1, value: 0, 'aria-label': 'Working set use' });
  const pauseButton = h('button', { type: 'button', class: 'secondary', id: 'pause', onclick: () => act('pause') },
    'Pause admission');
  const resumeButton = h('button', { type: 'button', class: 'primary', id: 'resume', onclick: () => act('resume') },
    'Resume / reopen');
  const drainButton = h('button', { type: 'button', class: 'secondary', id: 'drain', onclick: () => act('drain') },
    'Drain (no newcomers)');
  const closeButton = h('button', { type: 'button', class: 'secondary', id: 'close', onclick: () => act('close') },
    'Close');
  const capacity = h('input', { id: 'capacity', name: 'capacity', type: 'number', min: 0, required: true });
  const perMinute = h('input', { id: 'admitPerMinute', name: 'admitPerMinute', type: 'number', min: 0, required: true });
  const title = h('h1', {}, 'Show');
  const sales = salesSection(showId);
  const outcomes = outcomesSection(showId);
  mount(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/admin' }, 'Shows')),
    title, problem, sales.section, outcomes.section,
    h('section', { class: 'card', 'aria-labelledby': 'live-title' },
      h('h2', { id: 'live-title' }, 'Waiting room, live'),
      h('dl', { class: 'stats', 'aria-live': 'off' }, Object.values(stats).map((s) => s.row)),
      meter,
      h('div', { class: 'actions' }, pauseButton, resumeButton, drainButton, closeButton)),
    h('form', { class: 'card', onsubmit: save, 'aria-labelledby': 'settings-title' },
      h('h2', { id: 'settings-title' }, 'Settings'),
      h('div', { class: 'field' }, h('label', { for: 'capacity' }, 'Capacity (people choosing seats at once)'), capacity),
      h('div', { class: 'field' }, h('label', { for: 'admitPerMinute' }, 'Admissions per minute (0 = as fast as capacity allows)'),
        perMinute),
      h('button', { type: 'submit', class: 'primary' }, 'Save settings'), saved));
  api(`/api/v1/shows/${showId}`, { auth: false }).then((show) => { title.textContent = show.title; })
    .catch(() => {});

  let formFilled = false;
  function draw(s) {
    stats.state.value.textContent = s.state === 'DRAINING' && s.waiting === 0 ? 'DRAINING (line empty)' : s.state;
    stats.state.value.className = `state ${String(s.state).toLowerCase()}`;
    stats.seats.value.textContent = seatsText(s);
    stats.waiting.value.textContent = num(s.waiting);
    stats.working.value.textContent = `${num(s.working)} of ${num(s.capacity)}`;
    stats.capacity.value.textContent = num(s.capacity);
    stats.rate.value.textContent = num(s.admittedLastMinute);
    stats.limit.value.textContent = s.admitPerMinute ? num(s.admitPerMinute) : 'none';
    stats.total.value.textContent = num(s.admittedTotal ?? 0);
    meter.max = Math.max(1, s.capacity);
    meter.value = s.working;
    // A pause would let newcomers in again: a draining or closed queue is stopped with Close instead.
    pauseButton.disabled = s.state !== 'OPEN' && s.state !== 'PREQUEUE';
    resumeButton.disabled = !['PAUSED', 'CLOSED', 'DRAINING'].includes(s.state);
    drainButton.disabled = s.state === 'DRAINING';
    closeButton.disabled = s.state === 'CLOSED';
    if (!formFilled) {
      capacity.value = s.capacity;
      perMinute.value = s.admitPerMinute;
      formFilled = true;
    }
  }

  async function load() {
    try {
      draw(await api(base));
      showProblem(problem, null);
    } catch (error) {
      showProblem(problem, refusal(error));
    }
  }

  async function act(what) {
    try {
      draw(await api(`${base}/${what}`, { method: 'POST' }));
      saved.textContent = DONE[what];
    } catch (error) {
      showProblem(problem, error);
    }
  }

  async function save(event) {
    event.preventDefault();
    saved.textContent = '';
    try {
      draw(await api(base, { method: 'PUT',
        body: { capacity: Number(capacity.value), admitPerMinute: Number(perMinute.value) } }));
      saved.textContent = 'Saved. The next tick uses the new settings.';
      showProblem(problem, null);
    } catch (error) {
      showProblem(problem, error);
    }
  }

  async function loadSales() {
    try {
      await Promise.all([sales.load(), outcomes.load()]);
    } catch (error) {
      showProblem(problem, refusal(error));
    }
  }

  await Promise.all([load(), loadSales()]);
  const timers = [setInterval(load, REFRESH_MS), setInterval(loadSales, SALES_REFRESH_MS)];
  return () => timers.forEach(clearInterval);
}

const DONE = {
  pause: 'Admission paused; everyone keeps their place and newcomers still join the line.',
  resume: 'Open: newcomers join the line and people are let in.',
  drain: 'Draining: no newcomers; everyone already in line is still let in, in order.',
  close: 'Closed: no newcomers and nobody let in; the people waiting are told and keep their places.',
};

/** "1,234 (12 held)"; sold out for now or for good; a dash until booking has counted the seats. */
function seatsText(s) {
  if (s.seatsAvailable === null || s.seatsAvailable === undefined) return '–';
  if (s.soldOut === 'FOR_NOW') return `Sold out for now (${num(s.seatsHeld)} held)`;
  if (s.soldOut === 'FOR_GOOD') return 'Sold out';
  return s.seatsHeld ? `${num(s.seatsAvailable)} (${num(s.seatsHeld)} held)` : num(s.seatsAvailable);
}
