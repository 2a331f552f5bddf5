// Admin: one show (any for an admin, its own for an organiser): its sales figures, its waiting room live (state,
// sizes, admission rate, seats on sale), pause, resume (reopen), drain and close, and capacity and rate changes.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { num } from '../format.js';
import { t, has, setTitle } from '../i18n.js';
import { salesSection } from './admin-sales.js';
import { outcomesSection } from './admin-outcomes.js';
import { proofSection } from './admin-proof.js';

const REFRESH_MS = 2000;
// Sales move with payments, not with every tick of the line; each refresh counts the show's orders and seats.
const SALES_REFRESH_MS = 10000;

/** What a refusal means on this page: not staff (403), or not a show of this organiser's (404). */
function refusal(error) {
  if (error.status === 403) return { title: t('admin.staffOnly.title'), detail: t('adminQueue.staffOnly.detail') };
  if (error.status === 404) return { title: t('adminQueue.notYours.title'), detail: t('adminQueue.notYours.detail') };
  return error;
}

export async function render(main, [showId]) {
  setTitle(t('adminQueue.title'));
  const base = `/api/v1/admin/shows/${showId}/queue`;
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true, id: 'admin-problem' });
  const saved = h('p', { class: 'notice', role: 'status', id: 'admin-saved' });
  const stat = (id, label) => {
    const value = h('dd', { id }, '–');
    return { value, row: h('div', { class: 'stat' }, h('dt', {}, label), value) };
  };
  const stats = Object.fromEntries(['state', 'waiting', 'working', 'capacity', 'rate', 'limit', 'total', 'seats']
    .map((name) => [name, stat(`q-${name}`, t(`adminQueue.stat.${name}`))]));
  const meter = h('meter', { id: 'q-meter', min: 0, max: 1, value: 0, 'aria-label': t('adminQueue.meter') });
  const action = (what, style) => h('button', { type: 'button', class: style, id: what, onclick: () => act(what) },
    t(`adminQueue.${what}`));
  const pauseButton = action('pause', 'secondary');
  const resumeButton = action('resume', 'primary');
  const drainButton = action('drain', 'secondary');
  const closeButton = action('close', 'secondary');
  const capacity = h('input', { id: 'capacity', name: 'capacity', type: 'number', min: 0, required: true });
  const perMinute = h('input', { id: 'admitPerMinute', name: 'admitPerMinute', type: 'number', min: 0, required: true });
  const title = h('h1', {}, t('show.heading'));
  const sales = salesSection(showId);
  const outcomes = outcomesSection(showId);
  const proof = proofSection(showId);
  mount(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/admin' }, t('nav.shows'))),
    title, problem, sales.section, outcomes.section,
    h('section', { class: 'card', 'aria-labelledby': 'live-title' },
      h('h2', { id: 'live-title' }, t('adminQueue.live')),
      h('dl', { class: 'stats', 'aria-live': 'off' }, Object.values(stats).map((s) => s.row)),
      meter,
      h('div', { class: 'actions' }, pauseButton, resumeButton, drainButton, closeButton)),
    h('form', { class: 'card', onsubmit: save, 'aria-labelledby': 'settings-title' },
      h('h2', { id: 'settings-title' }, t('adminQueue.settings')),
      h('div', { class: 'field' }, h('label', { for: 'capacity' }, t('adminQueue.capacityLabel')), capacity),
      h('div', { class: 'field' }, h('label', { for: 'admitPerMinute' }, t('adminQueue.rateLabel')), perMinute),
      h('button', { type: 'submit', class: 'primary' }, t('adminQueue.save')), saved),
    proof.section);
  api(`/api/v1/shows/${showId}`, { auth: false }).then((show) => { title.textContent = show.title; })
    .catch(() => {});

  let formFilled = false;
  function draw(s) {
    stats.state.value.textContent = s.state === 'DRAINING' && s.waiting === 0 ? t('adminQueue.state.drainedEmpty')
      : stateText(s.state);
    stats.state.value.className = `state ${String(s.state).toLowerCase()}`;
    stats.seats.value.textContent = seatsText(s);
    stats.waiting.value.textContent = num(s.waiting);
    stats.working.value.textContent = t('adminQueue.workingOf', { working: s.working, capacity: s.capacity });
    stats.capacity.value.textContent = num(s.capacity);
    stats.rate.value.textContent = num(s.admittedLastMinute);
    stats.limit.value.textContent = s.admitPerMinute ? num(s.admitPerMinute) : t('adminQueue.noLimit');
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
      saved.textContent = t(`adminQueue.done.${what}`);
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
      saved.textContent = t('adminQueue.saved');
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

  await Promise.all([load(), loadSales(), proof.load().catch(() => {})]);
  const timers = [setInterval(load, REFRESH_MS), setInterval(loadSales, SALES_REFRESH_MS)];
  return () => timers.forEach(clearInterval);
}

/** The queue's state in words; the state itself when the catalog does not know it. */
function stateText(state) {
  return has(`adminQueue.state.${state}`) ? t(`adminQueue.state.${state}`) : state;
}

/** "1,234 (12 held)"; sold out for now or for good; a dash until booking has counted the seats. */
function seatsText(s) {
  if (s.seatsAvailable === null || s.seatsAvailable === undefined) return '–';
  if (s.soldOut === 'FOR_NOW') return t('adminQueue.seats.soldOutForNow', { held: s.seatsHeld });
  if (s.soldOut === 'FOR_GOOD') return t('adminQueue.seats.soldOut');
  return s.seatsHeld ? t('adminQueue.seats.held', { available: s.seatsAvailable, held: s.seatsHeld })
    : num(s.seatsAvailable);
}
