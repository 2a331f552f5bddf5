// The waiting room: one's place, the people ahead, the estimated wait and a progress bar, updated live; then on to
// the seat map with the queue pass. While the show is sold out or the queue closed, the place is kept and the page
// says why the line stands still; someone who arrives then gets no place and is told so.
import { h, mount, showProblem } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { num, wait, when } from '../format.js';
import { WaitingRoom } from '../waiting-room.js';
import { showProof } from './proof-progress.js';
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
  const heading = h('h1', { id: 'wait-title' }, 'You are in line');
  const keepOpen = h('p', { class: 'muted' },
    'Keep this page open: when it is your turn it takes you to the seat map. ',
    'Reloading or opening it twice keeps your place.');
  mount(main,
    h('p', { class: 'crumbs' }, h('a', { href: `#/shows/${showId}` }, 'Back to the show')),
    heading, title, problem, panel, keepOpen, leaveButton);
  api(`/api/v1/shows/${showId}`, { auth: false })
    .then((show) => { title.textContent = show.title; })
    .catch(() => {});

  let start = null;
  const seen = [];
  const room = new WaitingRoom(showId, {
    status(s) {
      main.dataset.status = s.status;
      main.dataset.soldOut = s.soldOut || '';
      heading.textContent = headingOf(s);
      panel.classList.toggle('halted', s.status === 'SOLD_OUT' || s.status === 'CLOSED');
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
      const moving = s.status === 'WAITING';
      position.textContent = place !== 1 ? `You are number ${num(place)} in line`
        : moving ? 'You are next!' : 'You are first in line';
      const others = place - 1;
      ahead.textContent = others === 0 ? 'Nobody is ahead of you.'
        : `${num(others)} ${others === 1 ? 'person' : 'people'} ahead of you · ${num(s.total)} waiting in all`;
      const estimate = wait(s.etaSeconds);
      eta.textContent = !moving || s.state === 'PAUSED' ? 'Estimated wait: on hold'
        : `Estimated wait: ${estimate || 'working it out…'}`;
      bar.value = start <= 1 ? 95 : Math.round(((start - place) / start) * 100);
      bar.setAttribute('aria-valuetext', `${bar.value}% of the way`);
      note.textContent = noteOf(s);
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
    refused(s) {
      main.dataset.status = s.status;
      main.dataset.soldOut = s.soldOut || '';
      heading.textContent = headingOf(s);
      panel.classList.add('halted');
      position.textContent = s.status === 'CLOSED' ? 'The line takes no newcomers now.'
        : s.soldOut === 'FOR_NOW' ? 'Every seat is sold or held by someone paying right now.'
          : 'Every seat has been sold.';
      ahead.textContent = s.status === 'CLOSED'
        ? (s.state === 'DRAINING' ? 'Everyone already in line is still being let in, in order.' : '')
        : s.soldOut === 'FOR_NOW' ? 'Seats held by others come back if their payment does not go through: '
          + 'try again in a few minutes.' : '';
      eta.textContent = '';
      for (const gone of [bar, mode, keepOpen, leaveButton]) gone.hidden = true;
      mount(note, s.soldOut === 'FOR_NOW'
        ? h('button', { type: 'button', class: 'primary', id: 'try-again', onclick: tryAgain }, 'Try again') : null,
      ' ', h('a', { class: 'button secondary', href: `#/shows/${showId}` }, 'Back to the show'));
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
    proving(p) {
      showProof(main, position, bar, p);
    },
  });

  function tryAgain() {
    for (const back of [bar, mode, keepOpen, leaveButton]) back.hidden = false;
    note.replaceChildren();
    position.textContent = 'Joining the line…';
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
      ? { title: 'This show has no waiting room.', detail: 'Tickets are not on sale here.' } : error);
    position.textContent = 'Could not join the line';
  });
  return () => room.stop();
}

/** The page's heading: why the line stands still, when it does. */
function headingOf(s) {
  if (s.status === 'CLOSED') return 'The waiting room is closed';
  if (s.status === 'SOLD_OUT') return s.soldOut === 'FOR_NOW' ? 'Sold out for now' : 'Sold out';
  return 'You are in line';
}

/** What a waiter is told besides the place. */
function noteOf(s) {
  if (s.status === 'SOLD_OUT' && s.soldOut === 'FOR_NOW') {
    return 'Sold out for now: seats held by others may come back if their payment does not go through. '
      + 'You keep your place; people are let in again in line order if they do.';
  }
  if (s.status === 'SOLD_OUT') {
    return 'Every seat has been sold. You keep your place in case a ticket is returned, '
      + 'but that is unlikely: you may leave the line.';
  }
  if (s.status === 'CLOSED') {
    return 'The organiser closed the waiting room: nobody is let in. You keep your place in case it reopens.';
  }
  if (s.state === 'DRAINING') return 'The line takes no newcomers any more; everyone in it is still let in, in order.';
  if (s.state === 'PAUSED') return 'The organiser paused the sale for a moment. You keep your place.';
  return '';
}
