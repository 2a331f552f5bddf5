package io.ticketping.perf;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * What an admitted user does to buy one seat of a schedule, shared by the simulations that sell seats: hold a random
 * seat it believes free ({@link SeatBoard}; a lost race is a 409 and it tries another, at most {@code attempts} times),
 * then pay. Expects {@code token} and {@code pass} in the session; leaves {@code orderId} (held) or {@code soldOut}
 * (gave up). Counts the holds and the paid orders, and times the race.
 */
final class SeatPurchase {

  private final long scheduleId;
  private final SeatBoard board;
  private final int attempts;
  private final AtomicLong firstHoldAt = new AtomicLong();
  private final AtomicLong lastAnswerAt = new AtomicLong();
  private final AtomicInteger holdsAnswered = new AtomicInteger();
  private final AtomicInteger paid = new AtomicInteger();
  private final AtomicInteger unknown = new AtomicInteger();

  SeatPurchase(long scheduleId, SeatBoard board, int attempts) {
    this.scheduleId = scheduleId;
    this.board = board;
    this.attempts = attempts;
  }

  /** Holds a seat (retrying lost races), then pays for it when one was held. */
  ChainBuilder holdAndPay() {
    ChainBuilder holdOne = exec(this::pickSeat)
      .doIf(session -> session.contains("seatId")).then(
        exec(http("hold").post("/api/v1/orders")
          .header("Authorization", "Bearer #{token}").header("X-Queue-Pass", "#{pass}")
          .body(StringBody("{\"scheduleId\":" + scheduleId + ",\"seatIds\":[#{seatId}]}"))
          .check(status().in(201, 409).saveAs("holdStatus"),
            jsonPath("$.orderId").optional().saveAs("orderId"),
            jsonPath("$.amount").optional().saveAs("amount")))
          .exec(session -> {
            lastAnswerAt.set(System.currentTimeMillis());
            holdsAnswered.incrementAndGet();
            board.crossOff(session.getLong("seatId"));
            return session.remove("seatId");
          }));

    ChainBuilder pay = exec(session -> session.set("idempotencyKey", UUID.randomUUID().toString()))
      .exec(http("pay").post("/api/v1/payments")
        .header("Authorization", "Bearer #{token}").header("X-Queue-Pass", "#{pass}")
        .header("Idempotency-Key", "#{idempotencyKey}")
        .body(StringBody("{\"orderId\":\"#{orderId}\",\"amount\":#{amount}}"))
        .check(status().saveAs("payCode"), status().is(200),
          jsonPath("$.status").is("APPROVED").saveAs("paymentStatus")))
      .exec(session -> {
        if (session.contains("paymentStatus")) {
          paid.incrementAndGet();
        } else if (!session.contains("payCode") || session.getInt("payCode") >= 500) {
          unknown.incrementAndGet(); // no answer, or a 5xx: the charge may still have happened
        }
        return session;
      });

    return asLongAs(session -> !session.contains("orderId") && !session.contains("soldOut"), "attempt")
      .on(doIfOrElse(session -> session.getInt("attempt") < attempts).then(holdOne)
        .orElse(exec(session -> session.set("soldOut", true))))
      .doIf(session -> session.contains("orderId")).then(pay);
  }

  /** Orders paid and approved so far. */
  int paid() {
    return paid.get();
  }

  /** Payments the buyer got no answer to, or a 5xx: not approved, yet perhaps charged and settled later. */
  int unknown() {
    return unknown.get();
  }

  /** The race's span and size, so profiles and server metrics can be cut to its seconds; nothing before any hold. */
  void printRace(String simulation) {
    long first = firstHoldAt.get();
    long last = lastAnswerAt.get();
    if (first > 0 && last > 0) {
      System.out.printf("%s race: first hold %s, last hold answered %s (%.1f s), %d hold requests%n", simulation,
        Instant.ofEpochMilli(first), Instant.ofEpochMilli(last), (last - first) / 1000.0, holdsAnswered.get());
    }
  }

  private Session pickSeat(Session session) {
    OptionalLong seat = board.pick();
    firstHoldAt.compareAndSet(0, System.currentTimeMillis());
    return seat.isPresent() ? session.set("seatId", seat.getAsLong()) : session.set("soldOut", true);
  }
}
