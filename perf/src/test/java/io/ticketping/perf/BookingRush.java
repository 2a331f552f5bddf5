package io.ticketping.perf;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * {@code -Dusers} (default 10,000) admitted users race for the {@code -Dseats} (1,000) seats of a fresh show: each holds
 * a random seat it believes free (a lost race is a 409 and it tries another, at most {@code -Dattempts} times), then
 * pays. Every user enters the waiting room first and the race starts when all are admitted (the queue's capacity is
 * raised to every user, so the race is for seats, not for admission); it starts all at once, or spread evenly over
 * {@code -DrampSeconds}. After the run, {@link SaleCheck} reads PostgreSQL: exactly min(users, seats) seats sold, none
 * twice; then {@link MoneyCheck} compares the show's orders with the provider's charges ({@code -DsimulatorUrl}):
 * each PAID order charged once, no other order charged. Either failing fails the run. Every run writes its holds by
 * response time to {@code -DholdLatencyFile} ({@code target/booking-rush/hold-latency-<UTC time>.txt}), for
 * {@code BenchCharts --holds} to draw.
 */
public class BookingRush extends Simulation {

  private final int users = PerfProps.integer("users", 10_000);
  private final int seats = PerfProps.integer("seats", 1_000);
  private final int attempts = PerfProps.integer("attempts", 10);
  private final int rampSeconds = PerfProps.integer("rampSeconds", 0);
  private final AtomicInteger racers = new AtomicInteger();
  private final LoadSetup setup = new LoadSetup();
  private final AdminApi.Show show = setup.admin().createShow("BookingRush", Math.max(1, seats / 50), Math.min(seats, 50));
  private final SeatPurchase purchase = new SeatPurchase(show.scheduleId(),
    new SeatBoard(setup.admin().seatIds(show.scheduleId())), attempts);
  private final QueueEntry entry = new QueueEntry(setup.admin(), show.showId());

  {
    if (seats % 50 != 0 && seats > 50) {
      throw new IllegalArgumentException("-Dseats must be at most 50 or a multiple of 50 (rows of 50 seats)");
    }
    setup.admin().configureQueue(show.showId(), new JsonObject()
      .put("capacity", users).put("admitPerMinute", 1_000_000).put("passTtlSeconds", 900));
    ChainBuilder admitted = entry.enter(status().is(200), jsonPath("$.status").is("ADMITTED"),
      jsonPath("$.pass").saveAs("pass"));

    ScenarioBuilder rush = scenario("BookingRush")
      .feed(listFeeder(setup.users("booking", users)))
      .exec(admitted)
      // Everyone is admitted before anyone races; a failed entry still arrives here, so the meeting never hangs.
      .rendezVous(users)
      .exitHereIfFailed()
      .pause(session -> startOffset())
      .exec(purchase.holdAndPay());

    setUp(rush.injectOpen(atOnceUsers(users)))
      .protocols(Protocols.gateway())
      .assertions(global().failedRequests().count().is(0L));
  }

  /** When this racer starts after the meeting: at once, or its share of the ramp. */
  private Duration startOffset() {
    return Duration.ofMillis(rampSeconds * 1000L * racers.getAndIncrement() / users);
  }

  /** The run fails unless exactly min(users, seats) seats were sold, none twice, and the money agrees. */
  @Override
  public void after() {
    try {
      entry.finish("BookingRush");
      purchase.printRace("BookingRush");
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      purchase.writeHoldLatency("BookingRush", Path.of(PerfProps.string("holdLatencyFile",
          "target/booking-rush/hold-latency-" + now.toString().replace(":", "") + ".txt")),
        String.format(Locale.ROOT, "BookingRush %,d users for %,d seats, %d s ramp, %s", users, seats, rampSeconds,
          now.truncatedTo(ChronoUnit.MINUTES).toString().replace("T", " ").replace(":00Z", " UTC")));
      int expected = Math.min(users, seats);
      SaleCheck.Verdict verdict = SaleCheck.awaitSound(setup.pool(), show.scheduleId(), expected, 0,
        PerfProps.integer("checkWaitSeconds", 30) * 1000L);
      if (!verdict.passed()) {
        throw new IllegalStateException("BookingRush sale check FAILED for schedule " + show.scheduleId() + ": "
          + verdict.problems());
      }
      System.out.println("BookingRush sale check passed: exactly " + expected + " seats sold, none twice (schedule "
        + show.scheduleId() + ")");
      MoneyCheck.require(setup.pool(), "BookingRush", List.of(show.showId()));
    } finally {
      setup.close();
    }
  }
}
