package io.ticketping.booking;

import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.pg.AfterCommit;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.time.Instant;
import java.util.UUID;

/**
 * Refunds of paid orders, whole orders only. Asking moves the order to REFUNDING with an OrderRefundRequested event
 * (the payment service then cancels the charge at the provider, retrying until it confirms); the PaymentRefunded that
 * follows ends it REFUNDED with its seats AVAILABLE in PostgreSQL, then in the seat map, and a RefundCompleted event.
 * Each step is a conditional update in the transaction of its event, so a repeated request or a redelivered event
 * changes nothing twice, and the seats never go back on sale before the money is back.
 */
final class OrderRefunds {

  private final OrderRepository orders;
  private final SeatMapSync seatMapSync;
  private final BookingMeters meters;
  private final SeatAvailability availability;

  OrderRefunds(OrderRepository orders, SeatMapSync seatMapSync, BookingMeters meters,
               SeatAvailability availability) {
    this.orders = orders;
    this.seatMapSync = seatMapSync;
    this.meters = meters;
    this.availability = availability;
  }

  /**
   * Asks for the refund of {@code orderId}: the buyer's own order up to the show's cut-off before its schedule
   * starts, or (for an admin, {@code userId} null) any paid order at any time. The order as it now is (REFUNDING, or
   * further along when asked before); 404 when it is not the buyer's, 409 when it is not paid or past the cut-off.
   */
  Future<Order> request(UUID orderId, Long userId) {
    Future<Order> found = userId == null
      ? OrderRepository.find(orders.pool(), orderId)
      : orders.find(orderId, userId);
    return found.compose(order -> {
      if (order == null) {
        return Future.failedFuture(Problem.notFound(userId == null ? "There is no order " + orderId + "."
          : "You have no order " + orderId + ".").toException());
      }
      if (Order.REFUNDING.equals(order.status()) || Order.REFUNDED.equals(order.status())) {
        return Future.succeededFuture(order);
      }
      if (!Order.PAID.equals(order.status())) {
        return Future.failedFuture(Problem.conflict("Order " + orderId + " is " + order.status()
          + "; only a paid order can be refunded.").toException());
      }
      Future<Void> allowed = userId == null ? Future.succeededFuture()
        : orders.refundableUntil(orderId).compose(until -> until.isAfter(Instant.now()) ? Future.succeededFuture()
          : Future.failedFuture(Problem.of(409, "refund-cutoff", "Too late for a refund",
              "Refunds for this show end " + until + "; the organiser can still refund the order.")
            .with("refundableUntil", until.toString()).toException()));
      return allowed
        .compose(v -> orders.pool().withTransaction(conn -> OrderRepository.startRefund(conn, orderId)
          .compose(started -> !started ? Future.succeededFuture()
            : OrderEvents.append(conn, OrderEvents.REFUND_REQUESTED, orderId, new JsonObject()
              .put("orderId", orderId.toString()).put("userId", order.userId()).put("showId", order.showId())
              .put("amount", order.amount()).put("reason", userId == null ? "Refunded by the organiser"
                : "Cancelled by the buyer")))))
        .compose(v -> OrderRepository.find(orders.pool(), orderId));
    });
  }

  /** Applies PaymentRefunded: a REFUNDING order ends REFUNDED, its seats back on sale, with RefundCompleted. */
  Future<Void> completed(SqlConnection conn, DomainEvent event) {
    UUID orderId = UUID.fromString(event.payload().getString("orderId"));
    return OrderRepository.completeRefund(conn, orderId).compose(order -> {
      if (order == null) {
        return Future.succeededFuture(); // a refused late approval's refund, or applied before: nothing to do
      }
      AfterCommit.run(conn, () -> {
        meters.refunded(order.showId(), order.seatIds().size());
        // Seats on sale again: a sold-out waiting room reopens to the head of its line.
        availability.changed(order.showId());
      });
      return seatMapSync.owe(conn, order).compose(v -> OrderEvents.append(conn, OrderEvents.REFUND_COMPLETED,
        orderId, new JsonObject().put("orderId", orderId.toString()).put("userId", order.userId())
          .put("showId", order.showId()).put("scheduleId", order.scheduleId()).put("amount", order.amount())
          .put("paymentId", event.payload().getString("paymentId"))
          .put("seatIds", new JsonArray(order.seatIds()))));
    });
  }
}
