package io.ticketping.booking;

import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.vertx.core.Vertx;

/**
 * Booking's meters per show: holds made and expired, seats sold and orders paid, and holds refused because a seat was
 * taken.
 */
final class BookingMeters {

  private final DomainMeters meters;

  BookingMeters(Vertx vertx) {
    this.meters = DomainMeters.of(vertx);
  }

  void holdCreated(long showId) {
    meters.counter(MetricNames.HOLDS_PLACED, "Orders that hold seats awaiting payment", show(showId)).increment();
  }

  void holdExpired(long showId) {
    meters.counter(MetricNames.HOLDS_EXPIRED, "Holds that ran out unpaid (seats back on sale)", show(showId))
      .increment();
  }

  void seatConflict(long showId) {
    meters.counter(MetricNames.SEAT_CONFLICTS, "Holds refused with 409 because a seat was taken", show(showId))
      .increment();
  }

  void seatsSold(long showId, int seats) {
    meters.counter(MetricNames.SEATS_SOLD, "Seats sold (order paid)", show(showId)).increment(seats);
    meters.counter(MetricNames.ORDERS_PAID, "Orders paid (conversion: admitted, holds placed, orders paid)",
      show(showId)).increment();
  }

  void refunded(long showId, int seats) {
    meters.counter(MetricNames.ORDERS_REFUNDED, "Orders refunded (money back, seats on sale again)", show(showId))
      .increment();
    meters.counter(MetricNames.SEATS_REFUNDED, "Seats of refunded orders put back on sale", show(showId))
      .increment(seats);
  }

  private static String[] show(long showId) {
    return new String[] {MetricNames.SHOW, Long.toString(showId)};
  }
}
