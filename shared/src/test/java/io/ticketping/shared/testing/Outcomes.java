package io.ticketping.shared.testing;

import io.vertx.core.Future;

/** How an awaited call ended, for tests that expect it to fail (called from the test thread, never an event loop). */
public final class Outcomes {

  private Outcomes() {
  }

  /** Awaits {@code call} and returns why it failed; an {@link AssertionError} when it succeeded. */
  public static Throwable failureOf(Future<?> call) {
    try {
      call.await();
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }
}
