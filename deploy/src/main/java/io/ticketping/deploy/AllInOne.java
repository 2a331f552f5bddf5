package io.ticketping.deploy;

import io.ticketping.booking.BookingVerticle;
import io.ticketping.gateway.GatewayVerticle;
import io.ticketping.payment.PaymentVerticle;
import io.ticketping.payment.simulator.ProviderSimulator;
import io.ticketping.queue.QueueVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deploys every verticle into one Vert.x: the services first (so the gateway's first request finds them on the
 * event bus), then one gateway instance per core (or {@code http.instances}). Answers the deployment id of each.
 */
final class AllInOne {

  private AllInOne() {
  }

  static Future<Map<String, String>> deploy(Vertx vertx, JsonObject config) {
    DeploymentOptions one = new DeploymentOptions().setConfig(config).setInstances(1);
    Map<String, String> deployments = new LinkedHashMap<>();
    boolean simulator = config.getJsonObject("payment").getJsonObject("simulator").getBoolean("enabled");
    return vertx.deployVerticle(QueueVerticle.class, one).onSuccess(id -> deployments.put("queue", id))
      .compose(v -> vertx.deployVerticle(BookingVerticle.class, one)).onSuccess(id -> deployments.put("booking", id))
      .compose(v -> simulator ? vertx.deployVerticle(ProviderSimulator.class, one) : Future.succeededFuture(""))
      .onSuccess(id -> deployments.put("simulator", id))
      .compose(v -> vertx.deployVerticle(PaymentVerticle.class, one)).onSuccess(id -> deployments.put("payment", id))
      .compose(v -> vertx.deployVerticle(GatewayVerticle.class,
        new DeploymentOptions(one).setInstances(gatewayInstances(config))))
      .onSuccess(id -> deployments.put("gateway", id))
      .map(v -> deployments);
  }

  /** {@code http.instances}, or one gateway per core when it is 0. */
  private static int gatewayInstances(JsonObject config) {
    int configured = config.getJsonObject("http").getInteger("instances");
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }
}
