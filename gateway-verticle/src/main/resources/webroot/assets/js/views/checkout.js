// Checkout: the held seats, the time left on the hold, and payment through the provider (the bundled simulator in
// dev). One Idempotency-Key per attempt, so a retry after a lost answer is never charged twice. The hold's countdown
// is the only one: paying works until the hold ends, even after the turn in line (the queue pass) is over.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { won, countdown, seatName } from '../format.js';
import { t, tx, setTitle } from '../i18n.js';
import { describe } from '../problems.js';
import { gradeClass } from './grades.js';
import { go } from '../app.js';

export async function render(main, [orderId]) {
  setTitle(t('checkout.title'));
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true, id: 'pay-problem' });
  mount(main, h('h1', {}, t('checkout.title')), h('p', { class: 'muted' }, t('checkout.loading')));
  let order;
  try {
    order = await api(`/api/v1/orders/${orderId}`);
  } catch (error) {
    mount(main, h('h1', {}, t('checkout.title')), problem);
    showProblem(problem, error);
    return;
  }
  if (order.status !== 'PENDING_PAYMENT') {
    go(`/orders/${orderId}`);
    return;
  }
  const showId = order.showId;
  const expires = Date.parse(order.holdExpiresAt);
  const timer = h('strong', { id: 'hold-timer' }, countdown(expires));
  const payLabel = t('checkout.pay', { amount: won(order.amount) });
  const payButton = h('button', { type: 'submit', class: 'primary', id: 'pay' }, payLabel);
  const cancelButton = h('button', { type: 'button', class: 'secondary', onclick: cancel }, t('checkout.release'));
  const form = h('form', { class: 'card', onsubmit: pay, 'aria-labelledby': 'pay-title' },
    h('h2', { id: 'pay-title' }, t('checkout.payment')),
    h('fieldset', {},
      h('legend', {}, t('checkout.payWith')),
      h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'method', value: 'card', checked: true }),
        ` ${t('checkout.testCard')}`),
      h('p', { class: 'muted' }, t('checkout.testNote'))),
    problem, payButton, cancelButton);
  mount(main,
    h('h1', {}, t('checkout.title')),
    h('p', { class: 'lead' }, tx('checkout.heldFor', { timer })),
    h('section', { class: 'card', 'aria-labelledby': 'summary-title' },
      h('h2', { id: 'summary-title' }, t('checkout.summary')),
      h('ul', { class: 'lines' }, order.seats.map((seat) => h('li', {},
        h('span', { class: `chip ${gradeClass(seat.grade)}` }, seat.grade), h('span', { class: 'name' }, seatName(seat)),
        h('span', { class: 'price' }, won(seat.price))))),
      h('p', { class: 'total' }, h('span', {}, t('common.total')), h('span', { id: 'amount' }, won(order.amount)))),
    form);

  const tick = setInterval(() => {
    timer.textContent = countdown(expires);
    if (expires <= Date.now()) {
      clearInterval(tick);
      payButton.disabled = true;
      showProblem(problem, { title: t('checkout.holdEnded.title'), detail: t('checkout.holdEnded.detail') });
    }
  }, 1000);

  async function pay(event) {
    event.preventDefault();
    showProblem(problem, null);
    // The pass of the turn that held these seats, even once that turn is over: the hold decides.
    const pass = session.lastPass(showId);
    if (!pass) {
      showProblem(problem, { title: t('checkout.noPass.title'), detail: t('checkout.noPass.detail') });
      return;
    }
    payButton.disabled = true;
    payButton.textContent = t('checkout.paying');
    try {
      const payment = await api('/api/v1/payments', { method: 'POST',
        headers: { 'X-Queue-Pass': pass.pass, 'Idempotency-Key': session.paymentKey(orderId) },
        body: { orderId, amount: order.amount } });
      const settled = payment.status === 'PENDING' ? await confirmed(payment.paymentId) : payment;
      if (settled.status === 'APPROVED') {
        session.newPaymentAttempt(orderId);
        go(`/orders/${orderId}?paid=1`);
        return;
      }
      session.newPaymentAttempt(orderId);
      showProblem(problem, settled.status === 'DECLINED'
        ? { title: t('checkout.declined.title'), detail: t('checkout.declined.detail') }
        : { title: t('checkout.failed.title'), detail: t('checkout.failed.detail') });
    } catch (error) {
      // A lost or refused answer: the same key is kept so trying again cannot charge twice.
      showProblem(problem, error.status === 503
        ? { title: t('checkout.busy.title'), detail: error.retryAfter
          ? t('checkout.busy.retryIn', { seconds: error.retryAfter }) : t('checkout.busy.retrySoon') }
        : error.status === 409 ? { title: t('checkout.notPayable.title'), detail: describe(error).detail } : error);
    }
    payButton.disabled = expires <= Date.now();
    payButton.textContent = payLabel;
  }

  // The provider's answer did not come back: charged or not is being settled by asking it. Wait for that answer
  // rather than paying again (which would only join this same payment).
  async function confirmed(paymentId) {
    payButton.textContent = t('checkout.confirming');
    showProblem(problem, { title: t('checkout.confirming.title'), detail: t('checkout.confirming.detail') });
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const payment = await api(`/api/v1/payments/${paymentId}`);
      if (payment.status !== 'PENDING') {
        showProblem(problem, null);
        return payment;
      }
    }
  }

  async function cancel() {
    try {
      await api(`/api/v1/orders/${orderId}`, { method: 'DELETE' });
      go(`/seats/${showId}/${order.scheduleId}`);
    } catch (error) {
      showProblem(problem, error);
    }
  }

  return () => clearInterval(tick);
}
