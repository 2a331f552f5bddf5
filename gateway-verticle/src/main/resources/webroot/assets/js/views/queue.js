// The waiting room: one's place, the people ahead, the estimated wait and a progress bar, updated live; then on to
// the seat map with the queue pass, announced so that a buyer looking elsewhere notices (turn-alert.js). While the
// show is sold out or the queue closed, the place is kept and the page says why the line stands still; someone who
// arrives then gets no place and is told so.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { wait, when } from '../format.js';
import { t, setTitle } from '../i18n.js';
import { WaitingRoom } from '../waiting-room.js';
import { announceTurn, enableAlerts, notificationState, readySound } from '../turn-alert.js';
import { showProof } from './proof-progress.js';
import { go } from '../app.js';

export async function render(main, [showId, scheduleId]) {
  setTitle(t('queue.title'));
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });
  const title = h('p', { class: 'lead' }, '');
  const position = h('p', { class: 'position', id: 'position', 'aria-live': 'polite', 'aria-atomic': 'true' },
    t('queue.joining'));
  const ahead = h('p', { class: 'ahead', id: 'ahead' });
  const eta = h('p', { class: 'eta', id: 'eta' });
  const bar = h('progress', { id: 'progress', max: 100, value: 0, 'aria-label': t('queue.progress') });
  const note = h('p', { class: 'note', id: 'queue-note', role: 'status' });
  const mode = h('p', { class: 'mode', id: 'connection', dataset: { mode: 'starting' } }, t('queue.connecting'));
  const alerts = h('p', { class: 'turn-alert muted', id: 'turn-alert' });
  const leaveButton = h('button', { type: 'button', class: 'secondary', onclick: leave }, t('queue.leave'));
  const panel = h('section', { class: 'card waiting', 'aria-labelledby': 'wait-title' },
    position, ahead, eta, bar, note, mode, alerts);
  const heading = h('h1', { id: 'wait-title' }, t('queue.heading'));
  const keepOpen = h('p', { class: 'muted' }, t('queue.keepOpen'));
  mount(main,
    h('p', { class: 'crumbs' }, h('a', { href: `#/shows/${showId}` }, t('queue.back'))),
    heading, title, problem, panel, keepOpen, leaveButton);
  // Any click or key here lets the page beep later, when the turn comes with nobody touching it.
  main.addEventListener('pointerdown', readySound);
  main.addEventListener('keydown', readySound);
  drawAlerts();
  api(`/api/v1/shows/${showId}`, { auth: false })
    .then((show) => { title.textContent = show.title; })
    .catch(() => {});

  /** A button until the buyer decided about notifications, then what will happen when the turn comes. */
  function drawAlerts() {
    const state = notificationState();
    mount(alerts, state === 'default'
      ? h('button', { type: 'button', class: 'secondary', id: 'notify-me', onclick: async () => {
        await enableAlerts();
        drawAlerts();
      } }, t('alert.enable'))
      : t(state === 'granted' ? 'alert.on' : state === 'denied' ? 'alert.blocked' : 'alert.unsupported'));
    alerts.dataset.permission = state;
  }

  let start = null;
  const seen = [];
  const room = new WaitingRoom(showId, {
    status(s) {
      main.dataset.status = s.status;
      main.dataset.soldOut = s.soldOut || '';
      heading.textContent = headingOf(s);
      panel.classList.toggle('halted', s.status === 'SOLD_OUT' || s.status === 'CLOSED');
      if (s.status === 'PREQUEUE') {
        position.textContent = t('queue.prequeue');
        ahead.textContent = s.opensAt ? t('queue.prequeue.opensAt', { when: when(s.opensAt) })
          : t('queue.prequeue.opensSoon');
        eta.textContent = t('queue.prequeue.note');
        return;
      }
      const place = s.position;
      if (place !== seen[seen.length - 1]) seen.push(place);
      main.dataset.positions = seen.join(',');
      if (start === null || place > start) start = place;
      const moving = s.status === 'WAITING';
      position.textContent = place !== 1 ? t('queue.position', { n: place })
        : moving ? t('queue.position.next') : t('queue.position.first');
      const others = place - 1;
      ahead.textContent = others === 0 ? t('queue.ahead.none') : t('queue.ahead', { count: others, total: s.total });
      const estimate = wait(s.etaSeconds);
      eta.textContent = !moving || s.state === 'PAUSED' ? t('queue.eta.onHold')
        : t('queue.eta', { wait: estimate || t('queue.eta.unknown') });
      bar.value = start <= 1 ? 95 : Math.round(((start - place) / start) * 100);
      bar.setAttribute('aria-valuetext', t('queue.progress.value', { percent: bar.value }));
      note.textContent = noteOf(s);
    },
    mode(kind) {
      mode.dataset.mode = kind;
      mode.textContent = t(`queue.mode.${kind}`);
    },
    admitted(s) {
      session.savePass(showId, s.pass, s.passExpiresAt);
      main.dataset.status = 'ADMITTED';
      bar.value = 100;
      position.textContent = t('queue.admitted');
      ahead.textContent = '';
      eta.textContent = '';
      announceTurn(title.textContent);
      go(`/seats/${showId}/${scheduleId}`);
    },
    refused(s) {
      main.dataset.status = s.status;
      main.dataset.soldOut = s.soldOut || '';
      heading.textContent = headingOf(s);
      panel.classList.add('halted');
      position.textContent = s.status === 'CLOSED' ? t('queue.refused.closed')
        : s.soldOut === 'FOR_NOW' ? t('queue.refused.soldOutForNow') : t('queue.refused.soldOut');
      ahead.textContent = s.status === 'CLOSED' ? (s.state === 'DRAINING' ? t('queue.refused.draining') : '')
        : s.soldOut === 'FOR_NOW' ? t('queue.refused.comeBack') : '';
      eta.textContent = '';
      for (const gone of [bar, mode, alerts, keepOpen, leaveButton]) gone.hidden = true;
      mount(note, s.soldOut === 'FOR_NOW'
        ? h('button', { type: 'button', class: 'primary', id: 'try-again', onclick: tryAgain }, t('queue.tryAgain'))
        : null,
      ' ', h('a', { class: 'button secondary', href: `#/shows/${showId}` }, t('queue.back')));
    },
    left(detail) {
      main.dataset.status = 'NONE';
      position.textContent = t('queue.left');
      ahead.textContent = detail || '';
      eta.textContent = '';
      mount(note, h('a', { class: 'button primary', href: `#/shows/${showId}` }, t('queue.back')));
      mode.hidden = true;
      alerts.hidden = true;
      leaveButton.hidden = true;
    },
    problem(error) {
      showProblem(problem, error);
    },
    proving(p) {
      showProof(main, position, bar, p);
    },
  });

  function tryAgain() {
    for (const back of [bar, mode, alerts, keepOpen, leaveButton]) back.hidden = false;
    note.replaceChildren();
    position.textContent = t('queue.joining');
    ahead.textContent = '';
    room.start().catch((error) => showProblem(problem, error));
  }

  async function leave() {
    try {
      await room.leave();
    } catch {
      // Already gone from the line: nothing to undo.
    }
    session.endPass(showId);
    go(`/shows/${showId}`);
  }

  room.start().catch((error) => {
    showProblem(problem, error.status === 404
      ? { title: t('queue.noQueue.title'), detail: t('queue.noQueue.detail') } : error);
    position.textContent = t('queue.couldNotJoin');
  });
  return () => room.stop();
}

/** The page's heading: why the line stands still, when it does. */
function headingOf(s) {
  if (s.status === 'CLOSED') return t('queue.heading.closed');
  if (s.status === 'SOLD_OUT') {
    return s.soldOut === 'FOR_NOW' ? t('queue.heading.soldOutForNow') : t('queue.heading.soldOut');
  }
  return t('queue.heading');
}

/** What a waiter is told besides the place. */
function noteOf(s) {
  if (s.status === 'SOLD_OUT') return s.soldOut === 'FOR_NOW' ? t('queue.note.soldOutForNow') : t('queue.note.soldOut');
  if (s.status === 'CLOSED') return t('queue.note.closed');
  if (s.state === 'DRAINING') return t('queue.note.draining');
  if (s.state === 'PAUSED') return t('queue.note.paused');
  return '';
}
