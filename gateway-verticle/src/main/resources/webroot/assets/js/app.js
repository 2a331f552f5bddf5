// The page's router: #/path → one view module. Each visit renders into a fresh container inside <main>, so a slow
// view that finishes after the visitor moved on draws into a detached element instead of over the new page. A view
// may return a function that stops its timers and streams when the visitor navigates away.
import { h, mount, focusHeading } from './dom.js';
import { session } from './session.js';
import { api } from './api.js';

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
  document.title = 'Not found · TicketPing';
  mount(main, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'See the shows')));
  focusHeading(main);
}

export function renderNav() {
  const nav = document.getElementById('nav');
  const here = parse().path;
  const link = (href, text) => h('a', { href: '#' + href, 'aria-current': here === href ? 'page' : null }, text);
  mount(nav,
    link('/', 'Shows'),
    session.loggedIn ? link('/orders', 'My orders') : null,
    session.isStaff ? link('/admin', session.isAdmin ? 'Admin' : 'My shows') : null,
    session.loggedIn
      ? h('button', { type: 'button', class: 'linkish', onclick: logout, title: session.email || '' }, 'Log out')
      : link('/login', 'Log in'));
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
route();
