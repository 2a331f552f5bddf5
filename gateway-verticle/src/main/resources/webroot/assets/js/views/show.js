// One show: its dates, its seat grades and prices, and the way into the waiting room.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { when, won, num } from '../format.js';
import { t, setTitle } from '../i18n.js';
import { enableAlertsOnce } from '../turn-alert.js';
import { gradeClass } from './grades.js';

export async function render(main, [showId]) {
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });
  mount(main, h('h1', {}, t('show.heading')), h('p', { class: 'muted' }, t('common.loading')));
  let show;
  try {
    show = await api(`/api/v1/shows/${showId}`, { auth: false });
  } catch (error) {
    mount(main, h('h1', {}, t('show.heading')), problem);
    showProblem(problem, error);
    return;
  }
  setTitle(show.title);
  const open = new Date(show.saleOpensAt) <= new Date();
  mount(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, t('nav.shows'))),
    h('h1', {}, show.title),
    h('p', { class: 'lead' }, show.venue),
    h('p', { class: open ? 'badge ok' : 'badge' },
      open ? t('show.onSale') : t('show.opens', { when: when(show.saleOpensAt) })),
    h('section', { class: 'card', 'aria-labelledby': 'prices' },
      h('h2', { id: 'prices' }, t('show.prices')),
      h('table', { class: 'prices' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('show.grade')), h('th', { scope: 'col' }, t('show.price')),
          h('th', { scope: 'col' }, t('show.seatsPerDate')))),
        h('tbody', {}, (show.grades || []).map((g) => h('tr', {},
          h('th', { scope: 'row' }, h('span', { class: `chip ${gradeClass(g.grade)}` }, g.grade)),
          h('td', {}, won(g.price)), h('td', {}, num(g.seatsPerSchedule))))))),
    h('section', { class: 'card', 'aria-labelledby': 'dates' },
      h('h2', { id: 'dates' }, t('show.dates')),
      h('ul', { class: 'dates' }, show.schedules.map((s) => h('li', {},
        h('span', {}, when(s.startsAt)),
        // Entering the line is the moment to ask, once, whether the buyer wants a notification when the turn comes.
        h('a', { class: 'button primary', href: ticketsLink(showId, s.scheduleId), onclick: enableAlertsOnce,
          'aria-label': t('show.getTicketsFor', { when: when(s.startsAt) }) }, t('show.getTickets')))))),
    h('p', { class: 'muted' }, t('show.fairQueue')));
}

function ticketsLink(showId, scheduleId) {
  const target = `/queue/${showId}/${scheduleId}`;
  return session.loggedIn ? `#${target}` : `#/login?next=${encodeURIComponent(target)}`;
}
