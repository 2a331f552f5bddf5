package io.ticketping.gateway;

import io.ticketping.gateway.HostileRequestsTest.Case;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Consumer;

import static io.ticketping.gateway.HostileRequestsTest.get;

/**
 * The booking rows of {@link HostileRequestsTest}: bad show, schedule and order ids, bad seat lists, bad layouts,
 * unknown things. The rows with auth "pass" carry a queue pass for show 1, so they get past the guard and reach the
 * booking service's own checks.
 */
final class HostileBookingCases {

  static final String SHOWS = "/api/v1/admin/shows";
  private static final String ORDERS = "/api/v1/orders";
  private static final String JSON = "application/json";

  private HostileBookingCases() {
  }

  /** The show the table's pass is for, its first schedule and a seat of its second; set once the show exists. */
  static long show;
  static long schedule;
  static long seatOfOtherSchedule;

  static void add(List<Case> c) {
    c.add(get("a show id that is not a number", "/api/v1/shows/abc", null, 400, "showId"));
    c.add(get("show id zero", "/api/v1/shows/0", null, 400, "showId"));
    c.add(get("a negative show id", "/api/v1/shows/-5", null, 400, "showId"));
    c.add(get("a show id beyond a long", "/api/v1/shows/99999999999999999999", null, 400, "showId"));
    c.add(get("a show id with SQL", "/api/v1/shows/1%20OR%201=1", null, 400, "showId"));
    c.add(get("an unknown show", "/api/v1/shows/99999999", null, 404));
    c.add(get("a schedule id that is not a number", "/api/v1/schedules/x/seats", null, 400, "scheduleId"));
    c.add(get("a fractional schedule id", "/api/v1/schedules/1.5/seats", null, 400, "scheduleId"));
    c.add(get("the seat map of an unknown schedule", "/api/v1/schedules/99999999/seats", null, 404));
    c.add(get("shows: limit zero", "/api/v1/shows?limit=0", null, 400, "limit"));
    c.add(get("shows: offset not a number", "/api/v1/shows?offset=x", null, 400, "offset"));
    String seats = "{\"scheduleId\":" + schedule + ",\"seatIds\":%s}";
    c.add(order("order: five seats", seats.formatted("[1,2,3,4,5]"), "user", 400, "seatIds"));
    c.add(order("order: the same seat twice", seats.formatted("[1,1]"), "user", 400, "seatIds"));
    c.add(order("order: no seats", seats.formatted("[]"), "user", 400, "seatIds"));
    c.add(order("order: seat ids as text", seats.formatted("[\"1\",\"2\"]"), "user", 400, "seatIds"));
    c.add(order("order: a fractional seat id", seats.formatted("[1.5]"), "user", 400, "seatIds"));
    c.add(order("order: seat id zero", seats.formatted("[0]"), "user", 400, "seatIds"));
    c.add(order("order: seatIds not an array", seats.formatted("\"1,2\""), "user", 400, "seatIds"));
    c.add(order("order: scheduleId missing", "{\"seatIds\":[1]}", "user", 400, "scheduleId"));
    c.add(order("order: scheduleId as text", "{\"scheduleId\":\"1\",\"seatIds\":[1]}", "user", 400, "scheduleId"));
    c.add(order("order: an unknown member", "{\"scheduleId\":1,\"seatIds\":[1],\"price\":0}", "user", 400, "price"));
    c.add(order("order: without a pass", seats.formatted("[1]"), "user", 401, null));
    c.add(order("order: without a token", seats.formatted("[1]"), null, 401, null));
    c.add(order("order: a seat of another schedule", seats.formatted("[" + seatOfOtherSchedule + "]"), "pass", 400,
      "seatIds"));
    c.add(order("order: an unknown seat", seats.formatted("[99999999]"), "pass", 400, "seatIds"));
    c.add(order("order: a seat id beyond a long", seats.formatted("[99999999999999999999]"), "pass", 400, "seatIds"));
    c.add(order("order: an unknown schedule", "{\"scheduleId\":99999999,\"seatIds\":[1]}", "pass", 404,
      null));
    c.add(new Case("pay without an Idempotency-Key", HttpMethod.POST, "/api/v1/payments", JSON,
      "{\"orderId\":\"00000000-0000-0000-0000-000000000001\",\"amount\":100}", "user", 400, "Idempotency-Key"));
    c.add(get("an order id that is not a UUID", ORDERS + "/abc", "user", 400, "orderId"));
    c.add(new Case("cancel an order id with SQL", HttpMethod.DELETE, ORDERS + "/1%27%20OR%20%271%27=%271", null, null,
      "user", 400, "orderId"));
    c.add(get("an unknown order", ORDERS + "/00000000-0000-0000-0000-000000000001", "user", 404));
    c.add(get("orders without a token", ORDERS, null, 401));
    c.add(new Case("create a show as a USER", HttpMethod.POST, SHOWS, JSON, show(s -> { }), "user", 403, null));
    c.add(show("show: title missing", s -> s.remove("title"), 400, "title"));
    c.add(show("show: a blank title", s -> s.put("title", "   "), 400, "title"));
    c.add(show("show: a title of 201 characters", s -> s.put("title", "t".repeat(201)), 400, "title"));
    c.add(show("show: saleOpensAt not a date", s -> s.put("saleOpensAt", "soon"), 400, "saleOpensAt"));
    c.add(show("show: saleOpensAt without a zone", s -> s.put("saleOpensAt", "2030-01-01T10:00:00"), 400, "saleOpensAt"));
    c.add(show("show: no schedules", s -> s.put("schedules", new JsonArray()), 400, "schedules"));
    c.add(show("show: a schedule start that is not a date", s -> s.getJsonArray("schedules").getJsonObject(0)
      .put("startsAt", "2030-02-30T19:00:00Z"), 400, "schedules.startsAt"));
    c.add(show("show: a schedule without a start", s -> s.getJsonArray("schedules").getJsonObject(0)
      .remove("startsAt"), 400, "schedules.startsAt"));
    c.add(show("show: layout missing", s -> s.remove("layout"), 400, "layout"));
    c.add(show("show: zero rows", s -> layout(s).put("rows", 0), 400, "layout.rows"));
    c.add(show("show: 101 rows", s -> layout(s).put("rows", 101), 400, "layout.rows"));
    c.add(show("show: zero cols", s -> layout(s).put("cols", 0), 400, "layout.cols"));
    c.add(show("show: cols as text", s -> layout(s).put("cols", "2"), 400, "layout.cols"));
    c.add(show("show: no grades", s -> layout(s).put("grades", new JsonArray()), 400, "layout.grades"));
    c.add(show("show: a row in two grades", s -> grade(s, 1).put("rows", new JsonArray().add(1).add(2)), 400,
      "layout.grades.rows"));
    c.add(show("show: a row without a grade", s -> layout(s).put("rows", 3), 400, "layout.grades.rows"));
    c.add(show("show: a row beyond the layout", s -> grade(s, 1).put("rows", new JsonArray().add(2).add(3)), 400,
      "layout.grades.rows"));
    c.add(show("show: row zero", s -> grade(s, 1).put("rows", new JsonArray().add(0)), 400, "layout.grades.rows"));
    c.add(show("show: a grade without rows", s -> grade(s, 1).put("rows", new JsonArray()), 400, "layout.grades.rows"));
    c.add(show("show: a negative price", s -> grade(s, 0).put("price", -1), 400, "layout.grades.price"));
    c.add(show("show: a grade listed twice", s -> grade(s, 1).put("grade", "VIP"), 400, "layout.grades.grade"));
    c.add(show("show: an unknown layout member", s -> layout(s).put("aisles", 2), 400, "layout.aisles"));
  }

  private static Case order(String name, String body, String auth, int status, String field) {
    return new Case(name, HttpMethod.POST, ORDERS, JSON, body, auth, status, field);
  }

  /** A create-show request by the admin: a valid 2×2 show, changed by {@code change}. */
  private static Case show(String name, Consumer<JsonObject> change, int status, String field) {
    return new Case(name, HttpMethod.POST, SHOWS, JSON, show(change), "admin", status, field);
  }

  private static String show(Consumer<JsonObject> change) {
    JsonObject show = BookingClient.show("Hostile show", 2, 2, 1);
    change.accept(show);
    return show.encode();
  }

  private static JsonObject layout(JsonObject show) {
    return show.getJsonObject("layout");
  }

  private static JsonObject grade(JsonObject show, int index) {
    return layout(show).getJsonArray("grades").getJsonObject(index);
  }
}
