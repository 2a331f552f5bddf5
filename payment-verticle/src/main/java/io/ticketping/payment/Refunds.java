package io.ticketping.payment;

import io.ticketping.payment.provider.PaymentProvider;
import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.EventHandler;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.UUID;

/**
 * Refunds a payment that booking could not apply (the hold had expired when the approval arrived): on
 * {@code OrderPaymentRefused} the provider cancels the charge and the payment ends REFUNDED with a PaymentRefunded
 * event. The provider's cancel is idempotent by payment key, and the status change is conditional, so a redelivered
 * event refunds nothing twice.
 */
final class Refunds implements EventHandler {

  static final String ORDER_PAYMENT_REFUSED = "OrderPaymentRefused";

  private final PaymentProvider provider;
  private final CircuitBreaker breaker;

  Refunds(PaymentProvider provider, CircuitBreaker breaker) {
    this.provider = provider;
    this.breaker = breaker;
  }

  @Override
  public boolean handles(String type) {
    return ORDER_PAYMENT_REFUSED.equals(type);
  }

  @Override
  public Future<Void> handle(SqlConnection conn, DomainEvent event) {
    UUID paymentId = UUID.fromString(event.payload().getString("paymentId"));
    // Only a payment we approved is refunded: an event naming anything else (already refunded, unknown) is a no-op,
    // and never reaches the provider, whose errors would count against the breaker that guards new payments.
    return PaymentRepository.lockApproved(conn, paymentId).compose(approved -> !approved
      ? Future.succeededFuture()
      : breaker.<Void>execute(() -> provider.cancel(paymentId.toString(), "Seat hold expired before payment"))
        .compose(v -> PaymentRepository.refunded(conn, paymentId, DomainEvent.of("PaymentRefunded", event.key(),
          new JsonObject().put("paymentId", paymentId.toString()).put("orderId", event.key())
            .put("reason", event.payload().getString("reason")))))
        .mapEmpty());
  }
}
