package io.ticketping.perf;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * {@code -Dusers} (default 2,000) enter at once and each holds one SSE stream of its place until the {@code admitted}
 * event (within {@code -DtimeoutSeconds}, 120), then leaves, which frees its slot for the next. Admission runs at
 * {@code -DadmitPerMinute} (6,000) into {@code -Dcapacity} (100) slots. Fails on any failed request or missing event.
 */
public class QueueStream extends Simulation {

  private final int users = PerfProps.integer("users", 2_000);
  private final int timeoutSeconds = PerfProps.integer("timeoutSeconds", 120);
  private final LoadSetup setup = new LoadSetup();
  private final long showId = setup.admin().createShow("QueueStream", 1, 1).showId();
  private final QueueEntry entry = new QueueEntry(setup.admin(), showId);

  {
    setup.admin().configureQueue(showId, new JsonObject()
      .put("capacity", PerfProps.integer("capacity", 100))
      .put("admitPerMinute", PerfProps.integer("admitPerMinute", 6_000)));
    String queue = entry.queue();

    ScenarioBuilder streams = scenario("QueueStream")
      .feed(listFeeder(setup.users("stream", users)))
      .exec(entry.enter(status().is(200), jsonPath("$.status").in("WAITING", "ADMITTED")))
      .exec(sse("stream").get(queue + "/stream").header("Authorization", "Bearer #{token}")
        .header("Accept", "text/event-stream")
        .await(Duration.ofSeconds(timeoutSeconds)).on(
          sse.checkMessage("admitted").matching(substring("admitted")).check(substring("pass"))))
      .exec(sse("close").close())
      .exec(http("leave").delete(queue).header("Authorization", "Bearer #{token}").check(status().is(204)));

    setUp(streams.injectOpen(atOnceUsers(users)))
      .protocols(Protocols.gateway())
      .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void after() {
    entry.finish("QueueStream");
    setup.close();
  }
}
