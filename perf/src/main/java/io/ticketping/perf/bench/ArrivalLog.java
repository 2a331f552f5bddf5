package io.ticketping.perf.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Arrival times of stream events and of ticks, per millisecond since {@link #start()}. An event's lag is its arrival
 * after the latest tick seen before it.
 */
final class ArrivalLog {

  private static final int MAX_MS = 600_000;

  final AtomicInteger ended = new AtomicInteger();
  private final AtomicIntegerArray events = new AtomicIntegerArray(MAX_MS);
  private final AtomicIntegerArray ticks = new AtomicIntegerArray(MAX_MS);
  private volatile long startNanos;
  private volatile boolean recording;
  private long lowestCanaryPosition = Long.MIN_VALUE;

  void start() {
    startNanos = System.nanoTime();
    recording = true;
  }

  void stop() {
    recording = false;
  }

  void record(int count) {
    if (recording && count > 0) {
      int ms = nowMs();
      if (ms < MAX_MS) {
        events.addAndGet(ms, count);
      }
    }
  }

  /**
   * The canary's place; a place lower than any seen before marks a tick (the first answer only sets the baseline).
   * Only a new low counts: each gateway instance answers from its own copy of the line, refreshed at its own moment
   * after a tick, so successive polls can go back to the older place; counting every change counted those too, as
   * ticks that never were, and measured lags from them.
   */
  synchronized void canary(long position) {
    if (position < 0) {
      return;
    }
    if (lowestCanaryPosition == Long.MIN_VALUE) {
      lowestCanaryPosition = position;
    } else if (position < lowestCanaryPosition) {
      lowestCanaryPosition = position;
      if (recording && nowMs() < MAX_MS) {
        ticks.set(nowMs(), 1);
      }
    }
  }

  int ended() {
    return ended.get();
  }

  long total() {
    long total = 0;
    for (int i = 0; i < MAX_MS; i++) {
      total += events.get(i);
    }
    return total;
  }

  int ticks() {
    int count = 0;
    for (int i = 0; i < MAX_MS; i++) {
      count += ticks.get(i);
    }
    return count;
  }

  /** The given percentile (0-100) of lags after the latest tick, in ms, over events that had a tick before them. */
  long lagPercentile(double percentile) {
    long[] histogram = new long[MAX_MS];
    long total = 0;
    int lastTick = -1;
    for (int i = 0; i < MAX_MS; i++) {
      if (ticks.get(i) > 0) {
        lastTick = i;
      }
      int n = events.get(i);
      if (n > 0 && lastTick >= 0) {
        histogram[i - lastTick] += n;
        total += n;
      }
    }
    long wanted = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
    long seen = 0;
    for (int ms = 0; ms < MAX_MS; ms++) {
      seen += histogram[ms];
      if (seen >= wanted) {
        return ms;
      }
    }
    return -1;
  }

  private int nowMs() {
    return (int) ((System.nanoTime() - startNanos) / 1_000_000);
  }
}
