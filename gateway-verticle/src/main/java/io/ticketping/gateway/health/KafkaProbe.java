package io.ticketping.gateway.health;

import io.ticketping.shared.events.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;

/**
 * Whether the Kafka cluster answers: one {@code describeCluster} call, bounded by the admin client's own timeout.
 * The admin client is created on the first probe (a process that is never probed never connects) on a worker thread
 * (its constructor resolves the broker host names) and reused after; probes that arrive while one is running share
 * its answer, so a busy load balancer costs the broker one call at a time.
 */
public final class KafkaProbe {

  private final Vertx vertx;
  private final JsonObject config;
  private final long timeoutMs;
  private Future<KafkaAdminClient> admin;
  private Future<Void> running;

  public KafkaProbe(Vertx vertx, JsonObject config, long timeoutMs) {
    this.vertx = vertx;
    this.config = config;
    this.timeoutMs = timeoutMs;
  }

  /** Succeeds when a broker described the cluster within the timeout. */
  public synchronized Future<Void> check() {
    if (running != null && !running.isComplete()) {
      return running;
    }
    if (admin == null || admin.failed()) {
      admin = vertx.executeBlocking(() -> KafkaAdminClient.create(vertx, KafkaSettings.probe(config, timeoutMs)));
    }
    running = admin.compose(KafkaAdminClient::describeCluster).mapEmpty();
    return running;
  }

  public synchronized Future<Void> close() {
    return admin == null ? Future.succeededFuture() : admin.compose(KafkaAdminClient::close).otherwiseEmpty();
  }
}
