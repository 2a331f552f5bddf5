// How numbers, money, dates and waits read on the page.

const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'KRW', maximumFractionDigits: 0 });
const count = new Intl.NumberFormat('en');
const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export const won = (amount) => money.format(amount);
export const num = (n) => count.format(n);
export const when = (iso) => dateTime.format(new Date(iso));

/** "about 2 min 10 s"; null while the queue has no measured or configured rate. */
export function wait(seconds) {
  if (seconds === null || seconds === undefined) return null;
  if (seconds < 60) return `about ${Math.max(1, seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest ? `about ${minutes} min ${rest} s` : `about ${minutes} min`;
  }
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "4:05" until a deadline; "0:00" once it passed. */
export function countdown(untilMs) {
  const left = Math.max(0, Math.round((untilMs - Date.now()) / 1000));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
}

export const seatName = (seat) => `Row ${seat.row}, seat ${seat.col}`;

const STATUS = {
  PENDING_PAYMENT: 'Waiting for payment', PAID: 'Paid', CANCELLED: 'Cancelled', EXPIRED: 'Expired',
  REFUNDING: 'Refund in progress: your money is on its way back', REFUNDED: 'Refunded: your money is back',
};
export const orderStatus = (status) => STATUS[status] || status;
