// Follows one's place in a show's line: live over Server-Sent Events, and when the stream cannot be had (a proxy that
// cuts it, a flaky network) by polling, while it keeps trying to stream again. The place survives a network change:
// the server keeps it while heartbeats (an open stream, or a poll) arrive within the queue's idle timeout, so the page
// comes back with the same session: the browser's own reconnect sends Last-Event-ID, a new stream passes the last id
// along, and going back online, or the tab coming back into view, checks the place at once.
import { api, freshToken } from './api.js';
import { t } from './i18n.js';
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
   * @param on {status(s), mode('stream'|'poll'|'offline'), admitted(s), refused(s), left(detail), problem(error|null),
   *   proving(p) (optional: a proof of work on entry, see entry-proof.js)}; status gets WAITING and PREQUEUE, and
   *   SOLD_OUT or CLOSED for someone who keeps a place while the line stands still; refused gets SOLD_OUT or CLOSED
   *   when entering gave no place (sold out, or the queue takes no newcomers)
   */
  constructor(showId, on) {
    this.showId = showId;
    this.on = on;
    this.source = null;
    this.lastEventId = null;
    this.pollTimer = null;
    this.polling = false;
    this.retryTimer = null;
    this.retryMs = FIRST_RETRY_MS;
    this.done = true;
    this.online = () => this.resume();
    this.offline = () => {
      if (!this.done) this.on.mode('offline');
    };
    this.visible = () => {
      if (!document.hidden) this.resume();
    };
  }

  /** Enters the line (entering again keeps one's place) and starts following it. */
  async start() {
    if (this.done) {
      window.addEventListener('online', this.online);
      window.addEventListener('offline', this.offline);
      document.addEventListener('visibilitychange', this.visible);
    }
    this.done = false;
    const status = await enterQueue(this.showId, (p) => this.on.proving?.(p));
    if (!this.accept(status)) this.stream();
  }

  stop() {
    this.done = true;
    this.closeStream();
    clearTimeout(this.pollTimer);
    this.pollTimer = null;
    window.removeEventListener('online', this.online);
    window.removeEventListener('offline', this.offline);
    document.removeEventListener('visibilitychange', this.visible);
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

  /** Back online, or back in view: the place is checked now, and streaming tried again without waiting. */
  resume() {
    if (this.done) return;
    if (this.streaming()) {
      this.on.mode('stream'); // the stream outlived the drop: only the mode line had changed
      return;
    }
    clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.poll();
    this.retryMs = FIRST_RETRY_MS;
    this.stream();
  }

  streaming() {
    return Boolean(this.source && this.source.readyState === EventSource.OPEN);
  }

  async stream() {
    if (this.done) return;
    this.closeStream();
    const token = await freshToken();
    if (this.done || this.source) return;
    // EventSource sends no headers of ours: a new stream passes the last event id in the address instead.
    const resume = this.lastEventId ? `&lastEventId=${encodeURIComponent(this.lastEventId)}` : '';
    const source = new EventSource(`/api/v1/queue/${this.showId}/stream?access_token=${encodeURIComponent(token)}`
      + resume);
    this.source = source;
    source.addEventListener('open', () => {
      this.retryMs = FIRST_RETRY_MS;
      clearTimeout(this.pollTimer);
      this.pollTimer = null;
      this.on.mode('stream');
    });
    const follow = (e) => {
      if (e.lastEventId) this.lastEventId = e.lastEventId;
      this.accept(JSON.parse(e.data));
    };
    // Sold out and closed keep the place: the stream stays open and goes on with positions when the line moves.
    for (const name of ['position', 'soldout', 'closed', 'admitted']) source.addEventListener(name, follow);
    source.addEventListener('left', (e) => {
      this.stop();
      this.on.left(JSON.parse(e.data).detail);
    });
    source.addEventListener('error', () => {
      if (this.source !== source || this.done) return;
      this.on.mode(navigator.onLine === false ? 'offline' : 'poll');
      // Polls keep the place moving on screen (and count as heartbeats) while the stream is down.
      if (!this.pollTimer && !this.polling) this.poll();
      // The connection dropped: the browser reconnects by itself, with Last-Event-ID, after the server's retry pause.
      if (source.readyState === EventSource.CONNECTING) return;
      // Refused (an expired token, a server with no room for streams): a new one with a fresh token, after a pause.
      this.closeStream();
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
    if (this.done || this.polling) return;
    this.polling = true;
    try {
      const status = await api(`/api/v1/queue/${this.showId}`);
      if (this.accept(status)) return;
    } catch (error) {
      if (error.status === 404) {
        this.stop();
        this.on.left(t('queue.left.gone'));
        return;
      }
      if (error.status === 401) {
        this.stop();
        this.on.problem({ title: t('queue.sessionEnded.title'), detail: t('queue.sessionEnded.detail') });
        return;
      }
      // Offline: the mode line says so already, and the place is kept for a while.
      if (!(error.status === 0 && navigator.onLine === false)) this.on.problem(error);
    } finally {
      this.polling = false;
    }
    // Streaming came back while this poll was in flight: it carries on alone.
    if (!this.done && !this.streaming() && !this.pollTimer) {
      this.pollTimer = setTimeout(() => this.poll(), POLL_MS * (1 - POLL_JITTER + 2 * POLL_JITTER * Math.random()));
    }
  }
}
