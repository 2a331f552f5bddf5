// A show's proof of work on entry, for its admin or organiser: off, or on at a difficulty (leading zero bits of the
// hash each buyer's browser must find; one bit more doubles the work). Changes apply live on every gateway.
import { h, showProblem } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';

/** The proof-of-work card of the show page; load() fetches and draws the setting (it throws what the API refused). */
export function proofSection(showId) {
  const path = `/api/v1/admin/shows/${showId}/queue/proof-of-work`;
  const enabled = h('input', { id: 'pow-enabled', name: 'enabled', type: 'checkbox' });
  const difficulty = h('input', { id: 'pow-difficulty', name: 'difficulty', type: 'number', min: 1, max: 30,
    required: true });
  const saved = h('p', { class: 'notice', role: 'status', id: 'pow-saved' });
  const problem = h('p', { class: 'problem', role: 'alert', id: 'pow-problem', hidden: true });
  const section = h('form', { class: 'card', onsubmit: save, 'aria-labelledby': 'pow-title', id: 'pow' },
    h('h2', { id: 'pow-title' }, t('adminProof.title')),
    h('p', { class: 'muted small' }, t('adminProof.about')),
    h('div', { class: 'field' }, h('label', { for: 'pow-enabled' }, enabled, ' ', t('adminProof.enabled'))),
    h('div', { class: 'field' },
      h('label', { for: 'pow-difficulty' }, t('adminProof.difficulty')), difficulty),
    h('button', { type: 'submit', class: 'primary' }, t('adminProof.save')), saved, problem);

  function draw(setting) {
    enabled.checked = setting.enabled;
    difficulty.value = setting.enabled ? setting.difficulty : setting.defaultDifficulty;
  }

  async function save(event) {
    event.preventDefault();
    saved.textContent = '';
    problem.hidden = true;
    try {
      const body = enabled.checked ? { difficulty: Number(difficulty.value) } : { enabled: false };
      const setting = await api(path, { method: 'PUT', body });
      draw(setting);
      saved.textContent = t(setting.enabled ? 'adminProof.savedOn' : 'adminProof.savedOff');
    } catch (error) {
      showProblem(problem, error);
      problem.hidden = false;
    }
  }

  return { section, load: async () => draw(await api(path)) };
}
