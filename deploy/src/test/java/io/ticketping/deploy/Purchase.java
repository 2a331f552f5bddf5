package io.ticketping.deploy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.UUID;

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

  /** A new buyer ({@code email}) of the demo show, admitted, holding its first free seat. */
  static Purchase holding(SystemFixture sys, String email) {
    Purchase p = new Purchase(sys);
    sys.demoShow(5).compose(p::show).await();
    p.buyer(sys.user(email).await()).await();
    p.holdFirstSeat().await();
    return p;
  }

  /** As {@link #holding}, and paid: the approval is in (booking applies it a moment later). */
  static Purchase approved(SystemFixture sys, String email) {
    Purchase p = holding(sys, email);
    HttpResponse<Buffer> paid = sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount)
      .await();
    if (!"APPROVED".equals(paid.bodyAsJsonObject().getString("status"))) {
      throw new AssertionError("payment: " + paid.statusCode() + " " + paid.bodyAsString());
    }
    return p;
  }

  /** A second order of the same buyer, with the same pass (hold it with {@link #holdFirstSeat()}). */
  Purchase another() {
    Purchase next = new Purchase(sys);
    next.showId = showId;
    next.scheduleId = scheduleId;
    next.token = token;
    next.pass = pass;
    return next;
  }

  /** Holds the first available seat of the schedule. */
  Future<JsonObject> holdFirstSeat() {
    return pickFirstSeat().compose(v -> hold()).map(held -> {
      if (held.statusCode() != 201) {
        throw new AssertionError("hold: " + held.statusCode() + " " + held.bodyAsString());
      }
      orderId = held.bodyAsJsonObject().getString("orderId");
      amount = held.bodyAsJsonObject().getLong("amount");
      return held.bodyAsJsonObject();
    });
  }

  /** Picks the first available seat of the schedule's map as this buyer's seat. */
  Future<Void> pickFirstSeat() {
    return sys.client.get("/api/v1/schedules/" + scheduleId + "/seats").send().map(seats -> {
      seatId = seats.bodyAsJsonObject().getJsonArray("seats").stream()
        .map(JsonObject.class::cast).filter(s -> "AVAILABLE".equals(s.getString("status"))).findFirst()
        .orElseThrow().getLong("seatId");
      return null;
    });
  }

  /** Asks to hold the picked seat; the answer as it is. */
  Future<HttpResponse<Buffer>> hold() {
    return sys.hold(token, pass, scheduleId, seatId);
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
