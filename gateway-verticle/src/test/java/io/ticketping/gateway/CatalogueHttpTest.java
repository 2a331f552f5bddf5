package io.ticketping.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue over HTTP: an admin creates a show; anyone lists it, reads it and its seat maps; its queue exists. */
@ExtendWith(VertxExtension.class)
class CatalogueHttpTest {

  private static final String SALE_OPENS = "2030-01-10T10:00:00Z";

  private GatewayFixture gw;
  private BookingClient api;

  @BeforeEach
  void start(Vertx vertx) {
    gw = GatewayFixture.startWithBooking(vertx, config -> { });
    api = new BookingClient(gw);
  }

  @AfterEach
  void stop() {
    api.close().await();
  }

  @Test
  @DisplayName("a show of 2 schedules × 10×10 seats in two grades is created, listed, described, mapped and queued")
  void createListDescribeMap(VertxTestContext ctx) {
    JsonObject show = new JsonObject().put("title", "Phantom of the Opera").put("venue", "Charlotte Theater")
      .put("saleOpensAt", SALE_OPENS)
      .put("schedules", new JsonArray().add(new JsonObject().put("startsAt", "2030-02-01T19:00:00Z"))
        .add(new JsonObject().put("startsAt", "2030-02-02T14:00:00Z")))
      .put("layout", new JsonObject().put("rows", 10).put("cols", 10).put("grades", new JsonArray()
        .add(BookingClient.grade("VIP", 170_000, 1, 3)).add(BookingClient.grade("R", 90_000, 4, 10))));
    gw.client.post("/api/v1/admin/shows").bearerTokenAuthentication(api.admin).sendJsonObject(show)
      .compose(created -> {
        JsonObject body = BookingClient.expect(created, 201, "create").bodyAsJsonObject();
        long showId = body.getLong("showId");
        return Future.all(List.of(
            gw.client.get("/api/v1/shows").send(),
            gw.client.get("/api/v1/shows/" + showId).send(),
            gw.client.get("/api/v1/schedules/" + BookingClient.scheduleId(body, 0) + "/seats").send(),
            gw.client.get("/api/v1/schedules/" + BookingClient.scheduleId(body, 1) + "/seats").send(),
            gw.client.get("/api/v1/admin/shows/" + showId + "/queue").bearerTokenAuthentication(api.admin).send()))
          .map(all -> new Object[] {created, all.<HttpResponse<Buffer>>list()});
      })
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        HttpResponse<?> created = (HttpResponse<?>) r[0];
        @SuppressWarnings("unchecked") List<HttpResponse<Buffer>> reads = (List<HttpResponse<Buffer>>) r[1];
        JsonObject body = created.bodyAsJsonObject();
        long showId = body.getLong("showId");
        assertThat(created.getHeader("Location")).isEqualTo("/api/v1/shows/" + showId);
        assertThat(body.getInteger("ticketLimit")).as("the default ticket limit").isEqualTo(4);
        JsonArray schedules = body.getJsonArray("schedules");
        assertThat(schedules).hasSize(2);
        long first = schedules.getJsonObject(0).getLong("scheduleId");
        long second = schedules.getJsonObject(1).getLong("scheduleId");
        assertThat(first).isNotEqualTo(second);

        JsonArray listed = BookingClient.expect(reads.get(0), 200, "list").bodyAsJsonObject().getJsonArray("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.getJsonObject(0).getLong("showId")).isEqualTo(showId);
        assertThat(listed.getJsonObject(0).getString("title")).isEqualTo("Phantom of the Opera");
        assertThat(listed.getJsonObject(0).getString("saleOpensAt")).isEqualTo(SALE_OPENS);

        JsonObject described = BookingClient.expect(reads.get(1), 200, "show").bodyAsJsonObject();
        assertThat(described.getString("venue")).isEqualTo("Charlotte Theater");
        assertThat(described.getInteger("ticketLimit")).isEqualTo(4);
        assertThat(described.getJsonArray("schedules").stream().map(s -> ((JsonObject) s).getLong("scheduleId")))
          .containsExactly(first, second);
        assertThat(described.getJsonArray("schedules").getJsonObject(1).getString("startsAt"))
          .isEqualTo("2030-02-02T14:00:00Z");
        assertThat(described.getJsonArray("grades")).containsExactly(
          new JsonObject().put("grade", "VIP").put("price", 170_000L).put("seatsPerSchedule", 30L),
          new JsonObject().put("grade", "R").put("price", 90_000L).put("seatsPerSchedule", 70L));

        Set<Long> firstSeats = assertSeatMap(reads.get(2), first, showId);
        Set<Long> secondSeats = assertSeatMap(reads.get(3), second, showId);
        assertThat(firstSeats).as("each schedule has its own seats").doesNotContainAnyElementsOf(secondSeats);

        JsonObject queue = BookingClient.expect(reads.get(4), 200, "queue").bodyAsJsonObject();
        assertThat(queue.getString("showId")).isEqualTo(String.valueOf(showId));
        assertThat(queue.getLong("opensAt")).as("the queue opens at the sale start")
          .isEqualTo(Instant.parse(SALE_OPENS).toEpochMilli());
        assertThat(queue.getString("state")).isEqualTo("PREQUEUE");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a ticket limit of 1 or 20 is taken and read back; 0, 21 or a fraction is 400 naming ticketLimit, and "
    + "no show is created")
  void ticketLimitBounds() {
    List<Integer> taken = new ArrayList<>();
    for (int limit : new int[] {1, 20}) {
      JsonObject created = api.createShow(BookingClient.show("Limit " + limit, 1, 2, 1).put("ticketLimit", limit))
        .await();
      taken.add(gw.client.get("/api/v1/shows/" + created.getLong("showId")).send().await().bodyAsJsonObject()
        .getInteger("ticketLimit"));
    }
    for (Object limit : new Object[] {0, 21, 2.5}) {
      HttpResponse<Buffer> refused = gw.client.post("/api/v1/admin/shows").bearerTokenAuthentication(api.admin)
        .sendJsonObject(BookingClient.show("Bad", 1, 2, 1).put("ticketLimit", limit)).await();
      assertThat(refused.statusCode()).as(limit + ": " + refused.bodyAsString()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("ticketLimit");
    }
    assertThat(taken).containsExactly(1, 20);
    assertThat(gw.client.get("/api/v1/shows").send().await().bodyAsJsonObject().getJsonArray("items"))
      .as("only the two good shows").hasSize(2);
  }

  @Test
  @DisplayName("a show's refund cut-off is 24 h unless set at creation (0 to 8,760 h) and is read back; -1 or a "
    + "year and a day is 400 naming refundCutoffHours")
  void refundCutoff() {
    JsonObject plain = api.createShow(BookingClient.show("Default cut-off", 1, 2, 1)).await();
    JsonObject late = api.createShow(BookingClient.show("Late cut-off", 1, 2, 1).put("refundCutoffHours", 0)).await();
    JsonObject early = api.createShow(BookingClient.show("Early cut-off", 1, 2, 1).put("refundCutoffHours", 72))
      .await();
    assertThat(List.of(plain, late, early).stream().map(show -> gw.client.get("/api/v1/shows/" + show.getLong("showId"))
      .send().await().bodyAsJsonObject().getInteger("refundCutoffHours")).toList()).containsExactly(24, 0, 72);
    for (Object hours : new Object[] {-1, 8761}) {
      HttpResponse<Buffer> refused = gw.client.post("/api/v1/admin/shows").bearerTokenAuthentication(api.admin)
        .sendJsonObject(BookingClient.show("Bad", 1, 2, 1).put("refundCutoffHours", hours)).await();
      assertThat(refused.statusCode()).as(hours + ": " + refused.bodyAsString()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("refundCutoffHours");
    }
  }

  /** rows × cols seats, each position once, with the grade and price of its row, all AVAILABLE; their ids. */
  private static Set<Long> assertSeatMap(HttpResponse<Buffer> response, long scheduleId, long showId) {
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject map = BookingClient.expect(response, 200, "seat map").bodyAsJsonObject();
    assertThat(map.getLong("scheduleId")).isEqualTo(scheduleId);
    assertThat(map.getLong("showId")).isEqualTo(showId);
    JsonArray seats = map.getJsonArray("seats");
    assertThat(seats).hasSize(100);
    Set<String> positions = new HashSet<>();
    Set<Long> ids = new HashSet<>();
    for (Object item : seats) {
      JsonObject seat = (JsonObject) item;
      int row = seat.getInteger("row");
      int col = seat.getInteger("col");
      assertThat(row).isBetween(1, 10);
      assertThat(col).isBetween(1, 10);
      positions.add(row + "-" + col);
      ids.add(seat.getLong("seatId"));
      assertThat(seat.getString("grade")).isEqualTo(row <= 3 ? "VIP" : "R");
      assertThat(seat.getLong("price")).isEqualTo(row <= 3 ? 170_000L : 90_000L);
      assertThat(seat.getString("status")).isEqualTo("AVAILABLE");
    }
    assertThat(positions).hasSize(100);
    assertThat(ids).hasSize(100);
    return ids;
  }
}
