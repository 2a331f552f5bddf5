package io.ticketping.deploy;

import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The whole system in one Vert.x against the real test servers (Redis, PostgreSQL, Kafka), and a client for it. */
final class SystemFixture {

  final Vertx vertx;
  final WebClient client;
  final WebClient simulator;
  final JsonObject config;
  final Map<String, String> deployments;
  /** PostgreSQL read directly (the truth), beside what the API and the Redis seat map say. */
  final Pool db;

  private SystemFixture(Vertx vertx, JsonObject config, Map<String, String> deployments) {
    this.vertx = vertx;
    this.config = config;
    this.deployments = deployments;
    this.client = client(5);
    this.db = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(PgPools.connectOptions(config))
      .using(vertx).build();
    this.simulator = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(config.getJsonObject("payment").getJsonObject("simulator").getInteger("port")));
  }

  /** Another client of the gateway, with up to {@code connections} HTTP/1.1 connections (the default pool has 5). */
  WebClient client(int connections) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(config.getJsonObject("http").getInteger("port")),
      new io.vertx.core.http.PoolOptions().setHttp1MaxSize(connections));
  }

  static SystemFixture start(Vertx vertx) {
    return start(vertx, config -> { });
  }

  /** As {@link #start(Vertx)}, with {@code tweak} applied to the configuration before deploying. */
  static SystemFixture start(Vertx vertx, Consumer<JsonObject> tweak) {
    JsonObject config = testConfig();
    tweak.accept(config);
    return new SystemFixture(vertx, config, RoleDeployment.deploy(vertx, config).await());
  }

  /** A client of a system deployed elsewhere (role JVMs) with {@code config}, through {@code vertx}'s event bus. */
  static SystemFixture attach(Vertx vertx, JsonObject config) {
    return new SystemFixture(vertx, config, Map.of());
  }

  /** Resets the test servers and answers their configuration with test-sized settings and free ports. */
  static JsonObject testConfig() {
    TestServers.get().reset();
    TestServers.get().kafka();
    JsonObject config = TestServers.get().config();
    int simulatorPort = TestServers.freePort();
    config.getJsonObject("http").put("port", TestServers.freePort()).put("instances", 2);
    config.getJsonObject("queue").put("tickMillis", 100);
    config.getJsonObject("rateLimit").put("perUserCapacity", 10_000).put("perIpCapacity", 10_000);
    config.getJsonObject("payment").put("providerBaseUrl", "http://127.0.0.1:" + simulatorPort)
      .put("breakerMaxFailures", 3).put("breakerResetMs", 1500).put("providerTimeoutMs", 1000)
      .put("reconcileMillis", 200).put("reconcileBackoffMs", 200).put("reconcileMaxBackoffMs", 1000)
      .put("notFoundGraceMs", 2000)
      .getJsonObject("simulator").put("port", simulatorPort).put("latencyMs", 5);
    return config;
  }

  /** Creates the demo show; its id and first schedule's id. */
  Future<long[]> demoShow(int queueCapacity) {
    return DemoData.ensure(vertx)
      .compose(v -> client.get("/api/v1/shows").send())
      .map(shows -> shows.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getLong("showId"))
      .compose(showId -> vertx.eventBus().request(QueueAddresses.CONFIGURE, new JsonObject()
          .put("showId", String.valueOf(showId)).put("capacity", queueCapacity))
        .compose(v -> client.get("/api/v1/shows/" + showId).send())
        .map(show -> new long[] {showId,
          show.bodyAsJsonObject().getJsonArray("schedules").getJsonObject(0).getLong("scheduleId")}));
  }

  /** Signs a user up and logs in; the access token. */
  Future<String> user(String email) {
    JsonObject account = new JsonObject().put("email", email).put("password", "correct-horse");
    return client.post("/api/v1/auth/signup").sendJsonObject(account.copy().put("nickname", "n"))
      .compose(v -> client.post("/api/v1/auth/login").sendJsonObject(account))
      .map(login -> login.bodyAsJsonObject().getString("accessToken"));
  }

  Future<JsonObject> enter(long showId, String token) {
    return client.post("/api/v1/queue/" + showId).bearerTokenAuthentication(token).send()
      .map(HttpResponse::bodyAsJsonObject);
  }

  Future<HttpResponse<Buffer>> hold(String token, String pass, long scheduleId, long... seatIds) {
    JsonArray seats = new JsonArray();
    for (long seat : seatIds) {
      seats.add(seat);
    }
    return client.post("/api/v1/orders").bearerTokenAuthentication(token).putHeader("X-Queue-Pass", pass)
      .sendJsonObject(new JsonObject().put("scheduleId", scheduleId).put("seatIds", seats));
  }

  Future<HttpResponse<Buffer>> pay(String token, String pass, String key, String orderId, long amount) {
    return pay(client, token, pass, key, orderId, amount);
  }

  static Future<HttpResponse<Buffer>> pay(WebClient client, String token, String pass, String key, String orderId,
                                          long amount) {
    return client.post("/api/v1/payments").bearerTokenAuthentication(token).putHeader("X-Queue-Pass", pass)
      .putHeader("Idempotency-Key", key).sendJsonObject(new JsonObject().put("orderId", orderId).put("amount", amount));
  }

  Future<JsonObject> simulatorStats() {
    return simulator.get("/sim/stats").send().map(HttpResponse::bodyAsJsonObject);
  }

  Future<Void> simulatorConfig(JsonObject settings) {
    return simulator.post("/sim/config").sendJsonObject(settings).mapEmpty();
  }

  /** The order's status in PostgreSQL. */
  Future<String> orderStatus(String orderId) {
    return db.preparedQuery("SELECT status FROM orders WHERE id = $1::uuid").execute(Tuple.of(orderId))
      .map(rows -> rows.iterator().next().getString(0));
  }

  /** The statuses of the order's payments in PostgreSQL, oldest first. */
  Future<java.util.List<String>> paymentStatuses(String orderId) {
    return db.preparedQuery("SELECT status FROM payments WHERE order_id = $1::uuid ORDER BY created_at")
      .execute(Tuple.of(orderId)).map(rows -> {
        java.util.List<String> statuses = new java.util.ArrayList<>();
        rows.forEach(row -> statuses.add(row.getString(0)));
        return statuses;
      });
  }

  /** The seat's status in PostgreSQL: AVAILABLE, HELD or SOLD. */
  Future<String> seatStatus(long seatId) {
    return db.preparedQuery("SELECT status FROM seats WHERE id = $1").execute(Tuple.of(seatId))
      .map(rows -> rows.iterator().next().getString(0));
  }

  /** How many seats of the schedule PostgreSQL has SOLD. */
  Future<Long> soldSeats(long scheduleId) {
    return db.preparedQuery("SELECT count(*) FROM seats WHERE schedule_id = $1 AND status = 'SOLD'")
      .execute(Tuple.of(scheduleId)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** How many {@code type} events about {@code key} (an order id) were ever written to the outbox. */
  Future<Long> outboxEvents(String key, String type) {
    return db.preparedQuery("SELECT count(*) FROM outbox WHERE key = $1 AND event->>'type' = $2")
      .execute(Tuple.of(key, type)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** How many of the outbox's {@code type} events about {@code key} the consumer {@code consumer} has handled. */
  Future<Long> handled(String consumer, String key, String type) {
    return db.preparedQuery("SELECT count(*) FROM processed_events p JOIN outbox o ON p.event_id = o.event->>'eventId' "
        + "WHERE p.consumer = $1 AND o.key = $2 AND o.event->>'type' = $3")
      .execute(Tuple.of(consumer, key, type)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Asks {@code probe} every 100 ms until {@code done} holds or about {@code seconds} pass; the last answer. */
  <T> Future<T> eventually(Supplier<Future<T>> probe, Predicate<T> done, int seconds) {
    return eventuallyTicks(probe, done, seconds * 10);
  }

  private <T> Future<T> eventuallyTicks(Supplier<Future<T>> probe, Predicate<T> done, int ticksLeft) {
    return probe.get().compose(answer -> {
      if (done.test(answer) || ticksLeft <= 0) {
        return Future.succeededFuture(answer);
      }
      return vertx.timer(100).compose(v -> eventuallyTicks(probe, done, ticksLeft - 1));
    });
  }
}
