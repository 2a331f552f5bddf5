package io.ticketping.booking;

import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Holding seats for an order, and giving them back. Redis is asked first, so most losers of a race are turned away
 * without touching PostgreSQL; PostgreSQL then decides, so even a flushed Redis never lets a seat go to two orders.
 */
final class SeatHolds {

  private static final Logger LOG = LoggerFactory.getLogger(SeatHolds.class);

  private final ScheduleCache schedules;
  private final SeatMap seatMap;
  private final OrderRepository orders;
  private final Duration holdFor;
  private final BookingMeters meters;
  private final SeatAvailability availability;

  SeatHolds(ScheduleCache schedules, SeatMap seatMap, OrderRepository orders, Duration holdFor, BookingMeters meters,
            SeatAvailability availability) {
    this.schedules = schedules;
    this.seatMap = seatMap;
    this.orders = orders;
    this.holdFor = holdFor;
    this.meters = meters;
    this.availability = availability;
  }

  /** A PENDING_PAYMENT order holding every requested seat; a 409 problem naming the seats already taken. */
  Future<Order> hold(long userId, long scheduleId, List<Long> seatIds) {
    return schedules.get(scheduleId).compose(schedule -> {
      List<Long> unknown = schedule.unknown(seatIds);
      if (!unknown.isEmpty()) {
        return Future.failedFuture(Problem.invalidField("seatIds",
          "'seatIds' names seats that are not in schedule " + scheduleId + ": " + unknown).toException());
      }
      Instant now = Instant.now();
      Order order = new Order(UUID.randomUUID(), userId, schedule.showId(), scheduleId, Order.PENDING_PAYMENT,
        schedule.priceOf(seatIds), now.plus(holdFor), now, seatIds.stream().map(schedule.seats()::get).toList());
      String orderId = order.orderId().toString();
      return seatMap.hold(scheduleId, orderId, order.holdExpiresAt().toEpochMilli(), seatIds)
        .compose(gate -> !gate.held()
          ? Future.failedFuture(taken(gate.taken()))
          : orders.insertHeld(order)
            // PostgreSQL failed (down, timed out): the seats must not look taken until the Redis hold would expire.
            .recover(e -> seatMap.release(scheduleId, orderId, seatIds)
              .transform(released -> Future.<Boolean>failedFuture(e)))
            .compose(stored -> stored
              ? confirmed(order)
              // Redis let it through but PostgreSQL did not: undo the Redis hold and correct the map from the truth.
              : seatMap.release(scheduleId, orderId, seatIds)
                .compose(v -> seatMap.resync(scheduleId, seatIds))
                .compose(truth -> Future.failedFuture(taken(seatIds.stream()
                  .filter(id -> !SeatMap.AVAILABLE.equals(truth.get(id))).toList())))))
        .onSuccess(held -> {
          meters.holdCreated(schedule.showId());
          availability.changed(schedule.showId());
        })
        .onFailure(e -> {
          if (e instanceof ProblemException p && p.problem().status() == 409) {
            meters.seatConflict(schedule.showId());
          }
        });
    });
  }

  /**
   * The committed order, answered at once, while the seat map is told to show its seats held (a flush and re-warm
   * may have lost the marks). Not waited for: the order stands whatever Redis says, since PostgreSQL has it and a
   * stale map is corrected by the next hold that PostgreSQL refuses, and the mark goes out on this event loop's Redis
   * connection before the answer does, so the order's later release or sale from this loop lands after it. In a
   * rush this saves every winner a Redis round trip behind the flood of other holds.
   */
  private Future<Order> confirmed(Order order) {
    seatMap.confirm(order.scheduleId(), order.orderId().toString(), order.holdExpiresAt().toEpochMilli(),
        order.seatIds())
      .onFailure(e -> LOG.warn("Order {} is held in PostgreSQL but its seat marks could not be confirmed in Redis: {}",
        order.orderId(), e.toString()));
    return Future.succeededFuture(order);
  }

  /** Cancels the user's pending order; its seats go back on sale. 404 if not theirs, 409 if no longer pending. */
  Future<Order> cancel(UUID orderId, long userId) {
    return orders.find(orderId, userId).compose(order -> {
      if (order == null) {
        return Future.failedFuture(Problem.notFound("You have no order " + orderId + ".").toException());
      }
      return orders.pool().withTransaction(conn -> OrderRepository.endPending(conn, orderId, Order.CANCELLED, ""))
        .compose(ended -> {
          if (!ended) {
            return Future.failedFuture(Problem.conflict("Order " + orderId + " is no longer pending payment.")
              .toException());
          }
          availability.changed(order.showId());
          return seatMap.release(order.scheduleId(), orderId.toString(), order.seatIds())
            .map(v -> withStatus(order, Order.CANCELLED));
        });
    });
  }

  private static Order withStatus(Order order, String status) {
    return new Order(order.orderId(), order.userId(), order.showId(), order.scheduleId(), status, order.amount(),
      order.holdExpiresAt(), order.createdAt(), order.seats());
  }

  private static RuntimeException taken(List<Long> seatIds) {
    return Problem.of(409, "seats-taken", "Seats taken",
        "These seats are no longer available: " + seatIds + ". Nothing was held; pick other seats.")
      .with("seatIds", new JsonArray(List.copyOf(seatIds))).toException();
  }
}
