// The one way the pages call the API: bearer token, JSON bodies, and problem+json errors turned into ApiError (the
// server's problem as it came; problems.js words it in the page's language).
import { session } from './session.js';

export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.status = status;
    this.title = problem.title || 'Request failed';
    this.detail = problem.detail || '';
    this.field = problem.field || null;
    this.problem = problem;
    this.retryAfter = retryAfter ? Number(retryAfter) : null;
  }
}

let refreshing = null;

/** One refresh at a time, shared by every call that got a 401 meanwhile. */
function refresh() {
  refreshing ??= fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin' })
    .then(async (res) => {
      if (!res.ok) return false;
      session.signIn((await res.json()).accessToken);
      return true;
    })
    .catch(() => false)
    .finally(() => { refreshing = null; });
  return refreshing;
}

/** A fresh access token before a call that cannot refresh by itself (the EventSource). */
export async function freshToken() {
  if (session.tokenStale) await refresh();
  return session.token;
}

export async function api(path, { method = 'GET', body, headers = {}, auth = true } = {}, retried = false) {
  const sent = { Accept: 'application/json', ...headers };
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  if (auth && session.token) sent.Authorization = `Bearer ${session.token}`;
  let res;
  try {
    res = await fetch(path, {
      method, headers: sent, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    // No answer at all: the page words it in its language (problems.js, the "network" kind).
    throw new ApiError(0, { type: 'urn:ticketping:problem:network' });
  }
  // A 401 may also be about the queue pass; only an expired access token is worth a refresh.
  if (res.status === 401 && auth && session.tokenStale && !retried) {
    if (await refresh()) return api(path, { method, body, headers, auth }, true);
    session.clear();
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    throw new ApiError(res.status, data || { title: res.statusText }, res.headers.get('Retry-After'));
  }
  return data;
}
