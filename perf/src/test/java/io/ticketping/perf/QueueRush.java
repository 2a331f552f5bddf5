package io.ticketping.perf;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * The reference scenario: {@code -Dusers} (default 10,000) enter a fresh show's waiting room at once, then each polls
 * its place every {@code -DpollSeconds} (3) for {@code -Dduration} seconds (60). Admission is slow on purpose
 * ({@code -Dcapacity}, {@code -DadmitPerMinute}), so almost everybody waits. Fails on any failed request.
 */
public class QueueRush extends Simulation {

  private final int users = PerfProps.integer("users", 10_000);
  private final int durationSeconds = PerfProps.integer("duration", 60);
  private final int pollSeconds = PerfProps.integer("pollSeconds", 3);
  private final LoadSetup setup = new LoadSetup();
  private final long showId = setup.admin().createShow("QueueRush", 1, 1).showId();
  private final QueueEntry entry = new QueueEntry(setup.admin(), showId);

  {
    setup.admin().configureQueue(showId, new JsonObject()
      .put("capacity", PerfProps.integer("capacity", 100))
      .put("admitPerMinute", PerfProps.integer("admitPerMinute", 600))
      .put("idleTimeoutSeconds", Math.max(60, pollSeconds * 10)));
    String queue = entry.queue();

    ScenarioBuilder rush = scenario("QueueRush")
      .feed(listFeeder(setup.users("rush", users)))
      .exec(entry.enter(status().is(200), jsonPath("$.status").in("WAITING", "ADMITTED")))
      .during(Duration.ofSeconds(durationSeconds)).on(
        pause(Duration.ofSeconds(pollSeconds))
          .exec(http("status").get(queue).header("Authorization", "Bearer #{token}")
            .check(status().is(200), jsonPath("$.status").in("WAITING", "ADMITTED"))));

    setUp(rush.injectOpen(atOnceUsers(users)))
      .protocols(Protocols.gateway())
      .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void after() {
    entry.finish("QueueRush");
    setup.close();
  }
}
