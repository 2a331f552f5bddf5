// Every show, with whether its sale is open.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { when } from '../format.js';

export async function render(main) {
  document.title = 'Shows · TicketPing';
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });
  mount(main, h('h1', {}, 'On sale'), problem, h('p', { class: 'muted' }, 'Loading shows…'));
  try {
    const { items } = await api('/api/v1/shows?limit=50', { auth: false });
    const list = items.length === 0
      ? h('p', { class: 'muted' }, 'No shows yet.')
      : h('ul', { class: 'cards' }, items.map(card));
    mount(main, h('h1', {}, 'On sale'),
      h('p', { class: 'lead' }, 'Fair queues, live places in line, and no seat ever sold twice.'), problem, list);
  } catch (error) {
    mount(main, h('h1', {}, 'On sale'), problem);
    showProblem(problem, error);
  }
}

function card(show) {
  const open = new Date(show.saleOpensAt) <= new Date();
  return h('li', { class: 'card show-card' },
    h('p', { class: open ? 'badge ok' : 'badge' }, open ? 'On sale now' : `Sale opens ${when(show.saleOpensAt)}`),
    h('h2', {}, h('a', { href: `#/shows/${show.showId}` }, show.title)),
    h('p', { class: 'muted' }, show.venue));
}
