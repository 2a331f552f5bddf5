package io.ticketping.gateway;

import io.ticketping.gateway.queue.pass.PassGuard;
import io.ticketping.booking.SeatStores;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.testing.Waits;
import io.ticketping.shared.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The booking flow through the gateway (shows, queue passes, holds, orders), and direct reads of PostgreSQL and the
 * Redis seat map, so that a test can check that the two stores agree seat by seat.
 */
final class BookingClient {

  static final String ORDERS = "/api/v1/orders";

  final GatewayFixture gw;
  final String admin;
  private final Pool pg;
  private final Redis redis;

  BookingClient(GatewayFixture gw) {
    this.gw = gw;
    this.admin = gw.tokenFor(999_999, "ADMIN");
    this.pg = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
      .connectingTo(PgPools.connectOptions(gw.config)).using(gw.vertx).build();
    this.redis = RedisClients.create(gw.vertx, gw.config);
  }

  /** A show on sale since 2020, one schedule per month of 2030, {@code rows × cols} seats: row 1 VIP, the rest R. */
  static JsonObject show(String title, int rows, int cols, int schedules) {
    JsonArray starts = new JsonArray();
    for (int i = 1; i <= schedules; i++) {
      starts.add(new JsonObject().put("startsAt", String.format("2030-%02d-01T19:00:00Z", i)));
    }
    JsonArray grades = new JsonArray().add(grade("VIP", 150_000, 1, 1));
    if (rows > 1) {
      grades.add(grade("R", 90_000, 2, rows));
    }
    return new JsonObject().put("title", title).put("venue", "Olympic Hall").put("saleOpensAt", "2020-01-01T00:00:00Z")
      .put("schedules", starts)
      .put("layout", new JsonObject().put("rows", rows).put("cols", cols).put("grades", grades));
  }

  static JsonObject grade(String name, long price, int fromRow, int toRow) {
    JsonArray rows = new JsonArray();
    for (int r = fromRow; r <= toRow; r++) {
      rows.add(r);
    }
    return new JsonObject().put("grade", name).put("price", price).put("rows", rows);
  }

  /** Creates the show as the admin; its 201 body (showId, schedules with their ids, queue). */
  Future<JsonObject> createShow(JsonObject show) {
    return gw.client.post("/api/v1/admin/shows").bearerTokenAuthentication(admin).sendJsonObject(show)
      .map(r -> expect(r, 201, "create show").bodyAsJsonObject());
  }

  static long scheduleId(JsonObject show, int index) {
    return show.getJsonArray("schedules").getJsonObject(index).getLong("scheduleId");
  }

  Future<Void> capacity(long showId, int capacity) {
    return gw.client.put("/api/v1/admin/shows/" + showId + "/queue").bearerTokenAuthentication(admin)
      .sendJsonObject(new JsonObject().put("capacity", capacity))
      .map(r -> {
        expect(r, 200, "queue capacity");
        return null;
      });
  }

  /** Enters the show's waiting room as {@code userId}, who must be admitted at once; the queue pass. */
  Future<String> pass(long userId, long showId) {
    return gw.client.post("/api/v1/queue/" + showId).bearerTokenAuthentication(user(userId)).send()
      .map(r -> {
        String pass = expect(r, 200, "enter the queue").bodyAsJsonObject().getString("pass");
        if (pass == null) {
          throw new AssertionError("user " + userId + " was not admitted: " + r.bodyAsString());
        }
        return pass;
      });
  }

  /** Passes for users {@code fromUser..toUser}, all asked for at once. */
  Future<Map<Long, String>> passes(long fromUser, long toUser, long showId) {
    Map<Long, String> passes = new HashMap<>();
    List<Future<String>> all = new ArrayList<>();
    for (long user = fromUser; user <= toUser; user++) {
      long u = user;
      all.add(pass(u, showId).onSuccess(pass -> passes.put(u, pass)));
    }
    return Future.all(all).map(passes);
  }

  Future<HttpResponse<Buffer>> hold(long userId, String pass, long scheduleId, List<Long> seatIds) {
    HttpRequest<Buffer> request = gw.client.post(ORDERS).bearerTokenAuthentication(user(userId)).timeout(20_000);
    if (pass != null) {
      request.putHeader(PassGuard.HEADER, pass);
    }
    return request.sendJsonObject(new JsonObject().put("scheduleId", scheduleId)
      .put("seatIds", new JsonArray(new ArrayList<>(seatIds))));
  }

