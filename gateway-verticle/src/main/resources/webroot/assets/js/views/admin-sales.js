// A show's sales figures for its admin or organiser: revenue and orders by status, seats by schedule.
import { h, mount } from '../dom.js';
import { api } from '../api.js';
import { num, when, won } from '../format.js';
import { t } from '../i18n.js';

export const salesPath = (showId) => `/api/v1/admin/shows/${showId}/sales`;

/** "3 of 2,000 seats sold · ₩450,000": one line for a show's card. */
export function summary(sales) {
  const seats = sales.schedules.reduce((sum, s) => sum + s.seats, 0);
  const sold = sales.schedules.reduce((sum, s) => sum + s.sold, 0);
  return t('sales.summary', { sold, seats, revenue: won(sales.revenue) });
}

/** The sales card of the show page; load() fetches and draws the figures (it throws what the API refused). */
export function salesSection(showId) {
  const stat = (id, label) => {
    const value = h('dd', { id }, '–');
    return { value, row: h('div', { class: 'stat' }, h('dt', {}, label), value) };
  };
  const stats = {
    revenue: stat('sales-revenue', t('sales.revenue')), paid: stat('sales-paid', t('sales.paid')),
    pending: stat('sales-pending', t('sales.pending')), refunding: stat('sales-refunding', t('sales.refunding')),
    refunded: stat('sales-refunded', t('sales.refunded')),
  };
  const rows = h('tbody', {});
  const section = h('section', { class: 'card', 'aria-labelledby': 'sales-title', id: 'sales' },
    h('h2', { id: 'sales-title' }, t('sales.title')),
    h('dl', { class: 'stats' }, Object.values(stats).map((s) => s.row)),
    h('div', { class: 'table-scroll' }, h('table', { class: 'sales', id: 'sales-table' },
      h('caption', { class: 'visually-hidden' }, t('sales.caption')),
      h('thead', {}, h('tr', {}, ['date', 'seats', 'sold', 'held', 'available', 'revenue']
        .map((column) => h('th', { scope: 'col' }, t(`sales.col.${column}`))))),
      rows)),
    h('p', { class: 'muted small' }, t('sales.note')));

  function draw(sales) {
    stats.revenue.value.textContent = won(sales.revenue);
    stats.paid.value.textContent = num(sales.orders.paid);
    stats.pending.value.textContent = num(sales.orders.pendingPayment);
    stats.refunding.value.textContent = num(sales.orders.refunding);
    stats.refunded.value.textContent = num(sales.orders.refunded);
    mount(rows, sales.schedules.map((s) => h('tr', { dataset: { scheduleId: s.scheduleId } },
      h('th', { scope: 'row' }, when(s.startsAt)), h('td', {}, num(s.seats)), h('td', { class: 'sold' }, num(s.sold)),
      h('td', {}, num(s.held)), h('td', {}, num(s.available)), h('td', {}, won(s.revenue)))));
  }

  return { section, load: async () => draw(await api(salesPath(showId))) };
}
