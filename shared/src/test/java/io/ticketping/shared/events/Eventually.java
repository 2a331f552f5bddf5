package io.ticketping.shared.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls an asynchronous condition until it holds, for tests that wait on background work (relays, consumers). */
final class Eventually {

  private Eventually() {
  }

  static Future<Void> until(Vertx vertx, Duration timeout, String what, Supplier<Future<Boolean>> condition) {
    return attempt(vertx, System.nanoTime() + timeout.toNanos(), what, condition);
  }

  private static Future<Void> attempt(Vertx vertx, long deadline, String what, Supplier<Future<Boolean>> condition) {
    return condition.get().compose(holds -> {
      if (holds) {
        return Future.succeededFuture();
      }
      if (System.nanoTime() > deadline) {
        return Future.failedFuture(new AssertionError("timed out waiting for " + what));
      }
      return vertx.timer(100).compose(v -> attempt(vertx, deadline, what, condition));
    });
  }
}
