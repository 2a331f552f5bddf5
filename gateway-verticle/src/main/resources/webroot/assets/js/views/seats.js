// The seat map of one date: seats by grade with prices and live availability; pick up to four (fewer when the show's
// ticket limit is lower), then hold them. A hold past the buyer's ticket limit for the date says how many are left.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { won, when, countdown, seatName, list } from '../format.js';
import { t, tx, setTitle } from '../i18n.js';
import { gradeClass } from './grades.js';
import { go } from '../app.js';

const MAX_SEATS = 4;
const REFRESH_MS = 3000;

export async function render(main, [showId, scheduleId]) {
  setTitle(t('seats.title'));
  const pass = session.pass(showId);
  if (!pass) {
    go(`/queue/${showId}/${scheduleId}`);
    return;
  }
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true, id: 'seat-problem' });
  mount(main, h('h1', {}, t('seats.title')), h('p', { class: 'muted' }, t('seats.loading')));
  let show;
  let seats;
  try {
    [show, { seats }] = await Promise.all([api(`/api/v1/shows/${showId}`, { auth: false }),
      api(`/api/v1/schedules/${scheduleId}/seats`, { auth: false })]);
  } catch (error) {
    mount(main, h('h1', {}, t('seats.title')), problem);
    showProblem(problem, error);
    return;
  }
  const schedule = show.schedules.find((s) => String(s.scheduleId) === String(scheduleId));
  const maxSeats = Math.min(MAX_SEATS, show.ticketLimit || MAX_SEATS);
  const byId = new Map(seats.map((s) => [s.seatId, s]));
  const buttons = new Map();
  const selected = new Set();
  const notice = h('p', { class: 'notice', role: 'status', id: 'seat-notice' });
  const timer = h('span', { class: 'timer', id: 'pass-timer' });
  const legend = h('ul', { class: 'legend', 'aria-label': t('seats.legend') });
  const picked = h('ul', { class: 'picked', id: 'picked' });
  const total = h('p', { class: 'total', id: 'total' });
  const holdButton = h('button', { type: 'button', class: 'primary', id: 'hold', onclick: hold }, t('seats.hold'));

  const rows = [...new Set(seats.map((s) => s.row))].sort((a, b) => a - b);
  const cols = Math.max(...seats.map((s) => s.col));
  const grid = h('div', { class: 'seat-grid', role: 'group', 'aria-label': t('seats.grid'), style: { '--cols': cols },
    onkeydown: arrows });
  for (const row of rows) {
    grid.append(h('span', { class: 'row-label', 'aria-hidden': 'true' }, row));
    for (const seat of seats.filter((s) => s.row === row).sort((a, b) => a.col - b.col)) {
      const button = h('button', { type: 'button', class: `seat ${gradeClass(seat.grade)}`, tabindex: -1,
        style: { 'grid-column': seat.col + 1 }, dataset: { seat: seat.seatId, row: seat.row, col: seat.col },
        onclick: () => toggle(seat.seatId) });
      buttons.set(seat.seatId, button);
      grid.append(button);
    }
  }
  const first = buttons.values().next().value;
  if (first) first.tabIndex = 0;

  mount(main,
    h('p', { class: 'crumbs' }, h('a', { href: `#/shows/${showId}` }, show.title)),
    h('h1', {}, t('seats.title')),
    h('p', { class: 'lead' }, `${show.title} · ${schedule ? when(schedule.startsAt) : ''} · ${show.venue}`),
    h('p', { class: 'muted' }, tx('seats.turnEnds', { timer, max: maxSeats, limit: show.ticketLimit || MAX_SEATS })),
    problem,
    h('div', { class: 'seat-layout' },
      h('section', { class: 'card map', 'aria-labelledby': 'map-title' },
        h('h2', { id: 'map-title', class: 'visually-hidden' }, t('seats.map')),
        legend,
        h('div', { class: 'stage', 'aria-hidden': 'true' }, t('seats.stage')),
        h('div', { class: 'seat-scroll' }, grid),
        h('p', { class: 'key muted' },
          h('span', { class: 'seat sample' }), ` ${t('seats.key.available')} `,
          h('span', { class: 'seat sample selected' }), ` ${t('seats.key.yours')} `,
          h('span', { class: 'seat sample taken' }), ` ${t('seats.key.taken')}`)),
      h('aside', { class: 'card basket', 'aria-labelledby': 'basket-title' },
        h('h2', { id: 'basket-title' }, t('seats.basket')), picked, total, notice, holdButton)));

  function paint() {
    const free = new Map();
    for (const seat of byId.values()) {
      const button = buttons.get(seat.seatId);
      const available = seat.status === 'AVAILABLE';
      const mine = selected.has(seat.seatId);
      if (available) free.set(seat.grade, (free.get(seat.grade) || 0) + 1);
      button.classList.toggle('taken', !available);
      button.classList.toggle('selected', mine);
      button.setAttribute('aria-pressed', String(mine));
      button.setAttribute('aria-disabled', String(!available));
      button.setAttribute('aria-label', t('seats.seat', { seat: seatName(seat), grade: seat.grade, price: won(seat.price),
        state: t(mine ? 'seats.state.selected' : available ? 'seats.state.available' : 'seats.state.taken') }));
      button.title = `${seatName(seat)} · ${seat.grade} · ${won(seat.price)}`;
    }
    mount(legend, (show.grades || []).map((g) => h('li', {},
      h('span', { class: `chip ${gradeClass(g.grade)}` }, g.grade), ` ${won(g.price)} · `,
      h('span', { dataset: { free: g.grade } }, t('seats.left', { count: free.get(g.grade) || 0 })))));
    const chosen = [...selected].map((id) => byId.get(id));
    mount(picked, chosen.length === 0 ? h('li', { class: 'muted' }, t('seats.none'))
      : chosen.map((seat) => h('li', {},
        h('span', { class: `chip ${gradeClass(seat.grade)}` }, seat.grade), h('span', { class: 'name' }, seatName(seat)),
        h('span', { class: 'price' }, won(seat.price)),
        h('button', { type: 'button', class: 'remove', 'aria-label': t('seats.remove.seat', { seat: seatName(seat) }),
          title: t('seats.remove'),
          onclick: () => toggle(seat.seatId) }, '✕'))));
    const sum = chosen.reduce((acc, seat) => acc + seat.price, 0);
    total.textContent = chosen.length ? t('seats.total', { amount: won(sum) }) : '';
    holdButton.disabled = chosen.length === 0;
    holdButton.textContent = chosen.length ? t('seats.hold.n', { count: chosen.length }) : t('seats.hold');
  }

  function toggle(seatId) {
    const seat = byId.get(seatId);
    if (selected.has(seatId)) {
      selected.delete(seatId);
    } else if (seat.status !== 'AVAILABLE') {
      notice.textContent = t('seats.isTaken', { seat: seatName(seat) });
      return;
    } else if (selected.size >= maxSeats) {
      notice.textContent = t('seats.max', { max: maxSeats });
      return;
    } else {
      selected.add(seatId);
    }
    notice.textContent = '';
    paint();
  }

  function arrows(event) {
    const current = event.target.closest('.seat');
    if (!current) return;
    const step = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[event.key];
    if (!step) return;
    event.preventDefault();
    const row = rows.indexOf(Number(current.dataset.row)) + step[0];
    const col = Number(current.dataset.col) + step[1];
    const target = [...buttons.values()].find((b) => Number(b.dataset.row) === rows[row] && Number(b.dataset.col) === col);
    if (target) {
      current.tabIndex = -1;
      target.tabIndex = 0;
      target.focus();
    }
  }

  async function refresh() {
    try {
      const fresh = await api(`/api/v1/schedules/${scheduleId}/seats`, { auth: false });
      const lost = [];
      for (const seat of fresh.seats) {
        byId.set(seat.seatId, seat);
        if (selected.has(seat.seatId) && seat.status !== 'AVAILABLE') {
          selected.delete(seat.seatId);
          lost.push(seatName(seat));
        }
      }
      if (lost.length) notice.textContent = t('seats.justTaken', { count: lost.length, seats: list(lost) });
      paint();
    } catch {
      // Keep the last map; the next refresh tries again.
    }
  }

  async function hold() {
    showProblem(problem, null);
    holdButton.disabled = true;
    try {
      const order = await api('/api/v1/orders', { method: 'POST', headers: { 'X-Queue-Pass': pass.pass },
        body: { scheduleId: Number(scheduleId), seatIds: [...selected] } });
      go(`/checkout/${order.orderId}`);
    } catch (error) {
      holdButton.disabled = false;
      if (error.status === 409 && Array.isArray(error.problem.seatIds)) {
        const names = error.problem.seatIds.map((id) => byId.get(id)).filter(Boolean).map(seatName);
        error.problem.seatIds.forEach((id) => {
          selected.delete(id);
          if (byId.has(id)) byId.get(id).status = 'SOLD';
        });
        showProblem(problem, { title: t('seats.sorry', { count: names.length, seats: list(names) }),
          detail: t('seats.sorry.detail') });
        paint();
        refresh();
      } else if (error.status === 409 && String(error.problem.type).endsWith('ticket-limit')) {
        showProblem(problem, { title: t('seats.limit.title'), detail: limitReached(error.problem) });
      } else if (error.status === 401 || error.status === 403) {
        session.endPass(showId);
        showProblem(problem, { title: t('seats.turnEnded.title'), detail: t('seats.turnEnded.detail') });
        mount(notice, h('a', { class: 'button', href: `#/queue/${showId}/${scheduleId}` }, t('seats.joinAgain')));
      } else {
        showProblem(problem, error);
      }
      problem.scrollIntoView({ block: 'nearest' });
    }
  }

  function limitReached({ limit, held }) {
    return t('seats.limit.detail', { limit, held });
  }

  paint();
  const tickTimer = setInterval(() => { timer.textContent = countdown(pass.expiresAt); }, 1000);
  timer.textContent = countdown(pass.expiresAt);
  const refreshTimer = setInterval(refresh, REFRESH_MS);
  return () => {
    clearInterval(tickTimer);
    clearInterval(refreshTimer);
  };
}
