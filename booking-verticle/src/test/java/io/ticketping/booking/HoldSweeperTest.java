package io.ticketping.booking;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Hold expiry when several instances sweep at once: every overdue order ends once, on time, in both stores. */
@ExtendWith(VertxExtension.class)
class HoldSweeperTest {

  private BookingFixture fx;

  @AfterEach
  void stop() {
    fx.close().await();
  }

  @Test
  @SuppressWarnings("unchecked")
  @DisplayName("four sweeps running at once expire each overdue order exactly once and free its seats in both stores")
  void concurrentSweepsExpireEachOrderOnce(Vertx vertx, VertxTestContext ctx) {
    fx = BookingFixture.start(vertx, config -> config.getJsonObject("booking").put("holdSeconds", 1));
    fx.deployBooking(1).await();
    long scheduleId = fx.createSchedule(6, 10).await();
    List<Long> seats = fx.seatIds(scheduleId).await();
    holdEach(scheduleId, seats)
      .compose(v -> fx.later(1100))
      .compose(v -> {
        // Four sweepers over one pool: each sweep runs in its own transaction on its own connection.
        List<Future<Integer>> sweeps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          SeatMap seatMap = fx.seatMap();
          sweeps.add(HoldSweepers.of(vertx, fx.pg, seatMap).sweepOnce());
        }
        return Future.all(sweeps).map(all -> sweeps.stream().mapToInt(Future::result).sum());
      })
      .compose(expired -> HoldSweepers.of(vertx, fx.pg, fx.seatMap()).sweepOnce()
        .map(again -> new int[] {expired, again}))
      .compose(counts -> statuses().compose(statuses -> fx.postgresStates(scheduleId)
        .compose(pg -> fx.redisStates(scheduleId).map(redis -> new Object[] {counts, statuses, pg, redis}))))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        int[] counts = (int[]) r[0];
        assertThat(counts[0]).as("orders expired by the four sweeps together").isEqualTo(seats.size());
        assertThat(counts[1]).as("a later sweep finds nothing left").isZero();
        assertThat((List<Object>) r[1]).hasSize(seats.size()).containsOnly("EXPIRED");
        assertThat(((Map<Object, Object>) r[2]).values()).hasSize(seats.size()).containsOnly("AVAILABLE");
        assertThat((Map<?, ?>) r[3]).as("Redis agrees with PostgreSQL").isEqualTo(r[2]);
        ctx.completeNow();
      })));
  }

  @Test
  @SuppressWarnings("unchecked")
  @DisplayName("three service instances sweeping every 100 ms expire every hold on time, never early, and free its seats")
  void instancesExpireHoldsOnTime(Vertx vertx, VertxTestContext ctx) {
    fx = BookingFixture.start(vertx, config -> config.getJsonObject("booking")
      .put("holdSeconds", 1).put("sweeper", true).put("sweepMillis", 100));
    fx.deployBooking(3).await();
    long scheduleId = fx.createSchedule(3, 10).await();
    List<Long> seats = fx.seatIds(scheduleId).await();
    holdEach(scheduleId, seats)
      .compose(v -> fx.eventually("every order to expire", 5000,
        () -> statuses().map(statuses -> !statuses.isEmpty() && statuses.stream().allMatch("EXPIRED"::equals))))
      // Redis hears of an expiry just after PostgreSQL's commit: give it a moment, not a whole sweep period.
      .compose(v -> fx.eventually("Redis to free the expired seats", 500, () -> fx.redisStates(scheduleId)
        .map(states -> states.values().stream().allMatch("AVAILABLE"::equals))))
      .compose(v -> fx.pg.query("SELECT extract(epoch FROM updated_at - hold_expires_at) * 1000 FROM orders")
        .execute())
      .compose(lateness -> fx.postgresStates(scheduleId).compose(pg -> fx.redisStates(scheduleId)
        .map(redis -> new Object[] {lateness, pg, redis})))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        List<Double> lateMillis = new ArrayList<>();
        for (Row row : (Iterable<Row>) r[0]) {
          lateMillis.add(row.getNumeric(0).doubleValue());
        }
        assertThat(lateMillis).hasSize(seats.size()).allSatisfy(late -> assertThat(late).isBetween(0.0, 1000.0));
        assertThat(((Map<Object, Object>) r[1]).values()).containsOnly("AVAILABLE");
        assertThat((Map<?, ?>) r[2]).as("Redis agrees with PostgreSQL").isEqualTo(r[1]);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("the stale-hold pass frees a Redis hold whose order already ended in PostgreSQL, and touches no live hold")
  void staleHoldPassFreesLostReleases(Vertx vertx, VertxTestContext ctx) {
    fx = BookingFixture.start(vertx, config -> config.getJsonObject("booking")
      .put("sweeper", true).put("sweepMillis", 50));
    fx.deployBooking(1).await();
    long scheduleId = fx.createSchedule(1, 4).await();
    List<Long> seats = fx.seatIds(scheduleId).await();
    String holds = SeatMap.holdsKey(scheduleId);
    long longAgo = System.currentTimeMillis() - 60_000;
    fx.hold(1, scheduleId, List.of(seats.get(0))).compose(lost -> fx.hold(2, scheduleId, List.of(seats.get(1)))
        .map(live -> new String[] {lost.getString("orderId"), live.getString("orderId")}))
      // The process "died" after PostgreSQL ended order 1 and before Redis heard of it: Redis still holds its seat.
      .compose(ids -> fx.pg.preparedQuery("UPDATE orders SET status = 'EXPIRED', hold_expires_at = now() - "
          + "interval '1 minute' WHERE id = $1").execute(Tuple.of(UUID.fromString(ids[0])))
        .compose(v -> fx.pg.preparedQuery("UPDATE seats SET status = 'AVAILABLE', order_id = NULL WHERE order_id = $1")
          .execute(Tuple.of(UUID.fromString(ids[0]))))
        .compose(v -> fx.redis("ZADD", holds, String.valueOf(longAgo), ids[0]))
        // A stale entry whose order holds no seat here any more must not free the live hold's seat.
        .compose(v -> fx.redis("ZADD", holds, String.valueOf(longAgo), "00000000-0000-0000-0000-000000000000"))
        .map(ids))
      .compose(ids -> fx.eventually("the stale pass to free seat " + seats.get(0), 5000,
          () -> fx.redisStates(scheduleId).map(states -> "AVAILABLE".equals(states.get(seats.get(0)))))
        .compose(v -> fx.hold(3, scheduleId, List.of(seats.get(0))))
        .compose(again -> fx.postgresStates(scheduleId).compose(pg -> fx.redisStates(scheduleId)
          .map(redis -> new Object[] {ids, again, pg, redis}))))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        String[] ids = (String[]) r[0];
        JsonObject again = (JsonObject) r[1];
        @SuppressWarnings("unchecked") Map<Long, String> pg = (Map<Long, String>) r[2];
        assertThat(again.getString("status")).as("the freed seat sells again").isEqualTo("PENDING_PAYMENT");
        assertThat(pg.get(seats.get(1))).as("the live hold is untouched").isEqualTo("HELD:" + ids[1]);
        assertThat((Map<?, ?>) r[3]).as("Redis agrees with PostgreSQL").isEqualTo(pg);
        ctx.completeNow();
      })));
  }

  /** One order per seat, users 1..n, all at once. */
  private Future<Void> holdEach(long scheduleId, List<Long> seats) {
    List<Future<JsonObject>> holds = new ArrayList<>();
    for (int i = 0; i < seats.size(); i++) {
      holds.add(fx.hold(i + 1, scheduleId, List.of(seats.get(i))));
    }
    return Future.all(holds).mapEmpty();
  }

  private Future<List<String>> statuses() {
    return fx.pg.query("SELECT status FROM orders").execute().map(rows -> {
      List<String> statuses = new ArrayList<>();
      rows.forEach(row -> statuses.add(row.getString(0)));
      return statuses;
    });
  }
}
