package io.ticketping.gateway.web;

import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets by key in one gateway instance's memory, for limits that need no Redis call. Not thread-safe: each
 * owner keeps it on its event loop. A bucket untouched for a whole refill is full again, so {@link #prune} drops it.
 */
public final class LocalBuckets<K> {

  private final double capacity;
  private final double refillPerMilli;
  private final long refillMillis;
  private final Map<K, Bucket> byKey = new HashMap<>();

  public LocalBuckets(double capacity, double refillPerSecond) {
    this.capacity = capacity;
    this.refillPerMilli = refillPerSecond / 1000;
    this.refillMillis = (long) Math.ceil(capacity / refillPerMilli);
  }

  /** Takes one token of {@code key}'s bucket: 0 when taken, else the milliseconds until one is available. */
  public long take(K key, long now) {
    Bucket bucket = byKey.computeIfAbsent(key, k -> new Bucket(capacity, now));
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * refillPerMilli);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - bucket.tokens) / refillPerMilli);
  }

  /** Drops the buckets that have refilled completely: they equal a new one. */
  public void prune(long now) {
    byKey.values().removeIf(bucket -> now - bucket.at >= refillMillis);
  }

  /** How long a bucket takes to refill from empty. */
  public long refillMillis() {
    return refillMillis;
  }

  public int size() {
    return byKey.size();
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
