package io.ticketping.shared.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/** Waiting in asynchronous tests without blocking an event loop. */
public final class Waits {

  private Waits() {
  }

  /** Completes after {@code millis} (at least 1 ms: a timer takes no shorter delay). */
  public static Future<Void> later(Vertx vertx, long millis) {
    return vertx.timer(Math.max(1, millis));
  }

  /** Polls {@code check} every 50 ms until it holds; fails naming {@code what} after {@code millis}. */
  public static Future<Void> eventually(Vertx vertx, String what, long millis, Supplier<Future<Boolean>> check) {
    long deadline = System.currentTimeMillis() + millis;
    return check.get().compose(ok -> {
      if (ok) {
        return Future.succeededFuture();
      }
      if (System.currentTimeMillis() > deadline) {
        return Future.failedFuture(new AssertionError("timed out waiting for " + what));
      }
      return later(vertx, 50).compose(v -> eventually(vertx, what, deadline - System.currentTimeMillis(), check));
    });
  }
}
