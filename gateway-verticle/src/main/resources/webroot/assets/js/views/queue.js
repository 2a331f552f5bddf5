// The waiting room: one's place, the people ahead, the estimated wait and a progress bar, updated live; then on to
// the seat map with the queue pass.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { num, wait, when } from '../format.js';
import { WaitingRoom } from '../waiting-room.js';
import { go } from '../app.js';

export async function render(main, [showId, scheduleId]) {
  document.title = 'Waiting room · TicketPing';
  const problem = h('div', { class: 'problem', role: 'alert', hidden: true });
  const title = h('p', { class: 'lead' }, '');
  const position = h('p', { class: 'position', id: 'position', 'aria-live': 'polite', 'aria-atomic': 'true' },
    'Joining the line…');
  const ahead = h('p', { class: 'ahead', id: 'ahead' });
  const eta = h('p', { class: 'eta', id: 'eta' });
  const bar = h('progress', { id: 'progress', max: 100, value: 0, 'aria-label': 'Progress towards your turn' });
  const note = h('p', { class: 'note', id: 'queue-note', role: 'status' });
  const mode = h('p', { class: 'mode', id: 'connection', dataset: { mode: 'starting' } }, 'Connecting…');
  const leaveButton = h('button', { type: 'button', class: 'secondary', onclick: leave }, 'Leave the line');
  const panel = h('section', { class: 'card waiting', 'aria-labelledby': 'wait-title' },
    position, ahead, eta, bar, note, mode);
  mount(main,
    h('p', { class: 'crumbs' }, h('a', { href: `#/shows/${showId}` }, 'Back to the show')),
    h('h1', { id: 'wait-title' }, 'You are in line'), title, problem, panel,
    h('p', { class: 'muted' }, 'Keep this page open: when it is your turn it takes you to the seat map. ',
      'Reloading or opening it twice keeps your place.'),
    leaveButton);
  api(`/api/v1/shows/${showId}`, { auth: false })
    .then((show) => { title.textContent = show.title; })
    .catch(() => {});

  let start = null;
  const seen = [];
  const room = new WaitingRoom(showId, {
    status(s) {
      main.dataset.status = s.status;
      if (s.status === 'PREQUEUE') {
        position.textContent = 'You are in the pre-queue';
        ahead.textContent = s.opensAt ? `The sale opens ${when(s.opensAt)}.` : 'The sale opens soon.';
        eta.textContent = 'At opening everyone here gets a random place, so there is no prize for refreshing.';
        return;
      }
      const place = s.position;
      if (place !== seen[seen.length - 1]) seen.push(place);
      main.dataset.positions = seen.join(',');
      if (start === null || place > start) start = place;
      position.textContent = place === 1 ? 'You are next!' : `You are number ${num(place)} in line`;
      const others = place - 1;
      ahead.textContent = others === 0 ? 'Nobody is ahead of you.'
        : `${num(others)} ${others === 1 ? 'person' : 'people'} ahead of you · ${num(s.total)} waiting in all`;
      const estimate = wait(s.etaSeconds);
      eta.textContent = s.state === 'PAUSED' ? 'Estimated wait: on hold'
        : `Estimated wait: ${estimate || 'working it out…'}`;
      bar.value = start <= 1 ? 95 : Math.round(((start - place) / start) * 100);
      bar.setAttribute('aria-valuetext', `${bar.value}% of the way`);
      note.textContent = s.state === 'PAUSED'
        ? 'The organiser paused the sale for a moment. You keep your place.' : '';
    },
    mode(kind) {
      mode.dataset.mode = kind;
      mode.textContent = kind === 'stream' ? 'Live: updates as the line moves'
        : 'Reconnecting… meanwhile checking every few seconds';
    },
    admitted(s) {
      session.savePass(showId, s.pass, s.passExpiresAt);
      main.dataset.status = 'ADMITTED';
      bar.value = 100;
      position.textContent = 'It is your turn! Taking you to the seats…';
      ahead.textContent = '';
      eta.textContent = '';
      go(`/seats/${showId}/${scheduleId}`);
    },
    left(detail) {
      main.dataset.status = 'NONE';
      position.textContent = 'You are no longer in line';
      ahead.textContent = detail || '';
      eta.textContent = '';
      mount(note, h('a', { class: 'button primary', href: `#/shows/${showId}` }, 'Back to the show'));
      mode.hidden = true;
      leaveButton.hidden = true;
    },
    problem(error) {
      showProblem(problem, error);
    },
  });

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
      ? { title: 'This show has no waiting room.', detail: 'Tickets are not on sale here.' } : error);
    position.textContent = 'Could not join the line';
  });
  return () => room.stop();
}
