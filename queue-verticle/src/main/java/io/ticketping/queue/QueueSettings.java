package io.ticketping.queue;

/**
 * Settings of one show's queue as sent to {@code configure}. A {@code null} field keeps the current value of an
 * existing queue, or takes the default below for a new one, so an admin may change one setting at a time.
 *
 * @param capacity           most users holding a queue pass at once (0 admits nobody)
 * @param admitPerMinute     most admissions per minute, 0 for no rate limit (capacity alone then bounds admission)
 * @param passTtlSeconds     how long a queue pass lasts
 * @param idleTimeoutSeconds how long a waiter may stay silent (no poll, no stream heartbeat) before losing the place
 * @param opensAt            sale start in epoch ms; arrivals before it are shuffled into the line at opening; 0 = open
 */
public record QueueSettings(Integer capacity, Integer admitPerMinute, Integer passTtlSeconds,
                            Integer idleTimeoutSeconds, Long opensAt) {

  public static final QueueSettings DEFAULTS = new QueueSettings(100, 0, 600, 60, 0L);

  /**
   * The script arguments: the given values (empty string = keep), then the defaults in the same order, then whether
   * only a missing queue is created.
   */
  Object[] scriptArgs(boolean createOnly) {
    return new Object[] {
      orKeep(capacity), orKeep(admitPerMinute), orKeep(passTtlSeconds), orKeep(idleTimeoutSeconds), orKeep(opensAt),
      DEFAULTS.capacity, DEFAULTS.admitPerMinute, DEFAULTS.passTtlSeconds, DEFAULTS.idleTimeoutSeconds,
      DEFAULTS.opensAt, createOnly ? 1 : 0
    };
  }

  private static Object orKeep(Number value) {
    return value == null ? "" : value;
  }
}
