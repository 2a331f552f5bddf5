// One order: after paying it shows "confirming" until booking has recorded the payment (a moment, through Kafka),
// then the ticket, with a refund button while the show's refund window is open (the API says when it is not).
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { won, when, seatName, orderStatus } from '../format.js';
import { t, setTitle } from '../i18n.js';
import { gradeClass } from './grades.js';

const CONFIRM_POLL_MS = 1000;

export async function render(main, [orderId], query) {
  setTitle(t('order.title'));
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });
  const status = h('p', { class: 'order-status', id: 'order-status', role: 'status' });
  const body = h('div');
  mount(main, h('p', { class: 'crumbs' }, h('a', { href: '#/orders' }, t('nav.orders'))),
    h('h1', {}, t('order.title')), problem, status, body);
  let timer = null;
  let show = null;

  async function load() {
    try {
      const order = await api(`/api/v1/orders/${orderId}`);
      show ??= await api(`/api/v1/shows/${order.showId}`, { auth: false }).catch(() => null);
      draw(order);
      const confirming = (order.status === 'PENDING_PAYMENT' && query.get('paid') === '1')
        || order.status === 'REFUNDING';
      if (confirming) timer = setTimeout(load, CONFIRM_POLL_MS);
    } catch (error) {
      showProblem(problem, error);
    }
  }

  function draw(order) {
    main.dataset.orderStatus = order.status;
    const paidJustNow = query.get('paid') === '1';
    status.className = `order-status ${order.status.toLowerCase()}`;
    status.textContent = order.status === 'PAID' ? t('order.paid')
      : order.status === 'PENDING_PAYMENT' && paidJustNow ? t('order.confirming')
        : orderStatus(order.status);
    const schedule = show && show.schedules.find((s) => s.scheduleId === order.scheduleId);
    mount(body, h('section', { class: `card ticket ${order.status === 'PAID' ? 'paid' : ''}` },
      h('h2', {}, show ? show.title : t('show.heading')),
      h('p', { class: 'lead' }, [schedule ? when(schedule.startsAt) : null, show ? show.venue : null]
        .filter(Boolean).join(' · ')),
      h('ul', { class: 'lines' }, order.seats.map((seat) => h('li', {},
        h('span', { class: `chip ${gradeClass(seat.grade)}` }, seat.grade), h('span', { class: 'name' }, seatName(seat)),
        h('span', { class: 'price' }, won(seat.price))))),
      h('p', { class: 'total' }, h('span', {}, t('common.total')), h('span', {}, won(order.amount))),
      h('p', { class: 'muted small' }, t('order.meta', { id: order.orderId, when: when(order.createdAt) }))),
    order.status === 'PENDING_PAYMENT' && !paidJustNow
      ? h('p', {}, h('a', { class: 'button primary', href: `#/checkout/${order.orderId}` }, t('order.goPay'))) : null,
    order.status === 'PAID'
      ? h('p', { class: 'refund' }, h('button', { type: 'button', class: 'secondary', id: 'refund', onclick: askRefund },
        t('order.refund')))
      : null,
    h('p', {}, h('a', { href: '#/orders' }, t('order.all')), ' · ', h('a', { href: '#/' }, t('order.moreShows'))));
  }

  // Two steps, no native dialog: the first click asks, the second refunds.
  function askRefund(event) {
    const ask = event.target.parentElement;
    mount(ask, h('span', {}, `${t('order.refund.ask')} `),
      h('button', { type: 'button', class: 'primary', id: 'confirm-refund', onclick: refund }, t('order.refund.yes')));
  }

  async function refund(event) {
    event.target.disabled = true;
    showProblem(problem, null);
    try {
      draw(await api(`/api/v1/orders/${orderId}/refund`, { method: 'POST' }));
      timer = setTimeout(load, CONFIRM_POLL_MS);
    } catch (error) {
      event.target.disabled = false;
      showProblem(problem, error);
    }
  }

  await load();
  return () => clearTimeout(timer);
}
