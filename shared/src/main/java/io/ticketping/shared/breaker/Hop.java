package io.ticketping.shared.breaker;

import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * One downstream hop behind its circuit breaker. While the breaker is open a call is refused at once with a 503
 * problem whose {@code Retry-After} is the breaker's reset time; every other outcome is the call's own.
 */
public final class Hop {

  private final String name;
  private final CircuitBreaker breaker;
  private final long retryAfterSeconds;

  Hop(String name, CircuitBreaker breaker, long resetMs) {
    this.name = name;
    this.breaker = breaker;
    this.retryAfterSeconds = Math.max(1, (resetMs + 999) / 1000);
  }

  public <T> Future<T> call(Supplier<Future<T>> call) {
    // The open breaker stays the cause: event consumers take it for a transient failure and retry.
    return breaker.<T>execute(call).recover(e -> Future.failedFuture(e instanceof OpenCircuitException
      ? new ProblemException(Problem.unavailable("A service this request needs is not answering (" + name
      + "); try again after Retry-After."), retryAfterSeconds, e)
      : e));
  }

  public String name() {
    return name;
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }
}
