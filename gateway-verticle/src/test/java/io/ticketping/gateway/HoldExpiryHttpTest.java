package io.ticketping.gateway;

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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.ticketping.gateway.BookingClient.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unpaid holds end on time (4 s holds, a sweep every 200 ms), even across a restart of the booking service (which
 * must fit inside the hold on a busy machine).
 */
@ExtendWith(VertxExtension.class)
class HoldExpiryHttpTest {

  /** How late after its hold time an order may first be seen EXPIRED: a sweep period plus polling and slack. */
  private static final long ON_TIME_MS = 1000;

  private ShowOnSaleFixture sale;

  @BeforeEach
  void start(Vertx vertx) {
    sale = ShowOnSaleFixture.start(vertx, config -> config.getJsonObject("booking")
      .put("holdSeconds", 4).put("sweepMillis", 200), BookingClient.show("Expiry", 1, 4, 1));
  }

  @AfterEach
  void stop() {
    sale.close();
  }

  @Test
  @DisplayName("an unpaid hold becomes EXPIRED on time and its seats can be held again")
  void expiresOnTime(VertxTestContext ctx) {
    holdThenExpire(order -> Future.succeededFuture(), ctx);
  }

  @Test
  @DisplayName("a hold still expires on time when the booking service is undeployed and deployed again before its end")
  void expiresAcrossRedeploy(VertxTestContext ctx) {
    holdThenExpire(order -> sale.gw.undeployBooking().compose(v -> sale.gw.deployBooking()).mapEmpty(), ctx);
  }

  @Test
  @DisplayName("every seat held, then the hold runs out: the waiting room is sold out meanwhile and admits nobody, "
    + "then lets the head of the line in")
  void expiredHoldReopensTheLine() {
    sale.api.capacity(sale.showId, 1).await();
    String pass = sale.api.pass(1, sale.showId).await();
    assertThat(enter(2).getLong("position")).isEqualTo(1);
    assertThat(enter(3).getLong("position")).isEqualTo(2);
    BookingClient.expect(sale.api.hold(1, pass, sale.scheduleId, sale.seats).await(), 201, "hold every seat");
    // Booking's seat count reaches the waiting room a moment after the hold commits: wait for it to say so.
    pollUntil(2, "SOLD_OUT");
    // The buyer's slot is free at once, but nothing is on sale: nobody may take it.
    BookingClient.expect(sale.api.delete("/api/v1/queue/" + sale.showId, 1).await(), 204, "leave");
    JsonObject soldOut = pollUntil(2, "SOLD_OUT");
    assertThat(soldOut.getString("soldOut")).isEqualTo("FOR_NOW");
    assertThat(soldOut.getLong("position")).isEqualTo(1);
    sale.api.later(300).await();
    assertThat(poll(2).getString("status")).as("three ticks later, the hold still on").isEqualTo("SOLD_OUT");

    JsonObject admitted = pollUntil(2, "ADMITTED");
    assertThat(admitted.getString("pass")).isNotBlank();
    JsonObject next = poll(3);
    assertThat(next.getString("status")).isEqualTo("WAITING");
    assertThat(next.getLong("position")).isEqualTo(1);
  }

  private JsonObject enter(long userId) {
    return BookingClient.expect(sale.gw.client.post("/api/v1/queue/" + sale.showId)
      .bearerTokenAuthentication(sale.api.user(userId)).send().await(), 200, "enter").bodyAsJsonObject();
  }

  private JsonObject poll(long userId) {
    return BookingClient.expect(sale.api.get("/api/v1/queue/" + sale.showId, userId).await(), 200, "poll")
      .bodyAsJsonObject();
  }

  /** Polls every 50 ms until the user's status is {@code status}; fails after 10 s. */
  private JsonObject pollUntil(long userId, String status) {
    long deadline = System.currentTimeMillis() + 10_000;
    JsonObject answer = poll(userId);
    while (!status.equals(answer.getString("status"))) {
      assertThat(System.currentTimeMillis()).as("%s in time; last answer %s", status, answer).isLessThan(deadline);
      sale.api.later(50).await();
      answer = poll(userId);
    }
    return answer;
  }

  private void holdThenExpire(Function<JsonObject, Future<Void>> meanwhile, VertxTestContext ctx) {
    List<Long> two = sale.seats.subList(1, 3);
    List<String> before = new ArrayList<>();
    sale.api.pass(1, sale.showId).compose(pass -> sale.api.hold(1, pass, sale.scheduleId, two))
      .map(held -> BookingClient.expect(held, 201, "hold").bodyAsJsonObject())
      .compose(order -> meanwhile.apply(order).map(order))
      .compose(order -> firstSeenExpired(ORDERS + "/" + order.getString("orderId"),
          Instant.parse(order.getString("holdExpiresAt")).toEpochMilli(), before)
        .compose(seenAt -> sale.api.postgresStates(sale.scheduleId).compose(pg -> sale.api.redisStates(sale.scheduleId)
          .compose(redis -> sale.api.pass(2, sale.showId).compose(pass -> sale.api.hold(2, pass, sale.scheduleId, two))
            .map(again -> new Object[] {order, seenAt, pg, redis, again.statusCode()})))))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        JsonObject order = (JsonObject) r[0];
        Instant holdEnds = Instant.parse(order.getString("holdExpiresAt"));
        assertThat(Duration.between(Instant.parse(order.getString("createdAt")), holdEnds))
          .isEqualTo(Duration.ofSeconds(4));
        assertThat(before).as("statuses seen before the hold time").isNotEmpty().containsOnly("PENDING_PAYMENT");
        assertThat((long) r[1]).as("first seen EXPIRED at (epoch ms)")
          .isBetween(holdEnds.toEpochMilli(), holdEnds.toEpochMilli() + ON_TIME_MS);
        @SuppressWarnings("unchecked") Map<Long, String> pg = (Map<Long, String>) r[2];
        assertThat(pg.values()).containsOnly("AVAILABLE");
        assertThat((Map<?, ?>) r[3]).as("Redis agrees with PostgreSQL").isEqualTo(pg);
        assertThat((int) r[4]).as("the seats can be held again").isEqualTo(201);
        ctx.completeNow();
      })));
  }

  /** Polls the order every 50 ms; when it is first seen EXPIRED (epoch ms), noting each status seen before then. */
  private Future<Long> firstSeenExpired(String path, long holdEndsAt, List<String> before) {
    return sale.api.get(path, 1).compose(response -> {
      long now = System.currentTimeMillis();
      String status = BookingClient.expect(response, 200, "order").bodyAsJsonObject().getString("status");
      if ("EXPIRED".equals(status)) {
        return Future.succeededFuture(now);
      }
      if (now < holdEndsAt) {
        before.add(status);
      }
      if (now > holdEndsAt + 5000) {
        return Future.failedFuture(new AssertionError("still " + status + " 5 s after the hold time"));
      }
      return sale.api.later(50).compose(v -> firstSeenExpired(path, holdEndsAt, before));
    });
  }
}
