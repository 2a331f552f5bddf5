// Entering a show's waiting room, with the proof of work the show may ask for: the entry is tried as it is; when the
// gateway answers that it takes a proof (or that the one sent was refused), a challenge is fetched, solved in a Web
// Worker (pow-worker.js) while the page shows progress, and the entry sent again with it.
import { api } from './api.js';
import { t } from './i18n.js';

const PROOF_PROBLEM = 'urn:ticketping:problem:proof-of-work';
// A refused proof (expired while the phone slept, made too easy by a raise) is worth a fresh challenge, a few times.
const ATTEMPTS = 3;

/**
 * Enters `showId`; the place, as the entry answers it.
 * @param onProof called with {tried, expected, fraction, solvedMs} while a proof is being found (fraction: the chance a
 *   solution would have been found by now), solvedMs set once it is; not called for a show that asks for none
 */
export async function enterQueue(showId, onProof = () => {}) {
  const path = `/api/v1/queue/${showId}`;
  try {
    return await api(path, { method: 'POST' });
  } catch (error) {
    if (!isProofProblem(error)) throw error;
  }
  for (let attempt = 1; ; attempt++) {
    const challenge = await api(`${path}/challenge`);
    const nonce = await solve(challenge, onProof);
    try {
      return await api(path, { method: 'POST', body: { challenge: challenge.challenge, nonce } });
    } catch (error) {
      if (!isProofProblem(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

function isProofProblem(error) {
  return error && error.problem && error.problem.type === PROOF_PROBLEM;
}

/** The nonce that solves `challenge`, found by a worker of its own (ended once it answers). */
function solve({ challenge, difficulty }, onProof) {
  const expected = 2 ** difficulty;
  const report = (tried, solvedMs = null) => onProof({
    tried, expected, fraction: solvedMs === null ? 1 - Math.exp(-tried / expected) : 1, solvedMs,
  });
  return new Promise((resolve, reject) => {
    const worker = new Worker('/assets/js/pow-worker.js');
    report(0);
    worker.onmessage = (e) => {
      if (e.data.type === 'progress') {
        report(e.data.tried);
        return;
      }
      worker.terminate();
      report(e.data.tried, e.data.ms);
      resolve(e.data.nonce);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || t('queue.proof.failed')));
    };
    worker.postMessage({ challenge, difficulty });
  });
}
