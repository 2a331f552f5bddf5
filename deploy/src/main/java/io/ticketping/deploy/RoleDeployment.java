package io.ticketping.deploy;

import io.ticketping.booking.BookingVerticle;
import io.ticketping.gateway.GatewayVerticle;
import io.ticketping.gateway.health.MetricsRoute;
import io.ticketping.payment.PaymentVerticle;
import io.ticketping.payment.simulator.ProviderSimulator;
import io.ticketping.queue.QueueVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Deploys the verticles of some roles into one Vert.x: the services first (so the gateway's first request finds them
 * on the event bus), then one gateway instance per core (or {@code http.instances}). The provider simulator goes with
 * {@code payment} when {@code payment.simulator.enabled}. Answers the deployment id of each.
 */
final class RoleDeployment {

  private RoleDeployment() {
  }

  /** Every role: the whole system in one Vert.x. */
  static Future<Map<String, String>> deploy(Vertx vertx, JsonObject config) {
    return deploy(vertx, config, EnumSet.allOf(Role.class));
  }

  static Future<Map<String, String>> deploy(Vertx vertx, JsonObject config, Set<Role> roles) {
    DeploymentOptions one = new DeploymentOptions().setConfig(config).setInstances(1);
    Map<String, String> deployments = new LinkedHashMap<>();
    boolean simulator = roles.contains(Role.PAYMENT)
      && config.getJsonObject("payment").getJsonObject("simulator").getBoolean("enabled");
    Future<Void> chain = Future.succeededFuture();
    if (roles.contains(Role.QUEUE)) {
      chain = chain.compose(v -> vertx.deployVerticle(QueueVerticle.class, one))
        .map(id -> record(deployments, "queue", id));
    }
    if (roles.contains(Role.BOOKING)) {
      chain = chain.compose(v -> vertx.deployVerticle(BookingVerticle.class, one))
        .map(id -> record(deployments, "booking", id));
    }
    if (simulator) {
      chain = chain.compose(v -> vertx.deployVerticle(ProviderSimulator.class, one))
        .map(id -> record(deployments, "simulator", id));
    }
    if (roles.contains(Role.PAYMENT)) {
      chain = chain.compose(v -> vertx.deployVerticle(PaymentVerticle.class, one))
        .map(id -> record(deployments, "payment", id));
    }
    if (roles.contains(Role.GATEWAY)) {
      chain = chain.compose(v -> vertx.deployVerticle(GatewayVerticle.class,
          new DeploymentOptions(one).setInstances(gatewayInstances(config))))
        .map(id -> record(deployments, "gateway", id));
    }
    int healthPort = config.getJsonObject("http").getInteger("healthPort");
    if (!roles.contains(Role.GATEWAY) && healthPort > 0) {
      chain = chain.compose(v -> vertx.deployVerticle(RoleHealthVerticle.class, one))
        .map(id -> record(deployments, "health", id));
    }
    if (config.getJsonObject("metrics").getBoolean("enabled") && MetricsRoute.ownPort(config) > 0) {
      chain = chain.compose(v -> vertx.deployVerticle(MetricsVerticle.class, one))
        .map(id -> record(deployments, "metrics", id));
    }
    return chain.map(v -> deployments);
  }

  private static Void record(Map<String, String> deployments, String name, String id) {
    deployments.put(name, id);
    return null;
  }

  /** {@code http.instances}, or one gateway per core when it is 0. */
  private static int gatewayInstances(JsonObject config) {
    int configured = config.getJsonObject("http").getInteger("instances");
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }
}
