package io.ticketping.booking;

import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.devservices.RedisCluster;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The seat-map scripts (hold, release, expiry, re-warm) on a Redis Cluster of three masters. */
@ExtendWith(VertxExtension.class)
class BookingClusterTest {

  private static final int USERS = 40;

  private BookingFixture fx;
  private long scheduleId;
  private List<Long> seats;

  @BeforeEach
  void start(Vertx vertx) {
    fx = BookingFixture.startOnCluster(vertx, config -> config.getJsonObject("booking").put("holdSeconds", 1));
    fx.deployBooking(2).await();
    scheduleId = fx.createSchedule(4, 5).await();
    seats = fx.seatIds(scheduleId).await();
  }

  @AfterEach
  void stop() {
    fx.close().await();
  }

  @Test
  @DisplayName("on the cluster, 40 users racing for overlapping pairs of 20 seats never share a seat, both stores "
    + "agree, the seat map and holds sit together on one master, and cancelling frees every seat")
  void holdRaceAndRelease(Vertx vertx, VertxTestContext ctx) {
    RedisCluster cluster = TestServers.get().redisCluster();
    List<Future<JsonObject>> holds = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      int first = i % (seats.size() - 1);
      holds.add(fx.hold(1 + i, scheduleId, List.of(seats.get(first), seats.get(first + 1))));
    }
    Future.join(holds).transform(done -> Future.succeededFuture(holds))
      .compose(all -> bothStores().compose(stores -> vertx.executeBlocking(() -> {
        // redis-cli runs as a child process: off the event loop.
        List<Integer> nodes = cluster.ports().stream().filter(port -> cluster.keysOn(port)
          .containsAll(List.of(SeatMap.seatsKey(scheduleId), SeatMap.holdsKey(scheduleId)))).toList();
        int owner = cluster.ownerOf(cluster.keySlot(SeatMap.seatsKey(scheduleId)));
        ctx.verify(() -> {
          assertThat(nodes).as("masters holding both keys of the schedule").containsExactly(owner);
        });
        return stores;
      })).map(stores -> {
        List<JsonObject> orders = all.stream().filter(Future::succeeded).map(Future::result).toList();
        ctx.verify(() -> {
          assertThat(orders).isNotEmpty();
          Map<Long, String> holder = new HashMap<>();
          for (JsonObject order : orders) {
            order.getJsonArray("seats").forEach(seat -> {
              long seatId = ((JsonObject) seat).getLong("seatId");
              assertThat(holder.put(seatId, order.getString("orderId"))).as("seat %s held twice", seatId).isNull();
            });
          }
          holder.forEach((seat, orderId) -> assertThat(stores.get(0).get(seat)).isEqualTo("HELD:" + orderId));
          assertThat(stores.get(1)).as("Redis agrees with PostgreSQL").isEqualTo(stores.get(0));
        });
        return orders;
      }))
      .compose(orders -> {
        List<Future<JsonObject>> cancels = new ArrayList<>();
        for (JsonObject order : orders) {
          long userId = 1 + all(holds).indexOf(order);
          cancels.add(fx.call(BookingAddresses.CANCEL_ORDER, new JsonObject().put("userId", userId)
            .put("orderId", order.getString("orderId"))));
        }
        return Future.all(cancels);
      })
      .compose(cancelled -> bothStores())
      .onComplete(ctx.succeeding(stores -> ctx.verify(() -> {
        assertThat(stores.get(0).values()).containsOnly("AVAILABLE");
        assertThat(stores.get(1)).isEqualTo(stores.get(0));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("on the cluster, overdue holds are released by the sweeper in both stores, and a flushed seat map is "
    + "re-warmed from PostgreSQL")
  void expiryAndRewarm(Vertx vertx, VertxTestContext ctx) {
    fx.hold(1, scheduleId, seats.subList(0, 3))
      .compose(held -> fx.hold(2, scheduleId, seats.subList(3, 5)))
      .compose(held -> fx.later(1100))
      .compose(v -> HoldSweepers.of(vertx, fx.pg, fx.seatMap()).sweepOnce())
      .compose(expired -> bothStores().map(stores -> {
        ctx.verify(() -> {
          assertThat(expired).isEqualTo(2);
          assertThat(stores.get(0).values()).containsOnly("AVAILABLE");
          assertThat(stores.get(1)).isEqualTo(stores.get(0));
        });
        return stores;
      }))
      .compose(v -> fx.hold(3, scheduleId, seats.subList(5, 7)))
      .compose(order -> vertx.executeBlocking(() -> {
        TestServers.get().redisCluster().flushAll();
        return order;
      }))
      .compose(order -> {
        return fx.call(BookingAddresses.SEAT_MAP, new JsonObject().put("scheduleId", scheduleId))
          .compose(map -> bothStores())
          .map(stores -> {
            ctx.verify(() -> {
              assertThat(stores.get(0).get(seats.get(5))).isEqualTo("HELD:" + order.getString("orderId"));
              assertThat(stores.get(1)).as("re-warmed from PostgreSQL").isEqualTo(stores.get(0));
            });
            return stores;
          });
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  private static List<JsonObject> all(List<Future<JsonObject>> calls) {
    return calls.stream().map(f -> f.succeeded() ? f.result() : null).toList();
  }

  /** PostgreSQL's states, then Redis's. */
  private Future<List<Map<Long, String>>> bothStores() {
    return fx.postgresStates(scheduleId).compose(pg -> fx.redisStates(scheduleId).map(redis -> List.of(pg, redis)));
  }
}
