package io.ticketping.payment;

import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breakers in front of the provider: one for charges and one for refunds, so that an outage of one kind
 * of call never makes the other fail fast. Each logs its state changes and exports them as
 * {@code ticketping_breaker_state{breaker}}.
 */
final class ProviderBreakers {

  static final String CHARGES = "payment-provider";
  static final String REFUNDS = "payment-refunds";

  private static final Logger LOG = LoggerFactory.getLogger(ProviderBreakers.class);

  private ProviderBreakers() {
  }

  static CircuitBreaker create(Vertx vertx, String name, JsonObject payment) {
    long resetMs = payment.getLong("breakerResetMs");
    DomainMeters.Level state = DomainMeters.of(vertx).gauge(MetricNames.BREAKER_STATE,
      "Circuit breaker state: 0 closed, 1 half-open, 2 open", "breaker", name);
    state.set(0);
    return CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
        .setMaxFailures(payment.getInteger("breakerMaxFailures"))
        .setTimeout(payment.getLong("providerTimeoutMs"))
        .setResetTimeout(resetMs))
      .openHandler(v -> {
        LOG.warn("Breaker {} OPEN: calls fail fast for {} ms", name, resetMs);
        state.set(2);
      })
      .halfOpenHandler(v -> {
        LOG.info("Breaker {} HALF-OPEN: trying one call", name);
        state.set(1);
      })
      .closeHandler(v -> {
        LOG.info("Breaker {} CLOSED", name);
        state.set(0);
      });
  }
}
