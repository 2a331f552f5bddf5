package io.ticketping.deploy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** One buyer's way through the system. */
final class Purchase {
  private final SystemFixture sys;
  long showId;
  long scheduleId;
  String token;
  String pass;
  String next;
  String orderId;
  long amount;
  long seatId;

  Purchase(SystemFixture sys) {
    this.sys = sys;
  }

  Future<Void> show(long[] ids) {
    showId = ids[0];
    scheduleId = ids[1];
    return Future.succeededFuture();
  }

  Future<Void> buyer(String accessToken) {
    token = accessToken;
    return sys.enter(showId, token).map(entered -> {
      pass = entered.getString("pass");
      if (pass == null) {
        throw new AssertionError("not admitted: " + entered);
      }
      return null;
    });
  }

  /** Holds the first available seat of the schedule. */
  Future<JsonObject> holdFirstSeat() {
    return sys.client.get("/api/v1/schedules/" + scheduleId + "/seats").send()
      .compose(seats -> {
        JsonObject seat = seats.bodyAsJsonObject().getJsonArray("seats").stream()
          .map(JsonObject.class::cast).filter(s -> "AVAILABLE".equals(s.getString("status"))).findFirst()
          .orElseThrow();
        seatId = seat.getLong("seatId");
        return sys.hold(token, pass, scheduleId, seatId);
      })
      .map(held -> {
        if (held.statusCode() != 201) {
          throw new AssertionError("hold: " + held.statusCode() + " " + held.bodyAsString());
        }
        orderId = held.bodyAsJsonObject().getString("orderId");
        amount = held.bodyAsJsonObject().getLong("amount");
        return held.bodyAsJsonObject();
      });
  }

  Future<JsonObject> order() {
    return sys.client.get("/api/v1/orders/" + orderId).bearerTokenAuthentication(token).send()
      .map(HttpResponse::bodyAsJsonObject);
  }

  Future<String> seatStatus() {
    return sys.client.get("/api/v1/schedules/" + scheduleId + "/seats").send()
      .map(seats -> seats.bodyAsJsonObject().getJsonArray("seats").stream().map(JsonObject.class::cast)
        .filter(s -> s.getLong("seatId") == seatId).findFirst().orElseThrow().getString("status"));
  }
}
