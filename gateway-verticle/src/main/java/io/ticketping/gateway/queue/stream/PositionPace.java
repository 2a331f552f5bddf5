package io.ticketping.gateway.queue.stream;

/**
 * How often a stream tells a waiter that the line moved. Near the head every change goes out at once; further back a
 * place is sent again once a tenth of the remaining wait has passed (at most every {@value #MAX_GAP_MS} ms), which is
 * all a waiter an hour from the turn can use. So a tick costs writes in proportion to the admissions, about
 * {@code 10·a·(1 + ln(n / 10a))} a second for {@code a} admitted a second and {@code n} streams, not one write per
 * stream: 100,000 streams with 500 admitted a second make ~20,000 writes a second instead of 100,000. Changes of kind
 * (admitted, sold out, closed, left, the queue paused or resumed) are never held back.
 */
final class PositionPace {

  /** Places up to this one are sent at every change. */
  static final int FRONT = 100;
  /** A waiter hears its place at least this often while it moves. */
  static final long MAX_GAP_MS = 30_000;
  /** A place is sent again once this share of the estimated wait has passed. */
  private static final int PARTS_OF_WAIT = 10;

  private PositionPace() {
  }

  /**
   * How long after the last position sent a changed {@code position} may wait before it is sent, given the estimated
   * wait ({@code null} while the queue is not admitting: only departures ahead move the place then).
   */
  static long gapMillis(long position, Long etaSeconds) {
    if (position <= FRONT) {
      return 0;
    }
    if (etaSeconds == null) {
      return MAX_GAP_MS;
    }
    return Math.min(MAX_GAP_MS, etaSeconds * 1000 / PARTS_OF_WAIT);
  }
}
