// The pages' language, Korean or English: the visitor's choice (kept in localStorage), else the first of the
// browser's languages that is one of them, else English. Every string a page shows comes from a catalog
// (i18n/en.js, i18n/ko.js) through t(); a missing key falls back to English, then to the key itself.
import en from './i18n/en.js';
import ko from './i18n/ko.js';

const CATALOGS = { en, ko };
/** The locale each language formats numbers, prices and dates with. */
const LOCALES = { en: 'en', ko: 'ko-KR' };
const SAVED = 'tp.lang';

function saved() {
  try {
    return localStorage.getItem(SAVED);
  } catch {
    return null; // storage refused (a privacy mode): the browser's languages decide
  }
}

function preferred() {
  const choice = saved();
  if (choice in CATALOGS) return choice;
  const tags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const tag of tags) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (base in CATALOGS) return base;
  }
  return 'en';
}

let current = preferred();
document.documentElement.lang = current;

export const language = () => current;
export const locale = () => LOCALES[current];
export const languages = () => Object.keys(CATALOGS);

/** Switches language and remembers the choice; the caller redraws the page. */
export function setLanguage(lang) {
  if (!(lang in CATALOGS)) return;
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(SAVED, lang);
  } catch {
    // Not remembered: the switch still holds until the page is reloaded.
  }
}

/** Whether the current language's catalog has the key itself (no fallback). */
export function has(key) {
  return key in CATALOGS[current];
}

const numbers = new Map();

/** A number with the current locale's digit grouping. */
export function formatNumber(n) {
  if (!numbers.has(current)) numbers.set(current, new Intl.NumberFormat(locale()));
  return numbers.get(current).format(n);
}

function template(key, params) {
  for (const lang of [current, 'en']) {
    const catalog = CATALOGS[lang];
    if (typeof params.count === 'number') {
      const form = `${key}.${new Intl.PluralRules(LOCALES[lang]).select(params.count)}`;
      if (form in catalog) return catalog[form];
      if (`${key}.other` in catalog) return catalog[`${key}.other`];
    }
    if (key in catalog) return catalog[key];
  }
  return key;
}

/**
 * The text of `key` as parts: {name} placeholders filled from params (numbers in the locale's format, elements kept
 * as they are, for h()). A numeric `count` picks `key.one`, `key.other`... by the language's plural rules.
 */
export function tx(key, params = {}) {
  const text = template(key, params);
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/\{(\w+)\}/g)) {
    parts.push(text.slice(last, match.index));
    const value = params[match[1]];
    const missing = value === undefined || value === null;
    parts.push(missing ? match[0] : typeof value === 'number' ? formatNumber(value) : value);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.filter((part) => part !== '');
}

/** The text of `key` as a string (see tx). */
export function t(key, params = {}) {
  return tx(key, params).map(String).join('');
}

/** "Checkout · TicketPing" */
export function setTitle(text) {
  document.title = `${text} · TicketPing`;
}
