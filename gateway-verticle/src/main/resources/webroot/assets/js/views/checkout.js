// Checkout: the held seats, the time left on the hold, and payment through the provider (the bundled simulator in
// dev). One Idempotency-Key per attempt, so a retry after a lost answer is never charged twice. The hold's countdown
// is the only one: paying works until the hold ends, even after the turn in line (the queue pass) is over.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { won, countdown, seatName } from '../format.js';
import { gradeClass } from './grades.js';
import { go } from '../app.js';

export async function render(main, [orderId]) {
  document.title = 'Checkout · TicketPing';
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true, id: 'pay-problem' });
  mount(main, h('h1', {}, 'Checkout'), h('p', { class: 'muted' }, 'Loading your order…'));
  let order;
  try {
    order = await api(`/api/v1/orders/${orderId}`);
  } catch (error) {
    mount(main, h('h1', {}, 'Checkout'), problem);
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
  const payButton = h('button', { type: 'submit', class: 'primary', id: 'pay' }, `Pay ${won(order.amount)}`);
  const cancelButton = h('button', { type: 'button', class: 'secondary', onclick: cancel }, 'Release these seats');
  const form = h('form', { class: 'card', onsubmit: pay, 'aria-labelledby': 'pay-title' },
    h('h2', { id: 'pay-title' }, 'Payment'),
    h('fieldset', {},
      h('legend', {}, 'Pay with'),
      h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'method', value: 'card', checked: true }),
        ' Test card ending 4242'),
      h('p', { class: 'muted' }, 'This is a test checkout: the payment provider is simulated and nothing is charged.')),
    problem, payButton, cancelButton);
  mount(main,
    h('h1', {}, 'Checkout'),
    h('p', { class: 'lead' }, 'Your seats are held for ', timer, '.'),
    h('section', { class: 'card', 'aria-labelledby': 'summary-title' },
      h('h2', { id: 'summary-title' }, 'Order summary'),
      h('ul', { class: 'lines' }, order.seats.map((seat) => h('li', {},
        h('span', { class: `chip ${gradeClass(seat.grade)}` }, seat.grade), h('span', { class: 'name' }, seatName(seat)),
        h('span', { class: 'price' }, won(seat.price))))),
      h('p', { class: 'total' }, h('span', {}, 'Total'), h('span', { id: 'amount' }, won(order.amount)))),
    form);

  const tick = setInterval(() => {
    timer.textContent = countdown(expires);
    if (expires <= Date.now()) {
      clearInterval(tick);
      payButton.disabled = true;
      showProblem(problem, { title: 'Your hold has ended.', detail: 'The seats went back on sale. Pick seats again.' });
    }
  }, 1000);

  async function pay(event) {
    event.preventDefault();
    showProblem(problem, null);
    // The pass of the turn that held these seats, even once that turn is over: the hold decides.
    const pass = session.lastPass(showId);
    if (!pass) {
      showProblem(problem, { title: 'This tab has no queue pass for this show.',
        detail: 'Open the checkout from the tab that held the seats, or join the line again.' });
      return;
    }
    payButton.disabled = true;
    payButton.textContent = 'Paying…';
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
        ? { title: 'Your payment was declined.', detail: 'Nothing was charged and your seats are still held. Try again.' }
        : { title: 'The payment did not go through.',
          detail: 'The provider confirmed that nothing was charged. Your seats are still held. Try again.' });
    } catch (error) {
      // A lost or refused answer: the same key is kept so trying again cannot charge twice.
      showProblem(problem, error.status === 503
        ? { title: 'The payment provider is busy.', detail: `Try again in ${error.retryAfter || 'a few'} seconds.` }
        : error.status === 409 ? { title: 'This order can no longer be paid.', detail: error.detail } : error);
    }
    payButton.disabled = expires <= Date.now();
    payButton.textContent = `Pay ${won(order.amount)}`;
  }

  // The provider's answer did not come back: charged or not is being settled by asking it. Wait for that answer
  // rather than paying again (which would only join this same payment).
  async function confirmed(paymentId) {
    payButton.textContent = 'Confirming with the provider…';
    showProblem(problem, { title: 'Confirming your payment…',
      detail: 'The provider has not answered yet. Do not pay again: this page updates by itself.' });
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
