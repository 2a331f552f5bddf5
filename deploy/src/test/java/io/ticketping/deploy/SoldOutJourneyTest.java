package io.ticketping.deploy;

import io.ticketping.gateway.auth.AccessTokens;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A show selling out with 200 people in line, on the whole system: booking counts the seats on sale after each
 * change and the waiting room stops and starts on it. The tick is the production default (1 s), so "within two
 * ticks" is what a real waiter would get.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, timeUnit = TimeUnit.SECONDS)
class SoldOutJourneyTest {

  private static final long TICK_MILLIS = 1000;
  private static final int WAITERS = 200;

  @Test
  @DisplayName("200 waiters: the last seat taken makes every poll and every stream say SOLD_OUT within two ticks, "
    + "nobody is admitted to an empty map, a seat put back admits the head of the line and nobody else, and the "
    + "last seat sold says sold out for good, until a refund puts it back for the next in line")
  void lastSeatThenOneBack(Vertx vertx) {
    SystemFixture sys = SystemFixture.start(vertx, config -> config.getJsonObject("queue").put("tickMillis",
      TICK_MILLIS));
    AccessTokens tokens = new AccessTokens(vertx, sys.config.getJsonObject("jwt"));
    // Two schedules of one seat each: sold out only once both are gone.
    JsonObject show = vertx.eventBus().<JsonObject>request(BookingAddresses.CREATE_SHOW, tinyShow(2)).await().body();
    long showId = show.getLong("showId");
    long first = show.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    long second = show.getJsonArray("schedules").getJsonObject(1).getLong("scheduleId");
    List<Long> admittedByTicks = Collections.synchronizedList(new ArrayList<>());
    vertx.eventBus().<JsonObject>consumer(QueueAddresses.TICKED, tick -> {
      if (String.valueOf(showId).equals(tick.body().getString("showId"))) {
        tick.body().getJsonArray("admitted").forEach(id -> admittedByTicks.add(((Number) id).longValue()));
      }
    });
    vertx.eventBus().request(QueueAddresses.CONFIGURE, new JsonObject().put("showId", String.valueOf(showId))
      .put("capacity", 2).put("idleTimeoutSeconds", 600)).await();
    Purchase ann = buyer(sys, new long[] {showId, first}, tokens.issue(1, "USER"));
    Purchase bob = buyer(sys, new long[] {showId, second}, tokens.issue(2, "USER"));
    LineOfWaiters line = LineOfWaiters.enter(sys, tokens, showId, 1001, WAITERS);
    line.openStreams();

    ann.holdFirstSeat().await();
    Waits.later(vertx, 2 * TICK_MILLIS + 300).await();
    assertThat(line.pollAll().values()).as("one seat is still on sale")
      .allSatisfy(answer -> assertThat(answer.getString("status")).isEqualTo("WAITING"));
    assertThat(line.streams.values()).allSatisfy(stream -> assertThat(stream.events())
      .extracting(SseWatch.Event::name).containsOnly("position"));

    bob.holdFirstSeat().await();
    long lastTaken = System.currentTimeMillis();
    assertWithinTwoTicks("polls", line.pollUntilEach(a -> "SOLD_OUT".equals(a.getString("status")), 10_000),
      lastTaken);
    assertWithinTwoTicks("streams", line.streamedEach(e -> e.name().equals("soldout"), 10_000), lastTaken);
    Map<Long, JsonObject> forNow = line.pollAll();
    for (int place = 1; place <= WAITERS; place++) {
      JsonObject answer = forNow.get(line.ids.get(place - 1));
      assertThat(answer.getString("soldOut")).isEqualTo("FOR_NOW");
      assertThat(answer.getLong("position")).as("everyone keeps their place").isEqualTo(place);
    }

    // Ann buys: her slot is free, yet nobody is let in while nothing is on sale.
    pay(sys, ann);
    assertThat(sys.eventually(() -> stats(sys, showId), s -> s.getLong("working") == 1, 30).await()
      .getLong("working")).as("Ann's slot freed by her purchase").isEqualTo(1);
    Waits.later(vertx, 3 * TICK_MILLIS).await();
    assertThat(admittedByTicks).as("admitted while sold out").isEmpty();
    assertThat(line.pollAll().values())
      .allSatisfy(answer -> assertThat(answer.getString("status")).isEqualTo("SOLD_OUT"));

    // Bob cancels: his seat is back, and the head of the line (not a newcomer, not anyone behind) gets it.
    HttpResponse<Buffer> cancelled = sys.client.delete("/api/v1/orders/" + bob.orderId)
      .bearerTokenAuthentication(bob.token).send().await();
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    long head = line.ids.get(0);
    line.only(1).streamedEach(e -> e.name().equals("admitted") && e.data().getString("pass") != null, 10_000);
    LineOfWaiters rest = line.from(2);
    rest.pollUntilEach(a -> "WAITING".equals(a.getString("status")), 10_000);
    Waits.later(vertx, 2 * TICK_MILLIS).await();
    assertThat(admittedByTicks).as("admitted by the ticks since the seat came back").containsExactly(head);
    Map<Long, JsonObject> behind = rest.pollAll();
    for (int place = 2; place <= WAITERS; place++) {
      long id = line.ids.get(place - 1);
      assertThat(behind.get(id).getString("status")).isEqualTo("WAITING");
      assertThat(behind.get(id).getLong("position")).as("everyone moved up by one").isEqualTo(place - 1);
      List<SseWatch.Event> events = line.streams.get(id).events();
      SseWatch.Event latest = events.get(events.size() - 1);
      assertThat(latest.name()).as("the stream of place %d", place).isEqualTo("position");
      assertThat(latest.data().getLong("position")).isEqualTo(place - 1);
    }

    // The head buys that seat: the last seat sold with none held, so sold out for good.
    Purchase carol = buyer(sys, new long[] {showId, second}, line.tokens.get(head));
    carol.holdFirstSeat().await();
    pay(sys, carol);
    long lastSold = System.currentTimeMillis();
    assertWithinTwoTicks("polls", rest.pollUntilEach(a -> "FOR_GOOD".equals(a.getString("soldOut")), 10_000),
      lastSold);
    assertWithinTwoTicks("streams", rest.streamedEach(e -> e.name().equals("soldout")
      && "FOR_GOOD".equals(e.data().getString("soldOut")), 10_000), lastSold);
    assertThat(sys.enter(showId, tokens.issue(5000, "USER")).await().getString("status"))
      .as("a newcomer").isEqualTo("SOLD_OUT");
    assertThat(admittedByTicks).containsExactly(head);

    // Ann refunds her ticket: once her money is back her seat is on sale again, and the next in line gets it.
    HttpResponse<Buffer> refunded = sys.client.post("/api/v1/orders/" + ann.orderId + "/refund")
      .bearerTokenAuthentication(ann.token).send().await();
    assertThat(refunded.statusCode()).as(refunded.bodyAsString()).isEqualTo(202);
    long next = line.ids.get(1);
    rest.only(1).streamedEach(e -> e.name().equals("admitted") && e.data().getString("pass") != null, 30_000);
    Waits.later(vertx, 2 * TICK_MILLIS).await();
    assertThat(admittedByTicks).as("the refunded seat goes to the next in line, and to nobody else")
      .containsExactly(head, next);
    assertThat(sys.orderStatus(ann.orderId).await()).isEqualTo("REFUNDED");
  }

