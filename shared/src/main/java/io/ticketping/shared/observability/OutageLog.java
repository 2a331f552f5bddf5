package io.ticketping.shared.observability;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The log of work retried while it keeps failing the same way (a periodic read, a delivery waiting for its store):
 * one WARN when the failures start, and again once per re-warn interval if one is set, DEBUG for the repeats in
 * between, and one INFO when the work succeeds again. Without it every retry of an outage would warn alike. Safe to
 * use from several threads.
 */
public final class OutageLog {

  /** {@link #warnedAt} while no outage is logged. */
  private static final long CALM = Long.MIN_VALUE;

  private final Logger log;
  private final long rewarnNanos;
  private final LongSupplier nanoClock;
  /** The {@link #nanoClock} time of the outage's last WARN, or {@link #CALM}. */
  private final AtomicLong warnedAt = new AtomicLong(CALM);

  OutageLog(Logger log, long rewarnNanos, LongSupplier nanoClock) {
    this.log = log;
    this.rewarnNanos = rewarnNanos;
    this.nanoClock = nanoClock;
  }

  /** Warns once per outage. */
  public static OutageLog warnOnce(Logger log) {
    return new OutageLog(log, Long.MAX_VALUE, System::nanoTime);
  }

  /** Warns when an outage starts and again every {@code interval} while it lasts. */
  public static OutageLog warnEvery(Logger log, Duration interval) {
    return new OutageLog(log, interval.toNanos(), System::nanoTime);
  }

  /** A failure: at WARN if it starts an outage or the re-warn interval is over, else at DEBUG. */
  public void failed(String format, Object... args) {
    long now = nanoClock.getAsLong();
    long last = warnedAt.get();
    boolean warn = (last == CALM || now - last >= rewarnNanos) && warnedAt.compareAndSet(last, now);
    if (warn) {
      log.warn(format, args);
    } else {
      log.debug(format, args);
    }
  }

  /** A success: ends a logged outage with one INFO; nothing is logged if none was. */
  public void recovered(String format, Object... args) {
    if (warnedAt.getAndSet(CALM) != CALM) {
      log.info(format, args);
    }
  }

  /** Ends the outage without a word, for a caller that logs its recovery itself: the next failure warns at once. */
  public void forget() {
    warnedAt.set(CALM);
  }
}
