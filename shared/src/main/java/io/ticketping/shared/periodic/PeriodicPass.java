package io.ticketping.shared.periodic;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Background work done in passes: one now, then one every period, never two at once on this instance (a pass still
 * running when the timer fires is skipped; the next one catches up). Each pass leases its own work in the store, so
 * instances running side by side share it. A failed pass is logged and the next one retries. Start and stop on the
 * owner's context.
 */
public final class PeriodicPass {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicPass.class);

  private final Vertx vertx;
  private final String name;
  private final Supplier<Future<?>> pass;
  private long timer = -1;
  private boolean running;

  /** {@code name} says what a pass does, for the log (e.g. "Payment reconciliation pass"). */
  public PeriodicPass(Vertx vertx, String name, Supplier<Future<?>> pass) {
    this.vertx = vertx;
    this.name = name;
    this.pass = pass;
  }

  /** Runs a pass now and every {@code periodMillis} from now on. */
  public void start(long periodMillis) {
    run();
    timer = vertx.setPeriodic(periodMillis, id -> run());
  }

  /** No more passes; one still running finishes. */
  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void run() {
    if (running) {
      return;
    }
    running = true;
    Future<?> work;
    try {
      work = pass.get();
    } catch (RuntimeException e) {
      work = Future.failedFuture(e); // a pass that throws must not leave the passes stuck as running
    }
    work
      .onFailure(e -> LOG.warn("{} failed; the next one retries: {}", name, e.toString()))
      .onComplete(done -> running = false);
  }
}
