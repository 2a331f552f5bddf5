package io.ticketping.gateway.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The request-body schemas of the API, loaded once per verticle instance at start. */
public record Bodies(JsonBody signup, JsonBody login, JsonBody queueSettings) {

  public static Future<Bodies> load(Vertx vertx) {
    Future<JsonBody> signup = JsonBody.load(vertx, "signup");
    Future<JsonBody> login = JsonBody.load(vertx, "login");
    Future<JsonBody> queueSettings = JsonBody.load(vertx, "queue-settings");
    return Future.all(signup, login, queueSettings)
      .map(all -> new Bodies(signup.result(), login.result(), queueSettings.result()));
  }
}
