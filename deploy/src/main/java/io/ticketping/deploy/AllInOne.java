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

/**
 * Deploys every verticle into one Vert.x: the services first (so the gateway's first request finds them on the
 * event bus), then one gateway instance per core (or {@code http.instances}).
 */
final class AllInOne {

  private AllInOne() {
  }

  static Future<Void> deploy(Vertx vertx, JsonObject config) {
    DeploymentOptions shared = new DeploymentOptions().setConfig(config);
    return vertx.deployVerticle(QueueVerticle.class, new DeploymentOptions(shared).setInstances(1))
      .compose(queue -> vertx.deployVerticle(BookingVerticle.class, new DeploymentOptions(shared).setInstances(1)))
      .compose(booking -> config.getJsonObject("payment").getJsonObject("simulator").getBoolean("enabled")
        ? vertx.deployVerticle(ProviderSimulator.class, new DeploymentOptions(shared).setInstances(1))
        : Future.succeededFuture())
      .compose(simulator -> vertx.deployVerticle(PaymentVerticle.class, new DeploymentOptions(shared).setInstances(1)))
      .compose(booking -> vertx.deployVerticle(GatewayVerticle.class,
        new DeploymentOptions(shared).setInstances(gatewayInstances(config))))
      .mapEmpty();
  }

  /** {@code http.instances}, or one gateway per core when it is 0. */
  private static int gatewayInstances(JsonObject config) {
    int configured = config.getJsonObject("http").getInteger("instances");
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }
}
