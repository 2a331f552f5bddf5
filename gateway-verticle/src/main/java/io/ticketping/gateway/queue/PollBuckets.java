package io.ticketping.gateway.queue;

import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets per user, in this gateway instance's memory, for the polls its {@link PollView} answers. Confined to
 * the instance's event loop.
 */
public final class PollBuckets {

  private final int capacity;
  private final double refillPerMilli;
  private final long refillMillis;
  private final Map<Long, Bucket> byUser = new HashMap<>();

  public PollBuckets(int capacity, double refillPerSecond) {
    this.capacity = capacity;
    this.refillPerMilli = refillPerSecond / 1000;
    this.refillMillis = (long) Math.ceil(capacity / refillPerMilli);
  }

  /** Takes one token of {@code userId}'s bucket: 0 when taken, else the milliseconds until one is available. */
  long take(long userId, long now) {
    Bucket bucket = byUser.computeIfAbsent(userId, u -> new Bucket(capacity, now));
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * refillPerMilli);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - bucket.tokens) / refillPerMilli);
  }

  /** Drops buckets that have refilled completely: they equal a new one. */
  void prune(long now) {
    byUser.values().removeIf(bucket -> now - bucket.at >= refillMillis);
  }

  int size() {
    return byUser.size();
  }

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }
}