  Future<HttpResponse<Buffer>> get(String path, long userId) {
    return gw.client.get(path).bearerTokenAuthentication(user(userId)).send();
  }

  Future<HttpResponse<Buffer>> delete(String path, long userId) {
    return gw.client.delete(path).bearerTokenAuthentication(user(userId)).send();
  }

  /** The public seat map of a schedule (it warms a cold Redis map from PostgreSQL). */
  Future<JsonObject> seatMap(long scheduleId) {
    return gw.client.get("/api/v1/schedules/" + scheduleId + "/seats").send()
      .map(r -> expect(r, 200, "seat map").bodyAsJsonObject());
  }

  /** A created show, its first schedule and that schedule's seat ids: what most booking tests start from. */
  record ShowOnSale(long showId, long scheduleId, List<Long> seats) {
  }

  /** Creates {@code show} (see {@link #show}) and reads the seats of its first schedule. */
  Future<ShowOnSale> showOnSale(JsonObject show) {
    return createShow(show).compose(created -> {
      long scheduleId = scheduleId(created, 0);
      return seatIds(scheduleId).map(seats -> new ShowOnSale(created.getLong("showId"), scheduleId, seats));
    });
  }

  Future<List<Long>> seatIds(long scheduleId) {
    return seatMap(scheduleId).map(map -> map.getJsonArray("seats").stream()
      .map(seat -> ((JsonObject) seat).getLong("seatId")).toList());
  }

  Future<Map<Long, String>> postgresStates(long scheduleId) {
    return SeatStores.postgres(pg, scheduleId);
  }

  Future<Map<Long, String>> redisStates(long scheduleId) {
    return SeatStores.redis(redis, scheduleId);
  }

  /** For each seat of the schedule that is in some live (pending or paid) order: the ids of those orders. */
  Future<Map<Long, List<String>>> liveOrdersBySeat(long scheduleId) {
    return pg.preparedQuery("SELECT os.seat_id, o.id FROM order_seats os JOIN orders o ON o.id = os.order_id "
        + "WHERE o.schedule_id = $1 AND o.status IN ('PENDING_PAYMENT', 'PAID')")
      .execute(Tuple.of(scheduleId)).map(rows -> {
        Map<Long, List<String>> orders = new HashMap<>();
        for (Row row : rows) {
          orders.computeIfAbsent(row.getLong(0), seat -> new ArrayList<>()).add(row.getUUID(1).toString());
        }
        return orders;
      });
  }

  /** How many seats the user holds or bought in the schedule, as PostgreSQL counts them (the ticket limit's count). */
  Future<Long> buyerSeats(long scheduleId, long userId) {
    return pg.preparedQuery("SELECT count(*) FROM orders o JOIN order_seats os ON os.order_id = o.id "
        + "WHERE o.schedule_id = $1 AND o.user_id = $2 AND o.status IN ('PENDING_PAYMENT', 'PAID')")
      .execute(Tuple.of(scheduleId, userId)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** The user's count in the Redis gate's {@code buyers:{scheduleId}} hash (0 when absent). */
  Future<Long> redisBuyerSeats(long scheduleId, long userId) {
    return redis.send(Request.cmd(Command.HGET).arg("buyers:{" + scheduleId + "}").arg(userId))
      .map(reply -> reply == null ? 0L : reply.toLong());
  }

  /**
   * Loses the schedule's seat map and its holds index in Redis ({@code seats:{id}}, {@code holds:{id}}), and nothing
   * else (the waiting room stays): one DEL, since both keys share the schedule's hash tag and so one cluster slot. How
   * many of the two keys existed.
   */
  Future<Integer> forgetSeatMap(long scheduleId) {
    return redis.send(Request.cmd(Command.DEL).arg("seats:{" + scheduleId + "}").arg("holds:{" + scheduleId + "}"))
      .map(reply -> reply.toInteger());
  }

  String user(long userId) {
    return gw.tokenFor(userId, "USER");
  }

  Future<Void> later(long millis) {
    return Waits.later(gw.vertx, millis);
  }

  Future<Void> eventually(String what, long millis, Supplier<Future<Boolean>> check) {
    return Waits.eventually(gw.vertx, what, millis, check);
  }

  Future<Void> close() {
    return Future.join(pg.close(), redis.close()).mapEmpty();
  }

  static HttpResponse<Buffer> expect(HttpResponse<Buffer> response, int status, String what) {
    if (response.statusCode() != status) {
      throw new AssertionError(what + ": expected " + status + " but got " + response.statusCode() + " "
        + response.bodyAsString());
    }
    return response;
  }
}
