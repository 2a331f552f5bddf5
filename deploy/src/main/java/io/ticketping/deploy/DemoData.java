package io.ticketping.deploy;

import io.ticketping.shared.booking.BookingAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the dev run command adds so that the README's walk-through works at once: when there is no show yet, a demo
 * show on sale now, with 2 schedules of 1,000 seats (20 rows × 50, three grades) and its waiting room open.
 */
final class DemoData {

  private DemoData() {
  }

  static Future<String> ensure(Vertx vertx) {
    return vertx.eventBus().<JsonObject>request(BookingAddresses.LIST_SHOWS, new JsonObject().put("limit", 1))
      .compose(page -> page.body().getJsonArray("items").isEmpty()
        ? vertx.eventBus().<JsonObject>request(BookingAddresses.CREATE_SHOW, demoShow())
          .map(created -> "Demo show " + created.body().getLong("showId") + " created: 2 schedules x 1000 seats, "
            + "waiting room " + created.body().getJsonObject("queue").getString("state"))
        : Future.succeededFuture("Shows exist; no demo data added"));
  }

  static JsonObject demoShow() {
    Instant evening = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7)).plus(Duration.ofHours(19));
    return new JsonObject()
      .put("title", "TicketPing Live: Demo Night")
      .put("venue", "Olympic Hall")
      .put("saleOpensAt", Instant.now().minus(Duration.ofMinutes(1)).toString())
      .put("schedules", new JsonArray()
        .add(new JsonObject().put("startsAt", evening.toString()))
        .add(new JsonObject().put("startsAt", evening.plus(Duration.ofDays(1)).toString())))
      .put("layout", new JsonObject().put("rows", 20).put("cols", 50).put("grades", new JsonArray()
        .add(grade("VIP", 150_000, 1, 4))
        .add(grade("R", 110_000, 5, 12))
        .add(grade("S", 80_000, 13, 20))));
  }

  private static JsonObject grade(String name, long price, int firstRow, int lastRow) {
    JsonArray rows = new JsonArray();
    for (int row = firstRow; row <= lastRow; row++) {
      rows.add(row);
    }
    return new JsonObject().put("grade", name).put("price", price).put("rows", rows);
  }
}
