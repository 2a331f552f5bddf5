package io.ticketping.perf;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * The whole purchase at a steady {@code -Drate} new users per second (default 1) for {@code -Dduration} seconds (60):
 * sign up, log in (real password hashing: this is the one simulation that pays for it), enter the waiting room, poll
 * until admitted, hold a free seat, pay. Every {@code -DleaveEvery}-th user (5; 0 = none) gives up instead: enters,
 * looks at its place once and leaves. The queue admits {@code -Dcapacity} (20) at a time, so some users wait. Sign-up
 * and login share the per-address rate limit ({@code rateLimit.perIpRefillPerSecond}, 20/s): keep the rate at 8/s or
 * less.
 * After the run, {@link MoneyCheck} compares the show's orders with the provider's charges ({@code -DsimulatorUrl}),
 * and {@link OutcomeCheck} the show's outcome figures with what the users did.
 */
public class Journey extends Simulation {

  private final double rate = Double.parseDouble(PerfProps.string("rate", "1"));
  private final int durationSeconds = PerfProps.integer("duration", 60);
  private final int leaveEvery = PerfProps.integer("leaveEvery", 5);
  private final OutcomeCheck.Tally tally = new OutcomeCheck.Tally();
  private final LoadSetup setup = new LoadSetup();
  private final int seats = (int) Math.ceil(rate * durationSeconds / 50.0) * 50;
  private final AdminApi.Show show = setup.admin().createShow("Journey", seats / 50, 50);
  private final SeatBoard board = new SeatBoard(setup.admin().seatIds(show.scheduleId()));
  private final QueueEntry entry = new QueueEntry(setup.admin(), show.showId());

  {
    setup.admin().configureQueue(show.showId(), new JsonObject()
      .put("capacity", PerfProps.integer("capacity", 20)).put("admitPerMinute", 6_000));
    String queue = entry.queue();
    String prefix = PerfUsers.freshPrefix("journey");
    AtomicLong counter = new AtomicLong();
    Iterator<Map<String, Object>> newcomers = Stream.generate(() -> {
      long n = counter.incrementAndGet();
      boolean leaver = leaveEvery > 0 && n % leaveEvery == 0;
      return Map.<String, Object>of("email", prefix + n + "@perf.local", "leaver", leaver);
    }).iterator();

    // A leaver looks at its place once and gives it up; what it last saw says whether it left the line or a pass.
    // Times are taken around each request (epoch ms in the session): the figures' waits and minutes are judged by them.
    ChainBuilder leave = exec(http("status before leaving").get(queue).header("Authorization", "Bearer #{token}")
        .check(status().is(200), jsonPath("$.status").saveAs("placeStatus")))
      .exec(session -> session.set("statusAnsweredAt", System.currentTimeMillis())
        .set("leaveSentAt", System.currentTimeMillis()))
      .exec(http("leave").delete(queue).header("Authorization", "Bearer #{token}").check(status().is(204)))
      .exitHereIfFailed()
      .exec(session -> {
        long answeredAt = System.currentTimeMillis();
        long enterSentAt = session.getLong("enterSentAt");
        if ("ADMITTED".equals(session.getString("placeStatus"))) {
          tally.admitted.incrementAndGet();
          tally.waited(0, session.getLong("statusAnsweredAt") - enterSentAt);
        } else {
          tally.leftLine(session.getLong("leaveSentAt"), answeredAt, answeredAt - enterSentAt);
        }
        return session;
      });

    // Admitted after the last poll that saw no pass was sent, and before the one that saw it was answered.
    ChainBuilder buy = asLongAs(session -> !session.contains("pass")).on(
        pause(Duration.ofSeconds(1))
          .exec(session -> session.set("pollSentAt", System.currentTimeMillis()))
          .exec(http("status").get(queue).header("Authorization", "Bearer #{token}")
            .check(status().is(200), jsonPath("$.pass").optional().saveAs("pass")))
          .exec(session -> session.contains("pass") ? session
            : session.set("stillWaitingAt", session.getLong("pollSentAt"))))
      .exitHereIfFailed()
      .exec(session -> {
        tally.admitted.incrementAndGet();
        long atMost = System.currentTimeMillis() - session.getLong("enterSentAt");
        tally.waited(session.contains("passOnEntry") ? 0
          : session.contains("stillWaitingAt") ? session.getLong("stillWaitingAt") - session.getLong("enteredAt") : 0,
          session.contains("passOnEntry") ? 0 : atMost);
        OptionalLong seat = board.pick();
        if (seat.isEmpty()) {
          return session.markAsFailed();
        }
        board.crossOff(seat.getAsLong());
        return session.set("seatId", seat.getAsLong()).set("idempotencyKey", UUID.randomUUID().toString());
      })
      .exitHereIfFailed()
      .exec(http("hold").post("/api/v1/orders")
        .header("Authorization", "Bearer #{token}").header("X-Queue-Pass", "#{pass}")
        .body(StringBody("{\"scheduleId\":" + show.scheduleId() + ",\"seatIds\":[#{seatId}]}"))
        .check(status().is(201), jsonPath("$.orderId").saveAs("orderId"), jsonPath("$.amount").saveAs("amount")))
      .exitHereIfFailed()
      .exec(session -> {
        tally.held.incrementAndGet();
        return session;
      })
      .exec(http("pay").post("/api/v1/payments")
        .header("Authorization", "Bearer #{token}").header("X-Queue-Pass", "#{pass}")
        .header("Idempotency-Key", "#{idempotencyKey}")
        .body(StringBody("{\"orderId\":\"#{orderId}\",\"amount\":#{amount}}"))
        .check(status().is(200), jsonPath("$.status").is("APPROVED")))
      .exitHereIfFailed()
      .exec(session -> {
        tally.paid.incrementAndGet();
        return session;
      });

    ScenarioBuilder journey = scenario("Journey")
      .feed(newcomers)
      .exec(http("signup").post("/api/v1/auth/signup")
        .body(StringBody("{\"email\":\"#{email}\",\"password\":\"correct-horse\",\"nickname\":\"perf\"}"))
        .check(status().is(201)))
      .exec(http("login").post("/api/v1/auth/login")
        .body(StringBody("{\"email\":\"#{email}\",\"password\":\"correct-horse\"}"))
        .check(status().is(200), jsonPath("$.accessToken").saveAs("token")))
      // Before the challenge when proof of work is on: the bounds on the wait taken from it only widen by the solving.
      .exec(session -> session.set("enterSentAt", System.currentTimeMillis()))
      .exec(entry.enter(status().is(200), jsonPath("$.pass").optional().saveAs("pass")))
      .exitHereIfFailed()
      .exec(session -> {
        Session entered = session.set("enteredAt", System.currentTimeMillis());
        // Admitted straight in: the waiting room counts a wait of 0.
        return session.contains("pass") ? entered.set("passOnEntry", true) : entered;
      })
      .doIfOrElse(session -> session.getBoolean("leaver")).then(leave).orElse(buy);

    setUp(journey.injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(durationSeconds))))
      .protocols(Protocols.gateway())
      .assertions(global().failedRequests().count().is(0L));
  }

  /**
   * The run fails unless the show's money agrees (each PAID order charged once, no other order charged) and its
   * outcome figures say what the users did.
   */
  @Override
  public void after() {
    try {
      entry.finish("Journey");
      MoneyCheck.require(setup.pool(), "Journey", List.of(show.showId()));
      OutcomeCheck.require(setup.admin(), show.showId(), tally, 20);
    } finally {
      setup.close();
    }
  }
}
