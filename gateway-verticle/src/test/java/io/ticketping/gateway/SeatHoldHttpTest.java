package io.ticketping.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.ticketping.gateway.BookingClient.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/** Holding seats over HTTP: all or nothing, behind the queue pass, and the orders that only their owner sees. */
@ExtendWith(VertxExtension.class)
class SeatHoldHttpTest {

  private ShowOnSaleFixture sale;

  @BeforeEach
  void start(Vertx vertx) {
    sale = ShowOnSaleFixture.start(vertx, config -> { }, BookingClient.show("Holds", 2, 5, 1));
  }

  @AfterEach
  void stop() {
    sale.close();
  }

  @Test
  @DisplayName("asking for 3 seats of which 1 is taken holds none: 409 names the taken one, the other 2 stay on sale")
  void allOrNothing(VertxTestContext ctx) {
    long taken = sale.seats.get(0);
    sale.api.pass(1, sale.showId).compose(pass -> sale.api.hold(1, pass, sale.scheduleId, List.of(taken)))
      .compose(first -> sale.api.pass(2, sale.showId).compose(pass -> sale.api.hold(2, pass, sale.scheduleId,
          sale.seats.subList(0, 3))
        .compose(refused -> stores().compose(stores -> sale.api.get(ORDERS, 2)
          .compose(mine -> sale.api.hold(2, pass, sale.scheduleId, sale.seats.subList(1, 3))
            .map(later -> new Object[] {first, refused, stores, mine, later}))))))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        String firstOrder = ((HttpResponse<?>) r[0]).bodyAsJsonObject().getString("orderId");
        HttpResponse<?> refused = (HttpResponse<?>) r[1];
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonObject problem = refused.bodyAsJsonObject();
        assertThat(problem.getString("type")).endsWith("seats-taken");
        assertThat(problem.getJsonArray("seatIds").stream().map(id -> ((Number) id).longValue()).toList())
          .containsExactly(taken);
        @SuppressWarnings("unchecked") Map<Long, String>[] stores = (Map<Long, String>[]) r[2];
        for (Map<Long, String> store : stores) {
          assertThat(store.get(taken)).isEqualTo("HELD:" + firstOrder);
          assertThat(store.get(sale.seats.get(1))).isEqualTo("AVAILABLE");
          assertThat(store.get(sale.seats.get(2))).isEqualTo("AVAILABLE");
        }
        assertThat(((HttpResponse<?>) r[3]).bodyAsJsonObject().getJsonArray("items")).as("user 2 holds nothing")
          .isEmpty();
        assertThat(((HttpResponse<?>) r[4]).statusCode()).as("the 2 free seats can be held").isEqualTo(201);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("no pass is 401, another show's or another user's pass 403, another user's order 404 to GET and DELETE")
  void guard(VertxTestContext ctx) {
    List<Long> wanted = List.of(sale.seats.get(0));
    sale.api.createShow(BookingClient.show("Other", 1, 2, 1))
      .compose(other -> sale.api.pass(1, other.getLong("showId")))
      .compose(otherPass -> sale.api.pass(1, sale.showId).compose(pass -> sale.api.pass(2, sale.showId)
        .compose(bobsPass -> sale.api.hold(1, null, sale.scheduleId, wanted)
          .compose(none -> sale.api.hold(1, otherPass, sale.scheduleId, wanted).map(o -> List.of(none, o)))
          .compose(r -> sale.api.hold(1, bobsPass, sale.scheduleId, wanted).map(b -> List.of(r.get(0), r.get(1), b)))
          .compose(r -> sale.api.hold(1, pass, sale.scheduleId, wanted).compose(held -> {
            String path = ORDERS + "/" + held.bodyAsJsonObject().getString("orderId");
            return sale.api.get(path, 2).compose(get -> sale.api.delete(path, 2).compose(delete -> sale.api.get(path, 1)
              .map(own -> List.of(r.get(0), r.get(1), r.get(2), held, get, delete, own))));
          })))))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertThat(r.get(0).statusCode()).as("no pass").isEqualTo(401);
        assertThat(r.get(0).bodyAsJsonObject().getString("type")).endsWith("queue-pass-invalid");
        assertThat(r.get(1).statusCode()).as("a pass for another show").isEqualTo(403);
        assertThat(r.get(2).statusCode()).as("another user's pass").isEqualTo(403);
        assertThat(r.get(3).statusCode()).as("own pass").isEqualTo(201);
        assertThat(r.get(4).statusCode()).as("GET another user's order").isEqualTo(404);
        assertThat(r.get(5).statusCode()).as("DELETE another user's order").isEqualTo(404);
        assertThat(r.get(6).statusCode()).isEqualTo(200);
        assertThat(r.get(6).bodyAsJsonObject().getString("status")).as("still pending").isEqualTo("PENDING_PAYMENT");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("cancelling a pending order puts its seats back on sale in both stores; cancelling it again is 409")
  void cancel(VertxTestContext ctx) {
    List<Long> two = sale.seats.subList(3, 5);
    sale.api.pass(1, sale.showId).compose(pass -> sale.api.hold(1, pass, sale.scheduleId, two))
      .compose(held -> {
        String path = ORDERS + "/" + held.bodyAsJsonObject().getString("orderId");
        return sale.api.delete(path, 1).compose(cancelled -> stores().compose(stores -> sale.api
          .seatMap(sale.scheduleId).compose(map -> sale.api.delete(path, 1).compose(again -> sale.api.get(ORDERS, 1)
            .map(mine -> new Object[] {cancelled, stores, map, again, mine})))));
      })
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        HttpResponse<?> cancelled = (HttpResponse<?>) r[0];
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
        @SuppressWarnings("unchecked") Map<Long, String>[] stores = (Map<Long, String>[]) r[1];
        assertThat(stores[0].values()).as("PostgreSQL").containsOnly("AVAILABLE");
        assertThat(stores[1]).as("Redis agrees with PostgreSQL").isEqualTo(stores[0]);
        ((JsonObject) r[2]).getJsonArray("seats").forEach(seat ->
          assertThat(((JsonObject) seat).getString("status")).isEqualTo("AVAILABLE"));
        HttpResponse<?> again = (HttpResponse<?>) r[3];
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonObject mine = ((HttpResponse<?>) r[4]).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertThat(mine.getString("status")).isEqualTo("CANCELLED");
        assertThat(mine.getJsonArray("seats")).hasSize(2);
        ctx.completeNow();
      })));
  }

  @SuppressWarnings("unchecked")
  private Future<Map<Long, String>[]> stores() {
    return sale.api.postgresStates(sale.scheduleId).compose(pg -> sale.api.redisStates(sale.scheduleId)
      .map(redis -> (Map<Long, String>[]) new Map[] {pg, redis}));
  }
}
