package io.ticketping.shared.breaker;

import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.FailurePolicy;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way TicketPing makes circuit breakers: each logs its state changes and exports them as
 * {@code ticketping_breaker_state{breaker}} (0 closed, 1 half-open, 2 open), and counts only the failures that say
 * the other side is missing or broken ({@link HopFailures}), never a business answer such as a 409.
 */
public final class Breakers {

  public static final int CLOSED = 0;
  public static final int HALF_OPEN = 1;
  public static final int OPEN = 2;

  private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);
  private static final String HOPS = "ticketping.breakers";

  private Breakers() {
  }

  /**
   * A new breaker: {@code maxFailures} counted failures in a row open it for {@code resetMs}, then one call is let
   * through (half-open). A call still running after {@code timeoutMs} counts as failed; -1 leaves the timeout to the
   * call itself.
   */
  public static CircuitBreaker create(Vertx vertx, String name, int maxFailures, long timeoutMs, long resetMs) {
    DomainMeters.Level state = DomainMeters.of(vertx).gauge(MetricNames.BREAKER_STATE,
      "Circuit breaker state: 0 closed, 1 half-open, 2 open", "breaker", name);
    state.set(CLOSED);
    return CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
        .setMaxFailures(maxFailures)
        .setTimeout(timeoutMs)
        .setResetTimeout(resetMs)
        // No state broadcast on the event bus every 2 s: the log lines and the gauge say it.
        .setNotificationAddress(null))
      .failurePolicy((FailurePolicy<Object>) done -> done.failed() && HopFailures.counts(done.cause()))
      .openHandler(v -> {
        LOG.warn("Breaker {} OPEN: calls fail fast for {} ms", name, resetMs);
        state.set(OPEN);
      })
      .halfOpenHandler(v -> {
        LOG.info("Breaker {} HALF-OPEN: trying one call", name);
        state.set(HALF_OPEN);
      })
      .closeHandler(v -> {
        LOG.info("Breaker {} CLOSED", name);
        state.set(CLOSED);
      });
  }

  /**
   * The breaker of one downstream hop ({@code gateway-booking}, {@code booking-redis}, ...) with the settings of the
   * {@code breakers} config block. There is one per hop and Vert.x: every verticle instance that calls over the hop
   * shares it, so they open together and the gauge has one value.
   */
  public static Hop hop(Vertx vertx, String name, JsonObject breakers) {
    LocalMap<String, SharedHop> hops = vertx.sharedData().getLocalMap(HOPS);
    return hops.computeIfAbsent(name, n -> {
      long resetMs = breakers.getLong("resetMs");
      return new SharedHop(new Hop(name, create(vertx, name, breakers.getInteger("maxFailures"), -1, resetMs),
        resetMs));
    }).hop();
  }

  /** Lets a hop live in the Vert.x local map that the verticle instances share. */
  private record SharedHop(Hop hop) implements Shareable {
  }
}
