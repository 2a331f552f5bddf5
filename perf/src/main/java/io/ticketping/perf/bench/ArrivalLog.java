package io.ticketping.perf.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Arrival times of stream events and of ticks, per millisecond since {@link #start()}. An event's lag is its arrival
 * after the latest tick seen before it. A tick is when the line's length in Redis reaches a new low: the moment the
 * admission tick committed, before any gateway has read the line, so the lag holds the gateways' read of the line as
 * well as their fan-out.
 */
final class ArrivalLog {

  private static final int MAX_MS = 600_000;

  final AtomicInteger ended = new AtomicInteger();
  private final AtomicIntegerArray events = new AtomicIntegerArray(MAX_MS);
  private final AtomicIntegerArray ticks = new AtomicIntegerArray(MAX_MS);
  private volatile long startNanos;
  private volatile boolean recording;
  private long lowestLength = Long.MIN_VALUE;

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
   * The line's length as just read from Redis; a length lower than any seen before marks a tick (the first reading only
   * sets the baseline). Only a new low counts, so nothing but admission (or a departure) makes a tick.
   */
  synchronized void lineLength(long length) {
    if (length < 0) {
      return;
    }
    if (lowestLength == Long.MIN_VALUE) {
      lowestLength = length;
    } else if (length < lowestLength) {
      lowestLength = length;
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

  /**
   * Events by lag after the latest tick, in ms (index = lag), over events that had a tick before them: several load
   * processes' histograms add up to the histogram of all their streams.
   */
  long[] lagHistogram() {
    long[] histogram = new long[MAX_MS];
    int lastTick = -1;
    for (int i = 0; i < MAX_MS; i++) {
      if (ticks.get(i) > 0) {
        lastTick = i;
      }
      int n = events.get(i);
      if (n > 0 && lastTick >= 0) {
        histogram[i - lastTick] += n;
      }
    }
    return histogram;
  }

  /** The given percentile (0-100) of lags after the latest tick, in ms; -1 without any event after a tick. */
  long lagPercentile(double percentile) {
    return percentile(lagHistogram(), percentile);
  }

  /** The given percentile (0-100) of a histogram whose index is the value. */
  static long percentile(long[] histogram, double percentile) {
    long total = 0;
    for (long n : histogram) {
      total += n;
    }
    long wanted = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
    long seen = 0;
    for (int value = 0; value < histogram.length; value++) {
      seen += histogram[value];
      if (seen >= wanted) {
        return value;
      }
    }
    return -1;
  }

  private int nowMs() {
    return (int) ((System.nanoTime() - startNanos) / 1_000_000);
  }
}
