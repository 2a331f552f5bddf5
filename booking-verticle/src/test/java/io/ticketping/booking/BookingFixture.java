package io.ticketping.booking;

import io.ticketping.queue.QueueVerticle;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.testing.Waits;
import io.ticketping.shared.redis.RedisClients;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;


/**
 * The booking service (and the real queue service that show creation configures) against the test servers, called
 * over the event bus as the gateway does, plus direct reads of both stores so that a test can compare them.
 */
final class BookingFixture {

  private static final String NO_QUEUE = "test.noQueueService";

  final Vertx vertx;
  final JsonObject config;
  /** Our own connections (not the service's shared pool), to read the truth and to take locks from the outside. */
  final Pool pg;
  final Redis redis;

  private BookingFixture(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.config = config;
    this.pg = PgBuilder.pool().with(new PoolOptions().setMaxSize(6))
      .connectingTo(PgPools.connectOptions(config)).using(vertx).build();
    this.redis = RedisClients.create(vertx, config);
  }

  /** Resets the servers and deploys the queue service (no ticker); the booking service is deployed by the test. */
  static BookingFixture start(Vertx vertx, Consumer<JsonObject> tweak) {
    return start(vertx, false, tweak);
  }

  /** As {@link #start(Vertx, Consumer)}, but with no queue service: nothing answers on the queue's addresses. */
  static BookingFixture startWithoutQueueService(Vertx vertx) {
    return start(vertx, false, config -> config.put(NO_QUEUE, true));
  }

  /** As {@link #start(Vertx, Consumer)}, with both services (and the fixture's own client) on the Redis Cluster. */
  static BookingFixture startOnCluster(Vertx vertx, Consumer<JsonObject> tweak) {
    return start(vertx, true, tweak);
  }

  private static BookingFixture start(Vertx vertx, boolean cluster, Consumer<JsonObject> tweak) {
    if (cluster) {
      TestServers.get().redisCluster();
    }
    TestServers.get().reset();
    TestServers.get().kafka(); // the services publish and consume order and payment events
    JsonObject config = cluster ? TestServers.get().clusterConfig() : TestServers.get().config();
    config.getJsonObject("queue").put("ticker", false);
    config.getJsonObject("booking").put("sweeper", false);
    tweak.accept(config);
    if (config.remove(NO_QUEUE) == null) {
      vertx.deployVerticle(new QueueVerticle(), new DeploymentOptions().setConfig(config)).await();
    }
    return new BookingFixture(vertx, config);
  }

  /** A seat map over the fixture's own connections, as the service builds it. */
  SeatMap seatMap() {
    return new SeatMap(redis, new Catalogue(pg),
      Duration.ofSeconds(config.getJsonObject("booking").getLong("endedShowRetentionSeconds")));
  }

  Future<String> deployBooking(int instances) {
    return vertx.deployVerticle(BookingVerticle::new, new DeploymentOptions().setConfig(config).setInstances(instances));
  }

  Future<JsonObject> call(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(10_000))
      .map(Message::body);
  }

  /** A show on sale since yesterday with one schedule per start time and a {@code rows × cols} layout, two grades. */
  static JsonObject show(String title, int rows, int cols, int schedules) {
    JsonArray starts = new JsonArray();
    for (int i = 1; i <= schedules; i++) {
      starts.add(new JsonObject().put("startsAt", "2030-0" + i + "-01T19:00:00Z"));
    }
    JsonArray vip = new JsonArray().add(1);
    JsonArray rest = new JsonArray();
    for (int r = 2; r <= rows; r++) {
      rest.add(r);
    }
    JsonArray grades = new JsonArray().add(new JsonObject().put("grade", "VIP").put("price", 150_000).put("rows", vip));
    if (!rest.isEmpty()) {
      grades.add(new JsonObject().put("grade", "R").put("price", 90_000).put("rows", rest));
    }
    return new JsonObject().put("title", title).put("venue", "Hall").put("saleOpensAt", "2020-01-01T00:00:00Z")
      .put("schedules", starts)
      .put("layout", new JsonObject().put("rows", rows).put("cols", cols).put("grades", grades));
  }

  /** Creates the show; the id of its first schedule. */
  Future<Long> createSchedule(int rows, int cols) {
    return call(BookingAddresses.CREATE_SHOW, show("Race", rows, cols, 1))
      .map(created -> created.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId"));
  }

  /** The seat ids of a schedule, in row and column order. */
  Future<List<Long>> seatIds(long scheduleId) {
    return pg.preparedQuery("SELECT id FROM seats WHERE schedule_id = $1 ORDER BY seat_row, seat_col")
      .execute(Tuple.of(scheduleId)).map(rows -> {
        List<Long> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getLong(0)));
        return ids;
      });
  }

  Future<JsonObject> hold(long userId, long scheduleId, List<Long> seatIds) {
    return call(BookingAddresses.HOLD, new JsonObject().put("userId", userId).put("scheduleId", scheduleId)
      .put("seatIds", new JsonArray(new ArrayList<>(seatIds))));
  }

  Future<Map<Long, String>> postgresStates(long scheduleId) {
    return SeatStores.postgres(pg, scheduleId);
  }

  Future<Map<Long, String>> redisStates(long scheduleId) {
    return SeatStores.redis(redis, scheduleId);
  }

  Future<Void> redis(String... command) {
    Request request = Request.cmd(Command.create(command[0]));
    for (int i = 1; i < command.length; i++) {
      request.arg(command[i]);
    }
    return redis.send(request).mapEmpty();
  }

  Future<Void> later(long millis) {
    return Waits.later(vertx, millis);
  }

  Future<Void> eventually(String what, long millis, Supplier<Future<Boolean>> check) {
    return Waits.eventually(vertx, what, millis, check);
  }

  Future<Void> close() {
    return Future.join(pg.close(), redis.close()).mapEmpty();
  }
}
