package io.ticketping.booking;

import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.EventTypes;
import io.ticketping.shared.events.Outbox;
import io.ticketping.shared.events.Topics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.UUID;

/** The order events booking publishes on {@code order.events}, keyed by order id, always through the outbox. */
final class OrderEvents {

  static final String CREATED = EventTypes.ORDER_CREATED;
  static final String PAID = EventTypes.ORDER_PAID;
  static final String EXPIRED = EventTypes.ORDER_EXPIRED;
  static final String CANCELLED = EventTypes.ORDER_CANCELLED;
  /** An approved payment arrived for an order that could no longer take it: the payment service refunds it. */
  static final String PAYMENT_REFUSED = EventTypes.ORDER_PAYMENT_REFUSED;
  static final String REFUND_REQUESTED = EventTypes.ORDER_REFUND_REQUESTED;
  static final String REFUND_COMPLETED = EventTypes.REFUND_COMPLETED;

  private OrderEvents() {
  }

  /** Writes the event in the caller's transaction, so it is published if and only if the change commits. */
  static Future<Void> append(SqlConnection conn, String type, UUID orderId, JsonObject payload) {
    return Outbox.append(conn, Topics.ORDER_EVENTS, of(type, orderId, payload));
  }

  /** The event itself, for a statement that writes the outbox row on its own (the hold). */
  static DomainEvent of(String type, UUID orderId, JsonObject payload) {
    return DomainEvent.of(type, orderId.toString(), payload);
  }
}
