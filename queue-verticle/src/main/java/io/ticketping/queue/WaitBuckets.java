package io.ticketping.queue;

/**
 * The bounds of the wait-time buckets, in seconds, shared by the {@code ticketping_queue_wait_seconds} histogram and
 * the outcome figures' distribution, so that the chart and the dashboard cut waits alike.
 */
final class WaitBuckets {

  /** Upper bounds (the histogram's {@code le}); the figures add a last, open bucket beyond an hour. */
  static final double[] SECONDS = {1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600};

  private WaitBuckets() {
  }

  /** The lower bound of each bucket of the figures in milliseconds: 0, then each bound of {@link #SECONDS}. */
  static Long[] lowerBoundsMillis() {
    Long[] bounds = new Long[SECONDS.length + 1];
    bounds[0] = 0L;
    for (int i = 0; i < SECONDS.length; i++) {
      bounds[i + 1] = (long) (SECONDS[i] * 1000);
    }
    return bounds;
  }
}
