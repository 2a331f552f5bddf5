package io.ticketping.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 300 admitted users race for the 30 seats of one schedule, every request in flight at once, with 1 to 4 seats each:
 * every seat ends in exactly one order, every loser hears which seats were taken, nothing answers 5xx, and PostgreSQL
 * and the Redis seat map agree seat by seat afterwards, even when Redis loses the seat map in the middle of the race.
 */
@ExtendWith(VertxExtension.class)
class SeatRaceTest {

  private static final int USERS = 300;

  /** One user's attempt: the seats asked for, the answer, and whether it came after the seat map was lost. */
  record Attempt(long userId, List<Long> seats, HttpResponse<Buffer> response, boolean afterFlush) {
  }

  private GatewayFixture gw;
  private BookingClient api;
  private long showId;
  private long scheduleId;
  private List<Long> seatIds;

  @BeforeEach
  void start(Vertx vertx) {
    gw = GatewayFixture.startWithBooking(vertx, config -> { });
    api = new BookingClient(gw);
    JsonObject show = api.createShow(BookingClient.show("Race", 3, 10, 1)).await();
    showId = show.getLong("showId");
    scheduleId = BookingClient.scheduleId(show, 0);
    api.capacity(showId, 400).await();
    seatIds = api.seatIds(scheduleId).await();
  }

  @AfterEach
  void stop() {
    api.close().await();
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("300 users racing for 30 seats: each seat in exactly one order, every loser a 409 naming taken seats")
  void race(VertxTestContext ctx) {
    Map<Long, List<Long>> plan = plan(1, USERS);
    api.passes(1, USERS, showId)
      .compose(passes -> fire(plan, passes, null))
      .compose(attempts -> settledStores().map(stores -> new Object[] {attempts, stores}))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        @SuppressWarnings("unchecked") List<Attempt> attempts = (List<Attempt>) r[0];
        for (Attempt attempt : attempts) {
          assertThat(attempt.response().statusCode()).as(describe(attempt)).isIn(201, 409);
        }
        assertWinnersAndLosers(attempts, (Stores) r[1]);
        ctx.completeNow();
      })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("the seat map lost from Redis in the middle of the race: re-warmed from PostgreSQL, still no seat in two orders, stores agree")
  void raceWithRedisFlushed(VertxTestContext ctx) {
    Map<Long, List<Long>> firstWave = plan(1, USERS / 2);
    Map<Long, List<Long>> secondWave = plan(USERS / 2 + 1, USERS);
    List<Attempt> all = Collections.synchronizedList(new ArrayList<>());
    // Every pass is taken before the race: the waiting room is not what this test loses.
    api.passes(1, USERS, showId)
      // Deletes the seat map once the first answers are back, with much of the first wave still in flight, and sends
      // the rest of the wave once it is gone (see fire).
      .compose(passes -> fire(firstWave, passes, 5).compose(first -> {
        all.addAll(first);
        return settledStores().map(stores -> {
          ctx.verify(() -> {
            assertThat(first.stream().filter(Attempt::afterFlush).count())
              .as("first-wave answers after the seat map was lost").isGreaterThanOrEqualTo(30);
            assertThat(stores.postgres()).as("after the flushed wave, Redis agrees with PostgreSQL")
              .isEqualTo(stores.redis());
            assertNoSeatInTwoOrders(stores);
          });
          return passes;
        });
      }))
      .compose(passes -> fire(secondWave, passes, null))
      .compose(second -> {
        all.addAll(second);
        return settledStores();
      })
      .onComplete(ctx.succeeding(stores -> ctx.verify(() -> {
        for (Attempt attempt : all) {
          // Every request reached the booking service, before the flush or after it: only holds and seats-taken.
          assertThat(attempt.response().statusCode()).as(describe(attempt)).isIn(201, 409);
        }
        assertThat(all.stream().filter(a -> a.afterFlush() || a.userId() > USERS / 2).count())
          .as("requests answered by booking after the seat map was lost").isGreaterThanOrEqualTo(USERS / 2 + 30);
        assertWinnersAndLosers(all, stores);
        ctx.completeNow();
      })));
  }

  /**
   * Each user's seats: sizes 1, 2, 3, 4 in turn; the single-seat requests cover every seat, so that every seat is
   * sure to sell however the multi-seat requests collide; the others pick seats at random (fixed seed).
   */
  private Map<Long, List<Long>> plan(long fromUser, long toUser) {
    Random random = new Random(fromUser);
    Map<Long, List<Long>> plan = new HashMap<>();
    for (long user = fromUser; user <= toUser; user++) {
      int size = (int) (user % 4) + 1;
      if (size == 1) {
        plan.put(user, List.of(seatIds.get((int) (user / 4 % seatIds.size()))));
      } else {
        List<Long> shuffled = new ArrayList<>(seatIds);
        Collections.shuffle(shuffled, random);
        plan.put(user, List.copyOf(shuffled.subList(0, size)));
      }
    }
    return plan;
  }

