// The caller's orders, newest first.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { won, when, orderStatus } from '../format.js';
import { t, setTitle } from '../i18n.js';

export async function render(main) {
  setTitle(t('nav.orders'));
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });
  mount(main, h('h1', {}, t('nav.orders')), problem, h('p', { class: 'muted' }, t('common.loading')));
  try {
    const { items } = await api('/api/v1/orders');
    const titles = new Map();
    await Promise.all([...new Set(items.map((o) => o.showId))].map((id) => api(`/api/v1/shows/${id}`, { auth: false })
      .then((show) => titles.set(id, show.title)).catch(() => {})));
    mount(main, h('h1', {}, t('nav.orders')), problem, items.length === 0
      ? h('p', { class: 'muted' }, `${t('orders.none')} `, h('a', { href: '#/' }, t('orders.find')))
      : h('ul', { class: 'cards orders' }, items.map((order) => h('li', { class: 'card order-card' },
        h('p', { class: `badge ${order.status === 'PAID' ? 'ok' : ''}` }, orderStatus(order.status)),
        h('h2', {}, h('a', { href: `#/orders/${order.orderId}` }, titles.get(order.showId) || t('orders.order'))),
        h('p', {}, t('orders.seats', { count: order.seats.length, amount: won(order.amount) })),
        h('p', { class: 'muted small' }, t('orders.ordered', { when: when(order.createdAt) }))))));
  } catch (error) {
    mount(main, h('h1', {}, t('nav.orders')), problem);
    showProblem(problem, error);
  }
}
