package io.ticketping.deploy;

import io.ticketping.gateway.auth.AccessTokens;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.config.AppConfig;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A scripted sale on the whole system, then its outcome figures through the admin API: they must be exactly what the
 * script did, the waiting room's (admissions, leavers, ghosts, waits) and the sale's (buyers who held and paid, the
 * sell-out) alike, and {@code /metrics} must count the same.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OutcomesJourneyTest {

  private static final int SEATS = 4;

  private Vertx vertx;

  @AfterEach
  void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("12 enter; 2 leave, 3 stop polling and time out, 7 are admitted; 5 of them hold seats, 4 pay and the "
    + "show sells out: the outcomes say 7 admitted with 7 waits, 2 left, 3 timed out, 7 → 5 → 4 buyers, and the "
    + "sell-out at the last payment, and /metrics the same; an organiser of another show gets 404")
  void figuresAgreeWithTheScript() {
    vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), AppConfig.defaults()));
    SystemFixture sys = SystemFixture.start(vertx);
    AccessTokens tokens = new AccessTokens(vertx, sys.config.getJsonObject("jwt"));
    JsonObject show = vertx.eventBus().<JsonObject>request(BookingAddresses.CREATE_SHOW, oneEvening()).await().body();
    long showId = show.getLong("showId");
    long scheduleId = show.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    configure(sys, showId, new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 2));
    Map<Long, String> token = new HashMap<>();
    for (long user = 1; user <= 12; user++) {
      token.put(user, tokens.issue(user, "USER"));
      // The ghosts-to-be enter straight at the queue service: no gateway ever knows them, so none keeps them alive.
      String status = user >= 8 && user <= 10
        ? vertx.eventBus().<JsonObject>request(QueueAddresses.ENTER, new JsonObject()
            .put("showId", String.valueOf(showId)).put("userId", user)).await().body().getString("status")
        : queue(sys, showId, token.get(user)).getString("status");
      assertThat(status).isEqualTo("WAITING");
    }
    for (long leaver : new long[] {11, 12}) {
      HttpResponse<Buffer> left = sys.client.delete("/api/v1/queue/" + showId)
        .bearerTokenAuthentication(token.get(leaver)).send().await();
      assertThat(left.statusCode()).as(left.bodyAsString()).isLessThan(300);
    }

    // 1..7 keep polling; 8, 9 and 10 fall silent and lose their places.
    List<Long> buyers = LongStream.rangeClosed(1, 7).boxed().toList();
    long deadline = System.currentTimeMillis() + 30_000;
    JsonObject line;
    while ((line = stats(sys, showId)).getLong("waiting") > buyers.size()) {
      assertThat(System.currentTimeMillis()).as("the silent waiters dropped in time: %s", line).isLessThan(deadline);
      buyers.forEach(user -> queue(sys, showId, token.get(user), false));
      Waits.later(vertx, 250).await();
    }
    configure(sys, showId, new JsonObject().put("capacity", buyers.size()));
    Map<Long, String> pass = new HashMap<>();
    while (pass.size() < buyers.size()) {
      assertThat(System.currentTimeMillis()).as("everyone admitted in time").isLessThan(deadline + 20_000);
      for (long user : buyers) {
        String given = queue(sys, showId, token.get(user), false).getString("pass");
        if (given != null) {
          pass.put(user, given);
        }
      }
      Waits.later(vertx, 100).await();
    }

    List<Long> seats = seatIds(sys, scheduleId);
    Map<Long, JsonObject> orders = new HashMap<>();
    for (int i = 0; i < SEATS; i++) {
      long user = buyers.get(i);
      orders.put(user, hold(sys, token.get(user), pass.get(user), scheduleId, seats.get(i)));
    }
    for (long user : List.of(1L, 2L, 3L)) {
      pay(sys, token.get(user), pass.get(user), orders.get(user));
    }
    HttpResponse<Buffer> cancelled = sys.client.delete("/api/v1/orders/" + orders.get(4L).getString("orderId"))
      .bearerTokenAuthentication(token.get(4L)).send().await();
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    orders.put(5L, hold(sys, token.get(5L), pass.get(5L), scheduleId, seats.get(3)));
    long beforeLast = System.currentTimeMillis();
    pay(sys, token.get(5L), pass.get(5L), orders.get(5L));
    long afterLast = System.currentTimeMillis();

    String admin = tokens.issue(999_999, "ADMIN");
    JsonObject figures = sys.eventually(() -> outcomes(sys, showId, admin).map(HttpResponse::bodyAsJsonObject),
      f -> Long.valueOf(7).equals(f.getLong("admitted")) && f.getJsonObject("conversion") != null
        && Long.valueOf(4).equals(f.getJsonObject("conversion").getLong("paid")), 15).await();
    assertThat(figures.getLong("showId")).isEqualTo(showId);
    assertThat(figures.getLong("admitted")).isEqualTo(7);
    assertThat(figures.getLong("left")).isEqualTo(2);
    assertThat(figures.getLong("timedOut")).isEqualTo(3);
    JsonObject waits = figures.getJsonObject("waitSeconds");
    assertThat(waits.getLong("count")).isEqualTo(7);
    assertThat(waits.getJsonArray("buckets").stream().mapToLong(b -> ((JsonObject) b).getLong("count")).sum())
      .isEqualTo(7);
    assertThat(waits.getDouble("p50")).as("everyone waited through the ghosts' timeout").isGreaterThan(1.0);
    JsonArray minutes = figures.getJsonArray("byMinute");
    assertThat(minutes.stream().mapToLong(m -> ((JsonObject) m).getLong("left")).sum()).isEqualTo(2);
    assertThat(minutes.stream().mapToLong(m -> ((JsonObject) m).getLong("timedOut")).sum()).isEqualTo(3);
    assertThat(figures.getJsonObject("conversion"))
      .isEqualTo(new JsonObject().put("admitted", 7).put("held", 5).put("paid", 4));
    JsonObject sellOut = figures.getJsonObject("sellOut");
    assertThat(sellOut.getLong("seats")).isEqualTo(SEATS);
    assertThat(sellOut.getLong("sold")).isEqualTo(SEATS);
    Instant soldOutAt = Instant.parse(sellOut.getString("soldOutAt"));
    assertThat(soldOutAt.toEpochMilli()).as("the last payment sold the show out")
      .isBetween(beforeLast - 1000, afterLast + 1000);
    assertThat(sellOut.getDouble("seconds")).isCloseTo(
      Duration.between(Instant.parse(sellOut.getString("saleOpensAt")), soldOutAt).toMillis() / 1000.0, within(0.01));

    String label = Long.toString(showId);
    Scrape metrics = sys.eventually(() -> sys.client.get("/metrics").send().map(HttpResponse::bodyAsString)
      .map(Scrape::new), m -> m.value("ticketping_orders_paid_total", "show", label) == 4, 15).await();
    assertThat(metrics.value("ticketping_queue_wait_seconds_count", "show", label)).isEqualTo(7);
    assertThat(metrics.value("ticketping_queue_wait_seconds_sum", "show", label)).as("the figures' mean wait, 7 times")
      .isCloseTo(waits.getDouble("mean") * 7, within(0.01));
    assertThat(metrics.value("ticketping_queue_wait_seconds_bucket", "show", label, "le", "+Inf")).isEqualTo(7);
    assertThat(metrics.value("ticketping_queue_abandoned_total", "show", label, "reason", "left")).isEqualTo(2);
    assertThat(metrics.value("ticketping_queue_abandoned_total", "show", label, "reason", "timed_out")).isEqualTo(3);
    assertThat(metrics.value("ticketping_holds_placed_total", "show", label)).isEqualTo(5);

    assertThat(outcomes(sys, showId, tokens.issue(777, "ORGANISER")).await().statusCode())
      .as("an organiser's view stops at its own shows").isEqualTo(404);
  }

  private static Future<HttpResponse<Buffer>> outcomes(SystemFixture sys, long showId, String token) {
    return sys.client.get("/api/v1/admin/shows/" + showId + "/outcomes").bearerTokenAuthentication(token).send();
  }

  /** Enters (POST) or polls (GET) the show's queue; the answer, which must be 200. */
  private static JsonObject queue(SystemFixture sys, long showId, String token, boolean enter) {
    String path = "/api/v1/queue/" + showId;
    HttpResponse<Buffer> answer = (enter ? sys.client.post(path) : sys.client.get(path))
      .bearerTokenAuthentication(token).send().await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject();
  }

  private static JsonObject queue(SystemFixture sys, long showId, String token) {
    return queue(sys, showId, token, true);
  }

  private static JsonObject hold(SystemFixture sys, String token, String pass, long scheduleId, long seatId) {
    HttpResponse<Buffer> held = sys.hold(token, pass, scheduleId, seatId).await();
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    return held.bodyAsJsonObject();
  }

  /** Pays the order and waits until PostgreSQL has it PAID. */
  private static void pay(SystemFixture sys, String token, String pass, JsonObject order) {
    HttpResponse<Buffer> paid = sys.pay(token, pass, UUID.randomUUID().toString(), order.getString("orderId"),
      order.getLong("amount")).await();
    assertThat(paid.bodyAsJsonObject().getString("status")).as(paid.bodyAsString()).isEqualTo("APPROVED");
    sys.eventually(() -> sys.orderStatus(order.getString("orderId")), "PAID"::equals, 30).await();
  }

  private static List<Long> seatIds(SystemFixture sys, long scheduleId) {
    return sys.client.get("/api/v1/schedules/" + scheduleId + "/seats").send().await().bodyAsJsonObject()
      .getJsonArray("seats").stream().map(seat -> ((JsonObject) seat).getLong("seatId")).toList();
  }

  private static void configure(SystemFixture sys, long showId, JsonObject settings) {
    sys.vertx.eventBus().request(QueueAddresses.CONFIGURE, settings.copy().put("showId", String.valueOf(showId)))
      .await();
  }

  private static JsonObject stats(SystemFixture sys, long showId) {
    return sys.vertx.eventBus().<JsonObject>request(QueueAddresses.STATS,
      new JsonObject().put("showId", String.valueOf(showId))).await().body();
  }

  /** On sale since 2020, one evening, one row of {@link #SEATS} seats. */
  private static JsonObject oneEvening() {
    return new JsonObject().put("title", "Outcomes Night").put("venue", "Small Hall")
      .put("saleOpensAt", "2020-01-01T00:00:00Z")
      .put("schedules", new JsonArray().add(new JsonObject().put("startsAt", "2030-01-01T19:00:00Z")))
      .put("layout", new JsonObject().put("rows", 1).put("cols", SEATS).put("grades", new JsonArray()
        .add(new JsonObject().put("grade", "R").put("price", 90_000).put("rows", new JsonArray().add(1)))));
  }
}