  /**
   * Sends every planned request at once; when {@code flushAfter} is not null, deletes the schedule's seat map from
   * Redis after that many answers (and fails unless there was a map to delete), and holds back half of the plan until
   * the map is gone: those are sure to meet the lost map, however fast the first half is answered, while the first
   * half's requests still in flight meet the loss mid-way.
   */
  private Future<List<Attempt>> fire(Map<Long, List<Long>> plan, Map<Long, String> passes, Integer flushAfter) {
    AtomicInteger answered = new AtomicInteger();
    Promise<Integer> flushed = Promise.promise();
    if (flushAfter == null) {
      flushed.complete(0);
    }
    List<Long> users = plan.keySet().stream().sorted().toList();
    int atOnce = flushAfter == null ? users.size() : users.size() / 2;
    List<Future<Attempt>> attempts = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      long user = users.get(i);
      List<Long> seats = plan.get(user);
      Future<Integer> go = i < atOnce ? Future.succeededFuture(0) : flushed.future();
      attempts.add(go.compose(v -> api.hold(user, passes.get(user), scheduleId, seats))
        .onSuccess(r -> {
          if (flushAfter != null && answered.incrementAndGet() == flushAfter) {
            api.forgetSeatMap(scheduleId).onComplete(flushed);
          }
        })
        .map(response -> new Attempt(user, seats, response, flushAfter != null && flushed.future().isComplete())));
    }
    return Future.all(attempts).compose(all -> flushed.future()).map(deleted -> {
      if (flushAfter != null && deleted < 1) {
        throw new AssertionError("there was no seat map to delete");
      }
      return attempts.stream().map(Future::result).toList();
    });
  }

  /** Both stores, read after a seat-map request (which warms a cold map the way any reader would). */
  private Future<Stores> settledStores() {
    return api.seatMap(scheduleId).compose(map -> api.postgresStates(scheduleId)
      .compose(pg -> api.redisStates(scheduleId)
        .compose(redis -> api.liveOrdersBySeat(scheduleId).map(orders -> new Stores(pg, redis, map, orders)))));
  }

  record Stores(Map<Long, String> postgres, Map<Long, String> redis, JsonObject seatMap,
                Map<Long, List<String>> ordersBySeat) {
  }

  private void assertWinnersAndLosers(List<Attempt> attempts, Stores stores) {
    Map<Long, String> winnerOfSeat = new HashMap<>();
    int winners = 0;
    for (Attempt attempt : attempts) {
      JsonObject body = attempt.response().bodyAsJsonObject();
      if (attempt.response().statusCode() == 201) {
        winners++;
        assertThat(body.getString("status")).isEqualTo("PENDING_PAYMENT");
        for (Object seat : body.getJsonArray("seats")) {
          long seatId = ((JsonObject) seat).getLong("seatId");
          assertThat(winnerOfSeat.put(seatId, body.getString("orderId"))).as("seat %d sold twice", seatId).isNull();
        }
        assertThat(winnerOfSeat.keySet()).containsAll(attempt.seats());
      } else if (attempt.response().statusCode() == 409) {
        assertThat(body.getString("type")).as(describe(attempt)).endsWith("seats-taken");
        JsonArray taken = body.getJsonArray("seatIds");
        assertThat(taken).as(describe(attempt)).isNotEmpty();
        taken.forEach(seat -> assertThat(attempt.seats()).as(describe(attempt)).contains(((Number) seat).longValue()));
      }
    }
    assertThat(winnerOfSeat.keySet()).as("every seat sold").containsExactlyInAnyOrderElementsOf(seatIds);
    assertNoSeatInTwoOrders(stores);
    assertThat(stores.ordersBySeat().values().stream().flatMap(List::stream).distinct().count())
      .as("PostgreSQL has exactly the orders that were answered 201").isEqualTo(winners);
    winnerOfSeat.forEach((seat, order) -> {
      assertThat(stores.ordersBySeat().get(seat)).as("seat %d in PostgreSQL", seat).containsExactly(order);
      assertThat(stores.postgres().get(seat)).isEqualTo("HELD:" + order);
    });
    assertThat(stores.redis()).as("Redis agrees with PostgreSQL seat by seat").isEqualTo(stores.postgres());
    stores.seatMap().getJsonArray("seats").forEach(seat ->
      assertThat(((JsonObject) seat).getString("status")).as("public seat map").isEqualTo("HELD"));
  }

  private static void assertNoSeatInTwoOrders(Stores stores) {
    stores.ordersBySeat().forEach((seat, orders) -> assertThat(orders).as("live orders of seat %d", seat).hasSize(1));
  }

  private static String describe(Attempt attempt) {
    return "user " + attempt.userId() + " asking for " + attempt.seats() + ": " + attempt.response().statusCode()
      + " " + attempt.response().bodyAsString();
  }
}
