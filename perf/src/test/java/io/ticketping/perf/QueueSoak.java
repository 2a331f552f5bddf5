package io.ticketping.perf;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * The soak: a long, steady load that should leave the system where it found it (perf/soak samples its memory,
 * descriptors, Redis, PostgreSQL and consumer lag meanwhile). {@code -Dusers} (default 10,000) enter one fresh show's
 * waiting room, spread over {@code -DentrySeconds} (30), then each polls its place every {@code -DpollSeconds} (3,
 * ±10 %) for {@code -Dduration} seconds (900). Nobody is admitted between rushes. Every {@code -DrushEvery} seconds
 * (300) a rush: the queue's capacity opens to {@code -DrushUsers} (300) for {@code -DrushOpenSeconds} (2), so the head
 * of the line is admitted in a tick or two; each admitted user sees its pass at its next poll, stops polling, holds a
 * seat of the show and pays ({@link SeatPurchase}, as in {@link BookingRush}); the purchase frees its place in the
 * working set, which a tick while the capacity is still open fills again (a smoke run with 200 ms ticks admitted 34 for
 * 2 × 10).
 * The show has four times as many seats as the rushes' capacity, so it never sells out.
 *
 * <p>Fails on any failed request, when the polls' p99 exceeds {@code -DpollP99Millis} (200), when rushes came and
 * nobody paid, and afterwards unless the seats sold are exactly the orders paid, none twice ({@link SaleCheck}), and
 * the money agrees ({@link MoneyCheck}).
 */
public class QueueSoak extends Simulation {

  /** Time left after the last rush for its buyers, before the polls end. */
  private static final int RUSH_MARGIN_SECONDS = 20;

  private final int users = PerfProps.integer("users", 10_000);
  private final int durationSeconds = PerfProps.integer("duration", 900);
  private final int entrySeconds = PerfProps.integer("entrySeconds", 30);
  private final int pollSeconds = PerfProps.integer("pollSeconds", 3);
  private final int rushEvery = PerfProps.integer("rushEvery", 300);
  private final int rushUsers = PerfProps.integer("rushUsers", 300);
  private final int rushOpenSeconds = PerfProps.integer("rushOpenSeconds", 2);
  private final int rushes = Math.max(0, (durationSeconds - RUSH_MARGIN_SECONDS) / rushEvery);
  private final LoadSetup setup = new LoadSetup();
  private final AdminApi.Show show = setup.admin().createShow("QueueSoak",
    Math.max(1, (int) Math.ceil(4.0 * rushes * rushUsers / 50)), 50);
  private final SeatPurchase purchase = new SeatPurchase(show.scheduleId(),
    new SeatBoard(setup.admin().seatIds(show.scheduleId())), PerfProps.integer("attempts", 10));
  private final QueueEntry entry = new QueueEntry(setup.admin(), show.showId());

  {
    String settings = "/api/v1/admin/shows/" + show.showId() + "/queue";
    setup.admin().configureQueue(show.showId(), new JsonObject()
      .put("capacity", 0).put("admitPerMinute", 1_000_000).put("passTtlSeconds", 300)
      .put("idleTimeoutSeconds", Math.max(60, pollSeconds * 10)));
    String queue = entry.queue();

    ScenarioBuilder waiters = scenario("QueueSoak")
      .feed(listFeeder(setup.users("soak", users)))
      .exec(entry.enter(status().is(200), jsonPath("$.status").in("WAITING", "ADMITTED"),
        jsonPath("$.pass").optional().saveAs("pass")))
      .asLongAsDuring(session -> !session.contains("pass"), Duration.ofSeconds(durationSeconds)).on(
        // Within ±10 % of the period, as the web page waits: clients answered together by a stall drift apart.
        pause(Duration.ofMillis(pollSeconds * 900L), Duration.ofMillis(pollSeconds * 1100L))
          .exec(http("status").get(queue).header("Authorization", "Bearer #{token}")
            .check(status().is(200), jsonPath("$.status").in("WAITING", "ADMITTED"),
              jsonPath("$.pass").optional().saveAs("pass"))))
      .doIf(session -> session.contains("pass")).then(purchase.holdAndPay());

    ScenarioBuilder rushConductor = scenario("QueueSoak rushes")
      .repeat(rushes).on(
        pause(Duration.ofSeconds(rushEvery))
          .exec(http("rush: open").put(settings).header("Authorization", "Bearer " + setup.adminToken())
            .body(StringBody("{\"capacity\":" + rushUsers + "}")).check(status().is(200)))
          .pause(Duration.ofSeconds(rushOpenSeconds))
          .exec(http("rush: close").put(settings).header("Authorization", "Bearer " + setup.adminToken())
            .body(StringBody("{\"capacity\":0}")).check(status().is(200))));

    setUp(waiters.injectOpen(rampUsers(users).during(Duration.ofSeconds(Math.max(1, entrySeconds)))),
      rushConductor.injectOpen(atOnceUsers(1)))
      .protocols(Protocols.gateway())
      .assertions(assertions());
  }

  /** No failed request, the polls' p99 under the target, and when there were rushes, some of their buyers paid. */
  private List<Assertion> assertions() {
    List<Assertion> assertions = new ArrayList<>(List.of(global().failedRequests().count().is(0L),
      details("status").responseTime().percentile(99.0).lt(PerfProps.integer("pollP99Millis", 200))));
    if (rushes > 0) {
      assertions.add(details("pay").successfulRequests().count().gt(0L));
    }
    return assertions;
  }

  /**
   * The run fails unless the seats sold are the orders paid (and at most those whose payment's outcome the buyer never
   * learnt), none twice, and the money agrees.
   */
  @Override
  public void after() {
    try {
      entry.finish("QueueSoak");
      purchase.printRace("QueueSoak");
      int paid = purchase.paid();
      int unknown = purchase.unknown();
      System.out.println("QueueSoak: " + rushes + " rushes opening " + rushUsers + " places each, " + paid
        + " orders paid, " + unknown + " payments of unknown outcome");
      SaleCheck.Verdict verdict = SaleCheck.awaitSound(setup.pool(), show.scheduleId(), paid, unknown,
        PerfProps.integer("checkWaitSeconds", 30) * 1000L);
      if (!verdict.passed()) {
        throw new IllegalStateException("QueueSoak sale check FAILED for schedule " + show.scheduleId() + ": "
          + verdict.problems());
      }
      MoneyCheck.require(setup.pool(), "QueueSoak", List.of(show.showId()));
    } finally {
      setup.close();
    }
  }
}
