package io.ticketping.payment;

import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.EventHandler;
import io.ticketping.shared.events.EventTypes;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.UUID;

/**
 * Asks for the refund of a payment: on {@code OrderPaymentRefused} (booking could not apply a late approval: the hold
 * had expired) the refused payment, and on {@code OrderRefundRequested} (a buyer or an admin refunds a paid order)
 * the order's approved payment, become REFUND_PENDING in the consumer's own transaction; {@link PaymentReconciler}
 * takes the cancel to the provider until it is confirmed, across outages and restarts. Nothing here waits for the
 * provider, so a provider outage never stalls the consumer or parks the event. The status change is conditional, so a
 * redelivered event refunds nothing twice.
 */
final class Refunds implements EventHandler {

  @Override
  public boolean handles(String type) {
    return EventTypes.ORDER_PAYMENT_REFUSED.equals(type) || EventTypes.ORDER_REFUND_REQUESTED.equals(type);
  }

  @Override
  public Future<Void> handle(SqlConnection conn, DomainEvent event) {
    if (EventTypes.ORDER_REFUND_REQUESTED.equals(event.type())) {
      return PaymentRepository.refundPendingOfOrder(conn, UUID.fromString(event.payload().getString("orderId")),
        event.payload().getString("reason", "Refund")).mapEmpty();
    }
    UUID paymentId = UUID.fromString(event.payload().getString("paymentId"));
    String reason = event.payload().getString("reason", "order not payable");
    // Only a payment we approved is refunded: an event naming anything else (already refunded, unknown) is a no-op.
    return PaymentRepository.refundPending(conn, paymentId, "Seat hold expired before payment (" + reason + ")")
      .mapEmpty();
  }
}
