package io.ticketping.booking;

import io.ticketping.shared.booking.BookingAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The ticket limit in both stores: Redis's counts turn holds away early, PostgreSQL refuses whatever a wrong count
 * lets through, and the counts follow every way an order ends (expiry, a lost release) or the map is lost.
 */
@ExtendWith(VertxExtension.class)
class TicketLimitStoresTest {

  private BookingFixture fx;
  private long scheduleId;
  private List<Long> seats;

  @AfterEach
  void stop() {
    fx.close().await();
  }

  private void start(Vertx vertx, int holdSeconds) {
    fx = BookingFixture.start(vertx, config -> config.getJsonObject("booking").put("holdSeconds", holdSeconds));
    fx.deployBooking(1).await();
    scheduleId = fx.createSchedule(2, 5).await();
    seats = fx.seatIds(scheduleId).await();
  }

  @Test
  @DisplayName("a hold that a Redis with a lost count lets past the limit is refused by PostgreSQL: 409 ticket-limit, "
    + "nothing held in either store")
  void postgresRefusesWhatRedisLetThrough(Vertx vertx) {
    start(vertx, 300);
    fx.hold(1, scheduleId, seats.subList(0, 2)).await();
    fx.hold(1, scheduleId, seats.subList(2, 4)).await();
    // Redis "forgets" the buyer's count, as after a lost write: only PostgreSQL still knows they are at the limit.
    fx.redis("HSET", SeatMap.buyersKey(scheduleId), "1", "0").await();

    ReplyException refused = refusal(fx.hold(1, scheduleId, seats.subList(4, 5)));

    assertLimitProblem(refused, 4, 4);
    Map<Long, String> postgres = fx.postgresStates(scheduleId).await();
    assertThat(postgres.get(seats.get(4))).as("PostgreSQL").isEqualTo("AVAILABLE");
    assertThat(fx.redisStates(scheduleId).await()).as("Redis agrees with PostgreSQL").isEqualTo(postgres);
    assertThat(buyers().get("1")).as("Redis's count: the refused hold taken off again").isEqualTo("0");
    assertThat(fx.call(BookingAddresses.MY_ORDERS, new JsonObject().put("userId", 1))
      .await().getJsonArray("items")).as("orders of the buyer").hasSize(2);
  }

  @Test
  @DisplayName("Redis alone turns a hold over the limit away, also after the seat map was flushed and re-warmed with "
    + "the buyers' counts from PostgreSQL")
  void redisGateCountsAcrossAFlush(Vertx vertx) {
    start(vertx, 300);
    JsonObject first = fx.hold(1, scheduleId, seats.subList(0, 3)).await();
    fx.hold(2, scheduleId, seats.subList(3, 4)).await();
    // With hold_seats gone, a hold that reached PostgreSQL would fail with a 500: a 409 can only come from Redis.
    fx.pg.query("ALTER FUNCTION hold_seats RENAME TO hold_seats_away").execute().await();
    try {
      assertLimitProblem(refusal(fx.hold(1, scheduleId, seats.subList(5, 7))), 4, 3);
      fx.redis("FLUSHDB").await();
      assertLimitProblem(refusal(fx.hold(1, scheduleId, seats.subList(5, 7))), 4, 3);
    } finally {
      fx.pg.query("ALTER FUNCTION hold_seats_away RENAME TO hold_seats").execute().await();
    }

    assertThat(buyers()).as("buyers' counts warmed from PostgreSQL")
      .isEqualTo(Map.of("limit", "4", "1", "3", "2", "1"));
    assertThat(hgetall(SeatMap.countedKey(scheduleId)).get(first.getString("orderId"))).isEqualTo("1:3");
    assertThat(fx.redisStates(scheduleId).await()).isEqualTo(fx.postgresStates(scheduleId).await());
    assertThat(fx.hold(1, scheduleId, seats.subList(5, 6)).await().getString("status")).as("the fourth ticket")
      .isEqualTo("PENDING_PAYMENT");
  }

