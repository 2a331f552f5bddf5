package io.ticketping.booking;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order and the seats it holds or bought. */
record Order(UUID orderId, long userId, long showId, long scheduleId, String status, long amount,
             Instant holdExpiresAt, Instant createdAt, List<SeatInfo> seats) {

  static final String PENDING_PAYMENT = "PENDING_PAYMENT";
  static final String PAID = "PAID";
  static final String EXPIRED = "EXPIRED";
  static final String CANCELLED = "CANCELLED";
  /** Paid, and its money is on its way back to the buyer. */
  static final String REFUNDING = "REFUNDING";
  /** Paid, then refunded: its seats are on sale again. */
  static final String REFUNDED = "REFUNDED";

  List<Long> seatIds() {
    return seats.stream().map(SeatInfo::seatId).toList();
  }

  JsonObject toJson() {
    JsonArray seatList = new JsonArray();
    seats.forEach(seat -> seatList.add(seat.toJson()));
    return new JsonObject()
      .put("orderId", orderId.toString())
      .put("status", status)
      .put("amount", amount)
      .put("showId", showId)
      .put("scheduleId", scheduleId)
      .put("holdExpiresAt", holdExpiresAt.toString())
      .put("createdAt", createdAt.toString())
      .put("seats", seatList);
  }
}
