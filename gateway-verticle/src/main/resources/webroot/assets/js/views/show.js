// One show: its dates, its seat grades and prices, and the way into the waiting room.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { when, won, num } from '../format.js';
import { gradeClass } from './grades.js';

export async function render(main, [showId]) {
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });
  mount(main, h('h1', {}, 'Show'), h('p', { class: 'muted' }, 'Loading…'));
  let show;
  try {
    show = await api(`/api/v1/shows/${showId}`, { auth: false });
  } catch (error) {
    mount(main, h('h1', {}, 'Show'), problem);
    showProblem(problem, error);
    return;
  }
  document.title = `${show.title} · TicketPing`;
  const open = new Date(show.saleOpensAt) <= new Date();
  mount(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Shows')),
    h('h1', {}, show.title),
    h('p', { class: 'lead' }, show.venue),
    h('p', { class: open ? 'badge ok' : 'badge' }, open ? 'On sale now' : `Sale opens ${when(show.saleOpensAt)}`),
    h('section', { class: 'card', 'aria-labelledby': 'prices' },
      h('h2', { id: 'prices' }, 'Seats and prices'),
      h('table', { class: 'prices' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Grade'), h('th', { scope: 'col' }, 'Price'),
          h('th', { scope: 'col' }, 'Seats per date'))),
        h('tbody', {}, (show.grades || []).map((g) => h('tr', {},
          h('th', { scope: 'row' }, h('span', { class: `chip ${gradeClass(g.grade)}` }, g.grade)),
          h('td', {}, won(g.price)), h('td', {}, num(g.seatsPerSchedule))))))),
    h('section', { class: 'card', 'aria-labelledby': 'dates' },
      h('h2', { id: 'dates' }, 'Dates'),
      h('ul', { class: 'dates' }, show.schedules.map((s) => h('li', {},
        h('span', {}, when(s.startsAt)),
        h('a', { class: 'button primary', href: ticketsLink(showId, s.scheduleId),
          'aria-label': `Get tickets for ${when(s.startsAt)}` }, 'Get tickets'))))),
    h('p', { class: 'muted' }, 'Getting tickets puts you in a fair, first-come first-served waiting room. ',
      'Keep the page open; it updates by itself.'));
}

function ticketsLink(showId, scheduleId) {
  const target = `/queue/${showId}/${scheduleId}`;
  return session.loggedIn ? `#${target}` : `#/login?next=${encodeURIComponent(target)}`;
}
