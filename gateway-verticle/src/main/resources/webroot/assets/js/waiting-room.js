// Follows one's place in a show's line: live over Server-Sent Events, and when the stream cannot be had (a proxy that
// cuts it, a flaky network) by polling, while it keeps trying to stream again with a growing pause.
import { api, freshToken } from './api.js';
import { enterQueue } from './entry-proof.js';

const POLL_MS = 2000;
// Each wait is drawn within ±10 % of POLL_MS: pages that polled in step (after a stall or a network blip answered many
// at once) drift apart again instead of arriving together every round.
const POLL_JITTER = 0.1;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15000;

export class WaitingRoom {
  /**
   * @param showId the show
   * @param on {status(s), mode('stream'|'poll'), admitted(s), refused(s), left(detail), problem(error|null),
   *   proving(p) (optional: a proof of work on entry, see entry-proof.js)}; status
   *   gets WAITING and PREQUEUE, and SOLD_OUT or CLOSED for someone who keeps a place while the line stands still;
   *   refused gets SOLD_OUT or CLOSED when entering gave no place (sold out, or the queue takes no newcomers)
   */
  constructor(showId, on) {
    this.showId = showId;
    this.on = on;
    this.source = null;
    this.pollTimer = null;
    this.retryTimer = null;
    this.retryMs = FIRST_RETRY_MS;
    this.done = false;
  }

  /** Enters the line (entering again keeps one's place) and starts following it. */
  async start() {
    this.done = false;
    const status = await enterQueue(this.showId, (p) => this.on.proving?.(p));
    if (!this.accept(status)) this.stream();
  }

  stop() {
    this.done = true;
    this.closeStream();
    clearTimeout(this.pollTimer);
    clearTimeout(this.retryTimer);
  }

  async leave() {
    this.stop();
    await api(`/api/v1/queue/${this.showId}`, { method: 'DELETE' });
  }

  /** Hands a status on; true when following is over (admitted, or refused without a place). */
  accept(status) {
    if (this.done) return true;
    this.on.problem(null);
    if (status.status === 'ADMITTED' && status.pass) {
      this.stop();
      this.on.admitted(status);
      return true;
    }
    if ((status.status === 'SOLD_OUT' || status.status === 'CLOSED') && status.position == null) {
      this.stop();
      this.on.refused(status);
      return true;
    }
    this.on.status(status);
    return false;
  }

  async stream() {
    if (this.done) return;
    this.closeStream();
    const token = await freshToken();
    const url = `/api/v1/queue/${this.showId}/stream?access_token=${encodeURIComponent(token)}`;
    const source = new EventSource(url);
    this.source = source;
    source.addEventListener('open', () => {
      this.retryMs = FIRST_RETRY_MS;
      clearTimeout(this.pollTimer);
      this.pollTimer = null;
      this.on.mode('stream');
    });
    // Sold out and closed keep the place: the stream stays open and goes on with positions when the line moves.
    for (const name of ['position', 'soldout', 'closed']) {
      source.addEventListener(name, (e) => this.accept(JSON.parse(e.data)));
    }
    source.addEventListener('admitted', (e) => this.accept(JSON.parse(e.data)));
    source.addEventListener('left', (e) => {
      this.stop();
      this.on.left(JSON.parse(e.data).detail);
    });
    // The browser would retry by itself, but blindly: we poll meanwhile so the place keeps moving on screen.
    source.addEventListener('error', () => {
      if (this.source !== source || this.done) return;
      this.closeStream();
      this.on.mode('poll');
      if (!this.pollTimer) this.poll();
      this.retryTimer = setTimeout(() => this.stream(), this.retryMs);
      this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    });
  }

  closeStream() {
    clearTimeout(this.retryTimer);
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  async poll() {
    this.pollTimer = null;
    if (this.done) return;
    try {
      const status = await api(`/api/v1/queue/${this.showId}`);
      if (this.accept(status)) return;
    } catch (error) {
      if (error.status === 404) {
        this.stop();
        this.on.left('Your place in line is gone (you left, or the page was closed for too long).');
        return;
      }
      if (error.status === 401) {
        this.stop();
        this.on.problem({ title: 'Your session ended.', detail: 'Log in again: your place is kept for a while.' });
        return;
      }
      this.on.problem(error);
    }
    // Streaming came back while this poll was in flight: it carries on alone.
    if (!this.done && !(this.source && this.source.readyState === EventSource.OPEN)) {
      this.pollTimer = setTimeout(() => this.poll(), POLL_MS * (1 - POLL_JITTER + 2 * POLL_JITTER * Math.random()));
    }
  }
}