  @Test
  @DisplayName("a seat map without buyers' counts (warmed before the limit existed) gets them from PostgreSQL on the "
    + "next hold, and keeps its seat states")
  void countsAddedToAnOlderMap(Vertx vertx) {
    start(vertx, 300);
    fx.hold(1, scheduleId, seats.subList(0, 4)).await();
    fx.redis("DEL", SeatMap.buyersKey(scheduleId), SeatMap.countedKey(scheduleId)).await();
    // A mark only Redis has: re-warming the seat map itself would overwrite it with PostgreSQL's AVAILABLE.
    fx.redis("HSET", SeatMap.seatsKey(scheduleId), String.valueOf(seats.get(9)), "SOLD").await();

    assertLimitProblem(refusal(fx.hold(1, scheduleId, seats.subList(4, 5))), 4, 4);

    assertThat(buyers()).isEqualTo(Map.of("limit", "4", "1", "4"));
    assertThat(fx.redisStates(scheduleId).await().get(seats.get(9))).as("the seat map was kept").isEqualTo("SOLD");
  }

  @Test
  @DisplayName("an expired hold gives its tickets back, and so does the stale-hold pass for a release Redis never "
    + "heard of; each only once")
  void expiryAndLostReleasesGiveTicketsBack(Vertx vertx) {
    start(vertx, 1);
    SeatMap seatMap = fx.seatMap();
    HoldSweeper sweeper = HoldSweepers.of(vertx, fx.pg, seatMap);
    fx.hold(1, scheduleId, seats.subList(0, 4)).await();
    fx.later(1100).await();
    assertThat(sweeper.sweepOnce().await()).isEqualTo(1);
    assertThat(buyers().get("1")).as("after expiry").isEqualTo("0");

    JsonObject lost = fx.hold(1, scheduleId, seats.subList(4, 8)).await();
    // PostgreSQL ended the order but the process "died" before Redis heard of it.
    fx.pg.preparedQuery("UPDATE orders SET status = 'EXPIRED' WHERE id = $1")
      .execute(Tuple.of(UUID.fromString(lost.getString("orderId")))).await();
    fx.pg.preparedQuery("UPDATE seats SET status = 'AVAILABLE', order_id = NULL WHERE order_id = $1")
      .execute(Tuple.of(UUID.fromString(lost.getString("orderId")))).await();
    assertThat(buyers().get("1")).as("Redis still counts the lost order").isEqualTo("4");
    long later = System.currentTimeMillis() + 60_000;
    assertThat(seatMap.releaseStale(scheduleId, later).await()).isEqualTo(1);
    assertThat(seatMap.releaseStale(scheduleId, later).await()).as("nothing left to clear").isZero();
    seatMap.release(scheduleId, lost.getString("orderId"), seats.subList(4, 8)).await();

    assertThat(buyers().get("1")).as("after the stale pass and a late release").isEqualTo("0");
    assertThat(hgetall(SeatMap.countedKey(scheduleId))).isEmpty();
    assertThat(fx.hold(1, scheduleId, seats.subList(6, 10)).await().getString("status")).as("four tickets again")
      .isEqualTo("PENDING_PAYMENT");
  }

  private static ReplyException refusal(Future<JsonObject> hold) {
    return catchThrowableOfType(ReplyException.class, hold::await);
  }

  private static void assertLimitProblem(ReplyException refused, int limit, int held) {
    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.failureCode()).isEqualTo(409);
    JsonObject problem = new JsonObject(refused.getMessage());
    assertThat(problem.getString("type")).endsWith("ticket-limit");
    assertThat(problem.getString("title")).isEqualTo("Ticket limit reached");
    assertThat(problem.getInteger("limit")).isEqualTo(limit);
    assertThat(problem.getInteger("held")).isEqualTo(held);
  }

  private Map<String, String> buyers() {
    return hgetall(SeatMap.buyersKey(scheduleId));
  }

  private Map<String, String> hgetall(String key) {
    Response reply = fx.redis.send(Request.cmd(Command.HGETALL).arg(key)).await();
    Map<String, String> fields = new HashMap<>();
    for (String field : reply.getKeys()) {
      fields.put(field, reply.get(field).toString());
    }
    return fields;
  }
}
