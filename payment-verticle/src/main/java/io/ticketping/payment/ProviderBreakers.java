package io.ticketping.payment;

import io.ticketping.shared.breaker.Breakers;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The circuit breakers in front of the provider: one for charges and one for refunds, so that an outage of one kind
 * of call never makes the other fail fast. Each logs its state changes and exports them as
 * {@code ticketping_breaker_state{breaker}}.
 */
final class ProviderBreakers {

  static final String CHARGES = "payment-provider";
  static final String REFUNDS = "payment-refunds";

  private ProviderBreakers() {
  }

  static CircuitBreaker create(Vertx vertx, String name, JsonObject payment) {
    return Breakers.create(vertx, name, payment.getInteger("breakerMaxFailures"), payment.getLong("providerTimeoutMs"),
      payment.getLong("breakerResetMs"));
  }
}
