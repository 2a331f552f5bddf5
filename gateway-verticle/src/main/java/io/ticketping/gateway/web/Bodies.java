package io.ticketping.gateway.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/** The request-body schemas of the API, loaded once per verticle instance at start. */
public record Bodies(JsonBody signup, JsonBody login, JsonBody queueSettings, JsonBody show, JsonBody order,
                     JsonBody payment) {

  public static Future<Bodies> load(Vertx vertx) {
    Future<JsonBody> signup = JsonBody.load(vertx, "signup");
    Future<JsonBody> login = JsonBody.load(vertx, "login");
    Future<JsonBody> queueSettings = JsonBody.load(vertx, "queue-settings");
    Future<JsonBody> show = JsonBody.load(vertx, "show");
    Future<JsonBody> order = JsonBody.load(vertx, "order");
    Future<JsonBody> payment = JsonBody.load(vertx, "payment");
    return Future.all(List.of(signup, login, queueSettings, show, order, payment))
      .map(all -> new Bodies(signup.result(), login.result(), queueSettings.result(), show.result(), order.result(),
        payment.result()));
  }
}
