// Admin: the caller's shows (every show for an admin, its own for an organiser) with their sales at a glance; each
// links to its page with the full figures and the waiting room's controls.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { when } from '../format.js';
import { t, setTitle } from '../i18n.js';
import { salesPath, summary } from './admin-sales.js';

export async function render(main) {
  const heading = t(session.isAdmin ? 'admin.all' : 'admin.yours');
  setTitle(heading);
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });
  mount(main, h('h1', {}, heading), problem);
  try {
    const { items } = await api('/api/v1/admin/shows?limit=100');
    if (items.length === 0) {
      main.append(h('p', { class: 'muted', id: 'no-shows' }, t(session.isAdmin ? 'admin.none' : 'admin.none.organiser')));
      return;
    }
    main.append(h('ul', { class: 'cards', id: 'admin-shows' }, items.map(card)));
  } catch (error) {
    showProblem(problem, error.status === 403
      ? { title: t('admin.staffOnly.title'), detail: t('admin.staffOnly.detail') } : error);
  }
}

function card(show) {
  const figures = h('p', { class: 'summary', 'aria-live': 'polite' }, t('admin.loadingSales'));
  // Each card asks for its own figures, so one slow or refused show does not hold up the others.
  api(salesPath(show.showId))
    .then((sales) => { figures.textContent = summary(sales); })
    .catch(() => { figures.textContent = t('admin.salesUnavailable'); figures.className = 'muted'; });
  return h('li', { class: 'card admin-show', dataset: { showId: show.showId } },
    h('h2', {}, h('a', { href: `#/admin/${show.showId}` }, show.title)),
    h('p', { class: 'muted' }, t('admin.showMeta', { venue: show.venue, when: when(show.saleOpensAt) })),
    figures);
}
