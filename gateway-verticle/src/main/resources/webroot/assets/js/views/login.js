// Log in, or create an account and log straight in.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { t, setTitle } from '../i18n.js';
import { detailOf } from '../problems.js';
import { go, renderNav } from '../app.js';

export function render(main, params, query) {
  const next = query.get('next') || '/';
  let signingUp = query.get('mode') === 'signup';
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });

  function field(name, label, attrs) {
    const hint = h('p', { class: 'field-error', id: `${name}-error`, hidden: true });
    const input = h('input', { id: name, name, required: true, 'aria-describedby': `${name}-error`, ...attrs });
    return { hint, input, row: h('div', { class: 'field' }, h('label', { for: name }, label), input, hint) };
  }
  const email = field('email', t('login.email'), { type: 'email', autocomplete: 'email' });
  const password = field('password', t('login.password'),
    { type: 'password', minlength: 8, autocomplete: 'current-password' });
  const nickname = field('nickname', t('login.nickname'), { type: 'text', autocomplete: 'nickname', maxlength: 40 });
  const fields = { email, password, nickname };
  const submit = h('button', { type: 'submit', class: 'primary' });
  const toggle = h('button', { type: 'button', class: 'linkish', onclick: () => { signingUp = !signingUp; draw(); } });
  const heading = h('h1');
  const form = h('form', { class: 'card narrow', novalidate: true, onsubmit: send },
    heading, problem, nickname.row, email.row, password.row, submit, h('p', { class: 'muted' }, toggle));

  function draw() {
    setTitle(t(signingUp ? 'login.signup.title' : 'login.title'));
    heading.textContent = t(signingUp ? 'login.signup.heading' : 'login.heading');
    nickname.row.hidden = !signingUp;
    nickname.input.required = signingUp;
    password.input.autocomplete = signingUp ? 'new-password' : 'current-password';
    submit.textContent = t(signingUp ? 'login.signup.submit' : 'login.submit');
    toggle.textContent = t(signingUp ? 'login.toLogin' : 'login.toSignup');
  }

  function markField(name, message) {
    for (const [key, f] of Object.entries(fields)) {
      const bad = key === name;
      f.input.setAttribute('aria-invalid', String(bad));
      f.hint.hidden = !bad;
      f.hint.textContent = bad ? message : '';
    }
  }

  async function send(event) {
    event.preventDefault();
    showProblem(problem, null);
    markField(null);
    const account = { email: email.input.value.trim(), password: password.input.value };
    if (password.input.value.length < 8) {
      markField('password', t('login.shortPassword'));
      password.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      if (signingUp) {
        await api('/api/v1/auth/signup', { method: 'POST', auth: false,
          body: { ...account, nickname: nickname.input.value.trim() || account.email.split('@')[0] } });
      }
      const login = await api('/api/v1/auth/login', { method: 'POST', auth: false, body: account });
      session.signIn(login.accessToken, account.email);
      renderNav();
      go(next);
    } catch (error) {
      if (error.field && fields[error.field]) {
        markField(error.field, detailOf(error));
        fields[error.field].input.focus();
      } else {
        showProblem(problem, error.status === 409 ? { title: t('login.exists.title'), detail: t('login.exists.detail') }
          : error.status === 401 && !signingUp ? { title: t('login.wrong') } : error);
        problem.focus?.();
      }
    } finally {
      submit.disabled = false;
    }
  }

  draw();
  mount(main, form);
}
