// Every show, with whether its sale is open.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { when } from '../format.js';
import { t, setTitle } from '../i18n.js';

export async function render(main) {
  setTitle(t('shows.title'));
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });
  mount(main, h('h1', {}, t('shows.heading')), problem, h('p', { class: 'muted' }, t('shows.loading')));
  try {
    const { items } = await api('/api/v1/shows?limit=50', { auth: false });
    const list = items.length === 0
      ? h('p', { class: 'muted' }, t('shows.none'))
      : h('ul', { class: 'cards' }, items.map(card));
    mount(main, h('h1', {}, t('shows.heading')), h('p', { class: 'lead' }, t('shows.lead')), problem, list);
  } catch (error) {
    mount(main, h('h1', {}, t('shows.heading')), problem);
    showProblem(problem, error);
  }
}

function card(show) {
  const open = new Date(show.saleOpensAt) <= new Date();
  return h('li', { class: 'card show-card' },
    h('p', { class: open ? 'badge ok' : 'badge' },
      open ? t('show.onSale') : t('show.opens', { when: when(show.saleOpensAt) })),
    h('h2', {}, h('a', { href: `#/shows/${show.showId}` }, show.title)),
    h('p', { class: 'muted' }, show.venue));
}
