package io.ticketping.shared.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How the delivery of the record a partition is stuck at has gone so far. Kept while the consumer lets go of the
 * record to poll again (see {@link EventDelivery.Deferred}), so that when the record comes back its backoff goes on
 * growing instead of starting over, and its poison attempts go on counting towards the dead-letter topic.
 */
final class DeliveryRetry {

  /** One per partition: a partition is stuck at one record at a time. */
  static final class Book {
    private final Map<String, DeliveryRetry> byPartition = new ConcurrentHashMap<>();

    /** The record's retry state, fresh unless the record failed before (same partition, same offset). */
    DeliveryRetry of(String topic, int partition, long offset) {
      String key = topic + "/" + partition;
      return byPartition.compute(key, (k, known) -> known != null && known.offset == offset ? known
        : new DeliveryRetry(key, offset));
    }

    /** Forgets the record: it was handled or parked. */
    void done(DeliveryRetry retry) {
      byPartition.remove(retry.key, retry);
    }

    void clear() {
      byPartition.clear();
    }
  }

  private final String key;
  private final long offset;
  /** Failures that are the event's own fault: the dead-letter topic is reached after {@code maxAttempts}. */
  private int attempts;
  /** All failures, transient or not: the backoff grows with them. */
  private int failures;
  private long firstTransientNanos;
  private long notBeforeNanos;

  private DeliveryRetry(String key, long offset) {
    this.key = key;
    this.offset = offset;
  }

  /** Counts a failure; {@code transientFailure} ones never count towards the dead-letter topic. */
  void failed(boolean transientFailure, long nowNanos) {
    failures++;
    if (!transientFailure) {
      attempts++;
    } else if (firstTransientNanos == 0) {
      firstTransientNanos = nowNanos;
    }
  }

  int attempts() {
    return attempts;
  }

  int failures() {
    return failures;
  }

  boolean failedTransiently() {
    return firstTransientNanos != 0;
  }

  /** How long ago the first transient failure of this record was. */
  long transientMillis(long nowNanos) {
    return firstTransientNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nowNanos - firstTransientNanos);
  }

  /** The next attempt must wait until then: the backoff left over when the consumer let go of the record. */
  void notBefore(long nanos) {
    notBeforeNanos = nanos;
  }

  /** What is left of that wait (0 when none). */
  long waitMillis(long nowNanos) {
    return notBeforeNanos == 0 ? 0 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(notBeforeNanos - nowNanos));
  }
}
