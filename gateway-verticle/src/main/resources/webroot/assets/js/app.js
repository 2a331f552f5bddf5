// The page's router: #/path → one view module. Each visit renders into a fresh container inside <main>, so a slow
// view that finishes after the visitor moved on draws into a detached element instead of over the new page. A view
// may return a function that stops its timers and streams when the visitor navigates away. Switching the language
// draws the current page again in the other one.
import { h, mount, focusHeading } from './dom.js';
import { session } from './session.js';
import { api } from './api.js';
import { t, setTitle, setLanguage } from './i18n.js';

const ROUTES = [
  [/^\/$/, () => import('./views/shows.js'), false],
  [/^\/login$/, () => import('./views/login.js'), false],
  [/^\/shows\/(\d+)$/, () => import('./views/show.js'), false],
  [/^\/queue\/(\d+)\/(\d+)$/, () => import('./views/queue.js'), true],
  [/^\/seats\/(\d+)\/(\d+)$/, () => import('./views/seats.js'), true],
  [/^\/checkout\/([\w-]+)$/, () => import('./views/checkout.js'), true],
  [/^\/orders$/, () => import('./views/orders.js'), true],
  [/^\/orders\/([\w-]+)$/, () => import('./views/order.js'), true],
  [/^\/admin$/, () => import('./views/admin.js'), true],
  [/^\/admin\/(\d+)$/, () => import('./views/admin-queue.js'), true],
];

const main = document.getElementById('main');
let leave = null;
let visit = 0;

export function go(path) {
  location.hash = '#' + path;
}

function parse() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { path, query: new URLSearchParams(query) };
}

async function route() {
  if (leave) {
    leave();
    leave = null;
  }
  const current = ++visit;
  const { path, query } = parse();
  renderNav();
  for (const [pattern, load, needsLogin] of ROUTES) {
    const match = path.match(pattern);
    if (!match) continue;
    if (needsLogin && !session.loggedIn) {
      go(`/login?next=${encodeURIComponent(path)}`);
      return;
    }
    const view = await load();
    if (current !== visit) return;
    const container = h('div', { id: 'view' });
    mount(main, container);
    const cleanup = await view.render(container, match.slice(1), query);
    const stop = typeof cleanup === 'function' ? cleanup : null;
    if (current !== visit) {
      if (stop) stop();
      return;
    }
    leave = stop;
    focusHeading(container);
    return;
  }
  setTitle(t('app.notFound'));
  mount(main, h('h1', {}, t('app.notFound.heading')), h('p', {}, h('a', { href: '#/' }, t('app.notFound.link'))));
  focusHeading(main);
}

export function renderNav() {
  const nav = document.getElementById('nav');
  const here = parse().path;
  const link = (href, text) => h('a', { href: '#' + href, 'aria-current': here === href ? 'page' : null }, text);
  nav.setAttribute('aria-label', t('nav.label'));
  mount(nav,
    link('/', t('nav.shows')),
    session.loggedIn ? link('/orders', t('nav.orders')) : null,
    session.isStaff ? link('/admin', session.isAdmin ? t('nav.admin') : t('nav.myShows')) : null,
    session.loggedIn
      ? h('button', { type: 'button', class: 'linkish', onclick: logout, title: session.email || '' }, t('nav.logout'))
      : link('/login', t('nav.login')));
}

/** The page's fixed texts (index.html's data-i18n elements) and the switch, labelled in the language it switches to. */
function renderChrome() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  const other = t('lang.switch.code');
  const button = document.getElementById('lang-switch');
  mount(button, h('span', { lang: other }, t('lang.switch')));
  button.setAttribute('aria-label', t('lang.switch.label'));
  button.dataset.lang = other;
  button.hidden = false;
}

function switchLanguage() {
  setLanguage(document.getElementById('lang-switch').dataset.lang);
  renderChrome();
  route();
}

async function logout() {
  try {
    await api('/api/v1/auth/logout', { method: 'POST', auth: false });
  } catch {
    // The refresh token dies with its cookie anyway; leaving must not fail.
  }
  session.clear();
  go('/');
  renderNav();
}

window.addEventListener('hashchange', route);
document.getElementById('lang-switch').addEventListener('click', switchLanguage);
renderChrome();
route();
