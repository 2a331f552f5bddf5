// Admin: pick a show whose waiting room to watch and steer.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { when } from '../format.js';

export async function render(main) {
  document.title = 'Admin · TicketPing';
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });
  mount(main, h('h1', {}, 'Waiting rooms'), problem);
  try {
    const { items } = await api('/api/v1/shows?limit=100', { auth: false });
    main.append(h('ul', { class: 'cards' }, items.map((show) => h('li', { class: 'card' },
      h('h2', {}, h('a', { href: `#/admin/${show.showId}` }, show.title)),
      h('p', { class: 'muted' }, `${show.venue} · sale opens ${when(show.saleOpensAt)}`)))));
  } catch (error) {
    showProblem(problem, error);
  }
}
