// Builds elements without innerHTML, so text from the API (titles, venues, nicknames) can never become markup.
import { describe } from './problems.js';

/** h('p', {class: 'x', onclick: fn, style: {'--cols': 5}}, 'text', child, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    // Through the CSSOM: the page's Content-Security-Policy refuses inline style attributes.
    else if (key === 'style') Object.entries(value).forEach(([prop, v]) => el.style.setProperty(prop, String(v)));
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside el. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A problem box for screen readers and eyes alike, in the page's language; no error hides it. */
export function showProblem(box, error) {
  if (!error) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const { title, detail } = describe(error);
  mount(box, h('strong', {}, title), detail && detail !== title ? h('span', {}, ' ' + detail) : null);
  box.hidden = false;
}

/** The page heading takes focus after a navigation, so screen readers announce the new page. */
export function focusHeading(root) {
  const heading = root.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}
