package io.ticketping.payment;

import io.ticketping.payment.simulator.ProviderSimulator;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** The provider simulator deployed on a free port, answering in 1 ms, with the configuration pointed at it. */
final class SimulatedProvider {

  private SimulatedProvider() {
  }

  /**
   * Sets {@code payment.providerBaseUrl} and {@code payment.simulator} of {@code config} (changed in place, so that
   * what is deployed with it afterwards calls this simulator), deploys the simulator and returns its port.
   */
  static int deploy(Vertx vertx, JsonObject config) {
    int port = TestServers.freePort();
    JsonObject payment = config.getJsonObject("payment").put("providerBaseUrl", "http://127.0.0.1:" + port);
    payment.getJsonObject("simulator").put("port", port).put("latencyMs", 1);
    vertx.deployVerticle(new ProviderSimulator(), new DeploymentOptions().setConfig(config)).await();
    return port;
  }
}
