package io.ticketping.booking;

import io.ticketping.shared.booking.BookingAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis seat map against PostgreSQL when they disagree: Redis lost a change, or was flushed while a hold was on
 * its way to PostgreSQL. PostgreSQL decides, and afterwards the map says what PostgreSQL says, seat by seat.
 */
@ExtendWith(VertxExtension.class)
class SeatMapConsistencyTest {

  private BookingFixture fx;
  private long scheduleId;
  private List<Long> seats;

  @BeforeEach
  void start(Vertx vertx) {
    fx = BookingFixture.start(vertx, config -> { });
    fx.deployBooking(1).await();
    scheduleId = fx.createSchedule(2, 2).await();
    seats = fx.seatIds(scheduleId).await();
  }

  @AfterEach
  void stop() {
    fx.close().await();
  }

  @Test
  @DisplayName("a hold that PostgreSQL commits while a flushed seat map is being re-warmed still shows as held")
  void holdCommittedDuringRewarm(VertxTestContext ctx) {
    long seat = seats.get(0);
    // An outside transaction locks the seat's row, so the hold passes the Redis gate and then waits in PostgreSQL.
    fx.call(BookingAddresses.SEAT_MAP, new JsonObject().put("scheduleId", scheduleId))
      .compose(warm -> lockRow(seat))
      .compose(locker -> {
        Future<JsonObject> hold = fx.hold(1, scheduleId, List.of(seat));
        return fx.eventually("the hold to wait for the seat's row lock", 5000, this::someoneWaitsForALock)
          .compose(v -> fx.redis("FLUSHDB")) // FLUSHDB: the cluster client sends it to every master
          .compose(v -> {
            // The next reader re-warms the map from PostgreSQL while the hold is still uncommitted there.
            Future<JsonObject> map = fx.call(BookingAddresses.SEAT_MAP, new JsonObject().put("scheduleId", scheduleId));
            return fx.later(300)
              .compose(x -> locker.query("ROLLBACK").execute())
              .compose(x -> Future.all(hold, map))
              .eventually(locker::close)
              .map(all -> hold.result());
          });
      })
      .compose(order -> bothStores().map(stores -> new Object[] {order, stores}))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        JsonObject order = (JsonObject) r[0];
        @SuppressWarnings("unchecked") Map<Long, String>[] stores = (Map<Long, String>[]) r[1];
        assertThat(stores[0].get(seat)).as("PostgreSQL").isEqualTo("HELD:" + order.getString("orderId"));
        assertThat(stores[1]).as("Redis agrees with PostgreSQL seat by seat").isEqualTo(stores[0]);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("when PostgreSQL refuses a hold that a stale Redis let through, nothing is held and the map is corrected")
  void postgresRefusesWhatStaleRedisAllowed(VertxTestContext ctx) {
    long taken = seats.get(0);
    fx.hold(1, scheduleId, List.of(taken))
      // Redis "forgets" the hold, as after a lost write: only PostgreSQL still knows the seat is taken.
      .compose(first -> fx.redis("HSET", SeatMap.seatsKey(scheduleId), String.valueOf(taken), "AVAILABLE").map(first))
      .compose(first -> fx.hold(2, scheduleId, seats.subList(0, 3)).transform(refused -> Future.succeededFuture(
        new Object[] {first, refused.failed() ? refused.cause() : refused.result()})))
      .compose(r -> bothStores().compose(stores -> fx.call(BookingAddresses.MY_ORDERS,
        new JsonObject().put("userId", 2)).map(mine -> new Object[] {r[0], r[1], stores, mine})))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        JsonObject first = (JsonObject) r[0];
        assertThat(r[1]).isInstanceOf(ReplyException.class);
        ReplyException refused = (ReplyException) r[1];
        assertThat(refused.failureCode()).isEqualTo(409);
        JsonObject problem = new JsonObject(refused.getMessage());
        assertThat(problem.getString("type")).endsWith("seats-taken");
        assertThat(problem.getJsonArray("seatIds").getLong(0)).isEqualTo(taken);
        assertThat(problem.getJsonArray("seatIds")).hasSize(1);
        @SuppressWarnings("unchecked") Map<Long, String>[] stores = (Map<Long, String>[]) r[2];
        assertThat(stores[0].get(taken)).isEqualTo("HELD:" + first.getString("orderId"));
        assertThat(stores[0].get(seats.get(1))).isEqualTo("AVAILABLE");
        assertThat(stores[0].get(seats.get(2))).isEqualTo("AVAILABLE");
        assertThat(stores[1]).as("Redis corrected from PostgreSQL").isEqualTo(stores[0]);
        assertThat(((JsonObject) r[3]).getJsonArray("items")).as("the refused user holds nothing").isEmpty();
        ctx.completeNow();
      })));
  }

  /** PostgreSQL's and Redis's seat states, once every pending change has settled. */
  @SuppressWarnings("unchecked")
  private Future<Map<Long, String>[]> bothStores() {
    return fx.postgresStates(scheduleId).compose(pg -> fx.redisStates(scheduleId)
      .map(redis -> (Map<Long, String>[]) new Map[] {pg, redis}));
  }

  private Future<SqlConnection> lockRow(long seat) {
    return fx.pg.getConnection().compose(conn -> conn.query("BEGIN").execute()
      .compose(v -> conn.preparedQuery("SELECT id FROM seats WHERE id = $1 FOR UPDATE").execute(Tuple.of(seat)))
      .map(conn));
  }

  private Future<Boolean> someoneWaitsForALock() {
    return fx.pg.query("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").execute()
      .map(rows -> rows.iterator().next().getLong(0) > 0);
  }
}
