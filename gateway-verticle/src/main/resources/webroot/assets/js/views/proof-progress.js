// The waiting room while the browser proves it is worth a place (a show that asks for a proof of work on entry): what
// it is doing and how far along, on the page's place line and progress bar. The time the last proof took stays on the
// document (<html data-proof-ms>), past the move to the seats, for the record.
import { t } from '../i18n.js';

export function showProof(main, position, bar, proof) {
  if (proof.solvedMs !== null) {
    main.dataset.proof = 'solved';
    document.documentElement.dataset.proofMs = String(proof.solvedMs);
    position.textContent = t('queue.joining');
    return;
  }
  main.dataset.proof = 'solving';
  const percent = Math.min(99, Math.floor(proof.fraction * 100));
  position.textContent = t('queue.proof.checking', { percent });
  bar.value = percent;
  bar.setAttribute('aria-valuetext', t('queue.proof.checked', { percent }));
}