  /** Everyone got it no later than two ticks after {@code since}. */
  private static void assertWithinTwoTicks(String what, Map<Long, Long> seenAt, long since) {
    long latest = seenAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(latest - since).as("ms from the change to the last of %d %s to show it", seenAt.size(), what)
      .isLessThanOrEqualTo(2 * TICK_MILLIS);
  }

  /** Pays the buyer's held order and waits until PostgreSQL has it PAID (the seat SOLD): the moment of the sale. */
  private static void pay(SystemFixture sys, Purchase buyer) {
    HttpResponse<Buffer> paid = sys.pay(buyer.token, buyer.pass, UUID.randomUUID().toString(), buyer.orderId,
      buyer.amount).await();
    assertThat(paid.bodyAsJsonObject().getString("status")).as(paid.bodyAsString()).isEqualTo("APPROVED");
    long deadline = System.currentTimeMillis() + 30_000;
    while (!"PAID".equals(sys.orderStatus(buyer.orderId).await())) {
      assertThat(System.currentTimeMillis()).as("order %s PAID in time", buyer.orderId).isLessThan(deadline);
      Waits.later(sys.vertx, 20).await();
    }
  }

  private static Purchase buyer(SystemFixture sys, long[] showAndSchedule, String token) {
    Purchase buyer = new Purchase(sys);
    buyer.show(showAndSchedule).await();
    buyer.buyer(token).await();
    return buyer;
  }

  private static Future<JsonObject> stats(SystemFixture sys, long showId) {
    return sys.vertx.eventBus().<JsonObject>request(QueueAddresses.STATS,
      new JsonObject().put("showId", String.valueOf(showId))).map(m -> m.body());
  }

  /** On sale since 2020, {@code schedules} evenings in January 2030, one seat each. */
  static JsonObject tinyShow(int schedules) {
    JsonArray evenings = new JsonArray();
    for (int day = 1; day <= schedules; day++) {
      evenings.add(new JsonObject().put("startsAt", String.format("2030-01-%02dT19:00:00Z", day)));
    }
    return new JsonObject().put("title", "Tiny Hall Night").put("venue", "Tiny Hall")
      .put("saleOpensAt", "2020-01-01T00:00:00Z").put("schedules", evenings)
      .put("layout", new JsonObject().put("rows", 1).put("cols", 1).put("grades", new JsonArray()
        .add(new JsonObject().put("grade", "R").put("price", 90_000).put("rows", new JsonArray().add(1)))));
  }
}
