// What a refusal of the API says on the page, in the page's language: the problem's title and detail come from the
// catalog by its type (urn:ticketping:problem:<kind>) and, for a validation problem, its field; the server's own
// words only where the catalog has nothing for it.
import { t, has } from './i18n.js';
import { when } from './format.js';

const PREFIX = 'urn:ticketping:problem:';

/** The problem's kind: the end of its type URN ("ticket-limit"), "network" when no answer came. */
function kindOf(error) {
  const type = String((error && error.problem && error.problem.type) || '');
  return type.startsWith(PREFIX) ? type.slice(PREFIX.length) : null;
}

/** {title, detail} to show for an ApiError, or for a {title, detail} the page wrote itself (already translated). */
export function describe(error) {
  if (!error.problem) {
    return { title: error.title || t('problem.generic.title'), detail: error.detail || error.message || '' };
  }
  const problem = error.problem;
  const kind = kindOf(error);
  const params = { ...problem };
  if (problem.refundableUntil) params.refundableUntil = when(problem.refundableUntil);
  const field = problem.field ? `problem.field.${problem.field}` : null;
  const title = kind && has(`problem.${kind}.title`) ? t(`problem.${kind}.title`, params)
    : problem.title || t('problem.request.title');
  const detail = field && has(field) ? t(field, params)
    : kind && has(`problem.${kind}.detail`) ? t(`problem.${kind}.detail`, params) : problem.detail || '';
  return { title, detail };
}

/** The detail alone, e.g. for a message next to a form field. */
export const detailOf = (error) => describe(error).detail;
