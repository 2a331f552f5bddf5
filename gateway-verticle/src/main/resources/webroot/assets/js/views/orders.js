// The caller's orders, newest first.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { won, when, orderStatus } from '../format.js';

export async function render(main) {
  document.title = 'My orders · TicketPing';
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });
  mount(main, h('h1', {}, 'My orders'), problem, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const { items } = await api('/api/v1/orders');
    const titles = new Map();
    await Promise.all([...new Set(items.map((o) => o.showId))].map((id) => api(`/api/v1/shows/${id}`, { auth: false })
      .then((show) => titles.set(id, show.title)).catch(() => {})));
    mount(main, h('h1', {}, 'My orders'), problem, items.length === 0
      ? h('p', { class: 'muted' }, 'No orders yet. ', h('a', { href: '#/' }, 'Find a show'))
      : h('ul', { class: 'cards orders' }, items.map((order) => h('li', { class: 'card order-card' },
        h('p', { class: `badge ${order.status === 'PAID' ? 'ok' : ''}` }, orderStatus(order.status)),
        h('h2', {}, h('a', { href: `#/orders/${order.orderId}` }, titles.get(order.showId) || 'Order')),
        h('p', {}, `${order.seats.length} seat${order.seats.length > 1 ? 's' : ''} · ${won(order.amount)}`),
        h('p', { class: 'muted small' }, `Ordered ${when(order.createdAt)}`)))));
  } catch (error) {
    mount(main, h('h1', {}, 'My orders'), problem);
    showProblem(problem, error);
  }
}
