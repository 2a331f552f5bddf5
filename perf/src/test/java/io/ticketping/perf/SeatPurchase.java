package io.ticketping.perf;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * What an admitted user does to buy one seat of a schedule, shared by the simulations that sell seats: hold a random
 * seat it believes free ({@link SeatBoard}; a lost race is a 409 and it tries another, at most {@code attempts} times),
 * then pay (asking again after a 503 or 504, as a buyer does). Expects {@code token} and {@code pass} in the session;
 * leaves {@code orderId} (held) or {@code soldOut} (gave up). Counts the holds and the paid orders, times the race, and
 * counts the holds by response time.
 */
final class SeatPurchase {

  /** Payment attempts of one order, the first included, while the answers are 503 or 504. */
  private static final int PAY_ATTEMPTS = 5;
  /** The longest wait before asking again, whatever Retry-After says. */
  private static final long PAY_RETRY_MAX_SECONDS = 5;

  private final long scheduleId;
  private final SeatBoard board;
  private final int attempts;
  private final AtomicLong firstHoldAt = new AtomicLong();
  private final AtomicLong lastAnswerAt = new AtomicLong();
  private final AtomicInteger holdsAnswered = new AtomicInteger();
  private final AtomicInteger paid = new AtomicInteger();
  private final AtomicInteger unknown = new AtomicInteger();
  private final AtomicInteger payRetries = new AtomicInteger();
  /** Hold answers by response time in ms, as Gatling timed them; the last slot counts every slower one. */
  private final AtomicLongArray holdMillis = new AtomicLongArray(60_001);

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
            jsonPath("$.amount").optional().saveAs("amount"),
            responseTimeInMillis().saveAs("holdMillis")))
          .exec(session -> {
            lastAnswerAt.set(System.currentTimeMillis());
            holdsAnswered.incrementAndGet();
            if (session.contains("holdMillis")) {
              holdMillis.incrementAndGet(Math.min(holdMillis.length() - 1, Math.max(0, session.getInt("holdMillis"))));
            }
            board.crossOff(session.getLong("seatId"));
            return session.remove("seatId").remove("holdMillis");
          }));

    // A 503 (the gateway's breaker open, with Retry-After) or a 504 (no answer in time: the outcome is unknown) is
    // asked again with the same Idempotency-Key, as a buyer on the page does: the retry gets the settled outcome or is
    // the first to reach the provider, never a second charge.
    ChainBuilder payOnce = exec(http("pay").post("/api/v1/payments")
        .header("Authorization", "Bearer #{token}").header("X-Queue-Pass", "#{pass}")
        .header("Idempotency-Key", "#{idempotencyKey}")
        .body(StringBody("{\"orderId\":\"#{orderId}\",\"amount\":#{amount}}"))
        .check(status().saveAs("payCode"), status().in(200, 503, 504),
          header("Retry-After").optional().saveAs("retryAfter"))
        .checkIf((response, session) -> response.status().code() == 200)
        .then(jsonPath("$.status").is("APPROVED").saveAs("paymentStatus")))
      .doIf(SeatPurchase::payAgain).then(exec(session -> {
        payRetries.incrementAndGet();
        return session;
      }).pause(session -> Duration.ofSeconds(retryAfterSeconds(session))));

    ChainBuilder pay = exec(session -> session.set("idempotencyKey", UUID.randomUUID().toString())
        .remove("payCode").remove("paymentStatus"))
      .exec(payOnce)
      .asLongAs(session -> payAgain(session) && session.getInt("payTry") < PAY_ATTEMPTS - 1, "payTry").on(payOnce)
      .exec(session -> {
        if (session.contains("paymentStatus")) {
          paid.incrementAndGet();
        } else if (!session.contains("payCode") || session.getInt("payCode") >= 500) {
          unknown.incrementAndGet(); // no answer, or a 5xx to the last attempt: the charge may still have happened
        }
        return session;
      });

    return asLongAs(session -> !session.contains("orderId") && !session.contains("soldOut"), "attempt")
      .on(doIfOrElse(session -> session.getInt("attempt") < attempts).then(holdOne)
        .orElse(exec(session -> session.set("soldOut", true))))
      .doIf(session -> session.contains("orderId")).then(pay);
  }

  /** Whether the last payment answer was a 503 or 504, to be asked again. */
  private static boolean payAgain(Session session) {
    return !session.contains("paymentStatus") && session.contains("payCode")
      && (session.getInt("payCode") == 503 || session.getInt("payCode") == 504);
  }

  /** The answer's Retry-After (whole seconds), 1 s without one, at most {@link #PAY_RETRY_MAX_SECONDS}. */
  private static long retryAfterSeconds(Session session) {
    String header = session.getString("retryAfter");
    long seconds = header != null && header.matches("[0-9]{1,4}") ? Long.parseLong(header) : 1;
    return Math.min(PAY_RETRY_MAX_SECONDS, Math.max(1, seconds));
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
      System.out.printf("%s race: first hold %s, last hold answered %s (%.1f s), %d hold requests, %d payments asked "
        + "again after a 503 or 504%n", simulation, Instant.ofEpochMilli(first), Instant.ofEpochMilli(last),
        (last - first) / 1000.0, holdsAnswered.get(), payRetries.get());
    }
  }

  /**
   * Writes the holds by response time to {@code file} ({@code <ms> <count>} a line, under {@code note} as its first
   * line: what {@code BenchCharts --holds} draws), and prints their percentiles.
   */
  void writeHoldLatency(String simulation, Path file, String note) {
    List<String> lines = new ArrayList<>(List.of("# " + note));
    long total = 0;
    for (int ms = 0; ms < holdMillis.length(); ms++) {
      if (holdMillis.get(ms) > 0) {
        lines.add(ms + " " + holdMillis.get(ms));
        total += holdMillis.get(ms);
      }
    }
    if (total == 0) {
      return;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.printf("%s holds by response time: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms of %d (%s)%n",
      simulation, holdPercentile(50, total), holdPercentile(95, total), holdPercentile(99, total),
      holdPercentile(100, total), total, file);
  }

  /** The smallest response time with at least {@code percent} % of the holds at or below it. */
  private long holdPercentile(double percent, long total) {
    long wanted = Math.max(1, (long) Math.ceil(total * percent / 100));
    long seen = 0;
    for (int ms = 0; ms < holdMillis.length(); ms++) {
      seen += holdMillis.get(ms);
      if (seen >= wanted) {
        return ms;
      }
    }
    return holdMillis.length() - 1;
  }

  private Session pickSeat(Session session) {
    OptionalLong seat = board.pick();
    firstHoldAt.compareAndSet(0, System.currentTimeMillis());
    return seat.isPresent() ? session.set("seatId", seat.getAsLong()) : session.set("soldOut", true);
  }
}
