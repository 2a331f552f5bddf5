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
 * Holding seats for an order, and giving them back. Redis is asked first, so most losers of a race (and most holds
 * over a buyer's ticket limit) are turned away without touching PostgreSQL; PostgreSQL then decides, so even a
 * flushed Redis never lets a seat go to two orders or a buyer past the limit.
 */
final class SeatHolds {

  private static final Logger LOG = LoggerFactory.getLogger(SeatHolds.class);
  private static final String SEATS_TAKEN = "seats-taken";

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

  /**
   * A PENDING_PAYMENT order holding every requested seat; a 409 problem naming the seats already taken, or one saying
   * that the buyer's ticket limit for the schedule would be passed.
   */
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
      return seatMap.hold(scheduleId, orderId, order.holdExpiresAt().toEpochMilli(), userId, seatIds)
        .compose(gate -> gate.held() ? stored(order) : Future.failedFuture(gate.overLimit() != null
          ? gate.overLimit().problem() : taken(gate.taken())))
        .onSuccess(held -> {
          meters.holdCreated(schedule.showId());
          availability.changed(schedule.showId());
        })
        .onFailure(e -> {
          if (e instanceof ProblemException p && p.problem().type().endsWith(":" + SEATS_TAKEN)) {
            meters.seatConflict(schedule.showId());
          }
        });
    });
  }

  /** The order that passed the Redis gate, stored by PostgreSQL; when PostgreSQL does not take it, the gate is undone. */
  private Future<Order> stored(Order order) {
    long scheduleId = order.scheduleId();
    String orderId = order.orderId().toString();
    List<Long> seatIds = order.seatIds();
    return orders.insertHeld(order)
      // Refused over the ticket limit by PostgreSQL (the truth) though Redis let it through, or PostgreSQL failed
      // (down, timed out): either way the Redis hold is undone, so the seats do not look taken until it would expire.
      .recover(e -> seatMap.release(scheduleId, orderId, seatIds).transform(released -> {
        TicketLimit overLimit = TicketLimit.refusedBy(e);
        return Future.<Boolean>failedFuture(overLimit != null ? overLimit.problem() : e);
      }))
      .compose(inserted -> inserted
        ? confirmed(order)
        // Redis let it through but PostgreSQL did not: undo the Redis hold and correct the map from the truth.
        : seatMap.release(scheduleId, orderId, seatIds)
          .compose(v -> seatMap.resync(scheduleId, seatIds))
          .compose(truth -> Future.failedFuture(taken(seatIds.stream()
            .filter(id -> !SeatMap.AVAILABLE.equals(truth.get(id))).toList()))));
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
        order.userId(), order.seatIds())
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
    return Problem.of(409, SEATS_TAKEN, "Seats taken",
        "These seats are no longer available: " + seatIds + ". Nothing was held; pick other seats.")
      .with("seatIds", new JsonArray(List.copyOf(seatIds))).toException();
  }
}
