package io.ticketping.payment;

import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * Whether an order may be paid now, as the booking service sees it: the caller's, awaiting payment, its hold not
 * expired, the amount its own, and the caller's queue pass for its show. Asked through the booking calls' breaker, so
 * a booking outage refuses payments at once.
 */
final class OrderCheck {

  /** The caller's queue pass is for another show than the order's (the gateway checked the pass itself). */
  private static final Problem WRONG_SHOW = Problem.of(403, "queue-pass-other-show", "Queue pass for another show",
    "This queue pass is for another show.");

  private final ServiceCalls booking;

  OrderCheck(ServiceCalls booking) {
    this.booking = booking;
  }

  /** Whether the check refused the caller's pass rather than the payment: the same request may come with another. */
  static boolean wrongPass(Throwable e) {
    return e instanceof ProblemException problem && WRONG_SHOW.type().equals(problem.problem().type());
  }

  /**
   * The order as booking sees it, if the caller's pass is for its show and it can be paid now with this amount;
   * otherwise a 404 (not theirs), 403 (another show's pass), 409 or 422 problem.
   */
  Future<JsonObject> payable(long userId, UUID orderId, long amount, String passShowId) {
    return booking.request(BookingAddresses.GET_ORDER,
        new JsonObject().put("userId", userId).put("orderId", orderId.toString()))
      .recover(e -> Future.failedFuture(e instanceof ReplyException reply
        ? Problem.fromReply(reply).toException() : e))
      .map(order -> {
        if (!String.valueOf(order.getLong("showId")).equals(passShowId)) {
          throw WRONG_SHOW.toException();
        }
        if (!"PENDING_PAYMENT".equals(order.getString("status"))) {
          throw Problem.conflict("Order " + orderId + " is " + order.getString("status") + ", not awaiting payment.")
            .toException();
        }
        if (Instant.parse(order.getString("holdExpiresAt")).isBefore(Instant.now())) {
          throw Problem.conflict("The hold on order " + orderId + " has expired; hold the seats again.").toException();
        }
        if (order.getLong("amount") != amount) {
          throw Problem.of(422, "amount-mismatch", "Amount mismatch", "The order's amount is "
            + order.getLong("amount") + ", not " + amount + ".").with("orderAmount", order.getLong("amount")).toException();
        }
        return order;
      });
  }
}
