package io.ticketping.booking;

import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.EventHandler;
import io.ticketping.shared.events.EventTypes;
import io.ticketping.shared.pg.AfterCommit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.UUID;

/**
 * Applies the payment service's outcomes to orders: PaymentRefunded completes a refund ({@link OrderRefunds}), and
 * PaymentApproved pays its order: PAID with its seats SOLD and an OrderPaid event, all in PostgreSQL in the
 * consumer's transaction with the event's id, so a redelivery changes nothing; the Redis seat map follows after the
 * commit ({@link SeatMapSync}), so Redis being down never holds back or fails a sale. An approval for an order that
 * can no longer take it (its hold expired: the order ends EXPIRED here if the sweeper has not got to it; or it was
 * cancelled) becomes OrderPaymentRefused, and the payment service gives the money back: the seats are never both
 * refunded and sold.
 */
final class PaymentOutcomes implements EventHandler {

  private final SeatMapSync seatMapSync;
  private final OrderRefunds refunds;
  private final BookingMeters meters;
  private final SeatAvailability availability;

  PaymentOutcomes(SeatMapSync seatMapSync, OrderRefunds refunds, BookingMeters meters,
                  SeatAvailability availability) {
    this.seatMapSync = seatMapSync;
    this.refunds = refunds;
    this.meters = meters;
    this.availability = availability;
  }

  /** Approvals and refunds: a decline leaves the order payable until its hold expires. */
  @Override
  public boolean handles(String type) {
    return EventTypes.PAYMENT_APPROVED.equals(type) || EventTypes.PAYMENT_REFUNDED.equals(type);
  }

  @Override
  public Future<Void> handle(SqlConnection conn, DomainEvent event) {
    return EventTypes.PAYMENT_REFUNDED.equals(event.type()) ? refunds.completed(conn, event) : approved(conn, event);
  }

  private Future<Void> approved(SqlConnection conn, DomainEvent event) {
    UUID orderId = UUID.fromString(event.payload().getString("orderId"));
    return OrderRepository.markPaid(conn, orderId, event.payload()).compose(order -> order != null
      ? seatMapSync.owe(conn, order)
        .onSuccess(v -> AfterCommit.run(conn, () -> {
          meters.seatsSold(order.showId(), order.seatIds().size());
          // Held seats became sold: the last of them makes the show sold out for good.
          availability.changed(order.showId());
        }))
      : OrderRepository.endPending(conn, orderId, Order.EXPIRED, " AND hold_expires_at <= now()")
        .compose(expired -> OrderRepository.find(conn, orderId))
        .compose(current -> {
          if (current != null && Order.PAID.equals(current.status())) {
            return Future.succeededFuture(); // already paid (by this payment): nothing to undo
          }
          Future<Void> freed = current == null ? Future.succeededFuture() : seatMapSync.owe(conn, current)
            .onSuccess(v -> AfterCommit.run(conn, () -> availability.changed(current.showId())));
          return freed.compose(v -> OrderEvents.append(conn, OrderEvents.PAYMENT_REFUSED, orderId, new JsonObject()
            .put("orderId", orderId.toString()).put("paymentId", event.payload().getString("paymentId"))
            .put("reason", current == null ? "unknown order" : "order is " + current.status())));
        }));
  }
}
