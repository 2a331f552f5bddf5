package io.ticketping.deploy;

import io.ticketping.shared.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.CountDownLatch;

/**
 * A cluster member with no role, for the cluster's own tests: joins as {@link ClusterSetup} makes a role JVM join, then
 * answers every message on {@link #ADDRESS} with the {@code from} of every message it has received so far, so that a
 * test can tell whose messages got through.
 */
final class ClusterProbe {

  static final String ADDRESS = "test.cluster-probe";

  private ClusterProbe() {
  }

  public static void main(String[] args) throws Exception {
    JsonObject config = AppConfig.load();
    Vertx vertx = ClusterSetup.start(config).await();
    JsonArray senders = new JsonArray();
    vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> m.reply(new JsonObject()
      .put("senders", senders.add(m.body().getString("from")).copy()))).completion().await();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
    System.out.println("Cluster probe joined the cluster");
    new CountDownLatch(1).await();
  }
}
