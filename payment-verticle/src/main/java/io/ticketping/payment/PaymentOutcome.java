package io.ticketping.payment;

import io.ticketping.payment.provider.PaymentProvider;
import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.EventTypes;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A provider's final word on a payment, as it is stored and published: the status, the answer the client (and every
 * repeat) gets, and the PaymentApproved or PaymentDeclined event. The same whether the confirm's own answer brought it
 * or a later look-up did.
 */
record PaymentOutcome(String status, JsonObject answer, DomainEvent event) {

  static PaymentOutcome of(UUID paymentId, long userId, Long showId, UUID orderId, long amount,
                           PaymentProvider.Outcome outcome) {
    String status = outcome.approved() ? PaymentRecord.APPROVED : PaymentRecord.DECLINED;
    JsonObject answer = new JsonObject().put("paymentId", paymentId.toString()).put("orderId", orderId.toString())
      .put("status", status).put("amount", amount);
    if (!outcome.approved()) {
      answer.put("declineCode", outcome.code()).put("declineMessage", outcome.message());
    }
    JsonObject payload = new JsonObject().put("paymentId", paymentId.toString()).put("orderId", orderId.toString())
      .put("userId", userId).put("amount", amount);
    if (showId != null) {
      payload.put("showId", String.valueOf(showId));
    }
    DomainEvent event = DomainEvent.of(outcome.approved() ? EventTypes.PAYMENT_APPROVED : EventTypes.PAYMENT_DECLINED,
      orderId.toString(), payload);
    return new PaymentOutcome(status, answer, event);
  }
}
