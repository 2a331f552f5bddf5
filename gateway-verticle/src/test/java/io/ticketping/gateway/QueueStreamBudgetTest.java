package io.ticketping.gateway;

import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out's budget of paced position events per tick, against the real queue service and Redis: when the line
 * starts moving, every place changes at one tick; the head hears it at once, the places further back at most a
 * budget's worth a tick, and every one of them within a few ticks.
 */
@ExtendWith(VertxExtension.class)
class QueueStreamBudgetTest {

  /** A quarter of the 190 places further back that all move at the first tick. */
  private static final int BUDGET = 50;
  private static final int USERS = 300;
  private static final int ADMITTED_PER_TICK = 10;

  private GatewayFixture gw;
  private HttpClient http;

  @BeforeEach
  void start(Vertx vertx) {
    gw = GatewayFixture.startWithQueue(vertx, config -> {
      config.getJsonObject("queue").put("tickMillis", 1000);
      config.getJsonObject("http").put("maxPacedEventsPerTick", BUDGET);
    });
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(USERS));
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a tick that moves every place: the first 100 places hear it at once, those further back a budget a tick")
  void budgetSpreadsABurst(Vertx vertx, VertxTestContext ctx) {
    List<SseClient> streams = new CopyOnWriteArrayList<>();
    List<Long> admittingTicks = new CopyOnWriteArrayList<>();
    // Nobody admitted yet (no free slot), at a rate that gives every place an estimated wait.
    gw.admin("PUT", "/api/v1/admin/shows/burst/queue", new JsonObject().put("capacity", 0)
        .put("admitPerMinute", ADMITTED_PER_TICK * 60).put("idleTimeoutSeconds", 600))
      .compose(v -> GatewayFixture.inBatches(USERS, 50, i -> gw.enter("burst", i + 1)))
      .compose(v -> GatewayFixture.inBatches(USERS, 50, i -> SseClient.open(http, gw.port,
        "/api/v1/queue/burst/stream", gw.tokenFor(i + 1, "USER"), null).map(streams::add)))
      .compose(v -> Future.all(streams.stream().map(s -> s.next(e -> e.name().equals("position"))).toList()))
      // Past the longest pace of a place further back (its first estimate, from one tick's admissions, is long), so
      // that every one is due at the first admitting tick.
      .compose(v -> vertx.timer(31_000))
      .compose(v -> {
        vertx.eventBus().<JsonObject>consumer(QueueAddresses.TICKED, m -> {
          if (!m.body().getJsonArray("admitted", new JsonArray()).isEmpty()) {
            admittingTicks.add(System.currentTimeMillis());
          }
        });
        return gw.admin("PUT", "/api/v1/admin/shows/burst/queue", new JsonObject().put("capacity", USERS));
      })
      .compose(v -> vertx.timer(10_000))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertThat(admittingTicks).as("admitting ticks in 10 s").hasSizeGreaterThanOrEqualTo(5);
        long first = admittingTicks.get(0);
        long second = admittingTicks.get(1);
        List<SseClient> front = new ArrayList<>();
        List<SseClient> back = new ArrayList<>();
        for (SseClient stream : streams) {
          long place = stream.events().get(0).data().getLong("position");
          if (place <= ADMITTED_PER_TICK) {
            continue; // admitted at the first tick
          }
          (place - ADMITTED_PER_TICK <= 100 ? front : back).add(stream);
        }
        assertThat(front).as("streams in the first 100 places after the tick").hasSize(100);
        assertThat(back).as("streams further back").hasSize(USERS - 100 - ADMITTED_PER_TICK);
        // Before the next tick: the whole head, and at most a budget's worth of the places further back.
        assertThat(front).as("the head heard the first tick before the second")
          .allMatch(s -> movedBetween(s, first, second));
        long backHeard = back.stream().filter(s -> movedBetween(s, first, second)).count();
        assertThat(backHeard).as("places further back told between the first and second admitting tick")
          .isPositive().isLessThanOrEqualTo(BUDGET);
        // Within the 10 s: every place further back heard that the line moved.
        assertThat(back).as("every place further back told within 10 s")
          .allMatch(s -> movedBetween(s, first, Long.MAX_VALUE));
        streams.forEach(SseClient::close);
        ctx.completeNow();
      })));
  }

  /** Whether the stream got a position after its first event, arriving from {@code from} to before {@code to}. */
  private static boolean movedBetween(SseClient stream, long from, long to) {
    return stream.events().stream().anyMatch(e -> e.id() > 1 && e.name().equals("position")
      && e.receivedAtMillis() >= from && e.receivedAtMillis() < to);
  }
}
