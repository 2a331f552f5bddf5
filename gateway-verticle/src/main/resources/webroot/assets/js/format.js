// How numbers, money, dates and waits read on the page, in the page's language (Intl, with the catalog's words).
// Prices are in Korean won (KRW, no minor unit) whatever the language.
import { locale, t, formatNumber } from './i18n.js';

const formatters = new Map();

/** One Intl formatter per kind and locale, made on first use: the language may change while the page is open. */
function formatter(kind, make) {
  const key = `${kind}:${locale()}`;
  if (!formatters.has(key)) formatters.set(key, make(locale()));
  return formatters.get(key);
}

export const won = (amount) => formatter('money', (l) => new Intl.NumberFormat(l,
  { style: 'currency', currency: 'KRW', maximumFractionDigits: 0 })).format(amount);
export const num = (n) => formatNumber(n);
export const when = (iso) => formatter('when', (l) => new Intl.DateTimeFormat(l,
  { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(iso));
/** "14:05" (or "오후 02:05"): a time of day to the minute, for a chart's axis. */
export const clock = (iso) => formatter('clock', (l) => new Intl.DateTimeFormat(l,
  { hour: '2-digit', minute: '2-digit' })).format(new Date(iso));
/** "A and B", "A, B, and C"; "A 및 B" in Korean. */
export const list = (items) => formatter('list', (l) => new Intl.ListFormat(l, { type: 'conjunction' }))
  .format(items.map(String));

/** "about 2 min 10 s"; null while the queue has no measured or configured rate. */
export function wait(seconds) {
  if (seconds === null || seconds === undefined) return null;
  if (seconds < 60) return t('wait.seconds', { s: Math.max(1, seconds) });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest ? t('wait.minutesSeconds', { m: minutes, s: rest }) : t('wait.minutes', { m: minutes });
  }
  return t('wait.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** "4:05" until a deadline; "0:00" once it passed. */
export function countdown(untilMs) {
  const left = Math.max(0, Math.round((untilMs - Date.now()) / 1000));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
}

export const seatName = (seat) => t('seat.name', { row: seat.row, col: seat.col });

/** An order's status in words; the status itself when the catalog does not know it. */
export function orderStatus(status) {
  const key = `order.status.${status}`;
  const text = t(key);
  return text === key ? status : text;
}
